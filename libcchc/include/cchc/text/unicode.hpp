// Unicode normalisation of text keys read from files (docs/hardening.md, "Unicode keys").
//
// The same unit name reaches libcchc precomposed ("Sở Tư pháp" with U+1EDF) from one
// export and decomposed ("o" U+031B U+0309) from another; as bytes they differ, so without
// normalisation they would be two groups, two dossier ids or two criteria. Every reader
// brings its text keys (units, fields, procedures, dossier ids, framework and assessment codes,
// composite unit and indicator codes) to NFC, the form Vietnamese keyboards and Word produce,
// as Python's unicodedata.normalize("NFC", …) does on the Python side.
#pragma once

#include <string>
#include <string_view>

namespace cchc::text {

/// `text` in Unicode Normalization Form C (ICU). ASCII and text already in NFC are returned
/// unchanged, at the cost of one scan. Ill-formed UTF-8 is left as it is (readers refuse it
/// before with a ParseError naming the line).
[[nodiscard]] std::string to_nfc(std::string_view text);

/// True when `text` is in NFC (ASCII always is).
[[nodiscard]] bool is_nfc(std::string_view text);

}  // namespace cchc::text
