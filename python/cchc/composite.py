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
import warnings
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
    "CompositeWarning",
    "CONVENTIONS",
    "evaluate_points",
    "Sensitivity",
    "sensitivity",
    "saltelli_sample",
    "sobol_indices",
    "moments",
    "cronbach_alpha",
    "principal_components",
]


def _masked_columns(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """Values and availability straight from the buffers of nullable ``Float64`` columns (what
    this module's frames hold): one copy into a column-major block, no per-cell conversion.
    ``None`` when a column is anything else; the general path then converts the frame."""
    arrays = getattr(getattr(frame, "_mgr", None), "arrays", None)  # one array per column
    if arrays is None or len(arrays) != len(frame.columns) or not arrays:
        return None
    if not all(type(array) is pd.arrays.FloatingArray for array in arrays):
        return None
    units = len(frame.index)
    if any(array._data.shape != (units,) for array in arrays):
        return None
    # The k column buffers end to end are a k × units array whose transpose is the column-major
    # units × k block the compiled side reads.
    values = np.concatenate([array._data for array in arrays]).astype(np.float64, copy=False)
    values = values.reshape(len(arrays), units).T
    missing = np.concatenate([array._mask for array in arrays]).reshape(len(arrays), units).T
    if missing.any():
        np.copyto(values, 0.0, where=missing)
    return values, ~missing


_LABELS: dict[int, tuple[pd.Index, list[str]]] = {}


def _labels(labels: pd.Index) -> list[str]:
    """The labels as strings. A pandas Index cannot change, so the list made for one Index
    object serves again while that object is alive (kept here with it; a few at most)."""
    cached = _LABELS.get(id(labels))
    if cached is not None and cached[0] is labels:
        return cached[1]
    # Unit and indicator codes in NFC, as the C++ readers have them (docs/hardening.md).
    listed = [nfc(str(label)) for label in labels.tolist()]
    if len(_LABELS) >= 16:
        _LABELS.clear()
    _LABELS[id(labels)] = (labels, listed)
    return listed


def _to_table(frame: pd.DataFrame) -> _Table:
    """A DataFrame as (units, columns, values, available); missing cells become unavailable.

    NaN, None and ``pd.NA`` are missing. Nullable ``Float64`` frames are read from their buffers
    (a NaN stored under a valid mask is still missing); any other frame goes through one
    ``to_numpy`` with NaN for missing. The compiled side never sees NaN."""
    units = _labels(frame.index)
    columns = _labels(frame.columns)
    fast = _masked_columns(frame)
    if fast is not None:
        values, available = fast
        nan = np.isnan(values)
        if nan.any():  # NaN in a Float64 column outside the mask: missing too
            available &= ~nan
            np.copyto(values, 0.0, where=nan)
        _refuse_infinite(units, columns, values, available)
        return units, columns, values, available
    try:
        values = frame.to_numpy(dtype=np.float64, na_value=np.nan)
    except (TypeError, ValueError) as error:
        # Name the first cell that is not a number: its unit (row) and column.
        for column in frame.columns:
            numbers = pd.to_numeric(frame[column], errors="coerce")
            bad = numbers.isna() & frame[column].notna()
            if bad.any():
                unit = frame.index[int(bad.to_numpy().argmax())]
                raise ParseError.at(
                    "<DataFrame>", 0, str(column),
                    f"unit '{unit}': {frame[column][bad].iloc[0]!r} is not a number",
                ) from None
        raise ParseError.at("<DataFrame>", 0, "", f"indicator data must be numeric: {error}") from None
    available = ~np.isnan(values)
    if not available.all():
        values = np.where(available, values, 0.0)
    _refuse_infinite(units, columns, values, available)
    return units, columns, values, available


def _refuse_infinite(units: list[str], columns: list[str], values: np.ndarray,
                     available: np.ndarray) -> None:
    """An infinity is no indicator value: a ParseError naming the unit and column."""
    infinite = np.isinf(values) & available
    if infinite.any():
        rows, positions = np.nonzero(infinite)
        row, position = int(rows[0]), int(positions[0])
        raise ParseError.at("<DataFrame>", 0, columns[position],
                            f"unit '{shorten(units[row])}': {values[row, position]} is not a "
                            "finite number")


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


def _to_frame(table: _Table, index: pd.Index | None = None) -> pd.DataFrame:
    """Nullable Float64 columns over the compiled arrays without copying them (pd.NA where
    missing): each column is a view of the column-major values and of the mask's negation."""
    units, columns, values, available = table
    values = np.asfortranarray(values, dtype=np.float64)
    missing = np.asfortranarray(~np.asarray(available, dtype=bool))
    data = {column: pd.arrays.FloatingArray(values[:, j], missing[:, j]) for j, column in enumerate(columns)}
    return pd.DataFrame(data, index=pd.Index(units, name="unit") if index is None else index, copy=False)


def _series(table: _Table, column: str, units: pd.Index) -> pd.Series:
    """One column of a compiled table as a nullable Float64 Series over ``units``."""
    _, columns, values, available = table
    if column not in columns:
        raise KeyError(column)
    j = columns.index(column)
    array = pd.arrays.FloatingArray(
        np.ascontiguousarray(values[:, j], dtype=np.float64), ~np.asarray(available[:, j], dtype=bool)
    )
    return pd.Series(array, index=units, name=column, copy=False)


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

    @functools.cached_property
    def _codes(self) -> tuple[str, ...]:
        return tuple(self._native.node_codes())

    @functools.cached_property
    def _weights(self) -> dict[str, float]:
        return {code: float(weight) for code, weight in zip(self._codes, self._native.weights())}

    @property
    def codes(self) -> list[str]:
        """Every node code, indicators and aggregates."""
        return list(self._codes)

    @property
    def indicators(self) -> list[str]:
        """The indicator (leaf) codes."""
        return list(self._native.indicator_codes())

    @functools.cached_property
    def top(self) -> str:
        """The first top-level node (the default node of scores, ranks and bands)."""
        return next(str(row["code"]) for row in self._native.nodes() if row["parent"] is None)

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

    def _tables(self, denominators_needed: bool = True) -> tuple[_Table, _Table | None, dict[str, list[str]]]:
        """The frames as compiled tables; the denominators only when a step needs them."""
        denominators = None
        if self.denominators is not None and denominators_needed:
            denominators = _to_table(self.denominators)
        return _to_table(self.indicators), denominators, {k: list(v) for k, v in self.groups.items()}


class Result:
    """The datasets of one pipeline run, as DataFrames with ``pd.NA`` for missing.

    The DataFrames are built on first access, as views of the compiled arrays (no copy), then
    kept; ``scores`` and ``ranks`` read the arrays directly. ``warnings`` lists what the pipeline
    accepted but a person should know (an indicator with no value or with one value for every
    unit, a column the treatment could not test); :meth:`Pipeline.run` also issues each as a
    :class:`CompositeWarning`.
    """

    def __init__(self, index: Index, raw: Mapping[str, Any], weights: dict[str, float], convention: str = "cchc") -> None:
        self.index = index
        self._raw = raw
        self.weights = weights
        self.convention = convention
        self._units: pd.Index | None = None

    def _unit_index(self) -> pd.Index:
        """The units as a pandas Index named "unit", built once."""
        if self._units is None:
            self._units = pd.Index(self._raw["aggregated"][0], name="unit")
        return self._units

    @property
    def warnings(self) -> list[str]:
        """What the run accepted but warns about, each saying what was done, in the current
        language (``cchc.i18n``); ``warning_codes`` has the same as stable codes."""
        from .messages import render

        return [render(message, english) for message, english in
                zip(self._raw["warning_messages"], self._raw["warnings"])]

    @property
    def warning_codes(self) -> list[dict[str, Any]]:
        """The warnings as ``{"code": "composite.constant.middle", "arguments": {…}}``, the
        same in every language (for programs)."""
        return [dict(message) for message in self._raw["warning_messages"]]

    @property
    def removed_units(self) -> list[str]:
        """Units that the screen step removed."""
        return list(self._raw["removed_units"])

    @functools.cached_property
    def screening(self) -> pd.DataFrame:
        """One row per input unit when the pipeline screens: missing and zero counts, shares,
        flags and whether the unit was kept (COINr's Screen DataSummary)."""
        rows = list(self._raw["screening"])
        if not rows:
            return pd.DataFrame(columns=["missing", "zeros", "data_share", "nonzero_share", "low_data", "low_nonzero", "included"])
        return pd.DataFrame(rows).set_index("unit")

    @functools.cached_property
    def prepared(self) -> pd.DataFrame:
        """After denomination, screening, imputation and treatment (raw scale)."""
        return _to_frame(self._raw["prepared"], self._unit_index())

    @functools.cached_property
    def normalised(self) -> pd.DataFrame:
        """The normalised indicators."""
        return _to_frame(self._raw["normalised"], self._unit_index())

    @functools.cached_property
    def aggregated(self) -> pd.DataFrame:
        """Every node of the tree (indicators and aggregates)."""
        return _to_frame(self._raw["aggregated"], self._unit_index())

    @functools.cached_property
    def treatment(self) -> pd.DataFrame:
        """One row per column: skew/kurtosis before and after (``None`` where undefined), the
        winsorised units, the count against the limit, whether logged, whether it passes, note."""
        return pd.DataFrame(list(self._raw["treatment"]))

    def scores(self, node: str | None = None) -> pd.Series:
        """Scores of ``node`` (default: the first top-level node)."""
        return _series(self._raw["aggregated"], node or self.index.top, self._unit_index())

    def ranks(self, node: str | None = None) -> pd.Series:
        """Competition ranks (1 = best, ties share the best rank), ``pd.NA`` when missing."""
        column = node or self.index.top
        ranks = _native.ranks(self._raw["aggregated"], column)
        return pd.Series(ranks, index=self._unit_index(), name=column, dtype="Int64")

    def bands(self, thresholds: Sequence[float], labels: Sequence[str], node: str | None = None) -> pd.Series:
        """Band labels: a score v gets labels[k], k = number of thresholds ≤ v."""
        column = node or self.index.top
        values = _native.bands(self._raw["aggregated"], column, list(thresholds), list(labels))
        return pd.Series(values, index=self._unit_index(), name=column, dtype="string")

    def audit(
        self, negative_threshold: float = -0.4, collinear_threshold: float = 0.9, alpha: str | None = None
    ) -> dict[str, pd.DataFrame]:
        """Correlations, per-group statistics (alpha, PCA, child-parent r), flags, availability.

        ``alpha``: "complete_units" (units with every child; the cchc convention) or "pairwise"
        (COINr's get_cronbach, pairwise-complete covariances); default: the pipeline's convention.
        """
        method = alpha or ("pairwise" if self.convention == "coinr" else "complete_units")
        if method not in ("complete_units", "pairwise"):
            raise ValueError(f"unknown alpha method {method!r} (complete_units or pairwise)")
        raw = _native.audit(
            self.index._native, self._raw["aggregated"], negative_threshold, collinear_threshold, method == "pairwise"
        )
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
        ax.set_ylabel(node or self.index.top)
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


class CompositeWarning(UserWarning):
    """Input that a composite pipeline accepted but that a person should know about."""


CONVENTIONS = ("cchc", "coinr")


def _check_convention(convention: str) -> str:
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown convention {convention!r} (one of {', '.join(CONVENTIONS)})")
    return convention


class Pipeline:
    """A recorded sequence of steps; ``run`` applies them, ``save``/``load`` replay them.

    Steps run in the handbook's order (denominate, screen, impute, treat, normalise, weight,
    aggregate; screen after impute when asked) whatever order they were recorded in; each step
    may appear once.

    ``convention`` picks the defaults where libcchc and COINr differ (docs/composite/toolkit.md,
    "Conventions"): "cchc" (the default) or "coinr" (type-2 skew and kurtosis, COINr's winsorised
    point count, log_CT without reflection, signed PCA loadings as weights, Cronbach's alpha from
    pairwise-complete covariances). A step's own options override the convention.
    """

    _ORDER = ("denominate", "screen", "impute", "treat", "normalise", "weight", "aggregate")

    def __init__(self, steps: Sequence[Mapping[str, Any]] = (), convention: str = "cchc") -> None:
        self.convention = _check_convention(convention)
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

    def screen(
        self,
        data_threshold: float = 2 / 3,
        nonzero_threshold: float = 0.05,
        rule: str = "by_missing",
        force_include: Sequence[str] = (),
        force_exclude: Sequence[str] = (),
        after_imputation: bool = False,
    ) -> Pipeline:
        """Drops units with too little data (COINr's Screen): rule "by_missing" keeps a unit
        whose share of available indicators is ≥ ``data_threshold``, "by_zeros" one whose share of
        non-zero values is ≥ ``nonzero_threshold``, "by_missing_or_zeros" one that passes both;
        forced units are kept or dropped whatever the rule. Runs on the denominated data, or on
        the imputed data with ``after_imputation`` (as COINr's example does)."""
        return self._record(
            {
                "step": "screen",
                "rule": rule,
                "data_threshold": float(data_threshold),
                "nonzero_threshold": float(nonzero_threshold),
                "force_include": [str(u) for u in force_include],
                "force_exclude": [str(u) for u in force_exclude],
                "after_imputation": bool(after_imputation),
            }
        )

    def impute(self, method: str = "mean", group: str | None = None) -> Pipeline:
        """method: mean, median, group_mean (needs ``group``), em."""
        return self._record({"step": "impute", "method": method, "group": group})

    def treat(
        self,
        skew_limit: float = 2.0,
        kurtosis_limit: float = 3.5,
        max_winsorised: int = 5,
        moments: str | None = None,
        count: str | None = None,
        log_fallback: str | None = None,
    ) -> Pipeline:
        """Outlier treatment, COINr's rule: a column with |skew| ≥ ``skew_limit`` and kurtosis ≥
        ``kurtosis_limit`` is winsorised (tied extremes together) up to ``max_winsorised``
        points, else given the log fallback. ``moments`` "population" | "sample" (type 2),
        ``count`` "within_limit" | "coinr", ``log_fallback`` "reflected" | "coinr"; ``None``
        takes the pipeline's convention."""
        return self._record(
            {
                "step": "treat",
                "skew_limit": skew_limit,
                "kurtosis_limit": kurtosis_limit,
                "max_winsorised": max_winsorised,
                "moments": moments,
                "count": count,
                "log_fallback": log_fallback,
            }
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
        signed: bool | None = None,
    ) -> Pipeline:
        """scheme: "index" (the framework's), "equal", "pca", "optimised" (with node and
        targets), or a mapping code → weight (manual; each ≥ 0, and the children of a node may
        not all be 0 — ``run`` refuses that, naming the node). PCA weights are the squared
        first-component loadings, or the signed loadings themselves with ``signed`` (COINr's
        get_PCA; ``None`` takes the pipeline's convention)."""
        if isinstance(scheme, Mapping):
            weights = {str(code): float(weight) for code, weight in scheme.items()}
            for code, weight in weights.items():
                if not np.isfinite(weight) or weight < 0:
                    raise ValueError(f"weight of {code!r} must be a finite number ≥ 0, got {weight}")
            return self._record({"step": "weight", "scheme": "manual", "weights": weights})
        step: dict[str, Any] = {"step": "weight", "scheme": scheme, "node": node, "targets": list(targets or [])}
        if signed is not None:
            step["signed"] = bool(signed)
        return self._record(step)

    def aggregate(self, method: str | None = None) -> Pipeline:
        """method overrides every node's own aggregation when given."""
        return self._record({"step": "aggregate", "method": method})

    def to_dict(self) -> dict[str, Any]:
        """The recorded steps with their parameters (the JSON pipeline file)."""
        return {"format": PIPELINE_FORMAT, "convention": self.convention, "steps": [dict(step) for step in self.steps]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Pipeline:
        """A pipeline from ``to_dict``'s form (a file without a convention is "cchc")."""
        if data.get("format") != PIPELINE_FORMAT:
            raise ValueError(f"not a {PIPELINE_FORMAT} pipeline: format {data.get('format')!r}")
        return cls(data["steps"], convention=data.get("convention", "cchc"))

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
        return isinstance(other, Pipeline) and self.steps == other.steps and self.convention == other.convention

    def _treat_spec(self, step: Mapping[str, Any]) -> dict[str, Any]:
        spec: dict[str, Any] = {"convention": self.convention}
        spec.update({k: step[k] for k in ("skew_limit", "kurtosis_limit", "max_winsorised")})
        spec.update({k: step[k] for k in ("moments", "count", "log_fallback") if step.get(k) is not None})
        return spec

    def spec(self) -> dict[str, Any]:
        """The compiled pipeline spec without data-dependent weights."""
        spec: dict[str, Any] = {}
        for step in self.steps:
            name = step["step"]
            if name == "denominate":
                spec["denominate"] = True
                spec["denominate_scale"] = step["scale"]
            elif name == "screen":
                spec["screen"] = {k: v for k, v in step.items() if k != "step"}
            elif name == "impute":
                spec["impute"] = step["method"]
                if step.get("group"):
                    spec["impute_group"] = step["group"]
            elif name == "treat":
                spec["treat"] = self._treat_spec(step)
            elif name == "normalise":
                spec["normalise"] = {k: v for k, v in step.items() if k != "step"}
            elif name == "aggregate":
                spec["aggregation"] = step["method"]
        return spec

    def treatment_spec(self, **options: Any) -> dict[str, Any]:
        """A treatment alternative for :func:`sensitivity` (``treatment=[...]``): this
        pipeline's treat step (or the defaults) with ``options`` changed, e.g.
        ``pipeline.treatment_spec(max_winsorised=3)``."""
        step = next((s for s in self.steps if s["step"] == "treat"), None)
        base = dict(step) if step else {"skew_limit": 2.0, "kurtosis_limit": 3.5, "max_winsorised": 5}
        base.update(options)
        return self._treat_spec(base)

    def run_panel(self, panel: Mapping[int, CompositeData], index: Index) -> dict[int, Result]:
        """Runs the pipeline on each period of a panel separately (normalisation within a
        period; normalising across periods is not supported yet)."""
        return {time: self.run(data, index) for time, data in sorted(panel.items())}

    def resolved_spec(
        self, data: CompositeData, index: Index, tables: tuple[_Table, _Table | None, dict[str, list[str]]] | None = None
    ) -> dict[str, Any]:
        """The compiled spec with the weights of the weight step worked out on ``data``
        (PCA and optimised weights depend on the data). ``tables``: ``data`` already converted."""
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
            indicators, denominators, groups = tables or data._tables()
            first = _native.run_pipeline(index._native, indicators, denominators, groups, spec)
            if scheme == "pca":
                signed = weight_step.get("signed")
                if signed is None:
                    signed = self.convention == "coinr"
                weights = _native.pca_weights(index._native, first["aggregated"], signed)
            else:
                weights = _native.optimise_weights(
                    index._native, first["normalised"], weight_step["node"], weight_step["targets"]
                )[0]
            spec["weights"] = dict(zip(index.codes, weights))
        elif scheme != "index":
            raise ValueError(f"unknown weighting scheme {scheme!r}")
        return spec

    def run(self, data: CompositeData, index: Index) -> Result:
        """Runs the recorded steps on ``data`` for ``index``, in the handbook's order; each
        of the run's warnings (``Result.warnings``) is also issued as a CompositeWarning."""
        tables = data._tables(denominators_needed=any(step["step"] == "denominate" for step in self.steps))
        spec = self.resolved_spec(data, index, tables)
        raw = _native.run_pipeline(index._native, *tables, spec)
        if raw["prepared"] is None:  # no preparing step: the prepared data is the input
            raw["prepared"] = tables[0]
        from .messages import render

        for message, english in zip(raw["warning_messages"], raw["warnings"]):
            warnings.warn(render(message, english), CompositeWarning, stacklevel=2)
        given_weights = spec.get("weights")
        weights = index._weights if given_weights is None else {k: float(v) for k, v in given_weights.items()}
        result = Result(index, raw, dict(weights), self.convention)
        given = data.indicators.index
        # No unit screened out and codes that are strings already: the input's index serves.
        if raw["aggregated"][0] == tables[0][0] and pd.api.types.is_string_dtype(given.dtype):
            result._units = given.rename("unit")
        return result


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
    scores: pd.DataFrame  # runs × units: the score node's value per replication (pd.NA: none)

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


def _runs_frame(raw: Mapping[str, Any], key: str, units: list[str]) -> pd.DataFrame:
    """Runs × units from a compiled matrix and the ``ranked`` mask (pd.NA where not ranked)."""
    values = np.asfortranarray(raw[key], dtype=np.float64)
    missing = np.asfortranarray(~np.asarray(raw["ranked"], dtype=bool))
    return pd.DataFrame(
        {unit: pd.arrays.FloatingArray(values[:, j], missing[:, j]) for j, unit in enumerate(units)}, copy=False
    )


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
    treatment: Sequence[Mapping[str, Any] | None] | None = None,
    estimator: str = "salib",
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "nominal": nominal,
        "samples": samples,
        "seed": seed,
        "threads": threads,
        "resamples": resamples,
        "estimator": estimator,
    }
    if weights:
        spec["weights"] = dict(weights)
    if imputation:
        spec["imputation"] = list(imputation)
    if treatment:
        spec["treatment"] = [None if t is None else dict(t) for t in treatment]
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
    treatment: Sequence[Mapping[str, Any] | None] | None = None,
    normalisation: Sequence[Mapping[str, Any]] | None = None,
    aggregation: Sequence[str] | None = None,
    node: str | None = None,
    samples: int = 1000,
    seed: int = 1,
    threads: int = 0,
    resamples: int = 100,
    estimator: str | None = None,
    points: np.ndarray | None = None,
) -> Sensitivity:
    """Runs N·(d + 2) replications of the pipeline (Saltelli design, seeded, parallel).

    ``weights`` maps a node code to a relative range r (weight × U(1 − r, 1 + r));
    ``imputation``/``treatment``/``normalisation``/``aggregation`` list alternatives (≥ 2 make
    an input; a treatment alternative is a dict such as ``pipeline.treatment_spec(max_winsorised=3)``
    or None for no treatment). Inputs are ordered weights, imputation, treatment, normalisation,
    aggregation; a discrete input picks alternative ⌊u·k⌋.
    ``estimator``: "salib" (Saltelli 2010 first order, Jansen total order on standardised
    outputs, SALib's row order) or "coinr" (COINr's SA_estimate: raw outputs, sample variance,
    COINr's row order); default: the pipeline's convention. ``points``: replay this sample
    (N(d + 2) rows in the estimator's row order, values in [0, 1]) instead of drawing one.
    Confidence half-widths: 95 % bootstrap over ``resamples`` resamples (0: none).
    """
    tables = data._tables()
    nominal = pipeline.resolved_spec(data, index, tables)
    chosen = estimator or ("coinr" if pipeline.convention == "coinr" else "salib")
    spec = _sensitivity_spec(
        nominal, weights, imputation, normalisation, aggregation, node, samples, seed, threads, resamples,
        treatment, chosen,
    )
    sample = None if points is None else np.asarray(points, dtype=np.float64)
    raw = _native.run_sensitivity(index._native, *tables, spec, sample)
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

    return Sensitivity(
        inputs=inputs,
        summary=summary,
        first_order=frame(0),
        total=frame(1),
        first_order_conf=frame(2),
        total_conf=frame(3),
        points=np.asarray(raw["points"]),
        ranks=_runs_frame(raw, "ranks", units),
        mean_rank_shift=np.asarray(raw["mean_rank_shift"]),
        scores=_runs_frame(raw, "scores", units),
    )


def evaluate_points(
    data: CompositeData, index: Index, pipeline: Pipeline, points: np.ndarray, **uncertain: Any
) -> dict[str, Any]:
    """Evaluates the model at given input points (e.g. from SALib's sampler); keywords as in
    :func:`sensitivity` (weights, imputation, treatment, normalisation, aggregation, node,
    threads). Returns the raw runs: inputs, units, scores and ranks (runs × units, meaningful
    where ``ranked``), mean_rank_shift and nominal_ranks."""
    tables = data._tables()
    spec = _sensitivity_spec(
        pipeline.resolved_spec(data, index, tables),
        uncertain.get("weights"),
        uncertain.get("imputation"),
        uncertain.get("normalisation"),
        uncertain.get("aggregation"),
        uncertain.get("node"),
        2,
        1,
        int(uncertain.get("threads", 0)),
        treatment=uncertain.get("treatment"),
    )
    return dict(_native.evaluate_points(index._native, *tables, spec, np.asarray(points, dtype=float)))


def moments(values: Sequence[float] | pd.Series, kind: str = "population") -> tuple[float | None, float | None]:
    """Skewness and excess kurtosis of the non-missing ``values``: "population" (moments over n)
    or "sample" (type 2, as COINr's skew/kurt and spreadsheets' SKEW/KURT); ``None`` where
    undefined (too few values, or all equal)."""
    array = pd.Series(values, dtype="Float64").dropna().to_numpy(dtype=np.float64)
    skew, kurtosis = _native.moments(list(array), kind)
    return skew, kurtosis


def cronbach_alpha(frame: pd.DataFrame, method: str = "complete_units") -> float | None:
    """Cronbach's alpha of the columns of ``frame``: over the units with every column
    ("complete_units") or from pairwise-complete covariances ("pairwise", COINr's
    get_cronbach); ``None`` when undefined."""
    if method not in ("complete_units", "pairwise"):
        raise ValueError(f"unknown alpha method {method!r} (complete_units or pairwise)")
    value = _native.cronbach_alpha(_to_table(frame), method == "pairwise")
    return None if value is None else float(value)


def principal_components(frame: pd.DataFrame) -> dict[str, Any] | None:
    """PCA on the correlation matrix of the columns of ``frame`` over units with every column:
    eigenvalues (descending), the first component's loadings by column (oriented so that they
    sum to ≥ 0), its share of the variance and the number of complete units; ``None`` with
    fewer than 3 complete units or a constant column."""
    raw = _native.principal_components(_to_table(frame))
    if raw is None:
        return None
    eigenvalues, loadings, share, complete = raw
    return {
        "eigenvalues": np.asarray(eigenvalues),
        "loadings": pd.Series(loadings, index=[str(c) for c in frame.columns], name="loading"),
        "first_share": float(share),
        "complete_units": int(complete),
    }


def saltelli_sample(samples: int, inputs: int, seed: int, layout: str = "salib") -> np.ndarray:
    """Saltelli's design, seeded: in SALib's row order (A, A_B^(1..d), B per block) or, with
    ``layout="coinr"``, in COINr's (all A, all B, then each A_B^(i))."""
    return np.asarray(_native.saltelli_sample(samples, inputs, seed, layout))


def sobol_indices(
    outputs: np.ndarray, inputs: int, resamples: int = 0, seed: int = 1, estimator: str = "salib"
) -> pd.DataFrame:
    """First-order and total indices of outputs in the estimator's row order ("salib":
    Saltelli 2010 / Jansen on standardised outputs; "coinr": COINr's SA_estimate), with 95 %
    bootstrap half-widths when ``resamples`` ≥ 2 (columns S1, ST, S1_conf, ST_conf)."""
    rows = _native.sobol_indices(np.asarray(outputs, dtype=float), inputs, resamples, seed, estimator)
    return pd.DataFrame(rows, columns=["S1", "ST", "S1_conf", "ST_conf"]).astype("Float64")
