// Bindings of cchc/dossier: a DossierBatch built from numpy columns, counts per group and the
// indicator definitions. The Python face (python/cchc/dossier.py) hands every column over as a
// 1-D numpy array: dates as int64 day numbers (NaT = INT64_MIN), text and enum columns as
// object arrays, numeric and tri-state columns as bool / int64 / float64 / object arrays. Cells
// are read here through the C API, so no Python code runs per row.
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "cchc/dossier/classify.hpp"
#include "cchc/dossier/indicators.hpp"
#include "cchc/dossier/record.hpp"
#include "cchc/error.hpp"
#include "date_caster.hpp"

namespace py = pybind11;
using namespace cchc::dossier;
using cchc::calendar::DataRange;
using cchc::calendar::WorkCalendar;

namespace {

// numpy's NaT viewed as int64.
constexpr std::int64_t kNotATime = std::numeric_limits<std::int64_t>::min();

// None, NaN, pandas.NA and pandas.NaT are all "no value" in a DataFrame cell.
bool is_missing_object(PyObject* cell) {
  if (cell == Py_None) return true;
  if (PyFloat_Check(cell)) return std::isnan(PyFloat_AS_DOUBLE(cell));
  const std::string_view type = Py_TYPE(cell)->tp_name;
  return type.ends_with("NAType") || type.ends_with("NaTType");
}

std::string describe_object(PyObject* cell) {
  return py::repr(py::handle(cell)).cast<std::string>();
}

// A cell that could not be read: the field it belongs to and why.
struct CellProblem {
  std::string field;
  std::string reason;
};

// A number cell: missing (nullopt) or a whole number; anything else is a CellProblem.
struct NumberCell {
  std::optional<std::int64_t> value;
  std::optional<std::string> problem;
};

// One input column. An absent column reads as missing in every row.
class Column {
 public:
  Column(const py::dict& columns, const char* name, py::ssize_t rows) : name_(name) {
    if (!columns.contains(name)) return;
    array_ = columns[name].cast<py::array>();
    if (array_.ndim() != 1 || array_.shape(0) != rows) {
      throw py::value_error(std::string("column '") + name + "' has " +
                            std::to_string(array_.size()) + " values, expected " +
                            std::to_string(rows));
    }
    kind_ = array_.dtype().kind();
    const bool supported = (kind_ == 'b' && array_.itemsize() == 1) ||
                           (kind_ == 'i' && array_.itemsize() == 8) ||
                           (kind_ == 'f' && array_.itemsize() == 8) || kind_ == 'O';
    if (!supported || !(array_.flags() & py::array::c_style)) {
      throw py::type_error(std::string("column '") + name +
                           "' must be a contiguous bool, int64, float64 or object array");
    }
  }

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] bool present() const noexcept { return kind_ != 0; }
  [[nodiscard]] bool holds_objects() const noexcept { return kind_ == 'O'; }

  // Text of an object cell; "" when missing. Non-text cells (numeric ids) are read with str().
  [[nodiscard]] std::string text(py::ssize_t row) const {
    if (!present()) return {};
    if (kind_ != 'O') return py::str(array_[py::int_(row)]).cast<std::string>();
    PyObject* cell = object_at(row);
    if (is_missing_object(cell)) return {};
    if (PyUnicode_Check(cell)) {
      Py_ssize_t size = 0;
      const char* utf8 = PyUnicode_AsUTF8AndSize(cell, &size);
      if (utf8 == nullptr) throw py::error_already_set();
      return std::string(utf8, static_cast<std::size_t>(size));
    }
    return py::str(cell).cast<std::string>();
  }

  // Day number of a date cell (int64 column), nullopt for NaT or an absent column.
  [[nodiscard]] std::optional<std::int64_t> day(py::ssize_t row) const {
    if (!present()) return std::nullopt;
    const std::int64_t value = static_cast<const std::int64_t*>(array_.data())[row];
    if (value == kNotATime) return std::nullopt;
    return value;
  }

  [[nodiscard]] NumberCell number(py::ssize_t row) const {
    switch (kind_) {
      case 0:
        return {};
      case 'b':
        return {static_cast<const bool*>(array_.data())[row] ? 1 : 0, std::nullopt};
      case 'i':
        return {static_cast<const std::int64_t*>(array_.data())[row], std::nullopt};
      case 'f':
        return from_double(static_cast<const double*>(array_.data())[row]);
      default:
        break;
    }
    PyObject* cell = object_at(row);
    if (is_missing_object(cell)) return {};
    if (PyBool_Check(cell)) return {cell == Py_True ? 1 : 0, std::nullopt};
    if (PyLong_Check(cell)) {
      int overflow = 0;
      const long long value = PyLong_AsLongLongAndOverflow(cell, &overflow);
      if (overflow != 0) return {std::nullopt, describe_object(cell) + " is too large"};
      return {static_cast<std::int64_t>(value), std::nullopt};
    }
    if (PyFloat_Check(cell)) return from_double(PyFloat_AS_DOUBLE(cell));
    // numpy scalars (numpy.int64, numpy.bool_) in an object array
    if (PyNumber_Check(cell) && !PyUnicode_Check(cell)) {
      const py::object as_float = py::reinterpret_steal<py::object>(PyNumber_Float(cell));
      if (as_float) return from_double(PyFloat_AS_DOUBLE(as_float.ptr()));
      PyErr_Clear();
    }
    return {std::nullopt, describe_object(cell) + " is not a number"};
  }

  // Text of an enum cell, nullopt when missing.
  [[nodiscard]] std::optional<std::string> key(py::ssize_t row) const {
    if (!present()) return std::nullopt;
    if (kind_ == 'O' && is_missing_object(object_at(row))) return std::nullopt;
    return text(row);
  }

 private:
  [[nodiscard]] PyObject* object_at(py::ssize_t row) const {
    return static_cast<PyObject* const*>(array_.data())[row];
  }

  static NumberCell from_double(double value) {
    if (std::isnan(value)) return {};
    if (value != std::floor(value) || std::fabs(value) > 9.0e15) {
      return {std::nullopt, std::to_string(value) + " is not a whole number"};
    }
    return {static_cast<std::int64_t>(value), std::nullopt};
  }

  std::string name_;
  py::array array_;
  char kind_ = 0;
};

// The columns of a dossier table, by DossierRecord field name.
struct DossierColumns {
  Column id, unit, field, procedure, channel, online_level, status, received, received_hour, due,
      processing_days, resolved, returned, digitised_dossier, digitised_result, electronic_result,
      fee_required, paid_online, reused_data, satisfaction;

  DossierColumns(const py::dict& c, py::ssize_t rows)
      : id(c, "id", rows),
        unit(c, "unit", rows),
        field(c, "field", rows),
        procedure(c, "procedure", rows),
        channel(c, "channel", rows),
        online_level(c, "online_level", rows),
        status(c, "status", rows),
        received(c, "received", rows),
        received_hour(c, "received_hour", rows),
        due(c, "due", rows),
        processing_days(c, "processing_days", rows),
        resolved(c, "resolved", rows),
        returned(c, "returned", rows),
        digitised_dossier(c, "digitised_dossier", rows),
        digitised_result(c, "digitised_result", rows),
        electronic_result(c, "electronic_result", rows),
        fee_required(c, "fee_required", rows),
        paid_online(c, "paid_online", rows),
        reused_data(c, "reused_data", rows),
        satisfaction(c, "satisfaction", rows) {}
};

// Date::rep is 32-bit: a day number beyond it cannot be a date of any record.
std::optional<Date> to_date(std::int64_t day, const Column& column,
                            std::optional<CellProblem>& problem) {
  if (day < std::numeric_limits<Date::rep>::min() || day > std::numeric_limits<Date::rep>::max()) {
    problem = CellProblem{column.name(), "day number " + std::to_string(day) + " is not a date"};
    return std::nullopt;
  }
  return Date::from_days(static_cast<Date::rep>(day));
}

std::optional<Date> optional_date(const Column& column, py::ssize_t row,
                                  std::optional<CellProblem>& problem) {
  const auto day = column.day(row);
  if (!day) return std::nullopt;
  return to_date(*day, column, problem);
}

std::optional<std::int64_t> optional_number(const Column& column, py::ssize_t row,
                                            std::optional<CellProblem>& problem) {
  NumberCell cell = column.number(row);
  if (cell.problem) problem = CellProblem{column.name(), std::move(*cell.problem)};
  return cell.value;
}

TriState tri_state(const Column& column, py::ssize_t row, std::optional<CellProblem>& problem) {
  if (column.holds_objects()) {
    // The text keys "yes" / "no" / "missing" are accepted as well as bool, 0/1 and missing.
    if (const auto text = column.key(row);
        text && (*text == "yes" || *text == "no" || *text == "missing")) {
      return *text == "yes" ? TriState::yes : *text == "no" ? TriState::no : TriState::missing;
    }
  }
  const NumberCell cell = column.number(row);
  if (cell.problem || (cell.value && *cell.value != 0 && *cell.value != 1)) {
    const std::string shown = cell.problem ? *cell.problem : std::to_string(*cell.value);
    problem = CellProblem{column.name(), "cannot read " + shown +
                                             " as yes/no (expected True/False, 1/0, "
                                             "\"yes\"/\"no\" or missing)"};
    return TriState::missing;
  }
  if (!cell.value) return TriState::missing;
  return *cell.value == 1 ? TriState::yes : TriState::no;
}

template <typename Enum>
Enum enum_cell(const Column& column, py::ssize_t row,
               std::optional<Enum> (*from_key)(std::string_view), std::optional<Enum> when_missing,
               const char* expected, std::optional<CellProblem>& problem) {
  const auto text = column.key(row);
  if (!text) {
    if (!when_missing)
      problem = CellProblem{column.name(), "missing (expected " + std::string(expected) + ")"};
    return when_missing.value_or(Enum{});
  }
  const auto value = from_key(*text);
  if (!value) {
    problem =
        CellProblem{column.name(), "unknown value '" + *text + "' (expected " + expected + ")"};
    return Enum{};
  }
  return *value;
}

// Reads row `row`; a cell that cannot be read leaves its problem in `problem` (the first one).
DossierRecord read_record(const DossierColumns& columns, py::ssize_t row,
                          std::optional<CellProblem>& problem) {
  DossierRecord record;
  std::optional<CellProblem> first;
  const auto keep_first = [&first](std::optional<CellProblem>& cell) {
    if (cell && !first) first = std::move(cell);
    cell.reset();
  };
  std::optional<CellProblem> cell;

  record.id = columns.id.text(row);
  record.unit = columns.unit.text(row);
  record.field = columns.field.text(row);
  record.procedure = columns.procedure.text(row);
  record.channel = enum_cell<Channel>(columns.channel, row, &channel_from_key, Channel::unknown,
                                      "online, in_person, postal or unknown", cell);
  keep_first(cell);
  record.online_level =
      enum_cell<OnlineLevel>(columns.online_level, row, &online_level_from_key,
                             OnlineLevel::unknown, "none, partial, full or unknown", cell);
  keep_first(cell);
  record.status = enum_cell<Status>(columns.status, row, &status_from_key, std::nullopt,
                                    "pending, resolved, refused or withdrawn", cell);
  keep_first(cell);

  if (const auto received = optional_date(columns.received, row, cell)) {
    record.received = *received;
  } else if (!cell) {
    cell = CellProblem{"received", "missing date of receipt"};
  }
  keep_first(cell);
  record.due = optional_date(columns.due, row, cell);
  keep_first(cell);
  record.resolved = optional_date(columns.resolved, row, cell);
  keep_first(cell);
  record.returned = optional_date(columns.returned, row, cell);
  keep_first(cell);

  if (const auto hour = optional_number(columns.received_hour, row, cell)) {
    if (*hour < 0 || *hour > 23) {
      cell = CellProblem{"received_hour", "hour " + std::to_string(*hour) + " is outside 0–23"};
    } else {
      record.received_hour = static_cast<int>(*hour);
    }
  }
  keep_first(cell);
  if (const auto days = optional_number(columns.processing_days, row, cell)) {
    if (*days < 0 || *days > 100000) {
      cell = CellProblem{"processing_days", "processing time " + std::to_string(*days) +
                                                " working days is outside 0–100000"};
    } else {
      record.processing_days = static_cast<std::int32_t>(*days);
    }
  }
  keep_first(cell);
  if (const auto rating = optional_number(columns.satisfaction, row, cell)) {
    if (*rating < 1 || *rating > 5) {
      cell = CellProblem{"satisfaction", "rating " + std::to_string(*rating) + " is outside 1–5"};
    } else {
      record.satisfaction = static_cast<std::uint8_t>(*rating);
    }
  }
  keep_first(cell);

  record.digitised_dossier = tri_state(columns.digitised_dossier, row, cell);
  keep_first(cell);
  record.digitised_result = tri_state(columns.digitised_result, row, cell);
  keep_first(cell);
  record.electronic_result = tri_state(columns.electronic_result, row, cell);
  keep_first(cell);
  record.fee_required = tri_state(columns.fee_required, row, cell);
  keep_first(cell);
  record.paid_online = tri_state(columns.paid_online, row, cell);
  keep_first(cell);
  record.reused_data = tri_state(columns.reused_data, row, cell);
  keep_first(cell);

  problem = std::move(first);
  return record;
}

cchc::calendar::DueDateRule due_date_rule(std::optional<int> afternoon_cutoff_hour,
                                          const std::string& pause_rule) {
  cchc::calendar::DueDateRule rule;
  rule.afternoon_cutoff_hour = afternoon_cutoff_hour;
  if (pause_rule == "restart") {
    rule.pause_rule = cchc::calendar::PauseRule::restart;
  } else if (pause_rule != "extend") {
    throw py::value_error("pause_rule must be 'extend' or 'restart', not '" + pause_rule + "'");
  }
  return rule;
}

// Rows in = rows accepted + rows rejected: a row whose cells cannot be read is rejected here,
// the others go through ingest(), whose rejections are mapped back to input positions.
IngestResult ingest_columns(const py::dict& columns, py::ssize_t rows, const WorkCalendar& calendar,
                            const cchc::calendar::DueDateRule& rule) {
  const DossierColumns table(columns, rows);
  std::vector<DossierRecord> readable;
  std::vector<std::size_t> position;  // input row of each readable record
  std::vector<RejectedRow> unreadable;
  readable.reserve(static_cast<std::size_t>(rows));
  position.reserve(static_cast<std::size_t>(rows));
  for (py::ssize_t row = 0; row < rows; ++row) {
    std::optional<CellProblem> problem;
    DossierRecord record = read_record(table, row, problem);
    if (problem) {
      unreadable.push_back(RejectedRow{static_cast<std::size_t>(row), std::move(record.id),
                                       std::move(problem->field), std::move(problem->reason)});
      continue;
    }
    readable.push_back(std::move(record));
    position.push_back(static_cast<std::size_t>(row));
  }

  IngestResult result;
  {
    py::gil_scoped_release release;
    result = ingest(readable, calendar, rule);
  }
  for (RejectedRow& rejected : result.rejected) rejected.row = position[rejected.row];
  // Both lists are in input order: merge them so that rejected rows stay in input order.
  std::vector<RejectedRow> merged;
  merged.reserve(unreadable.size() + result.rejected.size());
  std::size_t a = 0;
  std::size_t b = 0;
  while (a < unreadable.size() || b < result.rejected.size()) {
    const bool take_unreadable =
        b == result.rejected.size() ||
        (a < unreadable.size() && unreadable[a].row < result.rejected[b].row);
    merged.push_back(std::move(take_unreadable ? unreadable[a++] : result.rejected[b++]));
  }
  result.rejected = std::move(merged);
  result.rows_in = static_cast<std::size_t>(rows);
  return result;
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

// Counts per combination of group keys (count_by generalised to several keys, through the same
// classify() and accumulate()); without keys, one row: count(batch, window).
std::map<std::vector<std::string>, IndicatorCounts> count_groups(const DossierBatch& batch,
                                                                 const DataRange& window,
                                                                 const std::vector<GroupBy>& by,
                                                                 const ClassifyOptions& options) {
  std::map<std::vector<std::string>, IndicatorCounts> groups;
  if (by.empty()) {
    groups[{}] = count(batch, window, options);
    return groups;
  }
  std::vector<std::string> key(by.size());
  for (std::size_t row = 0; row < batch.size(); ++row) {
    for (std::size_t i = 0; i < by.size(); ++i) key[i] = group_value(batch, row, by[i]);
    accumulate(groups[key], batch, row, classify(batch, row, window, options));
  }
  return groups;
}

// The table as (group keys per row, {column: int64 array}): every count, then the numerator
// and denominator of every indicator. Values are left to Python, which marks n/0 as NA.
py::tuple count_table(const IngestResult& ingested, Date first, Date last,
                      const std::vector<std::string>& by_keys, const std::string& completion) {
  if (last < first) {
    throw py::value_error("the window ends (" + last.iso() + ") before it starts (" + first.iso() +
                          ")");
  }
  std::vector<GroupBy> by;
  for (const std::string& key : by_keys) by.push_back(group_by_from(key));
  const ClassifyOptions options = classify_options(completion);
  std::map<std::vector<std::string>, IndicatorCounts> groups;
  {
    py::gil_scoped_release release;
    groups = count_groups(ingested.batch, DataRange{first, last}, by, options);
  }

  const auto rows = static_cast<py::ssize_t>(groups.size());
  py::list keys;
  py::dict table;
  const auto add_column = [&](const std::string& name, auto&& value_of) {
    py::array_t<std::int64_t> column(rows);
    std::int64_t* out = column.mutable_data();
    for (const auto& [key, counts] : groups) *out++ = value_of(counts);
    table[py::str(name)] = column;
  };
  for (const auto& [key, counts] : groups) keys.append(py::cast(key));
  for (const CountColumn& column : kCountColumns) add_column(column.name, column.get);
  for (const IndicatorDefinition& definition : indicator_definitions()) {
    const std::string key(definition.key);
    add_column(key + "_numerator",
               [&](const IndicatorCounts& c) { return definition.compute(c).numerator; });
    add_column(key + "_denominator",
               [&](const IndicatorCounts& c) { return definition.compute(c).denominator; });
  }
  return py::make_tuple(keys, table);
}

py::dict rejected_columns(const IngestResult& ingested) {
  const auto size = static_cast<py::ssize_t>(ingested.rejected.size());
  py::array_t<std::int64_t> row(size);
  py::list id;
  py::list field;
  py::list reason;
  std::int64_t* out = row.mutable_data();
  for (const RejectedRow& rejected : ingested.rejected) {
    *out++ = static_cast<std::int64_t>(rejected.row);
    id.append(rejected.id);
    field.append(rejected.field);
    reason.append(rejected.reason);
  }
  py::dict columns;
  columns["row"] = row;
  columns["id"] = id;
  columns["field"] = field;
  columns["reason"] = reason;
  return columns;
}

}  // namespace

void bind_dossier(py::module_& module) {
  py::class_<IngestResult>(module, "IngestResult")
      .def_readonly("rows_in", &IngestResult::rows_in)
      .def_property_readonly("rows_accepted",
                             [](const IngestResult& result) { return result.batch.size(); })
      .def_property_readonly("rows_rejected",
                             [](const IngestResult& result) { return result.rejected.size(); })
      .def("rejected_columns", &rejected_columns)
      .def("count_table", &count_table, py::arg("first"), py::arg("last"),
           py::arg("by") = std::vector<std::string>{}, py::arg("completion") = "resolved");

  module.def(
      "ingest_columns",
      [](const py::dict& columns, py::ssize_t rows, const WorkCalendar& calendar,
         std::optional<int> afternoon_cutoff_hour, const std::string& pause_rule, bool raise,
         const std::string& source) {
        IngestResult result = ingest_columns(columns, rows, calendar,
                                             due_date_rule(afternoon_cutoff_hour, pause_rule));
        if (raise && !result.rejected.empty()) {
          const RejectedRow& first = result.rejected.front();
          throw cchc::ParseError(source, first.row + 1, first.field, first.reason);
        }
        return result;
      },
      py::arg("columns"), py::arg("rows"), py::arg("calendar"),
      py::arg("afternoon_cutoff_hour") = py::none(), py::arg("pause_rule") = "extend",
      py::arg("raise_on_error") = false, py::arg("source") = "<columns>");

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
  module.def("count_columns", [] {
    std::vector<std::string> names;
    for (const CountColumn& column : kCountColumns) names.emplace_back(column.name);
    return names;
  });
}
