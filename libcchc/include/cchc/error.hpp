// Error types shared by every stage of libcchc.
//
// Every error a user can cause names what was wrong (the value, and for files the
// file, line and field) so that the message alone is enough to fix the input.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cchc {

/// The named arguments of a coded sentence, as text the way its English shows them.
using MessageArguments = std::vector<std::pair<std::string, std::string>>;

/// One sentence of an error's reason as a stable code of error_templates() with its named
/// arguments (docs/i18n.md), so that a presentation layer writes it in its own language.
struct ErrorMessage {
  std::string code;
  MessageArguments arguments;
  friend bool operator==(const ErrorMessage&, const ErrorMessage&) = default;
};

/// Base class of every exception libcchc throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  /// `what` (English) with the same reason as coded sentences, joined by ": " when written.
  Error(const std::string& what, std::vector<ErrorMessage> messages)
      : std::runtime_error(what), messages_(std::move(messages)) {}

  /// The reason as coded sentences that read, joined by ": ", as the English reason does
  /// (the English of a ParseError's reason(), of what() for other errors); empty when the
  /// error has no code, and its English is all there is.
  [[nodiscard]] const std::vector<ErrorMessage>& messages() const noexcept { return messages_; }

 protected:
  void set_messages(std::vector<ErrorMessage> messages) { messages_ = std::move(messages); }

 private:
  std::vector<ErrorMessage> messages_;
};

/// Every error code with its English template, whose {name} fields are the arguments
/// ("period.not_a_period", "'{text}' is not a reporting period"). The templates of
/// dossier::rejection_templates() are error codes too.
[[nodiscard]] const std::vector<std::pair<std::string_view, std::string_view>>& error_templates();

/// A calendar date that does not exist (31/02) or text that is not a date.
class InvalidDate : public Error {
 public:
  using Error::Error;
};

/// A valid value outside what an object covers, e.g. a year outside a calendar's table.
class OutOfRange : public Error {
 public:
  using Error::Error;
};

/// A malformed input file or text. Carries the source (file name or a label such as
/// "<string>"), the 1-based line (0 when unknown), the field (empty when unknown) and the
/// reason; what() joins them as "file:line: field 'x': reason".
class ParseError : public Error {
 public:
  ParseError(std::string source, std::size_t line, std::string field, std::string reason)
      : Error(format(source, line, field, reason)),
        source_(std::move(source)),
        line_(line),
        field_(std::move(field)),
        reason_(std::move(reason)) {}
  /// The reason as coded sentences (Error::messages()); `reason` is their English.
  ParseError(std::string source, std::size_t line, std::string field, std::string reason,
             std::vector<ErrorMessage> messages)
      : Error(format(source, line, field, reason), std::move(messages)),
        source_(std::move(source)),
        line_(line),
        field_(std::move(field)),
        reason_(std::move(reason)) {}

  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  [[nodiscard]] const std::string& field() const noexcept { return field_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

  /// The reason as one stable code with named arguments, for callers that write it in the
  /// user's language; empty when the reason has no code or is several sentences (see
  /// messages(), which always has them).
  [[nodiscard]] const std::string& code() const noexcept {
    return messages().size() == 1 ? messages().front().code : no_code_;
  }
  [[nodiscard]] const MessageArguments& arguments() const noexcept {
    return messages().size() == 1 ? messages().front().arguments : no_arguments_;
  }
  ParseError& with_code(std::string code, MessageArguments arguments) & {
    set_messages({ErrorMessage{std::move(code), std::move(arguments)}});
    return *this;
  }
  ParseError&& with_code(std::string code, MessageArguments arguments) && {
    return std::move(with_code(std::move(code), std::move(arguments)));
  }

 private:
  static std::string format(const std::string& source, std::size_t line, const std::string& field,
                            const std::string& reason) {
    // Appends only: `"x" + string` here trips GCC 12's false -Wrestrict (GCC bug 105329).
    std::string message = source.empty() ? std::string("<input>") : source;
    if (line > 0) message.append(":").append(std::to_string(line));
    message.append(": ");
    if (!field.empty()) message.append("field '").append(field).append("': ");
    message.append(reason);
    return message;
  }

  std::string source_;
  std::size_t line_;
  std::string field_;
  std::string reason_;
  inline static const std::string no_code_{};
  inline static const MessageArguments no_arguments_{};
};

}  // namespace cchc
