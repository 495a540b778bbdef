// Sentences for people as stable codes with named arguments (docs/i18n.md). libcchc writes the
// English sentence from them itself; the Python package writes the same sentence in Vietnamese
// or English from its message catalogs, with numbers in each language's format, so that no
// presentation layer has to read an English sentence back.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace cchc::score {

/// A number (written by format_number) or a text (an id, a date, a note) of a message.
using MessageValue = std::variant<double, std::string>;

struct Message {
  std::string_view code;  // a code of message_templates(); empty: no message
  std::vector<std::pair<std::string_view, MessageValue>> arguments;
  friend bool operator==(const Message&, const Message&) = default;
};

/// Every message code with its English template, whose {name} fields are the arguments:
/// ("rule.proportional", "{max} × {value}% = {points}").
[[nodiscard]] const std::vector<std::pair<std::string_view, std::string_view>>&
message_templates() noexcept;

/// The English sentence of `message`: its template with each {name} replaced by the argument
/// (numbers by format_number, infinity as ∞). An unknown code throws cchc::Error.
[[nodiscard]] std::string english(const Message& message);
/// The English sentences of `parts`, joined by "; ".
[[nodiscard]] std::string english(const std::vector<Message>& parts);

}  // namespace cchc::score
