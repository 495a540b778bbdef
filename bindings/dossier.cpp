// Bindings of cchc/dossier: the columnar core (columns.hpp) fed from numpy buffers without a
// Python object per row, grouped counts returned as int64 arrays, and the indicator
// definitions. The Python face (python/cchc/dossier.py) turns DataFrame / pyarrow columns
// into the buffers described at ingest_table below; this file only checks and views them.
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "cchc/calendar/period.hpp"
#include "cchc/dossier/columns.hpp"
#include "cchc/dossier/indicators.hpp"
#include "cchc/error.hpp"
#include "date_caster.hpp"
#include "dossier_table.hpp"

namespace py = pybind11;
using namespace cchc::dossier;
using cchc::calendar::DataRange;
using cchc::calendar::WorkCalendar;

namespace {

// A 1-D C-contiguous array or a TypeError naming the column.
py::array checked_array(const py::handle& value, const std::string& name, std::size_t rows) {
  py::array array = py::reinterpret_borrow<py::array>(value);
  if (!py::isinstance<py::array>(value) || array.ndim() != 1 ||
      !(array.flags() & py::array::c_style)) {
    throw py::type_error("column '" + name + "' must be a contiguous 1-D numpy array");
  }
  if (static_cast<std::size_t>(array.shape(0)) != rows) {
    throw py::value_error("column '" + name + "' has " + std::to_string(array.shape(0)) +
                          " values, expected " + std::to_string(rows));
  }
  return array;
}

const std::uint8_t* missing_mask(const py::handle& value, const std::string& name,
                                 std::size_t rows) {
  if (value.is_none()) return nullptr;
  const py::array mask = checked_array(value, name + " (missing mask)", rows);
  if (mask.itemsize() != 1) throw py::type_error("the missing mask of '" + name + "' must be bool");
  return static_cast<const std::uint8_t*>(mask.data());
}

CodeColumnView code_view(const py::handle& value, const std::string& name, std::size_t rows,
                         const py::handle& missing) {
  const py::array codes = checked_array(value, name, rows);
  const char kind = codes.dtype().kind();
  if (kind != 'i' && kind != 'b' && !(kind == 'u' && codes.itemsize() == 1)) {
    throw py::type_error("codes of column '" + name + "' must be signed integers or bool");
  }
  return {codes.data(), static_cast<std::uint8_t>(codes.itemsize()),
          missing_mask(missing, name, rows)};
}

DateUnit date_unit(const std::string& unit, const std::string& name) {
  if (unit == "days32") return DateUnit::days32;
  if (unit == "D") return DateUnit::days;
  if (unit == "s") return DateUnit::seconds;
  if (unit == "ms") return DateUnit::milliseconds;
  if (unit == "us") return DateUnit::microseconds;
  if (unit == "ns") return DateUnit::nanoseconds;
  throw py::value_error("column '" + name + "': unsupported date unit '" + unit + "'");
}

// Everything ingest_table keeps alive while the core reads it.
struct Buffers {
  std::vector<std::vector<std::string>> dictionaries;
  std::vector<std::vector<std::int16_t>> values;
  std::vector<CellProblem> problems;
};

// columns: {field: spec}. Specs by field kind:
//   dates (received, due, resolved, returned): (array, unit, missing) with array int32 days
//     (unit "days32", missing = INT32_MIN) or int64 datetime64 values (unit "D", "s", "ms",
//     "us", "ns"; NaT missing); missing is a bool mask or None;
//   groups (unit, field, procedure): (codes, dictionary: list[str], missing);
//   enums and tri-states: (codes, values: int16 array code → enum value, -128 invalid, missing);
//   numbers (received_hour, processing_days, satisfaction): (int64 or float64 array, missing).
// The rejection code `code` with `arguments` from Python: the code and each argument's name are
// views into rejection_templates() (static storage, as RejectionCode requires).
RejectionCode rejection_code_from(const std::string& code, const py::dict& arguments) {
  const auto& templates = rejection_templates();
  const auto found = std::find_if(templates.begin(), templates.end(),
                                  [&](const auto& entry) { return entry.first == code; });
  if (found == templates.end()) throw py::value_error("unknown rejection code '" + code + "'");
  RejectionCode result{found->first, {}};
  for (const auto& [key, value] : arguments) {
    const std::string field = "{" + key.cast<std::string>() + "}";
    const std::size_t at = found->second.find(field);
    if (at == std::string_view::npos) {
      throw py::value_error("rejection code '" + code + "' has no argument " + field);
    }
    result.arguments.emplace_back(found->second.substr(at + 1, field.size() - 2),
                                  py::str(value).cast<std::string>());
  }
  return result;
}

// problems: (rows int64 array, fields, reasons) found by the caller; each reason is a
// (rejection code, arguments) pair, whose English is english(code).
std::shared_ptr<NativeTable> ingest_table(const py::dict& columns, std::size_t rows,
                                          const WorkCalendar& calendar,
                                          std::optional<int> afternoon_cutoff_hour,
                                          const std::string& pause_rule, bool raise_on_error,
                                          const std::string& source, unsigned threads,
                                          const py::tuple& problems) {
  DossierColumnsView view;
  view.rows = rows;
  Buffers buffers;
  buffers.dictionaries.reserve(3);
  buffers.values.reserve(9);
  for (const auto& item : columns) {
    const std::string name = py::str(item.first);
    const py::tuple spec = item.second.cast<py::tuple>();
    const auto date = [&](DateColumnView& out) {
      const py::array array = checked_array(spec[0], name, rows);
      out.unit = date_unit(spec[1].cast<std::string>(), name);
      const std::size_t expected = out.unit == DateUnit::days32 ? 4 : 8;
      if (array.dtype().kind() != 'i' || static_cast<std::size_t>(array.itemsize()) != expected) {
        throw py::type_error("column '" + name + "': dates must be int32 days or int64 values");
      }
      out.data = array.data();
      out.missing = missing_mask(spec[2], name, rows);
    };
    const auto group = [&](GroupColumnView& out) {
      out.codes = code_view(spec[0], name, rows, spec[2]);
      buffers.dictionaries.push_back(spec[1].cast<std::vector<std::string>>());
      out.dictionary = buffers.dictionaries.back();
    };
    const auto enumeration = [&](EnumColumnView& out) {
      out.codes = code_view(spec[0], name, rows, spec[2]);
      buffers.values.push_back(spec[1].cast<std::vector<std::int16_t>>());
      out.values = buffers.values.back();
    };
    const auto number = [&](NumberColumnView& out) {
      const py::array array = checked_array(spec[0], name, rows);
      const char kind = array.dtype().kind();
      if (array.itemsize() != 8 || (kind != 'i' && kind != 'f')) {
        throw py::type_error("column '" + name + "' must be int64 or float64");
      }
      out.data = array.data();
      out.is_float = kind == 'f';
      out.missing = missing_mask(spec[1], name, rows);
    };
    if (name == "received")
      date(view.received);
    else if (name == "due")
      date(view.due);
    else if (name == "resolved")
      date(view.resolved);
    else if (name == "returned")
      date(view.returned);
    else if (name == "unit")
      group(view.unit);
    else if (name == "field")
      group(view.field);
    else if (name == "procedure")
      group(view.procedure);
    else if (name == "channel")
      enumeration(view.channel);
    else if (name == "online_level")
      enumeration(view.online_level);
    else if (name == "status")
      enumeration(view.status);
    else if (name == "digitised_dossier")
      enumeration(view.digitised_dossier);
    else if (name == "digitised_result")
      enumeration(view.digitised_result);
    else if (name == "electronic_result")
      enumeration(view.electronic_result);
    else if (name == "fee_required")
      enumeration(view.fee_required);
    else if (name == "paid_online")
      enumeration(view.paid_online);
    else if (name == "reused_data")
      enumeration(view.reused_data);
    else if (name == "received_hour")
      number(view.received_hour);
    else if (name == "processing_days")
      number(view.processing_days);
    else if (name == "satisfaction")
      number(view.satisfaction);
    else
      throw py::value_error("unknown column '" + name + "'");
  }
  if (problems.size() == 3) {
    const auto problem_rows = problems[0].cast<std::vector<std::int64_t>>();
    const auto fields = problems[1].cast<std::vector<std::string>>();
    const auto reasons = problems[2].cast<py::list>();
    for (std::size_t i = 0; i < problem_rows.size(); ++i) {
      const auto reason = reasons[i].cast<py::tuple>();
      RejectionCode code =
          rejection_code_from(reason[0].cast<std::string>(), reason[1].cast<py::dict>());
      std::string english_reason = english(code);
      buffers.problems.push_back(CellProblem{static_cast<std::size_t>(problem_rows[i]),
                                             fields.at(i), std::move(english_reason),
                                             std::move(code)});
    }
    view.problems = buffers.problems;
  }
  TableIngestOptions options;
  options.threads = threads;
  options.fail_on_first_bad_row = raise_on_error;
  options.source = source;
  const cchc::calendar::DueDateRule rule = due_date_rule(afternoon_cutoff_hour, pause_rule);
  auto table = std::make_shared<NativeTable>();
  {
    py::gil_scoped_release release;
    table->ingested = ingest_columns(view, calendar, rule, options);
  }
  return table;
}

using Count = IndicatorCounts::count;

// The count columns of a table, in the order of indicators.md.
struct CountColumn {
  const char* name;
  Count (*get)(const IndicatorCounts&);
};

constexpr CountColumn kCountColumns[] = {
    {"received_total", [](const IndicatorCounts& c) { return c.received_total(); }},
    {"received_new", [](const IndicatorCounts& c) { return c.received_new; }},
    {"received_carried_over", [](const IndicatorCounts& c) { return c.received_carried_over; }},
    {"resolved", [](const IndicatorCounts& c) { return c.resolved(); }},
    {"resolved_early", [](const IndicatorCounts& c) { return c.resolved_early; }},
    {"resolved_on_time", [](const IndicatorCounts& c) { return c.resolved_on_time; }},
    {"resolved_late", [](const IndicatorCounts& c) { return c.resolved_late; }},
    {"pending", [](const IndicatorCounts& c) { return c.pending(); }},
    {"pending_within", [](const IndicatorCounts& c) { return c.pending_within; }},
    {"pending_overdue", [](const IndicatorCounts& c) { return c.pending_overdue; }},
    {"refused", [](const IndicatorCounts& c) { return c.refused; }},
    {"withdrawn", [](const IndicatorCounts& c) { return c.withdrawn; }},
    {"not_in_period_received_after",
     [](const IndicatorCounts& c) { return c.not_in_period_received_after; }},
    {"not_in_period_closed_before",
     [](const IndicatorCounts& c) { return c.not_in_period_closed_before; }},
    {"new_online", [](const IndicatorCounts& c) { return c.new_online; }},
    {"new_in_person", [](const IndicatorCounts& c) { return c.new_in_person; }},
    {"new_postal", [](const IndicatorCounts& c) { return c.new_postal; }},
    {"new_channel_unknown", [](const IndicatorCounts& c) { return c.new_channel_unknown; }},
    {"new_full_online", [](const IndicatorCounts& c) { return c.new_full_online; }},
    {"new_online_level_known", [](const IndicatorCounts& c) { return c.new_online_level_known; }},
    {"digitised_dossier_yes", [](const IndicatorCounts& c) { return c.digitised_dossier_yes; }},
    {"digitised_dossier_known", [](const IndicatorCounts& c) { return c.digitised_dossier_known; }},
    {"reused_data_yes", [](const IndicatorCounts& c) { return c.reused_data_yes; }},
    {"reused_data_known", [](const IndicatorCounts& c) { return c.reused_data_known; }},
    {"fee_required_yes", [](const IndicatorCounts& c) { return c.fee_required_yes; }},
    {"paid_online_yes", [](const IndicatorCounts& c) { return c.paid_online_yes; }},
    {"paid_online_known", [](const IndicatorCounts& c) { return c.paid_online_known; }},
    {"digitised_result_yes", [](const IndicatorCounts& c) { return c.digitised_result_yes; }},
    {"digitised_result_known", [](const IndicatorCounts& c) { return c.digitised_result_known; }},
    {"electronic_result_yes", [](const IndicatorCounts& c) { return c.electronic_result_yes; }},
    {"electronic_result_known", [](const IndicatorCounts& c) { return c.electronic_result_known; }},
    {"satisfied", [](const IndicatorCounts& c) { return c.satisfied; }},
    {"very_satisfied", [](const IndicatorCounts& c) { return c.very_satisfied; }},
    {"rated", [](const IndicatorCounts& c) { return c.rated; }},
};

GroupBy group_by_from(const std::string& key) {
  if (key == "unit") return GroupBy::unit;
  if (key == "field") return GroupBy::field;
  if (key == "procedure") return GroupBy::procedure;
  if (key == "channel") return GroupBy::channel;
  throw py::value_error("cannot group by '" + key +
                        "' (expected unit, field, procedure or channel)");
}

ClassifyOptions classify_options(const std::string& completion) {
  ClassifyOptions options;
  if (completion == "returned") {
    options.completion = CompletionBasis::returned;
  } else if (completion != "resolved") {
    throw py::value_error("completion must be 'resolved' or 'returned', not '" + completion + "'");
  }
  return options;
}

// Grouped counts as (group code arrays, group labels, window index array, {column: int64
// array}): every count, then the numerator and denominator of every indicator. Values are
// left to Python, which marks n/0 as NA.
py::tuple grouped_table(const NativeTable& table, const std::vector<std::string>& by_keys,
                        const std::vector<std::pair<Date, Date>>& windows,
                        const std::string& completion, unsigned threads) {
  GroupedCountsRequest request;
  for (const std::string& key : by_keys) request.by.push_back(group_by_from(key));
  for (const auto& [first, last] : windows) request.windows.push_back(DataRange{first, last});
  request.options = classify_options(completion);
  request.threads = threads;
  GroupedCounts grouped;
  {
    py::gil_scoped_release release;
    grouped = count_grouped(table.ingested.table, request);
  }
  const std::size_t groups = grouped.groups();
  const auto rows = static_cast<py::ssize_t>(grouped.counts.size());
  py::list codes;
  py::list labels;
  for (std::size_t column = 0; column < request.by.size(); ++column) {
    py::array_t<std::int32_t> array(rows);
    std::int32_t* out = array.mutable_data();
    for (std::size_t g = 0; g < groups; ++g) {
      for (std::size_t w = 0; w < grouped.windows; ++w) {
        *out++ = grouped.group_codes[g * request.by.size() + column];
      }
    }
    codes.append(array);
    labels.append(py::cast(grouped.labels[column]));
  }
  py::array_t<std::int32_t> window_index(rows);
  std::int32_t* window_out = window_index.mutable_data();
  for (std::size_t g = 0; g < groups; ++g) {
    for (std::size_t w = 0; w < grouped.windows; ++w) *window_out++ = static_cast<std::int32_t>(w);
  }
  py::dict columns;
  const auto add_column = [&](const std::string& name, auto&& value_of) {
    py::array_t<std::int64_t> column(rows);
    std::int64_t* out = column.mutable_data();
    for (const IndicatorCounts& counts : grouped.counts) *out++ = value_of(counts);
    columns[py::str(name)] = column;
  };
  for (const CountColumn& column : kCountColumns) add_column(column.name, column.get);
  for (const IndicatorDefinition& definition : indicator_definitions()) {
    const std::string key(definition.key);
    add_column(key + "_numerator",
               [&](const IndicatorCounts& c) { return definition.compute(c).numerator; });
    add_column(key + "_denominator",
               [&](const IndicatorCounts& c) { return definition.compute(c).denominator; });
  }
  return py::make_tuple(codes, labels, window_index, columns);
}

py::dict rejected_columns(const NativeTable& table) {
  const std::vector<RejectedRow>& rejected = table.ingested.rejected;
  const auto size = static_cast<py::ssize_t>(rejected.size());
  py::array_t<std::int64_t> row(size);
  py::list id;
  py::list field;
  py::list reason;
  py::list reason_code;
  py::list reason_arguments;
  std::int64_t* out = row.mutable_data();
  for (const RejectedRow& problem : rejected) {
    *out++ = static_cast<std::int64_t>(problem.row);
    id.append(problem.id);
    field.append(problem.field);
    reason.append(problem.reason);
    reason_code.append(py::str(problem.code.code.data(), problem.code.code.size()));
    py::dict arguments;
    for (const auto& [name, value] : problem.code.arguments) {
      arguments[py::str(name.data(), name.size())] = value;
    }
    reason_arguments.append(arguments);
  }
  py::dict columns;
  columns["row"] = row;
  columns["id"] = id;  // empty for column ingestion: Python holds the id column
  columns["field"] = field;
  columns["reason"] = reason;
  columns["reason_code"] = reason_code;  // docs/i18n.md; empty: the English reason only
  columns["reason_arguments"] = reason_arguments;
  return columns;
}

std::optional<Date> day_or_none(std::int32_t day) {
  if (day == kMissingDay) return std::nullopt;
  return Date::from_days(day);
}

}  // namespace

void bind_dossier(py::module_& module) {
  py::class_<NativeTable, std::shared_ptr<NativeTable>>(module, "Table")
      .def_property_readonly("rows_in",
                             [](const NativeTable& table) { return table.ingested.rows_in; })
      .def_property_readonly("rows_accepted",
                             [](const NativeTable& table) { return table.ingested.table.size(); })
      .def_property_readonly(
          "rows_rejected", [](const NativeTable& table) { return table.ingested.rejected.size(); })
      .def_property_readonly(
          "first_received",
          [](const NativeTable& table) { return day_or_none(table.ingested.table.first_received); })
      .def_property_readonly(
          "last_received",
          [](const NativeTable& table) { return day_or_none(table.ingested.table.last_received); })
      .def("rejected_columns", &rejected_columns)
      .def("grouped", &grouped_table, py::arg("by"), py::arg("windows"),
           py::arg("completion") = "resolved", py::arg("threads") = 0U);

  module.def("ingest_table", &ingest_table, py::arg("columns"), py::arg("rows"),
             py::arg("calendar"), py::arg("afternoon_cutoff_hour") = py::none(),
             py::arg("pause_rule") = "extend", py::arg("raise_on_error") = false,
             py::arg("source") = "<columns>", py::arg("threads") = 0U,
             py::arg("problems") = py::tuple());

  module.def(
      "period_windows",
      [](Date first, Date last, const std::string& kind, const std::string& cutoff) {
        if (last < first) {
          throw py::value_error("the range ends (" + last.iso() + ") before it starts (" +
                                first.iso() + ")");
        }
        const auto period_kind = cchc::calendar::period_kind_from_key(kind);
        if (!period_kind) throw py::value_error("unknown period kind '" + kind + "'");
        const cchc::calendar::CutoffRule rule = cchc::calendar::CutoffRule::parse(cutoff);
        py::list windows;
        for (const auto& period :
             cchc::calendar::periods_between(first, last, *period_kind, rule)) {
          const DataRange range = cchc::calendar::data_range(period, rule);
          windows.append(py::make_tuple(period.code(), range.first, range.last));
        }
        return windows;
      },
      py::arg("first"), py::arg("last"), py::arg("kind"), py::arg("cutoff") = "day 14");

  module.def("indicator_definitions", [] {
    py::list rows;
    for (const IndicatorDefinition& definition : indicator_definitions()) {
      py::dict row;
      row["key"] = definition.key;
      row["name_vi"] = definition.name_vi;
      row["name_en"] = definition.name_en;
      row["formula"] = definition.formula;
      row["numerator"] = definition.numerator;
      row["denominator"] = definition.denominator;
      rows.append(row);
    }
    return rows;
  });
  module.def(
      "portal766_indicators",
      [](const std::map<std::string, std::int64_t>& counts) {
        // The raw counts by column name (received_total, resolved and pending are sums).
        using Field = std::int64_t IndicatorCounts::*;
        static const std::pair<const char*, Field> kFields[] = {
            {"received_new", &IndicatorCounts::received_new},
            {"received_carried_over", &IndicatorCounts::received_carried_over},
            {"resolved_early", &IndicatorCounts::resolved_early},
            {"resolved_on_time", &IndicatorCounts::resolved_on_time},
            {"resolved_late", &IndicatorCounts::resolved_late},
            {"pending_within", &IndicatorCounts::pending_within},
            {"pending_overdue", &IndicatorCounts::pending_overdue},
            {"new_online", &IndicatorCounts::new_online},
            {"digitised_dossier_yes", &IndicatorCounts::digitised_dossier_yes},
            {"reused_data_yes", &IndicatorCounts::reused_data_yes},
            {"fee_required_yes", &IndicatorCounts::fee_required_yes},
            {"paid_online_yes", &IndicatorCounts::paid_online_yes},
            {"electronic_result_yes", &IndicatorCounts::electronic_result_yes},
        };
        IndicatorCounts c;
        for (const auto& [name, field] : kFields) {
          const auto found = counts.find(name);
          if (found == counts.end()) {
            throw cchc::Error(std::string("portal766 indicators need the count '") + name + "'");
          }
          c.*field = found->second;
        }
        py::list rows;
        for (const IndicatorDefinition& definition : portal766_indicator_definitions()) {
          const Ratio ratio = definition.compute(c);
          py::dict row;
          row["key"] = definition.key;
          row["name_vi"] = definition.name_vi;
          row["name_en"] = definition.name_en;
          row["formula"] = definition.formula;
          row["numerator"] = ratio.numerator;
          row["denominator"] = ratio.denominator;
          rows.append(row);
        }
        return rows;
      },
      py::arg("counts"));
  module.def(
      "rejection_templates",
      [] {
        py::list rows;
        for (const auto& [code, text] : rejection_templates()) {
          rows.append(py::make_tuple(py::str(code.data(), code.size()),
                                     py::str(text.data(), text.size())));
        }
        return rows;
      },
      "Every code of a rejected row's reason with its English template (docs/i18n.md).");
  module.def("count_columns", [] {
    std::vector<std::string> names;
    for (const CountColumn& column : kCountColumns) names.emplace_back(column.name);
    return names;
  });
  // The keys of each enum, in the order of its values: Python maps the distinct texts of a
  // column to these values (cchc.dossier._enum_values).
  module.def("enum_keys", [](const std::string& kind) {
    std::vector<std::string> keys;
    for (std::uint8_t value = 0; value < 4; ++value) {
      if (kind == "channel")
        keys.emplace_back(channel_key(static_cast<Channel>(value)));
      else if (kind == "online_level")
        keys.emplace_back(online_level_key(static_cast<OnlineLevel>(value)));
      else if (kind == "status")
        keys.emplace_back(status_key(static_cast<Status>(value)));
      else
        throw py::value_error("unknown enum '" + kind + "'");
    }
    return keys;
  });
}
