"""Hostile and broken inputs (issue 20, docs/hardening.md "Hostile inputs").

Every class of input is generated here (nothing large is committed) and its exact outcome is
asserted: text from users is never a live formula in a workbook or a spreadsheet CSV, never a
raw control character on a terminal; a number that is not finite is refused naming its field;
text keys are NFC; every reader turns every failure into a cchc error naming the file, line and
column (exit 2 on the command line), never a traceback; resource limits are checked before a
workbook is expanded; an interrupted write leaves no temporary file.
"""

from __future__ import annotations

import errno
import io
import json
import math
import os
import pathlib
import signal
import subprocess
import sys
import time
import zipfile
from typing import Any

import numpy as np
import pandas as pd
import pytest

import cchc
import cchc._files
import cchc.report
from cchc import ParseError
from cchc.cli import main
from cchc.score import Assessment, Framework, score

ROOT = pathlib.Path(__file__).resolve().parents[2]
PLAN = ROOT / "tests" / "data" / "plans" / "sample-plan.toml"
COMPOSED = "S\u1edf T\u01b0 ph\u00e1p"  # "Sở Tư pháp" as typed
DECOMPOSED = "So\u031b\u0309 Tu\u031b pha\u0301p"  # the same with combining marks
FORMULAS = ["=HYPERLINK(\"http://x\",\"bấm\")", "+1+1", "-2+3", "@SUM(A1)", "\tX", "\rX",
            "=cmd|' /C calc'!A0"]
CONTROL = "Sở\x1b[2J\x07\x00 Công Thương"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _no_formula_cells(path: pathlib.Path) -> list[Any]:
    """Every text cell of every sheet; fails on a formula cell."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    texts.append(cell)
    return texts


def _framework_text(criteria: str, name: str = "Thử") -> str:
    return f'[framework]\nid = "t"\nname = "{name}"\n' + criteria


# --- 1. Security: formulas, control characters, long values -----------------------------------


def test_template_text_is_never_a_formula_and_reads_back_unchanged(tmp_path: pathlib.Path) -> None:
    framework = Framework.from_toml(_framework_text(
        '[[criterion]]\ncode = "1"\nname = "=1+1"\nmax = 2\nrule = { kind = "manual" }\n',
        name="@SUM(A1)"))
    path = tmp_path / "mau.xlsx"
    cchc.report.write_template(framework, path, unit=FORMULAS[0], period="-2026")
    cells = {cell.value: cell for cell in _no_formula_cells(path)}
    for text in (FORMULAS[0], "-2026", "=1+1", "@SUM(A1)"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    assert not cells["Sở Tư pháp" if "Sở Tư pháp" in cells else "Mục"].quotePrefix
    assessment = cchc.report.read_template(path, framework)
    assert (assessment.unit, assessment.period) == (FORMULAS[0], "-2026")


def test_report_workbook_text_is_never_a_formula_in_any_sheet(tmp_path: pathlib.Path) -> None:
    framework = Framework.shipped("department-example")
    leaf = framework.leaf_codes[0]
    assessment = Assessment("department-example", unit=FORMULAS[0], period=FORMULAS[1])
    assessment.set(leaf, self_score=0, evidence=FORMULAS[2:4], note=FORMULAS[4] + CONTROL)
    path = tmp_path / "bao-cao.xlsx"
    cchc.report.write_excel(score(framework, assessment), path)
    texts = _no_formula_cells(path)
    values = {cell.value for cell in texts}
    assert {FORMULAS[0], FORMULAS[1]} <= values
    assert any(FORMULAS[2] in str(value) for value in values)
    # Control characters the format cannot hold are written as visible escapes.
    assert any("\\x1b[2J\\x07\\x00" in str(value) for value in values)
    for cell in texts:
        if str(cell.value).startswith(("=", "+", "-", "@", "\t", "\r")):
            assert cell.quotePrefix, cell.coordinate


def test_cli_csv_text_is_never_a_formula(capsys: pytest.CaptureFixture[str],
                                         tmp_path: pathlib.Path) -> None:
    receipts = tmp_path / "r.csv"
    receipts.write_text("id,received,working_days\n\"=1+1\",2024-01-02,5\n-7,2024-01-02,5\n",
                        encoding="utf-8")
    code, out, _ = run(capsys, "calendar", "due-dates", str(receipts), "--csv")
    assert code == 0
    assert out.splitlines()[1:] == ["'=1+1,2024-01-02,5,,2024-01-09", "'-7,2024-01-02,5,,2024-01-09"]
    # Numbers stay numbers; JSON is for programs and keeps the text as it is.
    code, out, _ = run(capsys, "calendar", "due-dates", str(receipts), "--json")
    assert [row["id"] for row in json.loads(out)] == ["=1+1", "-7"]
    assert cchc._spreadsheet.csv_value(-2.5) == -2.5


def test_control_characters_never_reach_the_terminal(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: pathlib.Path) -> None:
    receipts = tmp_path / "r.csv"
    # (A NUL byte is refused by the reader: see the reader cases below.)
    text = CONTROL.replace("\x00", "\x7f\x9b\u202e")
    receipts.write_text(f"id,received,working_days\n\"{text}\",2024-01-02,5\n",
                        encoding="utf-8")
    code, out, err = run(capsys, "calendar", "due-dates", str(receipts))
    assert code == 0
    assert not set(out) & {"\x1b", "\x07", "\x7f", "\x9b", "\u202e"}
    assert "Sở\\x1b[2J\\x07\\x7f\\x9b\\u202e Công Thương" in out
    bad = tmp_path / "bad.csv"
    bad.write_text(f"id,received,working_days\nA,\x1b]0;owned\x07,5\n", encoding="utf-8")
    code, out, err = run(capsys, "calendar", "due-dates", str(bad))
    assert code == 2 and "\x1b" not in err and "\x07" not in err
    assert f"{bad}:2: trường 'received': '\\x1b]0;owned\\x07' không phải là ngày" in err


def test_errors_cut_long_values(capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path) -> None:
    receipts = tmp_path / "r.csv"
    receipts.write_text("# một dòng ghi chú\nid,received,working_days\nA,2024-01-02,"
                        + "9" * 100_000 + "\n", encoding="utf-8")
    code, _, err = run(capsys, "calendar", "due-dates", str(receipts))
    assert code == 2
    assert len(err) < 600
    assert "ký tự bị lược" in err and f"{receipts}:3: trường 'working_days'" in err
    # A field over the csv module's limit (128 KiB) is named by its line too.
    receipts.write_text("id,received,working_days\nA,2024-01-02,5\nB,2024-01-02,"
                        + "9" * 200_000 + "\n", encoding="utf-8")
    code, _, err = run(capsys, "calendar", "due-dates", str(receipts))
    assert code == 2 and f"{receipts}:3: không phải CSV (field larger than field limit" in err


# --- 2. No silent wrong numbers ----------------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e999", "1_0", "0x10", "１０"])
def test_values_file_refuses_what_is_not_a_finite_number(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path, value: str
) -> None:
    values = tmp_path / "values.csv"
    values.write_text(f"key,value\nT01,{value}\n", encoding="utf-8")
    code, out, err = run(capsys, "plan", "status", str(PLAN), "--on", "2026-06-30",
                         "--values", str(values))
    assert code == 2 and out == ""
    assert f"{values}:2: trường 'value': '{value}' không phải số" in err


def test_values_file_reads_decimal_commas_and_nfc_keys(tmp_path: pathlib.Path) -> None:
    from cchc.cli import _read_values

    values = tmp_path / "values.csv"
    values.write_text(f'key,value,scope_unit\nT01,"94,5",{DECOMPOSED}\nT02,,\n', encoding="utf-8")
    table = _read_values(str(values))
    assert list(table["value"]) == [94.5, None]
    assert list(table["scope_unit"]) == [COMPOSED, ""]


def test_scorecard_refuses_an_infinite_value() -> None:
    from cchc.target import load_plan, scorecard

    with pytest.raises(ParseError, match="inf is not a finite number"):
        scorecard(load_plan(PLAN), "2026-06-30", values={"T01": math.inf})


def test_assessment_file_refuses_nan_appraisal() -> None:
    with pytest.raises(ParseError) as caught:
        Assessment.from_toml('[assessment]\nframework = "department-example"\n[[answer]]\n'
                             'code = "1.1"\nappraised_score = nan\n', "a.toml")
    assert (caught.value.line, caught.value.field) == (5, "appraised_score")


def test_an_appraised_nan_set_in_python_is_a_finding_not_a_nan_total() -> None:
    framework = Framework.shipped("department-example")
    leaf = framework.leaf_codes[0]
    assessment = Assessment("department-example")
    assessment.set(leaf, self_score=0, appraised_score=math.nan, evidence=["x"])
    report = score(framework, assessment)
    assert math.isfinite(report.appraised_total)
    messages = report.findings[report.findings["code"] == leaf]["message"]
    assert any("appraised score nan is not a finite number" in text for text in messages)


def test_framework_maxima_that_overflow_are_refused() -> None:
    with pytest.raises(ParseError, match="overflow"):
        Framework.from_toml(_framework_text(
            '[[criterion]]\ncode = "1"\nname = "a"\nmax = 1e308\nrule = { kind = "manual" }\n'
            '[[criterion]]\ncode = "2"\nname = "b"\nmax = 1e308\nrule = { kind = "manual" }\n'))


def test_composite_data_refuses_infinities_naming_unit_and_column() -> None:
    from cchc.composite import CompositeData, Index, Pipeline

    index = Index.shipped("hdi")
    frame = pd.DataFrame({code: [1.0, 2.0] for code in index.indicators}, index=["A", "B"])
    frame.iloc[1, 0] = np.inf
    with pytest.raises(ParseError) as caught:
        Pipeline().normalise().run(CompositeData(frame), index)
    assert caught.value.field == index.indicators[0]
    assert "unit 'B': inf is not a finite number" in caught.value.reason


def test_composite_goalposts_must_be_finite() -> None:
    from cchc.composite import Index

    with pytest.raises(ParseError) as caught:
        Index.from_toml_text('[[node]]\ncode = "a"\nparent = "t"\n'
                             'goalposts = { lower = 0, upper = inf }\n[[node]]\ncode = "t"\n',
                             "i.toml")
    assert (caught.value.line, caught.value.field) == (4, "goalposts.upper")


def test_unicode_keys_are_nfc_one_unit_one_group(tmp_path: pathlib.Path) -> None:
    from cchc.io import read_dossiers_csv

    path = tmp_path / "d.csv"
    path.write_text("id,unit,received,processing_days,status\n"
                    f"A1,{COMPOSED},2024-01-02,5,pending\nA2,{DECOMPOSED},2024-01-03,5,pending\n",
                    encoding="utf-8")
    table = read_dossiers_csv(path).indicators(first="2024-01-01", last="2024-01-31", by="unit")
    assert list(table["unit"]) == [COMPOSED]
    frame = pd.DataFrame({"id": ["B1", "B2"], "unit": [COMPOSED, DECOMPOSED],
                          "received": pd.to_datetime(["2024-01-02", "2024-01-03"]),
                          "processing_days": [5, 5], "status": ["pending", "pending"]})
    by_unit = cchc.indicators(frame, first="2024-01-01", last="2024-01-31", by="unit")
    assert list(by_unit["unit"]) == [COMPOSED]


def test_unicode_codes_in_assessments_are_nfc() -> None:
    framework = Framework.from_toml(_framework_text(
        f'[[criterion]]\ncode = "{COMPOSED}"\nname = "a"\nmax = 2\nrule = {{ kind = "manual" }}\n'))
    assessment = Assessment("t")
    assessment.set(DECOMPOSED, self_score=2, evidence=["x"])
    assert assessment.codes == [COMPOSED]
    assert score(framework, assessment).total == 2


def test_composite_frames_are_nfc() -> None:
    from cchc.composite import CompositeData, Index, Pipeline

    index = Index.shipped("hdi")
    frame = pd.DataFrame({code: [1.0, 2.0] for code in index.indicators},
                         index=[COMPOSED, DECOMPOSED])
    with pytest.raises(Exception, match="twice|duplicate|unique"):
        Pipeline().normalise().run(CompositeData(frame), index)


# --- Excel templates: dimension, formulas without values, 1_0, limits ---------------------------


def _filled_template(tmp_path: pathlib.Path, fill: dict[str, Any] | None = None) -> pathlib.Path:
    """A template of department-example with ``fill`` (cell → value) on sheet Tự đánh giá."""
    from openpyxl import load_workbook

    path = tmp_path / "mau.xlsx"
    cchc.report.write_template(Framework.shipped("department-example"), path)
    book = load_workbook(path)
    sheet = book[cchc.report.TEMPLATE_SHEET]
    for coordinate, value in (fill or {}).items():
        sheet[coordinate] = value
    book.save(path)
    return path


def _rewrite_member(path: pathlib.Path, member: str, change: Any) -> None:
    with zipfile.ZipFile(path) as archive:
        contents = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    contents[member] = change(contents[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


def test_template_rows_beyond_the_declared_dimension_are_read(tmp_path: pathlib.Path) -> None:
    import re

    framework = Framework.shipped("department-example")
    # The last criterion the unit scores itself (the survey area after it is not the unit's).
    unit_leaves = list(framework.nodes.query("is_leaf and scored_by == 'unit'")["code"])
    code = unit_leaves[-1]
    row = framework.leaf_codes.index(code) + 2
    assert row > 2
    path = _filled_template(tmp_path, {f"K{row}": 1.5, f"L{row}": "biên bản"})
    _rewrite_member(path, "xl/worksheets/sheet2.xml",
                    lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:M2"', xml))
    assessment = cchc.report.read_template(path, framework)
    assert assessment.answer(code)["self_score"] == 1.5


def test_template_formula_without_a_cached_value_is_an_error(tmp_path: pathlib.Path) -> None:
    path = _filled_template(tmp_path, {"K2": "=1+1"})  # openpyxl stores no cached value
    with pytest.raises(ParseError) as caught:
        cchc.report.read_template(path)
    assert caught.value.line == 2 and caught.value.field == "Tự đánh giá!K"
    assert "công thức chưa được tính: mở và lưu lại bằng Excel" in str(caught.value)


@pytest.mark.parametrize("text", ["1_0", "nan", "inf", "1e999", "0x1A", "Infinity"])
def test_template_text_that_python_would_take_is_not_a_number(tmp_path: pathlib.Path,
                                                              text: str) -> None:
    path = _filled_template(tmp_path, {"K2": text})
    with pytest.raises(ParseError) as caught:
        cchc.report.read_template(path)
    assert caught.value.line == 2 and caught.value.field.startswith("Tự đánh giá!K")
    assert f"'{text}' không phải số" in caught.value.reason


def test_template_limits_are_checked_before_expanding(tmp_path: pathlib.Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # A zip bomb: 3 MB of spaces compress to a few KB. The limit is checked on the archive's
    # directory, before openpyxl (which would expand it) is called at all.
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b" " * 3_000_000)
    assert bomb.stat().st_size < 20_000
    monkeypatch.setattr(cchc.report, "XLSX_MAX_UNCOMPRESSED_BYTES", 2_000_000)
    import openpyxl

    def expanded(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(openpyxl, "load_workbook", expanded)
    with pytest.raises(ParseError, match="giải nén ra 3.000.000 byte, vượt giới hạn 2.000.000"):
        cchc.report.read_template(bomb)


def test_template_row_and_cell_limits(tmp_path: pathlib.Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # openpyxl cuts what it writes at Excel's 32,767 characters: a lower limit shows the check.
    monkeypatch.setattr(cchc.report, "XLSX_MAX_CELL_CHARACTERS", 1000)
    path = _filled_template(tmp_path, {"M3": "x" * 2000})
    with pytest.raises(ParseError) as caught:
        cchc.report.read_template(path)
    assert caught.value.line == 3 and caught.value.field == "Tự đánh giá!M"
    assert "2.000 ký tự" in caught.value.reason
    path = _filled_template(tmp_path, {"A200": "trailing"})
    monkeypatch.setattr(cchc.report, "XLSX_MAX_ROWS", 100)
    with pytest.raises(ParseError) as caught:
        cchc.report.read_template(path)
    assert caught.value.line == 101 and "XLSX_MAX_ROWS" in caught.value.reason


# --- Holiday schedules -------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "field", "reason"), [
    ("2030,tet,holiday,2030-02-01,,Q\x00D,\n", "source", "a NUL byte"),
    ("2300,local,holiday,2300-01-02,,,\n", "first", "outside the calendar's years 1900–2199"),
    ("2030,tet,make_up,2030-02-06,,,\n", "first", "a make-up working day is a Saturday or Sunday"),
])
def test_holiday_schedule_errors(body: str, field: str, reason: str) -> None:
    from cchc.calendar import HolidaySchedule

    with pytest.raises(ParseError) as caught:
        HolidaySchedule.parse("year,holiday,kind,first,last,source,note\n" + body, "s.csv")
    assert (caught.value.line, caught.value.field) == (2, field)
    assert reason in caught.value.reason


# --- 3. Never a traceback: every reader, every failure ------------------------------------------


def _cli(*argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cchc.cli", *argv], capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pathlib.Path]:
    """One file of each hostile kind."""
    root = tmp_path_factory.mktemp("hostile")
    files = {"directory": root / "a-directory.csv"}
    files["directory"].mkdir()
    files["utf16"] = root / "utf16.csv"
    files["utf16"].write_bytes("id,received,working_days\nA,2024-01-02,5\n".encode("utf-16"))
    files["cp1258"] = root / "cp1258.csv"
    files["cp1258"].write_bytes(b"id,received,working_days\n\xd0\xf2,2024-01-02,5\n")
    files["nul"] = root / "nul.csv"
    files["nul"].write_bytes(b"id,received,working_days\nA\x00,2024-01-02,5\n")
    files["sparse"] = root / "huge.csv"
    with open(files["sparse"], "wb") as handle:  # 65 MB on paper, no disk used
        handle.truncate(65 * 1024 * 1024)
    files["fifo"] = root / "fifo.csv"
    os.mkfifo(files["fifo"])
    files["garbage"] = root / "garbage.xlsx"
    files["garbage"].write_bytes(b"PK\x03\x04 not really a zip")
    files["truncated_xlsx"] = root / "truncated.xlsx"
    cchc.report.write_template(Framework.shipped("department-example"), root / "whole.xlsx")
    files["truncated_xlsx"].write_bytes((root / "whole.xlsx").read_bytes()[:3000])
    # A zip whose directory claims a version zipfile does not implement (found by atheris).
    files["zip_version_xlsx"] = root / "zip-version.xlsx"
    files["zip_version_xlsx"].write_bytes(
        (pathlib.Path(__file__).parent.parent / "fuzz" / "python" / "corpus" / "xlsx_template"
         / "regression-zip-version-not-implemented").read_bytes())
    files["bad_xml_xlsx"] = root / "bad-xml.xlsx"
    files["bad_xml_xlsx"].write_bytes((root / "whole.xlsx").read_bytes())
    _rewrite_member(files["bad_xml_xlsx"], "xl/worksheets/sheet2.xml", lambda xml: xml[:500])
    return files


READER_CASES = [
    ("due-dates directory", ["calendar", "due-dates", "{directory}"], "là một thư mục"),
    ("due-dates FIFO", ["calendar", "due-dates", "{fifo}"], "không phải tệp thông thường"),
    ("due-dates UTF-16", ["calendar", "due-dates", "{utf16}"], ":1: có byte NUL"),
    ("due-dates Windows-1258", ["calendar", "due-dates", "{cp1258}"], ":2: không phải UTF-8"),
    ("due-dates NUL", ["calendar", "due-dates", "{nul}"], ":2: có byte NUL"),
    ("due-dates 65 MB", ["calendar", "due-dates", "{sparse}"], "vượt giới hạn 67.108.864 byte"),
    ("values directory", ["plan", "status", "{plan}", "--on", "2026-06-30", "--values",
                          "{directory}"], "là một thư mục"),
    ("values UTF-16", ["plan", "status", "{plan}", "--on", "2026-06-30", "--values", "{utf16}"],
     ":1: có byte NUL"),
    ("plan extract device", ["plan", "extract", "/dev/zero"], "không phải tệp thông thường"),
    ("plan extract 65 MB", ["plan", "extract", "{sparse}"], "vượt giới hạn"),
    ("plan extract Windows-1258", ["plan", "extract", "{cp1258}"], ":2: không phải UTF-8"),
    ("plan status directory", ["plan", "status", "{directory}", "--on", "2026-06-30"],
     "là một thư mục"),
    ("score xlsx directory", ["score", "department-example", "{directory}.xlsx"], "là một thư mục"),
    ("score garbage xlsx", ["score", "department-example", "{garbage}"], "không phải sổ tính .xlsx"),
    ("score truncated xlsx", ["score", "department-example", "{truncated_xlsx}"], "không phải sổ tính .xlsx"),
    ("score xlsx of an unknown zip version", ["score", "department-example", "{zip_version_xlsx}"],
     "không phải sổ tính .xlsx"),
    ("score xlsx with bad XML", ["score", "department-example", "{bad_xml_xlsx}"],
     "không đọc được tệp .xlsx"),
    ("score framework directory", ["score", "{directory}.toml", "{utf16}"], "là một thư mục"),
    ("indicators directory", ["indicators", "{directory}"], "là một thư mục"),
    ("indicators FIFO", ["indicators", "{fifo}"], "không phải tệp thông thường"),
    ("deadline year out of range", ["calendar", "deadline", "Quý I", "--year", "99999"], None),
    ("deadline NUL", ["calendar", "deadline", "Quý I\x01 năm 2026"], None),
]


@pytest.mark.parametrize(("name", "argv", "expected"), READER_CASES, ids=[c[0] for c in READER_CASES])
def test_every_reader_failure_is_a_cchc_error(hostile_files: dict[str, pathlib.Path], name: str,
                                              argv: list[str], expected: str | None,
                                              tmp_path: pathlib.Path) -> None:
    names = {key: str(path) for key, path in hostile_files.items()}
    names["plan"] = str(PLAN)
    for suffix in (".xlsx", ".toml"):
        pathlib.Path(f"{hostile_files['directory']}{suffix}").mkdir(exist_ok=True)
    result = _cli(*(arg.format(**names) for arg in argv))
    assert "Traceback" not in result.stderr, result.stderr
    if expected is None:  # a phrase the parser does not understand: a check result
        assert result.returncode in (0, 1)
        return
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stderr.startswith("cchc: lỗi: ") and expected in result.stderr


def test_parquet_nested_and_binary_columns(tmp_path: pathlib.Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    base = {"id": ["A"], "received": ["2024-01-02"], "working_days": [5], "status": ["pending"]}
    nested = tmp_path / "nested.parquet"
    pq.write_table(pa.table({**base, "unit": pa.array([["x", "y"]])}), nested)
    binary = tmp_path / "binary.parquet"
    pq.write_table(pa.table({**base, "unit": pa.array([b"\xff\xfe"], pa.binary())}), binary)
    for path, reason in ((nested, "nested values"), (binary, "cannot be read as text")):
        result = _cli("indicators", str(path))
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert f"{path}: trường 'unit': a column of type" in result.stderr and reason in result.stderr
        with pytest.raises(ParseError):
            cchc.io.read_dossiers_parquet(path)
    not_parquet = tmp_path / "x.parquet"
    not_parquet.write_bytes(b"PAR1 but not really")
    with pytest.raises(ParseError, match="không đọc được tệp Parquet"):
        cchc.io.read_dossiers_parquet(not_parquet)
    from cchc.i18n import language

    with language("en"), pytest.raises(ParseError, match="cannot read the Parquet file"):
        cchc.io.read_dossiers_parquet(not_parquet)


def test_composite_readers_never_raise_foreign_exceptions(tmp_path: pathlib.Path) -> None:
    from cchc.composite import CompositeData, Index

    meta = tmp_path / "iMeta.csv"
    meta.write_bytes(b'"iCode","Level","Direction","Weight","Parent","Type"\n"\xd0a",1,1,1,NA,"X"\n')
    with pytest.raises(ParseError, match=":2: not UTF-8"):
        Index.from_imeta(meta)
    with pytest.raises(ParseError, match="là một thư mục"):
        Index.from_imeta(tmp_path)
    with pytest.raises(ParseError, match="là một thư mục"):
        CompositeData.read_coinr(tmp_path, meta)
    with pytest.raises(ParseError, match="là một thư mục"):
        Index.from_toml(tmp_path)


# --- 4. Resource limits: linear writers ---------------------------------------------------------


def test_excel_writers_do_not_scan_the_sheet_per_row(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: pathlib.Path) -> None:
    from openpyxl.worksheet.worksheet import Worksheet

    calls = {"max_row": 0}
    original = Worksheet.max_row

    def counting(self: Worksheet) -> int:
        calls["max_row"] += 1
        return int(original.fget(self))  # type: ignore[attr-defined]

    monkeypatch.setattr(Worksheet, "max_row", property(counting))
    criteria = "".join(f'[[criterion]]\ncode = "{i}"\nname = "n"\nmax = 1\n'
                       'rule = { kind = "manual" }\n' for i in range(300))
    framework = Framework.from_toml(_framework_text(criteria))
    cchc.report.write_template(framework, tmp_path / "t.xlsx")
    cchc.report.write_excel(score(framework, Assessment("t")), tmp_path / "r.xlsx")
    assert calls["max_row"] < 50  # was one scan of every cell per row and per cell written


# --- 5. Faults: signals, stale temporaries, --output, errors naming the target ----------------


def _large_framework(path: pathlib.Path, leaves: int) -> pathlib.Path:
    path.write_text(_framework_text("".join(
        f'[[criterion]]\ncode = "{i}"\nname = "tiêu chí {i}"\nmax = 1\nrule = {{ kind = "manual" }}\n'
        for i in range(leaves))), encoding="utf-8")
    return path


@pytest.mark.parametrize(("signal_number", "exit_code"), [(signal.SIGINT, 130),
                                                          (signal.SIGTERM, 143)])
def test_an_interrupted_write_leaves_no_temporary(tmp_path: pathlib.Path, signal_number: int,
                                                  exit_code: int) -> None:
    framework = _large_framework(tmp_path / "f.toml", 200)
    out = tmp_path / "out" / "mau.xlsx"
    out.parent.mkdir()
    # The rename is held back until the signal comes: on a busy machine the whole write could
    # otherwise finish between the temporary's appearance and the signal (exit 0, no test).
    held_cli = ("import sys, time\n"
                "import cchc._files as files\n"
                "original = files._replace\n"
                "def held(temporary, target):\n"
                "    time.sleep(600)\n"
                "    original(temporary, target)\n"
                "files._replace = held\n"
                "from cchc.cli import main\n"
                "sys.exit(main())\n")
    process = subprocess.Popen([sys.executable, "-c", held_cli, "template", str(framework),
                                str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    deadline = time.monotonic() + 600
    while not any(name.startswith(".mau.xlsx.tmp-") for name in os.listdir(out.parent)):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no temporary file appeared"
        time.sleep(0.01)
    process.send_signal(signal_number)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == exit_code
    assert "Traceback" not in stderr and stderr == ""
    assert os.listdir(out.parent) == []


def test_a_killed_writers_temporary_is_swept_by_the_next_run(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "report.json"
    # A writer killed with SIGKILL cannot clean up: its pid is gone (4194305 > pid_max).
    stale = tmp_path / ".report.json.tmp-4194305-abc.tmp"
    stale.write_text("{half")
    live = tmp_path / f".report.json.tmp-{os.getpid()}-abc.tmp"
    live.write_text("{being written")
    foreign = tmp_path / ".report.json.swp"
    foreign.write_text("not ours")
    cchc._files.write_text_atomically(out, "{}")
    assert sorted(os.listdir(tmp_path)) == sorted([".report.json.swp", live.name, "report.json"])


def test_output_file_is_written_atomically(capsys: pytest.CaptureFixture[str],
                                           tmp_path: pathlib.Path) -> None:
    receipts = tmp_path / "r.csv"
    receipts.write_text("id,received,working_days\nA,2024-01-02,5\n", encoding="utf-8")
    out = tmp_path / "due.csv"
    code, stdout, _ = run(capsys, "calendar", "due-dates", str(receipts), "--csv",
                          "--output", str(out))
    assert code == 0 and stdout == ""
    assert out.read_text(encoding="utf-8").splitlines()[1] == "A,2024-01-02,5,,2024-01-09"
    receipts.write_text("id,received,working_days\nA,2024-01-02,five\n", encoding="utf-8")
    code, _, err = run(capsys, "calendar", "due-dates", str(receipts), "--json", "-o", str(out))
    assert code == 2 and "trường 'working_days'" in err
    assert out.read_text(encoding="utf-8").splitlines()[1] == "A,2024-01-02,5,,2024-01-09"
    assert sorted(os.listdir(tmp_path)) == ["due.csv", "r.csv"]


def test_disk_full_and_missing_folders_name_the_target(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: pathlib.Path) -> None:
    target = tmp_path / "bao-cao.json"

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as caught:
        cchc._files.write_text_atomically(target, "{}")
    assert caught.value.filename == str(target) and caught.value.errno == errno.ENOSPC
    assert os.listdir(tmp_path) == []
    monkeypatch.undo()
    missing = tmp_path / "no-such-folder" / "x.json"
    with pytest.raises(OSError) as caught:
        cchc._files.write_text_atomically(missing, "{}")
    assert caught.value.filename == str(missing)


def test_cli_names_the_target_of_a_failed_write(capsys: pytest.CaptureFixture[str],
                                                tmp_path: pathlib.Path) -> None:
    receipts = tmp_path / "r.csv"
    receipts.write_text("id,received,working_days\nA,2024-01-02,5\n", encoding="utf-8")
    target = tmp_path / "missing" / "due.csv"
    code, _, err = run(capsys, "calendar", "due-dates", str(receipts), "--csv", "-o", str(target))
    assert code == 2 and err.startswith(f"cchc: lỗi: {target}: ")
    assert ".tmp-" not in err


# --- 6. Fuzz targets' seed corpora replay in the normal suite -----------------------------------


@pytest.mark.parametrize("target", ["xlsx_template", "values_csv"])
def test_python_fuzz_targets_over_their_corpora(target: str) -> None:
    import importlib.util

    script = ROOT / "tests" / "fuzz" / "python" / f"{target}.py"
    spec = importlib.util.spec_from_file_location(f"fuzz_{target}", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    corpus = sorted((ROOT / "tests" / "fuzz" / "python" / "corpus" / target).iterdir())
    assert len(corpus) >= 5
    for seed in corpus:
        module.test_one_input(seed.read_bytes())


def test_large_framework_scores(tmp_path: pathlib.Path) -> None:
    """100,000 criteria load, score and list lost points (timed in the report, no limit)."""
    criteria = io.StringIO()
    for area in range(100):
        criteria.write(f'[[criterion]]\ncode = "{area}"\nname = "a"\nmax = 1000\n')
        for leaf in range(1000):
            criteria.write(f'[[criterion]]\ncode = "{area}.{leaf}"\nparent = "{area}"\n'
                           'name = "l"\nmax = 1\nrule = { kind = "manual" }\n')
    start = time.perf_counter()
    framework = Framework.from_toml(_framework_text(criteria.getvalue()))
    loaded = time.perf_counter()
    assessment = Assessment("t")
    for area in range(0, 100, 10):
        assessment.set(f"{area}.0", self_score=1, evidence=["x"])
    report = score(framework, assessment)
    lost = report.lost_points
    done = time.perf_counter()
    assert len(report.nodes) == 100_100 and len(lost) == 99_990
    print(f"100,000 criteria: load {loaded - start:.2f} s, score {done - loaded:.2f} s")
