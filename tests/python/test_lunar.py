"""Lunar calendar from Python, checked against python-holidays' independent table."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import cchc
from cchc.calendar import to_lunar_array
from cchc.errors import InvalidDateError, OutOfRangeError


def test_known_dates() -> None:
    assert cchc.tet(1985) == dt.date(1985, 1, 21)  # Vietnam, not China's 20/2
    assert cchc.tet(2026) == dt.date(2026, 2, 17)
    assert cchc.leap_month(2023) == 2
    lunar = cchc.to_lunar("2026-04-26")
    assert (lunar.year, lunar.month, lunar.day, lunar.leap) == (2026, 3, 10, False)
    assert str(lunar) == "10/3/2026 (âm lịch)"
    assert cchc.from_lunar(2020, 4, 1, leap=True) == dt.date(2020, 5, 23)


def test_against_python_holidays_table() -> None:
    holidays = pytest.importorskip("holidays")
    from holidays.calendars.chinese import (  # type: ignore[import-untyped]
        VIETNAMESE_CALENDAR,
        _ChineseLunisolar,
    )

    reference = _ChineseLunisolar(calendar=VIETNAMESE_CALENDAR)
    checked = 0
    for year in range(1901, 2101):
        tet_date, _ = reference.lunar_new_year_date(year)
        assert cchc.tet(year) == tet_date, year
        hung, _ = reference.hung_kings_date(year)
        assert cchc.calendar.gio_to_hung_vuong(year) == hung, year
        checked += 1
    assert checked == 200
    assert holidays.__version__


def test_vectorised_round_trip_over_a_century() -> None:
    dates = np.arange(np.datetime64("1950-01-01"), np.datetime64("2050-01-01"))
    years, months, days, leaps = to_lunar_array(dates)
    for i in range(0, dates.size, 97):
        assert cchc.from_lunar(int(years[i]), int(months[i]), int(days[i]), bool(leaps[i])) == dates[i].item()


def test_bad_lunar_dates() -> None:
    with pytest.raises(InvalidDateError, match="30/2/2026"):
        cchc.from_lunar(2026, 2, 30)
    with pytest.raises(InvalidDateError):
        cchc.from_lunar(2026, 3, 1, leap=True)
    with pytest.raises(OutOfRangeError):
        cchc.tet(2300)
    with pytest.raises(OutOfRangeError):
        cchc.to_lunar("1800-01-01")
