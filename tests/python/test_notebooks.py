"""The notebooks of examples/notebooks run from top to bottom: a failing cell fails the test.

They are executed with nbclient in a kernel started from this interpreter (the .venv's python,
with the cchc package just built), through a kernel spec written for the test, so that a
``python3`` kernel registered elsewhere on the machine is never used.
"""

from __future__ import annotations

import json
import pathlib
import sys
import time

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "examples" / "notebooks").glob("*.ipynb"))
KERNEL = "cchc-test"


@pytest.fixture(scope="module")
def kernel_spec(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A kernel spec that runs ipykernel with this interpreter, first on JUPYTER_PATH."""
    jupyter_path = tmp_path_factory.mktemp("jupyter")
    spec_dir = jupyter_path / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "cchc (test)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return str(jupyter_path)


def test_there_are_notebooks() -> None:
    names = {path.stem for path in NOTEBOOKS}
    assert {
        "01-calendar-and-due-dates",
        "02-dossier-indicators",
        "03-plan-targets-and-tasks",
        "04-composite-index",
        "05-scoring-a-self-assessment",
    } <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_notebook_runs(path: pathlib.Path, kernel_spec: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_PATH", kernel_spec)
    notebook = nbformat.read(path, as_version=4)
    # Committed without outputs, so that diffs show the code and the text only.
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    started = time.perf_counter()
    client = nbclient.NotebookClient(
        notebook,
        kernel_name=KERNEL,
        timeout=60,
        # Run in the notebooks' own directory, as Jupyter does; they find the data from there.
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError naming the cell on the first failure
    elapsed = time.perf_counter() - started
    outputs = [cell.outputs for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not any(o.get("output_type") == "error" for o in out) for out in outputs)
    assert elapsed < 20, f"{path.name} took {elapsed:.1f} s"


def test_the_kernel_is_this_interpreter(kernel_spec: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The notebooks must import the cchc just built into this environment, not another one.
    monkeypatch.setenv("JUPYTER_PATH", kernel_spec)
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import sys, cchc; print(sys.executable); print(cchc.__file__)")]
    )
    nbclient.NotebookClient(notebook, kernel_name=KERNEL, timeout=60).execute()
    executable, package = notebook.cells[0].outputs[0]["text"].split()
    assert executable == sys.executable  # not resolved: .venv/bin/python links to the system one
    import cchc

    assert pathlib.Path(package).resolve() == pathlib.Path(cchc.__file__).resolve()
