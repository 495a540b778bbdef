"""Grouped dossier counts per unit × quarter: libcchc against pandas, Polars and DuckDB.

Synthetic dossiers from ``generate_dossiers.generate`` (2023–2025), the 13 quarters Quý I/2023
to Quý I/2026 under Decree 09/2019's "day 14" cut-off (Quý I/2024 counts 15/12/2023–14/3/2024).
Every side computes the same seven counts per unit and quarter from the same six columns (unit,
channel, status, received, due, resolved):

- ``received_new``: received inside the quarter's window;
- ``resolved_early`` / ``resolved_on_time`` / ``resolved_late``: status resolved, resolved
  inside the window, resolved before / on / after the due date;
- ``pending_within`` / ``pending_overdue``: received by the cut-off and not closed (resolved,
  refused or withdrawn) by it; due on or after the cut-off / before it;
- ``new_online``: received inside the window and filed online.

libcchc is measured from Python — ``cchc.ingest`` of the six columns (categorical codes and
``datetime64[s]`` buffers read in place), then one ``Dossiers.counts(by=["unit", "quarter"])``
call that counts every unit × quarter in one pass — and from C++ (``bench_indicators_cpp``,
built with ``-DCCHC_BUILD_BENCHMARKS=ON``, on the same columns written as .npy files), when the
binary is found. The peers attach each date's quarter with the "day 14" arithmetic in their own
expressions (checked once against ``cchc.calendar.period_of_array``), and explode the dossiers
open across cut-offs to count them pending at each. Peers get the data in their own in-memory
format (pandas DataFrame, Polars DataFrame, DuckDB table), built before timing; libcchc's ingest
is timed. The tables (libcchc from Python and from C++, pandas, Polars, DuckDB) are checked
equal before any time is reported. The plain scans (numpy sum of the three date columns as
int64; a C++ loop over the six input columns and over the six validated ones) bound what one
pass over the data costs. Run:

    .venv/bin/python benchmarks/bench_indicators.py                            # 10 M rows
    .venv/bin/python benchmarks/bench_indicators.py --rows 20000 --repeats 1   # smoke run
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
from cchc.calendar import period_of_array

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate_dossiers import generate  # noqa: E402

COLUMNS = ("unit", "channel", "status", "received", "due", "resolved")
COUNTS = (
    "received_new",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_within",
    "pending_overdue",
    "new_online",
)
QUARTERS = [
    cchc.Period("quarter", year, quarter) for year in (2023, 2024, 2025) for quarter in (1, 2, 3, 4)
] + [cchc.Period("quarter", 2026, 1)]
FIRST_Q = QUARTERS[0].year * 4 + QUARTERS[0].index - 1
LAST_Q = QUARTERS[-1].year * 4 + QUARTERS[-1].index - 1


def best_of(repeats: int, function: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def quarter_index(year: np.ndarray, quarter: np.ndarray) -> np.ndarray:
    return year.astype(np.int64) * 4 + quarter.astype(np.int64) - 1


def windows() -> pd.DataFrame:
    """Quarter index (year × 4 + quarter − 1), first day and cut-off of each quarter's window."""
    ranges = [period.data_range("day 14") for period in QUARTERS]
    return pd.DataFrame(
        {
            "q": [period.year * 4 + period.index - 1 for period in QUARTERS],
            "first": np.array([first for first, _ in ranges], dtype="datetime64[s]"),
            "cutoff": np.array([last for _, last in ranges], dtype="datetime64[s]"),
        }
    )


def canonical(table: pd.DataFrame) -> pd.DataFrame:
    """unit, q and the counts as int64, rows with all counts 0 dropped, sorted."""
    table = table.copy()
    table["unit"] = table["unit"].astype(str)
    table["q"] = table["q"].astype(np.int64)
    table = table.groupby(["unit", "q"], sort=True)[list(COUNTS)].sum().astype(np.int64)
    return table[(table != 0).any(axis=1)]


# --- libcchc -------------------------------------------------------------------------------


def cchc_ingest(frame: pd.DataFrame) -> cchc.Dossiers:
    return cchc.ingest({name: frame[name] for name in COLUMNS})


QUARTER_OF_CODE = {period.code: period.year * 4 + period.index - 1 for period in QUARTERS}


def cchc_count(dossiers: cchc.Dossiers, threads: int | None = None) -> pd.DataFrame:
    """One call: every unit × quarter from Quý I/2023 to Quý I/2026, in one pass."""
    first, _ = QUARTERS[0].data_range("day 14")
    _, last = QUARTERS[-1].data_range("day 14")
    table = dossiers.counts(first=first, last=last, by=["unit", "quarter"], threads=threads)
    quarter = table["quarter"].map(QUARTER_OF_CODE).astype(np.int64)
    table = table[["unit", *COUNTS]]
    table.insert(1, "q", quarter)
    return table


# --- libcchc from C++ (bench_indicators.cpp) ------------------------------------------------

DEFAULT_CPP = (
    pathlib.Path(__file__).resolve().parents[1] / "build" / "bench" / "benchmarks"
    / "bench_indicators_cpp"
)


def write_columns(frame: pd.DataFrame, directory: pathlib.Path) -> None:
    """The six columns as bench_indicators.cpp reads them: int8 codes + categories, int64
    datetime64[s] (NaT = INT64_MIN), and each quarter's window as day numbers."""
    for name in ("unit", "channel", "status"):
        column = frame[name].array
        np.save(directory / f"{name}.npy", np.asarray(column.codes, dtype=np.int8))
        (directory / f"{name}.txt").write_text("".join(f"{c}\n" for c in column.categories))
    for name in ("received", "due", "resolved"):
        values = frame[name].to_numpy().astype("datetime64[s]")
        np.save(directory / f"{name}.npy", values.view(np.int64))
    lines = []
    for period in QUARTERS:
        first, last = period.data_range("day 14")
        lines.append(f"{(first - EPOCH).days} {(last - EPOCH).days}\n")
    (directory / "quarters.txt").write_text("".join(lines))


EPOCH = __import__("datetime").date(1970, 1, 1)


def run_cpp(binary: pathlib.Path, frame: pd.DataFrame, repeats: int) -> tuple[dict[str, float], pd.DataFrame]:
    """Timings of bench_indicators_cpp (seconds by name) and its unit × quarter table."""
    with tempfile.TemporaryDirectory() as name:
        directory = pathlib.Path(name)
        write_columns(frame, directory)
        output = subprocess.run(
            [str(binary), str(directory), str(repeats)], check=True, capture_output=True, text=True
        ).stdout
        timings = {
            line.split()[0]: float(line.split()[1])
            for line in output.splitlines()
            if line and line.split()[0] != "checksum"
        }
        table = pd.read_csv(directory / "cpp_counts.csv")
    table.insert(1, "q", FIRST_Q + table.pop("window"))
    return timings, table


# --- pandas --------------------------------------------------------------------------------


def pandas_quarter(dates: pd.Series) -> pd.Series:
    # "day 14": the 15th and later belong to the next month's quarter.
    months = dates.dt.year * 12 + dates.dt.month - 1 + (dates.dt.day >= 15)
    return months // 3


def pandas_counts(frame: pd.DataFrame, cutoffs: np.ndarray) -> pd.DataFrame:
    unit, received = frame["unit"], frame["received"]
    due, resolved = frame["due"], frame["resolved"]
    received_q = pandas_quarter(received)
    closed_q = pandas_quarter(resolved)  # float, NaN when open

    new = received_q.between(FIRST_Q, LAST_Q)
    intake = (
        pd.DataFrame(
            {
                "unit": unit[new],
                "q": received_q[new],
                "received_new": 1,
                "new_online": (frame["channel"] == "online")[new],
            }
        )
        .groupby(["unit", "q"], observed=True)
        .sum()
    )

    done = (frame["status"] == "resolved") & closed_q.between(FIRST_Q, LAST_Q)
    outcome = (
        pd.DataFrame(
            {
                "unit": unit[done],
                "q": closed_q[done].astype(np.int64),
                "resolved_early": (resolved < due)[done],
                "resolved_on_time": (resolved == due)[done],
                "resolved_late": (resolved > due)[done],
            }
        )
        .groupby(["unit", "q"], observed=True)
        .sum()
    )

    # Open at the cut-off of every quarter from the one received in to the one before closing.
    start = np.maximum(received_q.to_numpy(), FIRST_Q)
    end = np.minimum(closed_q.fillna(LAST_Q + 1).to_numpy(np.int64) - 1, LAST_Q)
    spans = np.maximum(end - start + 1, 0)
    rows = np.flatnonzero(spans)
    spans = spans[rows]
    repeated = np.repeat(rows, spans)
    step = np.arange(len(repeated)) - np.repeat(np.cumsum(spans) - spans, spans)
    quarter = start[repeated] + step
    within = due.to_numpy()[repeated] >= cutoffs[quarter - FIRST_Q]
    pending = (
        pd.DataFrame(
            {
                "unit": unit.to_numpy()[repeated],
                "q": quarter,
                "pending_within": within,
                "pending_overdue": ~within,
            }
        )
        .groupby(["unit", "q"], observed=True)
        .sum()
    )
    table = pd.concat([intake, outcome, pending], axis=1).fillna(0).astype(np.int64)
    return table.reset_index()


# --- Polars --------------------------------------------------------------------------------


def polars_counts(frame: Any, cutoffs: Any) -> pd.DataFrame:
    import polars as pl

    def quarter(name: str) -> pl.Expr:
        date = pl.col(name)
        months = (
            date.dt.year().cast(pl.Int64) * 12
            + date.dt.month().cast(pl.Int64)
            - 1
            + (date.dt.day() >= 15).cast(pl.Int64)
        )
        return months // 3

    base = frame.lazy().with_columns(
        quarter("received").alias("qr"), quarter("resolved").alias("qc")
    )
    intake = (
        base.filter(pl.col("qr").is_between(FIRST_Q, LAST_Q))
        .group_by("unit", pl.col("qr").alias("q"))
        .agg(
            pl.len().cast(pl.Int64).alias("received_new"),
            (pl.col("channel") == "online").sum().cast(pl.Int64).alias("new_online"),
        )
    )
    outcome = (
        base.filter((pl.col("status") == "resolved") & pl.col("qc").is_between(FIRST_Q, LAST_Q))
        .group_by("unit", pl.col("qc").alias("q"))
        .agg(
            (pl.col("resolved") < pl.col("due")).sum().cast(pl.Int64).alias("resolved_early"),
            (pl.col("resolved") == pl.col("due")).sum().cast(pl.Int64).alias("resolved_on_time"),
            (pl.col("resolved") > pl.col("due")).sum().cast(pl.Int64).alias("resolved_late"),
        )
    )
    start = pl.max_horizontal(pl.col("qr"), pl.lit(FIRST_Q))
    stop = pl.min_horizontal(pl.col("qc").fill_null(LAST_Q + 1), pl.lit(LAST_Q + 1))
    pending = (
        base.filter(stop > start)
        .select("unit", "due", pl.int_ranges(start, stop).alias("q"))
        .explode("q")
        .join(cutoffs.lazy(), on="q")
        .group_by("unit", "q")
        .agg(
            (pl.col("due") >= pl.col("cutoff")).sum().cast(pl.Int64).alias("pending_within"),
            (pl.col("due") < pl.col("cutoff")).sum().cast(pl.Int64).alias("pending_overdue"),
        )
    )
    intake, outcome, pending = pl.collect_all([intake, outcome, pending])
    table = (
        intake.join(outcome, on=["unit", "q"], how="full", coalesce=True)
        .join(pending, on=["unit", "q"], how="full", coalesce=True)
        .fill_null(0)
    )
    return table.to_pandas()


# --- DuckDB --------------------------------------------------------------------------------

DUCKDB_QUERY = """
WITH b AS (
    SELECT unit, channel, status, due, resolved,
           (year(received) * 12 + month(received) - 1 + (day(received) >= 15)::BIGINT) // 3 AS qr,
           (year(resolved) * 12 + month(resolved) - 1 + (day(resolved) >= 15)::BIGINT) // 3 AS qc
    FROM dossiers
),
intake AS (
    SELECT unit, qr AS q, count(*) AS received_new,
           count(*) FILTER (WHERE channel = 'online') AS new_online
    FROM b WHERE qr BETWEEN {first} AND {last} GROUP BY ALL
),
outcome AS (
    SELECT unit, qc AS q,
           count(*) FILTER (WHERE resolved < due) AS resolved_early,
           count(*) FILTER (WHERE resolved = due) AS resolved_on_time,
           count(*) FILTER (WHERE resolved > due) AS resolved_late
    FROM b WHERE status = 'resolved' AND qc BETWEEN {first} AND {last} GROUP BY ALL
),
open AS (
    SELECT unit, due,
           unnest(range(greatest(qr, {first}), least(coalesce(qc, {stop}), {stop}))) AS q
    FROM b WHERE least(coalesce(qc, {stop}), {stop}) > greatest(qr, {first})
),
pending AS (
    SELECT unit, q,
           count(*) FILTER (WHERE due >= cutoff) AS pending_within,
           count(*) FILTER (WHERE due < cutoff) AS pending_overdue
    FROM open JOIN windows USING (q) GROUP BY ALL
)
SELECT unit, q,
       coalesce(received_new, 0) AS received_new,
       coalesce(resolved_early, 0) AS resolved_early,
       coalesce(resolved_on_time, 0) AS resolved_on_time,
       coalesce(resolved_late, 0) AS resolved_late,
       coalesce(pending_within, 0) AS pending_within,
       coalesce(pending_overdue, 0) AS pending_overdue,
       coalesce(new_online, 0) AS new_online
FROM intake FULL JOIN outcome USING (unit, q) FULL JOIN pending USING (unit, q)
""".format(first=FIRST_Q, last=LAST_Q, stop=LAST_Q + 1)


def duckdb_counts(connection: Any) -> pd.DataFrame:
    return connection.execute(DUCKDB_QUERY).df()


# --- the run -------------------------------------------------------------------------------


def plain_scan(columns: list[np.ndarray]) -> int:
    return sum(int(column.sum()) for column in columns)


def run(
    rows: int, repeats: int, seed: int = 2026, cpp: pathlib.Path | None = None
) -> list[dict[str, Any]]:
    """One row per method: seconds (best of ``repeats``), rows per second, its speed relative
    to the fastest peer (the peer's time / the method's, > 1 is faster) and its time relative
    to the numpy plain scan. ``cpp``: the bench_indicators_cpp binary, run when it exists."""
    import duckdb
    import polars as pl

    frame = generate(rows, seed)
    window_table = windows()
    cutoffs = window_table["cutoff"].to_numpy()

    # The peers' "day 14" arithmetic is libcchc's period_of_array.
    for name in ("received", "resolved"):
        dates = frame[name].dropna()
        years, quarters = period_of_array(dates.to_numpy().astype("datetime64[D]"), "quarter")
        if not np.array_equal(quarter_index(years, quarters), pandas_quarter(dates).to_numpy()):
            raise AssertionError(f"quarter of '{name}': the day-14 arithmetic differs from libcchc")

    polars_frame = pl.from_pandas(frame[list(COLUMNS)])
    polars_windows = pl.from_pandas(window_table[["q", "cutoff"]])
    connection = duckdb.connect()
    connection.execute("SET threads TO {}".format(os.cpu_count() or 1))
    source = frame[list(COLUMNS)]  # noqa: F841 (read by DuckDB's replacement scan)
    connection.execute(
        "CREATE TABLE dossiers AS SELECT unit::VARCHAR AS unit, channel::VARCHAR AS channel, "
        "status::VARCHAR AS status, received::DATE AS received, due::DATE AS due, "
        "resolved::DATE AS resolved FROM source"
    )
    windows_source = window_table  # noqa: F841
    connection.execute(
        "CREATE TABLE windows AS SELECT q::BIGINT AS q, cutoff::DATE AS cutoff FROM windows_source"
    )
    scan_columns = [
        frame[name].to_numpy().view(np.int64) for name in ("received", "due", "resolved")
    ]

    # Equality before timing.
    dossiers = cchc_ingest(frame)
    if dossiers.rows_rejected:
        raise AssertionError(f"libcchc rejected {dossiers.rows_rejected} generated rows")
    expected = canonical(cchc_count(dossiers))
    peers: dict[str, Callable[[], pd.DataFrame]] = {
        "pandas": lambda: pandas_counts(frame, cutoffs),
        "Polars": lambda: polars_counts(polars_frame, polars_windows),
        "DuckDB": lambda: duckdb_counts(connection),
    }
    for name, compute in peers.items():
        got = canonical(compute())
        same = got.index.equals(expected.index) and np.array_equal(
            got.to_numpy(), expected.to_numpy()
        )
        if not same:
            raise AssertionError(f"{name} and libcchc disagree on the unit × quarter counts")

    cpp_timings: dict[str, float] = {}
    if cpp is not None and cpp.exists():
        cpp_timings, cpp_table = run_cpp(cpp, frame, repeats)
        got = canonical(cpp_table)
        if not (got.index.equals(expected.index) and np.array_equal(got.to_numpy(), expected.to_numpy())):
            raise AssertionError("libcchc from C++ and from Python disagree on the counts")

    timings: list[tuple[str, float]] = []
    timings.append(("libcchc ingest (6 columns)", best_of(repeats, lambda: cchc_ingest(frame))[0]))
    count_seconds = best_of(repeats, lambda: cchc_count(dossiers))[0]
    timings.append(("libcchc counts (1 call, unit × quarter)", count_seconds))
    total_seconds = best_of(repeats, lambda: cchc_count(cchc_ingest(frame)))[0]
    timings.append(("libcchc ingest + counts", total_seconds))
    one_thread = best_of(
        repeats, lambda: cchc_count(cchc.ingest(frame[list(COLUMNS)], threads=1), threads=1)
    )[0]
    timings.append(("libcchc ingest + counts, 1 thread", one_thread))
    for key, label in (
        ("ingest", "libcchc C++ ingest"),
        ("counts", "libcchc C++ counts"),
        ("total", "libcchc C++ ingest + counts"),
    ):
        if key in cpp_timings:
            timings.append((label, cpp_timings[key]))
    peer_seconds = {}
    for name, compute in peers.items():
        peer_seconds[name] = best_of(repeats, compute)[0]
        timings.append((name, peer_seconds[name]))
    scan_seconds = best_of(repeats, lambda: plain_scan(scan_columns))[0]
    timings.append(("plain scan (numpy sum, 3 int64 columns)", scan_seconds))
    if "scan" in cpp_timings:
        timings.append(("plain scan (C++ loop, the 6 input columns)", cpp_timings["scan"]))
        timings.append(("plain scan (C++ loop, the 6 validated columns)", cpp_timings["table_scan"]))
    connection.close()
    fastest_peer = min(peer_seconds.values())

    return [
        {
            "method": name,
            "rows": rows,
            "seconds": seconds,
            "rows_per_s": rows / seconds,
            "speed_vs_fastest_peer": fastest_peer / seconds,
            "time_vs_numpy_scan": seconds / scan_seconds,
        }
        for name, seconds in timings
    ]


def main() -> None:
    import duckdb
    import polars as pl

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="number of dossiers")
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--cpp", type=pathlib.Path, default=DEFAULT_CPP,
        help="bench_indicators_cpp (built with -DCCHC_BUILD_BENCHMARKS=ON); skipped when absent",
    )
    args = parser.parse_args()
    rows = run(args.rows, args.repeats, args.seed, cpp=args.cpp)
    print(
        f"# {platform.machine()}, {os.cpu_count()} cores, numpy {np.__version__}, pandas "
        f"{pd.__version__}, polars {pl.__version__}, duckdb {duckdb.__version__}, "
        f"rows = {args.rows:,}, best of {args.repeats}"
    )
    print("| method | time (s) | M rows/s | speed vs fastest peer | time / numpy scan |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['method']} | {row['seconds']:.4f} | {row['rows_per_s'] / 1e6:.1f} "
            f"| {row['speed_vs_fastest_peer']:.2f}× | {row['time_vs_numpy_scan']:.1f}× |"
        )
    print("results equal: yes")


if __name__ == "__main__":
    main()
