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
#include <vector>

#include "cchc/calendar/date.hpp"
#include "cchc/calendar/due_date.hpp"
#include "cchc/calendar/work_calendar.hpp"

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

/// Why a row was not accepted: the row (0-based position in the input), its id, the field and
/// the reason, so that the message alone is enough to fix the input.
struct RejectedRow {
  std::size_t row = 0;
  std::string id;
  std::string field;
  std::string reason;

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

/// The problem with a record (id, field, reason; row 0, which ingest() sets), or std::nullopt
/// when it is valid. Checks:
/// resolved/returned not before received, returned not before resolved, due not before
/// received, processing days ≥ 0, a due date or processing days for every dossier, a closing
/// date for resolved/refused/withdrawn and none for pending, pauses in order, hour 0–23,
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
