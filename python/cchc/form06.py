"""Biểu số 06/VPCP/KSTT of Thông tư 01/2020/TT-VPCP: the official statistics form of dossier
processing ("Tình hình, kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp giải quyết TTHC").

Thirteen columns — 1 STT, 2 field (lĩnh vực) grouped by level; received: 3 total, 4 online, 5 in
person or by post, 6 carried over; resolved: 7 total, 8 early, 9 on time, 10 late; pending: 11
total, 12 within time, 13 overdue — filled from the counts of the indicator engine
(``Dossiers.counts``), never recounted. Its identities are checked on every row: 3 = 4 + 5 + 6,
7 = 8 + 9 + 10, 11 = 12 + 13, 3 = 7 + 11 (plus the refused and withdrawn dossiers, which the form
has no column for), and every column of the total row equals the sum of the rows above it.
Rules and settings: docs/dossier/form-06.md.

>>> import pandas as pd
>>> from cchc.dossier import ingest
>>> frame = pd.DataFrame({
...     "id": ["A", "B", "C"], "field": ["Hộ tịch", "Hộ tịch", "Chứng thực"],
...     "channel": ["online", "in_person", "online"], "status": ["resolved", "resolved", "pending"],
...     "processing_days": [5, 5, 5],
...     "received": pd.to_datetime(["2024-02-02", "2024-02-02", "2024-03-13"]),
...     "resolved": pd.to_datetime(["2024-02-16", "2024-02-19", None]),
... })
>>> form = form_06(ingest(frame), "2024-Q1")
>>> form.frame[["label", "received_total", "resolved_on_time", "resolved_late", "pending_within"]]
        label  received_total  resolved_on_time  resolved_late  pending_within
0  Chứng thực               1                 0              0               1
1     Hộ tịch               2                 1              1               0
2   Tổng cộng               3                 1              1               1
>>> form.identities_hold
True
>>> form.paragraph().split(". ")[1].split(",")[0]
'Tổng số hồ sơ tiếp nhận: 3 hồ sơ'
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as _dt
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from ._files import write_through_temporary
from ._spreadsheet import set_text
from .calendar import Period
from .errors import CchcError
from .i18n import _, get_language, language, pgettext
from .report_check import format_count, format_percent

if TYPE_CHECKING:
    import pandas as pd

    from .dossier import Dossiers

CarriedOver = Literal["included", "separate"]

#: The 13 columns: (number, key in ``Form06.frame``); their headers: ``form_column_header``.
COLUMNS: tuple[tuple[int, str], ...] = (
    (1, "stt"),
    (2, "label"),
    (3, "received_total"),
    (4, "received_online"),
    (5, "received_in_person_or_postal"),
    (6, "received_carried_over"),
    (7, "resolved_total"),
    (8, "resolved_early"),
    (9, "resolved_on_time"),
    (10, "resolved_late"),
    (11, "pending_total"),
    (12, "pending_within"),
    (13, "pending_overdue"),
)


def form_column_header(number: int) -> str:
    """The header of column ``number`` (1–13) in the language in force."""
    return {
        1: pgettext("form 06", "No."),
        2: pgettext("form 06", "Field, by level"),
        3: pgettext("form 06", "Received: total"),
        4: pgettext("form 06", "Of which new: online"),
        5: pgettext("form 06", "Of which new: in person or by post"),
        6: pgettext("form 06", "Carried over from the previous period"),
        7: pgettext("form 06", "Resolved: total"),
        8: pgettext("form 06", "Returned early"),
        9: pgettext("form 06", "Returned on time"),
        10: pgettext("form 06", "Returned late"),
        11: pgettext("form 06", "Pending: total"),
        12: pgettext("form 06", "Within time"),
        13: pgettext("form 06", "Overdue"),
    }[number]


_NUMBER_KEYS = tuple(key for number, key in COLUMNS if number >= 3)
#: The engine counts each row is built from (``Dossiers.counts`` columns).
_ENGINE_COUNTS = (
    "received_new", "received_carried_over", "new_online", "new_in_person", "new_postal",
    "new_channel_unknown", "resolved_early", "resolved_on_time", "resolved_late",
    "pending_within", "pending_overdue", "refused", "withdrawn",
)  # fmt: skip

_LEVEL_ORDER = ("Cấp tỉnh", "Cấp huyện", "Cấp xã")
_LEVEL_RULES = (
    (re.compile(r"^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+(?:xã|phường|thị trấn)\b", re.I),
     "Cấp xã"),
    (re.compile(r"^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+(?:huyện|quận|thị xã|thành phố)\b",
                re.I), "Cấp huyện"),
    (re.compile(r"^(?:sở|ban quản lý|ban|văn phòng ubnd tỉnh|văn phòng ủy ban nhân dân tỉnh|"
                r"thanh tra tỉnh|trung tâm phục vụ hành chính công)\b", re.I), "Cấp tỉnh"),
)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_NO_FIELD = "(không ghi lĩnh vực)"
#: The label of the total row in ``Form06.frame`` (the form is a Vietnamese form; people read
#: ``form_row_label``).
TOTAL_LABEL = "Tổng cộng"


def level_by_name(unit: str) -> str:
    """The level of a unit read from its name: "Sở …", "Ban quản lý …" → Cấp tỉnh; "UBND
    huyện/quận/thị xã/thành phố …" → Cấp huyện; "UBND xã/phường/thị trấn …" → Cấp xã. A name
    that matches none raises ``CchcError`` naming it (never a guess)."""
    for pattern, level in _LEVEL_RULES:
        if pattern.search(unit.strip()):
            return level
    raise CchcError(
        f"unit '{unit}': its level cannot be read from its name (Sở …, UBND huyện …, UBND xã …); "
        "give the levels in a file (unit,level)"
    )


def read_levels(path: str) -> dict[str, str]:
    """A CSV of ``unit,level`` rows (header required) as {unit: level}; a duplicate unit with
    another level, or an empty cell, is an error naming the line."""
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except OSError as error:
        raise CchcError(f"{path}: cannot open ({error.strerror})") from None
    levels: dict[str, str] = {}
    with handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not {"unit", "level"} <= set(reader.fieldnames):
            raise CchcError(f"{path}:1: the header must name the columns unit and level")
        for line, row in enumerate(reader, start=2):
            unit = (row.get("unit") or "").strip()
            level = (row.get("level") or "").strip()
            if not unit or not level:
                raise CchcError(f"{path}:{line}: unit and level must both be given")
            if levels.get(unit, level) != level:
                raise CchcError(
                    f"{path}:{line}: unit '{unit}' is given the levels '{levels[unit]}' and "
                    f"'{level}'")
            levels[unit] = level
    return levels


@dataclasses.dataclass
class Form06:
    """Biểu số 06/VPCP/KSTT filled from the engine's counts.

    ``frame``: one row per form row (``row_kind`` "level", "field" or "total"; ``level``,
    ``field``; then the 13 columns by ``COLUMNS`` key). ``counts``: the engine counts behind each
    row (refused, withdrawn and unknown channel included). ``checks``: every identity of every
    row (``row``, ``identity``, ``left``, ``right``, ``holds``, ``note``)."""

    frame: pd.DataFrame
    counts: pd.DataFrame
    checks: pd.DataFrame
    first: _dt.date
    last: _dt.date
    period: str
    carried_over: CarriedOver
    unit: str = ""
    #: The period as reports name it ("Quý I/2024"), or the window's dates.
    period_label: str = ""

    @property
    def identities_hold(self) -> bool:
        """True when every identity of every row holds."""
        return bool(self.checks["holds"].all())

    def period_name(self) -> str:
        """The period for people: "Quý I/2024" in Vietnamese, its code "2024-Q1" in English."""
        return (self.period_label or self.period) if get_language() == "vi" else self.period

    def total(self) -> dict[str, int]:
        """The total row's columns 3–13 by key."""
        row = self.frame[self.frame["row_kind"] == "total"].iloc[0]
        return {key: int(row[key]) for key in _NUMBER_KEYS}

    def paragraph(self, lang: str | None = None) -> str:
        """The sentences quarterly reports write about dossiers, from the total row
        ("Tổng số hồ sơ tiếp nhận: 6.086 hồ sơ, trong đó: …") in ``lang`` (default: the language
        in force, cchc.i18n), numbers in its format. ``cchc report check`` reads the Vietnamese
        paragraph back to the same figures."""
        counts = self.counts[self.counts["row_kind"] == "total"].iloc[0]
        return _paragraph({name: int(counts[name]) for name in _ENGINE_COUNTS},
                          self.first, self.last, lang)

    def write_excel(self, path: str | os.PathLike[str], lang: str | None = None) -> None:
        """Writes the form as an .xlsx sheet (headers as printed, columns numbered 1–13, the
        checks and the paragraph below it) and a second sheet with the counts behind it, through
        a temporary file (``cchc._files``), in ``lang`` (default: the language in force). Text from
        the data never becomes a formula."""
        _write_excel(self, os.fspath(path), lang)


def _window(period: Period | str | None, first: Any, last: Any,
            cutoff: str) -> tuple[_dt.date, _dt.date, str, str]:
    if period is not None:
        if first is not None or last is not None:
            raise ValueError("give either a period or first and last, not both")
        parsed = Period.parse(period) if isinstance(period, str) else period
        start, end = parsed.data_range(cutoff)
        return start, end, parsed.code, parsed.label
    if first is None or last is None:
        raise ValueError("the form needs a reporting window: a period, or first and last")
    start, end = _dt.date.fromisoformat(str(first)), _dt.date.fromisoformat(str(last))
    return start, end, f"{start.isoformat()}..{end.isoformat()}", f"{_day(start)}–{_day(end)}"


def _columns_of(counts: Mapping[str, int], carried_over: CarriedOver) -> dict[str, int]:
    new = counts["received_new"]
    carried = counts["received_carried_over"]
    return {
        "received_total": new + carried if carried_over == "included" else new,
        "received_online": counts["new_online"],
        "received_in_person_or_postal": counts["new_in_person"] + counts["new_postal"],
        "received_carried_over": carried,
        "resolved_total": counts["resolved_early"] + counts["resolved_on_time"]
        + counts["resolved_late"],
        "resolved_early": counts["resolved_early"],
        "resolved_on_time": counts["resolved_on_time"],
        "resolved_late": counts["resolved_late"],
        "pending_total": counts["pending_within"] + counts["pending_overdue"],
        "pending_within": counts["pending_within"],
        "pending_overdue": counts["pending_overdue"],
    }


def _row_checks(label: str, columns: Mapping[str, int], counts: Mapping[str, int],
                carried_over: CarriedOver) -> list[dict[str, Any]]:
    c = columns
    checks: list[dict[str, Any]] = []

    def check(identity: str, left: int, right: int, note: str = "", unknown: int = 0,
              refused: int = 0, withdrawn: int = 0) -> None:
        checks.append({"row": label, "identity": identity, "left": left, "right": right,
                       "holds": left == right, "note": note, "channel_unknown": unknown,
                       "refused": refused, "withdrawn": withdrawn})

    unknown = counts["new_channel_unknown"]
    unknown_note = f"{unknown} new dossiers have no known channel" if unknown else ""
    if carried_over == "included":
        check("3 = 4 + 5 + 6", c["received_total"],
              c["received_online"] + c["received_in_person_or_postal"]
              + c["received_carried_over"], unknown_note, unknown)
    else:
        check("3 = 4 + 5", c["received_total"],
              c["received_online"] + c["received_in_person_or_postal"], unknown_note, unknown)
    check("7 = 8 + 9 + 10", c["resolved_total"],
          c["resolved_early"] + c["resolved_on_time"] + c["resolved_late"])
    check("11 = 12 + 13", c["pending_total"], c["pending_within"] + c["pending_overdue"])
    closed = counts["refused"] + counts["withdrawn"]
    whole = "3" if carried_over == "included" else "3 + 6"
    received = c["received_total"] + (0 if carried_over == "included"
                                      else c["received_carried_over"])
    if closed:
        check(f"{whole} = 7 + 11 + refused/withdrawn", received,
              c["resolved_total"] + c["pending_total"] + closed,
              f"{counts['refused']} refused and {counts['withdrawn']} withdrawn dossiers are in "
              "no column of the form", refused=counts["refused"], withdrawn=counts["withdrawn"])
    else:
        check(f"{whole} = 7 + 11", received, c["resolved_total"] + c["pending_total"])
    return checks


def form_06(
    dossiers: Dossiers,
    period: Period | str | None = None,
    *,
    first: _dt.date | str | None = None,
    last: _dt.date | str | None = None,
    cutoff: str = "day 14",
    completion: Literal["resolved", "returned"] = "resolved",
    levels: Mapping[str, str] | Literal["by-name"] | None = None,
    carried_over: CarriedOver = "included",
    unit: str = "",
) -> Form06:
    """Biểu số 06/VPCP/KSTT of ``dossiers`` over a reporting window (``period``'s data range
    under ``cutoff``, or ``first``–``last``).

    Rows are the fields (lĩnh vực); with ``levels`` (a {unit: level} mapping, or ``"by-name"``
    for ``level_by_name``) they are grouped by level, each level with its subtotal row. The
    total row is the engine's count of the whole window; field and level rows add up the
    engine's counts per unit and field (counts are mergeable), so "total row = sum of rows" is
    a real check. ``carried_over="included"`` (as printed) puts carried-over dossiers in column
    3 (3 = 4 + 5 + 6); ``"separate"`` keeps column 3 for new dossiers (3 = 4 + 5, and 3 + 6 = 7 +
    11). Dossiers of unknown channel make 3 = 4 + 5 + 6 fail, visibly."""
    import pandas as pd

    if carried_over not in ("included", "separate"):
        raise ValueError(f"carried_over must be 'included' or 'separate', not {carried_over!r}")
    start, end, code, label = _window(period, first, last, cutoff)
    window = {"first": start, "last": end, "cutoff": cutoff, "completion": completion}
    total = dossiers.counts(**window)  # type: ignore[arg-type]
    by: list[Any] = ["unit", "field"] if levels is not None else ["field"]
    grouped = dossiers.counts(**window, by=by)  # type: ignore[arg-type]
    live = grouped[grouped[list(_ENGINE_COUNTS)].sum(axis=1) > 0]
    if levels is not None:
        level_of = {}
        for name in sorted(set(live["unit"])):
            if levels == "by-name":
                level_of[name] = level_by_name(name)
            elif name in levels:
                level_of[name] = levels[name]
            else:
                raise CchcError(f"unit '{name}' has no level in the levels given")
        live = live.assign(level=[level_of[name] for name in live["unit"]])
    else:
        live = live.assign(level="")
    live = live.assign(field=[name if name else _NO_FIELD for name in live["field"]])
    summed = live.groupby(["level", "field"], sort=False)[list(_ENGINE_COUNTS)].sum()

    def level_key(name: str) -> tuple[int, str]:
        return (_LEVEL_ORDER.index(name) if name in _LEVEL_ORDER else len(_LEVEL_ORDER), name)

    rows: list[dict[str, Any]] = []
    counts_rows: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []

    def add(kind: str, stt: str, label: str, level: str, field: str,
            counts: Mapping[str, int]) -> None:
        columns = _columns_of(counts, carried_over)
        rows.append({"row_kind": kind, "level": level, "field": field, "stt": stt,
                     "label": label, **columns})
        counts_rows.append({"row_kind": kind, "level": level, "field": field, "label": label,
                            **{name: int(counts[name]) for name in _ENGINE_COUNTS}})
        checks.extend(_row_checks(label, columns, counts, carried_over))

    level_names = sorted({name for name, _ in summed.index}, key=level_key)
    for index, level in enumerate(level_names):
        fields = summed.loc[level].sort_index()
        if level:
            subtotal = {name: int(fields[name].sum()) for name in _ENGINE_COUNTS}
            add("level", _ROMAN[index] if index < len(_ROMAN) else str(index + 1), level, level,
                "", subtotal)
        for number, (field, values) in enumerate(fields.iterrows(), start=1):
            counts = {name: int(values[name]) for name in _ENGINE_COUNTS}
            add("field", str(number), str(field), level, str(field), counts)
    engine_total = {name: int(total[name].iloc[0]) for name in _ENGINE_COUNTS}
    add("total", "", TOTAL_LABEL, "", "", engine_total)
    # The total row is the engine's count of the whole window, the rows its counts per group:
    # they must agree column by column.
    total_columns = rows[-1]
    for key in _NUMBER_KEYS:
        summed_rows = sum(row[key] for row in rows if row["row_kind"] == "field")
        number = next(n for n, k in COLUMNS if k == key)
        checks.append({"row": TOTAL_LABEL, "identity": f"column {number}: total = sum of rows",
                       "left": total_columns[key], "right": summed_rows,
                       "holds": total_columns[key] == summed_rows, "note": "",
                       "channel_unknown": 0, "refused": 0, "withdrawn": 0})
    frame = pd.DataFrame(rows)
    frame.attrs["form_columns"] = {number: key for number, key in COLUMNS}
    return Form06(frame, pd.DataFrame(counts_rows), pd.DataFrame(checks), start, end, code,
                  carried_over, unit, label)


# --- the paragraph -------------------------------------------------------------------------

def _day(day: _dt.date) -> str:
    """15/12/2023, 14/3/2024: as reports write dates."""
    return f"{day.day}/{day.month}/{day.year}"


def _paragraph(counts: Mapping[str, int], first: _dt.date, last: _dt.date,
               lang: str | None) -> str:
    with language(lang):
        def n(value: int) -> str:
            return format_count(value)

        new = counts["received_new"]
        carried = counts["received_carried_over"]
        early, on_time, late = (counts["resolved_early"], counts["resolved_on_time"],
                                counts["resolved_late"])
        resolved = early + on_time + late
        within, overdue = counts["pending_within"], counts["pending_overdue"]
        refused, withdrawn = counts["refused"], counts["withdrawn"]
        channels = _("online {online} dossiers, in person or by post {in_person} dossiers").format(
            online=n(counts["new_online"]), in_person=n(counts["new_in_person"]
                                                        + counts["new_postal"]))
        if counts["new_channel_unknown"]:
            channels += ", " + _("channel unknown {unknown} dossiers").format(
                unknown=n(counts["new_channel_unknown"]))
        sentences = [
            _("Data from {first} to {last}.").format(first=_day(first), last=_day(last)),
            _("Dossiers received: {total} dossiers, of which: newly received in the period {new} "
              "dossiers ({channels}); carried over from the previous period {carried} "
              "dossiers.").format(total=n(new + carried), new=n(new), channels=channels,
                                  carried=n(carried)),
        ]
        resolved_sentence = _("Dossiers resolved: {resolved} dossiers, of which: early {early} "
                              "dossiers, on time {on_time} dossiers, late {late} dossiers").format(
            resolved=n(resolved), early=n(early), on_time=n(on_time), late=n(late))
        if resolved:
            # No rate without resolved dossiers: never 0 % or 100 % by accident.
            rate = format_percent(100.0 * (early + on_time) / resolved, 2)
            resolved_sentence += "; " + _("resolved early or on time: {rate}").format(rate=rate)
        sentences.append(resolved_sentence + ".")
        sentences.append(_("Dossiers pending: {pending} dossiers, of which: within time {within} "
                           "dossiers, overdue {overdue} dossiers.").format(
            pending=n(within + overdue), within=n(within), overdue=n(overdue)))
        if refused or withdrawn:
            sentences.append(_("Refused: {refused} dossiers; withdrawn by the applicants: "
                               "{withdrawn} dossiers.").format(refused=n(refused),
                                                               withdrawn=n(withdrawn)))
        return " ".join(sentences)


def form_row_label(record: Mapping[Any, Any]) -> str:
    """The label of a row of ``Form06.frame`` for people (the total row in the language in
    force; fields and levels as the data name them)."""
    if record.get("row_kind") == "total" or record.get("label") == TOTAL_LABEL:
        return pgettext("form 06", "Total")
    return str(record["label"])


def describe_check(check: Mapping[Any, Any]) -> str:
    """One check of ``Form06.checks`` for people: row, identity, both sides, and why."""
    identity = str(check["identity"])
    if identity.startswith("column "):
        identity = pgettext("form 06", "column {number}: total row = sum of the rows").format(
            number=identity.split()[1].rstrip(":"))
    elif identity.endswith("refused/withdrawn"):
        identity = identity.replace("refused/withdrawn", pgettext("form 06", "refused/withdrawn"))
    sign = "=" if check["holds"] else "≠"
    text = (f"{form_row_label({'label': check['row']})}: {identity}: "
            f"{format_count(int(check['left']))} {sign} {format_count(int(check['right']))}")
    notes = []
    if check.get("channel_unknown"):
        notes.append(_("{count} new dossiers have no known channel").format(
            count=format_count(int(check["channel_unknown"]))))
    if check.get("refused") or check.get("withdrawn"):
        notes.append(_("{refused} refused and {withdrawn} withdrawn dossiers are in no column "
                       "of the form").format(refused=format_count(int(check["refused"])),
                                             withdrawn=format_count(int(check["withdrawn"]))))
    return text + (f" ({'; '.join(notes)})" if notes else "")


# --- Excel ---------------------------------------------------------------------------------

def safe_cell_text(cell: Any, text: str) -> None:
    """Puts ``text`` in an openpyxl cell as text: a value starting with = + - @ (or a tab or
    carriage return) is stored as a string with Excel's quote prefix, never as a formula."""
    set_text(cell, text)  # the one rule of every writer (cchc._spreadsheet)


def _write_excel(form: Form06, path: str, lang: str | None) -> None:
    with language(lang):
        _write_sheets(form, path)


def _write_sheets(form: Form06, path: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    if not path.lower().endswith(".xlsx"):
        raise CchcError(f"{path}: the form is written as an .xlsx workbook")
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise CchcError(f"{path}: the folder {directory} does not exist")
    book = Workbook()
    sheet = book.active
    sheet.title = pgettext("form 06", "Form 06")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet["A1"] = "Biểu số 06/VPCP/KSTT"
    sheet["A1"].font = Font(bold=True)
    sheet["A2"] = pgettext("form 06", "ADMINISTRATIVE PROCEDURES: DOSSIERS RECEIVED AND RESOLVED "
                                      "AT THE BODY THAT RESOLVES THEM")
    sheet["A2"].font = Font(bold=True)
    sheet.merge_cells("A2:M2")
    sheet["A2"].alignment = center
    sheet["A3"] = pgettext("form 06", "Reporting period: {period} (from {first} to {last})").format(
        period=form.period_name(), first=_day(form.first), last=_day(form.last))
    sheet.merge_cells("A3:M3")
    sheet["A3"].alignment = center
    safe_cell_text(sheet["A4"], pgettext("form 06", "Reporting unit: {unit}").format(unit=form.unit))
    sheet["A5"] = pgettext("form 06", "Unit of count: dossiers of administrative procedures")
    headers = [
        ("A7:A9", form_column_header(1)),
        ("B7:B9", form_column_header(2)),
        ("C7:F7", pgettext("form 06", "Dossiers received")),
        ("C8:C9", pgettext("form 06", "Total")),
        ("D8:E8", pgettext("form 06", "Of which newly received")),
        ("D9:D9", pgettext("form 06", "Online")),
        ("E9:E9", pgettext("form 06", "In person, by post")),
        ("F8:F9", pgettext("form 06", "From the previous period")),
        ("G7:J7", pgettext("form 06", "Dossiers resolved")),
        ("G8:G9", pgettext("form 06", "Total")),
        ("H8:H9", form_column_header(8)),
        ("I8:I9", form_column_header(9)),
        ("J8:J9", form_column_header(10)),
        ("K7:M7", pgettext("form 06", "Dossiers pending")),
        ("K8:K9", pgettext("form 06", "Total")),
        ("L8:L9", form_column_header(12)),
        ("M8:M9", form_column_header(13)),
    ]
    for cells, text in headers:
        first_cell, last_cell = cells.split(":")
        sheet[first_cell] = text
        if first_cell != last_cell:
            sheet.merge_cells(cells)
    for row in sheet["A7:M10"]:
        for cell in row:
            cell.alignment = center
            cell.font = Font(bold=True)
            cell.border = border
    for number in range(1, 14):
        sheet.cell(10, number, f"({number})")
    row_index = 11
    for record in form.frame.to_dict("records"):
        bold = record["row_kind"] in ("level", "total")
        safe_cell_text(sheet.cell(row_index, 1), str(record["stt"]))
        safe_cell_text(sheet.cell(row_index, 2), form_row_label(record))
        for offset, key in enumerate(_NUMBER_KEYS, start=3):
            sheet.cell(row_index, offset, int(record[key])).number_format = "#,##0"
        for column in range(1, 14):
            cell = sheet.cell(row_index, column)
            cell.border = border
            if bold:
                cell.font = Font(bold=True)
        row_index += 1
    row_index += 1
    sheet.cell(row_index, 1, pgettext("form 06", "Checks")).font = Font(bold=True)
    row_index += 1
    sheet.cell(row_index, 1, pgettext("form 06", "Column 3 includes the carried-over dossiers: "
                                                 "3 = 4 + 5 + 6.")
               if form.carried_over == "included" else
               pgettext("form 06", "Column 3 counts new dossiers only: 3 = 4 + 5; 3 + 6 = 7 + 11."))
    row_index += 1
    failing = form.checks[~form.checks["holds"]]
    if failing.empty:
        sheet.cell(row_index, 1, pgettext("form 06", "Every identity of the form holds."))
        row_index += 1
    for check in failing.to_dict("records"):
        safe_cell_text(sheet.cell(row_index, 1), describe_check(check))
        row_index += 1
    row_index += 1
    sheet.cell(row_index, 1, form.paragraph())
    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 40
    for letter in "CDEFGHIJKLM":
        sheet.column_dimensions[letter].width = 12
    sheet.freeze_panes = "C11"

    counts_sheet = book.create_sheet(pgettext("form 06", "Counts"))
    keys = ["label", *_ENGINE_COUNTS]
    counts_sheet.append(keys)
    # Rows counted here: max_row scans every cell (quadratic when called per row).
    for number, record in enumerate(form.counts.to_dict("records"), start=2):
        counts_sheet.append([None, *[int(record[key]) for key in _ENGINE_COUNTS]])
        safe_cell_text(counts_sheet.cell(number, 1), form_row_label(record))
    write_through_temporary(path, book.save)


__all__ = [
    "COLUMNS",
    "TOTAL_LABEL",
    "Form06",
    "describe_check",
    "form_06",
    "form_column_header",
    "form_row_label",
    "level_by_name",
    "read_levels",
    "safe_cell_text",
]
