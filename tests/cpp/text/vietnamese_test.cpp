#include "cchc/text/vietnamese.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace text = cchc::text;

namespace {

// The Vietnamese alphabet with every vowel in its six tones, typed out independently of the
// library's table: the tests compare the two.
constexpr std::string_view kUpperAlphabet =
    "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆGHIÌÍỈĨỊKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢPQRSTUÙÚỦŨỤƯỪỨỬỮỰVXYỲÝỶỸỴ";
constexpr std::string_view kLowerAlphabet =
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
constexpr std::string_view kPlainUpperAlphabet =
    "AAAAAAAAAAAAAAAAAABCDDEEEEEEEEEEEEGHIIIIIIKLMNOOOOOOOOOOOOOOOOOOPQRSTUUUUUUUUUUUUVXYYYYYY";

// The twelve vowels decomposed: base letter and vowel mark; then the six tones as marks.
const std::vector<std::string> kDecomposedVowels = {"a", "a\u0306", "a\u0302", "e", "e\u0302", "i",
                                                    "o", "o\u0302", "o\u031B", "u", "u\u031B", "y"};
const std::vector<std::string> kToneMarks = {"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"};
constexpr std::string_view kLowerVowels =
    "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ";

std::vector<std::string> code_points(std::string_view utf8) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto decoded = text::decode_utf8(utf8, i);
    out.emplace_back(utf8.substr(i, decoded.length));
    i += decoded.length;
  }
  return out;
}

}  // namespace

TEST_CASE("text: decode_utf8 reads well-formed sequences of every length") {
  const std::string sample = "a\u00E0\u1EA1\U0001F600";
  auto d = text::decode_utf8(sample, 0);
  CHECK(d.code_point == U'a');
  CHECK(d.length == 1);
  d = text::decode_utf8(sample, 1);
  CHECK(d.code_point == U'\u00E0');
  CHECK(d.length == 2);
  d = text::decode_utf8(sample, 3);
  CHECK(d.code_point == U'\u1EA1');
  CHECK(d.length == 3);
  d = text::decode_utf8(sample, 6);
  CHECK(d.code_point == U'\U0001F600');
  CHECK(d.length == 4);
  CHECK(d.valid);
}

TEST_CASE("text: decode_utf8 rejects ill-formed bytes with the maximal invalid subpart") {
  struct Case {
    std::string bytes;
    std::size_t length;
  };
  const std::vector<Case> cases = {
      {"\x80", 1},              // lone continuation byte
      {"\xC0\xAF", 1},          // overlong lead byte
      {"\xC1\xBF", 1},          // overlong lead byte
      {"\xF5\x80\x80\x80", 1},  // beyond U+10FFFF
      {"\xFF", 1},
      {"\xE0\x80\x80", 1},      // overlong three-byte form
      {"\xED\xA0\x80", 1},      // surrogate U+D800
      {"\xF4\x90\x80\x80", 1},  // U+110000
      {"\xE1\x80", 2},          // truncated at the end
      {"\xE1\x80"
       "A",
       2},                  // truncated before ASCII
      {"\xF0\x9F\x98", 3},  // truncated four-byte form
  };
  for (const Case& c : cases) {
    CAPTURE(c.bytes);
    const auto decoded = text::decode_utf8(c.bytes, 0);
    CHECK_FALSE(decoded.valid);
    CHECK(decoded.code_point == text::kReplacementCharacter);
    CHECK(decoded.length == c.length);
  }
  CHECK_FALSE(text::decode_utf8("", 0).valid);
}

TEST_CASE("text: append_utf8 encodes and replaces what cannot be encoded") {
  std::string out;
  for (const char32_t c : {U'a', U'\u0111', U'\u1EE3', U'\U0001F600'}) text::append_utf8(out, c);
  CHECK(out == "a\u0111\u1EE3\U0001F600");
  std::string bad;
  text::append_utf8(bad, 0xD800);
  text::append_utf8(bad, 0x110000);
  CHECK(bad == "\uFFFD\uFFFD");
}

TEST_CASE("text: invalid UTF-8 becomes U+FFFD, valid text is untouched") {
  CHECK(text::is_valid_utf8("Quý I năm 2026"));
  CHECK_FALSE(text::is_valid_utf8("Qu\xFF"));
  CHECK(text::sanitize_utf8("Quý") == "Quý");
  CHECK(text::sanitize_utf8("a\xFF"
                            "b") == "a\uFFFDb");
  CHECK(text::sanitize_utf8("\xE1\x80"
                            "A") == "\uFFFDA");
  CHECK(text::sanitize_utf8("\xC3") == "\uFFFD");
  CHECK(text::to_lower("\xFFQ") == "\uFFFDq");
  CHECK(text::compose("e\xFF\u0301") == "e\uFFFD\u0301");
  CHECK(text::remove_diacritics("\xF0\x9F") == "\uFFFD");
  CHECK(text::normalize_whitespace(" \xC0 ") == "\uFFFD");
}

TEST_CASE("text: to_lower covers the whole Vietnamese alphabet") {
  CHECK(text::to_lower(kUpperAlphabet) == kLowerAlphabet);
  CHECK(text::to_lower(kLowerAlphabet) == kLowerAlphabet);
  CHECK(text::to_lower("QUÝ IV NĂM 2026") == "quý iv năm 2026");
  CHECK(text::to_lower("ĐỊNH KỲ") == "định kỳ");
  CHECK(text::to_lower("Ñ Ä Σ") == "Ñ Ä Σ");  // outside the scope: unchanged
}

TEST_CASE("text: remove_diacritics keeps the letters and their case") {
  CHECK(text::remove_diacritics(kUpperAlphabet) == kPlainUpperAlphabet);
  CHECK(text::remove_diacritics(kLowerAlphabet) == text::to_lower(kPlainUpperAlphabet));
  CHECK(text::remove_diacritics("Quý") == "Quy");
  CHECK(text::remove_diacritics("đ") == "d");
  CHECK(text::remove_diacritics("Đường") == "Duong");
  CHECK(text::remove_diacritics("Thường xuyên trong năm") == "Thuong xuyen trong nam");
  CHECK(text::remove_diacritics("Quy\u0301") == "Quy");  // decomposed marks dropped too
  CHECK(text::remove_diacritics("Ñ 2026 – ok") == "Ñ 2026 – ok");
}

TEST_CASE("text: compose turns every decomposed Vietnamese letter into its precomposed form") {
  const std::vector<std::string> expected = code_points(kLowerVowels);
  REQUIRE(expected.size() == 72);
  std::size_t n = 0;
  for (const std::string& vowel : kDecomposedVowels) {
    for (const std::string& tone : kToneMarks) {
      const std::string& letter = expected[n++];
      CAPTURE(letter);
      // vowel mark first (as in "ế" = e U+0302 U+0301) and tone first (as in canonical "ậ"
      // = a U+0323 U+0302): both orders compose
      CHECK(text::compose(vowel + tone) == letter);
      const std::string tone_first = vowel.substr(0, 1) + tone + vowel.substr(1);
      CHECK(text::compose(tone_first) == letter);
      CHECK(text::compose(letter) == letter);
    }
  }
  CHECK(text::compose(kUpperAlphabet) == kUpperAlphabet);
  CHECK(text::compose(kLowerAlphabet) == kLowerAlphabet);
}

TEST_CASE("text: compose handles capitals, precomposed bases and marks that do not combine") {
  CHECK(text::compose("Qu"
                      "Y\u0301") == "QuÝ");
  CHECK(text::compose("O\u031B\u0323") == "Ợ");
  CHECK(text::compose("A\u0323\u0302") == "Ậ");  // the canonical (NFD) order
  CHECK(text::compose("ê\u0301") == "ế");        // Windows-1258 style: letter + tone
  CHECK(text::compose("Ơ\u0323") == "Ợ");
  CHECK(text::compose("a\u0340") == "à");  // deprecated tone marks
  CHECK(text::compose("a\u0341") == "á");
  CHECK(text::compose("a\u0301\u0300") == "á\u0300");  // a second tone stays a mark
  CHECK(text::compose("o\u0306") == "o\u0306");        // no breve on o in Vietnamese
  CHECK(text::compose("b\u0301") == "b\u0301");        // consonants take no tone
  CHECK(text::compose("\u0301a") == "\u0301a");        // a mark before any letter
  CHECK(text::compose("n\u0303") == "n\u0303");        // not a general NFC: ñ stays decomposed
  CHECK(text::compose("Th\u01B0o\u031B\u0300ng xuye\u0302n") == "Thường xuyên");
  CHECK(text::compose("") == "");
}

TEST_CASE("text: whitespace is trimmed, collapsed and made plain; invisible characters go") {
  CHECK(text::normalize_whitespace("  Quý\u00A0I \t năm\u2009 2026\r\n") == "Quý I năm 2026");
  CHECK(text::normalize_whitespace("Kế hoạ\u00ADch") == "Kế hoạch");
  CHECK(text::normalize_whitespace("\uFEFFQuý\u200BI") == "QuýI");
  CHECK(text::normalize_whitespace("a\u3000\u202F\u2028b") == "a b");
  CHECK(text::normalize_whitespace(" \u00A0 ") == "");
  CHECK(text::normalize_whitespace("") == "");
  CHECK(text::trim_whitespace("\u00A0 Quý I \u3000") == "Quý I");
  CHECK(text::trim_whitespace("  ") == "");
  CHECK(text::trim_whitespace("\xFF ") == "\xFF");  // an invalid byte is text
  CHECK(text::trim_whitespace(" \xE1\x80") == "\xE1\x80");
  CHECK(text::is_whitespace(U'\u00A0'));
  CHECK_FALSE(text::is_whitespace(U'\u200B'));
  CHECK(text::is_invisible(U'\u200B'));
}

TEST_CASE("text: has_diacritics tells text typed with marks from text typed without") {
  CHECK_FALSE(text::has_diacritics("Quy I nam 2026"));
  CHECK(text::has_diacritics("Quý"));
  CHECK(text::has_diacritics("đi"));
  CHECK(text::has_diacritics("Ơ"));
  CHECK(text::has_diacritics("e\u0301"));
  CHECK_FALSE(text::has_diacritics("abc\xFF"));
  CHECK_FALSE(text::has_diacritics(""));
}

TEST_CASE("text: fold gives one key to the spellings of a phrase") {
  const std::string key = text::fold("Quý I năm 2026");
  CHECK(key == "quý i năm 2026");
  CHECK(text::fold("QUY\u0301  I\u00A0NA\u0306M 2026 ") == key);
  CHECK(text::fold("  quý   i năm 2026") == key);
  const text::FoldOptions plain{.remove_diacritics = true};
  CHECK(text::fold("Quý I năm 2026", plain) == "quy i nam 2026");
  CHECK(text::fold("Quy I nam 2026", plain) == "quy i nam 2026");
  CHECK(text::fold("ĐỊNH KỲ", plain) == "dinh ky");
  CHECK(text::fold("Sở Nội vụ") == "sở nội vụ");
}

TEST_CASE("text: arbitrary bytes never crash and always give valid UTF-8") {
  std::uint32_t state = 12345;
  const auto next_byte = [&] {
    state = state * 1103515245u + 12345u;
    return static_cast<char>((state >> 16) & 0xFFu);
  };
  for (int round = 0; round < 2000; ++round) {
    std::string bytes;
    const int length = round % 40;
    for (int i = 0; i < length; ++i) bytes += next_byte();
    if (round % 3 == 0) bytes += "ê\u0301Quý\u00A0";
    CAPTURE(bytes);
    CHECK(text::is_valid_utf8(text::sanitize_utf8(bytes)));
    CHECK(text::is_valid_utf8(text::compose(bytes)));
    CHECK(text::is_valid_utf8(text::to_lower(bytes)));
    CHECK(text::is_valid_utf8(text::remove_diacritics(bytes)));
    CHECK(text::is_valid_utf8(text::normalize_whitespace(bytes)));
    CHECK(text::is_valid_utf8(text::fold(bytes, {.remove_diacritics = true})));
    const std::string_view trimmed = text::trim_whitespace(bytes);
    CHECK(trimmed.size() <= bytes.size());
    (void)text::has_diacritics(bytes);
  }
}
