"""Officer pages under /officer/ and the staff pages under /staff/ (included at the site root)."""

from django.urls import path

from officers import views

app_name = "officers"

urlpatterns = [
    path("officer/", views.officer_home, name="home"),
    path("officer/board/", views.board, name="board"),
    path("officer/board/<int:pk>/claim/", views.claim, name="claim"),
    path("officer/schedule/", views.schedule, name="schedule"),
    path("officer/schedule/calendar/new/", views.ical_regenerate, name="ical-regenerate"),
    path("officer/ical/<slug:token>.ics", views.ical_feed, name="ical-feed"),
    path("officer/assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path(
        "officer/assignments/<int:pk>/withdraw/",
        views.assignment_withdraw,
        name="assignment-withdraw",
    ),
    path("officer/assignments/<int:pk>/check-in/", views.check_in, name="check-in"),
    path("officer/assignments/<int:pk>/check-out/", views.check_out, name="check-out"),
    path(
        "officer/assignments/<int:pk>/check-out/undo/",
        views.undo_check_out,
        name="undo-check-out",
    ),
    path("officer/assignments/<int:pk>/notes/", views.add_note, name="add-note"),
    path("officer/profile/", views.profile, name="profile"),
    path("field-media/<int:pk>/", views.field_media, name="field-media"),
    path("staff/officers/", views.staff_officers, name="staff-officers"),
    path("staff/officers/<int:pk>/", views.staff_officer_edit, name="staff-officer-edit"),
    path("staff/attendance/", views.staff_attendance, name="staff-attendance"),
    path("staff/duty/", views.staff_duty, name="staff-duty"),
    path("staff/duty/calendar/", views.staff_duty_feed, name="staff-duty-feed"),
    path(
        "staff/assignments/<int:pk>/check-out/undo/",
        views.staff_undo_check_out,
        name="staff-undo-check-out",
    ),
]
