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

// --- The compiled plan against the arithmetic written out unit by unit ------------------------

namespace {

// Every rule kind with non-default parameters, the three aggregations at two depths, a cap
// that bites, weights that differ and a leaf directly under a top-level node.
constexpr const char* kPlanFramework = R"([framework]
id = "plan"
[[criterion]]
code = "A"
name = "sum capped"
max = 3
[[criterion]]
code = "A.1"
parent = "A"
name = "proportional"
max = 2
rule = { kind = "proportional" }
[[criterion]]
code = "A.2"
parent = "A"
name = "steps"
max = 1.5
rule = { kind = "steps", below = 0.25, steps = [{ from = 50, points = 0.5 }, { from = 80, points = 1 }, { from = 95, points = 1.5 }] }
[[criterion]]
code = "A.3"
parent = "A"
name = "count cap"
max = 1
rule = { kind = "count_cap", per_occurrence = 0.3, cap = 0.75 }
[[criterion]]
code = "B"
name = "weighted mean"
max = 4
aggregation = "weighted_mean"
[[criterion]]
code = "B.1"
parent = "B"
name = "saturation"
max = 1
weight = 3
rule = { kind = "saturation", threshold = 70 }
[[criterion]]
code = "B.2"
parent = "B"
name = "goalposts"
max = 2
weight = 1
rule = { kind = "goalposts", worst = 30, best = 90 }
[[criterion]]
code = "B.3"
parent = "B"
name = "min"
max = 2
weight = 2
aggregation = "min"
[[criterion]]
code = "B.3.1"
parent = "B.3"
name = "pass fail"
max = 1
rule = { kind = "pass_fail", late_share = 0.4 }
[[criterion]]
code = "B.3.2"
parent = "B.3"
name = "relative to best"
max = 2
rule = { kind = "relative_to_best" }
[[criterion]]
code = "C"
name = "min"
max = 2
aggregation = "min"
[[criterion]]
code = "C.1"
parent = "C"
name = "lower is better"
max = 1
rule = { kind = "relative_to_best", lower_is_better = true }
[[criterion]]
code = "C.2"
parent = "C"
name = "deduction"
max = 1
rule = { kind = "deduction_bonus", per_occurrence = -0.25 }
[[criterion]]
code = "C.3"
parent = "C"
name = "bonus"
max = 1
rule = { kind = "deduction_bonus", per_occurrence = 0.2, start = 0.5 }
[[criterion]]
code = "D"
name = "survey"
max = 1
rule = { kind = "survey_percentage", survey_max = 5 }
[[criterion]]
code = "E"
name = "manual"
max = 0.5
rule = { kind = "manual" }
)";

/// An input of the leaf's domain, hitting the edges (thresholds, 0, the cap) often.
double plan_input(const Rule& rule, double max, std::mt19937& rng) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  if (unit(rng) < 0.1) return kMissing;
  if (std::holds_alternative<PassFail>(rule)) return static_cast<double>(rng() % 3);
  if (std::holds_alternative<Manual>(rule)) return std::round(unit(rng) * max * 4) / 4;
  if (std::holds_alternative<SurveyPercentage>(rule)) return std::round(unit(rng) * 50) / 10;
  if (std::holds_alternative<CountCap>(rule) || std::holds_alternative<DeductionBonus>(rule)) {
    return static_cast<double>(rng() % 7);
  }
  if (std::holds_alternative<RelativeToBest>(rule) && rng() % 8 == 0) return 0.0;
  return rng() % 4 == 0 ? static_cast<double>(rng() % 101) : unit(rng) * 100;
}

/// The points of one leaf as docs/score/batch.md states them, one cell at a time.
double reference_leaf(const Rule& rule, double max, double v, double best) {
  if (std::isnan(v)) return 0.0;
  if (std::holds_alternative<Proportional>(rule)) return max * v / 100.0;
  if (const auto* r = std::get_if<Steps>(&rule)) {
    double points = r->below;
    for (const Step& step : r->steps) {
      if (v >= step.from) points = step.points;
    }
    return points;
  }
  if (const auto* r = std::get_if<Saturation>(&rule)) {
    return v >= r->threshold ? max : max * v / r->threshold;
  }
  if (const auto* r = std::get_if<Goalposts>(&rule)) {
    return max * std::clamp((v - r->worst) / (r->best - r->worst), 0.0, 1.0);
  }
  if (const auto* r = std::get_if<PassFail>(&rule)) {
    return v == 1.0 ? max : v == 2.0 ? max * r->late_share : 0.0;
  }
  if (const auto* r = std::get_if<CountCap>(&rule)) {
    return std::min(r->cap.value_or(max), v * r->per_occurrence);
  }
  if (const auto* r = std::get_if<DeductionBonus>(&rule)) {
    const double start = r->start.value_or(r->per_occurrence < 0.0 ? max : 0.0);
    return std::clamp(start + v * r->per_occurrence, 0.0, max);
  }
  if (const auto* r = std::get_if<RelativeToBest>(&rule)) {
    if (!r->lower_is_better) return best == 0.0 ? max : max * v / best;
    return v == 0.0 ? max : max * best / v;
  }
  if (const auto* r = std::get_if<SurveyPercentage>(&rule)) return max * v / r->survey_max;
  return v;  // manual
}

/// Every node's points of one unit, children before parents, as docs/score/batch.md states.
std::vector<double> reference_unit(const Framework& framework, const Eigen::MatrixXd& inputs,
                                   Eigen::Index unit, const std::vector<double>& bests) {
  const CriteriaTree& tree = framework.tree();
  const auto leaves = tree.leaves();
  std::vector<double> points(tree.size(), 0.0);
  for (std::size_t l = 0; l < leaves.size(); ++l) {
    const NodeSpec& spec = tree.node(leaves[l]).spec;
    points[leaves[l]] = reference_leaf(framework.rule(leaves[l]), spec.max_points,
                                       inputs(unit, static_cast<Eigen::Index>(l)), bests[l]);
  }
  for (const std::size_t index : tree.bottom_up()) {
    const TreeNode& node = tree.node(index);
    if (node.is_leaf()) continue;
    std::vector<std::size_t> children(node.children.begin(), node.children.end());
    if (node.spec.aggregation == Aggregation::min) {
      double share = 1.0;
      for (const std::size_t child : children) {
        share = std::min(share, points[child] / tree.node(child).spec.max_points);
      }
      points[index] = node.spec.max_points * share;
      continue;
    }
    std::sort(children.begin(), children.end());
    double weights = 0.0;
    for (const std::size_t child : children) weights += tree.node(child).spec.weight;
    double sum = 0.0;
    for (const std::size_t child : children) {
      const NodeSpec& c = tree.node(child).spec;
      const double coefficient = node.spec.aggregation == Aggregation::sum_capped
                                     ? 1.0
                                     : node.spec.max_points * c.weight / (weights * c.max_points);
      sum += coefficient * points[child];
    }
    points[index] = node.spec.aggregation == Aggregation::sum_capped
                        ? std::min(sum, node.spec.max_points)
                        : sum;
  }
  return points;
}

}  // namespace

TEST_CASE("batch plan: every rule kind and aggregation equal bit for bit to the unit formulas") {
  const Framework framework = cchc::io::parse_framework(kPlanFramework, "plan.toml");
  const CriteriaTree& tree = framework.tree();
  const auto leaves = tree.leaves();
  REQUIRE(leaves.size() == 12);
  std::mt19937 rng(19);
  // Not a multiple of any tile: the last tile is partial.
  for (const Eigen::Index units : {Eigen::Index{1}, Eigen::Index{7}, Eigen::Index{1237}}) {
    CAPTURE(units);
    Eigen::MatrixXd inputs(units, static_cast<Eigen::Index>(leaves.size()));
    for (Eigen::Index u = 0; u < units; ++u) {
      for (std::size_t l = 0; l < leaves.size(); ++l) {
        inputs(u, static_cast<Eigen::Index>(l)) =
            plan_input(framework.rule(leaves[l]), tree.node(leaves[l]).spec.max_points, rng);
      }
    }
    std::vector<double> bests(leaves.size(), 0.0);
    for (std::size_t l = 0; l < leaves.size(); ++l) {
      const auto* relative = std::get_if<RelativeToBest>(&framework.rule(leaves[l]));
      if (relative == nullptr) continue;
      bool any = false;
      double best = relative->lower_is_better ? std::numeric_limits<double>::infinity() : 0.0;
      for (Eigen::Index u = 0; u < units; ++u) {
        const double v = inputs(u, static_cast<Eigen::Index>(l));
        if (std::isnan(v)) continue;
        any = true;
        best = relative->lower_is_better ? std::min(best, v) : std::max(best, v);
      }
      bests[l] = any ? best : 0.0;
    }
    for (const unsigned threads : {1U, 2U, 3U}) {
      CAPTURE(threads);
      const BatchResult batch = score_batch(framework, inputs, RankMethod::competition, threads);
      for (Eigen::Index u = 0; u < units; ++u) {
        CAPTURE(u);
        const std::vector<double> expected = reference_unit(framework, inputs, u, bests);
        double total = 0.0;
        for (const std::size_t root : tree.roots()) total += expected[root];
        std::int64_t missing = 0;
        for (Eigen::Index l = 0; l < inputs.cols(); ++l) missing += std::isnan(inputs(u, l));
        for (std::size_t n = 0; n < tree.size(); ++n) {
          CAPTURE(tree.node(n).spec.code);
          REQUIRE(batch.node_points(u, static_cast<Eigen::Index>(n)) == expected[n]);
        }
        REQUIRE(batch.total[u] == total);
        REQUIRE(batch.percent[u] == total * (100.0 / tree.total_max()));
        REQUIRE(batch.unanswered[static_cast<std::size_t>(u)] == missing);
      }
      CHECK(batch.rank == rank_descending(batch.total));
    }
  }
}

TEST_CASE("batch plan: a column nobody answered, all-zero bests, ties and the last bad cell") {
  const Framework framework = cchc::io::parse_framework(kPlanFramework, "plan.toml");
  const auto leaves = static_cast<Eigen::Index>(framework.tree().leaves().size());
  const CriteriaTree& tree = framework.tree();
  const auto column = [&](const char* code) {
    const auto node = tree.index_of(code);
    const auto all = tree.leaves();
    return static_cast<Eigen::Index>(std::find(all.begin(), all.end(), node) - all.begin());
  };
  Eigen::MatrixXd inputs = Eigen::MatrixXd::Constant(600, leaves, kMissing);
  // Nobody answered anything: every node 0, every unit ties first, every leaf unanswered.
  BatchResult result = score_batch(framework, inputs);
  CHECK((result.node_points.array() == 0.0).all());
  CHECK(result.rank == std::vector<std::int64_t>(600, 1));
  CHECK(result.unanswered == std::vector<std::int64_t>(600, leaves));
  // Relative to best with every answer 0: the best is 0, so every answering unit gets the max
  // (higher is better) and a 0 is the best possible (lower is better).
  inputs.col(column("B.3.2")).setZero();
  inputs.col(column("C.1")).setZero();
  inputs(5, column("A.1")) = 100;  // one unit ahead, the rest tied
  result = score_batch(framework, inputs, RankMethod::dense);
  CHECK(result.node_points(0, static_cast<Eigen::Index>(tree.index_of("B.3.2"))) == 2.0);
  CHECK(result.node_points(0, static_cast<Eigen::Index>(tree.index_of("C.1"))) == 1.0);
  CHECK(result.rank[5] == 1);
  CHECK(result.rank[0] == 2);
  CHECK(result.rank[599] == 2);
  // An out-of-domain value in the very last cell (the last partial tile) is still found, and
  // a value between pass/fail's 0, 1, 2 is refused.
  inputs(599, leaves - 1) = 0.75;  // manual, max 0.5
  CHECK_THROWS_WITH_AS((void)score_batch(framework, inputs),
                       "batch input row 599, leaf 'E': value 0.75 is a self-score outside [0, max]",
                       cchc::Error);
  inputs(599, leaves - 1) = kMissing;
  inputs(3, column("B.3.1")) = 0.5;
  CHECK_THROWS_WITH_AS((void)score_batch(framework, inputs, RankMethod::competition, 2),
                       doctest::Contains("row 3, leaf 'B.3.1': value 0.5 is not 0 (not done)"),
                       cchc::Error);
}
