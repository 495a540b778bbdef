#include "cchc/detail/atomic_file.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cchc/error.hpp"
#include "cchc/io/dossier_csv.hpp"
#include "cchc/io/framework_file.hpp"
#include "cchc/io/plan_file.hpp"
#include "cchc/target/plan.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using cchc::detail::write_file_atomically;

namespace {

/// A fresh empty directory for one test, removed at the end.
struct ScratchDirectory {
  fs::path path;
  explicit ScratchDirectory(const std::string& name)
      : path(fs::temp_directory_path() / ("cchc-atomic-" + name)) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  [[nodiscard]] std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }
};

std::string read_all(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

void write_plain(const fs::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
}

}  // namespace

TEST_CASE("atomic file: creates and replaces the file, leaves no temporary file") {
  ScratchDirectory scratch("create");
  const fs::path target = scratch.path / "report.txt";
  write_file_atomically(target, std::string_view("first\n"));
  CHECK(read_all(target) == "first\n");
  write_file_atomically(target, [](std::ostream& out) { out << "second" << '\n'; });
  CHECK(read_all(target) == "second\n");
  CHECK(scratch.entries() == std::vector<std::string>{"report.txt"});
  write_file_atomically(target, std::string_view(""));
  CHECK(fs::file_size(target) == 0);
}

TEST_CASE("atomic file: a replaced file keeps its permissions") {
  ScratchDirectory scratch("permissions");
  const fs::path target = scratch.path / "plan.toml";
  write_plain(target, "old");
  fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  write_file_atomically(target, std::string_view("new"));
  CHECK(read_all(target) == "new");
  CHECK(fs::status(target).permissions() ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
}

TEST_CASE("atomic file: a writer failing half-way leaves the old file whole and nothing else") {
  ScratchDirectory scratch("throw");
  const fs::path target = scratch.path / "report.csv";
  write_plain(target, "old,complete\n");
  const auto half_then_fail = [](std::ostream& out) {
    out << "new,partial";
    out.flush();  // the partial output is on disk, in the temporary file
    throw std::runtime_error("the report generator failed");
  };
  CHECK_THROWS_WITH_AS(write_file_atomically(target, half_then_fail), "the report generator failed",
                       std::runtime_error);
  CHECK(read_all(target) == "old,complete\n");
  CHECK(scratch.entries() == std::vector<std::string>{"report.csv"});

  // No old file: a failure leaves no file at all.
  const fs::path fresh = scratch.path / "fresh.csv";
  CHECK_THROWS_AS(write_file_atomically(fresh, half_then_fail), std::runtime_error);
  CHECK_FALSE(fs::exists(fresh));
  CHECK(scratch.entries() == std::vector<std::string>{"report.csv"});
}

TEST_CASE("atomic file: an unwritable destination is a cchc::Error naming it, nothing is left") {
  ScratchDirectory scratch("unwritable");
  // A directory that does not exist.
  const fs::path missing = scratch.path / "no-such-directory" / "plan.toml";
  const std::string expected = "cannot write the plan file '" + missing.string() + "'";
  CHECK_THROWS_WITH_AS(write_file_atomically(missing, std::string_view("x"), "the plan file"),
                       doctest::Contains(expected.c_str()), cchc::Error);
  // A "directory" that is a regular file.
  write_plain(scratch.path / "file", "keep");
  CHECK_THROWS_AS(write_file_atomically(scratch.path / "file" / "x.toml", std::string_view("x")),
                  cchc::Error);
  // A target that is a directory: the rename fails, the temporary file is removed.
  fs::create_directory(scratch.path / "folder");
  CHECK_THROWS_WITH_AS(write_file_atomically(scratch.path / "folder", std::string_view("x")),
                       doctest::Contains("cannot write file"), cchc::Error);
  CHECK(fs::is_directory(scratch.path / "folder"));
  CHECK(read_all(scratch.path / "file") == "keep");
  std::vector<std::string> names = scratch.entries();
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"file", "folder"});
  CHECK_THROWS_AS(write_file_atomically(fs::path(), std::string_view("x")), cchc::Error);
}

TEST_CASE("save_plan: an invalid plan or a bad path leaves the old plan file untouched") {
  ScratchDirectory scratch("save-plan");
  const fs::path target = scratch.path / "plan.toml";
  const fs::path sample = fs::path(CCHC_TEST_DATA_DIR) / "plans" / "sample-plan.toml";
  const cchc::target::Plan good = cchc::io::load_plan(sample);
  cchc::io::save_plan(good, target);
  const std::string saved = read_all(target);
  CHECK(cchc::io::load_plan(target) == good);

  cchc::target::Plan bad = good;
  REQUIRE_FALSE(bad.targets.empty());
  bad.targets[0].value = 1.0;
  bad.targets[0].change_percent = -5.0;  // format_plan refuses: both value and change
  CHECK_THROWS_AS(cchc::io::save_plan(bad, target), cchc::Error);
  CHECK(read_all(target) == saved);
  CHECK(scratch.entries() == std::vector<std::string>{"plan.toml"});
  CHECK_THROWS_WITH_AS(cchc::io::save_plan(good, scratch.path / "missing" / "plan.toml"),
                       doctest::Contains("cannot write the plan file"), cchc::Error);
}

TEST_CASE("readers never modify their input: bytes and modification time unchanged") {
  ScratchDirectory scratch("inputs");
  const fs::path plan = scratch.path / "plan.toml";
  fs::copy_file(fs::path(CCHC_TEST_DATA_DIR) / "plans" / "sample-plan.toml", plan);
  const fs::path framework = scratch.path / "framework.toml";
  cchc::io::write_framework(cchc::io::shipped_framework("department-example"), framework);
  const fs::path dossiers = scratch.path / "dossiers.csv";
  fs::copy_file(fs::path(CCHC_TEST_DATA_DIR) / "dossier" / "vn-headers.csv", dossiers);
  // An old time stamp, so that any write would show.
  const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(48);
  std::vector<std::pair<fs::path, std::string>> before;
  for (const fs::path& path : {plan, framework, dossiers}) {
    fs::last_write_time(path, old_time);
    before.emplace_back(path, read_all(path));
  }
  (void)cchc::io::load_plan(plan);
  (void)cchc::io::read_framework(framework);
  (void)cchc::io::read_dossier_csv(dossiers, cchc::test::civil_service_calendar());
  for (const auto& [path, text] : before) {
    CHECK(read_all(path) == text);
    CHECK(fs::last_write_time(path) == old_time);
  }
  CHECK(scratch.entries().size() == 3);
}
