"""The public quote page never answers 500 to bad input (PLAT-LIMIT-1): dates near the
calendar's limits, huge officer counts, NUL bytes and overlong values are refused next to
their field, naming the limit where there is one."""

import re

import pytest
import time_machine
from django.test import Client

from detailhire.limits import limit

NOW = "2027-02-01T09:00:00-06:00"

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


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def slot_text(page: str, slot: str) -> str:
    match = re.search(rf'id="{re.escape(slot)}_error"[^>]*>([^<]*)</p>', page)
    assert match, f"no error line {slot}_error"
    return match.group(1).strip()


@pytest.mark.parametrize(
    ("field", "value", "slot", "words"),
    [
        ("shift-0-date", "9999-12-31", "shift-0-date", "years ahead"),
        ("shift-0-date", "0001-01-01", "shift-0-date", "long past"),
        ("shift-0-date", "2027-03-10\x00", "shift-0-date", "yyyy-mm-dd"),
        ("shift-0-date", "2" * 5000, "shift-0-date", "yyyy-mm-dd"),
        ("shift-0-start", "18:00\x00", "shift-0-start", "start time"),
        ("shift-0-end", "99:99", "shift-0-end", "end time"),
        ("shift-0-officers", str(10**24), "shift-0-officers", "officers"),
        ("shift-0-officers", "40000", "shift-0-officers", "at most"),
        ("shift-0-officers", "2\x00", "shift-0-officers", "number"),
        ("shift-0-officers", "١٢", "shift-0-officers", "number"),
        ("job_type", "hourly\x00", "job_type", "job type"),
        ("rank", "x" * 5000, "rank", "rank"),
        ("tier", "\x00", "tier", "tier"),
    ],
)
@pytest.mark.parametrize("url", ["/a/nopd/quote/", "/a/nopd/quote/preview/"])
def test_bad_values_are_named_next_to_their_field_plat_limit_1(
    cards, url, field, value, slot, words
):
    """PLAT-LIMIT-1."""
    response = Client().post(url, {**FORM, field: value})
    assert response.status_code == 200
    page = response.content.decode()
    assert words in slot_text(page, slot).lower()
    assert "$434.64" not in page


def test_the_officer_limit_is_named_plat_limit_1(cards):
    """PLAT-LIMIT-1: the message names the site's bound."""
    most = limit("officers_per_shift")
    page = Client().post("/a/nopd/quote/preview/", {**FORM, "shift-0-officers": str(most + 1)})
    assert str(most) in slot_text(page.content.decode(), "shift-0-officers")


@pytest.mark.parametrize(
    "changes",
    [
        {"shift_count": "9" * 40},
        {"shift_count": "\x00"},
        {"action": "remove_shift:" + "9" * 40},
        {"action": "add_shift", "shift-0-date": "9999-12-31"},
        {"add_ons": "\x00"},
    ],
)
def test_odd_form_values_never_answer_500_plat_limit_1(cards, changes):
    """PLAT-LIMIT-1."""
    for url in ("/a/nopd/quote/", "/a/nopd/quote/preview/"):
        assert Client().post(url, {**FORM, **changes}).status_code == 200
