// COINr's conventions next to libcchc's, screening, and input that must not pass silently.
// (The comparison with COINr's own numbers is tests/python/test_composite_coinr.py.)
#include <doctest/doctest.h>

#include <cmath>

#include "cchc/composite/audit.hpp"
#include "cchc/composite/pipeline.hpp"
#include "cchc/composite/sensitivity.hpp"
#include "cchc/io/composite_file.hpp"
#include "composite_support.hpp"

using namespace cchc::composite;
using composite_test::make_data;
using composite_test::make_index;

namespace {

const std::optional<double> NA = std::nullopt;

IndexStructure two_leaves() {
  return make_index({{"I", ""}, {"a", "I"}, {"b", "I"}});
}

}  // namespace

TEST_CASE("screening: COINr's shares, rules and forced units") {
  const Dataset data = make_data({"full", "half", "zeros", "none"}, {"a", "b", "c", "d"},
                                 {{1.0, 2.0, 3.0, 4.0},
                                  {1.0, NA, NA, 4.0},
                                  {0.0, 0.0, 0.0, 5.0},
                                  {NA, NA, NA, NA}});
  ScreenOptions options;
  options.data_threshold = 0.75;
  options.nonzero_threshold = 0.5;
  Screened by_missing = screen_units(data, options);
  CHECK(by_missing.removed == std::vector<std::string>{"half", "none"});
  CHECK(by_missing.data.units == std::vector<std::string>{"full", "zeros"});
  CHECK(*by_missing.data.value(1, 3) == 5.0);
  CHECK(by_missing.summary[1].data_share == doctest::Approx(0.5));
  CHECK(by_missing.summary[2].zeros == 3u);
  CHECK(*by_missing.summary[2].nonzero_share == doctest::Approx(0.25));
  CHECK_FALSE(by_missing.summary[3].nonzero_share.has_value());  // nothing available
  options.rule = ScreenRule::by_zeros;
  CHECK(screen_units(data, options).removed == std::vector<std::string>{"zeros"});
  options.rule = ScreenRule::by_missing_or_zeros;
  options.force_include = {"none"};
  options.force_exclude = {"full"};
  CHECK(screen_units(data, options).removed == std::vector<std::string>{"full", "half", "zeros"});
  options.force_include = {"nobody"};
  CHECK_THROWS_WITH_AS((void)screen_units(data, options), doctest::Contains("'nobody'"),
                       cchc::Error);
  options.force_include.clear();
  options.data_threshold = 1.5;
  CHECK_THROWS_AS((void)screen_units(data, options), cchc::Error);
}

TEST_CASE("Cronbach's alpha: pairwise-complete covariances equal complete units without gaps") {
  const Dataset complete =
      make_data({"1", "2", "3", "4"}, {"p", "q"}, {{1.0, 1.0}, {2.0, 3.0}, {3.0, 2.0}, {4.0, 5.0}});
  const std::vector<std::size_t> both{0, 1};
  CHECK(*cronbach_alpha(complete, both, AlphaMethod::pairwise) ==
        doctest::Approx(*cronbach_alpha(complete, both)));
  // Unit 5 has p only: complete units ignore it, pairwise uses it for var(p).
  const Dataset gap = make_data({"1", "2", "3", "4", "5"}, {"p", "q"},
                                {{1.0, 1.0}, {2.0, 3.0}, {3.0, 2.0}, {4.0, 5.0}, {10.0, NA}});
  // By hand: var(p) over all 5 units = 50/4 = 12.5; var(q) over 4 = 8.75/3; cov(p, q) over the
  // 4 units with both = 5.5/3; alpha = k²·mean(off-diagonal)/Σ entries.
  const double var_p = 12.5, var_q = 8.75 / 3.0, cov = 5.5 / 3.0;
  CHECK(*cronbach_alpha(gap, both, AlphaMethod::pairwise) ==
        doctest::Approx(4.0 * cov / (var_p + var_q + 2.0 * cov)));
  CHECK(*cronbach_alpha(gap, both) == doctest::Approx(*cronbach_alpha(complete, both)));
}

TEST_CASE("PCA weights: squared loadings sum to 1; signed loadings keep a negative child") {
  const IndexStructure index = make_index({{"I", ""}, {"a", "I"}, {"b", "I"}, {"c", "I"}});
  const Dataset data = make_data({"1", "2", "3", "4"}, {"I", "a", "b", "c"},
                                 {{0.0, 1.0, 2.0, 4.0},
                                  {0.0, 2.0, 3.9, 3.0},
                                  {0.0, 3.0, 6.1, 2.0},
                                  {0.0, 4.0, 8.0, 1.0}});
  const auto squared = pca_weights(data, index);
  CHECK(squared[1] + squared[2] + squared[3] == doctest::Approx(1.0));
  const auto signed_weights = pca_weights(data, index, PcaWeights::signed_loadings);
  CHECK(signed_weights[3] < 0.0);  // c falls as a and b rise
  CHECK(signed_weights[1] + signed_weights[2] + signed_weights[3] >= 0.0);
  for (std::size_t i = 1; i <= 3; ++i)
    CHECK(signed_weights[i] * signed_weights[i] == doctest::Approx(squared[i]));
}

TEST_CASE("Sobol': COINr's layout and estimator (raw outputs, n − 1 variance)") {
  const Eigen::MatrixXd salib = saltelli_sample(4, 2, 3);
  const Eigen::MatrixXd coinr = saltelli_sample(4, 2, 3, SobolEstimator::coinr);
  // Same A and B, other row order: SALib's block j is (A_j, A_B1_j, A_B2_j, B_j).
  for (Eigen::Index j = 0; j < 4; ++j) {
    CHECK(coinr.row(j) == salib.row(4 * j));          // A
    CHECK(coinr.row(4 + j) == salib.row(4 * j + 3));  // B
    CHECK(coinr.row(8 + j) == salib.row(4 * j + 1));  // A_B^(1)
    CHECK(coinr.row(12 + j) == salib.row(4 * j + 2));  // A_B^(2)
  }
  // N = 2, d = 1: f_A = (1, 2), f_B = (3, 5), f_AB = (3, 2) in COINr's order.
  Eigen::VectorXd y(6);
  y << 1.0, 2.0, 3.0, 5.0, 3.0, 2.0;
  const double variance = (std::pow(1 - 2.75, 2) + std::pow(2 - 2.75, 2) + std::pow(3 - 2.75, 2) +
                           std::pow(5 - 2.75, 2)) /
                          3.0;
  const auto indices = sobol_indices(y, 1, {}, SobolEstimator::coinr);
  CHECK(*indices[0].first_order == doctest::Approx((3.0 * 2.0 + 5.0 * 0.0) / 2.0 / variance));
  CHECK(*indices[0].total == doctest::Approx((4.0 + 0.0) / (2.0 * 2.0 * variance)));
}

TEST_CASE("sensitivity: the treatment as an input, scores per run, a replayed sample") {
  const IndexStructure index = two_leaves();
  std::vector<std::string> units;
  std::vector<std::vector<std::optional<double>>> rows;
  for (int i = 1; i <= 20; ++i) {
    units.push_back(std::string("U").append(std::to_string(i)));
    rows.push_back({static_cast<double>(i), static_cast<double>(21 - i) * 0.5});
  }
  units.emplace_back("X1");
  rows.push_back({55.0, 3.0});
  units.emplace_back("X2");
  rows.push_back({65.0, 4.0});
  CompositeData data{make_data(units, {"a", "b"}, rows), {}, {}};
  SensitivitySpec spec;
  spec.nominal.treat = TreatOptions{};
  TreatOptions one;
  one.max_winsorised = 1;
  spec.treatment = {one, TreatOptions{}};  // column a needs two clips: one clip logs it
  spec.aggregation = {Method::arithmetic, Method::minimum};
  CHECK(sensitivity_inputs(spec) == std::vector<std::string>{"treatment", "aggregation"});
  Eigen::MatrixXd points(8, 2);
  points << 0.1, 0.1, 0.9, 0.1, 0.1, 0.9, 0.9, 0.9, 0.1, 0.1, 0.9, 0.1, 0.1, 0.9, 0.9, 0.9;
  const SensitivityResult result = run_sensitivity(data, index, spec, points);
  REQUIRE(result.runs.scores.rows() == 8);
  for (Eigen::Index run = 0; run < 8; ++run) {
    PipelineSpec direct = spec.nominal;
    direct.treat = points(run, 0) < 0.5 ? one : TreatOptions{};
    direct.aggregation = points(run, 1) < 0.5 ? Method::arithmetic : Method::minimum;
    const PipelineResult expected = run_pipeline(data, index, direct);
    for (std::size_t u = 0; u < units.size(); ++u)
      CHECK(result.runs.scores(run, static_cast<Eigen::Index>(u)) ==
            doctest::Approx(*expected.aggregated.value(u, 0)).epsilon(1e-12));
  }
  CHECK(result.runs.scores(0, 20) != doctest::Approx(result.runs.scores(1, 20)));
  Eigen::MatrixXd outside = points;
  outside(3, 1) = 1.5;
  CHECK_THROWS_WITH_AS((void)run_sensitivity(data, index, spec, outside),
                       doctest::Contains("point 4, input 'aggregation'"), cchc::Error);
  CHECK_THROWS_AS((void)run_sensitivity(data, index, spec, points.topRows(6)), cchc::Error);
}

TEST_CASE("bad input is never silent: warnings, zero weights, cycles naming their rows") {
  const IndexStructure index = two_leaves();
  CompositeData data{make_data({"A", "B", "C"}, {"a", "b"}, {{NA, 2.0}, {NA, 2.0}, {NA, 2.0}}),
                     {},
                     {}};
  const PipelineResult result = run_pipeline(data, index, PipelineSpec{});
  REQUIRE(result.warnings.size() == 2);
  CHECK(result.warnings[0].find("'a' has no value") != std::string::npos);
  CHECK(result.warnings[1].find("'b' has the same value (2) for all 3 units") != std::string::npos);
  CHECK(result.warnings[1].find("middle of the range, 50") != std::string::npos);
  CHECK(*result.aggregated.value(0, 0) == 50.0);  // from b alone: what the warning says
  // The same warnings as codes (written in Vietnamese by cchc.messages).
  REQUIRE(result.warning_messages.size() == 2);
  CHECK(result.warning_messages[0].code == "composite.no_value");
  CHECK(result.warning_messages[1].code == "composite.constant.middle");
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(cchc::score::english(result.warning_messages[i]) == result.warnings[i]);
  }
  // A column the treatment cannot test (two values: no skew or kurtosis).
  CompositeData few{make_data({"A", "B", "C"}, {"a", "b"}, {{1.0, 2.0}, {3.0, 5.0}, {NA, 9.0}}),
                    {},
                    {}};
  PipelineSpec treat;
  treat.treat = TreatOptions{};
  const PipelineResult treated = run_pipeline(few, index, treat);
  REQUIRE(treated.warning_messages.size() == 1);
  CHECK(treated.warning_messages[0].code == "composite.treatment_few_values");
  CHECK(treated.warnings[0] ==
        "treatment of 'a': only 2 values: skew and kurtosis undefined, left as it is");
  // Zero weights for every child of a node: refused like an iMeta with them.
  PipelineSpec zero;
  zero.weights = {1.0, 0.0, 0.0};
  CHECK_THROWS_WITH_AS((void)run_pipeline(data, index, zero),
                       doctest::Contains("children of 'I' (a, b) sum to zero"), cchc::Error);
  const std::vector<std::pair<std::string, double>> manual{{"a", 0.0}, {"b", 0.0}};
  CHECK_THROWS_AS((void)manual_weights(index, manual), cchc::Error);
  // A parent cycle names every row of it.
  const std::string meta =
      "Level,iCode,Direction,Weight,Parent,Type\n"
      "1,x,1,1,P,Indicator\n"
      "2,P,1,1,Q,Aggregate\n"
      "3,Q,1,1,R,Aggregate\n"
      "3,R,1,1,P,Aggregate\n";
  CHECK_THROWS_WITH_AS((void)cchc::io::parse_imeta(meta, "m.csv"),
                       doctest::Contains("cycle: P (line 3) → Q (line 4) → R (line 5) → P"),
                       cchc::ParseError);
  const std::string toml =
      "[[node]]\ncode = \"A\"\nparent = \"B\"\n\n[[node]]\ncode = \"B\"\nparent = \"A\"\n";
  CHECK_THROWS_WITH_AS((void)cchc::io::parse_index_toml(toml, "c.toml"),
                       doctest::Contains("cycle: A (line 1) → B (line 5) → A"),
                       cchc::ParseError);
}
