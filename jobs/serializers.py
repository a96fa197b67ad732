"""Jobs as JSON (docs/api.md): plain functions over prefetched objects, so a page of jobs costs a
constant number of queries (``jobs.api.job_queryset`` says what is prefetched).

Money is a string with 2 places ("434.64"); times are ISO 8601 in the agency's time zone.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from agencies.pricing.money import money_text
from jobs.models import Job, JobChange
from officers.models import Assignment

HOLDING_STATES = (Assignment.State.ACTIVE, Assignment.State.COMPLETED)


def _time(moment: datetime | None, tz: ZoneInfo) -> str | None:
    return moment.astimezone(tz).isoformat() if moment is not None else None


def _money(value: Decimal | None) -> str | None:
    return money_text(value) if value is not None else None


def _rank_names(job: Job) -> dict[str, str]:
    cache = getattr(job, "_rank_names", None)
    if cache is None:
        ranks = (job.card_snapshot or {}).get("ranks", [])
        cache = {rank.get("code"): rank.get("name") for rank in ranks}
        job._rank_names = cache
    return cache


def coordinator_data(job: Job) -> dict | None:
    """The job's coordinator and the direct line customers call (NOPD-COORD-1)."""
    user = job.coordinator
    if user is None:
        return None
    line = next(
        (m.phone for m in user.staff_memberships.all() if m.agency_id == job.agency_id and m.phone),
        "",
    )
    return {
        "id": user.pk,
        "name": user.display_name,
        "phone": line or user.phone,
        "email": user.email,
    }


def agency_data(job: Job) -> dict:
    agency = job.agency
    return {
        "slug": agency.slug,
        "name": agency.name,
        "office_phone": agency.office_phone,
        "after_hours_phone": agency.after_hours_phone,
        "toll_free_phone": agency.toll_free_phone,
        "email": agency.email,
        "time_zone": agency.time_zone,
    }


def _holder(position, job: Job, tz: ZoneInfo) -> dict | None:
    held = [a for a in position.assignments.all() if a.state in HOLDING_STATES]
    if not held:
        return None
    assignment = held[0]
    officer = assignment.officer
    return {
        "assignment": assignment.pk,
        "officer": officer.pk,
        "name": officer.user.display_name,
        "rank": officer.rank,
        "rank_name": _rank_names(job).get(officer.rank, officer.rank),
        "responsible": assignment.responsible,
        "state": assignment.state,
        "checked_in_at": _time(assignment.checked_in_at, tz),
        "checked_out_at": _time(assignment.checked_out_at, tz),
        "hours_worked": _money(assignment.hours_worked),
    }


def shift_data(shift, job: Job, tz: ZoneInfo) -> dict:
    names = _rank_names(job)
    positions = [
        {
            "id": p.pk,
            "index": p.index,
            "role": p.role,
            "required_rank": p.required_rank,
            "required_rank_name": names.get(p.required_rank, "") if p.required_rank else "",
            "required_specialty": p.required_specialty,
            "officer_pay_rate": money_text(p.officer_pay_rate),
            "status": p.status,
            "preferred_until": _time(p.preferred_until, tz),
            "held_by": _holder(p, job, tz),
        }
        for p in shift.positions.all()
    ]
    return {
        "id": shift.pk,
        "index": shift.index,
        "starts_at": _time(shift.starts_at, tz),
        "ends_at": _time(shift.ends_at, tz),
        "officers": shift.officers,
        "supervisors": shift.supervisors,
        "officer_pay_rate": money_text(shift.officer_pay_rate),
        "cancelled": shift.cancelled,
        "positions": positions,
        "filled": sum(1 for p in positions if p["status"] == "filled"),
    }


def change_data(change: JobChange, tz: ZoneInfo) -> dict:
    return {
        "id": change.pk,
        "kind": change.kind,
        "at": _time(change.at, tz),
        "reason": change.reason,
        "police_necessity": change.police_necessity,
        "charge": change.charge,
        "charge_total": money_text(change.charge_total),
        "previous_total": money_text(change.previous_total),
        "new_total": money_text(change.new_total),
        "refund_due": change.refund_due,
        "shift_changes": [_local_times(row, tz) for row in change.shift_changes],
    }


_SHIFT_CHANGE_TIMES = ("starts_at", "ends_at_before", "ends_at")


def _local_times(row: dict, tz: ZoneInfo) -> dict:
    """A recorded shift change (times stored in UTC) with its times in the agency's zone."""
    return {
        key: datetime.fromisoformat(value).astimezone(tz).isoformat()
        if key in _SHIFT_CHANGE_TIMES and isinstance(value, str)
        else value
        for key, value in row.items()
    }


def timeline_data(job: Job, tz: ZoneInfo) -> list[dict]:
    """The job's audit events, oldest first; ``message`` is each event rendered in words now."""
    return [
        {
            "at": _time(event.at, tz),
            "action": event.action,
            "from": event.from_state,
            "to": event.to_state,
            "message": event.text,
            "by": event.actor.display_name if event.actor else None,
        }
        for event in job.audit.all()
    ]


def job_data(job: Job, *, detail: bool = False) -> dict:
    """A job as the API shows it. ``detail`` adds the timeline and the recorded changes."""
    tz = ZoneInfo(job.agency.time_zone)
    quote = job.quote or {}
    data = {
        "id": job.pk,
        "title": job.title,
        "status": job.status,
        "status_label": job.get_status_display(),
        "agency": agency_data(job),
        "organization": {"id": job.organization_id, "name": job.organization.name},
        "series": job.series_id,
        "category": job.category,
        "category_name": job.category_name,
        "needs_review": job.needs_review,
        "job_type": job.job_type,
        "rank": job.rank,
        "tier": job.tier or None,
        "add_ons": job.add_ons,
        "address": job.address,
        "site_contact": {"name": job.site_contact_name, "phone": job.site_contact_phone},
        "post_orders": job.post_orders,
        "requested_at": _time(job.requested_at, tz),
        "starts_at": _time(job.starts_at, tz),
        "ends_at": _time(job.ends_at, tz),
        "currency": quote.get("currency", job.agency.currency),
        "total": money_text(job.total),
        "quote": quote,
        "warnings": job.warnings,
        "requires_approval": job.requires_approval,
        "responsible": quote.get("responsible", ""),
        "coordinator": coordinator_data(job),
        "preferred_officers": [
            {"id": o.pk, "name": o.user.display_name} for o in job.preferred_officers.all()
        ],
        "shifts": [shift_data(shift, job, tz) for shift in job.shifts.all()],
        "invoices": [],  # invoice ids: the billing app fills this in
        "cancelled_at": _time(job.cancelled_at, tz),
        "cancel_reason": job.cancel_reason,
        "cancelled_by_agency": job.cancelled_by_agency,
    }
    if detail:
        data["changes"] = [change_data(change, tz) for change in job.changes.all()]
        data["timeline"] = timeline_data(job, tz)
    return data
