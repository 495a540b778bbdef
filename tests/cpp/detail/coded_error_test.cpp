#include "cchc/detail/coded_error.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <string>

#include "cchc/calendar/date.hpp"
#include "cchc/calendar/period.hpp"
#include "cchc/detail/errors/calendar.hpp"
#include "cchc/error.hpp"
#include "cchc/io/composite_file.hpp"
#include "cchc/io/framework_file.hpp"

using cchc::ErrorMessage;
using cchc::detail::calendar_error;
using cchc::detail::CodedReason;

namespace {

std::vector<std::string> codes_of(const cchc::Error& error) {
  std::vector<std::string> codes;
  for (const ErrorMessage& message : error.messages()) codes.push_back(message.code);
  return codes;
}

}  // namespace

TEST_CASE("error templates: one entry per code, well-formed fields") {
  std::set<std::string_view> seen;
  for (const auto& entry : cchc::error_templates()) {
    const std::string_view code = entry.first;
    const std::string_view english = entry.second;
    CAPTURE(code);
    CHECK(seen.insert(code).second);
    // Braces pair up; a pair around a name is a field, others are literal text
    // ("{ from = …, points = … }"), which fill_template and the Python side keep as they are.
    int depth = 0;
    for (const char c : english) {
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      CHECK(depth >= 0);
    }
    CHECK(depth == 0);
  }
  CHECK(seen.count("period.not_a_period") == 1);
  CHECK(seen.count("row.due_before_received") == 1);  // the dossier readers' codes too
}

TEST_CASE("fill_template: arguments by name; a missing one stays visible") {
  CHECK(cchc::detail::fill_template("{a} and {b}", {{"b", "2"}, {"a", "1"}}) == "1 and 2");
  CHECK(cchc::detail::fill_template("{a} and {b}", {{"a", "1"}}) == "1 and {b}");
  CHECK(cchc::detail::fill_template("no fields", {}) == "no fields");
  CHECK(cchc::detail::fill_template("open { only", {}) == "open { only");
  CHECK(cchc::detail::fill_template("is { from = 1 } for {a}", {{"a", "x"}}) ==
        "is { from = 1 } for x");
}

TEST_CASE("CodedReason: sentences joined by ': ' in the English and kept as codes") {
  const CodedReason reason = CodedReason(calendar_error("text.quoted"), {{"text", "x"}})
                                 .then(calendar_error("deadline.day_range"), {{"day", "40"}});
  CHECK(reason.english() == "'x': deadline day 40 is not a day of a month (1–31)");
  REQUIRE(reason.messages().size() == 2);
  CHECK(reason.messages()[1] == ErrorMessage{"deadline.day_range", {{"day", "40"}}});
  const auto error = reason.at("f.csv", 3, "due");
  CHECK(std::string(error.what()) ==
        "f.csv:3: field 'due': 'x': deadline day 40 is not a day of a month (1–31)");
  CHECK(error.code().empty());  // several sentences: messages() has them
  CHECK(error.messages().size() == 2);
  // An error without codes joins as one uncoded sentence with its English.
  const CodedReason wrapped =
      CodedReason(calendar_error("text.quoted"), {{"text", "y"}}).then(cchc::Error("plain"));
  CHECK(wrapped.english() == "'y': plain");
  CHECK(wrapped.messages()[1] == ErrorMessage{"text", {{"text", "plain"}}});
}

TEST_CASE("calendar errors carry their codes, with the English as before") {
  try {
    (void)cchc::calendar::Period::parse("Quý 5 năm 2026");
    FAIL("no error");
  } catch (const cchc::InvalidDate& error) {
    CHECK(std::string(error.what()) ==
          "'Quý 5 năm 2026' is not a reporting period: quarter 5 does not exist (quarter "
          "periods are numbered 1–4)");
    CHECK(codes_of(error) ==
          std::vector<std::string>{"period.not_a_period_because", "period.quarter_range"});
  }
  try {
    (void)cchc::calendar::Date::parse("31/02/2026");
    FAIL("no error");
  } catch (const cchc::InvalidDate& error) {
    CHECK(std::string(error.what()) ==
          "'31/02/2026' is not a real date (invalid date: day 31, month 2, year 2026)");
    REQUIRE(error.messages().size() == 1);
    CHECK(error.messages()[0].code == "date.not_real");
  }
}

TEST_CASE("framework file errors name the criterion as a coded place") {
  const std::string text =
      "[framework]\nid = \"t\"\nname = \"T\"\n\n[[criterion]]\ncode = \"1.2\"\nname = \"A\"\n"
      "max = 2\nrule = { kind = \"proportional\", slope = 1 }\n";
  try {
    (void)cchc::io::parse_framework(text, "f.toml");
    FAIL("no error");
  } catch (const cchc::ParseError& error) {
    CHECK(error.reason() ==
          "criterion '1.2': rule 'proportional': unknown key (allowed: kind, "
          "if_empty)");
    CHECK(codes_of(error) ==
          std::vector<std::string>{"framework.criterion", "framework.rule", "toml.unknown_key"});
  }
}

TEST_CASE("the composite reader refuses a folder with a code, in English") {
  const std::filesystem::path folder = std::filesystem::temp_directory_path();
  try {
    (void)cchc::io::read_index_toml(folder);
    FAIL("no error");
  } catch (const cchc::ParseError& error) {
    CHECK(error.reason() == "a folder, not a file");
    CHECK(codes_of(error) == std::vector<std::string>{"composite.is_folder"});
  }
}
