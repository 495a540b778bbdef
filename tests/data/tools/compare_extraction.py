"""Prints how the plan-text extractor compares with the hand-checked gold plans.

    .venv/bin/python tests/data/tools/compare_extraction.py            # both seed plans
    .venv/bin/python tests/data/tools/compare_extraction.py PLAN.txt GOLD.toml

Matching rule (the same as cchc::target::compare_extraction and tests/cpp/target/extract_test.cpp):
a proposed item matches an unused gold item of the same kind when their source lines differ by
at most 2 and, for targets, comparator and value (or change_percent) are equal; the nearest
line wins, items are taken in reading order. Precision = matched / proposed, recall =
matched / gold.
"""

from __future__ import annotations

import math
import sys
import tomllib
from pathlib import Path

import pandas as pd

from cchc.plan_extract import extract_plan_file

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "tests" / "data" / "seeds"
OWN = ROOT / "tests" / "data" / "plans" / "own"
PAIRS = [
    (SEEDS / "quang-ngai-industry-trade-cchc-plan-2026.txt",
     ROOT / "libcchc/data/plans/quang-ngai-industry-trade-2026.toml"),
    (SEEDS / "dak-lak-industry-trade-cchc-plan-2026.txt",
     ROOT / "libcchc/data/plans/dak-lak-industry-trade-2026.toml"),
] + [(text, text.with_suffix(".toml")) for text in sorted(OWN.glob("*.txt"))]
TOLERANCE = 2


def _level(item: dict) -> tuple:
    def number(v):
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)
    return (item.get("comparator"), number(item.get("value")), number(item.get("change_percent")),
            number(item.get("upper")))


def _match(proposed: list[dict], gold: list[dict], with_level: bool):
    used: set[int] = set()
    matched, extra = [], []
    for item in proposed:
        best, best_distance = None, TOLERANCE + 1
        for index, candidate in enumerate(gold):
            if index in used or (with_level and _level(item) != _level(candidate)):
                continue
            distance = abs(item["line"] - candidate["source"]["line"])
            if distance < best_distance:
                best, best_distance = index, distance
        if best is None:
            extra.append(item)
        else:
            used.add(best)
            matched.append((item, gold[best]))
    missed = [g for i, g in enumerate(gold) if i not in used]
    return matched, missed, extra


def _ratio(a: int, b: int) -> str:
    return "n/a" if b == 0 else f"{a}/{b} = {a / b:.3f}"


#: Fields compared on matched items: (proposed column, gold key). A gold list states a field
#: only where the plan does; an absent gold field must be absent in the proposal too.
FIELDS = {
    "target": [("unit", "unit"), ("baseline_year", "baseline_year"), ("deadline", "deadline")],
    "task": [("lead", "lead"), ("support", "support"), ("deadline", "deadline")],
}


def _field(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (list, tuple)):
        return list(value) or None
    if isinstance(value, str):
        return value or None
    return value


def field_disagreements(kind: str, matched: list) -> list[str]:
    """The fields of matched items that differ from the gold list, as "N03 lead: 'a' != 'b'"."""
    problems = []
    for proposed, gold in matched:
        for column, key in FIELDS[kind]:
            if _field(proposed.get(column)) != _field(gold.get(key)):
                problems.append(f"{gold['id']} {key}: {_field(proposed.get(column))!r} "
                                f"!= gold {_field(gold.get(key))!r}")
    return problems


def compare(plan_text: Path, gold_file: Path) -> tuple[int, int, int, int, int, int]:
    result = extract_plan_file(plan_text)
    gold = tomllib.loads(gold_file.read_text(encoding="utf-8"))
    totals = []
    print(f"== {plan_text.name} vs {gold_file.name}")
    for kind, frame, with_level in (("target", result.targets, True), ("task", result.tasks, False)):
        records = [{k: (None if v is None or v is pd.NA else v) for k, v in row.items()}
                   for row in frame.to_dict("records")]
        matched, missed, extra = _match(records, gold.get(kind, []), with_level)
        print(f"  {kind}s: precision {_ratio(len(matched), len(records))}, "
              f"recall {_ratio(len(matched), len(gold.get(kind, [])))}")
        for item in missed:
            print(f"    missed {item['id']} line {item['source']['line']}: {item['title']}")
        for item in extra:
            print(f"    extra  {item['id']} line {item['line']}: {item['title']}")
        fields = field_disagreements(kind, matched)
        checked = len(matched) * len(FIELDS[kind])
        print(f"    fields ({', '.join(k for _, k in FIELDS[kind])}) agree on "
              f"{checked - len(fields)} of {checked}")
        for problem in fields:
            print(f"      differs: {problem}")
        totals += [len(matched), len(records), len(gold.get(kind, []))]
    for row in result.not_understood.to_dict("records"):
        print(f"  not understood, line {row['line']}: {row['reason']}: {row['text'][:70]}")
    return tuple(totals)  # type: ignore[return-value]


if __name__ == "__main__":
    pairs = [(Path(sys.argv[1]), Path(sys.argv[2]))] if len(sys.argv) == 3 else PAIRS
    sums = [0] * 6
    for text, gold in pairs:
        sums = [a + b for a, b in zip(sums, compare(text, gold))]
    print(f"== overall: targets precision {_ratio(sums[0], sums[1])}, recall {_ratio(sums[0], sums[2])}; "
          f"tasks precision {_ratio(sums[3], sums[4])}, recall {_ratio(sums[3], sums[5])}")
