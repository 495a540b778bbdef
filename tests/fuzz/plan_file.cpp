// Fuzz target: the plan file loader (io::parse_plan).
//
// Invariants (fuzz::check_round_trip): parsing throws only cchc::Error (a ParseError names the
// source and says why); a plan that loads formats to text that loads back equal, and
// formatting is stable; and a plan that loads is valid (target::validate).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cchc/io/plan_file.hpp"
#include "cchc/target/plan.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto plan = cchc::fuzz::check_round_trip(
      cchc::fuzz::as_text(data, size),
      [](std::string_view text, const std::string& source) {
        return cchc::io::parse_plan(text, source);
      },
      [](const cchc::target::Plan& loaded) { return cchc::io::format_plan(loaded); });
  if (plan) cchc::fuzz::require(cchc::target::validate(*plan).empty(), "a loaded plan is valid");
  return 0;
}
