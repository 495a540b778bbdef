"""Seeded synthetic dossiers (hồ sơ) for the indicator benchmark, vectorised with numpy.

About 20 receiving units, 15 fields (lĩnh vực) and 300 procedures whose prescribed times are
drawn from the usual mix (1, 3, 5, 7, 10, 15, 20, 30 working days); channels about 80 % online,
18 % in person, 2 % postal; received 2023-01-01..2025-12-31, nearly all on working days (a few
online filings on days off); explicit due dates from ``cchc.WorkCalendar().due_dates`` so that
Tết and the other holidays fall inside the processing times; most dossiers resolved early or
on time, a few % late, about 1 % still pending, a few refused or withdrawn; tri-state facts with
missing values and SIPAS satisfaction 1–5, mostly missing. Run:

    .venv/bin/python benchmarks/generate_dossiers.py --rows 1000000 --out dossiers.parquet

``generate(rows, seed)`` returns the pandas DataFrame for in-process use (the benchmark).
"""

from __future__ import annotations

import argparse
import pathlib

import numpy as np
import pandas as pd

import cchc

FIRST_DAY = np.datetime64("2023-01-01")
LAST_DAY = np.datetime64("2025-12-31")

UNITS = [
    "Sở Tư pháp", "Sở Xây dựng", "Sở Tài chính", "Sở Công Thương", "Sở Y tế",
    "Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và Môi trường", "Sở Nội vụ",
    "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch", "Sở Dân tộc và Tôn giáo",
    "Ban Quản lý các khu công nghiệp", "UBND phường Trần Phú", "UBND phường Nghĩa Lộ",
    "UBND xã Tịnh Khê", "UBND xã Bình Sơn", "UBND xã Sơn Tịnh", "UBND xã Đức Phổ",
    "UBND xã Mộ Đức", "UBND xã Lý Sơn",
]  # fmt: skip
FIELDS = [
    "Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng", "Đăng ký kinh doanh", "Đầu tư",
    "Lưu thông hàng hóa", "Khám chữa bệnh", "Dược phẩm", "Giáo dục", "Lao động",
    "Giao thông vận tải", "Môi trường", "Văn hóa", "Thi đua khen thưởng",
]  # fmt: skip
PROCEDURES = 300
WORKING_DAYS = np.array([1, 3, 5, 7, 10, 15, 20, 30])
WORKING_DAYS_WEIGHTS = np.array([0.10, 0.22, 0.20, 0.13, 0.15, 0.10, 0.06, 0.04])
TRI_STATES = (
    "digitised_dossier",
    "digitised_result",
    "electronic_result",
    "fee_required",
    "paid_online",
    "reused_data",
)

_calendar: cchc.WorkCalendar | None = None


def calendar() -> cchc.WorkCalendar:
    global _calendar
    if _calendar is None:
        _calendar = cchc.WorkCalendar()
    return _calendar


def _categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical:
    return pd.Categorical.from_codes(codes.astype(np.int16), categories=categories)


def _tri_state(rng: np.random.Generator, rows: int, p_yes: float, p_missing: float) -> pd.array:
    values = rng.random(rows) < p_yes
    missing = rng.random(rows) < p_missing
    return pd.arrays.BooleanArray(values, missing)


def generate(rows: int, seed: int = 2026, *, with_ids: bool = False) -> pd.DataFrame:
    """``rows`` synthetic dossiers; the same ``seed`` gives the same frame.

    Columns are the record fields of docs/dossier/indicators.md: text columns as pandas
    categoricals, dates as ``datetime64[s]`` (NaT when missing), tri-states as nullable
    ``boolean``, satisfaction as nullable ``Int64``. ``id`` (Python strings, slow at 10 M rows)
    only with ``with_ids``.
    """
    rng = np.random.default_rng(seed)
    work = calendar()

    # The catalogue: each procedure has a field and a prescribed time; popularity is Zipf-like.
    procedure_field = rng.integers(0, len(FIELDS), PROCEDURES)
    procedure_days = rng.choice(WORKING_DAYS, PROCEDURES, p=WORKING_DAYS_WEIGHTS)
    popularity = 1.0 / np.arange(1, PROCEDURES + 1) ** 0.9
    procedure = rng.choice(PROCEDURES, rows, p=popularity / popularity.sum())
    unit_weights = rng.uniform(0.3, 1.0, len(UNITS))
    unit = rng.choice(len(UNITS), rows, p=unit_weights / unit_weights.sum())
    processing_days = procedure_days[procedure]

    channel = rng.choice(3, rows, p=[0.80, 0.18, 0.02])  # online, in person, postal
    online = channel == 0
    online_level = np.where(online, np.where(rng.random(rows) < 0.6, 3, 2), 1)

    # Received: uniform over the days; a day off is moved to the next working day, except for
    # 10 % of the online filings (the portal is open on Sundays and during Tết).
    span = int((LAST_DAY - FIRST_DAY).astype(np.int64)) + 1
    received = FIRST_DAY + rng.integers(0, span, rows).astype("timedelta64[D]")
    keep_day_off = online & (rng.random(rows) < 0.10)
    moved = ~keep_day_off & ~work.is_working_day(received)
    received[moved] = work.add_working_days(received[moved], 0)
    received = np.minimum(received, LAST_DAY)
    due = work.due_dates(received, processing_days)

    # Outcome: 1 % pending, 0.7 % refused, 0.3 % withdrawn, the rest resolved: 55 % early,
    # 41 % on the due day, 4 % late by 1–10 working days.
    status = rng.choice(4, rows, p=[0.01, 0.98, 0.007, 0.003])  # pending, resolved, ...
    draw = rng.random(rows)
    early_days = (rng.random(rows) * processing_days).astype(np.int64)  # 0 .. days - 1
    late_days = rng.integers(1, 11, rows)
    resolved = np.where(
        draw < 0.55,
        work.add_working_days(received, early_days),
        np.where(draw < 0.96, due, work.add_working_days(due, late_days)),
    ).astype("datetime64[D]")
    resolved = np.maximum(resolved, received)
    resolved[status == 0] = np.datetime64("NaT")

    frame = {
        "unit": _categorical(unit, UNITS),
        "field": _categorical(procedure_field[procedure], FIELDS),
        "procedure": _categorical(
            procedure, [f"1.{13000 + 7 * code:06d}" for code in range(PROCEDURES)]
        ),
        "channel": _categorical(channel, ["online", "in_person", "postal"]),
        "online_level": _categorical(online_level, ["unknown", "none", "partial", "full"]),
        "status": _categorical(status, ["pending", "resolved", "refused", "withdrawn"]),
        "received": received.astype("datetime64[s]"),
        "processing_days": processing_days.astype(np.int64),
        "due": due.astype("datetime64[s]"),
        "resolved": resolved.astype("datetime64[s]"),
    }
    digitised = _tri_state(rng, rows, 0.85, 0.05)
    frame["digitised_dossier"] = digitised
    frame["digitised_result"] = _tri_state(rng, rows, 0.80, 0.08)
    frame["electronic_result"] = _tri_state(rng, rows, 0.70, 0.10)
    fee = _tri_state(rng, rows, 0.35, 0.03)
    frame["fee_required"] = fee
    frame["paid_online"] = _tri_state(rng, rows, 0.55, 0.15)
    frame["reused_data"] = _tri_state(rng, rows, 0.30, 0.20)
    rated = rng.random(rows) < 0.4
    satisfaction = rng.choice(np.arange(1, 6), rows, p=[0.02, 0.03, 0.10, 0.35, 0.50])
    frame["satisfaction"] = pd.arrays.IntegerArray(satisfaction.astype(np.int64), ~rated)
    table = pd.DataFrame(frame)
    if with_ids:
        table.insert(0, "id", [f"H{seed % 100:02d}.{row:09d}" for row in range(rows)])
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--ids", action="store_true", help="add an id column (slower)")
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("dossiers.parquet"))
    args = parser.parse_args()
    table = generate(args.rows, args.seed, with_ids=args.ids)
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        print(f"pyarrow is not installed: generated {len(table):,} rows, nothing written")
        return
    table.to_parquet(args.out, index=False)
    print(f"wrote {len(table):,} rows to {args.out}")


if __name__ == "__main__":
    main()
