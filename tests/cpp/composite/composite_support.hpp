// Small builders for the composite tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cchc/composite/dataset.hpp"

namespace composite_test {

struct NodeRow {
  std::string code;
  std::string parent;
  cchc::composite::NodeSettings settings{};
};

inline cchc::composite::IndexStructure make_index(const std::vector<NodeRow>& rows,
                                                  double default_share = 1.0) {
  std::vector<cchc::score::NodeSpec> specs;
  std::vector<cchc::composite::NodeSettings> settings;
  for (const NodeRow& row : rows) {
    specs.push_back(cchc::score::NodeSpec{row.code, row.parent, row.code, 1.0,
                                          cchc::score::Aggregation::weighted_mean,
                                          row.settings.weight > 0 ? row.settings.weight : 1.0});
    settings.push_back(row.settings);
  }
  return cchc::composite::IndexStructure::build("test", specs, settings, default_share);
}

/// A dataset from rows of optional values.
inline cchc::composite::Dataset make_data(
    std::vector<std::string> units, std::vector<std::string> columns,
    const std::vector<std::vector<std::optional<double>>>& rows) {
  auto data = cchc::composite::Dataset::empty_like(std::move(units), std::move(columns));
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c) data.set(r, c, rows[r][c]);
  return data;
}

inline cchc::composite::NodeSettings with_direction(int direction) {
  cchc::composite::NodeSettings s;
  s.direction = direction;
  return s;
}

}  // namespace composite_test
