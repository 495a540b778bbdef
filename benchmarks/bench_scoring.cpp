// Batch scoring in C++ alone: score_batch on a units × leaves matrix with one thread and with
// every core, best of N, beside the floor it is measured against: one read of the input matrix
// (its sum). The Python benchmark's figures can so be split into core and binding costs. Run
// (after building with -DCCHC_BUILD_BENCHMARKS=ON):
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

/// Best of `repeats` runs of `work`, in seconds.
template <class Work>
double best_seconds(int repeats, const Work& work) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    work();
    best = std::min(best, seconds_since(start));
  }
  return best;
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
  // The floor: one read of the input matrix (its sum; NaN cells are summed too, which costs
  // the same). Scoring must read every cell once and write every node's points.
  double sum = 0;
  const double read_once = best_seconds(repeats, [&] { sum = inputs.sum(); });
  // What any batch scoring must also do: write every node's points once, in a new matrix.
  double corner = 0;
  const double write_once = best_seconds(repeats, [&] {
    Eigen::MatrixXd points(units, static_cast<Eigen::Index>(framework.tree().size()));
    points.setConstant(1.0);  // not zero: a zeroed new matrix may never be written at all
    corner = points.size() > 0 ? points(points.rows() - 1, points.cols() - 1) : 1.0;
  });
  double checksum_one = 0;
  double checksum_all = 0;
  const double one_thread = best_seconds(repeats, [&] {
    checksum_one = cchc::score::score_batch(framework, inputs, {}, 1).total.sum();
  });
  const double every_core = best_seconds(repeats, [&] {
    checksum_all = cchc::score::score_batch(framework, inputs, {}, 0).total.sum();
  });
  std::printf("%ld units x %zu leaves (%zu nodes), input matrix %.1f MB, best of %d:\n",
              static_cast<long>(units), framework.tree().leaves().size(),
              framework.tree().size(), static_cast<double>(inputs.size()) * 8 / 1e6, repeats);
  std::printf("  one read of the input matrix (sum): %.5f s (sum %g)\n", read_once, sum);
  std::printf("  write the node points once (new matrix): %.5f s = %.1f x one read%s\n",
              write_once, write_once / read_once, corner == 1.0 ? "" : " (?)");
  std::printf("  score_batch, one thread:            %.5f s = %.1f x one read (checksum %.6f)\n",
              one_thread, one_thread / read_once, checksum_one);
  std::printf("  score_batch, every core:            %.5f s = %.1f x one read (checksum %.6f)\n",
              every_core, every_core / read_once, checksum_all);
  return checksum_one == checksum_all ? 0 : 1;
}
