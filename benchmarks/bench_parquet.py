"""Reading a dossier Parquet file and counting per unit × quarter: libcchc against Polars and
DuckDB, each in its own process (time and peak memory against the size of the columns).

The data of bench_csv.py (receipt a timestamp with its time of day, due and resolution dates
``date32``, about half the due dates missing and computed from the processing days), written
twice:

- **pyarrow, plain strings**: ``pyarrow.parquet.write_table`` of the table with its text columns
  as ``string`` (Parquet's own dictionary pages, read back as plain strings);
- **Polars, categoricals**: ``polars.DataFrame.write_parquet`` with the text columns (unit,
  field, procedure, channel, status) as ``pl.Categorical``, which Arrow reads as dictionaries
  with **unsigned** 32-bit indices.

The columns carry libcchc's record field names and keys ("online", "resolved"; a Parquet
file is more often an analyst's file than a one-stop system's export). On each file, the job
of bench_csv.py (the seven counts per unit for Quý I/2024 … Quý I/2025):

- **libcchc**: ``cchc.io.read_dossiers_parquet`` + ``Dossiers.counts(by=["unit", "quarter"])``;
- **libcchc ingest**: ``pyarrow.parquet.read_table`` + ``cchc.ingest`` of the Arrow table +
  the same counts;
- **Polars**: ``pl.scan_parquet`` (the question's columns only) + the lazy computation of
  peer_counts.py;
- **DuckDB**: ``read_parquet`` + the SQL of peer_counts.py.

Each method runs in a fresh subprocess (isolated.py): best of ``repeats``, the process's peak
resident memory and that peak minus the memory after its imports ("the job's memory"),
compared with the size of the file's columns in memory as Arrow reads them (``Table.nbytes``;
the aim for libcchc is ≤ 1.5×). A method that fails (e.g. an exception from a reader) is
reported with its error in the table; the others' tables are checked equal to libcchc's (or,
when libcchc fails on a file, to libcchc's on the other file). Run:

    .venv/bin/python benchmarks/bench_parquet.py                           # 2 M rows
    .venv/bin/python benchmarks/bench_parquet.py --rows 20000 --repeats 1  # smoke run
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

import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_csv  # noqa: E402
import isolated  # noqa: E402
import peer_counts  # noqa: E402
from bench_csv import HEADERS, RESOLVED  # noqa: E402

TEXT = ("unit", "field", "procedure", "channel", "status")
DAYS = ("due", "resolved")
METHODS = ("libcchc", "libcchc ingest", "Polars", "DuckDB")
QUESTION = list(HEADERS.values())
# The export's headers and values → libcchc's record fields and keys (a Parquet file is an
# analyst's file more often than a one-stop system's export).
FIELD_NAMES = {
    **HEADERS, "Mã hồ sơ": "id", "Lĩnh vực": "field", "Mã TTHC": "procedure",
    "Số hóa hồ sơ": "digitised_dossier", "Mức độ hài lòng": "satisfaction",
}
KEYS = {
    "channel": {"Trực tuyến": "online", "Trực tiếp": "in_person",
                "Dịch vụ bưu chính công ích": "postal"},
    "status": {RESOLVED: "resolved", "Đang giải quyết": "pending"},
    "digitised_dossier": {"Có": True, "Không": False, "": None},
    "satisfaction": {"Rất hài lòng": 5, "Hài lòng": 4, "Bình thường": 3, "Không hài lòng": 2,
                     "": None},
}
FILES = {"pyarrow": "pyarrow, plain strings", "polars": "Polars, categoricals"}


def write_files(folder: pathlib.Path, rows: int) -> dict[str, pathlib.Path]:
    """The same export written by pyarrow (strings) and by Polars (categoricals)."""
    import polars as pl
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = bench_csv.export_frame(rows).rename(columns=FIELD_NAMES)
    for name, keys in KEYS.items():
        frame[name] = frame[name].map(keys)
    frame["digitised_dossier"] = frame["digitised_dossier"].astype("boolean")
    frame["satisfaction"] = frame["satisfaction"].astype("Int8")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for name in DAYS:
        index = table.schema.get_field_index(name)
        table = table.set_column(index, name, table.column(name).cast(pa.date32()))
    paths = {"pyarrow": folder / "pyarrow.parquet", "polars": folder / "polars.parquet"}
    pq.write_table(table, paths["pyarrow"])
    (
        pl.from_arrow(table)
        .with_columns(pl.col(*TEXT).cast(pl.Categorical))
        .write_parquet(paths["polars"])
    )
    return paths


def column_bytes(path: pathlib.Path, columns: list[str] | None = None) -> int:
    """The size of the file's columns (or of ``columns``) in memory as Arrow reads them."""
    import pyarrow.parquet as pq

    return int(pq.read_table(path, columns=columns).nbytes)


def prepare(method: str, path: pathlib.Path, tables: pathlib.Path) -> Callable[[], pd.DataFrame]:
    """Imports what ``method`` needs and returns its job: file in, unit × window table out."""
    windows, work = peer_counts.load_tables(tables)
    if method == "libcchc":
        import cchc
        from cchc.io import read_dossiers_parquet

        calendar = cchc.WorkCalendar()

        def checked(dossiers: cchc.Dossiers) -> pd.DataFrame:
            if dossiers.rows_rejected:
                raise AssertionError(f"libcchc rejected {dossiers.rows_rejected} rows")
            return peer_counts.cchc_table(dossiers, windows)

        return lambda: checked(read_dossiers_parquet(path, calendar=calendar))
    if method == "libcchc ingest":
        import pyarrow.parquet as pq

        import cchc

        calendar = cchc.WorkCalendar()

        def ingest_job() -> pd.DataFrame:
            dossiers = cchc.ingest(pq.read_table(path), calendar=calendar)
            if dossiers.rows_rejected:
                raise AssertionError(f"libcchc rejected {dossiers.rows_rejected} rows")
            return peer_counts.cchc_table(dossiers, windows)

        return ingest_job
    if method == "Polars":
        import polars as pl

        def polars_job() -> pd.DataFrame:
            frame = pl.scan_parquet(path).select(QUESTION).with_columns(pl.col("received").dt.date())
            return peer_counts.polars_counts(frame, windows, work).to_pandas()

        return polars_job
    if method == "DuckDB":
        import duckdb

        connection = duckdb.connect()
        connection.execute(f"SET threads TO {os.cpu_count() or 1}")
        peer_counts.duckdb_tables(connection, windows, work)
        source = f"(SELECT {', '.join(QUESTION)} FROM read_parquet('{path}'))"
        query = peer_counts.duckdb_query(windows, source, True)
        return lambda: connection.execute(query).df()
    raise ValueError(f"unknown method {method!r}")


def run(rows: int = 2_000_000, repeats: int = 3) -> list[dict[str, Any]]:
    """One row per (file, method); tables checked equal to libcchc's first."""
    windows = peer_counts.quarter_windows(bench_csv.FIRST_QUARTER, bench_csv.LAST_QUARTER)
    work = peer_counts.working_days()
    script = pathlib.Path(__file__).resolve()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as name:
        folder = pathlib.Path(name)
        tables = folder / "tables.npz"
        peer_counts.save_tables(tables, windows, work)
        paths = write_files(folder, rows)
        all_reports = {}
        for kind, path in paths.items():
            reports = {}
            for method in METHODS:
                out = folder / f"{kind}_{method}.csv"
                reports[method] = isolated.measure(
                    script, method,
                    ["--file", str(path), "--tables", str(tables), "--repeats", str(repeats),
                     "--out", str(out)],
                )
            all_reports[kind] = reports
        # libcchc's table is the reference; if libcchc fails on one file, its table of the
        # other file (the same dossiers) is.
        good = [r["libcchc"] for r in all_reports.values() if "table" in r["libcchc"]]
        if not good:
            raise AssertionError(
                "libcchc failed on every file: "
                + "; ".join(str(r["libcchc"].get("error")) for r in all_reports.values())
            )
        for kind, reports in all_reports.items():
            if "table" not in reports["libcchc"]:
                reference = dict(good[0])
                reference["seconds"] = float("nan")
                summary = bench_csv.summarise({"libcchc": reference, **{
                    m: r for m, r in reports.items() if m != "libcchc"}}, rows, 0)
                summary[0] = {"method": "libcchc", "rows": rows, "bytes": 0,
                              "error": reports["libcchc"]["error"]}
            else:
                summary = bench_csv.summarise(reports, rows, 0)
            size = paths[kind].stat().st_size
            columns = column_bytes(paths[kind])
            question = column_bytes(paths[kind], QUESTION)
            for row in summary:
                row.update(file=FILES[kind], bytes=size, column_bytes=columns,
                           question_bytes=question)
            results.extend(summary)
    return results


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
    import pyarrow

    before = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    results = run(arguments.rows, arguments.repeats)
    after = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"# {platform.machine()}, {os.cpu_count()} cores, load average {before} before and "
          f"{after} after; {bench_csv.versions()}, pyarrow {pyarrow.__version__}; "
          f"{arguments.rows:,} rows, best of {arguments.repeats}, each method in its own process")
    for label in FILES.values():
        rows = [row for row in results if row["file"] == label]
        print(f"\n{label}: file {rows[0]['bytes'] / 1e6:.0f} MB; columns in memory (Arrow) "
              f"{rows[0]['column_bytes'] / 1e6:.0f} MB, the question's 7 columns "
              f"{rows[0]['question_bytes'] / 1e6:.0f} MB")
        bench_csv.print_table(rows, extra=" | job memory / columns")
    print("results equal: yes (every table is libcchc's, per unit and quarter, all seven counts)")


if __name__ == "__main__":
    main()
