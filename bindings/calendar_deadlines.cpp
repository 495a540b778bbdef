// Bindings of cchc/calendar/deadline.hpp: deadline phrases of plans.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "cchc/calendar/deadline.hpp"
#include "date_caster.hpp"

namespace py = pybind11;
using namespace cchc::calendar;

void bind_calendar_deadlines(py::module_& module) {
  py::class_<DeadlineClause>(
      module, "DeadlineClause",
      "One clause of a deadline phrase: kind, start, end, unit, action, condition, reason.")
      .def_property_readonly("kind", [](const DeadlineClause& c) { return to_string(c.kind); })
      .def_readonly("start", &DeadlineClause::start)
      .def_readonly("end", &DeadlineClause::end)
      .def_property_readonly("unit", [](const DeadlineClause& c) { return to_string(c.unit); })
      .def_readonly("action", &DeadlineClause::action)
      .def_readonly("condition", &DeadlineClause::condition)
      .def_readonly("note", &DeadlineClause::note)
      .def_readonly("occurrences_per_year", &DeadlineClause::occurrences_per_year)
      .def_readonly("year_from_context", &DeadlineClause::year_from_context)
      .def_readonly("reason", &DeadlineClause::reason)
      .def_readonly("text", &DeadlineClause::text)
      .def_property_readonly("understood", &DeadlineClause::understood)
      .def("__repr__", [](const DeadlineClause& c) {
        std::string text = "DeadlineClause(" + std::string(to_string(c.kind));
        if (c.start) text += ", start=" + c.start->iso();
        if (c.end) text += ", end=" + c.end->iso();
        return text + ", text='" + c.text + "')";
      });
  py::class_<Deadline>(module, "Deadline",
                       "A plan's deadline phrase ('Quý I năm 2026') read into clauses; due is the "
                       "primary clause's last day.")
      .def_readonly("text", &Deadline::text)
      .def_readonly("clauses", &Deadline::clauses)
      .def_property_readonly("kind", [](const Deadline& d) { return to_string(d.kind()); })
      .def_property_readonly("due", &Deadline::due)
      .def_property_readonly("primary", &Deadline::primary)
      .def("__repr__", [](const Deadline& d) {
        return "Deadline(" + std::string(to_string(d.kind())) + ", '" + d.text + "')";
      });
  module.def(
      "parse_deadline",
      [](const std::string& phrase, std::optional<int> year) {
        return parse_deadline(phrase, DeadlineContext{year});
      },
      py::arg("phrase"), py::arg("year") = py::none());
}
