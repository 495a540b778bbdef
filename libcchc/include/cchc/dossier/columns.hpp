// The columnar core of the dossier indicators: dossiers as columns of plain arrays, validated in
// one pass, and grouped counts over any combination of unit, field, procedure, channel and
// contiguous reporting windows (periods) in one pass, on several threads.
//
// Input is a set of non-owning views over caller memory (numpy, pandas, Arrow buffers): dates
// as int32 day numbers or int64 datetime64 values of any unit, enums and group columns as
// integer codes of any width with a small lookup table or dictionary, numbers as int64 or
// float64, each with an optional missing mask. Nothing is copied before validation; the
// validation writes the accepted rows once into a compact owned DossierTable that counting
// reads. Formats, sentinels and the algorithm: docs/dossier/columns.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "cchc/calendar/due_date.hpp"
#include "cchc/calendar/period.hpp"
#include "cchc/calendar/work_calendar.hpp"
#include "cchc/dossier/classify.hpp"
#include "cchc/dossier/indicators.hpp"
#include "cchc/dossier/record.hpp"

namespace cchc::dossier {

/// A missing day in an int32 day-number column (numpy's NaT is INT64_MIN in int64 columns).
inline constexpr std::int32_t kMissingDay = std::numeric_limits<std::int32_t>::min();

// ---- Input views ------------------------------------------------------------------------

/// What the values of a date column count: int32 days since 1970-01-01 (missing =
/// kMissingDay) or int64 datetime64 values in days, seconds, … (missing = INT64_MIN, NaT).
enum class DateUnit : std::uint8_t {
  days32,
  days,
  seconds,
  milliseconds,
  microseconds,
  nanoseconds
};

/// A column absent from the input has data == nullptr: every row is missing.
/// `missing` (optional, one byte per row, non-zero = missing) is Arrow's or pandas' validity.
struct DateColumnView {
  const void* data = nullptr;
  DateUnit unit = DateUnit::days32;
  const std::uint8_t* missing = nullptr;
};

/// Integer codes of width 1, 2, 4 or 8 bytes (signed; a negative code is missing), e.g.
/// pandas categorical codes, Arrow dictionary indices, numpy bool (width 1).
struct CodeColumnView {
  const void* data = nullptr;
  std::uint8_t width = 4;
  const std::uint8_t* missing = nullptr;
};

/// A text column as codes into `dictionary` (unit, field, procedure). A missing code is the
/// empty text, as a missing cell was before. Equal texts in the dictionary are one group.
struct GroupColumnView {
  CodeColumnView codes;
  std::span<const std::string> dictionary;
};

/// An enum or tri-state column as codes and `values`: code → the enum's underlying value, or
/// kInvalidCode for a text the column cannot hold (the caller rejects those rows: see
/// DossierColumnsView::problems; a row reaching the core with it is rejected too).
struct EnumColumnView {
  static constexpr std::int16_t kInvalidCode = -128;
  CodeColumnView codes;
  std::span<const std::int16_t> values;
};

/// A whole-number column: int64 or float64 (NaN is missing; a fraction is an error).
struct NumberColumnView {
  const void* data = nullptr;
  bool is_float = false;
  const std::uint8_t* missing = nullptr;
};

/// A cell the caller could not read (an unparseable date, an unknown enum text): the row is
/// rejected with this field and reason.
struct CellProblem {
  std::size_t row = 0;
  std::string field;
  std::string reason;
  /// The reason as a code of rejection_templates(), when the reader has one (else empty).
  RejectionCode code{};
};

/// The columns of a dossier table, by DossierRecord field. Every view has `rows` values.
/// Pauses are not columns: give the system's appointment date in `due`.
struct DossierColumnsView {
  std::size_t rows = 0;
  GroupColumnView unit, field, procedure;
  EnumColumnView channel, online_level, status;
  DateColumnView received, due, resolved, returned;
  NumberColumnView received_hour, processing_days, satisfaction;
  EnumColumnView digitised_dossier, digitised_result, electronic_result, fee_required, paid_online,
      reused_data;
  /// Rows already found bad by the caller, in any order; each is rejected with its problem
  /// (the first one given for a row) before any other rule is checked.
  std::span<const CellProblem> problems;
};

// ---- The validated table ----------------------------------------------------------------

namespace detail {
/// Memory of a table column. From a few MiB up it is aligned to 2 MiB and, on Linux, advised
/// for transparent huge pages: the first writes of a 10 M-row table otherwise take ~50 000 page
/// faults, more time in the kernel than the conversion itself. Freed by deallocate_column with
/// the same byte count.
void* allocate_column(std::size_t bytes);
void deallocate_column(void* data, std::size_t bytes) noexcept;
}  // namespace detail

/// std::allocator whose value-less construct() default-initialises: resize() of a column
/// leaves the values to the threads that write them (no serial zero-fill of ~20 bytes a row,
/// and each thread first-touches its own pages), with large columns on huge pages.
template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  using std::allocator<T>::allocator;

  [[nodiscard]] T* allocate(std::size_t n) {
    if (n > std::numeric_limits<std::size_t>::max() / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(detail::allocate_column(n * sizeof(T)));
  }
  void deallocate(T* data, std::size_t n) noexcept {
    detail::deallocate_column(data, n * sizeof(T));
  }

  template <typename U>
  void construct(U* place) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(place)) U;
  }
  template <typename U, typename... Args>
  void construct(U* place, Args&&... args) {
    ::new (static_cast<void*>(place)) U(std::forward<Args>(args)...);
  }
};

/// A column of the validated table.
template <typename T>
using Column = std::vector<T, DefaultInitAllocator<T>>;

/// A text column of the table: int32 codes into a dictionary of distinct texts.
struct GroupColumn {
  Column<std::int32_t> codes;  // empty: the column was absent, every row is ""
  std::vector<std::string> dictionary;
};

/// Accepted dossiers as compact columns. Dates are day numbers (kMissingDay for missing);
/// `due` is always set (computed from processing_days when the row had none). An empty
/// enum / tri-state / satisfaction column means the input had none: every row is unknown /
/// missing.
struct DossierTable {
  std::size_t rows = 0;
  GroupColumn unit, field, procedure;
  Column<std::int32_t> received, due, resolved, returned;
  Column<Status> status;
  Column<Channel> channel;
  Column<OnlineLevel> online_level;
  Column<TriState> digitised_dossier, digitised_result, electronic_result, fee_required,
      paid_online, reused_data;
  Column<std::uint8_t> satisfaction;          // 0 = missing
  std::int32_t first_received = kMissingDay;  // smallest `received`, kMissingDay when empty
  std::int32_t last_received = kMissingDay;

  [[nodiscard]] std::size_t size() const noexcept { return rows; }
  [[nodiscard]] bool empty() const noexcept { return rows == 0; }
};

struct TableIngestOptions {
  unsigned threads = 0;  // 0: std::thread::hardware_concurrency()
  /// Throw ParseError(source, row + 1, field, reason) for the first bad row (the smallest row
  /// number) instead of returning it in `rejected`.
  bool fail_on_first_bad_row = false;
  std::string source = "<columns>";
};

/// rows_in == table.size() + rejected.size() always; `rejected` is in row order. RejectedRow
/// ids are left empty: the caller holds the id column and fills them for these rows only.
struct TableIngest {
  DossierTable table;
  std::vector<RejectedRow> rejected;
  std::size_t rows_in = 0;
};

/// Validates every row with the rules of validate() (first_broken_rule), computes missing due
/// dates with calendar::due_date, and writes the accepted rows into a DossierTable. Threads
/// split the rows in contiguous chunks: the result does not depend on their number. Throws
/// std::invalid_argument for a view that is not what it says (a code width of 3 …).
TableIngest ingest_columns(const DossierColumnsView& columns,
                           const calendar::WorkCalendar& calendar,
                           const calendar::DueDateRule& rule = {},
                           const TableIngestOptions& options = {});

/// The rows of a DossierBatch as a table (texts dictionary-encoded), for the row API.
DossierTable to_table(const DossierBatch& batch);

// ---- Grouped counts ---------------------------------------------------------------------

/// What to count: groups of any subset of unit, field, procedure, channel (in the order
/// given) crossed with `windows`, contiguous in time (each starts the day after the previous
/// ends: the data ranges of consecutive periods of one kind, or one explicit window).
struct GroupedCountsRequest {
  std::vector<GroupBy> by;
  std::vector<calendar::DataRange> windows;
  ClassifyOptions options;
  unsigned threads = 0;  // 0: std::thread::hardware_concurrency()
};

/// One row per (group, window) for every group combination that occurs among the table's
/// rows, in every window (a group with no dossier in a window still has its not_in_period
/// counts there; a combination that occurs in no row never appears; without `by` the one
/// group is always there, all zeros for an empty table). Rows are ordered by the group texts
/// (byte order), then by window.
struct GroupedCounts {
  std::vector<GroupBy> by;
  std::size_t windows = 0;
  /// For each `by` column, the label of every code (dictionary or channel keys).
  std::vector<std::vector<std::string>> labels;
  /// groups() × by.size() codes into `labels`, group-major.
  std::vector<std::int32_t> group_codes;
  /// groups() × windows counts, group-major.
  std::vector<IndicatorCounts> counts;

  [[nodiscard]] std::size_t groups() const noexcept {
    return windows == 0 ? 0 : counts.size() / windows;
  }
  [[nodiscard]] const IndicatorCounts& at(std::size_t group, std::size_t window) const {
    return counts.at(group * windows + window);
  }
  [[nodiscard]] std::string_view label(std::size_t group, std::size_t column) const {
    return labels.at(column).at(
        static_cast<std::size_t>(group_codes.at(group * by.size() + column)));
  }
};

/// Counts of every group in every window in one pass over the rows, each dossier in O(1)
/// whatever the number of windows it is open across: per group, histograms of the window it
/// was received in (by channel) and closed in (by outcome), and difference arrays over the
/// windows it is in period in and pending past its due date in; prefix sums give every count.
/// For one window and no groups the single row equals count(batch, window). Throws
/// std::invalid_argument when the windows are empty, not in order or not contiguous, or when a
/// row closes before it is received (validated tables never do).
GroupedCounts count_grouped(const DossierTable& table, const GroupedCountsRequest& request);

/// What count_columns found: the counts, and the rows as ingest_columns accounts for them
/// (rows_in == rows_accepted + rejected.size(); `rejected` in row order, ids left empty).
struct ColumnCounts {
  GroupedCounts counts;
  std::vector<RejectedRow> rejected;
  std::size_t rows_in = 0;
  std::size_t rows_accepted = 0;
};

/// count_grouped(ingest_columns(columns, calendar, rule, options).table, request) in one pass,
/// without the table: each thread validates a slice of rows into a small table it reuses and
/// counts it while it is in the cache, so the accepted rows are never written to (fresh) memory.
/// Same counts, same rejected rows, same errors. The threads are options.threads
/// (request.threads is not read). For one-shot questions; to ask several of the same data,
/// ingest once and call count_grouped.
ColumnCounts count_columns(const DossierColumnsView& columns,
                           const calendar::WorkCalendar& calendar,
                           const calendar::DueDateRule& rule, const TableIngestOptions& options,
                           const GroupedCountsRequest& request);

/// The data ranges of the periods of `kind` overlapping [first, last] under `rule`.
std::vector<calendar::DataRange> period_windows(calendar::Date first, calendar::Date last,
                                                calendar::PeriodKind kind,
                                                const calendar::CutoffRule& rule);

}  // namespace cchc::dossier
