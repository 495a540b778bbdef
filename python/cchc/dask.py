"""Grouped dossier indicators over a partitioned Parquet dataset, on Dask.

Each partition is ingested and counted on a worker into the raw counts of
``Dossiers.counts`` (plus each indicator's numerator and denominator, which are sums of
counts), for reporting windows fixed for the whole dataset. The partial tables are merged
pairwise on the cluster by adding the counts of equal (group, window) keys — the associative,
commutative merge of ``IndicatorCounts`` — and the ratios are computed once, at the end. The
result is the table ``cchc.dossier.indicators`` gives for the same rows on one machine, exactly
(tested on a ``distributed.LocalCluster``). How to run it on a real cluster: docs/dask.md.

A dossier is one row, so it is in exactly one partition; a dossier carried over from one
period to the next is counted in each window it is open across, per row, wherever its row is.

>>> import cchc.dask  # doctest: +SKIP
>>> result = cchc.dask.indicators("s3://bucket/dossiers/", by=["unit", "quarter"],
...                               first="2024-01-01", last="2024-12-31")  # doctest: +SKIP
>>> result.table, result.rows_rejected  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

import os

import numpy as np

from . import dossier as _dossier
from .calendar import Period, WorkCalendar
from .errors import CchcError

if TYPE_CHECKING:
    import pandas as pd

#: WorkCalendar keyword arguments (``first_year``, ``week``, ``overrides``, …): the calendar
#: is built once per worker process from them, since the native calendar is not pickled.
CalendarOptions = Mapping[str, Any]


@dataclass(frozen=True)
class DaskIndicators:
    """The merged result: ``table`` is what ``cchc.dossier.indicators`` (or ``counts``) gives
    for all rows on one machine; every rejected row is counted and listed."""

    table: pd.DataFrame
    rows_in: int
    rows_accepted: int
    rows_rejected: int
    #: ``partition`` (0-based, in dataset order), ``row`` (0-based within the partition),
    #: ``id``, ``field``, ``reason``.
    rejected: pd.DataFrame
    partitions: int


# --- On the workers -----------------------------------------------------------------------

_calendars: dict[str, WorkCalendar] = {}


def _worker_calendar(options: CalendarOptions | None) -> WorkCalendar | None:
    """The calendar of ``options``, built once per process (the 1900–2199 table takes a moment);
    None for the default calendar, which cchc.dossier caches itself."""
    if not options:
        return None
    key = repr(sorted(options.items()))
    if key not in _calendars:
        _calendars[key] = WorkCalendar(**options)
    return _calendars[key]


@dataclass(frozen=True)
class _Spec:
    """Everything a partition task needs: small and picklable."""

    columns: Mapping[str, str] | None
    calendar: CalendarOptions | None
    afternoon_cutoff_hour: int | None
    pause_rule: str
    threads: int | None


def _ingest(frame: pd.DataFrame, spec: _Spec) -> _dossier.Dossiers:
    return _dossier.ingest(
        frame,
        columns=spec.columns,
        calendar=_worker_calendar(spec.calendar),
        afternoon_cutoff_hour=spec.afternoon_cutoff_hour,
        pause_rule=spec.pause_rule,  # type: ignore[arg-type]
        threads=spec.threads,
    )


def _received_range(frame: pd.DataFrame, spec: _Spec) -> tuple[Any, Any]:
    """(first, last) day of receipt among the partition's accepted rows (None, None if none)."""
    native = _ingest(frame, spec)._native
    return native.first_received, native.last_received


@dataclass
class _Partial:
    """Counts of some partitions: ``parts`` has the key columns, ``_window``, every count and
    every numerator / denominator, one row per (group, window) that occurs."""

    parts: pd.DataFrame
    rows_in: int
    rows_accepted: int
    rejected: pd.DataFrame


def _partial(
    frame: pd.DataFrame,
    partition: int,
    spec: _Spec,
    windows: tuple[Any, Any] | None,
    cutoff: str,
    by: Sequence[str],
    completion: str,
) -> _Partial:
    dossiers = _ingest(frame, spec)
    first, last = (None, None) if windows is None else windows
    parts = dossiers._table(
        None,
        first,
        last,
        cutoff,
        cast("list[_dossier.GroupKey]", list(by)),
        completion,  # type: ignore[arg-type]
        spec.threads,
        with_indicators=False,
        with_parts=True,
    )
    rejected = dossiers.rejected()
    rejected.insert(0, "partition", np.full(len(rejected), partition, dtype=np.int64))
    return _Partial(parts, dossiers.rows_in, dossiers.rows_accepted, rejected)


def _merge(left: _Partial, right: _Partial, keys: Sequence[str]) -> _Partial:
    """The associative merge: counts of equal (group, window) keys add up."""
    import pandas as pd

    both = pd.concat([left.parts, right.parts], ignore_index=True)
    group_keys = [*keys, "_window"]
    merged = both.groupby(group_keys, sort=False, dropna=False).sum().reset_index()
    rejected = pd.concat([left.rejected, right.rejected], ignore_index=True)
    return _Partial(
        merged[both.columns],
        left.rows_in + right.rows_in,
        left.rows_accepted + right.rows_accepted,
        rejected,
    )


# --- On the client ------------------------------------------------------------------------


def _partitions(data: Any, columns: Mapping[str, str] | None, storage_options: Any) -> list[Any]:
    """The dataset as one dask.delayed pandas DataFrame per partition, reading only the
    columns of record fields."""
    import dask.dataframe as dd

    if not hasattr(data, "to_delayed"):
        data = dd.read_parquet(data, storage_options=storage_options)
    mapping = {field: field for field in _dossier.FIELDS}
    mapping.update(columns or {})
    wanted = [name for name in mapping.values() if name in data.columns]
    if mapping["received"] not in wanted:
        raise ValueError(f"the data has no '{mapping['received']}' column (date of receipt)")
    return list(data[wanted].to_delayed())


def _tree_reduce(items: list[Any], combine: Any) -> Any:
    """Pairwise merges in a balanced tree (depth log2 n) of dask.delayed calls."""
    while len(items) > 1:
        paired = [combine(items[i], items[i + 1]) for i in range(0, len(items) - 1, 2)]
        if len(items) % 2:
            paired.append(items[-1])
        items = paired
    return items[0]


def _empty_table(by: Sequence[str], with_indicators: bool, completion: str) -> pd.DataFrame:
    """The table of no dossier at all, as cchc.dossier gives it (grouped by a period kind, so
    that no window is counted in)."""
    empty = _dossier.ingest({"received": np.array([], dtype="datetime64[D]")})
    kind = [key for key in by if key in _dossier.PERIOD_KINDS]
    return empty._table(
        None, None, None, "day 14",
        cast("list[_dossier.GroupKey]", [*by, *([] if kind else ["year"])]),
        completion,  # type: ignore[arg-type]
        1, with_indicators=with_indicators,
    ).drop(columns=[] if kind else ["year"])  # fmt: skip


def _run(
    data: Any,
    period: Period | str | None,
    first: _dossier.DateLike | None,
    last: _dossier.DateLike | None,
    cutoff: str,
    by: Sequence[str] | str,
    columns: Mapping[str, str] | None,
    calendar: CalendarOptions | None,
    afternoon_cutoff_hour: int | None,
    pause_rule: str,
    completion: str,
    threads: int | None,
    storage_options: Any,
    with_indicators: bool,
) -> DaskIndicators:
    import dask
    import pandas as pd

    keys = [by] if isinstance(by, str) else list(by)
    kinds = [key for key in keys if key in _dossier.PERIOD_KINDS]
    # cchc.dossier's check of `by` (ValueError), on the client, before any task runs.
    _empty_table(keys, with_indicators, completion)
    if period is not None:
        # Native periods do not pickle; a period's window is its data range under the cut-off,
        # which is what cchc.dossier counts in, so the workers get the two dates.
        if first is not None or last is not None:
            raise ValueError("give either a period or first and last, not both")
        if isinstance(period, str):
            period = Period.parse(period)
        first, last = period.data_range(cutoff)
    spec = _Spec(
        dict(columns) if columns else None,
        dict(calendar) if calendar else None,
        afternoon_cutoff_hour,
        pause_rule,
        threads,
    )
    frames = _partitions(data, columns, storage_options)
    windows: tuple[Any, Any] | None = None
    if first is not None or last is not None:
        windows = (first, last)
    elif kinds:
        # Periods default to the days the accepted dossiers were received on, over the whole
        # dataset: one light pass first, so that every partition counts in the same windows.
        ranges = dask.compute(*[dask.delayed(_received_range)(f, spec) for f in frames])
        starts = [start for start, _ in ranges if start is not None]
        ends = [end for _, end in ranges if end is not None]
        if not starts:
            windows = None
        else:
            windows = (min(starts), max(ends))
    partials = [
        dask.delayed(_partial)(frame, index, spec, windows, cutoff, keys, completion)
        for index, frame in enumerate(frames)
    ]
    merge = dask.delayed(_merge)
    merged: _Partial = dask.compute(
        _tree_reduce(partials, lambda a, b: merge(a, b, keys)) if partials else None
    )[0]
    rows_in = 0 if merged is None else merged.rows_in
    rows_accepted = 0 if merged is None else merged.rows_accepted
    rejected = (
        pd.DataFrame({"partition": [], "row": [], "id": [], "field": [], "reason": [],
                      "reason_code": [], "reason_arguments": []})
        if merged is None
        else merged.rejected.sort_values(["partition", "row"], kind="stable").reset_index(
            drop=True
        )
    )
    if merged is None or (kinds and windows is None):
        table = _empty_table(keys, with_indicators, completion)
    else:
        parts = merged.parts
        # cchc.dossier's order: group texts (byte order = code point order), then window.
        group_keys = [key for key in keys if key not in _dossier.PERIOD_KINDS]
        parts = parts.sort_values([*group_keys, "_window"], kind="stable").reset_index(drop=True)
        result: dict[str, Any] = {key: parts[key].to_numpy(dtype=object) for key in keys}
        for name in _dossier._native.count_columns():
            result[name] = parts[name].to_numpy(dtype=np.int64)
        if with_indicators:
            _dossier._add_ratios(result, parts)
        table = pd.DataFrame(result)
    return DaskIndicators(
        table=table,
        rows_in=rows_in,
        rows_accepted=rows_accepted,
        rows_rejected=len(rejected),
        rejected=rejected,
        partitions=len(frames),
    )


# Failures of the engines underneath, by the module their exception class comes from: a
# worker that died, a lost connection, a file pyarrow cannot read. They reach the user as a
# CchcError that says which engine failed and why, never as a foreign class.
_ENGINE_MODULES = ("distributed", "dask", "pyarrow", "fsspec", "tornado", "asyncio")


def _engine_errors_wrapped(data: Any, compute: Callable[[], DaskIndicators]) -> DaskIndicators:
    try:
        return compute()
    except CchcError:
        raise
    except Exception as error:
        module = type(error).__module__ or ""
        if module.split(".")[0] not in _ENGINE_MODULES and not isinstance(error, TimeoutError):
            raise  # Python's own (a missing file names its path; a bad argument says which)
        where = data if isinstance(data, (str, os.PathLike)) else type(data).__name__
        reason = str(error).strip() or type(error).__name__
        raise CchcError(
            f"cchc.dask: the computation over {where} failed in {module}.{type(error).__name__}: "
            f"{reason[:500]}"
        ) from error


def indicators(
    data: Any,
    period: Period | str | None = None,
    *,
    first: _dossier.DateLike | None = None,
    last: _dossier.DateLike | None = None,
    cutoff: str = "day 14",
    by: Sequence[_dossier.GroupKey] | _dossier.GroupKey = (),
    columns: Mapping[str, str] | None = None,
    calendar: CalendarOptions | None = None,
    afternoon_cutoff_hour: int | None = None,
    pause_rule: Literal["extend", "restart"] = "extend",
    completion: _dossier.Completion = "resolved",
    threads: int | None = 1,
    storage_options: Mapping[str, Any] | None = None,
) -> DaskIndicators:
    """``cchc.dossier.indicators`` over a partitioned dataset, computed on Dask.

    ``data`` is a Parquet path, directory, glob or list of them (local, or any fsspec URL such
    as ``s3://…`` with ``storage_options``), or a dask DataFrame. ``period``, ``first``,
    ``last``, ``cutoff``, ``by``, ``columns`` and ``completion`` are those of
    ``cchc.dossier.indicators``; ``calendar`` is a mapping of ``WorkCalendar`` keyword
    arguments (default: the civil-service calendar). ``threads`` is per partition task
    (default 1: Dask already runs one task per worker thread).

    Runs on the current Dask scheduler: a ``distributed.Client`` once created is used.
    """
    return _engine_errors_wrapped(data, lambda: _run(
        data, period, first, last, cutoff, by, columns, calendar, afternoon_cutoff_hour,
        pause_rule, completion, threads, storage_options, with_indicators=True,
    ))  # fmt: skip


def counts(
    data: Any,
    period: Period | str | None = None,
    *,
    first: _dossier.DateLike | None = None,
    last: _dossier.DateLike | None = None,
    cutoff: str = "day 14",
    by: Sequence[_dossier.GroupKey] | _dossier.GroupKey = (),
    columns: Mapping[str, str] | None = None,
    calendar: CalendarOptions | None = None,
    afternoon_cutoff_hour: int | None = None,
    pause_rule: Literal["extend", "restart"] = "extend",
    completion: _dossier.Completion = "resolved",
    threads: int | None = 1,
    storage_options: Mapping[str, Any] | None = None,
) -> DaskIndicators:
    """``indicators`` without the indicator columns: the table of ``Dossiers.counts``."""
    return _engine_errors_wrapped(data, lambda: _run(
        data, period, first, last, cutoff, by, columns, calendar, afternoon_cutoff_hour,
        pause_rule, completion, threads, storage_options, with_indicators=False,
    ))  # fmt: skip


__all__ = ["CalendarOptions", "DaskIndicators", "counts", "indicators"]
