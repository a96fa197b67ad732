"""``{% deadline_form invoice %}``: the staff's form on the invoice page that moves an unpaid
invoice's payment deadline (NOPD-PAY-1); the page shows it only to those the policy allows."""

from django import template

from notifications.deadlines import payment_deadline
from notifications.forms import DeadlineForm

register = template.Library()


@register.inclusion_tag("notifications/_deadline_form.html")
def deadline_form(invoice):
    return {"invoice": invoice, "deadline": payment_deadline(invoice), "form": DeadlineForm()}
