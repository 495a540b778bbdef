// Statistical audit of an aggregated index (every node's column): correlations within and
// between levels, each child against its parent, Cronbach's alpha and PCA per aggregate,
// flags for negative correlations and collinearity, and data availability.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cchc/composite/dataset.hpp"
#include "cchc/composite/stats.hpp"

namespace cchc::composite {

/// Which units Cronbach's alpha reads. `complete_units`: units with every column available,
/// alpha = k/(k−1)·(1 − Σ var/var Σ). `pairwise`: COINr's get_cronbach, from the covariance
/// matrix with pairwise-complete observations (each entry over the units that have both columns),
/// alpha = k²·mean(off-diagonal)/Σ all entries; equal to the former without missing values.
enum class AlphaMethod : std::uint8_t { complete_units, pairwise };

struct AuditOptions {
  AlphaMethod alpha = AlphaMethod::complete_units;
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
  std::optional<double> cronbach_alpha;                         // AuditOptions::alpha; ≥ 2 children
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
/// Cronbach's alpha of `columns` (see AlphaMethod); nullopt with fewer than 2 columns, too few
/// units or no variance.
[[nodiscard]] std::optional<double> cronbach_alpha(
    const Dataset& data, std::span<const std::size_t> columns,
    AlphaMethod method = AlphaMethod::complete_units);
/// `aggregated` holds every node's column (the output of aggregate()).
[[nodiscard]] Audit audit(const Dataset& aggregated, const IndexStructure& index,
                          const AuditOptions& options = {});

}  // namespace cchc::composite
