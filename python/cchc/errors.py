"""Exceptions raised by libcchc.

Every error a user can cause says what was wrong; errors about files also carry
``source`` (the file name), ``line`` (1-based, 0 when unknown), ``field`` and ``reason``.
"""

from __future__ import annotations


class CchcError(Exception):
    """Base class of every error libcchc raises on purpose."""


class InvalidDateError(CchcError, ValueError):
    """A date that does not exist (``2023-02-29``) or text that is not a date."""


class OutOfRangeError(CchcError, ValueError):
    """A valid value outside what an object covers, e.g. a year outside a calendar's table."""


class ParseError(CchcError, ValueError):
    """A malformed input file or text.

    Attributes:
        source: the file name, or a label such as ``"<string>"``.
        line: the 1-based line, 0 when unknown.
        field: the field or column, empty when unknown.
        reason: what is wrong.
    """

    source: str = ""
    line: int = 0
    field: str = ""
    reason: str = ""


__all__ = ["CchcError", "InvalidDateError", "OutOfRangeError", "ParseError"]
