// Bindings of cchc/target/extract.hpp: proposing a plan's targets and tasks from its text.
// Items cross as plain records (dicts of str/float/int/None) so that cchc.plan_extract can
// build DataFrames without a Python class per C++ type.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "cchc/target/extract.hpp"

namespace py = pybind11;
using namespace cchc::target;

namespace {

py::object optional_date(const StatedDeadline& deadline) {
  if (deadline.parsed.clauses.empty() || !deadline.parsed.due()) return py::none();
  return py::str(deadline.parsed.due()->iso());
}

py::dict origin_record(const ExtractionOrigin& origin) {
  py::dict record;
  record["line"] = origin.line;
  record["offset"] = origin.offset;
  record["rule"] = origin.rule;
  record["heading"] = origin.heading;
  return record;
}

py::dict extraction_record(const Extraction& extraction) {
  py::list targets;
  for (std::size_t i = 0; i < extraction.plan.targets.size(); ++i) {
    const Target& target = extraction.plan.targets[i];
    py::dict record = origin_record(extraction.target_origins[i]);
    record["id"] = target.id;
    record["area"] = std::string(to_string(target.area));
    record["title"] = target.title;
    record["indicator"] = target.indicator;
    record["comparator"] = std::string(to_string(target.comparator));
    record["value"] = target.value;
    record["change_percent"] = target.change_percent;
    record["upper"] = target.upper;
    record["inferred"] = extraction.target_origins[i].inferred;
    record["unit"] = std::string(to_string(target.unit));
    record["baseline_year"] = target.baseline_year;
    record["deadline"] = target.deadline.text;
    record["due"] = optional_date(target.deadline);
    record["owner"] = target.owner;
    record["support"] = target.support;
    record["text"] = target.source.text;
    targets.append(record);
  }
  py::list tasks;
  for (std::size_t i = 0; i < extraction.plan.tasks.size(); ++i) {
    const Task& task = extraction.plan.tasks[i];
    py::dict record = origin_record(extraction.task_origins[i]);
    record["id"] = task.id;
    record["area"] = std::string(to_string(task.area));
    record["title"] = task.title;
    record["lead"] = task.lead;
    record["support"] = task.support;
    record["deliverable"] = task.deliverable;
    record["deadline"] = task.deadline.text;
    // A task whose plan states no deadline has none stated: not a phrase that failed to parse.
    record["deadline_kind"] =
        task.deadline.text.empty() ? std::string("none_stated")
        : task.deadline.parsed.clauses.empty()
            ? std::string("not_understood")
            : std::string(cchc::calendar::to_string(task.deadline.parsed.kind()));
    record["fields_from"] = extraction.task_origins[i].fields_from;
    record["due"] = optional_date(task.deadline);
    record["text"] = task.source.text;
    tasks.append(record);
  }
  py::list not_understood;
  for (const NotUnderstood& item : extraction.not_understood) {
    py::dict record;
    record["line"] = item.line;
    record["offset"] = item.offset;
    record["text"] = item.text;
    record["reason"] = item.reason;
    record["heading"] = item.heading;
    not_understood.append(record);
  }
  py::dict result;
  result["title"] = extraction.plan.title;
  result["year"] = extraction.plan.year;
  result["targets"] = targets;
  result["tasks"] = tasks;
  result["not_understood"] = not_understood;
  // The proposal as a plan, so that a person can save it as a plan file and edit it.
  result["plan"] = py::cast(extraction.plan);
  return result;
}

}  // namespace

void bind_target_extract(py::module_& module) {
  module.def(
      "extract_plan",
      [](const std::string& text, std::optional<int> year, const std::string& source) {
        ExtractOptions options;
        options.year = year;
        options.source = source;
        Extraction extraction;
        {
          py::gil_scoped_release release;
          extraction = extract_plan(text, options);
        }
        return extraction_record(extraction);
      },
      py::arg("text"), py::arg("year") = py::none(), py::arg("source") = "");
}
