// The columnar dossier CSV reader: bytes → typed columns (dictionary codes, day numbers,
// numbers) → dossier::ingest_columns, on all cores, with no per-row record or string.
//
// The file is read in blocks. Each block is cut at line starts into one chunk per thread and
// every chunk is scanned as if it began a record (speculation). A chunk's guess holds when the
// chunk before it ended its last record exactly where this one began, or on a line break this
// one also ended a record with; the scanner being deterministic, both parses agree from there
// on. Otherwise (a chunk boundary inside a quoted value that holds line breaks) the chunk is
// scanned again from the right place. So the rows, their lines and every rejection are those
// of one sequential scan whatever the number of threads.
//
// Each thread maps the distinct texts of a column to its own codes; the distinct texts are
// merged into one dictionary per column after each block and read with the vocabulary once
// (status, channel, yes/no, rating). Dates in the usual forms are read by a direct digit
// parse, other forms through the vocabulary with a cache. A row's first problem (in the order
// the row reader read its cells) becomes a CellProblem; ingest_columns applies the row rules.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <exception>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/io.hpp"
#include "cchc/dossier/columns.hpp"
#include "cchc/dossier/vocabulary.hpp"
#include "cchc/error.hpp"
#include "cchc/io/dossier_csv.hpp"
#include "cchc/text/unicode.hpp"
#include "cchc/text/vietnamese.hpp"
#include "csv_scan.hpp"
#include "record_field_index.hpp"

namespace cchc::io {
namespace {

using namespace cchc::dossier;
using csv_scan::Field;
using csv_scan::Record;
using csv_scan::RecordEnd;
using csv_scan::Scanner;

using namespace cchc::io::detail;  // FieldIndex: positions in record_fields()
constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);
constexpr int kWholeRow = -1;

// The order in which the row reader (DossierTableReader) looked at a row: the first problem
// in this order is the one reported.
enum Rank : std::uint8_t {
  kRankTruncated,
  kRankFieldCount,
  kRankStructure,  // unterminated quote, overlong record
  kRankCell,       // + the position of the field in kCellOrder
  kRankDuplicate = kRankCell + 32,
  kRankPauses,
  kRankDue,
};
constexpr std::size_t kCellOrder[] = {
    kChannel,          kOnlineLevel,     kStatus,       kReceived,   kReceivedHour,
    kDue,              kResolved,        kReturned,     kProcessingDays, kPauses,
    kDigitisedDossier, kDigitisedResult, kElectronicResult, kFeeRequired, kPaidOnline,
    kReusedData,       kSatisfaction};

std::uint8_t rank_of(std::size_t field) {
  for (std::size_t i = 0; i < std::size(kCellOrder); ++i) {
    if (kCellOrder[i] == field) return static_cast<std::uint8_t>(kRankCell + i);
  }
  return kRankCell;
}

// Text columns read through a dictionary, in this order.
constexpr std::size_t kDictFields[] = {kUnit,
                                       kField,
                                       kProcedure,
                                       kChannel,
                                       kOnlineLevel,
                                       kStatus,
                                       kDigitisedDossier,
                                       kDigitisedResult,
                                       kElectronicResult,
                                       kFeeRequired,
                                       kPaidOnline,
                                       kReusedData,
                                       kSatisfaction};
constexpr std::size_t kDictCount = std::size(kDictFields);
constexpr std::size_t kFirstEnumDict = 3;  // channel onwards hold enums (and the rating)
constexpr std::size_t kDateFields[] = {kReceived, kDue, kResolved, kReturned};
constexpr std::size_t kDateCount = std::size(kDateFields);

// ---- Text helpers ------------------------------------------------------------------------

// The last size % 8 bytes of a text as a word, without reading past it.
[[gnu::always_inline]] inline std::uint64_t tail_word(const char* bytes,
                                                      std::size_t count) noexcept {
  std::uint64_t word = 0;
  std::size_t at = 0;
  if ((count & 4U) != 0) {
    std::uint32_t part = 0;
    std::memcpy(&part, bytes, 4);
    word = part;
    at = 4;
  }
  if ((count & 2U) != 0) {
    std::uint16_t part = 0;
    std::memcpy(&part, bytes + at, 2);
    word |= static_cast<std::uint64_t>(part) << (8 * at);
    at += 2;
  }
  if ((count & 1U) != 0) {
    word |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at])) << (8 * at);
  }
  return word;
}

[[gnu::always_inline]] inline std::uint64_t hash_text(std::string_view text) noexcept {
  std::uint64_t hash = 0x9E3779B97F4A7C15ULL ^ (text.size() * 0xC2B2AE3D27D4EB4FULL);
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    hash = (hash ^ word) * 0xFF51AFD7ED558CCDULL;
    hash ^= hash >> 32;
  }
  hash = (hash ^ tail_word(text.data() + i, text.size() - i)) * 0xC4CEB9FE1A85EC53ULL;
  return hash ^ (hash >> 29);
}

// Equal texts; short ones (most cells) compared a word at a time.
[[gnu::always_inline]] inline bool same_text(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  if (a.size() > 16) return std::memcmp(a.data(), b.data(), a.size()) == 0;
  std::size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return false;
  }
  return tail_word(a.data() + i, a.size() - i) == tail_word(b.data() + i, b.size() - i);
}

// Distinct texts → dense codes (open addressing over the texts' hashes).
class TextCodes {
 public:
  static constexpr std::int32_t kRefused = -2;

  /// The code of `text`; a text not seen before is added only if accept() is true (else
  /// kRefused): each distinct text is checked once.
  template <typename Accept>
  std::int32_t code(std::string_view text, Accept&& accept) {
    if ((texts_.size() + 1) * 2 > slots_.size()) grow();
    const std::uint64_t hash = hash_text(text);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t index = hash & mask;; index = (index + 1) & mask) {
      Slot& slot = slots_[index];
      if (slot.code < 0) {
        if (!accept()) return kRefused;
        slot = Slot{hash, static_cast<std::int32_t>(texts_.size())};
        texts_.emplace_back(text);
        return slot.code;
      }
      if (slot.hash == hash && same_text(texts_[static_cast<std::size_t>(slot.code)], text)) {
        return slot.code;
      }
    }
  }

  std::int32_t code(std::string_view text) {
    if ((texts_.size() + 1) * 2 > slots_.size()) grow();
    const std::uint64_t hash = hash_text(text);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t index = hash & mask;; index = (index + 1) & mask) {
      Slot& slot = slots_[index];
      if (slot.code < 0) {
        slot = Slot{hash, static_cast<std::int32_t>(texts_.size())};
        texts_.emplace_back(text);
        return slot.code;
      }
      if (slot.hash == hash && same_text(texts_[static_cast<std::size_t>(slot.code)], text)) {
        return slot.code;
      }
    }
  }
  [[nodiscard]] const std::vector<std::string>& texts() const noexcept { return texts_; }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::int32_t code = -1;
  };
  void grow() {
    std::vector<Slot> old(std::max<std::size_t>(16, slots_.size() * 2));
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.code < 0) continue;
      std::size_t index = slot.hash & mask;
      while (slots_[index].code >= 0) index = (index + 1) & mask;
      slots_[index] = slot;
    }
  }
  std::vector<Slot> slots_;
  std::vector<std::string> texts_;
};

// The cell without surrounding whitespace; the common case (a plain first and last byte)
// without a call.
inline std::string_view trim(std::string_view text) noexcept {
  if (text.empty()) return text;
  const auto plain = [](char c) {
    return static_cast<unsigned char>(c) > ' ' && static_cast<unsigned char>(c) < 0x80;
  };
  if (plain(text.front()) && plain(text.back())) return text;
  return trim_cell(text);
}

inline bool is_ascii(std::string_view text) noexcept {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string hex_byte(unsigned char byte) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  return std::string("0x") + kDigits[byte >> 4] + kDigits[byte & 0xF];
}

// Length of the valid UTF-8 sequence at `position`, 0 when invalid (Unicode's well-formed byte
// sequences: no overlongs, surrogates or values above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text, std::size_t position) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(position);
  const std::size_t left = text.size() - position;
  const auto continuation = [&](std::size_t i) { return (byte(i) & 0xC0) == 0x80; };
  if (lead >= 0xC2 && lead <= 0xDF) return left >= 2 && continuation(position + 1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (left < 3 || !continuation(position + 1) || !continuation(position + 2)) return 0;
    const unsigned char second = byte(position + 1);
    if (lead == 0xE0 && second < 0xA0) return 0;  // overlong
    if (lead == 0xED && second > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (left < 4 || !continuation(position + 1) || !continuation(position + 2) ||
        !continuation(position + 3)) {
      return 0;
    }
    const unsigned char second = byte(position + 1);
    if (lead == 0xF0 && second < 0x90) return 0;  // overlong
    if (lead == 0xF4 && second > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

// The position of the first byte that is not UTF-8 text (or a NUL), npos when there is none.
// Exports are mostly ASCII: eight bytes at a time.
std::size_t first_invalid(std::string_view text) noexcept {
  std::size_t position = 0;
  while (position < text.size()) {
    if (position + 8 <= text.size()) {
      std::uint64_t word = 0;
      std::memcpy(&word, text.data() + position, 8);
      const bool ascii = (word & 0x8080808080808080ULL) == 0;
      const bool has_zero = ((word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL) != 0;
      if (ascii && !has_zero) {
        position += 8;
        continue;
      }
    }
    const auto byte = static_cast<unsigned char>(text[position]);
    if (byte == 0) return position;
    if (byte < 0x80) {
      ++position;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, position);
    if (length == 0) return position;
    position += length;
  }
  return std::string_view::npos;
}

// True when the only fault of `text` is a character cut off by its end: the bytes from
// `position` on begin a well-formed sequence that the end of the text interrupts.
bool cut_at_end(std::string_view text, std::size_t position) noexcept {
  const auto lead = static_cast<unsigned char>(text[position]);
  std::size_t length = 0;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  if (lead >= 0xE0 && lead <= 0xEF) length = 3;
  if (lead >= 0xF0 && lead <= 0xF4) length = 4;
  const std::size_t left = text.size() - position;
  if (length == 0 || left >= length) return false;
  for (std::size_t i = position + 1; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) return false;
  }
  if (left >= 2) {
    const auto second = static_cast<unsigned char>(text[position + 1]);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
      return false;
    }
  }
  return true;
}

RejectionCode overlong_code(std::size_t max_record_bytes) {
  return {"row.overlong", {{"max", std::to_string(max_record_bytes)}}};
}

// The reason a field is not UTF-8 text, or empty when it is (the whole-file error).
RejectionCode encoding_problem(std::string_view field) {
  const std::size_t position = first_invalid(field);
  if (position == std::string_view::npos) return {};
  const auto byte = static_cast<unsigned char>(field[position]);
  if (byte == 0) return {"file.nul_byte", {}};
  return {"file.not_utf8", {{"byte", hex_byte(byte)}, {"text", text::sanitize_utf8(field)}}};
}

// ---- Cell readers ------------------------------------------------------------------------

constexpr std::size_t kCacheLimit = 8192;

// Exports repeat the same few odd cells (dates without a day-month-year shape, "5 ngày"):
// each distinct text is read with the vocabulary once, up to kCacheLimit texts.
template <typename T>
class CellCache {
 public:
  explicit CellCache(Parsed<T> (*parse)(std::string_view)) : parse_(parse) {}
  const Parsed<T>& get(std::string_view text) {
    if (cache_.size() >= kCacheLimit) {
      last_ = parse_(text);
      return last_;
    }
    const auto found = cache_.find(text);
    if (found != cache_.end()) return found->second;
    return cache_.emplace(std::string(text), parse_(text)).first->second;
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return hash_text(text); }
  };
  Parsed<T> (*parse_)(std::string_view);
  std::unordered_map<std::string, Parsed<T>, Hash, std::equal_to<>> cache_;
  Parsed<T> last_;
};

inline bool digit(char c) noexcept { return c >= '0' && c <= '9'; }
inline int two(const char* p) noexcept { return (p[0] - '0') * 10 + (p[1] - '0'); }

// Days since 1970-01-01 of a proleptic Gregorian date (valid input only).
constexpr std::int32_t days_from_civil(int year, int month, int day) noexcept {
  year -= month <= 2 ? 1 : 0;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const int year_of_era = year - era * 400;
  const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

inline bool valid_ymd(int year, int month, int day) noexcept {
  if (month < 1 || month > 12 || day < 1) return false;
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

// The date forms exports write on nearly every row, read as parse_date_time reads them:
// dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd, yyyy/mm/dd, optionally followed by " HH:MM"
// or " HH:MM:SS". Anything else (or an impossible date) returns false: the caller asks
// parse_date_time, which names the problem.
inline bool fast_date(std::string_view value, std::int32_t& day_number, int& hour) noexcept {
  const std::size_t size = value.size();
  if (size != 10 && size != 16 && size != 19) return false;
  const char* p = value.data();
  int year = 0;
  int month = 0;
  int day = 0;
  const char separator = p[2];
  if ((separator == '/' || separator == '-' || separator == '.') && p[5] == separator &&
      digit(p[0]) && digit(p[1]) && digit(p[3]) && digit(p[4]) && digit(p[6]) && digit(p[7]) &&
      digit(p[8]) && digit(p[9])) {
    day = two(p);
    month = two(p + 3);
    year = two(p + 6) * 100 + two(p + 8);
  } else if ((p[4] == '-' || p[4] == '/') && p[7] == p[4] && digit(p[0]) && digit(p[1]) &&
             digit(p[2]) && digit(p[3]) && digit(p[5]) && digit(p[6]) && digit(p[8]) &&
             digit(p[9])) {
    year = two(p) * 100 + two(p + 2);
    month = two(p + 5);
    day = two(p + 8);
  } else {
    return false;
  }
  if (!valid_ymd(year, month, day)) return false;
  hour = -1;
  if (size >= 16) {
    if (p[10] != ' ' || p[13] != ':' || !digit(p[11]) || !digit(p[12]) || !digit(p[14]) ||
        !digit(p[15])) {
      return false;
    }
    hour = two(p + 11);
    if (hour > 23 || two(p + 14) > 59) return false;
    if (size == 19 && (p[16] != ':' || !digit(p[17]) || !digit(p[18]) || two(p + 17) > 59)) {
      return false;
    }
  }
  day_number = days_from_civil(year, month, day);
  return true;
}

// ---- Per-thread scanning -----------------------------------------------------------------

// What the reader knows of the header.
struct Layout {
  std::size_t columns = 0;                  // header fields
  std::vector<std::size_t> field_of_column;  // record field index or kNoColumn
  std::vector<bool> dictionary_column;       // read through a dictionary
  std::size_t column_of_field[kFieldCount];
  std::vector<std::string> header;
  char delimiter = ',';
  std::size_t max_record_bytes = 0;
  bool has(std::size_t field) const noexcept { return column_of_field[field] != kNoColumn; }
};

struct Candidate {
  std::size_t row = 0;
  std::uint8_t rank = 0;
  int field = kWholeRow;  // record field index, or kWholeRow
  std::string reason;
  RejectionCode code{};
};

// A candidate whose reason is `code`'s English ("whole row: " first for a whole-row reason).
Candidate coded_candidate(std::size_t row, std::uint8_t rank, int field, RejectionCode code) {
  std::string reason = field == kWholeRow ? "whole row: " + english(code) : english(code);
  return Candidate{row, rank, field, std::move(reason), std::move(code)};
}

// One thread's reusable state: its dictionaries and caches live across blocks.
struct Worker {
  TextCodes dictionaries[kDictCount];
  CellCache<DateTime> dates[kDateCount]{CellCache<DateTime>(&parse_date_time),
                                        CellCache<DateTime>(&parse_date_time),
                                        CellCache<DateTime>(&parse_date_time),
                                        CellCache<DateTime>(&parse_date_time)};
  CellCache<int> hours{&parse_hour};
  CellCache<std::int32_t> working_days{&parse_working_days};
  std::vector<std::int32_t> to_global[kDictCount];  // local code → global code
  csv_scan::Fields fields;
  std::string scratch;
};

// The rows one chunk of a block gave.
struct Chunk {
  std::size_t start = 0;     // where the scan began (a line start)
  std::size_t soft_end = 0;  // records beginning before this are the chunk's
  std::size_t end = 0;       // where the chunk's last record ended (+1), or where a record
                             // that the data does not complete begins
  bool stopped_incomplete = false;
  std::size_t range_breaks = 0;  // line breaks in [start, soft_end)
  std::size_t end_breaks = 0;    // line breaks in [start, end)

  std::vector<std::size_t> begin;         // per row: first byte
  std::vector<std::size_t> line;          // per row: breaks from `start` to its first byte
  std::vector<std::size_t> terminators;   // every record's terminator position, in order
  std::vector<std::size_t> blank_begins;  // blank records (not rows)
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // (row, breaks inside)
  std::vector<std::int32_t> codes[kDictCount];
  std::vector<std::int32_t> days[kDateCount];
  std::vector<std::int8_t> date_hour;  // hour of the receipt time, -1 when none
  std::vector<std::int8_t> hour;       // the received_hour column, -1 when none
  std::vector<std::int32_t> working_days;  // -1 when none
  std::string ids;
  std::vector<std::size_t> id_end;
  std::vector<Candidate> candidates;
  std::vector<std::pair<std::size_t, std::vector<calendar::Pause>>> pauses;
  // The first record that is not UTF-8 (the whole file fails), as its first byte and reason.
  std::optional<std::pair<std::size_t, RejectionCode>> encoding_error;

  void clear() {
    begin.clear();
    line.clear();
    terminators.clear();
    blank_begins.clear();
    spans.clear();
    for (auto& column : codes) column.clear();
    for (auto& column : days) column.clear();
    date_hour.clear();
    hour.clear();
    working_days.clear();
    ids.clear();
    id_end.clear();
    candidates.clear();
    pauses.clear();
    encoding_error.reset();
    stopped_incomplete = false;
  }
  [[nodiscard]] std::size_t rows() const noexcept { return begin.size(); }
};

class ChunkScanner {
 public:
  ChunkScanner(const Layout& layout, const Scanner& scanner, Worker& worker, Chunk& chunk)
      : layout_(layout), scanner_(scanner), worker_(worker), chunk_(chunk) {}

  // Scans records beginning in [from, chunk.soft_end); `breaks` counts line breaks from
  // chunk.start to `from`.
  void run(std::size_t from, std::size_t breaks) {
    std::size_t position = from;
    const std::string_view data = scanner_.data();
    while (true) {
      position = scanner_.skip(position, std::min(chunk_.soft_end, data.size()), breaks);
      chunk_.end_breaks = breaks;
      if (position >= chunk_.soft_end || position >= data.size()) {
        chunk_.end = position;
        return;
      }
      const Record record = scanner_.scan(position, worker_.fields);
      if (record.how == RecordEnd::incomplete) {
        chunk_.end = position;
        chunk_.stopped_incomplete = true;
        return;
      }
      const std::size_t line = breaks;
      if (record.end - record.begin > layout_.max_record_bytes) {
        // Rejected without reading its cells, as the block-by-block reader rejects a record
        // it cannot hold (ColumnarReader::reject_overlong), so the result is the same
        // wherever the blocks end.
        reject_overlong(record.begin, line);
        breaks += record.breaks_inside;
      } else {
        breaks += record.breaks_inside;
        if (!add(record, line)) {  // not UTF-8: the whole file fails here
          chunk_.end = position;
          return;
        }
      }
      chunk_.terminators.push_back(record.end);
      if (record.how != RecordEnd::terminator) {
        chunk_.end = record.end;
        chunk_.end_breaks = breaks;
        return;
      }
      // Past the terminator, counting its break ("\r\n" counts at the '\n').
      const char c = data[record.end];
      if (c == '\n' || record.end + 1 == data.size() || data[record.end + 1] != '\n') ++breaks;
      position = record.end + 1;
    }
  }

 private:
  std::string_view value(std::size_t column) {
    return scanner_.value(worker_.fields[column], worker_.scratch);
  }

  void candidate(std::size_t row, std::uint8_t rank, int field, RejectionCode code) {
    chunk_.candidates.push_back(coded_candidate(row, rank, field, std::move(code)));
  }
  // A cell the vocabulary cannot read: its reason is already written (once per distinct text).
  template <typename T>
  void candidate(std::size_t row, std::uint8_t rank, int field, const Parsed<T>& parsed) {
    chunk_.candidates.push_back(Candidate{row, rank, field, parsed.error, parsed.code});
  }

  // A row for the overlong record at `begin` (line `line`), rejected: no cell of it is read.
  void reject_overlong(std::size_t begin, std::size_t line) {
    const std::size_t row = new_row(begin, line, 0);
    chunk_.id_end.push_back(chunk_.ids.size());
    candidate(row, kRankStructure, kWholeRow, overlong_code(layout_.max_record_bytes));
  }

  // Appends one row of missing values (its cells are filled after).
  std::size_t new_row(const Record& record, std::size_t line) {
    return new_row(record.begin, line, record.breaks_inside);
  }
  std::size_t new_row(std::size_t begin, std::size_t line, std::size_t breaks_inside) {
    const std::size_t row = chunk_.rows();
    chunk_.begin.push_back(begin);
    chunk_.line.push_back(line);
    if (breaks_inside != 0) chunk_.spans.emplace_back(row, breaks_inside);
    for (std::size_t d = 0; d < kDictCount; ++d) {
      if (layout_.has(kDictFields[d])) chunk_.codes[d].push_back(-1);
    }
    for (std::size_t k = 0; k < kDateCount; ++k) {
      if (k < 2 || layout_.has(kDateFields[k])) chunk_.days[k].push_back(kMissingDay);
    }
    chunk_.date_hour.push_back(-1);
    if (layout_.has(kReceivedHour)) chunk_.hour.push_back(-1);
    if (layout_.has(kProcessingDays)) chunk_.working_days.push_back(-1);
    return row;
  }

  void set_id(std::size_t row_fields) {
    const std::size_t column = layout_.column_of_field[kId];
    if (column != kNoColumn && column < row_fields) {
      const std::string_view id = trim(value(column));
      if (is_ascii(id)) {
        chunk_.ids.append(id);
      } else {
        chunk_.ids += text::to_nfc(id);
      }
    }
    chunk_.id_end.push_back(chunk_.ids.size());
  }

  // Returns false when the record is not UTF-8 text (and not merely cut at the file's end).
  bool add(const Record& record, std::size_t line) {
    const csv_scan::Fields& fields = worker_.fields;

    if (record.how == RecordEnd::open_quote) {
      const std::size_t row = new_row(record, line);
      chunk_.id_end.push_back(chunk_.ids.size());
      candidate(row, kRankStructure, kWholeRow, {"row.open_quote", {}});
      return true;
    }

    // Dictionary codes first: a text already in the thread's dictionary is known to be UTF-8,
    // so each distinct text is checked once; every other cell is checked here.
    std::int32_t codes[kDictCount];
    bool invalid = false;
    for (std::size_t d = 0; d < kDictCount; ++d) {
      codes[d] = -1;
      const std::size_t column = layout_.column_of_field[kDictFields[d]];
      if (column == kNoColumn || column >= fields.size()) continue;
      const std::string_view cell = trim(value(column));
      if (cell.empty()) continue;
      codes[d] = worker_.dictionaries[d].code(
          cell, [&] { return first_invalid(cell) == std::string_view::npos; });
      if (codes[d] == TextCodes::kRefused) invalid = true;
    }
    for (std::size_t column = 0; column < fields.size() && !invalid; ++column) {
      if (column < layout_.columns && layout_.dictionary_column[column]) continue;
      invalid = first_invalid(value(column)) != std::string_view::npos;
    }

    std::optional<std::size_t> cut_column;  // a character cut by the end of the file
    if (invalid) {
      for (std::size_t column = 0; column < fields.size(); ++column) {
        const std::string_view cell = value(column);
        const std::size_t bad = first_invalid(cell);
        if (bad == std::string_view::npos) continue;
        const bool last_of_file = scanner_.final() && record.how == RecordEnd::end_of_data &&
                                  column + 1 == fields.size() && !fields[column].quoted;
        if (last_of_file && cut_at_end(cell, bad)) {
          cut_column = column;
          break;
        }
        chunk_.encoding_error.emplace(record.begin, encoding_problem(cell));
        return false;
      }
    }

    if (!cut_column && std::all_of(fields.begin(), fields.end(), [&](const Field& field) {
          return trim_cell(scanner_.value(field, worker_.scratch)).empty();
        })) {
      chunk_.blank_begins.push_back(record.begin);
      return true;
    }

    const std::size_t row = new_row(record, line);
    if (cut_column) {
      const std::size_t column = *cut_column;
      // The cut cell can lie past the header's last column (a row with extra fields).
      const bool under_header = column < layout_.columns;
      const std::size_t field = under_header ? layout_.field_of_column[column] : kNoColumn;
      const std::string_view cell = value(column);
      const std::size_t bad = first_invalid(cell);
      RejectionCode code{under_header ? "row.cut_character" : "row.cut_character_past_header",
                         {{"bytes", std::to_string(cell.size() - bad)},
                          {"column", std::to_string(column + 1)}}};
      if (under_header) {
        code.arguments.emplace_back("header", text::sanitize_utf8(layout_.header[column]));
      }
      // The id, when it is not the cut cell.
      if (layout_.column_of_field[kId] != column) {
        set_id(fields.size());
      } else {
        chunk_.id_end.push_back(chunk_.ids.size());
      }
      candidate(row, kRankTruncated, field == kNoColumn ? kWholeRow : static_cast<int>(field),
                std::move(code));
      return true;
    }

    set_id(fields.size());
    const std::size_t columns = layout_.columns;
    if (fields.size() != columns) {
      bool blank_extras = fields.size() > columns;
      for (std::size_t column = columns; blank_extras && column < fields.size(); ++column) {
        blank_extras = trim_cell(value(column)).empty();
      }
      if (!blank_extras) {
        candidate(row, kRankFieldCount, kWholeRow,
                  {"row.field_count",
                   {{"fields", std::to_string(fields.size())},
                    {"columns", std::to_string(columns)}}});
        return true;
      }
    }

    for (std::size_t d = 0; d < kDictCount; ++d) {
      if (!layout_.has(kDictFields[d])) continue;
      if (codes[d] < 0) {
        if (kDictFields[d] == kStatus) {
          candidate(row, rank_of(kStatus), kStatus, {"cell.status_missing", {}});
        }
        continue;
      }
      chunk_.codes[d].back() = codes[d];
    }

    for (std::size_t k = 0; k < kDateCount; ++k) {
      const std::size_t field = kDateFields[k];
      const std::size_t column = layout_.column_of_field[field];
      if (column == kNoColumn) {
        if (field == kReceived) {
          candidate(row, rank_of(kReceived), kReceived, {"row.received_missing", {}});
        }
        continue;
      }
      const std::string_view cell = trim(value(column));
      if (cell.empty()) {
        if (field == kReceived) {
          candidate(row, rank_of(kReceived), kReceived, {"row.received_missing", {}});
        }
        continue;
      }
      std::int32_t day = 0;
      int hour = -1;
      if (!fast_date(cell, day, hour)) {
        const Parsed<DateTime>& parsed = worker_.dates[k].get(cell);
        if (!parsed.ok()) {
          candidate(row, rank_of(field), static_cast<int>(field), parsed);
          continue;
        }
        day = parsed.value->date.days_since_epoch();
        hour = parsed.value->hour ? *parsed.value->hour : -1;
      }
      chunk_.days[k].back() = day;
      if (field == kReceived) chunk_.date_hour.back() = static_cast<std::int8_t>(hour);
    }

    if (const std::size_t column = layout_.column_of_field[kReceivedHour]; column != kNoColumn) {
      const std::string_view cell = trim(value(column));
      if (!cell.empty()) {
        const Parsed<int>& parsed = worker_.hours.get(cell);
        if (parsed.ok()) {
          chunk_.hour.back() = static_cast<std::int8_t>(*parsed.value);
        } else {
          candidate(row, rank_of(kReceivedHour), kReceivedHour, parsed);
        }
      }
    }
    if (const std::size_t column = layout_.column_of_field[kProcessingDays];
        column != kNoColumn) {
      const std::string_view cell = trim(value(column));
      if (!cell.empty()) {
        std::int32_t days = -1;
        if (cell.size() <= 6 && std::all_of(cell.begin(), cell.end(), digit)) {
          days = 0;
          for (const char c : cell) days = days * 10 + (c - '0');
          if (days > 100000) days = -1;
        }
        if (days < 0) {
          const Parsed<std::int32_t>& parsed = worker_.working_days.get(cell);
          if (parsed.ok()) {
            days = *parsed.value;
          } else {
            candidate(row, rank_of(kProcessingDays), kProcessingDays, parsed);
          }
        }
        chunk_.working_days.back() = days;
      }
    }
    if (const std::size_t column = layout_.column_of_field[kPauses]; column != kNoColumn) {
      const std::string_view cell = value(column);
      if (!is_blank(cell)) {
        auto parsed = parse_pauses(cell);
        if (!parsed.ok()) {
          candidate(row, rank_of(kPauses), kPauses, parsed);
        } else if (!parsed.value->empty()) {
          chunk_.pauses.emplace_back(row, std::move(*parsed.value));
        }
      }
    }
    return true;
  }

  const Layout& layout_;
  const Scanner& scanner_;
  Worker& worker_;
  Chunk& chunk_;
};

// ---- The whole read ----------------------------------------------------------------------

// A global dictionary column and, for enum columns, what each text reads as.
struct GlobalDictionary {
  TextCodes codes;
  std::vector<std::int8_t> value;  // enum value code (>= 0) or -1 when the text is not one
  std::vector<CellReason> error;  // the vocabulary's reason, when value is -1
};

template <typename T>
void read_enum_texts(GlobalDictionary& dictionary, Parsed<T> (*parse)(std::string_view)) {
  for (std::size_t code = dictionary.value.size(); code < dictionary.codes.texts().size();
       ++code) {
    const Parsed<T> parsed = parse(dictionary.codes.texts()[code]);
    if (parsed.ok()) {
      const auto value = static_cast<int>(*parsed.value);
      dictionary.value.push_back(static_cast<std::int8_t>(value));
      dictionary.error.emplace_back();
    } else {
      dictionary.value.push_back(-1);
      dictionary.error.push_back(CellReason{parsed.error, parsed.code});
    }
  }
}

unsigned thread_count(unsigned requested) {
  if (requested != 0) return requested;
  return std::max(1U, std::thread::hardware_concurrency());
}

// Runs work(0 … tasks-1) on at most `threads` threads (task t on thread t mod threads).
template <typename Work>
void run_parallel(std::size_t tasks, std::size_t threads, Work&& work) {
  threads = std::min(tasks, std::max<std::size_t>(1, threads));
  if (threads <= 1) {
    for (std::size_t task = 0; task < tasks; ++task) work(task);
    return;
  }
  std::exception_ptr failure;
  std::atomic<bool> failed{false};
  const auto guarded = [&](std::size_t first) {
    try {
      for (std::size_t task = first; task < tasks; task += threads) work(task);
    } catch (...) {
      if (!failed.exchange(true)) failure = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (std::size_t thread = 1; thread < threads; ++thread) pool.emplace_back(guarded, thread);
  guarded(0);
  for (std::thread& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

// The bytes being read: grows without zero-filling (a block is read over it right away).
class ReadBuffer {
 public:
  [[nodiscard]] char* data() noexcept { return data_.get(); }
  [[nodiscard]] const char* data() const noexcept { return data_.get(); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  char operator[](std::size_t i) const noexcept { return data_[i]; }
  /// Sets the size; bytes past the old size are not initialised.
  void resize(std::size_t size) {
    if (size > capacity_) {
      const std::size_t capacity = std::max(size, capacity_ * 2);
      auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
      if (size_ != 0) std::memcpy(bigger.get(), data_.get(), size_);
      data_ = std::move(bigger);
      capacity_ = capacity;
    }
    size_ = size;
  }
  void erase_front(std::size_t count) noexcept {
    if (count != 0 && count < size_) std::memmove(data_.get(), data_.get() + count, size_ - count);
    size_ = count < size_ ? size_ - count : 0;
  }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

class ColumnarReader {
 public:
  ColumnarReader(std::istream& input, std::string source, const calendar::WorkCalendar& calendar,
                 const DossierCsvOptions& options, bool keep_accepted_ids)
      : input_(input),
        source_(std::move(source)),
        calendar_(calendar),
        options_(options),
        keep_accepted_ids_(keep_accepted_ids),
        threads_(thread_count(options.threads)) {
    if (options.delimiter == '"' || options.delimiter == '\n' || options.delimiter == '\r') {
      throw Error("a CSV delimiter cannot be a quote or a line break");
    }
    workers_.resize(threads_);
    chunks_.resize(threads_);
    const std::istream::pos_type here = input_.tellg();
    if (here != std::istream::pos_type(-1) && input_.seekg(0, std::ios::end)) {
      const std::istream::pos_type end = input_.tellg();
      if (end != std::istream::pos_type(-1) && end >= here) {
        file_size_ = static_cast<std::size_t>(end - here);
      }
      input_.seekg(here);
    }
    input_.clear();
  }

  DossierCsvTable read() {
    const std::size_t block_bytes = std::max<std::size_t>(options_.block_bytes, 64);
    bool first = true;
    bool final = false;
    while (!final) {
      const std::size_t kept = buffer_.size();
      buffer_.resize(kept + block_bytes);
      input_.read(buffer_.data() + kept, static_cast<std::streamsize>(block_bytes));
      const auto got = static_cast<std::size_t>(input_.gcount());
      buffer_.resize(kept + got);
      if (input_.bad()) throw ParseError(source_, breaks_ + 1, "", "read error");
      final = input_.eof() || got == 0;
      std::size_t offset = 0;
      if (first && (buffer_.size() >= 3 || final)) {
        first = false;
        const std::string_view head(buffer_.data(), buffer_.size());
        if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF")) {
          throw dossier::coded_parse_error(source_, 1, "", {"file.utf16", {}});
        }
        if (head.starts_with("\xEF\xBB\xBF")) offset = 3;
      } else if (first) {
        continue;  // fewer than three bytes so far: the BOM test needs them
      }
      if (skipping_) offset = skip_overlong_rest(offset, final);
      std::size_t usable = buffer_.size();
      // A '\r' ending the block may be half of a "\r\n": keep it for the next block.
      if (!final && usable > offset && buffer_[usable - 1] == '\r') --usable;
      const std::size_t consumed = process(offset, usable, final);
      if (encoding_error_) break;
      // What the block did not complete moves to the front of the buffer.
      std::size_t carry_from = consumed;
      if (!final && usable - carry_from > options_.max_record_bytes && layout_) {
        carry_from = reject_overlong(carry_from, usable);
      }
      breaks_ = consumed_breaks_;
      if (carry_from > consumed) {
        breaks_ += csv_scan::count_breaks(std::string_view(buffer_.data(), buffer_.size()),
                                          consumed, carry_from);
      }
      buffer_.erase_front(carry_from);
      file_offset_ += carry_from;
    }
    buffer_ = ReadBuffer();
    if (!layout_) {
      if (encoding_error_) throw *encoding_error_;
      throw dossier::coded_parse_error(source_, 1, "", {"file.empty", {}});
    }
    return finish();
  }

 private:
  // Drops the rest of an overlong record begun in an earlier block; returns where reading
  // resumes (past its terminator, or the end of what this block can tell).
  std::size_t skip_overlong_rest(std::size_t offset, bool final) {
    const std::string_view data(buffer_.data(), buffer_.size());
    std::size_t stop = data.size();
    if (!final && stop > offset && data[stop - 1] == '\r') --stop;  // maybe half of "\r\n"
    const std::size_t end = skipping_->feed(data, offset, stop);
    if (end == std::string_view::npos) {
      breaks_ += csv_scan::count_breaks(data, offset, stop);
      if (final) skipping_.reset();  // the record ran to the end of the file
      return stop;
    }
    skipping_.reset();
    // Its terminator counts as the normal path counts it ("\r\n" at the '\n', read next).
    breaks_ += csv_scan::count_breaks(data, offset, end + 1);
    return end + 1;
  }

  // The record at `from` (not complete in the buffer) is longer than max_record_bytes: it is
  // rejected, and its bytes are dropped up to its terminator, found by the same rules as a
  // whole record's (quoted line breaks are in it), so nothing of it is read as rows. Returns
  // `from` when the record (its spaces skipped) is not yet longer than that.
  std::size_t reject_overlong(std::size_t from, std::size_t usable) {
    const std::string_view data(buffer_.data(), usable);
    std::size_t breaks = 0;
    const Scanner scanner(data, false, options_.delimiter);
    const std::size_t begin = scanner.skip(from, usable, breaks);
    if (usable - begin <= options_.max_record_bytes) return from;
    const std::size_t line = breaks_before(from) + breaks + 1;
    add_structure_row(line, overlong_code(options_.max_record_bytes));
    skipping_.emplace(options_.delimiter);
    if (const std::size_t end = skipping_->feed(data, begin, usable);
        end != std::string_view::npos) {
      skipping_.reset();  // not expected (the scan stopped inside the record), but exact
      return end + 1;
    }
    return usable;  // a '\r' held back stays: it may be half of a "\r\n"
  }

  [[nodiscard]] std::size_t breaks_before(std::size_t position) const {
    return breaks_ + csv_scan::count_breaks(std::string_view(buffer_.data(), buffer_.size()),
                                            block_offset_, position);
  }

  // A row rejected before its cells could be split (only its line is known).
  void add_structure_row(std::size_t line, RejectionCode code) {
    const std::size_t row = rows_;
    grow_rows(row + 1);
    line_[row] = line;
    id_end_.push_back(ids_.size());
    candidates_.push_back(coded_candidate(row, kRankStructure, kWholeRow, std::move(code)));
  }

  void read_header(std::string_view data, std::size_t& position, bool final, bool& need_more) {
    const Scanner scanner(data, final, options_.delimiter);
    std::size_t breaks = 0;
    const std::size_t begin = scanner.skip(position, data.size(), breaks);
    if (begin == data.size()) {  // blank lines so far: read past them
      position = begin;
      need_more = true;
      return;
    }
    csv_scan::Fields fields;
    const Record record = scanner.scan(begin, fields);
    const std::size_t line = breaks_ + csv_scan::count_breaks(data, 0, begin) + 1;
    // Judged on the bytes seen so far when the header is not complete yet, so that the
    // answer does not depend on where the blocks end, and a header-less 1 GB line is refused
    // after max_record_bytes.
    const std::size_t length =
        (record.how == RecordEnd::incomplete ? data.size() : record.end) - begin;
    if (length > options_.max_record_bytes) {
      throw dossier::coded_parse_error(
          source_, line, "",
          {"file.header_overlong", {{"max", std::to_string(options_.max_record_bytes)}}});
    }
    if (record.how == RecordEnd::incomplete) {
      position = begin;
      need_more = true;
      return;
    }
    if (record.how == RecordEnd::open_quote) {
      throw dossier::coded_parse_error(source_, line, "", {"file.header_open_quote", {}});
    }
    std::vector<std::string> header;
    std::string scratch;
    for (const Field& field : fields) {
      const std::string_view value = scanner.value(field, scratch);
      if (const RejectionCode problem = encoding_problem(value); !problem.code.empty()) {
        throw dossier::coded_parse_error(source_, line, "", problem);
      }
      header.emplace_back(value);
      // A BOM inside the header (a second one, or one before a quote) is not a character.
      if (header.back().starts_with("\xEF\xBB\xBF")) header.back().erase(0, 3);
    }
    // The row reader maps the header (and throws for missing or repeated columns).
    DossierTableReader mapper(header, source_, calendar_, options_.table, line, 0);
    columns_ = mapper.columns();
    Layout layout;
    layout.columns = header.size();
    layout.header = header;
    layout.delimiter = options_.delimiter;
    layout.max_record_bytes = options_.max_record_bytes;
    std::fill(std::begin(layout.column_of_field), std::end(layout.column_of_field), kNoColumn);
    layout.field_of_column.assign(header.size(), kNoColumn);
    const auto& names = record_fields();
    for (std::size_t column = 0; column < columns_.size(); ++column) {
      if (columns_[column].field.empty()) continue;
      const auto field = static_cast<std::size_t>(
          std::find(names.begin(), names.end(), columns_[column].field) - names.begin());
      layout.column_of_field[field] = column;
      layout.field_of_column[column] = field;
    }
    layout.dictionary_column.assign(header.size(), false);
    for (const std::size_t field : kDictFields) {
      if (layout.column_of_field[field] != kNoColumn) {
        layout.dictionary_column[layout.column_of_field[field]] = true;
      }
    }
    layout_ = std::move(layout);
    // The header's terminator is the first byte the body scan skips.
    position = record.end;
    if (record.how != RecordEnd::terminator) position = data.size();
  }

  // Reads the records of buffer_[offset, usable); returns where the unread rest begins.
  std::size_t process(std::size_t offset, std::size_t usable, bool final) {
    block_offset_ = offset;
    const std::string_view data(buffer_.data(), usable);
    std::size_t start = offset;
    if (!layout_) {
      bool need_more = false;
      read_header(data, start, final, need_more);
      if (need_more) {
        consumed_breaks_ = breaks_ + csv_scan::count_breaks(data, offset, start);
        return start;
      }
    }
    const std::size_t block_breaks = breaks_ + csv_scan::count_breaks(data, offset, start);
    const Scanner scanner(data, final, options_.delimiter);

    // Chunks of at least 256 KiB, cut after a '\n'.
    const std::size_t length = usable - start;
    const std::size_t wanted =
        std::max<std::size_t>(1, std::min<std::size_t>(threads_, length / (std::size_t{1} << 18)));
    std::vector<std::size_t> starts{start};
    for (std::size_t k = 1; k < wanted; ++k) {
      const std::size_t guess = start + length * k / wanted;
      if (guess <= starts.back()) continue;
      const std::size_t newline = data.find('\n', guess);
      if (newline == std::string_view::npos || newline + 1 >= usable) break;
      if (newline + 1 > starts.back()) starts.push_back(newline + 1);
    }
    if (options_.split_points != nullptr) {  // tests: chunk boundaries chosen by the caller
      starts.assign(1, start);
      for (const std::size_t point : *options_.split_points) {
        if (point < file_offset_) continue;
        const std::size_t at = point - file_offset_;
        if (at > starts.back() && at < usable) starts.push_back(at);
      }
    }
    const std::size_t count = starts.size();
    if (chunks_.size() < count) chunks_.resize(count);
    if (workers_.size() < count) workers_.resize(count);
    for (std::size_t k = 0; k < count; ++k) {
      Chunk& chunk = chunks_[k];
      chunk.clear();
      chunk.start = starts[k];
      chunk.soft_end = k + 1 < count ? starts[k + 1] : usable;
    }
    run_parallel(count, threads_, [&](std::size_t k) {
      ChunkScanner(*layout_, scanner, workers_[k], chunks_[k]).run(chunks_[k].start, 0);
      // The scan counted the breaks up to where it stopped: only the difference to soft_end
      // (a record that crossed it, or an unfinished one) is counted again.
      Chunk& chunk = chunks_[k];
      chunk.range_breaks =
          chunk.end <= chunk.soft_end
              ? chunk.end_breaks + csv_scan::count_breaks(data, chunk.end, chunk.soft_end)
              : chunk.end_breaks - csv_scan::count_breaks(data, chunk.soft_end, chunk.end);
    });

    // Check each chunk's guess against where the one before it ended; rescan from there when
    // it was wrong. first_row[k]: the first row of chunk k that the sequential scan has too.
    std::vector<std::size_t> first_row(count, 0);
    std::vector<std::size_t> breaks_at_start(count, 0);
    std::size_t previous_end = start;
    std::size_t breaks_so_far = block_breaks;  // breaks before chunks_[k].start
    std::size_t last_end = start;
    bool stopped = false;  // a chunk ended early (incomplete record, encoding error)
    for (std::size_t k = 0; k < count; ++k) {
      Chunk& chunk = chunks_[k];
      if (k > 0) breaks_so_far += chunks_[k - 1].range_breaks;
      breaks_at_start[k] = breaks_so_far;
      if (stopped) {
        first_row[k] = chunk.rows();
        chunk.blank_begins.clear();
        chunk.encoding_error.reset();
        continue;
      }
      // The guess holds when the chunk began where the previous one ended, or consumed the
      // line break that ended the previous chunk's last record as a terminator too.
      const bool valid = previous_end == chunk.start ||
                         (previous_end > chunk.start &&
                          std::binary_search(chunk.terminators.begin(), chunk.terminators.end(),
                                             previous_end - 1));
      if (!valid) {
        // Rescan from where the previous chunk ended, with the breaks before that point.
        chunk.clear();
        const std::size_t breaks = csv_scan::count_breaks(data, chunk.start, previous_end);
        ChunkScanner(*layout_, scanner, workers_[k], chunk).run(previous_end, breaks);
      }
      // Rows (and blank records) the previous chunk already read are not this chunk's.
      first_row[k] = static_cast<std::size_t>(
          std::lower_bound(chunk.begin.begin(), chunk.begin.end(), previous_end) -
          chunk.begin.begin());
      std::erase_if(chunk.blank_begins, [&](std::size_t at) { return at < previous_end; });
      previous_end = std::max(previous_end, chunk.end);
      last_end = previous_end;
      if (chunk.stopped_incomplete || chunk.encoding_error) stopped = true;
    }
    if (last_end < previous_end) last_end = previous_end;

    last_end_hint_ = last_end - start;
    merge(count, first_row, breaks_at_start);
    for (std::size_t k = 0; k < count; ++k) {
      if (chunks_[k].encoding_error) {
        const Chunk& chunk = chunks_[k];
        const std::size_t line = breaks_at_start[k] +
                                 csv_scan::count_breaks(data, chunk.start,
                                                        chunk.encoding_error->first) +
                                 1;
        // Breaks counted from the chunk start to the record, over data after any skipped
        // spaces: the record's own first line.
        encoding_error_.emplace(
            dossier::coded_parse_error(source_, line, "", chunk.encoding_error->second));
        break;
      }
    }
    if (final && !encoding_error_ && last_end < usable) {
      // The final block is read to its end: nothing may be left.
      last_end = usable;
    }
    // Breaks before last_end, from the chunk it falls in (counting only its tail again).
    std::size_t j = count - 1;
    while (j > 0 && chunks_[j].start > last_end) --j;
    const std::size_t chunk_end = chunks_[j].soft_end;
    consumed_breaks_ = breaks_at_start[j] + chunks_[j].range_breaks;
    if (last_end <= chunk_end) {
      consumed_breaks_ -= csv_scan::count_breaks(data, last_end, chunk_end);
    } else {
      consumed_breaks_ += csv_scan::count_breaks(data, chunk_end, last_end);
    }
    return last_end;
  }

  // Room for the rows the file probably holds, judged from the first block, so that the
  // columns do not grow (and copy) a dozen times.
  void reserve_rows(std::size_t rows) {
    const auto reserve = [rows](auto& column) { column.reserve(rows); };
    for (auto& column : group_codes_) reserve(column);
    for (auto& column : enum_codes_) reserve(column);
    for (auto& column : days_) reserve(column);
    reserve(hour_);
    reserve(working_days_);
    reserve(line_);
    reserve(id_end_);
  }

  void grow_rows(std::size_t rows) {
    if (rows <= rows_) return;
    const auto grow = [rows](auto& column) { column.resize(rows); };
    for (std::size_t d = 0; d < kDictCount; ++d) {
      if (d < kFirstEnumDict) {
        if (layout_->has(kDictFields[d])) grow(group_codes_[d]);
      } else if (layout_->has(kDictFields[d])) {
        const std::size_t before = enum_codes_[d].size();
        grow(enum_codes_[d]);
        std::fill(enum_codes_[d].begin() + static_cast<std::ptrdiff_t>(before),
                  enum_codes_[d].end(), std::int8_t{-1});
      }
    }
    for (std::size_t d = 0; d < kFirstEnumDict; ++d) {
      if (layout_->has(kDictFields[d])) {
        std::fill(group_codes_[d].begin() + static_cast<std::ptrdiff_t>(rows_),
                  group_codes_[d].end(), -1);
      }
    }
    for (std::size_t k = 0; k < kDateCount; ++k) {
      // received and due always (due is computed where missing); the others when mapped.
      if (k >= 2 && !layout_->has(kDateFields[k])) continue;
      grow(days_[k]);
      std::fill(days_[k].begin() + static_cast<std::ptrdiff_t>(rows_), days_[k].end(),
                kMissingDay);
    }
    if (want_hours()) {
      grow(hour_);
      std::fill(hour_.begin() + static_cast<std::ptrdiff_t>(rows_), hour_.end(), std::int8_t{-1});
    }
    if (layout_->has(kProcessingDays)) {
      grow(working_days_);
      std::fill(working_days_.begin() + static_cast<std::ptrdiff_t>(rows_), working_days_.end(),
                -1);
    }
    grow(line_);
    rows_ = rows;
  }

  // Appends the rows the chunks found (from first_row[k] on) to the columns.
  void merge(std::size_t count, const std::vector<std::size_t>& first_row,
             const std::vector<std::size_t>& breaks_at_start) {
    // New distinct texts into the global dictionaries (only the texts not seen before).
    for (std::size_t k = 0; k < count; ++k) {
      Worker& worker = workers_[k];
      for (std::size_t d = 0; d < kDictCount; ++d) {
        const auto& texts = worker.dictionaries[d].texts();
        auto& to_global = worker.to_global[d];
        for (std::size_t code = to_global.size(); code < texts.size(); ++code) {
          to_global.push_back(dictionaries_[d].codes.code(texts[code]));
        }
      }
    }
    read_enum_texts(dictionaries_[3], &parse_channel);
    read_enum_texts(dictionaries_[4], &parse_online_level);
    read_enum_texts(dictionaries_[5], &parse_status);
    for (std::size_t d = 6; d < 12; ++d) read_enum_texts(dictionaries_[d], &parse_yes_no);
    read_enum_texts(dictionaries_[12], &parse_satisfaction);

    std::vector<std::size_t> row_base(count, 0);
    std::size_t total = rows_;
    for (std::size_t k = 0; k < count; ++k) {
      row_base[k] = total;
      total += chunks_[k].rows() - first_row[k];
      blank_rows_ += chunks_[k].blank_begins.size();
    }
    const std::size_t id_base = ids_.size();
    if (rows_ == 0 && file_size_ != 0 && total != 0 && last_end_hint_ > 0) {
      const double per_row = static_cast<double>(last_end_hint_) / static_cast<double>(total);
      const auto expected =
          static_cast<std::size_t>(static_cast<double>(file_size_) / per_row * 1.02);
      if (expected > total) {
        reserve_rows(expected + 1024);
        ids_.reserve(ids_.size() / total * expected);
      }
    }
    grow_rows(total);
    id_end_.resize(total);
    std::vector<std::size_t> id_offset(count, id_base);
    for (std::size_t k = 0; k < count; ++k) {
      const Chunk& chunk = chunks_[k];
      const std::size_t skip_ids = first_row[k] == 0 ? 0 : chunk.id_end[first_row[k] - 1];
      if (k + 1 < count) {
        id_offset[k + 1] = id_offset[k] + (chunk.ids.size() - skip_ids);
      }
      ids_.append(chunk.ids, skip_ids);
    }

    std::vector<std::vector<Candidate>> found(count);
    run_parallel(count, threads_, [&](std::size_t k) {
      const Chunk& chunk = chunks_[k];
      const Worker& worker = workers_[k];
      const std::size_t first = first_row[k];
      const std::size_t base = row_base[k];
      const std::size_t skip_ids = first == 0 ? 0 : chunk.id_end[first - 1];
      for (std::size_t row = first; row < chunk.rows(); ++row) {
        const std::size_t out = base + row - first;
        line_[out] = breaks_at_start[k] + chunk.line[row] + 1;
        id_end_[out] = id_offset[k] + chunk.id_end[row] - skip_ids;
      }
      for (std::size_t d = 0; d < kDictCount; ++d) {
        if (!layout_->has(kDictFields[d])) continue;
        const auto& local = chunk.codes[d];
        const auto& to_global = worker.to_global[d];
        if (d < kFirstEnumDict) {
          std::int32_t* out = group_codes_[d].data() + base;
          for (std::size_t row = first; row < chunk.rows(); ++row) {
            const std::int32_t code = local[row];
            out[row - first] = code < 0 ? -1 : to_global[static_cast<std::size_t>(code)];
          }
          continue;
        }
        const GlobalDictionary& dictionary = dictionaries_[d];
        std::int8_t* out = enum_codes_[d].data() + base;
        for (std::size_t row = first; row < chunk.rows(); ++row) {
          const std::int32_t code = local[row];
          if (code < 0) {
            out[row - first] = -1;
            continue;
          }
          const auto global = static_cast<std::size_t>(to_global[static_cast<std::size_t>(code)]);
          const std::int8_t value = dictionary.value[global];
          out[row - first] = value;
          if (value < 0) {
            const std::size_t field = kDictFields[d];
            const CellReason& why = dictionary.error[global];
            found[k].push_back(Candidate{base + row - first, rank_of(field),
                                         static_cast<int>(field), why.reason, why.code});
          }
        }
      }
      for (std::size_t i = 0; i < kDateCount; ++i) {
        if (days_[i].empty()) continue;
        std::copy(chunk.days[i].begin() + static_cast<std::ptrdiff_t>(first), chunk.days[i].end(),
                  days_[i].begin() + static_cast<std::ptrdiff_t>(base));
      }
      for (std::size_t row = first; row < chunk.rows() && want_hours(); ++row) {
        // The received_hour column, when it has a value, over the receipt time's hour.
        std::int8_t hour = chunk.date_hour[row];
        if (!chunk.hour.empty() && chunk.hour[row] >= 0) hour = chunk.hour[row];
        hour_[base + row - first] = hour;
      }
      if (!chunk.working_days.empty()) {
        std::copy(chunk.working_days.begin() + static_cast<std::ptrdiff_t>(first),
                  chunk.working_days.end(),
                  working_days_.begin() + static_cast<std::ptrdiff_t>(base));
      }
    });
    // Serial: the sparse lists.
    for (std::size_t k = 0; k < count; ++k) {
      Chunk& chunk = chunks_[k];
      const std::size_t first = first_row[k];
      const std::size_t base = row_base[k];
      for (Candidate& candidate : chunk.candidates) {
        if (candidate.row < first) continue;
        candidate.row = base + candidate.row - first;
        candidates_.push_back(std::move(candidate));
      }
      for (Candidate& candidate : found[k]) candidates_.push_back(std::move(candidate));
      for (auto& [row, breaks] : chunk.spans) {
        if (row >= first) spans_.emplace_back(base + row - first, breaks);
      }
      for (auto& [row, pauses] : chunk.pauses) {
        if (row >= first) pauses_.emplace_back(base + row - first, std::move(pauses));
      }
    }
  }

  [[nodiscard]] bool want_hours() const noexcept {
    return options_.table.rule.afternoon_cutoff_hour.has_value();
  }

  [[nodiscard]] std::string_view id_of(std::size_t row) const {
    const std::size_t begin = row == 0 ? 0 : id_end_[row - 1];
    return std::string_view(ids_).substr(begin, id_end_[row] - begin);
  }

  DossierCsvTable finish() {
    // Without fail-fast a file that is not UTF-8 fails as a whole; with it, a bad row before
    // the bad bytes is the first error.
    if (encoding_error_ && !options_.table.fail_on_first_bad_row) throw *encoding_error_;
    const std::size_t rows = rows_;
    // The first problem of each row, in the row reader's order.
    std::stable_sort(candidates_.begin(), candidates_.end(),
                     [](const Candidate& a, const Candidate& b) {
                       return a.row != b.row ? a.row < b.row : a.rank < b.rank;
                     });
    std::vector<CellProblem> problems;
    std::vector<std::uint8_t> has_problem(rows, 0);
    const auto& names = record_fields();
    const auto field_name = [&](int field) {
      return field == kWholeRow ? std::string()
                                : std::string(names[static_cast<std::size_t>(field)]);
    };
    for (std::size_t i = 0; i < candidates_.size(); ++i) {
      if (i > 0 && candidates_[i].row == candidates_[i - 1].row) continue;
      has_problem[candidates_[i].row] = 1;
    }

    // Duplicate ids, in row order, among rows whose cells could all be read (as the row
    // reader: a row with a bad cell never claimed its id). Rows are split by the top bits of
    // their id's hash, so that each part's table stays in cache and the parts run in
    // parallel; within a part rows keep their order, and equal ids share a part.
    std::vector<Candidate> late;
    if (options_.table.reject_duplicate_ids && layout_->has(kId) && rows != 0) {
      std::vector<std::uint64_t> hashes(rows);
      run_parallel(threads_, threads_, [&](std::size_t part) {
        const std::size_t begin = rows * part / threads_;
        const std::size_t end = rows * (part + 1) / threads_;
        for (std::size_t row = begin; row < end; ++row) hashes[row] = hash_text(id_of(row));
      });
      unsigned bits = 0;
      while (bits < 12 && (rows >> bits) > 4096) ++bits;
      const std::size_t parts = std::size_t{1} << bits;
      const auto part_of = [bits](std::uint64_t hash) {
        return bits == 0 ? std::size_t{0} : static_cast<std::size_t>(hash >> (64 - bits));
      };
      std::vector<std::size_t> offsets(parts + 1, 0);
      for (std::size_t row = 0; row < rows; ++row) {
        if (has_problem[row] == 0 && id_end_[row] != (row == 0 ? 0 : id_end_[row - 1])) {
          ++offsets[part_of(hashes[row]) + 1];
        }
      }
      for (std::size_t part = 0; part < parts; ++part) offsets[part + 1] += offsets[part];
      // (hash, row) by part, rows in order within a part.
      std::vector<std::pair<std::uint64_t, std::size_t>> order(offsets[parts]);
      {
        std::vector<std::size_t> next(offsets.begin(), offsets.end() - 1);
        for (std::size_t row = 0; row < rows; ++row) {
          if (has_problem[row] == 0 && id_end_[row] != (row == 0 ? 0 : id_end_[row - 1])) {
            order[next[part_of(hashes[row])]++] = {hashes[row], row};
          }
        }
      }
      hashes = {};
      std::vector<std::vector<std::pair<std::size_t, std::size_t>>> duplicates(parts);
      run_parallel(parts, threads_, [&](std::size_t part) {
        const std::size_t first = offsets[part];
        const std::size_t count = offsets[part + 1] - first;
        std::size_t size = 16;
        while (size < count * 2) size *= 2;
        constexpr std::size_t kEmpty = std::numeric_limits<std::size_t>::max();
        std::vector<std::size_t> slots(size, kEmpty);  // index into order
        const std::size_t mask = size - 1;
        for (std::size_t i = first; i < first + count; ++i) {
          const auto [hash, row] = order[i];
          for (std::size_t index = (hash ^ (hash >> 29)) & mask;; index = (index + 1) & mask) {
            const std::size_t seen = slots[index];
            if (seen == kEmpty) {
              slots[index] = i;
              break;
            }
            if (order[seen].first == hash && same_text(id_of(order[seen].second), id_of(row))) {
              duplicates[part].emplace_back(row, order[seen].second);
              break;
            }
          }
        }
      });
      for (const auto& part : duplicates) {
        for (const auto& [row, first] : part) {
          late.push_back(coded_candidate(row, kRankDuplicate, kId,
                                         {"row.duplicate_id",
                                          {{"id", std::string(id_of(row))},
                                           {"first", std::to_string(line_[first])}}}));
          has_problem[row] = 1;
        }
      }
    }

    // Pauses of the pauses column and of the pause table, by row.
    const PauseTable* pause_table = options_.table.pauses;
    std::unordered_map<std::string_view, std::pair<const std::vector<calendar::Pause>*, bool>>
        table_pauses;
    if (pause_table != nullptr) {
      for (const auto& [id, pauses] : *pause_table) {
        table_pauses.emplace(id, std::pair{&pauses, false});
      }
    }
    std::vector<std::pair<std::size_t, std::vector<calendar::Pause>>> row_pauses;
    if (!pauses_.empty() || !table_pauses.empty()) {
      std::sort(pauses_.begin(), pauses_.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      std::size_t next_pause = 0;
      for (std::size_t row = 0; row < rows; ++row) {
        if (has_problem[row]) continue;
        std::vector<calendar::Pause> pauses;
        while (next_pause < pauses_.size() && pauses_[next_pause].first < row) ++next_pause;
        if (next_pause < pauses_.size() && pauses_[next_pause].first == row) {
          pauses = pauses_[next_pause].second;
        }
        const std::string_view id = id_of(row);
        if (!table_pauses.empty() && !id.empty()) {
          const auto found = table_pauses.find(id);
          if (found != table_pauses.end()) {
            pauses.insert(pauses.end(), found->second.first->begin(), found->second.first->end());
            std::sort(pauses.begin(), pauses.end(),
                      [](const calendar::Pause& a, const calendar::Pause& b) {
                        return a.requested < b.requested;
                      });
            found->second.second = true;
          }
        }
        if (!pauses.empty()) row_pauses.emplace_back(row, std::move(pauses));
      }
    }
    pauses_.clear();
    pauses_.shrink_to_fit();

    // Rows with pauses: the pause rule and the due date with the pauses (the columnar core
    // takes no pauses: it gets the due date computed here).
    for (auto& [row, pauses] : row_pauses) {
      RowValues values;
      values.received = Date::from_days(days_[0][row]);
      if (days_[1][row] != kMissingDay) values.due = Date::from_days(days_[1][row]);
      if (!days_[2].empty() && days_[2][row] != kMissingDay) {
        values.resolved = Date::from_days(days_[2][row]);
      }
      if (!days_[3].empty() && days_[3][row] != kMissingDay) {
        values.returned = Date::from_days(days_[3][row]);
      }
      if (!working_days_.empty() && working_days_[row] >= 0) {
        values.processing_days = working_days_[row];
      }
      if (!hour_.empty() && hour_[row] >= 0) values.received_hour = hour_[row];
      if (!enum_codes_[12].empty() && enum_codes_[12][row] >= 0) {
        values.satisfaction = enum_codes_[12][row];
      }
      values.status = static_cast<Status>(enum_codes_[5][row]);
      const RowRule broken = first_broken_rule(values);
      if (broken != RowRule::none && broken != RowRule::satisfaction_range) continue;
      bool bad = false;
      for (std::size_t i = 0; i < pauses.size(); ++i) {
        const calendar::Pause& pause = pauses[i];
        if (pause.resumed < pause.requested || pause.requested < values.received) {
          late.push_back(coded_candidate(row, kRankPauses, kPauses,
                                         {"row.pause_out_of_order",
                                          {{"pause", std::to_string(i + 1)},
                                           {"requested", pause.requested.vn()},
                                           {"resumed", pause.resumed.vn()},
                                           {"received", values.received.vn()}}}));
          bad = true;
          break;
        }
      }
      if (bad || broken != RowRule::none || values.due) continue;
      try {
        const Date due = calendar::due_date(
            calendar_, values.received, *values.processing_days, pauses,
            values.received_hour ? std::optional<int>(static_cast<int>(*values.received_hour))
                                 : std::nullopt,
            options_.table.rule);
        days_[1][row] = due.days_since_epoch();
      } catch (const Error& error) {
        late.push_back(coded_candidate(row, kRankDue, kDue,
                                       {"row.due_not_computable", {{"error", error.what()}}}));
      }
    }
    for (Candidate& candidate : late) candidates_.push_back(std::move(candidate));
    std::stable_sort(candidates_.begin(), candidates_.end(),
                     [](const Candidate& a, const Candidate& b) {
                       return a.row != b.row ? a.row < b.row : a.rank < b.rank;
                     });
    for (std::size_t i = 0; i < candidates_.size(); ++i) {
      if (i > 0 && candidates_[i].row == candidates_[i - 1].row) continue;
      problems.push_back(CellProblem{candidates_[i].row, field_name(candidates_[i].field),
                                     std::move(candidates_[i].reason),
                                     std::move(candidates_[i].code)});
    }
    candidates_ = {};

    // The view.
    DossierColumnsView view;
    view.rows = rows;
    std::vector<std::string> group_dictionaries[kFirstEnumDict];
    GroupColumnView* groups[kFirstEnumDict] = {&view.unit, &view.field, &view.procedure};
    for (std::size_t d = 0; d < kFirstEnumDict; ++d) {
      if (!layout_->has(kDictFields[d])) continue;
      group_dictionaries[d] = dictionaries_[d].codes.texts();
      groups[d]->codes = CodeColumnView{group_codes_[d].data(), 4, nullptr};
      groups[d]->dictionary = group_dictionaries[d];
    }
    static constexpr std::int16_t kIdentity[] = {0, 1, 2, 3, 4, 5, 6, 7};
    EnumColumnView* enums[] = {&view.channel,           &view.online_level,
                               &view.status,            &view.digitised_dossier,
                               &view.digitised_result,  &view.electronic_result,
                               &view.fee_required,      &view.paid_online,
                               &view.reused_data};
    for (std::size_t d = kFirstEnumDict; d < kDictCount - 1; ++d) {
      if (!layout_->has(kDictFields[d])) continue;
      EnumColumnView& column = *enums[d - kFirstEnumDict];
      column.codes = CodeColumnView{enum_codes_[d].data(), 1, nullptr};
      column.values = std::span<const std::int16_t>(kIdentity);
    }
    DateColumnView* dates[] = {&view.received, &view.due, &view.resolved, &view.returned};
    for (std::size_t i = 0; i < kDateCount; ++i) {
      if (i == 1 || layout_->has(kDateFields[i])) {
        *dates[i] = DateColumnView{days_[i].data(), DateUnit::days32, nullptr};
      }
    }
    // Numbers as the core reads them: int64 with a missing mask.
    std::vector<std::int64_t> hours;
    std::vector<std::uint8_t> hours_missing;
    // The hour of receipt only moves a due date under an afternoon cut-off (and the readers
    // only give hours 0–23): without one it is not passed.
    if (std::any_of(hour_.begin(), hour_.end(), [](std::int8_t hour) { return hour >= 0; })) {
      hours.resize(rows);
      hours_missing.resize(rows);
      for (std::size_t row = 0; row < rows; ++row) {
        hours[row] = hour_[row];
        hours_missing[row] = hour_[row] < 0 ? 1 : 0;
      }
      view.received_hour = NumberColumnView{hours.data(), false, hours_missing.data()};
    }
    std::vector<std::int64_t> working_days;
    std::vector<std::uint8_t> working_days_missing;
    if (layout_->has(kProcessingDays)) {
      working_days.resize(rows);
      working_days_missing.resize(rows);
      for (std::size_t row = 0; row < rows; ++row) {
        working_days[row] = working_days_[row];
        working_days_missing[row] = working_days_[row] < 0 ? 1 : 0;
      }
      view.processing_days =
          NumberColumnView{working_days.data(), false, working_days_missing.data()};
    }
    std::vector<std::int64_t> ratings;
    std::vector<std::uint8_t> ratings_missing;
    if (layout_->has(kSatisfaction)) {
      ratings.resize(rows);
      ratings_missing.resize(rows);
      for (std::size_t row = 0; row < rows; ++row) {
        ratings[row] = enum_codes_[12][row];
        ratings_missing[row] = enum_codes_[12][row] < 0 ? 1 : 0;
      }
      view.satisfaction = NumberColumnView{ratings.data(), false, ratings_missing.data()};
    }
    view.problems = problems;

    TableIngestOptions ingest_options;
    ingest_options.threads = threads_;
    ingest_options.source = source_;
    DossierCsvTable result;
    result.ingested = ingest_columns(view, calendar_, options_.table.rule, ingest_options);
    result.columns = std::move(columns_);
    result.blank_rows = blank_rows_;

    if (keep_accepted_ids_) {
      std::vector<std::uint8_t> rejected(rows, 0);
      for (const RejectedRow& row : result.ingested.rejected) rejected[row.row] = 1;
      result.accepted_ids.reserve(result.ingested.table.rows);
      for (std::size_t row = 0; row < rows; ++row) {
        if (rejected[row] == 0) result.accepted_ids.emplace_back(id_of(row));
      }
    }
    // Rows → lines, ids, and the lines a record spans.
    std::sort(spans_.begin(), spans_.end());
    for (RejectedRow& rejected : result.ingested.rejected) {
      const std::size_t row = rejected.row;
      rejected.id = std::string(id_of(row));
      rejected.row = line_[row];
      const auto span = std::lower_bound(spans_.begin(), spans_.end(),
                                         std::pair<std::size_t, std::size_t>{row, 0});
      if (span != spans_.end() && span->first == row) {
        const std::size_t last = line_[row] + span->second;
        rejected.reason += " (the record spans lines " + std::to_string(line_[row]) + "–" +
                           std::to_string(last) +
                           ": a quoted value holds line breaks; if that is not intended, a "
                           "stray quote on line " +
                           std::to_string(line_[row]) + " opened it)";
        // For readers that write the reason in another language (cchc.messages).
        if (!rejected.code.code.empty()) {
          rejected.code.arguments.emplace_back("spans_first", std::to_string(line_[row]));
          rejected.code.arguments.emplace_back("spans_last", std::to_string(last));
        }
      }
    }
    if (options_.table.fail_on_first_bad_row && !result.ingested.rejected.empty()) {
      const RejectedRow& first = result.ingested.rejected.front();
      throw dossier::rejected_row_error(source_, first.row, first);
    }
    if (encoding_error_) throw *encoding_error_;
    for (const auto& [id, entry] : table_pauses) {
      if (!entry.second) result.unmatched_pause_ids.emplace_back(id);
    }
    std::sort(result.unmatched_pause_ids.begin(), result.unmatched_pause_ids.end());
    return result;
  }

  std::istream& input_;
  std::string source_;
  const calendar::WorkCalendar& calendar_;
  const DossierCsvOptions& options_;
  bool keep_accepted_ids_;
  unsigned threads_;

  ReadBuffer buffer_;
  std::size_t block_offset_ = 0;
  std::size_t breaks_ = 0;  // line breaks before buffer_[0]
  std::size_t file_offset_ = 0;  // bytes of the file before buffer_[0]
  std::size_t file_size_ = 0;    // when the stream can tell it (0: unknown)
  std::size_t last_end_hint_ = 0;  // bytes of rows the last block held
  // Set while the rest of an overlong record is dropped.
  std::optional<csv_scan::RecordEndFinder> skipping_;
  std::optional<Layout> layout_;
  std::vector<ColumnUse> columns_;
  std::vector<Worker> workers_;
  std::vector<Chunk> chunks_;
  std::optional<ParseError> encoding_error_;
  std::size_t consumed_breaks_ = 0;  // line breaks before where process() stopped

  // The rows so far, as columns.
  std::size_t rows_ = 0;
  std::size_t blank_rows_ = 0;
  GlobalDictionary dictionaries_[kDictCount];
  Column<std::int32_t> group_codes_[kFirstEnumDict];
  Column<std::int8_t> enum_codes_[kDictCount];
  Column<std::int32_t> days_[kDateCount];
  Column<std::int8_t> hour_;
  Column<std::int32_t> working_days_;
  Column<std::size_t> line_;
  std::string ids_;
  std::vector<std::size_t> id_end_;
  std::vector<Candidate> candidates_;
  std::vector<std::pair<std::size_t, std::size_t>> spans_;
  std::vector<std::pair<std::size_t, std::vector<calendar::Pause>>> pauses_;
};

}  // namespace

DossierCsvTable read_dossier_csv_table(std::istream& input, const std::string& source,
                                       const calendar::WorkCalendar& calendar,
                                       const DossierCsvOptions& options) {
  return ColumnarReader(input, source, calendar, options, false).read();
}

DossierCsvTable read_dossier_csv_table(const std::filesystem::path& path,
                                       const calendar::WorkCalendar& calendar,
                                       const DossierCsvOptions& options) {
  std::ifstream input(path, std::ios::binary);
  if (!input) {
    throw cchc::detail::CodedReason(cchc::detail::io_error("file.cannot_open"))
        .at(path.string(), 0, "");
  }
  return read_dossier_csv_table(input, path.string(), calendar, options);
}

namespace detail_csv {
DossierCsvTable read_with_ids(std::istream& input, const std::string& source,
                              const calendar::WorkCalendar& calendar,
                              const DossierCsvOptions& options) {
  return ColumnarReader(input, source, calendar, options, true).read();
}
}  // namespace detail_csv

}  // namespace cchc::io
