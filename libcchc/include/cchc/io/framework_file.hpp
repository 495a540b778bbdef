// The framework file: a human-editable TOML file with one [[criterion]] table per node
// (flat, each naming its parent). Format and validation rules: docs/score/frameworks.md.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/score/framework.hpp"

namespace cchc::io {

/// Parses a framework file's text. Errors are ParseError naming `source`, the line, the field
/// and, for a criterion, its code: unknown keys, wrong types, duplicate codes, missing parents,
/// cycles, maxima inconsistent with children, parameters out of range.
[[nodiscard]] score::Framework parse_framework(std::string_view text,
                                               std::string_view source = "<string>");
/// Reads and parses a framework file.
[[nodiscard]] score::Framework read_framework(const std::filesystem::path& path);

/// The framework as file text; parse_framework(format_framework(f)) == f.
[[nodiscard]] std::string format_framework(const score::Framework& framework);
void write_framework(const score::Framework& framework, const std::filesystem::path& path);

/// The ids of the frameworks shipped in libcchc/data/frameworks ("decision-766-portal", …).
[[nodiscard]] std::vector<std::string> shipped_frameworks();
/// A shipped framework by id; throws cchc::Error listing the ids when there is none.
[[nodiscard]] score::Framework shipped_framework(std::string_view id);

}  // namespace cchc::io
