// A small reader for libcchc's own hand-edited CSV data files (schedules, …): RFC 4180
// quoting, '#' comment lines, blank lines, CRLF and a UTF-8 BOM. Dossier exports, which are
// large and messy, go through the io/ readers instead.
#pragma once

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/io.hpp"
#include "cchc/error.hpp"

namespace cchc::detail {

inline std::string trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

/// Calls `on_record(line, fields)` for each record; `line` is the 1-based line where the
/// record starts. Fields are trimmed of surrounding spaces unless quoted. Throws ParseError
/// naming `source` and the line for an unterminated quote or text after a closing quote.
template <typename OnRecord>
void for_each_csv_record(std::string_view text, const std::string& source, OnRecord&& on_record) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t position = 0;
  std::size_t line = 1;
  while (position < text.size()) {
    const std::size_t record_line = line;
    // Comment and blank lines.
    std::size_t probe = position;
    while (probe < text.size() && (text[probe] == ' ' || text[probe] == '\t')) ++probe;
    if (probe == text.size() || text[probe] == '\n' || text[probe] == '\r' || text[probe] == '#') {
      const std::size_t end = text.find('\n', probe);
      position = end == std::string_view::npos ? text.size() : end + 1;
      ++line;
      continue;
    }
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    bool was_quoted = false;
    bool record_done = false;
    while (!record_done) {
      if (position >= text.size()) {
        if (quoted)
          throw CodedReason(io_error("csv.unterminated_quote")).at(source, record_line, "");
        record_done = true;
        break;
      }
      const char c = text[position++];
      if (quoted) {
        if (c == '"') {
          if (position < text.size() && text[position] == '"') {
            field += '"';
            ++position;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line;
          field += c;
        }
        continue;
      }
      if (c == '"') {
        if (was_quoted || field.find_first_not_of(" \t") != std::string::npos) {
          throw CodedReason(io_error("csv.quote_in_unquoted")).at(source, line, "");
        }
        field.clear();
        quoted = true;
        was_quoted = true;
      } else if (c == ',') {
        fields.push_back(was_quoted ? field : trim(field));
        field.clear();
        was_quoted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && position < text.size() && text[position] == '\n') ++position;
        ++line;
        record_done = true;
      } else {
        if (was_quoted && c != ' ' && c != '\t') {
          throw CodedReason(io_error("csv.text_after_quote")).at(source, line, "");
        }
        if (!was_quoted) field += c;
      }
    }
    fields.push_back(was_quoted ? field : trim(field));
    on_record(record_line, fields);
  }
}

/// Whole decimal number, optionally signed; false on anything else.
inline bool parse_int(std::string_view text, int& out) noexcept {
  if (text.empty()) return false;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
  return result.ec == std::errc{} && result.ptr == text.data() + text.size();
}

/// Quotes a field when it needs it.
inline std::string csv_quote(std::string_view field) {
  if (field.find_first_of(",\"\n\r#") == std::string_view::npos && field == trim(field)) {
    return std::string(field);
  }
  std::string quoted = "\"";
  for (const char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace cchc::detail
