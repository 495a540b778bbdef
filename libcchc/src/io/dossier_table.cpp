#include "cchc/io/dossier_table.hpp"

#include <algorithm>
#include <functional>
#include <string>
#include <utility>

#include "cchc/error.hpp"
#include "cchc/text/unicode.hpp"
#include "cchc/text/vietnamese.hpp"
#include "record_field_index.hpp"

namespace cchc::io {
namespace {

using namespace cchc::dossier;

using namespace cchc::io::detail;  // FieldIndex: positions in record_fields()

constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);
// Rows validated and due-dated together; bounds the memory of rows not yet in the batch.
constexpr std::size_t kChunkRows = 16384;
// Distinct cell texts remembered per column: enough for every status, channel and date of a
// year, small enough to stay cheap when a column is mostly distinct.
constexpr std::size_t kCacheLimit = 8192;

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
};

// Exports repeat the same few statuses, channels and dates on every row: each distinct text
// is read with the vocabulary once.
template <typename T>
class CellCache {
 public:
  explicit CellCache(Parsed<T> (*parse)(std::string_view)) : parse_(parse) {}

  const Parsed<T>& get(std::string_view text) {
    // A full cache holds a column of mostly distinct values (receipt times): parse directly.
    if (cache_.size() >= kCacheLimit) {
      last_ = parse_(text);
      return last_;
    }
    const auto found = cache_.find(text);
    if (found != cache_.end()) return found->second;
    return cache_.emplace(std::string(text), parse_(text)).first->second;
  }

 private:
  Parsed<T> (*parse_)(std::string_view);
  std::unordered_map<std::string, Parsed<T>, StringHash, std::equal_to<>> cache_;
  Parsed<T> last_;
};

std::string_view trimmed(std::string_view text) noexcept {
  return trim_cell(text);
}

std::string describe_header(std::span<const std::string> header, std::size_t column) {
  if (column < header.size() && !is_blank(header[column])) return header[column];
  return "column " + std::to_string(column + 1);
}

// Dossier ids seen so far and the row of each: an open-addressing table over one character
// arena, so that a million ids cost two allocations that grow, not a million small ones.
class IdIndex {
 public:
  /// The row `id` was first seen at, or `row` after recording it there.
  std::size_t first_row(std::string_view id, std::size_t row) {
    if ((used_ + 1) * 2 > slots_.size()) grow();
    const std::size_t hash = std::hash<std::string_view>{}(id);
    for (std::size_t index = hash & (slots_.size() - 1);;
         index = (index + 1) & (slots_.size() - 1)) {
      Slot& slot = slots_[index];
      if (slot.row == kEmpty) {
        slot = Slot{hash, arena_.size(), id.size(), row};
        arena_.append(id);
        ++used_;
        return row;
      }
      if (slot.hash == hash && std::string_view(arena_).substr(slot.offset, slot.length) == id) {
        return slot.row;
      }
    }
  }

 private:
  static constexpr std::size_t kEmpty = static_cast<std::size_t>(-1);
  struct Slot {
    std::size_t hash = 0;
    std::size_t offset = 0;
    std::size_t length = 0;
    std::size_t row = kEmpty;
  };

  void grow() {
    std::vector<Slot> old(std::max<std::size_t>(1024, slots_.size() * 2));
    old.swap(slots_);
    for (const Slot& slot : old) {
      if (slot.row == kEmpty) continue;
      std::size_t index = slot.hash & (slots_.size() - 1);
      while (slots_[index].row != kEmpty) index = (index + 1) & (slots_.size() - 1);
      slots_[index] = slot;
    }
  }

  std::vector<Slot> slots_;
  std::size_t used_ = 0;
  std::string arena_;
};

template <typename T>
void move_append(std::vector<T>& into, std::vector<T>& from) {
  into.insert(into.end(), std::make_move_iterator(from.begin()),
              std::make_move_iterator(from.end()));
}

// Appends the columns of `from`, moved rather than copied row by row.
void append(DossierBatch& into, DossierBatch&& from) {
  if (into.empty()) {
    into = std::move(from);
    return;
  }
  // Every column of DossierBatch must be listed below: a new column changes the size.
  static_assert(sizeof(DossierBatch) == 18 * sizeof(std::vector<std::string>),
                "DossierBatch changed: append its new columns in io/dossier_table.cpp append()");
  move_append(into.id, from.id);
  move_append(into.unit, from.unit);
  move_append(into.field, from.field);
  move_append(into.procedure, from.procedure);
  move_append(into.channel, from.channel);
  move_append(into.online_level, from.online_level);
  move_append(into.status, from.status);
  move_append(into.received, from.received);
  move_append(into.due, from.due);
  move_append(into.resolved, from.resolved);
  move_append(into.returned, from.returned);
  move_append(into.digitised_dossier, from.digitised_dossier);
  move_append(into.digitised_result, from.digitised_result);
  move_append(into.electronic_result, from.electronic_result);
  move_append(into.fee_required, from.fee_required);
  move_append(into.paid_online, from.paid_online);
  move_append(into.reused_data, from.reused_data);
  move_append(into.satisfaction, from.satisfaction);
}

}  // namespace

struct DossierTableReader::Impl {
  CellCache<Channel> channel{&parse_channel};
  CellCache<OnlineLevel> online_level{&parse_online_level};
  CellCache<Status> status{&parse_status};
  CellCache<TriState> yes_no{&parse_yes_no};
  CellCache<std::uint8_t> satisfaction{&parse_satisfaction};
  CellCache<std::int32_t> working_days{&parse_working_days};
  CellCache<int> hour{&parse_hour};
  // One cache per date column: each has its own range of days.
  CellCache<DateTime> received{&parse_date_time};
  CellCache<DateTime> due{&parse_date_time};
  CellCache<DateTime> resolved{&parse_date_time};
  CellCache<DateTime> returned{&parse_date_time};
  std::vector<std::string> header_of_field;  // the input header of each mapped field
  IdIndex ids;
};

DossierTableReader::DossierTableReader(std::span<const std::string> header, std::string source,
                                       const calendar::WorkCalendar& calendar,
                                       DossierTableOptions options, std::size_t header_line,
                                       std::size_t line_offset, std::string row_word)
    : source_(std::move(source)),
      calendar_(&calendar),
      options_(std::move(options)),
      header_size_(header.size()),
      line_offset_(line_offset),
      row_word_(std::move(row_word)),
      column_of_field_(kFieldCount, kNoColumn),
      impl_(std::make_shared<Impl>()) {
  const auto& fields = record_fields();
  impl_->header_of_field.resize(kFieldCount);
  std::vector<std::size_t> rank_of_field(kFieldCount, 0);
  result_.columns.reserve(header.size());
  for (std::size_t column = 0; column < header.size(); ++column) {
    ColumnUse use{header[column], {}, {}};
    const ColumnMapping::Entry* entry =
        is_blank(header[column]) ? nullptr : options_.columns.find(header[column]);
    if (entry == nullptr) {
      use.note = is_blank(header[column]) ? "no header" : "not a known dossier column";
      result_.columns.push_back(std::move(use));
      continue;
    }
    const auto field = static_cast<std::size_t>(
        std::find(fields.begin(), fields.end(), entry->field) - fields.begin());
    const std::size_t previous = column_of_field_[field];
    if (previous != kNoColumn && rank_of_field[field] == entry->rank) {
      throw dossier::coded_parse_error(source_, header_line, header[column],
                                       {"file.repeated_header",
                                        {{"column", std::to_string(column + 1)},
                                         {"previous", std::to_string(previous + 1)},
                                         {"previous_header", header[previous]},
                                         {"field", entry->field}}});
    }
    if (previous != kNoColumn && rank_of_field[field] < entry->rank) {
      use.note =
          "a second column for field '" + entry->field + "'; '" + header[previous] + "' is used";
      result_.columns.push_back(std::move(use));
      continue;
    }
    if (previous != kNoColumn) {
      result_.columns[previous].field.clear();
      result_.columns[previous].note =
          "a second column for field '" + entry->field + "'; '" + header[column] + "' is used";
    }
    column_of_field_[field] = column;
    rank_of_field[field] = entry->rank;
    impl_->header_of_field[field] = header[column];
    use.field = entry->field;
    result_.columns.push_back(std::move(use));
  }

  // Every missing required column in one message.
  std::vector<std::string> missing;
  std::string missing_fields;  // the error's field: the missing fields' names, comma-separated
  const auto require = [&](const char* field, const char* description) {
    missing.emplace_back(description);
    missing_fields += (missing_fields.empty() ? "" : ",") + std::string(field);
  };
  if (column_of_field_[kReceived] == kNoColumn) {
    require("received", "received (date of receipt, e.g. 'Ngày tiếp nhận')");
  }
  if (column_of_field_[kStatus] == kNoColumn) require("status", "status (e.g. 'Trạng thái')");
  if (column_of_field_[kDue] == kNoColumn && column_of_field_[kProcessingDays] == kNoColumn) {
    require("due", "due or processing_days (e.g. 'Ngày hẹn trả' or 'Thời hạn giải quyết')");
  }
  if (!missing.empty()) {
    std::string descriptions;
    for (std::size_t i = 0; i < missing.size(); ++i) descriptions += (i ? "; " : "") + missing[i];
    std::string found;
    for (std::size_t column = 0; column < header.size(); ++column) {
      found += (column ? ", '" : "'") + describe_header(header, column) + "'";
    }
    std::string delimiter;
    std::string hint;
    if (header.size() == 1) {
      for (const char separator : {';', '\t', '|', ','}) {
        if (header[0].find(separator) != std::string::npos) {
          delimiter = separator == '\t' ? "\\t" : std::string(1, separator);
          hint = " (one column holding '" + delimiter + "': is that the delimiter?)";
          break;
        }
      }
    }
    // {fields} and {delimiter} let another language write the sentence from its own words.
    throw dossier::coded_parse_error(source_, header_line, missing_fields,
                                     {"file.missing_columns",
                                      {{"s", missing.size() > 1 ? "s" : ""},
                                       {"missing", descriptions},
                                       {"found", found},
                                       {"hint", hint},
                                       {"fields", missing_fields},
                                       {"delimiter", delimiter}}});
  }
  if (options_.pauses != nullptr) {
    for (const auto& [id, pauses] : *options_.pauses) pause_ids_used_.emplace(id, false);
  }
  // No reserve: a full chunk is ~4 MB of records, too much to allocate for a small file; the
  // chunk grows once and keeps its capacity across flushes.
}

void DossierTableReader::add_row(std::size_t row, std::span<const std::string> cells) {
  add_cells(row, cells);
}

void DossierTableReader::add_row(std::size_t row, std::span<const std::string_view> cells) {
  add_cells(row, cells);
}

void DossierTableReader::reject_row(std::size_t row, std::string field, std::string reason) {
  ++rows_in_;
  if (options_.fail_on_first_bad_row) {
    throw ParseError(source_, row + line_offset_, field, reason);
  }
  chunk_rejected_.push_back(RejectedRow{row, {}, std::move(field), std::move(reason)});
}

void DossierTableReader::reject_row(std::size_t row, std::string field,
                                    dossier::RejectionCode code) {
  if (options_.fail_on_first_bad_row) {
    ++rows_in_;
    throw dossier::coded_parse_error(source_, row + line_offset_, std::move(field), code);
  }
  reject_row(row, std::move(field), dossier::english(code));
  chunk_rejected_.back().code = std::move(code);
}

template <typename Cell>
void DossierTableReader::add_cells(std::size_t row, std::span<const Cell> cells) {
  if (std::all_of(cells.begin(), cells.end(), [](const Cell& cell) { return is_blank(cell); })) {
    ++result_.blank_rows;
    return;
  }
  const auto cell = [&](std::size_t field) -> std::string_view {
    const std::size_t column = column_of_field_[field];
    return column == kNoColumn ? std::string_view{} : std::string_view(cells[column]);
  };
  DossierRecord record;
  if (column_of_field_[kId] != kNoColumn && column_of_field_[kId] < cells.size()) {
    record.id = text::to_nfc(trimmed(cell(kId)));
  }
  // Blank cells past the header's columns (a trailing delimiter on every data row, as some
  // exports write) carry nothing: only a non-blank extra cell or a missing cell rejects.
  const bool blank_extras =
      cells.size() > header_size_ &&
      std::all_of(cells.begin() + static_cast<std::ptrdiff_t>(header_size_), cells.end(),
                  [](const Cell& extra) { return is_blank(extra); });
  if (cells.size() != header_size_ && !blank_extras) {
    reject_row(row, "",
               dossier::RejectionCode{"row.field_count",
                                      {{"fields", std::to_string(cells.size())},
                                       {"columns", std::to_string(header_size_)}}});
    chunk_rejected_.back().id = record.id;
    return;
  }

  // The first cell that cannot be read rejects the row, naming its column.
  std::optional<std::pair<std::size_t, dossier::RejectionCode>> problem;
  const auto fail = [&](std::size_t field, const dossier::RejectionCode& code) {
    if (!problem) problem.emplace(field, code);
  };
  const auto read = [&](std::size_t field, auto& cache, auto& out) {
    const std::string_view text = cell(field);
    if (is_blank(text)) return false;
    const auto& parsed = cache.get(trimmed(text));
    if (!parsed.ok()) {
      fail(field, parsed.code);
      return false;
    }
    out = *parsed.value;
    return true;
  };

  // Text keys in NFC: a unit typed with combining marks is the same unit (text/unicode.hpp).
  record.unit = text::to_nfc(trimmed(cell(kUnit)));
  record.field = text::to_nfc(trimmed(cell(kField)));
  record.procedure = text::to_nfc(trimmed(cell(kProcedure)));
  read(kChannel, impl_->channel, record.channel);
  read(kOnlineLevel, impl_->online_level, record.online_level);
  if (is_blank(cell(kStatus))) {
    fail(kStatus, {"cell.status_missing", {}});
  } else {
    read(kStatus, impl_->status, record.status);
  }

  DateTime received{};
  if (is_blank(cell(kReceived))) {
    fail(kReceived, {"row.received_missing", {}});
  } else if (read(kReceived, impl_->received, received)) {
    record.received = received.date;
    record.received_hour = received.hour;
  }
  int hour = 0;
  if (read(kReceivedHour, impl_->hour, hour)) record.received_hour = hour;
  DateTime date{};
  if (read(kDue, impl_->due, date)) record.due = date.date;
  if (read(kResolved, impl_->resolved, date)) record.resolved = date.date;
  if (read(kReturned, impl_->returned, date)) record.returned = date.date;
  std::int32_t days = 0;
  if (read(kProcessingDays, impl_->working_days, days)) record.processing_days = days;
  if (!is_blank(cell(kPauses))) {
    auto pauses = parse_pauses(cell(kPauses));
    if (pauses.ok()) {
      record.pauses = std::move(*pauses.value);
    } else {
      fail(kPauses, pauses.code);
    }
  }
  read(kDigitisedDossier, impl_->yes_no, record.digitised_dossier);
  read(kDigitisedResult, impl_->yes_no, record.digitised_result);
  read(kElectronicResult, impl_->yes_no, record.electronic_result);
  read(kFeeRequired, impl_->yes_no, record.fee_required);
  read(kPaidOnline, impl_->yes_no, record.paid_online);
  read(kReusedData, impl_->yes_no, record.reused_data);
  std::uint8_t rating = 0;
  if (read(kSatisfaction, impl_->satisfaction, rating)) record.satisfaction = rating;

  if (!problem && options_.reject_duplicate_ids && !record.id.empty()) {
    const std::size_t first = impl_->ids.first_row(record.id, row);
    if (first != row) {
      problem.emplace(kId, dossier::RejectionCode{
                               row_word_ == "row" ? "row.duplicate_id_row" : "row.duplicate_id",
                               {{"id", record.id}, {"first", std::to_string(first + line_offset_)}}});
    }
  }
  if (!problem && options_.pauses != nullptr && !record.id.empty()) {
    const auto found = options_.pauses->find(record.id);
    if (found != options_.pauses->end()) {
      record.pauses.insert(record.pauses.end(), found->second.begin(), found->second.end());
      std::sort(record.pauses.begin(), record.pauses.end(),
                [](const calendar::Pause& a, const calendar::Pause& b) {
                  return a.requested < b.requested;
                });
      pause_ids_used_[record.id] = true;
    }
  }

  if (problem) {
    std::string field_name(record_fields()[problem->first]);
    reject_row(row, std::move(field_name), std::move(problem->second));
    chunk_rejected_.back().id = record.id;
    return;
  }
  if (options_.fail_on_first_bad_row) {
    if (auto invalid = validate(record)) {
      throw dossier::rejected_row_error(source_, row + line_offset_, *invalid);
    }
  }
  ++rows_in_;
  chunk_.push_back(std::move(record));
  chunk_rows_.push_back(row);
  if (chunk_.size() >= (options_.fail_on_first_bad_row ? 1 : kChunkRows)) flush();
}

void DossierTableReader::flush() {
  IngestResult part;
  if (!chunk_.empty()) part = ingest(chunk_, *calendar_, options_.rule);
  if (options_.fail_on_first_bad_row && !part.rejected.empty()) {
    const RejectedRow& first = part.rejected.front();
    throw dossier::rejected_row_error(source_, chunk_rows_[first.row] + line_offset_, first);
  }
  for (RejectedRow& rejected : part.rejected) rejected.row = chunk_rows_[rejected.row];
  // Both lists are in input order: merge them so that rejected rows stay in input order.
  auto& out = result_.ingested.rejected;
  const std::size_t middle = out.size();
  out.insert(out.end(), std::make_move_iterator(chunk_rejected_.begin()),
             std::make_move_iterator(chunk_rejected_.end()));
  const std::size_t middle2 = out.size();
  out.insert(out.end(), std::make_move_iterator(part.rejected.begin()),
             std::make_move_iterator(part.rejected.end()));
  std::inplace_merge(out.begin() + static_cast<std::ptrdiff_t>(middle),
                     out.begin() + static_cast<std::ptrdiff_t>(middle2), out.end(),
                     [](const RejectedRow& a, const RejectedRow& b) { return a.row < b.row; });

  append(result_.ingested.batch, std::move(part.batch));
  chunk_.clear();
  chunk_rows_.clear();
  chunk_rejected_.clear();
}

DossierReadResult DossierTableReader::finish() {
  flush();
  result_.ingested.rows_in = rows_in_;
  for (const auto& [id, used] : pause_ids_used_) {
    if (!used) result_.unmatched_pause_ids.push_back(id);
  }
  std::sort(result_.unmatched_pause_ids.begin(), result_.unmatched_pause_ids.end());
  DossierReadResult result = std::move(result_);
  result_ = {};
  return result;
}

}  // namespace cchc::io
