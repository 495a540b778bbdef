// pybind11 conversion of cchc::calendar::Date: accepts datetime.date (and datetime), a
// numpy.datetime64 scalar or an ISO / dd/mm/yyyy string; returns datetime.date.
#pragma once

#include <datetime.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "cchc/calendar/date.hpp"

namespace pybind11::detail {

template <>
struct type_caster<cchc::calendar::Date> {
  PYBIND11_TYPE_CASTER(cchc::calendar::Date, const_name("datetime.date"));

  bool load(handle source, bool /*convert*/) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    if (source.is_none()) return false;
    if (PyDate_Check(source.ptr())) {
      value = cchc::calendar::Date::from_ymd(PyDateTime_GET_YEAR(source.ptr()),
                                             PyDateTime_GET_MONTH(source.ptr()),
                                             PyDateTime_GET_DAY(source.ptr()));
      return true;
    }
    if (PyUnicode_Check(source.ptr())) {
      value = cchc::calendar::Date::parse(source.cast<std::string>());
      return true;
    }
    const module_ numpy = module_::import("numpy");
    if (isinstance(source, numpy.attr("datetime64"))) {
      const object days = source.attr("astype")("datetime64[D]").attr("astype")("int64");
      if (numpy.attr("isnat")(source).cast<bool>()) {
        throw value_error("NaT is not a date");
      }
      value = cchc::calendar::Date::from_days(
          static_cast<cchc::calendar::Date::rep>(days.cast<long long>()));
      return true;
    }
    return false;
  }

  static handle cast(cchc::calendar::Date date, return_value_policy, handle) {
    if (!PyDateTimeAPI) PyDateTime_IMPORT;
    return PyDate_FromDate(date.year(), date.month(), date.day());
  }
};

}  // namespace pybind11::detail
