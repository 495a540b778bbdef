"""The examples in the docstrings are run, so that they stay true."""

from __future__ import annotations

import doctest

import pytest

import cchc
import cchc.calendar
import cchc.score


@pytest.mark.parametrize("module", [cchc, cchc.calendar, cchc.score])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.attempted > 0
    assert result.failed == 0
