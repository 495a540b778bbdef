// A unit's self-assessment against a framework, its scoring, the validation report, the
// comparison with the appraised scores, lost points and what-if. Choices (what counts as
// unanswered, how "not applicable" leaves the maximum): docs/score/assessment.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/calendar/date.hpp"
#include "cchc/score/framework.hpp"
#include "cchc/target/evaluate.hpp"
#include "cchc/target/task.hpp"

namespace cchc::dossier {
struct IndicatorCounts;
struct Ratio;
}  // namespace cchc::dossier

namespace cchc::score {

/// The unit's answer for one leaf.
struct LeafAnswer {
  RuleInput input;              // raw inputs (value / done+late / best) and the self-score
  bool not_applicable = false;  // "không áp dụng": leaves both the score and the maximum
  // Pass/fail by dates: done on `done_on`, late when after `deadline` (both calendar days;
  // done on the deadline day is on time). They set input.done and input.late when scored.
  std::optional<Date> done_on;
  std::optional<Date> deadline;
  std::optional<double> appraised_score;  // Sở Nội vụ's score; absent = recognised as self
  std::string appraisal_note;
  std::vector<std::string> evidence;  // document numbers or links (tài liệu kiểm chứng)
  std::string note;
  std::string input_source;              // where `input.value`/`done` came from when not typed in
  std::optional<double> declared_value;  // the unit's own value when data replaced it
  // The unit's own done / late when a target or task status replaced them with others.
  std::optional<bool> declared_done;
  bool declared_late = false;
  std::size_t line = 0;                  // line in the assessment file (0 when built in code)
  // input_source as a code and arguments, when libcchc wrote it (docs/i18n.md); not in the
  // file and not compared: a reloaded answer keeps only the text.
  Message source;
  friend bool operator==(const LeafAnswer& a, const LeafAnswer& b) {
    return a.input == b.input && a.not_applicable == b.not_applicable && a.done_on == b.done_on &&
           a.deadline == b.deadline && a.appraised_score == b.appraised_score &&
           a.appraisal_note == b.appraisal_note && a.evidence == b.evidence && a.note == b.note &&
           a.input_source == b.input_source && a.declared_value == b.declared_value &&
           a.declared_done == b.declared_done && a.declared_late == b.declared_late;
  }
};

struct Assessment {
  std::string framework_id;
  std::string unit;
  std::string period;                         // "2025"
  std::string level;  // the level scored at ("commune"); empty: the framework's own level
  std::string source;                         // file name, for messages
  std::map<std::string, LeafAnswer> answers;  // by leaf code
  friend bool operator==(const Assessment& a, const Assessment& b) {
    return a.framework_id == b.framework_id && a.unit == b.unit && a.period == b.period &&
           a.level == b.level && a.answers == b.answers;
  }
};

enum class LeafStatus : std::uint8_t {
  computed,        // the rule computed the points from the inputs
  self_scored,     // no inputs: the self-score is taken as claimed (or the rule is manual)
  not_applicable,  // leaves the maximum
  unanswered,      // neither inputs nor a self-score: 0 points, listed as a finding
  invalid,         // an input out of range: 0 points, listed as a finding
  // Leaves another body scores (CriterionInfo::scored_by is not unit):
  awaiting,  // its score is not given yet: 0 points, the maximum stays, not a finding
  external,  // scored by Home Affairs or a survey: the appraised score is its points
};
[[nodiscard]] std::string_view to_string(LeafStatus status) noexcept;

enum class FindingKind : std::uint8_t {
  unanswered,
  self_score_above_max,
  missing_evidence,
  self_score_differs,
  invalid_input,
  appraised_above_max,
  value_differs_from_data,
  not_scored_by_unit,             // a self-score on a leaf another body scores
  not_applicable,                 // "không áp dụng" with its reason: the maximum it removes
  not_applicable_without_reason,  // "không áp dụng" with neither a note nor evidence
  value_looks_like_fraction,      // 0 < value ≤ 1 typed for a percentage: 0.95 for 95 %?
};
[[nodiscard]] std::string_view to_string(FindingKind kind) noexcept;

struct Finding {
  FindingKind kind;
  std::string code;
  std::string message;   // English: english(details)
  std::size_t line = 0;  // line of the answer in the assessment file, 0 when none
  std::vector<Message> details;  // the message as codes and arguments, joined by "; "
};

/// One node's result. Three score sets travel together: `points` (what libcchc computes from
/// the inputs), `self_points` (what the unit claims: its self-score where it gave one, else
/// the computed points) and `appraised_points` (the appraisal where given, else the claim).
struct NodeScore {
  std::string code;
  std::size_t depth = 0;
  std::vector<std::size_t> children;  // indices into ScoreReport::nodes
  bool is_leaf = false;
  double max_points = 0.0;
  std::optional<double> applicable_max;  // std::nullopt: not applicable
  std::optional<double> points;          // std::nullopt: not applicable
  /// The points before the framework's rounding of leaf points (equal to `points` when the
  /// framework does not round); for an inner node, the aggregate of unrounded leaves.
  std::optional<double> unrounded_points;
  std::optional<double> percent;         // points ÷ applicable_max × 100
  std::optional<double> self_points;
  std::optional<double> appraised_points;
  /// Leaves only: the self-score as the unit wrote it, before any cap at the maximum.
  std::optional<double> claimed;
  std::size_t unanswered_leaves = 0;  // in this subtree
  // Leaves only.
  LeafStatus status = LeafStatus::computed;
  std::string rule_kind;
  std::string branch;
  std::string explanation;  // rule, inputs, threshold: english(message)
  Message message;          // the explanation as a code and its numbers (docs/i18n.md)
  /// The explanation as parts joined by spaces (capped_terms), when `message` is engine.text.
  std::vector<Message> message_parts;
  std::string inputs;       // the inputs used, as text
  RuleInput input;          // the inputs the rule read (done and late after the dates)
  std::string appraisal_note;
  /// How much the total would rise if this leaf alone got its full points (0 when it has
  /// them): differs from applicable_max − points under capping, weighting or a min.
  std::optional<double> total_gain_if_full;
};

struct LostPoints {
  std::string code;
  double total_gain = 0.0;  // the total's rise if the leaf got full points: the ranking key
  double lost = 0.0;        // the leaf's applicable maximum − its points
  double points = 0.0;
  double applicable_max = 0.0;
  std::string reason;
};

struct Comparison {
  std::string code;
  std::optional<double> self_points;
  std::optional<double> appraised_points;
  std::optional<double> difference;  // appraised − self
  std::string explanation;
};

struct ScoreReport {
  std::vector<NodeScore> nodes;  // in tree order
  double total = 0.0;
  double total_max = 0.0;  // applicable maximum
  double unrounded_total = 0.0;  // the total from unrounded leaf points
  std::string level;             // the level scored at, empty when the framework has none
  std::optional<double> percent;
  std::string band;
  double self_total = 0.0;
  double appraised_total = 0.0;
  std::vector<Finding> findings;

  [[nodiscard]] const NodeScore& node(std::string_view code) const;
  /// Leaves that lost points, ranked by what full points there would add to the total, then
  /// by the leaf's own lost points, then in tree order.
  [[nodiscard]] std::vector<LostPoints> lost_points() const;
  /// Self against appraised per node, then the total (code "TOTAL").
  [[nodiscard]] std::vector<Comparison> comparison() const;
};

/// Scores `assessment` against `framework` at assessment.level. Throws ParseError (source =
/// assessment.source) for an answer whose code is not a leaf of the framework, and cchc::Error
/// for a level the framework does not declare.
[[nodiscard]] ScoreReport score(const Framework& framework, const Assessment& assessment);

struct NodeDelta {
  std::string code;
  std::optional<double> before;
  std::optional<double> after;
  std::optional<double> delta;
};
struct WhatIf {
  double total_before = 0.0;
  double total_after = 0.0;
  std::optional<double> percent_before;
  std::optional<double> percent_after;
  std::vector<NodeDelta> nodes;  // only the nodes whose points changed
};
/// The effect of replacing the answer of leaf `code` with `changed`.
[[nodiscard]] WhatIf what_if(const Framework& framework, const Assessment& assessment,
                             std::string_view code, const LeafAnswer& changed);

// --- Inputs from data (the one-call path; see docs/score/assessment.md) ---

/// Every dossier indicator of `counts` by key (dossier::indicator_definitions()).
[[nodiscard]] std::map<std::string, dossier::Ratio> indicator_values(
    const dossier::IndicatorCounts& counts);

/// For each leaf whose input names an indicator: sets the value to the indicator's percent
/// (or marks the leaf not applicable when its denominator is 0), records where it came from,
/// and keeps any value the unit typed in as declared_value. Throws cchc::Error when an
/// indicator a leaf names is missing from `values`.
[[nodiscard]] Assessment apply_indicators(const Framework& framework, Assessment assessment,
                                          const std::map<std::string, dossier::Ratio>& values);

/// For each leaf whose input names a target: sets done/late from the status the caller gives.
/// Statuses: "achieved" (done), "achieved_late" (done, late), "not_achieved", "in_progress",
/// "overdue" (not done), "not_applicable". Throws cchc::Error for a missing target or an
/// unknown status.
[[nodiscard]] Assessment apply_target_statuses(const Framework& framework, Assessment assessment,
                                               const std::map<std::string, std::string>& statuses);

// --- Inputs from a plan (targets and tasks judged at a date) ---
//
// The one place where plan statuses become scoring statuses (docs/score/assessment.md,
// "From a plan"). std::nullopt means the plan cannot tell: the leaf keeps what the unit
// answered (unanswered when nothing), never a guessed 0 or full mark.

/// achieved → achieved; on_track, at_risk → in_progress; off_track → not_achieved;
/// not_applicable (no value, no level or no due day) → std::nullopt.
[[nodiscard]] std::optional<std::string_view> status_from_plan(
    target::TargetStatus status) noexcept;
/// done_on_time, done → achieved; done_late → achieved_late; overdue → overdue;
/// pending, ongoing → in_progress; not_applicable (no structured deadline) → std::nullopt.
[[nodiscard]] std::optional<std::string_view> status_from_plan(target::TaskStatus status) noexcept;
/// The same by key, from either vocabulary (they share only "not_applicable", which maps alike).
/// Throws cchc::Error for a key of neither.
[[nodiscard]] std::optional<std::string_view> status_from_plan(std::string_view plan_status);

/// For each leaf whose input names a target or task id: done/late from the scoring status its
/// plan status (`plan_statuses`: id → target or task status key) stands for. A status that maps
/// to std::nullopt leaves the answer as the unit gave it and says so in input_source. Throws
/// cchc::Error naming the criterion when an id is missing or a status unknown.
[[nodiscard]] Assessment apply_plan_statuses(
    const Framework& framework, Assessment assessment,
    const std::map<std::string, std::string>& plan_statuses,
    std::string_view plan_name = "the plan");

}  // namespace cchc::score
