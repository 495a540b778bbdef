"""A tiny run of each benchmark, so that they keep working (timings are not asserted)."""

from __future__ import annotations

import importlib.util
import pathlib

BENCHMARKS = pathlib.Path(__file__).resolve().parents[2] / "benchmarks"


def load(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_calendar_benchmark_smoke() -> None:
    rows = load("bench_calendar").run(n=5_000, repeats=1)
    assert [row["n"] for row in rows] == [5_000] * 3
    assert all(row["libcchc_s"] > 0 and row["numpy_s"] > 0 for row in rows)


def test_indicators_benchmark_smoke() -> None:
    import pytest

    pytest.importorskip("polars")
    pytest.importorskip("duckdb")
    rows = load("bench_indicators").run(rows=20_000, repeats=1)
    methods = {row["method"] for row in rows}
    assert methods >= {"pandas", "Polars", "DuckDB", "libcchc ingest + counts"}
    assert all(row["rows"] == 20_000 and row["seconds"] > 0 for row in rows)


def test_csv_benchmark_smoke() -> None:
    import pytest

    pytest.importorskip("pyarrow")
    rows = load("bench_csv").run(rows=5_000, repeats=1)
    assert len(rows) == 4
    assert all(row["rows"] == 5_000 and row["seconds"] > 0 for row in rows)


def test_scoring_benchmark_smoke() -> None:
    result = load("bench_scoring").run(units=300, repeats=1)
    assert result["units"] == 300 and result["leaves"] == 200
    assert result["libcchc_s"] > 0 and result["numpy_pandas_s"] > 0


def test_dask_benchmark_smoke() -> None:
    import pytest

    pytest.importorskip("distributed")
    rows = load("bench_dask").run(rows=20_000, parts=3, repeats=1)
    assert [row["workers"] for row in rows] == [0, 1, 1, 2, 2]
    assert all(row["rows"] == 20_000 and row["seconds"] > 0 for row in rows)


def test_composite_coinr_benchmark_smoke() -> None:
    """Runs only where R has COINr (the figures in benchmarks/README.md come from such a machine)."""
    import shutil
    import subprocess

    import pytest

    rscript = shutil.which("Rscript")
    if rscript is None or subprocess.run([rscript, "-e", "library(COINr)"], capture_output=True).returncode != 0:
        pytest.skip("R with COINr is not installed")
    result = load("bench_composite_coinr").run(repeats=3)
    assert result["equal"]  # libcchc's ASEM scores are COINr's
    assert len(result["coinr"]) == len(result["python"]) == 3
