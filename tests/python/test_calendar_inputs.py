"""Odd date inputs never give a silent wrong answer (docs/calendar/holidays.md, "Dates in Python").

Each case is an input that once came back as a plausible but wrong date or count: a timezone
ignored, an offset cut to 32 bits, a day number wrapped around, a fraction dropped, a month
taken as its first day, an integer read as days since 1970.
"""

from __future__ import annotations

import datetime as dt
import doctest
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cchc
from cchc.calendar import period_of_array, to_lunar_array

ROOT = Path(__file__).resolve().parents[2]
UTC = dt.timezone.utc
NEW_YORK_WINTER = dt.timezone(dt.timedelta(hours=-5))


@pytest.fixture(scope="module")
def calendar() -> cchc.WorkCalendar:
    return cchc.WorkCalendar()


# --- timezone-aware timestamps: the date in Vietnam (UTC+7), scalars and arrays alike ---------

# (instant, its date in Vietnam). Fri 13/2/2026 18:00 UTC is Sat 14/2 01:00 in Hà Nội; Sun
# 22/2/2026 20:00 at UTC−5 is Mon 23/2 08:00 in Hà Nội, the first working day after Tết.
AWARE = [
    (dt.datetime(2026, 2, 13, 18, 0, tzinfo=UTC), dt.date(2026, 2, 14)),
    (dt.datetime(2026, 2, 22, 20, 0, tzinfo=NEW_YORK_WINTER), dt.date(2026, 2, 23)),
    (dt.datetime(2026, 2, 13, 16, 59, tzinfo=UTC), dt.date(2026, 2, 13)),
]


def test_aware_scalars_are_read_as_their_date_in_vietnam(calendar: cchc.WorkCalendar) -> None:
    for instant, vietnam_date in AWARE:
        assert calendar.roll_forward(instant) == calendar.roll_forward(vietnam_date)
        assert calendar.is_working_day(instant) == calendar.is_working_day(vietnam_date)
        assert cchc.to_lunar(instant) == cchc.to_lunar(vietnam_date)
        timestamp = pd.Timestamp(instant)
        assert calendar.is_working_day(timestamp) == calendar.is_working_day(vietnam_date)
    # The two cases where the local date would have given the opposite answer.
    assert calendar.is_working_day(AWARE[0][0]) is False  # Saturday in Vietnam
    assert calendar.is_working_day(AWARE[1][0]) is True  # Monday in Vietnam
    # A naive datetime is taken as Vietnamese time already.
    assert calendar.is_working_day(dt.datetime(2026, 2, 13, 18, 0)) is True


def test_aware_arrays_and_series_agree_with_scalars(calendar: cchc.WorkCalendar) -> None:
    instants = [instant for instant, _ in AWARE]
    expected = np.array([calendar.is_working_day(d) for _, d in AWARE])
    series = pd.Series(pd.to_datetime([i.astimezone(UTC) for i in instants]))
    assert str(series.dt.tz) == "UTC"
    np.testing.assert_array_equal(calendar.is_working_day(series), expected)
    np.testing.assert_array_equal(calendar.is_working_day(pd.DatetimeIndex(series)), expected)
    in_new_york = series.dt.tz_convert(NEW_YORK_WINTER)
    np.testing.assert_array_equal(calendar.is_working_day(in_new_york), expected)
    # Python objects with their own zones: read one by one with the scalar conversion.
    np.testing.assert_array_equal(calendar.is_working_day(instants), expected)
    np.testing.assert_array_equal(
        calendar.is_working_day(np.array(instants, dtype=object)), expected
    )
    moved = calendar.add_working_days(series, 1)
    assert moved.tolist() == [calendar.add_working_days(d, 1) for _, d in AWARE]
    assert to_lunar_array(series)[2].tolist() == [cchc.to_lunar(d).day for _, d in AWARE]


# --- offsets and counts are 64-bit: never truncated -------------------------------------------


def test_offsets_beyond_32_bits_are_out_of_range(calendar: cchc.WorkCalendar) -> None:
    start = dt.date(2026, 1, 5)
    # 2**32 + 1 cut to 32 bits is 1: the old answer was the next working day.
    for days in (2**32 + 1, -(2**32) + 1, 2**31, 2**63 - 1, -(2**63), 2**70):
        with pytest.raises(cchc.OutOfRangeError):
            calendar.add_working_days(start, days)
    with pytest.raises(cchc.OutOfRangeError):
        calendar.add_working_days(start, np.int64(2**32 + 1))
    with pytest.raises(cchc.OutOfRangeError):
        calendar.add_working_days([start, start], np.array([1, 2**32 + 1], dtype=np.int64))
    with pytest.raises(cchc.OutOfRangeError):
        calendar.add_working_days([start], np.array([2**63 + 5], dtype=np.uint64))
    with pytest.raises(cchc.OutOfRangeError):
        calendar.add_working_days([start], [2**70])
    with pytest.raises(cchc.OutOfRangeError):
        calendar.due_date(start, 2**32 + 5)
    with pytest.raises(cchc.OutOfRangeError):
        calendar.due_dates([start], np.array([2**32 + 5]))
    # Within range the arithmetic is unchanged, and counts come back as 64-bit integers.
    assert calendar.add_working_days(start, 1) == dt.date(2026, 1, 6)
    count = calendar.count_working_days(dt.date(1900, 1, 1), dt.date(2200, 1, 1))
    assert count > 70_000
    counts = calendar.count_working_days([dt.date(1900, 1, 1)], [dt.date(2200, 1, 1)])
    assert counts.dtype == np.int64 and counts.tolist() == [count]
    last = calendar.roll_backward(dt.date(2199, 12, 31))
    assert calendar.add_working_days(dt.date(1900, 1, 1), count - 1) == last


def test_fractional_offsets_are_refused_in_both_forms(calendar: cchc.WorkCalendar) -> None:
    start = dt.date(2026, 1, 5)
    for bad in (2.5, np.float64(0.5), float("nan"), float("inf")):
        with pytest.raises(ValueError, match="whole number"):
            calendar.add_working_days(start, bad)
    with pytest.raises(ValueError, match=r"2\.5 at position 1"):
        calendar.add_working_days([start, start], [1, 2.5])
    with pytest.raises(ValueError, match="position 0"):
        calendar.add_working_days([start], np.array([np.nan]))
    with pytest.raises(ValueError, match="whole number"):
        calendar.due_date(start, 1.5)
    with pytest.raises(ValueError, match="whole number"):
        calendar.due_dates([start], [1.5])
    with pytest.raises(TypeError, match="boolean"):
        calendar.add_working_days(start, True)
    # A whole-valued float means what it says, scalar and array alike.
    assert calendar.add_working_days(start, 3.0) == calendar.add_working_days(start, 3)
    assert calendar.add_working_days([start], [3.0]).tolist() == [calendar.add_working_days(start, 3)]


# --- datetime64 beyond the range: refused, never wrapped --------------------------------------


def test_datetime64_beyond_the_range_is_refused(calendar: cchc.WorkCalendar) -> None:
    monday = np.datetime64("2026-01-05", "D")
    wrapped = monday + np.timedelta64(2**32, "D")  # the same int32 bits as 2026-01-05
    with pytest.raises(cchc.OutOfRangeError):
        calendar.is_working_day(wrapped)
    with pytest.raises(cchc.OutOfRangeError, match="position 1"):
        calendar.is_working_day(np.array([monday, wrapped]))
    with pytest.raises(cchc.OutOfRangeError):
        calendar.add_working_days(np.array([wrapped]), 0)
    with pytest.raises(cchc.OutOfRangeError):
        calendar.count_working_days(np.array([monday]), np.array([wrapped]))
    with pytest.raises(cchc.OutOfRangeError):
        to_lunar_array(np.array([wrapped]))
    with pytest.raises(cchc.OutOfRangeError):
        period_of_array(np.array([wrapped]), "quarter")
    with pytest.raises(cchc.OutOfRangeError):
        cchc.to_lunar(wrapped)
    # Far dates in a finer unit too, and plain out-of-calendar dates.
    far = np.array(["200000-01-01T00:00"], dtype="datetime64[s]")
    with pytest.raises(cchc.OutOfRangeError):
        calendar.is_working_day(far)
    with pytest.raises(cchc.OutOfRangeError):
        calendar.is_working_day(np.array(["2300-01-01"], dtype="datetime64[D]"))


def test_finer_units_are_floored_to_their_day(calendar: cchc.WorkCalendar) -> None:
    late_friday = np.array(["2026-02-13T23:59:59", "1969-12-31T23:00"], dtype="datetime64[s]")
    assert calendar.add_working_days(late_friday, 0).tolist() == [
        dt.date(2026, 2, 13),
        dt.date(1969, 12, 31),
    ]
    assert calendar.is_working_day(np.datetime64("2026-02-13T23:59:59")) is True


def test_months_years_and_weeks_are_refused(calendar: cchc.WorkCalendar) -> None:
    for unit, value in (("M", "2026-02"), ("Y", "2026"), ("W", "2026-01-01")):
        with pytest.raises(cchc.InvalidDateError, match=rf"\[{unit}\]"):
            calendar.is_working_day(np.array([value], dtype=f"datetime64[{unit}]"))
        with pytest.raises(cchc.InvalidDateError, match=rf"\[{unit}\]"):
            calendar.is_working_day(np.datetime64(value, unit))
    with pytest.raises(cchc.InvalidDateError, match="months"):
        to_lunar_array(np.array(["2026-02", "2026-03"], dtype="datetime64[M]"))


# --- NaT and integers say what was given ------------------------------------------------------


def test_nat_and_numbers_name_what_was_given(calendar: cchc.WorkCalendar) -> None:
    with pytest.raises(cchc.InvalidDateError, match="NaT"):
        calendar.is_working_day(np.datetime64("NaT"))
    with pytest.raises(cchc.InvalidDateError, match="NaT"):
        calendar.is_working_day(pd.NaT)
    with pytest.raises(cchc.InvalidDateError, match="NaT.*position 1"):
        calendar.is_working_day(pd.Series(pd.to_datetime(["2026-01-05", None])))
    with pytest.raises(cchc.InvalidDateError, match="position 1: NaT"):
        calendar.is_working_day(np.array([dt.date(2026, 1, 5), pd.NaT], dtype=object))
    with pytest.raises(cchc.InvalidDateError, match="position 1: None"):
        calendar.is_working_day([dt.date(2026, 1, 5), None])
    # An integer is not a day number: 20260105 and 20458 (days since 1970) both refused.
    with pytest.raises(cchc.InvalidDateError, match="20260105"):
        calendar.is_working_day(20260105)
    with pytest.raises(cchc.InvalidDateError, match=r"int64, e\.g\. 20458"):
        calendar.is_working_day(np.array([20458, 20459]))
    with pytest.raises(cchc.InvalidDateError, match="20458"):
        calendar.next_working_day(20458)  # type: ignore[arg-type]
    with pytest.raises(cchc.InvalidDateError, match="2026.5"):
        cchc.to_lunar(2026.5)  # type: ignore[arg-type]


# --- dd/mm/yyyy strings in arrays as in scalars -------------------------------------------------


def test_day_first_strings_in_arrays(calendar: cchc.WorkCalendar) -> None:
    texts = ["17/02/2026", "23/2/2026", "2026-02-24"]
    expected = [calendar.is_working_day(text) for text in texts]
    assert expected == [False, True, True]
    assert calendar.is_working_day(texts).tolist() == expected
    assert calendar.is_working_day(np.array(texts)).tolist() == expected
    assert calendar.is_working_day(pd.Series(texts)).tolist() == expected
    assert calendar.add_working_days(texts, 1).tolist() == [
        calendar.add_working_days(text, 1) for text in texts
    ]
    with pytest.raises(cchc.InvalidDateError, match="position 1.*31/02/2026"):
        calendar.is_working_day(["17/02/2026", "31/02/2026"])
    # 05/01/2026 is 5 January (day first), never 1 May.
    assert calendar.add_working_days(["05/01/2026"], 0).tolist() == [dt.date(2026, 1, 5)]


def test_empty_inputs_stay_empty(calendar: cchc.WorkCalendar) -> None:
    assert calendar.is_working_day([]).tolist() == []
    assert calendar.add_working_days(np.array([], dtype="datetime64[D]"), 1).tolist() == []


# --- the lunar API in Python, as docs/calendar/lunar.md shows it ------------------------------


def test_gio_to_hung_vuong_beside_tet() -> None:
    assert cchc.gio_to_hung_vuong(2026) == dt.date(2026, 4, 26)
    assert cchc.gio_to_hung_vuong(2023) == dt.date(2023, 4, 29)
    assert "gio_to_hung_vuong" in cchc.__all__ and "tet" in cchc.__all__
    with pytest.raises(cchc.OutOfRangeError):
        cchc.gio_to_hung_vuong(2300)


def test_lunar_page_examples_run() -> None:
    failures, tried = doctest.testfile(
        str(ROOT / "docs" / "calendar" / "lunar.md"), module_relative=False
    )
    assert tried >= 6 and failures == 0


# --- The array count and is_working_day kernels: missing and out-of-range dates ----------------


def test_array_counts_refuse_nat_and_outside_dates_as_the_scalar_loop_did() -> None:
    calendar = cchc.WorkCalendar(first_year=2024, last_year=2026)
    days = np.array(["2024-02-01", "2026-12-31", "2025-01-29", "2024-01-01"], dtype="datetime64[D]")
    ends = np.array(["2024-03-01", "2027-01-01", "2025-01-01", "2023-12-31"], dtype="datetime64[D]")
    # The day after the last one closes an interval; the day before the first one is reached
    # by a mirrored interval (end < begin); both are counted, not refused.
    expected = [calendar.count_working_days(b.item(), e.item()) for b, e in zip(days, ends)]
    assert calendar.count_working_days(days, ends).tolist() == expected
    assert expected[0] == 16 and expected[3] == 0
    # NaT in the ends and, later, in the begins: the begins' NaT is reported (as before).
    with_nat = days.copy()
    with_nat[3] = np.datetime64("NaT")
    ends_nat = ends.copy()
    ends_nat[1] = np.datetime64("NaT")
    with pytest.raises(cchc.InvalidDateError, match=r"count_working_days: missing date \(NaT\) at position 3"):
        calendar.count_working_days(with_nat, ends_nat)
    with pytest.raises(cchc.InvalidDateError, match=r"count_working_days: missing date \(NaT\) at position 1"):
        calendar.count_working_days(days, ends_nat)
    with pytest.raises(cchc.InvalidDateError, match=r"is_working_day: missing date \(NaT\) at position 3"):
        calendar.is_working_day(with_nat)
    # NaT in nanosecond data (pandas) is found after the conversion to days.
    with pytest.raises(cchc.InvalidDateError, match="NaT.*position 1"):
        calendar.count_working_days(pd.Series(pd.to_datetime(["2025-01-02", None])), days[:2])
    # A date outside the table names itself and the table, whichever side it is on.
    outside = days.copy()
    outside[2] = np.datetime64("2027-01-02")
    with pytest.raises(cchc.OutOfRangeError, match="2027-01-02.*outside the working-day calendar"):
        calendar.count_working_days(outside, ends)
    with pytest.raises(cchc.OutOfRangeError, match="2023-12-31.*outside"):
        calendar.count_working_days(ends[3:], days[3:])  # begin < end: the begin is outside
    with pytest.raises(cchc.OutOfRangeError, match="2027-01-02"):
        calendar.is_working_day(outside)
    assert calendar.count_working_days(days[:0], ends[:0]).shape == (0,)


def test_array_counts_with_make_up_saturdays_equal_the_scalar_count() -> None:
    calendar = cchc.WorkCalendar(first_year=2019, last_year=2027)  # make-up Saturdays count
    rng = np.random.default_rng(19)
    first = np.datetime64("2019-01-01").astype(np.int64)
    last = np.datetime64("2028-01-01").astype(np.int64)  # the day after the table
    begins = rng.integers(first, last, 3_000).astype("datetime64[D]")
    ends = rng.integers(first, last + 1, 3_000).astype("datetime64[D]")  # … closes intervals
    counts = calendar.count_working_days(begins, ends)
    assert (counts < 0).any() and (counts > 0).any()
    for begin, end, count in zip(begins.tolist(), ends.tolist(), counts.tolist()):
        assert count == calendar.count_working_days(begin, end)
    # Every make-up Saturday of those years is counted as a working day.
    make_up = [
        day.date
        for year in range(2019, 2028)
        for day in calendar.special_days(year)
        if day.kind == "make_up"
    ]
    assert make_up
    for saturday in make_up:
        assert calendar.count_working_days([saturday], [saturday + dt.timedelta(days=1)]).tolist() == [1]
