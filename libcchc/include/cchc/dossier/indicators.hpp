// Indicator accumulators and the indicators computed from them.
//
// IndicatorCounts is a plain struct of counts whose merge (+=) is field-wise addition, hence
// associative and commutative: one file, a month of files in parallel or a Dask cluster give
// the same counts. Every indicator is a Ratio of two of these counts; its definition (key,
// Vietnamese name, formula, numerator, denominator) lives once in indicator_definitions().
// Formulas and choices: docs/dossier/indicators.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cchc/calendar/period.hpp"
#include "cchc/dossier/classify.hpp"
#include "cchc/dossier/record.hpp"

namespace cchc::dossier {

struct IndicatorCounts {
  using count = std::int64_t;

  // Intake (each in-period dossier once).
  count received_new = 0;
  count received_carried_over = 0;
  // Outcome at the cut-off (each in-period dossier once).
  count resolved_early = 0;
  count resolved_on_time = 0;
  count resolved_late = 0;
  count pending_within = 0;
  count pending_overdue = 0;
  count refused = 0;
  count withdrawn = 0;
  // Dossiers outside the window: counted, never dropped.
  count not_in_period_received_after = 0;
  count not_in_period_closed_before = 0;
  // Channel and service level of the new dossiers.
  count new_online = 0;
  count new_in_person = 0;
  count new_postal = 0;
  count new_channel_unknown = 0;
  count new_full_online = 0;
  count new_online_level_known = 0;
  // Facts about the new dossiers (yes / known, where known excludes missing).
  count digitised_dossier_yes = 0;
  count digitised_dossier_known = 0;
  count reused_data_yes = 0;
  count reused_data_known = 0;
  count fee_required_yes = 0;
  count paid_online_yes = 0;    // among fee-bearing new dossiers
  count paid_online_known = 0;  // fee-bearing new dossiers whose payment channel is known
  // Facts about the dossiers resolved in the window.
  count digitised_result_yes = 0;
  count digitised_result_known = 0;
  count electronic_result_yes = 0;
  count electronic_result_known = 0;
  count satisfied = 0;       // rating >= 4
  count very_satisfied = 0;  // rating 5
  count rated = 0;
  // Input rows the ingestion rejected (see ingest()).
  count rows_rejected = 0;

  [[nodiscard]] count received_total() const noexcept {
    return received_new + received_carried_over;
  }
  [[nodiscard]] count resolved() const noexcept {
    return resolved_early + resolved_on_time + resolved_late;
  }
  [[nodiscard]] count pending() const noexcept { return pending_within + pending_overdue; }
  [[nodiscard]] count not_in_period() const noexcept {
    return not_in_period_received_after + not_in_period_closed_before;
  }
  [[nodiscard]] count new_in_person_or_postal() const noexcept {
    return new_in_person + new_postal;
  }

  IndicatorCounts& operator+=(const IndicatorCounts& other) noexcept;
  friend IndicatorCounts operator+(IndicatorCounts a, const IndicatorCounts& b) noexcept {
    return a += b;
  }
  friend bool operator==(const IndicatorCounts&, const IndicatorCounts&) = default;
};

/// A share as its two counts. value() is numerator / denominator, and std::nullopt when the
/// denominator is 0: "not applicable", never NaN and never 0.
struct Ratio {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;

  [[nodiscard]] std::optional<double> value() const noexcept {
    if (denominator == 0) return std::nullopt;
    return static_cast<double>(numerator) / static_cast<double>(denominator);
  }
  [[nodiscard]] std::optional<double> percent() const noexcept {
    const auto share = value();
    if (!share) return std::nullopt;
    return *share * 100.0;
  }
  [[nodiscard]] bool applicable() const noexcept { return denominator != 0; }

  friend bool operator==(const Ratio&, const Ratio&) = default;
};

/// Adds one dossier classified in a window (intake and outcome, both in the period) to
/// `counts`; `facts` gives the row's channel(), online_level(), the six tri-states by name and
/// satisfaction() (0 = missing), read only when a count needs them. The definition of what
/// each count counts, used by accumulate(); the columnar count_grouped() (columns.hpp) derives
/// the same counts from per-window histograms and difference arrays, and its tests check it
/// against this function cell by cell.
template <typename Counts, typename Facts>
inline void add_classified(Counts& counts, Intake intake, Outcome outcome,
                           const Facts& facts) noexcept {
  const auto add_known = [](TriState value, typename Counts::count& yes,
                            typename Counts::count& known) {
    if (value == TriState::missing) return;
    ++known;
    if (value == TriState::yes) ++yes;
  };
  if (intake == Intake::carried_over) {
    ++counts.received_carried_over;
  } else {
    // Filing facts belong to the period the dossier was filed in, so that a dossier carried
    // over several periods is counted for them once.
    ++counts.received_new;
    // Indexed rather than switched: the channel of consecutive rows is unpredictable.
    using Field = typename Counts::count Counts::*;
    static constexpr Field kChannelCount[] = {&Counts::new_channel_unknown, &Counts::new_online,
                                              &Counts::new_in_person, &Counts::new_postal};
    ++(counts.*kChannelCount[static_cast<std::size_t>(facts.channel()) & 3U]);
    const OnlineLevel level = facts.online_level();
    if (level != OnlineLevel::unknown) {
      ++counts.new_online_level_known;
      if (level == OnlineLevel::full) ++counts.new_full_online;
    }
    add_known(facts.digitised_dossier(), counts.digitised_dossier_yes,
              counts.digitised_dossier_known);
    add_known(facts.reused_data(), counts.reused_data_yes, counts.reused_data_known);
    if (facts.fee_required() == TriState::yes) {
      ++counts.fee_required_yes;
      add_known(facts.paid_online(), counts.paid_online_yes, counts.paid_online_known);
    }
  }
  if (outcome == Outcome::not_in_period) return;
  // Indexed rather than switched: early / on time / late alternate unpredictably.
  using OutcomeField = typename Counts::count Counts::*;
  static constexpr OutcomeField kOutcomeCount[] = {
      &Counts::not_in_period_received_after,  // not_in_period: returned above
      &Counts::resolved_early,
      &Counts::resolved_on_time,
      &Counts::resolved_late,
      &Counts::pending_within,
      &Counts::pending_overdue,
      &Counts::refused,
      &Counts::withdrawn};
  ++(counts.*kOutcomeCount[static_cast<std::size_t>(outcome) & 7U]);
  if (outcome != Outcome::early && outcome != Outcome::on_time && outcome != Outcome::late) {
    return;
  }
  // Resolved in the window (early, on time or late): the facts about the result.
  add_known(facts.digitised_result(), counts.digitised_result_yes, counts.digitised_result_known);
  add_known(facts.electronic_result(), counts.electronic_result_yes,
            counts.electronic_result_known);
  if (const std::uint8_t rating = facts.satisfaction(); rating != 0) {
    ++counts.rated;
    if (rating >= kSatisfiedRating) ++counts.satisfied;
    if (rating >= kVerySatisfiedRating) ++counts.very_satisfied;
  }
}

/// Adds one classified dossier of `batch` to `counts`.
void accumulate(IndicatorCounts& counts, const DossierBatch& batch, std::size_t row,
                const Classification& classification);

/// Counts every row of `batch` in the window.
IndicatorCounts count(const DossierBatch& batch, const calendar::DataRange& window,
                      const ClassifyOptions& options = {});

/// count() of an ingestion's batch with its rejected rows in rows_rejected.
IndicatorCounts count(const IngestResult& ingested, const calendar::DataRange& window,
                      const ClassifyOptions& options = {});

/// What grouped counts are keyed by.
enum class GroupBy : std::uint8_t { unit, field, procedure, channel };

/// The value of `row` in the grouping column: the unit name, field, procedure code or the
/// channel's key ("online", …). The view is valid as long as `batch`.
[[nodiscard]] std::string_view group_value(const DossierBatch& batch, std::size_t row,
                                           GroupBy group);

/// Counts per group (a unit name, field, procedure code or channel key). Summing the groups
/// gives count(batch, window).
std::map<std::string, IndicatorCounts> count_by(const DossierBatch& batch,
                                                const calendar::DataRange& window, GroupBy group,
                                                const ClassifyOptions& options = {});

/// Counts per reporting period of `kind` over the periods overlapping [first, last], each with
/// its own data range under `rule`. A dossier may be counted in several periods (it is
/// carried over): periods are not to be summed.
std::map<calendar::Period, IndicatorCounts> count_by_period(
    const DossierBatch& batch, calendar::Date first, calendar::Date last, calendar::PeriodKind kind,
    const calendar::CutoffRule& rule, const ClassifyOptions& options = {});

// The indicators. Each is documented with its formula in indicator_definitions().
Ratio on_time_rate(const IndicatorCounts& counts) noexcept;
Ratio early_rate(const IndicatorCounts& counts) noexcept;
Ratio late_rate(const IndicatorCounts& counts) noexcept;
Ratio pending_overdue_rate(const IndicatorCounts& counts) noexcept;
Ratio online_filing_rate(const IndicatorCounts& counts) noexcept;
Ratio full_online_share(const IndicatorCounts& counts) noexcept;
Ratio digitised_dossier_rate(const IndicatorCounts& counts) noexcept;
Ratio digitised_result_rate(const IndicatorCounts& counts) noexcept;
Ratio electronic_result_rate(const IndicatorCounts& counts) noexcept;
Ratio online_payment_rate(const IndicatorCounts& counts) noexcept;
Ratio satisfaction_rate(const IndicatorCounts& counts) noexcept;
Ratio very_satisfied_rate(const IndicatorCounts& counts) noexcept;
Ratio reuse_rate(const IndicatorCounts& counts) noexcept;

/// One indicator: one meaning, one place, for the C++, Python, CLI and report layers.
struct IndicatorDefinition {
  std::string_view key;      // stable key: "on_time_rate"
  std::string_view name_vi;  // as Vietnamese reports name it
  std::string_view name_en;
  std::string_view formula;      // "(early + on_time) / resolved"
  std::string_view numerator;    // what the numerator counts
  std::string_view denominator;  // what the denominator counts
  Ratio (*compute)(const IndicatorCounts&) noexcept;
};

/// Every indicator, in report order.
std::span<const IndicatorDefinition> indicator_definitions() noexcept;
/// The definition of `key`, nullptr when there is none.
const IndicatorDefinition* find_indicator(std::string_view key) noexcept;

/// Decision 766 items as the National Public Service Portal defines them, computed from the
/// same counts ("portal766_…" keys). They differ from the engine's indicators of the same name
/// in their denominators: the portal divides by every dossier received (unknowns count as
/// "no"), and counts dossiers still in progress within time as on time. The engine's own
/// indicators stay beside them. Definitions: docs/score/portal766.md, "From a dossier export".
std::span<const IndicatorDefinition> portal766_indicator_definitions() noexcept;

}  // namespace cchc::dossier
