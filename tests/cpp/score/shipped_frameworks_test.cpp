// The frameworks shipped in libcchc/data/frameworks: totals, maxima and structure as the
// public sources cited in each framework file's header give them.
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "cchc/io/framework_file.hpp"
#include "cchc/score/assessment.hpp"

using namespace cchc::score;

namespace {

double max_of(const Framework& framework, const std::string& code) {
  return framework.tree().node(framework.tree().index_of(code)).spec.max_points;
}

/// Every sum_capped parent's children sum exactly to it (no hidden bonus room).
void check_exact_sums(const Framework& framework) {
  const CriteriaTree& tree = framework.tree();
  for (const TreeNode& node : tree.nodes()) {
    if (node.is_leaf() || node.spec.aggregation != Aggregation::sum_capped) continue;
    double sum = 0;
    for (std::size_t child : node.children) sum += tree.node(child).spec.max_points;
    CAPTURE(node.spec.code);
    CHECK(sum == doctest::Approx(node.spec.max_points));
  }
}

}  // namespace

TEST_CASE("shipped frameworks: the list") {
  const auto ids = cchc::io::shipped_frameworks();
  CHECK(std::set<std::string>(ids.begin(), ids.end()) ==
        std::set<std::string>{"decision-766-portal", "department-example",
                              "par-index-province-2948"});
}

TEST_CASE("Decision 766 (portal version): six groups 18/20/12/22/10/18, total 100") {
  const Framework framework = cchc::io::shipped_framework("decision-766-portal");
  const CriteriaTree& tree = framework.tree();
  CHECK(tree.total_max() == 100);
  CHECK(tree.roots().size() == 6);
  const std::vector<double> groups{18, 20, 12, 22, 10, 18};
  for (std::size_t i = 0; i < groups.size(); ++i) {
    CHECK(tree.node(tree.roots()[i]).spec.max_points == groups[i]);
    CHECK(framework.info(tree.roots()[i]).provenance == Provenance::official);
  }
  check_exact_sums(framework);
  CHECK(tree.leaves().size() == 19);
  // Indicators and thresholds are reconstructed, and say so.
  for (std::size_t leaf : tree.leaves()) {
    CHECK(framework.info(leaf).provenance == Provenance::reconstructed);
    CHECK_FALSE(framework.info(leaf).source.empty());
  }
  CHECK(max_of(framework, "1.1") == 6);
  CHECK(max_of(framework, "2.1") == 20);
  CHECK(std::get<Saturation>(framework.rule(tree.index_of("4.2"))).threshold == 80);
  CHECK(std::get<Saturation>(framework.rule(tree.index_of("5.3"))).threshold == 30);
  CHECK(std::get<Saturation>(framework.rule(tree.index_of("6.3"))).threshold == 90);
  CHECK(framework.info(tree.index_of("2.1")).input.indicator == "on_time_rate");
  CHECK(framework.band_of(90) == "Xuất sắc");
  CHECK(framework.band_of(89.99) == "Tốt");
  CHECK(framework.band_of(79.99).empty());
  // Everything at 100 % gives 100; at 50 % the saturating leaves give more than half.
  Assessment all;
  Assessment half;
  for (std::size_t leaf : tree.leaves()) {
    all.answers[tree.node(leaf).spec.code].input.value = 100;
    half.answers[tree.node(leaf).spec.code].input.value = 50;
  }
  CHECK(score(framework, all).total == doctest::Approx(100));
  // 50 % everywhere: 50 except 4.2 (4 × 50/80), 4.3 (2 × 50/80), 5.1, 5.2 (2 × 50/80 each),
  // 5.3 (full at 30 %), 6.3 (6 × 50/90).
  const double expected = 0.5 * (100 - 4 - 2 - 2 - 2 - 6 - 6) + 4 * 50.0 / 80 + 2 * 50.0 / 80 +
                          2 * 50.0 / 80 + 2 * 50.0 / 80 + 6 + 6 * 50.0 / 90;
  CHECK(score(framework, half).total == doctest::Approx(expected));
}

TEST_CASE("PAR Index 2948 (province): eight areas, total 100, bands A/B/C") {
  const Framework framework = cchc::io::shipped_framework("par-index-province-2948");
  const CriteriaTree& tree = framework.tree();
  const std::vector<double> areas{10, 10, 14.5, 11, 16, 7, 16, 15.5};
  REQUIRE(tree.roots().size() == areas.size());
  for (std::size_t i = 0; i < areas.size(); ++i) {
    CHECK(tree.node(tree.roots()[i]).spec.max_points == areas[i]);
    CHECK(std::holds_alternative<Manual>(framework.rule(tree.roots()[i])));
    CHECK(framework.info(tree.roots()[i]).evidence_required);
  }
  CHECK(tree.total_max() == 100);
  CHECK(framework.meta().provenance == Provenance::official);
  CHECK(framework.band_of(90) == "A");
  CHECK(framework.band_of(80) == "B");
  CHECK(framework.band_of(79.9) == "C");
  CHECK(framework.band_of(69.9).empty());
  // Ranked on the percentage of the applicable maximum: an area not applicable leaves it.
  Assessment assessment;
  for (std::size_t root : tree.roots()) {
    auto& answer = assessment.answers[tree.node(root).spec.code];
    answer.input.self_score = tree.node(root).spec.max_points * 0.9;
    answer.evidence = {"BC"};
  }
  assessment.answers["6"] = LeafAnswer{};
  assessment.answers["6"].not_applicable = true;
  assessment.answers["6"].note = "không có đơn vị sự nghiệp";
  const ScoreReport report = score(framework, assessment);
  CHECK(report.total_max == 93);
  CHECK(*report.percent == doctest::Approx(90));
  CHECK(report.band == "A");
  REQUIRE(report.findings.size() == 1);  // the not-applicable area, with its reason
  CHECK(report.findings[0].kind == FindingKind::not_applicable);
}

TEST_CASE("department example: illustrative, every rule kind and aggregation, total 100") {
  const Framework framework = cchc::io::shipped_framework("department-example");
  const CriteriaTree& tree = framework.tree();
  CHECK(tree.total_max() == 100);
  CHECK(tree.roots().size() == 8);
  CHECK(max_of(framework, "8") == 30);  // survey points, as seen for Hà Nội's departments
  CHECK(framework.meta().provenance == Provenance::illustrative);
  check_exact_sums(framework);
  std::set<std::string> kinds;
  for (std::size_t leaf : tree.leaves()) kinds.insert(std::string(rule_kind(framework.rule(leaf))));
  CHECK(kinds.size() == std::variant_size_v<Rule>);
  CHECK(tree.node(tree.index_of("7")).spec.aggregation == Aggregation::weighted_mean);
  std::size_t indicator_leaves = 0;
  for (std::size_t leaf : tree.leaves()) {
    if (!framework.info(leaf).input.indicator.empty()) ++indicator_leaves;
  }
  CHECK(indicator_leaves == 4);
  CHECK(framework.info(tree.index_of("1.1")).input.target == "ke-hoach-cchc");
}
