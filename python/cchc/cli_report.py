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

from ._spreadsheet import csv_value
from .errors import CchcError
from ._files import system_error_text
from .messages import error_text
from .i18n import _, format_date, format_number

EXIT_OK = 0
EXIT_CHECK_FAILED = 1

def count_names() -> dict[str, str]:
    """Words for people for each count of ``Dossiers.counts``, in the language in force."""
    return {
        "received_total": _("Received, total"),
        "received_new": _("Newly received"),
        "received_carried_over": _("Carried over"),
        "resolved": _("Resolved"),
        "resolved_early": _("Resolved early"),
        "resolved_on_time": _("Resolved on time"),
        "resolved_late": _("Resolved late"),
        "pending": _("Pending"),
        "pending_within": _("Pending within time"),
        "pending_overdue": _("Pending overdue"),
        "refused": _("Refused"),
        "withdrawn": _("Withdrawn"),
        "not_in_period_received_after": _("Outside: received after the cut-off"),
        "not_in_period_closed_before": _("Outside: closed before the window"),
        "new_online": _("New: online"),
        "new_in_person": _("New: in person"),
        "new_postal": _("New: by post"),
        "new_channel_unknown": _("New: channel unknown"),
        "new_full_online": _("New: fully online service"),
        "new_online_level_known": _("New: service level known"),
        "digitised_dossier_yes": _("Dossier digitised: yes"),
        "digitised_dossier_known": _("Dossier digitised: known"),
        "reused_data_yes": _("Data reused: yes"),
        "reused_data_known": _("Data reused: known"),
        "fee_required_yes": _("Fee required"),
        "paid_online_yes": _("Paid online: yes"),
        "paid_online_known": _("Paid online: known"),
        "digitised_result_yes": _("Result digitised: yes"),
        "digitised_result_known": _("Result digitised: known"),
        "electronic_result_yes": _("Electronic result: yes"),
        "electronic_result_known": _("Electronic result: known"),
        "satisfied": _("Satisfied (4–5)"),
        "very_satisfied": _("Very satisfied (5)"),
        "rated": _("Rated"),
    }


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
        raise CchcError(_("{path}: cannot open ({reason})").format(
            path=path, reason=system_error_text(error))) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CchcError(
            _("{path}:{line}: not UTF-8 text (byte {byte}); save the report as UTF-8 plain "
              "text").format(path=path, line=line, byte=error.start)) from None


def _dossier_file(path: str, delimiter: str = ",") -> Any:
    from .io import read_dossiers_csv, read_dossiers_parquet

    try:
        if path.lower().endswith((".parquet", ".pq")):
            try:
                return read_dossiers_parquet(path)
            except OSError as error:
                raise CchcError(_("{path}: cannot read as Parquet ({reason})").format(
                    path=path, reason=error_text(error))) from None
        return read_dossiers_csv(path, delimiter=delimiter)
    except ValueError as error:
        if isinstance(error, CchcError):
            raise
        raise CchcError(error_text(error)) from None


def _compare_window(args: argparse.Namespace, stated: Any) -> tuple[Any, Any, str]:
    """The window the records are counted in: --period, --from/--to, or the data range the
    report states."""
    from .calendar import Period

    if args.period and (args.first or args.last):
        raise CchcError(_("give either --period or --from/--to, not both"))
    if args.period:
        try:
            period = Period.parse(args.period)
        except (CchcError, ValueError) as error:
            raise CchcError(_("--period: cannot read '{period}' ({reason}); write e.g. "
                              "{examples}").format(
                period=args.period, reason=error_text(error),
                examples="2024-Q1, 2024-03, 2024-H1, 2024-9M " + _("or") + " 2024")) from None
        first, last = period.data_range(args.cutoff)
        return first, last, period.code
    if (args.first is None) != (args.last is None):
        raise CchcError(_("--from and --to go together"))
    if args.first is not None:
        if args.last < args.first:
            raise CchcError(_("--to {last} is before --from {first}").format(
                last=args.last, first=args.first))
        return args.first, args.last, ""
    if stated is not None:
        return stated[0], stated[1], ""
    raise CchcError(
        _("{path}: the report states no data range ('{phrase}'): give --period or --from/--to "
          "to compare it with --dossiers").format(
              path=args.file, phrase="Số liệu tính từ ngày … đến ngày …"))


def cmd_report_check(args: argparse.Namespace) -> int:
    """``cchc report check``: reads the report, reconciles, prints, exits 1 on findings."""
    from .report_check import check_report, read_report

    text = _read_text(args.file)
    counts = None
    window = None
    dossiers = None
    explicit_window = None
    if args.dossiers:
        stated = read_report(text, args.file).window
        first, last, code = _compare_window(args, stated)
        explicit_window = (first, last) if (args.period or args.first) else None
        dossiers = _dossier_file(args.dossiers, args.delimiter)
        try:
            counts = dossiers.counts(first=first, last=last, cutoff=args.cutoff,
                                     completion=args.completion)
        except ValueError as error:
            if isinstance(error, CchcError):
                raise
            raise CchcError(error_text(error)) from None
        window = (first, last)
    elif args.period or args.first or args.last:
        raise CchcError(_("--period and --from/--to choose the window of --dossiers; give "
                          "--dossiers too"))
    result = check_report(text, source=args.file, counts=counts, window=explicit_window,
                          extra_tolerance=args.tolerance)
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
        _print_reading(args, result, dossiers, window)
    if dossiers is not None and dossiers.rows_rejected:
        _warn_rejected(args.dossiers, dossiers)
    return EXIT_OK if result.consistent else EXIT_CHECK_FAILED


def _print_reading(args: argparse.Namespace, result: Any, dossiers: Any, window: Any) -> None:
    """The human output of ``cchc report check``: what was read, then the findings."""
    from .report_check import extra_figure_name, figure_name, format_count, format_percent

    reading = result.reading
    summary = _("{path}: {figures} figures, {percentages} percentages").format(
        path=args.file, figures=len(reading.statements), percentages=len(reading.percentages))
    if reading.window is not None:
        summary += "; " + _("data from {first} to {last} (line {line})").format(
            first=format_date(reading.window[0]), last=format_date(reading.window[1]),
            line=reading.window_line)
    print(summary)
    if reading.statements:
        rows = [[_("Line"), _("Scope"), _("Figure"), _("Value")]]
        for statement in reading.statements:
            rows.append([str(statement.line), statement.scope or _("whole report"),
                         extra_figure_name(statement.figure), format_count(statement.value)])
        print()
        _table(rows, {0, 3})
    if reading.percentages:
        print()
        print(_("Percentages:"))
        for item in reading.percentages:
            percentage = item.percentage
            parts = ""
            if percentage.numerator is not None:
                parts = (f" = {format_count(percentage.numerator)}/"
                         f"{format_count(percentage.denominator or 0)}")
            if percentage.numerator_figure and percentage.denominator_figure:
                parts += (f" ({figure_name(percentage.numerator_figure)} / "
                          f"{figure_name(percentage.denominator_figure)})")
            elif percentage.numerator_figure:
                parts += f" ({figure_name(percentage.numerator_figure)})"
            if not parts:
                parts = " " + _("(range 0–100 % checked only)")
            print("  " + _("line {line}").format(line=item.line) + ": "
                  + format_percent(percentage.percent, percentage.decimals) + parts)
    if reading.unassigned:
        print()
        print(_("Figures not assigned (read them yourself):"))
        for line, phrase in reading.unassigned:
            print("  " + _("line {line}").format(line=line) + f": {phrase}")
    if dossiers is not None and window is not None:
        print()
        print(_("Compared with {path}: data from {first} to {last}").format(
            path=args.dossiers, first=format_date(window[0]), last=format_date(window[1])))
    print()
    if not result.findings:
        print(_("The figures are consistent."))
        return
    print(_("Inconsistencies ({count}):").format(count=len(result.findings)))
    for finding in result.findings:
        where = _("line {line}").format(line=finding.line)
        others = [str(line) for line in finding.lines if line != finding.line]
        if others:
            where += " " + _("(and line {lines})").format(lines=", ".join(others))
        if finding.scope:
            where += f" [{finding.scope}]"
        print(f"  {where}: {finding.message}")


def add_report_command(commands: Any, date_type: Any) -> None:
    """Adds ``cchc report check`` to the subcommands ``commands``."""
    report = commands.add_parser(
        "report",
        help=_("check the dossier figures a report states"),
        description=_("Quarterly reports (báo cáo CCHC) and the dossier figures they state."),
    )
    sub = report.add_subparsers(dest="report_command", required=True)
    check = sub.add_parser(
        "check",
        help=_("reconcile the dossier figures of a report's text (exit 1 on inconsistencies)"),
        description=_("Reads a report's UTF-8 plain text, finds the dossier figures it states "
        "(total, new, carried over, online, in person or by post, resolved early / on time / "
        "late, pending within / over time, refused or withdrawn, percentages with their "
        "numerators and denominators; Vietnamese number formats such as 6.086 and 69,6 %%), "
        "reconciles them with each other and, with --dossiers, with the records, and lists "
        "each inconsistency with its line. Exit codes: 0 consistent, 1 inconsistencies found, "
        "2 bad usage or unreadable input. Rules: docs/dossier/report-check.md. Example: cchc "
        "report check bao-cao-quy-1.txt --dossiers ho-so.csv --period 2024-Q1"),
    )
    check.add_argument("file", help=_("the report as UTF-8 plain text"))
    check.add_argument("--dossiers", metavar="FILE",
                       help=_("dossier export (.csv or .parquet) to compare the figures with"))
    check.add_argument("--period", help=_("the report's period (2024-Q1, 2024-H1, 2024); by "
                       "default the data range the report states"))
    check.add_argument("--from", dest="first", type=date_type, help=_("first day of the window"))
    check.add_argument("--to", dest="last", type=date_type, help=_("last day of the window"))
    check.add_argument("--cutoff", default="day 14",
                       help=_("reporting cut-off of --period (default 'day 14', Decree 09/2019)"))
    check.add_argument("--completion", choices=["resolved", "returned"], default="resolved",
                       help=_("the date that closes a dossier (default resolved)"))
    check.add_argument("--delimiter", default=",", help=_("CSV delimiter of --dossiers"))
    check.add_argument("--tolerance", type=float, default=0.0, metavar="POINTS",
                       help=_("extra tolerance of stated percentages, in percentage points "
                       "(default 0: half a unit of the last written decimal)"))
    check.add_argument("--json", action="store_true", help=_("print JSON (stable English keys)"))
    check.set_defaults(handler=cmd_report_check)


# --- cchc indicators --form 06 / --counts --------------------------------------------------------

def add_indicator_options(parser: argparse.ArgumentParser) -> None:
    """Adds --form, --counts and their options to ``cchc indicators``."""
    extra = parser.add_argument_group(_("the statistics form and the counts"))
    extra.add_argument("--form", choices=["06"],
                       help=_("write Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP) of the window "
                       "given by --period or --from/--to: a table on stdout, or --output "
                       "form.xlsx; exit 1 when an identity of the form does not hold"))
    extra.add_argument("--counts", action="store_true",
                       help=_("print the counts behind the indicators (new, carried over, "
                       "resolved early / on time / late, pending, …) instead of the indicators"))
    extra.add_argument("--output", "-o", metavar="FILE",
                       help=_("with --form: the Excel file of the form; otherwise the output "
                       "(--csv, --json or the table) goes to FILE instead of stdout, replaced "
                       "only when the command completes"))
    extra.add_argument("--levels", metavar="by-name|FILE.csv",
                       help=_("with --form: group the fields by level, from the unit names "
                       "(by-name: Sở … → Cấp tỉnh, UBND huyện … → Cấp huyện, UBND xã … → Cấp "
                       "xã) or a CSV of unit,level"))
    extra.add_argument("--carried-over", choices=["included", "separate"], default="included",
                       help=_("with --form: column 3 includes the carried-over dossiers (as "
                       "printed: 3 = 4 + 5 + 6) or counts new dossiers only (3 = 4 + 5)"))
    extra.add_argument("--unit", default="", help=_("with --form: the reporting unit's name"))


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
    from .form06 import COLUMNS, describe_check, form_06, form_column_header, form_row_label
    from .form06 import read_levels
    from .report_check import format_count

    if args.counts:
        raise CchcError(_("--form and --counts are separate outputs: give one"))
    if args.by:
        raise CchcError(_("--form 06 has its own rows (fields, by level with --levels): "
                          "drop --by"))
    if not window:
        raise CchcError(_("--form 06 needs a reporting window: --period (e.g. 2024-Q1) or "
                          "--from and --to"))
    if args.output and (args.json or args.csv):
        raise CchcError(_("--output writes the form to a file; --json and --csv print it: "
                          "give one"))
    if args.output:
        from .cli import _check_report_path

        _check_report_path(args.output)  # a missing folder is an error, as for --report
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
        raise CchcError(error_text(error)) from None
    keys = [key for _, key in COLUMNS]
    records = form.frame.to_dict("records")
    checks = form.checks.to_dict("records")
    if args.output:
        form.write_excel(args.output)
        print(_("Form 06/VPCP/KSTT written: {path}").format(path=args.output))
    elif args.json:
        payload = {
            "form": "06/VPCP/KSTT",
            "period": form.period,
            "window": [form.first.isoformat(), form.last.isoformat()],
            "carried_over": form.carried_over,
            "columns": {str(number): key for number, key in COLUMNS},
            "rows": [{"row_kind": r["row_kind"], "level": r["level"], "field": r["field"],
                      **{key: (int(r[key]) if key not in ("stt", "label") else r[key])
                         for key in keys}} for r in records],
            "checks": [{**check, "left": int(check["left"]), "right": int(check["right"]),
                        "holds": bool(check["holds"])} for check in checks],
            "identities_hold": form.identities_hold,
            "paragraph": form.paragraph(),
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.csv:
        import csv as _csv

        writer = _csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["row_kind", "level", "field", *keys])
        for r in records:
            writer.writerow([r["row_kind"], r["level"], csv_value(r["field"]),
                             *[r[key] for key in keys]])
    else:
        print("Biểu số 06/VPCP/KSTT — " + _("{period}, data from {first} to {last}").format(
            period=form.period_name(), first=format_date(form.first),
            last=format_date(form.last)))
        header = [f"({number})" for number in range(1, 14)]
        rows = [header]
        for r in records:
            label = form_row_label(r)
            if r["row_kind"] == "field" and r["level"]:
                label = "  " + label
            rows.append([r["stt"], label[:48], *[format_count(int(r[key])) for key in keys[2:]]])
        _table(rows, set(range(2, 13)))
        print()
        for number, _key in COLUMNS[2:]:
            print(f"  ({number}) {form_column_header(number)}")
        print()
        failing = [check for check in checks if not check["holds"]]
        if failing:
            print(_("Identities that do not hold:"))
            for check in failing:
                print(f"  {describe_check(check)}")
        else:
            print(_("Every identity of the form holds ({count} checks).").format(
                count=len(checks)))
        print()
        print(form.paragraph())
    _warn_rejected(args.file, dossiers)
    return EXIT_OK if form.identities_hold else EXIT_CHECK_FAILED


def _cmd_counts(args: argparse.Namespace, dossiers: Any, window: dict[str, Any],
                by: list[str]) -> int:
    from .report_check import format_count

    try:
        table = dossiers.counts(**window, cutoff=args.cutoff, by=by, completion=args.completion)
    except ValueError as error:
        if isinstance(error, CchcError):
            raise
        raise CchcError(error_text(error)) from None
    names = [name for name in table.columns if name not in by]
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
            writer.writerows({key: csv_value(value) for key, value in row.items()}
                             for row in rows)
    else:
        words = count_names()
        header = [*by, _("Count"), _("Key"), _("Dossiers")]
        rows_text = [header]
        for record in table.to_dict("records"):
            for name in names:
                rows_text.append([*[str(record[key]) for key in by], words.get(name, name), name,
                                  format_count(int(record[name]))])
        _table(rows_text, {len(header) - 1})
    _warn_rejected(args.file, dossiers)
    return EXIT_OK


def _warn_rejected(path: str, dossiers: Any) -> None:
    if dossiers.rows_rejected:
        print("cchc: " + _("{path}: {rejected} of {rows} rows rejected (not counted); list them: "
                           "cchc indicators {path} --rejected").format(
            path=path, rejected=format_number(dossiers.rows_rejected),
            rows=format_number(dossiers.rows_in)), file=sys.stderr)


__all__ = ["add_indicator_options", "count_names", "add_report_command", "cmd_indicator_extras",
           "cmd_report_check", "wants_extras"]
