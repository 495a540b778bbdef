"""The Python face of the working-day calendar: scalars, arrays, numpy equivalence, errors."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import cchc
from cchc.errors import CchcError, InvalidDateError, OutOfRangeError, ParseError


def test_scalar_inputs_of_every_kind(calendar: cchc.WorkCalendar) -> None:
    expected = dt.date(2024, 2, 16)
    assert calendar.due_date(dt.date(2024, 2, 2), 5) == expected
    assert calendar.due_date(np.datetime64("2024-02-02"), 5) == expected
    assert calendar.due_date("2024-02-02", 5) == expected
    assert calendar.due_date("02/02/2024", 5) == expected
    assert calendar.is_working_day(dt.datetime(2026, 1, 10, 9, 30)) is True  # make-up Saturday
    assert calendar.next_working_day("2024-02-07") == dt.date(2024, 2, 15)
    assert calendar.previous_working_day("2024-02-15") == dt.date(2024, 2, 7)
    assert calendar.roll_forward("2024-02-10") == dt.date(2024, 2, 15)
    assert calendar.roll_backward("2024-02-10") == dt.date(2024, 2, 7)


def test_describe_and_special_days(calendar: cchc.WorkCalendar) -> None:
    info = calendar.describe("2024-02-13")
    assert not info.working
    assert info.reason == "Tết Nguyên đán (compensatory)"
    assert "vietnamnews" in info.source
    days = calendar.special_days(2026)
    kinds = {(d.date.isoformat(), d.kind) for d in days}
    assert ("2026-01-10", "make_up") in kinds
    assert ("2026-08-31", "swapped") in kinds
    assert all(d.date.year == 2026 for d in days)


def test_due_dates_with_pauses_and_cutoff(calendar: cchc.WorkCalendar) -> None:
    assert calendar.due_date("2024-04-26", 10) == dt.date(2024, 5, 14)
    pause = [("2024-05-06", "2024-05-10")]
    assert calendar.due_date("2024-04-26", 10, pause) == dt.date(2024, 5, 20)
    assert calendar.due_date("2024-04-26", 10, pause, pause_rule="restart") == dt.date(2024, 5, 24)
    assert calendar.due_date("2024-02-02", 5, received_hour=16, afternoon_cutoff_hour=15) == dt.date(
        2024, 2, 19
    )
    with pytest.raises(ValueError, match="pause_rule"):
        calendar.due_date("2024-02-02", 5, pause_rule="sometimes")  # type: ignore[arg-type]


def test_vectorised_results_equal_scalar_results(calendar: cchc.WorkCalendar) -> None:
    rng = np.random.default_rng(7)
    days = rng.integers(np.datetime64("2022-01-01").astype(int), np.datetime64("2027-12-01").astype(int), 2000)
    dates = days.astype("datetime64[D]")
    offsets = rng.integers(-30, 30, dates.size)
    moved = calendar.add_working_days(dates, offsets)
    counted = calendar.count_working_days(dates, moved)
    working = calendar.is_working_day(dates)
    due = calendar.due_dates(dates, np.abs(offsets))
    for i in range(0, dates.size, 37):
        day = dates[i].item()
        assert moved[i].item() == calendar.add_working_days(day, int(offsets[i]))
        assert counted[i] == calendar.count_working_days(day, moved[i].item())
        assert working[i] == calendar.is_working_day(day)
        assert due[i].item() == calendar.due_date(day, int(abs(offsets[i])))
    assert moved.dtype == np.dtype("datetime64[D]")
    assert counted.dtype == np.int64


def test_vectorised_inputs_lists_strings_and_broadcasting(calendar: cchc.WorkCalendar) -> None:
    result = calendar.add_working_days(["2024-02-07", "2024-02-15"], 1)
    assert result.tolist() == [dt.date(2024, 2, 15), dt.date(2024, 2, 16)]
    counts = calendar.count_working_days(np.array(["2024-02-01"], dtype="datetime64[D]"), ["2024-03-01", "2024-02-01"])
    assert counts.tolist() == [16, 0]
    seconds = np.array(["2024-02-10T08:00"], dtype="datetime64[s]")
    assert calendar.is_working_day(seconds).tolist() == [False]


@pytest.mark.parametrize("week", ["1111100", "1111110"])
def test_equal_to_numpy_busday_functions(week: str) -> None:
    # numpy cannot express make-up Saturdays, so they are left out for the comparison.
    calendar = cchc.WorkCalendar(first_year=2015, last_year=2035, week=week, count_make_up_days=False)
    numpy_calendar = calendar.busdaycalendar()
    rng = np.random.default_rng(11)
    first = np.datetime64("2020-03-01").astype(int)
    last = np.datetime64("2029-10-01").astype(int)
    dates = rng.integers(first, last, 50_000).astype("datetime64[D]")
    ends = rng.integers(first, last, 50_000).astype("datetime64[D]")
    offsets = rng.integers(-100, 100, 50_000)
    np.testing.assert_array_equal(
        calendar.add_working_days(dates, offsets),
        np.busday_offset(dates, offsets, roll="forward", busdaycal=numpy_calendar),
    )
    np.testing.assert_array_equal(
        calendar.add_working_days(dates, offsets, roll="backward"),
        np.busday_offset(dates, offsets, roll="backward", busdaycal=numpy_calendar),
    )
    np.testing.assert_array_equal(
        calendar.count_working_days(dates, ends),
        np.busday_count(dates, ends, busdaycal=numpy_calendar),
    )
    np.testing.assert_array_equal(
        calendar.is_working_day(dates), np.is_busday(dates, busdaycal=numpy_calendar)
    )


def test_busdaycalendar_refuses_make_up_days(calendar: cchc.WorkCalendar) -> None:
    with pytest.raises(ValueError, match="make-up working day"):
        cchc.WorkCalendar(first_year=2026, last_year=2026).busdaycalendar()


def test_options_week_overrides_and_schedules() -> None:
    local = cchc.HolidaySchedule.parse(
        "year,holiday,kind,first,last,source,note\n2026,local,holiday,2026-03-10,,QĐ 2/QĐ-UBND,\n",
        "local.csv",
    )
    calendar = cchc.WorkCalendar(
        first_year=2026,
        last_year=2026,
        schedules=[local],
        overrides=[("2026-06-01", False, "QĐ 3/QĐ-UBND"), (dt.date(2026, 2, 20), True)],
        culture_day=False,
    )
    assert not calendar.is_working_day("2026-03-10")
    assert not calendar.is_working_day("2026-06-01")
    assert calendar.describe("2026-06-01").source == "QĐ 3/QĐ-UBND"
    assert calendar.is_working_day("2026-02-20")
    assert calendar.is_working_day("2026-11-24")
    saturday_unit = cchc.WorkCalendar(first_year=2026, last_year=2026, week="1111110")
    assert saturday_unit.is_working_day("2026-01-03")
    assert saturday_unit.week == "1111110"
    assert len(cchc.HolidaySchedule.official()) > 0
    assert cchc.HolidaySchedule.official().years() == [2014, 2015, 2019, 2023, 2024, 2025, 2026]


def test_errors_are_specific_classes_with_details(calendar: cchc.WorkCalendar) -> None:
    with pytest.raises(InvalidDateError, match="2023-02-29"):
        calendar.is_working_day("2023-02-29")
    with pytest.raises(OutOfRangeError, match="2200-01-01 is outside"):
        calendar.is_working_day("2200-01-01")
    with pytest.raises(OutOfRangeError):
        calendar.add_working_days(np.array(["2199-12-30"], dtype="datetime64[D]"), 10)
    with pytest.raises(InvalidDateError, match="position 1"):
        calendar.is_working_day(np.array(["2024-01-01", "NaT"], dtype="datetime64[D]"))
    with pytest.raises(InvalidDateError):
        calendar.is_working_day(["2024-01-01", "not a date"])
    with pytest.raises(ParseError) as raised:
        cchc.HolidaySchedule.parse(
            "year,holiday,kind,first,last,source,note\n2030,easter,holiday,2030-04-21,,,\n", "s.csv"
        )
    assert raised.value.source == "s.csv"
    assert raised.value.line == 2
    assert raised.value.field == "holiday"
    assert "easter" in raised.value.reason
    with pytest.raises(CchcError, match="negative"):
        calendar.due_date("2024-01-01", -3)
    with pytest.raises(OutOfRangeError):
        cchc.WorkCalendar(first_year=1800)
    with pytest.raises(CchcError, match="week mask"):
        cchc.WorkCalendar(week="11111")
    with pytest.raises(ValueError, match="not a whole number"):
        calendar.add_working_days(["2024-01-01"], [1.5])


def test_statutory_holidays() -> None:
    days = cchc.statutory_holidays(2026)
    assert [d.date.isoformat() for d in days if d.holiday == "hung_kings"] == ["2026-04-26"]
    assert {d.kind for d in days} == {"holiday"}
