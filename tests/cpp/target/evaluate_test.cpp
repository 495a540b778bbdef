#include "cchc/target/evaluate.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "support.hpp"

using namespace cchc::target;
using cchc::test::d;

namespace {

// "Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 98% (năm 2025: 90%)", deadline "Năm 2026".
Target on_time_target() {
  Target target;
  target.id = "T01";
  target.indicator = "on_time_rate";
  target.comparator = Comparator::at_least;
  target.value = 98.0;
  target.unit = ValueUnit::percent;
  target.baseline = 90.0;
  target.baseline_year = 2025;
  target.deadline = StatedDeadline::from_text("Năm 2026", 2026);
  return target;
}

// "Giảm tối thiểu 15% thời gian giải quyết so với năm 2025 (20 ngày)", before 01/12/2026.
Target processing_days_target() {
  Target target;
  target.id = "T02";
  target.indicator = "processing_days";
  target.comparator = Comparator::at_most;
  target.change_percent = -15.0;
  target.unit = ValueUnit::days;
  target.baseline = 20.0;
  target.baseline_year = 2025;
  target.deadline = StatedDeadline::from_text("Trước ngày 01/12/2026", 2026);
  return target;
}

EvaluateOptions starting(cchc::Date period_start) {
  EvaluateOptions options;
  options.period_start = period_start;
  return options;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("meets: each comparator, on and off the level") {
  CHECK(meets(Comparator::at_least, 98.0, 98.0));
  CHECK(meets(Comparator::at_least, 99.0, 98.0));
  CHECK_FALSE(meets(Comparator::at_least, 97.9, 98.0));
  CHECK(meets(Comparator::at_most, 17.0, 17.0));
  CHECK(meets(Comparator::at_most, 16.0, 17.0));
  CHECK_FALSE(meets(Comparator::at_most, 17.1, 17.0));
  CHECK(meets(Comparator::exactly, 100.0, 100.0));
  CHECK_FALSE(meets(Comparator::exactly, 99.9, 100.0));
  CHECK_FALSE(meets(Comparator::exactly, 100.1, 100.0));
  CHECK(meets(Comparator::exactly, 99.95, 100.0, 0.1));
}

TEST_CASE("evaluate: absolute at_least target, higher is better, each status") {
  const Target target = on_time_target();
  // 2026-07-02 is day 183 of the 365-day period 2026-01-01 … 2026-12-31.
  const auto at = d(2026, 7, 2);
  const double elapsed = 183.0 / 365.0;

  const Evaluation on_track = evaluate(target, 94.0, at);
  CHECK(on_track.level == doctest::Approx(98.0));
  CHECK(on_track.met == false);
  CHECK(*on_track.gap == doctest::Approx(4.0));
  CHECK(*on_track.progress == doctest::Approx(0.5));  // (94 − 90) / (98 − 90)
  CHECK(*on_track.elapsed == doctest::Approx(elapsed));
  CHECK(on_track.start == d(2026, 1, 1));
  CHECK(on_track.due == d(2026, 12, 31));
  CHECK(on_track.status == TargetStatus::on_track);
  CHECK(contains(on_track.explanation, "on track"));
  CHECK(contains(on_track.explanation, "(94 − 90) / (98 − 90)"));

  const Evaluation at_risk = evaluate(target, 93.0, at);  // progress 0.375 ≥ elapsed − 0.20
  CHECK(*at_risk.progress == doctest::Approx(0.375));
  CHECK(at_risk.status == TargetStatus::at_risk);

  const Evaluation off_track = evaluate(target, 92.0, at);  // progress 0.25 < elapsed − 0.20
  CHECK(off_track.status == TargetStatus::off_track);

  const Evaluation achieved = evaluate(target, 98.0, at);
  CHECK(achieved.met == true);
  CHECK(*achieved.gap == 0.0);
  CHECK(*achieved.progress == 1.0);
  CHECK(achieved.status == TargetStatus::achieved);

  CHECK(*evaluate(target, 99.5, at).progress == 1.0);  // clamped above
  const Evaluation below_baseline = evaluate(target, 85.0, at);
  CHECK(*below_baseline.progress == 0.0);  // clamped below
  CHECK(*below_baseline.gap == doctest::Approx(13.0));
  CHECK(contains(below_baseline.explanation, "= 0% (clamped from -62.5%)"));
}

TEST_CASE("evaluate: relative at_most target, lower is better") {
  const Target target = processing_days_target();
  REQUIRE(target.level());
  CHECK(*target.level() == doctest::Approx(17.0));  // 20 × (1 − 15 %)
  CHECK(target.direction() == -1);
  // Elapsed: 2026-01-01 … 2026-11-30 is 334 days; 2026-06-01 is day 152.
  const auto at = d(2026, 6, 1);
  const Evaluation halfway = evaluate(target, 18.5, at);
  CHECK(*halfway.progress == doctest::Approx(0.5));  // (18.5 − 20) / (17 − 20)
  CHECK(*halfway.gap == doctest::Approx(1.5));
  CHECK(*halfway.elapsed == doctest::Approx(152.0 / 334.0));
  CHECK(halfway.status == TargetStatus::on_track);
  CHECK(contains(halfway.explanation, "baseline 20 × (1 + -15%)"));

  const Evaluation worse = evaluate(target, 21.0, at);
  CHECK(*worse.progress == 0.0);
  CHECK(*worse.gap == doctest::Approx(4.0));
  CHECK(worse.status == TargetStatus::off_track);

  const Evaluation done = evaluate(target, 16.0, at);
  CHECK(done.met == true);
  CHECK(done.status == TargetStatus::achieved);
  CHECK(*done.progress == 1.0);
}

TEST_CASE("evaluate: relative at_least target (increase by 20 %)") {
  Target target = on_time_target();
  target.value.reset();
  target.change_percent = 20.0;
  target.baseline = 50.0;
  target.unit = ValueUnit::count;
  CHECK(*target.level() == doctest::Approx(60.0));
  const Evaluation evaluation = evaluate(target, 55.0, d(2026, 7, 2));
  CHECK(*evaluation.progress == doctest::Approx(0.5));
  CHECK(*evaluation.gap == doctest::Approx(5.0));
}

TEST_CASE("evaluate: exactly target from either side") {
  Target target = on_time_target();
  target.comparator = Comparator::exactly;
  target.value = 100.0;
  target.baseline = 80.0;
  CHECK(target.direction() == 1);  // derived from the baseline's side
  const auto at = d(2026, 7, 2);
  const Evaluation below = evaluate(target, 90.0, at);
  CHECK(below.met == false);
  CHECK(*below.gap == doctest::Approx(10.0));
  CHECK(*below.progress == doctest::Approx(0.5));  // 1 − |90 − 100| / |80 − 100|
  const Evaluation above = evaluate(target, 110.0, at);
  CHECK(above.met == false);
  CHECK(*above.gap == doctest::Approx(10.0));
  CHECK(*above.progress == doctest::Approx(0.5));
  CHECK(evaluate(target, 100.0, at).status == TargetStatus::achieved);
}

TEST_CASE("evaluate: edge cases") {
  const auto at = d(2026, 7, 2);

  SUBCASE("missing value: not applicable, nothing invented") {
    const Evaluation evaluation = evaluate(on_time_target(), std::nullopt, at);
    CHECK(evaluation.status == TargetStatus::not_applicable);
    CHECK_FALSE(evaluation.met);
    CHECK_FALSE(evaluation.gap);
    CHECK_FALSE(evaluation.progress);
    CHECK(contains(evaluation.explanation, "no value for 'on_time_rate'"));
  }
  SUBCASE("no baseline: below the level is not met (chưa đạt) with the gap") {
    Target target = on_time_target();
    target.baseline.reset();
    const Evaluation short_of = evaluate(target, 95.0, at);
    CHECK(short_of.met == false);
    CHECK(*short_of.gap == doctest::Approx(3.0));
    CHECK_FALSE(short_of.progress);
    CHECK(short_of.status == TargetStatus::not_met);
    CHECK(contains(short_of.explanation, "no baseline"));
    CHECK(contains(short_of.explanation, "→ not met, gap 3"));
    CHECK(evaluate(target, 99.0, at).status == TargetStatus::achieved);
  }
  SUBCASE("relative target without a baseline: the level is unknown") {
    Target target = processing_days_target();
    target.baseline.reset();
    CHECK_FALSE(target.level());
    const Evaluation evaluation = evaluate(target, 15.0, at);
    CHECK(evaluation.status == TargetStatus::not_applicable);
    CHECK_FALSE(evaluation.met);
    CHECK(contains(evaluation.explanation, "versus 2025"));
  }
  SUBCASE("met at baseline") {
    Target target = on_time_target();
    target.baseline = 99.0;
    const Evaluation still = evaluate(target, 99.5, at);
    CHECK(still.met_at_baseline);
    CHECK(*still.progress == 1.0);
    CHECK(still.status == TargetStatus::achieved);
    const Evaluation slipped = evaluate(target, 97.0, at);
    CHECK(slipped.met_at_baseline);
    CHECK(*slipped.progress == 0.0);
    CHECK(slipped.status == TargetStatus::at_risk);
    CHECK(contains(slipped.explanation, "already met"));
  }
  SUBCASE("deadline passed") {
    const Target target = on_time_target();
    const Evaluation late = evaluate(target, 97.5, d(2027, 1, 5));
    CHECK(late.deadline_passed);
    CHECK(*late.elapsed == 1.0);
    CHECK(late.status == TargetStatus::off_track);
    CHECK(contains(late.explanation, "deadline 2026-12-31 passed"));
    const Evaluation met_late = evaluate(target, 98.0, d(2027, 1, 5));
    CHECK(met_late.status == TargetStatus::achieved);
    // The last day itself is not past the deadline.
    CHECK_FALSE(evaluate(target, 97.5, d(2026, 12, 31)).deadline_passed);
  }
  SUBCASE("deadline not structured and no plan year: not met, elapsed unknown") {
    Target target = on_time_target();
    target.deadline = StatedDeadline::from_text("khi có yêu cầu của cấp trên", 2026);
    const Evaluation evaluation = evaluate(target, 95.0, at);
    CHECK_FALSE(evaluation.due);
    CHECK_FALSE(evaluation.elapsed);
    CHECK(*evaluation.progress == doctest::Approx(0.625));
    CHECK(evaluation.status == TargetStatus::not_met);
    CHECK(contains(evaluation.explanation, "has no last day"));
  }
  SUBCASE("before the period starts everything with progress >= 0 is on track") {
    const Evaluation early = evaluate(on_time_target(), 90.0, d(2025, 12, 1));
    CHECK(*early.elapsed == 0.0);
    CHECK(early.status == TargetStatus::on_track);
  }
  SUBCASE("a short deadline period does not become the progress period") {
    Target target = on_time_target();
    target.baseline_year.reset();
    target.deadline = StatedDeadline::from_text("Tháng 12/2026", 2026);
    // Without a baseline year or a stated start, the deadline's own month is all there is.
    CHECK(evaluate(target, 95.0, d(2026, 12, 16)).start == d(2026, 12, 1));
    EvaluateOptions options;
    options.period_start = d(2026, 1, 1);
    CHECK(evaluate(target, 95.0, d(2026, 12, 16), options).start == d(2026, 1, 1));
  }
}

TEST_CASE("evaluate: thresholds are configurable and their boundaries inclusive") {
  Target target;
  target.indicator = "x";
  target.value = 10.0;
  target.baseline = 0.0;
  target.deadline = StatedDeadline::from_text("Trước ngày 11/01/2026", 2026);  // due 2026-01-10
  EvaluateOptions options;
  options.period_start = d(2026, 1, 1);
  options.thresholds.on_track_tolerance = 0.25;
  options.thresholds.at_risk_band = 0.25;
  const auto at = d(2026, 1, 5);  // elapsed 5/10 = 0.5

  CHECK(*evaluate(target, 2.5, at, options).elapsed == 0.5);
  CHECK(evaluate(target, 2.5, at, options).status == TargetStatus::on_track);  // 0.25 ≥ 0.25
  CHECK(evaluate(target, 2.4, at, options).status == TargetStatus::at_risk);
  CHECK(evaluate(target, 0.0, at, options).status == TargetStatus::at_risk);  // 0 ≥ 0
  options.thresholds.at_risk_band = 0.2;
  CHECK(evaluate(target, 0.0, at, options).status == TargetStatus::off_track);
  const Evaluation used = evaluate(target, 0.0, at, options);
  CHECK(used.thresholds.on_track_tolerance == 0.25);
  CHECK(contains(used.explanation, "elapsed − 45%"));

  // Defaults: 0.05 and 0.15.
  const Evaluation defaults = evaluate(target, 4.6, at, starting(d(2026, 1, 1)));
  CHECK(defaults.status == TargetStatus::on_track);
  CHECK(evaluate(target, 4.4, at, starting(d(2026, 1, 1))).status ==
        TargetStatus::at_risk);
  CHECK(evaluate(target, 2.9, at, starting(d(2026, 1, 1))).status ==
        TargetStatus::off_track);
}

namespace {

cchc::Date month_end(int year, int month) {
  return month == 12 ? d(year, 12, 31) : d(year, month + 1, 1) - 1;
}

}  // namespace

TEST_CASE("a target with no deadline is due at the end of the plan's year (a setting)") {
  Target target = on_time_target();
  target.deadline = StatedDeadline::from_text("", 2026);
  EvaluateOptions options;
  options.plan_year = 2026;
  for (int index = 0; index < 15; ++index) {
    const int year = index < 12 ? 2026 : 2027;
    const cchc::Date at = month_end(year, index % 12 + 1);
    CAPTURE(at.iso());
    // The value climbs from 90 to 97.9 over 2026 and stays short of 98.
    const double value = 90.0 + 7.9 * std::min(1.0, (index + 1) / 12.0);
    const Evaluation evaluation = evaluate(target, value, at, options);
    CHECK(evaluation.due == d(2026, 12, 31));
    CHECK(evaluation.due_assumed);
    CHECK(evaluation.start == d(2026, 1, 1));
    CHECK(contains(evaluation.explanation, "due at the end of the plan's year, 2026-12-31"));
    if (year == 2027) {
      CHECK(evaluation.status == TargetStatus::off_track);
      CHECK(contains(evaluation.explanation, "deadline 2026-12-31 passed"));
    } else {
      // progress (value − 90) / 8 = 0.9875 × month/12 against elapsed ≈ month/12: within the
      // 0.05 tolerance all year long.
      CHECK(evaluation.status == TargetStatus::on_track);
    }
    CHECK(evaluate(target, 98.0, at, options).status == TargetStatus::achieved);
  }
  // The setting off: no due day, so on track or not cannot be said.
  options.undated_due_at_plan_year_end = false;
  const Evaluation undated = evaluate(target, 95.0, d(2026, 6, 30), options);
  CHECK_FALSE(undated.due);
  CHECK(undated.status == TargetStatus::not_met);
  // "Thường xuyên" states no last day either.
  Target recurring = on_time_target();
  recurring.deadline = StatedDeadline::from_text("Thường xuyên", 2026);
  options.undated_due_at_plan_year_end = true;
  CHECK(evaluate(recurring, 95.0, d(2026, 6, 30), options).due == d(2026, 12, 31));
}

TEST_CASE("a target below its level without a baseline: not met with the gap, all year") {
  Target target = on_time_target();
  target.baseline.reset();
  target.baseline_year.reset();
  for (int index = 0; index < 15; ++index) {
    const int year = index < 12 ? 2026 : 2027;
    const cchc::Date at = month_end(year, index % 12 + 1);
    CAPTURE(at.iso());
    const Evaluation evaluation = evaluate(target, 96.5, at);
    CHECK(*evaluation.gap == doctest::Approx(1.5));
    CHECK(evaluation.status == (year == 2026 ? TargetStatus::not_met : TargetStatus::off_track));
    CHECK(evaluate(target, 98.5, at).status == TargetStatus::achieved);
  }
}

TEST_CASE("target status keys") {
  for (const auto status : {TargetStatus::achieved, TargetStatus::on_track, TargetStatus::at_risk,
                            TargetStatus::off_track, TargetStatus::not_applicable,
                            TargetStatus::not_met}) {
    CHECK(target_status_from_key(to_string(status)) == status);
  }
  CHECK_FALSE(target_status_from_key("late"));
}
