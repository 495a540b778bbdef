// Plan files: TOML 1.0, UTF-8, one plan per file. Format: docs/target/plan-file.md.
//
// Loading is strict: unknown keys, wrong types, unknown enum keys, missing required keys and
// duplicate ids are ParseErrors naming the file, line, key and reason. Deadline phrases are
// parsed with the plan's year; a phrase that does not parse is kept as text (never an error).
// Saving writes a canonical layout that loads back to an equal Plan.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "cchc/target/plan.hpp"

namespace cchc::io {

/// Reads the plan file at `path`. Throws ParseError (the path as source) on bad content and
/// cchc::Error when the file cannot be read.
[[nodiscard]] target::Plan load_plan(const std::filesystem::path& path);

/// Reads a plan from TOML `text`; `source` names it in errors.
[[nodiscard]] target::Plan parse_plan(std::string_view text,
                                      const std::string& source = "<string>");

/// A plan shipped with the library, by its path below libcchc/data ("plans/x.toml").
[[nodiscard]] target::Plan load_embedded_plan(std::string_view name);

/// The plan as TOML text in the canonical layout (keys in the documented order, empty optional
/// keys left out). Throws cchc::Error listing the problems when validate(plan) finds any.
[[nodiscard]] std::string format_plan(const target::Plan& plan);

/// Writes format_plan(plan) to `path`. Throws cchc::Error when the file cannot be written.
void save_plan(const target::Plan& plan, const std::filesystem::path& path);

}  // namespace cchc::io
