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
import cchc.form06
import cchc.i18n
import cchc.io
import cchc.labels
import cchc.plan_extract
import cchc.reconcile
import cchc.report_check
import cchc.score
import cchc.target

MODULES = [
    cchc,
    cchc.calendar,
    cchc.cli,
    cchc.composite,
    cchc.dossier,
    cchc.errors,
    cchc.form06,
    cchc.i18n,
    cchc.io,
    cchc.labels,
    cchc.plan_extract,
    cchc.reconcile,
    cchc.report_check,
    cchc.score,
    cchc.target,
]


@pytest.mark.parametrize("module", MODULES, ids=[module.__name__ for module in MODULES])
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.attempted > 0
    assert result.failed == 0


def test_public_objects_of_the_command_modules_have_docstrings() -> None:
    import inspect

    import cchc.cli_report

    for name in cchc.cli_report.__all__:
        obj = getattr(cchc.cli_report, name)
        if inspect.isfunction(obj):
            assert (obj.__doc__ or "").strip(), name


@pytest.mark.parametrize("name", ["cchc.report", "cchc.plots"])
def test_report_docstring_examples(name: str) -> None:
    pytest.importorskip("matplotlib")
    pytest.importorskip("openpyxl")
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def _public_python_objects() -> list[tuple[str, object]]:
    """The public functions and classes of the package, with the methods and properties of the
    classes defined in Python (those of the compiled classes are in python/cchc/_core/*.pyi)."""
    import inspect

    found: list[tuple[str, object]] = []
    for module in MODULES:
        names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
        for name in names:
            obj = getattr(module, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if not getattr(obj, "__module__", "").startswith("cchc"):
                continue
            found.append((f"{obj.__module__}.{name}", obj))
            # Members of the compiled classes are documented in the stubs.
            if inspect.isclass(obj) and not obj.__module__.startswith("cchc._core"):
                for member, value in vars(obj).items():
                    if member.startswith("_"):
                        continue
                    target = value.fget if isinstance(value, property) else getattr(value, "__func__", value)
                    if inspect.isfunction(target):
                        found.append((f"{obj.__module__}.{name}.{member}", target))
    return found


def test_every_public_python_object_has_a_docstring() -> None:
    objects = _public_python_objects()
    assert len(objects) > 100
    missing = sorted({name for name, obj in objects if not (obj.__doc__ or "").strip()})
    assert not missing, f"no docstring: {missing}"
