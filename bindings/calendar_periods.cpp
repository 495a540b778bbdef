// Bindings of cchc/calendar/period.hpp: reporting periods, cut-offs and report due dates.
// Rules cross the boundary in their text forms ("day 14", "day 17; roll forward"), which are
// the forms users write in files.
#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "cchc/calendar/period.hpp"
#include "cchc/calendar/work_calendar.hpp"
#include "date_caster.hpp"

namespace py = pybind11;
using namespace cchc::calendar;

namespace {

PeriodKind kind_from(const std::string& key) {
  const auto kind = period_kind_from_key(key);
  if (!kind) {
    throw py::value_error("unknown period kind '" + key +
                          "' (expected month, quarter, half_year, nine_months or year)");
  }
  return *kind;
}

py::tuple range_tuple(const DataRange& range) {
  return py::make_tuple(range.first, range.last);
}

}  // namespace

void bind_calendar_periods(py::module_& module) {
  py::class_<Period>(module, "Period",
                     "A reporting period (kỳ báo cáo): month, quarter, half year, nine months or "
                     "year. Period.parse('2024-Q1').data_range('day 14') gives its data window.")
      .def(py::init([](const std::string& kind, int year, int index) {
             return Period(kind_from(kind), year, index);
           }),
           py::arg("kind"), py::arg("year"), py::arg("index") = 1)
      .def_static("parse", &Period::parse, py::arg("text"))
      .def_property_readonly("kind", [](const Period& p) { return period_kind_key(p.kind()); })
      .def_property_readonly("year", &Period::year)
      .def_property_readonly("index", &Period::index)
      .def_property_readonly("first_day", &Period::first_day)
      .def_property_readonly("last_day", &Period::last_day)
      .def_property_readonly("label", &Period::label)
      .def_property_readonly("code", &Period::code)
      .def("next", &Period::next)
      .def("previous", &Period::previous)
      .def(
          "data_range",
          [](const Period& p, const std::string& cutoff) {
            return range_tuple(data_range(p, CutoffRule::parse(cutoff)));
          },
          py::arg("cutoff") = "day 14")
      .def(py::self == py::self)
      .def(py::self < py::self)
      .def("__hash__",
           [](const Period& p) {
             return py::hash(py::make_tuple(static_cast<int>(p.kind()), p.year(), p.index()));
           })
      .def("__str__", &Period::label)
      .def("__repr__", [](const Period& p) { return "Period('" + p.code() + "')"; });

  module.def(
      "period_of",
      [](Date date, const std::string& kind, const std::string& cutoff) {
        return period_of(date, kind_from(kind), CutoffRule::parse(cutoff));
      },
      py::arg("date"), py::arg("kind"), py::arg("cutoff") = "day 14");
  module.def(
      "_period_of_days",
      [](const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& dates,
         const std::string& kind, const std::string& cutoff) {
        const PeriodKind period_kind = kind_from(kind);
        const CutoffRule rule = CutoffRule::parse(cutoff);
        py::array_t<std::int32_t> years(dates.size());
        py::array_t<std::int8_t> indexes(dates.size());
        const std::int64_t* in = dates.data();
        auto* year_out = years.mutable_data();
        auto* index_out = indexes.mutable_data();
        {
          py::gil_scoped_release release;
          for (py::ssize_t i = 0; i < dates.size(); ++i) {
            const Period period =
                period_of(cchc::bindings::date_at(in, i), period_kind, rule);
            year_out[i] = period.year();
            index_out[i] = static_cast<std::int8_t>(period.index());
          }
        }
        return py::make_tuple(years, indexes);
      },
      py::arg("dates"), py::arg("kind"), py::arg("cutoff"));
  module.def(
      "periods_between",
      [](Date first, Date last, const std::string& kind, const std::string& cutoff) {
        return periods_between(first, last, kind_from(kind), CutoffRule::parse(cutoff));
      },
      py::arg("first"), py::arg("last"), py::arg("kind"), py::arg("cutoff") = "day 14");
  module.def(
      "periods_containing",
      [](Date date, const std::string& cutoff) {
        return periods_containing(date, CutoffRule::parse(cutoff));
      },
      py::arg("date"), py::arg("cutoff") = "day 14");
  module.def("describe_cutoff",
             [](const std::string& cutoff) { return CutoffRule::parse(cutoff).describe(); });
  module.def("describe_deadline",
             [](const std::string& rule) { return DeadlineRule::parse(rule).describe(); });

  py::class_<ReportingSchedule>(
      module, "ReportingSchedule",
      "When the reports of each period kind are due, and the data cut-off they use.")
      .def(py::init([](const std::string& name, const std::string& source,
                       const std::string& cutoff, const std::map<std::string, std::string>& rules) {
             ReportingSchedule schedule;
             schedule.name = name;
             schedule.source = source;
             schedule.cutoff = CutoffRule::parse(cutoff);
             for (const auto& [kind, rule] : rules) {
               schedule.deadlines[kind_from(kind)] = DeadlineRule::parse(rule);
             }
             return schedule;
           }),
           py::arg("name"), py::arg("source") = "", py::arg("cutoff") = "day 14",
           py::arg("deadlines") = std::map<std::string, std::string>{})
      .def_static("dak_lak_2026", &ReportingSchedule::dak_lak_2026)
      .def_static("decree_09_2019_government", &ReportingSchedule::decree_09_2019_government)
      .def_readonly("name", &ReportingSchedule::name)
      .def_readonly("source", &ReportingSchedule::source)
      .def_property_readonly("cutoff",
                             [](const ReportingSchedule& s) { return s.cutoff.to_string(); })
      .def_property_readonly("deadlines", [](const ReportingSchedule& s) {
        std::map<std::string, std::string> rules;
        for (const auto& [kind, rule] : s.deadlines) {
          rules[std::string(period_kind_key(kind))] = rule.to_string();
        }
        return rules;
      });

  py::class_<ScheduleIssue>(
      module, "ScheduleIssue",
      "A period whose report is due too soon after its data cut-off (Decree 09/2019 art. 8(5)(b)).")
      .def_readonly("period", &ScheduleIssue::period)
      .def_readonly("cutoff", &ScheduleIssue::cutoff)
      .def_readonly("due", &ScheduleIssue::due)
      .def_readonly("working_days", &ScheduleIssue::working_days)
      .def_readonly("message", &ScheduleIssue::message)
      .def("__repr__", [](const ScheduleIssue& issue) {
        return "ScheduleIssue(" + issue.period.code() + ": " + issue.message + ")";
      });

  module.def(
      "report_due",
      [](const Period& period, const ReportingSchedule& schedule, const WorkCalendar& calendar) {
        return report_due(period, schedule, calendar);
      },
      py::arg("period"), py::arg("schedule"), py::arg("calendar"));
  module.def("check_schedule", &check_schedule, py::arg("schedule"), py::arg("calendar"),
             py::arg("first_year"), py::arg("last_year"), py::arg("min_working_days") = 1);
}
