#include "cchc/composite/dataset.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <utility>

#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/composite.hpp"

namespace cchc::composite {

namespace {

using cchc::detail::CodedReason;
using cchc::detail::composite_error;

constexpr std::array<std::pair<Method, std::string_view>, 6> kMethodNames{{
    {Method::arithmetic, "arithmetic"},
    {Method::geometric, "geometric"},
    {Method::harmonic, "harmonic"},
    {Method::mazziotta_pareto, "mazziotta_pareto"},
    {Method::minimum, "minimum"},
    {Method::benefit_of_doubt, "benefit_of_doubt"},
}};

Eigen::Index as_index(std::size_t value) {
  return static_cast<Eigen::Index>(value);
}

Error entry_out_of_range(std::size_t unit, std::size_t column) {
  return CodedReason(composite_error("composite.entry_range"),
                     {{"unit", std::to_string(unit)}, {"column", std::to_string(column)}})
      .as<Error>();
}

}  // namespace

std::string_view to_string(Method method) noexcept {
  for (const auto& [candidate, name] : kMethodNames)
    if (candidate == method) return name;
  return "arithmetic";
}

std::optional<Method> method_from_string(std::string_view key) noexcept {
  for (const auto& [candidate, name] : kMethodNames)
    if (name == key) return candidate;
  return std::nullopt;
}

Dataset Dataset::empty_like(std::vector<std::string> unit_codes,
                            std::vector<std::string> column_codes) {
  Dataset result;
  result.values = Eigen::MatrixXd::Zero(as_index(unit_codes.size()), as_index(column_codes.size()));
  result.available =
      Mask::Constant(as_index(unit_codes.size()), as_index(column_codes.size()), false);
  result.units = std::move(unit_codes);
  result.columns = std::move(column_codes);
  return result;
}

std::optional<double> Dataset::value(std::size_t unit, std::size_t column) const {
  if (unit >= units.size() || column >= columns.size()) throw entry_out_of_range(unit, column);
  if (!available(as_index(unit), as_index(column))) return std::nullopt;
  return values(as_index(unit), as_index(column));
}

void Dataset::set(std::size_t unit, std::size_t column, std::optional<double> value) {
  if (unit >= units.size() || column >= columns.size()) throw entry_out_of_range(unit, column);
  available(as_index(unit), as_index(column)) = value.has_value();
  values(as_index(unit), as_index(column)) = value.value_or(0.0);
}

std::optional<std::size_t> Dataset::find_column(std::string_view code) const noexcept {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == code) return i;
  return std::nullopt;
}

std::size_t Dataset::column_index(std::string_view code) const {
  if (auto found = find_column(code)) return *found;
  throw CodedReason(composite_error("composite.no_column"), {{"column", std::string(code)}})
      .as<Error>();
}

std::optional<std::size_t> Dataset::find_unit(std::string_view code) const noexcept {
  for (std::size_t i = 0; i < units.size(); ++i)
    if (units[i] == code) return i;
  return std::nullopt;
}

std::size_t Dataset::available_count() const noexcept {
  return static_cast<std::size_t>(available.count());
}

void Dataset::validate(std::string_view what) const {
  validate(CodedReason(cchc::detail::kEnglishOnly, {{"text", std::string(what)}}));
}

void Dataset::validate(const CodedReason& label) const {
  if (values.rows() != as_index(units.size()) || values.cols() != as_index(columns.size()) ||
      available.rows() != values.rows() || available.cols() != values.cols())
    throw label
        .and_then(composite_error("composite.dataset_shape"),
                  {{"rows", std::to_string(values.rows())},
                   {"cols", std::to_string(values.cols())},
                   {"units", std::to_string(units.size())},
                   {"columns", std::to_string(columns.size())}})
        .as<Error>();
  for (std::size_t u = 0; u < units.size(); ++u)
    if (units[u].empty())
      throw label
          .and_then(composite_error("composite.dataset_empty_unit"),
                    {{"row", std::to_string(u + 1)}})
          .as<Error>();
  // Duplicates by sorting views of the codes (cheaper than a tree of them); the error names the
  // first repeated code in row order.
  const auto first_repeat = [](const std::vector<std::string>& codes) -> std::optional<std::size_t> {
    std::vector<std::string_view> sorted(codes.begin(), codes.end());
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end()) return std::nullopt;
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < codes.size(); ++i)
      if (!seen.insert(codes[i]).second) return i;
    return std::nullopt;
  };
  if (const auto u = first_repeat(units))
    throw label
        .and_then(composite_error("composite.dataset_unit_twice"),
                  {{"unit", units[*u]}, {"row", std::to_string(*u + 1)}})
        .as<Error>();
  if (const auto c = first_repeat(columns))
    throw label
        .and_then(composite_error("composite.dataset_column_twice"), {{"column", columns[*c]}})
        .as<Error>();
  // Column-major scan first (the common case: everything finite); find the cell only on failure.
  bool finite = true;
  for (Eigen::Index c = 0; c < values.cols() && finite; ++c)
    for (Eigen::Index r = 0; r < values.rows(); ++r)
      if (available(r, c) && !std::isfinite(values(r, c))) {
        finite = false;
        break;
      }
  if (finite) return;
  for (std::size_t u = 0; u < units.size(); ++u)
    for (std::size_t c = 0; c < columns.size(); ++c)
      if (available(as_index(u), as_index(c)) && !std::isfinite(values(as_index(u), as_index(c))))
        throw label
            .and_then(
                composite_error("composite.dataset_not_finite"),
                {{"unit", units[u]}, {"indicator", columns[c]}, {"row", std::to_string(u + 1)}})
            .as<Error>();
}

bool operator==(const Dataset& a, const Dataset& b) {
  if (a.units != b.units || a.columns != b.columns) return false;
  if (a.available.rows() != b.available.rows() || a.available.cols() != b.available.cols())
    return false;
  if (a.available != b.available) return false;
  for (Eigen::Index r = 0; r < a.values.rows(); ++r)
    for (Eigen::Index c = 0; c < a.values.cols(); ++c)
      if (a.available(r, c) && a.values(r, c) != b.values(r, c)) return false;
  return true;
}

IndexStructure IndexStructure::build(std::string name, std::vector<score::NodeSpec> specs,
                                     std::vector<NodeSettings> settings,
                                     double default_max_missing_share) {
  if (settings.size() != specs.size())
    throw CodedReason(composite_error("composite.index"), {{"name", name}})
        .then(composite_error("composite.settings_count"),
              {{"nodes", std::to_string(specs.size())},
               {"settings", std::to_string(settings.size())}})
        .as<Error>();
  IndexStructure index;
  index.name_ = std::move(name);
  index.tree_ = score::CriteriaTree::build(std::move(specs));
  if (!(default_max_missing_share >= 0.0 && default_max_missing_share <= 1.0))
    throw CodedReason(composite_error("composite.index"), {{"name", index.name_}})
        .then(composite_error("composite.default_share_range"))
        .as<Error>();
  index.default_max_missing_share_ = default_max_missing_share;
  const auto& tree = index.tree_;
  for (std::size_t i = 0; i < settings.size(); ++i) {
    const NodeSettings& node = settings[i];
    const std::string& code = tree.node(i).spec.code;
    if (node.direction != 1 && node.direction != -1)
      throw score::InvalidTree(i, code, "direction",
                               CodedReason(composite_error("composite.direction_value"),
                                           {{"direction", std::to_string(node.direction)}}));
    if (!std::isfinite(node.weight) || node.weight < 0.0)
      throw score::InvalidTree(i, code, "weight", composite_error("composite.weight_range"));
    if (node.max_missing_share &&
        !(*node.max_missing_share >= 0.0 && *node.max_missing_share <= 1.0))
      throw score::InvalidTree(i, code, "max_missing_share",
                               composite_error("composite.share_range"));
    if (node.goalposts) {
      const Goalposts& posts = *node.goalposts;
      if (!std::isfinite(posts.lower) || !std::isfinite(posts.upper) ||
          !(posts.lower < posts.upper))
        throw score::InvalidTree(i, code, "goalposts",
                                 composite_error("composite.goalposts_order"));
      if (posts.log_scale && !(posts.lower > 0.0))
        throw score::InvalidTree(i, code, "goalposts", composite_error("composite.goalposts_log"));
    }
    if (node.target && !std::isfinite(*node.target))
      throw score::InvalidTree(i, code, "target", composite_error("composite.target_finite"));
    if (!tree.node(i).is_leaf()) {
      double total = 0.0;
      for (std::size_t child : tree.node(i).children) total += settings[child].weight;
      if (!(total > 0.0))
        throw score::InvalidTree(i, code, "weight", composite_error("composite.weights_zero"));
    }
  }
  index.settings_ = std::move(settings);
  for (std::size_t i = 0; i < tree.size(); ++i) index.node_by_code_.emplace(tree.node(i).spec.code, i);
  return index;
}

std::optional<std::size_t> IndexStructure::find(std::string_view code) const {
  const auto found = node_by_code_.find(code);
  if (found == node_by_code_.end()) return std::nullopt;
  return found->second;
}

std::vector<std::string> IndexStructure::indicator_codes() const {
  std::vector<std::string> codes;
  for (std::size_t leaf : tree_.leaves()) codes.push_back(code(leaf));
  return codes;
}

std::vector<std::string> IndexStructure::node_codes() const {
  std::vector<std::string> codes;
  for (const auto& node : tree_.nodes()) codes.push_back(node.spec.code);
  return codes;
}

std::vector<double> IndexStructure::weights() const {
  std::vector<double> result;
  for (const NodeSettings& node : settings_) result.push_back(node.weight);
  return result;
}

double IndexStructure::max_missing_share(std::size_t node) const {
  return settings(node).max_missing_share.value_or(default_max_missing_share_);
}

std::size_t IndexStructure::level(std::size_t node) const {
  const auto& tree_node = tree_.node(node);
  std::size_t result = 1;
  for (std::size_t child : tree_node.children) result = std::max(result, 1 + level(child));
  return result;
}

void CompositeData::validate(const IndexStructure& index, bool with_denominators) const {
  indicators.validate(CodedReason(composite_error("composite.indicator_data")));
  // Every column is a distinct leaf (validate refused duplicates), so equal counts mean every
  // leaf has its column.
  for (const std::string& column : indicators.columns) {
    const auto node = index.find(column);
    if (!node || !index.tree().node(*node).is_leaf())
      throw CodedReason(composite_error("composite.indicator_data"))
          .then(composite_error("composite.column_not_indicator"),
                {{"column", column}, {"index", index.name()}})
          .as<Error>();
  }
  if (indicators.column_count() != index.tree().leaves().size())
    for (const std::string& code : index.indicator_codes())
      if (!indicators.find_column(code))
        throw CodedReason(composite_error("composite.indicator_data"))
            .then(composite_error("composite.indicator_no_column"),
                  {{"indicator", code}, {"index", index.name()}})
            .as<Error>();
  if (denominators.column_count() > 0 || !denominators.units.empty()) {
    denominators.validate(CodedReason(composite_error("composite.denominator_data")));
    if (denominators.units != indicators.units)
      throw CodedReason(composite_error("composite.denominator_data"))
          .then(composite_error("composite.denominator_units"))
          .as<Error>();
  }
  for (std::size_t leaf : index.tree().leaves()) {
    const std::string& denominator = index.settings(leaf).denominator;
    if (with_denominators && !denominator.empty() && !denominators.find_column(denominator))
      throw CodedReason(composite_error("composite.denominator_no_column"),
                        {{"indicator", index.code(leaf)}, {"denominator", denominator}})
          .as<Error>();
  }
  for (const UnitGroups& grouping : groups)
    if (grouping.labels.size() != indicators.units.size())
      throw CodedReason(composite_error("composite.group_size"),
                        {{"group", grouping.name},
                         {"labels", std::to_string(grouping.labels.size())},
                         {"units", std::to_string(indicators.units.size())}})
          .as<Error>();
}

const UnitGroups& CompositeData::group(std::string_view name) const {
  for (const UnitGroups& grouping : groups)
    if (grouping.name == name) return grouping;
  throw CodedReason(composite_error("composite.no_unit_group"), {{"name", std::string(name)}})
      .as<Error>();
}

}  // namespace cchc::composite
