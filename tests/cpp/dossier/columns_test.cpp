#include "cchc/dossier/columns.hpp"

#include <doctest/doctest.h>

#include "support.hpp"

#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using cchc::Date;
using cchc::calendar::CutoffRule;
using cchc::calendar::DataRange;
using cchc::calendar::Period;
using cchc::calendar::PeriodKind;
using namespace cchc::dossier;
using cchc::test::d;

namespace {

const CutoffRule kDay14 = CutoffRule::decree_09_2019();

std::string numbered(std::string_view prefix, std::size_t number) {
  std::string text(prefix);
  text += std::to_string(number);
  return text;
}

/// Random valid dossiers over 2022–2024 of every kind: new, carried over across several
/// quarters, pending, refused, withdrawn, returned before / after resolution, facts missing.
std::vector<DossierRecord> random_records(std::size_t count, unsigned seed) {
  std::mt19937 rng(seed);
  const auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const Date start = d(2022, 1, 1);
  std::vector<DossierRecord> records;
  for (std::size_t i = 0; i < count; ++i) {
    DossierRecord r;
    r.id = numbered("R", i);
    r.unit = numbered("U", static_cast<std::size_t>(pick(5)));
    r.field = numbered("F", static_cast<std::size_t>(pick(3)));
    r.procedure = numbered("P", static_cast<std::size_t>(pick(7)));
    r.channel = static_cast<Channel>(pick(4));
    r.online_level = static_cast<OnlineLevel>(pick(4));
    r.received = start + pick(3 * 365);
    if (pick(3) == 0) {
      r.processing_days = pick(40);
    } else {
      r.due = r.received + pick(60);
    }
    const int fate = pick(10);
    const Date closed = r.received + (pick(8) == 0 ? pick(400) : pick(50));
    if (fate == 0) {
      r.status = Status::pending;
    } else if (fate == 1) {
      r.status = Status::refused;
      r.resolved = closed;
    } else if (fate == 2) {
      r.status = Status::withdrawn;
      r.resolved = closed;
    } else {
      r.status = Status::resolved;
      if (pick(6) != 0) r.resolved = closed;
      if (pick(2) == 0 || !r.resolved) r.returned = closed + pick(10);
    }
    const auto tri = [&pick]() { return static_cast<TriState>(pick(3) - 1); };
    r.digitised_dossier = tri();
    r.digitised_result = tri();
    r.electronic_result = tri();
    r.fee_required = tri();
    r.paid_online = tri();
    r.reused_data = tri();
    if (pick(2) == 0) r.satisfaction = static_cast<std::uint8_t>(1 + pick(5));
    records.push_back(std::move(r));
  }
  return records;
}

DossierBatch batch_of(const std::vector<DossierRecord>& records) {
  IngestResult ingested = ingest(records, cchc::test::civil_service_calendar());
  REQUIRE(ingested.rejected.empty());
  return std::move(ingested.batch);
}

/// The reference: classify() and accumulate() of every row in one window, no columnar code.
IndicatorCounts reference_count(const DossierBatch& batch, const DataRange& window,
                                const ClassifyOptions& options, GroupBy group = GroupBy::unit,
                                std::string_view only = {}) {
  IndicatorCounts counts;
  for (std::size_t row = 0; row < batch.size(); ++row) {
    if (!only.empty() && group_value(batch, row, group) != only) continue;
    accumulate(counts, batch, row, classify(batch, row, window, options));
  }
  return counts;
}

std::vector<DataRange> quarters_2022_2024() {
  return period_windows(d(2022, 1, 1), d(2024, 12, 31), PeriodKind::quarter, kDay14);
}

GroupedCountsRequest request_of(std::vector<GroupBy> by, std::vector<DataRange> windows,
                                unsigned threads) {
  GroupedCountsRequest request;
  request.by = std::move(by);
  request.windows = std::move(windows);
  request.threads = threads;
  return request;
}

}  // namespace

TEST_CASE("count_grouped: every group and quarter equals classify + accumulate, carried over") {
  const DossierBatch batch = batch_of(random_records(3000, 7));
  const DossierTable table = to_table(batch);
  const std::vector<DataRange> windows = quarters_2022_2024();
  REQUIRE(windows.size() == 13);  // Q1/2022 (15/12/2021–) … Q1/2025
  for (const CompletionBasis basis : {CompletionBasis::resolved, CompletionBasis::returned}) {
    GroupedCountsRequest request = request_of({GroupBy::unit}, windows, 3);
    request.options.completion = basis;
    const GroupedCounts grouped = count_grouped(table, request);
    REQUIRE(grouped.groups() == 5);
    std::int64_t carried = 0;
    for (std::size_t g = 0; g < grouped.groups(); ++g) {
      const std::string unit(grouped.label(g, 0));
      CHECK(unit == numbered("U", g));  // ordered by text
      for (std::size_t w = 0; w < windows.size(); ++w) {
        CHECK(grouped.at(g, w) ==
              reference_count(batch, windows[w], request.options, GroupBy::unit, unit));
        carried += grouped.at(g, w).received_carried_over;
      }
    }
    CHECK(carried > 100);  // the data does exercise dossiers open across several quarters
  }
}

TEST_CASE("count_grouped: threads = 1 and threads = N give identical results") {
  const DossierTable table = to_table(batch_of(random_records(5000, 11)));
  const std::vector<GroupBy> by = {GroupBy::procedure, GroupBy::channel, GroupBy::unit};
  const GroupedCounts one = count_grouped(table, request_of(by, quarters_2022_2024(), 1));
  for (const unsigned threads : {2U, 3U, 8U, 64U}) {
    const GroupedCounts many = count_grouped(table, request_of(by, quarters_2022_2024(), threads));
    CHECK(many.group_codes == one.group_codes);
    CHECK(many.counts == one.counts);
    CHECK(many.labels == one.labels);
  }
}

TEST_CASE("count_grouped: merge(count(a), count(b)) == count(a ∪ b)") {
  const std::vector<DossierRecord> records = random_records(2000, 23);
  const std::vector<DossierRecord> a(records.begin(), records.begin() + 700);
  const std::vector<DossierRecord> b(records.begin() + 700, records.end());
  const std::vector<DataRange> windows = quarters_2022_2024();
  const auto by_key = [&windows](const std::vector<DossierRecord>& part) {
    const GroupedCounts grouped = count_grouped(
        to_table(batch_of(part)), request_of({GroupBy::unit, GroupBy::field}, windows, 2));
    std::map<std::pair<std::string, std::size_t>, IndicatorCounts> cells;
    for (std::size_t g = 0; g < grouped.groups(); ++g) {
      const std::string key =
          std::string(grouped.label(g, 0)) + "|" + std::string(grouped.label(g, 1));
      for (std::size_t w = 0; w < windows.size(); ++w) cells[{key, w}] = grouped.at(g, w);
    }
    return cells;
  };
  auto merged = by_key(a);
  for (const auto& [key, counts] : by_key(b)) merged[key] += counts;
  CHECK(merged == by_key(records));
}

TEST_CASE("count_grouped: groups without rows never appear; no groups gives one row") {
  std::vector<DossierRecord> records = random_records(50, 3);
  for (DossierRecord& record : records) record.channel = Channel::online;
  const DossierTable table = to_table(batch_of(records));
  const GroupedCounts by_channel = count_grouped(
      table, request_of({GroupBy::channel}, {DataRange{d(2023, 1, 1), d(2023, 12, 31)}}, 1));
  REQUIRE(by_channel.groups() == 1);
  CHECK(by_channel.label(0, 0) == "online");

  const DossierTable empty = to_table(DossierBatch{});
  const GroupedCounts none = count_grouped(empty, request_of({}, quarters_2022_2024(), 2));
  CHECK(none.groups() == 1);
  CHECK(none.at(0, 12) == IndicatorCounts{});
  CHECK(count_grouped(empty, request_of({GroupBy::unit}, quarters_2022_2024(), 2)).groups() == 0);
}

TEST_CASE("count_grouped: windows must be given, in order and contiguous") {
  const DossierTable table = to_table(batch_of(random_records(10, 1)));
  CHECK_THROWS_AS(count_grouped(table, request_of({}, {}, 1)), std::invalid_argument);
  CHECK_THROWS_AS(count_grouped(table, request_of({},
                                                  {DataRange{d(2023, 1, 1), d(2023, 1, 31)},
                                                   DataRange{d(2023, 2, 2), d(2023, 2, 28)}},
                                                  1)),
                  std::invalid_argument);
  CHECK_THROWS_AS(
      count_grouped(table, request_of({}, {DataRange{d(2023, 2, 1), d(2023, 1, 31)}}, 1)),
      std::invalid_argument);
}

namespace {

/// Columns of `records` as a caller would hand them over: dates as int64 seconds (NaT for
/// missing), text as int8 / int16 codes, numbers as float64 with NaN, tri-states as codes.
struct OwnedColumns {
  std::vector<std::string> units, fields, procedures;
  std::vector<std::int8_t> unit_codes;
  std::vector<std::int16_t> field_codes;
  std::vector<std::int64_t> procedure_codes;
  std::vector<std::int8_t> channel, level, status;
  std::vector<std::int64_t> received, due, resolved, returned;
  std::vector<double> processing_days, satisfaction;
  std::vector<std::int8_t> tri[6];
  std::vector<std::uint8_t> received_missing;
  std::vector<std::int16_t> enum_values{0, 1, 2, 3};
  std::vector<std::int16_t> tri_values{-1, 0, 1};
  DossierColumnsView view;

  explicit OwnedColumns(const std::vector<DossierRecord>& records) {
    const auto code_of = [](std::vector<std::string>& dictionary, const std::string& text) {
      for (std::size_t i = 0; i < dictionary.size(); ++i) {
        if (dictionary[i] == text) return static_cast<std::int64_t>(i);
      }
      dictionary.push_back(text);
      return static_cast<std::int64_t>(dictionary.size() - 1);
    };
    const auto seconds = [](const std::optional<Date>& date) {
      return date ? std::int64_t{date->days_since_epoch()} * 86400 + 3600
                  : std::numeric_limits<std::int64_t>::min();
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const DossierRecord& r : records) {
      unit_codes.push_back(static_cast<std::int8_t>(code_of(units, r.unit)));
      field_codes.push_back(static_cast<std::int16_t>(code_of(fields, r.field)));
      procedure_codes.push_back(code_of(procedures, r.procedure));
      channel.push_back(static_cast<std::int8_t>(r.channel));
      level.push_back(static_cast<std::int8_t>(r.online_level));
      status.push_back(static_cast<std::int8_t>(r.status));
      received.push_back(seconds(r.received));
      received_missing.push_back(0);
      due.push_back(seconds(r.due));
      resolved.push_back(seconds(r.resolved));
      returned.push_back(seconds(r.returned));
      processing_days.push_back(r.processing_days ? *r.processing_days : nan);
      satisfaction.push_back(r.satisfaction ? *r.satisfaction : nan);
      const TriState facts[6] = {r.digitised_dossier, r.digitised_result, r.electronic_result,
                                 r.fee_required,      r.paid_online,      r.reused_data};
      for (int i = 0; i < 6; ++i)
        tri[i].push_back(static_cast<std::int8_t>(static_cast<int>(facts[i]) + 1));
    }
    view.rows = records.size();
    view.unit = {{unit_codes.data(), 1, nullptr}, units};
    view.field = {{field_codes.data(), 2, nullptr}, fields};
    view.procedure = {{procedure_codes.data(), 8, nullptr}, procedures};
    view.channel = {{channel.data(), 1, nullptr}, enum_values};
    view.online_level = {{level.data(), 1, nullptr}, enum_values};
    view.status = {{status.data(), 1, nullptr}, enum_values};
    view.received = {received.data(), DateUnit::seconds, received_missing.data()};
    view.due = {due.data(), DateUnit::seconds, nullptr};
    view.resolved = {resolved.data(), DateUnit::seconds, nullptr};
    view.returned = {returned.data(), DateUnit::seconds, nullptr};
    view.processing_days = {processing_days.data(), true, nullptr};
    view.satisfaction = {satisfaction.data(), true, nullptr};
    EnumColumnView* facts[6] = {&view.digitised_dossier, &view.digitised_result,
                                &view.electronic_result, &view.fee_required,
                                &view.paid_online,       &view.reused_data};
    for (int i = 0; i < 6; ++i) *facts[i] = {{tri[i].data(), 1, nullptr}, tri_values};
  }
};

}  // namespace

TEST_CASE("ingest_columns: the same table as the row ingest, on any thread count") {
  const std::vector<DossierRecord> records = random_records(4000, 5);
  const DossierTable expected = to_table(batch_of(records));
  OwnedColumns columns(records);
  for (const unsigned threads : {1U, 4U}) {
    TableIngestOptions options;
    options.threads = threads;
    const TableIngest ingested =
        ingest_columns(columns.view, cchc::test::civil_service_calendar(), {}, options);
    CHECK(ingested.rejected.empty());
    CHECK(ingested.rows_in == records.size());
    const DossierTable& table = ingested.table;
    REQUIRE(table.size() == expected.size());
    CHECK(table.received == expected.received);
    CHECK(table.due == expected.due);  // computed from processing_days where missing
    CHECK(table.resolved == expected.resolved);
    CHECK(table.returned == expected.returned);
    CHECK(table.status == expected.status);
    CHECK(table.channel == expected.channel);
    CHECK(table.satisfaction == expected.satisfaction);
    CHECK(table.paid_online == expected.paid_online);
    CHECK(table.first_received == expected.first_received);
    const auto windows = quarters_2022_2024();
    const auto by = std::vector<GroupBy>{GroupBy::unit, GroupBy::procedure};
    CHECK(count_grouped(table, request_of(by, windows, 2)).counts ==
          count_grouped(expected, request_of(by, windows, 1)).counts);
  }
}

TEST_CASE(
    "ingest_columns: rejected rows carry row, field and reason; rows in = accepted + rejected") {
  std::vector<DossierRecord> records = random_records(200, 9);
  for (DossierRecord& record : records) {  // keep rejections to the rows below
    record.due = record.received + 5;
    record.processing_days.reset();
  }
  records[3].resolved = records[3].received - 1;  // a rule of validate()
  records[3].status = Status::resolved;
  records[17].due.reset();  // no due date and no processing days
  OwnedColumns columns(records);
  columns.received_missing[40] = 1;   // missing receipt through the mask
  columns.status[41] = 9;             // a code with no value
  columns.processing_days[42] = 2.5;  // not a whole number
  columns.satisfaction[43] = 7;       // outside 1–5
  const std::vector<CellProblem> problems = {{44, "received", "cannot read 'abc' as a date"}};
  columns.view.problems = problems;
  for (const unsigned threads : {1U, 3U}) {
    TableIngestOptions options;
    options.threads = threads;
    const TableIngest ingested =
        ingest_columns(columns.view, cchc::test::civil_service_calendar(), {}, options);
    REQUIRE(ingested.rejected.size() == 7);
    CHECK(ingested.rows_in == ingested.table.size() + ingested.rejected.size());
    const auto& rejected = ingested.rejected;
    CHECK(rejected[0].row == 3);
    CHECK(rejected[0].field == "resolved");
    CHECK(rejected[0].reason.find("before received") != std::string::npos);
    CHECK(rejected[1].row == 17);
    CHECK(rejected[1].field == "due");
    CHECK(rejected[2].row == 40);
    CHECK(rejected[2].reason == "missing date of receipt");
    CHECK(rejected[3].field == "status");
    CHECK(rejected[4].field == "processing_days");
    CHECK(rejected[4].reason.find("whole number") != std::string::npos);
    CHECK(rejected[5].field == "satisfaction");
    CHECK(rejected[5].reason == "rating 7 is outside 1–5");
    CHECK(rejected[6].row == 44);
    CHECK(rejected[6].reason == "cannot read 'abc' as a date");
    CHECK(ingested.table.received[3] == columns.received[4] / 86400);  // compacted
  }
  TableIngestOptions strict;
  strict.fail_on_first_bad_row = true;
  strict.source = "export.csv";
  strict.threads = 2;
  try {
    ingest_columns(columns.view, cchc::test::civil_service_calendar(), {}, strict);
    FAIL("no ParseError");
  } catch (const cchc::ParseError& error) {
    CHECK(error.line() == 4);
    CHECK(error.field() == "resolved");
  }
}

TEST_CASE("ingest_columns: every row rejected, and no rows at all") {
  std::vector<DossierRecord> records = random_records(30, 2);
  OwnedColumns columns(records);
  for (auto& status : columns.status) status = -1;  // missing status rejects the row
  const TableIngest ingested = ingest_columns(columns.view, cchc::test::civil_service_calendar());
  CHECK(ingested.table.empty());
  CHECK(ingested.rejected.size() == 30);
  CHECK(ingested.rejected[0].reason.find("missing") != std::string::npos);
  CHECK(ingested.table.first_received == kMissingDay);
  const GroupedCounts grouped =
      count_grouped(ingested.table, request_of({GroupBy::unit}, quarters_2022_2024(), 2));
  CHECK(grouped.groups() == 0);

  DossierColumnsView nothing;
  const TableIngest none = ingest_columns(nothing, cchc::test::civil_service_calendar());
  CHECK(none.rows_in == 0);
  CHECK(none.table.empty());
}

TEST_CASE("ingest_columns: datetime64 units and day numbers read the same day") {
  const std::int32_t day = d(1969, 12, 31).days_since_epoch();  // before the epoch: floor
  const std::int64_t seconds[] = {std::int64_t{day} * 86400 + 43200};
  const std::int64_t nanos[] = {(std::int64_t{day} * 86400 + 43200) * 1000000000};
  const std::int32_t days[] = {day};
  const std::int64_t due_days[] = {std::int64_t{day} + 3};
  const std::int8_t status[] = {0};
  const std::int16_t values[] = {0, 1, 2, 3};
  for (const auto& [data, unit] : {std::pair<const void*, DateUnit>{seconds, DateUnit::seconds},
                                   {nanos, DateUnit::nanoseconds},
                                   {days, DateUnit::days32}}) {
    DossierColumnsView view;
    view.rows = 1;
    view.received = {data, unit, nullptr};
    view.due = {due_days, DateUnit::days, nullptr};
    view.status = {{status, 1, nullptr}, values};
    const TableIngest ingested = ingest_columns(view, cchc::test::civil_service_calendar());
    REQUIRE(ingested.table.size() == 1);
    CHECK(ingested.table.received[0] == day);
    CHECK(ingested.table.due[0] == day + 3);
  }
}

TEST_CASE("count_grouped: many combinations (numbered, not dense) give the same counts") {
  // 400 units × 400 procedures = 160 000 possible combinations: beyond the dense index, so
  // the combinations that occur are numbered first.
  std::vector<DossierRecord> records = random_records(3000, 31);
  std::mt19937 rng(4);
  for (DossierRecord& record : records) {
    record.unit = numbered("U", rng() % 400);
    record.procedure = numbered("P", rng() % 400);
  }
  const DossierBatch batch = batch_of(records);
  const DossierTable table = to_table(batch);
  const std::vector<DataRange> windows = quarters_2022_2024();
  const GroupedCounts one =
      count_grouped(table, request_of({GroupBy::unit, GroupBy::procedure}, windows, 1));
  const GroupedCounts many =
      count_grouped(table, request_of({GroupBy::unit, GroupBy::procedure}, windows, 5));
  CHECK(many.counts == one.counts);
  CHECK(many.group_codes == one.group_codes);
  std::set<std::pair<std::string, std::string>> seen;
  for (const DossierRecord& record : records) seen.emplace(record.unit, record.procedure);
  REQUIRE(one.groups() == seen.size());
  std::string previous;
  for (std::size_t g = 0; g < one.groups(); ++g) {
    const std::string unit(one.label(g, 0));
    const std::string procedure(one.label(g, 1));
    const std::string key = unit + "\x01" + procedure;
    CHECK(previous < key);  // ordered by the texts
    previous = key;
    for (const std::size_t w : {std::size_t{0}, std::size_t{5}, std::size_t{12}}) {
      IndicatorCounts expected;
      for (std::size_t row = 0; row < batch.size(); ++row) {
        if (batch.unit[row] != unit || batch.procedure[row] != procedure) continue;
        accumulate(expected, batch, row, classify(batch, row, windows[w]));
      }
      CHECK(one.at(g, w) == expected);
    }
  }
}

TEST_CASE("count_columns: the counts and rejected rows of ingest_columns + count_grouped") {
  // More rows than one slice (32 768), with bad rows on both sides of slice boundaries.
  std::vector<DossierRecord> records = random_records(70000, 31);
  OwnedColumns columns(records);
  for (const std::size_t row : {0UL, 32767UL, 32768UL, 50000UL, 69999UL}) {
    columns.received_missing[row] = 1;
  }
  columns.status[32769] = 9;
  columns.processing_days[40000] = 1.5;
  records[40000].processing_days.reset();  // (the column above is what counts)
  columns.satisfaction[65536] = 0;
  const std::vector<CellProblem> problems = {{65537, "due", "cannot read 'x' as a date"},
                                             {12, "unit", "bad text"},
                                             {65537, "received", "a second problem"}};
  columns.view.problems = problems;
  const auto& calendar = cchc::test::civil_service_calendar();
  for (const unsigned threads : {1U, 2U, 3U}) {
    TableIngestOptions options;
    options.threads = threads;
    const TableIngest ingested = ingest_columns(columns.view, calendar, {}, options);
    REQUIRE(ingested.rejected.size() == 10);
    for (const std::vector<GroupBy>& by :
         {std::vector<GroupBy>{}, std::vector<GroupBy>{GroupBy::unit},
          std::vector<GroupBy>{GroupBy::unit, GroupBy::channel, GroupBy::procedure}}) {
      for (const CompletionBasis basis : {CompletionBasis::resolved, CompletionBasis::returned}) {
        GroupedCountsRequest request = request_of(by, quarters_2022_2024(), 1);
        request.options.completion = basis;
        const GroupedCounts expected = count_grouped(ingested.table, request);
        const ColumnCounts counted = count_columns(columns.view, calendar, {}, options, request);
        CHECK(counted.counts.group_codes == expected.group_codes);
        CHECK(counted.counts.labels == expected.labels);
        CHECK(counted.counts.counts == expected.counts);
        CHECK(counted.rows_in == records.size());
        CHECK(counted.rows_accepted == ingested.table.size());
        REQUIRE(counted.rejected.size() == ingested.rejected.size());
        for (std::size_t i = 0; i < counted.rejected.size(); ++i) {
          CHECK(counted.rejected[i].row == ingested.rejected[i].row);
          CHECK(counted.rejected[i].field == ingested.rejected[i].field);
          CHECK(counted.rejected[i].reason == ingested.rejected[i].reason);
        }
      }
    }
  }
  CHECK(count_columns(columns.view, calendar, {}, {}, request_of({}, quarters_2022_2024(), 1))
            .rejected[1]
            .reason == "bad text");

  TableIngestOptions strict;
  strict.fail_on_first_bad_row = true;
  strict.source = "export.csv";
  strict.threads = 2;
  try {
    static_cast<void>(count_columns(columns.view, calendar, {}, strict,
                                    request_of({GroupBy::unit}, quarters_2022_2024(), 1)));
    FAIL("no ParseError");
  } catch (const cchc::ParseError& error) {
    CHECK(error.line() == 1);
    CHECK(error.field() == "received");
  }

  // No rows at all: the one ungrouped row of zeros, as count_grouped gives.
  OwnedColumns none(std::vector<DossierRecord>{});
  const ColumnCounts empty =
      count_columns(none.view, calendar, {}, {}, request_of({}, quarters_2022_2024(), 1));
  CHECK(empty.rows_in == 0);
  REQUIRE(empty.counts.groups() == 1);
  CHECK(empty.counts.at(0, 0) == IndicatorCounts{});
}

TEST_CASE("ingest_columns: datetime64[s] edges (the division-free conversion and its fallback)") {
  constexpr std::int64_t kDay = 86400;
  constexpr std::int64_t kFastDays = std::int64_t{1} << 20;  // the fast path's reach
  std::vector<std::int64_t> seconds = {0, -1, 1, kDay - 1, kDay, -kDay, -kDay - 1, -kDay + 1};
  for (const std::int64_t day :
       {kFastDays, -kFastDays, kFastDays - 1, -kFastDays - 1, kFastDays + 1, std::int64_t{19000},
        std::int64_t{std::numeric_limits<std::int32_t>::max()},
        std::int64_t{std::numeric_limits<std::int32_t>::min()},
        std::int64_t{std::numeric_limits<std::int32_t>::min()} + 1}) {
    for (const std::int64_t offset :
         std::vector<std::int64_t>{-kDay - 1, -kDay, -1, 0, 1, kDay - 1, kDay}) {
      seconds.push_back(day * kDay + offset);
    }
  }
  seconds.push_back(std::numeric_limits<std::int64_t>::max());
  seconds.push_back(std::numeric_limits<std::int64_t>::min() + 1);
  std::mt19937_64 rng(77);
  for (int i = 0; i < 20000; ++i) {
    const auto value = static_cast<std::int64_t>(rng());
    seconds.push_back(i % 2 == 0 ? value : value % (3 * kFastDays * kDay));
  }
  const std::size_t rows = seconds.size();
  const std::vector<std::int8_t> status(rows, 0);
  const std::vector<std::int16_t> values = {0, 1, 2, 3};
  DossierColumnsView view;
  view.rows = rows;
  view.received = {seconds.data(), DateUnit::seconds, nullptr};
  view.due = {seconds.data(), DateUnit::seconds, nullptr};
  view.status = {{status.data(), 1, nullptr}, values};
  const TableIngest ingested = ingest_columns(view, cchc::test::civil_service_calendar());
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  for (std::size_t row = 0; row < rows; ++row) {
    std::int64_t day = seconds[row] / kDay;
    if (seconds[row] % kDay < 0) --day;
    if (day > std::numeric_limits<std::int32_t>::min() &&
        day <= std::numeric_limits<std::int32_t>::max()) {
      REQUIRE(accepted < ingested.table.size());
      INFO("seconds " << seconds[row]);
      CHECK(ingested.table.received[accepted] == day);
      ++accepted;
    } else {
      REQUIRE(rejected < ingested.rejected.size());
      CHECK(ingested.rejected[rejected].row == row);
      CHECK(ingested.rejected[rejected].field == "received");
      ++rejected;
    }
  }
  CHECK(accepted == ingested.table.size());
  CHECK(rejected == ingested.rejected.size());
  CHECK(rejected > 5000);  // the full int64 range is mostly beyond int32 days
}
