"""A shift's billed timeline (PLAT-TIME-1, PLAT-PREMIUM-1): the hours billed per officer (the
minimum, the billing blocks, overtime increments) and the pieces the engine prices one by one,
cut at local midnights, at the shift's real end (hours added by the minimum follow it), where
overtime begins and at time-band edges. Pure, like the engine (``agencies.pricing.engine``).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from agencies.pricing import card as c
from agencies.pricing import premiums
from agencies.pricing.index import CardIndex
from agencies.pricing.money import ZERO, hours_of, span_of

_ONE_DAY = timedelta(days=1)


def billed(ix: CardIndex, job_type: c.JobType, elapsed: Decimal) -> tuple[Decimal, bool]:
    """Billed hours per officer for ``elapsed`` hours, and whether a billing block set them."""
    minimum = ix.minimum_hours(job_type)
    billed = elapsed if elapsed >= minimum else minimum
    by_block = False
    for block in ix.card.billing_blocks:
        if elapsed > block.over_hours and block.bill_hours > billed:
            billed = block.bill_hours
            by_block = True
    return premiums.overtime_billed(ix.card.overtime, billed), by_block


def pieces(ix: CardIndex, start, end, elapsed: Decimal, billed: Decimal, day, midnight):
    """The shift's billed timeline cut at local midnights, at its real end (hours added by the
    minimum follow it), where overtime begins and at time-band edges: (from_h, to_h, from, to,
    local date, is_padding, is_overtime). ``day`` is the local date of the start, ``midnight``
    the instant the next local day begins."""
    overtime = ix.card.overtime
    padding = billed > elapsed
    end_billed = end + span_of(billed - elapsed) if padding else end
    bands = premiums.band_bounds(ix, start, end_billed) if ix.bands else ()
    if (
        not padding
        and not bands
        and midnight >= end
        and (overtime is None or billed <= overtime.after_hours)
    ):
        return [(ZERO, elapsed, start, end, day, False, False)]  # the usual shift: one piece
    days = [(ZERO, start, day)]
    while midnight < end_billed:
        day = day + _ONE_DAY
        days.append((hours_of(midnight - start), midnight, day))
        midnight = ix.midnight(day + _ONE_DAY)
    bounds = [(offset, moment) for offset, moment, _ in days]
    if padding:
        bounds.append((elapsed, end))
    ot_after = None
    if overtime is not None and billed > overtime.after_hours:
        ot_after = overtime.after_hours
        if ot_after <= elapsed:
            bounds.append((ot_after, start + span_of(ot_after)))
        else:
            bounds.append((ot_after, end + span_of(ot_after - elapsed)))
    bounds.extend(bands)
    bounds.append((billed, end_billed))
    bounds.sort(key=lambda b: b[0])
    pieces = []
    d = 0
    last_day = len(days) - 1
    for k in range(len(bounds) - 1):
        h0, t0 = bounds[k]
        h1, t1 = bounds[k + 1]
        if h1 <= h0:
            continue
        while d < last_day and days[d + 1][0] <= h0:
            d += 1
        is_padding = padding and h0 >= elapsed
        is_overtime = ot_after is not None and h0 >= ot_after
        pieces.append((h0, h1, t0, t1, days[d][2], is_padding, is_overtime))
    return pieces
