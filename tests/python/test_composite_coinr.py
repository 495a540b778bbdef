"""libcchc under convention="coinr" against COINr 1.1.14's own outputs (tests/data/coinr/).

The reference files were written by tests/data/tools/make_coinr_reference.R; R is not needed
here. Every comparison is to 1e-9 (relative above 1, absolute below).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cchc import composite

ROOT = Path(__file__).resolve().parents[2]
ASEM = ROOT / "examples" / "data" / "composite"
REFERENCE = ROOT / "tests" / "data" / "coinr"
TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def asem() -> tuple[composite.Index, composite.CompositeData]:
    return composite.CompositeData.read_coinr(ASEM / "asem_iData.csv", ASEM / "asem_iMeta.csv")


def example_pipeline(lower: float = 0.0) -> composite.Pipeline:
    """COINr's build_example_coin: Denominate, Impute (i_mean_grp by EurAsia_group), Screen
    (dat_thresh 0.9, byNA, on the imputed data), Treat (winmax 5), Normalise (n_minmax), Aggregate
    (a_amean)."""
    return (
        composite.Pipeline(convention="coinr")
        .denominate()
        .impute("group_mean", group="EurAsia_group")
        .screen(data_threshold=0.9, rule="by_missing", after_imputation=True)
        .treat(max_winsorised=5)
        .normalise("min_max", lower=lower, upper=100.0)
        .aggregate("arithmetic")
    )


@pytest.fixture(scope="module")
def example(asem: tuple[composite.Index, composite.CompositeData]) -> composite.Result:
    index, data = asem
    return example_pipeline().run(data, index)


def reference(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / name, na_values=["NA"], keep_default_na=False)


def assert_close(ours: pd.DataFrame | pd.Series, theirs: pd.DataFrame | pd.Series) -> None:
    """Same missing cells, values within 1e-9 (relative to max(1, |COINr's value|))."""
    a = np.asarray(pd.DataFrame(ours).astype("Float64").to_numpy(dtype=float, na_value=np.nan))
    b = np.asarray(pd.DataFrame(theirs).astype(float).to_numpy())
    assert a.shape == b.shape
    np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
    both = ~np.isnan(b)
    error = np.abs(a[both] - b[both]) / np.maximum(1.0, np.abs(b[both]))
    assert error.max(initial=0.0) <= TOLERANCE


def compare_dataset(ours: pd.DataFrame, name: str) -> None:
    theirs = reference(name).set_index("uCode")
    columns = [c for c in theirs.columns if c in ours.columns]
    assert len(columns) >= 49  # every indicator (and every aggregate where present)
    assert sorted(ours.index) == sorted(theirs.index)  # COINr sorts its units by code
    assert_close(ours.loc[theirs.index, columns], theirs[columns])


@pytest.mark.parametrize(
    ("stage", "name"),
    [("normalised", "example_normalised.csv"), ("aggregated", "example_aggregated.csv"), ("prepared", "example_treated.csv")],
)
def test_example_pipeline_every_step(example: composite.Result, stage: str, name: str) -> None:
    compare_dataset(getattr(example, stage), name)


def test_example_intermediate_steps(asem: tuple[composite.Index, composite.CompositeData]) -> None:
    index, data = asem
    denominated = composite.Pipeline(convention="coinr").denominate().run(data, index).prepared
    compare_dataset(denominated, "example_denominated.csv")
    imputed = composite.Pipeline(convention="coinr").denominate().impute("group_mean", group="EurAsia_group")
    compare_dataset(imputed.run(data, index).prepared, "example_imputed.csv")
    screened = imputed.screen(data_threshold=0.9, after_imputation=True).run(data, index)
    compare_dataset(screened.prepared, "example_screened.csv")


def test_example_screen_summary(example: composite.Result) -> None:
    theirs = reference("example_screen_summary.csv").set_index("uCode")
    ours = example.screening.loc[theirs.index]
    assert list(ours["missing"]) == list(theirs["N_missing"])
    assert list(ours["zeros"]) == list(theirs["N_zero"])
    assert_close(ours["data_share"], theirs["Dat_Avail"])
    assert_close(ours["nonzero_share"].astype(float), theirs["Non_Zero"])
    assert list(ours["low_data"]) == list(theirs["LowData"])
    assert list(ours["low_nonzero"]) == list(theirs["LowNonZero"])
    assert list(ours["included"]) == list(theirs["Included"])
    assert example.removed_units == list(theirs.index[~theirs["Included"]])


def test_example_treatment_report_and_ranks(example: composite.Result) -> None:
    details = reference("example_treat_details.csv").set_index("iCode")
    ours = example.treatment.set_index("column").loc[details.index]
    assert_close(ours["skew_before"].astype(float), details["check_SkewKurt0.Skew"])
    assert_close(ours["kurtosis_before"].astype(float), details["check_SkewKurt0.Kurt"])
    treated = details["winsorise.nwin"].notna()
    assert treated.sum() == 15  # columns needing 1 to 4 clips
    assert list(ours.loc[treated, "winsorised_count"]) == list(details.loc[treated, "winsorise.nwin"].astype(int))
    assert_close(ours.loc[treated, "skew_after"].astype(float), details.loc[treated, "check_SkewKurt1.Skew"])
    assert_close(ours.loc[treated, "kurtosis_after"].astype(float), details.loc[treated, "check_SkewKurt1.Kurt"])
    points = reference("example_treat_points.csv").set_index("uCode")
    for column in points.columns:
        high = sorted(points.index[points[column] == "winhi"])
        assert sorted(example.treatment.set_index("column").loc[column, "winsorised_high"]) == high
    ranks = reference("example_ranks.csv")
    if "uCode" in ranks.columns:
        ranks = ranks.set_index("uCode")
        for node in ("Index", "Conn", "Sust", "Physical"):
            assert list(example.ranks(node).loc[ranks.index]) == list(ranks[node])


def test_raw_moments_type_2(asem: tuple[composite.Index, composite.CompositeData]) -> None:
    _, data = asem
    theirs = reference("asem_raw_moments.csv").set_index("iCode")
    ours = pd.DataFrame(
        [composite.moments(data.indicators[code], "sample") for code in theirs.index],
        index=theirs.index,
        columns=["skew", "kurt"],
    )
    assert_close(ours, theirs)


@pytest.mark.parametrize("winmax", range(1, 8))
def test_treatment_winmax_1_to_7(asem: tuple[composite.Index, composite.CompositeData], winmax: int) -> None:
    index, data = asem
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", composite.CompositeWarning)
        result = composite.Pipeline(convention="coinr").treat(max_winsorised=winmax).run(data, index)
    compare_dataset(result.prepared, f"asem_treated_winmax{winmax}.csv")
    details = reference(f"asem_treat_details_winmax{winmax}.csv").set_index("iCode")
    ours = result.treatment.set_index("column")
    counted = details["winsorise.nwin"].dropna().astype(int)
    assert list(ours.loc[counted.index, "winsorised_count"]) == list(counted)
    if "check_SkewKurt2.Pass" in details:  # the check after COINr's log_CT fallback
        fell_back = details.index[details["check_SkewKurt2.Pass"].notna()]
        assert sorted(ours.index[ours["log_transformed"]]) == sorted(fell_back)
        assert_close(ours.loc[fell_back, "skew_after"].astype(float), details.loc[fell_back, "check_SkewKurt2.Skew"])
    else:
        assert not ours["log_transformed"].any()


def test_treatment_results_differ_by_winmax(asem: tuple[composite.Index, composite.CompositeData]) -> None:
    """The bug of issue 18: every winmax from 1 to 7 gave the same treated data."""
    index, data = asem
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", composite.CompositeWarning)
        treated = [composite.Pipeline().treat(max_winsorised=k).run(data, index).prepared for k in (1, 2, 3)]
    assert not treated[0].equals(treated[1])
    assert not treated[1].equals(treated[2])


def children(index: composite.Index, node: str) -> list[str]:
    nodes = index.nodes()
    return [str(code) for code in nodes.index[nodes["parent"] == node]]


def test_cronbach_alpha_pairwise(asem: tuple[composite.Index, composite.CompositeData], example: composite.Result) -> None:
    index, data = asem
    theirs = reference("asem_cronbach.csv")
    groups = example.audit()["groups"]  # convention "coinr": pairwise
    checked = 0
    for row in theirs.itertuples():
        if row.dset == "Raw":  # raw indicators with missing values
            ours = composite.cronbach_alpha(data.indicators[children(index, row.group)], "pairwise")
        else:
            ours = groups.loc[row.group, "cronbach_alpha"]
        assert ours == pytest.approx(row.alpha, abs=TOLERANCE)
        checked += 1
    assert checked == 18
    # With missing values the complete-units alpha differs; without, the two agree.
    physical = data.indicators[children(index, "Physical")]
    assert composite.cronbach_alpha(physical) != pytest.approx(composite.cronbach_alpha(physical, "pairwise"))
    complete = example.normalised[children(index, "Physical")]
    assert composite.cronbach_alpha(complete) == pytest.approx(composite.cronbach_alpha(complete, "pairwise"), abs=1e-12)


def test_pca_weights_signed_loadings(asem: tuple[composite.Index, composite.CompositeData], example: composite.Result) -> None:
    """COINr's PCA weights are prcomp's first rotation column. Its sign is whatever LAPACK
    returns (a principal component's sign is arbitrary); libcchc orients each group's loadings
    to a sum ≥ 0, so they match COINr's up to that one sign per group."""
    index, data = asem
    theirs = reference("asem_pca_weights.csv")
    flipped = 0
    for (dset, _level, group), rows in theirs.groupby(["dset", "level", "group"]):
        codes = list(rows["iCode"])
        source = {"Raw": data.indicators, "Normalised": example.normalised, "Aggregated": example.aggregated}[dset]
        pca = composite.principal_components(source[codes])
        assert pca is not None
        ours = pca["loadings"].to_numpy()
        expected = rows["weight"].to_numpy()
        sign = 1.0 if expected.sum() >= 0 else -1.0
        flipped += sign < 0
        np.testing.assert_allclose(ours, sign * expected, rtol=0, atol=TOLERANCE)
        assert np.sqrt(pca["eigenvalues"][0]) == pytest.approx(rows["sdev1"].iloc[0], abs=TOLERANCE)
        assert ours.sum() >= 0
    assert flipped > 0  # LAPACK's sign is not ours in some groups
    # Through the pipeline: the coinr convention weights each group by its signed loadings
    # (indicators from the normalised data, pillars from the aggregated data of the first run).
    weights = example_pipeline().weight("pca").run(data, index).weights
    for dset in ("Normalised", "Aggregated"):
        for _, rows in theirs[theirs["dset"] == dset].groupby("group"):
            sign = 1.0 if rows["weight"].sum() >= 0 else -1.0
            for row in rows.itertuples():
                assert weights[row.iCode] == pytest.approx(sign * row.weight, abs=TOLERANCE)
    squared = composite.Pipeline().normalise("min_max").weight("pca").aggregate().run(data, index).weights
    for group in ("Physical", "P2P"):
        assert sum(squared[code] for code in children(index, group)) == pytest.approx(1.0)


def test_sensitivity_replays_coinr_sample(asem: tuple[composite.Index, composite.CompositeData]) -> None:
    """COINr's get_sensitivity on its example (inputs: Treat winmax 1-5, Normalise n_minmax
    [1, 100] or n_zscore (100, 10), Aggregate a_amean or a_gmean; N = 20), replayed: the same
    choices per run give the same scores, ranks, mean rank shift and Sobol' indices."""
    index, data = asem
    pipeline = example_pipeline(lower=1.0)
    sample = reference("sa_sample.csv")
    points = np.column_stack(
        [
            (sample["winmax_choice"] + 0.5) / 5,
            (sample["normalisation_choice"] + 0.5) / 2,
            (sample["aggregation_choice"] + 0.5) / 2,
        ]
    )
    result = composite.sensitivity(
        data,
        index,
        pipeline,
        treatment=[pipeline.treatment_spec(max_winsorised=k) for k in range(1, 6)],
        normalisation=[{"method": "min_max", "lower": 1.0, "upper": 100.0}, {"method": "z_score", "mean": 100.0, "sd": 10.0}],
        aggregation=["arithmetic", "geometric"],
        node="Index",
        points=points,
        resamples=0,
    )
    assert result.inputs == ["treatment", "normalisation", "aggregation"]
    scores = reference("sa_scores.csv").set_index("uCode")
    runs = [c for c in scores.columns if c.startswith("r_")]
    assert len(runs) == 20 * 5
    assert_close(result.scores.T.loc[scores.index], scores[runs].rename(columns=dict(zip(runs, range(len(runs))))))
    ranks = reference("sa_ranks.csv").set_index("uCode")
    assert_close(result.ranks.T.loc[ranks.index], ranks[runs].rename(columns=dict(zip(runs, range(len(runs))))))
    assert list(result.summary["nominal_rank"].loc[ranks.index]) == list(ranks["Nominal"])
    shift = reference("sa_shift.csv")["mean_abs_rank_shift"].to_numpy()
    np.testing.assert_allclose(result.mean_rank_shift, shift, rtol=0, atol=TOLERANCE)
    indices = reference("sa_indices.csv").set_index("Variable")
    first = result.first_order.loc["mean_rank_shift"].to_numpy(dtype=float)
    total = result.total.loc["mean_rank_shift"].to_numpy(dtype=float)
    np.testing.assert_allclose(first, indices["Si"].to_numpy(), rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(total, indices["STi"].to_numpy(), rtol=0, atol=TOLERANCE)
    # The same outputs through SALib's estimator give other numbers (standardised, population V).
    salib = composite.sobol_indices(result.mean_rank_shift, 3, estimator="salib")
    assert not np.allclose(salib["S1"].to_numpy(dtype=float), first)
