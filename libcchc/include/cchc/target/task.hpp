// Tasks (nhiệm vụ) of a plan and their status at a date.
//
// A task has a lead unit (chủ trì), supporting units (phối hợp), a deliverable (sản phẩm) and a
// deadline phrase read by calendar::parse_deadline. Given its completion date (or none), its
// status at a date is judged against the deadline's last day. Rules: docs/target/status.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/calendar/date.hpp"
#include "cchc/target/target.hpp"

namespace cchc::target {

struct Task {
  std::string id;  // unique within the plan ("N01")
  ReformArea area = ReformArea::other;
  std::string title;
  std::string lead;                  // chủ trì
  std::vector<std::string> support;  // phối hợp
  std::string deliverable;           // sản phẩm
  StatedDeadline deadline;
  std::optional<calendar::Date> completed;
  SourceRef source;

  friend bool operator==(const Task&, const Task&) = default;
};

enum class TaskStatus {
  done_on_time,   // completed on or before the deadline's last day
  done_late,      // completed after it
  done,           // completed; the deadline is not structured, so timeliness is unknown
  overdue,        // not completed and the deadline's last day has passed
  pending,        // not completed and not yet due
  ongoing,  // a recurring duty ("Thường xuyên") still running: its period has not ended, or it
            // states none
  not_applicable,   // not completed and the deadline is not structured (no last day)
  ended_unreported  // a recurring duty whose stated period has ended ("Thường xuyên trong năm
                    // 2026" after 31/12/2026) with no completion or report recorded
};

[[nodiscard]] std::string_view to_string(TaskStatus status) noexcept;
[[nodiscard]] std::optional<TaskStatus> task_status_from_key(std::string_view key) noexcept;

/// A task's status at a date with the facts it was judged from.
struct TaskEvaluation {
  TaskStatus status = TaskStatus::not_applicable;
  std::optional<calendar::Date> due;        // the deadline's last day, when structured
  std::optional<calendar::Date> completed;  // the completion date, if on or before `at`
  /// Days late (done_late, overdue) or left (pending) relative to `due`; empty otherwise.
  std::optional<int> days_late;
  std::optional<int> days_left;
  /// How many times the task is to be done within its period ("Năm 2026 (ít nhất 02 Hội
  /// nghị/năm)" -> 2), when the deadline says.
  std::optional<int> occurrences;
  std::string explanation;  // one sentence: the dates and the rule applied
};

/// The status of `task` at the end of day `at`. A completion date after `at` is not yet known
/// at `at` and counts as not completed.
[[nodiscard]] TaskEvaluation evaluate_task(const Task& task, calendar::Date at);

}  // namespace cchc::target
