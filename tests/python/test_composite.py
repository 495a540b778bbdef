"""Composite-index toolkit from Python: DataFrames, pipeline replay, audit, Sobol' vs SALib."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cchc import composite
from cchc.errors import CchcError, ParseError

ASEM = Path(__file__).resolve().parents[2] / "examples" / "data" / "composite"


@pytest.fixture(scope="module")
def asem() -> tuple[composite.Index, composite.CompositeData]:
    return composite.CompositeData.read_coinr(ASEM / "asem_iData.csv", ASEM / "asem_iMeta.csv")


def test_hdi_hand_computed() -> None:
    hdi = composite.Index.shipped("hdi")
    data = composite.CompositeData(
        pd.DataFrame(
            {"LE": [70.0, 55.0], "EYS": [12.0, 8.0], "MYS": [9.0, 4.5], "GNIpc": [10000.0, 1500.0]},
            index=["A", "B"],
        )
    )
    result = composite.Pipeline().normalise("goalposts", upper=1.0).run(data, hdi)
    for unit, (le, eys, mys, gni) in {"A": (70, 12, 9, 10000), "B": (55, 8, 4.5, 1500)}.items():
        health = (le - 20) / 65
        education = (eys / 18 + mys / 15) / 2
        income = (math.log(gni) - math.log(100)) / (math.log(75000) - math.log(100))
        assert result.scores("HDI")[unit] == pytest.approx((health * education * income) ** (1 / 3))
    assert list(result.ranks("HDI")) == [1, 2]
    bands = result.bands([0.55, 0.7, 0.8], ["low", "medium", "high", "very high"], node="HDI")
    assert list(bands) == ["medium", "low"]
    nodes = hdi.nodes()
    assert nodes.loc["GNIpc", "goalposts"] == (100.0, 75000.0, True)
    assert nodes.loc["HDI", "aggregation"] == "geometric"


def test_missing_stays_missing_as_pd_na() -> None:
    index = composite.Index.from_toml_text(
        '[[node]]\ncode = "I"\nmax_missing_share = 0.5\n'
        '[[node]]\ncode = "a"\nparent = "I"\n[[node]]\ncode = "b"\nparent = "I"\ndirection = -1\n'
    )
    frame = pd.DataFrame({"a": [1.0, 2.0, np.nan, 4.0], "b": [4.0, pd.NA, None, 1.0]}, index=list("wxyz"), dtype="Float64")
    result = composite.Pipeline().normalise("min_max").run(composite.CompositeData(frame), index)
    assert result.normalised["b"].dtype == "Float64"
    assert result.normalised.loc["x", "b"] is pd.NA
    assert result.aggregated.loc["y", "I"] is pd.NA  # both children missing
    assert result.aggregated.loc["x", "I"] == pytest.approx(100 / 3)  # one of two: allowed at 0.5
    assert result.aggregated.loc["w", "I"] == pytest.approx((0 + 0) / 2)
    assert result.ranks("I")["y"] is pd.NA


def test_pipeline_saves_and_replays_identically(tmp_path: Path, asem: tuple) -> None:
    index, data = asem
    pipeline = (
        composite.Pipeline()
        .denominate()
        .impute("em")
        .treat()
        .normalise("min_max", lower=1.0, upper=100.0)
        .weight("pca")
        .aggregate("geometric")
    )
    first = pipeline.run(data, index)
    path = tmp_path / "pipeline.json"
    pipeline.save(path)
    replayed = composite.Pipeline.load(path)
    assert replayed == pipeline
    second = replayed.run(data, index)
    for name in ("prepared", "normalised", "aggregated"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name), check_exact=True)
    assert first.weights == second.weights
    assert first.prepared.notna().all().all()  # EM filled everything
    assert data.indicators.isna().any().any()  # the raw data still has its gaps
    treated = first.treatment[first.treatment.apply(lambda r: r.log_transformed or bool(r.winsorised_high) or bool(r.winsorised_low), axis=1)]
    assert len(treated) > 0
    with pytest.raises(ValueError, match="recorded twice"):
        composite.Pipeline().impute().impute("median")


def test_audit_and_plots(asem: tuple) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    index, data = asem
    result = composite.Pipeline().denominate().normalise("min_max").aggregate().run(data, index)
    audit = result.audit()
    assert set(audit["groups"].index) >= {"Index", "Conn", "Sust", "Physical"}
    alpha = audit["groups"].loc["Conn", "cronbach_alpha"]
    assert alpha is not None and -1 < alpha <= 1
    assert audit["correlations"].loc["Index", "Index"] == 1.0
    assert (audit["indicator_availability"] <= 1).all()
    assert audit["unit_availability"].min() < 1
    assert result.plot_scores("Index") is not None
    assert result.plot_correlations() is not None


def test_bad_idata_names_unit_and_field(tmp_path: Path) -> None:
    meta = tmp_path / "m.csv"
    meta.write_text("Level,iCode,Direction,Weight,Parent,Type\n1,x,1,1,I,Indicator\n2,I,1,1,NA,Aggregate\n")
    idata = tmp_path / "d.csv"
    idata.write_text("uCode,x\nA,1\nB,one\n")
    with pytest.raises(ParseError) as error:
        composite.CompositeData.read_coinr(idata, meta)
    assert error.value.line == 3 and error.value.field == "x" and "unit 'B'" in str(error.value)


def _model(asem: tuple) -> dict:
    index, data = asem
    pipeline = composite.Pipeline().denominate().impute("mean").normalise("min_max", lower=1.0, upper=100.0)
    uncertain = {
        "weights": {"Conn": 0.5, "Sust": 0.5, "Physical": 0.5},
        "aggregation": ["arithmetic", "geometric"],
    }
    return {"index": index, "data": data, "pipeline": pipeline, "uncertain": uncertain}


def test_sensitivity_threads_and_intervals(asem: tuple) -> None:
    m = _model(asem)
    one = composite.sensitivity(m["data"], m["index"], m["pipeline"], samples=64, seed=5, threads=1, **m["uncertain"])
    two = composite.sensitivity(m["data"], m["index"], m["pipeline"], samples=64, seed=5, threads=2, **m["uncertain"])
    assert one.inputs == ["weight:Conn", "weight:Sust", "weight:Physical", "aggregation"]
    pd.testing.assert_frame_equal(one.ranks, two.ranks)
    pd.testing.assert_frame_equal(one.first_order, two.first_order)
    s = one.summary
    assert (s["rank_low"] <= s["median_rank"]).all() and (s["median_rank"] <= s["rank_high"]).all()
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    assert one.plot_rank_intervals() is not None


def test_sobol_matches_salib(asem: tuple) -> None:
    salib_sample = pytest.importorskip("SALib.sample.sobol")
    salib_analyze = pytest.importorskip("SALib.analyze.sobol")
    m = _model(asem)
    ours = composite.sensitivity(m["data"], m["index"], m["pipeline"], samples=1024, seed=11, **m["uncertain"])
    d = len(ours.inputs)
    problem = {"num_vars": d, "names": ours.inputs, "bounds": [[0.0, 1.0]] * d}
    # 1. The same runs through SALib's estimator give the same numbers (same estimators).
    same = salib_analyze.analyze(problem, ours.mean_rank_shift, calc_second_order=False, seed=1)
    ours_shift_s1 = ours.first_order.loc["mean_rank_shift"].to_numpy(dtype=float)
    ours_shift_st = ours.total.loc["mean_rank_shift"].to_numpy(dtype=float)
    np.testing.assert_allclose(ours_shift_s1, same["S1"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours_shift_st, same["ST"], rtol=1e-9, atol=1e-12)
    # 2. SALib's own (Sobol'-sequence) sample, evaluated by libcchc, analysed by SALib: our
    # estimates lie within the two confidence intervals.
    points = salib_sample.sample(problem, 1024, calc_second_order=False, seed=3)
    runs = composite.evaluate_points(m["data"], m["index"], m["pipeline"], points, **m["uncertain"])
    theirs = salib_analyze.analyze(problem, np.asarray(runs["mean_rank_shift"]), calc_second_order=False, seed=1)
    ours_conf = {"S1": ours.first_order_conf.loc["mean_rank_shift"].to_numpy(dtype=float),
                 "ST": ours.total_conf.loc["mean_rank_shift"].to_numpy(dtype=float)}
    estimated = ours.first_order.notna().all(axis=1)  # units whose rank varies
    assert estimated.sum() > 10
    assert ours.first_order_conf.loc[estimated].notna().all().all()  # each estimate has an interval
    assert not np.isnan(ours_conf["S1"]).any() and not np.isnan(ours_conf["ST"]).any()
    for key in ("S1", "ST"):
        ours_values = ours_shift_s1 if key == "S1" else ours_shift_st
        bound = ours_conf[key] + theirs[f"{key}_conf"]
        assert np.all(np.abs(ours_values - theirs[key]) <= bound), (key, ours_values, theirs[key], bound)
        # libcchc's bootstrap half-widths are of the size SALib's are on the same runs.
        np.testing.assert_allclose(ours_conf[key], same[f"{key}_conf"], rtol=0.35, atol=0.01)
    # The aggregation switch matters for the rank shifts.
    assert ours_shift_st[-1] > 0.05


def test_docstring_examples() -> None:
    import doctest

    result = doctest.testmod(composite, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_unknown_parameters_are_errors(asem: tuple) -> None:
    index, data = asem
    with pytest.raises(CchcError, match="unknown parameter 'scale'"):
        composite.Pipeline().normalise("min_max", scale=3.0).run(data, index)
    with pytest.raises(CchcError, match="unknown normalisation 'softmax'"):
        composite.Pipeline().normalise("softmax").run(data, index)


def test_benchmark_smoke() -> None:
    import importlib.util

    pytest.importorskip("SALib")
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_composite.py"
    spec = importlib.util.spec_from_file_location("bench_composite", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.run(units=30, indicators=50, repeats=1, replications=60)
    assert all(row["equal"] for row in rows)  # libcchc agrees with pandas/numpy and SALib
    assert all(row["libcchc_s"] > 0 for row in rows)


def test_panel_runs_each_period(tmp_path: Path, asem: tuple) -> None:
    frame = pd.read_csv(ASEM / "asem_iData.csv")
    later = frame.copy()
    later["Time"] = 2019
    later["LPI"] = later["LPI"] * 1.1
    panel_path = tmp_path / "panel.csv"
    pd.concat([frame, later]).to_csv(panel_path, index=False)
    index, panel = composite.CompositeData.read_coinr_panel(panel_path, ASEM / "asem_iMeta.csv")
    assert sorted(panel) == [2018, 2019]
    pipeline = composite.Pipeline().denominate().impute("mean").normalise("min_max").aggregate()
    results = pipeline.run_panel(panel, index)
    single = pipeline.run(asem[1], asem[0])
    pd.testing.assert_frame_equal(results[2018].aggregated, single.aggregated)
    assert results[2019].prepared["LPI"].iloc[0] == pytest.approx(1.1 * single.prepared["LPI"].iloc[0])


def test_sensitivity_uses_the_pipelines_weights(asem: tuple) -> None:
    index, data = asem
    pipeline = composite.Pipeline().denominate().impute("mean").normalise("min_max", lower=1.0).weight("pca")
    nominal = pipeline.run(data, index).ranks("Index")
    sa = composite.sensitivity(data, index, pipeline, weights={"Conn": 0.2}, samples=8, resamples=0)
    assert list(sa.summary["nominal_rank"]) == list(nominal)
    equal = composite.Pipeline().denominate().impute("mean").normalise("min_max", lower=1.0)
    assert list(equal.run(data, index).ranks("Index")) != list(nominal)  # PCA weights matter here


def test_default_node_is_the_first_top_level_node(asem: tuple) -> None:
    """Issue 20, item 7: with no node, scores/ranks/bands use the first top-level node
    (``Index`` on ASEM, whose iMeta lists the indicators first), not the first code."""
    index, data = asem
    assert index.codes[0] == "LPI" and index.top == "Index"
    result = composite.Pipeline().denominate().impute("mean").normalise("min_max").aggregate().run(data, index)
    pd.testing.assert_series_equal(result.scores(), result.scores("Index"))
    pd.testing.assert_series_equal(result.ranks(), result.ranks("Index"))
    assert result.scores().name == "Index"
    # Without a preparing step the prepared data is the input itself (not copied back).
    plain = composite.Pipeline().normalise("min_max").aggregate().run(data, index)
    pd.testing.assert_frame_equal(plain.prepared, data.indicators.rename_axis("unit"))
    assert plain.normalised.index.equals(plain.aggregated.index)
    assert list(result.bands([50.0], ["low", "high"])) == list(result.bands([50.0], ["low", "high"], "Index"))


def test_winsorisation_needs_exactly_two_three_five_clips() -> None:
    """The bug of issue 18: after one clip the clipped point tied with the next and nothing
    changed again, so a column needing two clips fell back to the log."""
    index = composite.Index.from_toml_text('[[node]]\ncode = "I"\n[[node]]\ncode = "x"\nparent = "I"\n')
    for base, outliers in ((20, [55.0, 65.0]), (25, [95.0, 96.0, 97.0]), (40, [180.0, 181.0, 182.0, 183.0, 184.0])):
        values = [float(v) for v in range(1, base + 1)] + outliers
        frame = pd.DataFrame({"x": values}, index=[f"u{k}" for k in range(len(values))])
        data = composite.CompositeData(frame)
        for convention in composite.CONVENTIONS:
            result = composite.Pipeline(convention=convention).treat().run(data, index)
            report = result.treatment.iloc[0]
            assert not report["log_transformed"]
            assert report["winsorised_count"] == len(outliers)
            assert list(result.prepared["x"].iloc[base:]) == [float(base)] * len(outliers)
            fewer = composite.Pipeline(convention=convention).treat(max_winsorised=len(outliers) - 1).run(data, index)
            assert fewer.treatment.iloc[0]["log_transformed"]


def messages_in_stage(lang: str) -> str:
    """The stage phrase of a composite warning about the prepared data, in `lang`."""
    from cchc.i18n import language
    from cchc.messages import render

    message = {"code": "composite.no_value", "arguments": {"stage": "after preparation, ",
                                                           "indicator": "x"}}
    with language(lang):
        return render(message).split("'x'")[0]


def test_bad_input_warns_or_is_refused(tmp_path: Path) -> None:
    index = composite.Index.from_toml_text(
        '[[node]]\ncode = "I"\n[[node]]\ncode = "a"\nparent = "I"\n[[node]]\ncode = "b"\nparent = "I"\n'
        '[[node]]\ncode = "c"\nparent = "I"\n'
    )
    frame = pd.DataFrame({"a": [np.nan] * 3, "b": [7.0] * 3, "c": [1.0, 2.0, 3.0]}, index=list("xyz"))
    data = composite.CompositeData(frame)
    from cchc.i18n import language

    with language("en"), pytest.warns(composite.CompositeWarning) as caught:
        result = composite.Pipeline().normalise("min_max").aggregate().run(data, index)
    messages = [str(w.message) for w in caught]
    assert any("'a' has no value" in m for m in messages)
    assert any("'b' has the same value (7)" in m and "middle of the range, 50" in m for m in messages)
    with language("en"):
        assert result.warnings == messages
    # Vietnamese by default, the same warnings; stable codes for programs.
    assert [w["code"] for w in result.warning_codes] == ["composite.no_value",
                                                         "composite.constant.middle"]
    assert result.warning_codes[1]["arguments"]["indicator"] == "b"
    vietnamese = result.warnings
    assert "chỉ số 'b' có cùng giá trị (7) ở cả 3 đơn vị có dữ liệu" in vietnamese[1]
    assert "giữa khoảng, 50" in vietnamese[1] and "same value" not in vietnamese[1]
    # After preparation (a denominator step can leave a column constant): the stage is said.
    assert messages_in_stage("vi") == "sau các bước chuẩn bị, chỉ số "
    assert messages_in_stage("en") == "after preparation, indicator "
    with pytest.raises(CchcError, match=r"children of 'I' \(a, b, c\) sum to zero"):
        composite.Pipeline().normalise("min_max").weight({"a": 0.0, "b": 0.0, "c": 0.0}).run(data, index)
    with pytest.raises(ValueError, match="finite number ≥ 0"):
        composite.Pipeline().weight({"a": -1.0})
    meta = tmp_path / "m.csv"
    meta.write_text("Level,iCode,Direction,Weight,Parent,Type\n1,x,1,1,P,Indicator\n2,P,1,1,Q,Aggregate\n2,Q,1,1,P,Aggregate\n")
    with pytest.raises(ParseError, match=r"cycle: P \(line 3\) → Q \(line 4\) → P"):
        composite.Index.from_imeta(meta)


def test_convention_is_saved_and_steps_override_it(tmp_path: Path, asem: tuple) -> None:
    index, data = asem
    pipeline = composite.Pipeline(convention="coinr").treat(log_fallback="reflected").normalise("min_max").aggregate()
    pipeline.save(tmp_path / "p.json")
    loaded = composite.Pipeline.load(tmp_path / "p.json")
    assert loaded == pipeline and loaded.convention == "coinr"
    assert pipeline.spec()["treat"] == {
        "convention": "coinr", "skew_limit": 2.0, "kurtosis_limit": 3.5, "max_winsorised": 5, "log_fallback": "reflected"
    }
    with pytest.raises(ValueError, match="unknown convention"):
        composite.Pipeline(convention="excel")
    # Files written before conventions existed read as "cchc".
    old = composite.Pipeline.from_dict({"format": composite.PIPELINE_FORMAT, "steps": [{"step": "aggregate", "method": None}]})
    assert old.convention == "cchc"


def test_sensitivity_scores_per_run_and_winmax_input(asem: tuple) -> None:
    index, data = asem
    pipeline = composite.Pipeline().denominate().impute("mean").treat().normalise("min_max", lower=1.0).aggregate()
    sa = composite.sensitivity(
        data, index, pipeline,
        treatment=[pipeline.treatment_spec(max_winsorised=k) for k in (1, 3, 5)] + [None],
        aggregation=["arithmetic", "geometric"], samples=4, resamples=0, threads=1,
    )
    assert sa.inputs == ["treatment", "aggregation"]
    assert sa.scores.shape == (16, 51) and sa.ranks.shape == (16, 51)
    # Run k's scores are the pipeline's with the run's choices.
    for run in (0, 5, 11):
        u_treat, u_aggregate = sa.points[run]
        choice = [pipeline.treatment_spec(max_winsorised=k) for k in (1, 3, 5)] + [None]
        variant = composite.Pipeline().denominate().impute("mean").normalise("min_max", lower=1.0)
        treat = choice[min(3, int(u_treat * 4))]
        if treat is not None:
            variant.treat(max_winsorised=treat["max_winsorised"])
        variant.aggregate("geometric" if u_aggregate >= 0.5 else "arithmetic")
        expected = variant.run(data, index).scores("Index")
        np.testing.assert_allclose(sa.scores.iloc[run].to_numpy(dtype=float), expected.to_numpy(dtype=float), rtol=1e-12)
    replay = composite.sensitivity(
        data, index, pipeline,
        treatment=[pipeline.treatment_spec(max_winsorised=k) for k in (1, 3, 5)] + [None],
        aggregation=["arithmetic", "geometric"], points=sa.points, resamples=0,
    )
    pd.testing.assert_frame_equal(replay.scores, sa.scores)
    pd.testing.assert_frame_equal(replay.first_order, sa.first_order)
