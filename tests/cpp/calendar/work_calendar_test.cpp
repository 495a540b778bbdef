#include "cchc/calendar/work_calendar.hpp"

#include <doctest/doctest.h>

#include "support.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <span>
#include <set>
#include <string>
#include <vector>

using cchc::Date;
using namespace cchc::calendar;

using cchc::test::d;

namespace {
const WorkCalendar& civil_service() {
  return cchc::test::civil_service_calendar();
}

// Checks every day of `year`: working exactly on Monday–Friday outside `weekdays_off`, plus
// the `saturdays_worked`. The expectations are written from the official notices
// (Văn bản 8056/VPCP-KGVX, 8726/VPCP-KGVX and 12729/VPCP-KGVX of the Government Office; MOLISA
// notice 5015/TB-LĐTBXH; the Ministry of Home Affairs' notices from 2025), not from the library.
void check_year_day_by_day(const WorkCalendar& calendar, int year,
                           const std::vector<Date>& weekdays_off,
                           const std::vector<Date>& saturdays_worked) {
  const std::set<Date> off(weekdays_off.begin(), weekdays_off.end());
  const std::set<Date> worked(saturdays_worked.begin(), saturdays_worked.end());
  int checked = 0;
  for (Date day = d(year, 1, 1); day <= d(year, 12, 31); day += 1) {
    const bool expected = worked.contains(day) || (!day.is_weekend() && !off.contains(day));
    CAPTURE(day.iso());
    CHECK(calendar.is_working_day(day) == expected);
    ++checked;
  }
  CHECK(checked == (year % 4 == 0 ? 366 : 365));
}

}  // namespace

TEST_CASE("official schedule 2024, day by day") {
  check_year_day_by_day(
      civil_service(), 2024,
      {d(2024, 1, 1), d(2024, 2, 8), d(2024, 2, 9), d(2024, 2, 12), d(2024, 2, 13), d(2024, 2, 14),
       d(2024, 4, 18), d(2024, 4, 29), d(2024, 4, 30), d(2024, 5, 1), d(2024, 9, 2), d(2024, 9, 3)},
      {d(2024, 5, 4)});
}

TEST_CASE("official schedule 2025, day by day") {
  check_year_day_by_day(civil_service(), 2025,
                        {d(2025, 1, 1), d(2025, 1, 27), d(2025, 1, 28), d(2025, 1, 29),
                         d(2025, 1, 30), d(2025, 1, 31), d(2025, 4, 7), d(2025, 4, 30),
                         d(2025, 5, 1), d(2025, 5, 2), d(2025, 9, 1), d(2025, 9, 2)},
                        {d(2025, 4, 26)});
}

TEST_CASE("official schedule 2026, day by day (with the provisional Culture Day)") {
  check_year_day_by_day(
      civil_service(), 2026,
      {d(2026, 1, 1), d(2026, 1, 2), d(2026, 2, 16), d(2026, 2, 17), d(2026, 2, 18), d(2026, 2, 19),
       d(2026, 2, 20), d(2026, 4, 27), d(2026, 4, 30), d(2026, 5, 1), d(2026, 8, 31), d(2026, 9, 1),
       d(2026, 9, 2), d(2026, 11, 24)},
      {d(2026, 1, 10), d(2026, 8, 22)});
  CHECK(civil_service().describe(d(2026, 4, 27)).reason == "Giỗ Tổ Hùng Vương (compensatory)");
  CHECK(civil_service().describe(d(2026, 1, 10)).reason == "Tết Dương lịch (make_up)");
  CHECK(civil_service().describe(d(2026, 11, 24)).reason == "Ngày Văn hóa Việt Nam (holiday)");
}

TEST_CASE("official schedule 2023, day by day") {
  check_year_day_by_day(
      civil_service(), 2023,
      {d(2023, 1, 2), d(2023, 1, 20), d(2023, 1, 23), d(2023, 1, 24), d(2023, 1, 25),
       d(2023, 1, 26), d(2023, 5, 1), d(2023, 5, 2), d(2023, 5, 3), d(2023, 9, 1), d(2023, 9, 4)},
      {});
}

TEST_CASE("the statutory rules alone reproduce the 2023 compensation and Quốc khánh choices") {
  CalendarOptions options;
  options.use_official_schedules = false;
  options.first_year = 2020;
  options.last_year = 2027;
  const WorkCalendar rules_only(options);
  // Giỗ Tổ on Sat 29/4/2023 and 30/4 on Sunday: Mon 1/5 is itself a holiday, so the
  // compensatory days are Tue 2/5 and Wed 3/5 (Labour Code art. 111(3)).
  CHECK_FALSE(rules_only.is_working_day(d(2023, 5, 2)));
  CHECK_FALSE(rules_only.is_working_day(d(2023, 5, 3)));
  CHECK(rules_only.is_working_day(d(2023, 5, 4)));
  // Quốc khánh: 2021 (Thu) took Fri 3/9; 2022 (Fri) took Thu 1/9; 2023 (Sat) Fri 1/9 + Mon 4/9.
  CHECK_FALSE(rules_only.is_working_day(d(2021, 9, 3)));
  CHECK(rules_only.is_working_day(d(2021, 9, 1)));
  CHECK_FALSE(rules_only.is_working_day(d(2022, 9, 1)));
  CHECK_FALSE(rules_only.is_working_day(d(2023, 9, 1)));
  CHECK_FALSE(rules_only.is_working_day(d(2023, 9, 4)));
  // 2024 (Mon): 3/9; 2025 (Tue): 1/9.
  CHECK_FALSE(rules_only.is_working_day(d(2024, 9, 3)));
  CHECK_FALSE(rules_only.is_working_day(d(2025, 9, 1)));
  // Without schedules there are no swaps: Fri 2/1/2026 is worked, Sat 10/1/2026 is not.
  CHECK(rules_only.is_working_day(d(2026, 1, 2)));
  CHECK_FALSE(rules_only.is_working_day(d(2026, 1, 10)));
}

TEST_CASE("a year without a schedule follows the rules: 2027") {
  const WorkCalendar& calendar = civil_service();
  // Tết Đinh Mùi is Sat 6/2/2027: the five days run from 28 Chạp (Thu 4/2) to mùng 3 (Mon 8/2),
  // and the weekend days are compensated on Tue 9/2 and Wed 10/2: a break of 4/2–10/2.
  for (const Date day :
       {d(2027, 2, 4), d(2027, 2, 5), d(2027, 2, 8), d(2027, 2, 9), d(2027, 2, 10)}) {
    CAPTURE(day.iso());
    CHECK_FALSE(calendar.is_working_day(day));
  }
  CHECK(calendar.is_working_day(d(2027, 2, 3)));
  CHECK(calendar.is_working_day(d(2027, 2, 11)));
  // 1/5/2027 is a Saturday: compensated on Mon 3/5.
  CHECK_FALSE(calendar.is_working_day(d(2027, 5, 3)));
  // 2/9/2027 is a Thursday: the adjacent day is Fri 3/9.
  CHECK_FALSE(calendar.is_working_day(d(2027, 9, 3)));
  CHECK(calendar.is_working_day(d(2027, 9, 1)));
  CHECK_FALSE(calendar.is_working_day(d(2027, 11, 24)));
}

namespace {

// An official Tết break for civil servants: every day off from `first` to `last`, the weekdays
// in it that were swapped for make-up Saturdays, and those Saturdays.
struct TetBreak {
  int year;
  Date first;
  Date last;
  std::vector<Date> swapped;
  std::vector<Date> make_up;
  const char* source;
};

// Written from the public reports of each year's decision, not from the library.
const std::vector<TetBreak>& official_tet_breaks() {
  static const std::vector<TetBreak> breaks = {
      {2014, d(2014, 1, 28), d(2014, 2, 5), {d(2014, 1, 28), d(2014, 1, 29)},
       {d(2014, 1, 25), d(2014, 2, 8)},
       "Prime Minister's approval of the 2014 swaps (baodongthap.com.vn 18/12/2013; laodong.vn)"},
      {2015, d(2015, 2, 15), d(2015, 2, 23), {d(2015, 2, 16)}, {d(2015, 2, 14)},
       "Tờ trình 89/TTr-LĐTBXH (20/11/2014); the Prime Minister's approval of nine days"},
      {2016, d(2016, 2, 6), d(2016, 2, 14), {}, {},
       "Government meeting of 29/10/2015: 28 Chạp – mùng 7, nine days, no swap"},
      {2017, d(2017, 1, 26), d(2017, 2, 1), {}, {},
       "the Prime Minister's decision reported by batgt.camau.gov.vn: 29 Chạp – mùng 5, no swap"},
      {2018, d(2018, 2, 14), d(2018, 2, 20), {}, {}, "Thông báo 573/TB-VPCP (14/12/2017)"},
      {2019, d(2019, 2, 2), d(2019, 2, 10), {}, {},
       "MOLISA announcement of 6/8/2018 (vietnamnet.vn)"},
      {2020, d(2020, 1, 23), d(2020, 1, 29), {}, {},
       "29 Chạp – mùng 5 (socongthuong.daklak.gov.vn, 7/1/2020)"},
      {2021, d(2021, 2, 10), d(2021, 2, 16), {}, {},
       "29 Chạp – mùng 5, five Tết days and a weekend (hanoimoi.vn)"},
      {2022, d(2022, 1, 29), d(2022, 2, 6), {}, {},
       "the Deputy Prime Minister's approval of 31/1–4/2/2022 (Government Office announcement)"},
      {2023, d(2023, 1, 20), d(2023, 1, 26), {}, {}, "Văn bản 8056/VPCP-KGVX (1/12/2022)"},
      {2024, d(2024, 2, 8), d(2024, 2, 14), {}, {}, "MOLISA notice of 5/11/2023"},
      {2025, d(2025, 1, 25), d(2025, 2, 2), {}, {}, "Văn bản 8726/VPCP-KGVX (26/11/2024)"},
      {2026, d(2026, 2, 14), d(2026, 2, 22), {}, {},
       "Tết Bính Ngọ schedule approved in 2025: 27 Chạp – mùng 6, nine days"},
  };
  return breaks;
}

bool contains(const std::vector<Date>& days, Date day) {
  return std::find(days.begin(), days.end(), day) != days.end();
}

// Checks two weeks around `tet_break` on `calendar`: off inside the break, working outside it
// on weekdays and on the make-up Saturdays. With `swaps` false the swapped days and make-up
// Saturdays are expected as the statutory rule gives them (weekday worked, Saturday off).
void check_tet_break(const WorkCalendar& calendar, const TetBreak& tet_break, bool swaps) {
  CAPTURE(tet_break.source);
  for (Date day = tet_break.first - 7; day <= tet_break.last + 7; day += 1) {
    bool off = (day >= tet_break.first && day <= tet_break.last) || day.is_weekend();
    if (contains(tet_break.make_up, day)) off = !swaps;
    if (contains(tet_break.swapped, day)) off = swaps;
    CAPTURE(day.iso());
    CHECK(calendar.is_working_day(day) == !off);
  }
}

}  // namespace

TEST_CASE("every official Tết break since 2014, with the shipped schedules") {
  for (const TetBreak& tet_break : official_tet_breaks()) {
    CAPTURE(tet_break.year);
    check_tet_break(civil_service(), tet_break, true);
  }
}

TEST_CASE("the default Tết rule alone reproduces the official breaks of 2015–2026") {
  // Five days from two days before mùng 1, then art. 111(3) compensation. Swaps for make-up
  // Saturdays (2014, 2015) are decisions no rule can give: they come from the schedule file.
  CalendarOptions options;
  options.use_official_schedules = false;
  options.first_year = 2013;
  options.last_year = 2027;
  const WorkCalendar rules_only(options);
  for (const TetBreak& tet_break : official_tet_breaks()) {
    if (tet_break.year == 2014) continue;
    CAPTURE(tet_break.year);
    check_tet_break(rules_only, tet_break, false);
  }
  // 2014 is the exception: Tết was on a Friday and the five days ran 30 Chạp – mùng 4, one
  // later than the rule; 2018, also a Friday, ran 29 Chạp – mùng 3 as the rule says. No rule on
  // the weekday can give both, so 2014 is a row of the schedule file.
  CHECK_FALSE(rules_only.is_working_day(d(2014, 1, 29)));
  CHECK(rules_only.is_working_day(d(2014, 2, 5)));
  CHECK(civil_service().is_working_day(d(2014, 1, 25)));  // make-up Saturday
  CHECK_FALSE(civil_service().is_working_day(d(2014, 2, 5)));
  // The setting: one day before mùng 1 (giao thừa + mùng 1–4) reproduces 2014's five days.
  options.rules.tet_days_before_new_year = 1;
  const WorkCalendar one_before(options);
  for (const Date day : {d(2014, 1, 30), d(2014, 1, 31), d(2014, 2, 3), d(2014, 2, 4),
                         d(2014, 2, 5)}) {
    CAPTURE(day.iso());
    CHECK_FALSE(one_before.is_working_day(day));
  }
  CHECK(one_before.is_working_day(d(2014, 1, 29)));
  // …and misses 2025 (Tết on Wednesday), whose break began on 28 Chạp, Monday 27/1.
  CHECK(one_before.is_working_day(d(2025, 1, 27)));
  CHECK_FALSE(rules_only.is_working_day(d(2025, 1, 27)));
}

TEST_CASE("a published schedule is one data row away: Tết 2027 as a user schedule") {
  // Suppose the 2027 notice set the break at 3/2–10/2 with a swap of Wed 3/2 for Sat 30/1.
  const HolidaySchedule notice = HolidaySchedule::parse(
      "year,holiday,kind,first,last,source,note\n"
      "2027,tet,holiday,2027-02-04,2027-02-08,Thông báo năm 2027,\n"
      "2027,tet,compensatory,2027-02-09,2027-02-10,Thông báo năm 2027,\n"
      "2027,tet,swapped,2027-02-03,,Thông báo năm 2027,\n"
      "2027,tet,make_up,2027-01-30,,Thông báo năm 2027,\n",
      "2027.csv");
  CalendarOptions options;
  options.first_year = 2026;
  options.last_year = 2028;
  options.schedules = {notice};
  const WorkCalendar calendar(options);
  const TetBreak published{2027, d(2027, 2, 3), d(2027, 2, 10), {d(2027, 2, 3)}, {d(2027, 1, 30)},
                           "a hypothetical 2027 notice"};
  check_tet_break(calendar, published, true);
  CHECK(calendar.describe(d(2027, 2, 3)).source == "Thông báo năm 2027");
}

TEST_CASE("Culture Day can be switched off or re-dated") {
  CalendarOptions options;
  options.first_year = 2025;
  options.last_year = 2028;
  options.rules.culture_day = false;
  CHECK(WorkCalendar(options).is_working_day(d(2026, 11, 24)));
  options.rules.culture_day = true;
  options.rules.culture_day_from_year = 2027;
  const WorkCalendar later(options);
  CHECK(later.is_working_day(d(2026, 11, 24)));
  CHECK_FALSE(later.is_working_day(d(2027, 11, 24)));
}

TEST_CASE("make-up Saturdays can be excluded from working days") {
  CalendarOptions options;
  options.first_year = 2026;
  options.last_year = 2026;
  options.count_make_up_days = false;
  const WorkCalendar calendar(options);
  CHECK_FALSE(calendar.is_working_day(d(2026, 1, 10)));
  CHECK_FALSE(calendar.is_working_day(d(2026, 1, 2)));  // the swapped day stays off
  CHECK(calendar.describe(d(2026, 1, 10)).reason ==
        "weekly rest day (make-up day not counted as working)");
}

TEST_CASE("a Monday–Saturday week: Saturdays work, swaps do not apply, Sundays compensate") {
  CalendarOptions options;
  options.first_year = 2024;
  options.last_year = 2026;
  options.week = WeekMask::monday_to_saturday();
  const WorkCalendar calendar(options);
  CHECK(calendar.is_working_day(d(2026, 1, 3)));         // an ordinary Saturday
  CHECK(calendar.is_working_day(d(2026, 1, 2)));         // the civil-service swap is not theirs
  CHECK_FALSE(calendar.is_working_day(d(2026, 4, 27)));  // Giỗ Tổ on Sunday 26/4 → Monday
  // Tết 2024: the official holiday days 8–12/2 are kept; only Sunday 11/2 falls on this week's
  // rest day, so one compensatory day (Tue 13/2) replaces the civil service's two.
  CHECK_FALSE(calendar.is_working_day(d(2024, 2, 10)));
  CHECK_FALSE(calendar.is_working_day(d(2024, 2, 13)));
  CHECK(calendar.is_working_day(d(2024, 2, 14)));
}

TEST_CASE("user schedules and overrides come above the official schedule") {
  const auto local = HolidaySchedule::parse(
      "year,holiday,kind,first,last,source,note\n"
      "2026,national_day,holiday,2026-09-02,2026-09-03,QĐ 1/QĐ-UBND,\n"
      "2026,local,holiday,2026-03-10,,QĐ 2/QĐ-UBND,ngày truyền thống tỉnh\n",
      "local.csv");
  CalendarOptions options;
  options.first_year = 2026;
  options.last_year = 2026;
  options.schedules.push_back(local);
  options.overrides.push_back({d(2026, 2, 20), true, "trực Tết"});
  options.overrides.push_back({d(2026, 6, 1), false, "QĐ 3/QĐ-UBND"});
  const WorkCalendar calendar(options);
  CHECK(calendar.is_working_day(d(2026, 8, 31)));  // official swap replaced
  CHECK(calendar.is_working_day(d(2026, 9, 1)));
  CHECK_FALSE(calendar.is_working_day(d(2026, 9, 3)));
  CHECK_FALSE(calendar.is_working_day(d(2026, 3, 10)));
  CHECK(calendar.describe(d(2026, 3, 10)).source == "QĐ 2/QĐ-UBND");
  CHECK(calendar.is_working_day(d(2026, 2, 20)));
  CHECK_FALSE(calendar.is_working_day(d(2026, 6, 1)));
  CHECK(calendar.describe(d(2026, 6, 1)).source == "QĐ 3/QĐ-UBND");
  CHECK(calendar.is_working_day(d(2026, 1, 10)));  // other official entries still apply
}

TEST_CASE("working-day arithmetic follows numpy.busday_offset / busday_count") {
  const WorkCalendar& calendar = civil_service();
  // Tết 2024: off Thu 8/2 – Wed 14/2.
  CHECK(calendar.add_working_days(d(2024, 2, 7), 1) == d(2024, 2, 15));
  CHECK(calendar.add_working_days(d(2024, 2, 15), -1) == d(2024, 2, 7));
  CHECK(calendar.add_working_days(d(2024, 2, 10), 0) == d(2024, 2, 15));
  CHECK(calendar.add_working_days(d(2024, 2, 10), 0, Roll::backward) == d(2024, 2, 7));
  CHECK(calendar.add_working_days(d(2024, 2, 10), 1, Roll::backward) == d(2024, 2, 15));
  CHECK_THROWS_WITH_AS((void)calendar.add_working_days(d(2024, 2, 10), 1, Roll::raise),
                       doctest::Contains("2024-02-10 is not a working day"), cchc::Error);
  // A make-up Saturday is a working day: Fri 9/1/2026 + 1 is Sat 10/1/2026.
  CHECK(calendar.add_working_days(d(2026, 1, 9), 1) == d(2026, 1, 10));
  CHECK(calendar.count_working_days(d(2024, 2, 1), d(2024, 3, 1)) == 16);
  CHECK(calendar.count_working_days(d(2024, 2, 1), d(2024, 2, 1)) == 0);
  CHECK(calendar.count_working_days(d(2024, 3, 1), d(2024, 2, 1)) == -16);
  // Mirrored interval when end < begin: -(working days in (end, begin]).
  CHECK(calendar.count_working_days(d(2024, 1, 6), d(2024, 1, 5)) == 0);
  CHECK(calendar.count_working_days(d(2024, 1, 8), d(2024, 1, 6)) == -1);
  CHECK(calendar.next_working_day(d(2024, 2, 7)) == d(2024, 2, 15));
  CHECK(calendar.previous_working_day(d(2024, 2, 15)) == d(2024, 2, 7));
  CHECK(calendar.roll_forward(d(2024, 2, 7)) == d(2024, 2, 7));
  CHECK(calendar.roll_backward(d(2024, 2, 11)) == d(2024, 2, 7));
  // A full year: 2024 has 262 weekdays, 12 of them off, plus one make-up Saturday.
  CHECK(calendar.count_working_days(d(2024, 1, 1), d(2025, 1, 1)) == 262 - 12 + 1);
  // Consistency of the two tables on every day of a decade.
  for (Date day = d(2020, 1, 1); day < d(2030, 1, 1); day += 1) {
    const Date next = calendar.add_working_days(day, 1);
    REQUIRE(calendar.count_working_days(day, day + 1) == (calendar.is_working_day(day) ? 1 : 0));
    REQUIRE(calendar.add_working_days(day, 0) == calendar.roll_forward(day));
    REQUIRE(calendar.count_working_days(calendar.roll_forward(day), next) == 1);
  }
}

TEST_CASE("the calendar's edges and bad ranges give clear errors") {
  const WorkCalendar& calendar = civil_service();
  CHECK(calendar.first_day() == d(1900, 1, 1));
  CHECK(calendar.last_day() == d(2199, 12, 31));
  CHECK(calendar.count_working_days(d(2199, 12, 31), d(2200, 1, 1)) ==
        (calendar.is_working_day(d(2199, 12, 31)) ? 1 : 0));
  CHECK_THROWS_WITH_AS((void)calendar.is_working_day(d(2200, 1, 1)),
                       doctest::Contains("2200-01-01 is outside the working-day calendar"),
                       cchc::OutOfRange);
  CHECK_THROWS_AS((void)calendar.add_working_days(d(2199, 12, 30), 5), cchc::OutOfRange);
  CHECK_THROWS_AS((void)calendar.previous_working_day(d(1900, 1, 1)), cchc::OutOfRange);
  CalendarOptions options;
  options.first_year = 1850;
  CHECK_THROWS_WITH_AS(WorkCalendar{options}, doctest::Contains("1850"), cchc::OutOfRange);
  options.first_year = 2030;
  options.last_year = 2020;
  CHECK_THROWS_AS(WorkCalendar{options}, cchc::OutOfRange);
  options.first_year = 2026;
  options.last_year = 2026;
  options.overrides.push_back({d(2027, 1, 4), false, "x"});
  CHECK_THROWS_WITH_AS(WorkCalendar{options}, doctest::Contains("2027-01-04"), cchc::OutOfRange);
}

TEST_CASE("week masks parse like numpy's") {
  CHECK(WeekMask::parse("1111100") == WeekMask::monday_to_friday());
  CHECK(WeekMask::parse("1111110") == WeekMask::monday_to_saturday());
  CHECK(WeekMask::monday_to_friday().to_string() == "1111100");
  CHECK_FALSE(WeekMask::monday_to_friday().works_on(Weekday::saturday));
  CHECK_THROWS_WITH_AS(WeekMask::parse("11111"), doctest::Contains("'11111'"), cchc::Error);
  CHECK_THROWS_AS(WeekMask::parse("111110x"), cchc::Error);
}

TEST_CASE("array kernels: every pair around the table's edges as the scalar functions") {
  CalendarOptions options;
  options.first_year = 2023;
  options.last_year = 2025;
  const WorkCalendar calendar(options);  // holidays, Tết, make-up Saturdays counted
  const std::int64_t first = calendar.first_day().days_since_epoch();
  const std::int64_t last = calendar.last_day().days_since_epoch();
  // Days from two before the table to two after it, the middle thinned out; every pair of
  // them, both orders, in one array (several kernel blocks).
  std::vector<std::int64_t> days;
  for (std::int64_t day = first - 2; day <= last + 2; ++day) {
    if (day < first + 40 || day > last - 40 || day % 7 == 0) days.push_back(day);
  }
  std::vector<std::int64_t> begins;
  std::vector<std::int64_t> ends;
  for (const std::int64_t begin : days) {
    for (const std::int64_t end : days) {
      begins.push_back(begin);
      ends.push_back(end);
    }
  }
  std::vector<std::int64_t> counts(begins.size());
  std::size_t refused_pairs = 0;
  // Each pair alone: the kernel refuses exactly the pairs the scalar function throws for.
  for (std::size_t i = 0; i < begins.size(); ++i) {
    std::int64_t count = 0;
    const std::size_t refused = calendar.count_working_days(
        std::span(&begins[i], 1), std::span(&ends[i], 1), std::span(&count, 1));
    bool scalar_refuses = false;
    std::int64_t expected = 0;
    try {
      expected = calendar.count_working_days(Date::from_days(static_cast<Date::rep>(begins[i])),
                                             Date::from_days(static_cast<Date::rep>(ends[i])));
    } catch (const cchc::OutOfRange&) {
      scalar_refuses = true;
    }
    CAPTURE(begins[i] - first);
    CAPTURE(ends[i] - first);
    REQUIRE((refused == 0) == scalar_refuses);
    if (!scalar_refuses) REQUIRE(count == expected);
    refused_pairs += scalar_refuses ? 1 : 0;
  }
  CHECK(refused_pairs > 0);
  // The whole array: the first refused position is the first pair the scalar refuses.
  const std::size_t refused = calendar.count_working_days(begins, ends, counts);
  std::size_t expected_refused = begins.size();
  for (std::size_t i = 0; i < begins.size() && expected_refused == begins.size(); ++i) {
    try {
      (void)calendar.count_working_days(Date::from_days(static_cast<Date::rep>(begins[i])),
                                        Date::from_days(static_cast<Date::rep>(ends[i])));
    } catch (const cchc::OutOfRange&) {
      expected_refused = i;
    }
  }
  CHECK(refused == expected_refused);
  // Day numbers no Date can hold (NaT is INT64_MIN) are refused, not wrapped onto the table.
  const std::vector<std::int64_t> odd{std::numeric_limits<std::int64_t>::min(),
                                      std::numeric_limits<std::int64_t>::max(),
                                      first + (std::int64_t{1} << 32), first};
  std::vector<std::int64_t> odd_counts(odd.size());
  const std::vector<std::int64_t> at_first(odd.size(), first);
  CHECK(calendar.count_working_days(odd, at_first, odd_counts) == 0);
  CHECK(calendar.count_working_days(std::span(odd).subspan(2), std::span(at_first).subspan(2),
                                    std::span(odd_counts).subspan(2)) == 0);
  CHECK(calendar.count_working_days(std::span(odd).subspan(3), std::span(at_first).subspan(3),
                                    std::span(odd_counts).subspan(3)) == 1);
  // is_working_day over the same days.
  std::vector<std::int64_t> inside(days.begin() + 2, days.end() - 2);
  const auto working = std::make_unique<bool[]>(inside.size() + 1);
  REQUIRE(calendar.is_working_day(inside, std::span(working.get(), inside.size())) ==
          inside.size());
  for (std::size_t i = 0; i < inside.size(); ++i) {
    REQUIRE(working[i] ==
            calendar.is_working_day(Date::from_days(static_cast<Date::rep>(inside[i]))));
  }
  CHECK(calendar.is_working_day(days, std::span(working.get(), 1)) == 0);
  inside.push_back(last + 1);
  CHECK(calendar.is_working_day(inside, std::span(working.get(), inside.size())) ==
        inside.size() - 1);
}
