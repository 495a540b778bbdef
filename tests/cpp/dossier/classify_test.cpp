#include "cchc/dossier/classify.hpp"

#include <doctest/doctest.h>

#include "support.hpp"

#include <vector>

#include "cchc/calendar/period.hpp"
#include "cchc/dossier/record.hpp"

using cchc::Date;
using cchc::calendar::CutoffRule;
using cchc::calendar::DataRange;
using cchc::calendar::Pause;
using cchc::calendar::Period;
using cchc::calendar::WorkCalendar;
using namespace cchc::dossier;

using cchc::test::d;

namespace {
const WorkCalendar& work_calendar() {
  return cchc::test::civil_service_calendar();
}

const DataRange kQ1of2023 =
    cchc::calendar::data_range(Period::quarter(2023, 1), CutoffRule::decree_09_2019());
const DataRange kQ1of2024 =
    cchc::calendar::data_range(Period::quarter(2024, 1), CutoffRule::decree_09_2019());

DossierRecord dossier(std::string id, Date received, std::int32_t days) {
  DossierRecord record;
  record.id = std::move(id);
  record.received = received;
  record.processing_days = days;
  return record;
}

DossierRecord resolved_on(DossierRecord record, Date resolved) {
  record.status = Status::resolved;
  record.resolved = resolved;
  return record;
}

/// Ingests one record (which must be accepted) and classifies it.
Classification classify_one(const DossierRecord& record, const DataRange& window,
                            const ClassifyOptions& options = {}) {
  const IngestResult ingested = ingest(std::span(&record, 1), work_calendar());
  REQUIRE(ingested.rejected.empty());
  REQUIRE(ingested.batch.size() == 1);
  return classify(ingested.batch, 0, window, options);
}

Date due_of(const DossierRecord& record) {
  const IngestResult ingested = ingest(std::span(&record, 1), work_calendar());
  REQUIRE(ingested.batch.size() == 1);
  return ingested.batch.due[0];
}
}  // namespace

TEST_CASE("classify: early / on time / late around Tết 2024") {
  // Received Fri 2/2/2024 with 5 working days: 5, 6, 7/2, then Tết 8–14/2, then 15, 16/2.
  const DossierRecord received = dossier("TET-1", d(2024, 2, 2), 5);
  CHECK(due_of(received) == d(2024, 2, 16));
  CHECK(classify_one(resolved_on(received, d(2024, 2, 16)), kQ1of2024).outcome == Outcome::on_time);
  CHECK(classify_one(resolved_on(received, d(2024, 2, 15)), kQ1of2024).outcome == Outcome::early);
  // During Tết itself (a day off) is still before the due date.
  CHECK(classify_one(resolved_on(received, d(2024, 2, 9)), kQ1of2024).outcome == Outcome::early);
  CHECK(classify_one(resolved_on(received, d(2024, 2, 19)), kQ1of2024).outcome == Outcome::late);
  CHECK(classify_one(resolved_on(received, d(2024, 2, 19)), kQ1of2024).intake ==
        Intake::new_in_period);
}

TEST_CASE("classify: an explicit due date is taken as is") {
  DossierRecord record = resolved_on(dossier("EXPLICIT", d(2024, 2, 2), 5), d(2024, 2, 19));
  record.due = d(2024, 2, 20);  // a re-appointment the system already recorded
  CHECK(due_of(record) == d(2024, 2, 20));
  CHECK(classify_one(record, kQ1of2024).outcome == Outcome::early);
  record.processing_days.reset();
  CHECK(due_of(record) == d(2024, 2, 20));
}

TEST_CASE("classify: supplementation pauses push the due date") {
  DossierRecord record = dossier("PAUSE-1", d(2024, 2, 2), 5);
  // Asked Mon 5/2, supplied Tue 6/2: 6/2 does not count, so 5, 7, 15, 16, 19/2.
  record.pauses = {Pause{d(2024, 2, 5), d(2024, 2, 6)}};
  CHECK(due_of(record) == d(2024, 2, 19));
  CHECK(classify_one(resolved_on(record, d(2024, 2, 19)), kQ1of2024).outcome == Outcome::on_time);
  CHECK(classify_one(resolved_on(record, d(2024, 2, 20)), kQ1of2024).outcome == Outcome::late);
  // A pause across Tết only skips the working days in it (15/2).
  record.pauses = {Pause{d(2024, 2, 7), d(2024, 2, 15)}};
  CHECK(due_of(record) == d(2024, 2, 19));
}

TEST_CASE("classify: completion basis resolved (default) or result returned") {
  DossierRecord record = resolved_on(dossier("RET-1", d(2024, 2, 2), 5), d(2024, 2, 15));
  record.returned = d(2024, 2, 19);
  CHECK(classify_one(record, kQ1of2024).outcome == Outcome::early);
  ClassifyOptions by_return;
  by_return.completion = CompletionBasis::returned;
  CHECK(classify_one(record, kQ1of2024, by_return).outcome == Outcome::late);
  // Each basis falls back on the other date.
  record.returned.reset();
  CHECK(classify_one(record, kQ1of2024, by_return).outcome == Outcome::early);
  record.resolved.reset();
  record.returned = d(2024, 2, 16);
  CHECK(classify_one(record, kQ1of2024).outcome == Outcome::on_time);
  CHECK(completion_date(std::nullopt, std::nullopt).has_value() == false);
}

TEST_CASE("classify: the Q1/2023 window 15/12/2022–14/3/2023 and its cut-off") {
  REQUIRE(kQ1of2023.first == d(2022, 12, 15));
  REQUIRE(kQ1of2023.last == d(2023, 3, 14));

  // Received on the window's first day: new in Q1/2023 although it is December.
  const Classification first_day = classify_one(dossier("A", d(2022, 12, 15), 5), kQ1of2023);
  CHECK(first_day.intake == Intake::new_in_period);
  CHECK(first_day.outcome == Outcome::pending_overdue);  // due long before 14/3

  // Received the day before, still open at the window start: carried over.
  const DossierRecord before = dossier("B", d(2022, 12, 14), 5);
  CHECK(classify_one(before, kQ1of2023).intake == Intake::carried_over);
  const Classification carried_resolved =
      classify_one(resolved_on(before, d(2022, 12, 15)), kQ1of2023);
  CHECK(carried_resolved.intake == Intake::carried_over);
  CHECK(carried_resolved.outcome == Outcome::early);

  // Closed before the window: not in the period, and why.
  const Classification closed = classify_one(resolved_on(before, d(2022, 12, 14)), kQ1of2023);
  CHECK_FALSE(closed.in_period());
  CHECK(closed.intake == Intake::not_in_period);
  CHECK(closed.outcome == Outcome::not_in_period);
  CHECK(closed.out_of_period == OutOfPeriod::closed_before_window);

  // Received after the cut-off: not in the period.
  const Classification after = classify_one(dossier("C", d(2023, 3, 15), 5), kQ1of2023);
  CHECK(after.out_of_period == OutOfPeriod::received_after_cutoff);
  CHECK_FALSE(after.in_period());

  // Pending at the cut-off: due on the cut-off day is within time, due the day before is over.
  DossierRecord due_at_cutoff = dossier("D", d(2023, 3, 1), 0);
  due_at_cutoff.due = d(2023, 3, 14);
  CHECK(classify_one(due_at_cutoff, kQ1of2023).outcome == Outcome::pending_within);
  due_at_cutoff.due = d(2023, 3, 13);
  CHECK(classify_one(due_at_cutoff, kQ1of2023).outcome == Outcome::pending_overdue);
  // Received Fri 10/3/2023 with 3 working days: due Wed 15/3, within time at 14/3.
  const DossierRecord late_in_window = dossier("E", d(2023, 3, 10), 3);
  CHECK(due_of(late_in_window) == d(2023, 3, 15));
  CHECK(classify_one(late_in_window, kQ1of2023).pending_at_cutoff());
  CHECK(classify_one(late_in_window, kQ1of2023).outcome == Outcome::pending_within);
  // Resolved after the cut-off: still pending at the cut-off (the status is today's).
  CHECK(classify_one(resolved_on(late_in_window, d(2023, 3, 15)), kQ1of2023).outcome ==
        Outcome::pending_within);
  // …and resolved on time in the next quarter, where it is carried over.
  const DataRange q2 =
      cchc::calendar::data_range(Period::quarter(2023, 2), CutoffRule::decree_09_2019());
  const Classification next = classify_one(resolved_on(late_in_window, d(2023, 3, 15)), q2);
  CHECK(next.intake == Intake::carried_over);
  CHECK(next.outcome == Outcome::on_time);
}

TEST_CASE("classify: refused and withdrawn dossiers close without a result") {
  DossierRecord record = dossier("R", d(2023, 1, 5), 5);
  record.status = Status::refused;
  record.resolved = d(2023, 1, 9);
  CHECK(classify_one(record, kQ1of2023).outcome == Outcome::refused);
  CHECK_FALSE(classify_one(record, kQ1of2023).resolved_in_window());
  record.status = Status::withdrawn;
  CHECK(classify_one(record, kQ1of2023).outcome == Outcome::withdrawn);
  // Withdrawn after the cut-off: pending at the cut-off.
  record.resolved = d(2023, 3, 20);
  CHECK(classify_one(record, kQ1of2023).outcome == Outcome::pending_overdue);
}

TEST_CASE("classify: keys") {
  CHECK(intake_key(Intake::new_in_period) == "new");
  CHECK(intake_key(Intake::carried_over) == "carried_over");
  CHECK(outcome_key(Outcome::pending_overdue) == "pending_overdue");
  CHECK(outcome_key(Outcome::not_in_period) == "not_in_period");
  CHECK(out_of_period_key(OutOfPeriod::closed_before_window) == "closed_before_window");
  CHECK(timeliness(d(2024, 2, 16), d(2024, 2, 16)) == Outcome::on_time);
}
