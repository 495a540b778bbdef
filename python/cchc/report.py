"""Self-assessment reports: one self-contained HTML file, an Excel workbook, and the Excel
self-assessment template (generate → fill → read back → score).

The HTML report opens offline in any browser: styles are inline, charts are inline SVG, no
script, font or stylesheet is fetched; every text from a user is escaped. The workbook has the
same sections, one sheet each, with Vietnamese headers. Files are written through a temporary
file and ``os.replace``, so a reader never sees half a report.

Needs matplotlib and openpyxl, which a plain ``pip install cchc`` brings; they are imported
only when a report is written. Layout and columns: docs/score/assessment.md, "Reports".

>>> from cchc.score import Framework, Assessment, score
>>> report = score(Framework.shipped("department-example"),
...                Assessment("department-example", unit="Sở <Công> Thương"))
>>> page = render_html(report)
>>> "Sở &lt;Công&gt; Thương" in page and "<script" not in page
True
"""

from __future__ import annotations

import datetime as _dt
import html
import math
import os
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Union

from ._files import check_input_file, write_through_temporary
from ._spreadsheet import write_cell, write_row
from ._text import nfc, shorten
from . import i18n
from .errors import ParseError
from .i18n import (
    N_,
    _,
    format_date,
    format_number,
    get_language,
    language,
    pgettext,
    yes_no,
)
from .labels import finding_label, status_label

if TYPE_CHECKING:
    import pandas as pd

    from .score import Assessment, Framework, ScoreReport

PathLike = Union[str, "os.PathLike[str]"]

#: Colours of target and task statuses (background of the status cell).
STATUS_COLOURS: dict[str, str] = {
    "achieved": "#c8e6c9",
    "done_on_time": "#c8e6c9",
    "done": "#c8e6c9",
    "computed": "#c8e6c9",
    "on_track": "#dcedc8",
    "pending": "#e3f2fd",
    "ongoing": "#e3f2fd",
    "at_risk": "#ffe0b2",
    "done_late": "#ffe0b2",
    "self_scored": "#fff9c4",
    "off_track": "#ffcdd2",
    "not_met": "#ffe0b2",
    "overdue": "#ffcdd2",
    "ended_unreported": "#ffcdd2",
    "unanswered": "#ffcdd2",
    "invalid": "#ffcdd2",
    "not_applicable": "#eeeeee",
    "awaiting": "#eeeeee",
    "external": "#e3f2fd",
    "error": "#ffcdd2",
    "warning": "#fff9c4",
}


def _atomic_write(path: PathLike, write: Callable[[str], None]) -> None:
    """``write(temporary path)``, then the file replaces `path` (cchc._files): a failure never
    leaves half a report. A report's folder is created when missing (build/demo/…)."""
    os.makedirs(os.path.dirname(os.path.abspath(os.fspath(path))), exist_ok=True)
    write_through_temporary(path, write)


def _plain(value: Any) -> Any:
    """A cell value: pd.NA/NaN/None → None, numpy scalars → Python, lists joined, dates ISO."""
    import pandas as pd

    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value)
    if value is None or value is pd.NaT:
        return None
    if not isinstance(value, str) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


#: Columns whose ISO date text people read as dates (dd/mm/yyyy in Vietnamese).
_DATE_TEXT_KEYS = frozenset({"due", "completed", "start", "on"})


def _text(value: Any, key: str = "") -> str:
    """A value as people read it: numbers in the language's format, 2 decimals at most; yes/no
    in words; dates as dates."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, (int, float)):
        return format_number(value, 2)
    if key in _DATE_TEXT_KEYS and isinstance(value, str):
        try:
            return format_date(_dt.date.fromisoformat(value))
        except ValueError:
            return value
    return value if isinstance(value, str) else str(value)


class _Section:
    """One section: Vietnamese title, sheet name, columns (key, header) and rows."""

    def __init__(self, key: str, title: str, sheet: str, columns: Sequence[tuple[str, str]],
                 rows: list[dict[str, Any]], status_column: str = "", note: str = "") -> None:
        self.key = key
        self.title = title
        self.sheet = sheet
        self.columns = list(columns)
        self.rows = rows
        self.status_column = status_column
        self.note = note


def _rows(frame: pd.DataFrame | None, keys: Sequence[str]) -> list[dict[str, Any]]:
    if frame is None:
        return []
    present = [key for key in keys if key in frame.columns]
    return [{key: _plain(record.get(key)) for key in keys}
            for record in frame[present].to_dict("records")]


def _summary(report: ScoreReport) -> list[tuple[str, Any]]:
    assessment = report.assessment
    framework = report.framework
    findings = report.findings
    errors = int(findings["kind"].isin(_error_kinds()).sum())
    on = _plain(report.on) if report.on is not None else None
    appraised = report.appraised
    removed = framework.total_max - report.total_max
    not_applicable = int((report.nodes["is_leaf"]
                          & (report.nodes["status"] == "not_applicable")).sum())
    apart = report.not_scored_by_unit
    awaiting = int((apart["status"] == "awaiting").sum())
    if len(apart):
        scored_apart = _("{count} criteria, maximum {maximum} points").format(
            count=len(apart), maximum=format_number(float(apart["max"].sum()), 2))
        if awaiting:
            scored_apart += ", " + _("{count} without a score yet").format(count=awaiting)
    else:
        scored_apart = _("none")
    return [
        (_("Unit"), assessment.unit if assessment else ""),
        (_("Assessment period"), assessment.period if assessment else ""),
        (_("Dossier data period"), report.data_period),
        (_("Framework"), f"{framework.name} ({framework.id}, {framework.version})"),
        (_("Framework provenance"), _provenance(framework.provenance)),
        (_("Total"), report.total),
        (_("Applicable maximum"), report.total_max),
        (_("Percent (%)"), report.percent),
        (_("Band"), report.band),
        (_("Maximum removed as not applicable"),
         _("{points} points ({count} criteria)").format(
             points=format_number(removed, 2), count=not_applicable) if not_applicable
         else format_number(0.0, 2)),
        (_("Self-scored total"), report.self_total),
        (_("Appraised total"), report.appraised_total if appraised else _("not appraised yet")),
        (_("Criteria scored by Home Affairs or a survey"), scored_apart),
        (_("Plan"), report.plan_title),
        (_("Plan judged on"), format_date(_dt.date.fromisoformat(on)) if on else None),
        (_("Errors to fix"), errors),
        (_("Warnings"), len(findings) - errors),
    ]


def _provenance(key: str) -> str:
    words = {"official": _("official"), "reconstructed": _("reconstructed"),
             "illustrative": _("illustrative")}
    return words.get(key, key)


def _finding_places(report: ScoreReport) -> list[str]:
    """Where each finding points, in the current language (the DataFrame's is English)."""
    from .score import _finding_location

    source = "" if report.assessment is None else str(report.assessment._native.source)
    rules = report.framework.nodes.set_index("code")["rule"]
    findings = report.findings
    lang = "vi" if report.assessment is None else report.assessment.template_language
    return [_finding_location(source, str(kind), int(line), rules.get(code), in_words=True,
                              template_language=lang)
            for kind, code, line in zip(findings["kind"], findings["code"], findings["line"])]


_COMPARATOR_SIGNS = {"at_least": "≥", "at_most": "≤", "exactly": "="}


def _indicator_name(key: Any) -> Any:
    """The name of a dossier indicator in the current language; other keys as they are."""
    from .dossier import indicator_definitions

    if not isinstance(key, str):
        return key
    definitions = indicator_definitions().set_index("key")
    if key not in definitions.index:
        return key
    column = "name_vi" if get_language() == "vi" else "name_en"
    return str(definitions.loc[key, column])


def _error_kinds() -> tuple[str, ...]:
    from .score import ERROR_FINDINGS

    return ERROR_FINDINGS


def _self_cell(row: dict[str, Any]) -> Any:
    """The self points, with the claim as written when it was above the maximum: shown once,
    next to the points counted."""
    claimed, counted, maximum = row.get("claimed"), row.get("self_points"), row.get("max")
    if isinstance(claimed, float) and isinstance(maximum, float) and claimed > maximum + 1e-9:
        return _("{counted} (claimed {claimed} of {maximum})").format(
            counted=_text(counted), claimed=_text(claimed), maximum=_text(maximum))
    return counted


def _scorer(key: str) -> str:
    """Who scores a criterion, in words."""
    words = {"unit": _("the unit"), "home_affairs": _("Home Affairs"),
             "survey": _("a sociological survey")}
    return words.get(key, key)


def _sections(report: ScoreReport) -> list[_Section]:
    nodes = report.nodes
    areas = report.areas
    appraised = report.appraised
    if not appraised:  # no appraisal recorded yet: show none, not a copy of the self-scores
        nodes = nodes.assign(appraised_points=None)
        areas = areas.assign(appraised_points=None)
    findings = report.findings.copy()
    findings.insert(0, "severity", ["error" if kind in _error_kinds() else "warning"
                                    for kind in findings["kind"]])
    lost = report.lost_points
    names = nodes.set_index("code")["name"]
    lost.insert(1, "name", lost["code"].map(names))
    # The engine's sentences, written in the current language from their codes.
    from . import messages

    explanations = messages.node_explanations(report)
    inputs = messages.input_texts(report)
    nodes = nodes.assign(explanation=[explanations.get(code, "") for code in nodes["code"]],
                         inputs=[inputs.get(code, "") for code in nodes["code"]])
    lost = lost.assign(reason=messages.lost_reasons(report))
    findings = findings.assign(message=messages.finding_messages(report),
                               location=_finding_places(report))
    comparison = report.comparison.assign(
        explanation=messages.comparison_explanations(report))
    comparison["code"] = [_("Total") if code == "TOTAL" else code for code in comparison["code"]]
    targets = report.targets
    if targets is not None:
        targets = targets.assign(explanation=messages.target_explanations(targets),
                                 indicator=[_indicator_name(key) for key in targets["indicator"]],
                                 comparator=[_COMPARATOR_SIGNS.get(str(key), key)
                                             for key in targets["comparator"]])
    no_plan = _("No plan was given.")
    sections = [
        _Section("areas", _("Points by area"), pgettext("sheet", "Areas"),
                 [("code", _("Code")), ("name", _("Area")), ("max", _("Maximum")),
                  ("applicable_max", _("Applicable maximum")), ("points", _("Points")),
                  ("percent", _("Percent (%)")), ("self_points", _("Self-scored")),
                  ("appraised_points", _("Appraised"))],
                 _rows(areas, ["code", "name", "max", "applicable_max", "points", "percent",
                               "self_points", "appraised_points"])),
        _Section("criteria", _("Points of each criterion"), pgettext("sheet", "Criteria"),
                 [("code", _("Code")), ("name", _("Criterion")), ("max", _("Maximum")),
                  ("points", _("Points")), ("self_points", _("Self-scored")),
                  ("appraised_points", _("Appraised")), ("status", _("Status")),
                  ("inputs", _("Inputs")), ("explanation", _("How it was computed"))],
                 [{**row, "self_points": _self_cell(row)} for row in
                  _rows(nodes, ["code", "name", "max", "points", "self_points", "claimed",
                                "appraised_points", "status", "inputs", "explanation"])],
                 status_column="status"),
        _Section("external", _("Criteria scored by Home Affairs or a survey"),
                 pgettext("sheet", "Scored by others"),
                 [("code", _("Code")), ("name", _("Criterion")), ("scored_by", _("Scored by")),
                  ("max", _("Maximum")), ("points", _("Points")), ("status", _("Status"))],
                 [{**row, "scored_by": _scorer(str(row["scored_by"]))}
                  for row in _rows(report.not_scored_by_unit,
                                   ["code", "name", "scored_by", "max", "points", "status"])],
                 status_column="status",
                 note=_("The unit scores every criterion of this framework.")),
        _Section("lost", _("Points lost"), pgettext("sheet", "Points lost"),
                 [("code", _("Code")), ("name", _("Criterion")),
                  ("total_gain", _("Gain to the total at full points")),
                  ("lost", _("Points lost")), ("points", _("Points")),
                  ("applicable_max", _("Maximum")), ("reason", _("Reason"))],
                 _rows(lost, ["code", "name", "total_gain", "lost", "points", "applicable_max",
                              "reason"])),
        _Section("targets", _("Plan targets"), pgettext("sheet", "Targets"),
                 [("id", _("Code")), ("title", _("Target")), ("indicator", _("Indicator")),
                  ("value", _("Value")), ("comparator", _("Comparison")), ("level", _("Level")),
                  ("due", _("Due")), ("status", _("Status")), ("explanation", _("Explanation"))],
                 _rows(targets, ["id", "title", "indicator", "value", "comparator", "level",
                                 "due", "status", "explanation"]),
                 status_column="status",
                 note="" if report.targets is not None else no_plan),
        _Section("tasks", _("Tasks and deadlines"), pgettext("sheet", "Tasks"),
                 [("id", _("Code")), ("title", _("Task")), ("lead", _("Lead unit")),
                  ("deadline", _("Deadline")), ("due", _("Due date")),
                  ("completed", _("Completed on")), ("status", _("Status")),
                  ("days_late", _("Days late")), ("days_left", _("Days left"))],
                 _rows(report.tasks, ["id", "title", "lead", "deadline", "due", "completed",
                                      "status", "days_late", "days_left"]),
                 status_column="status",
                 note="" if report.tasks is not None else no_plan),
        _Section("findings", _("Checks before submission"), pgettext("sheet", "Checks"),
                 [("severity", _("Severity")), ("kind", _("Kind")), ("code", _("Code")),
                  ("message", _("Message")), ("location", _("Where"))],
                 _rows(findings, ["severity", "kind", "code", "message", "location"])),
        _Section("evidence", _("Evidence"), pgettext("sheet", "Evidence"),
                 [("code", _("Code")), ("name", _("Criterion")), ("evidence", _("Evidence")),
                  ("input_source", _("Data source")), ("note", _("Note"))],
                 _evidence_rows(report, names)),
        _Section("comparison", _("Self-scored and appraised"),
                 pgettext("sheet", "Self - appraised"),
                 [("code", _("Code")), ("self_points", _("Self-scored")),
                  ("appraised_points", _("Appraised")), ("difference", _("Difference")),
                  ("explanation", _("Explanation"))],
                 _rows(comparison, ["code", "self_points", "appraised_points",
                                    "difference", "explanation"]) if appraised else [],
                 note=_("No appraisal has been recorded yet.")),
    ]
    return sections


def _evidence_rows(report: ScoreReport, names: Any) -> list[dict[str, Any]]:
    from .messages import source_text

    if report.assessment is None:
        return []
    rows = []
    for code in report.assessment.codes:
        answer = report.assessment.answer(code)
        rows.append({
            "code": code,
            "name": names.get(code, ""),
            "evidence": "; ".join(answer["evidence"]),
            "input_source": source_text(report, answer),
            "note": answer["note"],
        })
    return rows


_CSS = """
body{font-family:"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;margin:2em;color:#212121;max-width:80em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:2px solid #1565c0}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #bdbdbd;padding:.25em .5em;vertical-align:top;text-align:left}
th{background:#e3f2fd}td.n{text-align:right;font-variant-numeric:tabular-nums}
.band{font-size:1.4em;font-weight:bold}.note{color:#616161;font-style:italic}
figure{margin:.5em 0}svg{max-width:100%;height:auto}
"""


def _cell(value: Any, status: bool, key: str = "") -> str:
    """One table cell: a status in words on its colour (the key kept in ``data-status`` for
    programs), numbers right-aligned in the language's format, user text escaped."""
    plain = _plain(value)
    if status and isinstance(plain, str) and plain:
        colour = STATUS_COLOURS.get(plain)
        style = f' style="background:{colour}"' if colour else ""
        return (f'<td{style} data-status="{html.escape(plain)}">'
                f"{html.escape(status_label(plain))}</td>")
    if key == "kind" and isinstance(plain, str):
        return f'<td data-kind="{html.escape(plain)}">{html.escape(finding_label(plain))}</td>'
    text = html.escape(_text(value, key))
    if isinstance(plain, (int, float)) and not isinstance(plain, bool):
        return f'<td class="n">{text}</td>'
    return f"<td>{text}</td>"


def _html_table(section: _Section) -> str:
    if not section.rows:
        note = section.note or _("None.")
        return f'<p class="note">{html.escape(note)}</p>'
    head = "".join(f"<th>{html.escape(header)}</th>" for _key, header in section.columns)
    body = []
    for row in section.rows:
        cells = "".join(
            _cell(row.get(key),
                  status=key == section.status_column or (section.key == "findings"
                                                          and key == "severity"),
                  key=key)
            for key, _header in section.columns)
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_html(report: ScoreReport, title: str | None = None, lang: str | None = None) -> str:
    """The report as one self-contained HTML page (UTF-8 text), in `lang` (``"vi"`` or
    ``"en"``; default: the current language, :mod:`cchc.i18n`)."""
    with language(lang):
        return _render_html(report, title)


def _render_html(report: ScoreReport, title: str | None) -> str:
    from .plots import figure_svg, plot_areas, plot_lost_points

    unit = report.assessment.unit if report.assessment else ""
    if title:
        heading = title
    elif unit:
        heading = _("CCHC self-assessment report: {unit}").format(unit=unit)
    else:
        heading = _("CCHC self-assessment report")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{get_language()}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(heading)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(heading)}</h1>",
        '<section id="summary"><h2>' + html.escape(_("Summary")) + "</h2><table><tbody>",
    ]
    for label, value in _summary(report):
        parts.append(f"<tr><th>{html.escape(label)}</th>{_cell(value, False)}</tr>")
    parts.append("</tbody></table>")
    band = _("{points} of {maximum} points, band {band}").format(
        points=_text(report.total), maximum=_text(report.total_max), band=report.band or "—")
    parts.append(f'<p class="band">{html.escape(band)}</p></section>')
    charts = {
        "areas": plot_areas(report),
        "lost": plot_lost_points(report),
    }
    for section in _sections(report):
        parts.append(f'<section id="{section.key}"><h2>{html.escape(section.title)}</h2>')
        if section.key in charts:
            parts.append(f'<figure aria-label="{html.escape(section.title)}">'
                         f"{figure_svg(charts[section.key])}</figure>")
        parts.append(_html_table(section))
        parts.append("</section>")
    parts.append(f'<p class="note">libcchc · {html.escape(report.framework.legal_basis)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_html(report: ScoreReport, path: PathLike, title: str | None = None,
               lang: str | None = None) -> None:
    """Writes :func:`render_html` to `path` (UTF-8)."""
    page = render_html(report, title, lang)

    def write(temporary: str) -> None:
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(page)

    _atomic_write(path, write)


def _style_header(sheet: Any, columns: int) -> None:
    from openpyxl.styles import Font, PatternFill

    for cell in sheet[1][:columns]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E3F2FD")
    sheet.freeze_panes = "A2"


#: Columns holding dates: real Excel dates (shown dd/mm/yyyy), not text.
_DATE_KEYS = frozenset({"due", "completed", "start"})


def _excel_value(key: str, value: Any) -> Any:
    value = _plain(value)
    if key in _DATE_KEYS and isinstance(value, str):
        return _dt.date.fromisoformat(value)
    return value


def write_excel(report: ScoreReport, path: PathLike, lang: str | None = None) -> None:
    """Writes the report as an .xlsx workbook in `lang` (default: the current language): a
    summary sheet then one sheet per section (in Vietnamese: Lĩnh vực, Tiêu chí, Điểm bị mất,
    Chỉ tiêu, Nhiệm vụ, Kiểm tra, Kiểm chứng, Tự chấm - thẩm định), statuses in words on the
    colours of the HTML report. Numbers stay numbers at full precision (shown with 2
    decimals), dates are Excel dates."""
    with language(lang):
        _write_excel(report, path)


#: Excel's number format for points and percentages: 2 decimals shown, the full value kept.
_NUMBER_FORMAT = "#,##0.00"


def _write_excel(report: ScoreReport, path: PathLike) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    # Every cell goes through write_cell (text from users is never a formula), and rows are
    # counted here: sheet.max_row scans every cell, so calling it per row is quadratic.
    book = Workbook()
    summary = book.active
    summary.title = pgettext("sheet", "Summary")
    write_row(summary, 1, [_("Item"), _("Value")])
    for number, (label, value) in enumerate(_summary(report), start=2):
        plain = _plain(value)
        write_row(summary, number, [label, plain])
        if isinstance(plain, float):
            summary.cell(number, 2).number_format = _NUMBER_FORMAT
    _style_header(summary, 2)
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 60
    keys = {section.key: [key for key, _header in section.columns]
            for section in _sections(report)}
    for section in _sections(report):
        sheet = book.create_sheet(section.sheet)
        write_row(sheet, 1, [header for _key, header in section.columns])
        _style_header(sheet, len(section.columns))
        if not section.rows and section.note:
            write_row(sheet, 2, [section.note])
        for number, row in enumerate(section.rows, start=2):
            for index, key in enumerate(keys[section.key], start=1):
                value = _excel_value(key, row.get(key))
                if isinstance(value, str) and (key == section.status_column
                                               or (section.key == "findings"
                                                   and key == "severity")):
                    value = status_label(value)
                elif isinstance(value, str) and key == "kind":
                    value = finding_label(value)
                cell = write_cell(sheet, number, index, value)
                if key in _DATE_KEYS and row.get(key):
                    cell.number_format = "dd/mm/yyyy"
                elif isinstance(cell.value, float):
                    cell.number_format = _NUMBER_FORMAT
            if section.status_column:
                status = row.get(section.status_column)
                if isinstance(status, str) and status in STATUS_COLOURS:
                    column = keys[section.key].index(section.status_column)
                    sheet.cell(number, column + 1).fill = PatternFill(
                        "solid", fgColor=STATUS_COLOURS[status].lstrip("#").upper())
        for index, (key, header) in enumerate(section.columns, start=1):
            longest = max([len(header)] + [len(_text(row.get(key), key)) for row in section.rows])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(
                max(8, longest + 2), 60)
    _atomic_write(path, book.save)


def write_report(report: ScoreReport, path: PathLike, lang: str | None = None) -> None:
    """HTML or Excel by the file's suffix (.html/.htm, .xlsx), in `lang` (default: the
    current language)."""
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix in (".html", ".htm"):
        write_html(report, path, lang=lang)
    elif suffix == ".xlsx":
        write_excel(report, path, lang)
    else:
        raise ValueError(_("{path}: a report is .html or .xlsx, not '{suffix}'").format(
            path=os.fspath(path), suffix=suffix or _("none")))


def write_plan_status(targets: pd.DataFrame, tasks: pd.DataFrame, path: PathLike,
                      title: str = "", on: Any = None, lang: str | None = None) -> None:
    """Writes a plan's status (``cchc.target.scorecard`` and ``task_status`` tables) as an
    .xlsx workbook in `lang`: a sheet of targets and a sheet of tasks with every column,
    headers and statuses in words, reform areas by name, dates as Excel dates, numbers at full
    precision; the tasks sorted overdue first, as ``cchc plan status`` prints them."""
    if os.path.splitext(os.fspath(path))[1].lower() != ".xlsx":
        raise ValueError(_("{path}: the workbook is an .xlsx file").format(path=os.fspath(path)))
    with language(lang):
        _write_plan_status(targets, tasks, path, title, on)


def _write_plan_status(targets: pd.DataFrame, tasks: pd.DataFrame, path: PathLike, title: str,
                       on: Any) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from .labels import area_label, column_label

    book = Workbook()
    first = True
    order = {"overdue": 0, "pending": 1, "ongoing": 2, "done_late": 3, "done_on_time": 4,
             "done": 5, "not_applicable": 6}
    tasks = tasks.assign(_order=[order.get(status, 9) for status in tasks["status"]])
    tasks = tasks.sort_values(["_order", "days_late"], ascending=[True, False],
                              kind="stable").drop(columns="_order")
    for sheet_name, frame in ((pgettext("sheet", "Targets"), targets),
                              (pgettext("sheet", "Tasks"), tasks)):
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = sheet_name
        columns = list(frame.columns)
        if title:
            heading = _("{plan}: status on {date}").format(
                plan=title, date=format_date(_dt.date.fromisoformat(str(_plain(on))))
                if on is not None else "")
            sheet.append([heading])
        header_row = sheet.max_row + 1 if title else 1
        sheet.append([column_label(key) for key in columns])
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E3F2FD")
        sheet.freeze_panes = f"A{header_row + 1}"  # a string: cell() would create a row
        for record in frame.to_dict("records"):
            values = []
            for key in columns:
                value = _excel_value(key, record.get(key))
                if key in ("status", "trend") and isinstance(value, str):
                    value = status_label(value)
                elif key == "area" and isinstance(value, str):
                    value = area_label(value)
                values.append(value)
            sheet.append(values)
            for index, key in enumerate(columns, start=1):
                cell = sheet.cell(sheet.max_row, index)
                if key in _DATE_KEYS and record.get(key) is not None and cell.value:
                    cell.number_format = "dd/mm/yyyy"
            status = _plain(record.get("status"))
            if isinstance(status, str) and status in STATUS_COLOURS:
                sheet.cell(sheet.max_row, columns.index("status") + 1).fill = PatternFill(
                    "solid", fgColor=STATUS_COLOURS[status].lstrip("#").upper())
        for index, key in enumerate(columns, start=1):
            width = 50 if key in ("title", "explanation", "deadline") else 16
            sheet.column_dimensions[sheet.cell(header_row, index).column_letter].width = width
    _atomic_write(path, book.save)


# --- The Excel self-assessment template -------------------------------------------------------

#: The template's sheet names, headers and "Thông tin" labels in each language. They are read
#: back (read_template accepts a template in either language), so they are fixed here rather
#: than taken from the message catalogs: editing a translation must not make older templates
#: unreadable.
_TEMPLATE_WORDS: dict[str, dict[str, Any]] = {
    "vi": {
        "template_sheet": "Tự đánh giá",
        "info_sheet": "Thông tin",
        "headers": ("Mã tiêu chí", "Tên tiêu chí", "Điểm tối đa", "Cách chấm", "Nguồn dữ liệu",
                    "Giá trị / số lượng", "Đã hoàn thành (có/không)", "Trễ hạn (có/không)",
                    "Giá trị đơn vị tốt nhất", "Không áp dụng (có/không)", "Điểm tự chấm",
                    "Tài liệu kiểm chứng (mỗi dòng một tài liệu)", "Ghi chú",
                    "Điểm thẩm định (Sở Nội vụ)", "Ghi chú thẩm định (Sở Nội vụ)"),
        "info": {"framework": "Bộ chỉ số (mã)", "unit": "Đơn vị", "period": "Kỳ đánh giá"},
    },
    "en": {
        "template_sheet": "Self-assessment",
        "info_sheet": "Information",
        "headers": ("Criterion code", "Criterion name", "Maximum points", "How it is scored",
                    "Data source", "Value / count", "Done (yes/no)", "Late (yes/no)",
                    "Best unit's value", "Not applicable (yes/no)", "Self-score",
                    "Evidence (one document per line)", "Note",
                    "Appraised score (Department of Home Affairs)",
                    "Appraisal note (Department of Home Affairs)"),
        "info": {"framework": "Framework (id)", "unit": "Unit", "period": "Assessment period"},
    },
}
_TEMPLATE_KEYS = ("code", "name", "max", "rule", "source", "value", "done", "late", "best",
                  "not_applicable", "self_score", "evidence", "note", "appraised_score",
                  "appraisal_note")
TEMPLATE_SHEET = _TEMPLATE_WORDS["vi"]["template_sheet"]
INFO_SHEET = _TEMPLATE_WORDS["vi"]["info_sheet"]


def template_columns(lang: str = "vi") -> tuple[tuple[str, str], ...]:
    """(answer field or a label column, header) of the template in `lang`, in column order."""
    return tuple(zip(_TEMPLATE_KEYS, _TEMPLATE_WORDS[lang]["headers"]))


def template_sheet(lang: str = "vi") -> str:
    """The name of the template's sheet of criteria in `lang` ("Tự đánh giá", "Self-assessment")."""
    return str(_TEMPLATE_WORDS[lang]["template_sheet"])


#: (answer field or a label column, header) in the template's column order (Vietnamese). The
#: last two are Home Affairs' (Sở Nội vụ) appraisal round; templates written before them (13
#: columns) are still read.
TEMPLATE_COLUMNS: tuple[tuple[str, str], ...] = template_columns("vi")
#: Columns every template has; the appraisal columns after them are optional when reading.
_REQUIRED_COLUMNS = 13
_INPUT_FIELDS = ("value", "done", "late", "best", "not_applicable", "self_score", "evidence",
                 "note", "appraised_score", "appraisal_note")
_UNIT_FIELDS = ("value", "done", "late", "best", "not_applicable", "self_score", "evidence")
_SCORERS = {"home_affairs": N_("the Department of Home Affairs (Ministry of Home Affairs)"),
            "survey": N_("a sociological survey")}


def _template_scorer(scorer: str) -> str:
    return i18n.gettext(_SCORERS[scorer]) if scorer in _SCORERS else scorer


def _open_fields(record: dict[str, Any]) -> set[str]:
    """The template columns a leaf's row takes: what its rule reads, the self-score, not
    applicable, evidence and notes for the unit's own leaves; only the appraisal (and a
    note) for a leaf Home Affairs or a survey scores."""
    always = {"note", "appraised_score", "appraisal_note"}
    if record.get("scored_by", "unit") != "unit":
        return always
    rule = record.get("rule")
    kind = rule.get("kind", "") if isinstance(rule, dict) else ""
    fields = always | {"not_applicable", "self_score", "evidence"}
    if kind == "pass_fail":
        fields |= {"done", "late"}
    elif kind != "manual":
        fields.add("value")
    if kind == "relative_to_best":
        fields.add("best")
    return fields


def _fill_hint(record: dict[str, Any]) -> str:
    """What the unit fills on a leaf's row, for the "Cách chấm" column."""
    scorer = record.get("scored_by", "unit")
    if scorer != "unit":
        return _("Scored by {scorer}: the unit leaves it empty (column N).").format(
            scorer=_template_scorer(scorer))
    rule = record.get("rule")
    kind = rule.get("kind", "") if isinstance(rule, dict) else ""
    if kind == "manual":
        return _("Scored by hand: fill in the self-score (column K) and the evidence (column L).")
    if kind == "pass_fail":
        return _("Fill in done (column G) and late (column H).")
    if kind == "relative_to_best":
        return _("Fill in the value (column F) and the best unit's value (column I).")
    return _("Fill in the value (column F).")


def _rule_summary(rule: Any, note: Any) -> str:
    if not isinstance(rule, dict):
        return str(rule or "")
    kind = rule.get("kind", "")
    parameters = ", ".join(f"{key}={value}" for key, value in rule.items() if key != "kind")
    text = f"{kind}({parameters})" if parameters else str(kind)
    if isinstance(note, str) and note:
        text += f" — {note}"
    return text


def write_template(framework: Framework, path: PathLike, unit: str = "",
                   period: str = "", *, overwrite: bool = True, lang: str | None = None) -> None:
    """Writes the Excel self-assessment template of `framework`: sheet "Thông tin"
    (framework id, unit, period) and sheet "Tự đánh giá" with one row per leaf (code, name,
    max, how it is scored and what to fill, data source, then the input columns: value,
    done, late, best, not applicable, self-score, evidence, note, and Home Affairs' appraised
    score and note). On each row the cells the leaf takes are yellow, the others grey; a
    leaf Home Affairs or a survey scores says so. :func:`read_template` reads it back.
    ``overwrite=False`` raises ``FileExistsError`` when `path` exists. `lang` (default: the
    current language) is the language of its sheets, headers and hints; a template in either
    language is read back."""
    with language(lang):
        _write_template(framework, path, unit, period, overwrite)


def _write_template(framework: Framework, path: PathLike, unit: str, period: str,
                    overwrite: bool) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    if not overwrite and os.path.exists(os.fspath(path)):
        raise FileExistsError(_("{path}: the file exists and is not overwritten").format(
            path=os.fspath(path)))
    words = _TEMPLATE_WORDS[get_language()]
    columns = template_columns(get_language())
    nodes = framework.nodes
    book = Workbook()
    info = book.active
    info.title = words["info_sheet"]
    info_rows: list[list[Any]] = [[_("Item"), _("Value")]]
    for key, label in words["info"].items():
        value = {"framework": framework.id, "unit": unit, "period": period}[key]
        info_rows.append([label, value])
    info_rows.append([_("Framework name"), framework.name])
    info_rows.append([_("Instructions"), _(
        "Fill in the yellow cells of each criterion (the column 'How it is scored' says which "
        "columns); leave the grey cells empty; yes/no for the yes/no columns; write a rate as 95 "
        "or 95% (a cell formatted as a percentage is read as 95); not applicable needs a note or "
        "an evidence document; do not edit the criterion code column. The last two columns are "
        "for the Department of Home Affairs when it appraises.")])
    for number, values in enumerate(info_rows, start=1):
        write_row(info, number, values)
    _style_header(info, 2)
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 70
    sheet = book.create_sheet(words["template_sheet"])
    write_row(sheet, 1, [header for _key, header in columns])
    _style_header(sheet, len(columns))
    open_fill = PatternFill("solid", fgColor="FFFDE7")
    closed_fill = PatternFill("solid", fgColor="E0E0E0")
    appraisal_fill = PatternFill("solid", fgColor="E3F2FD")
    for number, record in enumerate(nodes[nodes["is_leaf"]].to_dict("records"), start=2):
        source = ""
        if record.get("indicator"):
            source = _("indicator {indicator}").format(indicator=record["indicator"])
        elif record.get("target"):
            source = _("plan: {target}").format(target=record["target"])
        summary = _rule_summary(record.get("rule"), record.get("note"))
        write_row(sheet, number, [record["code"], record["name"], float(record["max"]),
                                  f"{_fill_hint(record)} {summary}", source])
        takes = _open_fields(record)
        for column, (key, _label) in enumerate(columns, start=1):
            if key not in _INPUT_FIELDS:
                continue
            cell = sheet.cell(number, column)
            if key in ("appraised_score", "appraisal_note"):
                cell.fill = appraisal_fill
            else:
                cell.fill = open_fill if key in takes else closed_fill
    widths = [12, 50, 10, 48, 24, 14, 14, 12, 14, 14, 12, 40, 30, 14, 30]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    for cell in sheet[1]:
        cell.alignment = Alignment(wrap_text=True)
        cell.font = Font(bold=True)
    _atomic_write(path, book.save)


def _parse_error(source: str, sheet: str | None, row: int | None, column: str | None,
                 reason: str) -> ParseError:
    """An error in a template: at a cell, or (with None for what it has not) in a sheet or in
    the whole file."""
    if sheet is None:
        text = _("{source}: {reason}").format(source=source, reason=reason)
    elif row is None:
        text = _("{source}: sheet '{sheet}': {reason}").format(source=source, sheet=sheet,
                                                               reason=reason)
    elif column is None:
        text = _("{source}: sheet '{sheet}' row {row}: {reason}").format(
            source=source, sheet=sheet, row=row, reason=reason)
    else:
        text = _("{source}: sheet '{sheet}' row {row} column '{column}': {reason}").format(
            source=source, sheet=sheet, row=row, column=column, reason=reason)
    error = ParseError(text)
    error.source = source
    error.line = row or 0
    error.field = "" if sheet is None else sheet if column is None else f"{sheet}!{column}"
    error.reason = reason
    return error


_YES = {"có", "co", "x", "yes", "y", "true", "1", "đạt", "dat"}
_NO = {"không", "khong", "no", "n", "false", "0", "không đạt", "khong dat"}


def read_template(path: PathLike, framework: Framework | None = None) -> Assessment:
    """Reads a filled template into an :class:`~cchc.score.Assessment`. Checks the headers,
    that every code is a leaf of the framework (the shipped one named in "Thông tin" unless
    `framework` is given) and appears once, numbers are numbers and yes/no cells are
    có/không; errors are :class:`cchc.ParseError` naming the sheet, row and column."""
    source = os.fspath(path)
    book = _open_workbook(source)
    try:
        return _read_template(book, source, framework)
    except ParseError:
        raise
    except Exception as error:  # openpyxl, zipfile and lxml errors of a damaged workbook
        raise _parse_error(source, None, None, None, _("cannot read the .xlsx file: {reason}").format(
            reason=shorten(f"{type(error).__name__}: {error}"))) from None
    finally:
        book.close()


def _read_template(book: Any, source: str, framework: Framework | None) -> Assessment:
    from .score import Assessment, Framework

    # The template's language is the one whose sheets it has (Vietnamese when neither).
    lang = next((lang for lang, words in _TEMPLATE_WORDS.items()
                 if words["template_sheet"] in book.sheetnames), "vi")
    words = _TEMPLATE_WORDS[lang]
    info_sheet, template_sheet_name = words["info_sheet"], words["template_sheet"]
    for name in (info_sheet, template_sheet_name):
        if name not in book.sheetnames:
            raise _parse_error(source, name, None, None,
                               _("sheet missing (is this a cchc template?)"))
    info: dict[str, str] = {}
    labels = {label: key for key, label in words["info"].items()}
    for _number, row in _sheet_rows(book, source, info_sheet, min_row=2):
        values = [cell.value for cell in row]
        if values and values[0] in labels:
            info[labels[values[0]]] = ("" if len(values) < 2 or values[1] is None
                                       else nfc(str(values[1]).strip()))
    framework_id = info.get("framework", "")
    if framework is None:
        if not framework_id:
            raise _parse_error(source, info_sheet, 2, "B", _("the framework id is empty"))
        framework = Framework.shipped(framework_id)
    elif framework_id and framework_id != framework.id:
        raise _parse_error(source, info_sheet, 2, "B", _(
            "template of framework '{template}', not '{framework}'").format(
                template=framework_id, framework=framework.id))
    records = {record["code"]: record
               for record in framework.nodes[framework.nodes["is_leaf"]].to_dict("records")}
    rows = _sheet_rows(book, source, template_sheet_name)
    header_cells = next(rows, (1, ()))[1]
    header = [str(cell.value).strip() if cell.value is not None else "" for cell in header_cells]
    columns = template_columns(lang)
    expected = [label for _key, label in columns]
    for index, label in enumerate(expected):
        found = header[index] if index < len(header) else ""
        if index >= _REQUIRED_COLUMNS and found == "" and len(header) <= _REQUIRED_COLUMNS:
            break  # a template from before the appraisal columns
        if found != label:
            letter = _letter(index)
            raise _parse_error(source, template_sheet_name, 1, letter, _(
                "header '{found}' where '{expected}' was expected").format(
                    found=found, expected=label))
    assessment = Assessment(framework.id, unit=info.get("unit", ""), period=info.get("period", ""))
    assessment._native.source = source
    assessment.template_language = lang
    seen: dict[str, int] = {}
    for number, row in rows:
        cells = [(cell.value, str(getattr(cell, "number_format", "") or "")) for cell in row]
        cells += [(None, "")] * (len(expected) - len(cells))
        if all(value is None or str(value).strip() == "" for value, _format in cells):
            continue
        code = "" if cells[0][0] is None else nfc(str(cells[0][0]).strip())
        if code not in records:
            raise _parse_error(source, template_sheet_name, number, "A", _(
                "'{code}' is not a leaf code of framework '{framework}'").format(
                    code=shorten(code), framework=framework.id))
        if code in seen:
            raise _parse_error(source, template_sheet_name, number, "A", _(
                "'{code}' already on row {row}").format(code=code, row=seen[code]))
        seen[code] = number
        assessment.template_rows[code] = number
        takes = _open_fields(records[code])
        fields: dict[str, Any] = {}
        percent_cells: list[str] = []
        for index, (key, label) in enumerate(columns):
            if key not in _INPUT_FIELDS:
                continue
            cell, number_format = cells[index]
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            where = (source, template_sheet_name, number, f"{_letter(index)} ({label})")
            value = _template_value(key, cell, where)
            if key not in takes and value is not False:
                raise _parse_error(*where, _wrong_column(records[code], key, cell))
            if key in ("value", "best") and _is_percent_format(number_format) and not isinstance(
                    cell, str):
                # Excel stores 95 % as 0.95 in a cell formatted as a percentage.
                value = float(f"{value * 100:.12g}")
                percent_cells.append(f"{_letter(index)}{number}")
            fields[key] = value
        if fields.get("not_applicable") is False:
            del fields["not_applicable"]
        if fields.get("late") is False and "done" not in fields:
            del fields["late"]
        if fields:
            assessment.set(code, **fields)
            native = assessment._native.answer(code)
            native.line = number
            if percent_cells:
                native.input_source = (f"Excel cell {', '.join(percent_cells)} formatted as a "
                                       "percentage (0.95 read as 95)")
            assessment._native.set_answer(code, native)
    return assessment


def _is_percent_format(number_format: str) -> bool:
    """A number format that shows a fraction as a percentage ("0%", "0.00%"); a quoted or
    escaped percent sign is literal text."""
    bare = number_format
    while '"' in bare:
        start = bare.index('"')
        end = bare.find('"', start + 1)
        bare = bare[:start] + (bare[end + 1:] if end >= 0 else "")
    return "%" in bare.replace("\\%", "")


def _wrong_column(record: dict[str, Any], key: str, cell: Any) -> str:
    """Why a value is in a column its criterion does not read."""
    scorer = record.get("scored_by", "unit")
    if scorer != "unit":
        return _("'{cell}': criterion {code} is scored by {scorer}, not by the unit; leave this "
                 "cell empty (its score goes in column N)").format(
                     cell=cell, code=record["code"], scorer=_template_scorer(scorer))
    rule = record.get("rule")
    kind = rule.get("kind", "") if isinstance(rule, dict) else ""
    if kind == "manual":
        return _("'{cell}': criterion {code} is scored by hand (manual): put the points in "
                 "column K (self-score), not here").format(cell=cell, code=record["code"])
    return _("'{cell}': criterion {code} ({rule}) does not read this column").format(
        cell=cell, code=record["code"], rule=kind)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _template_value(key: str, cell: Any, where: tuple[str, str, int, str]) -> Any:
    if key in ("done", "late", "not_applicable"):
        if isinstance(cell, bool):
            return cell
        text = str(cell).strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise _parse_error(*where, _("'{cell}' is not yes/no (có/không)").format(
            cell=shorten(str(cell))))
    if key in ("value", "best", "self_score", "appraised_score"):
        if isinstance(cell, bool):
            raise _parse_error(*where, _("'{cell}' is not a number").format(cell=cell))
        if isinstance(cell, (int, float)):
            number = float(cell)
        else:
            text = str(cell).strip().rstrip("%").strip().replace(",", ".")
            if not _NUMBER.fullmatch(text):
                raise _parse_error(*where, _("'{cell}' is not a number").format(
                    cell=shorten(str(cell))))
            number = float(text)
        if not math.isfinite(number):
            raise _parse_error(*where, _("'{cell}' is not a finite number").format(
                cell=shorten(str(cell))))
        return number
    if key == "evidence":
        return [line.strip() for line in str(cell).replace(";", "\n").splitlines()
                if line.strip()]
    return str(cell).strip()


#: Limits of a self-assessment workbook, checked before it is expanded (docs/hardening.md).
#: Real templates are under 1 MB with a few hundred rows; the limits leave a wide margin.
XLSX_MAX_FILE_BYTES = 64 * 1024 * 1024
XLSX_MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
XLSX_MAX_ROWS = 100_000
#: Excel's own limit on the characters of one cell.
XLSX_MAX_CELL_CHARACTERS = 32_767

# A decimal number as people type it: digits, one decimal point or comma, an exponent. Python's
# float() also takes "1_0" (10), "nan", "inf" and "infinity", which are not numbers here.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _open_workbook(source: str) -> Any:
    """The workbook opened read-only, after the checks that need no expansion: a regular file
    under the size limit, a zip archive whose members expand to at most the limit."""
    import zipfile

    from openpyxl import load_workbook

    check_input_file(source, XLSX_MAX_FILE_BYTES, what=".xlsx file")
    try:
        with zipfile.ZipFile(source) as archive:
            expanded = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        # NotImplementedError: zipfile's answer to a zip version or compression it lacks.
        raise _parse_error(source, None, None, None, _("not an .xlsx workbook ({reason})").format(
            reason=shorten(str(error)))) from None
    if expanded > XLSX_MAX_UNCOMPRESSED_BYTES:
        raise _parse_error(
            source, None, None, None,
            _("expands to {size} bytes, over the limit of {limit} bytes "
              "(XLSX_MAX_UNCOMPRESSED_BYTES): not opened").format(
                  size=format_number(expanded), limit=format_number(XLSX_MAX_UNCOMPRESSED_BYTES)))
    try:
        return load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a non-xlsx file
        raise _parse_error(source, None, None, None, _("not an .xlsx workbook ({reason})").format(
            reason=shorten(str(error)))) from None


def _formula_cells(source: str, sheet_name: str) -> set[tuple[int, int]]:
    """(row, column) of the formula cells of a sheet (a second, formula-keeping read)."""
    from openpyxl import load_workbook

    formulas = load_workbook(source, read_only=True, data_only=False)
    try:
        sheet = formulas[sheet_name]
        sheet.reset_dimensions()
        found: set[tuple[int, int]] = set()
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if number > XLSX_MAX_ROWS:
                break
            for column, cell in enumerate(row, start=1):
                if getattr(cell, "data_type", None) == "f":
                    found.add((number, column))
        return found
    finally:
        formulas.close()


def _sheet_rows(book: Any, source: str, sheet_name: str,
                min_row: int = 1) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, cells) of every row of a sheet (openpyxl read-only cells, with ``value`` and
    ``number_format``), also the rows beyond the dimension the sheet declares (openpyxl's
    read-only mode would stop there). A formula without a cached value, a row past
    XLSX_MAX_ROWS or a cell longer than XLSX_MAX_CELL_CHARACTERS is an error naming the sheet,
    row and column."""
    sheet = book[sheet_name]
    sheet.reset_dimensions()  # the declared <dimension> may be stale or forged
    formulas: set[tuple[int, int]] | None = None
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if number > XLSX_MAX_ROWS:
            raise _parse_error(source, sheet_name, number, None,
                               _("over {limit} rows (XLSX_MAX_ROWS): not read further").format(
                                   limit=format_number(XLSX_MAX_ROWS)))
        if number < min_row:
            continue
        for column, cell in enumerate(cells, start=1):
            value = getattr(cell, "value", None)
            if isinstance(value, str) and len(value) > XLSX_MAX_CELL_CHARACTERS:
                raise _parse_error(source, sheet_name, number, _letter(column - 1),
                                   _("a cell of {length} characters, over Excel's limit of "
                                     "{limit}").format(length=format_number(len(value)),
                                                       limit=format_number(
                                                           XLSX_MAX_CELL_CHARACTERS)))
            if value is None:
                if formulas is None:
                    formulas = _formula_cells(source, sheet_name)
                if (number, column) in formulas:
                    raise _parse_error(source, sheet_name, number, _letter(column - 1),
                                       _("a formula not yet calculated: open the file in Excel "
                                         "and save it again"))
        yield number, tuple(cells)



def load_assessment(path: PathLike, framework: Framework | None = None) -> Assessment:
    """An assessment from a .toml file or a filled .xlsx template."""
    from .score import Assessment

    if os.fspath(path).lower().endswith(".xlsx"):
        return read_template(path, framework)
    return Assessment.load(path)


__all__ = [
    "STATUS_COLOURS",
    "TEMPLATE_COLUMNS",
    "load_assessment",
    "read_template",
    "render_html",
    "write_excel",
    "write_html",
    "write_plan_status",
    "write_report",
    "write_template",
]
