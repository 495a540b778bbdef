// Point rules: the kinds live here, their parameters in the framework file.
//
// Every rule turns one leaf's inputs into points in [0, max] plus an explanation that names the
// branch or threshold applied and the inputs used. Ratios and survey results are percentages
// (0–100), as Vietnamese rules state them. Thresholds are inclusive at their lower end:
// "từ 90% đến dưới 100%" is [90, 100). Formulas and edge cases: docs/score/rules.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cchc/score/message.hpp"

namespace cchc::score {

/// Full points × min(1, max(0, value) / 100): points proportional to a ratio.
struct Proportional {
  friend bool operator==(const Proportional&, const Proportional&) = default;
};

/// One step: from `from` (inclusive) up to the next step's `from` (exclusive), `points`.
struct Step {
  double from = 0.0;
  double points = 0.0;
  friend bool operator==(const Step&, const Step&) = default;
};
/// Steps/thresholds: the step with the greatest `from` ≤ value; below every step, `below`.
struct Steps {
  std::vector<Step> steps;  // strictly increasing `from`
  double below = 0.0;
  friend bool operator==(const Steps&, const Steps&) = default;
};

/// Decision 766: max × min(1, value / threshold) — full from `threshold` (inclusive), linear below.
struct Saturation {
  double threshold = 100.0;  // percent, in (0, 100]
  friend bool operator==(const Saturation&, const Saturation&) = default;
};

/// max × clamp((value − worst) / (best − worst), 0, 1); best < worst means lower is better.
struct Goalposts {
  double worst = 0.0;
  double best = 100.0;
  friend bool operator==(const Goalposts&, const Goalposts&) = default;
};

/// Done → max; done late → max × late_share; not done → 0.
struct PassFail {
  double late_share = 0.0;  // in [0, 1]
  friend bool operator==(const PassFail&, const PassFail&) = default;
};

/// min(cap, count × per_occurrence); cap defaults to the leaf's maximum.
struct CountCap {
  double per_occurrence = 1.0;  // > 0
  std::optional<double> cap;    // in (0, max]
  friend bool operator==(const CountCap&, const CountCap&) = default;
};

/// clamp(start + count × per_occurrence, 0, max): deductions (per_occurrence < 0, start = max
/// by default) floored at 0 within the criterion, or bonuses (per_occurrence > 0, start = 0 by
/// default) capped at the maximum.
struct DeductionBonus {
  double per_occurrence = -1.0;  // ≠ 0
  std::optional<double> start;   // in [0, max]
  friend bool operator==(const DeductionBonus&, const DeductionBonus&) = default;
};

/// max × value / best, best being the best unit's value (given, or the best of a batch);
/// lower_is_better gives max × best / value.
struct RelativeToBest {
  bool lower_is_better = false;
  friend bool operator==(const RelativeToBest&, const RelativeToBest&) = default;
};

/// max × value / survey_max: survey results entered as a percentage (or on another scale).
struct SurveyPercentage {
  double survey_max = 100.0;  // > 0
  friend bool operator==(const SurveyPercentage&, const SurveyPercentage&) = default;
};

/// The self-score is the score; evidence is always required.
struct Manual {
  friend bool operator==(const Manual&, const Manual&) = default;
};

using Rule = std::variant<Proportional, Steps, Saturation, Goalposts, PassFail, CountCap,
                          DeductionBonus, RelativeToBest, SurveyPercentage, Manual>;

/// "proportional", "steps", "saturation", "goalposts", "pass_fail", "count_cap",
/// "deduction_bonus", "relative_to_best", "survey_percentage", "manual".
[[nodiscard]] std::string_view rule_kind(const Rule& rule) noexcept;

/// What a rule reads. Which fields a kind needs: docs/score/rules.md.
struct RuleInput {
  std::optional<double> value;  // percent, count or survey result
  std::optional<bool> done;     // pass/fail
  bool late = false;            // pass/fail: done, but late
  std::optional<double> best;   // relative_to_best: the best unit's value
  std::optional<double> self_score;
  friend bool operator==(const RuleInput&, const RuleInput&) = default;
};

struct RuleOutcome {
  std::optional<double> points;  // std::nullopt when the inputs the rule needs are missing
  std::string branch;            // e.g. "step from 90: 0.5", "saturated (value ≥ 80)"
  std::string explanation;       // the formula with the numbers filled in: english(message)
  std::string problem;           // non-empty when an input is invalid (then points is nullopt)
  Message message;               // the explanation (or the problem) as a code and its numbers
};

/// Checks the parameters against the leaf's maximum; the reason of the first problem, or
/// std::nullopt when they are valid. `field` receives the parameter's name.
[[nodiscard]] std::optional<std::string> check_parameters(const Rule& rule, double max_points,
                                                          std::string& field);

/// Applies `rule` to `input` for a leaf of maximum `max_points`.
[[nodiscard]] RuleOutcome evaluate(const Rule& rule, double max_points, const RuleInput& input);

/// Whether the rule reads `value` (as opposed to done/self_score).
[[nodiscard]] bool reads_value(const Rule& rule) noexcept;

/// A number as libcchc writes it in explanations and files: shortest round-trip form.
[[nodiscard]] std::string format_number(double value);

}  // namespace cchc::score
