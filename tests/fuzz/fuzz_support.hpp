// Shared by the libFuzzer targets: an invariant check that stops the run with a message, so
// that a violated invariant is a finding just like a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

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

}  // namespace cchc::fuzz
