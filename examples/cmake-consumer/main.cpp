// A downstream program that finds libcchc with find_package(cchc) and uses each compiled part
// a linked system relies on: the lunar calendar and the official schedule (due date of a
// dossier received just before Tết 2024), the CSV reader (libcsv, private to libcchc, must
// still link for a static libcchc), and a framework compiled into the library.
#include <cchc/cchc.hpp>

#include <iostream>
#include <sstream>

int main() {
  const cchc::calendar::WorkCalendar calendar;
  const cchc::Date received = cchc::Date::from_ymd(2024, 2, 2);
  const cchc::Date due = cchc::calendar::due_date(calendar, received, 5);
  std::cout << "received " << received.vn() << ", 5 working days, due " << due.vn() << '\n';
  if (due != cchc::Date::from_ymd(2024, 2, 16)) return 1;

  std::istringstream csv(
      "Mã hồ sơ,Đơn vị giải quyết,Trạng thái,Ngày tiếp nhận,Thời hạn giải quyết\n"
      "HS-1,Sở Tư pháp,Đang giải quyết,02/02/2024,5\n");
  const auto read = cchc::io::read_dossier_csv(csv, "inline.csv", calendar);
  std::cout << "CSV: " << read.ingested.rows_in << " row(s) in, " << read.ingested.batch.size()
            << " accepted\n";
  for (const auto& rejected : read.ingested.rejected) std::cout << rejected.message() << '\n';
  if (read.ingested.batch.size() != 1) return 2;

  const auto framework = cchc::io::shipped_framework("decision-766-portal");
  std::cout << "decision-766-portal: " << framework.tree().size() << " criteria\n";
  return framework.tree().size() > 0 ? 0 : 3;
}
