"""What people read for the stable English keys of the tables: statuses, finding kinds, reform
areas and column names, in the current language (:mod:`cchc.i18n`).

The keys themselves (``"overdue"``, ``"self_score_above_max"``, ``"days_late"``) are what
programs read, in DataFrames, JSON and CSV; they never change with the language.

>>> from cchc.i18n import language
>>> with language("vi"):
...     status_label("overdue"), column_label("days_late"), area_label("tthc")
('quá hạn', 'Số ngày trễ', 'Thủ tục hành chính')
>>> with language("en"):
...     status_label("overdue"), status_label("no_such_status")
('overdue', 'no_such_status')
"""

from __future__ import annotations

from .i18n import pgettext


def _statuses() -> dict[str, str]:
    return {
        # Targets (cchc.target.scorecard) and their trends.
        "achieved": pgettext("status", "achieved"),
        "on_track": pgettext("status", "on track"),
        "at_risk": pgettext("status", "at risk"),
        "off_track": pgettext("status", "off track"),
        "not_applicable": pgettext("status", "not applicable"),
        "not_met": pgettext("status", "not met"),
        "moderately_improving": pgettext("status", "moderately improving"),
        "stagnating": pgettext("status", "stagnating"),
        "decreasing": pgettext("status", "decreasing"),
        # Tasks (cchc.target.task_status).
        "done_on_time": pgettext("status", "done on time"),
        "done_late": pgettext("status", "done late"),
        "done": pgettext("status", "done"),
        "overdue": pgettext("status", "overdue"),
        "pending": pgettext("status", "not yet due"),
        "ongoing": pgettext("status", "ongoing"),
        "ended_unreported": pgettext("status", "ended, not reported"),
        # Scoring inputs from a plan (cchc.score.TARGET_STATUSES).
        "achieved_late": pgettext("status", "achieved late"),
        "not_achieved": pgettext("status", "not achieved"),
        "in_progress": pgettext("status", "in progress"),
        # Leaves of a score report.
        "computed": pgettext("status", "computed"),
        "self_scored": pgettext("status", "self-scored"),
        "unanswered": pgettext("status", "unanswered"),
        "invalid": pgettext("status", "invalid input"),
        "awaiting": pgettext("status", "awaiting its score"),
        "external": pgettext("status", "scored by another body"),
        # Severity of a finding.
        "error": pgettext("status", "error (must be fixed)"),
        "warning": pgettext("status", "warning"),
    }


def status_label(key: object) -> str:
    """The words for a status key (target, task, leaf or severity); an unknown key is shown
    as it is."""
    text = "" if key is None else str(key)
    return _statuses().get(text, text)


def _finding_kinds() -> dict[str, str]:
    return {
        "unanswered": pgettext("finding", "unanswered"),
        "self_score_above_max": pgettext("finding", "self-score above the maximum"),
        "missing_evidence": pgettext("finding", "evidence missing"),
        "self_score_differs": pgettext("finding", "self-score differs from the rule"),
        "invalid_input": pgettext("finding", "invalid input"),
        "appraised_above_max": pgettext("finding", "appraised score out of range"),
        "value_differs_from_data": pgettext("finding", "value replaced by the data"),
        "not_scored_by_unit": pgettext("finding", "not scored by the unit"),
        "not_applicable": pgettext("finding", "not applicable"),
        "not_applicable_without_reason": pgettext("finding", "not applicable without a reason"),
        "value_looks_like_fraction": pgettext("finding", "value looks like a fraction"),
    }


def finding_label(kind: object) -> str:
    """The words for a finding kind of :attr:`cchc.score.ScoreReport.findings`; an unknown
    kind is shown as it is."""
    text = "" if kind is None else str(kind)
    return _finding_kinds().get(text, text)


def _areas() -> dict[str, str]:
    return {
        "chi_dao": pgettext("area", "Direction and management of the reform"),
        "the_che": pgettext("area", "Institutional reform"),
        "tthc": pgettext("area", "Administrative procedures"),
        "to_chuc_bo_may": pgettext("area", "Organisation of the apparatus"),
        "cong_vu": pgettext("area", "Civil service"),
        "tai_chinh_cong": pgettext("area", "Public finance"),
        "chinh_quyen_so": pgettext("area", "Digital government"),
        "other": pgettext("area", "Other"),
    }


def area_label(key: object) -> str:
    """The name of a plan's reform area key (``"tthc"``); an unknown key is shown as it is."""
    text = "" if key is None else str(key)
    return _areas().get(text, text)


def aggregation_label(key: object) -> str:
    """The words for how a criterion adds up its sub-criteria (``"sum_capped"``)."""
    text = "" if key is None else str(key)
    words = {
        "sum_capped": pgettext("aggregation", "sum (capped at the maximum)"),
        "weighted_mean": pgettext("aggregation", "weighted mean"),
        "min": pgettext("aggregation", "minimum"),
    }
    return words.get(text, text)


def scorer_label(key: object) -> str:
    """The words for who scores a criterion (``"home_affairs"``, ``"survey"``, ``"unit"``)."""
    text = "" if key is None else str(key)
    words = {
        "unit": pgettext("scorer", "the unit"),
        "home_affairs": pgettext("scorer", "Home Affairs"),
        "survey": pgettext("scorer", "survey"),
    }
    return words.get(text, text)


def rule_label(kind: object) -> str:
    """The words for a point rule kind (``"steps"``, ``"pass_fail"``; docs/score/rules.md)."""
    text = "" if kind is None else str(kind)
    words = {
        "proportional": pgettext("rule", "proportional"),
        "steps": pgettext("rule", "steps"),
        "saturation": pgettext("rule", "full above a threshold"),
        "goalposts": pgettext("rule", "between goalposts"),
        "pass_fail": pgettext("rule", "done or not"),
        "count_cap": pgettext("rule", "per occurrence, capped"),
        "deduction_bonus": pgettext("rule", "deduction or bonus per occurrence"),
        "relative_to_best": pgettext("rule", "relative to the best unit"),
        "survey_percentage": pgettext("rule", "survey result"),
        "manual": pgettext("rule", "scored by hand"),
    }
    return words.get(text, text)


def dossier_status_label(key: object) -> str:
    """A dossier's status key (``pending``, ``resolved``, ``refused``, ``withdrawn``) in
    words; another key as it is."""
    words = {
        "pending": pgettext("dossier", "pending"),
        "resolved": pgettext("dossier", "resolved"),
        "refused": pgettext("dossier", "refused"),
        "withdrawn": pgettext("dossier", "withdrawn"),
    }
    return words.get(str(key), str(key))


def day_kind_label(kind: object) -> str:
    """A calendar day's kind (``holiday``, ``compensatory``, ``swapped``, ``make_up``) in
    words; another key as it is."""
    words = {
        "holiday": pgettext("day", "holiday"),
        "compensatory": pgettext("day", "compensatory day off"),
        "swapped": pgettext("day", "swapped day off"),
        "make_up": pgettext("day", "make-up working day"),
    }
    return words.get(str(kind), str(kind))


def holiday_label(key: object, name: str = "") -> str:
    """A holiday's name: Vietnamese as the Labour Code names it, English on request; `name`
    (the engine's) for a key this package does not know."""
    words = {
        "new_year": pgettext("holiday", "Tết Dương lịch"),
        "tet": pgettext("holiday", "Tết Nguyên đán"),
        "hung_kings": pgettext("holiday", "Giỗ Tổ Hùng Vương"),
        "reunification": pgettext("holiday", "Ngày Chiến thắng"),
        "labour_day": pgettext("holiday", "Ngày Quốc tế Lao động"),
        "national_day": pgettext("holiday", "Quốc khánh"),
        "culture_day": pgettext("holiday", "Ngày Văn hóa Việt Nam"),
        "local": pgettext("holiday", "Ngày nghỉ theo quyết định địa phương"),
    }
    return words.get(str(key), name or str(key))


def _columns() -> dict[str, str]:
    return {
        "code": pgettext("column", "Code"),
        "name": pgettext("column", "Name"),
        "id": pgettext("column", "Id"),
        "title": pgettext("column", "Title"),
        "area": pgettext("column", "Area"),
        "lead": pgettext("column", "Lead unit"),
        "deadline": pgettext("column", "Deadline"),
        "due": pgettext("column", "Due"),
        "completed": pgettext("column", "Completed"),
        "status": pgettext("column", "Status"),
        "days_late": pgettext("column", "Days late"),
        "days_left": pgettext("column", "Days left"),
        "indicator": pgettext("column", "Indicator"),
        "value": pgettext("column", "Value"),
        "level": pgettext("column", "Level"),
        "comparator": pgettext("column", "Comparison"),
        "met": pgettext("column", "Met"),
        "progress": pgettext("column", "Progress"),
        "trend": pgettext("column", "Trend"),
        "explanation": pgettext("column", "Explanation"),
        "points": pgettext("column", "Points"),
        "max": pgettext("column", "Maximum"),
        "applicable_max": pgettext("column", "Applicable maximum"),
        "percent": pgettext("column", "Percent"),
        "self_points": pgettext("column", "Self-scored"),
        "appraised_points": pgettext("column", "Appraised"),
        "total_gain": pgettext("column", "Gain to the total at full points"),
        "lost": pgettext("column", "Points lost"),
        "reason": pgettext("column", "Reason"),
        "severity": pgettext("column", "Severity"),
        "kind": pgettext("column", "Kind"),
        "message": pgettext("column", "Message"),
        "line": pgettext("column", "Line"),
        "location": pgettext("column", "Where"),
        "leaves": pgettext("column", "Criteria"),
        "unit_leaves": pgettext("column", "Scored by the unit"),
        "total_max": pgettext("column", "Maximum"),
        "provenance": pgettext("column", "Provenance"),
        "version": pgettext("column", "Version"),
        "numerator": pgettext("column", "Numerator"),
        "denominator": pgettext("column", "Denominator"),
        "unit": pgettext("column", "Unit"),
        "field": pgettext("column", "Field"),
        "procedure": pgettext("column", "Procedure"),
        "channel": pgettext("column", "Channel"),
        "month": pgettext("column", "Month"),
        "quarter": pgettext("column", "Quarter"),
        "half_year": pgettext("column", "Half-year"),
        "year": pgettext("column", "Year"),
        "date": pgettext("column", "Date"),
        "weekday": pgettext("column", "Weekday"),
        "working": pgettext("column", "Working day"),
        "source": pgettext("column", "Source"),
        "holiday": pgettext("column", "Holiday"),
        "received": pgettext("column", "Received"),
        "working_days": pgettext("column", "Working days"),
        "begin": pgettext("column", "From"),
        "end": pgettext("column", "To"),
        "days": pgettext("column", "Days"),
        "result": pgettext("column", "Result"),
        "paused": pgettext("column", "Paused"),
        "phrase": pgettext("column", "Phrase"),
        "clause": pgettext("column", "Clause"),
        "start": pgettext("column", "Start"),
        "action": pgettext("column", "Action"),
        "metric": pgettext("column", "Portal metric"),
        "portal_points": pgettext("column", "Portal's points"),
        "difference": pgettext("column", "Difference"),
        "scored_by": pgettext("column", "Scored by"),
        "condition": pgettext("column", "Condition"),
        "note": pgettext("column", "Note"),
        "text": pgettext("column", "Text"),
        "change_percent": pgettext("column", "Change (%)"),
        "upper": pgettext("column", "Upper end"),
    }


def column_label(key: str) -> str:
    """The header people read for a table column key; an unknown key is shown as it is."""
    return _columns().get(key, key)


__all__ = ["aggregation_label", "area_label", "column_label", "day_kind_label",
           "dossier_status_label", "finding_label", "holiday_label", "rule_label", "scorer_label", "status_label"]
