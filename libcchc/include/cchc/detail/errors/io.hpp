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
    // CSV files (dossier exports, pause tables).
    {"columns.unknown_field", "column mapping: unknown record field '{field}' (expected {known})"},
    {"file.cannot_open", "cannot open the file"},
    {"file.read_error", "read error"},
    {"csv.bad_delimiter", "a CSV delimiter cannot be a quote or a line break"},
    {"csv.parser", "CSV parser: {error}"},
    {"csv.overlong", "the record is longer than {max} bytes"},
    {"csv.open_quote",
     "the file ends inside a quoted value that started on this line (a missing closing quote, "
     "or a truncated file)"},
    {"csv.unterminated_quote", "unterminated quoted field"},
    {"csv.quote_in_unquoted", "a quote inside an unquoted field"},
    {"csv.text_after_quote", "text after a closing quote"},
    {"pause.columns",
     "a pause table needs the columns id ('Mã hồ sơ'), start ('Ngày tạm dừng', 'Từ ngày') and "
     "end ('Ngày tiếp tục', 'Đến ngày')"},
    {"pause.field_count", "the row has {count} fields, the header has {columns}"},
    {"pause.id_missing", "missing dossier id"},
    {"pause.reversed", "the pause ends ({end}) before it starts ({start})"},
    {"pause.empty", "the pause table is empty: expected a header"},
};

consteval ErrorCode io_error(std::string_view code) {
  return find_error_code(kIoErrors, code);
}

}  // namespace cchc::detail
