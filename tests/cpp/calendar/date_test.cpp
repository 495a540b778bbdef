#include "cchc/calendar/date.hpp"

#include <doctest/doctest.h>

using cchc::Date;
using cchc::calendar::Weekday;

TEST_CASE("Date: day numbers share the numpy/chrono epoch") {
  CHECK(Date::from_ymd(1970, 1, 1).days_since_epoch() == 0);
  CHECK(Date::from_ymd(2000, 3, 1).days_since_epoch() == 11017);
  CHECK(Date::from_ymd(1900, 1, 1).days_since_epoch() == -25567);
  CHECK(Date::from_days(19737) == Date::from_ymd(2024, 1, 15));
}

TEST_CASE("Date: calendar fields, weekdays and leap years") {
  const Date tet_2026 = Date::from_ymd(2026, 2, 17);
  CHECK(tet_2026.year() == 2026);
  CHECK(tet_2026.month() == 2);
  CHECK(tet_2026.day() == 17);
  CHECK(tet_2026.weekday() == Weekday::tuesday);
  CHECK(Date::from_ymd(2024, 2, 29).weekday() == Weekday::thursday);
  CHECK(Date::from_ymd(2024, 3, 1) - Date::from_ymd(2024, 2, 28) == 2);
  CHECK(Date::from_ymd(2023, 3, 1) - Date::from_ymd(2023, 2, 28) == 1);
  CHECK(Date::from_ymd(2000, 2, 29).is_weekend() == false);
  CHECK(Date::from_ymd(2026, 11, 22).is_weekend());
}

TEST_CASE("Date: invalid dates are rejected with the value in the message") {
  CHECK_THROWS_AS(Date::from_ymd(2023, 2, 29), cchc::InvalidDate);
  CHECK_THROWS_AS(Date::from_ymd(1900, 2, 29), cchc::InvalidDate);
  CHECK_THROWS_AS(Date::from_ymd(2026, 13, 1), cchc::InvalidDate);
  CHECK_THROWS_AS(Date::from_ymd(2026, 4, 31), cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(Date::parse_iso("2026-02-30"),
                       doctest::Contains("'2026-02-30' is not a real date"), cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(Date::parse("31/6/2026"), doctest::Contains("31/6/2026"), cchc::InvalidDate);
}

TEST_CASE("Date: parsing the forms Vietnamese documents use") {
  const Date june_first = Date::from_ymd(2026, 6, 1);
  CHECK(Date::parse("01/6/2026") == june_first);
  CHECK(Date::parse("1/6/2026") == june_first);
  CHECK(Date::parse("01.06.2026") == june_first);
  CHECK(Date::parse("1-6-2026") == june_first);
  CHECK(Date::parse(" 2026-06-01 ") == june_first);
  CHECK(june_first.iso() == "2026-06-01");
  CHECK(june_first.vn() == "01/06/2026");
  for (const char* bad : {"", "2026", "1/6/26", "1/6", "a/b/cdef", "1/6/2026/1", "001/6/2026",
                          "2026-6-1x", "1//2026"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(Date::parse(bad), cchc::InvalidDate);
  }
}
