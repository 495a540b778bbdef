"""Writes examples/data/dossiers-q1.csv: a synthetic one-stop-shop export for Quý I/2024.

Synthetic, seeded and reproducible: ``python examples/data/generate_dossiers_q1.py``. It looks
like an export of a provincial "Hệ thống thông tin giải quyết TTHC" (Vietnamese headers and
values, dd/mm/yyyy dates with times, a UTF-8 BOM as Excel writes "CSV UTF-8"), covers the data
range of Quý I/2024 under Decree 09/2019 (15/12/2023–14/03/2024) and keeps a few bad rows on
purpose (a resolution before receipt, an unknown channel, an impossible date, a duplicate id),
so that the reader's rejections can be seen. Only the standard library is used.
"""

from __future__ import annotations

import csv
import datetime as dt
import pathlib
import random

SEED = 20240314
ROWS = 360
OUT = pathlib.Path(__file__).resolve().parent / "dossiers-q1.csv"

HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Đơn vị giải quyết",
    "Lĩnh vực",
    "Mã TTHC",
    "Hình thức nộp",
    "Mức độ DVC trực tuyến",
    "Trạng thái",
    "Ngày tiếp nhận",
    "Thời hạn giải quyết",
    "Ngày hẹn trả",
    "Ngày giải quyết",
    "Ngày trả kết quả",
    "Số hóa hồ sơ",
    "Kết quả điện tử",
    "Có phí, lệ phí",
    "Thanh toán trực tuyến",
    "Mức độ hài lòng",
    "Ghi chú",
]

# unit → (field, procedure code, working days, fee)
PROCEDURES = {
    "Sở Công Thương": [
        ("Lưu thông hàng hóa trong nước", "2.000633", 10, True),
        ("Điện", "2.001266", 7, False),
        ("An toàn thực phẩm", "2.000591", 15, True),
    ],
    "Sở Tư pháp": [
        ("Lý lịch tư pháp", "2.000488", 10, True),
        ("Quốc tịch", "1.001942", 20, True),
    ],
    "Sở Kế hoạch và Đầu tư": [
        ("Thành lập và hoạt động của doanh nghiệp", "2.001610", 3, False),
        ("Đầu tư tại Việt Nam", "1.009645", 15, False),
    ],
    "UBND huyện Tân Phú": [
        ("Hộ tịch", "1.001193", 5, False),
        ("Chứng thực", "2.000815", 1, True),
    ],
}
CHANNELS = [("Trực tuyến", 0.55), ("Trực tiếp", 0.38), ("Dịch vụ bưu chính công ích", 0.07)]
LEVELS = ["Toàn trình", "Một phần", ""]
RATINGS = ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", ""]


def add_working_days(start: dt.date, days: int) -> dt.date:
    # Weekends only: the example need not be exact about holidays (the reader computes due
    # dates itself from "Thời hạn giải quyết" when "Ngày hẹn trả" is blank).
    date = start
    while days > 0:
        date += dt.timedelta(days=1)
        if date.weekday() < 5:
            days -= 1
    return date


def weighted(rng: random.Random, choices: list[tuple[str, float]]) -> str:
    return rng.choices([value for value, _ in choices], [weight for _, weight in choices])[0]


def vn(date: dt.date) -> str:
    return date.strftime("%d/%m/%Y")


def main() -> None:
    rng = random.Random(SEED)
    first = dt.date(2023, 12, 1)  # some dossiers are carried over from before the window
    extracted = dt.date(2024, 3, 20)
    rows: list[list[str]] = []
    for number in range(1, ROWS + 1):
        unit = rng.choice(list(PROCEDURES))
        field, code, days, fee = rng.choice(PROCEDURES[unit])
        received = first + dt.timedelta(days=rng.randrange(0, 100))
        while received.weekday() >= 5:
            received += dt.timedelta(days=1)
        hour = rng.choice([7, 8, 9, 10, 11, 13, 14, 15, 16])
        due = add_working_days(received, days)
        channel = weighted(rng, CHANNELS)
        level = rng.choice(LEVELS) if channel == "Trực tuyến" else ""
        outcome = rng.random()
        lateness = rng.choice([-2, -1, 0, 0, 0, 1, 3])
        closed = add_working_days(received, max(0, days + lateness))
        status, resolved, returned = "Đang giải quyết", "", ""
        if closed <= extracted:
            if outcome < 0.03:
                status, resolved = "Từ chối", vn(closed)
            elif outcome < 0.05:
                status, resolved = "Công dân rút hồ sơ", vn(closed)
            else:
                status, resolved = "Đã giải quyết", vn(closed)
                returned = vn(closed + dt.timedelta(days=rng.choice([0, 0, 1, 2])))
        rows.append(
            [
                str(number),
                f"{code.replace('.', '')}-{received:%y%m%d}-{number:04d}",
                unit,
                field,
                code,
                channel,
                level,
                status,
                f"{vn(received)} {hour:02d}:{rng.randrange(60):02d}",
                str(days),
                vn(due) if rng.random() < 0.6 else "",
                resolved,
                returned,
                rng.choice(["Có", "Có", "Không", ""]),
                rng.choice(["Có", "Không", ""]) if status == "Đã giải quyết" else "",
                "Có" if fee else "Không",
                rng.choice(["Có", "Không"]) if fee and channel == "Trực tuyến" else "",
                rng.choice(RATINGS) if status == "Đã giải quyết" else "",
                "",
            ]
        )
    # A few bad rows, as real exports have them.
    rows[40][11] = vn(dt.date(2023, 11, 30))  # resolved before receipt
    rows[40][7] = "Đã giải quyết"
    rows[40][18] = "ngày giải quyết nhập sai"
    rows[90][5] = "Fax"
    rows[90][18] = "kênh không có trong danh mục"
    rows[150][8] = "30/02/2024 08:00"
    rows[150][18] = "ngày không tồn tại"
    rows[200][1] = rows[199][1]
    rows[200][18] = "trùng mã hồ sơ"

    with OUT.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADERS)
        writer.writerows(rows)


if __name__ == "__main__":
    main()
