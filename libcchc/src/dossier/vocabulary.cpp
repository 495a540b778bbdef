#include "cchc/dossier/vocabulary.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <unordered_map>

#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/io.hpp"
#include "cchc/error.hpp"
#include "cchc/text/vietnamese.hpp"

namespace cchc::dossier {
namespace {

using calendar::Date;

template <typename T>
struct Word {
  std::string_view text;  // as exports write it; folded with vocabulary_key when looked up
  T value;
};

// One table per kind of cell. The first words are the stable keys (channel_key, …); the rest
// are the Vietnamese forms, with and without diacritics alike once folded. Forms marked
// "guess" in docs/dossier/inputs.md were not seen in a real export.
constexpr Word<Channel> kChannelWords[] = {
    {"online", Channel::online},
    {"in_person", Channel::in_person},
    {"postal", Channel::postal},
    {"unknown", Channel::unknown},
    {"Trực tuyến", Channel::online},
    {"Nộp trực tuyến", Channel::online},
    {"Qua mạng", Channel::online},
    {"Dịch vụ công trực tuyến", Channel::online},
    {"DVC trực tuyến", Channel::online},
    {"DVCTT", Channel::online},
    {"Cổng dịch vụ công", Channel::online},
    {"Trực tiếp", Channel::in_person},
    {"Nộp trực tiếp", Channel::in_person},
    {"Tại quầy", Channel::in_person},
    {"Tại bộ phận một cửa", Channel::in_person},
    {"Bộ phận một cửa", Channel::in_person},
    {"Dịch vụ bưu chính công ích", Channel::postal},
    {"Bưu chính công ích", Channel::postal},
    {"BCCI", Channel::postal},
    {"DV BCCI", Channel::postal},
    {"Dịch vụ bưu chính", Channel::postal},
    {"Bưu chính", Channel::postal},
    {"Qua bưu chính", Channel::postal},
    {"Qua bưu điện", Channel::postal},
    {"Bưu điện", Channel::postal},
    {"Không xác định", Channel::unknown},
};

constexpr Word<OnlineLevel> kOnlineLevelWords[] = {
    {"full", OnlineLevel::full},
    {"partial", OnlineLevel::partial},
    {"none", OnlineLevel::none},
    {"unknown", OnlineLevel::unknown},
    {"Toàn trình", OnlineLevel::full},
    {"DVC trực tuyến toàn trình", OnlineLevel::full},
    {"Dịch vụ công trực tuyến toàn trình", OnlineLevel::full},
    {"Trực tuyến toàn trình", OnlineLevel::full},
    {"Mức độ 4", OnlineLevel::full},
    {"Mức 4", OnlineLevel::full},
    {"Một phần", OnlineLevel::partial},
    {"DVC trực tuyến một phần", OnlineLevel::partial},
    {"Dịch vụ công trực tuyến một phần", OnlineLevel::partial},
    {"Trực tuyến một phần", OnlineLevel::partial},
    {"Mức độ 3", OnlineLevel::partial},
    {"Mức 3", OnlineLevel::partial},
    {"Không", OnlineLevel::none},
    {"Mức độ 2", OnlineLevel::none},
    {"Mức 2", OnlineLevel::none},
    {"Mức độ 1", OnlineLevel::none},
    {"Mức 1", OnlineLevel::none},
    {"Cung cấp thông tin trực tuyến", OnlineLevel::none},
    {"Không phải DVC trực tuyến", OnlineLevel::none},
    {"Không xác định", OnlineLevel::unknown},
};

constexpr Word<Status> kStatusWords[] = {
    {"pending", Status::pending},
    {"resolved", Status::resolved},
    {"refused", Status::refused},
    {"withdrawn", Status::withdrawn},
    {"Đang giải quyết", Status::pending},
    {"Đang xử lý", Status::pending},
    {"Chờ xử lý", Status::pending},
    {"Đang thụ lý", Status::pending},
    {"Đã tiếp nhận", Status::pending},
    {"Mới tiếp nhận", Status::pending},
    {"Tạm dừng", Status::pending},
    {"Chờ bổ sung", Status::pending},
    {"Đang bổ sung hồ sơ", Status::pending},
    {"Đã giải quyết", Status::resolved},
    {"Đã giải quyết trước hạn", Status::resolved},
    {"Đã giải quyết đúng hạn", Status::resolved},
    {"Đã giải quyết quá hạn", Status::resolved},
    {"Đã giải quyết trễ hạn", Status::resolved},
    {"Đã xử lý", Status::resolved},
    {"Giải quyết xong", Status::resolved},
    {"Hoàn thành", Status::resolved},
    {"Đã hoàn thành", Status::resolved},
    {"Có kết quả", Status::resolved},
    {"Đã có kết quả", Status::resolved},
    {"Chờ trả kết quả", Status::resolved},
    {"Đã trả kết quả", Status::resolved},
    {"Đã trả", Status::resolved},
    {"Từ chối", Status::refused},
    {"Từ chối giải quyết", Status::refused},
    {"Đã từ chối", Status::refused},
    {"Không giải quyết", Status::refused},
    {"Rút hồ sơ", Status::withdrawn},
    {"Đã rút", Status::withdrawn},
    {"Đã rút hồ sơ", Status::withdrawn},
    {"Công dân rút", Status::withdrawn},
    {"Công dân rút hồ sơ", Status::withdrawn},
    {"Tổ chức rút hồ sơ", Status::withdrawn},
    {"Rút", Status::withdrawn},
};

constexpr Word<TriState> kYesNoWords[] = {
    {"yes", TriState::yes},  {"no", TriState::no},    {"missing", TriState::missing},
    {"y", TriState::yes},    {"n", TriState::no},     {"true", TriState::yes},
    {"false", TriState::no}, {"1", TriState::yes},    {"0", TriState::no},
    {"x", TriState::yes},    {"✓", TriState::yes},    {"✔", TriState::yes},
    {"Có", TriState::yes},   {"Không", TriState::no}, {"Đã", TriState::yes},
    {"Chưa", TriState::no},  {"Đúng", TriState::yes}, {"Sai", TriState::no},
};

constexpr Word<std::uint8_t> kSatisfactionWords[] = {
    {"Rất hài lòng", 5},   {"Hài lòng", 4},      {"Bình thường", 3},        {"Chấp nhận được", 3},
    {"Không hài lòng", 2}, {"Chưa hài lòng", 2}, {"Rất không hài lòng", 1},
};

// A table folded once: key → value, plus the accepted forms for error messages.
template <typename T>
class Lexicon {
 public:
  // `unknown_code`: the rejection code of a text that is none of the words.
  template <std::size_t N>
  Lexicon(const Word<T> (&words)[N], std::string_view unknown_code)
      : unknown_code_(unknown_code) {
    for (const Word<T>& word : words) {
      index_.emplace(vocabulary_key(word.text), word.value);
      if (!forms_.empty()) forms_ += ", ";
      forms_.append("'").append(word.text).append("'");  // `"'" + string`: GCC bug 105329
    }
  }

  [[nodiscard]] Parsed<T> lookup(std::string_view text) const {
    const auto found = index_.find(vocabulary_key(text));
    if (found != index_.end()) return Parsed<T>::success(found->second);
    return Parsed<T>::failure({unknown_code_, {{"value", std::string(text)}, {"forms", forms_}}});
  }

 private:
  std::unordered_map<std::string, T> index_;
  std::string_view unknown_code_;
  std::string forms_;
};

template <typename T>
Parsed<T> empty_value(std::string_view code) {
  return Parsed<T>::failure({code, {}});
}

// Whole unsigned number of the whole text.
bool parse_digits(std::string_view text, int& out) noexcept {
  if (text.empty() || text.size() > 9) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
  return result.ec == std::errc{};
}

std::string_view trimmed(std::string_view text) noexcept {
  return trim_cell(text);
}

// "08:30", "8:30:15", "8:30:15.250", "08h30", "8h", "8", with an optional "SA"/"CH"/"AM"/"PM".
std::optional<std::pair<int, int>> parse_time_of_day(std::string_view text) {
  // Folding is for "08h30", "2:30 CH"; digits and colons ("08:30:00") need none.
  std::string folded = text.find_first_not_of("0123456789:.") == std::string_view::npos
                           ? std::string(text)
                           : vocabulary_key(text);
  int add_hours = 0;
  bool morning = false;
  for (const std::string_view suffix : {"sa", "am", "ch", "pm"}) {
    if (folded.size() > suffix.size() && folded.ends_with(suffix)) {
      const bool afternoon = suffix == "ch" || suffix == "pm";
      folded.resize(folded.size() - suffix.size());
      while (!folded.empty() && folded.back() == ' ') folded.pop_back();
      add_hours = afternoon ? 12 : 0;
      morning = !afternoon;
      break;
    }
  }
  std::string_view rest = folded;
  const std::size_t hour_end = rest.find_first_of(":h");
  int hour = 0;
  int minute = 0;
  if (!parse_digits(rest.substr(0, hour_end), hour) || rest.substr(0, hour_end).size() > 2) {
    return std::nullopt;
  }
  if (hour_end != std::string_view::npos) {
    rest.remove_prefix(hour_end + 1);
    if (!rest.empty()) {
      const std::size_t minute_end = rest.find(':');
      const std::string_view minutes = rest.substr(0, minute_end);
      if (minutes.size() != 2 || !parse_digits(minutes, minute) || minute > 59) return std::nullopt;
      if (minute_end != std::string_view::npos) {
        std::string_view seconds = rest.substr(minute_end + 1);
        if (const std::size_t dot = seconds.find('.'); dot != std::string_view::npos) {
          int fraction = 0;
          if (!parse_digits(seconds.substr(dot + 1), fraction)) return std::nullopt;
          seconds = seconds.substr(0, dot);
        }
        int second = 0;
        if (seconds.size() != 2 || !parse_digits(seconds, second) || second > 59) {
          return std::nullopt;
        }
      }
    }
  }
  if (add_hours != 0 || morning) {
    if (hour < 1 || hour > 12) return std::nullopt;
    hour = hour % 12 + add_hours;
  }
  if (hour > 23) return std::nullopt;
  return std::pair{hour, minute};
}

// Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 the 29/02/1900 that never
// was, so from serial 61 on, day 0 is 1899-12-30.
constexpr std::int32_t kExcelEpochDays = -25569;  // 1899-12-30 as days since 1970-01-01
constexpr double kFirstSerial = 18264;            // 1950-01-01
constexpr double kLastSerial = 73415;             // 2100-12-31

std::optional<DateTime> parse_excel_serial(std::string_view text) {
  const std::size_t dot = text.find('.');
  int whole = 0;
  if (!parse_digits(text.substr(0, dot), whole)) return std::nullopt;
  double fraction = 0;
  if (dot != std::string_view::npos) {
    const std::string_view digits = text.substr(dot + 1);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
    double scale = 0.1;
    for (const char c : digits.substr(0, 12)) {
      fraction += (c - '0') * scale;
      scale /= 10;
    }
  }
  if (whole < kFirstSerial || whole > kLastSerial) return std::nullopt;
  DateTime result{Date::from_days(kExcelEpochDays + whole), std::nullopt, std::nullopt};
  if (dot != std::string_view::npos) {
    // Round to the minute: serials carry binary fractions (0.354166… is 08:30).
    const int minutes = static_cast<int>(fraction * 1440 + 0.5);
    if (minutes < 1440) {
      result.hour = minutes / 60;
      result.minute = minutes % 60;
    }
  }
  return result;
}

std::optional<Date> parse_date_part(std::string_view text) {
  int parts[3] = {0, 0, 0};
  std::size_t lengths[3] = {0, 0, 0};
  std::size_t part = 0;
  std::size_t start = 0;
  char separator = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool at_end = i == text.size();
    const char c = at_end ? '\0' : text[i];
    const bool at_separator = !at_end && (c == '/' || c == '-' || c == '.');
    if (!at_end && !at_separator) continue;
    if (at_separator) {
      if (separator == 0) separator = c;
      if (c != separator) return std::nullopt;  // 01/02-2024
    }
    if (part == 3 || !parse_digits(text.substr(start, i - start), parts[part])) return std::nullopt;
    lengths[part] = i - start;
    ++part;
    start = i + 1;
  }
  if (part != 3) return std::nullopt;
  int year = 0;
  int month = 0;
  int day = 0;
  if (lengths[0] == 4 && lengths[1] <= 2 && lengths[2] <= 2 && separator != '.') {
    year = parts[0];
    month = parts[1];
    day = parts[2];
  } else if (lengths[2] == 4 && lengths[0] <= 2 && lengths[1] <= 2) {
    day = parts[0];
    month = parts[1];
    year = parts[2];
  } else {
    return std::nullopt;
  }
  try {
    return Date::from_ymd(year, month, day);
  } catch (const InvalidDate&) {
    return std::nullopt;
  }
}

}  // namespace

std::string vocabulary_key(std::string_view text) {
  std::string key = text::fold(text, text::FoldOptions{.remove_diacritics = true});
  bool changed = false;
  for (char& c : key) {
    if (c == '_' || c == '-') {
      c = ' ';
      changed = true;
    }
  }
  return changed ? text::normalize_whitespace(key) : key;
}

std::string_view trim_cell(std::string_view text) noexcept {
  const auto ascii_blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  const auto non_ascii = [](char c) { return static_cast<unsigned char>(c) >= 0x80; };
  std::size_t first = 0;
  std::size_t last = text.size();
  // One code point at a time from each end: only the ends of a cell matter.
  while (first < last) {
    if (ascii_blank(text[first])) {
      ++first;
      continue;
    }
    if (!non_ascii(text[first])) break;
    const auto decoded = text::decode_utf8(text.substr(0, last), first);
    if (!decoded.valid || !text::is_whitespace(decoded.code_point)) break;
    first += decoded.length;
  }
  while (last > first) {
    if (ascii_blank(text[last - 1])) {
      --last;
      continue;
    }
    if (!non_ascii(text[last - 1])) break;
    std::size_t start = last - 1;  // back to the lead byte (at most 3 continuation bytes)
    while (start > first && last - start < 4 &&
           (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
      --start;
    }
    const auto decoded = text::decode_utf8(text.substr(0, last), start);
    if (!decoded.valid || start + decoded.length != last ||
        !text::is_whitespace(decoded.code_point)) {
      break;
    }
    last = start;
  }
  return text.substr(first, last - first);
}

bool is_blank(std::string_view text) noexcept {
  return trim_cell(text).empty();
}

Parsed<Channel> parse_channel(std::string_view text) {
  static const Lexicon<Channel> lexicon(kChannelWords, "cell.channel_unknown");
  if (is_blank(text)) return empty_value<Channel>("cell.channel_empty");
  return lexicon.lookup(trimmed(text));
}

Parsed<OnlineLevel> parse_online_level(std::string_view text) {
  static const Lexicon<OnlineLevel> lexicon(kOnlineLevelWords, "cell.online_level_unknown");
  if (is_blank(text)) return empty_value<OnlineLevel>("cell.online_level_empty");
  return lexicon.lookup(trimmed(text));
}

Parsed<Status> parse_status(std::string_view text) {
  static const Lexicon<Status> lexicon(kStatusWords, "cell.status_unknown");
  if (is_blank(text)) return empty_value<Status>("cell.status_empty");
  return lexicon.lookup(trimmed(text));
}

Parsed<TriState> parse_yes_no(std::string_view text) {
  static const Lexicon<TriState> lexicon(kYesNoWords, "cell.yes_no_unknown");
  if (is_blank(text)) return empty_value<TriState>("cell.yes_no_empty");
  return lexicon.lookup(trimmed(text));
}

Parsed<std::uint8_t> parse_satisfaction(std::string_view text) {
  static const Lexicon<std::uint8_t> lexicon(kSatisfactionWords, "cell.rating_unknown");
  const std::string_view value = trimmed(text);
  if (value.empty()) return empty_value<std::uint8_t>("cell.rating_empty");
  int rating = 0;
  std::string_view number = value;
  if (number.ends_with(".0")) number.remove_suffix(2);
  if (parse_digits(number, rating)) {
    if (rating < 1 || rating > 5) {
      return Parsed<std::uint8_t>::failure(
          {"row.satisfaction_range", {{"rating", std::string(value)}}});
    }
    return Parsed<std::uint8_t>::success(static_cast<std::uint8_t>(rating));
  }
  return lexicon.lookup(value);
}

Parsed<std::int32_t> parse_working_days(std::string_view text) {
  // Not vocabulary_key: a '-' is a sign here, not a word separator.
  const std::string folded = text::fold(text, text::FoldOptions{.remove_diacritics = true});
  std::string_view number = folded;
  for (const std::string_view unit : {" ngay lam viec", " ngay"}) {
    if (number.ends_with(unit)) {
      number.remove_suffix(unit.size());
      break;
    }
  }
  if (number.ends_with(".0")) number.remove_suffix(2);
  int days = 0;
  if (!parse_digits(number, days) || days > 100000) {
    return Parsed<std::int32_t>::failure({"cell.working_days", {{"value", std::string(text)}}});
  }
  return Parsed<std::int32_t>::success(days);
}

Parsed<DateTime> parse_date_time(std::string_view text) {
  const std::string_view value = trimmed(text);
  const auto reject = [&]() {
    return Parsed<DateTime>::failure({"cell.date", {{"value", std::string(text)}}});
  };
  if (value.empty()) return Parsed<DateTime>::failure({"cell.date_empty", {}});
  if (value.find_first_not_of("0123456789.") == std::string_view::npos &&
      std::count(value.begin(), value.end(), '.') <= 1) {
    if (auto serial = parse_excel_serial(value)) return Parsed<DateTime>::success(*serial);
    return Parsed<DateTime>::failure({"cell.date_excel_serial", {{"value", std::string(text)}}});
  }
  std::size_t split = value.find_first_of(" T");
  const std::string_view date_text = value.substr(0, split);
  const auto date = parse_date_part(date_text);
  if (!date) return reject();
  DateTime result{*date, std::nullopt, std::nullopt};
  if (split != std::string_view::npos) {
    std::string_view time_text = trimmed(value.substr(split + 1));
    // ISO timestamps may end with a zone ("Z", "+07:00"); the local clock time is what counts.
    if (time_text.ends_with('Z')) time_text.remove_suffix(1);
    if (const std::size_t zone = time_text.find('+'); zone != std::string_view::npos) {
      time_text = time_text.substr(0, zone);
    }
    const auto time = parse_time_of_day(time_text);
    if (!time) {
      return Parsed<DateTime>::failure({"cell.date_time_of_day", {{"value", std::string(text)}}});
    }
    result.hour = time->first;
    result.minute = time->second;
  }
  return Parsed<DateTime>::success(result);
}

Parsed<int> parse_hour(std::string_view text) {
  const std::string_view value = trimmed(text);
  if (const auto time = parse_time_of_day(value)) return Parsed<int>::success(time->first);
  return Parsed<int>::failure({"cell.time_of_day", {{"value", std::string(text)}}});
}

Parsed<std::vector<calendar::Pause>> parse_pauses(std::string_view text) {
  using Result = Parsed<std::vector<calendar::Pause>>;
  std::vector<calendar::Pause> pauses;
  std::size_t start = 0;
  std::size_t number = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(";\n", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view item = trimmed(text.substr(start, end - start));
    start = end + 1;
    if (item.empty()) continue;
    ++number;
    const std::size_t dots = item.find("..");
    RejectionCode problem{{}, {{"pause", std::to_string(number)}, {"item", std::string(item)}}};
    if (dots == std::string_view::npos) {
      problem.code = "cell.pause_interval";
      return Result::failure(std::move(problem));
    }
    const std::string_view requested_text = trimmed(item.substr(0, dots));
    const std::string_view resumed_text = trimmed(item.substr(dots + 2));
    const auto requested = parse_date_time(requested_text);
    const auto resumed = parse_date_time(resumed_text);
    if (!requested.ok() || !resumed.ok()) {
      problem.code = requested.ok() ? "cell.pause_end" : "cell.pause_start";
      problem.arguments.emplace_back("value",
                                     std::string(requested.ok() ? resumed_text : requested_text));
      return Result::failure(std::move(problem));
    }
    pauses.push_back(calendar::Pause{requested.value->date, resumed.value->date});
  }
  return Result::success(std::move(pauses));
}

const std::vector<std::string_view>& record_fields() {
  static const std::vector<std::string_view> fields = {"id",
                                                       "unit",
                                                       "field",
                                                       "procedure",
                                                       "channel",
                                                       "online_level",
                                                       "status",
                                                       "received",
                                                       "received_hour",
                                                       "due",
                                                       "processing_days",
                                                       "pauses",
                                                       "resolved",
                                                       "returned",
                                                       "digitised_dossier",
                                                       "digitised_result",
                                                       "electronic_result",
                                                       "fee_required",
                                                       "paid_online",
                                                       "reused_data",
                                                       "satisfaction"};
  return fields;
}

namespace {

struct DefaultHeaders {
  std::string_view field;
  std::initializer_list<std::string_view> headers;
};

// Field → headers exports use (after the field's own name). Guesses are marked as such in
// docs/dossier/inputs.md. Order matters only for a reader: when a file has two columns for one
// field, the one listed first here is used and the other reported as unused.
const DefaultHeaders kDefaultHeaders[] = {
    {"id",
     {"Mã hồ sơ", "Số hồ sơ", "Mã số hồ sơ", "Mã HS", "Số biên nhận", "Mã biên nhận",
      "Số biên nhận hồ sơ"}},
    {"unit",
     {"Đơn vị", "Đơn vị giải quyết", "Cơ quan giải quyết", "Cơ quan chủ trì giải quyết",
      "Đơn vị tiếp nhận", "Cơ quan tiếp nhận", "Cơ quan thực hiện", "Cơ quan"}},
    {"field", {"Lĩnh vực", "Tên lĩnh vực", "Lĩnh vực giải quyết"}},
    {"procedure",
     {"Mã TTHC", "Mã thủ tục", "Mã thủ tục hành chính", "Thủ tục hành chính", "Tên TTHC",
      "Tên thủ tục", "Tên thủ tục hành chính", "Thủ tục"}},
    {"channel",
     {"Hình thức nộp", "Hình thức nộp hồ sơ", "Kênh nộp", "Kênh nộp hồ sơ", "Hình thức tiếp nhận",
      "Kênh tiếp nhận", "Hình thức"}},
    {"online_level",
     {"Mức độ DVC trực tuyến", "Mức độ DVC", "Mức độ dịch vụ công", "Mức độ dịch vụ",
      "Mức độ DVCTT", "Loại DVC trực tuyến", "Mức độ"}},
    {"status",
     {"Trạng thái", "Trạng thái hồ sơ", "Tình trạng", "Tình trạng hồ sơ", "Tình trạng xử lý"}},
    {"received",
     {"Ngày tiếp nhận", "Ngày nhận", "Ngày nhận hồ sơ", "Ngày tiếp nhận hồ sơ", "Nhận hồ sơ",
      "Thời gian tiếp nhận", "Ngày nộp", "Ngày nộp hồ sơ", "Tiếp nhận"}},
    {"received_hour", {"Giờ tiếp nhận", "Giờ nhận", "Giờ nộp"}},
    {"due",
     {"Ngày hẹn trả", "Ngày hẹn trả kết quả", "Hẹn trả kết quả", "Hẹn trả", "Ngày hẹn", "Hạn xử lý",
      "Hạn giải quyết", "Ngày hết hạn"}},
    {"processing_days",
     {"Thời hạn giải quyết (ngày làm việc)", "Thời hạn giải quyết", "Số ngày giải quyết",
      "Thời gian giải quyết", "Số ngày quy định", "Thời hạn (ngày làm việc)", "Thời hạn"}},
    {"pauses", {"Tạm dừng", "Thời gian tạm dừng", "Các lần tạm dừng", "Khoảng tạm dừng"}},
    {"resolved",
     {"Ngày giải quyết", "Ngày hoàn thành", "Ngày có kết quả", "Ngày xử lý xong", "Ngày kết thúc",
      "Ngày hoàn thành xử lý"}},
    {"returned", {"Ngày trả kết quả", "Ngày trả", "Trả kết quả", "Ngày trả KQ"}},
    {"digitised_dossier", {"Số hóa hồ sơ", "Hồ sơ số hóa", "Đã số hóa hồ sơ"}},
    {"digitised_result", {"Số hóa kết quả", "Kết quả số hóa", "Đã số hóa kết quả"}},
    {"electronic_result", {"Kết quả điện tử", "Trả kết quả điện tử", "Cấp kết quả điện tử"}},
    {"fee_required", {"Có phí, lệ phí", "Có phí", "Phí, lệ phí", "Có thu phí", "Thu phí"}},
    {"paid_online",
     {"Thanh toán trực tuyến", "Đã thanh toán trực tuyến", "Thanh toán phí trực tuyến"}},
    {"reused_data",
     {"Tái sử dụng dữ liệu", "Tái sử dụng dữ liệu số hóa", "Tái sử dụng", "Sử dụng lại dữ liệu"}},
    {"satisfaction",
     {"Mức độ hài lòng", "Đánh giá", "Đánh giá hài lòng", "Kết quả đánh giá", "Hài lòng"}},
};

bool is_record_field(std::string_view field) {
  const auto& fields = record_fields();
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

}  // namespace

const ColumnMapping& ColumnMapping::defaults() {
  static const ColumnMapping mapping = [] {
    ColumnMapping built;
    for (const DefaultHeaders& entry : kDefaultHeaders) {
      built.add(entry.field, entry.field);
      for (const std::string_view header : entry.headers) built.add(header, entry.field);
    }
    return built;
  }();
  return mapping;
}

void ColumnMapping::add(std::string_view header, std::string_view field, bool exclusive) {
  if (!is_record_field(field)) {
    std::string known;
    for (const std::string_view name : record_fields()) {
      if (!known.empty()) known += ", ";
      known += name;
    }
    throw cchc::detail::CodedReason(cchc::detail::io_error("columns.unknown_field"),
                                    {{"field", std::string(field)}, {"known", known}})
        .as<Error>();
  }
  std::string key = vocabulary_key(header);
  if (exclusive) {
    std::erase_if(entries_, [&](const Entry& entry) { return entry.field == field; });
  }
  const auto position = std::lower_bound(
      entries_.begin(), entries_.end(), key,
      [](const Entry& entry, const std::string& wanted) { return entry.header < wanted; });
  if (position != entries_.end() && position->header == key) {
    position->field = std::string(field);
    position->rank = next_rank_++;
  } else {
    entries_.insert(position, Entry{std::move(key), std::string(field), next_rank_++});
  }
}

const ColumnMapping::Entry* ColumnMapping::find(std::string_view header) const {
  const std::string key = vocabulary_key(header);
  const auto position = std::lower_bound(
      entries_.begin(), entries_.end(), key,
      [](const Entry& entry, const std::string& wanted) { return entry.header < wanted; });
  if (position == entries_.end() || position->header != key) return nullptr;
  return &*position;
}

std::optional<std::string_view> ColumnMapping::field_of(std::string_view header) const {
  const Entry* entry = find(header);
  if (entry == nullptr) return std::nullopt;
  return std::string_view(entry->field);
}

}  // namespace cchc::dossier
