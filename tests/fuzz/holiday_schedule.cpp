// Fuzz target: the official-schedule file loader (calendar::HolidaySchedule::parse).
//
// Invariants: parsing throws only cchc::Error (ParseError naming the source for bad content);
// every entry has a source (file:line when the row gives none); a schedule that loads serialises
// with to_csv() to text that loads back to the same days, and serialising is stable.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "cchc/calendar/holidays.hpp"
#include "cchc/error.hpp"
#include "fuzz_support.hpp"

using cchc::calendar::HolidaySchedule;
using cchc::fuzz::require;

namespace {

// Entries equal apart from their line (a saved file lays rows out differently).
bool same_days(const HolidaySchedule& a, const HolidaySchedule& b) {
  if (a.entries().size() != b.entries().size()) return false;
  for (std::size_t i = 0; i < a.entries().size(); ++i) {
    const auto& x = a.entries()[i];
    const auto& y = b.entries()[i];
    if (x.year != y.year || !(x.day == y.day)) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  HolidaySchedule schedule;
  try {
    schedule = HolidaySchedule::parse(cchc::fuzz::as_text(data, size), "fuzz.csv");
  } catch (const cchc::ParseError& error) {
    require(error.source() == "fuzz.csv", "a ParseError names the source");
    require(!error.reason().empty(), "a ParseError says why");
    return 0;
  } catch (const cchc::Error&) {
    return 0;
  }
  for (const auto& entry : schedule.entries()) {
    require(entry.line >= 2, "an entry comes from a line after the header");
    require(!entry.day.source.empty(), "an entry names its source (the file:line by default)");
  }
  const std::string text = schedule.to_csv();
  HolidaySchedule reloaded;
  try {
    reloaded = HolidaySchedule::parse(text, "saved.csv");
  } catch (const cchc::Error& error) {
    std::fprintf(stderr, "%s\n--- saved:\n%s\n", error.what(), text.c_str());
    require(false, "a loaded schedule saves to a file that loads");
  }
  require(same_days(schedule, reloaded), "a loaded schedule saves and reloads equal");
  require(reloaded.to_csv() == text, "saving is stable");
  return 0;
}
