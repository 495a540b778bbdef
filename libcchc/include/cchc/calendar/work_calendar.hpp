// cchc::calendar::WorkCalendar — which days a Vietnamese state body works, and working-day
// arithmetic over them.
//
// The calendar is a value: build it once from rules, official schedules and local overrides,
// then every query is O(1) through two tables precomputed over its range (a running count of
// working days per day, and the list of working days), so adding or counting working days is
// a lookup, not a loop. It is immutable after construction and safe to share between threads.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cchc/calendar/date.hpp"
#include "cchc/calendar/holidays.hpp"

namespace cchc::calendar {

/// A local decision that makes one day a working day or a day off, above every other source.
struct DayOverride {
  Date date;
  bool working = false;
  std::string reason;  // e.g. "Quyết định 123/QĐ-UBND: nghỉ ngày Văn hóa địa phương"
};

struct CalendarOptions {
  /// Gregorian years the tables cover (inclusive). The lunar calendar bounds them.
  int first_year = 1900;
  int last_year = 2199;
  /// Working weekdays. Official schedules (swaps, make-up Saturdays) are made for a
  /// Monday–Friday week; with any other mask only their holiday days are used and the
  /// compensatory days are recomputed for that mask.
  WeekMask week = WeekMask::monday_to_friday();
  /// Use the official schedules shipped with libcchc where they settle a year's holiday.
  bool use_official_schedules = true;
  /// Whether a make-up Saturday (làm bù) counts as a working day. State bodies work that day,
  /// so by default it does; whether it counts for procedure deadlines is not settled in law.
  bool count_make_up_days = true;
  HolidayRules rules;
  /// The user's own schedules (e.g. a province's decisions), applied after the official ones:
  /// a (year, holiday) they settle replaces the official or statutory days.
  std::vector<HolidaySchedule> schedules;
  /// Single days forced to working or off, applied last.
  std::vector<DayOverride> overrides;
};

/// Why a day is or is not a working day.
struct DayInfo {
  Date date;
  bool working = false;
  /// "working day", "weekly rest day", or the holiday's name and kind, e.g.
  /// "Tết Nguyên đán (holiday)", "Giỗ Tổ Hùng Vương (compensatory)".
  std::string reason;
  /// Where the fact comes from: the legal text, schedule file line, or override reason.
  std::string source;
};

/// How add_working_days treats a start date that is not a working day.
enum class Roll : std::uint8_t {
  forward,   // start from the next working day (numpy.busday_offset roll='forward')
  backward,  // start from the previous working day (roll='backward')
  raise,     // throw cchc::Error naming the date
};

class WorkCalendar {
 public:
  /// The Vietnamese civil-service calendar with the given options (defaults: 1900–2199,
  /// Monday–Friday, statutory rules, official schedules, make-up Saturdays count).
  explicit WorkCalendar(CalendarOptions options = {});

  [[nodiscard]] const CalendarOptions& options() const noexcept { return options_; }
  /// First and last day the tables cover.
  [[nodiscard]] Date first_day() const noexcept { return first_day_; }
  [[nodiscard]] Date last_day() const noexcept {
    return first_day_ + static_cast<Date::rep>(day_count() - 1);
  }
  [[nodiscard]] bool covers(Date date) const noexcept {
    return date >= first_day_ && date <= last_day();
  }

  /// Throws OutOfRange naming the date and the covered range when outside.
  [[nodiscard]] bool is_working_day(Date date) const {
    const std::size_t index = index_of(date);
    return working_before_[index + 1] != working_before_[index];
  }

  /// `date` itself if it is a working day, otherwise the next (or previous) working day.
  [[nodiscard]] Date roll_forward(Date date) const;
  [[nodiscard]] Date roll_backward(Date date) const;
  /// The first working day strictly after (before) `date`.
  [[nodiscard]] Date next_working_day(Date date) const;
  [[nodiscard]] Date previous_working_day(Date date) const;

  /// Moves `days` working days from `start` (negative moves back), after rolling a non-working
  /// start as `roll` says: numpy.busday_offset semantics. Throws OutOfRange when the result
  /// leaves the table; `days` is 64-bit so that no offset is ever truncated on the way in.
  [[nodiscard]] Date add_working_days(Date start, std::int64_t days,
                                      Roll roll = Roll::forward) const;

  /// Working days in [begin, end); when end < begin, minus the working days in (end, begin].
  /// Both are numpy.busday_count's semantics.
  [[nodiscard]] std::int64_t count_working_days(Date begin, Date end) const;

  /// count_working_days over arrays of day numbers (Date::days_since_epoch, which is numpy's
  /// datetime64[D] read as int64): counts[i] = count_working_days(begins[i], ends[i]). One
  /// subtraction of two running-count lookups per pair, without branches (the mirrored
  /// interval of end < begin is the same lookup shifted by one day). Returns the first
  /// position whose pair the scalar function refuses (a date outside the table, or any value
  /// that is not a supported day number, e.g. NaT), or begins.size() when every pair was
  /// counted; counts at and after a refused position are unspecified. The three spans must
  /// have the same size.
  [[nodiscard]] std::size_t count_working_days(std::span<const std::int64_t> begins,
                                               std::span<const std::int64_t> ends,
                                               std::span<std::int64_t> counts) const noexcept;

  /// is_working_day over an array of day numbers, as count_working_days above: returns the
  /// first position outside the table, or days.size() when every day was answered.
  [[nodiscard]] std::size_t is_working_day(std::span<const std::int64_t> days,
                                           std::span<bool> working) const noexcept;

  /// Why a day is or is not a working day.
  [[nodiscard]] DayInfo describe(Date date) const;

  /// The special days (holidays, compensatory, swapped, make-up) of a Gregorian year as this
  /// calendar applies them, sorted by date.
  [[nodiscard]] std::vector<SpecialDay> special_days(int year) const;

  /// Non-working weekdays (Mon–Fri in the mask) within [begin, end]: the `holidays` argument a
  /// numpy.busdaycalendar needs to reproduce this calendar (make-up days cannot be expressed
  /// there).
  [[nodiscard]] std::vector<Date> weekday_holidays(Date begin, Date end) const;

  /// Raw tables, for vectorised callers (bindings): working_before()[i] is the number of
  /// working days in [first_day, first_day + i), for i in [0, day_count()].
  [[nodiscard]] std::span<const std::int32_t> working_before() const noexcept {
    return working_before_;
  }
  /// Day numbers (Date::days_since_epoch) of every working day, ascending.
  [[nodiscard]] std::span<const Date::rep> working_days() const noexcept { return working_days_; }
  [[nodiscard]] std::size_t day_count() const noexcept { return working_before_.size() - 1; }

 private:
  [[nodiscard]] std::size_t index_of(Date date) const;
  [[nodiscard]] Date working_day_at(std::int64_t ordinal, Date start, std::int64_t days) const;

  CalendarOptions options_;
  Date first_day_;
  std::vector<std::int32_t> working_before_;
  std::vector<Date::rep> working_days_;
  std::vector<SpecialDay> special_days_;  // sorted by date
};

}  // namespace cchc::calendar
