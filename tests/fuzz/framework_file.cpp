// Fuzz target: the framework file loader (io::parse_framework).
//
// Invariants (fuzz::check_round_trip): parsing throws only cchc::Error (a ParseError names the
// source and says why); a framework that loads formats to text that loads back equal, and
// formatting is stable (format(parse(format(f))) == format(f)).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cchc/io/framework_file.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)cchc::fuzz::check_round_trip(
      cchc::fuzz::as_text(data, size),
      [](std::string_view text, const std::string& source) {
        return cchc::io::parse_framework(text, source);
      },
      [](const cchc::score::Framework& framework) {
        return cchc::io::format_framework(framework);
      });
  return 0;
}
