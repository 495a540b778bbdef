// Errors whose reason is written from stable codes (docs/i18n.md): the engine keeps English as
// its own text, and the Python package writes the same reason in the user's language from the
// codes. Each area of the library lists its codes in a table of detail/errors/; a throw site
// names its code through that area's consteval lookup, so a code that is not in the table does
// not compile, and the English cannot drift from the template the catalogs translate.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cchc/error.hpp"

namespace cchc::detail {

/// One code with its English template; {name} fields are the arguments.
struct ErrorTemplate {
  std::string_view code;
  std::string_view english;
};

/// A code found in its table at compile time, with its English template.
struct ErrorCode {
  std::string_view code;
  std::string_view english;
};

/// The entry of `code` in `table`; not a constant expression (so a consteval caller does not
/// compile) when the table has no such code.
template <std::size_t N>
consteval ErrorCode find_error_code(const ErrorTemplate (&table)[N], std::string_view code) {
  for (const ErrorTemplate& entry : table) {
    if (entry.code == code) return ErrorCode{entry.code, entry.english};
  }
  throw "unknown error code: add it to its table in cchc/detail/errors/";
}

/// `english` with each {name} replaced by its argument; a field without an argument is kept as
/// it is, so a missing argument shows in the text instead of vanishing (and `missing`, when
/// given, receives the first such name). `Arguments` is a list of (name, text) pairs: error
/// arguments, or a dossier RejectionCode's, read in place.
template <typename Arguments = MessageArguments>
[[nodiscard]] std::string fill_template(std::string_view english, const Arguments& arguments,
                                        std::string* missing = nullptr) {
  std::string out;
  out.reserve(english.size() + 16);
  std::size_t at = 0;
  while (at < english.size()) {
    const std::size_t open = english.find('{', at);
    const std::size_t close = open == std::string_view::npos ? open : english.find('}', open);
    if (close == std::string_view::npos) {
      out.append(english.substr(at));
      break;
    }
    out.append(english.substr(at, open - at));
    const std::string_view name = english.substr(open + 1, close - open - 1);
    const auto argument = std::find_if(arguments.begin(), arguments.end(),
                                       [&](const auto& entry) { return entry.first == name; });
    if (argument == arguments.end()) {
      out.append(english.substr(open, close - open + 1));
      if (missing != nullptr && missing->empty()) missing->assign(name);
    } else {
      out.append(argument->second);
    }
    at = close + 1;
  }
  return out;
}

/// The generic code of a reason that has only its English (an error from another library, or
/// from a part of libcchc that has no codes yet): its text is shown as it is.
inline constexpr ErrorCode kEnglishOnly{"text", "{text}"};

/// A reason as coded sentences with its English: sentences are joined by ": ".
class CodedReason {
 public:
  /// No reason yet: a context that may stay empty (a file's top level).
  CodedReason() = default;
  CodedReason(ErrorCode code, MessageArguments arguments = {}) {  // NOLINT: implicit on purpose
    then(code, std::move(arguments));
  }

  /// The reason of `error` as it is: its sentences, or its English as one uncoded sentence.
  static CodedReason of(const ParseError& error) { return CodedReason().then(error); }
  static CodedReason of(const Error& error) { return CodedReason().then(error); }

  /// Appends one sentence: "context: reason".
  CodedReason& then(ErrorCode code, MessageArguments arguments = {}) {
    if (!english_.empty()) english_ += ": ";
    english_ += fill_template(code.english, arguments);
    messages_.push_back(ErrorMessage{std::string(code.code), std::move(arguments)});
    return *this;
  }
  /// Appends another reason's sentences.
  CodedReason& then(const CodedReason& reason) {
    if (!english_.empty()) english_ += ": ";
    english_ += reason.english_;
    messages_.insert(messages_.end(), reason.messages_.begin(), reason.messages_.end());
    return *this;
  }
  /// Appends the reason of an error: its sentences, or its English as one uncoded sentence.
  CodedReason& then(const Error& error, std::string_view english) {
    if (error.messages().empty()) return then(kEnglishOnly, {{"text", std::string(english)}});
    if (!english_.empty()) english_ += ": ";
    english_ += english;
    messages_.insert(messages_.end(), error.messages().begin(), error.messages().end());
    return *this;
  }
  CodedReason& then(const ParseError& error) { return then(error, error.reason()); }
  CodedReason& then(const Error& error) { return then(error, error.what()); }
  /// A copy with one more sentence: a context narrowed ("criterion '1.2'", then "rule").
  [[nodiscard]] CodedReason and_then(ErrorCode code, MessageArguments arguments = {}) const {
    CodedReason copy = *this;
    copy.then(code, std::move(arguments));
    return copy;
  }
  [[nodiscard]] bool empty() const noexcept { return messages_.empty(); }

  [[nodiscard]] const std::string& english() const noexcept { return english_; }
  [[nodiscard]] const std::vector<ErrorMessage>& messages() const noexcept { return messages_; }

  /// The error `E` (cchc::Error or a subclass constructed like it) with this reason.
  template <class E = Error>
  [[nodiscard]] E as() const {
    return E(english_, messages_);
  }
  /// A ParseError at file:line, field, with this reason.
  [[nodiscard]] ParseError at(std::string source, std::size_t line, std::string field) const {
    return ParseError(std::move(source), line, std::move(field), english_, messages_);
  }

 private:
  std::string english_;
  std::vector<ErrorMessage> messages_;
};

}  // namespace cchc::detail
