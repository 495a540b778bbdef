"""cchc.dossier.reconcile / compare / figures_of: the C++ reconciliation from Python."""

from __future__ import annotations

import pathlib

import pytest

import cchc.dossier as dossier
from cchc.dossier import Inconsistency, ReportedFigures, StatedPercentage, compare, reconcile
from cchc.io import read_dossiers_csv
from cchc.reconcile import COUNT_COLUMNS, FIGURES, figures_of

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXPORT = ROOT / "examples" / "data" / "dossiers-q1.csv"


def seed() -> ReportedFigures:
    """566/BC-SCT (Q1/2023), line 44 and line 98."""
    return ReportedFigures(
        total=6086, received_new=6063, online=5626, in_person_or_postal=437, carried_over=23,
        resolved=6073, early=6072, late=1, pending=13, pending_within=13, pending_overdue=0,
        percentages=[StatedPercentage("online share", 69.6, 1, numerator=5626, denominator=8086,
                                      numerator_figure="online", denominator_figure="total",
                                      source="line 98")],
    )


def test_the_names_are_on_cchc_dossier() -> None:
    assert dossier.reconcile is reconcile
    assert {"reconcile", "compare", "figures_of", "ReportedFigures", "StatedPercentage",
            "Inconsistency"} <= set(dossier.__all__)
    assert FIGURES[0] == "total" and "early_or_on_time" in FIGURES and len(FIGURES) == 14


def test_the_seed_report() -> None:
    found = reconcile(seed())
    assert [item.kind for item in found] == ["percentage_part_mismatch", "percentage_mismatch"]
    assert found[0].figures == ("total",)
    assert found[0].stated == 8086 and found[0].from_parts == 6086
    assert found[0].percentage == 0
    assert found[1].from_parts == pytest.approx(100 * 5626 / 6086)
    assert "line 98" in found[1].message
    corrected = seed()
    corrected.percentages[0].denominator = 6086
    corrected.percentages[0].percent = 92.4
    assert reconcile(corrected) == []


@pytest.mark.parametrize(
    ("change", "identity", "kind"),
    [
        ({"total": 6087}, "total = received_new + carried_over", "sum"),
        ({"online": 5625}, "received_new = online + in_person_or_postal", "sum"),
        ({"pending_overdue": 1}, "pending = pending_within + pending_overdue", "sum"),
        ({"early": 6080}, "resolved = early + on_time + late", "parts_exceed_whole"),
        ({"closed_without_result": 2}, "total = resolved + pending + closed_without_result",
         "sum"),
    ],
)
def test_each_identity(change: dict[str, int], identity: str, kind: str) -> None:
    figures = seed()
    figures.percentages.clear()
    assert reconcile(figures) == []
    for key, value in change.items():
        setattr(figures, key, value)
    found = reconcile(figures)
    assert found and found[0].identity == identity and found[0].kind == kind
    assert isinstance(found[0], Inconsistency)
    assert found[0].figures[0] == identity.split(" = ")[0]


def test_a_mapping_is_enough_and_wrong_keys_are_refused() -> None:
    assert reconcile({"total": 10, "received_new": 7, "carried_over": 3}) == []
    assert reconcile({"total": 10, "received_new": 7, "carried_over": 4})[0].from_parts == 11
    with pytest.raises(ValueError, match="unknown figures"):
        reconcile({"totals": 10})
    with pytest.raises(ValueError, match="whole number"):
        reconcile({"total": 10.5})
    with pytest.raises(ValueError, match="extra_tolerance"):
        reconcile({"total": 1}, extra_tolerance=-1)


def test_percentages_tolerance_range_and_zero_denominator() -> None:
    on_time = StatedPercentage("on time", 99.9, 1, numerator=6072, denominator=6073)
    assert reconcile(ReportedFigures(percentages=[on_time]))[0].kind == "percentage_mismatch"
    assert reconcile(ReportedFigures(percentages=[on_time]), extra_tolerance=0.05) == []
    out_of_range = StatedPercentage("satisfied", 100.4, 1)
    zero = StatedPercentage("overdue", 0, 0, numerator_figure="pending_overdue",
                            denominator_figure="pending")
    found = reconcile(ReportedFigures(pending=0, pending_overdue=0,
                                      percentages=[out_of_range, zero]))
    assert [(item.kind, item.percentage) for item in found] == [
        ("percentage_out_of_range", 0), ("percentage_zero_denominator", 1)]


def test_early_or_on_time_from_its_parts() -> None:
    # The on-time rate names early_or_on_time; the report states early and late only.
    rate = StatedPercentage("on time", 99.98, 2, numerator_figure="early_or_on_time",
                            denominator_figure="resolved")
    figures = ReportedFigures(resolved=6073, early=6072, late=1, percentages=[rate])
    assert reconcile(figures) == []
    rate.percent = 99.5
    assert reconcile(figures)[0].figures == ("early_or_on_time", "resolved")
    figures = ReportedFigures(resolved=120, early_or_on_time=118, late=3)
    assert reconcile(figures)[0].identity == "resolved = early_or_on_time + late"


def test_compare_with_the_engine_counts() -> None:
    counts = read_dossiers_csv(EXPORT).counts("2024-Q1")
    from_records = figures_of(counts)
    assert from_records.total == int(counts["received_total"].iloc[0])
    assert from_records.early_or_on_time == int(
        counts["resolved_early"].iloc[0] + counts["resolved_on_time"].iloc[0])
    assert from_records.closed_without_result == int(
        counts["refused"].iloc[0] + counts["withdrawn"].iloc[0])
    assert reconcile(from_records) == []  # the engine's counts satisfy every identity
    assert compare(from_records, counts) == []
    stated = ReportedFigures(total=from_records.total, late=(from_records.late or 0) + 2)
    found = compare(stated, counts)
    assert [(item.kind, item.figures, item.stated - item.from_parts) for item in found] == [
        ("differs_from_records", ("late",), 2.0)]
    # A row of the counts, or a plain mapping, is as good as the one-row table.
    assert compare(stated, counts.iloc[0]) == found
    assert compare(stated, {name: int(counts[name].iloc[0]) for name in COUNT_COLUMNS}) == found


def test_compare_refuses_counts_it_cannot_use() -> None:
    counts = read_dossiers_csv(EXPORT).counts(by="unit", period="2024-Q1")
    with pytest.raises(ValueError, match="one window and group"):
        compare(ReportedFigures(total=1), counts)
    with pytest.raises(ValueError, match="lack"):
        compare(ReportedFigures(total=1), {"received_new": 1})
