// The steps of a composite index, each a pure function from a dataset to a new dataset (or to
// weights, ranks), so that a pipeline can be replayed and two pipelines compared. Missing
// entries stay missing through every step unless the step is imputation.
// Formulas, edge cases and sources: docs/composite/toolkit.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/composite/dataset.hpp"

namespace cchc::composite {

// ---- Denomination ------------------------------------------------------------------------

/// Divides each indicator that has a denominator by it (× scale). An indicator whose
/// denominator is missing for a unit becomes missing; a zero denominator throws cchc::Error
/// naming the unit, indicator and denominator.
[[nodiscard]] Dataset denominate(const CompositeData& data, const IndexStructure& index,
                                 double scale = 1.0);

// ---- Imputation --------------------------------------------------------------------------

enum class ImputeMethod : std::uint8_t { mean, median, group_mean, em };
[[nodiscard]] std::string_view to_string(ImputeMethod method) noexcept;
[[nodiscard]] std::optional<ImputeMethod> impute_method_from_string(std::string_view key) noexcept;

/// Fills missing entries column by column (mean, median), with the mean of the unit's group
/// (group_mean; falls back to the column mean when the group has no value, and a unit without
/// a group label uses the column mean), or by the EM algorithm for a multivariate normal
/// (em: conditional expectations given the unit's observed columns; at most 200 iterations).
/// Available values are never changed. A column with no value at all stays missing.
[[nodiscard]] Dataset impute(const Dataset& data, ImputeMethod method,
                             std::span<const std::string> group_labels = {});

// ---- Outlier treatment -------------------------------------------------------------------

struct TreatOptions {
  double skew_limit = 2.0;      // COINr's defaults (R/treat.R)
  double kurtosis_limit = 3.5;  // excess kurtosis
  std::size_t max_winsorised = 5;
  friend bool operator==(const TreatOptions&, const TreatOptions&) = default;
};

/// What was done to one column.
struct ColumnTreatment {
  std::string column;
  double skew_before = 0.0, kurtosis_before = 0.0, skew_after = 0.0, kurtosis_after = 0.0;
  std::vector<std::string> winsorised_high;  // units whose value was lowered
  std::vector<std::string> winsorised_low;   // units whose value was raised
  bool log_transformed = false;              // winsorisation failed: ln(x − min + 1) instead
  bool treated() const noexcept {
    return log_transformed || !winsorised_high.empty() || !winsorised_low.empty();
  }
};

struct Treated {
  Dataset data;
  std::vector<ColumnTreatment> report;  // one per column
};

/// Sample skew and excess kurtosis as COINr computes them (moments over n).
[[nodiscard]] double skewness(std::span<const double> values);
[[nodiscard]] double excess_kurtosis(std::span<const double> values);

/// A column is an outlier column when |skew| > skew_limit AND kurtosis > kurtosis_limit
/// (COINr's check_SkewKurt). Such a column is winsorised one point at a time (the most extreme
/// value on the skewed side takes the next value) until it passes or max_winsorised points were
/// changed; if it still fails, the original column is log-transformed instead (ln(x − min + 1),
/// direction of skew respected by reflecting a negatively skewed column first).
[[nodiscard]] Treated treat_outliers(const Dataset& data, const TreatOptions& options = {});

// ---- Normalisation -----------------------------------------------------------------------

enum class NormaliseMethod : std::uint8_t {
  min_max,             // lower + (x − min)/(max − min)·(upper − lower)
  z_score,             // mean + sd·(x − x̄)/s
  goalposts,           // per indicator goalposts (NodeSettings::goalposts)·scale
  rank,                // 1 … n, ties get their average rank
  percentile,          // (rank − 1)/(n − 1)·scale, ties averaged
  distance_to_target,  // (x − min)/(target − min) capped to [0, 1], ·scale (COINr n_dist2targ)
  distance_to_best,  // fraction of the best unit: x/max (direction +1), min/x (−1), ·scale; x ≥ 0
  box_cox,           // (x^λ − 1)/λ, ln x for λ = 0; needs x > 0
};
[[nodiscard]] std::string_view to_string(NormaliseMethod method) noexcept;
[[nodiscard]] std::optional<NormaliseMethod> normalise_method_from_string(
    std::string_view key) noexcept;

struct NormaliseSpec {
  NormaliseMethod method = NormaliseMethod::min_max;
  double lower = 0.0;    // min_max: output range
  double upper = 100.0;  // min_max: output range; goalposts/percentile/distances: the scale
  double mean = 0.0;     // z_score
  double sd = 1.0;       // z_score
  double lambda = 1.0;   // box_cox
  friend bool operator==(const NormaliseSpec&, const NormaliseSpec&) = default;
};

/// Normalises every column that is an indicator of `index`, applying its direction (values are
/// multiplied by −1 first, as COINr does; goalposts and targets are flipped accordingly).
/// Edge cases: a column with no value stays all missing; a constant column (including one
/// unit) maps to the middle of the output range for min_max, to `mean`
/// for z_score and to the middle rank for rank/percentile. Throws cchc::Error naming the
/// indicator when goalposts or a target are needed but not set, or Box-Cox meets x ≤ 0.
[[nodiscard]] Dataset normalise(const Dataset& data, const IndexStructure& index,
                                const NormaliseSpec& spec);

// ---- Weighting ---------------------------------------------------------------------------

/// Every node weight 1 (each node's children count equally).
[[nodiscard]] std::vector<double> equal_weights(const IndexStructure& index);
/// Weights by node code; nodes not named keep the index's weights. Throws for an unknown code
/// or a negative weight.
[[nodiscard]] std::vector<double> manual_weights(
    const IndexStructure& index, std::span<const std::pair<std::string, double>> weights);
/// Per aggregate node: the squared loadings of the first principal component of its children's
/// values (correlation matrix, complete units only), which sum to 1. A node whose children have
/// fewer than 3 complete units keeps its weights. `aggregated` holds every node's column.
[[nodiscard]] std::vector<double> pca_weights(const Dataset& aggregated,
                                              const IndexStructure& index);

struct OptimisedWeights {
  std::vector<double> weights;
  std::vector<double> correlations;  // by node: Pearson r with its parent at the end
  std::size_t iterations = 0;
  bool converged = false;
};
/// Weights of `node`'s children chosen so that each child's correlation with the node's
/// aggregate is proportional to its target importance (`targets` by child, in child order):
/// multiplicative fixed-point updates w ← w·(t/r̃)^0.5, where r̃ are the correlations scaled to
/// the targets' sum; stops when max |r̃ − t| ≤ tolerance. `normalised` holds the leaves' columns.
[[nodiscard]] OptimisedWeights optimise_weights(const Dataset& normalised,
                                                const IndexStructure& index, std::string_view node,
                                                std::span<const double> targets,
                                                double tolerance = 1e-4,
                                                std::size_t max_iterations = 500);

// ---- Aggregation -------------------------------------------------------------------------

struct AggregateOptions {
  std::vector<double> weights;   // by node; empty: the index's weights
  std::optional<Method> method;  // overrides every node's method when set
};

/// Adds a column for every aggregate node, bottom-up, to the normalised leaves: the result's
/// columns are every node of the tree in tree order. A unit whose share of missing children
/// exceeds the node's max missing share gets a missing aggregate; otherwise weights are
/// renormalised over its available children. Throws cchc::Error naming the unit and node when
/// a geometric/harmonic mean meets a value ≤ 0 or benefit-of-the-doubt a value < 0.
[[nodiscard]] Dataset aggregate(const Dataset& normalised, const IndexStructure& index,
                                const AggregateOptions& options = {});

/// Recomputes the aggregate `nodes` (children before parents) of `aggregated` — a dataset with
/// every node's column in tree order, as aggregate() returns — in place. Lets a caller that
/// changes a few weights recompute only the affected ancestors (the sensitivity loop).
void reaggregate(Dataset& aggregated, const IndexStructure& index, const AggregateOptions& options,
                 std::span<const std::size_t> nodes);

/// Benefit of the doubt for every unit (rows of `values`, all ≥ 0, missing as 0): the optimum
/// of the linear programme max Σ wⱼy_uj s.t. Σ wⱼy_kj ≤ 1 ∀k, w ≥ 0, solved by a dense simplex
/// (Bland's rule). Returns one score in [0, 1] per unit.
[[nodiscard]] Eigen::VectorXd benefit_of_doubt(const Eigen::MatrixXd& values);

// ---- Results -----------------------------------------------------------------------------

/// Competition ranks ("1224"): 1 for the highest value, tied units share the best rank; a
/// missing value has no rank.
[[nodiscard]] std::vector<std::optional<std::size_t>> rank_units(const Dataset& data,
                                                                 std::string_view column);

/// Band labels: thresholds ascending, labels.size() == thresholds.size() + 1; a value v gets
/// labels[k] with k = number of thresholds ≤ v. Missing values get no band.
[[nodiscard]] std::vector<std::optional<std::string>> bands(const Dataset& data,
                                                            std::string_view column,
                                                            std::span<const double> thresholds,
                                                            std::span<const std::string> labels);

}  // namespace cchc::composite
