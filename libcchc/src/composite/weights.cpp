// Weighting: equal, manual, PCA (first component) and correlation-targeted optimisation.
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "cchc/composite/stats.hpp"
#include "cchc/composite/steps.hpp"
#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/composite.hpp"

namespace cchc::composite {

namespace {

using cchc::detail::CodedReason;
using cchc::detail::composite_error;

}  // namespace

std::vector<double> equal_weights(const IndexStructure& index) {
  return std::vector<double>(index.tree().size(), 1.0);
}

void check_weights(const IndexStructure& index, std::span<const double> weights,
                   std::string_view what) {
  check_weights(index, weights,
                CodedReason(cchc::detail::kEnglishOnly, {{"text", std::string(what)}}));
}

void check_weights(const IndexStructure& index, std::span<const double> weights,
                   const CodedReason& label) {
  if (weights.size() != index.tree().size())
    throw label
        .and_then(composite_error("composite.weight_count"),
                  {{"count", std::to_string(weights.size())},
                   {"nodes", std::to_string(index.tree().size())}})
        .as<Error>();
  for (std::size_t i = 0; i < weights.size(); ++i)
    if (!std::isfinite(weights[i]))
      throw label
          .and_then(composite_error("composite.weight_not_finite"), {{"node", index.code(i)}})
          .as<Error>();
  for (const auto& node : index.tree().nodes()) {
    if (node.is_leaf()) continue;
    double total = 0.0;
    std::string children;
    for (std::size_t child : node.children) {
      total += weights[child];
      children += (children.empty() ? "" : ", ") + index.code(child);
    }
    if (total == 0.0)
      throw label
          .and_then(composite_error("composite.children_weights_zero"),
                    {{"node", node.spec.code}, {"children", children}})
          .as<Error>();
  }
}

std::vector<double> manual_weights(const IndexStructure& index,
                                   std::span<const std::pair<std::string, double>> weights) {
  std::vector<double> result = index.weights();
  for (const auto& [code, weight] : weights) {
    if (!std::isfinite(weight) || weight < 0.0)
      throw CodedReason(composite_error("composite.manual_weights"))
          .then(composite_error("composite.manual_weight_range"), {{"node", code}})
          .as<Error>();
    result[index.tree().index_of(code)] = weight;
  }
  check_weights(index, result, CodedReason(composite_error("composite.manual_weights")));
  return result;
}

std::vector<double> pca_weights(const Dataset& aggregated, const IndexStructure& index,
                                PcaWeights kind) {
  std::vector<double> result = index.weights();
  for (const auto& node : index.tree().nodes()) {
    if (node.is_leaf()) continue;
    std::vector<std::size_t> columns;
    for (std::size_t child : node.children)
      columns.push_back(aggregated.column_index(index.code(child)));
    const auto pca = principal_components(aggregated, columns);
    if (!pca) continue;
    for (std::size_t j = 0; j < node.children.size(); ++j) {
      const double loading = pca->first_loadings(static_cast<Eigen::Index>(j));
      result[node.children[j]] = kind == PcaWeights::signed_loadings ? loading : loading * loading;
    }
  }
  return result;
}

OptimisedWeights optimise_weights(const Dataset& normalised, const IndexStructure& index,
                                  std::string_view node, std::span<const double> targets,
                                  double tolerance, std::size_t max_iterations) {
  const std::size_t node_index = index.tree().index_of(node);
  const auto& children = index.tree().node(node_index).children;
  if (children.empty())
    throw CodedReason(composite_error("composite.optimise_not_aggregate"),
                      {{"node", std::string(node)}})
        .as<Error>();
  if (targets.size() != children.size())
    throw CodedReason(composite_error("composite.optimise_target_count"),
                      {{"node", std::string(node)},
                       {"children", std::to_string(children.size())},
                       {"targets", std::to_string(targets.size())}})
        .as<Error>();
  double target_sum = 0.0;
  for (double t : targets) {
    if (!(t > 0.0) || !std::isfinite(t))
      throw CodedReason(composite_error("composite.optimise_target_positive")).as<Error>();
    target_sum += t;
  }
  OptimisedWeights out;
  out.weights = index.weights();
  out.correlations.assign(index.tree().size(), 0.0);
  for (std::size_t iteration = 0; iteration <= max_iterations; ++iteration) {
    AggregateOptions options;
    options.weights = out.weights;
    const Dataset aggregated = aggregate(normalised, index, options);
    const std::size_t parent_column = aggregated.column_index(node);
    std::vector<double> r(children.size());
    double r_sum = 0.0;
    for (std::size_t j = 0; j < children.size(); ++j) {
      r[j] = pearson(aggregated, aggregated.column_index(index.code(children[j])), parent_column)
                 .value_or(0.0);
      out.correlations[children[j]] = r[j];
      r_sum += std::max(r[j], 1e-6);
    }
    double worst = 0.0;
    std::vector<double> scaled(children.size());
    for (std::size_t j = 0; j < children.size(); ++j) {
      scaled[j] = std::max(r[j], 1e-6) * target_sum / r_sum;
      worst = std::max(worst, std::abs(scaled[j] - targets[j]));
    }
    out.iterations = iteration;
    if (worst <= tolerance) {
      out.converged = true;
      break;
    }
    if (iteration == max_iterations) break;
    double weight_sum = 0.0;
    for (std::size_t j = 0; j < children.size(); ++j) {
      out.weights[children[j]] *= std::sqrt(targets[j] / scaled[j]);
      weight_sum += out.weights[children[j]];
    }
    for (std::size_t child : children) out.weights[child] /= weight_sum;
  }
  return out;
}

}  // namespace cchc::composite
