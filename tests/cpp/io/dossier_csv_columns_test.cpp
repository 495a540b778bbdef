// The columnar CSV reader against a reference: libcsv splitting each record into strings and
// io::DossierTableReader reading them one row at a time (the reader before the columnar one).
// Every file is read with one thread and with many chunks whose boundaries fall everywhere (in
// quoted values, between "\r" and "\n", inside a character), and must give the same rows,
// rejections and errors.
#include <csv.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cchc/error.hpp"
#include "cchc/io/dossier_csv.hpp"
#include "cchc/io/dossier_table.hpp"
#include "support.hpp"

using namespace cchc::io;
using cchc::ParseError;
using cchc::dossier::english;
using cchc::test::civil_service_calendar;

namespace {

// ---- The reference: libcsv + the row reader ----------------------------------------------

struct Fields {
  std::vector<std::string> current;
  std::vector<std::pair<std::size_t, std::vector<std::string>>> done;
  std::size_t line = 1;
};

void on_field(void* bytes, std::size_t size, void* data) {
  static_cast<Fields*>(data)->current.emplace_back(static_cast<const char*>(bytes), size);
}
void on_record(int /*terminator*/, void* data) {
  auto& fields = *static_cast<Fields*>(data);
  fields.done.emplace_back(fields.line, std::move(fields.current));
  fields.current.clear();
}

bool valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead == 0) return false;
    std::size_t length = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2
                                      : lead >= 0xE0 && lead <= 0xEF   ? 3
                                      : lead >= 0xF0 && lead <= 0xF4   ? 4
                                                                       : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    const auto second = length > 1 ? static_cast<unsigned char>(text[i + 1]) : 0;
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
      return false;
    }
    i += length;
  }
  return true;
}

// The whole text at once, line by line as the old reader fed libcsv (so that each record
// knows its first line). Returns std::nullopt when a field is not UTF-8 (the old reader failed
// the whole file there; the tests below keep such files apart).
std::optional<DossierReadResult> reference(std::string text, const DossierCsvOptions& options) {
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  csv_parser parser{};
  REQUIRE(csv_init(&parser, 0) == 0);
  csv_set_delim(&parser, static_cast<unsigned char>(options.delimiter));
  Fields fields;
  std::size_t line = 1;
  std::size_t position = 0;
  std::optional<std::size_t> open_quote_line;
  while (position < text.size()) {
    std::size_t end = text.find('\n', position);
    end = end == std::string::npos ? text.size() : end + 1;
    const std::size_t carriage_return = text.substr(position, end - position).find('\r');
    if (carriage_return != std::string::npos) {
      const std::size_t after = position + carriage_return + 1;
      if (after == text.size() || text[after] != '\n') end = after;
    }
    if (parser.pstate == 0) fields.line = line;
    csv_parse(&parser, text.data() + position, end - position, on_field, on_record, &fields);
    const bool ends_line = text[end - 1] == '\n' || text[end - 1] == '\r';
    position = end;
    if (ends_line) ++line;
  }
  if (parser.pstate == 2 && parser.quoted) {
    open_quote_line = fields.line;
  } else {
    csv_fini(&parser, on_field, on_record, &fields);
  }
  csv_free(&parser);
  for (const auto& [record_line, cells] : fields.done) {
    for (const std::string& cell : cells) {
      if (!valid_utf8(cell)) return std::nullopt;
    }
  }
  if (fields.done.empty()) throw ParseError("test.csv", 1, "", "the file is empty");
  std::vector<std::string> header = fields.done.front().second;
  for (std::string& name : header) {
    if (name.starts_with("\xEF\xBB\xBF")) name.erase(0, 3);
  }
  DossierTableReader reader(header, "test.csv", civil_service_calendar(), options.table,
                            fields.done.front().first, 0);
  for (std::size_t i = 1; i < fields.done.size(); ++i) {
    reader.add_row(fields.done[i].first, std::span<const std::string>(fields.done[i].second));
  }
  if (open_quote_line) reader.reject_row(*open_quote_line, "", "the file ends inside a quote");
  return reader.finish();
}

// ---- Comparison --------------------------------------------------------------------------

struct Outcome {
  std::optional<DossierReadResult> result;
  std::optional<ParseError> error;
};

template <typename Read>
Outcome outcome_of(Read&& read) {
  Outcome outcome;
  try {
    outcome.result = read();
  } catch (const ParseError& error) {
    outcome.error = error;
  }
  return outcome;
}

// The reason without what the columnar reader adds: the "whole row: " of a row-level
// rejection and the note on the lines a record spans.
std::string core_reason(std::string reason) {
  if (reason.starts_with("whole row: ")) reason.erase(0, 11);
  if (const auto span = reason.find(" (the record spans lines"); span != std::string::npos) {
    reason.erase(span);
  }
  if (reason.starts_with("the file ends inside a quote")) reason = "the file ends inside a quote";
  return reason;
}

void check_same(const Outcome& expected, const Outcome& actual) {
  REQUIRE(expected.error.has_value() == actual.error.has_value());
  if (expected.error) {
    CHECK(actual.error->line() == expected.error->line());
    CHECK(actual.error->field() == expected.error->field());
    CHECK(core_reason(actual.error->reason()).starts_with(core_reason(expected.error->reason())));
    return;
  }
  const DossierReadResult& want = *expected.result;
  const DossierReadResult& got = *actual.result;
  CHECK(got.blank_rows == want.blank_rows);
  CHECK(got.ingested.rows_in == want.ingested.rows_in);
  REQUIRE(got.ingested.rejected.size() == want.ingested.rejected.size());
  for (std::size_t i = 0; i < want.ingested.rejected.size(); ++i) {
    const auto& a = got.ingested.rejected[i];
    const auto& b = want.ingested.rejected[i];
    CAPTURE(a.message());
    CAPTURE(b.message());
    CHECK(a.row == b.row);
    CHECK(a.id == b.id);
    CHECK(a.field == b.field);
    CHECK(core_reason(a.reason) == core_reason(b.reason));
  }
  const auto& x = got.ingested.batch;
  const auto& y = want.ingested.batch;
  CHECK(x.id == y.id);
  CHECK(x.unit == y.unit);
  CHECK(x.field == y.field);
  CHECK(x.procedure == y.procedure);
  CHECK(x.channel == y.channel);
  CHECK(x.online_level == y.online_level);
  CHECK(x.status == y.status);
  CHECK(x.received == y.received);
  CHECK(x.due == y.due);
  CHECK(x.resolved == y.resolved);
  CHECK(x.returned == y.returned);
  CHECK(x.digitised_dossier == y.digitised_dossier);
  CHECK(x.digitised_result == y.digitised_result);
  CHECK(x.electronic_result == y.electronic_result);
  CHECK(x.fee_required == y.fee_required);
  CHECK(x.paid_online == y.paid_online);
  CHECK(x.reused_data == y.reused_data);
  CHECK(x.satisfaction == y.satisfaction);
  REQUIRE(got.columns.size() == want.columns.size());
  for (std::size_t i = 0; i < got.columns.size(); ++i) {
    CHECK(got.columns[i].field == want.columns[i].field);
  }
}

Outcome columnar(const std::string& text, DossierCsvOptions options) {
  return outcome_of([&] {
    std::istringstream input(text);
    return read_dossier_csv(input, "test.csv", civil_service_calendar(), options);
  });
}

// The text read with one thread, then split into chunks every `step` bytes on four threads,
// in small blocks, each compared with the reference.
void check_against_reference(const std::string& text, DossierCsvOptions options = {}) {
  CAPTURE(text);
  Outcome expected;
  try {
    const auto reference_result = reference(text, options);
    if (!reference_result) return;  // not UTF-8: the whole-file error is tested elsewhere
    expected.result = *reference_result;
  } catch (const ParseError& error) {
    expected.error = error;
  }
  options.threads = 1;
  check_same(expected, columnar(text, options));
  for (const std::size_t step : {1U, 2U, 3U, 5U, 7U, 13U, 64U}) {
    CAPTURE(step);
    std::vector<std::size_t> points;
    for (std::size_t at = step; at < text.size(); at += step) points.push_back(at);
    options.threads = 4;
    options.split_points = &points;
    check_same(expected, columnar(text, options));
  }
  options.split_points = nullptr;
  for (const std::size_t block : {64U, 97U, 1000U}) {
    CAPTURE(block);
    options.block_bytes = block;
    check_same(expected, columnar(text, options));
  }
}

const std::string kHeader =
    "Mã hồ sơ,Đơn vị,Lĩnh vực,Hình thức nộp,Trạng thái,Ngày tiếp nhận,Thời hạn giải "
    "quyết,Ngày hẹn trả,Ngày giải quyết,Số hóa hồ sơ,Mức độ hài lòng,Ghi chú\n";

}  // namespace

TEST_CASE("columnar CSV reader: the same as the row reader on hand-made files") {
  const std::vector<std::string> bodies = {
      // Plain rows, every kind of cell.
      "A1,Sở Tư pháp,Hộ tịch,Trực tuyến,Đã giải quyết,02/01/2024 08:30,5,,09/01/2024,Có,Hài "
      "lòng,\n"
      "A2,UBND xã,Đất đai,Trực tiếp,Đang giải quyết,2024-01-03,3,2024-01-08,,Không,,x\n",
      // Quoted values with delimiters, "" and line breaks (CRLF inside), a stray quote.
      "\"B,1\",\"Sở \"\"Tư\"\" pháp\",Hộ tịch,Trực tuyến,Đã giải quyết,02/01/2024,5,,"
      "09/01/2024,Có,5,\"line\r\nbreak\"\n"
      "B2,\"x\" ,y,Trực tuyến,Đã giải quyết,02/01/2024,5,,09/01/2024,,,\"a\" \"b\"\n"
      "B3,\"stray\"quote,Hộ tịch,Trực tuyến,Đã giải quyết,02/01/2024,5,,09/01/2024,,,\n"
      "B4,z,Hộ tịch,Trực tuyến,Đã giải quyết,02/01/2024,5,,09/01/2024,,,\"end\"\n",
      // CRLF, blank lines, spaces around fields, a row of blanks, a lone CR.
      "\r\nC1 , u , f ,online,pending,02/01/2024,5,,,,,\r\n\r\n , , ,,,,,,,,,\r"
      "C2,u,f,online,resolved,02/01/2024,5,,03/01/2024,,,\r\n   \n",
      // Bad cells in every column, in various combinations (the first in reading order wins).
      "D1,u,f,by pigeon,lost,32/01/2024,x,,,maybe,7,\n"
      "D2,u,f,online,,02/01/2024,5,,,,,\n"
      "D3,u,f,online,pending,,5,,,,,\n"
      "D4,u,f,online,resolved,02/01/2024,,,,,,\n"
      "D5,u,f,online,resolved,02/01/2024,5,,01/01/2024,,,\n"
      "D6,u,f,online,pending,02/01/2024 25:00,5,,,,,\n"
      "D7,u,f,online,pending,02/01/2024,5 ngày,,,,,\n"
      "D8,u,f,online,pending,45292.5,5,,,,,\n"
      "D9,u,f,online,pending,2.1.2024,5,,,,Rất hài lòng,\n",
      // Duplicate ids (a rejected row still claims its id unless a cell was bad), NFC ids,
      // wrong field counts, trailing blank cells.
      "E1,u,f,online,pending,02/01/2024,5,,,,,\n"
      "E1,u,f,online,pending,02/01/2024,5,,,,,\n"
      "E2,u,f,online,resolved,02/01/2024,5,,01/01/2024,,,\n"
      "E2,u,f,online,pending,02/01/2024,5,,,,,\n"
      "E3,u,f,online,lost,02/01/2024,5,,,,,\n"
      "E3,u,f,online,pending,02/01/2024,5,,,,,\n"
      "Hồ,u,f,online,pending,02/01/2024,5,,,,,\n"
      "Ho\xCC\x82\xCC\x80,u,f,online,pending,02/01/2024,5,,,,,\n"
      "E4,u,f\n"
      "E5,u,f,online,pending,02/01/2024,5,,,,,,,,\n"
      "E6,u,f,online,pending,02/01/2024,5,,,,,,x\n",
      // No line break at the end.
      "F1,u,f,online,pending,02/01/2024,5,,,,,",
      // An unterminated quote at the end.
      "G1,u,f,online,pending,02/01/2024,5,,,,,\nG2,\"never closed,f,online\n\nmore\n",
      // A stray quote swallowing several lines.
      "H1,\"u,f,online,pending,02/01/2024,5,,,,,\nH2,u,f,online,pending,02/01/2024,5,,,,,\n"
      "H3,u\",f,online,pending,02/01/2024,5,,,,,\nH4,u,f,online,pending,02/01/2024,5,,,,,\n",
  };
  for (const std::string& body : bodies) {
    check_against_reference(kHeader + body);
    check_against_reference("\xEF\xBB\xBF" + kHeader + body);
  }
  DossierCsvOptions fail_fast;
  fail_fast.table.fail_on_first_bad_row = true;
  for (const std::string& body : bodies) check_against_reference(kHeader + body, fail_fast);
  DossierCsvOptions semicolon;
  semicolon.delimiter = ';';
  check_against_reference("id;status;received;due\nA;pending;02/01/2024;03/01/2024\n"
                          "B;\"pending\";\"02/01/2024\";;\n",
                          semicolon);
  DossierCsvOptions tab;
  tab.delimiter = '\t';
  check_against_reference("id\tstatus\treceived\tdue\nA\t pending \t02/01/2024\t03/01/2024\n",
                          tab);
  // Hours of receipt under an afternoon cut-off, an hour column, pauses in a column and from
  // a pause table (due dates computed with them, the pause rule, unmatched table ids).
  const std::string timed =
      "id,status,received,received_hour,processing_days,due,pauses,resolved,satisfaction\n"
      "T1,pending,02/01/2024 15:30,,5,,,,\n"
      "T2,pending,02/01/2024 09:30,16,5,,,,\n"
      "T3,pending,02/01/2024,14h,5,,,,\n"
      "T4,pending,02/01/2024,nope,5,,,,\n"
      "T5,pending,02/01/2024,,5,,03/01/2024..05/01/2024,,\n"
      "T6,pending,02/01/2024,,5,,05/01/2024..03/01/2024,,\n"
      "T7,pending,02/01/2024,,5,,01/01/2024..03/01/2024,,9\n"
      "T8,resolved,02/01/2024,,5,,03/01/2024..04/01/2024; 08/01/2024..09/01/2024,20/01/2024,\n"
      "T9,pending,02/01/2024,,5,,garbage,,\n"
      "T10,pending,02/01/2024,,5,20/01/2024,03/01/2024..04/01/2024,,\n"
      "T11,pending,02/01/2024,,,,03/01/2024..04/01/2024,,\n"
      "T12,pending,02/01/2024,,5,,,,\n"
      "T12,pending,02/01/2024,,5,,,,\n";
  check_against_reference(timed);
  DossierCsvOptions cutoff;
  cutoff.table.rule.afternoon_cutoff_hour = 12;
  check_against_reference(timed, cutoff);
  const PauseTable pause_table = {
      {"T1", {{cchc::test::d(2024, 1, 3), cchc::test::d(2024, 1, 4)}}},
      {"T12", {{cchc::test::d(2024, 1, 5), cchc::test::d(2024, 1, 8)}}},
      {"T4", {{cchc::test::d(2024, 1, 5), cchc::test::d(2024, 1, 8)}}},
      {"T5", {{cchc::test::d(2024, 1, 1), cchc::test::d(2024, 1, 8)}}},
      {"nobody", {{cchc::test::d(2024, 1, 5), cchc::test::d(2024, 1, 8)}}}};
  DossierCsvOptions with_table = cutoff;
  with_table.table.pauses = &pause_table;
  check_against_reference(timed, with_table);
  {
    std::istringstream input(timed);
    const DossierCsvTable read =
        read_dossier_csv_table(input, "t.csv", civil_service_calendar(), with_table);
    CHECK(read.unmatched_pause_ids == std::vector<std::string>{"T4", "nobody"});
  }
  DossierCsvOptions restart = cutoff;
  restart.table.rule.pause_rule = cchc::calendar::PauseRule::restart;
  check_against_reference(timed, restart);

  // Files that fail as a whole: empty, header only, no required column.
  check_against_reference("");
  check_against_reference("\n\n   \n");
  check_against_reference("id,unit\nA,u\n");
  check_against_reference(kHeader);
}

TEST_CASE("columnar CSV reader: the same as the row reader on random files") {
  std::mt19937 random(20260);
  const std::vector<std::string> cells = {
      "A", "B", "C", "A", "Sở Tư pháp", "Trực tuyến", "Trực tiếp", "pending", "Đã giải quyết",
      "Từ chối", "lost", "02/01/2024", "2024-01-05", "05/01/2024 14:00", "31/02/2024", "",
      " ", "5", "3 ngày", "-1", "Có", "Không", "x", "Hài lòng", "9", "\"q,uoted\"",
      "\"multi\nline\"", "\"a\"\"b\"", "\"stray\"x", "a\"b", "\"\"", "01/01/2023", "\t"};
  const std::vector<std::string> breaks = {"\n", "\r\n", "\r", "\n\n", "\r\n\r\n"};
  const std::string header =
      "id,unit,channel,status,received,processing_days,due,resolved,digitised_dossier,"
      "satisfaction\n";
  for (int file = 0; file < 60; ++file) {
    std::string text = header;
    const int rows = 1 + static_cast<int>(random() % 12);
    for (int row = 0; row < rows; ++row) {
      const int fields = 9 + static_cast<int>(random() % 3);
      for (int field = 0; field < fields; ++field) {
        if (field > 0) text += ',';
        text += cells[random() % cells.size()];
      }
      text += breaks[random() % breaks.size()];
    }
    if (random() % 4 == 0) text.pop_back();
    check_against_reference(text);
  }
}

TEST_CASE("columnar CSV reader: a stray quote names the lines it swallowed") {
  std::istringstream input(
      "id,unit,status,received,due\n"
      "A,\"Sở Tư pháp,pending,2024-01-02,2024-01-05\n"
      "B,x,pending,2024-01-02,2024-01-05\n"
      "C,x\",2024-01-02,2024-01-05\n"
      "D,x,pending,2024-01-02,2024-01-05\n");
  const DossierCsvTable result =
      read_dossier_csv_table(input, "stray.csv", civil_service_calendar());
  CHECK(result.ingested.rows_in == 2);
  REQUIRE(result.ingested.rejected.size() == 1);
  const auto& rejected = result.ingested.rejected[0];
  CHECK(rejected.row == 2);
  CHECK(rejected.id == "A");
  CHECK(rejected.field.empty());
  CHECK(rejected.reason.starts_with("whole row: the row has 4 fields"));
  CHECK(rejected.reason.find("the record spans lines 2–4") != std::string::npos);
  CHECK(rejected.reason.find("stray quote on line 2") != std::string::npos);
}

TEST_CASE("columnar CSV reader: a file cut inside its last character rejects that row") {
  // "Đã giải quyết" cut after the first byte of 'ế' (E1 BA BF): the last row only.
  const std::string text =
      "id,received,due,status\n"
      "A,02/01/2024,05/01/2024,pending\n"
      "B,02/01/2024,05/01/2024,\xC4\x90\xC3\xA3 gi\xE1\xBA\xA3i quy\xE1";
  for (const unsigned threads : {1U, 3U}) {
    DossierCsvOptions options;
    options.threads = threads;
    std::istringstream input(text);
    const DossierCsvTable result =
        read_dossier_csv_table(input, "cut.csv", civil_service_calendar(), options);
    CHECK(result.ingested.rows_in == 2);
    CHECK(result.ingested.table.rows == 1);
    REQUIRE(result.ingested.rejected.size() == 1);
    const auto& rejected = result.ingested.rejected[0];
    CHECK(rejected.row == 3);
    CHECK(rejected.id == "B");
    CHECK(rejected.field == "status");
    CHECK(rejected.reason.find("the file ends in the middle of a character") !=
          std::string::npos);
    CHECK(rejected.reason.find("1258") == std::string::npos);
  }
  // Cut inside a column that is no field: the whole row, named so.
  std::istringstream note(
      "id,received,due,status,Ghi chú\nA,02/01/2024,05/01/2024,pending,\xE1\xBA");
  const DossierCsvTable unmapped =
      read_dossier_csv_table(note, "cut.csv", civil_service_calendar());
  REQUIRE(unmapped.ingested.rejected.size() == 1);
  CHECK(unmapped.ingested.rejected[0].field.empty());
  CHECK(unmapped.ingested.rejected[0].reason.starts_with("whole row: the file ends in the middle"));
  // Cut inside an extra field past the header's last column (found by the fuzzer: the
  // header name was read out of bounds).
  std::istringstream extra(
      "id,received,due,status\nA,02/01/2024,05/01/2024,pending,,,\xE1\xBA");
  const DossierCsvTable past_header =
      read_dossier_csv_table(extra, "cut.csv", civil_service_calendar());
  REQUIRE(past_header.ingested.rejected.size() == 1);
  CHECK(past_header.ingested.rejected[0].field.empty());
  CHECK(past_header.ingested.rejected[0].reason.find("column 7 (past the header's last column)") !=
        std::string::npos);
  // The same bytes before the end are a file in another encoding: the whole file fails.
  std::istringstream middle(text + "\nC,02/01/2024,05/01/2024,pending\n");
  try {
    (void)read_dossier_csv_table(middle, "bad.csv", civil_service_calendar());
    FAIL("no ParseError");
  } catch (const ParseError& error) {
    CHECK(error.line() == 3);
    CHECK(error.reason().find("invalid UTF-8") != std::string::npos);
  }
}

TEST_CASE("columnar CSV reader: every rejection names its field or says whole row") {
  std::istringstream input(
      "id,status,received,due\n"
      "A,pending,02/01/2024\n"
      "B,lost,02/01/2024,03/01/2024\n"
      "C,pending,02/01/2024,01/01/2024\n"
      "D,\"pending,02/01/2024,03/01/2024\n");
  const DossierCsvTable result = read_dossier_csv_table(input, "t.csv", civil_service_calendar());
  REQUIRE(result.ingested.rejected.size() == 4);
  for (const auto& rejected : result.ingested.rejected) {
    CAPTURE(rejected.message());
    CHECK((!rejected.field.empty() || rejected.reason.starts_with("whole row: ")));
  }
}

// Each reason also as a code with arguments (cchc.messages writes it in Vietnamese): the
// English reason is the code's template filled in, after "whole row: " and before the note on
// the lines a record spans, whose lines are arguments too.
TEST_CASE("columnar CSV reader: every rejection carries its code") {
  std::istringstream input(
      "id,status,received,due,channel,processing_days,pauses,received_hour,satisfaction\n"
      "A,pending,02/01/2024\n"
      "B,lost,02/01/2024,03/01/2024,,,,,\n"
      "C,pending,02/01/2024,01/01/2024,,,,,\n"
      "D,pending,32/01/2024,,,,,,\n"
      "E,pending,02/01/2024,,fax,,,,\n"
      "F,pending,02/01/2024,,,5 tuần,,,\n"
      "G,pending,02/01/2024,,,5,02/01/2024,,\n"
      "H,pending,02/01/2024,,,5,03/01/2024..x,,\n"
      "I,pending,02/01/2024,,,5,,25,\n"
      "J,pending,02/01/2024,09/01/2024,,,,,9\n"
      "K,,02/01/2024,09/01/2024,,,,,\n"
      "P,pending,02/01/2024,09/01/2024,,,,,\n"
      "P,pending,02/01/2024,09/01/2024,,,,,\n"
      "L,\"pending\n\",02/01/2024,09/01/2024,,,,,,x\n"
      "M,pending,,09/01/2024,,,,,\n"
      "N,pending,02/01/2024,09/01/2024,,,05/01/2024..04/01/2024,,\n"
      "O,\"pending");
  const DossierCsvTable result = read_dossier_csv_table(input, "t.csv", civil_service_calendar());
  std::vector<std::string> codes;
  for (const auto& rejected : result.ingested.rejected) {
    CAPTURE(rejected.message());
    REQUIRE_FALSE(rejected.code.code.empty());
    codes.emplace_back(rejected.code.code);
    const std::string english_reason = english(rejected.code);
    const std::string expected =
        rejected.field.empty() ? "whole row: " + english_reason : english_reason;
    CHECK(rejected.reason.starts_with(expected));
    const bool spans = rejected.reason.find("(the record spans lines") != std::string::npos;
    const auto has = [&](std::string_view name) {
      return std::any_of(rejected.code.arguments.begin(), rejected.code.arguments.end(),
                         [&](const auto& argument) { return argument.first == name; });
    };
    CHECK(spans == has("spans_first"));
    CHECK(spans == has("spans_last"));
  }
  CHECK(codes == std::vector<std::string>{
                     "row.field_count", "cell.status_unknown", "row.due_before_received",
                     "cell.date", "cell.channel_unknown", "cell.working_days",
                     "cell.pause_interval", "cell.pause_end", "cell.time_of_day",
                     "row.satisfaction_range", "cell.status_missing", "row.duplicate_id",
                     "row.field_count", "row.received_missing", "row.pause_out_of_order",
                     "row.open_quote"});
}

TEST_CASE("columnar CSV reader: threads and blocks do not change a large file's result") {
  std::string text = kHeader;
  for (int i = 0; i < 20000; ++i) {
    const std::string id = std::string("R") + std::to_string(i);
    text += (i % 101 == 0 ? "\"" + id + "\r\nnote\"" : id) + ",Sở " + std::to_string(i % 7) +
            ",Hộ tịch,Trực tuyến," + (i % 3 == 0 ? "Đang giải quyết" : "Đã giải quyết") +
            ",0" + std::to_string(1 + i % 9) + "/03/2024 0" + std::to_string(i % 10) + ":15," +
            std::to_string(i % 20) + ",," + (i % 3 == 0 ? "" : "28/03/2024") + ",Có,4," +
            (i % 13 == 0 ? "\"x\ny\"" : "") + (i % 2 == 0 ? "\r\n" : "\n");
  }
  DossierCsvOptions one;
  one.threads = 1;
  const Outcome expected = columnar(text, one);
  REQUIRE(expected.result.has_value());
  CHECK(expected.result->ingested.rows_in == 20000);
  for (const std::size_t block : {4096U, 65536U, 1U << 20}) {
    DossierCsvOptions many;
    many.threads = 3;
    many.block_bytes = block;
    check_same(expected, columnar(text, many));
  }
  const auto reference_result = reference(text, {});
  REQUIRE(reference_result.has_value());
  check_same(Outcome{reference_result, std::nullopt}, expected);
}

// An overlong record is rejected whole without reading its cells, and reading resumes after
// its terminator (quoted line breaks are in it), whether it ended inside the block (scanned
// whole) or not (streamed), so block sizes and chunk boundaries cannot change the result (the
// fuzzer found both a different reason and a different id).
TEST_CASE("columnar CSV reader: overlong records give one result for every block layout") {
  const std::string header = "id,unit,status,received,due\n";
  const std::string row = ",short,pending,2024-01-02,2024-01-05\n";
  const std::vector<std::string> texts = {
      header + "A" + row + "B," + std::string(100, 'x') + row + "C" + row,
      // A quoted value with line breaks and "": none of it is a row.
      header + "A" + row + "B,\"" + std::string(70, 'y') + "\nin\r\nthe,\"\"note\"\"\n\"" +
          row + "C" + row,
      // A quote after spaces past a closing quote is text, and the record ends at the break.
      header + "A" + row + "B,\"" + std::string(70, 'y') + "\"  \"\n" + "C" + row,
      header + "A" + row + "B,\"" + std::string(70, 'y') + "\"x\ny\"\r\n" + "C" + row,
      // The overlong record ends the file, unterminated or inside a quote.
      header + "A" + row + "B," + std::string(100, 'z'),
      header + "A" + row + "B,\"" + std::string(100, 'z') + "\nmore",
      // Exactly the limit is not overlong; a "\r\n" straddling the limit.
      header + "A" + row + "B," + std::string(62, 'w') + "\r\n" + "C" + row,
      header + "A" + row + "B," + std::string(63, 'w') + "\r\n" + "C" + row,
      // The header itself: after blank lines, and too long.
      "\n\r\n" + header + "A" + row,
      "id,unit,status,received,due," + std::string(60, 'h') + "\nA" + row,
  };
  for (const std::string& text : texts) {
    CAPTURE(text);
    DossierCsvOptions options;
    options.max_record_bytes = 64;
    options.threads = 1;
    const Outcome whole = columnar(text, options);
    for (const std::size_t block : {64U, 65U, 97U, 130U}) {
      CAPTURE(block);
      DossierCsvOptions streamed = options;
      streamed.block_bytes = block;
      check_same(whole, columnar(text, streamed));
      if (whole.result && streamed.block_bytes == 64) {
        // And the rejections are the same objects, reason and id included.
        const Outcome again = columnar(text, streamed);
        const auto& a = whole.result->ingested.rejected;
        const auto& b = again.result->ingested.rejected;
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i].message() == b[i].message());
      }
    }
    for (const std::size_t step : {1U, 5U, 31U}) {
      CAPTURE(step);
      std::vector<std::size_t> points;
      for (std::size_t at = step; at < text.size(); at += step) points.push_back(at);
      DossierCsvOptions chunked = options;
      chunked.threads = 3;
      chunked.split_points = &points;
      check_same(whole, columnar(text, chunked));
    }
  }
  // What the first text gives: B rejected (no id: only its first bytes are read), A and C in.
  DossierCsvOptions options;
  options.max_record_bytes = 64;
  const Outcome first = columnar(texts[0], options);
  REQUIRE(first.result.has_value());
  CHECK(first.result->ingested.batch.id == std::vector<std::string>{"A", "C"});
  REQUIRE(first.result->ingested.rejected.size() == 1);
  CHECK(first.result->ingested.rejected[0].row == 3);
  CHECK(first.result->ingested.rejected[0].id.empty());
  CHECK(first.result->ingested.rejected[0].reason ==
        "whole row: the record is longer than 64 bytes (max_record_bytes); skipped whole, its "
        "cells unread");
  // The quoted one: B rejected, nothing of its note read as rows, C on its own line.
  const Outcome quoted = columnar(texts[1], options);
  REQUIRE(quoted.result.has_value());
  CHECK(quoted.result->ingested.rows_in == 3);
  CHECK(quoted.result->ingested.batch.id == std::vector<std::string>{"A", "C"});
  REQUIRE(quoted.result->ingested.rejected.size() == 1);
  CHECK(quoted.result->ingested.rejected[0].row == 3);
  const Outcome after_quote = columnar(texts[3], options);
  REQUIRE(after_quote.result.has_value());
  CHECK(after_quote.result->ingested.batch.id == std::vector<std::string>{"A", "C"});
  // The header: refused with its own line, after the blank lines before it.
  const Outcome header_error = columnar(texts.back(), options);
  REQUIRE(header_error.error.has_value());
  CHECK(header_error.error->line() == 1);
  CHECK(header_error.error->reason().find("cannot read the header") != std::string::npos);
}

// A file refused whole says why as a code too, and so does a fail-fast read's first bad row.
TEST_CASE("columnar CSV reader: errors that refuse a file carry their code") {
  const auto error_of = [](const std::string& text, bool fail_fast = false) {
    DossierCsvOptions options;
    options.table.fail_on_first_bad_row = fail_fast;
    std::istringstream input(text);
    try {
      (void)read_dossier_csv_table(input, "e.csv", civil_service_calendar(), options);
    } catch (const ParseError& error) {
      return error;
    }
    FAIL("no ParseError");
    return ParseError("", 0, "", "");
  };
  const auto argument = [](const ParseError& error, std::string_view name) {
    for (const auto& [key, value] : error.arguments()) {
      if (key == name) return value;
    }
    return std::string("<none>");
  };
  const ParseError missing = error_of("id;status\nA;pending\n");
  CHECK(missing.code() == "file.missing_columns");
  CHECK(argument(missing, "fields") == "received,status,due");
  CHECK(argument(missing, "delimiter") == ";");
  CHECK(missing.reason().starts_with("missing required columns: received (date of receipt"));
  CHECK(missing.reason().ends_with("(one column holding ';': is that the delimiter?)"));
  CHECK(error_of("").code() == "file.empty");
  CHECK(error_of("\xFF\xFEi\0d\0").code() == "file.utf16");
  const ParseError cp1258 = error_of("id,status,received,due\nA,\xD0\xE3 gi\xE1i,02/01/2024,\n");
  CHECK(cp1258.code() == "file.not_utf8");
  CHECK(argument(cp1258, "byte") == "0xD0");
  CHECK(error_of("id,received,received,status,due\n").code() == "file.repeated_header");
  const ParseError row = error_of("id,status,received,due\nA,pending,02/01/2024,01/01/2024\n", true);
  CHECK(row.line() == 2);
  CHECK(row.code() == "row.due_before_received");
  CHECK(argument(row, "due") == "01/01/2024");
  const ParseError cell = error_of("id,status,received,due\nA,lost,02/01/2024,09/01/2024\n", true);
  CHECK(cell.code() == "cell.status_unknown");
  CHECK(argument(cell, "value") == "lost");
}
