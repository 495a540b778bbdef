#include "cchc/io/composite_file.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/csv.hpp"
#include "cchc/detail/embedded_data.hpp"
#include "cchc/detail/errors/composite.hpp"
#include "cchc/text/unicode.hpp"
#include "cchc/text/vietnamese.hpp"
#include "toml_reader.hpp"

namespace cchc::io {

namespace {

using cchc::detail::CodedReason;
using cchc::detail::composite_error;
using composite::NodeSettings;

bool is_missing_cell(std::string_view cell) {
  return cell.empty() || cell == "NA" || cell == "NaN" || cell == "nan";
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0.0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc{} || result.ptr != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

// A parent chain that loops names every row of the loop (the tree itself reports only the first
// node it meets): "parent chain forms a cycle: A (line 3) → B (line 5) → A".
void refuse_parent_cycles(const std::vector<score::NodeSpec>& specs,
                          const std::vector<std::size_t>& lines, const std::string& source,
                          const std::string& field, const std::string& line_word) {
  std::map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < specs.size(); ++i) index_of.emplace(specs[i].code, i);
  std::vector<int> state(specs.size(), 0);  // 0 unseen, 1 on the current path, 2 done
  for (std::size_t start = 0; start < specs.size(); ++start) {
    std::vector<std::size_t> path;
    std::optional<std::size_t> cursor = start;
    while (cursor && state[*cursor] == 0) {
      state[*cursor] = 1;
      path.push_back(*cursor);
      const auto parent = index_of.find(specs[*cursor].parent_code);
      cursor = specs[*cursor].parent_code.empty() || parent == index_of.end()
                   ? std::nullopt
                   : std::optional<std::size_t>(parent->second);
    }
    if (cursor && state[*cursor] == 1) {
      const auto first = std::find(path.begin(), path.end(), *cursor);
      std::string chain;
      for (auto it = first; it != path.end(); ++it)
        chain += specs[*it].code + " (" + line_word + " " + std::to_string(lines.at(*it)) + ") → ";
      chain += specs[*cursor].code;
      throw CodedReason(composite_error("composite.parent_cycle"),
                        {{"code", specs[*cursor].code}, {"chain", chain}})
          .at(source, lines.at(*cursor), field);
    }
    for (std::size_t node : path) state[node] = 2;
  }
}

/// Largest iData / iMeta / index file read (docs/hardening.md); COINr's examples are tens of KB.
constexpr std::uintmax_t kMaxCompositeFileBytes = 256U * 1024U * 1024U;

std::string read_text(const std::filesystem::path& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!error && std::filesystem::is_directory(status))
    throw CodedReason(composite_error("composite.is_folder")).at(path.string(), 0, "");
  if (!error && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    throw CodedReason(composite_error("composite.not_regular")).at(path.string(), 0, "");
  if (!error && std::filesystem::is_regular_file(status)) {
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (!error && size > kMaxCompositeFileBytes)
      throw CodedReason(
          composite_error("composite.too_large"),
          {{"size", std::to_string(size)}, {"limit", std::to_string(kMaxCompositeFileBytes)}})
          .at(path.string(), 0, "");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw CodedReason(composite_error("composite.cannot_open"), {{"path", path.string()}})
        .as<Error>();
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct MetaRow {
  std::size_t line = 0;
  std::map<std::string, std::string> cells;
  const std::string& get(const std::string& key) const {
    static const std::string empty;
    const auto found = cells.find(key);
    return found == cells.end() ? empty : found->second;
  }
};

/// Refuses text that is not UTF-8 (a CP1258 export), naming the first bad line: codes and
/// names would otherwise be compared and printed as garbage.
void require_utf8(std::string_view content, const std::string& source) {
  if (text::is_valid_utf8(content)) return;
  std::size_t line = 1;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = content.find('\n', start);
    const std::string_view row =
        content.substr(start, end == std::string_view::npos ? content.size() - start : end - start);
    if (!text::is_valid_utf8(row) || end == std::string_view::npos) break;
    start = end + 1;
    ++line;
  }
  throw CodedReason(composite_error("composite.not_utf8")).at(source, line, "");
}

std::vector<MetaRow> read_meta_rows(std::string_view text, const std::string& source) {
  require_utf8(text, source);
  std::vector<std::string> header;
  std::vector<MetaRow> rows;
  cchc::detail::for_each_csv_record(
      text, source, [&](std::size_t line, const std::vector<std::string>& fields) {
        if (header.empty()) {
          header = fields;
          for (const char* required : {"Level", "iCode", "Direction", "Weight", "Parent", "Type"})
            if (std::find(header.begin(), header.end(), required) == header.end())
              throw CodedReason(composite_error("composite.imeta_column_missing"),
                                {{"column", required}})
                  .at(source, line, required);
          return;
        }
        if (fields.size() != header.size())
          throw CodedReason(composite_error("composite.field_count"),
                            {{"count", std::to_string(fields.size())},
                             {"expected", std::to_string(header.size())}})
              .at(source, line, "");
        MetaRow row{line, {}};
        for (std::size_t i = 0; i < header.size(); ++i) row.cells[header[i]] = fields[i];
        rows.push_back(std::move(row));
      });
  if (header.empty()) throw CodedReason(composite_error("composite.imeta_empty")).at(source, 0, "");
  return rows;
}

}  // namespace

composite::IndexStructure parse_imeta(std::string_view text, std::string_view source_view) {
  const std::string source(source_view);
  std::vector<score::NodeSpec> specs;
  std::vector<NodeSettings> settings;
  std::vector<std::size_t> lines;
  std::set<std::string> codes;
  for (const MetaRow& row : read_meta_rows(text, source)) {
    const std::string& type = row.get("Type");
    const std::string code = text::to_nfc(row.get("iCode"));
    if (code.empty())
      throw CodedReason(composite_error("composite.empty_code")).at(source, row.line, "iCode");
    if (!codes.insert(code).second)
      throw CodedReason(composite_error("composite.code_twice"), {{"code", code}})
          .at(source, row.line, "iCode");
    if (type == "Group" || type == "Denominator" || type == "Other") continue;
    // The row's code comes before each reason: "'1.2': weight must be ≥ 0".
    const CodedReason row_context(composite_error("composite.code"), {{"code", code}});
    if (type != "Indicator" && type != "Aggregate")
      throw row_context.and_then(composite_error("composite.type_unknown"), {{"type", type}})
          .at(source, row.line, "Type");
    score::NodeSpec spec;
    spec.code = code;
    spec.parent_code =
        is_missing_cell(row.get("Parent")) ? "" : text::to_nfc(row.get("Parent"));
    spec.name = is_missing_cell(row.get("iName")) ? code : row.get("iName");
    spec.max_points = 1.0;
    spec.aggregation = score::Aggregation::weighted_mean;
    NodeSettings node;
    const auto number = [&](const std::string& field, bool required) -> std::optional<double> {
      const std::string& cell = row.get(field);
      if (is_missing_cell(cell)) {
        if (required)
          throw row_context.and_then(composite_error("composite.value_required"))
              .at(source, row.line, field);
        return std::nullopt;
      }
      const auto value = parse_number(cell);
      if (!value)
        throw row_context.and_then(composite_error("composite.not_a_number"), {{"value", cell}})
            .at(source, row.line, field);
      return value;
    };
    const double direction = *number("Direction", true);
    if (direction != 1.0 && direction != -1.0)
      throw row_context.and_then(composite_error("composite.direction_sign"))
          .at(source, row.line, "Direction");
    node.direction = direction > 0 ? 1 : -1;
    node.weight = *number("Weight", true);
    if (node.weight < 0.0)
      throw row_context.and_then(composite_error("composite.weight_negative"))
          .at(source, row.line, "Weight");
    spec.weight = node.weight > 0.0 ? node.weight : 1.0;  // the tree needs > 0; ours is in settings
    if (type == "Indicator") {
      node.target = number("Target", false);
      const std::string& denominator = row.get("Denominator");
      if (!is_missing_cell(denominator)) node.denominator = denominator;
    }
    specs.push_back(std::move(spec));
    settings.push_back(std::move(node));
    lines.push_back(row.line);
  }
  refuse_parent_cycles(specs, lines, source, "Parent", "line");
  try {
    return composite::IndexStructure::build("iMeta", std::move(specs), std::move(settings));
  } catch (const score::InvalidTree& error) {
    throw CodedReason(composite_error("composite.code"), {{"code", error.code()}})
        .then(error.coded_reason())
        .at(source, lines.at(error.node_index()), error.field());
  }
}

namespace {

std::size_t ucode_of(const std::vector<std::string>& header) {
  return static_cast<std::size_t>(std::find(header.begin(), header.end(), "uCode") -
                                  header.begin());
}

// Reads iData; with `panel`, splits the rows by their Time value (required, whole number).
std::vector<std::pair<int, composite::CompositeData>> parse_idata_rows(
    std::string_view text, const composite::IndexStructure& index, std::string_view imeta_text,
    std::string_view source_view, bool panel) {
  const std::string source(source_view);
  std::set<std::string> group_codes, denominator_codes;
  for (const MetaRow& row : read_meta_rows(imeta_text, "<iMeta>")) {
    if (row.get("Type") == "Group") group_codes.insert(text::to_nfc(row.get("iCode")));
    if (row.get("Type") == "Denominator") denominator_codes.insert(text::to_nfc(row.get("iCode")));
  }
  require_utf8(text, source);
  std::vector<std::string> header;
  std::vector<std::size_t> row_lines;
  std::vector<std::vector<std::string>> cells;
  cchc::detail::for_each_csv_record(
      text, source, [&](std::size_t line, const std::vector<std::string>& fields) {
        if (header.empty()) {
          header = fields;
          for (std::string& name : header) name = text::to_nfc(name);
          if (std::find(header.begin(), header.end(), "uCode") == header.end())
            throw CodedReason(composite_error("composite.idata_ucode_missing"))
                .at(source, line, "uCode");
          return;
        }
        if (fields.size() != header.size())
          throw CodedReason(composite_error("composite.field_count"),
                            {{"count", std::to_string(fields.size())},
                             {"expected", std::to_string(header.size())}})
              .at(source, line, "");
        row_lines.push_back(line);
        cells.push_back(fields);
        cells.back()[ucode_of(header)] = text::to_nfc(cells.back()[ucode_of(header)]);
      });
  if (header.empty()) throw CodedReason(composite_error("composite.idata_empty")).at(source, 0, "");
  const auto ucode =
      static_cast<std::size_t>(std::find(header.begin(), header.end(), "uCode") - header.begin());
  std::vector<std::size_t> indicator_fields, denominator_fields, group_fields;
  std::vector<std::string> indicator_codes, denominator_names;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string& name = header[i];
    if (i == ucode || name == "uName" || name == "Time") continue;
    const auto node = index.tree().find(name);
    if (node && index.tree().node(*node).is_leaf()) {
      indicator_fields.push_back(i);
      indicator_codes.push_back(name);
    } else if (denominator_codes.count(name)) {
      denominator_fields.push_back(i);
      denominator_names.push_back(name);
    } else if (group_codes.count(name)) {
      group_fields.push_back(i);
    } else {
      throw CodedReason(composite_error("composite.idata_column_unknown"), {{"column", name}})
          .at(source, 1, name);
    }
  }
  for (const std::string& code : index.indicator_codes())
    if (std::find(indicator_codes.begin(), indicator_codes.end(), code) == indicator_codes.end())
      throw CodedReason(composite_error("composite.idata_indicator_missing"), {{"indicator", code}})
          .at(source, 1, code);
  std::vector<std::pair<int, std::vector<std::size_t>>> periods;  // time → rows
  if (!panel) {
    periods.emplace_back(0, std::vector<std::size_t>(cells.size()));
    std::iota(periods[0].second.begin(), periods[0].second.end(), std::size_t{0});
  } else {
    const auto time_it = std::find(header.begin(), header.end(), "Time");
    if (time_it == header.end())
      throw CodedReason(composite_error("composite.panel_time_missing")).at(source, 1, "Time");
    const auto time_field = static_cast<std::size_t>(time_it - header.begin());
    std::map<int, std::vector<std::size_t>> by_time;
    for (std::size_t r = 0; r < cells.size(); ++r) {
      int time = 0;
      if (!cchc::detail::parse_int(cells[r][time_field], time))
        throw CodedReason(composite_error("composite.unit"), {{"unit", cells[r][ucode]}})
            .then(composite_error("composite.not_whole_number"), {{"value", cells[r][time_field]}})
            .at(source, row_lines[r], "Time");
      by_time[time].push_back(r);
    }
    for (auto& [time, rows] : by_time) periods.emplace_back(time, std::move(rows));
  }
  std::vector<std::pair<int, composite::CompositeData>> result;
  for (const auto& period : periods) {
    // Named, not a structured binding: the lambda below uses `rows`, and clang before 16
    // cannot capture a structured binding (the fuzz build uses Debian's clang 14).
    const int time = period.first;
    const std::vector<std::size_t>& rows = period.second;
    std::vector<std::string> units;
    std::set<std::string> seen;
    for (std::size_t r : rows) {
      const std::string& unit = cells[r][ucode];
      if (unit.empty() || unit == "NA")
        throw CodedReason(composite_error("composite.empty_unit"))
            .at(source, row_lines[r], "uCode");
      if (!seen.insert(unit).second)
        throw(panel ? CodedReason(composite_error("composite.unit_twice_in_time"),
                                  {{"unit", unit}, {"time", std::to_string(time)}})
                    : CodedReason(composite_error("composite.unit_twice"), {{"unit", unit}}))
            .at(source, row_lines[r], "uCode");
      units.push_back(unit);
    }
    composite::CompositeData data;
    const auto fill = [&](composite::Dataset& target, const std::vector<std::size_t>& fields) {
      for (std::size_t k = 0; k < rows.size(); ++k)
        for (std::size_t j = 0; j < fields.size(); ++j) {
          const std::string& cell = cells[rows[k]][fields[j]];
          if (is_missing_cell(cell)) continue;
          const auto value = parse_number(cell);
          if (!value)
            throw CodedReason(composite_error("composite.unit"), {{"unit", units[k]}})
                .then(composite_error("composite.not_a_number"), {{"value", cell}})
                .at(source, row_lines[rows[k]], header[fields[j]]);
          target.set(k, j, *value);
        }
    };
    data.indicators = composite::Dataset::empty_like(units, indicator_codes);
    fill(data.indicators, indicator_fields);
    data.denominators = composite::Dataset::empty_like(units, denominator_names);
    fill(data.denominators, denominator_fields);
    for (std::size_t field : group_fields) {
      composite::UnitGroups grouping{header[field], {}};
      for (std::size_t r : rows)
        grouping.labels.push_back(is_missing_cell(cells[r][field]) ? "" : cells[r][field]);
      data.groups.push_back(std::move(grouping));
    }
    data.validate(index);
    result.emplace_back(time, std::move(data));
  }
  return result;
}

}  // namespace

composite::CompositeData parse_idata(std::string_view text, const composite::IndexStructure& index,
                                     std::string_view imeta_text, std::string_view source) {
  return std::move(parse_idata_rows(text, index, imeta_text, source, false).front().second);
}

std::vector<std::pair<int, composite::CompositeData>> parse_idata_panel(
    std::string_view text, const composite::IndexStructure& index, std::string_view imeta_text,
    std::string_view source) {
  return parse_idata_rows(text, index, imeta_text, source, true);
}

PanelInput read_coinr_panel(const std::filesystem::path& idata,
                            const std::filesystem::path& imeta) {
  const std::string meta_text = read_text(imeta);
  PanelInput input{parse_imeta(meta_text, imeta.string()), {}};
  input.periods = parse_idata_panel(read_text(idata), input.index, meta_text, idata.string());
  return input;
}

CompositeInput read_coinr_csv(const std::filesystem::path& idata,
                              const std::filesystem::path& imeta) {
  const std::string meta_text = read_text(imeta);
  CompositeInput input{parse_imeta(meta_text, imeta.string()), {}};
  input.data = parse_idata(read_text(idata), input.index, meta_text, idata.string());
  return input;
}

composite::IndexStructure parse_index_toml(std::string_view text, std::string_view source_view) {
  const detail::TomlReader reader{std::string(source_view)};
  const toml::table root = reader.parse(text);
  reader.only_keys(root, {"index", "node"}, CodedReason());
  std::string name = "index";
  double default_share = 1.0;
  if (const toml::table* header = root["index"].as_table()) {
    const CodedReason index_context = detail::toml_section("[index]");
    reader.only_keys(*header, {"name", "source", "max_missing_share"}, index_context, "index.");
    name = reader.string(*header, "name", index_context, "index.").value_or(name);
    default_share =
        reader.finite_number(*header, "max_missing_share", index_context, "index.").value_or(1.0);
  }
  std::vector<score::NodeSpec> specs;
  std::vector<NodeSettings> settings;
  std::vector<const toml::table*> tables = reader.tables(root, "node");
  const CodedReason node_section = detail::toml_section("[[node]]");
  for (const toml::table* table : tables) {
    reader.only_keys(*table,
                     {"code", "parent", "name", "weight", "direction", "aggregation",
                      "max_missing_share", "denominator", "target", "goalposts"},
                     node_section);
    score::NodeSpec spec;
    const auto code = reader.string(*table, "code", node_section);
    if (!code)
      reader.fail(*table, "code", node_section, composite_error("composite.node_code_missing"));
    spec.code = text::to_nfc(*code);
    const CodedReason context(composite_error("composite.node"), {{"code", spec.code}});
    spec.parent_code = text::to_nfc(reader.string(*table, "parent", context).value_or(""));
    spec.name = reader.string(*table, "name", context).value_or(spec.code);
    spec.max_points = 1.0;
    spec.aggregation = score::Aggregation::weighted_mean;
    NodeSettings node;
    node.weight = reader.finite_number(*table, "weight", context).value_or(1.0);
    spec.weight = node.weight > 0.0 ? node.weight : 1.0;
    const double direction = reader.finite_number(*table, "direction", context).value_or(1.0);
    if (direction != 1.0 && direction != -1.0)
      reader.fail(*table->get("direction"), "direction", context,
                  composite_error("composite.must_be_sign"));
    node.direction = direction > 0 ? 1 : -1;
    if (const auto method = reader.string(*table, "aggregation", context)) {
      const auto parsed = composite::method_from_string(*method);
      if (!parsed)
        reader.fail(*table->get("aggregation"), "aggregation", context,
                    composite_error("composite.aggregation_unknown"), {{"method", *method}});
      node.aggregation = *parsed;
    }
    node.max_missing_share = reader.finite_number(*table, "max_missing_share", context);
    node.denominator = reader.string(*table, "denominator", context).value_or("");
    node.target = reader.finite_number(*table, "target", context);
    if (const toml::node* posts = table->get("goalposts")) {
      const toml::table* posts_table = posts->as_table();
      if (!posts_table)
        reader.fail(*posts, "goalposts", context, composite_error("composite.goalposts_table"));
      reader.only_keys(*posts_table, {"lower", "upper", "log", "truncate"}, context, "goalposts.");
      composite::Goalposts goalposts;
      const auto lower = reader.finite_number(*posts_table, "lower", context, "goalposts.");
      const auto upper = reader.finite_number(*posts_table, "upper", context, "goalposts.");
      if (!lower || !upper)
        reader.fail(*posts, "goalposts", context, composite_error("composite.goalposts_bounds"));
      goalposts.lower = *lower;
      goalposts.upper = *upper;
      goalposts.log_scale =
          reader.boolean(*posts_table, "log", context, "goalposts.").value_or(false);
      goalposts.truncate =
          reader.boolean(*posts_table, "truncate", context, "goalposts.").value_or(true);
      node.goalposts = goalposts;
    }
    specs.push_back(std::move(spec));
    settings.push_back(std::move(node));
  }
  {
    std::vector<std::size_t> lines;
    for (const toml::table* table : tables) lines.push_back(detail::TomlReader::line_of(*table));
    refuse_parent_cycles(specs, lines, reader.source(), "parent", "line");
  }
  try {
    return composite::IndexStructure::build(name, std::move(specs), std::move(settings),
                                            default_share);
  } catch (const score::InvalidTree& error) {
    throw CodedReason(composite_error("composite.node"), {{"code", error.code()}})
        .then(error.coded_reason())
        .at(reader.source(), detail::TomlReader::line_of(*tables.at(error.node_index())),
            error.field());
  }
}

composite::IndexStructure read_index_toml(const std::filesystem::path& path) {
  return parse_index_toml(read_text(path), path.string());
}

composite::IndexStructure shipped_index(std::string_view id) {
  const std::string name = "composite/" + std::string(id) + ".toml";
  return parse_index_toml(cchc::detail::embedded_file(name), name);
}

}  // namespace cchc::io
