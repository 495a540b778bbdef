"""The officer's Excel route has no silent wrong numbers (issue 15, item 1).

Each test is a trap that gave a wrong score, or hid one, with exit 0 before: a percentage
cell read as 0.95, another period's dossiers, an overwritten template, a value in a column
its criterion does not read, "không áp dụng" without a reason, a self-score above the
maximum counted twice, findings without a cell, an appraisal shown before any was recorded,
and criteria that are not the unit's to score.
"""

from __future__ import annotations

import json
import pathlib

import pytest

from cchc import report as reports
from cchc.cli import main
from cchc.errors import ParseError
from cchc.io import read_dossiers_csv
from cchc.score import Assessment, Framework, PeriodMismatch, assess, dossier_period, score

openpyxl = pytest.importorskip("openpyxl")

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCORE = ROOT / "examples" / "data" / "score"
ASSESSMENT = SCORE / "so-cong-thuong-2024-q1.toml"
DOSSIERS = ROOT / "examples" / "data" / "dossiers-q1.csv"

# A framework of our own: 1.1 a percentage (proportional), 1.2 manual, 1.3 pass/fail, and
# area 2 scored outside the unit: 2.1 by a survey (inherited), 2.2 by Home Affairs.
FRAMEWORK = """[framework]
id = "thu"
name = "Bộ thử"

[[criterion]]
code = "1"
name = "Đơn vị tự chấm"
max = 14.5

[[criterion]]
code = "1.1"
parent = "1"
name = "Tỷ lệ hồ sơ đúng hạn"
max = 6
rule = { kind = "proportional" }

[[criterion]]
code = "1.2"
parent = "1"
name = "Chỉ đạo, điều hành"
max = 4.5
rule = { kind = "manual" }

[[criterion]]
code = "1.3"
parent = "1"
name = "Ban hành kế hoạch"
max = 4
rule = { kind = "pass_fail" }

[[criterion]]
code = "2"
name = "Đánh giá từ bên ngoài"
max = 10
scored_by = "survey"

[[criterion]]
code = "2.1"
parent = "2"
name = "Mức độ hài lòng"
max = 6
rule = { kind = "survey_percentage" }

[[criterion]]
code = "2.2"
parent = "2"
name = "Thẩm định của Sở Nội vụ"
max = 4
rule = { kind = "manual" }
scored_by = "home_affairs"
"""


@pytest.fixture(scope="module")
def framework() -> Framework:
    return Framework.from_toml(FRAMEWORK, "thu.toml")


def template(framework: Framework, tmp_path: pathlib.Path) -> tuple[pathlib.Path, object, dict]:
    path = tmp_path / "thu.xlsx"
    reports.write_template(framework, path, unit="Sở A", period="2024")
    book = openpyxl.load_workbook(path)
    sheet = book[reports.TEMPLATE_SHEET]
    rows = {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}
    return path, book, rows


def column(key: str) -> int:
    return [name for name, _ in reports.TEMPLATE_COLUMNS].index(key) + 1


def fill_unit_rows(sheet, rows) -> None:
    sheet.cell(rows["1.2"], column("self_score")).value = 4
    sheet.cell(rows["1.2"], column("evidence")).value = "BC 1/BC-SA"
    sheet.cell(rows["1.3"], column("done")).value = "có"


def test_a_percentage_cell_is_read_as_the_percentage_it_shows(framework, tmp_path) -> None:
    path, book, rows = template(framework, tmp_path)
    sheet = book[reports.TEMPLATE_SHEET]
    fill_unit_rows(sheet, rows)
    cell = sheet.cell(rows["1.1"], column("value"))
    cell.value = 0.95
    cell.number_format = "0%"  # Excel shows 95 %
    book.save(path)
    filled = reports.read_template(path, framework)
    assert filled.answer("1.1")["value"] == 95.0
    assert "F2" in filled.answer("1.1")["input_source"]
    report = score(framework, filled)
    assert float(report.nodes.set_index("code").loc["1.1", "points"]) == pytest.approx(5.7)
    assert "value_looks_like_fraction" not in set(report.findings["kind"])
    # 7 % shows as 0.07 in the cell: 7, not 7.000000000000001.
    cell.value, cell.number_format = 0.07, "0.00%"
    book.save(path)
    assert reports.read_template(path, framework).answer("1.1")["value"] == 7.0


def test_a_plain_fraction_in_a_percentage_leaf_is_a_warning(framework, tmp_path) -> None:
    path, book, rows = template(framework, tmp_path)
    sheet = book[reports.TEMPLATE_SHEET]
    fill_unit_rows(sheet, rows)
    sheet.cell(rows["1.1"], column("value")).value = 0.95  # no percentage format: 0.95 %
    book.save(path)
    report = score(framework, reports.read_template(path, framework))
    warning = report.findings[report.findings["kind"] == "value_looks_like_fraction"]
    assert list(warning["code"]) == ["1.1"]
    assert "write 95" in warning["message"].iloc[0]
    assert warning["location"].iloc[0].endswith(
        f"sheet 'Tự đánh giá' row {rows['1.1']} column F (Giá trị / số lượng)")


def test_the_template_marks_what_to_fill_and_a_value_in_the_wrong_column_is_an_error(
        framework, tmp_path) -> None:
    path, book, rows = template(framework, tmp_path)
    sheet = book[reports.TEMPLATE_SHEET]
    manual = rows["1.2"]
    assert "Chấm tay: điền Điểm tự chấm (cột K)" in sheet.cell(manual, 4).value
    def colour(row: int, key: str) -> str:
        return str(sheet.cell(row, column(key)).fill.fgColor.rgb)[-6:]

    grey, yellow = "E0E0E0", "FFFDE7"
    assert colour(manual, "value") == grey and colour(manual, "self_score") == yellow
    assert colour(rows["1.1"], "value") == yellow and colour(rows["1.1"], "done") == grey
    assert "điều tra xã hội học" in sheet.cell(rows["2.1"], 4).value
    sheet.cell(manual, column("value")).value = 4  # the points typed as a value
    book.save(path)
    with pytest.raises(ParseError) as error:
        reports.read_template(path, framework)
    message = str(error.value)
    assert f"trang 'Tự đánh giá' dòng {manual} cột 'F (Giá trị / số lượng)'" in message
    assert "chấm tay (manual): ghi điểm vào cột K" in message
    assert error.value.line == manual
    # A survey's criterion is not the unit's to fill.
    sheet.cell(manual, column("value")).value = None
    sheet.cell(rows["2.1"], column("self_score")).value = 5
    book.save(path)
    with pytest.raises(ParseError, match=r"cột 'K \(Điểm tự chấm\)'.*do điều tra xã hội học chấm"):
        reports.read_template(path, framework)


def test_template_never_overwrites_without_force(tmp_path, capsys) -> None:
    out = tmp_path / "tu-danh-gia.xlsx"
    out.write_bytes(b"filled by the unit")
    code = main(["template", "department-example", str(out)])
    assert code == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == b"filled by the unit"
    assert main(["template", "department-example", str(out), "--force"]) == 0
    assert out.read_bytes().startswith(b"PK")  # an .xlsx now
    with pytest.raises(FileExistsError):
        reports.write_template(Framework.shipped("department-example"), out, overwrite=False)


def test_not_applicable_needs_a_reason_and_the_report_shows_the_maximum_removed(
        framework, tmp_path) -> None:
    path, book, rows = template(framework, tmp_path)
    sheet = book[reports.TEMPLATE_SHEET]
    fill_unit_rows(sheet, rows)
    sheet.cell(rows["1.1"], column("not_applicable")).value = "có"
    book.save(path)
    report = score(framework, reports.read_template(path, framework))
    error = report.errors[report.errors["code"] == "1.1"]
    assert list(error["kind"]) == ["not_applicable_without_reason"]
    assert "removes 6 points" in error["message"].iloc[0]
    assert error["location"].iloc[0].endswith("column J (Không áp dụng (có/không))")
    sheet.cell(rows["1.1"], column("note")).value = "Không có hồ sơ trong kỳ"
    book.save(path)
    report = score(framework, reports.read_template(path, framework))
    assert "1.1" not in set(report.errors["code"])
    warning = report.warnings[report.warnings["code"] == "1.1"]
    assert list(warning["kind"]) == ["not_applicable"]
    assert warning["message"].iloc[0].endswith("reason: Không có hồ sơ trong kỳ")
    summary = dict(reports._summary(report))
    assert summary["Điểm tối đa bị loại do không áp dụng"] == "6 điểm (1 tiêu chí)"


def test_a_self_score_above_the_maximum_is_shown_as_claimed_once(framework, tmp_path) -> None:
    path, book, rows = template(framework, tmp_path)
    sheet = book[reports.TEMPLATE_SHEET]
    fill_unit_rows(sheet, rows)
    sheet.cell(rows["1.2"], column("self_score")).value = 16  # of 4.5
    book.save(path)
    report = score(framework, reports.read_template(path, framework))
    about = report.findings[report.findings["code"] == "1.2"]
    assert list(about["kind"]) == ["self_score_above_max"]
    assert about["message"].iloc[0] == "self-score 16 above the maximum 4.5: counted as 4.5"
    assert about["location"].iloc[0].endswith(
        f"sheet 'Tự đánh giá' row {rows['1.2']} column K (Điểm tự chấm)")
    node = report.nodes.set_index("code").loc["1.2"]
    assert (node["claimed"], node["self_points"], node["points"]) == (16.0, 4.5, 4.5)
    page = reports.render_html(report)
    assert page.count("tự chấm 16 trên tối đa 4,5") == 1  # once, in the criteria table


def test_a_criterion_left_empty_in_the_template_is_named_by_its_row(framework, tmp_path) -> None:
    path, book, rows = template(framework, tmp_path)
    sheet = book[reports.TEMPLATE_SHEET]
    fill_unit_rows(sheet, rows)
    book.save(path)  # 1.1 left empty
    filled = reports.read_template(path, framework)
    for report in (score(framework, filled), assess(framework, filled)):
        unanswered = report.findings[report.findings["kind"] == "unanswered"]
        assert list(unanswered["code"]) == ["1.1"]
        assert list(unanswered["line"]) == [rows["1.1"]]
        assert unanswered["location"].iloc[0] == (
            f"{path}: sheet 'Tự đánh giá' row {rows['1.1']} column F (Giá trị / số lượng)")


def test_findings_of_a_toml_assessment_name_file_and_line(framework) -> None:
    assessment = Assessment.from_toml(
        '[assessment]\nframework = "thu"\n\n[[answer]]\ncode = "1.2"\nself_score = 9\n',
        "a.toml")
    findings = score(framework, assessment).findings.set_index("kind")
    assert findings.loc["self_score_above_max", "location"] == "a.toml:4"


def test_no_appraisal_is_shown_before_one_is_recorded(framework, tmp_path) -> None:
    path, book, rows = template(framework, tmp_path)
    sheet = book[reports.TEMPLATE_SHEET]
    fill_unit_rows(sheet, rows)
    sheet.cell(rows["1.1"], column("value")).value = 90
    book.save(path)
    before = score(framework, reports.read_template(path, framework))
    assert not before.appraised
    summary = dict(reports._summary(before))
    assert summary["Tổng điểm thẩm định"] == "chưa thẩm định"
    page = reports.render_html(before)
    comparison = page[page.index('<section id="comparison">'):]
    assert "Chưa có kết quả thẩm định." in comparison and "<table>" not in comparison
    # Home Affairs' round in the same workbook: appraised scores and notes.
    sheet.cell(rows["1.2"], column("appraised_score")).value = 3
    sheet.cell(rows["1.2"], column("appraisal_note")).value = "thiếu báo cáo quý IV"
    sheet.cell(rows["2.2"], column("appraised_score")).value = 3.5
    book.save(path)
    after = score(framework, reports.read_template(path, framework))
    assert after.appraised
    nodes = after.nodes.set_index("code")
    assert nodes.loc["1.2", "appraised_points"] == 3
    assert nodes.loc["2.2", "status"] == "external" and nodes.loc["2.2", "points"] == 3.5
    comparison = after.comparison.set_index("code")
    assert comparison.loc["1.2", "explanation"] == "appraised 3 instead of 4: thiếu báo cáo quý IV"
    assert dict(reports._summary(after))["Tổng điểm thẩm định"] == pytest.approx(
        after.appraised_total)


def test_an_old_thirteen_column_template_is_still_read(framework, tmp_path) -> None:
    path, book, rows = template(framework, tmp_path)
    sheet = book[reports.TEMPLATE_SHEET]
    sheet.delete_cols(14, 2)
    fill_unit_rows(sheet, rows)
    book.save(path)
    assert reports.read_template(path, framework).answer("1.3")["done"] is True


def test_criteria_of_home_affairs_and_survey_are_apart_and_not_asked(framework, tmp_path) -> None:
    path, book, rows = template(framework, tmp_path)
    sheet = book[reports.TEMPLATE_SHEET]
    fill_unit_rows(sheet, rows)
    sheet.cell(rows["1.1"], column("value")).value = 90
    book.save(path)
    report = score(framework, reports.read_template(path, framework))
    assert report.findings.empty  # 2.1 and 2.2 are not unanswered
    assert list(report.not_scored_by_unit["status"]) == ["awaiting", "awaiting"]
    summary = dict(reports._summary(report))
    assert summary["Tiêu chí do Sở Nội vụ hoặc điều tra xã hội học chấm"] == (
        "2 tiêu chí, tối đa 10 điểm, 2 chưa có điểm")
    page = reports.render_html(report)
    external = page[page.index('<section id="external">'):page.index('<section id="lost">')]
    assert "Mức độ hài lòng" in external and "điều tra xã hội học" in external
    assert "Sở Nội vụ" in external


def test_the_dossiers_period_must_be_the_assessments(capsys) -> None:
    assessment = Assessment.load(ASSESSMENT)  # period 2024-Q1
    framework = Framework.shipped("department-example")
    dossiers = read_dossiers_csv(DOSSIERS)
    with pytest.raises(PeriodMismatch, match="2024-Q2 is not the assessment's period 2024-Q1"):
        assess(framework, assessment, dossiers=dossiers, period="2024-Q2")
    # Without a period, the assessment's own is used: the same as giving it.
    own = assess(framework, assessment, dossiers=dossiers)
    given = assess(framework, assessment, dossiers=dossiers, period="2024-Q1")
    assert own.total == given.total
    # A period that is not a code cannot be compared: the one given is used.
    assert dossier_period(Assessment("x", period="đợt thẩm định 2"), "2024-Q2") == "2024-Q2"
    code = main(["score", "department-example", str(ASSESSMENT), "--dossiers", str(DOSSIERS),
                 "--json"])
    assert code == 0 and json.loads(capsys.readouterr().out)["total"] == pytest.approx(own.total)


def test_a_typed_value_the_data_replace_or_drop_is_always_a_finding() -> None:
    from cchc.dossier import indicator_definitions
    from cchc.score import apply_indicators

    framework = Framework.shipped("department-example")
    assessment = Assessment("department-example", unit="Sở Công Thương", period="2024-Q1")
    assessment.set("3.3", value=85.0)  # digitised_dossier_rate, typed by the unit
    report = assess(framework, assessment, dossiers=read_dossiers_csv(DOSSIERS))
    about = report.findings[report.findings["code"] == "3.3"]
    assert list(about["kind"]) == ["value_differs_from_data"]
    assert about["message"].iloc[0].startswith("declared value 85 but the data give 68.5")
    # No dossier in the denominator: the leaf is not applicable and the typed 85 is not used;
    # both are said.
    empty = {key: (0, 0) for key in indicator_definitions()["key"]}
    dropped = score(framework, apply_indicators(framework, assessment, empty))
    about = dropped.findings[dropped.findings["code"] == "3.3"]
    assert list(about["kind"]) == ["value_differs_from_data", "not_applicable"]
    assert "85 but the data give none" in about["message"].iloc[0]
    assert "the value is not used" in about["message"].iloc[0]
    assert "removes 4 points from the maximum" in about["message"].iloc[1]
