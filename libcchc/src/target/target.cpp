#include "cchc/target/target.hpp"

#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "cchc/detail/enum_keys.hpp"
#include "cchc/target/plan.hpp"

namespace cchc::target {

namespace {

constexpr detail::EnumKeys<Comparator, 6> kComparatorKeys{{
    {"at_least", Comparator::at_least},
    {"at_most", Comparator::at_most},
    {"exactly", Comparator::exactly},
    {"reduce_by", Comparator::reduce_by},
    {"reduce_by_at_least", Comparator::reduce_by_at_least},
    {"between", Comparator::between},
}};

constexpr detail::EnumKeys<ValueUnit, 4> kUnitKeys{{
    {"percent", ValueUnit::percent},
    {"count", ValueUnit::count},
    {"days", ValueUnit::days},
    {"ratio", ValueUnit::ratio},
}};

constexpr detail::EnumKeys<ReformArea, 8> kAreaKeys{{
    {"chi_dao", ReformArea::chi_dao},
    {"the_che", ReformArea::the_che},
    {"tthc", ReformArea::tthc},
    {"to_chuc_bo_may", ReformArea::to_chuc_bo_may},
    {"cong_vu", ReformArea::cong_vu},
    {"tai_chinh_cong", ReformArea::tai_chinh_cong},
    {"chinh_quyen_so", ReformArea::chinh_quyen_so},
    {"other", ReformArea::other},
}};

constexpr detail::EnumKeys<ReformArea, 8> kAreaNamesVi{{
    {"Công tác chỉ đạo, điều hành", ReformArea::chi_dao},
    {"Cải cách thể chế", ReformArea::the_che},
    {"Cải cách thủ tục hành chính", ReformArea::tthc},
    {"Cải cách tổ chức bộ máy", ReformArea::to_chuc_bo_may},
    {"Cải cách chế độ công vụ", ReformArea::cong_vu},
    {"Cải cách tài chính công", ReformArea::tai_chinh_cong},
    {"Xây dựng chính quyền điện tử, chính quyền số", ReformArea::chinh_quyen_so},
    {"Khác", ReformArea::other},
}};

}  // namespace

std::string_view to_string(Comparator comparator) noexcept {
  return detail::enum_key(kComparatorKeys, comparator);
}
std::string_view to_string(ValueUnit unit) noexcept {
  return detail::enum_key(kUnitKeys, unit);
}
std::string_view to_string(ReformArea area) noexcept {
  return detail::enum_key(kAreaKeys, area);
}
std::string_view to_vietnamese(ReformArea area) noexcept {
  return detail::enum_key(kAreaNamesVi, area);
}
std::optional<Comparator> comparator_from_key(std::string_view key) noexcept {
  return detail::enum_from_key(kComparatorKeys, key);
}
std::optional<ValueUnit> unit_from_key(std::string_view key) noexcept {
  return detail::enum_from_key(kUnitKeys, key);
}
std::optional<ReformArea> area_from_key(std::string_view key) noexcept {
  return detail::enum_from_key(kAreaKeys, key);
}

StatedDeadline StatedDeadline::from_text(std::string text, std::optional<int> plan_year) {
  StatedDeadline deadline;
  deadline.parsed = calendar::parse_deadline(text, calendar::DeadlineContext{plan_year});
  deadline.text = std::move(text);
  return deadline;
}

std::optional<calendar::Date> StatedDeadline::start() const noexcept {
  if (parsed.clauses.empty()) return std::nullopt;
  return parsed.clauses.front().start;
}

bool StatedDeadline::recurring() const noexcept {
  return parsed.kind() == calendar::DeadlineKind::recurring;
}

std::optional<double> Target::level() const noexcept {
  if (change_percent) {
    if (!baseline) return std::nullopt;
    return *baseline * (1.0 + *change_percent / 100.0);
  }
  return value;
}

std::optional<int> Target::direction() const noexcept {
  if (higher_is_better) return *higher_is_better ? 1 : -1;
  switch (comparator) {
    case Comparator::at_least:
      return 1;
    case Comparator::at_most:
    case Comparator::reduce_by:
    case Comparator::reduce_by_at_least:
      return -1;
    case Comparator::between:
      if (!baseline || !value) return std::nullopt;
      if (*baseline < *value) return 1;
      if (upper && *baseline > *upper) return -1;
      return std::nullopt;
    case Comparator::exactly:
      break;
  }
  const auto target_level = level();
  if (!baseline || !target_level || *baseline == *target_level) return std::nullopt;
  return *baseline < *target_level ? 1 : -1;
}

const Target* Plan::find_target(std::string_view target_id) const noexcept {
  for (const Target& candidate : targets) {
    if (candidate.id == target_id) return &candidate;
  }
  return nullptr;
}

const Task* Plan::find_task(std::string_view task_id) const noexcept {
  for (const Task& candidate : tasks) {
    if (candidate.id == task_id) return &candidate;
  }
  return nullptr;
}

std::vector<std::string> validate(const Plan& plan) {
  std::vector<std::string> problems;
  if (plan.id.empty()) problems.emplace_back("the plan has no id");
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < plan.targets.size(); ++i) {
    const Target& item = plan.targets[i];
    const std::string name =
        std::string("target ") + (item.id.empty() ? std::string("#") + std::to_string(i + 1)
                                                  : std::string("'") + item.id + "'");
    if (item.id.empty()) problems.push_back(name + ": field 'id' is empty");
    if (!item.id.empty() && !seen.insert(item.id).second) {
      problems.push_back(name + ": field 'id' is used twice");
    }
    if (item.indicator.empty()) problems.push_back(name + ": field 'indicator' is empty");
    if (item.value && item.change_percent) {
      problems.push_back(name + ": give either 'value' or 'change_percent', not both");
    } else if (!item.value && !item.change_percent) {
      problems.push_back(name + ": give 'value' (absolute) or 'change_percent' (relative)");
    }
    const bool reduction = item.comparator == Comparator::reduce_by ||
                           item.comparator == Comparator::reduce_by_at_least;
    if (reduction && (!item.change_percent || *item.change_percent >= 0)) {
      problems.push_back(name + ": comparator '" + std::string(to_string(item.comparator)) +
                         "' needs a negative 'change_percent' (the reduction)");
    }
    if (item.comparator == Comparator::between) {
      if (!item.value || !item.upper) {
        problems.push_back(name + ": comparator 'between' needs 'value' (lower end) and 'upper'");
      } else if (*item.upper < *item.value) {
        problems.push_back(name + ": field 'upper' is below 'value'");
      }
    } else if (item.upper) {
      problems.push_back(name + ": field 'upper' is only for comparator 'between'");
    }
    for (const auto& [field, number] :
         {std::pair{"value", item.value}, std::pair{"change_percent", item.change_percent},
          std::pair{"baseline", item.baseline}, std::pair{"upper", item.upper}}) {
      if (number && !std::isfinite(*number)) {
        problems.push_back(name + ": field '" + field + "' is not a finite number");
      }
    }
  }
  seen.clear();
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    const Task& item = plan.tasks[i];
    const std::string name =
        std::string("task ") + (item.id.empty() ? std::string("#") + std::to_string(i + 1)
                                                : std::string("'") + item.id + "'");
    if (item.id.empty()) problems.push_back(name + ": field 'id' is empty");
    if (!item.id.empty() && !seen.insert(item.id).second) {
      problems.push_back(name + ": field 'id' is used twice");
    }
  }
  return problems;
}

}  // namespace cchc::target
