"""cchc.target: plan files, evaluation, trend, task status, scorecard and roll-ups."""

from __future__ import annotations

import datetime as dt
import doctest
from pathlib import Path

import pandas as pd
import pytest

import cchc
import cchc.target as target
from cchc.target import Plan, Target, Task

DATA = Path(__file__).resolve().parents[1] / "data" / "plans"
SAMPLE = DATA / "sample-plan.toml"
AT = dt.date(2026, 7, 2)


def test_docstring_examples() -> None:
    result = doctest.testmod(target, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_load_sample_plan() -> None:
    plan = target.load_plan(SAMPLE)
    assert plan.id == "test-so-x-cchc-2026"
    assert plan.year == 2026
    assert [t.id for t in plan.targets] == ["T01", "T02", "T03"]
    t1 = plan.targets[0]
    assert (t1.comparator, t1.value, t1.unit, t1.baseline, t1.baseline_year) == (
        "at_least",
        98.0,
        "percent",
        90.0,
        2025,
    )
    assert t1.scope_unit == "Sở X"
    assert t1.deadline_due == dt.date(2026, 12, 31)
    assert t1.source_line == 81
    t2 = plan.targets[1]
    assert t2.relative and t2.level == pytest.approx(17.0)
    assert t2.direction == -1
    n1 = plan.tasks[0]
    assert n1.completed == dt.date(2026, 2, 10)
    assert n1.area == "chi_dao"
    assert plan.tasks[3].deadline_due is None  # kept as text, not structured
    assert plan.validate() == []


def test_round_trip(tmp_path: Path) -> None:
    plan = target.load_plan(SAMPLE)
    text = target.format_plan(plan)
    assert target.parse_plan(text) == plan
    path = tmp_path / "plan.toml"
    target.save_plan(plan, path)
    assert target.load_plan(path) == plan
    assert path.read_text(encoding="utf-8") == text


def test_example_plans_load_and_round_trip() -> None:
    # The shipped examples (libcchc/data/plans) arrive with the extraction branch.
    for name in target.example_plans():
        plan = target.load_example_plan(name)
        assert plan.validate() == []
        assert target.parse_plan(target.format_plan(plan)) == plan


def test_parse_error_names_file_line_field() -> None:
    text = '[plan]\nid = "p"\n\n[[target]]\nid = "T1"\nindicator = "x"\ncomparator = "more"\n'
    with pytest.raises(cchc.ParseError) as caught:
        target.parse_plan(text, "bad.toml")
    error = caught.value
    assert (error.source, error.line, error.field) == ("bad.toml", 7, "target[1].comparator")
    assert "at_least, at_most, exactly" in error.reason


def test_build_targets_and_tasks_in_python() -> None:
    t = Target(
        id="T9",
        indicator="processing_days",
        comparator="at_most",
        change_percent=-15.0,
        unit="days",
        baseline=20.0,
        baseline_year=2025,
        deadline="Năm 2026",
        year=2026,
        area="tthc",
    )
    assert t.level == pytest.approx(17.0)
    with pytest.raises(ValueError, match="comparator"):
        Target(id="x", indicator="y", comparator=">=")
    with pytest.raises(ValueError, match="reform area"):
        t.area = "TTHC"
    task = Task(id="N9", title="Họp", deadline="Quý I năm 2026", completed="2026-04-02")
    plan = Plan(id="p", year=2026, targets=[t], tasks=[task])
    assert target.parse_plan(target.format_plan(plan)) == plan


def test_evaluate_statuses_and_edges() -> None:
    t = target.load_plan(SAMPLE).targets[0]
    assert target.evaluate(t, 94.0, AT)["status"] == "on_track"
    assert target.evaluate(t, 93.0, AT)["status"] == "at_risk"
    assert target.evaluate(t, 92.0, AT)["status"] == "off_track"
    assert target.evaluate(t, 98.0, AT)["status"] == "achieved"
    missing = target.evaluate(t, None, AT)
    assert missing["status"] == "not_applicable"
    assert missing["met"] is None and missing["gap"] is None
    assert target.evaluate(t, float("nan"), AT)["status"] == "not_applicable"
    late = target.evaluate(t, 95.0, dt.date(2027, 1, 2))
    assert late["status"] == "off_track" and late["deadline_passed"]
    strict = target.evaluate(t, 94.0, AT, on_track_tolerance=0.0, at_risk_band=0.0)
    assert strict["status"] == "off_track"
    assert "elapsed" in strict["explanation"]
    with pytest.raises(ValueError):
        target.evaluate(t, 94.0, AT, at_risk_band=-1.0)


def test_new_comparators_from_python(tmp_path: Path) -> None:
    """between (with upper), reduce_by and reduce_by_at_least: built, evaluated, saved, read."""
    band = Target(id="T1", indicator="online_filing_rate", comparator="between", value=40.0,
                  upper=50.0, deadline="Năm 2026", year=2026)
    assert band.upper == 50.0
    assert target.evaluate(band, 45.0, AT)["met"] is True
    outside = target.evaluate(band, 55.0, AT)
    assert outside["met"] is False and outside["gap"] == pytest.approx(5.0)
    cut = Target(id="T2", indicator="processing_days", comparator="reduce_by", change_percent=-20.0,
                 unit="days", baseline=20.0)
    assert cut.level == pytest.approx(16.0) and cut.direction == -1
    assert target.evaluate(cut, 15.0, AT)["met"] is True
    floor = Target(id="T3", indicator="processing_days", comparator="reduce_by_at_least",
                   change_percent=-20.0, unit="days", baseline=20.0)
    assert target.evaluate(floor, 17.0, AT)["gap"] == pytest.approx(1.0)
    plan = Plan(id="p", year=2026)
    plan.targets = [band, cut, floor]
    path = tmp_path / "plan.toml"
    target.save_plan(plan, path)
    assert target.load_plan(path) == plan
    card = target.scorecard(plan, AT, values={"T1": 45.0, "T2": 15.0, "T3": 17.0})
    assert list(card["upper"].isna()) == [False, True, True]
    with pytest.raises(Exception, match="upper"):
        target.parse_plan('[plan]\nid = "p"\n[[target]]\nid = "T"\nindicator = "x"\n'
                          'comparator = "at_least"\nvalue = 1\nupper = 2\nunit = "percent"\n')


def test_trend_methods() -> None:
    t = Target(id="T", indicator="x", value=98.0, deadline="Năm 2026", year=2026)
    series = pd.Series([90.0, 93.9], index=pd.to_datetime(["2024-12-31", "2025-12-31"]))
    linear = target.trend(t, series)
    assert linear["category"] == "moderately_improving"
    assert linear["ratio"] == pytest.approx(0.975)
    assert linear["projection"] == pytest.approx(97.8)
    compound = target.trend(t, series, method="open_sdg")
    assert compound["category"] == "on_track"
    assert target.trend(t, {dt.date(2025, 1, 1): 90.0})["category"] == "not_applicable"
    with pytest.raises(ValueError):
        target.trend(t, series, method="cagr")


def test_task_status_table() -> None:
    table = target.task_status(target.load_plan(SAMPLE), AT)
    assert list(table["status"]) == ["done_on_time", "overdue", "ongoing", "not_applicable"]
    assert table.loc[1, "days_late"] == 2
    assert table.loc[0, "days_late"] is pd.NA
    assert table.loc[0, "due"] == pd.Timestamp("2026-03-31")
    assert pd.isna(table.loc[2, "due"])


def test_scorecard_values_series_and_explanations() -> None:
    plan = target.load_plan(SAMPLE)
    values = pd.DataFrame(
        {
            "key": ["T01", "T01", "processing_days"],
            "date": pd.to_datetime(["2024-12-31", "2025-12-31", None]),
            "value": [90.0, 91.0, 18.5],
        }
    )
    table = target.scorecard(plan, AT, values=values)
    assert list(table["id"]) == ["T01", "T02", "T03"]
    row = table.set_index("id").loc["T01"]
    assert row["value"] == 91.0  # the last dated value on or before AT
    assert row["value_source"] == "target_id"
    assert row["status"] == "off_track"  # progress 0.125 at half the year
    assert row["trend"] == "stagnating"
    assert row["trend_ratio"] == pytest.approx(0.25)
    assert row["projection"] == pytest.approx(92.0)
    assert "progress (91 − 90) / (98 − 90) = 12.5%" in row["explanation"]
    t2 = table.set_index("id").loc["T02"]
    assert t2["value_source"] == "indicator" and t2["status"] == "on_track"
    t3 = table.set_index("id").loc["T03"]
    assert t3["value"] is pd.NA and t3["status"] == "not_applicable"
    assert t3["met"] is pd.NA and t3["progress"] is pd.NA
    assert str(table["value"].dtype) == "Float64"


def test_scorecard_rejects_bad_value_tables() -> None:
    plan = target.load_plan(SAMPLE)
    with pytest.raises(ValueError, match="without a key"):
        target.scorecard(plan, AT, values=pd.DataFrame({"key": [None], "value": [1.0]}))
    with pytest.raises(ValueError, match="unknown columns"):
        target.scorecard(plan, AT, values=pd.DataFrame({"key": ["T01"], "value": [1.0], "x": [1]}))
    with pytest.raises(ValueError, match="two undated values"):
        target.scorecard(plan, AT, values=pd.DataFrame({"key": ["T01", "T01"], "value": [1.0, 2.0]}))


def test_scorecard_from_dossier_indicators() -> None:
    frame = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D"],
            "unit": ["Sở X", "Sở X", "Sở X", "Sở X"],
            "channel": ["online"] * 4,
            "status": ["resolved"] * 4,
            "processing_days": [5, 5, 5, 5],
            "received": pd.to_datetime(["2026-03-02"] * 4),
            "resolved": pd.to_datetime(["2026-03-03", "2026-03-04", "2026-03-05", "2026-04-30"]),
        }
    )
    by_unit = cchc.indicators(frame, first="2026-01-01", last="2026-06-30", by="unit")
    plan = target.load_plan(SAMPLE)
    table = target.scorecard(plan, AT, indicators=by_unit).set_index("id")
    assert table.loc["T01", "value"] == pytest.approx(75.0)  # 3 of 4 on time, as percent
    assert table.loc["T01", "value_source"] == "engine"
    assert "3 / 4 for 'Sở X'" in table.loc["T01", "explanation"]
    by_channel = cchc.indicators(frame, first="2026-01-01", last="2026-06-30", by="channel")
    with pytest.raises(ValueError, match="grouped by"):
        target.scorecard(plan, AT, indicators=by_channel)


def test_rollups() -> None:
    plan = target.load_plan(SAMPLE)
    tasks = target.rollup(target.task_status(plan, AT), by="unit")
    assert list(tasks.columns) == [*target.TASK_STATUSES, "total"]
    assert tasks.loc["Văn phòng Sở", "done_on_time"] == 1
    assert tasks.loc["Văn phòng Sở", "ongoing"] == 1
    assert tasks.loc["Thanh tra Sở", "overdue"] == 1
    assert tasks["total"].sum() == len(plan.tasks)
    areas = target.rollup(target.scorecard(plan, AT, values={"T01": 98.0}), by="area")
    assert areas.loc["tthc", "achieved"] == 1
    assert areas.loc["tthc", "not_applicable"] == 1
    assert areas.loc["chinh_quyen_so", "total"] == 1
    assert target.area_name("tthc") == "Cải cách thủ tục hành chính"
    with pytest.raises(ValueError):
        target.rollup(pd.DataFrame({"x": [1]}))
