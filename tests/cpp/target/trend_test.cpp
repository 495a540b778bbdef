#include "cchc/target/trend.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "support.hpp"

using namespace cchc::target;
using cchc::test::d;

namespace {

// At least 98 % by 2026-12-31; series from 2024-12-31 (90) to 2025-12-31.
Target rate_target() {
  Target target;
  target.indicator = "on_time_rate";
  target.comparator = Comparator::at_least;
  target.value = 98.0;
  target.deadline = StatedDeadline::from_text("Năm 2026", 2026);
  return target;
}

std::vector<Observation> two_points(double first, double last) {
  return {{d(2024, 12, 31), first}, {d(2025, 12, 31), last}};
}

}  // namespace

TEST_CASE("trend (SDG Index, linear): required against observed annual gain") {
  const Target target = rate_target();
  // Observed 1 year (365 days), required 2 years (730 days): ratio = (last − 90) / 4.
  const Trend moderate = trend(target, two_points(90.0, 93.0));
  CHECK(*moderate.observed_gain == doctest::Approx(3.0 * 365.25 / 365.0));
  CHECK(*moderate.required_gain == doctest::Approx(8.0 * 365.25 / 730.0));
  CHECK(*moderate.ratio == doctest::Approx(0.75));
  CHECK(moderate.category == TrendCategory::moderately_improving);
  CHECK(moderate.on_track_threshold == 1.0);
  CHECK(moderate.moderate_threshold == 0.5);

  CHECK(trend(target, two_points(90.0, 95.0)).category == TrendCategory::on_track);
  CHECK(trend(target, two_points(90.0, 91.0)).category == TrendCategory::stagnating);
  CHECK(trend(target, two_points(90.0, 90.0)).category == TrendCategory::stagnating);
  CHECK(trend(target, two_points(90.0, 89.0)).category == TrendCategory::decreasing);
  const Trend achieved = trend(target, two_points(90.0, 98.0));
  CHECK(achieved.category == TrendCategory::achieved);
  CHECK(achieved.explanation.find("meets the level 98") != std::string::npos);
}

TEST_CASE("trend: lower is better") {
  Target target = rate_target();
  target.comparator = Comparator::at_most;
  target.value = 17.0;  // days, from 20
  const Trend improving = trend(target, two_points(20.0, 18.8));
  CHECK(*improving.observed_gain > 0.0);  // direction-signed: a fall is a gain
  CHECK(*improving.ratio == doctest::Approx(0.8));
  CHECK(improving.category == TrendCategory::moderately_improving);
  CHECK(trend(target, two_points(20.0, 21.0)).category == TrendCategory::decreasing);
  CHECK(trend(target, two_points(20.0, 16.0)).category == TrendCategory::achieved);
}

TEST_CASE("trend (Open SDG): compound growth ratio and its own thresholds") {
  const Target target = rate_target();
  TrendOptions open_sdg;
  open_sdg.method = TrendMethod::open_sdg;
  // 93.9 after one year: linear ratio 0.975 (below 1: moderately improving), CAGR ratio ≈ 0.996
  // (at least 0.95: on track).
  CHECK(trend(target, two_points(90.0, 93.9)).category == TrendCategory::moderately_improving);
  const Trend compound = trend(target, two_points(90.0, 93.9), open_sdg);
  const double observed = std::pow(93.9 / 90.0, 365.25 / 365.0) - 1.0;
  const double required = std::pow(98.0 / 90.0, 365.25 / 730.0) - 1.0;
  CHECK(*compound.observed_gain == doctest::Approx(observed));
  CHECK(*compound.required_gain == doctest::Approx(required));
  CHECK(*compound.ratio == doctest::Approx(observed / required));
  CHECK(compound.on_track_threshold == 0.95);
  CHECK(compound.moderate_threshold == 0.60);
  CHECK(compound.category == TrendCategory::on_track);
  // 92: ratio ≈ 0.51 → limited progress (stagnating) under Open SDG.
  CHECK(trend(target, two_points(90.0, 92.0), open_sdg).category == TrendCategory::stagnating);
  // Growth rates need positive values.
  const Trend zero = trend(target, two_points(0.0, 50.0), open_sdg);
  CHECK(zero.category == TrendCategory::not_applicable);
  CHECK(zero.explanation.find("positive") != std::string::npos);
  // Thresholds are configurable.
  open_sdg.on_track = 1.0;
  CHECK(trend(target, two_points(90.0, 93.9), open_sdg).category ==
        TrendCategory::moderately_improving);
}

TEST_CASE("trend: edge cases are not applicable with a reason") {
  const Target target = rate_target();
  CHECK(trend(target, {}).category == TrendCategory::not_applicable);
  const std::vector<Observation> one{{d(2025, 12, 31), 91.0}};
  const Trend single = trend(target, one);
  CHECK(single.category == TrendCategory::not_applicable);
  CHECK(single.explanation.find("at least two observations, has 1") != std::string::npos);
  CHECK_FALSE(single.projection);
  const std::vector<Observation> duplicate{{d(2025, 1, 1), 91.0}, {d(2025, 1, 1), 92.0}};
  CHECK(trend(target, duplicate).category == TrendCategory::not_applicable);

  Target relative = target;
  relative.value.reset();
  relative.change_percent = 5.0;
  CHECK(trend(relative, two_points(90.0, 93.0)).category == TrendCategory::not_applicable);

  Target no_deadline = target;
  no_deadline.deadline = StatedDeadline::from_text("khi có yêu cầu", 2026);
  CHECK(trend(no_deadline, two_points(90.0, 93.0)).category == TrendCategory::not_applicable);

  Target past = target;
  past.deadline = StatedDeadline::from_text("Năm 2024", 2024);  // ends 2024-12-31 = first point
  CHECK(trend(past, two_points(90.0, 93.0)).category == TrendCategory::not_applicable);

  // Met at the first observation, not at the latest: falling away from the level.
  const Trend fell = trend(target, two_points(99.0, 97.0));
  CHECK(fell.category == TrendCategory::decreasing);
  CHECK(fell.explanation.find("met at the first observation") != std::string::npos);
}

TEST_CASE("trend: unsorted input and the projection") {
  const Target target = rate_target();
  const std::vector<Observation> unsorted{{d(2025, 12, 31), 92.0}, {d(2024, 12, 31), 90.0}};
  const Trend result = trend(target, unsorted);
  CHECK(*result.ratio == doctest::Approx(0.5));
  // Line through (0, 90) and (365, 92) at day 730: 94.
  CHECK(*result.projection == doctest::Approx(94.0));
  CHECK(result.projected_met == false);
  CHECK(result.explanation.find("linear projection to 2026-12-31: 94") != std::string::npos);
}

TEST_CASE("linear_projection: least squares through all points") {
  const std::vector<Observation> points{
      {d(2026, 1, 1), 1.0}, {d(2026, 1, 2), 3.0}, {d(2026, 1, 3), 2.0}};
  // x = 0, 1, 2; slope 0.5, mean (1, 2): at x = 4 the line gives 3.5.
  CHECK(*linear_projection(points, d(2026, 1, 5)) == doctest::Approx(3.5));
  CHECK(*linear_projection(points, d(2026, 1, 2)) == doctest::Approx(2.0));
  CHECK_FALSE(linear_projection(std::span(points).first(1), d(2026, 1, 5)));
  const std::vector<Observation> same_day{{d(2026, 1, 1), 1.0}, {d(2026, 1, 1), 3.0}};
  CHECK_FALSE(linear_projection(same_day, d(2026, 1, 5)));
}

TEST_CASE("trend keys") {
  CHECK(trend_method_from_key("open_sdg") == TrendMethod::open_sdg);
  CHECK(trend_category_from_key(to_string(TrendCategory::moderately_improving)) ==
        TrendCategory::moderately_improving);
  CHECK_FALSE(trend_method_from_key("cagr"));
}

TEST_CASE("trend: a projected percentage is capped at 100") {
  Target target;
  target.id = "T";
  target.indicator = "online_rate";
  target.value = 95.0;
  target.unit = ValueUnit::percent;
  target.deadline = StatedDeadline::from_text("Năm 2026", 2026);
  const std::vector<Observation> steep = {{cchc::test::d(2025, 12, 31), 60.0},
                                          {cchc::test::d(2026, 6, 30), 90.0}};
  const Trend rising = trend(target, steep);
  REQUIRE(rising.projection);
  CHECK(*rising.projection == 100.0);  // the straight line would give about 120
  CHECK(rising.explanation.find("capped to 0–100 %") != std::string::npos);
  CHECK(*rising.projected_met);
  // A count is not capped.
  target.unit = ValueUnit::count;
  CHECK(*trend(target, steep).projection > 100.0);
  // Nor is a projection inside the range touched.
  target.unit = ValueUnit::percent;
  const std::vector<Observation> gentle = {{cchc::test::d(2025, 12, 31), 80.0},
                                           {cchc::test::d(2026, 6, 30), 85.0}};
  CHECK(*trend(target, gentle).projection < 100.0);
  CHECK(trend(target, gentle).explanation.find("capped") == std::string::npos);
}
