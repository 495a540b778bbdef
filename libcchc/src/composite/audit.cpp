#include "cchc/composite/audit.hpp"

#include <cmath>

namespace cchc::composite {

CorrelationMatrix correlation_matrix(const Dataset& data) {
  CorrelationMatrix out{data.columns, {}};
  const std::size_t n = data.column_count();
  out.r.assign(n, std::vector<std::optional<double>>(n));
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a; b < n; ++b) {
      const auto r = a == b ? std::optional<double>(1.0) : pearson(data, a, b);
      out.r[a][b] = r;
      out.r[b][a] = r;
    }
  return out;
}

namespace {

// COINr's get_cronbach: cov(use = "pairwise.complete.obs"), entries that are undefined (fewer
// than 2 shared units) left out of both sums as its na.rm = TRUE does.
std::optional<double> pairwise_alpha(const Dataset& data, std::span<const std::size_t> columns) {
  const std::size_t k = columns.size();
  double all = 0.0, diagonal = 0.0;
  bool any = false;
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t b = 0; b < k; ++b) {
      const auto ca = static_cast<Eigen::Index>(columns[a]);
      const auto cb = static_cast<Eigen::Index>(columns[b]);
      double n = 0.0, sa = 0.0, sb = 0.0;
      for (Eigen::Index r = 0; r < data.values.rows(); ++r)
        if (data.available(r, ca) && data.available(r, cb)) {
          n += 1.0;
          sa += data.values(r, ca);
          sb += data.values(r, cb);
        }
      if (n < 2.0) continue;
      const double ma = sa / n, mb = sb / n;
      double products = 0.0;
      for (Eigen::Index r = 0; r < data.values.rows(); ++r)
        if (data.available(r, ca) && data.available(r, cb))
          products += (data.values(r, ca) - ma) * (data.values(r, cb) - mb);
      const double covariance = products / (n - 1.0);
      all += covariance;
      if (a == b) diagonal += covariance;
      any = true;
    }
  if (!any || !(std::abs(all) > 0.0)) return std::nullopt;
  const double kk = static_cast<double>(k);
  return kk * kk * ((all - diagonal) / (kk * (kk - 1.0))) / all;
}

}  // namespace

std::optional<double> cronbach_alpha(const Dataset& data, std::span<const std::size_t> columns,
                                     AlphaMethod method) {
  const std::size_t k = columns.size();
  if (k < 2) return std::nullopt;
  if (method == AlphaMethod::pairwise) return pairwise_alpha(data, columns);
  std::vector<std::vector<double>> rows;
  for (Eigen::Index r = 0; r < data.values.rows(); ++r) {
    std::vector<double> row;
    for (std::size_t c : columns)
      if (data.available(r, static_cast<Eigen::Index>(c)))
        row.push_back(data.values(r, static_cast<Eigen::Index>(c)));
    if (row.size() == k) rows.push_back(std::move(row));
  }
  if (rows.size() < 2) return std::nullopt;
  const auto variance = [&](auto value_of) {
    double mean = 0.0;
    for (const auto& row : rows) mean += value_of(row);
    mean /= static_cast<double>(rows.size());
    double squares = 0.0;
    for (const auto& row : rows) squares += (value_of(row) - mean) * (value_of(row) - mean);
    return squares / static_cast<double>(rows.size() - 1);
  };
  double item_variances = 0.0;
  for (std::size_t j = 0; j < k; ++j)
    item_variances += variance([j](const std::vector<double>& row) { return row[j]; });
  const double total_variance = variance([](const std::vector<double>& row) {
    double sum = 0.0;
    for (double v : row) sum += v;
    return sum;
  });
  if (!(total_variance > 0.0)) return std::nullopt;
  const double kk = static_cast<double>(k);
  return kk / (kk - 1.0) * (1.0 - item_variances / total_variance);
}

Audit audit(const Dataset& aggregated, const IndexStructure& index, const AuditOptions& options) {
  Audit out;
  out.correlations = correlation_matrix(aggregated);
  for (const auto& node : index.tree().nodes()) {
    if (node.is_leaf()) continue;
    GroupAudit group;
    group.node = node.spec.code;
    std::vector<std::size_t> columns;
    const std::size_t parent = aggregated.column_index(node.spec.code);
    for (std::size_t child : node.children) {
      group.children.push_back(index.code(child));
      columns.push_back(aggregated.column_index(index.code(child)));
      group.child_parent_correlation.push_back(out.correlations.r[columns.back()][parent]);
    }
    group.cronbach_alpha = cronbach_alpha(aggregated, columns, options.alpha);
    group.pca = principal_components(aggregated, columns);
    for (std::size_t a = 0; a < columns.size(); ++a)
      for (std::size_t b = a + 1; b < columns.size(); ++b) {
        const auto r = out.correlations.r[columns[a]][columns[b]];
        if (!r) continue;
        if (*r <= options.negative_threshold)
          out.flags.push_back({CorrelationFlag::Kind::negative, group.node, group.children[a],
                               group.children[b], *r});
        if (*r >= options.collinear_threshold)
          out.flags.push_back({CorrelationFlag::Kind::collinear, group.node, group.children[a],
                               group.children[b], *r});
      }
    out.groups.push_back(std::move(group));
  }
  Availability& availability = out.availability;
  availability.units = aggregated.units;
  std::vector<std::size_t> leaf_columns;
  for (std::size_t leaf : index.tree().leaves()) {
    leaf_columns.push_back(aggregated.column_index(index.code(leaf)));
    availability.indicators.push_back(index.code(leaf));
  }
  const double units = static_cast<double>(aggregated.unit_count());
  const double leaves = static_cast<double>(leaf_columns.size());
  availability.per_unit.assign(aggregated.unit_count(), 0.0);
  for (std::size_t column : leaf_columns) {
    double present = 0.0;
    for (std::size_t u = 0; u < aggregated.unit_count(); ++u)
      if (aggregated.available(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(column))) {
        present += 1.0;
        availability.per_unit[u] += 1.0 / leaves;
      }
    availability.per_indicator.push_back(units > 0 ? present / units : 0.0);
  }
  return out;
}

}  // namespace cchc::composite
