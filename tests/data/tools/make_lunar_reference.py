#!/usr/bin/env python3
"""Generates the reference tables that test libcchc's Vietnamese lunisolar calendar.

The C++ engine (libcchc/src/calendar/lunar.cpp) computes new moons with Meeus's series and the
Sun with VSOP87. These tables come from engines that share none of that code, so that the C++
tests compare against something independent:

* ephem_month_starts.csv / ephem_years.csv: PyEphem (package `ephem`, libastro). New moons come
  from ephem.next_new_moon (apparent geocentric ecliptic longitudes of Moon and Sun equal); the
  principal solar terms (apparent longitude of the Sun a multiple of 30 degrees) are solved here
  with ephem.newton on the same apparent longitude. Both are converted to civil days at UTC+7
  and the calendar rules (Ho Ngoc Duc, "Computing the Vietnamese lunar calendar") are applied.
* python_holidays_tet_hung_kings.csv: the Vietnamese Tet and Gio To (Hung Kings, 10/3) tables
  of python-holidays (package `holidays`, holidays/calendars/chinese.py, 1901-2100).

Run from anywhere:  python3 tests/data/tools/make_lunar_reference.py
It needs `pip install ephem holidays` and writes into tests/data/lunar/. The output is committed,
so the C++ tests need no Python. The run is deterministic: rerunning it rewrites the same bytes.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime
import math
import pathlib
from dataclasses import dataclass

import ephem
import holidays
from holidays.calendars.chinese import VIETNAMESE_CALENDAR, _ChineseLunisolar

UTC_OFFSET_HOURS = 7
# Cycle Y runs from the month 11 that contains the December solstice of Y-1 to the month 11 of
# Y. Cycles 1899..2200 hold every month of lunar years 1899..2199 (the C++ range) plus months
# 11-12 of lunar 1898 and months 1-10 of lunar 2200, which bound the range on both sides.
FIRST_CYCLE = 1899
LAST_CYCLE = 2200
HOLIDAYS_FIRST_YEAR = 1901
HOLIDAYS_LAST_YEAR = 2100

OUTPUT_DIR = pathlib.Path(__file__).resolve().parent.parent / "lunar"

_sun = ephem.Sun()
_DEGREE = math.pi / 180


def sun_apparent_longitude(when: float) -> float:
    """Apparent geocentric ecliptic longitude of the Sun (radians, equinox of date)."""
    _sun.compute(when)
    position = ephem.Equatorial(_sun.g_ra, _sun.g_dec, epoch=when)
    return float(ephem.Ecliptic(position, epoch=when).lon)


def next_principal_term(after: float) -> tuple[float, int]:
    """Returns (time, degrees) of the first principal term strictly after `after`."""
    degrees = (math.floor(sun_apparent_longitude(after) / (30 * _DEGREE)) + 1) * 30 % 360
    target = degrees * _DEGREE

    def distance(when: float) -> float:
        return (sun_apparent_longitude(when) - target + math.pi) % (2 * math.pi) - math.pi

    guess = after - distance(after) / (2 * math.pi) * 365.2422
    when = ephem.newton(distance, guess, guess + ephem.hour, precision=ephem.second / 10)
    return when, degrees


def local_day(when: float) -> datetime.date:
    """The civil date at UTC+7 that contains the instant `when` (an ephem date, UT)."""
    return ephem.Date(when + UTC_OFFSET_HOURS * ephem.hour).datetime().date()


def minutes_from_local_midnight(when: float) -> float:
    """Signed minutes from the nearest local midnight (negative: just before it)."""
    # ephem dates count days from 1899-12-31 12:00 UT, so +0.5 puts midnight on integers.
    fraction = (when + UTC_OFFSET_HOURS * ephem.hour + 0.5) % 1.0
    if fraction > 0.5:
        fraction -= 1.0
    return fraction * 24 * 60


@dataclass
class Month:
    lunar_year: int
    number: int
    leap: bool
    start: datetime.date
    new_moon: float  # ephem date (UT)


def format_ut(when: float) -> str:
    """ISO date and time, rounded to the second."""
    return ephem.Date(round(when * 86400) / 86400).datetime().strftime("%Y-%m-%dT%H:%M:%S")


def compute_months() -> tuple[list[Month], list[tuple[float, int]]]:
    begin = ephem.Date("1897/10/01")
    end = ephem.Date("2201/06/01")

    new_moons: list[float] = []
    when = begin
    while when < end:
        when = float(ephem.next_new_moon(when))
        new_moons.append(when)

    terms: list[tuple[float, int]] = []
    when = begin
    while when < end:
        when, degrees = next_principal_term(when + ephem.hour)
        terms.append((when, degrees))

    term_days = {local_day(when) for when, _ in terms}
    starts = [local_day(when) for when in new_moons]
    solstices = {local_day(when).year: when for when, degrees in terms if degrees == 270}

    def month_11_index(year: int) -> int:
        """Index of the month containing the December solstice of `year`."""
        solstice_day = local_day(solstices[year])
        return max(i for i, start in enumerate(starts) if start <= solstice_day)

    sorted_term_days = sorted(term_days)

    def has_principal_term(index: int) -> bool:
        """Whether a principal term falls on a day of month `index`."""
        first, last = starts[index], starts[index + 1]
        position = bisect.bisect_left(sorted_term_days, first)
        return position < len(sorted_term_days) and sorted_term_days[position] < last

    months: list[Month] = []
    for cycle in range(FIRST_CYCLE, LAST_CYCLE + 1):
        first, last = month_11_index(cycle - 1), month_11_index(cycle)
        count = last - first
        if count not in (12, 13):
            raise RuntimeError(f"cycle {cycle} has {count} months")
        leap_index = -1
        if count == 13:
            leap_index = next(i for i in range(first + 1, last) if not has_principal_term(i))
        number = 10
        lunar_year = cycle - 1
        for index in range(first, last):
            leap = index == leap_index
            if not leap:
                number = number % 12 + 1
                if number == 1:
                    lunar_year = cycle
            months.append(Month(lunar_year, number, leap, starts[index], new_moons[index]))
    return months, terms


def write_ephem_tables(months: list[Month]) -> None:
    header = (
        f"# Source: PyEphem (package ephem {ephem.__version__}, libastro), new moons from "
        "ephem.next_new_moon and principal solar terms solved with ephem.newton on the Sun's "
        "apparent longitude; civil days at UTC+7; rules of Ho Ngoc Duc, 'Computing the "
        "Vietnamese lunar calendar'. Generated by tests/data/tools/make_lunar_reference.py.\n"
    )
    with open(OUTPUT_DIR / "ephem_month_starts.csv", "w", newline="") as out:
        out.write(header)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["lunar_year", "month", "leap", "start", "new_moon_ut", "delta_t_s",
             "minutes_from_midnight"]
        )
        for month in months:
            writer.writerow(
                [
                    month.lunar_year,
                    month.number,
                    int(month.leap),
                    month.start.isoformat(),
                    format_ut(month.new_moon),
                    f"{ephem.delta_t(month.new_moon):.2f}",
                    f"{minutes_from_local_midnight(month.new_moon):.1f}",
                ]
            )

    years: dict[int, dict[str, object]] = {}
    for month in months:
        year = years.setdefault(month.lunar_year, {"leap_month": 0})
        if month.leap:
            year["leap_month"] = month.number
        elif month.number == 1:
            year["tet"] = month.start
        elif month.number == 3:
            year["gio_to"] = month.start + datetime.timedelta(days=9)
    with open(OUTPUT_DIR / "ephem_years.csv", "w", newline="") as out:
        out.write(header)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["lunar_year", "tet", "gio_to", "leap_month"])
        for lunar_year, year in sorted(years.items()):
            if "tet" not in year or "gio_to" not in year:
                continue  # a partial year at the edge of the table
            if lunar_year == LAST_CYCLE:
                continue  # its leap month, if any, lies past the last cycle
            writer.writerow(
                [lunar_year, year["tet"].isoformat(), year["gio_to"].isoformat(),
                 year["leap_month"]]
            )


def write_ephem_terms(terms: list[tuple[float, int]]) -> None:
    with open(OUTPUT_DIR / "ephem_principal_terms.csv", "w", newline="") as out:
        out.write(
            f"# Source: PyEphem (package ephem {ephem.__version__}, libastro): instants (UT) at "
            "which the Sun's apparent geocentric longitude (equinox of date) reaches a multiple "
            "of 30 degrees, solved with ephem.newton, and ephem's Delta T (TT - UT, s) then. "
            "Generated by tests/data/tools/make_lunar_reference.py.\n"
        )
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["degrees", "time_ut", "delta_t_s", "local_day", "minutes_from_midnight"]
        )
        for when, degrees in terms:
            writer.writerow(
                [
                    degrees,
                    format_ut(when),
                    f"{ephem.delta_t(when):.2f}",
                    local_day(when).isoformat(),
                    f"{minutes_from_local_midnight(when):.1f}",
                ]
            )


def write_python_holidays_table() -> None:
    calendar = _ChineseLunisolar(VIETNAMESE_CALENDAR)
    with open(OUTPUT_DIR / "python_holidays_tet_hung_kings.csv", "w", newline="") as out:
        out.write(
            f"# Source: python-holidays (package holidays {holidays.__version__}), "
            "holidays/calendars/chinese.py, _ChineseLunisolar(VIETNAMESE_CALENDAR)."
            "lunar_new_year_date and .hung_kings_date (tables, UTC+7). "
            "Generated by tests/data/tools/make_lunar_reference.py.\n"
        )
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["year", "tet", "gio_to"])
        for year in range(HOLIDAYS_FIRST_YEAR, HOLIDAYS_LAST_YEAR + 1):
            tet, _ = calendar.lunar_new_year_date(year)
            gio_to, _ = calendar.hung_kings_date(year)
            writer.writerow([year, tet.isoformat(), gio_to.isoformat()])


# Truncation of VSOP87D kept in lunar.cpp: a term A*cos(B + C*tau)*tau^n stays when A*0.2^n
# (its size at |tau| = 0.2 millennia, i.e. years 1800-2200) reaches the threshold, in units of
# 1e-8 rad for L and 1e-8 AU for R. The dropped L terms add up to 0.85" at most (about 20 s of
# the Sun's motion); R only feeds the 20" aberration, so a coarse R suffices.
VSOP87_L_THRESHOLD = 5
VSOP87_R_THRESHOLD = 1000


def print_vsop87_cpp() -> None:
    """Prints the truncated VSOP87D Earth series that lunar.cpp embeds (PyMeeus's full tables)."""
    from importlib.metadata import version

    from pymeeus.Earth import VSOP87_L, VSOP87_R

    print("// VSOP87D Earth, truncated by make_lunar_reference.py --vsop87-cpp from the full")
    print(f"// series in PyMeeus {version('pymeeus')}, pymeeus/Earth.py.")
    for name, series, threshold in (("L", VSOP87_L, VSOP87_L_THRESHOLD),
                                    ("R", VSOP87_R, VSOP87_R_THRESHOLD)):
        for power, terms in enumerate(series):
            kept = [term for term in terms if term[0] * 0.2**power >= threshold]
            if not kept:
                continue
            print(f"constexpr VsopTerm kEarth{name}{power}[] = {{")
            for amplitude, phase, frequency in kept:
                print(f"    {{{amplitude!r}, {phase!r}, {frequency!r}}},")
            print("};")


def ho_ngoc_duc_month_starts() -> dict[tuple[int, int, bool], datetime.date]:
    """Month starts by Ho Ngoc Duc's published simplified algorithm (written anew here from its
    description; floor everywhere), for comparison only: Meeus's short new-moon series with his
    own Delta T, and the Sun's true longitude (no aberration or nutation) at local midnight."""
    dr = math.pi / 180
    zone = UTC_OFFSET_HOURS

    def new_moon_day(k: int) -> int:
        t = k / 1236.85
        t2, t3 = t * t, t * t * t
        jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
        jd += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
        m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * dr
        mp = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * dr
        f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * dr
        c1 = ((0.1734 - 0.000393 * t) * math.sin(m) + 0.0021 * math.sin(2 * m)
              - 0.4068 * math.sin(mp) + 0.0161 * math.sin(2 * mp) - 0.0004 * math.sin(3 * mp)
              + 0.0104 * math.sin(2 * f) - 0.0051 * math.sin(m + mp) - 0.0074 * math.sin(m - mp)
              + 0.0004 * math.sin(2 * f + m) - 0.0004 * math.sin(2 * f - m)
              - 0.0006 * math.sin(2 * f + mp) + 0.0010 * math.sin(2 * f - mp)
              + 0.0005 * math.sin(2 * mp + m))
        if t < -11:
            delta_t = (0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3
                       - 0.000000081 * t * t3)
        else:
            delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
        return math.floor(jd + c1 - delta_t + 0.5 + zone / 24)

    def sun_sector(day: int) -> int:
        t = (day - 0.5 - zone / 24 - 2451545.0) / 36525
        t2 = t * t
        m = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * dr
        l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
        dl = ((1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(m)
              + (0.019993 - 0.000101 * t) * math.sin(2 * m) + 0.000290 * math.sin(3 * m))
        longitude = (l0 + dl) * dr
        longitude -= 2 * math.pi * math.floor(longitude / (2 * math.pi))
        return math.floor(longitude / math.pi * 6)

    def jdn(day: datetime.date) -> int:
        return day.toordinal() + 1721425

    def month_11(year: int) -> int:
        k = math.floor((jdn(datetime.date(year, 12, 31)) - 2415021) / 29.530588853)
        day = new_moon_day(k)
        return new_moon_day(k - 1) if sun_sector(day) >= 9 else day

    starts: dict[tuple[int, int, bool], datetime.date] = {}
    for cycle in range(FIRST_CYCLE, LAST_CYCLE + 1):
        a11, b11 = month_11(cycle - 1), month_11(cycle)
        k0 = math.floor(0.5 + (a11 - 2415021.076998695) / 29.530588853)
        count = round((b11 - a11) / 29.530588853)
        leap_offset = -1
        if count == 13:
            i = 1
            sector = sun_sector(new_moon_day(k0 + i))
            while True:
                previous = sector
                i += 1
                sector = sun_sector(new_moon_day(k0 + i))
                if sector == previous or i >= 14:
                    break
            leap_offset = i - 1
        number, lunar_year = 10, cycle - 1
        for offset in range(count):
            leap = offset == leap_offset
            if not leap:
                number = number % 12 + 1
                if number == 1:
                    lunar_year = cycle
            start = datetime.date.fromordinal(new_moon_day(k0 + offset) - 1721425)
            starts[(lunar_year, number, leap)] = start
    return starts


def print_ho_ngoc_duc_differences(months: list[Month]) -> None:
    theirs = ho_ngoc_duc_month_starts()
    ours = {(m.lunar_year, m.number, m.leap): m for m in months}
    print("lunar_year,month,leap,ephem_start,ho_ngoc_duc_start,new_moon_minutes_from_midnight")
    for key in sorted(set(ours) | set(theirs)):
        mine, other = ours.get(key), theirs.get(key)
        if mine is None or other is None or mine.start != other:
            print(",".join(str(x) for x in (
                key[0], key[1], int(key[2]), mine.start if mine else "-", other or "-",
                f"{minutes_from_local_midnight(mine.new_moon):.1f}" if mine else "-")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vsop87-cpp", action="store_true",
                        help="print the truncated VSOP87D series embedded in lunar.cpp "
                        "(needs pip install pymeeus) instead of writing the tables")
    parser.add_argument("--ho-ngoc-duc-diff", action="store_true",
                        help="print the month starts where Ho Ngoc Duc's simplified algorithm "
                        "differs from the PyEphem table instead of writing the tables")
    arguments = parser.parse_args()
    if arguments.vsop87_cpp:
        print_vsop87_cpp()
        return
    if arguments.ho_ngoc_duc_diff:
        print_ho_ngoc_duc_differences(compute_months()[0])
        return
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    months, terms = compute_months()
    write_ephem_tables(months)
    write_ephem_terms(terms)
    write_python_holidays_table()


if __name__ == "__main__":
    main()
