// The error codes of the calendar: reporting periods, data cut-offs, report deadlines
// (docs/i18n.md). scripts/catalogs.py reads this table: keep one entry per line group,
// {"code", "English template"}, with the template as adjacent string literals.
#pragma once

#include <string_view>

#include "cchc/detail/coded_error.hpp"

namespace cchc::detail {

inline constexpr ErrorTemplate kCalendarErrors[] = {
    {"text.quoted", "'{text}'"},
    // Dates (calendar/date.hpp).
    {"date.invalid", "invalid date: day {day}, month {month}, year {year}"},
    {"date.not_iso", "'{text}' is not a date in the form yyyy-mm-dd"},
    {"date.not_a_date", "'{text}' is not a date in the form dd/mm/yyyy or yyyy-mm-dd"},
    {"date.not_real",
     "'{text}' is not a real date (invalid date: day {day}, month {month}, year {year})"},
    // The lunar calendar (calendar/lunar.hpp).
    {"lunar.year_range", "lunar year {year} is outside the lunar calendar's range {min}..{max}"},
    {"lunar.date_range", "date {date} is outside the lunar calendar's range {min}..{max}"},
    // The working-day calendar (calendar/work_calendar.hpp) and due dates.
    {"calendar.years_order", "calendar years {first}–{last} are not in order"},
    {"calendar.years_range",
     "calendar years {first}–{last} are outside the supported range {earliest}–{latest}"},
    {"calendar.override_outside", "override of {date} is outside the calendar ({first} to {last})"},
    {"calendar.date_outside", "{date} is outside the working-day calendar ({first} to {last})"},
    {"calendar.move_outside",
     "moving {days} working days from {date} leaves the working-day calendar ({first} to "
     "{last})"},
    {"calendar.not_working_day", "{date} is not a working day ({reason})"},
    // Holiday schedule files (calendar/holidays.hpp).
    {"schedule.week_mask",
     "week mask '{text}' must be seven characters 0/1 for Monday to Sunday, e.g. 1111100"},
    {"schedule.nul_byte", "a NUL byte: the file is not UTF-8 text (UTF-16 or binary?)"},
    {"schedule.not_utf8",
     "invalid UTF-8: the file is not UTF-8 (Windows-1258 or TCVN3 files must be converted "
     "first, e.g. iconv -f CP1258 -t UTF-8)"},
    {"schedule.header", "expected the header '{expected}', found '{found}'"},
    {"schedule.field_count", "expected 7 fields ({expected}), found {count}"},
    {"schedule.year", "'{text}' is not a year"},
    {"schedule.holiday",
     "unknown holiday '{text}' (expected new_year, tet, hung_kings, reunification, labour_day, "
     "national_day, culture_day or local)"},
    {"schedule.kind", "unknown kind '{text}' (expected holiday, compensatory, swapped or make_up)"},
    {"schedule.last_before_first", "{last} is before first {first}"},
    {"schedule.range_too_long",
     "a range of more than 31 days ({first} to {last}) is not a holiday"},
    {"schedule.year_mismatch", "{date} is not within a year of the holiday's year {year}"},
    {"schedule.outside_years", "{date} is outside the calendar's years {min}–{max}"},
    {"schedule.make_up_range", "a make-up working day is a single day"},
    {"schedule.make_up_weekday",
     "a make-up working day is a Saturday or Sunday; {date} is a weekday"},
    {"schedule.empty", "empty schedule: expected the header '{expected}'"},
    {"schedule.twice", "{date} is listed twice for {holiday}"},
    {"schedule.cannot_open", "cannot open schedule file '{path}'"},
    {"due.cutoff_hour_range", "afternoon cut-off hour {hour} is not an hour 0–23"},
    {"due.received_hour_range", "receipt hour {hour} of {date} is not an hour 0–23"},
    {"due.negative_days",
     "processing time of {days} working days is negative (dossier received {date})"},
    {"due.pause_reversed", "pause {requested} to {resumed} ends before it starts"},
    {"due.pause_before_received",
     "pause {requested} to {resumed} starts before the dossier was received on {received}"},
    {"due.pause_overlap", "pause {requested} to {resumed} overlaps the pause ending {previous}"},
    // Reporting periods (calendar/period.hpp).
    {"period.not_a_period",
     "'{text}' is not a reporting period; expected a form such as 2023, 2023-03, 3/2023, "
     "Tháng 3/2023, 2023-Q1, Q1/2023, Quý I/2023, 2023-H1, H1/2023, 6 tháng đầu năm 2023, "
     "2023-9M, 9M/2023, 9 tháng năm 2023, Năm 2023"},
    {"period.not_a_period_because", "'{text}' is not a reporting period"},
    {"period.year_range", "reporting period year {year} is outside {min}–{max}"},
    {"period.month_range", "month {index} does not exist (month periods are numbered 1–12)"},
    {"period.quarter_range", "quarter {index} does not exist (quarter periods are numbered 1–4)"},
    {"period.half_year_range", "half {index} does not exist (half_year periods are numbered 1–2)"},
    {"period.nine_months_range",
     "nine-month period {index} does not exist (nine_months periods are numbered 1)"},
    {"period.year_index_range", "year {index} does not exist (year periods are numbered 1)"},
    {"period.date_year_range", "{date} belongs to a period of year {year}, outside {min}–{max}"},
    {"period.after_nine_months_cutoff",
     "{date} is in no nine-month period: it falls after the 9-month data cut-off under the "
     "rule '{rule}'"},
    // Data cut-off rules.
    {"cutoff.not_a_rule",
     "'{text}' is not a data cut-off rule; expected 'day N' or 'month end', optionally "
     "followed by ', N months earlier' or ', previous month'"},
    {"cutoff.day_range",
     "data cut-off day {day} is not a day of a month (1–31; 31 means the month's last day)"},
    {"cutoff.offset_range",
     "data cut-off month offset {offset} is outside -11…0 (months before the period's last "
     "month)"},
    // Report deadline rules.
    {"deadline.not_a_rule",
     "'{text}' is not a deadline rule; expected 'day N[, N months later]', 'N days after "
     "cut-off', 'N working days after cut-off' or 'fixed D/M, D/M, …', optionally followed by "
     "'; roll forward|backward|none'"},
    {"deadline.bad_roll",
     "'{text}' is not a deadline rule: after ';' expected 'roll none', 'roll forward' or "
     "'roll backward'"},
    {"deadline.day_range", "deadline day {day} is not a day of a month (1–31)"},
    {"deadline.months_after_range",
     "deadline {months} months after the period's last month is outside 0–12"},
    {"deadline.days_range", "deadline {days} days after the data cut-off is outside 0–366"},
    {"deadline.working_days_range",
     "deadline {days} working days after the data cut-off is outside 1–366"},
    {"deadline.no_dates", "a fixed-date deadline needs at least one date"},
    {"deadline.date_not_in_year", "deadline date {date} is not a day of a year"},
    {"schedule.no_deadline", "reporting schedule '{schedule}' sets no deadline for {kind} reports"},
};

consteval ErrorCode calendar_error(std::string_view code) {
  return find_error_code(kCalendarErrors, code);
}

}  // namespace cchc::detail
