#include "cchc/dossier/indicators.hpp"

#include <array>

namespace cchc::dossier {
namespace {

void add_known(TriState value, IndicatorCounts::count& yes, IndicatorCounts::count& known) {
  if (value == TriState::missing) return;
  ++known;
  if (value == TriState::yes) ++yes;
}

}  // namespace

std::string_view group_value(const DossierBatch& batch, std::size_t row, GroupBy group) {
  switch (group) {
    case GroupBy::unit:
      return batch.unit[row];
    case GroupBy::field:
      return batch.field[row];
    case GroupBy::procedure:
      return batch.procedure[row];
    case GroupBy::channel:
      break;
  }
  return channel_key(batch.channel[row]);
}

IndicatorCounts& IndicatorCounts::operator+=(const IndicatorCounts& other) noexcept {
  received_new += other.received_new;
  received_carried_over += other.received_carried_over;
  resolved_early += other.resolved_early;
  resolved_on_time += other.resolved_on_time;
  resolved_late += other.resolved_late;
  pending_within += other.pending_within;
  pending_overdue += other.pending_overdue;
  refused += other.refused;
  withdrawn += other.withdrawn;
  not_in_period_received_after += other.not_in_period_received_after;
  not_in_period_closed_before += other.not_in_period_closed_before;
  new_online += other.new_online;
  new_in_person += other.new_in_person;
  new_postal += other.new_postal;
  new_channel_unknown += other.new_channel_unknown;
  new_full_online += other.new_full_online;
  new_online_level_known += other.new_online_level_known;
  digitised_dossier_yes += other.digitised_dossier_yes;
  digitised_dossier_known += other.digitised_dossier_known;
  reused_data_yes += other.reused_data_yes;
  reused_data_known += other.reused_data_known;
  fee_required_yes += other.fee_required_yes;
  paid_online_yes += other.paid_online_yes;
  paid_online_known += other.paid_online_known;
  digitised_result_yes += other.digitised_result_yes;
  digitised_result_known += other.digitised_result_known;
  electronic_result_yes += other.electronic_result_yes;
  electronic_result_known += other.electronic_result_known;
  satisfied += other.satisfied;
  very_satisfied += other.very_satisfied;
  rated += other.rated;
  rows_rejected += other.rows_rejected;
  return *this;
}

void accumulate(IndicatorCounts& counts, const DossierBatch& batch, std::size_t row,
                const Classification& classification) {
  switch (classification.out_of_period) {
    case OutOfPeriod::received_after_cutoff:
      ++counts.not_in_period_received_after;
      return;
    case OutOfPeriod::closed_before_window:
      ++counts.not_in_period_closed_before;
      return;
    case OutOfPeriod::none:
      break;
  }

  if (classification.intake == Intake::carried_over) {
    ++counts.received_carried_over;
  } else {
    // Filing facts belong to the period the dossier was filed in, so that a dossier carried
    // over several periods is counted for them once.
    ++counts.received_new;
    switch (batch.channel[row]) {
      case Channel::online:
        ++counts.new_online;
        break;
      case Channel::in_person:
        ++counts.new_in_person;
        break;
      case Channel::postal:
        ++counts.new_postal;
        break;
      case Channel::unknown:
        ++counts.new_channel_unknown;
        break;
    }
    if (batch.online_level[row] != OnlineLevel::unknown) {
      ++counts.new_online_level_known;
      if (batch.online_level[row] == OnlineLevel::full) ++counts.new_full_online;
    }
    add_known(batch.digitised_dossier[row], counts.digitised_dossier_yes,
              counts.digitised_dossier_known);
    add_known(batch.reused_data[row], counts.reused_data_yes, counts.reused_data_known);
    if (batch.fee_required[row] == TriState::yes) {
      ++counts.fee_required_yes;
      add_known(batch.paid_online[row], counts.paid_online_yes, counts.paid_online_known);
    }
  }

  switch (classification.outcome) {
    case Outcome::early:
      ++counts.resolved_early;
      break;
    case Outcome::on_time:
      ++counts.resolved_on_time;
      break;
    case Outcome::late:
      ++counts.resolved_late;
      break;
    case Outcome::pending_within:
      ++counts.pending_within;
      break;
    case Outcome::pending_overdue:
      ++counts.pending_overdue;
      break;
    case Outcome::refused:
      ++counts.refused;
      break;
    case Outcome::withdrawn:
      ++counts.withdrawn;
      break;
    case Outcome::not_in_period:
      break;
  }
  if (classification.resolved_in_window()) {
    add_known(batch.digitised_result[row], counts.digitised_result_yes,
              counts.digitised_result_known);
    add_known(batch.electronic_result[row], counts.electronic_result_yes,
              counts.electronic_result_known);
    if (const auto rating = batch.satisfaction[row]) {
      ++counts.rated;
      if (*rating >= kSatisfiedRating) ++counts.satisfied;
      if (*rating >= kVerySatisfiedRating) ++counts.very_satisfied;
    }
  }
}

IndicatorCounts count(const DossierBatch& batch, const calendar::DataRange& window,
                      const ClassifyOptions& options) {
  IndicatorCounts counts;
  for (std::size_t row = 0; row < batch.size(); ++row) {
    accumulate(counts, batch, row, classify(batch, row, window, options));
  }
  return counts;
}

IndicatorCounts count(const IngestResult& ingested, const calendar::DataRange& window,
                      const ClassifyOptions& options) {
  IndicatorCounts counts = count(ingested.batch, window, options);
  counts.rows_rejected = static_cast<IndicatorCounts::count>(ingested.rejected.size());
  return counts;
}

std::map<std::string, IndicatorCounts> count_by(const DossierBatch& batch,
                                                const calendar::DataRange& window, GroupBy group,
                                                const ClassifyOptions& options) {
  std::map<std::string, IndicatorCounts> groups;
  for (std::size_t row = 0; row < batch.size(); ++row) {
    accumulate(groups[std::string(group_value(batch, row, group))], batch, row,
               classify(batch, row, window, options));
  }
  return groups;
}

std::map<calendar::Period, IndicatorCounts> count_by_period(
    const DossierBatch& batch, calendar::Date first, calendar::Date last, calendar::PeriodKind kind,
    const calendar::CutoffRule& rule, const ClassifyOptions& options) {
  std::map<calendar::Period, IndicatorCounts> periods;
  for (const calendar::Period& period : calendar::periods_between(first, last, kind, rule)) {
    periods.emplace(period, count(batch, calendar::data_range(period, rule), options));
  }
  return periods;
}

Ratio on_time_rate(const IndicatorCounts& c) noexcept {
  return {c.resolved_early + c.resolved_on_time, c.resolved()};
}
Ratio early_rate(const IndicatorCounts& c) noexcept {
  return {c.resolved_early, c.resolved()};
}
Ratio late_rate(const IndicatorCounts& c) noexcept {
  return {c.resolved_late, c.resolved()};
}
Ratio pending_overdue_rate(const IndicatorCounts& c) noexcept {
  return {c.pending_overdue, c.pending()};
}
Ratio online_filing_rate(const IndicatorCounts& c) noexcept {
  return {c.new_online, c.received_new - c.new_channel_unknown};
}
Ratio full_online_share(const IndicatorCounts& c) noexcept {
  return {c.new_full_online, c.new_online_level_known};
}
Ratio digitised_dossier_rate(const IndicatorCounts& c) noexcept {
  return {c.digitised_dossier_yes, c.digitised_dossier_known};
}
Ratio digitised_result_rate(const IndicatorCounts& c) noexcept {
  return {c.digitised_result_yes, c.digitised_result_known};
}
Ratio electronic_result_rate(const IndicatorCounts& c) noexcept {
  return {c.electronic_result_yes, c.electronic_result_known};
}
Ratio online_payment_rate(const IndicatorCounts& c) noexcept {
  return {c.paid_online_yes, c.paid_online_known};
}
Ratio satisfaction_rate(const IndicatorCounts& c) noexcept {
  return {c.satisfied, c.rated};
}
Ratio very_satisfied_rate(const IndicatorCounts& c) noexcept {
  return {c.very_satisfied, c.rated};
}
Ratio reuse_rate(const IndicatorCounts& c) noexcept {
  return {c.reused_data_yes, c.reused_data_known};
}

namespace {
constexpr std::array<IndicatorDefinition, 13> kDefinitions{{
    {"on_time_rate", "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn",
     "Share of dossiers resolved early or on time", "(early + on_time) / resolved",
     "dossiers resolved in the window on or before their due date",
     "dossiers resolved in the window (early + on_time + late)", &on_time_rate},
    {"early_rate", "Tỷ lệ hồ sơ giải quyết trước hạn", "Share of dossiers resolved early",
     "early / resolved", "dossiers resolved in the window before their due date",
     "dossiers resolved in the window", &early_rate},
    {"late_rate", "Tỷ lệ hồ sơ giải quyết quá hạn", "Share of dossiers resolved late",
     "late / resolved", "dossiers resolved in the window after their due date",
     "dossiers resolved in the window", &late_rate},
    {"pending_overdue_rate", "Tỷ lệ hồ sơ đang giải quyết quá hạn",
     "Share of pending dossiers past their due date", "pending_overdue / pending",
     "dossiers open at the cut-off whose due date is before the cut-off",
     "dossiers open at the cut-off", &pending_overdue_rate},
    {"online_filing_rate", "Tỷ lệ hồ sơ tiếp nhận trực tuyến", "Share of dossiers filed online",
     "new_online / (received_new - new_channel_unknown)", "new dossiers filed online",
     "new dossiers whose channel is known", &online_filing_rate},
    {"full_online_share", "Tỷ lệ hồ sơ trực tuyến toàn trình",
     "Share of dossiers through a fully online service", "new_full_online / new_online_level_known",
     "new dossiers filed through a fully online (toàn trình) service",
     "new dossiers whose online service level is known", &full_online_share},
    {"digitised_dossier_rate", "Tỷ lệ số hóa hồ sơ", "Share of dossiers digitised",
     "digitised_dossier_yes / digitised_dossier_known", "new dossiers digitised",
     "new dossiers whose digitisation is known", &digitised_dossier_rate},
    {"digitised_result_rate", "Tỷ lệ số hóa kết quả giải quyết TTHC", "Share of results digitised",
     "digitised_result_yes / digitised_result_known",
     "dossiers resolved in the window with a digitised result",
     "dossiers resolved in the window whose result digitisation is known", &digitised_result_rate},
    {"electronic_result_rate", "Tỷ lệ cấp kết quả giải quyết TTHC điện tử",
     "Share of results issued electronically", "electronic_result_yes / electronic_result_known",
     "dossiers resolved in the window with an electronic result",
     "dossiers resolved in the window whose result form is known", &electronic_result_rate},
    {"online_payment_rate", "Tỷ lệ thanh toán trực tuyến", "Share of fees paid online",
     "paid_online_yes / paid_online_known", "fee-bearing new dossiers paid online",
     "fee-bearing new dossiers whose payment channel is known", &online_payment_rate},
    {"satisfaction_rate", "Mức độ hài lòng", "Share of satisfied ratings", "satisfied / rated",
     "ratings 4 or 5 of dossiers resolved in the window", "rated dossiers resolved in the window",
     &satisfaction_rate},
    {"very_satisfied_rate", "Mức độ rất hài lòng", "Share of very satisfied ratings",
     "very_satisfied / rated", "ratings 5 of dossiers resolved in the window",
     "rated dossiers resolved in the window", &very_satisfied_rate},
    {"reuse_rate", "Tỷ lệ tái sử dụng dữ liệu số hóa", "Share of dossiers reusing digitised data",
     "reused_data_yes / reused_data_known", "new dossiers that reused digitised data",
     "new dossiers whose reuse is known", &reuse_rate},
}};
}  // namespace

std::span<const IndicatorDefinition> indicator_definitions() noexcept {
  return kDefinitions;
}

const IndicatorDefinition* find_indicator(std::string_view key) noexcept {
  for (const IndicatorDefinition& definition : kDefinitions) {
    if (definition.key == key) return &definition;
  }
  return nullptr;
}

}  // namespace cchc::dossier
