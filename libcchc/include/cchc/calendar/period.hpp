// Reporting periods (kỳ báo cáo), the data each report counts (số liệu tính từ … đến …), which
// period a date belongs to, and when a report is due.
//
// A period is its nominal months (Quý I/2023 = January–March 2023). What a report counts is a
// separate, configurable rule: under Decree 09/2019/NĐ-CP art. 12 the Quý I/2023 report counts
// 15/12/2022–14/3/2023. Deadlines differ per province and department, so they are data
// (DeadlineRule, ReportingSchedule) with a short text form for files, never code. Sources, the
// text forms and every choice made here are in docs/calendar/reporting-periods.md.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/calendar/date.hpp"
#include "cchc/error.hpp"

namespace cchc::calendar {

class WorkCalendar;

/// Quarters, halves, nine months and years all start in January; nine months and the half
/// year are the cumulative reports "9 tháng" and "6 tháng đầu năm" (H2 exists for completeness).
enum class PeriodKind : std::uint8_t { month, quarter, half_year, nine_months, year };

inline constexpr PeriodKind kAllPeriodKinds[] = {PeriodKind::month, PeriodKind::quarter,
                                                 PeriodKind::half_year, PeriodKind::nine_months,
                                                 PeriodKind::year};

/// Stable key used in files and Python: "month", "quarter", "half_year", "nine_months", "year".
std::string_view period_kind_key(PeriodKind kind) noexcept;
/// Inverse of period_kind_key; std::nullopt for an unknown key.
std::optional<PeriodKind> period_kind_from_key(std::string_view key) noexcept;
/// 12, 4, 2, 1, 1: the valid indexes of a kind are 1…periods_per_year(kind).
int periods_per_year(PeriodKind kind) noexcept;

/// One reporting period. Always valid: constructors throw InvalidDate naming the bad value.
/// Ordered by kind, then chronologically, so it can key a std::map.
class Period {
 public:
  static constexpr int kMinYear = 1;
  static constexpr int kMaxYear = 9999;

  /// `index` is the month (1–12), quarter (1–4) or half (1–2); 1 for nine months and year.
  Period(PeriodKind kind, int year, int index = 1);

  static Period month(int year, int month) { return {PeriodKind::month, year, month}; }
  static Period quarter(int year, int quarter) { return {PeriodKind::quarter, year, quarter}; }
  static Period half_year(int year, int half) { return {PeriodKind::half_year, year, half}; }
  static Period nine_months(int year) { return {PeriodKind::nine_months, year, 1}; }
  static Period whole_year(int year) { return {PeriodKind::year, year, 1}; }

  /// Reads a period from its code or its Vietnamese label, ignoring case and extra spaces:
  /// "2023", "Năm 2023", "2023-03", "3/2023", "Tháng 3/2023", "2023-Q1", "Q1/2023",
  /// "Quý I/2023", "QUÝ I NĂM 2023", "2023-H1", "H1/2023", "6 tháng đầu năm 2023",
  /// "2023-9M", "9M/2023", "9 tháng năm 2023". Throws ParseError naming the text when it has
  /// none of these shapes, InvalidDate naming it when a number is out of range ("Q5/2023").
  static Period parse(std::string_view text);

  [[nodiscard]] PeriodKind kind() const noexcept { return kind_; }
  [[nodiscard]] int year() const noexcept { return year_; }
  [[nodiscard]] int index() const noexcept { return index_; }

  /// Nominal months, 1–12 within year().
  [[nodiscard]] int first_month() const noexcept;
  [[nodiscard]] int last_month() const noexcept;
  /// Nominal calendar range: Quý I/2023 is 2023-01-01 … 2023-03-31 (not the data range).
  [[nodiscard]] Date first_day() const;
  [[nodiscard]] Date last_day() const;

  /// Vietnamese label as reports title it: "Tháng 3/2023", "Quý I/2023",
  /// "6 tháng đầu năm 2023", "6 tháng cuối năm 2023", "9 tháng năm 2023", "Năm 2023".
  [[nodiscard]] std::string label() const;
  /// Short sortable code: "2023-03", "2023-Q1", "2023-H1", "2023-9M", "2023".
  [[nodiscard]] std::string code() const;

  /// The period of the same kind after (before) this one. Throws InvalidDate past the years
  /// a Period supports.
  [[nodiscard]] Period next() const;
  [[nodiscard]] Period previous() const;

  friend auto operator<=>(const Period&, const Period&) = default;
  friend bool operator==(const Period&, const Period&) = default;

 private:
  PeriodKind kind_;
  int year_;
  int index_;
};

/// An inclusive range of days.
struct DataRange {
  Date first;
  Date last;

  [[nodiscard]] bool contains(Date date) const noexcept { return first <= date && date <= last; }
  /// Number of days in the range.
  [[nodiscard]] Date::rep days() const noexcept { return last - first + 1; }

  friend bool operator==(const DataRange&, const DataRange&) = default;
};

/// Which days a period's report counts. The data of a period ends on `end_day` of the month
/// `end_month_offset` months from the period's last month, and starts the day after the same
/// point one month before the period's first month. So consecutive periods of a kind tile the
/// timeline with no gap and no overlap, and a day missing from a short month (30/2) is the
/// month's last day.
struct CutoffRule {
  /// `end_day` value meaning the last day of the month.
  static constexpr int kMonthEnd = 31;

  int end_day = kMonthEnd;   // 1–31
  int end_month_offset = 0;  // -11…0: -1 ends the data a month before the period's last month

  /// Decree 09/2019/NĐ-CP art. 12: data from the 15th of the month before the period to the
  /// 14th of its last month (Quý I/2023: 15/12/2022–14/3/2023).
  static CutoffRule decree_09_2019() { return {14, 0}; }
  /// The nominal calendar range (Quý I/2023: 1/1/2023–31/3/2023).
  static CutoffRule calendar_months() { return {kMonthEnd, 0}; }

  /// Reads the text form of to_string(): "day 14", "month end", "day 25, 1 month earlier",
  /// "month end, previous month". Throws ParseError naming the text.
  static CutoffRule parse(std::string_view text);
  /// Short text form that parse() reads back: "day 14", "month end, 1 month earlier".
  [[nodiscard]] std::string to_string() const;
  /// An English sentence for reports and error messages.
  [[nodiscard]] std::string describe() const;
  /// Throws InvalidDate (end_day outside 1–31) or OutOfRange (offset outside -11…0).
  void validate() const;

  friend bool operator==(const CutoffRule&, const CutoffRule&) = default;
};

/// The days the period's report counts under `rule`.
DataRange data_range(const Period& period, const CutoffRule& rule);
/// The last day the period's report counts (the data cut-off).
inline Date cutoff_date(const Period& period, const CutoffRule& rule) {
  return data_range(period, rule).last;
}

/// The period of `kind` whose data range under `rule` contains `date`: 2022-12-20 is in
/// Quý I/2023 and Năm 2023 under decree_09_2019(). Months, quarters, halves and years tile
/// the timeline, so exactly one exists. Nine-month periods do not: days after the 9-month
/// cut-off (15/9–14/12 under Decree 09) are in none, and this throws OutOfRange naming the
/// date; use find_period_of to get std::nullopt instead.
Period period_of(Date date, PeriodKind kind, const CutoffRule& rule);
std::optional<Period> find_period_of(Date date, PeriodKind kind, const CutoffRule& rule);

/// Every period (one per kind, nine months only when it applies) whose report counts `date`,
/// ordered month, quarter, half year, nine months, year.
std::vector<Period> periods_containing(Date date, const CutoffRule& rule);

/// The periods of `kind` whose data range overlaps [first, last], in order; empty when
/// last < first.
std::vector<Period> periods_between(Date first, Date last, PeriodKind kind, const CutoffRule& rule);

/// What a due date that falls on a non-working day becomes.
enum class DueRoll : std::uint8_t {
  none,      // stays as written (a Saturday deadline stays Saturday)
  forward,   // the next working day (Civil Code 2015 art. 148(5) for time limits)
  backward,  // the previous working day (submit before the office closes)
};

std::string_view due_roll_key(DueRoll roll) noexcept;  // "none", "forward", "backward"
std::optional<DueRoll> due_roll_from_key(std::string_view key) noexcept;

/// A day and month without a year, for deadlines fixed in the calendar.
struct MonthDay {
  int month = 1;
  int day = 1;

  friend bool operator==(const MonthDay&, const MonthDay&) = default;
};

/// When a report of a period is due, as data. Build it with the factories; parse() reads the
/// text form to_string() writes.
struct DeadlineRule {
  enum class Anchor : std::uint8_t {
    day_of_last_month,          // day `day` of the month `months_after` after the last month
    days_after_cutoff,          // `days` calendar days after the data cut-off
    working_days_after_cutoff,  // the `days`-th working day after the data cut-off
    fixed_dates,                // `dates[index - 1]` in the period's year
  };

  Anchor anchor = Anchor::day_of_last_month;
  int day = 1;                  // day_of_last_month: 1–31, a missing day is the month's last day
  int months_after = 0;         // day_of_last_month: 0–12
  int days = 0;                 // *_after_cutoff: 0–366 (at least 1 for working days)
  std::vector<MonthDay> dates;  // fixed_dates: one per period index; 29/2 is 28/2 when missing
  DueRoll roll = DueRoll::none;

  /// "chậm nhất vào ngày 17 hàng tháng": day 17 of the period's last month.
  static DeadlineRule day_of_last_month(int day, int months_after = 0,
                                        DueRoll roll = DueRoll::none);
  static DeadlineRule days_after_cutoff(int days, DueRoll roll = DueRoll::none);
  static DeadlineRule working_days_after_cutoff(int days);
  /// One date per period index: {10/3, 10/6, 10/9, 10/11} for quarters 1–4.
  static DeadlineRule fixed(std::vector<MonthDay> dates, DueRoll roll = DueRoll::none);

  /// Reads the text form: "day 17", "day 15, 1 month later", "3 days after cut-off",
  /// "1 working day after cut-off", "fixed 10/3, 10/6, 10/9, 10/11", each optionally followed
  /// by "; roll forward", "; roll backward" or "; roll none". Throws ParseError naming the text.
  static DeadlineRule parse(std::string_view text);
  /// Short text form that parse() reads back.
  [[nodiscard]] std::string to_string() const;
  /// An English sentence for reports and error messages.
  [[nodiscard]] std::string describe() const;
  /// Throws InvalidDate (a day or month that cannot exist) or OutOfRange (a count outside its
  /// limits, no fixed dates), naming the value. Fields another anchor uses are not checked.
  void validate() const;

  friend bool operator==(const DeadlineRule&, const DeadlineRule&) = default;
};

/// The cut-off and the deadlines one body asks of the units reporting to it.
struct ReportingSchedule {
  std::string name;
  std::string source;  // the document the rules come from
  CutoffRule cutoff = CutoffRule::decree_09_2019();
  std::map<PeriodKind, DeadlineRule> deadlines;

  /// Throws OutOfRange naming the schedule and the kind when it has no deadline for it.
  [[nodiscard]] const DeadlineRule& deadline(PeriodKind kind) const;

  /// Sở Công Thương Đắk Lắk, CCHC plan 2026, section IV.2: monthly reports by the 17th,
  /// quarterly, 6-month and year reports by the 14th of the period's last month; no 9-month
  /// report; Decree 09/2019 cut-off; no roll (the plan says none).
  static ReportingSchedule dak_lak_2026();
  /// Decree 09/2019/NĐ-CP art. 13: ministries and provinces report to the Government by the
  /// 25th of the period's last month, with the art. 12 cut-off.
  static ReportingSchedule decree_09_2019_government();
};

/// The due date of `period`'s report: the rule's date, rolled as the rule says. Throws
/// OutOfRange when fixed dates do not cover the period's index or when `calendar` is needed
/// and does not cover the date.
Date report_due(const Period& period, const DeadlineRule& deadline, const CutoffRule& cutoff,
                const WorkCalendar& calendar);
Date report_due(const Period& period, const ReportingSchedule& schedule,
                const WorkCalendar& calendar);

/// One problem with one period's deadline.
struct ScheduleIssue {
  Period period;
  Date cutoff;
  std::optional<Date> due;        // empty when the due date could not be computed
  std::int32_t working_days = 0;  // working days after the cut-off up to and including the due day
  std::string message;
};

/// Checks every period of every kind the schedule has a deadline for, in the years
/// [first_year, last_year]: the due date must come after the data cut-off with at least
/// `min_working_days` working days after the cut-off up to and including the due day
/// (Decree 09/2019 art. 8(5)(b) asks for one). Of half years only H1 is checked: the
/// 6-month report is the first half's, and the year report covers the second. Issues are
/// ordered by kind, then period.
std::vector<ScheduleIssue> check_schedule(const ReportingSchedule& schedule,
                                          const WorkCalendar& calendar, int first_year,
                                          int last_year, std::int32_t min_working_days = 1);

}  // namespace cchc::calendar
