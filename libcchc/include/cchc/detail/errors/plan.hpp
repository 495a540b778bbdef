// The error codes of plan files: [plan], [[target]] and [[task]] (docs/i18n.md).
// scripts/catalogs.py reads this table: keep one entry per line group,
// {"code", "English template"}, with the template as adjacent string literals.
#pragma once

#include <string_view>

#include "cchc/detail/coded_error.hpp"

namespace cchc::detail {

inline constexpr ErrorTemplate kPlanErrors[] = {
    // A value of the wrong kind (the field names the key).
    {"plan.unknown_key", "unknown key; expected one of: {allowed}"},
    {"plan.required_missing", "required key is missing"},
    {"plan.expected_string", "must be a string"},
    {"plan.expected_number", "must be a number"},
    {"plan.expected_finite", "must be a finite number"},
    {"plan.expected_integer", "must be a whole number"},
    {"plan.integer_range", "is out of range"},
    {"plan.year_range", "must be a year from 1000 to 9999, not {year}"},
    {"plan.expected_boolean", "must be true or false"},
    {"plan.expected_date", "must be a TOML local date written without quotes, e.g. 2026-03-31"},
    {"plan.expected_strings", "must be an array of strings"},
    // {syntax} is the TOML braces "{ … }", an argument because a template cannot write them.
    {"plan.expected_inline_table", "must be a table {syntax}"},
    {"plan.not_one_of", "'{value}' is not one of: {allowed}"},
    {"plan.expected_tables", "must be an array of tables: write each item under [[{key}]]"},
    {"plan.expected_table", "must be a table"},
    {"plan.plan_missing", "required table [plan] is missing"},
    {"plan.empty", "must not be empty"},
    {"plan.id_twice", "'{id}' is used twice"},
    // Targets.
    {"plan.reduction_sign",
     "'{comparator}' is a reduction: give a negative 'change_percent' (e.g. -15)"},
    {"plan.between_bounds", "'between' needs 'value' (the lower end) and 'upper' (the upper end)"},
    {"plan.upper_below_value", "is below 'value' (the lower end)"},
    {"plan.upper_not_between", "is only for comparator 'between'"},
    {"plan.value_and_change",
     "give either 'value' (absolute target) or 'change_percent' (relative), not both"},
    {"plan.value_missing",
     "required key is missing: give 'value' (absolute target) or 'change_percent' (relative "
     "to the baseline)"},
    // Reading and writing plan files.
    {"plan.cannot_read", "cannot read the plan file '{path}'"},
    // {problems}: the problems target::validate found, in English, joined by "; ".
    {"plan.cannot_write_invalid", "cannot write an invalid plan; {problems}"},
};

consteval ErrorCode plan_error(std::string_view code) {
  return find_error_code(kPlanErrors, code);
}

}  // namespace cchc::detail
