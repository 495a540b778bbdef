// Fuzz target: the deadline-phrase parser (calendar::parse_deadline).
//
// The first byte chooses the plan year (none, or 1990–2117); the rest is the phrase.
// Invariants (cchc/calendar/deadline.hpp): never throws; at least one clause; start <= end
// when both are present and never a start without an end; within_period has both dates;
// by_date has an end and no start; not_understood has no dates and a reason, an understood
// clause none; unit is none exactly when there is no end; the phrase is kept as given.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cchc/calendar/deadline.hpp"
#include "fuzz_support.hpp"

using cchc::calendar::DeadlineKind;
using cchc::calendar::PeriodUnit;
using cchc::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  cchc::calendar::DeadlineContext context;
  if (data[0] != 0) context.year = 1989 + (data[0] & 0x7F);
  const std::string_view phrase = cchc::fuzz::as_text(data + 1, size - 1);

  const cchc::calendar::Deadline deadline = cchc::calendar::parse_deadline(phrase, context);
  require(deadline.text == phrase, "the phrase is kept exactly as given");
  require(!deadline.clauses.empty(), "at least one clause");
  for (const auto& clause : deadline.clauses) {
    if (clause.start) {
      require(clause.end.has_value(), "no start without an end");
      require(*clause.start <= *clause.end, "a parsed phrase's date range is ordered");
    }
    require((clause.unit == PeriodUnit::none) == !clause.end.has_value(),
            "unit is none exactly when there is no end");
    switch (clause.kind) {
      case DeadlineKind::within_period:
        require(clause.start && clause.end, "within_period has both dates");
        break;
      case DeadlineKind::by_date:
        require(clause.end && !clause.start, "by_date has an end and no start");
        break;
      case DeadlineKind::not_understood:
        require(!clause.start && !clause.end && !clause.reason.empty(),
                "not_understood has no dates and a reason");
        break;
      default:
        break;
    }
    if (clause.understood()) require(clause.reason.empty(), "an understood clause has no reason");
  }
  return 0;
}
