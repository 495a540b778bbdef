#include "cchc/text/vietnamese.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace cchc::text {
namespace {

// The marks that shape a Vietnamese vowel (ă â ê ô ơ ư); tones are a separate layer on top.
enum class VowelMark : std::uint8_t { none, breve, circumflex, horn };

// In the column order of kVowelRows: ngang, huyền, sắc, hỏi, ngã, nặng.
enum class Tone : std::uint8_t { level, grave, acute, hook_above, tilde, dot_below };
constexpr std::size_t kToneCount = 6;

struct VowelRow {
  char base;  // the ASCII letter left when every mark is removed, lower case
  VowelMark mark;
  std::u32string_view lower;  // the vowel in its six tones, in Tone order
  std::u32string_view upper;
};

// The twelve Vietnamese vowels in their six tones: the whole alphabet apart from the
// consonants, which are ASCII except đ. Everything else in this file is derived from this table.
constexpr std::array<VowelRow, 12> kVowelRows{{
    {'a', VowelMark::none, U"aàáảãạ", U"AÀÁẢÃẠ"},
    {'a', VowelMark::breve, U"ăằắẳẵặ", U"ĂẰẮẲẴẶ"},
    {'a', VowelMark::circumflex, U"âầấẩẫậ", U"ÂẦẤẨẪẬ"},
    {'e', VowelMark::none, U"eèéẻẽẹ", U"EÈÉẺẼẸ"},
    {'e', VowelMark::circumflex, U"êềếểễệ", U"ÊỀẾỂỄỆ"},
    {'i', VowelMark::none, U"iìíỉĩị", U"IÌÍỈĨỊ"},
    {'o', VowelMark::none, U"oòóỏõọ", U"OÒÓỎÕỌ"},
    {'o', VowelMark::circumflex, U"ôồốổỗộ", U"ÔỒỐỔỖỘ"},
    {'o', VowelMark::horn, U"ơờớởỡợ", U"ƠỜỚỞỠỢ"},
    {'u', VowelMark::none, U"uùúủũụ", U"UÙÚỦŨỤ"},
    {'u', VowelMark::horn, U"ưừứửữự", U"ƯỪỨỬỮỰ"},
    {'y', VowelMark::none, U"yỳýỷỹỵ", U"YỲÝỶỸỴ"},
}};

constexpr char32_t kLowerDStroke = U'đ';
constexpr char32_t kUpperDStroke = U'Đ';

struct CombiningMark {
  bool is_tone;
  Tone tone;
  VowelMark vowel_mark;
};

// The combining marks Vietnamese text is decomposed into.
std::optional<CombiningMark> vietnamese_combining_mark(char32_t code_point) noexcept {
  switch (code_point) {
    case U'\u0300':
    case U'\u0340':  // deprecated GRAVE TONE MARK, canonically U+0300
      return CombiningMark{true, Tone::grave, VowelMark::none};
    case U'\u0301':
    case U'\u0341':  // deprecated ACUTE TONE MARK, canonically U+0301
      return CombiningMark{true, Tone::acute, VowelMark::none};
    case U'\u0309':
      return CombiningMark{true, Tone::hook_above, VowelMark::none};
    case U'\u0303':
      return CombiningMark{true, Tone::tilde, VowelMark::none};
    case U'\u0323':
      return CombiningMark{true, Tone::dot_below, VowelMark::none};
    case U'\u0306':
      return CombiningMark{false, Tone::level, VowelMark::breve};
    case U'\u0302':
      return CombiningMark{false, Tone::level, VowelMark::circumflex};
    case U'\u031B':
      return CombiningMark{false, Tone::level, VowelMark::horn};
    default:
      return std::nullopt;
  }
}

struct VowelLetter {
  std::uint8_t row;  // index into kVowelRows
  Tone tone;
  bool upper;
};

// Looks up the 144 vowel letters by code point (binary search over a table built once).
class VowelIndex {
 public:
  static const VowelIndex& instance() {
    static const VowelIndex index;
    return index;
  }

  [[nodiscard]] std::optional<VowelLetter> find(char32_t code_point) const noexcept {
    const auto it = std::lower_bound(entries_.begin(), entries_.end(), code_point,
                                     [](const std::pair<char32_t, VowelLetter>& entry,
                                        char32_t key) { return entry.first < key; });
    if (it == entries_.end() || it->first != code_point) return std::nullopt;
    return it->second;
  }

 private:
  VowelIndex() {
    for (std::size_t row = 0; row < kVowelRows.size(); ++row) {
      for (std::size_t tone = 0; tone < kToneCount; ++tone) {
        const auto row_index = static_cast<std::uint8_t>(row);
        const auto tone_value = static_cast<Tone>(tone);
        entries_.push_back({kVowelRows[row].lower[tone], {row_index, tone_value, false}});
        entries_.push_back({kVowelRows[row].upper[tone], {row_index, tone_value, true}});
      }
    }
    std::sort(entries_.begin(), entries_.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  }

  std::vector<std::pair<char32_t, VowelLetter>> entries_;
};

std::optional<std::uint8_t> row_with(char base, VowelMark mark) noexcept {
  for (std::size_t row = 0; row < kVowelRows.size(); ++row) {
    if (kVowelRows[row].base == base && kVowelRows[row].mark == mark) {
      return static_cast<std::uint8_t>(row);
    }
  }
  return std::nullopt;
}

char32_t vowel_code_point(std::uint8_t row, Tone tone, bool upper) noexcept {
  const VowelRow& vowel = kVowelRows[row];
  return (upper ? vowel.upper : vowel.lower)[static_cast<std::size_t>(tone)];
}

char ascii_upper(char letter) noexcept {
  return static_cast<char>(letter - 'a' + 'A');
}

// Calls visit(code_point) for each code point, U+FFFD for each invalid sequence.
template <typename Visit>
void for_each_code_point(std::string_view text, Visit&& visit) {
  for (std::size_t position = 0; position < text.size();) {
    const DecodedCodePoint decoded = decode_utf8(text, position);
    visit(decoded.code_point);
    position += decoded.length;
  }
}

}  // namespace

DecodedCodePoint decode_utf8(std::string_view text, std::size_t position) noexcept {
  const auto byte_at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const DecodedCodePoint invalid_one{kReplacementCharacter, 1, false};
  if (position >= text.size()) return invalid_one;
  const unsigned char lead = byte_at(position);
  if (lead < 0x80) return {lead, 1, true};

  // Table 3-7 of the Unicode standard: the well-formed byte sequences.
  std::size_t continuation_count = 0;
  char32_t code_point = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuation_count = 1;
    code_point = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuation_count = 2;
    code_point = lead & 0x0Fu;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuation_count = 3;
    code_point = lead & 0x07u;
    if (lead == 0xF0) low = 0x90;   // no overlong forms
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return invalid_one;
  }
  for (std::size_t k = 1; k <= continuation_count; ++k) {
    if (position + k >= text.size()) return {kReplacementCharacter, k, false};
    const unsigned char byte = byte_at(position + k);
    if (byte < low || byte > high) return {kReplacementCharacter, k, false};
    code_point = (code_point << 6) | (byte & 0x3Fu);
    low = 0x80;
    high = 0xBF;
  }
  return {code_point, continuation_count + 1, true};
}

void append_utf8(std::string& out, char32_t code_point) {
  if ((code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
    code_point = kReplacementCharacter;
  }
  const auto byte = [](char32_t value) {
    return static_cast<char>(static_cast<unsigned char>(value));
  };
  if (code_point < 0x80) {
    out += byte(code_point);
  } else if (code_point < 0x800) {
    out += byte(0xC0 | (code_point >> 6));
    out += byte(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += byte(0xE0 | (code_point >> 12));
    out += byte(0x80 | ((code_point >> 6) & 0x3F));
    out += byte(0x80 | (code_point & 0x3F));
  } else {
    out += byte(0xF0 | (code_point >> 18));
    out += byte(0x80 | ((code_point >> 12) & 0x3F));
    out += byte(0x80 | ((code_point >> 6) & 0x3F));
    out += byte(0x80 | (code_point & 0x3F));
  }
}

bool is_valid_utf8(std::string_view text) noexcept {
  for (std::size_t position = 0; position < text.size();) {
    const DecodedCodePoint decoded = decode_utf8(text, position);
    if (!decoded.valid) return false;
    position += decoded.length;
  }
  return true;
}

std::string sanitize_utf8(std::string_view text) {
  if (is_valid_utf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  for_each_code_point(text, [&](char32_t code_point) { append_utf8(out, code_point); });
  return out;
}

bool is_whitespace(char32_t code_point) noexcept {
  return (code_point >= 0x09 && code_point <= 0x0D) || code_point == 0x20 || code_point == 0x85 ||
         code_point == 0xA0 || code_point == 0x1680 ||
         (code_point >= 0x2000 && code_point <= 0x200A) || code_point == 0x2028 ||
         code_point == 0x2029 || code_point == 0x202F || code_point == 0x205F ||
         code_point == 0x3000;
}

bool is_invisible(char32_t code_point) noexcept {
  return code_point == 0xAD || code_point == 0x200B || code_point == 0x2060 || code_point == 0xFEFF;
}

std::string_view trim_whitespace(std::string_view text) noexcept {
  std::size_t begin = 0;
  while (begin < text.size()) {
    const DecodedCodePoint decoded = decode_utf8(text, begin);
    if (!decoded.valid || !is_whitespace(decoded.code_point)) break;
    begin += decoded.length;
  }
  // Walk forwards so that a trailing invalid byte is never mistaken for part of a space.
  std::size_t end = begin;
  for (std::size_t position = begin; position < text.size();) {
    const DecodedCodePoint decoded = decode_utf8(text, position);
    position += decoded.length;
    if (!decoded.valid || !is_whitespace(decoded.code_point)) end = position;
  }
  return text.substr(begin, end - begin);
}

std::string normalize_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for_each_code_point(text, [&](char32_t code_point) {
    if (is_invisible(code_point)) return;
    if (is_whitespace(code_point)) {
      pending_space = !out.empty();
      return;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    append_utf8(out, code_point);
  });
  return out;
}

std::string compose(std::string_view text) {
  const VowelIndex& vowels = VowelIndex::instance();
  std::string out;
  out.reserve(text.size());
  std::u32string unused_marks;
  for (std::size_t position = 0; position < text.size();) {
    const DecodedCodePoint decoded = decode_utf8(text, position);
    position += decoded.length;
    const std::optional<VowelLetter> letter =
        decoded.valid ? vowels.find(decoded.code_point) : std::nullopt;
    if (!letter) {
      append_utf8(out, decoded.code_point);
      continue;
    }
    const char base = kVowelRows[letter->row].base;
    VowelMark vowel_mark = kVowelRows[letter->row].mark;
    Tone tone = letter->tone;
    unused_marks.clear();
    while (position < text.size()) {
      const DecodedCodePoint next = decode_utf8(text, position);
      const std::optional<CombiningMark> mark =
          next.valid ? vietnamese_combining_mark(next.code_point) : std::nullopt;
      if (!mark) break;
      if (mark->is_tone && tone == Tone::level) {
        tone = mark->tone;
      } else if (!mark->is_tone && vowel_mark == VowelMark::none &&
                 row_with(base, mark->vowel_mark)) {
        vowel_mark = mark->vowel_mark;
      } else {
        unused_marks += next.code_point;
      }
      position += next.length;
    }
    append_utf8(out, vowel_code_point(*row_with(base, vowel_mark), tone, letter->upper));
    for (const char32_t mark : unused_marks) append_utf8(out, mark);
  }
  return out;
}

std::string to_lower(std::string_view text) {
  const VowelIndex& vowels = VowelIndex::instance();
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](char32_t code_point) {
    if (code_point >= U'A' && code_point <= U'Z') {
      out += static_cast<char>(code_point - U'A' + U'a');
    } else if (code_point == kUpperDStroke) {
      append_utf8(out, kLowerDStroke);
    } else if (const auto letter = vowels.find(code_point); letter && letter->upper) {
      append_utf8(out, vowel_code_point(letter->row, letter->tone, false));
    } else {
      append_utf8(out, code_point);
    }
  });
  return out;
}

std::string remove_diacritics(std::string_view text) {
  const VowelIndex& vowels = VowelIndex::instance();
  std::string out;
  out.reserve(text.size());
  for_each_code_point(text, [&](char32_t code_point) {
    if (code_point == kLowerDStroke) {
      out += 'd';
    } else if (code_point == kUpperDStroke) {
      out += 'D';
    } else if (vietnamese_combining_mark(code_point)) {
      return;
    } else if (const auto letter = vowels.find(code_point)) {
      const char base = kVowelRows[letter->row].base;
      out += letter->upper ? ascii_upper(base) : base;
    } else {
      append_utf8(out, code_point);
    }
  });
  return out;
}

bool has_diacritics(std::string_view text) noexcept {
  const VowelIndex& vowels = VowelIndex::instance();
  for (std::size_t position = 0; position < text.size();) {
    const DecodedCodePoint decoded = decode_utf8(text, position);
    position += decoded.length;
    if (!decoded.valid) continue;
    const char32_t code_point = decoded.code_point;
    if (code_point == kLowerDStroke || code_point == kUpperDStroke ||
        vietnamese_combining_mark(code_point)) {
      return true;
    }
    const auto letter = vowels.find(code_point);
    if (letter &&
        (letter->tone != Tone::level || kVowelRows[letter->row].mark != VowelMark::none)) {
      return true;
    }
  }
  return false;
}

std::string fold(std::string_view text, FoldOptions options) {
  std::string folded = normalize_whitespace(to_lower(compose(text)));
  return options.remove_diacritics ? remove_diacritics(folded) : folded;
}

}  // namespace cchc::text
