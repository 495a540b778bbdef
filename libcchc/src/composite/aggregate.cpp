// Denomination, aggregation (including benefit of the doubt by a dense simplex) and results.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "cchc/composite/steps.hpp"
#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/composite.hpp"

namespace cchc::composite {

namespace {

using cchc::detail::CodedReason;
using cchc::detail::composite_error;

Eigen::Index as_index(std::size_t value) {
  return static_cast<Eigen::Index>(value);
}

[[noreturn]] void fail_node(const std::string& node, const std::string& unit,
                            const CodedReason& reason) {
  throw CodedReason(composite_error("composite.aggregate_node_unit"),
                    {{"node", node}, {"unit", unit}})
      .then(reason)
      .as<Error>();
}

// Maximises c·w subject to A w ≤ 1, w ≥ 0 with A ≥ 0 (so w = 0 is a feasible start and the
// right-hand side stays ≥ 0). Dense tableau, Bland's rule against cycling.
double simplex_unit_rhs(const Eigen::MatrixXd& a, const Eigen::VectorXd& c) {
  const Eigen::Index rows = a.rows();
  const Eigen::Index vars = a.cols();
  // Tableau: [A | I | b] and objective row [-c | 0 | 0].
  Eigen::MatrixXd t = Eigen::MatrixXd::Zero(rows + 1, vars + rows + 1);
  t.topLeftCorner(rows, vars) = a;
  t.block(0, vars, rows, rows).setIdentity();
  t.col(vars + rows).head(rows).setOnes();
  t.row(rows).head(vars) = -c.transpose();
  std::vector<Eigen::Index> basis(static_cast<std::size_t>(rows));
  for (Eigen::Index r = 0; r < rows; ++r) basis[static_cast<std::size_t>(r)] = vars + r;
  constexpr double eps = 1e-12;
  const Eigen::Index rhs = vars + rows;
  for (std::size_t iteration = 0; iteration < 100000; ++iteration) {
    Eigen::Index entering = -1;
    for (Eigen::Index j = 0; j < vars + rows; ++j)
      if (t(rows, j) < -eps) {
        entering = j;
        break;
      }
    if (entering < 0) return t(rows, rhs);
    Eigen::Index leaving = -1;
    double best_ratio = std::numeric_limits<double>::infinity();
    for (Eigen::Index r = 0; r < rows; ++r) {
      if (t(r, entering) > eps) {
        const double ratio = t(r, rhs) / t(r, entering);
        if (ratio < best_ratio - eps ||
            (ratio <= best_ratio + eps && leaving >= 0 &&
             basis[static_cast<std::size_t>(r)] < basis[static_cast<std::size_t>(leaving)])) {
          best_ratio = std::min(best_ratio, ratio);
          leaving = r;
        }
      }
    }
    if (leaving < 0) throw CodedReason(composite_error("composite.bod_unbounded")).as<Error>();
    t.row(leaving) /= t(leaving, entering);
    for (Eigen::Index r = 0; r <= rows; ++r)
      if (r != leaving && t(r, entering) != 0.0) t.row(r) -= t(r, entering) * t.row(leaving);
    basis[static_cast<std::size_t>(leaving)] = entering;
  }
  throw CodedReason(composite_error("composite.bod_no_termination")).as<Error>();
}

}  // namespace

Dataset denominate(const CompositeData& data, const IndexStructure& index, double scale) {
  Dataset result = data.indicators;
  for (std::size_t c = 0; c < result.column_count(); ++c) {
    const auto node = index.find(result.columns[c]);
    if (!node) continue;
    const std::string& denominator = index.settings(*node).denominator;
    if (denominator.empty()) continue;
    const auto d = as_index(data.denominators.column_index(denominator));
    const auto column = as_index(c);
    for (Eigen::Index r = 0; r < result.values.rows(); ++r) {
      if (!result.available(r, column)) continue;
      if (!data.denominators.available(r, d)) {
        result.available(r, column) = false;
        result.values(r, column) = 0.0;
        continue;
      }
      const double divisor = data.denominators.values(r, d);
      if (divisor == 0.0)
        throw CodedReason(composite_error("composite.denominator_zero"),
                          {{"unit", result.units[static_cast<std::size_t>(r)]},
                           {"indicator", result.columns[c]},
                           {"denominator", denominator}})
            .as<Error>();
      result.values(r, column) = result.values(r, column) / divisor * scale;
    }
  }
  return result;
}

Eigen::VectorXd benefit_of_doubt(const Eigen::MatrixXd& values) {
  Eigen::VectorXd scores(values.rows());
  for (Eigen::Index u = 0; u < values.rows(); ++u) {
    const Eigen::VectorXd c = values.row(u).transpose();
    scores(u) = c.maxCoeff() > 0.0 ? simplex_unit_rhs(values, c) : 0.0;
  }
  return scores;
}

Dataset aggregate(const Dataset& normalised, const IndexStructure& index,
                  const AggregateOptions& options) {
  const auto& tree = index.tree();
  Dataset result = Dataset::empty_like(normalised.units, index.node_codes());
  const auto leaves = tree.leaves();
  for (std::size_t k = 0; k < leaves.size(); ++k) {
    const std::size_t leaf = leaves[k];
    // The columns usually come in leaf order: try the same position before searching.
    const std::string& code = index.code(leaf);
    std::size_t position = k;
    if (position >= normalised.column_count() || normalised.columns[position] != code)
      position = normalised.column_index(code);
    const auto source = as_index(position);
    result.values.col(as_index(leaf)) = normalised.values.col(source);
    result.available.col(as_index(leaf)) = normalised.available.col(source);
  }
  std::vector<std::size_t> aggregates;
  for (std::size_t node : tree.bottom_up())
    if (!tree.node(node).is_leaf()) aggregates.push_back(node);
  reaggregate(result, index, options, aggregates);
  return result;
}

void reaggregate(Dataset& result, const IndexStructure& index, const AggregateOptions& options,
                 std::span<const std::size_t> nodes) {
  const auto& tree = index.tree();
  const std::vector<double> weights = options.weights.empty() ? index.weights() : options.weights;
  if (weights.size() != tree.size())
    throw CodedReason(
        composite_error("composite.aggregate_weight_count"),
        {{"count", std::to_string(weights.size())}, {"nodes", std::to_string(tree.size())}})
        .as<Error>();
  if (result.column_count() != tree.size() || result.values.cols() != as_index(tree.size()))
    throw CodedReason(composite_error("composite.aggregate_columns")).as<Error>();
  const Eigen::Index units = result.values.rows();
  for (std::size_t node : nodes) {
    const auto& tree_node = tree.node(node);
    if (tree_node.is_leaf()) continue;
    result.values.col(as_index(node)).setZero();
    result.available.col(as_index(node)).setConstant(false);
    const Method method = options.method.value_or(index.settings(node).aggregation);
    const double max_missing = index.max_missing_share(node);
    const std::vector<std::size_t>& children = tree_node.children;
    const double child_count = static_cast<double>(children.size());
    const auto target = as_index(node);
    std::vector<bool> eligible(static_cast<std::size_t>(units), false);
    for (Eigen::Index u = 0; u < units; ++u) {
      std::size_t present = 0;
      double weight_present = 0.0;
      for (std::size_t child : children)
        if (result.available(u, as_index(child))) {
          ++present;
          weight_present += weights[child];
        }
      const double missing_share = (child_count - static_cast<double>(present)) / child_count;
      eligible[static_cast<std::size_t>(u)] =
          present > 0 && weight_present > 0.0 && missing_share <= max_missing + 1e-12;
    }
    if (method == Method::benefit_of_doubt) {
      std::vector<Eigen::Index> rows;
      for (Eigen::Index u = 0; u < units; ++u)
        if (eligible[static_cast<std::size_t>(u)]) rows.push_back(u);
      Eigen::MatrixXd y = Eigen::MatrixXd::Zero(as_index(rows.size()), as_index(children.size()));
      for (std::size_t k = 0; k < rows.size(); ++k)
        for (std::size_t j = 0; j < children.size(); ++j) {
          const auto child = as_index(children[j]);
          if (!result.available(rows[k], child)) continue;  // missing child: no credit (documented)
          const double v = result.values(rows[k], child);
          if (v < 0.0)
            fail_node(index.code(node), result.units[static_cast<std::size_t>(rows[k])],
                      composite_error("composite.bod_negative"));
          y(as_index(k), as_index(j)) = v;
        }
      const Eigen::VectorXd scores = benefit_of_doubt(y);
      for (std::size_t k = 0; k < rows.size(); ++k) {
        result.values(rows[k], target) = scores(as_index(k));
        result.available(rows[k], target) = true;
      }
      continue;
    }
    for (Eigen::Index u = 0; u < units; ++u) {
      if (!eligible[static_cast<std::size_t>(u)]) continue;
      double total_weight = 0.0, sum = 0.0, log_sum = 0.0, inverse_sum = 0.0;
      double minimum = std::numeric_limits<double>::infinity();
      for (std::size_t child : children) {
        if (!result.available(u, as_index(child))) continue;
        const double w = weights[child];
        const double x = result.values(u, as_index(child));
        minimum = std::min(minimum, x);
        if (w == 0.0) continue;
        if ((method == Method::geometric || method == Method::harmonic) && !(x > 0.0))
          fail_node(index.code(node), result.units[static_cast<std::size_t>(u)],
                    CodedReason(composite_error("composite.mean_needs_positive"),
                                {{"method", std::string(to_string(method))},
                                 {"child", index.code(child)},
                                 {"value", std::to_string(x)}}));
        total_weight += w;
        sum += w * x;
        if (method == Method::geometric) log_sum += w * std::log(x);
        if (method == Method::harmonic) inverse_sum += w / x;
      }
      double value = 0.0;
      switch (method) {
        case Method::arithmetic:
          value = sum / total_weight;
          break;
        case Method::geometric:
          value = std::exp(log_sum / total_weight);
          break;
        case Method::harmonic:
          value = total_weight / inverse_sum;
          break;
        case Method::minimum:
          value = minimum;
          break;
        case Method::mazziotta_pareto: {
          const double mean = sum / total_weight;
          double squares = 0.0;
          for (std::size_t child : children) {
            if (!result.available(u, as_index(child))) continue;
            const double d = result.values(u, as_index(child)) - mean;
            squares += weights[child] * d * d;
          }
          if (!(mean > 0.0))
            fail_node(index.code(node), result.units[static_cast<std::size_t>(u)],
                      composite_error("composite.mazziotta_pareto_mean"));
          const double sd = std::sqrt(squares / total_weight);
          value = mean - sd * (sd / mean);
          break;
        }
        case Method::benefit_of_doubt:
          break;  // handled above
      }
      result.values(u, target) = value;
      result.available(u, target) = true;
    }
  }
}

std::vector<std::optional<std::size_t>> rank_units(const Dataset& data, std::string_view column) {
  const auto c = as_index(data.column_index(column));
  std::vector<std::optional<std::size_t>> ranks(data.unit_count());
  for (std::size_t u = 0; u < data.unit_count(); ++u) {
    if (!data.available(as_index(u), c)) continue;
    const double v = data.values(as_index(u), c);
    std::size_t better = 0;
    for (std::size_t k = 0; k < data.unit_count(); ++k)
      if (data.available(as_index(k), c) && data.values(as_index(k), c) > v) ++better;
    ranks[u] = better + 1;
  }
  return ranks;
}

std::vector<std::optional<std::string>> bands(const Dataset& data, std::string_view column,
                                              std::span<const double> thresholds,
                                              std::span<const std::string> labels) {
  if (labels.size() != thresholds.size() + 1)
    throw CodedReason(composite_error("composite.bands_count"),
                      {{"labels", std::to_string(labels.size())},
                       {"thresholds", std::to_string(thresholds.size())}})
        .as<Error>();
  if (!std::is_sorted(thresholds.begin(), thresholds.end()))
    throw CodedReason(composite_error("composite.bands_order")).as<Error>();
  const auto c = as_index(data.column_index(column));
  std::vector<std::optional<std::string>> result(data.unit_count());
  for (std::size_t u = 0; u < data.unit_count(); ++u) {
    if (!data.available(as_index(u), c)) continue;
    const double v = data.values(as_index(u), c);
    const auto k = static_cast<std::size_t>(
        std::upper_bound(thresholds.begin(), thresholds.end(), v) - thresholds.begin());
    result[u] = labels[k];
  }
  return result;
}

}  // namespace cchc::composite
