#include "cchc/calendar/holidays.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <utility>

#include "cchc/calendar/lunar.hpp"
#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/csv.hpp"
#include "cchc/detail/embedded_data.hpp"
#include "cchc/detail/enum_keys.hpp"
#include "cchc/detail/errors/calendar.hpp"
#include "cchc/error.hpp"
#include "cchc/text/vietnamese.hpp"

namespace cchc::calendar {

namespace {

struct HolidayText {
  HolidayId id;
  std::string_view key;
  std::string_view name;
};

constexpr HolidayText kHolidayTexts[] = {
    {HolidayId::new_year, "new_year", "Tết Dương lịch"},
    {HolidayId::tet, "tet", "Tết Nguyên đán"},
    {HolidayId::hung_kings, "hung_kings", "Giỗ Tổ Hùng Vương"},
    {HolidayId::reunification, "reunification", "Ngày Chiến thắng"},
    {HolidayId::labour_day, "labour_day", "Ngày Quốc tế Lao động"},
    {HolidayId::national_day, "national_day", "Quốc khánh"},
    {HolidayId::culture_day, "culture_day", "Ngày Văn hóa Việt Nam"},
    {HolidayId::local, "local", "Ngày nghỉ theo quyết định địa phương"},
};

constexpr detail::EnumKeys<DayKind, 4> kDayKindKeys{{
    {"holiday", DayKind::holiday},
    {"compensatory", DayKind::compensatory},
    {"swapped", DayKind::swapped},
    {"make_up", DayKind::make_up},
}};

constexpr std::string_view kLabourCode = "Bộ luật Lao động 2019, Điều 112";
constexpr std::string_view kCompensationSource = "Bộ luật Lao động 2019, Điều 111 khoản 3";
constexpr std::string_view kScheduleHeader = "year,holiday,kind,first,last,source,note";

SpecialDay statutory_day(Date date, HolidayId id, std::string_view note = {}) {
  return SpecialDay{date, id, DayKind::holiday, std::string(kLabourCode), std::string(note)};
}

bool is_day_off(DayKind kind) noexcept {
  return kind != DayKind::make_up;
}

// Length of the run of consecutive non-working days (Monday–Friday week) around `anchor`
// when `days_off` are taken off, counting their art. 111(3) compensation.
int break_length_around(Date anchor, std::vector<SpecialDay> days_off) {
  const std::vector<SpecialDay> with_rest =
      with_compensation(std::move(days_off), WeekMask::monday_to_friday());
  const auto is_off = [&](Date day) {
    if (day.is_weekend()) return true;
    return std::any_of(with_rest.begin(), with_rest.end(),
                       [&](const SpecialDay& special) { return special.date == day; });
  };
  int length = 1;
  for (Date day = anchor - 1; is_off(day); day -= 1) ++length;
  for (Date day = anchor + 1; is_off(day); day += 1) ++length;
  return length;
}

}  // namespace

std::string_view holiday_key(HolidayId id) noexcept {
  for (const HolidayText& text : kHolidayTexts) {
    if (text.id == id) return text.key;
  }
  return "local";
}

std::string_view holiday_name(HolidayId id) noexcept {
  for (const HolidayText& text : kHolidayTexts) {
    if (text.id == id) return text.name;
  }
  return "";
}

std::optional<HolidayId> holiday_from_key(std::string_view key) noexcept {
  for (const HolidayText& text : kHolidayTexts) {
    if (text.key == key) return text.id;
  }
  return std::nullopt;
}

std::string_view day_kind_key(DayKind kind) noexcept {
  return detail::enum_key(kDayKindKeys, kind);
}

std::optional<DayKind> day_kind_from_key(std::string_view key) noexcept {
  return detail::enum_from_key(kDayKindKeys, key);
}

WeekMask WeekMask::parse(std::string_view text) {
  if (text.size() != 7 || text.find_first_not_of("01") != std::string_view::npos) {
    throw detail::CodedReason(detail::calendar_error("schedule.week_mask"),
                              {{"text", std::string(text)}})
        .as<Error>();
  }
  std::uint8_t bits = 0;
  for (std::size_t i = 0; i < 7; ++i) {
    if (text[i] == '1') bits = static_cast<std::uint8_t>(bits | (1U << i));
  }
  return WeekMask(bits);
}

std::string WeekMask::to_string() const {
  std::string text(7, '0');
  for (std::size_t i = 0; i < 7; ++i) {
    if ((bits_ >> i & 1U) != 0) text[i] = '1';
  }
  return text;
}

std::vector<SpecialDay> statutory_holidays(int year, const HolidayRules& rules) {
  std::vector<SpecialDay> days;
  days.push_back(statutory_day(Date::from_ymd(year, 1, 1), HolidayId::new_year));

  // Five Tết days from 2013 (Labour Code 2012, art. 115), four before; the split of the four
  // is not a setting because no year before 2013 is checked against an official schedule.
  const bool five_days = year >= rules.tet_five_days_from_year;
  const int tet_length = five_days ? 5 : 4;
  const int days_before = five_days ? std::clamp(rules.tet_days_before_new_year, 0, 4) : 1;
  const Date lunar_new_year = tet(year);
  for (int offset = -days_before; offset < tet_length - days_before; ++offset) {
    days.push_back(statutory_day(lunar_new_year + offset, HolidayId::tet));
  }

  if (year >= rules.hung_kings_from_year) {
    days.push_back(statutory_day(from_lunar(year, 3, 10), HolidayId::hung_kings, "10/3 âm lịch"));
  }
  days.push_back(statutory_day(Date::from_ymd(year, 4, 30), HolidayId::reunification));
  days.push_back(statutory_day(Date::from_ymd(year, 5, 1), HolidayId::labour_day));

  const Date national_day = Date::from_ymd(year, 9, 2);
  days.push_back(statutory_day(national_day, HolidayId::national_day));
  if (year >= rules.national_day_two_days_from_year) {
    // The Prime Minister picks 1/9 or 3/9 each year; the known choices (2021–2026) are the
    // day giving the longer break, and 1/9 when both are equal (docs/calendar/holidays.md).
    const auto break_with = [&](Date adjacent) {
      std::vector<SpecialDay> candidate = {statutory_day(national_day, HolidayId::national_day),
                                           statutory_day(adjacent, HolidayId::national_day)};
      return break_length_around(national_day, std::move(candidate));
    };
    const Date before = national_day - 1;
    const Date after = national_day + 1;
    days.push_back(statutory_day(break_with(after) > break_with(before) ? after : before,
                                 HolidayId::national_day, "ngày liền kề 2/9"));
  }

  if (rules.culture_day && year >= rules.culture_day_from_year) {
    SpecialDay culture_day = statutory_day(Date::from_ymd(year, 11, 24), HolidayId::culture_day,
                                           "provisional: the Labour Code amendment was not "
                                           "confirmed in force");
    culture_day.source = "Nghị quyết 80-NQ/TW ngày 07/01/2026";
    days.push_back(std::move(culture_day));
  }
  std::stable_sort(days.begin(), days.end(),
                   [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; });
  return days;
}

std::vector<SpecialDay> with_compensation(std::vector<SpecialDay> days, WeekMask week) {
  std::stable_sort(days.begin(), days.end(),
                   [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; });
  std::set<Date> taken;
  std::set<Date> worked;
  for (const SpecialDay& day : days) {
    (is_day_off(day.kind) ? taken : worked).insert(day.date);
  }
  std::vector<SpecialDay> compensation;
  for (const SpecialDay& day : days) {
    if (day.kind != DayKind::holiday || week.works_on(day.date.weekday())) continue;
    if (worked.contains(day.date)) continue;
    Date rest = day.date + 1;
    while (!week.works_on(rest.weekday()) || taken.contains(rest)) rest += 1;
    taken.insert(rest);
    compensation.push_back(SpecialDay{rest, day.holiday, DayKind::compensatory,
                                      std::string(kCompensationSource),
                                      "nghỉ bù cho " + day.date.vn()});
  }
  days.insert(days.end(), std::make_move_iterator(compensation.begin()),
              std::make_move_iterator(compensation.end()));
  std::stable_sort(days.begin(), days.end(),
                   [](const SpecialDay& a, const SpecialDay& b) { return a.date < b.date; });
  return days;
}

namespace {
// The years of the lunar tables, so of any WorkCalendar (work_calendar.hpp).
constexpr int kScheduleFirstYear = kLunarFirstYear + 1;
constexpr int kScheduleLastYear = kLunarLastYear;
}  // namespace

HolidaySchedule HolidaySchedule::parse(std::string_view csv_text, std::string_view source_name) {
  const std::string source(source_name);
  HolidaySchedule schedule;
  bool header_seen = false;
  detail::for_each_csv_record(
      csv_text, source, [&](std::size_t line, const std::vector<std::string>& fields) {
        // A schedule saved in Windows-1258 or TCVN3 would otherwise load with garbled sources
        // and notes: refuse it, as the dossier reader does.
        static constexpr const char* kFieldNames[] = {"year", "holiday", "kind", "first",
                                                      "last", "source",  "note"};
        for (std::size_t i = 0; i < fields.size(); ++i) {
          // A NUL byte is valid UTF-8 but no text: a UTF-16 file or binary data.
          if (fields[i].find('\0') != std::string::npos) {
            throw detail::CodedReason(detail::calendar_error("schedule.nul_byte"))
                .at(source, line, header_seen && i < 7 ? kFieldNames[i] : "");
          }
          if (!text::is_valid_utf8(fields[i])) {
            throw detail::CodedReason(detail::calendar_error("schedule.not_utf8"))
                .at(source, line, header_seen && i < 7 ? kFieldNames[i] : "");
          }
        }
        if (!header_seen) {
          std::string header;
          for (std::size_t i = 0; i < fields.size(); ++i) header += (i ? "," : "") + fields[i];
          if (header != kScheduleHeader) {
            throw detail::CodedReason(
                detail::calendar_error("schedule.header"),
                {{"expected", std::string(kScheduleHeader)}, {"found", header}})
                .at(source, line, "");
          }
          header_seen = true;
          return;
        }
        if (fields.size() != 7) {
          throw detail::CodedReason(detail::calendar_error("schedule.field_count"),
                                    {{"expected", std::string(kScheduleHeader)},
                                     {"count", std::to_string(fields.size())}})
              .at(source, line, "");
        }
        int year = 0;
        if (!detail::parse_int(fields[0], year) || year < 1 || year > 9999) {
          throw detail::CodedReason(detail::calendar_error("schedule.year"), {{"text", fields[0]}})
              .at(source, line, "year");
        }
        const std::optional<HolidayId> holiday = holiday_from_key(fields[1]);
        if (!holiday) {
          throw detail::CodedReason(detail::calendar_error("schedule.holiday"),
                                    {{"text", fields[1]}})
              .at(source, line, "holiday");
        }
        const std::optional<DayKind> kind = day_kind_from_key(fields[2]);
        if (!kind) {
          throw detail::CodedReason(detail::calendar_error("schedule.kind"), {{"text", fields[2]}})
              .at(source, line, "kind");
        }
        const auto read_date = [&](const std::string& text, const char* field) {
          try {
            return Date::parse_iso(text);
          } catch (const InvalidDate& error) {
            throw detail::CodedReason::of(error).at(source, line, field);
          }
        };
        const Date first = read_date(fields[3], "first");
        const Date last = fields[4].empty() ? first : read_date(fields[4], "last");
        if (last < first) {
          throw detail::CodedReason(detail::calendar_error("schedule.last_before_first"),
                                    {{"last", last.iso()}, {"first", first.iso()}})
              .at(source, line, "last");
        }
        if (last - first > 31) {
          throw detail::CodedReason(detail::calendar_error("schedule.range_too_long"),
                                    {{"first", first.iso()}, {"last", last.iso()}})
              .at(source, line, "last");
        }
        if (std::abs(first.year() - year) > 1) {
          throw detail::CodedReason(detail::calendar_error("schedule.year_mismatch"),
                                    {{"date", first.iso()}, {"year", std::to_string(year)}})
              .at(source, line, "first");
        }
        // Days outside the calendar's years would be loaded and never used, or used by a
        // calendar whose lunar holidays cannot be computed there.
        for (const auto& [date, field] : {std::pair{first, "first"}, std::pair{last, "last"}}) {
          if (date.year() < kScheduleFirstYear || date.year() > kScheduleLastYear) {
            throw detail::CodedReason(detail::calendar_error("schedule.outside_years"),
                                      {{"date", date.iso()},
                                       {"min", std::to_string(kScheduleFirstYear)},
                                       {"max", std::to_string(kScheduleLastYear)}})
                .at(source, line, field);
          }
        }
        if (*kind == DayKind::make_up && first != last) {
          throw detail::CodedReason(detail::calendar_error("schedule.make_up_range"))
              .at(source, line, "last");
        }
        // A make-up day (làm bù) turns a day off into a working day; a weekday already is one,
        // so such a line is a typo in the date.
        if (*kind == DayKind::make_up && !first.is_weekend()) {
          throw detail::CodedReason(detail::calendar_error("schedule.make_up_weekday"),
                                    {{"date", first.iso()}})
              .at(source, line, "first");
        }
        const std::string where = source + ":" + std::to_string(line);
        for (Date day = first; day <= last; day += 1) {
          schedule.entries_.push_back(Entry{
              year,
              SpecialDay{day, *holiday, *kind, fields[5].empty() ? where : fields[5], fields[6]},
              line});
        }
      });
  if (!header_seen) {
    throw detail::CodedReason(detail::calendar_error("schedule.empty"),
                              {{"expected", std::string(kScheduleHeader)}})
        .at(source, 0, "");
  }
  // The same day listed twice for one holiday is almost always a copy-paste slip.
  std::set<std::pair<Date::rep, HolidayId>> seen;
  for (const Entry& entry : schedule.entries_) {
    if (!seen.emplace(entry.day.date.days_since_epoch(), entry.day.holiday).second) {
      throw detail::CodedReason(detail::calendar_error("schedule.twice"),
                                {{"date", entry.day.date.iso()},
                                 {"holiday", std::string(holiday_key(entry.day.holiday))}})
          .at(source, entry.line, "first");
    }
  }
  return schedule;
}

HolidaySchedule HolidaySchedule::load(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) {
    throw detail::CodedReason(detail::calendar_error("schedule.cannot_open"),
                              {{"path", path.string()}})
        .as<Error>();
  }
  std::ostringstream content;
  content << stream.rdbuf();
  return parse(content.str(), path.string());
}

const HolidaySchedule& HolidaySchedule::official() {
  static const HolidaySchedule schedule =
      parse(detail::embedded_file("vn-official-schedules.csv"), "vn-official-schedules.csv");
  return schedule;
}

bool HolidaySchedule::settles(int year, HolidayId holiday) const noexcept {
  return std::any_of(entries_.begin(), entries_.end(), [&](const Entry& entry) {
    return entry.year == year && entry.day.holiday == holiday;
  });
}

std::vector<int> HolidaySchedule::years() const {
  std::set<int> years;
  for (const Entry& entry : entries_) years.insert(entry.year);
  return {years.begin(), years.end()};
}

std::string HolidaySchedule::to_csv() const {
  std::string csv = std::string(kScheduleHeader) + "\n";
  for (const Entry& entry : entries_) {
    const SpecialDay& day = entry.day;
    csv += std::to_string(entry.year) + "," + std::string(holiday_key(day.holiday)) + "," +
           std::string(day_kind_key(day.kind)) + "," + day.date.iso() + "," + day.date.iso() + "," +
           detail::csv_quote(day.source) + "," + detail::csv_quote(day.note) + "\n";
  }
  return csv;
}

void HolidaySchedule::add(int year, SpecialDay day) {
  entries_.push_back(Entry{year, std::move(day), 0});
}

}  // namespace cchc::calendar
