"""`cchc indicators`: the table, its output formats, rejected rows and bad input."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import re

import pandas as pd
import pytest

from cchc.cli import main
from cchc.i18n import format_percent
from cchc.io import read_dossiers_csv

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXPORT = ROOT / "examples" / "data" / "dossiers-q1.csv"
# The example export keeps four bad rows on purpose (examples/data/generate_dossiers_q1.py).
REJECTED_LINES = [42, 92, 152, 202]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    """The same numbers from the Python API, which the command must print unchanged."""
    return read_dossiers_csv(EXPORT).indicators(by=["unit", "quarter"])


def test_table_by_unit_and_quarter(capsys, expected: pd.DataFrame) -> None:
    code, out, err = run(capsys, "indicators", str(EXPORT), "--by", "unit,quarter")
    assert code == 0
    assert "nhận 356 hồ sơ, từng quý (chốt số liệu: day 14)" in out
    header = out.splitlines()[1]
    assert header.split("  ")[0] == "Đơn vị" and "Tử số" in header and "Mẫu số" in header
    assert "UBND huyện Tân Phú" in out and "2024-Q1" in out
    assert "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn" in out
    # Rejected rows are counted on stderr, not mixed into the table.
    assert "loại 4 trên 360 dòng (--rejected liệt kê các dòng này)" in err
    if expected["satisfaction_rate"].isna().any():
        assert "không áp dụng" in out
    # Ratios read as Vietnamese percentages: the first group's on-time rate.
    first = expected.iloc[0]
    assert f"{format_percent(100 * float(first['on_time_rate']))}  " in out
    code, out, err = run(capsys, "indicators", str(EXPORT), "--by", "unit,quarter", "--lang",
                         "en")
    assert "356 dossiers accepted, each quarter (cut-off day 14)" in out
    header = re.split(r"\s{2,}", out.splitlines()[1])
    assert header[:3] == ["Unit", "Quarter", "Indicator"]
    assert "Share of dossiers resolved early" in out
    assert "4 of 360 rows rejected (--rejected lists them)" in err
    if expected["satisfaction_rate"].isna().any():
        assert "n/a" in out


def test_csv_matches_the_python_api(capsys, expected: pd.DataFrame) -> None:
    code, out, _ = run(capsys, "indicators", str(EXPORT), "--by", "unit,quarter", "--csv")
    assert code == 0
    rows = csv_rows(out)
    assert list(rows[0]) == ["unit", "quarter", "indicator", "name", "value", "numerator",
                             "denominator"]
    groups = len(expected)
    assert len(rows) == groups * 13  # every indicator for every unit × quarter
    for _, group in expected.iterrows():
        for key in ("on_time_rate", "online_filing_rate", "satisfaction_rate"):
            (row,) = [r for r in rows if r["unit"] == group["unit"]
                      and r["quarter"] == group["quarter"] and r["indicator"] == key]
            assert int(row["numerator"]) == group[f"{key}_numerator"]
            assert int(row["denominator"]) == group[f"{key}_denominator"]
            if group[key] is pd.NA:
                assert row["value"] == "" and row["denominator"] == "0"  # missing, not 0
            else:
                assert float(row["value"]) == pytest.approx(float(group[key]), abs=1e-6)


def test_json_with_rejected_rows(capsys) -> None:
    code, out, err = run(capsys, "indicators", str(EXPORT), "--period", "2024-Q1", "--json",
                         "--rejected")
    assert code == 0
    payload = json.loads(out)
    assert payload["rows_in"] == 360
    assert payload["rows_accepted"] + payload["rows_rejected"] == payload["rows_in"]
    assert payload["period"] == "2024-Q1"
    assert payload["window"] == ["2023-12-15", "2024-03-14"]  # Decree 09/2019 cut-off, day 14
    assert [r["line"] for r in payload["rejected"]] == REJECTED_LINES
    assert {r["field"] for r in payload["rejected"]} >= {"channel", "received"}
    assert all(r["reason"] for r in payload["rejected"])
    (on_time,) = [r for r in payload["indicators"] if r["indicator"] == "on_time_rate"]
    assert on_time["value"] == pytest.approx(on_time["numerator"] / on_time["denominator"])
    assert "loại 4 trên 360 dòng" in err


def test_not_applicable_is_null_in_json(capsys, tmp_path: pathlib.Path) -> None:
    # Nobody rated and nothing was paid: those ratios have no denominator.
    export = tmp_path / "two.csv"
    export.write_text(
        "Mã hồ sơ,Trạng thái,Hình thức nộp,Ngày tiếp nhận,Thời hạn giải quyết,Ngày giải quyết\n"
        "H1,Đã giải quyết,Trực tuyến,02/02/2024,5,16/02/2024\n"
        "H2,Đã giải quyết,Trực tiếp,02/02/2024,5,19/02/2024\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "indicators", str(export), "--json")
    assert code == 0 and err == ""
    rows = {r["indicator"]: r for r in json.loads(out)["indicators"]}
    assert rows["on_time_rate"]["value"] == 0.5
    assert (rows["on_time_rate"]["numerator"], rows["on_time_rate"]["denominator"]) == (1, 2)
    assert rows["satisfaction_rate"]["value"] is None
    assert rows["satisfaction_rate"]["denominator"] == 0
    code, out, _ = run(capsys, "indicators", str(export))
    assert "không áp dụng" in out and "50 %" in out
    code, out, _ = run(capsys, "indicators", str(export), "--lang", "en")
    assert "n/a" in out and "50%" in out


def test_rejected_listing_and_strict(capsys) -> None:
    code, out, err = run(capsys, "indicators", str(EXPORT), "--rejected", "--strict")
    assert code == 1  # --strict: a rejected row fails the check
    listing = out[out.index("Các dòng bị loại (4):"):]
    assert listing.splitlines()[1].split() == ["Dòng", "Mã", "Cột", "dữ", "liệu", "Lý", "do"]
    for line in REJECTED_LINES:
        assert f"\n{line} " in listing
    # With --csv the listing goes to stderr, so that stdout stays one CSV table.
    code, out, err = run(capsys, "indicators", str(EXPORT), "--rejected", "--csv")
    assert code == 0
    table = list(csv.reader(io.StringIO(out)))
    assert table[0][0] == "year"  # no window given: each reporting year is counted
    assert all(len(row) == len(table[0]) == 6 for row in table)
    assert "Các dòng bị loại (4):" in err and "Fax" in err and "channel" in err


def test_window_from_to_and_month_groups(capsys) -> None:
    code, out, _ = run(capsys, "indicators", str(EXPORT), "--from", "2024-01-01", "--to",
                       "2024-01-31", "--by", "channel", "--csv")
    assert code == 0
    assert {r["channel"] for r in csv_rows(out)} <= {"online", "in_person", "postal", "unknown"}
    code, out, _ = run(capsys, "indicators", str(EXPORT), "--by", "month", "--csv",
                       "--cutoff", "month end")
    months = {r["month"] for r in csv_rows(out)}
    assert {"2024-01", "2024-02", "2024-03"} <= months


def test_columns_map_reads_other_headers(capsys, tmp_path: pathlib.Path) -> None:
    export = tmp_path / "other.csv"
    export.write_text(
        "Số hồ sơ,Tình trạng,Kênh,Ngày nộp,Số ngày,Ngày xong\n"
        "H1,Đã giải quyết,Trực tuyến,02/02/2024,5,16/02/2024\n",
        encoding="utf-8",
    )
    mapping = ("id=Số hồ sơ;status=Tình trạng;channel=Kênh;received=Ngày nộp;"
               "processing_days=Số ngày;resolved=Ngày xong")
    code, out, _ = run(capsys, "indicators", str(export), "--columns", mapping, "--json")
    assert code == 0
    rows = {r["indicator"]: r for r in json.loads(out)["indicators"]}
    assert rows["on_time_rate"]["value"] == 1.0


def test_parquet(capsys, tmp_path: pathlib.Path) -> None:
    pytest.importorskip("pyarrow")
    frame = pd.read_csv(EXPORT, encoding="utf-8-sig", dtype=str)
    path = tmp_path / "dossiers.parquet"
    frame.to_parquet(path)
    code, out, err = run(capsys, "indicators", str(path), "--period", "2024-Q1", "--json",
                         "--rejected")
    assert code == 0
    payload = json.loads(out)
    assert payload["rows_in"] == 360 and payload["rows_rejected"] == 4
    assert [r["row"] for r in payload["rejected"]] == [line - 2 for line in REJECTED_LINES]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.csv"], "missing.csv"),
        (["{export}", "--period", "2024-Q5"], "--period: không đọc được '2024-Q5'"),
        (["{export}", "--period", "2024-Q1", "--from", "2024-01-01", "--to", "2024-02-01"],
         "cho --period hoặc --from/--to, không cho cả hai"),
        (["{export}", "--from", "2024-01-01"], "--from và --to phải đi cùng nhau"),
        (["{export}", "--from", "2024-03-01", "--to", "2024-01-01"], "trước --from"),
        (["{export}", "--columns", "received"], "không có dạng trường=Tiêu đề cột"),
        (["{export}", "--columns", "arrival=Ngày"], "'arrival' không phải trường dữ liệu hồ sơ"),
        (["{export}", "--columns", "unit=Cơ quan"], "no column 'Cơ quan' (for unit)"),
        (["{export}", "--columns", "received=Ngày nộp"], "thiếu cột bắt buộc: ngày tiếp nhận"),
        (["{export}", "--cutoff", "sometimes", "--period", "2024-Q1"], "sometimes"),
        (["{empty}"], "empty.csv"),
    ],
)
def test_bad_input_exits_2_with_a_message(capsys, tmp_path: pathlib.Path, argv: list[str],
                                          message: str) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    argv = [a.format(export=EXPORT, empty=empty) for a in argv]
    code, out, err = run(capsys, "indicators", *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("cchc: lỗi: ") and message in err


@pytest.mark.parametrize(("by", "vietnamese", "english"), [
    ("unit,region", "không nhóm được theo region: các khóa là", "cannot group by region"),
    ("quarter,month", "nhiều nhất một trong month, quarter", "at most one of month, quarter"),
    ("unit,unit", "'unit,unit' ghi một khóa hai lần", "'unit,unit' names a key twice"),
    ("", "không nhóm được theo ''", "cannot group by ''"),
])
def test_bad_by_is_a_usage_error(capsys, by: str, vietnamese: str, english: str) -> None:
    for lang, expected in (("vi", vietnamese), ("en", english)):
        with pytest.raises(SystemExit) as exit_info:
            main(["--lang", lang, "indicators", str(EXPORT), "--by", by])
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert "--by" in err and expected in err, err


def test_help_teaches(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["indicators", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for word in ("--by", "--period", "--rejected", "--strict", "không áp dụng", "Ví dụ"):
        assert word in out
