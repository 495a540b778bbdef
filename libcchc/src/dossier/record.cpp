#include "cchc/dossier/record.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "cchc/detail/coded_error.hpp"
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

RejectedRow problem(const DossierRecord& record, std::string field, RejectionCode code) {
  std::string reason = english(code);
  return RejectedRow{0, record.id, std::move(field), std::move(reason), std::move(code)};
}

std::string integer(std::int64_t value) {
  return std::to_string(value);
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

const std::vector<std::pair<std::string_view, std::string_view>>& rejection_templates() noexcept {
  // The reasons a row is rejected for (docs/dossier/indicators.md), each as it reads in English;
  // python/cchc/messages.py has the same list, which its catalogs translate.
  static const std::vector<std::pair<std::string_view, std::string_view>> templates{
      {"row.received_hour_range", "hour {hour} is outside 0–23"},
      {"row.processing_days_negative", "negative processing time {days} working days"},
      {"row.processing_days_too_large", "processing time {days} working days is over {max}"},
      {"row.no_due_nor_processing_days",
       "no due date and no prescribed processing days to compute it"},
      {"row.due_before_received", "due {due} is before received {received}"},
      {"row.resolved_before_received", "resolved {resolved} is before received {received}"},
      {"row.returned_before_received", "result returned {returned} is before received {received}"},
      {"row.returned_before_resolved", "result returned {returned} is before resolved {resolved}"},
      {"row.pending_with_closing_date", "status is pending but the dossier has a resolution date"},
      {"row.resolved_without_date", "status is resolved but no resolution date is given"},
      {"row.closed_without_date", "status is {status} but the closing date is not given"},
      {"row.satisfaction_range", "rating {rating} is outside 1–5"},
      {"row.pause_out_of_order",
       "pause {pause} ({requested}–{resumed}) is out of order or starts before received "
       "{received}"},
      {"row.due_not_computable", "cannot compute the due date: {error}"},
      {"row.received_missing", "missing date of receipt"},
      {"row.status_missing", "missing (expected pending, resolved, refused or withdrawn)"},
      // Cells that cannot be read (vocabulary.hpp); {forms} lists the accepted words.
      {"cell.channel_empty", "empty value (expected a channel)"},
      {"cell.channel_unknown",
       "unknown value '{value}' (expected a channel: {forms} (case and diacritics do not "
       "matter))"},
      {"cell.online_level_empty", "empty value (expected an online service level)"},
      {"cell.online_level_unknown",
       "unknown value '{value}' (expected an online service level: {forms} (case and "
       "diacritics do not matter))"},
      {"cell.status_empty", "empty value (expected a status)"},
      {"cell.status_unknown",
       "unknown value '{value}' (expected a status: {forms} (case and diacritics do not "
       "matter))"},
      {"cell.status_missing",
       "missing status (expected e.g. 'Đang giải quyết', 'Đã giải quyết', 'Từ chối', 'Rút hồ "
       "sơ')"},
      {"cell.yes_no_empty", "empty value (expected yes or no)"},
      {"cell.yes_no_unknown",
       "unknown value '{value}' (expected yes or no: {forms} (case and diacritics do not "
       "matter))"},
      {"cell.rating_empty", "empty value (expected a rating 1–5)"},
      {"cell.rating_unknown",
       "unknown value '{value}' (expected a rating 1–5 or: {forms} (case and diacritics do not "
       "matter))"},
      {"cell.working_days",
       "'{value}' is not a number of working days (expected a whole number 0–100000, e.g. '5' "
       "or '5 ngày làm việc')"},
      {"cell.date_empty", "empty date"},
      // Cells of Arrow columns and of the DataFrame path (python/cchc/dossier.py): {value} is
      // the cell as Python writes it (repr), {expected} the accepted keys.
      {"cell.dictionary_index",
       "dictionary index {index} is outside the {size} values of the column's dictionary"},
      {"cell.frame_date", "cannot read {value} as a date"},
      {"cell.frame_number", "{value} is not a number"},
      {"cell.frame_enum", "unknown value '{value}' (expected one of: {expected})"},
      {"cell.frame_yes_no",
       "cannot read {value} as yes/no (expected True/False, 1/0, \"yes\"/\"no\" or missing)"},
      {"cell.date",
       "'{value}' is not a date (expected dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, "
       "yyyy-mm-dd or yyyy/mm/dd, optionally with a time such as 08:30, or an Excel serial day "
       "number)"},
      {"cell.date_excel_serial",
       "'{value}' is not a date (as an Excel serial day number it is outside 1950–2100; "
       "expected dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd or yyyy/mm/dd, "
       "optionally with a time such as 08:30, or an Excel serial day number)"},
      {"cell.date_time_of_day",
       "'{value}' has a time of day that cannot be read (expected 08:30, 08:30:00, 08h30 or "
       "8:30 CH after the date)"},
      {"cell.time_of_day",
       "'{value}' is not a time of day (expected an hour 0–23 such as 8, or 08:30, 08:30:00, "
       "08h30, 2:30 CH)"},
      {"cell.pause_interval",
       "pause {pause} '{item}' is not an interval (expected start..end, e.g. "
       "'02/01/2024..05/01/2024; 01/02/2024..03/02/2024')"},
      {"cell.pause_start",
       "pause {pause} '{item}': its start '{value}' is not a date (expected dd/mm/yyyy or "
       "yyyy-mm-dd)"},
      {"cell.pause_end",
       "pause {pause} '{item}': its end '{value}' is not a date (expected dd/mm/yyyy or "
       "yyyy-mm-dd)"},
      // Arrow date and timestamp values beyond the calendar.
      {"cell.day_not_date", "day {day} is not a date"},
      {"cell.value_not_date", "value {value} is not a date"},
      // Rows the CSV reader cannot split into cells.
      {"row.field_count",
       "the row has {fields} fields, the header has {columns} (a delimiter inside an unquoted "
       "value, or a truncated row?)"},
      {"row.open_quote",
       "the file ends inside a quoted value that started on this line (a missing closing "
       "quote, or a truncated file)"},
      {"row.overlong",
       "the record is longer than {max} bytes (max_record_bytes); skipped whole, its cells "
       "unread"},
      {"row.cut_character",
       "the file ends in the middle of a character: the last {bytes} byte(s) of the file begin "
       "a UTF-8 character that is cut off, so the file was truncated (an interrupted download "
       "or copy?); column {column} ('{header}') of this row cannot be read"},
      {"row.cut_character_past_header",
       "the file ends in the middle of a character: the last {bytes} byte(s) of the file begin "
       "a UTF-8 character that is cut off, so the file was truncated (an interrupted download "
       "or copy?); column {column} (past the header's last column) of this row cannot be read"},
      {"row.duplicate_id", "duplicate dossier id '{id}' (first seen: line {first})"},
      {"row.duplicate_id_row", "duplicate dossier id '{id}' (first seen: row {first})"},
      // Files the dossier readers refuse whole.
      {"file.empty",
       "the file is empty: expected a header row naming the columns (e.g. 'Mã hồ sơ', 'Ngày "
       "tiếp nhận', 'Trạng thái', …)"},
      {"file.utf16",
       "the file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8 (Excel: "
       "'CSV UTF-8'), or convert it with iconv -f UTF-16 -t UTF-8"},
      {"file.nul_byte", "a NUL byte: the file looks like UTF-16 or binary, not UTF-8 text"},
      {"file.not_utf8",
       "invalid UTF-8 (byte {byte} in '{text}'): the file is not UTF-8. Windows-1258 or TCVN3 "
       "(ABC) exports must be converted first, e.g. iconv -f CP1258 -t UTF-8, or saved from "
       "Excel as 'CSV UTF-8'"},
      {"file.header_overlong",
       "cannot read the header: the record is longer than {max} bytes (max_record_bytes)"},
      {"file.header_open_quote",
       "cannot read the header: the file ends inside a quoted value that started on this line "
       "(a missing closing quote, or a truncated file)"},
      {"file.repeated_header",
       "column {column} repeats the header of column {previous} ('{previous_header}', field "
       "'{field}'): which one holds the data?"},
      // {missing}: English descriptions of the fields; {hint}: a note on the delimiter.
      {"file.missing_columns",
       "missing required column{s}: {missing}. Columns found: {found}{hint}"},
  };
  return templates;
}

namespace {

ParseError with_reason_code(ParseError error, const RejectionCode& code) {
  std::vector<std::pair<std::string, std::string>> arguments;
  arguments.reserve(code.arguments.size());
  for (const auto& [name, value] : code.arguments) arguments.emplace_back(name, value);
  error.with_code(std::string(code.code), std::move(arguments));
  return error;
}

}  // namespace

ParseError coded_parse_error(std::string source, std::size_t line, std::string field,
                             const RejectionCode& code) {
  return with_reason_code(ParseError(std::move(source), line, std::move(field), english(code)),
                          code);
}

ParseError rejected_row_error(std::string source, std::size_t line, const RejectedRow& row) {
  ParseError error(std::move(source), line, row.field, row.reason);
  if (row.code.code.empty()) return error;
  return with_reason_code(std::move(error), row.code);
}

std::string english(const RejectionCode& code) {
  const auto& templates = rejection_templates();
  const auto found = std::find_if(templates.begin(), templates.end(),
                                  [&](const auto& entry) { return entry.first == code.code; });
  if (found == templates.end()) {
    throw Error("unknown rejection code '" + std::string(code.code) + "'");
  }
  std::string missing;
  std::string text = cchc::detail::fill_template(found->second, code.arguments, &missing);
  if (!missing.empty()) {
    throw Error("rejection code '" + std::string(code.code) + "' lacks its argument '" + missing +
                "'");
  }
  return text;
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
  const auto violation = [](std::string field, RejectionCode code) {
    std::string reason = english(code);
    return RuleViolation{std::move(field), std::move(reason), std::move(code)};
  };
  switch (rule) {
    case RowRule::received_hour_range:
      return violation("received_hour",
                       {"row.received_hour_range", {{"hour", integer(*v.received_hour)}}});
    case RowRule::processing_days_negative:
      return violation("processing_days", {"row.processing_days_negative",
                                           {{"days", integer(*v.processing_days)}}});
    case RowRule::processing_days_too_large:
      return violation("processing_days",
                       {"row.processing_days_too_large",
                        {{"days", integer(*v.processing_days)}, {"max", integer(kMaxProcessingDays)}}});
    case RowRule::no_due_nor_processing_days:
      return violation("due", {"row.no_due_nor_processing_days", {}});
    case RowRule::due_before_received:
      return violation("due", {"row.due_before_received",
                               {{"due", v.due->vn()}, {"received", received}}});
    case RowRule::resolved_before_received:
      return violation("resolved", {"row.resolved_before_received",
                                    {{"resolved", v.resolved->vn()}, {"received", received}}});
    case RowRule::returned_before_received:
      return violation("returned", {"row.returned_before_received",
                                    {{"returned", v.returned->vn()}, {"received", received}}});
    case RowRule::returned_before_resolved:
      return violation("returned",
                       {"row.returned_before_resolved",
                        {{"returned", v.returned->vn()}, {"resolved", v.resolved->vn()}}});
    case RowRule::pending_with_closing_date:
      return violation("status", {"row.pending_with_closing_date", {}});
    case RowRule::resolved_without_date:
      return violation("resolved", {"row.resolved_without_date", {}});
    case RowRule::closed_without_date:
      return violation("resolved", {"row.closed_without_date",
                                    {{"status", std::string(status_key(v.status))}}});
    case RowRule::satisfaction_range:
      return violation("satisfaction",
                       {"row.satisfaction_range", {{"rating", integer(*v.satisfaction)}}});
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
                       {"row.pause_out_of_order",
                        {{"pause", std::to_string(i + 1)},
                         {"requested", pause.requested.vn()},
                         {"resumed", pause.resumed.vn()},
                         {"received", record.received.vn()}}});
      }
    }
  }
  if (broken == RowRule::none) return std::nullopt;
  RuleViolation violation = describe_rule(broken, values);
  return RejectedRow{0, record.id, std::move(violation.field), std::move(violation.reason),
                     std::move(violation.code)};
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
        rejection = problem(record, "due", {"row.due_not_computable", {{"error", error.what()}}});
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
