// Fuzz target: the self-assessment file loader (io::parse_assessment), the file a department
// fills by hand with its answers, evidence and notes.
//
// Invariants: parsing throws only cchc::Error (a ParseError names the source and says why); an
// assessment that loads formats to text that loads back equal, and formatting is stable
// (format(parse(format(a))) == format(a)).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "cchc/error.hpp"
#include "cchc/io/assessment_file.hpp"
#include "fuzz_support.hpp"

using cchc::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cchc::score::Assessment assessment;
  try {
    assessment = cchc::io::parse_assessment(cchc::fuzz::as_text(data, size), "fuzz.toml");
  } catch (const cchc::ParseError& error) {
    require(error.source() == "fuzz.toml", "a ParseError names the source");
    require(!error.reason().empty(), "a ParseError says why");
    return 0;
  } catch (const cchc::Error&) {
    return 0;
  }
  const std::string text = cchc::io::format_assessment(assessment);
  cchc::score::Assessment reloaded;
  try {
    reloaded = cchc::io::parse_assessment(text, "formatted.toml");
  } catch (const cchc::Error& error) {
    std::fprintf(stderr, "%s\n--- formatted:\n%s\n", error.what(), text.c_str());
    require(false, "a loaded assessment formats to a file that loads");
  }
  require(reloaded == assessment, "a loaded assessment re-saves and reloads equal");
  require(cchc::io::format_assessment(reloaded) == text, "formatting is stable");
  return 0;
}
