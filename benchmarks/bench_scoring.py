"""Batch scoring of many units: libcchc (Eigen) against numpy/pandas doing the same scoring.

A generated framework of 200 leaves under 20 areas of 5 criteria each (depth 3), every rule
kind in rotation and the three aggregations (sum_capped, weighted_mean, min); 10 000 units
with seeded random inputs (5 % missing). Both sides compute the leaf points, every node's
points, totals and competition ranks ("1, 2, 2, 4"); results are checked equal before any
time is reported. libcchc's time is also given as a multiple of one read of the input matrix
(its sum), the floor for any scoring of it. Run:

    .venv/bin/python benchmarks/bench_scoring.py                          # 10 000 × 200
    .venv/bin/python benchmarks/bench_scoring.py --units 500 --repeats 1  # smoke run
    .venv/bin/python benchmarks/bench_scoring.py --write-framework bench.toml  # for bench_scoring.cpp
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import cchc
from cchc.score import Framework, score_batch

KINDS = (
    'rule = { kind = "proportional" }',
    'rule = { kind = "steps", steps = [{ from = 80, points = %(half)s }, { from = 100, points = %(max)s }] }',
    'rule = { kind = "saturation", threshold = 80 }',
    'rule = { kind = "goalposts", worst = 40, best = 95 }',
    'rule = { kind = "pass_fail", late_share = 0.5 }',
    'rule = { kind = "count_cap", per_occurrence = 0.25 }',
    'rule = { kind = "deduction_bonus", per_occurrence = -0.5 }',
    'rule = { kind = "relative_to_best" }',
    'rule = { kind = "survey_percentage" }',
    'rule = { kind = "manual" }',
)


def framework_text(areas: int = 20, criteria: int = 5, leaves: int = 2) -> str:
    """20 areas × 5 criteria × 2 leaves = 200 leaves; areas 5 points, criteria 1, leaves 0.5."""
    parts = ['[framework]\nid = "bench"\nname = "Benchmark"\nprovenance = "illustrative"\n']
    kind = 0
    for a in range(1, areas + 1):
        aggregation = "sum_capped"
        parts.append(f'\n[[criterion]]\ncode = "{a}"\nname = "Lĩnh vực {a}"\nmax = {criteria}\n')
        for c in range(1, criteria + 1):
            code = f"{a}.{c}"
            aggregation = ("sum_capped", "weighted_mean", "min")[(a + c) % 3]
            parts.append(
                f'\n[[criterion]]\ncode = "{code}"\nparent = "{a}"\nname = "Tiêu chí {code}"\n'
                f'max = 1\naggregation = "{aggregation}"\n'
            )
            for leaf in range(1, leaves + 1):
                rule = KINDS[kind % len(KINDS)] % {"half": 0.25, "max": 0.5}
                kind += 1
                parts.append(
                    f'\n[[criterion]]\ncode = "{code}.{leaf}"\nparent = "{code}"\n'
                    f'name = "Tiêu chí thành phần {code}.{leaf}"\nmax = 0.5\nweight = {leaf}\n{rule}\n'
                )
    return "".join(parts)


def random_inputs(framework: Framework, units: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    nodes = framework.nodes.set_index("code")
    columns = {}
    for code in framework.leaf_codes:
        kind = nodes.loc[code, "rule"]["kind"]
        if kind == "pass_fail":
            column = rng.integers(0, 3, units).astype(float)
        elif kind in ("count_cap", "deduction_bonus"):
            column = rng.integers(0, 6, units).astype(float)
        elif kind == "manual":
            column = rng.integers(0, 3, units) * 0.25
        else:
            column = rng.integers(0, 1001, units) / 10.0
        column[rng.random(units) < 0.05] = np.nan
        columns[code] = column
    return pd.DataFrame(columns, index=[f"unit-{i:05d}" for i in range(units)])


def numpy_scoring(framework: Framework, inputs: pd.DataFrame) -> pd.DataFrame:
    """The same scoring written with numpy per leaf column and per node, pandas ranks."""
    nodes = framework.nodes
    by_code = nodes.set_index("code")
    points: dict[str, np.ndarray] = {}
    for code in framework.leaf_codes:
        rule = by_code.loc[code, "rule"]
        top = float(by_code.loc[code, "max"])
        v = inputs[code].to_numpy()
        missing = np.isnan(v)
        kind = rule["kind"]
        if kind == "proportional":
            p = top * v / 100
        elif kind == "steps":
            p = np.full(len(v), rule["below"])
            for start, value in rule["steps"]:
                p = np.where(v >= start, value, p)
        elif kind == "saturation":
            p = np.where(v >= rule["threshold"], top, top * v / rule["threshold"])
        elif kind == "goalposts":
            p = top * np.clip((v - rule["worst"]) / (rule["best"] - rule["worst"]), 0, 1)
        elif kind == "pass_fail":
            p = np.select([v == 1, v == 2], [top, top * rule["late_share"]], 0.0)
        elif kind == "count_cap":
            cap = top if rule["cap"] is None else rule["cap"]
            p = np.minimum(cap, v * rule["per_occurrence"])
        elif kind == "deduction_bonus":
            per = rule["per_occurrence"]
            start = rule["start"] if rule["start"] is not None else (top if per < 0 else 0.0)
            p = np.clip(start + v * per, 0, top)
        elif kind == "relative_to_best":
            best = np.nanmax(v) if not missing.all() else 0.0
            p = top * v / best if best > 0 else np.full(len(v), top)
        elif kind == "survey_percentage":
            p = top * v / rule["survey_max"]
        elif kind == "manual":
            p = v.copy()
        else:
            raise ValueError(kind)
        points[code] = np.where(missing, 0.0, p)
    children: dict[str, list[str]] = {}
    for code, parent in zip(nodes["code"], nodes["parent"]):
        if parent:
            children.setdefault(parent, []).append(code)
    for _, row in nodes.sort_values("depth", ascending=False, kind="stable").iterrows():
        if row["is_leaf"]:
            continue
        kids = children[row["code"]]
        top = row["max"]
        if row["aggregation"] == "sum_capped":
            points[row["code"]] = np.minimum(top, np.sum([points[k] for k in kids], axis=0))
        elif row["aggregation"] == "weighted_mean":
            weights = np.array([by_code.loc[k, "weight"] for k in kids])
            shares = np.array([points[k] / by_code.loc[k, "max"] for k in kids])
            points[row["code"]] = top * (weights[:, None] * shares).sum(axis=0) / weights.sum()
        else:
            shares = np.array([points[k] / by_code.loc[k, "max"] for k in kids])
            points[row["code"]] = top * np.minimum(1.0, shares.min(axis=0))
    roots = nodes.loc[nodes["depth"] == 0, "code"]
    total = np.sum([points[r] for r in roots], axis=0)
    table = pd.DataFrame({"total": total}, index=inputs.index)
    table["rank"] = table["total"].rank(method="min", ascending=False).astype(np.int64)
    table.attrs["nodes"] = pd.DataFrame(points, index=inputs.index)[list(nodes["code"])]
    return table


def best_of(repeats: int, function: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def run(units: int = 10_000, repeats: int = 3, seed: int = 2026) -> dict[str, Any]:
    framework = Framework.from_toml(framework_text(), "bench.toml")
    inputs = random_inputs(framework, units, seed)
    # The floor scoring is measured against: one read of the input matrix (its sum, NaN cells
    # included), as a float64 array and straight from the DataFrame (the conversion included).
    matrix = inputs.to_numpy(dtype=np.float64, na_value=np.nan)
    read_s, _ = best_of(repeats, lambda: matrix.sum())
    frame_read_s, _ = best_of(
        repeats, lambda: inputs.to_numpy(dtype=np.float64, na_value=np.nan).sum()
    )
    libcchc_s, ours = best_of(repeats, lambda: score_batch(framework, inputs))
    one_thread_s, one = best_of(repeats, lambda: score_batch(framework, inputs, threads=1))
    # Every core gives the single-threaded result bit for bit.
    pd.testing.assert_frame_equal(one.nodes, ours.nodes, check_exact=True)
    pd.testing.assert_frame_equal(one.totals, ours.totals, check_exact=True)
    numpy_s, theirs = best_of(repeats, lambda: numpy_scoring(framework, inputs))
    # Equal before any time is reported: every node of every unit, totals, ranks.
    np.testing.assert_allclose(
        ours.nodes.to_numpy(), theirs.attrs["nodes"].to_numpy(), rtol=1e-12, atol=1e-12
    )
    np.testing.assert_allclose(ours.totals["total"], theirs["total"], rtol=1e-12, atol=1e-12)
    # Totals equal to 1e-12 may still differ in the last bit: ranks are compared on totals
    # rounded to 9 decimals, libcchc's own tie tolerance.
    rounded = theirs["total"].round(9).rank(method="min", ascending=False).astype(np.int64)
    assert (ours.totals["rank"].to_numpy() == rounded.to_numpy()).all()
    return {
        "units": units,
        "leaves": len(framework.leaf_codes),
        "nodes": len(framework.nodes),
        "libcchc_s": libcchc_s,
        "libcchc_one_thread_s": one_thread_s,
        "numpy_pandas_s": numpy_s,
        "ratio": numpy_s / libcchc_s,
        "read_s": read_s,
        "frame_read_s": frame_read_s,
        "reads": libcchc_s / read_s,
        "one_thread_reads": one_thread_s / read_s,
        "frame_reads": libcchc_s / frame_read_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--write-framework", metavar="PATH", help="write the generated framework and stop")
    arguments = parser.parse_args()
    if arguments.write_framework:
        with open(arguments.write_framework, "w", encoding="utf-8") as file:
            file.write(framework_text())
        return
    result = run(arguments.units, arguments.repeats)
    print(f"{platform.machine()}, numpy {np.__version__}, pandas {pd.__version__}, cchc {cchc.__version__}")
    print(
        f"{result['units']} units × {result['leaves']} leaves ({result['nodes']} nodes): "
        f"libcchc {result['libcchc_s']:.3f} s (one thread {result['libcchc_one_thread_s']:.3f} s), "
        f"numpy/pandas {result['numpy_pandas_s']:.3f} s, "
        f"numpy/pandas ÷ libcchc = {result['ratio']:.1f}×; results equal"
    )
    print(
        f"one read of the input matrix: {result['read_s'] * 1e3:.2f} ms (float64 array sum), "
        f"{result['frame_read_s'] * 1e3:.2f} ms (DataFrame → numpy + sum); "
        f"libcchc = {result['reads']:.1f}× one read (one thread {result['one_thread_reads']:.1f}×), "
        f"{result['frame_reads']:.1f}× the DataFrame read"
    )


if __name__ == "__main__":
    main()
