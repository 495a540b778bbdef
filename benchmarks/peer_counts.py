"""The seven dossier counts per unit × reporting window, written in pandas/numpy, Polars and
DuckDB the way each tool's documentation recommends, for the benchmarks to compare with
libcchc.

The question (docs/dossier/indicators.md, "Classification against a reporting window"): for
each unit and each window of a run of contiguous windows (the quarters under Decree 09/2019's
"day 14" cut-off: Quý I/2024 counts 15/12/2023–14/3/2024; the last day is the cut-off),

- ``received_new``: received inside the window; ``new_online``: of those, filed online;
- ``resolved_early`` / ``resolved_on_time`` / ``resolved_late``: status resolved and closed
  (``resolved`` date) inside the window, before / on / after the due date;
- ``pending_within`` / ``pending_overdue``: received by the cut-off and not closed by it
  (whatever the status: a refused or withdrawn dossier closes on its ``resolved`` date too);
  within when the cut-off ≤ due, overdue when the cut-off > due.

A missing due date is the ``processing_days``-th working day after the day of receipt (a
receipt on a day off counts from the next working day; docs/calendar/due-dates.md).

How every peer computes it, without per-row date arithmetic and without a row per cut-off:

1. **Day → window lookup table.** ``Windows.lookup[day - base]`` is the window holding each
   day, -1 before the first window, W (the number of windows) after the last cut-off; dates
   outside the table are clamped to its ends. A dossier's receipt window is ``r``, its closing
   window ``c`` (W when open), and ``k`` the lookup of the day after its due date: the first
   window whose cut-off is past the due date, so the dossier is pending within time in windows
   before ``k`` and overdue from ``k`` on.
2. **Intake and outcome** are grouped counts over (unit, r) and (unit, c).
3. **Pending, by difference arrays.** A dossier is pending in windows ``s = max(r, 0)`` …
   ``e - 1`` with ``e = min(c, W)``: within in ``[s, k')``, overdue in ``[k', e)`` with ``k'``
   = ``k`` clamped to ``[s, e]``. Counting the starts, middles and ends per (unit, window) and
   taking cumulative sums over the windows gives both pending counts; no dossier is repeated.
4. **Due dates** missing in the data come from a working-day table: ``WorkingDays.before``
   (working days strictly before each day) indexes ``WorkingDays.days`` (the working days in
   order): ``due = days[before[received] + processing_days]``.

The two tables are the reporting calendar a user of these tools would hold; they are built
from libcchc's holiday data (the official calendar: make-up Saturdays, Tết) and checked against
``cchc.calendar.period_of_array`` / ``WorkCalendar.due_dates``, outside the timings.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pathlib
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import cchc

COUNTS = (
    "received_new",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_within",
    "pending_overdue",
    "new_online",
)
EPOCH = np.datetime64("1970-01-01", "D")


def day_numbers(values: Any) -> np.ndarray:
    """Days since 1970-01-01 (the floor of each ``datetime64``), int64; NaT stays INT64_MIN."""
    array = np.asarray(values)
    days = array.astype("datetime64[D]").view(np.int64)
    return days


@dataclasses.dataclass(frozen=True)
class Windows:
    """Contiguous reporting windows and the day → window lookup table over them."""

    codes: list[str]  # the period code of each window ("2024-Q1"), as libcchc names it
    first: np.ndarray  # first day of each window (day numbers)
    cutoff: np.ndarray  # cut-off (last day) of each window
    base: int  # the day of lookup[0], the day before the first window
    lookup: np.ndarray  # int16: window of each day; -1 before the first, W after the last

    @property
    def count(self) -> int:
        """The number of windows, W."""
        return len(self.codes)

    def window_of(self, days: np.ndarray) -> np.ndarray:
        """The window of each day number (clamped to the table's ends), as int64."""
        index = np.clip(days - self.base, 0, len(self.lookup) - 1)
        return self.lookup[index].astype(np.int64)


def quarter_windows(first: tuple[int, int], last: tuple[int, int]) -> Windows:
    """The quarters ``first`` … ``last`` ((year, quarter), inclusive) under the "day 14"
    cut-off, from libcchc's ``Period.data_range``; the lookup table is checked against
    ``period_of_array`` on every day it holds."""
    import cchc
    from cchc.calendar import period_of_array

    periods = []
    year, quarter = first
    while (year, quarter) <= last:
        periods.append(cchc.Period("quarter", year, quarter))
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    ranges = [period.data_range("day 14") for period in periods]
    first_days = np.array([np.datetime64(a, "D") for a, _ in ranges]).view(np.int64)
    cutoffs = np.array([np.datetime64(b, "D") for _, b in ranges]).view(np.int64)
    if not np.array_equal(first_days[1:], cutoffs[:-1] + 1):
        raise AssertionError("the windows do not tile the timeline")
    base = int(first_days[0]) - 1
    lookup = np.empty(int(cutoffs[-1]) + 2 - base, dtype=np.int16)
    lookup[0] = -1
    for window, (a, b) in enumerate(zip(first_days, cutoffs)):
        lookup[a - base : b - base + 1] = window
    lookup[-1] = len(periods)
    # Every day of the table falls in libcchc's own period of that day.
    days = np.arange(base + 1, base + len(lookup) - 1)
    years, indices = period_of_array(days.astype("datetime64[D]"), "quarter")
    position = {(p.year, p.index): w for w, p in enumerate(periods)}
    expected = np.array([position[(int(y), int(q))] for y, q in zip(years, indices)])
    if not np.array_equal(lookup[1:-1], expected):
        raise AssertionError("the day → quarter table differs from cchc.calendar.period_of_array")
    return Windows([p.code for p in periods], first_days, cutoffs, base, lookup)


@dataclasses.dataclass(frozen=True)
class WorkingDays:
    """The working-day table: ``days`` in order, ``before[d - base]`` = working days before d."""

    base: int
    before: np.ndarray  # int32
    days: np.ndarray  # int32 day numbers of the working days

    def due(self, received: np.ndarray, processing_days: np.ndarray) -> np.ndarray:
        """The due day of each receipt day: the N-th working day after (the next working day
        when received on a day off; N = 0 is that day itself)."""
        return self.days[self.before[received - self.base] + processing_days].astype(np.int64)


def working_days(first: str = "2010-01-01", last: str = "2040-12-31") -> WorkingDays:
    """The civil-service calendar's working days between ``first`` and ``last``, checked
    against ``WorkCalendar.due_dates`` on a sample of receipts and processing times."""
    import cchc

    calendar = cchc.WorkCalendar()
    span = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    working = np.asarray(calendar.is_working_day(span), dtype=bool)
    before = np.concatenate([[0], np.cumsum(working)[:-1]]).astype(np.int32)
    table = WorkingDays(int(span[0].view(np.int64)), before, span[working].view(np.int64).astype(np.int32))
    rng = np.random.default_rng(7)
    received = np.datetime64("2022-01-01") + rng.integers(0, 2000, 5000).astype("timedelta64[D]")
    n = rng.integers(0, 120, 5000)
    expected = np.asarray(calendar.due_dates(received, n)).astype("datetime64[D]").view(np.int64)
    if not np.array_equal(table.due(received.view(np.int64), n), expected):
        raise AssertionError("the working-day table's due dates differ from WorkCalendar.due_dates")
    return table


def save_tables(path: pathlib.Path, windows: Windows, work: WorkingDays) -> None:
    """Both tables in one .npz, for the benchmarks' subprocesses (which need not import cchc)."""
    np.savez(
        path, codes=np.array(windows.codes), first=windows.first, cutoff=windows.cutoff,
        base=windows.base, lookup=windows.lookup, work_base=work.base, before=work.before,
        days=work.days,
    )


def load_tables(path: pathlib.Path) -> tuple[Windows, WorkingDays]:
    """The tables ``save_tables`` wrote."""
    with np.load(path) as saved:
        windows = Windows(
            [str(code) for code in saved["codes"]], saved["first"], saved["cutoff"],
            int(saved["base"]), saved["lookup"],
        )
        work = WorkingDays(int(saved["work_base"]), saved["before"], saved["days"])
    return windows, work


def canonical(table: pd.DataFrame) -> pd.DataFrame:
    """unit (text), w (window index) and the seven counts as int64, summed per (unit, w),
    rows whose counts are all 0 dropped, sorted: the form the tables are compared in."""
    table = pd.DataFrame(
        {
            "unit": np.asarray(table["unit"].astype(str), dtype=object),
            "w": np.asarray(table["w"], dtype=np.int64),
            **{name: np.asarray(table[name], dtype=np.int64) for name in COUNTS},
        }
    )
    table = table.groupby(["unit", "w"], sort=True)[list(COUNTS)].sum()
    return table[(table != 0).any(axis=1)]


def assert_same(name: str, got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Raises naming the first (unit, window) and count where ``got`` differs from libcchc."""
    got, expected = canonical(got), canonical(expected)
    if got.index.equals(expected.index) and np.array_equal(got.to_numpy(), expected.to_numpy()):
        return
    both = pd.merge(
        got, expected, how="outer", left_index=True, right_index=True,
        suffixes=("_peer", "_libcchc"),
    ).fillna(0)
    for key, row in both.iterrows():
        for count in COUNTS:
            if row[f"{count}_peer"] != row[f"{count}_libcchc"]:
                raise AssertionError(
                    f"{name} and libcchc disagree: unit {key[0]!r}, window {key[1]}, {count}: "
                    f"{int(row[f'{count}_peer'])} vs {int(row[f'{count}_libcchc'])}"
                )
    raise AssertionError(f"{name} and libcchc disagree on the unit × window counts")


def cchc_table(dossiers: cchc.Dossiers, windows: Windows, threads: int | None = None) -> pd.DataFrame:
    """libcchc's counts: one ``Dossiers.counts`` call over every unit × quarter."""
    first = (EPOCH + int(windows.first[0])).astype(object)
    last = (EPOCH + int(windows.cutoff[-1])).astype(object)
    table = dossiers.counts(first=first, last=last, by=["unit", "quarter"], threads=threads)
    position = {code: w for w, code in enumerate(windows.codes)}
    out = table[["unit", *COUNTS]].copy()
    out.insert(1, "w", table["quarter"].map(position).astype(np.int64))
    return out


# --- pandas / numpy --------------------------------------------------------------------------


def numpy_counts(
    unit: np.ndarray,
    units: int,
    online: np.ndarray,
    resolved_status: np.ndarray,
    received: np.ndarray,
    due: np.ndarray,
    closed: np.ndarray,
    open_: np.ndarray,
    windows: Windows,
) -> np.ndarray:
    """(units, W, 7) counts in COUNTS order. ``unit``: codes 0 … units-1; dates: day numbers
    (``closed`` is ignored where ``open_``)."""
    w = windows.count
    r = windows.window_of(received)
    c = np.where(open_, w, windows.window_of(closed))
    k = windows.window_of(due + 1)

    cells = units * w
    received_in = (r >= 0) & (r < w)
    intake = np.bincount(
        (unit * w + r)[received_in] * 2 + online[received_in], minlength=cells * 2
    ).reshape(units, w, 2)

    done = resolved_status & (c >= 0) & (c < w)
    timeliness = np.sign(closed[done] - due[done]) + 1  # 0 early, 1 on time, 2 late
    outcome = np.bincount(
        (unit[done] * w + c[done]) * 3 + timeliness, minlength=cells * 3
    ).reshape(units, w, 3)

    s = np.maximum(r, 0)
    e = np.minimum(c, w)
    spans = e > s
    s, e, u = s[spans], e[spans], unit[spans]
    k = np.minimum(np.maximum(k[spans], s), e)
    row = u * (w + 1)
    steps = w + 1
    starts = np.bincount(row + s, minlength=units * steps).reshape(units, steps)
    middles = np.bincount(row + k, minlength=units * steps).reshape(units, steps)
    ends = np.bincount(row + e, minlength=units * steps).reshape(units, steps)
    within = np.cumsum(starts - middles, axis=1)[:, :w]
    overdue = np.cumsum(middles - ends, axis=1)[:, :w]

    out = np.empty((units, w, 7), dtype=np.int64)
    out[:, :, 0] = intake.sum(axis=2)
    out[:, :, 1:4] = outcome
    out[:, :, 4] = within
    out[:, :, 5] = overdue
    out[:, :, 6] = intake[:, :, 1]
    return out


def numpy_table(counts: np.ndarray, labels: Any) -> pd.DataFrame:
    """The (units, W, 7) array as a long table: unit, w and the seven counts."""
    units, w, _ = counts.shape
    table = pd.DataFrame(counts.reshape(units * w, 7), columns=list(COUNTS))
    table.insert(0, "w", np.tile(np.arange(w), units))
    table.insert(0, "unit", np.repeat(np.asarray(labels, dtype=object), w))
    return table


def pandas_counts(
    frame: pd.DataFrame, windows: Windows, work: WorkingDays | None = None,
    online: str = "online", resolved: str = "resolved",
) -> pd.DataFrame:
    """pandas/numpy: a DataFrame with categorical ``unit``, ``channel``, ``status`` and
    ``datetime64`` dates (``processing_days`` when some due dates are missing)."""
    unit = frame["unit"].array
    codes = np.asarray(unit.codes, dtype=np.int64)
    received = day_numbers(frame["received"].to_numpy())
    due_values = frame["due"].to_numpy()
    due = day_numbers(due_values)
    missing_due = np.isnat(due_values)
    if work is not None and missing_due.any():
        days = frame["processing_days"].to_numpy()
        due = due.copy()
        due[missing_due] = work.due(received[missing_due], days[missing_due])
    closed_values = frame["resolved"].to_numpy()
    counts = numpy_counts(
        codes,
        len(unit.categories),
        np.asarray(frame["channel"] == online, dtype=np.int64),
        np.asarray(frame["status"] == resolved),
        received,
        due,
        day_numbers(closed_values),
        np.isnat(closed_values),
        windows,
    )
    return numpy_table(counts, unit.categories)


# --- Polars ------------------------------------------------------------------------------------


def polars_counts(
    frame: Any, windows: Windows, work: WorkingDays | None = None,
    online: str = "online", resolved: str = "resolved",
) -> Any:
    """Polars, lazy: ``frame`` (DataFrame or LazyFrame) has ``unit``, ``channel``, ``status``
    and ``pl.Date`` columns ``received``, ``due``, ``resolved`` (and ``processing_days`` when
    ``work`` is given). Returns a Polars DataFrame: unit, w, the seven counts."""
    import polars as pl

    w = windows.count
    lookup = pl.Series("window", windows.lookup)
    last_index = len(windows.lookup) - 1

    def window_of(day: pl.Expr) -> pl.Expr:
        return pl.lit(lookup).gather((day - windows.base).clip(0, last_index)).cast(pl.Int32)

    received_day = pl.col("received").cast(pl.Int32)
    due_day = pl.col("due").cast(pl.Int32)
    if work is not None:
        working = pl.Series("day", work.days)
        before = pl.Series("before", work.before)
        computed = pl.lit(working).gather(
            pl.lit(before).gather(received_day - work.base) + pl.col("processing_days")
        )
        due_day = due_day.fill_null(computed)
    base = frame.lazy().select(
        "unit",
        "channel",
        "status",
        received_day.alias("received"),
        due_day.alias("due"),
        pl.col("resolved").cast(pl.Int32),
    ).with_columns(
        window_of(pl.col("received")).alias("r"),
        window_of(pl.col("resolved")).fill_null(w).alias("c"),
        window_of(pl.col("due") + 1).alias("k"),
    )
    # Five queries below start from base: cached, the input (a CSV scan, say) is read once.
    base = base.cache()
    intake = (
        base.filter(pl.col("r").is_between(0, w - 1))
        .group_by("unit", pl.col("r").alias("w"))
        .agg(
            pl.len().cast(pl.Int64).alias("received_new"),
            (pl.col("channel") == online).sum().cast(pl.Int64).alias("new_online"),
        )
    )
    outcome = (
        base.filter((pl.col("status") == resolved) & pl.col("c").is_between(0, w - 1))
        .group_by("unit", pl.col("c").alias("w"))
        .agg(
            (pl.col("resolved") < pl.col("due")).sum().cast(pl.Int64).alias("resolved_early"),
            (pl.col("resolved") == pl.col("due")).sum().cast(pl.Int64).alias("resolved_on_time"),
            (pl.col("resolved") > pl.col("due")).sum().cast(pl.Int64).alias("resolved_late"),
        )
    )
    start = pl.max_horizontal("r", pl.lit(0, pl.Int32))
    end = pl.min_horizontal("c", pl.lit(w, pl.Int32))
    spans = (
        base.select("unit", start.alias("s"), end.alias("e"), "k")
        .filter(pl.col("e") > pl.col("s"))
        .with_columns(pl.col("k").clip(pl.col("s"), pl.col("e")))
    )

    def steps(column: str, name: str) -> Any:
        return spans.group_by("unit", pl.col(column).alias("w")).agg(
            pl.len().cast(pl.Int64).alias(name)
        )

    grid = (
        base.select(pl.col("unit").unique())
        .join(pl.LazyFrame({"w": pl.Series(np.arange(w, dtype=np.int32))}), how="cross")
    )
    table = (
        grid.join(steps("s", "starts"), on=["unit", "w"], how="left")
        .join(steps("k", "middles"), on=["unit", "w"], how="left")
        .join(steps("e", "ends"), on=["unit", "w"], how="left")
        .fill_null(0)
        .sort("unit", "w")
        .with_columns(
            (pl.col("starts") - pl.col("middles")).cum_sum().over("unit").alias("pending_within"),
            (pl.col("middles") - pl.col("ends")).cum_sum().over("unit").alias("pending_overdue"),
        )
        .join(intake, on=["unit", "w"], how="left")
        .join(outcome, on=["unit", "w"], how="left")
        .select("unit", "w", *[pl.col(name).fill_null(0) for name in COUNTS])
    )
    return table.collect()


# --- DuckDB ----------------------------------------------------------------------------------


def duckdb_tables(connection: Any, windows: Windows, work: WorkingDays | None = None) -> None:
    """The calendar tables the query joins to: ``day_window(day, w)`` and, with ``work``,
    ``working_before(day, before)`` and ``working_day(n, day)``."""
    day_window = pd.DataFrame(
        {
            "day": (EPOCH + np.arange(windows.base, windows.base + len(windows.lookup))),
            "w": windows.lookup.astype(np.int32),
        }
    )
    connection.register("day_window_source", day_window)
    connection.execute(
        "CREATE OR REPLACE TABLE day_window AS SELECT day::DATE AS day, w FROM day_window_source"
    )
    connection.unregister("day_window_source")
    if work is not None:
        before = pd.DataFrame(
            {"day": EPOCH + np.arange(work.base, work.base + len(work.before)), "before": work.before}
        )
        days = pd.DataFrame({"n": np.arange(len(work.days), dtype=np.int32), "day": EPOCH + work.days})
        connection.register("before_source", before)
        connection.register("days_source", days)
        connection.execute(
            "CREATE OR REPLACE TABLE working_before AS "
            "SELECT day::DATE AS day, before FROM before_source"
        )
        connection.execute(
            "CREATE OR REPLACE TABLE working_day AS SELECT n, day::DATE AS day FROM days_source"
        )
        connection.unregister("before_source")
        connection.unregister("days_source")


def duckdb_query(
    windows: Windows, source: str = "dossiers", computed_due: bool = False,
    online: str = "online", resolved: str = "resolved",
) -> str:
    """The SQL: calendar-table joins, grouped counts, difference arrays summed by a window
    function over each unit's windows. ``source`` is a table name or a table function call."""
    w = windows.count
    low = f"DATE '{(EPOCH + windows.base)}'"
    high = f"DATE '{(EPOCH + windows.base + len(windows.lookup) - 1)}'"

    def clamp(day: str) -> str:
        # Not least/greatest: they skip NULLs, and an open dossier's NULL must stay NULL.
        return f"CASE WHEN {day} < {low} THEN {low} WHEN {day} > {high} THEN {high} ELSE {day} END"

    if computed_due:
        due = "coalesce(x.due, wd.day)"
        due_joins = (
            "LEFT JOIN working_before b ON b.day = CASE WHEN x.due IS NULL THEN x.received::DATE END\n"
            "    LEFT JOIN working_day wd ON wd.n = b.before + x.processing_days"
        )
    else:
        due, due_joins = "x.due", ""
    return f"""
WITH d0 AS (
    SELECT x.unit, x.channel, x.status, x.received::DATE AS received,
           x.resolved::DATE AS resolved, {due}::DATE AS due
    FROM {source} x
    {due_joins}
),
d AS (
    SELECT d0.*, r.w AS r, coalesce(c.w, {w}) AS c, k.w AS k
    FROM d0
    JOIN day_window r ON r.day = {clamp('d0.received')}
    LEFT JOIN day_window c ON c.day = {clamp('d0.resolved')}
    JOIN day_window k ON k.day = {clamp('d0.due + 1')}
),
intake AS (
    SELECT unit, r AS w, count(*) AS received_new,
           count(*) FILTER (WHERE channel = '{online}') AS new_online
    FROM d WHERE r BETWEEN 0 AND {w - 1} GROUP BY ALL
),
outcome AS (
    SELECT unit, c AS w,
           count(*) FILTER (WHERE resolved < due) AS resolved_early,
           count(*) FILTER (WHERE resolved = due) AS resolved_on_time,
           count(*) FILTER (WHERE resolved > due) AS resolved_late
    FROM d WHERE status = '{resolved}' AND c BETWEEN 0 AND {w - 1} GROUP BY ALL
),
spans AS (
    SELECT unit, greatest(r, 0) AS s, least(c, {w}) AS e, k
    FROM d WHERE least(c, {w}) > greatest(r, 0)
),
steps AS (
    SELECT unit, w, sum(within_step)::BIGINT AS within_step,
           sum(overdue_step)::BIGINT AS overdue_step
    FROM (
        SELECT unit, s AS w, count(*) AS within_step, 0 AS overdue_step FROM spans GROUP BY ALL
        UNION ALL
        SELECT unit, least(greatest(k, s), e) AS w, -count(*), count(*) FROM spans GROUP BY ALL
        UNION ALL
        SELECT unit, e AS w, 0, -count(*) FROM spans WHERE e < {w} GROUP BY ALL
    ) GROUP BY ALL
),
grid AS (
    SELECT u.unit, g.w::INTEGER AS w
    FROM (SELECT DISTINCT unit FROM d) u CROSS JOIN range({w}) g(w)
),
pending AS (
    SELECT grid.unit, grid.w,
           sum(coalesce(within_step, 0)) OVER units AS pending_within,
           sum(coalesce(overdue_step, 0)) OVER units AS pending_overdue
    FROM grid LEFT JOIN steps USING (unit, w)
    WINDOW units AS (PARTITION BY grid.unit ORDER BY grid.w)
)
SELECT p.unit, p.w,
       coalesce(received_new, 0)::BIGINT AS received_new,
       coalesce(resolved_early, 0)::BIGINT AS resolved_early,
       coalesce(resolved_on_time, 0)::BIGINT AS resolved_on_time,
       coalesce(resolved_late, 0)::BIGINT AS resolved_late,
       pending_within::BIGINT AS pending_within,
       pending_overdue::BIGINT AS pending_overdue,
       coalesce(new_online, 0)::BIGINT AS new_online
FROM pending p LEFT JOIN intake USING (unit, w) LEFT JOIN outcome USING (unit, w)
"""
