"""Reform targets (chỉ tiêu), tasks (nhiệm vụ) and plans: status, trend, scorecard, roll-ups.

A plan is a TOML file (docs/target/plan-file.md) of targets and tasks. ``scorecard`` judges each
target at a date from values you supply or from dossier indicators, and explains every status
with the numbers and thresholds it used; ``task_status`` does the same for tasks; ``rollup``
counts statuses per lead unit or reform area. Formulas: docs/target/status.md. Values that are
not applicable are ``pd.NA`` (or ``NaT`` for dates), never 0 or NaN.

>>> import datetime
>>> plan = parse_plan('''
... [plan]
... id = "demo"
... year = 2026
... [[target]]
... id = "T01"
... indicator = "on_time_rate"
... comparator = "at_least"
... value = 98.0
... unit = "percent"
... baseline = 90.0
... baseline_year = 2025
... deadline = "Năm 2026"
... ''')
>>> row = scorecard(plan, datetime.date(2026, 7, 2), values={"T01": 94.0}).iloc[0]
>>> row["status"], float(row["progress"]), float(row["gap"])
('on_track', 0.5, 4.0)
"""

from __future__ import annotations

import datetime as _dt
import math
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Union

import numpy as np

from . import _core
from ._files import MAX_TEXT_INPUT_BYTES, check_input_file
from .errors import ParseError

if TYPE_CHECKING:
    import pandas as pd

_native = _core.target

#: A target (chỉ tiêu): indicator, comparator, value or change_percent, unit, baseline, deadline,
#: owner. Build one with keywords: ``Target(id="T01", indicator="on_time_rate", value=98.0)``.
Target = _native.Target
#: A task (nhiệm vụ): lead, support, deliverable, deadline phrase, completion date.
Task = _native.Task
#: A plan: id, title, issuer, document, year, source, targets and tasks.
Plan = _native.Plan

DateLike = Union[_dt.date, np.datetime64, str]
RollupBy = Literal["unit", "area"]
TrendMethod = Literal["sdg_index", "open_sdg"]

#: Target statuses, in order; task statuses, in order.
TARGET_STATUSES: tuple[str, ...] = tuple(_native.target_statuses())
TASK_STATUSES: tuple[str, ...] = tuple(_native.task_statuses())


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """Reads a plan file. Bad content raises ``cchc.ParseError`` with ``source``, ``line``,
    ``field`` and ``reason``."""
    return _native.load_plan(check_input_file(path, MAX_TEXT_INPUT_BYTES))


def parse_plan(text: str, source: str = "<string>") -> Plan:
    """Reads a plan from TOML text; ``source`` names it in errors."""
    return _native.parse_plan(text, source)


def format_plan(plan: Plan) -> str:
    """The plan as TOML in the canonical layout; ``parse_plan(format_plan(p)) == p``."""
    return str(_native.format_plan(plan))


def save_plan(plan: Plan, path: str | os.PathLike[str]) -> None:
    """Writes ``format_plan(plan)`` to ``path``."""
    _native.save_plan(plan, os.fspath(path))


def example_plans() -> list[str]:
    """Names of the plans shipped with the library (``plans/….toml``)."""
    return list(_native.embedded_plans())


def load_example_plan(name: str) -> Plan:
    """A shipped plan by name, with or without the ``plans/`` prefix and ``.toml`` suffix."""
    if not name.startswith("plans/"):
        name = "plans/" + name
    if not name.endswith(".toml"):
        name += ".toml"
    return _native.load_embedded_plan(name)


def _series(values: Any) -> tuple[list[_dt.date], list[float]]:
    """Dates and values of a date-indexed Series, a mapping date -> value or (dates, values).
    Missing points (None, NaN, pd.NA) are not observations and are left out."""
    import pandas as pd

    if isinstance(values, pd.Series):
        pairs = list(zip(values.index, values.to_numpy(dtype=object)))
    elif isinstance(values, Mapping):
        pairs = list(values.items())
    else:
        dates, numbers = values
        pairs = list(zip(dates, numbers))
    out_dates: list[_dt.date] = []
    out_values: list[float] = []
    for date, value in pairs:
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            continue
        out_dates.append(pd.Timestamp(date).date())
        out_values.append(float(value))
    return out_dates, out_values


def evaluate(
    target: Target,
    value: float | None,
    at: DateLike,
    *,
    on_track_tolerance: float = 0.05,
    at_risk_band: float = 0.15,
    exact_tolerance: float = 1e-9,
    period_start: DateLike | None = None,
) -> dict[str, Any]:
    """The target at ``at`` with ``value`` (``None`` = missing): status, value, level, baseline,
    met, gap, progress, elapsed, start, due, met_at_baseline, deadline_passed, the thresholds
    and an explanation. Not applicable entries are ``None``."""
    return dict(
        _native.evaluate(
            target,
            _optional_float(value),
            at,
            on_track_tolerance=on_track_tolerance,
            at_risk_band=at_risk_band,
            exact_tolerance=exact_tolerance,
            period_start=period_start,
        )
    )


def trend(
    target: Target,
    series: Any,
    *,
    method: TrendMethod = "sdg_index",
    on_track: float | None = None,
    moderate: float | None = None,
) -> dict[str, Any]:
    """The trend category (achieved, on_track, moderately_improving, stagnating, decreasing,
    not_applicable) from a date-indexed Series (or mapping, or ``(dates, values)``): observed
    against required annual gain (``sdg_index``, linear) or growth (``open_sdg``, compound), their
    ratio, the least-squares projection to the deadline and an explanation."""
    dates, values = _series(series)
    return dict(
        _native.trend(target, dates, values, method=method, on_track=on_track, moderate=moderate)
    )


def _optional_float(value: Any) -> float | None:
    if value is None:
        return None
    try:
        import pandas as pd

        if value is pd.NA:
            return None
    except ImportError:  # pragma: no cover
        pass
    number = float(value)
    if math.isinf(number):
        # NaN is pandas' missing value; an infinity is no value a target can be judged on.
        raise ParseError.at("<values>", 0, "value", f"{number} is not a finite number")
    return None if number != number else number


def _supplied(values: Any) -> list[tuple[str, str, float | None, list[_dt.date], list[float]]]:
    """(key, scope_unit, value, dates, values) entries from a mapping or a DataFrame."""
    import pandas as pd

    if values is None:
        return []
    entries: list[tuple[str, str, float | None, list[_dt.date], list[float]]] = []
    if isinstance(values, pd.DataFrame):
        if "key" not in values.columns or "value" not in values.columns:
            missing = "key" if "key" not in values.columns else "value"
            raise ParseError.at("<values>", 0, missing, "a values table needs the columns 'key' and 'value'")
        unknown = set(values.columns) - {"key", "value", "scope_unit", "date"}
        if unknown:
            raise ParseError.at(
                "<values>", 0, str(sorted(unknown)[0]),
                f"unknown columns in the values table: {sorted(unknown)} "
                "(expected key, value, scope_unit, date)",
            )
        frame = values.copy()
        if frame["key"].isna().any():
            row = int(np.flatnonzero(frame["key"].isna().to_numpy())[0]) + 1
            raise ParseError.at("<values>", row, "key", "a row without a key (rows from 1)")
        if "scope_unit" not in frame.columns:
            frame["scope_unit"] = ""
        frame["scope_unit"] = frame["scope_unit"].fillna("")
        has_dates = "date" in frame.columns
        for (key, scope_unit), group in frame.groupby(["key", "scope_unit"], sort=False):
            current: float | None = None
            undated = False
            dates: list[_dt.date] = []
            numbers: list[float] = []
            for _, row in group.iterrows():
                date = row["date"] if has_dates else None
                if date is None or date is pd.NaT or (isinstance(date, float) and date != date):
                    if undated:
                        raise ParseError.at(
                            "<values>", 0, "date",
                            f"two undated values for key '{key}' / '{scope_unit}'",
                        )
                    undated = True
                    current = _optional_float(row["value"])
                else:
                    number = _optional_float(row["value"])
                    if number is not None:
                        dates.append(pd.Timestamp(date).date())
                        numbers.append(number)
            entries.append((str(key), str(scope_unit), current, dates, numbers))
        return entries
    if isinstance(values, Mapping):
        for key, value in values.items():
            if isinstance(value, (pd.Series, Mapping)):
                dates, numbers = _series(value)
                entries.append((str(key), "", None, dates, numbers))
            else:
                entries.append((str(key), "", _optional_float(value), [], []))
        return entries
    raise TypeError("values must be a mapping or a DataFrame with columns key, value")


def _engine_ratios(indicators: Any) -> dict[str, dict[str, tuple[int, int]]]:
    """Numerators and denominators per unit and indicator from a ``cchc.indicators`` table."""
    if indicators is None:
        return {}
    from .dossier import indicator_definitions

    groups = [c for c in ("field", "procedure", "channel") if c in indicators.columns]
    if groups:
        raise ValueError(
            f"the indicator table is grouped by {groups}: group by 'unit' only, or not at all"
        )
    keys = [
        key
        for key in indicator_definitions()["key"]
        if f"{key}_numerator" in indicators.columns and f"{key}_denominator" in indicators.columns
    ]
    ratios: dict[str, dict[str, tuple[int, int]]] = {}
    for _, row in indicators.iterrows():
        unit = "" if "unit" not in indicators.columns else row["unit"]
        unit = "" if unit is None or unit != unit else str(unit)
        if unit in ratios:
            raise ParseError.at(
                "<indicators>", 0, "unit", f"the indicator table has two rows for unit '{unit}'"
            )
        ratios[unit] = {
            key: (int(row[f"{key}_numerator"]), int(row[f"{key}_denominator"])) for key in keys
        }
    return ratios


def _floats(values: Sequence[Any]) -> Any:
    import pandas as pd

    return pd.array([pd.NA if v is None else float(v) for v in values], dtype="Float64")


def _dates(values: Sequence[Any]) -> Any:
    import pandas as pd

    return pd.to_datetime(pd.Series([pd.NaT if v is None else v for v in values], dtype=object))


def scorecard(
    plan: Plan,
    at: DateLike,
    values: Any = None,
    indicators: pd.DataFrame | None = None,
    *,
    on_track_tolerance: float = 0.05,
    at_risk_band: float = 0.15,
    exact_tolerance: float = 1e-9,
    period_start: DateLike | None = None,
    trend_method: TrendMethod = "sdg_index",
    trend_on_track: float | None = None,
    trend_moderate: float | None = None,
) -> pd.DataFrame:
    """One row per target of ``plan`` at ``at``.

    ``values`` are supplied by hand: a mapping ``{target id or indicator key: value or
    date-indexed Series}``, or a DataFrame with columns ``key``, ``value`` and optionally
    ``scope_unit`` and ``date`` (dated rows form the series used for the trend; an undated row is
    the current value, else the last dated value on or before ``at``). ``indicators`` is a table
    from ``cchc.indicators`` (ungrouped or ``by="unit"``): an engine indicator target takes its
    value from there when nothing was supplied. Lookup order: target id, indicator with the
    target's scope unit, indicator without scope, engine.

    Columns: id, title, area, indicator, scope_unit, owner, value, value_source, level,
    comparator, unit, baseline, met, gap, progress, elapsed, start, due, status, trend,
    trend_ratio, observed_gain, required_gain, projection, projected_met, explanation.
    """
    import pandas as pd

    rows = _native.scorecard(
        plan,
        _supplied(values),
        _engine_ratios(indicators),
        at,
        on_track_tolerance=on_track_tolerance,
        at_risk_band=at_risk_band,
        exact_tolerance=exact_tolerance,
        period_start=period_start,
        trend_method=trend_method,
        trend_on_track=trend_on_track,
        trend_moderate=trend_moderate,
    )
    targets = {t.id: t for t in plan.targets}
    ev = [row["evaluation"] for row in rows]
    tr = [row["trend"] for row in rows]
    items = [targets[row["id"]] for row in rows]
    return pd.DataFrame(
        {
            "id": [t.id for t in items],
            "title": [t.title for t in items],
            "area": [t.area for t in items],
            "indicator": [t.indicator for t in items],
            "scope_unit": [t.scope_unit for t in items],
            "owner": [t.owner for t in items],
            "value": _floats([e["value"] for e in ev]),
            "value_source": pd.array(
                [row["value_source"] or pd.NA for row in rows], dtype="string"
            ),
            "level": _floats([e["level"] for e in ev]),
            # The upper end of a "between" range (level is its lower end); NA otherwise.
            "upper": _floats([t.upper for t in items]),
            "comparator": [t.comparator for t in items],
            "unit": [t.unit for t in items],
            "baseline": _floats([e["baseline"] for e in ev]),
            "met": pd.array([e["met"] for e in ev], dtype="boolean"),
            "gap": _floats([e["gap"] for e in ev]),
            "progress": _floats([e["progress"] for e in ev]),
            "elapsed": _floats([e["elapsed"] for e in ev]),
            "start": _dates([e["start"] for e in ev]),
            "due": _dates([e["due"] for e in ev]),
            "status": [e["status"] for e in ev],
            "trend": [t["category"] for t in tr],
            "trend_ratio": _floats([t["ratio"] for t in tr]),
            "observed_gain": _floats([t["observed_gain"] for t in tr]),
            "required_gain": _floats([t["required_gain"] for t in tr]),
            "projection": _floats([t["projection"] for t in tr]),
            "projected_met": pd.array([t["projected_met"] for t in tr], dtype="boolean"),
            "explanation": [row["explanation"] for row in rows],
        }
    )


def task_status(plan: Plan, at: DateLike) -> pd.DataFrame:
    """One row per task at ``at``: id, title, area, lead, support, deliverable, deadline, due,
    completed (only when on or before ``at``), status (done_on_time, done_late, done, overdue,
    pending, ongoing, not_applicable), days_late, days_left, explanation."""
    import pandas as pd

    tasks = list(plan.tasks)
    results = [_native.evaluate_task(task, at) for task in tasks]
    return pd.DataFrame(
        {
            "id": [t.id for t in tasks],
            "title": [t.title for t in tasks],
            "area": [t.area for t in tasks],
            "lead": [t.lead for t in tasks],
            "support": [list(t.support) for t in tasks],
            "deliverable": [t.deliverable for t in tasks],
            "deadline": [t.deadline for t in tasks],
            "due": _dates([r["due"] for r in results]),
            "completed": _dates([r["completed"] for r in results]),
            "status": [r["status"] for r in results],
            "days_late": pd.array([r["days_late"] for r in results], dtype="Int64"),
            "days_left": pd.array([r["days_left"] for r in results], dtype="Int64"),
            "explanation": [r["explanation"] for r in results],
        }
    )


def rollup(table: pd.DataFrame, by: RollupBy = "unit") -> pd.DataFrame:
    """Counts of statuses per lead unit (a task's ``lead``, a target's ``owner``) or per reform
    ``area``, from a ``task_status`` or ``scorecard`` table: one row per group, one column per
    status (all statuses, zeros included) and ``total``."""
    import pandas as pd

    if by not in ("unit", "area"):
        raise ValueError("by must be 'unit' or 'area'")
    if "lead" in table.columns:
        statuses, column = TASK_STATUSES, "lead" if by == "unit" else "area"
    elif "owner" in table.columns:
        statuses, column = TARGET_STATUSES, "owner" if by == "unit" else "area"
    else:
        raise ValueError("rollup needs a task_status or scorecard table")
    unknown = set(table["status"]) - set(statuses)
    if unknown:
        raise ValueError(f"unknown statuses: {sorted(unknown)}")
    counts = pd.crosstab(table[column], table["status"])
    counts = counts.reindex(columns=list(statuses), fill_value=0).astype("int64")
    counts["total"] = counts.sum(axis=1)
    counts.index.name = by
    counts.columns.name = None
    return counts


def area_name(key: str) -> str:
    """The Vietnamese name of a reform area key: ``area_name("tthc")`` is
    'Cải cách thủ tục hành chính'."""
    return str(_native.area_name_vi(key))


__all__ = [
    "TARGET_STATUSES",
    "TASK_STATUSES",
    "Plan",
    "Target",
    "Task",
    "area_name",
    "evaluate",
    "example_plans",
    "format_plan",
    "load_example_plan",
    "load_plan",
    "parse_plan",
    "rollup",
    "save_plan",
    "scorecard",
    "task_status",
    "trend",
]
