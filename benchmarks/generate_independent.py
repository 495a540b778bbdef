"""A second dossier generator, written independently of generate_dossiers.py, with the cases
that one rarely produces, for the grouped-count benchmark and its equality checks.

Differences from generate_dossiers.py, on purpose:

- **skewed units**: 60 units whose sizes follow a Pareto law (with the default seed the largest
  holds 17 % of the dossiers, the smallest 0.04 %);
- **receipts on any day and at any time**: timestamps with the time of day, 2022-09-01 to
  2026-06-30, so that some dossiers are received before the first reporting window
  (15/12/2022) and some after the last cut-off (14/3/2026); online filings land on weekends and
  holidays (Tết included) as often as on working days; 2 % are received on a cut-off day
  (the 14th of March, June, September, December) and 2 % on the day after one;
- **missing due dates**: 40 % have no appointment date and must be computed from the
  processing days (0 to 90 working days); 10 % of the given ones were re-appointed later;
- **more pending and late dossiers**: 10 % pending, 4 % refused, 2 % withdrawn; of the
  resolved, 30 % late by up to 250 days (open across several quarters), 6 % closed exactly on
  a cut-off day;
- **unknown channels**: 5 % of the channels are missing.

``generate(rows, seed)`` returns a pandas DataFrame with ``unit``, ``channel``, ``status``
(categoricals), ``received``, ``due``, ``resolved`` (``datetime64[s]``, NaT when missing) and
``processing_days`` (int64). Every row is valid: libcchc accepts all of them. Run:

    .venv/bin/python benchmarks/generate_independent.py --rows 1000000 --out independent.parquet
"""

from __future__ import annotations

import argparse
import pathlib

import numpy as np
import pandas as pd

import cchc

START = np.datetime64("2022-09-01", "s")
END = np.datetime64("2026-07-01", "s")  # exclusive
DAY = np.timedelta64(86_400, "s")
UNIT_COUNT = 60
CHANNELS = ["online", "in_person", "postal"]
STATUSES = ["pending", "resolved", "refused", "withdrawn"]
CUTOFF_MONTHS = ("03", "06", "09", "12")


def _unit_names() -> list[str]:
    kinds = ("UBND xã", "UBND phường", "Sở", "Chi cục", "Trung tâm")
    return [f"{kinds[i % len(kinds)]} số {i + 1:02d}" for i in range(UNIT_COUNT)]


def _cutoff_days() -> np.ndarray:
    years = range(2022, 2027)
    return np.array(
        [np.datetime64(f"{y}-{m}-14", "D") for y in years for m in CUTOFF_MONTHS], dtype="datetime64[D]"
    )


def generate(rows: int, seed: int = 19) -> pd.DataFrame:
    """``rows`` dossiers; the same ``seed`` gives the same frame."""
    rng = np.random.default_rng(seed)
    calendar = cchc.WorkCalendar()

    sizes = rng.pareto(1.1, UNIT_COUNT) + 0.02
    unit = rng.choice(UNIT_COUNT, rows, p=sizes / sizes.sum())
    channel = rng.choice(4, rows, p=[0.55, 0.35, 0.05, 0.05])  # 3 = missing

    # Receipt: a uniform instant; in-person and postal filings move to the next working day
    # (the desk is closed), online ones stay where they fall.
    seconds = int((END - START) / np.timedelta64(1, "s"))
    received = START + rng.integers(0, seconds, rows).astype("timedelta64[s]")
    cutoffs = _cutoff_days()
    special = rng.random(rows)
    on_cutoff = special < 0.02
    after_cutoff = (special >= 0.02) & (special < 0.04)
    picked = cutoffs[rng.integers(0, len(cutoffs), rows)]
    received_day = received.astype("datetime64[D]")
    received_day = np.where(on_cutoff, picked, np.where(after_cutoff, picked + 1, received_day))
    desk = (channel == 1) | (channel == 2)
    closed_desk = desk & ~np.asarray(calendar.is_working_day(received_day), dtype=bool)
    received_day[closed_desk] = np.asarray(
        calendar.add_working_days(received_day[closed_desk], 0)
    ).astype("datetime64[D]")
    time_of_day = rng.integers(6 * 3600, 22 * 3600, rows).astype("timedelta64[s]")
    received = received_day.astype("datetime64[s]") + time_of_day

    processing_days = rng.choice(
        [0, 1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60, 90], rows,
        p=[0.03, 0.08, 0.08, 0.15, 0.15, 0.1, 0.14, 0.09, 0.07, 0.05, 0.03, 0.02, 0.01],
    ).astype(np.int64)
    computed_due = np.asarray(calendar.due_dates(received_day, processing_days)).astype(
        "datetime64[D]"
    )
    reappointed = rng.random(rows) < 0.10
    explicit_due = computed_due + np.where(reappointed, rng.integers(1, 21, rows), 0).astype(
        "timedelta64[D]"
    )
    due_missing = rng.random(rows) < 0.40

    status = rng.choice(4, rows, p=[0.10, 0.84, 0.04, 0.02])
    outcome = rng.random(rows)
    due_day = explicit_due  # the dossier's real appointment, given or not
    span = np.maximum((due_day - received_day).astype(np.int64), 1)
    early = received_day + (rng.random(rows) * span).astype("timedelta64[D]")
    late = due_day + rng.integers(1, 251, rows).astype("timedelta64[D]")
    next_cutoff = cutoffs[np.minimum(np.searchsorted(cutoffs, received_day), len(cutoffs) - 1)]
    closed_day = np.select(
        [outcome < 0.38, outcome < 0.64, outcome < 0.70],
        [early, due_day, np.maximum(next_cutoff, received_day)],
        late,
    )
    other = received_day + rng.integers(0, 101, rows).astype("timedelta64[D]")
    closed_day = np.where(status == 1, closed_day, other).astype("datetime64[D]")
    closed = closed_day.astype("datetime64[s]") + rng.integers(7 * 3600, 18 * 3600, rows).astype(
        "timedelta64[s]"
    )
    closed[status == 0] = np.datetime64("NaT")

    due = explicit_due.astype("datetime64[s]")
    due[due_missing] = np.datetime64("NaT")
    channel_codes = np.where(channel == 3, -1, channel).astype(np.int8)
    return pd.DataFrame(
        {
            "unit": pd.Categorical.from_codes(unit.astype(np.int16), categories=_unit_names()),
            "channel": pd.Categorical.from_codes(channel_codes, categories=CHANNELS),
            "status": pd.Categorical.from_codes(status.astype(np.int8), categories=STATUSES),
            "received": received,
            "due": due,
            "processing_days": processing_days,
            "resolved": closed,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("independent.parquet"))
    args = parser.parse_args()
    generate(args.rows, args.seed).to_parquet(args.out, index=False)
    print(f"wrote {args.rows:,} rows to {args.out}")


if __name__ == "__main__":
    main()
