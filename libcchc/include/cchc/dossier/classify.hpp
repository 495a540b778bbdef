// Classification of a dossier against a reporting window [first, last] (the period's data
// range; `last` is the cut-off): new or carried over, and early / on time / late, pending
// within or past its due date at the cut-off, refused or withdrawn — or not in the period at
// all. The rules and their sources are in docs/dossier/indicators.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "cchc/calendar/period.hpp"
#include "cchc/dossier/record.hpp"

namespace cchc::dossier {

/// Which date finishes a dossier for timeliness. calendar.md §4: early / on time / late compare
/// "the result date with the appointed date (ngày hẹn trả kết quả)". The default takes the day
/// the result was issued (`resolved`): the body controls it, while the day the applicant comes
/// for the result does not measure the body. `returned` is for bodies that report on hand-over.
/// Either falls back on the other date when its own is missing.
enum class CompletionBasis : std::uint8_t { resolved, returned };

struct ClassifyOptions {
  CompletionBasis completion = CompletionBasis::resolved;
};

/// How the dossier enters the window.
enum class Intake : std::uint8_t {
  not_in_period,  // received after the cut-off, or closed before the window started
  new_in_period,  // received within the window (mới tiếp nhận trong kỳ)
  carried_over,  // received before the window, still open at its start (kỳ trước chuyển qua)
};

/// Where the dossier stands at the end of the window.
enum class Outcome : std::uint8_t {
  not_in_period,
  early,            // closed with a result before the due date (trước hạn)
  on_time,          // on the due date (đúng hạn)
  late,             // after it (quá hạn)
  pending_within,   // open at the cut-off, the cut-off not past the due date (trong hạn)
  pending_overdue,  // open at the cut-off, past the due date (quá hạn)
  refused,          // closed without a result within the window
  withdrawn,
};

/// Why a dossier is not in the period (none when it is).
enum class OutOfPeriod : std::uint8_t { none, received_after_cutoff, closed_before_window };

struct Classification {
  Intake intake = Intake::not_in_period;
  Outcome outcome = Outcome::not_in_period;
  OutOfPeriod out_of_period = OutOfPeriod::none;

  [[nodiscard]] bool in_period() const noexcept { return intake != Intake::not_in_period; }
  [[nodiscard]] bool resolved_in_window() const noexcept {
    return outcome == Outcome::early || outcome == Outcome::on_time || outcome == Outcome::late;
  }
  [[nodiscard]] bool pending_at_cutoff() const noexcept {
    return outcome == Outcome::pending_within || outcome == Outcome::pending_overdue;
  }
};

std::string_view intake_key(Intake intake) noexcept;
std::string_view outcome_key(Outcome outcome) noexcept;
std::string_view out_of_period_key(OutOfPeriod reason) noexcept;

/// The date that closes the dossier under `options`, std::nullopt while it is open.
[[nodiscard]] inline std::optional<Date> completion_date(std::optional<Date> resolved,
                                                         std::optional<Date> returned,
                                                         const ClassifyOptions& options = {}) {
  if (options.completion == CompletionBasis::returned) return returned ? returned : resolved;
  return resolved ? resolved : returned;
}

/// Early / on time / late of a dossier closed on `completed` with appointment `due`: calendar
/// days are compared, so a result on the due day is on time whatever the hour.
[[nodiscard]] constexpr Outcome timeliness(Date completed, Date due) noexcept {
  if (completed < due) return Outcome::early;
  if (completed == due) return Outcome::on_time;
  return Outcome::late;
}

/// Classifies one dossier. `due` is its appointment date (see ingest()); the status decides
/// only what a dossier closed inside the window became (resolved, refused, withdrawn).
[[nodiscard]] inline Classification classify(Date received, Date due, Status status,
                                             std::optional<Date> resolved,
                                             std::optional<Date> returned,
                                             const calendar::DataRange& window,
                                             const ClassifyOptions& options = {}) {
  Classification result;
  if (received > window.last) {
    result.out_of_period = OutOfPeriod::received_after_cutoff;
    return result;
  }
  const std::optional<Date> completed = completion_date(resolved, returned, options);
  if (completed && *completed < window.first) {
    result.out_of_period = OutOfPeriod::closed_before_window;
    return result;
  }
  result.intake = received < window.first ? Intake::carried_over : Intake::new_in_period;
  if (completed && *completed <= window.last) {
    switch (status) {
      case Status::refused:
        result.outcome = Outcome::refused;
        break;
      case Status::withdrawn:
        result.outcome = Outcome::withdrawn;
        break;
      case Status::resolved:
      case Status::pending:  // validated rows never have a pending status with a date
        result.outcome = timeliness(*completed, due);
        break;
    }
    return result;
  }
  result.outcome = window.last > due ? Outcome::pending_overdue : Outcome::pending_within;
  return result;
}

[[nodiscard]] inline Classification classify(const DossierBatch& batch, std::size_t row,
                                             const calendar::DataRange& window,
                                             const ClassifyOptions& options = {}) {
  return classify(batch.received[row], batch.due[row], batch.status[row], batch.resolved[row],
                  batch.returned[row], window, options);
}

}  // namespace cchc::dossier
