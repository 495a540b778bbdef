#include "cchc/io/framework_file.hpp"

#include <fstream>
#include <sstream>
#include <variant>

#include "cchc/detail/atomic_file.hpp"
#include "cchc/detail/embedded_data.hpp"
#include "cchc/detail/errors/score.hpp"
#include "cchc/text/unicode.hpp"
#include "toml_reader.hpp"

namespace cchc::io {

namespace detail {

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (byte < 0x20 || byte == 0x7f) {
          static constexpr char kHex[] = "0123456789ABCDEF";
          out += "\\u00";
          out += kHex[byte >> 4];
          out += kHex[byte & 0xF];
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace detail

namespace {

using cchc::detail::score_error;
using detail::CodedReason;
using detail::quote;
using detail::toml_section;
using detail::TomlReader;
using score::format_number;

constexpr std::string_view kFrameworkPrefix = "frameworks/";

score::Provenance provenance_of(const TomlReader& reader, const toml::table& table,
                                std::string_view key, score::Provenance fallback,
                                const CodedReason& context) {
  const auto text = reader.string(table, key, context);
  if (!text) return fallback;
  const auto value = score::provenance_from_string(*text);
  if (!value) {
    reader.fail(*table.get(key), std::string(key), context, score_error("framework.provenance"),
                {{"value", *text}});
  }
  return *value;
}

score::Rule parse_rule(const TomlReader& reader, const toml::node& node,
                       const CodedReason& context) {
  const auto* table = node.as_table();
  if (!table) reader.fail(node, "rule", context, score_error("framework.rule_not_table"));
  const auto kind = reader.string(*table, "kind", context, "rule.");
  if (!kind) reader.fail(node, "rule.kind", context, score_error("framework.rule_kind_missing"));
  const auto number = [&](std::string_view key) {
    return reader.number(*table, key, context, "rule.");
  };
  const auto keys = [&](std::initializer_list<std::string_view> allowed) {
    reader.only_keys(*table, allowed,
                     context.and_then(score_error("framework.rule"), {{"kind", *kind}}), "rule.");
  };
  if (*kind == "proportional") {
    keys({"kind", "if_empty"});
    return score::Proportional{number("if_empty")};
  }
  if (*kind == "steps") {
    keys({"kind", "steps", "below"});
    score::Steps steps;
    steps.below = number("below").value_or(0.0);
    const toml::node* list = table->get("steps");
    if (!list || !list->as_array()) {
      reader.fail(list ? *list : node, "rule.steps", context,
                  score_error("framework.steps_missing"));
    }
    for (const toml::node& item : *list->as_array()) {
      const auto* step = item.as_table();
      if (!step) reader.fail(item, "rule.steps", context, score_error("framework.step_not_table"));
      reader.only_keys(*step, {"from", "points"}, context.and_then(score_error("framework.step")),
                       "rule.steps.");
      const auto from = reader.number(*step, "from", context, "rule.steps.");
      const auto points = reader.number(*step, "points", context, "rule.steps.");
      if (!from || !points)
        reader.fail(item, "rule.steps", context, score_error("framework.step_incomplete"));
      steps.steps.push_back(score::Step{*from, *points});
    }
    return steps;
  }
  if (*kind == "saturation") {
    keys({"kind", "threshold", "if_empty"});
    const auto threshold = number("threshold");
    if (!threshold) {
      reader.fail(node, "rule.threshold", context, score_error("framework.saturation_threshold"));
    }
    return score::Saturation{*threshold, number("if_empty")};
  }
  if (*kind == "capped_terms") {
    keys({"kind", "terms"});
    const toml::node* list = table->get("terms");
    if (!list || !list->as_array() || list->as_array()->empty()) {
      reader.fail(list ? *list : node, "rule.terms", context,
                  score_error("framework.terms_missing"));
    }
    score::CappedTerms rule;
    for (const toml::node& item : *list->as_array()) {
      const auto* term = item.as_table();
      if (!term) {
        reader.fail(item, "rule.terms", context, score_error("framework.term_not_table"));
      }
      reader.only_keys(*term, {"ratio", "slope", "cap", "if_empty"},
                       context.and_then(score_error("framework.term")), "rule.terms.");
      const auto ratio = reader.string(*term, "ratio", context, "rule.terms.");
      const auto slope = reader.number(*term, "slope", context, "rule.terms.");
      if (!ratio || ratio->empty() || !slope) {
        reader.fail(item, "rule.terms", context, score_error("framework.term_incomplete"));
      }
      rule.terms.push_back(score::Term{*ratio, *slope,
                                       reader.number(*term, "cap", context, "rule.terms."),
                                       reader.number(*term, "if_empty", context, "rule.terms.")});
    }
    return rule;
  }
  if (*kind == "goalposts") {
    keys({"kind", "worst", "best"});
    const auto worst = number("worst");
    const auto best = number("best");
    if (!worst || !best) {
      reader.fail(node, "rule", context, score_error("framework.goalposts_incomplete"));
    }
    return score::Goalposts{*worst, *best};
  }
  if (*kind == "pass_fail") {
    keys({"kind", "late_share"});
    return score::PassFail{number("late_share").value_or(0.0)};
  }
  if (*kind == "count_cap") {
    keys({"kind", "per_occurrence", "cap"});
    const auto per = number("per_occurrence");
    if (!per)
      reader.fail(node, "rule.per_occurrence", context, score_error("framework.count_cap_per"));
    return score::CountCap{*per, number("cap")};
  }
  if (*kind == "deduction_bonus") {
    keys({"kind", "per_occurrence", "start"});
    const auto per = number("per_occurrence");
    if (!per) {
      reader.fail(node, "rule.per_occurrence", context,
                  score_error("framework.deduction_bonus_per"));
    }
    return score::DeductionBonus{*per, number("start")};
  }
  if (*kind == "relative_to_best") {
    keys({"kind", "lower_is_better"});
    return score::RelativeToBest{
        reader.boolean(*table, "lower_is_better", context, "rule.").value_or(false)};
  }
  if (*kind == "survey_percentage") {
    keys({"kind", "survey_max"});
    return score::SurveyPercentage{number("survey_max").value_or(100.0)};
  }
  if (*kind == "manual") {
    keys({"kind"});
    return score::Manual{};
  }
  reader.fail(*table->get("kind"), "rule.kind", context, score_error("framework.rule_kind_unknown"),
              {{"kind", *kind}});
}

std::string format_rule(const score::Rule& rule) {
  std::string out = "{ kind = " + quote(score::rule_kind(rule));
  std::visit(
      [&](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        const auto if_empty = [&](const std::optional<double>& value) {
          if (value) out += ", if_empty = " + format_number(*value);
        };
        if constexpr (std::is_same_v<T, score::Proportional>) {
          if_empty(r.if_empty);
        } else if constexpr (std::is_same_v<T, score::CappedTerms>) {
          out += ", terms = [";
          for (std::size_t i = 0; i < r.terms.size(); ++i) {
            const score::Term& term = r.terms[i];
            out += (i ? ", " : "") + std::string("{ ratio = ") + quote(term.ratio) +
                   ", slope = " + format_number(term.slope);
            if (term.cap) out += ", cap = " + format_number(*term.cap);
            if (term.if_empty) out += ", if_empty = " + format_number(*term.if_empty);
            out += " }";
          }
          out += "]";
        } else if constexpr (std::is_same_v<T, score::Steps>) {
          out += ", steps = [";
          for (std::size_t i = 0; i < r.steps.size(); ++i) {
            out += (i ? ", " : "") + std::string("{ from = ") + format_number(r.steps[i].from) +
                   ", points = " + format_number(r.steps[i].points) + " }";
          }
          out += "], below = " + format_number(r.below);
        } else if constexpr (std::is_same_v<T, score::Saturation>) {
          out += ", threshold = " + format_number(r.threshold);
          if_empty(r.if_empty);
        } else if constexpr (std::is_same_v<T, score::Goalposts>) {
          out += ", worst = " + format_number(r.worst) + ", best = " + format_number(r.best);
        } else if constexpr (std::is_same_v<T, score::PassFail>) {
          out += ", late_share = " + format_number(r.late_share);
        } else if constexpr (std::is_same_v<T, score::CountCap>) {
          out += ", per_occurrence = " + format_number(r.per_occurrence);
          if (r.cap) out += ", cap = " + format_number(*r.cap);
        } else if constexpr (std::is_same_v<T, score::DeductionBonus>) {
          out += ", per_occurrence = " + format_number(r.per_occurrence);
          if (r.start) out += ", start = " + format_number(*r.start);
        } else if constexpr (std::is_same_v<T, score::RelativeToBest>) {
          out += std::string(", lower_is_better = ") + (r.lower_is_better ? "true" : "false");
        } else if constexpr (std::is_same_v<T, score::SurveyPercentage>) {
          out += ", survey_max = " + format_number(r.survey_max);
        }
      },
      rule);
  return out + " }";
}

}  // namespace

score::Framework parse_framework(std::string_view text, std::string_view source) {
  const TomlReader reader{std::string(source)};
  const toml::table root = reader.parse(text);
  reader.only_keys(root, {"framework", "band", "level", "criterion"}, CodedReason());

  score::FrameworkMeta meta;
  const toml::node* header = root.get("framework");
  if (!header || !header->as_table()) {
    throw CodedReason(score_error("framework.header_missing"))
        .at(std::string(source), header ? TomlReader::line_of(*header) : 1, "framework");
  }
  const toml::table& head = *header->as_table();
  const CodedReason head_context = toml_section("[framework]");
  reader.only_keys(head,
                   {"id", "name", "version", "legal_basis", "level", "provenance", "note",
                    "round_leaf_points"},
                   head_context);
  const auto id = reader.string(head, "id", head_context);
  if (!id || id->empty())
    reader.fail(head, "id", head_context, score_error("framework.id_missing"));
  meta.id = *id;
  meta.name = reader.string(head, "name", head_context).value_or("");
  meta.version = reader.string(head, "version", head_context).value_or("");
  meta.legal_basis = reader.string(head, "legal_basis", head_context).value_or("");
  meta.level = reader.string(head, "level", head_context).value_or("");
  meta.note = reader.string(head, "note", head_context).value_or("");
  meta.provenance =
      provenance_of(reader, head, "provenance", score::Provenance::official, head_context);
  if (const toml::node* rounding = head.get("round_leaf_points")) {
    const auto* integer = rounding->as_integer();
    if (!integer || integer->get() < 0 || integer->get() > 6) {
      reader.fail(*rounding, "round_leaf_points", head_context, score_error("framework.rounding"));
    }
    meta.round_leaf_points = static_cast<int>(integer->get());
  }
  for (const toml::table* table : reader.tables(root, "level")) {
    const CodedReason context = toml_section("[[level]]");
    reader.only_keys(*table, {"key", "name", "excluded"}, context);
    const auto key = reader.string(*table, "key", context);
    if (!key || key->empty()) {
      reader.fail(*table, "key", context, score_error("framework.level_key_missing"));
    }
    for (const score::LevelSetting& known : meta.levels) {
      if (known.key == *key) {
        reader.fail(*table, "key", context, score_error("framework.level_twice"), {{"key", *key}});
      }
    }
    score::LevelSetting level{*key, reader.string(*table, "name", context).value_or(""), false};
    if (const auto excluded = reader.string(*table, "excluded", context)) {
      if (*excluded == "full_points") {
        level.excluded_full_points = true;
      } else if (*excluded != "not_applicable") {
        reader.fail(*table->get("excluded"), "excluded", context,
                    score_error("framework.level_excluded"), {{"value", *excluded}});
      }
    }
    meta.levels.push_back(std::move(level));
  }

  std::vector<score::Band> bands;
  for (const toml::table* table : reader.tables(root, "band")) {
    const CodedReason context = toml_section("[[band]]");
    reader.only_keys(*table, {"name", "from", "provenance"}, context);
    const auto name = reader.string(*table, "name", context);
    const auto from = reader.number(*table, "from", context);
    if (!name || !from)
      reader.fail(*table, "band", context, score_error("framework.band_incomplete"));
    if (!bands.empty() && !(*from < bands.back().from_percent)) {
      reader.fail(*table, "from", context, score_error("framework.band_order"));
    }
    bands.push_back(score::Band{
        *name, *from, provenance_of(reader, *table, "provenance", meta.provenance, context)});
  }

  const std::vector<const toml::table*> criteria = reader.tables(root, "criterion");
  if (criteria.empty()) {
    throw CodedReason(score_error("framework.no_criteria")).at(std::string(source), 0, "criterion");
  }
  std::vector<score::NodeSpec> specs;
  std::vector<score::CriterionInfo> infos;
  std::vector<std::size_t> lines;
  std::vector<std::optional<score::ScoredBy>> explicit_scored_by;
  for (const toml::table* table : criteria) {
    const CodedReason criterion_section = toml_section("[[criterion]]");
    const auto code = reader.string(*table, "code", criterion_section);
    if (!code || code->empty()) {
      reader.fail(*table, "code", criterion_section, score_error("framework.code_missing"));
    }
    const CodedReason context(score_error("framework.criterion"), {{"code", *code}});
    reader.only_keys(*table,
                     {"code", "parent", "name", "max", "aggregation", "weight", "rule", "input",
                      "evidence_required", "provenance", "source", "note", "scored_by", "metric",
                      "levels"},
                     context);
    score::NodeSpec spec;
    // Codes in NFC, so that a parent written with combining marks finds its node.
    spec.code = text::to_nfc(*code);
    spec.parent_code = text::to_nfc(reader.string(*table, "parent", context).value_or(""));
    spec.name = reader.string(*table, "name", context).value_or("");
    if (spec.name.empty())
      reader.fail(*table, "name", context, score_error("framework.name_missing"));
    const auto max = reader.number(*table, "max", context);
    if (!max) reader.fail(*table, "max", context, score_error("framework.max_missing"));
    spec.max_points = *max;
    spec.weight = reader.number(*table, "weight", context).value_or(1.0);
    if (const auto aggregation = reader.string(*table, "aggregation", context)) {
      const auto value = score::aggregation_from_string(*aggregation);
      if (!value) {
        reader.fail(*table->get("aggregation"), "aggregation", context,
                    score_error("framework.aggregation"), {{"value", *aggregation}});
      }
      spec.aggregation = *value;
    }
    score::CriterionInfo info;
    info.line = TomlReader::line_of(*table);
    if (const toml::node* rule = table->get("rule")) info.rule = parse_rule(reader, *rule, context);
    info.evidence_required =
        reader.boolean(*table, "evidence_required", context)
            .value_or(info.rule && std::holds_alternative<score::Manual>(*info.rule));
    info.provenance = provenance_of(reader, *table, "provenance", meta.provenance, context);
    info.source = reader.string(*table, "source", context).value_or("");
    info.metric = reader.string(*table, "metric", context).value_or("");
    info.levels = reader.strings(*table, "levels", context);
    info.note = reader.string(*table, "note", context).value_or("");
    if (const toml::node* input = table->get("input")) {
      const auto* input_table = input->as_table();
      if (!input_table)
        reader.fail(*input, "input", context, score_error("framework.input_not_table"));
      reader.only_keys(*input_table, {"indicator", "target"},
                       context.and_then(score_error("framework.input")), "input.");
      info.input.indicator =
          reader.string(*input_table, "indicator", context, "input.").value_or("");
      info.input.target = reader.string(*input_table, "target", context, "input.").value_or("");
    }
    std::optional<score::ScoredBy> scored_by;
    if (const auto scorer = reader.string(*table, "scored_by", context)) {
      scored_by = score::scored_by_from_string(*scorer);
      if (!scored_by) {
        reader.fail(*table->get("scored_by"), "scored_by", context,
                    score_error("framework.scored_by"), {{"value", *scorer}});
      }
    }
    explicit_scored_by.push_back(scored_by);
    lines.push_back(info.line);
    specs.push_back(std::move(spec));
    infos.push_back(std::move(info));
  }

  const auto rethrow = [&](const score::InvalidTree& error) -> ParseError {
    const std::size_t line = error.node_index() < lines.size() ? lines[error.node_index()] : 0;
    // The tree's error names its criterion already ("criterion '1.2': …").
    return CodedReason::of(static_cast<const Error&>(error))
        .at(std::string(source), line, error.field());
  };
  try {
    score::CriteriaTree tree = score::CriteriaTree::build(std::move(specs));
    // An inner node's scored_by is the default of the nodes below it: resolve parents first.
    const auto order = tree.bottom_up();
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      const std::size_t index = *it;
      const auto parent = tree.node(index).parent;
      infos[index].scored_by = explicit_scored_by[index].value_or(
          parent ? infos[*parent].scored_by : score::ScoredBy::unit);
    }
    return score::Framework(std::move(meta), std::move(tree), std::move(infos), std::move(bands));
  } catch (const score::InvalidTree& error) {
    throw rethrow(error);
  }
}

score::Framework read_framework(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw CodedReason(score_error("framework.cannot_open"), {{"path", path.string()}}).as<Error>();
  }
  std::ostringstream content;
  content << file.rdbuf();
  return parse_framework(content.str(), path.string());
}

std::string format_framework(const score::Framework& framework) {
  const score::FrameworkMeta& meta = framework.meta();
  std::string out = "[framework]\n";
  const auto line = [&](std::string_view key, const std::string& value) {
    if (!value.empty()) out += std::string(key) + " = " + quote(value) + "\n";
  };
  line("id", meta.id);
  line("name", meta.name);
  line("version", meta.version);
  line("legal_basis", meta.legal_basis);
  line("level", meta.level);
  out += "provenance = " + quote(score::to_string(meta.provenance)) + "\n";
  line("note", meta.note);
  if (meta.round_leaf_points) {
    out += "round_leaf_points = " + std::to_string(*meta.round_leaf_points) + "\n";
  }
  for (const score::LevelSetting& level : meta.levels) {
    out += "\n[[level]]\nkey = " + quote(level.key) + "\n";
    if (!level.name.empty()) out += "name = " + quote(level.name) + "\n";
    out += std::string("excluded = ") +
           (level.excluded_full_points ? "\"full_points\"" : "\"not_applicable\"") + "\n";
  }
  for (const score::Band& band : framework.bands()) {
    out += "\n[[band]]\nname = " + quote(band.name) +
           "\nfrom = " + format_number(band.from_percent) + "\n";
    if (band.provenance != meta.provenance) {
      out += "provenance = " + quote(score::to_string(band.provenance)) + "\n";
    }
  }
  const score::CriteriaTree& tree = framework.tree();
  for (std::size_t i = 0; i < tree.size(); ++i) {
    const score::NodeSpec& spec = tree.node(i).spec;
    const score::CriterionInfo& info = framework.info(i);
    out += "\n[[criterion]]\n";
    line("code", spec.code);
    line("metric", info.metric);
    line("parent", spec.parent_code);
    line("name", spec.name);
    out += "max = " + format_number(spec.max_points) + "\n";
    if (spec.aggregation != score::Aggregation::sum_capped) {
      out += "aggregation = " + quote(score::to_string(spec.aggregation)) + "\n";
    }
    if (spec.weight != 1.0) out += "weight = " + format_number(spec.weight) + "\n";
    if (info.rule) out += "rule = " + format_rule(*info.rule) + "\n";
    if (!info.input.indicator.empty())
      out += "input = { indicator = " + quote(info.input.indicator) + " }\n";
    if (!info.input.target.empty())
      out += "input = { target = " + quote(info.input.target) + " }\n";
    if (info.evidence_required) out += "evidence_required = true\n";
    if (info.provenance != meta.provenance) {
      out += "provenance = " + quote(score::to_string(info.provenance)) + "\n";
    }
    if (!info.levels.empty()) {
      out += "levels = [";
      for (std::size_t l = 0; l < info.levels.size(); ++l) {
        out += (l ? ", " : "") + quote(info.levels[l]);
      }
      out += "]\n";
    }
    // Written where it differs from what the node would inherit, so that it reads back equal.
    const auto parent = tree.node(i).parent;
    const score::ScoredBy inherited =
        parent ? framework.info(*parent).scored_by : score::ScoredBy::unit;
    if (info.scored_by != inherited) {
      out += "scored_by = " + quote(score::to_string(info.scored_by)) + "\n";
    }
    line("source", info.source);
    line("note", info.note);
  }
  return out;
}

void write_framework(const score::Framework& framework, const std::filesystem::path& path) {
  cchc::detail::write_file_atomically(path, format_framework(framework), "framework file");
}

std::vector<std::string> shipped_frameworks() {
  std::vector<std::string> ids;
  for (const cchc::detail::EmbeddedFile& file : cchc::detail::embedded_files()) {
    if (file.name.starts_with(kFrameworkPrefix) && file.name.ends_with(".toml")) {
      std::string_view id = file.name.substr(kFrameworkPrefix.size());
      id.remove_suffix(5);
      ids.emplace_back(id);
    }
  }
  return ids;
}

score::Framework shipped_framework(std::string_view id) {
  const std::string name = std::string(kFrameworkPrefix) + std::string(id) + ".toml";
  for (const cchc::detail::EmbeddedFile& file : cchc::detail::embedded_files()) {
    if (file.name == name) return parse_framework(file.content, name);
  }
  std::string list;
  for (const std::string& known : shipped_frameworks()) list += (list.empty() ? "" : ", ") + known;
  throw CodedReason(score_error("framework.not_shipped"),
                    {{"id", std::string(id)}, {"shipped", list}})
      .as<Error>();
}

}  // namespace cchc::io
