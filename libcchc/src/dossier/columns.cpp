#include "cchc/dossier/columns.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "cchc/error.hpp"
#include "cchc/text/unicode.hpp"

namespace cchc::dossier {
namespace {

// An explicit count is honoured (up to one thread per row); the default uses every core, but
// not below ~64 k rows per thread, where starting a thread costs more than it saves.
unsigned thread_count(unsigned requested, std::size_t rows) {
  if (requested != 0) {
    return static_cast<unsigned>(std::clamp<std::size_t>(rows, 1, requested));
  }
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const std::size_t useful = std::max<std::size_t>(1, rows / 65536);
  return static_cast<unsigned>(std::min<std::size_t>(cores, useful));
}

// Runs work(chunk, begin, end) on `threads` contiguous chunks of [0, rows), the first chunk on
// the calling thread, and rethrows the first exception (by chunk order).
template <typename Work>
void run_chunks(std::size_t rows, unsigned threads, Work&& work) {
  std::vector<std::exception_ptr> errors(threads);
  const auto run = [&](unsigned chunk) {
    const std::size_t begin = rows * chunk / threads;
    const std::size_t end = rows * (chunk + 1) / threads;
    try {
      work(chunk, begin, end);
    } catch (...) {
      errors[chunk] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned chunk = 1; chunk < threads; ++chunk) pool.emplace_back(run, chunk);
  run(0);
  for (std::thread& thread : pool) thread.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

// ---- Reading the views ------------------------------------------------------------------

bool present(const CodeColumnView& column) noexcept {
  return column.data != nullptr;
}

// The code of `row`, or -1 when missing.
std::int64_t code_at(const CodeColumnView& column, std::size_t row) noexcept {
  if (column.missing != nullptr && column.missing[row] != 0) return -1;
  std::int64_t code = 0;
  switch (column.width) {
    case 1:
      code = static_cast<const std::int8_t*>(column.data)[row];
      break;
    case 2:
      code = static_cast<const std::int16_t*>(column.data)[row];
      break;
    case 4:
      code = static_cast<const std::int32_t*>(column.data)[row];
      break;
    default:
      code = static_cast<const std::int64_t*>(column.data)[row];
      break;
  }
  return code < 0 ? -1 : code;
}

void check_width(const CodeColumnView& column, const char* name) {
  if (present(column) && column.width != 1 && column.width != 2 && column.width != 4 &&
      column.width != 8) {
    throw std::invalid_argument(std::string("column '") + name + "': code width " +
                                std::to_string(column.width) + " is not 1, 2, 4 or 8 bytes");
  }
}

std::int64_t ticks_per_day(DateUnit unit) noexcept {
  switch (unit) {
    case DateUnit::days32:
    case DateUnit::days:
      return 1;
    case DateUnit::seconds:
      return 86400;
    case DateUnit::milliseconds:
      return 86400LL * 1000;
    case DateUnit::microseconds:
      return 86400LL * 1000 * 1000;
    case DateUnit::nanoseconds:
      break;
  }
  return 86400LL * 1000 * 1000 * 1000;
}

// A problem found while reading a row: the field and why (the message is built only then).
struct ReadProblem {
  std::string field;
  std::string reason;
  RejectionCode code{};
};

ReadProblem coded_problem(std::string field, RejectionCode code) {
  std::string reason = english(code);
  return ReadProblem{std::move(field), std::move(reason), std::move(code)};
}

// Day of `row`: nullopt when missing; a value beyond int32 days sets `problem`.
std::optional<std::int32_t> day_at(const DateColumnView& column, std::int64_t per_day,
                                   std::size_t row, const char* name,
                                   std::optional<ReadProblem>& problem) {
  if (column.data == nullptr || (column.missing != nullptr && column.missing[row] != 0)) {
    return std::nullopt;
  }
  if (column.unit == DateUnit::days32) {
    const std::int32_t day = static_cast<const std::int32_t*>(column.data)[row];
    if (day == kMissingDay) return std::nullopt;
    return day;
  }
  const std::int64_t value = static_cast<const std::int64_t*>(column.data)[row];
  if (value == std::numeric_limits<std::int64_t>::min()) return std::nullopt;  // NaT
  std::int64_t day = value / per_day;
  if (value % per_day < 0) --day;  // floor: 1969-12-31T12:00 is day -1
  if (day <= kMissingDay || day > std::numeric_limits<std::int32_t>::max()) {
    problem = ReadProblem{name, "value " + std::to_string(value) + " is not a date"};
    return std::nullopt;
  }
  return static_cast<std::int32_t>(day);
}

// A whole number of `row`: nullopt when missing; a fraction sets `problem`.
std::optional<std::int64_t> number_at(const NumberColumnView& column, std::size_t row,
                                      const char* name, std::optional<ReadProblem>& problem) {
  if (column.data == nullptr || (column.missing != nullptr && column.missing[row] != 0)) {
    return std::nullopt;
  }
  if (!column.is_float) return static_cast<const std::int64_t*>(column.data)[row];
  const double value = static_cast<const double*>(column.data)[row];
  if (std::isnan(value)) return std::nullopt;
  if (value != std::floor(value) || std::fabs(value) > 9.0e15) {
    problem = ReadProblem{name, std::to_string(value) + " is not a whole number"};
    return std::nullopt;
  }
  return static_cast<std::int64_t>(value);
}

// The enum value of `row` (a code looked up in `values`): nullopt when missing.
std::optional<std::int16_t> enum_at(const EnumColumnView& column, std::size_t row, const char* name,
                                    std::optional<ReadProblem>& problem) {
  if (!present(column.codes)) return std::nullopt;
  const std::int64_t code = code_at(column.codes, row);
  if (code < 0) return std::nullopt;
  if (static_cast<std::uint64_t>(code) >= column.values.size() ||
      column.values[static_cast<std::size_t>(code)] == EnumColumnView::kInvalidCode) {
    problem = ReadProblem{name, "code " + std::to_string(code) + " is not a known value"};
    return std::nullopt;
  }
  return column.values[static_cast<std::size_t>(code)];
}

// Input code → table code for a group column: equal texts share one code and a missing cell is
// the empty text (added to the dictionary when needed).
struct GroupRemap {
  std::vector<std::int32_t> code;  // by input code
  std::int32_t missing = 0;
};

GroupRemap remap_group(const GroupColumnView& view, GroupColumn& out) {
  GroupRemap remap;
  if (!present(view.codes)) return remap;
  // Categories equal in NFC are one group: "Sở Tư pháp" precomposed and decomposed
  // (text/unicode.hpp).
  std::unordered_map<std::string, std::int32_t> seen;
  remap.code.reserve(view.dictionary.size());
  for (const std::string& text : view.dictionary) {
    std::string key = text::to_nfc(text);
    const auto [it, inserted] =
        seen.emplace(key, static_cast<std::int32_t>(out.dictionary.size()));
    if (inserted) out.dictionary.push_back(std::move(key));
    remap.code.push_back(it->second);
  }
  if (const auto it = seen.find(""); it != seen.end()) {
    remap.missing = it->second;
  } else {
    remap.missing = static_cast<std::int32_t>(out.dictionary.size());
    out.dictionary.emplace_back();
  }
  return remap;
}

// Dates of rows [begin, begin + n) as day numbers (kMissingDay when missing); a value that is
// no int32 day, or a missing one when `required`, flags its row.
void convert_dates(const DateColumnView& column, std::size_t begin, std::size_t n,
                   std::int32_t* out, std::uint8_t* bad, bool required) {
  if (column.data == nullptr) {
    std::fill(out, out + n, kMissingDay);
    if (required) std::fill(bad, bad + n, std::uint8_t{1});
    return;
  }
  const auto convert = [&](auto per_day) {
    const auto* values = static_cast<const std::int64_t*>(column.data) + begin;
    for (std::size_t i = 0; i < n; ++i) {
      const std::int64_t value = values[i];
      std::int64_t day = value / per_day;
      if (value % per_day < 0) --day;
      const bool nat = value == std::numeric_limits<std::int64_t>::min();
      const bool outside = day <= kMissingDay || day > std::numeric_limits<std::int32_t>::max();
      out[i] = nat || outside ? kMissingDay : static_cast<std::int32_t>(day);
      bad[i] |= static_cast<std::uint8_t>((!nat && outside) || (nat && required));
    }
  };
  switch (column.unit) {
    case DateUnit::days32: {
      const auto* values = static_cast<const std::int32_t*>(column.data) + begin;
      std::copy(values, values + n, out);
      if (required) {
        for (std::size_t i = 0; i < n; ++i)
          bad[i] |= static_cast<std::uint8_t>(out[i] == kMissingDay);
      }
      break;
    }
    case DateUnit::days:
      convert(std::integral_constant<std::int64_t, 1>{});
      break;
    case DateUnit::seconds:
      convert(std::integral_constant<std::int64_t, 86400>{});
      break;
    case DateUnit::milliseconds:
      convert(std::integral_constant<std::int64_t, 86400LL * 1000>{});
      break;
    case DateUnit::microseconds:
      convert(std::integral_constant<std::int64_t, 86400LL * 1000 * 1000>{});
      break;
    case DateUnit::nanoseconds:
      convert(std::integral_constant<std::int64_t, 86400LL * 1000 * 1000 * 1000>{});
      break;
  }
  if (column.missing != nullptr) {
    for (std::size_t i = 0; i < n; ++i) {
      if (column.missing[begin + i] != 0) {
        out[i] = kMissingDay;
        if (required) bad[i] = 1;
      }
    }
  }
}

// Calls work(codes) with the column's codes typed by their width.
template <typename Work>
void with_codes(const CodeColumnView& column, std::size_t begin, Work&& work) {
  switch (column.width) {
    case 1:
      work(static_cast<const std::int8_t*>(column.data) + begin);
      break;
    case 2:
      work(static_cast<const std::int16_t*>(column.data) + begin);
      break;
    case 4:
      work(static_cast<const std::int32_t*>(column.data) + begin);
      break;
    default:
      work(static_cast<const std::int64_t*>(column.data) + begin);
      break;
  }
}

// Enum values of rows [begin, begin + n): a missing code gives `when_missing` (and flags the
// row when `required`), a code without a value flags the row.
template <typename Enum>
void convert_enum(const EnumColumnView& column, std::size_t begin, std::size_t n, Enum* out,
                  Enum when_missing, bool required, std::uint8_t* bad) {
  if (!present(column.codes)) {
    std::fill(out, out + n, when_missing);
    if (required) std::fill(bad, bad + n, std::uint8_t{1});
    return;
  }
  const std::span<const std::int16_t> values = column.values;
  const std::uint8_t* missing = column.codes.missing;
  with_codes(column.codes, begin, [&](const auto* codes) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto code = static_cast<std::int64_t>(codes[i]);
      if (code < 0 || (missing != nullptr && missing[begin + i] != 0)) {
        out[i] = when_missing;
        bad[i] |= static_cast<std::uint8_t>(required);
      } else if (static_cast<std::uint64_t>(code) >= values.size() ||
                 values[static_cast<std::size_t>(code)] == EnumColumnView::kInvalidCode) {
        out[i] = when_missing;
        bad[i] = 1;
      } else {
        out[i] = static_cast<Enum>(values[static_cast<std::size_t>(code)]);
      }
    }
  });
}

// Table codes of a group column for rows [begin, begin + n); a code beyond the dictionary flags
// the row.
void convert_group(const GroupColumnView& column, const GroupRemap& remap, std::size_t begin,
                   std::size_t n, std::int32_t* out, std::uint8_t* bad) {
  const std::uint8_t* missing = column.codes.missing;
  with_codes(column.codes, begin, [&](const auto* codes) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto code = static_cast<std::int64_t>(codes[i]);
      if (code < 0 || (missing != nullptr && missing[begin + i] != 0)) {
        out[i] = remap.missing;
      } else if (static_cast<std::uint64_t>(code) >= remap.code.size()) {
        out[i] = 0;
        bad[i] = 1;
      } else {
        out[i] = remap.code[static_cast<std::size_t>(code)];
      }
    }
  });
}

// A whole number without building a message: a fraction sets `unreadable`.
inline std::optional<std::int64_t> whole_number(const NumberColumnView& column, std::size_t row,
                                                bool& unreadable) {
  if (column.data == nullptr || (column.missing != nullptr && column.missing[row] != 0)) {
    return std::nullopt;
  }
  if (!column.is_float) return static_cast<const std::int64_t*>(column.data)[row];
  const double value = static_cast<const double*>(column.data)[row];
  if (std::isnan(value)) return std::nullopt;
  if (value != std::floor(value) || std::fabs(value) > 9.0e15) {
    unreadable = true;
    return std::nullopt;
  }
  return static_cast<std::int64_t>(value);
}

// What one chunk of the ingestion found.
struct ChunkResult {
  std::vector<RejectedRow> rejected;
  std::int32_t first_received = std::numeric_limits<std::int32_t>::max();
  std::int32_t last_received = std::numeric_limits<std::int32_t>::min();
};

template <typename T>
void compact(Column<T>& column, const std::vector<RejectedRow>& rejected) {
  if (column.empty()) return;
  std::size_t write = 0;
  std::size_t read = 0;
  for (const RejectedRow& row : rejected) {
    const std::size_t keep = row.row - read;
    std::move(column.begin() + static_cast<std::ptrdiff_t>(read),
              column.begin() + static_cast<std::ptrdiff_t>(row.row),
              column.begin() + static_cast<std::ptrdiff_t>(write));
    write += keep;
    read = row.row + 1;
  }
  std::move(column.begin() + static_cast<std::ptrdiff_t>(read), column.end(),
            column.begin() + static_cast<std::ptrdiff_t>(write));
  column.resize(write + (column.size() - read));
}

}  // namespace

TableIngest ingest_columns(const DossierColumnsView& columns,
                           const calendar::WorkCalendar& calendar,
                           const calendar::DueDateRule& rule, const TableIngestOptions& options) {
  const std::size_t rows = columns.rows;
  for (const auto& [view, name] : {std::pair{&columns.unit.codes, "unit"},
                                   {&columns.field.codes, "field"},
                                   {&columns.procedure.codes, "procedure"},
                                   {&columns.channel.codes, "channel"},
                                   {&columns.online_level.codes, "online_level"},
                                   {&columns.status.codes, "status"},
                                   {&columns.digitised_dossier.codes, "digitised_dossier"},
                                   {&columns.digitised_result.codes, "digitised_result"},
                                   {&columns.electronic_result.codes, "electronic_result"},
                                   {&columns.fee_required.codes, "fee_required"},
                                   {&columns.paid_online.codes, "paid_online"},
                                   {&columns.reused_data.codes, "reused_data"}}) {
    check_width(*view, name);
  }

  TableIngest result;
  result.rows_in = rows;
  DossierTable& table = result.table;
  const GroupRemap unit_remap = remap_group(columns.unit, table.unit);
  const GroupRemap field_remap = remap_group(columns.field, table.field);
  const GroupRemap procedure_remap = remap_group(columns.procedure, table.procedure);

  // Output columns are written in place (row i at i) by every chunk, then compacted once.
  const auto size_if = [rows](auto& column, bool wanted) {
    if (wanted) column.resize(rows);
  };
  size_if(table.unit.codes, present(columns.unit.codes));
  size_if(table.field.codes, present(columns.field.codes));
  size_if(table.procedure.codes, present(columns.procedure.codes));
  size_if(table.received, true);
  size_if(table.due, true);
  size_if(table.resolved, columns.resolved.data != nullptr);
  size_if(table.returned, columns.returned.data != nullptr);
  size_if(table.status, true);
  size_if(table.channel, present(columns.channel.codes));
  size_if(table.online_level, present(columns.online_level.codes));
  size_if(table.digitised_dossier, present(columns.digitised_dossier.codes));
  size_if(table.digitised_result, present(columns.digitised_result.codes));
  size_if(table.electronic_result, present(columns.electronic_result.codes));
  size_if(table.fee_required, present(columns.fee_required.codes));
  size_if(table.paid_online, present(columns.paid_online.codes));
  size_if(table.reused_data, present(columns.reused_data.codes));
  size_if(table.satisfaction, columns.satisfaction.data != nullptr);

  // The caller's problems, by row (the first one given for a row wins).
  std::vector<const CellProblem*> problems;
  problems.reserve(columns.problems.size());
  for (const CellProblem& problem : columns.problems) {
    if (problem.row >= rows) {
      throw std::invalid_argument("cell problem at row " + std::to_string(problem.row) +
                                  " beyond the " + std::to_string(rows) + " rows");
    }
    problems.push_back(&problem);
  }
  std::stable_sort(problems.begin(), problems.end(),
                   [](const CellProblem* a, const CellProblem* b) { return a->row < b->row; });

  const std::int64_t received_per_day = ticks_per_day(columns.received.unit);
  const std::int64_t due_per_day = ticks_per_day(columns.due.unit);
  const std::int64_t resolved_per_day = ticks_per_day(columns.resolved.unit);
  const std::int64_t returned_per_day = ticks_per_day(columns.returned.unit);

  const unsigned threads = thread_count(options.threads, rows);
  std::vector<ChunkResult> chunks(threads);
  run_chunks(rows, threads, [&](unsigned chunk, std::size_t begin, std::size_t end) {
    ChunkResult& out = chunks[chunk];
    auto next_problem = std::lower_bound(
        problems.begin(), problems.end(), begin,
        [](const CellProblem* problem, std::size_t row) { return problem->row < row; });
    const auto reject = [&out](std::size_t row, std::string field, std::string reason,
                               RejectionCode code = {}) {
      out.rejected.push_back(
          RejectedRow{row, {}, std::move(field), std::move(reason), std::move(code)});
    };
    // Rows whose cells cannot be read or break a rule go through this: it reads the row cell
    // by cell, naming the field and the reason.
    const auto slow_row = [&](std::size_t row) {
      std::optional<ReadProblem> problem;
      const auto keep_first = [&problem](std::optional<ReadProblem>& cell) {
        if (cell && !problem) problem = std::move(cell);
        cell.reset();
      };
      std::optional<ReadProblem> cell;

      const auto channel = enum_at(columns.channel, row, "channel", cell);
      keep_first(cell);
      const auto level = enum_at(columns.online_level, row, "online_level", cell);
      keep_first(cell);
      const auto status = enum_at(columns.status, row, "status", cell);
      if (!status && !cell) {
        cell = coded_problem("status", {"row.status_missing", {}});
      }
      keep_first(cell);

      RowValues values;
      if (const auto day = day_at(columns.received, received_per_day, row, "received", cell)) {
        values.received = Date::from_days(*day);
      } else if (!cell) {
        cell = coded_problem("received", {"row.received_missing", {}});
      }
      keep_first(cell);
      const auto optional_date = [&](const DateColumnView& column, std::int64_t per_day,
                                     const char* name) -> std::optional<Date> {
        const auto day = day_at(column, per_day, row, name, cell);
        keep_first(cell);
        if (!day) return std::nullopt;
        return Date::from_days(*day);
      };
      values.due = optional_date(columns.due, due_per_day, "due");
      values.resolved = optional_date(columns.resolved, resolved_per_day, "resolved");
      values.returned = optional_date(columns.returned, returned_per_day, "returned");
      values.received_hour = number_at(columns.received_hour, row, "received_hour", cell);
      keep_first(cell);
      values.processing_days = number_at(columns.processing_days, row, "processing_days", cell);
      keep_first(cell);
      values.satisfaction = number_at(columns.satisfaction, row, "satisfaction", cell);
      keep_first(cell);
      const auto read_tri = [&](const EnumColumnView& column, const char* name) {
        const auto value = enum_at(column, row, name, cell);
        keep_first(cell);
        return value ? static_cast<TriState>(*value) : TriState::missing;
      };
      const TriState digitised_dossier = read_tri(columns.digitised_dossier, "digitised_dossier");
      const TriState digitised_result = read_tri(columns.digitised_result, "digitised_result");
      const TriState electronic_result = read_tri(columns.electronic_result, "electronic_result");
      const TriState fee_required = read_tri(columns.fee_required, "fee_required");
      const TriState paid_online = read_tri(columns.paid_online, "paid_online");
      const TriState reused_data = read_tri(columns.reused_data, "reused_data");

      // Group codes outside their dictionary.
      const auto group_code = [&](const GroupColumnView& view, const GroupRemap& remap,
                                  const char* name) -> std::int32_t {
        if (!present(view.codes)) return 0;
        const std::int64_t code = code_at(view.codes, row);
        if (code < 0) return remap.missing;
        if (static_cast<std::uint64_t>(code) >= remap.code.size()) {
          if (!problem) {
            problem = ReadProblem{name, "code " + std::to_string(code) + " is outside the " +
                                            std::to_string(remap.code.size()) +
                                            " values of the dictionary"};
          }
          return 0;
        }
        return remap.code[static_cast<std::size_t>(code)];
      };
      const std::int32_t unit = group_code(columns.unit, unit_remap, "unit");
      const std::int32_t field = group_code(columns.field, field_remap, "field");
      const std::int32_t procedure = group_code(columns.procedure, procedure_remap, "procedure");

      if (problem) {
        reject(row, std::move(problem->field), std::move(problem->reason),
               std::move(problem->code));
        return;
      }
      values.status = static_cast<Status>(*status);
      if (const RowRule broken = first_broken_rule(values); broken != RowRule::none) {
        RuleViolation violation = describe_rule(broken, values);
        reject(row, std::move(violation.field), std::move(violation.reason),
               std::move(violation.code));
        return;
      }
      Date due;
      if (values.due) {
        due = *values.due;
      } else {
        try {
          due = calendar::due_date(
              calendar, values.received, static_cast<std::int32_t>(*values.processing_days), {},
              values.received_hour ? std::optional<int>(static_cast<int>(*values.received_hour))
                                   : std::nullopt,
              rule);
        } catch (const Error& error) {
          ReadProblem reason =
              coded_problem("due", {"row.due_not_computable", {{"error", error.what()}}});
          reject(row, std::move(reason.field), std::move(reason.reason), std::move(reason.code));
          return;
        }
      }

      const std::int32_t received = values.received.days_since_epoch();
      out.first_received = std::min(out.first_received, received);
      out.last_received = std::max(out.last_received, received);
      table.received[row] = received;
      table.due[row] = due.days_since_epoch();
      if (!table.resolved.empty()) {
        table.resolved[row] = values.resolved ? values.resolved->days_since_epoch() : kMissingDay;
      }
      if (!table.returned.empty()) {
        table.returned[row] = values.returned ? values.returned->days_since_epoch() : kMissingDay;
      }
      table.status[row] = values.status;
      if (!table.channel.empty()) {
        table.channel[row] = channel ? static_cast<Channel>(*channel) : Channel::unknown;
      }
      if (!table.online_level.empty()) {
        table.online_level[row] = level ? static_cast<OnlineLevel>(*level) : OnlineLevel::unknown;
      }
      if (!table.unit.codes.empty()) table.unit.codes[row] = unit;
      if (!table.field.codes.empty()) table.field.codes[row] = field;
      if (!table.procedure.codes.empty()) table.procedure.codes[row] = procedure;
      if (!table.digitised_dossier.empty()) table.digitised_dossier[row] = digitised_dossier;
      if (!table.digitised_result.empty()) table.digitised_result[row] = digitised_result;
      if (!table.electronic_result.empty()) table.electronic_result[row] = electronic_result;
      if (!table.fee_required.empty()) table.fee_required[row] = fee_required;
      if (!table.paid_online.empty()) table.paid_online[row] = paid_online;
      if (!table.reused_data.empty()) table.reused_data[row] = reused_data;
      if (!table.satisfaction.empty()) {
        table.satisfaction[row] =
            values.satisfaction ? static_cast<std::uint8_t>(*values.satisfaction) : 0;
      }
    };

    // The fast path: each column of a block converted in a tight loop (dates to days, codes
    // through their lookup), then the rules on plain day numbers. A row with anything unusual
    // in a cell is flagged and goes through slow_row, which finds and names the problem.
    constexpr std::size_t kBlock = 2048;
    std::vector<std::uint8_t> bad(kBlock);
    std::vector<std::int32_t> resolved_block(kBlock);
    std::vector<std::int32_t> returned_block(kBlock);
    std::int32_t lowest = out.first_received;
    std::int32_t highest = out.last_received;
    for (std::size_t block = begin; block < end; block += kBlock) {
      const std::size_t n = std::min(kBlock, end - block);
      std::fill(bad.begin(), bad.begin() + static_cast<std::ptrdiff_t>(n), std::uint8_t{0});
      std::int32_t* received_days = table.received.data() + block;
      std::int32_t* due_days = table.due.data() + block;
      std::int32_t* resolved_days =
          table.resolved.empty() ? resolved_block.data() : table.resolved.data() + block;
      std::int32_t* returned_days =
          table.returned.empty() ? returned_block.data() : table.returned.data() + block;
      convert_dates(columns.received, block, n, received_days, bad.data(), true);
      convert_dates(columns.due, block, n, due_days, bad.data(), false);
      convert_dates(columns.resolved, block, n, resolved_days, bad.data(), false);
      convert_dates(columns.returned, block, n, returned_days, bad.data(), false);
      convert_enum(columns.status, block, n, table.status.data() + block, Status::pending, true,
                   bad.data());
      if (!table.channel.empty()) {
        convert_enum(columns.channel, block, n, table.channel.data() + block, Channel::unknown,
                     false, bad.data());
      }
      if (!table.online_level.empty()) {
        convert_enum(columns.online_level, block, n, table.online_level.data() + block,
                     OnlineLevel::unknown, false, bad.data());
      }
      for (const auto& [view, column] :
           {std::pair{&columns.digitised_dossier, &table.digitised_dossier},
            {&columns.digitised_result, &table.digitised_result},
            {&columns.electronic_result, &table.electronic_result},
            {&columns.fee_required, &table.fee_required},
            {&columns.paid_online, &table.paid_online},
            {&columns.reused_data, &table.reused_data}}) {
        if (!column->empty()) {
          convert_enum(*view, block, n, column->data() + block, TriState::missing, false,
                       bad.data());
        }
      }
      for (const auto& [view, remap, column] :
           {std::tuple{&columns.unit, &unit_remap, &table.unit.codes},
            {&columns.field, &field_remap, &table.field.codes},
            {&columns.procedure, &procedure_remap, &table.procedure.codes}}) {
        if (!column->empty())
          convert_group(*view, *remap, block, n, column->data() + block, bad.data());
      }

      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t row = block + i;
        if (next_problem != problems.end() && (*next_problem)->row == row) {
          reject(row, (*next_problem)->field, (*next_problem)->reason);
          while (next_problem != problems.end() && (*next_problem)->row == row) ++next_problem;
          continue;
        }
        RowValues values;
        bool unreadable = bad[i] != 0;
        values.received_hour = whole_number(columns.received_hour, row, unreadable);
        values.processing_days = whole_number(columns.processing_days, row, unreadable);
        values.satisfaction = whole_number(columns.satisfaction, row, unreadable);
        if (unreadable) {
          slow_row(row);
          continue;
        }
        values.received = Date::from_days(received_days[i]);
        if (due_days[i] != kMissingDay) values.due = Date::from_days(due_days[i]);
        if (resolved_days[i] != kMissingDay) values.resolved = Date::from_days(resolved_days[i]);
        if (returned_days[i] != kMissingDay) values.returned = Date::from_days(returned_days[i]);
        values.status = table.status[row];
        if (first_broken_rule(values) != RowRule::none || !values.due) {
          slow_row(row);  // names the rule, or computes the due date
          continue;
        }
        lowest = std::min(lowest, received_days[i]);
        highest = std::max(highest, received_days[i]);
        if (!table.satisfaction.empty()) {
          table.satisfaction[row] =
              values.satisfaction ? static_cast<std::uint8_t>(*values.satisfaction) : 0;
        }
      }
    }
    out.first_received = std::min(out.first_received, lowest);
    out.last_received = std::max(out.last_received, highest);
  });

  std::int32_t first_received = std::numeric_limits<std::int32_t>::max();
  std::int32_t last_received = std::numeric_limits<std::int32_t>::min();
  for (ChunkResult& chunk : chunks) {
    first_received = std::min(first_received, chunk.first_received);
    last_received = std::max(last_received, chunk.last_received);
    for (RejectedRow& row : chunk.rejected) result.rejected.push_back(std::move(row));
  }
  if (options.fail_on_first_bad_row && !result.rejected.empty()) {
    const RejectedRow& first = result.rejected.front();
    throw ParseError(options.source, first.row + 1, first.field, first.reason);
  }
  if (!result.rejected.empty()) {
    compact(table.unit.codes, result.rejected);
    compact(table.field.codes, result.rejected);
    compact(table.procedure.codes, result.rejected);
    compact(table.received, result.rejected);
    compact(table.due, result.rejected);
    compact(table.resolved, result.rejected);
    compact(table.returned, result.rejected);
    compact(table.status, result.rejected);
    compact(table.channel, result.rejected);
    compact(table.online_level, result.rejected);
    compact(table.digitised_dossier, result.rejected);
    compact(table.digitised_result, result.rejected);
    compact(table.electronic_result, result.rejected);
    compact(table.fee_required, result.rejected);
    compact(table.paid_online, result.rejected);
    compact(table.reused_data, result.rejected);
    compact(table.satisfaction, result.rejected);
  }
  table.rows = rows - result.rejected.size();
  if (table.rows != 0) {
    table.first_received = first_received;
    table.last_received = last_received;
  }
  return result;
}

DossierTable to_table(const DossierBatch& batch) {
  DossierTable table;
  const std::size_t rows = batch.size();
  table.rows = rows;
  const auto encode = [rows](const std::vector<std::string>& texts, GroupColumn& out) {
    std::unordered_map<std::string_view, std::int32_t> codes;
    out.codes.resize(rows);
    for (std::size_t row = 0; row < rows; ++row) {
      const auto [it, inserted] =
          codes.emplace(texts[row], static_cast<std::int32_t>(out.dictionary.size()));
      if (inserted) out.dictionary.push_back(texts[row]);
      out.codes[row] = it->second;
    }
  };
  encode(batch.unit, table.unit);
  encode(batch.field, table.field);
  encode(batch.procedure, table.procedure);
  const auto day = [](const std::optional<Date>& date) {
    return date ? date->days_since_epoch() : kMissingDay;
  };
  table.received.reserve(rows);
  table.due.reserve(rows);
  table.resolved.reserve(rows);
  table.returned.reserve(rows);
  table.satisfaction.reserve(rows);
  for (std::size_t row = 0; row < rows; ++row) {
    table.received.push_back(batch.received[row].days_since_epoch());
    table.due.push_back(batch.due[row].days_since_epoch());
    table.resolved.push_back(day(batch.resolved[row]));
    table.returned.push_back(day(batch.returned[row]));
    table.satisfaction.push_back(batch.satisfaction[row].value_or(0));
  }
  table.status.assign(batch.status.begin(), batch.status.end());
  table.channel.assign(batch.channel.begin(), batch.channel.end());
  table.online_level.assign(batch.online_level.begin(), batch.online_level.end());
  table.digitised_dossier.assign(batch.digitised_dossier.begin(), batch.digitised_dossier.end());
  table.digitised_result.assign(batch.digitised_result.begin(), batch.digitised_result.end());
  table.electronic_result.assign(batch.electronic_result.begin(), batch.electronic_result.end());
  table.fee_required.assign(batch.fee_required.begin(), batch.fee_required.end());
  table.paid_online.assign(batch.paid_online.begin(), batch.paid_online.end());
  table.reused_data.assign(batch.reused_data.begin(), batch.reused_data.end());
  if (rows != 0) {
    const auto [lowest, highest] =
        std::minmax_element(table.received.begin(), table.received.end());
    table.first_received = *lowest;
    table.last_received = *highest;
  }
  return table;
}

// ---- Grouped counts ---------------------------------------------------------------------

namespace {

// The fact columns of a table as raw pointers (nullptr when absent), read per row by
// add_classified through at(row).
struct TableFacts {
  const Channel* channel;
  const OnlineLevel* online_level;
  const TriState *digitised_dossier, *digitised_result, *electronic_result, *fee_required,
      *paid_online, *reused_data;
  const std::uint8_t* satisfaction;

  template <typename T>
  static const T* pointer(const Column<T>& column) {
    return column.empty() ? nullptr : column.data();
  }
  explicit TableFacts(const DossierTable& table)
      : channel(pointer(table.channel)),
        online_level(pointer(table.online_level)),
        digitised_dossier(pointer(table.digitised_dossier)),
        digitised_result(pointer(table.digitised_result)),
        electronic_result(pointer(table.electronic_result)),
        fee_required(pointer(table.fee_required)),
        paid_online(pointer(table.paid_online)),
        reused_data(pointer(table.reused_data)),
        satisfaction(pointer(table.satisfaction)) {}

  struct Row {
    const TableFacts& facts;
    std::size_t row;

    static TriState tri(const TriState* column, std::size_t row) {
      return column == nullptr ? TriState::missing : column[row];
    }
    [[nodiscard]] Channel channel() const {
      return facts.channel == nullptr ? Channel::unknown : facts.channel[row];
    }
    [[nodiscard]] OnlineLevel online_level() const {
      return facts.online_level == nullptr ? OnlineLevel::unknown : facts.online_level[row];
    }
    [[nodiscard]] TriState digitised_dossier() const { return tri(facts.digitised_dossier, row); }
    [[nodiscard]] TriState digitised_result() const { return tri(facts.digitised_result, row); }
    [[nodiscard]] TriState electronic_result() const { return tri(facts.electronic_result, row); }
    [[nodiscard]] TriState fee_required() const { return tri(facts.fee_required, row); }
    [[nodiscard]] TriState paid_online() const { return tri(facts.paid_online, row); }
    [[nodiscard]] TriState reused_data() const { return tri(facts.reused_data, row); }
    [[nodiscard]] std::uint8_t satisfaction() const {
      return facts.satisfaction == nullptr ? 0 : facts.satisfaction[row];
    }
  };
  [[nodiscard]] Row at(std::size_t row) const { return Row{*this, row}; }
};

// One grouping column: where its codes are and how many there can be.
struct GroupKey {
  const std::int32_t* codes = nullptr;  // unit / field / procedure; nullptr: absent or channel
  const Channel* channel = nullptr;     // channel
  std::size_t cardinality = 1;
  std::vector<std::string> labels;

  [[nodiscard]] std::size_t code(std::size_t row) const noexcept {
    if (codes != nullptr) return static_cast<std::size_t>(codes[row]);
    if (channel != nullptr) return static_cast<std::size_t>(channel[row]);
    return 0;
  }
};

GroupKey group_key(const DossierTable& table, GroupBy by) {
  GroupKey key;
  const GroupColumn* column = nullptr;
  switch (by) {
    case GroupBy::unit:
      column = &table.unit;
      break;
    case GroupBy::field:
      column = &table.field;
      break;
    case GroupBy::procedure:
      column = &table.procedure;
      break;
    case GroupBy::channel:
      for (std::uint8_t value = 0; value < 4; ++value) {
        key.labels.emplace_back(channel_key(static_cast<Channel>(value)));
      }
      key.cardinality = key.labels.size();
      if (!table.channel.empty()) {
        key.channel = table.channel.data();
      } else {
        key.labels = {std::string(channel_key(Channel::unknown))};
        key.cardinality = 1;
      }
      return key;
  }
  if (column->codes.empty()) {
    key.labels = {""};
    return key;
  }
  key.codes = column->codes.data();
  key.labels = column->dictionary;
  key.cardinality = std::max<std::size_t>(1, key.labels.size());
  return key;
}

// Day → window index over the windows' span; -1 before the first window, P after the last.
class WindowLookup {
 public:
  explicit WindowLookup(std::span<const calendar::DataRange> windows)
      : count_(static_cast<std::int32_t>(windows.size())) {
    if (windows.empty()) throw std::invalid_argument("count_grouped: no window to count in");
    for (std::size_t i = 0; i < windows.size(); ++i) {
      if (windows[i].last < windows[i].first) {
        throw std::invalid_argument("count_grouped: window " + std::to_string(i + 1) + " ends (" +
                                    windows[i].last.iso() + ") before it starts (" +
                                    windows[i].first.iso() + ")");
      }
      if (i > 0 && windows[i].first != windows[i - 1].last + 1) {
        throw std::invalid_argument("count_grouped: window " + std::to_string(i + 1) +
                                    " does not start the day after window " + std::to_string(i) +
                                    " ends");
      }
    }
    first_ = windows.front().first.days_since_epoch();
    last_ = windows.back().last.days_since_epoch();
    const std::int64_t span = std::int64_t{last_} - first_ + 1;
    if (span > (std::int64_t{1} << 24)) {
      throw std::invalid_argument("count_grouped: the windows span more than 2^24 days");
    }
    table_.resize(static_cast<std::size_t>(span));
    for (std::size_t i = 0; i < windows.size(); ++i) {
      std::fill(table_.begin() + (windows[i].first.days_since_epoch() - first_),
                table_.begin() + (windows[i].last.days_since_epoch() - first_ + 1),
                static_cast<std::int32_t>(i));
    }
  }

  [[nodiscard]] std::int32_t operator()(std::int32_t day) const noexcept {
    if (day < first_) return -1;
    if (day > last_) return count_;
    return table_[static_cast<std::size_t>(day - first_)];
  }

 private:
  std::int32_t count_;
  std::int32_t first_ = 0;
  std::int32_t last_ = 0;
  std::vector<std::int32_t> table_;
};

// One thread's accumulators: a count struct per (group, window), and per group how many rows
// were received / closed in each window bucket (-1 = before the first, P = after the last;
// the kernel fills the outer buckets, the cells give the inner ones), from which the
// not-in-period counts of every window follow.
struct Accumulators {
  std::vector<IndicatorCounts> cells;
  std::vector<std::int64_t> received;
  std::vector<std::int64_t> closed;

  Accumulators(std::size_t groups, std::size_t windows)
      : cells(groups * windows), received(groups * (windows + 2)), closed(groups * (windows + 2)) {}

  Accumulators& operator+=(const Accumulators& other) {
    for (std::size_t i = 0; i < cells.size(); ++i) cells[i] += other.cells[i];
    for (std::size_t i = 0; i < received.size(); ++i) received[i] += other.received[i];
    for (std::size_t i = 0; i < closed.size(); ++i) closed[i] += other.closed[i];
    return *this;
  }
};

// Up to this many group combinations (times windows) are indexed densely by their codes;
// beyond, the combinations that occur are numbered first.
constexpr std::size_t kDenseGroups = std::size_t{1} << 16;
constexpr std::size_t kDenseCells = std::size_t{1} << 22;

}  // namespace

GroupedCounts count_grouped(const DossierTable& table, const GroupedCountsRequest& request) {
  const WindowLookup window_of(request.windows);
  const auto windows = static_cast<std::int32_t>(request.windows.size());
  const std::size_t window_count = request.windows.size();
  std::vector<std::int32_t> window_last;
  for (const calendar::DataRange& window : request.windows) {
    window_last.push_back(window.last.days_since_epoch());
  }

  std::vector<GroupKey> keys;
  std::size_t combinations = 1;
  bool overflow = false;
  for (const GroupBy by : request.by) {
    keys.push_back(group_key(table, by));
    if (combinations > std::numeric_limits<std::uint64_t>::max() / keys.back().cardinality) {
      overflow = true;
    }
    combinations *= keys.back().cardinality;
  }
  if (overflow) throw std::invalid_argument("count_grouped: too many group combinations");
  // The accumulator index of a row's combination: Σ code × stride over the keys.
  const auto combination_of = [&keys](std::size_t row) noexcept {
    std::size_t combination = 0;
    for (const GroupKey& key : keys) combination = combination * key.cardinality + key.code(row);
    return combination;
  };

  const std::size_t rows = table.size();
  // Dense: the combination is the accumulator index. Sparse: the combinations that occur, in
  // code order, numbered 0…n-1 (so the numbering does not depend on the threads).
  const bool dense = combinations <= kDenseGroups && combinations * window_count <= kDenseCells;
  std::vector<std::uint64_t> occurring;
  std::unordered_map<std::uint64_t, std::int32_t> sparse_index;
  if (!dense) {
    std::unordered_map<std::uint64_t, std::int32_t> seen;
    for (std::size_t row = 0; row < rows; ++row) seen.emplace(combination_of(row), 0);
    occurring.reserve(seen.size());
    for (const auto& entry : seen) occurring.push_back(entry.first);
    std::sort(occurring.begin(), occurring.end());
    sparse_index.reserve(occurring.size());
    for (std::size_t i = 0; i < occurring.size(); ++i) {
      sparse_index.emplace(occurring[i], static_cast<std::int32_t>(i));
    }
  }
  const std::size_t groups = dense ? combinations : occurring.size();

  const CompletionBasis basis = request.options.completion;
  const std::int32_t* received = table.received.data();
  const std::int32_t* due = table.due.data();
  const std::int32_t* resolved = table.resolved.empty() ? nullptr : table.resolved.data();
  const std::int32_t* returned = table.returned.empty() ? nullptr : table.returned.data();
  const Status* status = table.status.data();

  const TableFacts facts(table);
  const unsigned threads = thread_count(request.threads, rows);
  std::vector<Accumulators> partial;
  partial.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) partial.emplace_back(groups, window_count);

  run_chunks(rows, threads, [&](unsigned chunk, std::size_t begin, std::size_t end) {
    Accumulators& acc = partial[chunk];
    IndicatorCounts* cells = acc.cells.data();
    std::int64_t* received_in = acc.received.data();
    std::int64_t* closed_in = acc.closed.data();
    const std::size_t buckets = window_count + 2;
    // Per block of rows, the group, the closing date and the two windows are computed column
    // by column in tight loops; the classification loop then only reads them.
    constexpr std::size_t kBlock = 2048;
    std::vector<std::size_t> group_of(kBlock);
    std::vector<std::int32_t> completed_of(kBlock);
    std::vector<std::int32_t> received_window_of(kBlock);
    std::vector<std::int32_t> closed_window_of(kBlock);
    for (std::size_t block = begin; block < end; block += kBlock) {
      const std::size_t n = std::min(kBlock, end - block);
      std::fill(group_of.begin(), group_of.begin() + static_cast<std::ptrdiff_t>(n), 0);
      for (const GroupKey& key : keys) {
        if (key.codes != nullptr) {
          for (std::size_t i = 0; i < n; ++i) {
            group_of[i] =
                group_of[i] * key.cardinality + static_cast<std::size_t>(key.codes[block + i]);
          }
        } else if (key.channel != nullptr) {
          for (std::size_t i = 0; i < n; ++i) {
            group_of[i] =
                group_of[i] * key.cardinality + static_cast<std::size_t>(key.channel[block + i]);
          }
        } else {
          for (std::size_t i = 0; i < n; ++i) group_of[i] *= key.cardinality;
        }
      }
      if (!dense) {
        for (std::size_t i = 0; i < n; ++i) {
          group_of[i] = static_cast<std::size_t>(sparse_index.find(group_of[i])->second);
        }
      }
      // The date that closes the dossier (completion_date of classify.hpp on day numbers).
      const std::int32_t* first_basis = basis == CompletionBasis::returned ? returned : resolved;
      const std::int32_t* second_basis = basis == CompletionBasis::returned ? resolved : returned;
      for (std::size_t i = 0; i < n; ++i) {
        const std::int32_t first = first_basis != nullptr ? first_basis[block + i] : kMissingDay;
        const std::int32_t second = second_basis != nullptr ? second_basis[block + i] : kMissingDay;
        completed_of[i] = first != kMissingDay ? first : second;
      }
      for (std::size_t i = 0; i < n; ++i) {
        received_window_of[i] = window_of(received[block + i]);
        closed_window_of[i] = completed_of[i] == kMissingDay ? windows : window_of(completed_of[i]);
      }
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t group = group_of[i];
        const std::int32_t received_window = received_window_of[i];
        const std::int32_t closed_window = closed_window_of[i];
        const std::int32_t completed = completed_of[i];
        const bool open = completed == kMissingDay;
        // Only the buckets outside the windows are counted here: inside, a dossier received
        // (closed) in window w is new (closed) there, so the cells hold those buckets.
        if (received_window < 0 || received_window == windows) {
          ++received_in[group * buckets + static_cast<std::size_t>(received_window + 1)];
        }
        if (!open && closed_window < 0) ++closed_in[group * buckets];
        const std::size_t row = block + i;

        // The windows the dossier is in: received by their cut-off, not closed before they start.
        const std::int32_t from = std::max(received_window, 0);
        const std::int32_t to = std::min(closed_window, windows - 1);
        for (std::int32_t window = from; window <= to; ++window) {
          const Intake intake =
              window == received_window ? Intake::new_in_period : Intake::carried_over;
          Outcome outcome;
          if (window == closed_window) {  // closed inside this window
            switch (status[row]) {
              case Status::refused:
                outcome = Outcome::refused;
                break;
              case Status::withdrawn:
                outcome = Outcome::withdrawn;
                break;
              case Status::resolved:
              case Status::pending:
              default:
                outcome = timeliness(Date::from_days(completed), Date::from_days(due[row]));
                break;
            }
          } else {
            outcome = window_last[static_cast<std::size_t>(window)] > due[row]
                          ? Outcome::pending_overdue
                          : Outcome::pending_within;
          }
          add_classified(cells[group * window_count + static_cast<std::size_t>(window)], intake,
                         outcome, facts.at(row));
        }
      }
    }
  });
  Accumulators total = std::move(partial.front());
  for (std::size_t i = 1; i < partial.size(); ++i) total += partial[i];
  for (std::size_t group = 0; group < groups; ++group) {
    for (std::size_t window = 0; window < window_count; ++window) {
      const IndicatorCounts& cell = total.cells[group * window_count + window];
      total.received[group * (window_count + 2) + window + 1] = cell.received_new;
      total.closed[group * (window_count + 2) + window + 1] =
          cell.resolved() + cell.refused + cell.withdrawn;
    }
  }

  // The rows, in the order of the group texts.
  GroupedCounts result;
  result.by = request.by;
  result.windows = window_count;
  for (GroupKey& key : keys) result.labels.push_back(key.labels);
  const std::size_t buckets = window_count + 2;
  std::vector<std::size_t> present_groups;
  for (std::size_t group = 0; group < groups; ++group) {
    std::int64_t rows_in_group = 0;
    for (std::size_t b = 0; b < buckets; ++b) rows_in_group += total.received[group * buckets + b];
    // Without groups the one row is always there (count() of nothing is all zeros).
    if (rows_in_group != 0 || keys.empty()) present_groups.push_back(group);
  }
  const auto codes_of = [&](std::size_t group) {
    std::uint64_t combination = dense ? group : occurring[group];
    std::vector<std::int32_t> codes(keys.size());
    for (std::size_t i = keys.size(); i-- > 0;) {
      codes[i] = static_cast<std::int32_t>(combination % keys[i].cardinality);
      combination /= keys[i].cardinality;
    }
    return codes;
  };
  std::vector<std::vector<std::int32_t>> rank(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    std::vector<std::int32_t> order(keys[i].labels.size());
    std::iota(order.begin(), order.end(), 0);
    const std::vector<std::string>& labels = keys[i].labels;
    std::sort(order.begin(), order.end(), [&labels](std::int32_t a, std::int32_t b) {
      return labels[static_cast<std::size_t>(a)] < labels[static_cast<std::size_t>(b)];
    });
    rank[i].resize(order.size());
    for (std::size_t position = 0; position < order.size(); ++position) {
      rank[i][static_cast<std::size_t>(order[position])] = static_cast<std::int32_t>(position);
    }
  }
  std::vector<std::pair<std::vector<std::int32_t>, std::size_t>> ordered;
  ordered.reserve(present_groups.size());
  for (const std::size_t group : present_groups) {
    std::vector<std::int32_t> codes = codes_of(group);
    std::vector<std::int32_t> ranks(codes.size());
    for (std::size_t i = 0; i < codes.size(); ++i) {
      ranks[i] = rank[i][static_cast<std::size_t>(codes[i])];
    }
    ordered.emplace_back(std::move(ranks), group);
  }
  std::sort(ordered.begin(), ordered.end());

  result.counts.reserve(ordered.size() * window_count);
  for (const auto& [ranks, group] : ordered) {
    const std::vector<std::int32_t> codes = codes_of(group);
    result.group_codes.insert(result.group_codes.end(), codes.begin(), codes.end());
    const std::int64_t* received_in = &total.received[group * buckets];
    const std::int64_t* closed_in = &total.closed[group * buckets];
    for (std::size_t window = 0; window < window_count; ++window) {
      IndicatorCounts counts = total.cells[group * window_count + window];
      // Bucket b + 1 holds window b; received after this window's cut-off: buckets past it.
      for (std::size_t b = window + 2; b < buckets; ++b) {
        counts.not_in_period_received_after += received_in[b];
      }
      // Closed before this window starts: buckets before it.
      for (std::size_t b = 0; b < window + 1; ++b)
        counts.not_in_period_closed_before += closed_in[b];
      result.counts.push_back(counts);
    }
  }
  return result;
}

std::vector<calendar::DataRange> period_windows(calendar::Date first, calendar::Date last,
                                                calendar::PeriodKind kind,
                                                const calendar::CutoffRule& rule) {
  std::vector<calendar::DataRange> windows;
  for (const calendar::Period& period : calendar::periods_between(first, last, kind, rule)) {
    windows.push_back(calendar::data_range(period, rule));
  }
  return windows;
}

}  // namespace cchc::dossier
