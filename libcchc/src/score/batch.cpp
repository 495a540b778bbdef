#include "cchc/score/batch.hpp"

#include <algorithm>
#include <atomic>
#include <limits>
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

/// Runs `work(begin, end)` over [0, count) in `threads` contiguous chunks.
template <class Work>
void parallel_chunks(std::size_t count, unsigned threads, const Work& work) {
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(count, 1)));
  if (threads <= 1) {
    work(std::size_t{0}, count);
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  const auto chunk = [&](unsigned index) {
    work(count * index / threads, count * (index + 1) / threads);
  };
  for (unsigned index = 1; index < threads; ++index) pool.emplace_back(chunk, index);
  chunk(0);
  for (std::thread& thread : pool) thread.join();
}

// ---------------------------------------------------------------------------------------------
// The compiled plan. A framework becomes flat arrays once per call: per leaf column its rule
// kind, parameters and the domain its inputs must lie in; per tree level the parents with their
// children and coefficients (from aggregation_levels, in the same order, so every cell gets the
// same operations as the column-by-column version this replaced and as the tests' reference).
// Units are then processed in tiles of rows small enough that the tile's inputs and all its
// node points stay in the core's cache: the inputs are read once from memory and every point
// is written once.

enum class LeafKind : std::uint8_t {
  proportional,
  steps,
  saturation,
  goalposts,
  pass_fail,
  count_cap,
  deduction_bonus,
  relative_to_best,
  relative_to_lowest,
  survey_percentage,
  manual,
};

struct LeafPlan {
  LeafKind kind = LeafKind::manual;
  Index node = 0;  // output column
  double max = 0.0;
  double a = 0.0;  // kind's parameters (see compile_leaf)
  double b = 0.0;
  double low = 0.0;  // the domain the inputs must lie in (NaN aside)
  double high = 0.0;
  const Steps* steps = nullptr;
};

struct Child {
  Index node = 0;
  double coefficient = 0.0;  // weighted sums: the aggregation matrix entry; min: 1 / child max
};

struct ParentPlan {
  Index node = 0;
  Aggregation aggregation = Aggregation::sum_capped;
  double max = 0.0;
  std::size_t first_child = 0;  // into Plan::children
  std::size_t child_count = 0;
};

struct Plan {
  std::vector<LeafPlan> leaves;    // in input column order
  std::vector<ParentPlan> parents;  // deepest level first; within a level, weighted sums first
  std::vector<Child> children;
  std::vector<Index> roots;
  std::optional<int> round_leaf_points;
};

constexpr double kInf = std::numeric_limits<double>::infinity();

LeafPlan compile_leaf(const Rule& rule, double max, const std::string& code) {
  LeafPlan leaf;
  leaf.max = max;
  const auto kind = [&](LeafKind k, double low, double high) {
    leaf.kind = k;
    leaf.low = low;
    leaf.high = high;
  };
  std::visit(Overloaded{
                 [&](const Proportional&) { kind(LeafKind::proportional, 0, 100); },
                 [&](const Steps& r) {
                   kind(LeafKind::steps, -kInf, kInf);
                   leaf.steps = &r;
                   leaf.a = r.below;
                 },
                 [&](const Saturation& r) {
                   kind(LeafKind::saturation, 0, 100);
                   leaf.a = r.threshold;
                 },
                 [&](const Goalposts& r) {
                   kind(LeafKind::goalposts, -kInf, kInf);
                   leaf.a = r.worst;
                   leaf.b = r.best;
                 },
                 [&](const PassFail& r) {
                   kind(LeafKind::pass_fail, 0, 2);
                   leaf.a = r.late_share;
                 },
                 [&](const CountCap& r) {
                   kind(LeafKind::count_cap, 0, kInf);
                   leaf.a = r.per_occurrence;
                   leaf.b = r.cap.value_or(max);
                 },
                 [&](const DeductionBonus& r) {
                   kind(LeafKind::deduction_bonus, 0, kInf);
                   leaf.a = r.per_occurrence;
                   leaf.b = r.start.value_or(r.per_occurrence < 0.0 ? max : 0.0);
                 },
                 [&](const RelativeToBest& r) {
                   kind(r.lower_is_better ? LeafKind::relative_to_lowest
                                          : LeafKind::relative_to_best,
                        0, kInf);
                 },
                 [&](const SurveyPercentage& r) {
                   kind(LeafKind::survey_percentage, 0, r.survey_max);
                   leaf.a = r.survey_max;
                 },
                 [&](const Manual&) { kind(LeafKind::manual, 0, max); },
                 [&](const CappedTerms&) {
                   throw Error("leaf '" + code +
                               "': a capped_terms rule reads several ratios, and batch scoring "
                               "takes one value per leaf: score these units one by one "
                               "(cchc.score.score)");
                 },
             },
             rule);
  return leaf;
}

Plan compile(const Framework& framework) {
  const CriteriaTree& tree = framework.tree();
  Plan plan;
  plan.round_leaf_points = framework.meta().round_leaf_points;
  for (const std::size_t node : tree.leaves()) {
    const NodeSpec& spec = tree.node(node).spec;
    LeafPlan leaf = compile_leaf(framework.rule(node), spec.max_points, spec.code);
    leaf.node = to_index(node);
    plan.leaves.push_back(leaf);
  }
  for (const AggregationLevel& level : aggregation_levels(tree)) {
    for (Index parent = 0; parent < level.matrix.outerSize(); ++parent) {
      ParentPlan step;
      step.node = parent;
      step.first_child = plan.children.size();
      for (Eigen::SparseMatrix<double>::InnerIterator entry(level.matrix, parent); entry;
           ++entry) {
        plan.children.push_back({entry.row(), entry.value()});
      }
      step.child_count = plan.children.size() - step.first_child;
      if (step.child_count == 0) continue;
      const auto index = static_cast<std::size_t>(parent);
      step.aggregation = tree.node(index).spec.aggregation;
      step.max = tree.node(index).spec.max_points;
      plan.parents.push_back(step);
    }
    for (const std::size_t parent : level.minimum) {
      const TreeNode& node = tree.node(parent);
      ParentPlan step{to_index(parent), Aggregation::min, node.spec.max_points,
                      plan.children.size(), node.children.size()};
      for (const std::size_t child : node.children) {
        plan.children.push_back({to_index(child), tree.node(child).spec.max_points});
      }
      plan.parents.push_back(step);
    }
  }
  for (const std::size_t root : tree.roots()) plan.roots.push_back(to_index(root));
  return plan;
}

/// Points of one leaf for rows [0, count) of a tile. `missing` and `outside` count per row the
/// unanswered cells and the cells outside their rule's domain (located exactly, with its
/// message, by throw_first_bad_cell). `best` is the batch's best answer for relative_to_best.
/// Each expression is evaluate()'s; the loops have no branches (every candidate is computed,
/// then selected), so that the compiler vectorises them.
void score_leaf(const LeafPlan& leaf, double best, const double* in, double* out,
                double* missing, double* outside, std::size_t count) {
  const double max = leaf.max;
  const double low = leaf.low;
  const double high = leaf.high;
  const double a = leaf.a;
  const double b = leaf.b;
  const auto each = [&](auto&& points_of) {
    for (std::size_t row = 0; row < count; ++row) {
      const double v = in[row];
      const bool unanswered = std::isnan(v);
      missing[row] += unanswered ? 1.0 : 0.0;
      outside[row] += ((v < low) | (v > high)) ? 1.0 : 0.0;
      const double points = points_of(v);
      out[row] = unanswered ? 0.0 : points;
    }
  };
  switch (leaf.kind) {
    case LeafKind::proportional:
      each([&](double v) { return max * v / 100.0; });
      break;
    case LeafKind::steps: {
      // The highest step reached (their `from` strictly increase), else `below`.
      each([&](double) { return a; });
      for (const Step& step : leaf.steps->steps) {
        const double from = step.from;
        const double points = step.points;
        for (std::size_t row = 0; row < count; ++row) {
          const double v = in[row];
          out[row] = v >= from ? points : out[row];
        }
      }
      break;
    }
    case LeafKind::saturation:
      each([&](double v) {
        const double share = max * v / a;
        return v >= a ? max : share;
      });
      break;
    case LeafKind::goalposts:
      each([&](double v) { return max * std::clamp((v - a) / (b - a), 0.0, 1.0); });
      break;
    case LeafKind::pass_fail:
      // The domain is {0, 1, 2}: a value between them is refused too.
      for (std::size_t row = 0; row < count; ++row) {
        const double v = in[row];
        outside[row] += ((v == 0.0) | (v == 1.0) | (v == 2.0) | std::isnan(v)) ? 0.0 : 1.0;
      }
      each([&](double v) {
        const double late = max * a;
        return v == 1.0 ? max : v == 2.0 ? late : 0.0;
      });
      break;
    case LeafKind::count_cap:
      each([&](double v) { return std::min(b, v * a); });
      break;
    case LeafKind::deduction_bonus:
      each([&](double v) { return std::clamp(b + v * a, 0.0, max); });
      break;
    case LeafKind::relative_to_best:
      if (best == 0.0) {
        each([&](double) { return max; });
      } else {
        each([&](double v) { return max * v / best; });
      }
      break;
    case LeafKind::relative_to_lowest:
      each([&](double v) {
        const double share = max * best / v;
        return v == 0.0 ? max : share;
      });
      break;
    case LeafKind::survey_percentage:
      each([&](double v) { return max * v / a; });
      break;
    case LeafKind::manual:
      each([](double v) { return v; });
      break;
  }
}

/// The best answer of a relative_to_best column (0 when no unit answered).
double best_of_column(const LeafPlan& leaf, const double* column, Index units) {
  const bool lowest = leaf.kind == LeafKind::relative_to_lowest;
  double best = lowest ? kInf : 0.0;
  bool any = false;
  for (Index row = 0; row < units; ++row) {
    const double v = column[row];
    if (std::isnan(v)) continue;
    any = true;
    best = lowest ? std::min(best, v) : std::max(best, v);
  }
  return any ? best : 0.0;
}

[[noreturn]] void throw_first_bad_cell(const Framework& framework, const Plan& plan,
                                       const Eigen::Ref<const Eigen::MatrixXd>& inputs) {
  const auto leaves = framework.tree().leaves();
  for (std::size_t column = 0; column < plan.leaves.size(); ++column) {
    const LeafPlan& leaf = plan.leaves[column];
    const std::string& code = framework.tree().node(leaves[column]).spec.code;
    for (Index row = 0; row < inputs.rows(); ++row) {
      const double v = inputs(row, to_index(column));
      if (std::isnan(v)) continue;
      switch (leaf.kind) {
        case LeafKind::pass_fail:
          if (v != 0.0 && v != 1.0 && v != 2.0) {
            bad_cell(row, code, v, "is not 0 (not done), 1 (done) or 2 (done late)");
          }
          break;
        case LeafKind::proportional:
        case LeafKind::saturation:
          if (v < leaf.low || v > leaf.high) bad_cell(row, code, v, "outside [0, 100]");
          break;
        case LeafKind::steps:
        case LeafKind::goalposts:
          if (v < leaf.low || v > leaf.high) bad_cell(row, code, v, "is not finite");
          break;
        case LeafKind::count_cap:
        case LeafKind::deduction_bonus:
          if (v < leaf.low || v > leaf.high) bad_cell(row, code, v, "is a negative count");
          break;
        case LeafKind::relative_to_best:
        case LeafKind::relative_to_lowest:
          if (v < leaf.low || v > leaf.high) bad_cell(row, code, v, "is negative");
          break;
        case LeafKind::survey_percentage:
          if (v < leaf.low || v > leaf.high) bad_cell(row, code, v, "outside the survey scale");
          break;
        case LeafKind::manual:
          if (v < leaf.low || v > leaf.high) {
            bad_cell(row, code, v, "is a self-score outside [0, max]");
          }
          break;
      }
    }
  }
  throw Error("batch inputs: a value outside its rule's domain was found but not located");
}

/// Aggregates one tile's rows [0, count) up the tree, deepest level first. `points` is the
/// tile's first row of the units × nodes matrix; columns are `stride` apart.
void aggregate_tile(const Plan& plan, double* points, Index stride, std::size_t count) {
  const auto column = [&](Index node) { return points + node * stride; };
  for (const ParentPlan& parent : plan.parents) {
    double* out = column(parent.node);
    const Child* children = plan.children.data() + parent.first_child;
    if (parent.aggregation == Aggregation::min) {
      // share = min(1, child / child max, …) in the children's order, then × max.
      std::fill_n(out, count, 1.0);
      for (std::size_t c = 0; c < parent.child_count; ++c) {
        const double* in = column(children[c].node);
        const double child_max = children[c].coefficient;
        for (std::size_t row = 0; row < count; ++row) {
          out[row] = std::min(out[row], in[row] / child_max);
        }
      }
      for (std::size_t row = 0; row < count; ++row) out[row] = parent.max * out[row];
      continue;
    }
    // Σ coefficient × child from zero, in the aggregation matrix's order.
    std::fill_n(out, count, 0.0);
    for (std::size_t c = 0; c < parent.child_count; ++c) {
      const double* in = column(children[c].node);
      const double coefficient = children[c].coefficient;
      for (std::size_t row = 0; row < count; ++row) out[row] += coefficient * in[row];
    }
    if (parent.aggregation == Aggregation::sum_capped) {
      for (std::size_t row = 0; row < count; ++row) out[row] = std::min(out[row], parent.max);
    }
  }
}

/// Rows per tile: the tile's inputs and node points (8 bytes × rows × (leaves + nodes)) fit
/// in about 1 MiB, within the second-level cache of current server cores (smaller tiles
/// measured slower: the loops over each column of a tile get short).
std::size_t tile_rows(std::size_t leaves, std::size_t nodes) {
  constexpr std::size_t kTileBytes = std::size_t{1024} << 10;
  const std::size_t per_row = 8 * std::max<std::size_t>(leaves + nodes, 1);
  return std::clamp<std::size_t>(kTileBytes / per_row / 8 * 8, 8, 4096);
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
  const Plan plan = compile(framework);
  const Index units = inputs.rows();
  const unsigned workers = batch_threads(threads, units, tree.size());
  BatchResult result;
  result.unanswered.assign(static_cast<std::size_t>(units), 0);
  result.node_points.resize(units, to_index(tree.size()));
  result.total.resize(units);
  // relative_to_best needs its column's best before any tile is scored.
  std::vector<double> bests(plan.leaves.size(), 0.0);
  for (std::size_t column = 0; column < plan.leaves.size(); ++column) {
    const LeafKind kind = plan.leaves[column].kind;
    if (kind == LeafKind::relative_to_best || kind == LeafKind::relative_to_lowest) {
      bests[column] = best_of_column(plan.leaves[column], &inputs.coeffRef(0, to_index(column)),
                                     units);
    }
  }
  const std::size_t rows_per_tile = tile_rows(plan.leaves.size(), tree.size());
  const std::size_t tiles = (static_cast<std::size_t>(units) + rows_per_tile - 1) / rows_per_tile;
  const Index input_stride = inputs.outerStride();
  const Index points_stride = result.node_points.outerStride();
  std::atomic<bool> refused{false};
  // Every row goes through the same operations whichever thread takes its tile, so the result
  // does not depend on the number of threads.
  parallel_chunks(tiles, workers, [&](std::size_t first_tile, std::size_t last_tile) {
    std::vector<double> missing(rows_per_tile);
    std::vector<double> outside(rows_per_tile);
    bool any_outside = false;
    for (std::size_t tile = first_tile; tile < last_tile; ++tile) {
      const std::size_t begin = tile * rows_per_tile;
      const std::size_t count = std::min(rows_per_tile, static_cast<std::size_t>(units) - begin);
      const Index row = to_index(begin);
      const double* in = inputs.data() + row;
      double* points = result.node_points.data() + row;
      std::fill_n(missing.begin(), count, 0.0);
      std::fill_n(outside.begin(), count, 0.0);
      for (std::size_t column = 0; column < plan.leaves.size(); ++column) {
        const LeafPlan& leaf = plan.leaves[column];
        double* out = points + leaf.node * points_stride;
        score_leaf(leaf, bests[column], in + to_index(column) * input_stride, out, missing.data(),
                   outside.data(), count);
        // The framework's rounding of leaf points (the portal's 2 decimals) applies here too.
        if (plan.round_leaf_points) {
          for (std::size_t r = 0; r < count; ++r) {
            out[r] = round_half_up(out[r], *plan.round_leaf_points);
          }
        }
      }
      for (std::size_t r = 0; r < count; ++r) {
        result.unanswered[begin + r] = static_cast<std::int64_t>(missing[r]);
        any_outside |= outside[r] != 0.0;
      }
      aggregate_tile(plan, points, points_stride, count);
      double* total = result.total.data() + row;
      std::fill_n(total, count, 0.0);
      for (const Index root : plan.roots) {
        const double* root_points = points + root * points_stride;
        for (std::size_t r = 0; r < count; ++r) total[r] += root_points[r];
      }
    }
    if (any_outside) refused.store(true, std::memory_order_relaxed);
  });
  // An input outside its rule's domain: the first failing leaf column, then row, whatever the
  // threads and tiles.
  if (refused.load()) throw_first_bad_cell(framework, plan, inputs);
  const double total_max = tree.total_max();
  result.percent = result.total * (100.0 / total_max);
  result.rank = rank_descending(result.total, method);
  return result;
}

}  // namespace cchc::score
