// Deadline phrases of plans ("Thời gian thực hiện: Quý I năm 2026") as structured deadlines.
//
// A plan states each task's time as free Vietnamese text. parse_deadline() reads the forms
// plans use and returns, for each clause of the phrase, a kind and an inclusive date range:
//
//   "Quý IV năm 2026 (sau khi được Chủ tịch UBND tỉnh ban hành Kế hoạch)"
//     -> conditional, 2026-10-01 … 2026-12-31, condition "sau khi được Chủ tịch UBND tỉnh …"
//   "Trước ngày 01/6/2026"      -> by_date, end 2026-05-31 (the day before; no start)
//   "Thường xuyên trong năm"    -> recurring, 2026-01-01 … 2026-12-31 with the plan's year
//
// What it cannot read comes back as DeadlineKind::not_understood with a reason, never as a
// guessed date, and never as an exception. The grammar is in docs/calendar/deadline-phrases.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/calendar/date.hpp"

namespace cchc::calendar {

enum class DeadlineKind {
  by_date,  // to be done by `end` ("Trước ngày …", "Chậm nhất …", "Đến hết …"); no start
  within_period,  // to be done within [start, end] ("Quý I năm 2026", "Trong năm 2026")
  recurring,  // done repeatedly ("Thường xuyên", "Định kỳ", "Hằng quý"), within [start, end]
              // when a period is stated. A dated period with a count ("Năm 2026 (ít nhất 02
              // Hội nghị/năm)") is within_period with occurrences_per_year, not recurring: it
              // is a task to do twice within 2026, due at the end of 2026
  conditional,    // depends on an event or another body's plan ("Sau khi …", "Theo …"),
                  // within [start, end] when a period is stated too
  not_understood  // nothing was read: no dates, see `reason`
};

/// The granularity of the stated period: "Quý I năm 2026" is a quarter even though the range
/// is 2026-01-01 … 2026-03-31.
enum class PeriodUnit { none, day, month, quarter, half_year, year };

[[nodiscard]] std::string_view to_string(DeadlineKind kind) noexcept;
[[nodiscard]] std::string_view to_string(PeriodUnit unit) noexcept;

/// One clause of a deadline phrase. Invariants: start <= end when both are present, and a
/// start never comes without an end; within_period has both; by_date has an end and no start
/// (so does a conditional or recurring clause bounded by "Trước …"/"Chậm nhất …");
/// not_understood has no dates and a non-empty reason; unit is none exactly when there is no
/// end. The texts (action, condition, note) are taken from the clause with whitespace
/// normalised and letters composed, in their original case.
struct DeadlineClause {
  DeadlineKind kind = DeadlineKind::not_understood;
  std::optional<Date> start;  // first day of the range
  std::optional<Date> end;  // last day allowed, inclusive: "Trước ngày 01/6/2026" -> 2026-05-31
  PeriodUnit unit = PeriodUnit::none;
  std::string action;  // the words around the deadline: "ban hành kế hoạch"
  std::string condition;  // "sau khi được Chủ tịch UBND tỉnh ban hành Kế hoạch", "theo quy định …"
  std::string note;  // other text in brackets: "ít nhất 02 Hội nghị/năm"
  std::optional<int> occurrences_per_year;  // "ít nhất 02 Hội nghị/năm" -> 2, "hằng quý" -> 4
  bool year_from_context = false;           // the year came from DeadlineContext, not from the text
  std::string reason;                       // why the clause is not_understood; empty otherwise
  std::string text;                         // the clause exactly as given (trimmed of whitespace)

  [[nodiscard]] bool understood() const noexcept { return kind != DeadlineKind::not_understood; }
};

struct Deadline {
  std::string text;                     // the whole phrase exactly as given
  std::vector<DeadlineClause> clauses;  // never empty; the first is the primary deadline

  /// The kind of the primary clause.
  [[nodiscard]] DeadlineKind kind() const noexcept;
  /// The last allowed day of the primary clause, when it has one.
  [[nodiscard]] std::optional<Date> due() const noexcept;
  [[nodiscard]] const DeadlineClause& primary() const { return clauses.front(); }
};

struct DeadlineContext {
  /// The plan's year. Fills in phrases that leave the year out ("Thường xuyên trong năm",
  /// "Quý I"); without it a recurring clause has no dates and a dated one is not_understood.
  std::optional<int> year;
};

/// Reads a deadline phrase (UTF-8; precomposed or decomposed; any case; with or without
/// diacritics). Clauses are separated by ';', and by ',' when a recurrence ("định kỳ …",
/// "thường xuyên …") follows. Never throws on any input apart from std::bad_alloc.
[[nodiscard]] Deadline parse_deadline(std::string_view phrase, const DeadlineContext& context = {});

}  // namespace cchc::calendar
