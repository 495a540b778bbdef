"""Reads the dossier figures a quarterly report states in its text and reconciles them
(``cchc report check report.txt``).

A CCHC report states its one-stop figures in prose ("Tổng số hồ sơ đã tiếp nhận trong kỳ là
6.086, trong đó: số mới tiếp nhận 6.063 (trực tuyến: 5.626, trực tiếp và qua dịch vụ bưu
chính: 437) …"), sometimes in a table flattened to text. ``read_report`` finds each figure
with its line, ``check_report`` reconciles them with each other (``cchc.dossier.reconcile``)
and, given the dossier export, with the records (``cchc.dossier.compare``). Reading rules,
what is and is not understood: docs/dossier/report-check.md.

>>> text = ("Tổng số hồ sơ tiếp nhận: 6.086 hồ sơ, trong đó: mới tiếp nhận 6.063,\\n"
...         "từ kỳ trước chuyển qua 24 hồ sơ.")
>>> result = check_report(text)
>>> [(item.kind, item.lines) for item in result.findings]
[('sum', (1, 2))]
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from .errors import CchcError
from .i18n import LANGUAGES, _, format_number, get_language, language
from .reconcile import (
    FIGURES,
    Inconsistency,
    ReportedFigures,
    StatedPercentage,
    compare,
    reconcile,
)

# --- words -----------------------------------------------------------------------------------
# Messages are English msgids translated by the gettext catalogs (cchc.i18n, docs/i18n.md); the
# tables are built when shown, so that they speak the language in force.

def _figure_names() -> dict[str, str]:
    """The words for each figure key, in the language in force."""
    return {
        "total": _("total received"),
        "received_new": _("newly received"),
        "carried_over": _("carried over"),
        "online": _("received online"),
        "in_person_or_postal": _("in person or by post"),
        "resolved": _("resolved"),
        "early": _("resolved early"),
        "on_time": _("resolved on time"),
        "early_or_on_time": _("resolved early or on time"),
        "late": _("resolved late"),
        "pending": _("pending"),
        "pending_within": _("pending within time"),
        "pending_overdue": _("pending overdue"),
        "closed_without_result": _("refused or withdrawn"),
    }


def _messages() -> dict[str, str]:
    """The message of each kind of finding, in the language in force."""
    return {
        "sum": _("{whole} {stated} but {parts} = {sum} (difference {difference})"),
        "parts_exceed_whole": _("{whole} {stated} is less than the stated parts {parts} = {sum} (difference {difference})"),
        "percentage_out_of_range": _("the percentage {percent} is outside 0–100 %"),
        "percentage_zero_denominator": _("percentage {percent}: the denominator is 0, not applicable"),
        "percentage_mismatch": _("stated {percent} but {ratio} = {computed}"),
        "percentage_part_mismatch": _("percentage {percent}: the stated {role} {part} is not the stated {figure} {value} (difference {difference})"),
        "differs_from_records": _("{figure}: the report states {stated} but the records give {counted} (difference {difference})"),
        "conflicting_statements": _("{figure} is stated twice with different numbers: {first} (line {line1}) and {second} (line {line2})"),
        "unreadable_number": _("cannot read '{text}' of {figure} exactly: {reason}"),
        "table_column_sum": _("column '{column}': the total row {stated} but the rows add up to {sum} (difference {difference})"),
        "table_row_shape": _("the table row has {cells} cells, its header {header}: not read"),
        "window_differs": _("the report states data from {stated} but the window compared is {window}"),
    }


def _words() -> dict[str, str]:
    """Words that messages are built from, in the language in force."""
    return {
        "numerator": _("numerator"),
        "denominator": _("denominator"),
        "to": _("to"),
        "count_comma": _("a count with a comma: decimal comma or thousands separator?"),
        "count_fraction": _("a number of dossiers is a whole number"),
        "bad_grouping": _("digit groups are not thousands (3 digits each)"),
        "percent_ambiguous": _("a percentage with a dot and 3 digits after it: decimal or thousands?"),
        "percent": _("percentage"),
    }


#: The figure keys that have words (the figures of cchc.dossier.reconcile).
FIGURE_KEYS: tuple[str, ...] = tuple(FIGURES)


def _text(table: Callable[[], dict[str, str]], key: str, lang: str | None) -> str:
    """``table()[key]`` in ``lang`` (``None``: the language in force)."""
    with language(lang):
        return table()[key]


def _checked_language(lang: str | None) -> str:
    if lang is not None and lang not in LANGUAGES:
        raise CchcError(_("language '{lang}' is not available (choose vi or en)").format(lang=lang))
    return lang or get_language()


def format_count(value: float, lang: str | None = None) -> str:
    """A whole number for people: ``6.086`` in Vietnamese, ``6,086`` in English."""
    return format_number(int(round(value)), 0, lang=lang)


def format_percent(value: float, decimals: int, lang: str | None = None) -> str:
    """A percentage for people with the decimals it was written with: ``69,6 %``, ``99,80 %``
    in Vietnamese, ``69.6%`` in English (the separators of cchc.i18n)."""
    text = format_number(value, decimals, fixed=True, lang=lang)
    return f"{text} %" if _checked_language(lang) == "vi" else f"{text}%"


def figure_name(figure: str, lang: str | None = None) -> str:
    """The words for a figure key ("tổng số hồ sơ tiếp nhận" / "total received")."""
    return _text(_figure_names, figure, lang)


# --- reading numbers -------------------------------------------------------------------------

class _Unreadable(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def parse_count(text: str) -> int:
    """A number of dossiers as reports write it: ``6086``, ``6.086``, ``6 086``, ``01``.
    Raises ``ValueError`` for anything that cannot be read exactly: a comma ("6,086": decimal
    or thousands?), digit groups that are not thousands ("6.08")."""
    text = text.replace("\u00a0", " ").strip()
    if "," in text:
        raise _Unreadable("count_comma")
    groups = re.split(r"[. ]", text)
    if len(groups) == 1:
        return int(groups[0])
    if not (1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])):
        raise _Unreadable("bad_grouping")
    return int("".join(groups))


def parse_percent(text: str) -> tuple[float, int]:
    """A percentage as reports write it, without the sign: ``69,6`` → (69.6, 1 decimal);
    ``99.98`` (a decimal dot, as often typed) → (99.98, 2); ``100`` → (100.0, 0). A dot
    followed by exactly three digits ("12.345") is ambiguous and raises ``ValueError``."""
    text = text.replace("\u00a0", "").replace(" ", "").strip()
    if "," in text:
        whole, _, fraction = text.rpartition(",")
        whole_value = parse_count(whole) if whole else 0
        return float(f"{whole_value}.{fraction}"), len(fraction)
    if "." in text:
        whole, _, fraction = text.rpartition(".")
        if len(fraction) == 3 or "." in whole:
            raise _Unreadable("percent_ambiguous")
        return float(text), len(fraction)
    return float(int(text)), 0


# --- the document as one text with line numbers ----------------------------------------------

@dataclasses.dataclass(frozen=True)
class Statement:
    """A figure the report states: its key, value, line (1-based), the text it was read from
    and the scope ("" for the whole report, else a field or table row)."""

    figure: str
    value: int
    line: int
    text: str
    scope: str = ""


@dataclasses.dataclass(frozen=True)
class PercentStatement:
    """A percentage the report states, with its line and scope (see ``StatedPercentage``)."""

    percentage: StatedPercentage
    line: int
    text: str
    scope: str = ""


@dataclasses.dataclass(frozen=True)
class Finding:
    """One inconsistency in a report: a stable ``kind``, the ``line`` to look at first and all
    ``lines`` involved, the ``scope`` ("" for the whole report), the figures involved, the
    stated value and what its parts (or the records) give, a message for people (in the
    language asked) and the English ``detail`` of the check."""

    kind: str
    line: int
    lines: tuple[int, ...]
    scope: str
    figures: tuple[str, ...]
    stated: float | None
    expected: float | None
    message: str
    detail: str

    def as_dict(self) -> dict[str, Any]:
        """The finding with stable English keys (for ``--json``)."""
        return dataclasses.asdict(self)


@dataclasses.dataclass
class ReportReading:
    """What ``read_report`` found: statements and percentages per scope, the data window the
    report states (if any), numbers it could not read, and phrases it did not assign."""

    source: str
    statements: list[Statement]
    percentages: list[PercentStatement]
    problems: list[Finding]
    window: tuple[_dt.date, _dt.date] | None = None
    window_line: int | None = None
    unassigned: list[tuple[int, str]] = dataclasses.field(default_factory=list)

    def scopes(self) -> list[str]:
        """The scopes in order of appearance ("" first: the whole report)."""
        seen: list[str] = [""]
        for scope in [*(s.scope for s in self.statements), *(p.scope for p in self.percentages)]:
            if scope not in seen:
                seen.append(scope)
        return seen

    def figures(self, scope: str = "") -> ReportedFigures:
        """The figures of one scope, as ``reconcile`` takes them (the first statement of a
        figure; a different second one is a ``conflicting_statements`` finding)."""
        values: dict[str, int | None] = {}
        for statement in self.statements:
            if statement.scope == scope and statement.figure in FIGURES:
                values.setdefault(statement.figure, statement.value)
        _combine(self.statements, scope, values)
        percentages = [item.percentage for item in self.percentages if item.scope == scope]
        return ReportedFigures.from_mapping(values, percentages)


# Sub-figures whose sum is a figure when the report states them apart.
_SUMMED: dict[str, tuple[str, ...]] = {
    "in_person_or_postal": ("in_person", "postal"),
}


def _combine(statements: Sequence[Statement], scope: str, values: dict[str, int | None]) -> None:
    for figure, parts in _SUMMED.items():
        if values.get(figure) is not None:
            continue
        found: dict[str, int] = {}
        for statement in statements:
            if statement.scope == scope and statement.figure in parts:
                found.setdefault(statement.figure, statement.value)
        if len(found) == len(parts):
            values[figure] = sum(found.values())
    refused = [s.value for s in statements
               if s.scope == scope and s.figure in ("refused", "withdrawn")]
    if refused and values.get("closed_without_result") is None:
        values["closed_without_result"] = sum(refused)


# Labels, longest-leftmost wins. "overdue" and "within" take their meaning from the context
# (resolved: late; pending: pending overdue / within).
_LABELS: list[tuple[str, str]] = [
    (r"tổng (?:số )?(?:hồ sơ )?(?:tthc |thủ tục hành chính )?(?:đã |được )?"
     r"(?:tiếp nhận|nhận giải quyết)(?: giải quyết)?", "total"),
    (r"tổng số hồ sơ(?: tthc| thủ tục hành chính)?", "total?"),
    (r"(?:số )?(?:hồ sơ )?(?:đã )?tiếp nhận", "total"),
    (r"(?:số )?(?:hồ sơ )?mới tiếp nhận(?: trong kỳ)?|tiếp nhận mới(?: trong kỳ)?", "received_new"),
    (r"(?:số )?(?:hồ sơ )?(?:từ |của )?kỳ trước chuyển (?:qua|sang)|tồn (?:từ )?kỳ trước"
     r"(?: chuyển sang)?|kỳ trước chuyển tiếp", "carried_over"),
    (r"trực tiếp(?: và| hoặc|,| /|/)? ?(?:qua |nộp qua )?(?:dịch vụ )?bưu chính(?: công ích)?",
     "in_person_or_postal"),
    (r"trực tuyến", "online"),
    (r"trực tiếp(?: tại bộ phận một cửa)?", "in_person"),
    (r"(?:qua )?(?:dịch vụ )?bưu chính(?: công ích)?", "postal"),
    (r"trước hạn và đúng hạn|đúng hạn và trước hạn|trước và đúng hạn|đúng và trước hạn|"
     r"trước hạn, đúng hạn|đúng hạn, trước hạn", "early_or_on_time"),
    (r"trước hạn", "early"),
    (r"đúng hạn", "on_time"),
    (r"quá hạn|trễ hạn|chậm hạn|chậm trả", "overdue"),
    (r"trong hạn|chưa đến hạn|còn hạn", "within"),
    (r"(?:đã )?giải quyết xong|đã giải quyết|đã có kết quả|đã xử lý", "resolved"),
    (r"đang (?:giải quyết|xử lý)|chưa giải quyết|đang trong (?:quá trình|thời hạn) giải quyết",
     "pending"),
    (r"từ chối(?: giải quyết)?|trả lại(?: hồ sơ)?", "refused"),
    (r"rút hồ sơ|(?:công dân|người dân|tổ chức) rút|xin rút", "withdrawn"),
]
_LABEL_PATTERNS = [(re.compile(pattern), key) for pattern, key in _LABELS]
# "dịch vụ công trực tuyến" is a service offered, not a channel of dossiers.
_NOT_ONLINE = re.compile(r"(?:dịch vụ công|dvc|dvctt|cổng dịch vụ công)\s*$")

_CONTEXT = {
    "total": "received", "total?": "received", "received_new": "received",
    "carried_over": "received", "online": "received", "in_person_or_postal": "received",
    "in_person": "received", "postal": "received", "resolved": "resolved", "early": "resolved",
    "on_time": "resolved", "early_or_on_time": "resolved", "pending": "pending",
}
_PARENT = {
    "online": "received_new", "in_person_or_postal": "received_new", "received_new": "total",
    "carried_over": "total", "resolved": "total", "pending": "total", "early": "resolved",
    "on_time": "resolved", "early_or_on_time": "resolved", "late": "resolved",
    "pending_within": "pending", "pending_overdue": "pending",
}
_NUMBER = re.compile(
    r"(?<![\w./,-])(\d{1,3}(?:[\u00a0 ]\d{3})+(?![\d,.]\d)|\d+(?:[.,]\d+)*)(?![\w/])")
_PERCENT = re.compile(r"(?<![\w./,])(\d+(?:[.,]\d+)*)\s?%")
_FRACTION = re.compile(
    r"(?<![\w/.,])(\d+(?:[. ]\d{3})*)\s?/\s?(\d+(?:[. ]\d{3})*)(?![\w/]|[.,]\d)")
_SKIP_BEFORE = re.compile(
    r"(?:tháng|năm|ngày|quý|(?<!tổng )số|khoản|điều|mục|lần|giai đoạn|nghị định|quyết định|"
    r"thông tư|"
    r"kế hoạch|công văn|văn bản|chỉ thị|nghị quyết|mức độ|mức|top|hạng|thứ|phòng|tổ)\s*$")
_SHARE_START = re.compile(r"^\s*(?:chiếm|đạt|bằng|tương ứng|tỷ lệ|đạt tỷ lệ)\b")
_CHANGE = re.compile(r"(?:tăng|giảm)\s*(?:thêm\s*)?$")
_DOSSIER_WORDS = re.compile(r"hồ sơ|hài lòng")
_WINDOW = re.compile(
    r"từ (?:ngày )?(\d{1,2})/(\d{1,2})/(\d{4}) (?:đến|tới|-|–) "
    r"(?:ngày )?(\d{1,2})/(\d{1,2})/(\d{4})")
_FIELD_SCOPE = re.compile(r"^\s*(?:[-+•*]\s*)*lĩnh vực\s+([^:]{2,80}?)\s*:", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-+•*]|\d+[.)]|[a-zđ][.)]|[IVX]+\.)\s")


def _flatten(lines: Sequence[str]) -> tuple[str, list[int]]:
    """The prose as one lower-case string (line breaks as spaces, markdown emphasis blanked)
    and, for each character, its 1-based line."""
    characters: list[str] = []
    line_of: list[int] = []
    for number, line in enumerate(lines, start=1):
        text = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\t", " ")
        text = re.sub(r"[*_#`]", " ", text).lower() + " "
        for character in text:
            # Runs of spaces (a wrapped line's indent, "trước \nhạn") become one space.
            if character == " " and characters and characters[-1] == " ":
                continue
            characters.append(character)
            line_of.append(number)
    return "".join(characters), line_of


def _clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause: split at ', ' '; ' '. ' ':' is kept inside a clause."""
    bounds = [0]
    for match in re.finditer(r"[,;]\s|\.\s|[()]|\s[-–]\s|\s\+\s", text):
        bounds.append(match.start())
        bounds.append(match.end())
    bounds.append(len(text))
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)]


def _sentences(text: str) -> list[tuple[int, int]]:
    bounds = [0]
    for match in re.finditer(r"\.\s+", text):
        bounds.append(match.end())
    bounds.append(len(text))
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def _labels(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for pattern, key in _LABEL_PATTERNS:
        for match in pattern.finditer(text, start, end):
            before = text[max(0, match.start() - 30):match.start()]
            if key == "online" and _NOT_ONLINE.search(before):
                continue
            found.append((match.start(), match.end(), key))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    chosen: list[tuple[int, int, str]] = []
    for item in found:
        if chosen and item[0] < chosen[-1][1]:
            continue
        chosen.append(item)
    return chosen


class _Reader:
    def __init__(self, source: str, lines: Sequence[str], lang: str | None) -> None:
        self.source = source
        self.lines = lines
        self.lang = lang
        self.statements: list[Statement] = []
        self.percentages: list[PercentStatement] = []
        self.problems: list[Finding] = []
        self.unassigned: list[tuple[int, str]] = []
        self.window: tuple[_dt.date, _dt.date] | None = None
        self.window_line: int | None = None

    # -- prose ---------------------------------------------------------------------------------
    def prose(self, prose_lines: Sequence[str], scopes: dict[int, str]) -> None:
        text, line_of = _flatten(prose_lines)
        for match in _WINDOW.finditer(text):
            if self.window is None:
                try:
                    d1, m1, y1, d2, m2, y2 = (int(group) for group in match.groups())
                    self.window = (_dt.date(y1, m1, d1), _dt.date(y2, m2, d2))
                    self.window_line = line_of[match.start()]
                except ValueError:
                    pass
        for sentence_start, sentence_end in _sentences(text):
            self._sentence(text, line_of, sentence_start, sentence_end, scopes)

    def _sentence(self, text: str, line_of: list[int], start: int, end: int,
                  scopes: dict[int, str]) -> None:
        context = ""
        last_statement: Statement | None = None
        fractions = [m for m in _FRACTION.finditer(text, start, end)
                     if not re.search(r"(?:ngày|số|văn bản|công văn)\s*$",
                                      text[max(0, m.start() - 12):m.start()])]
        used: set[int] = set()
        for fraction in fractions:
            used.update(range(fraction.start(), fraction.end()))
        percents = list(_PERCENT.finditer(text, start, end))
        for percent in percents:
            used.update(range(percent.start(), percent.end()))
        is_dossier_sentence = bool(_DOSSIER_WORDS.search(text, start, end))
        for clause_start, clause_end in _clauses(text[start:end]):
            clause_start += start
            clause_end += start
            labels = _labels(text, clause_start, clause_end)
            events: list[tuple[int, str, Any]] = [(s, "label", (s, e, key)) for s, e, key in labels]
            for match in _NUMBER.finditer(text, clause_start, clause_end):
                if match.start() in used:
                    continue
                events.append((match.start(), "number", match))
            for percent in percents:
                if clause_start <= percent.start() < clause_end:
                    events.append((percent.start(), "percent", percent))
            events.sort(key=lambda item: item[0])
            pending_label: tuple[int, int, str] | None = None
            clause_figure: Statement | None = None
            for position, kind, payload in events:
                if kind == "label":
                    pending_label = payload
                    context = _CONTEXT.get(payload[2], context)
                    continue
                if kind == "percent":
                    if not is_dossier_sentence:
                        continue
                    label_key = pending_label[2] if pending_label else None
                    self._percent(text, line_of, payload, start, end, clause_start, label_key,
                                  context, clause_figure or (
                                      last_statement if _SHARE_START.search(
                                          text[clause_start:payload.start()]) else None),
                                  fractions, scopes)
                    continue
                match = payload
                before = text[max(clause_start, position - 25):position]
                if _SKIP_BEFORE.search(before):
                    continue
                after = text[match.end():min(clause_end, match.end() + 12)]
                rest = text[match.end():clause_end]
                # A count is followed by "hồ sơ" or ends its clause ("trong hạn: 13"); "03
                # lĩnh vực", "15 người" are other things.
                if not (re.match(r"\s*(?:hồ sơ|hs)\b", rest) or not rest.strip(" :.;,)*")):
                    continue
                label = pending_label
                if label is None:
                    # "6.072 hồ sơ giải quyết trước hạn": the label right after "hồ sơ".
                    following = re.match(
                        r"\s*(?:hồ sơ|hs)\b\s*(?:được |đã )?(?:giải quyết )?", after)
                    if following:
                        later = [item for item in labels if item[0] >= match.end()
                                 and item[0] <= match.end() + following.end() + 2]
                        if later:
                            label = later[0]
                            context = _CONTEXT.get(label[2], context)
                if label is None:
                    continue
                figure = self._figure(label[2], context)
                line = line_of[position]
                if figure is None:
                    self.unassigned.append((line, text[label[0]:match.end()].strip()))
                    pending_label = None
                    continue
                scope = scopes.get(line, "")
                try:
                    value = parse_count(match.group(1))
                except _Unreadable as error:
                    self.problems.append(
                        self._unreadable(match.group(1), figure, error.key, line, scope))
                    pending_label = None
                    continue
                statement = Statement(figure, value, line,
                                      text[label[0]:match.end()].strip(), scope)
                self.statements.append(statement)
                last_statement = statement
                clause_figure = statement
                pending_label = None

    @staticmethod
    def _figure(key: str, context: str) -> str | None:
        if key == "total?":
            return "total"
        if key == "overdue":
            return {"resolved": "late", "pending": "pending_overdue"}.get(context)
        if key == "within":
            return "pending_within" if context == "pending" else None
        return key

    def _unreadable(self, text: str, figure: str, reason_key: str, line: int,
                    scope: str) -> Finding:
        def words(lang: str | None) -> str:
            name = (figure_name(figure, lang) if figure in FIGURE_KEYS
                    else _text(_words, "percent", lang))
            return _text(_messages, "unreadable_number", lang).format(
                text=text, figure=name, reason=_text(_words, reason_key, lang))

        message, detail = words(self.lang), words("en")
        return Finding("unreadable_number", line, (line,), scope, (figure,), None, None,
                       message, detail)

    def _percent(self, text: str, line_of: list[int], match: re.Match[str], start: int, end: int,
                 clause_start: int, label_key: str | None, context: str,
                 previous: Statement | None, fractions: list[re.Match[str]],
                 scopes: dict[int, str]) -> None:
        line = line_of[match.start()]
        scope = scopes.get(line, "")
        if _CHANGE.search(text[max(start, match.start() - 15):match.start()]):
            return  # "tăng 2,7 %": a change, not a share
        try:
            percent, decimals = parse_percent(match.group(1))
        except (_Unreadable, ValueError) as error:
            key = error.key if isinstance(error, _Unreadable) else "percent_ambiguous"
            self.problems.append(self._unreadable(match.group(0), "percent", key, line, scope))
            return
        numerator_figure: str | None = None
        # The numerator is the last label before the percentage in its clause that does not
        # name the denominator ("trực tuyến trên tổng số hồ sơ tiếp nhận đạt 59,7 %").
        candidates = [key for label_start, _, key in _labels(text, clause_start, match.start())
                      if not re.search(r"(?:trên|/|so với|của)\s*$",
                                       text[max(clause_start, label_start - 10):label_start])]
        if label_key is not None and candidates:
            numerator_figure = self._figure(candidates[-1], context)
        elif previous is not None:
            numerator_figure = previous.figure
        if numerator_figure == "on_time":
            # "giải quyết đúng hạn 100 %", "tỷ lệ đúng hạn": the official on-time rate, which
            # counts early and on-time dossiers together (Decision 766, indicator 2.1).
            numerator_figure = "early_or_on_time"
        numerator = denominator = None
        # "5626/8086 hồ sơ, đạt tỷ lệ 69,6 %": the fraction just before, with no other
        # percentage in between.
        nearest = [f for f in fractions if f.end() <= match.start() < f.end() + 80
                   and not _PERCENT.search(text, f.end(), match.start())]
        if nearest:
            fraction = nearest[-1]
            try:
                numerator = parse_count(fraction.group(1))
                denominator = parse_count(fraction.group(2))
            except _Unreadable as error:
                self.problems.append(self._unreadable(fraction.group(0), "percent", error.key,
                                                      line, scope))
                return
            if numerator_figure is None:
                labels = _labels(text, start, fraction.start())
                if labels:
                    numerator_figure = self._figure(labels[-1][2], context)
        denominator_figure: str | None = None
        # The denominator a report names: "69,6 %/ tổng số hồ sơ", "trên tổng số hồ sơ tiếp
        # nhận", "so với số mới tiếp nhận", right after the percentage or before it in its clause.
        named = text[match.end():min(end, match.end() + 40)]
        before_percent = text[clause_start:match.start()]
        names_total = re.match(r"\s*(?:/|trên|so với|của)\s*(?:tổng số|tổng)", named) or \
            re.search(r"(?:trên|/)\s*tổng số", before_percent)
        new_words = r"(?:số\s*)?(?:hồ sơ\s*)?mới tiếp nhận"
        names_new = re.match(r"\s*(?:/|trên|so với|của)\s*" + new_words, named) or \
            re.search(r"(?:trên|/)\s*" + new_words, before_percent)
        if numerator_figure is not None and numerator_figure in _PARENT:
            if names_total and numerator_figure in ("online", "in_person_or_postal",
                                                     "received_new", "carried_over", "resolved",
                                                     "pending"):
                denominator_figure = "total"
            elif names_new and numerator_figure in ("online", "in_person_or_postal"):
                denominator_figure = "received_new"
            elif numerator is not None:
                denominator_figure = None  # stated parts: checked as written, not against a guess
            else:
                denominator_figure = _PARENT[numerator_figure]
        if numerator_figure is not None and numerator_figure not in FIGURES:
            numerator_figure = None
            denominator_figure = None
        if numerator_figure is not None and denominator_figure is None and numerator is None:
            numerator_figure = None
        label = text[max(clause_start, match.start() - 60):match.end()].strip()
        stated = StatedPercentage(label=label, percent=percent, decimals=decimals,
                                  numerator=numerator, denominator=denominator,
                                  numerator_figure=numerator_figure,
                                  denominator_figure=denominator_figure, source=f"line {line}")
        self.percentages.append(PercentStatement(stated, line, label, scope))

    # -- tables --------------------------------------------------------------------------------
    def table(self, rows: list[tuple[int, list[str]]]) -> None:
        header: list[str] | None = None
        columns: list[str | None] = []
        body: list[tuple[int, str, list[int | None]]] = []
        for line, cells in rows:
            numeric = [_cell_number(cell) for cell in cells]
            is_numbering = all(re.fullmatch(r"\(?\d+\)?", cell.strip() or "x") for cell in cells) \
                and [int(re.sub(r"\D", "", c)) for c in cells] == list(range(1, len(cells) + 1))
            if is_numbering:
                continue
            if header is None or (not body and sum(n is not None for n in numeric) == 0):
                header = cells if header is None else [
                    f"{top} {bottom}".strip() for top, bottom in
                    zip(header + [""] * (len(cells) - len(header)), cells)]
                columns = _table_columns(header)
                continue
            if len(cells) != len(header):
                self.problems.append(Finding(
                    "table_row_shape", line, (line,), "", (), None, None,
                    _text(_messages, "table_row_shape", self.lang).format(
                        cells=len(cells), header=len(header)),
                    _text(_messages, "table_row_shape", "en").format(
                        cells=len(cells), header=len(header))))
                continue
            label = " ".join(cell.strip() for cell, figure in zip(cells, columns)
                             if figure is None and _cell_number(cell) is None).strip()
            values: list[int | None] = []
            for cell, figure in zip(cells, columns):
                if figure is None:
                    values.append(None)
                    continue
                raw = cell.strip().replace("*", "")
                if raw in ("", "-", "–"):
                    values.append(None)
                    continue
                try:
                    values.append(parse_count(raw))
                except (_Unreadable, ValueError) as error:
                    key = error.key if isinstance(error, _Unreadable) else "count_fraction"
                    self.problems.append(self._unreadable(raw, figure, key, line, label))
                    values.append(None)
            body.append((line, label, values))
        if header is None:
            return
        total_rows = [row for row in body if re.match(r"^(?:tổng cộng|tổng số|tổng|cộng)\b",
                                                      row[1].lower())]
        part_rows = [row for row in body if row not in total_rows]
        for line, label, values in body:
            scope = "" if (line, label, values) in total_rows else label
            for figure, value in zip(columns, values):
                if figure is not None and value is not None:
                    self.statements.append(Statement(figure, value, line, label, scope))
        for line, label, values in total_rows:
            for position, (figure, value) in enumerate(zip(columns, values)):
                if figure is None or value is None:
                    continue
                parts = [row[2][position] for row in part_rows]
                if not parts or any(part is None for part in parts):
                    continue
                total = sum(part for part in parts if part is not None)
                if total != value:
                    column = header[position].strip()
                    lines = tuple(sorted({line, *(row[0] for row in part_rows)}))
                    message = _text(_messages, "table_column_sum", self.lang).format(
                        column=column, stated=format_count(value, self.lang),
                        sum=format_count(total, self.lang),
                        difference=format_count(value - total, self.lang))
                    detail = _text(_messages, "table_column_sum", "en").format(
                        column=column, stated=value, sum=total, difference=value - total)
                    self.problems.append(Finding("table_column_sum", line, lines, "", (figure,),
                                                 float(value), float(total), message, detail))


def _cell_number(cell: str) -> int | None:
    text = cell.strip().replace("*", "")
    if not re.fullmatch(r"\d[\d. \u00a0]*", text):
        return None
    try:
        return parse_count(text)
    except ValueError:
        return None


def _table_columns(header: Sequence[str]) -> list[str | None]:
    """The figure of each header cell; a bare "Tổng số" is the whole of the group it opens:
    received, then resolved, then pending (the order of Biểu số 06/VPCP/KSTT)."""
    columns: list[str | None] = []
    group = ""
    for cell in header:
        text = unicodedata.normalize("NFC", cell).lower().strip()
        labels = _labels(text, 0, len(text))
        keys = [key for _, _, key in labels]
        figure: str | None = None
        if re.fullmatch(r"(?:tổng số|tổng|cộng)", text) or (
                keys and keys[-1] in ("total?",) and len(keys) == 1):
            figure = {"": "total", "received": "resolved", "resolved": "pending"}.get(group)
            group = {"": "received", "received": "resolved",
                     "resolved": "pending"}.get(group, group)
        elif keys:
            key = keys[-1]
            context = _CONTEXT.get(key, group)
            if key in ("total", "total?"):
                for candidate in reversed(keys):
                    if candidate in ("resolved", "pending"):
                        key = candidate
                        break
            figure = _Reader._figure(key, group if key in ("overdue", "within") else context)
            if key in _CONTEXT:
                group = _CONTEXT[key]
            if figure in ("late",):
                group = "resolved"
        columns.append(figure)
    return columns


def _split_table_line(line: str) -> list[str] | None:
    stripped = line.strip()
    if stripped.count("|") >= 3:
        cells = stripped.strip("|").split("|")
    elif line.count("\t") >= 3:
        cells = line.strip("\n").split("\t")
    else:
        return None
    if all(re.fullmatch(r"\s*:?-{2,}:?\s*", cell) for cell in cells):
        return []
    # Markdown emphasis ("**Tổng cộng**", "**1.243**") is not part of a cell's text.
    return [re.sub(r"[*_`]", "", cell).strip() for cell in cells]


def read_report(text: str, source: str = "<text>", lang: str | None = None) -> ReportReading:
    """Finds the dossier figures and percentages ``text`` states, each with its line, the data
    window it states ("Số liệu tính từ ngày 15/12/2022 đến 14/3/2023") and the numbers it could
    not read exactly (never guessed: "6,086" as a count is refused). Messages are in ``lang``
    (default: the language in force, cchc.i18n)."""
    _checked_language(lang)
    lines = text.splitlines()
    reader = _Reader(source, lines, lang)
    prose_lines: list[str] = []
    scopes: dict[int, str] = {}
    table: list[tuple[int, list[str]]] = []
    scope = ""
    for number, line in enumerate(lines, start=1):
        cells = _split_table_line(line)
        if cells is not None:
            prose_lines.append("")
            if cells:
                table.append((number, cells))
            continue
        if table:
            reader.table(table)
            table = []
        prose_lines.append(line)
        field = _FIELD_SCOPE.match(line)
        if field:
            scope = field.group(1).strip()
        elif not line.strip() or _BULLET.match(line):
            scope = ""
        if scope:
            scopes[number] = scope
    if table:
        reader.table(table)
    reader.prose(prose_lines, scopes)
    reader.statements.sort(key=lambda item: item.line)
    return ReportReading(source, reader.statements, reader.percentages, reader.problems,
                         reader.window, reader.window_line, reader.unassigned)


@dataclasses.dataclass
class ReportCheck:
    """The result of ``check_report``: what was read, and the findings (empty: consistent)."""

    reading: ReportReading
    findings: list[Finding]
    compared_window: tuple[_dt.date, _dt.date] | None = None

    @property
    def consistent(self) -> bool:
        """True when nothing is inconsistent."""
        return not self.findings


def _lines_of(reading: ReportReading, scope: str, figures: Sequence[str]) -> tuple[int, ...]:
    lines: list[int] = []
    for figure in figures:
        parts = _SUMMED.get(figure, ())
        if figure == "closed_without_result":
            parts = ("refused", "withdrawn")
        for statement in reading.statements:
            if statement.scope == scope and (statement.figure == figure
                                             or statement.figure in parts):
                lines.append(statement.line)
                break
    return tuple(lines)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _finding(reading: ReportReading, scope: str, figures: ReportedFigures,
             item: Inconsistency, lang: str | None) -> Finding:
    def words(lang: str | None) -> str:
        template = _text(_messages, item.kind, lang)
        values = figures.figures()
        if item.kind in ("sum", "parts_exceed_whole"):
            whole, *parts = item.figures
            terms = " + ".join(f"{figure_name(part, lang)} {format_count(values[part] or 0, lang)}"
                               for part in parts)
            return template.format(whole=_capitalised(figure_name(whole, lang)),
                                   stated=format_count(item.stated, lang), parts=terms,
                                   sum=format_count(item.from_parts, lang),
                                   difference=format_count(item.stated - item.from_parts, lang))
        if item.kind == "differs_from_records":
            return template.format(figure=_capitalised(figure_name(item.figures[0], lang)),
                                   stated=format_count(item.stated, lang),
                                   counted=format_count(item.from_parts, lang),
                                   difference=format_count(item.stated - item.from_parts, lang))
        percentage = figures.percentages[item.percentage or 0]
        percent = format_percent(percentage.percent, percentage.decimals, lang)
        if item.kind == "percentage_part_mismatch":
            numerator = item.identity.split(" = ")[0].endswith("numerator")
            role = _text(_words, "numerator" if numerator else "denominator", lang)
            return template.format(percent=percent, role=role,
                                   part=format_count(item.stated, lang),
                                   figure=figure_name(item.figures[0], lang),
                                   value=format_count(item.from_parts, lang),
                                   difference=format_count(item.stated - item.from_parts, lang))
        if item.kind == "percentage_mismatch":
            if item.figures:
                numerator_value = _value_for(figures, item.figures[0], values)
                denominator_value = _value_for(figures, item.figures[1], values)
                ratio = (f"{figure_name(item.figures[0], lang)} / "
                         f"{figure_name(item.figures[1], lang)} = "
                         f"{format_count(numerator_value, lang)}/"
                         f"{format_count(denominator_value, lang)}")
            else:
                ratio = (f"{format_count(percentage.numerator or 0, lang)}/"
                         f"{format_count(percentage.denominator or 0, lang)}")
            return template.format(percent=percent, ratio=ratio,
                                   computed=format_percent(item.from_parts,
                                                           percentage.decimals + 2, lang))
        return template.format(percent=percent)

    if item.percentage is not None:
        percentage_line = int(figures.percentages[item.percentage].source.split()[-1])
        lines = tuple(sorted({percentage_line, *_lines_of(reading, scope, item.figures)}))
        line = percentage_line
    else:
        lines = tuple(sorted(set(_lines_of(reading, scope, item.figures))))
        first = _lines_of(reading, scope, item.figures[:1])
        line = first[0] if first else (lines[0] if lines else 0)
    return Finding(item.kind, line, lines, scope, item.figures, item.stated, item.from_parts,
                   words(lang), item.message)


def _value_for(figures: ReportedFigures, figure: str, values: dict[str, int | None]) -> int:
    value = values.get(figure)
    if value is not None:
        return value
    if figure == "early_or_on_time":  # as reconcile.hpp derives it
        if figures.early is not None and figures.on_time is not None:
            return figures.early + figures.on_time
        if figures.resolved is not None and figures.late is not None:
            return figures.resolved - figures.late
    return 0


def _conflicts(reading: ReportReading, lang: str | None) -> list[Finding]:
    found: list[Finding] = []
    first: dict[tuple[str, str], Statement] = {}
    for statement in reading.statements:
        key = (statement.scope, statement.figure)
        earlier = first.setdefault(key, statement)
        if earlier is statement or earlier.value == statement.value:
            continue

        def words(lang: str | None) -> str:
            name = (figure_name(statement.figure, lang) if statement.figure in FIGURE_KEYS
                    else _text(_extra_names, statement.figure, lang))
            return _text(_messages, "conflicting_statements", lang).format(
                figure=_capitalised(name), first=format_count(earlier.value, lang),
                second=format_count(statement.value, lang), line1=earlier.line,
                line2=statement.line)

        found.append(Finding(
            "conflicting_statements", statement.line, (earlier.line, statement.line),
            statement.scope, (statement.figure,), float(statement.value), float(earlier.value),
            words(lang), words("en")))
    return found


def _extra_names() -> dict[str, str]:
    """Words for the figures read apart and summed (in person, by post, refused, withdrawn)."""
    return {
        "in_person": _("in person"),
        "postal": _("by post"),
        "refused": _("refused"),
        "withdrawn": _("withdrawn"),
    }


def extra_figure_name(figure: str, lang: str | None = None) -> str:
    """The words for a figure the reader sums into another (``in_person``, ``postal``,
    ``refused``, ``withdrawn``), or for any figure key."""
    if figure in FIGURE_KEYS:
        return figure_name(figure, lang)
    return _text(_extra_names, figure, lang)


def check_report(
    text: str,
    *,
    source: str = "<text>",
    counts: Any = None,
    window: tuple[_dt.date, _dt.date] | None = None,
    lang: str | None = None,
    extra_tolerance: float = 0.0,
) -> ReportCheck:
    """Reads ``text`` (``read_report``) and lists each inconsistency with its line: figures
    stated twice with different numbers, numbers that cannot be read exactly, identities and
    percentages that do not hold (``cchc.dossier.reconcile``, per scope: the whole report, each
    "Lĩnh vực …:" paragraph, each table row), table columns whose rows do not add up to the
    total row, and — with ``counts`` (a one-row ``Dossiers.counts`` of the report's window) —
    each figure of the whole report that the records do not give. ``window`` is that window,
    compared with the one the report states. Messages are in ``lang`` (default: the language
    in force, cchc.i18n); ``detail`` is English."""
    _checked_language(lang)
    reading = read_report(text, source, lang)
    findings = list(reading.problems)
    findings.extend(_conflicts(reading, lang))
    for scope in reading.scopes():
        figures = reading.figures(scope)
        for item in reconcile(figures, extra_tolerance=extra_tolerance):
            findings.append(_finding(reading, scope, figures, item, lang))
    if counts is not None:
        figures = reading.figures("")
        for item in compare(figures, counts):
            findings.append(_finding(reading, "", figures, item, lang))
    if window is not None and reading.window is not None and reading.window != window:
        stated_window = reading.window
        line = reading.window_line or 0

        def words(lang: str | None) -> str:
            def span(pair: tuple[_dt.date, _dt.date]) -> str:
                return (f"{pair[0].day}/{pair[0].month}/{pair[0].year} "
                        f"{_text(_words, 'to', lang)} {pair[1].day}/{pair[1].month}/{pair[1].year}")

            return _text(_messages, "window_differs", lang).format(
                stated=span(stated_window), window=span(window))

        findings.append(Finding("window_differs", line, (line,), "", (), None, None,
                                words(lang), words("en")))
    findings.sort(key=lambda finding: (finding.line, finding.kind))
    return ReportCheck(reading, findings, window)


__all__ = [
    "FIGURE_KEYS",
    "Finding",
    "PercentStatement",
    "ReportCheck",
    "ReportReading",
    "Statement",
    "check_report",
    "extra_figure_name",
    "figure_name",
    "format_count",
    "format_percent",
    "parse_count",
    "parse_percent",
    "read_report",
]
