"""Fuzz target (atheris): the ``cchc plan status --values`` reader (cchc.cli._read_values).

Invariants: the reader raises only cchc.ParseError naming the file (never a csv, pandas or
Unicode exception); a table that loads has the columns key and value, NFC keys that are not
empty, and finite numbers or missing values only.

    .venv/bin/python tests/fuzz/python/values_csv.py -runs=2000 tests/fuzz/corpus/py_values_csv
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
import unicodedata

_DIRECTORY = tempfile.mkdtemp(prefix="cchc-fuzz-values-")
_PATH = os.path.join(_DIRECTORY, "values.csv")


def test_one_input(data: bytes) -> None:
    """Reads ``data`` as a values CSV and checks the invariants (AssertionError when broken)."""
    from cchc import ParseError
    from cchc.cli import _read_values

    with open(_PATH, "wb") as handle:
        handle.write(data)
    try:
        table = _read_values(_PATH)
    except ParseError as error:
        assert error.source == _PATH, "a ParseError names the file"
        assert error.reason, "a ParseError says why"
        return
    assert {"key", "value"} <= set(table.columns)
    for key in table["key"]:
        assert key and unicodedata.is_normalized("NFC", key), "keys are NFC and not empty"
    for value in table["value"]:
        assert value is None or math.isfinite(value), "values are finite"


if __name__ == "__main__":
    import atheris

    with atheris.instrument_imports():
        import cchc.cli  # noqa: F401

    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
