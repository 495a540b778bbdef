"""The `cchc calendar` command line: success, output formats and bad input."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import subprocess
import sys

import pytest

from cchc.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
RECEIPTS = ROOT / "examples" / "data" / "dossier-receipts.csv"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_due_human_json_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "calendar", "due", "2024-02-02", "5")
    assert code == 0 and "16/02/2024" in out
    code, out, _ = run(capsys, "calendar", "due", "02/02/2024", "5", "--json")
    assert json.loads(out) == [{"received": "2024-02-02", "working_days": 5, "due": "2024-02-16"}]
    code, out, _ = run(capsys, "calendar", "due", "2024-04-26", "10", "--pause", "2024-05-06", "2024-05-10", "--csv")
    assert list(csv.DictReader(io.StringIO(out)))[0]["due"] == "2024-05-20"
    code, out, _ = run(capsys, "calendar", "due", "2024-02-02", "5", "--explain")
    assert "13/02/2024 T3  Tết Nguyên đán (ngày nghỉ bù)" in out


def test_day_holidays_count_add(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "calendar", "day", "2026-01-10", "2026-11-24", "--json")
    rows = json.loads(out)
    assert rows[0]["working"] is True and rows[0]["reason"] == "Tết Dương lịch (make_up)"
    assert rows[1]["working"] is False
    code, out, _ = run(capsys, "calendar", "day", "2026-11-24", "--no-culture-day", "--json")
    assert json.loads(out)[0]["working"] is True
    code, out, _ = run(capsys, "calendar", "holidays", "2026", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"2026-01-10", "2026-08-22"} <= {r["date"] for r in rows if r["kind"] == "make_up"}
    code, out, _ = run(capsys, "calendar", "count", "2024-02-01", "2024-03-01", "--json")
    assert json.loads(out)[0]["working_days"] == 16
    code, out, _ = run(capsys, "calendar", "add", "2024-02-07", "1", "--json")
    assert json.loads(out)[0]["result"] == "2024-02-15"
    code, out, _ = run(capsys, "calendar", "day", "2026-01-10", "--no-make-up-days", "--json")
    assert json.loads(out)[0]["working"] is False


def test_due_dates_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "calendar", "due-dates", str(RECEIPTS), "--json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert len(rows) == 8
    assert rows["HS-2024-0003"]["due"] == "2024-05-20"
    assert rows["HS-2026-0001"]["due"] == "2026-01-10"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,received\nA,2024-01-01\n", "bad.csv:1: thiếu cột working_days"),
        ("id,received,working_days\nA,2024-02-30,5\n", "bad.csv:2: trường 'received'"),
        ("# c\nid,received,working_days\nA,2024-02-01,5\nB,2024-02-01,x\n", "bad.csv:4: trường 'working_days'"),
        ("id,received,working_days\nA,,5\n", "bad.csv:2: trường 'received': trống"),
        ("id,received,working_days,pause_requested,pause_resumed\nA,2024-02-01,5,2024-02-02,\n", "bad.csv:2: trường 'pause_resumed'"),
        ("id,received,working_days,pause_requested,pause_resumed\nA,2024-02-01,5,2024-01-02,2024-01-03\n", "bad.csv:2: thời gian tạm dừng 02/01/2024 đến 03/01/2024 bắt đầu trước ngày tiếp nhận hồ sơ 01/02/2024"),
        ("id,received,working_days\nA,2250-01-01,5\n", "bad.csv:2: 01/01/2250 nằm ngoài lịch ngày làm việc (01/01/1900 đến 31/12/2199)"),
    ],
)
def test_due_dates_bad_input(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "calendar", "due-dates", str(path))
    assert code == 2
    assert message in err.replace(str(tmp_path) + "/", "")
    assert out == ""


def test_usage_errors_exit_2() -> None:
    for argv in (["calendar", "due", "2024-13-01", "5"], ["calendar"], ["calendar", "due", "2024-01-01", "x"]):
        result = subprocess.run([sys.executable, "-m", "cchc.cli", *argv], capture_output=True, text=True)
        assert result.returncode == 2, argv
        assert "cách dùng:" in result.stderr  # argparse's words in Vietnamese too
    missing = subprocess.run([sys.executable, "-m", "cchc.cli", "calendar", "due-dates", "/nonexistent.csv"], capture_output=True, text=True)
    assert missing.returncode == 2 and "/nonexistent.csv: không tìm thấy tệp" in missing.stderr


def test_help_teaches() -> None:
    result = subprocess.run([sys.executable, "-m", "cchc.cli", "calendar", "due", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "cchc calendar due 2024-02-02 5" in result.stdout


def test_deadline_phrases(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "calendar", "deadline", "Quý I năm 2026", "Thường xuyên trong năm", "--year", "2026", "--json")
    rows = json.loads(out)
    assert code == 0
    assert (rows[0]["kind"], rows[0]["start"], rows[0]["end"]) == ("within_period", "2026-01-01", "2026-03-31")
    assert rows[1]["kind"] == "recurring" and rows[1]["end"] == "2026-12-31"
    code, out, _ = run(capsys, "calendar", "deadline", "xin chào", "--csv")
    assert code == 1
    assert list(csv.DictReader(io.StringIO(out)))[0]["kind"] == "not_understood"
