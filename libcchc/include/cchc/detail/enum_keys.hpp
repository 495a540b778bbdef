// Stable text keys of enums ("online", "tet", "quarter"), used in files, Python and the CLI:
// each enum has one table of (key, value) pairs and these two lookups over it.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace cchc::detail {

template <typename Enum, std::size_t N>
using EnumKeys = std::array<std::pair<std::string_view, Enum>, N>;

template <typename Enum, std::size_t N>
constexpr std::optional<Enum> enum_from_key(const EnumKeys<Enum, N>& keys,
                                            std::string_view key) noexcept {
  for (const auto& [name, value] : keys) {
    if (name == key) return value;
  }
  return std::nullopt;
}

/// The key of `value`, or `fallback` when the table lacks it.
template <typename Enum, std::size_t N>
constexpr std::string_view enum_key(const EnumKeys<Enum, N>& keys, Enum value,
                                    std::string_view fallback = "") noexcept {
  for (const auto& [name, candidate] : keys) {
    if (candidate == value) return name;
  }
  return fallback;
}

}  // namespace cchc::detail
