#include "cchc/target/scorecard.hpp"

#include <doctest/doctest.h>

#include <string>

#include "support.hpp"

using namespace cchc::target;
using cchc::test::d;

namespace {

Target make_target(const char* id, const char* indicator, double level, ValueUnit unit,
                   const char* scope_unit = "") {
  Target target;
  target.id = id;
  target.indicator = indicator;
  target.value = level;
  target.unit = unit;
  target.scope.unit = scope_unit;
  target.deadline = StatedDeadline::from_text("Năm 2026", 2026);
  return target;
}

Plan sample_plan() {
  Plan plan;
  plan.id = "p";
  plan.year = 2026;
  Target t1 = make_target("T01", "on_time_rate", 98.0, ValueUnit::percent, "Sở X");
  t1.baseline = 90.0;
  t1.owner = "Văn phòng";
  t1.area = ReformArea::tthc;
  plan.targets.push_back(t1);
  Target t2 = make_target("T02", "online_filing_rate", 0.8, ValueUnit::ratio);
  t2.baseline = 0.4;
  t2.owner = "Văn phòng";
  t2.area = ReformArea::chinh_quyen_so;
  plan.targets.push_back(t2);
  Target t3 = make_target("T03", "trained_staff", 50.0, ValueUnit::count);
  t3.owner = "Phòng Tổ chức";
  t3.area = ReformArea::cong_vu;
  plan.targets.push_back(t3);
  Target t4 = make_target("T04", "on_time_rate", 50.0, ValueUnit::count);  // a share as a count
  plan.targets.push_back(t4);
  return plan;
}

cchc::dossier::IndicatorCounts resolved(std::int64_t early, std::int64_t on_time,
                                        std::int64_t late) {
  cchc::dossier::IndicatorCounts counts;
  counts.resolved_early = early;
  counts.resolved_on_time = on_time;
  counts.resolved_late = late;
  return counts;
}

}  // namespace

TEST_CASE("scorecard: values from the engine, by indicator and by target id") {
  const Plan plan = sample_plan();
  ScorecardInputs inputs;
  inputs.engine_counts["Sở X"] = resolved(1, 8, 1);  // on time 9 / 10 = 90 %
  inputs.engine_counts[""] = resolved(0, 0, 0);      // nothing resolved: not applicable
  inputs.values.push_back({"online_filing_rate", "", 0.6, {}});
  inputs.values.push_back({"trained_staff", "", 10.0, {}});
  inputs.values.push_back({"T03", "", 45.0, {}});  // the target id wins over the indicator
  const auto at = d(2026, 7, 2);
  const auto rows = scorecard(plan, inputs, at);
  REQUIRE(rows.size() == 4);

  CHECK(rows[0].target == &plan.targets[0]);
  CHECK(*rows[0].value == doctest::Approx(90.0));
  CHECK(rows[0].value_source == "engine");
  CHECK(rows[0].evaluation.status == TargetStatus::off_track);  // progress 0, half the year gone
  CHECK(rows[0].explanation.find("(early + on_time) / resolved = 9 / 10 for 'Sở X'") !=
        std::string::npos);

  CHECK(*rows[1].value == doctest::Approx(0.6));
  CHECK(rows[1].value_source == "indicator");
  CHECK(*rows[1].evaluation.progress == doctest::Approx(0.5));
  CHECK(rows[1].evaluation.start == d(2026, 1, 1));  // the plan's year

  CHECK(*rows[2].value == 45.0);
  CHECK(rows[2].value_source == "target_id");
  CHECK(rows[2].evaluation.status == TargetStatus::not_met);  // no baseline: chưa đạt
  CHECK(*rows[2].evaluation.gap == doctest::Approx(5.0));

  CHECK_FALSE(rows[3].value);  // the engine's share cannot feed a count target
  CHECK(rows[3].value_source.empty());
  CHECK(rows[3].explanation.find("is a share, the target's unit is count") != std::string::npos);
  CHECK(rows[3].trend.category == TrendCategory::not_applicable);
}

TEST_CASE("scorecard: engine counts with a zero denominator give a missing value") {
  Plan plan = sample_plan();
  plan.targets[0].scope.unit.clear();
  ScorecardInputs inputs;
  inputs.engine_counts[""] = resolved(0, 0, 0);
  const auto rows = scorecard(plan, inputs, d(2026, 7, 2));
  CHECK_FALSE(rows[0].value);
  CHECK(rows[0].evaluation.status == TargetStatus::not_applicable);
  CHECK(rows[0].explanation.find("not applicable (denominator 0)") != std::string::npos);
}

TEST_CASE("scorecard: scoped values beat unscoped ones; series give value and trend") {
  const Plan plan = sample_plan();
  ScorecardInputs inputs;
  inputs.values.push_back({"on_time_rate", "", 99.0, {}});
  inputs.values.push_back({"on_time_rate",
                           "Sở X",
                           std::nullopt,
                           {{d(2024, 12, 31), 90.0},
                            {d(2025, 12, 31), 91.0},
                            {d(2026, 12, 31), 99.0}}});  // after `at`: not yet known
  const auto rows = scorecard(plan, inputs, d(2026, 7, 2));
  CHECK(*rows[0].value == 91.0);  // last point on or before 2026-07-02
  CHECK(rows[0].value_source == "indicator");
  CHECK(rows[0].trend.category == TrendCategory::stagnating);  // ratio 0.25 … with
  CHECK(*rows[0].trend.ratio == doctest::Approx(0.25));        // the 2026 point left out
  CHECK(*rows[0].trend.projection == doctest::Approx(92.0));
  CHECK(*rows[3].value == 99.0);  // T04 is unscoped: the unscoped entry
}

TEST_CASE("roll-ups of tasks and targets by unit and by area") {
  Plan plan = sample_plan();
  const auto add_task = [&](const char* id, const char* lead, ReformArea area, const char* deadline,
                            std::optional<cchc::Date> completed) {
    Task task;
    task.id = id;
    task.lead = lead;
    task.area = area;
    task.deadline = StatedDeadline::from_text(deadline, 2026);
    task.completed = completed;
    plan.tasks.push_back(task);
  };
  add_task("N1", "Văn phòng", ReformArea::chi_dao, "Quý I năm 2026", d(2026, 2, 1));
  add_task("N2", "Văn phòng", ReformArea::chi_dao, "Quý I năm 2026", d(2026, 4, 2));
  add_task("N3", "Văn phòng", ReformArea::tthc, "Quý I năm 2026", std::nullopt);
  add_task("N4", "Thanh tra", ReformArea::cong_vu, "Quý IV năm 2026", std::nullopt);
  add_task("N5", "Thanh tra", ReformArea::cong_vu, "Thường xuyên", std::nullopt);
  add_task("N6", "", ReformArea::other, "khi có yêu cầu", std::nullopt);
  const auto at = d(2026, 7, 2);

  const auto by_unit = rollup_tasks(plan, at, RollupBy::unit);
  REQUIRE(by_unit.size() == 3);
  const TaskStatusCounts& office = by_unit.at("Văn phòng");
  CHECK(office.done_on_time == 1);
  CHECK(office.done_late == 1);
  CHECK(office.overdue == 1);
  CHECK(office.total() == 3);
  CHECK(by_unit.at("Thanh tra").pending == 1);
  CHECK(by_unit.at("Thanh tra").ongoing == 1);
  CHECK(by_unit.at("").not_applicable == 1);

  const auto by_area = rollup_tasks(plan, at, RollupBy::area);
  CHECK(by_area.at("chi_dao").total() == 2);
  CHECK(by_area.at("cong_vu").of(TaskStatus::pending) == 1);

  ScorecardInputs inputs;
  inputs.values.push_back({"T01", "", 98.0, {}});
  inputs.values.push_back({"T02", "", 0.41, {}});
  const auto rows = scorecard(plan, inputs, at);
  const auto targets_by_unit = rollup_targets(rows, RollupBy::unit);
  CHECK(targets_by_unit.at("Văn phòng").achieved == 1);
  CHECK(targets_by_unit.at("Văn phòng").off_track == 1);
  CHECK(targets_by_unit.at("Phòng Tổ chức").not_applicable == 1);
  const auto targets_by_area = rollup_targets(rows, RollupBy::area);
  CHECK(targets_by_area.at("tthc").of(TargetStatus::achieved) == 1);
  CHECK(targets_by_area.at("other").total() == 1);
}

TEST_CASE("scorecard: precomputed engine ratios, and a unit the engine has no value for") {
  Plan plan = sample_plan();
  ScorecardInputs inputs;
  inputs.engine_ratios["Sở X"]["on_time_rate"] = cchc::dossier::Ratio{47, 50};
  inputs.engine_ratios[""]["online_filing_rate"] = cchc::dossier::Ratio{3, 4};
  const auto rows = scorecard(plan, inputs, d(2026, 7, 2));
  CHECK(*rows[0].value == doctest::Approx(94.0));  // percent
  CHECK(rows[0].value_source == "engine");
  CHECK(*rows[1].value == doctest::Approx(0.75));  // ratio
  CHECK(rows[1].value_source == "engine");
  CHECK_FALSE(rows[3].value);
  CHECK(rows[3].explanation.find("no engine value of 'on_time_rate' for the whole scope") !=
        std::string::npos);
  // Counts win over ratios for the same unit.
  inputs.engine_counts["Sở X"] = resolved(0, 1, 1);
  CHECK(*scorecard(plan, inputs, d(2026, 7, 2))[0].value == doctest::Approx(50.0));
}

namespace {

// Whether a status and a trend say opposite things about one target.
bool contradict(TargetStatus status, const Trend& trend) {
  if (trend.category == TrendCategory::not_applicable) return false;
  const bool status_achieved = status == TargetStatus::achieved;
  const bool trend_achieved = trend.category == TrendCategory::achieved;
  if (status_achieved != trend_achieved) return true;
  const bool trend_short = trend.category == TrendCategory::moderately_improving ||
                           trend.category == TrendCategory::stagnating ||
                           trend.category == TrendCategory::decreasing;
  if (status == TargetStatus::on_track && trend_short) return true;
  return status == TargetStatus::off_track && trend.category == TrendCategory::on_track &&
         trend.projected_met == true;
}

Plan one_target_plan() {
  Plan plan;
  plan.id = "p";
  plan.year = 2026;
  Target target = make_target("T01", "on_time_rate", 98.0, ValueUnit::percent);
  target.baseline = 90.0;
  target.baseline_year = 2025;
  plan.targets.push_back(target);
  return plan;
}

std::vector<ScorecardRow> with_series(const Plan& plan, std::optional<double> value,
                                      std::vector<Observation> series, cchc::Date at) {
  ScorecardInputs inputs;
  inputs.values.push_back({"T01", "", value, std::move(series)});
  return scorecard(plan, inputs, at);
}

}  // namespace

TEST_CASE("scorecard: status and trend never contradict each other") {
  const Plan plan = one_target_plan();
  SUBCASE("on track by elapsed time but the series falls: at risk") {
    // 31/3: progress (93 − 90) / 8 = 0.375 against elapsed 0.25, yet 94 → 93 is decreasing.
    const auto rows =
        with_series(plan, std::nullopt, {{d(2025, 12, 31), 94.0}, {d(2026, 3, 31), 93.0}},
                    d(2026, 3, 31));
    CHECK(rows[0].trend.category == TrendCategory::decreasing);
    CHECK(rows[0].evaluation.status == TargetStatus::at_risk);
    CHECK(rows[0].evaluation.explanation.find("but the trend is decreasing") != std::string::npos);
  }
  SUBCASE("behind elapsed time but the trend reaches the level: at risk, not off track") {
    // 30/6: progress 0.0625 against elapsed 0.5; 84 → 90.5 since 31/1 projects 98.5 at 31/12.
    const auto rows =
        with_series(plan, std::nullopt, {{d(2026, 1, 31), 84.0}, {d(2026, 6, 30), 90.5}},
                    d(2026, 6, 30));
    CHECK(rows[0].trend.category == TrendCategory::on_track);
    CHECK(*rows[0].trend.projected_met);
    CHECK(rows[0].evaluation.status == TargetStatus::at_risk);
  }
  SUBCASE("a value that meets the level makes the trend achieved too") {
    const auto rows = with_series(plan, 98.5, {{d(2025, 12, 31), 95.0}, {d(2026, 3, 31), 97.0}},
                                  d(2026, 6, 30));
    CHECK(rows[0].evaluation.status == TargetStatus::achieved);
    CHECK(rows[0].trend.category == TrendCategory::achieved);
  }
  SUBCASE("a series that met the level once does not make an unmet value achieved") {
    const auto rows = with_series(plan, 96.0, {{d(2025, 12, 31), 95.0}, {d(2026, 3, 31), 98.5}},
                                  d(2026, 6, 30));
    CHECK(rows[0].evaluation.status != TargetStatus::achieved);
    CHECK(rows[0].trend.category == TrendCategory::not_applicable);
  }
  SUBCASE("at every month end of 2026 and into 2027, for rising, flat and falling series") {
    for (const double slope : {1.0, 0.6, 0.0, -0.4}) {
      std::vector<Observation> series = {{d(2025, 12, 31), 90.0}};
      for (int index = 0; index < 15; ++index) {
        const int year = index < 12 ? 2026 : 2027;
        const int month = index % 12 + 1;
        const cchc::Date at = month == 12 ? d(year, 12, 31) : d(year, month + 1, 1) - 1;
        series.push_back({at, 90.0 + slope * (index + 1)});
        const auto rows = with_series(plan, std::nullopt, series, at);
        CAPTURE(slope);
        CAPTURE(at.iso());
        CAPTURE(rows[0].explanation);
        CHECK_FALSE(contradict(rows[0].evaluation.status, rows[0].trend));
        if (rows[0].trend.projection) {
          CHECK(*rows[0].trend.projection <= 100.0);
          CHECK(*rows[0].trend.projection >= 0.0);
        }
      }
    }
  }
}

TEST_CASE("scorecard: an undated target is due at the end of the plan's year, trend too") {
  Plan plan = one_target_plan();
  plan.targets[0].deadline = StatedDeadline::from_text("", 2026);
  const auto rows = with_series(plan, std::nullopt,
                                {{d(2025, 12, 31), 90.0}, {d(2026, 6, 30), 94.0}}, d(2026, 6, 30));
  CHECK(rows[0].evaluation.due == d(2026, 12, 31));
  CHECK(rows[0].evaluation.due_assumed);
  CHECK(rows[0].evaluation.status == TargetStatus::on_track);
  CHECK(rows[0].trend.category == TrendCategory::on_track);
  CHECK(rows[0].trend.projection);
}
