// Bindings of cchc/score and the framework/assessment files. Results cross as plain lists of
// dicts (one per row) that python/cchc/score.py turns into DataFrames; batch scoring takes and
// gives numpy arrays through pybind11's Eigen support.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "cchc/dossier/indicators.hpp"
#include "cchc/io/assessment_file.hpp"
#include "cchc/io/framework_file.hpp"
#include "cchc/score/assessment.hpp"
#include "cchc/score/batch.hpp"
#include "date_caster.hpp"
#include "message_dict.hpp"

namespace py = pybind11;
using namespace cchc::score;
using cchc_bindings::message_dict;
using cchc_bindings::message_list;

namespace {

py::object optional_number(const std::optional<double>& value) {
  if (!value) return py::none();
  return py::float_(*value);
}


/// The inputs the rule read, as a dict (None for what was not given).
py::dict rule_input_dict(const RuleInput& input) {
  py::dict out;
  out["value"] = optional_number(input.value);
  out["done"] = input.done ? py::object(py::bool_(*input.done)) : py::object(py::none());
  out["late"] = input.late;
  out["best"] = optional_number(input.best);
  out["self_score"] = optional_number(input.self_score);
  return out;
}

/// The rule's parameters as a dict (kind included).
py::dict rule_parameters(const Rule& rule) {
  py::dict out;
  out["kind"] = std::string(rule_kind(rule));
  std::visit(
      [&](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, Proportional>) {
          out["if_empty"] = optional_number(r.if_empty);
        } else if constexpr (std::is_same_v<T, CappedTerms>) {
          py::list terms;
          for (const Term& term : r.terms) {
            py::dict row;
            row["ratio"] = term.ratio;
            row["slope"] = term.slope;
            row["cap"] = optional_number(term.cap);
            row["if_empty"] = optional_number(term.if_empty);
            terms.append(row);
          }
          out["terms"] = terms;
        } else if constexpr (std::is_same_v<T, Steps>) {
          py::list steps;
          for (const Step& step : r.steps) steps.append(py::make_tuple(step.from, step.points));
          out["steps"] = steps;
          out["below"] = r.below;
        } else if constexpr (std::is_same_v<T, Saturation>) {
          out["threshold"] = r.threshold;
          out["if_empty"] = optional_number(r.if_empty);
        } else if constexpr (std::is_same_v<T, Goalposts>) {
          out["worst"] = r.worst;
          out["best"] = r.best;
        } else if constexpr (std::is_same_v<T, PassFail>) {
          out["late_share"] = r.late_share;
        } else if constexpr (std::is_same_v<T, CountCap>) {
          out["per_occurrence"] = r.per_occurrence;
          out["cap"] = optional_number(r.cap);
        } else if constexpr (std::is_same_v<T, DeductionBonus>) {
          out["per_occurrence"] = r.per_occurrence;
          out["start"] = optional_number(r.start);
        } else if constexpr (std::is_same_v<T, RelativeToBest>) {
          out["lower_is_better"] = r.lower_is_better;
        } else if constexpr (std::is_same_v<T, SurveyPercentage>) {
          out["survey_max"] = r.survey_max;
        }
      },
      rule);
  return out;
}

py::list framework_nodes(const Framework& framework) {
  py::list rows;
  const CriteriaTree& tree = framework.tree();
  for (std::size_t i = 0; i < tree.size(); ++i) {
    const TreeNode& node = tree.node(i);
    const CriterionInfo& info = framework.info(i);
    py::dict row;
    row["code"] = node.spec.code;
    row["metric"] = info.metric;
    row["levels"] = info.levels;
    row["parent"] = node.spec.parent_code;
    row["name"] = node.spec.name;
    row["max"] = node.spec.max_points;
    row["aggregation"] = node.is_leaf()
                             ? py::object(py::none())
                             : py::object(py::str(std::string(to_string(node.spec.aggregation))));
    row["weight"] = node.spec.weight;
    row["depth"] = node.depth;
    row["is_leaf"] = node.is_leaf();
    row["rule"] = info.rule ? py::object(rule_parameters(*info.rule)) : py::object(py::none());
    row["evidence_required"] = info.evidence_required;
    row["provenance"] = std::string(to_string(info.provenance));
    row["scored_by"] = std::string(to_string(info.scored_by));
    row["indicator"] = info.input.indicator;
    row["target"] = info.input.target;
    row["source"] = info.source;
    row["note"] = info.note;
    row["line"] = info.line;
    rows.append(row);
  }
  return rows;
}

py::dict node_row(const NodeScore& node) {
  py::dict row;
  row["code"] = node.code;
  row["depth"] = node.depth;
  row["is_leaf"] = node.is_leaf;
  row["max"] = node.max_points;
  row["applicable_max"] = optional_number(node.applicable_max);
  row["points"] = optional_number(node.points);
  row["unrounded_points"] = optional_number(node.unrounded_points);
  row["percent"] = optional_number(node.percent);
  row["self_points"] = optional_number(node.self_points);
  row["appraised_points"] = optional_number(node.appraised_points);
  row["claimed"] = optional_number(node.claimed);
  row["unanswered_leaves"] = node.unanswered_leaves;
  row["status"] = node.is_leaf ? py::object(py::str(std::string(to_string(node.status))))
                               : py::object(py::none());
  row["rule"] = node.rule_kind;
  row["branch"] = node.branch;
  row["explanation"] = node.explanation;
  row["explanation_message"] = message_dict(node.message);
  row["explanation_parts"] = message_list(node.message_parts);
  row["rule_input"] = node.is_leaf ? py::object(rule_input_dict(node.input)) : py::object(py::none());
  row["inputs"] = node.inputs;
  row["total_gain_if_full"] = optional_number(node.total_gain_if_full);
  return row;
}

}  // namespace

void bind_score(py::module_& module) {
  py::class_<Framework>(module, "Framework")
      .def_property_readonly("id", [](const Framework& f) { return f.meta().id; })
      .def_property_readonly("name", [](const Framework& f) { return f.meta().name; })
      .def_property_readonly("version", [](const Framework& f) { return f.meta().version; })
      .def_property_readonly("legal_basis", [](const Framework& f) { return f.meta().legal_basis; })
      .def_property_readonly("level", [](const Framework& f) { return f.meta().level; })
      .def_property_readonly(
          "provenance",
          [](const Framework& f) { return std::string(to_string(f.meta().provenance)); })
      .def_property_readonly("note", [](const Framework& f) { return f.meta().note; })
      .def_property_readonly("round_leaf_points",
                             [](const Framework& f) { return f.meta().round_leaf_points; })
      .def_property_readonly("levels",
                             [](const Framework& f) {
                               std::vector<std::tuple<std::string, std::string, bool>> levels;
                               for (const LevelSetting& level : f.meta().levels) {
                                 levels.emplace_back(level.key, level.name,
                                                     level.excluded_full_points);
                               }
                               return levels;
                             })
      .def_property_readonly("total_max", [](const Framework& f) { return f.tree().total_max(); })
      .def_property_readonly("leaf_codes",
                             [](const Framework& f) {
                               std::vector<std::string> codes;
                               for (std::size_t leaf : f.tree().leaves()) {
                                 codes.push_back(f.tree().node(leaf).spec.code);
                               }
                               return codes;
                             })
      .def_property_readonly("node_codes",
                             [](const Framework& f) {
                               std::vector<std::string> codes;
                               for (const TreeNode& node : f.tree().nodes()) {
                                 codes.push_back(node.spec.code);
                               }
                               return codes;
                             })
      .def_property_readonly("bands",
                             [](const Framework& f) {
                               std::vector<std::pair<std::string, double>> bands;
                               for (const Band& band : f.bands()) {
                                 bands.emplace_back(band.name, band.from_percent);
                               }
                               return bands;
                             })
      .def("nodes", &framework_nodes)
      .def("band_of", &Framework::band_of)
      .def("to_toml", [](const Framework& f) { return cchc::io::format_framework(f); })
      .def("__eq__", [](const Framework& a, const Framework& b) { return a == b; });

  module.def("parse_framework", &cchc::io::parse_framework, py::arg("text"),
             py::arg("source") = "<string>");
  module.def("read_framework", &cchc::io::read_framework, py::arg("path"));
  module.def("shipped_frameworks", &cchc::io::shipped_frameworks);
  module.def("shipped_framework", &cchc::io::shipped_framework, py::arg("id"));

  py::class_<LeafAnswer>(module, "LeafAnswer")
      .def(py::init<>())
      .def_property(
          "value", [](const LeafAnswer& a) { return a.input.value; },
          [](LeafAnswer& a, std::optional<double> v) { a.input.value = v; })
      .def_property(
          "done", [](const LeafAnswer& a) { return a.input.done; },
          [](LeafAnswer& a, std::optional<bool> v) { a.input.done = v; })
      .def_property(
          "late", [](const LeafAnswer& a) { return a.input.late; },
          [](LeafAnswer& a, bool v) { a.input.late = v; })
      .def_property(
          "ratio",
          [](const LeafAnswer& a) -> std::optional<std::pair<double, double>> {
            if (!a.input.ratio) return std::nullopt;
            return std::make_pair(a.input.ratio->numerator, a.input.ratio->denominator);
          },
          [](LeafAnswer& a, std::optional<std::pair<double, double>> v) {
            if (v) {
              a.input.ratio = Fraction{v->first, v->second};
            } else {
              a.input.ratio.reset();
            }
          })
      .def_property(
          "ratios",
          [](const LeafAnswer& a) {
            std::map<std::string, std::pair<double, double>> out;
            for (const auto& [name, f] : a.input.ratios) out[name] = {f.numerator, f.denominator};
            return out;
          },
          [](LeafAnswer& a, const std::map<std::string, std::pair<double, double>>& v) {
            a.input.ratios.clear();
            for (const auto& [name, pair] : v) a.input.ratios[name] = Fraction{pair.first, pair.second};
          })
      .def_property(
          "best", [](const LeafAnswer& a) { return a.input.best; },
          [](LeafAnswer& a, std::optional<double> v) { a.input.best = v; })
      .def_property(
          "self_score", [](const LeafAnswer& a) { return a.input.self_score; },
          [](LeafAnswer& a, std::optional<double> v) { a.input.self_score = v; })
      .def_readwrite("done_on", &LeafAnswer::done_on)
      .def_readwrite("deadline", &LeafAnswer::deadline)
      .def_readwrite("not_applicable", &LeafAnswer::not_applicable)
      .def_readwrite("appraised_score", &LeafAnswer::appraised_score)
      .def_readwrite("appraisal_note", &LeafAnswer::appraisal_note)
      .def_readwrite("evidence", &LeafAnswer::evidence)
      .def_readwrite("note", &LeafAnswer::note)
      .def_property_readonly(
          "input_source_message",
          [](const LeafAnswer& answer) { return message_dict(answer.source); },
          "input_source as a code and arguments when libcchc wrote it (docs/i18n.md)")
      .def_readwrite("input_source", &LeafAnswer::input_source)
      .def_readwrite("declared_value", &LeafAnswer::declared_value)
      .def_readwrite("declared_done", &LeafAnswer::declared_done)
      .def_readwrite("declared_late", &LeafAnswer::declared_late)
      .def_readwrite("line", &LeafAnswer::line)
      .def("__eq__", [](const LeafAnswer& a, const LeafAnswer& b) { return a == b; });

  py::class_<Assessment>(module, "Assessment")
      .def(py::init<>())
      .def_readwrite("framework_id", &Assessment::framework_id)
      .def_readwrite("unit", &Assessment::unit)
      .def_readwrite("period", &Assessment::period)
      .def_readwrite("level", &Assessment::level)
      .def_readwrite("source", &Assessment::source)
      .def("codes",
           [](const Assessment& a) {
             std::vector<std::string> codes;
             for (const auto& [code, answer] : a.answers) codes.push_back(code);
             return codes;
           })
      .def("answer",
           [](const Assessment& a, const std::string& code) { return a.answers.at(code); })
      .def("set_answer", [](Assessment& a, const std::string& code,
                            const LeafAnswer& answer) { a.answers[code] = answer; })
      .def("remove_answer", [](Assessment& a, const std::string& code) { a.answers.erase(code); })
      .def("to_toml", [](const Assessment& a) { return cchc::io::format_assessment(a); })
      .def("__eq__", [](const Assessment& a, const Assessment& b) { return a == b; });

  module.def("parse_assessment", &cchc::io::parse_assessment, py::arg("text"),
             py::arg("source") = "<string>");
  module.def("read_assessment", &cchc::io::read_assessment, py::arg("path"));

  py::class_<ScoreReport>(module, "ScoreReport")
      .def_readonly("total", &ScoreReport::total)
      .def_readonly("total_max", &ScoreReport::total_max)
      .def_readonly("unrounded_total", &ScoreReport::unrounded_total)
      .def_readonly("level", &ScoreReport::level)
      .def_readonly("percent", &ScoreReport::percent)
      .def_readonly("band", &ScoreReport::band)
      .def_readonly("self_total", &ScoreReport::self_total)
      .def_readonly("appraised_total", &ScoreReport::appraised_total)
      .def("nodes",
           [](const ScoreReport& report) {
             py::list rows;
             for (const NodeScore& node : report.nodes) rows.append(node_row(node));
             return rows;
           })
      .def("findings",
           [](const ScoreReport& report) {
             py::list rows;
             for (const Finding& finding : report.findings) {
               py::dict row;
               row["kind"] = std::string(to_string(finding.kind));
               row["code"] = finding.code;
               row["message"] = finding.message;
               row["line"] = finding.line;
               row["details"] = message_list(finding.details);
               rows.append(row);
             }
             return rows;
           })
      .def("lost_points",
           [](const ScoreReport& report) {
             py::list rows;
             for (const LostPoints& lost : report.lost_points()) {
               py::dict row;
               row["code"] = lost.code;
               row["total_gain"] = lost.total_gain;
               row["lost"] = lost.lost;
               row["points"] = lost.points;
               row["applicable_max"] = lost.applicable_max;
               row["reason"] = lost.reason;
               rows.append(row);
             }
             return rows;
           })
      .def("comparison", [](const ScoreReport& report) {
        py::list rows;
        for (const Comparison& comparison : report.comparison()) {
          py::dict row;
          row["code"] = comparison.code;
          row["self_points"] = optional_number(comparison.self_points);
          row["appraised_points"] = optional_number(comparison.appraised_points);
          row["difference"] = optional_number(comparison.difference);
          row["explanation"] = comparison.explanation;
          rows.append(row);
        }
        return rows;
      });

  module.def("score", &score, py::arg("framework"), py::arg("assessment"));
  module.def(
      "message_templates",
      [] {
        py::list rows;
        for (const auto& [code, text] : message_templates()) {
          rows.append(py::make_tuple(py::str(code.data(), code.size()),
                                     py::str(text.data(), text.size())));
        }
        return rows;
      },
      "Every message code of the engine with its English template (docs/i18n.md).");
  module.def(
      "what_if",
      [](const Framework& framework, const Assessment& assessment, const std::string& code,
         const LeafAnswer& changed) {
        const WhatIf result = what_if(framework, assessment, code, changed);
        py::dict out;
        out["total_before"] = result.total_before;
        out["total_after"] = result.total_after;
        out["percent_before"] = optional_number(result.percent_before);
        out["percent_after"] = optional_number(result.percent_after);
        py::list rows;
        for (const NodeDelta& delta : result.nodes) {
          py::dict row;
          row["code"] = delta.code;
          row["before"] = optional_number(delta.before);
          row["after"] = optional_number(delta.after);
          row["delta"] = optional_number(delta.delta);
          rows.append(row);
        }
        out["nodes"] = rows;
        return out;
      },
      py::arg("framework"), py::arg("assessment"), py::arg("code"), py::arg("changed"));
  module.def(
      "apply_indicators",
      [](const Framework& framework, const Assessment& assessment,
         const std::map<std::string, std::pair<std::int64_t, std::int64_t>>& values) {
        std::map<std::string, cchc::dossier::Ratio> ratios;
        for (const auto& [key, pair] : values) {
          ratios.emplace(key, cchc::dossier::Ratio{pair.first, pair.second});
        }
        return apply_indicators(framework, assessment, ratios);
      },
      py::arg("framework"), py::arg("assessment"), py::arg("values"));
  module.def("apply_target_statuses", &apply_target_statuses, py::arg("framework"),
             py::arg("assessment"), py::arg("statuses"));
  module.def(
      "status_from_plan",
      [](const std::string& plan_status) -> std::optional<std::string> {
        const auto status = status_from_plan(std::string_view(plan_status));
        if (!status) return std::nullopt;
        return std::string(*status);
      },
      py::arg("plan_status"));
  module.def("apply_plan_statuses", &apply_plan_statuses, py::arg("framework"),
             py::arg("assessment"), py::arg("plan_statuses"), py::arg("plan_name") = "the plan");
  module.def(
      "score_batch",
      [](const Framework& framework, const Eigen::Ref<const Eigen::MatrixXd>& inputs,
         const std::string& rank, unsigned threads) {
        const auto method = rank_method_from_string(rank);
        if (!method)
          throw py::value_error("rank must be 'competition' or 'dense', not '" + rank + "'");
        BatchResult result;
        {
          py::gil_scoped_release release;
          result = score_batch(framework, inputs, *method, threads);
        }
        py::dict out;
        out["node_points"] = std::move(result.node_points);
        out["total"] = std::move(result.total);
        out["percent"] = std::move(result.percent);
        // NumPy arrays owning the vectors, not lists of 10 000 Python ints.
        const auto to_array = [](std::vector<std::int64_t>&& values) {
          auto* owned = new std::vector<std::int64_t>(std::move(values));
          const py::capsule free_when_done(owned, [](void* pointer) {
            delete static_cast<std::vector<std::int64_t>*>(pointer);
          });
          return py::array_t<std::int64_t>(static_cast<py::ssize_t>(owned->size()), owned->data(),
                                           free_when_done);
        };
        out["rank"] = to_array(std::move(result.rank));
        out["unanswered"] = to_array(std::move(result.unanswered));
        return out;
      },
      py::arg("framework"), py::arg("inputs"), py::arg("rank") = "competition",
      py::arg("threads") = 0U);
}
