#include "cchc/io/dossier_table.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "cchc/error.hpp"
#include "support.hpp"

using namespace cchc::io;
using cchc::test::civil_service_calendar;
using cchc::test::d;

TEST_CASE("dossier table: rows of text cells from any source, numbered by the caller") {
  const std::vector<std::string> header = {"id", "Trạng thái", "Ngày tiếp nhận", "Ngày hẹn trả"};
  DossierTableReader reader(header, "table", civil_service_calendar(), {}, 0, 1, "row");
  using Row = std::vector<std::string_view>;
  reader.add_row(0, Row{"A", "Đang giải quyết", "02/01/2024", "05/01/2024"});
  reader.add_row(1, Row{"", " ", "", ""});  // padding
  reader.add_row(2, Row{"B", "Đang giải quyết", "02/01/2024", "01/01/2024"});
  reader.add_row(3, Row{"A", "Đang giải quyết", "02/01/2024", "05/01/2024"});
  reader.reject_row(4, "", "could not be split");
  const DossierReadResult result = reader.finish();
  CHECK(result.ingested.rows_in == 4);
  CHECK(result.blank_rows == 1);
  CHECK(result.ingested.batch.size() == 1);
  CHECK(result.ingested.batch.received[0] == d(2024, 1, 2));
  REQUIRE(result.ingested.rejected.size() == 3);
  CHECK(result.ingested.rejected[0].row == 2);
  CHECK(result.ingested.rejected[0].field == "due");
  CHECK(result.ingested.rejected[1].row == 3);
  CHECK(result.ingested.rejected[1].reason.find("(first seen: row 1)") != std::string::npos);
  CHECK(result.ingested.rejected[2].row == 4);
  CHECK(result.ingested.rejected[2].reason == "could not be split");
}

TEST_CASE("dossier table: fail fast reports the caller's line") {
  const std::vector<std::string> header = {"id", "status", "received", "due"};
  DossierTableOptions options;
  options.fail_on_first_bad_row = true;
  DossierTableReader reader(header, "table", civil_service_calendar(), options, 0, 1, "row");
  using Row = std::vector<std::string_view>;
  reader.add_row(0, Row{"A", "pending", "2024-01-02", "2024-01-05"});
  try {
    reader.add_row(1, Row{"B", "pending", "2024-01-02", "2024-01-01"});
    FAIL("no ParseError");
  } catch (const cchc::ParseError& error) {
    CHECK(error.line() == 2);
    CHECK(error.field() == "due");
  }
}

TEST_CASE("dossier table: an empty header names every required column") {
  const std::vector<std::string> header;
  CHECK_THROWS_AS(DossierTableReader(header, "table", civil_service_calendar()), cchc::ParseError);
}
