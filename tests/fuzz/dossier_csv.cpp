// Fuzz target: the CSV dossier reader (io::read_dossier_csv).
//
// The first byte picks the options (delimiter, a small record limit, duplicate ids, fail-fast)
// so that every path of the reader is reachable; the rest is the file. Invariants: the read
// either throws ParseError or returns a result where rows in = rows accepted + rows rejected,
// every rejected row names a reason and a line of the file, in increasing order, and a
// fail-fast read that returns has rejected nothing.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "cchc/calendar/work_calendar.hpp"
#include "cchc/error.hpp"
#include "cchc/io/dossier_csv.hpp"
#include "fuzz_support.hpp"

using cchc::fuzz::require;

namespace {

const cchc::calendar::WorkCalendar& work_calendar() {
  static const cchc::calendar::WorkCalendar instance;
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned flags = data[0];
  const std::string text(cchc::fuzz::as_text(data + 1, size - 1));

  cchc::io::DossierCsvOptions options;
  options.delimiter = (flags & 1U) != 0 ? ';' : ',';
  if ((flags & 2U) != 0) options.max_record_bytes = 64;
  options.table.reject_duplicate_ids = (flags & 4U) == 0;
  options.table.fail_on_first_bad_row = (flags & 8U) != 0;

  std::istringstream input(text);
  try {
    const cchc::io::DossierReadResult result =
        cchc::io::read_dossier_csv(input, "fuzz.csv", work_calendar(), options);
    const auto& ingested = result.ingested;
    require(ingested.rows_in == ingested.batch.size() + ingested.rejected.size(),
            "rows in = rows accepted + rows rejected");
    if (options.table.fail_on_first_bad_row) {
      require(ingested.rejected.empty(), "a fail-fast read that returns rejected nothing");
    }
    // A line of the file: at most one more than the number of line breaks ("\n", "\r\n" or a
    // lone "\r"), and never the header line 1.
    std::size_t lines = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
        ++lines;
      }
    }
    std::size_t previous = 1;
    for (const auto& rejected : ingested.rejected) {
      require(!rejected.reason.empty(), "a rejected row says why");
      require(rejected.row > previous && rejected.row <= lines,
              "rejected rows are lines of the file after the header, in order");
      previous = rejected.row;
    }
    require(result.blank_rows + ingested.rows_in < lines + 1, "no more rows than lines");
    const auto& batch = ingested.batch;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      require(batch.received[i] <= batch.due[i], "accepted: due on or after receipt");
      if (batch.resolved[i]) {
        require(batch.received[i] <= *batch.resolved[i], "accepted: resolved on or after receipt");
      }
    }
  } catch (const cchc::ParseError& error) {
    require(error.source() == "fuzz.csv", "a ParseError names the source");
    require(!error.reason().empty(), "a ParseError says why");
  }
  return 0;
}
