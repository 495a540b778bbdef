#include "cchc/dossier/reconcile.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace cchc::dossier;

namespace {
/// The one-stop figures of Sở Công Thương Quảng Ngãi, report 566/BC-SCT of 16/3/2023
/// (seeds/quang-ngai-industry-trade-cchc-report-q1-2023.txt), data 15/12/2022–14/3/2023.
ReportedFigures seed_q1_2023() {
  ReportedFigures figures;
  // Line 44: "Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo là 6086 … Số mới tiếp nhận trong
  // kỳ: 6.063 (trực tuyến: 5.626, trực tiếp và qua dịch vụ bưu chính: 437); số từ kỳ trước
  // chuyển qua: 23. Số lượng hồ sơ đã giải quyết: 6.073, trong đó: Giải quyết trước hạn:
  // 6.072, quá hạn 01 hồ sơ … Số lượng hồ sơ đang giải quyết: 13; trong đó, trong hạn: 13,
  // quá hạn: 0". It states no on-time (đúng hạn) figure, so on_time stays unknown.
  figures.total = 6086;
  figures.received_new = 6063;
  figures.online = 5626;
  figures.in_person_or_postal = 437;
  figures.carried_over = 23;
  figures.resolved = 6073;
  figures.early = 6072;
  figures.late = 1;
  figures.pending = 13;
  figures.pending_within = 13;
  figures.pending_overdue = 0;
  // Line 98: "Số hồ sơ xử lý trực tuyến tháng 1 và tháng 2 năm 2023 là 5626/8086 hồ sơ, đạt
  // tỷ lệ 69,6 %/ tổng số hồ sơ".
  figures.percentages.push_back({"online share of all dossiers", 69.6, 1, 5626, 8086,
                                 Figure::online, Figure::total, "line 98"});
  // Line 42: "100% kết quả giải quyết TTHC của Sở được số hóa"; line 48: "hài lòng … đạt
  // 100%, mức độ rất hài lòng đạt 100%". No parts stated: only the range can be checked.
  figures.percentages.push_back(
      {"results digitised", 100, 0, std::nullopt, std::nullopt, {}, {}, "line 42"});
  figures.percentages.push_back(
      {"satisfied", 100, 0, std::nullopt, std::nullopt, {}, {}, "line 48"});
  figures.percentages.push_back(
      {"very satisfied", 100, 0, std::nullopt, std::nullopt, {}, {}, "line 48"});
  return figures;
}

std::vector<std::string> identities(const std::vector<Inconsistency>& found) {
  std::vector<std::string> names;
  for (const auto& inconsistency : found) names.push_back(inconsistency.identity);
  return names;
}
}  // namespace

TEST_CASE("reconcile: the figures are the seed report's, at the lines cited") {
  std::ifstream file(std::string(CCHC_SEEDS_DIR) +
                     "/quang-ngai-industry-trade-cchc-report-q1-2023.txt");
  REQUIRE(file.good());
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);) lines.push_back(line);
  REQUIRE(lines.size() >= 98);
  const std::string& line44 = lines[43];
  for (const char* stated :
       {"là 6086", "Số mới tiếp nhận trong kỳ: 6.063", "trực tuyến: 5.626", "bưu chính: 437",
        "chuyển qua: 23", "đã giải quyết: 6.073", "trước hạn: 6.072", "quá hạn 01 hồ sơ",
        "đang giải quyết: 13", "trong hạn: 13", "quá hạn: 0", "15/12/2022 đến 14/3/2023"}) {
    CAPTURE(stated);
    CHECK(line44.find(stated) != std::string::npos);
  }
  CHECK(line44.find("đúng hạn") == std::string::npos);
  CHECK(lines[97].find("5626/8086 hồ sơ, đạt tỷ lệ 69,6 %") != std::string::npos);
  CHECK(lines[41].find("100% kết quả giải quyết TTHC") != std::string::npos);
  CHECK(lines[47].find("đạt 100%, mức độ rất hài lòng đạt 100%") != std::string::npos);
}

TEST_CASE("reconcile: the seed Q1/2023 report") {
  const std::vector<Inconsistency> found = reconcile(seed_q1_2023());
  // Every count identity holds (6063 + 23 = 6086; 5626 + 437 = 6063; 6073 + 13 = 6086;
  // 6072 + 1 ≤ 6073 with on time unstated; 13 + 0 = 13) and 5626/8086 is 69.58 % → "69,6".
  // But 8086 is not the stated total 6086, and 5626/6086 is 92.44 %, not 69.6 %: the
  // denominator looks like a typo for 6086 (or the share of another count).
  REQUIRE(found.size() == 2);
  CHECK(found[0].identity == "percentage 'online share of all dossiers' denominator = total");
  CHECK(found[0].stated == 8086);
  CHECK(found[0].from_parts == 6086);
  CHECK(found[0].message ==
        "percentage 'online share of all dossiers' (line 98): the stated denominator 8086 is "
        "not the stated total 6086 (difference 2000)");
  CHECK(found[1].identity == "percentage 'online share of all dossiers'");
  CHECK(found[1].stated == doctest::Approx(69.6));
  CHECK(found[1].from_parts == doctest::Approx(100.0 * 5626 / 6086));
  CHECK(found[1].message ==
        "percentage 'online share of all dossiers' (line 98): stated 69.6 % but online / total "
        "= 5626/6086 = 92.442 % (tolerance ±0.050)");

  // Stated with the total the report gives, the share is consistent (92,4 %).
  ReportedFigures corrected = seed_q1_2023();
  corrected.percentages[0].percent = 92.4;
  corrected.percentages[0].denominator = 6086;
  CHECK(reconcile(corrected).empty());
}

TEST_CASE("reconcile: broken count identities are flagged with the numbers") {
  ReportedFigures figures = seed_q1_2023();
  figures.percentages.clear();
  CHECK(reconcile(figures).empty());

  SUBCASE("total off by one breaks both identities it is in") {
    figures.total = 6087;
    const auto found = reconcile(figures);
    CHECK(identities(found) == std::vector<std::string>{"total = received_new + carried_over",
                                                        "total = resolved + pending"});
    CHECK(found[0].message ==
          "total = received_new + carried_over: total 6087 but received_new 6063 + "
          "carried_over 23 = 6086 (difference 1)");
    CHECK(found[1].stated == 6087);
    CHECK(found[1].from_parts == 6086);
  }
  SUBCASE("online and in person do not add up to the new dossiers") {
    figures.online = 5625;
    const auto found = reconcile(figures);
    REQUIRE(found.size() == 1);
    CHECK(found[0].identity == "received_new = online + in_person_or_postal");
    CHECK(found[0].message ==
          "received_new = online + in_person_or_postal: received_new 6063 but online 5625 + "
          "in_person_or_postal 437 = 6062 (difference 1)");
  }
  SUBCASE("resolved parts fully stated must sum exactly") {
    figures.on_time = 0;
    CHECK(reconcile(figures).empty());
    figures.late = 2;
    const auto found = reconcile(figures);
    REQUIRE(found.size() == 1);
    CHECK(found[0].identity == "resolved = early + on_time + late");
    CHECK(found[0].stated == 6073);
    CHECK(found[0].from_parts == 6074);
  }
  SUBCASE("with a part unstated the stated parts must not exceed the whole") {
    figures.early = 6080;
    const auto found = reconcile(figures);
    REQUIRE(found.size() == 1);
    CHECK(found[0].message ==
          "resolved = early + on_time + late: resolved 6073 is less than the stated parts "
          "early 6080 + late 1 = 6081 (difference -8)");
  }
  SUBCASE("pending within and overdue") {
    figures.pending_overdue = 1;
    const auto found = reconcile(figures);
    REQUIRE(found.size() == 1);
    CHECK(found[0].identity == "pending = pending_within + pending_overdue");
    CHECK(found[0].from_parts == 14);
  }
  SUBCASE("refused or withdrawn dossiers take part when stated") {
    figures.closed_without_result = 2;
    const auto found = reconcile(figures);
    REQUIRE(found.size() == 1);
    CHECK(found[0].identity == "total = resolved + pending + closed_without_result");
    CHECK(found[0].from_parts == 6088);
  }
  SUBCASE("nothing to check without the whole") {
    ReportedFigures partial;
    partial.online = 5;
    partial.in_person_or_postal = 7;
    CHECK(reconcile(partial).empty());
  }
}

TEST_CASE("reconcile: stated percentages and their rounding tolerance") {
  ReportedFigures figures;
  // On time 6072 of 6073: 99.98353 %. "99,98" and "100" (0 decimals) are right.
  figures.percentages = {{"on time", 99.98, 2, 6072, 6073, {}, {}, ""},
                         {"on time", 100, 0, 6072, 6073, {}, {}, ""},
                         {"on time", 99.9835, 4, 6072, 6073, {}, {}, ""}};
  CHECK(reconcile(figures).empty());
  // "99,9" is 0.08 points off with a tolerance of 0.05.
  figures.percentages = {{"on time", 99.9, 1, 6072, 6073, {}, {}, "p. 2"}};
  auto found = reconcile(figures);
  REQUIRE(found.size() == 1);
  CHECK(found[0].message ==
        "percentage 'on time' (p. 2): stated 99.9 % but the stated numerator / denominator = "
        "6072/6073 = 99.984 % (tolerance ±0.050)");
  // An extra tolerance in percentage points widens it.
  CHECK(reconcile(figures, 0.05).empty());
  // Out of range, and a zero denominator (not applicable).
  figures.percentages = {{"digitised", 101, 0, {}, {}, {}, {}, ""},
                         {"late", 0, 0, 0, 0, {}, {}, ""}};
  found = reconcile(figures);
  REQUIRE(found.size() == 2);
  CHECK(found[0].message == "percentage 'digitised': 101 % is outside 0–100 %");
  CHECK(found[1].message ==
        "percentage 'late': 0 % of the stated numerator / denominator: the denominator is 0, the "
        "share is not applicable");
  // A share given only by the figures it names.
  figures = {};
  figures.received_new = 6063;
  figures.online = 5626;
  figures.percentages = {
      {"online filing", 92.8, 1, {}, {}, Figure::online, Figure::received_new, ""}};
  CHECK(reconcile(figures).empty());
  figures.percentages[0].percent = 92.7;
  REQUIRE(reconcile(figures).size() == 1);
  CHECK(reconcile(figures)[0].from_parts == doctest::Approx(100.0 * 5626 / 6063));
}

TEST_CASE("compare: stated figures against the counts from the records") {
  IndicatorCounts counts;
  counts.received_new = 6063;
  counts.received_carried_over = 23;
  counts.new_online = 5626;
  counts.new_in_person = 400;
  counts.new_postal = 37;
  counts.resolved_early = 6072;
  counts.resolved_late = 1;
  counts.pending_within = 13;
  const ReportedFigures computed = figures_of(counts);
  CHECK(computed.total == 6086);
  CHECK(computed.in_person_or_postal == 437);
  CHECK(computed.resolved == 6073);
  CHECK(computed.on_time == 0);
  CHECK(reconcile(computed).empty());
  CHECK(compare(seed_q1_2023(), counts).empty());

  counts.resolved_late = 3;
  counts.pending_within = 11;
  const auto found = compare(seed_q1_2023(), counts);
  REQUIRE(found.size() == 4);
  CHECK(found[0].message ==
        "resolved: the report states 6073 but the records give 6075 (difference -2)");
  CHECK(found[1].message == "late: the report states 1 but the records give 3 (difference -2)");
  CHECK(found[2].identity == "pending = records");
  CHECK(found[3].identity == "pending_within = records");
  CHECK(figure_key(Figure::in_person_or_postal) == "in_person_or_postal");
}

TEST_CASE("reconcile: early and on time stated together") {
  ReportedFigures figures;
  figures.resolved = 120;
  figures.early_or_on_time = 118;
  figures.late = 2;
  CHECK(reconcile(figures).empty());

  SUBCASE("with its parts, the parts must give it") {
    figures.early = 100;
    figures.on_time = 17;
    const auto found = reconcile(figures);
    REQUIRE(found.size() == 2);
    CHECK(found[0].identity == "resolved = early + on_time + late");
    CHECK(found[0].kind == InconsistencyKind::sum);
    CHECK(found[0].figures ==
          std::vector<Figure>{Figure::resolved, Figure::early, Figure::on_time, Figure::late});
    CHECK(found[1].identity == "early_or_on_time = early + on_time");
    CHECK(found[1].stated == 118);
    CHECK(found[1].from_parts == 117);
  }
  SUBCASE("against resolved") {
    figures.late = 3;
    const auto found = reconcile(figures);
    REQUIRE(found.size() == 1);
    CHECK(found[0].identity == "resolved = early_or_on_time + late");
    CHECK(inconsistency_kind_key(found[0].kind) == "sum");
  }
  SUBCASE("an on-time rate over resolved dossiers, its numerator unstated as such") {
    ReportedFigures parts;
    parts.resolved = 6073;
    parts.early = 6072;
    parts.late = 1;
    // 6072 / 6073 = 99.984 %: taken as resolved − late, since on time is not stated.
    parts.percentages = {{"on time", 99.98, 2, {}, {}, Figure::early_or_on_time, Figure::resolved,
                          "line 3"}};
    CHECK(reconcile(parts).empty());
    parts.percentages[0].percent = 99.5;
    auto found = reconcile(parts);
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == InconsistencyKind::percentage_mismatch);
    CHECK(found[0].percentage == std::optional<std::size_t>(0));
    CHECK(found[0].figures == std::vector<Figure>{Figure::early_or_on_time, Figure::resolved});
    CHECK(found[0].from_parts == doctest::Approx(100.0 * 6072 / 6073));
    // With on time stated, early + on time is used.
    parts.on_time = 0;
    parts.percentages[0].percent = 99.98;
    parts.percentages[0].numerator = 6070;
    found = reconcile(parts);
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == InconsistencyKind::percentage_part_mismatch);
    CHECK(found[0].stated == 6070);
    CHECK(found[0].from_parts == 6072);
  }
}

TEST_CASE("reconcile: kinds and figures of each inconsistency") {
  ReportedFigures figures = seed_q1_2023();
  auto found = reconcile(figures);
  REQUIRE(found.size() == 2);
  CHECK(found[0].kind == InconsistencyKind::percentage_part_mismatch);
  CHECK(found[0].figures == std::vector<Figure>{Figure::total});
  CHECK(found[0].percentage == std::optional<std::size_t>(0));
  CHECK(found[1].kind == InconsistencyKind::percentage_mismatch);
  CHECK(inconsistency_kind_key(found[1].kind) == "percentage_mismatch");

  figures.percentages.clear();
  figures.early = 6080;
  found = reconcile(figures);
  REQUIRE(found.size() == 1);
  CHECK(found[0].kind == InconsistencyKind::parts_exceed_whole);
  CHECK(found[0].figures == std::vector<Figure>{Figure::resolved, Figure::early, Figure::late});
  CHECK_FALSE(found[0].percentage.has_value());

  figures.percentages = {{"digitised", 101, 0, {}, {}, {}, {}, ""},
                         {"late", 0, 0, 0, 0, {}, {}, ""}};
  figures.early = 6072;
  found = reconcile(figures);
  REQUIRE(found.size() == 2);
  CHECK(found[0].kind == InconsistencyKind::percentage_out_of_range);
  CHECK(found[0].percentage == std::optional<std::size_t>(0));
  CHECK(found[1].kind == InconsistencyKind::percentage_zero_denominator);
  CHECK(found[1].percentage == std::optional<std::size_t>(1));

  IndicatorCounts counts;
  counts.received_new = 6063;
  counts.received_carried_over = 23;
  counts.resolved_early = 6070;
  counts.resolved_on_time = 2;
  const ReportedFigures from_records = figures_of(counts);
  CHECK(from_records.early_or_on_time == 6072);
  found = compare(seed_q1_2023(), counts);
  REQUIRE_FALSE(found.empty());
  CHECK(found[0].kind == InconsistencyKind::differs_from_records);
  CHECK(found[0].figures.size() == 1);
}

TEST_CASE("reconcile: the total as the statistics form prints it (online + in person + carried)") {
  ReportedFigures figures;
  figures.total = 812;
  figures.online = 640;
  figures.in_person_or_postal = 160;
  figures.carried_over = 12;
  CHECK(reconcile(figures).empty());
  figures.carried_over = 13;
  auto found = reconcile(figures);
  REQUIRE(found.size() == 1);
  CHECK(found[0].identity == "total = online + in_person_or_postal + carried_over");
  CHECK(found[0].from_parts == 813);
  // With the new dossiers stated, the two usual identities say it (once each).
  figures.received_new = 800;
  found = reconcile(figures);
  REQUIRE(found.size() == 1);
  CHECK(found[0].identity == "total = received_new + carried_over");
}
