// Dossier rows given as text cells under a header row — what every tabular file reader
// produces (CSV, Parquet columns read as text) — turned into validated dossiers.
//
// The header is mapped to record fields through a dossier::ColumnMapping, each cell is read
// with the dossier vocabulary (vocabulary.hpp) and each row goes through dossier::ingest, so
// that a file reader only has to deliver cells. Rows in = rows accepted + rows rejected,
// always; a rejected row carries the caller's row number (the file line for CSV). Formats and
// rules: docs/dossier/inputs.md.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cchc/calendar/due_date.hpp"
#include "cchc/calendar/work_calendar.hpp"
#include "cchc/dossier/record.hpp"
#include "cchc/dossier/vocabulary.hpp"

namespace cchc::io {

/// Pause intervals by dossier id (a pauses table: id, start, end).
using PauseTable = std::unordered_map<std::string, std::vector<calendar::Pause>>;

struct DossierTableOptions {
  /// Header → field. Defaults to the field names and common Vietnamese headers.
  dossier::ColumnMapping columns = dossier::ColumnMapping::defaults();
  /// Throw ParseError (source, line, field, reason) at the first bad row instead of rejecting it.
  bool fail_on_first_bad_row = false;
  /// Reject a row whose id was already seen (a dossier counted twice would skew every rate).
  bool reject_duplicate_ids = true;
  calendar::DueDateRule rule{};
  /// Pauses joined by dossier id, added to those of a `pauses` column.
  const PauseTable* pauses = nullptr;
};

/// What became of one column of the input.
struct ColumnUse {
  std::string header;
  std::string field;  // the record field it gives, empty when unused
  std::string note;   // why it is unused (unknown header, a second column for a field)
};

struct DossierReadResult {
  /// Accepted dossiers and rejected rows; rejected[i].row is the caller's row number.
  dossier::IngestResult ingested;
  /// Every input column in order, with the field it was read into.
  std::vector<ColumnUse> columns;
  /// Rows whose cells were all blank (spreadsheet padding): not dossiers, not in rows_in.
  std::size_t blank_rows = 0;
  /// Ids of the pause table that no row of the input had.
  std::vector<std::string> unmatched_pause_ids;
};

/// Reads rows one at a time; finish() returns the result. Rows are ingested in chunks so
/// that memory stays bounded by the accepted batch, not by the input.
class DossierTableReader {
 public:
  /// Maps the header. Throws ParseError(source, header_line, "", reason) naming every missing
  /// required column (received, status, and due or processing_days) or a field given by two
  /// columns with the same header. `line_offset` is added to a row number to give the line of
  /// a fail-fast ParseError (0 for files whose row numbers are lines); `row_word` names a row
  /// in messages ("line" for text files, "row" for tables).
  DossierTableReader(std::span<const std::string> header, std::string source,
                     const calendar::WorkCalendar& calendar, DossierTableOptions options = {},
                     std::size_t header_line = 1, std::size_t line_offset = 0,
                     std::string row_word = "line");

  /// One row of cells. A row whose cell count differs from the header's is rejected (field
  /// empty), never dropped. `row` identifies it in rejections: keep it increasing.
  void add_row(std::size_t row, std::span<const std::string> cells);
  void add_row(std::size_t row, std::span<const std::string_view> cells);

  /// Rejects a row the file reader could not split into cells (an unterminated quote, an
  /// overlong record), so that it is counted.
  void reject_row(std::size_t row, std::string field, std::string reason);
  /// The same with a rejection code (dossier::rejection_templates()): the reason is its English.
  void reject_row(std::size_t row, std::string field, dossier::RejectionCode code);

  [[nodiscard]] DossierReadResult finish();

  [[nodiscard]] const std::vector<ColumnUse>& columns() const noexcept { return result_.columns; }
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

 private:
  template <typename Cell>
  void add_cells(std::size_t row, std::span<const Cell> cells);
  void flush();

  struct Impl;
  std::string source_;
  const calendar::WorkCalendar* calendar_;
  DossierTableOptions options_;
  std::size_t header_size_;
  std::size_t line_offset_;
  std::string row_word_;
  // field index (in record_fields() order) → input column, or npos
  std::vector<std::size_t> column_of_field_;
  std::vector<dossier::DossierRecord> chunk_;
  std::vector<std::size_t> chunk_rows_;
  std::vector<dossier::RejectedRow> chunk_rejected_;
  std::unordered_map<std::string, bool> pause_ids_used_;
  DossierReadResult result_;
  std::size_t rows_in_ = 0;
  std::shared_ptr<Impl> impl_;  // cell caches
};

}  // namespace cchc::io
