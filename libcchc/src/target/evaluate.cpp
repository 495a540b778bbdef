#include "cchc/target/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "cchc/detail/enum_keys.hpp"
#include "format.hpp"

namespace cchc::target {

namespace {

constexpr cchc::detail::EnumKeys<TargetStatus, 5> kTargetStatusKeys{{
    {"achieved", TargetStatus::achieved},
    {"on_track", TargetStatus::on_track},
    {"at_risk", TargetStatus::at_risk},
    {"off_track", TargetStatus::off_track},
    {"not_applicable", TargetStatus::not_applicable},
}};

using detail::number;
using detail::share;

std::string comparator_symbol(Comparator comparator) {
  switch (comparator) {
    case Comparator::at_least:
      return ">=";
    case Comparator::at_most:
    case Comparator::reduce_by:
    case Comparator::reduce_by_at_least:
      return "<=";
    case Comparator::between:
      return ">=";
    case Comparator::exactly:
      break;
  }
  return "=";
}

double shortfall(Comparator comparator, double value, double level, double tolerance,
                 std::optional<double> upper) {
  switch (comparator) {
    case Comparator::at_least:
      return std::max(0.0, level - value);
    case Comparator::at_most:
    case Comparator::reduce_by:
    case Comparator::reduce_by_at_least:
      return std::max(0.0, value - level);
    case Comparator::between:
      return std::max({0.0, level - value, upper ? value - *upper : 0.0});
    case Comparator::exactly:
      break;
  }
  const double distance = std::fabs(value - level);
  return distance <= tolerance ? 0.0 : distance;
}

// The first day of the period over which progress is expected: the first of (the stated start,
// 1 January after the baseline year, the start of the deadline's own period) that is not after
// the due day. A deadline's own period can be short ("Tháng 12/2026" starts 2026-12-01), so it
// comes last.
std::optional<calendar::Date> period_start(const Target& target, const EvaluateOptions& options,
                                           std::optional<calendar::Date> due) {
  std::optional<calendar::Date> candidates[3];
  candidates[0] = options.period_start;
  if (target.baseline_year)
    candidates[1] = calendar::Date::from_ymd(*target.baseline_year + 1, 1, 1);
  candidates[2] = target.deadline.start();
  for (const auto& candidate : candidates) {
    if (candidate && (!due || *candidate <= *due)) return candidate;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(TargetStatus status) noexcept {
  return cchc::detail::enum_key(kTargetStatusKeys, status);
}

std::optional<TargetStatus> target_status_from_key(std::string_view key) noexcept {
  return cchc::detail::enum_from_key(kTargetStatusKeys, key);
}

bool meets(Comparator comparator, double value, double level, double exact_tolerance,
           std::optional<double> upper) noexcept {
  switch (comparator) {
    case Comparator::at_least:
      return value >= level;
    case Comparator::at_most:
    case Comparator::reduce_by:
    case Comparator::reduce_by_at_least:
      return value <= level;
    case Comparator::between:
      return value >= level && (!upper || value <= *upper);
    case Comparator::exactly:
      break;
  }
  return std::fabs(value - level) <= exact_tolerance;
}

Evaluation evaluate(const Target& target, std::optional<double> value, calendar::Date at,
                    const EvaluateOptions& options) {
  Evaluation result;
  const StatusThresholds& thresholds = options.thresholds;
  result.thresholds = thresholds;
  result.value = value;
  result.level = target.level();
  result.baseline = target.baseline;
  result.due = target.deadline.due();
  result.start = period_start(target, options, result.due);
  result.deadline_passed = result.due && at > *result.due;
  if (result.start && result.due && *result.start <= *result.due) {
    const double elapsed_days = static_cast<double>(at - *result.start + 1);
    const double period_days = static_cast<double>(*result.due - *result.start + 1);
    result.elapsed = std::clamp(elapsed_days / period_days, 0.0, 1.0);
  }
  const double tolerance = thresholds.exact_tolerance;
  if (result.baseline && result.level) {
    result.met_at_baseline =
        meets(target.comparator, *result.baseline, *result.level, tolerance, target.upper);
  }

  std::string& why = result.explanation;
  if (!result.level && !target.change_percent) {
    why = "not applicable: the target has neither a value nor a change_percent";
    return result;
  }
  if (!result.level) {
    why = "not applicable: the relative target (" + number(*target.change_percent) + "% versus " +
          (target.baseline_year ? std::to_string(*target.baseline_year) : std::string("baseline")) +
          ") has no baseline value, so its level is unknown";
    return result;
  }
  // A range is approached from the side the baseline lies on: from above, its upper end is
  // the level that progress is measured towards.
  const double level = target.comparator == Comparator::between && target.upper &&
                               result.baseline && *result.baseline > *target.upper
                           ? *target.upper
                           : *result.level;
  const std::string level_text =
      target.comparator == Comparator::between
          ? number(*result.level) + " … " + (target.upper ? number(*target.upper) : "") + " " +
                std::string(to_string(target.unit))
          : comparator_symbol(target.comparator) + " " + number(level) + " " +
                std::string(to_string(target.unit));
  if (!value) {
    why = "not applicable: no value for '" + target.indicator + "' (level " + level_text + ")";
    return result;
  }
  const double observed = *value;
  result.met = meets(target.comparator, observed, *result.level, tolerance, target.upper);
  result.gap = shortfall(target.comparator, observed, *result.level, tolerance, target.upper);
  why = "value " + number(observed) + " against level " + level_text;
  if (target.relative()) {
    why += " (baseline " + number(*target.baseline) + " × (1 + " + number(*target.change_percent) +
           "%))";
  }
  why += *result.met ? ": met" : ": not met, gap " + number(*result.gap);

  if (result.baseline) {
    const double base = *result.baseline;
    double progress = 0.0;
    if (result.met_at_baseline) {
      progress = *result.met ? 1.0 : 0.0;
      why += "; the baseline " + number(base) + " already met the level";
    } else if (target.comparator == Comparator::exactly) {
      progress = 1.0 - std::fabs(observed - level) / std::fabs(base - level);
      why += "; progress 1 − |" + number(observed) + " − " + number(level) + "| / |" +
             number(base) + " − " + number(level) + "|";
    } else {
      progress = (observed - base) / (level - base);
      why += "; progress (" + number(observed) + " − " + number(base) + ") / (" + number(level) +
             " − " + number(base) + ")";
    }
    result.progress = std::clamp(progress, 0.0, 1.0);
    if (!result.met_at_baseline) {
      why += " = " + share(*result.progress);
      if (progress != *result.progress) why += " (clamped from " + share(progress) + ")";
    }
  } else {
    why += "; no baseline, so progress is not applicable";
  }

  if (*result.met) {
    result.status = TargetStatus::achieved;
    why += " → achieved";
    return result;
  }
  if (result.deadline_passed) {
    result.status = TargetStatus::off_track;
    why += "; the deadline " + result.due->iso() + " passed on " + at.iso() + " → off track";
    return result;
  }
  if (result.met_at_baseline) {
    result.status = TargetStatus::at_risk;
    why += " but is not met now → at risk";
    return result;
  }
  if (!result.progress) {
    why += " → not applicable (status needs progress from a baseline)";
    return result;
  }
  if (!result.elapsed) {
    why += !result.due ? "; the deadline '" + target.deadline.text + "' has no last day"
                       : std::string(
                             "; no period start (no dated period, baseline year or "
                             "plan year)");
    why += " → not applicable (status needs the elapsed share of the period)";
    return result;
  }
  const double elapsed = *result.elapsed;
  const double on_track_floor = elapsed - thresholds.on_track_tolerance;
  const double at_risk_floor = on_track_floor - thresholds.at_risk_band;
  why += " against elapsed time " + share(elapsed) + " (" + result.start->iso() + " … " +
         result.due->iso() + ")";
  if (*result.progress >= on_track_floor) {
    result.status = TargetStatus::on_track;
    why += ": progress >= elapsed − " + share(thresholds.on_track_tolerance) + " = " +
           share(on_track_floor) + " → on track";
  } else if (*result.progress >= at_risk_floor) {
    result.status = TargetStatus::at_risk;
    why += ": progress < " + share(on_track_floor) + " but >= " + share(at_risk_floor) + " (band " +
           share(thresholds.at_risk_band) + ") → at risk";
  } else {
    result.status = TargetStatus::off_track;
    why += ": progress < elapsed − " +
           share(thresholds.on_track_tolerance + thresholds.at_risk_band) + " = " +
           share(at_risk_floor) + " → off track";
  }
  return result;
}

}  // namespace cchc::target
