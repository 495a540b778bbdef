// Statistical audit of an aggregated index (every node's column): correlations within and
// between levels, each child against its parent, Cronbach's alpha and PCA per aggregate,
// flags for negative correlations and collinearity, and data availability.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cchc/composite/dataset.hpp"
#include "cchc/composite/stats.hpp"

namespace cchc::composite {

struct AuditOptions {
  double negative_threshold = -0.4;  // COINr get_corr_flags default: flag r ≤ −0.4 within a group
  double collinear_threshold = 0.9;  // flag r ≥ 0.9 within a group
};

/// Pairwise-complete Pearson correlations between all columns; nullopt where undefined.
struct CorrelationMatrix {
  std::vector<std::string> codes;
  std::vector<std::vector<std::optional<double>>> r;
};

struct GroupAudit {
  std::string node;
  std::vector<std::string> children;
  std::vector<std::optional<double>> child_parent_correlation;  // by child
  std::optional<double> cronbach_alpha;                         // complete units; ≥ 2 children
  std::optional<PrincipalComponents> pca;
};

struct CorrelationFlag {
  enum class Kind { negative, collinear } kind;
  std::string group, first, second;
  double r = 0.0;
};

struct Availability {
  std::vector<std::string> units;
  std::vector<double> per_unit;  // share of indicators available
  std::vector<std::string> indicators;
  std::vector<double> per_indicator;  // share of units with a value
};

struct Audit {
  CorrelationMatrix correlations;  // every node column
  std::vector<GroupAudit> groups;  // one per aggregate node, tree order
  std::vector<CorrelationFlag> flags;
  Availability availability;  // over the leaves
};

[[nodiscard]] CorrelationMatrix correlation_matrix(const Dataset& data);
/// Cronbach's alpha of `columns` over units available in all: k/(k−1)·(1 − Σvar/var(Σ)).
[[nodiscard]] std::optional<double> cronbach_alpha(const Dataset& data,
                                                   std::span<const std::size_t> columns);
/// `aggregated` holds every node's column (the output of aggregate()).
[[nodiscard]] Audit audit(const Dataset& aggregated, const IndexStructure& index,
                          const AuditOptions& options = {});

}  // namespace cchc::composite
