// The rule kinds and settings the Decision 766 portal version needs: ratios given as counts,
// a value for an empty denominator (if_empty), capped_terms, leaf rounding before sums, and
// levels. Thresholds are tested at, just below and just above.
#include <doctest/doctest.h>

#include "cchc/dossier/indicators.hpp"
#include "cchc/io/assessment_file.hpp"
#include "cchc/io/framework_file.hpp"
#include "cchc/score/assessment.hpp"
#include "cchc/score/rule.hpp"

using namespace cchc::score;

namespace {

RuleInput fraction(double numerator, double denominator) {
  RuleInput input;
  input.ratio = Fraction{numerator, denominator};
  return input;
}

RuleInput terms(std::initializer_list<std::pair<const std::string, Fraction>> ratios) {
  RuleInput input;
  input.ratios = ratios;
  return input;
}

double points(const Rule& rule, double max, const RuleInput& input) {
  const RuleOutcome outcome = evaluate(rule, max, input);
  REQUIRE_MESSAGE(outcome.points.has_value(), outcome.explanation);
  return *outcome.points;
}

std::string check(const Rule& rule, double max) {
  std::string field;
  return check_parameters(rule, max, field).value_or("ok");
}

// The portal's online-payment item: 6·A + min(2, 2.5·B) + 2.5·C, empty denominators give 0.
const CappedTerms kPayment{{Term{"A", 6, std::nullopt, 0.0}, Term{"B", 2.5, 2.0, 0.0},
                            Term{"C", 2.5, std::nullopt, 0.0}}};
// The portal's online-services item: 2·min(1, A/0.8) + 4·B + 6·min(1, C/0.5), no if_empty.
const CappedTerms kOnline{
    {Term{"A", 2.5, 2.0, std::nullopt}, Term{"B", 4, std::nullopt, std::nullopt},
     Term{"C", 12, 6.0, std::nullopt}}};

}  // namespace

TEST_CASE("proportional from counts: max × n/d; empty denominator: if_empty or not applicable") {
  CHECK(points(Proportional{}, 2, fraction(87, 89)) == doctest::Approx(2.0 * 87 / 89));
  CHECK(points(Proportional{}, 6, fraction(0, 54)) == 0);
  CHECK(points(Proportional{}, 6, fraction(54, 54)) == 6);
  // The portal's petitions items: full points when the unit had no petitions.
  const RuleOutcome empty_full = evaluate(Proportional{6.0}, 6, fraction(0, 0));
  CHECK(empty_full.points == 6.0);
  CHECK(empty_full.branch == "empty denominator");
  // Without if_empty the leaf is not applicable, visibly, not 0.
  const RuleOutcome empty = evaluate(Proportional{}, 6, fraction(0, 0));
  CHECK_FALSE(empty.points.has_value());
  CHECK(empty.not_applicable);
  CHECK(empty.problem.empty());
  // Counts that cannot be right are refused.
  CHECK_FALSE(evaluate(Proportional{}, 6, fraction(5, 4)).problem.empty());
  CHECK_FALSE(evaluate(Proportional{}, 6, fraction(-1, 4)).problem.empty());
  CHECK_FALSE(evaluate(Proportional{}, 6,
                       fraction(std::numeric_limits<double>::quiet_NaN(), 4))
                   .problem.empty());
  RuleInput both = fraction(1, 2);
  both.value = 50;
  CHECK(evaluate(Proportional{}, 6, both).problem.find("not both") != std::string::npos);
  // Each sentence is also a code with its numbers, which Python writes in Vietnamese.
  CHECK(evaluate(Proportional{}, 2, fraction(87, 89)).message.code == "rule.proportional.ratio");
  CHECK(evaluate(Proportional{}, 2, fraction(1, 4)).explanation == "2 × 1/4 = 0.5");
  CHECK(empty_full.message.code == "rule.ratio.if_empty");
  CHECK(empty_full.explanation == "denominator 0 → 6 (if_empty)");
  CHECK(empty.message.code == "rule.ratio.not_applicable");
  CHECK(evaluate(Proportional{}, 6, both).message.code == "rule.invalid.value_and_ratio");
  CHECK(check(Proportional{6.5}, 6).find("if_empty 6.5 outside [0, 6]") != std::string::npos);
  CHECK(check(Proportional{-0.1}, 6) != "ok");
  CHECK(check(Proportional{0.0}, 6) == "ok");
}

TEST_CASE("saturation from counts: at, below and above the threshold; empty denominator") {
  const Saturation satisfaction{90, 0.0};  // DOSSIER_RECEIVING_SATISFACTION
  CHECK(points(satisfaction, 6, fraction(90, 100)) == 6);                      // at
  CHECK(points(satisfaction, 6, fraction(8999, 10000)) == doctest::Approx(6 * 89.99 / 90));
  CHECK(points(satisfaction, 6, fraction(9001, 10000)) == 6);                  // above
  CHECK(points(satisfaction, 6, fraction(402886, 464494)) ==
        doctest::Approx(6 * (100.0 * 402886 / 464494) / 90));
  CHECK(points(satisfaction, 6, fraction(0, 0)) == 0);  // no dossiers: 0
  CHECK(evaluate(Saturation{80, std::nullopt}, 2, fraction(0, 0)).not_applicable);
  CHECK(check(Saturation{80, 2.5}, 2) != "ok");
}

TEST_CASE("capped_terms: each term at, below and above its cap; sum capped at the maximum") {
  // B's cap 2 is reached at B = 0.8: below, at, above.
  const auto payment = [](double b) {
    return points(kPayment, 10, terms({{"A", {0, 10}}, {"B", {b, 100}}, {"C", {0, 10}}}));
  };
  CHECK(payment(79) == doctest::Approx(2.5 * 0.79));
  CHECK(payment(80) == doctest::Approx(2));
  CHECK(payment(81) == doctest::Approx(2));
  // Published province figures (Phú Thọ, 2026 Q3): 6.6747… before rounding.
  const double province = points(
      kPayment, 10, terms({{"A", {233203, 268066}}, {"B", {115, 311}}, {"C", {66, 311}}}));
  CHECK(province == doctest::Approx(6.0 * 233203 / 268066 + 2.5 * 115 / 311 + 2.5 * 66 / 311));
  CHECK(round_half_up(province, 2) == doctest::Approx(6.67));
  // The portal rounds each term (each is one of its items) before the sum: UBND Phường Việt
  // Trì 4.85 + 1.15 + 0.68 = 6.68 published, where the unrounded sum 6.6702… rounds to 6.67;
  // UBND Phường Vân Phú 5.70 + 0.63 + 0.47 = 6.80 published, 6.7944… unrounded.
  const RuleInput viet_tri = terms({{"A", {3082, 3816}}, {"B", {17, 37}}, {"C", {10, 37}}});
  CHECK(*evaluate(kPayment, 10, viet_tri, 2).points == doctest::Approx(6.68));
  CHECK(round_half_up(*evaluate(kPayment, 10, viet_tri).points, 2) == doctest::Approx(6.67));
  const RuleInput van_phu = terms({{"A", {4151, 4369}}, {"B", {8, 32}}, {"C", {6, 32}}});
  CHECK(*evaluate(kPayment, 10, van_phu, 2).points == doctest::Approx(6.80));
  CHECK(round_half_up(*evaluate(kPayment, 10, van_phu).points, 2) == doctest::Approx(6.79));
  // All at 100 %: 6 + 2 + 2.5 = 10.5, the item keeps its 10.
  const RuleOutcome full =
      evaluate(kPayment, 10, terms({{"A", {5, 5}}, {"B", {5, 5}}, {"C", {5, 5}}}));
  CHECK(full.points == 10.0);
  CHECK(full.branch == "capped at maximum");
  // Online services: C saturates at 50 %, A at 80 %.
  const auto online = [](double a, double c) {
    return points(kOnline, 12, terms({{"A", {a, 100}}, {"B", {0, 10}}, {"C", {c, 100}}}));
  };
  CHECK(online(0, 49) == doctest::Approx(12 * 0.49));
  CHECK(online(0, 50) == doctest::Approx(6));
  CHECK(online(0, 51) == doctest::Approx(6));
  CHECK(online(80, 0) == doctest::Approx(2));
  CHECK(online(79, 0) == doctest::Approx(2.5 * 0.79));
  CHECK(points(kOnline, 12, terms({{"A", {52, 89}}, {"B", {449, 1884}}, {"C", {435258, 440558}}})) ==
        doctest::Approx(2.5 * 52 / 89 + 4.0 * 449 / 1884 + 6));
}

TEST_CASE("capped_terms: empty denominators, missing and unknown ratios, parameters") {
  // A zero denominator scores the term's if_empty (0 for the payment item).
  CHECK(points(kPayment, 10, terms({{"A", {0, 0}}, {"B", {12, 13}}, {"C", {0, 13}}})) ==
        doctest::Approx(2));
  // Without if_empty: the leaf is not applicable, visibly.
  const RuleOutcome empty =
      evaluate(kOnline, 12, terms({{"A", {5, 10}}, {"B", {0, 0}}, {"C", {5, 10}}}));
  CHECK(empty.not_applicable);
  CHECK(empty.explanation.find("'B'") != std::string::npos);
  CHECK(evaluate(kPayment, 10, RuleInput{}).branch == "unanswered");
  CHECK(evaluate(kPayment, 10, terms({{"A", {1, 2}}})).problem.find("'B' missing") !=
        std::string::npos);
  CHECK(evaluate(kPayment, 10, terms({{"A", {1, 2}}, {"B", {1, 2}}, {"C", {1, 2}}, {"D", {1, 2}}}))
            .problem.find("'D' is not a term") != std::string::npos);
  CHECK(evaluate(kPayment, 10, terms({{"A", {3, 2}}, {"B", {1, 2}}, {"C", {1, 2}}}))
            .problem.find("numerator above") != std::string::npos);
  CHECK(check(kPayment, 10) == "ok");
  CHECK(check(CappedTerms{}, 10) == "capped_terms needs at least one term");
  CHECK(check(CappedTerms{{Term{"A", 1, std::nullopt, std::nullopt}, Term{"A", 2, std::nullopt, std::nullopt}}}, 10).find("already used") !=
        std::string::npos);
  CHECK(check(CappedTerms{{Term{"A", 0, std::nullopt, std::nullopt}}}, 10).find("slope 0 must be > 0") != std::string::npos);
  CHECK(check(CappedTerms{{Term{"A", 3, 11.0, std::nullopt}}}, 10).find("cap 11 outside") != std::string::npos);
  CHECK(check(CappedTerms{{Term{"A", 3, 2.0, 2.5}}}, 10).find("if_empty 2.5 outside [0, 2]") !=
        std::string::npos);
  CHECK_FALSE(reads_value(kPayment));
}

TEST_CASE("round_half_up: to 2 decimals, decimal halves go up") {
  CHECK(round_half_up(1.955056, 2) == doctest::Approx(1.96));
  CHECK(round_half_up(3.465, 2) == doctest::Approx(3.47));  // stored as 3.46499999…
  CHECK(round_half_up(0.345, 2) == doctest::Approx(0.35));
  CHECK(round_half_up(0.344999, 2) == doctest::Approx(0.34));
  CHECK(round_half_up(17.3527, 2) == doctest::Approx(17.35));
  CHECK(round_half_up(2.5, 0) == 3);
  CHECK(round_half_up(0, 2) == 0);
}

namespace {

constexpr std::string_view kFramework = R"([framework]
id = "t"
round_leaf_points = 2

[[level]]
key = "province"

[[level]]
key = "commune"
excluded = "full_points"

[[level]]
key = "ward"
excluded = "not_applicable"

[[criterion]]
code = "1"
name = "group"
max = 10

[[criterion]]
code = "1.1"
metric = "A_METRIC"
parent = "1"
name = "a third"
max = 6
rule = { kind = "proportional" }

[[criterion]]
code = "1.2"
parent = "1"
name = "province only"
max = 4
rule = { kind = "proportional", if_empty = 4 }
levels = ["province"]
)";

}  // namespace

TEST_CASE("rounding before the sum, unrounded points kept; levels as settings") {
  const Framework framework = cchc::io::parse_framework(kFramework, "t.toml");
  CHECK(framework.meta().round_leaf_points == 2);
  CHECK(framework.info(framework.tree().index_of("1.1")).metric == "A_METRIC");
  Assessment assessment;
  assessment.answers["1.1"].input.ratio = Fraction{1, 7};  // 6/7 = 0.857142… → 0.86
  assessment.answers["1.2"].input.ratio = Fraction{1, 7};  // 4/7 = 0.571428… → 0.57
  const ScoreReport report = score(framework, assessment);
  CHECK(*report.node("1.1").points == doctest::Approx(0.86));
  CHECK(*report.node("1.1").unrounded_points == doctest::Approx(6.0 / 7));
  CHECK(*report.node("1").points == doctest::Approx(1.43));  // 0.86 + 0.57, not 1.428…
  CHECK(*report.node("1").unrounded_points == doctest::Approx(10.0 / 7));
  CHECK(report.total == doctest::Approx(1.43));
  CHECK(report.unrounded_total == doctest::Approx(10.0 / 7));
  CHECK(report.level.empty());
  // A self-score equal to the rounded points is not a finding.
  assessment.answers["1.1"].input.self_score = 0.86;
  CHECK(score(framework, assessment).findings.empty());

  // Commune: 1.2 does not apply and takes its full points; ward: it leaves the maximum.
  assessment.level = "commune";
  const ScoreReport commune = score(framework, assessment);
  CHECK(*commune.node("1.2").points == 4);
  CHECK(commune.node("1.2").branch == "full points at this level");
  CHECK(commune.total == doctest::Approx(4.86));
  assessment.level = "ward";
  const ScoreReport ward = score(framework, assessment);
  CHECK(ward.node("1.2").status == LeafStatus::not_applicable);
  CHECK(ward.total_max == 6);
  assessment.level = "district";
  CHECK_THROWS_WITH_AS((void)score(framework, assessment),
                       doctest::Contains("does not score level 'district'"), cchc::Error);

  // An empty denominator without if_empty leaves the maximum; with one, it scores.
  Assessment empty;
  empty.answers["1.1"].input.ratio = Fraction{0, 0};
  empty.answers["1.2"].input.ratio = Fraction{0, 0};
  const ScoreReport empty_report = score(framework, empty);
  CHECK(empty_report.node("1.1").status == LeafStatus::not_applicable);
  CHECK(*empty_report.node("1.2").points == 4);
  CHECK(empty_report.total_max == 4);
}

TEST_CASE("framework file: new settings validated with the line and the field") {
  const auto fails = [](const std::string& text, const std::string& expected) {
    CAPTURE(text);
    CHECK_THROWS_WITH_AS((void)cchc::io::parse_framework(text, "f.toml"),
                         doctest::Contains(expected.c_str()), cchc::ParseError);
  };
  const std::string head = "[framework]\nid = \"t\"\n";
  const std::string leaf = "\n[[criterion]]\ncode = \"1\"\nname = \"n\"\nmax = 10\n";
  fails(head + "round_leaf_points = 2.5\n" + leaf + "rule = { kind = \"proportional\" }\n",
        "f.toml:3: field 'round_leaf_points'");
  fails(head + "round_leaf_points = 7\n" + leaf + "rule = { kind = \"proportional\" }\n",
        "from 0 to 6");
  fails(head + "\n[[level]]\nkey = \"x\"\nexcluded = \"zero\"\n" + leaf +
            "rule = { kind = \"proportional\" }\n",
        "'zero' is not full_points or not_applicable");
  fails(head + leaf + "rule = { kind = \"proportional\" }\nlevels = [\"commune\"]\n",
        "level 'commune' is not declared");
  fails(head + leaf + "rule = { kind = \"capped_terms\", terms = [] }\n", "rule.terms");
  fails(head + leaf + "rule = { kind = \"capped_terms\", terms = [{ ratio = \"A\" }] }\n",
        "a term needs a ratio name and a slope");
  fails(head + leaf +
            "rule = { kind = \"capped_terms\", terms = [{ ratio = \"A\", slope = 1, x = 2 }] }\n",
        "rule.terms.x");
  fails(head + leaf +
            "rule = { kind = \"capped_terms\", terms = [{ ratio = \"A\", slope = 20, cap = 11 }] "
            "}\n",
        "field 'rule.terms': criterion '1': term 1 ('A'): cap 11 outside (0, 10]");
  fails(head + leaf + "rule = { kind = \"proportional\", if_empty = 11 }\n", "rule.if_empty");
  // Round trip of every new setting.
  const std::string ok = head + "round_leaf_points = 2\n\n[[level]]\nkey = \"commune\"\n" +
                         "name = \"Cấp xã\"\nexcluded = \"full_points\"\n" + leaf +
                         "metric = \"M\"\nlevels = [\"commune\"]\n" +
                         "rule = { kind = \"capped_terms\", terms = [{ ratio = \"A\", slope = "
                         "12, cap = 6 }, { ratio = \"B\", slope = 4, if_empty = 0 }] }\n";
  const Framework framework = cchc::io::parse_framework(ok, "ok.toml");
  const Framework again =
      cchc::io::parse_framework(cchc::io::format_framework(framework), "again.toml");
  CHECK(again == framework);
  CHECK(again.meta().levels == framework.meta().levels);
  CHECK(again.meta().round_leaf_points == 2);
}

TEST_CASE("assessment file: numerator/denominator, ratios and level round-trip") {
  const std::string text =
      "[assessment]\nframework = \"t\"\nlevel = \"commune\"\n\n[[answer]]\ncode = \"1.1\"\n"
      "numerator = 87\ndenominator = 89\n\n[[answer]]\ncode = \"3.1\"\n"
      "ratios = { A = { numerator = 52, denominator = 89 }, B = { numerator = 0, denominator = 0 "
      "} }\n";
  const Assessment assessment = cchc::io::parse_assessment(text, "a.toml");
  CHECK(assessment.level == "commune");
  CHECK(assessment.answers.at("1.1").input.ratio == Fraction{87, 89});
  CHECK(assessment.answers.at("3.1").input.ratios.at("B") == Fraction{0, 0});
  CHECK(cchc::io::parse_assessment(cchc::io::format_assessment(assessment), "b.toml") ==
        assessment);
  CHECK_THROWS_WITH_AS(
      (void)cchc::io::parse_assessment(
          "[assessment]\nframework = \"t\"\n[[answer]]\ncode = \"1\"\nnumerator = 3\n", "c.toml"),
      doctest::Contains(
          "c.toml:3: field 'denominator': answer '1': numerator and denominator go together"),
      cchc::ParseError);
  CHECK_THROWS_WITH_AS(
      (void)cchc::io::parse_assessment("[assessment]\nframework = \"t\"\n[[answer]]\ncode = "
                                       "\"1\"\nratios = { A = { numerator = 3 } }\n",
                                       "d.toml"),
      doctest::Contains("ratios.A"), cchc::ParseError);
}

TEST_CASE("dossier engine feeds 766 with the portal's definitions, beside its own indicators") {
  cchc::dossier::IndicatorCounts c;
  c.received_new = 80;
  c.received_carried_over = 20;
  c.resolved_early = 30;
  c.resolved_on_time = 40;
  c.resolved_late = 10;
  c.pending_within = 15;
  c.pending_overdue = 5;
  c.new_online = 50;
  c.new_channel_unknown = 10;
  c.electronic_result_yes = 60;
  c.electronic_result_known = 70;
  c.digitised_dossier_yes = 40;
  c.digitised_dossier_known = 50;
  c.reused_data_yes = 8;
  c.reused_data_known = 40;
  c.fee_required_yes = 20;
  c.paid_online_yes = 12;
  c.paid_online_known = 15;
  const auto values = indicator_values(c);
  using cchc::dossier::Ratio;
  // Progress: the portal counts dossiers in progress within time and divides by all received.
  CHECK(values.at("portal766_progress_rate") == Ratio{85, 100});
  CHECK(values.at("on_time_rate") == Ratio{70, 80});
  CHECK(values.at("portal766_online_dossier_rate") == Ratio{50, 80});
  CHECK(values.at("online_filing_rate") == Ratio{50, 70});
  CHECK(values.at("portal766_electronic_result_rate") == Ratio{60, 100});
  CHECK(values.at("portal766_digitised_dossier_rate") == Ratio{40, 80});
  CHECK(values.at("portal766_reuse_rate") == Ratio{8, 80});
  CHECK(values.at("portal766_paid_online_rate") == Ratio{12, 20});
  CHECK(values.at("online_payment_rate") == Ratio{12, 15});
  // The portal version of 766 takes them.
  const Framework framework = cchc::io::shipped_framework("decision-766-portal");
  Assessment assessment;
  assessment.answers["2.1"].input.ratio = Fraction{1, 2};  // replaced by the data, and said so
  const Assessment filled = apply_indicators(framework, assessment, values);
  CHECK(*filled.answers.at("2.1").input.value == doctest::Approx(85));
  CHECK_FALSE(filled.answers.at("2.1").input.ratio.has_value());
  CHECK(filled.answers.at("2.1").input_source.find("replaced the counts 1/2") !=
        std::string::npos);
  CHECK(filled.answers.at("2.1").source.code == "source.indicator_replaced");
  CHECK(cchc::score::english(filled.answers.at("2.1").source) ==
        filled.answers.at("2.1").input_source);
  CHECK(*filled.answers.at("4.3").input.value == doctest::Approx(10));
  const ScoreReport report = score(framework, filled);
  CHECK(*report.node("2.1").points == doctest::Approx(17));
  CHECK(*report.node("4.3").points == doctest::Approx(0.25));  // 2 × 10/80
  // An empty export: every portal ratio has a zero denominator, the items are not applicable.
  const Assessment empty = apply_indicators(framework, Assessment{}, indicator_values({}));
  CHECK(empty.answers.at("2.1").not_applicable);
}

// A capped_terms explanation is parts (each a code with its numbers, for Vietnamese) whose
// English joined by spaces is the explanation; its problems are codes too.
TEST_CASE("capped_terms: the explanation as parts with codes") {
  const RuleOutcome full =
      evaluate(kPayment, 10, terms({{"A", {5, 5}}, {"B", {5, 5}}, {"C", {0, 0}}}));
  CHECK(full.explanation ==
        "A: 6 × 5/5 = 6 + B: 2.5 × 5/5 = 2.5 → cap 2 + C: denominator 0 → 0 = 8");
  std::vector<std::string_view> codes;
  std::string joined;
  for (const Message& part : full.parts) {
    codes.push_back(part.code);
    if (!joined.empty()) joined += ' ';
    joined += english(part);
  }
  CHECK(joined == full.explanation);
  CHECK(codes == std::vector<std::string_view>{
                     "rule.capped_terms.term", "rule.capped_terms.plus",
                     "rule.capped_terms.term", "rule.capped_terms.cap",
                     "rule.capped_terms.plus", "rule.capped_terms.empty",
                     "rule.capped_terms.sum"});
  // Rounded terms and a sum above the maximum.
  const RuleOutcome rounded =
      evaluate(kPayment, 7, terms({{"A", {2, 3}}, {"B", {1, 3}}, {"C", {3, 3}}}), 2);
  CHECK(rounded.explanation ==
        "A: 6 × 2/3 = 4 + B: 2.5 × 1/3 = 0.8333333333333334 ≈ 0.83 + C: 2.5 × 3/3 = 2.5 = 7.33 "
        "→ maximum 7");
  CHECK(rounded.parts.back().code == "rule.capped_terms.maximum");
  // Problems.
  CHECK(evaluate(kPayment, 10, RuleInput{}).message.code == "rule.missing.ratios");
  CHECK(evaluate(kPayment, 10, terms({{"Z", {1, 2}}})).message.code ==
        "rule.invalid.unknown_term");
  CHECK(evaluate(kPayment, 10, terms({{"A", {1, 2}}})).message.code ==
        "rule.invalid.term_missing");
  const RuleOutcome above =
      evaluate(kPayment, 10, terms({{"A", {3, 2}}, {"B", {1, 2}}, {"C", {1, 2}}}));
  CHECK(above.message.code == "rule.invalid.term_ratio_above");
  CHECK(above.problem == "ratio 'A' 3/2: numerator above the denominator");
  CHECK(evaluate(kOnline, 12, terms({{"A", {0, 0}}, {"B", {1, 2}}, {"C", {1, 2}}})).message.code ==
        "rule.capped_terms.not_applicable");
  CHECK(evaluate(Proportional{}, 6, fraction(5, 4)).message.code == "rule.invalid.ratio_above");
  CHECK(evaluate(Proportional{}, 6, fraction(-1, 4)).problem ==
        "ratio -1/4: counts must be finite numbers ≥ 0");
}
