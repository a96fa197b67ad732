"""The page forms that read shifts into typed values: the quote and request pages' shift rows
(aware times in the agency's zone, an earlier end is the next morning) and the reduce rows (an
end at or before the start's time of day is the next day)."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from agencies.quoteform import QuoteForm, ShiftRow
from jobs.forms import ReduceRowForm
from jobs.inputs import ShiftChange

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=CHICAGO)


def rows(*shifts: ShiftRow):
    card = SimpleNamespace(time_zone="America/Chicago")
    return QuoteForm(shifts=list(shifts)).shift_formset(card, NOW)


def test_a_shift_row_is_aware_local_time_and_an_earlier_end_is_the_next_morning():
    found = rows(ShiftRow("2027-03-13", "22:00", "04:00", "2"))
    assert found.is_valid(), found.errors
    ((starts_at, ends_at, officers),) = found.values()
    assert starts_at == datetime(2027, 3, 13, 22, 0, tzinfo=CHICAGO)
    assert ends_at == datetime(2027, 3, 14, 4, 0, tzinfo=CHICAGO)
    assert starts_at.utcoffset() != ends_at.utcoffset()  # the night daylight saving starts
    assert officers == 2


def test_every_row_is_checked_an_empty_one_included():
    found = rows(ShiftRow("2027-03-13", "18:00", "22:00", "2"), ShiftRow())
    assert not found.is_valid()
    assert ("shifts[1].date", "Choose the date of the shift.") in found.errors_by_field()


def test_a_start_equal_to_the_end_is_refused_at_the_end():
    found = rows(ShiftRow("2027-03-13", "18:00", "18:00", "2"))
    assert not found.is_valid()
    assert found.errors_by_field() == [("shifts[0].ends_at", "The end must be after the start.")]


def reduce_row(officers: str, end: str) -> ReduceRowForm:
    shift = SimpleNamespace(
        index=3,
        officers=2,
        starts_at=datetime(2027, 4, 7, 22, 0, tzinfo=CHICAGO),
        ends_at=datetime(2027, 4, 8, 3, 0, tzinfo=CHICAGO),
    )
    data = {"reduce-3-officers": officers, "reduce-3-end": end}
    return ReduceRowForm(data, shift=shift, tz=CHICAGO)


def test_a_reduce_row_is_a_shift_change_its_end_the_next_day_when_at_or_before_the_start():
    form = reduce_row("1", "01:30")
    assert form.is_valid(), form.errors
    assert form.change() == ShiftChange(3, 1, datetime(2027, 4, 8, 1, 30, tzinfo=CHICAGO))
    same_time = reduce_row("1", "22:00")
    assert same_time.is_valid()
    assert same_time.change().ends_at.date() == date(2027, 4, 8)
    later = reduce_row("1", "23:00")
    assert later.is_valid()
    assert later.change().ends_at == datetime(2027, 4, 7, 23, 0, tzinfo=CHICAGO)


def test_a_reduce_row_names_what_it_cannot_read():
    assert "number" in reduce_row("two", "01:30").errors["officers"][0]
    assert "end time" in reduce_row("1", "7 pm").errors["end"][0]
    assert "at most" in reduce_row(str(10**24), "01:30").errors["officers"][0]
