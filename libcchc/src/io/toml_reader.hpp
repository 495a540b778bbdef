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

namespace cchc::io::detail {

class TomlReader {
 public:
  explicit TomlReader(std::string source) : source_(std::move(source)) {}

  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  toml::table parse(std::string_view text) const {
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
