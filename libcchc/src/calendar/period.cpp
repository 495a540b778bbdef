#include "cchc/calendar/period.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <utility>

#include "cchc/calendar/work_calendar.hpp"
#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/enum_keys.hpp"
#include "cchc/detail/errors/calendar.hpp"

namespace cchc::calendar {
namespace {

// ----- months as one running number, so that "the month before January" needs no special case

int floor_div(int value, int divisor) noexcept {
  const int quotient = value / divisor;
  return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

int month_number(int year, int month) noexcept {
  return year * 12 + (month - 1);
}
int year_of(int month_number) noexcept {
  return floor_div(month_number, 12);
}
int month_of(int month_number) noexcept {
  return month_number - year_of(month_number) * 12 + 1;
}

int days_in_month(int year, int month) noexcept {
  const std::chrono::year_month_day_last last{std::chrono::year{year} /
                                              std::chrono::month{static_cast<unsigned>(month)} /
                                              std::chrono::last};
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

// Day `day` of the month, or the month's last day when the month is shorter.
Date clamped_day(int month_number, int day) {
  const int year = year_of(month_number);
  const int month = month_of(month_number);
  return Date::from_ymd(year, month, std::min(day, days_in_month(year, month)));
}

// ----- text

constexpr std::string_view kRomanNumerals[] = {"i",   "ii",   "iii", "iv", "v",  "vi",
                                               "vii", "viii", "ix",  "x",  "xi", "xii"};

// Vietnamese capitals of the words in period labels and their lower-case forms (UTF-8, NFC),
// so that headings written in capitals ("QUÝ I NĂM 2023") parse too.
constexpr std::pair<std::string_view, std::string_view> kVietnameseCapitals[] = {
    {"\xC3\x9D", "\xC3\xBD"},          // Ý ý
    {"\xC3\x8D", "\xC3\xAD"},          // Í í (quí, an older spelling of quý)
    {"\xC3\x81", "\xC3\xA1"},          // Á á
    {"\xC4\x82", "\xC4\x83"},          // Ă ă
    {"\xC4\x90", "\xC4\x91"},          // Đ đ
    {"\xE1\xBA\xA6", "\xE1\xBA\xA7"},  // Ầ ầ
    {"\xE1\xBB\x90", "\xE1\xBB\x91"},  // Ố ố
};

// Lower-case (ASCII and the capitals above), whitespace runs (including NBSP) as one space,
// trimmed.
std::string normalise(std::string_view text) {
  std::string lowered;
  lowered.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (const auto& [upper, lower] : kVietnameseCapitals) {
      if (text.substr(i, upper.size()) == upper) {
        lowered += lower;
        i += upper.size();
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    if (text.substr(i, 2) == "\xC2\xA0") {
      lowered += ' ';
      i += 2;
      continue;
    }
    const char c = text[i++];
    if (c >= 'A' && c <= 'Z') {
      lowered += static_cast<char>(c - 'A' + 'a');
    } else if (c == '\t' || c == '\n' || c == '\r') {
      lowered += ' ';
    } else {
      lowered += c;
    }
  }
  // One space between words, none at the ends or around '/' and '-' ("Quý I / 2023").
  std::string out;
  out.reserve(lowered.size());
  for (std::size_t i = 0; i < lowered.size(); ++i) {
    const char c = lowered[i];
    if (c == ' ') {
      const bool before_joiner =
          i + 1 < lowered.size() &&
          (lowered[i + 1] == ' ' || lowered[i + 1] == '/' || lowered[i + 1] == '-');
      const bool after_joiner = out.empty() || out.back() == '/' || out.back() == '-';
      if (before_joiner || after_joiner) continue;
    }
    out += c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view text) noexcept {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

// A non-negative number of at most six digits; nullopt otherwise.
std::optional<int> parse_number(std::string_view text) noexcept {
  if (!all_digits(text) || text.size() > 6) return std::nullopt;
  int value = 0;
  for (const char c : text) value = value * 10 + (c - '0');
  return value;
}

// Arabic digits or a Roman numeral I–XII (quarters are written "Quý I").
std::optional<int> parse_numeral(std::string_view text) noexcept {
  if (const auto number = parse_number(text)) return number;
  for (std::size_t i = 0; i < std::size(kRomanNumerals); ++i) {
    if (text == kRomanNumerals[i]) return static_cast<int>(i) + 1;
  }
  return std::nullopt;
}

bool consume_prefix(std::string_view& text, std::string_view prefix) noexcept {
  if (!text.starts_with(prefix)) return false;
  text.remove_prefix(prefix.size());
  return true;
}

bool consume_suffix(std::string_view& text, std::string_view suffix) noexcept {
  if (!text.ends_with(suffix)) return false;
  text.remove_suffix(suffix.size());
  return true;
}

// "I", "II", … as quarters are written in titles.
std::string roman_capitals(int number) {
  std::string text(kRomanNumerals[static_cast<std::size_t>(number - 1)]);
  for (char& c : text) c = static_cast<char>(c - 'a' + 'A');
  return text;
}

std::string plural(int count, std::string_view noun) {
  return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "s");
}

std::string day_month_text(MonthDay date) {
  return std::to_string(date.day) + "/" + std::to_string(date.month);
}

detail::ErrorCode index_range_code(PeriodKind kind) noexcept {
  switch (kind) {
    case PeriodKind::month:
      return detail::calendar_error("period.month_range");
    case PeriodKind::quarter:
      return detail::calendar_error("period.quarter_range");
    case PeriodKind::half_year:
      return detail::calendar_error("period.half_year_range");
    case PeriodKind::nine_months:
      return detail::calendar_error("period.nine_months_range");
    case PeriodKind::year:
      break;
  }
  return detail::calendar_error("period.year_index_range");
}

// The kind and index a period label's non-year part names ("quý i", "q1", "tháng 3", "3",
// "6 tháng đầu", …), or nullopt when it is none of them.
struct KindAndIndex {
  PeriodKind kind;
  int index;
};

std::optional<KindAndIndex> parse_period_word(std::string_view word) {
  using K = PeriodKind;
  if (word.empty()) return KindAndIndex{K::year, 1};
  if (word == "9m" || word == "9 tháng" || word == "9 tháng đầu") {
    return KindAndIndex{K::nine_months, 1};
  }
  if (word == "6 tháng" || word == "6 tháng đầu") return KindAndIndex{K::half_year, 1};
  if (word == "6 tháng cuối") return KindAndIndex{K::half_year, 2};
  std::string_view rest = word;
  if (consume_prefix(rest, "quý ") || consume_prefix(rest, "quí ")) {
    if (const auto number = parse_numeral(rest)) return KindAndIndex{K::quarter, *number};
    return std::nullopt;
  }
  if (consume_prefix(rest, "q")) {
    if (const auto number = parse_number(rest)) return KindAndIndex{K::quarter, *number};
    return std::nullopt;
  }
  if (consume_prefix(rest, "h")) {
    if (const auto number = parse_number(rest)) return KindAndIndex{K::half_year, *number};
    return std::nullopt;
  }
  consume_prefix(rest, "tháng ");
  if (rest.size() <= 2) {
    if (const auto number = parse_number(rest)) return KindAndIndex{K::month, *number};
  }
  return std::nullopt;
}

ParseError malformed(std::string_view field, std::string_view text, detail::ErrorCode code) {
  return detail::CodedReason(code, {{"text", std::string(text)}})
      .at("<string>", 0, std::string(field));
}

ParseError not_a_period(std::string_view text) {
  return malformed("period", text, detail::calendar_error("period.not_a_period"));
}

// Splits "anchor; roll forward" into the anchor text and the roll.
std::pair<std::string_view, DueRoll> split_roll(std::string_view normalised,
                                                std::string_view original) {
  const std::size_t semicolon = normalised.find(';');
  if (semicolon == std::string_view::npos) return {normalised, DueRoll::none};
  std::string_view roll_text = trim(normalised.substr(semicolon + 1));
  const auto roll =
      consume_prefix(roll_text, "roll ") ? due_roll_from_key(trim(roll_text)) : std::nullopt;
  if (!roll) {
    throw malformed("deadline", original, detail::calendar_error("deadline.bad_roll"));
  }
  return {trim(normalised.substr(0, semicolon)), *roll};
}

// "1 month later", "2 months later", "next month" → months; "previous month",
// "1 month earlier" → -months.
std::optional<int> parse_month_shift(std::string_view text, std::string_view direction,
                                     std::string_view one_word) {
  if (text == one_word) return 1;
  const std::size_t space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const auto count = parse_number(text.substr(0, space));
  std::string_view rest = text.substr(space + 1);
  if (!count || !(consume_prefix(rest, "months ") || consume_prefix(rest, "month ")) ||
      rest != direction) {
    return std::nullopt;
  }
  return count;
}

}  // namespace

// ===== PeriodKind

constexpr detail::EnumKeys<PeriodKind, 5> kPeriodKindKeys{{
    {"month", PeriodKind::month},
    {"quarter", PeriodKind::quarter},
    {"half_year", PeriodKind::half_year},
    {"nine_months", PeriodKind::nine_months},
    {"year", PeriodKind::year},
}};

std::string_view period_kind_key(PeriodKind kind) noexcept {
  return detail::enum_key(kPeriodKindKeys, kind);
}

std::optional<PeriodKind> period_kind_from_key(std::string_view key) noexcept {
  return detail::enum_from_key(kPeriodKindKeys, key);
}

int periods_per_year(PeriodKind kind) noexcept {
  switch (kind) {
    case PeriodKind::month:
      return 12;
    case PeriodKind::quarter:
      return 4;
    case PeriodKind::half_year:
      return 2;
    case PeriodKind::nine_months:
    case PeriodKind::year:
      return 1;
  }
  return 1;
}

// ===== Period

Period::Period(PeriodKind kind, int year, int index) : kind_(kind), year_(year), index_(index) {
  if (year < kMinYear || year > kMaxYear) {
    throw detail::CodedReason(detail::calendar_error("period.year_range"),
                              {{"year", std::to_string(year)},
                               {"min", std::to_string(kMinYear)},
                               {"max", std::to_string(kMaxYear)}})
        .as<InvalidDate>();
  }
  const int count = periods_per_year(kind);
  if (index < 1 || index > count) {
    throw detail::CodedReason(index_range_code(kind), {{"index", std::to_string(index)}})
        .as<InvalidDate>();
  }
}

int Period::first_month() const noexcept {
  switch (kind_) {
    case PeriodKind::month:
      return index_;
    case PeriodKind::quarter:
      return 3 * index_ - 2;
    case PeriodKind::half_year:
      return 6 * index_ - 5;
    case PeriodKind::nine_months:
    case PeriodKind::year:
      return 1;
  }
  return 1;
}

int Period::last_month() const noexcept {
  switch (kind_) {
    case PeriodKind::month:
      return index_;
    case PeriodKind::quarter:
      return 3 * index_;
    case PeriodKind::half_year:
      return 6 * index_;
    case PeriodKind::nine_months:
      return 9;
    case PeriodKind::year:
      return 12;
  }
  return 12;
}

Date Period::first_day() const {
  return Date::from_ymd(year_, first_month(), 1);
}

Date Period::last_day() const {
  return Date::from_ymd(year_, last_month(), days_in_month(year_, last_month()));
}

std::string Period::label() const {
  const std::string year = std::to_string(year_);
  switch (kind_) {
    case PeriodKind::month:
      return "Tháng " + std::to_string(index_) + "/" + year;
    case PeriodKind::quarter:
      return "Quý " + roman_capitals(index_) + "/" + year;
    case PeriodKind::half_year:
      return std::string(index_ == 1 ? "6 tháng đầu năm " : "6 tháng cuối năm ") + year;
    case PeriodKind::nine_months:
      return "9 tháng năm " + year;
    case PeriodKind::year:
      return "Năm " + year;
  }
  return year;
}

std::string Period::code() const {
  char buffer[16];
  switch (kind_) {
    case PeriodKind::month:
      std::snprintf(buffer, sizeof buffer, "%04d-%02d", year_, index_);
      break;
    case PeriodKind::quarter:
      std::snprintf(buffer, sizeof buffer, "%04d-Q%d", year_, index_);
      break;
    case PeriodKind::half_year:
      std::snprintf(buffer, sizeof buffer, "%04d-H%d", year_, index_);
      break;
    case PeriodKind::nine_months:
      std::snprintf(buffer, sizeof buffer, "%04d-9M", year_);
      break;
    case PeriodKind::year:
      std::snprintf(buffer, sizeof buffer, "%04d", year_);
      break;
  }
  return buffer;
}

Period Period::next() const {
  return index_ < periods_per_year(kind_) ? Period(kind_, year_, index_ + 1)
                                          : Period(kind_, year_ + 1, 1);
}

Period Period::previous() const {
  return index_ > 1 ? Period(kind_, year_, index_ - 1)
                    : Period(kind_, year_ - 1, periods_per_year(kind_));
}

Period Period::parse(std::string_view text) {
  const std::string normalised = normalise(text);
  const std::string_view s = normalised;
  int year = 0;
  std::string_view word;
  const bool year_first = s.size() >= 4 && all_digits(s.substr(0, 4)) &&
                          (s.size() == 4 || s[4] == '-' || (s[4] >= 'a' && s[4] <= 'z'));
  if (year_first) {
    year = *parse_number(s.substr(0, 4));
    word = s.substr(4);
    if (consume_prefix(word, "-") && word.empty()) throw not_a_period(text);
  } else {
    // The year comes last, after '/', '-' or a space: "Quý I/2023", "Q1-2023", "Năm 2023".
    if (s.size() < 5 || !all_digits(s.substr(s.size() - 4))) {
      throw not_a_period(text);
    }
    const char separator = s[s.size() - 5];
    if (separator != '/' && separator != '-' && separator != ' ') {
      throw not_a_period(text);
    }
    year = *parse_number(s.substr(s.size() - 4));
    word = trim(s.substr(0, s.size() - 5));
    // "… năm 2023": the word "năm" (year) links the period to its year; alone it is the year.
    const bool had_year_word = consume_suffix(word, " năm") || consume_suffix(word, "năm");
    if (word.empty() && !had_year_word) {
      throw not_a_period(text);
    }
  }
  const auto kind_and_index = parse_period_word(word);
  if (!kind_and_index) {
    throw not_a_period(text);
  }
  try {
    return Period(kind_and_index->kind, year, kind_and_index->index);
  } catch (const InvalidDate& error) {
    throw detail::CodedReason(detail::calendar_error("period.not_a_period_because"),
                              {{"text", std::string(text)}})
        .then(error)
        .as<InvalidDate>();
  }
}

// ===== CutoffRule

void CutoffRule::validate() const {
  if (end_day < 1 || end_day > kMonthEnd) {
    throw detail::CodedReason(detail::calendar_error("cutoff.day_range"),
                              {{"day", std::to_string(end_day)}})
        .as<InvalidDate>();
  }
  if (end_month_offset < -11 || end_month_offset > 0) {
    throw detail::CodedReason(detail::calendar_error("cutoff.offset_range"),
                              {{"offset", std::to_string(end_month_offset)}})
        .as<OutOfRange>();
  }
}

std::string CutoffRule::to_string() const {
  std::string text = end_day >= kMonthEnd ? "month end" : "day " + std::to_string(end_day);
  if (end_month_offset != 0) text += ", " + plural(-end_month_offset, "month") + " earlier";
  return text;
}

CutoffRule CutoffRule::parse(std::string_view text) {
  const std::string normalised = normalise(text);
  std::string_view s = normalised;
  const auto reject = [&] {
    return malformed("cutoff", text, detail::calendar_error("cutoff.not_a_rule"));
  };
  CutoffRule rule;
  std::string_view day_part = s;
  std::string_view shift_part;
  if (const std::size_t comma = s.find(','); comma != std::string_view::npos) {
    day_part = trim(s.substr(0, comma));
    shift_part = trim(s.substr(comma + 1));
  }
  if (day_part == "month end" || day_part == "month-end") {
    rule.end_day = kMonthEnd;
  } else if (consume_prefix(day_part, "day ")) {
    const auto day = parse_number(day_part);
    if (!day) throw reject();
    rule.end_day = *day;
  } else {
    throw reject();
  }
  if (!shift_part.empty()) {
    const auto months = parse_month_shift(shift_part, "earlier", "previous month");
    if (!months) throw reject();
    rule.end_month_offset = -*months;
  }
  try {
    rule.validate();
  } catch (const Error& error) {
    throw detail::CodedReason(detail::calendar_error("text.quoted"), {{"text", std::string(text)}})
        .then(error)
        .at("<string>", 0, "cutoff");
  }
  return rule;
}

std::string CutoffRule::describe() const {
  if (end_day >= kMonthEnd && end_month_offset == 0) {
    return "calendar months: data from the 1st of the period's first month to the last day of "
           "its last month";
  }
  const auto months_before = [](int count, std::string_view what) {
    const std::string month = "the period's " + std::string(what) + " month";
    if (count == 0) return month;
    if (count == 1) return "the month before " + month;
    return plural(count, "month") + " before " + month;
  };
  std::string start;
  if (end_day >= kMonthEnd) {
    start = "the 1st of " + months_before(-end_month_offset, "first");
  } else {
    // Day 29–30 may not exist in the previous month; the data then starts on the 1st.
    const std::string day = end_day <= 27 ? "day " + std::to_string(end_day + 1)
                                          : "the day after day " + std::to_string(end_day);
    start = day + " of " + months_before(1 - end_month_offset, "first");
  }
  const std::string end =
      (end_day >= kMonthEnd ? "the last day" : "day " + std::to_string(end_day)) + " of " +
      months_before(-end_month_offset, "last");
  std::string text = "data from " + start + " to " + end;
  if (end_day > 28 && end_day < kMonthEnd) text += " (a month's last day when it is shorter)";
  return text;
}

// ===== data ranges and period lookup

DataRange data_range(const Period& period, const CutoffRule& rule) {
  rule.validate();
  const int last_month = month_number(period.year(), period.last_month()) + rule.end_month_offset;
  const int month_before_first =
      month_number(period.year(), period.first_month()) - 1 + rule.end_month_offset;
  return {clamped_day(month_before_first, rule.end_day) + 1, clamped_day(last_month, rule.end_day)};
}

std::optional<Period> find_period_of(Date date, PeriodKind kind, const CutoffRule& rule) {
  rule.validate();
  // The month whose cut-off closes the data containing `date`, then the nominal month of a
  // period that ends there.
  int data_month = month_number(date.year(), date.month());
  if (date > clamped_day(data_month, rule.end_day)) ++data_month;
  const int nominal = data_month - rule.end_month_offset;
  const int year = year_of(nominal);
  const int month = month_of(nominal);
  if (year < Period::kMinYear || year > Period::kMaxYear) {
    throw detail::CodedReason(detail::calendar_error("period.date_year_range"),
                              {{"date", date.iso()},
                               {"year", std::to_string(year)},
                               {"min", std::to_string(Period::kMinYear)},
                               {"max", std::to_string(Period::kMaxYear)}})
        .as<InvalidDate>();
  }
  switch (kind) {
    case PeriodKind::month:
      return Period::month(year, month);
    case PeriodKind::quarter:
      return Period::quarter(year, (month - 1) / 3 + 1);
    case PeriodKind::half_year:
      return Period::half_year(year, (month - 1) / 6 + 1);
    case PeriodKind::nine_months:
      if (month > 9) return std::nullopt;
      return Period::nine_months(year);
    case PeriodKind::year:
      return Period::whole_year(year);
  }
  return std::nullopt;
}

Period period_of(Date date, PeriodKind kind, const CutoffRule& rule) {
  if (auto period = find_period_of(date, kind, rule)) return *period;
  // Only a nine-month period can miss a date (its last quarter is in no such period).
  throw detail::CodedReason(detail::calendar_error("period.after_nine_months_cutoff"),
                            {{"date", date.vn()}, {"rule", rule.to_string()}})
      .as<OutOfRange>();
}

std::vector<Period> periods_containing(Date date, const CutoffRule& rule) {
  std::vector<Period> periods;
  for (const PeriodKind kind : kAllPeriodKinds) {
    if (auto period = find_period_of(date, kind, rule)) periods.push_back(*period);
  }
  return periods;
}

std::vector<Period> periods_between(Date first, Date last, PeriodKind kind,
                                    const CutoffRule& rule) {
  std::vector<Period> periods;
  if (last < first) return periods;
  // The first period ending on or after `first`; nine-month periods leave gaps, so a range
  // starting in one begins at the next year's.
  Period period = [&] {
    if (auto containing = find_period_of(first, kind, rule)) return *containing;
    return Period::nine_months(period_of(first, PeriodKind::year, rule).year() + 1);
  }();
  while (true) {
    const DataRange range = data_range(period, rule);
    if (range.first > last) break;
    periods.push_back(period);
    if (range.last >= last) break;
    period = period.next();
  }
  return periods;
}

// ===== DueRoll and DeadlineRule

constexpr detail::EnumKeys<DueRoll, 3> kDueRollKeys{{
    {"none", DueRoll::none},
    {"forward", DueRoll::forward},
    {"backward", DueRoll::backward},
}};

std::string_view due_roll_key(DueRoll roll) noexcept {
  return detail::enum_key(kDueRollKeys, roll);
}

std::optional<DueRoll> due_roll_from_key(std::string_view key) noexcept {
  return detail::enum_from_key(kDueRollKeys, key);
}

DeadlineRule DeadlineRule::day_of_last_month(int day, int months_after, DueRoll roll) {
  DeadlineRule rule;
  rule.anchor = Anchor::day_of_last_month;
  rule.day = day;
  rule.months_after = months_after;
  rule.roll = roll;
  rule.validate();
  return rule;
}

DeadlineRule DeadlineRule::days_after_cutoff(int days, DueRoll roll) {
  DeadlineRule rule;
  rule.anchor = Anchor::days_after_cutoff;
  rule.days = days;
  rule.roll = roll;
  rule.validate();
  return rule;
}

DeadlineRule DeadlineRule::working_days_after_cutoff(int days) {
  DeadlineRule rule;
  rule.anchor = Anchor::working_days_after_cutoff;
  rule.days = days;
  rule.validate();
  return rule;
}

DeadlineRule DeadlineRule::fixed(std::vector<MonthDay> dates, DueRoll roll) {
  DeadlineRule rule;
  rule.anchor = Anchor::fixed_dates;
  rule.dates = std::move(dates);
  rule.roll = roll;
  rule.validate();
  return rule;
}

void DeadlineRule::validate() const {
  switch (anchor) {
    case Anchor::day_of_last_month:
      if (day < 1 || day > 31) {
        throw detail::CodedReason(detail::calendar_error("deadline.day_range"),
                                  {{"day", std::to_string(day)}})
            .as<InvalidDate>();
      }
      if (months_after < 0 || months_after > 12) {
        throw detail::CodedReason(detail::calendar_error("deadline.months_after_range"),
                                  {{"months", std::to_string(months_after)}})
            .as<OutOfRange>();
      }
      break;
    case Anchor::days_after_cutoff:
      if (days < 0 || days > 366) {
        throw detail::CodedReason(detail::calendar_error("deadline.days_range"),
                                  {{"days", std::to_string(days)}})
            .as<OutOfRange>();
      }
      break;
    case Anchor::working_days_after_cutoff:
      if (days < 1 || days > 366) {
        throw detail::CodedReason(detail::calendar_error("deadline.working_days_range"),
                                  {{"days", std::to_string(days)}})
            .as<OutOfRange>();
      }
      break;
    case Anchor::fixed_dates:
      if (dates.empty()) {
        throw detail::CodedReason(detail::calendar_error("deadline.no_dates")).as<OutOfRange>();
      }
      for (const MonthDay date : dates) {
        // 2000 is a leap year: 29/2 is a valid fixed date (it becomes 28/2 in other years).
        if (date.month < 1 || date.month > 12 || date.day < 1 ||
            date.day > days_in_month(2000, date.month)) {
          throw detail::CodedReason(detail::calendar_error("deadline.date_not_in_year"),
                                    {{"date", day_month_text(date)}})
              .as<InvalidDate>();
        }
      }
      break;
  }
}

std::string DeadlineRule::to_string() const {
  std::string text;
  switch (anchor) {
    case Anchor::day_of_last_month:
      text = "day " + std::to_string(day);
      if (months_after != 0) text += ", " + plural(months_after, "month") + " later";
      break;
    case Anchor::days_after_cutoff:
      text = plural(days, "day") + " after cut-off";
      break;
    case Anchor::working_days_after_cutoff:
      text = plural(days, "working day") + " after cut-off";
      break;
    case Anchor::fixed_dates:
      text = "fixed ";
      for (std::size_t i = 0; i < dates.size(); ++i) {
        if (i > 0) text += ", ";
        text += day_month_text(dates[i]);
      }
      break;
  }
  if (roll != DueRoll::none) text += "; roll " + std::string(due_roll_key(roll));
  return text;
}

DeadlineRule DeadlineRule::parse(std::string_view text) {
  const std::string normalised = normalise(text);
  const auto reject = [&] {
    return malformed("deadline", text, detail::calendar_error("deadline.not_a_rule"));
  };
  auto [anchor_text, roll] = split_roll(normalised, text);
  DeadlineRule rule;
  rule.roll = roll;
  if (consume_prefix(anchor_text, "fixed ")) {
    rule.anchor = Anchor::fixed_dates;
    while (true) {
      const std::size_t comma = anchor_text.find(',');
      const std::string_view item = trim(anchor_text.substr(0, comma));
      const std::size_t slash = item.find('/');
      if (slash == std::string_view::npos) throw reject();
      const auto day = parse_number(item.substr(0, slash));
      const auto month = parse_number(item.substr(slash + 1));
      if (!day || !month) throw reject();
      rule.dates.push_back({*month, *day});
      if (comma == std::string_view::npos) break;
      anchor_text.remove_prefix(comma + 1);
    }
  } else if (consume_prefix(anchor_text, "day ")) {
    rule.anchor = Anchor::day_of_last_month;
    std::string_view shift;
    if (const std::size_t comma = anchor_text.find(','); comma != std::string_view::npos) {
      shift = trim(anchor_text.substr(comma + 1));
      anchor_text = trim(anchor_text.substr(0, comma));
    }
    const auto day = parse_number(anchor_text);
    if (!day) throw reject();
    rule.day = *day;
    if (!shift.empty()) {
      const auto months = parse_month_shift(shift, "later", "next month");
      if (!months) throw reject();
      rule.months_after = *months;
    }
  } else {
    const std::size_t space = anchor_text.find(' ');
    if (space == std::string_view::npos) throw reject();
    const auto days = parse_number(anchor_text.substr(0, space));
    std::string_view unit = anchor_text.substr(space + 1);
    if (!days ||
        !(consume_suffix(unit, " after cut-off") || consume_suffix(unit, " after cutoff"))) {
      throw reject();
    }
    if (unit == "day" || unit == "days") {
      rule.anchor = Anchor::days_after_cutoff;
    } else if (unit == "working day" || unit == "working days") {
      rule.anchor = Anchor::working_days_after_cutoff;
    } else {
      throw reject();
    }
    rule.days = *days;
  }
  try {
    rule.validate();
  } catch (const Error& error) {
    throw detail::CodedReason(detail::calendar_error("text.quoted"), {{"text", std::string(text)}})
        .then(error)
        .at("<string>", 0, "deadline");
  }
  return rule;
}

std::string DeadlineRule::describe() const {
  std::string text;
  switch (anchor) {
    case Anchor::day_of_last_month: {
      const std::string month = months_after == 0 ? "the period's last month"
                                                  : "the month " + plural(months_after, "month") +
                                                        " after the period's last month";
      text = (day >= 31 ? "the last day of " : "day " + std::to_string(day) + " of ") + month;
      if (day > 28 && day < 31) text += " (its last day when shorter)";
      break;
    }
    case Anchor::days_after_cutoff:
      text = plural(days, "calendar day") + " after the data cut-off";
      break;
    case Anchor::working_days_after_cutoff:
      text = plural(days, "working day") + " after the data cut-off";
      break;
    case Anchor::fixed_dates:
      text = "fixed dates in the period's year, one per period: ";
      for (std::size_t i = 0; i < dates.size(); ++i) {
        if (i > 0) text += ", ";
        text += day_month_text(dates[i]);
      }
      break;
  }
  if (roll == DueRoll::forward) text += "; moved to the next working day when not a working day";
  if (roll == DueRoll::backward) {
    text += "; moved to the previous working day when not a working day";
  }
  return text;
}

// ===== schedules and due dates

const DeadlineRule& ReportingSchedule::deadline(PeriodKind kind) const {
  const auto found = deadlines.find(kind);
  if (found == deadlines.end()) {
    throw detail::CodedReason(detail::calendar_error("schedule.no_deadline"),
                              {{"schedule", name}, {"kind", std::string(period_kind_key(kind))}})
        .as<OutOfRange>();
  }
  return found->second;
}

ReportingSchedule ReportingSchedule::dak_lak_2026() {
  ReportingSchedule schedule;
  schedule.name = "Sở Công Thương Đắk Lắk 2026";
  schedule.source =
      "Kế hoạch CCHC năm 2026 của Sở Công Thương tỉnh Đắk Lắk, mục IV.2: \"chậm nhất vào ngày "
      "17 hàng tháng đối với báo cáo tháng và ngày 14 tháng cuối cùng của kỳ báo cáo quý, 6 "
      "tháng, năm\"; cut-off of Decree 09/2019/NĐ-CP art. 12";
  schedule.cutoff = CutoffRule::decree_09_2019();
  schedule.deadlines = {
      {PeriodKind::month, DeadlineRule::day_of_last_month(17)},
      {PeriodKind::quarter, DeadlineRule::day_of_last_month(14)},
      {PeriodKind::half_year, DeadlineRule::day_of_last_month(14)},
      {PeriodKind::year, DeadlineRule::day_of_last_month(14)},
  };
  return schedule;
}

ReportingSchedule ReportingSchedule::decree_09_2019_government() {
  ReportingSchedule schedule;
  schedule.name = "Chính phủ (Nghị định 09/2019/NĐ-CP)";
  schedule.source =
      "Decree 09/2019/NĐ-CP art. 12 (cut-off) and art. 13 (by the 25th of the "
      "period's last month)";
  schedule.cutoff = CutoffRule::decree_09_2019();
  for (const PeriodKind kind : kAllPeriodKinds) {
    schedule.deadlines.emplace(kind, DeadlineRule::day_of_last_month(25));
  }
  return schedule;
}

Date report_due(const Period& period, const DeadlineRule& deadline, const CutoffRule& cutoff,
                const WorkCalendar& calendar) {
  deadline.validate();
  Date due;
  switch (deadline.anchor) {
    case DeadlineRule::Anchor::day_of_last_month:
      due = clamped_day(month_number(period.year(), period.last_month()) + deadline.months_after,
                        deadline.day);
      break;
    case DeadlineRule::Anchor::days_after_cutoff:
      due = cutoff_date(period, cutoff) + deadline.days;
      break;
    case DeadlineRule::Anchor::working_days_after_cutoff:
      // Rolling a non-working cut-off back first makes "1 working day after Saturday" Monday.
      return calendar.add_working_days(cutoff_date(period, cutoff), deadline.days, Roll::backward);
    case DeadlineRule::Anchor::fixed_dates: {
      const auto position = static_cast<std::size_t>(period.index() - 1);
      if (position >= deadline.dates.size()) {
        throw OutOfRange("deadline '" + deadline.to_string() + "' has " +
                         plural(static_cast<int>(deadline.dates.size()), "date") + ", none for " +
                         period.label());
      }
      const MonthDay date = deadline.dates[position];
      due = clamped_day(month_number(period.year(), date.month), date.day);
      break;
    }
  }
  switch (deadline.roll) {
    case DueRoll::none:
      return due;
    case DueRoll::forward:
      return calendar.roll_forward(due);
    case DueRoll::backward:
      return calendar.roll_backward(due);
  }
  return due;
}

Date report_due(const Period& period, const ReportingSchedule& schedule,
                const WorkCalendar& calendar) {
  return report_due(period, schedule.deadline(period.kind()), schedule.cutoff, calendar);
}

std::vector<ScheduleIssue> check_schedule(const ReportingSchedule& schedule,
                                          const WorkCalendar& calendar, int first_year,
                                          int last_year, std::int32_t min_working_days) {
  std::vector<ScheduleIssue> issues;
  for (const auto& [kind, deadline] : schedule.deadlines) {
    for (int year = first_year; year <= last_year; ++year) {
      // The half-year report is the 6-month one (H1); the year report covers H2.
      const int reported = kind == PeriodKind::half_year ? 1 : periods_per_year(kind);
      for (int index = 1; index <= reported; ++index) {
        const Period period(kind, year, index);
        const Date cutoff = cutoff_date(period, schedule.cutoff);
        Date due;
        try {
          due = report_due(period, deadline, schedule.cutoff, calendar);
        } catch (const OutOfRange& error) {
          issues.push_back({period, cutoff, std::nullopt, 0, period.label() + ": " + error.what()});
          continue;
        }
        // Below min_working_days (an int32) whenever it is reported, so the narrowing is exact.
        const auto working_days = static_cast<std::int32_t>(
            due > cutoff ? calendar.count_working_days(cutoff + 1, due + 1) : 0);
        if (working_days >= min_working_days) continue;
        std::string message = period.label() + ": due " + due.vn() + " (" + deadline.to_string() +
                              "), data cut-off " + cutoff.vn() + ": ";
        if (due < cutoff) {
          message += "the report is due before its data cut-off";
        } else {
          message += plural(working_days, "working day") + " after the cut-off up to the due date";
        }
        message += "; Decree 09/2019/NĐ-CP art. 8(5)(b) asks for at least " +
                   plural(min_working_days, "working day") + " between them";
        issues.push_back({period, cutoff, due, working_days, std::move(message)});
      }
    }
  }
  return issues;
}

}  // namespace cchc::calendar
