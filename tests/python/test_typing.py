"""The package type-checks (mypy, configured in pyproject.toml) and its stubs are true.

python/cchc/_core/*.pyi describe the compiled module; a name they declare that the module does
not have would make mypy accept code that fails at run time, so each one is looked up.
"""

from __future__ import annotations

import ast
import importlib
import pathlib
import subprocess
import sys

import pytest

import cchc

ROOT = pathlib.Path(__file__).resolve().parents[2]
STUBS = ROOT / "python" / "cchc" / "_core"


def test_mypy_passes_on_the_package() -> None:
    pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-pretty", "--hide-error-context", "python/cchc"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout


def test_the_package_is_marked_typed() -> None:
    assert (ROOT / "python" / "cchc" / "py.typed").is_file()


def _declared(stub: pathlib.Path) -> list[tuple[str, list[str]]]:
    """(top-level name, [member names]) declared in a stub, private names and __getattr__ left out."""
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    names: list[tuple[str, list[str]]] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            members = []
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name not in ("__init__", "__getattr__"):
                    members.append(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    members.append(item.target.id)
            names.append((node.name, members))
        elif isinstance(node, ast.FunctionDef) and node.name != "__getattr__":
            names.append((node.name, []))
    return [(name, members) for name, members in names if not name.startswith("_")]


STUB_FILES = sorted(STUBS.glob("*.pyi"))


@pytest.mark.parametrize("stub", STUB_FILES, ids=[path.stem for path in STUB_FILES])
def test_every_name_a_stub_declares_exists(stub: pathlib.Path) -> None:
    module_name = "cchc._core" if stub.stem == "__init__" else f"cchc._core.{stub.stem}"
    module = importlib.import_module("cchc._core")
    if stub.stem != "__init__":
        module = getattr(module, stub.stem)
    missing = []
    for name, members in _declared(stub):
        if not hasattr(module, name):
            missing.append(f"{module_name}.{name}")
            continue
        owner = getattr(module, name)
        missing += [f"{module_name}.{name}.{m}" for m in members if not hasattr(owner, m)]
    assert not missing, f"declared in {stub.name} but not in the module: {missing}"


def test_stubs_cover_the_types_the_public_api_returns(calendar: cchc.WorkCalendar) -> None:
    # The objects handed out as they are have the attributes the stubs promise, with their types.
    import datetime

    info = calendar.describe("2024-02-12")
    assert isinstance(info.working, bool) and isinstance(info.reason, str)
    period = cchc.Period.parse("2024-Q1")
    first, last = period.data_range("day 14")
    assert (first, last) == (datetime.date(2023, 12, 15), datetime.date(2024, 3, 14))
    deadline = cchc.parse_deadline("Quý I năm 2026")
    assert isinstance(deadline.clauses, list) and deadline.primary is not None
    assert isinstance(deadline.primary.occurrences_per_year, (int, type(None)))
    plan = cchc.target.load_example_plan("quang-ngai-industry-trade-2026")
    target = plan.targets[0]
    assert isinstance(target.direction, int)
    assert isinstance(target.level, (float, type(None)))
    assert isinstance(plan.validate(), list)


def test_no_module_raises_a_bare_runtime_error() -> None:
    # Errors a user can cause are the classes of cchc.errors (ParseError carries file, line,
    # field); ValueError / TypeError remain for arguments a programmer got wrong.
    offenders = []
    for path in sorted((ROOT / "python" / "cchc").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and node.exc is not None:
                call = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                if isinstance(call, ast.Name) and call.id in ("RuntimeError", "Exception"):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders


def test_parse_errors_of_python_readers_carry_the_field(tmp_path: pathlib.Path) -> None:
    import pandas as pd

    from cchc import composite, dossier, io
    from cchc.errors import ParseError

    export = tmp_path / "x.csv"
    export.write_text("Mã hồ sơ,Trạng thái,Ngày tiếp nhận,Thời hạn giải quyết\n"
                      "H1,Đã giải quyết,02/02/2024,5\n", encoding="utf-8")
    with pytest.raises(ParseError) as error:
        io.read_dossiers_csv(export, columns={"unit": "Cơ quan"})
    assert (error.value.source, error.value.line, error.value.field) == (str(export), 1, "unit")
    assert "no column 'Cơ quan' (for unit)" in error.value.reason
    with pytest.raises(ParseError) as error:
        dossier.ingest(pd.DataFrame({"status": ["resolved"]}), source="frame")
    assert (error.value.source, error.value.field) == ("frame", "received")
    frame = pd.DataFrame({"LE": [70.0, "abc"], "EYS": [12.0, 12.0], "MYS": [9.0, 9.0],
                          "GNIpc": [1e4, 1e4]}, index=["A", "B"])
    with pytest.raises(ParseError) as error:
        composite.Pipeline().normalise("goalposts", upper=1.0).aggregate().run(
            composite.CompositeData(frame), composite.Index.shipped("hdi"))
    assert error.value.field == "LE" and "unit 'B'" in error.value.reason
