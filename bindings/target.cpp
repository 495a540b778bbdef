// Bindings of cchc/target and cchc/io/plan_file.hpp: targets, tasks, plans, their evaluation,
// the scorecard and the roll-ups. Enums cross as their string keys; tables cross as dicts of
// columns that the Python face (python/cchc/target.py) turns into DataFrames.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "cchc/detail/embedded_data.hpp"
#include "cchc/io/plan_file.hpp"
#include "cchc/target/evaluate.hpp"
#include "cchc/target/plan.hpp"
#include "cchc/target/scorecard.hpp"
#include "cchc/target/target.hpp"
#include "cchc/target/task.hpp"
#include "cchc/target/trend.hpp"
#include "date_caster.hpp"

namespace py = pybind11;
using namespace cchc::target;
using cchc::calendar::Date;

namespace {

template <typename Enum>
Enum enum_or_raise(std::optional<Enum> (*from_key)(std::string_view), const std::string& key,
                   const char* what) {
  const auto value = from_key(key);
  if (!value) throw py::value_error("'" + key + "' is not a known " + what);
  return *value;
}

std::vector<Observation> observations(const std::vector<Date>& dates,
                                      const std::vector<double>& values) {
  if (dates.size() != values.size()) {
    throw py::value_error("dates and values differ in length (" + std::to_string(dates.size()) +
                          " and " + std::to_string(values.size()) + ")");
  }
  std::vector<Observation> series;
  series.reserve(dates.size());
  for (std::size_t i = 0; i < dates.size(); ++i) series.push_back({dates[i], values[i]});
  return series;
}

StatusThresholds thresholds(double on_track_tolerance, double at_risk_band,
                            double exact_tolerance) {
  if (on_track_tolerance < 0.0 || at_risk_band < 0.0 || exact_tolerance < 0.0) {
    throw py::value_error("tolerances and bands must not be negative");
  }
  return StatusThresholds{on_track_tolerance, at_risk_band, exact_tolerance};
}

TrendOptions trend_options(const std::string& method, std::optional<double> on_track,
                           std::optional<double> moderate, double exact_tolerance) {
  TrendOptions options;
  options.method = enum_or_raise(&trend_method_from_key, method, "trend method");
  options.on_track = on_track;
  options.moderate = moderate;
  options.exact_tolerance = exact_tolerance;
  return options;
}

template <typename Item>
void bind_source(py::class_<Item>& cls) {
  cls.def_property(
         "source_line", [](const Item& item) { return item.source.line; },
         [](Item& item, std::optional<int> line) { item.source.line = line; })
      .def_property(
          "source_text", [](const Item& item) { return item.source.text; },
          [](Item& item, std::string text) { item.source.text = std::move(text); });
}

template <typename Item>
void bind_deadline(py::class_<Item>& cls) {
  cls.def_property(
         "deadline", [](const Item& item) { return item.deadline.text; },
         [](Item& item, std::string text) {
           item.deadline = StatedDeadline::from_text(std::move(text));
         },
         "The deadline phrase; setting it parses it without a year context (use set_deadline).")
      .def(
          "set_deadline",
          [](Item& item, std::string text, std::optional<int> year) {
            item.deadline = StatedDeadline::from_text(std::move(text), year);
          },
          py::arg("text"), py::arg("year") = py::none())
      .def_property_readonly("parsed_deadline",
                             [](const Item& item) { return item.deadline.parsed; })
      .def_property_readonly("deadline_start",
                             [](const Item& item) { return item.deadline.start(); })
      .def_property_readonly("deadline_due", [](const Item& item) { return item.deadline.due(); })
      .def_property(
          "area", [](const Item& item) { return std::string(to_string(item.area)); },
          [](Item& item, const std::string& key) {
            item.area = enum_or_raise(&area_from_key, key, "reform area");
          });
}

py::dict evaluation_dict(const Evaluation& e) {
  py::dict d;
  d["status"] = std::string(to_string(e.status));
  d["value"] = e.value;
  d["level"] = e.level;
  d["baseline"] = e.baseline;
  d["met"] = e.met;
  d["gap"] = e.gap;
  d["progress"] = e.progress;
  d["elapsed"] = e.elapsed;
  d["start"] = e.start;
  d["due"] = e.due;
  d["met_at_baseline"] = e.met_at_baseline;
  d["deadline_passed"] = e.deadline_passed;
  d["on_track_tolerance"] = e.thresholds.on_track_tolerance;
  d["at_risk_band"] = e.thresholds.at_risk_band;
  d["explanation"] = e.explanation;
  return d;
}

py::dict trend_dict(const Trend& t) {
  py::dict d;
  d["category"] = std::string(to_string(t.category));
  d["method"] = std::string(to_string(t.method));
  d["observed_gain"] = t.observed_gain;
  d["required_gain"] = t.required_gain;
  d["ratio"] = t.ratio;
  d["projection"] = t.projection;
  d["projected_met"] = t.projected_met;
  d["on_track_threshold"] = t.on_track_threshold;
  d["moderate_threshold"] = t.moderate_threshold;
  d["explanation"] = t.explanation;
  return d;
}

py::dict task_evaluation_dict(const TaskEvaluation& e) {
  py::dict d;
  d["status"] = std::string(to_string(e.status));
  d["due"] = e.due;
  d["completed"] = e.completed;
  d["days_late"] = e.days_late;
  d["days_left"] = e.days_left;
  d["explanation"] = e.explanation;
  return d;
}

// One supplied entry from Python: (key, scope_unit, value, dates, values).
using SuppliedTuple = std::tuple<std::string, std::string, std::optional<double>, std::vector<Date>,
                                 std::vector<double>>;

}  // namespace

void bind_target(py::module_& module) {
  py::class_<Target> target(
      module, "Target",
      "A target (chỉ tiêu) of a plan: indicator, comparator, value or change_percent, unit, "
      "baseline, deadline, owner (docs/target/targets.md).");
  target
      .def(py::init([](std::string id, std::string indicator, const std::string& comparator,
                       std::optional<double> value, std::optional<double> change_percent,
                       const std::string& unit, std::optional<double> baseline,
                       std::optional<int> baseline_year, std::optional<bool> higher_is_better,
                       std::string deadline, std::optional<int> year, std::string title,
                       const std::string& area, std::string owner, std::vector<std::string> support,
                       std::string scope_unit, std::string scope_field, std::optional<double> upper) {
             Target t;
             t.id = std::move(id);
             t.indicator = std::move(indicator);
             t.comparator = enum_or_raise(&comparator_from_key, comparator, "comparator");
             t.value = value;
             t.change_percent = change_percent;
             t.upper = upper;
             t.unit = enum_or_raise(&unit_from_key, unit, "unit");
             t.baseline = baseline;
             t.baseline_year = baseline_year;
             t.higher_is_better = higher_is_better;
             t.deadline = StatedDeadline::from_text(std::move(deadline), year);
             t.title = std::move(title);
             t.area = enum_or_raise(&area_from_key, area, "reform area");
             t.owner = std::move(owner);
             t.support = std::move(support);
             t.scope = Scope{std::move(scope_unit), std::move(scope_field)};
             return t;
           }),
           py::kw_only(), py::arg("id"), py::arg("indicator"), py::arg("comparator") = "at_least",
           py::arg("value") = py::none(), py::arg("change_percent") = py::none(),
           py::arg("unit") = "percent", py::arg("baseline") = py::none(),
           py::arg("baseline_year") = py::none(), py::arg("higher_is_better") = py::none(),
           py::arg("deadline") = "", py::arg("year") = py::none(), py::arg("title") = "",
           py::arg("area") = "other", py::arg("owner") = "",
           py::arg("support") = std::vector<std::string>{}, py::arg("scope_unit") = "",
           py::arg("scope_field") = "", py::arg("upper") = py::none())
      .def_readwrite("id", &Target::id)
      .def_readwrite("title", &Target::title)
      .def_readwrite("indicator", &Target::indicator)
      .def_property(
          "comparator", [](const Target& t) { return std::string(to_string(t.comparator)); },
          [](Target& t, const std::string& key) {
            t.comparator = enum_or_raise(&comparator_from_key, key, "comparator");
          })
      .def_readwrite("value", &Target::value)
      .def_readwrite("change_percent", &Target::change_percent)
      .def_readwrite("upper", &Target::upper)
      .def_property(
          "unit", [](const Target& t) { return std::string(to_string(t.unit)); },
          [](Target& t, const std::string& key) {
            t.unit = enum_or_raise(&unit_from_key, key, "unit");
          })
      .def_readwrite("baseline", &Target::baseline)
      .def_readwrite("baseline_year", &Target::baseline_year)
      .def_readwrite("higher_is_better", &Target::higher_is_better)
      .def_property(
          "scope_unit", [](const Target& t) { return t.scope.unit; },
          [](Target& t, std::string unit) { t.scope.unit = std::move(unit); })
      .def_property(
          "scope_field", [](const Target& t) { return t.scope.field; },
          [](Target& t, std::string field) { t.scope.field = std::move(field); })
      .def_readwrite("owner", &Target::owner)
      .def_readwrite("support", &Target::support)
      .def_property_readonly("relative", &Target::relative)
      .def_property_readonly("level", &Target::level)
      .def_property_readonly("direction", &Target::direction)
      .def(py::self == py::self)
      .def("__repr__", [](const Target& t) {
        return "Target('" + t.id + "', " + t.indicator + " " +
               std::string(to_string(t.comparator)) + ")";
      });
  bind_deadline(target);
  bind_source(target);

  py::class_<Task> task(module, "Task",
                        "A task (nhiệm vụ) of a plan: title, lead unit, support, deliverable, "
                        "deadline, completion date.");
  task.def(py::init([](std::string id, std::string title, std::string lead,
                       std::vector<std::string> support, std::string deliverable,
                       std::string deadline, std::optional<int> year, std::optional<Date> completed,
                       const std::string& area) {
             Task t;
             t.id = std::move(id);
             t.title = std::move(title);
             t.lead = std::move(lead);
             t.support = std::move(support);
             t.deliverable = std::move(deliverable);
             t.deadline = StatedDeadline::from_text(std::move(deadline), year);
             t.completed = completed;
             t.area = enum_or_raise(&area_from_key, area, "reform area");
             return t;
           }),
           py::kw_only(), py::arg("id"), py::arg("title"), py::arg("lead") = "",
           py::arg("support") = std::vector<std::string>{}, py::arg("deliverable") = "",
           py::arg("deadline") = "", py::arg("year") = py::none(),
           py::arg("completed") = py::none(), py::arg("area") = "other")
      .def_readwrite("id", &Task::id)
      .def_readwrite("title", &Task::title)
      .def_readwrite("lead", &Task::lead)
      .def_readwrite("support", &Task::support)
      .def_readwrite("deliverable", &Task::deliverable)
      .def_readwrite("completed", &Task::completed)
      .def(py::self == py::self)
      .def("__repr__", [](const Task& t) { return "Task('" + t.id + "', '" + t.title + "')"; });
  bind_deadline(task);
  bind_source(task);

  py::class_<Plan>(
      module, "Plan",
      "A reform plan (kế hoạch CCHC): its targets and tasks (docs/target/plan-file.md).")
      .def(py::init([](std::string id, std::string title, std::string issuer, std::string document,
                       std::optional<int> year, std::string source, std::vector<Target> targets,
                       std::vector<Task> tasks) {
             return Plan{std::move(id), std::move(title),  std::move(issuer),  std::move(document),
                         year,          std::move(source), std::move(targets), std::move(tasks)};
           }),
           py::kw_only(), py::arg("id"), py::arg("title") = "", py::arg("issuer") = "",
           py::arg("document") = "", py::arg("year") = py::none(), py::arg("source") = "",
           py::arg("targets") = std::vector<Target>{}, py::arg("tasks") = std::vector<Task>{})
      .def_readwrite("id", &Plan::id)
      .def_readwrite("title", &Plan::title)
      .def_readwrite("issuer", &Plan::issuer)
      .def_readwrite("document", &Plan::document)
      .def_readwrite("year", &Plan::year)
      .def_readwrite("source", &Plan::source)
      .def_readwrite("targets", &Plan::targets,
                     "A copy of the targets; assign a list to change them.")
      .def_readwrite("tasks", &Plan::tasks, "A copy of the tasks; assign a list to change them.")
      .def("validate", [](const Plan& plan) { return validate(plan); })
      .def(py::self == py::self)
      .def("__repr__", [](const Plan& p) {
        return "Plan('" + p.id + "', " + std::to_string(p.targets.size()) + " targets, " +
               std::to_string(p.tasks.size()) + " tasks)";
      });

  module.def("load_plan", &cchc::io::load_plan, py::arg("path"));
  module.def("parse_plan", &cchc::io::parse_plan, py::arg("text"), py::arg("source") = "<string>");
  module.def("format_plan", &cchc::io::format_plan, py::arg("plan"));
  module.def("save_plan", &cchc::io::save_plan, py::arg("plan"), py::arg("path"));
  module.def("load_embedded_plan", &cchc::io::load_embedded_plan, py::arg("name"));
  module.def("embedded_plans", [] {
    std::vector<std::string> names;
    for (const auto& file : cchc::detail::embedded_files()) {
      if (file.name.starts_with("plans/") && file.name.ends_with(".toml")) {
        names.emplace_back(file.name);
      }
    }
    return names;
  });

  module.def(
      "evaluate",
      [](const Target& t, std::optional<double> value, Date at, double on_track_tolerance,
         double at_risk_band, double exact_tolerance, std::optional<Date> period_start) {
        EvaluateOptions options;
        options.thresholds = thresholds(on_track_tolerance, at_risk_band, exact_tolerance);
        options.period_start = period_start;
        return evaluation_dict(evaluate(t, value, at, options));
      },
      py::arg("target"), py::arg("value"), py::arg("at"), py::arg("on_track_tolerance") = 0.05,
      py::arg("at_risk_band") = 0.15, py::arg("exact_tolerance") = 1e-9,
      py::arg("period_start") = py::none());
  module.def(
      "trend",
      [](const Target& t, const std::vector<Date>& dates, const std::vector<double>& values,
         const std::string& method, std::optional<double> on_track, std::optional<double> moderate,
         double exact_tolerance) {
        return trend_dict(trend(t, observations(dates, values),
                                trend_options(method, on_track, moderate, exact_tolerance)));
      },
      py::arg("target"), py::arg("dates"), py::arg("values"), py::arg("method") = "sdg_index",
      py::arg("on_track") = py::none(), py::arg("moderate") = py::none(),
      py::arg("exact_tolerance") = 1e-9);
  module.def(
      "linear_projection",
      [](const std::vector<Date>& dates, const std::vector<double>& values, Date at) {
        return linear_projection(observations(dates, values), at);
      },
      py::arg("dates"), py::arg("values"), py::arg("at"));
  module.def(
      "evaluate_task",
      [](const Task& t, Date at) { return task_evaluation_dict(evaluate_task(t, at)); },
      py::arg("task"), py::arg("at"));

  module.def(
      "scorecard",
      [](const Plan& plan, const std::vector<SuppliedTuple>& supplied,
         const std::map<std::string, std::map<std::string, std::pair<std::int64_t, std::int64_t>>>&
             engine_ratios,
         Date at, double on_track_tolerance, double at_risk_band, double exact_tolerance,
         std::optional<Date> period_start, const std::string& trend_method,
         std::optional<double> trend_on_track, std::optional<double> trend_moderate) {
        ScorecardInputs inputs;
        for (const auto& [key, scope_unit, value, dates, values] : supplied) {
          inputs.values.push_back({key, scope_unit, value, observations(dates, values)});
        }
        for (const auto& [unit, ratios] : engine_ratios) {
          for (const auto& [indicator, ratio] : ratios) {
            inputs.engine_ratios[unit][indicator] = cchc::dossier::Ratio{ratio.first, ratio.second};
          }
        }
        ScorecardOptions options;
        options.evaluate.thresholds = thresholds(on_track_tolerance, at_risk_band, exact_tolerance);
        options.evaluate.period_start = period_start;
        options.trend =
            trend_options(trend_method, trend_on_track, trend_moderate, exact_tolerance);
        py::list rows;
        for (const ScorecardRow& row : scorecard(plan, inputs, at, options)) {
          py::dict d;
          d["id"] = row.target->id;
          d["value_source"] = row.value_source;
          d["evaluation"] = evaluation_dict(row.evaluation);
          d["trend"] = trend_dict(row.trend);
          d["explanation"] = row.explanation;
          rows.append(d);
        }
        return rows;
      },
      py::arg("plan"), py::arg("supplied"), py::arg("engine_ratios"), py::arg("at"),
      py::arg("on_track_tolerance") = 0.05, py::arg("at_risk_band") = 0.15,
      py::arg("exact_tolerance") = 1e-9, py::arg("period_start") = py::none(),
      py::arg("trend_method") = "sdg_index", py::arg("trend_on_track") = py::none(),
      py::arg("trend_moderate") = py::none());

  module.def("task_statuses", [] {
    std::vector<std::string> keys;
    for (const auto status :
         {TaskStatus::done_on_time, TaskStatus::done_late, TaskStatus::done, TaskStatus::overdue,
          TaskStatus::pending, TaskStatus::ongoing, TaskStatus::not_applicable}) {
      keys.emplace_back(to_string(status));
    }
    return keys;
  });
  module.def("target_statuses", [] {
    std::vector<std::string> keys;
    for (const auto status : {TargetStatus::achieved, TargetStatus::on_track, TargetStatus::at_risk,
                              TargetStatus::off_track, TargetStatus::not_applicable}) {
      keys.emplace_back(to_string(status));
    }
    return keys;
  });
  module.def("area_name_vi", [](const std::string& key) {
    return std::string(to_vietnamese(enum_or_raise(&area_from_key, key, "reform area")));
  });
}
