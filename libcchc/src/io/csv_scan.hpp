// The record scanner of the dossier CSV reader: splits bytes into records and fields with
// exactly the rules of libcsv 3 (non-strict), which the reader used before, so that files read
// the same: spaces and tabs before a field and after an unquoted one are dropped, a quote opens
// a quoted field only at the start of a field, "" inside one is a quote, text after a closing
// quote continues the quoted field (a stray quote), and empty lines are no records.
//
// Unlike libcsv it copies nothing: a field is a range of the caller's buffer, decoded into a
// scratch string only when it holds an escaped quote or a stray one. A scan may start at any
// line start (speculatively: see dossier_csv.cpp), which is what lets several threads split a
// file.
#pragma once

#include <cstddef>
#include <cstring>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cchc::io::csv_scan {

/// A field: [begin, end) of the buffer is its value, unless `complex`, when the value is the
/// decoding of [raw_begin, raw_end) (a quoted field with "" or text after a closing quote).
struct Field {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t raw_begin = 0;  // first byte of the field (its opening quote when quoted)
  std::size_t raw_end = 0;    // the delimiter, terminator or end of data after it
  bool quoted = false;
  bool complex = false;
};

/// Line breaks are "\n", "\r\n" and a lone "\r" (classic Mac files), each one line.
inline bool is_break(char c) noexcept { return c == '\n' || c == '\r'; }

/// Breaks in [begin, end) of `data` (a '\r' followed by '\n' is one break, counted at the
/// '\n'; a '\r' at the very end of `data` counts). Eight bytes at a time: it runs over every
/// block once.
inline std::size_t count_breaks(std::string_view data, std::size_t begin,
                                std::size_t end) noexcept {
  constexpr std::uint64_t kLow = 0x7F7F7F7F7F7F7F7FULL;
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  // High bit set in each byte of `word` equal to `byte`.
  const auto equal = [](std::uint64_t word, char byte) {
    const std::uint64_t x = word ^ (kOnes * static_cast<unsigned char>(byte));
    return ~(((x & kLow) + kLow) | x | kLow);
  };
  const auto lone_carriage_return = [&](std::size_t i) {
    return data[i] == '\r' && (i + 1 == data.size() || data[i + 1] != '\n');
  };
  std::size_t breaks = 0;
  std::size_t i = begin;
  for (; i + 8 <= end; i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, data.data() + i, 8);
    // One high bit per '\n': summed into the top byte by the multiplication.
    breaks += static_cast<std::size_t>(((equal(word, '\n') >> 7) * kOnes) >> 56);
    if (equal(word, '\r') != 0) {
      for (std::size_t j = i; j < i + 8; ++j) breaks += lone_carriage_return(j) ? 1U : 0U;
    }
  }
  for (; i < end; ++i) breaks += (data[i] == '\n' || lone_carriage_return(i)) ? 1U : 0U;
  return breaks;
}

/// The fields of one record; the storage is kept from record to record.
class Fields {
 public:
  void clear() noexcept { size_ = 0; }
  [[gnu::always_inline]] void push_back(const Field& field) {
    if (size_ == storage_.size()) [[unlikely]] grow();
    storage_[size_++] = field;
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const Field& operator[](std::size_t i) const noexcept { return storage_[i]; }
  [[nodiscard]] const Field* begin() const noexcept { return storage_.data(); }
  [[nodiscard]] const Field* end() const noexcept { return storage_.data() + size_; }

 private:
  [[gnu::noinline]] void grow() { storage_.resize(storage_.size() * 2 + 16); }
  std::vector<Field> storage_;
  std::size_t size_ = 0;
};

/// How a record ended.
enum class RecordEnd : std::uint8_t {
  terminator,    // a line break outside quotes (at `end`)
  end_of_data,   // the data is final and ended the record (no line break at the end)
  open_quote,    // the data is final and ended inside a quoted value
  incomplete,    // the data is not final and ended inside the record: read more
};

struct Record {
  std::size_t begin = 0;  // the record's first byte (after spaces skipped before it)
  std::size_t end = 0;    // its terminator (or the end of the data)
  std::size_t breaks_inside = 0;  // line breaks inside quoted values
  RecordEnd how = RecordEnd::terminator;
};

/// Finds where a record ends without keeping its bytes: Scanner's rules as a state machine
/// that can be fed block after block, for a record too long to hold (max_record_bytes). Its
/// answer is Scanner::scan's record end, so a record skipped this way and one scanned whole
/// end at the same byte.
class RecordEndFinder {
 public:
  explicit RecordEndFinder(char delimiter) noexcept : delimiter_(delimiter) {}

  /// Feeds data[from, to); returns the position of the terminating line break, or npos when
  /// the record goes on past `to`.
  std::size_t feed(std::string_view data, std::size_t from, std::size_t to) noexcept {
    for (std::size_t i = from; i < to; ++i) {
      const char c = data[i];
      switch (state_) {
        case State::field_start:
          if (c == '"') {
            state_ = State::quoted;
          } else if (is_break(c)) {
            return i;
          } else if (c != delimiter_ && !is_space(c)) {
            state_ = State::unquoted;
          }
          break;
        case State::unquoted:
          if (c == delimiter_) {
            state_ = State::field_start;
          } else if (is_break(c)) {
            return i;
          }
          break;
        case State::quoted:
          if (c == '"') {
            state_ = State::after_quote;
            spaces_ = false;
          }
          break;
        case State::after_quote:
          if (c == delimiter_) {
            state_ = State::field_start;
          } else if (is_break(c)) {
            return i;
          } else if (is_space(c)) {
            spaces_ = true;
          } else if (c == '"' && spaces_) {
            spaces_ = false;  // a quote after spaces is text; still after a quote
          } else {
            state_ = State::quoted;  // "" is one quote; other text goes on quoted
          }
          break;
      }
    }
    return std::string_view::npos;
  }

 private:
  enum class State : std::uint8_t { field_start, unquoted, quoted, after_quote };
  [[nodiscard]] bool is_space(char c) const noexcept {
    return (c == ' ' || c == '\t') && c != delimiter_;
  }
  char delimiter_;
  State state_ = State::field_start;
  bool spaces_ = false;
};

class Scanner {
 public:
  Scanner(std::string_view data, bool final, char delimiter) noexcept
      : data_(data), final_(final), delimiter_(delimiter) {
    ends_field_[static_cast<unsigned char>(delimiter)] = true;
    ends_field_[static_cast<unsigned char>('\n')] = true;
    ends_field_[static_cast<unsigned char>('\r')] = true;
  }

  [[nodiscard]] bool is_space(char c) const noexcept {
    return (c == ' ' || c == '\t') && c != delimiter_;
  }

  /// Skips blank space and line breaks from `position` (no record begun), counting breaks;
  /// stops at the first byte of a record or at `limit`. Returns the position reached.
  std::size_t skip(std::size_t position, std::size_t limit, std::size_t& breaks) const noexcept {
    while (position < limit) {
      const char c = data_[position];
      if (c == '\n') {
        ++breaks;
      } else if (c == '\r') {
        if (position + 1 == data_.size() || data_[position + 1] != '\n') ++breaks;
      } else if (!is_space(c)) {
        break;
      }
      ++position;
    }
    return position;
  }

  /// Scans the record whose first byte is at `begin` into `fields`.
  Record scan(std::size_t begin, Fields& fields) const {
    fields.clear();
    Record record;
    record.begin = begin;
    std::size_t position = begin;
    const std::size_t size = data_.size();
    // At the start of a field (FIELD_NOT_BEGUN), spaces already skipped for the first one.
    while (true) {
      while (position < size && is_space(data_[position])) ++position;
      Field field;
      field.raw_begin = position;
      if (position == size) {
        // "a,b," then the end: libcsv's fini submits the empty last field.
        if (!final_) return incomplete(record);
        field.begin = field.end = field.raw_end = position;
        fields.push_back(field);
        record.end = position;
        record.how = RecordEnd::end_of_data;
        return record;
      }
      char c = data_[position];
      if (c == delimiter_ || is_break(c)) {
        field.begin = field.end = field.raw_end = position;
        fields.push_back(field);
        if (c == delimiter_) {
          ++position;
          continue;
        }
        record.end = position;
        return record;
      }
      if (c != '"') {
        // Unquoted: up to a delimiter or a line break; quotes are text; trailing spaces go.
        field.begin = position;
        while (position < size && !ends_field_[static_cast<unsigned char>(data_[position])]) {
          ++position;
        }
        if (position < size) c = data_[position];
        if (position == size && !final_) return incomplete(record);
        std::size_t end = position;
        while (end > field.begin && is_space(data_[end - 1])) --end;
        field.end = end;
        field.raw_end = position;
        fields.push_back(field);
        if (position == size) {
          record.end = position;
          record.how = RecordEnd::end_of_data;
          return record;
        }
        if (c == delimiter_) {
          ++position;
          continue;
        }
        record.end = position;
        return record;
      }
      // Quoted.
      field.quoted = true;
      field.begin = position + 1;
      ++position;
      while (true) {
        const std::size_t quote = data_.find('"', position);
        const std::size_t stop = quote == std::string_view::npos ? size : quote;
        record.breaks_inside += count_breaks(data_, position, stop);
        if (quote == std::string_view::npos) {
          if (!final_) return incomplete(record);
          record.end = size;
          record.how = RecordEnd::open_quote;
          field.end = field.raw_end = size;
          fields.push_back(field);
          return record;
        }
        // After a quote inside a quoted field (libcsv's FIELD_MIGHT_HAVE_ENDED).
        std::size_t after = quote + 1;
        bool spaces = false;
        bool ended = false;
        while (true) {
          if (after == size) {
            if (!final_) return incomplete(record);
            ended = true;  // fini drops the quote and the spaces after it
            break;
          }
          c = data_[after];
          if (c == delimiter_ || is_break(c)) {
            ended = true;
            break;
          }
          if (is_space(c)) {
            spaces = true;
            ++after;
            continue;
          }
          if (c == '"') {
            if (spaces) {  // a quote after spaces is text; still after a quote
              field.complex = true;
              spaces = false;
              ++after;
              continue;
            }
            field.complex = true;  // "" is one quote
            position = after + 1;
            break;
          }
          field.complex = true;  // text after a closing quote: the field goes on, quoted
          position = after;
          break;
        }
        if (!ended) continue;
        if (after != quote + 1) field.complex = true;  // spaces after the quote are dropped
        field.end = quote;
        field.raw_end = after;
        fields.push_back(field);
        if (after == size) {
          record.end = size;
          record.how = RecordEnd::end_of_data;
          return record;
        }
        if (c == delimiter_) {
          position = after + 1;
          break;
        }
        record.end = after;
        return record;
      }
    }
  }

  /// The value of a complex field: libcsv's state machine over its raw bytes.
  [[gnu::noinline]] void decode(const Field& field, std::string& out) const {
    out.clear();
    std::size_t position = field.raw_begin + 1;  // after the opening quote
    std::size_t spaces = 0;
    bool after_quote = false;
    for (; position < field.raw_end; ++position) {
      const char c = data_[position];
      if (!after_quote) {
        out += c;
        if (c == '"') {
          after_quote = true;
          spaces = 0;
        }
        continue;
      }
      if (is_space(c)) {
        out += c;
        ++spaces;
      } else if (c == '"') {
        if (spaces != 0) {
          out += c;
          spaces = 0;
        } else {
          after_quote = false;  // "" : the quote already appended stands
        }
      } else {
        out += c;
        after_quote = false;
        spaces = 0;
      }
    }
    // The field ended right after a quote (and spaces): they are not text.
    if (after_quote) out.resize(out.size() - spaces - 1);
  }

  /// The value of `field`, decoded into `scratch` when it must be.
  [[gnu::always_inline]] std::string_view value(const Field& field, std::string& scratch) const {
    if (!field.complex) return data_.substr(field.begin, field.end - field.begin);
    decode(field, scratch);
    return scratch;
  }

  [[nodiscard]] std::string_view data() const noexcept { return data_; }
  [[nodiscard]] bool final() const noexcept { return final_; }

 private:
  Record incomplete(Record record) const noexcept {
    record.how = RecordEnd::incomplete;
    record.end = data_.size();
    return record;
  }

  std::string_view data_;
  bool final_;
  char delimiter_;
  bool ends_field_[256] = {};  // the delimiter and the line breaks
};

}  // namespace cchc::io::csv_scan
