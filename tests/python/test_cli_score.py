"""`cchc score`, `cchc check` and `cchc template`: success, output formats, bad input."""

from __future__ import annotations

import csv
import io
import json
import pathlib

import pytest

from cchc.cli import main
from cchc.i18n import format_number
from cchc.io import read_dossiers_csv
from cchc.score import ERROR_FINDINGS, Assessment, Framework, assess

openpyxl = pytest.importorskip("openpyxl")

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCORE = ROOT / "examples" / "data" / "score"
ASSESSMENT = SCORE / "so-cong-thuong-2024-q1.toml"
PLAN = SCORE / "ke-hoach-cchc-so-cong-thuong-2024.toml"
DOSSIERS = ROOT / "examples" / "data" / "dossiers-q1.csv"
DATA = ["--dossiers", str(DOSSIERS), "--period", "2024-Q1", "--plan", str(PLAN),
        "--on", "2024-03-31"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def expected_report():
    return assess(Framework.shipped("department-example"), Assessment.load(ASSESSMENT),
                  dossiers=read_dossiers_csv(DOSSIERS),
                  period="2024-Q1", plan=PLAN, on="2024-03-31")


def test_score_prints_total_band_areas_lost_points_and_findings(capsys) -> None:
    code, out, err = run(capsys, "score", "department-example", str(ASSESSMENT), *DATA)
    assert code == 0
    report = expected_report()
    total, maximum = format_number(report.total), format_number(report.total_max)
    assert f"Tổng điểm: {total}/{maximum} điểm" in out  # Vietnamese words and numbers
    assert f"xếp loại {report.band}" in out
    assert "Điểm theo lĩnh vực:" in out
    assert "Công tác chỉ đạo, điều hành cải cách hành chính" in out
    assert "Điểm bị mất (" in out and "Kết quả kiểm tra:" in out
    # Rows the reader rejected are said, never dropped silently, with the flag that lists them.
    assert "dòng (không tính)" in err
    assert f"cchc indicators {DOSSIERS} --rejected" in err
    _, english, err = run(capsys, "score", "department-example", str(ASSESSMENT), *DATA,
                          "--lang", "en")
    assert f"Total: {format_number(report.total, lang='en')} of" in english
    assert "Areas:" in english and "Points lost (" in english and "Findings:" in english
    assert "rows rejected" in err and f"cchc indicators {DOSSIERS} --rejected" in err


def test_score_json_matches_the_python_api(capsys) -> None:
    code, out, _ = run(capsys, "score", "department-example", str(ASSESSMENT), *DATA, "--json")
    assert code == 0
    payload = json.loads(out)
    report = expected_report()
    assert payload["total"] == pytest.approx(report.total)
    assert payload["band"] == report.band
    assert payload["unit"] == "Sở Công Thương"
    assert [row["code"] for row in payload["areas"]] == list(report.areas["code"])
    assert sum(row["points"] for row in payload["areas"]) == pytest.approx(report.total)
    assert [row["code"] for row in payload["lost_points"]] == list(report.lost_points["code"])
    assert payload["dossiers"]["rows_in"] == (payload["dossiers"]["accepted"]
                                              + payload["dossiers"]["rejected"])
    assert {row["severity"] for row in payload["findings"]} <= {"error", "warning"}


def test_score_csv_is_one_row_per_criterion(capsys) -> None:
    code, out, _ = run(capsys, "score", "department-example", str(ASSESSMENT), *DATA, "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    framework = Framework.shipped("department-example")
    assert [row["code"] for row in rows] == list(framework.nodes["code"])
    assert rows[0]["name"] == "Công tác chỉ đạo, điều hành cải cách hành chính"


def test_score_writes_html_and_excel_reports(capsys, tmp_path: pathlib.Path) -> None:
    html_path = tmp_path / "report.html"
    code, out, _ = run(capsys, "score", "department-example", str(ASSESSMENT), *DATA,
                       "--report", str(html_path))
    assert code == 0 and f"Đã ghi báo cáo: {html_path}" in out
    assert "<svg" in html_path.read_text(encoding="utf-8")
    xlsx_path = tmp_path / "report.xlsx"
    assert run(capsys, "score", "department-example", str(ASSESSMENT), *DATA,
               "--report", str(xlsx_path), "--json")[0] == 0
    assert "Tổng hợp" in openpyxl.load_workbook(xlsx_path).sheetnames
    assert not list(tmp_path.glob(".cchc-*"))  # no temporary file left behind


def test_score_without_data_scores_the_typed_answers(capsys) -> None:
    code, out, _ = run(capsys, "score", "department-example", str(ASSESSMENT), "--json")
    assert code == 0
    expected = assess(Framework.shipped("department-example"), Assessment.load(ASSESSMENT))
    assert json.loads(out)["total"] == pytest.approx(expected.total)


def test_check_passes_the_worked_example_with_warnings_only(capsys) -> None:
    code, out, _ = run(capsys, "check", "department-example", str(ASSESSMENT), *DATA)
    assert code == 0, out
    assert "0 lỗi" in out and "sẵn sàng gửi" in out
    # A typed value the data replaced: a warning, in words.
    assert "giá trị được thay bằng dữ liệu" in out and "cảnh báo" in out
    _, english, _ = run(capsys, "check", "department-example", str(ASSESSMENT), *DATA,
                        "--lang", "en")
    assert "0 errors" in english and "ready to submit" in english


def test_check_exits_1_on_errors_in_every_format(capsys, tmp_path: pathlib.Path) -> None:
    broken = tmp_path / "broken.toml"
    text = ASSESSMENT.read_text(encoding="utf-8").replace(
        'code = "1.4"\nself_score = 2', 'code = "1.4"\nself_score = 9')
    broken.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "check", "department-example", str(broken), *DATA)
    assert code == 1
    assert "điểm tự chấm vượt điểm tối đa" in out and "cần sửa lỗi trước khi gửi" in out
    code, out, _ = run(capsys, "check", "department-example", str(broken), *DATA, "--json")
    payload = json.loads(out)
    assert code == 1 and payload["errors"] >= 1
    assert all(row["severity"] == ("error" if row["kind"] in ERROR_FINDINGS else "warning")
               for row in payload["findings"])
    code, out, _ = run(capsys, "check", "department-example", str(broken), *DATA, "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 1 and any(row["kind"] == "self_score_above_max" and row["code"] == "1.4"
                             for row in rows)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["score", "no-such-framework", str(ASSESSMENT)], "không phải tệp bộ chỉ số"),
        (["score", "department-example", "missing.toml"], "missing.toml"),
        (["score", "department-example", str(ASSESSMENT), "--dossiers", str(DOSSIERS),
          "--period", "2024-Q2"], "kỳ đánh giá là 2024-Q1"),
        (["score", "department-example", str(ASSESSMENT), "--dossiers", str(DOSSIERS),
          "--from", "2024-04-01", "--to", "2024-06-30"], "kỳ đánh giá là 2024-Q1"),
        (["score", "department-example", str(ASSESSMENT), "--report",
          "no-such-folder/report.html"], "no-such-folder không tồn tại"),
        (["score", "department-example", "tu-danh-gia.xls"], "lưu thành .xlsx"),
        (["score", "department-example", "tu-danh-gia.ods"], "lưu thành .xlsx"),
        (["score", "department-example", str(ASSESSMENT), "--dossiers", "ho-so.xls",
          "--period", "2024-Q1"], "lưu thành CSV UTF-8"),
        (["indicators", "ho-so.ods"], "lưu thành CSV UTF-8"),
        (["score", "department-example", str(ASSESSMENT), "--plan", str(PLAN)], "--plan cần --on"),
        (["check", "department-example", str(ASSESSMENT), "--dossiers", str(DOSSIERS),
          "--period", "2024-Q5"], "2024-Q5"),
        (["score", "department-example", str(ASSESSMENT), "--report", "out.pdf"],
         "báo cáo là tệp .html hoặc .xlsx, không phải '.pdf'"),
        (["score", "decision-766-portal", str(ASSESSMENT)], "department-example"),
        (["template", "department-example", "out.csv"], ".xlsx"),
    ],
)
def test_bad_input_gives_a_clear_message_and_exit_2(capsys, argv, message) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert message in err and err.startswith("cchc: lỗi:")


def test_bad_dates_are_usage_errors(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["score", "department-example", str(ASSESSMENT), "--plan", str(PLAN),
              "--on", "31/02/2024"])
    assert exit_info.value.code == 2
    assert "không phải là ngày" in capsys.readouterr().err


def test_template_then_check_and_score_the_filled_workbook(capsys, tmp_path: pathlib.Path) -> None:
    template = tmp_path / "tu-danh-gia.xlsx"
    code, out, _ = run(capsys, "template", "department-example", str(template),
                       "--unit", "Sở Công Thương", "--period", "2024-Q1")
    assert code == 0 and "Đã ghi biểu mẫu" in out
    # Unfilled: every criterion is unanswered, so the check fails.
    code, out, _ = run(capsys, "check", "department-example", str(template), "--json")
    framework = Framework.shipped("department-example")
    payload = json.loads(out)
    assert code == 1
    # The survey area is not the unit's to answer: it awaits the survey, not the unit.
    unit_leaves = framework.nodes.query("is_leaf and scored_by == 'unit'")
    assert sum(row["kind"] == "unanswered" for row in payload["findings"]) == len(unit_leaves)
    # Fill it from the TOML example and score it: the same total as the TOML.
    book = openpyxl.load_workbook(template)
    sheet = book["Tự đánh giá"]
    answers = Assessment.load(ASSESSMENT)
    headers = [cell.value for cell in sheet[1]]
    column = {name: headers.index(label) + 1 for name, label in [
        ("value", "Giá trị / số lượng"), ("done", "Đã hoàn thành (có/không)"),
        ("late", "Trễ hạn (có/không)"), ("best", "Giá trị đơn vị tốt nhất"),
        ("self_score", "Điểm tự chấm"), ("evidence", "Tài liệu kiểm chứng (mỗi dòng một tài liệu)"),
        ("note", "Ghi chú")]}
    # The unit fills what it scores; the survey area (scored_by = "survey") is not the unit's
    # to type, so the comparison leaves it out of the TOML answers too.
    not_by_unit = set(framework.nodes.query("scored_by != 'unit'")["code"])
    for code in not_by_unit & set(answers.codes):
        answers.remove(code)
    for row in range(2, sheet.max_row + 1):
        code_cell = sheet.cell(row, 1).value
        if code_cell not in answers.codes:
            continue
        answer = answers.answer(code_cell)
        for name, index in column.items():
            value = answer[name]
            if name in ("done", "late") and value is not None:
                value = "có" if value else "không"
            if name == "evidence":
                value = "\n".join(value) or None
            if value not in (None, ""):
                sheet.cell(row, index).value = value
    book.save(template)
    code, out, err = run(capsys, "score", "department-example", str(template), "--json")
    assert code == 0, err
    expected = assess(framework, answers)
    assert json.loads(out)["total"] == pytest.approx(expected.total)


def test_parquet_export_gives_the_same_score_as_csv(capsys, tmp_path: pathlib.Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    parquet = tmp_path / "dossiers.parquet"
    pd.read_csv(DOSSIERS, dtype=str, encoding="utf-8-sig").to_parquet(parquet)
    inputs = ["--period", "2024-Q1", "--plan", str(PLAN), "--on", "2024-03-31"]
    code, from_parquet, _ = run(capsys, "score", "department-example", str(ASSESSMENT),
                                "--dossiers", str(parquet), *inputs, "--json")
    assert code == 0
    _, from_csv, _ = run(capsys, "score", "department-example", str(ASSESSMENT), *DATA, "--json")
    assert json.loads(from_parquet)["total"] == pytest.approx(json.loads(from_csv)["total"])


def test_from_to_instead_of_a_period(capsys) -> None:
    # Quý I/2024 under Decree 09/2019's cut-off is 15/12/2023–14/03/2024: the same numbers.
    inputs = ["--dossiers", str(DOSSIERS), "--plan", str(PLAN), "--on", "2024-03-31"]
    code, out, _ = run(capsys, "score", "department-example", str(ASSESSMENT), *inputs,
                       "--from", "2023-12-15", "--to", "2024-03-14", "--json")
    assert code == 0
    _, by_period, _ = run(capsys, "score", "department-example", str(ASSESSMENT), *DATA, "--json")
    assert json.loads(out)["total"] == pytest.approx(json.loads(by_period)["total"])
    code, _, err = run(capsys, "score", "department-example", str(ASSESSMENT), *DATA,
                       "--from", "2023-12-15", "--to", "2024-03-14")
    assert code == 2 and "không cho cả hai" in err


def test_progress_goes_to_stderr_only_on_a_terminal_and_only_for_long_work(
        capsys, monkeypatch) -> None:
    import sys

    _, _, quiet = run(capsys, "score", "department-example", str(ASSESSMENT), *DATA, "--json")
    assert "chấm điểm" not in quiet and "bước" not in quiet
    # On a terminal, work shorter than 2 s shows no bar either (tests/python/test_cli_shell.py
    # checks the bar of long work).
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    code, out, err = run(capsys, "score", "department-example", str(ASSESSMENT), *DATA, "--json")
    assert code == 0 and "bước" not in err
    json.loads(out)  # stdout stays clean JSON
