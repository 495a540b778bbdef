"""The ``cchc`` command line.

Exit codes: 0 success (also when the reader of the output, e.g. ``| head``, stops early);
1 the input was read but fails a check; 2 bad usage or unreadable input (the message names
the file, line and field); 3 the output's encoding cannot write the text (Vietnamese in a
non-UTF-8 console or file: the message says how to get UTF-8).

What people read is in Vietnamese unless ``--lang en`` (anywhere on the line) or the
``CCHC_LANG`` environment variable says otherwise; ``--json`` and ``--csv`` print stable
English keys and full-precision numbers whatever the language (docs/i18n.md).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as _dt
import errno
import io
import json
import math
import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from ._files import Terminated, atomic_write, check_input_file, system_error_text
from ._progress import Progress
from ._spreadsheet import csv_value
from ._text import message, nfc, printable, shorten
from .calendar import WorkCalendar, parse_deadline
from .cli_report import (
    add_indicator_options,
    add_report_command,
    cmd_indicator_extras,
    wants_extras,
)
from .errors import CchcError, ParseError
from .i18n import (
    LANGUAGES,
    N_,
    LanguageError,
    _,
    format_date,
    format_number,
    format_percent,
    get_language,
    gettext,
    language,
    ngettext,
    yes_no,
)
from .labels import area_label, column_label, finding_label, status_label
from .messages import error_text

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_ENCODING = 3
#: Interrupted by Ctrl-C (128 + SIGINT), the shell's convention.
EXIT_INTERRUPTED = 130
#: Stopped by SIGTERM (128 + SIGTERM).
EXIT_TERMINATED = 143


def _date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        day, month, year = (int(part) for part in text.replace("-", "/").split("/"))
        return _dt.date(year, month, day)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a date (use yyyy-mm-dd or dd/mm/yyyy)").format(text=text)
        ) from None


def _calendar(args: argparse.Namespace) -> WorkCalendar:
    return WorkCalendar(
        week=args.week,
        count_make_up_days=not args.no_make_up_days,
        culture_day=not args.no_culture_day,
    )


#: Columns whose values are status keys (shown in words) or finding kinds.
_STATUS_KEYS = frozenset({"status", "severity", "trend"})
#: Integer columns that label rather than count: never grouped by thousands.
_LABEL_KEYS = frozenset({"line", "row", "year", "clause", "depth", "month", "quarter",
                         "half_year"})
#: Columns holding ISO dates (shown dd/mm/yyyy in Vietnamese).
_DATE_KEYS = frozenset({"date", "received", "due", "completed", "start", "end", "begin",
                        "result", "on"})


def _shown(key: str, value: Any) -> str:
    """A cell of a table for people: numbers in the language's format (2 decimals at most),
    yes/no and statuses in words, ISO dates as dates; missing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int) and key in _LABEL_KEYS:
        return str(value)  # line 1234, year 2026: labels, not quantities
    if isinstance(value, (int, float)):
        return format_number(value, 2)
    if isinstance(value, str):
        if key in _STATUS_KEYS:
            return status_label(value)
        if key == "kind":
            return finding_label(value)
        if key in _DATE_KEYS and len(value) == 10:
            try:
                return format_date(_dt.date.fromisoformat(value))
            except ValueError:
                return value
        return value
    return str(value)


def _emit(
    args: argparse.Namespace, rows: list[dict[str, Any]], columns: list[str], stream: Any = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Rows as JSON or CSV (stable English keys, values as they are) or as a table for people
    (headers and values in the current language; `headers` overrides the usual header of a
    column key)."""
    out = sys.stdout if stream is None else stream
    if args.json:
        json.dump(rows, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
    elif args.csv:
        # Text a spreadsheet would run as a formula gets a leading apostrophe (_spreadsheet).
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: csv_value(value) for key, value in row.items()} for row in rows)
    else:
        headers = {c: (headers or {}).get(c) or column_label(c) for c in columns}
        # One line per row: a line feed or a control character in a value is shown escaped.
        cells = [{c: printable(_shown(c, row.get(c)), cell=True) for c in columns} for row in rows]
        widths = {c: max([len(headers[c])] + [len(r[c]) for r in cells]) for c in columns}
        print("  ".join(headers[c].ljust(widths[c]) for c in columns).rstrip(), file=out)
        for row in cells:
            print("  ".join(row[c].ljust(widths[c]) for c in columns).rstrip(), file=out)


def _cmd_due(args: argparse.Namespace) -> int:
    calendar = _calendar(args)
    pauses = [(a, b) for a, b in (args.pause or [])]
    due = calendar.due_date(
        args.received,
        args.working_days,
        pauses,
        received_hour=args.hour,
        afternoon_cutoff_hour=args.cutoff_hour,
        pause_rule=args.pause_rule,
    )
    row: dict[str, Any] = {
        "received": args.received.isoformat(),
        "working_days": args.working_days,
        "due": due.isoformat(),
    }
    if args.explain and not (args.json or args.csv):
        _emit(args, [row], ["received", "working_days", "due"])
        print("\n" + _("Days off between receipt and due date:"))
        day = args.received + _dt.timedelta(days=1)
        while day < due:
            info = calendar.describe(day)
            if not info.working:
                source = f"  [{info.source}]" if info.source else ""
                print(f"  {format_date(day)} {_weekday(day)}  {calendar.day_reason(day)}{source}")
            day += _dt.timedelta(days=1)
        return EXIT_OK
    _emit(args, [row], ["received", "working_days", "due"])
    return EXIT_OK


def _weekday(day: _dt.date) -> str:
    """The short weekday name people read (``T2`` … ``CN``; ``Mon`` … ``Sun``)."""
    names = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    return names[day.weekday()]


def _cmd_day(args: argparse.Namespace) -> int:
    calendar = _calendar(args)
    rows = []
    for date in args.dates:
        info = calendar.describe(date)
        rows.append(
            {
                "date": date.isoformat(),
                "weekday": date.strftime("%a") if args.json or args.csv else _weekday(date),
                "working": info.working,
                "reason": info.reason if args.json or args.csv else calendar.day_reason(date),
                "source": info.source,
            }
        )
    _emit(args, rows, ["date", "weekday", "working", "reason", "source"])
    return EXIT_OK


def _cmd_holidays(args: argparse.Namespace) -> int:
    calendar = _calendar(args)
    rows = [
        {
            "date": day.date.isoformat(),
            "weekday": day.date.strftime("%a") if args.json or args.csv else _weekday(day.date),
            "holiday": day.name,
            "kind": day.kind,
            "working": calendar.is_working_day(day.date),
            "source": day.source,
        }
        for day in calendar.special_days(args.year)
    ]
    _emit(args, rows, ["date", "weekday", "holiday", "kind", "working", "source"])
    return EXIT_OK


def _cmd_count(args: argparse.Namespace) -> int:
    calendar = _calendar(args)
    count = calendar.count_working_days(args.begin, args.end)
    _emit(
        args,
        [{"begin": args.begin.isoformat(), "end": args.end.isoformat(), "working_days": count}],
        ["begin", "end", "working_days"],
    )
    return EXIT_OK


def _cmd_add(args: argparse.Namespace) -> int:
    calendar = _calendar(args)
    result = calendar.add_working_days(args.date, args.days, args.roll)
    _emit(
        args,
        [{"date": args.date.isoformat(), "days": args.days, "result": result.isoformat()}],
        ["date", "days", "result"],
    )
    return EXIT_OK


def _read_receipts(path: str) -> list[dict[str, Any]]:
    """Reads id, received, working_days[, pause_requested, pause_resumed] rows."""
    required = ["id", "received", "working_days"]
    rows: list[dict[str, Any]] = []
    lines = [(n, line) for n, line in _text_lines(path) if not line.startswith("#")]
    reader = _checked_csv(path, csv.DictReader(line for _number, line in lines), lines)
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        header_line = lines[0][0] if lines else 1
        reason = _("missing column(s) {columns}").format(columns=", ".join(missing))
        raise ParseError(ParseError.format(path, header_line, "", reason), source=path,
                         line=header_line, field=missing[0], reason=reason)
    for index, record in enumerate(reader, start=1):
        line = lines[index][0]

        def field(name: str, parse: Any) -> Any:
            text = (record.get(name) or "").strip()
            if not text:
                return None
            try:
                return parse(text)
            except (ValueError, OverflowError, argparse.ArgumentTypeError):
                reason = (_("'{text}' is not a whole number") if parse is _whole_number
                          else _("'{text}' is not a date (use yyyy-mm-dd or dd/mm/yyyy)"))
                raise ParseError.at(path, line, name,
                                    reason.format(text=shorten(text))) from None

        received = field("received", _date)
        days = field("working_days", _whole_number)
        if received is None or days is None:
            empty = "received" if received is None else "working_days"
            raise ParseError.at(path, line, empty, _("empty"))
        requested = field("pause_requested", _date)
        resumed = field("pause_resumed", _date)
        if (requested is None) != (resumed is None):
            raise ParseError.at(path, line, "pause_resumed", _("a pause needs both its dates"))
        if None in record:
            raise ParseError.at(path, line, "", _("more fields than the header has"))
        rows.append(
            {
                "line": line,
                "id": nfc(record["id"] or ""),
                "received": received,
                "working_days": days,
                "pauses": [(requested, resumed)] if requested else [],
            }
        )
    return rows


def _whole_number(text: str) -> int:
    """A whole number written with digits only (int() would also take "1_0")."""
    if not re.fullmatch(r"[+-]?[0-9]{1,9}", text):
        raise ValueError(text)
    return int(text)


class _checked_csv:  # noqa: N801 - used like csv.DictReader
    """A csv.DictReader whose csv.Error (a field over the size limit, …) is a ParseError."""

    def __init__(self, path: str, reader: csv.DictReader[str],
                 lines: Sequence[tuple[int, str]]) -> None:
        self._path, self._reader, self._lines = path, reader, lines

    def _line(self) -> int:
        """The file line the reader failed on: the one after those it has read whole (comment
        lines are not fed to it)."""
        index = min(self._reader.line_num, len(self._lines) - 1)
        return self._lines[index][0] if index >= 0 else 0

    @property
    def fieldnames(self) -> Sequence[str] | None:
        try:
            return self._reader.fieldnames
        except csv.Error as error:
            raise ParseError.at(self._path, self._line(), "",
                                    _("not CSV ({reason})").format(reason=error_text(error))) from None

    def __iter__(self) -> Iterator[dict[str | Any, Any]]:
        iterator = iter(self._reader)
        while True:
            try:
                record = next(iterator)
            except StopIteration:
                return
            except csv.Error as error:
                raise ParseError.at(self._path, self._line(), "",
                                    _("not CSV ({reason})").format(reason=error_text(error))) from None
            yield record


def _text_lines(path: str, limit: int | None = None) -> list[tuple[int, str]]:
    """(line number, line) of a UTF-8 text file (a BOM is dropped): a regular file of at most
    ``limit`` bytes (default ``cchc._files.MAX_TEXT_INPUT_BYTES``), without NUL bytes (a UTF-16
    or binary file), or a ParseError naming the line."""
    from . import _files

    limit = _files.MAX_TEXT_INPUT_BYTES if limit is None else limit
    check_input_file(path, limit)
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    lines = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if b"\x00" in raw:
            raise ParseError.at(path, number, "", _("a NUL byte: the file is not UTF-8 text "
                                                    "(UTF-16 or binary?)"))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ParseError.at(path, number, "", _(
                "not UTF-8 (byte {byte} of the line): save the file as UTF-8").format(
                    byte=error.start + 1)) from None
        if number == 1:
            text = text.removeprefix("\ufeff")
        lines.append((number, text + "\n"))
    if lines and lines[-1][1] == "\n":
        lines.pop()
    return lines


def _cmd_due_dates(args: argparse.Namespace) -> int:
    calendar = _calendar(args)
    out = []
    for row in _read_receipts(args.file):
        try:
            due = calendar.due_date(row["received"], row["working_days"], row["pauses"])
        except CchcError as error:
            raise CchcError(f"{args.file}:{row['line']}: {error_text(error)}") from None
        out.append(
            {
                "id": row["id"],
                "received": row["received"].isoformat(),
                "working_days": row["working_days"],
                "paused": "; ".join(f"{a.isoformat()}..{b.isoformat()}" for a, b in row["pauses"]),
                "due": due.isoformat(),
            }
        )
    _emit(args, out, ["id", "received", "working_days", "paused", "due"])
    return EXIT_OK


def _cmd_deadline(args: argparse.Namespace) -> int:
    rows = []
    for phrase in args.phrases:
        deadline = parse_deadline(phrase, args.year)
        for number, clause in enumerate(deadline.clauses, start=1):
            rows.append(
                {
                    "phrase": deadline.text,
                    "clause": number,
                    "kind": clause.kind,
                    "start": clause.start.isoformat() if clause.start else "",
                    "end": clause.end.isoformat() if clause.end else "",
                    "unit": clause.unit,
                    "action": clause.action,
                    "condition": clause.condition,
                    "note": clause.note,
                    "reason": clause.reason,
                }
            )
    columns = ["phrase", "clause", "kind", "start", "end", "unit", "action", "condition", "note", "reason"]
    _emit(args, rows, columns)
    understood = all(row["kind"] != "not_understood" for row in rows if row["clause"] == 1)
    return EXIT_OK if understood else EXIT_CHECK_FAILED


def _table_rows(frame: Any, columns: list[str]) -> list[dict[str, Any]]:
    """DataFrame rows as plain values: missing (pd.NA, NaT) becomes an empty cell or null."""
    import pandas as pd

    rows = []
    for record in frame[columns].to_dict("records"):
        row = {}
        for name, value in record.items():
            if isinstance(value, (list, tuple)):
                value = "; ".join(str(item) for item in value)
            elif value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
                value = None
            elif isinstance(value, pd.Timestamp):
                value = value.date().isoformat()
            elif isinstance(value, _dt.date):
                value = value.isoformat()
            elif hasattr(value, "item"):
                value = value.item()
            row[name] = value
        rows.append(row)
    return rows


def _emit_table(args: argparse.Namespace, frame: Any, columns: list[str]) -> None:
    rows = _table_rows(frame, columns)
    if not (args.json or args.csv):
        rows = [{k: ("" if v is None else v) for k, v in row.items()} for row in rows]
    _emit(args, rows, columns)


def _cmd_plan_extract(args: argparse.Namespace) -> int:
    from .plan_extract import extract_plan
    from .target import save_plan

    text = "".join(line for _number, line in _text_lines(args.file))
    result = extract_plan(text, year=args.year, source=args.file)
    if args.toml:
        save_plan(result.plan, args.toml)
    if args.json:
        json.dump(
            {
                "title": result.title,
                "year": result.year,
                "targets": _table_rows(result.targets, list(result.targets.columns)),
                "tasks": _table_rows(result.tasks, list(result.tasks.columns)),
                "not_understood": _table_rows(
                    result.not_understood, list(result.not_understood.columns)
                ),
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
    else:
        target_columns = ["id", "line", "area", "indicator", "comparator", "value", "upper",
                          "change_percent", "unit", "deadline"]
        task_columns = ["id", "line", "area", "title", "lead", "deadline", "due"]
        if not args.csv:
            year = result.year or _("year unknown")
            print(f"{result.title or args.file} ({year})")
            print("\n" + _("Targets ({count}):").format(count=len(result.targets)))
        _emit_table(args, result.targets, target_columns)
        if not args.csv:
            print("\n" + _("Tasks ({count}):").format(count=len(result.tasks)))
            _emit_table(args, result.tasks, task_columns)
            print("\n" + _("Looks like a target but not understood ({count}):").format(
                count=len(result.not_understood)))
            _emit_table(args, result.not_understood, ["line", "reason", "text"])
            if args.toml:
                print("\n" + _("Plan file written: {path} (review it before use)").format(
                    path=args.toml))
    # Sentences that look like targets but were not understood need a person: exit 1.
    return EXIT_CHECK_FAILED if len(result.not_understood) else EXIT_OK


# --- cchc plan status: the text for people ------------------------------------------------------

#: The width the plan status text fits (a terminal of 100 columns).
STATUS_WIDTH = 100
#: Order of task statuses in a group: what needs action first.
_TASK_ORDER = {"overdue": 0, "pending": 1, "ongoing": 2, "done_late": 3, "done_on_time": 4,
               "done": 5, "not_applicable": 6}
_TARGET_ORDER = {"off_track": 0, "at_risk": 1, "on_track": 2, "achieved": 3, "not_applicable": 4}


def _fit(text: str, width: int) -> str:
    """`text` on one line of at most `width` characters, cut with '…' when longer."""
    import unicodedata

    line = " ".join(unicodedata.normalize("NFC", str(text)).split())
    return line if len(line) <= width else line[: max(0, width - 1)].rstrip() + "…"


def _count_phrase(counts: dict[str, int], order: dict[str, int]) -> str:
    return ", ".join(f"{counts[key]} {status_label(key)}"
                     for key in sorted(counts, key=lambda key: (order.get(key, 99), key)))


def _task_state(row: dict[str, Any]) -> str:
    """The status of one task with its days: 'quá hạn 93 ngày', 'còn 182 ngày'."""
    status = row["status"]
    if status == "overdue" and row.get("days_late") is not None:
        return _("overdue {days} d").format(days=row["days_late"])
    if status == "pending" and row.get("days_left") is not None:
        return _("{days} d left").format(days=row["days_left"])
    if status == "done_late" and row.get("days_late") is not None:
        return _("done {days} d late").format(days=row["days_late"])
    return status_label(status)


def plan_status_text(plan_title: str, on: _dt.date, targets: Any, tasks: Any) -> list[str]:
    """The lines of ``cchc plan status`` for people: a one-line summary, then the tasks grouped
    by reform area and lead unit, the groups with overdue tasks first (most days late first),
    then the targets by area; every line fits STATUS_WIDTH columns."""
    lines = [_fit(_("{plan}: status on {date}").format(plan=plan_title, date=format_date(on)),
                  STATUS_WIDTH)]
    task_rows = _table_rows(tasks, list(tasks.columns))
    target_rows = _table_rows(targets, list(targets.columns))
    task_counts: dict[str, int] = {}
    for row in task_rows:
        task_counts[row["status"]] = task_counts.get(row["status"], 0) + 1
    target_counts: dict[str, int] = {}
    for row in target_rows:
        target_counts[row["status"]] = target_counts.get(row["status"], 0) + 1
    tasks_part = _("{count} tasks ({counts})").format(
        count=len(task_rows), counts=_count_phrase(task_counts, _TASK_ORDER) or "—")
    targets_part = _("{count} targets ({counts})").format(
        count=len(target_rows), counts=_count_phrase(target_counts, _TARGET_ORDER) or "—")
    summary = _("Summary: {tasks}; {targets}").format(tasks=tasks_part, targets=targets_part)
    if len(summary) > STATUS_WIDTH:  # the targets' detail follows below: keep the tasks' whole
        targets_part = _("{count} targets").format(count=len(target_rows))
        summary = _("Summary: {tasks}; {targets}").format(tasks=tasks_part, targets=targets_part)
    lines.append(_fit(summary, STATUS_WIDTH))
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in task_rows:
        groups.setdefault((row.get("area") or "other", row.get("lead") or ""), []).append(row)
    area_order = list(dict.fromkeys(row.get("area") or "other" for row in task_rows))

    def group_key(item: tuple[tuple[str, str], list[dict[str, Any]]]) -> tuple[Any, ...]:
        (area, lead), rows = item
        late = [row["days_late"] or 0 for row in rows if row["status"] == "overdue"]
        return (0 if late else 1, -max(late, default=0), area_order.index(area), lead)

    def task_key(row: dict[str, Any]) -> tuple[Any, ...]:
        return (_TASK_ORDER.get(row["status"], 99), -(row.get("days_late") or 0),
                row.get("days_left") if row.get("days_left") is not None else 10**6, row["id"])

    id_width = max([len(str(row["id"])) for row in task_rows + target_rows] + [2])
    state_width = max([len(_task_state(row)) for row in task_rows] + [8])
    for (area, lead), rows in sorted(groups.items(), key=group_key):
        overdue = sum(row["status"] == "overdue" for row in rows)
        lead_name = lead or _("(no lead unit)")
        header = f"{area_label(area)} · {lead_name}"
        tail = (_(" ({count} tasks, {overdue} overdue)") if overdue
                else _(" ({count} tasks)")).format(count=len(rows), overdue=overdue)
        lines.append("")
        lines.append(_fit(header, STATUS_WIDTH - len(tail)) + tail)
        for row in sorted(rows, key=task_key):
            due = format_date(_dt.date.fromisoformat(row["due"])) if row.get("due") else ""
            start = (f"  {str(row['id']).ljust(id_width)}  {_task_state(row).ljust(state_width)}  "
                     f"{due.ljust(10)}  ")
            lines.append(start + _fit(row.get("title") or "", STATUS_WIDTH - len(start)))
    if target_rows:
        lines.append("")
        lines.append(_("Targets ({count}):").format(count=len(target_rows)))
        by_area: dict[str, list[dict[str, Any]]] = {}
        for row in target_rows:
            by_area.setdefault(row.get("area") or "other", []).append(row)
        for area, rows in by_area.items():
            lines.append(_fit(f"{area_label(area)}", STATUS_WIDTH))
            status_width = max(len(status_label(row["status"])) for row in rows)
            for row in sorted(rows, key=lambda r: (_TARGET_ORDER.get(r["status"], 99), r["id"])):
                value = "—" if row.get("value") is None else format_number(row["value"])
                level = f"{_COMPARATOR_SIGNS.get(row.get('comparator') or '', '')} " \
                        f"{format_number(row.get('level'))}".strip()
                start = (f"  {str(row['id']).ljust(id_width)}  "
                         f"{status_label(row['status']).ljust(status_width)}  "
                         f"{value} / {level}  ")
                lines.append(start + _fit(row.get("title") or row.get("indicator") or "",
                                          STATUS_WIDTH - len(start)))
    return lines


_COMPARATOR_SIGNS = {"at_least": "≥", "at_most": "≤", "exactly": "="}


def _cmd_plan_status(args: argparse.Namespace) -> int:
    import pandas as pd

    from .target import load_plan, scorecard, task_status

    if args.xlsx and not args.xlsx.lower().endswith(".xlsx"):
        raise CchcError(_("{path}: the workbook is an .xlsx file").format(path=args.xlsx))
    plan = load_plan(args.file)
    values = _read_values(args.values) if args.values else None
    try:
        targets = scorecard(plan, args.on, values=values)
    except ParseError as error:
        if args.values and error.source == "<values>":
            raise ParseError.at(args.values, 0, error.field, error.reason) from None
        raise
    tasks = task_status(plan, args.on)
    if args.json:
        json.dump(
            {
                "plan": plan.id,
                "on": args.on.isoformat(),
                "targets": _table_rows(targets, list(targets.columns)),
                "tasks": _table_rows(tasks, list(tasks.columns)),
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
    elif args.csv:
        # Every column: the full detail for a spreadsheet or a script.
        frame = tasks if args.tasks_only else targets
        _emit_table(args, frame, list(frame.columns))
    else:
        for line in plan_status_text(plan.title or plan.id, args.on, targets, tasks):
            print(line)
    if args.xlsx:
        from .report import write_plan_status

        try:
            write_plan_status(targets, tasks, args.xlsx, title=plan.title or plan.id, on=args.on)
        except ValueError as error:
            raise CchcError(error_text(error)) from None
        if not (args.json or args.csv):
            print("\n" + _("Workbook written: {path}").format(path=args.xlsx))
    late = bool(
        tasks["status"].isin(["overdue", "ended_unreported"]).any()
        or (targets["status"] == "off_track").any()
    )
    # Exit 1 when a task is overdue (or a recurring duty ended unreported) or a target off
    # track: a script can stop on it.
    return EXIT_CHECK_FAILED if late and args.strict else EXIT_OK


# A decimal number with a point or a comma, as a values file may have it; no "1_0", "nan",
# "inf" (which Python's float() would take).
_VALUE_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")


def _read_values(path: str) -> Any:
    """The --values CSV (key, value, and optionally scope_unit, date) as the DataFrame
    ``scorecard`` takes. Every cell is checked: a value must be a finite decimal number, a date
    yyyy-mm-dd or dd/mm/yyyy; keys are NFC. Errors name the file, line and column."""
    import pandas as pd

    lines = [(n, line) for n, line in _text_lines(path) if line.strip()]
    if not lines:
        raise ParseError.at(path, 1, "", _("empty: a values file has the header key,value"))
    try:
        table = list(csv.reader(line for _number, line in lines))
    except csv.Error as error:
        raise ParseError.at(path, 0, "", _("not CSV ({reason})").format(reason=error_text(error))) from None
    header = [nfc(name.strip()) for name in table[0]]
    known = ("key", "value", "scope_unit", "date")
    for name in header:
        if name not in known:
            raise ParseError.at(path, lines[0][0], shorten(name),
                                _("unknown column (the columns are {columns})").format(
                                    columns=", ".join(known)))
    for name in ("key", "value"):
        if name not in header:
            raise ParseError.at(path, lines[0][0], name, _("missing column"))
    if len(set(header)) != len(header):
        raise ParseError.at(path, lines[0][0], "", _("a column is named twice"))
    records: dict[str, list[Any]] = {name: [] for name in header}
    for (line, _text), cells in zip(lines[1:], table[1:]):
        if len(cells) != len(header):
            raise ParseError.at(path, line, "", _("{count} fields, the header has {expected}").format(
                count=len(cells), expected=len(header)))
        for name, cell in zip(header, cells):
            text = cell.strip()
            if name in ("key", "scope_unit"):
                if name == "key" and not text:
                    raise ParseError.at(path, line, name, _("empty key"))
                records[name].append(nfc(text))
            elif name == "value":
                if not text:
                    records[name].append(None)
                    continue
                if not _VALUE_NUMBER.fullmatch(text):
                    raise ParseError.at(path, line, name, _("'{text}' is not a number").format(
                        text=shorten(text)))
                number = float(text.replace(",", "."))
                if not math.isfinite(number):
                    raise ParseError.at(path, line, name, _(
                        "'{text}' is not a finite number").format(text=shorten(text)))
                records[name].append(number)
            else:
                if not text:
                    records[name].append(None)
                    continue
                try:
                    records[name].append(_date(text))
                except (argparse.ArgumentTypeError, ValueError, OverflowError):
                    raise ParseError.at(path, line, name, _(
                        "'{text}' is not a date (yyyy-mm-dd or dd/mm/yyyy)").format(
                            text=shorten(text))) from None
    return pd.DataFrame({name: pd.Series(column, dtype=object)
                         for name, column in records.items()})


#: Spreadsheet formats cchc does not read, and what to do instead.
_SPREADSHEET_FORMATS = (".xls", ".ods", ".xlsm", ".xlsb", ".numbers")


def _refuse_spreadsheet_formats(path: str, what: str) -> None:
    """An .xls/.ods file is refused with what to save it as, before anything is read."""
    suffix = os.path.splitext(path)[1].lower()
    if what == "dossiers" and suffix in _SPREADSHEET_FORMATS + (".xlsx",):
        raise CchcError(_(
            "{path}: cchc does not read {suffix} files of dossier data; open the file in Excel "
            "or LibreOffice and save it as CSV UTF-8 (Save as → 'CSV UTF-8 (Comma delimited)'), "
            "or use a .parquet file"
        ).format(path=path, suffix=suffix))
    if what == "assessment" and suffix in _SPREADSHEET_FORMATS:
        raise CchcError(_(
            "{path}: cchc does not read {suffix} files; open the file in Excel or LibreOffice, "
            "save it as .xlsx (Save as → 'Excel Workbook (*.xlsx)') and run again with the "
            ".xlsx file"
        ).format(path=path, suffix=suffix))


def _check_report_path(path: str) -> None:
    """A report goes into a folder that exists: a mistyped folder is an error, not a new
    folder tree."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise CchcError(_(
            "{path}: the folder {folder} does not exist (cchc does not create folders: create "
            "it first or correct the path)"
        ).format(path=path, folder=os.path.dirname(path) or folder))


def _framework(text: str) -> Any:
    """A framework file path, or the id of a shipped framework."""
    from .score import Framework, shipped_frameworks

    if os.path.exists(text) or text.endswith(".toml"):
        return Framework.load(text)
    if text not in shipped_frameworks():
        raise CchcError(
            _("'{text}' is neither a framework file nor a shipped framework ({shipped})").format(
                text=text, shipped=", ".join(shipped_frameworks()))
        )
    return Framework.shipped(text)


def _scored(args: argparse.Namespace, progress: Progress) -> Any:
    """Reads the framework, assessment, dossiers and plan the options name and scores."""
    from .report import load_assessment
    from .score import assess

    framework = _framework(args.framework)
    portal = None
    if getattr(args, "report", None):
        _check_report_path(args.report)
    if args.portal_json:
        if args.assessment:
            raise CchcError(_("give an assessment file or --portal-json DIR, not both"))
        from .portal766 import read_portal_json

        portal = read_portal_json(args.portal_json, framework, unit=args.unit or None,
                                  level=args.level or None, period=args.period or "")
        assessment = portal.assessment
        args.assessment = args.portal_json
    else:
        if not args.assessment:
            raise CchcError(_("name an assessment file (or --portal-json DIR for Decision 766)"))
        if args.unit:
            raise CchcError(_("--unit selects a unit in --portal-json responses only"))
        _refuse_spreadsheet_formats(args.assessment, "assessment")
        if not os.path.exists(args.assessment):
            raise CchcError(_("{path}: cannot open (no such file)").format(path=args.assessment))
        assessment = load_assessment(args.assessment, framework)
        if args.level:
            assessment.level = args.level
    args.portal = portal
    if assessment.framework_id and assessment.framework_id != framework.id:
        raise CchcError(
            _("{path}: an assessment against framework '{assessed}', not '{framework}'").format(
                path=args.assessment, assessed=assessment.framework_id, framework=framework.id)
        )
    options: dict[str, Any] = {}
    dossiers = None
    if args.dossiers:
        from .score import PeriodMismatch, dossier_period

        _refuse_spreadsheet_formats(args.dossiers, "dossiers")
        if args.period and (args.first or args.last):
            raise CchcError(_("give either --period or --from/--to, not both"))
        if bool(args.first) != bool(args.last):
            raise CchcError(_("--from and --to go together"))
        if args.period:
            from .calendar import Period

            try:
                Period.parse(args.period)  # a bad period is told before the file is read
            except ValueError as error:
                raise CchcError(f"--period: {error_text(error)}") from None
        try:
            period = dossier_period(assessment, args.period, args.first, args.last)
        except PeriodMismatch as error:
            raise CchcError(_(
                "{file}: the assessment's period is {own}, but the dossiers were asked for "
                "{given}: the score would use another period's data. Leave out "
                "--period/--from/--to to use {own}, or correct the assessment's period."
            ).format(file=args.assessment, own=error.assessment_period,
                     given=error.given)) from None
        if period is None and not args.first:
            raise CchcError(_(
                "--dossiers needs --period (e.g. 2026-Q1) or both --from and --to: the "
                "assessment's period '{period}' is not a period code"
            ).format(period=assessment.period))
        args.period = None if period is None else getattr(period, "code", str(period))
        progress.step(_("reading {path}").format(path=args.dossiers))
        from .io import read_dossiers_csv, read_dossiers_parquet

        if args.dossiers.lower().endswith((".parquet", ".pq")):
            dossiers = read_dossiers_parquet(args.dossiers)
        else:
            dossiers = read_dossiers_csv(args.dossiers)
        if dossiers.rows_rejected:
            print(
                "cchc: " + _("{path}: {rejected} of {rows} rows rejected (not counted); list "
                             "them with: cchc indicators {path} --rejected").format(
                    path=args.dossiers, rejected=format_number(dossiers.rows_rejected),
                    rows=format_number(dossiers.rows_in)),
                file=sys.stderr,
            )
        if args.first:
            options = {"first": args.first, "last": args.last}
    if args.plan and args.on is None:
        raise CchcError(_("--plan needs --on DATE: the date the plan is judged at"))
    progress.step(_("scoring"))
    try:
        report = assess(
            framework,
            assessment,
            dossiers=dossiers,
            period=args.period if dossiers is not None and args.period else None,
            plan=args.plan,
            on=args.on,
            **options,
        )
    except ValueError as error:
        if isinstance(error, CchcError):
            raise  # its own words (an engine ParseError keeps its code for the language)
        raise CchcError(error_text(error)) from None
    if args.first and dossiers is not None:
        report.data_period = f"{args.first.isoformat()}..{args.last.isoformat()}"
    return report, dossiers


def _findings_rows(report: Any) -> list[dict[str, Any]]:
    from .score import ERROR_FINDINGS

    rows = _table_rows(report.findings, ["kind", "code", "message", "line", "location"])
    return [
        {"severity": "error" if row["kind"] in ERROR_FINDINGS else "warning", **row}
        for row in rows
    ]


def _cmd_score(args: argparse.Namespace) -> int:
    with Progress(4 if args.report else 3) as progress:
        report, dossiers = _scored(args, progress)
        if args.report:
            from .report import write_report

            progress.step(_("writing {path}").format(path=args.report))
            try:
                write_report(report, args.report)
            except ValueError as error:
                raise CchcError(error_text(error)) from None
    areas = _table_rows(report.areas, ["code", "name", "points", "applicable_max", "percent",
                                       "self_points", "appraised_points"])
    portal_rows: list[dict[str, Any]] = []
    if args.portal is not None:
        from .portal766 import compare_with_portal

        portal_rows = _table_rows(
            compare_with_portal(report, args.portal),
            ["code", "metric", "name", "points", "unrounded_points", "portal_points",
             "difference", "explanation"])
    lost = _table_rows(report.lost_points, ["code", "total_gain", "lost", "reason"])
    findings = _findings_rows(report)
    summary = {
        "unit": report.assessment.unit,
        "period": report.assessment.period,
        "framework": report.framework.id,
        "total": report.total,
        "total_max": report.total_max,
        "percent": report.percent,
        "band": report.band,
        "self_total": report.self_total,
        # None until an appraisal is recorded: not a copy of the self-scores.
        "appraised_total": report.appraised_total if report.appraised else None,
        "level": report.level,
        "unrounded_total": report.unrounded_total,
    }
    if args.json:
        out = {**summary, "areas": areas, "lost_points": lost, "findings": findings,
               "report": args.report,
               "not_scored_by_unit": _table_rows(
                   report.not_scored_by_unit,
                   ["code", "name", "scored_by", "max", "points", "status"])}
        if args.portal is not None:
            out["portal"] = {"unit_id": args.portal.unit_id, "comparison": portal_rows,
                             "notes": args.portal.notes}
        if dossiers is not None:
            out["dossiers"] = {"rows_in": dossiers.rows_in, "accepted": dossiers.rows_accepted,
                               "rejected": dossiers.rows_rejected}
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    elif args.csv:
        columns = ["code", "name", "depth", "max", "applicable_max", "points", "percent",
                   "self_points", "appraised_points", "status"]
        _emit_table(args, report.nodes, columns)
    else:
        percent = _("n/a") if report.percent is None else format_percent(report.percent)
        print(_("{unit} — {framework} ({id}), period {period}").format(
            unit=summary["unit"] or _("(unit not named)"), framework=report.framework.name,
            id=report.framework.id, period=summary["period"] or "?"))
        print(_("Total: {total} of {maximum} points ({percent}), band {band}; self-scored "
                "{self}, appraised {appraised}").format(
            total=format_number(report.total), maximum=format_number(report.total_max),
            percent=percent, band=report.band or "—", self=format_number(report.self_total),
            appraised=format_number(report.appraised_total) if report.appraised
            else _("not appraised yet")))
        print("\n" + _("Areas:"))
        _emit(args, areas, ["code", "name", "points", "applicable_max", "percent"])
        apart = _table_rows(report.not_scored_by_unit,
                            ["code", "name", "scored_by", "max", "points", "status"])
        if apart:
            print("\n" + _("Scored by Home Affairs or a survey (not by the unit):"))
            _emit(args, apart, ["code", "name", "scored_by", "max", "points", "status"])
        if args.portal is not None:
            print("\n" + _("Beside the portal's own scores (difference = libcchc − portal):"))
            _emit(args, portal_rows,
                  ["code", "metric", "points", "portal_points", "difference", "explanation"])
            for note in args.portal.notes:
                print("  " + _("note: {note}").format(note=note))
        print("\n" + _("Points lost ({count}, most first):").format(count=len(lost)))
        _emit(args, _in_words(report, lost, "reason")[:10], ["code", "total_gain", "lost", "reason"])
        if len(lost) > 10:
            print("  " + _("… and {count} more (--json lists all)").format(count=len(lost) - 10))
        errors = sum(row["severity"] == "error" for row in findings)
        print("\n" + _("Findings: {errors}, {warnings}").format(
            errors=_errors_text(errors), warnings=_warnings_text(len(findings) - errors)))
        if findings:
            _emit(args, _in_words(report, findings, "message"), ["severity", "kind", "code",
                                                                  "message"])
        if args.report:
            print("\n" + _("Report written: {path}").format(path=args.report))
    return EXIT_OK


def _in_words(report: Any, rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """`rows` of the findings (key "message") or the lost points (key "reason") with that
    sentence written in the current language (cchc.messages) instead of the engine's English."""
    from . import messages

    if key == "message":
        from .report import _finding_places

        places = _finding_places(report)
        return [{**row, "message": text, "location": place}
                for row, text, place in zip(rows, messages.finding_messages(report), places)]
    return [{**row, key: text} for row, text in zip(rows, messages.lost_reasons(report))]


def _errors_text(count: int) -> str:
    return ngettext("{count} error", "{count} errors", count).format(count=count)


def _warnings_text(count: int) -> str:
    return ngettext("{count} warning", "{count} warnings", count).format(count=count)


def _cmd_check(args: argparse.Namespace) -> int:
    with Progress(3) as progress:
        report, _dossiers = _scored(args, progress)
    findings = _findings_rows(report)
    errors = sum(row["severity"] == "error" for row in findings)
    if args.json:
        json.dump({"errors": errors, "warnings": len(findings) - errors, "findings": findings},
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.csv:
        _emit(args, findings, ["severity", "kind", "code", "message", "line", "location"])
    else:
        if findings:
            _emit(args, _in_words(report, findings, "message"),
                  ["severity", "kind", "code", "location", "message"])
        verdict = (_("fix the errors before submission") if errors
                   else _("ready to submit"))
        print("\n" + _("{file}: {errors}, {warnings}: {verdict}").format(
            file=args.assessment, errors=_errors_text(errors),
            warnings=_warnings_text(len(findings) - errors), verdict=verdict))
    # Errors (ERROR_FINDINGS) block submission: exit 1; warnings alone do not.
    return EXIT_CHECK_FAILED if errors else EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from .report import write_template

    if not args.out.lower().endswith(".xlsx"):
        raise CchcError(_("{path}: the template is an .xlsx workbook").format(path=args.out))
    framework = _framework(args.framework)
    if os.path.exists(args.out) and not args.force:
        raise CchcError(_(
            "{path}: the file exists; a template that may hold a unit's answers is not "
            "overwritten (add --force to overwrite it, or choose another name)"
        ).format(path=args.out))
    _check_report_path(args.out)
    write_template(framework, args.out, unit=args.unit, period=args.period)
    print(_("Template written: {path} ({count} criteria of {framework}); fill it and run: "
            "{command}").format(path=args.out, count=len(framework.leaf_codes),
                                framework=framework.id,
                                command=f"cchc check {args.framework} {args.out}"))
    return EXIT_OK


def _add_json_csv(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help=_("print JSON"))
    group.add_argument("--csv", action="store_true", help=_("print CSV"))
    _add_output_file(parser)


def _add_score_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("framework", help=_("framework file (.toml) or shipped id, e.g. "
                        "department-example"))
    parser.add_argument("assessment", nargs="?", default="",
                        help=_("assessment file: .toml or a filled .xlsx template (not with "
                        "--portal-json)"))
    parser.add_argument("--level", default="", help=_("the level scored at, when the framework "
                        "declares levels (decision-766-portal: province, department, district, "
                        "commune, commune-metric-sheet)"))
    portal = parser.add_argument_group(_("Decision 766 portal data"))
    portal.add_argument("--portal-json", metavar="DIR", help=_("folder of the six saved "
                        "/api/v1/reporting/evaluation/<group> responses (<group>.json): they "
                        "make the assessment, and the report sets the portal's scores beside"))
    portal.add_argument("--unit", default="", help=_("with --portal-json: a unit listed below the "
                        "one requested (departmentId, departmentCode or name)"))
    data = parser.add_argument_group(_("data (the one-call path)"))
    data.add_argument("--dossiers", metavar="FILE", help=_("dossier export (.csv or .parquet): its "
                      "indicators fill the criteria that name one"))
    data.add_argument("--period", help=_("reporting period of the dossiers, e.g. 2026-Q1, 2026"))
    data.add_argument("--from", dest="first", type=_date, help=_("first day (instead of --period)"))
    data.add_argument("--to", dest="last", type=_date, help=_("last day (instead of --period)"))
    data.add_argument("--plan", metavar="PLAN.toml", help=_("plan file: target and task statuses "
                      "fill the criteria that name one"))
    data.add_argument("--on", type=_date, help=_("the date the plan is judged at"))


# --- cchc indicators ---------------------------------------------------------------------------

_GROUP_KEYS = ("unit", "field", "procedure", "channel")
_PERIOD_KEYS = ("month", "quarter", "half_year", "year")


def _group_keys(text: str) -> list[str]:
    keys = [key.strip() for key in text.split(",") if key.strip()]
    unknown = [key for key in keys if key not in _GROUP_KEYS + _PERIOD_KEYS]
    if unknown or not keys:
        raise argparse.ArgumentTypeError(
            _("cannot group by {unknown}: the keys are {keys}").format(
                unknown=", ".join(unknown) or repr(text), keys=", ".join(_GROUP_KEYS + _PERIOD_KEYS))
        )
    if len(set(keys)) != len(keys):
        raise argparse.ArgumentTypeError(_("'{text}' names a key twice").format(text=text))
    if sum(key in _PERIOD_KEYS for key in keys) > 1:
        raise argparse.ArgumentTypeError(
            _("'{text}': at most one of {keys} (periods of one kind tile the year; two kinds "
              "would count a dossier twice)").format(text=text, keys=", ".join(_PERIOD_KEYS))
        )
    return keys


def _column_map(values: list[str] | None) -> dict[str, str] | None:
    """``field=Header`` pairs, separated by ';' or given as repeated --columns."""
    if not values:
        return None
    from .dossier import FIELDS

    mapping: dict[str, str] = {}
    for value in values:
        for pair in value.split(";"):
            if not pair.strip():
                continue
            field, sep, header = pair.partition("=")
            field = field.strip()
            if not sep or not header.strip():
                raise CchcError(_("--columns: '{pair}' is not field=Header").format(pair=pair))
            if field not in FIELDS:
                raise CchcError(
                    _("--columns: '{field}' is not a record field (one of {fields})").format(
                        field=field, fields=", ".join(FIELDS))
                )
            mapping[field] = header.strip()
    return mapping


def _read_dossier_file(args: argparse.Namespace) -> Any:
    from .io import read_dossiers_csv, read_dossiers_parquet

    _refuse_spreadsheet_formats(args.file, "dossiers")
    columns = _column_map(args.columns)
    try:
        if args.file.lower().endswith((".parquet", ".pq")):
            try:
                return read_dossiers_parquet(args.file, columns)
            except OSError as error:  # pyarrow: missing or unreadable file
                raise CchcError(_("{path}: cannot read as Parquet ({reason})").format(
                    path=args.file, reason=error_text(error))) from None
        return read_dossiers_csv(args.file, columns, delimiter=args.delimiter)
    except ValueError as error:
        if isinstance(error, CchcError):
            raise
        raise CchcError(error_text(error)) from None


def _indicator_window(args: argparse.Namespace) -> dict[str, Any]:
    """The window arguments of ``Dossiers.indicators``: --period or --from/--to, or none."""
    from .calendar import Period

    if args.period is not None and (args.first or args.last):
        raise CchcError(_("give either --period or --from/--to, not both"))
    if args.period is not None:
        try:
            return {"period": Period.parse(args.period)}
        except (CchcError, ValueError) as error:
            raise CchcError(
                _("--period: cannot read '{period}' ({reason}); write e.g. {examples}").format(
                    period=args.period, reason=error_text(error),
                    examples="2026-Q1, 2026-03, 2026-H1, 2026-9M " + _("or") + " 2026")
            ) from None
    if (args.first is None) != (args.last is None):
        raise CchcError(_("--from and --to go together"))
    if args.first is not None:
        if args.last < args.first:
            raise CchcError(_("--to {last} is before --from {first}").format(
            last=args.last, first=args.first))
        return {"first": args.first, "last": args.last}
    # No window: the periods of the --by kind (a reporting year by default, see
    # _cmd_indicators) that the file's receipt dates overlap, each counted on its own.
    return {}


def _indicator_rows(table: Any, keys: list[str]) -> list[dict[str, Any]]:
    """One row per group and indicator: the group keys, then key, value, numerator, denominator
    (value None when the denominator is 0: not applicable)."""
    import pandas as pd

    from .dossier import indicator_definitions

    definitions = indicator_definitions()
    rows: list[dict[str, Any]] = []
    for _index, group in table.iterrows():
        for definition in definitions.itertuples():
            value = group[definition.key]
            rows.append(
                {
                    **{key: group[key] for key in keys},
                    "indicator": definition.key,
                    "name": definition.name_vi,
                    "value": None if value is pd.NA else round(float(value), 6),
                    "numerator": int(group[f"{definition.key}_numerator"]),
                    "denominator": int(group[f"{definition.key}_denominator"]),
                }
            )
    return rows


def _cmd_indicators(args: argparse.Namespace) -> int:
    from .dossier import indicator_definitions

    window = _indicator_window(args)
    by = list(args.by)
    if not window and not any(key in _PERIOD_KEYS for key in by):
        # Without a window, a dossier has no reporting period to be counted in: count each
        # reporting year the file covers (a window of only the receipt days would call every
        # dossier resolved after the last receipt pending).
        by.append("year")
    extras = wants_extras(args)  # --form 06, --counts (cli_report.py)
    with Progress(1 if extras else 2) as progress:
        progress.step(_("reading {path}").format(path=args.file))
        dossiers = _read_dossier_file(args)
        if not extras:
            progress.step(_("computing indicators"))
            try:
                table = dossiers.indicators(**window, cutoff=args.cutoff, by=by,
                                            completion=args.completion)
            except ValueError as error:  # a cutoff the reporting rules do not know, …
                if isinstance(error, CchcError):
                    raise
                raise CchcError(error_text(error)) from None
    if extras:
        return cmd_indicator_extras(args, dossiers, window, by)
    rows = _indicator_rows(table, by)
    columns = [*by, "indicator", "name", "value", "numerator", "denominator"]
    from .messages import rejection_reasons

    rejected_frame = dossiers.rejected()
    # line (CSV) or row (Parquet), id, field, reason (English), reason_code, reason_arguments
    rejected = _table_rows(rejected_frame, list(rejected_frame.columns))
    # People read the reason in their language; the code and arguments are for programs.
    rejected_columns = [c for c in rejected_frame.columns
                        if c not in ("reason_code", "reason_arguments")]
    for row, reason in zip(rejected, rejection_reasons(rejected_frame)):
        row["reason_text"] = reason
    summary = {
        "file": args.file,
        "rows_in": dossiers.rows_in,
        "rows_accepted": dossiers.rows_accepted,
        "rows_rejected": dossiers.rows_rejected,
    }
    if args.json:
        payload: dict[str, Any] = {**summary, "by": by, "cutoff": args.cutoff, "indicators": rows}
        if "first" in window:
            payload["window"] = [str(window["first"]), str(window["last"])]
        elif "period" in window:
            payload["period"] = window["period"].code
            payload["window"] = [str(day) for day in window["period"].data_range(args.cutoff)]
        if args.rejected:
            payload["rejected"] = [{k: v for k, v in row.items() if k != "reason_text"}
                                   for row in rejected]
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    elif args.csv:
        _emit(args, rows, columns)
    else:
        if "period" in window:
            first, last = window["period"].data_range(args.cutoff)
            scope = _("period {period} (data {first} – {last})").format(
                period=window["period"].code, first=format_date(first), last=format_date(last))
        elif "first" in window:
            scope = _("received {first} – {last}").format(first=format_date(window["first"]),
                                                           last=format_date(window["last"]))
        else:
            kind = next(key for key in by if key in _PERIOD_KEYS)
            scope = _("each {period_kind} (cut-off {cutoff})").format(
                period_kind=column_label(kind).lower(), cutoff=args.cutoff)
        print(_("{file}: {count} dossiers accepted, {scope}").format(
            file=args.file, count=format_number(dossiers.rows_accepted), scope=scope))
        english = {} if get_language() == "vi" else dict(
            zip(indicator_definitions()["key"], indicator_definitions()["name_en"]))
        shown = [{k: (_("n/a") if v is None else v) for k, v in row.items()} for row in rows]
        for row in shown:
            row["name"] = english.get(row["indicator"], row["name"])
            if isinstance(row["value"], float):  # every indicator is a ratio: shown as a percent
                row["value"] = format_percent(100.0 * row["value"])
        _emit(args, shown, columns)
    if dossiers.rows_rejected:
        hint = "" if args.rejected else " " + _("(--rejected lists them)")
        print(
            "cchc: " + _("{rejected} of {rows} rows rejected").format(
                rejected=format_number(dossiers.rows_rejected),
                rows=format_number(dossiers.rows_in)) + hint,
            file=sys.stderr,
        )
        if args.rejected and not args.json:
            # With --csv the rejected rows go to stderr, so that stdout stays one CSV table.
            stream = sys.stderr if args.csv else sys.stdout
            print("\n" + _("Rejected rows ({count}):").format(count=len(rejected)),
                  file=stream)
            text = argparse.Namespace(json=False, csv=False)
            shown = [{**{k: ("" if v is None else v) for k, v in row.items()},
                      "reason": row["reason_text"]} for row in rejected]
            _emit(text, shown, rejected_columns, stream, headers={"field": _("Data column")})
    return EXIT_CHECK_FAILED if args.strict and dossiers.rows_rejected else EXIT_OK


def _add_output_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output", "-o", metavar="FILE",
        help=_("write the output (e.g. --csv or --json) to FILE instead of stdout; the file is "
        "replaced only when the command completes"),
    )


def _add_output_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true", help=_("print JSON"))
    group.add_argument("--csv", action="store_true", help=_("print CSV"))
    _add_output_file(parser)
    parser.add_argument(
        "--week",
        default="1111100",
        help=_("working weekdays Monday→Sunday as 0/1 (default 1111100; 1111110 works Saturdays)"),
    )
    parser.add_argument(
        "--no-make-up-days",
        action="store_true",
        help=_("do not count make-up Saturdays (làm bù) as working days"),
    )
    parser.add_argument(
        "--no-culture-day",
        action="store_true",
        help=_("do not treat 24/11 (Ngày Văn hóa Việt Nam, provisional) as a day off"),
    )


def build_parser() -> argparse.ArgumentParser:
    """The ``cchc`` argument parser with every subcommand (``main`` runs it)."""
    parser = argparse.ArgumentParser(
        prog="cchc",
        description=_("libcchc: Vietnamese administrative-reform indicators, targets and "
                      "scores."),
        epilog=_("Dates are yyyy-mm-dd or dd/mm/yyyy. Exit codes: 0 ok, 1 check failed, 2 bad "
                 "input, 3 the output's encoding cannot write Vietnamese (set PYTHONUTF8=1)."),
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, metavar="{vi,en}",
        help=_("language of what people read (default vi, or the CCHC_LANG environment "
               "variable); may stand anywhere on the line; --json and --csv keys stay English"),
    )
    parser.add_argument("--version", action="version", version=f"cchc {_version()}",
                        help=_("show the version of cchc and exit"))
    commands = parser.add_subparsers(dest="command", required=True)
    frameworks = commands.add_parser(
        "frameworks",
        help=_("list the scoring frameworks shipped with libcchc"),
        description=_("Lists the frameworks shipped with libcchc (their id is what 'cchc score', "
        "'cchc check' and 'cchc template' take): id, name, version, number of criteria to "
        "answer, total maximum, provenance. Example: cchc frameworks --json"),
    )
    _add_json_csv(frameworks)
    frameworks.set_defaults(handler=_cmd_frameworks)
    calendar = commands.add_parser(
        "calendar",
        help=_("Vietnamese working days, holidays and due dates"),
        description=_("The civil-service working-day calendar: Labour Code 2019 holidays, the "
        "official yearly schedules and working-day arithmetic."),
    )
    sub = calendar.add_subparsers(dest="calendar_command", required=True)

    due = sub.add_parser(
        "due",
        help=_("due date of a dossier"),
        description=_("Due date (ngày hẹn trả) of a dossier received on RECEIVED for a procedure "
        "taking WORKING_DAYS working days. Example: cchc calendar due 2024-02-02 5"),
    )
    due.add_argument("received", type=_date)
    due.add_argument("working_days", type=int)
    due.add_argument(
        "--pause",
        nargs=2,
        type=_date,
        action="append",
        metavar=("REQUESTED", "RESUMED"),
        help=_("a supplementation pause; may be repeated"),
    )
    due.add_argument("--hour", type=int, help=_("hour of receipt (0–23)"))
    due.add_argument("--cutoff-hour", type=int, help=_("receipts from this hour count next day"))
    due.add_argument("--pause-rule", choices=["extend", "restart"], default="extend")
    due.add_argument("--explain", action="store_true", help=_("list the days off in between"))
    _add_output_flags(due)
    due.set_defaults(handler=_cmd_due)

    day = sub.add_parser("day", help=_("is a date a working day, and why"))
    day.add_argument("dates", type=_date, nargs="+")
    _add_output_flags(day)
    day.set_defaults(handler=_cmd_day)

    holidays = sub.add_parser("holidays", help=_("holidays, compensatory and make-up days of a year"))
    holidays.add_argument("year", type=int)
    _add_output_flags(holidays)
    holidays.set_defaults(handler=_cmd_holidays)

    count = sub.add_parser("count", help=_("working days in [BEGIN, END)"))
    count.add_argument("begin", type=_date)
    count.add_argument("end", type=_date)
    _add_output_flags(count)
    count.set_defaults(handler=_cmd_count)

    add = sub.add_parser("add", help=_("move N working days from a date"))
    add.add_argument("date", type=_date)
    add.add_argument("days", type=int)
    add.add_argument("--roll", choices=["forward", "backward", "raise"], default="forward")
    _add_output_flags(add)
    add.set_defaults(handler=_cmd_add)

    due_dates = sub.add_parser(
        "due-dates",
        help=_("due dates for a CSV of dossiers"),
        description=_("Reads a CSV with columns id, received, working_days and optionally "
        "pause_requested, pause_resumed, and prints each dossier's due date."),
    )
    due_dates.add_argument("file")
    _add_output_flags(due_dates)
    due_dates.set_defaults(handler=_cmd_due_dates)
    deadline = sub.add_parser(
        "deadline",
        help=_("read deadline phrases of a plan"),
        description=_("Reads deadline phrases ('Thời gian thực hiện: …') into structured deadlines. "
        "Exits 1 when a phrase is not understood. Example: "
        "cchc calendar deadline 'Quý I năm 2026' 'Thường xuyên trong năm' --year 2026"),
    )
    deadline.add_argument("phrases", nargs="+")
    deadline.add_argument("--year", type=int, help=_("the plan's year, for phrases without one"))
    _add_output_flags(deadline)
    deadline.set_defaults(handler=_cmd_deadline)

    indicators = commands.add_parser(
        "indicators",
        help=_("dossier indicators of a CSV export or Parquet file"),
        description=_("Reads a dossier export (CSV with Vietnamese or English headers, or a "
        ".parquet file), validates every row, and prints each indicator (on-time rate, online "
        "rate, …; docs/dossier/indicators.md) as value, numerator and denominator — 'n/a' "
        "(empty in CSV, null in JSON) when the denominator is 0. Rejected rows are counted on "
        "stderr; --rejected lists them. Examples: cchc indicators dossiers.csv --by "
        "unit,quarter; cchc indicators dossiers.csv --period 2024-Q1 --json"),
    )
    indicators.add_argument("file", help=_("dossier CSV (UTF-8) or .parquet file"))
    indicators.add_argument(
        "--by", type=_group_keys, default=[], metavar="KEYS",
        help=_("group by comma-separated keys: unit, field, procedure, channel and at most one "
        "of month, quarter, half_year, year"),
    )
    indicators.add_argument(
        "--period", help=_("count in a reporting period's data range: 2026-Q1, 2026-03, 2026-H1, "
        "2026-9M, 2026. Without --period, --from/--to or a period kind in --by, each reporting "
        "year the file covers is counted (a 'year' column is added)"),
    )
    indicators.add_argument("--from", dest="first", type=_date, help=_("first day of the window"))
    indicators.add_argument("--to", dest="last", type=_date, help=_("last day of the window"))
    indicators.add_argument(
        "--cutoff", default="day 14",
        help=_("reporting data cutoff (default 'day 14', Decree 09/2019: Quý I counts 15/12–14/3; "
        "'month end' gives calendar periods)"),
    )
    indicators.add_argument(
        "--completion", choices=["resolved", "returned"], default="resolved",
        help=_("the date that closes a dossier (default resolved)"),
    )
    indicators.add_argument(
        "--columns", action="append", metavar="MAP",
        help=_("field=Header pairs separated by ';' for headers the default mapping does not "
        "know, e.g. 'received=Ngày nộp;unit=Cơ quan'; may be repeated"),
    )
    indicators.add_argument("--delimiter", default=",", help=_("CSV delimiter (default ,)"))
    indicators.add_argument("--rejected", action="store_true",
                            help=_("list the rejected rows (line, id, field, reason)"))
    indicators.add_argument("--strict", action="store_true",
                            help=_("exit 1 when any row was rejected"))
    output = indicators.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=_("print JSON"))
    output.add_argument("--csv", action="store_true", help=_("print CSV"))
    add_indicator_options(indicators)  # with its --output (the form's file, or the output's)
    indicators.set_defaults(handler=_cmd_indicators)
    add_report_command(commands, _date)

    plan = commands.add_parser(
        "plan",
        help=_("reform plans: read a plan's text, status of targets and tasks"),
        description=_("Reform plans (kế hoạch CCHC): targets (chỉ tiêu) and tasks (nhiệm vụ). "
        "Plan files are TOML (docs/target/plan-file.md)."),
    )
    plan_sub = plan.add_subparsers(dest="plan_command", required=True)
    extract = plan_sub.add_parser(
        "extract",
        help=_("propose the targets and tasks of a plan's plain text"),
        description=_("Reads a plan's UTF-8 plain text and proposes its targets and tasks, each with "
        "its source line; sentences that look like targets but are not understood are listed "
        "(exit 1 when there are any). --toml writes the proposal as a plan file to review. "
        "Example: cchc plan extract plan.txt --toml plan.toml"),
    )
    extract.add_argument("file")
    extract.add_argument("--year", type=int, help=_("the plan's year, when the title lacks it"))
    extract.add_argument("--toml", metavar="OUT", help=_("write the proposal as a plan file"))
    _add_output_flags(extract)
    extract.set_defaults(handler=_cmd_plan_extract)
    status = plan_sub.add_parser(
        "status",
        help=_("status of a plan's targets and tasks on a date"),
        description=_("Judges each target (achieved, on track, at risk, off track, not applicable) "
        "and each task (done on time, done late, overdue, pending, ongoing) on a date. Target "
        "values come from --values, a CSV with columns key (target id or indicator key), value "
        "and optionally scope_unit and date. --csv prints the targets (or the tasks with "
        "--tasks). Example: cchc plan status plan.toml --on 2026-06-30 --values values.csv"),
    )
    status.add_argument("file")
    status.add_argument("--on", type=_date, required=True, help=_("the evaluation date"))
    status.add_argument("--values", help=_("CSV of indicator values"))
    status.add_argument("--tasks", dest="tasks_only", action="store_true",
                        help=_("with --csv: print the tasks instead of the targets"))
    status.add_argument("--xlsx", metavar="OUT.xlsx",
                        help=_("also write every column of the targets and tasks to a workbook"))
    status.add_argument("--strict", action="store_true",
                        help=_("exit 1 when a task is overdue or a target off track"))
    _add_output_flags(status)
    status.set_defaults(handler=_cmd_plan_status)

    score = commands.add_parser(
        "score",
        help=_("score a self-assessment against a framework"),
        description=_("Scores an assessment (TOML or a filled Excel template) against a framework "
        "(a file or a shipped id) and prints the total, band, points per area, lost points and "
        "findings. --dossiers and --plan fill the criteria that take their input from data. "
        "--report writes an HTML or Excel report. Example: cchc score department-example "
        "assessment.toml --dossiers dossiers.csv --period 2024-Q1 --plan plan.toml "
        "--on 2024-03-31 --report report.html"),
    )
    _add_score_inputs(score)
    score.add_argument("--report", metavar="OUT", help=_("write a report: out.html or out.xlsx"))
    _add_json_csv(score)
    score.set_defaults(handler=_cmd_score)

    check = commands.add_parser(
        "check",
        help=_("validate a self-assessment before submission (exit 1 on errors)"),
        description=_("Scores the assessment as 'cchc score' does and lists the findings. Errors "
        "(unanswered, self_score_above_max, missing_evidence, self_score_differs, invalid_input, "
        "not_scored_by_unit, not_applicable_without_reason) must be fixed: exit 1. Warnings "
        "(value_differs_from_data, appraised_above_max, not_applicable, "
        "value_looks_like_fraction) are listed but exit 0. Example: cchc check "
        "department-example assessment.toml"),
    )
    _add_score_inputs(check)
    _add_json_csv(check)
    check.set_defaults(handler=_cmd_check)

    template = commands.add_parser(
        "template",
        help=_("write the Excel self-assessment template of a framework"),
        description=_("Writes an .xlsx with one row per criterion (code, name, max, rule, data "
        "source) and columns to fill (value, done, late, best, not applicable, self-score, "
        "evidence, note). 'cchc score' and 'cchc check' read it back. Example: cchc template "
        "department-example tu-danh-gia.xlsx --unit 'Sở Công Thương' --period 2026"),
    )
    template.add_argument("framework", help=_("framework file (.toml) or shipped id"))
    template.add_argument("out", help=_("the .xlsx to write"))
    template.add_argument("--unit", default="", help=_("the unit's name, written in the template"))
    template.add_argument("--period", default="", help=_("the assessment period, e.g. 2026"))
    template.add_argument("--force", action="store_true",
                          help=_("overwrite OUT when it exists (without it, an existing file is "
                          "never replaced: it may hold a unit's answers)"))
    template.set_defaults(handler=_cmd_template)
    return parser


# Optional packages: the extra of pyproject.toml that installs each (the CLI's own needs,
# reports included, come with a plain `pip install cchc`).
OPTIONAL_PACKAGE_EXTRAS = {"pyarrow": "parquet", "dask": "dask", "distributed": "dask"}


def missing_package_message(module: str) -> str:
    """What to install when ``module`` is missing: the extra that brings it, by name."""
    top = module.split(".")[0]
    extra = OPTIONAL_PACKAGE_EXTRAS.get(top)
    if extra is None:
        return _("the Python package '{module}' is missing: reinstall cchc (pip install cchc)").format(
            module=top)
    return _("the Python package '{module}' is needed for this: pip install 'cchc[{extra}]'").format(
        module=top, extra=extra)


def _version() -> str:
    from . import __version__

    return __version__


def _cmd_frameworks(args: argparse.Namespace) -> int:
    from .score import Framework, shipped_frameworks

    rows = []
    for framework_id in shipped_frameworks():
        framework = Framework.shipped(framework_id)
        nodes = framework.nodes
        leaves = nodes[nodes["is_leaf"]]
        rows.append({
            "id": framework.id,
            "name": framework.name,
            "version": framework.version,
            "leaves": len(leaves),
            "unit_leaves": int((leaves["scored_by"] == "unit").sum()),
            "total_max": framework.total_max,
            "provenance": framework.provenance,
        })
    columns = ["id", "name", "version", "leaves", "unit_leaves", "total_max", "provenance"]
    _emit(args, rows, columns)
    return EXIT_OK


def _encoding_message(error: UnicodeEncodeError) -> str:
    """Why the output could not be written and how to get UTF-8, readable in any encoding."""
    encoding = getattr(sys.stdout, "encoding", None) or error.encoding
    return (
        f"cchc: loi: dau ra dung bang ma {encoding}, khong ghi duoc chu tieng Viet "
        f"({error.object[error.start:error.end]!a}). Dat bien moi truong PYTHONUTF8=1 "
        "(Windows: set PYTHONUTF8=1; hoac chcp 65001) roi chay lai.\n"
        f"cchc: error: the output uses {encoding}, which cannot write Vietnamese text; set "
        "PYTHONUTF8=1 and run again."
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line on ``argv`` (default: ``sys.argv[1:]``) and returns the exit code.

    >>> main(["calendar", "due", "2024-02-02", "5", "--csv"])
    received,working_days,due
    2024-02-02,5,2024-02-16
    0
    >>> main(["indicators", "no-such-file.csv"])  # the message goes to stderr
    2
    """
    from ._files import install_signal_cleanup, remove_live_temporaries

    install_signal_cleanup()
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        lang, arguments = _language_option(arguments)
        with language(lang), _argparse_speaks():
            return _run(arguments)
    except KeyboardInterrupt:
        # Ctrl-C: no traceback, and no temporary file of a write in progress left behind.
        remove_live_temporaries()
        if argv is None:  # the program, about to exit (not a caller of main in its process)
            _silence_interrupted_writers()
        return EXIT_INTERRUPTED
    except Terminated:
        remove_live_temporaries()
        if argv is None:
            _silence_interrupted_writers()
        return EXIT_TERMINATED
    except LanguageError as error:  # an unknown --lang or CCHC_LANG: said in every language
        for lang in LANGUAGES:
            with language(lang):
                print(_("cchc: error: {message}").format(message=message(error.texts[lang])),
                      file=sys.stderr)
        return EXIT_BAD_INPUT


def _silence_interrupted_writers() -> None:
    """A writer stopped mid-way by the signal (zipfile inside openpyxl) complains from its
    finaliser at shutdown ("Exception ignored in …"); its temporary file is already removed,
    so the user would read a traceback about a file that no longer exists."""
    sys.unraisablehook = lambda _unraisable: None


def _language_option(arguments: list[str]) -> tuple[str | None, list[str]]:
    """(the --lang value, the arguments without it): the language is chosen before the parser
    is built, so that its help is in that language too; it may stand anywhere on the line."""
    lang = None
    rest: list[str] = []
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument == "--":
            rest += arguments[index:]
            break
        if argument == "--lang":
            if index + 1 >= len(arguments):
                raise LanguageError(N_("--lang needs a language: vi or en"))
            lang = arguments[index + 1]
            index += 2
            continue
        if argument.startswith("--lang="):
            lang = argument.partition("=")[2]
        else:
            rest.append(argument)
        index += 1
    if lang is not None and lang not in LANGUAGES:
        raise LanguageError(N_("--lang: '{lang}' is not a language of cchc (vi or en)"), lang=lang)
    return lang, rest


#: argparse's own words, which it looks up with gettext while cchc builds and reads its
#: command line (_argparse_speaks): listed here so that the catalogs carry them.
_ARGPARSE_WORDS = (
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"), N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"), N_("not allowed with argument %s"),
    N_("the following arguments are required: %s"), N_("one of the arguments %s is required"),
    N_("expected one argument"), N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
)


@contextlib.contextmanager
def _argparse_speaks() -> Iterator[None]:
    """argparse's usage, section titles and errors in the current language: argparse takes
    its words from its module's ``_`` (gettext); cchc's catalog answers while cchc runs."""
    saved = getattr(argparse, "_")
    setattr(argparse, "_", gettext)
    try:
        yield
    finally:
        setattr(argparse, "_", saved)


def _os_error(error: OSError) -> int:
    """Prints a file error (the file named, the reason in the current language): exit 2."""
    if error.filename is None:
        text = system_error_text(error) if error.errno is not None else str(error)
    else:
        text = f"{error.filename}: {system_error_text(error)}"
    print(_("cchc: error: {message}").format(message=message(text)), file=sys.stderr)
    return EXIT_BAD_INPUT


#: Windows reports a write to a pipe whose reader has gone as OSError EINVAL, not EPIPE.
_WINDOWS = sys.platform == "win32"


def _reader_gone(error: OSError) -> bool:
    """Whether `error` says that the reader of stdout went away (cchc … | head): a
    BrokenPipeError, or on Windows an EINVAL on a write that names no file."""
    if isinstance(error, BrokenPipeError):
        return True
    return _WINDOWS and error.errno == errno.EINVAL and error.filename is None


def _run(arguments: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(arguments)
        with _output(args):
            return int(args.handler(args))
    except OSError as error:
        if not _reader_gone(error):
            return _os_error(error)
        # The reader stopped early (cchc … | head): not an error. Later writes, and the flush
        # at exit, go nowhere instead of raising again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_OK
    except UnicodeEncodeError as error:
        try:
            print(_encoding_message(error), file=sys.stderr)
        except UnicodeEncodeError:
            pass
        return EXIT_ENCODING
    except CchcError as error:
        print(_("cchc: error: {message}").format(message=message(error_text(error))),
              file=sys.stderr)
        return EXIT_BAD_INPUT
    except ModuleNotFoundError as error:
        print(_("cchc: error: {message}").format(message=missing_package_message(error.name or "")),
              file=sys.stderr)
        return EXIT_BAD_INPUT


class _PrintableStream(io.TextIOBase):
    """Writes to ``stream`` with control characters escaped (cchc._text.printable)."""

    def __init__(self, stream: Any) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:  # noqa: D102 - io.TextIOBase's
        self._stream.write(printable(text))
        return len(text)

    def flush(self) -> None:  # noqa: D102
        self._stream.flush()

    def isatty(self) -> bool:  # noqa: D102
        return bool(self._stream.isatty())

    def fileno(self) -> int:  # noqa: D102
        return int(self._stream.fileno())

    @property
    def encoding(self) -> str:  # type: ignore[override]  # noqa: D102
        return str(getattr(self._stream, "encoding", None) or "utf-8")


@contextlib.contextmanager
def _output(args: argparse.Namespace) -> Iterator[None]:
    """Where a command's output goes: ``--output FILE`` (written atomically: the file appears
    whole, or not at all if the command fails or is interrupted), else stdout. Human output,
    and CSV on a terminal, never carries raw control characters from the input (messages on
    stderr are escaped where they are printed: a progress bar needs its carriage returns)."""
    # `indicators --form 06 --output form.xlsx` writes the form itself (cli_report.py).
    target = None if getattr(args, "form", None) else getattr(args, "output", None)
    machine = bool(getattr(args, "json", False) or getattr(args, "csv", False))
    with contextlib.ExitStack() as stack:
        if target:
            handle = stack.enter_context(atomic_write(target, newline=""))
            stack.enter_context(contextlib.redirect_stdout(handle))
        elif not machine or (getattr(args, "csv", False) and sys.stdout.isatty()):
            stack.enter_context(contextlib.redirect_stdout(_PrintableStream(sys.stdout)))
        yield


if __name__ == "__main__":
    sys.exit(main())
