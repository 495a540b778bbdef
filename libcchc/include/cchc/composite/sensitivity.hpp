// Uncertainty and sensitivity analysis of a composite index: declared uncertain choices
// (weights perturbed within a range; alternative imputation, normalisation and aggregation
// methods) become the inputs u ∈ [0, 1)^d of a Monte Carlo experiment with Saltelli's design
// (matrices A, B and A_B^(i), N(d + 2) runs, in SALib's row order). Outputs per run: each unit's
// rank on the score node and the mean absolute rank shift from the nominal index. Estimators:
// Saltelli et al. (2010) first order, Jansen (1999) total order, on outputs standardised as
// SALib's sobol.analyze does, so the two give the same numbers on the same runs.
// Runs are evaluated in parallel (std::thread) from a seeded sample drawn up front, so the
// results do not depend on the number of threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cchc/composite/pipeline.hpp"

namespace cchc::composite {

struct WeightUncertainty {
  std::string node;              // its weight becomes w·(1 + r·(2u − 1))
  double relative_range = 0.25;  // r in [0, 1)
};

struct SensitivitySpec {
  PipelineSpec nominal;
  std::vector<WeightUncertainty> weights;
  std::vector<std::optional<ImputeMethod>> imputation;  // ≥ 2 alternatives make it an input
  std::vector<NormaliseSpec> normalisation;             // ≥ 2 alternatives make it an input
  std::vector<Method> aggregation;                      // ≥ 2 alternatives make it an input
  std::string score_node;                               // empty: the first root
  std::size_t samples = 1000;                           // N (base sample size)
  std::uint64_t seed = 1;
  std::size_t resamples = 0;  // bootstrap resamples for the indices' confidence intervals
  unsigned threads = 0;       // 0: std::thread::hardware_concurrency
};

struct SensitivityRuns {
  std::vector<std::string> inputs;  // names of the d inputs
  std::vector<std::string> units;
  Eigen::MatrixXd points;  // runs × d, in [0, 1)
  Eigen::MatrixXd ranks;   // runs × units; meaningful where ranked
  Mask ranked;
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

/// The d input names a spec declares ("weight:Conn", "imputation", "normalisation", "aggregation").
[[nodiscard]] std::vector<std::string> sensitivity_inputs(const SensitivitySpec& spec);

/// Evaluates the index at the given input points (rows in [0, 1)^d).
[[nodiscard]] SensitivityRuns evaluate_points(const CompositeData& data,
                                              const IndexStructure& index,
                                              const SensitivitySpec& spec,
                                              const Eigen::MatrixXd& points);

/// Saltelli's sample: N blocks of d + 2 rows (A_j, A_B^(1)_j … A_B^(d)_j, B_j), seeded.
[[nodiscard]] Eigen::MatrixXd saltelli_sample(std::size_t samples, std::size_t inputs,
                                              std::uint64_t seed);

/// First-order (Saltelli 2010) and total (Jansen) indices from outputs in that layout.
[[nodiscard]] std::vector<SobolIndices> sobol_indices(const Eigen::VectorXd& outputs,
                                                      std::size_t inputs,
                                                      const Bootstrap& bootstrap = {});

/// Samples, evaluates in parallel and estimates. Throws cchc::Error when no input is uncertain.
[[nodiscard]] SensitivityResult run_sensitivity(const CompositeData& data,
                                                const IndexStructure& index,
                                                const SensitivitySpec& spec);

}  // namespace cchc::composite
