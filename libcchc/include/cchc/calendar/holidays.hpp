// Vietnamese public holidays: the statutory rules of the Labour Code 2019 (art. 111–112) and
// the official yearly schedules for civil servants, which move days off and add make-up
// working Saturdays. Sources and the reading of each rule are in docs/calendar/holidays.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/calendar/date.hpp"

namespace cchc::calendar {

/// The holidays of Labour Code 2019 art. 112(1), the provisional Vietnamese Culture Day, and
/// `local` for days a province or unit decides itself.
enum class HolidayId : std::uint8_t {
  new_year,       // Tết Dương lịch, 1/1
  tet,            // Tết Âm lịch (Tết Nguyên đán), 5 days chosen by the Prime Minister
  hung_kings,     // Giỗ Tổ Hùng Vương, 10/3 lunar
  reunification,  // Ngày Chiến thắng, 30/4
  labour_day,     // Quốc tế Lao động, 1/5
  national_day,   // Quốc khánh, 2/9 and an adjacent day chosen by the Prime Minister
  culture_day,    // Ngày Văn hóa Việt Nam, 24/11 (provisional, see CalendarRules)
  local,          // a local decision (not a national holiday)
};

inline constexpr HolidayId kAllHolidayIds[] = {HolidayId::new_year,    HolidayId::tet,
                                               HolidayId::hung_kings,  HolidayId::reunification,
                                               HolidayId::labour_day,  HolidayId::national_day,
                                               HolidayId::culture_day, HolidayId::local};

/// Stable key used in files and Python: "new_year", "tet", "hung_kings", …
std::string_view holiday_key(HolidayId id) noexcept;
/// Vietnamese name: "Tết Dương lịch", "Tết Nguyên đán", …
std::string_view holiday_name(HolidayId id) noexcept;
/// Inverse of holiday_key; std::nullopt for an unknown key.
std::optional<HolidayId> holiday_from_key(std::string_view key) noexcept;

/// What a special day is.
enum class DayKind : std::uint8_t {
  holiday,       // a day of the holiday itself (may fall on a weekly rest day)
  compensatory,  // nghỉ bù: rest owed because a holiday fell on a weekly rest day
  swapped,       // a working day taken off in exchange for a make-up day (hoán đổi)
  make_up,       // làm bù: a weekly rest day worked instead of a swapped day
};

std::string_view day_kind_key(DayKind kind) noexcept;
std::optional<DayKind> day_kind_from_key(std::string_view key) noexcept;

/// One special day, with where it comes from.
struct SpecialDay {
  Date date;
  HolidayId holiday = HolidayId::local;
  DayKind kind = DayKind::holiday;
  std::string source;  // the legal text or file:line it comes from
  std::string note;

  friend bool operator==(const SpecialDay&, const SpecialDay&) = default;
};

/// Working weekdays as a bit set, bit 0 = Monday … bit 6 = Sunday.
class WeekMask {
 public:
  constexpr WeekMask() noexcept = default;
  constexpr explicit WeekMask(std::uint8_t bits) noexcept : bits_(bits & 0x7F) {}

  /// Monday to Friday: the 40-hour week of state bodies (Decision 188/1999/QĐ-TTg).
  static constexpr WeekMask monday_to_friday() noexcept { return WeekMask(0b0011111); }
  /// Monday to Saturday, for units that work on Saturdays.
  static constexpr WeekMask monday_to_saturday() noexcept { return WeekMask(0b0111111); }
  /// Parses seven characters Monday→Sunday, '1' working and '0' rest ("1111100"), as
  /// numpy.busdaycalendar's weekmask does. Throws cchc::Error naming the text.
  static WeekMask parse(std::string_view text);

  [[nodiscard]] constexpr bool works_on(Weekday day) const noexcept {
    return (bits_ >> (static_cast<unsigned>(day) - 1U) & 1U) != 0;
  }
  [[nodiscard]] constexpr std::uint8_t bits() const noexcept { return bits_; }
  [[nodiscard]] std::string to_string() const;  // "1111100"

  friend constexpr bool operator==(WeekMask, WeekMask) noexcept = default;

 private:
  std::uint8_t bits_ = 0b0011111;
};

/// Official schedules (and local decisions) as a list of special days, each tied to the
/// (year, holiday) it settles. For a (year, holiday) that a schedule settles, its days replace
/// the statutory rule for that holiday in that year; see docs/calendar/holidays.md for the file
/// format.
class HolidaySchedule {
 public:
  HolidaySchedule() = default;

  /// Parses the CSV text of a schedule file. `source_name` names it in errors and in each
  /// day's source ("file.csv:12"). Throws ParseError naming the line and field.
  static HolidaySchedule parse(std::string_view csv_text, std::string_view source_name);
  /// Reads and parses a schedule file. Throws ParseError (bad content) or cchc::Error (I/O).
  static HolidaySchedule load(const std::filesystem::path& path);
  /// The schedules shipped with libcchc (libcchc/data/vn-official-schedules.csv).
  static const HolidaySchedule& official();

  struct Entry {
    int year = 0;  // the year of the holiday instance (Tết Dương lịch 2023 includes 31/12/2022)
    SpecialDay day;
    std::size_t line = 0;
  };

  [[nodiscard]] std::span<const Entry> entries() const noexcept { return entries_; }
  /// Whether this schedule settles `holiday` in `year`.
  [[nodiscard]] bool settles(int year, HolidayId holiday) const noexcept;
  /// Years with at least one entry, ascending.
  [[nodiscard]] std::vector<int> years() const;
  /// Serialises back to the CSV format (loads back equal).
  [[nodiscard]] std::string to_csv() const;

  void add(int year, SpecialDay day);

 private:
  std::vector<Entry> entries_;
};

/// Settings of the statutory rules, for years (or holidays) no schedule settles. Defaults are
/// the Labour Code 2019 with the choices documented in docs/calendar/holidays.md.
struct HolidayRules {
  /// Tết, for years no schedule settles: how many of the five days fall before mùng 1 (the
  /// rest follow it), then art. 111(3) compensation. The Prime Minister decides each year;
  /// 2 (28 or 29 Chạp – mùng 3) reproduces every official break of 2015–2026 and agrees with
  /// python-holidays for 2014–2100 (docs/calendar/holidays.md). Years before 2013 had four
  /// days, modelled as the giao thừa day and mùng 1–3 whatever this setting says.
  int tet_days_before_new_year = 2;
  /// Ngày Văn hóa Việt Nam (24/11): chosen by Resolution 80-NQ/TW (2026) as a paid day off;
  /// the Labour Code amendment was not confirmed in force. On by default, from this year.
  bool culture_day = true;
  int culture_day_from_year = 2026;
  /// Quốc khánh has two days from 2021 (Labour Code 2019); one before.
  int national_day_two_days_from_year = 2021;
  /// Tết has five days from 2013 (Labour Code 2012, art. 115); four before.
  int tet_five_days_from_year = 2013;
  /// Giỗ Tổ Hùng Vương is a day off from 2007 (Labour Code 1994 as amended in 2007).
  int hung_kings_from_year = 2007;
};

/// The statutory days (kind holiday) of `year` for every national holiday, before any weekend
/// compensation. Throws OutOfRange when the lunar calendar does not cover the year.
std::vector<SpecialDay> statutory_holidays(int year, const HolidayRules& rules = {});

/// Adds compensatory days (Labour Code 2019 art. 111(3)) for the holiday days of `days` that
/// fall on a weekly rest day of `week`: each gets the next working day that is not already a
/// day off. Returns `days` plus the compensatory days, sorted by date.
std::vector<SpecialDay> with_compensation(std::vector<SpecialDay> days, WeekMask week);

}  // namespace cchc::calendar
