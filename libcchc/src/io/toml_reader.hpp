// Private helpers for reading TOML files with errors that name the line and field (toml++ stays
// out of public headers).
#pragma once

#include <toml++/toml.h>

#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/io.hpp"
#include "cchc/error.hpp"
#include "cchc/text/vietnamese.hpp"

namespace cchc::io::detail {

using cchc::detail::CodedReason;
using cchc::detail::ErrorCode;
using cchc::detail::io_error;

// toml++ is compiled from a copy patched at configure time (cmake/patch_tomlplusplus.cmake):
// Debian's 3.3 reaches __builtin_unreachable on a non-ASCII character it tests for whitespace,
// e.g. a Vietnamese letter in a bare key. This fails the build if the unpatched header is used:
// a constant expression cannot reach __builtin_unreachable.
static_assert(!toml::impl::is_non_ascii_horizontal_whitespace(U'\u00E2') &&
                  !toml::impl::is_non_ascii_horizontal_whitespace(U'\u2C8E') &&
                  toml::impl::is_non_ascii_horizontal_whitespace(U'\u3000'),
              "toml++ must be the copy patched by cmake/patch_tomlplusplus.cmake");

/// Refuses text that is not UTF-8 (UTF-16 and Windows-1258 files) naming the line of the first
/// invalid byte, with the conversion to make; toml++ would name only a byte offset.
inline void reject_invalid_utf8(std::string_view text, const std::string& source) {
  if (text::is_valid_utf8(text)) return;
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
  throw CodedReason(io_error("toml.not_utf8")).at(source, bad_line, "");
}

/// Parses TOML text, turning toml++'s error into a ParseError naming the line. Text outside
/// quotes must be ASCII in TOML; when toml++ stops at a non-ASCII character the reason says how
/// to write a key in Vietnamese.
inline toml::table parse_toml(std::string_view text, const std::string& source) {
  reject_invalid_utf8(text, source);
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& error) {
    const std::string_view description = error.description();
    const std::size_t saw = description.find("saw '");
    const bool non_ascii = saw != std::string_view::npos && saw + 5 < description.size() &&
                           static_cast<unsigned char>(description[saw + 5]) >= 0x80;
    // The description is toml++'s own English: an argument, shown as it is.
    throw CodedReason(non_ascii ? io_error("toml.syntax_non_ascii") : io_error("toml.syntax"),
                      {{"description", std::string(description)}})
        .at(source, static_cast<std::size_t>(error.source().begin.line), "");
  }
}

/// A place in a file as the file writes it, "[framework]", for the reasons about it.
inline CodedReason toml_section(std::string section) {
  return CodedReason(io_error("toml.section"), {{"section", std::move(section)}});
}

class TomlReader {
 public:
  explicit TomlReader(std::string source) : source_(std::move(source)) {}

  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  toml::table parse(std::string_view text) const { return parse_toml(text, source_); }

  static std::size_t line_of(const toml::node& node) {
    return static_cast<std::size_t>(node.source().begin.line);
  }

  [[noreturn]] void fail(const toml::node& node, std::string field,
                         const CodedReason& reason) const {
    throw reason.at(source_, line_of(node), std::move(field));
  }
  /// Fails with `code` after `context` ("[[level]]: a level needs a key").
  [[noreturn]] void fail(const toml::node& node, std::string field, const CodedReason& context,
                         ErrorCode code, MessageArguments arguments = {}) const {
    fail(node, std::move(field), context.and_then(code, std::move(arguments)));
  }

  /// Rejects keys of `table` not in `allowed`; `context` comes before the reason.
  void only_keys(const toml::table& table, std::initializer_list<std::string_view> allowed,
                 const CodedReason& context, const std::string& prefix = "") const {
    for (auto&& [key, node] : table) {
      bool known = false;
      for (std::string_view name : allowed) known = known || key.str() == name;
      if (!known) {
        std::string list;
        for (std::string_view name : allowed)
          list += (list.empty() ? "" : ", ") + std::string(name);
        fail(node, prefix + std::string(key.str()), context, io_error("toml.unknown_key"),
             {{"allowed", list}});
      }
    }
  }

  std::optional<std::string> string(const toml::table& table, std::string_view key,
                                    const CodedReason& context,
                                    const std::string& prefix = "") const {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    if (const auto* value = node->as_string()) return value->get();
    fail(*node, prefix + std::string(key), context, io_error("toml.expected_string"));
  }

  std::optional<double> number(const toml::table& table, std::string_view key,
                               const CodedReason& context, const std::string& prefix = "") const {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    if (const auto* integer = node->as_integer()) return static_cast<double>(integer->get());
    if (const auto* floating = node->as_floating_point()) return floating->get();
    fail(*node, prefix + std::string(key), context, io_error("toml.expected_number"));
  }

  /// A number that must be finite: TOML's nan, inf and -inf are refused, naming the key.
  std::optional<double> finite_number(const toml::table& table, std::string_view key,
                                      const CodedReason& context,
                                      const std::string& prefix = "") const {
    const std::optional<double> value = number(table, key, context, prefix);
    if (value && !std::isfinite(*value)) {
      fail(*table.get(key), prefix + std::string(key), context, io_error("toml.expected_finite"),
           {{"value", std::isnan(*value) ? "nan"
                      : *value > 0       ? "inf"
                                         : "-inf"}});
    }
    return value;
  }

  std::optional<bool> boolean(const toml::table& table, std::string_view key,
                              const CodedReason& context, const std::string& prefix = "") const {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    if (const auto* value = node->as_boolean()) return value->get();
    fail(*node, prefix + std::string(key), context, io_error("toml.expected_boolean"));
  }

  std::vector<std::string> strings(const toml::table& table, std::string_view key,
                                   const CodedReason& context) const {
    std::vector<std::string> values;
    const toml::node* node = table.get(key);
    if (!node) return values;
    const auto* array = node->as_array();
    if (!array) fail(*node, std::string(key), context, io_error("toml.expected_strings"));
    for (const toml::node& item : *array) {
      const auto* text = item.as_string();
      if (!text) fail(item, std::string(key), context, io_error("toml.expected_strings"));
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
    if (!array) {
      fail(*node, std::string(key), CodedReason(), io_error("toml.expected_tables"),
           {{"key", std::string(key)}});
    }
    for (const toml::node& item : *array) {
      const auto* table = item.as_table();
      if (!table) fail(item, std::string(key), CodedReason(), io_error("toml.expected_table"));
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
