#include "cchc/calendar/due_date.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace cchc::calendar {

Date effective_receipt(const WorkCalendar& calendar, Date received,
                       std::optional<int> received_hour, const DueDateRule& rule) {
  if (rule.afternoon_cutoff_hour &&
      (*rule.afternoon_cutoff_hour < 0 || *rule.afternoon_cutoff_hour > 23)) {
    throw Error("afternoon cut-off hour " + std::to_string(*rule.afternoon_cutoff_hour) +
                " is not an hour 0–23");
  }
  if (received_hour && (*received_hour < 0 || *received_hour > 23)) {
    throw Error("receipt hour " + std::to_string(*received_hour) + " of " + received.iso() +
                " is not an hour 0–23");
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
    throw Error("processing time of " + std::to_string(working_days) +
                " working days is negative (dossier received " + received.iso() + ")");
  }
  std::vector<Pause> ordered(pauses.begin(), pauses.end());
  std::sort(ordered.begin(), ordered.end(),
            [](const Pause& a, const Pause& b) { return a.requested < b.requested; });
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    const Pause& pause = ordered[i];
    const std::string label = "pause " + pause.requested.iso() + " to " + pause.resumed.iso();
    if (pause.resumed < pause.requested) throw Error(label + " ends before it starts");
    if (pause.requested < received) {
      throw Error(label + " starts before the dossier was received on " + received.iso());
    }
    if (i > 0 && pause.requested < ordered[i - 1].resumed) {
      throw Error(label + " overlaps the pause ending " + ordered[i - 1].resumed.iso());
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
