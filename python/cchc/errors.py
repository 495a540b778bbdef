"""Exceptions raised by libcchc.

Every error a user can cause says what was wrong; errors about files also carry
``source`` (the file name), ``line`` (1-based, 0 when unknown), ``field`` and ``reason``.
"""

from __future__ import annotations


class CchcError(Exception):
    """Base class of every error libcchc raises on purpose.

    Attributes:
        reason_messages: for an error of the C++ engine, its reason as coded sentences
            (``[{"code": "period.not_a_period", "arguments": {"text": "Q5/2026"}}, …]``), which
            read joined by ": " as its English reason does; empty when the reason has no code,
            None for an error raised by the Python package. ``cchc.messages.error_text`` writes
            them in the current language.
    """

    reason_messages: list[dict[str, object]] | None = None


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
        reason_code: for an error of the C++ engine, the reason as a stable code ("" when it
            has none; None for an error raised by the Python package, whose reason is already
            in the current language), with its ``reason_arguments``: what
            ``cchc.messages.error_reason`` writes in the current language.
    """

    source: str = ""
    line: int = 0
    field: str = ""
    reason: str = ""
    reason_code: str | None = None
    reason_arguments: dict[str, str] | None = None

    def __init__(
        self, message: str = "", *, source: str = "", line: int = 0, field: str = "",
        reason: str = "",
    ) -> None:
        super().__init__(message or self.format(source, line, field, reason))
        self.source, self.line, self.field, self.reason = source, line, field, reason

    @classmethod
    def at(cls, source: str, line: int, field: str, reason: str) -> ParseError:
        """The error with its message written as the C++ library writes it.

        >>> error = ParseError.at("dossiers.csv", 7, "received", "'31/02/2024' is not a date")
        >>> from cchc.i18n import language
        >>> with language("en"):
        ...     str(ParseError.at("dossiers.csv", 7, "received", "'31/02/2024' is not a date"))
        "dossiers.csv:7: field 'received': '31/02/2024' is not a date"
        >>> str(error)  # the field named in the current language (Vietnamese by default)
        "dossiers.csv:7: trường 'received': '31/02/2024' is not a date"
        >>> error.source, error.line, error.field
        ('dossiers.csv', 7, 'received')
        """
        return cls(source=source, line=line, field=field, reason=reason)

    @staticmethod
    def format(source: str, line: int, field: str, reason: str) -> str:
        """``file:line: field 'x': reason``, leaving out what is unknown (cchc/error.hpp), in
        the current language (``trường 'x'`` in Vietnamese)."""
        from .i18n import _

        message = source or "<input>"
        if line > 0:
            message += f":{line}"
        message += ": "
        if field:
            message += _("field '{field}': ").format(field=field)
        return message + reason


__all__ = ["CchcError", "InvalidDateError", "OutOfRangeError", "ParseError"]
