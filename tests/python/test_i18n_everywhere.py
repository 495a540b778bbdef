"""Issue 15, item 2's remainder: what still reached people in English. Error reasons after
"cchc: lỗi:", the reasons of rejected dossier rows, the calendar's day notes and the Excel
template are Vietnamese by default and English with --lang en, while JSON keeps stable English
keys (and the rejected rows' reasons gain a stable code); a closed pipe on Windows (EINVAL)
ends as quietly as a BrokenPipeError."""

from __future__ import annotations

import errno
import io
import json
import pathlib
import re
import sys

import pandas as pd
import pytest

from cchc import _core, cli, dossier, messages
from cchc.calendar import WorkCalendar
from cchc.i18n import language
from cchc.report import read_template, template_columns, write_template
from cchc.score import Framework, score

EXIT_BAD_INPUT = 2


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- error reasons -------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "expected"), [
    ("vi", "cchc: lỗi: --from và --to phải đi cùng nhau"),
    ("en", "cchc: error: --from and --to go together"),
])
def test_an_argument_check_speaks_the_language(capsys, tmp_path, lang, expected) -> None:
    data = tmp_path / "d.csv"
    data.write_text("id,unit,status,received,due\nA,U,pending,2024-01-02,2024-01-09\n",
                    encoding="utf-8")
    code, _out, err = run(capsys, "indicators", str(data), "--from", "2024-01-01", "--lang", lang)
    assert code == EXIT_BAD_INPUT
    assert expected in err


@pytest.mark.parametrize(("lang", "expected", "english_only"), [
    ("vi", "'x' không phải số nguyên", "is not a whole number"),
    ("en", "'x' is not a whole number", "không phải"),
])
def test_a_bad_receipts_file_is_named_in_the_language(capsys, tmp_path, lang, expected,
                                                      english_only) -> None:
    receipts = tmp_path / "r.csv"
    receipts.write_text("id,received,working_days\nA,2024-02-01,x\n", encoding="utf-8")
    code, _out, err = run(capsys, "calendar", "due-dates", str(receipts), "--lang", lang)
    assert code == EXIT_BAD_INPUT
    field = "trường 'working_days'" if lang == "vi" else "field 'working_days'"
    assert f"{receipts}:2: {field}: {expected}" in err
    assert english_only not in err


@pytest.mark.parametrize(("lang", "expected"), [
    ("vi", "không tìm thấy tệp"),
    ("en", "no such file"),
])
def test_a_missing_file_is_said_in_the_language(capsys, tmp_path, lang, expected) -> None:
    code, _out, err = run(capsys, "calendar", "due-dates", str(tmp_path / "none.csv"),
                          "--lang", lang)
    assert code == EXIT_BAD_INPUT and f"none.csv: {expected}" in err


@pytest.mark.parametrize(("lang", "expected"), [
    ("vi", "không có tệp hoặc thư mục này"),
    ("en", "no such file or folder"),
])
def test_a_system_error_is_said_in_the_language(capsys, tmp_path, lang, expected) -> None:
    # The folder of --output exists but is removed before the file is written: the system's
    # ENOENT, which the C locale writes in English, is translated.
    target = tmp_path / "gone" / "out.csv"
    error = FileNotFoundError(errno.ENOENT, "No such file or directory", str(target))
    with language(lang):
        code = cli._os_error(error)
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert f"{target}: {expected}" in err and "No such file or directory" not in err


def test_an_unknown_system_error_keeps_the_systems_words(capsys) -> None:
    with language("vi"):
        cli._os_error(OSError(errno.EIO, "Input/output error", "disk.csv"))
    assert "disk.csv: Input/output error" in capsys.readouterr().err


@pytest.mark.parametrize(("lang", "expected"), [
    ("vi", "mẫu là sổ tính .xlsx"),
    ("en", "the template is an .xlsx workbook"),
])
def test_template_argument_errors_speak_the_language(capsys, tmp_path, lang, expected) -> None:
    code, _out, err = run(capsys, "template", "department-example", str(tmp_path / "t.csv"),
                          "--lang", lang)
    assert code == EXIT_BAD_INPUT and expected in err


def test_a_values_file_with_a_bad_number_is_named_in_vietnamese(capsys, tmp_path) -> None:
    values = tmp_path / "values.csv"
    values.write_text("key,value\nrate,abc\n", encoding="utf-8")
    plan = pathlib.Path(__file__).resolve().parents[1] / "data" / "plans" / "sample-plan.toml"
    code, _out, err = run(capsys, "plan", "status", str(plan), "--values", str(values),
                          "--on", "2026-06-30")
    assert code == EXIT_BAD_INPUT
    assert f"{values}:2: trường 'value': 'abc' không phải số" in err
    assert "is not a number" not in err


# --- rejected dossier rows -----------------------------------------------------------------------

BAD_ROWS = (
    "id,unit,status,received,due,resolved,returned,processing_days,received_hour,satisfaction\n"
    "OK,U,resolved,2024-03-04,2024-03-08,2024-03-06,,,,\n"
    "DUE,U,resolved,2024-03-05,2024-03-01,2024-03-06,,,,\n"
    "RES,U,resolved,2024-03-05,2024-03-08,2024-03-04,,,,\n"
    "RET,U,resolved,2024-03-05,2024-03-08,2024-03-07,2024-03-06,,,\n"
    "PEND,U,pending,2024-03-05,2024-03-08,2024-03-07,,,,\n"
    "NODATE,U,resolved,2024-03-05,2024-03-08,,,,,\n"
    "REFUSED,U,refused,2024-03-05,2024-03-08,,,,,\n"
    "HOUR,U,resolved,2024-03-05,2024-03-08,2024-03-06,,,25,\n"
    "NEG,U,resolved,2024-03-05,,2024-03-06,,-3,,\n"
    "NODUE,U,resolved,2024-03-05,,2024-03-06,,,,\n"
    "RATE,U,resolved,2024-03-05,2024-03-08,2024-03-06,,,,7\n"
    "NORECEIPT,U,resolved,,2024-03-08,2024-03-06,,,,\n"
)

#: The rules a row breaks (docs/dossier/indicators.md) and their codes. The CSV reader checks
#: some cells itself (an hour, processing days, a rating, a missing receipt date) and gives
#: those reasons as it writes them; ingestion from columns gives them as codes.
EXPECTED_CODES = {
    "DUE": "row.due_before_received",
    "RES": "row.resolved_before_received",
    "RET": "row.returned_before_resolved",
    "PEND": "row.pending_with_closing_date",
    "NODATE": "row.resolved_without_date",
    "REFUSED": "row.closed_without_date",
    "NODUE": "row.no_due_nor_processing_days",
}


@pytest.fixture()
def bad_rows(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "bad-rows.csv"
    path.write_text(BAD_ROWS, encoding="utf-8")
    return path


def test_the_engine_and_python_know_the_same_rejection_codes() -> None:
    assert messages.REJECTION_TEMPLATES == dict(_core.dossier.rejection_templates())


def test_every_rule_broken_has_a_code_whose_english_is_the_reason(bad_rows) -> None:
    from cchc.io import read_dossiers_csv

    rejected = read_dossiers_csv(bad_rows).rejected()
    assert list(rejected.columns) == ["line", "id", "field", "reason", "reason_code",
                                      "reason_arguments"]
    codes = dict(zip(rejected["id"], rejected["reason_code"]))
    assert {key: codes[key] for key in EXPECTED_CODES} == EXPECTED_CODES
    with language("en"):
        assert messages.rejection_reasons(rejected) == list(rejected["reason"])
    with language("vi"):
        vietnamese = dict(zip(rejected["id"], messages.rejection_reasons(rejected)))
    assert vietnamese["DUE"] == "hạn trả 01/03/2024 trước ngày tiếp nhận 05/03/2024"
    assert vietnamese["REFUSED"] == "trạng thái bị từ chối nhưng không có ngày kết thúc"
    assert vietnamese["RET"] == "ngày trả kết quả 06/03/2024 trước ngày giải quyết 07/03/2024"
    for key in EXPECTED_CODES:
        text = vietnamese[key]
        assert "before" not in text and "status is" not in text and "due date" not in text


def test_column_ingestion_gives_codes_for_every_rule() -> None:
    frame = pd.DataFrame({
        "id": ["A", "B", "C", "D", "E"],
        "unit": ["U"] * 5,
        "status": ["resolved", "pending", "resolved", "resolved", "resolved"],
        "received": pd.to_datetime(["2024-02-05", None, "2024-02-05", "2024-02-05",
                                    "2024-02-05"]),
        "due": pd.to_datetime(["2024-02-09", "2024-02-09", "2024-02-09", "2024-02-09", None]),
        "resolved": pd.to_datetime(["2024-02-01", None, "2024-02-06", "2024-02-06",
                                    "2024-02-06"]),
        "received_hour": pd.array([None, None, 25, None, None], dtype="Int64"),
        "satisfaction": pd.array([None, None, None, 7, None], dtype="Int64"),
        "processing_days": pd.array([None, None, None, None, -3], dtype="Int64"),
    })
    rejected = dossier.ingest(frame).rejected()
    assert rejected["reason_code"].tolist() == [
        "row.resolved_before_received", "row.received_missing", "row.received_hour_range",
        "row.satisfaction_range", "row.processing_days_negative"]
    with language("en"):
        assert messages.rejection_reasons(rejected) == list(rejected["reason"])
    with language("vi"):
        assert messages.rejection_reasons(rejected)[1:] == [
            "thiếu ngày tiếp nhận", "giờ 25 ngoài khoảng 0–23", "mức đánh giá 7 ngoài khoảng 1–5",
            "thời hạn giải quyết âm -3 ngày làm việc"]
    assert rejected["reason_arguments"][0] == {"resolved": "01/02/2024", "received": "05/02/2024"}
    with language("vi"):
        assert messages.rejection_reasons(rejected)[0] == (
            "ngày giải quyết 01/02/2024 trước ngày tiếp nhận 05/02/2024")


def test_a_reason_without_a_code_is_shown_as_the_reader_wrote_it() -> None:
    assert messages.rejection_reason("", {}, "cannot read 'x' as a date") == (
        "cannot read 'x' as a date")
    assert messages.rejection_reason("row.from_the_future", {}, "as written") == "as written"


@pytest.mark.parametrize(("lang", "shown", "absent"), [
    ("vi", "hạn trả 01/03/2024 trước ngày tiếp nhận 05/03/2024", "is before received"),
    ("en", "due 01/03/2024 is before received 05/03/2024", "trước ngày tiếp nhận"),
])
def test_the_cli_lists_rejected_rows_in_the_language(capsys, bad_rows, lang, shown,
                                                     absent) -> None:
    code, out, _err = run(capsys, "indicators", str(bad_rows), "--rejected", "--lang", lang)
    assert code == 0
    assert shown in out and absent not in out


def test_the_json_of_rejected_rows_is_the_same_in_both_languages(capsys, bad_rows) -> None:
    outputs = []
    for lang in ("vi", "en"):
        code, out, _err = run(capsys, "indicators", str(bad_rows), "--rejected", "--json",
                              "--lang", lang)
        assert code == 0
        outputs.append(out)
    assert outputs[0] == outputs[1]
    rows = json.loads(outputs[0])["rejected"]
    due = next(row for row in rows if row["id"] == "DUE")
    assert due["reason"] == "due 01/03/2024 is before received 05/03/2024"
    assert due["reason_code"] == "row.due_before_received"
    assert due["reason_arguments"] == {"due": "01/03/2024", "received": "05/03/2024"}


# --- calendar day notes --------------------------------------------------------------------------


def _compensatory_day(calendar: WorkCalendar) -> object:
    for year in (2024, 2025, 2026):
        for day in calendar.special_days(year):
            if day.kind == "compensatory" and day.holiday == "tet":
                return day.date
    raise AssertionError("no compensatory Tết day in 2024–2026")


@pytest.mark.parametrize(("lang", "expected", "absent"), [
    ("vi", "Tết Nguyên đán (ngày nghỉ bù)", "compensatory"),
    ("en", "Lunar New Year (Tết) (compensatory day off)", "nghỉ bù"),
])
def test_a_day_note_is_in_the_language(capsys, calendar, lang, expected, absent) -> None:
    day = _compensatory_day(calendar)
    with language(lang):
        assert calendar.day_reason(day) == expected
        assert calendar.day_reason(pd.Timestamp("2024-03-05").date()) == (
            "ngày làm việc" if lang == "vi" else "working day")
    code, out, _err = run(capsys, "calendar", "day", str(day), "--lang", lang)
    assert code == 0 and expected in out and absent not in out
    # Programs keep the engine's English reason.
    code, out, _err = run(capsys, "calendar", "day", str(day), "--json", "--lang", lang)
    assert json.loads(out)[0]["reason"] == "Tết Nguyên đán (compensatory)"


def test_due_explain_lists_days_off_in_vietnamese(capsys) -> None:
    code, out, _err = run(capsys, "calendar", "due", "2024-02-07", "5", "--explain")
    assert code == 0
    assert "Tết Nguyên đán (ngày lễ)" in out and "(holiday)" not in out
    assert "ngày nghỉ hằng tuần" in out and "weekly rest day" not in out


# --- the Excel template --------------------------------------------------------------------------


def test_cchc_template_lang_en_writes_an_english_template_that_reads_back(capsys,
                                                                          tmp_path) -> None:
    from openpyxl import load_workbook

    english = tmp_path / "en.xlsx"
    code, out, _err = run(capsys, "template", "department-example", str(english), "--lang", "en")
    assert code == 0 and "Template written" in out
    book = load_workbook(english)
    assert book.sheetnames == ["Information", "Self-assessment"]
    sheet = book["Self-assessment"]
    assert [cell.value for cell in sheet[1]] == [h for _k, h in template_columns("en")]
    assert sheet["A1"].value == "Criterion code"
    hints = " ".join(str(sheet.cell(row, 4).value) for row in range(2, sheet.max_row + 1))
    assert "Fill in" in hints and "Điền" not in hints
    assert "Hướng dẫn" not in str([c.value for row in book["Information"] for c in row])
    # Fill one value and read it back; findings point at the English sheet.
    framework = Framework.shipped("department-example")
    codes = [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)]
    value_column = [k for k, _h in template_columns("en")].index("value") + 1
    leaf = next(code for code in codes if "value" in _takes(framework, code))
    sheet.cell(codes.index(leaf) + 2, value_column).value = 50
    book.save(english)
    assessment = read_template(english, framework)
    assert assessment.answer(leaf)["value"] == 50.0
    assert assessment.template_language == "en"
    locations = score(framework, assessment).findings["location"]
    assert any("sheet 'Self-assessment'" in str(place) for place in locations)
    # The check command reads it too.
    code, _out, _err = run(capsys, "check", "department-example", str(english), "--lang", "en")
    assert code in (0, 1)


def _takes(framework: Framework, code: str) -> set[str]:
    from cchc.report import _open_fields

    nodes = framework.nodes.set_index("code")
    return _open_fields({**nodes.loc[code].to_dict(), "code": code})


def test_the_default_template_stays_vietnamese_and_both_read_back(tmp_path) -> None:
    from openpyxl import load_workbook

    framework = Framework.shipped("department-example")
    vietnamese = tmp_path / "vi.xlsx"
    write_template(framework, vietnamese)
    assert load_workbook(vietnamese).sheetnames == ["Thông tin", "Tự đánh giá"]
    assert read_template(vietnamese, framework).template_language == "vi"
    english = tmp_path / "en.xlsx"
    write_template(framework, english, lang="en")
    assert read_template(english, framework).template_language == "en"


def test_a_wrong_header_of_an_english_template_is_named(tmp_path) -> None:
    from openpyxl import load_workbook

    from cchc.errors import ParseError

    framework = Framework.shipped("department-example")
    path = tmp_path / "en.xlsx"
    write_template(framework, path, lang="en")
    book = load_workbook(path)
    book["Self-assessment"]["F1"].value = "Giá trị / số lượng"
    book.save(path)
    with language("en"), pytest.raises(ParseError, match="where 'Value / count' was expected"):
        read_template(path, framework)


# --- a pipe closed on Windows --------------------------------------------------------------------


class _ClosedPipe(io.StringIO):
    """stdout whose reader went away, as Windows reports it: EINVAL on write."""

    def write(self, text: str) -> int:
        raise OSError(errno.EINVAL, "Invalid argument")


def test_einval_on_windows_is_a_closed_pipe_exit_0(monkeypatch, capsys) -> None:
    monkeypatch.setattr(cli, "_WINDOWS", True)
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert cli.main(["calendar", "due", "2024-02-02", "5", "--csv"]) == 0
    assert "Invalid argument" not in capsys.readouterr().err


def test_einval_elsewhere_is_an_error(monkeypatch, capsys) -> None:
    monkeypatch.setattr(cli, "_WINDOWS", False)
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert cli.main(["calendar", "due", "2024-02-02", "5", "--csv"]) == EXIT_BAD_INPUT
    assert "Invalid argument" in capsys.readouterr().err


def test_einval_naming_a_file_is_not_a_closed_pipe(monkeypatch) -> None:
    monkeypatch.setattr(cli, "_WINDOWS", True)
    assert cli._reader_gone(OSError(errno.EINVAL, "Invalid argument"))
    assert not cli._reader_gone(OSError(errno.EINVAL, "Invalid argument", "out.csv"))
    assert cli._reader_gone(BrokenPipeError())


# --- rules fed counts --------------------------------------------------------------------------


def test_a_proportional_rule_fed_counts_is_explained_in_the_language() -> None:
    from cchc.i18n import format_number
    from cchc.score import Assessment

    framework = Framework.shipped("decision-766-portal")
    nodes = framework.nodes.set_index("code")
    leaf = next(code for code in framework.leaf_codes
                if isinstance(nodes.loc[code, "rule"], dict)
                and nodes.loc[code, "rule"].get("kind") == "proportional")
    maximum = float(nodes.loc[leaf, "max"])
    assessment = Assessment(framework.id)
    assessment.set(leaf, ratio=(1, 3))
    report = score(framework, assessment)
    row = report.nodes.set_index("code").loc[leaf]
    assert row["explanation_message"]["code"] == "rule.proportional.ratio"
    for lang in ("vi", "en"):
        with language(lang):
            expected = (f"{format_number(maximum, 2)} × 1/3 = "
                        f"{format_number(maximum / 3, 2)}")
            assert messages.node_explanations(report)[leaf] == expected


def test_the_messages_of_rules_fed_counts_have_vietnamese_words() -> None:
    cases = [
        ({"code": "rule.ratio.if_empty", "arguments": {"points": 6.0}},
         "mẫu số bằng 0 → 6 (if_empty)"),
        ({"code": "rule.ratio.not_applicable", "arguments": {}},
         "mẫu số bằng 0: không áp dụng (không có if_empty)"),
        ({"code": "rule.proportional.ratio",
          "arguments": {"max": 2.0, "numerator": 87.0, "denominator": 89.0,
                        "points": 2 * 87 / 89}}, "2 × 87/89 = 1,96"),
        ({"code": "source.indicator_replaced",
          "arguments": {"indicator": "x", "numerator": 85.0, "denominator": 100.0,
                        "given_numerator": 1.0, "given_denominator": 2.0}},
         "chỉ số x = 85/100 (thay số liệu 1/2 đã nhập)"),
    ]
    with language("vi"):
        for message, expected in cases:
            assert messages.render(message) == expected


# --- cells the readers cannot read, and rows they cannot split -------------------------------

CELL_ROWS = (
    "id,status,received,due,channel,processing_days,pauses,received_hour,satisfaction\n"
    "A,pending,02/01/2024\n"
    "B,lost,02/01/2024,03/01/2024,,,,,\n"
    "D,pending,32/01/2024,,,,,,\n"
    "E,pending,02/01/2024,,fax,,,,\n"
    "F,pending,02/01/2024,,,5 tuần,,,\n"
    "G,pending,02/01/2024,,,5,02/01/2024,,\n"
    "H,pending,02/01/2024,,,5,03/01/2024..x,,\n"
    "I,pending,02/01/2024,,,5,,25,\n"
    "J,pending,02/01/2024,09/01/2024,,,,,9\n"
    "K,,02/01/2024,09/01/2024,,,,,\n"
    "P,pending,02/01/2024,09/01/2024,,,,,\n"
    "P,pending,02/01/2024,09/01/2024,,,,,\n"
    'L,"pending\n",02/01/2024,09/01/2024,,,,,,x\n'
    'O,"pending'
)

#: Each row's code and its reason in Vietnamese (a phrase of it: the lists of accepted words
#: are long).
CELL_EXPECTED = {
    "A": ("row.field_count", "cả dòng: dòng có 3 trường, dòng tiêu đề có 9"),
    "B": ("cell.status_unknown", "không nhận ra giá trị 'lost' (cần trạng thái hồ sơ:"),
    "D": ("cell.date", "'32/01/2024' không phải là ngày (cần dạng dd/mm/yyyy"),
    "E": ("cell.channel_unknown", "không nhận ra giá trị 'fax' (cần hình thức nộp:"),
    "F": ("cell.working_days", "'5 tuần' không phải là số ngày làm việc"),
    "G": ("cell.pause_interval", "lần tạm dừng 1 '02/01/2024' không phải là một khoảng"),
    "H": ("cell.pause_end", "ngày kết thúc 'x' không phải là ngày"),
    "I": ("cell.time_of_day", "'25' không phải là giờ trong ngày"),
    "J": ("row.satisfaction_range", "mức đánh giá 9 ngoài khoảng 1–5"),
    "K": ("cell.status_missing", "thiếu trạng thái hồ sơ"),
    "P": ("row.duplicate_id", "mã hồ sơ 'P' bị trùng (đã có ở dòng 12)"),
    "L": ("row.field_count", "(bản ghi trải từ dòng 14 đến dòng 15:"),
    "": ("row.open_quote", "cả dòng: tệp kết thúc bên trong một giá trị trong dấu ngoặc kép"),
}


@pytest.fixture()
def cell_rows(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "cells.csv"
    path.write_text(CELL_ROWS, encoding="utf-8")
    return path


def test_every_cell_and_row_reason_of_the_csv_reader_has_a_code(cell_rows) -> None:
    from cchc.io import read_dossiers_csv

    rejected = read_dossiers_csv(cell_rows).rejected()
    assert dict(zip(rejected["id"], rejected["reason_code"])) == {
        key: code for key, (code, _) in CELL_EXPECTED.items()}
    # English from the codes is the reader's reason, "whole row: " and the span note included.
    with language("en"):
        assert messages.rejection_reasons(rejected) == list(rejected["reason"])
    with language("vi"):
        vietnamese = dict(zip(rejected["id"], messages.rejection_reasons(rejected)))
    for key, (_, phrase) in CELL_EXPECTED.items():
        assert phrase in vietnamese[key], (key, vietnamese[key])
        for english in ("expected", "is not", "unknown value", "whole row", "spans lines"):
            assert english not in vietnamese[key], (key, vietnamese[key])


def test_the_cli_lists_unreadable_cells_in_vietnamese(capsys, cell_rows) -> None:
    code, out, _err = run(capsys, "indicators", str(cell_rows), "--rejected")
    assert code == 0
    assert "'25' không phải là giờ trong ngày" in out
    assert "is not a time of day" not in out
    code, out, _err = run(capsys, "indicators", str(cell_rows), "--rejected", "--lang", "en")
    assert "'25' is not a time of day" in out


def test_a_parquet_files_unreadable_cells_have_codes_too(tmp_path) -> None:
    pa = pytest.importorskip("pyarrow")
    from cchc.io import ingest_arrow

    table = pa.table({
        "id": ["A", "B", "C", "C", "D"],
        "status": ["pending", "lost", "pending", "pending", "pending"],
        "received": ["02/01/2024", "02/01/2024", "02/01/2024", "02/01/2024", "32/01/2024"],
        "due": ["09/01/2024"] * 5,
    })
    rejected = ingest_arrow(table).rejected()
    assert rejected["reason_code"].tolist() == [
        "cell.status_unknown", "row.duplicate_id_row", "cell.date"]
    with language("en"):
        assert messages.rejection_reasons(rejected) == list(rejected["reason"])
    with language("vi"):
        assert messages.rejection_reasons(rejected)[1] == "mã hồ sơ 'C' bị trùng (đã có ở hàng 3)"


# --- template errors that are not about one cell ---------------------------------------------

def test_a_workbook_error_names_no_cell_it_does_not_have(tmp_path) -> None:
    from openpyxl import Workbook

    from cchc.errors import ParseError
    from cchc.report import read_template

    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_bytes(b"plain text, not a zip")
    with pytest.raises(ParseError) as caught:
        read_template(not_a_workbook)
    text = str(caught.value)
    assert text.startswith(f"{not_a_workbook}: ") and "xlsx" in text
    assert "'-'" not in text and "dòng 0" not in text and "trang" not in text
    assert caught.value.line == 0 and caught.value.field == ""

    other = tmp_path / "other.xlsx"
    book = Workbook()
    book.active.title = "Khác"
    book.save(other)
    with pytest.raises(ParseError) as caught:
        read_template(other)
    text = str(caught.value)
    assert f"{other}: trang '" in text and "dòng" not in text and "'-'" not in text
    assert caught.value.field and "!" not in caught.value.field


# --- capped_terms explanations (the Decision 766 portal's composite items) --------------------

def test_capped_terms_are_explained_in_vietnamese_numbers() -> None:
    from cchc.portal766 import read_portal_json
    from cchc.score import Framework, score

    province = pathlib.Path(__file__).resolve().parents[1] / "data" / "portal766" / "phu-tho-2026-q3"
    report = score(Framework.shipped("decision-766-portal"), read_portal_json(province).assessment)
    nodes = report.nodes.set_index("code")
    capped = [code for code, parts in nodes["explanation_parts"].items()
              if isinstance(parts, list) and parts]
    assert capped, "the portal framework has capped_terms items"
    with language("en"):
        english = messages.node_explanations(report)
    with language("vi"):
        vietnamese = messages.node_explanations(report)
    for code in capped:
        parts = nodes.loc[code, "explanation_parts"]
        assert {part["code"] for part in parts} <= set(messages.TEMPLATES)
        # English for people: the engine's words, values rounded to 2 decimals.
        assert " = " in english[code] and "× " in english[code]
        text = vietnamese[code]
        assert text != english[code]
        # Vietnamese numbers: decimal commas; a point only between groups of three digits.
        assert not re.search(r"\d\.(\d{1,2}|\d{4,})(?!\d)", text), text
        assert re.search(r"\d,\d", text), text
        for word in ("denominator", "cap", "maximum"):
            assert word not in text, text
    # A term shown at 2 decimals is not followed by its own rounding ("1,46 ≈ 1,46").
    with language("vi"):
        assert re.search(r"52/89 = 1,46 \+ ", vietnamese["3.1"]), vietnamese["3.1"]
    assert "≈ 1.46" in nodes.loc["3.1", "explanation"]  # the engine's English keeps it


# --- errors of the C++ readers that refuse a file ---------------------------------------------

@pytest.mark.parametrize(("lang", "expected", "absent"), [
    ("vi", ["d.csv:1: trường 'received,status,due': thiếu cột bắt buộc: ngày tiếp nhận (ví dụ "
            "'Ngày tiếp nhận'); trạng thái (ví dụ 'Trạng thái'); hạn trả hoặc thời hạn giải "
            "quyết", "Các cột có trong tệp: 'id;status'",
            "(chỉ có một cột chứa ';': đó có phải là dấu phân cách?)"],
     ["missing required", "field '", "Columns found"]),
    ("en", ["d.csv:1: field 'received,status,due': missing required columns: received (date of "
            "receipt, e.g. 'Ngày tiếp nhận'); status (e.g. 'Trạng thái'); due or processing_days",
            "Columns found: 'id;status' (one column holding ';': is that the delimiter?)"],
     ["thiếu cột", "trường '"]),
])
def test_a_file_missing_columns_is_refused_in_the_language(capsys, tmp_path, lang, expected,
                                                           absent) -> None:
    data = tmp_path / "d.csv"
    data.write_text("id;status\nA;pending\n", encoding="utf-8")
    code, _out, err = run(capsys, "indicators", str(data), "--lang", lang)
    assert code == EXIT_BAD_INPUT
    for text in expected:
        assert text in err, err
    for text in absent:
        assert text not in err, err


def test_the_english_reason_of_an_engine_error_is_its_code_written_out(tmp_path) -> None:
    from cchc.errors import ParseError
    from cchc.io import read_dossiers_csv

    cases = {
        "utf16.csv": (b"\xff\xfei\x00d\x00", "file.utf16", "tệp ở mã UTF-16"),
        "cp1258.csv": (b"id,status,received,due\nA,\xd0\xe3 gi\xe1i,02/01/2024,\n",
                       "file.not_utf8", "không phải UTF-8 hợp lệ (byte 0xD0"),
        "empty.csv": (b"", "file.empty", "tệp trống"),
        "twice.csv": (b"id,received,received,status,due\n", "file.repeated_header",
                      "cột 3 lặp lại tiêu đề của cột 2"),
    }
    for name, (content, code, vietnamese) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(ParseError) as caught:
            read_dossiers_csv(path)
        error = caught.value
        assert error.reason_code == code, name
        with language("en"):
            assert messages.error_reason(error) == error.reason
        with language("vi"):
            assert vietnamese in messages.error_reason(error), messages.error_reason(error)
            assert messages.error_text(error).startswith(str(path))
    # A fail-fast read stops at the first bad row with that row's code.
    path = tmp_path / "rows.csv"
    path.write_text("id,status,received,due\nA,pending,02/01/2024,01/01/2024\n", encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        read_dossiers_csv(path, fail_fast=True)
    assert caught.value.reason_code == "row.due_before_received"
    with language("vi"):
        assert messages.error_text(caught.value) == (
            f"{path}:2: trường 'due': hạn trả 01/01/2024 trước ngày tiếp nhận 02/01/2024")
    # An error the Python package raises is already in the language: no code.
    assert ParseError.at("x.csv", 1, "", "as written").reason_code is None
