"""Text from users, made safe to compare, to print and to quote (docs/hardening.md).

- ``nfc``: the normalisation of text keys on input (unit, field, procedure, dossier id,
  framework code, composite unit code, values key): Unicode NFC, so that "Sở Tư pháp" typed
  with precomposed letters and with combining marks is one key.
- ``printable``: text for a terminal, with control characters (ESC, BEL, NUL, CR, …) and the
  bidirectional overrides shown as ``\\x1b``-style escapes instead of being sent raw.
- ``shorten``: a value quoted in a message, cut in the middle when long, so that an error never
  echoes megabytes of input.
"""

from __future__ import annotations

import re
import unicodedata

#: Longest value a message quotes whole; longer ones keep their start and end.
MESSAGE_VALUE_LIMIT = 120

# C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional embeddings,
# overrides and isolates that reorder what a terminal shows (U+202A–U+202E, U+2066–U+2069).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNPRINTABLE_IN_CELL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def nfc(text: str) -> str:
    """``text`` in Unicode Normalization Form C (precomposed letters).

    >>> nfc("So\\u031b\\u0309 Tu\\u031b pha\\u0301p") == "Sở Tư pháp"
    True
    """
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, cell: bool = False) -> str:
    """``text`` safe for a terminal: control characters become visible escapes (``\\x1b``).
    Line feeds and tabs are kept, unless ``cell`` (one cell of a table: on one line).

    >>> printable("Sở\\x1b[2J\\x07 Tư pháp")
    'Sở\\\\x1b[2J\\\\x07 Tư pháp'
    """
    pattern = _UNPRINTABLE_IN_CELL if cell else _UNPRINTABLE
    return pattern.sub(_escape, text)


def shorten(text: str, limit: int = MESSAGE_VALUE_LIMIT) -> str:
    """``text`` whole when it has at most ``limit`` characters, else its start and end around
    a note of how much was left out.

    >>> shorten("x" * 1000, 20)
    'xxxxxxxxxx… (980 ký tự bị lược) …xxxxxxxxxx'
    """
    if len(text) <= limit:
        return text
    half = max(1, limit // 2)
    return f"{text[:half]}… ({len(text) - 2 * half} ký tự bị lược) …{text[-half:]}"


#: Longest error message the command line prints whole.
MESSAGE_LIMIT = 2000


def message(text: str) -> str:
    """An error message for a terminal: printable, and cut to ``MESSAGE_LIMIT`` characters."""
    return printable(shorten(text, MESSAGE_LIMIT))


__all__ = ["MESSAGE_LIMIT", "MESSAGE_VALUE_LIMIT", "message", "nfc", "printable", "shorten"]
