#include "cchc/score/rule.hpp"

#include <doctest/doctest.h>

#include <limits>

using namespace cchc::score;

namespace {

RuleInput value(double v) {
  RuleInput input;
  input.value = v;
  return input;
}

double points(const Rule& rule, double max, const RuleInput& input) {
  const RuleOutcome outcome = evaluate(rule, max, input);
  REQUIRE_MESSAGE(outcome.points.has_value(), outcome.explanation);
  return *outcome.points;
}

bool rejected(const Rule& rule, double max, const RuleInput& input) {
  const RuleOutcome outcome = evaluate(rule, max, input);
  return !outcome.points && !outcome.problem.empty();
}

bool unanswered(const Rule& rule, double max, const RuleInput& input) {
  const RuleOutcome outcome = evaluate(rule, max, input);
  return !outcome.points && outcome.problem.empty() && outcome.branch == "unanswered";
}

std::string check(const Rule& rule, double max) {
  std::string field;
  return check_parameters(rule, max, field).value_or("ok");
}

}  // namespace

TEST_CASE("proportional: max × percent, 0 and 100 inclusive, outside rejected") {
  const Rule rule = Proportional{};
  CHECK(points(rule, 6, value(0)) == 0);
  CHECK(points(rule, 6, value(50)) == doctest::Approx(3));
  CHECK(points(rule, 6, value(100)) == doctest::Approx(6));
  CHECK(rejected(rule, 6, value(100.01)));
  CHECK(rejected(rule, 6, value(-0.01)));
  CHECK(rejected(rule, 6, value(std::numeric_limits<double>::quiet_NaN())));
  CHECK(unanswered(rule, 6, RuleInput{}));
  CHECK(evaluate(rule, 6, value(50)).explanation == "6 × 50% = 3");
}

TEST_CASE("steps: lower bound inclusive, upper exclusive ('từ 90% đến dưới 100%')") {
  const Rule rule = Steps{{{90, 3}, {100, 6}}, 0};
  CHECK(check(rule, 6) == "ok");
  CHECK(points(rule, 6, value(100)) == 6);
  CHECK(points(rule, 6, value(99.999)) == 3);
  CHECK(points(rule, 6, value(90)) == 3);
  CHECK(points(rule, 6, value(89.999)) == 0);
  CHECK(points(rule, 6, value(0)) == 0);
  CHECK(evaluate(rule, 6, value(95)).branch == "step [90, 100)");
  CHECK(evaluate(rule, 6, value(100)).branch == "step [100, ∞)");
  CHECK(evaluate(rule, 6, value(89)).branch == "below 90");
  const Rule with_below = Steps{{{80, 2}}, 0.5};
  CHECK(points(with_below, 2, value(79)) == 0.5);
  CHECK(unanswered(rule, 6, RuleInput{}));
  CHECK(rejected(rule, 6, value(std::numeric_limits<double>::infinity())));
  // Parameters.
  CHECK(check(Steps{{}, 0}, 6) == "steps needs at least one step");
  CHECK(check(Steps{{{100, 6}, {90, 3}}, 0}, 6).find("increase strictly") != std::string::npos);
  CHECK(check(Steps{{{90, 3}, {90, 6}}, 0}, 6).find("increase strictly") != std::string::npos);
  CHECK(check(Steps{{{90, 7}}, 0}, 6).find("outside [0, 6]") != std::string::npos);
  CHECK(check(Steps{{{90, 3}}, -1}, 6).find("below the first step") != std::string::npos);
}

TEST_CASE("saturation: full from the threshold (inclusive), linear below") {
  const Rule rule = Saturation{80, std::nullopt};
  CHECK(points(rule, 4, value(80)) == 4);
  CHECK(points(rule, 4, value(100)) == 4);
  CHECK(points(rule, 4, value(79.9)) == doctest::Approx(4 * 79.9 / 80));
  CHECK(points(rule, 4, value(40)) == doctest::Approx(2));
  CHECK(points(rule, 4, value(0)) == 0);
  CHECK(evaluate(rule, 4, value(80)).branch == "saturated");
  CHECK(evaluate(rule, 4, value(79)).branch == "linear below threshold");
  CHECK(rejected(rule, 4, value(101)));
  CHECK(check(Saturation{0, std::nullopt}, 4).find("outside (0, 100]") != std::string::npos);
  CHECK(check(Saturation{100.5, std::nullopt}, 4).find("outside (0, 100]") != std::string::npos);
  CHECK(check(Saturation{100, std::nullopt}, 4) == "ok");
}

TEST_CASE("goalposts: clamped linear, either direction") {
  const Rule rule = Goalposts{50, 100};
  CHECK(points(rule, 4, value(50)) == 0);
  CHECK(points(rule, 4, value(49)) == 0);
  CHECK(points(rule, 4, value(75)) == doctest::Approx(2));
  CHECK(points(rule, 4, value(100)) == 4);
  CHECK(points(rule, 4, value(120)) == 4);
  CHECK(evaluate(rule, 4, value(120)).branch == "at or beyond best");
  const Rule lower_better = Goalposts{30, 10};  // days: 10 or fewer is best
  CHECK(points(lower_better, 4, value(10)) == 4);
  CHECK(points(lower_better, 4, value(20)) == doctest::Approx(2));
  CHECK(points(lower_better, 4, value(30)) == 0);
  CHECK(points(lower_better, 4, value(31)) == 0);
  CHECK(check(Goalposts{5, 5}, 4) == "best and worst goalposts are equal");
}

TEST_CASE("pass/fail: done, done late, not done, unanswered") {
  const Rule rule = PassFail{0.5};
  RuleInput input;
  CHECK(unanswered(rule, 2, input));
  input.done = true;
  CHECK(points(rule, 2, input) == 2);
  input.late = true;
  CHECK(points(rule, 2, input) == 1);
  input.done = false;
  CHECK(points(rule, 2, input) == 0);
  CHECK(check(PassFail{1.5}, 2).find("late_share") != std::string::npos);
  CHECK(check(PassFail{-0.1}, 2).find("late_share") != std::string::npos);
  RuleInput strict;
  strict.done = true;
  strict.late = true;
  CHECK(points(PassFail{}, 2, strict) == 0);  // no late share: late earns nothing
}

TEST_CASE("count with cap: per occurrence up to the cap, at and around it") {
  const Rule rule = CountCap{0.5, std::nullopt};
  CHECK(points(rule, 2, value(0)) == 0);
  CHECK(points(rule, 2, value(3)) == doctest::Approx(1.5));
  CHECK(points(rule, 2, value(4)) == 2);
  CHECK(evaluate(rule, 2, value(4)).branch == "capped");
  CHECK(points(rule, 2, value(5)) == 2);
  CHECK(rejected(rule, 2, value(-1)));
  const Rule lower_cap = CountCap{0.5, 1.0};
  CHECK(points(lower_cap, 2, value(5)) == 1);
  CHECK(check(CountCap{0.5, 3.0}, 2).find("cap 3 outside") != std::string::npos);
  CHECK(check(CountCap{0, std::nullopt}, 2).find("must be > 0") != std::string::npos);
}

TEST_CASE("deduction and bonus: floored at 0, capped at max") {
  const Rule deduction = DeductionBonus{-0.5, std::nullopt};
  CHECK(points(deduction, 2, value(0)) == 2);
  CHECK(points(deduction, 2, value(3)) == doctest::Approx(0.5));
  CHECK(points(deduction, 2, value(4)) == 0);
  CHECK(points(deduction, 2, value(10)) == 0);
  CHECK(evaluate(deduction, 2, value(10)).branch == "floored at 0");
  const Rule bonus = DeductionBonus{0.25, std::nullopt};
  CHECK(points(bonus, 1, value(0)) == 0);
  CHECK(points(bonus, 1, value(2)) == doctest::Approx(0.5));
  CHECK(points(bonus, 1, value(4)) == 1);
  CHECK(points(bonus, 1, value(9)) == 1);
  CHECK(evaluate(bonus, 1, value(9)).branch == "capped at maximum");
  const Rule from_three = DeductionBonus{-1, 3.0};
  CHECK(points(from_three, 4, value(1)) == 2);
  CHECK(check(DeductionBonus{0, std::nullopt}, 2).find("≠ 0") != std::string::npos);
  CHECK(check(DeductionBonus{-1, 5.0}, 2).find("start 5 outside") != std::string::npos);
}

TEST_CASE("relative to best: the best unit gets full points") {
  const Rule rule = RelativeToBest{};
  RuleInput input = value(45);
  CHECK(unanswered(rule, 3, input));  // best not given
  input.best = 90;
  CHECK(points(rule, 3, input) == doctest::Approx(1.5));
  input.value = 90;
  CHECK(points(rule, 3, input) == 3);
  input.value = 91;
  CHECK(rejected(rule, 3, input));  // cannot beat the best
  input.value = 0;
  input.best = 0;
  CHECK(points(rule, 3, input) == 3);  // everybody at 0: all best
  const Rule lower = RelativeToBest{true};
  RuleInput days = value(20);
  days.best = 10;
  CHECK(points(lower, 3, days) == doctest::Approx(1.5));
  days.value = 5;
  CHECK(rejected(lower, 3, days));
}

TEST_CASE("survey percentage: max × result ÷ scale") {
  const Rule rule = SurveyPercentage{};
  CHECK(points(rule, 20, value(82.66)) == doctest::Approx(16.532));
  CHECK(points(rule, 20, value(100)) == 20);
  CHECK(points(rule, 20, value(0)) == 0);
  CHECK(rejected(rule, 20, value(100.5)));
  const Rule five_point = SurveyPercentage{5};
  CHECK(points(five_point, 10, value(4)) == doctest::Approx(8));
  CHECK(check(SurveyPercentage{0}, 10).find("must be > 0") != std::string::npos);
}

TEST_CASE("manual: the self-score within [0, max]") {
  const Rule rule = Manual{};
  RuleInput input;
  CHECK(unanswered(rule, 2, input));
  input.self_score = 1.25;
  CHECK(points(rule, 2, input) == 1.25);
  input.self_score = 2;
  CHECK(points(rule, 2, input) == 2);
  input.self_score = 2.01;
  CHECK(rejected(rule, 2, input));
  CHECK(rule_kind(rule) == "manual");
  CHECK_FALSE(reads_value(rule));
  CHECK(reads_value(Saturation{}));
}

TEST_CASE("format_number: shortest round trip") {
  CHECK(format_number(0.1) == "0.1");
  CHECK(format_number(14.5) == "14.5");
  CHECK(format_number(100) == "100");
  CHECK(format_number(-0.0) == "0");
}
