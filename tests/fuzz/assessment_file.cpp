// Fuzz target: the self-assessment file loader (io::parse_assessment), the file a department
// fills by hand with its answers, evidence and notes.
//
// Invariants (fuzz::check_round_trip): parsing throws only cchc::Error (a ParseError names the
// source and says why); an assessment that loads formats to text that loads back equal, and
// formatting is stable.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cchc/io/assessment_file.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)cchc::fuzz::check_round_trip(
      cchc::fuzz::as_text(data, size),
      [](std::string_view text, const std::string& source) {
        return cchc::io::parse_assessment(text, source);
      },
      [](const cchc::score::Assessment& assessment) {
        return cchc::io::format_assessment(assessment);
      });
  return 0;
}
