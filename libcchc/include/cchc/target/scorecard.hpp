// The scorecard: a plan's targets × indicator values → one row per target with its value, level,
// met, gap, progress, status, trend, projection and an explanation.
//
// Values come from the user (by target id or by indicator key, optionally per scope unit, with an
// optional series for the trend) or from the dossier engine (IndicatorCounts per unit, computed
// with cchc::dossier::find_indicator(key)->compute). Lookup order per target, first found wins:
//   1. a supplied value keyed by the target id;
//   2. a supplied value keyed by the indicator with the target's scope unit;
//   3. a supplied value keyed by the indicator with no scope unit;
//   4. the engine: counts (or computed ratios) of the target's scope unit (or of "" for an
//      unscoped target) and an engine indicator key; a share becomes percent for unit percent, a
//      ratio for unit ratio, and cannot feed a count or days target.
// A supplied entry without a value takes the last point of its series on or before the date.
// Details: docs/target/status.md#scorecard.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cchc/calendar/date.hpp"
#include "cchc/dossier/indicators.hpp"
#include "cchc/target/evaluate.hpp"
#include "cchc/target/plan.hpp"
#include "cchc/target/trend.hpp"

namespace cchc::target {

/// A value supplied by hand for a target id or an indicator key.
struct SuppliedValue {
  std::string key;                  // a target id or an indicator key
  std::string scope_unit;           // empty = any scope
  std::optional<double> value;      // the value at the evaluation date; empty = see series
  std::vector<Observation> series;  // optional history, for the trend and the projection
};

struct ScorecardInputs {
  std::vector<SuppliedValue> values;
  /// Dossier-engine counts by unit name; the key "" holds the counts of the whole plan scope.
  std::map<std::string, dossier::IndicatorCounts> engine_counts;
  /// Engine indicators already computed, by unit name then indicator key (what an indicator
  /// table carries as <key>_numerator / <key>_denominator). Used when engine_counts has no
  /// entry for the unit.
  std::map<std::string, std::map<std::string, dossier::Ratio>> engine_ratios;
};

struct ScorecardOptions {
  EvaluateOptions evaluate;
  TrendOptions trend;
};

struct ScorecardRow {
  const Target* target = nullptr;  // the plan's target (valid as long as the plan)
  std::optional<double> value;
  /// Where the value came from: "target_id", "indicator", "engine", or "" when missing.
  std::string value_source;
  Evaluation evaluation;
  Trend trend;
  std::string explanation;  // evaluation and trend explanations joined
};

/// One row per target of `plan`, in plan order, evaluated at the end of day `at`. When
/// options.evaluate.period_start is empty and the plan has a year, 1 January of that year is
/// the period start of targets without a baseline_year.
[[nodiscard]] std::vector<ScorecardRow> scorecard(const Plan& plan, const ScorecardInputs& inputs,
                                                  calendar::Date at,
                                                  const ScorecardOptions& options = {});

/// What roll-ups group by: the lead unit (a task's lead, a target's owner) or the reform area.
enum class RollupBy { unit, area };

struct TaskStatusCounts {
  int done_on_time = 0;
  int done_late = 0;
  int done = 0;
  int overdue = 0;
  int pending = 0;
  int ongoing = 0;
  int not_applicable = 0;
  int ended_unreported = 0;

  void add(TaskStatus status) noexcept;
  [[nodiscard]] int of(TaskStatus status) const noexcept;
  [[nodiscard]] int total() const noexcept;
  friend bool operator==(const TaskStatusCounts&, const TaskStatusCounts&) = default;
};

struct TargetStatusCounts {
  int achieved = 0;
  int on_track = 0;
  int at_risk = 0;
  int off_track = 0;
  int not_applicable = 0;
  int not_met = 0;

  void add(TargetStatus status) noexcept;
  [[nodiscard]] int of(TargetStatus status) const noexcept;
  [[nodiscard]] int total() const noexcept;
  friend bool operator==(const TargetStatusCounts&, const TargetStatusCounts&) = default;
};

/// Task statuses at `at` counted per lead unit or per area key ("tthc"). A task without a lead
/// is counted under "".
[[nodiscard]] std::map<std::string, TaskStatusCounts> rollup_tasks(const Plan& plan,
                                                                   calendar::Date at, RollupBy by);

/// Target statuses of scorecard rows counted per owner or per area key.
[[nodiscard]] std::map<std::string, TargetStatusCounts> rollup_targets(
    const std::vector<ScorecardRow>& rows, RollupBy by);

}  // namespace cchc::target
