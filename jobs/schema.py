"""OpenAPI shapes of the jobs API (jobs.api), for the docs at /api/docs/ and /api/schema/ only.

The views build their JSON with the plain functions of ``jobs.serializers`` (and
``agencies.pricing.wire`` for quotes and charges); these serializers describe exactly what those
functions return and what the views read. Nothing here parses or renders a request.

Money is a string with 2 places ("434.64"); times are ISO 8601 with the offset of the agency's
time zone. Enum component names are pinned in ``SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]``.
"""

from __future__ import annotations

from rest_framework import serializers

from agencies.api import QuoteSerializer, ShiftInSerializer
from jobs.models import Job, JobChange, Position
from officers.models import Assignment

MONEY_PATTERN = r"^-?\d+\.\d{2}$"
TIME_HELP = "ISO 8601 in the agency's time zone, e.g. 2027-04-07T18:00:00-05:00."

# The states in which an officer holds a position (jobs.serializers.HOLDING_STATES).
HOLDER_STATES = [
    (state.value, state.label) for state in (Assignment.State.ACTIVE, Assignment.State.COMPLETED)
]


def money(help_text: str = "", **kwargs) -> serializers.CharField:
    """An amount as a string with 2 places, e.g. "434.64"."""
    text = f"{help_text} A string with 2 decimal places.".strip()
    return serializers.RegexField(MONEY_PATTERN, help_text=text, **kwargs)


def local_time(help_text: str = "", **kwargs) -> serializers.DateTimeField:
    return serializers.DateTimeField(help_text=f"{help_text} {TIME_HELP}".strip(), **kwargs)


# --- errors --------------------------------------------------------------------------------------


class ApiErrorSerializer(serializers.Serializer):
    """Every refusal: 400 (bad input), 403 (not allowed), 404 (not found or not yours), 409 (the
    job's state does not allow it)."""

    detail = serializers.CharField(help_text="What went wrong, in a sentence for a person.")
    field = serializers.CharField(
        required=False,
        help_text='The request field at fault, e.g. "shifts[0].ends_at". Only when one field is.',
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="The same message keyed by the field, as a list. Only when a field is named.",
    )


# --- a job ---------------------------------------------------------------------------------------


class JobAgencySerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The agency's short code, e.g. nopd.")
    name = serializers.CharField()
    office_phone = serializers.CharField(allow_blank=True)
    after_hours_phone = serializers.CharField(allow_blank=True)
    toll_free_phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    time_zone = serializers.CharField(
        help_text="The agency's time zone (e.g. America/Chicago): every time of the job is in it."
    )


class JobOrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SiteContactSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True, help_text="Who meets the officers on site.")
    phone = serializers.CharField(allow_blank=True)


class CoordinatorSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The coordinator's user id.")
    name = serializers.CharField()
    phone = serializers.CharField(
        allow_blank=True, help_text="The coordinator's direct line at the agency."
    )
    email = serializers.CharField()


class PreferredOfficerSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The officer's id.")
    name = serializers.CharField()


class PositionHolderSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(help_text="The assignment's id.")
    officer = serializers.IntegerField(help_text="The officer's id.")
    name = serializers.CharField()
    rank = serializers.CharField(help_text="The officer's rank code.")
    rank_name = serializers.CharField()
    responsible = serializers.BooleanField(help_text="This officer is in charge on site.")
    state = serializers.ChoiceField(
        choices=HOLDER_STATES, help_text="active: assigned; completed: the shift was worked."
    )
    checked_in_at = local_time("When the officer checked in; null until then.", allow_null=True)
    checked_out_at = local_time("When the officer checked out; null until then.", allow_null=True)
    hours_worked = money("Hours worked, once known; null until then.", allow_null=True)


class JobPositionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    index = serializers.IntegerField(help_text="The position's place in its shift (0-based).")
    role = serializers.ChoiceField(choices=Position.Role.choices)
    required_rank = serializers.CharField(
        allow_blank=True, help_text="Rank code the officer must hold; empty: any rank."
    )
    required_rank_name = serializers.CharField(allow_blank=True)
    required_specialty = serializers.CharField(
        allow_blank=True, help_text="e.g. motorcycle; empty: none needed."
    )
    officer_pay_rate = money("Officer pay per hour.")
    status = serializers.ChoiceField(
        choices=Position.Status.choices,
        help_text="draft: not yet posted to officers (the job awaits approval).",
    )
    preferred_until = local_time(
        "Reserved for the preferred officers until then; null if not reserved.", allow_null=True
    )
    held_by = PositionHolderSerializer(
        allow_null=True, help_text="The officer holding it, or null."
    )


class JobShiftSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    index = serializers.IntegerField(
        help_text="The shift's place in the request (0-based); reductions name shifts by it."
    )
    starts_at = local_time()
    ends_at = local_time()
    officers = serializers.IntegerField(help_text="Officers asked for, supervisors included.")
    supervisors = serializers.IntegerField(help_text="Supervisor positions the shift needs.")
    officer_pay_rate = money("Officer pay per hour.")
    cancelled = serializers.BooleanField(help_text="The shift was removed by a reduction.")
    positions = JobPositionSerializer(many=True)
    filled = serializers.IntegerField(help_text="How many of the positions are filled.")


class JobSummarySerializer(serializers.Serializer):
    """A job as the list shows it."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Job.Status.choices)
    status_label = serializers.CharField(help_text="The status in words.")
    agency = JobAgencySerializer()
    organization = JobOrganizationSerializer(help_text="The customer organization.")
    series = serializers.IntegerField(
        allow_null=True, help_text="The weekly series the job belongs to; null for a single job."
    )
    category = serializers.CharField(help_text="The work category's slug.")
    category_name = serializers.CharField(allow_blank=True)
    needs_review = serializers.BooleanField(
        help_text="The kind of work is unclear: a coordinator decides whether the agency takes it."
    )
    job_type = serializers.CharField(help_text="e.g. hourly.")
    rank = serializers.CharField(help_text="The rank asked for (its code).")
    tier = serializers.CharField(
        allow_null=True, help_text="The tier it is priced at; null where the agency has none."
    )
    add_ons = serializers.ListField(child=serializers.CharField(), help_text="Add-on codes.")
    address = serializers.CharField()
    site_contact = SiteContactSerializer()
    post_orders = serializers.CharField(
        allow_blank=True, help_text="Instructions for the officers."
    )
    requested_at = local_time()
    starts_at = local_time("Start of the first shift.")
    ends_at = local_time("End of the last shift.")
    currency = serializers.CharField(help_text="e.g. USD.")
    total = money("The price of the job.")
    quote = QuoteSerializer(help_text="The itemized quote the job is priced at.")
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="Things to know about the request, in words."
    )
    requires_approval = serializers.BooleanField()
    responsible = serializers.CharField(
        allow_blank=True, help_text="Who is in charge on site, in words."
    )
    coordinator = CoordinatorSerializer(
        allow_null=True, help_text="The agency's coordinator for the job; null until named."
    )
    preferred_officers = PreferredOfficerSerializer(
        many=True, help_text="Officers the customer asked for first."
    )
    shifts = JobShiftSerializer(many=True)
    invoices = serializers.ListField(child=serializers.IntegerField(), help_text="Invoice ids.")
    cancelled_at = local_time("When the job was cancelled; null if it was not.", allow_null=True)
    cancel_reason = serializers.CharField(allow_blank=True)
    cancelled_by_agency = serializers.BooleanField(
        help_text="Cancelled by the agency for police necessity (no charge)."
    )


class ChargeLineSerializer(serializers.Serializer):
    description = serializers.CharField()
    officer_pay = money()
    admin_fee = money()
    other = money()
    amount = money()
    rules = serializers.ListField(child=serializers.CharField(), help_text="Rule ids.")


class CancellationChargeSerializer(serializers.Serializer):
    """What cancelling or reducing costs under the agency's policy."""

    currency = serializers.CharField()
    total = money("The charge.")
    officer_pay = money()
    admin_fee = money()
    other = money()
    policy = serializers.CharField(help_text="The policy applied, in words.")
    rules = serializers.ListField(child=serializers.CharField(), help_text="Rule ids.")
    lines = ChargeLineSerializer(many=True)


class ShiftChangeSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The shift's index.")
    officers_before = serializers.IntegerField()
    officers = serializers.IntegerField(help_text="Officers after the change; 0: removed.")
    starts_at = serializers.DateTimeField(help_text=TIME_HELP)
    ends_at_before = serializers.DateTimeField(help_text=TIME_HELP)
    ends_at = serializers.DateTimeField(help_text=TIME_HELP)


class JobChangeSerializer(serializers.Serializer):
    """A confirmed cancellation or reduction."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=JobChange.Kind.choices)
    at = local_time("When the change was made.")
    reason = serializers.CharField()
    police_necessity = serializers.BooleanField(
        help_text="Cancelled by the agency for police necessity: no charge."
    )
    charge = CancellationChargeSerializer()
    charge_total = money("The charge.")
    previous_total = money("The job's price before the change.")
    new_total = money("The job's price after the change (0.00 when cancelled).")
    refund_due = serializers.BooleanField(
        help_text="Every advance payment on the job is credited or refunded in full."
    )
    shift_changes = ShiftChangeSerializer(
        many=True, help_text="What a reduction changed, shift by shift; empty for a cancellation."
    )


class TimelineEntrySerializer(serializers.Serializer):
    """One event in the job's history. `from` and `to` are the states before and after
    (empty when the event did not change a state)."""

    def get_fields(self):
        return {
            "at": local_time(),
            "action": serializers.CharField(help_text="e.g. requested, approved, cancelled."),
            "from": serializers.CharField(allow_blank=True, help_text="The state before."),
            "to": serializers.CharField(allow_blank=True, help_text="The state after."),
            "message": serializers.CharField(allow_blank=True, help_text="The event in words."),
            "by": serializers.CharField(
                allow_null=True, help_text="Who did it; null for the system."
            ),
        }


class JobDetailSerializer(JobSummarySerializer):
    """A job with its recorded changes and its timeline."""

    changes = JobChangeSerializer(many=True, help_text="Cancellations and reductions.")
    timeline = TimelineEntrySerializer(many=True)


class PaginatedJobSummaryListSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many jobs match, on all pages.")
    next = serializers.URLField(allow_null=True, help_text="The next page; null on the last.")
    previous = serializers.URLField(
        allow_null=True, help_text="The previous page; null on the first."
    )
    results = JobSummarySerializer(many=True)


# --- requests ------------------------------------------------------------------------------------


class JobRequestSerializer(serializers.Serializer):
    """A customer's request for officers. It is priced on the agency's current rate card and
    kept at that price."""

    agency = serializers.CharField(help_text="The agency's slug, e.g. nopd.")
    organization = serializers.IntegerField(
        required=False,
        help_text="Your organization's id; needed only if you belong to more than one.",
    )
    title = serializers.CharField(max_length=200)
    category = serializers.CharField(
        help_text="A work category slug of the agency (GET /api/v1/agencies/{slug}/ lists them); "
        "prohibited ones are refused."
    )
    address = serializers.CharField(max_length=2000)
    shifts = ShiftInSerializer(many=True, help_text="At least one.")
    rank = serializers.CharField(required=False, help_text="Defaults to the agency's base rank.")
    tier = serializers.CharField(
        required=False, help_text="Only where the agency prices by tier (NOPD: 2+, 3, 4, 5)."
    )
    job_type = serializers.CharField(required=False, default="hourly")
    add_ons = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Optional add-on codes."
    )
    post_orders = serializers.CharField(
        required=False, allow_blank=True, max_length=20000, help_text="Instructions for officers."
    )
    site_contact_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    site_contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    preferred_officers = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Ids of officers to offer the positions to first: only officers of the agency "
        "who worked your past jobs.",
    )
    repeat_weeks = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=52,
        help_text="2 or more: the same job every week for that many weeks (the first is returned).",
    )
    idempotency_key = serializers.CharField(
        required=False,
        max_length=64,
        help_text="Sending the same key again returns the job already created (200) instead of a "
        "second one. The Idempotency-Key header does the same.",
    )


class JobApproveSerializer(serializers.Serializer):
    coordinator = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="User id of the agency's staff member who coordinates the job; default: you.",
    )


class JobDenySerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why, in words the customer reads.")


class JobCancelSerializer(serializers.Serializer):
    preview = serializers.BooleanField(
        required=False, default=False, help_text="true: show the charge and change nothing."
    )
    reason = serializers.CharField(
        required=False, max_length=2000, help_text="Why; required to cancel (not to preview)."
    )
    police_necessity = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Agency staff only: cancelled for police necessity, no charge and a full refund.",
    )


class JobReduceShiftSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The shift's index (as in the job's shifts).")
    officers = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="Fewer officers than now; 0 removes the shift. Default: unchanged.",
    )
    ends_at = serializers.DateTimeField(
        required=False,
        help_text="An earlier end (ISO 8601; naive means agency local time). Default: unchanged.",
    )
    starts_at = serializers.DateTimeField(
        required=False, help_text="If given, the shift's current start: a start cannot move."
    )


class JobReduceSerializer(serializers.Serializer):
    preview = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true: show the charge and the new quote and change nothing.",
    )
    reason = serializers.CharField(
        required=False, max_length=2000, help_text="Why; required to reduce (not to preview)."
    )
    shifts = JobReduceShiftSerializer(many=True, help_text="The shifts to change; others stay.")


# --- cancel and reduce answers -------------------------------------------------------------------


class JobCancelResultSerializer(serializers.Serializer):
    """A preview answers `charge` only; a cancellation also `id`, `status`, `refund_due`
    and the recorded `change`."""

    id = serializers.IntegerField(required=False, help_text="Only when cancelled.")
    status = serializers.ChoiceField(
        choices=Job.Status.choices, required=False, help_text="Only when cancelled."
    )
    charge = CancellationChargeSerializer(help_text="What cancelling costs (or cost).")
    refund_due = serializers.BooleanField(
        required=False,
        help_text="Only when cancelled: every advance payment is credited or refunded in full.",
    )
    change = JobChangeSerializer(required=False, help_text="Only when cancelled.")


class JobReduceResultSerializer(serializers.Serializer):
    """A preview answers `charge` and the new `quote`; a reduction also `id`, `status` and
    the recorded `change`."""

    id = serializers.IntegerField(required=False, help_text="Only when reduced.")
    status = serializers.ChoiceField(
        choices=Job.Status.choices, required=False, help_text="Only when reduced."
    )
    charge = CancellationChargeSerializer(help_text="What the reduction costs (or cost).")
    quote = QuoteSerializer(help_text="The job's quote after the reduction.")
    change = JobChangeSerializer(required=False, help_text="Only when reduced.")
