"""cchc.io: dossier CSV and Parquet files, the vocabulary over DataFrames."""

from __future__ import annotations

import datetime as dt
import doctest
import pathlib

import numpy as np
import pandas as pd
import pytest

import cchc
import cchc.io
from cchc.errors import ParseError
from cchc.io import (
    default_column_names,
    normalize_frame,
    parse_values,
    read_dossiers_csv,
    read_dossiers_parquet,
)

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "dossier"
EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "data" / "dossiers-q1.csv"


def test_docstring_examples() -> None:
    result = doctest.testmod(cchc.io, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_vietnamese_export_with_bad_rows(calendar: cchc.WorkCalendar) -> None:
    dossiers = read_dossiers_csv(DATA / "vn-headers.csv", calendar=calendar)
    assert isinstance(dossiers, cchc.Dossiers)
    assert (dossiers.rows_in, dossiers.rows_accepted, dossiers.rows_rejected) == (10, 5, 5)
    assert dossiers.rows_in == dossiers.rows_accepted + dossiers.rows_rejected
    assert dossiers.blank_rows == 1
    rejected = dossiers.rejected()
    assert list(rejected.columns) == ["line", "id", "field", "reason"]
    assert rejected["line"].tolist() == [7, 8, 9, 10, 11]
    assert rejected["field"].tolist() == ["resolved", "channel", "received", "", "id"]
    assert dossiers.unused_columns() == ["Ghi chú"]
    columns = dossiers.columns().set_index("header")
    assert columns.loc["Ngày tiếp nhận", "field"] == "received"
    # The accepted rows feed the indicator engine like any ingested table.
    table = dossiers.counts(first="2024-01-01", last="2024-01-31")
    assert int(table["received_total"].iloc[0]) == 5
    assert int(table["resolved"].iloc[0]) == 2  # H001 and H004; H003 refused, H009 withdrawn
    assert int(table["refused"].iloc[0]) == 1
    assert int(table["withdrawn"].iloc[0]) == 1


def test_fail_fast_names_file_line_field() -> None:
    with pytest.raises(ParseError) as caught:
        read_dossiers_csv(DATA / "vn-headers.csv", fail_fast=True)
    error = caught.value
    assert error.source.endswith("vn-headers.csv")
    assert (error.line, error.field) == (7, "resolved")
    assert "before received" in error.reason


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("empty.csv", 1, "empty"),
        ("utf16.csv", 1, "UTF-16"),
        ("windows-1258.csv", 3, "invalid UTF-8"),
    ],
)
def test_whole_file_errors(name: str, line: int, words: str) -> None:
    with pytest.raises(ParseError) as caught:
        read_dossiers_csv(DATA / name)
    assert caught.value.line == line
    assert words in caught.value.reason
    assert caught.value.source.endswith(name)


def test_header_only_and_missing_columns(tmp_path: pathlib.Path) -> None:
    empty = read_dossiers_csv(DATA / "header-only.csv")
    assert (empty.rows_in, empty.rows_accepted, empty.rows_rejected) == (0, 0, 0)
    assert empty.rejected().empty
    path = tmp_path / "x.csv"
    path.write_text("Mã hồ sơ;Trạng thái\nA;x\n", encoding="utf-8")
    with pytest.raises(ParseError, match="missing required columns"):
        read_dossiers_csv(path)


def test_delimiter_user_columns_and_pauses(tmp_path: pathlib.Path) -> None:
    semicolons = read_dossiers_csv(DATA / "no-diacritics-semicolon.csv", delimiter=";")
    assert (semicolons.rows_accepted, semicolons.rows_rejected) == (2, 1)
    assert semicolons.rejected()["field"].tolist() == ["pauses"]

    path = tmp_path / "renamed.csv"
    path.write_text(
        "Số HS,TT,Nhận lúc,Hạn\nA,Đang giải quyết,02/01/2024,05/01/2024\n", encoding="utf-8"
    )
    with pytest.raises(ParseError):
        read_dossiers_csv(path)
    mapped = read_dossiers_csv(
        path, columns={"id": "Số HS", "status": "TT", "received": "Nhận lúc", "due": "Hạn"}
    )
    assert mapped.rows_accepted == 1
    with pytest.raises(ValueError, match="unknown record field"):
        read_dossiers_csv(path, columns={"recieved": "Nhận lúc"})
    with pytest.raises(ValueError, match="no column 'Đơn vị xử lý' \\(for unit\\)"):
        read_dossiers_csv(
            path,
            columns={"id": "Số HS", "status": "TT", "received": "Nhận lúc", "due": "Hạn",
                     "unit": "Đơn vị xử lý"},
        )

    joined = read_dossiers_csv(DATA / "paused-dossiers.csv", pauses=DATA / "pauses.csv")
    assert joined.rows_accepted == 2
    assert joined.unmatched_pause_ids == ["NOPE"]
    without = read_dossiers_csv(DATA / "paused-dossiers.csv")
    # P1 is pending: with its pauses, its due date moves out and it is no longer overdue.
    window = {"first": "2024-01-01", "last": "2024-01-08"}
    assert int(joined.counts(**window)["pending_overdue"].iloc[0]) < int(
        without.counts(**window)["pending_overdue"].iloc[0]
    )


def test_parquet_typed_and_text_columns(tmp_path: pathlib.Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table(
        {
            "Mã hồ sơ": ["A", "B", "C", "D"],
            "Trạng thái": ["Đã giải quyết", "Đang giải quyết", "Lạ", "Từ chối"],
            "Hình thức nộp": ["Trực tuyến", None, "BCCI", "Trực tiếp"],
            "Ngày tiếp nhận": pa.array(
                [dt.datetime(2024, 1, 2, 16, 30), dt.datetime(2024, 1, 2, 8), None,
                 dt.datetime(2024, 1, 3)],
                type=pa.timestamp("s"),
            ),
            "Thời hạn giải quyết": pa.array([3, 3, 3, 3], type=pa.int32()),
            "Ngày giải quyết": pa.array(
                [dt.date(2024, 1, 5), None, None, dt.date(2024, 1, 4)], type=pa.date32()
            ),
            "Số hóa hồ sơ": [True, False, None, True],
        }
    )
    path = tmp_path / "export.parquet"
    pq.write_table(table, path)
    dossiers = read_dossiers_parquet(path)
    assert dossiers.rows_in == dossiers.rows_accepted + dossiers.rows_rejected == 4
    rejected = dossiers.rejected()
    assert rejected["row"].tolist() == [2]  # 0-based, as iloc
    assert rejected["field"].tolist() == ["status"]
    counts = dossiers.counts(first="2024-01-01", last="2024-01-31")
    assert int(counts["resolved"].iloc[0]) == 1
    assert int(counts["refused"].iloc[0]) == 1
    assert int(counts["digitised_dossier_yes"].iloc[0]) == 2
    assert int(counts["digitised_dossier_known"].iloc[0]) == 3

    late = read_dossiers_parquet(path, afternoon_cutoff_hour=15)
    on_time = read_dossiers_parquet(path)
    # A, received 16:30 and resolved on its 3rd working day: on time, but early once the 15:00
    # cut-off moves its receipt (and so its due date) a working day later.
    window = {"first": "2024-01-01", "last": "2024-01-31"}
    assert int(on_time.counts(**window)["resolved_early"].iloc[0]) == 0
    assert int(late.counts(**window)["resolved_early"].iloc[0]) == 1
    with pytest.raises(ParseError) as caught:
        read_dossiers_parquet(path, fail_fast=True)
    assert (caught.value.line, caught.value.field) == (3, "status")
    assert caught.value.source.endswith("export.parquet")

    # The same table in memory.
    in_memory = cchc.io.ingest_arrow(table)
    assert (in_memory.rows_accepted, in_memory.rows_rejected) == (3, 1)
    assert in_memory.source == "<pyarrow.Table>"


def test_parse_values_and_headers() -> None:
    assert parse_values("status", ["Đã giải quyết", "rut ho so", None, "?"]) == (
        ["resolved", "withdrawn", None, None],
        [None, None, None, parse_values("status", ["?"])[1][0]],
    )
    assert parse_values("yes_no", ["Có", "không", "x", ""])[0] == [True, False, True, None]
    days, errors = parse_values("date", ["02/01/2024 08:30", "45292", "31/02/2024"])
    assert days[0] == (19724, 8) and days[1] == (19723, None) and days[2] is None
    assert errors[2] is not None and "31/02/2024" in errors[2]
    with pytest.raises(ValueError, match="unknown kind"):
        parse_values("colour", ["đỏ"])
    assert default_column_names(["Ma ho so", "Số HS"], {"id": "Số HS"}) == [None, "id"]


def test_normalize_frame_feeds_ingest() -> None:
    frame = pd.DataFrame(
        {
            "Mã hồ sơ": ["A", "B", "C", "D"],
            "Trạng thái": ["Đã giải quyết", "Đang giải quyết", "đã giải quyết", "Lạ"],
            "Hình thức nộp": ["Trực tuyến", "Trực tiếp", "BCCI", None],
            "Ngày tiếp nhận": ["02/01/2024", "02/01/2024 16:30", "45293", "03/01/2024"],
            "Thời hạn giải quyết": ["3 ngày", "3", "3", "3"],
            "Ngày giải quyết": ["05/01/2024", "", "2024-01-08", None],
            "Số hóa hồ sơ": ["Có", "Không", None, "x"],
            "Ghi chú": ["", "", "", ""],
        }
    )
    out = normalize_frame(frame)
    assert list(out.columns) == [
        "id", "status", "channel", "received", "processing_days", "resolved",
        "digitised_dossier", "Ghi chú", "received_hour",
    ]
    assert out["status"].tolist() == ["resolved", "pending", "resolved", "Lạ"]
    assert out["channel"].tolist() == ["online", "in_person", "postal", None]
    assert out["received"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-02"] * 3 + ["2024-01-03"]
    assert out["received_hour"].tolist() == [pd.NA, 16, pd.NA, pd.NA]
    assert out["processing_days"].tolist() == [3, 3, 3, 3]
    assert frame.columns[0] == "Mã hồ sơ"  # the input is not modified
    dossiers = cchc.ingest(out)
    assert dossiers.rows_in == 4
    assert dossiers.rejected()["field"].tolist() == ["status"]  # the unknown "Lạ"

    with pytest.warns(UserWarning, match="does not read the 'pauses' column"):
        normalize_frame(pd.DataFrame({"Tạm dừng": ["2024-01-03..2024-01-04"]}))

    bad_dates = normalize_frame(pd.DataFrame({"Ngày tiếp nhận": ["02/01/2024", "hôm qua"]}))
    assert bad_dates["received"].tolist() == ["02/01/2024", "hôm qua"]  # left for ingest to name


def test_bundled_example_export() -> None:
    dossiers = read_dossiers_csv(EXAMPLE)
    assert dossiers.rows_in >= 300
    assert dossiers.rows_in == dossiers.rows_accepted + dossiers.rows_rejected
    assert dossiers.rows_rejected > 0  # the example keeps a few bad rows on purpose
    assert dossiers.unused_columns() == ["STT", "Ghi chú"]
    table = dossiers.indicators("Quý I/2024", by="unit")
    assert len(table) >= 3
    assert table["received_total"].sum() > 0


def test_csv_cut_inside_its_last_character_rejects_only_that_row(
    tmp_path: pathlib.Path, calendar: cchc.WorkCalendar
) -> None:
    text = (
        "Mã hồ sơ,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"
        "A,02/01/2024,05/01/2024,Đang giải quyết\n"
        "B,02/01/2024,05/01/2024,Đang giải quyết\n"
    ).encode()
    path = tmp_path / "cut.csv"
    path.write_bytes(text[:-3])  # "quyết" cut inside "ế" (E1 BA BF): E1 BA, no newline
    dossiers = read_dossiers_csv(path, calendar=calendar)
    assert (dossiers.rows_in, dossiers.rows_accepted, dossiers.rows_rejected) == (2, 1, 1)
    rejected = dossiers.rejected()
    assert rejected.to_dict("records")[0]["line"] == 3
    assert rejected.to_dict("records")[0]["field"] == "status"
    reason = rejected.to_dict("records")[0]["reason"]
    assert "the file ends in the middle of a character" in reason
    assert "1258" not in reason
    # The same bytes before the end of the file: the whole file is not UTF-8.
    path.write_bytes(text[:-3] + b"\nC,02/01/2024,05/01/2024,x\n")
    with pytest.raises(ParseError, match="invalid UTF-8"):
        read_dossiers_csv(path, calendar=calendar)


def test_csv_stray_quote_names_the_lines_it_swallowed(
    tmp_path: pathlib.Path, calendar: cchc.WorkCalendar
) -> None:
    path = tmp_path / "stray.csv"
    path.write_text(
        "id,unit,status,received,due\n"
        'A,"Sở Tư pháp,pending,2024-01-02,2024-01-05\n'
        "B,x,pending,2024-01-02,2024-01-05\n"
        'C,x",2024-01-02,2024-01-05\n'
        "D,x,pending,2024-01-02,2024-01-05\n",
        encoding="utf-8",
    )
    dossiers = read_dossiers_csv(path, calendar=calendar)
    assert (dossiers.rows_in, dossiers.rows_accepted) == (2, 1)
    row = dossiers.rejected().to_dict("records")[0]
    assert (row["line"], row["id"], row["field"]) == (2, "A", "")
    assert row["reason"].startswith("whole row: the row has 4 fields")
    assert "the record spans lines 2–4" in row["reason"]
