// Proposing a plan's targets and tasks from its plain text (issue 4, item 5).
//
// Plans reach us as Word/PDF exports: hard-wrapped lines (sometimes with an empty line after
// every printed line), roman and arabic numbered headings ("II.", "3."), lettered items ("a)"),
// bullets ("-", "+"). extract_plan() reads such text with generic, documented rules and
// lexicons (docs/target/extraction.md), never with sentences of particular plans:
//
//  * segmentation: lines are joined into blocks; a block starts at a heading, item or bullet
//    marker, or at an upper-case line after a line that ends a sentence;
//  * targets: a percentage or a quantity with a comparator cue ("tối thiểu", "ít nhất",
//    "không quá", "đạt", "giảm … so với năm 2025", a bare "100 %" = all of) becomes a Target;
//    the indicator comes from a keyword lexicon (engine keys such as "on_time_rate"), else a
//    custom key derived from the measured words;
//  * tasks: in a section whose heading names tasks ("nhiệm vụ"), lettered items (or, when a
//    heading has none, its "-" bullets) are tasks; "Chủ trì:", "Phối hợp:", "Sản phẩm:",
//    "Thời gian thực hiện:" blocks below a task fill its fields; deadlines are read by
//    calendar::parse_deadline; the reform area comes from the heading above.
//
// Every proposed item keeps its source line and text and says which rule produced it. A
// sentence that looks like a target but is not understood is reported in not_understood,
// never turned into a guessed target.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/target/plan.hpp"

namespace cchc::target {

/// Where and why an item was proposed.
struct ExtractionOrigin {
  int line = 0;            // 1-based line of the input: a task's title, a target's number
  std::size_t offset = 0;  // byte offset of that line's start in the input
  std::string rule;        // the rule that matched, e.g. "percent+cue 'tối thiểu' -> at_least"
  std::string heading;  // the heading the item sits under ("3. Cải cách thủ tục hành chính")
  /// Targets: the comparator was not stated by a cue but inferred (a bare level under a
  /// targets heading, or a level whose measure goes against the sentence's comparator).
  bool inferred = false;
  /// Tasks: where fields the item does not state came from: "" (none), "heading" (the
  /// heading above states them) or "appendix" (the appendix row with the item's number).
  std::string fields_from;
};

/// A sentence that looks like a target (a percentage, a quantity after a comparator cue, a
/// comparison with a past year, an item under a targets heading) that no rule understood.
struct NotUnderstood {
  int line = 0;
  std::size_t offset = 0;
  std::string text;    // the sentence, whitespace normalised
  std::string reason;  // why it was not turned into a target
  std::string heading;
};

struct ExtractOptions {
  /// The plan's year, for deadlines such as "Thường xuyên trong năm". When empty it is read
  /// from the title block ("Kế hoạch … năm 2026").
  std::optional<int> year;
  /// Names the input in the Plan's `source` field.
  std::string source;
};

struct Extraction {
  /// The proposed plan: targets T01…, tasks N01… in reading order; id = "extracted".
  Plan plan;
  std::vector<ExtractionOrigin> target_origins;  // parallel to plan.targets
  std::vector<ExtractionOrigin> task_origins;    // parallel to plan.tasks
  std::vector<NotUnderstood> not_understood;
};

/// Reads a plan's plain text (UTF-8; precomposed or decomposed) and proposes its targets and
/// tasks. Never throws on any text apart from std::bad_alloc.
[[nodiscard]] Extraction extract_plan(std::string_view text, const ExtractOptions& options = {});

/// Agreement of proposed items with a hand-checked plan (the gold list). A proposed item matches
/// a gold item of the same kind when their source lines differ by at most `line_tolerance` and,
/// for targets, the comparator and the value (or change_percent, and upper for a range) are
/// equal. Matching is one to
/// one, in reading order.
struct ExtractionScore {
  std::size_t gold = 0;      // items in the gold list
  std::size_t proposed = 0;  // items proposed
  std::size_t matched = 0;   // proposed items matched to a gold item
  /// matched / proposed and matched / gold; empty when the denominator is 0.
  [[nodiscard]] std::optional<double> precision() const noexcept;
  [[nodiscard]] std::optional<double> recall() const noexcept;
  std::vector<std::string> unmatched_gold;      // "T07 line 135", for reports
  std::vector<std::string> unmatched_proposed;  // "T03 line 107: <title>"
};

struct ExtractionComparison {
  ExtractionScore targets;
  ExtractionScore tasks;
  std::size_t area_agreements = 0;  // matched items whose reform area agrees with the gold one
};

[[nodiscard]] ExtractionComparison compare_extraction(const Plan& proposed, const Plan& gold,
                                                      int line_tolerance = 2);

}  // namespace cchc::target
