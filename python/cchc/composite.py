"""Composite indices from pandas: normalise, weight, aggregate, audit and sensitivity.

The index structure (a criteria tree with direction, weight, denominator, aggregation method,
goalposts and target per node) comes from a TOML framework file, a shipped framework such as
the UNDP HDI, or a COINr iMeta table. Indicator data is a DataFrame with one row per unit (the
index holds the unit codes) and one column per indicator; missing cells (NaN, None, pd.NA)
stay missing through every step and come back as ``pd.NA`` in nullable ``Float64`` columns.

A :class:`Pipeline` records each step with its parameters, saves to JSON and replays to
identical results. Formulas and sources: docs/composite/toolkit.md.

>>> import pandas as pd
>>> hdi = Index.shipped("hdi")
>>> data = CompositeData(pd.DataFrame(
...     {"LE": [70.0], "EYS": [12.0], "MYS": [9.0], "GNIpc": [10000.0]}, index=["A"]))
>>> result = Pipeline().normalise("goalposts", upper=1.0).aggregate().run(data, hdi)
>>> round(float(result.scores("HDI")["A"]), 4)
0.6972
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._files import atomic_write, check_input_file
from ._text import nfc, shorten
from .errors import ParseError

_native = _core.composite

_Table = tuple[list[str], list[str], np.ndarray, np.ndarray]
PIPELINE_FORMAT = "cchc-composite-pipeline/1"

__all__ = [
    "Index",
    "CompositeData",
    "Pipeline",
    "Result",
    "Sensitivity",
    "sensitivity",
    "saltelli_sample",
    "sobol_indices",
]


def _to_table(frame: pd.DataFrame) -> _Table:
    """A DataFrame as (units, columns, values, available); missing cells become unavailable."""
    # Unit and indicator codes in NFC, as the C++ readers have them (docs/hardening.md).
    units = [nfc(str(unit)) for unit in frame.index]
    columns = [nfc(str(column)) for column in frame.columns]
    available = ~frame.isna().to_numpy(dtype=bool)
    try:
        values = frame.to_numpy(dtype=float, na_value=0.0)
    except (TypeError, ValueError) as error:
        # Name the first cell that is not a number: its unit (row) and column.
        for position, column in enumerate(frame.columns):
            numbers = pd.to_numeric(frame[column], errors="coerce")
            bad = numbers.isna() & frame[column].notna()
            if bad.any():
                unit = frame.index[int(bad.to_numpy().argmax())]
                raise ParseError.at(
                    "<DataFrame>", 0, str(column),
                    f"unit '{unit}': {frame[column][bad].iloc[0]!r} is not a number",
                ) from None
        raise ParseError.at("<DataFrame>", 0, "", f"indicator data must be numeric: {error}") from None
    infinite = np.isinf(values) & available
    if infinite.any():
        rows, positions = np.nonzero(infinite)
        row, position = int(rows[0]), int(positions[0])
        raise ParseError.at("<DataFrame>", 0, columns[position],
                            f"unit '{shorten(units[row])}': {values[row, position]} is not a "
                            "finite number")
    return units, columns, np.ascontiguousarray(values), np.ascontiguousarray(available)


#: Largest iMeta or index TOML file read (the C++ readers have the same limit).
MAX_INDEX_FILE_BYTES = 256 * 1024 * 1024


def _read_text(path: str | os.PathLike[str]) -> str:
    """A UTF-8 text file, or a ParseError naming it: a directory, a device, a file over
    MAX_INDEX_FILE_BYTES or bytes that are not UTF-8."""
    source = check_input_file(path, MAX_INDEX_FILE_BYTES)
    with open(source, "rb") as handle:
        data = handle.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ParseError.at(source, line, "", "not UTF-8: save the file as UTF-8") from None


def _to_frame(table: _Table) -> pd.DataFrame:
    """Nullable Float64 columns built straight from values and mask (pd.NA where missing)."""
    units, columns, values, available = table
    values = np.asarray(values, dtype=float)
    missing = ~np.asarray(available, dtype=bool)
    data = {
        column: pd.arrays.FloatingArray(values[:, j].copy(), missing[:, j].copy()) for j, column in enumerate(columns)
    }
    return pd.DataFrame(data, index=pd.Index(units, name="unit"), copy=False)


class Index:
    """A composite index structure (wraps the compiled ``IndexStructure``)."""

    def __init__(self, native: Any) -> None:
        self._native = native

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> Index:
        """Reads an index framework TOML file (format: docs/composite/toolkit.md)."""
        return cls(_native.parse_index_toml(_read_text(path), str(path)))

    @classmethod
    def from_toml_text(cls, text: str, source: str = "<string>") -> Index:
        """Parses index framework text (TOML); ``source`` names it in errors."""
        return cls(_native.parse_index_toml(text, source))

    @classmethod
    def shipped(cls, name: str) -> Index:
        """A framework shipped with libcchc, e.g. ``"hdi"``."""
        return cls(_native.shipped_index(name))

    @classmethod
    def from_imeta(cls, path: str | os.PathLike[str]) -> Index:
        """Reads a COINr-style iMeta CSV table."""
        return cls(_native.parse_imeta(_read_text(path), str(path)))

    @property
    def name(self) -> str:
        """The index name."""
        return str(self._native.name)

    @property
    def codes(self) -> list[str]:
        """Every node code, indicators and aggregates."""
        return list(self._native.node_codes())

    @property
    def indicators(self) -> list[str]:
        """The indicator (leaf) codes."""
        return list(self._native.indicator_codes())

    def nodes(self) -> pd.DataFrame:
        """One row per node: parent, name, level, direction, weight, aggregation, …"""
        return pd.DataFrame(self._native.nodes()).set_index("code")


@dataclass
class CompositeData:
    """Indicator values (units × indicators), optional denominators and unit groups."""

    indicators: pd.DataFrame
    denominators: pd.DataFrame | None = None
    groups: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def read_coinr(
        cls, idata: str | os.PathLike[str], imeta: str | os.PathLike[str]
    ) -> tuple[Index, CompositeData]:
        """Reads a COINr iData/iMeta pair (e.g. the ASEM example) into an index and data."""
        for path in (imeta, idata):
            check_input_file(path, MAX_INDEX_FILE_BYTES)
        native, indicators, denominators, groups = _native.read_coinr_csv(str(idata), str(imeta))
        denominator_frame = _to_frame(denominators) if denominators[1] else None
        return Index(native), cls(_to_frame(indicators), denominator_frame, dict(groups))

    @classmethod
    def read_coinr_panel(
        cls, idata: str | os.PathLike[str], imeta: str | os.PathLike[str]
    ) -> tuple[Index, dict[int, CompositeData]]:
        """Reads panel iData (one row per unit and ``Time``): the data of each Time."""
        for path in (imeta, idata):
            check_input_file(path, MAX_INDEX_FILE_BYTES)
        native, periods = _native.read_coinr_panel(str(idata), str(imeta))
        panel = {
            int(time): cls(_to_frame(ind), _to_frame(den) if den[1] else None, dict(groups))
            for time, ind, den, groups in periods
        }
        return Index(native), panel

    def _tables(self) -> tuple[_Table, _Table | None, dict[str, list[str]]]:
        denominators = None if self.denominators is None else _to_table(self.denominators)
        return _to_table(self.indicators), denominators, {k: list(v) for k, v in self.groups.items()}


class Result:
    """The datasets of one pipeline run, as DataFrames with ``pd.NA`` for missing.

    The DataFrames are built on first access (the compiled pipeline is faster than building
    three DataFrames), then kept.
    """

    def __init__(self, index: Index, raw: Mapping[str, Any], weights: dict[str, float]) -> None:
        self.index = index
        self._raw = raw
        self.weights = weights

    @functools.cached_property
    def prepared(self) -> pd.DataFrame:
        """After denomination, imputation and treatment (raw scale)."""
        return _to_frame(self._raw["prepared"])

    @functools.cached_property
    def normalised(self) -> pd.DataFrame:
        return _to_frame(self._raw["normalised"])

    @functools.cached_property
    def aggregated(self) -> pd.DataFrame:
        """Every node of the tree (indicators and aggregates)."""
        return _to_frame(self._raw["aggregated"])

    @functools.cached_property
    def treatment(self) -> pd.DataFrame:
        """One row per column: skew/kurtosis before and after, winsorised units, log."""
        return pd.DataFrame(list(self._raw["treatment"]))

    def scores(self, node: str | None = None) -> pd.Series:
        """Scores of ``node`` (default: the first top-level node)."""
        units, columns, values, available = self._raw["aggregated"]
        column = node or self.index.codes[0]
        if column not in columns:
            raise KeyError(column)
        j = columns.index(column)
        array = pd.arrays.FloatingArray(np.array(values[:, j], dtype=float), ~np.asarray(available[:, j], dtype=bool))
        return pd.Series(array, index=pd.Index(units, name="unit"), name=column)

    def ranks(self, node: str | None = None) -> pd.Series:
        """Competition ranks (1 = best, ties share the best rank), ``pd.NA`` when missing."""
        column = node or self.index.codes[0]
        ranks = _native.ranks(self._raw["aggregated"], column)
        return pd.Series(ranks, index=self.aggregated.index, name=column, dtype="Int64")

    def bands(self, thresholds: Sequence[float], labels: Sequence[str], node: str | None = None) -> pd.Series:
        """Band labels: a score v gets labels[k], k = number of thresholds ≤ v."""
        column = node or self.index.codes[0]
        values = _native.bands(self._raw["aggregated"], column, list(thresholds), list(labels))
        return pd.Series(values, index=self.aggregated.index, name=column, dtype="string")

    def audit(self, negative_threshold: float = -0.4, collinear_threshold: float = 0.9) -> dict[str, pd.DataFrame]:
        """Correlations, per-group statistics (alpha, PCA, child-parent r), flags, availability."""
        raw = _native.audit(self.index._native, self._raw["aggregated"], negative_threshold, collinear_threshold)
        codes = raw["codes"]
        correlations = pd.DataFrame(
            [[np.nan if r is None else r for r in row] for row in raw["correlations"]], index=codes, columns=codes
        )
        groups = pd.DataFrame(raw["groups"]).set_index("node")
        flags = pd.DataFrame(raw["flags"], columns=["kind", "group", "first", "second", "r"])
        units, per_unit = raw["availability_units"]
        indicators, per_indicator = raw["availability_indicators"]
        return {
            "correlations": correlations,
            "groups": groups,
            "flags": flags,
            "unit_availability": pd.Series(per_unit, index=units, name="availability"),
            "indicator_availability": pd.Series(per_indicator, index=indicators, name="availability"),
        }

    def plot_scores(self, node: str | None = None, ax: Any = None) -> Any:
        """Bar chart of the scores of ``node`` (needs matplotlib); returns the Axes."""
        import matplotlib.pyplot as plt  # lazy: plotting is optional

        scores = self.scores(node).dropna().astype(float).sort_values(ascending=False)
        if ax is None:
            _, ax = plt.subplots(figsize=(max(4.0, 0.25 * len(scores)), 3.5))
        ax.bar(scores.index.astype(str), scores.to_numpy())
        ax.set_ylabel(node or self.index.codes[0])
        ax.tick_params(axis="x", labelrotation=90)
        return ax

    def plot_correlations(self, ax: Any = None) -> Any:
        """Heat map of the correlation matrix of every node (needs matplotlib)."""
        import matplotlib.pyplot as plt

        correlations = self.audit()["correlations"]
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 5))
        image = ax.imshow(correlations.to_numpy(dtype=float), vmin=-1, vmax=1, cmap="RdBu_r")
        ax.set_xticks(range(len(correlations)), correlations.columns, rotation=90)
        ax.set_yticks(range(len(correlations)), correlations.index)
        ax.figure.colorbar(image, ax=ax)
        return ax


class Pipeline:
    """A recorded sequence of steps; ``run`` applies them, ``save``/``load`` replay them.

    Steps run in the handbook's order (denominate, impute, treat, normalise, weight,
    aggregate) whatever order they were recorded in; each step may appear once.
    """

    _ORDER = ("denominate", "impute", "treat", "normalise", "weight", "aggregate")

    def __init__(self, steps: Sequence[Mapping[str, Any]] = ()) -> None:
        self.steps: list[dict[str, Any]] = []
        for step in steps:
            self._record(dict(step))

    def _record(self, step: dict[str, Any]) -> Pipeline:
        name = step.get("step")
        if name not in self._ORDER:
            raise ValueError(f"unknown pipeline step {name!r} (one of {', '.join(self._ORDER)})")
        if any(existing["step"] == name for existing in self.steps):
            raise ValueError(f"step {name!r} recorded twice")
        self.steps.append(step)
        self.steps.sort(key=lambda s: self._ORDER.index(s["step"]))
        return self

    def denominate(self, scale: float = 1.0) -> Pipeline:
        """Divides each indicator by its denominator column, times ``scale``."""
        return self._record({"step": "denominate", "scale": float(scale)})

    def impute(self, method: str = "mean", group: str | None = None) -> Pipeline:
        """method: mean, median, group_mean (needs ``group``), em."""
        return self._record({"step": "impute", "method": method, "group": group})

    def treat(self, skew_limit: float = 2.0, kurtosis_limit: float = 3.5, max_winsorised: int = 5) -> Pipeline:
        """Outlier treatment, COINr's rule: a column with |skew| > ``skew_limit`` and kurtosis >
        ``kurtosis_limit`` is winsorised up to ``max_winsorised`` points, else log-transformed."""
        return self._record(
            {"step": "treat", "skew_limit": skew_limit, "kurtosis_limit": kurtosis_limit, "max_winsorised": max_winsorised}
        )

    def normalise(self, method: str = "min_max", **parameters: float) -> Pipeline:
        """method: min_max, z_score, goalposts, rank, percentile, distance_to_target,
        distance_to_best, box_cox; parameters lower, upper, mean, sd, lambda."""
        return self._record({"step": "normalise", "method": method, **parameters})

    def weight(
        self,
        scheme: str | Mapping[str, float] = "equal",
        node: str | None = None,
        targets: Sequence[float] | None = None,
    ) -> Pipeline:
        """scheme: "index" (the framework's), "equal", "pca", "optimised" (with node and
        targets), or a mapping code → weight (manual)."""
        if isinstance(scheme, Mapping):
            return self._record({"step": "weight", "scheme": "manual", "weights": dict(scheme)})
        return self._record({"step": "weight", "scheme": scheme, "node": node, "targets": list(targets or [])})

    def aggregate(self, method: str | None = None) -> Pipeline:
        """method overrides every node's own aggregation when given."""
        return self._record({"step": "aggregate", "method": method})

    def to_dict(self) -> dict[str, Any]:
        """The recorded steps with their parameters (the JSON pipeline file)."""
        return {"format": PIPELINE_FORMAT, "steps": [dict(step) for step in self.steps]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Pipeline:
        """A pipeline from ``to_dict``'s form."""
        if data.get("format") != PIPELINE_FORMAT:
            raise ValueError(f"not a {PIPELINE_FORMAT} pipeline: format {data.get('format')!r}")
        return cls(data["steps"])

    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the pipeline file (JSON, ``cchc-composite-pipeline/1``)."""
        with atomic_write(path) as handle:
            json.dump(self.to_dict(), handle, indent=2, ensure_ascii=False)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Pipeline:
        """Reads a pipeline file written by ``save``."""
        with open(path, encoding="utf-8") as handle:
            return cls.from_dict(json.load(handle))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and self.steps == other.steps

    def spec(self) -> dict[str, Any]:
        """The compiled pipeline spec without data-dependent weights."""
        spec: dict[str, Any] = {}
        for step in self.steps:
            name = step["step"]
            if name == "denominate":
                spec["denominate"] = True
                spec["denominate_scale"] = step["scale"]
            elif name == "impute":
                spec["impute"] = step["method"]
                if step.get("group"):
                    spec["impute_group"] = step["group"]
            elif name == "treat":
                spec["treat"] = {k: step[k] for k in ("skew_limit", "kurtosis_limit", "max_winsorised")}
            elif name == "normalise":
                spec["normalise"] = {k: v for k, v in step.items() if k != "step"}
            elif name == "aggregate":
                spec["aggregation"] = step["method"]
        return spec

    def run_panel(self, panel: Mapping[int, CompositeData], index: Index) -> dict[int, Result]:
        """Runs the pipeline on each period of a panel separately (normalisation within a
        period; normalising across periods is not supported yet)."""
        return {time: self.run(data, index) for time, data in sorted(panel.items())}

    def resolved_spec(self, data: CompositeData, index: Index) -> dict[str, Any]:
        """The compiled spec with the weights of the weight step worked out on ``data``
        (PCA and optimised weights depend on the data)."""
        indicators, denominators, groups = data._tables()
        spec = self.spec()
        weight_step = next((s for s in self.steps if s["step"] == "weight"), None)
        if weight_step is None:
            return spec
        scheme = weight_step["scheme"]
        if scheme == "equal":
            spec["weights"] = {code: 1.0 for code in index.codes}
        elif scheme == "manual":
            spec["weights"] = dict(weight_step["weights"])
        elif scheme in ("pca", "optimised"):
            first = _native.run_pipeline(index._native, indicators, denominators, groups, spec)
            if scheme == "pca":
                weights = _native.pca_weights(index._native, first["aggregated"])
            else:
                weights = _native.optimise_weights(
                    index._native, first["normalised"], weight_step["node"], weight_step["targets"]
                )[0]
            spec["weights"] = dict(zip(index.codes, weights))
        elif scheme != "index":
            raise ValueError(f"unknown weighting scheme {scheme!r}")
        return spec

    def run(self, data: CompositeData, index: Index) -> Result:
        """Runs the recorded steps on ``data`` for ``index``, in the handbook's order."""
        indicators, denominators, groups = data._tables()
        spec = self.resolved_spec(data, index)
        raw = _native.run_pipeline(index._native, indicators, denominators, groups, spec)
        weights = spec.get("weights") or dict(zip(index.codes, index._native.weights()))
        return Result(index, raw, {k: float(v) for k, v in weights.items()})


@dataclass
class Sensitivity:
    """Monte Carlo uncertainty and Sobol' sensitivity of each unit's rank."""

    inputs: list[str]
    summary: pd.DataFrame  # nominal_rank, median_rank, rank_low (5 %), rank_high (95 %)
    first_order: pd.DataFrame  # units (+ "mean_rank_shift") × inputs
    total: pd.DataFrame
    first_order_conf: pd.DataFrame  # 95 % bootstrap half-widths (pd.NA without resampling)
    total_conf: pd.DataFrame
    points: np.ndarray
    ranks: pd.DataFrame  # runs × units, pd.NA when a unit has no score in a run
    mean_rank_shift: np.ndarray

    def plot_rank_intervals(self, ax: Any = None) -> Any:
        """Median rank with its 5–95 % interval per unit (needs matplotlib)."""
        import matplotlib.pyplot as plt

        summary = self.summary.dropna(subset=["median_rank"]).sort_values("median_rank")
        if ax is None:
            _, ax = plt.subplots(figsize=(max(4.0, 0.25 * len(summary)), 3.5))
        x = np.arange(len(summary))
        median = summary["median_rank"].to_numpy(dtype=float)
        low = summary["rank_low"].to_numpy(dtype=float)
        high = summary["rank_high"].to_numpy(dtype=float)
        ax.errorbar(x, median, yerr=[median - low, high - median], fmt="o", capsize=2)
        ax.scatter(x, summary["nominal_rank"].to_numpy(dtype=float), marker="x", color="black", label="nominal")
        ax.set_xticks(x, summary.index.astype(str), rotation=90)
        ax.invert_yaxis()
        ax.set_ylabel("rank")
        ax.legend()
        return ax


def _sensitivity_spec(
    nominal: dict[str, Any],
    weights: Mapping[str, float] | None,
    imputation: Sequence[str | None] | None,
    normalisation: Sequence[Mapping[str, Any]] | None,
    aggregation: Sequence[str] | None,
    node: str | None,
    samples: int,
    seed: int,
    threads: int,
    resamples: int = 0,
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "nominal": nominal,
        "samples": samples,
        "seed": seed,
        "threads": threads,
        "resamples": resamples,
    }
    if weights:
        spec["weights"] = dict(weights)
    if imputation:
        spec["imputation"] = list(imputation)
    if normalisation:
        spec["normalisation"] = [dict(n) for n in normalisation]
    if aggregation:
        spec["aggregation"] = list(aggregation)
    if node:
        spec["score_node"] = node
    return spec


def sensitivity(
    data: CompositeData,
    index: Index,
    pipeline: Pipeline,
    *,
    weights: Mapping[str, float] | None = None,
    imputation: Sequence[str | None] | None = None,
    normalisation: Sequence[Mapping[str, Any]] | None = None,
    aggregation: Sequence[str] | None = None,
    node: str | None = None,
    samples: int = 1000,
    seed: int = 1,
    threads: int = 0,
    resamples: int = 100,
) -> Sensitivity:
    """Runs N·(d + 2) replications of the pipeline (Saltelli design, seeded, parallel).

    ``weights`` maps a node code to a relative range r (weight × U(1 − r, 1 + r));
    ``imputation``/``normalisation``/``aggregation`` list alternatives (≥ 2 make an input).
    Indices: Saltelli (2010) first order, Jansen total order, as in SALib's sobol.analyze,
    with 95 % bootstrap confidence half-widths over ``resamples`` resamples (0: none).
    """
    indicators, denominators, groups = data._tables()
    nominal = pipeline.resolved_spec(data, index)
    spec = _sensitivity_spec(
        nominal, weights, imputation, normalisation, aggregation, node, samples, seed, threads, resamples
    )
    raw = _native.run_sensitivity(index._native, indicators, denominators, groups, spec)
    units = list(raw["units"])
    inputs = list(raw["inputs"])
    summary = pd.DataFrame(
        {
            "nominal_rank": pd.array(raw["nominal_ranks"], dtype="Int64"),
            "median_rank": pd.array(raw["median_rank"], dtype="Float64"),
            "rank_low": pd.array(raw["rank_low"], dtype="Float64"),
            "rank_high": pd.array(raw["rank_high"], dtype="Float64"),
        },
        index=pd.Index(units, name="unit"),
    )

    def frame(position: int) -> pd.DataFrame:
        rows = [[pair[position] for pair in unit] for unit in raw["unit_indices"]]
        rows.append([pair[position] for pair in raw["shift_indices"]])
        return pd.DataFrame(rows, index=[*units, "mean_rank_shift"], columns=inputs).astype("Float64")

    ranks = pd.DataFrame(np.asarray(raw["ranks"]), columns=units).astype("Float64")
    ranks = ranks.mask(~np.asarray(raw["ranked"], dtype=bool), pd.NA)
    return Sensitivity(
        inputs=inputs,
        summary=summary,
        first_order=frame(0),
        total=frame(1),
        first_order_conf=frame(2),
        total_conf=frame(3),
        points=np.asarray(raw["points"]),
        ranks=ranks,
        mean_rank_shift=np.asarray(raw["mean_rank_shift"]),
    )


def evaluate_points(
    data: CompositeData, index: Index, pipeline: Pipeline, points: np.ndarray, **uncertain: Any
) -> dict[str, Any]:
    """Evaluates the model at given input points (e.g. from SALib's sampler); keywords as in
    :func:`sensitivity`. Returns the raw runs: ranks (runs × units), mean_rank_shift, inputs."""
    indicators, denominators, groups = data._tables()
    spec = _sensitivity_spec(
        pipeline.resolved_spec(data, index),
        uncertain.get("weights"),
        uncertain.get("imputation"),
        uncertain.get("normalisation"),
        uncertain.get("aggregation"),
        uncertain.get("node"),
        2,
        1,
        int(uncertain.get("threads", 0)),
    )
    return dict(_native.evaluate_points(index._native, indicators, denominators, groups, spec, np.asarray(points, dtype=float)))


def saltelli_sample(samples: int, inputs: int, seed: int) -> np.ndarray:
    """Saltelli's design in SALib's row order (A, A_B^(1..d), B per block), seeded."""
    return np.asarray(_native.saltelli_sample(samples, inputs, seed))


def sobol_indices(outputs: np.ndarray, inputs: int, resamples: int = 0, seed: int = 1) -> pd.DataFrame:
    """First-order (Saltelli 2010) and total (Jansen) indices of outputs in that layout, with
    95 % bootstrap half-widths when ``resamples`` ≥ 2 (columns S1, ST, S1_conf, ST_conf)."""
    rows = _native.sobol_indices(np.asarray(outputs, dtype=float), inputs, resamples, seed)
    return pd.DataFrame(rows, columns=["S1", "ST", "S1_conf", "ST_conf"]).astype("Float64")
