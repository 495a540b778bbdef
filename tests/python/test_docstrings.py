"""The examples in the docstrings are run, so that they stay true."""

from __future__ import annotations

import doctest

import pytest

import cchc
import cchc.calendar
import cchc.cli
import cchc.composite
import cchc.dossier
import cchc.errors
import cchc.io
import cchc.plan_extract
import cchc.score
import cchc.target

MODULES = [
    cchc,
    cchc.calendar,
    cchc.cli,
    cchc.composite,
    cchc.dossier,
    cchc.errors,
    cchc.io,
    cchc.plan_extract,
    cchc.score,
    cchc.target,
]


@pytest.mark.parametrize("module", MODULES, ids=[module.__name__ for module in MODULES])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.attempted > 0
    assert result.failed == 0
