"""PAR Index 876 (province): the unit answers areas 1-7; the survey and socio-economic parts
are Home Affairs' and are shown apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.cli import main
from cchc.score import Assessment, Framework, score

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "examples" / "data" / "score" / "par-index-province-876-subcriteria.toml"


def self_assessment() -> Assessment:
    areas = {"1": 8.5, "2": 6.7, "3": 9.1, "4": 5.4, "5": 7.9, "6": 5.6, "7": 11.0}
    return Assessment(
        "par-index-province-876", unit="UBND tỉnh Ninh Thuận", period="2022",
        answers={code: {"self_score": points, "evidence": ["Báo cáo CCHC năm 2022"]}
                 for code, points in areas.items()},
    )


def test_a_self_assessment_checks_cleanly_with_the_survey_parts_left_to_home_affairs() -> None:
    framework = Framework.shipped("par-index-province-876")
    report = score(framework, self_assessment())
    assert report.findings.empty
    apart = report.not_scored_by_unit.set_index("code")
    assert list(apart.index) == ["8.1", "8.2", "8.3"]
    assert apart["scored_by"].tolist() == ["survey", "survey", "home_affairs"]
    assert (apart["status"] == "awaiting").all()
    assert round(report.total, 2) == 54.2
    # Home Affairs fills its parts: the published total of Ninh Thuận 2022 from its parts.
    assessment = self_assessment()
    assessment.set("8.1", value=82.3)
    assessment.set("8.2", appraised_score=18.05)
    assessment.set("8.3", appraised_score=5.31)
    filled = score(framework, assessment)
    assert filled.findings.empty
    assert round(filled.appraised_total, 2) == 85.79  # parts as published; published total 85.78
    assert filled.band == "B"


def test_cli_check_passes_and_score_lists_the_parts_apart(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ninh-thuan-2022.toml"
    self_assessment().save(path)
    assert main(["check", "par-index-province-876", str(path), "--lang", "en"]) == 0
    assert "ready to submit" in capsys.readouterr().out
    assert main(["score", "par-index-province-876", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Scored by Home Affairs or a survey" in out and "8.3" in out


def test_the_sub_criteria_template_is_a_valid_framework() -> None:
    framework = Framework.load(TEMPLATE)
    nodes = framework.nodes.set_index("code")
    assert nodes.loc[["1", "2", "3", "4", "5", "6", "7"], "max"].sum() == 61.5
    assert nodes.loc["3.1.1", "provenance"] == "illustrative"
    assert framework.total_max == 100
