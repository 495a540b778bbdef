"""Charts of a score report with matplotlib, for notebooks and for the HTML report.

Each function returns a ``matplotlib.figure.Figure`` built without pyplot (no GUI backend is
needed, so it works headless and in a notebook, where the Figure displays itself). Pass
``ax=`` to draw into an axes of your own figure instead. :func:`figure_svg` gives the inline
SVG the HTML report embeds (text drawn as paths: no font files are needed to view it).

>>> from cchc.score import Framework, Assessment, score
>>> report = score(Framework.shipped("department-example"),
...                Assessment("department-example", answers={"3.1": {"value": 95.0}}))
>>> figure = plot_areas(report)
>>> figure_svg(figure).startswith("<svg")
True
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from .i18n import _, format_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .score import ScoreReport

#: Bar colours: points earned, points lost, self-score and appraised markers.
EARNED = "#2e7d32"
LOST = "#e0e0e0"
SELF = "#1565c0"
APPRAISED = "#ef6c00"


def _axes(ax: Axes | None, height: float) -> tuple[Figure, Axes]:
    if ax is not None:
        figure = ax.figure
        return figure, ax  # type: ignore[return-value]
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.5, height + 0.4), layout="constrained")
    return figure, figure.add_subplot()


def _number(value: Any) -> float:
    """Points as a float; pd.NA (not applicable) draws as 0-length bar."""
    try:
        import pandas as pd

        if value is None or value is pd.NA:
            return 0.0
    except ImportError:  # pragma: no cover
        pass
    return float(value)


def _number_ticks(axes: Axes) -> None:
    """The axis's numbers in the language's format (decimal comma in Vietnamese)."""
    from matplotlib.ticker import FuncFormatter

    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _position: format_number(value)))


def plot_areas(report: ScoreReport, ax: Axes | None = None) -> Figure:
    """Points per area (lĩnh vực) against its applicable maximum, with the self-score and
    appraised totals of each area as markers."""
    areas = report.areas
    figure, axes = _axes(ax, 0.45 * len(areas) + 1.3)
    labels = [f"{code}" for code in areas["code"]]
    positions = list(range(len(areas)))[::-1]
    maxima = [_number(v) for v in areas["applicable_max"]]
    points = [_number(v) for v in areas["points"]]
    axes.barh(positions, maxima, color=LOST, label=_("applicable maximum"))
    axes.barh(positions, points, color=EARNED, label=_("points"))
    axes.scatter([_number(v) for v in areas["self_points"]], positions, marker="|", s=220,
                 color=SELF, label=_("self-scored"), zorder=3)
    axes.scatter([_number(v) for v in areas["appraised_points"]], positions, marker="x",
                 color=APPRAISED, label=_("appraised"), zorder=3)
    for position, earned, maximum in zip(positions, points, maxima):
        axes.text(maximum, position, f" {format_number(earned)}/{format_number(maximum)}",
                  va="center", fontsize=8)
    axes.set_yticks(positions, labels)
    _number_ticks(axes)
    axes.set_xlabel(_("points"))
    axes.set_title(_("Points by area"))
    axes.set_xlim(0, max(maxima + [1.0]) * 1.25)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=4, fontsize=7,
                frameon=False)
    return figure


def plot_lost_points(report: ScoreReport, top: int = 10, ax: Axes | None = None) -> Figure:
    """The `top` leaves whose full points would add most to the total (``total_gain``)."""
    lost = report.lost_points.head(top)
    figure, axes = _axes(ax, 0.4 * max(len(lost), 1) + 1.3)
    if lost.empty:
        axes.text(0.5, 0.5, _("No points lost"), ha="center", va="center",
                  transform=axes.transAxes)
        axes.set_axis_off()
        return figure
    positions = list(range(len(lost)))[::-1]
    gains = [_number(v) for v in lost["total_gain"]]
    axes.barh(positions, gains, color="#c62828")
    for position, gain in zip(positions, gains):
        axes.text(gain, position, f" {format_number(gain)}", va="center", fontsize=8)
    axes.set_yticks(positions, list(lost["code"]))
    _number_ticks(axes)
    axes.set_xlabel(_("points the total would gain"))
    axes.set_title(_("Points lost (most first)"))
    axes.set_xlim(0, max(gains) * 1.2)
    return figure


def figure_svg(figure: Figure) -> str:
    """The figure as an inline ``<svg>`` element (no XML prolog, deterministic ids)."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "cchc"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


__all__ = ["figure_svg", "plot_areas", "plot_lost_points"]
