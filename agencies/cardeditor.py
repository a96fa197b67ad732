"""The rate-card editor's services: an agency admin edits a draft, previews it against the version
in force, and publishes it as a new version from an effective date.

- A draft (``RateCardDraft``, one per agency) starts from the version in force today. It is
  always a whole, valid card: an edit that would make it invalid is refused (``DocumentError``
  naming the place in the card) and nothing is saved.
- Publishing stores the draft as the agency's next version (``ratecards.save_card``) with the
  effective date the admin chose (today or later, agency local), records who did it, and removes
  the draft. Stored versions are never edited here: a version in force, or one a booked job was
  priced from, stays as it was (PLAT-SNAPSHOT-1 keeps the booked job's prices anyway).
- Any version exports as the JSON document; a JSON document (or a bare card) imports into the
  draft, checked as a whole.

Every change asks ``policy.require(actor, "agency.manage", agency)`` first.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from agencies import models as m
from agencies import ratecards
from agencies.pricing import card as c
from agencies.pricing.codec import CodecError, from_data, to_data
from agencies.pricing.document import DocumentError, read_document
from agencies.pricing.types import Quote, QuoteError, ShiftRequest
from agencies.pricing.validate import validate_card
from audit import log
from detailhire import policy
from detailhire.errors import DomainError

MAX_SAMPLES = 10
MAX_SAMPLE_HOURS = Decimal("24")


@dataclass(frozen=True)
class Sample:
    """A typical request the preview prices: a day, a start time, hours, officers (agency
    local), with the rank and tier asked for (None: the card's defaults)."""

    name: str
    day: date
    start: time
    hours: Decimal
    officers: int
    rank: str | None = None
    tier: str | None = None


@dataclass(frozen=True)
class Priced:
    total: Decimal | None  # None: the card refuses the request
    problem: str = ""
    version: int | None = None


@dataclass(frozen=True)
class PreviewRow:
    sample: Sample
    in_force: Priced
    draft: Priced

    @property
    def difference(self) -> Decimal | None:
        if self.in_force.total is None or self.draft.total is None:
            return None
        return self.draft.total - self.in_force.total

    @property
    def changed(self) -> bool:
        return self.in_force != dataclasses.replace(self.draft, version=self.in_force.version)


def local_today(agency: m.Agency) -> date:
    return timezone.now().astimezone(ZoneInfo(agency.time_zone)).date()


# --- the draft ----------------------------------------------------------------------------------


def draft_of(agency: m.Agency) -> m.RateCardDraft | None:
    return m.RateCardDraft.objects.filter(agency=agency).first()


def card_of(draft: m.RateCardDraft) -> c.RateCard:
    return from_data(c.RateCard, draft.card, "card")


def samples_of(draft: m.RateCardDraft) -> list[Sample]:
    return [from_data(Sample, item) for item in draft.samples]


def default_samples(agency: m.Agency, card: c.RateCard) -> list[Sample]:
    """Typical requests: a weekday evening, a Saturday day shift for two, and the next
    Independence Day far enough ahead not to be short notice."""
    start = local_today(agency) + timedelta(days=21)
    weekday = start + timedelta(days=(1 - start.weekday()) % 7)  # a Tuesday
    saturday = start + timedelta(days=(5 - start.weekday()) % 7)
    july4 = date(start.year, 7, 4)
    if july4 < start:
        july4 = date(start.year + 1, 7, 4)
    hours = max(Decimal("4"), card.minimum_hours)
    return [
        Sample("Weekday evening", weekday, time(18), hours, 1),
        Sample("Saturday, two officers", saturday, time(8), Decimal("8"), 2),
        Sample("Independence Day", july4, time(12), hours, 1),
    ]


def start_draft(agency: m.Agency, *, actor) -> m.RateCardDraft:
    """The agency's draft, started from the version in force today when there is none."""
    policy.require(actor, "agency.manage", agency)
    with transaction.atomic():
        m.Agency.objects.select_for_update().get(pk=agency.pk)
        draft = draft_of(agency)
        if draft is not None:
            return draft
        try:
            card = ratecards.current_card(agency)
        except ratecards.NoRateCard:
            raise DomainError("The agency has no rate card in force to start from.") from None
        draft = m.RateCardDraft.objects.create(
            agency=agency,
            based_on=card.version,
            card=to_data(card),
            samples=to_data(default_samples(agency, card)),
            updated_by=_person(actor),
        )
        log.record(
            draft,
            actor=actor,
            event="ratecard.draft_started",
            agency=agency,
            data={"based_on": card.version},
        )
    return draft


def _person(actor):
    return actor if getattr(actor, "pk", None) else None


def _checked(card: c.RateCard) -> c.RateCard:
    """``card`` if it is a whole valid card; ``DocumentError`` naming the place otherwise."""
    validate_card(card)
    return card


def save_draft(agency: m.Agency, card: c.RateCard, *, actor) -> m.RateCardDraft:
    """Replace the draft's card with ``card``; an invalid card is refused, nothing saved."""
    policy.require(actor, "agency.manage", agency)
    if card.agency != agency.slug:
        raise DocumentError("agency", f"is {card.agency!r}, not this agency's {agency.slug!r}")
    _checked(card)
    with transaction.atomic():
        draft = m.RateCardDraft.objects.select_for_update().get(agency=agency)
        draft.card = to_data(card)
        draft.updated_by = _person(actor)
        draft.save(update_fields=["card", "updated_by", "updated_at"])
    return draft


def save_samples(agency: m.Agency, samples: list[Sample], *, actor) -> m.RateCardDraft:
    policy.require(actor, "agency.manage", agency)
    with transaction.atomic():
        draft = m.RateCardDraft.objects.select_for_update().get(agency=agency)
        draft.samples = to_data(samples[:MAX_SAMPLES])
        draft.save(update_fields=["samples", "updated_at"])
    return draft


def discard_draft(agency: m.Agency, *, actor) -> None:
    policy.require(actor, "agency.manage", agency)
    m.RateCardDraft.objects.filter(agency=agency).delete()


def import_into_draft(agency: m.Agency, data: Any, *, actor) -> m.RateCardDraft:
    """A JSON rate-card document (or a bare card) into the draft, checked as a whole; the
    document's profile and version are ignored (the profile is edited on its own page)."""
    policy.require(actor, "agency.manage", agency)
    if isinstance(data, dict) and "format" in data:
        ours = ratecards.agency_profile(agency)
        _profile, card = read_document({**data, "agency": ours, "card": _ours(data, agency)})
    else:
        try:
            card = from_data(c.RateCard, data, "card")
        except CodecError as error:
            raise DocumentError(error.path or "card", str(error).split(": ", 1)[-1]) from None
    card = dataclasses.replace(
        card, agency=agency.slug, time_zone=agency.time_zone, currency=agency.currency
    )
    start_draft(agency, actor=actor)
    draft = save_draft(agency, card, actor=actor)
    log.record(draft, actor=actor, event="ratecard.draft_imported", agency=agency, data={})
    return draft


def _ours(data: dict, agency: m.Agency) -> Any:
    """The document's card with this agency's slug, time zone and currency (a card exported by
    another agency imports as a starting point)."""
    card = data.get("card")
    if not isinstance(card, dict):
        return card
    return {
        **card,
        "agency": agency.slug,
        "time_zone": agency.time_zone,
        "currency": agency.currency,
    }


def publish(agency: m.Agency, effective_from: date, *, actor) -> m.RateCard:
    """Store the draft as the agency's next version, in force from ``effective_from`` (today or
    later in the agency's time zone); audited; the draft is removed."""
    policy.require(actor, "agency.manage", agency)
    if effective_from < local_today(agency):
        raise DomainError(
            "The effective date cannot be in the past: prices already quoted stay as they were.",
            field="effective_from",
        )
    with transaction.atomic():
        draft = m.RateCardDraft.objects.select_for_update().filter(agency=agency).first()
        if draft is None:
            raise DomainError("There is no draft to publish.")
        card = dataclasses.replace(card_of(draft), effective_from=effective_from)
        stored = ratecards.save_card(card, actor=_person(actor))
        log.record(
            stored,
            actor=actor,
            event="ratecard.published",
            agency=agency,
            data={
                "version": stored.version,
                "effective_from": effective_from.isoformat(),
                "based_on": draft.based_on,
            },
        )
        draft.delete()
    return stored


def versions(agency: m.Agency) -> list[m.RateCard]:
    """Every stored version, newest first, with who published it."""
    return list(
        m.RateCard.objects.filter(agency=agency).select_related("created_by").order_by("-version")
    )


def export(agency: m.Agency, version: int) -> dict:
    return ratecards.export_document(agency, version=version)


# --- preview ------------------------------------------------------------------------------------


def _price(card: c.RateCard, sample: Sample, now: datetime) -> Priced:
    from agencies.pricing.engine import quote
    from agencies.pricing.wire import build_quote_request

    zone = ZoneInfo(card.time_zone)
    starts = datetime.combine(sample.day, sample.start, zone)
    ends = starts + timedelta(hours=float(sample.hours))
    try:
        request = build_quote_request(
            card,
            requested_at=now,
            shifts=(ShiftRequest(starts, ends, sample.officers),),
            rank=sample.rank,
            tier=sample.tier,
        )
        result: Quote = quote(card, request)
    except QuoteError as error:
        return Priced(None, error.message, card.version)
    return Priced(result.total, "", card.version)


def preview(agency: m.Agency, draft_card: c.RateCard, samples: list[Sample]) -> list[PreviewRow]:
    """Each sample priced by the version in force on its date and by the draft."""
    now = timezone.now()
    rows = []
    for sample in samples:
        try:
            in_force = _price(ratecards.current_card(agency, sample.day), sample, now)
        except ratecards.NoRateCard:
            in_force = Priced(None, "no version in force on that date")
        rows.append(PreviewRow(sample, in_force, _price(draft_card, sample, now)))
    return rows
