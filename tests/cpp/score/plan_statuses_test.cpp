// The plan → scoring status mapping and apply_plan_statuses (docs/score/assessment.md).
#include <doctest/doctest.h>

#include "cchc/error.hpp"
#include "cchc/io/framework_file.hpp"
#include "cchc/score/assessment.hpp"

using namespace cchc::score;
using cchc::target::TargetStatus;
using cchc::target::TaskStatus;

namespace {

// 1.1 and 1.2 take a plan id each (pass/fail, late share 0.5); 1.3 is typed in.
const char* const kFramework = R"([framework]
id = "plan-mini"
name = "Plan mini"
[[criterion]]
code = "1"
name = "Area"
max = 10
[[criterion]]
code = "1.1"
parent = "1"
name = "Task"
max = 4
rule = { kind = "pass_fail", late_share = 0.5 }
input = { target = "N01" }
[[criterion]]
code = "1.2"
parent = "1"
name = "Target"
max = 4
rule = { kind = "pass_fail" }
input = { target = "T01" }
[[criterion]]
code = "1.3"
parent = "1"
name = "Typed"
max = 2
rule = { kind = "pass_fail" }
)";

const Framework& framework() {
  static const Framework parsed = cchc::io::parse_framework(kFramework, "plan-mini.toml");
  return parsed;
}

std::optional<double> points(const Assessment& assessment, const char* code) {
  return score(framework(), assessment).node(code).points;
}

}  // namespace

TEST_CASE("every target status maps once to a scoring status") {
  CHECK(status_from_plan(TargetStatus::achieved) == "achieved");
  CHECK(status_from_plan(TargetStatus::on_track) == "in_progress");
  CHECK(status_from_plan(TargetStatus::at_risk) == "in_progress");
  CHECK(status_from_plan(TargetStatus::off_track) == "not_achieved");
  CHECK(status_from_plan(TargetStatus::not_met) == "in_progress");  // deadline still ahead
  CHECK_FALSE(status_from_plan(TargetStatus::not_applicable).has_value());
}

TEST_CASE("every task status maps once to a scoring status") {
  CHECK(status_from_plan(TaskStatus::done_on_time) == "achieved");
  CHECK(status_from_plan(TaskStatus::done) == "achieved");
  CHECK(status_from_plan(TaskStatus::done_late) == "achieved_late");
  CHECK(status_from_plan(TaskStatus::overdue) == "overdue");
  CHECK(status_from_plan(TaskStatus::pending) == "in_progress");
  CHECK(status_from_plan(TaskStatus::ongoing) == "in_progress");
  CHECK_FALSE(status_from_plan(TaskStatus::not_applicable).has_value());
  CHECK_FALSE(status_from_plan(TaskStatus::ended_unreported).has_value());
}

TEST_CASE("status keys of either vocabulary; an unknown key names both lists") {
  CHECK(status_from_plan(std::string_view("off_track")) == "not_achieved");
  CHECK(status_from_plan(std::string_view("done_late")) == "achieved_late");
  CHECK_FALSE(status_from_plan(std::string_view("not_applicable")).has_value());
  CHECK_THROWS_WITH_AS((void)status_from_plan(std::string_view("achieved_late")),
                       doctest::Contains("unknown plan status 'achieved_late'"), cchc::Error);
  CHECK_THROWS_AS((void)status_from_plan(std::string_view("")), cchc::Error);
}

TEST_CASE("apply_plan_statuses scores tasks and targets from their plan status") {
  Assessment assessment;
  assessment.framework_id = "plan-mini";
  const auto on_time = apply_plan_statuses(framework(), assessment,
                                           {{"N01", "done_on_time"}, {"T01", "achieved"}}, "KH");
  CHECK(*points(on_time, "1.1") == 4);
  CHECK(*points(on_time, "1.2") == 4);
  CHECK(on_time.answers.at("1.1").input_source == "KH: N01 done_on_time → achieved");
  CHECK(on_time.answers.count("1.3") == 0);  // no plan input: untouched

  const auto late =
      apply_plan_statuses(framework(), assessment, {{"N01", "done_late"}, {"T01", "at_risk"}});
  CHECK(*points(late, "1.1") == 2);  // late share 0.5
  CHECK(*points(late, "1.2") == 0);  // in progress: no points yet
  const auto overdue =
      apply_plan_statuses(framework(), assessment, {{"N01", "overdue"}, {"T01", "off_track"}});
  CHECK(*points(overdue, "1.1") == 0);
  CHECK(*points(overdue, "1.2") == 0);
}

TEST_CASE("a plan status that cannot be judged keeps the unit's answer, never a guess") {
  Assessment assessment;
  assessment.framework_id = "plan-mini";
  const auto unanswered = apply_plan_statuses(
      framework(), assessment, {{"N01", "not_applicable"}, {"T01", "not_applicable"}});
  const ScoreReport report = score(framework(), unanswered);
  CHECK(report.node("1.1").status == LeafStatus::unanswered);
  CHECK(*report.node("1.1").points == 0);
  CHECK(report.total_max == 10);  // the maximum stays: not "not applicable"
  CHECK(unanswered.answers.at("1.1").input_source.find("cannot be judged") != std::string::npos);

  assessment.answers["1.2"].input.done = true;  // typed in by the unit
  const auto typed =
      apply_plan_statuses(framework(), assessment, {{"N01", "pending"}, {"T01", "not_applicable"}});
  CHECK(*points(typed, "1.2") == 4);
}

TEST_CASE("apply_plan_statuses: a missing id or an unknown status names the criterion") {
  Assessment assessment;
  CHECK_THROWS_WITH_AS(
      (void)apply_plan_statuses(framework(), assessment, {{"N01", "done"}}, "plan KH-1"),
      doctest::Contains("criterion '1.2' takes target 'T01', which plan KH-1 has neither"),
      cchc::Error);
  CHECK_THROWS_WITH_AS((void)apply_plan_statuses(framework(), assessment,
                                                 {{"N01", "finished"}, {"T01", "achieved"}}),
                       doctest::Contains("criterion '1.1': unknown plan status 'finished'"),
                       cchc::Error);
}
