// Reconciliation of the aggregates a report states ("Tổng số hồ sơ … 6086, trong đó mới tiếp
// nhận 6.063 …"): the identities between them, each stated percentage against its parts, and
// stated figures against the counts computed from the dossier records. Every inconsistency
// names the identity and the numbers. Rules and tolerance: docs/dossier/indicators.md.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/dossier/indicators.hpp"

namespace cchc::dossier {

/// The figures a one-stop report states.
enum class Figure : std::uint8_t {
  total,                // tổng số hồ sơ đã tiếp nhận trong kỳ
  received_new,         // số mới tiếp nhận trong kỳ
  carried_over,         // số từ kỳ trước chuyển qua
  online,               // trực tuyến (among the new)
  in_person_or_postal,  // trực tiếp và qua dịch vụ bưu chính (among the new)
  resolved,             // đã giải quyết
  early,                // trước hạn
  on_time,              // đúng hạn
  early_or_on_time,     // trước hạn và đúng hạn, when a report states them together
  late,                 // quá hạn
  pending,              // đang giải quyết
  pending_within,       // đang giải quyết trong hạn
  pending_overdue,      // đang giải quyết quá hạn
  closed_without_result,  // từ chối, rút hồ sơ (refused or withdrawn), when a report states it
};

/// "total", "received_new", … (the member names of ReportedFigures).
std::string_view figure_key(Figure figure) noexcept;

/// A percentage as the report writes it, with what it is a share of when known.
struct StatedPercentage {
  std::string label;   // "online filing rate"
  double percent = 0;  // 69.6 for "69,6 %"
  int decimals = 0;    // decimals as written: 1 for "69,6"; sets the rounding tolerance
  std::optional<std::int64_t> numerator;  // when the report writes them ("5626/8086")
  std::optional<std::int64_t> denominator;
  std::optional<Figure> numerator_figure;  // the stated figures the parts should be
  std::optional<Figure> denominator_figure;
  std::string source;  // where the report states it ("line 98")
};

/// Everything optional: a report states what it states.
struct ReportedFigures {
  std::optional<std::int64_t> total;
  std::optional<std::int64_t> received_new;
  std::optional<std::int64_t> carried_over;
  std::optional<std::int64_t> online;
  std::optional<std::int64_t> in_person_or_postal;
  std::optional<std::int64_t> resolved;
  std::optional<std::int64_t> early;
  std::optional<std::int64_t> on_time;
  std::optional<std::int64_t> early_or_on_time;
  std::optional<std::int64_t> late;
  std::optional<std::int64_t> pending;
  std::optional<std::int64_t> pending_within;
  std::optional<std::int64_t> pending_overdue;
  std::optional<std::int64_t> closed_without_result;
  std::vector<StatedPercentage> percentages;

  [[nodiscard]] std::optional<std::int64_t> get(Figure figure) const noexcept;
};

/// What kind of check an inconsistency breaks (stable keys for programs: inconsistency_kind_key).
enum class InconsistencyKind : std::uint8_t {
  sum,                      // every part stated, and they do not add up to the whole
  parts_exceed_whole,       // some parts unstated, and the stated ones already exceed the whole
  percentage_out_of_range,  // a stated percentage outside 0–100
  percentage_zero_denominator,  // a share of a zero denominator: not applicable
  percentage_mismatch,      // a stated percentage its numerator / denominator do not give
  percentage_part_mismatch,  // a stated numerator or denominator that is not the figure it names
  differs_from_records,     // a stated figure the dossier records do not give (compare)
};

/// "sum", "parts_exceed_whole", "percentage_out_of_range", …
std::string_view inconsistency_kind_key(InconsistencyKind kind) noexcept;

/// One inconsistency: the identity it breaks, the stated value, the value its parts give, and
/// a sentence naming all the numbers.
struct Inconsistency {
  std::string identity;  // "total = received_new + carried_over", "percentage 'online …'"
  double stated = 0;
  double from_parts = 0;
  std::string message;
  InconsistencyKind kind = InconsistencyKind::sum;
  // The stated figures involved, so that a caller can point at where the report states them
  // and word the message itself: the whole then the stated parts of a sum; the figure a
  // percentage's numerator or denominator should be; numerator and denominator figures of a
  // percentage computed from them; the figure compared with the records.
  std::vector<Figure> figures;
  // The index in ReportedFigures::percentages of the percentage concerned, if any.
  std::optional<std::size_t> percentage;
};

/// Checks, each only as far as the report states its figures:
///   total = received_new + carried_over
///   received_new = online + in_person_or_postal
///   total = online + in_person_or_postal + carried_over, when received_new is not stated
///   total = resolved + pending (+ closed_without_result when stated)
///   resolved = early + on_time + late
///   early_or_on_time = early + on_time, resolved = early_or_on_time + late
///   pending = pending_within + pending_overdue
/// When every part is stated the sum must equal the whole; when some parts are missing the
/// stated parts must not exceed it. Each stated percentage must lie in 0–100, match its own
/// numerator / denominator, match the figures it names, and its numerator and denominator
/// must equal those figures; a percentage matches when it is within half a unit of its last
/// written decimal (69,6 % covers 69.55–69.65) plus `extra_tolerance` percentage points.
/// A percentage naming early_or_on_time when the report states it only in parts takes
/// early + on_time (both stated) or else resolved − late (both stated): each is that figure
/// by definition, since every resolved dossier is early, on time or late.
std::vector<Inconsistency> reconcile(const ReportedFigures& reported, double extra_tolerance = 0);

/// The figures counts computed from the records give (closed_without_result = refused +
/// withdrawn; early_or_on_time = early + on_time; in_person_or_postal leaves out unknown
/// channels).
ReportedFigures figures_of(const IndicatorCounts& counts);

/// Each figure the report states that differs from the one computed from the records.
std::vector<Inconsistency> compare(const ReportedFigures& reported,
                                   const IndicatorCounts& computed);

}  // namespace cchc::dossier
