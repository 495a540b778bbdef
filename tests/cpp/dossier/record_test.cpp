#include "cchc/dossier/record.hpp"

#include <doctest/doctest.h>

#include "support.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cchc/error.hpp"

using cchc::Date;
using cchc::calendar::Pause;
using cchc::calendar::WorkCalendar;
using namespace cchc::dossier;

using cchc::test::d;

namespace {
const WorkCalendar& work_calendar() {
  return cchc::test::civil_service_calendar();
}

DossierRecord valid(std::string id) {
  DossierRecord record;
  record.id = std::move(id);
  record.unit = "Sở Công Thương";
  record.field = "Lưu thông hàng hóa trong nước";
  record.procedure = "2.000633";
  record.channel = Channel::online;
  record.online_level = OnlineLevel::full;
  record.received = d(2023, 1, 5);
  record.processing_days = 10;
  return record;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("validate: invalid records name the dossier, the field and the reason") {
  CHECK_FALSE(validate(valid("OK")).has_value());

  DossierRecord record = valid("BAD-RESOLVED");
  record.status = Status::resolved;
  record.resolved = d(2023, 1, 4);
  auto problem = validate(record);
  REQUIRE(problem);
  CHECK(problem->id == "BAD-RESOLVED");
  CHECK(problem->field == "resolved");
  CHECK(problem->reason == "resolved 04/01/2023 is before received 05/01/2023");

  record = valid("BAD-DAYS");
  record.processing_days = -3;
  problem = validate(record);
  REQUIRE(problem);
  CHECK(problem->field == "processing_days");
  CHECK(contains(problem->reason, "-3"));

  record = valid("BAD-RETURNED");
  record.status = Status::resolved;
  record.resolved = d(2023, 1, 10);
  record.returned = d(2023, 1, 9);
  problem = validate(record);
  REQUIRE(problem);
  CHECK(problem->field == "returned");
  CHECK(contains(problem->reason, "before resolved 10/01/2023"));

  record = valid("NO-DUE");
  record.processing_days.reset();
  REQUIRE(validate(record));
  CHECK(validate(record)->field == "due");

  record = valid("DUE-BEFORE");
  record.due = d(2023, 1, 1);
  REQUIRE(validate(record));
  CHECK(validate(record)->field == "due");

  record = valid("PENDING-WITH-DATE");
  record.resolved = d(2023, 1, 9);
  REQUIRE(validate(record));
  CHECK(validate(record)->field == "status");

  record = valid("RESOLVED-NO-DATE");
  record.status = Status::resolved;
  REQUIRE(validate(record));
  CHECK(validate(record)->field == "resolved");

  record = valid("WITHDRAWN-NO-DATE");
  record.status = Status::withdrawn;
  REQUIRE(validate(record));
  CHECK(contains(validate(record)->reason, "withdrawn"));

  record = valid("PAUSE");
  record.pauses = {Pause{d(2023, 1, 9), d(2023, 1, 6)}};
  REQUIRE(validate(record));
  CHECK(validate(record)->field == "pauses");
  CHECK(contains(validate(record)->reason, "pause 1"));

  record = valid("HOUR");
  record.received_hour = 24;
  REQUIRE(validate(record));
  CHECK(validate(record)->field == "received_hour");

  record = valid("RATING");
  record.satisfaction = 6;
  REQUIRE(validate(record));
  CHECK(validate(record)->field == "satisfaction");
}

TEST_CASE("ingest: rows in = rows accepted + rows rejected, with row numbers") {
  std::vector<DossierRecord> rows;
  rows.push_back(valid("R0"));
  DossierRecord early_resolution = valid("R1");
  early_resolution.status = Status::resolved;
  early_resolution.resolved = d(2022, 12, 31);
  rows.push_back(early_resolution);
  rows.push_back(valid("R2"));
  DossierRecord negative = valid("R3");
  negative.processing_days = -1;
  rows.push_back(negative);
  // The due date falls beyond the calendar (1900–2199): rejected with the reason, not thrown.
  DossierRecord beyond = valid("R4");
  beyond.received = d(2199, 12, 30);
  rows.push_back(beyond);
  DossierRecord resolved = valid("R5");
  resolved.status = Status::resolved;
  resolved.resolved = d(2023, 1, 20);
  resolved.digitised_result = TriState::yes;
  resolved.satisfaction = 5;
  rows.push_back(resolved);

  const IngestResult result = ingest(rows, work_calendar());
  CHECK(result.rows_in == 6);
  CHECK(result.batch.size() == 3);
  REQUIRE(result.rejected.size() == 3);
  CHECK(result.rows_in == result.batch.size() + result.rejected.size());
  CHECK(result.rejected[0].row == 1);
  CHECK(result.rejected[0].id == "R1");
  CHECK(result.rejected[0].field == "resolved");
  CHECK(result.rejected[0].message() ==
        "row 1 (dossier 'R1'): field 'resolved': resolved 31/12/2022 is before received "
        "05/01/2023");
  CHECK(result.rejected[1].row == 3);
  CHECK(result.rejected[1].field == "processing_days");
  CHECK(result.rejected[2].row == 4);
  CHECK(result.rejected[2].field == "due");
  CHECK(contains(result.rejected[2].reason, "cannot compute the due date"));

  // Accepted rows keep their order and their values; the due date is computed.
  CHECK(result.batch.id == std::vector<std::string>{"R0", "R2", "R5"});
  CHECK(result.batch.due[0] == d(2023, 1, 19));  // 10 working days after Thu 5/1/2023
  const DossierRecord back = result.batch.row(2);
  CHECK(back.id == "R5");
  CHECK(back.resolved == d(2023, 1, 20));
  CHECK(back.due == d(2023, 1, 19));
  CHECK(back.digitised_result == TriState::yes);
  CHECK(back.digitised_dossier == TriState::missing);
  CHECK(back.satisfaction == 5);
  CHECK(back.channel == Channel::online);
  CHECK(back.procedure == "2.000633");
}

TEST_CASE("record: enum keys round-trip") {
  for (const Channel channel :
       {Channel::unknown, Channel::online, Channel::in_person, Channel::postal}) {
    CHECK(channel_from_key(channel_key(channel)) == channel);
  }
  for (const OnlineLevel level :
       {OnlineLevel::unknown, OnlineLevel::none, OnlineLevel::partial, OnlineLevel::full}) {
    CHECK(online_level_from_key(online_level_key(level)) == level);
  }
  for (const Status status :
       {Status::pending, Status::resolved, Status::refused, Status::withdrawn}) {
    CHECK(status_from_key(status_key(status)) == status);
  }
  CHECK_FALSE(channel_from_key("fax").has_value());
  CHECK(tri_state_key(TriState::missing) == "missing");
  CHECK(tri_state_key(TriState::no) == "no");
}

TEST_CASE("rejected rows carry their reason as a code with arguments (docs/i18n.md)") {
  DossierRecord record = valid("CODED");
  record.status = Status::resolved;
  record.due = d(2023, 1, 3);
  record.resolved = d(2023, 1, 6);
  auto problem = validate(record);
  REQUIRE(problem);
  CHECK(problem->code.code == "row.due_before_received");
  CHECK(problem->code.arguments ==
        std::vector<std::pair<std::string_view, std::string>>{{"due", "03/01/2023"},
                                                              {"received", "05/01/2023"}});
  // The English reason is the code's template with its arguments, as it always read.
  CHECK(english(problem->code) == problem->reason);
  CHECK(problem->reason == "due 03/01/2023 is before received 05/01/2023");

  record = valid("PAUSE");
  record.pauses = {Pause{d(2023, 1, 10), d(2023, 1, 9)}};
  problem = validate(record);
  REQUIRE(problem);
  CHECK(problem->code.code == "row.pause_out_of_order");
  CHECK(english(problem->code) == problem->reason);

  record = valid("REFUSED");
  record.status = Status::withdrawn;
  problem = validate(record);
  REQUIRE(problem);
  CHECK(problem->code.code == "row.closed_without_date");
  CHECK(problem->reason == "status is withdrawn but the closing date is not given");
}

TEST_CASE("every rejection code has a template whose fields are filled, or an error") {
  for (const auto& [code, text] : rejection_templates()) {
    CHECK((code.starts_with("row.") || code.starts_with("cell.") || code.starts_with("file.")));
    CHECK_FALSE(text.empty());
  }
  CHECK_THROWS_AS((void)english(RejectionCode{"row.no_such_code", {}}), cchc::Error);
  CHECK_THROWS_AS((void)english(RejectionCode{"row.due_before_received", {{"due", "x"}}}),
                  cchc::Error);
  CHECK(english(RejectionCode{"row.received_missing", {}}) == "missing date of receipt");
}
