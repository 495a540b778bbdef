#include "cchc/dossier/indicators.hpp"

#include <doctest/doctest.h>

#include "support.hpp"

#include <random>
#include <set>
#include <string>
#include <vector>

using cchc::Date;
using cchc::calendar::CutoffRule;
using cchc::calendar::DataRange;
using cchc::calendar::Period;
using cchc::calendar::PeriodKind;
using cchc::calendar::WorkCalendar;
using namespace cchc::dossier;

using cchc::test::d;

namespace {
const WorkCalendar& work_calendar() {
  return cchc::test::civil_service_calendar();
}

const DataRange kQ1of2023 =
    cchc::calendar::data_range(Period::quarter(2023, 1), CutoffRule::decree_09_2019());

DossierRecord dossier(std::string id, Date received, Date due) {
  DossierRecord record;
  record.id = std::move(id);
  record.unit = "Sở Công Thương";
  record.received = received;
  record.due = due;
  return record;
}

DossierRecord resolved_on(DossierRecord record, Date resolved) {
  record.status = Status::resolved;
  record.resolved = resolved;
  return record;
}

DossierBatch batch_of(const std::vector<DossierRecord>& records) {
  IngestResult ingested = ingest(records, work_calendar());
  REQUIRE(ingested.rejected.empty());
  return std::move(ingested.batch);
}

/// Ten hand-checkable dossiers in Q1/2023 (window 15/12/2022–14/3/2023).
std::vector<DossierRecord> small_set() {
  std::vector<DossierRecord> rows;
  const Date due = d(2023, 2, 10);
  // 4 resolved: 2 early, 1 on time, 1 late.
  rows.push_back(resolved_on(dossier("early-1", d(2023, 1, 5), due), d(2023, 2, 1)));
  rows.push_back(resolved_on(dossier("early-2", d(2023, 1, 6), due), d(2023, 2, 9)));
  rows.push_back(resolved_on(dossier("on-time", d(2023, 1, 9), due), d(2023, 2, 10)));
  rows.push_back(resolved_on(dossier("late", d(2023, 1, 10), due), d(2023, 2, 13)));
  // 2 pending at 14/3: 1 within, 1 overdue.
  rows.push_back(dossier("pending-within", d(2023, 3, 1), d(2023, 3, 20)));
  rows.push_back(dossier("pending-overdue", d(2023, 3, 1), d(2023, 3, 10)));
  // 1 carried over (received 1/12/2022), resolved early in the window.
  rows.push_back(resolved_on(dossier("carried", d(2022, 12, 1), d(2022, 12, 20)), d(2022, 12, 16)));
  // 1 refused.
  DossierRecord refused = dossier("refused", d(2023, 1, 11), due);
  refused.status = Status::refused;
  refused.resolved = d(2023, 1, 20);
  rows.push_back(refused);
  // 2 outside: received after the cut-off, closed before the window.
  rows.push_back(dossier("after", d(2023, 3, 15), d(2023, 3, 30)));
  rows.push_back(resolved_on(dossier("before", d(2022, 12, 1), d(2022, 12, 20)), d(2022, 12, 14)));

  // Channels of the 7 new dossiers (early-1 … pending-overdue, refused): 4 online,
  // 1 in person, 1 postal, 1 unknown.
  rows[0].channel = Channel::online;
  rows[1].channel = Channel::online;
  rows[2].channel = Channel::online;
  rows[3].channel = Channel::in_person;
  rows[4].channel = Channel::postal;
  rows[5].channel = Channel::online;
  rows[7].channel = Channel::unknown;
  rows[6].channel = Channel::online;  // carried over: filed in an earlier period
  // Service level: 2 full, 1 partial, 1 none, the rest unknown.
  rows[0].online_level = OnlineLevel::full;
  rows[1].online_level = OnlineLevel::full;
  rows[2].online_level = OnlineLevel::partial;
  rows[3].online_level = OnlineLevel::none;
  // Digitised dossier: yes, yes, no, missing for the rest.
  rows[0].digitised_dossier = TriState::yes;
  rows[1].digitised_dossier = TriState::yes;
  rows[2].digitised_dossier = TriState::no;
  // Reuse: 1 yes of 2 known.
  rows[0].reused_data = TriState::yes;
  rows[4].reused_data = TriState::no;
  // Fees: 3 fee-bearing new dossiers, 1 paid online, 1 not, 1 unknown; one with no fee but
  // paid_online set (ignored: no fee, nothing to pay).
  rows[0].fee_required = TriState::yes;
  rows[0].paid_online = TriState::yes;
  rows[1].fee_required = TriState::yes;
  rows[1].paid_online = TriState::no;
  rows[2].fee_required = TriState::yes;
  rows[3].fee_required = TriState::no;
  rows[3].paid_online = TriState::yes;
  // Results of the 5 resolved dossiers (4 new + carried): digitised 3 yes / 1 no / 1 missing;
  // electronic 1 yes / 1 no; ratings 5, 4, 2.
  rows[0].digitised_result = TriState::yes;
  rows[1].digitised_result = TriState::yes;
  rows[2].digitised_result = TriState::no;
  rows[6].digitised_result = TriState::yes;
  rows[0].electronic_result = TriState::yes;
  rows[1].electronic_result = TriState::no;
  rows[0].satisfaction = 5;
  rows[1].satisfaction = 4;
  rows[3].satisfaction = 2;
  // Facts of rows outside the window or not resolved are not counted for results.
  rows[4].digitised_result = TriState::yes;
  rows[8].digitised_dossier = TriState::yes;
  rows[9].satisfaction = 1;
  return rows;
}

std::optional<double> value(const Ratio& ratio) {
  return ratio.value();
}

/// prefix + number, appended rather than `"x" + std::to_string(n)`, which trips GCC 12's false
/// -Wrestrict (bug 105329).
std::string label(std::string_view prefix, std::size_t number) {
  std::string text(prefix);
  text += std::to_string(number);
  return text;
}
}  // namespace

TEST_CASE("count: the small set by hand") {
  const IndicatorCounts c = count(batch_of(small_set()), kQ1of2023);
  CHECK(c.received_new == 7);
  CHECK(c.received_carried_over == 1);
  CHECK(c.received_total() == 8);
  CHECK(c.resolved_early == 3);
  CHECK(c.resolved_on_time == 1);
  CHECK(c.resolved_late == 1);
  CHECK(c.resolved() == 5);
  CHECK(c.pending_within == 1);
  CHECK(c.pending_overdue == 1);
  CHECK(c.refused == 1);
  CHECK(c.withdrawn == 0);
  CHECK(c.received_total() == c.resolved() + c.pending() + c.refused + c.withdrawn);
  CHECK(c.not_in_period_received_after == 1);
  CHECK(c.not_in_period_closed_before == 1);
  CHECK(c.new_online == 4);
  CHECK(c.new_in_person == 1);
  CHECK(c.new_postal == 1);
  CHECK(c.new_channel_unknown == 1);
  CHECK(c.new_full_online == 2);
  CHECK(c.new_online_level_known == 4);
  CHECK(c.digitised_dossier_yes == 2);
  CHECK(c.digitised_dossier_known == 3);
  CHECK(c.reused_data_yes == 1);
  CHECK(c.reused_data_known == 2);
  CHECK(c.fee_required_yes == 3);
  CHECK(c.paid_online_yes == 1);
  CHECK(c.paid_online_known == 2);
  CHECK(c.digitised_result_yes == 3);
  CHECK(c.digitised_result_known == 4);
  CHECK(c.electronic_result_yes == 1);
  CHECK(c.electronic_result_known == 2);
  CHECK(c.satisfied == 2);
  CHECK(c.very_satisfied == 1);
  CHECK(c.rated == 3);
}

TEST_CASE("indicators: every formula on the small set") {
  const IndicatorCounts c = count(batch_of(small_set()), kQ1of2023);
  CHECK(on_time_rate(c) == Ratio{4, 5});
  CHECK(value(on_time_rate(c)) == doctest::Approx(0.8));
  CHECK(on_time_rate(c).percent() == doctest::Approx(80.0));
  CHECK(early_rate(c) == Ratio{3, 5});
  CHECK(late_rate(c) == Ratio{1, 5});
  CHECK(pending_overdue_rate(c) == Ratio{1, 2});
  CHECK(online_filing_rate(c) == Ratio{4, 6});  // the unknown channel is left out
  CHECK(full_online_share(c) == Ratio{2, 4});
  CHECK(digitised_dossier_rate(c) == Ratio{2, 3});
  CHECK(digitised_result_rate(c) == Ratio{3, 4});
  CHECK(electronic_result_rate(c) == Ratio{1, 2});
  CHECK(online_payment_rate(c) == Ratio{1, 2});
  CHECK(satisfaction_rate(c) == Ratio{2, 3});
  CHECK(very_satisfied_rate(c) == Ratio{1, 3});
  CHECK(reuse_rate(c) == Ratio{1, 2});
}

TEST_CASE("indicators: zero denominators are not applicable, never 0 or NaN") {
  const IndicatorCounts empty;
  for (const IndicatorDefinition& definition : indicator_definitions()) {
    const Ratio ratio = definition.compute(empty);
    CAPTURE(definition.key);
    CHECK_FALSE(ratio.applicable());
    CHECK_FALSE(ratio.value().has_value());
    CHECK_FALSE(ratio.percent().has_value());
  }
  // 0 of something is 0, which is applicable.
  IndicatorCounts none_late;
  none_late.resolved_early = 3;
  CHECK(late_rate(none_late).value() == 0.0);
  CHECK(on_time_rate(none_late).value() == 1.0);
}

TEST_CASE("indicators: missing tri-states leave both numerator and denominator") {
  std::vector<DossierRecord> rows;
  for (std::size_t i = 0; i < 4; ++i) {
    rows.push_back(
        resolved_on(dossier(label("m", i), d(2023, 1, 5), d(2023, 1, 20)), d(2023, 1, 10)));
  }
  // digitised: yes, no, missing, missing → 1/2 (not 1/4, not 1/3 by reading missing as no).
  rows[0].digitised_dossier = TriState::yes;
  rows[1].digitised_dossier = TriState::no;
  IndicatorCounts c = count(batch_of(rows), kQ1of2023);
  CHECK(digitised_dossier_rate(c) == Ratio{1, 2});
  // All missing: not applicable, although 4 dossiers were received.
  CHECK(c.received_new == 4);
  CHECK_FALSE(reuse_rate(c).applicable());
  CHECK_FALSE(electronic_result_rate(c).applicable());
  CHECK_FALSE(satisfaction_rate(c).applicable());
  CHECK_FALSE(online_payment_rate(c).applicable());
}

TEST_CASE("indicators: the definition table") {
  std::set<std::string_view> keys;
  for (const IndicatorDefinition& definition : indicator_definitions()) {
    CAPTURE(definition.key);
    CHECK(keys.insert(definition.key).second);
    CHECK_FALSE(definition.name_vi.empty());
    CHECK_FALSE(definition.name_en.empty());
    CHECK(definition.formula.find('/') != std::string_view::npos);
    CHECK_FALSE(definition.numerator.empty());
    CHECK_FALSE(definition.denominator.empty());
    CHECK(static_cast<bool>(definition.compute));
    CHECK(find_indicator(definition.key) == &definition);
  }
  CHECK(keys.size() == 13);
  CHECK(find_indicator("nope") == nullptr);
  const IndicatorCounts c = count(batch_of(small_set()), kQ1of2023);
  CHECK(find_indicator("on_time_rate")->compute(c) == on_time_rate(c));
  CHECK(find_indicator("online_payment_rate")->compute(c) == online_payment_rate(c));
}

TEST_CASE("count: rejected rows are counted with the accepted") {
  std::vector<DossierRecord> rows = small_set();
  DossierRecord bad = dossier("bad", d(2023, 1, 5), d(2023, 1, 20));
  bad.status = Status::resolved;
  bad.resolved = d(2023, 1, 4);
  rows.push_back(bad);
  const IngestResult ingested = ingest(rows, work_calendar());
  const IndicatorCounts c = count(ingested, kQ1of2023);
  CHECK(c.rows_rejected == 1);
  CHECK(static_cast<std::size_t>(c.received_total() + c.not_in_period() + c.rows_rejected) ==
        ingested.rows_in);
}

namespace {
/// Random valid dossiers around Q1/2023 (fixed seed: the test is reproducible).
std::vector<DossierRecord> random_set(std::mt19937& engine, std::size_t size) {
  std::uniform_int_distribution<int> day(0, 150);
  std::uniform_int_distribution<int> length(0, 40);
  std::uniform_int_distribution<int> pick(0, 3);
  std::uniform_int_distribution<int> tri(-1, 1);
  std::uniform_int_distribution<int> rating(0, 5);
  const Date origin = d(2022, 11, 1);
  std::vector<DossierRecord> rows;
  for (std::size_t i = 0; i < size; ++i) {
    const Date received = origin + day(engine);
    DossierRecord record = dossier(label("x", i), received, received + length(engine));
    record.unit = label("unit-", static_cast<std::size_t>(pick(engine)));
    record.field = label("field-", static_cast<std::size_t>(pick(engine)));
    record.channel = static_cast<Channel>(pick(engine));
    record.online_level = static_cast<OnlineLevel>(pick(engine));
    const int state = pick(engine);
    if (state > 0) {
      record.status = static_cast<Status>(state);
      record.resolved = received + length(engine);
    }
    record.digitised_dossier = static_cast<TriState>(tri(engine));
    record.digitised_result = static_cast<TriState>(tri(engine));
    record.electronic_result = static_cast<TriState>(tri(engine));
    record.fee_required = static_cast<TriState>(tri(engine));
    record.paid_online = static_cast<TriState>(tri(engine));
    record.reused_data = static_cast<TriState>(tri(engine));
    if (const int r = rating(engine); r > 0) record.satisfaction = static_cast<std::uint8_t>(r);
    rows.push_back(std::move(record));
  }
  return rows;
}
}  // namespace

TEST_CASE("merge: count(a) + count(b) == count(a ∪ b), associative and commutative") {
  std::mt19937 engine(20230314);
  for (int round = 0; round < 20; ++round) {
    const auto a = random_set(engine, 50);
    const auto b = random_set(engine, 70);
    const auto c = random_set(engine, 30);
    std::vector<DossierRecord> all = a;
    all.insert(all.end(), b.begin(), b.end());
    all.insert(all.end(), c.begin(), c.end());
    const IndicatorCounts count_a = count(batch_of(a), kQ1of2023);
    const IndicatorCounts count_b = count(batch_of(b), kQ1of2023);
    const IndicatorCounts count_c = count(batch_of(c), kQ1of2023);
    const IndicatorCounts count_all = count(batch_of(all), kQ1of2023);
    CHECK(count_a + count_b + count_c == count_all);
    CHECK((count_a + count_b) + count_c == count_a + (count_b + count_c));
    CHECK(count_a + count_b == count_b + count_a);
    CHECK(count_a + IndicatorCounts{} == count_a);
    // Every row lands somewhere.
    CHECK(count_all.received_total() + count_all.not_in_period() == 150);
    CHECK(count_all.received_total() ==
          count_all.resolved() + count_all.pending() + count_all.refused + count_all.withdrawn);
  }
}

TEST_CASE("count_by: groups sum to the whole") {
  std::mt19937 engine(7);
  const DossierBatch batch = batch_of(random_set(engine, 300));
  const IndicatorCounts whole = count(batch, kQ1of2023);
  for (const GroupBy group :
       {GroupBy::unit, GroupBy::field, GroupBy::procedure, GroupBy::channel}) {
    IndicatorCounts sum;
    for (const auto& [key, counts] : count_by(batch, kQ1of2023, group)) sum += counts;
    CHECK(sum == whole);
  }
  const auto by_channel = count_by(batch, kQ1of2023, GroupBy::channel);
  REQUIRE(by_channel.count("online") == 1);
  CHECK(by_channel.at("online").new_online == whole.new_online);
  CHECK(by_channel.at("online").new_in_person == 0);
}

TEST_CASE("count_by_period: each period with its own Decree 09 window") {
  std::vector<DossierRecord> rows;
  // Received 10/3/2023, due 20/3, resolved 16/3: pending in Q1, carried over and early in Q2.
  rows.push_back(resolved_on(dossier("span", d(2023, 3, 10), d(2023, 3, 20)), d(2023, 3, 16)));
  const auto periods = count_by_period(batch_of(rows), d(2023, 1, 1), d(2023, 4, 30),
                                       PeriodKind::quarter, CutoffRule::decree_09_2019());
  REQUIRE(periods.size() == 2);
  const IndicatorCounts& q1 = periods.at(Period::quarter(2023, 1));
  const IndicatorCounts& q2 = periods.at(Period::quarter(2023, 2));
  CHECK(q1.received_new == 1);
  CHECK(q1.pending_within == 1);
  CHECK(q2.received_carried_over == 1);
  CHECK(q2.resolved_early == 1);
}
