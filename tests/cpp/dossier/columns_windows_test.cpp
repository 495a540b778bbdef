// count_grouped against the row API where its difference arrays and bucket lookup could be off
// by one: dossiers received, closed or due exactly on a window's first or last day (the
// cut-off) or the day around it, before the first window, after the last, open across many
// cut-offs, refused / withdrawn, due dates computed from processing days; with one window,
// quarters, months and daily windows; groups that are empty in some windows. Every cell is
// compared with classify() + accumulate() row by row, over random tables with fixed seeds.
#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "cchc/dossier/columns.hpp"
#include "support.hpp"

using cchc::Date;
using cchc::calendar::CutoffRule;
using cchc::calendar::DataRange;
using cchc::calendar::PeriodKind;
using namespace cchc::dossier;
using cchc::test::d;

namespace {

// Days a boundary error would show on: each window's first and last day and their neighbours.
std::vector<Date> boundary_days(const std::vector<DataRange>& windows) {
  std::vector<Date> days;
  for (const DataRange& window : windows) {
    for (const int offset : {-1, 0, 1}) {
      days.push_back(window.first + offset);
      days.push_back(window.last + offset);
    }
  }
  return days;
}

// Valid dossiers whose dates fall on boundary days half of the time, around [start, end).
std::vector<DossierRecord> boundary_records(std::size_t count, unsigned seed,
                                            const std::vector<DataRange>& windows) {
  std::mt19937 rng(seed);
  const auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const std::vector<Date> boundaries = boundary_days(windows);
  // From before the first window to after the last.
  const Date start = windows.front().first - 40;
  const int span = windows.back().last - start + 80;
  const auto some_day = [&]() {
    if (pick(2) == 0)
      return boundaries[static_cast<std::size_t>(pick(static_cast<int>(boundaries.size())))];
    return start + pick(span);
  };
  // A day on or after `from`: often a boundary day, sometimes the same day, sometimes far.
  const auto day_from = [&](Date from) {
    for (int attempt = 0; attempt < 4; ++attempt) {
      const Date day = some_day();
      if (day >= from) return day;
    }
    const int kind = pick(4);
    if (kind == 0) return from;
    if (kind == 1) return from + 1 + pick(10);
    return from + pick(span);
  };
  std::vector<DossierRecord> records;
  for (std::size_t i = 0; i < count; ++i) {
    DossierRecord r;
    r.id = std::string("R") + std::to_string(i);
    r.unit = std::string("U") + std::to_string(pick(4));
    r.field = std::string("F") + std::to_string(pick(2));
    r.channel = static_cast<Channel>(pick(4));
    r.online_level = static_cast<OnlineLevel>(pick(4));
    r.received = some_day();
    if (pick(4) == 0) {
      r.processing_days = pick(30);  // the due date is computed (working days)
    } else {
      r.due = day_from(r.received);
    }
    const int fate = pick(8);
    if (fate <= 1) {
      r.status = Status::pending;  // open across every later cut-off
    } else if (fate == 2) {
      r.status = Status::refused;
      r.resolved = day_from(r.received);
    } else if (fate == 3) {
      r.status = Status::withdrawn;
      r.resolved = day_from(r.received);
    } else {
      r.status = Status::resolved;
      if (pick(5) != 0) r.resolved = day_from(r.received);
      if (pick(2) == 0 || !r.resolved) r.returned = day_from(r.resolved ? *r.resolved : r.received);
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

// The reference: every (group, window) by classify() + accumulate() of every row.
std::map<std::vector<std::string>, std::vector<IndicatorCounts>> reference(
    const DossierBatch& batch, const std::vector<GroupBy>& by,
    const std::vector<DataRange>& windows, const ClassifyOptions& options) {
  std::map<std::vector<std::string>, std::vector<IndicatorCounts>> cells;
  for (std::size_t row = 0; row < batch.size(); ++row) {
    std::vector<std::string> key;
    for (const GroupBy group : by) key.emplace_back(group_value(batch, row, group));
    auto& counts = cells[key];
    counts.resize(windows.size());
    for (std::size_t w = 0; w < windows.size(); ++w) {
      accumulate(counts[w], batch, row, classify(batch, row, windows[w], options));
    }
  }
  if (by.empty() && cells.empty()) cells[{}].resize(windows.size());
  return cells;
}

void check_equal_to_rows(const DossierBatch& batch, const std::vector<DataRange>& windows,
                         const std::vector<GroupBy>& by, CompletionBasis basis, unsigned threads) {
  GroupedCountsRequest request;
  request.by = by;
  request.windows = windows;
  request.options.completion = basis;
  request.threads = threads;
  const GroupedCounts grouped = count_grouped(to_table(batch), request);
  const auto expected = reference(batch, by, windows, request.options);
  REQUIRE(grouped.windows == windows.size());
  REQUIRE(grouped.groups() == expected.size());
  std::size_t g = 0;
  for (const auto& [key, counts] : expected) {  // std::map: byte order of the texts
    for (std::size_t column = 0; column < by.size(); ++column) {
      CHECK(grouped.label(g, column) == key[column]);
    }
    for (std::size_t w = 0; w < windows.size(); ++w) {
      INFO("group " << g << ", window " << w << " (" << windows[w].first.iso() << " – "
                    << windows[w].last.iso() << ")");
      CHECK(grouped.at(g, w) == counts[w]);
    }
    ++g;
  }
}

const CutoffRule kDay14 = CutoffRule::decree_09_2019();

std::vector<DataRange> daily(Date first, int days) {
  std::vector<DataRange> windows;
  for (int i = 0; i < days; ++i) windows.push_back(DataRange{first + i, first + i});
  return windows;
}

}  // namespace

TEST_CASE("count_grouped: cut-off days, open across cut-offs, every window shape, vs the rows") {
  const std::vector<std::pair<const char*, std::vector<DataRange>>> shapes = {
      {"one window", {DataRange{d(2023, 3, 15), d(2023, 6, 14)}}},
      {"one day", {DataRange{d(2023, 5, 10), d(2023, 5, 10)}}},
      {"quarters", period_windows(d(2023, 1, 1), d(2023, 12, 31), PeriodKind::quarter, kDay14)},
      {"months", period_windows(d(2022, 6, 1), d(2024, 5, 31), PeriodKind::month, kDay14)},
      {"daily", daily(d(2023, 2, 20), 45)},
      {"uneven",
       {DataRange{d(2023, 1, 1), d(2023, 1, 1)}, DataRange{d(2023, 1, 2), d(2023, 3, 31)},
        DataRange{d(2023, 4, 1), d(2023, 4, 2)}}},
  };
  unsigned seed = 1900;
  // Plain references, not a structured binding: clang 14 cannot capture one in a lambda or
  // in doctest's INFO.
  for (const auto& shape : shapes) {
    const auto& name = shape.first;
    const auto& windows = shape.second;
    const DossierBatch batch = [&] {
      IngestResult ingested =
          ingest(boundary_records(1500, ++seed, windows), cchc::test::civil_service_calendar());
      REQUIRE(ingested.rejected.empty());
      return std::move(ingested.batch);
    }();
    for (const CompletionBasis basis : {CompletionBasis::resolved, CompletionBasis::returned}) {
      for (const std::vector<GroupBy>& by :
           {std::vector<GroupBy>{}, std::vector<GroupBy>{GroupBy::unit},
            std::vector<GroupBy>{GroupBy::unit, GroupBy::channel},
            std::vector<GroupBy>{GroupBy::channel, GroupBy::field, GroupBy::unit}}) {
        INFO(name << ", basis " << static_cast<int>(basis) << ", " << by.size() << " keys");
        check_equal_to_rows(batch, windows, by, basis, 3);
      }
    }
  }
}

TEST_CASE("count_grouped: each boundary case alone, vs the rows") {
  // Windows: 2023-01-15 … 2023-02-14, … 2023-03-14, … 2023-04-14.
  const std::vector<DataRange> windows =
      period_windows(d(2023, 1, 20), d(2023, 3, 20), PeriodKind::month, kDay14);
  REQUIRE(windows.size() == 3);
  REQUIRE(windows[0].first == d(2023, 1, 15));
  REQUIRE(windows[2].last == d(2023, 4, 14));
  const auto make = [](Date received, std::optional<Date> due, Status status,
                       std::optional<Date> resolved) {
    DossierRecord r;
    r.id = "x";
    r.unit = "U";
    r.received = received;
    r.due = due;
    if (!due) r.processing_days = 5;
    r.status = status;
    r.resolved = resolved;
    return r;
  };
  const std::vector<std::pair<const char*, DossierRecord>> cases = {
      {"pending across every cut-off, overdue from the second",
       make(d(2023, 1, 20), d(2023, 2, 20), Status::pending, {})},
      {"pending, due on a cut-off day (within there, overdue after)",
       make(d(2023, 1, 20), d(2023, 2, 14), Status::pending, {})},
      {"pending, due the day after a cut-off",
       make(d(2023, 1, 20), d(2023, 2, 15), Status::pending, {})},
      {"resolved exactly on a cut-off day",
       make(d(2023, 1, 20), d(2023, 2, 1), Status::resolved, d(2023, 2, 14))},
      {"resolved the day after a cut-off",
       make(d(2023, 1, 20), d(2023, 2, 1), Status::resolved, d(2023, 2, 15))},
      {"received on the cut-off day, resolved the next",
       make(d(2023, 2, 14), d(2023, 2, 20), Status::resolved, d(2023, 2, 15))},
      {"received and resolved on the first day",
       make(d(2023, 1, 15), d(2023, 1, 15), Status::resolved, d(2023, 1, 15))},
      {"received before the first window, open through all",
       make(d(2022, 12, 1), d(2022, 12, 20), Status::pending, {})},
      {"received and closed before the first window",
       make(d(2022, 12, 1), d(2022, 12, 20), Status::resolved, d(2023, 1, 14))},
      {"received before, closed after the last window",
       make(d(2022, 12, 1), d(2023, 6, 1), Status::resolved, d(2023, 4, 15))},
      {"received after the last window", make(d(2023, 4, 15), d(2023, 4, 20), Status::pending, {})},
      {"received on the last day", make(d(2023, 4, 14), d(2023, 4, 14), Status::pending, {})},
      {"missing due (computed from processing days)",
       make(d(2023, 2, 10), std::nullopt, Status::pending, {})},
      {"refused on a cut-off day",
       make(d(2023, 1, 20), d(2023, 1, 31), Status::refused, d(2023, 3, 14))},
      {"withdrawn on a first day",
       make(d(2023, 1, 20), d(2023, 1, 31), Status::withdrawn, d(2023, 2, 15))},
      {"late, resolved in the last window",
       make(d(2023, 1, 16), d(2023, 1, 31), Status::resolved, d(2023, 4, 1))},
  };
  for (const auto& one_case : cases) {
    const auto& name = one_case.first;
    const auto& record = one_case.second;
    INFO(name);
    const IngestResult ingested =
        ingest(std::vector<DossierRecord>{record}, cchc::test::civil_service_calendar());
    REQUIRE(ingested.rejected.empty());
    check_equal_to_rows(ingested.batch, windows, {GroupBy::unit}, CompletionBasis::resolved, 1);
    check_equal_to_rows(ingested.batch, windows, {}, CompletionBasis::resolved, 1);
  }
  // All of them together, on 2 threads, under both completion bases.
  std::vector<DossierRecord> all;
  for (const auto& entry : cases) all.push_back(entry.second);
  const IngestResult ingested = ingest(all, cchc::test::civil_service_calendar());
  REQUIRE(ingested.rejected.empty());
  for (const CompletionBasis basis : {CompletionBasis::resolved, CompletionBasis::returned}) {
    check_equal_to_rows(ingested.batch, windows, {GroupBy::unit}, basis, 2);
  }
}

TEST_CASE("count_grouped: a table that is not validated (closed before received) is refused") {
  DossierTable table;
  table.rows = 2;
  table.received = {100, 200};
  table.due = {110, 210};
  table.resolved = {105, 150};  // row 2 closes 50 days before it is received
  table.status = {Status::resolved, Status::resolved};
  GroupedCountsRequest request;
  request.windows = {DataRange{Date::from_days(90), Date::from_days(300)}};
  request.threads = 1;
  CHECK_THROWS_WITH_AS(count_grouped(table, request), doctest::Contains("row 2"),
                       std::invalid_argument);
}
