"""The Django admin edits rate cards; every save is validated as a whole card and is served by
current_card at once."""

from datetime import date

import pytest
from django.urls import reverse

from agencies import models as m
from agencies import ratecards

from .sample import PROFILE, sample_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        email="root@example.com", password="pw-123456"
    )
    client.force_login(user)
    return client


def _field_value(bound):
    value = bound.value()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    return str(value)


def _form_data(form) -> dict:
    data = {}
    for name in form.fields:
        value = _field_value(form[name])
        if value is not None:
            data[form.add_prefix(name)] = value
    return data


def _post_data(response) -> dict:
    """The change form as the browser would submit it unchanged."""
    context = response.context
    data = _form_data(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset.initial_forms:
            data.update(_form_data(form))
    return data


def _change_url(model):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[model.pk])


def test_admin_pages_open(admin_client):
    stored = ratecards.save_card(sample_card(), PROFILE)
    rule = m.CalendarRule.objects.get(card=stored, code="holiday")
    charge_rule = m.CancellationRule.objects.get(card=stored, code="late")
    for url in (
        reverse("admin:agencies_ratecard_changelist"),
        reverse("admin:agencies_ratecard_add"),
        _change_url(stored),
        _change_url(rule),
        _change_url(charge_rule),
        _change_url(stored.agency),
        reverse("admin:agencies_agency_changelist"),
        reverse("admin:agencies_staffmembership_changelist"),
    ):
        assert admin_client.get(url).status_code == 200, url


def test_an_admin_edit_is_served_at_once(admin_client):
    stored = ratecards.save_card(sample_card(), PROFILE)
    assert ratecards.current_card("sample", on=date(2026, 2, 1)).fee.cap.__str__() == "9.99"
    url = _change_url(stored)
    data = _post_data(admin_client.get(url))
    data["fee_cap"] = "7.50"
    data["rates-0-officer_pay"] = "41.00"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    card = ratecards.current_card("sample", on=date(2026, 2, 1))
    assert str(card.fee.cap) == "7.50"
    assert str(card.rates[0].officer_pay) == "41.00"
    assert card.calendar == sample_card().calendar, "rows nested under the inlines are kept"
    assert card.version == 1


def test_an_inconsistent_card_is_refused_and_nothing_changes(admin_client):
    stored = ratecards.save_card(sample_card(), PROFILE)
    before = ratecards.current_card("sample", on=date(2026, 2, 1))
    url = _change_url(stored)
    data = _post_data(admin_client.get(url))
    data["fee_cap"] = "7.50"
    data["rates-0-rank"] = "colonel"  # no such rank on this card
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert any("rates[0].rank" in e and "colonel" in e for e in errors), errors
    assert ratecards.card_from_model(ratecards.load_model(stored.pk)) == before
    assert ratecards.current_card("sample", on=date(2026, 2, 1)) == before


def test_save_as_new_stores_the_next_version_with_nested_rows(admin_client):
    stored = ratecards.save_card(sample_card(), PROFILE)
    url = _change_url(stored)
    data = _post_data(admin_client.get(url))
    data["effective_from"] = "2026-09-01"
    data["notes"] = "Autumn"
    data["_saveasnew"] = "Save as new"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert ratecards.current_card("sample", on=date(2026, 8, 31)).version == 1
    autumn = ratecards.current_card("sample", on=date(2026, 9, 1))
    assert autumn.version == 2 and autumn.notes == "Autumn"
    assert autumn.calendar == sample_card().calendar
    assert autumn.cancellation == sample_card().cancellation
    assert m.RateCard.objects.get(version=2).created_by.email == "root@example.com"


def test_editing_a_calendar_rules_dates(admin_client):
    stored = ratecards.save_card(sample_card(), PROFILE)
    ratecards.current_card("sample", on=date(2026, 2, 1))
    rule = m.CalendarRule.objects.get(card=stored, code="holiday")
    url = _change_url(rule)
    data = _post_data(admin_client.get(url))
    data["dates-1-end"] = "2026-08-20"
    assert admin_client.post(url, data).status_code == 302
    card = ratecards.current_card("sample", on=date(2026, 2, 1))
    assert card.calendar[0].dates[1].end == date(2026, 8, 20)
    data["dates-1-end"] = "2026-08-01"  # before its start
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert ratecards.current_card("sample", on=date(2026, 2, 1)).calendar[0].dates[1].end == date(
        2026, 8, 20
    )


def test_deleting_a_rank_still_in_use_is_refused(admin_client):
    stored = ratecards.save_card(sample_card(), PROFILE)
    url = _change_url(stored)
    data = _post_data(admin_client.get(url))
    data["ranks-1-DELETE"] = "on"  # the sergeant, named by rates and supervision rows
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert m.Rank.objects.filter(card=stored, code="sergeant").exists()


def _editable_columns(model, skip=()):
    return {
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "column", None) and f.editable and not f.primary_key and f.name not in skip
    }


def test_the_forms_show_every_column():
    """ "Save as new" copies only what the forms show: no column may be left out."""
    from agencies.admin import CalendarDateInline, CancellationChargeInline, RateCardAdmin

    for inline in [*RateCardAdmin.inlines, CalendarDateInline, CancellationChargeInline]:
        missing = _editable_columns(inline.model, skip=("card", "rule")) - set(inline.fields)
        assert not missing, (inline.__name__, missing)
    shown = {name for _title, options in RateCardAdmin.fieldsets for name in options["fields"]}
    assert not _editable_columns(m.RateCard, skip=("created_by",)) - shown
