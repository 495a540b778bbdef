#include "cchc/calendar/due_date.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/calendar.hpp"

namespace cchc::calendar {

Date effective_receipt(const WorkCalendar& calendar, Date received,
                       std::optional<int> received_hour, const DueDateRule& rule) {
  if (rule.afternoon_cutoff_hour &&
      (*rule.afternoon_cutoff_hour < 0 || *rule.afternoon_cutoff_hour > 23)) {
    throw detail::CodedReason(detail::calendar_error("due.cutoff_hour_range"),
                              {{"hour", std::to_string(*rule.afternoon_cutoff_hour)}})
        .as<Error>();
  }
  if (received_hour && (*received_hour < 0 || *received_hour > 23)) {
    throw detail::CodedReason(detail::calendar_error("due.received_hour_range"),
                              {{"hour", std::to_string(*received_hour)}, {"date", received.iso()}})
        .as<Error>();
  }
  if (!calendar.is_working_day(received)) return calendar.next_working_day(received);
  if (rule.afternoon_cutoff_hour && received_hour &&
      *received_hour >= *rule.afternoon_cutoff_hour) {
    return calendar.next_working_day(received);
  }
  return received;
}

Date due_date(const WorkCalendar& calendar, Date received, std::int64_t working_days,
              std::span<const Pause> pauses, std::optional<int> received_hour,
              const DueDateRule& rule) {
  if (working_days < 0) {
    throw detail::CodedReason(detail::calendar_error("due.negative_days"),
                              {{"days", std::to_string(working_days)}, {"date", received.iso()}})
        .as<Error>();
  }
  std::vector<Pause> ordered(pauses.begin(), pauses.end());
  std::sort(ordered.begin(), ordered.end(),
            [](const Pause& a, const Pause& b) { return a.requested < b.requested; });
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    const Pause& pause = ordered[i];
    const auto pause_error = [&](detail::ErrorCode code, MessageArguments more) {
      MessageArguments arguments{{"requested", pause.requested.iso()},
                                 {"resumed", pause.resumed.iso()}};
      arguments.insert(arguments.end(), more.begin(), more.end());
      return detail::CodedReason(code, std::move(arguments)).as<Error>();
    };
    if (pause.resumed < pause.requested) {
      throw pause_error(detail::calendar_error("due.pause_reversed"), {});
    }
    if (pause.requested < received) {
      throw pause_error(detail::calendar_error("due.pause_before_received"),
                        {{"received", received.iso()}});
    }
    if (i > 0 && pause.requested < ordered[i - 1].resumed) {
      throw pause_error(detail::calendar_error("due.pause_overlap"),
                        {{"previous", ordered[i - 1].resumed.iso()}});
    }
  }
  const Date start = effective_receipt(calendar, received, received_hour, rule);
  if (rule.pause_rule == PauseRule::restart && !ordered.empty()) {
    return calendar.add_working_days(
        effective_receipt(calendar, ordered.back().resumed, std::nullopt, rule), working_days);
  }
  // Walk the pauses in order: the clock runs from `cursor` up to each request, stops until the
  // resumption, then runs again. Each step is O(1) through the calendar's tables.
  Date cursor = start;
  std::int64_t remaining = working_days;
  for (const Pause& pause : ordered) {
    if (pause.requested < cursor) {
      cursor = std::max(cursor, calendar.roll_backward(pause.resumed));
      continue;
    }
    const std::int64_t available = calendar.count_working_days(cursor + 1, pause.requested + 1);
    if (remaining <= available) break;
    remaining -= available;
    cursor = calendar.roll_backward(pause.resumed);
  }
  return calendar.add_working_days(cursor, remaining, Roll::backward);
}

}  // namespace cchc::calendar
