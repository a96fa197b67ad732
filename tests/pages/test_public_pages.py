"""The public pages: home, agency, rates (always from the current card) and the live quote."""

import re

import pytest
import time_machine
from django.test import Client

NOW = "2027-02-01T09:00:00-06:00"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=False)


def text_of(response) -> str:
    return response.content.decode()


def test_home_lists_the_agencies_with_quote_buttons(cards, client):
    page = text_of(client.get("/"))
    assert "/a/nopd/quote/" in page and "/a/asheville/quote/" in page
    assert "Get a quote" in page
    assert "/accounts/login/" in page and "/accounts/signup/" in page
    assert "css/app.css" in page


def test_agency_page_shows_contact_numbers_as_phone_links(cards, client):
    """NOPD-COORD-1: office and after-hours numbers shown to customers."""
    response = client.get("/a/nopd/")
    assert response.status_code == 200
    page = text_of(response)
    assert 'href="tel:+15046588757"' in page
    assert 'href="tel:+15049069992"' in page
    assert "/a/nopd/rates/" in page and "/a/nopd/quote/" in page
    assert "48 hours before the scheduled start" in page  # NOPD-PAY-1 in words


def test_asheville_page_shows_the_toll_free_number(cards, client):
    """ODM-CONTACT-1: the 24/7 toll-free number."""
    page = text_of(client.get("/a/asheville/"))
    assert 'href="tel:+18776368300"' in page


def test_unknown_agency_pages_are_404(cards, client):
    for url in ("/a/atlantis/", "/a/atlantis/rates/", "/a/atlantis/quote/"):
        assert client.get(url).status_code == 404


def test_nopd_rates_page_is_the_rank_by_tier_table(cards, client):
    """NOPD-RATE-1 table rendered from the card; NOPD-TASK-1 and NOPD-SUP-1 examples badged;
    NOPD-HOL-1 holidays listed with dates; NOPD-TIER-1 tiers explained."""
    response = client.get("/a/nopd/rates/")
    assert response.status_code == 200
    page = text_of(response)
    for price in ("$45.00", "$54.33", "$57.10", "$60.00", "$64.00", "$76.00", "$103.00"):
        assert price in page
    assert "$46.33 pay + $8.00 fee" in page
    assert "Example values" in page
    assert "Choosing a tier" in page
    assert "Mardi Gras" in page and "Lundi Gras" in page
    assert "Tue Feb 9" in page  # Mardi Gras 2027
    assert "Veterans Day" not in page
    assert "Supervision" in page
    # NOPD prohibits no kind of work: no empty "cannot do" heading; the reviewed kind is listed
    assert "Work officers cannot do" not in page
    assert "Work a coordinator reviews first" in page and "“Not sure / other”" in page
    assert "Minimums and limits" in page  # the longest shift is a limit, not a minimum


def test_asheville_rates_page_shows_regular_holiday_emergency(cards, client):
    """ODM-RATE-1: $51.75 / $77.63 / $63.25; ODM-HOL-1 includes Veterans Day; ODM-PROHIB-1."""
    page = text_of(client.get("/a/asheville/rates/"))
    for price in ("$51.75", "$77.63", "$63.25", "$45.00 pay + $6.75 fee"):
        assert price in page
    assert "Veterans Day" in page
    assert "Work officers cannot do" in page
    assert "4 hours" in page  # ODM-MIN-1


def test_rates_page_follows_the_current_card(cards, client):
    """The rates page is always up to date: a new card version shows at once."""
    from dataclasses import replace
    from decimal import Decimal

    from agencies.ratecards import current_card, save_card

    card = current_card("nopd")
    rates = tuple(
        replace(r, officer_pay=Decimal("47.33")) if r.officer_pay == Decimal("46.33") else r
        for r in card.rates
    )
    save_card(replace(card, rates=rates))
    page = text_of(client.get("/a/nopd/rates/"))
    assert "$55.33" in page
    assert "$54.33" not in page


def test_quote_page_shows_a_first_quote_and_the_tier_explanations(cards, client):
    """ODM-QUOTE-1: no account needed; NOPD-TIER-1: each tier explained on the form."""
    response = client.get("/a/nopd/quote/")
    assert response.status_code == 200
    page = text_of(response)
    assert 'hx-post="/a/nopd/quote/preview/"' in page
    assert 'hx-trigger="input changed delay:300ms, change"' in page
    assert '<label for="shift-0-date">Date</label>' in page
    assert "Tier 3" in page and "tier-description" in page
    assert "Total" in page and "Estimated" not in page  # the quote is exact
    assert "/accounts/signup/?next=%2Fjobs%2Fnew%2F%3Fagency%3Dnopd" in page


FORM = {
    "shift_count": "1",
    "shift-0-date": "2027-03-10",
    "shift-0-start": "18:00",
    "shift-0-end": "22:00",
    "shift-0-officers": "2",
    "rank": "officer",
    "tier": "3",
    "job_type": "hourly",
}


def test_htmx_preview_returns_itemized_lines(cards, client):
    """PLAT-QUOTE-1: the lines in plain words, with rates, hours and rule IDs; "$434.64"."""
    response = client.post("/a/nopd/quote/preview/", FORM, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = text_of(response)
    assert "<html" not in page
    assert "$434.64" in page
    assert "$370.64 officer pay" in page and "$64.00 admin fee" in page
    assert "Wed Mar 10, 6:00-10:00 PM CST" in page
    assert "8 officer-hours" in page and "$46.33 pay + $8.00 fee" in page
    assert "NOPD-RATE-1" in page
    assert 'id="shift-0-officers_error"' in page and 'hx-swap-oob="true"' in page


def test_htmx_preview_shows_the_error_next_to_the_field(cards, client):
    response = client.post("/a/nopd/quote/preview/", {**FORM, "shift-0-officers": "0"})
    page = text_of(response)
    slot = r'<p class="field-error[^"]*"[^>]* id="shift-0-officers_error"[^>]*>([^<]+)</p>'
    match = re.search(slot, page)
    assert match, page
    assert match.group(1).strip()
    assert "$434.64" not in page


def test_a_past_start_is_refused_with_words(cards, client):
    """NOPD-LEAD-1: a start already past is refused."""
    page = text_of(client.post("/a/nopd/quote/preview/", {**FORM, "shift-0-date": "2027-01-05"}))
    assert re.search(r'id="shift-0-(date|start)_error"[^>]*>[^<]+</p>', page), page


def test_short_notice_warns(cards, client):
    """NOPD-LEAD-1: less than 7 days' notice is accepted with a warning."""
    page = text_of(client.post("/a/nopd/quote/preview/", {**FORM, "shift-0-date": "2027-02-03"}))
    assert 'class="warnings"' in page


def test_add_shift_copies_the_last_one_a_day_later(cards, client):
    page = text_of(client.post("/a/nopd/quote/preview/", {**FORM, "action": "add_shift"}))
    assert 'id="shifts"' in page and 'hx-swap-oob="true"' in page
    assert 'value="2027-03-11"' in page
    assert "$869.28" in page  # two identical shifts


def test_quote_form_works_without_javascript(cards, client):
    response = client.post("/a/nopd/quote/", FORM)
    assert response.status_code == 200
    page = text_of(response)
    assert "<html" in page and "$434.64" in page
    page = text_of(client.post("/a/nopd/quote/", {**FORM, "action": "add_shift"}))
    assert 'name="shift-1-date"' in page and 'value="2027-03-11"' in page
    two = {
        **FORM,
        "shift_count": "2",
        "shift-1-date": "2027-03-11",
        "shift-1-start": "18:00",
        "shift-1-end": "22:00",
        "shift-1-officers": "2",
        "action": "remove_shift:0",
    }
    page = text_of(client.post("/a/nopd/quote/", two))
    assert 'name="shift-1-date"' not in page and "$434.64" in page


def test_overnight_shift_ends_the_next_morning(cards, client):
    page = text_of(
        client.post(
            "/a/asheville/quote/preview/",
            {**FORM, "shift-0-start": "22:00", "shift-0-end": "02:00", "tier": ""},
        )
    )
    assert "Wed Mar 10, 10:00 PM-Thu Mar 11, 2:00 AM EST" in page


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/confirm-email/",
    ],
)
def test_account_pages_use_the_site_layout(db, client, url):
    response = client.get(url)
    assert response.status_code == 200
    page = text_of(response)
    assert "css/app.css" in page and "site-header" in page and "auth-main" in page


def test_rule_codes_on_a_quote_link_to_the_rule_in_plain_words(cards, client):
    """The codes on quote lines (NOPD-RATE-1, NOPD-TIER-1) link to the agency's rates page,
    where each has its anchor and the card's terms in plain words."""
    page = text_of(client.post("/a/nopd/quote/preview/", FORM, HTTP_HX_REQUEST="true"))
    links = re.findall(r'<a class="rule" href="([^"]+)"[^>]*>([A-Z0-9-]+)</a>', page)
    assert ("/a/nopd/rates/#rule-nopd-rate-1", "NOPD-RATE-1") in links
    assert ("/a/nopd/rates/#rule-nopd-tier-1", "NOPD-TIER-1") in links
    rates = text_of(client.get("/a/nopd/rates/"))
    for href, rule in links:
        anchor = href.split("#", 1)[1]
        assert f'<div id="{anchor}"><dt><span class="rule">{rule}</span></dt><dd>' in rates, rule
    fee = "an admin fee of $8.00 per billed officer hour"
    assert f"officer pay by rank and tier, plus {fee}" in rates
    assert "Holiday: at least Tier 3 (a higher tier you chose stays), for the hours" in rates
    asheville = text_of(client.get("/a/asheville/rates/"))
    assert 'id="rule-odm-min-1"' in asheville and "billed at least 4 hours per shift" in asheville
