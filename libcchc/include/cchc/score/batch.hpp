// Batch scoring of many units with Eigen: a units × leaves matrix of inputs gives units × leaves
// points, aggregated up the tree level by level with sparse aggregation matrices, then totals
// and ranks. Input encoding per rule kind and the tie policy: docs/score/batch.md.
#pragma once

#include <Eigen/Core>
#include <Eigen/SparseCore>
#include <cstdint>
#include <string_view>
#include <vector>

#include "cchc/score/framework.hpp"

namespace cchc::score {

/// How equal totals rank.
enum class RankMethod : std::uint8_t {
  competition,  // 1, 2, 2, 4 (default: what published rankings do)
  dense,        // 1, 2, 2, 3
};
[[nodiscard]] std::optional<RankMethod> rank_method_from_string(std::string_view key) noexcept;

/// Matrices are column-major Eigen::MatrixXd; rows are units.
struct BatchResult {
  Eigen::MatrixXd node_points;  // units × nodes (tree order); leaf columns are leaf points // units
                                // × nodes (tree order)
  Eigen::VectorXd total;                 // per unit
  Eigen::VectorXd percent;               // total ÷ tree.total_max() × 100
  std::vector<std::int64_t> rank;        // 1 = best
  std::vector<std::int64_t> unanswered;  // leaves with no input (NaN), per unit
};

/// Ranks `totals` from the highest; totals within `tolerance` of each other tie.
[[nodiscard]] std::vector<std::int64_t> rank_descending(const Eigen::VectorXd& totals,
                                                        RankMethod method = RankMethod::competition,
                                                        double tolerance = 1e-9);

/// The aggregation of one tree level: node_points.col(parent) receives
/// node_points * matrix for the parents at that depth (sum_capped: coefficient 1, then capped;
/// weighted_mean: max_parent · wᵢ / (Σw · max_child)); min parents are taken column-wise.
struct AggregationLevel {
  std::size_t depth = 0;
  Eigen::SparseMatrix<double> matrix;  // nodes × nodes, non-zero only in this level's columns
  std::vector<std::size_t> capped;     // sum_capped parents of the level
  std::vector<std::size_t> minimum;    // min parents of the level
};
/// Levels from the deepest parents up to the top-level nodes.
[[nodiscard]] std::vector<AggregationLevel> aggregation_levels(const CriteriaTree& tree);

/// Scores every unit. `inputs` is units × leaves in tree.leaves() order; NaN means no input
/// (0 points, counted in `unanswered`). Per kind the cell holds: the value (percent, count,
/// survey result) for value rules, 1/0 for pass_fail (2 = done late), the self-score for
/// manual. relative_to_best compares with the best unit of the batch. Throws cchc::Error
/// naming the unit row and the leaf code for an input out of range (the first leaf column,
/// then row, whatever the threads).
/// `threads` (0 = every core; fewer for small batches) split the leaf columns, then the units;
/// the result is identical for any number of threads.
[[nodiscard]] BatchResult score_batch(const Framework& framework,
                                      const Eigen::Ref<const Eigen::MatrixXd>& inputs,
                                      RankMethod method = RankMethod::competition,
                                      unsigned threads = 0);

}  // namespace cchc::score
