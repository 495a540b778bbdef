// Shared by the libFuzzer targets: an invariant check that stops the run with a message, so
// that a violated invariant is a finding just like a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "cchc/error.hpp"

namespace cchc::fuzz {

/// Aborts (a libFuzzer finding, with the input saved) when `condition` does not hold.
inline void require(bool condition, const char* invariant) {
  if (!condition) {
    std::fprintf(stderr, "invariant violated: %s\n", invariant);
    std::abort();
  }
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// The invariants of a file loader with a writer: parsing throws only cchc::Error (a
/// ParseError names the source and says why); what loads formats to text that loads back equal,
/// and formatting is stable (format(parse(format(x))) == format(x)). Returns what `text` loaded
/// to, or nothing when the loader refused it, for target-specific checks.
template <class Parse, class Format>
auto check_round_trip(std::string_view text, Parse parse, Format format)
    -> std::optional<decltype(parse(text, std::string()))> {
  using Loaded = decltype(parse(text, std::string()));
  std::optional<Loaded> loaded;
  try {
    loaded.emplace(parse(text, std::string("fuzz.toml")));
  } catch (const ParseError& error) {
    require(error.source() == "fuzz.toml", "a ParseError names the source");
    require(!error.reason().empty(), "a ParseError says why");
    return std::nullopt;
  } catch (const Error&) {
    return std::nullopt;
  }
  std::string formatted;
  std::optional<Loaded> reloaded;
  try {
    formatted = format(*loaded);
    reloaded.emplace(parse(formatted, std::string("formatted.toml")));
  } catch (const Error& error) {
    std::fprintf(stderr, "%s\n--- formatted:\n%s\n", error.what(), formatted.c_str());
    require(false, "what loads formats to a file that loads");
  }
  require(*reloaded == *loaded, "load -> format -> load gives an equal value");
  require(format(*reloaded) == formatted, "formatting is stable");
  return loaded;
}

}  // namespace cchc::fuzz
