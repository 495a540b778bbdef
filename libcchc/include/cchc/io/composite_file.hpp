// Files of the composite-index toolkit: a COINr-style pair of CSV tables (iMeta: one row per
// indicator, aggregate, group or denominator; iData: one row per unit) and an index framework
// TOML file ([[node]] tables). Formats: docs/composite/toolkit.md.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cchc/composite/dataset.hpp"

namespace cchc::io {

struct CompositeInput {
  composite::IndexStructure index;
  composite::CompositeData data;
};

/// Parses an iMeta table (columns Level, iCode, Direction, Weight, Parent, Type required;
/// iName, Target, Denominator optional; other columns ignored) into an index structure.
/// Errors are ParseError(source, line, field, reason) naming the code.
[[nodiscard]] composite::IndexStructure parse_imeta(std::string_view text,
                                                    std::string_view source = "<iMeta>");

/// Parses an iData table against an index: uCode required, uName and Time ignored, every other
/// column must be an indicator, group or denominator of iMeta. Empty, "NA" and "NaN" cells are
/// missing. Errors name the file, line, column and unit (a non-numeric value, a duplicate or
/// empty uCode, an unknown column, an indicator column that is absent).
[[nodiscard]] composite::CompositeData parse_idata(std::string_view text,
                                                   const composite::IndexStructure& index,
                                                   std::string_view imeta_text,
                                                   std::string_view source = "<iData>");

/// Panel iData (one row per unit and Time): the data of each Time, in ascending order. Time
/// must be a whole number; a unit may appear once per Time (errors name the line).
[[nodiscard]] std::vector<std::pair<int, composite::CompositeData>> parse_idata_panel(
    std::string_view text, const composite::IndexStructure& index, std::string_view imeta_text,
    std::string_view source = "<iData>");

struct PanelInput {
  composite::IndexStructure index;
  std::vector<std::pair<int, composite::CompositeData>> periods;
};
[[nodiscard]] PanelInput read_coinr_panel(const std::filesystem::path& idata,
                                          const std::filesystem::path& imeta);

/// Reads both files.
[[nodiscard]] CompositeInput read_coinr_csv(const std::filesystem::path& idata,
                                            const std::filesystem::path& imeta);

/// Parses an index framework TOML file: [index] name, max_missing_share; [[node]] code,
/// parent, name, weight, direction, aggregation, max_missing_share, denominator, target,
/// goalposts = {lower, upper, log, truncate}.
[[nodiscard]] composite::IndexStructure parse_index_toml(std::string_view text,
                                                         std::string_view source = "<string>");
[[nodiscard]] composite::IndexStructure read_index_toml(const std::filesystem::path& path);
/// A shipped index framework from libcchc/data/composite ("hdi").
[[nodiscard]] composite::IndexStructure shipped_index(std::string_view id);

}  // namespace cchc::io
