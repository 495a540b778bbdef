"""cchc.plan_extract: the extractor's tables from Python."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pandas as pd

from cchc.plan_extract import extract_plan, extract_plan_file

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "seeds" / "dak-lak-industry-trade-cchc-plan-2026.txt"


def test_targets_tasks_and_reports_as_frames() -> None:
    result = extract_plan(
        "II. CHỈ TIÊU\n- Tỷ lệ thanh toán trực tuyến đạt ít nhất 60%.\n"
        "- Tỷ lệ hồ sơ trực tuyến từ 40% đến 50%.\n"
        "III. NHIỆM VỤ\n1. Chuyển đổi số\n- Triển khai ký số (chủ trì: Văn phòng; thời hạn: Tháng 6/2026).\n",
        year=2026,
    )
    targets = result.targets
    assert list(targets["indicator"]) == ["online_payment_rate"]
    assert targets["value"].iloc[0] == 60.0
    assert targets["change_percent"].iloc[0] is pd.NA
    assert targets["baseline_year"].iloc[0] is pd.NA
    assert targets["line"].iloc[0] == 2
    assert "ít nhất" in targets["rule"].iloc[0]
    tasks = result.tasks
    assert list(tasks["title"]) == ["Triển khai ký số"]
    assert tasks["area"].iloc[0] == "chinh_quyen_so"
    assert tasks["lead"].iloc[0] == "Văn phòng"
    assert tasks["due"].iloc[0] == dt.date(2026, 6, 30)
    assert list(result.not_understood["line"]) == [3]
    assert "range" in result.not_understood["reason"].iloc[0]


def test_empty_text_gives_empty_tables_with_columns() -> None:
    result = extract_plan("")
    assert result.targets.empty and result.tasks.empty and result.not_understood.empty
    assert "indicator" in result.targets.columns and "lead" in result.tasks.columns
    assert result.year is None


def test_task_without_deadline_has_no_due_date() -> None:
    result = extract_plan("III. NHIỆM VỤ\n1. Cải cách thể chế\n- Rà soát văn bản.\n")
    assert result.tasks["due"].iloc[0] is pd.NA
    assert result.tasks["deadline_kind"].iloc[0] == "not_understood"


def test_seed_plan_file() -> None:
    result = extract_plan_file(SEED)
    assert result.year == 2026
    assert len(result.targets) == 20
    assert len(result.tasks) == 49
    relative = result.targets[result.targets["change_percent"].notna()]
    assert list(relative["baseline_year"]) == [2025, 2025, 2024, 2024]


def test_comparison_tool_reports_figures() -> None:
    output = subprocess.run(
        [sys.executable, str(ROOT / "tests/data/tools/compare_extraction.py")],
        check=True, capture_output=True, text=True,
    ).stdout
    assert "overall: targets precision 22/22 = 1.000, recall 22/22 = 1.000" in output
    assert "tasks precision 90/90 = 1.000, recall 90/90 = 1.000" in output
