#include "cchc/io/assessment_file.hpp"

#include <fstream>
#include <sstream>

#include "cchc/detail/atomic_file.hpp"
#include "cchc/detail/errors/score.hpp"
#include "cchc/text/unicode.hpp"
#include "toml_reader.hpp"

namespace cchc::io {

namespace {

using cchc::detail::score_error;
using detail::CodedReason;
using detail::quote;
using detail::toml_section;
using detail::TomlReader;
using score::format_number;

/// A TOML local date (2025-01-15) or an ISO / dd/mm/yyyy string.
std::optional<Date> read_date(const TomlReader& reader, const toml::table& table,
                              std::string_view key, const CodedReason& context) {
  const toml::node* node = table.get(key);
  if (!node) return std::nullopt;
  try {
    if (const auto* date = node->as_date()) {
      const toml::date value = date->get();
      return Date::from_ymd(static_cast<int>(value.year), static_cast<int>(value.month),
                            static_cast<int>(value.day));
    }
    if (const auto* text = node->as_string()) return Date::parse(text->get());
  } catch (const InvalidDate& error) {
    reader.fail(*node, std::string(key), CodedReason(context).then(error));
  }
  reader.fail(*node, std::string(key), context, score_error("assessment.date_expected"));
}

}  // namespace

score::Assessment parse_assessment(std::string_view text, std::string_view source) {
  const TomlReader reader{std::string(source)};
  const toml::table root = reader.parse(text);
  reader.only_keys(root, {"assessment", "answer"}, CodedReason());
  score::Assessment assessment;
  assessment.source = std::string(source);
  const toml::node* header = root.get("assessment");
  if (!header || !header->as_table()) {
    throw CodedReason(score_error("assessment.header_missing"))
        .at(std::string(source), header ? TomlReader::line_of(*header) : 1, "assessment");
  }
  const toml::table& head = *header->as_table();
  const CodedReason head_context = toml_section("[assessment]");
  reader.only_keys(head, {"framework", "unit", "period", "level"}, head_context);
  assessment.framework_id = reader.string(head, "framework", head_context).value_or("");
  if (assessment.framework_id.empty()) {
    reader.fail(head, "framework", head_context, score_error("assessment.framework_missing"));
  }
  assessment.unit = reader.string(head, "unit", head_context).value_or("");
  assessment.period = reader.string(head, "period", head_context).value_or("");
  assessment.level = reader.string(head, "level", head_context).value_or("");

  for (const toml::table* table : reader.tables(root, "answer")) {
    const CodedReason answer_section = toml_section("[[answer]]");
    const auto written_code = reader.string(*table, "code", answer_section);
    if (!written_code || written_code->empty()) {
      reader.fail(*table, "code", answer_section, score_error("framework.code_missing"));
    }
    // Codes in NFC, as the framework's: a code typed with combining marks is the same leaf.
    const std::optional<std::string> code = text::to_nfc(*written_code);
    const CodedReason context(score_error("assessment.answer"), {{"code", *code}});
    reader.only_keys(*table,
                     {"code", "value", "numerator", "denominator", "ratios", "done", "late",
                      "done_on", "deadline", "best", "self_score",
                      "not_applicable", "appraised_score", "appraisal_note", "evidence", "note",
                      "input_source", "declared_value", "declared_done", "declared_late"},
                     context);
    score::LeafAnswer answer;
    answer.line = TomlReader::line_of(*table);
    answer.input.value = reader.finite_number(*table, "value", context);
    const auto numerator = reader.finite_number(*table, "numerator", context);
    const auto denominator = reader.finite_number(*table, "denominator", context);
    if (numerator.has_value() != denominator.has_value()) {
      reader.fail(*table, numerator ? "denominator" : "numerator", context,
                  score_error("assessment.ratio_pair"));
    }
    if (numerator) {
      if (answer.input.value) {
        reader.fail(*table, "value", context, score_error("assessment.value_or_ratio"));
      }
      answer.input.ratio = score::Fraction{*numerator, *denominator};
    }
    if (const toml::node* ratios = table->get("ratios")) {
      const auto* ratio_table = ratios->as_table();
      if (!ratio_table) {
        reader.fail(*ratios, "ratios", context, score_error("assessment.ratios_not_table"));
      }
      for (auto&& [name, item] : *ratio_table) {
        const auto* fraction = item.as_table();
        const std::string field = "ratios." + std::string(name.str());
        if (!fraction) {
          reader.fail(item, field, context, score_error("assessment.ratio_not_table"));
        }
        reader.only_keys(*fraction, {"numerator", "denominator"},
                         context.and_then(score_error("text.name"), {{"name", field}}),
                         field + ".");
        const auto n = reader.finite_number(*fraction, "numerator", context, field + ".");
        const auto d = reader.finite_number(*fraction, "denominator", context, field + ".");
        if (!n || !d) reader.fail(item, field, context, score_error("assessment.ratio_incomplete"));
        answer.input.ratios.emplace(std::string(name.str()), score::Fraction{*n, *d});
      }
    }
    answer.input.done = reader.boolean(*table, "done", context);
    answer.input.late = reader.boolean(*table, "late", context).value_or(false);
    answer.done_on = read_date(reader, *table, "done_on", context);
    answer.deadline = read_date(reader, *table, "deadline", context);
    if (answer.done_on && answer.input.done == false) {
      reader.fail(*table, "done_on", context, score_error("assessment.done_on_needs_done"));
    }
    if (answer.deadline && !answer.done_on) {
      reader.fail(*table, "deadline", context, score_error("assessment.deadline_needs_done_on"));
    }
    answer.input.best = reader.finite_number(*table, "best", context);
    answer.input.self_score = reader.finite_number(*table, "self_score", context);
    answer.not_applicable = reader.boolean(*table, "not_applicable", context).value_or(false);
    answer.appraised_score = reader.finite_number(*table, "appraised_score", context);
    answer.appraisal_note = reader.string(*table, "appraisal_note", context).value_or("");
    answer.evidence = reader.strings(*table, "evidence", context);
    answer.note = reader.string(*table, "note", context).value_or("");
    answer.input_source = reader.string(*table, "input_source", context).value_or("");
    answer.declared_value = reader.finite_number(*table, "declared_value", context);
    answer.declared_done = reader.boolean(*table, "declared_done", context);
    answer.declared_late = reader.boolean(*table, "declared_late", context).value_or(false);
    if (answer.input.late && answer.input.done == false) {
      reader.fail(*table, "late", context, score_error("assessment.late_needs_done"));
    }
    const auto [existing, inserted] = assessment.answers.emplace(*code, answer);
    if (!inserted) {
      reader.fail(*table, "code", context, score_error("assessment.answered_twice"),
                  {{"line", std::to_string(existing->second.line)}});
    }
  }
  return assessment;
}

score::Assessment read_assessment(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw CodedReason(score_error("assessment.cannot_open"), {{"path", path.string()}}).as<Error>();
  }
  std::ostringstream content;
  content << file.rdbuf();
  return parse_assessment(content.str(), path.string());
}

std::string format_assessment(const score::Assessment& assessment) {
  std::string out = "[assessment]\nframework = " + quote(assessment.framework_id) + "\n";
  if (!assessment.unit.empty()) out += "unit = " + quote(assessment.unit) + "\n";
  if (!assessment.period.empty()) out += "period = " + quote(assessment.period) + "\n";
  if (!assessment.level.empty()) out += "level = " + quote(assessment.level) + "\n";
  for (const auto& [code, answer] : assessment.answers) {
    out += "\n[[answer]]\ncode = " + quote(code) + "\n";
    const auto number = [&](std::string_view key, const std::optional<double>& value) {
      if (value) out += std::string(key) + " = " + format_number(*value) + "\n";
    };
    const auto text = [&](std::string_view key, const std::string& value) {
      if (!value.empty()) out += std::string(key) + " = " + quote(value) + "\n";
    };
    number("value", answer.input.value);
    if (answer.input.ratio) {
      number("numerator", answer.input.ratio->numerator);
      number("denominator", answer.input.ratio->denominator);
    }
    if (!answer.input.ratios.empty()) {
      out += "ratios = { ";
      bool first = true;
      for (const auto& [name, f] : answer.input.ratios) {
        out += std::string(first ? "" : ", ") + quote(name) +
               " = { numerator = " + format_number(f.numerator) +
               ", denominator = " + format_number(f.denominator) + " }";
        first = false;
      }
      out += " }\n";
    }
    if (answer.input.done)
      out += std::string("done = ") + (*answer.input.done ? "true" : "false") + "\n";
    if (answer.input.late) out += "late = true\n";
    if (answer.done_on) out += "done_on = " + answer.done_on->iso() + "\n";
    if (answer.deadline) out += "deadline = " + answer.deadline->iso() + "\n";
    number("best", answer.input.best);
    number("self_score", answer.input.self_score);
    if (answer.not_applicable) out += "not_applicable = true\n";
    number("appraised_score", answer.appraised_score);
    text("appraisal_note", answer.appraisal_note);
    if (!answer.evidence.empty()) {
      out += "evidence = [";
      for (std::size_t i = 0; i < answer.evidence.size(); ++i) {
        out += (i ? ", " : "") + quote(answer.evidence[i]);
      }
      out += "]\n";
    }
    text("note", answer.note);
    text("input_source", answer.input_source);
    number("declared_value", answer.declared_value);
    if (answer.declared_done) {
      out += std::string("declared_done = ") + (*answer.declared_done ? "true" : "false") + "\n";
    }
    if (answer.declared_late) out += "declared_late = true\n";
  }
  return out;
}

void write_assessment(const score::Assessment& assessment, const std::filesystem::path& path) {
  cchc::detail::write_file_atomically(path, format_assessment(assessment), "assessment file");
}

}  // namespace cchc::io
