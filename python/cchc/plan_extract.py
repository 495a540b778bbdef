"""Targets and tasks proposed from a plan's plain text, as pandas DataFrames.

``extract_plan`` runs the rule-based extractor of libcchc (C++, ``cchc/target/extract.hpp``)
over the text of a plan as exported from Word or PDF and returns three tables: the proposed
targets, the proposed tasks, and the sentences that look like targets but that no rule
understood (reported, never guessed). Every row keeps its source line, byte offset, the rule
that matched and the heading it sits under. Rules, lexicons and measured precision/recall:
docs/target/extraction.md.

A value that does not apply is ``pd.NA`` (a relative target has no ``value``, an absolute one
no ``change_percent``), never NaN or 0.

>>> text = '''II. CÁC CHỈ TIÊU
... 1. Mức độ hài lòng của người dân đạt tối thiểu 98%.
... 2. Giảm tối thiểu 15% lượng văn bản giấy so với năm 2025.
... III. NHIỆM VỤ
... 1. Cải cách thủ tục hành chính
... a) Niêm yết công khai thủ tục hành chính.
... - Chủ trì: Văn phòng Sở.
... - Thời gian thực hiện: Quý I năm 2026.
... '''
>>> result = extract_plan(text)
>>> result.targets[["line", "indicator", "comparator", "value", "change_percent"]].to_dict("records")
[{'line': 2, 'indicator': 'satisfaction_rate', 'comparator': 'at_least', 'value': 98.0, 'change_percent': None}, {'line': 3, 'indicator': 'luong_van_ban_giay', 'comparator': 'reduce_by_at_least', 'value': None, 'change_percent': -15.0}]
>>> result.targets.loc[1, "value"] is pd.NA  # a relative target has no absolute value
True
>>> result.tasks[["line", "area", "lead", "deadline", "due"]].to_dict("records")
[{'line': 6, 'area': 'tthc', 'lead': 'Văn phòng Sở', 'deadline': 'Quý I năm 2026', 'due': datetime.date(2026, 3, 31)}]
>>> len(result.not_understood)
0
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any, NamedTuple, Optional, Union

import pandas as pd

from . import _core

_native = _core.target_extract

__all__ = ["PlanExtraction", "extract_plan", "extract_plan_file"]

TARGET_COLUMNS = [
    "id", "line", "offset", "area", "title", "indicator", "comparator", "value",
    "change_percent", "upper", "unit", "baseline_year", "deadline", "due", "owner", "support",
    "rule", "inferred", "heading", "text",
]
TASK_COLUMNS = [
    "id", "line", "offset", "area", "title", "lead", "support", "deliverable", "deadline",
    "deadline_kind", "due", "fields_from", "rule", "heading", "text",
]
NOT_UNDERSTOOD_COLUMNS = ["line", "offset", "reason", "heading", "text"]


class PlanExtraction(NamedTuple):
    """The three tables of ``extract_plan``, the title and year read from the text, and the
    proposal as a ``cchc.target.Plan`` (save it with ``cchc.target.save_plan`` to edit it)."""

    targets: pd.DataFrame
    tasks: pd.DataFrame
    not_understood: pd.DataFrame
    title: str
    year: Optional[int]
    plan: Any


def _frame(records: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    # Missing values become pd.NA before pandas sees them (it would turn None into NaN).
    rows = []
    for record in records:
        row = {name: (pd.NA if record.get(name) is None else record.get(name)) for name in columns}
        if "due" in row and row["due"] is not pd.NA:
            row["due"] = _dt.date.fromisoformat(str(row["due"]))
        rows.append(row)
    frame = pd.DataFrame.from_records(rows, columns=columns)
    for name in ("line", "offset"):
        frame[name] = frame[name].astype("int64")
    nullable: tuple[tuple[str, Any], ...] = (
        ("value", "Float64"), ("change_percent", "Float64"), ("upper", "Float64"),
        ("baseline_year", "Int64"))
    for name, dtype in nullable:
        if name in frame:
            frame[name] = pd.array(list(frame[name]), dtype=dtype)
    if "due" in frame:
        frame["due"] = frame["due"].astype(object)
    return frame


def extract_plan(text: str, *, year: Optional[int] = None, source: str = "") -> PlanExtraction:
    """Proposes the targets and tasks of the plan ``text`` (UTF-8 plain text).

    ``year`` is the plan's year for deadlines such as "Thường xuyên trong năm"; by default it
    is read from the title ("Kế hoạch … năm 2026"). ``source`` names the text in the result.
    """
    raw = _native.extract_plan(text, year, source)
    return PlanExtraction(
        targets=_frame(raw["targets"], TARGET_COLUMNS),
        tasks=_frame(raw["tasks"], TASK_COLUMNS),
        not_understood=_frame(raw["not_understood"], NOT_UNDERSTOOD_COLUMNS),
        title=raw["title"],
        year=raw["year"],
        plan=raw["plan"],
    )


def extract_plan_file(path: Union[str, os.PathLike[str]], *,
                      year: Optional[int] = None) -> PlanExtraction:
    """``extract_plan`` on the UTF-8 text file at ``path``."""
    with open(path, encoding="utf-8") as handle:
        return extract_plan(handle.read(), year=year, source=os.fspath(path))
