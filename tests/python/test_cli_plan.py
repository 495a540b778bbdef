"""The `cchc plan` command line: extract and status, their output formats and bad input."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import re

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
    assert code == 2 and "không phải văn bản UTF-8" in err


def test_status_of_an_example_plan(capsys) -> None:
    code, out, _ = run(capsys, "plan", "status", str(QUANG_NGAI), "--on", "2026-07-02")
    assert code == 0
    assert "tình hình đến ngày 02/07/2026" in out
    assert "Tóm tắt: 41 nhiệm vụ (8 quá hạn," in out and "quá hạn" in out
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


DAK_LAK = ROOT / "libcchc" / "data" / "plans" / "dak-lak-industry-trade-2026.toml"


@pytest.mark.parametrize("plan", [QUANG_NGAI, DAK_LAK], ids=["quang-ngai", "dak-lak"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_status_is_readable_grouped_overdue_first_in_100_columns(capsys, plan, lang) -> None:
    from cchc.i18n import _, language
    from cchc.labels import area_label, status_label
    from cchc.target import task_status

    code, out, err = run(capsys, "plan", "status", str(plan), "--on", "2026-07-02", "--lang", lang)
    assert code == 0
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 100
    tasks = task_status(load_plan(plan), "2026-07-02")
    counts = tasks["status"].value_counts()
    with language(lang):
        # One summary line with every count.
        summary = lines[1]
        assert summary.startswith("Tóm tắt: " if lang == "vi" else "Summary: ")
        assert f" {len(tasks)} " in summary
        for status, count in counts.items():
            assert f"{count} {status_label(status)}" in summary
        # Groups by area · lead unit; those with overdue tasks first.
        groups = [(index, line) for index, line in enumerate(lines)
                  if " · " in line and not line.startswith(" ")]
        expected = {(area_label(area), lead or _("(no lead unit)"))
                    for area, lead in zip(tasks["area"], tasks["lead"])}
        headers = [tuple(line.rsplit(" (", 1)[0].split(" · ", 1)) for _, line in groups]
        assert len(headers) == len(set(headers)) == len(expected)

        def shows(header: tuple[str, ...], group: tuple[str, str]) -> bool:
            area, lead = header
            return area == group[0] and (lead == group[1] or lead.endswith("…")
                                         and group[1].startswith(lead[:-1]))  # cut to fit

        assert all(any(shows(header, group) for group in expected) for header in headers)
        overdue_word = status_label("overdue")
        flags = [overdue_word in line for _, line in groups]
        assert flags == sorted(flags, reverse=True)  # every overdue group before the others
        if counts.get("overdue", 0):
            assert lines[groups[0][0] + 1].split(None, 1)[1].startswith(overdue_word)
        # Within a group, the most days late first.
        for start, _header in groups:
            end = lines.index("", start) if "" in lines[start:] else len(lines)
            states = [line.split(None, 1)[1] for line in lines[start + 1:end]]
            late = [int(re.match(r"\D*?(\d+)", state).group(1))
                    for state in states if state.startswith(overdue_word)]
            assert late == sorted(late, reverse=True)
            overdue_rows = [state.startswith(overdue_word) for state in states]
            assert overdue_rows == sorted(overdue_rows, reverse=True)  # overdue tasks first
    area = tasks["area"].iloc[0]
    with language("vi"):
        assert (area_label(area) in out) == (lang == "vi")
    with language("en"):
        assert (area_label(area) in out) == (lang == "en")
    if counts.get("overdue", 0):
        assert ("overdue" in out) == (lang == "en")


def test_status_csv_and_workbook_have_every_column(capsys, tmp_path: pathlib.Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from cchc.target import task_status

    code, out, _ = run(capsys, "plan", "status", str(QUANG_NGAI), "--on", "2026-07-02", "--csv",
                       "--tasks")
    rows = list(csv.DictReader(io.StringIO(out)))
    tasks = task_status(load_plan(QUANG_NGAI), "2026-07-02")
    assert list(rows[0]) == list(tasks.columns)  # title, explanation, … all there
    assert {row["status"] for row in rows} == set(tasks["status"])  # stable English keys
    book_path = tmp_path / "status.xlsx"
    code, out, _ = run(capsys, "plan", "status", str(QUANG_NGAI), "--on", "2026-07-02", "--xlsx",
                       str(book_path))
    assert code == 0 and f"Đã ghi tệp Excel: {book_path}" in out
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == ["Chỉ tiêu", "Nhiệm vụ"]
    sheet = list(book["Nhiệm vụ"].iter_rows(values_only=True))
    header = sheet[1]
    assert len(header) == len(tasks.columns) and "Trạng thái" in header
    status_column = header.index("Trạng thái")
    statuses = [row[status_column] for row in sheet[2:]]
    assert len(statuses) == len(tasks)
    assert statuses[: (tasks["status"] == "overdue").sum()] == ["quá hạn"] * int(
        (tasks["status"] == "overdue").sum())
    due = header.index("Hạn")
    assert all(row[due] is None or hasattr(row[due], "year") for row in sheet[2:])
    code, _, err = run(capsys, "plan", "status", str(QUANG_NGAI), "--on", "2026-07-02", "--xlsx",
                       str(tmp_path / "status.csv"))
    assert code == 2 and ".xlsx" in err
