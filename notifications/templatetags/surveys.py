"""``{% job_survey job %}``: the customer's survey answers on the job page (NOPD-SURVEY-1)."""

from django import template

from notifications.surveys import answers_for

register = template.Library()


@register.inclusion_tag("notifications/_survey_answers.html")
def job_survey(job):
    return {"survey": answers_for(job)}
