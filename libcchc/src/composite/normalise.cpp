// Normalisation: one column at a time over its available entries; missing stays missing.
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <utility>

#include "cchc/composite/steps.hpp"
#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/composite.hpp"

namespace cchc::composite {

namespace {

using cchc::detail::CodedReason;
using cchc::detail::composite_error;
using cchc::detail::ErrorCode;

constexpr std::array<std::pair<NormaliseMethod, std::string_view>, 8> kNames{{
    {NormaliseMethod::min_max, "min_max"},
    {NormaliseMethod::z_score, "z_score"},
    {NormaliseMethod::goalposts, "goalposts"},
    {NormaliseMethod::rank, "rank"},
    {NormaliseMethod::percentile, "percentile"},
    {NormaliseMethod::distance_to_target, "distance_to_target"},
    {NormaliseMethod::distance_to_best, "distance_to_best"},
    {NormaliseMethod::box_cox, "box_cox"},
}};

// Average ranks (1-based, ascending) of `values`; ties share the mean of their positions.
std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  std::size_t start = 0;
  while (start < order.size()) {
    std::size_t end = start + 1;
    while (end < order.size() && values[order[end]] == values[order[start]]) ++end;
    const double rank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
    for (std::size_t k = start; k < end; ++k) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

[[noreturn]] void fail(const std::string& indicator, const std::string& unit, ErrorCode reason) {
  const CodedReason context =
      unit.empty() ? CodedReason(composite_error("composite.normalise_indicator"),
                                 {{"indicator", indicator}})
                   : CodedReason(composite_error("composite.normalise_indicator_unit"),
                                 {{"indicator", indicator}, {"unit", unit}});
  throw context.and_then(reason).as<Error>();
}

}  // namespace

std::string_view to_string(NormaliseMethod method) noexcept {
  for (const auto& [candidate, name] : kNames)
    if (candidate == method) return name;
  return "min_max";
}

std::optional<NormaliseMethod> normalise_method_from_string(std::string_view key) noexcept {
  for (const auto& [candidate, name] : kNames)
    if (name == key) return candidate;
  return std::nullopt;
}

Dataset normalise(const Dataset& data, const IndexStructure& index, const NormaliseSpec& spec) {
  Dataset result = data;
  const double scale = spec.upper;
  std::vector<Eigen::Index> rows;  // reused by every column
  std::vector<double> x, out;
  for (std::size_t c = 0; c < data.column_count(); ++c) {
    const std::string& code = data.columns[c];
    const auto node = index.find(code);
    if (!node || !index.tree().node(*node).is_leaf()) continue;
    const NodeSettings& settings = index.settings(*node);
    const double direction = settings.direction;
    const auto column = static_cast<Eigen::Index>(c);
    rows.clear();
    x.clear();
    for (Eigen::Index r = 0; r < data.values.rows(); ++r) {
      if (!data.available(r, column)) continue;
      rows.push_back(r);
      x.push_back(data.values(r, column));
    }
    if (x.empty()) continue;  // all missing stays all missing
    const auto unit_of = [&](std::size_t k) {
      return data.units[static_cast<std::size_t>(rows[k])];
    };
    out.assign(x.size(), 0.0);
    const auto [min_it, max_it] = std::minmax_element(x.begin(), x.end());
    const double min = *min_it, max = *max_it;
    const double n = static_cast<double>(x.size());
    switch (spec.method) {
      case NormaliseMethod::min_max: {
        for (std::size_t k = 0; k < x.size(); ++k) {
          if (max == min) {
            out[k] = (spec.lower + spec.upper) / 2.0;
          } else {
            const double share =
                direction > 0 ? (x[k] - min) / (max - min) : (max - x[k]) / (max - min);
            out[k] = spec.lower + share * (spec.upper - spec.lower);
          }
        }
        break;
      }
      case NormaliseMethod::z_score: {
        const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
        double squares = 0.0;
        for (double v : x) squares += (v - mean) * (v - mean);
        const double sd = x.size() > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0;
        for (std::size_t k = 0; k < x.size(); ++k)
          out[k] = sd > 0.0 ? spec.mean + spec.sd * direction * (x[k] - mean) / sd : spec.mean;
        break;
      }
      case NormaliseMethod::goalposts: {
        if (!settings.goalposts) fail(code, "", composite_error("composite.goalposts_missing"));
        const Goalposts& posts = *settings.goalposts;
        const double lower = posts.log_scale ? std::log(posts.lower) : posts.lower;
        const double upper = posts.log_scale ? std::log(posts.upper) : posts.upper;
        for (std::size_t k = 0; k < x.size(); ++k) {
          if (posts.log_scale && !(x[k] > 0.0))
            fail(code, unit_of(k), composite_error("composite.goalposts_log_value"));
          const double v = posts.log_scale ? std::log(x[k]) : x[k];
          double share =
              direction > 0 ? (v - lower) / (upper - lower) : (upper - v) / (upper - lower);
          if (posts.truncate) share = std::clamp(share, 0.0, 1.0);
          out[k] = share * scale;
        }
        break;
      }
      case NormaliseMethod::rank:
      case NormaliseMethod::percentile: {
        std::vector<double> signed_x(x);
        for (double& v : signed_x) v *= direction;
        const std::vector<double> ranks = average_ranks(signed_x);
        for (std::size_t k = 0; k < x.size(); ++k) {
          if (spec.method == NormaliseMethod::rank)
            out[k] = ranks[k];
          else
            out[k] = (x.size() > 1 ? (ranks[k] - 1.0) / (n - 1.0) : 0.5) * scale;
        }
        break;
      }
      case NormaliseMethod::distance_to_target: {
        if (!settings.target) fail(code, "", composite_error("composite.target_missing"));
        const double target = *settings.target;
        for (std::size_t k = 0; k < x.size(); ++k) {
          // Distance covered from the worst unit to the target; 1 once the target is reached.
          const double worst = direction > 0 ? min : max;
          const double gap = direction * (target - worst);
          double share = gap > 0.0 ? direction * (x[k] - worst) / gap : 1.0;
          if (direction * (x[k] - target) >= 0.0) share = 1.0;
          out[k] = std::clamp(share, 0.0, 1.0) * scale;
        }
        break;
      }
      case NormaliseMethod::distance_to_best: {
        for (std::size_t k = 0; k < x.size(); ++k)
          if (x[k] < 0.0)
            fail(code, unit_of(k), composite_error("composite.distance_to_best_negative"));
        for (std::size_t k = 0; k < x.size(); ++k) {
          if (direction > 0) {
            out[k] = max > 0.0 ? x[k] / max * scale : scale;  // all zero: everyone is the best
          } else {
            out[k] = x[k] > 0.0 ? min / x[k] * scale : scale;  // x = 0 is the best possible
          }
        }
        break;
      }
      case NormaliseMethod::box_cox: {
        for (std::size_t k = 0; k < x.size(); ++k) {
          if (!(x[k] > 0.0)) fail(code, unit_of(k), composite_error("composite.box_cox_positive"));
          const double v = spec.lambda == 0.0 ? std::log(x[k])
                                              : (std::pow(x[k], spec.lambda) - 1.0) / spec.lambda;
          out[k] = direction * v;
        }
        break;
      }
    }
    for (std::size_t k = 0; k < x.size(); ++k) result.values(rows[k], column) = out[k];
  }
  return result;
}

}  // namespace cchc::composite
