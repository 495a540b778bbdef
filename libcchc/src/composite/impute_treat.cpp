// Imputation (mean, median, group mean, EM) and outlier treatment (winsorisation, log fallback).
#include <Eigen/Cholesky>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <utility>

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

constexpr std::array<std::pair<ImputeMethod, std::string_view>, 4> kImputeNames{{
    {ImputeMethod::mean, "mean"},
    {ImputeMethod::median, "median"},
    {ImputeMethod::group_mean, "group_mean"},
    {ImputeMethod::em, "em"},
}};

std::vector<double> available_values(const Dataset& data, Eigen::Index column) {
  std::vector<double> values;
  for (Eigen::Index r = 0; r < data.values.rows(); ++r)
    if (data.available(r, column)) values.push_back(data.values(r, column));
  return values;
}

double mean_of(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

// EM for a multivariate normal over the columns that have at least one value.
void impute_em(Dataset& result) {
  std::vector<Eigen::Index> columns;
  for (Eigen::Index c = 0; c < result.values.cols(); ++c)
    if (result.available.col(c).any()) columns.push_back(c);
  const auto p = as_index(columns.size());
  const Eigen::Index n = result.values.rows();
  if (p == 0 || n == 0) return;
  Eigen::MatrixXd x(n, p);
  Eigen::Matrix<bool, Eigen::Dynamic, Eigen::Dynamic> observed(n, p);
  for (Eigen::Index j = 0; j < p; ++j) {
    const auto c = columns[static_cast<std::size_t>(j)];
    const double mean = mean_of(available_values(result, c));
    for (Eigen::Index r = 0; r < n; ++r) {
      observed(r, j) = result.available(r, c);
      x(r, j) = observed(r, j) ? result.values(r, c) : mean;
    }
  }
  // E-step: conditional means of the missing entries and their conditional covariance;
  // M-step: mean and covariance of the completed data plus that covariance. A tiny ridge keeps
  // S_oo invertible when columns are collinear.
  Eigen::MatrixXd correction = Eigen::MatrixXd::Zero(p, p);
  for (int iteration = 0; iteration < 200; ++iteration) {
    const Eigen::VectorXd mu = x.colwise().mean().transpose();
    const Eigen::MatrixXd centred = x.rowwise() - mu.transpose();
    const Eigen::MatrixXd sigma =
        (centred.transpose() * centred + correction) / static_cast<double>(n);
    correction.setZero();
    Eigen::MatrixXd next = x;
    for (Eigen::Index r = 0; r < n; ++r) {
      std::vector<Eigen::Index> obs, mis;
      for (Eigen::Index j = 0; j < p; ++j) (observed(r, j) ? obs : mis).push_back(j);
      if (mis.empty()) continue;
      if (obs.empty()) {
        for (Eigen::Index j : mis) next(r, j) = mu(j);
        continue;
      }
      const auto no = as_index(obs.size()), nm = as_index(mis.size());
      Eigen::MatrixXd s_oo(no, no), s_mo(nm, no), s_mm(nm, nm);
      Eigen::VectorXd d(no);
      for (Eigen::Index a = 0; a < no; ++a) {
        d(a) = x(r, obs[static_cast<std::size_t>(a)]) - mu(obs[static_cast<std::size_t>(a)]);
        for (Eigen::Index b = 0; b < no; ++b)
          s_oo(a, b) = sigma(obs[static_cast<std::size_t>(a)], obs[static_cast<std::size_t>(b)]);
        for (Eigen::Index m = 0; m < nm; ++m)
          s_mo(m, a) = sigma(mis[static_cast<std::size_t>(m)], obs[static_cast<std::size_t>(a)]);
      }
      for (Eigen::Index a = 0; a < nm; ++a)
        for (Eigen::Index b = 0; b < nm; ++b)
          s_mm(a, b) = sigma(mis[static_cast<std::size_t>(a)], mis[static_cast<std::size_t>(b)]);
      s_oo.diagonal().array() += 1e-9 * (1.0 + s_oo.diagonal().array().abs());
      const Eigen::LDLT<Eigen::MatrixXd> solver(s_oo);
      const Eigen::VectorXd conditional = s_mo * solver.solve(d);
      const Eigen::MatrixXd conditional_cov = s_mm - s_mo * solver.solve(s_mo.transpose());
      for (Eigen::Index m = 0; m < nm; ++m) {
        next(r, mis[static_cast<std::size_t>(m)]) =
            mu(mis[static_cast<std::size_t>(m)]) + conditional(m);
        for (Eigen::Index k = 0; k < nm; ++k)
          correction(mis[static_cast<std::size_t>(m)], mis[static_cast<std::size_t>(k)]) +=
              conditional_cov(m, k);
      }
    }
    const double change = (next - x).cwiseAbs().maxCoeff();
    const double size = std::max(1.0, x.cwiseAbs().maxCoeff());
    x = std::move(next);
    if (change <= 1e-10 * size) break;
  }
  for (Eigen::Index j = 0; j < p; ++j) {
    const auto c = columns[static_cast<std::size_t>(j)];
    for (Eigen::Index r = 0; r < n; ++r)
      if (!observed(r, j)) {
        result.values(r, c) = x(r, j);
        result.available(r, c) = true;
      }
  }
}

struct ColumnMoments {
  std::optional<double> skew;
  std::optional<double> kurtosis;
};

ColumnMoments column_moments(std::span<const double> values, Moments type) {
  const std::size_t count = values.size();
  if (count < 3) return {};
  const auto n = static_cast<double>(count);
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double m2 = 0.0, m3 = 0.0, m4 = 0.0;
  for (double v : values) {
    const double d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  // No spread (or only rounding noise around the mean): skew and kurtosis are undefined.
  if (!(m2 > 1e-300) || !(m2 > 1e-28 * mean * mean)) return {};
  const double g1 = m3 / std::pow(m2, 1.5);
  const double g2 = m4 / (m2 * m2) - 3.0;
  if (type == Moments::population) return {g1, g2};
  ColumnMoments out;
  out.skew = g1 * std::sqrt(n * (n - 1.0)) / (n - 2.0);
  if (count >= 4) out.kurtosis = ((n + 1.0) * g2 + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0));
  return out;
}

bool fails(const ColumnMoments& m, const TreatOptions& options) {
  return m.skew && m.kurtosis && std::abs(*m.skew) >= options.skew_limit &&
         *m.kurtosis >= options.kurtosis_limit;
}

}  // namespace

std::string_view to_string(ImputeMethod method) noexcept {
  for (const auto& [candidate, name] : kImputeNames)
    if (candidate == method) return name;
  return "mean";
}

std::optional<ImputeMethod> impute_method_from_string(std::string_view key) noexcept {
  for (const auto& [candidate, name] : kImputeNames)
    if (name == key) return candidate;
  return std::nullopt;
}

Dataset impute(const Dataset& data, ImputeMethod method,
               std::span<const std::string> group_labels) {
  Dataset result = data;
  if (method == ImputeMethod::em) {
    impute_em(result);
    return result;
  }
  if (method == ImputeMethod::group_mean && group_labels.size() != data.unit_count())
    throw CodedReason(composite_error("composite.impute_group_labels"),
                      {{"units", std::to_string(data.unit_count())},
                       {"labels", std::to_string(group_labels.size())}})
        .as<Error>();
  for (Eigen::Index c = 0; c < data.values.cols(); ++c) {
    const std::vector<double> values = available_values(data, c);
    if (values.empty() || values.size() == data.unit_count()) continue;
    const double fill = method == ImputeMethod::median ? median_of(values) : mean_of(values);
    std::map<std::string, std::pair<double, std::size_t>> group_sums;
    if (method == ImputeMethod::group_mean)
      for (Eigen::Index r = 0; r < data.values.rows(); ++r)
        if (data.available(r, c) && !group_labels[static_cast<std::size_t>(r)].empty()) {
          auto& [sum, count] = group_sums[group_labels[static_cast<std::size_t>(r)]];
          sum += data.values(r, c);
          ++count;
        }
    for (Eigen::Index r = 0; r < data.values.rows(); ++r) {
      if (data.available(r, c)) continue;
      double value = fill;
      if (method == ImputeMethod::group_mean) {
        const auto found = group_sums.find(group_labels[static_cast<std::size_t>(r)]);
        if (found != group_sums.end())
          value = found->second.first / static_cast<double>(found->second.second);
      }
      result.values(r, c) = value;
      result.available(r, c) = true;
    }
  }
  return result;
}

std::optional<double> skewness(std::span<const double> values, Moments moments) {
  return column_moments(values, moments).skew;
}
std::optional<double> excess_kurtosis(std::span<const double> values, Moments moments) {
  return column_moments(values, moments).kurtosis;
}

Treated treat_outliers(const Dataset& data, const TreatOptions& options) {
  Treated treated{data, {}};
  for (Eigen::Index c = 0; c < data.values.cols(); ++c) {
    ColumnTreatment report;
    report.column = data.columns[static_cast<std::size_t>(c)];
    std::vector<Eigen::Index> rows;
    std::vector<double> x;
    for (Eigen::Index r = 0; r < data.values.rows(); ++r)
      if (data.available(r, c)) {
        rows.push_back(r);
        x.push_back(data.values(r, c));
      }
    report.value_count = x.size();
    ColumnMoments current = column_moments(x, options.moments);
    report.skew_before = current.skew;
    report.kurtosis_before = current.kurtosis;
    if (!current.skew || !current.kurtosis) {
      report.note = x.empty() ? "no value: left as it is"
                    : (x.size() < 3 || (x.size() < 4 && options.moments == Moments::sample))
                        ? "only " + std::to_string(x.size()) +
                              " values: skew and kurtosis undefined, left as it is"
                        : "constant: skew and kurtosis undefined, left as it is";
    } else if (fails(current, options)) {
      std::vector<double> y = x;
      std::vector<bool> high(y.size(), false), low(y.size(), false);
      std::size_t clipped = 0;          // distinct points changed so far
      std::size_t last_high = 0, last_low = 0;  // COINr's nwin: points of the last step per side
      while (fails(current, options)) {
        const std::size_t counted =
            options.count == WinsoriseCount::coinr ? last_high + last_low : clipped;
        if (counted >= options.max_winsorised) break;
        // COINr treats a skew of exactly 0 as positive; such a column cannot fail anyway.
        const bool upper = *current.skew >= 0.0;
        const double extreme = upper ? *std::max_element(y.begin(), y.end())
                                     : *std::min_element(y.begin(), y.end());
        std::vector<std::size_t> group;
        double next = upper ? -std::numeric_limits<double>::infinity()
                            : std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < y.size(); ++k) {
          if (y[k] == extreme)
            group.push_back(k);
          else
            next = upper ? std::max(next, y[k]) : std::min(next, y[k]);
        }
        if (group.size() == y.size()) break;  // nothing left to clip towards
        std::size_t newly = 0;
        for (std::size_t k : group) if (!high[k] && !low[k]) ++newly;
        if (options.count == WinsoriseCount::within_limit &&
            clipped + newly > options.max_winsorised)
          break;  // the tied extremes together would go past the limit
        for (std::size_t k : group) {
          y[k] = next;
          (upper ? high : low)[k] = true;
        }
        clipped += newly;
        (upper ? last_high : last_low) = group.size();
        current = column_moments(y, options.moments);
      }
      report.winsorised_count =
          options.count == WinsoriseCount::coinr ? last_high + last_low : clipped;
      if (!fails(current, options)) {
        x = y;
        for (std::size_t k = 0; k < x.size(); ++k) {
          if (high[k])
            report.winsorised_high.push_back(data.units[static_cast<std::size_t>(rows[k])]);
          if (low[k])
            report.winsorised_low.push_back(data.units[static_cast<std::size_t>(rows[k])]);
        }
      } else {
        // Winsorisation was not enough: the original column gets the log fallback instead.
        const auto [min_it, max_it] = std::minmax_element(x.begin(), x.end());
        const double min = *min_it, max = *max_it;
        if (options.log_fallback == LogFallback::coinr) {
          const double shift = 0.01 * (max - min);
          for (double& v : x) v = std::log(v - min + shift);
        } else {
          const bool positive_skew = report.skew_before.value_or(0.0) > 0.0;
          for (double& v : x)
            v = positive_skew ? std::log(v - min + 1.0) : -std::log(max - v + 1.0);
        }
        report.log_transformed = true;
        current = column_moments(x, options.moments);
      }
      report.passes = !fails(current, options);
      for (std::size_t k = 0; k < rows.size(); ++k) treated.data.values(rows[k], c) = x[k];
    }
    report.skew_after = current.skew;
    report.kurtosis_after = current.kurtosis;
    treated.report.push_back(std::move(report));
  }
  return treated;
}

}  // namespace cchc::composite
