"""Reading a dossier CSV export and counting per unit × quarter: libcchc against Polars, DuckDB
and pandas, each in its own process (time and peak memory).

A synthetic export (seeded) with Vietnamese headers and values as one-stop-shop systems write
them: 12 columns, receipt "dd/mm/yyyy HH:MM", due and resolution dates "dd/mm/yyyy", channel
"Trực tuyến" / "Trực tiếp" / "Dịch vụ bưu chính công ích", status "Đã giải quyết" / "Đang giải
quyết", processing days, half of the due dates blank (to be computed from the processing days
on the civil-service calendar), yes/no "Có"/"Không", ratings in words. The file is written once
and read from the page cache.

The job of every method: read the file and give the seven counts per unit for the quarters
Quý I/2024 … Quý I/2025 ("day 14" cut-off; peer_counts.py states the question):

- **libcchc**: ``cchc.io.read_dossiers_csv`` (parsing, the vocabulary, validation, due dates)
  then ``Dossiers.counts(by=["unit", "quarter"])``;
- **libcchc via pandas**: ``pandas.read_csv`` + ``cchc.io.normalize_frame`` + ``cchc.ingest`` +
  counts, the same job done the DataFrame way;
- **Polars**: ``pl.scan_csv`` (lazy, only the needed columns), the dates parsed with their
  format ``%d/%m/%Y %H:%M`` / ``%d/%m/%Y`` and the values compared as the file writes them, then
  the lookup-table / difference-array computation of peer_counts.py, all in one lazy plan;
- **DuckDB**: ``read_csv`` + ``strptime`` + the same SQL as the in-memory benchmark;
- **pandas**: ``pandas.read_csv`` (``engine="pyarrow"``, text columns as categoricals),
  ``to_datetime`` with the formats, then numpy (lookup tables, ``bincount``).

The peers do not validate rows; the file holds none that libcchc rejects (checked). Each method
runs in a fresh subprocess (isolated.py): best of ``repeats``, peak resident memory of the
process (``VmHWM``) and that peak minus the memory after the method's imports. Every
method's table is checked equal to libcchc's before any figure is printed. Run:

    .venv/bin/python benchmarks/bench_csv.py                           # 2 M rows
    .venv/bin/python benchmarks/bench_csv.py --rows 20000 --repeats 1  # smoke run
"""

from __future__ import annotations

import argparse
import os
import pathlib
import platform
import sys
import tempfile
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import isolated  # noqa: E402
import peer_counts  # noqa: E402

UNITS = ["Sở Công Thương", "Sở Tư pháp", "Sở Xây dựng", "UBND huyện Tân Phú", "UBND xã Phú An"]
FIELDS = ["Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng", "Lưu thông hàng hóa"]
CHANNELS = np.array(["Trực tuyến", "Trực tiếp", "Dịch vụ bưu chính công ích"], dtype=object)
YES_NO = np.array(["Có", "Không", ""], dtype=object)
RATINGS = np.array(["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", ""], dtype=object)
FIRST_QUARTER = (2024, 1)
LAST_QUARTER = (2025, 1)
ONLINE = "Trực tuyến"
RESOLVED = "Đã giải quyết"
# The file's headers of the question's columns → the names peer_counts.py uses.
HEADERS = {
    "Đơn vị": "unit",
    "Hình thức nộp": "channel",
    "Trạng thái": "status",
    "Ngày tiếp nhận": "received",
    "Ngày hẹn trả": "due",
    "Ngày giải quyết": "resolved",
    "Thời hạn giải quyết": "processing_days",
}
METHODS = ("libcchc", "libcchc via pandas", "Polars", "DuckDB", "pandas")


def export_frame(rows: int, seed: int = 2026) -> pd.DataFrame:
    """The synthetic export's columns: Vietnamese headers and text values, dates typed
    (``received`` with its time of day; ``due`` NaT in about half the rows, ``resolved`` NaT
    while pending)."""
    rng = np.random.default_rng(seed)
    received = np.datetime64("2024-01-01") + rng.integers(0, 360, rows).astype("timedelta64[D]")
    days = rng.choice([1, 3, 5, 7, 10, 15, 20], rows)
    delay = (days * 1.4 + rng.integers(-2, 4, rows)).clip(0)
    resolved = received + delay.astype("timedelta64[D]")
    done = rng.random(rows) < 0.9
    due = received + (days * 1.4).astype("timedelta64[D]") + np.timedelta64(2, "D")
    with_due = rng.random(rows) < 0.5
    hours = rng.integers(7, 17, rows)
    minutes = rng.integers(0, 60, rows)
    time_of_day = (hours * 3600 + minutes * 60).astype("timedelta64[s]")
    return pd.DataFrame(
        {
            "Mã hồ sơ": [f"HS-{i:08d}" for i in range(rows)],
            "Đơn vị": np.array(UNITS, dtype=object)[rng.integers(0, len(UNITS), rows)],
            "Lĩnh vực": np.array(FIELDS, dtype=object)[rng.integers(0, len(FIELDS), rows)],
            "Mã TTHC": [f"1.{code:06d}" for code in rng.integers(1000, 1300, rows)],
            "Hình thức nộp": CHANNELS[rng.choice(3, rows, p=[0.6, 0.37, 0.03])],
            "Trạng thái": np.where(done, RESOLVED, "Đang giải quyết").astype(object),
            "Ngày tiếp nhận": received.astype("datetime64[s]") + time_of_day,
            "Thời hạn giải quyết": days.astype(np.int32),
            "Ngày hẹn trả": np.where(with_due, due, np.datetime64("NaT")).astype("datetime64[s]"),
            "Ngày giải quyết": np.where(done, resolved, np.datetime64("NaT")).astype("datetime64[s]"),
            "Số hóa hồ sơ": YES_NO[rng.integers(0, 3, rows)],
            "Mức độ hài lòng": RATINGS[rng.integers(0, 5, rows)],
        }
    )


def generate(path: pathlib.Path, rows: int, seed: int = 2026) -> None:
    """Writes the synthetic export as CSV: dates "dd/mm/yyyy" (receipt "dd/mm/yyyy HH:MM"),
    blank when missing."""
    frame = export_frame(rows, seed)
    for header, form in (("Ngày tiếp nhận", "%d/%m/%Y %H:%M"), ("Ngày hẹn trả", "%d/%m/%Y"),
                         ("Ngày giải quyết", "%d/%m/%Y")):
        frame[header] = frame[header].dt.strftime(form).fillna("")
    frame.to_csv(path, index=False, encoding="utf-8")


# --- the methods (each runs in its own process) ----------------------------------------------


def prepare(method: str, path: pathlib.Path, tables: pathlib.Path) -> Callable[[], pd.DataFrame]:
    """Imports what ``method`` needs and returns its job: file in, unit × window table out."""
    windows, work = peer_counts.load_tables(tables)
    if method in ("libcchc", "libcchc via pandas"):
        import cchc
        from cchc.io import normalize_frame, read_dossiers_csv

        calendar = cchc.WorkCalendar()

        def checked(dossiers: cchc.Dossiers) -> pd.DataFrame:
            if dossiers.rows_rejected:
                raise AssertionError(f"libcchc rejected {dossiers.rows_rejected} rows")
            return peer_counts.cchc_table(dossiers, windows)

        if method == "libcchc":
            return lambda: checked(read_dossiers_csv(path, calendar=calendar))

        def dataframe_way() -> pd.DataFrame:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            return checked(cchc.ingest(normalize_frame(frame), calendar=calendar))

        return dataframe_way
    if method == "Polars":
        import polars as pl

        def polars_job() -> pd.DataFrame:
            text: dict[str, Any] = {header: pl.String for header in HEADERS}
            text["Thời hạn giải quyết"] = pl.Int32
            frame = (
                pl.scan_csv(path, schema_overrides=text)
                .select(*[pl.col(header).alias(name) for header, name in HEADERS.items()])
                .with_columns(
                    pl.col("received").str.to_datetime("%d/%m/%Y %H:%M").dt.date(),
                    pl.col("due").str.to_date("%d/%m/%Y"),
                    pl.col("resolved").str.to_date("%d/%m/%Y"),
                )
            )
            return peer_counts.polars_counts(frame, windows, work, ONLINE, RESOLVED).to_pandas()

        return polars_job
    if method == "DuckDB":
        import duckdb

        connection = duckdb.connect()
        connection.execute(f"SET threads TO {os.cpu_count() or 1}")
        peer_counts.duckdb_tables(connection, windows, work)
        source = f"""(
            SELECT "Đơn vị" AS unit, "Hình thức nộp" AS channel, "Trạng thái" AS status,
                   strptime("Ngày tiếp nhận", '%d/%m/%Y %H:%M')::DATE AS received,
                   strptime("Ngày hẹn trả", '%d/%m/%Y')::DATE AS due,
                   strptime("Ngày giải quyết", '%d/%m/%Y')::DATE AS resolved,
                   "Thời hạn giải quyết"::INTEGER AS processing_days
            FROM read_csv('{path}', header = true, all_varchar = true))"""
        query = peer_counts.duckdb_query(windows, source, True, ONLINE, RESOLVED)
        return lambda: connection.execute(query).df()
    if method == "pandas":

        def pandas_job() -> pd.DataFrame:
            frame = pd.read_csv(
                path,
                usecols=list(HEADERS),
                dtype={"Đơn vị": "category", "Hình thức nộp": "category", "Trạng thái": "category"},
                engine="pyarrow",
            ).rename(columns=HEADERS)
            frame["received"] = pd.to_datetime(frame["received"], format="%d/%m/%Y %H:%M")
            frame["due"] = pd.to_datetime(frame["due"], format="%d/%m/%Y")
            frame["resolved"] = pd.to_datetime(frame["resolved"], format="%d/%m/%Y")
            return peer_counts.pandas_counts(frame, windows, work, ONLINE, RESOLVED)

        return pandas_job
    raise ValueError(f"unknown method {method!r}")


# --- the run -----------------------------------------------------------------------------------


def run(rows: int = 2_000_000, repeats: int = 3, methods: tuple[str, ...] = METHODS) -> list[dict[str, Any]]:
    """One row per method: seconds (best of ``repeats``), peak memory, ratios; every table
    checked equal to libcchc's first (a method that fails is reported with its error)."""
    windows = peer_counts.quarter_windows(FIRST_QUARTER, LAST_QUARTER)
    work = peer_counts.working_days()
    script = pathlib.Path(__file__).resolve()
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "dossiers.csv"
        tables = pathlib.Path(folder) / "tables.npz"
        generate(path, rows)
        peer_counts.save_tables(tables, windows, work)
        size = path.stat().st_size
        reports = {}
        for method in methods:
            out = pathlib.Path(folder) / f"{method.replace(' ', '_')}.csv"
            reports[method] = isolated.measure(
                script, method,
                ["--file", str(path), "--tables", str(tables), "--repeats", str(repeats), "--out", str(out)],
            )
    return summarise(reports, rows, size)


def summarise(reports: dict[str, dict[str, Any]], rows: int, size: int) -> list[dict[str, Any]]:
    """Checks every table against libcchc's, then the table rows with their ratios."""
    reference = reports.get("libcchc", {})
    if "error" in reference or "table" not in reference:
        raise AssertionError(f"libcchc failed: {reference.get('error')}")
    for method, report in reports.items():
        if "table" in report and method != "libcchc":
            peer_counts.assert_same(method, report["table"], reference["table"])
    timed = [r["seconds"] for m, r in reports.items() if "seconds" in r and not m.startswith("libcchc")]
    fastest = min(timed) if timed else float("nan")
    results = []
    for method, report in reports.items():
        if "error" in report:
            results.append({"method": method, "rows": rows, "bytes": size, "error": report["error"]})
            continue
        peak = report["peak_kib"] * 1024
        results.append(
            {
                "method": method,
                "rows": rows,
                "bytes": size,
                "seconds": report["seconds"],
                "speed_vs_fastest_peer": fastest / report["seconds"],
                "time_vs_libcchc": report["seconds"] / reference["seconds"],
                "peak_bytes": peak,
                "job_bytes": peak - report["baseline_kib"] * 1024,
            }
        )
    return results


def print_table(results: list[dict[str, Any]], extra: str = "") -> None:
    """The one table of the run."""
    print("| method | time (s) | M rows/s | speed vs fastest peer | time / libcchc "
          f"| peak RSS (MB) | peak − after imports (MB){extra} |")
    print("|---|---:|---:|---:|---:|---:|---:|" + ("---:|" if extra else ""))
    for row in results:
        if "error" in row:
            empty = 5 + (1 if extra else 0)
            print(f"| {row['method']} | failed: {row['error'].splitlines()[0][:160]} |"
                  + " |" * empty)
            continue
        cells = (
            f"| {row['method']} | {row['seconds']:.3f} | {row['rows'] / row['seconds'] / 1e6:.2f} "
            f"| {row['speed_vs_fastest_peer']:.2f}× | {row['time_vs_libcchc']:.2f}× "
            f"| {row['peak_bytes'] / 1e6:.0f} | {row['job_bytes'] / 1e6:.0f}"
        )
        if extra:
            cells += f" | {row['job_bytes'] / row['column_bytes']:.2f}×"
        print(cells + " |")


def versions() -> str:
    """The versions of the tools measured."""
    import duckdb
    import polars as pl

    import cchc

    return (f"pandas {pd.__version__}, polars {pl.__version__}, duckdb {duckdb.__version__}, "
            f"libcchc {cchc.__version__}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=pathlib.Path, help=argparse.SUPPRESS)
    parser.add_argument("--tables", type=pathlib.Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=pathlib.Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        isolated.child(
            lambda: prepare(arguments.child, arguments.file, arguments.tables),
            arguments.repeats, arguments.out,
        )
        return
    before = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    results = run(arguments.rows, arguments.repeats)
    after = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"# {platform.machine()}, {os.cpu_count()} cores, load average {before} before and "
          f"{after} after; {versions()}; {arguments.rows:,} rows, "
          f"{results[0]['bytes'] / 1e6:.0f} MB, best of {arguments.repeats}, each method in its "
          "own process")
    print_table(results)
    print("results equal: yes (every table is libcchc's, per unit and quarter, all seven counts)")


if __name__ == "__main__":
    main()
