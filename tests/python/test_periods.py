"""Reporting periods from Python: cut-offs, lookup, report due dates and the Decree 09 check."""

from __future__ import annotations

import datetime as dt

import pytest

import cchc
from cchc.calendar import check_schedule, periods_between, periods_containing
from cchc.errors import CchcError, InvalidDateError, ParseError


def test_q1_2023_counts_from_15_december() -> None:
    q1 = cchc.Period("quarter", 2023, 1)
    assert q1.data_range() == (dt.date(2022, 12, 15), dt.date(2023, 3, 14))
    assert q1.data_range("month end") == (dt.date(2023, 1, 1), dt.date(2023, 3, 31))
    assert (q1.first_day, q1.last_day) == (dt.date(2023, 1, 1), dt.date(2023, 3, 31))
    assert q1.label == "Quý I/2023" and q1.code == "2023-Q1"
    assert cchc.Period.parse("Quý I/2023") == q1
    assert q1.next() == cchc.Period.parse("2023-Q2")
    assert cchc.period_of("2022-12-20", "quarter") == q1
    assert cchc.period_of("2022-12-20", "quarter", "month end") == cchc.Period("quarter", 2022, 4)
    assert cchc.period_of(dt.date(2024, 2, 29), "month").label == "Tháng 3/2024"


def test_lookup_helpers() -> None:
    kinds = {p.kind for p in periods_containing("2023-03-14")}
    assert kinds == {"month", "quarter", "half_year", "nine_months", "year"}
    quarters = periods_between("2023-01-01", "2023-12-31", "quarter", "month end")
    assert [p.code for p in quarters] == ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"]


def test_report_due_and_check_for_dak_lak() -> None:
    calendar = cchc.WorkCalendar(first_year=2025, last_year=2027)
    schedule = cchc.ReportingSchedule.dak_lak_2026()
    assert cchc.report_due(cchc.Period("month", 2026, 3), schedule, calendar) == dt.date(2026, 3, 17)
    assert cchc.report_due(cchc.Period("quarter", 2026, 1), schedule, calendar) == dt.date(2026, 3, 14)
    issues = check_schedule(schedule, calendar, 2026, 2026)
    flagged = {issue.period.code for issue in issues}
    assert {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2026-H1", "2026"} <= flagged
    assert "2026-02" in flagged  # 15–17/2/2026 are all Tết
    own = cchc.ReportingSchedule(
        "Sở X", "Kế hoạch 1/KH-SX", "day 14", {"quarter": "day 20; roll forward"}
    )
    assert cchc.report_due(cchc.Period("quarter", 2026, 1), own, calendar) == dt.date(2026, 3, 20)
    assert cchc.report_due(cchc.Period("quarter", 2026, 2), own, calendar) == dt.date(2026, 6, 22)
    assert own.deadlines == {"quarter": "day 20; roll forward"}
    assert not check_schedule(own, calendar, 2026, 2026)


def test_bad_periods_and_rules() -> None:
    with pytest.raises(InvalidDateError, match="quarter 5"):
        cchc.Period("quarter", 2026, 5)
    with pytest.raises(ParseError, match="Quý Z/2023"):
        cchc.Period.parse("Quý Z/2023")
    with pytest.raises(InvalidDateError, match="quarter 10"):
        cchc.Period.parse("Quý X/2023")
    with pytest.raises(ValueError, match="unknown period kind 'week'"):
        cchc.Period("week", 2026, 1)
    with pytest.raises(ParseError):
        cchc.period_of("2026-01-01", "quarter", "sometime")
    with pytest.raises(CchcError):
        cchc.report_due(cchc.Period("month", 2026, 1), cchc.ReportingSchedule("empty"), cchc.WorkCalendar(first_year=2026, last_year=2026))


def test_vectorised_period_lookup_matches_scalar() -> None:
    import numpy as np

    from cchc.calendar import period_of_array

    dates = np.arange(np.datetime64("2022-11-01"), np.datetime64("2024-02-01"))
    for kind in ("month", "quarter", "half_year", "year"):
        years, indexes = period_of_array(dates, kind)
        for i in range(0, dates.size, 13):
            period = cchc.period_of(dates[i].item(), kind)
            assert (years[i], indexes[i]) == (period.year, period.index)
