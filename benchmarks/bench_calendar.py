"""Working-day arithmetic: libcchc against numpy.busday_offset / numpy.busday_count.

Both sides get the same calendar: the Vietnamese civil-service calendar 1990–2060 with
make-up Saturdays left out (numpy.busdaycalendar cannot express a working Saturday), given to
numpy as a weekmask plus the list of weekday holidays. Results are checked equal before any
time is reported. Run:

    .venv/bin/python benchmarks/bench_calendar.py            # 10 M dates
    .venv/bin/python benchmarks/bench_calendar.py --n 10000  # smoke run
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import cchc


def best_of(repeats: int, function: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def run(n: int, repeats: int, seed: int = 2026) -> list[dict[str, Any]]:
    calendar = cchc.WorkCalendar(first_year=1990, last_year=2060, count_make_up_days=False)
    numpy_calendar = calendar.busdaycalendar()
    rng = np.random.default_rng(seed)
    first = np.datetime64("2000-01-01").astype(np.int64)
    last = np.datetime64("2050-01-01").astype(np.int64)
    starts = rng.integers(first, last, n).astype("datetime64[D]")
    ends = rng.integers(first, last, n).astype("datetime64[D]")
    offsets = rng.integers(-250, 250, n)

    rows = []
    cases = [
        (
            "add working days (busday_offset, roll=forward)",
            lambda: calendar.add_working_days(starts, offsets),
            lambda: np.busday_offset(starts, offsets, roll="forward", busdaycal=numpy_calendar),
        ),
        (
            "count working days (busday_count)",
            lambda: calendar.count_working_days(starts, ends),
            lambda: np.busday_count(starts, ends, busdaycal=numpy_calendar),
        ),
        (
            "is working day (is_busday)",
            lambda: calendar.is_working_day(starts),
            lambda: np.is_busday(starts, busdaycal=numpy_calendar),
        ),
    ]
    for name, ours, theirs in cases:
        ours_seconds, ours_result = best_of(repeats, ours)
        numpy_seconds, numpy_result = best_of(repeats, theirs)
        if not np.array_equal(ours_result, numpy_result):
            raise AssertionError(f"{name}: libcchc and numpy disagree")
        rows.append(
            {
                "operation": name,
                "n": n,
                "libcchc_s": ours_seconds,
                "numpy_s": numpy_seconds,
                "speedup": numpy_seconds / ours_seconds,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000_000, help="number of dates")
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    rows = run(args.n, args.repeats)
    print(f"# {platform.processor() or platform.machine()}, numpy {np.__version__}, n = {args.n:,}")
    print("| operation | libcchc (s) | numpy (s) | numpy / libcchc |")
    print("|---|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['operation']} | {row['libcchc_s']:.3f} | {row['numpy_s']:.3f} "
            f"| {row['speedup']:.1f}× |"
        )
    print("results equal: yes")


if __name__ == "__main__":
    main()
