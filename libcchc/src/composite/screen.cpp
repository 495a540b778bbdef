// Unit screening by data availability, with COINr's rule and report (R/screen_units.R).
#include <algorithm>
#include <array>
#include <utility>

#include "cchc/composite/steps.hpp"
#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/composite.hpp"

namespace cchc::composite {

namespace {

using cchc::detail::CodedReason;
using cchc::detail::composite_error;

constexpr std::array<std::pair<ScreenRule, std::string_view>, 3> kScreenNames{{
    {ScreenRule::by_missing, "by_missing"},
    {ScreenRule::by_zeros, "by_zeros"},
    {ScreenRule::by_missing_or_zeros, "by_missing_or_zeros"},
}};

}  // namespace

std::string_view to_string(ScreenRule rule) noexcept {
  for (const auto& [candidate, name] : kScreenNames)
    if (candidate == rule) return name;
  return "by_missing";
}

std::optional<ScreenRule> screen_rule_from_string(std::string_view key) noexcept {
  for (const auto& [candidate, name] : kScreenNames)
    if (name == key) return candidate;
  return std::nullopt;
}

Screened screen_units(const Dataset& data, const ScreenOptions& options) {
  if (!(options.data_threshold >= 0.0 && options.data_threshold <= 1.0))
    throw CodedReason(composite_error("composite.screen_data_threshold")).as<Error>();
  if (!(options.nonzero_threshold >= 0.0 && options.nonzero_threshold <= 1.0))
    throw CodedReason(composite_error("composite.screen_nonzero_threshold")).as<Error>();
  for (const auto* forced : {&options.force_include, &options.force_exclude})
    for (const std::string& unit : *forced)
      if (!data.find_unit(unit))
        throw CodedReason(composite_error("composite.screen_forced_unit"), {{"unit", unit}})
            .as<Error>();
  Screened out;
  const auto columns = static_cast<double>(data.column_count());
  std::vector<Eigen::Index> kept;
  for (std::size_t u = 0; u < data.unit_count(); ++u) {
    const auto row = static_cast<Eigen::Index>(u);
    UnitScreening unit;
    unit.unit = data.units[u];
    for (Eigen::Index c = 0; c < data.values.cols(); ++c) {
      if (!data.available(row, c))
        ++unit.missing;
      else if (data.values(row, c) == 0.0)
        ++unit.zeros;
    }
    unit.data_share = columns > 0 ? 1.0 - static_cast<double>(unit.missing) / columns : 0.0;
    const std::size_t present = data.column_count() - unit.missing;
    if (present > 0)
      unit.nonzero_share = 1.0 - static_cast<double>(unit.zeros) / static_cast<double>(present);
    unit.low_data = unit.data_share < options.data_threshold;
    // COINr compares NaN (nothing available) as "not low"; such a unit is low on data anyway.
    unit.low_nonzero = unit.nonzero_share && *unit.nonzero_share < options.nonzero_threshold;
    switch (options.rule) {
      case ScreenRule::by_missing:
        unit.included = !unit.low_data;
        break;
      case ScreenRule::by_zeros:
        unit.included = !unit.low_nonzero;
        break;
      case ScreenRule::by_missing_or_zeros:
        unit.included = !unit.low_data && !unit.low_nonzero;
        break;
    }
    const auto named = [&](const std::vector<std::string>& list) {
      return std::find(list.begin(), list.end(), unit.unit) != list.end();
    };
    if (named(options.force_include)) unit.included = true;
    if (named(options.force_exclude)) unit.included = false;
    if (unit.included)
      kept.push_back(row);
    else
      out.removed.push_back(unit.unit);
    out.summary.push_back(std::move(unit));
  }
  std::vector<std::string> units;
  for (Eigen::Index row : kept) units.push_back(data.units[static_cast<std::size_t>(row)]);
  out.data = Dataset::empty_like(std::move(units), data.columns);
  for (std::size_t k = 0; k < kept.size(); ++k) {
    out.data.values.row(static_cast<Eigen::Index>(k)) = data.values.row(kept[k]);
    out.data.available.row(static_cast<Eigen::Index>(k)) = data.available.row(kept[k]);
  }
  return out;
}

}  // namespace cchc::composite
