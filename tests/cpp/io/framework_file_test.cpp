#include "cchc/io/framework_file.hpp"

#include <doctest/doctest.h>

#include <filesystem>

#include "cchc/io/assessment_file.hpp"

using cchc::ParseError;
using cchc::io::format_framework;
using cchc::io::parse_framework;

namespace {

const char* const kHeader = R"([framework]
id = "t"
name = "Thử"
)";

/// The ParseError of `body` after the header, as "line|field|reason".
std::string error_of(const std::string& body) {
  try {
    (void)parse_framework(std::string(kHeader) + body, "t.toml");
  } catch (const ParseError& error) {
    CHECK(error.source() == "t.toml");
    return std::to_string(error.line()) + "|" + error.field() + "|" + error.reason();
  }
  return "parsed";
}

}  // namespace

TEST_CASE("framework file: a small framework parses with defaults") {
  const auto framework = parse_framework(std::string(kHeader) + R"(
[[criterion]]
code = "1"
name = "Lĩnh vực"
max = 10

[[criterion]]
code = "1.1"
parent = "1"
name = "Tiêu chí"
max = 10
rule = { kind = "steps", steps = [{ from = 90, points = 5 }, { from = 100, points = 10 }] }
input = { indicator = "on_time_rate" }
)");
  CHECK(framework.meta().id == "t");
  CHECK(framework.tree().size() == 2);
  const std::size_t leaf = framework.tree().index_of("1.1");
  CHECK(framework.info(leaf).line == 10);
  CHECK(framework.info(leaf).input.indicator == "on_time_rate");
  CHECK_FALSE(framework.info(leaf).evidence_required);
  CHECK(std::get<cchc::score::Steps>(framework.rule(leaf)).steps.size() == 2);
  CHECK(framework.info(0).provenance == cchc::score::Provenance::official);
}

TEST_CASE("framework file: errors name the line, the field and the node") {
  const std::string area = "\n[[criterion]]\ncode = \"1\"\nname = \"A\"\nmax = 10\n";
  // Duplicate code: line of the second table (header is 3 lines, area starts at line 5).
  CHECK(error_of(area + area) == "10|code|criterion '1': duplicate code (first defined as node 1)");
  CHECK(error_of(area + "\n[[criterion]]\ncode = \"1.1\"\nparent = \"9\"\nname = \"B\"\nmax = 10\n"
                        "rule = { kind = \"proportional\" }\n") ==
        "10|parent|criterion '1.1': parent '9' is not a criterion of this tree");
  // Children's maxima below the parent's.
  CHECK(error_of(area + "\n[[criterion]]\ncode = \"1.1\"\nparent = \"1\"\nname = \"B\"\nmax = 4\n"
                        "rule = { kind = \"proportional\" }\n") ==
        "5|max|criterion '1': children's maxima sum to 4, below the node's maximum 10: a "
        "sum_capped node could never reach its maximum");
  // A cycle.
  CHECK(error_of("\n[[criterion]]\ncode = \"a\"\nparent = \"b\"\nname = \"A\"\nmax = 1\n"
                 "\n[[criterion]]\ncode = \"b\"\nparent = \"a\"\nname = \"B\"\nmax = 1\n")
            .find("cycle") != std::string::npos);
  // Parameters out of range.
  CHECK(error_of(area + "rule = { kind = \"saturation\", threshold = 120 }\n") ==
        "5|rule.threshold|criterion '1': threshold 120 outside (0, 100]");
  CHECK(error_of(area + "rule = { kind = \"steps\", steps = [{ from = 90, points = 11 }] }\n") ==
        "5|rule.steps|criterion '1': step from 90: points 11 outside [0, 10]");
  // Unknown keys, at every level.
  CHECK(error_of(area + "colour = \"red\"\n").starts_with("9|colour|criterion '1': unknown key"));
  CHECK(error_of(area + "rule = { kind = \"proportional\", threshold = 80 }\n")
            .starts_with("9|rule.threshold|criterion '1': rule 'proportional': unknown key"));
  CHECK(error_of(area + "rule = { kind = \"magic\" }\n")
            .starts_with("9|rule.kind|criterion '1': unknown rule kind 'magic'"));
  CHECK(error_of("\n[extra]\n").starts_with("5|extra|unknown key"));
  // Types and missing fields.
  CHECK(error_of("\n[[criterion]]\ncode = \"1\"\nname = \"A\"\nmax = \"ten\"\n") ==
        "8|max|criterion '1': expected a number");
  CHECK(error_of("\n[[criterion]]\ncode = \"1\"\nname = \"A\"\n") ==
        "5|max|criterion '1': missing maximum points (max)");
  CHECK(error_of("\n[[criterion]]\nname = \"A\"\nmax = 1\n") ==
        "5|code|[[criterion]]: missing code");
  CHECK(error_of(area) == "5|rule|criterion '1': a leaf needs a rule");
  CHECK(error_of(area + "rule = { kind = \"manual\" }\nevidence_required = false\n") ==
        "5|evidence_required|criterion '1': a manual rule always requires evidence");
  CHECK(error_of(area + "rule = { kind = \"proportional\" }\ninput = { target = \"T\" }\n") ==
        "5|input.target|criterion '1': a target status feeds a pass_fail rule only");
  CHECK(error_of(area +
                 "rule = { kind = \"pass_fail\" }\ninput = { indicator = \"on_time_rate\" }\n") ==
        "5|input.indicator|criterion '1': an indicator feeds a rule that reads a value, not "
        "'pass_fail'");
  CHECK(error_of(area + "rule = { kind = \"proportional\" }\ninput = { sensor = \"x\" }\n")
            .starts_with("10|input.sensor|criterion '1': input: unknown key"));
  CHECK(error_of(area + "scored_by = \"ministry\"\n") ==
        "9|scored_by|criterion '1': 'ministry' is not unit, home_affairs or survey");
  CHECK(error_of(area + "provenance = \"rumour\"\n")
            .find("not official, reconstructed or illustrative") != std::string::npos);
  CHECK(error_of(area + "rule = { kind = \"steps\" }\n").find("steps needs steps = [") !=
        std::string::npos);
  // Only leaves have rules.
  CHECK(error_of(area + "rule = { kind = \"proportional\" }\n" +
                 "\n[[criterion]]\ncode = \"1.1\"\nparent = \"1\"\nname = \"B\"\nmax = 10\n"
                 "rule = { kind = \"proportional\" }\n") ==
        "5|rule|criterion '1': only leaves have rules; this criterion has children");
  // Bands go down.
  CHECK(error_of("\n[[band]]\nname = \"B\"\nfrom = 80\n\n[[band]]\nname = \"A\"\nfrom = 90\n" +
                 area + "rule = { kind = \"proportional\" }\n")
            .find("bands go from the highest") != std::string::npos);
  CHECK(error_of(area + "aggregation = \"mean\"\n").find("not sum_capped, weighted_mean or min") !=
        std::string::npos);
  CHECK(error_of("").find("has no [[criterion]]") != std::string::npos);
  CHECK(error_of("\n[[criterion]\n").find("not valid TOML") != std::string::npos);
  CHECK_THROWS_AS((void)parse_framework("[[criterion]]\ncode = \"1\"\n"), ParseError);
}

TEST_CASE("framework file: load → save → load gives the same framework") {
  for (const std::string& id : cchc::io::shipped_frameworks()) {
    CAPTURE(id);
    const auto framework = cchc::io::shipped_framework(id);
    const std::string text = format_framework(framework);
    const auto again = parse_framework(text, "saved.toml");
    CHECK(again == framework);
    CHECK(format_framework(again) == text);
  }
  const auto path = std::filesystem::temp_directory_path() / "cchc-framework-roundtrip.toml";
  const auto framework = cchc::io::shipped_framework("department-example");
  cchc::io::write_framework(framework, path);
  CHECK(cchc::io::read_framework(path) == framework);
  std::filesystem::remove(path);
  CHECK_THROWS_AS((void)cchc::io::read_framework(path), cchc::Error);
  CHECK_THROWS_WITH_AS((void)cchc::io::shipped_framework("nope"),
                       doctest::Contains("decision-766-portal"), cchc::Error);
}

TEST_CASE("assessment file: parse, errors with lines, round trip") {
  const auto assessment = cchc::io::parse_assessment(R"([assessment]
framework = "department-example"
unit = "Sở Công Thương"
period = "2025"

[[answer]]
code = "1.2"
value = 95
self_score = 4
evidence = ["Báo cáo 12/BC-SCT", "https://example.vn/kq"]
note = "ghi chú \"trích\""

[[answer]]
code = "1.1"
done = true
late = true
appraised_score = 0.5
appraisal_note = "ban hành muộn"
)",
                                                     "a.toml");
  CHECK(assessment.unit == "Sở Công Thương");
  CHECK(assessment.answers.size() == 2);
  const auto& answer = assessment.answers.at("1.2");
  CHECK(answer.line == 6);
  CHECK(answer.input.value == 95.0);
  CHECK(answer.evidence.size() == 2);
  CHECK(assessment.answers.at("1.1").input.late);
  CHECK(cchc::io::parse_assessment(cchc::io::format_assessment(assessment)) == assessment);

  const auto error_of_answer = [](const std::string& body) -> std::string {
    try {
      (void)cchc::io::parse_assessment("[assessment]\nframework = \"x\"\n" + body, "a.toml");
    } catch (const ParseError& error) {
      return std::to_string(error.line()) + "|" + error.field() + "|" + error.reason();
    }
    return "parsed";
  };
  CHECK(error_of_answer("[[answer]]\ncode = \"1\"\n[[answer]]\ncode = \"1\"\n") ==
        "5|code|answer '1': answered twice (first on line 3)");
  CHECK(error_of_answer("[[answer]]\ncode = \"1\"\nscore = 1\n")
            .starts_with("5|score|answer '1': unknown key"));
  CHECK(error_of_answer("[[answer]]\ncode = \"1\"\ndone = \"yes\"\n") ==
        "5|done|answer '1': expected true or false");
  CHECK(error_of_answer("[[answer]]\ncode = \"1\"\nlate = true\ndone = false\n") ==
        "3|late|answer '1': late = true needs done = true");
  CHECK(error_of_answer("[[answer]]\ncode = \"1\"\nevidence = [1]\n") ==
        "5|evidence|answer '1': expected an array of strings");
  CHECK_THROWS_WITH_AS((void)cchc::io::parse_assessment("[assessment]\nunit = \"x\"\n", "b.toml"),
                       doctest::Contains("framework"), ParseError);
}

TEST_CASE("framework file: scored_by is inherited from the parent and saved where it changes") {
  const auto framework = parse_framework(std::string(kHeader) + R"(
[[criterion]]
code = "1"
name = "Khảo sát"
max = 10
scored_by = "survey"

[[criterion]]
code = "1.1"
parent = "1"
name = "Hài lòng"
max = 6
rule = { kind = "survey_percentage" }

[[criterion]]
code = "1.2"
parent = "1"
name = "Thẩm định"
max = 4
rule = { kind = "manual" }
scored_by = "home_affairs"

[[criterion]]
code = "2"
name = "Tự chấm"
max = 1
rule = { kind = "manual" }
)");
  using cchc::score::ScoredBy;
  const auto& tree = framework.tree();
  CHECK(framework.info(tree.index_of("1.1")).scored_by == ScoredBy::survey);
  CHECK(framework.info(tree.index_of("1.2")).scored_by == ScoredBy::home_affairs);
  CHECK(framework.info(tree.index_of("2")).scored_by == ScoredBy::unit);
  const std::string text = format_framework(framework);
  CHECK(text.find("code = \"1\"\nname = \"Khảo sát\"\nmax = 10\nscored_by = \"survey\"\n") !=
        std::string::npos);
  CHECK(text.find("scored_by = \"survey\"") == text.rfind("scored_by = \"survey\""));  // once
  CHECK(text.find("scored_by = \"home_affairs\"") != std::string::npos);
  CHECK(text.find("scored_by = \"unit\"") == std::string::npos);
  CHECK(parse_framework(text, "saved.toml") == framework);
}
