"""The dashboard's charts as PNG images for the Word report, drawn by matplotlib without a display.

matplotlib's Figure API (not pyplot): no global state, so requests in several threads do not mix charts,
and the Agg canvas needs no display.

Readable in black and white: every bar carries its value, and the series of the years chart differ by
hatching as well as by colour.
"""

import io

from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from core.text import text_or_empty

COLOURS = ["#1f5f8b", "#c0392b", "#7f8c8d"]
HATCHES = ["", "//", ".."]
MAX_BARS = 25


def png_for(table: dict) -> bytes | None:
    """A chart of one of exports.tables(), or None for the tables that are not charted."""
    rows = table["rows"]
    if table["key"] in ("headline", "directives") or not rows:
        return None
    if table["key"] == "by_year":
        return _columns([row[0] for row in rows], table["columns"][1:], [row[1:] for row in rows])
    rows = rows[:MAX_BARS]
    return _bars([str(row[0]) for row in rows], [row[1] for row in rows])


def _save(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    return buffer.getvalue()


def _bars(labels, values) -> bytes:
    figure = Figure(figsize=(8, 0.35 * len(labels) + 1))
    axes = figure.subplots()
    positions = range(len(labels))
    bars = axes.barh(positions, values, color=COLOURS[0], edgecolor="black")
    # Names are the agencies' and units' own: cleaned, and never read as mathtext ("$...$" would raise).
    axes.set_yticks(list(positions), labels=[text_or_empty(label)[:45] for label in labels], parse_math=False)
    axes.invert_yaxis()
    axes.bar_label(bars, labels=[f"{value:,}".replace(",", ".") for value in values], padding=3)
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(x=0.15)
    return _save(figure)


def _columns(labels, series_names, rows) -> bytes:
    """New and removed models as bars on the left axis, the list's size as a line on the right axis: on one
    scale with the list's size, a year's few removals would be invisible slivers."""
    figure = Figure(figsize=(9, 4))
    axes = figure.subplots()
    changes = series_names[:-1]
    width = 0.8 / len(changes)
    handles = []
    for number, name in enumerate(changes):
        values = [row[number] for row in rows]
        positions = [index + (number - (len(changes) - 1) / 2) * width for index in range(len(labels))]
        bars = axes.bar(
            positions, values, width, label=str(name), color=COLOURS[number], hatch=HATCHES[number], edgecolor="black"
        )
        axes.bar_label(bars, labels=[f"{value:,}".replace(",", ".") for value in values], fontsize=6, padding=2)
        handles.append(bars)
    axes.set_ylabel(str(_("Recognised or removed in the year")))
    totals = axes.twinx()
    (line,) = totals.plot(range(len(labels)), [row[-1] for row in rows], color=COLOURS[-1], marker="D",
                          linestyle="--", label=str(series_names[-1]))
    totals.set_ylim(bottom=0)
    totals.set_ylabel(str(series_names[-1]))
    handles.append(line)
    axes.set_xticks(range(len(labels)), labels=labels, rotation=45 if len(labels) > 12 else 0)
    axes.legend(handles=handles, loc="upper left")
    axes.spines[["top", "right"]].set_visible(False)
    return _save(figure)
