#include "cchc/dossier/vocabulary.hpp"

#include <doctest/doctest.h>

#include "cchc/error.hpp"
#include "support.hpp"

using namespace cchc::dossier;
using cchc::test::d;

TEST_CASE("vocabulary: channels as exports write them, with or without diacritics") {
  CHECK(parse_channel("Trực tuyến").value == Channel::online);
  CHECK(parse_channel("TRUC TUYEN").value == Channel::online);
  CHECK(parse_channel("  truc tuyen ").value == Channel::online);
  CHECK(parse_channel("online").value == Channel::online);
  CHECK(parse_channel("Trực tiếp").value == Channel::in_person);
  CHECK(parse_channel("in_person").value == Channel::in_person);
  CHECK(parse_channel("in person").value == Channel::in_person);
  CHECK(parse_channel("Dịch vụ bưu chính công ích").value == Channel::postal);
  CHECK(parse_channel("BCCI").value == Channel::postal);
  CHECK(parse_channel("bcci").value == Channel::postal);
  // Decomposed marks (e + U+0302 + U+0301) as some converters write them.
  CHECK(parse_channel("Tru\xCC\x9B\xCC\xA3\x63 tuye\xCC\x82\xCC\x81n").value == Channel::online);

  const auto unknown = parse_channel("Fax");
  CHECK_FALSE(unknown.ok());
  CHECK(unknown.error.find("unknown value 'Fax'") != std::string::npos);
  CHECK(unknown.error.find("'Trực tuyến'") != std::string::npos);  // names the accepted forms
  CHECK_FALSE(parse_channel("").ok());
  CHECK_FALSE(parse_channel("   ").ok());
}

TEST_CASE("vocabulary: online service levels") {
  CHECK(parse_online_level("Toàn trình").value == OnlineLevel::full);
  CHECK(parse_online_level("toan trinh").value == OnlineLevel::full);
  CHECK(parse_online_level("Mức độ 4").value == OnlineLevel::full);
  CHECK(parse_online_level("Một phần").value == OnlineLevel::partial);
  CHECK(parse_online_level("MOT PHAN").value == OnlineLevel::partial);
  CHECK(parse_online_level("Mức độ 3").value == OnlineLevel::partial);
  CHECK(parse_online_level("Mức độ 2").value == OnlineLevel::none);
  CHECK(parse_online_level("none").value == OnlineLevel::none);
  CHECK_FALSE(parse_online_level("Mức độ 5").ok());
}

TEST_CASE("vocabulary: statuses") {
  CHECK(parse_status("Đã giải quyết").value == Status::resolved);
  CHECK(parse_status("da giai quyet").value == Status::resolved);
  CHECK(parse_status("Đã trả kết quả").value == Status::resolved);
  CHECK(parse_status("Đang giải quyết").value == Status::pending);
  CHECK(parse_status("ĐANG XỬ LÝ").value == Status::pending);
  CHECK(parse_status("Từ chối").value == Status::refused);
  CHECK(parse_status("Rút hồ sơ").value == Status::withdrawn);
  CHECK(parse_status("Công dân rút").value == Status::withdrawn);
  CHECK(parse_status("withdrawn").value == Status::withdrawn);
  const auto unknown = parse_status("Lưu trữ");
  CHECK_FALSE(unknown.ok());
  CHECK(unknown.error.find("'Đã giải quyết'") != std::string::npos);
}

TEST_CASE("vocabulary: yes/no keeps missing apart from no") {
  for (const char* yes : {"Có", "co", "CÓ", "x", "X", "1", "true", "TRUE", "yes", "Đã"}) {
    CAPTURE(yes);
    CHECK(parse_yes_no(yes).value == TriState::yes);
  }
  for (const char* no : {"Không", "khong", "0", "false", "no", "Chưa"}) {
    CAPTURE(no);
    CHECK(parse_yes_no(no).value == TriState::no);
  }
  CHECK_FALSE(parse_yes_no("").ok());  // the reader turns blank into missing, not into "no"
  CHECK_FALSE(parse_yes_no("2").ok());
  CHECK_FALSE(parse_yes_no("có thể").ok());
}

TEST_CASE("vocabulary: satisfaction ratings and words") {
  CHECK(parse_satisfaction("5").value == 5);
  CHECK(parse_satisfaction("1").value == 1);
  CHECK(parse_satisfaction("4.0").value == 4);
  CHECK(parse_satisfaction("Rất hài lòng").value == 5);
  CHECK(parse_satisfaction("Hài lòng").value == 4);
  CHECK(parse_satisfaction("binh thuong").value == 3);
  CHECK(parse_satisfaction("Không hài lòng").value == 2);
  CHECK(parse_satisfaction("Rất không hài lòng").value == 1);
  CHECK_FALSE(parse_satisfaction("0").ok());
  CHECK(parse_satisfaction("6").error.find("outside 1–5") != std::string::npos);
  CHECK_FALSE(parse_satisfaction("4.5").ok());
  CHECK_FALSE(parse_satisfaction("tốt").ok());
}

TEST_CASE("vocabulary: working days") {
  CHECK(parse_working_days("5").value == 5);
  CHECK(parse_working_days("0").value == 0);
  CHECK(parse_working_days("15.0").value == 15);
  CHECK(parse_working_days("5 ngày").value == 5);
  CHECK(parse_working_days("5 ngày làm việc").value == 5);
  CHECK(parse_working_days("5 NGAY LAM VIEC").value == 5);
  CHECK_FALSE(parse_working_days("-1").ok());
  CHECK_FALSE(parse_working_days("năm").ok());
  CHECK_FALSE(parse_working_days("2.5").ok());
  CHECK_FALSE(parse_working_days("100001").ok());
}

TEST_CASE("vocabulary: dates in the forms offices use") {
  CHECK(parse_date_time("02/01/2024").value->date == d(2024, 1, 2));
  CHECK(parse_date_time("2/1/2024").value->date == d(2024, 1, 2));
  CHECK(parse_date_time("02-01-2024").value->date == d(2024, 1, 2));
  CHECK(parse_date_time("02.01.2024").value->date == d(2024, 1, 2));
  CHECK(parse_date_time("2024-01-02").value->date == d(2024, 1, 2));
  CHECK(parse_date_time("2024/01/02").value->date == d(2024, 1, 2));
  CHECK(parse_date_time(" 31/12/2023 ").value->date == d(2023, 12, 31));
  CHECK_FALSE(parse_date_time("02/01/2024").value->hour.has_value());

  SUBCASE("with a time: the hour feeds the afternoon cut-off") {
    const auto morning = parse_date_time("02/01/2024 08:30");
    REQUIRE(morning.ok());
    CHECK(morning.value->date == d(2024, 1, 2));
    CHECK(morning.value->hour == 8);
    CHECK(morning.value->minute == 30);
    CHECK(parse_date_time("2024-01-02 16:05:59").value->hour == 16);
    CHECK(parse_date_time("2024-01-02T16:05:59").value->hour == 16);
    CHECK(parse_date_time("2024-01-02T16:05:59.123+07:00").value->hour == 16);
    CHECK(parse_date_time("02/01/2024 08h30").value->hour == 8);
    CHECK(parse_date_time("02/01/2024 2:30 CH").value->hour == 14);
    CHECK(parse_date_time("02/01/2024 12:10 SA").value->hour == 0);
    CHECK(parse_date_time("02/01/2024 03:00:00 PM").value->hour == 15);
    CHECK_FALSE(parse_date_time("02/01/2024 25:00").ok());
    CHECK_FALSE(parse_date_time("02/01/2024 08:3").ok());
    CHECK_FALSE(parse_date_time("02/01/2024 sáng").ok());
  }

  SUBCASE("Excel serial day numbers (1900 system)") {
    CHECK(parse_date_time("45292").value->date == d(2024, 1, 1));
    CHECK(parse_date_time("18264").value->date == d(1950, 1, 1));
    CHECK(parse_date_time("73415").value->date == d(2100, 12, 31));
    const auto with_time = parse_date_time("45292.354166667");
    REQUIRE(with_time.ok());
    CHECK(with_time.value->date == d(2024, 1, 1));
    CHECK(with_time.value->hour == 8);
    CHECK(with_time.value->minute == 30);
    CHECK(parse_date_time("45292.0").value->hour == 0);
    // A year or an id in a date column is not silently a date in 1905.
    const auto year = parse_date_time("2024");
    CHECK_FALSE(year.ok());
    CHECK(year.error.find("Excel serial") != std::string::npos);
    CHECK_FALSE(parse_date_time("18263").ok());
    CHECK_FALSE(parse_date_time("73416").ok());
  }

  SUBCASE("not dates") {
    CHECK_FALSE(parse_date_time("").ok());
    CHECK_FALSE(parse_date_time("31/02/2024").ok());
    CHECK_FALSE(parse_date_time("29/02/2023").ok());
    CHECK(parse_date_time("29/02/2024").ok());
    CHECK_FALSE(parse_date_time("2024-13-01").ok());
    CHECK_FALSE(parse_date_time("01/02/24").ok());  // two-digit years are ambiguous
    CHECK_FALSE(parse_date_time("01/02-2024").ok());
    CHECK_FALSE(parse_date_time("1/2/3/2024").ok());
    CHECK_FALSE(parse_date_time("hôm qua").ok());
    const auto bad = parse_date_time("32/01/2024");
    CHECK(bad.error.find("'32/01/2024' is not a date") != std::string::npos);
    CHECK(bad.error.find("dd/mm/yyyy") != std::string::npos);
  }
}

TEST_CASE("vocabulary: hours") {
  CHECK(parse_hour("8").value == 8);
  CHECK(parse_hour("08:30").value == 8);
  CHECK(parse_hour("16:45:00").value == 16);
  CHECK(parse_hour("14h").value == 14);
  CHECK(parse_hour("0").value == 0);
  CHECK_FALSE(parse_hour("24").ok());
  CHECK_FALSE(parse_hour("").ok());
  CHECK_FALSE(parse_hour("chiều").ok());
}

TEST_CASE("vocabulary: pause intervals") {
  const auto two = parse_pauses("2024-01-02..2024-01-05; 05/02/2024..07/02/2024");
  REQUIRE(two.ok());
  REQUIRE(two.value->size() == 2);
  CHECK((*two.value)[0].requested == d(2024, 1, 2));
  CHECK((*two.value)[0].resumed == d(2024, 1, 5));
  CHECK((*two.value)[1].requested == d(2024, 2, 5));
  CHECK((*two.value)[1].resumed == d(2024, 2, 7));
  CHECK(parse_pauses("").value->empty());
  CHECK(parse_pauses(" ; ").value->empty());
  CHECK(parse_pauses("2024-01-02 .. 2024-01-05;").value->size() == 1);
  const auto no_dots = parse_pauses("2024-01-02-2024-01-05");
  CHECK_FALSE(no_dots.ok());
  CHECK(no_dots.error.find("pause 1") != std::string::npos);
  const auto bad_end = parse_pauses("2024-01-02..2024-01-05; 2024-02-01..2024-02-31");
  CHECK_FALSE(bad_end.ok());
  CHECK(bad_end.error.find("pause 2") != std::string::npos);
  CHECK(bad_end.error.find("end") != std::string::npos);
}

TEST_CASE("vocabulary: the default column mapping") {
  const ColumnMapping& mapping = ColumnMapping::defaults();
  CHECK(mapping.field_of("Mã hồ sơ") == "id");
  CHECK(mapping.field_of("MA HO SO") == "id");
  CHECK(mapping.field_of("Ngày tiếp nhận") == "received");
  CHECK(mapping.field_of("ngay tiep nhan") == "received");
  CHECK(mapping.field_of(" Ngày  tiếp\u00A0nhận ") == "received");
  CHECK(mapping.field_of("Ngày hẹn trả") == "due");
  CHECK(mapping.field_of("Thời hạn giải quyết (ngày làm việc)") == "processing_days");
  CHECK(mapping.field_of("Trạng thái") == "status");
  CHECK(mapping.field_of("Hình thức nộp") == "channel");
  CHECK(mapping.field_of("Mức độ hài lòng") == "satisfaction");
  CHECK(mapping.field_of("Tạm dừng") == "pauses");
  // The field names themselves, also spelled with spaces or capitals.
  CHECK(mapping.field_of("received_hour") == "received_hour");
  CHECK(mapping.field_of("Received hour") == "received_hour");
  CHECK(mapping.field_of("digitised_dossier") == "digitised_dossier");
  CHECK_FALSE(mapping.field_of("Ghi chú").has_value());
  CHECK_FALSE(mapping.field_of("").has_value());
  // Every field can be found through its own name.
  for (const std::string_view field : record_fields()) CHECK(mapping.field_of(field) == field);
}

TEST_CASE("vocabulary: a mapping extended or overridden by the user") {
  ColumnMapping mapping = ColumnMapping::defaults();
  mapping.add("Ngày nhận HS", "received");
  CHECK(mapping.field_of("ngay nhan hs") == "received");
  CHECK(mapping.field_of("Ngày tiếp nhận") == "received");  // still there

  mapping.add("Ngày nộp trực tuyến", "received", /*exclusive=*/true);
  CHECK(mapping.field_of("Ngày nộp trực tuyến") == "received");
  CHECK_FALSE(mapping.field_of("Ngày tiếp nhận").has_value());  // the user's column only

  mapping.add("Ghi chú", "unit");  // a header can be re-pointed
  CHECK(mapping.field_of("Ghi chú") == "unit");
  CHECK_THROWS_AS(mapping.add("X", "recieved"), cchc::Error);

  ColumnMapping empty;
  CHECK_FALSE(empty.field_of("received").has_value());
}

TEST_CASE("vocabulary: trimming cells keeps Vietnamese letters at the ends") {
  CHECK(trim_cell("  Có\u00A0") == "Có");
  CHECK(trim_cell("\u3000Đã giải quyết\t") == "Đã giải quyết");
  CHECK(trim_cell("ở") == "ở");
  CHECK(trim_cell("\u00A0\u2003") == "");
  CHECK(trim_cell("") == "");
  CHECK(trim_cell("a\xE1") == "a\xE1");  // an invalid last byte is text, not whitespace
  CHECK(is_blank(" \u00A0 "));
  CHECK_FALSE(is_blank(" x "));
}
