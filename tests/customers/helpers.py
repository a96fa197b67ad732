"""Form bodies and page readers for the customer page tests."""

from __future__ import annotations

import html
import re

from tests.factories import job_count

__all__ = ["asheville_form", "error_text", "field_error", "job_count", "nopd_form", "text_of"]


def nopd_form(**changes) -> dict:
    """The request page's form: 2 officers, Wed 7 April 2027 6-10 PM Central, Tier 3 (434.64)."""
    data = {
        "agency": "nopd",
        "title": "Gallery opening",
        "category": "event_security",
        "address": "400 Julia St, New Orleans LA",
        "site_contact_name": "Dana Lee",
        "site_contact_phone": "(504) 555-0101",
        "post_orders": "Front door; no re-entry after 9 PM.",
        "shift_count": "1",
        "shift-0-date": "2027-04-07",
        "shift-0-start": "18:00",
        "shift-0-end": "22:00",
        "shift-0-officers": "2",
        "job_type": "hourly",
        "rank": "officer",
        "tier": "3",
        "repeat_weeks": "",
        "idempotency_key": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "action": "request",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def asheville_form(**changes) -> dict:
    """2 officers, Wed 10 March 2027 10 AM-6 PM Eastern, regular rate (828.00)."""
    data = nopd_form(
        agency="asheville",
        title="Spring market",
        address="1 Pack Square, Asheville NC",
        **{"shift-0-date": "2027-03-10", "shift-0-start": "10:00", "shift-0-end": "18:00"},
    )
    data.pop("tier")
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def error_text(response, slot: str) -> str:
    """The message on the error line of the field ``slot`` (its id and "_error")."""
    body = response.content.decode()
    match = re.search(rf'id="{re.escape(slot)}_error"[^>]*>(.*?)</p>', body, re.S)
    assert match, f"no error line {slot}_error on the page"
    return html.unescape(match.group(1)).strip()


def field_error(response, field_id: str) -> str:
    """The message under a Django form field (_field.html): ``<id>_error``."""
    body = response.content.decode()
    match = re.search(rf'id="{re.escape(field_id)}_error">(.*?)</p>', body, re.S)
    assert match, f"no error line for {field_id}"
    return html.unescape(match.group(1)).strip()


def text_of(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))
