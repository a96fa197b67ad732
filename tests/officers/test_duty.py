"""Regular duty counts like details (PLAT-DUTY-1): the agency admin imports duty schedules from a
CSV file with a preview; claims that overlap regular duty, or pass the hour caps only with it
counted, are refused in words."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from detailhire.errors import ConflictError, DomainError
from officers.models import DutyShift
from officers.services import duty
from officers.services.claims import claim_position
from tests.fixtures import browser_client
from tests.officers.helpers import book, local, officer, positions

pytestmark = pytest.mark.usefixtures("demo")


def claim(position, n: int):
    return claim_position(position.pk, actor=officer(n).user)


def import_csv(demo, text: str, *, confirm: bool):
    client = browser_client(demo.admin("nopd"))
    upload = SimpleUploadedFile("duty.csv", text.encode(), "text/csv")
    response = client.post(reverse("officers:staff-duty"), {"document": upload})
    if not confirm or response.status_code != 200:
        return response
    return client.post(
        reverse("officers:staff-duty"), {"text": response.context["text"], "confirm": "1"}
    )


def schedule(badge: str) -> str:
    return f"badge,date,start,end\n{badge},2027-03-09,07:00,15:00\n{badge},2027-03-10,23:00,07:00\n"


def test_a_claim_overlapping_regular_duty_is_refused_plat_duty_1(demo):
    """PLAT-DUTY-1: the import is previewed, then applied; the overlap is refused in words."""
    badge = officer(1).badge_number
    preview = import_csv(demo, schedule(badge), confirm=False)
    assert preview.status_code == 200
    assert [c.added for c in preview.context["changes"]] == [2]
    assert not DutyShift._base_manager.exists()  # a preview changes nothing
    applied = import_csv(demo, schedule(badge), confirm=True)
    assert applied.status_code == 302
    assert DutyShift._base_manager.filter(officer=officer(1)).count() == 2
    night = DutyShift._base_manager.get(starts_at=local(2027, 3, 10, 23))
    assert night.ends_at == local(2027, 3, 11, 7)
    with scopes_disabled():
        assert AuditEvent.objects.filter(event_type="duty.imported").count() == 1

    gate = book("Warehouse gate", ((local(2027, 3, 9, 14), local(2027, 3, 9, 18), 1),))
    with pytest.raises(ConflictError) as refused:
        claim(positions(gate)[0], 1)
    assert str(refused.value) == ("This overlaps your regular duty, 7:00 AM-3:00 PM on Tue Mar 9.")
    after = book("After duty", ((local(2027, 3, 9, 15), local(2027, 3, 9, 19), 1),))
    assert claim(positions(after)[0], 1).state == "active"


def test_a_claim_over_the_cap_only_with_regular_duty_counted_is_refused_plat_duty_1(demo):
    """PLAT-DUTY-1 with NOPD-CAP-1: 8 h of duty + 8 h of details is the 16 h in 24 h limit; one
    more hour of detail passes it only because the duty counts."""
    badge = officer(1).badge_number
    import_csv(demo, schedule(badge), confirm=True)
    evening = book("Evening", ((local(2027, 3, 9, 15), local(2027, 3, 9, 23), 1),))
    claim(positions(evening)[0], 1)  # 7-15 duty + 15-23 detail: 16 h
    late = book("Late", ((local(2027, 3, 9, 23), local(2027, 3, 10, 1), 1),))
    with pytest.raises(ConflictError) as refused:
        claim(positions(late)[0], 1)
    assert str(refused.value) == (
        "This would make 18 h in 24 h; the limit is 16, counting regular duty."
    )
    # another officer without duty may take it
    assert claim(positions(late)[0], 2).state == "active"


def test_reimporting_replaces_the_days_the_file_covers_plat_duty_1(demo):
    """PLAT-DUTY-1: a corrected file replaces the officer's shifts on its days only."""
    badge = officer(1).badge_number
    import_csv(demo, schedule(badge) + f"{badge},2027-03-20,07:00,15:00\n", confirm=True)
    corrected = f"badge,date,start,end\n{badge},2027-03-09,08:00,16:00\n"
    preview = import_csv(demo, corrected, confirm=False)
    (change,) = preview.context["changes"]
    assert (change.added, change.removed, change.kept) == (1, 1, 0)
    import_csv(demo, corrected, confirm=True)
    starts = sorted(d.starts_at for d in DutyShift._base_manager.filter(officer=officer(1)))
    assert starts == [local(2027, 3, 9, 8), local(2027, 3, 10, 23), local(2027, 3, 20, 7)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("date,start\n", "The first line must be the header"),
        ("badge,date,start,end\n9999,2027-03-09,07:00,15:00\n", "Line 2: no officer"),
        ("badge,date,start,end\nB,2027-13-09,07:00,15:00\n", "Line 2: the date"),
        ("badge,date,start,end\nB,2027-03-09,7am,15:00\n", "Line 2: the start time"),
        ("badge,date,start,end\nB,3027-03-09,07:00,15:00\n", "Line 2: the date must be between"),
    ],
)
def test_a_bad_file_is_refused_naming_the_line_and_nothing_changes_plat_limit_1(
    demo, text, message
):
    """PLAT-LIMIT-1: bounded, read whole, refused in words."""
    text = text.replace("B,", officer(1).badge_number + ",")
    response = import_csv(demo, text, confirm=False)
    assert response.status_code == 400
    assert message.encode() in response.content
    assert not DutyShift._base_manager.exists()


def test_only_the_agency_admin_imports_duty(demo):
    assert (
        browser_client(demo.coordinator("nopd")).get(reverse("officers:staff-duty")).status_code
        == 403
    )
    assert browser_client(demo.admin("nopd")).get(reverse("officers:staff-duty")).status_code == 200
    with pytest.raises(DomainError):
        duty.read_duty_csv(
            "badge,date,start,end\n", "America/Chicago", today=local(2027, 3, 1).date()
        )


def test_the_csv_names_an_officer_by_badge_or_email_plat_duty_1(demo):
    """PLAT-DUTY-1: one import path for both readers; an officer is found by badge or email."""
    email = officer(2).user.email.upper()
    text = schedule(officer(1).badge_number) + f"{email},2027-03-09,07:00,15:00\n"
    preview = import_csv(demo, text, confirm=False)
    assert preview.status_code == 200
    assert sorted(c.added for c in preview.context["changes"]) == [1, 2]
    assert import_csv(demo, text, confirm=True).status_code == 302
    assert DutyShift._base_manager.filter(officer=officer(2)).count() == 1
