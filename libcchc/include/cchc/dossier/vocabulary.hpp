// The words of dossier exports: how Vietnamese one-stop-shop systems write a channel, a service
// level, a status, yes/no, a satisfaction rating, a date, and what they call their columns.
//
// One definition used by every reader (CSV, Parquet, DataFrames), so that "Trực tuyến",
// "TRUC TUYEN" and "online" mean the same everywhere. Matching is case- and
// diacritics-insensitive (cchc::text::fold with remove_diacritics) and ignores surrounding
// whitespace. The accepted forms, and which of them are guesses, are listed in
// docs/dossier/inputs.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cchc/calendar/date.hpp"
#include "cchc/calendar/due_date.hpp"
#include "cchc/dossier/record.hpp"

namespace cchc::dossier {

/// The result of reading one cell: a value, or the reason it could not be read (the reason
/// names the text and the accepted forms, ready for a RejectedRow).
template <typename T>
struct Parsed {
  std::optional<T> value;
  std::string error;
  /// The same reason as a code of rejection_templates() with its arguments, for readers that
  /// write it in the user's language.
  RejectionCode code{};

  [[nodiscard]] bool ok() const noexcept { return value.has_value(); }
  static Parsed success(T parsed) { return Parsed{std::move(parsed), {}, {}}; }
  static Parsed failure(RejectionCode code) {
    std::string reason = english(code);
    return Parsed{std::nullopt, std::move(reason), std::move(code)};
  }
};

/// Why a distinct cell text cannot be read, kept by readers that read each text once: the
/// English reason and the same as a code (empty when the text can be read).
struct CellReason {
  std::string reason;
  RejectionCode code{};
  [[nodiscard]] bool empty() const noexcept { return code.code.empty(); }
};

/// The cell without surrounding whitespace (as text::trim_whitespace, with a fast path for
/// ASCII blanks: readers call it on every cell).
[[nodiscard]] std::string_view trim_cell(std::string_view text) noexcept;

/// True for a cell that holds no value: empty or only whitespace (as text::is_whitespace).
[[nodiscard]] bool is_blank(std::string_view text) noexcept;

/// "Trực tuyến" / "online" / "Qua mạng" → online, "Trực tiếp" / "Tại quầy" → in_person,
/// "Dịch vụ bưu chính công ích" / "BCCI" / "Bưu điện" → postal, and the keys of channel_key.
[[nodiscard]] Parsed<Channel> parse_channel(std::string_view text);

/// "Toàn trình" / "Mức độ 4" → full, "Một phần" / "Mức độ 3" → partial, "Không" / "Mức độ 2"
/// → none, and the keys of online_level_key.
[[nodiscard]] Parsed<OnlineLevel> parse_online_level(std::string_view text);

/// "Đang giải quyết" / "Đang xử lý" → pending, "Đã giải quyết" / "Đã trả kết quả" / "Hoàn
/// thành" → resolved, "Từ chối" / "Không giải quyết" → refused, "Rút hồ sơ" / "Công dân rút"
/// → withdrawn, and the keys of status_key.
[[nodiscard]] Parsed<Status> parse_status(std::string_view text);

/// "Có" / "x" / "1" / "true" / "yes" / "Đã" → yes; "Không" / "0" / "false" / "no" / "Chưa" →
/// no. A blank cell is not a "no": callers read it as TriState::missing.
[[nodiscard]] Parsed<TriState> parse_yes_no(std::string_view text);

/// 1–5, or "Rất hài lòng" 5, "Hài lòng" 4, "Bình thường" 3, "Không hài lòng" 2, "Rất không hài
/// lòng" 1.
[[nodiscard]] Parsed<std::uint8_t> parse_satisfaction(std::string_view text);

/// A whole number of working days: "5", "5.0", "5 ngày", "5 ngày làm việc"; 0–100000.
[[nodiscard]] Parsed<std::int32_t> parse_working_days(std::string_view text);

/// A date with the time of day when the cell has one.
struct DateTime {
  calendar::Date date;
  std::optional<int> hour;  // 0–23
  std::optional<int> minute;
};

/// dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, yyyy/mm/dd, each optionally
/// followed by a time "08:30", "8:30:15", "08h30" (or an ISO 'T'), and Excel serial day numbers
/// ("45292", "45292.354166") in the 1900 date system. Serial numbers are accepted only between
/// 1950 and 2100 (18264–73415) so that a year or an id in a date column is not read as a date
/// in 1905.
[[nodiscard]] Parsed<DateTime> parse_date_time(std::string_view text);

/// A time of day "08:30", "8:30:00", "08h30", "8h" or a bare hour "8": the hour.
[[nodiscard]] Parsed<int> parse_hour(std::string_view text);

/// Pause intervals "2024-01-02..2024-01-05; 2024-02-01..2024-02-03": intervals separated by
/// ';' (or a new line), each "start..end" with dates in any form parse_date_time accepts.
[[nodiscard]] Parsed<std::vector<calendar::Pause>> parse_pauses(std::string_view text);

/// The record fields a column can give, in DossierRecord order, plus "pauses".
[[nodiscard]] const std::vector<std::string_view>& record_fields();

/// Which column of a file gives which record field. Headers are matched by their folded form
/// (case, diacritics and whitespace ignored: "NGÀY TIẾP NHẬN", "Ngay tiep nhan" and
/// "ngày  tiếp nhận" are one header). The default mapping knows each field's name ("received")
/// and the Vietnamese headers exports commonly use; add() extends or overrides it.
class ColumnMapping {
 public:
  /// An empty mapping (only what add() puts in).
  ColumnMapping() = default;

  /// Field names and common Vietnamese headers (docs/dossier/inputs.md).
  static const ColumnMapping& defaults();

  /// Maps `header` to `field`; the header replaces any earlier mapping of the same header.
  /// When `exclusive`, every other header that mapped to `field` is dropped, so that a column
  /// the user named is the only source of that field. Throws cchc::Error for an unknown field.
  void add(std::string_view header, std::string_view field, bool exclusive = false);

  /// The field of a header, or std::nullopt.
  [[nodiscard]] std::optional<std::string_view> field_of(std::string_view header) const;

  /// One header (folded) and its field. `rank` is the order of the add() call: when a file has
  /// two columns for one field, readers use the column with the lower rank.
  struct Entry {
    std::string header;
    std::string field;
    std::size_t rank = 0;
  };

  /// The entry of a header, or nullptr.
  [[nodiscard]] const Entry* find(std::string_view header) const;

  /// Every entry, sorted by folded header.
  [[nodiscard]] const std::vector<Entry>& entries() const noexcept { return entries_; }

 private:
  std::vector<Entry> entries_;  // sorted by header
  std::size_t next_rank_ = 0;
};

/// The comparison key of a header or a cell: fold with diacritics removed, and '_', '-' and
/// '.' read as spaces ("received_hour" and "Received hour" match).
[[nodiscard]] std::string vocabulary_key(std::string_view text);

}  // namespace cchc::dossier
