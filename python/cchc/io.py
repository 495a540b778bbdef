"""Dossier files: CSV exports and Parquet tables read into ``cchc.dossier.Dossiers``.

Exports of the one-stop-shop systems have Vietnamese headers ("Ngày tiếp nhận") and values
("Trực tuyến", "Đã giải quyết", "Có", "02/01/2024 08:30"). One vocabulary in C++ reads them
for every reader (docs/dossier/inputs.md): CSV files through libcsv, Parquet files and Arrow
tables from their buffers (the Arrow C data interface), and DataFrames through
``normalize_frame``. Bad rows are rejected with their line (CSV)
or row (Parquet), field and reason; rows in = rows accepted + rows rejected, always.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
>>> _ = path.write_text(
...     "Mã hồ sơ,Trạng thái,Hình thức nộp,Ngày tiếp nhận,Thời hạn giải quyết,Ngày giải quyết\\n"
...     "H1,Đã giải quyết,Trực tuyến,02/02/2024,5,16/02/2024\\n"
...     "H2,Đã giải quyết,Fax,02/02/2024,5,19/02/2024\\n", encoding="utf-8")
>>> dossiers = read_dossiers_csv(path)
>>> dossiers
DossierFile(rows_in=2, rows_accepted=1, rows_rejected=1)
>>> dossiers.rejected()[["line", "id", "field"]].to_dict("records")
[{'line': 3, 'id': 'H2', 'field': 'channel'}]
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from . import _core
from ._files import check_input_file
from ._text import nfc, shorten
from .calendar import WorkCalendar
from .i18n import _
from .dossier import Dossiers, _calendar_or_default
from .errors import ParseError

if TYPE_CHECKING:
    import pandas as pd

_native = _core.io

PathLike = str | os.PathLike[str]


class DossierFile(Dossiers):
    """``Dossiers`` read from a file, with what the reader learnt about the file.

    ``rejected()`` names rows as the file does: ``line`` (1-based, the header is line 1) for
    CSV, ``row`` (0-based position, as ``iloc``) for Parquet.
    """

    def __init__(self, native: Any, info: Mapping[str, Any], source: str, row_label: str) -> None:
        super().__init__(native)
        self.source = source
        #: Rows whose cells were all blank (spreadsheet padding): not counted in ``rows_in``.
        self.blank_rows = int(info["blank_rows"])
        #: Ids of the pause table that no dossier of the file had.
        self.unmatched_pause_ids: list[str] = list(info["unmatched_pause_ids"])
        self._columns = list(info["columns"])
        self._row_label = row_label

    def __repr__(self) -> str:
        return (
            f"DossierFile(rows_in={self.rows_in}, rows_accepted={self.rows_accepted}, "
            f"rows_rejected={self.rows_rejected})"
        )

    def columns(self) -> pd.DataFrame:
        """Each column of the file: ``header``, the record ``field`` it was read into (empty when
        unused) and a ``note`` saying why an unused column was not read."""
        import pandas as pd

        return pd.DataFrame(self._columns, columns=["header", "field", "note"])

    def unused_columns(self) -> list[str]:
        """Headers of the columns that were not read."""
        return [column["header"] for column in self._columns if not column["field"]]

    def rejected(self) -> pd.DataFrame:
        """The rejected rows: ``line`` (CSV, 1-based, the header is line 1) or ``row``
        (Parquet, 0-based), then ``id``, ``field`` and ``reason``."""
        frame = super().rejected()
        if self._row_label != "row":
            frame = frame.rename(columns={"row": self._row_label})
        return frame


def _columns_argument(columns: Mapping[str, str] | None) -> dict[str, str] | None:
    if columns is None:
        return None
    return {str(field): str(header) for field, header in columns.items()}


def _check_user_columns(
    columns: Mapping[str, str] | None, info: Mapping[str, Any], source: str
) -> None:
    """A header the caller named that the file lacks is an error, not a silently absent field."""
    if not columns:
        return
    used = {column["field"] for column in info["columns"] if column["field"]}
    missing = [
        f"'{header}' (for {field})" for field, header in columns.items() if field not in used
    ]
    if missing:
        found = ", ".join(f"'{column['header']}'" for column in info["columns"])
        first = next(field for field, header in columns.items() if field not in used)
        # Line 1: the header names the columns (the reader skips comment lines before it).
        raise ParseError.at(
            source, 1, first, f"no column {', '.join(missing)}; the columns are: {found}"
        )


def read_dossiers_csv(
    path: PathLike,
    columns: Mapping[str, str] | None = None,
    delimiter: str = ",",
    fail_fast: bool = False,
    calendar: WorkCalendar | None = None,
    *,
    pauses: PathLike | None = None,
    afternoon_cutoff_hour: int | None = None,
    pause_rule: Literal["extend", "restart"] = "extend",
    reject_duplicate_ids: bool = True,
    max_record_bytes: int = 16 << 20,
) -> DossierFile:
    """Reads a dossier CSV export (UTF-8, a BOM is fine) and validates every row.

    Headers are matched to record fields by the default Vietnamese mapping (``Mã hồ sơ``,
    ``Ngày tiếp nhận``, …, with or without diacritics; see ``default_column_names``);
    ``columns`` maps a field to the header of your file (``{"received": "Ngày nộp HS"}``) and
    makes that column the only source of the field (a header the file lacks raises
    ``cchc.errors.ParseError`` naming the field, a ``ValueError``). ``pauses`` is a CSV of pause intervals
    (id, start, end) joined by dossier id. ``fail_fast`` raises ``cchc.errors.ParseError``
    (file, line, field, reason) at the first bad row instead of rejecting it. Due dates absent
    from a row are computed from its processing days on ``calendar``.

    The file is read in C++ on every core straight into the columnar table (no Python object
    per row); the result does not depend on the number of cores. A rejected row gives its line,
    id, field and reason; a whole-row rejection (wrong number of fields, unterminated quote,
    overlong record) has an empty field and a reason starting "whole row:", and a record that
    spans several lines names them (a stray quote is the usual cause).

    Raises ``ParseError`` for a file that cannot be read as a whole: missing, empty, not UTF-8
    (UTF-16, Windows-1258), or without the required columns. A file cut inside its last
    character (an interrupted copy) is not an encoding problem: only its last row is rejected.
    """
    # Any size (the reader streams), but a directory or a device is refused by name.
    source = check_input_file(path, sys.maxsize)
    native, info = _native.read_dossiers_csv(
        source,
        _calendar_or_default(calendar)._calendar,
        columns=_columns_argument(columns),
        delimiter=delimiter,
        fail_fast=fail_fast,
        reject_duplicate_ids=reject_duplicate_ids,
        afternoon_cutoff_hour=afternoon_cutoff_hour,
        pause_rule=pause_rule,
        pauses_path=None if pauses is None else os.fspath(pauses),
        max_record_bytes=max_record_bytes,
    )
    _check_user_columns(columns, info, source)
    return DossierFile(native, info, source, "line")


def read_dossiers_parquet(
    path: PathLike,
    columns: Mapping[str, str] | None = None,
    fail_fast: bool = False,
    calendar: WorkCalendar | None = None,
    *,
    afternoon_cutoff_hour: int | None = None,
    pause_rule: Literal["extend", "restart"] = "extend",
    reject_duplicate_ids: bool = True,
) -> DossierFile:
    """Reads a Parquet file with ``pyarrow.parquet`` and validates every row, as
    ``ingest_arrow`` does for the table. ``rejected()`` numbers rows from 0, as ``iloc``.

    Text columns of the dossier fields (all but the id) are read as Arrow dictionaries, so
    that each distinct value is stored and read with the vocabulary once, and the row groups
    are streamed: each batch is read into the compact columns and released, so that memory
    holds the accepted dossiers, the ids and one batch, not the whole file.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = check_input_file(path, sys.maxsize, what="Parquet file")
    try:
        file = pq.ParquetFile(source)
        schema = file.schema_arrow
        header = [nfc(name) for name in schema.names]
        fields = default_column_names(header, columns)
        text = [
            name
            for name, field in zip(schema.names, fields)
            if field not in (None, "id") and schema.names.count(name) == 1
            and (pa.types.is_string(schema.field(name).type)
                 or pa.types.is_large_string(schema.field(name).type))
        ]
        file = pq.ParquetFile(source, read_dictionary=text)
        schema = file.schema_arrow
    except (pa.ArrowException, OSError, ValueError) as error:
        # A damaged or non-Parquet file: pyarrow's own classes are not the caller's concern.
        raise ParseError.at(source, 0, "", _("cannot read the Parquet file: {reason}").format(
            reason=shorten(f"{type(error).__name__}: {error}"))) from None
    arguments: dict[str, Any] = {
        "afternoon_cutoff_hour": afternoon_cutoff_hour,
        "pause_rule": pause_rule,
        "reject_duplicate_ids": reject_duplicate_ids,
        "source": source,
    }
    native_types = all(field is None or _is_native_type(schema.field(index).type)
                       for index, field in enumerate(fields))
    if native_types:
        # Row groups streamed: each batch is read into the core and released, so the file's
        # columns are never all in memory at once.
        batches = pa.RecordBatchReader.from_batches(schema, file.iter_batches(batch_size=1 << 16))
        result = _ingest(batches, header, columns, fail_fast, calendar, file.metadata.num_rows,
                         **arguments)
        if result is not None:
            return result
    # Types to convert first, or pauses for the row reader: the whole table.
    try:
        table = file.read()
    except (pa.ArrowException, OSError, ValueError) as error:
        raise ParseError.at(source, 0, "", _("cannot read the Parquet file: {reason}").format(
            reason=shorten(f"{type(error).__name__}: {error}"))) from None
    return ingest_arrow(table, columns, fail_fast, calendar, **arguments)


def ingest_arrow(
    table: Any,
    columns: Mapping[str, str] | None = None,
    fail_fast: bool = False,
    calendar: WorkCalendar | None = None,
    *,
    afternoon_cutoff_hour: int | None = None,
    pause_rule: Literal["extend", "restart"] = "extend",
    reject_duplicate_ids: bool = True,
    source: str = "<pyarrow.Table>",
) -> DossierFile:
    """Validates the rows of an Arrow table with the CSV reader's rules and vocabulary.

    ``table`` is a ``pyarrow.Table`` or ``RecordBatch``, or any table exposing the Arrow
    PyCapsule stream (``__arrow_c_stream__``: a Polars DataFrame, …). Its buffers are read in
    C++ through the Arrow C data interface, with no Python object per cell:

    - text (``string``, ``large_string``, ``string_view``) and dictionary columns with any
      index type (int8 … uint64) are read per distinct value with the vocabulary of
      ``read_dossiers_csv`` ("Trực tuyến", "Đã giải quyết", "02/01/2024 08:30", units in NFC);
      a dictionary index outside its dictionary rejects its row, naming the field;
    - ``date32``, ``date64`` and ``timestamp`` of any unit are read as they are; a
      timestamp's time of day gives ``received_hour``. A timestamp with a time zone is an
      instant: its day is the calendar day on the clock of *that* zone (a column in
      ``Asia/Ho_Chi_Minh`` gives Vietnamese days; one in ``UTC`` gives UTC days, which differ
      from Vietnamese days from 17:00 UTC: convert it with ``pyarrow.compute`` first if its
      instants are Vietnamese times);
    - integers, floats and booleans are read as the numbers and yes/no they hold.

    A cell that cannot be read rejects its row (0-based ``row``, id, field, reason), never the
    whole column; rows whose cells are all null or blank are skipped, as blank lines of a CSV
    file. Headers go through the same mapping as ``read_dossiers_csv``. A table with a
    non-blank pauses column goes through the row reader (slower), which applies the pauses.
    ``rejected()`` numbers rows from 0, as ``iloc``; a ``ParseError`` of ``fail_fast`` gives
    the 1-based row as its ``line``.
    """
    table = _arrow_table(table)
    header = [nfc(str(name)) for name in table.column_names]
    fields = default_column_names(header, columns)
    table = _readable_columns(table, header, fields, source)
    result = _ingest(table, header, columns, fail_fast, calendar, table.num_rows,
                     afternoon_cutoff_hour=afternoon_cutoff_hour, pause_rule=pause_rule,
                     reject_duplicate_ids=reject_duplicate_ids, source=source)
    if result is None:  # pauses: the row reader applies them
        native, info = _native.ingest_text_columns(
            header, [_cells(column) for column in table.columns], table.num_rows, source,
            _calendar_or_default(calendar)._calendar, column_mapping=_columns_argument(columns),
            fail_fast=fail_fast, reject_duplicate_ids=reject_duplicate_ids,
            afternoon_cutoff_hour=afternoon_cutoff_hour, pause_rule=pause_rule,
        )
        _check_user_columns(columns, info, source)
        return DossierFile(native, info, source, "row")
    return result


def _ingest(
    data: Any,
    header: list[str],
    columns: Mapping[str, str] | None,
    fail_fast: bool,
    calendar: WorkCalendar | None,
    rows: int,
    *,
    afternoon_cutoff_hour: int | None,
    pause_rule: str,
    reject_duplicate_ids: bool,
    source: str,
) -> DossierFile | None:
    """The C++ reader over the Arrow stream of ``data`` (``rows`` expected); None when the
    table has pauses, which only the row reader applies."""
    result = _native.ingest_arrow(
        data, header, source, _calendar_or_default(calendar)._calendar,
        column_mapping=_columns_argument(columns), fail_fast=fail_fast,
        reject_duplicate_ids=reject_duplicate_ids, afternoon_cutoff_hour=afternoon_cutoff_hour,
        pause_rule=pause_rule, rows_hint=rows,
    )
    if result is None:
        return None
    native, info = result
    _check_user_columns(columns, info, source)
    return DossierFile(native, info, source, "row")


def _arrow_table(data: Any) -> Any:
    """``data`` as a ``pyarrow.Table`` (the stream of another library's table is not copied)."""
    import pyarrow as pa

    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if hasattr(data, "__arrow_c_stream__"):
        return pa.table(data)
    raise TypeError(f"expected a pyarrow.Table or an Arrow stream, not {type(data).__name__}")


def _is_text_type(kind: Any) -> bool:
    import pyarrow as pa

    is_view = getattr(pa.types, "is_string_view", None)
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind)
                or (is_view is not None and is_view(kind)))


def _is_native_type(kind: Any) -> bool:
    """A type the C++ reader takes from its buffers."""
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        value = kind.value_type
        return _is_text_type(value) or pa.types.is_integer(value) or pa.types.is_boolean(value) \
            or pa.types.is_floating(value) and value.bit_width > 16
    return bool(
        _is_text_type(kind) or pa.types.is_integer(kind) or pa.types.is_boolean(kind)
        or pa.types.is_null(kind) or pa.types.is_date32(kind) or pa.types.is_date64(kind)
        or (pa.types.is_timestamp(kind) and kind.tz is None)
        or (pa.types.is_floating(kind) and kind.bit_width > 16)
    )


def _readable_columns(table: Any, header: list[str], fields: list[str | None],
                      source: str) -> Any:
    """``table`` with every column of a dossier field in a type the C++ reader takes: a
    timestamp with a time zone on its wall clock (``pyarrow.compute.local_timestamp``), other
    types (decimal, binary, dictionaries of dates) as text, as pyarrow casts them. Nested
    values are refused: one value per cell."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for index, (name, field) in enumerate(zip(header, fields)):
        column = table.column(index)
        kind = column.type
        if field is None or _is_native_type(kind):
            continue
        if pa.types.is_nested(kind) or (pa.types.is_dictionary(kind)
                                        and pa.types.is_nested(kind.value_type)):
            raise ParseError.at(source, 0, shorten(name),
                                f"a column of type {kind} (nested values) cannot be "
                                "read as dossier data: one value per cell")
        try:
            if pa.types.is_dictionary(kind):
                column = column.cast(kind.value_type)
                kind = column.type
            if pa.types.is_timestamp(kind) and kind.tz is not None:
                column = pc.local_timestamp(column)
            elif not _is_native_type(kind):
                column = column.cast(pa.string())
        except (pa.ArrowException, ValueError) as error:
            raise ParseError.at(source, 0, shorten(name),
                                f"a column of type {kind} cannot be read as text "
                                f"({shorten(str(error))})") from None
        table = table.set_column(index, table.field(index).name, column)
    return table


def _cells(column: Any) -> list[Any]:
    """The cells of a column as text for the row reader (tables with pauses only)."""
    import pyarrow as pa

    if not pa.types.is_string(column.type):
        column = column.cast(pa.string())
    return list(column.to_pylist())


def default_column_names(
    headers: Sequence[str], columns: Mapping[str, str] | None = None
) -> list[str | None]:
    """The record field each header gives under the default mapping (and ``columns``), or None.

    >>> default_column_names(["Mã hồ sơ", "NGAY TIEP NHAN", "Ghi chú"])
    ['id', 'received', None]
    """
    return list(_native.map_headers(list(headers), _columns_argument(columns)))


_ENUM_KINDS = {"channel": "channel", "online_level": "online_level", "status": "status"}
_YES_NO_FIELDS = (
    "digitised_dossier",
    "digitised_result",
    "electronic_result",
    "fee_required",
    "paid_online",
    "reused_data",
)
_DATE_FIELDS = ("received", "due", "resolved", "returned")


def parse_values(kind: str, values: Sequence[Any]) -> tuple[list[Any], list[str | None]]:
    """Reads cell values with the vocabulary: ``(values, errors)``, one of each per input.

    ``kind`` is ``channel``, ``online_level``, ``status`` (giving the keys), ``yes_no`` (bool),
    ``satisfaction``, ``working_days``, ``hour`` (int) or ``date`` (``datetime64[D]`` and the
    hour, as a tuple of day number and hour). A blank value gives None and no error.

    >>> parse_values("channel", ["Trực tuyến", "BCCI", "fax"])[0]
    ['online', 'postal', None]
    """
    texts = [None if _is_missing(value) else str(value) for value in values]
    parsed, errors = _native.parse_values(kind, texts)
    return list(parsed), list(errors)


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def normalize_frame(frame: pd.DataFrame, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A copy of ``frame`` that ``cchc.dossier.ingest`` reads: Vietnamese headers renamed to
    record fields (the default mapping and ``columns``, as ``read_dossiers_csv``), and
    Vietnamese values of text columns read with the vocabulary: channel, service level and
    status become their keys, yes/no columns booleans, ratings and processing days numbers,
    dates ``datetime64`` (a time of day also fills ``received_hour`` when the frame has none).

    Each distinct value is read once (``pandas.factorize``), not each row. A value the
    vocabulary does not know is left as it was, so that ``ingest`` rejects its row (enums,
    yes/no, numbers) or names the column (dates). Unmapped columns are kept under their names.
    A pauses column ("Tạm dừng") is renamed, but ``cchc.ingest`` does not read it: a warning
    says so.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"Hình thức nộp": ["Trực tuyến", "Trực tiếp", "Trực tuyến"],
    ...                       "Ngày tiếp nhận": ["02/01/2024 16:30", "03/01/2024", None]})
    >>> out = normalize_frame(frame)
    >>> out["channel"].tolist(), out["received"].dt.day.tolist(), out["received_hour"].tolist()
    (['online', 'in_person', 'online'], [2.0, 3.0, nan], [16, <NA>, <NA>])
    """
    import pandas as pd

    fields = default_column_names([str(name) for name in frame.columns], columns)
    renames: dict[Any, str] = {}
    taken: set[str] = set()
    for name, field in zip(frame.columns, fields):
        # A field given by two columns: the first keeps it, the other keeps its own name.
        if field is not None and field not in taken:
            renames[name] = field
            taken.add(field)
    out = frame.rename(columns=renames)
    if "pauses" in out:
        import warnings

        warnings.warn(
            "cchc.ingest does not read the 'pauses' column: its pauses would not move due dates; "
            "use cchc.io.ingest_arrow(pyarrow.Table.from_pandas(frame)) or read_dossiers_csv",
            stacklevel=2,
        )

    def mapped(field: str, kind: str) -> tuple[Any, np.ndarray, list[Any], list[str | None]]:
        codes, uniques = pd.factorize(out[field], use_na_sentinel=True)
        values, errors = parse_values(kind, list(uniques))
        return codes, np.asarray(uniques, dtype=object), values, errors

    def replace_text(field: str, kind: str) -> None:
        if field not in out or not _is_text(out[field]):
            return
        codes, uniques, values, errors = mapped(field, kind)
        # Unknown values stay as they were, so that ingest names them.
        lookup = np.array(
            [
                value if error is None else unique
                for unique, value, error in zip(uniques, values, errors)
            ]
            + [None],
            dtype=object,
        )
        out[field] = pd.Series(lookup[codes], index=out.index, dtype=object)

    for field, kind in _ENUM_KINDS.items():
        replace_text(field, kind)
    for field in _YES_NO_FIELDS:
        replace_text(field, "yes_no")
    replace_text("satisfaction", "satisfaction")
    replace_text("processing_days", "working_days")
    replace_text("received_hour", "hour")

    for field in _DATE_FIELDS:
        if field not in out or not _is_text(out[field]):
            continue
        codes, uniques, values, errors = mapped(field, "date")
        if any(error is not None for error in errors):
            continue  # left as text: ingest raises InvalidDateError naming the column
        # Blank cells (None from the vocabulary, and pandas' own NA as code -1) are NaT.
        days = np.array(
            [0 if value is None else value[0] for value in values] + [0], dtype="int64"
        )
        blank = np.array([value is None for value in values] + [True], dtype=bool)
        hours = [None if value is None else value[1] for value in values] + [None]
        dates = days.astype("datetime64[D]")[codes]
        dates[blank[codes]] = np.datetime64("NaT")
        out[field] = pd.Series(dates, index=out.index)
        has_hours = any(hour is not None for hour in hours)
        if field == "received" and "received_hour" not in out and has_hours:
            hour_of = np.array(hours, dtype=object)[codes]
            out["received_hour"] = pd.array(list(hour_of), dtype="Int64")
    return out


def _is_text(series: Any) -> bool:
    return series.dtype == object or str(series.dtype) in ("string", "str")


__all__ = [
    "DossierFile",
    "default_column_names",
    "ingest_arrow",
    "normalize_frame",
    "parse_values",
    "read_dossiers_csv",
    "read_dossiers_parquet",
]
