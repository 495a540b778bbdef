"""cchc.score: frameworks, self-assessments, DataFrame results, batch scoring."""

from __future__ import annotations

import math
import pathlib

import numpy as np
import pandas as pd
import pytest

import cchc
from cchc.score import (
    Assessment,
    Framework,
    apply_indicators,
    apply_target_statuses,
    assess,
    score,
    score_batch,
    shipped_frameworks,
    what_if,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "data" / "score" / "so-cong-thuong-2025.toml"

MINI = """[framework]
id = "mini"
name = "Mini"

[[criterion]]
code = "1"
name = "Một"
max = 10

[[criterion]]
code = "1.1"
parent = "1"
name = "Một một"
max = 6
rule = { kind = "steps", steps = [{ from = 90, points = 3 }, { from = 100, points = 6 }] }
input = { indicator = "on_time_rate" }
evidence_required = true

[[criterion]]
code = "1.2"
parent = "1"
name = "Một hai"
max = 4
rule = { kind = "pass_fail", late_share = 0.5 }
input = { target = "T1" }
"""


@pytest.fixture(scope="module")
def department() -> Framework:
    return Framework.shipped("department-example")


def test_shipped_frameworks_load_with_their_totals() -> None:
    assert set(shipped_frameworks()) == {
        "decision-766-formula-sheet",
        "decision-766-portal",
        "department-example",
        "par-index-province-1150",
        "par-index-province-2948",
        "par-index-province-876",
    }
    assert Framework.shipped("decision-766-portal").total_max == 100
    par = Framework.shipped("par-index-province-2948")
    nodes = par.nodes
    assert nodes["max"].tolist() == [10, 10, 14.5, 11, 16, 7, 16, 15.5]
    assert par.bands == [("A", 90.0), ("B", 80.0), ("C", 70.0)]
    with pytest.raises(cchc.CchcError, match="decision-766-portal"):
        Framework.shipped("nope")


def test_framework_round_trip_and_nodes(tmp_path: pathlib.Path, department: Framework) -> None:
    path = tmp_path / "f.toml"
    department.save(path)
    assert Framework.load(path) == department
    nodes = department.nodes.set_index("code")
    assert nodes.loc["3.1", "rule"] == {
        "kind": "steps",
        "steps": [(90.0, 3.0), (100.0, 6.0)],
        "below": 0.0,
    }
    assert nodes.loc["3.1", "indicator"] == "on_time_rate"
    assert nodes.loc["7", "aggregation"] == "weighted_mean"
    assert nodes.loc["1", "provenance"] == "illustrative"


def test_framework_errors_name_line_field_and_node() -> None:
    broken = MINI.replace("max = 4\n", "max = 4\ncolour = 1\n")
    with pytest.raises(cchc.ParseError) as error:
        Framework.from_toml(broken, "mini.toml")
    assert error.value.source == "mini.toml"
    assert error.value.line == 24
    assert error.value.field == "colour"
    assert "criterion '1.2'" in error.value.reason


def test_score_tables(department: Framework) -> None:
    assessment = Assessment.load(EXAMPLE)
    report = score(department, assessment)
    nodes = report.nodes.set_index("code")
    assert nodes.loc["1.2", "points"] == 2  # 92 %: half
    assert nodes.loc["1.2", "self_points"] == 4
    assert nodes.loc["1.2", "branch"] == "step [80, 100)"
    assert nodes.loc["7", "rule"] == "weighted_mean"
    assert report.total == pytest.approx(float(nodes.loc[[str(i) for i in range(1, 9)], "points"].sum()))
    assert report.total_max == 100
    assert report.band == cchc.score.Framework.shipped("department-example").band_of(report.percent)
    findings = report.findings
    assert set(findings.columns) == {"kind", "code", "message", "line", "details", "location"}
    assert ("1.2", "self_score_differs") in set(zip(findings["code"], findings["kind"]))
    assert ("1.4", "missing_evidence") in set(zip(findings["code"], findings["kind"]))
    differs = findings[(findings["code"] == "1.2") & (findings["kind"] == "self_score_differs")]
    assert differs["line"].iloc[0] == 18  # the [[answer]] table of 1.2 in the example file
    assert differs["location"].iloc[0] == f"{EXAMPLE}:18"
    lost = report.lost_points
    assert list(lost["total_gain"]) == sorted(lost["total_gain"], reverse=True)
    comparison = report.comparison.set_index("code")
    assert comparison.loc["5.1", "difference"] == -1
    assert comparison.loc["5.1", "explanation"].endswith("two violations found by the inspection, not one")
    assert comparison.loc["TOTAL", "difference"] == pytest.approx(report.appraised_total - report.self_total)


def test_not_applicable_is_na_not_zero(department: Framework) -> None:
    assessment = Assessment("department-example")
    assessment.set("8.1", not_applicable=True)
    assessment.set("8.2", not_applicable=True)
    assessment.set("3.1", value=100.0)
    report = score(department, assessment)
    nodes = report.nodes.set_index("code")
    assert nodes.loc["8", "points"] is pd.NA
    assert nodes.loc["8.1", "percent"] is pd.NA
    assert report.total_max == 70
    assert report.percent == pytest.approx(6 / 70 * 100)


def test_validation_findings_each_kind() -> None:
    framework = Framework.from_toml(MINI)
    assessment = Assessment("mini")
    assessment.set("1.1", value=95.0, self_score=7.0)  # above 6, and the rule gives 3
    report = score(framework, assessment)
    kinds = list(zip(report.findings["code"], report.findings["kind"]))
    # One mistake, one finding: the claim above the maximum, not also "differs".
    assert kinds == [
        ("1.1", "self_score_above_max"),
        ("1.1", "missing_evidence"),
        ("1.2", "unanswered"),
    ]
    node = report.nodes.set_index("code").loc["1.1"]
    assert (node["claimed"], node["self_points"], node["points"]) == (7.0, 6.0, 3.0)
    with pytest.raises(TypeError, match="unknown answer fields"):
        assessment.set("1.1", score=1)
    assessment.set("9", value=1.0)
    with pytest.raises(cchc.ParseError, match="'9' is not a criterion"):
        score(framework, assessment)


def test_what_if(department: Framework) -> None:
    assessment = Assessment.load(EXAMPLE)
    result = what_if(department, assessment, "1.2", value=100.0)
    assert result.total_after - result.total_before == pytest.approx(2)
    assert list(result.nodes["code"]) == ["1", "1.2"]
    assert result.nodes["delta"].tolist() == [2.0, 2.0]
    # The original assessment is unchanged.
    assert assessment.answer("1.2")["value"] == 92


def test_one_call_from_dossiers_and_target_statuses() -> None:
    framework = Framework.from_toml(MINI)
    dossiers = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D"],
            "unit": ["Sở X", "Sở X", "Sở X", "Sở Y"],
            "channel": ["online"] * 4,
            "status": ["resolved"] * 4,
            "processing_days": [5, 5, 5, 5],
            "received": pd.to_datetime(["2024-02-02"] * 4),
            "resolved": pd.to_datetime(["2024-02-16", "2024-02-16", "2024-02-19", "2024-02-19"]),
        }
    )
    assessment = Assessment("mini", unit="Sở X")
    assessment.set("1.1", value=100.0, evidence="BC 1")
    report = assess(
        framework,
        assessment,
        dossiers=dossiers,
        period=cchc.Period("quarter", 2024, 1),
        target_statuses={"T1": "achieved_late"},
    )
    nodes = report.nodes.set_index("code")
    # Sở X: 2 of 3 on time = 66.7 % < 90 → 0; the typed-in 100 stays visible as a finding.
    assert nodes.loc["1.1", "points"] == 0
    assert "indicator on_time_rate = 2/3" in nodes.loc["1.1", "inputs"]
    assert list(report.findings["kind"]) == ["value_differs_from_data"]
    assert nodes.loc["1.2", "points"] == 2  # achieved late: half
    # The same from a plain mapping, and a zero denominator is not applicable.
    filled = apply_indicators(framework, assessment, {"on_time_rate": (0, 0)})
    assert filled.answer("1.1")["not_applicable"]
    with pytest.raises(cchc.CchcError, match="unknown target status"):
        apply_target_statuses(framework, assessment, {"T1": "done"})


def test_batch_matches_single_scoring_and_ranks(department: Framework) -> None:
    rng = np.random.default_rng(7)
    codes = department.leaf_codes
    nodes = department.nodes.set_index("code")
    units = [f"Sở {i}" for i in range(25)]
    data = {}
    for code in codes:
        kind = nodes.loc[code, "rule"]["kind"]
        if kind == "pass_fail":
            column = rng.integers(0, 3, len(units)).astype(float)
        elif kind in ("count_cap", "deduction_bonus"):
            column = rng.integers(0, 6, len(units)).astype(float)
        elif kind == "manual":
            column = rng.integers(0, 3, len(units)).astype(float) * nodes.loc[code, "max"] / 2
        else:
            column = rng.integers(0, 101, len(units)).astype(float)
        data[code] = column
    inputs = pd.DataFrame(data, index=units)
    inputs.iloc[3, 2] = np.nan
    result = score_batch(department, inputs)
    assert list(result.totals.columns) == ["total", "percent", "rank", "unanswered"]
    assert result.totals.loc["Sở 3", "unanswered"] == 1
    for unit in units[:6]:
        assessment = Assessment("department-example")
        for code in codes:
            cell = inputs.loc[unit, code]
            if math.isnan(cell):
                continue
            kind = nodes.loc[code, "rule"]["kind"]
            if kind == "pass_fail":
                assessment.set(code, done=bool(cell), late=cell == 2)
            elif kind == "manual":
                assessment.set(code, self_score=float(cell))
            elif kind == "relative_to_best":
                assessment.set(code, value=float(cell), best=float(inputs[code].max()))
            else:
                assessment.set(code, value=float(cell))
        assert result.totals.loc[unit, "total"] == pytest.approx(score(department, assessment).total)
    ranks = result.totals["total"].rank(method="min", ascending=False).astype(int)
    assert result.totals["rank"].tolist() == ranks.tolist()
    dense = score_batch(department, inputs, rank="dense").totals["rank"]
    assert dense.tolist() == result.totals["total"].rank(method="dense", ascending=False).astype(int).tolist()
    with pytest.raises(ValueError, match="missing"):
        score_batch(department, inputs.drop(columns=codes[0]))
    with pytest.raises(ValueError, match="rank"):
        score_batch(department, inputs, rank="olympic")


def test_pass_fail_by_dates_from_python(department: Framework) -> None:
    import datetime

    assessment = Assessment("department-example")
    assessment.set("2.2", done_on=datetime.date(2025, 3, 20), deadline="2025-03-15")
    report = score(department, assessment)
    row = report.nodes.set_index("code").loc["2.2"]
    assert row["points"] == 1  # done late: half of 2
    assert row["inputs"] == "done=yes, late=yes, done_on=2025-03-20, deadline=2025-03-15"
    assert assessment.answer("2.2")["done_on"] == datetime.date(2025, 3, 20)
    assert Assessment.from_toml(assessment.to_toml()) == assessment


def test_scored_by_home_affairs_and_survey_are_not_asked_of_the_unit() -> None:
    text = MINI.replace('code = "1.2"\n', 'code = "1.2"\nscored_by = "home_affairs"\n', 1)
    assert text != MINI
    framework = Framework.from_toml(text)
    criteria = framework.nodes.set_index("code")
    assert criteria.loc["1.2", "scored_by"] == "home_affairs"
    assert criteria.loc["1.1", "scored_by"] == "unit"
    assert "scored_by = \"home_affairs\"" in framework.to_toml()
    assessment = Assessment("mini")
    assessment.set("1.1", value=95.0, evidence=["BC 1"])
    report = score(framework, assessment)
    assert report.findings.empty  # 1.2 is not unanswered: Home Affairs scores it
    apart = report.not_scored_by_unit
    assert apart[["code", "scored_by", "status"]].values.tolist() == [
        ["1.2", "home_affairs", "awaiting"]]
    assessment.set("1.2", appraised_score=2.0)
    nodes = score(framework, assessment).nodes.set_index("code")
    assert (nodes.loc["1.2", "status"], nodes.loc["1.2", "points"]) == ("external", 2.0)
    with pytest.raises(cchc.ParseError, match="'state' is not unit, home_affairs or survey"):
        Framework.from_toml(MINI.replace('code = "1.2"\n', 'code = "1.2"\nscored_by = "state"\n'))
