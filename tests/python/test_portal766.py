"""Decision 766 portal data: the six evaluation responses into an assessment, scored with the
portal version of the framework, beside the portal's own scores (fixtures:
tests/data/portal766/README.md)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cchc.cli import main
from cchc.errors import CchcError
from cchc.portal766 import PORTAL_GROUPS, compare_with_portal, read_portal_json
from cchc.score import Framework, score

DATA = Path(__file__).resolve().parents[1] / "data" / "portal766"
PROVINCE = DATA / "phu-tho-2026-q3"
DEPARTMENT = DATA / "so-cong-thuong-2026-q3"


def cents(value: float) -> int:
    return round(value * 100)


def test_a_province_s_published_group_scores_are_reproduced_to_the_cent() -> None:
    portal = read_portal_json(PROVINCE, period="2026-Q3")
    assert portal.unit_name == "UBND tỉnh Phú Thọ"
    assert portal.level == "province"
    assert portal.group_scores == {"1": 7.96, "2": 17.35, "3": 8.41, "4": 8.75, "5": 6.67,
                                   "6": 12.25}
    framework = Framework.shipped("decision-766-portal")
    report = score(framework, portal.assessment)
    assert report.findings.empty
    comparison = compare_with_portal(report, portal).set_index("code")
    for code, published in portal.group_scores.items():
        assert cents(comparison.loc[code, "points"]) == cents(published), code
        assert comparison.loc[code, "difference"] == 0
        assert comparison.loc[code, "explanation"] == "same to the cent"
    # Items of the metric groups too, and the total.
    assert comparison.loc["4.3", "portal_points"] == 0.35
    assert comparison.loc["4.3", "difference"] == 0
    assert cents(comparison.loc["TOTAL", "points"]) == 6139
    assert comparison.loc["TOTAL", "difference"] == 0
    # The certified-copy item comes with a ratio only; that is said.
    assert any("4.2b" in note and "only the ratio" in note for note in portal.notes)
    assert portal.assessment.answer("2.1")["ratio"] == (403016.0, 464494.0)
    assert portal.assessment.answer("3.1")["ratios"]["procedures_online"] == (52.0, 89.0)


def test_a_department_s_published_group_scores_are_reproduced_to_the_cent() -> None:
    portal = read_portal_json(DEPARTMENT)
    assert portal.level == "department"
    assert portal.unit_id == "019d2be3-6a88-732b-8b17-c2db58b51fef"
    report = score(Framework.shipped("decision-766-portal"), portal.assessment)
    comparison = compare_with_portal(report, portal).set_index("code")
    assert [cents(comparison.loc[c, "points"]) for c in "123456"] == [796, 1570, 941, 1018,
                                                                        800, 1723]
    assert (comparison["difference"].dropna() == 0).all()
    # No petitions: the two petition items are full (6 + 6), as the portal scores them.
    nodes = report.nodes.set_index("code")
    assert nodes.loc["6.1", "points"] == 6 and nodes.loc["6.1", "branch"] == "empty denominator"
    assert report.level == "department"


def test_a_unit_below_the_province_is_selected_and_missing_counts_are_explained() -> None:
    portal = read_portal_json(PROVINCE, unit="H44.07")
    assert portal.unit_name == "Sở Công Thương - Tỉnh Phú Thọ"
    assert portal.level == "department"
    report = score(Framework.shipped("decision-766-portal"), portal.assessment)
    comparison = compare_with_portal(report, portal).set_index("code")
    # The province's response lists only the department's online-services score: libcchc
    # leaves the item unanswered and says why instead of guessing.
    assert comparison.loc["3", "portal_points"] == 6.66
    assert comparison.loc["3", "difference"] == -6.66
    assert "no counts in the JSON" in comparison.loc["3", "explanation"]
    assert any("3.1" in note and "request it for the unit itself" in note
               for note in portal.notes)
    for code in "12456":
        assert comparison.loc[code, "difference"] == 0, code
    # A commune listed below the province: scored at commune level as the portal does.
    commune = read_portal_json(PROVINCE, unit="UBND Phường Việt Trì")
    assert commune.level == "commune"
    commune_report = score(Framework.shipped("decision-766-portal"), commune.assessment)
    rows = compare_with_portal(commune_report, commune).set_index("code")
    assert [rows.loc[c, "difference"] for c in "12456"] == [0, 0, 0, 0, 0]


def test_a_difference_names_the_item_and_why(tmp_path: Path) -> None:
    folder = tmp_path / "portal"
    shutil.copytree(DEPARTMENT, folder)
    path = folder / "dossier-digitized.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    # The portal's item score for 4.1 as if it had been computed otherwise.
    document["data"]["overview"]["metrics"][0]["score"] = 4.5
    document["data"]["overview"]["totalScore"] = 10.26
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    portal = read_portal_json(folder)
    report = score(Framework.shipped("decision-766-portal"), portal.assessment)
    rows = compare_with_portal(report, portal).set_index("code")
    assert rows.loc["4", "difference"] == -0.08
    assert rows.loc["4", "explanation"].startswith("differs in 4.1 (rule proportional: 6 × 937/1271")
    assert rows.loc["4.1", "difference"] == -0.08
    assert rows.loc["TOTAL", "explanation"] == "differs in groups 4"


@pytest.mark.parametrize(
    ("group", "edit", "message"),
    [
        ("transparency", lambda d: d.update(code="ERROR"), "the portal answered 'ERROR'"),
        ("transparency", lambda d: d["data"].pop("overview"), "$.data.overview: missing"),
        ("dossier-digitized",
         lambda d: d["data"]["overview"]["metrics"][0].update(numerator="937"),
         "$.data.overview.metrics[0].numerator: expected a number, got '937'"),
        ("dossier-digitized",
         lambda d: d["data"]["overview"]["metrics"][0].update(denominator=None),
         "numerator and denominator go together"),
        ("dossier-digitized",
         lambda d: d["data"]["overview"]["metrics"].append(
             {"code": "NEW_METRIC", "numerator": 1, "denominator": 2, "maxScore": 2}),
         "metric NEW_METRIC (max 2.0) is not an item"),
        ("dvc-progress-tree", lambda d: d["data"]["parent"].update(totalReceived=-1),
         "$.data.parent.totalReceived: a count cannot be negative"),
        ("formality-online-payment-tree",
         lambda d: d["data"]["parent"].pop("totalFeeFormality"),
         "some counts are missing (totalFeeFormality"),
        ("handling-satisfaction",
         lambda d: d["data"]["overview"].update(departmentId="someone-else"),
         "save all six responses for the same unit"),
    ],
)
def test_what_cannot_be_read_exactly_is_refused_with_file_and_path(
        tmp_path: Path, group: str, edit, message: str) -> None:
    folder = tmp_path / "portal"
    shutil.copytree(DEPARTMENT, folder)
    path = folder / f"{group}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CchcError) as error:
        read_portal_json(folder)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_missing_files_bad_json_and_unknown_units(tmp_path: Path) -> None:
    folder = tmp_path / "portal"
    shutil.copytree(DEPARTMENT, folder)
    (folder / "provide-online-tree.json").unlink()
    with pytest.raises(CchcError, match="missing provide-online-tree.json"):
        read_portal_json(folder)
    (folder / "provide-online-tree.json").write_text("{\n\"code\": ", encoding="utf-8")
    with pytest.raises(CchcError, match="provide-online-tree.json: line 2: not JSON"):
        read_portal_json(folder)
    with pytest.raises(CchcError, match="unit 'H99' is neither"):
        read_portal_json(PROVINCE, unit="H99")
    with pytest.raises(CchcError, match="not a folder"):
        read_portal_json(tmp_path / "nope")
    assert len(PORTAL_GROUPS) == 6


def test_cli_scores_portal_json_beside_the_portal(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["score", "decision-766-portal", "--portal-json", str(PROVINCE), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert round(out["total"], 2) == 61.39
    assert out["level"] == "province"
    rows = {row["code"]: row for row in out["portal"]["comparison"]}
    assert rows["TOTAL"]["difference"] == 0 and rows["5"]["portal_points"] == 6.67
    code = main(["score", "decision-766-portal", "--portal-json", str(PROVINCE), "--unit",
                 "H44.07", "--lang", "en"])
    text = capsys.readouterr().out
    assert code == 0
    assert "Beside the portal's own scores" in text and "no counts in the JSON" in text
    main(["score", "decision-766-portal", "--portal-json", str(PROVINCE), "--unit", "H44.07"])
    assert "Bên cạnh điểm của Cổng DVC quốc gia" in capsys.readouterr().out  # Vietnamese by default
    # The level can be chosen: the metric sheet's commune policy.
    main(["score", "decision-766-portal", "--portal-json", str(PROVINCE), "--unit",
          "H44.100", "--level", "commune-metric-sheet", "--json"])
    rows = {row["code"]: row for row in json.loads(capsys.readouterr().out)["portal"]["comparison"]}
    assert rows["3"]["points"] == 12
    assert main(["score", "decision-766-portal", "x.toml", "--portal-json", str(PROVINCE)]) == 2
    assert "không cho cả hai" in capsys.readouterr().err


def test_a_dossier_export_feeds_766_with_the_portal_s_definitions() -> None:
    from cchc.io import read_dossiers_csv
    from cchc.portal766 import dossier_items
    from cchc.score import Assessment, assess

    dossiers = read_dossiers_csv(Path(__file__).resolve().parents[2] / "examples" / "data" /
                                 "dossiers-q1.csv")
    row = dossiers.indicators("2024-Q1").iloc[0]
    items = dossier_items(row).set_index("key")
    progress = items.loc["portal766_progress_rate"]
    assert progress["engine_key"] == "on_time_rate"
    assert progress["numerator"] == (row["resolved_early"] + row["resolved_on_time"]
                                     + row["pending_within"])
    assert progress["denominator"] == row["received_total"]
    assert progress["engine_percent"] == pytest.approx(100 * row["on_time_rate"])
    framework = Framework.shipped("decision-766-portal")
    report = assess(framework, Assessment("decision-766-portal"), dossiers=dossiers,
                    period="2024-Q1")
    nodes = report.nodes.set_index("code")
    assert nodes.loc["2.1", "status"] == "computed"
    assert "portal766_progress_rate" in nodes.loc["2.1", "inputs"]
    assert nodes.loc["2.1", "unrounded_points"] == pytest.approx(20 * progress["percent"] / 100)
