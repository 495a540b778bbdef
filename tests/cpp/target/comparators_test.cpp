// The comparators added for issue 16 (reduce_by, reduce_by_at_least, between): what they mean when
// a value is judged, how validate() and the plan file treat them (docs/target/targets.md).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cchc/error.hpp"
#include "cchc/io/plan_file.hpp"
#include "cchc/target/evaluate.hpp"
#include "cchc/target/plan.hpp"
#include "cchc/target/trend.hpp"
#include "support.hpp"

using namespace cchc::target;
using cchc::test::d;

namespace {

// "Giảm … 20 % thời gian giải quyết so với năm 2025 (20 ngày)", within 2026.
Target reduction(Comparator comparator) {
  Target target;
  target.id = "T01";
  target.indicator = "processing_days";
  target.comparator = comparator;
  target.change_percent = -20.0;
  target.unit = ValueUnit::days;
  target.baseline = 20.0;
  target.baseline_year = 2025;
  target.deadline = StatedDeadline::from_text("Năm 2026", 2026);
  return target;
}

// "Tỷ lệ hồ sơ trực tuyến từ 40 % đến 50 %".
Target range(std::optional<double> baseline) {
  Target target;
  target.id = "T02";
  target.indicator = "online_filing_rate";
  target.comparator = Comparator::between;
  target.value = 40.0;
  target.upper = 50.0;
  target.baseline = baseline;
  target.deadline = StatedDeadline::from_text("Năm 2026", 2026);
  return target;
}

}  // namespace

TEST_CASE("comparators: keys, and the new ones read back") {
  for (const char* key : {"reduce_by", "reduce_by_at_least", "between", "exactly"}) {
    CAPTURE(key);
    const auto comparator = comparator_from_key(key);
    REQUIRE(comparator.has_value());
    CHECK(to_string(*comparator) == key);
  }
}

TEST_CASE("comparators: a reduction is met at or below the reduced baseline, both kinds") {
  for (Comparator comparator : {Comparator::reduce_by, Comparator::reduce_by_at_least}) {
    CAPTURE(to_string(comparator));
    const Target target = reduction(comparator);
    CHECK(target.level() == doctest::Approx(16.0));
    CHECK(target.direction() == -1);
    const Evaluation met = evaluate(target, 15.0, d(2026, 6, 30));  // cut 25 %: more than asked
    CHECK(met.met == true);
    CHECK(met.gap == 0.0);
    CHECK(met.status == TargetStatus::achieved);
    const Evaluation short_of = evaluate(target, 18.0, d(2026, 6, 30));
    CHECK(short_of.met == false);
    CHECK(short_of.gap == doctest::Approx(2.0));
    REQUIRE(short_of.progress.has_value());
    CHECK(*short_of.progress == doctest::Approx(0.5));  // (18 − 20) / (16 − 20)
    CHECK(short_of.explanation.find("<= 16") != std::string::npos);
  }
}

TEST_CASE("comparators: between is met inside the range, with the gap to the nearer end") {
  CHECK(meets(Comparator::between, 45.0, 40.0, 1e-9, 50.0));
  CHECK(meets(Comparator::between, 40.0, 40.0, 1e-9, 50.0));
  CHECK(meets(Comparator::between, 50.0, 40.0, 1e-9, 50.0));
  CHECK_FALSE(meets(Comparator::between, 39.9, 40.0, 1e-9, 50.0));
  CHECK_FALSE(meets(Comparator::between, 50.1, 40.0, 1e-9, 50.0));
  const Evaluation below = evaluate(range(30.0), 35.0, d(2026, 6, 30));
  CHECK(below.met == false);
  CHECK(below.gap == doctest::Approx(5.0));
  CHECK(below.progress == doctest::Approx(0.5));  // 30 → 35 of 30 → 40
  CHECK(below.explanation.find("40 … 50") != std::string::npos);
  const Evaluation above = evaluate(range(60.0), 55.0, d(2026, 6, 30));
  CHECK(above.gap == doctest::Approx(5.0));
  CHECK(above.progress == doctest::Approx(0.5));  // 60 → 55 of 60 → 50: from above
  CHECK(range(30.0).direction() == 1);
  CHECK(range(60.0).direction() == -1);
  CHECK_FALSE(range(45.0).direction().has_value());
  CHECK(evaluate(range(std::nullopt), 45.0, d(2026, 6, 30)).status == TargetStatus::achieved);
  // The trend judges the latest value against the range too.
  const std::vector<Observation> series{{d(2026, 1, 31), 38.0}, {d(2026, 3, 31), 45.0}};
  CHECK(trend(range(30.0), series).category == TrendCategory::achieved);
}

TEST_CASE("comparators: validate() and the plan file refuse inconsistent new comparators") {
  Plan plan;
  plan.id = "p";
  Target wrong_sign = reduction(Comparator::reduce_by);
  wrong_sign.change_percent = 20.0;
  Target absolute_cut = reduction(Comparator::reduce_by_at_least);
  absolute_cut.change_percent.reset();
  absolute_cut.value = 16.0;
  absolute_cut.id = "T03";
  Target no_upper = range(std::nullopt);
  no_upper.upper.reset();
  Target upper_below = range(std::nullopt);
  upper_below.id = "T04";
  upper_below.upper = 30.0;
  Target stray_upper = reduction(Comparator::at_most);
  stray_upper.id = "T05";
  stray_upper.upper = 3.0;
  plan.targets = {wrong_sign, no_upper, absolute_cut, upper_below, stray_upper};
  const auto problems = validate(plan);
  REQUIRE(problems.size() == 5);
  CHECK(problems[0].find("negative 'change_percent'") != std::string::npos);
  CHECK(problems[1].find("'between' needs") != std::string::npos);
  CHECK(problems[2].find("negative 'change_percent'") != std::string::npos);
  CHECK(problems[3].find("below 'value'") != std::string::npos);
  CHECK(problems[4].find("only for comparator 'between'") != std::string::npos);

  const std::string header = "[plan]\nid = \"p\"\n[[target]]\nid = \"T1\"\nindicator = \"x\"\n";
  const auto error = [&](const std::string& body) -> std::string {
    try {
      (void)cchc::io::parse_plan(header + body, "bad.toml");
    } catch (const cchc::ParseError& e) {
      return e.field() + ": " + e.reason();
    }
    return "accepted";
  };
  CHECK(error("comparator = \"reduce_by\"\nchange_percent = 10\nunit = \"count\"\n")
            .find("target[1].comparator: 'reduce_by' is a reduction") == 0);
  CHECK(error("comparator = \"between\"\nvalue = 40\nunit = \"percent\"\n")
            .find("'between' needs") != std::string::npos);
  CHECK(error("comparator = \"between\"\nvalue = 40\nupper = 30\nunit = \"percent\"\n") ==
        "target[1].upper: is below 'value' (the lower end)");
  CHECK(error("comparator = \"at_least\"\nvalue = 40\nupper = 50\nunit = \"percent\"\n") ==
        "target[1].upper: is only for comparator 'between'");
}

TEST_CASE("comparators: the plan file writes and reads the new comparators back") {
  Plan plan;
  plan.id = "p";
  plan.year = 2026;
  plan.targets = {reduction(Comparator::reduce_by), range(35.0)};
  plan.targets[1].id = "T02";
  const std::string text = cchc::io::format_plan(plan);
  CHECK(text.find("comparator = \"reduce_by\"") != std::string::npos);
  CHECK(text.find("upper = 50.0") != std::string::npos);
  const Plan again = cchc::io::parse_plan(text, "round-trip");
  CHECK(again == plan);
  CHECK(cchc::io::format_plan(again) == text);
}
