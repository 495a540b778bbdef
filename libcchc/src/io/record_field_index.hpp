// Positions of the dossier fields in cchc::dossier::record_fields(), shared by the row reader
// (dossier_table.cpp) and the columnar CSV reader (dossier_csv_columns.cpp), which must agree
// on them.
#pragma once

#include <cstddef>

namespace cchc::io::detail {

enum FieldIndex : std::size_t {
  kId,
  kUnit,
  kField,
  kProcedure,
  kChannel,
  kOnlineLevel,
  kStatus,
  kReceived,
  kReceivedHour,
  kDue,
  kProcessingDays,
  kPauses,
  kResolved,
  kReturned,
  kDigitisedDossier,
  kDigitisedResult,
  kElectronicResult,
  kFeeRequired,
  kPaidOnline,
  kReusedData,
  kSatisfaction,
  kFieldCount,
};

}  // namespace cchc::io::detail
