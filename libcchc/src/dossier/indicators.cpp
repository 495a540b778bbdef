#include "cchc/dossier/indicators.hpp"

#include <array>
#include <vector>

#include "cchc/dossier/columns.hpp"

namespace cchc::dossier {

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

namespace {

// The facts of one row of a DossierBatch, for add_classified.
struct BatchRowFacts {
  const DossierBatch& batch;
  std::size_t row;

  [[nodiscard]] Channel channel() const { return batch.channel[row]; }
  [[nodiscard]] OnlineLevel online_level() const { return batch.online_level[row]; }
  [[nodiscard]] TriState digitised_dossier() const { return batch.digitised_dossier[row]; }
  [[nodiscard]] TriState digitised_result() const { return batch.digitised_result[row]; }
  [[nodiscard]] TriState electronic_result() const { return batch.electronic_result[row]; }
  [[nodiscard]] TriState fee_required() const { return batch.fee_required[row]; }
  [[nodiscard]] TriState paid_online() const { return batch.paid_online[row]; }
  [[nodiscard]] TriState reused_data() const { return batch.reused_data[row]; }
  [[nodiscard]] std::uint8_t satisfaction() const { return batch.satisfaction[row].value_or(0); }
};

}  // namespace

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
  add_classified(counts, classification.intake, classification.outcome, BatchRowFacts{batch, row});
}

IndicatorCounts count(const DossierBatch& batch, const calendar::DataRange& window,
                      const ClassifyOptions& options) {
  GroupedCountsRequest request;
  request.windows = {window};
  request.options = options;
  request.threads = 1;
  const GroupedCounts grouped = count_grouped(to_table(batch), request);
  return grouped.groups() == 0 ? IndicatorCounts{} : grouped.at(0, 0);
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
  GroupedCountsRequest request;
  request.by = {group};
  request.windows = {window};
  request.options = options;
  request.threads = 1;
  const GroupedCounts grouped = count_grouped(to_table(batch), request);
  std::map<std::string, IndicatorCounts> groups;
  for (std::size_t g = 0; g < grouped.groups(); ++g) {
    groups.emplace(std::string(grouped.label(g, 0)), grouped.at(g, 0));
  }
  return groups;
}

std::map<calendar::Period, IndicatorCounts> count_by_period(
    const DossierBatch& batch, calendar::Date first, calendar::Date last, calendar::PeriodKind kind,
    const calendar::CutoffRule& rule, const ClassifyOptions& options) {
  std::map<calendar::Period, IndicatorCounts> periods;
  const std::vector<calendar::Period> between = calendar::periods_between(first, last, kind, rule);
  if (between.empty()) return periods;
  GroupedCountsRequest request;
  for (const calendar::Period& period : between) {
    request.windows.push_back(calendar::data_range(period, rule));
  }
  request.options = options;
  request.threads = 1;
  const GroupedCounts grouped = count_grouped(to_table(batch), request);
  for (std::size_t i = 0; i < between.size(); ++i) {
    periods.emplace(between[i], grouped.groups() == 0 ? IndicatorCounts{} : grouped.at(0, i));
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

namespace {

Ratio portal766_progress_rate(const IndicatorCounts& c) noexcept {
  return {c.resolved_early + c.resolved_on_time + c.pending_within, c.received_total()};
}
Ratio portal766_online_dossier_rate(const IndicatorCounts& c) noexcept {
  return {c.new_online, c.received_new};
}
Ratio portal766_electronic_result_rate(const IndicatorCounts& c) noexcept {
  return {c.electronic_result_yes, c.received_total()};
}
Ratio portal766_digitised_dossier_rate(const IndicatorCounts& c) noexcept {
  return {c.digitised_dossier_yes, c.received_new};
}
Ratio portal766_reuse_rate(const IndicatorCounts& c) noexcept {
  return {c.reused_data_yes, c.received_new};
}
Ratio portal766_paid_online_rate(const IndicatorCounts& c) noexcept {
  return {c.paid_online_yes, c.fee_required_yes};
}

constexpr std::array<IndicatorDefinition, 6> kPortalDefinitions{{
    {"portal766_progress_rate",
     "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn và đang giải quyết trong hạn (cách tính của "
     "Cổng DVC quốc gia, QĐ 766)",
     "On time as the portal counts it (Decision 766 progress group)",
     "(early + on_time + pending_within) / received_total",
     "dossiers resolved early or on time, plus those in progress within their time",
     "every dossier received in the window (new and carried over)", &portal766_progress_rate},
    {"portal766_online_dossier_rate",
     "Tỷ lệ hồ sơ tiếp nhận trực tuyến (cách tính của Cổng DVC quốc gia, QĐ 766)",
     "Dossiers filed online over all new dossiers (Decision 766, ratio C of online services)",
     "new_online / received_new", "new dossiers filed online",
     "every new dossier (an unknown channel counts as not online)",
     &portal766_online_dossier_rate},
    {"portal766_electronic_result_rate",
     "Tỷ lệ hồ sơ có kết quả giải quyết điện tử (cách tính của Cổng DVC quốc gia, QĐ 766)",
     "Electronic results over every dossier received (ORIGINAL_RESULT_AVAILABLE)",
     "electronic_result_yes / received_total",
     "dossiers resolved in the window with an electronic result",
     "every dossier received in the window", &portal766_electronic_result_rate},
    {"portal766_digitised_dossier_rate",
     "Tỷ lệ hồ sơ thực hiện số hóa (cách tính của Cổng DVC quốc gia, QĐ 766)",
     "Digitised dossiers over every new dossier (SO_HOA_GIAY_TO_GIAI_QUYET)",
     "digitised_dossier_yes / received_new", "new dossiers digitised",
     "every new dossier (unknown counts as not digitised)", &portal766_digitised_dossier_rate},
    {"portal766_reuse_rate",
     "Tỷ lệ hồ sơ khai thác, sử dụng lại dữ liệu số hóa (cách tính của Cổng DVC quốc gia, QĐ "
     "766)",
     "Dossiers reusing digitised data over every new dossier (REUSED_DIGITIZED_DATA)",
     "reused_data_yes / received_new", "new dossiers that reused digitised data",
     "every new dossier (unknown counts as no reuse)", &portal766_reuse_rate},
    {"portal766_paid_online_rate",
     "Tỷ lệ hồ sơ thanh toán trực tuyến (cách tính của Cổng DVC quốc gia, QĐ 766)",
     "Fee-bearing dossiers paid online over every fee-bearing dossier (online payment, ratio A)",
     "paid_online_yes / fee_required_yes", "fee-bearing new dossiers paid online",
     "every fee-bearing new dossier (an unknown payment channel counts as not online)",
     &portal766_paid_online_rate},
}};

}  // namespace

std::span<const IndicatorDefinition> portal766_indicator_definitions() noexcept {
  return kPortalDefinitions;
}

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
