// Reform targets (chỉ tiêu) of a plan: what is measured, the level to reach, by when, by whom.
//
// A target names an indicator (an engine indicator key such as "on_time_rate", or a custom key
// the user supplies values for), a comparator and a level. The level is either absolute
// ("đạt tối thiểu 98 %") or relative to a baseline ("giảm tối thiểu 15 % so với năm 2025":
// level = baseline × (1 + change_percent / 100)). Formulas and sources: docs/target/targets.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/calendar/deadline.hpp"

namespace cchc::target {

/// How a value is compared with the target level (docs/target/targets.md).
enum class Comparator {
  at_least,  // value >= level ("tối thiểu", "ít nhất", "trở lên")
  at_most,   // value <= level ("tối đa", "không quá", "dưới")
  exactly,   // |value − level| <= tolerance ("đạt 95 %", "là 95 %": the level itself is stated)
  // Relative targets only (change_percent < 0). Both are met when value <= baseline × (1 +
  // change_percent / 100); they keep apart what the plan promised: "giảm 10 %", "giảm bình quân
  // 10 %" names the size of the cut (reduce_by), "giảm tối thiểu 10 %" makes it a floor
  // (reduce_by_at_least). A reports quotes the difference; a value is judged the same way.
  reduce_by,
  reduce_by_at_least,
  between  // value <= … <= upper ("từ 85 % đến 90 %", "85-90 %"); absolute targets only
};

/// The unit of a target's value.
enum class ValueUnit { percent, count, days, ratio };

/// The reform areas of the provincial and ministerial CCHC plans.
enum class ReformArea {
  chi_dao,         // directing and management of the reform (chỉ đạo, điều hành)
  the_che,         // institutions (cải cách thể chế)
  tthc,            // administrative procedures (thủ tục hành chính)
  to_chuc_bo_may,  // organisation of the apparatus (tổ chức bộ máy)
  cong_vu,         // civil service (chế độ công vụ)
  tai_chinh_cong,  // public finance (tài chính công)
  chinh_quyen_so,  // digital government (chính quyền điện tử, chính quyền số)
  other
};

[[nodiscard]] std::string_view to_string(Comparator comparator) noexcept;
[[nodiscard]] std::string_view to_string(ValueUnit unit) noexcept;
/// The file key ("tthc"); to_vietnamese() gives the name plans use ("Thủ tục hành chính").
[[nodiscard]] std::string_view to_string(ReformArea area) noexcept;
[[nodiscard]] std::string_view to_vietnamese(ReformArea area) noexcept;
[[nodiscard]] std::optional<Comparator> comparator_from_key(std::string_view key) noexcept;
[[nodiscard]] std::optional<ValueUnit> unit_from_key(std::string_view key) noexcept;
[[nodiscard]] std::optional<ReformArea> area_from_key(std::string_view key) noexcept;

/// A deadline as a plan writes it ("Quý I năm 2026") and as calendar::parse_deadline read it.
/// A phrase that does not parse is kept with parsed.kind() == not_understood: the deadline is
/// "not structured", never guessed. Two deadlines are equal when their texts are (the parse is
/// a function of the text and the plan's year).
struct StatedDeadline {
  std::string text;
  calendar::Deadline parsed;

  /// Parses `text` with the plan's year as context (for "Thường xuyên trong năm").
  [[nodiscard]] static StatedDeadline from_text(std::string text,
                                                std::optional<int> plan_year = std::nullopt);

  [[nodiscard]] bool empty() const noexcept { return text.empty(); }
  /// The last allowed day, when the primary clause has one.
  [[nodiscard]] std::optional<calendar::Date> due() const noexcept { return parsed.due(); }
  /// The first day of the stated period, when the primary clause has one.
  [[nodiscard]] std::optional<calendar::Date> start() const noexcept;
  /// True for "Thường xuyên", "Định kỳ", "Hằng quý": a recurring duty, not a one-off task.
  [[nodiscard]] bool recurring() const noexcept;

  friend bool operator==(const StatedDeadline& a, const StatedDeadline& b) noexcept {
    return a.text == b.text;
  }
};

/// Where an item was read from: the line in the source text (when known) and the sentence.
struct SourceRef {
  std::optional<int> line;
  std::string text;

  [[nodiscard]] bool empty() const noexcept { return !line && text.empty(); }
  friend bool operator==(const SourceRef&, const SourceRef&) = default;
};

/// What a target applies to: a unit (đơn vị) and/or a field (lĩnh vực). Empty = whole plan.
struct Scope {
  std::string unit;
  std::string field;

  [[nodiscard]] bool empty() const noexcept { return unit.empty() && field.empty(); }
  friend bool operator==(const Scope&, const Scope&) = default;
};

struct Target {
  std::string id;  // unique within the plan ("T01")
  ReformArea area = ReformArea::other;
  std::string title;
  std::string indicator;  // engine indicator key or a custom key
  Comparator comparator = Comparator::at_least;
  /// The absolute level; empty for a relative target.
  std::optional<double> value;
  /// The change relative to the baseline in percent (−15 = a 15 % reduction); empty for an
  /// absolute target. Exactly one of value and change_percent is set in a valid target.
  std::optional<double> change_percent;
  /// The upper end of a `between` range (value is the lower end); empty for other comparators.
  std::optional<double> upper;
  ValueUnit unit = ValueUnit::percent;
  std::optional<double> baseline;
  std::optional<int> baseline_year;
  /// As stated; direction() derives it from the comparator when empty.
  std::optional<bool> higher_is_better;
  Scope scope;
  StatedDeadline deadline;
  std::string owner;                 // lead unit (chủ trì)
  std::vector<std::string> support;  // supporting units (phối hợp)
  SourceRef source;

  [[nodiscard]] bool relative() const noexcept { return change_percent.has_value(); }

  /// The level to reach: value, or baseline × (1 + change_percent / 100). Empty for a relative
  /// target without a baseline.
  [[nodiscard]] std::optional<double> level() const noexcept;

  /// +1 when higher values are better, −1 when lower are, empty when unknown. Stated
  /// higher_is_better wins; otherwise at_least → +1, at_most, reduce_by and reduce_by_at_least
  /// → −1, and exactly and between → the side of the level (the range) the baseline lies on
  /// (baseline below → +1), empty without a baseline or with a baseline inside the range.
  [[nodiscard]] std::optional<int> direction() const noexcept;

  friend bool operator==(const Target&, const Target&) = default;
};

}  // namespace cchc::target
