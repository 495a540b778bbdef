// Hostile and broken inputs through the C++ readers and the scorer (issue 20,
// docs/hardening.md "Hostile inputs"): each case states its exact outcome.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "cchc/calendar/holidays.hpp"
#include "cchc/detail/atomic_file.hpp"
#include "cchc/error.hpp"
#include "cchc/io/assessment_file.hpp"
#include "cchc/io/composite_file.hpp"
#include "cchc/io/dossier_csv.hpp"
#include "cchc/io/framework_file.hpp"
#include "cchc/score/assessment.hpp"
#include "cchc/text/unicode.hpp"
#include "support.hpp"

using cchc::ParseError;

namespace {

// "Sở Tư pháp" precomposed (as typed) and with combining marks (as some exports write it).
const std::string kComposed = "S\u1EDF T\u01B0 ph\u00E1p";
const std::string kDecomposed = "So\u031B\u0309 Tu\u031B pha\u0301p";

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

std::string framework_text(const std::string& criteria) {
  return "[framework]\nid = \"t\"\nname = \"Thử\"\n" + criteria;
}

}  // namespace

TEST_CASE("hostile: NFC of text keys") {
  CHECK(kComposed != kDecomposed);
  CHECK(cchc::text::to_nfc(kDecomposed) == kComposed);
  CHECK(cchc::text::to_nfc(kComposed) == kComposed);
  CHECK(cchc::text::to_nfc("ASCII only") == "ASCII only");
  CHECK(cchc::text::is_nfc(kComposed));
  CHECK_FALSE(cchc::text::is_nfc(kDecomposed));

  SUBCASE("a unit typed two ways in a dossier CSV is one unit") {
    std::istringstream input(
        "id,unit,received,processing_days,status\n"
        "A1," + kComposed + ",2024-01-02,5,pending\n"
        "A2," + kDecomposed + ",2024-01-03,5,pending\n"
        "o\u0302\u0301,x,2024-01-03,5,pending\n");
    const auto result =
        cchc::io::read_dossier_csv(input, "d.csv", cchc::test::civil_service_calendar(), {});
    REQUIRE(result.ingested.rejected.empty());
    REQUIRE(result.ingested.batch.unit.size() == 3);
    CHECK(result.ingested.batch.unit[0] == kComposed);
    CHECK(result.ingested.batch.unit[1] == kComposed);
    CHECK(result.ingested.batch.id[2] == "\u1ED1");  // ố
  }
  SUBCASE("framework and assessment codes") {
    const auto framework = cchc::io::parse_framework(framework_text(
        "[[criterion]]\ncode = \"" + kDecomposed + "\"\nname = \"a\"\nmax = 2\n"
        "[[criterion]]\ncode = \"" + kComposed + ".1\"\nparent = \"" + kDecomposed +
        "\"\nname = \"b\"\nmax = 2\nrule = { kind = \"manual\" }\n"), "f.toml");
    CHECK(framework.tree().find(kComposed).has_value());
    const auto assessment = cchc::io::parse_assessment(
        "[assessment]\nframework = \"t\"\n[[answer]]\ncode = \"" + kDecomposed +
            ".1\"\nself_score = 2\nevidence = [\"x\"]\n",
        "a.toml");
    const auto report = cchc::score::score(framework, assessment);
    CHECK(report.total == doctest::Approx(2.0));
  }
  SUBCASE("composite unit codes: the same unit twice is refused, not two units") {
    const std::string meta =
        "\"iCode\",\"Level\",\"Direction\",\"Weight\",\"Parent\",\"Type\"\n"
        "\"a\",1,1,1,\"t\",\"Indicator\"\n\"t\",2,1,1,NA,\"Aggregate\"\n";
    const auto index = cchc::io::parse_imeta(meta, "m.csv");
    const auto error = parse_error_of([&] {
      (void)cchc::io::parse_idata("uCode,a\n" + kComposed + ",1\n" + kDecomposed + ",2\n", index,
                                  meta, "d.csv");
    });
    CHECK(error.line() == 3);
    CHECK(error.field() == "uCode");
    CHECK(error.reason().find("appears twice") != std::string::npos);
  }
}

TEST_CASE("hostile: NaN, infinities and overflow are refused where a finite number is needed") {
  const std::string leaf_framework = framework_text(
      "[[criterion]]\ncode = \"1\"\nname = \"a\"\nmax = 4\nrule = { kind = \"manual\" }\n");
  SUBCASE("assessment file numbers") {
    for (const char* field : {"appraised_score", "self_score", "value", "best", "declared_value"}) {
      for (const char* bad : {"nan", "inf", "-inf"}) {
        CAPTURE(field);
        CAPTURE(bad);
        const auto error = parse_error_of([&] {
          (void)cchc::io::parse_assessment(std::string("[assessment]\nframework = \"t\"\n"
                                                       "[[answer]]\ncode = \"1\"\n") +
                                               field + " = " + bad + "\n",
                                           "a.toml");
        });
        CHECK(error.line() == 5);
        CHECK(error.field() == field);
        CHECK(error.reason() == std::string("answer '1': expected a finite number, got ") +
                                    (std::string(bad) == "nan" ? "nan" : bad));
      }
    }
  }
  SUBCASE("an appraised score set through the API") {
    const auto framework = cchc::io::parse_framework(leaf_framework, "f.toml");
    cchc::score::Assessment assessment;
    assessment.framework_id = "t";
    cchc::score::LeafAnswer answer;
    answer.input.self_score = 3.0;
    answer.evidence = {"x"};
    answer.appraised_score = std::numeric_limits<double>::quiet_NaN();
    assessment.answers["1"] = answer;
    const auto report = cchc::score::score(framework, assessment);
    CHECK(std::isfinite(report.appraised_total));
    CHECK(report.appraised_total == doctest::Approx(3.0));  // the claim stands
    bool flagged = false;
    for (const auto& finding : report.findings) {
      flagged |= finding.kind == cchc::score::FindingKind::invalid_input &&
                 finding.message.find("appraised score") != std::string::npos;
    }
    CHECK(flagged);
  }
  SUBCASE("maxima and weights whose sums overflow") {
    const auto overflow = parse_error_of([] {
      (void)cchc::io::parse_framework(
          framework_text("[[criterion]]\ncode = \"1\"\nname = \"a\"\nmax = 1e308\n"
                         "rule = { kind = \"manual\" }\n"
                         "[[criterion]]\ncode = \"2\"\nname = \"b\"\nmax = 1e308\n"
                         "rule = { kind = \"manual\" }\n"),
          "f.toml");
    });
    CHECK(overflow.field() == "max");
    CHECK(overflow.reason().find("overflow") != std::string::npos);
    const auto weights = parse_error_of([] {
      (void)cchc::io::parse_framework(
          framework_text("[[criterion]]\ncode = \"1\"\nname = \"a\"\nmax = 4\n"
                         "aggregation = \"weighted_mean\"\n"
                         "[[criterion]]\ncode = \"1.1\"\nparent = \"1\"\nname = \"b\"\nmax = 4\n"
                         "weight = 1e308\nrule = { kind = \"manual\" }\n"
                         "[[criterion]]\ncode = \"1.2\"\nparent = \"1\"\nname = \"c\"\nmax = 4\n"
                         "weight = 1e308\nrule = { kind = \"manual\" }\n"),
          "f.toml");
    });
    CHECK(weights.line() == 4);
    CHECK(weights.field() == "weight");
  }
  SUBCASE("composite index goalposts and weights") {
    for (const std::string node :
         {"goalposts = { lower = nan, upper = 1 }", "goalposts = { lower = 0, upper = inf }",
          "weight = nan", "target = -inf"}) {
      CAPTURE(node);
      const auto error = parse_error_of([&] {
        (void)cchc::io::parse_index_toml("[[node]]\ncode = \"a\"\nparent = \"t\"\n" + node +
                                             "\n[[node]]\ncode = \"t\"\n",
                                         "i.toml");
      });
      CHECK(error.line() == 4);
      CHECK(error.reason().find("expected a finite number") != std::string::npos);
    }
  }
}

TEST_CASE("hostile: holiday schedules") {
  using cchc::calendar::HolidaySchedule;
  const std::string header = "year,holiday,kind,first,last,source,note\n";
  const auto error = [&](const std::string& body) {
    return parse_error_of([&] { (void)HolidaySchedule::parse(header + body, "s.csv"); });
  };
  constexpr char kWithNul[] = "2030,tet,holiday,2030-02-01,,Q\0D,\n";
  const auto nul = error(std::string(kWithNul, sizeof kWithNul - 1));  // the NUL included
  CHECK(nul.line() == 2);
  CHECK(nul.field() == "source");
  CHECK(nul.reason().find("NUL") != std::string::npos);
  const auto late = error("2200,local,holiday,2200-01-02,,,\n");
  CHECK(late.field() == "first");
  CHECK(late.reason() == "2200-01-02 is outside the calendar's years 1900–2199");
  CHECK(error("1899,local,holiday,1899-12-30,,,\n").field() == "first");
  // 2030-02-06 is a Wednesday: a make-up working day on a weekday is a typo.
  const auto weekday = error("2030,tet,make_up,2030-02-06,,,\n");
  CHECK(weekday.field() == "first");
  CHECK(weekday.reason() ==
        "a make-up working day is a Saturday or Sunday; 2030-02-06 is a weekday");
  CHECK_NOTHROW((void)HolidaySchedule::parse(header + "2030,tet,make_up,2030-02-09,,,\n", "s.csv"));
}

TEST_CASE("hostile: deep and large frameworks load and score in linear time") {
  SUBCASE("a chain 100,000 criteria deep") {
    const std::size_t depth = 100'000;
    std::string text = framework_text("");
    for (std::size_t i = 0; i < depth; ++i) {
      text += "[[criterion]]\ncode = \"c" + std::to_string(i) + "\"\n";
      if (i) text += "parent = \"c" + std::to_string(i - 1) + "\"\n";
      text += "name = \"n\"\nmax = 1\n";
      if (i + 1 == depth) text += "rule = { kind = \"manual\" }\n";
    }
    const auto start = std::chrono::steady_clock::now();
    const auto framework = cchc::io::parse_framework(text, "deep.toml");
    CHECK(framework.tree().max_depth() == depth - 1);
    cchc::score::Assessment assessment;
    assessment.framework_id = "t";
    const auto report = cchc::score::score(framework, assessment);
    CHECK(report.nodes.back().total_gain_if_full == doctest::Approx(1.0));
    MESSAGE("chain of 100,000: load + score "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
            << " s");
  }
  SUBCASE("100,000 leaves under 100 areas, every aggregation") {
    std::string text = framework_text("");
    const char* aggregations[] = {"sum_capped", "weighted_mean", "min"};
    for (int area = 0; area < 100; ++area) {
      text += "[[criterion]]\ncode = \"" + std::to_string(area) + "\"\nname = \"a\"\nmax = 1000\n"
              "aggregation = \"" + aggregations[area % 3] + "\"\n";
      for (int leaf = 0; leaf < 1000; ++leaf) {
        text += "[[criterion]]\ncode = \"" + std::to_string(area) + "." + std::to_string(leaf) +
                "\"\nparent = \"" + std::to_string(area) +
                "\"\nname = \"l\"\nmax = 1\nrule = { kind = \"manual\" }\n";
      }
    }
    const auto start = std::chrono::steady_clock::now();
    const auto framework = cchc::io::parse_framework(text, "large.toml");
    const auto loaded = std::chrono::steady_clock::now();
    cchc::score::Assessment assessment;
    assessment.framework_id = "t";
    for (int area = 0; area < 100; ++area) {
      for (int leaf = 0; leaf < 1000; leaf += 2) {
        cchc::score::LeafAnswer answer;
        answer.input.self_score = 0.5;
        answer.evidence = {"x"};
        assessment.answers[std::to_string(area) + "." + std::to_string(leaf)] = answer;
      }
    }
    const auto report = cchc::score::score(framework, assessment);
    const auto lost = report.lost_points();
    const auto scored = std::chrono::steady_clock::now();
    CHECK(report.nodes.size() == 100'100);
    CHECK(lost.size() == 100'000);
    MESSAGE("100,000 leaves: load " << std::chrono::duration<double>(loaded - start).count()
                                    << " s, score + lost points "
                                    << std::chrono::duration<double>(scored - loaded).count()
                                    << " s");
  }
}

TEST_CASE("hostile: the gain of a leaf at full points equals a re-score") {
  // Mixed aggregations, capping and weights: the O(depth) gain must equal what_if's.
  const auto framework = cchc::io::parse_framework(framework_text(R"(
[[criterion]]
code = "1"
name = "a"
max = 10
[[criterion]]
code = "1.1"
parent = "1"
name = "b"
max = 6
aggregation = "weighted_mean"
[[criterion]]
code = "1.1.1"
parent = "1.1"
name = "c"
max = 3
weight = 2
rule = { kind = "manual" }
[[criterion]]
code = "1.1.2"
parent = "1.1"
name = "d"
max = 5
weight = 1
rule = { kind = "manual" }
[[criterion]]
code = "1.2"
parent = "1"
name = "e"
max = 6
aggregation = "min"
[[criterion]]
code = "1.2.1"
parent = "1.2"
name = "f"
max = 2
rule = { kind = "manual" }
[[criterion]]
code = "1.2.2"
parent = "1.2"
name = "g"
max = 4
rule = { kind = "manual" }
[[criterion]]
code = "1.2.3"
parent = "1.2"
name = "h"
max = 4
rule = { kind = "manual" }
[[criterion]]
code = "2"
name = "i"
max = 3
rule = { kind = "manual" }
)"),
                                                   "gain.toml");
  cchc::score::Assessment assessment;
  assessment.framework_id = "t";
  const auto answer = [](double points) {
    cchc::score::LeafAnswer leaf;
    leaf.input.self_score = points;
    leaf.evidence = {"x"};
    return leaf;
  };
  assessment.answers["1.1.1"] = answer(1);
  assessment.answers["1.1.2"] = answer(5);
  assessment.answers["1.2.1"] = answer(0.5);
  assessment.answers["1.2.2"] = answer(1);
  assessment.answers["1.2.3"] = answer(4);
  assessment.answers["2"] = answer(0);
  const auto report = cchc::score::score(framework, assessment);
  for (const char* code : {"1.1.1", "1.1.2", "1.2.1", "1.2.2", "1.2.3", "2"}) {
    CAPTURE(code);
    const auto& node = report.node(code);
    const auto full = cchc::score::what_if(framework, assessment, code, answer(node.max_points));
    CHECK(node.total_gain_if_full.value_or(-1) ==
          doctest::Approx(full.total_after - full.total_before).epsilon(1e-12));
  }
}

TEST_CASE("hostile: a writer killed with SIGKILL leaves a temporary the next write removes") {
  const auto directory = std::filesystem::temp_directory_path() / "cchc-hostile-sweep";
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  const auto target = directory / "plan.toml";
  // pid 2^22 + 1 is above Linux's pid_max default: no such process. A live pid (ours) and a
  // file of another name stay.
  const auto stale = directory / ".plan.toml.tmp-4194305-0-123";
  const auto live = directory / (".plan.toml.tmp-" + std::to_string(::getpid()) + "-9-1");
  const auto other = directory / ".plan.toml.bak";
  for (const auto& path : {stale, live, other}) std::ofstream(path) << "half";
  cchc::detail::write_file_atomically(target, std::string_view("whole"), "the plan file");
  CHECK_FALSE(std::filesystem::exists(stale));
  CHECK(std::filesystem::exists(live));
  CHECK(std::filesystem::exists(other));
  std::filesystem::remove_all(directory);
}
