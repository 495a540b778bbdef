"""The examples in the docstrings are run, so that they stay true."""

from __future__ import annotations

import doctest

import pytest

import cchc
import cchc.calendar
import cchc.plan_extract
import cchc.score


@pytest.mark.parametrize("module", [cchc, cchc.calendar, cchc.plan_extract, cchc.score])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("name", ["cchc.report", "cchc.plots"])
def test_report_docstring_examples(name: str) -> None:
    pytest.importorskip("matplotlib")
    pytest.importorskip("openpyxl")
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
