"""The scoring engine's sentences in the current language, from their stable codes.

The C++ engine gives each explanation and finding as a code with named arguments
(``{"code": "rule.proportional", "arguments": {"max": 2.0, "value": 40.47…, "points": 0.809…}}``)
besides its English text. This module writes the sentence from the code in the language of
:mod:`cchc.i18n`, with numbers for people: 2 decimals for points and computed values, typed
parameters as exact as they are, never float noise. Its English templates are the engine's
(``cchc._core.score.message_templates()``; a test keeps the two lists equal).

>>> from cchc.i18n import language
>>> message = {"code": "rule.proportional",
...            "arguments": {"max": 2.0, "value": 40.476190476190474, "points": 0.8095238095238095}}
>>> with language("vi"):
...     render(message)
'2 × 40,48 % = 0,81'
>>> with language("en"):
...     render(message)
'2 × 40.48% = 0.81'
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from . import i18n
from .i18n import N_, format_date, format_number
from .labels import aggregation_label, dossier_status_label, scorer_label, status_label

#: Every message code of the engine with its English template (the msgid).
TEMPLATES: dict[str, str] = {
    "engine.text": N_("{text}"),
    "rule.missing.value_percent": N_("no value (percent) given"),
    "rule.missing.value": N_("no value given"),
    "rule.missing.yes_no": N_("no yes/no answer given"),
    "rule.missing.count": N_("no count given"),
    "rule.missing.occurrences": N_("no count of occurrences given"),
    "rule.missing.best": N_("no best unit's value given"),
    "rule.missing.survey_result": N_("no survey result given"),
    "rule.missing.self_score": N_("no self-score given"),
    "rule.invalid.percentage_range": N_("percentage {value} outside [{low}, {high}]"),
    "rule.invalid.count_range": N_("count {value} outside [{low}, {high}]"),
    "rule.invalid.value_range": N_("value {value} outside [{low}, {high}]"),
    "rule.invalid.survey_range": N_("survey result {value} outside [{low}, {high}]"),
    "rule.invalid.not_finite": N_("value is not finite"),
    "rule.invalid.best_negative": N_("best value {best} < 0"),
    "rule.invalid.above_best": N_("value {value} above the best {best}"),
    "rule.invalid.below_best": N_("value {value} below the best {best}"),
    "rule.invalid.self_score_range": N_("self-score {self} outside [0, {max}]"),
    "rule.proportional": N_("{max} × {value}% = {points}"),
    "rule.proportional.ratio": N_("{max} × {numerator}/{denominator} = {points}"),
    "rule.ratio.if_empty": N_("denominator 0 → {points} (if_empty)"),
    "rule.ratio.not_applicable": N_("denominator 0: not applicable (no if_empty)"),
    "rule.invalid.value_and_ratio": N_("give a value or a numerator and denominator, not both"),
    # The composite pipeline's warnings (Result.warnings); {stage} is empty or
    # "after preparation, ".
    "composite.no_value": N_(
        "{stage}indicator '{indicator}' has no value for any unit: it stays missing, and its "
        "parent is aggregated from its other children"),
    "composite.constant.middle": N_(
        "{stage}indicator '{indicator}' has the same value ({value}) for all {count} units with "
        "data, so it cannot tell them apart: min-max gives every unit the middle of the range, "
        "{middle}"),
    "composite.constant.mean": N_(
        "{stage}indicator '{indicator}' has the same value ({value}) for all {count} units with "
        "data, so it cannot tell them apart: the z-score gives every unit the mean, {mean}"),
    "composite.constant.rank": N_(
        "{stage}indicator '{indicator}' has the same value ({value}) for all {count} units with "
        "data, so it cannot tell them apart: every unit gets the middle rank"),
    "composite.constant.same": N_(
        "{stage}indicator '{indicator}' has the same value ({value}) for all {count} units with "
        "data, so it cannot tell them apart: it adds the same amount to every unit's aggregate"),
    "composite.treatment_few_values": N_(
        "treatment of '{indicator}': only {count} values: skew and kurtosis undefined, left as it "
        "is"),
    "rule.invalid.ratio_counts": N_(
        "ratio {numerator}/{denominator}: counts must be finite numbers ≥ 0"),
    "rule.invalid.ratio_above": N_(
        "ratio {numerator}/{denominator}: numerator above the denominator"),
    "rule.invalid.term_ratio_counts": N_(
        "ratio '{ratio}' {numerator}/{denominator}: counts must be finite numbers ≥ 0"),
    "rule.invalid.term_ratio_above": N_(
        "ratio '{ratio}' {numerator}/{denominator}: numerator above the denominator"),
    "rule.invalid.unknown_term": N_("ratio '{ratio}' is not a term of this rule"),
    "rule.invalid.term_missing": N_("ratio '{ratio}' missing (every term needs its ratio)"),
    "rule.missing.ratios": N_("no ratios (numerator/denominator per term) given"),
    # capped_terms: its explanation is these parts joined by spaces (explanation_parts).
    "rule.capped_terms.term": N_("{ratio}: {slope} × {numerator}/{denominator} = {raw}"),
    "rule.capped_terms.cap": N_("→ cap {cap}"),
    "rule.capped_terms.rounded": N_("≈ {points}"),
    "rule.capped_terms.empty": N_("{ratio}: denominator 0 → {points}"),
    "rule.capped_terms.plus": N_("+"),
    "rule.capped_terms.sum": N_("= {raw}"),
    "rule.capped_terms.maximum": N_("→ maximum {max}"),
    "rule.capped_terms.not_applicable": N_(
        "ratio '{ratio}': denominator 0: not applicable (no if_empty)"),
    "rule.steps.range": N_("value {value} in [{from}, {to}) → {points}"),
    "rule.steps.top": N_("value {value} in [{from}, ∞) → {points}"),
    "rule.steps.below": N_("value {value} < {from} → {points}"),
    "rule.saturation.full": N_("{value}% ≥ threshold {threshold}% → full {max}"),
    "rule.saturation.linear": N_("{max} × {value} ÷ {threshold} = {points}"),
    "rule.goalposts": N_("{max} × clamp(({value} − {worst}) ÷ ({best} − {worst})) = {points}"),
    "rule.pass_fail.not_done": N_("not done → 0"),
    "rule.pass_fail.late": N_("done late → {max} × {share} = {points}"),
    "rule.pass_fail.done": N_("done → full {max}"),
    "rule.count_cap.capped": N_("{count} × {per_occurrence} = {raw} ≥ cap {cap} → {cap}"),
    "rule.count_cap.counted": N_("{count} × {per_occurrence} = {raw}"),
    "rule.deduction_bonus": N_("{start} + {count} × {per_occurrence} = {raw} → {points}"),
    "rule.relative.all_zero": N_("all units at 0 → full {max}"),
    "rule.relative.higher": N_("{max} × {value} ÷ best {best} = {points}"),
    "rule.relative.at_best": N_("value 0 = best → full {max}"),
    "rule.relative.lower": N_("{max} × best {best} ÷ {value} = {points}"),
    "rule.survey": N_("{max} × {value} ÷ {survey_max} = {points}"),
    "rule.manual": N_("self-scored {self} (evidence required)"),
    "leaf.not_applicable": N_("không áp dụng: leaves the score and the maximum"),
    "leaf.done_false_but_dated": N_("done = false but done on {date}"),
    "leaf.late_but_on_time": N_("late = true but done on {date}, by the deadline {deadline}"),
    "leaf.unanswered": N_("no inputs and no self-score: 0 points"),
    "leaf.external": N_("scored by {scorer}: {points}"),
    "leaf.awaiting": N_("scored by {scorer}, not by the unit: no score yet (0 points)"),
    "leaf.claimed_above_max": N_("claimed {self} of {max}, counted {max}"),
    "node.aggregate": N_("{aggregation} of its applicable children, maximum {max}"),
    "finding.self_score_invalid": N_("self-score {self} is not a number ≥ 0"),
    "finding.self_score_above_max": N_("self-score {self} above the maximum {max}"),
    "finding.appraised_out_of_range": N_("appraised score {appraised} outside [0, {max}]"),
    "finding.appraised_not_finite": N_("appraised score {appraised} is not a finite number"),
    "finding.value_differs_from_data": N_(
        "declared value {declared} but the data give {value} ({source})"),
    "finding.self_score_differs": N_(
        "self-score {self} but the rule gives {points} ({explanation})"),
    "finding.self_score_above_max_counted": N_(
        "self-score {self} above the maximum {max}: counted as {max}"),
    "finding.rule_gives": N_("the rule gives {points} ({explanation})"),
    "finding.done_differs_from_data": N_(
        "declared {declared} but the data give {given} ({source})"),
    "finding.value_not_given_by_data": N_(
        "declared value {declared} but the data give none ({source}): the value is not used"),
    "finding.not_applicable.removes": N_("not applicable: removes {max} points from the maximum"),
    "finding.typed_unused.both": N_("the value {value}, self-score {self} typed is not used"),
    "finding.typed_unused.value": N_("the value {value} typed is not used"),
    "finding.typed_unused.self_score": N_("the self-score {self} typed is not used"),
    "finding.not_applicable.reason": N_("reason: {reason}"),
    "finding.not_applicable.reason_evidence": N_("reason: evidence {evidence}"),
    "finding.not_applicable.reason_source": N_("reason: {source}"),
    "finding.not_applicable.give_reason": N_("give the reason in a note or an evidence document"),
    "finding.not_scored_by_unit": N_(
        "scored by {scorer}, not by the unit: the self-score {self} is not counted"),
    "finding.value_looks_like_fraction": N_(
        "value {value} for a percentage: read as {value} %; if {percent} % was meant, write "
        "{percent}"),
    "finding.missing_evidence": N_(
        "evidence (tài liệu kiểm chứng) is required and none is listed"),
    "finding.unanswered": N_("leaf left unanswered"),
    "source.indicator": N_("indicator {indicator} = {numerator}/{denominator}"),
    "source.indicator_not_applicable": N_(
        "indicator {indicator} = {numerator}/{denominator} (denominator 0: not applicable)"),
    "source.indicator_replaced": N_(
        "indicator {indicator} = {numerator}/{denominator} (replaced the counts "
        "{given_numerator}/{given_denominator} given)"),
    "source.indicator_replaced_not_applicable": N_(
        "indicator {indicator} = {numerator}/{denominator} (replaced the counts "
        "{given_numerator}/{given_denominator} given) (denominator 0: not applicable)"),
    "source.target": N_("target {target} status {status}"),
    "source.plan": N_("{plan}: {id} {plan_status} → {status}"),
    "source.plan_not_judged": N_(
        "{plan}: {id} {plan_status} (cannot be judged: the answer is kept as given)"),
}

#: Every code of a rejected dossier row's reason with its English template (the msgid), as
#: ``cchc._core.dossier.rejection_templates()`` has them (a test keeps the two lists equal).
#: Their arguments are text as the reader wrote them (dates dd/mm/yyyy, integers).
REJECTION_TEMPLATES: dict[str, str] = {
    "row.received_hour_range": N_("hour {hour} is outside 0–23"),
    "row.processing_days_negative": N_("negative processing time {days} working days"),
    "row.processing_days_too_large": N_("processing time {days} working days is over {max}"),
    "row.no_due_nor_processing_days": N_(
        "no due date and no prescribed processing days to compute it"),
    "row.due_before_received": N_("due {due} is before received {received}"),
    "row.resolved_before_received": N_("resolved {resolved} is before received {received}"),
    "row.returned_before_received": N_(
        "result returned {returned} is before received {received}"),
    "row.returned_before_resolved": N_(
        "result returned {returned} is before resolved {resolved}"),
    "row.pending_with_closing_date": N_(
        "status is pending but the dossier has a resolution date"),
    "row.resolved_without_date": N_("status is resolved but no resolution date is given"),
    "row.closed_without_date": N_("status is {status} but the closing date is not given"),
    "row.satisfaction_range": N_("rating {rating} is outside 1–5"),
    "row.pause_out_of_order": N_(
        "pause {pause} ({requested}–{resumed}) is out of order or starts before received "
        "{received}"),
    "row.due_not_computable": N_("cannot compute the due date: {error}"),
    "row.received_missing": N_("missing date of receipt"),
    "row.status_missing": N_("missing (expected pending, resolved, refused or withdrawn)"),
    # Cells that cannot be read; {forms} lists the accepted words.
    "cell.channel_empty": N_("empty value (expected a channel)"),
    "cell.channel_unknown": N_(
        "unknown value '{value}' (expected a channel: {forms} (case and diacritics do not "
        "matter))"),
    "cell.online_level_empty": N_("empty value (expected an online service level)"),
    "cell.online_level_unknown": N_(
        "unknown value '{value}' (expected an online service level: {forms} (case and "
        "diacritics do not matter))"),
    "cell.status_empty": N_("empty value (expected a status)"),
    "cell.status_unknown": N_(
        "unknown value '{value}' (expected a status: {forms} (case and diacritics do not "
        "matter))"),
    "cell.status_missing": N_(
        "missing status (expected e.g. 'Đang giải quyết', 'Đã giải quyết', 'Từ chối', 'Rút hồ "
        "sơ')"),
    "cell.yes_no_empty": N_("empty value (expected yes or no)"),
    "cell.yes_no_unknown": N_(
        "unknown value '{value}' (expected yes or no: {forms} (case and diacritics do not "
        "matter))"),
    "cell.rating_empty": N_("empty value (expected a rating 1–5)"),
    "cell.rating_unknown": N_(
        "unknown value '{value}' (expected a rating 1–5 or: {forms} (case and diacritics do not "
        "matter))"),
    "cell.working_days": N_(
        "'{value}' is not a number of working days (expected a whole number 0–100000, e.g. '5' "
        "or '5 ngày làm việc')"),
    "cell.date_empty": N_("empty date"),
    "cell.dictionary_index": N_(
        "dictionary index {index} is outside the {size} values of the column's dictionary"),
    "cell.frame_date": N_("cannot read {value} as a date"),
    "cell.frame_number": N_("{value} is not a number"),
    "cell.frame_enum": N_("unknown value '{value}' (expected one of: {expected})"),
    "cell.frame_yes_no": N_(
        'cannot read {value} as yes/no (expected True/False, 1/0, "yes"/"no" or missing)'),
    "cell.date": N_(
        "'{value}' is not a date (expected dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, "
        "yyyy-mm-dd or yyyy/mm/dd, optionally with a time such as 08:30, or an Excel serial day "
        "number)"),
    "cell.date_excel_serial": N_(
        "'{value}' is not a date (as an Excel serial day number it is outside 1950–2100; "
        "expected dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd or yyyy/mm/dd, "
        "optionally with a time such as 08:30, or an Excel serial day number)"),
    "cell.date_time_of_day": N_(
        "'{value}' has a time of day that cannot be read (expected 08:30, 08:30:00, 08h30 or "
        "8:30 CH after the date)"),
    "cell.time_of_day": N_(
        "'{value}' is not a time of day (expected an hour 0–23 such as 8, or 08:30, 08:30:00, "
        "08h30, 2:30 CH)"),
    "cell.pause_interval": N_(
        "pause {pause} '{item}' is not an interval (expected start..end, e.g. "
        "'02/01/2024..05/01/2024; 01/02/2024..03/02/2024')"),
    "cell.pause_start": N_(
        "pause {pause} '{item}': its start '{value}' is not a date (expected dd/mm/yyyy or "
        "yyyy-mm-dd)"),
    "cell.pause_end": N_(
        "pause {pause} '{item}': its end '{value}' is not a date (expected dd/mm/yyyy or "
        "yyyy-mm-dd)"),
    # Arrow date and timestamp values beyond the calendar.
    "cell.day_not_date": N_("day {day} is not a date"),
    "cell.value_not_date": N_("value {value} is not a date"),
    # Rows the CSV reader cannot split into cells.
    "row.field_count": N_(
        "the row has {fields} fields, the header has {columns} (a delimiter inside an unquoted "
        "value, or a truncated row?)"),
    "row.open_quote": N_(
        "the file ends inside a quoted value that started on this line (a missing closing "
        "quote, or a truncated file)"),
    "row.overlong": N_(
        "the record is longer than {max} bytes (max_record_bytes); skipped whole, its cells "
        "unread"),
    "row.cut_character": N_(
        "the file ends in the middle of a character: the last {bytes} byte(s) of the file begin "
        "a UTF-8 character that is cut off, so the file was truncated (an interrupted download "
        "or copy?); column {column} ('{header}') of this row cannot be read"),
    "row.cut_character_past_header": N_(
        "the file ends in the middle of a character: the last {bytes} byte(s) of the file begin "
        "a UTF-8 character that is cut off, so the file was truncated (an interrupted download "
        "or copy?); column {column} (past the header's last column) of this row cannot be read"),
    "row.duplicate_id": N_("duplicate dossier id '{id}' (first seen: line {first})"),
    "row.duplicate_id_row": N_("duplicate dossier id '{id}' (first seen: row {first})"),
    # Files the dossier readers refuse whole (ParseError.reason_code).
    "file.empty": N_(
        "the file is empty: expected a header row naming the columns (e.g. 'Mã hồ sơ', 'Ngày "
        "tiếp nhận', 'Trạng thái', …)"),
    "file.utf16": N_(
        "the file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8 (Excel: "
        "'CSV UTF-8'), or convert it with iconv -f UTF-16 -t UTF-8"),
    "file.nul_byte": N_("a NUL byte: the file looks like UTF-16 or binary, not UTF-8 text"),
    "file.not_utf8": N_(
        "invalid UTF-8 (byte {byte} in '{text}'): the file is not UTF-8. Windows-1258 or TCVN3 "
        "(ABC) exports must be converted first, e.g. iconv -f CP1258 -t UTF-8, or saved from "
        "Excel as 'CSV UTF-8'"),
    "file.header_overlong": N_(
        "cannot read the header: the record is longer than {max} bytes (max_record_bytes)"),
    "file.header_open_quote": N_(
        "cannot read the header: the file ends inside a quoted value that started on this line "
        "(a missing closing quote, or a truncated file)"),
    "file.repeated_header": N_(
        "column {column} repeats the header of column {previous} ('{previous_header}', field "
        "'{field}'): which one holds the data?"),
    # Written from its fields by _missing_columns, not from this English template.
    "file.missing_columns": "missing required column{s}: {missing}. Columns found: {found}{hint}",
}

#: The required dossier columns a file can lack, as file.missing_columns names them.
_REQUIRED_COLUMNS = {
    "received": N_("received (date of receipt, e.g. 'Ngày tiếp nhận')"),
    "status": N_("status (e.g. 'Trạng thái')"),
    "due": N_("due or processing_days (e.g. 'Ngày hẹn trả' or 'Thời hạn giải quyết')"),
}

#: Said after a CSV reason when the rejected record spans several lines.
_SPANS_NOTE = N_(
    " (the record spans lines {spans_first}–{spans_last}: a quoted value holds line breaks; if "
    "that is not intended, a stray quote on line {spans_first} opened it)")


def rejection_reason(code: Any, arguments: Mapping[str, Any] | None, fallback: str = "") -> str:
    """A rejected dossier row's reason in the current language, from its ``reason_code`` and
    ``reason_arguments`` (``Dossiers.rejected()``); `fallback` (the reader's English
    ``reason``) when the row has no code or a code newer than this package.

    >>> from cchc.i18n import language
    >>> with language("vi"):
    ...     rejection_reason("row.due_before_received",
    ...                      {"due": "01/03/2024", "received": "05/03/2024"})
    'hạn trả 01/03/2024 trước ngày tiếp nhận 05/03/2024'
    """
    template = REJECTION_TEMPLATES.get("" if _missing(code) else str(code))
    if template is None:
        return fallback
    values = {name: ("" if value is None else str(value))
              for name, value in dict(arguments or {}).items()}
    if "status" in values:
        values["status"] = dossier_status_label(values["status"])
    try:
        text = i18n.gettext(template).format(**values)
        if "spans_first" in values and "spans_last" in values:
            text += i18n.gettext(_SPANS_NOTE).format(**values)
        return text
    except (KeyError, IndexError):  # an argument missing: the reader's own words
        return fallback


def _missing_columns(arguments: Mapping[str, Any], fallback: str) -> str:
    fields = [field for field in str(arguments.get("fields", "")).split(",") if field]
    if not fields or any(field not in _REQUIRED_COLUMNS for field in fields):
        return fallback
    missing = "; ".join(i18n.gettext(_REQUIRED_COLUMNS[field]) for field in fields)
    found = str(arguments.get("found", ""))
    text = i18n.ngettext("missing required column: {missing}. Columns found: {found}",
                         "missing required columns: {missing}. Columns found: {found}",
                         len(fields)).format(missing=missing, found=found)
    if arguments.get("delimiter"):
        text += i18n.gettext(" (one column holding '{delimiter}': is that the delimiter?)").format(
            delimiter=arguments["delimiter"])
    return text


def _error_templates() -> dict[str, str]:
    global _ERROR_TEMPLATES
    if _ERROR_TEMPLATES is None:
        from . import _core

        _ERROR_TEMPLATES = dict(_core.error_templates())
    return _ERROR_TEMPLATES


_ERROR_TEMPLATES: dict[str, str] | None = None


def error_message(code: str, arguments: Mapping[str, Any] | None) -> str | None:
    """One coded sentence of an engine error in the current language (a dossier reader's code
    as ``rejection_reason`` writes it); None when the code is newer than this package or an
    argument is missing (the caller keeps the English)."""
    if code == "file.missing_columns":
        return _missing_columns(dict(arguments or {}), "") or None
    if code in REJECTION_TEMPLATES:
        return rejection_reason(code, dict(arguments or {}), "") or None
    template = _error_templates().get(code)
    if template is None:
        return None
    values = {name: "" if value is None else str(value)
              for name, value in (arguments or {}).items()}
    if code == "calendar.not_working_day" and "reason" in values:
        values["reason"] = _day_reason(values["reason"])
    for name in _DATE_ARGUMENTS.intersection(values):
        values[name] = _date_for_people(values[name])
    if i18n.get_language() == "vi":  # 268.435.456 byte; the English keeps the engine's digits
        for name in _COUNT_ARGUMENTS.intersection(values):
            if values[name].isdigit():
                values[name] = format_number(int(values[name]))
    return _fill(i18n.gettext(template), values)


#: Arguments of engine errors that are dates the engine computed or read (ISO): written as
#: people read dates in the language. What a person typed ({text}) is quoted as typed.
_DATE_ARGUMENTS = frozenset({"date", "first", "last", "requested", "resumed", "received",
                             "previous", "start", "end"})


#: Arguments that are large counts (bytes): grouped in thousands for Vietnamese readers.
_COUNT_ARGUMENTS = frozenset({"size", "limit"})


def _date_for_people(text: str) -> str:
    try:
        return format_date(_dt.date.fromisoformat(text)) if len(text) == 10 else text
    except ValueError:
        return text


_SPECIAL_DAY = re.compile(r"^(?P<name>.+) \((?P<kind>holiday|compensatory|swapped|make_up)\)$")


def _day_reason(english: str) -> str:
    """A calendar day's reason as the engine writes it (``WorkCalendar.describe``: "weekly rest
    day", "Tết Nguyên đán (compensatory)") in the current language, as ``day_reason`` does."""
    from .calendar import _DAY_REASONS
    from .labels import day_kind_label

    plain = _DAY_REASONS.get(english)
    if plain is not None:
        return i18n.gettext(plain)
    special = _SPECIAL_DAY.match(english)
    if special is None:
        return english
    name = i18n.pgettext("holiday", special["name"])  # the engine's names are the msgids
    return f"{name} ({day_kind_label(special['kind'])})"


#: A field of an engine error template; other braces are literal text ("{ from = …, … }").
_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _fill(template: str, values: Mapping[str, str]) -> str | None:
    """`template` with each {name} replaced, as the engine fills it; None when an argument is
    missing (the caller keeps the engine's English rather than show a half-filled sentence)."""
    if any(name not in values for name in _FIELD.findall(template)):
        return None
    return _FIELD.sub(lambda match: values[match.group(1)], template)


def error_reason(error: Any) -> str:
    """The reason of an engine error in the current language, from its coded sentences
    (``reason_messages``); its English reason (``reason``, or the message of an error that is
    not a ParseError) when it has none or one of them is newer than this package."""
    english = str(getattr(error, "reason", "") or "") or str(error)
    messages = getattr(error, "reason_messages", None) or []
    if not messages:
        code = getattr(error, "reason_code", None)
        if not code:
            return english
        messages = [{"code": code, "arguments": getattr(error, "reason_arguments", None)}]
    texts = []
    for message in messages:
        text = error_message(str(message.get("code") or ""), message.get("arguments"))
        if text is None:
            return english
        texts.append(text)
    return ": ".join(texts)


def error_text(error: BaseException) -> str:
    """What the command line prints for an error: an engine ParseError as
    ``file:line: trường 'x': reason`` and the other engine errors as their reason, in the
    current language; other errors as they are."""
    from .errors import CchcError, ParseError

    if isinstance(error, ParseError):
        if error.reason_code is None and error.reason_messages is None:
            return str(error)  # raised by the Python package, already in the language
        return ParseError.format(error.source, error.line, error.field, error_reason(error))
    if isinstance(error, CchcError) and error.reason_messages:
        return error_reason(error)
    return str(error)


#: How the CSV reader starts a reason that is about the whole row, not one cell.
_WHOLE_ROW = "whole row: "


def rejection_reasons(rejected: Any) -> list[str]:
    """The reason of each row of a ``rejected()`` table, in the current language (the
    ``reason`` column as it is for rows without a code)."""
    if "reason_code" not in rejected.columns:
        return [str(reason) for reason in rejected["reason"]]
    arguments = (rejected["reason_arguments"] if "reason_arguments" in rejected.columns
                 else [None] * len(rejected))
    reasons = []
    for code, args, reason in zip(rejected["reason_code"], arguments, rejected["reason"]):
        english = str(reason)
        text = rejection_reason(code, None if _missing(args) else args, english)
        if english.startswith(_WHOLE_ROW) and text != english:
            text = i18n.gettext(N_("whole row: {reason}")).format(reason=text)
        reasons.append(text)
    return reasons


#: Arguments that are points or computed values: shown with 2 decimals at most. The others
#: (thresholds, shares, counts, what a person typed) are shown as exact as they are.
_ROUNDED = frozenset({"points", "raw", "value", "max", "cap", "percent"})


def _argument(name: str, value: Any, overrides: Mapping[str, str]) -> str:
    if name in overrides:
        return overrides[name]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value, 2 if name in _ROUNDED else None)
    text = "" if value is None else str(value)
    if name in ("date", "deadline"):
        try:
            return format_date(_dt.date.fromisoformat(text))
        except ValueError:
            return text
    if name == "aggregation":
        return aggregation_label(text)
    if name in ("status", "plan_status"):
        return status_label(text)
    if name == "indicator":
        return _indicator_name(text)
    if name == "scorer":
        return scorer_label(text)
    if name == "stage":  # a composite warning about the data after the preparing steps
        return i18n.gettext(N_("after preparation, ")) if text else ""
    return text


def _indicator_name(key: str) -> str:
    """A dossier indicator's name in the current language; another key as it is."""
    from .dossier import indicator_definitions

    definitions = indicator_definitions().set_index("key")
    if key not in definitions.index:
        return key
    return str(definitions.loc[key, "name_vi" if i18n.get_language() == "vi" else "name_en"])


def source_text(report: Any, answer: Mapping[str, Any]) -> str:
    """Where an answer's input came from (its ``input_source``), in the current language; the
    plan is named by its title."""
    overrides = {"plan": str(report.plan_title)} if getattr(report, "plan_title", "") else {}
    message = answer.get("input_source_message")
    return render(None if _missing(message) else message, str(answer.get("input_source") or ""),
                  overrides)


def render(message: Mapping[str, Any] | None, fallback: str = "",
           overrides: Mapping[str, str] | None = None) -> str:
    """One message (``{"code": …, "arguments": {…}}``) in the current language; `fallback`
    (the engine's English text) when there is no message or its code is newer than this
    package. `overrides` replaces arguments by text already written (a nested explanation)."""
    if not message or not message.get("code"):
        return fallback
    template = TEMPLATES.get(str(message["code"]))
    if template is None:
        return fallback
    arguments = message.get("arguments") or {}
    values = {name: _argument(name, value, overrides or {}) for name, value in arguments.items()}
    if message["code"] == "finding.done_differs_from_data":
        values["declared"] = _done_late(arguments.get("declared_done"),
                                        arguments.get("declared_late"))
        values["given"] = _done_late(arguments.get("given_done"), arguments.get("given_late"))
    return i18n.gettext(template).format(**values)


def _done_late(done: Any, late: Any) -> str:
    """'done = yes, late = no' in words: what a pass/fail answer says."""
    if done not in ("yes", "no"):
        return i18n.gettext("none")
    if done == "no":
        return i18n.gettext("done = {done}").format(done=i18n.yes_no(False))
    return i18n.gettext("done = {done}, late = {late}").format(
        done=i18n.yes_no(True), late=i18n.yes_no(late == "yes"))


def render_parts(parts: Sequence[Mapping[str, Any]] | None, fallback: str = "",
                 overrides: Mapping[str, str] | None = None) -> str:
    """Several messages joined by "; " (a finding's details), in the current language."""
    if not parts:
        return fallback
    texts = [render(part, "", overrides) for part in parts]
    if not all(texts):
        return fallback
    return "; ".join(texts)


# --- the tables of a score report, written for people ------------------------------------------


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _signed(value: float) -> str:
    text = format_number(value, 2)
    return text if text.startswith("-") or text == "0" else "+" + text


def node_explanations(report: Any) -> dict[str, str]:
    """Criterion code → how its points were computed, in the current language."""
    out = {}
    for row in report.nodes.to_dict("records"):
        message = row.get("explanation_message")
        fallback = "" if _missing(row.get("explanation")) else str(row["explanation"])
        parts = row.get("explanation_parts")
        if not _missing(parts) and len(parts) > 0:  # capped_terms: its parts joined by spaces
            out[str(row["code"])] = _joined_parts(parts, fallback)
            continue
        out[str(row["code"])] = render(None if _missing(message) else message, fallback)
    return out


def _joined_parts(parts: Sequence[Mapping[str, Any]], fallback: str) -> str:
    """A capped_terms explanation: its parts joined by spaces. A term's rounding is left out
    where the term already shows as its rounded value (values show with 2 decimals)."""
    texts: list[str] = []
    shown = ""  # the previous term's value as shown
    for part in parts:
        text = render(part, "")
        if not text:
            return fallback
        arguments = part.get("arguments") or {}
        if part.get("code") == "rule.capped_terms.term":
            shown = _argument("raw", arguments.get("raw"), {})
        elif part.get("code") == "rule.capped_terms.rounded" and (
                _argument("points", arguments.get("points"), {}) == shown):
            continue
        texts.append(text)
    return " ".join(texts)


def input_texts(report: Any) -> dict[str, str]:
    """Leaf code → the inputs its rule read (value, done, late, best, self-score, dates and
    where a value came from), in the current language."""
    answers = {}
    if report.assessment is not None:
        answers = {code: report.assessment.answer(code) for code in report.assessment.codes}
    out = {}
    for row in report.nodes.to_dict("records"):
        if not row.get("is_leaf"):
            continue
        read = row.get("rule_input")
        read = {} if _missing(read) else dict(read)
        parts = []
        if row.get("rule") == "pass_fail":
            if read.get("done") is not None:
                parts.append(i18n.gettext("done: {answer}").format(
                    answer=i18n.yes_no(bool(read["done"]))))
            if read.get("late"):
                parts.append(i18n.gettext("late: {answer}").format(answer=i18n.yes_no(True)))
        elif row.get("rule") != "manual":
            if read.get("value") is not None:
                parts.append(i18n.gettext("value: {value}").format(
                    value=format_number(read["value"], 2)))
            if read.get("best") is not None:
                parts.append(i18n.gettext("best unit: {value}").format(
                    value=format_number(read["best"], None)))
        if read.get("self_score") is not None:
            parts.append(i18n.gettext("self-score: {value}").format(
                value=format_number(read["self_score"], None)))
        answer = answers.get(str(row["code"]), {})
        if answer.get("done_on"):
            parts.append(i18n.gettext("done on: {date}").format(
                date=format_date(answer["done_on"])))
        if answer.get("deadline"):
            parts.append(i18n.gettext("deadline: {date}").format(
                date=format_date(answer["deadline"])))
        text = ", ".join(parts)
        source = source_text(report, answer) if answer else ""
        if source:
            text = f"{text} ({source})" if text else source
        out[str(row["code"])] = text
    return out


def finding_messages(report: Any) -> list[str]:
    """The message of each row of ``report.findings``, in the current language."""
    explanations = node_explanations(report)
    sources = {}
    if report.assessment is not None:
        sources = {code: source_text(report, report.assessment.answer(code))
                   for code in report.assessment.codes}
    out = []
    for row in report.findings.to_dict("records"):
        overrides = {"explanation": explanations.get(str(row["code"]), "")}
        if sources.get(str(row["code"])):
            overrides["source"] = sources[str(row["code"])]
        details = row.get("details")
        out.append(render_parts(None if _missing(details) else details, str(row["message"]),
                                overrides))
    return out


def lost_reasons(report: Any) -> list[str]:
    """Why each leaf of ``report.lost_points`` lost points, in the current language."""
    from .labels import rule_label, status_label

    explanations = node_explanations(report)
    nodes = {str(row["code"]): row for row in report.nodes.to_dict("records")}
    out = []
    for code in report.lost_points["code"]:
        node = nodes[str(code)]
        explanation = explanations.get(str(code), "")
        if node.get("status") == "unanswered":
            out.append(status_label("unanswered"))
        elif node.get("status") == "invalid":
            out.append(i18n.gettext("invalid input: {explanation}").format(
                explanation=explanation))
        else:
            out.append(f"{rule_label(node.get('rule'))}: {explanation}")
    return out


def comparison_explanations(report: Any) -> list[str]:
    """The explanation of each row of ``report.comparison`` (self against appraised), in the
    current language: a leaf by its appraisal note, a criterion by its sub-criteria that
    differ, the total by its areas that differ."""
    nodes = report.nodes
    criteria = report.framework.nodes.set_index("code")
    parents = {str(code): ("" if _missing(parent) else str(parent))
               for code, parent in criteria["parent"].items()}
    leaves = {str(code): bool(leaf) for code, leaf in zip(nodes["code"], nodes["is_leaf"])}
    applicable = {str(code): not _missing(points)
                  for code, points in zip(nodes["code"], nodes["points"])}
    rows = report.comparison.to_dict("records")
    difference = {str(row["code"]): (None if _missing(row["difference"])
                                     else float(row["difference"])) for row in rows}
    notes = {}
    if report.assessment is not None:
        notes = {code: report.assessment.answer(code)["appraisal_note"]
                 for code in report.assessment.codes}

    def differing(children: list[str]) -> str:
        return ", ".join(f"{child} ({_signed(difference[child] or 0.0)})" for child in children
                         if difference.get(child))

    out = []
    for row in rows:
        code = str(row["code"])
        gap = difference[code]
        if code == "TOTAL":
            areas = [c for c in difference if c != "TOTAL" and parents.get(c) == ""]
            parts = differing(areas)
            out.append(i18n.gettext("differs in {parts}").format(parts=parts) if parts
                       else i18n.gettext("no difference"))
        elif gap is None:
            out.append("" if applicable.get(code) else i18n.gettext("not applicable"))
        elif leaves.get(code):
            if gap == 0:
                out.append(i18n.gettext("recognised"))
            else:
                out.append(i18n.gettext("appraised {appraised} instead of {self}: {note}").format(
                    appraised=format_number(row["appraised_points"], 2),
                    self=format_number(row["self_points"], 2),
                    note=notes.get(code) or i18n.gettext("no appraisal note")))
        elif gap == 0:
            out.append(i18n.gettext("no difference"))
        else:
            children = [c for c in difference if parents.get(c) == code]
            parts = differing(children)
            out.append(i18n.gettext("differs in {parts}").format(parts=parts) if parts
                       else i18n.gettext("capping or weighting"))
    return out


def _with_unit(value: Any, unit: str) -> str:
    text = format_number(value, 2)
    if unit == "percent":
        return f"{text} %" if i18n.get_language() == "vi" else f"{text}%"
    if unit == "days":
        return i18n.gettext("{count} days").format(count=text)
    return text


def target_explanations(targets: Any) -> list[str]:
    """How each target of a scorecard (``cchc.target.scorecard``) was judged, in the current
    language, from its numbers: value against level, met or the gap, progress against the
    time elapsed, the status and the trend."""
    from .labels import status_label

    signs = {"at_least": "≥", "at_most": "≤", "exactly": "="}
    out = []
    for row in targets.to_dict("records"):
        unit = "" if _missing(row.get("unit")) else str(row["unit"])
        sign = signs.get(str(row.get("comparator")), "")
        level = f"{sign} {_with_unit(row.get('level'), unit)}".strip()
        if _missing(row.get("value")):
            out.append(i18n.gettext("no value yet (level {level})").format(level=level)
                       + " → " + status_label(row.get("status")))
            continue
        text = i18n.gettext("value {value} against level {level}").format(
            value=_with_unit(row["value"], unit), level=level)
        if bool(row.get("met")):
            text += ": " + i18n.gettext("met")
        elif not _missing(row.get("gap")):
            text += ": " + i18n.gettext("not met, gap {gap}").format(
                gap=_with_unit(row["gap"], unit))
        if not _missing(row.get("progress")) and not _missing(row.get("elapsed")):
            text += "; " + i18n.gettext("progress {progress} against time elapsed {elapsed}").format(
                progress=i18n.format_percent(100.0 * float(row["progress"])),
                elapsed=i18n.format_percent(100.0 * float(row["elapsed"])))
        text += " → " + status_label(row.get("status"))
        trend = row.get("trend")
        if not _missing(trend) and trend != "not_applicable":
            text += "; " + i18n.gettext("trend: {trend}").format(trend=status_label(trend))
        out.append(text)
    return out


__all__ = [
    "REJECTION_TEMPLATES",
    "TEMPLATES",
    "comparison_explanations",
    "finding_messages",
    "input_texts",
    "lost_reasons",
    "node_explanations",
    "error_message",
    "error_reason",
    "error_text",
    "rejection_reason",
    "rejection_reasons",
    "render",
    "render_parts",
    "target_explanations",
]
