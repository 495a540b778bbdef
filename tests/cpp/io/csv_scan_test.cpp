// RecordEndFinder (the streaming skip of an overlong record) against Scanner::scan: on every
// text made of the bytes that steer the rules, fed in pieces of every size, both find the same
// record end.
#include "io/csv_scan.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <string_view>

using cchc::io::csv_scan::Fields;
using cchc::io::csv_scan::RecordEnd;
using cchc::io::csv_scan::RecordEndFinder;
using cchc::io::csv_scan::Scanner;

namespace {

// Where the finder says the record beginning at 0 ends (npos: it runs to the end of the text).
std::size_t finder_end(std::string_view text, char delimiter, std::size_t piece) {
  RecordEndFinder finder(delimiter);
  for (std::size_t from = 0; from < text.size(); from += piece) {
    const std::size_t end = finder.feed(text, from, std::min(text.size(), from + piece));
    if (end != std::string_view::npos) return end;
  }
  return std::string_view::npos;
}

}  // namespace

TEST_CASE("csv_scan: the streaming record end is Scanner's record end") {
  std::mt19937 random(20261203);
  const std::string alphabet = "\"\",,;  \t\n\rab";
  std::size_t checked = 0;
  for (const char delimiter : {',', ';', '\t'}) {
    for (int trial = 0; trial < 4000; ++trial) {
      std::string text;
      const std::size_t length = 1 + random() % 24;
      for (std::size_t i = 0; i < length; ++i) text += alphabet[random() % alphabet.size()];
      // Scanner skips the spaces before a record; the finder is fed from the record's start.
      const Scanner scanner(text, true, delimiter);
      std::size_t breaks = 0;
      const std::size_t begin = scanner.skip(0, text.size(), breaks);
      if (begin == text.size()) continue;
      const std::string_view record_text = std::string_view(text).substr(begin);
      const Scanner whole(record_text, true, delimiter);
      Fields fields;
      const auto record = whole.scan(0, fields);
      const std::size_t expected =
          record.how == RecordEnd::terminator ? record.end : std::string_view::npos;
      for (const std::size_t piece : {1U, 2U, 3U, 7U, 100U}) {
        CAPTURE(text);
        CAPTURE(piece);
        CHECK(finder_end(record_text, delimiter, piece) == expected);
        ++checked;
      }
    }
  }
  CHECK(checked > 50000);
}

TEST_CASE("csv_scan: the streaming record end on the rules one by one") {
  const auto end_of = [](std::string_view text) { return finder_end(text, ',', 1); };
  CHECK(end_of("a,b\nc") == 3);
  CHECK(end_of("\"a\nb\",c\r\n") == 7);       // a quoted break is in the record
  CHECK(end_of("\"a\"\"\nb\"\n") == 7);        // "" is one quote: still quoted
  CHECK(end_of("\"a\"x\nb\"\n") == 7);         // text after a closing quote: still quoted
  CHECK(end_of("\"a\" \"\n") == 5);            // a quote after spaces is text, not quoted
  CHECK(end_of("a\"b\nc") == 3);               // a quote inside an unquoted value is text
  CHECK(end_of("\"open\nand on") == std::string_view::npos);
}
