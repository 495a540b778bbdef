// The error codes of composite indices: iMeta/iData CSV files, index TOML files, datasets and
// index structures (docs/i18n.md). scripts/catalogs.py reads this table: keep one entry per line
// group, {"code", "English template"}, with the template as adjacent string literals.
#pragma once

#include <string_view>

#include "cchc/detail/coded_error.hpp"

namespace cchc::detail {

inline constexpr ErrorTemplate kCompositeErrors[] = {
    {"composite.is_folder", "a folder, not a file"},
    {"composite.not_regular", "not a regular file (a device, FIFO or socket): not read"},
    {"composite.too_large", "the file has {size} bytes, over the limit of {limit} bytes"},
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
    // Weights: a list of weights is named ("pipeline weights", "manual weights") first.
    {"composite.pipeline_weights", "pipeline weights"},
    {"composite.manual_weights", "manual weights"},
    {"composite.weight_count", "{count} weights for {nodes} nodes"},
    {"composite.weight_not_finite", "node '{node}' has a weight that is not a finite number"},
    // {children}: the children's codes, "a, b, c".
    {"composite.children_weights_zero",
     "the weights of the children of '{node}' ({children}) sum to zero, as an iMeta or framework "
     "file may not have them"},
    {"composite.manual_weight_range", "node '{node}' needs a finite weight ≥ 0"},
    {"composite.optimise_not_aggregate",
     "optimise weights: '{node}' is an indicator, not an aggregate"},
    {"composite.optimise_target_count",
     "optimise weights: '{node}' has {children} children but {targets} targets were given"},
    {"composite.optimise_target_positive", "optimise weights: target importances must be > 0"},
    // Denomination and aggregation; "aggregate: node …, unit …" names a unit's failure first.
    {"composite.denominator_zero",
     "denominate: unit '{unit}', indicator '{indicator}': denominator '{denominator}' is zero"},
    {"composite.aggregate_weight_count", "aggregate: {count} weights for {nodes} nodes"},
    {"composite.aggregate_columns",
     "aggregate: the dataset must hold every node's column in tree order"},
    {"composite.aggregate_node_unit", "aggregate: node '{node}', unit '{unit}'"},
    {"composite.bod_negative", "benefit of the doubt needs values ≥ 0"},
    // {method}: geometric or harmonic; {value}: the child's value.
    {"composite.mean_needs_positive",
     "{method} mean needs values > 0, child '{child}' is {value} (normalise to a range above 0)"},
    {"composite.mazziotta_pareto_mean",
     "Mazziotta–Pareto needs a positive mean (normalise to e.g. z-scores around 100)"},
    {"composite.bod_unbounded", "benefit of the doubt: the linear programme is unbounded"},
    {"composite.bod_no_termination", "benefit of the doubt: the simplex did not terminate"},
    {"composite.bands_count",
     "bands: {labels} labels for {thresholds} thresholds (need one more label than thresholds)"},
    {"composite.bands_order", "bands: thresholds must be ascending"},
    // Normalisation: "normalise: indicator …[, unit …]" before the reason.
    {"composite.normalise_indicator", "normalise: indicator '{indicator}'"},
    {"composite.normalise_indicator_unit", "normalise: indicator '{indicator}', unit '{unit}'"},
    {"composite.goalposts_missing", "goalposts normalisation needs goalposts for this indicator"},
    {"composite.goalposts_log_value", "log-scale goalposts need a value > 0"},
    {"composite.target_missing", "distance to target needs a target for this indicator"},
    {"composite.distance_to_best_negative", "distance to the best unit needs values ≥ 0"},
    {"composite.box_cox_positive", "Box-Cox needs values > 0"},
    // Screening, imputation and the pipeline.
    {"composite.screen_data_threshold", "screen: the data threshold must lie in [0, 1]"},
    {"composite.screen_nonzero_threshold", "screen: the non-zero threshold must lie in [0, 1]"},
    {"composite.screen_forced_unit", "screen: forced unit '{unit}' is not in the data"},
    {"composite.impute_group_labels",
     "impute: group mean needs one group label per unit ({units} units, {labels} labels)"},
    {"composite.pipeline_impute_group", "pipeline: group-mean imputation needs impute_group"},
    // Sensitivity analysis: {input} is an input's name ("weight:1.2", "imputation").
    {"composite.sobol_output_count",
     "sobol indices: {outputs} outputs are not N·(d + 2) for d = {inputs}"},
    {"composite.sensitivity_point_columns",
     "sensitivity: points have {columns} columns for {inputs} inputs"},
    {"composite.sensitivity_point_range",
     "sensitivity: point {point}, input '{input}': {value} is not in [0, 1]"},
    {"composite.sensitivity_weight_range",
     "sensitivity: the weight range of '{node}' must lie in [0, 1)"},
    {"composite.sensitivity_no_input",
     "sensitivity: no uncertain input declared (weights or ≥ 2 alternatives)"},
    {"composite.sensitivity_samples", "sensitivity: at least 2 samples are needed"},
    {"composite.sensitivity_sample_rows",
     "sensitivity: {rows} sample rows are not N·(d + 2) with N ≥ 2 for d = {inputs}"},
};

consteval ErrorCode composite_error(std::string_view code) {
  return find_error_code(kCompositeErrors, code);
}

}  // namespace cchc::detail
