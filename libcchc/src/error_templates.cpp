// The table of every error code (cchc/error.hpp: error_templates()) and template filling.
#include <algorithm>
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

namespace detail {

std::string fill_template(std::string_view english, const MessageArguments& arguments,
                          std::string* missing) {
  std::string out;
  out.reserve(english.size() + 16);
  std::size_t at = 0;
  while (at < english.size()) {
    const std::size_t open = english.find('{', at);
    const std::size_t close = open == std::string_view::npos ? open : english.find('}', open);
    if (close == std::string_view::npos) {
      out.append(english.substr(at));
      break;
    }
    out.append(english.substr(at, open - at));
    const std::string_view name = english.substr(open + 1, close - open - 1);
    const auto argument = std::find_if(arguments.begin(), arguments.end(),
                                       [&](const auto& entry) { return entry.first == name; });
    if (argument == arguments.end()) {
      out.append(english.substr(open, close - open + 1));
      if (missing != nullptr && missing->empty()) missing->assign(name);
    } else {
      out.append(argument->second);
    }
    at = close + 1;
  }
  return out;
}

}  // namespace detail

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
