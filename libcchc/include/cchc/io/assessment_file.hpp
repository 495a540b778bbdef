// The self-assessment file: TOML, one [[answer]] table per leaf with its raw inputs or
// self-score, evidence references, notes and optionally the appraised score.
// Format: docs/score/assessment.md.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "cchc/score/assessment.hpp"

namespace cchc::io {

/// Parses an assessment's text. ParseError names `source`, the line and the field for unknown
/// keys, wrong types and duplicate answers. Whether the codes belong to a framework is checked
/// by score::score(), which names the line too.
[[nodiscard]] score::Assessment parse_assessment(std::string_view text,
                                                 std::string_view source = "<string>");
[[nodiscard]] score::Assessment read_assessment(const std::filesystem::path& path);

/// The assessment as file text; parse_assessment(format_assessment(a)) == a.
[[nodiscard]] std::string format_assessment(const score::Assessment& assessment);
void write_assessment(const score::Assessment& assessment, const std::filesystem::path& path);

}  // namespace cchc::io
