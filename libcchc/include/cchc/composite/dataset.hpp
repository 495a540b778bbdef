// The composite-index data model: a units × columns table whose missing entries are explicit
// (an availability mask, never NaN), and an index structure that adds to the criteria tree of
// score/tree.hpp what composite indicators need per node: direction, weight (zero allowed),
// denominator, aggregation method, the share of children a unit may miss, goalposts and target.
// Formulas and file formats: docs/composite/toolkit.md.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/detail/coded_error.hpp"
#include "cchc/error.hpp"
#include "cchc/score/tree.hpp"

namespace cchc::composite {

using Mask = Eigen::Matrix<bool, Eigen::Dynamic, Eigen::Dynamic>;

/// A units × columns table. values(u, c) is meaningful only where available(u, c); missing
/// entries hold 0 so that no NaN can leak into a sum, and every step reads the mask.
struct Dataset {
  std::vector<std::string> units;
  std::vector<std::string> columns;
  Eigen::MatrixXd values;
  Mask available;

  /// An all-missing table of the given shape.
  static Dataset empty_like(std::vector<std::string> units, std::vector<std::string> columns);

  [[nodiscard]] std::size_t unit_count() const noexcept { return units.size(); }
  [[nodiscard]] std::size_t column_count() const noexcept { return columns.size(); }
  [[nodiscard]] std::optional<double> value(std::size_t unit, std::size_t column) const;
  void set(std::size_t unit, std::size_t column, std::optional<double> value);
  [[nodiscard]] std::optional<std::size_t> find_column(std::string_view code) const noexcept;
  /// Throws cchc::Error naming the column when absent.
  [[nodiscard]] std::size_t column_index(std::string_view code) const;
  [[nodiscard]] std::optional<std::size_t> find_unit(std::string_view code) const noexcept;
  /// Count of available entries.
  [[nodiscard]] std::size_t available_count() const noexcept;
  /// Checks shapes, unique unit and column codes and finite available values; throws
  /// cchc::Error naming the unit and column.
  void validate(std::string_view what = "dataset") const;
  /// The same, with the data named by a coded sentence (docs/i18n.md).
  void validate(const detail::CodedReason& what) const;

  /// Same units, columns, availability and (where available) bitwise-equal values.
  friend bool operator==(const Dataset& a, const Dataset& b);
};

/// How a node combines its children's normalised values. Formulas: docs/composite/toolkit.md.
enum class Method : std::uint8_t {
  arithmetic,        // Σ wᵢxᵢ / Σ wᵢ
  geometric,         // Π xᵢ^(wᵢ/Σw); needs xᵢ > 0
  harmonic,          // Σ wᵢ / Σ (wᵢ/xᵢ); needs xᵢ > 0
  mazziotta_pareto,  // M − S·S/M (weighted mean M, weighted sd S); penalises unbalance
  minimum,           // minᵢ xᵢ (Leontief, no compensation)
  benefit_of_doubt,  // DEA: max Σ wᵢxᵢ s.t. Σ wᵢx_kᵢ ≤ 1 for every unit k, w ≥ 0
};
[[nodiscard]] std::string_view to_string(Method method) noexcept;
[[nodiscard]] std::optional<Method> method_from_string(std::string_view key) noexcept;

/// Fixed bounds for the goalposts normalisation: (x − lower)/(upper − lower)·scale, on ln x
/// when log_scale (HDI income), clipped to [0, scale] when truncate.
struct Goalposts {
  double lower = 0.0;
  double upper = 1.0;
  bool log_scale = false;
  bool truncate = true;
  friend bool operator==(const Goalposts&, const Goalposts&) = default;
};

/// What a composite index adds to a criteria-tree node.
struct NodeSettings {
  int direction =
      1;  // +1 more is better, −1 less is better (leaves only; applied at normalisation)
  double weight = 1.0;                      // ≥ 0, relative to the node's siblings
  std::string denominator;                  // leaves: code of a denominator column, empty for none
  Method aggregation = Method::arithmetic;  // aggregates: how children combine
  std::optional<double> max_missing_share;  // aggregates: nullopt = IndexStructure default
  std::optional<Goalposts> goalposts;       // leaves: for the goalposts normalisation
  std::optional<double> target;             // leaves: for distance to target
  friend bool operator==(const NodeSettings&, const NodeSettings&) = default;
};

/// A criteria tree with composite settings per node (same indices as tree.nodes()).
class IndexStructure {
 public:
  IndexStructure() = default;
  /// Builds the tree (score::CriteriaTree::build: throws score::InvalidTree) and validates the
  /// settings: direction ±1, finite weight ≥ 0 with at least one positive weight among
  /// siblings, lower < upper goalposts (lower > 0 when log_scale), shares in [0, 1].
  /// Throws score::InvalidTree naming the node and field.
  static IndexStructure build(std::string name, std::vector<score::NodeSpec> specs,
                              std::vector<NodeSettings> settings,
                              double default_max_missing_share = 1.0);

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const score::CriteriaTree& tree() const noexcept { return tree_; }
  [[nodiscard]] std::span<const NodeSettings> settings() const noexcept { return settings_; }
  [[nodiscard]] const NodeSettings& settings(std::size_t node) const { return settings_.at(node); }
  [[nodiscard]] const std::string& code(std::size_t node) const {
    return tree_.node(node).spec.code;
  }
  /// The node with this code (a map lookup; the tree's own find scans).
  [[nodiscard]] std::optional<std::size_t> find(std::string_view code) const;
  /// Codes of the leaves (indicators), in tree order: the columns a dataset must have.
  [[nodiscard]] std::vector<std::string> indicator_codes() const;
  /// Codes of every node in tree order: the columns of an aggregated dataset.
  [[nodiscard]] std::vector<std::string> node_codes() const;
  /// Weights of every node (settings().weight), by node index.
  [[nodiscard]] std::vector<double> weights() const;
  /// The share used for `node`'s missing-children rule.
  [[nodiscard]] double max_missing_share(std::size_t node) const;
  /// Level of a node counted from the leaves' side: 1 for indicators, 1 + max child level else.
  [[nodiscard]] std::size_t level(std::size_t node) const;

  friend bool operator==(const IndexStructure&, const IndexStructure&) = default;

 private:
  std::string name_;
  score::CriteriaTree tree_;
  std::vector<NodeSettings> settings_;
  double default_max_missing_share_ = 1.0;
  std::map<std::string, std::size_t, std::less<>> node_by_code_;
};

/// A unit grouping (income group, region): one label per unit, empty when the unit has none.
struct UnitGroups {
  std::string name;
  std::vector<std::string> labels;
  friend bool operator==(const UnitGroups&, const UnitGroups&) = default;
};

/// Everything a pipeline reads: indicator values (columns = IndexStructure leaves, any order),
/// denominators (same units) and unit groupings.
struct CompositeData {
  Dataset indicators;
  Dataset denominators;
  std::vector<UnitGroups> groups;

  /// Throws cchc::Error naming the unit/indicator when the data does not fit the index:
  /// an indicator of the index without a column, a column that is not an indicator, a
  /// denominator code with no denominator column (unless `with_denominators` is false: a
  /// pipeline that does not denominate), a mismatched unit list or group size.
  void validate(const IndexStructure& index, bool with_denominators = true) const;
  [[nodiscard]] const UnitGroups& group(std::string_view name) const;
  friend bool operator==(const CompositeData&, const CompositeData&) = default;
};

}  // namespace cchc::composite
