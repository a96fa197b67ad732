"""Rate-card rows read back as the frozen ``agencies.pricing.card.RateCard`` the engine prices
from (``agencies.ratecards`` stores and caches them): which rows make a card (``COLLECTIONS``,
``NESTED``, ``CARD_PREFIXES``) and how a version's rows become its card."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from functools import cache
from typing import Any

from django.db import models as dj

from agencies import models as m
from agencies.pricing import card as c

PREFETCH = (
    "ranks",
    "tiers",
    "categories",
    "job_types",
    "rates",
    "billing_blocks",
    "calendar__dates",
    "notice",
    "add_ons",
    "supervision_rows",
    "supervision_ratios",
    "cancellation_rules__charges",
    "work_categories",
)

# (path in the card, model, related name on models.RateCard, dataclass)
COLLECTIONS = (
    ("ranks", m.Rank, "ranks", c.Rank),
    ("tiers", m.Tier, "tiers", c.Tier),
    ("categories", m.RateCategory, "categories", c.RateCategory),
    ("job_types", m.JobType, "job_types", c.JobType),
    ("rates", m.Rate, "rates", c.Rate),
    ("billing_blocks", m.BillingBlock, "billing_blocks", c.BillingBlock),
    ("calendar", m.CalendarRule, "calendar", c.CalendarRule),
    ("notice", m.NoticeRule, "notice", c.NoticeRule),
    ("add_ons", m.AddOn, "add_ons", c.AddOn),
    ("supervision.rows", m.SupervisionRow, "supervision_rows", c.SupervisionRow),
    ("supervision.ratios", m.SupervisionRatio, "supervision_ratios", c.SupervisionRatio),
    ("cancellation.rules", m.CancellationRule, "cancellation_rules", c.CancellationRule),
    ("work_categories", m.WorkCategory, "work_categories", c.WorkCategory),
)
# nested rows: (parent model, field on the parent dataclass, model, FK name, dataclass)
NESTED = {
    m.CalendarRule: ("dates", m.CalendarDate, "rule", c.DateRange),
    m.CancellationRule: ("charges", m.CancellationCharge, "rule", c.ChargeComponent),
}
# fields on models.RateCard that hold a nested dataclass: "fee_amount" is card.fee.amount
CARD_PREFIXES = ("fee", "overtime", "supervision", "cancellation", "payment", "hour_caps")


# --- rows -> dataclass ------------------------------------------------------------------------


def _num(value: Decimal | None) -> Decimal | None:
    """Hours, percentages and multipliers without the column's trailing zeros: 4, 1.5, 15."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


@cache
def _money_fields(model: type[dj.Model]) -> frozenset[str]:
    return frozenset(
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, dj.DecimalField) and f.decimal_places == 2 and f.max_digits == 12
    )


def _from_row(cls: type, row: dj.Model, **given: Any) -> Any:
    money = _money_fields(type(row))
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in given:
            kwargs[f.name] = given[f.name]
        elif f.name == "effect":
            kwargs["effect"] = c.Effect(
                kind=row.effect_kind,
                tier=row.effect_tier,
                category=row.effect_category,
                multiplier=_num(row.effect_multiplier),
                amount=row.effect_amount,
            )
        else:
            value = getattr(row, f.name)
            if isinstance(value, list):
                value = tuple(value)
            elif isinstance(value, Decimal) and f.name not in money:
                value = _num(value)
            kwargs[f.name] = value
    return cls(**kwargs)


def card_from_model(model: m.RateCard) -> c.RateCard:
    """The engine's frozen card for a stored version (use ``load_model`` to fetch it in one go)."""
    rows: dict[str, tuple] = {}
    for path, row_model, related, cls in COLLECTIONS:
        nested = NESTED.get(row_model)
        built = []
        for row in getattr(model, related).all():
            given = {}
            if nested:
                field, _child_model, _fk, child_cls = nested
                children = getattr(row, field).all()
                given[field] = tuple(_from_row(child_cls, child) for child in children)
            built.append(_from_row(cls, row, **given))
        rows[path] = tuple(built)
    overtime = None
    if model.overtime_after_hours is not None:
        overtime = c.Overtime(
            _num(model.overtime_after_hours),
            _num(model.overtime_multiplier),
            kind=model.overtime_kind,
            amount=model.overtime_amount,
            compounds=model.overtime_compounds,
            increment_hours=_num(model.overtime_increment_hours),
        )
    return c.RateCard(
        agency=model.agency.slug,
        version=model.version,
        effective_from=model.effective_from,
        currency=model.currency,
        time_zone=model.time_zone,
        base_rank=model.base_rank,
        ranks=rows["ranks"],
        job_types=rows["job_types"],
        rates=rows["rates"],
        fee=c.FeeRule(
            kind=model.fee_kind,
            amount=model.fee_amount,
            percent=_num(model.fee_percent),
            cap=model.fee_cap,
            per_officer=model.fee_per_officer,
            rounding=model.fee_rounding,
        ),
        tiers=rows["tiers"],
        default_tier=model.default_tier,
        categories=rows["categories"],
        minimum_hours=_num(model.minimum_hours),
        billing_blocks=rows["billing_blocks"],
        overtime=overtime,
        premiums=model.premiums,
        max_shift_hours=_num(model.max_shift_hours),
        calendar=rows["calendar"],
        notice=rows["notice"],
        unfilled_escalation_hours=tuple(model.unfilled_escalation_hours or ()),
        add_ons=rows["add_ons"],
        supervision=c.Supervision(
            rows=rows["supervision.rows"],
            ratios=rows["supervision.ratios"],
            senior_officer_responsible=model.supervision_senior_officer_responsible,
            rules=tuple(model.supervision_rules),
            example=model.supervision_example,
        ),
        cancellation=c.Cancellation(
            rules=rows["cancellation.rules"],
            agency_cancel_free=model.cancellation_agency_cancel_free,
            agency_cancel_rules=tuple(model.cancellation_agency_cancel_rules),
            withdraw_cutoff_hours=_num(model.cancellation_withdraw_cutoff_hours),
        ),
        payment=c.PaymentTerms(
            kind=model.payment_kind,
            hours_before_start=model.payment_hours_before_start,
            net_days=model.payment_net_days,
            methods=tuple(model.payment_methods),
            rules=tuple(model.payment_rules),
            late_fee_percent=_num(model.payment_late_fee_percent),
        ),
        hour_caps=c.HourCaps(
            rolling_24h=_num(model.hour_caps_rolling_24h),
            per_week=_num(model.hour_caps_per_week),
            week_starts=model.hour_caps_week_starts,
            rules=tuple(model.hour_caps_rules),
        ),
        work_categories=rows["work_categories"],
        rate_rules=tuple(model.rate_rules),
        minimum_rules=tuple(model.minimum_rules),
        highest_rate_rules=tuple(model.highest_rate_rules),
        notes=model.notes,
    )


def load_model(pk: int) -> m.RateCard:
    """One stored version with everything ``card_from_model`` reads."""
    return m.RateCard.objects.select_related("agency").prefetch_related(*PREFETCH).get(pk=pk)
