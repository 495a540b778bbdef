#include "cchc/dossier/record.hpp"

#include <array>
#include <utility>

#include "cchc/detail/enum_keys.hpp"
#include "cchc/error.hpp"

namespace cchc::dossier {
namespace {

constexpr detail::EnumKeys<Channel, 4> kChannelKeys{{
    {"unknown", Channel::unknown},
    {"online", Channel::online},
    {"in_person", Channel::in_person},
    {"postal", Channel::postal},
}};
constexpr detail::EnumKeys<OnlineLevel, 4> kOnlineLevelKeys{{
    {"unknown", OnlineLevel::unknown},
    {"none", OnlineLevel::none},
    {"partial", OnlineLevel::partial},
    {"full", OnlineLevel::full},
}};
constexpr detail::EnumKeys<Status, 4> kStatusKeys{{
    {"pending", Status::pending},
    {"resolved", Status::resolved},
    {"refused", Status::refused},
    {"withdrawn", Status::withdrawn},
}};

RejectedRow problem(const DossierRecord& record, std::string field, std::string reason) {
  return RejectedRow{0, record.id, std::move(field), std::move(reason)};
}

}  // namespace

std::string_view channel_key(Channel channel) noexcept {
  return detail::enum_key(kChannelKeys, channel, "unknown");
}
std::optional<Channel> channel_from_key(std::string_view key) noexcept {
  return detail::enum_from_key(kChannelKeys, key);
}
std::string_view online_level_key(OnlineLevel level) noexcept {
  return detail::enum_key(kOnlineLevelKeys, level, "unknown");
}
std::optional<OnlineLevel> online_level_from_key(std::string_view key) noexcept {
  return detail::enum_from_key(kOnlineLevelKeys, key);
}
std::string_view status_key(Status status) noexcept {
  return detail::enum_key(kStatusKeys, status, "unknown");
}
std::optional<Status> status_from_key(std::string_view key) noexcept {
  return detail::enum_from_key(kStatusKeys, key);
}
std::string_view tri_state_key(TriState value) noexcept {
  switch (value) {
    case TriState::yes:
      return "yes";
    case TriState::no:
      return "no";
    case TriState::missing:
      break;
  }
  return "missing";
}

std::string RejectedRow::message() const {
  return "row " + std::to_string(row) + " (dossier '" + id + "'): field '" + field + "': " + reason;
}

void DossierBatch::reserve(std::size_t rows) {
  id.reserve(rows);
  unit.reserve(rows);
  field.reserve(rows);
  procedure.reserve(rows);
  channel.reserve(rows);
  online_level.reserve(rows);
  status.reserve(rows);
  received.reserve(rows);
  due.reserve(rows);
  resolved.reserve(rows);
  returned.reserve(rows);
  digitised_dossier.reserve(rows);
  digitised_result.reserve(rows);
  electronic_result.reserve(rows);
  fee_required.reserve(rows);
  paid_online.reserve(rows);
  reused_data.reserve(rows);
  satisfaction.reserve(rows);
}

void DossierBatch::push_back(const DossierRecord& record, Date due_date) {
  id.push_back(record.id);
  unit.push_back(record.unit);
  field.push_back(record.field);
  procedure.push_back(record.procedure);
  channel.push_back(record.channel);
  online_level.push_back(record.online_level);
  status.push_back(record.status);
  received.push_back(record.received);
  due.push_back(due_date);
  resolved.push_back(record.resolved);
  returned.push_back(record.returned);
  digitised_dossier.push_back(record.digitised_dossier);
  digitised_result.push_back(record.digitised_result);
  electronic_result.push_back(record.electronic_result);
  fee_required.push_back(record.fee_required);
  paid_online.push_back(record.paid_online);
  reused_data.push_back(record.reused_data);
  satisfaction.push_back(record.satisfaction);
}

DossierRecord DossierBatch::row(std::size_t index) const {
  DossierRecord record;
  record.id = id.at(index);
  record.unit = unit[index];
  record.field = field[index];
  record.procedure = procedure[index];
  record.channel = channel[index];
  record.online_level = online_level[index];
  record.status = status[index];
  record.received = received[index];
  record.due = due[index];
  record.resolved = resolved[index];
  record.returned = returned[index];
  record.digitised_dossier = digitised_dossier[index];
  record.digitised_result = digitised_result[index];
  record.electronic_result = electronic_result[index];
  record.fee_required = fee_required[index];
  record.paid_online = paid_online[index];
  record.reused_data = reused_data[index];
  record.satisfaction = satisfaction[index];
  return record;
}

RuleViolation describe_rule(RowRule rule, const RowValues& v) {
  const std::string received = v.received.vn();
  switch (rule) {
    case RowRule::received_hour_range:
      return {"received_hour", "hour " + std::to_string(*v.received_hour) + " is outside 0–23"};
    case RowRule::processing_days_negative:
      return {"processing_days",
              "negative processing time " + std::to_string(*v.processing_days) + " working days"};
    case RowRule::processing_days_too_large:
      return {"processing_days", "processing time " + std::to_string(*v.processing_days) +
                                     " working days is over " + std::to_string(kMaxProcessingDays)};
    case RowRule::no_due_nor_processing_days:
      return {"due", "no due date and no prescribed processing days to compute it"};
    case RowRule::due_before_received:
      return {"due", "due " + v.due->vn() + " is before received " + received};
    case RowRule::resolved_before_received:
      return {"resolved", "resolved " + v.resolved->vn() + " is before received " + received};
    case RowRule::returned_before_received:
      return {"returned",
              "result returned " + v.returned->vn() + " is before received " + received};
    case RowRule::returned_before_resolved:
      return {"returned",
              "result returned " + v.returned->vn() + " is before resolved " + v.resolved->vn()};
    case RowRule::pending_with_closing_date:
      return {"status", "status is pending but the dossier has a resolution date"};
    case RowRule::resolved_without_date:
      return {"resolved", "status is resolved but no resolution date is given"};
    case RowRule::closed_without_date:
      return {"resolved", "status is " + std::string(status_key(v.status)) +
                              " but the closing date is not given"};
    case RowRule::satisfaction_range:
      return {"satisfaction", "rating " + std::to_string(*v.satisfaction) + " is outside 1–5"};
    case RowRule::none:
      break;
  }
  return {};
}

std::optional<RejectedRow> validate(const DossierRecord& record) {
  RowValues values;
  values.received = record.received;
  values.due = record.due;
  values.resolved = record.resolved;
  values.returned = record.returned;
  values.processing_days = record.processing_days;
  values.received_hour = record.received_hour;
  if (record.satisfaction) values.satisfaction = *record.satisfaction;
  values.status = record.status;
  const RowRule broken = first_broken_rule(values);
  // The pause rule comes after the status rules and before the satisfaction rule.
  if (broken == RowRule::none || broken == RowRule::satisfaction_range) {
    for (std::size_t i = 0; i < record.pauses.size(); ++i) {
      const auto& pause = record.pauses[i];
      if (pause.resumed < pause.requested || pause.requested < record.received) {
        return problem(record, "pauses",
                       "pause " + std::to_string(i + 1) + " (" + pause.requested.vn() + "–" +
                           pause.resumed.vn() + ") is out of order or starts before received " +
                           record.received.vn());
      }
    }
  }
  if (broken == RowRule::none) return std::nullopt;
  RuleViolation violation = describe_rule(broken, values);
  return problem(record, std::move(violation.field), std::move(violation.reason));
}

IngestResult ingest(std::span<const DossierRecord> records, const calendar::WorkCalendar& calendar,
                    const calendar::DueDateRule& rule) {
  IngestResult result;
  result.rows_in = records.size();
  result.batch.reserve(records.size());
  for (std::size_t row = 0; row < records.size(); ++row) {
    const DossierRecord& record = records[row];
    std::optional<RejectedRow> rejection = validate(record);
    std::optional<Date> due = record.due;
    if (!rejection && !due) {
      try {
        due = calendar::due_date(calendar, record.received, *record.processing_days, record.pauses,
                                 record.received_hour, rule);
      } catch (const Error& error) {
        rejection =
            problem(record, "due", std::string("cannot compute the due date: ") + error.what());
      }
    }
    if (rejection) {
      rejection->row = row;
      result.rejected.push_back(std::move(*rejection));
      continue;
    }
    result.batch.push_back(record, *due);
  }
  return result;
}

}  // namespace cchc::dossier
