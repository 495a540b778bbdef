#include <doctest/doctest.h>

#include <cmath>

#include "cchc/composite/steps.hpp"
#include "composite_support.hpp"

using namespace cchc::composite;
using composite_test::make_data;
using composite_test::make_index;

namespace {

const std::optional<double> NA = std::nullopt;

IndexStructure two_indicators() {
  NodeSettings x;
  x.goalposts = Goalposts{0.0, 5.0, false, true};
  x.target = 3.0;
  NodeSettings y;
  y.direction = -1;
  y.target = 15.0;
  return make_index({{"I", "", {}}, {"x", "I", x}, {"y", "I", y}});
}

Dataset sample() {
  return make_data({"U1", "U2", "U3"}, {"x", "y"}, {{1.0, 10.0}, {2.0, 20.0}, {4.0, NA}});
}

NormaliseSpec spec(NormaliseMethod method, double lower = 0.0, double upper = 100.0) {
  NormaliseSpec s;
  s.method = method;
  s.lower = lower;
  s.upper = upper;
  return s;
}

}  // namespace

TEST_CASE("min-max to any range, with direction, missing stays missing") {
  const Dataset out =
      normalise(sample(), two_indicators(), spec(NormaliseMethod::min_max, 1.0, 10.0));
  CHECK(out.value(0, 0) == doctest::Approx(1.0));
  CHECK(*out.value(1, 0) == doctest::Approx(1.0 + 9.0 / 3.0));
  CHECK(out.value(2, 0) == doctest::Approx(10.0));
  CHECK(out.value(0, 1) == doctest::Approx(10.0));  // y: less is better
  CHECK(out.value(1, 1) == doctest::Approx(1.0));
  CHECK_FALSE(out.value(2, 1).has_value());
}

TEST_CASE("z-score uses the sample standard deviation and direction") {
  NormaliseSpec s = spec(NormaliseMethod::z_score);
  s.mean = 100.0;
  s.sd = 10.0;
  const Dataset out = normalise(sample(), two_indicators(), s);
  const double sd = std::sqrt(42.0 / 18.0);
  CHECK(*out.value(0, 0) == doctest::Approx(100.0 + 10.0 * (1.0 - 7.0 / 3.0) / sd));
  // y = 10, 20: mean 15, sd √50; direction −1 flips the sign.
  CHECK(*out.value(0, 1) == doctest::Approx(100.0 + 10.0 * 5.0 / std::sqrt(50.0)));
}

TEST_CASE("goalposts clip at the posts when truncating, and need posts") {
  const Dataset data = make_data({"U1", "U2", "U3"}, {"x"}, {{1.0}, {2.0}, {6.0}});
  const Dataset out =
      normalise(data, two_indicators(), spec(NormaliseMethod::goalposts, 0.0, 100.0));
  CHECK(*out.value(0, 0) == doctest::Approx(20.0));
  CHECK(*out.value(1, 0) == doctest::Approx(40.0));
  CHECK(*out.value(2, 0) == doctest::Approx(100.0));  // 6 > upper post 5
  // y has no goalposts: the error names the indicator.
  CHECK_THROWS_WITH_AS((void)normalise(make_data({"U1"}, {"y"}, {{1.0}}), two_indicators(),
                                       spec(NormaliseMethod::goalposts)),
                       doctest::Contains("indicator 'y'"), cchc::Error);
}

TEST_CASE("rank and percentile average ties and follow direction") {
  const Dataset ranks = normalise(sample(), two_indicators(), spec(NormaliseMethod::rank));
  CHECK(*ranks.value(0, 0) == 1.0);
  CHECK(*ranks.value(2, 0) == 3.0);
  CHECK(*ranks.value(0, 1) == 2.0);  // y = 10 is the better of 10 and 20
  CHECK(*ranks.value(1, 1) == 1.0);
  const Dataset tied = normalise(make_data({"a", "b", "c"}, {"x"}, {{1.0}, {5.0}, {5.0}}),
                                 two_indicators(), spec(NormaliseMethod::percentile));
  CHECK(*tied.value(0, 0) == 0.0);
  CHECK(*tied.value(1, 0) == doctest::Approx(75.0));  // average rank 2.5 → 1.5/2
  CHECK(*tied.value(2, 0) == doctest::Approx(75.0));
}

TEST_CASE("distance to target caps at the target; distance to best is a fraction of the best") {
  const Dataset target =
      normalise(sample(), two_indicators(), spec(NormaliseMethod::distance_to_target));
  CHECK(*target.value(0, 0) == doctest::Approx(0.0));
  CHECK(*target.value(1, 0) == doctest::Approx(50.0));
  CHECK(*target.value(2, 0) == doctest::Approx(100.0));  // 4 ≥ target 3
  CHECK(*target.value(0, 1) == doctest::Approx(100.0));  // y = 10 ≤ target 15 (less is better)
  CHECK(*target.value(1, 1) == doctest::Approx(0.0));    // worst unit
  const Dataset best =
      normalise(sample(), two_indicators(), spec(NormaliseMethod::distance_to_best));
  CHECK(*best.value(0, 0) == doctest::Approx(25.0));
  CHECK(*best.value(1, 1) == doctest::Approx(50.0));  // best y is 10: 10/20
}

TEST_CASE("Box-Cox: log at lambda 0, power otherwise, needs positive values") {
  NormaliseSpec s = spec(NormaliseMethod::box_cox);
  s.lambda = 0.0;
  CHECK(*normalise(sample(), two_indicators(), s).value(2, 0) == doctest::Approx(std::log(4.0)));
  s.lambda = 2.0;
  CHECK(*normalise(sample(), two_indicators(), s).value(2, 0) == doctest::Approx(7.5));
  CHECK_THROWS_WITH_AS((void)normalise(make_data({"U1"}, {"x"}, {{0.0}}), two_indicators(), s),
                       doctest::Contains("unit 'U1'"), cchc::Error);
}

TEST_CASE("normalisation edges: constant column, all missing, one unit") {
  const IndexStructure index = two_indicators();
  const Dataset constant =
      make_data({"a", "b", "c"}, {"x", "y"}, {{2.0, NA}, {2.0, NA}, {2.0, NA}});
  const Dataset minmax = normalise(constant, index, spec(NormaliseMethod::min_max));
  CHECK(*minmax.value(0, 0) == 50.0);
  CHECK_FALSE(minmax.available.col(1).any());  // all missing stays all missing
  NormaliseSpec z = spec(NormaliseMethod::z_score);
  z.mean = 7.0;
  CHECK(*normalise(constant, index, z).value(1, 0) == 7.0);
  CHECK(*normalise(constant, index, spec(NormaliseMethod::rank)).value(2, 0) == 2.0);
  CHECK(*normalise(constant, index, spec(NormaliseMethod::percentile)).value(2, 0) == 50.0);
  CHECK(*normalise(constant, index, spec(NormaliseMethod::distance_to_best)).value(2, 0) == 100.0);
  const Dataset one = make_data({"only"}, {"x", "y"}, {{3.0, 4.0}});
  for (NormaliseMethod method : {NormaliseMethod::min_max, NormaliseMethod::percentile}) {
    const Dataset out = normalise(one, index, spec(method));
    CHECK(*out.value(0, 0) == 50.0);
    CHECK(*out.value(0, 1) == 50.0);
  }
  CHECK(*normalise(one, index, spec(NormaliseMethod::rank)).value(0, 0) == 1.0);
  CHECK(*normalise(one, index, spec(NormaliseMethod::z_score)).value(0, 0) == 0.0);
  CHECK(*normalise(make_data({"only"}, {"x"}, {{3.0}}), index, spec(NormaliseMethod::goalposts))
             .value(0, 0) == doctest::Approx(60.0));
}
