"""cchc.dossier: DataFrame ingestion, rejected rows and indicator tables."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

import cchc
from cchc import dossier

pd = pytest.importorskip("pandas")

QUARTER = cchc.Period("quarter", 2024, 1)  # data range 15/12/2023–14/3/2024 (Decree 09)


def sample() -> pd.DataFrame:
    """Four dossiers whose outcomes can be checked by hand.

    A and B: received Fri 2/2/2024 with 5 working days, due Fri 16/2 (Tết 8–14/2 does not
    count); A resolved 16/2 is on time, B resolved 19/2 is late. C is still pending at the
    cut-off and alone in unit U3, so U3 resolved nothing: its on-time rate is not applicable.
    D has an explicit due date and is resolved early.
    """
    return pd.DataFrame(
        {
            "id": ["A", "B", "C", "D"],
            "unit": ["U1", "U1", "U3", "U2"],
            "field": ["F1", "F1", "F2", "F2"],
            "procedure": ["P1", "P1", "P2", "P3"],
            "channel": ["online", "in_person", "online", "postal"],
            "online_level": ["full", "none", "partial", None],
            "status": ["resolved", "resolved", "pending", "resolved"],
            "received": pd.to_datetime(["2024-02-02", "2024-02-02", "2024-03-01", "2024-01-10"]),
            "processing_days": pd.array([5, 5, 30, pd.NA], dtype="Int64"),
            "due": pd.to_datetime([None, None, None, "2024-01-20"]),
            "resolved": pd.to_datetime(["2024-02-16", "2024-02-19", None, "2024-01-15"]),
            "digitised_dossier": [True, False, np.nan, None],
            "digitised_result": [1, None, None, None],
            "satisfaction": [5, 4, np.nan, np.nan],
        }
    )


def numeric(frame: pd.DataFrame) -> pd.DataFrame:
    """The integer count columns of a table (groups, values and NA left out)."""
    return frame[[name for name in frame.columns if frame[name].dtype == np.int64]]


def test_hand_checked_counts_and_indicators() -> None:
    table = dossier.indicators(sample(), period=QUARTER)
    assert len(table) == 1
    row = table.iloc[0]
    assert (row["received_new"], row["resolved"]) == (4, 3)
    assert (row["resolved_early"], row["resolved_on_time"], row["resolved_late"]) == (1, 1, 1)
    assert (row["pending_within"], row["pending_overdue"]) == (1, 0)
    assert row["on_time_rate"] == pytest.approx(2 / 3)
    assert (row["on_time_rate_numerator"], row["on_time_rate_denominator"]) == (2, 3)
    assert row["online_filing_rate"] == 0.5  # A, C online of A–D, every channel known
    assert row["full_online_share"] == pytest.approx(1 / 3)  # D's level unknown
    # Missing tri-states leave both numerator and denominator.
    assert (row["digitised_dossier_yes"], row["digitised_dossier_known"]) == (1, 2)
    assert (row["digitised_result_yes"], row["digitised_result_known"]) == (1, 1)
    assert (row["satisfied"], row["very_satisfied"], row["rated"]) == (2, 1, 2)
    assert row["online_payment_rate"] is pd.NA  # no fee information at all
    assert row["pending_overdue_rate"] == 0.0  # a true 0 of 1, not NA


def test_zero_denominator_group_is_na_not_zero() -> None:
    table = dossier.indicators(sample(), period=QUARTER, by="unit").set_index("unit")
    assert list(table.index) == ["U1", "U2", "U3"]
    assert table.loc["U1", "on_time_rate"] == 0.5
    assert table.loc["U2", "on_time_rate"] == 1.0  # early counts as on time
    assert table.loc["U3", "on_time_rate"] is pd.NA
    assert table.loc["U3", "on_time_rate_denominator"] == 0
    assert str(table["on_time_rate"].dtype) == "Float64"
    assert not table["on_time_rate"].isna().all()


def test_timeliness_across_tet() -> None:
    table = dossier.indicators(sample(), period=QUARTER, by=["procedure"]).set_index("procedure")
    assert table.loc["P1", "resolved_on_time"] == 1  # A: 16/2
    assert table.loc["P1", "resolved_late"] == 1  # B: 19/2


@pytest.mark.parametrize(
    "by", [["unit"], ["field"], ["procedure"], ["channel"], ["unit", "channel"]]
)
def test_groups_sum_to_the_whole(by: list[str]) -> None:
    dossiers = dossier.ingest(sample())
    whole = numeric(dossiers.counts(QUARTER))
    grouped = numeric(dossiers.counts(QUARTER, by=by))
    assert list(grouped.sum()) == list(whole.iloc[0])
    assert list(dossiers.counts(QUARTER, by=by).columns[: len(by)]) == by


def test_counts_of_split_frames_add_up() -> None:
    frame = pd.concat([sample()] * 3, ignore_index=True)
    frame["id"] = [f"R{i}" for i in range(len(frame))]
    whole = numeric(dossier.ingest(frame).counts(QUARTER)).iloc[0]
    for cut in (0, 1, 5, len(frame)):
        first = numeric(dossier.ingest(frame.iloc[:cut]).counts(QUARTER)).iloc[0]
        second = numeric(dossier.ingest(frame.iloc[cut:]).counts(QUARTER)).iloc[0]
        assert list(first + second) == list(whole)


def bad_frame() -> pd.DataFrame:
    frame = sample()
    bad = pd.DataFrame(
        {
            "id": ["E", "F", "G"],
            "unit": ["U1"] * 3,
            "channel": ["online", "fax", "online"],
            "status": ["resolved", "resolved", "pending"],
            "received": pd.to_datetime(["2024-02-05", "2024-02-05", None]),
            "processing_days": pd.array([5, 5, 5], dtype="Int64"),
            "resolved": pd.to_datetime(["2024-02-01", "2024-02-20", None]),
        }
    )
    return pd.concat([frame.iloc[:2], bad, frame.iloc[2:]], ignore_index=True)


def test_bad_rows_are_rejected_and_counted() -> None:
    dossiers = dossier.ingest(bad_frame())
    assert (dossiers.rows_in, dossiers.rows_accepted, dossiers.rows_rejected) == (7, 4, 3)
    rejected = dossiers.rejected()
    assert list(rejected.columns) == ["row", "id", "field", "reason", "reason_code",
                                      "reason_arguments"]
    assert rejected["row"].tolist() == [2, 3, 4]
    assert rejected["id"].tolist() == ["E", "F", "G"]
    assert rejected["field"].tolist() == ["resolved", "channel", "received"]
    assert "before received" in rejected["reason"][0]
    assert "'fax'" in rejected["reason"][1]
    assert "missing" in rejected["reason"][2]
    # The accepted rows give the same counts as the clean frame.
    assert list(numeric(dossiers.counts(QUARTER)).iloc[0]) == list(
        numeric(dossier.ingest(sample()).counts(QUARTER)).iloc[0]
    )


def test_raise_on_first_bad_row() -> None:
    with pytest.raises(cchc.ParseError) as caught:
        dossier.ingest(bad_frame(), on_error="raise")
    assert caught.value.line == 3  # 1-based: the row at position 2
    assert caught.value.field == "resolved"
    assert "before received" in caught.value.reason
    assert dossier.ingest(sample(), on_error="raise").rows_rejected == 0


def test_unreadable_cells_are_rejected() -> None:
    frame = sample()
    frame["digitised_dossier"] = [True, 2, None, "yes"]
    frame["satisfaction"] = [7, 4, np.nan, np.nan]
    frame["received_hour"] = [8, 9, 25, None]
    rejected = dossier.ingest(frame).rejected()
    assert rejected[["row", "field"]].values.tolist() == [
        [0, "satisfaction"],
        [1, "digitised_dossier"],
        [2, "received_hour"],
    ]
    assert "outside 1–5" in rejected["reason"][0]
    assert "cannot read 2 as yes/no" in rejected["reason"][1]


def test_columns_mapping_and_mapping_input() -> None:
    expected = dossier.indicators(sample(), period=QUARTER)
    renamed = sample().rename(columns=dossier.VIETNAMESE_COLUMNS)
    vietnamese = dossier.indicators(renamed, period=QUARTER, columns=dossier.VIETNAMESE_COLUMNS)
    pd.testing.assert_frame_equal(vietnamese, expected)
    # Plain numpy columns and lists, no DataFrame.
    columns = {name: sample()[name].to_numpy() for name in sample().columns}
    columns["id"] = list("ABCD")
    pd.testing.assert_frame_equal(dossier.indicators(columns, period=QUARTER), expected)


def test_explicit_window_and_text_period() -> None:
    first, last = QUARTER.data_range()
    expected = dossier.indicators(sample(), period=QUARTER)
    explicit = dossier.indicators(sample(), first=first, last=last)
    pd.testing.assert_frame_equal(explicit, expected)
    pd.testing.assert_frame_equal(dossier.indicators(sample(), period=QUARTER.code), expected)
    # A window ending 10/2: A and B are pending, B was due 16/2 so still within time.
    early = dossier.indicators(
        sample(), first=datetime.date(2024, 1, 1), last=datetime.date(2024, 2, 10)
    ).iloc[0]
    assert (early["pending_within"], early["not_in_period_received_after"]) == (2, 1)
    with pytest.raises(ValueError):
        dossier.indicators(sample(), period=QUARTER, first=first, last=last)


def test_indicator_definitions_table() -> None:
    definitions = dossier.indicator_definitions()
    assert list(definitions.columns) == [
        "key", "name_vi", "name_en", "formula", "numerator", "denominator",
    ]
    assert definitions["key"].iloc[0] == "on_time_rate"
    table = dossier.indicators(sample(), period=QUARTER)
    for key in definitions["key"]:
        assert {key, f"{key}_numerator", f"{key}_denominator"} <= set(table.columns)


def test_empty_input() -> None:
    empty = sample().iloc[:0]
    table = dossier.indicators(empty, period=QUARTER)
    assert table["received_new"].tolist() == [0]
    assert table["on_time_rate"].iloc[0] is pd.NA
    assert len(dossier.indicators(empty, period=QUARTER, by="unit")) == 0


def test_docstring_and_guide_examples() -> None:
    import doctest
    from pathlib import Path

    assert doctest.testmod(dossier, optionflags=doctest.ELLIPSIS).failed == 0
    guide = Path(__file__).resolve().parents[2] / "docs" / "dossier" / "python.md"
    result = doctest.testfile(str(guide), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


# --- Columnar ingestion and grouping by period -------------------------------------------------


def carried_over_frame() -> pd.DataFrame:
    """Dossiers across quarters of 2024 (Decree 09 windows: Q1 15/12/2023–14/3, Q2 15/3–14/6).

    X is received in Q1 and resolved in Q2: new in Q1 (pending there), carried over into Q2
    and resolved there. Y is pending through Q3. Z is received and resolved in Q2.
    """
    return pd.DataFrame(
        {
            "id": ["X", "Y", "Z"],
            "unit": pd.Categorical(["U1", "U1", "U2"]),
            "channel": ["online", "postal", "in_person"],
            "status": ["resolved", "pending", "resolved"],
            "received": pd.to_datetime(["2024-03-01", "2024-03-05", "2024-04-01"]),
            "due": pd.to_datetime(["2024-03-10", "2024-05-01", "2024-04-20"]),
            "resolved": pd.to_datetime(["2024-04-02", None, "2024-04-10"]),
        }
    )


def test_grouping_by_quarter_counts_carried_over_dossiers_in_each_quarter() -> None:
    dossiers = dossier.ingest(carried_over_frame())
    table = dossiers.counts(first="2024-01-01", last="2024-09-14", by=["unit", "quarter"])
    assert list(table.columns[:2]) == ["unit", "quarter"]
    rows = table.set_index(["unit", "quarter"])
    assert list(rows.index) == [
        ("U1", "2024-Q1"), ("U1", "2024-Q2"), ("U1", "2024-Q3"),
        ("U2", "2024-Q1"), ("U2", "2024-Q2"), ("U2", "2024-Q3"),
    ]  # fmt: skip
    assert rows.loc[("U1", "2024-Q1"), ["received_new", "pending_overdue", "pending_within"]].tolist() == [2, 1, 1]
    assert rows.loc[("U1", "2024-Q2"), ["received_carried_over", "resolved_late", "pending_overdue"]].tolist() == [2, 1, 1]
    assert rows.loc[("U1", "2024-Q3"), ["received_carried_over", "not_in_period_closed_before"]].tolist() == [1, 1]
    # U2's dossier was received after the Q1 cut-off: it exists there only as not in period.
    assert rows.loc[("U2", "2024-Q1"), ["received_total", "not_in_period_received_after"]].tolist() == [0, 1]
    # Each quarter alone gives the same counts as the grouped call.
    for code in ("2024-Q1", "2024-Q2", "2024-Q3"):
        alone = numeric(dossiers.counts(code, by="unit")).reset_index(drop=True)
        grouped = numeric(table[table["quarter"] == code]).reset_index(drop=True)
        pd.testing.assert_frame_equal(alone, grouped)


def test_period_grouping_defaults_to_the_received_range_and_threads_agree() -> None:
    frame = pd.concat([carried_over_frame()] * 50, ignore_index=True)
    dossiers = dossier.ingest(frame, threads=3)
    one = dossiers.indicators(by=["quarter", "channel"], threads=1)
    many = dossiers.indicators(by=["quarter", "channel"], threads=4)
    pd.testing.assert_frame_equal(one, many)
    assert sorted(set(one["quarter"])) == ["2024-Q1", "2024-Q2"]  # received 1/3–1/4/2024
    assert one["on_time_rate"].dtype == "Float64"
    assert one["on_time_rate"].isna().any()  # postal resolved nothing: not applicable
    with pytest.raises(ValueError):
        dossiers.counts(by=["quarter", "month"])
    with pytest.raises(ValueError):
        dossiers.counts(by=["nine_months"])
    with pytest.raises(ValueError):
        dossiers.counts(by="quarter", threads=0)


def test_pyarrow_table_and_arrow_backed_columns_equal_numpy() -> None:
    pa = pytest.importorskip("pyarrow")
    frame = sample()
    expected = dossier.indicators(frame, period=QUARTER, by=["unit", "channel"])
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pd.testing.assert_frame_equal(
        dossier.indicators(table, period=QUARTER, by=["unit", "channel"]), expected
    )
    arrow_backed = frame.astype(
        {"unit": pd.ArrowDtype(pa.string()), "channel": "string[pyarrow]"}
    )
    arrow_backed["received"] = pd.array(pa.array(frame["received"].dt.date, pa.date32()))
    pd.testing.assert_frame_equal(
        dossier.indicators(arrow_backed, period=QUARTER, by=["unit", "channel"]), expected
    )
    # Dictionary-encoded Arrow text with nulls: the codes are Arrow's indices.
    encoded = table.set_column(
        table.schema.get_field_index("unit"), "unit",
        pa.array(["U1", "U1", None, "U2"]).dictionary_encode(),
    )
    dossiers = dossier.ingest(encoded)
    assert "" in set(dossiers.counts(QUARTER, by="unit")["unit"])  # missing unit: ""


def test_an_unreadable_date_rejects_only_its_row() -> None:
    frame = sample()
    frame["resolved"] = ["2024-02-16", "2024-02-19", None, "16/01/2024?"]
    dossiers = dossier.ingest(frame)
    assert (dossiers.rows_in, dossiers.rows_accepted, dossiers.rows_rejected) == (4, 3, 1)
    rejected = dossiers.rejected()
    assert rejected[["row", "id", "field"]].values.tolist() == [[3, "D", "resolved"]]
    assert "'16/01/2024?'" in rejected["reason"][0]


def test_every_row_rejected_gives_empty_groups_and_zero_totals() -> None:
    frame = sample()
    frame["status"] = ["done"] * 4
    dossiers = dossier.ingest(frame)
    assert (dossiers.rows_accepted, dossiers.rows_rejected) == (0, 4)
    assert len(dossiers.counts(QUARTER, by="unit")) == 0
    assert dossiers.counts(QUARTER)["received_total"].tolist() == [0]
    assert len(dossiers.counts(by=["unit", "quarter"])) == 0  # no dossier, no period
    assert dossiers.indicators(QUARTER)["on_time_rate"].iloc[0] is pd.NA


def test_vietnamese_cell_values_read_with_the_export_vocabulary() -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "id": ["A", "B", "C"],
            "channel": ["Trực tuyến", "truc tiep", "fax"],
            "status": ["Đã giải quyết", "Đã giải quyết", "Đã giải quyết"],
            "digitised_result": ["Có", "không", ""],
            "processing_days": [5, 5, 5],
            "received": pd.to_datetime(["2024-02-02"] * 3),
            "resolved": pd.to_datetime(["2024-02-16"] * 3),
        }
    )
    dossiers = cchc.ingest(frame)
    # "fax" is no channel: its row alone is rejected, naming the field.
    assert dossiers.rows_accepted == 2 and dossiers.rows_rejected == 1
    rejected = dossiers.rejected()
    assert rejected["id"].tolist() == ["C"] and rejected["field"].tolist() == ["channel"]
    counts = dossiers.counts(cchc.Period("quarter", 2024, 1)).iloc[0]
    assert counts["new_online"] == 1 and counts["new_in_person"] == 1
    assert counts["digitised_result_yes"] == 1 and counts["digitised_result_known"] == 2
