#include "cchc/target/target.hpp"

#include <doctest/doctest.h>

#include "cchc/target/plan.hpp"
#include "support.hpp"

using namespace cchc::target;
using cchc::test::d;

TEST_CASE("Target::level: absolute, relative, relative without baseline") {
  Target target;
  target.value = 98.0;
  CHECK(target.level() == 98.0);
  CHECK_FALSE(target.relative());

  target.value.reset();
  target.change_percent = -15.0;
  CHECK(target.relative());
  CHECK_FALSE(target.level());  // "giảm 15 % so với 2025" needs the 2025 value
  target.baseline = 1200.0;
  CHECK(*target.level() == doctest::Approx(1020.0));
  target.change_percent = 10.0;
  CHECK(*target.level() == doctest::Approx(1320.0));
}

TEST_CASE("Target::direction: stated, from the comparator, from the baseline for exactly") {
  Target target;
  target.comparator = Comparator::at_least;
  CHECK(target.direction() == 1);
  target.comparator = Comparator::at_most;
  CHECK(target.direction() == -1);
  target.higher_is_better = true;
  CHECK(target.direction() == 1);  // stated wins
  target.higher_is_better.reset();
  target.comparator = Comparator::exactly;
  target.value = 100.0;
  CHECK_FALSE(target.direction());  // no baseline: unknown
  target.baseline = 120.0;
  CHECK(target.direction() == -1);
  target.baseline = 100.0;
  CHECK_FALSE(target.direction());
}

TEST_CASE("enum keys round-trip and reject unknown keys") {
  for (const auto area :
       {ReformArea::chi_dao, ReformArea::the_che, ReformArea::tthc, ReformArea::to_chuc_bo_may,
        ReformArea::cong_vu, ReformArea::tai_chinh_cong, ReformArea::chinh_quyen_so,
        ReformArea::other}) {
    CHECK(area_from_key(to_string(area)) == area);
    CHECK_FALSE(to_vietnamese(area).empty());
  }
  CHECK(to_vietnamese(ReformArea::tthc) == "Cải cách thủ tục hành chính");
  for (const auto comparator : {Comparator::at_least, Comparator::at_most, Comparator::exactly}) {
    CHECK(comparator_from_key(to_string(comparator)) == comparator);
  }
  for (const auto unit :
       {ValueUnit::percent, ValueUnit::count, ValueUnit::days, ValueUnit::ratio}) {
    CHECK(unit_from_key(to_string(unit)) == unit);
  }
  CHECK_FALSE(area_from_key("TTHC"));
  CHECK_FALSE(comparator_from_key(">="));
  CHECK_FALSE(unit_from_key("%"));
}

TEST_CASE("StatedDeadline keeps the text and the parse; equality is by text") {
  const auto year = StatedDeadline::from_text("Năm 2026", 2026);
  CHECK(year.start() == d(2026, 1, 1));
  CHECK(year.due() == d(2026, 12, 31));
  CHECK_FALSE(year.recurring());
  const auto recurring = StatedDeadline::from_text("Thường xuyên trong năm", 2026);
  CHECK(recurring.recurring());
  CHECK(recurring.due() == d(2026, 12, 31));
  const auto vague = StatedDeadline::from_text("khi có yêu cầu", 2026);
  CHECK(vague.text == "khi có yêu cầu");
  CHECK_FALSE(vague.due());
  CHECK(vague.parsed.kind() != cchc::calendar::DeadlineKind::within_period);
  const StatedDeadline none;
  CHECK(none.empty());
  CHECK_FALSE(none.due());
  CHECK_FALSE(none.start());
  CHECK(StatedDeadline::from_text("Năm 2026", 2026) == StatedDeadline::from_text("Năm 2026"));
}

TEST_CASE("validate: ids, value or change_percent, indicator") {
  Plan plan;
  CHECK(validate(plan).size() == 1);  // no id
  plan.id = std::string("p");  // not `= "p"`: GCC 12 false -Wrestrict (bug 105329)
  CHECK(validate(plan).empty());
  Target good;
  good.id = "T01";
  good.indicator = "on_time_rate";
  good.value = 98.0;
  plan.targets.push_back(good);
  CHECK(validate(plan).empty());
  plan.targets.push_back(good);  // duplicate id
  Target both = good;
  both.id = "T02";
  both.change_percent = 5.0;
  plan.targets.push_back(both);
  Target neither = good;
  neither.id = "T03";
  neither.value.reset();
  neither.indicator.clear();
  plan.targets.push_back(neither);
  Task task;
  plan.tasks.push_back(task);  // empty id
  const auto problems = validate(plan);
  REQUIRE(problems.size() == 5);
  CHECK(problems[0] == "target 'T01': field 'id' is used twice");
  CHECK(problems[1] == "target 'T02': give either 'value' or 'change_percent', not both");
  CHECK(problems[2] == "target 'T03': field 'indicator' is empty");
  CHECK(problems[3] == "target 'T03': give 'value' (absolute) or 'change_percent' (relative)");
  CHECK(problems[4] == "task #1: field 'id' is empty");
  CHECK(plan.find_target("T02") == &plan.targets[2]);
  CHECK(plan.find_target("T09") == nullptr);
  CHECK(plan.find_task("") == &plan.tasks[0]);
}
