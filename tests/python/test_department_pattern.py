"""The department-level example follows the pattern provinces use: areas mirroring the PAR
Index, Decision 766 items in the procedures area with the portal's metric codes, a survey part
the department does not self-score, and the five classes; template, check and score work on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.cli import main
from cchc.score import Assessment, Framework, score

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
EXAMPLE = DATA / "score" / "so-cong-thuong-2024-q1.toml"
# The demo's inputs (scripts/dev.sh demo): the dossier export and the plan fill the leaves.
INPUTS = ["--dossiers", str(DATA / "dossiers-q1.csv"), "--period", "2024-Q1",
          "--plan", str(DATA / "score" / "ke-hoach-cchc-so-cong-thuong-2024.toml"), "--on", "2024-03-31"]


@pytest.fixture(scope="module")
def framework() -> Framework:
    return Framework.shipped("department-example")


def test_areas_mirror_the_par_index_and_the_classes_are_the_provinces(framework: Framework) -> None:
    nodes = framework.nodes.set_index("code")
    areas = nodes[nodes["parent"].fillna("") == ""]
    assert list(areas.index) == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert areas["max"].sum() == 100
    assert [name for name, _ in framework.bands] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]


def test_decision_766_items_carry_the_portals_metric_codes(framework: Framework) -> None:
    nodes = framework.nodes.set_index("code")
    portal = Framework.shipped("decision-766-portal").nodes
    portal_metrics = set(portal["metric"].dropna())
    metrics = nodes.loc[["3.1", "3.3", "3.4"], "metric"]
    assert metrics.tolist() == ["PROGRESS_ON_TIME", "SO_HOA_GIAY_TO_GIAI_QUYET", "ORIGINAL_RESULT_AVAILABLE"]
    assert set(metrics) <= portal_metrics


def test_the_survey_part_is_not_the_departments_to_score(framework: Framework) -> None:
    nodes = framework.nodes.set_index("code")
    assert nodes.loc[["8", "8.1", "8.2"], "scored_by"].tolist() == ["survey"] * 3
    assert (nodes.loc[~nodes.index.str.startswith("8"), "scored_by"] == "unit").all()
    assessment = Assessment.load(EXAMPLE)
    assessment.set("8.1", self_score=18)  # a department scoring its own survey: refused
    report = score(framework, assessment)
    kinds = report.findings.set_index("code")["kind"]
    assert kinds.loc["8.1"] == "not_scored_by_unit"
    assert "8.1" in set(report.not_scored_by_unit["code"])


def test_template_check_and_score_work_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "tu-danh-gia.xlsx"
    assert main(["template", "department-example", str(template)]) == 0
    assert template.stat().st_size > 0
    capsys.readouterr()
    assert main(["check", "department-example", str(EXAMPLE), *INPUTS]) == 0
    report = tmp_path / "report.html"
    assert main(["score", "department-example", str(EXAMPLE), *INPUTS, "--report", str(report)]) == 0
    page = report.read_text(encoding="utf-8")
    assert "Khảo sát sự hài lòng" in page
