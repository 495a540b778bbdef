// The error codes of composite indices: iMeta/iData CSV files, index TOML files, datasets and
// index structures (docs/i18n.md). scripts/catalogs.py reads this table: keep one entry per line
// group, {"code", "English template"}, with the template as adjacent string literals.
#pragma once

#include <string_view>

#include "cchc/detail/coded_error.hpp"

namespace cchc::detail {

inline constexpr ErrorTemplate kCompositeErrors[] = {
    // Reading the files.
    {"composite.cannot_open", "cannot open '{path}'"},
    {"composite.not_utf8",
     "invalid UTF-8: the file is not UTF-8 (convert it first, e.g. iconv -f CP1258 -t UTF-8)"},
    {"composite.field_count", "row has {count} fields, the header {expected}"},
    // {chain}: "A (line 3) → B (line 5) → A".
    {"composite.parent_cycle", "'{code}': parent chain forms a cycle: {chain}"},
    // iMeta: a row is named by its code, "'{code}'", before the reason.
    {"composite.imeta_column_missing", "iMeta needs a column '{column}'"},
    {"composite.imeta_empty", "iMeta is empty"},
    {"composite.empty_code", "empty code"},
    {"composite.code_twice", "code '{code}' appears twice"},
    {"composite.code", "'{code}'"},
    {"composite.type_unknown",
     "unknown type '{type}' (Indicator, Aggregate, Group, Denominator, Other)"},
    {"composite.value_required", "a value is required"},
    {"composite.not_a_number", "'{value}' is not a number"},
    {"composite.direction_sign", "direction must be 1 or -1"},
    {"composite.weight_negative", "weight must be ≥ 0"},
    // iData.
    {"composite.idata_ucode_missing", "iData needs a column 'uCode'"},
    {"composite.idata_empty", "iData is empty"},
    {"composite.idata_column_unknown",
     "column '{column}' is not an indicator, group or denominator of iMeta"},
    {"composite.idata_indicator_missing", "indicator '{indicator}' of iMeta has no column"},
    {"composite.panel_time_missing", "a panel needs a column 'Time'"},
    {"composite.unit", "unit '{unit}'"},
    {"composite.not_whole_number", "'{value}' is not a whole number"},
    {"composite.empty_unit", "empty unit code"},
    {"composite.unit_twice_in_time", "unit '{unit}' appears twice in time {time}"},
    {"composite.unit_twice", "unit '{unit}' appears twice (panel data? read it as a panel)"},
    // Index TOML files: a [[node]] is named "node '{code}'" before the reason.
    {"composite.node", "node '{code}'"},
    {"composite.node_code_missing", "a node needs a code"},
    {"composite.must_be_sign", "must be 1 or -1"},
    {"composite.aggregation_unknown",
     "unknown aggregation '{method}' (arithmetic, geometric, harmonic, mazziotta_pareto, "
     "minimum, benefit_of_doubt)"},
    {"composite.goalposts_table", "goalposts must be a table"},
    {"composite.goalposts_bounds", "goalposts need lower and upper"},
    // Datasets: the data is named before the reason ("indicator data: …").
    {"composite.entry_range", "dataset: entry ({unit}, {column}) out of range"},
    {"composite.no_column", "dataset has no column '{column}'"},
    {"composite.indicator_data", "indicator data"},
    {"composite.denominator_data", "denominator data"},
    {"composite.table", "table"},
    {"composite.dataset_shape",
     "values are {rows} × {cols} but there are {units} units and {columns} columns"},
    {"composite.dataset_empty_unit", "row {row} has an empty unit code"},
    {"composite.dataset_unit_twice", "unit '{unit}' appears twice (row {row})"},
    {"composite.dataset_column_twice", "column '{column}' appears twice"},
    {"composite.dataset_not_finite",
     "unit '{unit}', indicator '{indicator}' (row {row}): value is not a finite number"},
    {"composite.column_not_indicator", "column '{column}' is not an indicator of index '{index}'"},
    {"composite.indicator_no_column", "no column for indicator '{indicator}' of index '{index}'"},
    {"composite.denominator_units", "units differ from the indicator data's"},
    {"composite.denominator_no_column",
     "indicator '{indicator}': denominator '{denominator}' has no column"},
    {"composite.group_size", "unit group '{group}': {labels} labels for {units} units"},
    {"composite.no_unit_group", "no unit group '{name}'"},
    // Index structures: "index '{name}'" before the reason; a node's settings.
    {"composite.index", "index '{name}'"},
    {"composite.settings_count", "{nodes} nodes but {settings} settings"},
    {"composite.default_share_range", "the default max missing share must lie in [0, 1]"},
    {"composite.direction_value", "direction must be 1 or -1, got {direction}"},
    {"composite.weight_range", "weight must be a finite number ≥ 0"},
    {"composite.share_range", "max missing share must lie in [0, 1]"},
    {"composite.goalposts_order", "goalposts need finite lower < upper"},
    {"composite.goalposts_log", "log-scale goalposts need lower > 0"},
    {"composite.target_finite", "target must be finite"},
    {"composite.weights_zero", "the children's weights sum to zero"},
};

consteval ErrorCode composite_error(std::string_view code) {
  return find_error_code(kCompositeErrors, code);
}

}  // namespace cchc::detail
