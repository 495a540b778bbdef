"""Reading a dossier CSV export: libcchc's reader against pyarrow.csv and pandas.read_csv.

A synthetic export (seeded) with Vietnamese headers and values as one-stop-shop systems write
them: 12 columns, dates "dd/mm/yyyy HH:MM", channel "Trực tuyến", status "Đã giải quyết",
yes/no "Có"/"Không", ratings "Hài lòng", processing days, half of the due dates blank (computed
from the processing days). Timed, best of ``repeats``, file in the page cache:

- **libcchc read_dossiers_csv**: libcsv parsing, UTF-8 check, header mapping, vocabulary,
  validation and due dates (``cchc::dossier::ingest``): the whole job, one core.
- **pyarrow.csv.read_csv** and **pandas.read_csv**: parsing and type inference only (Vietnamese
  dates and values stay text). pyarrow uses both cores.
- **pandas.read_csv + normalize_frame + ingest**: the same job done the DataFrame way:
  pandas parses, ``cchc.io.normalize_frame`` reads the distinct values with the vocabulary,
  ``cchc.ingest`` validates and computes due dates.

The row counts of every method, and the accepted/rejected counts of both libcchc paths, are
checked equal before times are reported. Run:

    .venv/bin/python benchmarks/bench_csv.py                          # 1 M rows
    .venv/bin/python benchmarks/bench_csv.py --rows 20000 --repeats 1 # smoke run
"""

from __future__ import annotations

import argparse
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
from cchc.io import normalize_frame, read_dossiers_csv

UNITS = ["Sở Công Thương", "Sở Tư pháp", "Sở Xây dựng", "UBND huyện Tân Phú", "UBND xã Phú An"]
FIELDS = ["Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng", "Lưu thông hàng hóa"]
CHANNELS = np.array(["Trực tuyến", "Trực tiếp", "Dịch vụ bưu chính công ích"], dtype=object)
YES_NO = np.array(["Có", "Không", ""], dtype=object)
RATINGS = np.array(["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", ""], dtype=object)


def generate(path: pathlib.Path, rows: int, seed: int = 2026) -> None:
    rng = np.random.default_rng(seed)
    received = np.datetime64("2024-01-01") + rng.integers(0, 360, rows).astype("timedelta64[D]")
    days = rng.choice([1, 3, 5, 7, 10, 15, 20], rows)
    delay = (days * 1.4 + rng.integers(-2, 4, rows)).clip(0)
    resolved = received + delay.astype("timedelta64[D]")
    done = rng.random(rows) < 0.9
    due = received + (days * 1.4).astype("timedelta64[D]") + np.timedelta64(2, "D")
    with_due = rng.random(rows) < 0.5

    def vn(dates: np.ndarray) -> np.ndarray:
        text = pd.Series(dates).dt.strftime("%d/%m/%Y")
        return text.to_numpy(dtype=object)

    hours = rng.integers(7, 17, rows)
    minutes = rng.integers(0, 60, rows)
    frame = pd.DataFrame(
        {
            "Mã hồ sơ": [f"HS-{i:08d}" for i in range(rows)],
            "Đơn vị": np.array(UNITS, dtype=object)[rng.integers(0, len(UNITS), rows)],
            "Lĩnh vực": np.array(FIELDS, dtype=object)[rng.integers(0, len(FIELDS), rows)],
            "Mã TTHC": [f"1.{code:06d}" for code in rng.integers(1000, 1300, rows)],
            "Hình thức nộp": CHANNELS[rng.choice(3, rows, p=[0.6, 0.37, 0.03])],
            "Trạng thái": np.where(done, "Đã giải quyết", "Đang giải quyết"),
            "Ngày tiếp nhận": vn(received)
            + np.char.add(np.char.add(" ", np.char.zfill(hours.astype(str), 2)),
                          np.char.add(":", np.char.zfill(minutes.astype(str), 2))).astype(object),
            "Thời hạn giải quyết": days,
            "Ngày hẹn trả": np.where(with_due, vn(due), ""),
            "Ngày giải quyết": np.where(done, vn(resolved), ""),
            "Số hóa hồ sơ": YES_NO[rng.integers(0, 3, rows)],
            "Mức độ hài lòng": RATINGS[rng.integers(0, 5, rows)],
        }
    )
    frame.to_csv(path, index=False, encoding="utf-8")


def best_of(repeats: int, call: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - start)
    return best, result


def run(rows: int = 1_000_000, repeats: int = 3) -> list[dict[str, Any]]:
    import pyarrow.csv as pacsv

    calendar = cchc.WorkCalendar()
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "dossiers.csv"
        generate(path, rows)
        size = path.stat().st_size

        def dataframe_way() -> cchc.Dossiers:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            return cchc.ingest(normalize_frame(frame), calendar=calendar)

        methods: list[tuple[str, Callable[[], Any], Callable[[Any], int]]] = [
            ("libcchc read_dossiers_csv (whole job)",
             lambda: read_dossiers_csv(path, calendar=calendar), lambda r: r.rows_in),
            ("pyarrow.csv.read_csv (parse only)", lambda: pacsv.read_csv(path), lambda r: r.num_rows),
            ("pandas.read_csv (parse only)", lambda: pd.read_csv(path), len),
            ("pandas.read_csv + normalize_frame + ingest", dataframe_way, lambda r: r.rows_in),
        ]
        results = []
        outputs = {}
        for name, call, count in methods:
            seconds, output = best_of(repeats, call)
            if count(output) != rows:
                raise AssertionError(f"{name}: {count(output)} rows, expected {rows}")
            outputs[name] = output
            results.append({"method": name, "rows": rows, "seconds": seconds, "bytes": size})
        ours = outputs["libcchc read_dossiers_csv (whole job)"]
        theirs = outputs["pandas.read_csv + normalize_frame + ingest"]
        if (ours.rows_accepted, ours.rows_rejected) != (theirs.rows_accepted, theirs.rows_rejected):
            raise AssertionError(
                f"accepted/rejected differ: {ours.rows_accepted}/{ours.rows_rejected} vs "
                f"{theirs.rows_accepted}/{theirs.rows_rejected}"
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    results = run(arguments.rows, arguments.repeats)
    import pyarrow

    print(f"{platform.machine()}, {os.cpu_count()} cores, pandas {pd.__version__}, "
          f"pyarrow {pyarrow.__version__}, {arguments.rows} rows, "
          f"{results[0]['bytes'] / 1e6:.0f} MB, best of {arguments.repeats}")
    ours = results[0]["seconds"]
    print("| method | time (s) | M rows/s | MB/s | time / libcchc |")
    print("|---|---:|---:|---:|---:|")
    for row in results:
        print(f"| {row['method']} | {row['seconds']:.3f} | {row['rows'] / row['seconds'] / 1e6:.2f} "
              f"| {row['bytes'] / row['seconds'] / 1e6:.0f} | {row['seconds'] / ours:.2f}× |")


if __name__ == "__main__":
    main()
