#include "cchc/score/batch.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <numeric>
#include <thread>
#include <variant>

namespace cchc::score {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

using Index = Eigen::Index;

Index to_index(std::size_t value) {
  return static_cast<Index>(value);
}

[[noreturn]] void bad_cell(Index row, const std::string& code, double value, const char* why) {
  throw Error("batch input row " + std::to_string(row) + ", leaf '" + code + "': value " +
              format_number(value) + " " + why);
}

/// Scores one leaf column in place: `column` holds inputs on entry and points on exit. The
/// arithmetic is evaluate()'s, without building explanations.
void score_column(const Rule& rule, double max, const std::string& code,
                  Eigen::Ref<Eigen::VectorXd> column) {
  const auto check = [&](double low, double high, const char* why) {
    for (Index row = 0; row < column.size(); ++row) {
      const double v = column[row];
      if (!std::isnan(v) && (v < low || v > high)) bad_cell(row, code, v, why);
    }
  };
  const auto finish = [&](auto&& points_of) {
    for (Index row = 0; row < column.size(); ++row) {
      const double v = column[row];
      column[row] = std::isnan(v) ? 0.0 : points_of(v);
    }
  };
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::visit(
      Overloaded{
          [&](const Proportional&) {
            check(0, 100, "outside [0, 100]");
            finish([&](double v) { return max * v / 100.0; });
          },
          [&](const Steps& r) {
            check(-kInf, kInf, "is not finite");
            finish([&](double v) {
              for (std::size_t i = r.steps.size(); i-- > 0;) {
                if (v >= r.steps[i].from) return r.steps[i].points;
              }
              return r.below;
            });
          },
          [&](const Saturation& r) {
            check(0, 100, "outside [0, 100]");
            finish([&](double v) { return v >= r.threshold ? max : max * v / r.threshold; });
          },
          [&](const Goalposts& r) {
            check(-kInf, kInf, "is not finite");
            finish([&](double v) {
              return max * std::clamp((v - r.worst) / (r.best - r.worst), 0.0, 1.0);
            });
          },
          [&](const PassFail& r) {
            for (Index row = 0; row < column.size(); ++row) {
              const double v = column[row];
              if (!std::isnan(v) && v != 0.0 && v != 1.0 && v != 2.0) {
                bad_cell(row, code, v, "is not 0 (not done), 1 (done) or 2 (done late)");
              }
            }
            finish([&](double v) { return v == 1.0 ? max : v == 2.0 ? max * r.late_share : 0.0; });
          },
          [&](const CountCap& r) {
            check(0, kInf, "is a negative count");
            const double cap = r.cap.value_or(max);
            finish([&](double v) { return std::min(cap, v * r.per_occurrence); });
          },
          [&](const DeductionBonus& r) {
            check(0, kInf, "is a negative count");
            const double start = r.start.value_or(r.per_occurrence < 0.0 ? max : 0.0);
            finish([&](double v) { return std::clamp(start + v * r.per_occurrence, 0.0, max); });
          },
          [&](const RelativeToBest& r) {
            check(0, kInf, "is negative");
            double best = r.lower_is_better ? kInf : 0.0;
            bool any = false;
            for (Index row = 0; row < column.size(); ++row) {
              const double v = column[row];
              if (std::isnan(v)) continue;
              any = true;
              best = r.lower_is_better ? std::min(best, v) : std::max(best, v);
            }
            if (!any) best = 0.0;
            finish([&](double v) {
              if (!r.lower_is_better) return best == 0.0 ? max : max * v / best;
              return v == 0.0 ? max : max * best / v;
            });
          },
          [&](const SurveyPercentage& r) {
            check(0, r.survey_max, "outside the survey scale");
            finish([&](double v) { return max * v / r.survey_max; });
          },
          [&](const Manual&) {
            check(0, max, "is a self-score outside [0, max]");
            finish([](double v) { return v; });
          },
          [&](const CappedTerms&) {
            throw Error("leaf '" + code +
                        "': a capped_terms rule reads several ratios, and batch scoring takes one "
                        "value per leaf: score these units one by one (cchc.score.score)");
          },
      },
      rule);
}

}  // namespace

std::optional<RankMethod> rank_method_from_string(std::string_view key) noexcept {
  if (key == "competition") return RankMethod::competition;
  if (key == "dense") return RankMethod::dense;
  return std::nullopt;
}

std::vector<std::int64_t> rank_descending(const Eigen::VectorXd& totals, RankMethod method,
                                          double tolerance) {
  const auto count = static_cast<std::size_t>(totals.size());
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return totals[to_index(a)] > totals[to_index(b)];
  });
  std::vector<std::int64_t> rank(count, 0);
  std::int64_t dense = 0;
  for (std::size_t position = 0; position < count; ++position) {
    const std::size_t unit = order[position];
    const bool ties_previous = position > 0 && std::abs(totals[to_index(order[position - 1])] -
                                                        totals[to_index(unit)]) <= tolerance;
    if (ties_previous) {
      rank[unit] = rank[order[position - 1]];
      continue;
    }
    ++dense;
    rank[unit] = method == RankMethod::dense ? dense : static_cast<std::int64_t>(position) + 1;
  }
  return rank;
}

std::vector<AggregationLevel> aggregation_levels(const CriteriaTree& tree) {
  std::vector<AggregationLevel> levels;
  if (tree.empty()) return levels;
  const Index size = to_index(tree.size());
  for (std::size_t depth = tree.max_depth(); depth-- > 0;) {
    AggregationLevel level;
    level.depth = depth;
    std::vector<Eigen::Triplet<double>> entries;
    for (std::size_t index = 0; index < tree.size(); ++index) {
      const TreeNode& node = tree.node(index);
      if (node.depth != depth || node.is_leaf()) continue;
      switch (node.spec.aggregation) {
        case Aggregation::sum_capped:
          level.capped.push_back(index);
          for (std::size_t child : node.children) {
            entries.emplace_back(to_index(child), to_index(index), 1.0);
          }
          break;
        case Aggregation::weighted_mean: {
          double weights = 0.0;
          for (std::size_t child : node.children) weights += tree.node(child).spec.weight;
          for (std::size_t child : node.children) {
            const NodeSpec& c = tree.node(child).spec;
            entries.emplace_back(to_index(child), to_index(index),
                                 node.spec.max_points * c.weight / (weights * c.max_points));
          }
          break;
        }
        case Aggregation::min:
          level.minimum.push_back(index);
          break;
      }
    }
    level.matrix.resize(size, size);
    level.matrix.setFromTriplets(entries.begin(), entries.end());
    levels.push_back(std::move(level));
  }
  return levels;
}

namespace {

/// The threads for `units` × `nodes` cells: 0 asks for every core; one thread per 16 k cells at
/// most, so that small batches are not slowed down by starting threads.
unsigned batch_threads(unsigned requested, Index units, std::size_t nodes) {
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const unsigned wanted = requested == 0 ? cores : requested;
  const auto cells = static_cast<std::size_t>(units) * std::max<std::size_t>(nodes, 1);
  const auto useful = static_cast<unsigned>(std::min<std::size_t>(cells / 16384 + 1, 1024));
  return std::max(1U, std::min(wanted, useful));
}

/// Runs `work(begin, end)` over [0, count) in `threads` contiguous chunks and rethrows the
/// exception of the lowest chunk, so a failure is the one the single-threaded loop would meet
/// first (each chunk stops at its own first failure).
template <class Work>
void parallel_chunks(std::size_t count, unsigned threads, const Work& work) {
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(count, 1)));
  if (threads <= 1) {
    work(std::size_t{0}, count);
    return;
  }
  std::vector<std::exception_ptr> errors(threads);
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  const auto chunk = [&](unsigned index) {
    const std::size_t begin = count * index / threads;
    const std::size_t end = count * (index + 1) / threads;
    try {
      work(begin, end);
    } catch (...) {
      errors[index] = std::current_exception();
    }
  };
  for (unsigned index = 1; index < threads; ++index) pool.emplace_back(chunk, index);
  chunk(0);
  for (std::thread& thread : pool) thread.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

}  // namespace

BatchResult score_batch(const Framework& framework, const Eigen::Ref<const Eigen::MatrixXd>& inputs,
                        RankMethod method, unsigned threads) {
  const CriteriaTree& tree = framework.tree();
  const auto leaves = tree.leaves();
  if (inputs.cols() != to_index(leaves.size())) {
    throw Error("batch inputs have " + std::to_string(inputs.cols()) + " columns for " +
                std::to_string(leaves.size()) + " leaves of framework '" + framework.meta().id +
                "'");
  }
  const Index units = inputs.rows();
  const unsigned workers = batch_threads(threads, units, tree.size());
  BatchResult result;
  result.unanswered.assign(static_cast<std::size_t>(units), 0);
  // Leaves are scored in place in their node columns; parent columns start at zero.
  result.node_points.resize(units, to_index(tree.size()));
  for (std::size_t index = 0; index < tree.size(); ++index) {
    if (!tree.node(index).is_leaf()) result.node_points.col(to_index(index)).setZero();
  }
  // Leaf columns are independent (relative_to_best needs its whole column, so the split is by
  // column here); the first failing column, then row, is reported, as in one thread.
  parallel_chunks(leaves.size(), workers, [&](std::size_t first, std::size_t last) {
    for (std::size_t column = first; column < last; ++column) {
      const std::size_t node = leaves[column];
      auto points = result.node_points.col(to_index(node));
      points = inputs.col(to_index(column));
      score_column(framework.rule(node), tree.node(node).spec.max_points, tree.node(node).spec.code,
                   points);
      // The framework's rounding of leaf points (the portal's 2 decimals) applies here too.
      if (const auto decimals = framework.meta().round_leaf_points) {
        for (Index row = 0; row < points.size(); ++row) {
          points[row] = round_half_up(points[row], *decimals);
        }
      }
    }
  });
  const std::vector<AggregationLevel> levels = aggregation_levels(tree);
  // Aggregation is element-wise per unit: each thread takes a block of rows, and every cell is
  // computed with the same operations in the same order as in one thread (identical results).
  parallel_chunks(
      static_cast<std::size_t>(units), workers, [&](std::size_t first, std::size_t last) {
        const Index begin = to_index(first);
        const Index rows = to_index(last - first);
        for (Index row = begin; row < begin + rows; ++row) {
          for (Index column = 0; column < inputs.cols(); ++column) {
            if (std::isnan(inputs(row, column))) ++result.unanswered[static_cast<std::size_t>(row)];
          }
        }
        auto block = result.node_points.middleRows(begin, rows);
        for (const AggregationLevel& level : levels) {
          // node_points += node_points × matrix, column by column over the matrix's non-zeros:
          // parent columns are still zero, so this fills exactly them. (Eigen's dense × sparse
          // product walks the dense side row-wise and was 10× slower here.)
          for (Eigen::Index parent = 0; parent < level.matrix.outerSize(); ++parent) {
            for (Eigen::SparseMatrix<double>::InnerIterator entry(level.matrix, parent); entry;
                 ++entry) {
              block.col(parent) += entry.value() * block.col(entry.row());
            }
          }
          for (std::size_t parent : level.capped) {
            block.col(to_index(parent)) =
                block.col(to_index(parent)).cwiseMin(tree.node(parent).spec.max_points);
          }
          for (std::size_t parent : level.minimum) {
            const TreeNode& node = tree.node(parent);
            Eigen::VectorXd share = Eigen::VectorXd::Ones(rows);
            for (std::size_t child : node.children) {
              share = share.cwiseMin(block.col(to_index(child)) / tree.node(child).spec.max_points);
            }
            block.col(to_index(parent)) = node.spec.max_points * share;
          }
        }
      });
  result.total = Eigen::VectorXd::Zero(units);
  for (std::size_t root : tree.roots()) result.total += result.node_points.col(to_index(root));
  const double total_max = tree.total_max();
  result.percent = result.total * (100.0 / total_max);
  result.rank = rank_descending(result.total, method);
  return result;
}

}  // namespace cchc::score
