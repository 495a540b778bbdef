"""Text written to spreadsheets is never a live formula (docs/hardening.md, "Formula injection").

A unit name, an evidence line or a note that begins with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return would run as a formula when Excel or LibreOffice opens the file (or when the
cell is edited), e.g. ``=HYPERLINK("http://…", "bấm vào đây")`` or ``=cmd|…``. Every writer of
an .xlsx (reports, the self-assessment template) puts text through :func:`write_cell`, and every
CSV meant for a spreadsheet through :func:`csv_value`: such text stays text. (Form 06,
cchc.form06, writes its text cells through :func:`set_text` too.)

- In an .xlsx the cell is a string cell (never a formula cell) with Excel's "quote prefix"
  style, so editing it keeps it text; the text itself is unchanged, so reading the file back
  gives exactly what was written.
- In a CSV, where there are no types, the value gets a leading apostrophe, the rule of OWASP's
  "CSV injection" page; numbers (negative ones included) are left as numbers.

Control characters that the .xlsx format cannot hold (ESC, BEL, NUL …) are written as visible
escapes (``\\x1b``), since openpyxl refuses them.
"""

from __future__ import annotations

import re
from typing import Any

from ._text import printable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE).
_ILLEGAL_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would take ``text`` as the start of a formula.

    >>> is_formula_like("=1+1"), is_formula_like("-2"), is_formula_like("Sở Nội vụ")
    (True, True, False)
    """
    return text.startswith(_FORMULA_START)


def csv_value(value: Any) -> Any:
    """``value`` for a CSV cell: text that looks like a formula gets a leading apostrophe,
    everything else (numbers included) is returned as is.

    >>> csv_value("=HYPERLINK(\\"x\\")"), csv_value(-2.5), csv_value("Sở")
    ('\\'=HYPERLINK("x")', -2.5, 'Sở')
    """
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def set_text(cell: Any, text: str) -> Any:
    """Puts ``text`` in an openpyxl ``cell`` as text, never as a formula: a string cell, with
    the quote-prefix style when it looks like a formula, control characters escaped."""
    text = _ILLEGAL_IN_XLSX.sub(lambda match: printable(match.group()), text)
    cell.value = text
    if cell.data_type != "s":  # openpyxl turns text starting with "=" into a formula
        cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
    return cell


def write_cell(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Writes ``value`` to ``sheet`` (openpyxl) at ``row``, ``column`` and returns the cell;
    text goes through :func:`set_text`."""
    if not isinstance(value, str):
        return sheet.cell(row=row, column=column, value=value)
    return set_text(sheet.cell(row=row, column=column), value)


def write_row(sheet: Any, row: int, values: Any) -> None:
    """Writes ``values`` to ``row`` of ``sheet`` from column 1, each through :func:`write_cell`."""
    for column, value in enumerate(values, start=1):
        write_cell(sheet, row, column, value)


__all__ = ["csv_value", "is_formula_like", "set_text", "write_cell", "write_row"]
