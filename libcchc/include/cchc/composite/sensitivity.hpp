// Uncertainty and sensitivity analysis of a composite index: declared uncertain choices
// (weights perturbed within a range; alternative imputation, treatment, normalisation and
// aggregation methods) become the inputs u ∈ [0, 1)^d of a Monte Carlo experiment with
// Saltelli's design (matrices A, B and A_B^(i), N(d + 2) runs). Outputs per run: each unit's
// score and rank on the score node and the mean absolute rank shift from the nominal index.
// Estimators (SobolEstimator): SALib's (Saltelli et al. 2010 first order, Jansen 1999 total
// order, on standardised outputs, SALib's row order) or COINr's (SA_estimate on raw outputs
// with the sample variance, COINr's row order).
// Runs are evaluated in parallel (std::thread) from a seeded sample drawn up front, so the
// results do not depend on the number of threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cchc/composite/pipeline.hpp"

namespace cchc::composite {

/// Which Sobol' estimators, and which row order of the sample, a sensitivity analysis uses.
/// `salib`: blocks (A_j, A_B^(1)_j … A_B^(d)_j, B_j) per j; outputs standardised to mean 0,
/// sd 1; V the population variance of f_A ∪ f_B; S_i = mean(f_B(f_ABi − f_A))/V,
/// ST_i = mean((f_A − f_ABi)²)/(2V). `coinr`: rows A (N), B (N), A_B^(1) (N) … A_B^(d) (N);
/// raw outputs; V the sample variance (n − 1) of f_A ∪ f_B; the same two formulas.
enum class SobolEstimator : std::uint8_t { salib, coinr };

struct WeightUncertainty {
  std::string node;              // its weight becomes w·(1 + r·(2u − 1))
  double relative_range = 0.25;  // r in [0, 1)
};

struct SensitivitySpec {
  PipelineSpec nominal;
  std::vector<WeightUncertainty> weights;
  std::vector<std::optional<ImputeMethod>> imputation;  // ≥ 2 alternatives make it an input
  std::vector<std::optional<TreatOptions>> treatment;   // ≥ 2 alternatives (e.g. winmax 1 … 5)
  std::vector<NormaliseSpec> normalisation;             // ≥ 2 alternatives make it an input
  std::vector<Method> aggregation;                      // ≥ 2 alternatives make it an input
  std::string score_node;                               // empty: the first root
  std::size_t samples = 1000;                           // N (base sample size)
  std::uint64_t seed = 1;
  std::size_t resamples = 0;  // bootstrap resamples for the indices' confidence intervals
  unsigned threads = 0;       // 0: std::thread::hardware_concurrency
  SobolEstimator estimator = SobolEstimator::salib;
};

struct SensitivityRuns {
  std::vector<std::string> inputs;  // names of the d inputs
  std::vector<std::string> units;
  Eigen::MatrixXd points;  // runs × d, in [0, 1)
  Eigen::MatrixXd scores;  // runs × units: the score node's value; meaningful where ranked
  Eigen::MatrixXd ranks;   // runs × units; meaningful where ranked
  Mask ranked;             // the unit has a score in the run (not screened out, not missing)
  Eigen::VectorXd mean_rank_shift;  // runs
  std::vector<std::optional<std::size_t>> nominal_ranks;
};

struct SobolIndices {
  std::optional<double> first_order;  // nullopt when the output never varies
  std::optional<double> total;
  // Half-widths of the 95 % bootstrap confidence intervals (z₀.₉₇₅ × sd of the estimates over
  // resamples of the N blocks, as SALib computes them); nullopt without resampling.
  std::optional<double> first_order_conf;
  std::optional<double> total_conf;
};

/// Bootstrap resampling of the N blocks for confidence intervals.
struct Bootstrap {
  std::size_t resamples = 0;  // 0: no confidence intervals
  std::uint64_t seed = 1;
};

struct SensitivityResult {
  SensitivityRuns runs;
  std::vector<std::optional<double>> median_rank;       // by unit, over every run
  std::vector<std::optional<double>> rank_low;          // 5th percentile
  std::vector<std::optional<double>> rank_high;         // 95th percentile
  std::vector<std::vector<SobolIndices>> unit_indices;  // [unit][input]
  std::vector<SobolIndices> shift_indices;              // [input], on the mean rank shift
};

/// The d input names a spec declares, in this order: "weight:Conn" …, "imputation",
/// "treatment", "normalisation", "aggregation". A discrete input with k alternatives picks
/// alternative ⌊u·k⌋.
[[nodiscard]] std::vector<std::string> sensitivity_inputs(const SensitivitySpec& spec);

/// Evaluates the index at the given input points (rows in [0, 1)^d).
[[nodiscard]] SensitivityRuns evaluate_points(const CompositeData& data,
                                              const IndexStructure& index,
                                              const SensitivitySpec& spec,
                                              const Eigen::MatrixXd& points);

/// Saltelli's sample of N(d + 2) rows in the estimator's row order, seeded.
[[nodiscard]] Eigen::MatrixXd saltelli_sample(std::size_t samples, std::size_t inputs,
                                              std::uint64_t seed,
                                              SobolEstimator layout = SobolEstimator::salib);

/// First-order and total indices from outputs in the estimator's row order. Bootstrap intervals
/// resample the N (A, B, A_B) groups for either estimator.
[[nodiscard]] std::vector<SobolIndices> sobol_indices(
    const Eigen::VectorXd& outputs, std::size_t inputs, const Bootstrap& bootstrap = {},
    SobolEstimator estimator = SobolEstimator::salib);

/// Samples, evaluates in parallel and estimates. Throws cchc::Error when no input is uncertain.
[[nodiscard]] SensitivityResult run_sensitivity(const CompositeData& data,
                                                const IndexStructure& index,
                                                const SensitivitySpec& spec);

/// The same on a given sample (rows in [0, 1]^d, N(d + 2) of them in spec.estimator's row order),
/// e.g. to replay another tool's design; spec.samples and spec.seed are not used for sampling.
[[nodiscard]] SensitivityResult run_sensitivity(const CompositeData& data,
                                                const IndexStructure& index,
                                                const SensitivitySpec& spec,
                                                const Eigen::MatrixXd& points);

}  // namespace cchc::composite
