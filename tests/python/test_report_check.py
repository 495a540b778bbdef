"""`cchc report check`: reading the dossier figures of a report's text and reconciling them.

The report texts of tests/data/reports were written for these tests (README there); their
ground truth is tests/data/reports/expected.json: the figures each states and every planted
inconsistency with its line.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import re

import pytest

from cchc.cli import main
from cchc.form06 import form_06
from cchc.io import read_dossiers_csv
from cchc.reconcile import figures_of
from cchc.report_check import check_report, parse_count, parse_percent, read_report

ROOT = pathlib.Path(__file__).resolve().parents[2]
REPORTS = ROOT / "tests" / "data" / "reports"
EXPORT = ROOT / "examples" / "data" / "dossiers-q1.csv"
EXPECTED: dict[str, dict] = {
    name: value
    for name, value in json.loads((REPORTS / "expected.json").read_text("utf-8")).items()
    if not name.startswith("_")
}
CONSISTENT = [name for name, value in EXPECTED.items()
              if not value["planted"] and "found_in_original" not in value]


def text_of(name: str) -> str:
    return (REPORTS / name).read_text(encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- numbers as reports write them -----------------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("6086", 6086), ("6.086", 6086), ("6 086", 6086), ("6\u00a0086", 6086), ("01", 1),
    ("0", 0), ("1.234.567", 1234567),
])
def test_counts(text: str, value: int) -> None:
    assert parse_count(text) == value


@pytest.mark.parametrize("text", ["6,086", "6.08", "60.86", "1.2345", "6.086,5", "12.34.567"])
def test_counts_that_cannot_be_read_exactly_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_count(text)


@pytest.mark.parametrize(("text", "value", "decimals"), [
    ("69,6", 69.6, 1), ("99,76", 99.76, 2), ("100", 100.0, 0), ("99.98", 99.98, 2),
    ("0", 0.0, 0), ("69,60", 69.6, 2),
])
def test_percentages(text: str, value: float, decimals: int) -> None:
    assert parse_percent(text) == (pytest.approx(value), decimals)


def test_a_dot_and_three_digits_in_a_percentage_is_ambiguous() -> None:
    with pytest.raises(ValueError):
        parse_percent("12.345")


def test_numbers_that_are_not_counts_are_left_alone() -> None:
    text = ("Kế hoạch số 273/KH-SCT ngày 13/02/2023; tháng 1 và tháng 2 năm 2023 có 03 lĩnh vực "
            "trực tuyến, 15 người; Quyết định số 1004/QĐ-UBND.")
    reading = read_report(text)
    assert reading.statements == [] and reading.percentages == [] and reading.problems == []


# --- the report texts --------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_stated_figure_is_found(name: str) -> None:
    expected = EXPECTED[name]
    reading = read_report(text_of(name), name)
    stated = {key: value for key, value in reading.figures("").figures().items()
              if value is not None}
    assert stated == expected["figures"]
    assert len(reading.percentages) == expected["percentages"]
    window = None if reading.window is None else [day.isoformat() for day in reading.window]
    assert window == expected["window"]
    if "scopes" in expected:
        assert reading.scopes() == expected["scopes"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_planted_inconsistency_is_flagged_at_its_line_and_nothing_else(name: str) -> None:
    expected = EXPECTED[name]
    planted = [tuple(item) for item in expected.get("found_in_original", expected["planted"])]
    findings = check_report(text_of(name), source=name).findings
    unmatched = list(findings)
    for kind, line in planted:
        match = next((finding for finding in unmatched
                      if finding.kind == kind and line in finding.lines), None)
        assert match is not None, f"{name}: {kind} at line {line} not flagged; got {findings}"
        unmatched.remove(match)
    assert unmatched == [], f"{name}: findings nobody planted: {unmatched}"


@pytest.mark.parametrize("name", CONSISTENT)
def test_changing_any_stated_figure_of_a_consistent_report_is_flagged(name: str) -> None:
    """Each figure of the consistent prose reports, one at a time, plus one: the checks must
    see it (at its line): nothing a report states goes unchecked."""
    text = text_of(name)
    lines = text.splitlines()
    reading = read_report(text)
    mutated = 0
    for statement in reading.statements:
        if statement.text == statement.scope or statement.text.lower().startswith("tổng cộng"):
            continue  # table cells: covered by the table test below
        number = re.search(r"(\d[\d. ]*)$", statement.text)
        assert number is not None
        written = number.group(1)
        line = lines[statement.line - 1]
        position = line.lower().find(written)
        if position < 0:
            continue  # the label is wrapped onto the previous line; the number is still here
        changed = line[:position] + str(statement.value + 1) + line[position + len(written):]
        changed_text = "\n".join([*lines[:statement.line - 1], changed, *lines[statement.line:]])
        findings = check_report(changed_text).findings
        assert any(statement.line in finding.lines for finding in findings), (
            f"{name}: {statement.figure} + 1 on line {statement.line} went unnoticed")
        mutated += 1
    assert mutated >= 9


def test_a_table_cell_changed_breaks_its_row_or_its_column() -> None:
    text = text_of("ubnd-huyen-binh-son-6-thang-2024.txt")
    changed = text.replace("| 1 | Hộ tịch | 812 | 640 |", "| 1 | Hộ tịch | 812 | 641 |")
    assert changed != text
    findings = check_report(changed).findings
    kinds = sorted((finding.kind, finding.scope) for finding in findings)
    assert ("sum", "Hộ tịch") in kinds  # 812 ≠ 641 + 160 + 12
    assert ("table_column_sum", "") in kinds  # 641 + 102 ≠ 742


def test_the_seed_report_names_line_98() -> None:
    findings = check_report(text_of("../seeds/quang-ngai-industry-trade-cchc-report-q1-2023.txt"))
    messages = [finding.message for finding in findings.findings]
    assert any("mẫu số nêu 8.086 khác tổng số hồ sơ tiếp nhận đã nêu 6.086" in message
               for message in messages)
    assert any("5.626/6.086 = 92,442 %" in message for message in messages)


def test_against_the_records() -> None:
    dossiers = read_dossiers_csv(EXPORT)
    counts = dossiers.counts("2024-Q1")
    name = "trung-tam-hcc-quy-1-2024.txt"
    findings = check_report(text_of(name), counts=counts).findings
    assert [(finding.kind, finding.line) for finding in findings] == [
        tuple(item) for item in EXPECTED[name]["planted_against_records"]]
    assert findings[0].message == ("Giải quyết đúng hạn: báo cáo nêu 115 nhưng dữ liệu hồ sơ "
                                   "cho 113 (chênh lệch 2)")


def test_the_form_paragraph_reads_back_to_the_engine_counts() -> None:
    """Item 4 meets item 5: the paragraph the statistics form writes is read back by the
    report check to exactly the engine's figures, with nothing inconsistent."""
    dossiers = read_dossiers_csv(EXPORT)
    for period in ("2024-Q1", "2024-01", "2023-Q4"):
        counts = dossiers.counts(period)
        form = form_06(dossiers, period)
        result = check_report(form.paragraph("vi"), counts=counts,
                              window=(form.first, form.last))
        assert result.findings == []
        read = result.reading.figures("").figures()
        engine = figures_of(counts).figures()
        # The paragraph states every figure but early_or_on_time (it gives the rate).
        assert {key: value for key, value in read.items() if key != "early_or_on_time"} == {
            key: value for key, value in engine.items() if key != "early_or_on_time"}
        assert result.reading.window == (form.first, form.last)


# --- the command ----------------------------------------------------------------------------

def test_exit_codes(capsys, tmp_path: pathlib.Path) -> None:
    code, out, _ = run(capsys, "report", "check", str(REPORTS / "so-tu-phap-quy-2-2024.txt"))
    assert code == 0 and "Các số liệu nhất quán." in out
    code, out, _ = run(capsys, "report", "check", str(REPORTS / "so-xay-dung-quy-3-2024.txt"))
    assert code == 1
    assert "Không nhất quán (4):" in out
    assert ("dòng 18 (và dòng 19): Tổng số hồ sơ tiếp nhận 2.418 khác số mới tiếp nhận 2.391 + "
            "số từ kỳ trước chuyển qua 26 = 2.417 (chênh lệch 1)") in out
    code, _, err = run(capsys, "report", "check", str(tmp_path / "missing.txt"))
    assert code == 2 and "missing.txt: không mở được" in err
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Tổng số hồ sơ: 12\nđã giải quyết".encode("cp1258", errors="replace")
                      + b"\xff\n")
    code, _, err = run(capsys, "report", "check", str(latin))
    assert code == 2 and "không phải văn bản UTF-8" in err
    code, _, err = run(capsys, "report", "check", str(REPORTS / "so-tu-phap-quy-2-2024.txt"),
                       "--period", "2024-Q2")
    assert code == 2 and "--dossiers" in err


def test_english_on_request(capsys) -> None:
    code, out, _ = run(capsys, "report", "check",
                       str(REPORTS / "ubnd-xa-tinh-phong-quy-4-2024.txt"), "--lang", "en")
    assert code == 1
    assert "Inconsistencies (3):" in out
    assert ("line 11 (and line 12): Resolved 286 is less than the stated parts resolved early "
            "279 + resolved late 9 = 288 (difference -2)") in out
    assert "the percentage 100.4% is outside 0–100 %" in out


def test_json_keys_are_stable(capsys) -> None:
    code, out, _ = run(capsys, "report", "check",
                       str(REPORTS / "so-giao-thong-van-tai-quy-1-2024.txt"), "--json")
    assert code == 1
    payload = json.loads(out)
    assert list(payload) == ["file", "consistent", "inconsistencies", "stated_window",
                             "stated_window_line", "compared_with", "figures", "percentages",
                             "findings", "not_understood"]
    assert payload["consistent"] is False and payload["inconsistencies"] == 6
    assert list(payload["findings"][0]) == ["kind", "line", "lines", "scope", "figures", "stated",
                                            "expected", "message", "detail"]
    assert list(payload["figures"][0]) == ["scope", "figure", "value", "line", "text"]
    assert payload["stated_window"] == ["2023-12-15", "2024-03-14"]
    kinds = sorted(finding["kind"] for finding in payload["findings"])
    assert kinds == sorted(kind for kind, _ in
                           EXPECTED["so-giao-thong-van-tai-quy-1-2024.txt"]["planted"])


def test_dossiers_from_the_command_line(capsys) -> None:
    report = str(REPORTS / "trung-tam-hcc-quy-1-2024.txt")
    # The window is the data range the report states (15/12/2023–14/3/2024).
    code, out, err = run(capsys, "report", "check", report, "--dossiers", str(EXPORT), "--json")
    assert code == 1
    payload = json.loads(out)
    assert payload["compared_with"]["window"] == ["2023-12-15", "2024-03-14"]
    assert [(f["kind"], f["line"]) for f in payload["findings"]] == [
        ("differs_from_records", 19), ("differs_from_records", 20)]
    assert "loại 4 trên 360 dòng (không được đếm)" in err and "--rejected" in err
    # A period whose data range is not the one the report states is itself a finding.
    code, out, _ = run(capsys, "report", "check", report, "--dossiers", str(EXPORT), "--period",
                       "2024-Q2", "--json")
    assert code == 1
    kinds = [finding["kind"] for finding in json.loads(out)["findings"]]
    assert "window_differs" in kinds
    # Same period, same window: only the two planted differences.
    code, out, _ = run(capsys, "report", "check", report, "--dossiers", str(EXPORT), "--period",
                       "2024-Q1")
    assert code == 1 and "Giải quyết quá hạn: báo cáo nêu 55 nhưng dữ liệu hồ sơ cho 57" in out


def test_a_report_without_a_data_range_needs_a_window(capsys) -> None:
    code, _, err = run(capsys, "report", "check",
                       str(REPORTS / "ubnd-xa-tinh-phong-quy-4-2024.txt"), "--dossiers",
                       str(EXPORT))
    assert code == 2 and "báo cáo không nêu khoảng số liệu" in err


def test_window_of_check_report() -> None:
    text = text_of("trung-tam-hcc-quy-1-2024.txt")
    result = check_report(text, window=(dt.date(2024, 1, 1), dt.date(2024, 3, 31)))
    assert [finding.kind for finding in result.findings] == ["window_differs"]
    assert result.findings[0].line == 12
