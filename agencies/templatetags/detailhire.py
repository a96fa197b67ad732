"""Template filters for money, hours, times and phone links (see agencies.formatting)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from agencies import formatting
from agencies.presentation import ADDON_UNITS, rule_anchor

register = template.Library()


@register.filter
def money(value, currency="USD"):
    """``{{ quote.total|money:card.currency }}`` -> "$434.64"."""
    return formatting.money(value, currency or "USD")


@register.filter
def rate(value, currency="USD"):
    """``{{ line.admin_fee_rate|rate:quote.currency }}``: "$8.00", or "$5.098" when finer."""
    return formatting.rate(value, currency or "USD")


@register.filter
def hours(value):
    return formatting.hours(value)


@register.filter
def duration(value):
    return formatting.duration(value)


@register.filter
def tel(number):
    return formatting.tel_href(number or "")


@register.simple_tag
def span(starts_at, ends_at, time_zone):
    """``{% span shift.starts_at shift.ends_at card.time_zone %}``."""
    return formatting.span(starts_at, ends_at, time_zone)


@register.simple_tag
def moment(value, time_zone):
    return formatting.moment(value, time_zone)


@register.filter
def addon_unit(kind):
    return ADDON_UNITS.get(kind, "")


@register.filter
def addon_price(add_on, currency="USD"):
    """What an add-on costs in words: "$10.00 per officer per hour", "$15.00 per cruiser per
    hour (up to 4)", "$40.00 the first hour, then $20.00 per hour, per vehicle (up to 20)"."""
    from agencies.presentation import add_on_price

    return add_on_price(add_on, currency or "USD")


@register.filter
def quantity_in(form, code):
    """The quantity typed for the add-on ``code`` on a quote form ("" when none)."""
    return getattr(form, "quantities", {}).get(code, "")


@register.filter
def effect(value, card):
    """A calendar or notice effect in words: ``{{ rule.effect|effect:card }}``."""
    from agencies.presentation import effect_words

    return effect_words(card, value) or "noted on the quote"


@register.simple_tag
def rule_link(rule, agency):
    """A rule ID a quote cites, linked to its plain words on the agency's rates page."""
    url = reverse("agencies:rates", args=[agency.slug]) + "#" + rule_anchor(rule)
    return format_html(
        '<a class="rule" href="{}" title="{} in plain words on the rates page">{}</a>',
        url,
        rule,
        rule,
    )
