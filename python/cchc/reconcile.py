"""Reconciliation of the dossier figures a report states (``cchc.dossier.reconcile``).

A quarterly report states aggregates ("Tổng số hồ sơ đã tiếp nhận: 6.086, trong đó mới tiếp
nhận 6.063 …"); ``reconcile`` checks them against each other (total = new + carried over, new
= online + in person or by post, total = resolved + pending, resolved = early + on time +
late, pending = within + overdue) and each stated percentage against its numerator and
denominator; ``compare`` checks them against the counts computed from the dossier records.
Both run the C++ rules of cchc/dossier/reconcile.hpp (docs/dossier/indicators.md,
"Reconciliation"); this module gives them typed Python values.

>>> reported = ReportedFigures(total=6086, received_new=6063, carried_over=23,
...                            online=5626, in_person_or_postal=437)
>>> reconcile(reported)
[]
>>> reported.total = 6087
>>> [item.identity for item in reconcile(reported)]
['total = received_new + carried_over']
>>> share = StatedPercentage("online", 69.6, 1, numerator=5626, denominator=8086,
...                          numerator_figure="online", denominator_figure="total")
>>> [item.kind for item in reconcile(ReportedFigures(total=6086, online=5626,
...                                                  percentages=[share]))]
['percentage_part_mismatch', 'percentage_mismatch']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from . import _core

_native = _core.dossier

FigureKey = Literal[
    "total", "received_new", "carried_over", "online", "in_person_or_postal", "resolved",
    "early", "on_time", "early_or_on_time", "late", "pending", "pending_within",
    "pending_overdue", "closed_without_result",
]  # fmt: skip
InconsistencyKind = Literal[
    "sum", "parts_exceed_whole", "percentage_out_of_range", "percentage_zero_denominator",
    "percentage_mismatch", "percentage_part_mismatch", "differs_from_records",
]  # fmt: skip

#: The figures a report can state, in report order (the keys of ``ReportedFigures``).
FIGURES: tuple[str, ...] = tuple(_native.figure_keys())

#: The count columns ``compare`` and ``figures_of`` read (``Dossiers.counts()`` has them all).
COUNT_COLUMNS: tuple[str, ...] = (
    "received_new", "received_carried_over", "resolved_early", "resolved_on_time",
    "resolved_late", "pending_within", "pending_overdue", "refused", "withdrawn",
    "new_online", "new_in_person", "new_postal", "new_channel_unknown",
)  # fmt: skip


@dataclasses.dataclass
class StatedPercentage:
    """A percentage as a report writes it: ``percent`` (69.6 for "69,6 %"), the ``decimals``
    written (1; they set the rounding tolerance), the numerator and denominator when the report
    writes them ("5626/8086"), the figures they should be (``FIGURES`` keys) and where the
    report states it (``source``, e.g. "line 98")."""

    label: str
    percent: float
    decimals: int
    numerator: int | None = None
    denominator: int | None = None
    numerator_figure: str | None = None
    denominator_figure: str | None = None
    source: str = ""


@dataclasses.dataclass
class ReportedFigures:
    """What a report states: each figure an ``int`` or ``None`` (not stated), and its
    percentages. ``closed_without_result`` is the refused and withdrawn dossiers, when stated;
    ``early_or_on_time`` is "trước hạn và đúng hạn" stated as one figure."""

    total: int | None = None
    received_new: int | None = None
    carried_over: int | None = None
    online: int | None = None
    in_person_or_postal: int | None = None
    resolved: int | None = None
    early: int | None = None
    on_time: int | None = None
    early_or_on_time: int | None = None
    late: int | None = None
    pending: int | None = None
    pending_within: int | None = None
    pending_overdue: int | None = None
    closed_without_result: int | None = None
    percentages: list[StatedPercentage] = dataclasses.field(default_factory=list)

    def figures(self) -> dict[str, int | None]:
        """The figures as a dict, in ``FIGURES`` order (``None``: not stated)."""
        return {key: getattr(self, key) for key in FIGURES}

    @classmethod
    def from_mapping(
        cls, figures: Mapping[str, int | None], percentages: Sequence[StatedPercentage] = ()
    ) -> ReportedFigures:
        """From ``{figure key: value}``; an unknown key raises ``ValueError``."""
        unknown = sorted(set(figures) - set(FIGURES))
        if unknown:
            raise ValueError(f"unknown figures {unknown} (known: {', '.join(FIGURES)})")
        values = {key: None if value is None else _whole(key, value)
                  for key, value in figures.items()}
        return cls(**values, percentages=list(percentages))


@dataclasses.dataclass(frozen=True)
class Inconsistency:
    """One broken check. ``kind`` is a stable key (``InconsistencyKind``); ``identity`` names
    the check ("total = received_new + carried_over"); ``stated`` is the stated value and
    ``from_parts`` what its parts (or the records) give; ``figures`` are the stated figures
    involved (the whole first); ``percentage`` is the index of the percentage concerned in
    ``ReportedFigures.percentages``; ``message`` says it all in English with the numbers."""

    kind: str
    identity: str
    stated: float
    from_parts: float
    figures: tuple[str, ...]
    percentage: int | None
    message: str


def _whole(key: str, value: Any) -> int:
    if isinstance(value, bool) or int(value) != value:
        raise ValueError(f"figure '{key}' must be a whole number of dossiers, not {value!r}")
    return int(value)


def _percentage_dict(percentage: StatedPercentage) -> dict[str, Any]:
    return dataclasses.asdict(percentage)


def _inconsistencies(found: list[dict[str, Any]]) -> list[Inconsistency]:
    return [
        Inconsistency(
            kind=item["kind"], identity=item["identity"], stated=float(item["stated"]),
            from_parts=float(item["from_parts"]), figures=tuple(item["figures"]),
            percentage=item["percentage"], message=item["message"],
        )
        for item in found
    ]


def _reported(reported: ReportedFigures | Mapping[str, int | None]) -> ReportedFigures:
    if isinstance(reported, ReportedFigures):
        return reported
    return ReportedFigures.from_mapping(reported)


def reconcile(
    reported: ReportedFigures | Mapping[str, int | None], *, extra_tolerance: float = 0.0
) -> list[Inconsistency]:
    """The inconsistencies among the figures a report states, each check only as far as the
    report states its figures: with every part stated the parts must add up to the whole; with
    a part missing the stated parts must not exceed it. Each stated percentage must lie in
    0–100, match its stated numerator / denominator and the figures it names; it matches when
    within half a unit of its last written decimal ("69,6 %" covers 69.55–69.65) plus
    ``extra_tolerance`` percentage points. An empty list: consistent."""
    figures = _reported(reported)
    return _inconsistencies(
        _native.reconcile_figures(
            figures.figures(),
            [_percentage_dict(percentage) for percentage in figures.percentages],
            float(extra_tolerance),
        )
    )


def _counts(counts: Any) -> dict[str, int]:
    """The base counts of ``counts``: a mapping, a Series, or a one-row DataFrame of
    ``Dossiers.counts()``."""
    if hasattr(counts, "columns"):  # a DataFrame
        if len(counts) != 1:
            raise ValueError(
                f"compare needs the counts of one window and group, not {len(counts)} rows "
                "(select one row of Dossiers.counts())"
            )
        counts = counts.iloc[0]
    missing = [name for name in COUNT_COLUMNS if name not in counts]
    if missing:
        raise ValueError(f"the counts lack {', '.join(missing)} (use Dossiers.counts())")
    return {name: int(counts[name]) for name in COUNT_COLUMNS}


def compare(
    reported: ReportedFigures | Mapping[str, int | None], counts: Any
) -> list[Inconsistency]:
    """Each stated figure that differs from the one the dossier records give. ``counts`` are
    the counts of the report's window: a one-row ``Dossiers.counts(period)`` DataFrame, a row
    of it, or a mapping with ``COUNT_COLUMNS``."""
    figures = _reported(reported)
    return _inconsistencies(_native.compare_figures(figures.figures(), _counts(counts)))


def figures_of(counts: Any) -> ReportedFigures:
    """The figures the counts give, as a report would state them (``closed_without_result`` =
    refused + withdrawn; ``in_person_or_postal`` leaves out dossiers of unknown channel)."""
    return ReportedFigures.from_mapping(_native.figures_of(_counts(counts)))


__all__ = [
    "COUNT_COLUMNS",
    "FIGURES",
    "Inconsistency",
    "ReportedFigures",
    "StatedPercentage",
    "compare",
    "figures_of",
    "reconcile",
]
