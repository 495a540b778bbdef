"""libcchc: administrative-reform (cải cách hành chính) indicators for Vietnamese public bodies.

The calendar is the foundation: Vietnamese working days around lunar holidays and each
year's official schedule, due dates of administrative procedures, reporting periods.

>>> import datetime, cchc
>>> calendar = cchc.WorkCalendar()
>>> calendar.due_date(datetime.date(2024, 2, 2), 5)  # across Tết Giáp Thìn
datetime.date(2024, 2, 16)
"""

from __future__ import annotations

from .calendar import (
    DayInfo,
    HolidaySchedule,
    LunarDate,
    Period,
    ReportingSchedule,
    SpecialDay,
    WorkCalendar,
    from_lunar,
    gio_to_hung_vuong,
    leap_month,
    parse_deadline,
    period_of,
    report_due,
    statutory_holidays,
    tet,
    to_lunar,
)
from . import target
from .dossier import Dossiers, indicator_definitions, indicators, ingest
from .errors import CchcError, InvalidDateError, OutOfRangeError, ParseError
from . import score  # scoring frameworks: cchc.score.Framework, Assessment, score, …

__version__ = "0.1.0"

__all__ = [
    "CchcError",
    "DayInfo",
    "Dossiers",
    "HolidaySchedule",
    "InvalidDateError",
    "LunarDate",
    "Period",
    "ReportingSchedule",
    "OutOfRangeError",
    "ParseError",
    "SpecialDay",
    "WorkCalendar",
    "from_lunar",
    "gio_to_hung_vuong",
    "indicator_definitions",
    "indicators",
    "ingest",
    "leap_month",
    "parse_deadline",
    "period_of",
    "report_due",
    "statutory_holidays",
    "target",
    "tet",
    "to_lunar",
    "__version__",
]
