// Fuzz target: the composite-index readers, COINr's iMeta and iData tables (io::parse_imeta,
// io::parse_idata, io::parse_idata_panel) and the index TOML file (io::parse_index_toml).
//
// The input is split at its first form feed (\f): the iMeta table before it, the iData table
// after it, read both as a cross-section and as a panel. Without a form feed the input is an
// index TOML file.
//
// Invariants: the readers throw only cchc::Error (a ParseError names its source and says
// why); read data holds only finite values, one row per unit (per Time for a panel), unit and
// node codes in NFC, and passes CompositeData::validate against the index read with it.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "cchc/io/composite_file.hpp"
#include "cchc/text/unicode.hpp"
#include "fuzz_support.hpp"

namespace {

using cchc::fuzz::require;

void check_index(const cchc::composite::IndexStructure& index) {
  for (const std::string& code : index.node_codes()) {
    require(cchc::text::is_nfc(code), "node codes are NFC");
  }
}

void check_data(const cchc::composite::CompositeData& data,
                const cchc::composite::IndexStructure& index) {
  data.validate(index);  // throws on a violation: uncaught, a finding
  std::set<std::string> units(data.indicators.units.begin(), data.indicators.units.end());
  require(units.size() == data.indicators.units.size(), "one row per unit");
  for (const std::string& unit : data.indicators.units) {
    require(cchc::text::is_nfc(unit), "unit codes are NFC");
  }
  for (std::size_t u = 0; u < data.indicators.unit_count(); ++u) {
    for (std::size_t c = 0; c < data.indicators.column_count(); ++c) {
      const auto value = data.indicators.value(u, c);
      require(!value || std::isfinite(*value), "read values are finite");
    }
  }
}

template <class Read>
void expect_only_cchc_errors(Read read, const char* source) {
  try {
    read();
  } catch (const cchc::ParseError& error) {
    require(error.source() == source, "a ParseError names the source");
    require(!error.reason().empty(), "a ParseError says why");
  } catch (const cchc::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = cchc::fuzz::as_text(data, size);
  const std::size_t split = text.find('\f');
  if (split == std::string_view::npos) {
    expect_only_cchc_errors([&] { check_index(cchc::io::parse_index_toml(text, "index.toml")); },
                            "index.toml");
    return 0;
  }
  const std::string_view meta = text.substr(0, split);
  const std::string_view values = text.substr(split + 1);
  expect_only_cchc_errors(
      [&] {
        const auto index = cchc::io::parse_imeta(meta, "iMeta.csv");
        check_index(index);
        expect_only_cchc_errors(
            [&] { check_data(cchc::io::parse_idata(values, index, meta, "iData.csv"), index); },
            "iData.csv");
        expect_only_cchc_errors(
            [&] {
              for (const auto& [time, period] :
                   cchc::io::parse_idata_panel(values, index, meta, "iData.csv")) {
                check_data(period, index);
              }
            },
            "iData.csv");
      },
      "iMeta.csv");
  return 0;
}
