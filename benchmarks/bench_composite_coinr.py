"""Composite index: libcchc through Python against COINr itself, side by side in one run.

The ASEM example (examples/data/composite/, 51 units × 49 indicators, 4 levels): min-max
normalisation to [0, 100] and arithmetic aggregation of every level. COINr 1.1.14 runs
``Normalise`` + ``Aggregate`` on a coin built once (``new_coin`` is not timed), timed inside R
with ``proc.time`` so that R's start-up is not counted; libcchc runs
``Pipeline.run(data, index)`` from the DataFrames plus ``Result.scores("Index")`` (DataFrame in,
Series out), and the compiled call alone. R stays running and the two take turns, 10
repetitions each per round, so that both meet the same load on a shared machine. Reported: the
minimum and the median over the same number of repetitions; the scores of the two are checked
equal to 1e-9.

Needs R with COINr (see benchmarks/README.md, "Composite index against COINr"):

    .venv/bin/python benchmarks/bench_composite_coinr.py [--repeats 200]
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cchc import composite

ASEM = Path(__file__).resolve().parents[1] / "examples" / "data" / "composite"

R_PROGRAM = r"""
suppressPackageStartupMessages(library(COINr))
args <- commandArgs(trailingOnly = TRUE)
folder <- args[1]; out <- args[2]
iData <- utils::read.csv(file.path(folder, "asem_iData.csv"), stringsAsFactors = FALSE, check.names = FALSE)
iMeta <- utils::read.csv(file.path(folder, "asem_iMeta.csv"), stringsAsFactors = FALSE, check.names = FALSE)
coin <- suppressMessages(new_coin(iData, iMeta, level_names = c("Indicator", "Pillar", "Sub-index", "Index"),
                                  quietly = TRUE))
run <- function() {
  x <- Normalise(coin, dset = "Raw", global_specs = list(f_n = "n_minmax", f_n_para = list(l_u = c(0, 100))))
  Aggregate(x, dset = "Normalised", f_ag = "a_amean")
}
result <- suppressMessages(run())
utils::write.csv(get_dset(result, "Aggregated")[c("uCode", "Index")], out, row.names = FALSE)
cat("READY", as.character(packageVersion("COINr")), "\n"); flush(stdout())
input <- file("stdin", open = "r")
repeat {
  line <- readLines(input, n = 1)
  if (length(line) == 0 || line == "quit") break
  repeats <- as.integer(line)
  times <- numeric(repeats)
  for (i in seq_len(repeats)) {
    t0 <- proc.time()[["elapsed"]]
    invisible(suppressMessages(run()))
    times[i] <- proc.time()[["elapsed"]] - t0
  }
  cat(sprintf("%.6f", times), "\n"); flush(stdout())
}
"""


def time_python(repeats: int, function: Any) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def run(repeats: int = 200) -> dict[str, Any]:
    rscript = shutil.which("Rscript")
    if rscript is None:
        raise SystemExit("Rscript not found: install R and COINr (benchmarks/README.md)")
    index, data = composite.CompositeData.read_coinr(ASEM / "asem_iData.csv", ASEM / "asem_iMeta.csv")
    pipeline = composite.Pipeline().normalise("min_max", lower=0.0, upper=100.0).aggregate("arithmetic")
    warnings.simplefilter("ignore", composite.CompositeWarning)
    ours = pipeline.run(data, index).scores("Index")
    tables, spec = data._tables(denominators_needed=False), pipeline.spec()
    python_times: list[float] = []
    native_times: list[float] = []
    coinr_times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        program = Path(folder) / "coinr.R"
        program.write_text(R_PROGRAM, encoding="utf-8")
        out = Path(folder) / "scores.csv"
        with subprocess.Popen(
            [rscript, str(program), str(ASEM), str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        ) as coinr:
            assert coinr.stdin is not None and coinr.stdout is not None
            ready = coinr.stdout.readline().split()
            if not ready or ready[0] != "READY":
                raise SystemExit(f"COINr did not start: {ready}")
            version = ready[1]
            done = 0
            while done < repeats:
                turn = min(10, repeats - done)
                coinr.stdin.write(f"{turn}\n")
                coinr.stdin.flush()
                coinr_times += [float(v) for v in coinr.stdout.readline().split()]
                python_times += time_python(turn, lambda: pipeline.run(data, index).scores("Index"))
                native_times += time_python(turn, lambda: composite._native.run_pipeline(index._native, *tables, spec))
                done += turn
            coinr.stdin.write("quit\n")
            coinr.stdin.flush()
        theirs = pd.read_csv(out).set_index("uCode")["Index"]
    equal = bool(np.allclose(ours.loc[theirs.index].to_numpy(dtype=float), theirs.to_numpy(), rtol=1e-9, atol=1e-9))
    return {
        "python": python_times,
        "native": native_times,
        "coinr": coinr_times,
        "coinr_version": version,
        "equal": equal,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    result = run(args.repeats)
    coinr_min, coinr_median = min(result["coinr"]), statistics.median(result["coinr"])
    print(f"{platform.machine()}, COINr {result['coinr_version']}, pandas {pd.__version__}, {args.repeats} repetitions each")
    print("| ASEM normalise + aggregate | min (ms) | median (ms) | COINr / this (min) | COINr / this (median) | scores equal |")
    print("|---|---:|---:|---:|---:|---|")
    print(f"| COINr (R) | {coinr_min * 1e3:.2f} | {coinr_median * 1e3:.2f} | 1× | 1× | |")
    for name, key in (("libcchc through Python (DataFrame in, Series out)", "python"), ("libcchc compiled call alone", "native")):
        low, middle = min(result[key]), statistics.median(result[key])
        print(
            f"| {name} | {low * 1e3:.3f} | {middle * 1e3:.3f} | {coinr_min / low:.0f}× | {coinr_median / middle:.0f}× |"
            f" {'yes' if result['equal'] else 'NO'} |"
        )


if __name__ == "__main__":
    main()
