// Fuzz target: the plan file loader (io::parse_plan).
//
// Invariants: parsing throws only cchc::Error (ParseError naming the source for bad content);
// a plan that loads is valid, formats to text that loads back equal, and formatting is stable.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "cchc/error.hpp"
#include "cchc/io/plan_file.hpp"
#include "cchc/target/plan.hpp"
#include "fuzz_support.hpp"

using cchc::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cchc::target::Plan plan;
  try {
    plan = cchc::io::parse_plan(cchc::fuzz::as_text(data, size), "fuzz.toml");
  } catch (const cchc::ParseError& error) {
    require(error.source() == "fuzz.toml", "a ParseError names the source");
    require(!error.reason().empty(), "a ParseError says why");
    return 0;
  } catch (const cchc::Error&) {
    return 0;
  }
  require(cchc::target::validate(plan).empty(), "a loaded plan is valid");
  std::string text;
  cchc::target::Plan reloaded;
  try {
    text = cchc::io::format_plan(plan);
    reloaded = cchc::io::parse_plan(text, "formatted.toml");
  } catch (const cchc::Error& error) {
    std::fprintf(stderr, "%s\n--- formatted:\n%s\n", error.what(), text.c_str());
    require(false, "a loaded plan formats to a file that loads");
  }
  require(reloaded == plan, "plan file load -> format -> parse equal");
  require(cchc::io::format_plan(reloaded) == text, "formatting is stable");
  return 0;
}
