// A downstream program that finds libcchc with find_package(cchc) and uses it: the due date of
// a dossier received just before Tết 2024, which needs the lunar calendar and the official
// schedule compiled into the installed library.
#include <cchc/cchc.hpp>

#include <iostream>

int main() {
  const cchc::calendar::WorkCalendar calendar;
  const cchc::Date received = cchc::Date::from_ymd(2024, 2, 2);
  const cchc::Date due = cchc::calendar::due_date(calendar, received, 5);
  std::cout << "received " << received.vn() << ", 5 working days, due " << due.vn() << '\n';
  return due == cchc::Date::from_ymd(2024, 2, 16) ? 0 : 1;
}
