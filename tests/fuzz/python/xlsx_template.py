"""Fuzz target (atheris): the Excel self-assessment template reader, cchc.report.read_template.

The input bytes are written to a file and read as a filled template of the shipped
"department-example" framework. Invariants: the reader raises only cchc.ParseError (naming the
file, with a reason) — never an exception of openpyxl, zipfile or lxml; an assessment that loads
answers only leaves of the framework, its numbers are finite, and its codes are NFC.

    .venv/bin/python tests/fuzz/python/xlsx_template.py -runs=2000 tests/fuzz/corpus/py_xlsx_template
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import unicodedata

_DIRECTORY = tempfile.mkdtemp(prefix="cchc-fuzz-xlsx-")
_PATH = os.path.join(_DIRECTORY, "template.xlsx")


def test_one_input(data: bytes) -> None:
    """Reads ``data`` as a template and checks the invariants (AssertionError when broken)."""
    from cchc import ParseError
    from cchc.report import read_template
    from cchc.score import Framework

    framework = _framework(Framework)
    with open(_PATH, "wb") as handle:
        handle.write(data)
    try:
        assessment = read_template(_PATH, framework)
    except ParseError as error:
        assert error.source == _PATH, "a ParseError names the file"
        assert str(error), "a ParseError says why"
        return
    leaves = set(framework.leaf_codes)
    for code in assessment.codes:
        assert code in leaves, f"{code!r} is a leaf"
        assert unicodedata.is_normalized("NFC", code), "codes are NFC"
        answer = assessment.answer(code)
        for key in ("value", "best", "self_score"):
            number = answer.get(key)
            assert number is None or math.isfinite(number), f"{key} is finite"


_FRAMEWORKS: dict[str, object] = {}


def _framework(framework_class: object) -> object:
    if "department-example" not in _FRAMEWORKS:
        _FRAMEWORKS["department-example"] = framework_class.shipped(  # type: ignore[attr-defined]
            "department-example")
    return _FRAMEWORKS["department-example"]


if __name__ == "__main__":
    import atheris

    with atheris.instrument_imports():
        import cchc.report  # noqa: F401

    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
