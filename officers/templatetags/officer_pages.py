"""Officer pieces for other pages (ODM-PORTAL-1): the customer's job page shows attendance and
field notes with their media through these tags::

    {% load officer_pages %}
    {% job_attendance job %}
    {% job_field_notes job %}

Each renders its include (``officers/_job_attendance.html``, ``officers/_job_field_notes.html``)
with the job's rows read in the caller's tenant scope."""

from django import template

from officers.services.attendance import attendance_for_job
from officers.services.notes import notes_for_job

register = template.Library()


@register.inclusion_tag("officers/_job_attendance.html")
def job_attendance(job):
    return {"attendance": attendance_for_job(job), "time_zone": job.agency.time_zone}


@register.inclusion_tag("officers/_job_field_notes.html")
def job_field_notes(job):
    return {"field_notes": notes_for_job(job), "time_zone": job.agency.time_zone}
