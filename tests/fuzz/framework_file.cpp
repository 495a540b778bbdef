// Fuzz target: the framework file loader (io::parse_framework).
//
// Invariants: parsing throws only cchc::Error (ParseError naming the source for bad content);
// a framework that loads formats to text that loads back equal, and formatting is stable
// (format(parse(format(f))) == format(f)).
#include <cstddef>
#include <cstdint>
#include <string>

#include "cchc/error.hpp"
#include "cchc/io/framework_file.hpp"
#include "fuzz_support.hpp"

using cchc::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cchc::score::Framework framework;
  try {
    framework = cchc::io::parse_framework(cchc::fuzz::as_text(data, size), "fuzz.toml");
  } catch (const cchc::ParseError& error) {
    require(error.source() == "fuzz.toml", "a ParseError names the source");
    require(!error.reason().empty(), "a ParseError says why");
    return 0;
  } catch (const cchc::Error&) {
    return 0;
  }
  const std::string text = cchc::io::format_framework(framework);
  cchc::score::Framework reloaded;
  try {
    reloaded = cchc::io::parse_framework(text, "formatted.toml");
  } catch (const cchc::Error& error) {
    std::fprintf(stderr, "%s\n--- formatted:\n%s\n", error.what(), text.c_str());
    require(false, "a loaded framework formats to a file that loads");
  }
  require(reloaded == framework, "a loaded framework re-saves and reloads equal");
  require(cchc::io::format_framework(reloaded) == text, "formatting is stable");
  return 0;
}
