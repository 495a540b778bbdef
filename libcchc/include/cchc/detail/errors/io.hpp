// The error codes of the TOML input files in general: framework, assessment, plan and composite
// files share them (docs/i18n.md). scripts/catalogs.py reads this table: one entry is
// {"code", "English template"} with the template as adjacent string literals.
#pragma once

#include <string_view>

#include "cchc/detail/coded_error.hpp"

namespace cchc::detail {

inline constexpr ErrorTemplate kIoErrors[] = {
    {"toml.not_utf8",
     "invalid UTF-8: the file is not UTF-8 (UTF-16 or Windows-1258 files must be converted "
     "first, e.g. iconv -f CP1258 -t UTF-8)"},
    {"toml.syntax", "not valid TOML: {description}"},
    {"toml.syntax_non_ascii",
     "not valid TOML: {description} (outside quotes TOML allows only ASCII: a key with "
     "Vietnamese letters must be quoted, \"tiêu đề\" = …)"},
    // A place in the file: "[framework]", "[[level]]" as the file writes them.
    {"toml.section", "{section}"},
    {"toml.unknown_key", "unknown key (allowed: {allowed})"},
    {"toml.expected_string", "expected a string"},
    {"toml.expected_number", "expected a number"},
    {"toml.expected_finite", "expected a finite number, got {value}"},
    {"toml.expected_boolean", "expected true or false"},
    {"toml.expected_strings", "expected an array of strings"},
    {"toml.expected_tables", "expected an array of tables [[{key}]]"},
    {"toml.expected_table", "expected a table"},
};

consteval ErrorCode io_error(std::string_view code) { return find_error_code(kIoErrors, code); }

}  // namespace cchc::detail
