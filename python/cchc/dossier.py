"""Dossier (hồ sơ) indicators from numpy columns, a pandas DataFrame or a pyarrow Table.

``ingest`` validates the rows once (in C++, no Python object per row: text columns are
factorized, dates viewed as integers) and keeps the accepted dossiers as compact columns;
``Dossiers.indicators`` counts them in one pass against a reporting window or per reporting
period, optionally per unit, field, procedure and channel, and gives each indicator as value,
numerator and denominator.
A ratio whose denominator is 0 is *not applicable* and shows as ``pd.NA``, never 0 or NaN.
Rules and formulas: docs/dossier/indicators.md; this module: docs/dossier/python.md.

>>> import pandas as pd
>>> frame = pd.DataFrame({
...     "id": ["A", "B"], "unit": ["Sở X", "Sở X"], "channel": ["online", "in_person"],
...     "status": ["resolved", "resolved"], "processing_days": [5, 5],
...     "received": pd.to_datetime(["2024-02-02", "2024-02-02"]),
...     "resolved": pd.to_datetime(["2024-02-16", "2024-02-19"]),
... })
>>> table = indicators(frame, period=Period("quarter", 2024, 1))
>>> table[["resolved_on_time", "resolved_late", "on_time_rate"]].to_dict("records")
[{'resolved_on_time': 1, 'resolved_late': 1, 'on_time_rate': 0.5}]
>>> table["satisfaction_rate"].iloc[0] is pd.NA  # nobody rated: not applicable
True
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Union

import numpy as np
import numpy.typing as npt

from . import _core
from .calendar import Period, WorkCalendar
from .errors import ParseError

if TYPE_CHECKING:
    import pandas as pd

_native = _core.dossier

GroupKey = Literal[
    "unit", "field", "procedure", "channel", "month", "quarter", "half_year", "year"
]  # fmt: skip
Completion = Literal["resolved", "returned"]
DateLike = Union[_dt.date, np.datetime64, str]

#: The record fields a table may carry (docs/dossier/indicators.md); only ``received`` and
#: ``status`` are required, plus ``due`` or ``processing_days`` on each row.
FIELDS: tuple[str, ...] = (
    "id",
    "unit",
    "field",
    "procedure",
    "channel",
    "online_level",
    "status",
    "received",
    "received_hour",
    "due",
    "processing_days",
    "resolved",
    "returned",
    "digitised_dossier",
    "digitised_result",
    "electronic_result",
    "fee_required",
    "paid_online",
    "reused_data",
    "satisfaction",
)

_DATE_FIELDS = ("received", "due", "resolved", "returned")
_GROUP_FIELDS = ("unit", "field", "procedure")
_ENUM_FIELDS = ("channel", "online_level", "status")
_NUMBER_FIELDS = ("received_hour", "processing_days", "satisfaction")
_TRI_STATE_FIELDS = (
    "digitised_dossier",
    "digitised_result",
    "electronic_result",
    "fee_required",
    "paid_online",
    "reused_data",
)
#: Reporting period kinds ``by`` accepts (they tile the timeline; nine months does not).
PERIOD_KINDS: tuple[str, ...] = ("month", "quarter", "half_year", "year")
_GROUPS = ("unit", "field", "procedure", "channel")
_INVALID = -128  # EnumColumnView::kInvalidCode: a text the column cannot hold
_EXPECTED = {
    "channel": "online, in_person, postal, unknown",
    "online_level": "none, partial, full, unknown",
    "status": "pending, resolved, refused, withdrawn",
}

#: An example mapping for exports with Vietnamese headers: record field -> column name.
#: Values may be keys ("online") or as exports write them ("Trực tuyến", "Đã giải quyết", "Có"):
#: the vocabulary of docs/dossier/inputs.md reads each distinct value once.
VIETNAMESE_COLUMNS: dict[str, str] = {
    "id": "Mã hồ sơ",
    "unit": "Đơn vị",
    "field": "Lĩnh vực",
    "procedure": "Mã TTHC",
    "channel": "Hình thức nộp",
    "online_level": "Mức độ DVC trực tuyến",
    "status": "Trạng thái",
    "received": "Ngày tiếp nhận",
    "received_hour": "Giờ tiếp nhận",
    "due": "Ngày hẹn trả",
    "processing_days": "Thời hạn giải quyết (ngày làm việc)",
    "resolved": "Ngày giải quyết",
    "returned": "Ngày trả kết quả",
    "digitised_dossier": "Số hóa hồ sơ",
    "digitised_result": "Số hóa kết quả",
    "electronic_result": "Kết quả điện tử",
    "fee_required": "Có phí, lệ phí",
    "paid_online": "Thanh toán trực tuyến",
    "reused_data": "Tái sử dụng dữ liệu",
    "satisfaction": "Mức độ hài lòng",
}

_default_calendar: WorkCalendar | None = None


def _calendar_or_default(calendar: WorkCalendar | None) -> WorkCalendar:
    # Building the 1900–2199 table takes a moment: the default is built once and shared.
    global _default_calendar
    if calendar is not None:
        return calendar
    if _default_calendar is None:
        _default_calendar = WorkCalendar()
    return _default_calendar


# --- Columns to buffers ----------------------------------------------------------------------
# Each column becomes the numpy buffers bindings/dossier.cpp views (ingest_table): dates as
# int64 datetime64 values or int32 days, text as codes + the distinct texts, numbers as int64 /
# float64. Only the distinct values of a text column meet Python; a cell that cannot be read
# becomes a problem for its row alone (a vectorised test finds the rows).

#: A cell's problem as a rejection code and its arguments (cchc.messages.REJECTION_TEMPLATES):
#: the engine writes the English reason from it, cchc.messages the reason in the language.
_Reason = tuple[str, dict[str, str]]
_Problems = list[tuple[npt.NDArray[np.int64], str, list[_Reason]]]


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _arrow_array(values: Any) -> Any:
    """The pyarrow (Chunked)Array behind ``values`` (a pyarrow array, or a pandas Series /
    array with an ArrowDtype), None for anything else."""
    module = type(values).__module__
    if module.startswith("pyarrow"):
        return values
    dtype = getattr(values, "dtype", None)
    if dtype is not None and type(dtype).__name__ == "ArrowDtype":
        import pyarrow as pa

        return pa.chunked_array(pa.array(values))
    return None


def _arrow_to_pandas(values: Any, field: str, problems: _Problems) -> Any:
    """A pyarrow column as the pandas / numpy form the readers below take: dictionaries and
    strings as categoricals, the rest as numpy. Dictionary indices of any width and signedness
    are mapped to the categories in numpy; an index outside its dictionary (or a uint64 beyond
    int64) becomes a problem for its row, never a wrapped code."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    chunked = values if isinstance(values, pa.ChunkedArray) else pa.chunked_array([values])
    kind = chunked.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        chunked = chunked.dictionary_encode()
        kind = chunked.type
    if pa.types.is_dictionary(kind):
        return _dictionary_categorical(chunked, field, problems)
    if pa.types.is_date32(kind) or pa.types.is_timestamp(kind) or pa.types.is_date64(kind):
        if pa.types.is_timestamp(kind) and kind.tz is not None:
            # An instant: its day on the clock of its own time zone (docs/dossier/inputs.md).
            chunked = pc.local_timestamp(chunked)
        if pa.types.is_date64(kind):
            chunked = chunked.cast(pa.timestamp("ms"))
        return chunked.to_numpy()  # datetime64, NaT for nulls
    return chunked.to_pandas()


def _dictionary_categorical(chunked: Any, field: str, problems: _Problems) -> Any:
    """A dictionary ChunkedArray as one Categorical: each chunk's dictionary mapped to the
    categories (a null entry is missing), indices looked up in numpy."""
    import pandas as pd

    categories: dict[Any, int] = {}
    parts: list[npt.NDArray[np.int64]] = []
    start = 0
    for chunk in chunked.chunks:
        entries = np.array(
            [-1 if value is None else categories.setdefault(value, len(categories))
             for value in chunk.dictionary.to_pylist()] + [-1],
            dtype=np.int64,
        )
        size = len(entries) - 1
        valid = ~np.asarray(chunk.indices.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        raw = np.asarray(chunk.indices.fill_null(0).to_numpy(zero_copy_only=False))
        # Compared as uint64 or int64, never narrowed: no index is wrapped into the dictionary.
        if raw.dtype.kind == "u":
            wide = raw.astype(np.uint64)
            inside = wide < np.uint64(size)
        else:
            wide = raw.astype(np.int64)
            inside = (wide >= 0) & (wide < size)
        outside = valid & ~inside
        codes = entries[np.where(valid & inside, wide.astype(np.int64), size)]
        if outside.any():
            rows = np.flatnonzero(outside)
            reasons = [("cell.dictionary_index", {"index": str(raw[row]), "size": str(size)})
                       for row in rows]
            problems.append(((rows + start).astype(np.int64), field, reasons))
        parts.append(codes)
        start += len(chunk)
    codes = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(categories), dtype=object))


def _date_buffers(values: Any, name: str, problems: _Problems) -> tuple[Any, str, Any]:
    """(int64 datetime64 values, unit, None): the buffer itself for datetime64 columns."""
    import pandas as pd

    array = values
    if hasattr(values, "dt") and getattr(values.dt, "tz", None) is not None:
        array = values.dt.tz_localize(None)  # the local wall-clock day
    if hasattr(array, "to_numpy") and not isinstance(array, np.ndarray):
        dtype = getattr(array, "dtype", None)
        array = array.to_numpy() if isinstance(dtype, np.dtype) else array.to_numpy(object)
    array = np.asarray(array)
    if array.dtype.kind != "M":
        cells = pd.Series(array, dtype=object) if array.dtype.kind == "O" else pd.Series(array)
        parsed = pd.to_datetime(cells, errors="coerce")
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_localize(None)
        parsed_values = parsed.to_numpy()
        unreadable = np.isnat(parsed_values) & ~cells.isna().to_numpy()
        if unreadable.any():
            rows = np.flatnonzero(unreadable)
            reasons = [("cell.frame_date", {"value": repr(cells.iloc[row])}) for row in rows]
            problems.append((rows.astype(np.int64), name, reasons))
        array = parsed_values
    unit = np.datetime_data(array.dtype)[0]
    if unit not in ("D", "s", "ms", "us", "ns"):
        array, unit = array.astype("datetime64[s]"), "s"
    return np.ascontiguousarray(array).view(np.int64), unit, None


def _codes(values: Any) -> tuple[Any, list[Any], Any]:
    """(codes, distinct values, missing mask or None) of a column; code -1 is missing.
    Categorical codes are used as they are; other columns are factorized (hashed in C)."""
    import pandas as pd

    dtype = getattr(values, "dtype", None)
    if isinstance(dtype, pd.CategoricalDtype) or isinstance(values, pd.Categorical):
        categorical: Any = values.array if isinstance(values, pd.Series) else values
        return np.asarray(categorical.codes), list(categorical.categories), None
    if isinstance(values, np.ndarray) and values.dtype.kind == "b":
        return values.view(np.int8), [False, True], None
    if isinstance(dtype, pd.BooleanDtype):
        mask = np.asarray(pd.isna(values))
        data = np.asarray(values.to_numpy(dtype=bool, na_value=False))
        return data.view(np.int8), [False, True], mask
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes, list(uniques), None


def _keys(kind: str) -> dict[str, int]:
    return {key: value for value, key in enumerate(_native.enum_keys(kind))}


_ENUM_KEYS = {kind: _keys(kind) for kind in _ENUM_FIELDS}


def _vocabulary(kind: str, value: str) -> Any:
    """``value`` read with the export vocabulary of cchc.io (Vietnamese values, any case, with
    or without diacritics): a key, a bool for yes/no, or None when it is not a known form."""
    parsed, _ = _core.io.parse_values(kind, [value])
    return parsed[0]


def _enum_value(field: str, value: Any) -> int | None:
    """The code of one distinct cell value of an enum or tri-state column: the enum's value,
    -1 for a missing tri-state, None when the column cannot hold it. The one place where cell
    texts meet the vocabulary (docs/dossier/inputs.md), so "Trực tuyến" reads as online."""
    if field in _ENUM_KEYS:
        if not isinstance(value, str):
            return None
        code = _ENUM_KEYS[field].get(value)
        if code is None and value.strip():
            key = _vocabulary(field, value)
            code = None if key is None else _ENUM_KEYS[field].get(key)
        return code
    # Tri-states: True/False, 1/0 (any number type), "yes"/"no"/"missing", "Có"/"Không", ….
    if isinstance(value, str):
        code = {"yes": 1, "no": 0, "missing": -1}.get(value)
        if code is None:
            if not value.strip():
                return -1
            flag = _vocabulary("yes_no", value)
            code = None if flag is None else int(bool(flag))
        return code
    if isinstance(value, (bool, np.bool_)):
        return int(bool(value))
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number in (0.0, 1.0) else None


def _enum_reason(field: str, value: Any) -> _Reason:
    if field in _EXPECTED:
        return "cell.frame_enum", {"value": str(value), "expected": _EXPECTED[field]}
    return "cell.frame_yes_no", {"value": repr(value)}


def _enum_buffers(values: Any, field: str, problems: _Problems) -> tuple[Any, Any, Any]:
    codes, uniques, missing = _codes(values)
    mapped = [_enum_value(field, value) for value in uniques]
    table = np.array([_INVALID if code is None else code for code in mapped], dtype=np.int16)
    bad = np.flatnonzero(table == _INVALID)
    if len(bad):
        rows = np.flatnonzero(np.isin(codes, bad))
        if missing is not None:
            rows = rows[~missing[rows]]
        reasons = [_enum_reason(field, uniques[codes[row]]) for row in rows]
        problems.append((rows.astype(np.int64), field, reasons))
    return np.ascontiguousarray(codes), table, missing


def _group_buffers(values: Any) -> tuple[Any, list[str], Any]:
    codes, uniques, missing = _codes(values)
    return np.ascontiguousarray(codes), [str(value) for value in uniques], missing


def _number_buffers(values: Any, field: str, problems: _Problems) -> tuple[Any, Any]:
    import pandas as pd

    dtype = getattr(values, "dtype", None)
    if dtype is not None and not isinstance(dtype, np.dtype):  # nullable Int64, Float64, …
        missing = np.asarray(pd.isna(values))
        if dtype.kind in "iub":
            return np.asarray(values.to_numpy(dtype=np.int64, na_value=0)), missing
        values = values.to_numpy(dtype=object)
    array = np.asarray(values)
    if array.dtype.kind in "iub":
        return np.ascontiguousarray(array, dtype=np.int64), None
    if array.dtype.kind == "f":
        return np.ascontiguousarray(array, dtype=np.float64), None
    cells = pd.Series(array, dtype=object)
    numbers = pd.to_numeric(cells, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    unreadable = np.isnan(numbers) & ~cells.isna().to_numpy()
    if unreadable.any():
        rows = np.flatnonzero(unreadable)
        reasons = [("cell.frame_number", {"value": repr(cells.iloc[row])}) for row in rows]
        problems.append((rows.astype(np.int64), field, reasons))
    return numbers, None


# The order in which a row's unreadable cells are reported (the first one names the row).
_PROBLEM_ORDER = (*_ENUM_FIELDS, *_DATE_FIELDS, *_NUMBER_FIELDS, *_TRI_STATE_FIELDS)


def _buffers(field: str, values: Any, problems: _Problems) -> tuple[Any, ...]:
    arrow = _arrow_array(values)
    if arrow is not None:
        values = _arrow_to_pandas(arrow, field, problems)
    if isinstance(values, (list, tuple)):
        values = np.asarray(values, dtype=object)
    if field in _DATE_FIELDS:
        return _date_buffers(values, field, problems)
    if field in _GROUP_FIELDS:
        return _group_buffers(values)
    if field in _NUMBER_FIELDS:
        return _number_buffers(values, field, problems)
    return _enum_buffers(values, field, problems)


class Dossiers:
    """Dossiers accepted by ``ingest``, with the rows it rejected.

    ``rows_in == rows_accepted + rows_rejected`` always: a bad row is counted and listed by
    ``rejected()``, never dropped silently.
    """

    def __init__(self, native: Any, ids: Any = None) -> None:
        self._native = native
        self._ids = ids

    @property
    def rows_in(self) -> int:
        """Rows read."""
        return int(self._native.rows_in)

    @property
    def rows_accepted(self) -> int:
        """Rows that passed validation and are counted."""
        return int(self._native.rows_accepted)

    @property
    def rows_rejected(self) -> int:
        """Rows rejected (see ``rejected``)."""
        return int(self._native.rows_rejected)

    def __repr__(self) -> str:
        return (
            f"Dossiers(rows_in={self.rows_in}, rows_accepted={self.rows_accepted}, "
            f"rows_rejected={self.rows_rejected})"
        )

    def rejected(self) -> pd.DataFrame:
        """The rejected rows: ``row`` (0-based position in the input, as for ``iloc``), ``id``,
        ``field``, ``reason`` (English, stable), then ``reason_code`` and ``reason_arguments``:
        the same reason as a stable code (empty when the reader gives none) with its arguments,
        which ``cchc.messages.rejection_reasons`` writes in the current language."""
        import pandas as pd

        columns = self._native.rejected_columns()
        rows = columns["row"]
        ids: list[str] = []
        for index, row in enumerate(rows):
            # Column ingestion leaves ids to the ids Python kept; file readers give them.
            value = columns["id"][index] if self._ids is None else self._ids[int(row)]
            ids.append("" if value is None or _is_missing(value) else str(value))
        return pd.DataFrame(
            {
                "row": rows,
                "id": pd.array(ids, dtype=object),
                "field": pd.array(columns["field"], dtype=object),
                "reason": pd.array(columns["reason"], dtype=object),
                "reason_code": pd.array(columns.get("reason_code", [""] * len(rows)),
                                        dtype=object),
                "reason_arguments": pd.array(
                    columns.get("reason_arguments", [{} for _ in range(len(rows))]),
                    dtype=object),
            }
        )

    def counts(
        self,
        period: Period | str | None = None,
        *,
        first: DateLike | None = None,
        last: DateLike | None = None,
        cutoff: str = "day 14",
        by: Sequence[GroupKey] | GroupKey = (),
        completion: Completion = "resolved",
        threads: int | None = None,
    ) -> pd.DataFrame:
        """The counts (docs/dossier/indicators.md, "Counts") per group, one row per group.

        ``by`` is any combination of ``unit``, ``field``, ``procedure``, ``channel`` and at
        most one reporting period kind (``month``, ``quarter``, ``half_year``, ``year``).
        Without a period kind the window is ``period``'s data range under ``cutoff`` (Decree
        09/2019's "day 14" by default: Quý I/2024 counts 15/12/2023–14/3/2024) or the explicit
        ``first``–``last``. With one, each period of that kind overlapping ``first``–``last``
        (or ``period``'s data range, or by default the days the dossiers were received on) is
        a window of its own, named by its code ("2024-Q1"), and a dossier open across several
        is counted in each. Groups are the combinations of ``by`` that occur among the
        accepted rows (dossiers outside the window included, in the ``not_in_period_*``
        counts), so the groups of a window sum to the ungrouped counts; combinations that
        occur in no row never appear. Everything is counted in one pass in C++ on ``threads``
        threads (default: every core); the result does not depend on the number.
        ``completion`` chooses the date that closes a dossier.
        """
        return self._table(
            period, first, last, cutoff, by, completion, threads, with_indicators=False
        )

    def indicators(
        self,
        period: Period | str | None = None,
        *,
        first: DateLike | None = None,
        last: DateLike | None = None,
        cutoff: str = "day 14",
        by: Sequence[GroupKey] | GroupKey = (),
        completion: Completion = "resolved",
        threads: int | None = None,
    ) -> pd.DataFrame:
        """``counts`` followed by every indicator of ``indicator_definitions()``: for each key
        the value (nullable ``Float64``, ``pd.NA`` when not applicable) and the
        ``<key>_numerator`` and ``<key>_denominator`` it was computed from."""
        return self._table(
            period, first, last, cutoff, by, completion, threads, with_indicators=True
        )

    def _windows(
        self,
        period: Period | str | None,
        first: DateLike | None,
        last: DateLike | None,
        cutoff: str,
        kind: str | None,
    ) -> tuple[list[Any], list[str] | None]:
        """The windows to count in, and their period codes when grouping by a period kind."""
        if kind is None:
            return [_window(period, first, last, cutoff)], None
        if first is not None or last is not None or period is not None:
            start, end = _window(period, first, last, cutoff)
        else:
            start, end = self._native.first_received, self._native.last_received
            if start is None:
                return [], []
        windows = _native.period_windows(start, end, kind, cutoff)
        return [(lo, hi) for _, lo, hi in windows], [code for code, _, _ in windows]

    def _table(
        self,
        period: Period | str | None,
        first: DateLike | None,
        last: DateLike | None,
        cutoff: str,
        by: Sequence[GroupKey] | GroupKey,
        completion: Completion,
        threads: int | None,
        *,
        with_indicators: bool,
        with_parts: bool = False,
    ) -> pd.DataFrame:
        import pandas as pd

        keys = [by] if isinstance(by, str) else list(by)
        kinds = [key for key in keys if key in PERIOD_KINDS]
        unknown = [key for key in keys if key not in PERIOD_KINDS and key not in _GROUPS]
        if unknown or len(kinds) > 1 or len(set(keys)) != len(keys):
            raise ValueError(
                f"cannot group by {keys!r}: give distinct keys among {', '.join(_GROUPS)} and "
                f"at most one of {', '.join(PERIOD_KINDS)}"
            )
        kind = kinds[0] if kinds else None
        windows, codes = self._windows(period, first, last, cutoff, kind)
        groups = [key for key in keys if key != kind]
        table: dict[str, Any] = {}
        if not windows:  # grouping by period over no dossier at all
            for key in keys:
                table[key] = np.array([], dtype=object)
            columns = {
                name: np.zeros(0, dtype=np.int64) for name in _native.count_columns()
            }
            for definition in _native.indicator_definitions():
                for part in ("numerator", "denominator"):
                    columns[f"{definition['key']}_{part}"] = np.zeros(0, dtype=np.int64)
            window_index = np.zeros(0, dtype=np.int32)
        else:
            group_codes, labels, window_index, columns = self._native.grouped(
                groups, windows, completion, _threads(threads)
            )
            for key in keys:
                if key == kind:
                    table[key] = np.asarray(codes, dtype=object)[window_index]
                else:
                    position = groups.index(key)
                    values = np.asarray(labels[position] or [""], dtype=object)
                    table[key] = values[group_codes[position]]
        for name in _native.count_columns():
            table[name] = columns[name]
        if with_parts:
            # Numerators and denominators are sums of counts, so partial tables (cchc.dask)
            # add up; the ratios are computed once, on the merged table.
            table["_window"] = window_index
            for definition in _native.indicator_definitions():
                for part in ("numerator", "denominator"):
                    name = f"{definition['key']}_{part}"
                    table[name] = columns[name]
            return pd.DataFrame(table)
        if with_indicators:
            _add_ratios(table, columns)
        del window_index
        return pd.DataFrame(table)


def _add_ratios(table: dict[str, Any], columns: Mapping[str, Any]) -> None:
    """Adds every indicator to ``table`` (after its counts) from the ``<key>_numerator`` and
    ``<key>_denominator`` arrays of ``columns``: value (``pd.NA`` for n/0), numerator,
    denominator, in report order."""
    import pandas as pd

    for definition in _native.indicator_definitions():
        key = definition["key"]
        numerator = np.asarray(columns[f"{key}_numerator"], dtype=np.int64)
        denominator = np.asarray(columns[f"{key}_denominator"], dtype=np.int64)
        applicable = denominator != 0
        share = np.divide(numerator, denominator, out=np.zeros(len(denominator)), where=applicable)
        table[key] = pd.arrays.FloatingArray(share, ~applicable)
        table[f"{key}_numerator"] = numerator
        table[f"{key}_denominator"] = denominator


def _threads(threads: int | None) -> int:
    if threads is None:
        return 0
    if threads < 1:
        raise ValueError(f"threads must be at least 1, not {threads}")
    return int(threads)


def _window(
    period: Period | str | None, first: DateLike | None, last: DateLike | None, cutoff: str
) -> tuple[Any, Any]:
    if period is not None:
        if first is not None or last is not None:
            raise ValueError("give either a period or first and last, not both")
        if isinstance(period, str):
            period = Period.parse(period)
        return period.data_range(cutoff)
    if first is None or last is None:
        raise ValueError("give a period, or both first and last")
    return first, last


def _column_names(data: Any) -> list[str]:
    names = getattr(data, "column_names", None)  # pyarrow.Table
    if names is not None:
        return list(names)
    return list(data.keys()) if isinstance(data, Mapping) else list(data.columns)


def ingest(
    data: pd.DataFrame | Mapping[str, Any] | Any,
    *,
    columns: Mapping[str, str] | None = None,
    calendar: WorkCalendar | None = None,
    afternoon_cutoff_hour: int | None = None,
    pause_rule: Literal["extend", "restart"] = "extend",
    on_error: Literal["reject", "raise"] = "reject",
    source: str = "<DataFrame>",
    threads: int | None = None,
) -> Dossiers:
    """Validates dossier rows and computes their due dates.

    ``data`` is a DataFrame, a ``pyarrow.Table`` or a mapping of equal-length columns (numpy
    arrays, lists, Series, pyarrow arrays) named by ``FIELDS``; ``columns`` maps a field to
    another column name (see ``VIETNAMESE_COLUMNS``). Dates may be ``datetime64`` columns (of
    any unit, read in place), Arrow dates / timestamps, or date objects / ISO strings; missing
    dates (NaT, None) are missing, except ``received``, which rejects the row, and a date that
    cannot be read rejects its row only. Enums are their keys ("online", "in_person",
    "resolved", …); a missing channel or service level is ``unknown``. Tri-states read
    True/False, 1/0, "yes"/"no" and missing (None, NaN, pd.NA). Text columns (categorical,
    Arrow dictionary, string or object) are factorized: only their distinct values meet
    Python. Due dates absent from a row are computed from ``processing_days`` on ``calendar``.

    ``on_error="raise"`` raises ``cchc.errors.ParseError`` for the first bad row (``line`` is
    the 1-based row, ``field`` and ``reason`` say what is wrong) instead of rejecting it.
    """
    if on_error not in ("reject", "raise"):
        raise ValueError(f"on_error must be 'reject' or 'raise', not {on_error!r}")
    mapping = {field: field for field in FIELDS}
    if columns:
        unknown = set(columns) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown record fields in columns: {sorted(unknown)}")
        mapping.update(columns)
    names = set(_column_names(data))
    present = {field: name for field, name in mapping.items() if name in names}
    if "received" not in present:
        raise ParseError.at(
            source, 0, "received",
            f"the data has no '{mapping['received']}' column (date of receipt)",
        )
    rows = len(data[present["received"]])
    problems: _Problems = []
    buffers: dict[str, tuple[Any, ...]] = {}
    ids = None
    order = [*_PROBLEM_ORDER, *_GROUP_FIELDS, "id"]
    for field in order:
        if field not in present:
            continue
        name = present[field]
        values = data[name]
        if len(values) != rows:
            raise ParseError.at(
                source, 0, field, f"column '{name}' has {len(values)} values, expected {rows}"
            )
        if field == "id":
            ids = values  # read only for rejected rows
            continue
        buffers[field] = _buffers(field, values, problems)
    if problems:
        problem_rows = np.concatenate([rows_ for rows_, _, _ in problems])
        fields = [field for rows_, field, _ in problems for _ in range(len(rows_))]
        reasons = [reason for _, _, found in problems for reason in found]
        problem_spec: tuple[Any, ...] = (problem_rows, fields, reasons)
    else:
        problem_spec = ()
    native = _native.ingest_table(
        buffers,
        rows,
        _calendar_or_default(calendar)._calendar,
        afternoon_cutoff_hour=afternoon_cutoff_hour,
        pause_rule=pause_rule,
        raise_on_error=on_error == "raise",
        source=source,
        threads=_threads(threads),
        problems=problem_spec,
    )
    if ids is not None and not hasattr(ids, "__getitem__"):
        ids = None
    if ids is not None and _arrow_array(ids) is not None:
        ids = _IdLookup(ids)
    elif ids is not None and hasattr(ids, "iloc"):
        ids = ids.iloc
    return Dossiers(native, ids)


class _IdLookup:
    """ids[row] of a pyarrow column, one cell at a time (only rejected rows are read)."""

    def __init__(self, values: Any) -> None:
        self._values = _arrow_array(values)

    def __getitem__(self, row: int) -> Any:
        return self._values[row].as_py()


def indicators(
    data: pd.DataFrame | Mapping[str, Any] | Any,
    period: Period | str | None = None,
    *,
    first: DateLike | None = None,
    last: DateLike | None = None,
    cutoff: str = "day 14",
    by: Sequence[GroupKey] | GroupKey = (),
    columns: Mapping[str, str] | None = None,
    calendar: WorkCalendar | None = None,
    completion: Completion = "resolved",
    on_error: Literal["reject", "raise"] = "reject",
    threads: int | None = None,
) -> pd.DataFrame:
    """``ingest(data, …).indicators(period, …)`` in one call. Rejected rows are not in the
    table: call ``ingest`` to see them."""
    dossiers = ingest(data, columns=columns, calendar=calendar, on_error=on_error, threads=threads)
    return dossiers.indicators(
        period, first=first, last=last, cutoff=cutoff, by=by, completion=completion,
        threads=threads,
    )


def indicator_definitions() -> pd.DataFrame:
    """Every indicator in report order: key, Vietnamese and English name, formula, what the
    numerator and the denominator count.

    >>> indicator_definitions().set_index("key").loc["on_time_rate", "formula"]
    '(early + on_time) / resolved'
    """
    import pandas as pd

    return pd.DataFrame(_native.indicator_definitions())


# Reconciliation of reported figures lives in cchc.reconcile; it is part of this module's face
# (cchc.dossier.reconcile), as the C++ puts it in cchc::dossier.
from .reconcile import (  # noqa: E402
    Inconsistency,
    ReportedFigures,
    StatedPercentage,
    compare,
    figures_of,
    reconcile,
)

__all__ = [
    "FIELDS",
    "VIETNAMESE_COLUMNS",
    "Dossiers",
    "Inconsistency",
    "ReportedFigures",
    "StatedPercentage",
    "compare",
    "figures_of",
    "indicator_definitions",
    "indicators",
    "ingest",
    "reconcile",
]
