"""Supervision (NOPD-SUP-1, PLAT-SUP-2): how many supervisors of which rank a job needs, from the
card's supervisory table and its ratios, and which shift carries them.

The officers on site at once is the highest count over a shift's time of the officers on every
overlapping shift of the request. Table rows whose range holds it say how many supervisors of
which rank; a ratio asks 1 supervisor of its rank per ``per_officers`` officers, rounded up, once
``from_officers`` are on site at once (12 officers at 1 per 5: 3). Rows and ratios that count
toward the requested officers turn that many requested officers into supervisors, the others add
positions. Shifts that overlap (directly or through one another) are one crowd: its supervisors
are counted once, on the crowd's longest shift, not once per shift.

Pure: no ORM, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from agencies.pricing import card as c
from agencies.pricing.index import CardIndex

__all__ = ["Need", "crowds", "needs", "roles", "simultaneous", "words"]


@dataclass(frozen=True, slots=True)
class Need:
    """Supervisors one table row or ratio asks for a crowd."""

    rank: str
    supervisors: int
    counts_toward_requested: bool
    rate_category: str | None
    example: bool
    ratio: int | None = None  # per_officers of a ratio; None for a table row


def simultaneous(shifts) -> list[int]:
    """Per shift, the most officers on site at once over its time, counting every overlapping
    shift of the request (``shifts``: (index, start, end, officers, elapsed) tuples)."""
    if len(shifts) == 1:
        return [shifts[0][3]]
    peaks = []
    for _, start, end, _, _ in shifts:
        events = []
        for _, other_start, other_end, officers, _ in shifts:
            if other_start < end and other_end > start:
                events.append((max(other_start, start), 1, officers))
                events.append((min(other_end, end), 0, -officers))
        events.sort(key=lambda e: (e[0], e[1]))
        current = peak = 0
        for _, _, delta in events:
            current += delta
            if current > peak:
                peak = current
        peaks.append(peak)
    return peaks


def crowds(shifts, peaks: list[int]) -> tuple[list[int], list[int]]:
    """Shifts that overlap (directly or through others) share one crowd and its supervisors.
    Returns, per shift, the crowd's peak and the index of the shift that carries the crowd's
    supervisors: the group's longest shift (ties: the earliest). A lone shift is its own group."""
    order = sorted(range(len(shifts)), key=lambda k: (shifts[k][1], k))
    position = {k: n for n, k in enumerate(order)}
    groups: list[list[int]] = []
    group_end = None
    for k in order:
        start, end = shifts[k][1], shifts[k][2]
        if groups and group_end is not None and start < group_end:
            groups[-1].append(k)
            group_end = max(group_end, end)
        else:
            groups.append([k])
            group_end = end
    crowd = list(peaks)
    carrier = list(range(len(shifts)))
    for group in groups:
        top = max(peaks[k] for k in group)
        chosen = max(group, key=lambda k: (shifts[k][2] - shifts[k][1], -position[k]))
        for k in group:
            crowd[k] = top
            carrier[k] = chosen
    return crowd, carrier


def ratio_supervisors(ratio: c.SupervisionRatio, officers: int) -> int:
    """Supervisors a ratio asks for ``officers`` on site at once: ceil(officers / per_officers)
    from its threshold on, none below it."""
    if officers < max(ratio.from_officers, 1):
        return 0
    return -(-officers // ratio.per_officers)


def needs(ix: CardIndex, officers: int) -> tuple[Need, ...]:
    """What the table rows and the ratios of the card ask for ``officers`` on site at once."""
    supervision = ix.card.supervision
    found: list[Need] = []
    if supervision.rows:
        for row in ix.supervision_rows(officers):
            found.append(
                Need(
                    row.rank,
                    row.supervisors,
                    row.counts_toward_requested,
                    row.rate_category,
                    row.example,
                )
            )
    for ratio in supervision.ratios:
        count = ratio_supervisors(ratio, officers)
        if count:
            found.append(
                Need(
                    ratio.rank,
                    count,
                    ratio.counts_toward_requested,
                    ratio.rate_category,
                    ratio.example,
                    ratio.per_officers,
                )
            )
    return tuple(found)


def roles(ix: CardIndex, rank: str, officers: int, crowd: int):
    """[(kind, rank, count, category)] of one shift, the needs applied and the supervisor count."""
    found = needs(ix, crowd) if (ix.card.supervision.rows or ix.card.supervision.ratios) else ()
    if not found:
        return [("officer", rank, officers, "regular")], (), 0
    base = officers
    extra = []
    for need in found:
        count = need.supervisors
        if need.counts_toward_requested:
            count = min(count, base)
            base -= count
        if count:
            extra.append(("supervisor", need.rank, count, need.rate_category or "regular"))
    return [("officer", rank, base, "regular"), *extra], found, sum(r[2] for r in extra)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def words(ix: CardIndex, roles_, found: tuple[Need, ...], peak: int):
    """The warning, the responsible-person entry (rank level, sentence) and the highest supervisor
    rank of a supervised shift (NOPD-SUP-1)."""
    card = ix.card
    supervising = [r for r in roles_ if r[0] == "supervisor"]
    top = max((ix.ranks[r[1]] for r in supervising), key=lambda r: r.level)
    what = " and ".join(_plural(r[2], ix.ranks[r[1]].name.lower()) for r in supervising)
    sources = []
    if any(n.ratio is None for n in found):
        sources.append("supervisory table")
    for need in found:
        if need.ratio is not None:
            sources.append(f"1 {ix.ranks[need.rank].name.lower()} per {need.ratio} officers")
    note = ", ".join(dict.fromkeys(sources))
    if card.supervision.example or any(n.example for n in found):
        note += ", example values"
    warning = f"{peak} officers at once need {what} on site ({note})."
    return warning, (top.level, f"The {top.name.lower()} on site is responsible."), top.code
