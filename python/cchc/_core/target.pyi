"""``cchc._core.target``: plan targets, tasks and plans (bindings/target.cpp)."""

import datetime
from typing import Any

from .calendar import Deadline

class Target:
    """A target (chỉ tiêu) of a plan (docs/target/targets.md)."""

    def __init__(
        self,
        *,
        id: str,
        indicator: str,
        comparator: str = "at_least",
        value: float | None = None,
        change_percent: float | None = None,
        unit: str = "percent",
        baseline: float | None = None,
        baseline_year: int | None = None,
        higher_is_better: bool | None = None,
        deadline: str = "",
        year: int | None = None,
        title: str = "",
        area: str = "other",
        owner: str = "",
        support: list[str] = ...,
        scope_unit: str = "",
        scope_field: str = "",
        upper: float | None = None,
    ) -> None: ...
    id: str
    title: str
    indicator: str
    comparator: str
    value: float | None
    change_percent: float | None
    upper: float | None
    unit: str
    baseline: float | None
    baseline_year: int | None
    higher_is_better: bool | None
    scope_unit: str
    scope_field: str
    owner: str
    support: list[str]
    source_line: int | None
    source_text: str
    deadline: str
    area: str
    def set_deadline(self, text: str, year: int | None = None) -> None: ...
    @property
    def parsed_deadline(self) -> Deadline: ...
    @property
    def deadline_start(self) -> datetime.date | None: ...
    @property
    def deadline_due(self) -> datetime.date | None: ...
    @property
    def relative(self) -> bool: ...
    @property
    def level(self) -> float | None: ...
    @property
    def direction(self) -> int: ...

class Task:
    """A task (nhiệm vụ) of a plan: lead unit, deliverable, deadline, completion."""

    def __init__(
        self,
        *,
        id: str,
        title: str,
        lead: str = "",
        support: list[str] = ...,
        deliverable: str = "",
        deadline: str = "",
        year: int | None = None,
        completed: datetime.date | None = None,
        area: str = "other",
    ) -> None: ...
    id: str
    title: str
    lead: str
    support: list[str]
    deliverable: str
    completed: datetime.date | None
    source_line: int | None
    source_text: str
    deadline: str
    area: str
    def set_deadline(self, text: str, year: int | None = None) -> None: ...
    @property
    def parsed_deadline(self) -> Deadline: ...
    @property
    def deadline_start(self) -> datetime.date | None: ...
    @property
    def deadline_due(self) -> datetime.date | None: ...

class Plan:
    """A reform plan (kế hoạch CCHC): its targets and tasks (docs/target/plan-file.md)."""

    def __init__(
        self,
        *,
        id: str,
        title: str = "",
        issuer: str = "",
        document: str = "",
        year: int | None = None,
        source: str = "",
        targets: list[Target] = ...,
        tasks: list[Task] = ...,
    ) -> None: ...
    id: str
    title: str
    issuer: str
    document: str
    year: int | None
    source: str
    targets: list[Target]
    tasks: list[Task]
    def validate(self) -> list[Any]: ...

def load_plan(path: str) -> Plan: ...
def parse_plan(text: str, source: str = "<string>") -> Plan: ...
def format_plan(plan: Plan) -> str: ...
def save_plan(plan: Plan, path: str) -> None: ...
def load_embedded_plan(name: str) -> Plan: ...
def embedded_plans() -> list[str]: ...
def __getattr__(name: str) -> Any: ...  # evaluate, trend, scorecard kernels: typed in cchc.target
