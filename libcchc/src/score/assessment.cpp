#include "cchc/score/assessment.hpp"

#include <algorithm>
#include <cmath>
#include <variant>

#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/score.hpp"
#include "cchc/dossier/indicators.hpp"

namespace cchc::score {

namespace {

constexpr double kEpsilon = 1e-9;

std::string n(double value) {
  return format_number(value);
}

/// `message`, or the text as it is when the message has no code yet (docs/i18n.md).
Message with_text(const Message& message, const std::string& text) {
  if (!message.code.empty()) return message;
  return Message{"engine.text", {{"text", text}}};
}

std::string round_text(double value) {
  // Scores print with at most 4 decimals so that 0.1 + 0.2 reads 0.3.
  return n(std::round(value * 1e4) / 1e4);
}

std::string describe_inputs(const Rule& rule, const RuleInput& input) {
  std::string text;
  const auto add = [&](const std::string& part) {
    if (!text.empty()) text += ", ";
    text += part;
  };
  if (std::holds_alternative<PassFail>(rule)) {
    if (input.done) add(std::string("done=") + (*input.done ? "yes" : "no"));
    if (input.late) add("late=yes");
  } else if (!std::holds_alternative<Manual>(rule)) {
    if (input.value) add("value=" + n(*input.value));
    if (input.ratio) add("ratio=" + n(input.ratio->numerator) + "/" + n(input.ratio->denominator));
    for (const auto& [name, f] : input.ratios) {
      add(name + "=" + n(f.numerator) + "/" + n(f.denominator));
    }
    if (input.best) add("best=" + n(*input.best));
  }
  if (input.self_score) add("self_score=" + n(*input.self_score));
  return text;
}

/// Rules and inputs that read a percentage 0–100 (docs/score/rules.md, "Units").
bool reads_percentage(const CriterionInfo& info) {
  if (!info.input.indicator.empty()) return true;
  if (!info.rule) return false;
  if (std::holds_alternative<Proportional>(*info.rule) ||
      std::holds_alternative<Saturation>(*info.rule)) {
    return true;
  }
  if (const auto* survey = std::get_if<SurveyPercentage>(&*info.rule)) {
    return survey->survey_max == 100.0;
  }
  return false;
}

bool has_raw_inputs(const Rule& rule, const RuleInput& input) {
  if (std::holds_alternative<Manual>(rule)) return false;
  if (std::holds_alternative<PassFail>(rule)) return input.done.has_value();
  return input.value.has_value() || input.ratio.has_value() || !input.ratios.empty();
}

/// One node's aggregated state.
struct State {
  bool applicable = false;
  double points = 0.0;
  double applicable_max = 0.0;
};

/// Aggregates leaf states up the tree (docs/score/frameworks.md, "Aggregation").
void aggregate(const CriteriaTree& tree, std::vector<State>& states) {
  for (std::size_t index : tree.bottom_up()) {
    const TreeNode& node = tree.node(index);
    if (node.is_leaf()) continue;
    State state;
    double sum = 0.0;
    double max_sum = 0.0;
    double weighted = 0.0;
    double weights = 0.0;
    double smallest_share = 1.0;
    for (std::size_t child : node.children) {
      const State& c = states[child];
      if (!c.applicable) continue;
      state.applicable = true;
      sum += c.points;
      max_sum += c.applicable_max;
      const double share = c.applicable_max > 0.0 ? c.points / c.applicable_max : 0.0;
      weighted += tree.node(child).spec.weight * share;
      weights += tree.node(child).spec.weight;
      smallest_share = std::min(smallest_share, share);
    }
    if (state.applicable) {
      const double max = node.spec.max_points;
      switch (node.spec.aggregation) {
        case Aggregation::sum_capped:
          state.applicable_max = std::min(max, max_sum);
          state.points = std::min(state.applicable_max, sum);
          break;
        case Aggregation::weighted_mean:
          state.applicable_max = max;
          state.points = max * weighted / weights;
          break;
        case Aggregation::min:
          state.applicable_max = max;
          state.points = max * smallest_share;
          break;
      }
    }
    states[index] = state;
  }
}

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

/// The sums a non-leaf node's state is computed from (as in aggregate), kept so that the
/// state with one child changed takes O(1).
struct ChildSums {
  double sum = 0.0;
  double weighted = 0.0;
  double weights = 0.0;
  double smallest_share = 1.0;
  double second_smallest_share = 1.0;
  std::size_t smallest_child = kNone;
};

double share_of(const State& state) {
  return state.applicable_max > 0.0 ? state.points / state.applicable_max : 0.0;
}

std::vector<ChildSums> child_sums(const CriteriaTree& tree, const std::vector<State>& states) {
  std::vector<ChildSums> all(tree.size());
  for (std::size_t index = 0; index < tree.size(); ++index) {
    const TreeNode& node = tree.node(index);
    ChildSums& sums = all[index];
    for (std::size_t child : node.children) {
      const State& c = states[child];
      if (!c.applicable) continue;
      sums.sum += c.points;
      const double share = share_of(c);
      sums.weighted += tree.node(child).spec.weight * share;
      sums.weights += tree.node(child).spec.weight;
      if (sums.smallest_child == kNone || share < sums.smallest_share) {
        if (sums.smallest_child != kNone) sums.second_smallest_share = sums.smallest_share;
        sums.smallest_share = std::min(1.0, share);
        sums.smallest_child = child;
      } else {
        sums.second_smallest_share = std::min(sums.second_smallest_share, share);
      }
    }
  }
  return all;
}

/// The state of `parent` when its applicable child `child` goes from `before` to `after`
/// (the same applicable maximum), from the sums of its children.
State with_child_changed(const CriteriaTree& tree, std::size_t parent, const ChildSums& sums,
                         std::size_t child, const State& before, const State& after,
                         const State& current) {
  const TreeNode& node = tree.node(parent);
  const double max = node.spec.max_points;
  State state = current;
  switch (node.spec.aggregation) {
    case Aggregation::sum_capped:
      state.points = std::min(state.applicable_max, sums.sum - before.points + after.points);
      break;
    case Aggregation::weighted_mean: {
      const double weight = tree.node(child).spec.weight;
      const double weighted =
          sums.weighted - weight * share_of(before) + weight * share_of(after);
      state.points = max * weighted / sums.weights;
      break;
    }
    case Aggregation::min: {
      const double others =
          child == sums.smallest_child ? sums.second_smallest_share : sums.smallest_share;
      state.points = max * std::min(others, share_of(after));
      break;
    }
  }
  return state;
}

std::optional<double> points_of(const State& state) {
  if (!state.applicable) return std::nullopt;
  return state.points;
}

double total_of(const CriteriaTree& tree, const std::vector<State>& states, double* max) {
  double total = 0.0;
  double total_max = 0.0;
  for (std::size_t root : tree.roots()) {
    if (!states[root].applicable) continue;
    total += states[root].points;
    total_max += states[root].applicable_max;
  }
  if (max) *max = total_max;
  return total;
}

}  // namespace

std::string_view to_string(LeafStatus status) noexcept {
  switch (status) {
    case LeafStatus::computed:
      return "computed";
    case LeafStatus::self_scored:
      return "self_scored";
    case LeafStatus::not_applicable:
      return "not_applicable";
    case LeafStatus::unanswered:
      return "unanswered";
    case LeafStatus::invalid:
      return "invalid";
    case LeafStatus::awaiting:
      return "awaiting";
    case LeafStatus::external:
      return "external";
  }
  return "computed";
}

std::string_view to_string(FindingKind kind) noexcept {
  switch (kind) {
    case FindingKind::unanswered:
      return "unanswered";
    case FindingKind::self_score_above_max:
      return "self_score_above_max";
    case FindingKind::missing_evidence:
      return "missing_evidence";
    case FindingKind::self_score_differs:
      return "self_score_differs";
    case FindingKind::invalid_input:
      return "invalid_input";
    case FindingKind::appraised_above_max:
      return "appraised_above_max";
    case FindingKind::value_differs_from_data:
      return "value_differs_from_data";
    case FindingKind::not_scored_by_unit:
      return "not_scored_by_unit";
    case FindingKind::not_applicable:
      return "not_applicable";
    case FindingKind::not_applicable_without_reason:
      return "not_applicable_without_reason";
    case FindingKind::value_looks_like_fraction:
      return "value_looks_like_fraction";
  }
  return "unanswered";
}

const NodeScore& ScoreReport::node(std::string_view code) const {
  for (const NodeScore& candidate : nodes) {
    if (candidate.code == code) return candidate;
  }
  throw detail::CodedReason(detail::score_error("report.no_criterion"),
                            {{"code", std::string(code)}})
      .as<Error>();
}

std::vector<LostPoints> ScoreReport::lost_points() const {
  std::vector<LostPoints> lost;
  for (const NodeScore& node : nodes) {
    if (!node.is_leaf || !node.points || !node.applicable_max) continue;
    const double amount = *node.applicable_max - *node.points;
    if (amount <= kEpsilon) continue;
    std::string reason = node.status == LeafStatus::unanswered ? "unanswered"
                         : node.status == LeafStatus::invalid
                             ? "invalid input: " + node.explanation
                             : node.rule_kind + ": " + node.explanation;
    lost.push_back(LostPoints{node.code, node.total_gain_if_full.value_or(0.0), amount,
                              *node.points, *node.applicable_max, reason});
  }
  std::stable_sort(lost.begin(), lost.end(), [](const LostPoints& a, const LostPoints& b) {
    if (std::abs(a.total_gain - b.total_gain) > kEpsilon) return a.total_gain > b.total_gain;
    return a.lost > b.lost + kEpsilon;
  });
  return lost;
}

std::vector<Comparison> ScoreReport::comparison() const {
  std::vector<Comparison> rows;
  rows.reserve(nodes.size() + 1);
  const auto difference_of = [](std::optional<double> self, std::optional<double> appraised) {
    std::optional<double> difference;
    if (self && appraised) {
      difference = *appraised - *self;
      if (std::abs(*difference) <= kEpsilon) difference = 0.0;
    }
    return difference;
  };
  for (const NodeScore& node : nodes) {
    rows.push_back(Comparison{node.code, node.self_points, node.appraised_points,
                              difference_of(node.self_points, node.appraised_points), ""});
  }
  // A leaf explains itself with the appraisal note; a parent names its children that differ.
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    Comparison& row = rows[i];
    if (!row.difference) {
      row.explanation = nodes[i].points ? "" : "not applicable";
      continue;
    }
    if (nodes[i].is_leaf) {
      if (*row.difference == 0.0) {
        row.explanation = "recognised";
      } else {
        row.explanation = "appraised " + round_text(*row.appraised_points) + " instead of " +
                          round_text(*row.self_points) + ": " +
                          (nodes[i].appraisal_note.empty() ? std::string("no appraisal note")
                                                           : nodes[i].appraisal_note);
      }
    }
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].is_leaf || !rows[i].difference) continue;
    if (*rows[i].difference == 0.0) {
      rows[i].explanation = "no difference";
      continue;
    }
    std::string text;
    for (std::size_t j : nodes[i].children) {
      if (!rows[j].difference || *rows[j].difference == 0.0) continue;
      if (!text.empty()) text += ", ";
      text += nodes[j].code + " (" + (*rows[j].difference > 0 ? "+" : "") +
              round_text(*rows[j].difference) + ")";
    }
    rows[i].explanation = text.empty() ? "capping or weighting" : "differs in " + text;
  }
  Comparison total_row{"TOTAL", self_total, appraised_total,
                       difference_of(self_total, appraised_total), ""};
  std::string text;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].depth != 0 || !rows[i].difference || *rows[i].difference == 0.0) continue;
    if (!text.empty()) text += ", ";
    text += nodes[i].code + " (" + (*rows[i].difference > 0 ? "+" : "") +
            round_text(*rows[i].difference) + ")";
  }
  total_row.explanation = text.empty() ? "no difference" : "differs in " + text;
  rows.push_back(total_row);
  return rows;
}

ScoreReport score(const Framework& framework, const Assessment& assessment) {
  const CriteriaTree& tree = framework.tree();
  ScoreReport report;
  report.nodes.resize(tree.size());
  std::optional<LevelSetting> level;
  if (!assessment.level.empty()) {
    level = framework.level_setting(assessment.level);
    if (!level && assessment.level != framework.meta().level) {
      std::string known;
      for (const LevelSetting& setting : framework.meta().levels) {
        known += (known.empty() ? "" : ", ") + setting.key;
      }
      throw(known.empty() ? detail::CodedReason(detail::score_error("assessment.level_not_scored"),
                                                {{"framework", framework.meta().id},
                                                 {"level", assessment.level},
                                                 {"own", framework.meta().level}})
                          : detail::CodedReason(detail::score_error("assessment.level_not_among"),
                                                {{"framework", framework.meta().id},
                                                 {"level", assessment.level},
                                                 {"levels", known}}))
          .as<Error>();
    }
    report.level = assessment.level;
  } else {
    report.level = framework.meta().level;
  }
  const std::optional<int> decimals = framework.meta().round_leaf_points;
  std::vector<State> unrounded(tree.size());
  std::vector<State> computed(tree.size());
  std::vector<State> claimed(tree.size());
  std::vector<State> appraised(tree.size());
  std::vector<std::size_t> unanswered(tree.size(), 0);

  for (const auto& [code, answer] : assessment.answers) {
    const auto index = tree.find(code);
    if (!index) {
      throw detail::CodedReason(detail::score_error("assessment.not_a_criterion"),
                                {{"code", code}, {"framework", framework.meta().id}})
          .at(assessment.source, answer.line, "code");
    }
    if (!tree.node(*index).is_leaf()) {
      throw detail::CodedReason(detail::score_error("assessment.not_a_leaf"), {{"code", code}})
          .at(assessment.source, answer.line, "code");
    }
  }

  const auto finding = [&](FindingKind kind, const std::string& code,
                           std::vector<Message> details, std::size_t line) {
    std::string message = english(details);
    report.findings.push_back(Finding{kind, code, std::move(message), line, std::move(details)});
  };
  const auto explain = [](NodeScore& node, Message message) {
    node.explanation = english(message);
    node.message = std::move(message);
  };

  for (std::size_t index = 0; index < tree.size(); ++index) {
    const TreeNode& tree_node = tree.node(index);
    NodeScore& out = report.nodes[index];
    out.code = tree_node.spec.code;
    out.depth = tree_node.depth;
    out.children = tree_node.children;
    out.is_leaf = tree_node.is_leaf();
    out.max_points = tree_node.spec.max_points;
    if (!out.is_leaf) continue;

    const CriterionInfo& info = framework.info(index);
    const Rule& rule = *info.rule;
    const double max = tree_node.spec.max_points;
    out.rule_kind = std::string(rule_kind(rule));
    const auto found = assessment.answers.find(out.code);
    static const LeafAnswer kNoAnswer{};
    const LeafAnswer& answer = found == assessment.answers.end() ? kNoAnswer : found->second;
    const std::size_t line = answer.line;
    out.appraisal_note = answer.appraisal_note;

    const bool by_unit = info.scored_by == ScoredBy::unit;
    const std::string scorer = by_unit ? "" : std::string(to_string(info.scored_by));
    // A value the unit typed that data replaced is never dropped without saying so.
    if (answer.declared_value && answer.input.value &&
        std::abs(*answer.declared_value - *answer.input.value) > kEpsilon) {
      finding(FindingKind::value_differs_from_data, out.code,
              {{"finding.value_differs_from_data",
                {{"declared", *answer.declared_value},
                 {"value", *answer.input.value},
                 {"source", answer.input_source}}}},
              line);
    } else if (answer.declared_value && !answer.input.value) {
      finding(FindingKind::value_differs_from_data, out.code,
              {{"finding.value_not_given_by_data",
                {{"declared", *answer.declared_value}, {"source", answer.input_source}}}},
              line);
    }

    if (answer.declared_done) {
      const auto yes_no = [](bool flag) { return flag ? std::string("yes") : std::string("no"); };
      std::string declared = "done = " + yes_no(*answer.declared_done);
      if (*answer.declared_done) declared += ", late = " + yes_no(answer.declared_late);
      std::string given = "none";
      if (answer.input.done) {
        given = "done = " + yes_no(*answer.input.done);
        if (*answer.input.done) given += ", late = " + yes_no(answer.input.late);
      }
      // The flags go along as yes/no too, so that a presentation layer can say them in words.
      finding(FindingKind::value_differs_from_data, out.code,
              {{"finding.done_differs_from_data",
                {{"declared", declared},
                 {"given", given},
                 {"source", answer.input_source},
                 {"declared_done", yes_no(*answer.declared_done)},
                 {"declared_late", yes_no(answer.declared_late)},
                 {"given_done", answer.input.done ? yes_no(*answer.input.done) : std::string()},
                 {"given_late", yes_no(answer.input.late)}}}},
              line);
    }

    if (answer.not_applicable) {
      out.status = LeafStatus::not_applicable;
      out.branch = "not applicable";
      explain(out, Message{"leaf.not_applicable", {}});
      // Each "not applicable" removes points from the maximum: it is always listed, and the
      // unit must say why (a note or an evidence document); data say why by themselves.
      std::vector<Message> details{{"finding.not_applicable.removes", {{"max", max}}}};
      const bool unused_value = answer.input.value && answer.input_source.empty();
      if (unused_value && answer.input.self_score) {
        details.push_back({"finding.typed_unused.both",
                           {{"value", *answer.input.value}, {"self", *answer.input.self_score}}});
      } else if (unused_value) {
        details.push_back({"finding.typed_unused.value", {{"value", *answer.input.value}}});
      } else if (answer.input.self_score) {
        details.push_back({"finding.typed_unused.self_score", {{"self", *answer.input.self_score}}});
      }
      if (!answer.note.empty()) {
        details.push_back({"finding.not_applicable.reason", {{"reason", answer.note}}});
      } else if (!answer.evidence.empty()) {
        details.push_back(
            {"finding.not_applicable.reason_evidence", {{"evidence", answer.evidence.front()}}});
      } else if (!answer.input_source.empty()) {
        details.push_back({"finding.not_applicable.reason_source", {{"source", answer.input_source}}});
      }
      if (details.back().code.starts_with("finding.not_applicable.reason")) {
        finding(FindingKind::not_applicable, out.code, std::move(details), line);
      } else {
        details.push_back({"finding.not_applicable.give_reason", {}});
        finding(FindingKind::not_applicable_without_reason, out.code, std::move(details), line);
      }
      continue;  // states stay not applicable
    }
    if (level && !framework.applies_at(index, level->key)) {
      if (!level->excluded_full_points) {
        out.status = LeafStatus::not_applicable;
        out.branch = "not at this level";
        out.explanation = "does not apply at level '" + level->key + "': leaves the maximum";
        continue;
      }
      out.status = LeafStatus::computed;
      out.branch = "full points at this level";
      out.explanation = "does not apply at level '" + level->key + "': full points " + n(max);
      computed[index] = State{true, max, max};
      unrounded[index] = State{true, max, max};
      claimed[index] = computed[index];
      appraised[index] = computed[index];
      continue;
    }

    // Dates decide done and late for a pass/fail leaf.
    RuleInput input = answer.input;
    Message date_problem;
    if (answer.done_on && std::holds_alternative<PassFail>(rule)) {
      if (input.done == false) {
        date_problem = Message{"leaf.done_false_but_dated", {{"date", answer.done_on->iso()}}};
      }
      input.done = true;
      if (answer.deadline) {
        const bool late = *answer.done_on > *answer.deadline;
        if (answer.input.late && !late) {
          date_problem = Message{"leaf.late_but_on_time",
                                 {{"date", answer.done_on->iso()},
                                  {"deadline", answer.deadline->iso()}}};
        }
        input.late = late;
      }
    }
    out.input = input;
    out.inputs = describe_inputs(rule, input);
    if (answer.done_on) out.inputs += ", done_on=" + answer.done_on->iso();
    if (answer.deadline) out.inputs += ", deadline=" + answer.deadline->iso();
    if (!answer.input_source.empty()) out.inputs += " (" + answer.input_source + ")";

    // A plain value and a flag: GCC 12 warns (maybe-uninitialized) on std::optional here.
    const double self_value = answer.input.self_score.value_or(0.0);
    const double* self = answer.input.self_score ? &self_value : nullptr;
    out.claimed = answer.input.self_score;
    if (self && !by_unit) {
      finding(FindingKind::not_scored_by_unit, out.code,
              {{"finding.not_scored_by_unit", {{"scorer", scorer}, {"self", *self}}}}, line);
      self = nullptr;
    }
    if (self && (!std::isfinite(*self) || *self < 0.0)) {
      finding(FindingKind::invalid_input, out.code,
              {{"finding.self_score_invalid", {{"self", *self}}}}, line);
      self = nullptr;
    }
    const bool above_max = self && *self > max + kEpsilon;
    // NaN would pass every comparison below and make the appraised total NaN.
    const bool appraisal_is_number =
        answer.appraised_score && std::isfinite(*answer.appraised_score);
    if (answer.appraised_score && !appraisal_is_number) {
      finding(FindingKind::invalid_input, out.code,
              {{"finding.appraised_not_finite", {{"appraised", *answer.appraised_score}}}}, line);
    }
    if (appraisal_is_number &&
        (*answer.appraised_score > max + kEpsilon || *answer.appraised_score < 0.0)) {
      finding(FindingKind::appraised_above_max, out.code,
              {{"finding.appraised_out_of_range",
                {{"appraised", *answer.appraised_score}, {"max", max}}}},
              line);
    }
    // 0.95 typed for 95 %: the rule would read 0.95 %. Data and percentage-formatted Excel
    // cells (input_source set) are percentages already.
    if (answer.input.value && answer.input_source.empty() && *answer.input.value > 0.0 &&
        *answer.input.value <= 1.0 && reads_percentage(info)) {
      finding(FindingKind::value_looks_like_fraction, out.code,
              {{"finding.value_looks_like_fraction",
                {{"value", *answer.input.value}, {"percent", 100.0 * *answer.input.value}}}},
              line);
    }

    std::optional<double> points;
    std::optional<double> unrounded_terms;
    // Scores print with at most 4 decimals so that 0.1 + 0.2 reads 0.3.
    const auto rounded = [](double value) { return std::round(value * 1e4) / 1e4; };
    if (!date_problem.code.empty()) {
      out.status = LeafStatus::invalid;
      out.branch = "invalid input";
      explain(out, date_problem);
      finding(FindingKind::invalid_input, out.code, {date_problem}, line);
    } else if (has_raw_inputs(rule, input)) {
      const RuleOutcome outcome = evaluate(rule, max, input, decimals);
      if (decimals && std::holds_alternative<CappedTerms>(rule) && outcome.points) {
        // Terms rounded one by one: the unrounded points come from the same terms unrounded.
        unrounded_terms = evaluate(rule, max, input).points;
      }
      out.branch = outcome.branch;
      out.explanation = outcome.explanation;
      out.message = with_text(outcome.message, outcome.explanation);
      out.message_parts = outcome.parts;
      if (outcome.not_applicable) {
        out.status = LeafStatus::not_applicable;
        continue;  // an empty denominator without if_empty: leaves the maximum, visibly
      }
      if (outcome.points) {
        out.status = LeafStatus::computed;
        points = outcome.points;
        const double judged = decimals ? round_half_up(*points, *decimals) : *points;
        if (above_max) {
          // One finding for one mistake: the claim above the maximum, with what the rule gives.
          finding(FindingKind::self_score_above_max, out.code,
                  {{"finding.self_score_above_max", {{"self", *self}, {"max", max}}},
                   {"finding.rule_gives",
                    {{"points", rounded(judged)}, {"explanation", outcome.explanation}}}},
                  line);
        } else if (self && std::abs(*self - judged) > kEpsilon) {
          finding(FindingKind::self_score_differs, out.code,
                  {{"finding.self_score_differs",
                    {{"self", *self},
                     {"points", rounded(judged)},
                     {"explanation", outcome.explanation}}}},
                  line);
        }
      } else {
        out.status = LeafStatus::invalid;
        finding(FindingKind::invalid_input, out.code,
                {with_text(outcome.message, outcome.problem)}, line);
        if (above_max) {
          finding(FindingKind::self_score_above_max, out.code,
                  {{"finding.self_score_above_max", {{"self", *self}, {"max", max}}}}, line);
        }
      }
    } else if (!by_unit) {
      if (appraisal_is_number) {
        out.status = LeafStatus::external;
        points = std::clamp(*answer.appraised_score, 0.0, max);
        out.branch = "scored by " + scorer;
        explain(out, Message{"leaf.external", {{"scorer", scorer}, {"points", *points}}});
      } else {
        out.status = LeafStatus::awaiting;
        out.branch = "awaiting " + scorer;
        explain(out, Message{"leaf.awaiting", {{"scorer", scorer}}});
      }
    } else if (self) {
      const double taken = std::min(*self, max);
      RuleInput manual_input;
      manual_input.self_score = taken;
      out.status = LeafStatus::self_scored;
      points = taken;
      out.branch = std::holds_alternative<Manual>(rule) ? "manual" : "self-score, no inputs";
      explain(out, evaluate(Manual{}, max, manual_input).message);
      if (above_max) {
        explain(out, Message{"leaf.claimed_above_max", {{"self", *self}, {"max", max}}});
        finding(FindingKind::self_score_above_max, out.code,
                {{"finding.self_score_above_max_counted", {{"self", *self}, {"max", max}}}},
                line);
      }
    } else {
      out.status = LeafStatus::unanswered;
      out.branch = "unanswered";
      explain(out, Message{"leaf.unanswered", {}});
      finding(FindingKind::unanswered, out.code, {{"finding.unanswered", {}}}, line);
    }

    // Evidence is the unit's to attach for what it scores itself.
    const bool needs_evidence = info.evidence_required && by_unit &&
                                out.status != LeafStatus::unanswered;
    if (needs_evidence && answer.evidence.empty()) {
      finding(FindingKind::missing_evidence, out.code, {{"finding.missing_evidence", {}}}, line);
    }

    if (out.status == LeafStatus::unanswered || out.status == LeafStatus::invalid) {
      unanswered[index] = out.status == LeafStatus::unanswered ? 1 : 0;
    }
    const double raw_value = unrounded_terms.value_or(points.value_or(0.0));
    unrounded[index] = State{true, raw_value, max};
    const double value = decimals ? round_half_up(points.value_or(0.0), *decimals) : raw_value;
    if (decimals && value != raw_value) {
      out.explanation += "; rounded to " + std::to_string(*decimals) + " decimals: " + n(value);
    }
    computed[index] = State{true, value, max};
    const double claim = self ? std::min(*self, max) : value;
    claimed[index] = State{true, claim, max};
    const double appraisal =
        appraisal_is_number ? std::clamp(*answer.appraised_score, 0.0, max) : claim;
    appraised[index] = State{true, appraisal, max};
  }

  aggregate(tree, computed);
  aggregate(tree, unrounded);
  aggregate(tree, claimed);
  aggregate(tree, appraised);
  for (std::size_t index : tree.bottom_up()) {
    const auto parent = tree.node(index).parent;
    if (parent) unanswered[*parent] += unanswered[index];
  }

  for (std::size_t index = 0; index < tree.size(); ++index) {
    NodeScore& out = report.nodes[index];
    out.unanswered_leaves = unanswered[index];
    if (!computed[index].applicable) continue;
    out.applicable_max = computed[index].applicable_max;
    out.points = computed[index].points;
    out.unrounded_points = unrounded[index].points;
    out.percent =
        computed[index].applicable_max > 0.0
            ? std::optional<double>(100.0 * computed[index].points / computed[index].applicable_max)
            : std::nullopt;
    out.self_points = points_of(claimed[index]);
    out.appraised_points = points_of(appraised[index]);
    if (!out.is_leaf) {
      out.rule_kind = std::string(to_string(tree.node(index).spec.aggregation));
      explain(out,
              Message{"node.aggregate",
                      {{"aggregation", std::string(to_string(tree.node(index).spec.aggregation))},
                       {"max", out.max_points}}});
    }
  }

  report.total = total_of(tree, computed, &report.total_max);
  report.unrounded_total = total_of(tree, unrounded, nullptr);
  // What each leaf would add to the total at full points: only its ancestors change, each
  // recomputed in O(1) from its children's sums (ChildSums), so all leaves cost O(leaves ×
  // depth), not a re-aggregation of the whole tree per leaf.
  const std::vector<ChildSums> sums = child_sums(tree, computed);
  for (std::size_t leaf : tree.leaves()) {
    if (!computed[leaf].applicable) continue;
    if (computed[leaf].applicable_max - computed[leaf].points <= kEpsilon) {
      report.nodes[leaf].total_gain_if_full = 0.0;
      continue;
    }
    std::size_t node = leaf;
    State changed = computed[leaf];
    changed.points = changed.applicable_max;
    while (const auto parent = tree.node(node).parent) {
      const State raised = with_child_changed(tree, *parent, sums[*parent], node, computed[node],
                                              changed, computed[*parent]);
      node = *parent;
      changed = raised;
      if (changed.points == computed[node].points) break;  // capped: nothing reaches the top
    }
    const double gain = changed.points - computed[node].points;
    report.nodes[leaf].total_gain_if_full = std::abs(gain) <= kEpsilon ? 0.0 : gain;
  }
  report.self_total = total_of(tree, claimed, nullptr);
  report.appraised_total = total_of(tree, appraised, nullptr);
  if (report.total_max > 0.0) {
    report.percent = 100.0 * report.total / report.total_max;
    report.band = framework.band_of(*report.percent);
  }
  return report;
}

WhatIf what_if(const Framework& framework, const Assessment& assessment, std::string_view code,
               const LeafAnswer& changed) {
  const auto index = framework.tree().find(code);
  if (!index || !framework.tree().node(*index).is_leaf()) {
    throw detail::CodedReason(detail::score_error("assessment.what_if_not_leaf"),
                              {{"code", std::string(code)}, {"framework", framework.meta().id}})
        .as<Error>();
  }
  Assessment modified = assessment;
  modified.answers[std::string(code)] = changed;
  const ScoreReport before = score(framework, assessment);
  const ScoreReport after = score(framework, modified);
  WhatIf result{before.total, after.total, before.percent, after.percent, {}};
  for (std::size_t i = 0; i < before.nodes.size(); ++i) {
    const auto& b = before.nodes[i].points;
    const auto& a = after.nodes[i].points;
    const bool same = (b.has_value() == a.has_value()) && (!b || std::abs(*b - *a) <= kEpsilon);
    if (same) continue;
    std::optional<double> delta;
    if (a && b) delta = *a - *b;
    result.nodes.push_back(NodeDelta{before.nodes[i].code, b, a, delta});
  }
  return result;
}

std::map<std::string, dossier::Ratio> indicator_values(const dossier::IndicatorCounts& counts) {
  std::map<std::string, dossier::Ratio> values;
  for (const dossier::IndicatorDefinition& definition : dossier::indicator_definitions()) {
    values.emplace(std::string(definition.key), definition.compute(counts));
  }
  for (const dossier::IndicatorDefinition& definition :
       dossier::portal766_indicator_definitions()) {
    values.emplace(std::string(definition.key), definition.compute(counts));
  }
  return values;
}

Assessment apply_indicators(const Framework& framework, Assessment assessment,
                            const std::map<std::string, dossier::Ratio>& values) {
  const CriteriaTree& tree = framework.tree();
  for (std::size_t index : tree.leaves()) {
    const std::string& key = framework.info(index).input.indicator;
    if (key.empty()) continue;
    const auto found = values.find(key);
    if (found == values.end()) {
      throw detail::CodedReason(detail::score_error("assessment.indicator_not_given"),
                                {{"code", tree.node(index).spec.code}, {"indicator", key}})
          .as<Error>();
    }
    LeafAnswer& answer = assessment.answers[tree.node(index).spec.code];
    const dossier::Ratio& ratio = found->second;
    if (answer.input.value) answer.declared_value = answer.input.value;
    answer.source = Message{ratio.applicable() ? "source.indicator"
                                               : "source.indicator_not_applicable",
                            {{"indicator", key},
                             {"numerator", static_cast<double>(ratio.numerator)},
                             {"denominator", static_cast<double>(ratio.denominator)}}};
    answer.input_source = "indicator " + key + " = " + std::to_string(ratio.numerator) + "/" +
                          std::to_string(ratio.denominator);
    if (answer.input.ratio) {
      answer.source =
          Message{ratio.applicable() ? "source.indicator_replaced"
                                     : "source.indicator_replaced_not_applicable",
                  {{"indicator", key},
                   {"numerator", static_cast<double>(ratio.numerator)},
                   {"denominator", static_cast<double>(ratio.denominator)},
                   {"given_numerator", answer.input.ratio->numerator},
                   {"given_denominator", answer.input.ratio->denominator}}};
      // Counts typed in are replaced by the data's, and said so.
      answer.input_source += " (replaced the counts " + n(answer.input.ratio->numerator) + "/" +
                             n(answer.input.ratio->denominator) + " given)";
      answer.input.ratio.reset();
    }
    if (!ratio.applicable()) {
      answer.input.value.reset();
      answer.not_applicable = true;
      answer.input_source += " (denominator 0: not applicable)";
      continue;
    }
    answer.input.value = *ratio.percent();
  }
  return assessment;
}

namespace {

void set_done_late(LeafAnswer& answer, const std::string& code, const std::string& status) {
  answer.input.late = false;
  if (status == "achieved") {
    answer.input.done = true;
  } else if (status == "achieved_late") {
    answer.input.done = true;
    answer.input.late = true;
  } else if (status == "not_achieved" || status == "in_progress" || status == "overdue") {
    answer.input.done = false;
  } else if (status == "not_applicable") {
    answer.input.done.reset();
    answer.not_applicable = true;
  } else {
    throw detail::CodedReason(detail::score_error("assessment.target_status_unknown"),
                              {{"code", code}, {"status", status}})
        .as<Error>();
  }
}


// Sets done/late of a pass/fail answer from a scoring input status. What the unit had typed,
// when the status says otherwise, is kept as declared_done / declared_late: the report names it.
void set_from_status(LeafAnswer& answer, const std::string& code, const std::string& status) {
  const std::optional<bool> typed_done = answer.input.done;
  const bool typed_late = answer.input.late;
  set_done_late(answer, code, status);
  if (!typed_done || answer.declared_done) return;
  const bool same = answer.input.done == typed_done &&
                    (!*typed_done || typed_late == answer.input.late);
  if (!same) {
    answer.declared_done = typed_done;
    answer.declared_late = typed_late;
  }
}

}  // namespace

Assessment apply_target_statuses(const Framework& framework, Assessment assessment,
                                 const std::map<std::string, std::string>& statuses) {
  const CriteriaTree& tree = framework.tree();
  for (std::size_t index : tree.leaves()) {
    const std::string& target = framework.info(index).input.target;
    if (target.empty()) continue;
    const std::string& code = tree.node(index).spec.code;
    const auto found = statuses.find(target);
    if (found == statuses.end()) {
      throw detail::CodedReason(detail::score_error("assessment.target_status_missing"),
                                {{"code", code}, {"target", target}})
          .as<Error>();
    }
    LeafAnswer& answer = assessment.answers[code];
    answer.source = Message{"source.target", {{"target", target}, {"status", found->second}}};
    answer.input_source = english(answer.source);
    set_from_status(answer, code, found->second);
  }
  return assessment;
}

std::optional<std::string_view> status_from_plan(target::TargetStatus status) noexcept {
  switch (status) {
    case target::TargetStatus::achieved:
      return "achieved";
    case target::TargetStatus::on_track:
    case target::TargetStatus::at_risk:
    case target::TargetStatus::not_met:  // below the level, deadline ahead
      // Not yet reached but the deadline is ahead: no points yet, not a failure.
      return "in_progress";
    case target::TargetStatus::off_track:
      return "not_achieved";
    case target::TargetStatus::not_applicable:
      break;
  }
  return std::nullopt;
}

std::optional<std::string_view> status_from_plan(target::TaskStatus status) noexcept {
  switch (status) {
    case target::TaskStatus::done_on_time:
    case target::TaskStatus::done:  // completed, deadline unstructured: timeliness unknown
      return "achieved";
    case target::TaskStatus::done_late:
      return "achieved_late";
    case target::TaskStatus::overdue:
      return "overdue";
    case target::TaskStatus::pending:
    case target::TaskStatus::ongoing:
      return "in_progress";
    case target::TaskStatus::not_applicable:
    case target::TaskStatus::ended_unreported:  // nothing reported: the plan cannot tell
      break;
  }
  return std::nullopt;
}

std::optional<std::string_view> status_from_plan(std::string_view plan_status) {
  if (const auto target_status = target::target_status_from_key(plan_status)) {
    return status_from_plan(*target_status);
  }
  if (const auto task_status = target::task_status_from_key(plan_status)) {
    return status_from_plan(*task_status);
  }
  throw detail::CodedReason(detail::score_error("assessment.plan_status_unknown"),
                            {{"status", std::string(plan_status)}})
      .as<Error>();
}

Assessment apply_plan_statuses(const Framework& framework, Assessment assessment,
                               const std::map<std::string, std::string>& plan_statuses,
                               std::string_view plan_name) {
  const CriteriaTree& tree = framework.tree();
  for (std::size_t index : tree.leaves()) {
    const std::string& id = framework.info(index).input.target;
    if (id.empty()) continue;
    const std::string& code = tree.node(index).spec.code;
    const auto found = plan_statuses.find(id);
    if (found == plan_statuses.end()) {
      throw detail::CodedReason(detail::score_error("assessment.plan_has_no_target"),
                                {{"code", code}, {"target", id}, {"plan", std::string(plan_name)}})
          .as<Error>();
    }
    std::optional<std::string_view> status;
    try {
      status = status_from_plan(found->second);
    } catch (const Error& error) {
      throw detail::CodedReason(detail::score_error("framework.criterion"), {{"code", code}})
          .then(error)
          .as<Error>();
    }
    LeafAnswer& answer = assessment.answers[code];
    if (!status) {
      answer.source = Message{"source.plan_not_judged",
                              {{"plan", std::string(plan_name)},
                               {"id", id},
                               {"plan_status", found->second}}};
      answer.input_source = english(answer.source);
      continue;
    }
    answer.source = Message{"source.plan",
                            {{"plan", std::string(plan_name)},
                             {"id", id},
                             {"plan_status", found->second},
                             {"status", std::string(*status)}}};
    answer.input_source = english(answer.source);
    set_from_status(answer, code, std::string(*status));
  }
  return assessment;
}

}  // namespace cchc::score
