"""The Vietnamese working-day calendar.

Every method takes one date (``datetime.date``, ``datetime``, ``pandas.Timestamp``,
``numpy.datetime64`` or a ``"2026-02-17"`` / ``"17/02/2026"`` string) or an array of dates
(lists, numpy arrays, pandas Series and Index), read the same way: a timezone-aware time is its
date in Vietnam (UTC+7); ``datetime64`` finer than a day is floored to its day; months, years,
weeks, NaT and plain numbers are refused with the value and position. Arrays of
``datetime64[D]`` are read in place, without a copy, and results come back as
``datetime64[D]`` / ``int64`` / ``bool`` arrays. Offsets and counts are 64-bit; see
docs/calendar/holidays.md, "Dates and offsets in Python".
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from typing import Any, Literal, Union, overload

import numpy as np
import numpy.typing as npt

from . import _core
from .errors import InvalidDateError, OutOfRangeError

_native = _core.calendar

HolidaySchedule = _native.HolidaySchedule
SpecialDay = _native.SpecialDay
DayInfo = _native.DayInfo

DateLike = Union[_dt.date, np.datetime64, str]
Roll = Literal["forward", "backward", "raise"]


LunarDate = _native.LunarDate


def to_lunar(date: DateLike) -> LunarDate:
    """The Vietnamese lunar date (UTC+7) of a solar date, 1899-02-10 to 2200-02-14.

    >>> str(to_lunar("2026-04-26"))
    '10/3/2026 (âm lịch)'
    """
    return _native.to_lunar(date)


def to_lunar_array(
    dates: npt.ArrayLike,
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int8], npt.NDArray[np.int8], npt.NDArray[np.bool_]]:
    """Vectorised ``to_lunar``: arrays of lunar years, months, days and leap flags."""
    return _native._to_lunar_days(_day_numbers(dates, "to_lunar_array"))


def from_lunar(year: int, month: int, day: int, leap: bool = False) -> _dt.date:
    """The solar date of a lunar date; ``InvalidDateError`` when it does not exist."""
    return _native.from_lunar(year, month, day, leap)


def tet(lunar_year: int) -> _dt.date:
    """Tết Nguyên đán (1/1 lunar) of a lunar year."""
    return _native.tet(lunar_year)


def gio_to_hung_vuong(lunar_year: int) -> _dt.date:
    """Giỗ Tổ Hùng Vương (10/3 lunar) of a lunar year."""
    return _native.gio_to_hung_vuong(lunar_year)


def leap_month(lunar_year: int) -> int:
    """The leap month of a lunar year (1–12), 0 when it has none."""
    return _native.leap_month(lunar_year)


def lunar_month_length(lunar_year: int, month: int, leap: bool = False) -> int:
    """29 or 30."""
    return _native.lunar_month_length(lunar_year, month, leap)


Period = _native.Period
ReportingSchedule = _native.ReportingSchedule
ScheduleIssue = _native.ScheduleIssue
PeriodKind = Literal["month", "quarter", "half_year", "nine_months", "year"]


def period_of(date: DateLike, kind: PeriodKind, cutoff: str = "day 14") -> Period:
    """The reporting period of ``kind`` whose data range contains ``date``.

    ``cutoff`` is the data cut-off rule in its text form: ``"day 14"`` (Decree 09/2019, the
    default: Quý I/2023 counts 15/12/2022–14/3/2023) or ``"month end"`` (calendar months).

    >>> period_of("2022-12-20", "quarter").label
    'Quý I/2023'
    """
    return _native.period_of(date, kind, cutoff)


def period_of_array(
    dates: npt.ArrayLike, kind: PeriodKind, cutoff: str = "day 14"
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int8]]:
    """Vectorised ``period_of``: the year and index (month, quarter, …) of each date's period.

    >>> years, quarters = period_of_array(np.array(["2022-12-20", "2023-03-15"], dtype="datetime64[D]"), "quarter")
    >>> years.tolist(), quarters.tolist()
    ([2023, 2023], [1, 2])
    """
    return _native._period_of_days(_day_numbers(dates, "period_of_array"), kind, cutoff)


def periods_between(
    first: DateLike, last: DateLike, kind: PeriodKind, cutoff: str = "day 14"
) -> list[Period]:
    """Every period of ``kind`` whose data range overlaps ``[first, last]``."""
    return _native.periods_between(first, last, kind, cutoff)


def periods_containing(date: DateLike, cutoff: str = "day 14") -> list[Period]:
    """Every period, of every kind, whose report counts ``date``."""
    return _native.periods_containing(date, cutoff)


def report_due(period: Period, schedule: ReportingSchedule, calendar: WorkCalendar) -> _dt.date:
    """When ``period``'s report is due under ``schedule`` (rolled on the calendar if it says)."""
    return _native.report_due(period, schedule, calendar._calendar)


def check_schedule(
    schedule: ReportingSchedule,
    calendar: WorkCalendar,
    first_year: int,
    last_year: int,
    min_working_days: int = 1,
) -> list[ScheduleIssue]:
    """Deadlines that leave fewer than ``min_working_days`` working days after the cut-off
    (Decree 09/2019 art. 8(5)(b) asks for one), for every period in the years given."""
    return _native.check_schedule(
        schedule, calendar._calendar, first_year, last_year, min_working_days
    )


Deadline = _native.Deadline
DeadlineClause = _native.DeadlineClause


def parse_deadline(phrase: str, year: int | None = None) -> Deadline:
    """Reads a plan's deadline phrase ("Thời gian thực hiện: …") into a structured deadline.

    ``year`` is the plan's year, used by phrases that leave it out ("Thường xuyên trong năm").
    A phrase it cannot read comes back with kind ``"not_understood"`` and a reason, never a
    guessed date. See docs/calendar/deadline-phrases.md.

    >>> deadline = parse_deadline("Quý IV năm 2026 (sau khi được Chủ tịch UBND tỉnh ban hành Kế hoạch)")
    >>> deadline.kind, deadline.due
    ('conditional', datetime.date(2026, 12, 31))
    """
    return _native.parse_deadline(phrase, year)


def statutory_holidays(year: int) -> list[SpecialDay]:
    """The statutory holiday days of ``year`` (Labour Code 2019), before weekend compensation."""
    return _native.statutory_holidays(year)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (_dt.date, np.datetime64, str))


_VIETNAM = _dt.timezone(_dt.timedelta(hours=7), "UTC+07:00")
# numpy units that are not one day: casting them to days would silently pick the first day.
_REFUSED_UNITS = {"Y": "years", "M": "months", "W": "weeks", "generic": "no unit"}
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _vietnam_local(values: Any) -> Any:
    """Timezone-aware pandas data as naive datetime64 of the wall-clock time in Vietnam (UTC+7),
    converted in one vectorised step; everything else unchanged."""
    if getattr(getattr(values, "dtype", None), "tz", None) is None:
        return values
    import pandas as pd

    return pd.DatetimeIndex(values).tz_convert(_VIETNAM).tz_localize(None).to_numpy()


def _day_numbers(
    values: Any, what: str, *, native_refuses_nat: bool = False
) -> npt.NDArray[np.int64]:
    """Dates as int64 days since 1970-01-01; datetime64[D] input is viewed, not copied.

    Finer datetime64 units are floored to their day; timezone-aware pandas data is converted
    to the date in Vietnam (UTC+7). Strings, ``datetime.date`` and ``datetime`` objects go
    through the same conversion as a single date (``dd/mm/yyyy`` included). Refused, with the
    position and the value: NaT, numbers (a day count is not a date), datetime64 months, years
    and weeks; day numbers beyond the supported range raise ``OutOfRangeError``.
    ``native_refuses_nat``: the caller's native kernel refuses NaT with the same message, so
    the separate pass over the array (a third of a 10 M count's time) is skipped.
    """
    array = np.asarray(_vietnam_local(values))
    if array.size == 0:
        return np.empty(0, dtype=np.int64)
    if array.dtype.kind == "M":
        unit = np.datetime_data(array.dtype)[0]
        if unit in _REFUSED_UNITS:
            raise InvalidDateError(
                f"{what}: datetime64[{unit}] values are {_REFUSED_UNITS[unit]}, not days; "
                "convert them explicitly (e.g. .astype('datetime64[D]') for the first day)"
            )
        if array.dtype != np.dtype("datetime64[D]"):
            array = array.astype("datetime64[D]")
        if not native_refuses_nat:
            missing = np.isnat(array)
            if missing.any():
                position = int(np.flatnonzero(missing.reshape(-1))[0])
                raise InvalidDateError(f"{what}: missing date (NaT) at position {position}")
        return np.ascontiguousarray(array).view(np.int64).reshape(-1)
    if array.dtype.kind in "biufc":
        first = array.reshape(-1)[0].item()
        raise InvalidDateError(
            f"{what}: numbers ({array.dtype}, e.g. {first!r}) are not dates; give datetime64 "
            "values, datetime.date objects or 'dd/mm/yyyy' / 'yyyy-mm-dd' strings"
        )
    try:
        return _native._object_days(array)
    except InvalidDateError as error:
        raise InvalidDateError(f"{what}: {error}") from None
    except OutOfRangeError as error:
        raise OutOfRangeError(f"{what}: {error}") from None


def _offset(value: Any, what: str) -> int:
    """One working-day offset or count as a Python int: whole numbers only (a whole-valued
    float such as ``3.0`` is accepted), within 64 bits."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{what} must be a whole number of days, not the boolean {value!r}")
    if isinstance(value, (int, np.integer)):
        number = int(value)
    elif isinstance(value, (float, np.floating)):
        if not np.isfinite(value) or not float(value).is_integer():
            raise ValueError(f"{what}: {value!r} is not a whole number of working days")
        number = int(value)
    else:
        raise TypeError(f"{what} must be a whole number of days, not {type(value).__name__} {value!r}")
    if not _INT64_MIN <= number <= _INT64_MAX:
        raise OutOfRangeError(f"{what}: {number} working days is far beyond the calendar")
    return number


def _offsets(values: Any, size: int, what: str) -> npt.NDArray[np.int64]:
    """Offsets as a contiguous int64 array of ``size``, by the same rules as ``_offset``."""
    array = np.asarray(values)
    if array.dtype.kind == "O":
        # Python ints past 64 bits land here; anything else that is not a number is refused.
        if any(isinstance(item, int) and not _INT64_MIN <= item <= _INT64_MAX for item in array.flat):
            raise OutOfRangeError(f"{what}: an offset is far beyond the calendar")
        raise TypeError(f"{what} must be whole numbers, not {array.dtype}")
    if array.dtype.kind == "f":
        bad = ~np.isfinite(array) | (array != np.floor(array))
        if bad.any():
            position = int(np.flatnonzero(bad.reshape(-1))[0])
            value = array.reshape(-1)[position].item()
            raise ValueError(
                f"{what}: {value!r} at position {position} is not a whole number of working days"
            )
        if array.size and (array.max() >= 2.0**63 or array.min() < -(2.0**63)):
            raise OutOfRangeError(f"{what}: an offset is far beyond the calendar")
    elif array.dtype.kind == "u":
        if array.size and int(array.max()) > _INT64_MAX:
            raise OutOfRangeError(f"{what}: an offset is far beyond the calendar")
    elif array.dtype.kind != "i":
        raise TypeError(f"{what} must be whole numbers, not {array.dtype}")
    return np.ascontiguousarray(np.broadcast_to(array.astype(np.int64, copy=False), (size,)))


class WorkCalendar:
    """Which days a Vietnamese state body works, and working-day arithmetic over them.

    Built once from the Labour Code 2019 rules, the official yearly schedules shipped with
    libcchc and your own schedules and overrides; every query is then O(1).

    Args:
        first_year, last_year: years the tables cover (within 1900–2199).
        week: working weekdays Monday→Sunday as seven 0/1 characters; ``"1111110"`` for units
            that work on Saturdays. Official swaps apply only to the default ``"1111100"``.
        use_official_schedules: apply the shipped official schedules (every holiday of
            2023–2026; Tết 2014 and the swaps of 2014, 2015 and 2019).
        count_make_up_days: whether a make-up Saturday (làm bù) is a working day.
        culture_day: whether 24/11 (Ngày Văn hóa Việt Nam, provisional) is a day off from
            ``culture_day_from_year``.
        tet_days_before_new_year: for years without an official schedule, how many of the five
            Tết days fall before mùng 1 (default 2, which reproduces the official breaks of
            2015–2026; docs/calendar/holidays.md, "The Tết rule").
        schedules: your own ``HolidaySchedule`` objects (e.g. a province's decisions).
        overrides: ``(date, working, reason)`` tuples applied last.

    >>> import datetime
    >>> calendar = WorkCalendar()
    >>> calendar.is_working_day(datetime.date(2026, 2, 16))
    False
    >>> calendar.describe(datetime.date(2026, 1, 10)).reason
    'Tết Dương lịch (make_up)'
    """

    def __init__(
        self,
        *,
        first_year: int = 1900,
        last_year: int = 2199,
        week: str = "1111100",
        use_official_schedules: bool = True,
        count_make_up_days: bool = True,
        culture_day: bool = True,
        culture_day_from_year: int = 2026,
        tet_days_before_new_year: int = 2,
        schedules: Sequence[HolidaySchedule] = (),
        overrides: Iterable[tuple[DateLike, bool] | tuple[DateLike, bool, str]] = (),
    ) -> None:
        self._calendar = _native.WorkCalendar(
            first_year=first_year,
            last_year=last_year,
            week=week,
            use_official_schedules=use_official_schedules,
            count_make_up_days=count_make_up_days,
            culture_day=culture_day,
            culture_day_from_year=culture_day_from_year,
            tet_days_before_new_year=tet_days_before_new_year,
            schedules=list(schedules),
            overrides=[tuple(item) for item in overrides],
        )

    @property
    def first_day(self) -> _dt.date:
        """The first day the calendar covers."""
        return self._calendar.first_day

    @property
    def last_day(self) -> _dt.date:
        """The last day the calendar covers."""
        return self._calendar.last_day

    @property
    def week(self) -> str:
        """The working weekdays Monday→Sunday as 0/1 ("1111100")."""
        return self._calendar.week

    @overload
    def is_working_day(self, dates: DateLike) -> bool: ...  # type: ignore[overload-overlap]
    @overload
    def is_working_day(self, dates: npt.ArrayLike) -> npt.NDArray[np.bool_]: ...
    def is_working_day(self, dates: Any) -> Any:
        """Whether each date is a working day."""
        if _is_scalar(dates):
            return self._calendar.is_working_day(dates)
        return self._calendar._is_working_days(
            _day_numbers(dates, "is_working_day", native_refuses_nat=True)
        )

    @overload
    def add_working_days(self, dates: DateLike, days: int, roll: Roll = ...) -> _dt.date: ...
    @overload
    def add_working_days(
        self, dates: npt.ArrayLike, days: npt.ArrayLike, roll: Roll = ...
    ) -> npt.NDArray[np.datetime64]: ...
    def add_working_days(self, dates: Any, days: Any, roll: Roll = "forward") -> Any:
        """Moves ``days`` working days from each date, like ``numpy.busday_offset``.

        A start that is not a working day is first rolled as ``roll`` says.
        """
        if _is_scalar(dates) and np.ndim(days) == 0:
            return self._calendar.add_working_days(dates, _offset(days, "days"), roll)
        starts = _day_numbers(dates, "add_working_days")
        moved = self._calendar._add_working_days(
            starts, _offsets(days, starts.size, "days"), roll
        )
        return moved.view("datetime64[D]")

    @overload
    def count_working_days(self, begin: DateLike, end: DateLike) -> int: ...  # type: ignore[overload-overlap]
    @overload
    def count_working_days(
        self, begin: npt.ArrayLike, end: npt.ArrayLike
    ) -> npt.NDArray[np.int64]: ...
    def count_working_days(self, begin: Any, end: Any) -> Any:
        """Working days in ``[begin, end)``, like ``numpy.busday_count``.

        When ``end < begin`` the result is minus the working days in ``(end, begin]``.
        """
        if _is_scalar(begin) and _is_scalar(end):
            return self._calendar.count_working_days(begin, end)
        begins = _day_numbers(begin, "count_working_days", native_refuses_nat=True)
        ends = _day_numbers(end, "count_working_days", native_refuses_nat=True)
        begins, ends = (np.ascontiguousarray(a) for a in np.broadcast_arrays(begins, ends))
        return self._calendar._count_working_days(begins, ends)

    def next_working_day(self, date: DateLike) -> _dt.date:
        """The first working day strictly after ``date``."""
        return self._calendar.next_working_day(date)

    def previous_working_day(self, date: DateLike) -> _dt.date:
        """The last working day strictly before ``date``."""
        return self._calendar.previous_working_day(date)

    def roll_forward(self, date: DateLike) -> _dt.date:
        """``date`` if it is a working day, else the next one."""
        return self._calendar.roll_forward(date)

    def roll_backward(self, date: DateLike) -> _dt.date:
        """``date`` if it is a working day, else the previous one."""
        return self._calendar.roll_backward(date)

    def describe(self, date: DateLike) -> DayInfo:
        """Why ``date`` is or is not a working day, and the source of that fact."""
        return self._calendar.describe(date)

    def special_days(self, year: int) -> list[SpecialDay]:
        """Holidays, compensatory, swapped and make-up days of ``year``, as applied."""
        return self._calendar.special_days(year)

    def weekday_holidays(self, begin: DateLike, end: DateLike) -> npt.NDArray[np.datetime64]:
        """Working weekdays of the week mask that are days off in ``[begin, end]``."""
        days = self._calendar.weekday_holidays(begin, end)
        return np.array(days, dtype="datetime64[D]")

    def due_date(
        self,
        received: DateLike,
        working_days: int,
        pauses: Sequence[tuple[DateLike, DateLike]] = (),
        *,
        received_hour: int | None = None,
        afternoon_cutoff_hour: int | None = None,
        pause_rule: Literal["extend", "restart"] = "extend",
    ) -> _dt.date:
        """The due date of a dossier (ngày hẹn trả kết quả); see docs/calendar/due-dates.md.

        ``pauses`` are ``(requested, resumed)`` pairs: supplementation asked on ``requested``,
        supplied on ``resumed``; the working days after ``requested`` up to ``resumed`` do not
        count.

        >>> import datetime
        >>> WorkCalendar().due_date(datetime.date(2024, 2, 2), 5)
        datetime.date(2024, 2, 16)
        """
        return self._calendar.due_date(
            received,
            _offset(working_days, "working_days"),
            list(pauses),
            received_hour,
            afternoon_cutoff_hour,
            pause_rule,
        )

    def due_dates(
        self, received: npt.ArrayLike, working_days: npt.ArrayLike
    ) -> npt.NDArray[np.datetime64]:
        """Vectorised ``due_date`` without pauses."""
        starts = _day_numbers(received, "due_dates")
        return self._calendar._due_dates(
            starts, _offsets(working_days, starts.size, "working_days")
        ).view("datetime64[D]")

    def busdaycalendar(self) -> np.busdaycalendar:
        """An equivalent ``numpy.busdaycalendar`` over this calendar's range.

        numpy cannot express a working Saturday, so this raises ``ValueError`` when the calendar
        counts make-up days inside its range; build the calendar with
        ``count_make_up_days=False`` to compare with numpy.
        """
        first, last = self.first_day, self.last_day
        for year in range(first.year, last.year + 1):
            for day in self.special_days(year):
                if day.kind == "make_up" and self.is_working_day(day.date):
                    raise ValueError(
                        f"make-up working day {day.date.isoformat()} cannot be expressed in "
                        "numpy.busdaycalendar; use count_make_up_days=False"
                    )
        return np.busdaycalendar(
            weekmask=self.week, holidays=self.weekday_holidays(first, last)
        )

    def __repr__(self) -> str:
        return f"WorkCalendar({self.first_day.isoformat()}..{self.last_day.isoformat()}, week={self.week})"


__all__ = [
    "Deadline",
    "DeadlineClause",
    "parse_deadline",
    "Period",
    "PeriodKind",
    "ReportingSchedule",
    "ScheduleIssue",
    "check_schedule",
    "period_of",
    "period_of_array",
    "periods_between",
    "periods_containing",
    "report_due",
    "LunarDate",
    "from_lunar",
    "gio_to_hung_vuong",
    "leap_month",
    "lunar_month_length",
    "tet",
    "to_lunar",
    "to_lunar_array",
    "DateLike",
    "DayInfo",
    "HolidaySchedule",
    "Roll",
    "SpecialDay",
    "WorkCalendar",
    "statutory_holidays",
]
