// Arrow tables (pyarrow, Polars, anything with __arrow_c_stream__) read into the columnar core
// without a Python object per cell: the record batches are taken through the Arrow C data
// interface, each column is read from its buffers into the views of columns.hpp (dates as int32
// days, text as codes into its distinct values, enums as their values), and the distinct values
// of a text column meet the CSV reader's vocabulary once. The header mapping, the cell rules
// and the rejections are those of DossierTableReader (the CSV reader): rows in = accepted +
// rejected, each rejection with its 0-based row, id, field and reason. Formats and decisions
// (time zones, dictionary indices): docs/dossier/inputs.md, "Parquet and Arrow tables".
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "cchc/dossier/columns.hpp"
#include "cchc/dossier/vocabulary.hpp"
#include "cchc/error.hpp"
#include "cchc/io/dossier_table.hpp"
#include "cchc/text/unicode.hpp"
#include "dossier_table.hpp"

namespace py = pybind11;
using cchc::calendar::WorkCalendar;
using namespace cchc::dossier;

// The Arrow C data interface (arrow.apache.org/docs/format/CDataInterface.html): an ABI-stable
// specification whose structs consumers declare themselves, so no Arrow library is linked.
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE
extern "C" {
struct ArrowSchema {
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;
  void (*release)(struct ArrowSchema*);
  void* private_data;
};

struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;
  void (*release)(struct ArrowArray*);
  void* private_data;
};
}
#endif
#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE
extern "C" {
struct ArrowArrayStream {
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  const char* (*get_last_error)(struct ArrowArrayStream*);
  void (*release)(struct ArrowArrayStream*);
  void* private_data;
};
}
#endif

namespace {

// ---- Types and chunks -----------------------------------------------------------------------

enum class Kind : std::uint8_t {
  null,
  boolean,
  int8,
  uint8,
  int16,
  uint16,
  int32,
  uint32,
  int64,
  uint64,
  float32,
  float64,
  utf8,
  large_utf8,
  utf8_view,
  date32,
  date64,
  timestamp,
  dictionary,
  other,
};

struct Type {
  Kind kind = Kind::other;
  std::string format;
  std::int64_t per_day = 1;      // timestamp: values per day
  std::int64_t per_hour = 1;     // timestamp: values per hour
  bool zoned = false;            // timestamp with a time zone
  Kind index = Kind::other;      // dictionary: the index type
  std::shared_ptr<Type> values;  // dictionary: the value type
};

Kind integer_kind(std::string_view format) {
  if (format == "c") return Kind::int8;
  if (format == "C") return Kind::uint8;
  if (format == "s") return Kind::int16;
  if (format == "S") return Kind::uint16;
  if (format == "i") return Kind::int32;
  if (format == "I") return Kind::uint32;
  if (format == "l") return Kind::int64;
  if (format == "L") return Kind::uint64;
  return Kind::other;
}

Type type_of(const ArrowSchema& schema) {
  Type type;
  type.format = schema.format == nullptr ? "" : schema.format;
  const std::string_view format = type.format;
  if (schema.dictionary != nullptr) {
    type.kind = Kind::dictionary;
    type.index = integer_kind(format);
    type.values = std::make_shared<Type>(type_of(*schema.dictionary));
    if (type.index == Kind::other) type.kind = Kind::other;
    return type;
  }
  if (const Kind integer = integer_kind(format); integer != Kind::other) {
    type.kind = integer;
  } else if (format == "n") {
    type.kind = Kind::null;
  } else if (format == "b") {
    type.kind = Kind::boolean;
  } else if (format == "f") {
    type.kind = Kind::float32;
  } else if (format == "g") {
    type.kind = Kind::float64;
  } else if (format == "u") {
    type.kind = Kind::utf8;
  } else if (format == "U") {
    type.kind = Kind::large_utf8;
  } else if (format == "vu") {
    type.kind = Kind::utf8_view;
  } else if (format == "tdD") {
    type.kind = Kind::date32;
  } else if (format == "tdm") {
    type.kind = Kind::date64;
  } else if (format.size() >= 4 && format.substr(0, 2) == "ts" && format[3] == ':') {
    type.kind = Kind::timestamp;
    constexpr std::int64_t kSecondsPerDay = 86400;
    const std::int64_t per_second = format[2] == 's'   ? 1
                                    : format[2] == 'm' ? 1000
                                    : format[2] == 'u' ? 1000000
                                    : format[2] == 'n' ? 1000000000
                                                       : 0;
    if (per_second == 0) type.kind = Kind::other;
    type.per_day = kSecondsPerDay * per_second;
    type.per_hour = 3600 * per_second;
    type.zoned = format.size() > 4;
  }
  return type;
}

bool is_text(const Type& type) {
  return type.kind == Kind::utf8 || type.kind == Kind::large_utf8 || type.kind == Kind::utf8_view;
}

// One chunk of a column: rows [offset, offset + length) of `array`.
struct Chunk {
  const ArrowArray* array = nullptr;
  std::int64_t offset = 0;
  std::int64_t length = 0;
};

struct Column {
  std::string header;
  Type type;
  std::vector<Chunk> chunks;
};

bool valid(const Chunk& chunk, std::int64_t i) {
  const auto* bitmap = static_cast<const std::uint8_t*>(chunk.array->buffers[0]);
  if (chunk.array->n_buffers == 0) return false;  // the null type
  if (bitmap == nullptr) return true;
  const std::int64_t bit = chunk.offset + i;
  return ((bitmap[bit >> 3] >> (bit & 7)) & 1) != 0;
}

template <typename T>
const T* values_of(const Chunk& chunk) {
  return static_cast<const T*>(chunk.array->buffers[1]) + chunk.offset;
}

// Text of row i of a utf8 / large_utf8 / utf8_view chunk (the row is valid).
std::string_view text_at(const Type& type, const Chunk& chunk, std::int64_t i) {
  const ArrowArray& array = *chunk.array;
  const std::int64_t at = chunk.offset + i;
  if (type.kind == Kind::utf8) {
    const auto* offsets = static_cast<const std::int32_t*>(array.buffers[1]);
    const char* data = static_cast<const char*>(array.buffers[2]);
    return {data + offsets[at], static_cast<std::size_t>(offsets[at + 1] - offsets[at])};
  }
  if (type.kind == Kind::large_utf8) {
    const auto* offsets = static_cast<const std::int64_t*>(array.buffers[1]);
    const char* data = static_cast<const char*>(array.buffers[2]);
    return {data + offsets[at], static_cast<std::size_t>(offsets[at + 1] - offsets[at])};
  }
  // utf8_view: 16 bytes a value; up to 12 bytes inline, longer ones in a variadic buffer.
  const auto* view = static_cast<const std::uint8_t*>(array.buffers[1]) + 16 * at;
  std::int32_t size = 0;
  std::memcpy(&size, view, 4);
  if (size <= 12) return {reinterpret_cast<const char*>(view + 4), static_cast<std::size_t>(size)};
  std::int32_t buffer = 0;
  std::int32_t offset = 0;
  std::memcpy(&buffer, view + 8, 4);
  std::memcpy(&offset, view + 12, 4);
  const char* data = static_cast<const char*>(array.buffers[2 + buffer]);
  return {data + offset, static_cast<std::size_t>(size)};
}

// ---- Distinct values ------------------------------------------------------------------------

// The code of a cell: its distinct value, or one of these.
constexpr std::int32_t kMissingCode = -1;
constexpr std::int32_t kBadIndexCode = -2;

std::string number_text(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<std::int64_t>(value));
  }
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

// The distinct values of a column across its chunks (and the dictionaries of its chunks), as
// the text a CSV cell would hold, and the code of each row. A dictionary index outside its
// dictionary is never wrapped: the row gets kBadIndexCode and a reason.
class Factorizer {
 public:
  std::vector<std::string> texts;                          // by code
  std::vector<std::pair<std::size_t, RejectionCode>> bad;  // (row, reason)

  void column(const Column& column, std::int32_t* codes) {
    std::size_t row = 0;
    for (const Chunk& chunk : column.chunks) {
      rows(column.type, chunk, codes + row, row);
      row += static_cast<std::size_t>(chunk.length);
    }
  }

 private:
  // Distinct texts: open addressing over (hash, code), the texts themselves in `texts`.
  struct TextSlot {
    std::uint64_t hash = 0;
    std::int32_t code = -1;
  };
  std::vector<TextSlot> text_slots_;
  std::unordered_map<std::uint64_t, std::int32_t> by_bits_;
  std::vector<std::int32_t> small_;  // codes of the integers 0…kSmall-1, -3 unseen
  static constexpr std::int64_t kSmall = 4096;
  static constexpr std::int32_t kUnseen = -3;

  std::int32_t of_text(std::string_view text) {
    if ((texts.size() + 1) * 2 > text_slots_.size()) grow_text_slots();
    const std::uint64_t hash = std::hash<std::string_view>{}(text);
    const std::size_t mask = text_slots_.size() - 1;
    for (std::size_t index = hash & mask;; index = (index + 1) & mask) {
      TextSlot& slot = text_slots_[index];
      if (slot.code < 0) {
        slot = TextSlot{hash, static_cast<std::int32_t>(texts.size())};
        texts.emplace_back(text);
        return slot.code;
      }
      if (slot.hash == hash && texts[static_cast<std::size_t>(slot.code)] == text) {
        return slot.code;
      }
    }
  }

  void grow_text_slots() {
    std::vector<TextSlot> old(std::max<std::size_t>(64, text_slots_.size() * 2));
    old.swap(text_slots_);
    const std::size_t mask = text_slots_.size() - 1;
    for (const TextSlot& slot : old) {
      if (slot.code < 0) continue;
      std::size_t index = slot.hash & mask;
      while (text_slots_[index].code >= 0) index = (index + 1) & mask;
      text_slots_[index] = slot;
    }
  }

  template <typename Text>
  std::int32_t of_bits(std::uint64_t bits, Text&& text) {
    const auto found = by_bits_.find(bits);
    if (found != by_bits_.end()) return found->second;
    const auto code = static_cast<std::int32_t>(texts.size());
    texts.push_back(text());
    by_bits_.emplace(bits, code);
    return code;
  }

  template <typename T>
  std::int32_t of_integer(T value) {
    const bool small = value >= 0 && static_cast<std::uint64_t>(value) <
                                         static_cast<std::uint64_t>(kSmall);
    if (small) {
      if (small_.empty()) small_.assign(kSmall, kUnseen);
      std::int32_t& code = small_[static_cast<std::size_t>(value)];
      if (code == kUnseen) {
        code = static_cast<std::int32_t>(texts.size());
        texts.push_back(std::to_string(value));
      }
      return code;
    }
    return of_bits(static_cast<std::uint64_t>(value), [&] { return std::to_string(value); });
  }

  template <typename T>
  void integers(const Chunk& chunk, std::int32_t* codes) {
    const T* values = values_of<T>(chunk);
    for (std::int64_t i = 0; i < chunk.length; ++i) {
      codes[i] = valid(chunk, i) ? of_integer(values[i]) : kMissingCode;
    }
  }

  template <typename T>
  void floats(const Chunk& chunk, std::int32_t* codes) {
    const T* values = values_of<T>(chunk);
    for (std::int64_t i = 0; i < chunk.length; ++i) {
      double value = static_cast<double>(values[i]);
      if (!valid(chunk, i) || std::isnan(value)) {
        codes[i] = kMissingCode;  // NaN is a missing number, as in pandas
        continue;
      }
      if (value == 0.0) value = 0.0;  // -0.0 is 0
      std::uint64_t bits = 0;
      std::memcpy(&bits, &value, sizeof bits);
      codes[i] = of_bits(bits, [&] { return number_text(value); });
    }
  }

  template <typename Index>
  void indices(const Chunk& chunk, std::span<const std::int32_t> entries, std::int32_t* codes,
               std::size_t first_row) {
    const Index* values = values_of<Index>(chunk);
    const auto size = static_cast<std::uint64_t>(entries.size());
    for (std::int64_t i = 0; i < chunk.length; ++i) {
      if (!valid(chunk, i)) {
        codes[i] = kMissingCode;
        continue;
      }
      const Index index = values[i];
      // Compared in the index's own type: a uint64 beyond int64 or a negative index is out
      // of range, never wrapped into it.
      if constexpr (std::is_signed_v<Index>) {
        if (index >= 0 && static_cast<std::uint64_t>(index) < size) {
          codes[i] = entries[static_cast<std::size_t>(index)];
          continue;
        }
      } else {
        if (static_cast<std::uint64_t>(index) < size) {
          codes[i] = entries[static_cast<std::size_t>(index)];
          continue;
        }
      }
      codes[i] = kBadIndexCode;
      bad.emplace_back(
          first_row + static_cast<std::size_t>(i),
          RejectionCode{"cell.dictionary_index",
                        {{"index", std::to_string(index)}, {"size", std::to_string(size)}}});
    }
  }

  void rows(const Type& type, const Chunk& chunk, std::int32_t* codes, std::size_t first_row) {
    switch (type.kind) {
      case Kind::null:
        std::fill(codes, codes + chunk.length, kMissingCode);
        return;
      case Kind::boolean: {
        const auto* bits = static_cast<const std::uint8_t*>(chunk.array->buffers[1]);
        for (std::int64_t i = 0; i < chunk.length; ++i) {
          if (!valid(chunk, i)) {
            codes[i] = kMissingCode;
            continue;
          }
          const std::int64_t bit = chunk.offset + i;
          const bool value = ((bits[bit >> 3] >> (bit & 7)) & 1) != 0;
          codes[i] = of_text(value ? "true" : "false");
        }
        return;
      }
      case Kind::int8:
        return integers<std::int8_t>(chunk, codes);
      case Kind::uint8:
        return integers<std::uint8_t>(chunk, codes);
      case Kind::int16:
        return integers<std::int16_t>(chunk, codes);
      case Kind::uint16:
        return integers<std::uint16_t>(chunk, codes);
      case Kind::int32:
        return integers<std::int32_t>(chunk, codes);
      case Kind::uint32:
        return integers<std::uint32_t>(chunk, codes);
      case Kind::int64:
        return integers<std::int64_t>(chunk, codes);
      case Kind::uint64:
        return integers<std::uint64_t>(chunk, codes);
      case Kind::float32:
        return floats<float>(chunk, codes);
      case Kind::float64:
        return floats<double>(chunk, codes);
      case Kind::utf8:
      case Kind::large_utf8:
      case Kind::utf8_view: {
        std::string_view last;
        std::int32_t last_code = kUnseen;
        for (std::int64_t i = 0; i < chunk.length; ++i) {
          if (!valid(chunk, i)) {
            codes[i] = kMissingCode;
            continue;
          }
          const std::string_view text = text_at(type, chunk, i);
          // Exports repeat values in runs (sorted by unit, by day): skip the hash for those.
          if (last_code == kUnseen || text != last) {
            last_code = of_text(text);
            last = text;
          }
          codes[i] = last_code;
        }
        return;
      }
      case Kind::dictionary: {
        const ArrowArray* dictionary = chunk.array->dictionary;
        std::vector<std::int32_t> entries;
        if (dictionary != nullptr && dictionary->length > 0) {
          entries.resize(static_cast<std::size_t>(dictionary->length));
          rows(*type.values, Chunk{dictionary, dictionary->offset, dictionary->length},
               entries.data(), 0);
        }
        switch (type.index) {
          case Kind::int8:
            return indices<std::int8_t>(chunk, entries, codes, first_row);
          case Kind::uint8:
            return indices<std::uint8_t>(chunk, entries, codes, first_row);
          case Kind::int16:
            return indices<std::int16_t>(chunk, entries, codes, first_row);
          case Kind::uint16:
            return indices<std::uint16_t>(chunk, entries, codes, first_row);
          case Kind::int32:
            return indices<std::int32_t>(chunk, entries, codes, first_row);
          case Kind::uint32:
            return indices<std::uint32_t>(chunk, entries, codes, first_row);
          case Kind::int64:
            return indices<std::int64_t>(chunk, entries, codes, first_row);
          case Kind::uint64:
            return indices<std::uint64_t>(chunk, entries, codes, first_row);
          default:
            break;
        }
        break;
      }
      default:
        break;
    }
    throw std::invalid_argument("a column of Arrow type '" + type.format +
                                "' cannot be read as dossier values");
  }
};

// ---- The table ------------------------------------------------------------------------------

// A record batch owned until it goes away (then released: the release callbacks of pyarrow take
// the GIL themselves when a buffer is a Python object).
struct Batch {
  ArrowArray array{};
  Batch() = default;
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;
  ~Batch() {
    if (array.release != nullptr) array.release(&array);
  }
};

// The batches of an Arrow stream (__arrow_c_stream__), one at a time: a batch is released once
// read, so that a Parquet file streamed by row groups is never whole in memory.
class Stream {
 public:
  Stream(const py::object& data, const std::vector<std::string>& header, std::string source)
      : source_(std::move(source)) {
    py::object capsule = data.attr("__arrow_c_stream__")();
    auto* stream = static_cast<ArrowArrayStream*>(
        PyCapsule_GetPointer(capsule.ptr(), "arrow_array_stream"));
    if (stream == nullptr) throw py::error_already_set();
    stream_ = *stream;
    stream->release = nullptr;  // moved: the capsule no longer owns it
    if (stream_.get_schema(&stream_, &schema_) != 0) fail("the schema");
    if (std::strcmp(schema_.format, "+s") != 0 ||
        static_cast<std::size_t>(schema_.n_children) != header.size()) {
      throw py::value_error("the Arrow stream is not a table of " +
                            std::to_string(header.size()) + " columns");
    }
    for (std::size_t c = 0; c < header.size(); ++c) {
      types_.push_back(type_of(*schema_.children[c]));
    }
  }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  ~Stream() {
    if (schema_.release != nullptr) schema_.release(&schema_);
    if (stream_.release != nullptr) stream_.release(&stream_);
  }

  // The next batch, or nullptr at the end of the stream.
  std::unique_ptr<Batch> next() {
    auto batch = std::make_unique<Batch>();
    if (stream_.get_next(&stream_, &batch->array) != 0) fail("a record batch");
    if (batch->array.release == nullptr) return nullptr;
    if (static_cast<std::size_t>(batch->array.n_children) != types_.size()) {
      throw std::invalid_argument("a record batch does not have the schema's columns");
    }
    return batch;
  }

  [[nodiscard]] const std::vector<Type>& types() const noexcept { return types_; }

 private:
  // A reader's failure (a damaged Parquet page, …) names the source, as a file error does.
  [[noreturn]] void fail(const std::string& what) {
    const char* error = stream_.get_last_error ? stream_.get_last_error(&stream_) : nullptr;
    throw cchc::ParseError(source_, 0, "",
                           "không đọc được dữ liệu Arrow (" + what + ")" +
                               (error ? std::string(": ") + error : std::string()));
  }

  std::string source_;
  ArrowArrayStream stream_{};
  ArrowSchema schema_{};
  std::vector<Type> types_;
};

// ---- Rows that are entirely blank -----------------------------------------------------------

// Marks the rows with a non-blank cell in `column` (a null, or text of only whitespace, is
// blank; any other value is not).
void mark_non_blank(const Column& column, std::vector<std::uint8_t>& non_blank) {
  std::size_t row = 0;
  for (const Chunk& chunk : column.chunks) {
    std::uint8_t* out = non_blank.data() + row;
    row += static_cast<std::size_t>(chunk.length);
    const Type& type = column.type;
    if (is_text(type)) {
      for (std::int64_t i = 0; i < chunk.length; ++i) {
        if (!out[i] && valid(chunk, i) && !is_blank(text_at(type, chunk, i))) out[i] = 1;
      }
    } else if (type.kind == Kind::dictionary && is_text(*type.values)) {
      // A blank dictionary value makes its rows blank: read through the codes.
      Factorizer distinct;
      std::vector<std::int32_t> codes(static_cast<std::size_t>(chunk.length));
      Column one{column.header, type, {chunk}};
      distinct.column(one, codes.data());
      std::vector<std::uint8_t> blank(distinct.texts.size());
      for (std::size_t code = 0; code < blank.size(); ++code) {
        blank[code] = is_blank(distinct.texts[code]) ? 1 : 0;
      }
      for (std::int64_t i = 0; i < chunk.length; ++i) {
        const std::int32_t code = codes[static_cast<std::size_t>(i)];
        if (code == kBadIndexCode || (code >= 0 && !blank[static_cast<std::size_t>(code)])) {
          out[i] = 1;
        }
      }
    } else if (type.format.starts_with("+u") || type.format.starts_with("+r")) {
      // Unions and run-end encoded arrays have no validity bitmap of their own.
      std::fill(out, out + chunk.length, std::uint8_t{1});
    } else {
      for (std::int64_t i = 0; i < chunk.length; ++i) {
        if (valid(chunk, i)) out[i] = 1;
      }
    }
  }
}

bool never_blank(const Column& column) {
  if (is_text(column.type) || column.type.kind == Kind::dictionary ||
      column.type.kind == Kind::null || column.type.kind == Kind::float32 ||
      column.type.kind == Kind::float64) {
    return false;
  }
  for (const Chunk& chunk : column.chunks) {
    if (chunk.array->null_count != 0) return false;  // -1: not known
  }
  return true;
}

// ---- Fields ---------------------------------------------------------------------------------

// What a field's column has read so far, kept across batches: its distinct values and what each
// one reads as, so that a value is read with the vocabulary once per table, not per batch.
struct FieldState {
  Factorizer distinct;
  std::vector<std::int8_t> enums;
  std::vector<double> numbers;
  std::vector<DateTime> dates;
  std::vector<std::uint8_t> blank;
  std::vector<CellReason> errors;  // why each distinct value cannot be read (empty: it can)
  std::vector<std::string> trimmed;
};

// A cell problem whose reason is `code`'s English.
CellProblem coded_problem(std::size_t row, const std::string& field, RejectionCode code) {
  std::string reason = english(code);
  return CellProblem{row, field, std::move(reason), std::move(code)};
}

// Owned buffers behind the views, and the problems of the cells.
struct Reading {
  std::map<std::string, FieldState>* states = nullptr;
  std::size_t rows = 0;
  std::deque<std::vector<std::int32_t>> int32s;
  std::deque<std::vector<std::int8_t>> int8s;
  std::deque<std::vector<double>> doubles;
  std::deque<std::vector<std::int16_t>> values;
  // Problems by field in the order the CSV reader checks cells: the first one of a row wins.
  std::map<int, std::vector<CellProblem>> problems;
  std::vector<std::int32_t> scratch;

  std::int32_t* codes_of(const Column& column, Factorizer& distinct, int order,
                         const std::string& field) {
    scratch.resize(rows);
    distinct.bad.clear();
    distinct.column(column, scratch.data());
    for (auto& [row, code] : distinct.bad) {
      std::string reason = english(code);
      problems[order].push_back(CellProblem{row, field, std::move(reason), std::move(code)});
    }
    distinct.bad.clear();
    return scratch.data();
  }
};

// The priority of a field's problems: the CSV reader's order of cell checks.
enum Order : int {
  kChannelOrder,
  kOnlineLevelOrder,
  kStatusOrder,
  kReceivedOrder,
  kReceivedHourOrder,
  kDueOrder,
  kResolvedOrder,
  kReturnedOrder,
  kProcessingDaysOrder,
  kTriStateOrder,  // + 0…5
  kSatisfactionOrder = kTriStateOrder + 6,
  kGroupOrder,  // + 0…2
  kIdOrder = kGroupOrder + 3,
  kDuplicateOrder,
};

template <typename T>
using Parser = Parsed<T> (*)(std::string_view);

// Each distinct text read once with `parse`; `value` turns a success into the output value.
template <typename T, typename Out, typename Convert>
void read_distinct(const std::vector<std::string>& texts, Parser<T> parse, Convert&& convert,
                   std::vector<Out>& out, std::vector<CellReason>& errors, Out blank) {
  const std::size_t first = out.size();  // the values read in earlier batches stay
  out.resize(texts.size(), blank);
  errors.resize(texts.size());
  for (std::size_t code = first; code < texts.size(); ++code) {
    if (is_blank(texts[code])) continue;
    const Parsed<T> parsed = parse(trim_cell(texts[code]));
    if (parsed.ok()) {
      out[code] = convert(*parsed.value);
    } else {
      errors[code] = CellReason{parsed.error, parsed.code};
    }
  }
}

CellProblem problem_of(std::size_t row, const std::string& field, const CellReason& why) {
  return CellProblem{row, field, why.reason, why.code};
}

// An enum or tri-state column: int8 codes holding the enum's value (-1 missing).
template <typename Enum>
void read_enum(Reading& reading, const Column& column, const std::string& field, int order,
               Parser<Enum> parse, EnumColumnView& view, const char* missing_code) {
  FieldState& state = (*reading.states)[field];
  Factorizer& distinct = state.distinct;
  const std::int32_t* codes = reading.codes_of(column, distinct, order, field);
  std::vector<std::int8_t>& value_of = state.enums;
  std::vector<CellReason>& errors = state.errors;
  read_distinct<Enum, std::int8_t>(
      distinct.texts, parse, [](Enum value) { return static_cast<std::int8_t>(value); },
      value_of, errors, std::int8_t{-1});
  std::vector<std::int8_t>& out = reading.int8s.emplace_back(reading.rows);
  std::vector<CellProblem>& problems = reading.problems[order];
  for (std::size_t row = 0; row < reading.rows; ++row) {
    const std::int32_t code = codes[row];
    if (code < 0) {
      out[row] = -1;
      if (code == kMissingCode && missing_code != nullptr) {
        problems.push_back(coded_problem(row, field, {missing_code, {}}));
      }
      continue;
    }
    const auto c = static_cast<std::size_t>(code);
    out[row] = value_of[c];
    if (!errors[c].empty()) {
      problems.push_back(problem_of(row, field, errors[c]));
    } else if (value_of[c] < 0 && missing_code != nullptr) {
      problems.push_back(coded_problem(row, field, {missing_code, {}}));
    }
  }
  std::vector<std::int16_t>& values = reading.values.emplace_back();
  for (std::int16_t value = 0; value < 4; ++value) values.push_back(value);
  view.codes = CodeColumnView{out.data(), 1, nullptr};
  view.values = values;
}

void read_group(Reading& reading, const Column& column, const std::string& field, int order,
                GroupColumnView& view) {
  FieldState& state = (*reading.states)[field];
  Factorizer& distinct = state.distinct;
  reading.codes_of(column, distinct, order, field);
  std::vector<std::int32_t>& codes = reading.int32s.emplace_back(std::move(reading.scratch));
  reading.scratch = {};
  for (std::int32_t& code : codes) code = std::max(code, kMissingCode);
  std::vector<std::string>& dictionary = state.trimmed;
  // Trimmed here; ingest_columns merges the texts equal in NFC.
  for (std::size_t code = dictionary.size(); code < distinct.texts.size(); ++code) {
    dictionary.emplace_back(trim_cell(distinct.texts[code]));
  }
  view.codes = CodeColumnView{codes.data(), 4, nullptr};
  view.dictionary = dictionary;
}

// A number column as float64 (NaN missing), each distinct value read with the vocabulary.
template <typename T>
std::vector<double>& read_number(Reading& reading, const Column& column, const std::string& field,
                                 int order, Parser<T> parse) {
  FieldState& state = (*reading.states)[field];
  Factorizer& distinct = state.distinct;
  const std::int32_t* codes = reading.codes_of(column, distinct, order, field);
  std::vector<double>& value_of = state.numbers;
  std::vector<CellReason>& errors = state.errors;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  read_distinct<T, double>(
      distinct.texts, parse, [](T value) { return static_cast<double>(value); }, value_of,
      errors, nan);
  std::vector<double>& out = reading.doubles.emplace_back(reading.rows, nan);
  std::vector<CellProblem>& problems = reading.problems[order];
  for (std::size_t row = 0; row < reading.rows; ++row) {
    if (codes[row] < 0) continue;
    const auto c = static_cast<std::size_t>(codes[row]);
    out[row] = value_of[c];
    if (!errors[c].empty()) problems.push_back(problem_of(row, field, errors[c]));
  }
  return out;
}

// A date column as int32 days; `hours` (when given) gets the time of day of timestamps and of
// texts with a time.
void read_date(Reading& reading, const Column& column, const std::string& field, int order,
               DateColumnView& view, std::vector<double>* hours, const char* missing_code) {
  std::vector<std::int32_t>& days = reading.int32s.emplace_back(reading.rows, kMissingDay);
  std::vector<CellProblem>& problems = reading.problems[order];
  const Type& type = column.type;
  if (type.kind == Kind::date32 || type.kind == Kind::date64 || type.kind == Kind::timestamp) {
    if (type.zoned) {
      throw std::invalid_argument("column '" + column.header +
                                  "': a timestamp with a time zone must be read on its wall "
                                  "clock first (pyarrow.compute.local_timestamp)");
    }
    const std::int64_t per_day = type.kind == Kind::date64 ? 86400000LL : type.per_day;
    std::size_t row = 0;
    for (const Chunk& chunk : column.chunks) {
      for (std::int64_t i = 0; i < chunk.length; ++i, ++row) {
        if (!valid(chunk, i)) continue;
        if (type.kind == Kind::date32) {
          const std::int32_t day = values_of<std::int32_t>(chunk)[i];
          if (day == kMissingDay) {
            problems.push_back(
                coded_problem(row, field, {"cell.day_not_date", {{"day", std::to_string(day)}}}));
          }
          days[row] = day;
          continue;
        }
        const std::int64_t value = values_of<std::int64_t>(chunk)[i];
        std::int64_t day = value / per_day;
        std::int64_t rest = value % per_day;
        if (rest < 0) {  // floor: 1969-12-31T12:00 is day -1
          --day;
          rest += per_day;
        }
        if (day <= kMissingDay || day > std::numeric_limits<std::int32_t>::max()) {
          problems.push_back(coded_problem(
              row, field, {"cell.value_not_date", {{"value", std::to_string(value)}}}));
          continue;
        }
        days[row] = static_cast<std::int32_t>(day);
        if (hours != nullptr && type.kind == Kind::timestamp) {
          (*hours)[row] = static_cast<double>(rest / type.per_hour);
        }
      }
    }
  } else {
    FieldState& state = (*reading.states)[field];
    Factorizer& distinct = state.distinct;
    const std::int32_t* codes = reading.codes_of(column, distinct, order, field);
    std::vector<DateTime>& value_of = state.dates;
    std::vector<CellReason>& errors = state.errors;
    std::vector<std::uint8_t>& blank = state.blank;
    const std::size_t first = value_of.size();  // the values read in earlier batches stay
    value_of.resize(distinct.texts.size());
    errors.resize(distinct.texts.size());
    blank.resize(distinct.texts.size(), 0);
    for (std::size_t code = first; code < distinct.texts.size(); ++code) {
      if (is_blank(distinct.texts[code])) {
        blank[code] = 1;
        continue;
      }
      const Parsed<DateTime> parsed = parse_date_time(trim_cell(distinct.texts[code]));
      if (parsed.ok()) {
        value_of[code] = *parsed.value;
      } else {
        errors[code] = CellReason{parsed.error, parsed.code};
      }
    }
    for (std::size_t row = 0; row < reading.rows; ++row) {
      if (codes[row] < 0) continue;
      const auto c = static_cast<std::size_t>(codes[row]);
      if (blank[c]) continue;
      if (!errors[c].empty()) {
        problems.push_back(problem_of(row, field, errors[c]));
        continue;
      }
      days[row] = value_of[c].date.days_since_epoch();
      if (hours != nullptr && value_of[c].hour) (*hours)[row] = *value_of[c].hour;
    }
  }
  if (missing_code != nullptr) {
    // Rows whose cell was missing or blank (not those whose cell was unreadable).
    std::vector<std::uint8_t> flagged(reading.rows, 0);
    for (const CellProblem& problem : problems) flagged[problem.row] = 1;
    for (std::size_t row = 0; row < reading.rows; ++row) {
      if (days[row] == kMissingDay && !flagged[row]) {
        problems.push_back(coded_problem(row, field, {missing_code, {}}));
      }
    }
  }
  view.data = days.data();
  view.unit = DateUnit::days32;
  view.missing = nullptr;
}

// The id of every row read so far, as the CSV reader keeps it (trimmed, NFC). Text ids stay
// in their Arrow chunks (moved out of their batches and kept); other types by distinct value.
class Ids {
 public:
  explicit Ids(const Type* type) : type_(type) {}
  Ids(const Ids&) = delete;
  Ids& operator=(const Ids&) = delete;
  ~Ids() {
    for (auto& chunk : kept_) {
      if (chunk->release != nullptr) chunk->release(chunk.get());
    }
  }

  [[nodiscard]] bool present() const noexcept { return type_ != nullptr; }

  // Adds the id column of the next batch (moving it out of the batch when it is text) and
  // returns its bad dictionary indices, by row of the batch.
  std::vector<std::pair<std::size_t, RejectionCode>> add(ArrowArray& batch, std::size_t column) {
    ArrowArray* child = batch.children[column];
    const Chunk chunk{child, batch.offset + child->offset, batch.length};
    starts_.push_back(rows_);
    rows_ += static_cast<std::size_t>(batch.length);
    if (is_text(*type_)) {
      // The C data interface lets a consumer move a child out of its parent and release them
      // apart: the ids stay, the batch's other columns go.
      auto kept = std::make_unique<ArrowArray>(*child);
      child->release = nullptr;
      chunks_.push_back(Chunk{kept.get(), chunk.offset, chunk.length});
      kept_.push_back(std::move(kept));
      return {};
    }
    chunks_.push_back(Chunk{});
    const std::size_t before = codes_.size();
    codes_.resize(before + static_cast<std::size_t>(batch.length));
    distinct_.bad.clear();
    distinct_.column(Column{{}, *type_, {chunk}}, codes_.data() + before);
    return std::move(distinct_.bad);
  }

  // The id of `row` ("" when missing); `scratch` holds it when it had to be normalised.
  std::string_view at(std::size_t row, std::string& scratch) const {
    if (type_ == nullptr) return {};
    std::string_view text;
    if (!is_text(*type_)) {
      const std::int32_t code = codes_[row];
      if (code < 0) return {};
      text = distinct_.texts[static_cast<std::size_t>(code)];
    } else {
      const auto index = static_cast<std::size_t>(
          std::upper_bound(starts_.begin(), starts_.end(), row) - starts_.begin() - 1);
      const Chunk& chunk = chunks_[index];
      const auto i = static_cast<std::int64_t>(row - starts_[index]);
      if (!valid(chunk, i)) return {};
      text = text_at(*type_, chunk, i);
    }
    text = trim_cell(text);
    const bool ascii = std::all_of(text.begin(), text.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) return text;
    scratch = cchc::text::to_nfc(text);
    return scratch;
  }

 private:
  const Type* type_;
  std::size_t rows_ = 0;
  std::vector<std::size_t> starts_;
  std::vector<Chunk> chunks_;
  std::vector<std::unique_ptr<ArrowArray>> kept_;
  Factorizer distinct_;
  std::vector<std::int32_t> codes_;
};

// The first row of every id: an open-addressing table of row numbers (4 bytes a slot and a
// 4-byte hash), the ids themselves staying in Ids.
class FirstRows {
 public:
  // Rows [first, first + skip.size()) not skipped: each whose id an earlier row had becomes a
  // problem (by row of the batch).
  void check(const Ids& ids, std::size_t first, const std::vector<std::uint8_t>& skip,
             std::vector<CellProblem>& problems) {
    const std::size_t rows = skip.size();
    if (first + rows >= kEmpty) {
      throw std::length_error("more than 4 294 967 294 rows in one table");
    }
    // Rows go in blocks: the ids and hashes of a block first, with their slots prefetched, so
    // that the cache misses of a table larger than the cache overlap.
    constexpr std::size_t kBlock = 16;
    std::array<std::string, kBlock> scratch;
    std::array<std::string_view, kBlock> block_ids;
    std::array<std::uint32_t, kBlock> hashes{};
    for (std::size_t begin = 0; begin < rows; begin += kBlock) {
      const std::size_t n = std::min(kBlock, rows - begin);
      if ((used_ + n) * 2 > slots_.size()) grow(used_ + n);
      const std::size_t mask = slots_.size() - 1;
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t row = first + begin + i;
        block_ids[i] = skip[begin + i] ? std::string_view{} : ids.at(row, scratch[i]);
        hashes[i] = static_cast<std::uint32_t>(std::hash<std::string_view>{}(block_ids[i]));
        __builtin_prefetch(&slots_[hashes[i] & mask]);
      }
      for (std::size_t i = 0; i < n; ++i) {
        const std::string_view id = block_ids[i];
        if (id.empty()) continue;
        const std::size_t row = first + begin + i;
        for (std::size_t index = hashes[i] & mask;; index = (index + 1) & mask) {
          Slot& slot = slots_[index];
          if (slot.row == kEmpty) {
            slot = Slot{hashes[i], static_cast<std::uint32_t>(row)};
            ++used_;
            break;
          }
          if (slot.hash == hashes[i] && ids.at(slot.row, other_) == id) {
            problems.push_back(
                coded_problem(begin + i, "id",
                              {"row.duplicate_id_row",
                               {{"id", std::string(id)}, {"first", std::to_string(slot.row + 1)}}}));
            break;
          }
        }
      }
    }
  }

 private:
  static constexpr std::uint32_t kEmpty = std::numeric_limits<std::uint32_t>::max();
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t row = kEmpty;
  };

  void grow(std::size_t needed) {
    std::size_t capacity = std::max<std::size_t>(1024, slots_.size());
    while (capacity < needed * 2) capacity *= 2;
    std::vector<Slot> old(capacity);
    old.swap(slots_);
    for (const Slot& slot : old) {
      if (slot.row == kEmpty) continue;
      std::size_t index = slot.hash & (capacity - 1);
      while (slots_[index].row != kEmpty) index = (index + 1) & (capacity - 1);
      slots_[index] = slot;
    }
  }

  std::vector<Slot> slots_;
  std::size_t used_ = 0;
  std::string other_;
};

// The accepted rows of every batch in one table: columns appended, the texts of group columns
// merged into one dictionary.
class TableBuilder {
 public:
  explicit TableBuilder(std::size_t rows_hint) : hint_(rows_hint) {}

  void append(DossierTable&& part) {
    // Every column of DossierTable must be appended below: a new column changes the size.
    struct Mirror {
      std::size_t rows;
      GroupColumn unit, field, procedure;
      cchc::dossier::Column<std::int32_t> received, due, resolved, returned;
      cchc::dossier::Column<Status> status;
      cchc::dossier::Column<Channel> channel;
      cchc::dossier::Column<OnlineLevel> online_level;
      cchc::dossier::Column<TriState> a, b, c, d, e, f;
      cchc::dossier::Column<std::uint8_t> satisfaction;
      std::int32_t first_received, last_received;
    };
    static_assert(sizeof(DossierTable) == sizeof(Mirror),
                  "DossierTable changed: append its new columns in bindings/arrow.cpp");
    if (part.rows == 0) return;
    if (table_.rows == 0 && hint_ <= part.rows) {  // one batch: taken as it is
      group_codes_ = {};
      table_ = std::move(part);
      for (std::size_t g = 0; g < 3; ++g) index_group(g);
      return;
    }
    std::size_t g = 0;
    for (auto [into, from] : {std::pair{&table_.unit, &part.unit},
                              {&table_.field, &part.field},
                              {&table_.procedure, &part.procedure}}) {
      append_group(*into, *from, group_codes_[g++]);
    }
    add(table_.received, part.received);
    add(table_.due, part.due);
    add(table_.resolved, part.resolved);
    add(table_.returned, part.returned);
    add(table_.status, part.status);
    add(table_.channel, part.channel);
    add(table_.online_level, part.online_level);
    add(table_.digitised_dossier, part.digitised_dossier);
    add(table_.digitised_result, part.digitised_result);
    add(table_.electronic_result, part.electronic_result);
    add(table_.fee_required, part.fee_required);
    add(table_.paid_online, part.paid_online);
    add(table_.reused_data, part.reused_data);
    add(table_.satisfaction, part.satisfaction);
    const auto earliest = [](std::int32_t a, std::int32_t b) {
      return a == kMissingDay ? b : b == kMissingDay ? a : std::min(a, b);
    };
    const auto latest = [](std::int32_t a, std::int32_t b) {
      return a == kMissingDay ? b : b == kMissingDay ? a : std::max(a, b);
    };
    table_.first_received = earliest(table_.first_received, part.first_received);
    table_.last_received = latest(table_.last_received, part.last_received);
    table_.rows += part.rows;
  }

  DossierTable take() { return std::move(table_); }

 private:
  template <typename T>
  void add(cchc::dossier::Column<T>& into, const cchc::dossier::Column<T>& from) {
    if (from.empty()) return;
    if (into.capacity() < hint_) into.reserve(hint_);
    into.insert(into.end(), from.begin(), from.end());
  }

  void index_group(std::size_t g) {
    const GroupColumn& column = g == 0 ? table_.unit : g == 1 ? table_.field : table_.procedure;
    for (std::size_t code = 0; code < column.dictionary.size(); ++code) {
      group_codes_[g].emplace(column.dictionary[code], static_cast<std::int32_t>(code));
    }
  }

  void append_group(GroupColumn& into, const GroupColumn& from,
                    std::unordered_map<std::string, std::int32_t>& codes) {
    if (from.codes.empty()) return;
    std::vector<std::int32_t> remap(from.dictionary.size());
    for (std::size_t code = 0; code < from.dictionary.size(); ++code) {
      const auto [it, inserted] = codes.emplace(
          from.dictionary[code], static_cast<std::int32_t>(into.dictionary.size()));
      if (inserted) into.dictionary.push_back(from.dictionary[code]);
      remap[code] = it->second;
    }
    if (into.codes.capacity() < hint_) into.codes.reserve(hint_);
    for (const std::int32_t code : from.codes) {
      into.codes.push_back(remap[static_cast<std::size_t>(code)]);
    }
  }

  std::size_t hint_;
  DossierTable table_;
  std::array<std::unordered_map<std::string, std::int32_t>, 3> group_codes_;
};

// Keeps the entries of `column` whose row is not blank.
template <typename T>
void drop_rows(std::vector<T>& column, const std::vector<std::uint8_t>& non_blank) {
  std::size_t kept = 0;
  for (std::size_t row = 0; row < column.size(); ++row) {
    if (non_blank[row]) column[kept++] = column[row];
  }
  column.resize(kept);
}

// The rows of one batch read into the core's views and validated: its accepted rows go to
// `builder`, its rejected rows (numbered from `first`) to `rejected`. Returns the batch's blank
// rows.
struct BatchContext {
  const std::vector<Type>* types;
  const std::vector<std::string>* header;
  std::map<std::string, std::size_t> column_of;  // field → column
  std::size_t id_column = static_cast<std::size_t>(-1);
  bool reject_duplicates = true;
  const WorkCalendar* calendar;
  const cchc::calendar::DueDateRule* rule;
  cchc::dossier::TableIngestOptions options;
};

std::size_t read_batch(const BatchContext& context, ArrowArray& batch, std::size_t first,
                       std::map<std::string, FieldState>& states, Ids& ids,
                       FirstRows& first_rows, TableBuilder& builder,
                       std::vector<RejectedRow>& rejected, std::size_t& rows_in) {
  const std::size_t rows = static_cast<std::size_t>(batch.length);
  std::vector<Column> columns(context.types->size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const ArrowArray* child = batch.children[c];
    columns[c] = Column{(*context.header)[c], (*context.types)[c],
                        {Chunk{child, batch.offset + child->offset, batch.length}}};
  }
  const auto find = [&](const char* field) -> const Column* {
    const auto found = context.column_of.find(field);
    return found == context.column_of.end() ? nullptr : &columns[found->second];
  };

  Reading reading;
  reading.rows = rows;
  reading.states = &states;
  DossierColumnsView view;
  if (const Column* column = find("channel")) {
    read_enum(reading, *column, "channel", kChannelOrder, &parse_channel, view.channel, nullptr);
  }
  if (const Column* column = find("online_level")) {
    read_enum(reading, *column, "online_level", kOnlineLevelOrder, &parse_online_level,
              view.online_level, nullptr);
  }
  read_enum(reading, *find("status"), "status", kStatusOrder, &parse_status, view.status,
            "cell.status_missing");
  std::vector<double>* hours =
      &reading.doubles.emplace_back(rows, std::numeric_limits<double>::quiet_NaN());
  read_date(reading, *find("received"), "received", kReceivedOrder, view.received, hours,
            "row.received_missing");
  if (const Column* column = find("received_hour")) {
    const std::vector<double>& given =
        read_number(reading, *column, "received_hour", kReceivedHourOrder, &parse_hour);
    // The hour column wins over the time of day of the receipt, where it has a value.
    for (std::size_t row = 0; row < rows; ++row) {
      if (!std::isnan(given[row])) (*hours)[row] = given[row];
    }
    reading.doubles.pop_back();
  }
  if (std::all_of(hours->begin(), hours->end(), [](double hour) { return std::isnan(hour); })) {
    *hours = {};  // no time of day anywhere: no column
  } else {
    view.received_hour = NumberColumnView{hours->data(), true, nullptr};
  }
  for (const auto& [field, order, out] : {std::tuple{"due", kDueOrder, &view.due},
                                          {"resolved", kResolvedOrder, &view.resolved},
                                          {"returned", kReturnedOrder, &view.returned}}) {
    if (const Column* column = find(field)) {
      read_date(reading, *column, field, order, *out, nullptr, nullptr);
    }
  }
  if (const Column* column = find("processing_days")) {
    view.processing_days = NumberColumnView{
        read_number(reading, *column, "processing_days", kProcessingDaysOrder,
                    &parse_working_days)
            .data(),
        true, nullptr};
  }
  int tri = 0;
  for (const auto& [field, out] : {std::pair{"digitised_dossier", &view.digitised_dossier},
                                   {"digitised_result", &view.digitised_result},
                                   {"electronic_result", &view.electronic_result},
                                   {"fee_required", &view.fee_required},
                                   {"paid_online", &view.paid_online},
                                   {"reused_data", &view.reused_data}}) {
    if (const Column* column = find(field)) {
      read_enum(reading, *column, field, kTriStateOrder + tri, &parse_yes_no, *out, nullptr);
    }
    ++tri;
  }
  if (const Column* column = find("satisfaction")) {
    view.satisfaction = NumberColumnView{
        read_number(reading, *column, "satisfaction", kSatisfactionOrder, &parse_satisfaction)
            .data(),
        true, nullptr};
  }
  int group = 0;
  for (const auto& [field, out] : {std::pair{"unit", &view.unit},
                                   {"field", &view.field},
                                   {"procedure", &view.procedure}}) {
    if (const Column* column = find(field)) {
      read_group(reading, *column, field, kGroupOrder + group, *out);
    }
    ++group;
  }
  reading.scratch = {};

  // Rows whose every cell is blank are spreadsheet padding, not dossiers (as in CSV).
  std::vector<std::uint8_t> non_blank;
  std::size_t blank_rows = 0;
  if (rows > 0 && std::none_of(columns.begin(), columns.end(), &never_blank)) {
    non_blank.assign(rows, 0);
    for (const Column& column : columns) mark_non_blank(column, non_blank);
    blank_rows = static_cast<std::size_t>(std::count(non_blank.begin(), non_blank.end(), 0));
  }

  // Ids last: the id column may be moved out of the batch (the other columns are read).
  if (ids.present()) {
    for (auto& [row, code] : ids.add(batch, context.id_column)) {
      std::string reason = english(code);
      reading.problems[kIdOrder].push_back(
          CellProblem{row, "id", std::move(reason), std::move(code)});
    }
    if (context.reject_duplicates) {
      // Only rows whose cells were all read register their id, as in the CSV reader.
      std::vector<std::uint8_t> skip(rows, 0);
      for (const auto& [order, problems] : reading.problems) {
        for (const CellProblem& problem : problems) skip[problem.row] = 1;
      }
      if (blank_rows > 0) {
        for (std::size_t row = 0; row < rows; ++row) {
          if (!non_blank[row]) skip[row] = 1;
        }
      }
      first_rows.check(ids, first, skip, reading.problems[kDuplicateOrder]);
    }
  }

  std::vector<CellProblem> problems;
  for (auto& [order, found] : reading.problems) {
    for (CellProblem& problem : found) problems.push_back(std::move(problem));
  }
  // Row numbers of the rows given to the core, when blank rows are left out.
  std::vector<std::size_t> original_row;
  std::size_t kept_rows = rows;
  if (blank_rows > 0) {
    std::vector<std::size_t> compact_row(rows, 0);
    for (std::size_t row = 0; row < rows; ++row) {
      if (non_blank[row]) {
        compact_row[row] = original_row.size();
        original_row.push_back(row);
      }
    }
    kept_rows = original_row.size();
    for (auto& column : reading.int32s) drop_rows(column, non_blank);
    for (auto& column : reading.int8s) drop_rows(column, non_blank);
    for (auto& column : reading.doubles) drop_rows(column, non_blank);
    std::erase_if(problems, [&](const CellProblem& p) { return !non_blank[p.row]; });
    for (CellProblem& problem : problems) problem.row = compact_row[problem.row];
  }
  view.rows = kept_rows;
  view.problems = problems;

  TableIngest part = ingest_columns(view, *context.calendar, *context.rule, context.options);
  rows_in += kept_rows;
  std::string scratch;
  for (RejectedRow& row : part.rejected) {
    row.row = first + (original_row.empty() ? row.row : original_row[row.row]);
    row.id = std::string(ids.at(row.row, scratch));
    rejected.push_back(std::move(row));
  }
  builder.append(std::move(part.table));
  return blank_rows;
}

// The pauses column of a batch has a non-blank cell.
bool has_pauses(const BatchContext& context, const ArrowArray& batch) {
  const auto found = context.column_of.find("pauses");
  if (found == context.column_of.end()) return false;
  const ArrowArray* child = batch.children[found->second];
  const Column column{{}, (*context.types)[found->second],
                      {Chunk{child, batch.offset + child->offset, batch.length}}};
  std::vector<std::uint8_t> non_blank(static_cast<std::size_t>(batch.length), 0);
  mark_non_blank(column, non_blank);
  return std::find(non_blank.begin(), non_blank.end(), 1) != non_blank.end();
}

py::object ingest_arrow(const py::object& data, const std::vector<std::string>& header,
                        const std::string& source, const WorkCalendar& calendar,
                        const std::optional<std::map<std::string, std::string>>& column_mapping,
                        bool fail_fast, bool reject_duplicates,
                        std::optional<int> afternoon_cutoff_hour, const std::string& pause_rule,
                        unsigned threads, std::size_t rows_hint) {
  cchc::io::DossierTableOptions options;
  options.columns = ColumnMapping::defaults();
  if (column_mapping) {
    for (const auto& [field, name] : *column_mapping) {
      try {
        options.columns.add(name, field, /*exclusive=*/true);
      } catch (const cchc::Error& error) {
        throw py::value_error(error.what());
      }
    }
  }
  const cchc::calendar::DueDateRule rule = due_date_rule(afternoon_cutoff_hour, pause_rule);
  // The CSV reader's header mapping and its errors (a missing required column, a header twice).
  const cchc::io::DossierTableReader mapping(header, source, calendar, options, 0, 1, "row");
  const std::vector<cchc::io::ColumnUse> uses = mapping.columns();

  Stream stream(data, header, source);
  BatchContext context;
  context.types = &stream.types();
  context.header = &header;
  for (std::size_t c = 0; c < uses.size(); ++c) {
    if (!uses[c].field.empty()) context.column_of[uses[c].field] = c;
  }
  if (const auto id = context.column_of.find("id"); id != context.column_of.end()) {
    context.id_column = id->second;
  }
  context.reject_duplicates = reject_duplicates;
  context.calendar = &calendar;
  context.rule = &rule;
  context.options.threads = threads;
  context.options.source = source;

  auto table = std::make_shared<NativeTable>();
  std::size_t blank_rows = 0;
  bool pauses = false;
  {
    py::gil_scoped_release release;
    Ids ids(context.id_column < header.size() ? &stream.types()[context.id_column] : nullptr);
    FirstRows first_rows;
    std::map<std::string, FieldState> states;
    TableBuilder builder(rows_hint);
    std::vector<RejectedRow> rejected;
    std::size_t rows = 0;
    std::size_t rows_in = 0;
    while (const std::unique_ptr<Batch> batch = stream.next()) {
      // Pauses move due dates and the columnar core has no pause column: a table with pauses
      // is left to the row reader (None tells the caller).
      if (has_pauses(context, batch->array)) {
        pauses = true;
        break;
      }
      const std::size_t before = rejected.size();
      blank_rows += read_batch(context, batch->array, rows, states, ids, first_rows, builder,
                               rejected, rows_in);
      rows += static_cast<std::size_t>(batch->array.length);
      if (fail_fast && rejected.size() > before) {
        // Batches come in row order: the first rejection of the first batch with one.
        const RejectedRow& first = rejected[before];
        throw cchc::ParseError(source, first.row + 1, first.field, first.reason);
      }
    }
    table->ingested.table = builder.take();
    table->ingested.rejected = std::move(rejected);
    table->ingested.rows_in = rows_in;
  }
  if (pauses) return py::none();

  py::list used;
  for (const cchc::io::ColumnUse& use : uses) {
    py::dict column;
    column["header"] = use.header;
    column["field"] = use.field;
    column["note"] = use.note;
    used.append(column);
  }
  py::dict info;
  info["columns"] = used;
  info["blank_rows"] = blank_rows;
  info["unmatched_pause_ids"] = py::list();
  return py::make_tuple(py::cast(table), info);
}

}  // namespace

void bind_arrow(py::module_& module) {
  module.def("ingest_arrow", &ingest_arrow, py::arg("data"), py::arg("header"), py::arg("source"),
             py::arg("calendar"), py::arg("column_mapping") = py::none(),
             py::arg("fail_fast") = false, py::arg("reject_duplicate_ids") = true,
             py::arg("afternoon_cutoff_hour") = py::none(), py::arg("pause_rule") = "extend",
             py::arg("threads") = 0U, py::arg("rows_hint") = std::size_t{0});
}
