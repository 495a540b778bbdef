// cchc::calendar::Date — a civil date stored as a day number.
//
// The day number counts days since 1970-01-01, the epoch of std::chrono::sys_days and of
// numpy.datetime64[D], so columns of dates move between C++, numpy and Arrow without any
// conversion, and date arithmetic on hot paths is integer arithmetic.
#pragma once

#include <charconv>
#include <chrono>
#include <compare>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "cchc/detail/errors/calendar.hpp"
#include "cchc/error.hpp"

namespace cchc::calendar {

/// ISO weekday numbers: Monday = 1 … Sunday = 7.
enum class Weekday : std::uint8_t {
  monday = 1,
  tuesday,
  wednesday,
  thursday,
  friday,
  saturday,
  sunday
};

class Date {
 public:
  using rep = std::int32_t;

  /// 1970-01-01.
  constexpr Date() noexcept = default;

  constexpr explicit Date(std::chrono::sys_days days) noexcept
      : days_(static_cast<rep>(days.time_since_epoch().count())) {}

  /// Throws InvalidDate when the triple is not a real date (e.g. 29/02/2023).
  static Date from_ymd(int year, int month, int day) {
    if (month < 1 || month > 12 || day < 1 || day > 31 || year < -30000 || year > 30000) {
      throw invalid(year, month, day);
    }
    const std::chrono::year_month_day ymd{std::chrono::year{year},
                                          std::chrono::month{static_cast<unsigned>(month)},
                                          std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) throw invalid(year, month, day);
    return Date(std::chrono::sys_days{ymd});
  }

  static constexpr Date from_days(rep days_since_epoch) noexcept {
    Date date;
    date.days_ = days_since_epoch;
    return date;
  }

  [[nodiscard]] constexpr rep days_since_epoch() const noexcept { return days_; }

  [[nodiscard]] constexpr std::chrono::sys_days sys_days() const noexcept {
    return std::chrono::sys_days{std::chrono::days{days_}};
  }

  [[nodiscard]] constexpr std::chrono::year_month_day ymd() const noexcept {
    return std::chrono::year_month_day{sys_days()};
  }

  [[nodiscard]] constexpr int year() const noexcept { return static_cast<int>(ymd().year()); }
  [[nodiscard]] constexpr int month() const noexcept {
    return static_cast<int>(static_cast<unsigned>(ymd().month()));
  }
  [[nodiscard]] constexpr int day() const noexcept {
    return static_cast<int>(static_cast<unsigned>(ymd().day()));
  }

  [[nodiscard]] constexpr Weekday weekday() const noexcept {
    return static_cast<Weekday>(std::chrono::weekday{sys_days()}.iso_encoding());
  }

  [[nodiscard]] constexpr bool is_weekend() const noexcept {
    return weekday() == Weekday::saturday || weekday() == Weekday::sunday;
  }

  /// yyyy-mm-dd.
  [[nodiscard]] std::string iso() const {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year(), month(), day());
    return buffer;
  }

  /// dd/mm/yyyy, the form Vietnamese documents use.
  [[nodiscard]] std::string vn() const {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02d/%02d/%04d", day(), month(), year());
    return buffer;
  }

  /// Parses yyyy-mm-dd strictly. Throws InvalidDate naming the text.
  static Date parse_iso(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
      throw detail::CodedReason(detail::calendar_error("date.not_iso"),
                                {{"text", std::string(text)}})
          .as<InvalidDate>();
    }
    int year = 0;
    int month = 0;
    int day = 0;
    if (!parse_int(text.substr(0, 4), year) || !parse_int(text.substr(5, 2), month) ||
        !parse_int(text.substr(8, 2), day)) {
      throw detail::CodedReason(detail::calendar_error("date.not_iso"),
                                {{"text", std::string(text)}})
          .as<InvalidDate>();
    }
    return checked(text, year, month, day);
  }

  /// Parses the forms dates take in Vietnamese documents and exports: yyyy-mm-dd and
  /// d/m/yyyy (also with '-' or '.' between the parts: 01/6/2026, 1-6-2026, 01.06.2026).
  static Date parse(std::string_view text) {
    const std::string_view trimmed = trim(text);
    if (trimmed.size() == 10 && trimmed[4] == '-' && trimmed[7] == '-') return parse_iso(trimmed);
    const auto reject = [&]() {
      return detail::CodedReason(detail::calendar_error("date.not_a_date"),
                                 {{"text", std::string(text)}})
          .as<InvalidDate>();
    };
    int parts[3] = {0, 0, 0};
    std::size_t part = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= trimmed.size(); ++i) {
      const bool at_separator =
          i == trimmed.size() || trimmed[i] == '/' || trimmed[i] == '-' || trimmed[i] == '.';
      if (!at_separator) continue;
      const std::string_view digits = trimmed.substr(start, i - start);
      const bool is_year_part = part == 2;
      if (part == 3 || (is_year_part ? digits.size() != 4 : digits.size() > 2) ||
          !parse_int(digits, parts[part])) {
        throw reject();
      }
      ++part;
      start = i + 1;
    }
    if (part != 3) throw reject();
    return checked(text, parts[2], parts[1], parts[0]);
  }

  constexpr Date& operator+=(rep days) noexcept {
    days_ += days;
    return *this;
  }
  constexpr Date& operator-=(rep days) noexcept {
    days_ -= days;
    return *this;
  }
  friend constexpr Date operator+(Date date, rep days) noexcept { return date += days; }
  friend constexpr Date operator-(Date date, rep days) noexcept { return date -= days; }
  friend constexpr rep operator-(Date a, Date b) noexcept { return a.days_ - b.days_; }
  friend constexpr auto operator<=>(Date, Date) noexcept = default;
  friend constexpr bool operator==(Date, Date) noexcept = default;

 private:
  static InvalidDate invalid(int year, int month, int day) {
    return detail::CodedReason(detail::calendar_error("date.invalid"),
                               {{"day", std::to_string(day)},
                                {"month", std::to_string(month)},
                                {"year", std::to_string(year)}})
        .as<InvalidDate>();
  }

  static Date checked(std::string_view text, int year, int month, int day) {
    try {
      return from_ymd(year, month, day);
    } catch (const InvalidDate&) {
      throw detail::CodedReason(detail::calendar_error("date.not_real"),
                                {{"text", std::string(text)},
                                 {"day", std::to_string(day)},
                                 {"month", std::to_string(month)},
                                 {"year", std::to_string(year)}})
          .as<InvalidDate>();
    }
  }

  static constexpr std::string_view trim(std::string_view text) noexcept {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
  }

  static bool parse_int(std::string_view digits, int& out) noexcept {
    if (digits.empty() || digits.size() > 4) return false;
    for (const char c : digits) {
      if (c < '0' || c > '9') return false;
    }
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return result.ec == std::errc{} && result.ptr == digits.data() + digits.size();
  }

  rep days_ = 0;
};

}  // namespace cchc::calendar

namespace cchc {
using calendar::Date;
}  // namespace cchc
