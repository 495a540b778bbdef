"""The `cchc plan` command line: extract and status, their output formats and bad input."""

from __future__ import annotations

import csv
import io
import json
import pathlib

import pytest

from cchc.cli import main
from cchc.target import load_plan

ROOT = pathlib.Path(__file__).resolve().parents[2]
UNSEEN = ROOT / "tests" / "data" / "plans" / "unseen"
QUANG_NGAI = ROOT / "libcchc" / "data" / "plans" / "quang-ngai-industry-trade-2026.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_extract_lists_targets_tasks_and_what_it_did_not_understand(capsys) -> None:
    code, out, _ = run(capsys, "plan", "extract", str(UNSEEN / "commune-numbered-fields.txt"))
    # The commune plan has a range ("từ 40% đến 50%") and an approximation ("khoảng 70%"):
    # they are reported, so the command asks for a person (exit 1).
    assert code == 1
    assert "Chỉ tiêu (" in out and "Nhiệm vụ (" in out
    assert "chưa đọc được (" in out
    assert "Văn phòng HĐND và UBND xã" in out


def test_extract_json_and_toml_round_trip(capsys, tmp_path: pathlib.Path) -> None:
    out_file = tmp_path / "proposal.toml"
    source = UNSEEN / "department-inline-fields.txt"
    code, out, _ = run(capsys, "plan", "extract", str(source), "--toml", str(out_file), "--json")
    payload = json.loads(out)
    assert code in (0, 1)
    assert payload["year"] == 2026
    assert len(payload["targets"]) >= 2
    saved = load_plan(out_file)
    assert [t.id for t in saved.targets] == [t["id"] for t in payload["targets"]]
    assert [t.id for t in saved.tasks] == [t["id"] for t in payload["tasks"]]
    levels = {t["value"] for t in payload["targets"] if t["value"] is not None}
    assert 90.0 in levels  # "Mức độ hài lòng ... đạt không dưới 90%"


def test_extract_bad_input(capsys, tmp_path: pathlib.Path) -> None:
    code, _, err = run(capsys, "plan", "extract", str(tmp_path / "missing.txt"))
    assert code == 2 and "missing.txt" in err
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Kế hoạch".encode("utf-16"))
    code, _, err = run(capsys, "plan", "extract", str(latin1))
    assert code == 2 and "not UTF-8" in err


def test_status_of_an_example_plan(capsys) -> None:
    code, out, _ = run(capsys, "plan", "status", str(QUANG_NGAI), "--on", "2026-07-02")
    assert code == 0
    assert "tình hình đến ngày 02/07/2026" in out
    assert "Tình trạng nhiệm vụ:" in out and "quá hạn" in out
    # --strict turns overdue tasks into exit 1 for scripts.
    code, _, _ = run(capsys, "plan", "status", str(QUANG_NGAI), "--on", "2026-07-02", "--strict")
    assert code == 1
    # Before anything is due nothing is overdue.
    code, _, _ = run(capsys, "plan", "status", str(QUANG_NGAI), "--on", "2026-01-02", "--strict")
    assert code == 0


def test_status_values_csv_and_formats(capsys, tmp_path: pathlib.Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        '[plan]\nid = "demo"\nyear = 2026\n\n[[target]]\nid = "T01"\nindicator = "on_time_rate"\n'
        'comparator = "at_least"\nvalue = 98.0\nunit = "percent"\nbaseline = 90.0\n'
        'baseline_year = 2025\ndeadline = "Năm 2026"\n\n[[task]]\nid = "N01"\ntitle = "Kế hoạch"\n'
        'deadline = "Quý I năm 2026"\ncompleted = 2026-04-02\n',
        encoding="utf-8",
    )
    values = tmp_path / "values.csv"
    values.write_text("key,value\nT01,94\n", encoding="utf-8")
    code, out, _ = run(capsys, "plan", "status", str(plan), "--on", "2026-07-02",
                       "--values", str(values), "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["id"] == "T01" and rows[0]["status"] == "on_track"
    assert float(rows[0]["progress"]) == pytest.approx(0.5)
    code, out, _ = run(capsys, "plan", "status", str(plan), "--on", "2026-07-02", "--json")
    payload = json.loads(out)
    assert payload["tasks"][0]["status"] == "done_late"
    assert payload["targets"][0]["value"] is None  # no value supplied: missing, not 0
    code, out, _ = run(capsys, "plan", "status", str(plan), "--on", "2026-07-02", "--csv",
                       "--tasks")
    assert list(csv.DictReader(io.StringIO(out)))[0]["status"] == "done_late"


def test_status_bad_plan_file_names_line_and_field(capsys, tmp_path: pathlib.Path) -> None:
    plan = tmp_path / "bad.toml"
    plan.write_text('[plan]\nid = "x"\n\n[[target]]\nid = "T1"\nindicator = "k"\ncomparator = "most"\n',
                    encoding="utf-8")
    code, _, err = run(capsys, "plan", "status", str(plan), "--on", "2026-01-01")
    assert code == 2
    assert "bad.toml:7" in err and "comparator" in err
