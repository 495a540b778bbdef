// A plan (kế hoạch): its identity, targets and tasks. Plans are files (docs/target/plan-file.md,
// cchc/io/plan_file.hpp) that a person can read, edit and diff.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/target/target.hpp"
#include "cchc/target/task.hpp"

namespace cchc::target {

struct Plan {
  std::string id;  // required, unique
  std::string title;
  std::string issuer;    // the issuing body
  std::string document;  // "Kế hoạch số 123/KH-SCT ngày 05/01/2026", as written
  std::optional<int> year;
  std::string source;  // where the items were read from
  std::vector<Target> targets;
  std::vector<Task> tasks;

  /// The target / task with `id`, nullptr when there is none.
  [[nodiscard]] const Target* find_target(std::string_view target_id) const noexcept;
  [[nodiscard]] const Task* find_task(std::string_view task_id) const noexcept;

  friend bool operator==(const Plan&, const Plan&) = default;
};

/// Problems that make a plan invalid, each a sentence naming the item and field: an empty plan
/// id, empty or duplicate target/task ids, a target with both or neither of value and
/// change_percent, an empty indicator. A relative target without a baseline is valid (the
/// baseline may be supplied later). Empty when the plan is valid.
[[nodiscard]] std::vector<std::string> validate(const Plan& plan);

}  // namespace cchc::target
