// A downstream program that finds libcchc with find_package(cchc) and uses it.
#include <cchc/cchc.hpp>

#include <iostream>

int main() {
  const cchc::Date received = cchc::Date::from_ymd(2024, 2, 2);
  std::cout << "received " << received.vn() << '\n';
  return received.year() == 2024 ? 0 : 1;
}
