// Fuzz target: the CSV dossier reader (io::read_dossier_csv).
//
// The first byte picks the options (delimiter, a small record limit, duplicate ids, fail-fast)
// so that every path of the reader is reachable; the rest is the file. Invariants: the read
// either throws ParseError or returns a result where rows in = rows accepted + rows rejected,
// every rejected row names a reason and a line of the file, in increasing order, and a
// fail-fast read that returns has rejected nothing. The same file read again in chunks
// in 64-byte blocks, with chunk boundaries every few bytes (inside quoted values, between "\r"
// and "\n", inside characters), must give exactly the same result: rows, rejections, error.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <optional>
#include <string>
#include <vector>

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

struct Outcome {
  std::optional<cchc::io::DossierReadResult> result;
  std::size_t error_line = 0;
  std::string error_reason;
};

Outcome read(const std::string& text, const cchc::io::DossierCsvOptions& options) {
  std::istringstream input(text);
  Outcome outcome;
  try {
    outcome.result = cchc::io::read_dossier_csv(input, "fuzz.csv", work_calendar(), options);
  } catch (const cchc::ParseError& error) {
    require(error.source() == "fuzz.csv", "a ParseError names the source");
    require(!error.reason().empty(), "a ParseError says why");
    outcome.error_line = error.line();
    outcome.error_reason = error.reason();
  }
  return outcome;
}

void require_same(const Outcome& one, const Outcome& many) {
  require(one.result.has_value() == many.result.has_value(), "chunked: same success");
  if (!one.result) {
    const bool same = one.error_line == many.error_line && one.error_reason == many.error_reason;
    if (!same) {
      std::fprintf(stderr, "one thread: line %zu: %s\nchunked:    line %zu: %s\n", one.error_line,
                   one.error_reason.c_str(), many.error_line, many.error_reason.c_str());
    }
    require(same, "chunked: same error");
    return;
  }
  const auto& a = one.result->ingested;
  const auto& b = many.result->ingested;
  require(a.rows_in == b.rows_in && one.result->blank_rows == many.result->blank_rows,
          "chunked: same row counts");
  require(a.rejected.size() == b.rejected.size(), "chunked: same rejected count");
  for (std::size_t i = 0; i < a.rejected.size(); ++i) {
    const auto& x = a.rejected[i];
    const auto& y = b.rejected[i];
    const bool same = x.row == y.row && x.id == y.id && x.field == y.field &&
                      x.reason == y.reason && x.code == y.code;
    if (!same) {
      std::fprintf(stderr, "one thread: %s\nchunked:    %s\n", x.message().c_str(),
                   y.message().c_str());
    }
    require(same, "chunked: same rejected row");
  }
  const auto& p = a.batch;
  const auto& q = b.batch;
  require(p.id == q.id && p.unit == q.unit && p.field == q.field && p.procedure == q.procedure &&
              p.channel == q.channel && p.online_level == q.online_level &&
              p.status == q.status && p.received == q.received && p.due == q.due &&
              p.resolved == q.resolved && p.returned == q.returned &&
              p.digitised_dossier == q.digitised_dossier &&
              p.digitised_result == q.digitised_result &&
              p.electronic_result == q.electronic_result && p.fee_required == q.fee_required &&
              p.paid_online == q.paid_online && p.reused_data == q.reused_data &&
              p.satisfaction == q.satisfaction,
          "chunked: same accepted rows");
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

  options.threads = 1;
  const Outcome outcome = read(text, options);

  cchc::io::DossierCsvOptions chunked = options;
  chunked.threads = 1;  // the chunks are scanned one by one: the same code, no thread start-up per block
  chunked.block_bytes = 64;
  std::vector<std::size_t> split_points;
  const std::size_t step = 3 + (flags >> 4U) * 8;  // 3 to 123 bytes
  for (std::size_t at = step; at < text.size(); at += step) split_points.push_back(at);
  chunked.split_points = &split_points;
  require_same(outcome, read(text, chunked));

  if (outcome.result) {
    const cchc::io::DossierReadResult& result = *outcome.result;
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
  }
  return 0;
}
