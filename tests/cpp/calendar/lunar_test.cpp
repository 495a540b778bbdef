#include "cchc/calendar/lunar.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cchc/error.hpp"

using cchc::Date;
using cchc::calendar::LunarDate;
namespace lunar = cchc::calendar;
namespace astronomy = cchc::calendar::lunar_astronomy;

namespace {

// Rows of a reference table under tests/data/lunar: '#' lines are provenance comments, the first
// other line is the header. Every row is checked to have the header's number of fields.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  [[nodiscard]] std::size_t column(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return i;
    }
    FAIL("no column " << name);
    return 0;
  }
};

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, ',')) fields.push_back(field);
  return fields;
}

CsvTable read_reference(const std::string& name) {
  const std::string path = std::string(CCHC_TEST_DATA_DIR) + "/lunar/" + name;
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  CsvTable table;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    if (table.header.empty()) {
      table.header = split_fields(line);
      continue;
    }
    table.rows.push_back(split_fields(line));
    REQUIRE_MESSAGE(table.rows.back().size() == table.header.size(), path << ": " << line);
  }
  REQUIRE(!table.rows.empty());
  return table;
}

// Julian Day (UT) of "yyyy-mm-ddThh:mm:ss".
double julian_day_ut(const std::string& timestamp) {
  const Date date = Date::parse_iso(timestamp.substr(0, 10));
  const double seconds = std::stod(timestamp.substr(11, 2)) * 3600.0 +
                         std::stod(timestamp.substr(14, 2)) * 60.0 +
                         std::stod(timestamp.substr(17, 2));
  return static_cast<double>(date.days_since_epoch()) + 2440587.5 + seconds / 86400.0;
}

bool in_range(int lunar_year) {
  return lunar_year >= lunar::kLunarFirstYear && lunar_year <= lunar::kLunarLastYear;
}

}  // namespace

TEST_CASE("lunar: facts from the issue and from the official schedules") {
  // The example: Vietnam (UTC+7) had Tết on 21/1/1985, a month before China (20/2).
  CHECK(lunar::tet(1985) == Date::from_ymd(1985, 1, 21));
  CHECK(lunar::tet(2007) == Date::from_ymd(2007, 2, 17));  // China: 18/2
  CHECK(lunar::tet(2030) == Date::from_ymd(2030, 2, 2));   // China: 3/2
  CHECK(lunar::tet(2024) == Date::from_ymd(2024, 2, 10));
  CHECK(lunar::tet(2026) == Date::from_ymd(2026, 2, 17));
  CHECK(lunar::from_lunar(2026, 3, 10) == Date::from_ymd(2026, 4, 26));
  CHECK(lunar::gio_to_hung_vuong(2026) == Date::from_ymd(2026, 4, 26));
  CHECK(lunar::gio_to_hung_vuong(2023) == Date::from_ymd(2023, 4, 29));  // a Saturday
  CHECK(lunar::leap_month(2023) == 2);
  CHECK(lunar::leap_month(2025) == 6);
  CHECK(lunar::leap_month(2020) == 4);
  CHECK(lunar::leap_month(2024) == 0);
  CHECK(lunar::leap_month(2026) == 0);
  // 2033: the rare leap month 11, the year the simple "19-year cycle" rules get wrong.
  CHECK(lunar::leap_month(2033) == 11);
  CHECK(lunar::to_lunar(Date::from_ymd(2026, 4, 26)) == LunarDate{2026, 3, 10, false});
  CHECK(lunar::to_lunar(Date::from_ymd(2026, 2, 16)) == LunarDate{2025, 12, 29, false});
  // Months 11 and 12 belong to the lunar year whose Tết came before them.
  CHECK(lunar::to_lunar(Date::from_ymd(2026, 1, 1)) == LunarDate{2025, 11, 13, false});
  // 2023: month 2 and its leap repetition.
  CHECK(lunar::from_lunar(2023, 2, 1) == Date::from_ymd(2023, 2, 20));
  CHECK(lunar::from_lunar(2023, 2, 1, true) == Date::from_ymd(2023, 3, 22));
  CHECK(lunar::to_lunar(Date::from_ymd(2023, 3, 22)) == LunarDate{2023, 2, 1, true});
  CHECK(lunar::from_lunar(2023, 3, 1) == Date::from_ymd(2023, 4, 20));
}

TEST_CASE("lunar: range") {
  CHECK(lunar::lunar_min_date() == lunar::tet(lunar::kLunarFirstYear));
  CHECK(lunar::lunar_max_date() + 1 == Date::from_ymd(2200, 2, 15));  // Tết 2200
  CHECK(lunar::lunar_min_date() <= Date::from_ymd(1900, 1, 1));
  CHECK(lunar::lunar_max_date() >= Date::from_ymd(2199, 12, 31));
  CHECK(lunar::to_lunar(Date::from_ymd(1900, 1, 1)) == LunarDate{1899, 12, 1, false});
  CHECK(lunar::to_lunar(lunar::lunar_min_date()) == LunarDate{lunar::kLunarFirstYear, 1, 1});
  CHECK(lunar::to_lunar(lunar::lunar_max_date()).year == lunar::kLunarLastYear);
  CHECK(lunar::to_lunar(lunar::lunar_max_date()).month == 12);
}

TEST_CASE("lunar: every month start and leap month equals the PyEphem table") {
  const CsvTable table = read_reference("ephem_month_starts.csv");
  const std::size_t year_column = table.column("lunar_year");
  const std::size_t month_column = table.column("month");
  const std::size_t leap_column = table.column("leap");
  const std::size_t start_column = table.column("start");
  std::size_t compared = 0;
  for (const auto& row : table.rows) {
    const int year = std::stoi(row[year_column]);
    // The table also holds the months just outside the range, which bound it on both sides.
    if (!in_range(year)) continue;
    const LunarDate first_day{year, std::stoi(row[month_column]), 1, row[leap_column] == "1"};
    const Date start = Date::parse_iso(row[start_column]);
    INFO(lunar::to_string(first_day), " should start on ", start.iso());
    CHECK(lunar::from_lunar(first_day) == start);
    CHECK(lunar::to_lunar(start) == first_day);
    ++compared;
  }
  // Our own month count over the range, walked month by month, must be the table's.
  std::size_t our_months = 0;
  for (Date day = lunar::lunar_min_date(); day <= lunar::lunar_max_date(); ++our_months) {
    const LunarDate first = lunar::to_lunar(day);
    day = day + lunar::lunar_month_length(first.year, first.month, first.leap);
  }
  CHECK(compared == our_months);
  CHECK(compared == 3723);
}

TEST_CASE("lunar: Tết, Giỗ Tổ and leap months of every year equal the PyEphem table") {
  const CsvTable table = read_reference("ephem_years.csv");
  const std::size_t year_column = table.column("lunar_year");
  int years = 0;
  for (const auto& row : table.rows) {
    const int year = std::stoi(row[year_column]);
    INFO("lunar year ", year);
    CHECK(lunar::tet(year) == Date::parse_iso(row[table.column("tet")]));
    CHECK(lunar::gio_to_hung_vuong(year) == Date::parse_iso(row[table.column("gio_to")]));
    CHECK(lunar::leap_month(year) == std::stoi(row[table.column("leap_month")]));
    ++years;
  }
  CHECK(years == lunar::kLunarLastYear - lunar::kLunarFirstYear + 1);
}

TEST_CASE("lunar: Tết and Giỗ Tổ equal python-holidays' Vietnamese tables, 1901-2100") {
  // The two independent tables agree on all 200 years, so no year needs an exception here;
  // docs/calendar/lunar.md lists the years where either differs from the Chinese calendar.
  const CsvTable table = read_reference("python_holidays_tet_hung_kings.csv");
  int years = 0;
  for (const auto& row : table.rows) {
    const int year = std::stoi(row[table.column("year")]);
    INFO("year ", year);
    CHECK(lunar::tet(year) == Date::parse_iso(row[table.column("tet")]));
    CHECK(lunar::from_lunar(year, 3, 10) == Date::parse_iso(row[table.column("gio_to")]));
    ++years;
  }
  CHECK(years == 200);
}

TEST_CASE("lunar: every day of the range converts to lunar and back") {
  LunarDate previous = lunar::to_lunar(lunar::lunar_min_date());
  CHECK(lunar::from_lunar(previous) == lunar::lunar_min_date());
  long days = 1;
  int failures = 0;
  for (Date day = lunar::lunar_min_date() + 1; day <= lunar::lunar_max_date(); day = day + 1) {
    const LunarDate current = lunar::to_lunar(day);
    // Each day is the next day of the same month, or day 1 of the month that follows.
    const bool next_day = current.year == previous.year && current.month == previous.month &&
                          current.leap == previous.leap && current.day == previous.day + 1;
    const bool new_month = current.day == 1 && (previous.day == 29 || previous.day == 30);
    if (lunar::from_lunar(current) != day || !(next_day || new_month)) {
      ++failures;
      if (failures < 10) FAIL_CHECK(day.iso() << " -> " << lunar::to_string(current));
    }
    previous = current;
    ++days;
  }
  CHECK(failures == 0);
  CHECK(days == lunar::lunar_max_date() - lunar::lunar_min_date() + 1);
}

TEST_CASE("lunar: month and year lengths") {
  for (int year = lunar::kLunarFirstYear; year <= lunar::kLunarLastYear; ++year) {
    INFO("lunar year ", year);
    int length = 0;
    for (int month = 1; month <= 12; ++month) {
      const int days = lunar::lunar_month_length(year, month);
      CHECK((days == 29 || days == 30));
      length += days;
    }
    const int leap = lunar::leap_month(year);
    if (leap != 0) length += lunar::lunar_month_length(year, leap, true);
    const int next_tet = year < lunar::kLunarLastYear
                             ? lunar::tet(year + 1).days_since_epoch()
                             : lunar::lunar_max_date().days_since_epoch() + 1;
    CHECK(length == next_tet - lunar::tet(year).days_since_epoch());
    if (leap == 0) {
      CHECK((length >= 353 && length <= 355));
    } else {
      CHECK((length >= 383 && length <= 385));
    }
    // Tết always falls between 21/1 and 20/2.
    CHECK(lunar::tet(year) >= Date::from_ymd(year, 1, 21));
    CHECK(lunar::tet(year) <= Date::from_ymd(year, 2, 20));
  }
}

TEST_CASE("lunar: dates that do not exist are rejected with the value in the message") {
  CHECK(lunar::lunar_month_length(2026, 1) == 30);
  CHECK(lunar::lunar_month_length(2026, 2) == 29);  // 19/3..16/4/2026: 30/2 does not exist
  CHECK(lunar::from_lunar(2026, 1, 30) == Date::from_ymd(2026, 3, 18));
  CHECK_THROWS_WITH_AS(lunar::from_lunar(2026, 2, 30),
                       doctest::Contains("30/2/2026 (âm lịch) does not exist"), cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(lunar::from_lunar(2026, 1, 0), doctest::Contains("0/1/2026"),
                       cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(lunar::from_lunar(2026, 13, 1), doctest::Contains("month 13"),
                       cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(lunar::from_lunar(2026, 0, 1), doctest::Contains("month 0"),
                       cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(lunar::from_lunar(2026, 5, 1, true),
                       doctest::Contains("lunar year 2026 has no leap month"), cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(lunar::from_lunar(2025, 5, 1, true),
                       doctest::Contains("leap month of lunar year 2025 is month 6, not month 5"),
                       cchc::InvalidDate);
  CHECK_THROWS_WITH_AS(lunar::lunar_month_length(2024, 3, true),
                       doctest::Contains("month 3 nhuận of lunar year 2024"), cchc::InvalidDate);
  CHECK(lunar::lunar_date_exists({2025, 6, 1, true}));
  CHECK_FALSE(lunar::lunar_date_exists({2025, 5, 1, true}));
  CHECK_FALSE(lunar::lunar_date_exists({2026, 2, 30}));
  CHECK_FALSE(lunar::lunar_date_exists({1800, 1, 1}));
}

TEST_CASE("lunar: years and dates outside the table throw OutOfRange naming them") {
  CHECK_THROWS_WITH_AS(lunar::from_lunar(1898, 1, 1), doctest::Contains("lunar year 1898"),
                       cchc::OutOfRange);
  CHECK_THROWS_WITH_AS(lunar::from_lunar(2200, 1, 1), doctest::Contains("lunar year 2200"),
                       cchc::OutOfRange);
  CHECK_THROWS_WITH_AS(lunar::tet(2300), doctest::Contains("2300"), cchc::OutOfRange);
  CHECK_THROWS_WITH_AS(lunar::leap_month(1000), doctest::Contains("1000"), cchc::OutOfRange);
  CHECK_THROWS_WITH_AS(lunar::lunar_month_length(3000, 1), doctest::Contains("3000"),
                       cchc::OutOfRange);
  CHECK_THROWS_WITH_AS(lunar::to_lunar(Date::from_ymd(1899, 2, 9)), doctest::Contains("1899-02-09"),
                       cchc::OutOfRange);
  CHECK_THROWS_WITH_AS(lunar::to_lunar(Date::from_ymd(2250, 1, 1)), doctest::Contains("2250-01-01"),
                       cchc::OutOfRange);
  CHECK_THROWS_AS(lunar::to_lunar(lunar::lunar_max_date() + 1), cchc::OutOfRange);
}

TEST_CASE("lunar: to_string") {
  CHECK(lunar::to_string({2026, 3, 10}) == "10/3/2026 (âm lịch)");
  CHECK(lunar::to_string({2020, 4, 1, true}) == "1/4/2020 (âm lịch, tháng 4 nhuận)");
}

TEST_CASE("lunar astronomy: Meeus's worked examples and ΔT") {
  // Meeus, Astronomical Algorithms, example 49.a: the new moon of 1977 February.
  CHECK(astronomy::new_moon_jde(-283) == doctest::Approx(2443192.65118).epsilon(1e-11));
  // Example 25.b (1992-10-13 0h TD): 199°54'21.548" with the complete VSOP87 and the complete
  // nutation series (PyMeeus 0.5.12); the truncated series here must stay within 0.05".
  const double example_25b = 199.0 + 54.0 / 60.0 + 21.548 / 3600.0;
  CHECK(std::abs(astronomy::sun_apparent_longitude_deg(2448908.5) - example_25b) * 3600.0 < 0.05);
  CHECK(astronomy::delta_t_seconds(1900.0) == doctest::Approx(-2.79));
  CHECK(astronomy::delta_t_seconds(1975.0) == doctest::Approx(45.45));
  CHECK(astronomy::delta_t_seconds(2000.0) == doctest::Approx(63.86).epsilon(1e-6));
  // 2026-02-17 12:01 UT (ephem) is 19:01 at UTC+7: Tết 2026 is that day.
  CHECK(astronomy::local_civil_day(astronomy::new_moon_jde(323)) == Date::from_ymd(2026, 2, 17));
}

TEST_CASE("lunar astronomy: every new moon near local midnight was settled by ephemerides") {
  // Meeus's series errs by up to about 16 s, so a new moon it puts within 30 s of midnight may
  // belong to the other day. Every such lunation of the range must be in the checked list.
  const auto checked = astronomy::checked_new_moon_lunations();
  std::vector<int> near_midnight;
  for (int k = -1256; k <= 2490; ++k) {
    if (std::abs(astronomy::new_moon_seconds_from_local_midnight(k)) < 30.0) {
      near_midnight.push_back(k);
    }
  }
  CHECK(near_midnight == std::vector<int>(checked.begin(), checked.end()));
  // The one the series gets wrong: 23:59:58 on 7/7/1967 by Meeus, 00:00:03 (PyEphem) and
  // 00:00:06 (Swiss Ephemeris, Moshier) on 8/7/1967. Month 6 of 1967 starts on 8/7.
  CHECK(astronomy::local_civil_day(astronomy::new_moon_jde(-402)) == Date::from_ymd(1967, 7, 7));
  CHECK(astronomy::new_moon_local_day(-402) == Date::from_ymd(1967, 7, 8));
  CHECK(lunar::from_lunar(1967, 6, 1) == Date::from_ymd(1967, 7, 8));
  CHECK(lunar::lunar_month_length(1967, 5) == 30);
}

TEST_CASE("lunar astronomy: new moons and solar terms agree with PyEphem to seconds") {
  // The calendar only needs the day of each event; these bounds show how far an event has to be
  // from local midnight for both engines to put it on the same day. Both tables carry ephem's ΔT,
  // so the comparison is in TT and measures the theories, not the ΔT models.
  const CsvTable moons = read_reference("ephem_month_starts.csv");
  double worst_moon_seconds = 0.0;
  for (const auto& row : moons.rows) {
    const double jde = julian_day_ut(row[moons.column("new_moon_ut")]) +
                       std::stod(row[moons.column("delta_t_s")]) / 86400.0;
    const int k = static_cast<int>(std::lround((jde - 2451550.09766) / 29.530588861));
    const double seconds = std::abs(astronomy::new_moon_jde(k) - jde) * 86400.0;
    if (seconds > worst_moon_seconds) worst_moon_seconds = seconds;
  }
  MESSAGE("largest new-moon difference with PyEphem: " << worst_moon_seconds << " s");
  CHECK(worst_moon_seconds < 60.0);

  const CsvTable terms = read_reference("ephem_principal_terms.csv");
  double worst_term_arcseconds = 0.0;
  for (const auto& row : terms.rows) {
    const double jde = julian_day_ut(row[terms.column("time_ut")]) +
                       std::stod(row[terms.column("delta_t_s")]) / 86400.0;
    const double target = std::stod(row[terms.column("degrees")]);
    double difference = astronomy::sun_apparent_longitude_deg(jde) - target;
    difference -= 360.0 * std::round(difference / 360.0);
    worst_term_arcseconds = std::max(worst_term_arcseconds, std::abs(difference) * 3600.0);
  }
  // The Sun moves about 2.5" a minute.
  MESSAGE("largest solar-term difference with PyEphem: " << worst_term_arcseconds << "\"");
  CHECK(worst_term_arcseconds < 2.5);
}
