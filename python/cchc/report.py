"""Self-assessment reports: one self-contained HTML file, an Excel workbook, and the Excel
self-assessment template (generate → fill → read back → score).

The HTML report opens offline in any browser: styles are inline, charts are inline SVG, no
script, font or stylesheet is fetched; every text from a user is escaped. The workbook has the
same sections, one sheet each, with Vietnamese headers. Files are written through a temporary
file and ``os.replace``, so a reader never sees half a report.

Needs the ``report`` extras (``pip install 'cchc[report]'``: matplotlib, openpyxl), imported
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
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Union

from ._files import write_through_temporary
from .errors import ParseError

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
    "overdue": "#ffcdd2",
    "unanswered": "#ffcdd2",
    "invalid": "#ffcdd2",
    "not_applicable": "#eeeeee",
    "awaiting": "#eeeeee",
    "external": "#e3f2fd",
    "error": "#ffcdd2",
    "warning": "#fff9c4",
}

#: Vietnamese labels of statuses and finding kinds shown next to the key.
LABELS: dict[str, str] = {
    "achieved": "đạt",
    "on_track": "đúng tiến độ",
    "at_risk": "có nguy cơ",
    "off_track": "chậm tiến độ",
    "not_applicable": "không áp dụng",
    "done_on_time": "hoàn thành đúng hạn",
    "done_late": "hoàn thành trễ hạn",
    "done": "hoàn thành",
    "overdue": "quá hạn",
    "pending": "chưa đến hạn",
    "ongoing": "thường xuyên",
    "awaiting": "chờ chấm",
    "external": "do cơ quan khác chấm",
    "error": "lỗi (phải sửa)",
    "warning": "cảnh báo",
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


def _text(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float):
        return f"{round(value, 4):g}"
    return str(value)


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
    return [
        ("Đơn vị", assessment.unit if assessment else ""),
        ("Kỳ đánh giá", assessment.period if assessment else ""),
        ("Kỳ dữ liệu hồ sơ", report.data_period),
        ("Bộ chỉ số", f"{framework.name} ({framework.id}, {framework.version})"),
        ("Tính chất bộ chỉ số", framework.provenance),
        ("Tổng điểm", round(report.total, 4)),
        ("Điểm tối đa áp dụng", round(report.total_max, 4)),
        ("Tỷ lệ (%)", None if report.percent is None else round(report.percent, 2)),
        ("Xếp loại", report.band),
        ("Tổng điểm tự chấm", round(report.self_total, 4)),
        ("Tổng điểm thẩm định", round(report.appraised_total, 4)),
        ("Kế hoạch", report.plan_title),
        ("Ngày đánh giá kế hoạch", _plain(report.on) if report.on is not None else None),
        ("Lỗi phải sửa", errors),
        ("Cảnh báo", len(findings) - errors),
    ]


def _error_kinds() -> tuple[str, ...]:
    from .score import ERROR_FINDINGS

    return ERROR_FINDINGS


def _sections(report: ScoreReport) -> list[_Section]:
    nodes = report.nodes
    areas = report.areas
    findings = report.findings.copy()
    findings.insert(0, "severity", ["error" if kind in _error_kinds() else "warning"
                                    for kind in findings["kind"]])
    lost = report.lost_points
    names = nodes.set_index("code")["name"]
    lost.insert(1, "name", lost["code"].map(names))
    sections = [
        _Section("areas", "Điểm theo lĩnh vực", "Lĩnh vực",
                 [("code", "Mã"), ("name", "Lĩnh vực"), ("max", "Điểm tối đa"),
                  ("applicable_max", "Tối đa áp dụng"), ("points", "Điểm"), ("percent", "Tỷ lệ %"),
                  ("self_points", "Tự chấm"), ("appraised_points", "Thẩm định")],
                 _rows(areas, ["code", "name", "max", "applicable_max", "points", "percent",
                               "self_points", "appraised_points"])),
        _Section("criteria", "Điểm từng tiêu chí", "Tiêu chí",
                 [("code", "Mã"), ("name", "Tiêu chí"), ("max", "Điểm tối đa"),
                  ("points", "Điểm"), ("self_points", "Tự chấm"),
                  ("appraised_points", "Thẩm định"), ("status", "Trạng thái"),
                  ("inputs", "Dữ liệu đầu vào"), ("explanation", "Cách tính")],
                 _rows(nodes, ["code", "name", "max", "points", "self_points", "appraised_points",
                               "status", "inputs", "explanation"]), status_column="status"),
        _Section("lost", "Điểm bị mất", "Điểm bị mất",
                 [("code", "Mã"), ("name", "Tiêu chí"), ("total_gain", "Tổng tăng nếu đạt tối đa"),
                  ("lost", "Điểm mất"), ("points", "Điểm"), ("applicable_max", "Tối đa"),
                  ("reason", "Lý do")],
                 _rows(lost, ["code", "name", "total_gain", "lost", "points", "applicable_max",
                              "reason"])),
        _Section("targets", "Chỉ tiêu kế hoạch", "Chỉ tiêu",
                 [("id", "Mã"), ("title", "Chỉ tiêu"), ("indicator", "Chỉ số"),
                  ("value", "Giá trị"), ("comparator", "So sánh"), ("level", "Mức"),
                  ("due", "Hạn"), ("status", "Trạng thái"), ("explanation", "Giải thích")],
                 _rows(report.targets, ["id", "title", "indicator", "value", "comparator", "level",
                                        "due", "status", "explanation"]),
                 status_column="status",
                 note="" if report.targets is not None else "Không có kế hoạch kèm theo."),
        _Section("tasks", "Nhiệm vụ và thời hạn", "Nhiệm vụ",
                 [("id", "Mã"), ("title", "Nhiệm vụ"), ("lead", "Chủ trì"),
                  ("deadline", "Thời hạn"), ("due", "Ngày hết hạn"),
                  ("completed", "Ngày hoàn thành"), ("status", "Trạng thái"),
                  ("days_late", "Số ngày trễ"), ("days_left", "Số ngày còn lại")],
                 _rows(report.tasks, ["id", "title", "lead", "deadline", "due", "completed",
                                      "status", "days_late", "days_left"]),
                 status_column="status",
                 note="" if report.tasks is not None else "Không có kế hoạch kèm theo."),
        _Section("findings", "Kết quả kiểm tra trước khi gửi", "Kiểm tra",
                 [("severity", "Mức"), ("kind", "Loại"), ("code", "Mã"),
                  ("message", "Nội dung"), ("line", "Dòng")],
                 _rows(findings, ["severity", "kind", "code", "message", "line"])),
        _Section("evidence", "Tài liệu kiểm chứng", "Kiểm chứng",
                 [("code", "Mã"), ("name", "Tiêu chí"), ("evidence", "Tài liệu kiểm chứng"),
                  ("input_source", "Nguồn dữ liệu"), ("note", "Ghi chú")],
                 _evidence_rows(report, names)),
        _Section("comparison", "Tự chấm và thẩm định", "Tự chấm - thẩm định",
                 [("code", "Mã"), ("self_points", "Tự chấm"), ("appraised_points", "Thẩm định"),
                  ("difference", "Chênh lệch"), ("explanation", "Giải thích")],
                 _rows(report.comparison, ["code", "self_points", "appraised_points",
                                           "difference", "explanation"])),
    ]
    return sections


def _evidence_rows(report: ScoreReport, names: Any) -> list[dict[str, Any]]:
    if report.assessment is None:
        return []
    rows = []
    for code in report.assessment.codes:
        answer = report.assessment.answer(code)
        rows.append({
            "code": code,
            "name": names.get(code, ""),
            "evidence": "; ".join(answer["evidence"]),
            "input_source": answer["input_source"],
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


def _cell(value: Any, status: bool) -> str:
    text = html.escape(_text(value))
    plain = _plain(value)
    if status and isinstance(plain, str) and plain in STATUS_COLOURS:
        label = LABELS.get(plain)
        shown = f"{text} ({html.escape(label)})" if label else text
        return f'<td style="background:{STATUS_COLOURS[plain]}">{shown}</td>'
    if isinstance(plain, (int, float)) and not isinstance(plain, bool):
        return f'<td class="n">{text}</td>'
    return f"<td>{text}</td>"


def _html_table(section: _Section) -> str:
    if not section.rows:
        note = section.note or "Không có."
        return f'<p class="note">{html.escape(note)}</p>'
    head = "".join(f"<th>{html.escape(header)}</th>" for _, header in section.columns)
    body = []
    for row in section.rows:
        cells = "".join(
            _cell(row.get(key),
                  status=key == section.status_column or (section.key == "findings"
                                                          and key == "severity"))
            for key, _ in section.columns)
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_html(report: ScoreReport, title: str | None = None) -> str:
    """The report as one self-contained HTML page (UTF-8 text)."""
    from .plots import figure_svg, plot_areas, plot_lost_points

    unit = report.assessment.unit if report.assessment else ""
    heading = title or f"Báo cáo tự đánh giá chỉ số CCHC{': ' + unit if unit else ''}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(heading)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(heading)}</h1>",
        '<section id="summary"><h2>Tổng hợp</h2><table><tbody>',
    ]
    for label, value in _summary(report):
        parts.append(f"<tr><th>{html.escape(label)}</th>{_cell(value, False)}</tr>")
    parts.append("</tbody></table>")
    parts.append(f'<p class="band">{html.escape(_text(report.total))} / '
                 f'{html.escape(_text(report.total_max))} điểm — xếp loại '
                 f'{html.escape(report.band or "—")}</p></section>')
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


def write_html(report: ScoreReport, path: PathLike, title: str | None = None) -> None:
    """Writes :func:`render_html` to `path` (UTF-8)."""
    page = render_html(report, title)

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


def write_excel(report: ScoreReport, path: PathLike) -> None:
    """Writes the report as an .xlsx workbook: a summary sheet then one sheet per section
    (Lĩnh vực, Tiêu chí, Điểm bị mất, Chỉ tiêu, Nhiệm vụ, Kiểm tra, Kiểm chứng, Tự chấm -
    thẩm định), Vietnamese headers, status cells coloured as in the HTML report."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    book = Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    summary.append(["Mục", "Giá trị"])
    for label, value in _summary(report):
        summary.append([label, _plain(value)])
    _style_header(summary, 2)
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 60
    for section in _sections(report):
        sheet = book.create_sheet(section.sheet)
        sheet.append([header for _, header in section.columns])
        _style_header(sheet, len(section.columns))
        if not section.rows and section.note:
            sheet.append([section.note])
        for row in section.rows:
            sheet.append([_excel_value(key, row.get(key)) for key, _ in section.columns])
            for index, (key, _) in enumerate(section.columns, start=1):
                if key in _DATE_KEYS and row.get(key):
                    sheet.cell(sheet.max_row, index).number_format = "dd/mm/yyyy"
            if section.status_column:
                status = row.get(section.status_column)
                if isinstance(status, str) and status in STATUS_COLOURS:
                    column = [key for key, _ in section.columns].index(section.status_column)
                    sheet.cell(sheet.max_row, column + 1).fill = PatternFill(
                        "solid", fgColor=STATUS_COLOURS[status].lstrip("#").upper())
        for index, (key, header) in enumerate(section.columns, start=1):
            longest = max([len(header)] + [len(_text(row.get(key))) for row in section.rows])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(
                max(8, longest + 2), 60)
    _atomic_write(path, book.save)


def write_report(report: ScoreReport, path: PathLike) -> None:
    """HTML or Excel by the file's suffix (.html/.htm, .xlsx)."""
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix in (".html", ".htm"):
        write_html(report, path)
    elif suffix == ".xlsx":
        write_excel(report, path)
    else:
        raise ValueError(f"{os.fspath(path)}: a report is .html or .xlsx, not '{suffix or 'none'}'")


# --- The Excel self-assessment template -------------------------------------------------------

TEMPLATE_SHEET = "Tự đánh giá"
INFO_SHEET = "Thông tin"
#: (answer field or a label column, header) in the template's column order.
TEMPLATE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "Mã tiêu chí"),
    ("name", "Tên tiêu chí"),
    ("max", "Điểm tối đa"),
    ("rule", "Cách chấm"),
    ("source", "Nguồn dữ liệu"),
    ("value", "Giá trị / số lượng"),
    ("done", "Đã hoàn thành (có/không)"),
    ("late", "Trễ hạn (có/không)"),
    ("best", "Giá trị đơn vị tốt nhất"),
    ("not_applicable", "Không áp dụng (có/không)"),
    ("self_score", "Điểm tự chấm"),
    ("evidence", "Tài liệu kiểm chứng (mỗi dòng một tài liệu)"),
    ("note", "Ghi chú"),
)
_INPUT_FIELDS = ("value", "done", "late", "best", "not_applicable", "self_score", "evidence",
                 "note")
_INFO_KEYS = (("framework", "Bộ chỉ số (mã)"), ("unit", "Đơn vị"), ("period", "Kỳ đánh giá"))


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
                   period: str = "") -> None:
    """Writes the Excel self-assessment template of `framework`: sheet "Thông tin"
    (framework id, unit, period) and sheet "Tự đánh giá" with one row per leaf (code, name,
    max, rule summary, data source, then the input columns to fill: value, done, late, best,
    not applicable, self-score, evidence, note). :func:`read_template` reads it back."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    nodes = framework.nodes
    book = Workbook()
    info = book.active
    info.title = INFO_SHEET
    info.append(["Mục", "Giá trị"])
    for key, label in _INFO_KEYS:
        value = {"framework": framework.id, "unit": unit, "period": period}[key]
        info.append([label, value])
    info.append(["Tên bộ chỉ số", framework.name])
    info.append(["Hướng dẫn", "Điền các cột từ 'Giá trị' trở đi; có/không cho cột có/không; "
                 "không sửa cột Mã tiêu chí."])
    _style_header(info, 2)
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 70
    sheet = book.create_sheet(TEMPLATE_SHEET)
    sheet.append([header for _, header in TEMPLATE_COLUMNS])
    _style_header(sheet, len(TEMPLATE_COLUMNS))
    fill = PatternFill("solid", fgColor="FFFDE7")
    for record in nodes[nodes["is_leaf"]].to_dict("records"):
        source = ""
        if record.get("indicator"):
            source = f"chỉ số {record['indicator']}"
        elif record.get("target"):
            source = f"kế hoạch: {record['target']}"
        sheet.append([record["code"], record["name"], float(record["max"]),
                      _rule_summary(record.get("rule"), record.get("note")), source])
        for column in range(6, len(TEMPLATE_COLUMNS) + 1):
            sheet.cell(sheet.max_row, column).fill = fill
    widths = [12, 50, 10, 40, 24, 14, 14, 12, 14, 14, 12, 40, 30]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    for cell in sheet[1]:
        cell.alignment = Alignment(wrap_text=True)
        cell.font = Font(bold=True)
    _atomic_write(path, book.save)


def _parse_error(source: str, sheet: str, row: int, column: str, reason: str) -> ParseError:
    error = ParseError(f"{source}: sheet '{sheet}' row {row} column '{column}': {reason}")
    error.source = source
    error.line = row
    error.field = f"{sheet}!{column}"
    error.reason = reason
    return error


_YES = {"có", "co", "x", "yes", "y", "true", "1", "đạt", "dat"}
_NO = {"không", "khong", "no", "n", "false", "0", "không đạt", "khong dat"}


def read_template(path: PathLike, framework: Framework | None = None) -> Assessment:
    """Reads a filled template into an :class:`~cchc.score.Assessment`. Checks the headers,
    that every code is a leaf of the framework (the shipped one named in "Thông tin" unless
    `framework` is given) and appears once, numbers are numbers and yes/no cells are
    có/không; errors are :class:`cchc.ParseError` naming the sheet, row and column."""
    from openpyxl import load_workbook

    from .score import Assessment, Framework

    source = os.fspath(path)
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except FileNotFoundError:
        raise _parse_error(source, "-", 0, "-", "file not found") from None
    except Exception as error:  # openpyxl raises several kinds for a non-xlsx file
        raise _parse_error(source, "-", 0, "-", f"not an .xlsx workbook ({error})") from None
    for name in (INFO_SHEET, TEMPLATE_SHEET):
        if name not in book.sheetnames:
            raise _parse_error(source, name, 0, "-", "sheet missing (is this a cchc template?)")
    info: dict[str, str] = {}
    labels = {label: key for key, label in _INFO_KEYS}
    for row in book[INFO_SHEET].iter_rows(min_row=2, values_only=True):
        if row and row[0] in labels:
            info[labels[row[0]]] = "" if len(row) < 2 or row[1] is None else str(row[1]).strip()
    framework_id = info.get("framework", "")
    if framework is None:
        if not framework_id:
            raise _parse_error(source, INFO_SHEET, 2, "B", "framework id is empty")
        framework = Framework.shipped(framework_id)
    elif framework_id and framework_id != framework.id:
        raise _parse_error(source, INFO_SHEET, 2, "B",
                           f"template of framework '{framework_id}', not '{framework.id}'")
    leaves = set(framework.leaf_codes)
    rows = book[TEMPLATE_SHEET].iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
    expected = [label for _, label in TEMPLATE_COLUMNS]
    for index, label in enumerate(expected):
        found = header[index] if index < len(header) else ""
        if found != label:
            letter = _letter(index)
            raise _parse_error(source, TEMPLATE_SHEET, 1, letter,
                               f"header '{found}' where '{label}' was expected")
    assessment = Assessment(framework.id, unit=info.get("unit", ""), period=info.get("period", ""))
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows, start=2):
        cells = tuple(cells) + (None,) * (len(expected) - len(cells))
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        code = "" if cells[0] is None else str(cells[0]).strip()
        if code not in leaves:
            raise _parse_error(source, TEMPLATE_SHEET, number, "A",
                               f"'{code}' is not a leaf code of framework '{framework.id}'")
        if code in seen:
            raise _parse_error(source, TEMPLATE_SHEET, number, "A",
                               f"'{code}' already on row {seen[code]}")
        seen[code] = number
        fields: dict[str, Any] = {}
        for index, (key, label) in enumerate(TEMPLATE_COLUMNS):
            if key not in _INPUT_FIELDS:
                continue
            cell = cells[index]
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue
            where = (source, TEMPLATE_SHEET, number, f"{_letter(index)} ({label})")
            fields[key] = _template_value(key, cell, where)
        if fields.get("not_applicable") is False:
            del fields["not_applicable"]
        if fields.get("late") is False and "done" not in fields:
            del fields["late"]
        if fields:
            assessment.set(code, **fields)
    book.close()
    return assessment


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
        raise _parse_error(*where, f"'{cell}' is not có/không")
    if key in ("value", "best", "self_score"):
        if isinstance(cell, bool):
            raise _parse_error(*where, f"'{cell}' is not a number")
        if isinstance(cell, (int, float)):
            return float(cell)
        text = str(cell).strip().rstrip("%").strip().replace(",", ".")
        try:
            return float(text)
        except ValueError:
            raise _parse_error(*where, f"'{cell}' is not a number") from None
    if key == "evidence":
        return [line.strip() for line in str(cell).replace(";", "\n").splitlines()
                if line.strip()]
    return str(cell).strip()


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
    "write_report",
    "write_template",
]
