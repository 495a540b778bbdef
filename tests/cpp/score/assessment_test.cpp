#include "cchc/score/assessment.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "cchc/dossier/indicators.hpp"
#include "cchc/io/assessment_file.hpp"
#include "cchc/io/framework_file.hpp"

using namespace cchc::score;

namespace {

// Area 1 (sum_capped 10): 1.1 steps (6, evidence), 1.2 pass/fail (4, target).
// Area 2 (weighted_mean 10): 2.1 proportional (5, w 3, indicator), 2.2 manual (2, w 1).
// Area 3 (min 5): 3.1 survey (5), 3.2 count_cap (1).
const char* const kFramework = R"([framework]
id = "mini"
name = "Mini"

[[band]]
name = "A"
from = 90

[[band]]
name = "B"
from = 80

[[criterion]]
code = "1"
name = "Một"
max = 10

[[criterion]]
code = "1.1"
parent = "1"
name = "Một một"
max = 6
rule = { kind = "steps", steps = [{ from = 90, points = 3 }, { from = 100, points = 6 }] }
evidence_required = true

[[criterion]]
code = "1.2"
parent = "1"
name = "Một hai"
max = 4
rule = { kind = "pass_fail", late_share = 0.5 }
input = { target = "T1" }

[[criterion]]
code = "2"
name = "Hai"
max = 10
aggregation = "weighted_mean"

[[criterion]]
code = "2.1"
parent = "2"
name = "Hai một"
max = 5
weight = 3
rule = { kind = "proportional" }
input = { indicator = "on_time_rate" }

[[criterion]]
code = "2.2"
parent = "2"
name = "Hai hai"
max = 2
rule = { kind = "manual" }

[[criterion]]
code = "3"
name = "Ba"
max = 5
aggregation = "min"

[[criterion]]
code = "3.1"
parent = "3"
name = "Ba một"
max = 5
rule = { kind = "survey_percentage" }

[[criterion]]
code = "3.2"
parent = "3"
name = "Ba hai"
max = 1
rule = { kind = "count_cap", per_occurrence = 0.25 }
)";

const Framework& mini() {
  static const Framework framework = cchc::io::parse_framework(kFramework, "mini.toml");
  return framework;
}

Assessment full_answers() {
  return cchc::io::parse_assessment(R"([assessment]
framework = "mini"
unit = "Sở A"

[[answer]]
code = "1.1"
value = 95
self_score = 3
evidence = ["BC 1"]

[[answer]]
code = "1.2"
done = true

[[answer]]
code = "2.1"
value = 80

[[answer]]
code = "2.2"
self_score = 1
evidence = ["QĐ 2"]

[[answer]]
code = "3.1"
value = 90

[[answer]]
code = "3.2"
value = 2
)",
                                    "a.toml");
}

std::vector<std::string> kinds(const ScoreReport& report) {
  std::vector<std::string> out;
  for (const Finding& finding : report.findings) {
    out.push_back(finding.code + ":" + std::string(to_string(finding.kind)));
  }
  return out;
}

}  // namespace

TEST_CASE("score: each aggregation, percent, total and band") {
  const ScoreReport report = score(mini(), full_answers());
  CHECK(report.findings.empty());
  CHECK(*report.node("1.1").points == 3);
  CHECK(report.node("1.1").branch == "step [90, 100)");
  CHECK(*report.node("1").points == 7);  // 3 + 4
  // weighted mean: 10 × (3 × 0.8 + 1 × 0.5) ÷ 4 = 7.25
  CHECK(*report.node("2").points == doctest::Approx(7.25));
  // min: 5 × min(0.9, 0.5) = 2.5
  CHECK(*report.node("3").points == doctest::Approx(2.5));
  CHECK(report.total == doctest::Approx(16.75));
  CHECK(report.total_max == 25);
  CHECK(*report.percent == doctest::Approx(67));
  CHECK(report.band.empty());  // below every band
  CHECK(*report.node("2").percent == doctest::Approx(72.5));
  CHECK(report.node("1.1").explanation == "value 95 in [90, 100) → 3");
  CHECK(report.node("1.1").inputs == "value=95, self_score=3");
  CHECK(report.node("2.2").status == LeafStatus::self_scored);
}

TEST_CASE("validation report: every finding, with the answer's line") {
  Assessment assessment = full_answers();
  assessment.answers.at("1.1").input.self_score = 6;    // rule gives 3
  assessment.answers.at("1.1").evidence.clear();        // required
  assessment.answers.at("2.2").input.self_score = 2.5;  // above max 2
  assessment.answers.at("3.1").input.value = 120;       // survey beyond its scale
  assessment.answers.erase("3.2");                      // unanswered
  assessment.answers.at("1.2").appraised_score = 5;     // above max 4
  const ScoreReport report = score(mini(), assessment);
  const auto found = kinds(report);
  const std::vector<std::string> expected{"1.1:self_score_differs",  "1.1:missing_evidence",
                                          "1.2:appraised_above_max", "2.2:self_score_above_max",
                                          "3.1:invalid_input",       "3.2:unanswered"};
  CHECK(found == expected);
  const auto differs = std::find_if(report.findings.begin(), report.findings.end(),
                                    [](const Finding& f) { return f.code == "1.1"; });
  CHECK(differs->line == 5);
  CHECK(differs->message == "self-score 6 but the rule gives 3 (value 95 in [90, 100) → 3)");
  // Computed points follow the rule; the claim keeps the self-score, capped at the maximum.
  CHECK(*report.node("1.1").points == 3);
  CHECK(*report.node("1.1").self_points == 6);
  CHECK(*report.node("2.2").points == 2);
  CHECK(report.node("2.2").explanation == "claimed 2.5 of 2, counted 2");
  CHECK(*report.node("2.2").claimed == 2.5);
  CHECK(report.node("3.1").status == LeafStatus::invalid);
  CHECK(*report.node("3.1").points == 0);
  CHECK(report.node("3.2").status == LeafStatus::unanswered);
  CHECK(report.node("3").unanswered_leaves == 1);
  // Evidence is not demanded for an unanswered leaf (that is its own finding).
  Assessment empty;
  empty.framework_id = "mini";
  const ScoreReport nothing = score(mini(), empty);
  CHECK(nothing.findings.size() == 6);
  CHECK(std::all_of(nothing.findings.begin(), nothing.findings.end(),
                    [](const Finding& f) { return f.kind == FindingKind::unanswered; }));
  CHECK(nothing.total == 0);
  CHECK(nothing.total_max == 25);
}

TEST_CASE("score: answers for unknown codes or inner nodes name the line") {
  Assessment assessment = full_answers();
  LeafAnswer stray;
  stray.line = 42;
  assessment.answers["9.9"] = stray;
  CHECK_THROWS_WITH_AS((void)score(mini(), assessment),
                       "a.toml:42: field 'code': '9.9' is not a criterion of framework 'mini'",
                       cchc::ParseError);
  assessment.answers.erase("9.9");
  assessment.answers["1"] = stray;
  CHECK_THROWS_WITH_AS((void)score(mini(), assessment), doctest::Contains("has sub-criteria"),
                       cchc::ParseError);
}

TEST_CASE("not applicable leaves the score and the maximum") {
  Assessment assessment = full_answers();
  assessment.answers.at("1.2") = LeafAnswer{};
  assessment.answers.at("1.2").not_applicable = true;
  const ScoreReport report = score(mini(), assessment);
  CHECK_FALSE(report.node("1.2").points.has_value());
  CHECK(*report.node("1").applicable_max == 6);
  CHECK(*report.node("1").percent == doctest::Approx(50));
  CHECK(report.total_max == 21);
  CHECK(report.total == doctest::Approx(12.75));
  // A whole area not applicable leaves the total's denominator.
  assessment.answers.at("3.1").not_applicable = true;
  assessment.answers.at("3.2").not_applicable = true;
  const ScoreReport without_three = score(mini(), assessment);
  CHECK_FALSE(without_three.node("3").points.has_value());
  CHECK(without_three.total_max == 16);
  CHECK(without_three.lost_points().size() == 3);
}

TEST_CASE("self against appraised, per criterion and in total, explained") {
  Assessment assessment = full_answers();
  assessment.answers.at("1.2").appraised_score = 2;
  assessment.answers.at("1.2").appraisal_note = "kế hoạch ban hành muộn";
  assessment.answers.at("3.1").appraised_score = 4.5;  // recognised: same as computed 4.5
  const ScoreReport report = score(mini(), assessment);
  CHECK(report.self_total == doctest::Approx(16.75));
  CHECK(report.appraised_total == doctest::Approx(14.75));
  const auto rows = report.comparison();
  const auto row = [&](const std::string& code) {
    return *std::find_if(rows.begin(), rows.end(),
                         [&](const Comparison& r) { return r.code == code; });
  };
  CHECK(*row("1.2").difference == -2);
  CHECK(row("1.2").explanation == "appraised 2 instead of 4: kế hoạch ban hành muộn");
  CHECK(row("3.1").explanation == "recognised");
  CHECK(*row("1").difference == -2);
  CHECK(row("1").explanation == "differs in 1.2 (-2)");
  CHECK(row("2").explanation == "no difference");
  CHECK(rows.back().code == "TOTAL");
  CHECK(*rows.back().difference == doctest::Approx(-2));
  CHECK(rows.back().explanation == "differs in 1 (-2)");
  // The self-score is the claim even where it differs from the rule.
  assessment.answers.at("1.1").input.self_score = 6;
  assessment.answers.at("1.1").appraised_score = 3;
  const ScoreReport claimed = score(mini(), assessment);
  CHECK(claimed.self_total == doctest::Approx(19.75));
  CHECK(claimed.appraised_total == doctest::Approx(14.75));
}

TEST_CASE("lost points: largest first, with the reason") {
  Assessment assessment = full_answers();
  assessment.answers.erase("3.2");
  const auto lost = score(mini(), assessment).lost_points();
  // Ranked by what full points would add to the total: the unanswered 3.2 holds area 3's
  // minimum at 0, so it is worth 4.5 although it loses only 1 point itself; 3.1 is worth
  // nothing while 3.2 is the minimum.
  REQUIRE(lost.size() == 5);
  std::vector<std::string> order;
  for (const auto& row : lost) order.push_back(row.code);
  CHECK(order == std::vector<std::string>{"3.2", "1.1", "2.1", "2.2", "3.1"});
  CHECK(lost[0].total_gain == doctest::Approx(4.5));
  CHECK(lost[0].lost == 1);
  CHECK(lost[0].reason == "unanswered");
  CHECK(lost[1].total_gain == doctest::Approx(3));
  CHECK(lost[1].reason == "steps: value 95 in [90, 100) → 3");
  CHECK(lost[2].total_gain == doctest::Approx(1.5));  // 10 × 3/4 × (1 − 0.8)
  CHECK(lost[2].lost == doctest::Approx(1));
  CHECK(lost[3].total_gain == doctest::Approx(1.25));
  CHECK(lost[4].total_gain == 0);
  CHECK(lost[4].lost == doctest::Approx(0.5));
}

TEST_CASE("what-if: one input changes, the total and the touched nodes move") {
  const Assessment assessment = full_answers();
  LeafAnswer better = assessment.answers.at("1.1");
  better.input.value = 100;
  const WhatIf result = what_if(mini(), assessment, "1.1", better);
  CHECK(result.total_before == doctest::Approx(16.75));
  CHECK(result.total_after == doctest::Approx(19.75));
  REQUIRE(result.nodes.size() == 2);
  CHECK(result.nodes[0].code == "1");
  CHECK(*result.nodes[0].delta == 3);
  CHECK(result.nodes[1].code == "1.1");
  // Inside a capped or min node a change may not move the parent at all.
  LeafAnswer more_count = assessment.answers.at("3.2");
  more_count.input.value = 3;  // 0.75: min(0.9, 0.75) = 0.75
  const WhatIf min_moves = what_if(mini(), assessment, "3.2", more_count);
  CHECK(min_moves.total_after - min_moves.total_before == doctest::Approx(1.25));
  CHECK_THROWS_AS((void)what_if(mini(), assessment, "1", better), cchc::Error);
}

TEST_CASE("inputs from data: indicators and target statuses") {
  cchc::dossier::IndicatorCounts counts;
  counts.resolved_early = 10;
  counts.resolved_on_time = 8;
  counts.resolved_late = 2;
  const auto values = indicator_values(counts);
  CHECK(values.at("on_time_rate").numerator == 18);
  Assessment assessment = full_answers();
  Assessment filled = apply_indicators(mini(), assessment, values);
  CHECK(*filled.answers.at("2.1").input.value == doctest::Approx(90));
  CHECK(filled.answers.at("2.1").input_source == "indicator on_time_rate = 18/20");
  CHECK(*filled.answers.at("2.1").declared_value == 80);
  const ScoreReport report = score(mini(), filled);
  CHECK(*report.node("2.1").points == doctest::Approx(4.5));
  CHECK(kinds(report) == std::vector<std::string>{"2.1:value_differs_from_data"});
  CHECK(report.node("2.1").inputs == "value=90 (indicator on_time_rate = 18/20)");
  // Zero denominator: not applicable, never 0.
  const auto none = apply_indicators(mini(), assessment, indicator_values({}));
  CHECK(none.answers.at("2.1").not_applicable);
  CHECK_FALSE(score(mini(), none).node("2.1").points.has_value());
  CHECK_THROWS_WITH_AS((void)apply_indicators(mini(), assessment, {}),
                       doctest::Contains("on_time_rate"), cchc::Error);

  const auto late = apply_target_statuses(mini(), assessment, {{"T1", "achieved_late"}});
  CHECK(*score(mini(), late).node("1.2").points == 2);
  const auto missed = apply_target_statuses(mini(), assessment, {{"T1", "in_progress"}});
  CHECK(*score(mini(), missed).node("1.2").points == 0);
  const auto na = apply_target_statuses(mini(), assessment, {{"T1", "not_applicable"}});
  CHECK_FALSE(score(mini(), na).node("1.2").points.has_value());
  CHECK_THROWS_WITH_AS((void)apply_target_statuses(mini(), assessment, {{"T1", "done"}}),
                       doctest::Contains("unknown target status 'done'"), cchc::Error);
  CHECK_THROWS_AS((void)apply_target_statuses(mini(), assessment, {}), cchc::Error);
}

TEST_CASE("pass/fail by dates: done on the deadline is on time, a day after is late") {
  Assessment assessment = full_answers();
  LeafAnswer& answer = assessment.answers.at("1.2");
  answer.input.done.reset();
  answer.done_on = cchc::Date::from_ymd(2025, 1, 15);
  answer.deadline = cchc::Date::from_ymd(2025, 1, 15);
  ScoreReport report = score(mini(), assessment);
  CHECK(*report.node("1.2").points == 4);
  CHECK(report.node("1.2").inputs == "done=yes, done_on=2025-01-15, deadline=2025-01-15");
  answer.done_on = cchc::Date::from_ymd(2025, 1, 16);
  report = score(mini(), assessment);
  CHECK(*report.node("1.2").points == 2);  // late share 0.5
  CHECK(report.node("1.2").branch == "done late");
  // Contradictions are findings, not silent choices.
  answer.done_on = cchc::Date::from_ymd(2025, 1, 10);
  answer.input.late = true;
  report = score(mini(), assessment);
  CHECK(report.node("1.2").status == LeafStatus::invalid);
  CHECK(kinds(report) == std::vector<std::string>{"1.2:invalid_input"});
  // Round trip through the file, and the file's own checks.
  answer.input.late = false;
  const auto text = cchc::io::format_assessment(assessment);
  CHECK(text.find("done_on = 2025-01-10\ndeadline = 2025-01-15") != std::string::npos);
  CHECK(cchc::io::parse_assessment(text) == assessment);
  CHECK_THROWS_WITH_AS(
      (void)cchc::io::parse_assessment("[assessment]\nframework = \"x\"\n[[answer]]\ncode = \"1\"\n"
                                       "deadline = 2025-01-15\n"),
      doctest::Contains("a deadline needs done_on"), cchc::ParseError);
  CHECK_THROWS_WITH_AS(
      (void)cchc::io::parse_assessment("[assessment]\nframework = \"x\"\n[[answer]]\ncode = \"1\"\n"
                                       "done_on = \"31/02/2025\"\n"),
      doctest::Contains("<string>:5: field 'done_on'"), cchc::ParseError);
  const auto parsed = cchc::io::parse_assessment(
      "[assessment]\nframework = \"x\"\n[[answer]]\ncode = \"1\"\ndone_on = \"20/01/2025\"\n");
  CHECK(parsed.answers.at("1").done_on == cchc::Date::from_ymd(2025, 1, 20));
}

TEST_CASE("comparison: children listed before their parent in the file") {
  const Framework framework = cchc::io::parse_framework(R"([framework]
id = "order"

[[criterion]]
code = "2.1"
parent = "2"
name = "x"
max = 1
rule = { kind = "manual" }

[[criterion]]
code = "1"
name = "a"
max = 1
rule = { kind = "manual" }

[[criterion]]
code = "2"
name = "b"
max = 1
)");
  Assessment assessment;
  assessment.answers["1"].input.self_score = 1;
  assessment.answers["2.1"].input.self_score = 1;
  assessment.answers["2.1"].appraised_score = 0.5;
  const auto rows = score(framework, assessment).comparison();
  REQUIRE(rows.size() == 4);
  CHECK(rows[2].code == "2");
  CHECK(rows[2].explanation == "differs in 2.1 (-0.5)");
  CHECK(rows[1].explanation == "recognised");
  CHECK(rows[3].explanation == "differs in 2 (-0.5)");
}

TEST_CASE("a self-score above the maximum: one finding, the claim shown next to the points") {
  Assessment assessment = full_answers();
  assessment.answers.at("1.1").input.self_score = 7;    // max 6, the rule gives 3
  assessment.answers.at("2.2").input.self_score = 2.5;  // manual, max 2
  const ScoreReport report = score(mini(), assessment);
  const std::vector<std::string> expected{"1.1:self_score_above_max", "2.2:self_score_above_max"};
  CHECK(kinds(report) == expected);  // not a second self_score_differs for 1.1
  CHECK(report.findings[0].message ==
        "self-score 7 above the maximum 6; the rule gives 3 (value 95 in [90, 100) → 3)");
  CHECK(report.findings[1].message == "self-score 2.5 above the maximum 2: counted as 2");
  CHECK(*report.node("1.1").claimed == 7);
  CHECK(*report.node("1.1").self_points == 6);
  CHECK(*report.node("1.1").points == 3);
  CHECK(*report.node("2.2").claimed == 2.5);
  CHECK(*report.node("2.2").points == 2);
  CHECK_FALSE(report.node("3.1").claimed.has_value());
}

TEST_CASE("not applicable: each is a finding; without a note or evidence it is an error") {
  Assessment assessment = full_answers();
  assessment.answers.at("1.2") = LeafAnswer{};
  assessment.answers.at("1.2").not_applicable = true;
  assessment.answers.at("1.2").line = 9;
  assessment.answers.at("3.2").not_applicable = true;  // keeps value 2: typed, not used
  assessment.answers.at("3.2").note = "đơn vị không có hồ sơ loại này";
  const ScoreReport report = score(mini(), assessment);
  const std::vector<std::string> expected{"1.2:not_applicable_without_reason",
                                          "3.2:not_applicable"};
  CHECK(kinds(report) == expected);
  CHECK(report.findings[0].line == 9);
  CHECK(report.findings[0].message ==
        "not applicable: removes 4 points from the maximum; give the reason in a note or an "
        "evidence document");
  CHECK(report.findings[1].message ==
        "not applicable: removes 1 points from the maximum; the value 2 typed is not used; "
        "reason: đơn vị không có hồ sơ loại này");
  // Evidence is a reason too.
  assessment.answers.at("1.2").evidence = {"CV 12/SNV"};
  CHECK(score(mini(), assessment).findings[0].kind == FindingKind::not_applicable);
}

TEST_CASE("data that make a leaf not applicable never drop a typed value silently") {
  Assessment assessment = full_answers();  // 2.1 typed value 80, input on_time_rate
  std::map<std::string, cchc::dossier::Ratio> values;
  for (const auto& definition : cchc::dossier::indicator_definitions()) {
    values.emplace(std::string(definition.key), cchc::dossier::Ratio{0, 0});
  }
  const Assessment filled = apply_indicators(mini(), assessment, values);
  const ScoreReport report = score(mini(), filled);
  const std::vector<std::string> expected{"2.1:value_differs_from_data", "2.1:not_applicable"};
  CHECK(kinds(report) == expected);
  CHECK(report.findings[0].message.starts_with("declared value 80 but the data give none ("));
  CHECK(report.findings[1].message.find("reason: indicator on_time_rate = 0/0") !=
        std::string::npos);
}

TEST_CASE("a value of at most 1 for a percentage is a warning: 0.95 for 95 %?") {
  Assessment assessment = full_answers();
  assessment.answers.at("2.1").input.value = 0.95;  // proportional: a percentage
  assessment.answers.at("3.2").input.value = 1;     // a count: 1 is 1
  assessment.answers.at("1.1").input.value = 0.9;   // steps on any number: not judged
  assessment.answers.at("1.1").input.self_score = 0;
  const ScoreReport report = score(mini(), assessment);
  const std::vector<std::string> expected{"2.1:value_looks_like_fraction"};
  CHECK(kinds(report) == expected);
  CHECK(report.findings[0].message ==
        "value 0.95 for a percentage: read as 0.95 %; if 95 % was meant, write 95");
  // 0 is 0 % whichever way it is read; a value data gave is a percentage already.
  assessment.answers.at("2.1").input.value = 0;
  CHECK(kinds(score(mini(), assessment)).empty());
  assessment.answers.at("2.1").input.value = 0.5;
  assessment.answers.at("2.1").input_source = "Excel cell F7 formatted as a percentage";
  CHECK(kinds(score(mini(), assessment)).empty());
}

TEST_CASE("leaves scored by Home Affairs or a survey are not the unit's to answer") {
  std::string text = kFramework;
  // Area 3 is a survey: its leaves inherit; 1.2 is scored by Home Affairs.
  text.replace(text.find("max = 5\naggregation = \"min\""), 28,
               "max = 5\naggregation = \"min\"\nscored_by = \"survey\"");
  text.replace(text.find("rule = { kind = \"pass_fail\""), 0, "scored_by = \"home_affairs\"\n");
  const Framework framework = cchc::io::parse_framework(text, "mini.toml");
  const auto& tree = framework.tree();
  CHECK(framework.info(tree.index_of("3")).scored_by == ScoredBy::survey);
  CHECK(framework.info(tree.index_of("3.1")).scored_by == ScoredBy::survey);
  CHECK(framework.info(tree.index_of("1.2")).scored_by == ScoredBy::home_affairs);
  CHECK(framework.info(tree.index_of("1.1")).scored_by == ScoredBy::unit);

  Assessment assessment = full_answers();
  assessment.answers.erase("1.2");
  assessment.answers.erase("3.1");
  assessment.answers.erase("3.2");
  const ScoreReport waiting = score(framework, assessment);
  CHECK(kinds(waiting).empty());  // nothing unanswered: not the unit's to answer
  CHECK(waiting.node("1.2").status == LeafStatus::awaiting);
  CHECK(waiting.node("3.1").status == LeafStatus::awaiting);
  CHECK(waiting.node("3").unanswered_leaves == 0);
  CHECK(*waiting.node("1.2").points == 0);
  CHECK(waiting.total_max == 25);  // the maximum stays: the score is to come
  CHECK(waiting.node("1.2").explanation ==
        "scored by home_affairs, not by the unit: no score yet (0 points)");

  // Home Affairs' score is the appraised score; a survey result is the value.
  assessment.answers["1.2"].appraised_score = 3;
  assessment.answers["3.1"].input.value = 80;
  assessment.answers["3.2"].input.self_score = 1;  // the unit claims a survey leaf
  const ScoreReport scored = score(framework, assessment);
  CHECK(scored.node("1.2").status == LeafStatus::external);
  CHECK(*scored.node("1.2").points == 3);
  CHECK(*scored.node("1.2").self_points == 3);  // no difference to explain
  CHECK(scored.node("3.1").status == LeafStatus::computed);
  CHECK(*scored.node("3.1").points == 4);
  const std::vector<std::string> expected{"3.2:not_scored_by_unit"};
  CHECK(kinds(scored) == expected);
  CHECK(scored.findings[0].message == "scored by survey, not by the unit: the self-score 1 is "
                                      "not counted");
  CHECK(*scored.node("3.2").points == 0);
  CHECK(scored.node("3.2").status == LeafStatus::awaiting);
}

TEST_CASE("a done / late the unit typed that a plan status replaces is a finding") {
  Assessment assessment = full_answers();  // 1.2 typed done = true, input target T1
  const Assessment overdue = apply_target_statuses(mini(), assessment, {{"T1", "overdue"}});
  CHECK(overdue.answers.at("1.2").declared_done == true);
  const ScoreReport report = score(mini(), overdue);
  const std::vector<std::string> expected{"1.2:value_differs_from_data"};
  CHECK(kinds(report) == expected);
  CHECK(report.findings[0].message ==
        "declared done = yes, late = no but the data give done = no (target T1 status overdue)");
  CHECK(*report.node("1.2").points == 0);  // the status wins, as data do
  // The same answer as the status: nothing to say.
  CHECK(kinds(score(mini(), apply_target_statuses(mini(), assessment, {{"T1", "achieved"}})))
            .empty());
  // Late is part of it; and the typed answer survives the assessment file.
  const Assessment late = apply_target_statuses(mini(), assessment, {{"T1", "achieved_late"}});
  CHECK(score(mini(), late).findings.at(0).message.starts_with(
      "declared done = yes, late = no but the data give done = yes, late = yes"));
  const Assessment again =
      cchc::io::parse_assessment(cchc::io::format_assessment(late), "again.toml");
  CHECK(again.answers.at("1.2").declared_done == true);
  CHECK(again == late);
  // Nothing typed: nothing declared.
  assessment.answers.erase("1.2");
  CHECK_FALSE(apply_target_statuses(mini(), assessment, {{"T1", "overdue"}})
                  .answers.at("1.2")
                  .declared_done.has_value());
}
