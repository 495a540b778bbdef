// Plan files with toml++ (kept private to this translation unit: no toml++ type is public).
#include "cchc/io/plan_file.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "cchc/detail/atomic_file.hpp"
#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/embedded_data.hpp"
#include "cchc/detail/errors/plan.hpp"
#include "cchc/error.hpp"
#include "toml_reader.hpp"

namespace cchc::io {

namespace {

using cchc::detail::CodedReason;
using cchc::detail::ErrorCode;
using cchc::detail::plan_error;
using target::Comparator;
using target::Plan;
using target::ReformArea;
using target::SourceRef;
using target::StatedDeadline;
using target::Target;
using target::Task;
using target::ValueUnit;

std::size_t line_of(const toml::source_region& region) {
  return static_cast<std::size_t>(region.begin.line);
}

std::string join(std::initializer_list<std::string_view> words) {
  std::string text;
  for (const std::string_view word : words) {
    if (!text.empty()) text += ", ";
    text += word;
  }
  return text;
}

// Reads one table of the file, checking its keys; `path` names it in errors ("target[2]").
class TableReader {
 public:
  TableReader(const std::string& source, const toml::table& table, std::string path)
      : source_(source), table_(table), path_(std::move(path)) {}

  [[noreturn]] void fail(std::size_t line, std::string_view key, const CodedReason& reason) const {
    throw reason.at(source_, line, field(key));
  }
  [[noreturn]] void fail(std::size_t line, std::string_view key, ErrorCode code,
                         MessageArguments arguments = {}) const {
    fail(line, key, CodedReason(code, std::move(arguments)));
  }

  std::string field(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  // Every key of the table must be one of `allowed`.
  void only(std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, node] : table_) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
        fail(line_of(key.source()), key.str(), plan_error("plan.unknown_key"),
             {{"allowed", join(allowed)}});
      }
    }
  }

  const toml::node* find(std::string_view key) const { return table_.get(key); }

  std::size_t line() const { return line_of(table_.source()); }
  std::size_t line(std::string_view key) const {
    const toml::node* node = find(key);
    return node == nullptr ? line() : line_of(node->source());
  }

  std::optional<std::string> text(std::string_view key, bool required = false) const {
    const toml::node* node = find(key);
    if (node == nullptr) {
      if (required) fail(line(), key, plan_error("plan.required_missing"));
      return std::nullopt;
    }
    if (!node->is_string()) fail(line_of(node->source()), key, plan_error("plan.expected_string"));
    return node->as_string()->get();
  }

  std::string text_or_empty(std::string_view key) const { return text(key).value_or(""); }

  std::optional<double> number(std::string_view key) const {
    const toml::node* node = find(key);
    if (node == nullptr) return std::nullopt;
    double result = 0.0;
    if (node->is_integer()) {
      result = static_cast<double>(node->as_integer()->get());
    } else if (node->is_floating_point()) {
      result = node->as_floating_point()->get();
    } else {
      fail(line_of(node->source()), key, plan_error("plan.expected_number"));
    }
    if (!std::isfinite(result))
      fail(line_of(node->source()), key, plan_error("plan.expected_finite"));
    return result;
  }

  std::optional<int> integer(std::string_view key) const {
    const toml::node* node = find(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_integer()) {
      fail(line_of(node->source()), key, plan_error("plan.expected_integer"));
    }
    const std::int64_t value = node->as_integer()->get();
    if (value < -1000000 || value > 1000000) {
      fail(line_of(node->source()), key, plan_error("plan.integer_range"));
    }
    return static_cast<int>(value);
  }

  // A year: a whole number from 1000 to 9999.
  std::optional<int> year(std::string_view key) const {
    const auto value = integer(key);
    if (value && (*value < 1000 || *value > 9999)) {
      fail(line(key), key, plan_error("plan.year_range"), {{"year", std::to_string(*value)}});
    }
    return value;
  }

  std::optional<bool> boolean(std::string_view key) const {
    const toml::node* node = find(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_boolean()) {
      fail(line_of(node->source()), key, plan_error("plan.expected_boolean"));
    }
    return node->as_boolean()->get();
  }

  std::optional<calendar::Date> date(std::string_view key) const {
    const toml::node* node = find(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_date()) {
      fail(line_of(node->source()), key, plan_error("plan.expected_date"));
    }
    const toml::date value = node->as_date()->get();
    try {
      return calendar::Date::from_ymd(value.year, value.month, value.day);
    } catch (const InvalidDate& error) {
      fail(line_of(node->source()), key, CodedReason::of(error));
    }
  }

  std::vector<std::string> texts(std::string_view key) const {
    std::vector<std::string> result;
    const toml::node* node = find(key);
    if (node == nullptr) return result;
    const toml::array* array = node->as_array();
    if (array == nullptr) fail(line_of(node->source()), key, plan_error("plan.expected_strings"));
    for (const toml::node& element : *array) {
      if (!element.is_string()) {
        fail(line_of(element.source()), key, plan_error("plan.expected_strings"));
      }
      result.push_back(element.as_string()->get());
    }
    return result;
  }

  // A sub-table (inline or not) as a reader, or nullopt when absent.
  std::optional<TableReader> table(std::string_view key) const {
    const toml::node* node = find(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_table()) {
      fail(line_of(node->source()), key, plan_error("plan.expected_inline_table"),
           {{"syntax", "{ … }"}});
    }
    return TableReader(source_, *node->as_table(), field(key));
  }

  template <typename Enum>
  std::optional<Enum> key_of(std::string_view key,
                             std::optional<Enum> (*from_key)(std::string_view),
                             std::initializer_list<std::string_view> keys,
                             bool required = false) const {
    const auto value = text(key, required);
    if (!value) return std::nullopt;
    const auto parsed = from_key(*value);
    if (!parsed) {
      fail(line(key), key, plan_error("plan.not_one_of"),
           {{"value", *value}, {"allowed", join(keys)}});
    }
    return parsed;
  }

 private:
  const std::string& source_;
  const toml::table& table_;
  std::string path_;
};

SourceRef read_source(const TableReader& item) {
  SourceRef source;
  if (const auto table = item.table("source")) {
    table->only({"line", "text"});
    source.line = table->integer("line");
    source.text = table->text_or_empty("text");
  }
  return source;
}

ReformArea read_area(const TableReader& item) {
  return item
      .key_of<ReformArea>("area", &target::area_from_key,
                          {"chi_dao", "the_che", "tthc", "to_chuc_bo_may", "cong_vu",
                           "tai_chinh_cong", "chinh_quyen_so", "other"})
      .value_or(ReformArea::other);
}

Target read_target(const TableReader& item, std::optional<int> year) {
  item.only({"id", "area", "title", "indicator", "comparator", "value", "change_percent", "upper",
             "unit", "baseline", "baseline_year", "higher_is_better", "scope", "deadline", "owner",
             "support", "source"});
  Target result;
  result.id = *item.text("id", true);
  if (result.id.empty()) item.fail(item.line("id"), "id", plan_error("plan.empty"));
  result.area = read_area(item);
  result.title = item.text_or_empty("title");
  result.indicator = *item.text("indicator", true);
  if (result.indicator.empty())
    item.fail(item.line("indicator"), "indicator", plan_error("plan.empty"));
  result.comparator = *item.key_of<Comparator>("comparator", &target::comparator_from_key,
                                               {"at_least", "at_most", "exactly", "reduce_by",
                                                "reduce_by_at_least", "between"},
                                               true);
  result.value = item.number("value");
  result.change_percent = item.number("change_percent");
  result.upper = item.number("upper");
  const bool reduction = result.comparator == Comparator::reduce_by ||
                         result.comparator == Comparator::reduce_by_at_least;
  if (reduction && (!result.change_percent || *result.change_percent >= 0)) {
    item.fail(item.line("comparator"), "comparator", plan_error("plan.reduction_sign"),
              {{"comparator", std::string(target::to_string(result.comparator))}});
  }
  if (result.comparator == Comparator::between) {
    if (!result.value || !result.upper) {
      item.fail(item.line("comparator"), "comparator", plan_error("plan.between_bounds"));
    }
    if (*result.upper < *result.value)
      item.fail(item.line("upper"), "upper", plan_error("plan.upper_below_value"));
  } else if (result.upper) {
    item.fail(item.line("upper"), "upper", plan_error("plan.upper_not_between"));
  }
  if (result.value && result.change_percent) {
    item.fail(item.line("change_percent"), "change_percent", plan_error("plan.value_and_change"));
  }
  if (!result.value && !result.change_percent) {
    item.fail(item.line(), "value", plan_error("plan.value_missing"));
  }
  result.unit = *item.key_of<ValueUnit>("unit", &target::unit_from_key,
                                        {"percent", "count", "days", "ratio"}, true);
  result.baseline = item.number("baseline");
  result.baseline_year = item.year("baseline_year");
  result.higher_is_better = item.boolean("higher_is_better");
  if (const auto scope = item.table("scope")) {
    scope->only({"unit", "field"});
    result.scope.unit = scope->text_or_empty("unit");
    result.scope.field = scope->text_or_empty("field");
  }
  result.deadline = StatedDeadline::from_text(item.text_or_empty("deadline"), year);
  result.owner = item.text_or_empty("owner");
  result.support = item.texts("support");
  result.source = read_source(item);
  return result;
}

Task read_task(const TableReader& item, std::optional<int> year) {
  item.only(
      {"id", "area", "title", "lead", "support", "deliverable", "deadline", "completed", "source"});
  Task result;
  result.id = *item.text("id", true);
  if (result.id.empty()) item.fail(item.line("id"), "id", plan_error("plan.empty"));
  result.area = read_area(item);
  result.title = *item.text("title", true);
  result.lead = item.text_or_empty("lead");
  result.support = item.texts("support");
  result.deliverable = item.text_or_empty("deliverable");
  result.deadline = StatedDeadline::from_text(item.text_or_empty("deadline"), year);
  result.completed = item.date("completed");
  result.source = read_source(item);
  return result;
}

// Each element of the array `key` of the root as a table reader "key[i]".
template <typename Read>
void read_items(const std::string& source, const toml::table& root, std::string_view key,
                Read&& read) {
  const toml::node* node = root.get(key);
  if (node == nullptr) return;
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    throw CodedReason(plan_error("plan.expected_tables"), {{"key", std::string(key)}})
        .at(source, line_of(node->source()), std::string(key));
  }
  std::size_t index = 0;
  for (const toml::node& element : *array) {
    ++index;
    const std::string path = std::string(key) + "[" + std::to_string(index) + "]";
    if (!element.is_table()) {
      throw CodedReason(plan_error("plan.expected_table"))
          .at(source, line_of(element.source()), path);
    }
    read(TableReader(source, *element.as_table(), path));
  }
}

// --- writing -------------------------------------------------------------------------------

// The shortest text that reads back as the same double, always a TOML float.
std::string float_text(double value) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  std::string text(buffer.data(), result.ptr);
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

class Writer {
 public:
  void header(std::string_view name, bool array) {
    if (!out_.str().empty()) out_ << '\n';
    out_ << (array ? "[[" : "[") << name << (array ? "]]" : "]") << '\n';
  }
  void text(std::string_view key, const std::string& value, bool always = false) {
    if (value.empty() && !always) return;
    out_ << key << " = " << detail::quote(value) << '\n';
  }
  void number(std::string_view key, const std::optional<double>& value) {
    if (value) out_ << key << " = " << float_text(*value) << '\n';
  }
  void integer(std::string_view key, const std::optional<int>& value) {
    if (value) out_ << key << " = " << *value << '\n';
  }
  void boolean(std::string_view key, const std::optional<bool>& value) {
    if (value) out_ << key << " = " << (*value ? "true" : "false") << '\n';
  }
  void texts(std::string_view key, const std::vector<std::string>& values) {
    if (values.empty()) return;
    out_ << key << " = [";
    for (std::size_t i = 0; i < values.size(); ++i)
      out_ << (i ? ", " : "") << detail::quote(values[i]);
    out_ << "]\n";
  }
  void source(const SourceRef& source) {
    if (source.empty()) return;
    out_ << "source = { ";
    if (source.line) out_ << "line = " << *source.line << (source.text.empty() ? " " : ", ");
    if (!source.text.empty()) out_ << "text = " << detail::quote(source.text) << ' ';
    out_ << "}\n";
  }
  void raw(std::string_view key, const std::string& value) {
    out_ << key << " = " << value << '\n';
  }
  std::string str() const { return out_.str(); }

 private:
  std::ostringstream out_;
};

}  // namespace

Plan parse_plan(std::string_view text, const std::string& source) {
  const toml::table root = detail::parse_toml(text, source);
  TableReader top(source, root, "");
  top.only({"plan", "target", "task"});
  const auto plan_table = top.table("plan");
  if (!plan_table) top.fail(1, "plan", plan_error("plan.plan_missing"));
  plan_table->only({"id", "title", "issuer", "document", "year", "source"});

  Plan plan;
  plan.id = *plan_table->text("id", true);
  if (plan.id.empty()) plan_table->fail(plan_table->line("id"), "id", plan_error("plan.empty"));
  plan.title = plan_table->text_or_empty("title");
  plan.issuer = plan_table->text_or_empty("issuer");
  plan.document = plan_table->text_or_empty("document");
  plan.year = plan_table->year("year");
  plan.source = plan_table->text_or_empty("source");

  std::set<std::string, std::less<>> ids;
  read_items(source, root, "target", [&](const TableReader& item) {
    plan.targets.push_back(read_target(item, plan.year));
    if (!ids.insert(plan.targets.back().id).second) {
      item.fail(item.line("id"), "id", plan_error("plan.id_twice"),
                {{"id", plan.targets.back().id}});
    }
  });
  ids.clear();
  read_items(source, root, "task", [&](const TableReader& item) {
    plan.tasks.push_back(read_task(item, plan.year));
    if (!ids.insert(plan.tasks.back().id).second) {
      item.fail(item.line("id"), "id", plan_error("plan.id_twice"), {{"id", plan.tasks.back().id}});
    }
  });
  return plan;
}

Plan load_plan(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw CodedReason(plan_error("plan.cannot_read"), {{"path", path.string()}}).as<Error>();
  }
  std::ostringstream content;
  content << file.rdbuf();
  return parse_plan(content.str(), path.string());
}

Plan load_embedded_plan(std::string_view name) {
  return parse_plan(cchc::detail::embedded_file(name), std::string(name));
}

std::string format_plan(const Plan& plan) {
  // A file that load_plan would refuse is never written.
  if (const auto problems = target::validate(plan); !problems.empty()) {
    // The problems are target::validate's English, one argument.
    std::string joined;
    for (const std::string& problem : problems) {
      if (!joined.empty()) joined.append("; ");
      joined.append(problem);
    }
    throw CodedReason(plan_error("plan.cannot_write_invalid"), {{"problems", joined}}).as<Error>();
  }
  Writer out;
  out.header("plan", false);
  out.text("id", plan.id, true);
  out.text("title", plan.title);
  out.text("issuer", plan.issuer);
  out.text("document", plan.document);
  out.integer("year", plan.year);
  out.text("source", plan.source);
  for (const Target& item : plan.targets) {
    out.header("target", true);
    out.text("id", item.id, true);
    out.raw("area", detail::quote(target::to_string(item.area)));
    out.text("title", item.title);
    out.text("indicator", item.indicator, true);
    out.raw("comparator", detail::quote(target::to_string(item.comparator)));
    out.number("value", item.value);
    out.number("change_percent", item.change_percent);
    out.number("upper", item.upper);
    out.raw("unit", detail::quote(target::to_string(item.unit)));
    out.number("baseline", item.baseline);
    out.integer("baseline_year", item.baseline_year);
    out.boolean("higher_is_better", item.higher_is_better);
    if (!item.scope.empty()) {
      std::string scope = "{ ";
      if (!item.scope.unit.empty()) scope += "unit = " + detail::quote(item.scope.unit);
      if (!item.scope.unit.empty() && !item.scope.field.empty()) scope += ", ";
      if (!item.scope.field.empty()) scope += "field = " + detail::quote(item.scope.field);
      out.raw("scope", scope + " }");
    }
    out.text("deadline", item.deadline.text);
    out.text("owner", item.owner);
    out.texts("support", item.support);
    out.source(item.source);
  }
  for (const Task& item : plan.tasks) {
    out.header("task", true);
    out.text("id", item.id, true);
    out.raw("area", detail::quote(target::to_string(item.area)));
    out.text("title", item.title, true);
    out.text("lead", item.lead);
    out.texts("support", item.support);
    out.text("deliverable", item.deliverable);
    out.text("deadline", item.deadline.text);
    if (item.completed) out.raw("completed", item.completed->iso());
    out.source(item.source);
  }
  return out.str();
}

void save_plan(const Plan& plan, const std::filesystem::path& path) {
  cchc::detail::write_file_atomically(path, format_plan(plan), "the plan file");
}

}  // namespace cchc::io
