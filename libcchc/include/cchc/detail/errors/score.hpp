// The error codes of scoring frameworks and self-assessments (docs/i18n.md).
// scripts/catalogs.py reads this table: one entry is {"code", "English template"} with the
// template as adjacent string literals.
#pragma once

#include <string_view>

#include "cchc/detail/coded_error.hpp"

namespace cchc::detail {

inline constexpr ErrorTemplate kScoreErrors[] = {
    // Places in a framework or assessment file, before the reason.
    {"framework.criterion", "criterion '{code}'"},
    {"framework.rule", "rule '{kind}'"},
    {"framework.step", "step"},
    {"framework.term", "term"},
    {"framework.input", "input"},
    {"assessment.answer", "answer '{code}'"},
    {"text.name", "{name}"},
    // Framework files (io/framework_file.hpp).
    {"framework.provenance", "'{value}' is not official, reconstructed or illustrative"},
    {"framework.rule_not_table", "expected a table such as { kind = \"proportional\" }"},
    {"framework.rule_kind_missing", "missing rule kind"},
    {"framework.steps_missing", "steps needs steps = [{ from = …, points = … }, …]"},
    {"framework.step_not_table", "each step is { from = …, points = … }"},
    {"framework.step_incomplete", "a step needs from and points"},
    {"framework.saturation_threshold", "saturation needs a threshold"},
    {"framework.terms_missing",
     "capped_terms needs terms = [{ ratio = \"…\", slope = …, cap = … }, …]"},
    {"framework.term_not_table",
     "each term is { ratio = \"…\", slope = …, cap = …, if_empty = … }"},
    {"framework.term_incomplete", "a term needs a ratio name and a slope"},
    {"framework.goalposts_incomplete", "goalposts needs worst and best"},
    {"framework.count_cap_per", "count_cap needs per_occurrence"},
    {"framework.deduction_bonus_per", "deduction_bonus needs per_occurrence"},
    {"framework.rule_kind_unknown",
     "unknown rule kind '{kind}' (proportional, steps, saturation, goalposts, pass_fail, "
     "count_cap, deduction_bonus, relative_to_best, survey_percentage, manual, capped_terms)"},
    {"framework.header_missing",
     "a framework file starts with a [framework] table (id, name, version, …)"},
    {"framework.id_missing", "the framework needs an id"},
    {"framework.rounding", "round_leaf_points is a whole number of decimals from 0 to 6"},
    {"framework.level_key_missing", "a level needs a key"},
    {"framework.level_twice", "level '{key}' twice"},
    {"framework.level_excluded", "'{value}' is not full_points or not_applicable"},
    {"framework.band_incomplete", "a band needs name and from"},
    {"framework.band_order", "bands go from the highest 'from' to the lowest"},
    {"framework.no_criteria", "the framework has no [[criterion]]"},
    {"framework.code_missing", "missing code"},
    {"framework.name_missing", "missing name"},
    {"framework.max_missing", "missing maximum points (max)"},
    {"framework.aggregation", "'{value}' is not sum_capped, weighted_mean or min"},
    {"framework.input_not_table", "expected { indicator = \"…\" } or { target = \"…\" }"},
    {"framework.scored_by", "'{value}' is not unit, home_affairs or survey"},
    {"framework.cannot_open", "cannot open framework file '{path}'"},
    {"framework.not_shipped", "no shipped framework '{id}' (shipped: {shipped})"},
    // The criteria tree (score/tree.hpp) and a framework's checks (score/framework.hpp).
    {"tree.empty_code", "empty code"},
    {"tree.duplicate_code", "duplicate code (first defined as node {first})"},
    {"tree.max_invalid", "maximum points must be a finite number > 0, got {value}"},
    {"tree.weight_invalid", "weight must be a finite number > 0, got {value}"},
    {"tree.parent_unknown", "parent '{parent}' is not a criterion of this tree"},
    {"tree.own_parent", "node is its own parent"},
    {"tree.cycle", "parent chain forms a cycle (no top-level ancestor)"},
    {"tree.maxima_overflow", "children's maxima sum beyond the largest number (overflow)"},
    {"tree.weights_overflow", "children's weights sum beyond the largest number (overflow)"},
    {"tree.maxima_below",
     "children's maxima sum to {sum}, below the node's maximum {max}: a sum_capped node could "
     "never reach its maximum"},
    {"tree.top_overflow", "the top-level maxima sum beyond the largest number (overflow)"},
    {"framework.leaf_without_rule", "a leaf needs a rule"},
    {"framework.manual_evidence", "a manual rule always requires evidence"},
    {"framework.target_needs_pass_fail", "a target status feeds a pass_fail rule only"},
    {"framework.indicator_needs_value",
     "an indicator feeds a rule that reads a value, not '{kind}'"},
    {"framework.input_both", "give either an indicator or a target"},
    {"framework.inner_rule", "only leaves have rules; this criterion has children"},
    {"framework.inner_input", "only leaves take inputs"},
    {"framework.level_undeclared",
     "level '{level}' is not declared by a [[level]] of the framework (none declared)"},
    {"framework.level_not_declared",
     "level '{level}' is not declared by a [[level]] of the framework (declared: {declared})"},
    // A rule's parameters (score/rule.hpp: check_rule_parameters).
    {"rule.if_empty", "if_empty {value} outside [0, {max}]"},
    {"rule.terms_empty", "capped_terms needs at least one term"},
    {"rule.term_ratio_missing", "term {term}: missing ratio name"},
    {"rule.term_ratio_twice", "term {term}: ratio '{ratio}' already used by term {first}"},
    {"rule.term_slope", "term {term} ('{ratio}'): slope {slope} must be > 0"},
    {"rule.term_cap", "term {term} ('{ratio}'): cap {cap} outside (0, {max}]"},
    {"rule.term", "term {term} ('{ratio}')"},
    {"rule.steps_empty", "steps needs at least one step"},
    {"rule.step_from_not_finite", "step {step}: 'from' not finite"},
    {"rule.step_points", "step from {from}: points {points} outside [0, {max}]"},
    {"rule.steps_order", "step 'from' values must increase strictly ({previous} then {from})"},
    {"rule.steps_below", "points below the first step {below} outside [0, {max}]"},
    {"rule.threshold", "threshold {threshold} outside (0, 100]"},
    {"rule.goalposts_finite", "goalposts must be finite"},
    {"rule.goalposts_equal", "best and worst goalposts are equal"},
    {"rule.late_share", "late_share {value} outside [0, 1]"},
    {"rule.per_occurrence", "per_occurrence {value} must be > 0"},
    {"rule.cap", "cap {cap} outside (0, {max}]"},
    {"rule.per_occurrence_zero",
     "per_occurrence must be a finite number ≠ 0 (negative: deduction, positive: bonus)"},
    {"rule.start", "start {start} outside [0, {max}]"},
    {"rule.survey_max", "survey_max {value} must be > 0"},
    // Assessment files (io/assessment_file.hpp) and scoring them.
    {"assessment.date_expected", "expected a date (2025-01-15)"},
    {"assessment.header_missing",
     "an assessment file starts with [assessment] (framework, unit, period)"},
    {"assessment.framework_missing", "name the framework id it answers"},
    {"assessment.ratio_pair", "numerator and denominator go together"},
    {"assessment.value_or_ratio", "give a value or a numerator and denominator"},
    {"assessment.ratios_not_table", "expected { A = { numerator = …, denominator = … }, … }"},
    {"assessment.ratio_not_table", "expected { numerator = …, denominator = … }"},
    {"assessment.ratio_incomplete", "a ratio needs numerator and denominator"},
    {"assessment.done_on_needs_done", "done_on needs done = true (or no done)"},
    {"assessment.deadline_needs_done_on", "a deadline needs done_on"},
    {"assessment.late_needs_done", "late = true needs done = true"},
    {"assessment.answered_twice", "answered twice (first on line {line})"},
    {"assessment.cannot_open", "cannot open assessment file '{path}'"},
    {"assessment.not_a_criterion", "'{code}' is not a criterion of framework '{framework}'"},
    {"assessment.not_a_leaf", "'{code}' has sub-criteria: answer its leaves instead"},
    {"assessment.level_not_scored",
     "framework '{framework}' does not score level '{level}' (its level is '{own}')"},
    {"assessment.level_not_among",
     "framework '{framework}' does not score level '{level}' (levels: {levels})"},
    {"assessment.what_if_not_leaf", "what-if: '{code}' is not a leaf of framework '{framework}'"},
    {"assessment.indicator_not_given",
     "criterion '{code}' takes indicator '{indicator}', which is not among the values given"},
    {"assessment.target_status_unknown",
     "criterion '{code}': unknown target status '{status}' (achieved, achieved_late, "
     "not_achieved, in_progress, overdue, not_applicable)"},
    {"assessment.target_status_missing",
     "criterion '{code}' takes target '{target}', whose status was not given"},
    {"assessment.plan_status_unknown",
     "unknown plan status '{status}' (targets: achieved, on_track, at_risk, not_met, off_track, "
     "not_applicable; tasks: done_on_time, done_late, done, overdue, pending, ongoing, "
     "ended_unreported, not_applicable)"},
    {"assessment.plan_has_no_target",
     "criterion '{code}' takes target '{target}', which {plan} has neither as a target nor as a "
     "task"},
    {"report.no_criterion", "no criterion with code '{code}' in this report"},
};

consteval ErrorCode score_error(std::string_view code) {
  return find_error_code(kScoreErrors, code);
}

}  // namespace cchc::detail
