#include "cchc/score/rule.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace cchc::score {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::string n(double value) {
  return format_number(value);
}

RuleOutcome missing(std::string what) {
  return RuleOutcome{std::nullopt, "unanswered", "no " + what + " given", ""};
}

RuleOutcome invalid(std::string problem) {
  return RuleOutcome{std::nullopt, "invalid input", problem, problem};
}

RuleOutcome scored(double points, std::string branch, std::string explanation) {
  return RuleOutcome{points, std::move(branch), std::move(explanation), ""};
}

std::optional<std::string> check_value(const RuleInput& input, double low, double high,
                                       std::string_view what) {
  if (!input.value) return std::nullopt;
  const double value = *input.value;
  if (!std::isfinite(value) || value < low || value > high) {
    return std::string(what) + " " + n(value) + " outside [" + n(low) + ", " +
           (std::isinf(high) ? std::string("∞") : n(high)) + "]";
  }
  return std::nullopt;
}

constexpr double kInfinity = std::numeric_limits<double>::infinity();

}  // namespace

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (value == 0.0) return "0";
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

std::string_view rule_kind(const Rule& rule) noexcept {
  static constexpr std::array<std::string_view, std::variant_size_v<Rule>> names{
      "proportional", "steps",           "saturation",       "goalposts",         "pass_fail",
      "count_cap",    "deduction_bonus", "relative_to_best", "survey_percentage", "manual"};
  return names[rule.index()];
}

bool reads_value(const Rule& rule) noexcept {
  return !std::holds_alternative<PassFail>(rule) && !std::holds_alternative<Manual>(rule);
}

std::optional<std::string> check_parameters(const Rule& rule, double max_points,
                                            std::string& field) {
  const auto finite = [](double v) { return std::isfinite(v); };
  return std::visit(
      Overloaded{
          [](const Proportional&) -> std::optional<std::string> { return std::nullopt; },
          [&](const Steps& steps) -> std::optional<std::string> {
            field = "steps";
            if (steps.steps.empty()) return "steps needs at least one step";
            for (std::size_t i = 0; i < steps.steps.size(); ++i) {
              const Step& step = steps.steps[i];
              if (!finite(step.from))
                return "step " + std::to_string(i + 1) + ": 'from' not finite";
              if (!(step.points >= 0.0 && step.points <= max_points)) {
                return "step from " + n(step.from) + ": points " + n(step.points) +
                       " outside [0, " + n(max_points) + "]";
              }
              if (i > 0 && !(step.from > steps.steps[i - 1].from)) {
                return "step 'from' values must increase strictly (" + n(steps.steps[i - 1].from) +
                       " then " + n(step.from) + ")";
              }
            }
            field = "below";
            if (!(steps.below >= 0.0 && steps.below <= max_points)) {
              return "points below the first step " + n(steps.below) + " outside [0, " +
                     n(max_points) + "]";
            }
            return std::nullopt;
          },
          [&](const Saturation& rule_) -> std::optional<std::string> {
            field = "threshold";
            if (!(rule_.threshold > 0.0 && rule_.threshold <= 100.0)) {
              return "threshold " + n(rule_.threshold) + " outside (0, 100]";
            }
            return std::nullopt;
          },
          [&](const Goalposts& rule_) -> std::optional<std::string> {
            field = "best";
            if (!finite(rule_.worst) || !finite(rule_.best)) return "goalposts must be finite";
            if (rule_.worst == rule_.best) return "best and worst goalposts are equal";
            return std::nullopt;
          },
          [&](const PassFail& rule_) -> std::optional<std::string> {
            field = "late_share";
            if (!(rule_.late_share >= 0.0 && rule_.late_share <= 1.0)) {
              return "late_share " + n(rule_.late_share) + " outside [0, 1]";
            }
            return std::nullopt;
          },
          [&](const CountCap& rule_) -> std::optional<std::string> {
            field = "per_occurrence";
            if (!(rule_.per_occurrence > 0.0) || !finite(rule_.per_occurrence)) {
              return "per_occurrence " + n(rule_.per_occurrence) + " must be > 0";
            }
            field = "cap";
            if (rule_.cap && !(*rule_.cap > 0.0 && *rule_.cap <= max_points)) {
              return "cap " + n(*rule_.cap) + " outside (0, " + n(max_points) + "]";
            }
            return std::nullopt;
          },
          [&](const DeductionBonus& rule_) -> std::optional<std::string> {
            field = "per_occurrence";
            if (rule_.per_occurrence == 0.0 || !finite(rule_.per_occurrence)) {
              return "per_occurrence must be a finite number ≠ 0 (negative: deduction, positive: "
                     "bonus)";
            }
            field = "start";
            if (rule_.start && !(*rule_.start >= 0.0 && *rule_.start <= max_points)) {
              return "start " + n(*rule_.start) + " outside [0, " + n(max_points) + "]";
            }
            return std::nullopt;
          },
          [](const RelativeToBest&) -> std::optional<std::string> { return std::nullopt; },
          [&](const SurveyPercentage& rule_) -> std::optional<std::string> {
            field = "survey_max";
            if (!(rule_.survey_max > 0.0) || !finite(rule_.survey_max)) {
              return "survey_max " + n(rule_.survey_max) + " must be > 0";
            }
            return std::nullopt;
          },
          [](const Manual&) -> std::optional<std::string> { return std::nullopt; },
      },
      rule);
}

RuleOutcome evaluate(const Rule& rule, double max_points, const RuleInput& input) {
  const std::string m = n(max_points);
  return std::visit(
      Overloaded{
          [&](const Proportional&) -> RuleOutcome {
            if (!input.value) return missing("value (percent)");
            if (auto problem = check_value(input, 0, 100, "percentage")) return invalid(*problem);
            const double points = max_points * *input.value / 100.0;
            return scored(points, "proportional", m + " × " + n(*input.value) + "% = " + n(points));
          },
          [&](const Steps& rule_) -> RuleOutcome {
            if (!input.value) return missing("value");
            if (!std::isfinite(*input.value)) return invalid("value is not finite");
            const double value = *input.value;
            for (std::size_t i = rule_.steps.size(); i-- > 0;) {
              const Step& step = rule_.steps[i];
              if (value >= step.from) {
                std::string range = "[" + n(step.from) + ", " +
                                    (i + 1 < rule_.steps.size() ? n(rule_.steps[i + 1].from) + ")"
                                                                : std::string("∞)"));
                return scored(step.points, "step " + range,
                              "value " + n(value) + " in " + range + " → " + n(step.points));
              }
            }
            return scored(
                rule_.below, "below " + n(rule_.steps.front().from),
                "value " + n(value) + " < " + n(rule_.steps.front().from) + " → " + n(rule_.below));
          },
          [&](const Saturation& rule_) -> RuleOutcome {
            if (!input.value) return missing("value (percent)");
            if (auto problem = check_value(input, 0, 100, "percentage")) return invalid(*problem);
            const double value = *input.value;
            if (value >= rule_.threshold) {
              return scored(max_points, "saturated",
                            n(value) + "% ≥ threshold " + n(rule_.threshold) + "% → full " + m);
            }
            const double points = max_points * value / rule_.threshold;
            return scored(points, "linear below threshold",
                          m + " × " + n(value) + " ÷ " + n(rule_.threshold) + " = " + n(points));
          },
          [&](const Goalposts& rule_) -> RuleOutcome {
            if (!input.value) return missing("value");
            if (!std::isfinite(*input.value)) return invalid("value is not finite");
            const double share =
                std::clamp((*input.value - rule_.worst) / (rule_.best - rule_.worst), 0.0, 1.0);
            const double points = max_points * share;
            std::string branch = share >= 1.0   ? "at or beyond best"
                                 : share <= 0.0 ? "at or beyond worst"
                                                : "between goalposts";
            return scored(points, branch,
                          m + " × clamp((" + n(*input.value) + " − " + n(rule_.worst) + ") ÷ (" +
                              n(rule_.best) + " − " + n(rule_.worst) + ")) = " + n(points));
          },
          [&](const PassFail& rule_) -> RuleOutcome {
            if (!input.done) return missing("yes/no answer");
            if (!*input.done) return scored(0.0, "not done", "not done → 0");
            if (input.late) {
              const double points = max_points * rule_.late_share;
              return scored(points, "done late",
                            "done late → " + m + " × " + n(rule_.late_share) + " = " + n(points));
            }
            return scored(max_points, "done", "done → full " + m);
          },
          [&](const CountCap& rule_) -> RuleOutcome {
            if (!input.value) return missing("count");
            if (auto problem = check_value(input, 0, kInfinity, "count")) return invalid(*problem);
            const double cap = rule_.cap.value_or(max_points);
            const double raw = *input.value * rule_.per_occurrence;
            if (raw >= cap) {
              return scored(cap, "capped",
                            n(*input.value) + " × " + n(rule_.per_occurrence) + " = " + n(raw) +
                                " ≥ cap " + n(cap) + " → " + n(cap));
            }
            return scored(raw, "per occurrence",
                          n(*input.value) + " × " + n(rule_.per_occurrence) + " = " + n(raw));
          },
          [&](const DeductionBonus& rule_) -> RuleOutcome {
            if (!input.value) return missing("count of occurrences");
            if (auto problem = check_value(input, 0, kInfinity, "count")) return invalid(*problem);
            const double start =
                rule_.start.value_or(rule_.per_occurrence < 0.0 ? max_points : 0.0);
            const double raw = start + *input.value * rule_.per_occurrence;
            const double points = std::clamp(raw, 0.0, max_points);
            std::string branch = raw <= 0.0                   ? "floored at 0"
                                 : raw >= max_points          ? "capped at maximum"
                                 : rule_.per_occurrence < 0.0 ? "deduction"
                                                              : "bonus";
            return scored(points, branch,
                          n(start) + " + " + n(*input.value) + " × " + n(rule_.per_occurrence) +
                              " = " + n(raw) + " → " + n(points));
          },
          [&](const RelativeToBest& rule_) -> RuleOutcome {
            if (!input.value) return missing("value");
            if (!input.best) return missing("best unit's value");
            if (auto problem = check_value(input, 0, kInfinity, "value")) return invalid(*problem);
            const double value = *input.value;
            const double best = *input.best;
            if (!std::isfinite(best) || best < 0.0)
              return invalid("best value " + n(best) + " < 0");
            if (!rule_.lower_is_better) {
              if (value > best) return invalid("value " + n(value) + " above the best " + n(best));
              if (best == 0.0) return scored(max_points, "best is 0", "all units at 0 → full " + m);
              const double points = max_points * value / best;
              return scored(points, "relative to best",
                            m + " × " + n(value) + " ÷ best " + n(best) + " = " + n(points));
            }
            if (value < best) return invalid("value " + n(value) + " below the best " + n(best));
            if (value == 0.0) return scored(max_points, "at best", "value 0 = best → full " + m);
            const double points = max_points * best / value;
            return scored(points, "relative to best (lower is better)",
                          m + " × best " + n(best) + " ÷ " + n(value) + " = " + n(points));
          },
          [&](const SurveyPercentage& rule_) -> RuleOutcome {
            if (!input.value) return missing("survey result");
            if (auto problem = check_value(input, 0, rule_.survey_max, "survey result")) {
              return invalid(*problem);
            }
            const double points = max_points * *input.value / rule_.survey_max;
            return scored(
                points, "survey",
                m + " × " + n(*input.value) + " ÷ " + n(rule_.survey_max) + " = " + n(points));
          },
          [&](const Manual&) -> RuleOutcome {
            if (!input.self_score) return missing("self-score");
            const double self = *input.self_score;
            if (!std::isfinite(self) || self < 0.0 || self > max_points) {
              return invalid("self-score " + n(self) + " outside [0, " + m + "]");
            }
            return scored(self, "manual", "self-scored " + n(self) + " (evidence required)");
          },
      },
      rule);
}

}  // namespace cchc::score
