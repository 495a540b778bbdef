#include "cchc/calendar/work_calendar.hpp"

#include <algorithm>
#include <map>

#include "cchc/calendar/lunar.hpp"
#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/calendar.hpp"

namespace cchc::calendar {

namespace {

OutOfRange outside_calendar(Date date, Date first, Date last) {
  return detail::CodedReason(detail::calendar_error("calendar.date_outside"),
                             {{"date", date.iso()}, {"first", first.iso()}, {"last", last.iso()}})
      .as<OutOfRange>();
}

bool is_day_off(DayKind kind) noexcept {
  return kind != DayKind::make_up;
}

bool by_date(const SpecialDay& a, const SpecialDay& b) {
  return a.date < b.date;
}

// The days of (year, holiday) that the last schedule settling it gives, or nullptr.
const HolidaySchedule* settling_schedule(const CalendarOptions& options, int year,
                                         HolidayId holiday) {
  for (auto schedule = options.schedules.rbegin(); schedule != options.schedules.rend();
       ++schedule) {
    if (schedule->settles(year, holiday)) return &*schedule;
  }
  if (options.use_official_schedules && HolidaySchedule::official().settles(year, holiday)) {
    return &HolidaySchedule::official();
  }
  return nullptr;
}

// Every special day of `year`: scheduled where a schedule settles the holiday, statutory
// otherwise, with art. 111(3) compensation computed for the statutory ones only (schedules
// list their own compensation).
std::vector<SpecialDay> special_days_of_year(const CalendarOptions& options, int year) {
  const bool civil_service_week = options.week == WeekMask::monday_to_friday();
  std::vector<SpecialDay> fixed;       // days whose compensation is already settled
  std::vector<SpecialDay> to_balance;  // holiday days still owed compensation
  const std::vector<SpecialDay> statutory = statutory_holidays(year, options.rules);
  std::vector<HolidayId> scheduled_local;
  for (const HolidayId holiday : kAllHolidayIds) {
    const HolidaySchedule* schedule = settling_schedule(options, year, holiday);
    if (schedule == nullptr) {
      for (const SpecialDay& day : statutory) {
        if (day.holiday == holiday) to_balance.push_back(day);
      }
      continue;
    }
    for (const HolidaySchedule::Entry& entry : schedule->entries()) {
      if (entry.year != year || entry.day.holiday != holiday) continue;
      if (civil_service_week) {
        fixed.push_back(entry.day);
      } else if (entry.day.kind == DayKind::holiday) {
        // Swaps and their compensation were made for a Monday–Friday week.
        to_balance.push_back(entry.day);
      }
    }
  }
  // Compensation must skip every day already off, scheduled ones included.
  std::vector<SpecialDay> all = fixed;
  all.insert(all.end(), to_balance.begin(), to_balance.end());
  const std::vector<SpecialDay> balanced = with_compensation(std::move(to_balance), options.week);
  for (const SpecialDay& day : balanced) {
    if (day.kind != DayKind::compensatory) continue;
    // with_compensation saw only the statutory days; move a compensatory day clashing with a
    // scheduled day off to the next free working day.
    Date rest = day.date;
    const auto taken = [&](Date candidate) {
      return std::any_of(all.begin(), all.end(), [&](const SpecialDay& other) {
        return other.date == candidate && is_day_off(other.kind);
      });
    };
    while (!options.week.works_on(rest.weekday()) || taken(rest)) rest += 1;
    SpecialDay moved = day;
    moved.date = rest;
    all.push_back(std::move(moved));
  }
  std::stable_sort(all.begin(), all.end(), by_date);
  return all;
}

}  // namespace

WorkCalendar::WorkCalendar(CalendarOptions options) : options_(std::move(options)) {
  if (options_.first_year > options_.last_year) {
    throw detail::CodedReason(detail::calendar_error("calendar.years_order"),
                              {{"first", std::to_string(options_.first_year)},
                               {"last", std::to_string(options_.last_year)}})
        .as<OutOfRange>();
  }
  // Holidays need the lunar calendar for the year itself and its neighbours.
  const int earliest = kLunarFirstYear + 1;
  const int latest = kLunarLastYear;
  if (options_.first_year < earliest || options_.last_year > latest) {
    throw detail::CodedReason(detail::calendar_error("calendar.years_range"),
                              {{"first", std::to_string(options_.first_year)},
                               {"last", std::to_string(options_.last_year)},
                               {"earliest", std::to_string(earliest)},
                               {"latest", std::to_string(latest)}})
        .as<OutOfRange>();
  }
  first_day_ = Date::from_ymd(options_.first_year, 1, 1);
  const Date last = Date::from_ymd(options_.last_year, 12, 31);

  // Holidays of the neighbouring years can spill over (Tết Dương lịch, compensation).
  for (int year = options_.first_year - 1; year <= options_.last_year + 1; ++year) {
    if (year < kLunarFirstYear + 1 || year > kLunarLastYear) continue;
    for (SpecialDay& day : special_days_of_year(options_, year)) {
      if (day.date >= first_day_ && day.date <= last) special_days_.push_back(std::move(day));
    }
  }
  for (const DayOverride& override_day : options_.overrides) {
    if (override_day.date < first_day_ || override_day.date > last) {
      throw detail::CodedReason(
          detail::calendar_error("calendar.override_outside"),
          {{"date", override_day.date.iso()}, {"first", first_day_.iso()}, {"last", last.iso()}})
          .as<OutOfRange>();
    }
  }
  std::stable_sort(special_days_.begin(), special_days_.end(), by_date);

  const auto day_count = static_cast<std::size_t>(last - first_day_ + 1);
  std::vector<std::int8_t> working(day_count);
  for (std::size_t i = 0; i < day_count; ++i) {
    const Date day = first_day_ + static_cast<Date::rep>(i);
    working[i] = options_.week.works_on(day.weekday()) ? 1 : 0;
  }
  for (const SpecialDay& day : special_days_) {
    const auto index = static_cast<std::size_t>(day.date - first_day_);
    if (is_day_off(day.kind)) {
      working[index] = 0;
    } else if (options_.count_make_up_days) {
      working[index] = 1;
    }
  }
  // A make-up Saturday never undoes a day off of another holiday on the same date.
  for (const SpecialDay& day : special_days_) {
    if (is_day_off(day.kind)) working[static_cast<std::size_t>(day.date - first_day_)] = 0;
  }
  for (const DayOverride& override_day : options_.overrides) {
    working[static_cast<std::size_t>(override_day.date - first_day_)] =
        override_day.working ? 1 : 0;
  }

  working_before_.resize(day_count + 1);
  working_before_[0] = 0;
  for (std::size_t i = 0; i < day_count; ++i) {
    working_before_[i + 1] = working_before_[i] + working[i];
    if (working[i] != 0) {
      working_days_.push_back(first_day_.days_since_epoch() + static_cast<Date::rep>(i));
    }
  }
}

std::size_t WorkCalendar::index_of(Date date) const {
  if (!covers(date)) {
    throw outside_calendar(date, first_day_, last_day());
  }
  return static_cast<std::size_t>(date - first_day_);
}

Date WorkCalendar::working_day_at(std::int64_t ordinal, Date start, std::int64_t days) const {
  if (ordinal < 0 || ordinal >= static_cast<std::int64_t>(working_days_.size())) {
    throw detail::CodedReason(detail::calendar_error("calendar.move_outside"),
                              {{"days", std::to_string(days)},
                               {"date", start.iso()},
                               {"first", first_day_.iso()},
                               {"last", last_day().iso()}})
        .as<OutOfRange>();
  }
  return Date::from_days(working_days_[static_cast<std::size_t>(ordinal)]);
}

Date WorkCalendar::roll_forward(Date date) const {
  return working_day_at(working_before_[index_of(date)], date, 0);
}

Date WorkCalendar::roll_backward(Date date) const {
  const std::size_t index = index_of(date);
  return working_day_at(working_before_[index + 1] - 1, date, 0);
}

Date WorkCalendar::next_working_day(Date date) const {
  return working_day_at(working_before_[index_of(date) + 1], date, 1);
}

Date WorkCalendar::previous_working_day(Date date) const {
  return working_day_at(std::int64_t{working_before_[index_of(date)]} - 1, date, -1);
}

Date WorkCalendar::add_working_days(Date start, std::int64_t days, Roll roll) const {
  const std::size_t index = index_of(start);
  const bool working = working_before_[index + 1] != working_before_[index];
  std::int64_t ordinal = working_before_[index];
  if (!working) {
    if (roll == Roll::raise) {
      throw detail::CodedReason(detail::calendar_error("calendar.not_working_day"),
                                {{"date", start.iso()}, {"reason", describe(start).reason}})
          .as<Error>();
    }
    if (roll == Roll::backward) ordinal -= 1;
  }
  // An offset larger than the whole table cannot land inside it; refusing it here also keeps
  // ordinal + days from overflowing for offsets near the 64-bit limits.
  const auto table_size = static_cast<std::int64_t>(working_days_.size());
  if (days > table_size || days < -table_size) return working_day_at(-1, start, days);
  return working_day_at(ordinal + days, start, days);
}

std::int64_t WorkCalendar::count_working_days(Date begin, Date end) const {
  // Both ends may reach one day past the table, so that the last covered day can be counted.
  // A refusal names the date given, not the boundary derived from it.
  const auto boundary = [&](Date date, Date given) -> std::size_t {
    if (date < first_day_ || date > last_day() + 1) {
      throw outside_calendar(given, first_day_, last_day());
    }
    return static_cast<std::size_t>(date - first_day_);
  };
  if (end < begin) {
    // numpy.busday_count mirrors the interval when end < begin: -(working days in (end,
    // begin]); matching it keeps results interchangeable.
    return -(std::int64_t{working_before_[boundary(begin + 1, begin)]} -
             working_before_[boundary(end + 1, end)]);
  }
  return std::int64_t{working_before_[boundary(end, end)]} -
         working_before_[boundary(begin, begin)];
}

// The array kernels work on unsigned offsets from the first day: one comparison rejects both
// sides of the table, and wrapping arithmetic keeps any int64 (NaT is INT64_MIN) well defined.
// Pairs are taken in blocks so that a refused value is found without a branch per pair.
namespace {

constexpr std::size_t kKernelBlock = 4096;

std::uint64_t offset_from(std::int64_t day, std::uint64_t origin) noexcept {
  return static_cast<std::uint64_t>(day) - origin;
}

}  // namespace

std::size_t WorkCalendar::count_working_days(std::span<const std::int64_t> begins,
                                             std::span<const std::int64_t> ends,
                                             std::span<std::int64_t> counts) const noexcept {
  const auto origin = static_cast<std::uint64_t>(first_day_.days_since_epoch());
  // Boundaries run over [0, day_count()]: the day after the last one closes the interval.
  const std::uint64_t last_boundary = day_count();
  const std::int32_t* const running = working_before_.data();
  const std::size_t size = std::min({begins.size(), ends.size(), counts.size()});
  const std::int64_t* const from = begins.data();
  const std::int64_t* const to = ends.data();
  std::int64_t* const out = counts.data();
  for (std::size_t block = 0; block < size; block += kKernelBlock) {
    const std::size_t stop = std::min(size, block + kKernelBlock);
    bool refused = false;
    for (std::size_t i = block; i < stop; ++i) {
      // end < begin counts -(working days in (end, begin]): the running counts one day
      // later, subtracted in the same order.
      const std::uint64_t mirrored = to[i] < from[i] ? 1 : 0;
      const std::uint64_t first = offset_from(from[i], origin) + mirrored;
      const std::uint64_t last = offset_from(to[i], origin) + mirrored;
      const bool outside = first > last_boundary || last > last_boundary;
      refused |= outside;
      const std::uint64_t first_safe = outside ? 0 : first;
      const std::uint64_t last_safe = outside ? 0 : last;
      out[i] = std::int64_t{running[last_safe]} - running[first_safe];
    }
    if (refused) [[unlikely]] {
      for (std::size_t i = block; i < stop; ++i) {
        const std::uint64_t mirrored = to[i] < from[i] ? 1 : 0;
        if (offset_from(from[i], origin) + mirrored > last_boundary ||
            offset_from(to[i], origin) + mirrored > last_boundary) {
          return i;
        }
      }
    }
  }
  return size;
}

std::size_t WorkCalendar::is_working_day(std::span<const std::int64_t> days,
                                         std::span<bool> working) const noexcept {
  const auto origin = static_cast<std::uint64_t>(first_day_.days_since_epoch());
  const std::uint64_t last_index = day_count() - 1;
  const std::int32_t* const running = working_before_.data();
  const std::size_t size = std::min(days.size(), working.size());
  const std::int64_t* const in = days.data();
  bool* const out = working.data();
  for (std::size_t block = 0; block < size; block += kKernelBlock) {
    const std::size_t stop = std::min(size, block + kKernelBlock);
    bool refused = false;
    for (std::size_t i = block; i < stop; ++i) {
      const std::uint64_t index = offset_from(in[i], origin);
      const bool outside = index > last_index;
      refused |= outside;
      const std::uint64_t safe = outside ? 0 : index;
      out[i] = running[safe + 1] != running[safe];
    }
    if (refused) [[unlikely]] {
      for (std::size_t i = block; i < stop; ++i) {
        if (offset_from(in[i], origin) > last_index) return i;
      }
    }
  }
  return size;
}

DayInfo WorkCalendar::describe(Date date) const {
  DayInfo info{date, is_working_day(date), {}, {}};
  for (const DayOverride& override_day : options_.overrides) {
    if (override_day.date == date) {
      info.reason = override_day.working ? "working day (override)" : "day off (override)";
      info.source = override_day.reason;
      return info;
    }
  }
  const auto [first, last] = std::equal_range(special_days_.begin(), special_days_.end(),
                                              SpecialDay{date, {}, {}, {}, {}}, by_date);
  for (auto special = first; special != last; ++special) {
    if (is_day_off(special->kind) == info.working) continue;  // e.g. an uncounted make-up day
    info.reason = std::string(holiday_name(special->holiday)) + " (" +
                  std::string(day_kind_key(special->kind)) + ")";
    info.source = special->source;
    return info;
  }
  if (first != last && !info.working) {
    info.reason = "weekly rest day (make-up day not counted as working)";
    info.source = first->source;
    return info;
  }
  info.reason = info.working ? "working day" : "weekly rest day";
  return info;
}

std::vector<SpecialDay> WorkCalendar::special_days(int year) const {
  std::vector<SpecialDay> days;
  for (const SpecialDay& day : special_days_) {
    if (day.date.year() == year) days.push_back(day);
  }
  return days;
}

std::vector<Date> WorkCalendar::weekday_holidays(Date begin, Date end) const {
  std::vector<Date> days;
  for (Date day = begin; day <= end; day += 1) {
    if (options_.week.works_on(day.weekday()) && !is_working_day(day)) days.push_back(day);
  }
  return days;
}

}  // namespace cchc::calendar
