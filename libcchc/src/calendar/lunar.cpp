// The Vietnamese lunisolar calendar: astronomy, the table of month starts, and lookups.
//
// Sources: Jean Meeus, Astronomical Algorithms, 2nd ed. (1998), ch. 22 (nutation), 25 (solar
// coordinates, VSOP87), 49 (phases of the Moon); P. Bretagnon and G. Francou, "Planetary
// theories in rectangular and spherical variables: VSOP87 solutions", A&A 202 (1988);
// F. Espenak and J. Meeus, Five Millennium Canon of Solar Eclipses (NASA TP-2006-214141),
// polynomial expressions for ΔT; Hồ Ngọc Đức, "Computing the Vietnamese lunar calendar" (rules).
// docs/calendar/lunar.md explains the choices and how the result was validated.
#include "cchc/calendar/lunar.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <numbers>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/calendar.hpp"
#include "cchc/error.hpp"

namespace cchc::calendar {
namespace {

constexpr double kDegree = std::numbers::pi / 180.0;
constexpr double kJ2000 = 2451545.0;
// Julian Date of 1970-01-01 00:00 UT, the epoch of Date's day numbers.
constexpr double kUnixEpochJd = 2440587.5;
constexpr double kSecondsPerDay = 86400.0;
constexpr double kLocalOffsetDays = kLunarUtcOffsetHours / 24.0;

double sin_deg(double degrees) {
  return std::sin(degrees * kDegree);
}

// Reduces an angle in degrees to [0, 360). fmod keeps the sign of negative angles (years before
// 2000 give negative arguments), so they are shifted up rather than truncated.
double normalize_degrees(double degrees) {
  const double reduced = std::fmod(degrees, 360.0);
  return reduced < 0.0 ? reduced + 360.0 : reduced;
}

double decimal_year_of_jd(double jd) {
  return 2000.0 + (jd - kJ2000) / 365.25;
}

struct VsopTerm {
  double amplitude;  // 1e-8 rad for L, 1e-8 AU for R
  double phase;      // rad
  double frequency;  // rad per Julian millennium
};

// VSOP87D series of the Earth's heliocentric longitude L (rad) and distance R (AU), one array per
// power of tau. Terms are dropped where A*0.2^n < 5e-8 rad (L) or 1e-5 AU (R); see the
// generator for the exact rule. L3..L5 and R2..R5 fall entirely below it.
// VSOP87D Earth, truncated by make_lunar_reference.py --vsop87-cpp from the full
// series in PyMeeus 0.5.12, pymeeus/Earth.py.
constexpr VsopTerm kEarthL0[] = {
    {175347045.673, 0.0, 0.0},
    {3341656.456, 4.66925680417, 6283.0758499914},
    {34894.275, 4.62610241759, 12566.1516999828},
    {3417.571, 2.82886579606, 3.523118349},
    {3497.056, 2.74411800971, 5753.3848848968},
    {3135.896, 3.62767041758, 77713.7714681205},
    {2676.218, 4.41808351397, 7860.4193924392},
    {2342.687, 6.13516237631, 3930.2096962196},
    {1273.166, 2.03709655772, 529.6909650946},
    {1324.292, 0.74246356352, 11506.7697697936},
    {901.855, 2.04505443513, 26.2983197998},
    {1199.167, 1.10962944315, 1577.3435424478},
    {857.223, 3.50849156957, 398.1490034082},
    {779.786, 1.17882652114, 5223.6939198022},
    {990.25, 5.23268129594, 5884.9268465832},
    {753.141, 2.53339053818, 5507.5532386674},
    {505.264, 4.58292563052, 18849.2275499742},
    {492.379, 4.20506639861, 775.522611324},
    {356.655, 2.91954116867, 0.0673103028},
    {284.125, 1.89869034186, 796.2980068164},
    {242.81, 0.34481140906, 5486.777843175},
    {317.087, 5.84901952218, 11790.6290886588},
    {271.039, 0.31488607649, 10977.078804699},
    {206.16, 4.80646606059, 2544.3144198834},
    {205.385, 1.86947813692, 5573.1428014331},
    {202.261, 2.45767795458, 6069.7767545534},
    {126.184, 1.0830263021, 20.7753954924},
    {155.516, 0.83306073807, 213.299095438},
    {115.132, 0.64544911683, 0.9803210682},
    {102.851, 0.63599846727, 4694.0029547076},
    {101.724, 4.26679821365, 7.1135470008},
    {99.206, 6.20992940258, 2146.1654164752},
    {132.212, 3.41118275555, 2942.4634232916},
    {97.607, 0.6810127227, 155.4203994342},
    {85.128, 1.29870743025, 6275.9623029906},
    {74.651, 1.75508916159, 5088.6288397668},
    {101.895, 0.97569221824, 15720.8387848784},
    {84.711, 3.67080093025, 71430.69561812909},
    {73.547, 4.67926565481, 801.8209311238},
    {73.874, 3.50319443167, 3154.6870848956},
    {78.756, 3.03698313141, 12036.4607348882},
    {79.637, 1.807913307, 17260.1546546904},
    {85.803, 5.98322631256, 161000.6857376741},
    {56.963, 2.78430398043, 6286.5989683404},
    {61.148, 1.81839811024, 7084.8967811152},
    {69.627, 0.83297596966, 9437.762934887},
    {56.116, 4.38694880779, 14143.4952424306},
    {62.449, 3.97763880587, 8827.3902698748},
    {51.145, 0.28306864501, 5856.4776591154},
    {55.577, 3.47006009062, 6279.5527316424},
    {41.036, 5.36817351402, 8429.2412664666},
    {51.605, 1.33282746983, 1748.016413067},
    {51.992, 0.18914945834, 12139.5535091068},
    {49.0, 0.48735065033, 1194.4470102246},
    {39.2, 6.16832995016, 10447.3878396044},
    {35.566, 1.77597314691, 6812.766815086},
    {36.77, 6.04133859347, 10213.285546211},
    {36.596, 2.56955238628, 1059.3819301892},
    {33.291, 0.59309499459, 17789.845619785},
    {35.954, 1.70876111898, 2352.8661537718},
    {40.938, 2.39850881707, 19651.048481098},
    {30.047, 2.73975123935, 1349.8674096588},
    {30.412, 0.44294464135, 83996.84731811189},
    {23.663, 0.48473567763, 8031.0922630584},
    {23.574, 2.06527720049, 3340.6124266998},
    {21.089, 4.14825464101, 951.7184062506},
    {24.738, 0.21484762138, 3.5904286518},
    {25.352, 3.16470953405, 4690.4798363586},
    {22.82, 5.22197888032, 4705.7323075436},
    {21.419, 1.42563735525, 16730.4636895958},
    {21.891, 5.55594302562, 553.5694028424},
    {17.481, 4.56052900359, 135.0650800354},
    {19.925, 5.22208471269, 12168.0026965746},
    {19.86, 5.77470167653, 6309.3741697912},
    {20.3, 0.37133792946, 283.8593188652},
    {14.421, 4.19315332546, 242.728603974},
    {16.225, 5.98837722564, 11769.8536931664},
    {15.077, 4.19567181073, 6256.7775301916},
    {19.124, 3.82219996949, 23581.2581773176},
    {18.888, 5.38626880969, 149854.4001348079},
    {14.346, 3.72355084422, 38.0276726358},
    {17.898, 2.21490735647, 13367.9726311066},
    {12.054, 2.62229588349, 955.5997416086},
    {11.287, 0.17739328092, 4164.311989613},
    {13.971, 4.40138139996, 6681.2248533996},
    {13.621, 1.88934471407, 7632.9432596502},
    {12.503, 1.13052412208, 5.5229243074},
    {10.498, 5.35909518669, 1592.5960136328},
    {9.803, 0.99947478995, 11371.7046897582},
    {9.22, 4.57138609781, 4292.3308329504},
    {10.327, 6.19982566125, 6438.4962494256},
    {12.003, 1.003514567, 632.7837393132},
    {10.827, 0.32734520222, 103.0927742186},
    {8.356, 4.53902685948, 25132.3033999656},
    {10.005, 6.0291496328, 5746.271337896},
    {8.409, 3.29946744189, 7234.794256242},
    {8.006, 5.82145271907, 28.4491874678},
    {10.523, 0.93871805506, 11926.2544136688},
    {7.686, 3.12142363172, 7238.6755916},
    {9.378, 2.62414241032, 5760.4984318976},
    {8.127, 6.11228001785, 4732.0306273434},
    {9.232, 0.48343968736, 522.5774180938},
    {9.802, 5.24413991147, 27511.4678735372},
    {7.871, 0.99590177926, 5643.1785636774},
    {8.123, 6.2705301365, 426.598190876},
    {9.048, 5.33686335897, 6386.16862421},
    {8.62, 4.16538210888, 7058.5984613154},
    {6.297, 4.71724819317, 6836.6452528338},
    {7.575, 3.97382858911, 11499.6562227928},
    {7.756, 2.95729056763, 23013.5395395872},
    {7.314, 0.60652505806, 11513.8833167944},
    {5.955, 2.87641047971, 6283.14316029419},
    {6.534, 5.79072926033, 18073.7049386502},
    {7.188, 3.99831508699, 74.7815985673},
    {7.346, 4.38582365437, 316.3918696566},
    {5.413, 5.39199024641, 419.4846438752},
    {5.127, 2.36062848786, 10973.55568635},
    {7.056, 0.32258441903, 263.0839233728},
    {6.625, 3.66475158672, 17298.1823273262},
    {6.762, 5.91132535899, 90955.5516944961},
    {5.547, 2.45152597661, 12352.8526045448},
    {5.958, 3.32051344676, 6283.0085396886},
    {6.153, 1.45823331144, 233141.3144043615},
    {6.123, 1.07494905258, 19804.8272915828},
    {5.188, 4.06503864016, 6208.2942514241},
    {5.307, 0.38217636096, 31441.6775697568},
};
constexpr VsopTerm kEarthL1[] = {
    {628331966747.491, 0.0, 0.0},
    {206058.863, 2.67823455584, 6283.0758499914},
    {4303.43, 2.63512650414, 12566.1516999828},
    {425.264, 1.59046980729, 3.523118349},
    {108.977, 2.96618001993, 1577.3435424478},
    {93.478, 2.59212835365, 18849.2275499742},
    {119.261, 5.79557487799, 26.2983197998},
    {72.122, 1.13846158196, 529.6909650946},
    {67.768, 1.87472304791, 398.1490034082},
    {67.327, 4.40918235168, 5507.5532386674},
    {59.027, 2.8879703846, 5223.6939198022},
    {55.976, 2.17471680261, 155.4203994342},
    {45.407, 0.39803079805, 796.2980068164},
    {36.369, 0.46624739835, 775.522611324},
    {28.958, 2.64707383882, 7.1135470008},
};
constexpr VsopTerm kEarthL2[] = {
    {52918.87, 0.0, 0.0},
    {8719.837, 1.07209665242, 6283.0758499914},
    {309.125, 0.86728818832, 12566.1516999828},
};
constexpr VsopTerm kEarthR0[] = {
    {100013988.799, 0.0, 0.0},
    {1670699.626, 3.09846350771, 6283.0758499914},
    {13956.023, 3.0552460962, 12566.1516999828},
    {3083.72, 5.19846674381, 77713.7714681205},
    {1628.461, 1.17387749012, 5753.3848848968},
    {1575.568, 2.84685245825, 7860.4193924392},
};
constexpr VsopTerm kEarthR1[] = {
    {103018.608, 1.10748969588, 6283.0758499914},
};

template <std::size_t N>
double sum_series(const VsopTerm (&terms)[N], double tau) {
  double sum = 0.0;
  for (const VsopTerm& term : terms) {
    sum += term.amplitude * std::cos(term.phase + term.frequency * tau);
  }
  return sum;
}

// Nutation in longitude (IAU 1980 theory, Meeus table 22.A): the 18 largest terms, in units of
// 0.0001". The terms left out are below 0.005" each, far below what matters here (0.04" of the
// Sun's motion is one second of time).
struct NutationTerm {
  std::int8_t d, m, m_prime, f, omega;  // multiples of the fundamental arguments
  double coefficient;                   // 0.0001"
  double per_century;                   // 0.0001" per Julian century
};

constexpr NutationTerm kNutationTerms[] = {
    {0, 0, 0, 0, 1, -171996.0, -174.2}, {-2, 0, 0, 2, 2, -13187.0, -1.6},
    {0, 0, 0, 2, 2, -2274.0, -0.2},     {0, 0, 0, 0, 2, 2062.0, 0.2},
    {0, 1, 0, 0, 0, 1426.0, -3.4},      {0, 0, 1, 0, 0, 712.0, 0.1},
    {-2, 1, 0, 2, 2, -517.0, 1.2},      {0, 0, 0, 2, 1, -386.0, -0.4},
    {0, 0, 1, 2, 2, -301.0, 0.0},       {-2, -1, 0, 2, 2, 217.0, -0.5},
    {-2, 0, 1, 0, 0, -158.0, 0.0},      {-2, 0, 0, 2, 1, 129.0, 0.1},
    {0, 0, -1, 2, 2, 123.0, 0.0},       {2, 0, 0, 0, 0, 63.0, 0.0},
    {0, 0, 1, 0, 1, 63.0, 0.1},         {2, 0, -1, 2, 2, -59.0, 0.0},
    {0, 0, -1, 0, 1, -58.0, -0.1},      {0, 0, 1, 2, 1, -51.0, 0.0},
};

double nutation_in_longitude_deg(double centuries) {
  const double t = centuries;
  const double d = 297.85036 + 445267.111480 * t - 0.0019142 * t * t + t * t * t / 189474.0;
  const double m = 357.52772 + 35999.050340 * t - 0.0001603 * t * t - t * t * t / 300000.0;
  const double m_prime = 134.96298 + 477198.867398 * t + 0.0086972 * t * t + t * t * t / 56250.0;
  const double f = 93.27191 + 483202.017538 * t - 0.0036825 * t * t + t * t * t / 327270.0;
  const double omega = 125.04452 - 1934.136261 * t + 0.0020708 * t * t + t * t * t / 450000.0;
  double sum = 0.0;
  for (const NutationTerm& term : kNutationTerms) {
    const double argument =
        term.d * d + term.m * m + term.m_prime * m_prime + term.f * f + term.omega * omega;
    sum += (term.coefficient + term.per_century * t) * sin_deg(argument);
  }
  return sum * 0.0001 / 3600.0;
}

// New moons that Meeus's series (max error about 16 s) puts within 30 s of local midnight, so
// that its error could move them to the other day. Each was recomputed with the Swiss Ephemeris
// 2.10 (Moshier's lunar theory, fitted to JPL DE; PyMeeus's series' error is ten times larger)
// and with PyEphem 4.2.1, at the same ΔT; the UTC+7 day both agree on is the one kept. Only
// lunation -402 changes: the series says 23:59:58 on 7/7/1967, both ephemerides 00:00:03-06 on
// 8/7/1967. lunar_test.cpp checks that this list holds every lunation within the margin.
struct CheckedNewMoon {
  int lunation;
  int year, month, day;  // the UTC+7 civil day of the new moon
};

constexpr CheckedNewMoon kCheckedNewMoons[] = {
    {-687, 1944, 6, 20}, {-402, 1967, 7, 8},   {672, 2054, 5, 8},
    {963, 2077, 11, 15}, {1061, 2085, 10, 18}, {2165, 2175, 1, 22},
};

// Meeus's low-accuracy apparent longitude of the Sun (ch. 25, error below 0.01°): a quick first
// look. Only a longitude near a multiple of 30° needs VSOP87, which is about 50 times dearer.
double sun_apparent_longitude_coarse_deg(double jde) {
  const double t = (jde - kJ2000) / 36525.0;
  const double mean_longitude = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
  const double anomaly = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;
  const double center = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin_deg(anomaly) +
                        (0.019993 - 0.000101 * t) * sin_deg(2 * anomaly) +
                        0.000289 * sin_deg(3 * anomaly);
  const double omega = 125.04 - 1934.136 * t;
  return normalize_degrees(mean_longitude + center - 0.00569 - 0.00478 * sin_deg(omega));
}

// The Sun's longitude where only its 30° sector matters: the coarse value when it is clearly
// inside a sector (five times its error away from the edges), VSOP87 otherwise.
double sun_longitude_for_sector(double jde) {
  constexpr double kCoarseMargin = 0.05;  // degrees
  const double coarse = sun_apparent_longitude_coarse_deg(jde);
  const double into_sector = std::fmod(coarse, 30.0);
  if (into_sector > kCoarseMargin && into_sector < 30.0 - kCoarseMargin) return coarse;
  return lunar_astronomy::sun_apparent_longitude_deg(jde);
}

// Julian Day (UT) of the start of a UTC+7 civil day.
double local_midnight_jd_ut(Date::rep day) {
  return static_cast<double>(day) + kUnixEpochJd - kLocalOffsetDays;
}

double ut_to_tt(double jd_ut) {
  return jd_ut + lunar_astronomy::delta_t_seconds(decimal_year_of_jd(jd_ut)) / kSecondsPerDay;
}

// ---------------------------------------------------------------------------------------------
// The table.

struct MonthStart {
  Date::rep start;  // day number of day 1
  std::int16_t lunar_year;
  std::int8_t number;  // 1..12
  bool leap;
};

constexpr int kYearCount = kLunarLastYear - kLunarFirstYear + 1;

struct LunarTable {
  // Every month of lunar years kLunarFirstYear..kLunarLastYear in order, then one sentinel: month
  // 1 of kLunarLastYear + 1, so that month i lasts months[i + 1].start - months[i].start days.
  std::vector<MonthStart> months;
  // Index in `months` of month 1 of each year, plus the sentinel's index at the end.
  std::array<std::int32_t, kYearCount + 1> first_month{};
  std::array<std::int8_t, kYearCount> leap_month{};
};

struct NewMoonDay {
  Date::rep day;
  double sun_longitude_at_midnight;  // degrees at 00:00 UTC+7 of `day`; exact near 30° edges
};

// Sun's sector (0..11): which 30° span its longitude lies in. A month holds a principal term
// exactly when the sector at its first midnight differs from the sector at the next month's.
int sector(double longitude_deg) {
  return static_cast<int>(std::floor(longitude_deg / 30.0));
}

// Whether the December solstice (270°) falls on one of the days of the month that starts at
// `month` and ends before `next`.
bool holds_december_solstice(const NewMoonDay& month, const NewMoonDay& next) {
  return month.sun_longitude_at_midnight >= 180.0 && month.sun_longitude_at_midnight < 270.0 &&
         next.sun_longitude_at_midnight >= 270.0;
}

LunarTable build_table() {
  // Lunations from mid-1898 (month 11 of 1898 opens the first cycle, which holds Tết 1899) to
  // early 2201 (month 11 of 2200 closes the cycle that holds Tết 2200, the sentinel).
  constexpr double kLunationsPerYear = 12.3685;
  const int first_k = static_cast<int>(std::floor((1898.5 - 2000.0) * kLunationsPerYear));
  const int last_k = static_cast<int>(std::ceil((2201.2 - 2000.0) * kLunationsPerYear));

  std::vector<NewMoonDay> new_moons;
  new_moons.reserve(static_cast<std::size_t>(last_k - first_k + 1));
  for (int k = first_k; k <= last_k; ++k) {
    const Date::rep day = lunar_astronomy::new_moon_local_day(k).days_since_epoch();
    const double jde = ut_to_tt(local_midnight_jd_ut(day));
    new_moons.push_back({day, sun_longitude_for_sector(jde)});
  }

  std::vector<std::size_t> month_11;  // indices in new_moons, one per Gregorian year
  for (std::size_t i = 0; i + 1 < new_moons.size(); ++i) {
    if (holds_december_solstice(new_moons[i], new_moons[i + 1])) month_11.push_back(i);
  }

  LunarTable table;
  table.months.reserve(static_cast<std::size_t>(kYearCount) * 13 + 1);
  for (std::size_t cycle = 0; cycle + 1 < month_11.size(); ++cycle) {
    const std::size_t first = month_11[cycle];
    const std::size_t last = month_11[cycle + 1];
    const int solstice_year = Date::from_days(new_moons[first].day).year();
    if (last - first != 12 && last - first != 13) {
      throw std::logic_error("lunar table: " + std::to_string(last - first) +
                             " months between the solstices of " + std::to_string(solstice_year) +
                             " and " + std::to_string(solstice_year + 1));
    }
    std::size_t leap_index = 0;  // 0: none (index `first` is month 11, never leap)
    if (last - first == 13) {
      for (std::size_t i = first + 1; i < last; ++i) {
        if (sector(new_moons[i].sun_longitude_at_midnight) ==
            sector(new_moons[i + 1].sun_longitude_at_midnight)) {
          leap_index = i;
          break;
        }
      }
    }
    int number = 10;
    int lunar_year = solstice_year;
    for (std::size_t i = first; i < last; ++i) {
      const bool leap = i == leap_index;
      if (!leap) {
        number = number % 12 + 1;
        if (number == 1) lunar_year = solstice_year + 1;
      }
      if (lunar_year < kLunarFirstYear || lunar_year > kLunarLastYear + 1) continue;
      if (lunar_year == kLunarLastYear + 1 && number != 1) continue;
      if (number == 1 && !leap) {
        table.first_month[static_cast<std::size_t>(lunar_year - kLunarFirstYear)] =
            static_cast<std::int32_t>(table.months.size());
      }
      if (leap) {
        table.leap_month[static_cast<std::size_t>(lunar_year - kLunarFirstYear)] =
            static_cast<std::int8_t>(number);
      }
      table.months.push_back({new_moons[i].day, static_cast<std::int16_t>(lunar_year),
                              static_cast<std::int8_t>(number), leap});
    }
  }
  if (table.months.empty() || table.months.front().lunar_year != kLunarFirstYear ||
      table.months.back().lunar_year != kLunarLastYear + 1) {
    throw std::logic_error("lunar table: the computed months do not cover the range");
  }
  return table;
}

const LunarTable& table() {
  // A function-local static is initialised once, thread-safely, on first use.
  static const LunarTable instance = build_table();
  return instance;
}

// ---------------------------------------------------------------------------------------------
// Validation and lookups.

std::string describe(const LunarDate& lunar) {
  return to_string(lunar);
}

void require_year_in_range(int lunar_year) {
  if (lunar_year < kLunarFirstYear || lunar_year > kLunarLastYear) {
    throw detail::CodedReason(detail::calendar_error("lunar.year_range"),
                              {{"year", std::to_string(lunar_year)},
                               {"min", std::to_string(kLunarFirstYear)},
                               {"max", std::to_string(kLunarLastYear)}})
        .as<OutOfRange>();
  }
}

std::size_t year_slot(int lunar_year) {
  return static_cast<std::size_t>(lunar_year - kLunarFirstYear);
}

// Index in table().months of the month, or the reason it does not exist.
struct MonthLookup {
  std::size_t index = 0;
  std::string problem;  // empty when the month exists
};

MonthLookup find_month(int lunar_year, int month, bool leap) {
  const LunarTable& lunar_table = table();
  const int leap_number = lunar_table.leap_month[year_slot(lunar_year)];
  if (month < 1 || month > 12) {
    return {0, "there is no month " + std::to_string(month) + " (months run 1..12)"};
  }
  if (leap && leap_number == 0) {
    return {0, "lunar year " + std::to_string(lunar_year) + " has no leap month"};
  }
  if (leap && leap_number != month) {
    return {0, "the leap month of lunar year " + std::to_string(lunar_year) + " is month " +
                   std::to_string(leap_number) + ", not month " + std::to_string(month)};
  }
  const bool after_leap = leap_number != 0 && (month > leap_number || leap);
  const auto first_month = static_cast<std::size_t>(lunar_table.first_month[year_slot(lunar_year)]);
  const std::size_t index =
      first_month + static_cast<std::size_t>(month - 1) + (after_leap ? 1U : 0U);
  return {index, {}};
}

int length_of(std::size_t index) {
  const std::vector<MonthStart>& months = table().months;
  return static_cast<int>(months[index + 1].start - months[index].start);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Astronomy.

namespace lunar_astronomy {

double delta_t_seconds(double decimal_year) noexcept {
  const double y = decimal_year;
  if (y < 1900.0) {
    const double t = y - 1860.0;
    return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * t * t * t -
           0.0004473624 * std::pow(t, 4) + std::pow(t, 5) / 233174.0;
  }
  if (y < 1920.0) {
    const double t = y - 1900.0;
    return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t -
           0.000197 * std::pow(t, 4);
  }
  if (y < 1941.0) {
    const double t = y - 1920.0;
    return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
  }
  if (y < 1961.0) {
    const double t = y - 1950.0;
    return 29.07 + 0.407 * t - t * t / 233.0 + t * t * t / 2547.0;
  }
  if (y < 1986.0) {
    const double t = y - 1975.0;
    return 45.45 + 1.067 * t - t * t / 260.0 - t * t * t / 718.0;
  }
  if (y < 2005.0) {
    const double t = y - 2000.0;
    return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t +
           0.000651814 * std::pow(t, 4) + 0.00002373599 * std::pow(t, 5);
  }
  if (y < 2050.0) {
    const double t = y - 2000.0;
    return 62.92 + 0.32217 * t + 0.005589 * t * t;
  }
  const double u = (y - 1820.0) / 100.0;
  if (y < 2150.0) return -20.0 + 32.0 * u * u - 0.5628 * (2150.0 - y);
  return -20.0 + 32.0 * u * u;
}

double new_moon_jde(int k) noexcept {
  const double kk = k;
  const double t = kk / 1236.85;
  const double t2 = t * t;
  const double t3 = t2 * t;
  const double t4 = t3 * t;

  const double mean_jde =
      2451550.09766 + 29.530588861 * kk + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
  const double e = 1.0 - 0.002516 * t - 0.0000074 * t2;  // eccentricity of Earth's orbit
  // Sun's and Moon's mean anomalies, Moon's argument of latitude, longitude of the node.
  const double m = 2.5534 + 29.10535670 * kk - 0.0000014 * t2 - 0.00000011 * t3;
  const double mp =
      201.5643 + 385.81693528 * kk + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4;
  const double f =
      160.7108 + 390.67050284 * kk - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4;
  const double omega = 124.7746 - 1.56375588 * kk + 0.0020672 * t2 + 0.00000215 * t3;

  const double periodic =
      -0.40720 * sin_deg(mp) + 0.17241 * e * sin_deg(m) + 0.01608 * sin_deg(2 * mp) +
      0.01039 * sin_deg(2 * f) + 0.00739 * e * sin_deg(mp - m) - 0.00514 * e * sin_deg(mp + m) +
      0.00208 * e * e * sin_deg(2 * m) - 0.00111 * sin_deg(mp - 2 * f) -
      0.00057 * sin_deg(mp + 2 * f) + 0.00056 * e * sin_deg(2 * mp + m) -
      0.00042 * sin_deg(3 * mp) + 0.00042 * e * sin_deg(m + 2 * f) +
      0.00038 * e * sin_deg(m - 2 * f) - 0.00024 * e * sin_deg(2 * mp - m) -
      0.00017 * sin_deg(omega) - 0.00007 * sin_deg(mp + 2 * m) + 0.00004 * sin_deg(2 * mp - 2 * f) +
      0.00004 * sin_deg(3 * m) + 0.00003 * sin_deg(mp + m - 2 * f) +
      0.00003 * sin_deg(2 * mp + 2 * f) - 0.00003 * sin_deg(mp + m + 2 * f) +
      0.00003 * sin_deg(mp - m + 2 * f) - 0.00002 * sin_deg(mp - m - 2 * f) -
      0.00002 * sin_deg(3 * mp + m) + 0.00002 * sin_deg(4 * mp);

  // Planetary perturbations: arguments A1..A14 and their coefficients (days).
  const double planetary_arguments[14] = {
      299.77 + 0.107408 * kk - 0.009173 * t2,
      251.88 + 0.016321 * kk,
      251.83 + 26.651886 * kk,
      349.42 + 36.412478 * kk,
      84.66 + 18.206239 * kk,
      141.74 + 53.303771 * kk,
      207.14 + 2.453732 * kk,
      154.84 + 7.306860 * kk,
      34.52 + 27.261239 * kk,
      207.19 + 0.121824 * kk,
      291.34 + 1.844379 * kk,
      161.72 + 24.198154 * kk,
      239.56 + 25.513099 * kk,
      331.55 + 3.592518 * kk,
  };
  constexpr double kPlanetaryCoefficients[14] = {0.000325, 0.000165, 0.000164, 0.000126, 0.000110,
                                                 0.000062, 0.000060, 0.000056, 0.000047, 0.000042,
                                                 0.000040, 0.000037, 0.000035, 0.000023};
  double planetary = 0.0;
  for (std::size_t i = 0; i < 14; ++i) {
    planetary += kPlanetaryCoefficients[i] * sin_deg(planetary_arguments[i]);
  }
  return mean_jde + periodic + planetary;
}

double sun_apparent_longitude_deg(double jde) noexcept {
  const double tau = (jde - kJ2000) / 365250.0;  // Julian millennia
  const double centuries = tau * 10.0;
  const double earth_longitude_rad = (sum_series(kEarthL0, tau) + sum_series(kEarthL1, tau) * tau +
                                      sum_series(kEarthL2, tau) * tau * tau) *
                                     1e-8;
  const double earth_distance_au =
      (sum_series(kEarthR0, tau) + sum_series(kEarthR1, tau) * tau) * 1e-8;
  // Geocentric Sun = heliocentric Earth + 180°. The −0.09033" converts VSOP87's dynamical
  // ecliptic to FK5; the term in the Sun's latitude (< 1.2") is below 0.001" and dropped.
  const double geometric_deg = earth_longitude_rad / kDegree + 180.0 - 0.09033 / 3600.0;
  const double aberration_deg = -20.4898 / 3600.0 / earth_distance_au;
  return normalize_degrees(geometric_deg + nutation_in_longitude_deg(centuries) + aberration_deg);
}

Date local_civil_day(double jde) noexcept {
  const double jd_ut = jde - delta_t_seconds(decimal_year_of_jd(jde)) / kSecondsPerDay;
  const double local_days_since_epoch = jd_ut + kLocalOffsetDays - kUnixEpochJd;
  return Date::from_days(static_cast<Date::rep>(std::floor(local_days_since_epoch)));
}

double new_moon_seconds_from_local_midnight(int k) noexcept {
  const double jde = new_moon_jde(k);
  const double jd_ut = jde - delta_t_seconds(decimal_year_of_jd(jde)) / kSecondsPerDay;
  const double local = jd_ut + kLocalOffsetDays - kUnixEpochJd;
  const double from_previous = (local - std::floor(local)) * kSecondsPerDay;
  return from_previous > kSecondsPerDay / 2 ? from_previous - kSecondsPerDay : from_previous;
}

std::span<const int> checked_new_moon_lunations() noexcept {
  static constexpr auto lunations = [] {
    std::array<int, std::size(kCheckedNewMoons)> result{};
    for (std::size_t i = 0; i < result.size(); ++i) result[i] = kCheckedNewMoons[i].lunation;
    return result;
  }();
  return lunations;
}

Date new_moon_local_day(int k) {
  for (const CheckedNewMoon& checked : kCheckedNewMoons) {
    if (checked.lunation == k) return Date::from_ymd(checked.year, checked.month, checked.day);
  }
  return local_civil_day(new_moon_jde(k));
}

}  // namespace lunar_astronomy

// ---------------------------------------------------------------------------------------------
// Public API.

Date lunar_min_date() {
  return Date::from_days(table().months.front().start);
}

Date lunar_max_date() {
  return Date::from_days(table().months.back().start - 1);
}

LunarDate to_lunar(Date date) {
  const std::vector<MonthStart>& months = table().months;
  const Date::rep day = date.days_since_epoch();
  if (day < months.front().start || day >= months.back().start) {
    throw detail::CodedReason(
        detail::calendar_error("lunar.date_range"),
        {{"date", date.iso()}, {"min", lunar_min_date().iso()}, {"max", lunar_max_date().iso()}})
        .as<OutOfRange>();
  }
  // The last month starting on or before the date (the sentinel is never selected).
  const auto after = std::upper_bound(
      months.begin(), months.end(), day,
      [](Date::rep value, const MonthStart& month) { return value < month.start; });
  const MonthStart& month = *std::prev(after);
  return {month.lunar_year, month.number, static_cast<int>(day - month.start) + 1, month.leap};
}

bool lunar_date_exists(const LunarDate& lunar) noexcept {
  if (lunar.year < kLunarFirstYear || lunar.year > kLunarLastYear) return false;
  try {
    const MonthLookup lookup = find_month(lunar.year, lunar.month, lunar.leap);
    return lookup.problem.empty() && lunar.day >= 1 && lunar.day <= length_of(lookup.index);
  } catch (...) {  // only std::bad_alloc building a message; report "cannot tell" as false
    return false;
  }
}

Date from_lunar(const LunarDate& lunar) {
  require_year_in_range(lunar.year);
  const MonthLookup lookup = find_month(lunar.year, lunar.month, lunar.leap);
  if (!lookup.problem.empty()) {
    throw InvalidDate("lunar date " + describe(lunar) + " does not exist: " + lookup.problem);
  }
  const int length = length_of(lookup.index);
  if (lunar.day < 1 || lunar.day > length) {
    throw InvalidDate("lunar date " + describe(lunar) + " does not exist: month " +
                      std::to_string(lunar.month) + (lunar.leap ? " nhuận" : "") +
                      " of lunar year " + std::to_string(lunar.year) + " has " +
                      std::to_string(length) + " days");
  }
  return Date::from_days(table().months[lookup.index].start + (lunar.day - 1));
}

Date from_lunar(int year, int month, int day, bool leap) {
  return from_lunar(LunarDate{year, month, day, leap});
}

Date tet(int lunar_year) {
  require_year_in_range(lunar_year);
  const LunarTable& lunar_table = table();
  return Date::from_days(
      lunar_table.months[static_cast<std::size_t>(lunar_table.first_month[year_slot(lunar_year)])]
          .start);
}

Date gio_to_hung_vuong(int lunar_year) {
  return from_lunar(lunar_year, 3, 10);
}

int leap_month(int lunar_year) {
  require_year_in_range(lunar_year);
  return table().leap_month[year_slot(lunar_year)];
}

int lunar_month_length(int lunar_year, int month, bool leap) {
  require_year_in_range(lunar_year);
  const MonthLookup lookup = find_month(lunar_year, month, leap);
  if (!lookup.problem.empty()) {
    throw InvalidDate("month " + std::to_string(month) + (leap ? " nhuận" : "") +
                      " of lunar year " + std::to_string(lunar_year) +
                      " does not exist: " + lookup.problem);
  }
  return length_of(lookup.index);
}

std::string to_string(const LunarDate& lunar) {
  std::string text = std::to_string(lunar.day) + "/" + std::to_string(lunar.month) + "/" +
                     std::to_string(lunar.year) + " (âm lịch";
  if (lunar.leap) text += ", tháng " + std::to_string(lunar.month) + " nhuận";
  return text + ")";
}

}  // namespace cchc::calendar
