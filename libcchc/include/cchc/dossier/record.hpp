// Dossier records (hồ sơ): what one application for one administrative procedure carries
// through the one-stop desk, as a row struct for convenience and a columnar batch for the hot
// path. The schema, each field's meaning and every validation rule are in
// docs/dossier/indicators.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cchc/calendar/date.hpp"
#include "cchc/calendar/due_date.hpp"
#include "cchc/calendar/work_calendar.hpp"
#include "cchc/error.hpp"

namespace cchc::dossier {

using calendar::Date;

/// How the dossier was filed (trực tuyến / trực tiếp / dịch vụ bưu chính).
enum class Channel : std::uint8_t { unknown, online, in_person, postal };

/// The level of the online public service the dossier went through: toàn trình (full),
/// một phần (partial) or none (not an online service). unknown is missing, not none.
enum class OnlineLevel : std::uint8_t { unknown, none, partial, full };

/// Where the dossier stood when the data was extracted. Classification at a cut-off uses the
/// dates, not this status: a dossier resolved after the cut-off is pending at the cut-off.
enum class Status : std::uint8_t {
  pending,    // đang giải quyết
  resolved,   // đã giải quyết, a result was issued
  refused,    // từ chối giải quyết (closed without a result, with a written refusal)
  withdrawn,  // the applicant withdrew the dossier (rút hồ sơ)
};

/// A yes/no fact that an export may lack. missing is never read as no: indicators leave
/// missing rows out of both the numerator and the denominator.
enum class TriState : std::int8_t { missing = -1, no = 0, yes = 1 };

/// Satisfaction on the 5-point SIPAS scale: 1 very dissatisfied … 3 neutral, 4 satisfied,
/// 5 very satisfied. A source with only satisfied yes/no maps yes to 4 and no to 2.
inline constexpr std::uint8_t kSatisfiedRating = 4;
inline constexpr std::uint8_t kVerySatisfiedRating = 5;

/// Stable keys for files and Python ("online", "in_person", …) and their inverses
/// (std::nullopt for an unknown key).
std::string_view channel_key(Channel channel) noexcept;
std::optional<Channel> channel_from_key(std::string_view key) noexcept;
std::string_view online_level_key(OnlineLevel level) noexcept;
std::optional<OnlineLevel> online_level_from_key(std::string_view key) noexcept;
std::string_view status_key(Status status) noexcept;
std::optional<Status> status_from_key(std::string_view key) noexcept;
std::string_view tri_state_key(TriState value) noexcept;  // "yes", "no", "missing"

/// One dossier as an export row. Dates are calendar days; `resolved` is the day the dossier
/// was closed (the result issued, the refusal signed or the withdrawal accepted).
struct DossierRecord {
  std::string id;
  std::string unit;       // the receiving or resolving body (đơn vị)
  std::string field;      // lĩnh vực
  std::string procedure;  // procedure code (mã TTHC)
  Channel channel = Channel::unknown;
  OnlineLevel online_level = OnlineLevel::unknown;
  Status status = Status::pending;

  Date received;
  std::optional<int> received_hour;  // 0–23, for DueDateRule::afternoon_cutoff_hour
  /// The appointment date (ngày hẹn trả kết quả). When absent it is computed from
  /// `processing_days` with calendar::due_date. When present it is taken as is: the system's
  /// appointment already includes pauses and re-appointments.
  std::optional<Date> due;
  std::optional<std::int32_t> processing_days;  // the procedure's prescribed working days
  std::vector<calendar::Pause> pauses;
  std::optional<Date> resolved;
  std::optional<Date> returned;  // the result handed to the applicant

  TriState digitised_dossier = TriState::missing;
  TriState digitised_result = TriState::missing;
  TriState electronic_result = TriState::missing;
  TriState fee_required = TriState::missing;
  TriState paid_online = TriState::missing;
  TriState reused_data = TriState::missing;
  std::optional<std::uint8_t> satisfaction;  // 1–5
};

/// Why a row was rejected as a stable code with named arguments (docs/i18n.md), so that a
/// presentation layer writes the reason in its own language instead of reading the English
/// back. Arguments are text, as the English reason shows them (dates dd/mm/yyyy, integers).
struct RejectionCode {
  std::string_view code;  // a code of rejection_templates(); empty: the English reason only
  std::vector<std::pair<std::string_view, std::string>> arguments;
  friend bool operator==(const RejectionCode&, const RejectionCode&) = default;
};

/// Every rejection code with its English template, whose {name} fields are the arguments:
/// ("row.due_before_received", "due {due} is before received {received}").
[[nodiscard]] const std::vector<std::pair<std::string_view, std::string_view>>&
rejection_templates() noexcept;

/// The English reason of `code`: its template with each {name} replaced by the argument. An
/// unknown code throws cchc::Error.
[[nodiscard]] std::string english(const RejectionCode& code);

/// A ParseError whose reason is english(code), carrying the code and its arguments.
[[nodiscard]] ParseError coded_parse_error(std::string source, std::size_t line,
                                           std::string field, const RejectionCode& code);

struct RejectedRow;
/// The ParseError of a fail-fast read for `row` at `line`: its field and reason, and its code
/// when it has one.
[[nodiscard]] ParseError rejected_row_error(std::string source, std::size_t line,
                                            const RejectedRow& row);

/// Why a row was not accepted: the row (0-based position in the input), its id, the field and
/// the reason, so that the message alone is enough to fix the input. `reason` is English (stable
/// for programs); `code`, when not empty, is the same reason as a code with arguments.
struct RejectedRow {
  std::size_t row = 0;
  std::string id;
  std::string field;
  std::string reason;
  RejectionCode code{};

  [[nodiscard]] std::string message() const;
};

/// Accepted dossiers as columns (struct of vectors). Every column has size(); `due` is always
/// set: computed at ingestion when the row had none.
struct DossierBatch {
  std::vector<std::string> id;
  std::vector<std::string> unit;
  std::vector<std::string> field;
  std::vector<std::string> procedure;
  std::vector<Channel> channel;
  std::vector<OnlineLevel> online_level;
  std::vector<Status> status;
  std::vector<Date> received;
  std::vector<Date> due;
  std::vector<std::optional<Date>> resolved;
  std::vector<std::optional<Date>> returned;
  std::vector<TriState> digitised_dossier;
  std::vector<TriState> digitised_result;
  std::vector<TriState> electronic_result;
  std::vector<TriState> fee_required;
  std::vector<TriState> paid_online;
  std::vector<TriState> reused_data;
  std::vector<std::optional<std::uint8_t>> satisfaction;

  [[nodiscard]] std::size_t size() const noexcept { return id.size(); }
  [[nodiscard]] bool empty() const noexcept { return id.empty(); }
  void reserve(std::size_t rows);
  /// Appends a row whose due date is already known (validated rows only: see ingest()).
  void push_back(const DossierRecord& record, Date due_date);
  /// Row `index` back as a record (due set, processing days and pauses absent).
  [[nodiscard]] DossierRecord row(std::size_t index) const;
};

/// The plain values the row rules read: every rule of validate() but the pauses one. Both the
/// row validator (validate) and the columnar one (columns.hpp) fill it and call
/// first_broken_rule, so each rule has one definition.
struct RowValues {
  Date received;
  std::optional<Date> due;
  std::optional<Date> resolved;
  std::optional<Date> returned;
  std::optional<std::int64_t> processing_days;
  std::optional<std::int64_t> received_hour;
  std::optional<std::int64_t> satisfaction;
  Status status = Status::pending;
};

/// The rules, in the order they are checked; none when every rule holds.
enum class RowRule : std::uint8_t {
  none,
  received_hour_range,        // 0–23
  processing_days_negative,   // ≥ 0
  processing_days_too_large,  // ≤ kMaxProcessingDays
  no_due_nor_processing_days,
  due_before_received,
  resolved_before_received,
  returned_before_received,
  returned_before_resolved,
  pending_with_closing_date,
  resolved_without_date,
  closed_without_date,  // refused or withdrawn without a closing date
  satisfaction_range,   // 1–5
};

/// Prescribed processing times above this are input errors (no procedure takes 400 years).
inline constexpr std::int64_t kMaxProcessingDays = 100000;

/// The first rule `v` breaks (RowRule::none when valid). Inline: the columnar validator runs
/// it once per row, and the message is only built for rows that break a rule.
[[nodiscard]] inline RowRule first_broken_rule(const RowValues& v) noexcept {
  if (v.received_hour && (*v.received_hour < 0 || *v.received_hour > 23)) {
    return RowRule::received_hour_range;
  }
  if (v.processing_days && *v.processing_days < 0) return RowRule::processing_days_negative;
  if (v.processing_days && *v.processing_days > kMaxProcessingDays) {
    return RowRule::processing_days_too_large;
  }
  if (!v.due && !v.processing_days) return RowRule::no_due_nor_processing_days;
  if (v.due && *v.due < v.received) return RowRule::due_before_received;
  if (v.resolved && *v.resolved < v.received) return RowRule::resolved_before_received;
  if (v.returned && *v.returned < v.received) return RowRule::returned_before_received;
  if (v.returned && v.resolved && *v.returned < *v.resolved) {
    return RowRule::returned_before_resolved;
  }
  if (v.status == Status::pending && (v.resolved || v.returned)) {
    return RowRule::pending_with_closing_date;
  }
  if (v.status == Status::resolved && !v.resolved && !v.returned) {
    return RowRule::resolved_without_date;
  }
  if ((v.status == Status::refused || v.status == Status::withdrawn) && !v.resolved) {
    return RowRule::closed_without_date;
  }
  if (v.satisfaction && (*v.satisfaction < 1 || *v.satisfaction > 5)) {
    return RowRule::satisfaction_range;
  }
  return RowRule::none;
}

/// The field a broken rule names and the reason, with the row's values in it, in English and
/// as a code.
struct RuleViolation {
  std::string field;
  std::string reason;
  RejectionCode code{};
};
RuleViolation describe_rule(RowRule rule, const RowValues& values);

/// The problem with a record (id, field, reason; row 0, which ingest() sets), or std::nullopt
/// when it is valid. Checks:
/// resolved/returned not before received, returned not before resolved, due not before
/// received, processing days 0–kMaxProcessingDays, a due date or processing days for every dossier,
/// a closing date for resolved/refused/withdrawn and none for pending, pauses in order, hour 0–23,
/// satisfaction 1–5.
std::optional<RejectedRow> validate(const DossierRecord& record);

/// Rows in, rows accepted, rows rejected: rows_in == batch.size() + rejected.size() always.
struct IngestResult {
  DossierBatch batch;
  std::vector<RejectedRow> rejected;
  std::size_t rows_in = 0;
};

/// Validates every record, computes missing due dates with calendar::due_date (a due date the
/// calendar cannot compute rejects the row naming the reason) and returns the accepted rows
/// as a batch together with every rejected row.
IngestResult ingest(std::span<const DossierRecord> records, const calendar::WorkCalendar& calendar,
                    const calendar::DueDateRule& rule = {});

}  // namespace cchc::dossier
