// CSV dossier exports (danh sách hồ sơ) read into validated dossiers.
//
// The reader scans the bytes itself (RFC 4180 quoting with the lenient rules of libcsv, which
// it replaced: see docs/dossier/inputs.md) straight into typed columns — dictionary codes for
// texts, day numbers for dates — on every core, and validates them with
// dossier::ingest_columns: no record or string is built per row. The file is read in blocks,
// so memory grows with the columns, not with the file's text, and a record may be as long as
// `max_record_bytes`. Input must be UTF-8 (a BOM is skipped); UTF-16 and other encodings stop
// the read with a ParseError naming the file and line, except a last character cut by the
// end of the file, which rejects only that row. The header row is mapped to record fields by a
// dossier::ColumnMapping exactly as io::DossierTableReader maps it; rows in = rows accepted +
// rows rejected, and a rejected row's `row` is its 1-based line in the file (the header is
// line 1; a record whose quoted values span several lines is numbered by its first line, and
// its rejection names the lines it spans). The result does not depend on the number of
// threads. Formats and rules: docs/dossier/inputs.md.
#pragma once

#include <cstddef>
#include <filesystem>
#include <istream>
#include <string>
#include <vector>

#include "cchc/calendar/work_calendar.hpp"
#include "cchc/dossier/columns.hpp"
#include "cchc/io/dossier_table.hpp"

namespace cchc::io {

struct DossierCsvOptions {
  char delimiter = ',';
  /// Longest record accepted; a longer one is rejected (counted, with its line) and the reader
  /// goes on at the next line, so a runaway 1 GB line costs at most this much memory.
  std::size_t max_record_bytes = std::size_t{16} << 20;
  /// Mapping, fail-fast, duplicate ids, due-date rule and the pause table.
  DossierTableOptions table{};
  /// Threads (0: std::thread::hardware_concurrency()). The result is the same for any number.
  unsigned threads = 0;
  /// Bytes read at a time; each block is split between the threads.
  std::size_t block_bytes = std::size_t{8} << 20;
  /// Tests only: file offsets where the threads' chunks begin, instead of the reader's choice
  /// (any offsets: the reader finds where records really begin).
  const std::vector<std::size_t>* split_points = nullptr;
};

/// The accepted dossiers as the columnar table counting reads (dossier::count_grouped), the
/// rejected rows (row = line in the file, id filled) and what became of every column.
struct DossierCsvTable {
  dossier::TableIngest ingested;
  std::vector<ColumnUse> columns;
  /// Rows whose cells were all blank (spreadsheet padding): not dossiers, not in rows_in.
  std::size_t blank_rows = 0;
  /// Ids of the pause table that no row of the input had.
  std::vector<std::string> unmatched_pause_ids;
  /// The ids of the accepted rows in table order (filled by read_dossier_csv only).
  std::vector<std::string> accepted_ids;
};

/// Reads a dossier CSV file into columns: the fast path for counts. Throws ParseError as
/// read_dossier_csv does.
DossierCsvTable read_dossier_csv_table(const std::filesystem::path& path,
                                       const calendar::WorkCalendar& calendar,
                                       const DossierCsvOptions& options = {});
DossierCsvTable read_dossier_csv_table(std::istream& input, const std::string& source,
                                       const calendar::WorkCalendar& calendar,
                                       const DossierCsvOptions& options = {});

/// Reads a dossier CSV file as rows (DossierBatch, with ids): read_dossier_csv_table, then the
/// accepted rows as texts. Throws ParseError for a file that cannot be read as a whole
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
