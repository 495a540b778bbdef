#include "cchc/io/dossier_csv.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "cchc/calendar/due_date.hpp"
#include "cchc/error.hpp"
#include "support.hpp"

using namespace cchc::io;
using cchc::ParseError;
using cchc::dossier::Channel;
using cchc::dossier::OnlineLevel;
using cchc::dossier::Status;
using cchc::dossier::TriState;
using cchc::test::civil_service_calendar;
using cchc::test::d;

namespace {

const std::string kData = std::string(CCHC_TEST_DATA_DIR) + "/dossier/";

DossierReadResult read_text(const std::string& text, DossierCsvOptions options = {}) {
  std::istringstream input(text);
  return read_dossier_csv(input, "test.csv", civil_service_calendar(), options);
}

void check_invariant(const DossierReadResult& result) {
  CHECK(result.ingested.rows_in == result.ingested.batch.size() + result.ingested.rejected.size());
}

// The ParseError a call throws (fails the test when it throws none).
template <typename Call>
ParseError parse_error_of(Call&& call) {
  try {
    call();
  } catch (const ParseError& error) {
    return error;
  }
  FAIL("no ParseError");
  return ParseError("", 0, "", "");
}

std::size_t index_of(const std::vector<std::string>& ids, const std::string& id) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] == id) return i;
  }
  FAIL("id not accepted: " << id);
  return 0;
}

}  // namespace

TEST_CASE("dossier CSV: a Vietnamese export with a BOM, every kind of bad row") {
  const DossierReadResult result =
      read_dossier_csv(kData + "vn-headers.csv", civil_service_calendar());
  const auto& batch = result.ingested.batch;
  const auto& rejected = result.ingested.rejected;
  check_invariant(result);
  CHECK(result.ingested.rows_in == 10);
  CHECK(batch.size() == 5);
  CHECK(result.blank_rows == 1);
  CHECK(batch.id == std::vector<std::string>{"H001", "H002", "H003", "H004", "H009"});

  // Rejected rows carry their file line (header = line 1; H004 spans lines 5–6).
  REQUIRE(rejected.size() == 5);
  CHECK(rejected[0].row == 7);
  CHECK(rejected[0].id == "H005");
  CHECK(rejected[0].field == "resolved");
  CHECK(rejected[0].reason.find("before received") != std::string::npos);
  CHECK(rejected[1].row == 8);
  CHECK(rejected[1].field == "channel");
  CHECK(rejected[1].reason.find("unknown value 'Fax'") != std::string::npos);
  CHECK(rejected[2].row == 9);
  CHECK(rejected[2].field == "received");
  CHECK(rejected[2].reason.find("'31/02/2024' is not a date") != std::string::npos);
  CHECK(rejected[3].row == 10);
  CHECK(rejected[3].id == "H008");
  CHECK(rejected[3].field.empty());
  CHECK(rejected[3].reason.find("8 fields, the header has 15") != std::string::npos);
  CHECK(rejected[4].row == 11);
  CHECK(rejected[4].field == "id");
  CHECK(rejected[4].reason.find("duplicate dossier id 'H001' (first seen: line 2)") !=
        std::string::npos);

  // Cells read through the vocabulary.
  const std::size_t h001 = index_of(batch.id, "H001");
  CHECK(batch.unit[h001] == "Sở Công Thương");
  CHECK(batch.field[h001] == "Lưu thông hàng hóa, dịch vụ");  // a quoted comma
  CHECK(batch.channel[h001] == Channel::online);
  CHECK(batch.online_level[h001] == OnlineLevel::full);
  CHECK(batch.status[h001] == Status::resolved);
  CHECK(batch.received[h001] == d(2024, 1, 2));
  CHECK(batch.due[h001] == d(2024, 1, 9));  // 5 working days computed by ingest
  CHECK(batch.resolved[h001] == d(2024, 1, 8));
  CHECK(batch.returned[h001] == d(2024, 1, 9));
  CHECK(batch.digitised_dossier[h001] == TriState::yes);
  CHECK(batch.satisfaction[h001] == 5);

  const std::size_t h002 = index_of(batch.id, "H002");
  CHECK(batch.received[h002] == d(2024, 1, 2));  // Excel serial 45293
  CHECK(batch.channel[h002] == Channel::in_person);
  CHECK(batch.online_level[h002] == OnlineLevel::partial);
  CHECK(batch.status[h002] == Status::pending);
  CHECK(batch.digitised_dossier[h002] == TriState::no);
  CHECK_FALSE(batch.satisfaction[h002].has_value());

  const std::size_t h003 = index_of(batch.id, "H003");
  CHECK(batch.channel[h003] == Channel::postal);
  CHECK(batch.online_level[h003] == OnlineLevel::unknown);  // blank is unknown, not "none"
  CHECK(batch.status[h003] == Status::refused);
  CHECK(batch.due[h003] == d(2024, 1, 10));                   // given, not computed
  CHECK(batch.digitised_dossier[h003] == TriState::missing);  // blank is missing, not "no"

  const std::size_t h004 = index_of(batch.id, "H004");
  CHECK(batch.received[h004] == d(2024, 1, 3));  // 45294.6875 = 03/01/2024 16:30
  CHECK(batch.channel[h004] == Channel::online);
  CHECK(batch.satisfaction[h004] == 4);

  CHECK(batch.status[index_of(batch.id, "H009")] == Status::withdrawn);

  // Columns: the unknown one is reported, not silently ignored.
  REQUIRE(result.columns.size() == 15);
  CHECK(result.columns[0].field == "id");
  CHECK(result.columns[9].field == "processing_days");
  CHECK(result.columns[14].header == "Ghi chú");
  CHECK(result.columns[14].field.empty());
  CHECK(result.columns[14].note == "not a known dossier column");
}

TEST_CASE("dossier CSV: headers without diacritics, ';' delimiter, hour column, pauses") {
  DossierCsvOptions options;
  options.delimiter = ';';
  const DossierReadResult result =
      read_dossier_csv(kData + "no-diacritics-semicolon.csv", civil_service_calendar(), options);
  check_invariant(result);
  const auto& batch = result.ingested.batch;
  REQUIRE(batch.size() == 2);
  CHECK(batch.due[0] == d(2024, 1, 5));
  const std::vector<cchc::calendar::Pause> pauses = {{d(2024, 1, 3), d(2024, 1, 4)}};
  CHECK(batch.due[1] ==
        cchc::calendar::due_date(civil_service_calendar(), d(2024, 1, 2), 3, pauses));
  CHECK(batch.due[1] != d(2024, 1, 5));  // the pause moved it
  REQUIRE(result.ingested.rejected.size() == 1);
  CHECK(result.ingested.rejected[0].row == 4);  // the last line has no final newline
  CHECK(result.ingested.rejected[0].field == "pauses");
  CHECK(result.ingested.rejected[0].reason.find("start..end") != std::string::npos);

  SUBCASE("the hour column feeds the afternoon cut-off") {
    options.table.rule.afternoon_cutoff_hour = 15;
    const DossierReadResult late =
        read_dossier_csv(kData + "no-diacritics-semicolon.csv", civil_service_calendar(), options);
    CHECK(late.ingested.batch.due[0] == d(2024, 1, 8));  // 16:30 counts from the next day
  }
  SUBCASE("the wrong delimiter: one clear error with a hint") {
    const ParseError error = parse_error_of([&] {
      (void)read_dossier_csv(kData + "no-diacritics-semicolon.csv", civil_service_calendar());
    });
    CHECK(error.line() == 1);
    CHECK(error.reason().find("missing required columns") != std::string::npos);
    CHECK(error.reason().find("is that the delimiter?") != std::string::npos);
  }
}

TEST_CASE("dossier CSV: files that cannot be read as a whole") {
  SUBCASE("empty file") {
    const ParseError error = parse_error_of(
        [&] { (void)read_dossier_csv(kData + "empty.csv", civil_service_calendar()); });
    CHECK(error.source().ends_with("empty.csv"));
    CHECK(error.reason().find("empty") != std::string::npos);
  }
  SUBCASE("only a BOM and blank lines") {
    const ParseError error = parse_error_of([&] { (void)read_text("\xEF\xBB\xBF\r\n\r\n"); });
    CHECK(error.reason().find("empty") != std::string::npos);
  }
  SUBCASE("missing file") {
    const ParseError error = parse_error_of(
        [&] { (void)read_dossier_csv(kData + "no-such-file.csv", civil_service_calendar()); });
    CHECK(error.reason() == "cannot open the file");
  }
  SUBCASE("UTF-16 with a BOM") {
    const ParseError error = parse_error_of(
        [&] { (void)read_dossier_csv(kData + "utf16.csv", civil_service_calendar()); });
    CHECK(error.line() == 1);
    CHECK(error.reason().find("UTF-16") != std::string::npos);
  }
  SUBCASE("UTF-16 without a BOM") {
    std::string text;
    for (const char c : std::string("id,status,received,due\n")) {
      text += c;
      text += '\0';
    }
    const ParseError error = parse_error_of([&] { (void)read_text(text); });
    CHECK(error.reason().find("UTF-16") != std::string::npos);
  }
  SUBCASE("Windows-1258: named by file and line") {
    const ParseError error = parse_error_of(
        [&] { (void)read_dossier_csv(kData + "windows-1258.csv", civil_service_calendar()); });
    CHECK(error.source().ends_with("windows-1258.csv"));
    CHECK(error.line() == 3);
    CHECK(error.reason().find("invalid UTF-8 (byte 0xD0") != std::string::npos);
    CHECK(error.reason().find("iconv") != std::string::npos);
  }
  SUBCASE("missing required columns: all of them in one message") {
    const ParseError error = parse_error_of([&] { (void)read_text("Mã hồ sơ,Ghi chú\nA,x\n"); });
    CHECK(error.line() == 1);
    CHECK(error.field() == "received,status,due");
    CHECK(error.reason().find("received") != std::string::npos);
    CHECK(error.reason().find("status") != std::string::npos);
    CHECK(error.reason().find("due or processing_days") != std::string::npos);
    CHECK(error.reason().find("'Ghi chú'") != std::string::npos);
    const ParseError one = parse_error_of([&] { (void)read_text("id,received,due\nA,x,y\n"); });
    CHECK(one.field() == "status");
    CHECK(one.reason().starts_with("missing required column: status"));
  }
  SUBCASE("the same header twice") {
    const ParseError error =
        parse_error_of([&] { (void)read_text("id,status,Ngày tiếp nhận,due,ngay tiep nhan\n"); });
    CHECK(error.field() == "ngay tiep nhan");
    CHECK(error.reason().find("repeats the header of column 3") != std::string::npos);
  }
}

TEST_CASE("dossier CSV: header only, blank rows, truncated files") {
  const DossierReadResult header_only =
      read_dossier_csv(kData + "header-only.csv", civil_service_calendar());
  CHECK(header_only.ingested.rows_in == 0);
  CHECK(header_only.ingested.batch.empty());
  CHECK(header_only.ingested.rejected.empty());

  const DossierReadResult truncated =
      read_dossier_csv(kData + "truncated.csv", civil_service_calendar());
  check_invariant(truncated);
  CHECK(truncated.ingested.rows_in == 2);
  CHECK(truncated.ingested.batch.size() == 1);
  REQUIRE(truncated.ingested.rejected.size() == 1);
  CHECK(truncated.ingested.rejected[0].row == 3);
  CHECK(truncated.ingested.rejected[0].reason.find("quoted value") != std::string::npos);

  const DossierReadResult blank =
      read_text("id,status,received,due\n\n , , ,\nA,pending,2024-01-02,2024-01-03\n\n");
  CHECK(blank.ingested.rows_in == 1);
  CHECK(blank.blank_rows == 1);  // " , , ," (libcsv skips empty lines itself)
  REQUIRE(blank.ingested.rejected.empty());
}

TEST_CASE("dossier CSV: quoted values with delimiters, quotes and line breaks") {
  const DossierReadResult result = read_text(
      "id,unit,status,received,due\r\n"
      "\"A,1\",\"Sở \"\"Tư pháp\"\"\",pending,2024-01-02,2024-01-05\r\n"
      "B,\"line one\r\nline two\r\nline three\",pending,2024-01-02,2024-01-05\r\n"
      "C,x,pending,2024-01-02\r\n");
  check_invariant(result);
  REQUIRE(result.ingested.batch.size() == 2);
  CHECK(result.ingested.batch.id[0] == "A,1");
  CHECK(result.ingested.batch.unit[0] == "Sở \"Tư pháp\"");
  CHECK(result.ingested.batch.unit[1] == "line one\r\nline two\r\nline three");
  REQUIRE(result.ingested.rejected.size() == 1);
  CHECK(result.ingested.rejected[0].row == 6);  // B spans lines 3–5
}

TEST_CASE("dossier CSV: fail on the first bad row") {
  DossierCsvOptions options;
  options.table.fail_on_first_bad_row = true;
  const ParseError error = parse_error_of(
      [&] { (void)read_dossier_csv(kData + "vn-headers.csv", civil_service_calendar(), options); });
  CHECK(error.source().ends_with("vn-headers.csv"));
  CHECK(error.line() == 7);
  CHECK(error.field() == "resolved");
  CHECK(error.reason().find("before received") != std::string::npos);

  const ParseError count = parse_error_of(
      [&] { (void)read_text("id,status,received,due\nA,pending,2024-01-02\n", options); });
  CHECK(count.line() == 2);
  CHECK(count.reason().find("3 fields") != std::string::npos);

  // A good file reads the same as without the option.
  const DossierReadResult good = read_text(
      "id,status,received,due\nA,pending,2024-01-02,2024-01-03\nB,pending,2024-01-02,2024-01-03\n",
      options);
  CHECK(good.ingested.batch.size() == 2);
}

TEST_CASE("dossier CSV: duplicate ids may be allowed; user column names") {
  DossierCsvOptions options;
  options.table.reject_duplicate_ids = false;
  options.table.columns.add("Ngày nhận HS", "received", true);
  const DossierReadResult result = read_text(
      "id,status,Ngày nhận HS,received,due\n"
      "A,pending,2024-01-02,1999-01-01,2024-01-05\n"
      "A,pending,2024-01-03,1999-01-01,2024-01-05\n",
      options);
  REQUIRE(result.ingested.batch.size() == 2);
  CHECK(result.ingested.batch.received[0] == d(2024, 1, 2));
  CHECK(result.ingested.batch.received[1] == d(2024, 1, 3));
  CHECK(result.columns[3].field.empty());  // "received" no longer maps: the user chose
}

TEST_CASE("dossier CSV: two columns for one field: the better-known header is used") {
  const DossierReadResult result = read_text(
      "Tên TTHC,Mã TTHC,status,received,due\n"
      "Cấp giấy phép,1.0001,pending,2024-01-02,2024-01-05\n");
  REQUIRE(result.ingested.batch.size() == 1);
  CHECK(result.ingested.batch.procedure[0] == "1.0001");
  CHECK(result.columns[0].field.empty());
  CHECK(result.columns[0].note.find("'Mã TTHC' is used") != std::string::npos);
  CHECK(result.columns[1].field == "procedure");
}

TEST_CASE("dossier CSV: an overlong record is rejected, the rest is read") {
  DossierCsvOptions options;
  options.max_record_bytes = 64;
  std::string text = "id,unit,status,received,due\n";
  text += "A,short,pending,2024-01-02,2024-01-05\n";
  text += "B," + std::string(3u << 20, 'x') + ",pending,2024-01-02,2024-01-05\n";  // 3 MB line
  text += "C,short,pending,2024-01-02,2024-01-05\n";
  const DossierReadResult result = read_text(text, options);
  check_invariant(result);
  CHECK(result.ingested.rows_in == 3);
  CHECK(result.ingested.batch.id == std::vector<std::string>{"A", "C"});
  REQUIRE(result.ingested.rejected.size() == 1);
  CHECK(result.ingested.rejected[0].row == 3);
  CHECK(result.ingested.rejected[0].reason.find("longer than 64 bytes") != std::string::npos);
}

TEST_CASE("dossier CSV: many rows cross chunk boundaries with the invariant intact") {
  std::string text = "id,status,received,processing_days,resolved\n";
  const int rows = 40000;
  int expected_rejected = 0;
  for (int i = 0; i < rows; ++i) {
    const bool bad = i % 997 == 0;  // resolved before received
    expected_rejected += bad ? 1 : 0;
    // Appends only: `"D" + string` trips GCC 12's false -Wrestrict (GCC bug 105329).
    text.append("D").append(std::to_string(i)).append(",Đã giải quyết,0");
    text.append(std::to_string(2 + i % 7)).append("/01/2024,5,");
    text.append(bad ? "01/01/2024" : "20/01/2024").append("\n");
  }
  const DossierReadResult result = read_text(text);
  check_invariant(result);
  CHECK(result.ingested.rows_in == rows);
  REQUIRE(result.ingested.rejected.size() == static_cast<std::size_t>(expected_rejected));
  for (std::size_t i = 0; i < result.ingested.rejected.size(); ++i) {
    CHECK(result.ingested.rejected[i].row == i * 997 + 2);  // in file order, as lines
  }
  CHECK(result.ingested.batch.id[0] == "D1");
  CHECK(result.ingested.batch.id.back() == "D39999");
}

TEST_CASE("pause table joined by dossier id") {
  const PauseTable pauses = read_pause_csv(kData + "pauses.csv");
  REQUIRE(pauses.at("P1").size() == 2);
  DossierCsvOptions options;
  options.table.pauses = &pauses;
  const DossierReadResult result =
      read_dossier_csv(kData + "paused-dossiers.csv", civil_service_calendar(), options);
  check_invariant(result);
  REQUIRE(result.ingested.batch.size() == 2);
  const auto& calendar = civil_service_calendar();
  CHECK(result.ingested.batch.due[0] ==
        cchc::calendar::due_date(calendar, d(2024, 1, 2), 3, pauses.at("P1")));
  CHECK(result.ingested.batch.due[0] != cchc::calendar::due_date(calendar, d(2024, 1, 2), 3));
  CHECK(result.unmatched_pause_ids == std::vector<std::string>{"NOPE"});

  SUBCASE("bad pause rows stop the read, naming line and field") {
    std::istringstream bad("id,start,end\nP1,2024-01-05,2024-01-04\n");
    const ParseError error = parse_error_of([&] { (void)read_pause_csv(bad, "pauses.csv"); });
    CHECK(error.line() == 2);
    CHECK(error.field() == "end");
    std::istringstream no_columns("id,when\nP1,2024-01-05\n");
    CHECK_THROWS_AS((void)read_pause_csv(no_columns, "pauses.csv"), ParseError);
  }
}

TEST_CASE("dossier CSV: mutated inputs keep rows in = accepted + rejected, or fail whole") {
  // A small seeded fuzz: bytes of a valid export replaced, inserted or deleted. Every outcome
  // is a result whose counts add up, or a ParseError naming the source.
  const std::string valid =
      "Mã hồ sơ,Trạng thái,Hình thức nộp,Ngày tiếp nhận,Thời hạn giải quyết,Ngày giải quyết,"
      "Tạm dừng\r\n"
      "A,Đã giải quyết,Trực tuyến,02/01/2024 08:30,5,08/01/2024,\r\n"
      "B,\"Đang giải quyết\",BCCI,45293,3,,2024-01-03..2024-01-04\r\n"
      "C,Từ chối,Trực tiếp,2024-01-03,2,2024-01-04,\r\n"
      "D,\"Rút hồ sơ\",\"Trực\r\ntiếp\",03/01/2024,2,05/01/2024,\r\n";
  const char alphabet[] = {',', '"', '\r', '\n', ' ', '.', '/', '0', '9', 'x', '\xC3', '\xFF', ';'};
  std::uint32_t state = 12345;
  const auto next = [&state]() {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  std::size_t whole_file_errors = 0;
  for (int round = 0; round < 400; ++round) {
    std::string text = valid;
    const int edits = 1 + static_cast<int>(next() % 4);
    for (int edit = 0; edit < edits && !text.empty(); ++edit) {
      const std::size_t at = next() % text.size();
      const char byte = alphabet[next() % sizeof alphabet];
      switch (next() % 3) {
        case 0:
          text[at] = byte;
          break;
        case 1:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), byte);
          break;
        default:
          text.erase(at, 1 + next() % 8);
          break;
      }
    }
    CAPTURE(text);
    try {
      const DossierReadResult result = read_text(text);
      check_invariant(result);
      for (const auto& rejected : result.ingested.rejected) {
        CHECK(rejected.row >= 2);  // a data line, after the header
        CHECK_FALSE(rejected.reason.empty());
      }
    } catch (const ParseError& error) {
      ++whole_file_errors;
      CHECK(error.source() == "test.csv");
      CHECK_FALSE(error.reason().empty());
    }
  }
  CHECK(whole_file_errors < 400);  // most mutations still leave a readable header
}

TEST_CASE("dossier CSV: blank cells past the header are padding, not a wrong field count") {
  const DossierReadResult result = read_text(
      "id,status,received,due\n"
      "A,pending,2024-01-02,2024-01-05,\n"
      "B,pending,2024-01-02,2024-01-05, ,\n"
      "C,pending,2024-01-02,2024-01-05,extra\n");
  check_invariant(result);
  CHECK(result.ingested.batch.id == std::vector<std::string>{"A", "B"});
  REQUIRE(result.ingested.rejected.size() == 1);
  CHECK(result.ingested.rejected[0].row == 4);
  CHECK(result.ingested.rejected[0].reason.find("5 fields, the header has 4") != std::string::npos);
}

TEST_CASE("dossier CSV: classic Mac line endings (a lone CR) number the lines too") {
  // Fuzzing finding: with CR-only line endings every rejected row was reported on line 1.
  const DossierReadResult result = read_text(
      "id,status,received,due\rA,pending,2024-01-02,2024-01-05\r"
      "B,pending,2024-01-09,2024-01-05\rC,pending,2024-01-02\r");
  check_invariant(result);
  CHECK(result.ingested.batch.id == std::vector<std::string>{"A"});
  REQUIRE(result.ingested.rejected.size() == 2);
  CHECK(result.ingested.rejected[0].row == 3);
  CHECK(result.ingested.rejected[0].field == "due");
  CHECK(result.ingested.rejected[1].row == 4);

  // A CRLF split between two read blocks is one line break, not two. The reader's blocks are
  // 16 KiB, then 32 KiB, doubling up to 1 MiB: the first two block ends are at 16 and 48 KiB.
  for (const std::size_t block_end : {std::size_t{1} << 14, std::size_t{3} << 14}) {
    CAPTURE(block_end);
    std::string text = "id,unit,status,received,due\r\n";
    const std::string row_end = ",pending,2024-01-02,2024-01-05\r\n";
    const std::string filler_row =
        "F," + std::string(block_end - text.size() - 2 - row_end.size() + 1, 'u');
    text += filler_row + row_end;  // its '\r' is the last byte of a block
    CHECK(text.size() == block_end + 1);
    CHECK(text[block_end - 1] == '\r');
    text += "G,x,pending,2024-01-09,2024-01-05\r\n";
    const DossierReadResult split = read_text(text);
    check_invariant(split);
    CHECK(split.ingested.batch.id == std::vector<std::string>{"F"});
    REQUIRE(split.ingested.rejected.size() == 1);
    CHECK(split.ingested.rejected[0].row == 3);
  }
}
