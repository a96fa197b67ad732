"""Bounds on every input (PLAT-LIMIT-1): how much one request may ask for.

Defaults are sized for the largest real events the agencies staff (a Mardi Gras parade route is
a few hundred officers); a site overrides any of them with ``DETAILHIRE_LIMITS`` in its settings,
e.g. ``DETAILHIRE_LIMITS = {"officers_per_shift": 800}``. Edges (serializers, forms, the list
pagination) and services read them through ``limit(name)``; a value over a bound is refused with
a message naming the bound, never a 500.
"""

from __future__ import annotations

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

__all__ = ["DEFAULTS", "limit", "limits", "year_range"]

DEFAULTS = {
    # one request
    "officers_per_shift": 500,  # officers asked for on one shift
    "shifts_per_request": 100,  # shifts in one quote or job request
    "positions_per_job": 2000,  # positions of one job (officers and supervisors, every shift)
    "min_shift_minutes": 15,  # the shortest shift (a 1-microsecond shift is a mistake)
    "max_shift_hours": 72,  # the longest shift, whatever the card allows (or when it sets none)
    "years_ahead": 5,  # a shift starts at most this many years from now
    "earliest_year": 2000,  # no date before this year
    "add_ons": 20,  # add-on codes in one request
    "preferred_officers": 50,  # preferred officers named in one request
    "code_length": 64,  # rank, tier, job type, add-on, category and agency codes
    "period_days": 366,  # the longest period one report or export covers (payroll, ledger)
    # lists
    "page_size": 200,  # the most rows one list page answers (``limit``)
    "offset": 1_000_000,  # the furthest a list may skip (``offset``)
}


_current: dict[str, int] | None = None


def limits() -> dict[str, int]:
    """Every bound, by name (read once; a settings change in tests reads them again)."""
    global _current
    if _current is None:
        overrides = getattr(settings, "DETAILHIRE_LIMITS", None) or {}
        _current = {name: int(overrides.get(name, value)) for name, value in DEFAULTS.items()}
    return _current


def limit(name: str) -> int:
    """The bound ``name`` (``DETAILHIRE_LIMITS`` over ``DEFAULTS``)."""
    return limits()[name]


def year_range() -> tuple[int, int]:
    """The first and last year a date a user gives may fall in: from ``earliest_year`` to
    ``years_ahead`` years from now (a date outside is refused in words, never a date overflow)."""
    from datetime import date

    return limit("earliest_year"), date.today().year + limit("years_ahead")


@receiver(setting_changed)
def _forget(*, setting, **_kwargs) -> None:
    global _current
    if setting == "DETAILHIRE_LIMITS":
        _current = None
