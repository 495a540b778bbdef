"""cchc.dask on 1 and 2 worker processes against the single-process cchc.dossier run.

Synthetic dossiers from ``generate_dossiers.generate`` (2023–2025) are written as ``--parts``
Parquet files (rows shuffled, so every unit is in every file). Three ways count every
unit × quarter and compute every indicator:

- ``local``: ``pandas.read_parquet`` of the directory, ``cchc.dossier.ingest``, then
  ``Dossiers.indicators(by=["unit", "quarter"])`` on every core of this process;
- ``dask, N workers``: ``cchc.dask.indicators`` on a ``distributed.LocalCluster`` of N worker
  processes with one thread each (the cluster is started before timing; each worker's first
  task builds its calendar, so the best of ``--repeats`` is reported), with the windows given
  (``first``/``last``: one pass) and taken from the data (a first pass finds the days of
  receipt over all partitions, so every partition is ingested twice).

The Dask tables are checked equal to the local one (exactly) before any time is reported.
Run:

    .venv/bin/python benchmarks/bench_dask.py                                  # 2 M rows
    .venv/bin/python benchmarks/bench_dask.py --rows 50000 --parts 4 --repeats 1   # smoke run
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pathlib
import platform
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import cchc
import cchc.dask

HERE = pathlib.Path(__file__).resolve().parent
BY = ["unit", "quarter"]


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("generate_dossiers", HERE / "generate_dossiers.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_of(repeats: int, function: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def write_dataset(rows: int, parts: int, directory: pathlib.Path) -> None:
    frame = _generator().generate(rows, seed=2026)
    order = np.random.default_rng(1).permutation(rows)
    for index, chunk in enumerate(np.array_split(order, parts)):
        frame.iloc[np.sort(chunk)].to_parquet(directory / f"part-{index:03d}.parquet", index=False)


def local(directory: pathlib.Path, **options: Any) -> pd.DataFrame:
    frame = pd.concat(
        [pd.read_parquet(path) for path in sorted(directory.glob("*.parquet"))], ignore_index=True
    )
    return cchc.dossier.ingest(frame).indicators(by=BY, **options)


def run(rows: int = 2_000_000, parts: int = 16, repeats: int = 3) -> list[dict[str, Any]]:
    import distributed

    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        directory = pathlib.Path(scratch)
        write_dataset(rows, parts, directory)
        seconds, expected = best_of(repeats, lambda: local(directory))
        results.append({"method": "local (read + ingest + indicators)", "workers": 0,
                        "rows": rows, "parts": parts, "seconds": seconds})  # fmt: skip
        explicit = {"first": "2023-01-01", "last": "2025-12-31"}
        expected_explicit = local(directory, **explicit)
        for workers in (1, 2):
            with distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster, distributed.Client(cluster):
                for label, options, reference in (
                    ("windows given", explicit, expected_explicit),
                    ("windows from the data", {}, expected),
                ):
                    seconds, result = best_of(
                        repeats, lambda: cchc.dask.indicators(str(directory), by=BY, **options)
                    )
                    pd.testing.assert_frame_equal(result.table, reference, check_exact=True)
                    assert result.rows_in == rows
                    results.append({"method": f"cchc.dask, {workers} worker(s), {label}",
                                    "workers": workers, "rows": rows, "parts": parts,
                                    "seconds": seconds})  # fmt: skip
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--parts", type=int, default=16)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")  # fmt: skip
    for row in run(args.rows, args.parts, args.repeats):
        rate = row["rows"] / row["seconds"] / 1e6
        print(f"{row['method']:<55} {row['seconds']:8.3f} s   {rate:6.2f} M rows/s")


if __name__ == "__main__":
    main()
