#include "cchc/score/batch.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>

#include "cchc/io/framework_file.hpp"
#include "cchc/score/assessment.hpp"

using namespace cchc::score;

namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

/// A random valid input for `rule` (NaN now and then).
double random_input(const Rule& rule, double max, std::mt19937& rng) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  if (unit(rng) < 0.05) return kMissing;
  if (std::holds_alternative<PassFail>(rule)) return static_cast<double>(rng() % 3);
  if (std::holds_alternative<Manual>(rule)) return std::round(unit(rng) * max * 4) / 4;
  if (std::holds_alternative<CountCap>(rule) || std::holds_alternative<DeductionBonus>(rule)) {
    return static_cast<double>(rng() % 8);
  }
  // Whole percentages so that thresholds are hit exactly now and then.
  return static_cast<double>(rng() % 101);
}

}  // namespace

TEST_CASE("batch: equal to scoring each unit's assessment, every rule kind and aggregation") {
  const Framework framework = cchc::io::shipped_framework("department-example");
  const CriteriaTree& tree = framework.tree();
  const auto leaves = tree.leaves();
  std::mt19937 rng(2026);
  const Eigen::Index units = 60;
  Eigen::MatrixXd inputs(units, static_cast<Eigen::Index>(leaves.size()));
  for (Eigen::Index u = 0; u < units; ++u) {
    for (std::size_t l = 0; l < leaves.size(); ++l) {
      inputs(u, static_cast<Eigen::Index>(l)) =
          random_input(framework.rule(leaves[l]), tree.node(leaves[l]).spec.max_points, rng);
    }
  }
  const BatchResult batch = score_batch(framework, inputs);
  REQUIRE(batch.node_points.cols() == static_cast<Eigen::Index>(tree.size()));

  for (Eigen::Index u = 0; u < units; ++u) {
    Assessment assessment;
    std::int64_t missing = 0;
    for (std::size_t l = 0; l < leaves.size(); ++l) {
      const double cell = inputs(u, static_cast<Eigen::Index>(l));
      if (std::isnan(cell)) {
        ++missing;
        continue;
      }
      const Rule& rule = framework.rule(leaves[l]);
      LeafAnswer& answer = assessment.answers[tree.node(leaves[l]).spec.code];
      if (std::holds_alternative<PassFail>(rule)) {
        answer.input.done = cell != 0.0;
        answer.input.late = cell == 2.0;
      } else if (std::holds_alternative<Manual>(rule)) {
        answer.input.self_score = cell;
      } else {
        answer.input.value = cell;
      }
      if (std::holds_alternative<RelativeToBest>(rule)) {
        answer.input.best = inputs.col(static_cast<Eigen::Index>(l))
                                .unaryExpr([](double v) { return std::isnan(v) ? 0.0 : v; })
                                .maxCoeff();
      }
    }
    const ScoreReport report = score(framework, assessment);
    CAPTURE(u);
    CHECK(batch.total[u] == doctest::Approx(report.total).epsilon(1e-12));
    CHECK(batch.unanswered[static_cast<std::size_t>(u)] == missing);
    for (std::size_t n = 0; n < tree.size(); ++n) {
      CHECK(batch.node_points(u, static_cast<Eigen::Index>(n)) ==
            doctest::Approx(*report.nodes[n].points).epsilon(1e-12));
    }
  }
  // Percent and ranks are consistent with the totals.
  for (Eigen::Index u = 0; u < units; ++u) {
    CHECK(batch.percent[u] == doctest::Approx(batch.total[u]));  // total max is 100
    for (Eigen::Index v = 0; v < units; ++v) {
      if (batch.total[u] > batch.total[v] + 1e-9) {
        CHECK(batch.rank[static_cast<std::size_t>(u)] < batch.rank[static_cast<std::size_t>(v)]);
      }
    }
  }
}

TEST_CASE("batch ranks: competition 1,2,2,4 by default, dense 1,2,2,3") {
  Eigen::VectorXd totals(5);
  totals << 80, 95.5, 80, 70, 80 + 1e-12;
  CHECK(rank_descending(totals) == std::vector<std::int64_t>{2, 1, 2, 5, 2});
  CHECK(rank_descending(totals, RankMethod::dense) == std::vector<std::int64_t>{2, 1, 2, 3, 2});
  CHECK(rank_descending(Eigen::VectorXd(0)).empty());
  CHECK(rank_method_from_string("dense") == RankMethod::dense);
  CHECK_FALSE(rank_method_from_string("olympic").has_value());
}

TEST_CASE("batch: bad shapes and inputs name the row and the leaf") {
  const Framework framework = cchc::io::shipped_framework("decision-766-formula-sheet");
  const auto leaves = static_cast<Eigen::Index>(framework.tree().leaves().size());
  CHECK_THROWS_WITH_AS((void)score_batch(framework, Eigen::MatrixXd::Zero(2, 3)),
                       doctest::Contains("3 columns for 19 leaves"), cchc::Error);
  Eigen::MatrixXd inputs = Eigen::MatrixXd::Constant(3, leaves, 100);
  inputs(2, 0) = 101;
  CHECK_THROWS_WITH_AS((void)score_batch(framework, inputs),
                       "batch input row 2, leaf '1.1': value 101 outside [0, 100]", cchc::Error);
  inputs(2, 0) = kMissing;
  const BatchResult result = score_batch(framework, inputs);
  CHECK(result.total[0] == doctest::Approx(100));
  CHECK(result.total[2] == doctest::Approx(94));
  CHECK(result.unanswered == std::vector<std::int64_t>{0, 0, 1});
  CHECK(result.rank == std::vector<std::int64_t>{1, 1, 3});
  const BatchResult empty = score_batch(framework, Eigen::MatrixXd(0, leaves));
  CHECK(empty.total.size() == 0);
}

TEST_CASE("batch: a capped_terms leaf is refused by name; leaf rounding applies") {
  const Framework portal = cchc::io::shipped_framework("decision-766-portal");
  const auto leaves = static_cast<Eigen::Index>(portal.tree().leaves().size());
  CHECK_THROWS_WITH_AS((void)score_batch(portal, Eigen::MatrixXd::Constant(1, leaves, 50)),
                       doctest::Contains("leaf '3.1': a capped_terms rule reads several ratios"),
                       cchc::Error);
  const Framework rounded = cchc::io::parse_framework(R"([framework]
id = "r"
round_leaf_points = 2
[[criterion]]
code = "1"
name = "a"
max = 6
rule = { kind = "proportional" }
[[criterion]]
code = "2"
name = "b"
max = 4
rule = { kind = "proportional" }
)",
                                                      "r.toml");
  Eigen::MatrixXd inputs(1, 2);
  inputs << 100.0 / 7, 100.0 / 7;  // 0.857… → 0.86 and 0.571… → 0.57
  CHECK(score_batch(rounded, inputs).total[0] == doctest::Approx(1.43));
}

TEST_CASE("aggregation levels: one sparse matrix per depth, deepest first") {
  const Framework framework = cchc::io::shipped_framework("department-example");
  const auto levels = aggregation_levels(framework.tree());
  REQUIRE(levels.size() == 1);
  CHECK(levels[0].depth == 0);
  CHECK(levels[0].capped.size() == 7);
  CHECK(levels[0].minimum.empty());
  const auto& tree = framework.tree();
  // weighted_mean area 7: 10 × 2/(3 × 5) for 7.1.
  CHECK(levels[0].matrix.coeff(static_cast<Eigen::Index>(tree.index_of("7.1")),
                               static_cast<Eigen::Index>(tree.index_of("7"))) ==
        doctest::Approx(10.0 * 2 / (3 * 5)));
}

TEST_CASE("batch: threads give results identical to one thread, errors included") {
  const Framework framework = cchc::io::shipped_framework("department-example");
  const CriteriaTree& tree = framework.tree();
  const auto leaves = tree.leaves();
  std::mt19937 rng(909);
  const Eigen::Index units = 4000;  // enough cells for several threads
  Eigen::MatrixXd inputs(units, static_cast<Eigen::Index>(leaves.size()));
  for (Eigen::Index u = 0; u < units; ++u) {
    for (std::size_t l = 0; l < leaves.size(); ++l) {
      inputs(u, static_cast<Eigen::Index>(l)) =
          random_input(framework.rule(leaves[l]), tree.node(leaves[l]).spec.max_points, rng);
    }
  }
  const BatchResult one = score_batch(framework, inputs, RankMethod::competition, 1);
  for (const unsigned threads : {2U, 3U, 7U, 0U}) {
    CAPTURE(threads);
    const BatchResult many = score_batch(framework, inputs, RankMethod::competition, threads);
    // Exact equality, not approximate: the same operations in the same order per cell.
    CHECK((many.node_points.array() == one.node_points.array()).all());
    CHECK((many.total.array() == one.total.array()).all());
    CHECK((many.percent.array() == one.percent.array()).all());
    CHECK(many.rank == one.rank);
    CHECK(many.unanswered == one.unanswered);
  }
  // Two bad cells in different columns and rows: the first column's is reported, as in one
  // thread, even though another thread meets the other first.
  Eigen::MatrixXd bad = inputs;
  const auto last_leaf = static_cast<Eigen::Index>(leaves.size()) - 1;
  bad(3, last_leaf) = -std::numeric_limits<double>::infinity();  // out of range for every rule
  bad(units - 1, 0) = -std::numeric_limits<double>::infinity();
  std::string single;
  try {
    (void)score_batch(framework, bad, RankMethod::competition, 1);
  } catch (const cchc::Error& error) {
    single = error.what();
  }
  REQUIRE_FALSE(single.empty());
  CHECK(single.find("row " + std::to_string(units - 1)) != std::string::npos);
  CHECK_THROWS_WITH_AS((void)score_batch(framework, bad, RankMethod::competition, 4),
                       single.c_str(), cchc::Error);
}
