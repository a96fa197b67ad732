"""Rate cards stored and served: save a version, find the one in force on a date, export it.

A card is written as typed rows (``agencies.models.ratecard``) and read back as the frozen
``agencies.pricing.card.RateCard`` the engine prices from. Reading is cached so that a quote costs
no database query once warm:

- Django's cache holds, per agency, an *index* of its versions (effective date, version, cache
  token) and the agency's time zone; saving a card deletes the index (at once and again on commit).
- Django's cache also holds each built card under its version's ``cache_token``, a UUID that is
  new whenever the version's rows change; a process keeps the built objects it has used in a small
  dict under the same token, so a warm lookup does not even unpickle the card.

Versions: every save that changes something stores a NEW version (previous highest + 1). The
version in force on a date is the one with the greatest ``effective_from`` on or before that date;
among versions with the same effective date, the highest wins. A booked job keeps the prices it was
quoted (PLAT-SNAPSHOT-1), so a new version only ever applies to new requests.
"""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from bisect import bisect_right
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.exceptions import ValidationError
from django.db import models as dj
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from agencies import models as m
from agencies.pricing import card as c
from agencies.pricing.document import PROFILE_FIELDS, DocumentError, write_document
from agencies.pricing.validate import validate_card
from agencies.ratecard_rows import (  # noqa: F401 (card_from_model and load_model are this module's API too)
    CARD_PREFIXES,
    COLLECTIONS,
    NESTED,
    PREFETCH,
    card_from_model,
    load_model,
)


class NoRateCard(LookupError):
    """The agency has no rate card in force on the date asked for."""


# --- dataclass -> rows ------------------------------------------------------------------------


def _card_fields(card: c.RateCard) -> dict[str, Any]:
    fee, ot, sup = card.fee, card.overtime, card.supervision
    can, pay, caps = card.cancellation, card.payment, card.hour_caps
    return {
        "effective_from": card.effective_from,
        "currency": card.currency,
        "time_zone": card.time_zone,
        "base_rank": card.base_rank,
        "default_tier": card.default_tier,
        "fee_kind": fee.kind,
        "fee_amount": fee.amount,
        "fee_percent": fee.percent,
        "fee_cap": fee.cap,
        "fee_per_officer": fee.per_officer,
        "fee_rounding": fee.rounding,
        "minimum_hours": card.minimum_hours,
        "max_shift_hours": card.max_shift_hours,
        "overtime_after_hours": ot.after_hours if ot else None,
        "overtime_multiplier": ot.multiplier if ot else None,
        "overtime_kind": ot.kind if ot else c.OVERTIME_MULTIPLIER,
        "overtime_amount": ot.amount if ot else None,
        "overtime_compounds": ot.compounds if ot else True,
        "overtime_increment_hours": ot.increment_hours if ot else None,
        "premiums": card.premiums,
        "supervision_senior_officer_responsible": sup.senior_officer_responsible,
        "supervision_rules": list(sup.rules),
        "supervision_example": sup.example,
        "cancellation_agency_cancel_free": can.agency_cancel_free,
        "cancellation_agency_cancel_rules": list(can.agency_cancel_rules),
        "cancellation_withdraw_cutoff_hours": can.withdraw_cutoff_hours,
        "unfilled_escalation_hours": list(card.unfilled_escalation_hours),
        "payment_kind": pay.kind,
        "payment_hours_before_start": pay.hours_before_start,
        "payment_net_days": pay.net_days,
        "payment_methods": list(pay.methods),
        "payment_rules": list(pay.rules),
        "payment_late_fee_percent": pay.late_fee_percent,
        "hour_caps_rolling_24h": caps.rolling_24h,
        "hour_caps_per_week": caps.per_week,
        "hour_caps_week_starts": caps.week_starts,
        "hour_caps_rules": list(caps.rules),
        "rate_rules": list(card.rate_rules),
        "minimum_rules": list(card.minimum_rules),
        "highest_rate_rules": list(card.highest_rate_rules),
        "notes": card.notes,
    }


def _row_fields(item: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(item):
        if f.name in skip:
            continue
        value = getattr(item, f.name)
        if isinstance(value, c.Effect):
            out["effect_kind"] = value.kind
            out["effect_tier"] = value.tier
            out["effect_category"] = value.category
            out["effect_multiplier"] = value.multiplier
            out["effect_amount"] = value.amount
        elif isinstance(value, tuple):
            out[f.name] = list(value)
        else:
            out[f.name] = value
    return out


def _field_path(prefix: str, field_name: str, on_card: bool = False) -> str:
    if field_name.startswith("effect_"):
        field_name = "effect." + field_name.removeprefix("effect_")
    elif on_card:
        for group in CARD_PREFIXES:
            if field_name.startswith(group + "_"):
                field_name = f"{group}.{field_name.removeprefix(group + '_')}"
                break
    return f"{prefix}.{field_name}" if prefix else field_name


def _check(instance: dj.Model, path: str, exclude: tuple[str, ...], on_card: bool = False):
    """Field-level checks (choices, lengths, decimal places, minimums) before anything is written,
    so a bad value is reported by its place in the card, not as a database error."""
    try:
        instance.clean_fields(exclude=list(exclude))
        instance.clean()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            name, errors = next(iter(exc.error_dict.items()))
            where = _field_path(path, name, on_card) if name != "__all__" else path
            raise DocumentError(where, _plain_message(errors[0])) from None
        raise DocumentError(path, _plain_message(exc)) from None


def _plain_message(error: ValidationError) -> str:
    return " ".join(error.messages).rstrip(".").replace("\n", " ")


def _unique(items: tuple, key: str, path: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        value = getattr(item, key)
        if value in seen:
            raise DocumentError(f"{path}[{i}]", f"{key} {value!r} appears twice")
        seen.add(value)


def _get(card: c.RateCard, path: str) -> tuple:
    value: Any = card
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _write_rows(model: m.RateCard, card: c.RateCard) -> None:
    """Check and store every child row of ``card`` under ``model`` (already saved)."""
    pending: list[tuple[type[dj.Model], list[dj.Model]]] = []
    for path, row_model, _related, _cls in COLLECTIONS:
        items = _get(card, path)
        key = "slug" if row_model is m.WorkCategory else "code"
        if row_model not in (m.Rate, m.BillingBlock, m.SupervisionRow, m.SupervisionRatio):
            _unique(items, key, "card." + path)
        nested = NESTED.get(row_model)
        rows = []
        for i, item in enumerate(items):
            where = f"card.{path}[{i}]"
            skip = (nested[0],) if nested else ()
            row = row_model(card=model, position=i, **_row_fields(item, skip))
            _check(row, where, exclude=("card",))
            if nested is None:
                rows.append(row)
                continue
            row.save()
            field, child_model, fk, _child_cls = nested
            children = []
            for j, child in enumerate(getattr(item, field)):
                child_row = child_model(**{fk: row}, position=j, **_row_fields(child))
                _check(child_row, f"{where}.{field}[{j}]", exclude=(fk,))
                children.append(child_row)
            pending.append((child_model, children))
        pending.append((row_model, rows))
    for row_model, rows in pending:
        if rows:
            row_model.objects.bulk_create(rows)


# --- saving -----------------------------------------------------------------------------------


def _agency_from_profile(profile: dict) -> m.Agency:
    unknown = sorted(set(profile) - set(PROFILE_FIELDS))
    if unknown:
        raise DocumentError(f"agency.{unknown[0]}", "is not a field of the agency profile")
    slug = profile.get("slug")
    if not isinstance(slug, str) or not slug:
        raise DocumentError("agency.slug", "is required")
    agency = m.Agency.objects.select_for_update().filter(slug=slug).first() or m.Agency()
    for name in PROFILE_FIELDS:
        if name in profile:
            setattr(agency, name, "" if profile[name] is None else profile[name])
    try:
        agency.full_clean(exclude=["slug"] if agency.pk else None, validate_unique=False)
    except ValidationError as exc:
        name, errors = next(iter(exc.error_dict.items()))
        raise DocumentError(f"agency.{name}", _plain_message(errors[0])) from None
    agency.save()
    return agency


def save_card(card: c.RateCard, profile: dict | None = None, *, actor=None) -> m.RateCard:
    """Store ``card`` as the agency's next version and return the stored row.

    With ``profile`` (the document's ``agency`` object) the agency is created or updated first;
    without it the agency named by ``card.agency`` must exist. ``card.version`` is ignored: the
    store numbers versions. Saving a card equal to the latest version with the same effective date
    stores nothing new and returns that version (so loading the same file twice is harmless).
    The returned row has ``was_created`` set to whether a new version was stored.
    Raises ``DocumentError(path, message)`` for an invalid card; nothing is written then.
    """
    try:
        validate_card(card)
    except DocumentError as error:  # paths as in the document: "card.rates[3].tier"
        raise DocumentError(f"card.{error.path}" if error.path else "card", error.message) from None
    with transaction.atomic():
        if profile is not None:
            agency = _agency_from_profile(profile)
        else:
            agency = m.Agency.objects.select_for_update().get(slug=card.agency)
        if card.agency != agency.slug:
            raise DocumentError(
                "card.agency", f"is {card.agency!r} but the agency profile is {agency.slug!r}"
            )
        versions = m.RateCard.objects.filter(agency=agency)
        same_day = versions.filter(effective_from=card.effective_from).order_by("-version").first()
        if same_day is not None:
            stored = load_model(same_day.pk)
            if card_from_model(stored) == dataclasses.replace(card, version=stored.version):
                if profile is not None:
                    card_changed(agency.slug)  # the profile (time zone) may have changed
                stored.was_created = False
                return stored
        number = (versions.aggregate(top=Max("version"))["top"] or 0) + 1
        model = m.RateCard(agency=agency, version=number, created_by=actor, **_card_fields(card))
        _check(model, "card", exclude=("agency", "created_by"), on_card=True)
        model.save()
        _write_rows(model, card)
        card_changed(agency.slug)
    model = load_model(model.pk)
    model.was_created = True
    return model


def card_changed(slug: str) -> None:
    """Forget the cached index of ``slug``'s versions, now and when the transaction commits.

    Call it after changing a stored version's rows in place (the admin does); give the changed
    version a new ``cache_token`` too (``touch``)."""
    django_cache.delete(_index_key(slug))
    transaction.on_commit(lambda: django_cache.delete(_index_key(slug)))


def touch(model: m.RateCard) -> None:
    """Mark a stored version as changed in place: new cache token, index forgotten."""
    model.cache_token = uuid.uuid4()
    m.RateCard.objects.filter(pk=model.pk).update(cache_token=model.cache_token)
    card_changed(model.agency.slug)


# --- reading, cached --------------------------------------------------------------------------


def _schema() -> str:
    shapes = [
        (obj.__name__, [f.name for f in dataclasses.fields(obj)])
        for obj in vars(c).values()
        if dataclasses.is_dataclass(obj)
    ]
    return hashlib.sha256(repr(sorted(shapes)).encode()).hexdigest()[:10]


SCHEMA = _schema()  # a changed card shape never reads an old cached pickle
_built: dict[str, c.RateCard] = {}  # cache token -> card, this process
_BUILT_MAX = 256


def _index_key(slug: str) -> str:
    return f"ratecards:index:{slug}"


def _card_key(token: str) -> str:
    return f"ratecards:card:{SCHEMA}:{token}"


def _timeout() -> int:
    return getattr(settings, "RATECARD_CACHE_SECONDS", 300)


def _index(slug: str) -> dict:
    index = django_cache.get(_index_key(slug))
    if index is None:
        rows = list(
            m.RateCard.objects.filter(agency__slug=slug)
            .order_by("effective_from", "version")
            .values_list("effective_from", "version", "cache_token", "agency__time_zone")
        )
        if not rows:
            agency = m.Agency.objects.get(slug=slug)  # raises Agency.DoesNotExist
            rows_tz = agency.time_zone
        else:
            rows_tz = rows[0][3]
        index = {
            "time_zone": rows_tz,
            "dates": [row[0] for row in rows],
            "versions": [(row[1], str(row[2])) for row in rows],
        }
        django_cache.set(_index_key(slug), index, _timeout())
    return index


def _local_today(time_zone: str) -> date:
    return timezone.now().astimezone(ZoneInfo(time_zone)).date()


def current_card(agency: m.Agency | str, on: date | None = None) -> c.RateCard:
    """The card in force for ``agency`` (an Agency or its slug) on ``on`` (default: today in the
    agency's time zone). Warm, this reads Django's cache only: no database query.

    Raises ``Agency.DoesNotExist`` for an unknown agency and ``NoRateCard`` (a LookupError) when
    no version is in force on that date."""
    slug = agency if isinstance(agency, str) else agency.slug
    for _attempt in range(2):
        index = _index(slug)
        if on is None:
            on = _local_today(index["time_zone"])
        elif isinstance(on, datetime):
            on = on.astimezone(ZoneInfo(index["time_zone"])).date()
        position = bisect_right(index["dates"], on)
        if position == 0:
            raise NoRateCard(f"{slug!r} has no rate card in force on {on:%Y-%m-%d}.")
        version, token = index["versions"][position - 1]
        card = _card_for(token, slug, version)
        if card is not None:
            return card
        django_cache.delete(_index_key(slug))  # changed since the index was read: read it again
    raise NoRateCard(f"{slug!r}: its rate card changed while being read; try again.")


def card_for_start(today_card: c.RateCard, starts_at: datetime | None) -> c.RateCard:
    """The card that prices a request whose first shift starts at ``starts_at`` (aware), given
    the agency's card in force today: the version in force on that day (agency local) when it is
    after today, else ``today_card`` itself. A price change published "from next month" prices
    next month's shifts already today. Warm, a cache read at most."""
    if starts_at is None:
        return today_card
    day = starts_at.astimezone(ZoneInfo(today_card.time_zone)).date()
    if day <= _local_today(today_card.time_zone):
        return today_card
    return current_card(today_card.agency, day)


def upcoming_cards(agency: m.Agency | str) -> list[c.RateCard]:
    """The versions published to take force after today (agency local), in date order: what the
    public rates page shows as "from <date>". Reads the cached index like ``current_card``."""
    slug = agency if isinstance(agency, str) else agency.slug
    index = _index(slug)
    today = _local_today(index["time_zone"])
    dates = sorted({day for day in index["dates"] if day > today})
    found = []
    for day in dates:
        card = current_card(slug, day)
        if card.effective_from == day:
            found.append(card)
    return found


def _card_for(token: str, slug: str, version: int) -> c.RateCard | None:
    """The built card of one version, or None when the stored version has another token now."""
    card = _built.get(token)
    if card is not None:
        return card
    card = django_cache.get(_card_key(token))
    if card is None:
        model = (
            m.RateCard.objects.select_related("agency")
            .prefetch_related(*PREFETCH)
            .filter(agency__slug=slug, version=version)
            .first()
        )
        if model is None or str(model.cache_token) != token:
            return None
        card = card_from_model(model)
        django_cache.set(_card_key(token), card, _timeout() * 12)
    if len(_built) >= _BUILT_MAX:
        _built.clear()
    _built[token] = card
    return card


def clear_cache() -> None:
    """Forget this process's built cards (tests; Django's cache is cleared separately)."""
    _built.clear()


# --- documents --------------------------------------------------------------------------------


def agency_profile(agency: m.Agency) -> dict:
    return {name: getattr(agency, name) for name in PROFILE_FIELDS}


def version_model(agency: m.Agency | str, version: int) -> m.RateCard:
    slug = agency if isinstance(agency, str) else agency.slug
    found = m.RateCard.objects.filter(agency__slug=slug, version=version).first()
    if found is None:
        raise NoRateCard(f"{slug!r} has no rate card version {version}.")
    return load_model(found.pk)


def export_document(
    agency: m.Agency | str, *, on: date | None = None, version: int | None = None
) -> dict:
    """The JSON envelope (docs/rate-cards.md) of the card in force on ``on`` (default today),
    or of one ``version``; ``load_ratecard`` reads it back to the same card."""
    if isinstance(agency, str):
        agency = m.Agency.objects.get(slug=agency)
    if version is not None:
        card = card_from_model(version_model(agency, version))
    else:
        card = current_card(agency, on)
    return write_document(agency_profile(agency), card)


def load_card(agency_or_slug) -> c.RateCard:
    """The agency's current card, or 404 when the agency (or its card) does not exist."""
    try:
        return current_card(agency_or_slug)
    except (m.Agency.DoesNotExist, LookupError) as exc:
        raise Http404("No such agency.") from exc
