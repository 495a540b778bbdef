// Fixtures shared by the C++ tests.
#pragma once

#include "cchc/calendar/date.hpp"
#include "cchc/calendar/work_calendar.hpp"

namespace cchc::test {

/// Shorthand for a civil date in test tables.
inline Date d(int year, int month, int day) {
  return Date::from_ymd(year, month, day);
}

/// The default civil-service calendar (1900–2199), built once for the whole test binary.
inline const calendar::WorkCalendar& civil_service_calendar() {
  static const calendar::WorkCalendar instance;
  return instance;
}

}  // namespace cchc::test
