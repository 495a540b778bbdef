"""Writes the example notebooks from the cells below (without outputs).

The notebooks are the source analysts open; this script only keeps them consistent and easy to
review as plain text. Run: python examples/notebooks/build_notebooks.py
"""

from __future__ import annotations

import pathlib

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = pathlib.Path(__file__).resolve().parent

# Every notebook starts by finding the repository root, so that it runs from any directory.
FIND_ROOT = '''import pathlib
ROOT = next(p for p in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents] if (p / "examples" / "data").is_dir())
DATA = ROOT / "examples" / "data"'''


def md(text: str) -> object:
    return new_markdown_cell(text.strip("\n"))


def code(text: str) -> object:
    return new_code_cell(text.strip("\n"))


NOTEBOOKS: dict[str, list[object]] = {}

NOTEBOOKS["01-calendar-and-due-dates"] = [
    md("""
# Working days and due dates

Every CCHC figure rests on the civil-service calendar: Monday–Friday, the public holidays of
the Labour Code 2019 (Tết for five days, Giỗ Tổ Hùng Vương on 10/3 âm lịch, …) and each year's
official schedule of swapped days off and make-up Saturdays (*làm bù*). `cchc.WorkCalendar`
knows them for 1900–2199.
"""),
    code("""
import datetime
import numpy as np
import pandas as pd
import cchc

calendar = cchc.WorkCalendar()
calendar
"""),
    md("""
## Holidays of a year

`special_days` lists holidays, compensatory days, swapped days off and make-up working days,
each with the text it comes from.
"""),
    code("""
holidays = pd.DataFrame(
    [{"date": d.date, "name": d.name, "kind": d.kind, "source": d.source} for d in calendar.special_days(2026)]
)
holidays.head(12)
"""),
    code("""
for day in ["2026-01-10", "2026-02-17", "2026-04-26"]:
    info = calendar.describe(day)
    print(day, "working" if info.working else "day off", "-", info.reason)
"""),
    md("""
## The due date of a dossier (*ngày hẹn trả*)

A procedure of N working days is due on the N-th working day after receipt. A dossier
received on Friday 2/2/2024 with 5 working days crosses Tết Giáp Thìn (8–14/2/2024):
"""),
    code("""
due = calendar.due_date(datetime.date(2024, 2, 2), 5)
assert due == datetime.date(2024, 2, 16)
due
"""),
    md("""
A supplementation pause (*tạm dừng để bổ sung hồ sơ*) from 5/2 to 6/2 moves the due date by
the working days it covers:
"""),
    code("""
calendar.due_date(datetime.date(2024, 2, 2), 5, [(datetime.date(2024, 2, 5), datetime.date(2024, 2, 6))])
"""),
    md("""
## Many dossiers at once

The calendar works on numpy arrays without a Python loop: here the due dates of the receipts
of `examples/data/dossier-receipts.csv`.
"""),
    code(FIND_ROOT),
    code("""
receipts = pd.read_csv(DATA / "dossier-receipts.csv", comment="#")
received = receipts["received"].to_numpy(dtype="datetime64[D]")
receipts["due_without_pauses"] = calendar.add_working_days(received, receipts["working_days"].to_numpy())
receipts[["id", "received", "working_days", "due_without_pauses"]].head()
"""),
    md("""
## Reporting periods and their cut-off

Decree 09/2019/NĐ-CP closes the data of a quarter on the 14th of its last month, so Quý I/2024
counts the dossiers of 15/12/2023–14/3/2024.
"""),
    code("""
q1 = cchc.Period.parse("2024-Q1")
q1.data_range("day 14"), q1.data_range("month end")
"""),
    code("""
deadline = cchc.parse_deadline("Trước ngày 15/6/2026")
deadline.kind, deadline.due
"""),
]

NOTEBOOKS["02-dossier-indicators"] = [
    md("""
# Dossier indicators from a one-stop-shop export

Provincial one-stop-shop systems (*Hệ thống thông tin giải quyết TTHC*) export dossiers as CSV
with Vietnamese headers ("Ngày tiếp nhận") and values ("Trực tuyến", "Đã giải quyết",
"29/01/2024 08:07"). `cchc.io.read_dossiers_csv` reads them as they are, validates every row
and keeps the rows it cannot use, with their line, field and reason.
"""),
    code(FIND_ROOT),
    code("""
import pandas as pd
import cchc
from cchc.io import read_dossiers_csv

dossiers = read_dossiers_csv(DATA / "dossiers-q1.csv")
dossiers
"""),
    md("""
Nothing is dropped silently: rows in = rows accepted + rows rejected.
"""),
    code("""
assert dossiers.rows_in == dossiers.rows_accepted + dossiers.rows_rejected
dossiers.rejected()
"""),
    code("""
dossiers.columns()
"""),
    md("""
## Indicators by unit and quarter

`indicators` classifies each dossier against each reporting window (Decree 09/2019 cut-off:
the 14th) and gives every indicator as value, numerator and denominator. A ratio whose
denominator is 0 is *not applicable* and shows as `<NA>`, never 0.
"""),
    code("""
table = dossiers.indicators(by=["unit", "quarter"])
table[["unit", "quarter", "received_new", "resolved", "on_time_rate",
       "on_time_rate_numerator", "on_time_rate_denominator", "online_filing_rate"]]
"""),
    code("""
cchc.indicator_definitions()[["key", "name_vi", "formula"]]
"""),
    md("""
## Reconciling the figures a unit reported

Units report their quarter in a *báo cáo* ("Tổng số hồ sơ tiếp nhận …, đúng hạn … đạt …%").
Put the reported figures next to the counts computed from the records and look at the
differences. The figures below are typed from a hypothetical report of Quý I/2024.
"""),
    code("""
q1 = dossiers.indicators("2024-Q1", by="unit").set_index("unit")
computed = pd.DataFrame({
    "total": q1["received_total"],
    "resolved": q1["resolved"],
    "on_time_percent": (q1["on_time_rate"] * 100).round(1),
})
reported = computed.copy()
reported.loc["Sở Tư pháp", "resolved"] += 2          # a report that counted two more
reported.loc["Sở Công Thương", "on_time_percent"] = 85.0   # a percentage that does not follow
comparison = pd.concat({"reported": reported.stack(), "computed": computed.stack()}, axis=1)
comparison["differs"] = comparison["reported"] != comparison["computed"]
comparison[comparison["differs"]]
"""),
    md("""
The identity that every period satisfies (each dossier has one intake and one outcome) checks
the computed counts themselves:
"""),
    code("""
intake = q1["received_new"] + q1["received_carried_over"]
outcome = q1[["resolved_early", "resolved_on_time", "resolved_late", "pending_within",
              "pending_overdue", "refused", "withdrawn"]].sum(axis=1)
assert (intake == q1["received_total"]).all() and (intake == outcome).all()
pd.DataFrame({"intake": intake, "outcome": outcome})
"""),
    md("""
The same table from the command line, for staff who do not use Python:

```bash
cchc indicators examples/data/dossiers-q1.csv --by unit,quarter --csv
```
"""),
]

NOTEBOOKS["03-plan-targets-and-tasks"] = [
    md("""
# Plan targets and tasks

A unit's yearly CCHC plan (*kế hoạch cải cách hành chính*) sets targets (*chỉ tiêu*) and tasks
(*nhiệm vụ*) with deadlines such as "Quý II năm 2026". `cchc.plan_extract` proposes them from
the plan's text; `cchc.target` judges them on a date.
"""),
    code(FIND_ROOT),
    code("""
import datetime
import pandas as pd
from cchc import target
from cchc.plan_extract import extract_plan

text = (ROOT / "tests" / "data" / "plans" / "unseen" / "department-inline-fields.txt").read_text(encoding="utf-8")
print(text[:600])
"""),
    code("""
proposal = extract_plan(text, source="department-inline-fields.txt")
proposal.title, proposal.year
"""),
    code("""
proposal.targets[["id", "line", "indicator", "comparator", "value", "unit", "deadline"]]
"""),
    code("""
proposal.tasks[["id", "line", "title", "lead", "deadline", "due"]].head(10)
"""),
    md("""
Sentences that look like targets but were not understood are listed for a person to read,
never guessed:
"""),
    code("""
proposal.not_understood
"""),
    md("""
## Status on a date

A plan file is the reviewed proposal (`target.save_plan(proposal.plan, "plan.toml")`). Here
we use the 2026 plan of the Đắk Lắk Department of Industry and Trade shipped with libcchc. Its
targets state neither a baseline nor a deadline; judging progress against elapsed time needs
both, so we add last year's figures (hypothetical here) and the plan's year to two of them.
"""),
    code("""
plan = target.load_example_plan("dak-lak-industry-trade-2026")
targets = plan.targets                      # a copy: change it, then assign it back
for item in targets:
    if item.id in ("T07", "T12"):           # on-time rate 100 %, satisfaction 98 %
        item.baseline = {"T07": 92.0, "T12": 90.0}[item.id]
        item.baseline_year = 2025
        item.set_deadline("Năm 2026", year=2026)
plan.targets = targets
[(t.id, t.indicator, t.comparator, t.value, t.baseline) for t in plan.targets][5:12]
"""),
    md("""
Values are typed in by hand here (a mapping of target id to value); `scorecard` can also take
them from a `cchc.indicators` table. Each status comes with the numbers it used.
"""),
    code("""
on = datetime.date(2026, 6, 30)
card = target.scorecard(plan, on, values={"T07": 97.5, "T12": 91.0, "T08": 100.0})
card = card[card["value"].notna()]
card[["id", "indicator", "value", "level", "progress", "elapsed", "status"]]
"""),
    code("""
for row in card.itertuples():
    print(row.id, row.status, "-", row.explanation)
"""),
    md("""
Tasks are judged by their deadline phrase ("Quý II năm 2026", "Thường xuyên"); the roll-up
counts the statuses per lead unit. The Quảng Ngãi plan states a deadline for most tasks.
"""),
    code("""
tasks = target.task_status(target.load_example_plan("quang-ngai-industry-trade-2026"), on)
tasks["status"].value_counts()
"""),
    code("""
target.rollup(tasks, by="unit").sort_values("overdue", ascending=False).head()
"""),
]

NOTEBOOKS["04-composite-index"] = [
    md("""
# A composite index

Ranking units on many indicators needs the method of the OECD/JRC *Handbook on Constructing
Composite Indicators*: normalise, weight, aggregate, then check how much the ranks depend on
the choices. `cchc.composite` does it in C++ with pandas in and out. The example is COINr's
ASEM connectivity data set (51 countries, 49 indicators), copied to `examples/data/composite/`.
"""),
    code(FIND_ROOT),
    code("""
import pandas as pd
from cchc import composite

index, data = composite.CompositeData.read_coinr(
    DATA / "composite" / "asem_iData.csv", DATA / "composite" / "asem_iMeta.csv")
index.name, len(index.indicators)
"""),
    code("""
pipeline = (composite.Pipeline().denominate().impute("em").treat()
            .normalise("min_max", lower=1, upper=100).aggregate("arithmetic"))
result = pipeline.run(data, index)
ranks = result.ranks("Index")
scores = result.scores("Index")
pd.DataFrame({"score": scores, "rank": ranks}).sort_values("rank").head(10)
"""),
    md("""
Changing one choice — the geometric mean instead of the arithmetic one — moves some units:
"""),
    code("""
geometric = (composite.Pipeline().denominate().impute("em").treat()
             .normalise("min_max", lower=1, upper=100).aggregate("geometric")).run(data, index)
moves = pd.DataFrame({"arithmetic": ranks, "geometric": geometric.ranks("Index")})
moves["shift"] = moves["geometric"] - moves["arithmetic"]
moves.sort_values("shift").head()
"""),
    md("""
## The Human Development Index

The UNDP HDI ships with libcchc (goalposts from the HDR technical notes). The values below
are illustrative, not official statistics.
"""),
    code("""
hdi = composite.Index.shipped("hdi")
countries = pd.DataFrame(
    {"LE": [74.6, 70.0], "EYS": [13.0, 12.0], "MYS": [8.5, 9.0], "GNIpc": [11000.0, 10000.0]},
    index=["Example A", "Example B"])
hdi_result = (composite.Pipeline().normalise("goalposts", upper=1.0).aggregate()
              .run(composite.CompositeData(countries), hdi))
hdi_result.scores("HDI").round(4)
"""),
]

NOTEBOOKS["05-scoring-a-self-assessment"] = [
    md("""
# Scoring a self-assessment

Each year a department scores itself against the province's CCHC index (*Bộ chỉ số*) before
the Department of Home Affairs (*Sở Nội vụ*) appraises it. `cchc.score` reads the framework and
the self-assessment, scores every criterion by its rule and explains where points were lost.
"""),
    code(FIND_ROOT),
    code("""
from cchc.score import Assessment, Framework, score, what_if

framework = Framework.shipped("department-example")
assessment = Assessment.load(DATA / "score" / "so-cong-thuong-2025.toml")
report = score(framework, assessment)
report.total, report.total_max, report.percent, report.band
"""),
    code("""
report.nodes[["code", "name", "max", "points", "branch"]].head(12)
"""),
    md("""
Findings are what an appraiser would query: a self-score above the maximum, missing evidence, a
self-score different from what the rule gives, an unanswered criterion.
"""),
    code("""
report.findings.head(10)
"""),
    code("""
report.lost_points.head(10)
"""),
    md("""
## What if?

Criterion 1.2 (completion of the year's reform plan) lost half its points at 92 %. How many
would completing the whole plan bring? `what_if` rescores one criterion without changing the
assessment:
"""),
    code("""
change = what_if(framework, assessment, "1.2", value=100.0)
round(change.total_after - report.total, 2)
"""),
]


def main() -> None:
    for name, cells in NOTEBOOKS.items():
        notebook = new_notebook(cells=cells)
        for number, cell in enumerate(notebook.cells, start=1):
            cell["id"] = f"cell-{number:02d}"  # stable ids: regenerating gives no diff
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                           "language": "python"}
        notebook.metadata["language_info"] = {"name": "python"}
        path = HERE / f"{name}.ipynb"
        nbformat.validate(notebook)
        nbformat.write(notebook, path)
        print(path.relative_to(HERE.parent.parent))


if __name__ == "__main__":
    main()
