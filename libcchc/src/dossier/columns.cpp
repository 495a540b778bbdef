#include "cchc/dossier/columns.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
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

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace cchc::dossier {

namespace detail {

namespace {
constexpr std::size_t kHugePage = std::size_t{2} << 20;
// Below this a column is an ordinary allocation (rounding it up to 2 MiB would waste memory).
constexpr std::size_t kHugeColumn = std::size_t{4} << 20;
}  // namespace

void* allocate_column(std::size_t bytes) {
  if (bytes < kHugeColumn) return ::operator new(bytes);
  const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* data = ::operator new (rounded, std::align_val_t{kHugePage});
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  // Only advice: where transparent huge pages are off it changes nothing.
  static_cast<void>(::madvise(data, rounded, MADV_HUGEPAGE));
#endif
  return data;
}

void deallocate_column(void* data, std::size_t bytes) noexcept {
  if (bytes < kHugeColumn) {
    ::operator delete(data);
    return;
  }
  ::operator delete (data, std::align_val_t{kHugePage});
}

}  // namespace detail

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
    const auto [it, inserted] = seen.emplace(key, static_cast<std::int32_t>(out.dictionary.size()));
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
  const auto* values = static_cast<const std::int64_t*>(column.data) + begin;
  const auto exact = [&](std::int64_t per_day, std::size_t i) {
    const std::int64_t value = values[i];
    std::int64_t day = value / per_day;
    if (value % per_day < 0) --day;
    const bool nat = value == std::numeric_limits<std::int64_t>::min();
    const bool outside = day <= kMissingDay || day > std::numeric_limits<std::int32_t>::max();
    out[i] = nat || outside ? kMissingDay : static_cast<std::int32_t>(day);
    bad[i] |= static_cast<std::uint8_t>((!nat && outside) || (nat && required));
  };
  const auto convert = [&](auto per_day) {
    for (std::size_t i = 0; i < n; ++i) exact(per_day, i);
  };
  // Seconds, the commonest unit, without a 64-bit division: for days within ±2^20 of 1970
  // (years −900 … 4840), floor(v / 86400) = ((v + 2^20·86400) >> 7) · ⌈2^40 / 675⌉ >> 40, minus
  // 2^20, exactly (the product stays below 2^62, and the reciprocal's error times the largest
  // quotient stays below one). NaT and any other value take the division.
  const auto convert_seconds = [&] {
    constexpr std::int64_t kBias = (std::int64_t{1} << 20) * 86400;
    constexpr std::uint64_t kSpan = 2 * static_cast<std::uint64_t>(kBias);
    constexpr std::uint64_t kReciprocal675 = 1628906116;  // ⌈2^40 / 675⌉
    bool unusual = false;
    for (std::size_t i = 0; i < n; ++i) {
#if defined(__GNUC__)
      // A block reads each column for a few pages only: ask for the lines ahead before the
      // hardware prefetcher has found the stream.
      if (i % 8 == 0) __builtin_prefetch(values + i + 512);
#endif
      const std::uint64_t biased = static_cast<std::uint64_t>(values[i]) + kBias;
      const std::uint64_t day = ((biased >> 7) * kReciprocal675) >> 40;
      out[i] = static_cast<std::int32_t>(day) - (std::int32_t{1} << 20);
      unusual |= biased >= kSpan;
    }
    if (!unusual) return;
    for (std::size_t i = 0; i < n; ++i) {
      if (static_cast<std::uint64_t>(values[i]) + kBias >= kSpan) exact(86400, i);
    }
  };
  switch (column.unit) {
    case DateUnit::days32: {
      const auto* days = static_cast<const std::int32_t*>(column.data) + begin;
      std::copy(days, days + n, out);
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
      convert_seconds();
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
  if (column.codes.width == 1) {
    // One table load per row for byte codes (pandas categoricals): the value, or when_missing
    // with the flag the row gets.
    std::array<Enum, 256> value_of{};
    std::array<std::uint8_t, 256> flag_of{};
    for (std::size_t code = 0; code < 256; ++code) {
      const auto signed_code = static_cast<std::int8_t>(static_cast<std::uint8_t>(code));
      value_of[code] = when_missing;
      if (signed_code < 0) {
        flag_of[code] = static_cast<std::uint8_t>(required);
      } else if (code >= values.size() || values[code] == EnumColumnView::kInvalidCode) {
        flag_of[code] = 1;
      } else {
        value_of[code] = static_cast<Enum>(values[code]);
      }
    }
    const auto* codes = static_cast<const std::uint8_t*>(column.codes.data) + begin;
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = value_of[codes[i]];
      bad[i] |= flag_of[codes[i]];
    }
    if (missing != nullptr) {
      for (std::size_t i = 0; i < n; ++i) {
        if (missing[begin + i] != 0) {
          out[i] = when_missing;
          bad[i] = static_cast<std::uint8_t>(bad[i] | static_cast<std::uint8_t>(required));
        }
      }
    }
    return;
  }
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
  if (column.codes.width == 1 && missing == nullptr) {
    std::array<std::int32_t, 256> code_of{};
    std::array<std::uint8_t, 256> flag_of{};
    for (std::size_t code = 0; code < 256; ++code) {
      if (static_cast<std::int8_t>(static_cast<std::uint8_t>(code)) < 0) {
        code_of[code] = remap.missing;
      } else if (code >= remap.code.size()) {
        flag_of[code] = 1;
      } else {
        code_of[code] = remap.code[code];
      }
    }
    const auto* codes = static_cast<const std::uint8_t*>(column.codes.data) + begin;
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = code_of[codes[i]];
      bad[i] |= flag_of[codes[i]];
    }
    return;
  }
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

void check_widths(const DossierColumnsView& columns) {
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
}

// The three group columns' code maps and deduplicated dictionaries.
struct GroupRemaps {
  GroupColumn unit, field, procedure;  // dictionaries only
  GroupRemap unit_remap, field_remap, procedure_remap;

  explicit GroupRemaps(const DossierColumnsView& columns)
      : unit_remap(remap_group(columns.unit, unit)),
        field_remap(remap_group(columns.field, field)),
        procedure_remap(remap_group(columns.procedure, procedure)) {}
};

// ingest_columns with the group maps given, into `result`, whose table may hold the columns of
// an earlier call (their memory is reused: no fresh pages). The table's dictionaries are left
// as they are (the caller moves them in, or does not need them).
void ingest_with(const DossierColumnsView& columns, const GroupRemaps& remaps,
                 const calendar::WorkCalendar& calendar, const calendar::DueDateRule& rule,
                 const TableIngestOptions& options, TableIngest& result) {
  const std::size_t rows = columns.rows;
  result.rows_in = rows;
  result.rejected.clear();
  DossierTable& table = result.table;
  table.first_received = kMissingDay;
  table.last_received = kMissingDay;
  const GroupRemap& unit_remap = remaps.unit_remap;
  const GroupRemap& field_remap = remaps.field_remap;
  const GroupRemap& procedure_remap = remaps.procedure_remap;

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

      // The caller's problems: their rows are rejected with them, before any other check.
      constexpr std::uint8_t kProblem = 2;
      for (auto problem = next_problem; problem != problems.end() && (*problem)->row < block + n;
           ++problem) {
        bad[(*problem)->row - block] |= kProblem;
      }
      // Numbers, when given: a fraction or a value out of its range goes the slow way.
      for (const auto& [column, low, high] :
           {std::tuple{&columns.received_hour, std::int64_t{0}, std::int64_t{23}},
            {&columns.processing_days, std::int64_t{0}, kMaxProcessingDays},
            {&columns.satisfaction, std::int64_t{1}, std::int64_t{5}}}) {
        if (column->data == nullptr) continue;
        std::uint8_t* ratings = column == &columns.satisfaction && !table.satisfaction.empty()
                                    ? table.satisfaction.data() + block
                                    : nullptr;
        for (std::size_t i = 0; i < n; ++i) {
          bool unreadable = false;
          const std::optional<std::int64_t> value = whole_number(*column, block + i, unreadable);
          if (unreadable || (value && (*value < low || *value > high))) bad[i] = 1;
          if (ratings != nullptr) ratings[i] = value ? static_cast<std::uint8_t>(*value) : 0;
        }
      }
      // The rules of first_broken_rule on day numbers, without a branch (kMissingDay is below
      // every day); a row breaking one goes the slow way, which names it.
      for (std::size_t i = 0; i < n; ++i) {
        const std::int32_t received_day = received_days[i];
        const std::int32_t due_day = due_days[i];
        const std::int32_t resolved_day = resolved_days[i];
        const std::int32_t returned_day = returned_days[i];
        const Status state = table.status[block + i];
        const bool has_resolved = resolved_day != kMissingDay;
        const bool has_returned = returned_day != kMissingDay;
        const bool broken =
            (due_day == kMissingDay) | (due_day < received_day) |
            (has_resolved & (resolved_day < received_day)) |
            (has_returned & (returned_day < received_day)) |
            (has_resolved & has_returned & (returned_day < resolved_day)) |
            ((state == Status::pending) & (has_resolved | has_returned)) |
            ((state == Status::resolved) & !has_resolved & !has_returned) |
            (((state == Status::refused) | (state == Status::withdrawn)) & !has_resolved);
        bad[i] = static_cast<std::uint8_t>(bad[i] | static_cast<std::uint8_t>(broken));
        const bool accepted = bad[i] == 0;
        lowest =
            std::min(lowest, accepted ? received_day : std::numeric_limits<std::int32_t>::max());
        highest =
            std::max(highest, accepted ? received_day : std::numeric_limits<std::int32_t>::min());
      }
      // The flagged rows, eight flags at a time.
      for (std::size_t i = 0; i < n;) {
        if (i + 8 <= n) {
          std::uint64_t flags = 0;
          std::memcpy(&flags, bad.data() + i, sizeof flags);
          if (flags == 0) {
            i += 8;
            continue;
          }
        }
        const std::size_t row = block + i;
        if ((bad[i] & kProblem) != 0) {
          reject(row, (*next_problem)->field, (*next_problem)->reason, (*next_problem)->code);
          while (next_problem != problems.end() && (*next_problem)->row == row) ++next_problem;
        } else if (bad[i] != 0) {
          slow_row(row);  // finds and names the problem, or computes the due date
        }
        ++i;
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
    throw rejected_row_error(options.source, first.row + 1, first);
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
}

}  // namespace

TableIngest ingest_columns(const DossierColumnsView& columns,
                           const calendar::WorkCalendar& calendar,
                           const calendar::DueDateRule& rule, const TableIngestOptions& options) {
  check_widths(columns);
  GroupRemaps remaps(columns);
  TableIngest result;
  ingest_with(columns, remaps, calendar, rule, options, result);
  result.table.unit.dictionary = std::move(remaps.unit.dictionary);
  result.table.field.dictionary = std::move(remaps.field.dictionary);
  result.table.procedure.dictionary = std::move(remaps.procedure.dictionary);
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

// One grouping column: how many codes it can have and their labels.
struct GroupKey {
  GroupBy by = GroupBy::unit;
  std::size_t cardinality = 1;
  std::vector<std::string> labels;
};

// The codes of one grouping column in `table`: unit / field / procedure codes, or channels;
// both nullptr when the column is absent (every row has code 0).
struct KeyCodes {
  const std::int32_t* codes = nullptr;
  const Channel* channel = nullptr;
  std::size_t cardinality = 1;

  [[nodiscard]] std::size_t code(std::size_t row) const noexcept {
    if (codes != nullptr) return static_cast<std::size_t>(codes[row]);
    if (channel != nullptr) return static_cast<std::size_t>(channel[row]);
    return 0;
  }
};

const GroupColumn& group_column(const DossierTable& table, GroupBy by) {
  switch (by) {
    case GroupBy::field:
      return table.field;
    case GroupBy::procedure:
      return table.procedure;
    case GroupBy::unit:
    case GroupBy::channel:
      break;
  }
  return table.unit;
}

// The key of `by` for a table whose group column has `dictionary` (when `present`) or whose
// channel column is `present`.
GroupKey group_key(GroupBy by, bool present, const std::vector<std::string>& dictionary) {
  GroupKey key;
  key.by = by;
  if (by == GroupBy::channel) {
    if (present) {
      for (std::uint8_t value = 0; value < 4; ++value) {
        key.labels.emplace_back(channel_key(static_cast<Channel>(value)));
      }
    } else {
      key.labels = {std::string(channel_key(Channel::unknown))};
    }
    key.cardinality = key.labels.size();
    return key;
  }
  if (!present) {
    key.labels = {""};
    return key;
  }
  key.labels = dictionary;
  key.cardinality = std::max<std::size_t>(1, key.labels.size());
  return key;
}

GroupKey group_key(const DossierTable& table, GroupBy by) {
  if (by == GroupBy::channel) return group_key(by, !table.channel.empty(), {});
  const GroupColumn& column = group_column(table, by);
  return group_key(by, !column.codes.empty(), column.dictionary);
}

KeyCodes key_codes(const DossierTable& table, const GroupKey& key) {
  KeyCodes codes;
  codes.cardinality = key.cardinality;
  if (key.by == GroupBy::channel) {
    if (!table.channel.empty()) codes.channel = table.channel.data();
  } else if (const GroupColumn& column = group_column(table, key.by); !column.codes.empty()) {
    codes.codes = column.codes.data();
  }
  return codes;
}

// Day → bucket over the windows' span: 0 before the first window, w + 1 inside window w, P + 1
// after the last (and for an open dossier, given as INT32_MAX). One clamped table load per date:
// no comparison chain, no branch.
class BucketLookup {
 public:
  explicit BucketLookup(std::span<const calendar::DataRange> windows)
      : windows_(static_cast<std::int32_t>(windows.size())) {
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
    const std::int64_t first = windows.front().first.days_since_epoch();
    const std::int64_t span = std::int64_t{windows.back().last.days_since_epoch()} - first + 1;
    if (span > (std::int64_t{1} << 24)) {
      throw std::invalid_argument("count_grouped: the windows span more than 2^24 days");
    }
    before_first_ = first - 1;
    top_ = span + 1;
    table_.resize(static_cast<std::size_t>(span + 2));
    table_.front() = 0;
    table_.back() = windows_ + 1;
    for (std::size_t i = 0; i < windows.size(); ++i) {
      std::fill(table_.begin() + (windows[i].first.days_since_epoch() - before_first_),
                table_.begin() + (windows[i].last.days_since_epoch() - before_first_ + 1),
                static_cast<std::int32_t>(i + 1));
    }
  }

  [[nodiscard]] std::int32_t operator()(std::int64_t day) const noexcept {
    return table_[static_cast<std::size_t>(std::clamp(day - before_first_, std::int64_t{0}, top_))];
  }

 private:
  std::int32_t windows_;
  std::int64_t before_first_ = 0;
  std::int64_t top_ = 0;
  std::vector<std::int32_t> table_;
};

// What each accumulator cell of a (group, bucket) holds, and where each kind starts in one
// thread's buffer. A dossier adds to a few cells whatever the number of windows it is open
// across:
// - `filed` (by channel) in the bucket it was received in: received_new, the channel counts
//   and, summed over later buckets, not_in_period_received_after;
// - `closed` (by kind: early, on time, late, refused, withdrawn) in the bucket it was closed
//   in (an open dossier: the bucket after the last, never read): the outcomes and, summed over
//   earlier buckets, not_in_period_closed_before;
// - two difference arrays per group (+1 at the first window of a range, −1 after its last):
//   `in_period` over the windows it is in (received by their cut-off, not closed before they
//   start), `overdue` over those of them it is pending in past its due date. Carried over,
//   pending within and pending overdue follow by prefix sums and differences;
// - the facts of filing (online level, digitised, reused, fee, paid online) and of the result
//   (digitised, electronic, satisfaction) beside `filed` and `closed`, only when the table has
//   those columns.
struct CountLayout {
  static constexpr std::size_t kChannels = 4;
  static constexpr std::size_t kClosedKinds = 5;
  enum Filing : std::size_t {
    level_known,
    full_online,
    digitised_dossier_known,
    digitised_dossier_yes,
    reused_data_known,
    reused_data_yes,
    fee_required_yes,
    paid_online_known,
    paid_online_yes,
    kFilingFacts
  };
  enum Result : std::size_t {
    digitised_result_known,
    digitised_result_yes,
    electronic_result_known,
    electronic_result_yes,
    rated,
    satisfied,
    very_satisfied,
    kResultFacts
  };

  std::size_t groups = 0;
  std::size_t windows = 0;
  std::size_t buckets = 0;  // windows + 2
  bool filing_facts = false;
  bool result_facts = false;
  std::size_t filed = 0, closed = 0, in_period = 0, overdue = 0, filing = 0, result = 0, size = 0;

  CountLayout(std::size_t groups_, std::size_t windows_, bool filing_facts_, bool result_facts_)
      : groups(groups_),
        windows(windows_),
        buckets(windows_ + 2),
        filing_facts(filing_facts_),
        result_facts(result_facts_) {
    const std::size_t cells = groups * buckets;
    closed = filed + cells * kChannels;
    in_period = closed + cells * kClosedKinds;
    overdue = in_period + groups * (windows + 1);
    filing = overdue + groups * (windows + 1);
    result = filing + (filing_facts ? cells * kFilingFacts : 0);
    size = result + (result_facts ? cells * kResultFacts : 0);
  }
};

// A count cell changes by at most one per row: int32 cells flushed to int64 every this many rows
// cannot overflow, and stay half the size in the cache.
constexpr std::size_t kFlushRows = std::size_t{1} << 30;

// A new count in IndicatorCounts needs its place in count_grouped's accumulators and in its
// final assembly: this fails until it has one (32 counts today; rows_rejected is the caller's).
static_assert(sizeof(IndicatorCounts) == 32 * sizeof(std::int64_t),
              "count_grouped does not fill a new IndicatorCounts field yet");

// Up to this many group combinations (times windows) are indexed densely by their codes;
// beyond, the combinations that occur are numbered first.
constexpr std::size_t kDenseGroups = std::size_t{1} << 16;
constexpr std::size_t kDenseCells = std::size_t{1} << 22;

template <typename T>
const T* data_or_null(const Column<T>& column) noexcept {
  return column.empty() ? nullptr : column.data();
}

// Everything a count needs besides the rows: the windows' lookup, the group keys and how their
// combinations are numbered, the accumulator layout. The same plan counts any number of tables
// (the slices of count_columns) into accumulators that add up.
struct CountPlan {
  BucketLookup bucket_of;
  std::size_t window_count;
  std::vector<GroupKey> keys;
  bool dense = true;
  // Sparse: the combinations that occur, in code order, numbered 0…n-1.
  std::vector<std::uint64_t> occurring;
  std::unordered_map<std::uint64_t, std::int32_t> sparse_index;
  CountLayout layout;
  bool returned_first;

  // `filing_facts` / `result_facts`: whether the tables have any of those columns.
  CountPlan(const GroupedCountsRequest& request, std::vector<GroupKey> keys_, bool filing_facts,
            bool result_facts, const DossierTable* rows_for_sparse)
      : bucket_of(request.windows),
        window_count(request.windows.size()),
        keys(std::move(keys_)),
        layout(0, 0, false, false),
        returned_first(request.options.completion == CompletionBasis::returned) {
    std::size_t combinations = 1;
    bool overflow = false;
    for (const GroupKey& key : keys) {
      if (combinations > std::numeric_limits<std::uint64_t>::max() / key.cardinality) {
        overflow = true;
      }
      combinations *= key.cardinality;
    }
    if (overflow) throw std::invalid_argument("count_grouped: too many group combinations");
    dense = combinations <= kDenseGroups && combinations * window_count <= kDenseCells;
    if (!dense) {
      if (rows_for_sparse == nullptr) throw std::logic_error("count plan: sparse groups need rows");
      std::vector<KeyCodes> codes;
      for (const GroupKey& key : keys) codes.push_back(key_codes(*rows_for_sparse, key));
      std::unordered_map<std::uint64_t, std::int32_t> seen;
      for (std::size_t row = 0; row < rows_for_sparse->size(); ++row) {
        std::uint64_t combination = 0;
        for (const KeyCodes& key : codes)
          combination = combination * key.cardinality + key.code(row);
        seen.emplace(combination, 0);
      }
      occurring.reserve(seen.size());
      for (const auto& entry : seen) occurring.push_back(entry.first);
      std::sort(occurring.begin(), occurring.end());
      sparse_index.reserve(occurring.size());
      for (std::size_t i = 0; i < occurring.size(); ++i) {
        sparse_index.emplace(occurring[i], static_cast<std::int32_t>(i));
      }
    }
    layout = CountLayout(dense ? combinations : occurring.size(), window_count, filing_facts,
                         result_facts);
  }
};

bool has_filing_facts(const DossierTable& table) {
  return !table.online_level.empty() || !table.digitised_dossier.empty() ||
         !table.reused_data.empty() || !table.fee_required.empty();
}
bool has_result_facts(const DossierTable& table) {
  return !table.digitised_result.empty() || !table.electronic_result.empty() ||
         !table.satisfaction.empty();
}

// One thread's counts: int32 cells (small, they stay in the cache) flushed into int64 totals.
class CountAccumulator {
 public:
  explicit CountAccumulator(const CountPlan& plan)
      : plan_(plan), work_(plan.layout.size, 0), total_(plan.layout.size, 0) {}

  // Counts rows [begin, end) of `table` (a table of the plan's shape); the first row whose
  // closing date is before its receipt (not a validated table) is returned, or nullopt.
  std::optional<std::size_t> add(const DossierTable& table, std::size_t begin, std::size_t end);

  std::vector<std::int64_t> totals() && {
    flush();
    return std::move(total_);
  }

 private:
  void flush() {
    for (std::size_t i = 0; i < work_.size(); ++i) total_[i] += work_[i];
    std::fill(work_.begin(), work_.end(), 0);
    since_flush_ = 0;
  }

  const CountPlan& plan_;
  std::vector<std::int32_t> work_;
  std::vector<std::int64_t> total_;
  std::size_t since_flush_ = 0;
};

std::optional<std::size_t> CountAccumulator::add(const DossierTable& table, std::size_t begin,
                                                 std::size_t end) {
  const CountLayout& layout = plan_.layout;
  const BucketLookup& bucket_of = plan_.bucket_of;
  const std::size_t window_count = plan_.window_count;
  const auto windows = static_cast<std::int32_t>(window_count);
  std::vector<KeyCodes> keys;
  keys.reserve(plan_.keys.size());
  for (const GroupKey& key : plan_.keys) keys.push_back(key_codes(table, key));

  const std::int32_t* first_basis =
      data_or_null(plan_.returned_first ? table.returned : table.resolved);
  const std::int32_t* second_basis =
      data_or_null(plan_.returned_first ? table.resolved : table.returned);
  const std::int32_t* received = table.received.data();
  const std::int32_t* due = table.due.data();
  const Status* status = table.status.data();
  const Channel* channel = data_or_null(table.channel);
  const OnlineLevel* online_level = data_or_null(table.online_level);
  const TriState* digitised_dossier = data_or_null(table.digitised_dossier);
  const TriState* reused_data = data_or_null(table.reused_data);
  const TriState* fee_required = data_or_null(table.fee_required);
  const TriState* paid_online = data_or_null(table.paid_online);
  const TriState* digitised_result = data_or_null(table.digitised_result);
  const TriState* electronic_result = data_or_null(table.electronic_result);
  const std::uint8_t* satisfaction = data_or_null(table.satisfaction);

  std::int32_t* filed = work_.data() + layout.filed;
  std::int32_t* closed = work_.data() + layout.closed;
  std::int32_t* in_period = work_.data() + layout.in_period;
  std::int32_t* overdue = work_.data() + layout.overdue;
  std::int32_t* filing = work_.data() + layout.filing;
  std::int32_t* result = work_.data() + layout.result;

  constexpr std::size_t kBlock = 1024;
  std::size_t group_of[kBlock];
  std::size_t filed_cell[kBlock];
  std::size_t closed_cell[kBlock];
  std::int32_t resolved_of[kBlock];
  const std::size_t buckets = layout.buckets;
  const std::size_t diff_stride = window_count + 1;
  bool any_disordered = false;

  // One row: three table loads and six increments, whatever the number of windows it spans.
  const auto count_rows = [&](std::size_t block, std::size_t n, auto has_first, auto has_second,
                              auto has_channel, auto keep_cells) {
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t row = block + i;
      std::int32_t completed = kMissingDay;
      if constexpr (has_first) completed = first_basis[row];
      if constexpr (has_second) {
        completed = completed != kMissingDay ? completed : second_basis[row];
      }
      const std::int32_t closing =
          completed == kMissingDay ? std::numeric_limits<std::int32_t>::max() : completed;
      const std::int32_t received_day = received[row];
      const std::int32_t due_day = due[row];
      any_disordered |= closing < received_day;
      const std::int32_t received_bucket = bucket_of(received_day);
      const std::int32_t closed_bucket = bucket_of(closing);
      // The first window whose cut-off is past the due date: pending there is overdue.
      const std::int32_t overdue_window = std::max(bucket_of(std::int64_t{due_day} + 1) - 1, 0);

      const auto status_code = static_cast<std::int32_t>(status[row]);
      // Refused (2) or withdrawn (3); any other value is classified by its dates, as classify()
      // does for resolved and pending.
      const bool without_result = (status_code >> 1) == 1;
      const std::int32_t timely = static_cast<std::int32_t>(closing >= due_day) +
                                  static_cast<std::int32_t>(closing > due_day);
      // early 0, on time 1, late 2, refused 3, withdrawn 4.
      const std::int32_t kind = without_result ? status_code + 1 : timely;

      const std::size_t group = group_of[i];
      const std::size_t filed_at = group * buckets + static_cast<std::size_t>(received_bucket);
      const std::size_t closed_at = group * buckets + static_cast<std::size_t>(closed_bucket);
      std::size_t channel_code = 0;
      if constexpr (has_channel) channel_code = static_cast<std::size_t>(channel[row]) & 3U;
      ++filed[filed_at * CountLayout::kChannels + channel_code];
      ++closed[closed_at * CountLayout::kClosedKinds + static_cast<std::size_t>(kind)];

      // In period in windows [from, min(closed, P - 1)]; pending past due in
      // [max(from, overdue_window), min(closed - 1, P - 1)]. An empty range adds and removes
      // its one at the same place.
      const std::int32_t from = std::max(received_bucket - 1, 0);
      const std::int32_t in_end = std::max(std::min(closed_bucket, windows), from);
      const std::int32_t overdue_from = std::max(from, overdue_window);
      const std::int32_t overdue_end = std::max(std::min(closed_bucket - 1, windows), overdue_from);
      std::int32_t* in_period_row = in_period + group * diff_stride;
      std::int32_t* overdue_row = overdue + group * diff_stride;
      ++in_period_row[from];
      --in_period_row[in_end];
      ++overdue_row[overdue_from];
      --overdue_row[overdue_end];

      if constexpr (keep_cells) {
        filed_cell[i] = filed_at;
        closed_cell[i] = closed_at;
        resolved_of[i] = static_cast<std::int32_t>(!without_result);
      }
    }
  };
  const auto count_block = [&](std::size_t block, std::size_t n, auto has_channel,
                               auto keep_cells) {
    if (first_basis != nullptr && second_basis != nullptr) {
      count_rows(block, n, std::true_type{}, std::true_type{}, has_channel, keep_cells);
    } else if (first_basis != nullptr) {
      count_rows(block, n, std::true_type{}, std::false_type{}, has_channel, keep_cells);
    } else if (second_basis != nullptr) {
      count_rows(block, n, std::false_type{}, std::true_type{}, has_channel, keep_cells);
    } else {
      count_rows(block, n, std::false_type{}, std::false_type{}, has_channel, keep_cells);
    }
  };

  // Yes / known of a tri-state into two fact slots, for rows where `counted` (1 or 0).
  const auto add_known = [](std::int32_t* facts, TriState value, std::size_t known, std::size_t yes,
                            std::int32_t counted) {
    facts[known] += counted & static_cast<std::int32_t>(value != TriState::missing);
    facts[yes] += counted & static_cast<std::int32_t>(value == TriState::yes);
  };
  const bool keep_cells = layout.filing_facts || layout.result_facts;

  for (std::size_t block = begin; block < end; block += kBlock) {
    const std::size_t n = std::min(kBlock, end - block);
    if (keys.size() == 1 && keys.front().codes != nullptr) {
      const std::int32_t* codes = keys.front().codes + block;
      for (std::size_t i = 0; i < n; ++i) group_of[i] = static_cast<std::size_t>(codes[i]);
    } else {
      std::fill(group_of, group_of + n, 0);
      for (const KeyCodes& key : keys) {
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
    }
    if (!plan_.dense) {
      for (std::size_t i = 0; i < n; ++i) {
        group_of[i] = static_cast<std::size_t>(plan_.sparse_index.find(group_of[i])->second);
      }
    }
    if (channel != nullptr) {
      if (keep_cells) {
        count_block(block, n, std::true_type{}, std::true_type{});
      } else {
        count_block(block, n, std::true_type{}, std::false_type{});
      }
    } else if (keep_cells) {
      count_block(block, n, std::false_type{}, std::true_type{});
    } else {
      count_block(block, n, std::false_type{}, std::false_type{});
    }

    // The facts, column by column, only for the columns the table has.
    using F = CountLayout::Filing;
    if (online_level != nullptr) {
      for (std::size_t i = 0; i < n; ++i) {
        std::int32_t* facts = filing + filed_cell[i] * F::kFilingFacts;
        const OnlineLevel level = online_level[block + i];
        facts[F::level_known] += static_cast<std::int32_t>(level != OnlineLevel::unknown);
        facts[F::full_online] += static_cast<std::int32_t>(level == OnlineLevel::full);
      }
    }
    if (digitised_dossier != nullptr) {
      for (std::size_t i = 0; i < n; ++i) {
        add_known(filing + filed_cell[i] * F::kFilingFacts, digitised_dossier[block + i],
                  F::digitised_dossier_known, F::digitised_dossier_yes, 1);
      }
    }
    if (reused_data != nullptr) {
      for (std::size_t i = 0; i < n; ++i) {
        add_known(filing + filed_cell[i] * F::kFilingFacts, reused_data[block + i],
                  F::reused_data_known, F::reused_data_yes, 1);
      }
    }
    if (fee_required != nullptr) {
      for (std::size_t i = 0; i < n; ++i) {
        std::int32_t* facts = filing + filed_cell[i] * F::kFilingFacts;
        const auto fee = static_cast<std::int32_t>(fee_required[block + i] == TriState::yes);
        facts[F::fee_required_yes] += fee;
        if (paid_online != nullptr) {
          add_known(facts, paid_online[block + i], F::paid_online_known, F::paid_online_yes, fee);
        }
      }
    }
    using R = CountLayout::Result;
    if (digitised_result != nullptr) {
      for (std::size_t i = 0; i < n; ++i) {
        add_known(result + closed_cell[i] * R::kResultFacts, digitised_result[block + i],
                  R::digitised_result_known, R::digitised_result_yes, resolved_of[i]);
      }
    }
    if (electronic_result != nullptr) {
      for (std::size_t i = 0; i < n; ++i) {
        add_known(result + closed_cell[i] * R::kResultFacts, electronic_result[block + i],
                  R::electronic_result_known, R::electronic_result_yes, resolved_of[i]);
      }
    }
    if (satisfaction != nullptr) {
      for (std::size_t i = 0; i < n; ++i) {
        std::int32_t* facts = result + closed_cell[i] * R::kResultFacts;
        const std::int32_t counted = resolved_of[i];
        const std::uint8_t rating = satisfaction[block + i];
        facts[R::rated] += counted & static_cast<std::int32_t>(rating != 0);
        facts[R::satisfied] += counted & static_cast<std::int32_t>(rating >= kSatisfiedRating);
        facts[R::very_satisfied] +=
            counted & static_cast<std::int32_t>(rating >= kVerySatisfiedRating);
      }
    }

    since_flush_ += n;
    if (since_flush_ >= kFlushRows) flush();
  }
  if (!any_disordered) return std::nullopt;
  for (std::size_t row = begin; row < end; ++row) {
    std::int32_t completed = first_basis != nullptr ? first_basis[row] : kMissingDay;
    if (completed == kMissingDay && second_basis != nullptr) completed = second_basis[row];
    if (completed != kMissingDay && completed < received[row]) return row;
  }
  return std::nullopt;
}

void throw_disordered(std::size_t row) {
  throw std::invalid_argument("count_grouped: row " + std::to_string(row + 1) +
                              " is closed before it is received (not a validated table)");
}

// The per-thread totals summed, then one row per (present group, window) in the order of the
// group texts.
GroupedCounts assemble(const CountPlan& plan, const std::vector<GroupBy>& by,
                       std::vector<std::vector<std::int64_t>> partial) {
  std::vector<std::int64_t> total = std::move(partial.front());
  for (std::size_t i = 1; i < partial.size(); ++i) {
    for (std::size_t j = 0; j < total.size(); ++j) total[j] += partial[i][j];
  }
  const CountLayout& layout = plan.layout;
  const std::vector<GroupKey>& keys = plan.keys;
  const std::size_t window_count = plan.window_count;
  const std::size_t buckets = layout.buckets;
  const std::int64_t* filed = total.data() + layout.filed;
  const std::int64_t* closed = total.data() + layout.closed;
  const auto filed_in = [&](std::size_t group, std::size_t bucket) {
    const std::int64_t* cell = filed + (group * buckets + bucket) * CountLayout::kChannels;
    return cell[0] + cell[1] + cell[2] + cell[3];
  };
  const auto closed_in = [&](std::size_t group, std::size_t bucket) {
    const std::int64_t* cell = closed + (group * buckets + bucket) * CountLayout::kClosedKinds;
    return cell[0] + cell[1] + cell[2] + cell[3] + cell[4];
  };

  GroupedCounts result;
  result.by = by;
  result.windows = window_count;
  for (const GroupKey& key : keys) result.labels.push_back(key.labels);
  std::vector<std::size_t> present_groups;
  for (std::size_t group = 0; group < layout.groups; ++group) {
    std::int64_t rows_in_group = 0;
    for (std::size_t b = 0; b < buckets; ++b) rows_in_group += filed_in(group, b);
    // Without groups the one row is always there (count() of nothing is all zeros).
    if (rows_in_group != 0 || keys.empty()) present_groups.push_back(group);
  }
  const auto codes_of = [&](std::size_t group) {
    std::uint64_t combination = plan.dense ? group : plan.occurring[group];
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

  using F = CountLayout::Filing;
  using R = CountLayout::Result;
  result.counts.reserve(ordered.size() * window_count);
  std::vector<std::int64_t> received_from(buckets + 1);
  for (const auto& [ranks, group] : ordered) {
    const std::vector<std::int32_t> codes = codes_of(group);
    result.group_codes.insert(result.group_codes.end(), codes.begin(), codes.end());
    // received_from[b]: the group's rows received in bucket b or later.
    received_from[buckets] = 0;
    for (std::size_t b = buckets; b-- > 0;)
      received_from[b] = received_from[b + 1] + filed_in(group, b);
    const std::int64_t* in_period_diff =
        total.data() + layout.in_period + group * (window_count + 1);
    const std::int64_t* overdue_diff = total.data() + layout.overdue + group * (window_count + 1);
    std::int64_t in_period = 0;
    std::int64_t overdue = 0;
    std::int64_t closed_before = closed_in(group, 0);
    for (std::size_t window = 0; window < window_count; ++window) {
      const std::size_t cell = group * buckets + window + 1;  // bucket w + 1 is window w
      in_period += in_period_diff[window];
      overdue += overdue_diff[window];
      IndicatorCounts counts;
      const std::int64_t* by_channel = filed + cell * CountLayout::kChannels;
      counts.new_channel_unknown = by_channel[static_cast<std::size_t>(Channel::unknown)];
      counts.new_online = by_channel[static_cast<std::size_t>(Channel::online)];
      counts.new_in_person = by_channel[static_cast<std::size_t>(Channel::in_person)];
      counts.new_postal = by_channel[static_cast<std::size_t>(Channel::postal)];
      counts.received_new = filed_in(group, window + 1);
      counts.received_carried_over = in_period - counts.received_new;
      const std::int64_t* by_kind = closed + cell * CountLayout::kClosedKinds;
      counts.resolved_early = by_kind[0];
      counts.resolved_on_time = by_kind[1];
      counts.resolved_late = by_kind[2];
      counts.refused = by_kind[3];
      counts.withdrawn = by_kind[4];
      const std::int64_t closed_here = closed_in(group, window + 1);
      counts.pending_overdue = overdue;
      counts.pending_within = in_period - closed_here - overdue;
      counts.not_in_period_received_after = received_from[window + 2];
      counts.not_in_period_closed_before = closed_before;
      closed_before += closed_here;
      if (layout.filing_facts) {
        const std::int64_t* facts = total.data() + layout.filing + cell * F::kFilingFacts;
        counts.new_online_level_known = facts[F::level_known];
        counts.new_full_online = facts[F::full_online];
        counts.digitised_dossier_known = facts[F::digitised_dossier_known];
        counts.digitised_dossier_yes = facts[F::digitised_dossier_yes];
        counts.reused_data_known = facts[F::reused_data_known];
        counts.reused_data_yes = facts[F::reused_data_yes];
        counts.fee_required_yes = facts[F::fee_required_yes];
        counts.paid_online_known = facts[F::paid_online_known];
        counts.paid_online_yes = facts[F::paid_online_yes];
      }
      if (layout.result_facts) {
        const std::int64_t* facts = total.data() + layout.result + cell * R::kResultFacts;
        counts.digitised_result_known = facts[R::digitised_result_known];
        counts.digitised_result_yes = facts[R::digitised_result_yes];
        counts.electronic_result_known = facts[R::electronic_result_known];
        counts.electronic_result_yes = facts[R::electronic_result_yes];
        counts.rated = facts[R::rated];
        counts.satisfied = facts[R::satisfied];
        counts.very_satisfied = facts[R::very_satisfied];
      }
      result.counts.push_back(counts);
    }
  }
  return result;
}

}  // namespace

GroupedCounts count_grouped(const DossierTable& table, const GroupedCountsRequest& request) {
  std::vector<GroupKey> keys;
  for (const GroupBy by : request.by) keys.push_back(group_key(table, by));
  const CountPlan plan(request, std::move(keys), has_filing_facts(table), has_result_facts(table),
                       &table);
  const std::size_t rows = table.size();
  const unsigned threads = thread_count(request.threads, rows);
  std::vector<std::vector<std::int64_t>> partial(threads);
  std::vector<std::optional<std::size_t>> disordered(threads);
  run_chunks(rows, threads, [&](unsigned chunk, std::size_t begin, std::size_t end) {
    CountAccumulator accumulator(plan);
    disordered[chunk] = accumulator.add(table, begin, end);
    partial[chunk] = std::move(accumulator).totals();
  });
  for (const std::optional<std::size_t>& row : disordered) {
    if (row) throw_disordered(*row);
  }
  return assemble(plan, request.by, std::move(partial));
}

namespace {

// Views of rows [begin, begin + rows) of `columns`, problems rebased.
CodeColumnView slice(const CodeColumnView& column, std::size_t begin) {
  CodeColumnView part = column;
  if (column.data != nullptr)
    part.data = static_cast<const char*>(column.data) + begin * column.width;
  if (column.missing != nullptr) part.missing = column.missing + begin;
  return part;
}
DateColumnView slice(const DateColumnView& column, std::size_t begin) {
  DateColumnView part = column;
  const std::size_t width = column.unit == DateUnit::days32 ? 4 : 8;
  if (column.data != nullptr) part.data = static_cast<const char*>(column.data) + begin * width;
  if (column.missing != nullptr) part.missing = column.missing + begin;
  return part;
}
NumberColumnView slice(const NumberColumnView& column, std::size_t begin) {
  NumberColumnView part = column;
  if (column.data != nullptr) part.data = static_cast<const char*>(column.data) + begin * 8;
  if (column.missing != nullptr) part.missing = column.missing + begin;
  return part;
}
DossierColumnsView slice(const DossierColumnsView& columns, std::size_t begin, std::size_t rows) {
  DossierColumnsView part = columns;
  part.rows = rows;
  for (GroupColumnView* view : {&part.unit, &part.field, &part.procedure}) {
    view->codes = slice(view->codes, begin);
  }
  for (EnumColumnView* view :
       {&part.channel, &part.online_level, &part.status, &part.digitised_dossier,
        &part.digitised_result, &part.electronic_result, &part.fee_required, &part.paid_online,
        &part.reused_data}) {
    view->codes = slice(view->codes, begin);
  }
  for (DateColumnView* view : {&part.received, &part.due, &part.resolved, &part.returned}) {
    *view = slice(*view, begin);
  }
  for (NumberColumnView* view : {&part.received_hour, &part.processing_days, &part.satisfaction}) {
    *view = slice(*view, begin);
  }
  part.problems = {};
  return part;
}

}  // namespace

ColumnCounts count_columns(const DossierColumnsView& columns,
                           const calendar::WorkCalendar& calendar,
                           const calendar::DueDateRule& rule, const TableIngestOptions& options,
                           const GroupedCountsRequest& request) {
  check_widths(columns);
  const GroupRemaps remaps(columns);
  std::vector<GroupKey> keys;
  for (const GroupBy by : request.by) {
    switch (by) {
      case GroupBy::channel:
        keys.push_back(group_key(by, present(columns.channel.codes), {}));
        break;
      case GroupBy::unit:
        keys.push_back(group_key(by, present(columns.unit.codes), remaps.unit.dictionary));
        break;
      case GroupBy::field:
        keys.push_back(group_key(by, present(columns.field.codes), remaps.field.dictionary));
        break;
      case GroupBy::procedure:
        keys.push_back(
            group_key(by, present(columns.procedure.codes), remaps.procedure.dictionary));
        break;
    }
  }
  std::size_t combinations = 1;
  bool dense = true;
  for (const GroupKey& key : keys) {
    if (combinations > kDenseGroups) break;
    combinations *= key.cardinality;
  }
  dense = combinations <= kDenseGroups && combinations * request.windows.size() <= kDenseCells;
  const std::size_t rows = columns.rows;
  if (!dense || rows == 0) {
    // Groups numbered from the rows that occur need the whole table first.
    TableIngest ingested = ingest_columns(columns, calendar, rule, options);
    GroupedCountsRequest counting = request;
    counting.threads = options.threads;
    ColumnCounts result;
    result.counts = count_grouped(ingested.table, counting);
    result.rows_in = ingested.rows_in;
    result.rows_accepted = ingested.table.size();
    result.rejected = std::move(ingested.rejected);
    return result;
  }
  const bool filing_facts =
      present(columns.online_level.codes) || present(columns.digitised_dossier.codes) ||
      present(columns.reused_data.codes) || present(columns.fee_required.codes);
  const bool result_facts = present(columns.digitised_result.codes) ||
                            present(columns.electronic_result.codes) ||
                            columns.satisfaction.data != nullptr;
  const CountPlan plan(request, std::move(keys), filing_facts, result_facts, nullptr);

  // The caller's problems by row, to hand each slice its own.
  std::vector<CellProblem> problems(columns.problems.begin(), columns.problems.end());
  for (const CellProblem& problem : problems) {
    if (problem.row >= rows) {
      throw std::invalid_argument("cell problem at row " + std::to_string(problem.row) +
                                  " beyond the " + std::to_string(rows) + " rows");
    }
  }
  std::stable_sort(problems.begin(), problems.end(),
                   [](const CellProblem& a, const CellProblem& b) { return a.row < b.row; });

  // Slices small enough for their table to stay in the cache between its validation and its
  // count, large enough for the per-slice set-up not to matter.
  constexpr std::size_t kSlice = std::size_t{1} << 15;
  const unsigned threads = thread_count(options.threads, rows);
  std::vector<std::vector<std::int64_t>> partial(threads);
  std::vector<std::vector<RejectedRow>> rejected(threads);
  std::vector<std::size_t> accepted(threads, 0);
  TableIngestOptions slice_options = options;
  slice_options.threads = 1;
  slice_options.fail_on_first_bad_row = false;
  run_chunks(rows, threads, [&](unsigned chunk, std::size_t begin, std::size_t end) {
    CountAccumulator accumulator(plan);
    TableIngest ingested;  // one slice's table, its memory reused by the next
    for (std::size_t first = begin; first < end; first += kSlice) {
      const std::size_t count = std::min(kSlice, end - first);
      DossierColumnsView part = slice(columns, first, count);
      std::vector<CellProblem> part_problems;
      auto problem =
          std::lower_bound(problems.begin(), problems.end(), first,
                           [](const CellProblem& p, std::size_t row) { return p.row < row; });
      for (; problem != problems.end() && problem->row < first + count; ++problem) {
        part_problems.push_back(
            CellProblem{problem->row - first, problem->field, problem->reason, problem->code});
      }
      part.problems = part_problems;
      ingest_with(part, remaps, calendar, rule, slice_options, ingested);
      for (RejectedRow& row : ingested.rejected) {
        row.row += first;
        rejected[chunk].push_back(std::move(row));
      }
      accepted[chunk] += ingested.table.size();
      if (const auto row = accumulator.add(ingested.table, 0, ingested.table.size())) {
        throw std::logic_error("count_columns: a validated row closes before its receipt");
      }
    }
    partial[chunk] = std::move(accumulator).totals();
  });

  ColumnCounts result;
  result.rows_in = rows;
  for (unsigned chunk = 0; chunk < threads; ++chunk) {
    result.rows_accepted += accepted[chunk];
    for (RejectedRow& row : rejected[chunk]) result.rejected.push_back(std::move(row));
  }
  if (options.fail_on_first_bad_row && !result.rejected.empty()) {
    const RejectedRow& first = result.rejected.front();
    throw rejected_row_error(options.source, first.row + 1, first);
  }
  result.counts = assemble(plan, request.by, std::move(partial));
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
