// pybind11 conversion of cchc::calendar::Date: accepts datetime.date and datetime.datetime
// (pandas.Timestamp too), a numpy.datetime64 scalar or an ISO / dd/mm/yyyy string; returns
// datetime.date. A timezone-aware datetime is read as its date in Vietnam (UTC+7); a naive one
// is taken as already in Vietnamese time. Anything that is not exactly one day is refused with
// a message saying what was given: integers and floats (a day number is not a date), NaT,
// datetime64 months/years/weeks (which would silently become their first day) and datetime64
// values beyond the 32-bit day range (which would otherwise wrap around).
#pragma once

#include <datetime.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "cchc/calendar/date.hpp"
#include "cchc/error.hpp"

namespace cchc::bindings {

/// Vietnam's civil time (UTC+7), the zone every timezone-aware input is converted to.
inline pybind11::object vietnam_timezone() {
  namespace py = pybind11;
  const py::module_ datetime = py::module_::import("datetime");
  return datetime.attr("timezone")(datetime.attr("timedelta")(py::arg("hours") = 7),
                                   "UTC+07:00");
}

/// Day numbers (days since 1970-01-01) beyond about ±27,000 years are refused instead of being
/// wrapped into Date's 32 bits (or passed to year arithmetic that is exact only inside them).
/// Every calendar table lies far inside.
inline constexpr std::int64_t kDayNumberLimit = 10'000'000;
static_assert(kDayNumberLimit < std::numeric_limits<calendar::Date::rep>::max());

[[noreturn]] inline void throw_day_number_out_of_range(std::int64_t days, const std::string& what) {
  throw OutOfRange(what + " is " + std::to_string(days) +
                   " days from 1970-01-01, far outside the dates libcchc supports");
}

/// A day number (e.g. numpy datetime64[D] as int64) as a Date, or OutOfRange naming `what`.
inline calendar::Date date_from_day_number(std::int64_t days, const std::string& what) {
  if (days < -kDayNumberLimit || days > kDayNumberLimit) throw_day_number_out_of_range(days, what);
  return calendar::Date::from_days(static_cast<calendar::Date::rep>(days));
}

/// The i-th element of an array of day numbers as a Date; the check costs one comparison and
/// the message is built only when it fails (this runs once per element of every array call).
inline calendar::Date date_at(const std::int64_t* days, std::ptrdiff_t i) {
  const std::int64_t value = days[i];
  if (value < -kDayNumberLimit || value > kDayNumberLimit) [[unlikely]] {
    throw_day_number_out_of_range(value, "the date at position " + std::to_string(i));
  }
  return calendar::Date::from_days(static_cast<calendar::Date::rep>(value));
}

/// Converts one Python value to a Date, or throws InvalidDate/OutOfRange saying what it was.
/// Returns false only for None, so that pybind11 can report a missing argument.
inline bool load_date(pybind11::handle source, calendar::Date& value) {
  namespace py = pybind11;
  if (!PyDateTimeAPI) PyDateTime_IMPORT;
  if (source.is_none()) return false;
  const std::string given = py::repr(source).cast<std::string>();
  if (PyDateTime_Check(source.ptr())) {
    // pandas.NaT is a datetime subclass whose fields are meaningless.
    if (py::str(py::type::of(source).attr("__name__")).cast<std::string>() == "NaTType") {
      throw InvalidDate("NaT (a missing date) is not a date");
    }
    py::handle local = source;
    py::object converted;
    if (!py::getattr(source, "tzinfo").is_none()) {
      converted = source.attr("astimezone")(vietnam_timezone());
      local = converted;
    }
    value = calendar::Date::from_ymd(PyDateTime_GET_YEAR(local.ptr()),
                                     PyDateTime_GET_MONTH(local.ptr()),
                                     PyDateTime_GET_DAY(local.ptr()));
    return true;
  }
  if (PyDate_Check(source.ptr())) {
    value = calendar::Date::from_ymd(PyDateTime_GET_YEAR(source.ptr()),
                                     PyDateTime_GET_MONTH(source.ptr()),
                                     PyDateTime_GET_DAY(source.ptr()));
    return true;
  }
  if (PyUnicode_Check(source.ptr())) {
    value = calendar::Date::parse(source.cast<std::string>());
    return true;
  }
  const py::module_ numpy = py::module_::import("numpy");
  if (py::isinstance(source, numpy.attr("datetime64"))) {
    if (numpy.attr("isnat")(source).cast<bool>()) {
      throw InvalidDate("numpy.datetime64('NaT') (a missing date) is not a date");
    }
    const std::string unit =
        numpy.attr("datetime_data")(source.attr("dtype"))[py::int_(0)].cast<std::string>();
    if (unit == "Y" || unit == "M" || unit == "W" || unit == "generic") {
      throw InvalidDate(given + " has unit [" + unit +
                        "], not a single day; convert it explicitly (e.g. "
                        ".astype('datetime64[D]') for its first day)");
    }
    const auto days =
        source.attr("astype")("datetime64[D]").attr("astype")("int64").cast<long long>();
    value = date_from_day_number(days, given);
    return true;
  }
  if (PyBool_Check(source.ptr()) || PyLong_Check(source.ptr()) || PyFloat_Check(source.ptr()) ||
      py::isinstance(source, numpy.attr("number")) || py::isinstance(source, numpy.attr("bool_"))) {
    throw InvalidDate("a number (" + given +
                      ") is not a date: give a datetime.date, a numpy.datetime64 or a "
                      "'dd/mm/yyyy' or 'yyyy-mm-dd' string");
  }
  return false;
}

}  // namespace cchc::bindings

namespace pybind11::detail {

template <>
struct type_caster<cchc::calendar::Date> {
  PYBIND11_TYPE_CASTER(cchc::calendar::Date, const_name("datetime.date"));

  bool load(handle source, bool /*convert*/) { return cchc::bindings::load_date(source, value); }

  static handle cast(cchc::calendar::Date date, return_value_policy, handle) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    return PyDate_FromDate(date.year(), date.month(), date.day());
  }
};

}  // namespace pybind11::detail
