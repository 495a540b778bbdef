#include "cchc/score/message.hpp"

#include <algorithm>
#include <cmath>

#include "cchc/error.hpp"
#include "cchc/score/rule.hpp"

namespace cchc::score {

const std::vector<std::pair<std::string_view, std::string_view>>& message_templates() noexcept {
  // The Python package keeps the same templates as its msgids (cchc/messages.py); a test
  // compares the two lists, so a code added here must be added there, with its translation.
  static const std::vector<std::pair<std::string_view, std::string_view>> templates{
      // A sentence the engine has no code for yet, as it is written: shown in English.
      {"engine.text", "{text}"},
      {"rule.missing.value_percent", "no value (percent) given"},
      {"rule.missing.value", "no value given"},
      {"rule.missing.yes_no", "no yes/no answer given"},
      {"rule.missing.count", "no count given"},
      {"rule.missing.occurrences", "no count of occurrences given"},
      {"rule.missing.best", "no best unit's value given"},
      {"rule.missing.survey_result", "no survey result given"},
      {"rule.missing.self_score", "no self-score given"},
      {"rule.invalid.percentage_range", "percentage {value} outside [{low}, {high}]"},
      {"rule.invalid.count_range", "count {value} outside [{low}, {high}]"},
      {"rule.invalid.value_range", "value {value} outside [{low}, {high}]"},
      {"rule.invalid.survey_range", "survey result {value} outside [{low}, {high}]"},
      {"rule.invalid.not_finite", "value is not finite"},
      {"rule.invalid.best_negative", "best value {best} < 0"},
      {"rule.invalid.above_best", "value {value} above the best {best}"},
      {"rule.invalid.below_best", "value {value} below the best {best}"},
      {"rule.invalid.self_score_range", "self-score {self} outside [0, {max}]"},
      {"rule.proportional", "{max} × {value}% = {points}"},
      {"rule.steps.range", "value {value} in [{from}, {to}) → {points}"},
      {"rule.steps.top", "value {value} in [{from}, ∞) → {points}"},
      {"rule.steps.below", "value {value} < {from} → {points}"},
      {"rule.saturation.full", "{value}% ≥ threshold {threshold}% → full {max}"},
      {"rule.saturation.linear", "{max} × {value} ÷ {threshold} = {points}"},
      {"rule.goalposts", "{max} × clamp(({value} − {worst}) ÷ ({best} − {worst})) = {points}"},
      {"rule.pass_fail.not_done", "not done → 0"},
      {"rule.pass_fail.late", "done late → {max} × {share} = {points}"},
      {"rule.pass_fail.done", "done → full {max}"},
      {"rule.count_cap.capped", "{count} × {per_occurrence} = {raw} ≥ cap {cap} → {cap}"},
      {"rule.count_cap.counted", "{count} × {per_occurrence} = {raw}"},
      {"rule.deduction_bonus", "{start} + {count} × {per_occurrence} = {raw} → {points}"},
      {"rule.relative.all_zero", "all units at 0 → full {max}"},
      {"rule.relative.higher", "{max} × {value} ÷ best {best} = {points}"},
      {"rule.relative.at_best", "value 0 = best → full {max}"},
      {"rule.relative.lower", "{max} × best {best} ÷ {value} = {points}"},
      {"rule.survey", "{max} × {value} ÷ {survey_max} = {points}"},
      {"rule.manual", "self-scored {self} (evidence required)"},
      {"leaf.not_applicable", "không áp dụng: leaves the score and the maximum"},
      {"leaf.done_false_but_dated", "done = false but done on {date}"},
      {"leaf.late_but_on_time", "late = true but done on {date}, by the deadline {deadline}"},
      {"leaf.unanswered", "no inputs and no self-score: 0 points"},
      {"leaf.external", "scored by {scorer}: {points}"},
      {"leaf.awaiting", "scored by {scorer}, not by the unit: no score yet (0 points)"},
      {"leaf.claimed_above_max", "claimed {self} of {max}, counted {max}"},
      {"rule.proportional.ratio", "{max} × {numerator}/{denominator} = {points}"},
      {"rule.ratio.if_empty", "denominator 0 → {points} (if_empty)"},
      {"rule.ratio.not_applicable", "denominator 0: not applicable (no if_empty)"},
      {"rule.invalid.value_and_ratio", "give a value or a numerator and denominator, not both"},
      {"rule.invalid.ratio_counts",
       "ratio {numerator}/{denominator}: counts must be finite numbers ≥ 0"},
      {"rule.invalid.ratio_above", "ratio {numerator}/{denominator}: numerator above the denominator"},
      {"rule.invalid.term_ratio_counts",
       "ratio '{ratio}' {numerator}/{denominator}: counts must be finite numbers ≥ 0"},
      {"rule.invalid.term_ratio_above",
       "ratio '{ratio}' {numerator}/{denominator}: numerator above the denominator"},
      {"rule.invalid.unknown_term", "ratio '{ratio}' is not a term of this rule"},
      {"rule.invalid.term_missing", "ratio '{ratio}' missing (every term needs its ratio)"},
      {"rule.missing.ratios", "no ratios (numerator/denominator per term) given"},
      // capped_terms: its explanation is these parts joined by spaces.
      {"rule.capped_terms.term", "{ratio}: {slope} × {numerator}/{denominator} = {raw}"},
      {"rule.capped_terms.cap", "→ cap {cap}"},
      {"rule.capped_terms.rounded", "≈ {points}"},
      {"rule.capped_terms.empty", "{ratio}: denominator 0 → {points}"},
      {"rule.capped_terms.plus", "+"},
      {"rule.capped_terms.sum", "= {raw}"},
      {"rule.capped_terms.maximum", "→ maximum {max}"},
      {"rule.capped_terms.not_applicable",
       "ratio '{ratio}': denominator 0: not applicable (no if_empty)"},
      {"node.aggregate", "{aggregation} of its applicable children, maximum {max}"},
      {"finding.self_score_invalid", "self-score {self} is not a number ≥ 0"},
      {"finding.self_score_above_max", "self-score {self} above the maximum {max}"},
      {"finding.appraised_out_of_range", "appraised score {appraised} outside [0, {max}]"},
      {"finding.appraised_not_finite", "appraised score {appraised} is not a finite number"},
      {"finding.value_differs_from_data",
       "declared value {declared} but the data give {value} ({source})"},
      {"finding.self_score_differs",
       "self-score {self} but the rule gives {points} ({explanation})"},
      {"finding.self_score_above_max_counted",
       "self-score {self} above the maximum {max}: counted as {max}"},
      {"finding.rule_gives", "the rule gives {points} ({explanation})"},
      {"finding.done_differs_from_data",
       "declared {declared} but the data give {given} ({source})"},
      {"finding.value_not_given_by_data",
       "declared value {declared} but the data give none ({source}): the value is not used"},
      {"finding.not_applicable.removes", "not applicable: removes {max} points from the maximum"},
      {"finding.typed_unused.both", "the value {value}, self-score {self} typed is not used"},
      {"finding.typed_unused.value", "the value {value} typed is not used"},
      {"finding.typed_unused.self_score", "the self-score {self} typed is not used"},
      {"finding.not_applicable.reason", "reason: {reason}"},
      {"finding.not_applicable.reason_evidence", "reason: evidence {evidence}"},
      {"finding.not_applicable.reason_source", "reason: {source}"},
      {"finding.not_applicable.give_reason", "give the reason in a note or an evidence document"},
      {"finding.not_scored_by_unit",
       "scored by {scorer}, not by the unit: the self-score {self} is not counted"},
      {"finding.value_looks_like_fraction",
       "value {value} for a percentage: read as {value} %; if {percent} % was meant, write "
       "{percent}"},
      {"finding.missing_evidence", "evidence (tài liệu kiểm chứng) is required and none is listed"},
      {"finding.unanswered", "leaf left unanswered"},
      {"source.indicator", "indicator {indicator} = {numerator}/{denominator}"},
      {"source.indicator_not_applicable",
       "indicator {indicator} = {numerator}/{denominator} (denominator 0: not applicable)"},
      {"source.indicator_replaced",
       "indicator {indicator} = {numerator}/{denominator} (replaced the counts "
       "{given_numerator}/{given_denominator} given)"},
      {"source.indicator_replaced_not_applicable",
       "indicator {indicator} = {numerator}/{denominator} (replaced the counts "
       "{given_numerator}/{given_denominator} given) (denominator 0: not applicable)"},
      {"source.target", "target {target} status {status}"},
      // The composite pipeline's warnings; {stage} is "" or "after preparation, ".
      {"composite.no_value",
       "{stage}indicator '{indicator}' has no value for any unit: it stays missing, and its "
       "parent is aggregated from its other children"},
      {"composite.constant.middle",
       "{stage}indicator '{indicator}' has the same value ({value}) for all {count} units with "
       "data, so it cannot tell them apart: min-max gives every unit the middle of the range, "
       "{middle}"},
      {"composite.constant.mean",
       "{stage}indicator '{indicator}' has the same value ({value}) for all {count} units with "
       "data, so it cannot tell them apart: the z-score gives every unit the mean, {mean}"},
      {"composite.constant.rank",
       "{stage}indicator '{indicator}' has the same value ({value}) for all {count} units with "
       "data, so it cannot tell them apart: every unit gets the middle rank"},
      {"composite.constant.same",
       "{stage}indicator '{indicator}' has the same value ({value}) for all {count} units with "
       "data, so it cannot tell them apart: it adds the same amount to every unit's aggregate"},
      {"composite.treatment_few_values",
       "treatment of '{indicator}': only {count} values: skew and kurtosis undefined, left as it "
       "is"},
      {"source.plan", "{plan}: {id} {plan_status} → {status}"},
      {"source.plan_not_judged",
       "{plan}: {id} {plan_status} (cannot be judged: the answer is kept as given)"},
  };
  return templates;
}

namespace {

std::string argument_text(const MessageValue& value) {
  if (const double* number = std::get_if<double>(&value)) {
    if (std::isinf(*number)) return *number > 0 ? "∞" : "−∞";
    return format_number(*number);
  }
  return std::get<std::string>(value);
}

}  // namespace

std::string english(const Message& message) {
  const auto& templates = message_templates();
  const auto found = std::find_if(templates.begin(), templates.end(),
                                  [&](const auto& entry) { return entry.first == message.code; });
  if (found == templates.end()) {
    throw Error("no message template for code '" + std::string(message.code) + "'");
  }
  const std::string_view text = found->second;
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t index = 0; index < text.size();) {
    if (text[index] == '{') {
      const std::size_t close = text.find('}', index);
      const std::string_view name = text.substr(index + 1, close - index - 1);
      const auto argument =
          std::find_if(message.arguments.begin(), message.arguments.end(),
                       [&](const auto& entry) { return entry.first == name; });
      if (argument == message.arguments.end()) {
        throw Error("message '" + std::string(message.code) + "' lacks its argument '" +
                    std::string(name) + "'");
      }
      out += argument_text(argument->second);
      index = close + 1;
    } else {
      out += text[index++];
    }
  }
  return out;
}

std::string english(const std::vector<Message>& parts) {
  std::string out;
  for (const Message& part : parts) {
    if (!out.empty()) out += "; ";
    out += english(part);
  }
  return out;
}

}  // namespace cchc::score
