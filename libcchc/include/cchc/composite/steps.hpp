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

/// Which skewness and kurtosis the treatment tests. `population`: moments over n (g1, g2);
/// `sample`: the sample-adjusted G1, G2 ("type 2" of R's e1071, used by COINr, and the SKEW and
/// KURT of spreadsheets).
enum class Moments : std::uint8_t { population, sample };

/// How winsorised points are counted against max_winsorised. Both clip every point tied at the
/// extreme together. `within_limit`: a step runs only if the total number of clipped points stays
/// ≤ max_winsorised. `coinr`: COINr's winsorise(): a step runs while the points clipped at the
/// last step on each side (its count nwin) number fewer than winmax, so ties can go past it.
enum class WinsoriseCount : std::uint8_t { within_limit, coinr };

/// The transformation used when winsorisation is not enough. `reflected`: ln(x − min + 1) for a
/// positive skew, −ln(max − x + 1) for a negative one. `coinr`: COINr's log_CT,
/// ln(x − min + 0.01·(max − min)) whatever the side of the skew.
enum class LogFallback : std::uint8_t { reflected, coinr };

struct TreatOptions {
  double skew_limit = 2.0;      // COINr's defaults (R/treat.R)
  double kurtosis_limit = 3.5;  // excess kurtosis
  std::size_t max_winsorised = 5;
  Moments moments = Moments::population;
  WinsoriseCount count = WinsoriseCount::within_limit;
  LogFallback log_fallback = LogFallback::reflected;
  /// COINr's conventions (type-2 moments, COINr's point count, log_CT without reflection).
  [[nodiscard]] static TreatOptions coinr() {
    TreatOptions options;
    options.moments = Moments::sample;
    options.count = WinsoriseCount::coinr;
    options.log_fallback = LogFallback::coinr;
    return options;
  }
  friend bool operator==(const TreatOptions&, const TreatOptions&) = default;
};

/// What was done to one column.
struct ColumnTreatment {
  std::string column;
  // nullopt where the moments are undefined (fewer than 3 values, 4 for the sample kurtosis,
  // or a constant column): such a column is left as it is and `note` says why.
  std::optional<double> skew_before, kurtosis_before, skew_after, kurtosis_after;
  std::vector<std::string> winsorised_high;  // units whose value was lowered
  std::vector<std::string> winsorised_low;   // units whose value was raised
  std::size_t winsorised_count = 0;  // points counted against max_winsorised (COINr: nwin)
  bool log_transformed = false;      // winsorisation failed: the log fallback instead
  bool passes = true;                // the limits hold after treatment
  std::string note;                  // why a column was left untreated, empty otherwise
  std::size_t value_count = 0;       // the column's values (units with data)
  bool treated() const noexcept {
    return log_transformed || !winsorised_high.empty() || !winsorised_low.empty();
  }
};

struct Treated {
  Dataset data;
  std::vector<ColumnTreatment> report;  // one per column
};

/// Skewness and excess kurtosis of `values`; nullopt when undefined (fewer than 3 values — 4 for
/// the sample kurtosis — or no spread). Sample: G1 = g1·√(n(n−1))/(n−2),
/// G2 = ((n+1)·g2 + 6)·(n−1)/((n−2)(n−3)).
[[nodiscard]] std::optional<double> skewness(std::span<const double> values,
                                             Moments moments = Moments::population);
[[nodiscard]] std::optional<double> excess_kurtosis(std::span<const double> values,
                                                    Moments moments = Moments::population);

/// A column is an outlier column when |skew| ≥ skew_limit AND kurtosis ≥ kurtosis_limit
/// (COINr's check_SkewKurt fails it then). Such a column is winsorised step by step: the points
/// tied at the extreme on the skewed side take the next value inwards, so after k steps on one
/// side of a column without ties the k most extreme points hold the (k+1)-th value. It stops when
/// the column passes or the count reaches max_winsorised (see WinsoriseCount); if it still fails,
/// the original column gets the log fallback instead (see LogFallback).
[[nodiscard]] Treated treat_outliers(const Dataset& data, const TreatOptions& options = {});

// ---- Screening ---------------------------------------------------------------------------

/// Which units screening drops (COINr's Screen, unit_screen): too little data, too many zeros
/// among the available values, or either.
enum class ScreenRule : std::uint8_t { by_missing, by_zeros, by_missing_or_zeros };
[[nodiscard]] std::string_view to_string(ScreenRule rule) noexcept;
[[nodiscard]] std::optional<ScreenRule> screen_rule_from_string(std::string_view key) noexcept;

struct ScreenOptions {
  ScreenRule rule = ScreenRule::by_missing;
  double data_threshold = 2.0 / 3.0;  // keep a unit with a share of available values ≥ this
  double nonzero_threshold = 0.05;    // keep a unit with a share of non-zero values ≥ this
  std::vector<std::string> force_include, force_exclude;  // unit codes, applied last
  bool after_imputation = false;  // screen the imputed data (COINr's example) instead of the raw
  friend bool operator==(const ScreenOptions&, const ScreenOptions&) = default;
};

/// One row per unit, as COINr's Screen reports it (DataSummary).
struct UnitScreening {
  std::string unit;
  std::size_t missing = 0, zeros = 0;
  double data_share = 0.0;                // 1 − missing / columns
  std::optional<double> nonzero_share;    // 1 − zeros / available; nullopt with nothing available
  bool low_data = false, low_nonzero = false, included = true;
};

struct Screened {
  Dataset data;  // the included units only, in their order
  std::vector<UnitScreening> summary;
  std::vector<std::string> removed;
};

/// Screens units by data availability over the columns of `data`. Throws cchc::Error for a
/// threshold outside [0, 1] or a forced unit that is not in the data.
[[nodiscard]] Screened screen_units(const Dataset& data, const ScreenOptions& options);

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
/// Throws cchc::Error when `weights` is not one finite weight per node, or when the children of
/// an aggregate have weights that sum to zero (the rule IndexStructure::build applies to files),
/// naming the node and its children.
void check_weights(const IndexStructure& index, std::span<const double> weights,
                   std::string_view what = "weights");
/// The same, with the weights named by a coded sentence (docs/i18n.md).
void check_weights(const IndexStructure& index, std::span<const double> weights,
                   const detail::CodedReason& what);
/// Weights by node code; nodes not named keep the index's weights. Throws for an unknown code,
/// a negative weight, or children whose weights sum to zero (check_weights).
[[nodiscard]] std::vector<double> manual_weights(
    const IndexStructure& index, std::span<const std::pair<std::string, double>> weights);
/// What PCA weights are made of. `squared_loadings`: the squared first-component loadings, which
/// are ≥ 0 and sum to 1 within a group. `signed_loadings`: the loadings themselves, signs kept
/// (COINr's get_PCA: prcomp's rotation[, 1]). A component's sign is arbitrary; libcchc orients
/// it so that the loadings sum to ≥ 0 (COINr takes whatever LAPACK returns).
enum class PcaWeights : std::uint8_t { squared_loadings, signed_loadings };

/// Per aggregate node: weights from the first principal component of its children's values
/// (correlation matrix, complete units only). A node whose children have fewer than 3 complete
/// units keeps its weights. `aggregated` holds every node's column.
[[nodiscard]] std::vector<double> pca_weights(const Dataset& aggregated,
                                              const IndexStructure& index,
                                              PcaWeights kind = PcaWeights::squared_loadings);

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
