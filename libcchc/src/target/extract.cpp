#include "cchc/target/extract.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "cchc/calendar/deadline.hpp"
#include "cchc/text/vietnamese.hpp"

// The rules below are described, with their lexicons, in docs/target/extraction.md. All
// matching is done on a lower-cased copy of each block whose bytes line up with the block's
// text (lower-casing a Vietnamese letter keeps its UTF-8 length), so that a match position is
// also a position in the text and, through the block's segments, a line of the input.

namespace cchc::target {
namespace {

// ---- segmentation --------------------------------------------------------------------------

enum class BlockKind { roman, arabic, letter, bullet, plus, plain, caps_heading, table_row };

struct Segment {
  std::size_t position;  // in Block::text
  int line;
  std::size_t offset;  // of the line start in the input
};

struct Block {
  BlockKind kind = BlockKind::plain;
  std::string marker;  // "II.", "3.", "a)", "-", "+" (empty for plain text)
  std::string text;    // without the marker, whitespace normalised, letters composed
  std::string lower;   // text::to_lower(text); same length as text
  std::vector<Segment> segments;

  [[nodiscard]] int line_at(std::size_t position) const {
    int line = segments.front().line;
    for (const Segment& segment : segments) {
      if (segment.position > position) break;
      line = segment.line;
    }
    return line;
  }
  [[nodiscard]] std::size_t offset_at(std::size_t position) const {
    std::size_t offset = segments.front().offset;
    for (const Segment& segment : segments) {
      if (segment.position > position) break;
      offset = segment.offset;
    }
    return offset;
  }
  [[nodiscard]] std::string labelled() const { return marker.empty() ? text : marker + " " + text; }
};

bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_ascii_upper(char c) {
  return c >= 'A' && c <= 'Z';
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}
bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string lower_of(std::string_view text) {
  std::string lowered = text::to_lower(text);
  // Lower-casing keeps the length for the Vietnamese alphabet; if some other character
  // changed length, match case-sensitively rather than on misaligned positions.
  return lowered.size() == text.size() ? lowered : std::string(text);
}

// True when the first letter of `text` is upper case (ASCII or a precomposed Vietnamese
// capital: the capital is the even code point of each Latin Extended pair, or in Latin-1).
bool starts_upper(std::string_view text) {
  if (text.empty()) return false;
  if (is_ascii_upper(text.front()) || is_ascii_digit(text.front())) return true;
  const text::DecodedCodePoint decoded = text::decode_utf8(text, 0);
  if (!decoded.valid || decoded.code_point < 0x80) return false;
  const std::string_view letter = text.substr(0, decoded.length);
  return text::to_lower(letter) != letter;
}

bool has_lower_letter(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const text::DecodedCodePoint decoded = text::decode_utf8(text, i);
    const std::string_view letter = text.substr(i, decoded.length);
    if (decoded.valid && decoded.code_point != 0x0111 && text::to_lower(letter) == letter &&
        text::remove_diacritics(letter) != letter)
      return true;
    if (text[i] >= 'a' && text[i] <= 'z') return true;
    i += decoded.length;
  }
  return false;
}

std::size_t count_words(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    if (c == ' ') {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      ++words;
    }
  }
  return words;
}

// Recognises the marker that opens a line: "IV.", "3.", "1.2.", "2)", "a)", "đ)", "-", "+".
std::pair<BlockKind, std::size_t> read_marker(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == 'I' || line[i] == 'V' || line[i] == 'X')) ++i;
  if (i > 0 && i <= 4 && i + 1 < line.size() && line[i] == '.' && line[i + 1] == ' ')
    return {BlockKind::roman, i + 1};
  i = 0;
  while (i < line.size() && (is_ascii_digit(line[i]) || line[i] == '.')) ++i;
  if (i > 0 && is_ascii_digit(line[0]) && i <= 8) {
    if (i + 1 < line.size() && line[i] == ')' && line[i + 1] == ' ')
      return {BlockKind::arabic, i + 1};
    if (i < line.size() && line[i] == ' ' && line[i - 1] == '.') return {BlockKind::arabic, i};
  }
  // Lettered items: one Latin letter (or "đ") then ")".
  if (line.size() >= 3 && line[0] >= 'a' && line[0] <= 'z' && line[1] == ')' && line[2] == ' ')
    return {BlockKind::letter, 2};
  if (starts_with(line, "đ) ")) return {BlockKind::letter, std::string_view("đ)").size()};
  if (starts_with(line, "- ") || starts_with(line, "• ") || starts_with(line, "– "))
    return {BlockKind::bullet, line.find(' ')};
  if (line.size() >= 2 && line[0] == '-' && line[1] != '-') return {BlockKind::bullet, 1};
  if (starts_with(line, "+ ")) return {BlockKind::plus, 1};
  return {BlockKind::plain, 0};
}

bool ends_sentence(std::string_view text) {
  return ends_with(text, ".") || ends_with(text, ":") || ends_with(text, ";") ||
         ends_with(text, "./.") || ends_with(text, "!") || ends_with(text, "?");
}

// A line of capitals ("NHIỆM VỤ TRỌNG TÂM") is a section heading even without a numeral.
bool is_caps_heading(std::string_view line) {
  const std::size_t words = count_words(line);
  return words >= 2 && words <= 12 && starts_upper(line) && !has_lower_letter(line);
}

// A printed page number on a line of its own: "3", "- 3 -", "Trang 3", "Trang 3/8". At most
// three digits, so that a year wrapped onto its own line ("2025") is kept.
bool is_page_number(std::string_view line) {
  while (!line.empty() && (line.front() == '-' || line.front() == ' ')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == '-' || line.back() == ' ')) line.remove_suffix(1);
  if (starts_with(line, "Trang ") || starts_with(line, "trang ")) line.remove_prefix(6);
  const std::size_t slash = line.find('/');
  const std::string_view page = line.substr(0, slash);
  const std::string_view pages =
      slash == std::string_view::npos ? std::string_view() : line.substr(slash + 1);
  const auto digits = [](std::string_view text, std::size_t most) {
    return !text.empty() && text.size() <= most && std::all_of(text.begin(), text.end(), is_ascii_digit);
  };
  return digits(page, 3) && (slash == std::string_view::npos || digits(pages, 3));
}

// A line of a table exported as text: cells separated by tabs or by '|' (two or more).
bool is_table_line(std::string_view raw) {
  return std::count(raw.begin(), raw.end(), '\t') >= 2 ||
         std::count(raw.begin(), raw.end(), '|') >= 2;
}

// The first cell of a table line opens a row when it is empty, a number ("3", "1.2"), a roman
// numeral ("II") or the header's "STT"; otherwise the line continues the row above (a cell
// wrapped by the export).
bool opens_table_row(std::string_view line) {
  const std::size_t bar = line.find('|');
  const std::string_view first = text::trim_whitespace(line.substr(0, bar));
  if (first.empty() || first == "STT" || first == "TT" || first == "stt") return true;
  if (std::all_of(first.begin(), first.end(), [](char c) { return is_ascii_digit(c) || c == '.'; }))
    return is_ascii_digit(first.front());
  return std::all_of(first.begin(), first.end(),
                     [](char c) { return c == 'I' || c == 'V' || c == 'X' || c == '.'; });
}

struct InputLine {
  std::string text;  // composed, whitespace normalised; table cells joined by " | "
  int number = 0;
  std::size_t offset = 0;
  bool table = false;
  bool page_break = false;  // a form feed or a printed page number: not text
};

std::vector<InputLine> read_lines(std::string_view input) {
  std::vector<InputLine> lines;
  std::size_t offset = 0;
  int line_number = 0;
  while (offset <= input.size()) {
    std::size_t end = input.find('\n', offset);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view raw = input.substr(offset, end - offset);
    InputLine line;
    line.number = ++line_number;
    line.offset = offset;
    // A row whose text has a single separator left ("6 | Rà soát …, bảo đảm" before a wrapped
    // cell) is still a table line when it follows one.
    line.table = is_table_line(raw) ||
                 (!lines.empty() && lines.back().table && raw.find('|') != std::string_view::npos);
    std::string cells(raw);
    if (line.table) {
      std::string joined;
      for (char c : cells) joined += c == '\t' || c == '|' ? std::string(" | ") : std::string(1, c);
      cells = joined;
    }
    line.text = text::normalize_whitespace(text::compose(cells));
    line.page_break = raw.find('\f') != std::string_view::npos || is_page_number(line.text);
    if (line.page_break) line.text.clear();
    lines.push_back(std::move(line));
    if (end == input.size()) break;
    offset = end + 1;
  }
  // A running header: the first text line after a page break that also appears elsewhere as a
  // whole line (the same title printed on every page).
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].page_break) continue;
    std::size_t next = i + 1;
    while (next < lines.size() && lines[next].text.empty()) ++next;
    if (next >= lines.size() || lines[next].table) continue;
    const std::string candidate = lines[next].text;
    std::size_t copies = 0;
    for (const InputLine& other : lines) copies += other.text == candidate ? 1U : 0U;
    if (copies < 2) continue;
    for (InputLine& other : lines)
      if (other.text == candidate) other.text.clear();
  }
  return lines;
}

// "1.1. Mục tiêu", "b) Nhiệm vụ": a numbered or lettered line of a few words without
// punctuation is a heading, so the capitalised line below it starts a new block instead of
// continuing it (a hard-wrapped line fills the printed width; a heading does not).
bool is_short_heading_line(const Block& block) {
  if (block.kind != BlockKind::arabic && block.kind != BlockKind::letter &&
      block.kind != BlockKind::roman)
    return false;
  // A numbered line in capitals ("II. MỤC ĐÍCH, YÊU CẦU") never runs on into mixed case.
  if (block.segments.size() == 1 && !has_lower_letter(block.text)) return true;
  if (block.segments.size() != 1 || count_words(block.text) > 6 || block.text.size() > 50)
    return false;
  return std::none_of(block.text.begin(), block.text.end(),
                      [](char c) { return c == ',' || c == ';' || c == '.' || c == ':'; });
}

std::vector<Block> segment(std::string_view input) {
  std::vector<Block> blocks;
  for (InputLine& input_line : read_lines(input)) {
    std::string& line = input_line.text;
    if (line.empty()) continue;
    const int line_number = input_line.number;
    const std::size_t line_offset = input_line.offset;
    auto [kind, marker_length] =
        input_line.table ? std::pair{BlockKind::table_row, std::size_t{0}} : read_marker(line);
    if (kind == BlockKind::table_row && !opens_table_row(line) && !blocks.empty() &&
        blocks.back().kind == BlockKind::table_row)
      kind = BlockKind::plain;  // a wrapped cell: continues the row above
    const bool after_row = !blocks.empty() && blocks.back().kind == BlockKind::table_row;
    const bool continues = !blocks.empty() && kind == BlockKind::plain &&
                           !ends_sentence(blocks.back().text) &&
                           blocks.back().kind != BlockKind::caps_heading && !is_caps_heading(line) &&
                           !(starts_upper(line) && is_short_heading_line(blocks.back()));
    const bool starts_lower_after_break =
        !blocks.empty() && kind == BlockKind::plain && !starts_upper(line);
    if (continues || starts_lower_after_break || (after_row && kind == BlockKind::plain &&
                                                  line.find(" | ") != std::string::npos)) {
      Block& block = blocks.back();
      block.segments.push_back({block.text.size() + 1, line_number, line_offset});
      block.text += ' ';
      block.text += line;
    } else {
      Block block;
      if (kind == BlockKind::plain && is_caps_heading(line)) kind = BlockKind::caps_heading;
      block.kind = kind;
      block.marker = line.substr(0, marker_length);
      block.text = std::string(text::trim_whitespace(std::string_view(line).substr(marker_length)));
      block.segments.push_back({0, line_number, line_offset});
      blocks.push_back(std::move(block));
    }
  }
  for (Block& block : blocks) block.lower = lower_of(block.text);
  return blocks;
}

// ---- lexicons ------------------------------------------------------------------------------

struct AreaCue {
  std::string_view phrase;  // lower case
  ReformArea area;
};

// Reform areas named by headings and, failing that, by an item's own words. The earliest
// phrase in the text wins, so "Cải cách tổ chức bộ máy hành chính" is organisation.
constexpr std::array<AreaCue, 19> kAreaCues{{
    {"chỉ đạo, điều hành", ReformArea::chi_dao},
    {"chỉ đạo điều hành", ReformArea::chi_dao},
    {"thể chế", ReformArea::the_che},
    {"quy phạm pháp luật", ReformArea::the_che},
    {"qppl", ReformArea::the_che},
    {"thủ tục hành chính", ReformArea::tthc},
    {"tthc", ReformArea::tthc},
    {"một cửa", ReformArea::tthc},
    {"bộ máy", ReformArea::to_chuc_bo_may},
    {"công vụ", ReformArea::cong_vu},
    {"công chức", ReformArea::cong_vu},
    {"tài chính công", ReformArea::tai_chinh_cong},
    {"ngân sách", ReformArea::tai_chinh_cong},
    {"chính quyền điện tử", ReformArea::chinh_quyen_so},
    {"chính quyền số", ReformArea::chinh_quyen_so},
    {"chính phủ điện tử", ReformArea::chinh_quyen_so},
    {"chính phủ số", ReformArea::chinh_quyen_so},
    {"chuyển đổi số", ReformArea::chinh_quyen_so},
    {"dịch vụ công trực tuyến", ReformArea::chinh_quyen_so},
}};

std::optional<ReformArea> area_of(std::string_view lower) {
  std::optional<ReformArea> found;
  std::size_t best = std::string_view::npos;
  for (const AreaCue& cue : kAreaCues) {
    const std::size_t at = lower.find(cue.phrase);
    if (at < best) {
      best = at;
      found = cue.area;
    }
  }
  return found;
}

struct IndicatorCue {
  std::array<std::string_view, 2> all_of;  // every non-empty phrase must occur
  std::string_view key;                    // engine indicator key (dossier/indicators.hpp)
};

constexpr std::array<IndicatorCue, 12> kIndicatorCues{{
    {{"số hóa kết quả", ""}, "digitised_result_rate"},
    {{"số hóa", "hồ sơ"}, "digitised_dossier_rate"},
    {{"kết quả", "điện tử"}, "electronic_result_rate"},
    {{"thanh toán trực tuyến", ""}, "online_payment_rate"},
    {{"rất hài lòng", ""}, "very_satisfied_rate"},
    {{"hài lòng", ""}, "satisfaction_rate"},
    {{"đúng hạn", ""}, "on_time_rate"},
    {{"trước hạn", ""}, "early_rate"},
    {{"quá hạn", ""}, "late_rate"},
    {{"trễ hạn", ""}, "late_rate"},
    {{"hồ sơ", "trực tuyến toàn trình"}, "full_online_share"},
    {{"hồ sơ", "trực tuyến"}, "online_filing_rate"},
}};

std::optional<std::string_view> indicator_of(std::string_view lower) {
  for (const IndicatorCue& cue : kIndicatorCues) {
    bool all = true;
    for (std::string_view phrase : cue.all_of)
      if (!phrase.empty() && lower.find(phrase) == std::string_view::npos) all = false;
    if (all) return cue.key;
  }
  return std::nullopt;
}

// A custom indicator key from the measured words: "văn bản quy phạm pháp luật" ->
// "van_ban_quy_pham_phap".
std::string custom_key(std::string_view words) {
  // The measured words end where the comparison starts ("… so với năm 2025").
  const std::size_t compared = words.find(" so với");
  if (compared != std::string_view::npos) words = words.substr(0, compared);
  const std::string folded = text::fold(words, {.remove_diacritics = true});
  std::string key;
  std::size_t taken = 0;
  std::string word;
  const auto flush = [&] {
    if (word.empty() || taken >= 5) return;
    if (taken == 0 && (word == "cac" || word == "so" || word == "tong" || word == "ty" ||
                       word == "le" || word == "duoc" || word == "nhat")) {
      word.clear();
      return;
    }
    if (!key.empty()) key += '_';
    key += word;
    ++taken;
    word.clear();
  };
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || is_ascii_digit(c)) {
      word += c;
    } else {
      flush();
      word.clear();
    }
  }
  flush();
  return key;  // empty when the words hold no letters
}

// ---- quantities ----------------------------------------------------------------------------

struct Quantity {
  std::size_t begin;  // first digit
  std::size_t end;    // after the number (and after "%" for a percentage)
  double value;
  bool percent;
};

// Numbers of the text: "98", "98,5", "1.200" (a dot before three digits groups thousands).
std::vector<Quantity> quantities(std::string_view text) {
  std::vector<Quantity> found;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_ascii_digit(text[i]) ||
        (i > 0 &&
         (is_ascii_digit(text[i - 1]) || std::isalpha(static_cast<unsigned char>(text[i - 1])) ||
          text[i - 1] == '/' || text[i - 1] == '.' || text[i - 1] == ','))) {
      ++i;
      continue;
    }
    const std::size_t begin = i;
    std::string digits;
    while (i < text.size()) {
      if (is_ascii_digit(text[i])) {
        digits += text[i++];
      } else if ((text[i] == '.' || text[i] == ',') && i + 1 < text.size() &&
                 is_ascii_digit(text[i + 1])) {
        std::size_t run = 0;
        while (i + 1 + run < text.size() && is_ascii_digit(text[i + 1 + run])) ++run;
        if (text[i] == '.' && run == 3) {
          ++i;  // thousands separator
        } else {
          digits += '.';
          ++i;
        }
      } else {
        break;
      }
    }
    std::size_t end = i;
    // Dates and document numbers written with '/' or '-' are not quantities; "20-25 %" is a
    // range of two percentages (its lower end is read here, the upper end next).
    if (end < text.size() && (text[end] == '/' || text[end] == '-') && end + 1 < text.size() &&
        is_ascii_digit(text[end + 1])) {
      std::size_t token_end = end + 1;
      while (token_end < text.size() &&
             (is_ascii_digit(text[token_end]) || text[token_end] == ',' || text[token_end] == '.'))
        ++token_end;
      std::size_t percent_at = token_end;
      while (percent_at < text.size() && text[percent_at] == ' ') ++percent_at;
      if (text[end] == '-' && percent_at < text.size() && text[percent_at] == '%') {
        found.push_back({begin, end, std::strtod(digits.c_str(), nullptr), false});
        continue;  // the upper end starts after the '-'
      }
      while (i < text.size() && text[i] != ' ') ++i;
      continue;
    }
    if (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end]))) continue;
    bool percent = false;
    std::size_t after = end;
    while (after < text.size() && text[after] == ' ') ++after;
    if (after < text.size() && text[after] == '%') {
      percent = true;
      end = after + 1;
    }
    found.push_back({begin, end, std::strtod(digits.c_str(), nullptr), percent});
  }
  return found;
}

bool is_year(const Quantity& quantity, std::string_view lower) {
  if (quantity.percent) return false;
  if (quantity.value >= 1900 && quantity.value <= 2100 && quantity.end - quantity.begin == 4)
    return true;
  const std::string_view before = lower.substr(0, quantity.begin);
  return ends_with(before, "năm ") || ends_with(before, "số ") || ends_with(before, "ngày ") ||
         ends_with(before, "tháng ") || ends_with(before, "quý ");
}

// The last `count` words before `position`, stopping at a clause boundary (, ; : ( ) .).
std::vector<std::string> words_before(std::string_view lower, std::size_t position,
                                      std::size_t count) {
  std::vector<std::string> words;
  std::size_t i = position;
  while (i > 0 && words.size() < count) {
    while (i > 0 && lower[i - 1] == ' ') --i;
    if (i == 0) break;
    const char c = lower[i - 1];
    if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '.' || c == '|') break;
    std::size_t start = i;
    while (start > 0 && lower[start - 1] != ' ' && lower[start - 1] != ',' &&
           lower[start - 1] != ';' && lower[start - 1] != ':' && lower[start - 1] != '(' &&
           lower[start - 1] != ')' && lower[start - 1] != '|')
      --start;
    words.insert(words.begin(), std::string(lower.substr(start, i - start)));
    i = start;
  }
  return words;
}

std::string join(const std::vector<std::string>& words) {
  std::string joined;
  for (const std::string& word : words) {
    if (!joined.empty()) joined += ' ';
    joined += word;
  }
  return joined;
}

bool contains_phrase(std::string_view words, std::string_view phrase) {
  const std::string padded = " " + std::string(words) + " ";
  return padded.find(" " + std::string(phrase) + " ") != std::string::npos;
}

struct ComparatorCue {
  std::string_view phrase;
  Comparator comparator;
};

// Explicit comparator cues, looked for in the four words before a number; more specific
// phrases first ("không dưới" before "dưới").
constexpr std::array<ComparatorCue, 8> kComparatorCues{{
    {"không vượt quá", Comparator::at_most},
    {"không quá", Comparator::at_most},
    {"tối đa", Comparator::at_most},
    {"không dưới", Comparator::at_least},
    {"không thấp hơn", Comparator::at_least},
    {"tối thiểu", Comparator::at_least},
    {"ít nhất", Comparator::at_least},
    {"không cao hơn", Comparator::at_most},
}};

// Verbs that state a level to reach; weaker than the cues above and than "trên"/"dưới".
// "đạt 95 %" states the level itself (exactly); "tối thiểu 95 %" a floor (at_least).
constexpr std::array<ComparatorCue, 4> kGenericCues{{
    {"đạt", Comparator::exactly},
    {"duy trì", Comparator::at_least},
    {"phấn đấu", Comparator::at_least},
    {"hoàn thành", Comparator::at_least},
}};

// Cues that read only directly before the number ("trên 95 %": above; "trên Cổng" is "on";
// "là 95 %": the level is stated).
constexpr std::array<ComparatorCue, 3> kAdjacentCues{{
    {"trên", Comparator::at_least},
    {"dưới", Comparator::at_most},
    {"là", Comparator::exactly},
}};

// Engine indicators whose lower values are better; the other keys of kIndicatorCues are rates
// where higher is better. Used when a level inherits a comparator that contradicts its measure.
int indicator_direction(std::string_view key) {
  if (key == "late_rate") return -1;
  for (const IndicatorCue& cue : kIndicatorCues)
    if (cue.key == key) return 1;
  return 0;
}

// ---- sentences -----------------------------------------------------------------------------

struct Span {
  std::size_t begin;
  std::size_t end;
};

// Sentences of a block: a '.' followed by a space and an upper-case letter ends one.
std::vector<Span> sentences(std::string_view text) {
  std::vector<Span> spans;
  std::size_t begin = 0;
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    if (text[i] == '.' && text[i + 1] == ' ' && starts_upper(text.substr(i + 2)) &&
        !(i > 0 && is_ascii_digit(text[i - 1]) && is_ascii_digit(text[i + 2]))) {
      spans.push_back({begin, i + 1});
      begin = i + 2;
    }
  }
  spans.push_back({begin, text.size()});
  return spans;
}

std::string trim_punctuation(std::string_view text) {
  text = text::trim_whitespace(text);
  while (!text.empty() && (text.back() == '.' || text.back() == ';' || text.back() == ',' ||
                           text.back() == ':' || text.back() == ' '))
    text.remove_suffix(1);
  if (ends_with(text, "./")) text.remove_suffix(2);
  return std::string(text::trim_whitespace(text));
}

// The clause around `position`: from the previous ';' (or the sentence start) to the next ';'
// (or the sentence end).
Span clause_of(std::string_view text, Span sentence, std::size_t position) {
  std::size_t begin = sentence.begin;
  for (std::size_t i = position; i > sentence.begin; --i)
    if (text[i - 1] == ';' || text[i - 1] == '|') {
      begin = i;
      break;
    }
  std::size_t end = sentence.end;
  for (std::size_t i = position; i < sentence.end; ++i)
    if (text[i] == ';' || text[i] == '|') {
      end = i;
      break;
    }
  return {begin, end};
}

std::size_t next_boundary(std::string_view text, std::size_t from, std::size_t limit) {
  for (std::size_t i = from; i < limit; ++i)
    if (text[i] == ',' || text[i] == ';' || text[i] == '(' || text[i] == ':' || text[i] == '|')
      return i;
  return limit;
}

// ---- task fields ---------------------------------------------------------------------------

enum class Field { none, lead, support, deliverable, deadline };

struct FieldLabel {
  std::string_view label;  // lower case, with diacritics
  Field field;
};

constexpr std::array<FieldLabel, 17> kFieldLabels{{
    {"đơn vị chủ trì", Field::lead},
    {"cơ quan chủ trì", Field::lead},
    {"chủ trì thực hiện", Field::lead},
    {"chủ trì", Field::lead},
    {"đơn vị thực hiện", Field::lead},
    {"đơn vị phối hợp", Field::support},
    {"cơ quan phối hợp", Field::support},
    {"phối hợp", Field::support},
    {"sản phẩm đầu ra", Field::deliverable},
    {"kết quả đầu ra", Field::deliverable},
    {"sản phẩm", Field::deliverable},
    {"thời gian thực hiện", Field::deadline},
    {"thời gian hoàn thành", Field::deadline},
    {"thời hạn hoàn thành", Field::deadline},
    {"thời hạn", Field::deadline},
    {"tiến độ hoàn thành", Field::deadline},
    {"tiến độ", Field::deadline},
}};

struct FieldValue {
  Field field;
  std::size_t label_begin;
  std::size_t value_begin;
  std::size_t value_end;
};

// "Label: value" pairs of a block: at its start, or after '(' ';' '|' inside it.
std::vector<FieldValue> field_values(std::string_view lower) {
  std::vector<FieldValue> found;
  for (std::size_t i = 0; i < lower.size(); ++i) {
    const bool at_start = i == 0 ||
                          (i >= 2 && lower[i - 1] == ' ' &&
                           (lower[i - 2] == '(' || lower[i - 2] == ';' || lower[i - 2] == '|')) ||
                          (i >= 1 && (lower[i - 1] == '(' || lower[i - 1] == ';'));
    if (!at_start) continue;
    for (const FieldLabel& label : kFieldLabels) {
      if (!starts_with(lower.substr(i), label.label)) continue;
      std::size_t j = i + label.label.size();
      while (j < lower.size() && lower[j] == ' ') ++j;
      if (j < lower.size() && lower[j] == ':') {
        found.push_back({label.field, i, j + 1, lower.size()});
        i = j;
      }
      break;
    }
  }
  for (std::size_t k = 0; k < found.size(); ++k) {
    std::size_t end = k + 1 < found.size() ? found[k + 1].label_begin : lower.size();
    // A value in brackets ends at the closing bracket; separators before the next label go.
    if (found[k].label_begin > 0 && lower[found[k].label_begin - 1] == '(') {
      const std::size_t close = lower.find(')', found[k].value_begin);
      if (close != std::string_view::npos && close < end) end = close;
    }
    // "(chủ trì: X; thời hạn: Quý II)": the last value ends at the unmatched ')'.
    std::size_t depth = 0;
    for (std::size_t i = found[k].value_begin; i < end; ++i) {
      if (lower[i] == '(') ++depth;
      if (lower[i] == ')') {
        if (depth == 0) {
          end = i;
          break;
        }
        --depth;
      }
    }
    found[k].value_end = end;
  }
  return found;
}

std::vector<std::string> split_units(std::string_view value) {
  // Units are separated by commas. After a collective ("Các phòng", "Các Cục"), a piece in lower
  // case or one that ends in "liên quan" continues it: "Các phòng, đơn vị liên quan" and "Các
  // Cục, Vụ liên quan" are one unit each; "Văn phòng Sở, các trường" are two.
  std::vector<std::string> units;
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= value.size(); ++i) {
    if (i < value.size() && value[i] != ',' && value[i] != ';') continue;
    std::string piece = trim_punctuation(value.substr(begin, i - begin));
    if (!piece.empty()) {
      const bool after_collective = !units.empty() && (starts_with(units.back(), "Các ") ||
                                                       starts_with(units.back(), "các "));
      if (after_collective && (!starts_upper(piece) || ends_with(piece, "liên quan")))
        units.back() += ", " + piece;
      else
        units.push_back(std::move(piece));
    }
    begin = i + 1;
  }
  return units;
}

// ---- the walk ------------------------------------------------------------------------------

enum class SectionRole { preamble, tasks, targets, other, implementation, appendix };

SectionRole role_of(std::string_view lower) {
  if (starts_with(lower, "phụ lục")) return SectionRole::appendix;
  if (lower.find("tổ chức thực hiện") != std::string_view::npos) return SectionRole::implementation;
  if (lower.find("nhiệm vụ") != std::string_view::npos ||
      lower.find("giải pháp") != std::string_view::npos)
    return SectionRole::tasks;
  if (lower.find("chỉ tiêu") != std::string_view::npos ||
      lower.find("mục tiêu") != std::string_view::npos)
    return SectionRole::targets;
  return SectionRole::other;
}

bool is_field_block(const Block& block) {
  const std::vector<FieldValue> fields = field_values(block.lower);
  return !fields.empty() && fields.front().label_begin == 0;
}

// The words of an item before fields written in brackets: "Cải cách TTHC (Chủ trì: …)".
std::string_view heading_words(const Block& block) {
  const std::vector<FieldValue> fields = field_values(block.lower);
  std::string_view words = block.text;
  if (!fields.empty()) words = words.substr(0, fields.front().label_begin);
  while (!words.empty() && (words.back() == '(' || words.back() == ' ')) words.remove_suffix(1);
  return words;
}

// "3. Cải cách thủ tục hành chính": a one-level number, short, no full stop. A short plain
// line without final punctuation right before a list ("Cải cách thể chế" then "- …") is one too.
bool is_area_heading(const std::vector<Block>& blocks, std::size_t index) {
  const Block& block = blocks[index];
  if (block.kind == BlockKind::arabic)
    return !ends_with(block.text, ".") && count_words(heading_words(block)) <= 16 &&
           block.marker.find('.') == block.marker.rfind('.') &&
           !(index + 1 < blocks.size() && is_field_block(blocks[index + 1]));
  if (block.kind == BlockKind::plain && index + 1 < blocks.size())
    return !ends_sentence(block.text) && count_words(block.text) <= 8 &&
           block.segments.size() == 1 &&
           (blocks[index + 1].kind == BlockKind::bullet ||
            blocks[index + 1].kind == BlockKind::letter ||
            blocks[index + 1].kind == BlockKind::arabic);
  return false;
}

// A numbered or lettered sub-heading ("1.2. Nhiệm vụ", "a) Chuyển đổi số (Chủ trì: …)"): short,
// no final punctuation, and followed by content that is not one of its own fields. Headings are
// never tasks; their bracketed fields apply to the items below them.
bool is_sub_heading(const std::vector<Block>& blocks, std::size_t index) {
  const Block& block = blocks[index];
  if (block.kind != BlockKind::arabic && block.kind != BlockKind::letter) return false;
  if (index + 1 >= blocks.size()) return false;
  const std::string_view words = heading_words(block);
  if (ends_sentence(words) || count_words(words) > 12 || count_words(words) == 0) return false;
  if (ends_sentence(block.text) && words.size() == block.text.size()) return false;
  const Block& next = blocks[index + 1];
  if (is_field_block(next)) return false;
  return next.kind == BlockKind::bullet || next.kind == BlockKind::plain ||
         next.kind == BlockKind::table_row ||
         (next.kind == BlockKind::arabic && next.marker.size() > block.marker.size());
}

bool is_section_heading(const Block& block) {
  return block.kind == BlockKind::roman || block.kind == BlockKind::caps_heading;
}

// The item number of a marker: "1.2." -> "1.2", "3)" -> "3"; empty for letters and bullets.
std::string item_key(std::string_view marker) {
  while (!marker.empty() && (marker.back() == '.' || marker.back() == ')')) marker.remove_suffix(1);
  if (marker.empty() || !std::all_of(marker.begin(), marker.end(),
                                     [](char c) { return is_ascii_digit(c) || c == '.'; }))
    return {};
  return std::string(marker);
}

std::vector<std::string> table_cells(std::string_view text) {
  std::vector<std::string> cells;
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '|') continue;
    cells.emplace_back(text::trim_whitespace(text.substr(begin, i - begin)));
    begin = i + 1;
  }
  return cells;
}

enum class Column { other, number, title, lead, support, deliverable, deadline };

Column column_of(std::string_view header_lower) {
  const auto has = [&](std::string_view phrase) {
    return header_lower.find(phrase) != std::string_view::npos;
  };
  if (header_lower == "stt" || header_lower == "tt") return Column::number;
  if (has("chủ trì") || (has("thực hiện") && has("đơn vị"))) return Column::lead;
  if (has("phối hợp")) return Column::support;
  if (has("sản phẩm") || has("kết quả")) return Column::deliverable;
  if (has("thời gian") || has("thời hạn") || has("tiến độ")) return Column::deadline;
  if (has("nội dung") || has("nhiệm vụ") || has("tên")) return Column::title;
  return Column::other;
}

// "Đến năm 2030", "đến hết năm 2026": a horizon that dates every level of its sentence. The
// end of a span ("từ năm 2010 đến năm 2020") is not one.
std::optional<std::string> horizon_of(std::string_view sentence, std::string_view lower) {
  for (std::size_t at = lower.find("đến "); at != std::string_view::npos;
       at = lower.find("đến ", at + 1)) {
    if (at > 0 && lower[at - 1] != ' ' && lower[at - 1] != ',' && lower[at - 1] != '(') continue;
    std::size_t i = at + std::string_view("đến ").size();
    for (std::string_view filler : {"hết ", "cuối "})
      if (starts_with(lower.substr(i), filler)) i += filler.size();
    if (!starts_with(lower.substr(i), "năm ")) continue;
    i += std::string_view("năm ").size();
    if (i + 4 > lower.size() || !std::all_of(lower.begin() + static_cast<std::ptrdiff_t>(i),
                                             lower.begin() + static_cast<std::ptrdiff_t>(i + 4),
                                             is_ascii_digit))
      continue;
    const std::string_view before = lower.substr(0, at);
    const std::size_t from = before.rfind("từ năm ");
    if (from != std::string_view::npos && at - from <= std::string_view("từ năm 0000 ").size())
      continue;  // the end of a span of years
    std::string phrase(sentence.substr(at, i + 4 - at));
    if (starts_with(phrase, "đến")) phrase.replace(0, std::string_view("đến").size(), "Đến");
    return phrase;
  }
  return std::nullopt;
}

bool is_floor_cue(std::string_view phrase) {
  return phrase == "không dưới" || phrase == "không thấp hơn" || phrase == "tối thiểu" ||
         phrase == "ít nhất";
}

class Extractor {
 public:
  Extractor(std::string_view input, const ExtractOptions& options)
      : blocks_(segment(input)), options_(options) {}

  Extraction run() {
    result_.plan.id = "extracted";
    result_.plan.source = options_.source;
    read_title();
    mark_groups();
    walk();
    make_indicators_unique();
    for (std::size_t i = 0; i < result_.plan.targets.size(); ++i)
      result_.plan.targets[i].id = numbered("T", i + 1);
    for (std::size_t i = 0; i < result_.plan.tasks.size(); ++i)
      result_.plan.tasks[i].id = numbered("N", i + 1);
    return std::move(result_);
  }

 private:
  static std::string numbered(std::string_view prefix, std::size_t number) {
    std::string digits = std::to_string(number);
    if (digits.size() < 2) digits.insert(0, "0");
    return std::string(prefix) + digits;
  }

  // The title block ("KẾ HOẠCH Cải cách hành chính năm 2026 …") gives the title and year.
  void read_title() {
    for (const Block& block : blocks_) {
      if (is_section_heading(block) && block.kind == BlockKind::roman) break;
      const std::size_t plan_word = block.lower.find("kế hoạch");
      if (plan_word == std::string::npos || plan_word > 2) continue;
      // A title in capitals ("KẾ HOẠCH") continues in the next block ("Cải cách … năm 2026").
      std::string title = block.text;
      std::string title_lower = block.lower;
      const std::size_t index = static_cast<std::size_t>(&block - blocks_.data());
      if (block.kind == BlockKind::caps_heading && count_words(block.text) <= 3 &&
          index + 1 < blocks_.size()) {
        // Only its first line: a title without a full stop runs on into the preamble.
        const Block& next = blocks_[index + 1];
        const std::size_t first_line =
            next.segments.size() > 1 ? next.segments[1].position - 1 : next.text.size();
        title += " " + trim_punctuation(std::string_view(next.text).substr(0, first_line));
        title_lower += " " + next.lower.substr(0, first_line);
      }
      result_.plan.title = title;
      const std::size_t year_word = title_lower.find("năm ");
      if (year_word != std::string::npos) {
        const std::string_view rest = std::string_view(title_lower).substr(year_word + 5);
        if (rest.size() >= 4 && std::all_of(rest.begin(), rest.begin() + 4, is_ascii_digit))
          title_year_ = std::atoi(std::string(rest.substr(0, 4)).c_str());
      }
      break;
    }
    result_.plan.year = options_.year ? options_.year : title_year_;
  }

  [[nodiscard]] bool is_heading(std::size_t index) const {
    return is_section_heading(blocks_[index]) || is_area_heading(blocks_, index) ||
           is_sub_heading(blocks_, index);
  }

  // Each block's group (the heading it sits under) and which item kinds a group has.
  void mark_groups() {
    group_of_.assign(blocks_.size(), 0);
    std::size_t group = 0;
    group_has_letter_.push_back(false);
    group_has_item_number_.push_back(false);
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
      const bool heading = is_heading(i);
      if (heading) {
        ++group;
        group_has_letter_.push_back(false);
        group_has_item_number_.push_back(false);
      }
      group_of_[i] = group;
      if (heading) continue;
      if (blocks_[i].kind == BlockKind::letter) group_has_letter_[group] = true;
      if (blocks_[i].kind == BlockKind::arabic) group_has_item_number_[group] = true;
    }
  }

  [[nodiscard]] bool is_task_item(std::size_t index) const {
    const Block& block = blocks_[index];
    const std::size_t group = group_of_[index];
    if (is_field_block(block) || is_heading(index)) return false;
    if (group_has_letter_[group]) return block.kind == BlockKind::letter;
    if (group_has_item_number_[group]) return block.kind == BlockKind::arabic;
    return block.kind == BlockKind::bullet;
  }

  // Fields a heading states for the items below it ("a) Chuyển đổi số (Chủ trì: Văn phòng)").
  std::vector<std::pair<Field, std::string>> heading_fields(const Block& block) const {
    std::vector<std::pair<Field, std::string>> fields;
    for (const FieldValue& field : field_values(block.lower))
      fields.emplace_back(field.field, trim_punctuation(std::string_view(block.text).substr(
                                           field.value_begin, field.value_end - field.value_begin)));
    return fields;
  }

  void walk() {
    SectionRole section_role = SectionRole::preamble;
    SectionRole role = SectionRole::preamble;
    bool reports_unmeasured = false;  // under "chỉ tiêu": an item without a level is reported
    std::string area_heading;
    std::optional<ReformArea> heading_area;
    std::optional<ReformArea> area_of_area_heading;
    std::vector<std::pair<Field, std::string>> area_fields;     // of the area heading
    std::vector<std::pair<Field, std::string>> current_fields;  // of the innermost heading
    std::optional<std::size_t> current_task;
    Field last_field = Field::none;
    bool in_group = false;  // after an item that ends in ':' and introduces paragraphs
    std::vector<Column> columns;
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
      const Block& block = blocks_[i];
      if (is_section_heading(block)) {
        // An appendix runs to the end of the text: its own capital headings do not end it.
        if (section_role != SectionRole::appendix) section_role = role_of(block.lower);
        role = section_role;
        reports_unmeasured = block.lower.find("chỉ tiêu") != std::string::npos;
        area_heading = block.labelled();
        heading_area = area_of(block.lower);
        area_of_area_heading = heading_area;
        area_fields.clear();
        current_fields.clear();
        current_task.reset();
        in_group = false;
        columns.clear();
        continue;
      }
      if (section_role == SectionRole::implementation) continue;
      if (block.kind == BlockKind::table_row) {
        read_table_row(block, section_role, columns, area_heading, heading_area);
        current_task.reset();
        continue;
      }
      if (section_role == SectionRole::appendix) continue;
      if (is_area_heading(blocks_, i) || is_sub_heading(blocks_, i)) {
        const bool sub = !is_area_heading(blocks_, i);
        const std::optional<ReformArea> named = area_of(block.lower);
        if (!sub) {
          area_of_area_heading = named;
          area_fields = heading_fields(block);
          role = section_role;
        }
        area_heading = block.labelled();
        heading_area = named ? named : (sub ? area_of_area_heading : named);
        current_fields = area_fields;
        for (auto& field : heading_fields(block)) current_fields.push_back(field);
        const SectionRole named_role = role_of(block.lower);
        if (sub && (named_role == SectionRole::tasks || named_role == SectionRole::targets))
          role = named_role;
        else if (sub)
          role = section_role;
        current_task.reset();
        in_group = false;
        continue;
      }

      std::optional<std::size_t> task_of_block;
      if (role == SectionRole::tasks) {
        const std::vector<FieldValue> fields = field_values(block.lower);
        const bool label_block = !fields.empty() && fields.front().label_begin == 0;
        if (label_block && current_task) {
          for (const FieldValue& field : fields) set_field(*current_task, block, field);
          last_field = fields.back().field;
          task_of_block = current_task;
        } else if (block.kind == BlockKind::plus && current_task) {
          if (last_field != Field::none)
            append_field(*current_task, last_field, trim_punctuation(block.text));
          task_of_block = current_task;  // a detail of the task above, not a task
        } else if (is_task_item(i)) {
          const bool opens_group = ends_with(block.text, ":") && i + 1 < blocks_.size() &&
                                   blocks_[i + 1].kind == BlockKind::plain;
          if (opens_group) {
            in_group = true;
            current_task.reset();
          } else {
            in_group = false;
            current_task = add_task(block, area_heading, heading_area, "task item");
            task_fields_from_heading_.back() = current_fields;
            task_of_block = current_task;
          }
          last_field = Field::none;
        } else if (block.kind == BlockKind::plain && in_group) {
          current_task = add_task(block, area_heading, heading_area, "paragraph under a group");
          task_fields_from_heading_.back() = current_fields;
          task_of_block = current_task;
          last_field = Field::none;
        }
      }
      const std::size_t targets_before = result_.plan.targets.size();
      const std::size_t reports_before = result_.not_understood.size();
      find_targets(block, area_heading, heading_area, task_of_block,
                   role == SectionRole::targets);
      if (role == SectionRole::targets && reports_unmeasured &&
          result_.plan.targets.size() == targets_before &&
          result_.not_understood.size() == reports_before && block.kind != BlockKind::plain) {
        report(block, 0, block.text,
               "listed under a targets heading but states no measurable level", area_heading);
      }
    }
    fill_from_headings();
    // Targets read inside a task block take the task's lead, support and deadline (a horizon
    // stated in the target's own sentence wins).
    for (std::size_t t = 0; t < result_.plan.targets.size(); ++t) {
      if (!target_task_[t]) continue;
      const Task& task = result_.plan.tasks[*target_task_[t]];
      Target& target = result_.plan.targets[t];
      target.owner = task.lead;
      target.support = task.support;
      if (target.deadline.empty()) target.deadline = task.deadline;
    }
  }

  // A row of a table flattened to text: the header names the columns; a row whose first cell
  // is a roman numeral (or that has only a title) is a heading; a numbered row is a task, or,
  // in an appendix, the fields of the body's item with the same number.
  void read_table_row(const Block& block, SectionRole role, std::vector<Column>& columns,
                      std::string& area_heading, std::optional<ReformArea>& heading_area) {
    const std::vector<std::string> cells = table_cells(block.text);
    const std::vector<std::string> lower_cells = table_cells(block.lower);
    std::size_t named = 0;
    std::vector<Column> header;
    for (const std::string& cell : lower_cells) {
      header.push_back(column_of(cell));
      if (header.back() != Column::other && header.back() != Column::title) ++named;
    }
    if (named >= 2 || (!lower_cells.empty() && header.front() == Column::number)) {
      columns = header;
      return;
    }
    if (columns.empty()) columns = {Column::number, Column::title};
    std::string number;
    std::string title;
    std::vector<std::pair<Field, std::string>> fields;
    for (std::size_t c = 0; c < cells.size() && c < columns.size(); ++c) {
      const std::string value = trim_punctuation(cells[c]);
      switch (columns[c]) {
        case Column::number:
          number = value;
          break;
        case Column::title:
          title = value;
          break;
        case Column::lead:
          fields.emplace_back(Field::lead, value);
          break;
        case Column::support:
          fields.emplace_back(Field::support, value);
          break;
        case Column::deliverable:
          fields.emplace_back(Field::deliverable, value);
          break;
        case Column::deadline:
          fields.emplace_back(Field::deadline, value);
          break;
        case Column::other:
          break;
      }
    }
    if (title.empty()) return;
    const bool numbered_row = !item_key(number).empty();
    const bool has_fields = std::any_of(fields.begin(), fields.end(),
                                        [](const auto& field) { return !field.second.empty(); });
    if (!numbered_row || !has_fields) {
      if (role == SectionRole::tasks || role == SectionRole::appendix) {
        area_heading = title;
        heading_area = area_of(text::to_lower(title));
      }
      return;
    }
    if (role == SectionRole::appendix) {
      for (std::size_t t = 0; t < task_keys_.size(); ++t) {
        if (task_keys_[t] != item_key(number) || task_filled_from_appendix_[t]) continue;
        task_filled_from_appendix_[t] = true;
        Task& task = result_.plan.tasks[t];
        bool filled = false;
        for (const auto& [field, value] : fields) {
          const bool empty = (field == Field::lead && task.lead.empty()) ||
                             (field == Field::support && task.support.empty()) ||
                             (field == Field::deliverable && task.deliverable.empty()) ||
                             (field == Field::deadline && task.deadline.empty());
          if (value.empty() || !empty) continue;
          assign(t, field, value);
          filled = true;
        }
        if (filled) result_.task_origins[t].fields_from = "appendix";
        return;
      }
    }
    if (role != SectionRole::tasks && role != SectionRole::appendix) return;
    const std::size_t index = add_task(block, area_heading, heading_area, "table row");
    Task& task = result_.plan.tasks[index];
    task.title = title;
    for (const auto& [field, value] : fields)
      if (!value.empty()) assign(index, field, value);
    find_targets(block, area_heading, heading_area, index, false);
  }

  void fill_from_headings() {
    for (std::size_t t = 0; t < result_.plan.tasks.size(); ++t) {
      Task& task = result_.plan.tasks[t];
      bool filled = false;
      for (const auto& [field, value] : task_fields_from_heading_[t]) {
        if (value.empty()) continue;
        const bool empty = (field == Field::lead && task.lead.empty()) ||
                           (field == Field::support && task.support.empty()) ||
                           (field == Field::deliverable && task.deliverable.empty()) ||
                           (field == Field::deadline && task.deadline.empty());
        if (!empty) continue;
        assign(t, field, value);
        filled = true;
      }
      if (filled && result_.task_origins[t].fields_from.empty())
        result_.task_origins[t].fields_from = "heading";
    }
  }

  std::size_t add_task(const Block& block, const std::string& heading,
                       std::optional<ReformArea> heading_area, std::string_view rule) {
    Task task;
    task.area = heading_area ? *heading_area : area_of(block.lower).value_or(ReformArea::other);
    // Fields written inside the title ("… (Chủ trì: Văn phòng; Thời hạn: Quý II)") are read
    // and cut from it.
    const std::vector<FieldValue> fields =
        block.kind == BlockKind::table_row ? std::vector<FieldValue>{} : field_values(block.lower);
    std::size_t title_end = block.text.size();
    if (!fields.empty()) {
      title_end = fields.front().label_begin;
      if (title_end > 0 && block.text[title_end - 1] == '(') --title_end;
    }
    task.title = trim_punctuation(std::string_view(block.text).substr(0, title_end));
    task.deadline.parsed = calendar::parse_deadline("");  // "none stated" until a field sets it
    task.source.line = block.segments.front().line;
    task.source.text = block.labelled();
    result_.plan.tasks.push_back(std::move(task));
    result_.task_origins.push_back(
        {block.segments.front().line, block.segments.front().offset,
         std::string(rule) + " (" + (block.marker.empty() ? "paragraph" : block.marker) + ")",
         heading, false, {}});
    task_keys_.push_back(item_key(block.marker));
    task_filled_from_appendix_.push_back(false);
    task_fields_from_heading_.emplace_back();
    const std::size_t index = result_.plan.tasks.size() - 1;
    for (const FieldValue& field : fields) set_field(index, block, field);
    return index;
  }

  void assign(std::size_t task_index, Field field, const std::string& value) {
    Task& task = result_.plan.tasks[task_index];
    switch (field) {
      case Field::lead:
        task.lead = value;
        break;
      case Field::support:
        task.support = split_units(value);
        break;
      case Field::deliverable:
        task.deliverable = value;
        break;
      case Field::deadline: {
        calendar::DeadlineContext context;
        context.year = result_.plan.year;
        task.deadline.text = value;
        task.deadline.parsed = calendar::parse_deadline(value, context);
        break;
      }
      case Field::none:
        break;
    }
  }

  void set_field(std::size_t task_index, const Block& block, const FieldValue& field) {
    assign(task_index, field.field,
           trim_punctuation(std::string_view(block.text)
                                .substr(field.value_begin, field.value_end - field.value_begin)));
  }

  void append_field(std::size_t task_index, Field field, const std::string& value) {
    Task& task = result_.plan.tasks[task_index];
    const auto append = [&](std::string& into) { into += (into.empty() ? "" : "; ") + value; };
    if (field == Field::deliverable) append(task.deliverable);
    if (field == Field::lead) append(task.lead);
    if (field == Field::support) task.support.push_back(value);
  }

  void report(const Block& block, std::size_t position, std::string_view sentence,
              std::string reason, const std::string& heading) {
    sentence = text::trim_whitespace(sentence);
    // One report per sentence and reason, even when several of its numbers gave it.
    if (!result_.not_understood.empty() && result_.not_understood.back().text == sentence &&
        result_.not_understood.back().reason == reason)
      return;
    result_.not_understood.push_back({block.line_at(position), block.offset_at(position),
                                      std::string(text::trim_whitespace(sentence)),
                                      std::move(reason), heading});
  }

  // Indicator keys are unique within a plan: a repeated key takes the measured words of its
  // target ("on_time_rate_dat_dai"), then a number.
  void make_indicators_unique() {
    std::vector<Target>& targets = result_.plan.targets;
    const auto count_of = [&](const std::string& key) {
      return std::count_if(targets.begin(), targets.end(),
                           [&](const Target& t) { return t.indicator == key; });
    };
    for (std::size_t t = 0; t < targets.size(); ++t) {
      if (count_of(targets[t].indicator) < 2) continue;
      const std::string original = targets[t].indicator;
      for (std::size_t u = t; u < targets.size(); ++u) {
        if (targets[u].indicator != original) continue;
        const std::string words = custom_key(text::to_lower(targets[u].title));
        if (!words.empty() && words != original &&
            original.find(words) == std::string::npos)
          targets[u].indicator = original + "_" + words;
      }
      std::size_t ordinal = 1;
      for (std::size_t u = t; u < targets.size(); ++u) {
        if (targets[u].indicator != original && count_of(targets[u].indicator) < 2) continue;
        if (count_of(targets[u].indicator) < 2) continue;
        const std::string base = targets[u].indicator;
        std::string candidate;
        do {
          candidate = base + "_" + std::to_string(++ordinal);
        } while (count_of(candidate) > 0);
        targets[u].indicator = candidate;
      }
    }
  }

  struct Cue {
    std::optional<Comparator> comparator;
    std::string phrase;
  };

  static Cue comparator_cue(const std::vector<std::string>& window, std::string_view after) {
    const std::string window_text = join(window);
    const std::string adjacent = window.empty() ? std::string() : window.back();
    for (const ComparatorCue& cue : kComparatorCues)
      if (contains_phrase(window_text, cue.phrase))
        return {cue.comparator, std::string(cue.phrase)};
    for (const ComparatorCue& cue : kAdjacentCues)
      if (adjacent == cue.phrase) return {cue.comparator, std::string(cue.phrase)};
    for (const ComparatorCue& cue : kGenericCues)
      if (contains_phrase(window_text, cue.phrase))
        return {cue.comparator, std::string(cue.phrase)};
    if (starts_with(after, " trở lên")) return {Comparator::at_least, "trở lên"};
    return {};
  }

  void find_targets(const Block& block, const std::string& heading,
                    std::optional<ReformArea> heading_area, std::optional<std::size_t> task,
                    bool targets_section) {
    const std::string_view text = block.text;
    const std::string_view lower = block.lower;
    for (const Span sentence : sentences(text)) {
      const std::string_view sentence_text =
          text.substr(sentence.begin, sentence.end - sentence.begin);
      const std::string_view sentence_lower =
          lower.substr(sentence.begin, sentence.end - sentence.begin);
      const std::optional<std::string> horizon = horizon_of(sentence_text, sentence_lower);
      bool sentence_has_target = false;
      bool sentence_reported = false;
      std::optional<Target> previous;  // the last target of this sentence, for lists
      std::vector<Quantity> found = quantities(sentence_lower);
      for (Quantity& quantity : found) {
        quantity.begin += sentence.begin;
        quantity.end += sentence.begin;
      }
      for (std::size_t q = 0; q < found.size(); ++q) {
        const Quantity& quantity = found[q];
        const Quantity local{quantity.begin - sentence.begin, quantity.end - sentence.begin,
                             quantity.value, quantity.percent};
        if (is_year(local, sentence_lower)) continue;
        const std::vector<std::string> window = words_before(lower, quantity.begin, 4);
        const std::string window_text = join(window);
        const std::string_view after = lower.substr(quantity.end);
        if (contains_phrase(window_text, "đã")) continue;  // "đã đạt 97 %": a result, not a target

        // A range: "từ 85 % đến 90 %", "85-90 %", "85 – 90 %".
        std::optional<Quantity> upper;
        if (q + 1 < found.size()) {
          const Quantity& next = found[q + 1];
          const std::string_view between =
              text::trim_whitespace(lower.substr(quantity.end, next.begin - quantity.end));
          if (between == "-" || between == "–" ||
              (between == "đến" && contains_phrase(window_text, "từ")))
            upper = next;
        }
        const bool approximate = contains_phrase(window_text, "khoảng") ||
                                 contains_phrase(window_text, "gần") ||
                                 contains_phrase(window_text, "xấp xỉ");
        if (approximate || (upper && !upper->percent && !quantity.percent)) {
          if (upper) ++q;
          if (quantity.percent || (upper && upper->percent) ||
              comparator_cue(window, after).comparator) {
            report(block, quantity.begin, sentence_text,
                   approximate ? "an approximate value" : "a range of values that are not percentages",
                   heading);
            sentence_reported = true;
          }
          continue;
        }

        // What is measured: the words after the number up to the clause's end, else the
        // clause before the number.
        const std::size_t measured_from = upper ? upper->end : quantity.end;
        const Span clause = clause_of(text, sentence, quantity.begin);
        const std::size_t measured_end = next_boundary(lower, measured_from, clause.end);
        std::string_view measured_after = lower.substr(measured_from, measured_end - measured_from);
        if (starts_with(text::trim_whitespace(measured_after), "so với"))
          measured_after = measured_after.substr(0, 0);  // "20 % so với năm 2025": said before
        const std::string_view clause_before =
            lower.substr(clause.begin, quantity.begin - clause.begin);
        // The nearest sub-clause before the number ("…, trong đó tỷ lệ B đạt 30 %") names it
        // better than the whole clause does.
        const std::size_t last_comma = clause_before.rfind(',');
        const std::string_view near_before =
            last_comma == std::string_view::npos ? clause_before : clause_before.substr(last_comma + 1);
        std::string_view after_words = text::trim_whitespace(measured_after);
        if (starts_with(after_words, "trở lên")) after_words.remove_prefix(std::string_view("trở lên").size());
        std::optional<std::string_view> indicator = indicator_of(after_words);
        if (!indicator && custom_key(after_words).empty()) {
          indicator = indicator_of(near_before);
          if (!indicator) indicator = indicator_of(clause_before);
        }
        if (!indicator && count_words(after_words) == 0)
          indicator = indicator_of(lower.substr(clause.begin, clause.end - clause.begin));
        // "15 ngày làm việc": the words after the number are its unit, the measure is before it.
        const bool unit_after = starts_with(text::trim_whitespace(after_words), "ngày");
        // A leading horizon ("Đến năm 2030, tỷ lệ …") is not part of the measure's name.
        std::string_view named_before = clause_before;
        if (starts_with(named_before, "đến ") && named_before.find(',') != std::string_view::npos)
          named_before.remove_prefix(named_before.find(',') + 1);
        const std::string_view measured =
            count_words(after_words) > 0 && !unit_after ? after_words : named_before;
        std::string key = indicator ? std::string(*indicator) : custom_key(measured);
        if (key.empty()) key = custom_key(clause_before);
        if (key.empty()) key = "level_at_line_" + std::to_string(block.line_at(quantity.begin));

        Target target;
        std::string rule;
        bool inferred = false;
        const Cue cue = comparator_cue(window, after);
        int change_sign = 0;
        if (contains_phrase(window_text, "giảm") || contains_phrase(window_text, "rút ngắn"))
          change_sign = -1;
        for (std::size_t w = 0; w < window.size(); ++w)
          if (window[w] == "tăng" && (w + 1 == window.size() || window[w + 1] != "cường"))
            change_sign = 1;

        if (upper) {
          target.comparator = Comparator::between;
          target.value = quantity.value;
          target.upper = upper->value;
          rule = "range";
          ++q;
        } else if (change_sign != 0) {
          // A stated change: "giảm 15 %" reaches its aim at a level at most baseline × 0.85.
          const bool floor = cue.comparator && is_floor_cue(cue.phrase);
          const bool bounded = cue.comparator && cue.comparator == Comparator::at_most;
          if (change_sign < 0)
            target.comparator = floor     ? Comparator::reduce_by_at_least
                                : bounded ? Comparator::at_least
                                          : Comparator::reduce_by;
          else
            target.comparator = bounded ? Comparator::at_most : Comparator::at_least;
          target.change_percent = change_sign * quantity.value;
          rule = std::string(change_sign < 0 ? "reduction" : "increase") +
                 (cue.comparator ? " with cue '" + cue.phrase + "'" : "");
        } else if (cue.comparator) {
          target.comparator = *cue.comparator;
          target.value = quantity.value;
          rule = "cue '" + cue.phrase + "'";
        } else if (previous && quantity.percent &&
                   (previous->unit == ValueUnit::percent || previous->change_percent)) {
          // "Giảm tối thiểu 15 % A …, 10 % B", "… đạt 100 %; tỷ lệ B 90 %": a level without a
          // cue continues the comparator (and change) of the sentence's previous target …
          target.comparator = previous->comparator;
          if (previous->change_percent)
            target.change_percent = (*previous->change_percent < 0 ? -1 : 1) * quantity.value;
          else
            target.value = quantity.value;
          rule = "continues the comparator of the sentence";
          // … unless its measure is known to go the other way ("quá hạn không cao hơn 1 %;
          // rất hài lòng 60 %"): then the measure's direction gives the comparator.
          const int direction = indicator_direction(key);
          const bool lower_better = target.comparator == Comparator::at_most ||
                                    target.comparator == Comparator::reduce_by ||
                                    target.comparator == Comparator::reduce_by_at_least;
          if (!target.change_percent && direction != 0 && (direction < 0) != lower_better) {
            target.comparator = direction < 0 ? Comparator::at_most : Comparator::at_least;
            rule = "level without cue, comparator from the direction of '" + key + "'";
            inferred = true;
          }
        } else if (quantity.percent && std::abs(quantity.value - 100.0) < 1e-9) {
          target.comparator = Comparator::at_least;
          target.value = 100.0;
          rule = "'100 %' = all of";
        } else if (quantity.percent && targets_section) {
          // A bare level under a targets heading ("tỷ lệ … 90 %"): a level to reach, at least
          // (at most for a measure where lower is better).
          target.comparator =
              indicator_direction(key) < 0 ? Comparator::at_most : Comparator::at_least;
          target.value = quantity.value;
          rule = "bare level in a targets section";
          inferred = true;
        } else {
          if (quantity.percent) {
            report(block, quantity.begin, sentence_text, "a percentage without a comparator cue",
                   heading);
            sentence_reported = true;
          }
          continue;
        }
        if (!quantity.percent && !(upper && upper->percent) && !cue.comparator &&
            change_sign == 0)
          continue;
        target.indicator = key;

        if (target.change_percent) {
          const std::string_view measured_words =
              text::trim_whitespace(count_words(after_words) > 0 ? after_words : clause_before);
          target.unit =
              starts_with(measured_words, "thời gian") ? ValueUnit::days : ValueUnit::count;
          // The comparison after the number ("giảm 5 % A so với năm 2025; giảm 10 % B so với năm
          // 2021"), else the one before it ("giảm 15 % A so với năm 2025, 10 % B").
          std::size_t compared = sentence_lower.find("so với", local.end);
          if (compared == std::string_view::npos) compared = sentence_lower.rfind("so với", local.begin);
          if (compared != std::string_view::npos) {
            const std::size_t year_word = sentence_lower.find("năm ", compared);
            if (year_word != std::string_view::npos && year_word - compared < 60) {
              const std::string_view digits = sentence_lower.substr(year_word + 5, 4);
              if (digits.size() == 4 && std::all_of(digits.begin(), digits.end(), is_ascii_digit))
                target.baseline_year = std::atoi(std::string(digits).c_str());
            }
          }
        } else if (quantity.percent || (upper && upper->percent)) {
          target.unit = ValueUnit::percent;
        } else {
          target.unit = starts_with(text::trim_whitespace(measured_after), "ngày")
                            ? ValueUnit::days
                            : ValueUnit::count;
        }
        target.area = heading_area
                          ? *heading_area
                          : area_of(lower.substr(sentence.begin, sentence.end - sentence.begin))
                                .value_or(ReformArea::other);
        std::size_t title_begin = clause.begin;
        const std::vector<FieldValue> labels =
            field_values(lower.substr(clause.begin, clause.end - clause.begin));
        if (!labels.empty() && labels.front().label_begin == 0 &&
            clause.begin + labels.front().value_begin <= quantity.begin)
          title_begin = clause.begin + labels.front().value_begin;
        target.title = trim_punctuation(text.substr(title_begin, clause.end - title_begin));
        if (horizon) {
          calendar::DeadlineContext context;
          context.year = result_.plan.year;
          target.deadline.text = *horizon;
          target.deadline.parsed = calendar::parse_deadline(*horizon, context);
        } else {
          target.deadline.parsed = calendar::parse_deadline("");
        }
        target.source.line = block.line_at(quantity.begin);
        target.source.text = trim_punctuation(sentence_text);
        const std::string number = quantity.percent || target.upper ? "percent" : "quantity";
        result_.target_origins.push_back({block.line_at(quantity.begin),
                                          block.offset_at(quantity.begin), number + " + " + rule,
                                          heading, inferred, {}});
        result_.plan.targets.push_back(target);
        target_task_.push_back(task);
        previous = target;
        sentence_has_target = true;
      }
      // A comparison with a past period but no number: "xếp hạng năm 2026 cao hơn năm 2025".
      if (!sentence_has_target && !sentence_reported) {
        for (std::string_view comparative : {"cao hơn năm", "thấp hơn năm", "tăng so với",
                                             "giảm so với", "cao hơn so với", "thấp hơn so với"}) {
          const std::size_t at = sentence_lower.find(comparative);
          if (at == std::string_view::npos) continue;
          report(block, sentence.begin + at, sentence_text,
                 "a comparison with another period without a value", heading);
          break;
        }
      }
    }
  }

  std::vector<Block> blocks_;
  const ExtractOptions& options_;
  Extraction result_;
  std::optional<int> title_year_;
  std::vector<std::size_t> group_of_;
  std::vector<bool> group_has_letter_;
  std::vector<bool> group_has_item_number_;
  std::vector<std::optional<std::size_t>> target_task_;
  std::vector<std::string> task_keys_;  // the item number of each task ("1.2"), for appendices
  std::vector<bool> task_filled_from_appendix_;
  std::vector<std::vector<std::pair<Field, std::string>>> task_fields_from_heading_;
};

}  // namespace

Extraction extract_plan(std::string_view text, const ExtractOptions& options) {
  return Extractor(text, options).run();
}

// ---- comparison with a gold list -------------------------------------------------------------

std::optional<double> ExtractionScore::precision() const noexcept {
  if (proposed == 0) return std::nullopt;
  return static_cast<double>(matched) / static_cast<double>(proposed);
}

std::optional<double> ExtractionScore::recall() const noexcept {
  if (gold == 0) return std::nullopt;
  return static_cast<double>(matched) / static_cast<double>(gold);
}

namespace {

bool same_level(const Target& a, const Target& b) {
  const auto equal = [](const std::optional<double>& x, const std::optional<double>& y) {
    return x.has_value() == y.has_value() && (!x || std::abs(*x - *y) < 1e-9);
  };
  return a.comparator == b.comparator && equal(a.value, b.value) &&
         equal(a.change_percent, b.change_percent) && equal(a.upper, b.upper);
}

template <typename Item, typename Same>
ExtractionScore score(const std::vector<Item>& proposed, const std::vector<Item>& gold,
                      int tolerance, Same same, std::size_t& area_agreements) {
  ExtractionScore result;
  result.gold = gold.size();
  result.proposed = proposed.size();
  std::vector<bool> used(gold.size(), false);
  std::vector<bool> matched(proposed.size(), false);
  for (std::size_t p = 0; p < proposed.size(); ++p) {
    const Item& item = proposed[p];
    std::optional<std::size_t> best;
    int best_distance = tolerance + 1;
    for (std::size_t g = 0; g < gold.size(); ++g) {
      if (used[g] || !item.source.line || !gold[g].source.line || !same(item, gold[g])) continue;
      const int distance = std::abs(*item.source.line - *gold[g].source.line);
      if (distance < best_distance) {
        best_distance = distance;
        best = g;
      }
    }
    if (!best) continue;
    used[*best] = true;
    matched[p] = true;
    ++result.matched;
    if (gold[*best].area == item.area) ++area_agreements;
  }
  for (std::size_t g = 0; g < gold.size(); ++g)
    if (!used[g])
      result.unmatched_gold.push_back(gold[g].id + " line " +
                                      std::to_string(gold[g].source.line.value_or(0)) + ": " +
                                      gold[g].title);
  for (std::size_t p = 0; p < proposed.size(); ++p)
    if (!matched[p])
      result.unmatched_proposed.push_back(proposed[p].id + " line " +
                                          std::to_string(proposed[p].source.line.value_or(0)) +
                                          ": " + proposed[p].title);
  return result;
}

}  // namespace

ExtractionComparison compare_extraction(const Plan& proposed, const Plan& gold,
                                        int line_tolerance) {
  ExtractionComparison comparison;
  comparison.targets =
      score(proposed.targets, gold.targets, line_tolerance, same_level, comparison.area_agreements);
  comparison.tasks = score(
      proposed.tasks, gold.tasks, line_tolerance, [](const Task&, const Task&) { return true; },
      comparison.area_agreements);
  return comparison;
}

}  // namespace cchc::target
