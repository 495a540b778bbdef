"""Grouped dossier counts per unit × quarter: libcchc against pandas/numpy, Polars and DuckDB.

The question: the seven counts ``received_new``, ``resolved_early``, ``resolved_on_time``,
``resolved_late``, ``pending_within``, ``pending_overdue``, ``new_online`` per unit for the 13
quarters Quý I/2023 … Quý I/2026 under Decree 09/2019's "day 14" cut-off (Quý I/2024 counts
15/12/2023–14/3/2024), from the columns unit, channel, status, received, due, resolved (and
processing_days when some due dates are missing). The definitions are libcchc's
(docs/dossier/indicators.md); peer_counts.py states them and how each peer computes them.

Two data sets (``--data``):

- ``default``: ``generate_dossiers.generate`` (20 units, received 2023–2025 on working days,
  every due date given, ~1 % pending, ~4 % late);
- ``independent``: ``generate_independent.generate``, written apart from it (skewed unit sizes,
  receipts at any time on any day from before the first window to after the last cut-off,
  40 % of due dates missing and computed from processing days, 10 % pending, 30 % of the
  resolved late by up to 250 days, dossiers closed or received on cut-off days).

Methods:

- **libcchc**: ``cchc.ingest`` of the columns (categorical codes and ``datetime64[s]`` buffers
  read in place, validation and due dates included), then one ``Dossiers.counts(first, last,
  by=["unit", "quarter"])`` call: every unit × quarter in one pass. Timed apart and together,
  on every core and on one thread. From C++ too (``bench_indicators_cpp``, built with
  ``-DCCHC_BUILD_BENCHMARKS=ON``), on the default data only, when the binary is found.
- **peers, written as their documentation recommends** (peer_counts.py): a day → quarter
  lookup table (a numpy array indexed by day number; ``pl.lit(table).gather`` in Polars; a join
  to a calendar table in DuckDB) instead of per-row date arithmetic; grouped counts for intake
  and outcome; difference arrays with cumulative sums for the dossiers open across cut-offs (no
  row per cut-off); due dates from a working-day table. pandas/numpy uses categorical codes and
  ``np.bincount`` (one core); Polars runs lazily on every core; DuckDB runs SQL on its own
  in-memory table with one thread per core. Each peer gets the data in its own in-memory form
  (pandas DataFrame; Polars DataFrame and DuckDB table with date columns), built before timing,
  so loading is not in its time while libcchc's ingest is in libcchc's total.
- **plain scans**: numpy sum of the three date columns as int64 (the hardware bound of one
  pass); in C++ a loop over the six input columns and over the validated ones (default data).

Every peer's table (and libcchc's from C++) is checked equal to libcchc's (per unit and quarter,
all seven counts) before any time is reported. Run:

    .venv/bin/python benchmarks/bench_indicators.py --data both --repeats 5   # 10 M rows each
    .venv/bin/python benchmarks/bench_indicators.py --rows 20000 --repeats 1  # smoke run
"""

from __future__ import annotations

import argparse
import os
import pathlib
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import cchc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_counts  # noqa: E402
from generate_dossiers import generate as generate_default  # noqa: E402
from generate_independent import generate as generate_independent  # noqa: E402
from peer_counts import Windows, WorkingDays  # noqa: E402

FIRST_QUARTER = (2023, 1)
LAST_QUARTER = (2026, 1)
DATES = ("received", "due", "resolved")
DEFAULT_CPP = (
    pathlib.Path(__file__).resolve().parents[1] / "build" / "bench" / "benchmarks"
    / "bench_indicators_cpp"
)
EPOCH = __import__("datetime").date(1970, 1, 1)


def best_of(repeats: int, function: Callable[[], Any]) -> tuple[float, Any]:
    """The smallest wall time of ``repeats`` calls and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def load() -> str:
    """The machine's 1, 5 and 15 minute load averages."""
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def generate(data: str, rows: int, seed: int | None) -> pd.DataFrame:
    """The question's columns from either generator."""
    if data == "default":
        frame = generate_default(rows, 2026 if seed is None else seed)
    elif data == "independent":
        frame = generate_independent(rows, 19 if seed is None else seed)
    else:
        raise ValueError(f"unknown data set {data!r}")
    return frame[["unit", "channel", "status", "received", "due", "processing_days", "resolved"]]


def question_columns(frame: pd.DataFrame) -> list[str]:
    """The columns libcchc ingests: processing_days only when a due date is missing."""
    columns = ["unit", "channel", "status", "received", "due", "resolved"]
    if frame["due"].isna().any():
        columns.append("processing_days")
    return columns


# --- libcchc from C++ (bench_indicators.cpp) ------------------------------------------------


def write_columns(frame: pd.DataFrame, windows: Windows, directory: pathlib.Path) -> None:
    """The six columns as bench_indicators.cpp reads them: int8 codes + categories, int64
    datetime64[s] (NaT = INT64_MIN), and each quarter's window as day numbers."""
    for name in ("unit", "channel", "status"):
        column = frame[name].array
        np.save(directory / f"{name}.npy", np.asarray(column.codes, dtype=np.int8))
        (directory / f"{name}.txt").write_text("".join(f"{c}\n" for c in column.categories))
    for name in DATES:
        values = frame[name].to_numpy().astype("datetime64[s]")
        np.save(directory / f"{name}.npy", values.view(np.int64))
    lines = [f"{first} {last}\n" for first, last in zip(windows.first, windows.cutoff)]
    (directory / "quarters.txt").write_text("".join(lines))


def run_cpp(
    binary: pathlib.Path, frame: pd.DataFrame, windows: Windows, repeats: int
) -> tuple[dict[str, float], pd.DataFrame]:
    """Timings of bench_indicators_cpp (seconds by name) and its unit × quarter table."""
    with tempfile.TemporaryDirectory() as name:
        directory = pathlib.Path(name)
        write_columns(frame, windows, directory)
        output = subprocess.run(
            [str(binary), str(directory), str(repeats)], check=True, capture_output=True, text=True
        ).stdout
        timings = {
            line.split()[0]: float(line.split()[1])
            for line in output.splitlines()
            if line and line.split()[0] != "checksum"
        }
        table = pd.read_csv(directory / "cpp_counts.csv")
    table.insert(1, "w", table.pop("window"))
    return timings, table


# --- one data set --------------------------------------------------------------------------


def run_one(
    data: str,
    rows: int,
    repeats: int,
    seed: int | None,
    windows: Windows,
    work: WorkingDays,
    cpp: pathlib.Path | None,
) -> list[dict[str, Any]]:
    """Every method on one data set; the peers checked equal to libcchc first."""
    import duckdb
    import polars as pl

    frame = generate(data, rows, seed)
    columns = question_columns(frame)
    computed_due = "processing_days" in columns

    polars_frame = pl.from_pandas(frame).with_columns(pl.col(*DATES).dt.date())
    connection = duckdb.connect()
    connection.execute(f"SET threads TO {os.cpu_count() or 1}")
    peer_counts.duckdb_tables(connection, windows, work)
    connection.register("source", frame)
    connection.execute(
        "CREATE TABLE dossiers AS SELECT unit, channel, status, received::DATE AS received, "
        "due::DATE AS due, processing_days::INTEGER AS processing_days, "
        "resolved::DATE AS resolved FROM source"
    )
    connection.unregister("source")
    query = peer_counts.duckdb_query(windows, computed_due=computed_due)
    scan_columns = [frame[name].to_numpy().view(np.int64) for name in DATES]

    def ingest(threads: int | None = None) -> cchc.Dossiers:
        return cchc.ingest({name: frame[name] for name in columns}, threads=threads)

    # Equality before timing.
    dossiers = ingest()
    if dossiers.rows_rejected:
        raise AssertionError(f"libcchc rejected {dossiers.rows_rejected} generated rows ({data})")
    expected = peer_counts.cchc_table(dossiers, windows)
    peers: dict[str, Callable[[], Any]] = {
        "pandas/numpy": lambda: peer_counts.pandas_counts(frame, windows, work),
        "Polars": lambda: peer_counts.polars_counts(polars_frame, windows, work),
        "DuckDB": lambda: connection.execute(query).df(),
    }
    for name, compute in peers.items():
        table = compute()
        peer_counts.assert_same(f"{name} ({data} data)", table if isinstance(table, pd.DataFrame)
                                else table.to_pandas(), expected)

    cpp_timings: dict[str, float] = {}
    if cpp is not None and cpp.exists() and data == "default":
        cpp_timings, cpp_table = run_cpp(cpp, frame, windows, repeats)
        peer_counts.assert_same("libcchc from C++", cpp_table, expected)

    timings: list[tuple[str, float]] = [
        (f"libcchc ingest ({len(columns)} columns)", best_of(repeats, ingest)[0]),
        ("libcchc counts (1 call, unit × quarter)",
         best_of(repeats, lambda: peer_counts.cchc_table(dossiers, windows))[0]),
        ("libcchc ingest + counts",
         best_of(repeats, lambda: peer_counts.cchc_table(ingest(), windows))[0]),
        ("libcchc ingest + counts, 1 thread",
         best_of(repeats, lambda: peer_counts.cchc_table(ingest(1), windows, threads=1))[0]),
    ]
    for key, label in (("ingest", "libcchc C++ ingest"), ("counts", "libcchc C++ counts"),
                       ("total", "libcchc C++ ingest + counts")):
        if key in cpp_timings:
            timings.append((label, cpp_timings[key]))
    peer_seconds = {name: best_of(repeats, compute)[0] for name, compute in peers.items()}
    timings.extend(peer_seconds.items())
    scan_seconds = best_of(repeats, lambda: sum(int(c.sum()) for c in scan_columns))[0]
    timings.append(("plain scan (numpy sum, 3 int64 date columns)", scan_seconds))
    if "scan" in cpp_timings:
        timings.append(("plain scan (C++ loop, the 6 input columns)", cpp_timings["scan"]))
        timings.append(("plain scan (C++ loop, the 6 validated columns)", cpp_timings["table_scan"]))
    connection.close()

    fastest_name = min(peer_seconds, key=lambda name: peer_seconds[name])
    fastest = peer_seconds[fastest_name]
    return [
        {
            "data": data,
            "method": name,
            "rows": rows,
            "seconds": seconds,
            "rows_per_s": rows / seconds,
            "fastest_peer": fastest_name,
            "speed_vs_fastest_peer": fastest / seconds,
            "time_vs_numpy_scan": seconds / scan_seconds,
        }
        for name, seconds in timings
    ]


def run(
    rows: int,
    repeats: int,
    seed: int | None = None,
    cpp: pathlib.Path | None = None,
    data: str = "both",
) -> list[dict[str, Any]]:
    """One row per (data set, method): seconds (best of ``repeats``), rows per second, the
    speed relative to the fastest peer on the same data (the peer's time / the method's; > 1
    is faster) and the time relative to the numpy plain scan. ``data``: ``default``,
    ``independent`` or ``both``."""
    windows = peer_counts.quarter_windows(FIRST_QUARTER, LAST_QUARTER)
    work = peer_counts.working_days()
    sets = ("default", "independent") if data == "both" else (data,)
    results: list[dict[str, Any]] = []
    for name in sets:
        results.extend(run_one(name, rows, repeats, seed, windows, work, cpp))
    return results


def main() -> None:
    import duckdb
    import polars as pl

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="dossiers per data set")
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs")
    parser.add_argument("--seed", type=int, default=None, help="default: 2026 / 19")
    parser.add_argument("--data", choices=("default", "independent", "both"), default="both")
    parser.add_argument(
        "--cpp", type=pathlib.Path, default=DEFAULT_CPP,
        help="bench_indicators_cpp (built with -DCCHC_BUILD_BENCHMARKS=ON); skipped when absent",
    )
    args = parser.parse_args()
    before = load()
    results = run(args.rows, args.repeats, args.seed, cpp=args.cpp, data=args.data)
    print(
        f"# {platform.machine()}, {os.cpu_count()} cores, load average {before} before and "
        f"{load()} after; numpy {np.__version__}, pandas {pd.__version__}, polars "
        f"{pl.__version__}, duckdb {duckdb.__version__}, libcchc {cchc.__version__}; "
        f"{args.rows:,} rows per data set, best of {args.repeats}"
    )
    print("| data | method | time (s) | M rows/s | speed vs fastest peer | time / numpy scan |")
    print("|---|---|---:|---:|---:|---:|")
    for row in results:
        print(
            f"| {row['data']} | {row['method']} | {row['seconds']:.4f} "
            f"| {row['rows_per_s'] / 1e6:.1f} | {row['speed_vs_fastest_peer']:.2f}× "
            f"| {row['time_vs_numpy_scan']:.1f}× |"
        )
    fastest = {row["data"]: row["fastest_peer"] for row in results}
    print("fastest peer: " + ", ".join(f"{data}: {name}" for data, name in fastest.items()))
    print("results equal: yes (every peer's unit × quarter table is libcchc's)")


if __name__ == "__main__":
    main()
