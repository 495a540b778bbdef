#include "cchc/io/dossier_csv.hpp"

#include <csv.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/io.hpp"
#include "cchc/dossier/record.hpp"
#include "cchc/dossier/vocabulary.hpp"
#include "cchc/error.hpp"
#include "cchc/text/vietnamese.hpp"

namespace cchc::io {
namespace {

using cchc::detail::CodedReason;
using cchc::detail::io_error;

// The pause table reader (small hand-made files) streams through libcsv; dossier exports go
// through the columnar reader (dossier_csv_columns.cpp), whose scanner follows libcsv's rules.

// Reads start with a small block that doubles up to the large one, so a small file (or a fuzz
// input) does not pay for allocating a large buffer while a big file still reads in large blocks.
constexpr std::size_t kFirstBlockBytes = std::size_t{1} << 14;
constexpr std::size_t kBlockBytes = std::size_t{1} << 20;
constexpr std::size_t kMinimumFieldStep = 128;  // libcsv's own default
// libcsv's parser states (libcsv.c): no record begun, and inside a field.
constexpr int kRowNotBegun = 0;
constexpr int kFieldBegun = 2;

// A record as libcsv delivered it: its first line and its fields (buffers are reused).
struct Record {
  std::size_t line = 0;
  std::vector<std::string> fields;
  std::size_t count = 0;
};

// What libcsv's C callbacks fill. They only copy bytes: C++ exceptions must not unwind through
// libcsv's C frames, so records are handed on after csv_parse returns.
struct CallbackState {
  std::vector<std::string> current;
  std::size_t current_count = 0;
  std::size_t record_line = 1;
  std::vector<Record> done;
  std::size_t done_count = 0;
};

void on_field(void* bytes, std::size_t size, void* data) {
  auto& state = *static_cast<CallbackState*>(data);
  if (state.current.size() <= state.current_count) state.current.emplace_back();
  state.current[state.current_count++].assign(static_cast<const char*>(bytes), size);
}

void on_record_end(int /*terminator*/, void* data) {
  auto& state = *static_cast<CallbackState*>(data);
  if (state.done.size() <= state.done_count) state.done.emplace_back();
  Record& record = state.done[state.done_count++];
  std::swap(record.fields, state.current);
  record.count = state.current_count;
  record.line = state.record_line;
  state.current_count = 0;
}

class Parser {
 public:
  explicit Parser(char delimiter) : delimiter_(delimiter) { start(); }
  ~Parser() { csv_free(&parser_); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  void reset() {
    csv_free(&parser_);
    start();
  }
  csv_parser* get() noexcept { return &parser_; }

 private:
  void start() {
    if (csv_init(&parser_, 0) != 0) throw Error("libcsv: cannot initialise the parser");
    csv_set_delim(&parser_, static_cast<unsigned char>(delimiter_));
  }
  char delimiter_;
  csv_parser parser_{};
};

std::string hex_byte(unsigned char byte) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  return std::string("0x") + kDigits[byte >> 4] + kDigits[byte & 0xF];
}

// Length of the valid UTF-8 sequence at `position`, 0 when invalid (Unicode's well-formed byte
// sequences: no overlongs, surrogates or values above U+10FFFF). ASCII runs are skipped by the
// caller eight bytes at a time: exports are mostly ASCII digits and separators.
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

// The reason a field is not UTF-8 text, or empty when it is.
dossier::RejectionCode encoding_problem(std::string_view field) {
  std::size_t position = 0;
  while (position < field.size()) {
    if (position + 8 <= field.size()) {
      std::uint64_t word = 0;
      std::memcpy(&word, field.data() + position, 8);
      // No byte ≥ 0x80 and no NUL byte: eight ASCII characters.
      const bool ascii = (word & 0x8080808080808080ULL) == 0;
      const bool has_zero = ((word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL) != 0;
      if (ascii && !has_zero) {
        position += 8;
        continue;
      }
    }
    const auto byte = static_cast<unsigned char>(field[position]);
    if (byte == 0) return {"file.nul_byte", {}};
    if (byte < 0x80) {
      ++position;
      continue;
    }
    const std::size_t length = utf8_sequence_length(field, position);
    if (length == 0) {
      return {"file.not_utf8", {{"byte", hex_byte(byte)}, {"text", text::sanitize_utf8(field)}}};
    }
    position += length;
  }
  return {};
}

// Streams `input` through libcsv and calls on_record(const Record&) for each record and
// on_broken(line, reason) for a record that cannot be split into fields.
template <typename OnRecord, typename OnBroken>
void for_each_record(std::istream& input, const std::string& source, char delimiter,
                     std::size_t max_record_bytes, OnRecord&& on_record, OnBroken&& on_broken) {
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
    throw CodedReason(io_error("csv.bad_delimiter")).as<Error>();
  }
  Parser parser(delimiter);
  CallbackState state;
  std::size_t block_size = kFirstBlockBytes;
  auto block = std::make_unique_for_overwrite<char[]>(block_size);
  std::size_t line = 1;
  std::size_t record_bytes = 0;
  bool skipping_line = false;  // the rest of an overlong record's line
  bool first_block = true;
  bool carriage_return_ends_block = false;  // a '\n' starting the next block completes a CRLF

  const auto hand_on_records = [&] {
    for (std::size_t i = 0; i < state.done_count; ++i) {
      Record& record = state.done[i];
      for (std::size_t f = 0; f < record.count; ++f) {
        if (const auto problem = encoding_problem(record.fields[f]); !problem.code.empty()) {
          throw dossier::coded_parse_error(source, record.line, "", problem);
        }
      }
      on_record(record);
    }
    state.done_count = 0;
  };

  while (input) {
    input.read(block.get(), static_cast<std::streamsize>(block_size));
    const auto size = static_cast<std::size_t>(input.gcount());
    if (size == 0) break;
    // `data` is used up before the buffer grows at the end of this iteration.
    std::string_view data(block.get(), size);
    if (first_block) {
      first_block = false;
      if (data.starts_with("\xFF\xFE") || data.starts_with("\xFE\xFF")) {
        throw dossier::coded_parse_error(source, 1, "", {"file.utf16", {}});
      }
      if (data.starts_with("\xEF\xBB\xBF")) data.remove_prefix(3);
    }
    std::size_t position = 0;
    while (position < data.size()) {
      // The piece up to the next line break: "\n", "\r\n", or a lone "\r" (files saved with
      // classic Mac line endings), so that every record gets its own line number.
      std::size_t end = 0;
      bool ends_line = false;
      if (carriage_return_ends_block && data[position] == '\n') {
        end = position + 1;  // the second half of a CRLF split between two blocks
      } else {
        const std::size_t newline = data.find('\n', position);
        end = newline == std::string_view::npos ? data.size() : newline + 1;
        ends_line = newline != std::string_view::npos;
        const std::size_t carriage_return = data.substr(position, end - position).find('\r');
        if (carriage_return != std::string_view::npos) {
          const std::size_t after = position + carriage_return + 1;
          if (after == data.size() || data[after] != '\n') {
            end = after;
            ends_line = true;
          }
        }
      }
      carriage_return_ends_block = end == data.size() && data[end - 1] == '\r';
      const std::string_view piece = data.substr(position, end - position);
      position = end;
      if (skipping_line) {
        if (ends_line) {
          skipping_line = false;
          ++line;
        }
        continue;
      }
      if (parser.get()->pstate == kRowNotBegun) {
        state.record_line = line;
        record_bytes = 0;
      }
      // libcsv grows a field's buffer by a fixed step (128 bytes by default): a long field would
      // cost a quadratic number of copied bytes under allocators that cannot grow a block in
      // place (AddressSanitizer's never does). A step as large as the buffer makes it double.
      csv_set_blk_size(parser.get(), std::clamp(parser.get()->entry_size, kMinimumFieldStep,
                                                kBlockBytes));
      if (csv_parse(parser.get(), piece.data(), piece.size(), on_field, on_record_end, &state) !=
          piece.size()) {
        throw CodedReason(io_error("csv.parser"),
                          {{"error", csv_strerror(csv_error(parser.get()))}})
            .at(source, line, "");
      }
      record_bytes += piece.size();
      hand_on_records();
      if (ends_line) ++line;
      if (record_bytes > max_record_bytes && parser.get()->pstate != kRowNotBegun) {
        on_broken(state.record_line, CodedReason(io_error("csv.overlong"),
                                                 {{"max", std::to_string(max_record_bytes)}}));
        parser.reset();
        state.current_count = 0;
        record_bytes = 0;
        skipping_line = !ends_line;
      }
    }
    if (size == block_size && block_size < kBlockBytes) {
      block_size *= 2;
      block = std::make_unique_for_overwrite<char[]>(block_size);
    }
  }
  if (input.bad()) throw CodedReason(io_error("file.read_error")).at(source, line, "");
  if (parser.get()->pstate == kFieldBegun && parser.get()->quoted) {
    on_broken(state.record_line, CodedReason(io_error("csv.open_quote")));
    return;
  }
  csv_fini(parser.get(), on_field, on_record_end, &state);
  hand_on_records();
}

std::ifstream open(const std::filesystem::path& path) {
  std::ifstream input(path, std::ios::binary);
  if (!input) throw CodedReason(io_error("file.cannot_open")).at(path.string(), 0, "");
  return input;
}

}  // namespace

namespace detail_csv {
DossierCsvTable read_with_ids(std::istream& input, const std::string& source,
                              const calendar::WorkCalendar& calendar,
                              const DossierCsvOptions& options);
}  // namespace detail_csv

DossierReadResult read_dossier_csv(std::istream& input, const std::string& source,
                                   const calendar::WorkCalendar& calendar,
                                   const DossierCsvOptions& options) {
  DossierCsvTable read = detail_csv::read_with_ids(input, source, calendar, options);
  DossierReadResult result;
  result.columns = std::move(read.columns);
  result.blank_rows = read.blank_rows;
  result.unmatched_pause_ids = std::move(read.unmatched_pause_ids);
  result.ingested.rows_in = read.ingested.rows_in;
  result.ingested.rejected = std::move(read.ingested.rejected);
  // The accepted rows back as texts and optional values (a column the file lacked reads as
  // unknown / missing, as the row reader left it).
  const dossier::DossierTable& table = read.ingested.table;
  dossier::DossierBatch& batch = result.ingested.batch;
  const std::size_t rows = table.rows;
  batch.reserve(rows);
  batch.id = std::move(read.accepted_ids);
  const auto texts = [rows](const dossier::GroupColumn& column, std::vector<std::string>& out) {
    for (std::size_t row = 0; row < rows; ++row) {
      out.push_back(column.codes.empty()
                        ? std::string()
                        : column.dictionary[static_cast<std::size_t>(column.codes[row])]);
    }
  };
  texts(table.unit, batch.unit);
  texts(table.field, batch.field);
  texts(table.procedure, batch.procedure);
  const auto values = [rows](const auto& column, auto& out, auto missing) {
    for (std::size_t row = 0; row < rows; ++row) {
      out.push_back(column.empty() ? missing : column[row]);
    }
  };
  values(table.channel, batch.channel, dossier::Channel::unknown);
  values(table.online_level, batch.online_level, dossier::OnlineLevel::unknown);
  values(table.status, batch.status, dossier::Status::pending);
  values(table.digitised_dossier, batch.digitised_dossier, dossier::TriState::missing);
  values(table.digitised_result, batch.digitised_result, dossier::TriState::missing);
  values(table.electronic_result, batch.electronic_result, dossier::TriState::missing);
  values(table.fee_required, batch.fee_required, dossier::TriState::missing);
  values(table.paid_online, batch.paid_online, dossier::TriState::missing);
  values(table.reused_data, batch.reused_data, dossier::TriState::missing);
  const auto date = [](std::int32_t day) -> std::optional<calendar::Date> {
    if (day == dossier::kMissingDay) return std::nullopt;
    return calendar::Date::from_days(day);
  };
  for (std::size_t row = 0; row < rows; ++row) {
    batch.received.push_back(calendar::Date::from_days(table.received[row]));
    batch.due.push_back(calendar::Date::from_days(table.due[row]));
    batch.resolved.push_back(table.resolved.empty() ? std::nullopt : date(table.resolved[row]));
    batch.returned.push_back(table.returned.empty() ? std::nullopt : date(table.returned[row]));
    if (table.satisfaction.empty() || table.satisfaction[row] == 0) {
      batch.satisfaction.emplace_back();
    } else {
      batch.satisfaction.emplace_back(table.satisfaction[row]);
    }
  }
  return result;
}

DossierReadResult read_dossier_csv(const std::filesystem::path& path,
                                   const calendar::WorkCalendar& calendar,
                                   const DossierCsvOptions& options) {
  std::ifstream input = open(path);
  return read_dossier_csv(input, path.string(), calendar, options);
}

PauseTable read_pause_csv(std::istream& input, const std::string& source, char delimiter) {
  enum : std::size_t { kIdColumn, kStartColumn, kEndColumn };
  // Headers of a pause table, folded with vocabulary_key.
  const std::vector<std::pair<std::string_view, std::size_t>> known = {
      {"id", kIdColumn},
      {"dossier id", kIdColumn},
      {"start", kStartColumn},
      {"requested", kStartColumn},
      {"tu ngay", kStartColumn},
      {"ngay tam dung", kStartColumn},
      {"ngay bat dau tam dung", kStartColumn},
      {"end", kEndColumn},
      {"resumed", kEndColumn},
      {"den ngay", kEndColumn},
      {"ngay tiep tuc", kEndColumn},
      {"ngay ket thuc tam dung", kEndColumn},
  };
  PauseTable table;
  std::vector<std::size_t> column_of(3, static_cast<std::size_t>(-1));
  std::size_t columns = 0;
  bool have_header = false;
  for_each_record(
      input, source, delimiter, std::size_t{1} << 20,
      [&](Record& record) {
        const std::span<const std::string> fields(record.fields.data(), record.count);
        if (!have_header) {
          have_header = true;
          columns = fields.size();
          for (std::size_t column = 0; column < fields.size(); ++column) {
            std::string key = dossier::vocabulary_key(fields[column]);
            if (key.starts_with("\xEF\xBB\xBF")) key.erase(0, 3);
            const auto entry = dossier::ColumnMapping::defaults().find(key);
            std::size_t role = static_cast<std::size_t>(-1);
            if (entry != nullptr && entry->field == "id") role = kIdColumn;
            for (const auto& [name, which] : known) {
              if (key == name) role = which;
            }
            if (role != static_cast<std::size_t>(-1)) column_of[role] = column;
          }
          if (std::find(column_of.begin(), column_of.end(), static_cast<std::size_t>(-1)) !=
              column_of.end()) {
            throw CodedReason(io_error("pause.columns")).at(source, record.line, "");
          }
          return;
        }
        if (std::all_of(fields.begin(), fields.end(),
                        [](const std::string& cell) { return dossier::is_blank(cell); })) {
          return;
        }
        if (fields.size() != columns) {
          throw CodedReason(
              io_error("pause.field_count"),
              {{"count", std::to_string(fields.size())}, {"columns", std::to_string(columns)}})
              .at(source, record.line, "");
        }
        const std::string id(text::trim_whitespace(fields[column_of[kIdColumn]]));
        if (id.empty())
          throw CodedReason(io_error("pause.id_missing")).at(source, record.line, "id");
        const auto cell_error = [&](const auto& parsed, const char* field) {
          if (parsed.code.code.empty()) return ParseError(source, record.line, field, parsed.error);
          return dossier::coded_parse_error(source, record.line, field, parsed.code);
        };
        const auto start = dossier::parse_date_time(fields[column_of[kStartColumn]]);
        if (!start.ok()) throw cell_error(start, "start");
        const auto end = dossier::parse_date_time(fields[column_of[kEndColumn]]);
        if (!end.ok()) throw cell_error(end, "end");
        if (end.value->date < start.value->date) {
          throw CodedReason(io_error("pause.reversed"),
                            {{"end", end.value->date.vn()}, {"start", start.value->date.vn()}})
              .at(source, record.line, "end");
        }
        table[id].push_back(calendar::Pause{start.value->date, end.value->date});
      },
      [&](std::size_t line, const CodedReason& reason) { throw reason.at(source, line, ""); });
  if (!have_header) throw CodedReason(io_error("pause.empty")).at(source, 1, "");
  return table;
}

PauseTable read_pause_csv(const std::filesystem::path& path, char delimiter) {
  std::ifstream input = open(path);
  return read_pause_csv(input, path.string(), delimiter);
}

}  // namespace cchc::io
