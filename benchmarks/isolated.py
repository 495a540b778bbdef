"""Each method of a file benchmark in a fresh Python process, so that one method's memory
(allocator caches, imported libraries, thread pools) cannot pollute another's figures.

The parent calls ``measure(script, method, arguments)``: it runs ``python script --child
method …``; the child script calls ``child(prepare, repeats, out)``, which imports what the
method needs (``prepare``), notes the resident memory then (the baseline), times the method's
job best of ``repeats``, writes its unit × window table to ``out`` and prints one JSON line:
seconds, the peak resident set size of the process (``VmHWM``; ``ru_maxrss`` would include the
parent's peak, which a child inherits through fork and exec) and the baseline. A method
that raises reports ``error`` (the exception's type and message) instead of crashing the run.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

import pandas as pd


def status_kib(key: str) -> int:
    """A memory figure of /proc/self/status (``VmRSS``: resident now; ``VmHWM``: the peak), KiB."""
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {key}")


def child(prepare: Callable[[], Callable[[], pd.DataFrame]], repeats: int, out: pathlib.Path) -> None:
    """Runs in the child: the method's imports and set-up (``prepare``), then its job."""
    try:
        job = prepare()
        baseline = status_kib("VmRSS")
        best = float("inf")
        table = None
        for _ in range(repeats):
            start = time.perf_counter()
            table = job()
            best = min(best, time.perf_counter() - start)
            if _ + 1 < repeats:
                del table
        assert table is not None
        table.to_csv(out, index=False)
        report: dict[str, Any] = {
            "seconds": best,
            # VmHWM, not ru_maxrss: after fork + exec, ru_maxrss keeps the parent's peak.
            "peak_kib": status_kib("VmHWM"),
            "baseline_kib": baseline,
        }
    except Exception as error:  # reported, not raised: the benchmark goes on
        report = {"error": f"{type(error).__name__}: {error}", "trace": traceback.format_exc()}
    print(json.dumps(report))


def measure(script: pathlib.Path, method: str, arguments: list[str]) -> dict[str, Any]:
    """Runs ``script --child method arguments`` and returns its report; the child's unit ×
    window table is read back from the ``--out`` argument (``table``)."""
    process = subprocess.run(
        [sys.executable, str(script), "--child", method, *arguments],
        capture_output=True, text=True, check=False,
    )
    lines = [line for line in process.stdout.splitlines() if line.startswith("{")]
    if process.returncode != 0 or not lines:
        return {"error": f"exit code {process.returncode}: {process.stderr.strip()[-2000:]}"}
    report: dict[str, Any] = json.loads(lines[-1])
    if "error" not in report:
        report["table"] = pd.read_csv(arguments[arguments.index("--out") + 1])
    return report
