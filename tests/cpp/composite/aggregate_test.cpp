#include <doctest/doctest.h>

#include <cmath>

#include "cchc/composite/stats.hpp"
#include "cchc/composite/steps.hpp"
#include "composite_support.hpp"

using namespace cchc::composite;
using composite_test::make_data;
using composite_test::make_index;

namespace {

const std::optional<double> NA = std::nullopt;

IndexStructure pair_index(Method method, double weight_a = 1.0, double weight_b = 1.0,
                          std::optional<double> share = std::nullopt) {
  NodeSettings root;
  root.aggregation = method;
  root.max_missing_share = share;
  NodeSettings a, b;
  a.weight = weight_a;
  b.weight = weight_b;
  return make_index({{"I", "", root}, {"a", "I", a}, {"b", "I", b}});
}

double aggregate_one(Method method, double a, double b, double weight_a = 1.0) {
  const Dataset data = make_data({"U"}, {"a", "b"}, {{a, b}});
  return *aggregate(data, pair_index(method, weight_a)).value(0, 0);
}

}  // namespace

TEST_CASE("aggregation methods on hand-checkable values") {
  CHECK(aggregate_one(Method::arithmetic, 4.0, 1.0) == doctest::Approx(2.5));
  CHECK(aggregate_one(Method::arithmetic, 4.0, 1.0, 3.0) == doctest::Approx(3.25));
  CHECK(aggregate_one(Method::geometric, 4.0, 1.0) == doctest::Approx(2.0));
  CHECK(aggregate_one(Method::geometric, 4.0, 1.0, 3.0) == doctest::Approx(std::pow(4.0, 0.75)));
  CHECK(aggregate_one(Method::harmonic, 4.0, 1.0) == doctest::Approx(1.6));
  CHECK(aggregate_one(Method::minimum, 4.0, 1.0) == doctest::Approx(1.0));
  // M = 2.5, S = 1.5 (population), MPI = M − S²/M = 1.6.
  CHECK(aggregate_one(Method::mazziotta_pareto, 4.0, 1.0) == doctest::Approx(1.6));
  CHECK(aggregate_one(Method::mazziotta_pareto, 3.0, 3.0) == doctest::Approx(3.0));
}

TEST_CASE("geometric and harmonic means refuse values ≤ 0, naming unit and node") {
  CHECK_THROWS_WITH_AS((void)aggregate_one(Method::geometric, 0.0, 1.0),
                       doctest::Contains("unit 'U'"), cchc::Error);
  CHECK_THROWS_WITH_AS((void)aggregate_one(Method::harmonic, -1.0, 1.0),
                       doctest::Contains("node 'I'"), cchc::Error);
}

TEST_CASE("missing children: weights renormalised, max missing share per node") {
  const Dataset data =
      make_data({"full", "half", "none"}, {"a", "b"}, {{2.0, 4.0}, {2.0, NA}, {NA, NA}});
  const Dataset lenient = aggregate(data, pair_index(Method::arithmetic, 1.0, 1.0, 0.5));
  CHECK(*lenient.value(0, 0) == doctest::Approx(3.0));
  CHECK(*lenient.value(1, 0) == doctest::Approx(2.0));
  CHECK_FALSE(lenient.value(2, 0).has_value());
  const Dataset strict = aggregate(data, pair_index(Method::arithmetic, 1.0, 1.0, 0.0));
  CHECK(strict.value(0, 0).has_value());
  CHECK_FALSE(strict.value(1, 0).has_value());
  // The aggregated dataset keeps the leaves and their missing entries.
  CHECK(strict.columns == std::vector<std::string>{"I", "a", "b"});
  CHECK_FALSE(strict.value(1, 2).has_value());
}

TEST_CASE("benefit of the doubt solves one LP per unit") {
  Eigen::MatrixXd y(4, 2);
  y << 1.0, 0.0, 0.0, 1.0, 0.5, 0.5, 0.4, 0.4;
  const Eigen::VectorXd scores = benefit_of_doubt(y);
  CHECK(scores(0) == doctest::Approx(1.0));
  CHECK(scores(1) == doctest::Approx(1.0));
  CHECK(scores(2) == doctest::Approx(1.0));
  CHECK(scores(3) == doctest::Approx(0.8));  // w1 + w2 ≤ 2 from unit 3's constraint
  // Dominated unit: (1, 1) vs (2, 1) and (1, 2): max w1 + w2 s.t. 2w1 + w2 ≤ 1, w1 + 2w2 ≤ 1 → 2/3.
  Eigen::MatrixXd z(3, 2);
  z << 2.0, 1.0, 1.0, 2.0, 1.0, 1.0;
  CHECK(benefit_of_doubt(z)(2) == doctest::Approx(2.0 / 3.0));
  const Dataset data =
      make_data({"A", "B", "C", "D"}, {"a", "b"}, {{1.0, 0.0}, {0.0, 1.0}, {0.5, 0.5}, {0.4, 0.4}});
  CHECK(*aggregate(data, pair_index(Method::benefit_of_doubt)).value(3, 0) == doctest::Approx(0.8));
}

TEST_CASE("ranks with ties and bands") {
  const Dataset data =
      make_data({"a", "b", "c", "d", "e"}, {"s"}, {{5.0}, {7.0}, {7.0}, {NA}, {1.0}});
  const auto ranks = rank_units(data, "s");
  CHECK(ranks[0] == 3u);
  CHECK(ranks[1] == 1u);
  CHECK(ranks[2] == 1u);
  CHECK_FALSE(ranks[3].has_value());
  CHECK(ranks[4] == 4u);
  const std::vector<double> thresholds{2.0, 6.0};
  const std::vector<std::string> labels{"low", "mid", "high"};
  const auto banded = bands(data, "s", thresholds, labels);
  CHECK(banded[0] == "mid");
  CHECK(banded[1] == "high");
  CHECK_FALSE(banded[3].has_value());
  CHECK(banded[4] == "low");
  const std::vector<std::string> too_few{"x"};
  CHECK_THROWS_AS((void)bands(data, "s", thresholds, too_few), cchc::Error);
}

TEST_CASE("denomination divides by the denominator; missing and zero denominators") {
  NodeSettings a;
  a.denominator = "pop";
  const IndexStructure index = make_index({{"I", "", {}}, {"a", "I", a}, {"b", "I", {}}});
  CompositeData data;
  data.indicators = make_data({"U1", "U2"}, {"a", "b"}, {{10.0, 3.0}, {8.0, 5.0}});
  data.denominators = make_data({"U1", "U2"}, {"pop"}, {{2.0}, {NA}});
  data.validate(index);
  const Dataset out = denominate(data, index, 1000.0);
  CHECK(*out.value(0, 0) == doctest::Approx(5000.0));
  CHECK_FALSE(out.value(1, 0).has_value());  // missing denominator → missing, not zero
  CHECK(*out.value(1, 1) == 5.0);            // no denominator: unchanged
  data.denominators.set(1, 0, 0.0);
  CHECK_THROWS_WITH_AS((void)denominate(data, index), doctest::Contains("unit 'U2', indicator 'a'"),
                       cchc::Error);
}

TEST_CASE("weights: equal, manual, PCA, optimised to target importance") {
  const IndexStructure index =
      make_index({{"I", "", {}}, {"a", "I", {}}, {"b", "I", {}}, {"c", "I", {}}});
  CHECK(equal_weights(index) == std::vector<double>{1.0, 1.0, 1.0, 1.0});
  const std::vector<std::pair<std::string, double>> manual{{"b", 3.0}};
  CHECK(manual_weights(index, manual)[2] == 3.0);
  const std::vector<std::pair<std::string, double>> unknown{{"zz", 3.0}};
  CHECK_THROWS_AS((void)manual_weights(index, unknown), cchc::Error);
  // a and b identical, c uncorrelated with both: the first component is (1, 1, 0)/√2.
  const Dataset data =
      make_data({"1", "2", "3", "4"}, {"a", "b", "c"},
                {{1.0, 1.0, 1.0}, {2.0, 2.0, -1.0}, {3.0, 3.0, -1.0}, {4.0, 4.0, 1.0}});
  const Dataset aggregated = aggregate(data, index);
  const std::vector<double> pca = pca_weights(aggregated, index);
  CHECK(pca[1] == doctest::Approx(0.5));
  CHECK(pca[2] == doctest::Approx(0.5));
  CHECK(pca[3] == doctest::Approx(0.0).epsilon(1e-9));
  // Optimised: a spread-out child dominates an equal-weight mean; equal targets pull the
  // correlations together.
  const IndexStructure pair = pair_index(Method::arithmetic);
  const Dataset skewed =
      make_data({"1", "2", "3", "4", "5"}, {"a", "b"},
                {{0.0, 3.0}, {10.0, 1.0}, {20.0, 4.0}, {30.0, 2.0}, {40.0, 5.0}});
  const std::vector<double> targets{1.0, 1.0};
  const OptimisedWeights optimised = optimise_weights(skewed, pair, "I", targets);
  CHECK(optimised.converged);
  CHECK(optimised.correlations[1] == doctest::Approx(optimised.correlations[2]).epsilon(1e-3));
  CHECK(optimised.weights[2] > optimised.weights[1]);
}
