#include "cchc/target/task.hpp"

#include <string>

#include "cchc/detail/enum_keys.hpp"

namespace cchc::target {

namespace {

constexpr detail::EnumKeys<TaskStatus, 8> kTaskStatusKeys{{
    {"done_on_time", TaskStatus::done_on_time},
    {"done_late", TaskStatus::done_late},
    {"done", TaskStatus::done},
    {"overdue", TaskStatus::overdue},
    {"pending", TaskStatus::pending},
    {"ongoing", TaskStatus::ongoing},
    {"not_applicable", TaskStatus::not_applicable},
    {"ended_unreported", TaskStatus::ended_unreported},
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

  // A default-constructed deadline has no clauses at all.
  if (!task.deadline.parsed.clauses.empty() && result.due) {
    result.occurrences = task.deadline.parsed.primary().occurrences_per_year;
  }
  if (task.deadline.recurring()) {
    if (!result.due) {
      result.status = TaskStatus::ongoing;
      result.explanation = "recurring duty ('" + task.deadline.text +
                           "') with no stated period: no single due day to judge against";
      if (result.completed)
        result.explanation +=
            "; completion " + result.completed->iso() + " recorded but not judged";
      return result;
    }
    // A duty bounded by a period ("Thường xuyên trong năm 2026") runs until the period ends;
    // after that it is judged like any task, and an unreported one is not "ongoing" forever.
    const calendar::Date end = *result.due;
    const std::string duty = "recurring duty ('" + task.deadline.text + "') until " + end.iso();
    if (at <= end) {
      result.status = TaskStatus::ongoing;
      result.days_left = end - at;
      result.explanation = duty + ": running " + at_text + ", " + plural_days(end - at) + " left";
      if (result.completed)
        result.explanation += "; completion " + result.completed->iso() +
                              " recorded, judged when the period ends";
    } else if (result.completed) {
      const int late = *result.completed - end;
      result.status = late <= 0 ? TaskStatus::done_on_time : TaskStatus::done_late;
      if (late > 0) result.days_late = late;
      result.explanation = duty + "; completion recorded " + result.completed->iso() +
                           (late <= 0 ? ", within the period" : ", " + plural_days(late) +
                                                                    " after it");
    } else {
      result.status = TaskStatus::ended_unreported;
      result.days_late = at - end;
      result.explanation = duty + ": the period ended " + plural_days(at - end) + " before " +
                           at.iso() + " and no completion or report is recorded";
    }
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
  const std::string times =
      result.occurrences ? " (at least " + std::to_string(*result.occurrences) + " times)" : "";
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
    result.explanation = "not completed" + times + " " + at_text + ", " +
                         plural_days(at - due) + " after the due day " + due.iso();
  } else {
    result.status = TaskStatus::pending;
    result.days_left = due - at;
    result.explanation = "not completed" + times + " " + at_text + "; due " + due.iso() + ", " +
                         plural_days(due - at) + " left";
  }
  return result;
}

}  // namespace cchc::target
