#include "cchc/io/plan_file.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cchc/error.hpp"
#include "support.hpp"

using namespace cchc::target;
using cchc::test::d;
namespace fs = std::filesystem;

namespace {

const fs::path kSample = fs::path(CCHC_TEST_DATA_DIR) / "plans" / "sample-plan.toml";

// The ParseError of parsing `text`, which must fail.
cchc::ParseError parse_error(const std::string& text) {
  try {
    (void)cchc::io::parse_plan(text, "bad.toml");
  } catch (const cchc::ParseError& error) {
    return error;
  }
  FAIL("no ParseError for:\n" << text);
  throw;  // unreachable: FAIL throws
}

const std::string kHeader = "[plan]\nid = \"p\"\nyear = 2026\n";

}  // namespace

TEST_CASE("load_plan: every key of the sample plan") {
  const Plan plan = cchc::io::load_plan(kSample);
  CHECK(plan.id == "test-so-x-cchc-2026");
  CHECK(plan.title == "Kế hoạch cải cách hành chính năm 2026 của Sở X");
  CHECK(plan.issuer == "Sở X tỉnh Y");
  CHECK(plan.document == "Kế hoạch số 01/KH-SX ngày 05/01/2026");
  CHECK(plan.year == 2026);
  CHECK(plan.source == "tests/data/plans/sample-plan.toml");
  REQUIRE(plan.targets.size() == 3);
  REQUIRE(plan.tasks.size() == 4);

  const Target& t1 = plan.targets[0];
  CHECK(t1.id == "T01");
  CHECK(t1.area == ReformArea::tthc);
  CHECK(t1.indicator == "on_time_rate");
  CHECK(t1.comparator == Comparator::at_least);
  CHECK(t1.value == 98.0);  // an integer in the file
  CHECK(t1.unit == ValueUnit::percent);
  CHECK(t1.baseline == 90.0);
  CHECK(t1.baseline_year == 2025);
  CHECK_FALSE(t1.higher_is_better);
  CHECK(t1.scope.unit == "Sở X");
  CHECK(t1.scope.field.empty());
  CHECK(t1.deadline.text == "Năm 2026");
  CHECK(t1.deadline.due() == d(2026, 12, 31));
  CHECK(t1.owner == "Văn phòng Sở");
  CHECK(t1.support == std::vector<std::string>{"Các phòng chuyên môn"});
  CHECK(t1.source.line == 81);
  CHECK(t1.source.text == "Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 98%");

  const Target& t2 = plan.targets[1];
  CHECK(t2.relative());
  CHECK(t2.change_percent == -15.0);
  CHECK(*t2.level() == doctest::Approx(17.0));
  CHECK(t2.deadline.due() == d(2026, 11, 30));

  const Target& t3 = plan.targets[2];
  CHECK(t3.comparator == Comparator::exactly);
  CHECK(t3.higher_is_better == true);
  CHECK(t3.deadline.recurring());  // "Thường xuyên trong năm" with the plan's year
  CHECK(t3.deadline.due() == d(2026, 12, 31));
  CHECK(t3.source.empty());

  const Task& n1 = plan.tasks[0];
  CHECK(n1.area == ReformArea::chi_dao);
  CHECK(n1.lead == "Văn phòng Sở");
  CHECK(n1.deliverable == "Kế hoạch CCHC năm 2026");
  CHECK(n1.completed == d(2026, 2, 10));
  CHECK(n1.deadline.due() == d(2026, 3, 31));
  CHECK(n1.source.line == 44);
  CHECK(plan.tasks[1].area == ReformArea::cong_vu);
  CHECK(plan.tasks[3].area == ReformArea::other);  // default
  CHECK(plan.tasks[3].title == "Rà soát \"quy trình\" nội bộ\tđợt 1");
  // A phrase that does not parse is kept, never an error and never guessed.
  CHECK(plan.tasks[3].deadline.text == "khi có yêu cầu của cấp trên");
  CHECK_FALSE(plan.tasks[3].deadline.due());
  CHECK(validate(plan).empty());
}

TEST_CASE("plan files round-trip: load(save(plan)) == plan, and the text is a fixed point") {
  const Plan plan = cchc::io::load_plan(kSample);
  const std::string text = cchc::io::format_plan(plan);
  const Plan again = cchc::io::parse_plan(text, "round-trip");
  CHECK(again == plan);
  CHECK(cchc::io::format_plan(again) == text);

  const fs::path path = fs::temp_directory_path() / "cchc-plan-round-trip-test.toml";
  cchc::io::save_plan(plan, path);
  CHECK(cchc::io::load_plan(path) == plan);
  fs::remove(path);

  // Values that are awkward to print come back bit for bit.
  Plan numbers;
  numbers.id = "n";
  Target target;
  target.id = std::string("T99");
  target.indicator = std::string("custom_indicator");
  target.value = 0.1 + 0.2;
  target.baseline = 1e-7;
  target.scope = Scope{std::string(), std::string("Công Thương")};
  target.source.line = 3;
  numbers.targets.push_back(target);
  const Plan numbers_again = cchc::io::parse_plan(cchc::io::format_plan(numbers));
  CHECK(numbers_again == numbers);
  CHECK(*numbers_again.targets[0].value == 0.1 + 0.2);
}

TEST_CASE("plan files: the examples shipped in libcchc/data/plans load and round-trip") {
  const fs::path folder = fs::path(CCHC_SOURCE_DIR) / "libcchc" / "data" / "plans";
  if (!fs::exists(folder)) return;  // the examples arrive with the extraction branch
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() != ".toml") continue;
    CAPTURE(entry.path().string());
    const Plan plan = cchc::io::load_plan(entry.path());
    CHECK(validate(plan).empty());
    CHECK(cchc::io::parse_plan(cchc::io::format_plan(plan)) == plan);
  }
}

TEST_CASE("plan files: errors name the file, line, key and reason") {
  SUBCASE("unknown key") {
    const auto error = parse_error(kHeader + "\n[[target]]\nid = \"T1\"\nindicatr = \"x\"\n");
    CHECK(error.source() == "bad.toml");
    CHECK(error.line() == 7);
    CHECK(error.field() == "target[1].indicatr");
    CHECK(error.reason().find("unknown key") != std::string::npos);
  }
  SUBCASE("unknown top-level key and unknown plan key") {
    CHECK(parse_error(kHeader + "[targets]\nid = 1\n").field() == "targets");
    const auto error = parse_error("[plan]\nid = \"p\"\nyaer = 2026\n");
    CHECK(error.field() == "plan.yaer");
    CHECK(error.line() == 3);
  }
  SUBCASE("years are four-digit years") {
    const auto error = parse_error("[plan]\nid = \"p\"\nyear = 26\n");
    CHECK(error.field() == "plan.year");
    CHECK(error.line() == 3);
    CHECK(error.reason() == "must be a year from 1000 to 9999, not 26");
  }
  SUBCASE("missing [plan] or plan id") {
    CHECK(parse_error("[[task]]\nid = \"N1\"\ntitle = \"x\"\n").field() == "plan");
    CHECK(parse_error("[plan]\ntitle = \"x\"\n").field() == "plan.id");
  }
  SUBCASE("missing required target keys") {
    const std::string base = kHeader + "[[target]]\nid = \"T1\"\nindicator = \"x\"\n";
    CHECK(parse_error(base + "value = 1\nunit = \"percent\"\n").field() == "target[1].comparator");
    CHECK(parse_error(base + "comparator = \"at_least\"\nunit = \"percent\"\n").field() ==
          "target[1].value");
    CHECK(parse_error(base + "comparator = \"at_least\"\nvalue = 1\n").field() == "target[1].unit");
    const auto both = parse_error(base +
                                  "comparator = \"at_least\"\nvalue = 1\nchange_percent = -5\n"
                                  "unit = \"percent\"\n");
    CHECK(both.field() == "target[1].change_percent");
    CHECK(both.line() == 9);
  }
  SUBCASE("bad enum keys and types") {
    const std::string base = kHeader + "[[target]]\nid = \"T1\"\nindicator = \"x\"\nvalue = 1\n";
    const auto comparator = parse_error(base + "comparator = \">=\"\nunit = \"percent\"\n");
    CHECK(comparator.field() == "target[1].comparator");
    CHECK(comparator.reason() ==
        "'>=' is not one of: at_least, at_most, exactly, reduce_by, reduce_by_at_least, between");
    CHECK(comparator.line() == 8);
    CHECK(parse_error(base + "comparator = \"at_least\"\nunit = \"%\"\n").field() ==
          "target[1].unit");
    CHECK(parse_error(base + "comparator = \"at_least\"\nunit = \"percent\"\narea = \"TTHC\"\n")
              .field() == "target[1].area");
    CHECK(parse_error(base + "comparator = \"at_least\"\nunit = \"percent\"\nbaseline = \"90\"\n")
              .reason() == "must be a number");
    CHECK(parse_error(base + "comparator = \"at_least\"\nunit = \"percent\"\nbaseline = nan\n")
              .reason() == "must be a finite number");
    CHECK(parse_error(base + "comparator = \"at_least\"\nunit = \"percent\"\nsupport = \"A\"\n")
              .field() == "target[1].support");
    CHECK(parse_error(base + "comparator = \"at_least\"\nunit = \"percent\"\n"
                             "scope = { unit = \"A\", linh_vuc = \"B\" }\n")
              .field() == "target[1].scope.linh_vuc");
    CHECK(parse_error(base + "comparator = \"at_least\"\nunit = \"percent\"\n"
                             "source = { line = \"81\" }\n")
              .field() == "target[1].source.line");
  }
  SUBCASE("task completion must be a TOML date") {
    const std::string base = kHeader + "[[task]]\nid = \"N1\"\ntitle = \"x\"\n";
    const auto quoted = parse_error(base + "completed = \"2026-02-10\"\n");
    CHECK(quoted.field() == "task[1].completed");
    CHECK(quoted.line() == 7);
    CHECK(quoted.reason().find("without quotes") != std::string::npos);
    CHECK(parse_error(base + "completed = 2026-02-10T08:00:00\n").field() == "task[1].completed");
    CHECK(parse_error(kHeader + "[[task]]\nid = \"N1\"\n").field() == "task[1].title");
  }
  SUBCASE("duplicate ids") {
    const std::string task = "[[task]]\nid = \"N1\"\ntitle = \"x\"\n";
    const auto error = parse_error(kHeader + task + task);
    CHECK(error.field() == "task[2].id");
    CHECK(error.line() == 8);
    CHECK(error.reason() == "'N1' is used twice");
  }
  SUBCASE("not TOML at all") {
    const auto error = parse_error(kHeader + "[[target]\n");
    CHECK(error.line() == 4);
    CHECK(error.reason().rfind("not valid TOML: ", 0) == 0);
  }
  SUBCASE("target and task must be arrays of tables") {
    CHECK(parse_error(kHeader + "[target]\nid = \"T1\"\n").reason().find("[[target]]") !=
          std::string::npos);
  }
}

TEST_CASE("format_plan refuses a plan that load_plan would refuse") {
  Plan plan;
  plan.id = "p";
  Target target;
  target.id = std::string("T01");
  target.indicator = std::string("on_time_rate");
  target.value = 98.0;
  target.change_percent = -5.0;
  plan.targets.push_back(target);
  CHECK_THROWS_WITH_AS((void)cchc::io::format_plan(plan),
                       "cannot write an invalid plan; target 'T01': give either 'value' or "
                       "'change_percent', not both",
                       cchc::Error);
}

TEST_CASE("load_plan: a file that cannot be read is a cchc::Error naming it") {
  CHECK_THROWS_WITH_AS((void)cchc::io::load_plan("/nonexistent/plan.toml"),
                       "cannot read the plan file '/nonexistent/plan.toml'", cchc::Error);
}
