#include "cchc/calendar/period.hpp"

#include <doctest/doctest.h>

#include "support.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "cchc/calendar/work_calendar.hpp"

using cchc::Date;
using cchc::calendar::CalendarOptions;
using cchc::calendar::CutoffRule;
using cchc::calendar::DataRange;
using cchc::calendar::DeadlineRule;
using cchc::calendar::DueRoll;
using cchc::calendar::MonthDay;
using cchc::calendar::Period;
using cchc::calendar::PeriodKind;
using cchc::calendar::ReportingSchedule;
using cchc::calendar::Weekday;
using cchc::calendar::WorkCalendar;

using cchc::test::d;

namespace {

DataRange range(Date first, Date last) {
  return {first, last};
}

const CutoffRule kDecree = CutoffRule::decree_09_2019();
const CutoffRule kCalendar = CutoffRule::calendar_months();

const WorkCalendar& calendar_2020s() {
  static const WorkCalendar calendar = [] {
    CalendarOptions options;
    options.first_year = 2020;
    options.last_year = 2030;
    return WorkCalendar(options);
  }();
  return calendar;
}

std::vector<std::string> labels(const std::vector<Period>& periods) {
  std::vector<std::string> out;
  for (const Period& period : periods) out.push_back(period.label());
  return out;
}

}  // namespace

TEST_CASE("Period: kinds, keys and indexes") {
  for (const PeriodKind kind : cchc::calendar::kAllPeriodKinds) {
    CHECK(cchc::calendar::period_kind_from_key(cchc::calendar::period_kind_key(kind)) == kind);
  }
  CHECK(cchc::calendar::period_kind_key(PeriodKind::nine_months) == "nine_months");
  CHECK_FALSE(cchc::calendar::period_kind_from_key("fortnight").has_value());
  CHECK(cchc::calendar::periods_per_year(PeriodKind::month) == 12);
  CHECK(cchc::calendar::periods_per_year(PeriodKind::quarter) == 4);
  CHECK(cchc::calendar::periods_per_year(PeriodKind::half_year) == 2);
  CHECK(cchc::calendar::periods_per_year(PeriodKind::nine_months) == 1);
  CHECK(cchc::calendar::periods_per_year(PeriodKind::year) == 1);
}

TEST_CASE("Period: impossible periods throw InvalidDate naming the value") {
  CHECK_THROWS_WITH_AS(Period::quarter(2023, 5), doctest::Contains("quarter 5 does not exist"),
                       cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(Period::quarter(2023, 0), doctest::Contains("quarter 0"), cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(Period::month(2023, 13), doctest::Contains("month 13 does not exist"),
                       cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(Period::month(2023, 13), doctest::Contains("1–12"), cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(Period::half_year(2023, 3), doctest::Contains("half 3"), cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(Period(PeriodKind::year, 2023, 2), doctest::Contains("year 2"),
                       cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(Period(PeriodKind::nine_months, 2023, 2),
                       doctest::Contains("nine-month period 2"), cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(Period::whole_year(0), doctest::Contains("year 0"), cchc::InvalidDate);
  CHECK_THROWS_AS(Period::whole_year(10000), cchc::InvalidDate);
  CHECK_NOTHROW(Period::whole_year(9999));
}

TEST_CASE("Period: nominal calendar ranges") {
  CHECK(Period::quarter(2023, 1).first_day() == d(2023, 1, 1));
  CHECK(Period::quarter(2023, 1).last_day() == d(2023, 3, 31));
  CHECK(Period::quarter(2023, 4).first_day() == d(2023, 10, 1));
  CHECK(Period::month(2024, 2).last_day() == d(2024, 2, 29));
  CHECK(Period::month(2023, 2).last_day() == d(2023, 2, 28));
  CHECK(Period::half_year(2023, 2).first_day() == d(2023, 7, 1));
  CHECK(Period::half_year(2023, 2).last_day() == d(2023, 12, 31));
  CHECK(Period::nine_months(2023).first_day() == d(2023, 1, 1));
  CHECK(Period::nine_months(2023).last_day() == d(2023, 9, 30));
  CHECK(Period::whole_year(2023).last_day() == d(2023, 12, 31));
  CHECK(Period::quarter(2023, 3).first_month() == 7);
  CHECK(Period::quarter(2023, 3).last_month() == 9);
}

TEST_CASE("Period: Vietnamese labels and codes") {
  CHECK(Period::month(2023, 3).label() == "Tháng 3/2023");
  CHECK(Period::quarter(2023, 1).label() == "Quý I/2023");
  CHECK(Period::quarter(2023, 4).label() == "Quý IV/2023");
  CHECK(Period::half_year(2023, 1).label() == "6 tháng đầu năm 2023");
  CHECK(Period::half_year(2023, 2).label() == "6 tháng cuối năm 2023");
  CHECK(Period::nine_months(2023).label() == "9 tháng năm 2023");
  CHECK(Period::whole_year(2023).label() == "Năm 2023");
  CHECK(Period::month(2023, 3).code() == "2023-03");
  CHECK(Period::quarter(2023, 1).code() == "2023-Q1");
  CHECK(Period::half_year(2023, 2).code() == "2023-H2");
  CHECK(Period::nine_months(2023).code() == "2023-9M");
  CHECK(Period::whole_year(2023).code() == "2023");
}

TEST_CASE("Period: next, previous and ordering") {
  CHECK(Period::month(2022, 12).next() == Period::month(2023, 1));
  CHECK(Period::month(2023, 1).previous() == Period::month(2022, 12));
  CHECK(Period::quarter(2023, 4).next() == Period::quarter(2024, 1));
  CHECK(Period::quarter(2023, 2).next() == Period::quarter(2023, 3));
  CHECK(Period::half_year(2023, 1).previous() == Period::half_year(2022, 2));
  CHECK(Period::nine_months(2023).next() == Period::nine_months(2024));
  CHECK(Period::whole_year(2023).previous() == Period::whole_year(2022));
  CHECK_THROWS_AS((void)Period::whole_year(9999).next(), cchc::InvalidDate);
  // Chronological within a kind, then by kind.
  CHECK(Period::quarter(2022, 4) < Period::quarter(2023, 1));
  CHECK(Period::month(2023, 2) < Period::month(2023, 11));
  CHECK(Period::month(2030, 1) < Period::quarter(2020, 1));
  CHECK(Period::quarter(2023, 1) != Period::month(2023, 1));
}

TEST_CASE("Period::parse: codes and Vietnamese labels") {
  const Period q1 = Period::quarter(2023, 1);
  for (const std::string text :
       {"Q1/2023", "q1/2023", "Q1-2023", "Q1 2023", "2023-Q1", "2023Q1", "Quý I/2023", "Quý 1/2023",
        "quý I năm 2023", "QUÝ I NĂM 2023", "Quí I/2023", "QUÍ I/2023", "  Quý   I / 2023 ",
        "Quý\xC2\xA0I/2023"}) {
    CAPTURE(text);
    CHECK(Period::parse(text) == q1);
  }
  for (const std::string text : {"2023-03", "2023-3", "3/2023", "03/2023", "Tháng 3/2023",
                                 "tháng 3 năm 2023", "THÁNG 3/2023"}) {
    CAPTURE(text);
    CHECK(Period::parse(text) == Period::month(2023, 3));
  }
  for (const std::string text :
       {"H1/2023", "2023-H1", "6 tháng đầu năm 2023", "6 tháng năm 2023", "6 THÁNG ĐẦU NĂM 2023"}) {
    CAPTURE(text);
    CHECK(Period::parse(text) == Period::half_year(2023, 1));
  }
  CHECK(Period::parse("6 tháng cuối năm 2023") == Period::half_year(2023, 2));
  CHECK(Period::parse("6 THÁNG CUỐI NĂM 2023") == Period::half_year(2023, 2));
  CHECK(Period::parse("H2/2023") == Period::half_year(2023, 2));
  for (const std::string text :
       {"9M/2023", "2023-9M", "9 tháng 2023", "9 tháng năm 2023", "9 tháng đầu năm 2023"}) {
    CAPTURE(text);
    CHECK(Period::parse(text) == Period::nine_months(2023));
  }
  for (const std::string text : {"2023", "Năm 2023", "năm 2023", "NĂM 2023"}) {
    CAPTURE(text);
    CHECK(Period::parse(text) == Period::whole_year(2023));
  }
}

TEST_CASE("Period::parse reads back every label and code") {
  for (const PeriodKind kind : cchc::calendar::kAllPeriodKinds) {
    for (int index = 1; index <= cchc::calendar::periods_per_year(kind); ++index) {
      const Period period(kind, 2026, index);
      CAPTURE(period.code());
      CHECK(Period::parse(period.label()) == period);
      CHECK(Period::parse(period.code()) == period);
    }
  }
}

TEST_CASE("Period::parse: malformed text throws ParseError, impossible values InvalidDate") {
  for (const std::string text : {"", "Q1", "2023-", "/2023", "Quý/2023", "X1/2023", "Q1/23",
                                 "2023-06-01", "20231", "Q1.2023", "Tháng/2023", "Quý V I/2023",
                                 "tháng 123/2023", "7 tháng năm 2023", "Q1/2023 xyz", "Q1/202x"}) {
    CAPTURE(text);
    CHECK_THROWS_AS(Period::parse(text), cchc::ParseError);
  }
  CHECK_THROWS_WITH_AS(Period::parse("Q1/23"),
                       doctest::Contains("'Q1/23' is not a reporting period"), cchc::ParseError);
  CHECK_THROWS_WITH_AS(Period::parse("Q5/2023"),
                       doctest::Contains("'Q5/2023' is not a reporting period: quarter 5"),
                       cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(Period::parse("Quý V/2023"), doctest::Contains("quarter 5"),
                       cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(Period::parse("2023-13"), doctest::Contains("month 13"), cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(Period::parse("Tháng 0/2023"), doctest::Contains("month 0"),
                       cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(Period::parse("H3/2023"), doctest::Contains("half 3"), cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(Period::parse("Năm 0000"), doctest::Contains("year 0"), cchc::InvalidDate);
}

TEST_CASE("data_range: Decree 09/2019 art. 12 cut-offs") {
  // The seed report: Quý I/2023 counts 15/12/2022–14/3/2023.
  CHECK(cchc::calendar::data_range(Period::quarter(2023, 1), kDecree) ==
        range(d(2022, 12, 15), d(2023, 3, 14)));
  CHECK(cchc::calendar::data_range(Period::quarter(2023, 2), kDecree) ==
        range(d(2023, 3, 15), d(2023, 6, 14)));
  CHECK(cchc::calendar::data_range(Period::quarter(2023, 4), kDecree) ==
        range(d(2023, 9, 15), d(2023, 12, 14)));
  CHECK(cchc::calendar::data_range(Period::month(2023, 1), kDecree) ==
        range(d(2022, 12, 15), d(2023, 1, 14)));
  CHECK(cchc::calendar::data_range(Period::month(2023, 3), kDecree) ==
        range(d(2023, 2, 15), d(2023, 3, 14)));
  CHECK(cchc::calendar::data_range(Period::half_year(2023, 1), kDecree) ==
        range(d(2022, 12, 15), d(2023, 6, 14)));
  CHECK(cchc::calendar::data_range(Period::half_year(2023, 2), kDecree) ==
        range(d(2023, 6, 15), d(2023, 12, 14)));
  CHECK(cchc::calendar::data_range(Period::nine_months(2023), kDecree) ==
        range(d(2022, 12, 15), d(2023, 9, 14)));
  CHECK(cchc::calendar::data_range(Period::whole_year(2023), kDecree) ==
        range(d(2022, 12, 15), d(2023, 12, 14)));
  CHECK(cchc::calendar::cutoff_date(Period::quarter(2026, 1), kDecree) == d(2026, 3, 14));
  CHECK(cchc::calendar::data_range(Period::quarter(2023, 1), kDecree).days() == 90);
}

TEST_CASE("data_range: the seed Q1/2023 report states the Decree 09 range") {
  std::ifstream file(std::string(CCHC_SEEDS_DIR) +
                     "/quang-ngai-industry-trade-cchc-report-q1-2023.txt");
  REQUIRE(file.good());
  const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  const DataRange q1 = cchc::calendar::data_range(Period::quarter(2023, 1), kDecree);
  const std::string stated =
      "từ ngày " + std::to_string(q1.first.day()) + "/" + std::to_string(q1.first.month()) + "/" +
      std::to_string(q1.first.year()) + " đến " + std::to_string(q1.last.day()) + "/" +
      std::to_string(q1.last.month()) + "/" + std::to_string(q1.last.year());
  CHECK(stated == "từ ngày 15/12/2022 đến 14/3/2023");
  CHECK(text.find(stated) != std::string::npos);
}

TEST_CASE("data_range: calendar months and other configured rules") {
  CHECK(cchc::calendar::data_range(Period::quarter(2023, 1), kCalendar) ==
        range(d(2023, 1, 1), d(2023, 3, 31)));
  CHECK(cchc::calendar::data_range(Period::month(2024, 2), kCalendar) ==
        range(d(2024, 2, 1), d(2024, 2, 29)));
  CHECK(cchc::calendar::data_range(Period::whole_year(2023), kCalendar) ==
        range(d(2023, 1, 1), d(2023, 12, 31)));
  // Data to the end of the month before the period's last month ("1/12 to 30/11").
  const CutoffRule month_earlier{CutoffRule::kMonthEnd, -1};
  CHECK(cchc::calendar::data_range(Period::whole_year(2023), month_earlier) ==
        range(d(2022, 12, 1), d(2023, 11, 30)));
  CHECK(cchc::calendar::data_range(Period::quarter(2023, 1), month_earlier) ==
        range(d(2022, 12, 1), d(2023, 2, 28)));
  const CutoffRule twentieth{20, -1};
  CHECK(cchc::calendar::data_range(Period::month(2023, 3), twentieth) ==
        range(d(2023, 1, 21), d(2023, 2, 20)));
}

TEST_CASE("data_range: cut-off days missing in short months are the month's last day") {
  const CutoffRule thirtieth{30, 0};
  CHECK(cchc::calendar::data_range(Period::month(2023, 2), thirtieth) ==
        range(d(2023, 1, 31), d(2023, 2, 28)));
  CHECK(cchc::calendar::data_range(Period::month(2023, 3), thirtieth) ==
        range(d(2023, 3, 1), d(2023, 3, 30)));
  CHECK(cchc::calendar::data_range(Period::month(2024, 2), thirtieth) ==
        range(d(2024, 1, 31), d(2024, 2, 29)));
  const CutoffRule twenty_ninth{29, 0};
  CHECK(cchc::calendar::data_range(Period::month(2024, 2), twenty_ninth) ==
        range(d(2024, 1, 30), d(2024, 2, 29)));
  CHECK(cchc::calendar::data_range(Period::month(2024, 3), twenty_ninth) ==
        range(d(2024, 3, 1), d(2024, 3, 29)));
  CHECK(cchc::calendar::data_range(Period::month(2023, 3), twenty_ninth) ==
        range(d(2023, 3, 1), d(2023, 3, 29)));
  CHECK(cchc::calendar::data_range(Period::month(2023, 2), twenty_ninth) ==
        range(d(2023, 1, 30), d(2023, 2, 28)));
  // 31 is the month end in every month: the calendar rule.
  CHECK(cchc::calendar::data_range(Period::month(2023, 4), CutoffRule{31, 0}) ==
        range(d(2023, 4, 1), d(2023, 4, 30)));
}

TEST_CASE("data_range: consecutive periods tile the timeline under every rule") {
  for (const CutoffRule rule :
       {kDecree, kCalendar, CutoffRule{1, 0}, CutoffRule{28, 0}, CutoffRule{29, 0},
        CutoffRule{30, 0}, CutoffRule{14, -1}, CutoffRule{31, -11}}) {
    CAPTURE(rule.to_string());
    for (const PeriodKind kind :
         {PeriodKind::month, PeriodKind::quarter, PeriodKind::half_year, PeriodKind::year}) {
      Period period(kind, 2019, 1);
      for (int step = 0; step < 40; ++step) {
        const Period next = period.next();
        CAPTURE(next.code());
        const DataRange current = cchc::calendar::data_range(period, rule);
        CHECK(current.first <= current.last);
        CHECK(cchc::calendar::data_range(next, rule).first == current.last + 1);
        period = next;
      }
    }
  }
}

TEST_CASE("data_range: an invalid rule throws naming the value") {
  CHECK_THROWS_WITH_AS(cchc::calendar::data_range(Period::quarter(2023, 1), CutoffRule{32, 0}),
                       doctest::Contains("day 32"), cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(cchc::calendar::data_range(Period::quarter(2023, 1), CutoffRule{0, 0}),
                       doctest::Contains("day 0"), cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(cchc::calendar::data_range(Period::quarter(2023, 1), CutoffRule{14, 1}),
                       doctest::Contains("offset 1"), cchc::OutOfRange);
  CHECK_THROWS_AS(cchc::calendar::period_of(d(2023, 1, 1), PeriodKind::month, CutoffRule{14, -12}),
                  cchc::OutOfRange);
}

TEST_CASE("period_of: the period whose data range holds the date") {
  using cchc::calendar::period_of;
  // 15–31 December counts for next year's first month, quarter, half, nine months and year.
  CHECK(period_of(d(2022, 12, 20), PeriodKind::quarter, kDecree) == Period::quarter(2023, 1));
  CHECK(period_of(d(2022, 12, 20), PeriodKind::year, kDecree) == Period::whole_year(2023));
  CHECK(period_of(d(2022, 12, 20), PeriodKind::month, kDecree) == Period::month(2023, 1));
  CHECK(period_of(d(2022, 12, 31), PeriodKind::half_year, kDecree) == Period::half_year(2023, 1));
  CHECK(period_of(d(2022, 12, 31), PeriodKind::nine_months, kDecree) == Period::nine_months(2023));
  // Early January belongs to the same year's Q1.
  CHECK(period_of(d(2023, 1, 3), PeriodKind::quarter, kDecree) == Period::quarter(2023, 1));
  CHECK(period_of(d(2023, 1, 1), PeriodKind::year, kDecree) == Period::whole_year(2023));
  CHECK(period_of(d(2023, 1, 14), PeriodKind::month, kDecree) == Period::month(2023, 1));
  CHECK(period_of(d(2023, 1, 15), PeriodKind::month, kDecree) == Period::month(2023, 2));
  // On the cut-off day and the day after.
  CHECK(period_of(d(2022, 12, 14), PeriodKind::quarter, kDecree) == Period::quarter(2022, 4));
  CHECK(period_of(d(2022, 12, 14), PeriodKind::year, kDecree) == Period::whole_year(2022));
  CHECK(period_of(d(2022, 12, 15), PeriodKind::quarter, kDecree) == Period::quarter(2023, 1));
  CHECK(period_of(d(2023, 3, 14), PeriodKind::quarter, kDecree) == Period::quarter(2023, 1));
  CHECK(period_of(d(2023, 3, 15), PeriodKind::quarter, kDecree) == Period::quarter(2023, 2));
  CHECK(period_of(d(2023, 6, 15), PeriodKind::half_year, kDecree) == Period::half_year(2023, 2));
  // Under calendar months December is December.
  CHECK(period_of(d(2022, 12, 20), PeriodKind::quarter, kCalendar) == Period::quarter(2022, 4));
  CHECK(period_of(d(2023, 1, 1), PeriodKind::quarter, kCalendar) == Period::quarter(2023, 1));
  // Leap day under a cut-off on the 29th.
  CHECK(period_of(d(2024, 2, 29), PeriodKind::month, CutoffRule{29, 0}) == Period::month(2024, 2));
  CHECK(period_of(d(2023, 3, 1), PeriodKind::month, CutoffRule{29, 0}) == Period::month(2023, 3));
  CHECK(period_of(d(2023, 2, 28), PeriodKind::month, CutoffRule{29, 0}) == Period::month(2023, 2));
  // With the data ending a month early, February data is the March report's.
  CHECK(period_of(d(2023, 2, 10), PeriodKind::month, CutoffRule{31, -1}) == Period::month(2023, 3));
}

TEST_CASE("period_of: nine-month periods leave a gap after their cut-off") {
  using cchc::calendar::find_period_of;
  using cchc::calendar::period_of;
  CHECK(period_of(d(2023, 9, 14), PeriodKind::nine_months, kDecree) == Period::nine_months(2023));
  CHECK_FALSE(find_period_of(d(2023, 9, 15), PeriodKind::nine_months, kDecree).has_value());
  CHECK_FALSE(find_period_of(d(2023, 12, 14), PeriodKind::nine_months, kDecree).has_value());
  CHECK_THROWS_WITH_AS(period_of(d(2023, 9, 15), PeriodKind::nine_months, kDecree),
                       doctest::Contains("15/09/2023"), cchc::OutOfRange);
  CHECK(period_of(d(2023, 12, 15), PeriodKind::nine_months, kDecree) == Period::nine_months(2024));
}

TEST_CASE("period_of: dates whose period would be past year 9999 throw naming the date") {
  CHECK(cchc::calendar::period_of(d(9999, 12, 14), PeriodKind::year, kDecree) ==
        Period::whole_year(9999));
  CHECK_THROWS_WITH_AS(cchc::calendar::period_of(d(9999, 12, 20), PeriodKind::year, kDecree),
                       doctest::Contains("9999-12-20"), cchc::InvalidDate);
}

TEST_CASE("period_of agrees with data_range for every day of two years") {
  for (const CutoffRule rule : {kDecree, kCalendar, CutoffRule{30, 0}, CutoffRule{14, -1}}) {
    for (Date day = d(2023, 1, 1); day <= d(2024, 12, 31); day += 1) {
      for (const PeriodKind kind : cchc::calendar::kAllPeriodKinds) {
        const auto period = cchc::calendar::find_period_of(day, kind, rule);
        if (!period) continue;
        if (!cchc::calendar::data_range(*period, rule).contains(day)) {
          FAIL_CHECK(day.iso() << " not in " << period->code() << " under " << rule.to_string());
        }
      }
    }
  }
}

TEST_CASE("periods_containing: every report that counts a day") {
  CHECK(labels(cchc::calendar::periods_containing(d(2022, 12, 20), kDecree)) ==
        std::vector<std::string>{"Tháng 1/2023", "Quý I/2023", "6 tháng đầu năm 2023",
                                 "9 tháng năm 2023", "Năm 2023"});
  CHECK(labels(cchc::calendar::periods_containing(d(2023, 10, 1), kDecree)) ==
        std::vector<std::string>{"Tháng 10/2023", "Quý IV/2023", "6 tháng cuối năm 2023",
                                 "Năm 2023"});
}

TEST_CASE("periods_between: periods whose data overlaps a range") {
  using cchc::calendar::periods_between;
  // 15–31/12/2023 already belongs to Q1/2024.
  CHECK(labels(periods_between(d(2023, 1, 1), d(2023, 12, 31), PeriodKind::quarter, kDecree)) ==
        std::vector<std::string>{"Quý I/2023", "Quý II/2023", "Quý III/2023", "Quý IV/2023",
                                 "Quý I/2024"});
  CHECK(labels(periods_between(d(2023, 1, 1), d(2023, 12, 31), PeriodKind::quarter, kCalendar)) ==
        std::vector<std::string>{"Quý I/2023", "Quý II/2023", "Quý III/2023", "Quý IV/2023"});
  CHECK(periods_between(d(2023, 3, 14), d(2023, 3, 14), PeriodKind::month, kDecree) ==
        std::vector<Period>{Period::month(2023, 3)});
  CHECK(periods_between(d(2023, 3, 14), d(2023, 3, 15), PeriodKind::month, kDecree) ==
        std::vector<Period>{Period::month(2023, 3), Period::month(2023, 4)});
  CHECK(periods_between(d(2023, 1, 1), d(2024, 12, 31), PeriodKind::month, kDecree).size() == 25);
  CHECK(periods_between(d(2023, 9, 20), d(2024, 1, 10), PeriodKind::nine_months, kDecree) ==
        std::vector<Period>{Period::nine_months(2024)});
  CHECK(periods_between(d(2023, 9, 20), d(2023, 12, 1), PeriodKind::nine_months, kDecree).empty());
  CHECK(periods_between(d(2023, 5, 1), d(2023, 4, 1), PeriodKind::month, kDecree).empty());
  CHECK(periods_between(d(9999, 1, 1), d(9999, 12, 14), PeriodKind::year, kDecree) ==
        std::vector<Period>{Period::whole_year(9999)});
  CHECK_THROWS_AS(periods_between(d(9999, 1, 1), d(9999, 12, 15), PeriodKind::year, kDecree),
                  cchc::InvalidDate);
  CHECK(periods_between(d(2023, 1, 1), d(2025, 1, 1), PeriodKind::year, kDecree) ==
        std::vector<Period>{Period::whole_year(2023), Period::whole_year(2024),
                            Period::whole_year(2025)});
}

TEST_CASE("CutoffRule: text form and description") {
  CHECK(kDecree.to_string() == "day 14");
  CHECK(kCalendar.to_string() == "month end");
  CHECK(CutoffRule{31, -1}.to_string() == "month end, 1 month earlier");
  CHECK(CutoffRule{20, -2}.to_string() == "day 20, 2 months earlier");
  for (const CutoffRule rule :
       {kDecree, kCalendar, CutoffRule{31, -1}, CutoffRule{20, -2}, CutoffRule{30, 0}}) {
    CHECK(CutoffRule::parse(rule.to_string()) == rule);
  }
  CHECK(CutoffRule::parse("  Day 14 ") == kDecree);
  CHECK(CutoffRule::parse("month-end, previous month") == CutoffRule{31, -1});
  CHECK(CutoffRule::parse("day 31") == kCalendar);
  for (const std::string bad :
       {"", "14", "day", "day x", "day 14, later", "end", "day 14, 1 month later"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(CutoffRule::parse(bad), cchc::ParseError);
  }
  CHECK_THROWS_WITH_AS(CutoffRule::parse("day 40"), doctest::Contains("'day 40'"),
                       cchc::ParseError);
  CHECK_THROWS_WITH_AS(CutoffRule::parse("day 14, 12 months earlier"), doctest::Contains("-12"),
                       cchc::ParseError);
  CHECK(kDecree.describe() ==
        "data from day 15 of the month before the period's first month to day 14 of the "
        "period's last month");
  CHECK(kCalendar.describe().starts_with("calendar months"));
  CHECK(CutoffRule{31, -1}.describe() ==
        "data from the 1st of the month before the period's first month to the last day of the "
        "month before the period's last month");
  CHECK(CutoffRule{30, 0}.describe() ==
        "data from the day after day 30 of the month before the period's first month to day 30 "
        "of the period's last month (a month's last day when it is shorter)");
}

TEST_CASE("DeadlineRule: text form, description and validation") {
  const DeadlineRule seventeenth = DeadlineRule::day_of_last_month(17);
  CHECK(seventeenth.to_string() == "day 17");
  CHECK(seventeenth.describe() == "day 17 of the period's last month");
  const DeadlineRule next_january = DeadlineRule::day_of_last_month(15, 1, DueRoll::forward);
  CHECK(next_january.to_string() == "day 15, 1 month later; roll forward");
  CHECK(next_january.describe() ==
        "day 15 of the month 1 month after the period's last month; moved to the next working "
        "day when not a working day");
  const DeadlineRule fixed =
      DeadlineRule::fixed({{3, 10}, {6, 10}, {9, 10}, {11, 10}}, DueRoll::backward);
  CHECK(fixed.to_string() == "fixed 10/3, 10/6, 10/9, 10/11; roll backward");
  CHECK(DeadlineRule::days_after_cutoff(3).to_string() == "3 days after cut-off");
  CHECK(DeadlineRule::days_after_cutoff(3).describe() == "3 calendar days after the data cut-off");
  CHECK(DeadlineRule::working_days_after_cutoff(1).describe() ==
        "1 working day after the data cut-off");
  CHECK(DeadlineRule::day_of_last_month(31).describe() ==
        "the last day of the period's last month");
  CHECK(DeadlineRule::day_of_last_month(30).describe() ==
        "day 30 of the period's last month (its last day when shorter)");
  CHECK(fixed.describe() ==
        "fixed dates in the period's year, one per period: 10/3, 10/6, 10/9, 10/11; moved to the "
        "previous working day when not a working day");
  CHECK(DeadlineRule::working_days_after_cutoff(1).to_string() == "1 working day after cut-off");
  for (const DeadlineRule& rule :
       {seventeenth, next_january, fixed, DeadlineRule::days_after_cutoff(0),
        DeadlineRule::days_after_cutoff(5, DueRoll::forward),
        DeadlineRule::working_days_after_cutoff(2), DeadlineRule::day_of_last_month(31)}) {
    CAPTURE(rule.to_string());
    CHECK(DeadlineRule::parse(rule.to_string()) == rule);
  }
  CHECK(DeadlineRule::parse("Day 10, next month") == DeadlineRule::day_of_last_month(10, 1));
  CHECK(DeadlineRule::parse("1 working day after cutoff; ROLL none") ==
        DeadlineRule::working_days_after_cutoff(1));
  CHECK(DeadlineRule::parse("fixed 10/3,10/6") == DeadlineRule::fixed({{3, 10}, {6, 10}}));
  for (const std::string bad : {"", "17", "day", "day 17; roll sideways", "day 17; forward",
                                "fixed", "fixed 10-3", "fixed 10/3,", "3 weeks after cut-off",
                                "3 days before cut-off", "day 17, 1 month earlier"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(DeadlineRule::parse(bad), cchc::ParseError);
  }
  CHECK_THROWS_WITH_AS(DeadlineRule::parse("fixed 30/2"), doctest::Contains("30/2"),
                       cchc::ParseError);
  CHECK_THROWS_WITH_AS(DeadlineRule::parse("0 working days after cut-off"),
                       doctest::Contains("0 working days"), cchc::ParseError);
  CHECK_THROWS_WITH_AS(DeadlineRule::day_of_last_month(32), doctest::Contains("day 32"),
                       cchc::InvalidDate);
  CHECK_THROWS_AS(DeadlineRule::day_of_last_month(10, 13), cchc::OutOfRange);
  CHECK_THROWS_AS(DeadlineRule::days_after_cutoff(-1), cchc::OutOfRange);
  CHECK_THROWS_AS(DeadlineRule::fixed({}), cchc::OutOfRange);
  CHECK_THROWS_WITH_AS(DeadlineRule::fixed({{13, 1}}), doctest::Contains("1/13"),
                       cchc::InvalidDate);
  CHECK_NOTHROW(DeadlineRule::fixed({{2, 29}}));
  CHECK(cchc::calendar::due_roll_from_key("backward") == DueRoll::backward);
  CHECK_FALSE(cchc::calendar::due_roll_from_key("sideways").has_value());
}

TEST_CASE("ReportingSchedule: Đắk Lắk 2026 and Decree 09 art. 13") {
  const ReportingSchedule dak_lak = ReportingSchedule::dak_lak_2026();
  CHECK(dak_lak.cutoff == kDecree);
  CHECK(dak_lak.deadline(PeriodKind::month) == DeadlineRule::day_of_last_month(17));
  CHECK(dak_lak.deadline(PeriodKind::quarter) == DeadlineRule::day_of_last_month(14));
  CHECK(dak_lak.deadline(PeriodKind::half_year) == DeadlineRule::day_of_last_month(14));
  CHECK(dak_lak.deadline(PeriodKind::year) == DeadlineRule::day_of_last_month(14));
  CHECK(dak_lak.source.find("ngày 17 hàng tháng") != std::string::npos);
  CHECK_THROWS_WITH_AS((void)dak_lak.deadline(PeriodKind::nine_months),
                       doctest::Contains("nine_months"), cchc::OutOfRange);
  const ReportingSchedule government = ReportingSchedule::decree_09_2019_government();
  for (const PeriodKind kind : cchc::calendar::kAllPeriodKinds) {
    CHECK(government.deadline(kind) == DeadlineRule::day_of_last_month(25));
  }
}

TEST_CASE("report_due: day of the period's last month, with each roll policy") {
  const WorkCalendar& calendar = calendar_2020s();
  using cchc::calendar::report_due;
  const Period q1_2026 = Period::quarter(2026, 1);
  // 14/3/2026 is a Saturday.
  REQUIRE(d(2026, 3, 14).weekday() == Weekday::saturday);
  CHECK(report_due(q1_2026, ReportingSchedule::dak_lak_2026(), calendar) == d(2026, 3, 14));
  CHECK(report_due(q1_2026, DeadlineRule::day_of_last_month(14, 0, DueRoll::forward), kDecree,
                   calendar) == d(2026, 3, 16));
  CHECK(report_due(q1_2026, DeadlineRule::day_of_last_month(14, 0, DueRoll::backward), kDecree,
                   calendar) == d(2026, 3, 13));
  // A working day is not moved.
  CHECK(report_due(Period::quarter(2026, 2),
                   DeadlineRule::day_of_last_month(12, 0, DueRoll::forward), kDecree,
                   calendar) == d(2026, 6, 12));
  // 17/2/2026 is in the Tết break (14–22/2/2026).
  const Period february = Period::month(2026, 2);
  CHECK(report_due(february, ReportingSchedule::dak_lak_2026(), calendar) == d(2026, 2, 17));
  CHECK(report_due(february, DeadlineRule::day_of_last_month(17, 0, DueRoll::forward), kDecree,
                   calendar) == d(2026, 2, 23));
  CHECK(report_due(february, DeadlineRule::day_of_last_month(17, 0, DueRoll::backward), kDecree,
                   calendar) == d(2026, 2, 13));
  // Government: the 25th of the last month.
  CHECK(report_due(Period::nine_months(2026), ReportingSchedule::decree_09_2019_government(),
                   calendar) == d(2026, 9, 25));
  // A day missing from the month is its last day; months after the last month cross the year.
  CHECK(report_due(Period::quarter(2026, 2), DeadlineRule::day_of_last_month(31), kDecree,
                   calendar) == d(2026, 6, 30));
  CHECK(report_due(Period::month(2024, 1), DeadlineRule::day_of_last_month(30, 1), kDecree,
                   calendar) == d(2024, 2, 29));
  CHECK(report_due(Period::whole_year(2026), DeadlineRule::day_of_last_month(15, 1), kDecree,
                   calendar) == d(2027, 1, 15));
  CHECK_THROWS_AS(
      report_due(Period::nine_months(2026), ReportingSchedule::dak_lak_2026(), calendar),
      cchc::OutOfRange);
}

TEST_CASE("report_due: days and working days after the cut-off") {
  const WorkCalendar& calendar = calendar_2020s();
  using cchc::calendar::report_due;
  CHECK(report_due(Period::quarter(2026, 1), DeadlineRule::days_after_cutoff(3), kDecree,
                   calendar) == d(2026, 3, 17));
  // 14/2/2026 (cut-off, Saturday) + 1 calendar day = Sunday 15/2; rolled forward, past Tết.
  CHECK(report_due(Period::month(2026, 2), DeadlineRule::days_after_cutoff(1), kDecree, calendar) ==
        d(2026, 2, 15));
  CHECK(report_due(Period::month(2026, 2), DeadlineRule::days_after_cutoff(1, DueRoll::forward),
                   kDecree, calendar) == d(2026, 2, 23));
  // The first working day after a Saturday cut-off is the Monday.
  CHECK(report_due(Period::quarter(2026, 1), DeadlineRule::working_days_after_cutoff(1), kDecree,
                   calendar) == d(2026, 3, 16));
  CHECK(report_due(Period::quarter(2026, 1), DeadlineRule::working_days_after_cutoff(2), kDecree,
                   calendar) == d(2026, 3, 17));
  CHECK(report_due(Period::month(2026, 2), DeadlineRule::working_days_after_cutoff(1), kDecree,
                   calendar) == d(2026, 2, 23));
  // Cut-off on a working day (Tue 14/4/2026): the next working day.
  CHECK(report_due(Period::month(2026, 4), DeadlineRule::working_days_after_cutoff(1), kDecree,
                   calendar) == d(2026, 4, 15));
  // Under calendar months the cut-off is the month end.
  CHECK(report_due(Period::month(2026, 4), DeadlineRule::days_after_cutoff(5), kCalendar,
                   calendar) == d(2026, 5, 5));
}

TEST_CASE("report_due: fixed dates per period index") {
  const WorkCalendar& calendar = calendar_2020s();
  using cchc::calendar::report_due;
  const DeadlineRule fixed = DeadlineRule::fixed({{3, 10}, {6, 10}, {9, 10}, {11, 10}});
  CHECK(report_due(Period::quarter(2026, 1), fixed, kDecree, calendar) == d(2026, 3, 10));
  CHECK(report_due(Period::quarter(2026, 3), fixed, kDecree, calendar) == d(2026, 9, 10));
  CHECK(report_due(Period::quarter(2026, 4), fixed, kDecree, calendar) == d(2026, 11, 10));
  // 10/10/2026 is a Saturday.
  const DeadlineRule october = DeadlineRule::fixed({{10, 10}}, DueRoll::forward);
  CHECK(report_due(Period::whole_year(2026), october, kDecree, calendar) == d(2026, 10, 12));
  CHECK_THROWS_WITH_AS(report_due(Period::quarter(2026, 3), DeadlineRule::fixed({{3, 10}, {6, 10}}),
                                  kDecree, calendar),
                       doctest::Contains("Quý III/2026"), cchc::OutOfRange);
  const DeadlineRule leap_day = DeadlineRule::fixed({{2, 29}});
  CHECK(report_due(Period::whole_year(2024), leap_day, kDecree, calendar) == d(2024, 2, 29));
  CHECK(report_due(Period::whole_year(2026), leap_day, kDecree, calendar) == d(2026, 2, 28));
}

TEST_CASE("check_schedule: Decree 09 art. 8(5)(b) flags Đắk Lắk's deadline on the cut-off day") {
  const WorkCalendar& calendar = calendar_2020s();
  const auto issues =
      cchc::calendar::check_schedule(ReportingSchedule::dak_lak_2026(), calendar, 2026, 2026);
  std::vector<std::string> flagged;
  for (const auto& issue : issues) flagged.push_back(issue.period.label());
  // Every quarter, the 6-month and the year report are due on their cut-off day; the monthly
  // deadline (17th) leaves working days except in February, when 15–17/2 are Tết.
  CHECK(flagged == std::vector<std::string>{"Tháng 2/2026", "Quý I/2026", "Quý II/2026",
                                            "Quý III/2026", "Quý IV/2026", "6 tháng đầu năm 2026",
                                            "Năm 2026"});
  REQUIRE(issues.size() == 7);
  const auto& q1 = issues[1];
  CHECK(q1.cutoff == d(2026, 3, 14));
  CHECK(q1.due == d(2026, 3, 14));
  CHECK(q1.working_days == 0);
  CHECK(q1.message ==
        "Quý I/2026: due 14/03/2026 (day 14), data cut-off 14/03/2026: 0 working days after the "
        "cut-off up to the due date; Decree 09/2019/NĐ-CP art. 8(5)(b) asks for at least 1 "
        "working day between them");
  CHECK(issues[0].cutoff == d(2026, 2, 14));
  CHECK(issues[0].due == d(2026, 2, 17));
  CHECK(issues[0].working_days == 0);
}

TEST_CASE("check_schedule: compliant schedules, early deadlines and stricter minimums") {
  const WorkCalendar& calendar = calendar_2020s();
  using cchc::calendar::check_schedule;
  CHECK(
      check_schedule(ReportingSchedule::decree_09_2019_government(), calendar, 2024, 2027).empty());
  // Fixed 10/3, 10/6, 10/9, 10/11 for quarters: every one is due before its 14th cut-off.
  ReportingSchedule fixed_dates;
  fixed_dates.name = "fixed dates";
  fixed_dates.deadlines.emplace(PeriodKind::quarter,
                                DeadlineRule::fixed({{3, 10}, {6, 10}, {9, 10}, {11, 10}}));
  const auto early = check_schedule(fixed_dates, calendar, 2026, 2026);
  REQUIRE(early.size() == 4);
  CHECK(early[3].message.find("due before its data cut-off") != std::string::npos);
  CHECK(early[3].due == d(2026, 11, 10));
  // One working day after the cut-off passes; a minimum of two then flags every month.
  ReportingSchedule next_day;
  next_day.deadlines.emplace(PeriodKind::month, DeadlineRule::working_days_after_cutoff(1));
  CHECK(check_schedule(next_day, calendar, 2026, 2026).empty());
  CHECK(check_schedule(next_day, calendar, 2026, 2026, 2).size() == 12);
  // Fixed dates that do not cover every index are reported, not thrown.
  ReportingSchedule short_list;
  short_list.deadlines.emplace(PeriodKind::quarter, DeadlineRule::fixed({{4, 20}}));
  const auto missing = check_schedule(short_list, calendar, 2026, 2026);
  REQUIRE(missing.size() == 3);
  CHECK_FALSE(missing[0].due.has_value());
  CHECK(missing[0].message.find("Quý II/2026") != std::string::npos);
}
