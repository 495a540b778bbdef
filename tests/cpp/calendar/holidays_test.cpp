#include "cchc/calendar/holidays.hpp"

#include <doctest/doctest.h>

#include "support.hpp"

#include <algorithm>
#include <string>

using cchc::Date;
using namespace cchc::calendar;

using cchc::test::d;

namespace {
const std::string kHeader = "year,holiday,kind,first,last,source,note\n";
}  // namespace

TEST_CASE("statutory holidays of the Labour Code 2019") {
  const auto days = statutory_holidays(2026);
  const auto has = [&](Date date, HolidayId id) {
    return std::any_of(days.begin(), days.end(), [&](const SpecialDay& day) {
      return day.date == date && day.holiday == id && day.kind == DayKind::holiday;
    });
  };
  CHECK(has(d(2026, 1, 1), HolidayId::new_year));
  // Tết: two days before mùng 1 (Tue 17/2) to mùng 3, the default rule.
  CHECK(has(d(2026, 2, 15), HolidayId::tet));  // 28 Chạp, a Sunday
  CHECK(has(d(2026, 2, 16), HolidayId::tet));  // giao thừa day
  CHECK(has(d(2026, 2, 19), HolidayId::tet));  // mùng 3
  CHECK_FALSE(has(d(2026, 2, 20), HolidayId::tet));
  CHECK(has(d(2026, 4, 26), HolidayId::hung_kings));
  CHECK(has(d(2026, 4, 30), HolidayId::reunification));
  CHECK(has(d(2026, 5, 1), HolidayId::labour_day));
  CHECK(has(d(2026, 9, 1), HolidayId::national_day));
  CHECK(has(d(2026, 9, 2), HolidayId::national_day));
  CHECK(has(d(2026, 11, 24), HolidayId::culture_day));
  CHECK(days.size() == 1 + 5 + 1 + 1 + 1 + 2 + 1);
  // Before 2021 Quốc khánh had one day; before 2013 Tết had four; Giỗ Tổ from 2007.
  const auto days_2020 = statutory_holidays(2020);
  CHECK(std::count_if(days_2020.begin(), days_2020.end(), [](const SpecialDay& day) {
          return day.holiday == HolidayId::national_day;
        }) == 1);
  const auto days_2010 = statutory_holidays(2010);
  CHECK(std::count_if(days_2010.begin(), days_2010.end(),
                      [](const SpecialDay& day) { return day.holiday == HolidayId::tet; }) == 4);
  const auto days_2005 = statutory_holidays(2005);
  CHECK(std::none_of(days_2005.begin(), days_2005.end(),
                     [](const SpecialDay& day) { return day.holiday == HolidayId::hung_kings; }));
}

TEST_CASE("compensation: the next working day that is not already off") {
  // 2023: Giỗ Tổ Sat 29/4, 30/4 Sunday, 1/5 Monday.
  std::vector<SpecialDay> days = {
      {d(2023, 4, 29), HolidayId::hung_kings, DayKind::holiday, "", ""},
      {d(2023, 4, 30), HolidayId::reunification, DayKind::holiday, "", ""},
      {d(2023, 5, 1), HolidayId::labour_day, DayKind::holiday, "", ""}};
  const auto balanced = with_compensation(days, WeekMask::monday_to_friday());
  REQUIRE(balanced.size() == 5);
  CHECK(balanced[3].date == d(2023, 5, 2));
  CHECK(balanced[3].kind == DayKind::compensatory);
  CHECK(balanced[3].holiday == HolidayId::hung_kings);
  CHECK(balanced[4].date == d(2023, 5, 3));
  CHECK(balanced[4].holiday == HolidayId::reunification);
}

TEST_CASE("the shipped official schedules") {
  const HolidaySchedule& official = HolidaySchedule::official();
  CHECK(official.years() == std::vector<int>{2014, 2015, 2019, 2023, 2024, 2025, 2026});
  CHECK(official.settles(2026, HolidayId::tet));
  CHECK_FALSE(official.settles(2026, HolidayId::hung_kings));  // statute only: not listed
  CHECK(official.settles(2024, HolidayId::reunification));
  // Round trip: what it writes loads back equal.
  const HolidaySchedule reloaded = HolidaySchedule::parse(official.to_csv(), "roundtrip.csv");
  REQUIRE(reloaded.entries().size() == official.entries().size());
  for (std::size_t i = 0; i < official.entries().size(); ++i) {
    CHECK(reloaded.entries()[i].year == official.entries()[i].year);
    CHECK(reloaded.entries()[i].day == official.entries()[i].day);
  }
}

TEST_CASE("schedule files: ranges, quoting, comments, BOM and CRLF") {
  const auto schedule = HolidaySchedule::parse(
      "\xEF\xBB\xBF# a comment\r\n" + std::string("year,holiday,kind,first,last,source,note\r\n") +
          "\r\n2030,tet,holiday,2030-02-01,2030-02-05,\"Văn bản 1, 2\",\"say \"\"hi\"\"\"\r\n",
      "x.csv");
  REQUIRE(schedule.entries().size() == 5);
  CHECK(schedule.entries()[0].day.source == "Văn bản 1, 2");
  CHECK(schedule.entries()[4].day.date == d(2030, 2, 5));
  CHECK(schedule.entries()[4].day.note == "say \"hi\"");
  CHECK(schedule.entries()[0].line == 4);
  const auto unsourced =
      HolidaySchedule::parse(kHeader + "2030,local,holiday,2030-03-01,,,\n", "mine.csv");
  CHECK(unsourced.entries()[0].day.source == "mine.csv:2");
}

TEST_CASE("malformed schedule files name the file, line and field") {
  const auto fails_with = [](const std::string& text, const std::string& expected) {
    CAPTURE(text);
    CHECK_THROWS_WITH_AS(HolidaySchedule::parse(text, "s.csv"), doctest::Contains(expected.c_str()),
                         cchc::ParseError);
  };
  fails_with("", "s.csv: empty schedule");
  fails_with("year,holiday\n", "s.csv:1: expected the header");
  fails_with(kHeader + "2030,easter,holiday,2030-04-21,,,\n",
             "s.csv:2: field 'holiday': unknown holiday 'easter'");
  fails_with(kHeader + "2030,tet,off,2030-02-01,,,\n", "s.csv:2: field 'kind': unknown kind 'off'");
  fails_with(kHeader + "2030,tet,holiday,2030-02-30,,,\n",
             "s.csv:2: field 'first': '2030-02-30' is not a real date");
  fails_with(kHeader + "2030,tet,holiday,01/02/2030,,,\n", "s.csv:2: field 'first'");
  fails_with(kHeader + "20x0,tet,holiday,2030-02-01,,,\n", "s.csv:2: field 'year'");
  fails_with(kHeader + "2030,tet,holiday,2030-02-05,2030-02-01,,\n",
             "s.csv:2: field 'last': 2030-02-01 is before");
  fails_with(kHeader + "2030,tet,holiday,2030-02-01,2030-05-01,,\n",
             "field 'last': a range of more than 31 days");
  fails_with(kHeader + "2030,tet,make_up,2030-02-01,2030-02-02,,\n",
             "a make-up working day is a single day");
  fails_with(kHeader + "2030,tet,holiday,2035-02-01,,,\n",
             "field 'first': 2035-02-01 is not within a year");
  fails_with(kHeader + "2030,tet,holiday,2030-02-01,,,\n2030,tet,holiday,2030-02-01,,,\n",
             "s.csv:3: field 'first': 2030-02-01 is listed twice");
  fails_with(kHeader + "2030,tet,holiday,2030-02-01,,\n", "s.csv:2: expected 7 fields");
  fails_with(kHeader + "2030,tet,holiday,2030-02-01,,\"open,\n",
             "s.csv:2: unterminated quoted field");
  CHECK_THROWS_WITH_AS(HolidaySchedule::load("/nonexistent/schedule.csv"),
                       doctest::Contains("/nonexistent/schedule.csv"), cchc::Error);
}
