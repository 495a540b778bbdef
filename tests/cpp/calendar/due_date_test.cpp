#include "cchc/calendar/due_date.hpp"

#include <doctest/doctest.h>

#include "support.hpp"

#include <vector>

using cchc::Date;
using namespace cchc::calendar;

using cchc::test::d;

namespace {
const WorkCalendar& calendar() {
  return cchc::test::civil_service_calendar();
}

}  // namespace

TEST_CASE("due dates across Tết: counting starts the working day after receipt") {
  // Received Fri 2/2/2024; 5, 6, 7/2 count, Tết 8–14/2 does not, then 15 and 16/2.
  CHECK(due_date(calendar(), d(2024, 2, 2), 5) == d(2024, 2, 16));
  CHECK(due_date(calendar(), d(2024, 2, 7), 1) == d(2024, 2, 15));
  // Tết 2026 (14–22/2): received Fri 13/2/2026 with 15 working days.
  CHECK(due_date(calendar(), d(2026, 2, 13), 15) == d(2026, 3, 13));
}

TEST_CASE("due dates across weekend-shifted holidays") {
  // 2023: Giỗ Tổ Sat 29/4 and 30/4 Sunday are compensated on Tue 2/5 and Wed 3/5.
  CHECK(due_date(calendar(), d(2023, 4, 28), 3) == d(2023, 5, 8));
  // 2026: Giỗ Tổ Sun 26/4 → Mon 27/4; 30/4 and 1/5 Thu–Fri.
  CHECK(due_date(calendar(), d(2026, 4, 24), 2) == d(2026, 4, 29));
  CHECK(due_date(calendar(), d(2026, 4, 29), 1) == d(2026, 5, 4));
}

TEST_CASE("due dates in a lunar year with a leap month (2023, nhuận tháng 2)") {
  // The leap month pushes 10/3 lunar to Sat 29/4/2023; the rules alone must find it.
  CalendarOptions options;
  options.use_official_schedules = false;
  options.first_year = 2022;
  options.last_year = 2024;
  const WorkCalendar rules_only(options);
  CHECK(due_date(rules_only, d(2023, 4, 27), 2) == d(2023, 5, 4));
  CHECK(due_date(rules_only, d(2023, 4, 27), 1) == d(2023, 4, 28));
}

TEST_CASE("receipt on a day off, after the cut-off hour, and same-day procedures") {
  // Sat 21/11/2026 counts as received Mon 23/11; 0 days means the same (effective) day.
  CHECK(due_date(calendar(), d(2026, 11, 21), 0) == d(2026, 11, 23));
  // 24/11/2026 is the (provisional) Culture Day.
  CHECK(due_date(calendar(), d(2026, 11, 21), 1) == d(2026, 11, 25));
  DueDateRule rule;
  rule.afternoon_cutoff_hour = 15;
  CHECK(due_date(calendar(), d(2024, 2, 2), 5, {}, 14, rule) == d(2024, 2, 16));
  CHECK(due_date(calendar(), d(2024, 2, 2), 5, {}, 16, rule) == d(2024, 2, 19));
  CHECK(due_date(calendar(), d(2024, 2, 2), 5, {}, std::nullopt, rule) == d(2024, 2, 16));
  CHECK(effective_receipt(calendar(), d(2024, 2, 2), 16, rule) == d(2024, 2, 5));
  // A make-up Saturday is a working day for receipts too.
  CHECK(effective_receipt(calendar(), d(2026, 1, 10)) == d(2026, 1, 10));
}

TEST_CASE("supplementation pauses extend the due date, or restart the clock") {
  // Received Fri 26/4/2024, 10 working days. 29/4–1/5 off; Sat 4/5 is a make-up working day.
  CHECK(due_date(calendar(), d(2024, 4, 26), 10) == d(2024, 5, 14));
  const std::vector<Pause> pause = {{d(2024, 5, 6), d(2024, 5, 10)}};
  // 2, 3, 4, 6/5 count; 7–10/5 are paused; then 13, 14, 15, 16, 17, 20/5.
  CHECK(due_date(calendar(), d(2024, 4, 26), 10, pause) == d(2024, 5, 20));
  DueDateRule restart;
  restart.pause_rule = PauseRule::restart;
  CHECK(due_date(calendar(), d(2024, 4, 26), 10, pause, std::nullopt, restart) == d(2024, 5, 24));
  // Two pauses, given out of order.
  const std::vector<Pause> two = {{d(2024, 5, 13), d(2024, 5, 14)},
                                  {d(2024, 5, 6), d(2024, 5, 10)}};
  CHECK(due_date(calendar(), d(2024, 4, 26), 10, two) == d(2024, 5, 21));
  // A pause after the due date changes nothing; a pause over a weekend costs nothing.
  CHECK(due_date(calendar(), d(2024, 4, 26), 10,
                 std::vector<Pause>{{d(2024, 6, 3), d(2024, 6, 7)}}) == d(2024, 5, 14));
  CHECK(due_date(calendar(), d(2024, 5, 6), 5,
                 std::vector<Pause>{{d(2024, 5, 11), d(2024, 5, 12)}}) == d(2024, 5, 13));
  // Requested and resumed the same day: nothing is paused.
  CHECK(due_date(calendar(), d(2024, 5, 6), 5,
                 std::vector<Pause>{{d(2024, 5, 8), d(2024, 5, 8)}}) == d(2024, 5, 13));
}

TEST_CASE("bad due-date inputs name what is wrong") {
  CHECK_THROWS_WITH_AS(due_date(calendar(), d(2024, 2, 2), -1),
                       doctest::Contains("-1 working days is negative"), cchc::Error);
  CHECK_THROWS_WITH_AS(
      due_date(calendar(), d(2024, 2, 2), 5, std::vector<Pause>{{d(2024, 2, 1), d(2024, 2, 5)}}),
      doctest::Contains("starts before the dossier was received on 2024-02-02"), cchc::Error);
  CHECK_THROWS_WITH_AS(
      due_date(calendar(), d(2024, 2, 2), 5, std::vector<Pause>{{d(2024, 2, 6), d(2024, 2, 5)}}),
      doctest::Contains("pause 2024-02-06 to 2024-02-05 ends before it starts"), cchc::Error);
  CHECK_THROWS_WITH_AS(
      due_date(calendar(), d(2024, 2, 2), 5,
               std::vector<Pause>{{d(2024, 2, 5), d(2024, 2, 7)}, {d(2024, 2, 6), d(2024, 2, 8)}}),
      doctest::Contains("overlaps"), cchc::Error);
  DueDateRule rule;
  rule.afternoon_cutoff_hour = 25;
  CHECK_THROWS_AS(due_date(calendar(), d(2024, 2, 2), 5, {}, 10, rule), cchc::Error);
  CHECK_THROWS_AS(due_date(calendar(), d(2024, 2, 2), 5, {}, -1), cchc::Error);
}
