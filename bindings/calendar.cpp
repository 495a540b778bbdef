// Bindings of cchc/calendar: WorkCalendar, holidays and schedules, due dates, and vectorised
// kernels over int64 day numbers (numpy datetime64[D] viewed as int64, so no copy is made).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <limits>
#include <span>
#include <thread>

#include "cchc/calendar/due_date.hpp"
#include "cchc/calendar/holidays.hpp"
#include "cchc/calendar/lunar.hpp"
#include "cchc/calendar/work_calendar.hpp"
#include "date_caster.hpp"

namespace py = pybind11;
using namespace cchc::calendar;

namespace {

using DayArray = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;

Roll roll_from(const std::string& text) {
  if (text == "forward") return Roll::forward;
  if (text == "backward") return Roll::backward;
  if (text == "raise") return Roll::raise;
  throw py::value_error("roll must be 'forward', 'backward' or 'raise', not '" + text + "'");
}

HolidayId holiday_from(const std::string& key) {
  const auto id = holiday_from_key(key);
  if (!id) throw py::value_error("unknown holiday '" + key + "'");
  return *id;
}

DayKind kind_from(const std::string& key) {
  const auto kind = day_kind_from_key(key);
  if (!kind) throw py::value_error("unknown day kind '" + key + "'");
  return *kind;
}

// A value beyond the supported day numbers is an OutOfRange naming its position, never
// wrapped around onto a date the calendar covers.
using cchc::bindings::date_at;

void require_same_size(const DayArray& a, const DayArray& b, const char* what) {
  if (a.size() != b.size()) {
    throw py::value_error(std::string(what) + ": arrays of different lengths (" +
                          std::to_string(a.size()) + " and " + std::to_string(b.size()) + ")");
  }
}

// NaT (numpy's missing datetime64, INT64_MIN as a day number) is a missing date, refused
// with its position; the kernels leave it to this check once they have refused a value.
void report_missing(const DayArray& days, const char* what) {
  constexpr std::int64_t kNaT = std::numeric_limits<std::int64_t>::min();
  const std::int64_t* values = days.data();
  for (py::ssize_t i = 0; i < days.size(); ++i) {
    if (values[i] == kNaT) {
      throw cchc::InvalidDate(std::string(what) + ": missing date (NaT) at position " +
                              std::to_string(i));
    }
  }
}

// Counting is one lookup pair per element, bound by memory: a second thread pays for itself
// from about a million pairs (each thread takes a contiguous half). Returns the first
// refused position, as the single-threaded kernel would.
std::size_t count_in_parallel(const WorkCalendar& calendar, const std::int64_t* begins,
                              const std::int64_t* ends, std::int64_t* counts, std::size_t size) {
  constexpr std::size_t kPerThread = std::size_t{1} << 20;
  const unsigned threads = static_cast<unsigned>(std::clamp<std::size_t>(
      size / kPerThread, 1, std::max(1U, std::thread::hardware_concurrency())));
  const auto chunk = [&](unsigned index) {
    const std::size_t first = size * index / threads;
    const std::size_t last = size * (index + 1) / threads;
    const std::size_t length = last - first;
    return first + calendar.count_working_days(std::span(begins + first, length),
                                               std::span(ends + first, length),
                                               std::span(counts + first, length));
  };
  if (threads == 1) return chunk(0);
  std::vector<std::size_t> refused(threads, size);
  std::vector<std::thread> pool;
  for (unsigned index = 1; index < threads; ++index) {
    pool.emplace_back([&, index] { refused[index] = chunk(index); });
  }
  refused[0] = chunk(0);
  for (std::thread& thread : pool) thread.join();
  for (unsigned index = 0; index < threads; ++index) {
    const std::size_t last = size * (index + 1) / threads;
    if (refused[index] < last) return refused[index];
  }
  return size;
}

CalendarOptions make_options(int first_year, int last_year, const std::string& week,
                             bool use_official_schedules, bool count_make_up_days, bool culture_day,
                             int culture_day_from_year, int tet_days_before_new_year,
                             std::vector<HolidaySchedule> schedules,
                             const std::vector<py::tuple>& overrides) {
  CalendarOptions options;
  options.first_year = first_year;
  options.last_year = last_year;
  options.week = WeekMask::parse(week);
  options.use_official_schedules = use_official_schedules;
  options.count_make_up_days = count_make_up_days;
  options.rules.culture_day = culture_day;
  options.rules.culture_day_from_year = culture_day_from_year;
  options.rules.tet_days_before_new_year = tet_days_before_new_year;
  options.schedules = std::move(schedules);
  for (const py::tuple& item : overrides) {
    if (item.size() < 2 || item.size() > 3) {
      throw py::value_error("an override is (date, working: bool[, reason: str])");
    }
    options.overrides.push_back(DayOverride{item[0].cast<Date>(), item[1].cast<bool>(),
                                            item.size() == 3 ? item[2].cast<std::string>() : ""});
  }
  return options;
}

}  // namespace

void bind_calendar(py::module_& module) {
  py::class_<SpecialDay>(
      module, "SpecialDay",
      "A day off or a make-up working day of a holiday: date, holiday, name, kind, source, note.")
      .def_readonly("date", &SpecialDay::date)
      .def_property_readonly("holiday",
                             [](const SpecialDay& day) { return holiday_key(day.holiday); })
      .def_property_readonly("name",
                             [](const SpecialDay& day) { return holiday_name(day.holiday); })
      .def_property_readonly("kind", [](const SpecialDay& day) { return day_kind_key(day.kind); })
      .def_readonly("source", &SpecialDay::source)
      .def_readonly("note", &SpecialDay::note)
      .def("__repr__", [](const SpecialDay& day) {
        return "SpecialDay(" + day.date.iso() + ", " + std::string(holiday_key(day.holiday)) +
               ", " + std::string(day_kind_key(day.kind)) + ")";
      });

  py::class_<HolidaySchedule>(module, "HolidaySchedule",
                              "A schedule of days off and make-up days (official or local); CSV "
                              "format in docs/calendar/holidays.md.")
      .def(py::init<>())
      .def_static("parse", &HolidaySchedule::parse, py::arg("text"),
                  py::arg("source_name") = "<string>")
      .def_static("load", &HolidaySchedule::load, py::arg("path"))
      .def_static("official", &HolidaySchedule::official, py::return_value_policy::copy)
      .def("years", &HolidaySchedule::years)
      .def("settles",
           [](const HolidaySchedule& schedule, int year, const std::string& holiday) {
             return schedule.settles(year, holiday_from(holiday));
           })
      .def("to_csv", &HolidaySchedule::to_csv)
      .def(
          "add",
          [](HolidaySchedule& schedule, int year, Date date, const std::string& holiday,
             const std::string& kind, const std::string& source, const std::string& note) {
            schedule.add(year,
                         SpecialDay{date, holiday_from(holiday), kind_from(kind), source, note});
          },
          py::arg("year"), py::arg("date"), py::arg("holiday"), py::arg("kind") = "holiday",
          py::arg("source") = "", py::arg("note") = "")
      .def("__len__", [](const HolidaySchedule& schedule) { return schedule.entries().size(); })
      .def("days", [](const HolidaySchedule& schedule) {
        std::vector<std::pair<int, SpecialDay>> days;
        for (const auto& entry : schedule.entries()) days.emplace_back(entry.year, entry.day);
        return days;
      });

  py::class_<DayInfo>(module, "DayInfo",
                      "Whether a date is a working day (working), why (reason) and the text it "
                      "comes from (source).")
      .def_readonly("date", &DayInfo::date)
      .def_readonly("working", &DayInfo::working)
      .def_readonly("reason", &DayInfo::reason)
      .def_readonly("source", &DayInfo::source)
      .def("__repr__", [](const DayInfo& info) {
        return "DayInfo(" + info.date.iso() + ", working=" + (info.working ? "True" : "False") +
               ", '" + info.reason + "')";
      });

  py::class_<WorkCalendar>(
      module, "WorkCalendar",
      "The native working-day calendar; use the typed wrapper cchc.WorkCalendar.")
      .def(py::init([](int first_year, int last_year, const std::string& week,
                       bool use_official_schedules, bool count_make_up_days, bool culture_day,
                       int culture_day_from_year, int tet_days_before_new_year,
                       std::vector<HolidaySchedule> schedules,
                       const std::vector<py::tuple>& overrides) {
             return WorkCalendar(make_options(first_year, last_year, week, use_official_schedules,
                                              count_make_up_days, culture_day,
                                              culture_day_from_year, tet_days_before_new_year,
                                              std::move(schedules), overrides));
           }),
           py::arg("first_year") = 1900, py::arg("last_year") = 2199, py::arg("week") = "1111100",
           py::arg("use_official_schedules") = true, py::arg("count_make_up_days") = true,
           py::arg("culture_day") = true, py::arg("culture_day_from_year") = 2026,
           py::arg("tet_days_before_new_year") = 2,
           py::arg("schedules") = std::vector<HolidaySchedule>{},
           py::arg("overrides") = std::vector<py::tuple>{})
      .def_property_readonly("first_day", &WorkCalendar::first_day)
      .def_property_readonly("last_day", &WorkCalendar::last_day)
      .def_property_readonly("week",
                             [](const WorkCalendar& c) { return c.options().week.to_string(); })
      .def("is_working_day", py::overload_cast<Date>(&WorkCalendar::is_working_day, py::const_),
           py::arg("date"))
      .def("roll_forward", &WorkCalendar::roll_forward, py::arg("date"))
      .def("roll_backward", &WorkCalendar::roll_backward, py::arg("date"))
      .def("next_working_day", &WorkCalendar::next_working_day, py::arg("date"))
      .def("previous_working_day", &WorkCalendar::previous_working_day, py::arg("date"))
      .def(
          "add_working_days",
          [](const WorkCalendar& c, Date start, std::int64_t days, const std::string& roll) {
            return c.add_working_days(start, days, roll_from(roll));
          },
          py::arg("start"), py::arg("days"), py::arg("roll") = "forward")
      .def("count_working_days",
           py::overload_cast<Date, Date>(&WorkCalendar::count_working_days, py::const_),
           py::arg("begin"),
           py::arg("end"))
      .def("describe", &WorkCalendar::describe, py::arg("date"))
      .def("special_days", &WorkCalendar::special_days, py::arg("year"))
      .def("weekday_holidays", &WorkCalendar::weekday_holidays, py::arg("begin"), py::arg("end"))
      .def(
          "due_date",
          [](const WorkCalendar& c, Date received, std::int64_t working_days,
             const std::vector<std::pair<Date, Date>>& pauses, std::optional<int> received_hour,
             std::optional<int> afternoon_cutoff_hour, const std::string& pause_rule) {
            DueDateRule rule;
            rule.afternoon_cutoff_hour = afternoon_cutoff_hour;
            if (pause_rule == "restart") {
              rule.pause_rule = PauseRule::restart;
            } else if (pause_rule != "extend") {
              throw py::value_error("pause_rule must be 'extend' or 'restart', not '" + pause_rule +
                                    "'");
            }
            std::vector<Pause> stops;
            for (const auto& [requested, resumed] : pauses) stops.push_back({requested, resumed});
            return due_date(c, received, working_days, stops, received_hour, rule);
          },
          py::arg("received"), py::arg("working_days"),
          py::arg("pauses") = std::vector<std::pair<Date, Date>>{},
          py::arg("received_hour") = py::none(), py::arg("afternoon_cutoff_hour") = py::none(),
          py::arg("pause_rule") = "extend")
      // Vectorised kernels over int64 day numbers; the GIL is released while they run.
      .def("_is_working_days",
           [](const WorkCalendar& c, const DayArray& dates) {
             py::array_t<bool> result(dates.size());
             const auto size = static_cast<std::size_t>(dates.size());
             std::size_t refused = 0;
             {
               py::gil_scoped_release release;
               refused = c.is_working_day(std::span(dates.data(), size),
                                          std::span(result.mutable_data(), size));
             }
             if (refused < size) {
               report_missing(dates, "is_working_day");
               (void)c.is_working_day(date_at(dates.data(), static_cast<py::ssize_t>(refused)));
             }
             return result;
           })
      .def("_add_working_days",
           [](const WorkCalendar& c, const DayArray& dates, const DayArray& offsets,
              const std::string& roll_text) {
             require_same_size(dates, offsets, "add_working_days");
             const Roll roll = roll_from(roll_text);
             DayArray result(dates.size());
             const std::int64_t* in = dates.data();
             const std::int64_t* by = offsets.data();
             std::int64_t* out = result.mutable_data();
             {
               py::gil_scoped_release release;
               for (py::ssize_t i = 0; i < dates.size(); ++i) {
                 out[i] = c.add_working_days(date_at(in, i), by[i], roll).days_since_epoch();
               }
             }
             return result;
           })
      .def("_count_working_days",
           [](const WorkCalendar& c, const DayArray& begins, const DayArray& ends) {
             require_same_size(begins, ends, "count_working_days");
             DayArray result(begins.size());
             const auto size = static_cast<std::size_t>(begins.size());
             std::size_t refused = 0;
             {
               py::gil_scoped_release release;
               refused = count_in_parallel(c, begins.data(), ends.data(),
                                           result.mutable_data(), size);
             }
             if (refused < size) {
               // The error the element-by-element loop gives: a missing date first, then the
               // pair the calendar refuses (its dates named).
               report_missing(begins, "count_working_days");
               report_missing(ends, "count_working_days");
               const auto at = static_cast<py::ssize_t>(refused);
               (void)c.count_working_days(date_at(begins.data(), at), date_at(ends.data(), at));
             }
             return result;
           })
      .def("_due_dates", [](const WorkCalendar& c, const DayArray& received,
                            const DayArray& working_days) {
        require_same_size(received, working_days, "due_dates");
        DayArray result(received.size());
        const std::int64_t* in = received.data();
        const std::int64_t* days = working_days.data();
        std::int64_t* out = result.mutable_data();
        {
          py::gil_scoped_release release;
          for (py::ssize_t i = 0; i < received.size(); ++i) {
            out[i] = due_date(c, date_at(in, i), days[i]).days_since_epoch();
          }
        }
        return result;
      });

  py::class_<LunarDate>(
      module, "LunarDate",
      "A date of the Vietnamese lunisolar calendar (UTC+7): year, month, day, leap.")
      .def(py::init([](int year, int month, int day, bool leap) {
             return LunarDate{year, month, day, leap};
           }),
           py::arg("year"), py::arg("month"), py::arg("day"), py::arg("leap") = false)
      .def_readonly("year", &LunarDate::year)
      .def_readonly("month", &LunarDate::month)
      .def_readonly("day", &LunarDate::day)
      .def_readonly("leap", &LunarDate::leap)
      .def("__eq__", [](const LunarDate& a, const LunarDate& b) { return a == b; })
      .def("__hash__",
           [](const LunarDate& l) {
             return py::hash(py::make_tuple(l.year, l.month, l.day, l.leap));
           })
      .def("__str__", [](const LunarDate& lunar) { return to_string(lunar); })
      .def("__repr__", [](const LunarDate& l) {
        return "LunarDate(" + std::to_string(l.year) + ", " + std::to_string(l.month) + ", " +
               std::to_string(l.day) + (l.leap ? ", leap=True)" : ")");
      });
  module.def("to_lunar", &to_lunar, py::arg("date"));
  module.def("from_lunar", py::overload_cast<int, int, int, bool>(&from_lunar), py::arg("year"),
             py::arg("month"), py::arg("day"), py::arg("leap") = false);
  module.def("tet", &tet, py::arg("lunar_year"));
  module.def("gio_to_hung_vuong", &gio_to_hung_vuong, py::arg("lunar_year"));
  module.def("leap_month", &leap_month, py::arg("lunar_year"));
  module.def("lunar_month_length", &lunar_month_length, py::arg("lunar_year"), py::arg("month"),
             py::arg("leap") = false);
  module.def("_to_lunar_days", [](const DayArray& dates) {
    py::array_t<std::int32_t> years(dates.size());
    py::array_t<std::int8_t> months(dates.size());
    py::array_t<std::int8_t> days(dates.size());
    py::array_t<bool> leaps(dates.size());
    const std::int64_t* in = dates.data();
    auto* year_out = years.mutable_data();
    auto* month_out = months.mutable_data();
    auto* day_out = days.mutable_data();
    auto* leap_out = leaps.mutable_data();
    {
      py::gil_scoped_release release;
      for (py::ssize_t i = 0; i < dates.size(); ++i) {
        const LunarDate lunar = to_lunar(date_at(in, i));
        year_out[i] = lunar.year;
        month_out[i] = static_cast<std::int8_t>(lunar.month);
        day_out[i] = static_cast<std::int8_t>(lunar.day);
        leap_out[i] = lunar.leap;
      }
    }
    return py::make_tuple(years, months, days, leaps);
  });

  // Dates given as Python objects (strings, datetime.date, timezone-aware datetimes, …) read
  // element by element with exactly the scalar conversion, so that arrays and scalars agree.
  module.def("_object_days", [](const py::array& values) {
    const py::array objects = values.attr("astype")("object").attr("ravel")();
    DayArray result(objects.size());
    std::int64_t* out = result.mutable_data();
    const auto* items = static_cast<PyObject* const*>(objects.data());
    for (py::ssize_t i = 0; i < objects.size(); ++i) {
      Date day;
      try {
        if (!cchc::bindings::load_date(py::handle(items[i]), day)) {
          throw cchc::InvalidDate("None (a missing date) is not a date");
        }
      } catch (const cchc::InvalidDate& error) {
        throw cchc::InvalidDate("position " + std::to_string(i) + ": " + error.what());
      } catch (const cchc::OutOfRange& error) {
        throw cchc::OutOfRange("position " + std::to_string(i) + ": " + error.what());
      }
      out[i] = day.days_since_epoch();
    }
    return result;
  });

  module.def("holiday_keys", [] {
    std::vector<std::string_view> keys;
    for (const HolidayId id : kAllHolidayIds) keys.push_back(holiday_key(id));
    return keys;
  });
  module.def(
      "statutory_holidays", [](int year) { return statutory_holidays(year); }, py::arg("year"));
}
