#include "cchc/composite/sensitivity.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <numeric>
#include <random>
#include <thread>

#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/composite.hpp"

namespace cchc::composite {

namespace {

using cchc::detail::CodedReason;
using cchc::detail::composite_error;

Eigen::Index as_index(std::size_t value) {
  return static_cast<Eigen::Index>(value);
}

std::size_t choice(double u, std::size_t count) {
  return std::min(count - 1, static_cast<std::size_t>(u * static_cast<double>(count)));
}

// Competition ranks of one column by sorting (the sensitivity loop ranks millions of units).
void rank_column(const Dataset& data, Eigen::Index column, std::vector<std::size_t>& order,
                 Eigen::MatrixXd& all_ranks, Mask& all_ranked, Eigen::Index run) {
  auto ranks = all_ranks.row(run);
  auto ranked = all_ranked.row(run);
  order.clear();
  for (Eigen::Index u = 0; u < data.values.rows(); ++u)
    if (data.available(u, column)) order.push_back(static_cast<std::size_t>(u));
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return data.values(as_index(a), column) > data.values(as_index(b), column);
  });
  ranks.setZero();
  ranked.setConstant(false);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const bool tie = k > 0 && data.values(as_index(order[k]), column) ==
                                  data.values(as_index(order[k - 1]), column);
    ranks(as_index(order[k])) = tie ? ranks(as_index(order[k - 1])) : static_cast<double>(k + 1);
    ranked(as_index(order[k])) = true;
  }
}

// Quantile of sorted values, linear interpolation (numpy's default).
std::optional<double> quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return std::nullopt;
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(sorted.size() - 1, below + 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

// Uniform double in [0, 1) from the top 53 bits: the same on every standard library.
double uniform(std::mt19937_64& engine) {
  return static_cast<double>(engine() >> 11) * 0x1.0p-53;
}

}  // namespace

std::vector<std::string> sensitivity_inputs(const SensitivitySpec& spec) {
  std::vector<std::string> names;
  for (const WeightUncertainty& weight : spec.weights) names.push_back("weight:" + weight.node);
  if (spec.imputation.size() >= 2) names.emplace_back("imputation");
  if (spec.treatment.size() >= 2) names.emplace_back("treatment");
  if (spec.normalisation.size() >= 2) names.emplace_back("normalisation");
  if (spec.aggregation.size() >= 2) names.emplace_back("aggregation");
  return names;
}

Eigen::MatrixXd saltelli_sample(std::size_t samples, std::size_t inputs, std::uint64_t seed,
                                SobolEstimator layout) {
  std::mt19937_64 engine(seed);
  const auto d = as_index(inputs);
  Eigen::MatrixXd a(as_index(samples), d), b(as_index(samples), d);
  for (Eigen::Index j = 0; j < as_index(samples); ++j) {
    for (Eigen::Index i = 0; i < d; ++i) a(j, i) = uniform(engine);
    for (Eigen::Index i = 0; i < d; ++i) b(j, i) = uniform(engine);
  }
  const Eigen::Index step = d + 2;
  Eigen::MatrixXd out(as_index(samples) * step, d);
  if (layout == SobolEstimator::coinr) {
    const Eigen::Index n = as_index(samples);
    out.topRows(n) = a;
    out.middleRows(n, n) = b;
    for (Eigen::Index i = 0; i < d; ++i) {
      out.middleRows((2 + i) * n, n) = a;
      out.block((2 + i) * n, i, n, 1) = b.col(i);
    }
    return out;
  }
  for (Eigen::Index j = 0; j < as_index(samples); ++j) {
    out.row(j * step) = a.row(j);
    for (Eigen::Index i = 0; i < d; ++i) {
      out.row(j * step + 1 + i) = a.row(j);
      out(j * step + 1 + i, i) = b(j, i);
    }
    out.row(j * step + d + 1) = b.row(j);
  }
  return out;
}

std::vector<SobolIndices> sobol_indices(const Eigen::VectorXd& outputs, std::size_t inputs,
                                        const Bootstrap& bootstrap, SobolEstimator estimator) {
  const auto d = as_index(inputs);
  const Eigen::Index step = d + 2;
  if (outputs.size() == 0 || outputs.size() % step != 0)
    throw CodedReason(
        composite_error("composite.sobol_output_count"),
        {{"outputs", std::to_string(outputs.size())}, {"inputs", std::to_string(inputs)}})
        .as<Error>();
  const Eigen::Index n = outputs.size() / step;
  std::vector<SobolIndices> out(inputs);
  const bool coinr = estimator == SobolEstimator::coinr;
  // Row of f_A, f_B and f_ABi for group j in the estimator's layout.
  const auto a_row = [&](Eigen::Index j) { return coinr ? j : j * step; };
  const auto b_row = [&](Eigen::Index j) { return coinr ? n + j : j * step + d + 1; };
  const auto ab_row = [&](Eigen::Index j, Eigen::Index i) {
    return coinr ? (2 + i) * n + j : j * step + 1 + i;
  };
  Eigen::VectorXd y = outputs;
  if (!coinr) {
    const double mean = outputs.mean();
    const double sd = std::sqrt((outputs.array() - mean).square().mean());
    if (!(sd > 0.0)) return out;
    y = (outputs.array() - mean) / sd;  // as SALib standardises
  }
  // Estimates over the groups listed in `rows` (all groups, or a bootstrap resample).
  const auto estimate = [&](const std::vector<Eigen::Index>& rows, std::vector<double>& first,
                            std::vector<double>& total) -> bool {
    const auto count = static_cast<double>(rows.size());
    double sum = 0.0;
    for (Eigen::Index j : rows) sum += y(a_row(j)) + y(b_row(j));
    const double ab_mean = sum / (2.0 * count);
    double variance = 0.0;
    for (Eigen::Index j : rows) {
      variance += (y(a_row(j)) - ab_mean) * (y(a_row(j)) - ab_mean);
      variance += (y(b_row(j)) - ab_mean) * (y(b_row(j)) - ab_mean);
    }
    variance /= coinr ? 2.0 * count - 1.0 : 2.0 * count;
    if (!(variance > 0.0)) return false;
    first.assign(inputs, 0.0);
    total.assign(inputs, 0.0);
    for (Eigen::Index j : rows) {
      const double a = y(a_row(j)), b = y(b_row(j));
      for (Eigen::Index i = 0; i < d; ++i) {
        const double ab = y(ab_row(j, i));
        first[static_cast<std::size_t>(i)] += b * (ab - a);
        total[static_cast<std::size_t>(i)] += (a - ab) * (a - ab);
      }
    }
    for (std::size_t i = 0; i < inputs; ++i) {
      first[i] = first[i] / count / variance;
      total[i] = 0.5 * total[i] / count / variance;
    }
    return true;
  };
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(n));
  std::iota(rows.begin(), rows.end(), Eigen::Index{0});
  std::vector<double> first, total;
  if (!estimate(rows, first, total)) return out;
  for (std::size_t i = 0; i < inputs; ++i) {
    out[i].first_order = first[i];
    out[i].total = total[i];
  }
  if (bootstrap.resamples < 2) return out;
  std::mt19937_64 engine(bootstrap.seed);
  std::vector<std::vector<double>> first_draws(inputs), total_draws(inputs);
  for (std::size_t r = 0; r < bootstrap.resamples; ++r) {
    for (Eigen::Index& row : rows)
      row = static_cast<Eigen::Index>(engine() % static_cast<std::uint64_t>(n));
    if (!estimate(rows, first, total)) continue;
    for (std::size_t i = 0; i < inputs; ++i) {
      first_draws[i].push_back(first[i]);
      total_draws[i].push_back(total[i]);
    }
  }
  constexpr double z = 1.959963984540054;  // standard normal 97.5 % quantile
  const auto half_width = [&](const std::vector<double>& draws) -> std::optional<double> {
    if (draws.size() < 2) return std::nullopt;
    const double m =
        std::accumulate(draws.begin(), draws.end(), 0.0) / static_cast<double>(draws.size());
    double squares = 0.0;
    for (double v : draws) squares += (v - m) * (v - m);
    return z * std::sqrt(squares / static_cast<double>(draws.size() - 1));
  };
  for (std::size_t i = 0; i < inputs; ++i) {
    out[i].first_order_conf = half_width(first_draws[i]);
    out[i].total_conf = half_width(total_draws[i]);
  }
  return out;
}

SensitivityRuns evaluate_points(const CompositeData& data, const IndexStructure& index,
                                const SensitivitySpec& spec, const Eigen::MatrixXd& points) {
  SensitivityRuns runs;
  runs.inputs = sensitivity_inputs(spec);
  if (points.cols() != as_index(runs.inputs.size()))
    throw CodedReason(composite_error("composite.sensitivity_point_columns"),
                      {{"columns", std::to_string(points.cols())},
                       {"inputs", std::to_string(runs.inputs.size())}})
        .as<Error>();
  for (Eigen::Index r = 0; r < points.rows(); ++r)
    for (Eigen::Index c = 0; c < points.cols(); ++c)
      if (!(points(r, c) >= 0.0 && points(r, c) <= 1.0))
        throw CodedReason(composite_error("composite.sensitivity_point_range"),
                          {{"point", std::to_string(r + 1)},
                           {"input", runs.inputs[static_cast<std::size_t>(c)]},
                           {"value", std::to_string(points(r, c))}})
            .as<Error>();
  data.validate(index);
  const std::size_t score_node =
      spec.score_node.empty() ? index.tree().roots()[0] : index.tree().index_of(spec.score_node);
  std::vector<std::size_t> weight_nodes;
  for (const WeightUncertainty& weight : spec.weights) {
    if (!(weight.relative_range >= 0.0 && weight.relative_range < 1.0))
      throw CodedReason(composite_error("composite.sensitivity_weight_range"),
                        {{"node", weight.node}})
          .as<Error>();
    weight_nodes.push_back(index.tree().index_of(weight.node));
  }
  // Imputation, treatment and normalisation choices are few: prepare each combination once.
  const std::vector<std::optional<ImputeMethod>> imputations =
      spec.imputation.size() >= 2 ? spec.imputation
                                  : std::vector<std::optional<ImputeMethod>>{spec.nominal.impute};
  const std::vector<std::optional<TreatOptions>> treatments =
      spec.treatment.size() >= 2 ? spec.treatment
                                 : std::vector<std::optional<TreatOptions>>{spec.nominal.treat};
  const std::vector<NormaliseSpec> normalisations =
      spec.normalisation.size() >= 2 ? spec.normalisation
                                     : std::vector<NormaliseSpec>{spec.nominal.normalise};
  const std::vector<std::optional<Method>> aggregations = [&] {
    std::vector<std::optional<Method>> out;
    if (spec.aggregation.size() >= 2)
      for (Method method : spec.aggregation) out.emplace_back(method);
    else
      out.push_back(spec.nominal.aggregation);
    return out;
  }();
  runs.units = data.indicators.units;
  const auto unit_count = as_index(runs.units.size());
  // Screening may drop units: each prepared dataset's rows map to rows of runs.units.
  const auto rows_of = [&](const Dataset& dataset) {
    std::vector<Eigen::Index> rows;
    for (const std::string& unit : dataset.units)
      rows.push_back(as_index(*data.indicators.find_unit(unit)));
    return rows;
  };
  std::vector<Dataset> normalised;  // [imputation][treatment][normalisation]
  for (const auto& imputation : imputations)
    for (const auto& treatment : treatments)
      for (const NormaliseSpec& normalisation : normalisations) {
        PipelineSpec variant = spec.nominal;
        variant.impute = imputation;
        variant.treat = treatment;
        variant.normalise = normalisation;
        normalised.push_back(run_pipeline(data, index, variant).normalised);
      }
  const std::vector<double> base_weights =
      spec.nominal.weights.empty() ? index.weights() : spec.nominal.weights;
  runs.nominal_ranks.assign(runs.units.size(), std::nullopt);
  {
    const PipelineResult nominal = run_pipeline(data, index, spec.nominal);
    const auto ranks = rank_units(nominal.aggregated, index.code(score_node));
    const auto rows = rows_of(nominal.aggregated);
    for (std::size_t k = 0; k < rows.size(); ++k)
      runs.nominal_ranks[static_cast<std::size_t>(rows[k])] = ranks[k];
  }
  runs.points = points;
  const Eigen::Index run_count = points.rows();
  runs.scores = Eigen::MatrixXd::Zero(run_count, unit_count);
  runs.ranks = Eigen::MatrixXd::Zero(run_count, unit_count);
  runs.ranked = Mask::Constant(run_count, unit_count, false);
  runs.mean_rank_shift = Eigen::VectorXd::Zero(run_count);

  // Every (imputation, treatment, normalisation, aggregation) combination is aggregated once
  // with the nominal weights; a run then recomputes only the ancestors of the nodes whose weight
  // it perturbs, bottom-up.
  std::vector<Dataset> bases;  // [prepared combination · aggregations + aggregation]
  std::vector<std::vector<Eigen::Index>> base_rows;
  for (const Dataset& prepared : normalised)
    for (const auto& method : aggregations) {
      AggregateOptions options;
      options.weights = base_weights;
      options.method = method;
      bases.push_back(aggregate(prepared, index, options));
      base_rows.push_back(rows_of(bases.back()));
    }
  std::vector<std::size_t> affected;
  {
    std::vector<bool> is_affected(index.tree().size(), false);
    for (std::size_t node : weight_nodes)
      for (auto parent = index.tree().node(node).parent; parent;
           parent = index.tree().node(*parent).parent)
        is_affected[*parent] = true;
    for (std::size_t node : index.tree().bottom_up())
      if (is_affected[node]) affected.push_back(node);
  }
  struct Workspace {
    std::vector<std::size_t> order;
    Dataset aggregated;
    Eigen::MatrixXd ranks;  // 1 × the combination's units
    Mask ranked;
    std::size_t combination = static_cast<std::size_t>(-1);
  };
  const auto evaluate = [&](Eigen::Index run, Workspace& work) {
    std::size_t input = 0;
    AggregateOptions options;
    options.weights = base_weights;
    for (std::size_t k = 0; k < weight_nodes.size(); ++k, ++input)
      options.weights[weight_nodes[k]] *=
          1.0 + spec.weights[k].relative_range * (2.0 * points(run, as_index(input)) - 1.0);
    std::size_t imputation = 0, treatment = 0, normalisation = 0, aggregation = 0;
    if (imputations.size() >= 2)
      imputation = choice(points(run, as_index(input++)), imputations.size());
    if (treatments.size() >= 2)
      treatment = choice(points(run, as_index(input++)), treatments.size());
    if (normalisations.size() >= 2)
      normalisation = choice(points(run, as_index(input++)), normalisations.size());
    if (aggregations.size() >= 2)
      aggregation = choice(points(run, as_index(input++)), aggregations.size());
    options.method = aggregations[aggregation];
    const std::size_t combination =
        ((imputation * treatments.size() + treatment) * normalisations.size() + normalisation) *
            aggregations.size() +
        aggregation;
    if (combination != work.combination) {
      work.aggregated = bases[combination];
      work.combination = combination;
      work.ranks = Eigen::MatrixXd::Zero(1, work.aggregated.values.rows());
      work.ranked = Mask::Constant(1, work.aggregated.values.rows(), false);
    }
    reaggregate(work.aggregated, index, options, affected);
    rank_column(work.aggregated, as_index(score_node), work.order, work.ranks, work.ranked, 0);
    const std::vector<Eigen::Index>& rows = base_rows[combination];
    double shift = 0.0, counted = 0.0;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const auto local = as_index(k);
      if (!work.ranked(0, local)) continue;
      const Eigen::Index u = rows[k];
      runs.ranked(run, u) = true;
      runs.ranks(run, u) = work.ranks(0, local);
      runs.scores(run, u) = work.aggregated.values(local, as_index(score_node));
      const auto& nominal = runs.nominal_ranks[static_cast<std::size_t>(u)];
      if (!nominal) continue;
      shift += std::abs(runs.ranks(run, u) - static_cast<double>(*nominal));
      counted += 1.0;
    }
    runs.mean_rank_shift(run) = counted > 0.0 ? shift / counted : 0.0;
  };

  unsigned threads =
      spec.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : spec.threads;
  threads =
      static_cast<unsigned>(std::min<Eigen::Index>(threads, std::max<Eigen::Index>(1, run_count)));
  std::atomic<Eigen::Index> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto worker = [&] {
    Workspace work;
    try {
      for (Eigen::Index run = next++; run < run_count; run = next++) evaluate(run, work);
    } catch (...) {
      const std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = run_count;
    }
  };
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (std::thread& thread : pool) thread.join();
  }
  if (failure) std::rethrow_exception(failure);
  return runs;
}

SensitivityResult run_sensitivity(const CompositeData& data, const IndexStructure& index,
                                  const SensitivitySpec& spec) {
  const std::vector<std::string> inputs = sensitivity_inputs(spec);
  if (inputs.empty())
    throw CodedReason(composite_error("composite.sensitivity_no_input")).as<Error>();
  if (spec.samples < 2)
    throw CodedReason(composite_error("composite.sensitivity_samples")).as<Error>();
  return run_sensitivity(data, index, spec,
                         saltelli_sample(spec.samples, inputs.size(), spec.seed, spec.estimator));
}

SensitivityResult run_sensitivity(const CompositeData& data, const IndexStructure& index,
                                  const SensitivitySpec& spec, const Eigen::MatrixXd& points) {
  const std::vector<std::string> inputs = sensitivity_inputs(spec);
  if (inputs.empty())
    throw CodedReason(composite_error("composite.sensitivity_no_input")).as<Error>();
  const auto step = as_index(inputs.size() + 2);
  if (points.rows() < 2 * step || points.rows() % step != 0)
    throw CodedReason(
        composite_error("composite.sensitivity_sample_rows"),
        {{"rows", std::to_string(points.rows())}, {"inputs", std::to_string(inputs.size())}})
        .as<Error>();
  SensitivityResult result;
  result.runs = evaluate_points(data, index, spec, points);
  const SensitivityRuns& runs = result.runs;
  const std::size_t units = runs.units.size();
  const Bootstrap bootstrap{spec.resamples, spec.seed ^ 0x9E3779B97F4A7C15ULL};
  result.median_rank.resize(units);
  result.rank_low.resize(units);
  result.rank_high.resize(units);
  result.unit_indices.resize(units);
  // Units are independent: summarise them on the same threads (each writes its own slot, so the
  // result does not depend on the thread count).
  const auto summarise = [&](std::size_t u) {
    std::vector<double> ranks;
    bool always_ranked = true;
    for (Eigen::Index run = 0; run < runs.ranks.rows(); ++run) {
      if (runs.ranked(run, as_index(u)))
        ranks.push_back(runs.ranks(run, as_index(u)));
      else
        always_ranked = false;
    }
    std::sort(ranks.begin(), ranks.end());
    result.median_rank[u] = quantile(ranks, 0.5);
    result.rank_low[u] = quantile(ranks, 0.05);
    result.rank_high[u] = quantile(ranks, 0.95);
    result.unit_indices[u] =
        always_ranked ? sobol_indices(runs.ranks.col(as_index(u)), inputs.size(), bootstrap,
                                      spec.estimator)
                      : std::vector<SobolIndices>(inputs.size());
  };
  const unsigned threads =
      std::max(1u, std::min(spec.threads == 0 ? std::thread::hardware_concurrency() : spec.threads,
                            static_cast<unsigned>(std::max<std::size_t>(1, units))));
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto worker = [&] {
    try {
      for (std::size_t u = next++; u < units; u = next++) summarise(u);
    } catch (...) {
      const std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = units;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
  result.shift_indices =
      sobol_indices(runs.mean_rank_shift, inputs.size(), bootstrap, spec.estimator);
  return result;
}

}  // namespace cchc::composite
