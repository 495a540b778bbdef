// Trend of a target from a time series: the gain observed against the gain required to reach
// the level by the deadline, and a linear projection to the deadline.
//
//   SDG Index arrows (SDSN Sustainable Development Report, linear):
//     g_obs = d · (y_last − y_first) / years(first, last)
//     g_req = d · (level − y_first) / years(first, due)
//   Open SDG progress measure (Statistics Canada, compound annual growth):
//     g_obs = d · ((y_last / y_first)^(1 / years(first, last)) − 1)
//     g_req = d · ((level / y_first)^(1 / years(first, due)) − 1)
//   ratio = g_obs / g_req; categories: achieved (latest value meets the level), on track
//   (ratio >= on_track), moderately improving (>= moderate), stagnating (>= 0), decreasing (< 0).
//   Defaults: 1.0 / 0.5 for the SDG Index method, 0.95 / 0.60 for Open SDG.
//   projection = the least-squares line through all points, evaluated at the due day.
//
// d = +1 when higher is better, −1 otherwise; years = days / 365.25. Sources and edge cases:
// docs/target/status.md.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cchc/calendar/date.hpp"
#include "cchc/target/target.hpp"

namespace cchc::target {

/// One observed value of an indicator.
struct Observation {
  calendar::Date date;
  double value = 0.0;
  friend bool operator==(const Observation&, const Observation&) = default;
};

enum class TrendMethod { sdg_index, open_sdg };

enum class TrendCategory {
  achieved,              // the latest value meets the level ("maintaining achievement")
  on_track,              // ratio >= on_track
  moderately_improving,  // ratio >= moderate ("acceleration needed")
  stagnating,            // 0 <= ratio < moderate ("limited progress")
  decreasing,            // ratio < 0 ("deterioration")
  not_applicable         // too few points, no level, no direction or no time left; see explanation
};

[[nodiscard]] std::string_view to_string(TrendMethod method) noexcept;
[[nodiscard]] std::string_view to_string(TrendCategory category) noexcept;
[[nodiscard]] std::optional<TrendMethod> trend_method_from_key(std::string_view key) noexcept;
[[nodiscard]] std::optional<TrendCategory> trend_category_from_key(std::string_view key) noexcept;

struct TrendOptions {
  TrendMethod method = TrendMethod::sdg_index;
  /// Ratio thresholds; empty = the method's defaults (1.0/0.5 or 0.95/0.60).
  std::optional<double> on_track;
  std::optional<double> moderate;
  double exact_tolerance = 1e-9;  // for Comparator::exactly
  /// The due day of a target whose deadline states none (the scorecard passes the end of the
  /// plan's year, as the status does).
  std::optional<calendar::Date> assumed_due;
};

struct Trend {
  TrendCategory category = TrendCategory::not_applicable;
  TrendMethod method = TrendMethod::sdg_index;
  std::optional<double> observed_gain;  // g_obs, direction-signed, per year
  std::optional<double> required_gain;  // g_req, direction-signed, per year
  std::optional<double> ratio;          // g_obs / g_req
  std::optional<double> projection;     // least-squares value at the due day
  std::optional<bool> projected_met;    // whether the projection meets the level
  double on_track_threshold = 1.0;      // the thresholds used
  double moderate_threshold = 0.5;
  std::string explanation;
};

/// The trend of `target` from `series` (any order; dates must be distinct) towards its level
/// by its deadline's last day.
[[nodiscard]] Trend trend(const Target& target, std::span<const Observation> series,
                          const TrendOptions& options = {});

/// The least-squares line through `series` evaluated at `at`; empty with fewer than two
/// distinct dates.
[[nodiscard]] std::optional<double> linear_projection(std::span<const Observation> series,
                                                      calendar::Date at);

}  // namespace cchc::target
