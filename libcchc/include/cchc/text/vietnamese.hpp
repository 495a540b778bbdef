// UTF-8 helpers for Vietnamese text: composition, case folding, diacritics, whitespace.
//
// Plans, reports and CSV headers reach libcchc from Word, PDF and spreadsheet exports. The
// same word then arrives precomposed ("ế", U+1EBF) or decomposed ("e" U+0302 U+0301), in
// capitals ("QUÝ"), without diacritics ("Quy"), with non-breaking spaces or soft hyphens. These
// functions bring such variants to one form so that text can be compared as a reader sees it.
//
// Scope: the Vietnamese alphabet (a ă â b c d đ e ê … y, each vowel in its six tones) plus
// ASCII. Every other character passes through unchanged: this is not a general Unicode
// normaliser, and it needs no ICU.
//
// Invalid UTF-8: every function that returns text replaces each maximal invalid byte
// sequence with U+FFFD REPLACEMENT CHARACTER (the practice the Unicode standard recommends),
// so its output is always valid UTF-8. No function throws on bad input or reads out of bounds.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cchc::text {

inline constexpr char32_t kReplacementCharacter = U'\uFFFD';

/// One code point read from UTF-8. When `valid` is false, `code_point` is U+FFFD and `length`
/// is the number of bytes that make up the maximal invalid subsequence (at least 1), so that
/// decoding can always move on.
struct DecodedCodePoint {
  char32_t code_point;
  std::size_t length;
  bool valid;
};

/// Decodes the code point starting at byte `position` (< text.size()). Rejects overlong forms,
/// surrogates and values above U+10FFFF, as the Unicode standard requires.
[[nodiscard]] DecodedCodePoint decode_utf8(std::string_view text, std::size_t position) noexcept;

/// Appends the UTF-8 encoding of `code_point`; a surrogate or a value above U+10FFFF is
/// appended as U+FFFD.
void append_utf8(std::string& out, char32_t code_point);

[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;

/// The text with each invalid sequence replaced by U+FFFD; valid text is returned as is.
[[nodiscard]] std::string sanitize_utf8(std::string_view text);

/// Unicode White_Space characters: ASCII blanks, NEL, NO-BREAK SPACE (U+00A0), the spaces
/// U+1680, U+2000–U+200A, LINE/PARAGRAPH SEPARATOR, NARROW NO-BREAK SPACE (U+202F), U+205F and
/// IDEOGRAPHIC SPACE (U+3000).
[[nodiscard]] bool is_whitespace(char32_t code_point) noexcept;

/// Characters that are invisible in print and only get in the way of matching: SOFT HYPHEN
/// (U+00AD, left behind by PDF line breaking), ZERO WIDTH SPACE (U+200B), WORD JOINER (U+2060)
/// and the byte-order mark U+FEFF.
[[nodiscard]] bool is_invisible(char32_t code_point) noexcept;

/// The text without leading and trailing whitespace (as is_whitespace), without copying.
/// Invalid bytes count as text, not whitespace.
[[nodiscard]] std::string_view trim_whitespace(std::string_view text) noexcept;

/// Each run of whitespace becomes one ASCII space, leading and trailing whitespace goes, and
/// invisible characters (is_invisible) are removed: "Quý\u00A0I  năm\t2026 " -> "Quý I năm 2026".
[[nodiscard]] std::string normalize_whitespace(std::string_view text);

/// Composes Vietnamese letters written with combining marks into the precomposed letters,
/// i.e. NFC for Vietnamese: "e" U+0302 U+0301 -> "ế", "Ơ" U+0323 -> "Ợ".
///
/// The marks are the tones grave U+0300, acute U+0301, tilde U+0303, hook above U+0309, dot
/// below U+0323 (and the deprecated tone marks U+0340, U+0341) and the vowel marks circumflex
/// U+0302, breve U+0306, horn U+031B. Keyboards and converters emit them in any order, so any
/// order is accepted ("a" U+0301 U+0302 -> "ấ", which strict NFC would leave decomposed), and a
/// precomposed letter takes a further mark ("ê" U+0301 -> "ế", as Windows-1258 text has it).
/// A mark that cannot combine (a second tone, a breve on "o") stays where it was.
[[nodiscard]] std::string compose(std::string_view text);

/// Lower case for ASCII and for every precomposed Vietnamese letter ("QUÝ" -> "quý",
/// "Đ" -> "đ", "ỨNG" -> "ứng"). Other characters pass through. Decomposed input keeps its
/// marks (their base letter is lowered), so compose() first when comparing.
[[nodiscard]] std::string to_lower(std::string_view text);

/// Vietnamese letters lose their tone and vowel marks and keep their case ("Quý" -> "Quy",
/// "Đường" -> "Duong"); the Vietnamese combining marks listed at compose() are dropped. Other
/// characters pass through. Used to match text typed without diacritics.
[[nodiscard]] std::string remove_diacritics(std::string_view text);

/// True when the text has a Vietnamese letter with a tone or vowel mark, an "đ"/"Đ", or a
/// Vietnamese combining mark; false for invalid bytes.
[[nodiscard]] bool has_diacritics(std::string_view text) noexcept;

struct FoldOptions {
  /// Also drop tone and vowel marks, so that "Quý" and "Quy" fold to the same key.
  bool remove_diacritics = false;
};

/// The comparison key of a text as a reader sees it: compose, lower case, normalise whitespace
/// (and optionally remove diacritics). "QUY\u0301  I" and "quý i" have the same key.
[[nodiscard]] std::string fold(std::string_view text, FoldOptions options = {});

}  // namespace cchc::text
