"""The reconciliation and statistics-form commands of the ``cchc`` command line:
``cchc report check``, ``cchc indicators --form 06`` and ``cchc indicators --counts``.

``cchc report check REPORT.txt`` exits 0 when the figures the report states are consistent, 1
when it lists inconsistencies, 2 on bad usage or unreadable input (as every ``cchc`` command).
``cchc indicators FILE --form 06`` exits 1 when an identity of the form does not hold.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .errors import CchcError

EXIT_OK = 0
EXIT_CHECK_FAILED = 1

#: Words for people for each count of ``Dossiers.counts`` (Vietnamese, English).
COUNT_NAMES: dict[str, tuple[str, str]] = {
    "received_total": ("Tổng số hồ sơ tiếp nhận", "Received, total"),
    "received_new": ("Mới tiếp nhận trong kỳ", "Newly received"),
    "received_carried_over": ("Từ kỳ trước chuyển qua", "Carried over"),
    "resolved": ("Đã giải quyết", "Resolved"),
    "resolved_early": ("Giải quyết trước hạn", "Resolved early"),
    "resolved_on_time": ("Giải quyết đúng hạn", "Resolved on time"),
    "resolved_late": ("Giải quyết quá hạn", "Resolved late"),
    "pending": ("Đang giải quyết", "Pending"),
    "pending_within": ("Đang giải quyết trong hạn", "Pending within time"),
    "pending_overdue": ("Đang giải quyết quá hạn", "Pending overdue"),
    "refused": ("Từ chối giải quyết", "Refused"),
    "withdrawn": ("Rút hồ sơ", "Withdrawn"),
    "not_in_period_received_after": ("Ngoài kỳ: tiếp nhận sau ngày chốt",
                                     "Outside: received after the cut-off"),
    "not_in_period_closed_before": ("Ngoài kỳ: đã xong trước kỳ",
                                    "Outside: closed before the window"),
    "new_online": ("Mới tiếp nhận: trực tuyến", "New: online"),
    "new_in_person": ("Mới tiếp nhận: trực tiếp", "New: in person"),
    "new_postal": ("Mới tiếp nhận: qua bưu chính", "New: by post"),
    "new_channel_unknown": ("Mới tiếp nhận: không rõ hình thức nộp", "New: channel unknown"),
    "new_full_online": ("Mới tiếp nhận: DVC trực tuyến toàn trình", "New: fully online service"),
    "new_online_level_known": ("Mới tiếp nhận: rõ mức độ DVC", "New: service level known"),
    "digitised_dossier_yes": ("Số hóa hồ sơ: có", "Dossier digitised: yes"),
    "digitised_dossier_known": ("Số hóa hồ sơ: có thông tin", "Dossier digitised: known"),
    "reused_data_yes": ("Tái sử dụng dữ liệu: có", "Data reused: yes"),
    "reused_data_known": ("Tái sử dụng dữ liệu: có thông tin", "Data reused: known"),
    "fee_required_yes": ("Có phí, lệ phí", "Fee required"),
    "paid_online_yes": ("Thanh toán trực tuyến: có", "Paid online: yes"),
    "paid_online_known": ("Thanh toán trực tuyến: có thông tin", "Paid online: known"),
    "digitised_result_yes": ("Số hóa kết quả: có", "Result digitised: yes"),
    "digitised_result_known": ("Số hóa kết quả: có thông tin", "Result digitised: known"),
    "electronic_result_yes": ("Kết quả điện tử: có", "Electronic result: yes"),
    "electronic_result_known": ("Kết quả điện tử: có thông tin", "Electronic result: known"),
    "satisfied": ("Hài lòng (4–5)", "Satisfied (4–5)"),
    "very_satisfied": ("Rất hài lòng (5)", "Very satisfied (5)"),
    "rated": ("Đã đánh giá", "Rated"),
}


def _index(lang: str) -> int:
    return 0 if lang == "vi" else 1


def _table(rows: list[list[str]], right: set[int], stream: Any = None) -> None:
    """A plain text table; columns in ``right`` are right-aligned (numbers)."""
    out = sys.stdout if stream is None else stream
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
                 for i, cell in enumerate(row)]
        print("  ".join(cells).rstrip(), file=out)


# --- cchc report check -------------------------------------------------------------------------

def _read_text(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise CchcError(f"{path}: cannot open ({error.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CchcError(
            f"{path}:{line}: not UTF-8 text (byte {error.start}); save the report as UTF-8 "
            "plain text") from None


def _dossier_file(path: str, delimiter: str = ",") -> Any:
    from .io import read_dossiers_csv, read_dossiers_parquet

    try:
        if path.lower().endswith((".parquet", ".pq")):
            try:
                return read_dossiers_parquet(path)
            except OSError as error:
                raise CchcError(f"{path}: cannot read as Parquet ({error})") from None
        return read_dossiers_csv(path, delimiter=delimiter)
    except ValueError as error:
        if isinstance(error, CchcError):
            raise
        raise CchcError(str(error)) from None


def _compare_window(args: argparse.Namespace, stated: Any) -> tuple[Any, Any, str]:
    """The window the records are counted in: --period, --from/--to, or the data range the
    report states."""
    from .calendar import Period

    if args.period and (args.first or args.last):
        raise CchcError("give either --period or --from/--to, not both")
    if args.period:
        try:
            period = Period.parse(args.period)
        except (CchcError, ValueError) as error:
            raise CchcError(f"--period: cannot read '{args.period}' ({error}); write e.g. "
                            "2024-Q1, 2024-03, 2024-H1, 2024-9M or 2024") from None
        first, last = period.data_range(args.cutoff)
        return first, last, period.code
    if (args.first is None) != (args.last is None):
        raise CchcError("--from and --to go together")
    if args.first is not None:
        if args.last < args.first:
            raise CchcError(f"--to {args.last} is before --from {args.first}")
        return args.first, args.last, ""
    if stated is not None:
        return stated[0], stated[1], ""
    raise CchcError(
        f"{args.file}: the report states no data range ('Số liệu tính từ ngày … đến ngày …'): "
        "give --period or --from/--to to compare it with --dossiers")


def cmd_report_check(args: argparse.Namespace) -> int:
    """``cchc report check``: reads the report, reconciles, prints, exits 1 on findings."""
    from .report_check import check_report, figure_name, format_count, format_percent, read_report

    lang = args.lang
    text = _read_text(args.file)
    counts = None
    window = None
    dossiers = None
    explicit_window = None
    if args.dossiers:
        stated = read_report(text, args.file, lang).window
        first, last, code = _compare_window(args, stated)
        explicit_window = (first, last) if (args.period or args.first) else None
        dossiers = _dossier_file(args.dossiers, args.delimiter)
        try:
            counts = dossiers.counts(first=first, last=last, cutoff=args.cutoff,
                                     completion=args.completion)
        except ValueError as error:
            if isinstance(error, CchcError):
                raise
            raise CchcError(str(error)) from None
        window = (first, last)
    elif args.period or args.first or args.last:
        raise CchcError("--period and --from/--to choose the window of --dossiers; give "
                        "--dossiers too")
    result = check_report(text, source=args.file, counts=counts, window=explicit_window,
                          lang=lang, extra_tolerance=args.tolerance)
    reading = result.reading
    if args.json:
        payload: dict[str, Any] = {
            "file": args.file,
            "consistent": result.consistent,
            "inconsistencies": len(result.findings),
            "stated_window": None if reading.window is None
            else [day.isoformat() for day in reading.window],
            "stated_window_line": reading.window_line,
            "compared_with": None if dossiers is None else {
                "dossiers": args.dossiers,
                "window": [day.isoformat() for day in window] if window else None,
                "rows_in": dossiers.rows_in,
                "rows_rejected": dossiers.rows_rejected,
            },
            "figures": [
                {"scope": s.scope, "figure": s.figure, "value": s.value, "line": s.line,
                 "text": s.text} for s in reading.statements],
            "percentages": [
                {"scope": p.scope, "line": p.line, "percent": p.percentage.percent,
                 "decimals": p.percentage.decimals, "numerator": p.percentage.numerator,
                 "denominator": p.percentage.denominator,
                 "numerator_figure": p.percentage.numerator_figure,
                 "denominator_figure": p.percentage.denominator_figure}
                for p in reading.percentages],
            "findings": [finding.as_dict() for finding in result.findings],
            "not_understood": [{"line": line, "text": phrase}
                               for line, phrase in reading.unassigned],
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        vi = lang == "vi"
        summary = (f"{args.file}: {len(reading.statements)} số liệu, "
                   f"{len(reading.percentages)} tỷ lệ" if vi else
                   f"{args.file}: {len(reading.statements)} figures, "
                   f"{len(reading.percentages)} percentages")
        if reading.window is not None:
            first_day, last_day = reading.window
            summary += (f"; số liệu từ {first_day:%d/%m/%Y} đến {last_day:%d/%m/%Y} "
                        f"(dòng {reading.window_line})" if vi else
                        f"; data from {first_day:%d/%m/%Y} to {last_day:%d/%m/%Y} "
                        f"(line {reading.window_line})")
        print(summary)
        if reading.statements:
            header = (["Dòng", "Phạm vi", "Số liệu", "Giá trị"] if vi
                      else ["Line", "Scope", "Figure", "Value"])
            rows = [header]
            for statement in reading.statements:
                name = (figure_name(statement.figure, lang) if statement.figure in
                        _figure_keys() else _extra_name(statement.figure, lang))
                rows.append([str(statement.line), statement.scope or ("cả báo cáo" if vi
                                                                        else "whole report"),
                             name, format_count(statement.value, lang)])
            print()
            _table(rows, {0, 3})
        if reading.percentages:
            print()
            print("Tỷ lệ:" if vi else "Percentages:")
            for item in reading.percentages:
                percentage = item.percentage
                parts = ""
                if percentage.numerator is not None:
                    parts = (f" = {format_count(percentage.numerator, lang)}/"
                             f"{format_count(percentage.denominator or 0, lang)}")
                if percentage.numerator_figure and percentage.denominator_figure:
                    parts += (f" ({figure_name(percentage.numerator_figure, lang)} / "
                              f"{figure_name(percentage.denominator_figure, lang)})")
                elif percentage.numerator_figure:
                    parts += f" ({figure_name(percentage.numerator_figure, lang)})"
                if not parts:
                    parts = (" (chỉ kiểm tra khoảng 0–100 %)" if vi
                             else " (range 0–100 % checked only)")
                print(f"  {'dòng' if vi else 'line'} {item.line}: "
                      f"{format_percent(percentage.percent, percentage.decimals, lang)}{parts}")
        if reading.unassigned:
            print()
            print("Không xác định được số liệu nào (cần người đọc):" if vi
                  else "Figures not assigned (read them yourself):")
            for line, phrase in reading.unassigned:
                print(f"  {'dòng' if vi else 'line'} {line}: {phrase}")
        if dossiers is not None and window is not None:
            print()
            print((f"Đối chiếu với {args.dossiers}: số liệu từ {window[0]:%d/%m/%Y} đến "
                   f"{window[1]:%d/%m/%Y}" if vi else
                   f"Compared with {args.dossiers}: data from {window[0]:%d/%m/%Y} to "
                   f"{window[1]:%d/%m/%Y}"))
        print()
        if result.findings:
            print((f"Không nhất quán ({len(result.findings)}):" if vi
                   else f"Inconsistencies ({len(result.findings)}):"))
            for finding in result.findings:
                where = f"{'dòng' if vi else 'line'} {finding.line}"
                others = [line for line in finding.lines if line != finding.line]
                if others:
                    where += (" (và dòng " if vi else " (and line ") + ", ".join(
                        str(line) for line in others) + ")"
                if finding.scope:
                    where += f" [{finding.scope}]"
                print(f"  {where}: {finding.message}")
        else:
            print("Các số liệu nhất quán." if vi else "The figures are consistent.")
    if dossiers is not None and dossiers.rows_rejected:
        print(
            (f"cchc: {args.dossiers}: {dossiers.rows_rejected} trên {dossiers.rows_in} dòng bị "
             f"loại (không được đếm); xem: cchc indicators {args.dossiers} --rejected")
            if lang == "vi" else
            (f"cchc: {args.dossiers}: {dossiers.rows_rejected} of {dossiers.rows_in} rows "
             f"rejected (not counted); list them: cchc indicators {args.dossiers} --rejected"),
            file=sys.stderr)
    return EXIT_OK if result.consistent else EXIT_CHECK_FAILED


def _figure_keys() -> tuple[str, ...]:
    from .reconcile import FIGURES

    return FIGURES


_EXTRA_NAMES = {
    "in_person": ("trực tiếp", "in person"),
    "postal": ("qua dịch vụ bưu chính", "by post"),
    "refused": ("từ chối giải quyết", "refused"),
    "withdrawn": ("rút hồ sơ", "withdrawn"),
}


def _extra_name(figure: str, lang: str) -> str:
    return _EXTRA_NAMES.get(figure, (figure, figure))[_index(lang)]


def add_report_command(commands: Any, date_type: Any) -> None:
    """Adds ``cchc report check`` to the subcommands ``commands``."""
    report = commands.add_parser(
        "report",
        help="check the dossier figures a report states",
        description="Quarterly reports (báo cáo CCHC) and the dossier figures they state.",
    )
    sub = report.add_subparsers(dest="report_command", required=True)
    check = sub.add_parser(
        "check",
        help="reconcile the dossier figures of a report's text (exit 1 on inconsistencies)",
        description="Reads a report's UTF-8 plain text, finds the dossier figures it states "
        "(total, new, carried over, online, in person or by post, resolved early / on time / "
        "late, pending within / over time, refused or withdrawn, percentages with their "
        "numerators and denominators; Vietnamese number formats such as 6.086 and 69,6 %%), "
        "reconciles them with each other and, with --dossiers, with the records, and lists "
        "each inconsistency with its line. Exit codes: 0 consistent, 1 inconsistencies found, "
        "2 bad usage or unreadable input. Rules: docs/dossier/report-check.md. Example: cchc "
        "report check bao-cao-quy-1.txt --dossiers ho-so.csv --period 2024-Q1",
    )
    check.add_argument("file", help="the report as UTF-8 plain text")
    check.add_argument("--dossiers", metavar="FILE",
                       help="dossier export (.csv or .parquet) to compare the figures with")
    check.add_argument("--period", help="the report's period (2024-Q1, 2024-H1, 2024); by "
                       "default the data range the report states")
    check.add_argument("--from", dest="first", type=date_type, help="first day of the window")
    check.add_argument("--to", dest="last", type=date_type, help="last day of the window")
    check.add_argument("--cutoff", default="day 14",
                       help="reporting cut-off of --period (default 'day 14', Decree 09/2019)")
    check.add_argument("--completion", choices=["resolved", "returned"], default="resolved",
                       help="the date that closes a dossier (default resolved)")
    check.add_argument("--delimiter", default=",", help="CSV delimiter of --dossiers")
    check.add_argument("--tolerance", type=float, default=0.0, metavar="POINTS",
                       help="extra tolerance of stated percentages, in percentage points "
                       "(default 0: half a unit of the last written decimal)")
    check.add_argument("--lang", choices=["vi", "en"], default="vi",
                       help="language of the messages (default vi)")
    check.add_argument("--json", action="store_true", help="print JSON (stable English keys)")
    check.set_defaults(handler=cmd_report_check)


# --- cchc indicators --form 06 / --counts --------------------------------------------------------

def add_indicator_options(parser: argparse.ArgumentParser) -> None:
    """Adds --form, --counts and their options to ``cchc indicators``."""
    extra = parser.add_argument_group("the statistics form and the counts")
    extra.add_argument("--form", choices=["06"],
                       help="write Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP) of the window "
                       "given by --period or --from/--to: a table on stdout, or --output "
                       "form.xlsx; exit 1 when an identity of the form does not hold")
    extra.add_argument("--counts", action="store_true",
                       help="print the counts behind the indicators (new, carried over, "
                       "resolved early / on time / late, pending, …) instead of the indicators")
    extra.add_argument("--output", metavar="OUT.xlsx", help="with --form: the Excel file")
    extra.add_argument("--levels", metavar="by-name|FILE.csv",
                       help="with --form: group the fields by level, from the unit names "
                       "(by-name: Sở … → Cấp tỉnh, UBND huyện … → Cấp huyện, UBND xã … → Cấp "
                       "xã) or a CSV of unit,level")
    extra.add_argument("--carried-over", choices=["included", "separate"], default="included",
                       help="with --form: column 3 includes the carried-over dossiers (as "
                       "printed: 3 = 4 + 5 + 6) or counts new dossiers only (3 = 4 + 5)")
    extra.add_argument("--unit", default="", help="with --form: the reporting unit's name")
    extra.add_argument("--lang", choices=["vi", "en"], default="vi",
                       help="with --form or --counts: language of the words (default vi)")


def wants_extras(args: argparse.Namespace) -> bool:
    """True when ``cchc indicators`` was asked for the form or the counts."""
    return bool(getattr(args, "form", None) or getattr(args, "counts", False))


def cmd_indicator_extras(args: argparse.Namespace, dossiers: Any, window: dict[str, Any],
                         by: list[str]) -> int:
    """``cchc indicators --form 06`` or ``--counts`` on a dossier file already read."""
    if args.form:
        return _cmd_form(args, dossiers, window)
    return _cmd_counts(args, dossiers, window, by)


def _cmd_form(args: argparse.Namespace, dossiers: Any, window: dict[str, Any]) -> int:
    from .form06 import COLUMNS, form_06, read_levels
    from .report_check import format_count

    if args.counts:
        raise CchcError("--form and --counts are separate outputs: give one")
    if args.by:
        raise CchcError("--form 06 has its own rows (fields, by level with --levels): drop --by")
    if not window:
        raise CchcError("--form 06 needs a reporting window: --period (e.g. 2024-Q1) or "
                        "--from and --to")
    if args.output and (args.json or args.csv):
        raise CchcError("--output writes the form to a file; --json and --csv print it: "
                        "give one")
    levels: Any = None
    if args.levels:
        levels = "by-name" if args.levels == "by-name" else read_levels(args.levels)
    try:
        form = form_06(dossiers, window.get("period"), first=window.get("first"),
                       last=window.get("last"), cutoff=args.cutoff, completion=args.completion,
                       levels=levels, carried_over=args.carried_over, unit=args.unit)
    except ValueError as error:
        if isinstance(error, CchcError):
            raise
        raise CchcError(str(error)) from None
    lang = args.lang
    vi = lang == "vi"
    keys = [key for _, key, _, _ in COLUMNS]
    records = form.frame.to_dict("records")
    checks = form.checks.to_dict("records")
    if args.output:
        form.write_excel(args.output, lang)
        print((f"Đã ghi Biểu số 06/VPCP/KSTT: {args.output}" if vi
               else f"Form 06/VPCP/KSTT written: {args.output}"))
    elif args.json:
        payload = {
            "form": "06/VPCP/KSTT",
            "period": form.period,
            "window": [form.first.isoformat(), form.last.isoformat()],
            "carried_over": form.carried_over,
            "columns": {str(number): key for number, key, _, _ in COLUMNS},
            "rows": [{"row_kind": r["row_kind"], "level": r["level"], "field": r["field"],
                      **{key: (int(r[key]) if key not in ("stt", "label") else r[key])
                         for key in keys}} for r in records],
            "checks": [{**check, "left": int(check["left"]), "right": int(check["right"]),
                        "holds": bool(check["holds"])} for check in checks],
            "identities_hold": form.identities_hold,
            "paragraph": form.paragraph(lang),
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.csv:
        import csv as _csv

        writer = _csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["row_kind", "level", "field", *keys])
        for r in records:
            writer.writerow([r["row_kind"], r["level"], r["field"], *[r[key] for key in keys]])
    else:
        print("Biểu số 06/VPCP/KSTT — " + (
            f"{form.period_label or form.period}, số liệu từ ngày {form.first:%d/%m/%Y} đến ngày "
            f"{form.last:%d/%m/%Y}" if vi else
            f"period {form.period}, data from {form.first:%d/%m/%Y} to {form.last:%d/%m/%Y}"))
        header = ["(1)", "(2)", *[f"({number})" for number in range(3, 14)]]
        rows = [header]
        for r in records:
            label = r["label"] if (r["row_kind"] != "total" or vi) else "Total"
            if r["row_kind"] == "field" and r["level"]:
                label = "  " + label
            rows.append([r["stt"], label[:48], *[format_count(int(r[key]), lang)
                                                  for key in keys[2:]]])
        _table(rows, set(range(2, 13)))
        print()
        for number, _, vi_header, en_header in COLUMNS[2:]:
            print(f"  ({number}) {vi_header if vi else en_header}")
        print()
        failing = [check for check in checks if not check["holds"]]
        if failing:
            print(("Đẳng thức không đúng:" if vi else "Identities that do not hold:"))
            for check in failing:
                note = f" ({check['note']})" if check["note"] else ""
                print(f"  {check['row']}: {check['identity']}: "
                      f"{format_count(int(check['left']), lang)} ≠ "
                      f"{format_count(int(check['right']), lang)}{note}")
        else:
            print((f"Mọi đẳng thức của biểu đều đúng ({len(checks)} kiểm tra)." if vi
                   else f"Every identity of the form holds ({len(checks)} checks)."))
        print()
        print(form.paragraph(lang))
    _warn_rejected(args, dossiers, lang)
    return EXIT_OK if form.identities_hold else EXIT_CHECK_FAILED


def _cmd_counts(args: argparse.Namespace, dossiers: Any, window: dict[str, Any],
                by: list[str]) -> int:
    from .report_check import format_count

    try:
        table = dossiers.counts(**window, cutoff=args.cutoff, by=by, completion=args.completion)
    except ValueError as error:
        if isinstance(error, CchcError):
            raise
        raise CchcError(str(error)) from None
    names = [name for name in table.columns if name not in by]
    lang = args.lang
    if args.json or args.csv:
        rows = []
        for record in table.to_dict("records"):
            rows.append({**{key: record[key] for key in by},
                         **{name: int(record[name]) for name in names}})
        if args.json:
            json.dump({"file": args.file, "by": by, "cutoff": args.cutoff, "counts": rows},
                      sys.stdout, ensure_ascii=False, indent=2, default=str)
            sys.stdout.write("\n")
        else:
            import csv as _csv

            writer = _csv.DictWriter(sys.stdout, fieldnames=[*by, *names], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    else:
        vi = lang == "vi"
        header = [*by, "Số liệu" if vi else "Count", "Mã" if vi else "Key",
                  "Số hồ sơ" if vi else "Dossiers"]
        rows_text = [header]
        for record in table.to_dict("records"):
            for name in names:
                rows_text.append([*[str(record[key]) for key in by],
                                  COUNT_NAMES.get(name, (name, name))[_index(lang)], name,
                                  format_count(int(record[name]), lang)])
        _table(rows_text, {len(header) - 1})
    _warn_rejected(args, dossiers, lang)
    return EXIT_OK


def _warn_rejected(args: argparse.Namespace, dossiers: Any, lang: str) -> None:
    if dossiers.rows_rejected:
        print((f"cchc: {dossiers.rows_rejected} trên {dossiers.rows_in} dòng bị loại (không được "
               f"đếm); xem: cchc indicators {args.file} --rejected") if lang == "vi" else
              (f"cchc: {dossiers.rows_rejected} of {dossiers.rows_in} rows rejected (not "
               f"counted); list them: cchc indicators {args.file} --rejected"), file=sys.stderr)


__all__ = ["COUNT_NAMES", "add_indicator_options", "add_report_command", "cmd_indicator_extras",
           "cmd_report_check", "wants_extras"]
