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
    """Both data sets, every method; run() raises if a peer's table differs from libcchc's."""
    import pytest

    pytest.importorskip("polars")
    pytest.importorskip("duckdb")
    rows = load("bench_indicators").run(rows=20_000, repeats=1, data="both")
    for data in ("default", "independent"):
        methods = {row["method"] for row in rows if row["data"] == data}
        assert methods >= {"pandas/numpy", "Polars", "DuckDB", "libcchc ingest + counts"}
    assert all(row["rows"] == 20_000 and row["seconds"] > 0 for row in rows)


def _independent_case(rows: int = 20_000):  # type: ignore[no-untyped-def]
    """The peers' module, the quarter and working-day tables, an independent frame and
    libcchc's table of it."""
    import cchc

    load("bench_indicators")  # puts benchmarks/ on sys.path
    peers = load("peer_counts")
    frame = load("generate_independent").generate(rows, seed=5)
    windows = peers.quarter_windows((2023, 1), (2026, 1))
    work = peers.working_days()
    dossiers = cchc.ingest(
        {name: frame[name] for name in
         ("unit", "channel", "status", "received", "due", "resolved", "processing_days")}
    )
    assert dossiers.rows_rejected == 0
    return peers, frame, windows, work, peers.cchc_table(dossiers, windows)


def test_independent_data_has_the_edge_cases() -> None:
    """The independent generator really produces what it promises (so equality means something)."""
    import numpy as np

    peers, frame, windows, work, expected = _independent_case()
    received = peers.day_numbers(frame["received"].to_numpy())
    closed = peers.day_numbers(frame["resolved"].dropna().to_numpy())
    assert (received < windows.first[0]).any() and (received > windows.cutoff[-1]).any()
    assert np.isin(closed, windows.cutoff).sum() > 100  # closed on a cut-off day
    assert np.isin(received, windows.cutoff).sum() > 100  # received on a cut-off day
    assert frame["due"].isna().mean() > 0.3 and frame["channel"].isna().any()
    assert (frame["status"] == "pending").mean() > 0.05
    table = peers.canonical(expected)
    assert table["pending_overdue"].sum() > 1000 and table["pending_within"].sum() > 1000
    assert table["resolved_late"].sum() > 0.2 * table[["resolved_early", "resolved_on_time",
                                                        "resolved_late"]].to_numpy().sum()


def test_peer_equality_check_catches_a_divergence() -> None:
    """A peer that read the cut-off day as the next quarter's (a "day 15" slip), or one
    count off by one, fails the check that the benchmarks run before timing."""
    import dataclasses

    import numpy as np
    import pytest

    pytest.importorskip("polars")
    pytest.importorskip("duckdb")
    peers, frame, windows, work, expected = _independent_case()
    peers.assert_same("pandas/numpy", peers.pandas_counts(frame, windows, work), expected)

    slipped = windows.lookup.copy()
    for cutoff in windows.cutoff:
        slipped[cutoff - windows.base] += 1  # the cut-off day counted in the next window
    wrong = dataclasses.replace(windows, lookup=slipped)
    with pytest.raises(AssertionError, match="disagree"):
        peers.assert_same("pandas/numpy", peers.pandas_counts(frame, wrong, work), expected)

    import polars as pl

    polars_frame = pl.from_pandas(frame).with_columns(
        pl.col("received", "due", "resolved").dt.date()
    )
    with pytest.raises(AssertionError, match="disagree"):
        peers.assert_same("Polars", peers.polars_counts(polars_frame, wrong, work).to_pandas(),
                          expected)
    off_by_one = expected.copy()
    row = int(np.flatnonzero(off_by_one["pending_within"].to_numpy() > 0)[0])
    off_by_one.loc[off_by_one.index[row], "pending_within"] += 1
    with pytest.raises(AssertionError, match="pending_within"):
        peers.assert_same("DuckDB", off_by_one, expected)


def test_csv_benchmark_smoke() -> None:
    """Every method in its own process; run() raises if a table differs from libcchc's."""
    import pytest

    pytest.importorskip("pyarrow")
    pytest.importorskip("polars")
    pytest.importorskip("duckdb")
    module = load("bench_csv")
    rows = module.run(rows=5_000, repeats=1)
    assert [row["method"] for row in rows] == list(module.METHODS)
    assert all("error" not in row for row in rows), rows
    assert all(row["rows"] == 5_000 and row["seconds"] > 0 for row in rows)
    assert all(row["peak_bytes"] > row["job_bytes"] > 0 for row in rows)


def test_parquet_benchmark_smoke() -> None:
    """Both files; the peers never fail, a libcchc reader either succeeds or is reported with
    its error (``cchc.ingest`` of the Polars file's uint32 dictionaries raised OverflowError
    when this benchmark was written), never raised."""
    import pytest

    pytest.importorskip("pyarrow")
    pytest.importorskip("polars")
    pytest.importorskip("duckdb")
    rows = load("bench_parquet").run(rows=5_000, repeats=1)
    assert len(rows) == 8
    for row in rows:
        assert row["rows"] == 5_000 and row["column_bytes"] > row["question_bytes"] > 0
        if not row["method"].startswith("libcchc"):
            assert "error" not in row, row
        if "error" not in row:
            assert row["seconds"] > 0 and row["peak_bytes"] > 0
    assert any(row["method"] == "libcchc" and "error" not in row for row in rows)


def test_isolated_method_failure_is_reported_not_raised(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A method that raises in its subprocess comes back as an error, the run goes on."""
    load("bench_csv")  # puts benchmarks/ on sys.path
    isolated = load("isolated")
    report = isolated.measure(
        BENCHMARKS / "bench_parquet.py", "no such method",
        ["--file", str(tmp_path / "x"), "--tables", str(tmp_path / "missing.npz"),
         "--repeats", "1", "--out", str(tmp_path / "out.csv")],
    )
    assert "error" in report and "table" not in report
    assert "FileNotFoundError" in report["error"] or "ValueError" in report["error"]


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
