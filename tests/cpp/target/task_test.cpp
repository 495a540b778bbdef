#include "cchc/target/task.hpp"

#include <doctest/doctest.h>

#include <string>

#include "support.hpp"

using namespace cchc::target;
using cchc::test::d;

namespace {

Task task_with(const char* deadline, std::optional<cchc::Date> completed = std::nullopt) {
  Task task;
  task.id = "N01";
  task.title = "Ban hành Kế hoạch CCHC năm 2026";
  task.deadline = StatedDeadline::from_text(deadline, 2026);
  task.completed = completed;
  return task;
}

}  // namespace

TEST_CASE("evaluate_task: done on time, including on the last day") {
  // "Quý I năm 2026 (ngay sau khi …)": conditional with the range 2026-01-01 … 2026-03-31.
  const char* phrase = "Quý I năm 2026 (ngay sau khi nhận Kế hoạch của UBND tỉnh)";
  const auto early = evaluate_task(task_with(phrase, d(2026, 2, 10)), d(2026, 6, 1));
  CHECK(early.status == TaskStatus::done_on_time);
  CHECK(early.due == d(2026, 3, 31));
  CHECK(early.completed == d(2026, 2, 10));
  CHECK(evaluate_task(task_with(phrase, d(2026, 3, 31)), d(2026, 6, 1)).status ==
        TaskStatus::done_on_time);
}

TEST_CASE("evaluate_task: done late") {
  const auto late = evaluate_task(task_with("Quý I năm 2026", d(2026, 4, 3)), d(2026, 6, 1));
  CHECK(late.status == TaskStatus::done_late);
  CHECK(late.days_late == 3);
  CHECK(late.explanation == "completed 2026-04-03, 3 days after the due day 2026-03-31");
}

TEST_CASE("evaluate_task: overdue and pending around the due day") {
  const Task task = task_with("Trước ngày 01/6/2026");  // last day 2026-05-31
  const auto on_due_day = evaluate_task(task, d(2026, 5, 31));
  CHECK(on_due_day.status == TaskStatus::pending);
  CHECK(on_due_day.days_left == 0);
  const auto next_day = evaluate_task(task, d(2026, 6, 1));
  CHECK(next_day.status == TaskStatus::overdue);
  CHECK(next_day.days_late == 1);
  CHECK(next_day.explanation == "not completed at 2026-06-01, 1 day after the due day 2026-05-31");
  const auto early = evaluate_task(task, d(2026, 5, 1));
  CHECK(early.status == TaskStatus::pending);
  CHECK(early.days_left == 30);
}

TEST_CASE("evaluate_task: a completion after the evaluation date is not yet known") {
  const Task task = task_with("Tháng 3/2026", d(2026, 5, 1));
  const auto before = evaluate_task(task, d(2026, 4, 15));
  CHECK(before.status == TaskStatus::overdue);
  CHECK_FALSE(before.completed);
  CHECK(evaluate_task(task, d(2026, 5, 1)).status == TaskStatus::done_late);
  CHECK(evaluate_task(task, d(2026, 3, 15)).status == TaskStatus::pending);
}

TEST_CASE("evaluate_task: recurring duties are ongoing while their period runs") {
  for (const char* phrase : {"Thường xuyên", "Thường xuyên trong năm 2026", "Hằng quý"}) {
    CAPTURE(phrase);
    CHECK(evaluate_task(task_with(phrase), d(2026, 6, 1)).status == TaskStatus::ongoing);
    CHECK(evaluate_task(task_with(phrase, d(2026, 3, 1)), d(2026, 6, 1)).status ==
          TaskStatus::ongoing);
  }
}

namespace {

cchc::Date month_end(int year, int month) {
  return month == 12 ? d(year, 12, 31) : d(year, month + 1, 1) - 1;
}

}  // namespace

TEST_CASE("task statuses at every month end of 2026 and into 2027") {
  // "Năm 2026 (ít nhất 02 Hội nghị/năm)": two conferences within 2026, not a duty forever.
  const Task conferences = task_with("Năm 2026 (ít nhất 02 Hội nghị/năm)");
  const Task conferences_held = task_with("Năm 2026 (ít nhất 02 Hội nghị/năm)", d(2026, 11, 20));
  const Task duty = task_with("Thường xuyên trong năm 2026");
  const Task duty_reported = task_with("Thường xuyên trong năm 2026", d(2026, 12, 20));
  const Task duty_reported_late = task_with("Thường xuyên trong năm 2026", d(2027, 1, 15));
  const Task open_ended = task_with("Thường xuyên");
  for (int index = 0; index < 15; ++index) {
    const int year = index < 12 ? 2026 : 2027;
    const cchc::Date at = month_end(year, index % 12 + 1);
    CAPTURE(at.iso());
    const auto count = evaluate_task(conferences, at);
    CHECK(count.occurrences == 2);
    CHECK(count.due == d(2026, 12, 31));
    const auto held = evaluate_task(conferences_held, at);
    const auto running = evaluate_task(duty, at);
    const auto reported = evaluate_task(duty_reported, at);
    const auto reported_late = evaluate_task(duty_reported_late, at);
    if (year == 2026) {
      CHECK(count.status == TaskStatus::pending);
      CHECK(count.days_left == d(2026, 12, 31) - at);
      CHECK(count.explanation.find("(at least 2 times)") != std::string::npos);
      CHECK(held.status ==
            (at >= d(2026, 11, 20) ? TaskStatus::done_on_time : TaskStatus::pending));
      CHECK(running.status == TaskStatus::ongoing);
      CHECK(running.days_left == d(2026, 12, 31) - at);
      CHECK(reported.status == TaskStatus::ongoing);
      CHECK(reported_late.status == TaskStatus::ongoing);
    } else {
      CHECK(count.status == TaskStatus::overdue);
      CHECK(count.days_late == at - d(2026, 12, 31));
      CHECK(held.status == TaskStatus::done_on_time);
      CHECK(running.status == TaskStatus::ended_unreported);
      CHECK(running.days_late == at - d(2026, 12, 31));
      CHECK(running.explanation.find("no completion or report is recorded") != std::string::npos);
      CHECK(reported.status == TaskStatus::done_on_time);
      CHECK(reported_late.status == TaskStatus::done_late);
      CHECK(reported_late.days_late == 15);
    }
    // With no period at all there is nothing to end.
    CHECK(evaluate_task(open_ended, at).status == TaskStatus::ongoing);
  }
  // Between the end of the year and the late report the duty had ended unreported.
  CHECK(evaluate_task(duty_reported_late, d(2027, 1, 10)).status == TaskStatus::ended_unreported);
}

TEST_CASE("evaluate_task: deadline not structured") {
  const auto open = evaluate_task(task_with("khi có yêu cầu của cấp trên"), d(2026, 6, 1));
  CHECK(open.status == TaskStatus::not_applicable);
  CHECK_FALSE(open.due);
  const auto done = evaluate_task(task_with("khi có yêu cầu", d(2026, 2, 1)), d(2026, 6, 1));
  CHECK(done.status == TaskStatus::done);
  Task no_deadline;
  no_deadline.id = "N9";
  CHECK(evaluate_task(no_deadline, d(2026, 6, 1)).status == TaskStatus::not_applicable);
  CHECK(evaluate_task(no_deadline, d(2026, 6, 1)).explanation.find("no deadline is stated") !=
        std::string::npos);
}

TEST_CASE("task status keys") {
  for (const auto status :
       {TaskStatus::done_on_time, TaskStatus::done_late, TaskStatus::done, TaskStatus::overdue,
        TaskStatus::pending, TaskStatus::ongoing, TaskStatus::not_applicable,
        TaskStatus::ended_unreported}) {
    CHECK(task_status_from_key(to_string(status)) == status);
  }
}
