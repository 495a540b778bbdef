#include "cchc/target/scorecard.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace cchc::target {

namespace {

struct FoundValue {
  std::optional<double> value;
  const SuppliedValue* supplied = nullptr;
  std::string source;
  std::string note;  // why an engine value is missing, when it is
};

const SuppliedValue* find_supplied(const ScorecardInputs& inputs, const std::string& key,
                                   const std::string& scope_unit) {
  for (const SuppliedValue& supplied : inputs.values) {
    if (supplied.key == key && supplied.scope_unit == scope_unit) return &supplied;
  }
  return nullptr;
}

// The value of a supplied entry at `at`: its value, else its last point on or before `at`.
std::optional<double> value_at(const SuppliedValue& supplied, calendar::Date at) {
  if (supplied.value) return supplied.value;
  const Observation* latest = nullptr;
  for (const Observation& point : supplied.series) {
    if (point.date <= at && (latest == nullptr || point.date > latest->date)) latest = &point;
  }
  if (latest == nullptr) return std::nullopt;
  return latest->value;
}

FoundValue find_value(const Target& target, const ScorecardInputs& inputs, calendar::Date at) {
  FoundValue found;
  const SuppliedValue* supplied = find_supplied(inputs, target.id, "");
  if (supplied == nullptr) supplied = find_supplied(inputs, target.id, target.scope.unit);
  if (supplied != nullptr) {
    found.source = "target_id";
  } else {
    supplied = find_supplied(inputs, target.indicator, target.scope.unit);
    if (supplied == nullptr && !target.scope.unit.empty()) {
      supplied = find_supplied(inputs, target.indicator, "");
    }
    if (supplied != nullptr) found.source = "indicator";
  }
  if (supplied != nullptr) {
    found.supplied = supplied;
    found.value = value_at(*supplied, at);
    if (!found.value) found.source.clear();
    return found;
  }
  const dossier::IndicatorDefinition* definition = dossier::find_indicator(target.indicator);
  const std::string unit_name =
      target.scope.unit.empty() ? std::string("the whole scope") : "'" + target.scope.unit + "'";
  if (definition == nullptr) return found;
  std::optional<dossier::Ratio> engine_ratio;
  if (const auto counts = inputs.engine_counts.find(target.scope.unit);
      counts != inputs.engine_counts.end()) {
    engine_ratio = definition->compute(counts->second);
  } else if (const auto unit = inputs.engine_ratios.find(target.scope.unit);
             unit != inputs.engine_ratios.end()) {
    if (const auto ratio = unit->second.find(target.indicator); ratio != unit->second.end()) {
      engine_ratio = ratio->second;
    }
  }
  if (!engine_ratio) {
    if (!inputs.engine_counts.empty() || !inputs.engine_ratios.empty()) {
      found.note = "no engine value of '" + target.indicator + "' for " + unit_name;
    }
    return found;
  }
  const dossier::Ratio ratio = *engine_ratio;
  if (target.unit != ValueUnit::percent && target.unit != ValueUnit::ratio) {
    found.note = "engine indicator '" + target.indicator + "' is a share, the target's unit is " +
                 std::string(to_string(target.unit));
    return found;
  }
  if (!ratio.applicable()) {
    found.note = "engine indicator '" + target.indicator + "' of " + unit_name +
                 " is not applicable (denominator 0)";
    return found;
  }
  found.value = target.unit == ValueUnit::percent ? ratio.percent() : ratio.value();
  found.source = "engine";
  found.note = "engine: " + std::string(definition->formula) + " = " +
               std::to_string(ratio.numerator) + " / " + std::to_string(ratio.denominator) +
               " for " + unit_name;
  return found;
}

}  // namespace

std::vector<ScorecardRow> scorecard(const Plan& plan, const ScorecardInputs& inputs,
                                    calendar::Date at, const ScorecardOptions& options) {
  std::vector<ScorecardRow> rows;
  rows.reserve(plan.targets.size());
  for (const Target& target : plan.targets) {
    ScorecardRow row;
    row.target = &target;
    const FoundValue found = find_value(target, inputs, at);
    row.value = found.value;
    row.value_source = found.source;

    EvaluateOptions evaluate_options = options.evaluate;
    if (!evaluate_options.period_start && !target.baseline_year && plan.year) {
      evaluate_options.period_start = calendar::Date::from_ymd(*plan.year, 1, 1);
    }
    if (!evaluate_options.plan_year) evaluate_options.plan_year = plan.year;
    row.evaluation = evaluate(target, row.value, at, evaluate_options);
    if (found.supplied != nullptr && !found.supplied->series.empty()) {
      // Only what was known at `at` goes into the trend.
      std::vector<Observation> known;
      for (const Observation& point : found.supplied->series) {
        if (point.date <= at) known.push_back(point);
      }
      TrendOptions trend_options = options.trend;
      if (row.evaluation.due_assumed) trend_options.assumed_due = row.evaluation.due;
      row.trend = trend(target, known, trend_options);
    } else {
      row.trend.method = options.trend.method;
      row.trend.explanation = "trend not applicable: no series supplied";
    }
    reconcile(row.evaluation, row.trend);
    row.explanation = row.evaluation.explanation;
    if (!found.note.empty()) row.explanation += " [" + found.note + "]";
    row.explanation += ". " + row.trend.explanation;
    rows.push_back(std::move(row));
  }
  return rows;
}

void TaskStatusCounts::add(TaskStatus status) noexcept {
  switch (status) {
    case TaskStatus::done_on_time:
      ++done_on_time;
      break;
    case TaskStatus::done_late:
      ++done_late;
      break;
    case TaskStatus::done:
      ++done;
      break;
    case TaskStatus::overdue:
      ++overdue;
      break;
    case TaskStatus::pending:
      ++pending;
      break;
    case TaskStatus::ongoing:
      ++ongoing;
      break;
    case TaskStatus::not_applicable:
      ++not_applicable;
      break;
    case TaskStatus::ended_unreported:
      ++ended_unreported;
      break;
  }
}

int TaskStatusCounts::of(TaskStatus status) const noexcept {
  switch (status) {
    case TaskStatus::done_on_time:
      return done_on_time;
    case TaskStatus::done_late:
      return done_late;
    case TaskStatus::done:
      return done;
    case TaskStatus::overdue:
      return overdue;
    case TaskStatus::pending:
      return pending;
    case TaskStatus::ongoing:
      return ongoing;
    case TaskStatus::ended_unreported:
      return ended_unreported;
    case TaskStatus::not_applicable:
      break;
  }
  return not_applicable;
}

int TaskStatusCounts::total() const noexcept {
  return done_on_time + done_late + done + overdue + pending + ongoing + not_applicable +
         ended_unreported;
}

void TargetStatusCounts::add(TargetStatus status) noexcept {
  switch (status) {
    case TargetStatus::achieved:
      ++achieved;
      break;
    case TargetStatus::on_track:
      ++on_track;
      break;
    case TargetStatus::at_risk:
      ++at_risk;
      break;
    case TargetStatus::off_track:
      ++off_track;
      break;
    case TargetStatus::not_applicable:
      ++not_applicable;
      break;
    case TargetStatus::not_met:
      ++not_met;
      break;
  }
}

int TargetStatusCounts::of(TargetStatus status) const noexcept {
  switch (status) {
    case TargetStatus::achieved:
      return achieved;
    case TargetStatus::on_track:
      return on_track;
    case TargetStatus::at_risk:
      return at_risk;
    case TargetStatus::off_track:
      return off_track;
    case TargetStatus::not_met:
      return not_met;
    case TargetStatus::not_applicable:
      break;
  }
  return not_applicable;
}

int TargetStatusCounts::total() const noexcept {
  return achieved + on_track + at_risk + off_track + not_applicable + not_met;
}

std::map<std::string, TaskStatusCounts> rollup_tasks(const Plan& plan, calendar::Date at,
                                                     RollupBy by) {
  std::map<std::string, TaskStatusCounts> groups;
  for (const Task& task : plan.tasks) {
    const std::string key = by == RollupBy::unit ? task.lead : std::string(to_string(task.area));
    groups[key].add(evaluate_task(task, at).status);
  }
  return groups;
}

std::map<std::string, TargetStatusCounts> rollup_targets(const std::vector<ScorecardRow>& rows,
                                                         RollupBy by) {
  std::map<std::string, TargetStatusCounts> groups;
  for (const ScorecardRow& row : rows) {
    if (row.target == nullptr) continue;
    const std::string key =
        by == RollupBy::unit ? row.target->owner : std::string(to_string(row.target->area));
    groups[key].add(row.evaluation.status);
  }
  return groups;
}

}  // namespace cchc::target
