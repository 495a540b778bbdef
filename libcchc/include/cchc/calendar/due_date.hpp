// Due dates (ngày hẹn trả kết quả) of administrative procedures: the receipt date plus the
// procedure's processing time in working days, with the time a dossier waits for the
// applicant's supplementation left out. The reading of the law behind each choice, and which
// parts are settings because no primary text settled them, is in docs/calendar/due-dates.md.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "cchc/calendar/date.hpp"
#include "cchc/calendar/work_calendar.hpp"

namespace cchc::calendar {

/// A stretch when the dossier waited for the applicant: the desk asked for supplementation on
/// `requested` and the applicant supplied it on `resumed`. The working days after `requested`
/// up to and including `resumed` do not count.
struct Pause {
  Date requested;
  Date resumed;
};

enum class PauseRule : std::uint8_t {
  /// The processing time stops during the pause and goes on afterwards (VietOpenCPS' reading).
  extend,
  /// The processing time starts again from the resubmission, as for a new receipt.
  restart,
};

struct DueDateRule {
  /// Hour (0–23) from which a dossier received on a working day counts as received on the next
  /// working day, e.g. 15 for 15:00. Off by default; applies only when the receipt hour is known.
  std::optional<int> afternoon_cutoff_hour;
  PauseRule pause_rule = PauseRule::extend;
};

/// The first working day on which processing is counted as received: the receipt day itself
/// when it is a working day (before the cut-off hour), otherwise the next working day.
Date effective_receipt(const WorkCalendar& calendar, Date received,
                       std::optional<int> received_hour = std::nullopt,
                       const DueDateRule& rule = {});

/// The due date: the `working_days`-th working day after the effective receipt (Civil Code
/// 2015 art. 147: a period in days starts the day after the event), skipping the working days
/// of each pause. 0 working days means the same day. Throws cchc::Error naming the pause when a
/// pause is out of order or starts before the receipt, OutOfRange beyond the calendar.
Date due_date(const WorkCalendar& calendar, Date received, std::int64_t working_days,
              std::span<const Pause> pauses = {}, std::optional<int> received_hour = std::nullopt,
              const DueDateRule& rule = {});

}  // namespace cchc::calendar
