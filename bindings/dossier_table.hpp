// The Python face of accepted dossiers (cchc._core.dossier.Table) and the due-date options,
// shared by the bindings that produce one: ingestion of columns (dossier.cpp) and the file
// readers (io.cpp).
#pragma once

#include <pybind11/pybind11.h>

#include <optional>
#include <string>

#include "cchc/calendar/due_date.hpp"
#include "cchc/dossier/columns.hpp"

// The validated columns and the rows rejected.
struct NativeTable {
  cchc::dossier::TableIngest ingested;
};

// The due-date rule of the Python keyword arguments afternoon_cutoff_hour and pause_rule.
inline cchc::calendar::DueDateRule due_date_rule(std::optional<int> afternoon_cutoff_hour,
                                                 const std::string& pause_rule) {
  cchc::calendar::DueDateRule rule;
  rule.afternoon_cutoff_hour = afternoon_cutoff_hour;
  if (pause_rule == "restart") {
    rule.pause_rule = cchc::calendar::PauseRule::restart;
  } else if (pause_rule != "extend") {
    throw pybind11::value_error("pause_rule must be 'extend' or 'restart', not '" + pause_rule +
                                "'");
  }
  return rule;
}
