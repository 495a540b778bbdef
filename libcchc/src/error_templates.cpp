// The table of every error code (cchc/error.hpp: error_templates()).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/calendar.hpp"
#include "cchc/detail/errors/composite.hpp"
#include "cchc/detail/errors/io.hpp"
#include "cchc/detail/errors/plan.hpp"
#include "cchc/detail/errors/score.hpp"
#include "cchc/dossier/record.hpp"
#include "cchc/error.hpp"

namespace cchc {

const std::vector<std::pair<std::string_view, std::string_view>>& error_templates() {
  static const std::vector<std::pair<std::string_view, std::string_view>> templates = [] {
    std::vector<std::pair<std::string_view, std::string_view>> all;
    all.emplace_back(detail::kEnglishOnly.code, detail::kEnglishOnly.english);
    const auto add = [&all](const auto& table) {
      for (const detail::ErrorTemplate& entry : table) all.emplace_back(entry.code, entry.english);
    };
    add(detail::kCalendarErrors);
    add(detail::kIoErrors);
    add(detail::kScoreErrors);
    // Tables of other areas are added here, one line each.
    add(detail::kPlanErrors);
    add(detail::kCompositeErrors);
    for (const auto& entry : dossier::rejection_templates()) all.push_back(entry);
    return all;
  }();
  return templates;
}

}  // namespace cchc
