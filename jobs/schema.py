"""OpenAPI shapes of the jobs API's answers (jobs.api), for the docs at /api/docs/ and
/api/schema/.

The views build their JSON with the plain functions of ``jobs.serializers`` (and
``agencies.pricing.wire`` for quotes and charges); these serializers describe exactly what those
functions return. Request bodies are documented by the serializers that read them
(``jobs.serializers``): nothing here reads a request.

Money is a string with 2 places ("434.64"); times are ISO 8601 with the offset of the agency's
time zone. Enum component names are pinned in ``SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]``.
"""

from __future__ import annotations

from rest_framework import serializers

from agencies.quotes import AddOnField, QuoteSerializer
from jobs.models import Job, JobChange, Position
from officers.states import HOLDING_STATES

MONEY_PATTERN = r"^-?\d+\.\d{2}$"
TIME_HELP = "ISO 8601 in the agency's time zone, e.g. 2027-04-07T18:00:00-05:00."

# The states in which an officer holds a position (officers.states.HOLDING_STATES).
HOLDER_STATES = [(state.value, state.label) for state in HOLDING_STATES]


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


class JobShiftSummarySerializer(serializers.Serializer):
    """A shift as a list shows it: no positions (a list row never grows with them)."""

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
    filled = serializers.IntegerField(help_text="How many of the positions are filled.")


class JobShiftSerializer(JobShiftSummarySerializer):
    """A shift with its positions and who holds them (a job's detail)."""

    positions = JobPositionSerializer(many=True)


class JobSummarySerializer(serializers.Serializer):
    """A job as the list shows it: its shifts summarized, without positions."""

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
    add_ons = serializers.ListField(
        child=AddOnField(),
        help_text='Add-ons: a code for one of it, {"code": "cruiser", "quantity": 2} for more.',
    )
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
    shifts = JobShiftSummarySerializer(many=True)
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
    starts_at_before = serializers.DateTimeField(
        required=False, help_text="The start before a schedule change (only then). " + TIME_HELP
    )
    starts_at = serializers.DateTimeField(help_text=TIME_HELP)
    ends_at_before = serializers.DateTimeField(help_text=TIME_HELP)
    ends_at = serializers.DateTimeField(help_text=TIME_HELP)


class JobChangeSerializer(serializers.Serializer):
    """A confirmed cancellation, reduction or schedule change."""

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
    """A job with its shifts' positions and holders, its recorded changes and its timeline."""

    shifts = JobShiftSerializer(many=True)
    hours_approved_at = local_time(
        "When the agency approved the hours worked; null until then.",
        allow_null=True,
    )
    changes = JobChangeSerializer(many=True, help_text="Cancellations and reductions.")
    timeline = TimelineEntrySerializer(many=True)


class PaginatedJobSummaryListSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many jobs match, on all pages.")
    next = serializers.URLField(allow_null=True, help_text="The next page; null on the last.")
    previous = serializers.URLField(
        allow_null=True, help_text="The previous page; null on the first."
    )
    results = JobSummarySerializer(many=True)


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
