"""Data → score in one call: assess(..., dossiers=Dossiers, plan=, on=) and the status mapping."""

from __future__ import annotations

import datetime
import pathlib
import warnings

import pandas as pd
import pytest

import cchc
from cchc.io import read_dossiers_csv
from cchc.score import (Assessment, Framework, apply_plan_statuses, assess, score,
                        status_from_plan)
from cchc.target import TARGET_STATUSES, TASK_STATUSES, load_plan, parse_plan

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCORE = ROOT / "examples" / "data" / "score"
ASSESSMENT = SCORE / "so-cong-thuong-2024-q1.toml"
PLAN = SCORE / "ke-hoach-cchc-so-cong-thuong-2024.toml"
DOSSIERS = ROOT / "examples" / "data" / "dossiers-q1.csv"
ON = datetime.date(2024, 3, 31)


@pytest.fixture(scope="module")
def framework() -> Framework:
    return Framework.shipped("department-example")


@pytest.fixture(scope="module")
def dossiers():
    return read_dossiers_csv(DOSSIERS)


def test_every_plan_status_has_one_scoring_status() -> None:
    expected = {
        "achieved": "achieved", "on_track": "in_progress", "at_risk": "in_progress",
        "off_track": "not_achieved", "not_applicable": None,
        "done_on_time": "achieved", "done": "achieved", "done_late": "achieved_late",
        "overdue": "overdue", "pending": "in_progress", "ongoing": "in_progress",
        "not_met": "in_progress", "ended_unreported": None,
    }
    assert set(expected) == set(TARGET_STATUSES) | set(TASK_STATUSES)
    assert {status: status_from_plan(status) for status in expected} == expected
    with pytest.raises(cchc.CchcError, match="unknown plan status 'late'"):
        status_from_plan("late")


def test_worked_example_in_one_call(framework, dossiers) -> None:
    report = assess(framework, Assessment.load(ASSESSMENT), dossiers=dossiers,
                    period="2024-Q1", plan=PLAN, on=ON)
    nodes = report.nodes.set_index("code")
    # 1.1 takes the task "ke-hoach-cchc": completed 12/01 within "Tháng 01 năm 2024".
    assert report.tasks.set_index("id").loc["ke-hoach-cchc", "status"] == "done_on_time"
    assert float(nodes.loc["1.1", "points"]) == 2.0
    assert "ke-hoach-cchc done_on_time → achieved" in report.assessment.answer("1.1")["input_source"]
    # 3.1 takes the unit's on-time rate from the export, the same as the indicator engine gives.
    table = dossiers.indicators("2024-Q1", by="unit").set_index("unit")
    rate = 100 * float(table.loc["Sở Công Thương", "on_time_rate"])
    assert report.assessment.answer("3.1")["value"] == pytest.approx(rate)
    # Targets on dossier indicators are judged with the same unit's values.
    targets = report.targets.set_index("id")
    assert float(targets.loc["T01", "value"]) == pytest.approx(rate)
    assert set(report.tasks["status"]) == {"done_on_time", "done_late", "overdue", "pending",
                                           "ongoing"}
    # Validated: no error finding, the replaced typed value is a warning.
    assert report.errors.empty, report.errors
    assert "value_differs_from_data" in set(report.warnings["kind"])
    assert report.data_period == "2024-Q1" and report.on == ON


def test_dossiers_object_and_dataframe_give_the_same_score(framework, dossiers) -> None:
    from cchc.io import normalize_frame

    assessment = Assessment.load(ASSESSMENT)
    from_object = assess(framework, assessment, dossiers=dossiers, period="2024-Q1")
    frame = normalize_frame(pd.read_csv(DOSSIERS, encoding="utf-8-sig", dtype=str))
    assert "unit" in frame.columns
    with warnings.catch_warnings():  # pandas may warn while guessing dd/mm/yyyy hh:mm
        warnings.simplefilter("ignore", UserWarning)
        from_frame = assess(framework, assessment, dossiers=frame, period="2024-Q1")
    assert from_object.total == pytest.approx(from_frame.total)
    # Both are the unit's own dossiers: all units together give another on-time rate.
    everyone = Assessment("department-example")
    all_units = assess(framework, everyone, dossiers=dossiers, period="2024-Q1")
    assert all_units.assessment.answer("3.1")["value"] != pytest.approx(
        from_object.assessment.answer("3.1")["value"])


def test_unknown_unit_lists_the_units_of_the_data(framework, dossiers) -> None:
    assessment = Assessment("department-example", unit="Sở Nội vụ")
    with pytest.raises(ValueError, match="no dossiers of unit 'Sở Nội vụ'.*Sở Công Thương"):
        assess(framework, assessment, dossiers=dossiers, period="2024-Q1")


def test_plan_needs_a_date_and_ids_the_framework_names(framework) -> None:
    with pytest.raises(ValueError, match="needs on="):
        assess(framework, Assessment("department-example"), plan=PLAN)
    other = parse_plan('[plan]\nid = "p"\nyear = 2024\n[[task]]\nid = "N1"\ntitle = "x"\n')
    with pytest.raises(cchc.CchcError, match="criterion '1.1' takes target 'ke-hoach-cchc', "
                       "which plan p has neither"):
        assess(framework, Assessment("department-example"), plan=other, on=ON)


def test_a_task_not_judgeable_leaves_the_answer_as_typed(framework) -> None:
    plan = parse_plan('[plan]\nid = "p"\nyear = 2024\n[[task]]\nid = "ke-hoach-cchc"\n'
                      'title = "Ban hành kế hoạch"\ndeadline = "Khi có yêu cầu"\n')
    typed = Assessment("department-example", answers={"1.1": {"done": True}})
    report = assess(framework, typed, plan=plan, on=ON)
    assert report.tasks["status"].tolist() == ["not_applicable"]
    assert float(report.nodes.set_index("code").loc["1.1", "points"]) == 2.0
    blank = assess(framework, Assessment("department-example"), plan=plan, on=ON)
    assert blank.nodes.set_index("code").loc["1.1", "status"] == "unanswered"


@pytest.mark.parametrize(
    "completed, on, points",
    [("2024-01-31", ON, 2.0),          # last day of the deadline month: on time
     ("2024-02-01", ON, 1.0),          # a day late: late share 0.5
     (None, datetime.date(2024, 1, 31), 0.0),   # not done, not yet due: in progress, 0
     (None, ON, 0.0)],                 # overdue
)
def test_task_deadline_boundaries_move_the_points(framework, completed, on, points) -> None:
    text = ('[plan]\nid = "p"\nyear = 2024\n[[task]]\nid = "ke-hoach-cchc"\ntitle = "KH"\n'
            'deadline = "Tháng 01 năm 2024"\n')
    if completed:
        text += f"completed = {completed}\n"
    report = assess(framework, Assessment("department-example"), plan=parse_plan(text), on=on)
    assert float(report.nodes.set_index("code").loc["1.1", "points"]) == points


def test_apply_plan_statuses_directly(framework) -> None:
    filled = apply_plan_statuses(framework, Assessment("department-example"),
                                 {"ke-hoach-cchc": "done_late"}, "KH 2024")
    assert filled.answer("1.1")["done"] is True and filled.answer("1.1")["late"] is True
    assert filled.answer("1.1")["input_source"] == "KH 2024: ke-hoach-cchc done_late → achieved_late"
    assert load_plan(PLAN).id == "so-cong-thuong-cchc-2024"
