"""The jobs API's input serializers and its answers (docs/api.md).

In: one DRF serializer per request body (``JobRequestSerializer``, ``JobApproveSerializer``,
``JobDenySerializer``, ``JobCancelSerializer``, ``JobReduceSerializer``): shapes, types and bounds
(PLAT-LIMIT-1), unknown fields refused; each hands the services the typed values of
``jobs.inputs``. The OpenAPI document describes these same serializers.

Out: plain functions over prefetched objects (``jobs.read`` says what a job shows and prefetches
it), so a page of jobs costs a constant number of queries. Money is a string with 2 places
("434.64"); times are ISO 8601 in the agency's time zone.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from rest_framework import serializers

from accounts.roles import roles_of
from agencies.models import Agency
from agencies.pricing.money import money_text
from agencies.pricing.wire import localize
from agencies.quotes import (
    PricedFieldsMixin,
    ShiftInSerializer,
    add_ons_field,
    code_field,
    split_add_ons,
)
from customers.models import CustomerOrganization
from detailhire.limits import limit
from detailhire.serializers import (
    InputError,
    MomentField,
    StrictSerializer,
    TextField,
    WholeListField,
)
from jobs import read
from jobs.inputs import TEXT_LIMITS, JobDetails, PricingInput, ShiftChange, ShiftInput
from jobs.models import Job, JobChange
from jobs.services.booking import MAX_REPEAT_WEEKS

ID_MAX = 2**31 - 1  # the database's integer ids


# --- in ------------------------------------------------------------------------------------------


class FlagField(serializers.BooleanField):
    """true or false (JSON booleans only; null or absent: false)."""

    default_error_messages = {"invalid": "Expected true or false."}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("default", False)
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        if data is None or data == "":
            return True, False
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


def text_field(name: str, *, required: bool = False, required_message: str = "", **kwargs):
    """Text of at most ``TEXT_LIMITS[name]`` characters (stripped)."""
    most = TEXT_LIMITS[name]
    words = name.replace("_", " ")
    messages = {"max_length": f"The {words} can be at most {most} characters."}
    if required:
        messages |= {"required": required_message, "blank": required_message}
        messages["null"] = required_message
    return TextField(
        required=required,
        allow_blank=not required,
        allow_null=not required,
        max_length=most,
        error_messages=messages,
        **kwargs,
    )


def money_field(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        required=False,
        allow_null=True,
        coerce_to_string=True,
        help_text=help_text,
        error_messages={"invalid": "An amount like 434.64."},
    )


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


class JobRequestSerializer(PricedFieldsMixin, StrictSerializer):
    """A customer's request for officers. It is priced on the agency's current rate card and
    kept at that price. ``context["user"]``: the customer."""

    agency = serializers.CharField(
        max_length=limit("code_length"),
        help_text="The agency's slug, e.g. nopd.",
        error_messages={
            "required": "Choose the agency (its slug, e.g. nopd).",
            "blank": "Choose the agency (its slug, e.g. nopd).",
            "null": "Choose the agency (its slug, e.g. nopd).",
        },
    )
    organization = id_field(
        required=False,
        allow_null=True,
        help_text="Your organization's id; needed only if you belong to more than one.",
    )
    title = text_field("title", required=True, required_message="The title is required.")
    category = serializers.CharField(
        max_length=limit("code_length"),
        help_text="A work category slug of the agency (GET /api/v1/agencies/{slug}/ lists them); "
        "prohibited ones are refused.",
        error_messages={
            "required": "Choose the kind of work (the category).",
            "blank": "Choose the kind of work (the category).",
            "null": "Choose the kind of work (the category).",
        },
    )
    address = text_field("address", required=True, required_message="The address is required.")
    shifts = ShiftInSerializer(
        many=True,
        allow_empty=False,
        help_text="At least one.",
        error_messages={
            "required": "Add at least one shift (starts_at, ends_at, officers).",
            "empty": "Add at least one shift (starts_at, ends_at, officers).",
            "not_a_list": "Add at least one shift (starts_at, ends_at, officers).",
            "null": "Add at least one shift (starts_at, ends_at, officers).",
        },
    )
    rank = code_field(required=False, help_text="Defaults to the agency's base rank.")
    tier = code_field(
        required=False, help_text="Only where the agency prices by tier (NOPD: 2+, 3, 4, 5)."
    )
    job_type = code_field(required=False, help_text='Defaults to "hourly".')
    add_ons = add_ons_field(
        'Optional add-ons: codes ("vehicle"), or {"code": "cruiser", "quantity": 2} for an '
        "add-on priced per unit."
    )
    post_orders = text_field("post_orders", help_text="Instructions for officers.")
    site_contact_name = text_field("site_contact_name")
    site_contact_phone = text_field("site_contact_phone")
    preferred_officers = WholeListField(
        message="Preferred officers are given by their ids.",
        child=id_field(),
        required=False,
        allow_null=True,
        help_text="Ids of officers to offer the positions to first: only officers of the agency "
        "who worked your past jobs.",
    )
    repeat_weeks = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=MAX_REPEAT_WEEKS,
        help_text="2 or more: the same job every week for that many weeks (the first is returned).",
        error_messages={
            "invalid": "The weekly repeat must be a whole number of weeks.",
            "min_value": f"The weekly repeat can be 0 to {MAX_REPEAT_WEEKS} weeks.",
            "max_value": f"The weekly repeat can be 0 to {MAX_REPEAT_WEEKS} weeks.",
            "max_string_length": f"The weekly repeat can be 0 to {MAX_REPEAT_WEEKS} weeks.",
        },
    )
    idempotency_key = text_field(
        "idempotency_key",
        help_text="Sending the same key again returns the job already created (200) instead of a "
        "second one. The Idempotency-Key header does the same.",
    )

    def validate_preferred_officers(self, value):
        most = limit("preferred_officers")
        if value and len(value) > most:
            raise serializers.ValidationError(f"At most {most} preferred officers.")
        return value

    def to_internal_value(self, data):
        if isinstance(data, dict) and isinstance(data.get("preferred_officers"), int | str):
            data = {**data, "preferred_officers": [data["preferred_officers"]]}
        return super().to_internal_value(data)

    def validate_agency(self, slug: str) -> Agency:
        agency = Agency.objects.filter(slug=slug.strip()).first()
        if agency is None:
            raise serializers.ValidationError(f"Unknown agency {slug!r}.")
        return agency

    def customer_organization(self) -> CustomerOrganization:
        """The caller's organization the job is for (the only one, or the one named)."""
        ids = roles_of(self.context["user"]).organization_ids
        value = self.validated_data.get("organization")
        if value is None:
            if len(ids) != 1:
                raise InputError("Choose the organization the job is for.", field="organization")
            value = ids[0]
        if value not in ids:
            raise InputError("You are not a member of that organization.", field="organization")
        return CustomerOrganization.objects.get(pk=value)

    def inputs(self, *, idempotency_key: str = "") -> tuple[PricingInput, JobDetails]:
        """The typed request: what is priced, and the rest (times made aware in the agency's
        zone)."""
        data = self.validated_data
        agency = data["agency"]
        tz = ZoneInfo(agency.time_zone)
        add_ons, quantities = split_add_ons(data.get("add_ons"))
        pricing = PricingInput(
            agency=agency,
            category=data["category"],
            shifts=tuple(
                ShiftInput(localize(s["starts_at"], tz), localize(s["ends_at"], tz), s["officers"])
                for s in data["shifts"]
            ),
            rank=data.get("rank") or None,
            tier=data.get("tier") or None,
            job_type=data.get("job_type") or "hourly",
            add_ons=add_ons,
            quantities=tuple(quantities.items()),
            repeat_weeks=data.get("repeat_weeks") or 0,
        )
        details = JobDetails(
            title=data["title"],
            address=data["address"],
            post_orders=data.get("post_orders") or "",
            site_contact_name=data.get("site_contact_name") or "",
            site_contact_phone=data.get("site_contact_phone") or "",
            preferred_officer_ids=tuple(data.get("preferred_officers") or ()),
            idempotency_key=idempotency_key or data.get("idempotency_key") or "",
        )
        return pricing, details


class JobApproveSerializer(StrictSerializer):
    coordinator = id_field(
        required=False,
        allow_null=True,
        help_text="User id of the agency's staff member who coordinates the job; default: you.",
        error_messages={"invalid": "Give the coordinator's user id."},
    )

    def coordinator_user(self, job: Job):
        """The named coordinator (staff of the job's agency), or None: the approver."""
        pk = self.validated_data.get("coordinator")
        if pk is None:
            return None
        user = (
            get_user_model()
            .objects.filter(pk=pk, staff_memberships__agency_id=job.agency_id)
            .first()
        )
        if user is None:
            raise InputError("The coordinator must be on this agency's staff.", field="coordinator")
        return user


class JobDenySerializer(StrictSerializer):
    reason = text_field("reason", help_text="Why, in words the customer reads (required).")


class JobCancelSerializer(StrictSerializer):
    preview = FlagField(help_text="true: show the charge and change nothing.")
    reason = text_field("reason", help_text="Why; required to cancel (not to preview).")
    police_necessity = FlagField(
        help_text="Agency staff only: cancelled for police necessity, no charge and a full refund."
    )
    expected_total = money_field(
        "The charge you saw (the preview's total): if the charge is now different, nothing "
        "changes and the answer is 409 with the new charge."
    )


class JobReduceShiftSerializer(StrictSerializer):
    index = serializers.IntegerField(
        min_value=0, max_value=32767, help_text="The shift's index (as in the job's shifts)."
    )
    officers = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text="Fewer officers than now; 0 removes the shift. Default: unchanged.",
        error_messages={
            "min_value": "The number of officers cannot be negative.",
            "invalid": "The number of officers must be a whole number.",
            "max_string_length": "Too many officers.",
        },
    )
    ends_at = MomentField(
        required=False,
        allow_null=True,
        help_text="An earlier end, after the start (ISO 8601; naive means agency local time). "
        "Default: unchanged.",
    )
    starts_at = MomentField(
        required=False,
        allow_null=True,
        help_text="If given, the shift's current start: a start cannot move.",
    )

    def validate_officers(self, value):
        most = limit("officers_per_shift")
        if value is not None and value > most:
            raise serializers.ValidationError(f"At most {most} officers on one shift.")
        return value


class JobReduceSerializer(StrictSerializer):
    preview = FlagField(help_text="true: show the charge and the new quote and change nothing.")
    reason = text_field("reason", help_text="Why; required to reduce (not to preview).")
    shifts = JobReduceShiftSerializer(
        many=True,
        help_text="The shifts to change; others stay.",
        error_messages={
            "required": "Name at least one shift to reduce.",
            "not_a_list": "Name at least one shift to reduce.",
            "null": "Name at least one shift to reduce.",
        },
    )
    expected_total = money_field(
        "The charge you saw (the preview's charge total): if it is now different, nothing "
        "changes and the answer is 409 with the new charge."
    )
    expected_new_total = money_field(
        "The new price you saw (the preview's quote total): if it is now different, nothing "
        "changes and the answer is 409 with the new price."
    )

    def validate_shifts(self, value):
        most = limit("shifts_per_request")
        if len(value) > most:
            raise serializers.ValidationError(f"At most {most} shifts in one request.")
        return value

    def changes(self, job: Job) -> tuple[ShiftChange, ...]:
        """The typed changes: unnamed values are the shift's current ones; a naive end is agency
        local time; a start, if given, must be the shift's own (a start cannot move)."""
        tz = ZoneInfo(job.agency.time_zone)
        shifts = {shift.index: shift for shift in job.shifts.all() if not shift.cancelled}
        out = []
        for k, item in enumerate(self.validated_data["shifts"]):
            shift = shifts.get(item["index"])
            if shift is None:  # the service names it (no such shift)
                out.append(ShiftChange(item["index"], item.get("officers") or 0, job.ends_at))
                continue
            starts_at = item.get("starts_at")
            if starts_at is not None and localize(starts_at, tz) != shift.starts_at:
                raise InputError(
                    "The start cannot move: end the shift earlier, or remove it and request a "
                    "new one.",
                    field=f"shifts[{k}].starts_at",
                )
            officers = item.get("officers")
            ends_at = item.get("ends_at")
            out.append(
                ShiftChange(
                    shift.index,
                    shift.officers if officers is None else officers,
                    shift.ends_at if ends_at is None else localize(ends_at, tz),
                )
            )
        return tuple(out)


# --- out -----------------------------------------------------------------------------------------


def _time(moment: datetime | None, tz: ZoneInfo) -> str | None:
    return moment.astimezone(tz).isoformat() if moment is not None else None


def _money(value: Decimal | None) -> str | None:
    return money_text(value) if value is not None else None


def coordinator_data(job: Job) -> dict | None:
    """The job's coordinator and the direct line customers call (NOPD-COORD-1)."""
    found = read.coordinator(job)
    if found is None:
        return None
    return {"id": found.user.pk, "name": found.name, "phone": found.phone, "email": found.email}


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


def _holder(view: read.PositionView, tz: ZoneInfo) -> dict | None:
    assignment = view.assignment
    if assignment is None:
        return None
    officer = assignment.officer
    return {
        "assignment": assignment.pk,
        "officer": officer.pk,
        "name": officer.user.display_name,
        "rank": officer.rank,
        "rank_name": view.officer_rank_name,
        "responsible": assignment.responsible,
        "state": assignment.state,
        "checked_in_at": _time(assignment.checked_in_at, tz),
        "checked_out_at": _time(assignment.checked_out_at, tz),
        "hours_worked": _money(assignment.hours_worked),
    }


def _shift_summary(shift, tz: ZoneInfo, filled: int) -> dict:
    return {
        "id": shift.pk,
        "index": shift.index,
        "starts_at": _time(shift.starts_at, tz),
        "ends_at": _time(shift.ends_at, tz),
        "officers": shift.officers,
        "supervisors": shift.supervisors,
        "officer_pay_rate": money_text(shift.officer_pay_rate),
        "cancelled": shift.cancelled,
        "filled": filled,
    }


def shift_data(view: read.ShiftView, tz: ZoneInfo) -> dict:
    """A shift with its positions and who holds them (the job's detail)."""
    positions = [
        {
            "id": p.position.pk,
            "index": p.position.index,
            "role": p.position.role,
            "required_rank": p.position.required_rank,
            "required_rank_name": p.rank_name,
            "required_specialty": p.position.required_specialty,
            "officer_pay_rate": money_text(p.position.officer_pay_rate),
            "status": p.position.status,
            "preferred_until": _time(p.position.preferred_until, tz),
            "held_by": _holder(p, tz),
        }
        for p in view.positions
    ]
    filled = sum(1 for p in positions if p["status"] == "filled")
    return {**_shift_summary(view.shift, tz, filled), "positions": positions}


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


_SHIFT_CHANGE_TIMES = ("starts_at_before", "starts_at", "ends_at_before", "ends_at")


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
    """A job as the API shows it: a list row (``read.list_queryset``: shifts summarized, no
    positions) or, with ``detail`` (``read.job_queryset(detail=True)``), its shifts' positions
    and holders, the timeline and the recorded changes."""
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
        "shifts": (
            [shift_data(view, tz) for view in read.shift_views(job)]
            if detail
            else [_shift_summary(s, tz, read.filled_count(s)) for s in read.all_shifts(job)]
        ),
        "invoices": read.invoice_ids(job),
        "cancelled_at": _time(job.cancelled_at, tz),
        "cancel_reason": job.cancel_reason,
        "cancelled_by_agency": job.cancelled_by_agency,
    }
    if detail:
        data["hours_approved_at"] = _time(job.hours_approved_at, tz)
        data["changes"] = [change_data(change, tz) for change in job.changes.all()]
        data["timeline"] = timeline_data(job, tz)
    return data
