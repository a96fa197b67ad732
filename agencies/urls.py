from django.urls import path

from agencies import manage, manage_logo, views

app_name = "agencies"

urlpatterns = [
    path("<slug:slug>/", views.agency_detail, name="detail"),
    path("<slug:slug>/rates/", views.agency_rates, name="rates"),
    path("<slug:slug>/quote/", views.agency_quote, name="quote"),
    path("<slug:slug>/quote/preview/", views.agency_quote_preview, name="quote-preview"),
    path("<slug:slug>/logo/", manage_logo.agency_logo, name="logo"),
    # the agency admin's pages
    path("<slug:agency_slug>/manage/", manage.home, name="manage"),
    path("<slug:agency_slug>/manage/profile/", manage.profile, name="manage-profile"),
    path(
        "<slug:agency_slug>/manage/profile/logo/",
        manage_logo.profile_logo,
        name="manage-profile-logo",
    ),
    path("<slug:agency_slug>/manage/staff/", manage.staff, name="manage-staff"),
    path(
        "<slug:agency_slug>/manage/staff/<int:pk>/remove/",
        manage.staff_remove,
        name="manage-staff-remove",
    ),
    path("<slug:agency_slug>/manage/card/", manage.card_versions, name="manage-card"),
    path(
        "<slug:agency_slug>/manage/card/v<int:version>.json",
        manage.card_export,
        name="manage-card-export",
    ),
    path("<slug:agency_slug>/manage/card/draft/", manage.draft, name="manage-draft"),
    path("<slug:agency_slug>/manage/card/draft/start/", manage.draft_start, name="manage-start"),
    path(
        "<slug:agency_slug>/manage/card/draft/preview/",
        manage.draft_preview,
        name="manage-preview",
    ),
    path(
        "<slug:agency_slug>/manage/card/draft/publish/",
        manage.draft_publish,
        name="manage-publish",
    ),
    path("<slug:agency_slug>/manage/card/draft/import/", manage.draft_import, name="manage-import"),
    path(
        "<slug:agency_slug>/manage/card/draft/discard/",
        manage.draft_discard,
        name="manage-discard",
    ),
]
