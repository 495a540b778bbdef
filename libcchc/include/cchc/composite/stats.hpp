// Statistics shared by weighting, audit and sensitivity: pairwise-complete Pearson correlation
// and principal components of a set of columns (complete units only).
#pragma once

#include <Eigen/Core>
#include <optional>
#include <span>

#include "cchc/composite/dataset.hpp"

namespace cchc::composite {

/// Pearson r over units where both columns are available; nullopt with fewer than 3 such units
/// or a constant column.
[[nodiscard]] std::optional<double> pearson(const Dataset& data, std::size_t a, std::size_t b);

struct PrincipalComponents {
  Eigen::VectorXd eigenvalues;     // of the correlation matrix, descending
  Eigen::VectorXd first_loadings;  // unit eigenvector of the largest eigenvalue, sign: Σ ≥ 0
  double first_share = 0.0;        // eigenvalue share of the first component
  std::size_t complete_units = 0;
};

/// PCA on the correlation matrix of `columns` over units available in all of them; nullopt
/// with fewer than 3 complete units or a constant column.
[[nodiscard]] std::optional<PrincipalComponents> principal_components(
    const Dataset& data, std::span<const std::size_t> columns);

}  // namespace cchc::composite
