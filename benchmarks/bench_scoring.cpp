// Batch scoring in C++ alone: score_batch on a units × leaves matrix, best of N, with the time
// of each stage (leaf rules, aggregation, ranks) so that the Python benchmark's figures can be
// split into core and binding costs. Run (after building with -DCCHC_BUILD_BENCHMARKS=ON):
//
//   build/bench/benchmarks/bench_scoring FRAMEWORK.toml [units] [repeats]
//
// FRAMEWORK.toml is the generated framework of bench_scoring.py
// (`python benchmarks/bench_scoring.py --write-framework bench.toml`).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "cchc/io/framework_file.hpp"
#include "cchc/score/batch.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Random inputs valid for each leaf's rule, 5 % missing.
Eigen::MatrixXd random_inputs(const cchc::score::Framework& framework, Eigen::Index units) {
  using namespace cchc::score;
  const auto leaves = framework.tree().leaves();
  Eigen::MatrixXd inputs(units, static_cast<Eigen::Index>(leaves.size()));
  std::mt19937_64 rng(2026);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (std::size_t l = 0; l < leaves.size(); ++l) {
    const Rule& rule = framework.rule(leaves[l]);
    for (Eigen::Index u = 0; u < units; ++u) {
      double value = std::floor(unit(rng) * 1001) / 10;
      if (std::holds_alternative<PassFail>(rule)) value = static_cast<double>(rng() % 3);
      if (std::holds_alternative<CountCap>(rule) || std::holds_alternative<DeductionBonus>(rule)) {
        value = static_cast<double>(rng() % 6);
      }
      if (std::holds_alternative<Manual>(rule)) value = static_cast<double>(rng() % 3) * 0.25;
      if (unit(rng) < 0.05) value = std::numeric_limits<double>::quiet_NaN();
      inputs(u, static_cast<Eigen::Index>(l)) = value;
    }
  }
  return inputs;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_scoring FRAMEWORK.toml [units=10000] [repeats=5]\n");
    return 2;
  }
  const auto framework = cchc::io::read_framework(argv[1]);
  const Eigen::Index units = argc > 2 ? std::atol(argv[2]) : 10000;
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 5;
  const Eigen::MatrixXd inputs = random_inputs(framework, units);
  double best = 1e300;
  double checksum = 0;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    const auto result = cchc::score::score_batch(framework, inputs);
    best = std::min(best, seconds_since(start));
    checksum = result.total.sum();
  }
  std::printf(
      "%ld units x %zu leaves (%zu nodes): score_batch best of %d: %.4f s (checksum %.6f)\n",
      static_cast<long>(units), framework.tree().leaves().size(), framework.tree().size(), repeats,
      best, checksum);
  return 0;
}
