// The frameworks shipped in libcchc/data/frameworks: totals, maxima and structure as the
// public sources cited in each framework file's header give them.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
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
        std::set<std::string>{"decision-766-formula-sheet", "decision-766-portal",
                              "department-example", "par-index-province-1150",
                              "par-index-province-2948", "par-index-province-876"});
}

TEST_CASE("Decision 766 (formula sheet, superseded): six groups 18/20/12/22/10/18, total 100") {
  const Framework framework = cchc::io::shipped_framework("decision-766-formula-sheet");
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

TEST_CASE("Decision 766 (portal version): groups, metric keys, levels, bands as settings") {
  const Framework framework = cchc::io::shipped_framework("decision-766-portal");
  const CriteriaTree& tree = framework.tree();
  CHECK(tree.total_max() == 100);
  const std::vector<double> groups{18, 20, 12, 22, 10, 18};
  REQUIRE(tree.roots().size() == groups.size());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    CHECK(tree.node(tree.roots()[i]).spec.max_points == groups[i]);
    CHECK(framework.info(tree.roots()[i]).provenance == Provenance::official);
  }
  check_exact_sums(framework);
  CHECK(tree.leaves().size() == 17);
  std::set<std::string> metrics;
  for (std::size_t leaf : tree.leaves()) {
    CHECK(framework.info(leaf).provenance == Provenance::reconstructed);
    CHECK(framework.info(leaf).source.starts_with("Portal output"));
    CHECK(metrics.insert(framework.info(leaf).metric).second);
  }
  CHECK(metrics.count("PUBLISH_ON_TIME") == 1);
  CHECK(metrics.count("REUSED_DIGITIZED_DATA") == 1);
  CHECK(framework.meta().round_leaf_points == 2);
  CHECK(std::get<Proportional>(framework.rule(tree.index_of("6.1"))).if_empty == 6.0);
  CHECK(std::get<Saturation>(framework.rule(tree.index_of("6.3"))).if_empty == 0.0);
  CHECK(std::holds_alternative<Proportional>(framework.rule(tree.index_of("4.2"))));
  CHECK(framework.band_of(90) == "Xuất sắc");
  CHECK(framework.band_of(89.99) == "Tốt");
  CHECK(framework.band_of(79.99) == "Khá");
  CHECK(framework.band_of(61.5) == "Trung bình");
  CHECK(framework.band_of(43) == "Yếu");
  CHECK(framework.bands()[0].provenance == Provenance::official);
  CHECK(framework.bands()[2].provenance == Provenance::illustrative);
  CHECK(framework.meta().levels.size() == 5);
}

namespace {

/// Phú Thọ, quarter 3 of 2026, as the portal published it (tests/data/portal766/README.md).
Assessment phu_tho_2026_q3() {
  Assessment a;
  const auto ratio = [&](const std::string& code, double n, double d) {
    a.answers[code].input.ratio = Fraction{n, d};
  };
  ratio("1.1", 0, 54);
  ratio("1.2", 0, 68);
  ratio("1.3", 87, 89);
  ratio("1.4", 339457, 339457);
  ratio("2.1", 403016, 464494);
  a.answers["3.1"].input.ratios = {{"procedures_online", {52, 89}},
                                   {"services_with_dossiers", {449, 1884}},
                                   {"dossiers_online", {435258, 440558}}};
  ratio("4.1", 334358, 464494);
  ratio("4.2", 83994, 464494);
  a.answers["4.2b"].input.value = 100;  // the portal gives only the ratio
  ratio("4.3", 64382, 464494);
  ratio("4.4", 0, 464494);
  ratio("4.5b", 192191, 464494);
  ratio("4.5a", 342, 1300);
  a.answers["5.1"].input.ratios = {{"dossiers_paid_online", {233203, 268066}},
                                   {"procedures_with_online_payment", {115, 311}},
                                   {"procedures_paid_via_portal", {66, 311}}};
  ratio("6.1", 300, 499);
  ratio("6.2", 238, 499);
  ratio("6.3", 402886, 464494);
  return a;
}

}  // namespace

TEST_CASE("Decision 766 (portal version): a province's published group scores to the cent") {
  const Framework framework = cchc::io::shipped_framework("decision-766-portal");
  Assessment assessment = phu_tho_2026_q3();
  const ScoreReport report = score(framework, assessment);
  CHECK(report.findings.empty());
  const std::vector<std::pair<std::string, double>> published{
      {"1", 7.96}, {"2", 17.35}, {"3", 8.41}, {"4", 8.75}, {"5", 6.67}, {"6", 12.25}};
  for (const auto& group : published) {
    const std::string& code = group.first;  // CAPTURE's lambda cannot take a binding (clang 14)
    CAPTURE(code);
    CHECK(std::round(*report.node(code).points * 100) == std::round(group.second * 100));
  }
  CHECK(std::round(report.total * 100) == 6139);
  CHECK(report.band == "Trung bình");
  // Item by item too (the portal's metric scores).
  CHECK(*report.node("1.3").points == doctest::Approx(1.96));
  CHECK(*report.node("4.3").points == doctest::Approx(0.35));
  CHECK(*report.node("6.3").points == doctest::Approx(5.78));
  // Unrounded: 0.3465… for 4.3; the total differs from the rounded one by less than a cent each.
  CHECK(*report.node("4.3").unrounded_points == doctest::Approx(2.0 * 64382 / 464494 / 0.8));
  CHECK(std::abs(report.unrounded_total - report.total) < 0.17);
  // The commune level as the portal scores it changes nothing; the metric sheet's commune
  // policy gives 3.1, 4.5a and 4.5b their full points.
  assessment.level = "commune";
  CHECK(score(framework, assessment).total == doctest::Approx(report.total));
  assessment.level = "commune-metric-sheet";
  const ScoreReport sheet = score(framework, assessment);
  CHECK(*sheet.node("3.1").points == 12);
  CHECK(sheet.total == doctest::Approx(report.total + (12 - 8.41) + (2 - 0.83) + (2 - 0.53)));
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

TEST_CASE("PAR Index 876 (province): 61.5 appraised + 38.5 impact scored by Home Affairs") {
  const Framework framework = cchc::io::shipped_framework("par-index-province-876");
  const CriteriaTree& tree = framework.tree();
  CHECK(tree.total_max() == 100);
  CHECK(max_of(framework, "TD") == 61.5);
  CHECK(max_of(framework, "8") == 38.5);
  CHECK(max_of(framework, "8.1") == 10);
  CHECK(max_of(framework, "8.2") == 22);
  CHECK(max_of(framework, "8.3") == 6.5);
  CHECK(tree.node(tree.index_of("TD")).children.size() == 7);
  CHECK(tree.roots().size() == 2);
  // The survey parts are the survey's, the socio-economic part Home Affairs'; the unit scores
  // areas 1-7 only.
  CHECK(framework.info(tree.index_of("8.1")).scored_by == ScoredBy::survey);
  CHECK(framework.info(tree.index_of("8.2")).scored_by == ScoredBy::survey);
  CHECK(framework.info(tree.index_of("8.3")).scored_by == ScoredBy::home_affairs);
  for (const char* area : {"1", "2", "3", "4", "5", "6", "7"}) {
    CHECK(framework.info(tree.index_of(area)).scored_by == ScoredBy::unit);
    CHECK(framework.info(tree.index_of(area)).evidence_required);
  }

  // Ninh Thuận 2022 from its published parts: 54.2 + 8.23 + 18.05 + 5.31, published total 85.78.
  // The parts as published add to 85.79: each is shown to 2 decimals, so their sum may be off
  // the published total by up to 1.5 cents (e.g. a SIPAS of 82.25 % is 8.225 points, shown
  // 8.23). The split of the 54.2 across areas 1-7 is not published: any split gives the part.
  Assessment assessment;
  const std::vector<std::pair<std::string, double>> areas{
      {"1", 8.5}, {"2", 6.7}, {"3", 9.1}, {"4", 5.4}, {"5", 7.9}, {"6", 5.6}, {"7", 11.0}};
  for (const auto& [code, points] : areas) {
    assessment.answers[code].input.self_score = points;
    assessment.answers[code].evidence = {"Báo cáo CCHC 2022"};
  }
  // Before Home Affairs scores area 8: the self-assessment checks cleanly; area 8 awaits.
  const ScoreReport before = score(framework, assessment);
  CHECK(before.findings.empty());
  CHECK(before.node("8.2").status == LeafStatus::awaiting);
  CHECK(before.node("8.2").unanswered_leaves == 0);
  CHECK(*before.node("TD").points == doctest::Approx(54.2));
  assessment.answers["8.1"].input.value = 82.3;  // SIPAS 82.3 % → 8.23 points
  assessment.answers["8.2"].appraised_score = 18.05;
  assessment.answers["8.3"].appraised_score = 5.31;
  const ScoreReport report = score(framework, assessment);
  CHECK(report.findings.empty());
  CHECK(*report.node("8.1").points == doctest::Approx(8.23));
  CHECK(*report.node("8").points == doctest::Approx(8.23 + 18.05 + 5.31));
  CHECK(report.total == doctest::Approx(85.79));
  CHECK(std::abs(report.total - 85.78) <= 0.015);
  CHECK(report.appraised_total == doctest::Approx(85.79));
  // With an unrounded SIPAS of 82.25 % the parts give 85.785: the published parts alone cannot
  // tell which rounding made the published 85.78.
  assessment.answers["8.1"].input.value = 82.25;
  CHECK(score(framework, assessment).total == doctest::Approx(85.785));
  assessment.answers["8.1"].input.value = 82.3;
  CHECK(report.band == "B");
  // A self-score on a leaf the unit does not score is a finding, not counted.
  assessment.answers["8.3"].input.self_score = 6.5;
  const ScoreReport claimed = score(framework, assessment);
  CHECK(claimed.findings.size() == 1);
  CHECK(claimed.total == doctest::Approx(85.79));
  // The part is bounded by 61.5 whatever the areas claim (area maxima are settings).
  assessment.answers["7"].input.self_score = 30;
  CHECK(*score(framework, assessment).node("TD").points == 61.5);
}

TEST_CASE("PAR Index 1150 (2019): self-assessed maxima 65 by area, 35 by survey") {
  const Framework framework = cchc::io::shipped_framework("par-index-province-1150");
  const CriteriaTree& tree = framework.tree();
  CHECK(tree.total_max() == 100);
  const std::vector<double> areas{7, 5, 14, 7.5, 8, 8.5, 9, 6};
  const TreeNode& part = tree.node(tree.index_of("TDG"));
  REQUIRE(part.children.size() == areas.size());
  for (std::size_t i = 0; i < areas.size(); ++i) {
    CHECK(tree.node(part.children[i]).spec.max_points == areas[i]);
  }
  check_exact_sums(framework);
  CHECK(max_of(framework, "DT") == 35);
  CHECK(framework.info(tree.index_of("DT")).scored_by == ScoredBy::survey);
}

TEST_CASE("PAR Index 876: the sub-criteria template loads and its areas sum to 61.5") {
  const Framework framework = cchc::io::read_framework(
      std::filesystem::path(CCHC_SOURCE_DIR) / "examples/data/score/par-index-province-876-subcriteria.toml");
  const CriteriaTree& tree = framework.tree();
  double areas = 0;
  for (std::size_t child : tree.node(tree.index_of("TD")).children) {
    areas += tree.node(child).spec.max_points;
  }
  CHECK(areas == doctest::Approx(61.5));
  CHECK(tree.node(tree.index_of("3.1.1")).depth == 3);
  CHECK(framework.info(tree.index_of("3.1.1")).provenance == Provenance::illustrative);
  CHECK(framework.info(tree.index_of("8.2")).scored_by == ScoredBy::survey);
  check_exact_sums(framework);
}

TEST_CASE("department example: illustrative, every rule kind and aggregation, total 100") {
  const Framework framework = cchc::io::shipped_framework("department-example");
  const CriteriaTree& tree = framework.tree();
  CHECK(tree.total_max() == 100);
  CHECK(tree.roots().size() == 8);
  CHECK(max_of(framework, "8") == 30);  // survey points, as seen for Hà Nội's departments
  CHECK(framework.meta().provenance == Provenance::illustrative);
  check_exact_sums(framework);
  // The classification provinces use for their departments, as settings.
  CHECK(framework.bands().size() == 5);
  CHECK(framework.band_of(90) == "Xuất sắc");
  CHECK(framework.band_of(79.99) == "Khá");
  CHECK(framework.band_of(69.99) == "Trung bình");
  CHECK(framework.band_of(49.99) == "Yếu");
  CHECK(framework.bands()[4].provenance == Provenance::illustrative);
  std::set<std::string> kinds;
  for (std::size_t leaf : tree.leaves()) kinds.insert(std::string(rule_kind(framework.rule(leaf))));
  // Every kind but capped_terms, which decision-766-portal shows (its composite groups).
  CHECK(kinds.size() == std::variant_size_v<Rule> - 1);
  CHECK(kinds.count("capped_terms") == 0);
  CHECK(tree.node(tree.index_of("7")).spec.aggregation == Aggregation::weighted_mean);
  std::size_t indicator_leaves = 0;
  for (std::size_t leaf : tree.leaves()) {
    if (!framework.info(leaf).input.indicator.empty()) ++indicator_leaves;
  }
  CHECK(indicator_leaves == 4);
  CHECK(framework.info(tree.index_of("1.1")).input.target == "ke-hoach-cchc");
}
