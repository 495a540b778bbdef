// Bindings of cchc/io and the dossier vocabulary: the CSV dossier reader (columnar, straight
// into the table), text columns (Parquet read by pyarrow) through the row reader, and the
// vocabulary applied to lists of distinct values for DataFrames. The Python face is
// python/cchc/io.py.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "cchc/dossier/record.hpp"
#include "cchc/dossier/vocabulary.hpp"
#include "cchc/io/dossier_csv.hpp"
#include "cchc/io/dossier_table.hpp"
#include "dossier_table.hpp"

namespace py = pybind11;
using cchc::calendar::WorkCalendar;
using namespace cchc::io;
using namespace cchc::dossier;

namespace {

// The user's {field: header} on top of the default mapping: the named column is the only
// source of its field.
ColumnMapping mapping_with(const std::optional<std::map<std::string, std::string>>& columns) {
  ColumnMapping mapping = ColumnMapping::defaults();
  if (columns) {
    for (const auto& [field, header] : *columns) {
      try {
        mapping.add(header, field, /*exclusive=*/true);
      } catch (const cchc::Error& error) {
        throw py::value_error(error.what());
      }
    }
  }
  return mapping;
}

char delimiter_of(const std::string& delimiter) {
  if (delimiter.size() != 1) {
    throw py::value_error("the delimiter must be one character (',', ';', '\\t', …), not '" +
                          delimiter + "'");
  }
  return delimiter[0];
}

// {columns, blank_rows, unmatched_pause_ids} of a file read.
py::dict read_info(const std::vector<ColumnUse>& uses, std::size_t blank_rows,
                   const std::vector<std::string>& unmatched_pause_ids) {
  py::list columns;
  for (const ColumnUse& use : uses) {
    py::dict column;
    column["header"] = use.header;
    column["field"] = use.field;
    column["note"] = use.note;
    columns.append(column);
  }
  py::dict info;
  info["columns"] = columns;
  info["blank_rows"] = blank_rows;
  info["unmatched_pause_ids"] = unmatched_pause_ids;
  return info;
}

// The CSV reader gives the columnar table itself.
py::tuple to_python(DossierCsvTable&& result) {
  py::dict info = read_info(result.columns, result.blank_rows, result.unmatched_pause_ids);
  auto table = std::make_shared<NativeTable>();
  table->ingested = std::move(result.ingested);
  return py::make_tuple(py::cast(table), info);
}

// (Table, {columns, blank_rows, unmatched_pause_ids}) for Python: the accepted rows become the
// same columnar table that column ingestion gives, so every cchc.Dossiers method works on them.
py::tuple to_python(DossierReadResult&& result) {
  py::list columns;
  for (const ColumnUse& use : result.columns) {
    py::dict column;
    column["header"] = use.header;
    column["field"] = use.field;
    column["note"] = use.note;
    columns.append(column);
  }
  py::dict info;
  info["columns"] = columns;
  info["blank_rows"] = result.blank_rows;
  info["unmatched_pause_ids"] = result.unmatched_pause_ids;
  auto table = std::make_shared<NativeTable>();
  table->ingested.table = cchc::dossier::to_table(result.ingested.batch);
  table->ingested.rejected = std::move(result.ingested.rejected);
  table->ingested.rows_in = result.ingested.rows_in;
  return py::make_tuple(py::cast(table), info);
}

DossierTableOptions table_options(const std::optional<std::map<std::string, std::string>>& columns,
                                  bool fail_fast, bool reject_duplicate_ids,
                                  std::optional<int> afternoon_cutoff_hour,
                                  const std::string& pause_rule, const PauseTable* pauses) {
  DossierTableOptions options;
  options.columns = mapping_with(columns);
  options.fail_on_first_bad_row = fail_fast;
  options.reject_duplicate_ids = reject_duplicate_ids;
  options.rule = due_date_rule(afternoon_cutoff_hour, pause_rule);
  options.pauses = pauses;
  return options;
}

// Cell text of a Python value: None is blank; str as is; other values through str().
std::string cell_text(PyObject* cell) {
  if (cell == Py_None) return {};
  if (PyUnicode_Check(cell)) {
    Py_ssize_t size = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(cell, &size);
    if (utf8 == nullptr) throw py::error_already_set();
    return std::string(utf8, static_cast<std::size_t>(size));
  }
  if (PyFloat_Check(cell) && PyFloat_AS_DOUBLE(cell) != PyFloat_AS_DOUBLE(cell)) return {};  // NaN
  return py::str(cell).cast<std::string>();
}

// Applies a vocabulary function to each value: (values or None, error or None) lists.
template <typename T, typename Convert>
py::tuple parse_each(const std::vector<std::optional<std::string>>& values,
                     Parsed<T> (*parse)(std::string_view), Convert&& convert) {
  py::list parsed;
  py::list errors;
  for (const auto& value : values) {
    if (!value || is_blank(*value)) {
      parsed.append(py::none());
      errors.append(py::none());
      continue;
    }
    const Parsed<T> result = parse(*value);
    if (result.ok()) {
      parsed.append(convert(*result.value));
      errors.append(py::none());
    } else {
      parsed.append(py::none());
      errors.append(result.error);
    }
  }
  return py::make_tuple(parsed, errors);
}

}  // namespace

void bind_io(py::module_& module) {
  module.def(
      "read_dossiers_csv",
      [](const std::string& path, const WorkCalendar& calendar,
         const std::optional<std::map<std::string, std::string>>& columns,
         const std::string& delimiter, bool fail_fast, bool reject_duplicate_ids,
         std::optional<int> afternoon_cutoff_hour, const std::string& pause_rule,
         const std::optional<std::string>& pauses_path, std::size_t max_record_bytes) {
        DossierCsvOptions options;
        options.delimiter = delimiter_of(delimiter);
        options.max_record_bytes = max_record_bytes;
        options.table = table_options(columns, fail_fast, reject_duplicate_ids,
                                      afternoon_cutoff_hour, pause_rule, nullptr);
        DossierCsvTable result;
        {
          py::gil_scoped_release release;
          PauseTable pauses;
          if (pauses_path) {
            pauses = read_pause_csv(*pauses_path, options.delimiter);
            options.table.pauses = &pauses;
          }
          result = read_dossier_csv_table(path, calendar, options);
        }
        return to_python(std::move(result));
      },
      py::arg("path"), py::arg("calendar"), py::arg("columns") = py::none(),
      py::arg("delimiter") = ",", py::arg("fail_fast") = false,
      py::arg("reject_duplicate_ids") = true, py::arg("afternoon_cutoff_hour") = py::none(),
      py::arg("pause_rule") = "extend", py::arg("pauses_path") = py::none(),
      py::arg("max_record_bytes") = DossierCsvOptions{}.max_record_bytes);

  module.def(
      "ingest_text_columns",
      [](const std::vector<std::string>& header, const py::list& columns, std::size_t rows,
         const std::string& source, const WorkCalendar& calendar,
         const std::optional<std::map<std::string, std::string>>& column_mapping, bool fail_fast,
         bool reject_duplicate_ids, std::optional<int> afternoon_cutoff_hour,
         const std::string& pause_rule) {
        if (columns.size() != header.size()) {
          throw py::value_error("one column of cells per header name is needed");
        }
        std::vector<py::list> cells_of;
        for (const py::handle column : columns) {
          if (!py::isinstance<py::list>(column)) {
            throw py::type_error("each column of cells must be a list (str or None per cell)");
          }
          cells_of.push_back(py::reinterpret_borrow<py::list>(column));
          if (cells_of.back().size() != rows) {
            throw py::value_error("every column must have " + std::to_string(rows) + " cells");
          }
        }
        // Row numbers are 0-based positions (as DataFrame.iloc); errors say the 1-based row.
        DossierTableReader reader(header, source, calendar,
                                  table_options(column_mapping, fail_fast, reject_duplicate_ids,
                                                afternoon_cutoff_hour, pause_rule, nullptr),
                                  0, 1, "row");
        std::vector<std::string> cells(header.size());
        for (std::size_t row = 0; row < rows; ++row) {
          for (std::size_t column = 0; column < cells.size(); ++column) {
            cells[column] =
                cell_text(PyList_GET_ITEM(cells_of[column].ptr(), static_cast<Py_ssize_t>(row)));
          }
          reader.add_row(row, std::span<const std::string>(cells));
        }
        return to_python(reader.finish());
      },
      py::arg("header"), py::arg("columns"), py::arg("rows"), py::arg("source"),
      py::arg("calendar"), py::arg("column_mapping") = py::none(), py::arg("fail_fast") = false,
      py::arg("reject_duplicate_ids") = true, py::arg("afternoon_cutoff_hour") = py::none(),
      py::arg("pause_rule") = "extend");

  module.def(
      "map_headers",
      [](const std::vector<std::string>& headers,
         const std::optional<std::map<std::string, std::string>>& columns) {
        const ColumnMapping mapping = mapping_with(columns);
        std::vector<std::optional<std::string>> fields;
        for (const std::string& header : headers) {
          const auto field = mapping.field_of(header);
          fields.push_back(field ? std::optional<std::string>(*field) : std::nullopt);
        }
        return fields;
      },
      py::arg("headers"), py::arg("columns") = py::none());

  module.def("record_fields", [] {
    std::vector<std::string> fields;
    for (const std::string_view field : record_fields()) fields.emplace_back(field);
    return fields;
  });

  module.def(
      "parse_values",
      [](const std::string& kind, const std::vector<std::optional<std::string>>& values) {
        if (kind == "channel") {
          return parse_each(values, &parse_channel,
                            [](Channel value) { return py::str(std::string(channel_key(value))); });
        }
        if (kind == "online_level") {
          return parse_each(values, &parse_online_level, [](OnlineLevel value) {
            return py::str(std::string(online_level_key(value)));
          });
        }
        if (kind == "status") {
          return parse_each(values, &parse_status,
                            [](Status value) { return py::str(std::string(status_key(value))); });
        }
        if (kind == "yes_no") {
          return parse_each(values, &parse_yes_no, [](TriState value) -> py::object {
            if (value == TriState::missing) return py::none();
            return py::bool_(value == TriState::yes);
          });
        }
        if (kind == "satisfaction") {
          return parse_each(values, &parse_satisfaction,
                            [](std::uint8_t value) { return py::int_(value); });
        }
        if (kind == "working_days") {
          return parse_each(values, &parse_working_days,
                            [](std::int32_t value) { return py::int_(value); });
        }
        if (kind == "hour") {
          return parse_each(values, &parse_hour, [](int value) { return py::int_(value); });
        }
        if (kind == "date") {
          // (day number since 1970-01-01, hour or None)
          return parse_each(values, &parse_date_time, [](const DateTime& value) {
            return py::make_tuple(value.date.days_since_epoch(),
                                  value.hour ? py::object(py::int_(*value.hour)) : py::none());
          });
        }
        throw py::value_error("unknown kind '" + kind +
                              "' (expected channel, online_level, status, yes_no, satisfaction, "
                              "working_days, hour or date)");
      },
      py::arg("kind"), py::arg("values"));
}
