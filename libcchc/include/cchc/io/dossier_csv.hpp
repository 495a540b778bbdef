// CSV dossier exports (danh sách hồ sơ) read into validated dossiers.
//
// Built on libcsv (RFC 4180 quoting, streaming): the file is read in blocks, so memory does not
// depend on the file size, and a record may be as long as `max_record_bytes`. Input must be
// UTF-8 (a BOM is skipped); UTF-16 and other encodings stop the read with a ParseError naming
// the file and line. The header row is mapped to record fields by a dossier::ColumnMapping and
// every row goes through io::DossierTableReader, so rows in = rows accepted + rows rejected,
// and a rejected row's `row` is its 1-based line in the file (the header is line 1; a record
// whose quoted values span several lines is numbered by its first line).
// Formats and rules: docs/dossier/inputs.md.
#pragma once

#include <cstddef>
#include <filesystem>
#include <istream>
#include <string>

#include "cchc/calendar/work_calendar.hpp"
#include "cchc/io/dossier_table.hpp"

namespace cchc::io {

struct DossierCsvOptions {
  char delimiter = ',';
  /// Longest record accepted; a longer one is rejected (counted, with its line) and the reader
  /// goes on at the next line, so a runaway 1 GB line costs at most this much memory.
  std::size_t max_record_bytes = std::size_t{16} << 20;
  /// Mapping, fail-fast, duplicate ids, due-date rule and the pause table.
  DossierTableOptions table{};
};

/// Reads a dossier CSV file. Throws ParseError for a file that cannot be read as a whole
/// (missing, not UTF-8, empty, no usable header, or the first bad row with
/// fail_on_first_bad_row); every other problem rejects a row.
DossierReadResult read_dossier_csv(const std::filesystem::path& path,
                                   const calendar::WorkCalendar& calendar,
                                   const DossierCsvOptions& options = {});

/// The same from a stream; `source` names it in errors.
DossierReadResult read_dossier_csv(std::istream& input, const std::string& source,
                                   const calendar::WorkCalendar& calendar,
                                   const DossierCsvOptions& options = {});

/// Reads a pauses table: one row per pause with the dossier id, the day processing stopped
/// and the day it resumed (headers "id"/"Mã hồ sơ", "start"/"Ngày tạm dừng"/"Từ ngày",
/// "end"/"Ngày tiếp tục"/"Đến ngày"). A dossier may have several rows. Throws ParseError
/// naming the line and field of the first bad row: a pause table is small and hand-made, and a
/// wrong pause would silently move due dates.
PauseTable read_pause_csv(const std::filesystem::path& path, char delimiter = ',');
PauseTable read_pause_csv(std::istream& input, const std::string& source, char delimiter = ',');

}  // namespace cchc::io
