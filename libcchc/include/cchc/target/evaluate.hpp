// Evaluation of a target at a date: met, gap, progress from baseline, status against elapsed time.
//
//   level     = value, or baseline × (1 + change_percent / 100)
//   met       = value >= level (at_least), <= level (at_most), |value − level| <= tolerance
//   (exactly) gap       = how far the value still is from meeting the level, in the target's unit
//   (0 when met) progress  = (value − baseline) / (level − baseline), clamped to [0, 1]; the same
//   formula works
//               for lower-is-better targets (both differences are negative); for exactly it is
//               1 − |value − level| / |baseline − level|, clamped
//   elapsed   = (at − start + 1) / (due − start + 1) in days, clamped to [0, 1]
//   status    = achieved when met; off track when the deadline has passed unmet; otherwise
//               on track if progress >= elapsed − on_track_tolerance, at risk if
//               progress >= elapsed − on_track_tolerance − at_risk_band, off track below
//
// Every evaluation carries the numbers and thresholds it used and an explanation sentence.
// Formulas, defaults and sources: docs/target/status.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cchc/calendar/date.hpp"
#include "cchc/target/target.hpp"

namespace cchc::target {

enum class TargetStatus { achieved, on_track, at_risk, off_track, not_applicable };

[[nodiscard]] std::string_view to_string(TargetStatus status) noexcept;
[[nodiscard]] std::optional<TargetStatus> target_status_from_key(std::string_view key) noexcept;

/// Configurable thresholds of the status (shares of 1, not percent).
struct StatusThresholds {
  double on_track_tolerance = 0.05;  // on track if progress >= elapsed − 0.05
  double at_risk_band = 0.15;        // at risk down to elapsed − 0.05 − 0.15; off track below
  double exact_tolerance = 1e-9;     // |value − level| allowed by Comparator::exactly
};

struct EvaluateOptions {
  StatusThresholds thresholds;
  /// First day of the period over which progress is expected. The first of these that is not
  /// after the due day is used: this option, 1 January after baseline_year, the start of the
  /// deadline's own period ("Năm 2026" starts 2026-01-01). None of them: elapsed is unknown.
  std::optional<calendar::Date> period_start;
};

struct Evaluation {
  TargetStatus status = TargetStatus::not_applicable;
  std::optional<double> value;  // the value judged (empty = missing)
  std::optional<double> level;  // the target level
  std::optional<double> baseline;
  std::optional<bool> met;         // empty when value or level is missing
  std::optional<double> gap;       // >= 0, 0 when met
  std::optional<double> progress;  // [0, 1]; empty without a baseline
  std::optional<double> elapsed;   // [0, 1]; empty without a start or a due day
  std::optional<calendar::Date> start;
  std::optional<calendar::Date> due;
  bool met_at_baseline = false;  // the baseline already satisfies the target
  bool deadline_passed = false;  // at > due
  StatusThresholds thresholds;   // the thresholds used
  std::string explanation;       // the values and thresholds behind the status, one sentence
};

/// Evaluates `target` with `value` (empty = missing) at the end of day `at`.
[[nodiscard]] Evaluation evaluate(const Target& target, std::optional<double> value,
                                  calendar::Date at, const EvaluateOptions& options = {});

/// Whether `value` meets `level` under `comparator` (exactly: within `exact_tolerance`;
/// reduce_by and reduce_by_at_least: value <= level, the level being the reduced baseline;
/// between: level <= value <= upper, where an empty `upper` bounds nothing).
[[nodiscard]] bool meets(Comparator comparator, double value, double level,
                         double exact_tolerance = 1e-9,
                         std::optional<double> upper = std::nullopt) noexcept;

}  // namespace cchc::target
