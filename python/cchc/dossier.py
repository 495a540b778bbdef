"""Dossier (hồ sơ) indicators from numpy columns or a pandas DataFrame.

``ingest`` validates the rows once (in C++, no Python code per row) and keeps the accepted
dossiers; ``Dossiers.indicators`` counts them against a reporting window, optionally per unit,
field, procedure or channel, and gives each indicator as value, numerator and denominator.
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
from .errors import InvalidDateError

if TYPE_CHECKING:
    import pandas as pd

_native = _core.dossier

GroupKey = Literal["unit", "field", "procedure", "channel"]
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

_DATE_FIELDS = frozenset({"received", "due", "resolved", "returned"})
_TEXT_FIELDS = frozenset({"id", "unit", "field", "procedure", "channel", "online_level", "status"})

#: An example mapping for exports with Vietnamese headers: record field -> column name.
#: Values (channel, status, …) must still be the English keys; map them first with
#: ``DataFrame.replace`` when the export writes "Trực tuyến", "Đã giải quyết", ….
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


def _date_column(values: Any, name: str) -> npt.NDArray[np.int64]:
    """Day numbers with NaT kept (as INT64_MIN) for missing dates."""
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        values = values.to_numpy()
    array = np.asarray(values)
    try:
        if array.dtype.kind == "M":
            array = array.astype("datetime64[D]")
        else:
            array = np.asarray(array, dtype=object)
            try:
                array = array.astype("datetime64[D]")  # None reads as NaT
            except (ValueError, TypeError):
                # NaN and pd.NA do not: only then mark the missing cells one by one.
                missing = np.array([_is_missing(value) for value in array], dtype=bool)
                dates = np.full(array.shape, np.datetime64("NaT"), dtype="datetime64[D]")
                dates[~missing] = array[~missing].astype("datetime64[D]")
                array = dates
    except (ValueError, TypeError) as error:
        raise InvalidDateError(
            f"column '{name}': cannot read the values as dates ({error})"
        ) from None
    return np.ascontiguousarray(array).view(np.int64).reshape(-1)


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _value_column(values: Any, name: str) -> npt.NDArray[Any]:
    """A bool / int64 / float64 array as is, anything else (text, nullable dtypes) as objects."""
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        dtype = getattr(values, "dtype", None)
        # pandas nullable dtypes (Int64, boolean, string) hold pd.NA: hand them over as objects.
        if isinstance(dtype, np.dtype):
            values = values.to_numpy()
        else:
            values = values.to_numpy(dtype=object)
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"column '{name}' must be one-dimensional")
    if name not in _TEXT_FIELDS:
        if array.dtype.kind == "b":
            return np.ascontiguousarray(array, dtype=np.bool_)
        if array.dtype.kind in "iu":
            return np.ascontiguousarray(array, dtype=np.int64)
        if array.dtype.kind == "f":
            return np.ascontiguousarray(array, dtype=np.float64)
    return np.ascontiguousarray(array, dtype=object)


class Dossiers:
    """Dossiers accepted by ``ingest``, with the rows it rejected.

    ``rows_in == rows_accepted + rows_rejected`` always: a bad row is counted and listed by
    ``rejected()``, never dropped silently.
    """

    def __init__(self, native: Any) -> None:
        self._native = native

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
        ``field`` and ``reason``."""
        import pandas as pd

        columns = self._native.rejected_columns()
        return pd.DataFrame(
            {
                "row": columns["row"],
                "id": pd.array(columns["id"], dtype=object),
                "field": pd.array(columns["field"], dtype=object),
                "reason": pd.array(columns["reason"], dtype=object),
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
    ) -> pd.DataFrame:
        """The counts (docs/dossier/indicators.md, "Counts") per group, one row per group.

        The window is ``period``'s data range under ``cutoff`` (Decree 09/2019's "day 14" by
        default: Quý I/2024 counts 15/12/2023–14/3/2024) or the explicit ``first``–``last``.
        Groups are the distinct values of ``by`` among the accepted rows (dossiers outside the
        window included, in the ``not_in_period_*`` counts), so the groups sum to the
        ungrouped counts. ``completion`` chooses the date that closes a dossier.
        """
        return self._table(period, first, last, cutoff, by, completion, with_indicators=False)

    def indicators(
        self,
        period: Period | str | None = None,
        *,
        first: DateLike | None = None,
        last: DateLike | None = None,
        cutoff: str = "day 14",
        by: Sequence[GroupKey] | GroupKey = (),
        completion: Completion = "resolved",
    ) -> pd.DataFrame:
        """``counts`` followed by every indicator of ``indicator_definitions()``: for each key
        the value (nullable ``Float64``, ``pd.NA`` when not applicable) and the
        ``<key>_numerator`` and ``<key>_denominator`` it was computed from."""
        return self._table(period, first, last, cutoff, by, completion, with_indicators=True)

    def _table(
        self,
        period: Period | str | None,
        first: DateLike | None,
        last: DateLike | None,
        cutoff: str,
        by: Sequence[GroupKey] | GroupKey,
        completion: Completion,
        *,
        with_indicators: bool,
    ) -> pd.DataFrame:
        import pandas as pd

        window_first, window_last = _window(period, first, last, cutoff)
        keys = [by] if isinstance(by, str) else list(by)
        group_rows, columns = self._native.count_table(window_first, window_last, keys, completion)
        table: dict[str, Any] = {}
        for position, key in enumerate(keys):
            table[key] = pd.array([row[position] for row in group_rows], dtype=object)
        for name in _native.count_columns():
            table[name] = columns[name]
        if with_indicators:
            for definition in _native.indicator_definitions():
                key = definition["key"]
                numerator = columns[f"{key}_numerator"]
                denominator = columns[f"{key}_denominator"]
                applicable = denominator != 0
                share = np.divide(
                    numerator, denominator, out=np.zeros(len(denominator)), where=applicable
                )
                table[key] = pd.arrays.FloatingArray(share, ~applicable)
                table[f"{key}_numerator"] = numerator
                table[f"{key}_denominator"] = denominator
        return pd.DataFrame(table)


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


def ingest(
    data: pd.DataFrame | Mapping[str, Any],
    *,
    columns: Mapping[str, str] | None = None,
    calendar: WorkCalendar | None = None,
    afternoon_cutoff_hour: int | None = None,
    pause_rule: Literal["extend", "restart"] = "extend",
    on_error: Literal["reject", "raise"] = "reject",
    source: str = "<DataFrame>",
) -> Dossiers:
    """Validates dossier rows and computes their due dates.

    ``data`` is a DataFrame or a mapping of equal-length columns (numpy arrays, lists, Series)
    named by ``FIELDS``; ``columns`` maps a field to another column name (see
    ``VIETNAMESE_COLUMNS``). Dates may be ``datetime64`` columns or date objects / ISO strings;
    missing dates (NaT, None) are missing, except ``received``, which rejects the row. Enums
    are their keys ("online", "in_person", "resolved", …); a missing channel or service level
    is ``unknown``. Tri-states read True/False, 1/0, "yes"/"no" and missing (None, NaN, pd.NA).
    Due dates absent from a row are computed from ``processing_days`` on ``calendar``.

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
    present = {field: name for field, name in mapping.items() if name in data}
    if "received" not in present:
        raise ValueError(f"the data has no '{mapping['received']}' column (date of receipt)")
    rows = len(data[present["received"]])
    arrays: dict[str, Any] = {}
    for field, name in present.items():
        values = data[name]
        if len(values) != rows:
            raise ValueError(f"column '{name}' has {len(values)} values, expected {rows}")
        arrays[field] = (
            _date_column(values, name) if field in _DATE_FIELDS else _value_column(values, field)
        )
    native = _native.ingest_columns(
        arrays,
        rows,
        _calendar_or_default(calendar)._calendar,
        afternoon_cutoff_hour=afternoon_cutoff_hour,
        pause_rule=pause_rule,
        raise_on_error=on_error == "raise",
        source=source,
    )
    return Dossiers(native)


def indicators(
    data: pd.DataFrame | Mapping[str, Any],
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
) -> pd.DataFrame:
    """``ingest(data, …).indicators(period, …)`` in one call. Rejected rows are not in the
    table: call ``ingest`` to see them."""
    dossiers = ingest(data, columns=columns, calendar=calendar, on_error=on_error)
    return dossiers.indicators(
        period, first=first, last=last, cutoff=cutoff, by=by, completion=completion
    )


def indicator_definitions() -> pd.DataFrame:
    """Every indicator in report order: key, Vietnamese and English name, formula, what the
    numerator and the denominator count.

    >>> indicator_definitions().set_index("key").loc["on_time_rate", "formula"]
    '(early + on_time) / resolved'
    """
    import pandas as pd

    return pd.DataFrame(_native.indicator_definitions())


__all__ = [
    "FIELDS",
    "VIETNAMESE_COLUMNS",
    "Dossiers",
    "indicator_definitions",
    "indicators",
    "ingest",
]
