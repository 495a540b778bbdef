#include "cchc/text/unicode.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

#include <algorithm>
#include <limits>

#include "cchc/error.hpp"

namespace cchc::text {

namespace {

bool is_ascii(std::string_view text) noexcept {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

const icu::Normalizer2& nfc_normalizer() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || normalizer == nullptr) {
    throw Error(std::string("Unicode NFC data unavailable (ICU: ") + u_errorName(status) + ")");
  }
  return *normalizer;
}

bool fits_icu(std::string_view text) noexcept {
  return text.size() <= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
}

}  // namespace

bool is_nfc(std::string_view text) {
  if (is_ascii(text) || !fits_icu(text)) return true;
  UErrorCode status = U_ZERO_ERROR;
  const icu::StringPiece piece(text.data(), static_cast<std::int32_t>(text.size()));
  const bool normalized = nfc_normalizer().isNormalizedUTF8(piece, status);
  return U_FAILURE(status) || normalized;
}

std::string to_nfc(std::string_view text) {
  if (is_nfc(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  icu::StringByteSink<std::string> sink(&out);
  UErrorCode status = U_ZERO_ERROR;
  const icu::StringPiece piece(text.data(), static_cast<std::int32_t>(text.size()));
  nfc_normalizer().normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) return std::string(text);
  return out;
}

}  // namespace cchc::text
