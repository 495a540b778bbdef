"""Deadline phrases from Python, including every phrase of the seed plans."""

from __future__ import annotations

import datetime as dt
import pathlib
import re

import pytest

import cchc

SEEDS = pathlib.Path(__file__).resolve().parents[1] / "data" / "seeds"


def test_issue_examples() -> None:
    q1 = cchc.parse_deadline("Quý I năm 2026")
    assert (q1.kind, q1.primary.start, q1.due) == ("within_period", dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert q1.primary.unit == "quarter"
    before = cchc.parse_deadline("Trước ngày 01/6/2026")
    assert (before.kind, before.primary.start, before.due) == ("by_date", None, dt.date(2026, 5, 31))
    conditional = cchc.parse_deadline("Quý IV năm 2026 (sau khi được Chủ tịch UBND tỉnh ban hành Kế hoạch)")
    assert conditional.kind == "conditional"
    assert conditional.primary.condition == "sau khi được Chủ tịch UBND tỉnh ban hành Kế hoạch"
    conferences = cchc.parse_deadline("Năm 2026 (ít nhất 02 Hội nghị/năm)")
    assert conferences.kind == "within_period" and conferences.primary.occurrences_per_year == 2
    assert conferences.due == dt.date(2026, 12, 31)
    assert cchc.parse_deadline("Tháng 02/2024").due == dt.date(2024, 2, 29)


def test_year_from_the_plan_and_compound_phrases() -> None:
    without = cchc.parse_deadline("Thường xuyên trong năm.")
    assert without.kind == "recurring" and without.due is None
    with_year = cchc.parse_deadline("Thường xuyên trong năm.", year=2026)
    assert with_year.due == dt.date(2026, 12, 31) and with_year.primary.year_from_context
    compound = cchc.parse_deadline("Quý I năm 2026 ban hành kế hoạch; định kỳ báo cáo kết quả thực hiện theo quy định.")
    assert [c.kind for c in compound.clauses] == ["within_period", "recurring"]
    assert compound.clauses[0].action == "ban hành kế hoạch"


@pytest.mark.parametrize("phrase", ["", "xin chào", "Quý V năm 2026", "Trước ngày 31/02/2026", "Tháng 13/2026"])
def test_not_understood_is_never_a_guess(phrase: str) -> None:
    deadline = cchc.parse_deadline(phrase)
    assert deadline.kind == "not_understood"
    assert deadline.due is None and deadline.primary.reason
    assert deadline.text == phrase


def test_every_seed_phrase_is_read() -> None:
    pattern = re.compile(r"thời gian (thực hiện|hoàn thành)[^:]*:(.*)", re.IGNORECASE)
    phrases = [
        match.group(2).strip()
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if (match := pattern.search(line))
    ]
    assert len(phrases) == 41
    for phrase in phrases:
        deadline = cchc.parse_deadline(phrase, year=2026)
        assert deadline.kind != "not_understood", phrase
        for clause in deadline.clauses:
            if clause.start is not None:
                assert clause.end is not None and clause.start <= clause.end
