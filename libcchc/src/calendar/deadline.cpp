// The deadline-phrase reader: fold the text, cut it into tokens, recognise a few fixed forms.
//
// A clause is read in four steps:
//   1. the text in brackets is set aside (each group becomes a condition or a note);
//   2. the remaining words are scanned for deadline expressions ("cores"): a recurrence
//      ("thường xuyên trong năm") or a dated expression ("Trước ngày 01/6/2026");
//   3. at most one core may be found, and the words around it become the action or the
//      condition;
//   4. words that look like time but were not read ("6 tháng", "15/3") make the clause
//      not understood, so that a date the reader missed is never hidden behind one it read.
// The grammar is documented with examples in docs/calendar/deadline-phrases.md.
#include "cchc/calendar/deadline.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "cchc/text/vietnamese.hpp"

namespace cchc::calendar {
namespace {

// Deadlines outside these years are typing mistakes in a plan, not plans.
constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2199;
constexpr std::size_t kMaxNumberDigits = 9;  // keeps every number inside an int
constexpr std::size_t kMaxQuotedBytes = 60;

// ---------------------------------------------------------------------------------------------
// Tokens

enum class TokenKind { word, number, punctuation };

struct NumberPart {
  int value;          // -1 when the part has more than kMaxNumberDigits digits
  std::size_t begin;  // byte offset in the normalised clause text
  std::size_t digits;
};

struct Token {
  TokenKind kind = TokenKind::punctuation;
  std::size_t index = 0;  // position in the clause's token list
  std::size_t begin = 0;  // byte range in the normalised clause text
  std::size_t end = 0;
  std::string lower;  // a word in lower case; a punctuation character ('-' for every dash)
  std::string plain;  // a word in lower case without diacritics
  bool has_diacritics = false;
  std::vector<NumberPart> parts;  // a number: "01/6/2026" has the parts 1, 6, 2026
};

using Tokens = std::vector<Token>;

bool is_ascii_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

bool is_number_separator(char c) noexcept {
  return c == '/' || c == '-' || c == '.';
}

bool is_dash(char32_t code_point) noexcept {
  return code_point >= 0x2010 && code_point <= 0x2015;
}

// Letters of any script, and combining marks, make words; ASCII symbols, dashes, quotes,
// ellipses and U+FFFD do not.
bool is_word_code_point(char32_t code_point) noexcept {
  if (code_point < 0x80) {
    return (code_point >= U'a' && code_point <= U'z') || (code_point >= U'A' && code_point <= U'Z');
  }
  if (text::is_whitespace(code_point) || is_dash(code_point)) return false;
  switch (code_point) {
    case 0xAB:
    case 0xBB:
    case 0x2018:
    case 0x2019:
    case 0x201C:
    case 0x201D:
    case 0x2026:
    case text::kReplacementCharacter:
      return false;
    default:
      return true;
  }
}

// `text` is valid UTF-8 whose only whitespace is single ASCII spaces.
Tokens tokenize(std::string_view text) {
  Tokens tokens;
  std::size_t position = 0;
  while (position < text.size()) {
    if (text[position] == ' ') {
      ++position;
      continue;
    }
    Token token;
    token.index = tokens.size();
    token.begin = position;
    if (is_ascii_digit(text[position])) {
      token.kind = TokenKind::number;
      while (true) {
        const std::size_t first_digit = position;
        int value = 0;
        while (position < text.size() && is_ascii_digit(text[position])) {
          value = position - first_digit < kMaxNumberDigits ? value * 10 + (text[position] - '0')
                                                            : value;
          ++position;
        }
        const std::size_t digits = position - first_digit;
        token.parts.push_back({digits > kMaxNumberDigits ? -1 : value, first_digit, digits});
        const bool another_part = position + 1 < text.size() &&
                                  is_number_separator(text[position]) &&
                                  is_ascii_digit(text[position + 1]);
        if (!another_part) break;
        ++position;
      }
    } else {
      const text::DecodedCodePoint first = text::decode_utf8(text, position);
      if (is_word_code_point(first.code_point)) {
        token.kind = TokenKind::word;
        while (position < text.size() && !is_ascii_digit(text[position])) {
          const text::DecodedCodePoint next = text::decode_utf8(text, position);
          if (!is_word_code_point(next.code_point)) break;
          position += next.length;
        }
        token.lower = text::to_lower(text.substr(token.begin, position - token.begin));
        token.plain = text::remove_diacritics(token.lower);
        token.has_diacritics = token.plain != token.lower;
      } else {
        token.kind = TokenKind::punctuation;
        position += first.length;
        token.lower = is_dash(first.code_point)
                          ? std::string("-")
                          : std::string(text.substr(token.begin, position - token.begin));
      }
    }
    token.end = position;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

std::string normalized(std::string_view text) {
  return text::normalize_whitespace(text::compose(text));
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

// A word as it is spelt, and its letters for text typed without diacritics.
struct Keyword {
  explicit Keyword(std::string_view word) : lower(word), plain(text::remove_diacritics(word)) {}
  std::string lower;
  std::string plain;
};

// A word written with diacritics must have the right ones ("quỹ", a fund, is not "quý"); a word
// written without any matches by its letters ("quy" is "quý").
bool matches(const Token& token, const Keyword& keyword) {
  return token.kind == TokenKind::word &&
         (token.lower == keyword.lower || (!token.has_diacritics && token.plain == keyword.plain));
}

struct Phrase {
  explicit Phrase(std::string_view spelling) {
    while (!spelling.empty()) {
      const std::size_t space = spelling.find(' ');
      words.emplace_back(spelling.substr(0, space));
      spelling = space == std::string_view::npos ? std::string_view{} : spelling.substr(space + 1);
    }
  }
  std::vector<Keyword> words;
};

struct Vocabulary {
  // units
  Phrase day{"ngày"}, month{"tháng"}, quarter{"quý"}, year{"năm"}, week{"tuần"};
  // prepositions that introduce a dated expression
  Phrase before{"trước"}, at_latest{"chậm nhất"}, is{"là"}, on{"vào"}, until{"đến"},
      until_also{"tới"}, to_the_end{"hết"}, in{"trong"}, whole{"cả"}, from{"từ"}, now{"nay"};
  // "6 tháng đầu năm", "6 tháng cuối năm"
  Phrase first_part{"đầu"}, last_part{"cuối"};
  // recurrence
  Phrase regularly{"thường xuyên"}, periodically{"định kỳ"}, every{"hằng"}, every_also{"hàng"};
  // what a condition starts with; longer phrases first
  std::vector<Phrase> condition_markers{
      Phrase{"ngay sau khi"}, Phrase{"sau khi"}, Phrase{"trước khi"}, Phrase{"tùy theo"},
      Phrase{"tuỳ theo"},     Phrase{"căn cứ"},  Phrase{"theo"},      Phrase{"khi"}};
  std::vector<Phrase> connectors{Phrase{"và"}, Phrase{"hoặc"}};
};

const Vocabulary& vocabulary() {
  static const Vocabulary words;
  return words;
}

// ---------------------------------------------------------------------------------------------
// Results of the recognisers

enum class Status { no_match, match, invalid };

template <typename T>
struct Parsed {
  Status status = Status::no_match;
  T value{};
  std::size_t next = 0;  // the first token after the match
  std::string reason;    // when invalid
};

template <typename T>
Parsed<T> no_match() {
  return {};
}

template <typename T>
Parsed<T> invalid(std::string reason) {
  Parsed<T> parsed;
  parsed.status = Status::invalid;
  parsed.reason = std::move(reason);
  return parsed;
}

template <typename T>
Parsed<T> matched(T value, std::size_t next) {
  Parsed<T> parsed;
  parsed.status = Status::match;
  parsed.value = std::move(value);
  parsed.next = next;
  return parsed;
}

// A stated calendar period, possibly without its year: a day, a month, a quarter, a half, a
// run of months or a year.
struct Point {
  PeriodUnit unit = PeriodUnit::none;
  int first_month = 1;
  int last_month = 12;
  int day = 0;  // for PeriodUnit::day
  std::optional<int> year;
};

enum class Relation {
  within,  // within [start, end]
  before,  // before the start: the last allowed day is the day before
  until    // up to and including the end
};

struct DatedCore {
  Relation relation = Relation::within;
  std::optional<Point> from;  // "từ X đến Y": X
  Point point;                // the period itself, or Y of a range
};

struct RecurringCore {
  std::optional<int> per_year;
  std::optional<Point> period;
};

struct Core {
  bool recurring = false;
  DatedCore dated;
  RecurringCore recurrence;
  std::size_t begin = 0;  // token range in the stream
  std::size_t end = 0;
};

struct Range {
  std::optional<Date> start;
  std::optional<Date> end;
  PeriodUnit unit = PeriodUnit::none;
  bool year_from_context = false;
};

// Appends rather than `"'" + std::string(…)`, which GCC 12 at -O3 wrongly flags (-Wrestrict).
std::string quoted(std::string_view text) {
  const bool shortened = text.size() > kMaxQuotedBytes;
  std::size_t cut = std::min(text.size(), kMaxQuotedBytes);
  while (shortened && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) --cut;
  std::string out;
  out.reserve(cut + 8);
  out += '\'';
  out.append(text.substr(0, cut));
  if (shortened) out += "…";
  out += '\'';
  return out;
}

std::optional<Date> civil_date(int year, int month, int day) noexcept {
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  return Date(std::chrono::sys_days{ymd});
}

Date last_day_of_month(int year, int month) noexcept {
  const std::chrono::year_month_day_last last{
      std::chrono::year{year},
      std::chrono::month_day_last{std::chrono::month{static_cast<unsigned>(month)}}};
  return Date(std::chrono::sys_days{last});
}

// Coarser units are larger; a range between two units is as fine as its finer end.
int granularity(PeriodUnit unit) noexcept {
  return static_cast<int>(unit);
}

// ---------------------------------------------------------------------------------------------
// The recognisers, over a stream of tokens (the clause without its brackets, or one bracket's
// content).

class Reader {
 public:
  Reader(const Tokens& stream, std::string_view text) : stream_(stream), text_(text) {}

  [[nodiscard]] std::size_t size() const noexcept { return stream_.size(); }
  [[nodiscard]] const Token& operator[](std::size_t i) const { return stream_[i]; }

  /// The number of tokens `phrase` spans at i, 0 when it does not start there.
  [[nodiscard]] std::size_t match(std::size_t i, const Phrase& phrase) const {
    if (i + phrase.words.size() > stream_.size()) return 0;
    for (std::size_t k = 0; k < phrase.words.size(); ++k) {
      if (!matches(stream_[i + k], phrase.words[k])) return 0;
    }
    return phrase.words.size();
  }
  [[nodiscard]] bool is(std::size_t i, const Phrase& phrase) const { return match(i, phrase) > 0; }

  [[nodiscard]] bool is_punctuation(std::size_t i, std::string_view character) const {
    return i < stream_.size() && stream_[i].kind == TokenKind::punctuation &&
           stream_[i].lower == character;
  }
  [[nodiscard]] bool is_number(std::size_t i, std::size_t part_count) const {
    return i < stream_.size() && stream_[i].kind == TokenKind::number &&
           stream_[i].parts.size() == part_count;
  }
  [[nodiscard]] bool is_content(std::size_t i) const {
    return i < stream_.size() && stream_[i].kind != TokenKind::punctuation;
  }

  /// The source text of tokens [from, to): contiguous tokens as written, gaps (where a
  /// bracket was taken out) as one space.
  [[nodiscard]] std::string text_of(std::size_t from, std::size_t to) const {
    std::string out;
    std::size_t run_start = from;
    for (std::size_t k = from; k < to; ++k) {
      const bool run_ends = k + 1 == to || stream_[k + 1].index != stream_[k].index + 1;
      if (!run_ends) continue;
      if (!out.empty()) out += ' ';
      out += text_.substr(stream_[run_start].begin, stream_[k].end - stream_[run_start].begin);
      run_start = k + 1;
    }
    return out;
  }

  /// A year number: four digits within [kFirstYear, kLastYear].
  [[nodiscard]] Parsed<int> year_number(std::size_t i, std::size_t part) const {
    const NumberPart number = stream_[i].parts[part];
    if (number.value < kFirstYear || number.value > kLastYear || number.digits != 4) {
      return invalid<int>("year " + quoted(text_.substr(number.begin, number.digits)) +
                          " is outside " + std::to_string(kFirstYear) + "–" +
                          std::to_string(kLastYear));
    }
    return matched(number.value, i + 1);
  }

  /// A period or date at i. `allow_yearless_year`: "năm" alone stands for the plan's year
  /// ("trong năm", "đến hết năm"); elsewhere it is not a time expression.
  [[nodiscard]] Parsed<Point> point(std::size_t i, bool allow_yearless_year) const {
    const Vocabulary& words = vocabulary();
    if (i >= stream_.size()) return no_match<Point>();
    if (is(i, words.day)) {
      if (is_number(i + 1, 1) && is(i + 2, words.month) && is_number(i + 3, 1)) {
        return spelled_date(i);  // ngày 01 tháng 6 năm 2026
      }
      if (is_number(i + 1, 2) || is_number(i + 1, 3)) return numeric_date(i + 1, i);
      return no_match<Point>();
    }
    if (is_number(i, 2) || is_number(i, 3)) return numeric_date(i, i);
    if (is_number(i, 1) && is(i + 1, words.month) &&
        (is(i + 2, words.first_part) || is(i + 2, words.last_part)) && is(i + 3, words.year)) {
      return months_of_year(i);
    }
    if (is(i, words.quarter)) return quarter(i);
    if (is(i, words.month)) return month(i);
    if (is(i, words.year)) {
      Point year;
      year.unit = PeriodUnit::year;
      if (is_number(i + 1, 1)) {
        const Parsed<int> number = year_number(i + 1, 0);
        if (number.status != Status::match) return invalid<Point>(number.reason);
        year.year = number.value;
        return matched(year, i + 2);
      }
      if (!allow_yearless_year) return no_match<Point>();
      return matched(year, is(i + 1, words.now) ? i + 2 : i + 1);  // "năm nay": this year
    }
    return no_match<Point>();
  }

  /// A dated expression at i: [preposition] period, or "từ X đến Y". Without a preposition
  /// only at the start of the clause, where a period cannot be qualifying a noun
  /// ("kế hoạch năm 2026", "Quyết định … ngày 15/3/2026").
  [[nodiscard]] Parsed<DatedCore> dated(std::size_t i, bool at_start) const {
    const Vocabulary& words = vocabulary();
    DatedCore core;
    std::size_t k = i;
    bool allow_yearless_year = false;
    if (is(i, words.from)) return range(i);
    if (is(k, words.before)) {
      core.relation = Relation::before;
      ++k;
    } else if (const std::size_t length = match(k, words.at_latest)) {
      core.relation = Relation::until;
      k += length;
      if (is(k, words.is)) ++k;
      if (is(k, words.on)) ++k;
      if (is(k, words.before)) {
        core.relation = Relation::before;
        ++k;
      }
    } else if (is(k, words.until) || is(k, words.until_also)) {
      core.relation = Relation::until;
      ++k;
      if (is(k, words.to_the_end)) ++k;
      allow_yearless_year = true;
    } else if (is(k, words.to_the_end)) {
      core.relation = Relation::until;
      ++k;
      allow_yearless_year = true;
    } else if (is(k, words.in) || is(k, words.on)) {
      core.relation = Relation::within;
      ++k;
      if (is(k, words.whole)) ++k;
      allow_yearless_year = true;
    } else if (!at_start) {
      return no_match<DatedCore>();
    }
    const Parsed<Point> period = point(k, allow_yearless_year);
    if (period.status != Status::match) {
      return period.status == Status::invalid ? invalid<DatedCore>(period.reason)
                                              : no_match<DatedCore>();
    }
    core.point = period.value;
    return matched(core, period.next);
  }

  /// A recurrence at i: "thường xuyên", "định kỳ [hằng quý | 6 tháng]", "hằng năm", … and
  /// optionally the period it runs in ("trong năm 2026").
  [[nodiscard]] Parsed<RecurringCore> recurring(std::size_t i) const {
    const Vocabulary& words = vocabulary();
    RecurringCore core;
    std::size_t k = i;
    bool periodically = false;
    if (const std::size_t length = match(k, words.regularly)) {
      k += length;
    } else if (const std::size_t periodic_length = match(k, words.periodically)) {
      k += periodic_length;
      periodically = true;
    }
    if (is(k, words.every) || is(k, words.every_also)) {
      if (is(k + 1, words.year)) core.per_year = 1;
      if (is(k + 1, words.quarter)) core.per_year = 4;
      if (is(k + 1, words.month)) core.per_year = 12;
      // weeks and days per year depend on the year and on working days: not stated
      if (core.per_year || is(k + 1, words.week) || is(k + 1, words.day)) k += 2;
    } else if (periodically && is_number(k, 1) && is(k + 1, words.month) &&
               !is(k + 2, words.first_part) && !is(k + 2, words.last_part)) {
      const int months = stream_[k].parts[0].value;  // "định kỳ 6 tháng"
      if (months < 1 || months > 12 || 12 % months != 0) {
        return invalid<RecurringCore>("a period of " + quoted(text_of(k, k + 2)) +
                                      " does not divide the year");
      }
      core.per_year = 12 / months;
      k += 2;
    }
    if (k == i) return no_match<RecurringCore>();
    std::size_t within = is_punctuation(k, ",") ? k + 1 : k;
    if (is(within, words.in)) {
      ++within;
      if (is(within, words.whole)) ++within;
      const Parsed<Point> period = point(within, true);
      if (period.status == Status::invalid) return invalid<RecurringCore>(period.reason);
      if (period.status == Status::match) {
        core.period = period.value;
        k = period.next;
      }
    }
    return matched(core, k);
  }

 private:
  [[nodiscard]] Parsed<Point> day_point(std::size_t first, std::size_t last, int day, int month,
                                        std::optional<int> year) const {
    // Without the year, 29/02 waits for the year that will be filled in.
    const bool possible =
        year ? civil_date(*year, month, day).has_value() : civil_date(2024, month, day).has_value();
    if (!possible) return invalid<Point>(quoted(text_of(first, last)) + " is not a real date");
    Point point;
    point.unit = PeriodUnit::day;
    point.first_month = point.last_month = month;
    point.day = day;
    point.year = year;
    return matched(point, last);
  }

  // d/m/yyyy or d/m at `number`; `first` is where the expression starts ("ngày" or the number).
  [[nodiscard]] Parsed<Point> numeric_date(std::size_t number, std::size_t first) const {
    const std::vector<NumberPart>& parts = stream_[number].parts;
    if (parts[0].digits > 2 || parts[1].digits > 2) return no_match<Point>();  // "2026-2030"
    std::optional<int> year;
    if (parts.size() == 3) {
      const Parsed<int> parsed = year_number(number, 2);
      if (parsed.status != Status::match) return invalid<Point>(parsed.reason);
      year = parsed.value;
    }
    return day_point(first, number + 1, parts[0].value, parts[1].value, year);
  }

  // ngày 01 tháng 6 [năm 2026]
  [[nodiscard]] Parsed<Point> spelled_date(std::size_t i) const {
    std::optional<int> year;
    std::size_t next = i + 4;
    if (is(next, vocabulary().year) && is_number(next + 1, 1)) {
      const Parsed<int> parsed = year_number(next + 1, 0);
      if (parsed.status != Status::match) return invalid<Point>(parsed.reason);
      year = parsed.value;
      next += 2;
    }
    return day_point(i, next, stream_[i + 1].parts[0].value, stream_[i + 3].parts[0].value, year);
  }

  // "6 tháng đầu năm [2026]": the first or last n months of a year.
  [[nodiscard]] Parsed<Point> months_of_year(std::size_t i) const {
    const int months = stream_[i].parts[0].value;
    if (months < 1 || months > 12) {
      return invalid<Point>(quoted(text_of(i, i + 4)) + " is not a part of a year");
    }
    Point point;
    point.unit = months == 6   ? PeriodUnit::half_year
                 : months == 3 ? PeriodUnit::quarter
                               : PeriodUnit::month;
    const bool first_part = is(i + 2, vocabulary().first_part);
    point.first_month = first_part ? 1 : 13 - months;
    point.last_month = first_part ? months : 12;
    std::size_t next = i + 4;
    if (is_number(next, 1)) {
      const Parsed<int> year = year_number(next, 0);
      if (year.status != Status::match) return invalid<Point>(year.reason);
      point.year = year.value;
      ++next;
    }
    return matched(point, next);
  }

  // An optional year after a quarter or a month: "năm 2026", "/2026", "-2026".
  [[nodiscard]] Parsed<Point> with_year(Point point, std::size_t k) const {
    const bool spelled = is(k, vocabulary().year) && is_number(k + 1, 1);
    const bool joined = (is_punctuation(k, "/") || is_punctuation(k, "-")) && is_number(k + 1, 1);
    if (!spelled && !joined) return matched(point, k);
    const Parsed<int> year = year_number(k + 1, 0);
    if (year.status != Status::match) return invalid<Point>(year.reason);
    point.year = year.value;
    return matched(point, k + 2);
  }

  // quý I|II|III|IV|1–4 [năm 2026 | /2026]
  [[nodiscard]] Parsed<Point> quarter(std::size_t i) const {
    if (i + 1 >= stream_.size()) return no_match<Point>();
    const Token& numeral = stream_[i + 1];
    int number = 0;
    std::size_t next = i + 2;
    std::optional<int> year;
    if (numeral.kind == TokenKind::word) {
      if (numeral.lower.find_first_not_of("ivx") != std::string::npos) return no_match<Point>();
      constexpr std::string_view kRoman[] = {"i", "ii", "iii", "iv"};
      for (int q = 1; q <= 4; ++q) {
        if (numeral.lower == kRoman[q - 1]) number = q;
      }
    } else if (numeral.kind == TokenKind::number && numeral.parts.size() <= 2) {
      number = numeral.parts[0].digits <= 2 ? numeral.parts[0].value : 0;
      if (numeral.parts.size() == 2) {  // quý 1/2026
        const Parsed<int> parsed = year_number(i + 1, 1);
        if (parsed.status != Status::match) return invalid<Point>(parsed.reason);
        year = parsed.value;
      }
    } else {
      return no_match<Point>();
    }
    if (number < 1 || number > 4) {
      return invalid<Point>(quoted(text_of(i, i + 2)) + " names no quarter (I–IV)");
    }
    Point point;
    point.unit = PeriodUnit::quarter;
    point.first_month = 3 * number - 2;
    point.last_month = 3 * number;
    point.year = year;
    return year ? matched(point, next) : with_year(point, next);
  }

  // tháng 1–12 [năm 2026 | /2026 | -2026]
  [[nodiscard]] Parsed<Point> month(std::size_t i) const {
    if (!is_number(i + 1, 1) && !is_number(i + 1, 2)) return no_match<Point>();
    const std::vector<NumberPart>& parts = stream_[i + 1].parts;
    const int number = parts[0].digits <= 2 ? parts[0].value : 0;
    if (number < 1 || number > 12) {
      return invalid<Point>(quoted(text_of(i, i + 2)) + " names no month (1–12)");
    }
    Point point;
    point.unit = PeriodUnit::month;
    point.first_month = point.last_month = number;
    if (parts.size() == 1) return with_year(point, i + 2);
    const Parsed<int> year = year_number(i + 1, 1);  // tháng 01/2026
    if (year.status != Status::match) return invalid<Point>(year.reason);
    point.year = year.value;
    return matched(point, i + 2);
  }

  // từ X đến [hết] Y, từ nay đến [hết] Y
  [[nodiscard]] Parsed<DatedCore> range(std::size_t i) const {
    const Vocabulary& words = vocabulary();
    DatedCore core;
    std::size_t k = i + 1;
    if (is(k, words.now)) {
      core.relation = Relation::until;
      ++k;
    } else {
      const Parsed<Point> from = point(k, false);
      if (from.status == Status::invalid) return invalid<DatedCore>(from.reason);
      if (from.status == Status::no_match) return no_match<DatedCore>();
      core.from = from.value;
      k = from.next;
    }
    if (!is(k, words.until) && !is(k, words.until_also)) {
      return invalid<DatedCore>("the range " + quoted(text_of(i, k)) + " has no end ('đến …')");
    }
    ++k;
    if (is(k, words.to_the_end)) ++k;
    const Parsed<Point> to = point(k, true);
    if (to.status == Status::invalid) return invalid<DatedCore>(to.reason);
    if (to.status == Status::no_match) {
      return invalid<DatedCore>("the range " + quoted(text_of(i, k)) + " has no end");
    }
    core.point = to.value;
    return matched(core, to.next);
  }

  const Tokens& stream_;
  std::string_view text_;
};

// ---------------------------------------------------------------------------------------------
// From recognised expressions to dates

struct Span {
  Date start;
  Date end;
};

Parsed<Span> span_of(const Point& point, int year) {
  if (point.unit == PeriodUnit::day) {
    const std::optional<Date> date = civil_date(year, point.first_month, point.day);
    if (!date) {
      return invalid<Span>(std::to_string(point.day) + "/" + std::to_string(point.first_month) +
                           "/" + std::to_string(year) + " is not a real date");
    }
    return matched(Span{*date, *date}, 0);
  }
  const std::optional<Date> start = civil_date(year, point.first_month, 1);
  return matched(Span{*start, last_day_of_month(year, point.last_month)}, 0);
}

std::optional<std::string> plan_year_problem(int year) {
  if (year >= kFirstYear && year <= kLastYear) return std::nullopt;
  return "the plan year " + std::to_string(year) + " is outside " + std::to_string(kFirstYear) +
         "–" + std::to_string(kLastYear);
}

const char* const kNoYear =
    "the year is not stated and no plan year was given (DeadlineContext::year)";

Parsed<Range> resolve(DatedCore core, const DeadlineContext& context) {
  Range range;
  if (core.from && !core.from->year) core.from->year = core.point.year;
  if (core.from && !core.point.year) core.point.year = core.from->year;
  for (Point* point : {&core.point, core.from ? &*core.from : nullptr}) {
    if (point == nullptr || point->year) continue;
    if (!context.year) return invalid<Range>(kNoYear);
    if (const std::optional<std::string> problem = plan_year_problem(*context.year)) {
      return invalid<Range>(*problem);
    }
    point->year = context.year;
    range.year_from_context = true;
  }
  const Parsed<Span> to = span_of(core.point, *core.point.year);
  if (to.status != Status::match) return invalid<Range>(to.reason);
  range.unit = core.point.unit;
  switch (core.relation) {
    case Relation::before:
      range.end = to.value.start - 1;
      break;
    case Relation::until:
      range.end = to.value.end;
      break;
    case Relation::within:
      range.start = to.value.start;
      range.end = to.value.end;
      break;
  }
  if (core.from) {
    const Parsed<Span> from = span_of(*core.from, *core.from->year);
    if (from.status != Status::match) return invalid<Range>(from.reason);
    range.start = from.value.start;
    if (granularity(core.from->unit) < granularity(range.unit)) range.unit = core.from->unit;
    if (*range.start > *range.end) return invalid<Range>("the range ends before it starts");
  }
  return matched(range, 0);
}

// A recurrence's period without a year has no dates: "thường xuyên trong năm" is still
// understood as recurring.
Parsed<Range> resolve(const RecurringCore& core, const DeadlineContext& context) {
  Range range;
  if (!core.period) return matched(range, 0);
  Point period = *core.period;
  if (!period.year) {
    if (!context.year) return matched(range, 0);
    if (const std::optional<std::string> problem = plan_year_problem(*context.year)) {
      return invalid<Range>(*problem);
    }
    period.year = context.year;
    range.year_from_context = true;
  }
  const Parsed<Span> span = span_of(period, *period.year);
  if (span.status != Status::match) return invalid<Range>(span.reason);
  range.start = span.value.start;
  range.end = span.value.end;
  range.unit = period.unit;
  return matched(range, 0);
}

// ---------------------------------------------------------------------------------------------
// Clauses

DeadlineClause not_understood(std::string text, std::string reason) {
  DeadlineClause clause;
  clause.kind = DeadlineKind::not_understood;
  clause.text = std::move(text);
  clause.reason = std::move(reason);
  return clause;
}

// [from, to) without punctuation at either end.
std::pair<std::size_t, std::size_t> trimmed(const Reader& reader, std::size_t from,
                                            std::size_t to) {
  while (from < to && !reader.is_content(from)) ++from;
  while (to > from && !reader.is_content(to - 1)) --to;
  return {from, to};
}

// Time words the recognisers did not take: a number next to "ngày/tháng/quý/năm/tuần"
// ("6 tháng", "02 năm", "quý V" after text), a number in date form ("15/3"), or a year on its
// own ("Quý I 2026"). "năm 2026" after a noun names a plan ("Kế hoạch năm 2026") and is allowed.
std::optional<std::string> stray_time_words(const Reader& reader, std::size_t from,
                                            std::size_t to) {
  const Vocabulary& words = vocabulary();
  for (std::size_t k = from; k < to; ++k) {
    if (reader.is_number(k, 2) || reader.is_number(k, 3)) return reader.text_of(k, k + 1);
    const bool looks_like_a_year = reader.is_number(k, 1) && reader[k].parts[0].digits == 4 &&
                                   reader[k].parts[0].value >= kFirstYear &&
                                   reader[k].parts[0].value <= kLastYear;
    if (looks_like_a_year && (k == from || !reader.is(k - 1, words.year))) {
      return reader.text_of(k, k + 1);
    }
    const bool unit = reader.is(k, words.day) || reader.is(k, words.month) ||
                      reader.is(k, words.quarter) || reader.is(k, words.year) ||
                      reader.is(k, words.week);
    if (!unit) continue;
    if (k > from && reader.is_number(k - 1, 1)) return reader.text_of(k - 1, k + 1);
    const bool number_after = k + 1 < to && reader[k + 1].kind == TokenKind::number;
    const bool roman_after = k + 1 < to && reader.is(k, words.quarter) &&
                             reader[k + 1].kind == TokenKind::word &&
                             reader[k + 1].lower.find_first_not_of("ivx") == std::string::npos;
    if (roman_after || (number_after && !reader.is(k, words.year))) {
      return reader.text_of(k, k + 2);
    }
  }
  return std::nullopt;
}

bool starts_condition(const Reader& reader, std::size_t k) {
  for (const Phrase& marker : vocabulary().condition_markers) {
    if (reader.is(k, marker)) return true;
  }
  return false;
}

// Words before or after the deadline: a condition when they start (after "và"/"hoặc") with
// a marker such as "sau khi" or "theo", an action otherwise.
struct FreeText {
  std::string action;
  std::string condition;
};

FreeText classify(const Reader& reader, std::size_t from, std::size_t to) {
  std::tie(from, to) = trimmed(reader, from, to);
  FreeText free_text;
  if (from == to) return free_text;
  std::size_t k = from;
  for (const Phrase& connector : vocabulary().connectors) {
    if (reader.is(k, connector)) k = trimmed(reader, k + 1, to).first;
  }
  if (starts_condition(reader, k)) {
    free_text.condition = reader.text_of(k, to);
  } else {
    free_text.action = reader.text_of(from, to);
  }
  return free_text;
}

void append(std::string& to, const std::string& text, std::string_view separator) {
  if (text.empty()) return;
  if (!to.empty()) to += separator;
  to += text;
}

// "ít nhất 02 Hội nghị/năm", "02 lần/năm": n (1–1000) followed by at most four words, "/năm".
std::optional<int> per_year_in(const Reader& reader, std::size_t from, std::size_t to) {
  for (std::size_t k = from; k < to; ++k) {
    if (!reader.is_number(k, 1)) continue;
    std::size_t slash = k + 1;
    while (slash < to && slash - k <= 4 && reader[slash].kind == TokenKind::word) ++slash;
    const int count = reader[k].parts[0].value;
    if (slash + 1 < to && reader.is_punctuation(slash, "/") &&
        reader.is(slash + 1, vocabulary().year) && count >= 1 && count <= 1000) {
      return count;
    }
  }
  return std::nullopt;
}

struct Bracket {
  std::size_t begin;  // token indices of the content, without the brackets
  std::size_t end;
};

class ClauseParser {
 public:
  ClauseParser(std::string_view source, const DeadlineContext& context)
      : source_(source), context_(context), text_(normalized(source)), tokens_(tokenize(text_)) {}

  DeadlineClause parse() {
    if (!split_brackets()) return fail("unbalanced brackets");
    const Reader reader(stream_, text_);
    const std::size_t first = trimmed(reader, 0, reader.size()).first;
    if (first == reader.size()) return fail("no deadline expression");

    for (const Bracket& bracket : brackets_) {
      if (std::optional<std::string> problem = read_bracket(bracket)) return fail(*problem);
    }

    std::vector<Core> cores;
    for (std::size_t k = first; k < reader.size(); ++k) {
      Core core;
      core.begin = k;
      if (const Parsed<RecurringCore> recurrence = reader.recurring(k);
          recurrence.status != Status::no_match) {
        if (recurrence.status == Status::invalid) return fail(recurrence.reason);
        core.recurring = true;
        core.recurrence = recurrence.value;
        core.end = recurrence.next;
      } else if (const Parsed<DatedCore> dated = reader.dated(k, k == first);
                 dated.status != Status::no_match) {
        if (dated.status == Status::invalid) return fail(dated.reason);
        core.dated = dated.value;
        core.end = dated.next;
      } else {
        continue;
      }
      cores.push_back(core);
      k = core.end - 1;
    }
    if (cores.size() > 1) {
      return fail("more than one deadline in one clause: " +
                  quoted(reader.text_of(cores[0].begin, cores[0].end)) + " and " +
                  quoted(reader.text_of(cores[1].begin, cores[1].end)));
    }

    const std::size_t core_begin = cores.empty() ? reader.size() : cores[0].begin;
    const std::size_t core_end = cores.empty() ? reader.size() : cores[0].end;
    for (const auto& [from, to] :
         {std::pair{first, core_begin}, std::pair{core_end, reader.size()}}) {
      if (const std::optional<std::string> stray = stray_time_words(reader, from, to)) {
        return fail("time expression not understood: " + quoted(*stray));
      }
    }

    if (cores.empty()) return without_deadline(reader, first);

    const Core& core = cores[0];
    for (const auto& [from, to] :
         {std::pair{first, core.begin}, std::pair{core.end, reader.size()}}) {
      const FreeText free_text = classify(reader, from, to);
      append(clause_.action, free_text.action, " ");
      append(clause_.condition, free_text.condition, "; ");
    }
    const Parsed<Range> range =
        core.recurring ? resolve(core.recurrence, context_) : resolve(core.dated, context_);
    if (range.status != Status::match) return fail(range.reason);
    clause_.start = range.value.start;
    clause_.end = range.value.end;
    clause_.unit = range.value.unit;
    clause_.year_from_context = range.value.year_from_context;

    if (core.recurring) {
      clause_.kind = DeadlineKind::recurring;
      if (!clause_.occurrences_per_year) clause_.occurrences_per_year = core.recurrence.per_year;
    } else if (!clause_.condition.empty()) {
      clause_.kind = DeadlineKind::conditional;
    } else {
      clause_.kind = core.dated.relation == Relation::within ? DeadlineKind::within_period
                                                             : DeadlineKind::by_date;
    }
    return finish();
  }

 private:
  // Moves bracketed content out of the token stream; false when brackets do not pair up.
  bool split_brackets() {
    std::size_t depth = 0;
    std::size_t open = 0;
    for (const Token& token : tokens_) {
      const bool opens = token.kind == TokenKind::punctuation && token.lower == "(";
      const bool closes = token.kind == TokenKind::punctuation && token.lower == ")";
      if (opens) {
        if (depth++ == 0) open = token.index;
      } else if (closes) {
        if (depth == 0) return false;
        if (--depth == 0) brackets_.push_back({open + 1, token.index});
      } else if (depth == 0) {
        stream_.push_back(token);
      }
    }
    return depth == 0;
  }

  // A bracket holds a condition ("sau khi …") or a note; a deadline inside one is not read.
  std::optional<std::string> read_bracket(const Bracket& bracket) {
    const Tokens content(tokens_.begin() + static_cast<std::ptrdiff_t>(bracket.begin),
                         tokens_.begin() + static_cast<std::ptrdiff_t>(bracket.end));
    const Reader reader(content, text_);
    const auto [from, to] = trimmed(reader, 0, reader.size());
    if (from == to) return std::nullopt;
    for (std::size_t k = from; k < to; ++k) {
      if (reader.recurring(k).status != Status::no_match ||
          reader.dated(k, k == from).status != Status::no_match) {
        return "a deadline in brackets is not read: " + quoted(reader.text_of(from, to));
      }
    }
    if (const std::optional<std::string> stray = stray_time_words(reader, from, to)) {
      return "time expression not understood: " + quoted(*stray);
    }
    const FreeText free_text = classify(reader, from, to);
    append(clause_.condition, free_text.condition, "; ");
    append(clause_.note, free_text.action, "; ");
    if (free_text.condition.empty()) {
      if (const std::optional<int> per_year = per_year_in(reader, from, to)) {
        clause_.occurrences_per_year = per_year;
      }
    }
    return std::nullopt;
  }

  // "Sau khi UBND tỉnh ban hành kế hoạch", "Thực hiện theo yêu cầu của UBND tỉnh".
  DeadlineClause without_deadline(const Reader& reader, std::size_t first) {
    std::optional<std::size_t> marker;
    for (std::size_t k = first; k < reader.size() && !marker; ++k) {
      if (starts_condition(reader, k)) marker = k;
    }
    if (!marker && clause_.condition.empty()) return fail("no deadline expression");
    const std::size_t action_end = marker ? *marker : reader.size();
    const auto [action_from, action_to] = trimmed(reader, first, action_end);
    clause_.action = reader.text_of(action_from, action_to);
    if (marker) {
      const auto [from, to] = trimmed(reader, *marker, reader.size());
      std::string condition = reader.text_of(from, to);
      append(condition, clause_.condition, "; ");
      clause_.condition = std::move(condition);
    }
    clause_.kind = DeadlineKind::conditional;
    return finish();
  }

  DeadlineClause fail(std::string reason) const {
    return not_understood(std::string(source_), std::move(reason));
  }

  DeadlineClause finish() {
    clause_.text = std::string(source_);
    return std::move(clause_);
  }

  std::string_view source_;
  const DeadlineContext& context_;
  std::string text_;  // NFC, whitespace normalised
  Tokens tokens_;
  Tokens stream_;  // tokens outside brackets
  std::vector<Bracket> brackets_;
  DeadlineClause clause_;
};

// A ',' starts a new clause when a recurrence follows: plans write "…, định kỳ báo cáo …"
// for "…; định kỳ báo cáo …".
bool starts_with_recurrence(std::string_view source) {
  const std::string text = normalized(source);
  const Tokens tokens = tokenize(text);
  const Reader reader(tokens, text);
  const std::size_t first = trimmed(reader, 0, reader.size()).first;
  return first < reader.size() && reader.recurring(first).status != Status::no_match;
}

// The clauses' source texts: split at ';' and at ',' before a recurrence, outside brackets.
std::vector<std::string_view> split_clauses(std::string_view phrase) {
  std::vector<std::pair<std::size_t, bool>> cuts;  // position of a separator, is it ';'
  std::size_t depth = 0;
  for (std::size_t i = 0; i < phrase.size(); ++i) {
    const char c = phrase[i];  // ASCII never occurs inside a multi-byte UTF-8 sequence
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    if (depth == 0 && (c == ';' || c == ',')) cuts.push_back({i, c == ';'});
  }
  std::vector<std::string_view> clauses;
  std::size_t start = 0;
  for (std::size_t k = 0; k < cuts.size(); ++k) {
    const auto [cut, hard] = cuts[k];
    const std::size_t next_cut = k + 1 < cuts.size() ? cuts[k + 1].first : phrase.size();
    if (!hard && !starts_with_recurrence(phrase.substr(cut + 1, next_cut - cut - 1))) continue;
    clauses.push_back(phrase.substr(start, cut - start));
    start = cut + 1;
  }
  clauses.push_back(phrase.substr(start));
  return clauses;
}

}  // namespace

std::string_view to_string(DeadlineKind kind) noexcept {
  switch (kind) {
    case DeadlineKind::by_date:
      return "by_date";
    case DeadlineKind::within_period:
      return "within_period";
    case DeadlineKind::recurring:
      return "recurring";
    case DeadlineKind::conditional:
      return "conditional";
    case DeadlineKind::not_understood:
      return "not_understood";
  }
  return "not_understood";
}

std::string_view to_string(PeriodUnit unit) noexcept {
  switch (unit) {
    case PeriodUnit::none:
      return "none";
    case PeriodUnit::day:
      return "day";
    case PeriodUnit::month:
      return "month";
    case PeriodUnit::quarter:
      return "quarter";
    case PeriodUnit::half_year:
      return "half_year";
    case PeriodUnit::year:
      return "year";
  }
  return "none";
}

DeadlineKind Deadline::kind() const noexcept {
  return clauses.empty() ? DeadlineKind::not_understood : clauses.front().kind;
}

std::optional<Date> Deadline::due() const noexcept {
  return clauses.empty() ? std::nullopt : clauses.front().end;
}

Deadline parse_deadline(std::string_view phrase, const DeadlineContext& context) {
  Deadline deadline;
  deadline.text = std::string(phrase);
  if (!text::is_valid_utf8(phrase)) {
    deadline.clauses.push_back(
        not_understood(std::string(text::trim_whitespace(phrase)), "not valid UTF-8"));
    return deadline;
  }
  for (const std::string_view source : split_clauses(phrase)) {
    const std::string_view clause = text::trim_whitespace(source);
    if (clause.empty()) continue;
    deadline.clauses.push_back(ClauseParser(clause, context).parse());
  }
  if (deadline.clauses.empty()) {
    deadline.clauses.push_back(
        not_understood(std::string(text::trim_whitespace(phrase)), "empty phrase"));
  }
  return deadline;
}

}  // namespace cchc::calendar
