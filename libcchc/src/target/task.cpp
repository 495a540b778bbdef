#include "cchc/target/task.hpp"

#include <string>

#include "cchc/detail/enum_keys.hpp"

namespace cchc::target {

namespace {

constexpr detail::EnumKeys<TaskStatus, 7> kTaskStatusKeys{{
    {"done_on_time", TaskStatus::done_on_time},
    {"done_late", TaskStatus::done_late},
    {"done", TaskStatus::done},
    {"overdue", TaskStatus::overdue},
    {"pending", TaskStatus::pending},
    {"ongoing", TaskStatus::ongoing},
    {"not_applicable", TaskStatus::not_applicable},
}};

std::string plural_days(int days) {
  return std::to_string(days) + (days == 1 ? " day" : " days");
}

}  // namespace

std::string_view to_string(TaskStatus status) noexcept {
  return detail::enum_key(kTaskStatusKeys, status);
}

std::optional<TaskStatus> task_status_from_key(std::string_view key) noexcept {
  return detail::enum_from_key(kTaskStatusKeys, key);
}

TaskEvaluation evaluate_task(const Task& task, calendar::Date at) {
  TaskEvaluation result;
  result.due = task.deadline.due();
  // A completion recorded after `at` had not happened yet at `at`.
  if (task.completed && *task.completed <= at) result.completed = task.completed;
  const std::string at_text = "at " + at.iso();

  if (task.deadline.recurring()) {
    result.status = TaskStatus::ongoing;
    result.explanation =
        "recurring duty ('" + task.deadline.text + "'): no single due day to judge against";
    if (result.completed)
      result.explanation += "; completion " + result.completed->iso() + " recorded but not judged";
    return result;
  }
  if (!result.due) {
    const std::string why = task.deadline.empty() ? std::string("no deadline is stated")
                                                  : "the deadline '" + task.deadline.text +
                                                        "' is not structured (no last day)";
    if (result.completed) {
      result.status = TaskStatus::done;
      result.explanation =
          "completed " + result.completed->iso() + "; " + why + ", so timeliness is unknown";
    } else {
      result.status = TaskStatus::not_applicable;
      result.explanation = "not completed " + at_text + "; " + why;
    }
    return result;
  }
  const calendar::Date due = *result.due;
  if (result.completed) {
    const int late = *result.completed - due;
    if (late <= 0) {
      result.status = TaskStatus::done_on_time;
      result.explanation =
          "completed " + result.completed->iso() + ", on or before the due day " + due.iso();
    } else {
      result.status = TaskStatus::done_late;
      result.days_late = late;
      result.explanation = "completed " + result.completed->iso() + ", " + plural_days(late) +
                           " after the due day " + due.iso();
    }
    return result;
  }
  if (at > due) {
    result.status = TaskStatus::overdue;
    result.days_late = at - due;
    result.explanation = "not completed " + at_text + ", " + plural_days(at - due) +
                         " after the due day " + due.iso();
  } else {
    result.status = TaskStatus::pending;
    result.days_left = due - at;
    result.explanation =
        "not completed " + at_text + "; due " + due.iso() + ", " + plural_days(due - at) + " left";
  }
  return result;
}

}  // namespace cchc::target
