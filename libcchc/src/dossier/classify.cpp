#include "cchc/dossier/classify.hpp"

namespace cchc::dossier {

std::string_view intake_key(Intake intake) noexcept {
  switch (intake) {
    case Intake::new_in_period:
      return "new";
    case Intake::carried_over:
      return "carried_over";
    case Intake::not_in_period:
      break;
  }
  return "not_in_period";
}

std::string_view outcome_key(Outcome outcome) noexcept {
  switch (outcome) {
    case Outcome::early:
      return "early";
    case Outcome::on_time:
      return "on_time";
    case Outcome::late:
      return "late";
    case Outcome::pending_within:
      return "pending_within";
    case Outcome::pending_overdue:
      return "pending_overdue";
    case Outcome::refused:
      return "refused";
    case Outcome::withdrawn:
      return "withdrawn";
    case Outcome::not_in_period:
      break;
  }
  return "not_in_period";
}

std::string_view out_of_period_key(OutOfPeriod reason) noexcept {
  switch (reason) {
    case OutOfPeriod::received_after_cutoff:
      return "received_after_cutoff";
    case OutOfPeriod::closed_before_window:
      return "closed_before_window";
    case OutOfPeriod::none:
      break;
  }
  return "none";
}

}  // namespace cchc::dossier
