"""Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP) from the engine's counts."""

from __future__ import annotations

import json
import os
import pathlib

import pandas as pd
import pytest

from cchc.cli import main
from cchc.dossier import ingest
from cchc.errors import CchcError
from cchc.form06 import COLUMNS, form_06, level_by_name
from cchc.io import read_dossiers_csv

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXPORT = ROOT / "examples" / "data" / "dossiers-q1.csv"
NUMBERS = [key for number, key in COLUMNS if number >= 3]


@pytest.fixture(scope="module")
def dossiers():  # type: ignore[no-untyped-def]
    return read_dossiers_csv(EXPORT)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("period", ["2024-Q1", "2024-01", "2024-02", "2023-Q4", "2024"])
@pytest.mark.parametrize("levels", [None, "by-name"])
def test_the_form_equals_the_engine_counts_and_its_identities_hold(dossiers, period: str,
                                                                   levels: str | None) -> None:
    form = form_06(dossiers, period, levels=levels)  # type: ignore[arg-type]
    counts = dossiers.counts(period).iloc[0]
    total = form.total()
    assert total == {
        "received_total": counts["received_new"] + counts["received_carried_over"],
        "received_online": counts["new_online"],
        "received_in_person_or_postal": counts["new_in_person"] + counts["new_postal"],
        "received_carried_over": counts["received_carried_over"],
        "resolved_total": counts["resolved"],
        "resolved_early": counts["resolved_early"],
        "resolved_on_time": counts["resolved_on_time"],
        "resolved_late": counts["resolved_late"],
        "pending_total": counts["pending"],
        "pending_within": counts["pending_within"],
        "pending_overdue": counts["pending_overdue"],
    }
    assert form.identities_hold, form.checks[~form.checks["holds"]]
    frame = form.frame
    fields = frame[frame["row_kind"] == "field"]
    # The sums of the field rows equal the engine's ungrouped counts, column by column.
    for key in NUMBERS:
        assert fields[key].sum() == total[key]
    # Field rows equal the engine's counts by field (summed over units when by level).
    by_field = dossiers.counts(period, by="field").set_index("field")
    for field, rows in fields.groupby("field"):
        assert rows["resolved_late"].sum() == by_field.loc[field, "resolved_late"]
        assert rows["received_total"].sum() == by_field.loc[field, "received_total"]
    if levels:
        for level, group in fields.groupby("level"):
            subtotal = frame[(frame["row_kind"] == "level") & (frame["level"] == level)].iloc[0]
            assert all(subtotal[key] == group[key].sum() for key in NUMBERS)
    # Every row has its four identities checked, plus one per column of the total row.
    assert len(form.checks) == 4 * len(frame) + len(NUMBERS)


def test_the_q1_example_by_level(dossiers) -> None:
    form = form_06(dossiers, "2024-Q1", levels="by-name")
    frame = form.frame
    assert list(frame["row_kind"]) == ["level", *["field"] * 7, "level", "field", "field",
                                       "total"]
    assert list(frame[frame["row_kind"] == "level"]["label"]) == ["Cấp tỉnh", "Cấp huyện"]
    assert list(frame[frame["row_kind"] == "level"]["stt"]) == ["I", "II"]
    assert form.total()["received_total"] == 341
    # 10 refused and 5 withdrawn dossiers are in no column: 341 = 299 + 27 + 15.
    identity = form.checks[(form.checks["row"] == "Tổng cộng")
                           & form.checks["identity"].str.startswith("3 = 7 + 11")].iloc[0]
    assert identity["identity"] == "3 = 7 + 11 + refused/withdrawn"
    assert (identity["left"], identity["right"]) == (341, 341)
    assert "10 refused and 5 withdrawn" in identity["note"]


def test_the_carried_over_setting(dossiers) -> None:
    included = form_06(dossiers, "2024-Q1").total()
    separate = form_06(dossiers, "2024-Q1", carried_over="separate")
    assert separate.total()["received_total"] == included["received_total"] - 28
    assert separate.identities_hold
    assert "3 + 6 = 7 + 11 + refused/withdrawn" in set(separate.checks["identity"])
    with pytest.raises(ValueError, match="carried_over"):
        form_06(dossiers, "2024-Q1", carried_over="apart")  # type: ignore[arg-type]


def frame(channel: list[str | None], field: list[str]) -> pd.DataFrame:
    size = len(channel)
    return pd.DataFrame({
        "id": [f"D{i}" for i in range(size)], "unit": ["Sở Tư pháp"] * size, "field": field,
        "channel": channel, "status": ["resolved"] * size, "processing_days": [5] * size,
        "received": pd.to_datetime(["2024-02-02"] * size),
        "resolved": pd.to_datetime(["2024-02-16"] * size),
    })


def test_an_unknown_channel_breaks_3_equals_4_5_6_visibly() -> None:
    form = form_06(ingest(frame(["online", None, "postal"], ["Hộ tịch"] * 3)), "2024-Q1")
    failing = form.checks[~form.checks["holds"]]
    assert not form.identities_hold
    assert set(failing["identity"]) == {"3 = 4 + 5 + 6"}
    assert "1 new dossiers have no known channel" in set(failing["note"])


def test_an_empty_window_and_a_missing_field() -> None:
    data = ingest(frame(["online", "online"], ["", "Hộ tịch"]))
    empty = form_06(data, "2025-Q1")
    assert list(empty.frame["row_kind"]) == ["total"]
    assert empty.total() == dict.fromkeys(NUMBERS, 0)
    assert empty.identities_hold
    assert "tỷ lệ" not in empty.paragraph()  # no resolved dossier: no rate, not 0 % or 100 %
    form = form_06(data, "2024-Q1")
    assert "(không ghi lĩnh vực)" in set(form.frame["label"])


def test_levels_by_name_never_guess() -> None:
    assert level_by_name("Sở Công Thương") == "Cấp tỉnh"
    assert level_by_name("UBND huyện Tân Phú") == "Cấp huyện"
    assert level_by_name("UBND thị xã Đức Phổ") == "Cấp huyện"
    assert level_by_name("UBND xã Tịnh Phong") == "Cấp xã"
    assert level_by_name("Ủy ban nhân dân phường Lê Hồng Phong") == "Cấp xã"
    with pytest.raises(CchcError, match="Công an tỉnh"):
        level_by_name("Công an tỉnh")
    with pytest.raises(CchcError, match="no level"):
        form_06(ingest(frame(["online"], ["Hộ tịch"])), "2024-Q1", levels={"Sở Y tế": "Cấp tỉnh"})


def test_the_paragraph(dossiers) -> None:
    form = form_06(dossiers, "2024-Q1")
    text = form.paragraph()
    assert text.startswith("Số liệu tính từ ngày 15/12/2023 đến ngày 14/3/2024. Tổng số hồ sơ "
                           "tiếp nhận: 341 hồ sơ, trong đó: số mới tiếp nhận trong kỳ 313 hồ sơ")
    assert "tỷ lệ giải quyết trước hạn và đúng hạn đạt 80,94 %" in text  # 242 / 299
    assert "Từ chối giải quyết 10 hồ sơ; tổ chức, công dân rút 5 hồ sơ." in text
    english = form.paragraph("en")
    assert ("Dossiers received: 341 dossiers, of which: newly received in the period 313 "
            "dossiers") in english
    assert "resolved early or on time: 80.94%" in english
    assert form.paragraph() == text  # the language in force: Vietnamese by default
    big = {"received_new": 6063, "received_carried_over": 23, "new_online": 5626,
           "new_in_person": 400, "new_postal": 37, "new_channel_unknown": 0,
           "resolved_early": 6072, "resolved_on_time": 0, "resolved_late": 1,
           "pending_within": 13, "pending_overdue": 0, "refused": 0, "withdrawn": 0}
    from cchc.form06 import _paragraph

    seed = _paragraph(big, form.first, form.last, "vi")
    assert "Tổng số hồ sơ tiếp nhận: 6.086 hồ sơ, trong đó: số mới tiếp nhận trong kỳ 6.063" in seed
    assert "trực tuyến 5.626 hồ sơ, trực tiếp và qua dịch vụ bưu chính 437 hồ sơ" in seed
    assert "đạt 99,98 %" in seed


def test_excel(dossiers, tmp_path: pathlib.Path) -> None:
    from openpyxl import load_workbook

    data = frame(["online", "online", "in_person"], ["=HYPERLINK(\"http://x\")", "@SUM(A1)",
                                                     "Hộ tịch"])
    form = form_06(ingest(data), "2024-Q1", unit="+cmd|' /C calc'!A0")
    path = tmp_path / "bieu-06.xlsx"
    form.write_excel(path)
    book = load_workbook(path)
    sheet = book["Biểu 06"]
    assert sheet["A1"].value == "Biểu số 06/VPCP/KSTT"
    assert sheet["A3"].value == "Kỳ báo cáo: Quý I/2024 (từ ngày 15/12/2023 đến ngày 14/3/2024)"
    assert [sheet.cell(10, column).value for column in range(1, 14)] == [
        f"({number})" for number in range(1, 14)]
    labels = {sheet.cell(row, 2).value: row for row in range(11, 11 + len(form.frame))}
    # Text from the data is text, never a formula.
    for text in ("=HYPERLINK(\"http://x\")", "@SUM(A1)"):
        cell = sheet.cell(labels[text], 2)
        assert cell.data_type == "s" and cell.quotePrefix
    assert sheet["A4"].data_type == "s"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    total_row = labels["Tổng cộng"]
    assert [sheet.cell(total_row, column).value for column in range(3, 14)] == [
        form.total()[key] for key in NUMBERS]
    assert book.sheetnames == ["Biểu 06", "Số liệu"]
    # Written through a temporary file: nothing else is left in the folder.
    assert os.listdir(tmp_path) == ["bieu-06.xlsx"]
    with pytest.raises(CchcError, match="xlsx"):
        form.write_excel(tmp_path / "bieu-06.xls")
    with pytest.raises(CchcError, match="does not exist"):
        form.write_excel(tmp_path / "no" / "bieu-06.xlsx")


def test_a_failed_write_leaves_the_old_file(dossiers, tmp_path: pathlib.Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bieu-06.xlsx"
    path.write_bytes(b"old")
    form = form_06(dossiers, "2024-Q1")

    def broken_save(self, filename):  # type: ignore[no-untyped-def]
        with open(filename, "wb") as handle:
            handle.write(b"half")
        raise OSError("disk full")

    monkeypatch.setattr("openpyxl.Workbook.save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        form.write_excel(path)
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["bieu-06.xlsx"]


# --- the command ----------------------------------------------------------------------------

def test_form_table_on_stdout(capsys) -> None:
    code, out, err = run(capsys, "indicators", str(EXPORT), "--form", "06", "--period",
                         "2024-Q1", "--levels", "by-name")
    assert code == 0
    assert out.startswith("Biểu số 06/VPCP/KSTT — Quý I/2024, số liệu từ ngày 15/12/2023")
    assert "Mọi đẳng thức của biểu đều đúng (59 kiểm tra)." in out
    assert "Tổng số hồ sơ tiếp nhận: 341 hồ sơ" in out
    total = next(line for line in out.splitlines() if "Tổng cộng" in line).split()
    assert total[-11:] == ["341", "173", "140", "28", "299", "129", "113", "57", "27", "26", "1"]
    assert "--rejected" in err


def test_form_json_csv_and_output(capsys, tmp_path: pathlib.Path) -> None:
    code, out, _ = run(capsys, "indicators", str(EXPORT), "--form", "06", "--period", "2024-Q1",
                       "--json")
    assert code == 0
    payload = json.loads(out)
    assert list(payload) == ["form", "period", "window", "carried_over", "columns", "rows",
                             "checks", "identities_hold", "paragraph"]
    assert payload["rows"][-1]["received_total"] == 341 and payload["identities_hold"] is True
    assert payload["columns"]["3"] == "received_total"
    code, out, _ = run(capsys, "indicators", str(EXPORT), "--form", "06", "--period", "2024-Q1",
                       "--csv")
    assert code == 0 and out.splitlines()[0].startswith("row_kind,level,field,stt,label,")
    path = tmp_path / "b06.xlsx"
    code, out, _ = run(capsys, "indicators", str(EXPORT), "--form", "06", "--period", "2024-Q1",
                       "--output", str(path), "--lang", "en")
    assert code == 0 and path.exists() and "Form 06/VPCP/KSTT written" in out


def test_form_exits_1_when_an_identity_fails(capsys, tmp_path: pathlib.Path) -> None:
    export = tmp_path / "unknown-channel.csv"
    export.write_text(
        "id,received,status,processing_days,resolved,channel,field\n"
        "A,2024-02-02,resolved,5,2024-02-16,online,Hộ tịch\n"
        "B,2024-02-02,resolved,5,2024-02-16,,Hộ tịch\n", encoding="utf-8")
    code, out, _ = run(capsys, "indicators", str(export), "--form", "06", "--period", "2024-Q1")
    assert code == 1
    assert "Hộ tịch: 3 = 4 + 5 + 6: 2 ≠ 1 (1 hồ sơ mới không rõ hình thức nộp)" in out


@pytest.mark.parametrize("argv", [
    ["--form", "06"],                                        # no window
    ["--form", "06", "--period", "2024-Q1", "--by", "unit"],  # rows are the form's
    ["--form", "06", "--period", "2024-Q1", "--levels", "missing.csv"],
    ["--form", "06", "--period", "2024-Q1", "--output", "x.xlsx", "--json"],
])
def test_form_usage_errors(capsys, argv: list[str]) -> None:
    code, _, err = run(capsys, "indicators", str(EXPORT), *argv)
    assert code == 2 and "cchc: lỗi:" in err


def test_levels_file(capsys, tmp_path: pathlib.Path) -> None:
    levels = tmp_path / "levels.csv"
    levels.write_text("unit,level\nSở Công Thương,Cấp tỉnh\nSở Kế hoạch và Đầu tư,Cấp tỉnh\n"
                      "Sở Tư pháp,Cấp tỉnh\nUBND huyện Tân Phú,Cấp huyện\n", encoding="utf-8")
    code, out, _ = run(capsys, "indicators", str(EXPORT), "--form", "06", "--period", "2024-Q1",
                       "--levels", str(levels), "--json")
    assert code == 0
    kinds = [row["label"] for row in json.loads(out)["rows"] if row["row_kind"] == "level"]
    assert kinds == ["Cấp tỉnh", "Cấp huyện"]
    levels.write_text("unit,level\nSở Công Thương,Cấp tỉnh\nSở Công Thương,Cấp huyện\n",
                      encoding="utf-8")
    code, _, err = run(capsys, "indicators", str(EXPORT), "--form", "06", "--period", "2024-Q1",
                       "--levels", str(levels))
    assert code == 2 and "levels.csv:3" in err


def test_counts_on_the_command_line(capsys, dossiers) -> None:
    code, out, _ = run(capsys, "indicators", str(EXPORT), "--counts", "--period", "2024-Q1",
                       "--json")
    assert code == 0
    row = json.loads(out)["counts"][0]
    expected = dossiers.counts("2024-Q1").iloc[0]
    assert row == {name: int(expected[name]) for name in expected.index}
    assert row["received_carried_over"] == 28
    code, out, _ = run(capsys, "indicators", str(EXPORT), "--counts", "--by", "unit",
                       "--period", "2024-Q1", "--csv")
    assert code == 0 and len(out.splitlines()) == 5
    code, out, _ = run(capsys, "indicators", str(EXPORT), "--counts", "--period", "2024-Q1")
    assert "Từ kỳ trước chuyển qua" in out and "received_carried_over" in out
