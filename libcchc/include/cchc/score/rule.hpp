// Point rules: the kinds live here, their parameters in the framework file.
//
// Every rule turns one leaf's inputs into points in [0, max] plus an explanation that names the
// branch or threshold applied and the inputs used. Ratios and survey results are percentages
// (0–100), as Vietnamese rules state them. Thresholds are inclusive at their lower end:
// "từ 90% đến dưới 100%" is [90, 100). Formulas and edge cases: docs/score/rules.md.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cchc/detail/coded_error.hpp"
#include "cchc/score/message.hpp"

namespace cchc::score {

/// Full points × value / 100: points proportional to a ratio. Given as numerator and
/// denominator, an empty denominator (0) scores `if_empty` points, or, without it, takes the leaf
/// out as not applicable.
struct Proportional {
  std::optional<double> if_empty;  // in [0, max]
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
/// An empty denominator as for Proportional.
struct Saturation {
  double threshold = 100.0;  // percent, in (0, 100]
  std::optional<double> if_empty;  // in [0, max]
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

/// One term of CappedTerms: min(cap, slope × numerator ÷ denominator) for the named ratio.
struct Term {
  std::string ratio;               // the name the answer gives the ratio ("A", "online_dossiers")
  double slope = 0.0;              // points at a ratio of 1 (100 %), > 0
  std::optional<double> cap;       // in (0, max]; none: the term is not capped on its own
  std::optional<double> if_empty;  // points when the denominator is 0; none: leaf not applicable
  friend bool operator==(const Term&, const Term&) = default;
};
/// min(max, Σ terms): a sum of capped linear terms over several ratios, as the National Public
/// Service Portal scores its online-services and online-payment groups. With a framework that
/// rounds leaf points, each term is rounded before the sum (see evaluate()).
struct CappedTerms {
  std::vector<Term> terms;  // at least one, distinct ratio names
  friend bool operator==(const CappedTerms&, const CappedTerms&) = default;
};

/// The self-score is the score; evidence is always required.
struct Manual {
  friend bool operator==(const Manual&, const Manual&) = default;
};

using Rule = std::variant<Proportional, Steps, Saturation, Goalposts, PassFail, CountCap,
                          DeductionBonus, RelativeToBest, SurveyPercentage, Manual, CappedTerms>;

/// "proportional", "steps", "saturation", "goalposts", "pass_fail", "count_cap",
/// "deduction_bonus", "relative_to_best", "survey_percentage", "manual", "capped_terms".
[[nodiscard]] std::string_view rule_kind(const Rule& rule) noexcept;

/// A count over a count, kept apart so that an empty denominator stays visible.
struct Fraction {
  double numerator = 0.0;
  double denominator = 0.0;
  friend bool operator==(const Fraction&, const Fraction&) = default;
};

/// What a rule reads. Which fields a kind needs: docs/score/rules.md.
struct RuleInput {
  std::optional<double> value;     // percent, count or survey result
  std::optional<Fraction> ratio;   // proportional/saturation: instead of value (value = 100·n/d)
  std::map<std::string, Fraction> ratios;  // capped_terms: by term name
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
  bool not_applicable = false;   // an empty denominator the rule gives no points for
  Message message{};  // the explanation (or problem) as a code and its numbers; empty code: the
                      // explanation has no code yet and is shown as written (docs/i18n.md)
  /// An explanation of several parts (capped_terms: each term, "+", the sum), joined by
  /// spaces, when `message` is empty.
  std::vector<Message> parts{};
};

/// Checks the parameters against the leaf's maximum; the reason of the first problem, or
/// std::nullopt when they are valid. `field` receives the parameter's name.
[[nodiscard]] std::optional<std::string> check_parameters(const Rule& rule, double max_points,
                                                          std::string& field);
/// The same check with the reason as coded sentences (cchc::Error::messages(), docs/i18n.md).
[[nodiscard]] std::optional<detail::CodedReason> check_rule_parameters(const Rule& rule,
                                                                       double max_points,
                                                                       std::string& field);

/// Applies `rule` to `input` for a leaf of maximum `max_points`. `round_terms` rounds each term
/// of a capped_terms rule to that many decimals before the sum (the portal rounds each of its
/// items, and the terms of its composite groups are items); other kinds ignore it.
[[nodiscard]] RuleOutcome evaluate(const Rule& rule, double max_points, const RuleInput& input,
                                   std::optional<int> round_terms = std::nullopt);

/// Whether the rule reads `value` (as opposed to done/self_score/ratios).
[[nodiscard]] bool reads_value(const Rule& rule) noexcept;
/// Whether the rule accepts a numerator and denominator instead of a value.
[[nodiscard]] bool reads_ratio(const Rule& rule) noexcept;

/// `value` rounded half up to `decimals` places (the portal's "2 decimals"). Half up is judged
/// on the decimal value: a binary neighbour of 1.955 (2 × 87 ÷ 89 = 1.95505…) is not at issue,
/// but 3.465 stored as 3.46499999… still rounds to 3.47 (a tolerance of 1e-9 of a unit).
[[nodiscard]] double round_half_up(double value, int decimals);

/// A number as libcchc writes it in explanations and files: shortest round-trip form.
[[nodiscard]] std::string format_number(double value);

}  // namespace cchc::score
