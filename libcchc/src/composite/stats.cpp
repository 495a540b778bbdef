#include "cchc/composite/stats.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>

namespace cchc::composite {

std::optional<double> pearson(const Dataset& data, std::size_t a, std::size_t b) {
  const auto ca = static_cast<Eigen::Index>(a), cb = static_cast<Eigen::Index>(b);
  double n = 0.0, sa = 0.0, sb = 0.0;
  for (Eigen::Index r = 0; r < data.values.rows(); ++r)
    if (data.available(r, ca) && data.available(r, cb)) {
      n += 1.0;
      sa += data.values(r, ca);
      sb += data.values(r, cb);
    }
  if (n < 3.0) return std::nullopt;
  const double ma = sa / n, mb = sb / n;
  double sab = 0.0, saa = 0.0, sbb = 0.0;
  for (Eigen::Index r = 0; r < data.values.rows(); ++r)
    if (data.available(r, ca) && data.available(r, cb)) {
      const double da = data.values(r, ca) - ma, db = data.values(r, cb) - mb;
      sab += da * db;
      saa += da * da;
      sbb += db * db;
    }
  if (!(saa > 0.0) || !(sbb > 0.0)) return std::nullopt;
  return sab / std::sqrt(saa * sbb);
}

std::optional<PrincipalComponents> principal_components(const Dataset& data,
                                                        std::span<const std::size_t> columns) {
  const auto p = static_cast<Eigen::Index>(columns.size());
  std::vector<Eigen::Index> rows;
  for (Eigen::Index r = 0; r < data.values.rows(); ++r) {
    bool complete = true;
    for (std::size_t c : columns)
      complete = complete && data.available(r, static_cast<Eigen::Index>(c));
    if (complete) rows.push_back(r);
  }
  if (rows.size() < 3 || p == 0) return std::nullopt;
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), p);
  for (std::size_t k = 0; k < rows.size(); ++k)
    for (Eigen::Index j = 0; j < p; ++j)
      x(static_cast<Eigen::Index>(k), j) =
          data.values(rows[k], static_cast<Eigen::Index>(columns[static_cast<std::size_t>(j)]));
  x = x.rowwise() - x.colwise().mean();
  const Eigen::VectorXd sd =
      (x.colwise().squaredNorm() / static_cast<double>(rows.size() - 1)).cwiseSqrt().transpose();
  if ((sd.array() <= 0.0).any()) return std::nullopt;
  x = x.array().rowwise() / sd.transpose().array();
  const Eigen::MatrixXd correlation = x.transpose() * x / static_cast<double>(rows.size() - 1);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(correlation);
  PrincipalComponents out;
  out.eigenvalues = solver.eigenvalues().reverse();
  out.first_loadings = solver.eigenvectors().col(p - 1);
  if (out.first_loadings.sum() < 0.0) out.first_loadings = -out.first_loadings;
  out.first_share = out.eigenvalues(0) / out.eigenvalues.sum();
  out.complete_units = rows.size();
  return out;
}

}  // namespace cchc::composite
