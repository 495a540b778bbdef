"""Words and numbers for people: Vietnamese by default, English on request.

Every human-facing text of the command line and the reports goes through this module:
messages are looked up in gettext catalogs (``cchc/locale/<lang>/LC_MESSAGES/cchc.mo``, compiled
from the ``.po`` sources when the package is built), numbers are written in the language's
convention (Vietnamese: decimal comma and thousands dot, ``80,72`` and ``6.086``) and rounded for
display. Machine output (JSON and CSV keys and values) does not come here: it stays stable
English with full precision. How to add a message: docs/i18n.md.

The language is, in order: the one set with :func:`set_language` or :func:`language` (the
command line's ``--lang``), the ``CCHC_LANG`` environment variable, Vietnamese.

>>> with language("vi"):
...     format_number(80.7249), format_number(6086), format_percent(69.6), _("Total")
('80,72', '6.086', '69,6 %', 'Tổng điểm')
>>> with language("en"):
...     format_number(80.7249), format_number(6086), format_percent(69.6), _("Total")
('80.72', '6,086', '69.6%', 'Total')
>>> format_number(0.1 + 0.2, decimals=None)  # no float noise, whatever the precision
'0,3'
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gettext as _gettext
import math
import os
from collections.abc import Iterator
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from .errors import CchcError

#: The gettext domain: the catalogs are ``locale/<lang>/LC_MESSAGES/cchc.mo``.
DOMAIN = "cchc"
#: The languages with a catalog; the first is the default.
LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
#: The environment variable that chooses the language when no option does.
ENVIRONMENT_VARIABLE = "CCHC_LANG"
#: Where the compiled catalogs are installed (beside this module).
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")
#: Digits kept when a number is shown "as exact as it is": enough for any typed value, few
#: enough that binary noise (0.1 + 0.2 = 0.30000000000000004) never shows.
EXACT_DECIMALS = 6

_chosen: ContextVar[str | None] = ContextVar("cchc_language", default=None)


class LanguageError(CchcError):
    """A language cchc has no catalog for. No language is in force when it is raised, so it
    carries its message in every language (``texts``, by language); ``str()`` is English."""

    def __init__(self, template: str, **arguments: str) -> None:
        self.template, self.arguments = template, arguments
        self.texts = {lang: _translations(lang).gettext(template).format(**arguments)
                      for lang in LANGUAGES}
        super().__init__(self.texts["en"])


def _checked(lang: str, origin: str) -> str:
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    if code not in LANGUAGES:
        raise LanguageError(N_("{origin}: language '{lang}' has no catalog (choose vi or en)"),
                            origin=origin, lang=lang)
    return code


def get_language() -> str:
    """The language messages and numbers are written in now: ``"vi"`` or ``"en"``."""
    chosen = _chosen.get()
    if chosen is not None:
        return chosen
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if from_environment:
        return _checked(from_environment, ENVIRONMENT_VARIABLE)
    return DEFAULT_LANGUAGE


def set_language(lang: str | None) -> None:
    """Chooses the language of the current context (``None``: back to ``CCHC_LANG`` or
    Vietnamese). An unknown language raises :class:`cchc.CchcError`."""
    _chosen.set(None if lang is None else _checked(lang, "language"))


@contextlib.contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Within the ``with`` block, messages and numbers are in `lang` (``None`` keeps the
    current language). Yields the language in force."""
    if lang is None:
        yield get_language()
        return
    token = _chosen.set(_checked(lang, "language"))
    try:
        yield _chosen.get() or DEFAULT_LANGUAGE
    finally:
        _chosen.reset(token)


def catalog_file(lang: str) -> str:
    """The path of the compiled catalog of `lang`."""
    return os.path.join(LOCALE_DIR, lang, "LC_MESSAGES", DOMAIN + ".mo")


@lru_cache(maxsize=None)
def _translations(lang: str) -> _gettext.GNUTranslations:
    path = catalog_file(lang)
    try:
        with open(path, "rb") as handle:
            return _gettext.GNUTranslations(handle)
    except OSError:
        # Never fall back silently to the English text of the code: the officer asked for
        # Vietnamese. A missing catalog is an installation problem, said as such.
        raise CchcError(
            f"{path}: the '{lang}' message catalog is missing; the package was not built from "
            "its catalogs (reinstall it: pip install .)"
        ) from None


def gettext(message: str) -> str:
    """`message` (its English text, the msgid) in the current language."""
    return _translations(get_language()).gettext(message)


#: The usual short name: ``_("Total")``.
_ = gettext


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count` in the current language (Vietnamese has one
    form)."""
    return _translations(get_language()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, in a context (``"status"``, ``"column"``) that tells
    apart msgids spelled alike."""
    return _translations(get_language()).pgettext(context, message)


def N_(message: str) -> str:
    """Marks `message` for extraction without translating it now (for tables of messages
    translated when shown)."""
    return message


# --- numbers ------------------------------------------------------------------------------------


def _separators(lang: str) -> tuple[str, str]:
    """(decimal, thousands) separators."""
    return (",", ".") if lang == "vi" else (".", ",")


def _rounded(value: float, decimals: int) -> Decimal:
    # The shortest text that reads back as `value` (repr), rounded half up as people do:
    # 80.725 is 80,73, not the 80,72 of the binary 80.72499999….
    exact = Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: Any, decimals: int | None = 2, *, fixed: bool = False,
                  lang: str | None = None) -> str:
    """`value` for people: rounded to `decimals` (``None``: as exact as it is, up to
    EXACT_DECIMALS, without float noise), trailing zeros dropped unless `fixed`, thousands
    grouped; ``""`` for a missing value (None, NaN, pd.NA).

    >>> with language("vi"):
    ...     format_number(1234567.891), format_number(3.0), format_number(2.5, fixed=True)
    ('1.234.567,89', '3', '2,50')
    """
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""  # pd.NA and other missing markers
    if math.isnan(number):
        return ""
    lang = lang or get_language()
    decimal_mark, thousands = _separators(lang)
    if math.isinf(number):
        return "∞" if number > 0 else "−∞"
    places = EXACT_DECIMALS if decimals is None else decimals
    rounded = _rounded(number, places)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0"
    text = f"{rounded:f}"
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _dot, fraction = text.partition(".")
    if not fixed:
        fraction = fraction.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = thousands.join(groups)
    if fraction:
        result += decimal_mark + fraction
    return sign + result


def format_points(value: Any, lang: str | None = None) -> str:
    """Points for people: 2 decimals at most (``14,5``; ``13,78``)."""
    return format_number(value, 2, lang=lang)


def format_percent(value: Any, decimals: int = 2, lang: str | None = None) -> str:
    """A percentage (already ×100) for people: ``69,6 %`` in Vietnamese, ``69.6%`` in English;
    ``""`` when missing."""
    text = format_number(value, decimals, lang=lang)
    if not text:
        return ""
    return f"{text} %" if (lang or get_language()) == "vi" else f"{text}%"


def format_date(value: Any, lang: str | None = None) -> str:
    """A date for people: ``31/03/2024`` in Vietnamese, ``2024-03-31`` in English; other values
    as text."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.strftime("%d/%m/%Y") if (lang or get_language()) == "vi" else value.isoformat()
    return "" if value is None else str(value)


def yes_no(value: bool) -> str:
    """``có``/``không`` (``yes``/``no``)."""
    return _("yes") if value else _("no")


__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "ENVIRONMENT_VARIABLE",
    "LANGUAGES",
    "LanguageError",
    "N_",
    "catalog_file",
    "format_date",
    "format_number",
    "format_percent",
    "format_points",
    "get_language",
    "gettext",
    "language",
    "ngettext",
    "pgettext",
    "set_language",
    "yes_no",
]
