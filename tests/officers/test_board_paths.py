"""The API's job board (``board_page``: the board's one query compiled once per shape and run as a
prepared statement) selects and renders exactly what the query ``open_positions_for`` selects:
rank, supervisor role, specialty, the preferred officers' window (NOPD-REL-1), the filters, the
order and the paging."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.roles import roles_of
from jobs.models import Position
from officers.models import Officer
from officers.serializers import summary
from officers.services.board import BoardFilters, board_page, open_positions_for
from tests.officers.helpers import book, local, officer, positions

pytestmark = pytest.mark.usefixtures("demo")


def expected_row(position: Position, time_zone: str) -> dict:
    tz = ZoneInfo(time_zone)
    job = position.shift.job

    def when(moment):
        return moment.astimezone(tz).isoformat() if moment is not None else None

    return {
        "id": position.pk,
        "job": job.pk,
        "job_title": job.title,
        "job_type": job.job_type,
        "category": job.category_name,
        "address": job.address,
        "starts_at": when(position.shift.starts_at),
        "ends_at": when(position.shift.ends_at),
        "role": position.role,
        "required_rank": position.required_rank,
        "required_specialty": position.required_specialty,
        "officer_pay_rate": f"{position.officer_pay_rate:.2f}",
        "tier": job.tier,
        "preferred_until": when(position.preferred_until),
        "post_orders": summary(job.post_orders),
    }


def test_the_api_board_selects_and_renders_what_the_orm_board_does_nopd_rel_1():
    now = timezone.now()
    plain = book("Plain", shifts=((local(2027, 3, 9, 8), local(2027, 3, 9, 16), 5),))
    book("Later", shifts=((local(2027, 4, 6, 8), local(2027, 4, 6, 16), 2),), tier="4")
    canine = book("Canine", shifts=((local(2027, 3, 10, 8), local(2027, 3, 10, 12), 2),))
    held = book("Held", shifts=((local(2027, 3, 11, 8), local(2027, 3, 11, 12), 2),))
    with scopes_disabled():
        Position._base_manager.filter(pk=positions(canine)[0].pk).update(
            required_specialty="canine"
        )
        Position._base_manager.filter(pk=positions(plain)[0].pk).update(required_rank="sergeant")
        held.preferred_officers.add(officer(2))
        Position._base_manager.filter(shift__job=held).update(
            preferred_until=now + timedelta(hours=48)
        )
        Officer._base_manager.filter(pk=officer(3).pk).update(specialties=["canine", "mounted"])
    filter_sets = [
        BoardFilters(),
        BoardFilters(starts_from=local(2027, 3, 10)),
        BoardFilters(starts_to=local(2027, 3, 11)),
        BoardFilters(min_pay=Decimal("50")),
        BoardFilters(job_type="hourly"),
        BoardFilters(job_type="motorcycle_escort"),
    ]
    compared = 0
    for n in (1, 2, 3, 9):
        with scopes_disabled():
            profile = Officer.objects.select_related("agency", "user").get(pk=officer(n).pk)
            fast = roles_of(profile.user).officer_profile
            assert fast == (
                profile.pk,
                profile.agency_id,
                profile.agency.slug,
                profile.agency.time_zone,
                profile.rank,
                tuple(profile.specialties or ()),
            )
            for filters in filter_sets:
                for offset, limit in ((0, 50), (1, 2)):
                    reference = open_positions_for(profile, now=now, filters=filters)
                    reference = reference.select_related("shift__job")[offset : offset + limit]
                    expected = [expected_row(p, profile.agency.time_zone) for p in reference]
                    got = board_page(fast, offset=offset, limit=limit, now=now, filters=filters)
                    assert got == expected, (n, filters, offset)
                    compared += len(got)
    assert compared > 50  # the cases above are not all empty
