// cchc::calendar lunar functions — the Vietnamese lunisolar calendar (âm lịch).
//
// Converts between solar (Gregorian) dates and Vietnamese lunar dates for lunar years
// kLunarFirstYear..kLunarLastYear, which covers every solar date from 1899-02-10 to early 2200.
//
// The calendar is computed, not transcribed: new moons (Meeus, Astronomical Algorithms, ch. 49)
// and the Sun's apparent longitude (VSOP87, Meeus ch. 25) are converted from dynamical time to
// civil days at UTC+7 with the Espenak–Meeus ΔT model, and the rules of Hồ Ngọc Đức,
// "Computing the Vietnamese lunar calendar", assign month numbers and leap months:
//   * a month starts on the UTC+7 civil day that contains the new moon;
//   * the December solstice always falls in month 11;
//   * in a year of 13 months (between two months 11) the first month after month 11 that holds
//     no principal solar term (Sun's longitude a multiple of 30°) is leap (nhuận) and repeats
//     the number of the month before it.
// UTC+7 is applied to every year. North Vietnam kept UTC+8 until 8/8/1967 (the South until
// 1975), so for earlier years these dates can differ from the calendar printed at the time.
// docs/calendar/lunar.md gives the sources, the validation and the differences with other tables.
//
// Every query is a lookup in a table of month starts that is computed once, on first use,
// in a few milliseconds, and is safe to use from several threads.
#pragma once

#include <span>
#include <string>

#include "cchc/calendar/date.hpp"

namespace cchc::calendar {

/// A date of the Vietnamese lunar calendar.
struct LunarDate {
  /// The lunar year, named by the Gregorian year in which its Tết (1/1) falls. Months 11 and 12
  /// of lunar year 2025 therefore lie in December 2025 and January 2026.
  int year;
  /// 1..12.
  int month;
  /// 1..29 or 1..30.
  int day;
  /// True for the leap month (tháng nhuận) that repeats `month`.
  bool leap = false;

  friend bool operator==(const LunarDate&, const LunarDate&) = default;
};

/// Lunar years covered: every month of these years converts both ways.
inline constexpr int kLunarFirstYear = 1899;
inline constexpr int kLunarLastYear = 2199;

/// The time zone of the computation, in hours east of UTC (the 105° E meridian).
inline constexpr int kLunarUtcOffsetHours = 7;

/// First and last solar dates to_lunar accepts: Tết of kLunarFirstYear and the eve of Tết of
/// kLunarLastYear + 1.
Date lunar_min_date();
Date lunar_max_date();

/// The lunar date of a solar date. Throws OutOfRange naming the date outside
/// lunar_min_date()..lunar_max_date().
LunarDate to_lunar(Date date);

/// The solar date of a lunar date. Throws InvalidDate naming the lunar date when it does not
/// exist (month outside 1..12, a leap flag on a month that is not leap that year, day 30 of a
/// 29-day month, ...) and OutOfRange when the year is outside kLunarFirstYear..kLunarLastYear.
Date from_lunar(const LunarDate& lunar);
Date from_lunar(int year, int month, int day, bool leap = false);

/// Whether the lunar date exists in the calendar (never throws; false outside the range).
bool lunar_date_exists(const LunarDate& lunar) noexcept;

/// Tết Nguyên đán: 1/1 of the lunar year. Throws OutOfRange for years outside the range.
Date tet(int lunar_year);

/// Giỗ Tổ Hùng Vương: 10/3 of the lunar year (the regular month 3 when month 3 is leap).
Date gio_to_hung_vuong(int lunar_year);

/// The number of the month repeated as leap month in the lunar year (1..12), 0 when the year has
/// 12 months. Throws OutOfRange for years outside the range.
int leap_month(int lunar_year);

/// 29 or 30. Throws like from_lunar when the month does not exist.
int lunar_month_length(int lunar_year, int month, bool leap = false);

/// "10/3/2026 (âm lịch)"; in a leap month "1/4/2020 (âm lịch, tháng 4 nhuận)".
std::string to_string(const LunarDate& lunar);

/// The astronomy the table is built from, exposed for tests and for anyone who wants to check
/// a date against an ephemeris. Times are Julian Days; JDE is in Terrestrial Time.
namespace lunar_astronomy {

/// TT − UT in seconds at a decimal Gregorian year (Espenak & Meeus 2006 polynomials, valid
/// 1860–2200 for this library's purpose).
double delta_t_seconds(double decimal_year) noexcept;

/// JDE of the true new moon of lunation `k` (k = 0 is the new moon of 2000-01-06), Meeus ch. 49
/// with all periodic and planetary terms.
double new_moon_jde(int k) noexcept;

/// Apparent geocentric ecliptic longitude of the Sun in degrees [0, 360), equinox of date, at a
/// JDE: truncated VSOP87D, FK5 correction, IAU 1980 nutation (main terms) and aberration.
double sun_apparent_longitude_deg(double jde) noexcept;

/// Day number (days since 1970-01-01) of the UTC+7 civil day that contains the instant `jde`.
Date local_civil_day(double jde) noexcept;

/// Signed seconds from the nearest UTC+7 midnight to new moon `k` by new_moon_jde (negative:
/// before midnight).
double new_moon_seconds_from_local_midnight(int k) noexcept;

/// The lunations that new_moon_jde puts so close to local midnight (30 s) that its own error
/// could change the day; their day was settled with two ephemerides (see lunar.cpp).
std::span<const int> checked_new_moon_lunations() noexcept;

/// The UTC+7 civil day of new moon `k` that the calendar uses: local_civil_day(new_moon_jde(k)),
/// except for the checked lunations.
Date new_moon_local_day(int k);

}  // namespace lunar_astronomy

}  // namespace cchc::calendar
