"""Arrow tables and Parquet files read from their buffers (bindings/arrow.cpp): dictionary
indices of every width and signedness, chunks, slices, dates and timestamps of every unit, text
dates, and equality with the CSV reader on the same rows."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import re

import numpy as np
import pandas as pd
import pytest

import cchc
import cchc.io
from cchc import dossier
from cchc.cli import main
from cchc.errors import ParseError
from cchc.io import ingest_arrow, read_dossiers_csv, read_dossiers_parquet

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

INDEX_TYPES = [pa.int8(), pa.uint8(), pa.int16(), pa.uint16(), pa.int32(), pa.uint32(),
               pa.int64(), pa.uint64()]
WINDOW = {"first": "2024-01-01", "last": "2024-03-31"}

# Rows written once as CSV text and once as Arrow columns: every kind of bad row the readers
# reject (unknown channel, missing status, unreadable date, a rating out of range, a duplicate
# id, a resolved dossier without its date), a blank row, Vietnamese values and headers.
CSV_TEXT = """Mã hồ sơ,Đơn vị,Hình thức nộp,Trạng thái,Ngày tiếp nhận,Thời hạn giải quyết,\
Ngày giải quyết,Số hóa hồ sơ,Mức độ hài lòng
H01,Sở Tư pháp,Trực tuyến,Đã giải quyết,02/01/2024 08:30,5,08/01/2024,Có,Hài lòng
H02,Sở Tư pháp,Trực tiếp,Đã giải quyết,02/01/2024 16:30,3,09/01/2024,Không,5
H03,UBND xã Phú An,Fax,Đã giải quyết,03/01/2024,5,10/01/2024,Có,
H04,UBND xã Phú An,BCCI,,03/01/2024,5,,Có,
H05,Sở Xây dựng,Trực tuyến,Đang giải quyết,31/02/2024,5,,,
H06,Sở Xây dựng,Trực tuyến,Đang giải quyết,04/01/2024,5,,x,7
H01,Sở Tư pháp,Trực tuyến,Đang giải quyết,05/01/2024,5,,,
,,,,,,,,
H08,Sở Tư pháp,Trực tuyến,Đã giải quyết,05/01/2024,5,,Có,
H09,Sở Tư pháp,Trực tiếp,Đang giải quyết,15/01/2024 09:00,10,,Không,Rất hài lòng
H10,UBND xã Phú An,Trực tuyến,Từ chối,16/01/2024,7,,Có,
"""


def _csv_table() -> pa.Table:
    """CSV_TEXT as an Arrow table of text (blank cells null, as Parquet writers keep them)."""
    lines = [line.split(",") for line in CSV_TEXT.strip("\n").split("\n")]
    header, rows = lines[0], lines[1:]
    return pa.table({name: pa.array([row[i] or None for row in rows], pa.string())
                     for i, name in enumerate(header)})


def _row_words(reason: str) -> str:
    """A CSV reason as a table's: "first seen: line 3" is "first seen: row 2" (1-based)."""
    return re.sub(r"line (\d+)", lambda match: f"row {int(match.group(1)) - 1}", reason)


def _same_as_csv(from_arrow: cchc.io.DossierFile, from_csv: cchc.io.DossierFile) -> None:
    assert (from_arrow.rows_in, from_arrow.rows_accepted, from_arrow.rows_rejected) == (
        from_csv.rows_in, from_csv.rows_accepted, from_csv.rows_rejected)
    assert from_arrow.blank_rows == from_csv.blank_rows
    expected = from_csv.rejected().rename(columns={"line": "row"})
    expected["row"] -= 2  # line 2 is row 0
    expected["reason"] = expected["reason"].map(_row_words)
    # The same for the coded reason: a duplicate's first row, not its line.
    for i in expected.index[expected["reason_code"] == "row.duplicate_id"]:
        arguments = dict(expected.at[i, "reason_arguments"])
        arguments["first"] = str(int(arguments["first"]) - 1)
        expected.at[i, "reason_arguments"] = arguments
        expected.at[i, "reason_code"] = "row.duplicate_id_row"
    pd.testing.assert_frame_equal(from_arrow.rejected(), expected)
    for by in (["unit"], ["unit", "channel", "month"]):
        pd.testing.assert_frame_equal(
            from_arrow.indicators(**WINDOW, by=by), from_csv.indicators(**WINDOW, by=by))


@pytest.fixture()
def csv_file(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "export.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    return path


def test_text_parquet_equals_csv(csv_file: pathlib.Path, tmp_path: pathlib.Path) -> None:
    from_csv = read_dossiers_csv(csv_file)
    assert from_csv.rows_rejected == 7 and from_csv.blank_rows == 1  # the data is what it says
    path = tmp_path / "export.parquet"
    pq.write_table(_csv_table(), path)
    _same_as_csv(read_dossiers_parquet(path), from_csv)
    _same_as_csv(ingest_arrow(_csv_table()), from_csv)
    # large_string, string_view and dictionary text give the same.
    for kind in (pa.large_string(), pa.string_view(), pa.dictionary(pa.int8(), pa.string())):
        table = _csv_table()
        table = pa.table({name: table.column(name).cast(kind) for name in table.column_names})
        _same_as_csv(ingest_arrow(table), from_csv)


def test_typed_parquet_equals_csv(csv_file: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """Typed columns as a writer keeps them: timestamps, dates, int days, dictionaries."""
    text = _csv_table()
    def timestamp(value: str | None) -> dt.datetime | None:
        for form in ("%d/%m/%Y %H:%M", "%d/%m/%Y"):
            try:
                return None if value is None else dt.datetime.strptime(value, form)
            except ValueError:
                continue
        return None  # 31/02/2024: a timestamp cannot hold it

    received = pa.array([timestamp(value) for value in text.column("Ngày tiếp nhận").to_pylist()],
                        pa.timestamp("ms"))
    table = text.set_column(4, "Ngày tiếp nhận", received)
    table = table.set_column(5, "Thời hạn giải quyết",
                             text.column("Thời hạn giải quyết").cast(pa.int16()))
    resolved = [None if value is None else dt.datetime.strptime(value, "%d/%m/%Y").date()
                for value in text.column("Ngày giải quyết").to_pylist()]
    table = table.set_column(6, "Ngày giải quyết", pa.array(resolved, pa.date32()))
    for name in ("Đơn vị", "Hình thức nộp", "Trạng thái"):
        index = table.column_names.index(name)
        table = table.set_column(index, name, table.column(name).dictionary_encode())
    dossiers = ingest_arrow(table)
    csv_text = CSV_TEXT.replace("31/02/2024", "")  # a timestamp cannot hold 31 February
    csv_file.write_text(csv_text, encoding="utf-8")
    from_csv = read_dossiers_csv(csv_file)
    _same_as_csv(dossiers, from_csv)
    path = csv_file.with_suffix(".parquet")
    pq.write_table(table, path)
    _same_as_csv(read_dossiers_parquet(path), from_csv)


def _dictionary_table(indices: pa.Array, dictionary: pa.Array, ids: str = "H") -> pa.Table:
    rows = len(indices)
    return pa.table({
        "id": [f"{ids}{row}" for row in range(rows)],
        "unit": pa.DictionaryArray.from_arrays(indices, dictionary, safe=False),
        "channel": pa.DictionaryArray.from_arrays(
            indices, pa.array(["Trực tuyến", "online", None]), safe=False),
        "status": ["pending"] * rows,
        "received": pa.array([dt.date(2024, 1, 2)] * rows, pa.date32()),
        "processing_days": pa.array([5] * rows, pa.int32()),
    })


@pytest.mark.parametrize("index_type", INDEX_TYPES, ids=str)
def test_every_dictionary_index_width_and_signedness(index_type: pa.DataType) -> None:
    indices = pa.array([0, 1, None, 2, 1], index_type)
    table = _dictionary_table(indices, pa.array(["Sở A", "Sở B", None]))
    for read in (ingest_arrow, dossier.ingest):
        dossiers = read(table)
        assert (dossiers.rows_in, dossiers.rows_accepted) == (5, 5), read
        counts = dossiers.counts(**WINDOW, by=["unit", "channel"])
        got = {(row.unit, row.channel): row.received_new for row in counts.itertuples()}
        # A null index and a null dictionary value are both a missing unit / channel.
        assert got == {("Sở A", "online"): 1, ("Sở B", "online"): 2, ("", "unknown"): 2}, read


@pytest.mark.parametrize("index_type", INDEX_TYPES, ids=str)
def test_an_index_outside_the_dictionary_rejects_its_row(index_type: pa.DataType) -> None:
    big = np.iinfo(index_type.to_pandas_dtype()).max
    values = [0, 5, big, 1] + ([-1] if pa.types.is_signed_integer(index_type) else [])
    indices = pa.array(values, index_type)
    table = _dictionary_table(indices, pa.array(["Sở A", "Sở B"]))
    for read in (ingest_arrow, dossier.ingest):
        dossiers = read(table)
        assert dossiers.rows_in == len(values) == dossiers.rows_accepted + dossiers.rows_rejected
        rejected = dossiers.rejected()
        bad = [row for row, value in enumerate(values) if not 0 <= value < 2]
        assert rejected["row"].tolist() == bad, read
        # The channel column comes first in the CSV reader's order of cells.
        assert set(rejected["field"]) == {"channel"}, read
        for row, reason in zip(bad, rejected["reason"]):
            # The index as it was, never wrapped: 18446744073709551615, not -1.
            assert f"dictionary index {values[row]} is outside" in reason


def test_uint64_index_beyond_int64_is_refused_not_wrapped() -> None:
    indices = pa.array([0, 2**64 - 1, 2**63], pa.uint64())
    table = pa.table({
        "id": ["A", "B", "C"],
        "unit": pa.DictionaryArray.from_arrays(indices, pa.array(["Sở A"]), safe=False),
        "status": ["pending"] * 3, "received": ["02/01/2024"] * 3, "processing_days": [5] * 3,
    })
    dossiers = ingest_arrow(table)
    assert dossiers.rejected()[["row", "id", "field"]].values.tolist() == [
        [1, "B", "unit"], [2, "C", "unit"]]
    assert "18446744073709551615" in dossiers.rejected()["reason"][0]


def test_chunks_with_their_own_dictionaries_and_sliced_arrays() -> None:
    first = _dictionary_table(pa.array([0, 1, 0], pa.int8()), pa.array(["Sở A", "Sở B", None]))
    second = _dictionary_table(pa.array([1, 0, 2, 0], pa.int8()),
                               pa.array(["Sở C", "Sở A", None]), ids="K")
    table = pa.concat_tables([first, second])
    assert table.column("unit").num_chunks == 2
    whole = ingest_arrow(table)
    counts = whole.counts(**WINDOW, by="unit")
    assert dict(zip(counts["unit"], counts["received_new"])) == {
        "Sở A": 3, "Sở B": 1, "Sở C": 2, "": 1}
    # A slice starts inside a chunk: offsets of validity, indices and ids all move.
    sliced = table.slice(2, 3)
    part = ingest_arrow(sliced)
    counts = part.counts(**WINDOW, by=["unit", "channel"])
    assert {(r.unit, r.channel): r.received_new for r in counts.itertuples()} == {
        ("Sở A", "online"): 2, ("Sở C", "online"): 1}
    bad = table.set_column(0, "id", pa.array(["X"] * 7)).slice(1, 4)
    assert ingest_arrow(bad).rejected()[["row", "field"]].values.tolist() == [
        [1, "id"], [2, "id"], [3, "id"]]
    assert "(first seen: row 1)" in ingest_arrow(bad).rejected()["reason"][0]


def test_empty_table_and_table_of_no_chunks() -> None:
    schema = pa.schema([("id", pa.string()), ("status", pa.string()),
                        ("received", pa.date32()), ("processing_days", pa.int32())])
    for table in (schema.empty_table(), pa.Table.from_batches([], schema)):
        dossiers = ingest_arrow(table)
        assert (dossiers.rows_in, dossiers.rows_accepted, dossiers.rows_rejected) == (0, 0, 0)
        assert int(dossiers.counts(**WINDOW)["received_total"].iloc[0]) == 0
    assert pa.Table.from_batches([], schema).column("id").num_chunks == 0


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_timestamps_of_every_unit(unit: str) -> None:
    received = [dt.datetime(2024, 1, 2, 16, 30), dt.datetime(1969, 12, 31, 12), None]
    table = pa.table({
        "id": ["A", "B", "C"],
        "status": ["pending"] * 3,
        "received": pa.array(received, pa.timestamp(unit)),
        "due": pa.array([dt.datetime(2024, 1, 5, 23, 59)] * 3, pa.timestamp(unit)),
        "processing_days": [1, 1, 1],
    })
    dossiers = ingest_arrow(table)
    assert dossiers.rejected()[["row", "field", "reason"]].values.tolist() == [
        [2, "received", "missing date of receipt"]]
    counts = dossiers.counts(first="1969-12-31", last="1969-12-31")
    assert int(counts["received_new"].iloc[0]) == 1  # floor, not truncation towards 0
    # Received 16:30 on Tuesday with 1 working day: due Wednesday, or Thursday with a 15:00
    # cut-off, which reads the time of day of the timestamp.
    one = table.slice(0, 1).drop_columns(["due"])
    by_thursday = {"first": "2024-01-01", "last": "2024-01-04"}
    assert int(ingest_arrow(one).counts(**by_thursday)["pending_overdue"].iloc[0]) == 1
    late = ingest_arrow(one, afternoon_cutoff_hour=15)
    assert int(late.counts(**by_thursday)["pending_overdue"].iloc[0]) == 0


def test_a_zoned_timestamp_is_read_on_its_own_clock() -> None:
    instant = dt.datetime(2024, 1, 1, 20, 0, tzinfo=dt.timezone.utc)  # 03:00 on 2 Jan in Hà Nội
    base = {"id": ["A"], "status": ["pending"], "processing_days": [5]}
    for zone, day in (("Asia/Ho_Chi_Minh", "2024-01-02"), ("+07:00", "2024-01-02"),
                      ("UTC", "2024-01-01")):
        received = pa.array([instant], pa.timestamp("us", tz="UTC")).cast(
            pa.timestamp("us", tz=zone))
        for read in (ingest_arrow, dossier.ingest):
            dossiers = read(pa.table({**base, "received": received}))
            counts = dossiers.counts(first=day, last=day)
            assert int(counts["received_new"].iloc[0]) == 1, (zone, read)


def test_dates_as_date32_date64_and_text_with_bad_ones() -> None:
    table = pa.table({
        "id": ["A", "B", "C", "D", "E"],
        "status": ["resolved"] * 5,
        "received": pa.array([dt.date(2024, 1, 2)] * 5, pa.date64()),
        "processing_days": [5] * 5,
        "resolved": ["05/01/2024", "2024-01-05", "32/01/2024", "05/01/2024", "hôm qua"],
    })
    dossiers = ingest_arrow(table)
    rejected = dossiers.rejected()
    assert rejected[["row", "id", "field"]].values.tolist() == [
        [2, "C", "resolved"], [4, "E", "resolved"]]
    assert "32/01/2024" in rejected["reason"][0] and "hôm qua" in rejected["reason"][1]
    assert int(dossiers.counts(**WINDOW)["resolved"].iloc[0]) == 3
    with pytest.raises(ParseError) as caught:
        ingest_arrow(table, fail_fast=True)
    assert (caught.value.line, caught.value.field) == (3, "resolved")


def test_numbers_booleans_and_their_bad_values() -> None:
    table = pa.table({
        "id": ["A", "B", "C", "D"],
        "status": ["pending"] * 4,
        "received": ["02/01/2024"] * 4,
        "processing_days": pa.array([5.0, 2.5, 7.0, float("nan")]),
        "satisfaction": pa.array([5, 4, 9, 3], pa.uint8()),
        "paid_online": [True, False, None, True],
    })
    dossiers = ingest_arrow(table)
    rejected = dossiers.rejected()
    assert rejected[["row", "field"]].values.tolist() == [
        [1, "processing_days"], [2, "satisfaction"], [3, "due"]]
    assert "2.5" in rejected["reason"][0] and "9" in rejected["reason"][1]


def test_polars_categorical_and_enum_parquet(csv_file: pathlib.Path,
                                             tmp_path: pathlib.Path) -> None:
    pl = pytest.importorskip("polars")
    frame = pl.read_csv(csv_file, infer_schema_length=0)
    typed = frame.with_columns(
        pl.col("Đơn vị").cast(pl.Categorical),
        pl.col("Trạng thái").cast(pl.Enum(["Đã giải quyết", "Đang giải quyết", "Từ chối"])),
        pl.col("Hình thức nộp").cast(pl.Categorical),
        pl.col("Ngày giải quyết").str.strptime(pl.Date, "%d/%m/%Y"),
        pl.col("Thời hạn giải quyết").cast(pl.UInt32),
    )
    path = tmp_path / "polars.parquet"
    typed.write_parquet(path)
    table = pq.read_table(path)
    assert pa.types.is_unsigned_integer(table.schema.field("Đơn vị").type.index_type)
    from_csv = read_dossiers_csv(csv_file)
    _same_as_csv(read_dossiers_parquet(path), from_csv)
    _same_as_csv(ingest_arrow(typed), from_csv)  # the Polars frame itself, by its stream
    # cchc.ingest of the same table (keys, not Vietnamese headers): no OverflowError.
    renamed = table.rename_columns(
        ["id", "unit", "channel", "status", "received", "processing_days", "resolved",
         "digitised_dossier", "satisfaction"])
    dossiers = dossier.ingest(renamed)
    assert dossiers.rows_in == 11


def test_pauses_go_through_the_row_reader() -> None:
    table = pa.table({
        "id": ["A", "B"], "status": ["pending"] * 2, "received": ["02/01/2024"] * 2,
        "processing_days": [5, 5], "pauses": ["2024-01-03..2024-01-10", None],
    })
    dossiers = ingest_arrow(table)
    assert dossiers.rows_accepted == 2
    counts = dossiers.counts(first="2024-01-01", last="2024-01-12")
    assert int(counts["pending_within"].iloc[0]) == 1  # A's pause moved its due date
    assert int(counts["pending_overdue"].iloc[0]) == 1


def test_cli_indicators_on_parquet_equals_csv(capsys, csv_file: pathlib.Path,
                                              tmp_path: pathlib.Path) -> None:
    path = tmp_path / "export.parquet"
    pq.write_table(_csv_table(), path)
    outputs = []
    for file in (csv_file, path):
        code = main(["indicators", str(file), "--from", "2024-01-01", "--to", "2024-03-31",
                     "--json", "--rejected"])
        outputs.append(json.loads(capsys.readouterr().out))
        assert code == 0
    from_csv, from_parquet = outputs
    assert from_parquet["indicators"] == from_csv["indicators"]
    assert [r["row"] for r in from_parquet["rejected"]] == [
        r["line"] - 2 for r in from_csv["rejected"]]
    assert [r["reason"] for r in from_parquet["rejected"]] == [
        _row_words(r["reason"]) for r in from_csv["rejected"]]


def test_parquet_of_many_row_groups_streams_batch_by_batch(csv_file: pathlib.Path,
                                                           tmp_path: pathlib.Path) -> None:
    """Row groups of 3 rows: the duplicate id, the blank row and the rejected rows fall in
    later batches, each batch with its own dictionaries; row numbers stay the file's."""
    path = tmp_path / "groups.parquet"
    table = _csv_table()
    dictionaries = pa.table({name: table.column(name).dictionary_encode()
                             if name != "Mã hồ sơ" else table.column(name)
                             for name in table.column_names})
    pq.write_table(dictionaries, path, row_group_size=3)
    assert pq.ParquetFile(path).metadata.num_row_groups == 4
    from_csv = read_dossiers_csv(csv_file)
    _same_as_csv(read_dossiers_parquet(path), from_csv)
    with pytest.raises(ParseError) as caught:
        read_dossiers_parquet(path, fail_fast=True)
    assert (caught.value.line, caught.value.field) == (3, "channel")
    # A batch reader (any __arrow_c_stream__) is read the same way.
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=2))
    _same_as_csv(ingest_arrow(reader), from_csv)


def test_parquet_with_pauses_goes_through_the_row_reader(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "pauses.parquet"
    pq.write_table(pa.table({
        "id": ["A", "B"], "status": ["pending"] * 2, "received": ["02/01/2024"] * 2,
        "processing_days": [5, 5], "pauses": [None, "2024-01-03..2024-01-10"],
    }), path, row_group_size=1)
    dossiers = read_dossiers_parquet(path)
    counts = dossiers.counts(first="2024-01-01", last="2024-01-12")
    assert (int(counts["pending_within"].iloc[0]), int(counts["pending_overdue"].iloc[0])) == (1, 1)
