"""Scoring frameworks (Bộ chỉ số CCHC), self-assessments and batch scoring, with DataFrames.

A :class:`Framework` is a criteria tree with point rules, loaded from a TOML framework file
or shipped with libcchc (``Framework.shipped("decision-766-portal")``). An
:class:`Assessment` is a unit's answers per leaf: raw inputs or a self-score, evidence and
notes, optionally the appraised score. :func:`score` gives a :class:`ScoreReport` whose
tables are DataFrames: points per node, findings, lost points, self against appraised.
Not applicable shows as ``pd.NA``, never 0 or NaN. Formats and rules: docs/score/.

>>> framework = Framework.shipped("department-example")
>>> assessment = Assessment("department-example", unit="Sở Công Thương")
>>> assessment.set("3.1", value=95.0)            # on-time rate 95 %: "from 90 % to under 100 %"
>>> report = score(framework, assessment)
>>> row = report.nodes.set_index("code").loc["3.1"]
>>> float(row["points"]), row["branch"]
(3.0, 'step [90, 100)')
>>> what_if(framework, assessment, "3.1", value=100.0).total_after - report.total
3.0
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Union

import numpy as np

from . import _core
from ._files import MAX_TEXT_INPUT_BYTES, check_input_file, write_text_atomically
from ._text import nfc
from .errors import ParseError

if TYPE_CHECKING:
    import pandas as pd

_native = _core.score

PathLike = Union[str, "os.PathLike[str]"]
RankMethod = Literal["competition", "dense"]

#: The fields of one answer (docs/score/assessment.md).
ANSWER_FIELDS: tuple[str, ...] = (
    "value",
    "ratio",
    "ratios",
    "done",
    "late",
    "done_on",
    "deadline",
    "best",
    "self_score",
    "not_applicable",
    "appraised_score",
    "appraisal_note",
    "evidence",
    "note",
)

#: Target statuses accepted by :func:`apply_target_statuses`.
TARGET_STATUSES: tuple[str, ...] = (
    "achieved",
    "achieved_late",
    "not_achieved",
    "in_progress",
    "overdue",
    "not_applicable",
)


def _frame(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame of `rows`; number columns with gaps become nullable Float64 and every None
    becomes pd.NA, never NaN."""
    import pandas as pd

    frame = pd.DataFrame(list(rows), columns=list(columns))
    for column in frame.columns:
        values = frame[column].tolist()
        present = [value for value in values if value is not None]
        numeric = all(isinstance(value, float) for value in present)
        if frame[column].dtype == float or (frame[column].dtype == object and numeric and values):
            frame[column] = pd.array(
                [pd.NA if value is None else value for value in values], dtype="Float64"
            )
        elif frame[column].dtype == object:
            frame[column] = [pd.NA if value is None else value for value in values]
    return frame


class Framework:
    """A scoring framework: criteria tree, maxima, aggregation and the rule of each leaf."""

    def __init__(self, native: Any) -> None:
        self._native = native

    @classmethod
    def load(cls, path: PathLike) -> Framework:
        """Reads a framework file; errors are :class:`cchc.ParseError` with line and field."""
        return cls(_native.read_framework(check_input_file(path, MAX_TEXT_INPUT_BYTES)))

    @classmethod
    def from_toml(cls, text: str, source: str = "<string>") -> Framework:
        """Parses framework file text."""
        return cls(_native.parse_framework(text, source))

    @classmethod
    def shipped(cls, framework_id: str) -> Framework:
        """A framework shipped with libcchc (see :func:`shipped_frameworks`)."""
        return cls(_native.shipped_framework(framework_id))

    @property
    def id(self) -> str:
        """The framework id that assessments name."""
        return str(self._native.id)

    @property
    def name(self) -> str:
        """The framework's name ("Bộ chỉ số …")."""
        return str(self._native.name)

    @property
    def version(self) -> str:
        """The version the file states."""
        return str(self._native.version)

    @property
    def legal_basis(self) -> str:
        """The decision the framework rests on, as the file states it."""
        return str(self._native.legal_basis)

    @property
    def provenance(self) -> str:
        """official, reconstructed or illustrative (the default of its criteria)."""
        return str(self._native.provenance)

    @property
    def total_max(self) -> float:
        """The maximum points of the whole tree."""
        return float(self._native.total_max)

    @property
    def leaf_codes(self) -> list[str]:
        """Leaf codes in file order: the columns :func:`score_batch` expects."""
        return list(self._native.leaf_codes)

    @property
    def bands(self) -> list[tuple[str, float]]:
        """(name, from percent) from the highest."""
        return list(self._native.bands)

    @property
    def level(self) -> str:
        """The level of unit the framework scores by default ("province", "department")."""
        return str(self._native.level)

    @property
    def round_leaf_points(self) -> int | None:
        """Decimals leaf points are rounded to before they are summed (None: no rounding)."""
        value = self._native.round_leaf_points
        return None if value is None else int(value)

    @property
    def levels(self) -> list[tuple[str, str, bool]]:
        """(key, name, excluded leaves get full points) per level the framework scores."""
        return [(str(key), str(name), bool(full)) for key, name, full in self._native.levels]

    @property
    def nodes(self) -> pd.DataFrame:
        """One row per criterion: code, metric, levels, parent, name, max, aggregation, weight,
        depth, is_leaf, rule (a dict of kind and parameters), evidence_required, provenance,
        scored_by (unit, home_affairs or survey), indicator, target, source, note, line."""
        rows = self._native.nodes()
        columns = list(rows[0].keys()) if rows else []
        import pandas as pd

        return pd.DataFrame(rows, columns=columns)

    def band_of(self, percent: float) -> str:
        """The band (``"A"``, ``"tốt"``, …) of a percent of the applicable maximum; ``""`` below
        every band or when the framework has none."""
        return str(self._native.band_of(percent))

    def to_toml(self) -> str:
        """The framework file text (load → save → load gives an equal framework)."""
        return str(self._native.to_toml())

    def save(self, path: PathLike) -> None:
        """Writes the framework file (TOML)."""
        write_text_atomically(path, self.to_toml())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Framework) and bool(self._native == other._native)

    def __repr__(self) -> str:
        return f"Framework({self.id!r}, {len(self.leaf_codes)} leaves, max {self.total_max:g})"


class Assessment:
    """A unit's self-assessment: per leaf code the inputs or self-score, evidence and notes."""

    def __init__(
        self,
        framework_id: str,
        unit: str = "",
        period: str = "",
        answers: Mapping[str, Mapping[str, Any]] | None = None,
        level: str = "",
    ) -> None:
        native = _native.Assessment()
        native.framework_id = framework_id
        native.unit = unit
        native.period = period
        native.level = level
        self._native = native
        #: The row of each code in the Excel template it was read from (``read_template``), so
        #: that a finding on a criterion left empty names its row too.
        self.template_rows: dict[str, int] = {}
        #: The language of that template's sheets and headers ("vi" or "en").
        self.template_language = "vi"
        for code, fields in (answers or {}).items():
            self.set(code, **fields)

    @classmethod
    def _wrap(cls, native: Any) -> Assessment:
        assessment = cls.__new__(cls)
        assessment._native = native
        assessment.template_rows = {}
        assessment.template_language = "vi"
        return assessment

    @classmethod
    def load(cls, path: PathLike) -> Assessment:
        """Reads an assessment file (TOML, docs/score/assessment.md)."""
        return cls._wrap(_native.read_assessment(check_input_file(path, MAX_TEXT_INPUT_BYTES)))

    @classmethod
    def from_toml(cls, text: str, source: str = "<string>") -> Assessment:
        """Parses assessment file text; ``source`` names it in errors."""
        return cls._wrap(_native.parse_assessment(text, source))

    @property
    def framework_id(self) -> str:
        """The id of the framework the assessment answers."""
        return str(self._native.framework_id)

    @property
    def unit(self) -> str:
        """The assessed unit."""
        return str(self._native.unit)

    @property
    def period(self) -> str:
        """The assessed period, as written ("2025")."""
        return str(self._native.period)

    @property
    def level(self) -> str:
        """The level scored at ("commune"); empty: the framework's own level."""
        return str(self._native.level)

    @level.setter
    def level(self, value: str) -> None:
        self._native.level = value

    @property
    def codes(self) -> list[str]:
        """The leaf codes that have an answer."""
        return list(self._native.codes())

    def set(self, code: str, **fields: Any) -> None:
        """Sets (replaces) the answer of leaf `code`; fields are those of ANSWER_FIELDS."""
        unknown = set(fields) - set(ANSWER_FIELDS)
        if unknown:
            raise TypeError(f"unknown answer fields {sorted(unknown)}; expected {ANSWER_FIELDS}")
        answer = _native.LeafAnswer()
        for name, value in fields.items():
            if name == "evidence" and isinstance(value, str):
                value = [value]
            setattr(answer, name, value)
        self._native.set_answer(nfc(code), answer)

    def update(self, code: str, **fields: Any) -> None:
        """Changes some fields of the answer of `code`, keeping the others."""
        code = nfc(code)
        current = self.answer(code) if code in self.codes else {}
        current.update(fields)
        self.set(code, **{k: v for k, v in current.items() if k in ANSWER_FIELDS})

    def remove(self, code: str) -> None:
        """Removes the answer of leaf ``code``."""
        self._native.remove_answer(nfc(code))

    def answer(self, code: str) -> dict[str, Any]:
        """The answer of `code` as a dict (with input_source, input_source_message — the same
        as a code and arguments when libcchc wrote it —, declared_value and line)."""
        native = self._native.answer(nfc(code))
        out = {name: getattr(native, name) for name in ANSWER_FIELDS}
        out["input_source"] = native.input_source
        out["input_source_message"] = native.input_source_message
        out["declared_value"] = native.declared_value
        out["line"] = native.line
        return out

    @property
    def answers(self) -> pd.DataFrame:
        """One row per answered code."""
        import pandas as pd

        rows = [{"code": code, **self.answer(code)} for code in self.codes]
        return pd.DataFrame(rows, columns=["code", *ANSWER_FIELDS, "input_source",
                                           "declared_value", "line"])

    def to_toml(self) -> str:
        """The assessment as assessment-file text (loads back equal)."""
        return str(self._native.to_toml())

    def save(self, path: PathLike) -> None:
        """Writes the assessment file (TOML)."""
        write_text_atomically(path, self.to_toml())

    def copy(self) -> Assessment:
        """An independent copy (answers included)."""
        return Assessment.from_toml(self.to_toml(), str(self._native.source))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Assessment) and bool(self._native == other._native)

    def __repr__(self) -> str:
        return f"Assessment({self.framework_id!r}, unit={self.unit!r}, {len(self.codes)} answers)"


_NODE_COLUMNS = (
    "code", "depth", "is_leaf", "max", "applicable_max", "points", "unrounded_points", "percent",
    "self_points", "appraised_points", "claimed", "unanswered_leaves", "status", "rule", "branch",
    "explanation", "explanation_message", "explanation_parts", "rule_input", "inputs",
    "total_gain_if_full",
)


#: Finding kinds that must be fixed before submission (``cchc check`` exits 1 on them); the
#: others are warnings (docs/score/assessment.md, "Errors and warnings").
ERROR_FINDINGS: tuple[str, ...] = (
    "unanswered",
    "self_score_above_max",
    "missing_evidence",
    "self_score_differs",
    "invalid_input",
    "not_scored_by_unit",
    "not_applicable_without_reason",
)
#: Finding kinds reported but not blocking: the appraiser's side, data that replaced a value,
#: a criterion declared not applicable (with its reason) and a value that looks like a
#: fraction for a percentage.
WARNING_FINDINGS: tuple[str, ...] = (
    "appraised_above_max",
    "value_differs_from_data",
    "not_applicable",
    "value_looks_like_fraction",
)
#: Who scores a criterion (the framework file's ``scored_by``): the unit itself, the
#: Department / Ministry of Home Affairs, or a survey.
SCORED_BY: tuple[str, ...] = ("unit", "home_affairs", "survey")


class ScoreReport:
    """The scores of one assessment: totals and DataFrames.

    ``framework`` and ``assessment`` are what was scored (the assessment after data filled
    it); ``targets`` and ``tasks`` are the plan's scorecard and task table at ``on`` when
    :func:`assess` was given a plan (else ``None``)."""

    def __init__(
        self,
        native: Any,
        framework: Framework,
        assessment: Assessment | None = None,
        *,
        targets: pd.DataFrame | None = None,
        tasks: pd.DataFrame | None = None,
        on: Any = None,
        plan_title: str = "",
        data_period: str = "",
    ) -> None:
        self._native = native
        self._framework = framework
        self.assessment = assessment
        self.targets = targets
        self.tasks = tasks
        self.on = on
        self.plan_title = plan_title
        self.data_period = data_period

    @property
    def framework(self) -> Framework:
        """The framework the report was scored against."""
        return self._framework

    @property
    def errors(self) -> pd.DataFrame:
        """The findings that must be fixed before submission (kinds in ERROR_FINDINGS)."""
        findings = self.findings
        return findings[findings["kind"].isin(ERROR_FINDINGS)].reset_index(drop=True)

    @property
    def warnings(self) -> pd.DataFrame:
        """The other findings (kinds in WARNING_FINDINGS)."""
        findings = self.findings
        return findings[~findings["kind"].isin(ERROR_FINDINGS)].reset_index(drop=True)

    @property
    def areas(self) -> pd.DataFrame:
        """The top-level nodes (areas, lĩnh vực): code, name, max, applicable_max, points,
        percent, self_points, appraised_points."""
        nodes = self.nodes
        return nodes[nodes["depth"] == 0][
            ["code", "name", "max", "applicable_max", "points", "percent", "self_points",
             "appraised_points"]
        ].reset_index(drop=True)

    @property
    def total(self) -> float:
        """Points of the whole tree."""
        return float(self._native.total)

    @property
    def total_max(self) -> float:
        """The applicable maximum (not-applicable criteria leave it)."""
        return float(self._native.total_max)

    @property
    def percent(self) -> float | None:
        """Points as a percent of the applicable maximum; None when nothing applies."""
        value = self._native.percent
        return None if value is None else float(value)

    @property
    def band(self) -> str:
        """The band of ``percent`` (``""`` below every band or without bands)."""
        return str(self._native.band)

    @property
    def self_total(self) -> float:
        """The total of the self-scores."""
        return float(self._native.self_total)

    @property
    def appraised_total(self) -> float:
        """The total of the appraised scores."""
        return float(self._native.appraised_total)

    @property
    def unrounded_total(self) -> float:
        """The total from unrounded leaf points (equal to ``total`` without rounding)."""
        return float(self._native.unrounded_total)

    @property
    def level(self) -> str:
        """The level scored at (the framework's own level when the assessment names none)."""
        return str(self._native.level)

    @property
    def nodes(self) -> pd.DataFrame:
        """Per node: points, percent of the applicable maximum, self and appraised points, and
        for leaves the status, rule, branch, explanation and inputs."""
        frame = _frame(self._native.nodes(), _NODE_COLUMNS)
        criteria = self._framework.nodes.set_index("code")
        frame.insert(1, "name", frame["code"].map(criteria["name"]))
        frame["scored_by"] = frame["code"].map(criteria["scored_by"])
        return frame

    @property
    def not_scored_by_unit(self) -> pd.DataFrame:
        """The leaves Home Affairs or a survey scores (``scored_by`` in the framework file),
        which the unit does not answer: code, name, scored_by, max, points (0 while
        ``awaiting``), status."""
        nodes = self.nodes
        leaves = nodes[nodes["is_leaf"] & (nodes["scored_by"] != "unit")]
        return leaves[["code", "name", "scored_by", "max", "points", "status"]].reset_index(
            drop=True)

    @property
    def findings(self) -> pd.DataFrame:
        """The validation report: kind, code, message (English), line, ``details`` (the message
        as codes with arguments, which :mod:`cchc.messages` writes in the current language) and
        ``location``: where to fix
        it — ``file.toml:12`` for an assessment file, ``file.xlsx: sheet 'Tự đánh giá' row 7
        column K (Điểm tự chấm)`` for a filled Excel template ("" when built in code)."""
        frame = _frame(self._native.findings(), ("kind", "code", "message", "line", "details"))
        source = "" if self.assessment is None else str(self.assessment._native.source)
        rows = {} if self.assessment is None else self.assessment.template_rows
        if rows:  # a criterion left empty in a template has no answer, but it has a row
            frame["line"] = [line if line else rows.get(code, 0)
                             for code, line in zip(frame["code"], frame["line"])]
        rules = self._framework.nodes.set_index("code")["rule"]
        lang = "vi" if self.assessment is None else self.assessment.template_language
        frame["location"] = [
            _finding_location(source, str(kind), int(line), rules.get(code),
                              template_language=lang)
            for kind, code, line in zip(frame["kind"], frame["code"], frame["line"])
        ]
        return frame

    @property
    def appraised(self) -> bool:
        """Whether an appraisal (Home Affairs' round) has been recorded: some answer has an
        appraised score. Before that, reports show no appraised totals."""
        if self.assessment is None:
            return False
        frame = self.assessment.answers
        return bool(frame["appraised_score"].notna().any()) if len(frame) else False

    @property
    def lost_points(self) -> pd.DataFrame:
        """Leaves below their maximum, the largest gain to the total first."""
        return _frame(
            self._native.lost_points(),
            ("code", "total_gain", "lost", "points", "applicable_max", "reason"),
        )

    @property
    def comparison(self) -> pd.DataFrame:
        """Self against appraised per node and in total (code "TOTAL"), with the difference
        (appraised − self) explained."""
        return _frame(
            self._native.comparison(),
            ("code", "self_points", "appraised_points", "difference", "explanation"),
        )

    def __repr__(self) -> str:
        percent = "n/a" if self.percent is None else f"{self.percent:.2f} %"
        return f"ScoreReport(total {self.total:g} of {self.total_max:g}, {percent})"


#: The template field each finding kind is about (its column in the Excel template).
_FINDING_FIELDS: dict[str, str] = {
    "self_score_above_max": "self_score",
    "self_score_differs": "self_score",
    "not_scored_by_unit": "self_score",
    "missing_evidence": "evidence",
    "appraised_above_max": "appraised_score",
    "value_differs_from_data": "value",
    "value_looks_like_fraction": "value",
    "not_applicable": "not_applicable",
    "not_applicable_without_reason": "not_applicable",
}


def _template_cell(kind: str, rule: Any, lang: str = "vi") -> tuple[str, str]:
    """(column letter, header) of the template cell a finding of `kind` on a leaf points at,
    in a template in `lang`."""
    from .report import template_columns

    rule_kind = rule.get("kind", "") if isinstance(rule, dict) else ""
    field = _FINDING_FIELDS.get(kind)
    if field is None:  # unanswered, invalid_input: the column the rule reads
        field = {"manual": "self_score", "pass_fail": "done"}.get(rule_kind, "value")
    columns = template_columns(lang)
    keys = [key for key, _label in columns]
    index = keys.index(field)
    return chr(ord("A") + index), columns[index][1]


def _finding_location(source: str, kind: str, line: int, rule: Any,
                      in_words: bool = False, template_language: str = "vi") -> str:
    """Where a finding points: the file and line, or the template's sheet, row and column
    (in English for the DataFrame; `in_words`: in the current language, for people)."""
    if not source or line <= 0:
        return source
    if not source.lower().endswith(".xlsx"):
        return f"{source}:{line}"
    from .i18n import _
    from .report import template_sheet

    sheet = template_sheet(template_language)
    column, header = _template_cell(kind, rule, template_language)
    if in_words:
        return _("{file}: sheet '{sheet}' row {row} column {column} ({header})").format(
            file=source, sheet=sheet, row=line, column=column, header=header)
    return f"{source}: sheet '{sheet}' row {line} column {column} ({header})"


def score(framework: Framework, assessment: Assessment) -> ScoreReport:
    """Scores `assessment` against `framework`."""
    return ScoreReport(
        _native.score(framework._native, assessment._native), framework, assessment
    )


@dataclass(frozen=True)
class WhatIf:
    total_before: float
    total_after: float
    percent_before: float | None
    percent_after: float | None
    nodes: pd.DataFrame  # code, before, after, delta: only the nodes that moved


def what_if(framework: Framework, assessment: Assessment, code: str, **changes: Any) -> WhatIf:
    """The effect of changing some fields of the answer of leaf `code` (value=…, done=…)."""
    changed = assessment.copy()
    changed.update(code, **changes)
    native_answer = changed._native.answer(code)
    result = _native.what_if(framework._native, assessment._native, code, native_answer)
    return WhatIf(
        result["total_before"],
        result["total_after"],
        result["percent_before"],
        result["percent_after"],
        _frame(result["nodes"], ("code", "before", "after", "delta")),
    )


def shipped_frameworks() -> list[str]:
    """Ids of the frameworks shipped with libcchc."""
    return list(_native.shipped_frameworks())


def _indicator_pairs(values: Any) -> dict[str, tuple[int, int]]:
    """Indicator values as key → (numerator, denominator), from a mapping of pairs or from one
    row of :func:`cchc.indicators` (columns ``<key>_numerator`` / ``<key>_denominator``)."""
    pairs: dict[str, tuple[int, int]] = {}
    if hasattr(values, "index") and hasattr(values, "to_dict"):  # a pandas Series (one row)
        row = values.to_dict()
        for column, numerator in row.items():
            if isinstance(column, str) and column.endswith("_numerator"):
                key = column[: -len("_numerator")]
                pairs[key] = (int(numerator), int(row[f"{key}_denominator"]))
        # The Decision 766 portal's definitions, from the same counts (cchc.portal766).
        from .portal766 import portal_indicator_pairs

        pairs.update(portal_indicator_pairs(row))
        return pairs
    for key, pair in values.items():
        numerator, denominator = pair
        pairs[key] = (int(numerator), int(denominator))
    return pairs


def apply_indicators(framework: Framework, assessment: Assessment, values: Any) -> Assessment:
    """A copy of `assessment` whose leaves that name an indicator take its value (percent);
    a zero denominator makes the leaf not applicable. `values`: {key: (numerator,
    denominator)} or one row of ``cchc.indicators(...)``."""
    native = _native.apply_indicators(
        framework._native, assessment._native, _indicator_pairs(values)
    )
    return Assessment._wrap(native)


def apply_target_statuses(
    framework: Framework, assessment: Assessment, statuses: Mapping[str, str]
) -> Assessment:
    """A copy of `assessment` whose leaves that name a target take done/late from its status
    (one of TARGET_STATUSES)."""
    return Assessment._wrap(
        _native.apply_target_statuses(framework._native, assessment._native, dict(statuses))
    )


def status_from_plan(plan_status: str) -> str | None:
    """The scoring input status (one of TARGET_STATUSES) a plan's target or task status
    stands for; ``None`` when the plan cannot tell (the leaf keeps the unit's answer). The
    mapping lives in C++ (``cchc::score::status_from_plan``), docs/score/assessment.md.

    >>> status_from_plan("at_risk"), status_from_plan("done_late"), status_from_plan("not_applicable")
    ('in_progress', 'achieved_late', None)
    """
    status = _native.status_from_plan(plan_status)
    return None if status is None else str(status)


def apply_plan_statuses(
    framework: Framework,
    assessment: Assessment,
    statuses: Mapping[str, str],
    plan_name: str = "the plan",
) -> Assessment:
    """A copy of `assessment` whose leaves that name a target or task id take done/late from
    its plan status (``{id: target or task status}``, as ``cchc.target.scorecard`` and
    ``task_status`` give them), through :func:`status_from_plan`."""
    return Assessment._wrap(
        _native.apply_plan_statuses(
            framework._native, assessment._native, dict(statuses), plan_name
        )
    )


def _unit_indicator_row(
    dossiers: Any, period: Any, unit: str, options: Mapping[str, Any]
) -> tuple[Any, Any]:
    """(one row of indicators, the same as a one-row table) for the assessment's unit: all
    dossiers when the assessment names no unit or the data has no unit."""
    from .dossier import Dossiers, GroupKey, indicators

    if isinstance(dossiers, Dossiers):
        table = dossiers.indicators(period, by=("unit",) if unit else (), **options)
    else:
        has_unit_column = hasattr(dossiers, "columns") and "unit" in dossiers.columns
        by: tuple[GroupKey, ...] = ("unit",) if unit and has_unit_column else ()
        table = indicators(dossiers, period, by=by, **options)
    if "unit" in table.columns:
        rows = table[table["unit"] == unit]
        if rows.empty:
            known = ", ".join(sorted(str(name) for name in table["unit"].dropna().unique()))
            raise ValueError(
                f"no dossiers of unit {unit!r} in the period (units in the data: {known or 'none'})"
            )
        rows = rows.drop(columns=["unit"]).reset_index(drop=True)
    else:
        rows = table
    if rows.empty:
        raise ValueError("no dossiers in the period")
    return rows.iloc[0], rows


class PeriodMismatch(ValueError):
    """The dossiers' period (``period`` or ``first``/``last``) is not the assessment's own.

    Attributes: ``assessment_period`` (the assessment's text, "2024-Q1") and ``given`` (the
    period code or the ``first..last`` window asked for)."""

    def __init__(self, assessment_period: str, given: str) -> None:
        super().__init__(
            f"the dossiers' period {given} is not the assessment's period {assessment_period}: "
            "indicators of another period would score it (give the assessment's period, or "
            "correct the assessment's period)"
        )
        self.assessment_period = assessment_period
        self.given = given


def dossier_period(
    assessment: Assessment, period: Any = None, first: Any = None, last: Any = None,
    cutoff: str = "day 14",
) -> Any:
    """The reporting period the dossiers are counted over for `assessment`: `period` when
    given, else the assessment's own period (when it is a period code such as ``2024-Q1`` or
    ``2025``; ``None`` otherwise). A `period` other than the assessment's own, or a
    `first`..`last` window outside it (its data range or its calendar days), raises
    :class:`PeriodMismatch`: scoring one period with another's data is a silent wrong
    number. An assessment whose period is not a code ("năm 2025") is not compared.

    >>> a = Assessment("department-example", period="2024-Q1")
    >>> dossier_period(a).code
    '2024-Q1'
    >>> dossier_period(a, "2024-Q2")
    Traceback (most recent call last):
    ...
    cchc.score.PeriodMismatch: the dossiers' period 2024-Q2 is not the assessment's period 2024-Q1: indicators of another period would score it (give the assessment's period, or correct the assessment's period)
    """
    import datetime as _dt

    from .calendar import Period

    own = None
    text = assessment.period.strip()
    if text:
        try:
            own = Period.parse(text)
        except ValueError:
            own = None
    if period is None and first is None and last is None:
        return own
    if own is None:
        return period
    if period is not None:
        given = period if isinstance(period, Period) else Period.parse(str(period))
        if given.code != own.code:
            raise PeriodMismatch(text, given.code)
        return period
    begin = _dt.date.fromisoformat(first) if isinstance(first, str) else first
    end = _dt.date.fromisoformat(last) if isinstance(last, str) else last
    data_first, data_last = own.data_range(cutoff)
    if (begin is not None and begin < min(own.first_day, data_first)) or (
            end is not None and end > max(own.last_day, data_last)):
        raise PeriodMismatch(text, f"{first}..{last}")
    return period


def assess(
    framework: Framework,
    assessment: Assessment,
    *,
    dossiers: Any = None,
    period: Any = None,
    target_statuses: Mapping[str, str] | None = None,
    plan: Any = None,
    on: Any = None,
    **indicator_options: Any,
) -> ScoreReport:
    """From data to a scored, validated self-assessment in one call.

    - `dossiers`: a dossier DataFrame as :func:`cchc.indicators` takes it, or a
      :class:`cchc.Dossiers` (e.g. ``cchc.io.read_dossiers_csv(...)``); its indicators over
      `period` (``"2026-Q1"``, a Period, or ``first=``/``last=`` in `indicator_options`) fill
      the leaves that name an indicator. When the assessment names a unit, only that unit's
      dossiers count.
    - `plan` (a ``cchc.target.Plan`` or a plan file path) judged `on` a date: each target's
      and task's status becomes the input of the leaves that name its id, through
      :func:`status_from_plan`. Targets on dossier indicators take their values from the same
      dossiers. The report keeps the plan's ``targets`` and ``tasks`` tables.
    - `target_statuses` ({id: scoring status}) set by hand, applied last.

    Without `period` (or ``first``/``last``) the dossiers are counted over the assessment's
    own period; a different one raises :class:`PeriodMismatch` (:func:`dossier_period`).
    Typed-in values the data replace stay visible (finding ``value_differs_from_data``).
    """
    filled = assessment
    unit_table = None
    if dossiers is not None:
        period = dossier_period(
            assessment, period, indicator_options.get("first"), indicator_options.get("last"),
            str(indicator_options.get("cutoff", "day 14")))
        row, unit_table = _unit_indicator_row(dossiers, period, assessment.unit, indicator_options)
        filled = apply_indicators(framework, filled, row)
    targets = tasks = None
    plan_title = ""
    if plan is not None:
        from .target import load_plan, scorecard, task_status

        if on is None:
            raise ValueError("assess(plan=...) needs on=<date>: the date the plan is judged at")
        if isinstance(plan, (str, os.PathLike)):
            plan = load_plan(plan)
        plan_title = str(plan.title or plan.id)
        targets = scorecard(plan, on, indicators=unit_table)
        tasks = task_status(plan, on)
        statuses = dict(zip(targets["id"], targets["status"]))
        for task_id, status in zip(tasks["id"], tasks["status"]):
            if task_id in statuses:
                raise ValueError(f"plan {plan.id!r}: id {task_id!r} is both a target and a task")
            statuses[task_id] = status
        filled = apply_plan_statuses(framework, filled, statuses, f"plan {plan.id}")
    if target_statuses is not None:
        filled = apply_target_statuses(framework, filled, target_statuses)
    filled.template_rows = dict(assessment.template_rows)
    report = score(framework, filled)
    report.targets = targets
    report.tasks = tasks
    report.on = on
    report.plan_title = plan_title
    if period is not None:
        report.data_period = str(period)
    return report


@dataclass(frozen=True)
class BatchResult:
    totals: pd.DataFrame  # per unit: total, percent, rank, unanswered
    nodes: pd.DataFrame  # units × node codes (tree order): points
    leaf_codes: tuple[str, ...]

    @property
    def leaf_points(self) -> pd.DataFrame:
        """units × leaf codes: the leaves' points (a copy of those columns of ``nodes``)."""
        return self.nodes[list(self.leaf_codes)]


def score_batch(
    framework: Framework,
    inputs: pd.DataFrame,
    rank: RankMethod = "competition",
    *,
    threads: int | None = None,
) -> BatchResult:
    """Scores many units at once. `inputs` has one row per unit (its index names the units)
    and one column per leaf code (all of ``framework.leaf_codes``); a cell holds the value
    (percent, count, survey result), 1/0 (2 = done late) for pass/fail, or the self-score
    for manual leaves; NaN or pd.NA = no answer (0 points, counted in ``unanswered``).
    Ties rank "1, 2, 2, 4" (competition) or "1, 2, 2, 3" (dense). ``threads`` (default: every
    core; small batches use fewer) does not change the result."""
    if threads is not None and threads < 1:
        raise ValueError(f"threads must be at least 1, not {threads}")
    import pandas as pd

    codes = framework.leaf_codes
    missing = [code for code in codes if code not in inputs.columns]
    extra = [column for column in inputs.columns if column not in codes]
    if missing or extra:
        raise ParseError.at(
            "<inputs>", 0, str((missing or extra)[0]),
            f"inputs columns must be the leaf codes: missing {missing}, unknown {extra}",
        )
    matrix = inputs[codes].astype("float64").to_numpy(dtype=np.float64, na_value=np.nan)
    result = _native.score_batch(
        framework._native, np.asfortranarray(matrix), rank, threads or 0
    )
    node_codes = list(framework._native.node_codes)
    totals = pd.DataFrame(
        {
            "total": result["total"],
            "percent": result["percent"],
            "rank": np.asarray(result["rank"], dtype=np.int64),
            "unanswered": np.asarray(result["unanswered"], dtype=np.int64),
        },
        index=inputs.index,
    )
    return BatchResult(
        totals,
        pd.DataFrame(result["node_points"], index=inputs.index, columns=node_codes, copy=False),
        tuple(codes),
    )


__all__ = [
    "ANSWER_FIELDS",
    "ERROR_FINDINGS",
    "PeriodMismatch",
    "WARNING_FINDINGS",
    "Assessment",
    "BatchResult",
    "Framework",
    "SCORED_BY",
    "ScoreReport",
    "TARGET_STATUSES",
    "WhatIf",
    "apply_indicators",
    "apply_plan_statuses",
    "apply_target_statuses",
    "assess",
    "dossier_period",
    "score",
    "score_batch",
    "shipped_frameworks",
    "status_from_plan",
    "what_if",
]
