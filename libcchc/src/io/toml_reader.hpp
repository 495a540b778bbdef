// Private helpers for reading TOML files with errors that name the line and field (toml++ stays
// out of public headers).
#pragma once

#include <toml++/toml.h>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/error.hpp"
#include "cchc/text/vietnamese.hpp"

namespace cchc::io::detail {

/// Rejects, before toml++ sees it, a non-ASCII character outside strings and comments (never
/// valid TOML) and a non-ASCII character that starts the text after a line-ending backslash of
/// a multi-line string. toml++ 3.3 (Debian's) reaches __builtin_unreachable — undefined
/// behaviour — when it tests such characters for whitespace (marzer/tomlplusplus issues #190
/// and #295, fixed upstream after 3.4); our fuzzer found it with a Vietnamese letter in a key.
inline void reject_text_tomlplusplus_cannot_read(std::string_view text, const std::string& source) {
  // Text that is not UTF-8 (UTF-16, Windows-1258) is refused here too: toml++ 3.3 classifies
  // the bytes of an invalid sequence before it reports them.
  if (!text::is_valid_utf8(text)) {
    std::size_t bad_line = 1;
    for (std::size_t k = 0; k < text.size();) {
      const auto byte = static_cast<unsigned char>(text[k]);
      if (byte < 0x80) {
        bad_line += text[k] == '\n' ? 1U : 0U;
        ++k;
        continue;
      }
      const text::DecodedCodePoint decoded = text::decode_utf8(text, k);
      if (!decoded.valid) break;
      k += decoded.length;
    }
    throw ParseError(source, bad_line, "",
                     "invalid UTF-8: the file is not UTF-8 (UTF-16 or Windows-1258 files must be "
                     "converted first, e.g. iconv -f CP1258 -t UTF-8)");
  }
  std::size_t line = 1;
  std::size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const auto at = [&](std::size_t k) { return k < text.size() ? text[k] : '\0'; };
  const auto non_ascii = [&](std::size_t k) {
    return k < text.size() && static_cast<unsigned char>(text[k]) >= 0x80;
  };
  const auto fail = [&](const std::string& reason) { throw ParseError(source, line, "", reason); };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (c == '#') {  // a comment, to the end of the line
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      const bool multi_line = at(i + 1) == c && at(i + 2) == c;
      const std::size_t quote_length = multi_line ? 3 : 1;
      i += quote_length;
      while (i < text.size()) {
        const char d = text[i];
        if (d == c && (!multi_line || (at(i + 1) == c && at(i + 2) == c))) {
          i += quote_length;
          break;
        }
        if (d == '\n') {
          ++line;
          if (!multi_line) break;  // an unterminated string: toml++ reports it
        }
        if (d == '\\' && c == '"') {
          std::size_t k = i + 1;
          while (at(k) == ' ' || at(k) == '\t') ++k;
          if (multi_line && (at(k) == '\n' || (at(k) == '\r' && at(k + 1) == '\n'))) {
            // A line-ending backslash: toml++ skips the whitespace that follows with is_whitespace.
            while (at(k) == ' ' || at(k) == '\t' || at(k) == '\r' || at(k) == '\n') {
              if (at(k) == '\n') ++line;
              ++k;
            }
            if (non_ascii(k)) {
              fail(
                  "a non-ASCII character right after a line-ending backslash cannot be read "
                  "(a toml++ 3.3 defect): join the lines or put it after an ASCII character");
            }
            i = k;
            continue;
          }
          if (at(i + 1) == '\n') ++line;
          i += 2;  // an escape: skip the escaped character
          continue;
        }
        ++i;
      }
    } else if (non_ascii(i)) {
      fail(
          "a non-ASCII character outside a quoted string or a comment (keys with Vietnamese "
          "letters must be quoted: \"tiêu đề\" = …)");
    } else {
      ++i;
    }
  }
}

class TomlReader {
 public:
  explicit TomlReader(std::string source) : source_(std::move(source)) {}

  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  toml::table parse(std::string_view text) const {
    reject_text_tomlplusplus_cannot_read(text, source_);
    try {
      return toml::parse(text, source_);
    } catch (const toml::parse_error& error) {
      throw ParseError(source_, error.source().begin.line, "",
                       "not valid TOML: " + std::string(error.description()));
    }
  }

  static std::size_t line_of(const toml::node& node) {
    return static_cast<std::size_t>(node.source().begin.line);
  }

  [[noreturn]] void fail(const toml::node& node, std::string field, std::string reason) const {
    throw ParseError(source_, line_of(node), std::move(field), std::move(reason));
  }

  /// Rejects keys of `table` not in `allowed`; `context` prefixes the reason.
  void only_keys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                 const std::string& context, const std::string& prefix = "") const {
    for (auto&& [key, node] : table) {
      bool known = false;
      for (std::string_view name : allowed) known = known || key.str() == name;
      if (!known) {
        std::string list;
        for (std::string_view name : allowed)
          list += (list.empty() ? "" : ", ") + std::string(name);
        fail(node, prefix + std::string(key.str()),
             context + "unknown key (allowed: " + list + ")");
      }
    }
  }

  std::optional<std::string> string(const toml::table& table, std::string_view key,
                                    const std::string& context,
                                    const std::string& prefix = "") const {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    if (const auto* value = node->as_string()) return value->get();
    fail(*node, prefix + std::string(key), context + "expected a string");
  }

  std::optional<double> number(const toml::table& table, std::string_view key,
                               const std::string& context, const std::string& prefix = "") const {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    if (const auto* integer = node->as_integer()) return static_cast<double>(integer->get());
    if (const auto* floating = node->as_floating_point()) return floating->get();
    fail(*node, prefix + std::string(key), context + "expected a number");
  }

  std::optional<bool> boolean(const toml::table& table, std::string_view key,
                              const std::string& context, const std::string& prefix = "") const {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    if (const auto* value = node->as_boolean()) return value->get();
    fail(*node, prefix + std::string(key), context + "expected true or false");
  }

  std::vector<std::string> strings(const toml::table& table, std::string_view key,
                                   const std::string& context) const {
    std::vector<std::string> values;
    const toml::node* node = table.get(key);
    if (!node) return values;
    const auto* array = node->as_array();
    if (!array) fail(*node, std::string(key), context + "expected an array of strings");
    for (const toml::node& item : *array) {
      const auto* text = item.as_string();
      if (!text) fail(item, std::string(key), context + "expected an array of strings");
      values.push_back(text->get());
    }
    return values;
  }

  /// The array of tables `key` ([[key]]); empty when absent.
  std::vector<const toml::table*> tables(const toml::table& root, std::string_view key) const {
    std::vector<const toml::table*> out;
    const toml::node* node = root.get(key);
    if (!node) return out;
    const auto* array = node->as_array();
    if (!array)
      fail(*node, std::string(key), "expected an array of tables [[" + std::string(key) + "]]");
    for (const toml::node& item : *array) {
      const auto* table = item.as_table();
      if (!table) fail(item, std::string(key), "expected a table");
      out.push_back(table);
    }
    return out;
  }

 private:
  std::string source_;
};

/// TOML text writing: basic strings with escapes, numbers in shortest round-trip form.
std::string quote(std::string_view text);

}  // namespace cchc::io::detail
