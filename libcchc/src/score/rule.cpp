#include "cchc/score/rule.hpp"

#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/score.hpp"

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

constexpr double kInfinity = std::numeric_limits<double>::infinity();

using Arguments = std::vector<std::pair<std::string_view, MessageValue>>;

// The same three outcomes with their message (docs/i18n.md): the English is english(message).
RuleOutcome missing_input(std::string_view code) {
  Message message{code, {}};
  RuleOutcome outcome{std::nullopt, "unanswered", english(message), ""};
  outcome.message = std::move(message);
  return outcome;
}

RuleOutcome invalid(Message message) {
  std::string problem = english(message);
  RuleOutcome outcome{std::nullopt, "invalid input", problem, problem};
  outcome.message = std::move(message);
  return outcome;
}

RuleOutcome scored(double points, std::string branch, std::string_view code,
                   Arguments arguments) {
  Message message{code, std::move(arguments)};
  RuleOutcome outcome{points, std::move(branch), english(message), ""};
  outcome.message = std::move(message);
  return outcome;
}

/// The message of a value outside [low, high], or none; `code` names what the value is.
std::optional<Message> out_of_range(const RuleInput& input, double low, double high,
                                    std::string_view code) {
  if (!input.value) return std::nullopt;
  const double value = *input.value;
  if (!std::isfinite(value) || value < low || value > high) {
    return Message{code, {{"value", value}, {"low", low}, {"high", high}}};
  }
  return std::nullopt;
}

using detail::score_error;
using Problem = detail::CodedReason;

std::optional<Problem> check_if_empty(const std::optional<double>& if_empty, double high,
                                      std::string& field, std::string name) {
  if (if_empty && !(*if_empty >= 0.0 && *if_empty <= high)) {
    field = std::move(name);
    return Problem(score_error("rule.if_empty"), {{"value", n(*if_empty)}, {"max", n(high)}});
  }
  return std::nullopt;
}

/// The problem with a fraction, if any: counts must be finite, ≥ 0, numerator ≤ denominator.
// The problem of a ratio's counts, or none; `term` names the capped_terms term it belongs to.
std::optional<Message> fraction_problem(const Fraction& f, const std::string* term = nullptr) {
  const bool counts = !std::isfinite(f.numerator) || !std::isfinite(f.denominator) ||
                      f.numerator < 0.0 || f.denominator < 0.0;
  if (!counts && f.numerator <= f.denominator) return std::nullopt;
  Message message{term == nullptr
                      ? (counts ? "rule.invalid.ratio_counts" : "rule.invalid.ratio_above")
                      : (counts ? "rule.invalid.term_ratio_counts" : "rule.invalid.term_ratio_above"),
                  {{"numerator", f.numerator}, {"denominator", f.denominator}}};
  if (term != nullptr) message.arguments.emplace_back("ratio", *term);
  return message;
}

/// For proportional and saturation: the value from a ratio, or the outcome of an empty one.
/// Returns std::nullopt when `input` gives a plain value (or nothing).
std::optional<RuleOutcome> from_ratio(const RuleInput& input, const std::optional<double>& if_empty,
                                      RuleInput& with_value) {
  if (!input.ratio) return std::nullopt;
  if (input.value) return invalid(Message{"rule.invalid.value_and_ratio", {}});
  const Fraction& f = *input.ratio;
  if (auto problem = fraction_problem(f)) return invalid(std::move(*problem));
  const std::string text = n(f.numerator) + "/" + n(f.denominator);
  if (f.denominator == 0.0) {
    if (if_empty) {
      return scored(*if_empty, "empty denominator", "rule.ratio.if_empty",
                    {{"points", *if_empty}});
    }
    Message message{"rule.ratio.not_applicable", {}};
    RuleOutcome outcome{std::nullopt, "empty denominator", english(message), ""};
    outcome.message = std::move(message);
    outcome.not_applicable = true;
    return outcome;
  }
  with_value.value = 100.0 * f.numerator / f.denominator;
  with_value.ratio.reset();
  return std::nullopt;
}

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
      "count_cap",    "deduction_bonus", "relative_to_best", "survey_percentage", "manual",
      "capped_terms"};
  return names[rule.index()];
}

bool reads_value(const Rule& rule) noexcept {
  return !std::holds_alternative<PassFail>(rule) && !std::holds_alternative<Manual>(rule) &&
         !std::holds_alternative<CappedTerms>(rule);
}

bool reads_ratio(const Rule& rule) noexcept {
  return std::holds_alternative<Proportional>(rule) || std::holds_alternative<Saturation>(rule);
}

double round_half_up(double value, int decimals) {
  if (!std::isfinite(value)) return value;
  const double scale = std::pow(10.0, decimals);
  const double scaled = value * scale;
  // Decimal halves stored just below (3.465 → 3.46499999…) still go up; see the header.
  return std::copysign(std::floor(std::abs(scaled) + 0.5 + 1e-9), scaled) / scale;
}

std::optional<detail::CodedReason> check_rule_parameters(const Rule& rule, double max_points,
                                                         std::string& field) {
  const auto finite = [](double v) { return std::isfinite(v); };
  return std::visit(
      Overloaded{
          [&](const Proportional& rule_) -> std::optional<Problem> {
            return check_if_empty(rule_.if_empty, max_points, field, "if_empty");
          },
          [&](const CappedTerms& rule_) -> std::optional<Problem> {
            field = "terms";
            if (rule_.terms.empty()) return Problem(score_error("rule.terms_empty"));
            for (std::size_t i = 0; i < rule_.terms.size(); ++i) {
              const Term& term = rule_.terms[i];
              const std::string which = std::to_string(i + 1);
              if (term.ratio.empty())
                return Problem(score_error("rule.term_ratio_missing"), {{"term", which}});
              for (std::size_t j = 0; j < i; ++j) {
                if (rule_.terms[j].ratio == term.ratio) {
                  return Problem(
                      score_error("rule.term_ratio_twice"),
                      {{"term", which}, {"ratio", term.ratio}, {"first", std::to_string(j + 1)}});
                }
              }
              if (!(term.slope > 0.0) || !finite(term.slope)) {
                return Problem(score_error("rule.term_slope"),
                               {{"term", which}, {"ratio", term.ratio}, {"slope", n(term.slope)}});
              }
              if (term.cap && !(*term.cap > 0.0 && *term.cap <= max_points)) {
                return Problem(score_error("rule.term_cap"), {{"term", which},
                                                              {"ratio", term.ratio},
                                                              {"cap", n(*term.cap)},
                                                              {"max", n(max_points)}});
              }
              const double term_max = term.cap ? std::min(*term.cap, term.slope) : term.slope;
              if (auto problem = check_if_empty(term.if_empty, term_max, field, "terms")) {
                return Problem(score_error("rule.term"), {{"term", which}, {"ratio", term.ratio}})
                    .then(*problem);
              }
            }
            field = "terms";
            return std::nullopt;
          },
          [&](const Steps& steps) -> std::optional<Problem> {
            field = "steps";
            if (steps.steps.empty()) return Problem(score_error("rule.steps_empty"));
            for (std::size_t i = 0; i < steps.steps.size(); ++i) {
              const Step& step = steps.steps[i];
              if (!finite(step.from))
                return Problem(score_error("rule.step_from_not_finite"),
                               {{"step", std::to_string(i + 1)}});
              if (!(step.points >= 0.0 && step.points <= max_points)) {
                return Problem(
                    score_error("rule.step_points"),
                    {{"from", n(step.from)}, {"points", n(step.points)}, {"max", n(max_points)}});
              }
              if (i > 0 && !(step.from > steps.steps[i - 1].from)) {
                return Problem(score_error("rule.steps_order"),
                               {{"previous", n(steps.steps[i - 1].from)}, {"from", n(step.from)}});
              }
            }
            field = "below";
            if (!(steps.below >= 0.0 && steps.below <= max_points)) {
              return Problem(score_error("rule.steps_below"),
                             {{"below", n(steps.below)}, {"max", n(max_points)}});
            }
            return std::nullopt;
          },
          [&](const Saturation& rule_) -> std::optional<Problem> {
            field = "threshold";
            if (!(rule_.threshold > 0.0 && rule_.threshold <= 100.0)) {
              return Problem(score_error("rule.threshold"), {{"threshold", n(rule_.threshold)}});
            }
            return check_if_empty(rule_.if_empty, max_points, field, "if_empty");
          },
          [&](const Goalposts& rule_) -> std::optional<Problem> {
            field = "best";
            if (!finite(rule_.worst) || !finite(rule_.best))
              return Problem(score_error("rule.goalposts_finite"));
            if (rule_.worst == rule_.best) return Problem(score_error("rule.goalposts_equal"));
            return std::nullopt;
          },
          [&](const PassFail& rule_) -> std::optional<Problem> {
            field = "late_share";
            if (!(rule_.late_share >= 0.0 && rule_.late_share <= 1.0)) {
              return Problem(score_error("rule.late_share"), {{"value", n(rule_.late_share)}});
            }
            return std::nullopt;
          },
          [&](const CountCap& rule_) -> std::optional<Problem> {
            field = "per_occurrence";
            if (!(rule_.per_occurrence > 0.0) || !finite(rule_.per_occurrence)) {
              return Problem(score_error("rule.per_occurrence"),
                             {{"value", n(rule_.per_occurrence)}});
            }
            field = "cap";
            if (rule_.cap && !(*rule_.cap > 0.0 && *rule_.cap <= max_points)) {
              return Problem(score_error("rule.cap"),
                             {{"cap", n(*rule_.cap)}, {"max", n(max_points)}});
            }
            return std::nullopt;
          },
          [&](const DeductionBonus& rule_) -> std::optional<Problem> {
            field = "per_occurrence";
            if (rule_.per_occurrence == 0.0 || !finite(rule_.per_occurrence)) {
              return Problem(score_error("rule.per_occurrence_zero"));
            }
            field = "start";
            if (rule_.start && !(*rule_.start >= 0.0 && *rule_.start <= max_points)) {
              return Problem(score_error("rule.start"),
                             {{"start", n(*rule_.start)}, {"max", n(max_points)}});
            }
            return std::nullopt;
          },
          [](const RelativeToBest&) -> std::optional<Problem> { return std::nullopt; },
          [&](const SurveyPercentage& rule_) -> std::optional<Problem> {
            field = "survey_max";
            if (!(rule_.survey_max > 0.0) || !finite(rule_.survey_max)) {
              return Problem(score_error("rule.survey_max"), {{"value", n(rule_.survey_max)}});
            }
            return std::nullopt;
          },
          [](const Manual&) -> std::optional<Problem> { return std::nullopt; },
      },
      rule);
}

std::optional<std::string> check_parameters(const Rule& rule, double max_points,
                                            std::string& field) {
  if (auto problem = check_rule_parameters(rule, max_points, field)) return problem->english();
  return std::nullopt;
}

RuleOutcome evaluate(const Rule& rule, double max_points, const RuleInput& input,
                     std::optional<int> round_terms) {
  const std::string m = n(max_points);
  const double max = max_points;
  return std::visit(
      Overloaded{
          [&](const Proportional& rule_) -> RuleOutcome {
            RuleInput in = input;
            if (auto outcome = from_ratio(input, rule_.if_empty, in)) return *outcome;
            if (!in.value) return missing_input("rule.missing.value_percent");
            if (auto problem = out_of_range(in, 0, 100, "rule.invalid.percentage_range"))
              return invalid(std::move(*problem));
            const double points = max_points * *in.value / 100.0;
            if (input.ratio) {
              return scored(points, "proportional", "rule.proportional.ratio",
                            {{"max", max},
                             {"numerator", input.ratio->numerator},
                             {"denominator", input.ratio->denominator},
                             {"points", points}});
            }
            return scored(points, "proportional", "rule.proportional",
                          {{"max", max}, {"value", *in.value}, {"points", points}});
          },
          [&](const Steps& rule_) -> RuleOutcome {
            if (!input.value) return missing_input("rule.missing.value");
            if (!std::isfinite(*input.value)) return invalid(Message{"rule.invalid.not_finite", {}});
            const double value = *input.value;
            for (std::size_t i = rule_.steps.size(); i-- > 0;) {
              const Step& step = rule_.steps[i];
              if (value >= step.from) {
                const bool top = i + 1 == rule_.steps.size();
                std::string range = "[" + n(step.from) + ", " +
                                    (top ? std::string("∞)") : n(rule_.steps[i + 1].from) + ")");
                if (top) {
                  return scored(step.points, "step " + range, "rule.steps.top",
                                {{"value", value}, {"from", step.from}, {"points", step.points}});
                }
                return scored(step.points, "step " + range, "rule.steps.range",
                              {{"value", value},
                               {"from", step.from},
                               {"to", rule_.steps[i + 1].from},
                               {"points", step.points}});
              }
            }
            return scored(rule_.below, "below " + n(rule_.steps.front().from), "rule.steps.below",
                          {{"value", value},
                           {"from", rule_.steps.front().from},
                           {"points", rule_.below}});
          },
          [&](const Saturation& rule_) -> RuleOutcome {
            RuleInput in = input;
            if (auto outcome = from_ratio(input, rule_.if_empty, in)) return *outcome;
            if (!in.value) return missing_input("rule.missing.value_percent");
            if (auto problem = out_of_range(in, 0, 100, "rule.invalid.percentage_range"))
              return invalid(std::move(*problem));
            const double value = *in.value;
            if (value >= rule_.threshold) {
              return scored(max_points, "saturated", "rule.saturation.full",
                            {{"value", value}, {"threshold", rule_.threshold}, {"max", max}});
            }
            const double points = max_points * value / rule_.threshold;
            return scored(
                points, "linear below threshold", "rule.saturation.linear",
                {{"max", max}, {"value", value}, {"threshold", rule_.threshold}, {"points", points}});
          },
          [&](const Goalposts& rule_) -> RuleOutcome {
            if (!input.value) return missing_input("rule.missing.value");
            if (!std::isfinite(*input.value)) return invalid(Message{"rule.invalid.not_finite", {}});
            const double share =
                std::clamp((*input.value - rule_.worst) / (rule_.best - rule_.worst), 0.0, 1.0);
            const double points = max_points * share;
            std::string branch = share >= 1.0   ? "at or beyond best"
                                 : share <= 0.0 ? "at or beyond worst"
                                                : "between goalposts";
            return scored(points, branch, "rule.goalposts",
                          {{"max", max},
                           {"value", *input.value},
                           {"worst", rule_.worst},
                           {"best", rule_.best},
                           {"points", points}});
          },
          [&](const PassFail& rule_) -> RuleOutcome {
            if (!input.done) return missing_input("rule.missing.yes_no");
            if (!*input.done) return scored(0.0, "not done", "rule.pass_fail.not_done", {});
            if (input.late) {
              const double points = max_points * rule_.late_share;
              return scored(points, "done late", "rule.pass_fail.late",
                            {{"max", max}, {"share", rule_.late_share}, {"points", points}});
            }
            return scored(max_points, "done", "rule.pass_fail.done", {{"max", max}});
          },
          [&](const CountCap& rule_) -> RuleOutcome {
            if (!input.value) return missing_input("rule.missing.count");
            if (auto problem = out_of_range(input, 0, kInfinity, "rule.invalid.count_range"))
              return invalid(std::move(*problem));
            const double cap = rule_.cap.value_or(max_points);
            const double raw = *input.value * rule_.per_occurrence;
            if (raw >= cap) {
              return scored(cap, "capped", "rule.count_cap.capped",
                            {{"count", *input.value},
                             {"per_occurrence", rule_.per_occurrence},
                             {"raw", raw},
                             {"cap", cap}});
            }
            return scored(raw, "per occurrence", "rule.count_cap.counted",
                          {{"count", *input.value},
                           {"per_occurrence", rule_.per_occurrence},
                           {"raw", raw}});
          },
          [&](const DeductionBonus& rule_) -> RuleOutcome {
            if (!input.value) return missing_input("rule.missing.occurrences");
            if (auto problem = out_of_range(input, 0, kInfinity, "rule.invalid.count_range"))
              return invalid(std::move(*problem));
            const double start =
                rule_.start.value_or(rule_.per_occurrence < 0.0 ? max_points : 0.0);
            const double raw = start + *input.value * rule_.per_occurrence;
            const double points = std::clamp(raw, 0.0, max_points);
            std::string branch = raw <= 0.0                   ? "floored at 0"
                                 : raw >= max_points          ? "capped at maximum"
                                 : rule_.per_occurrence < 0.0 ? "deduction"
                                                              : "bonus";
            return scored(points, branch, "rule.deduction_bonus",
                          {{"start", start},
                           {"count", *input.value},
                           {"per_occurrence", rule_.per_occurrence},
                           {"raw", raw},
                           {"points", points}});
          },
          [&](const RelativeToBest& rule_) -> RuleOutcome {
            if (!input.value) return missing_input("rule.missing.value");
            if (!input.best) return missing_input("rule.missing.best");
            if (auto problem = out_of_range(input, 0, kInfinity, "rule.invalid.value_range"))
              return invalid(std::move(*problem));
            const double value = *input.value;
            const double best = *input.best;
            if (!std::isfinite(best) || best < 0.0)
              return invalid(Message{"rule.invalid.best_negative", {{"best", best}}});
            if (!rule_.lower_is_better) {
              if (value > best)
                return invalid(
                    Message{"rule.invalid.above_best", {{"value", value}, {"best", best}}});
              if (best == 0.0)
                return scored(max_points, "best is 0", "rule.relative.all_zero", {{"max", max}});
              const double points = max_points * value / best;
              return scored(points, "relative to best", "rule.relative.higher",
                            {{"max", max}, {"value", value}, {"best", best}, {"points", points}});
            }
            if (value < best)
              return invalid(
                  Message{"rule.invalid.below_best", {{"value", value}, {"best", best}}});
            if (value == 0.0)
              return scored(max_points, "at best", "rule.relative.at_best", {{"max", max}});
            const double points = max_points * best / value;
            return scored(points, "relative to best (lower is better)", "rule.relative.lower",
                          {{"max", max}, {"best", best}, {"value", value}, {"points", points}});
          },
          [&](const SurveyPercentage& rule_) -> RuleOutcome {
            if (!input.value) return missing_input("rule.missing.survey_result");
            if (auto problem =
                    out_of_range(input, 0, rule_.survey_max, "rule.invalid.survey_range")) {
              return invalid(std::move(*problem));
            }
            const double points = max_points * *input.value / rule_.survey_max;
            return scored(points, "survey", "rule.survey",
                          {{"max", max},
                           {"value", *input.value},
                           {"survey_max", rule_.survey_max},
                           {"points", points}});
          },
          [&](const Manual&) -> RuleOutcome {
            if (!input.self_score) return missing_input("rule.missing.self_score");
            const double self = *input.self_score;
            if (!std::isfinite(self) || self < 0.0 || self > max_points) {
              return invalid(
                  Message{"rule.invalid.self_score_range", {{"self", self}, {"max", max}}});
            }
            return scored(self, "manual", "rule.manual", {{"self", self}});
          },
          [&](const CappedTerms& rule_) -> RuleOutcome {
            if (input.ratios.empty()) return missing_input("rule.missing.ratios");
            for (const auto& entry : input.ratios) {
              // Not a structured binding: clang 14 cannot capture one in the lambda.
              const std::string& name = entry.first;
              const bool known =
                  std::any_of(rule_.terms.begin(), rule_.terms.end(),
                              [&](const Term& term) { return term.ratio == name; });
              if (!known) {
                return invalid(Message{"rule.invalid.unknown_term", {{"ratio", name}}});
              }
            }
            double sum = 0.0;
            std::vector<Message> parts;  // the explanation, its parts joined by spaces
            bool any_capped = false;
            for (const Term& term : rule_.terms) {
              const auto found = input.ratios.find(term.ratio);
              if (found == input.ratios.end()) {
                return invalid(Message{"rule.invalid.term_missing", {{"ratio", term.ratio}}});
              }
              const Fraction& f = found->second;
              if (auto problem = fraction_problem(f, &term.ratio)) {
                return invalid(std::move(*problem));
              }
              if (!parts.empty()) parts.push_back(Message{"rule.capped_terms.plus", {}});
              double points = 0.0;
              if (f.denominator == 0.0) {
                if (!term.if_empty) {
                  Message message{"rule.capped_terms.not_applicable", {{"ratio", term.ratio}}};
                  RuleOutcome outcome{std::nullopt, "empty denominator", english(message), ""};
                  outcome.message = std::move(message);
                  outcome.not_applicable = true;
                  return outcome;
                }
                points = *term.if_empty;
                parts.push_back(Message{"rule.capped_terms.empty",
                                        {{"ratio", term.ratio}, {"points", points}}});
              } else {
                const double raw = term.slope * f.numerator / f.denominator;
                points = term.cap ? std::min(*term.cap, raw) : raw;
                parts.push_back(Message{"rule.capped_terms.term",
                                        {{"ratio", term.ratio},
                                         {"slope", term.slope},
                                         {"numerator", f.numerator},
                                         {"denominator", f.denominator},
                                         {"raw", raw}}});
                if (term.cap && raw >= *term.cap) {
                  parts.push_back(Message{"rule.capped_terms.cap", {{"cap", *term.cap}}});
                  any_capped = true;
                }
                if (round_terms) {
                  const double rounded = round_half_up(points, *round_terms);
                  if (rounded != points) {
                    parts.push_back(Message{"rule.capped_terms.rounded", {{"points", rounded}}});
                  }
                  points = rounded;
                }
              }
              sum += points;
            }
            const double points = std::min(max_points, sum);
            parts.push_back(Message{"rule.capped_terms.sum", {{"raw", sum}}});
            if (sum > max_points) {
              parts.push_back(Message{"rule.capped_terms.maximum", {{"max", max}}});
            }
            std::string text;
            for (const Message& part : parts) {
              if (!text.empty()) text += ' ';
              text += english(part);
            }
            RuleOutcome outcome{points,
                                sum > max_points ? "capped at maximum"
                                : any_capped     ? "sum of terms (some capped)"
                                                 : "sum of terms",
                                std::move(text), ""};
            outcome.parts = std::move(parts);
            return outcome;
          },
      },
      rule);
}

}  // namespace cchc::score
