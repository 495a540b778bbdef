// Error types shared by every stage of libcchc.
//
// Every error a user can cause names what was wrong (the value, and for files the
// file, line and field) so that the message alone is enough to fix the input.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cchc {

/// Base class of every exception libcchc throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

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

  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  [[nodiscard]] const std::string& field() const noexcept { return field_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

  /// The reason as a stable code with named arguments (dossier::rejection_templates()), for
  /// callers that write it in the user's language; empty when the reason has no code.
  [[nodiscard]] const std::string& code() const noexcept { return code_; }
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& arguments()
      const noexcept {
    return arguments_;
  }
  ParseError& with_code(std::string code,
                        std::vector<std::pair<std::string, std::string>> arguments) & {
    code_ = std::move(code);
    arguments_ = std::move(arguments);
    return *this;
  }
  ParseError&& with_code(std::string code,
                         std::vector<std::pair<std::string, std::string>> arguments) && {
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
  std::string code_;
  std::vector<std::pair<std::string, std::string>> arguments_;
};

}  // namespace cchc
