"""The calendar against python-holidays' Vietnamese calendar, every statutory day off 2014–2100.

python-holidays (package ``holidays``, an independent public-holiday library) computes the
Labour Code's days off with its own rules: Tết as the giao thừa day and mùng 1–4 with a Saturday
moved to the working day before and a Sunday to the one after, art. 111(3) compensation, the
Prime Minister's choice of the second Quốc khánh day, and the swaps it knows of. libcchc reads
the same law differently in form (Tết from two days before mùng 1, then compensation; the longer
Quốc khánh break) and ships the official schedules it found. The two must give the same
weekdays off in every year; each exception below is a deliberate difference, with its reason.
"""

from __future__ import annotations

import datetime as dt

import holidays
import cchc

FIRST_YEAR, LAST_YEAR = 2014, 2100

# Weekdays off in libcchc and not in python-holidays.
ONLY_LIBCCHC = {
    # Tết 2014: the official break ran 28/1–5/2 with Tue 28/1 and Wed 29/1 swapped for Saturdays
    # 25/1 and 8/2, and the five Tết days were 30 Chạp – mùng 4 (compensation Tue 4/2, Wed 5/2).
    # python-holidays applies its rule (29/1–4/2) and lists no swap for that Tết.
    dt.date(2014, 1, 28): "Tết 2014 swap (official schedule)",
    dt.date(2014, 2, 5): "Tết 2014 compensation for mùng 3, Sun 2/2 (official schedule)",
    # Tết Dương lịch 2026: Fri 2/1 off, Sat 10/1 worked (Văn bản 12729/VPCP-KGVX); python-holidays
    # 0.109 lists only the 2026 Quốc khánh swap.
    dt.date(2026, 1, 2): "Tết Dương lịch 2026 swap (official schedule)",
}

# Weekdays off in python-holidays and not in libcchc.
ONLY_PYTHON_HOLIDAYS = {
    # Swaps python-holidays lists for which we found no public report to cite; libcchc ships
    # only sourced rows, so these two days stay working days (add them to a schedule of your
    # own if your records confirm them).
    dt.date(2014, 9, 1): "Quốc khánh 2014 swap (Mon 1/9 for Sat 6/9), no source found",
    dt.date(2015, 4, 29): "30/4 2015 swap (Wed 29/4 for Sat 25/4), no source found",
}


def weekdays_off_libcchc() -> set[dt.date]:
    calendar = cchc.WorkCalendar(first_year=FIRST_YEAR - 1, last_year=LAST_YEAR + 1)
    days = calendar.weekday_holidays(dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31))
    return {day.astype(dt.date) for day in days}


def weekdays_off_python_holidays() -> set[dt.date]:
    vietnam = holidays.country_holidays("VN", years=range(FIRST_YEAR, LAST_YEAR + 1))
    return {
        day
        for day in vietnam
        if day.weekday() < 5 and dt.date(FIRST_YEAR, 1, 1) <= day <= dt.date(LAST_YEAR, 12, 31)
    }


def test_weekdays_off_agree_with_python_holidays_2014_2100() -> None:
    ours = weekdays_off_libcchc()
    theirs = weekdays_off_python_holidays()
    assert len(ours) > 87 * 11  # about 12 weekdays off a year: the comparison is not empty
    assert ours - theirs == set(ONLY_LIBCCHC), sorted(ours - theirs)
    assert theirs - ours == set(ONLY_PYTHON_HOLIDAYS), sorted(theirs - ours)


def test_the_tet_rule_alone_agrees_with_python_holidays() -> None:
    # Without any schedule, only the swaps python-holidays knows separate the two.
    rules_only = cchc.WorkCalendar(
        first_year=FIRST_YEAR - 1, last_year=LAST_YEAR + 1, use_official_schedules=False
    )
    ours = {
        day.astype(dt.date)
        for day in rules_only.weekday_holidays(
            dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)
        )
    }
    theirs = weekdays_off_python_holidays()
    swaps = {
        day
        for day, name in holidays.country_holidays(
            "VN", years=range(FIRST_YEAR, LAST_YEAR + 1)
        ).items()
        if "thay cho" in name or "substituted" in name.lower()
    }
    assert swaps, "python-holidays lists its swaps as 'Ngày nghỉ (thay cho ngày …)'"
    # Tết of every year 2014–2100 and every other holiday: the same weekdays off; the only
    # difference is python-holidays' swaps, which a rule cannot give.
    assert ours - theirs == set()
    assert theirs - ours == swaps
    assert all(day.year < 2027 for day in swaps)


def test_make_up_saturdays_are_what_python_holidays_cannot_express() -> None:
    # A make-up Saturday (làm bù) is a working day of state bodies; python-holidays has no
    # notion of a working Saturday, so it is a documented difference, not a disagreement.
    calendar = cchc.WorkCalendar()
    for saturday in (dt.date(2014, 1, 25), dt.date(2024, 5, 4), dt.date(2026, 8, 22)):
        assert saturday.weekday() == 5
        assert calendar.is_working_day(saturday)
        assert calendar.describe(saturday).reason.endswith("(make_up)")
