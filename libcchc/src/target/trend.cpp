#include "cchc/target/trend.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "cchc/detail/enum_keys.hpp"
#include "cchc/target/evaluate.hpp"
#include "format.hpp"

namespace cchc::target {

namespace {

constexpr cchc::detail::EnumKeys<TrendMethod, 2> kTrendMethodKeys{{
    {"sdg_index", TrendMethod::sdg_index},
    {"open_sdg", TrendMethod::open_sdg},
}};

constexpr cchc::detail::EnumKeys<TrendCategory, 6> kTrendCategoryKeys{{
    {"achieved", TrendCategory::achieved},
    {"on_track", TrendCategory::on_track},
    {"moderately_improving", TrendCategory::moderately_improving},
    {"stagnating", TrendCategory::stagnating},
    {"decreasing", TrendCategory::decreasing},
    {"not_applicable", TrendCategory::not_applicable},
}};

using detail::number;

constexpr double kDaysPerYear = 365.25;

double years_between(calendar::Date from, calendar::Date to) {
  return static_cast<double>(to - from) / kDaysPerYear;
}

}  // namespace

std::string_view to_string(TrendMethod method) noexcept {
  return cchc::detail::enum_key(kTrendMethodKeys, method);
}
std::string_view to_string(TrendCategory category) noexcept {
  return cchc::detail::enum_key(kTrendCategoryKeys, category);
}
std::optional<TrendMethod> trend_method_from_key(std::string_view key) noexcept {
  return cchc::detail::enum_from_key(kTrendMethodKeys, key);
}
std::optional<TrendCategory> trend_category_from_key(std::string_view key) noexcept {
  return cchc::detail::enum_from_key(kTrendCategoryKeys, key);
}

std::optional<double> linear_projection(std::span<const Observation> series, calendar::Date at) {
  if (series.size() < 2) return std::nullopt;
  // Day offsets from the first point keep the sums well conditioned.
  const calendar::Date origin = series.front().date;
  double mean_x = 0.0;
  double mean_y = 0.0;
  for (const Observation& point : series) {
    mean_x += static_cast<double>(point.date - origin);
    mean_y += point.value;
  }
  const auto count = static_cast<double>(series.size());
  mean_x /= count;
  mean_y /= count;
  double covariance = 0.0;
  double variance = 0.0;
  for (const Observation& point : series) {
    const double dx = static_cast<double>(point.date - origin) - mean_x;
    covariance += dx * (point.value - mean_y);
    variance += dx * dx;
  }
  if (variance == 0.0) return std::nullopt;
  const double slope = covariance / variance;
  return mean_y + slope * (static_cast<double>(at - origin) - mean_x);
}

Trend trend(const Target& target, std::span<const Observation> series,
            const TrendOptions& options) {
  Trend result;
  result.method = options.method;
  const bool open_sdg = options.method == TrendMethod::open_sdg;
  result.on_track_threshold = options.on_track.value_or(open_sdg ? 0.95 : 1.0);
  result.moderate_threshold = options.moderate.value_or(open_sdg ? 0.60 : 0.5);
  std::string& why = result.explanation;

  std::vector<Observation> points(series.begin(), series.end());
  std::sort(points.begin(), points.end(),
            [](const Observation& a, const Observation& b) { return a.date < b.date; });
  for (std::size_t i = 1; i < points.size(); ++i) {
    if (points[i].date == points[i - 1].date) {
      why = "trend not applicable: two observations on " + points[i].date.iso();
      return result;
    }
  }
  const auto level = target.level();
  const auto due = target.deadline.due();
  if (due) {
    result.projection = linear_projection(points, *due);
    if (result.projection && level) {
      result.projected_met =
          meets(target.comparator, *result.projection, *level, options.exact_tolerance,
                target.upper);
    }
  }
  if (points.size() < 2) {
    why = "trend not applicable: needs at least two observations, has " +
          std::to_string(points.size());
    return result;
  }
  if (!level) {
    why = "trend not applicable: the target level is unknown (relative target without baseline)";
    return result;
  }
  const Observation& first = points.front();
  const Observation& last = points.back();
  std::string projection_text;
  if (result.projection) {
    projection_text = "; linear projection to " + due->iso() + ": " + number(*result.projection) +
                      (*result.projected_met ? " (meets the level)" : " (misses the level)");
  }
  if (meets(target.comparator, last.value, *level, options.exact_tolerance, target.upper)) {
    result.category = TrendCategory::achieved;
    why = "trend achieved: the latest value " + number(last.value) + " (" + last.date.iso() +
          ") meets the level " + number(*level) + projection_text;
    return result;
  }
  const auto direction = target.direction();
  if (!direction) {
    why = "trend not applicable: whether higher or lower is better is unknown";
    return result;
  }
  if (!due) {
    why = "trend not applicable: the deadline '" + target.deadline.text + "' has no last day";
    return result;
  }
  const double years_observed = years_between(first.date, last.date);
  const double years_required = years_between(first.date, *due);
  if (years_required <= 0.0) {
    why = "trend not applicable: the deadline " + due->iso() +
          " is not after the first observation " + first.date.iso() + projection_text;
    return result;
  }
  const double d = static_cast<double>(*direction);
  std::string formula;
  if (open_sdg) {
    if (first.value <= 0.0 || last.value <= 0.0 || *level <= 0.0) {
      why =
          "trend not applicable: the Open SDG growth rates need positive first, latest and "
          "target values" +
          projection_text;
      return result;
    }
    result.observed_gain = d * (std::pow(last.value / first.value, 1.0 / years_observed) - 1.0);
    result.required_gain = d * (std::pow(*level / first.value, 1.0 / years_required) - 1.0);
    formula = "compound annual growth";
  } else {
    result.observed_gain = d * (last.value - first.value) / years_observed;
    result.required_gain = d * (*level - first.value) / years_required;
    formula = "linear annual gain";
  }
  why = "observed " + formula + " " + number(*result.observed_gain) + " (" + number(first.value) +
        " on " + first.date.iso() + " → " + number(last.value) + " on " + last.date.iso() +
        "), required " + number(*result.required_gain) + " to reach " + number(*level) + " by " +
        due->iso();
  if (*result.required_gain <= 0.0) {
    // The first observation already met the level and the latest does not.
    result.category = TrendCategory::decreasing;
    why += ": the level was met at the first observation and is not now → decreasing" +
           projection_text;
    return result;
  }
  const double ratio = *result.observed_gain / *result.required_gain;
  result.ratio = ratio;
  why += "; ratio " + number(ratio);
  if (ratio >= result.on_track_threshold) {
    result.category = TrendCategory::on_track;
    why += " >= " + number(result.on_track_threshold) + " → on track";
  } else if (ratio >= result.moderate_threshold) {
    result.category = TrendCategory::moderately_improving;
    why += " in [" + number(result.moderate_threshold) + ", " + number(result.on_track_threshold) +
           ") → moderately improving";
  } else if (ratio >= 0.0) {
    result.category = TrendCategory::stagnating;
    why += " in [0, " + number(result.moderate_threshold) + ") → stagnating";
  } else {
    result.category = TrendCategory::decreasing;
    why += " < 0 → decreasing";
  }
  why += projection_text;
  return result;
}

}  // namespace cchc::target
