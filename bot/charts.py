"""The `/stats` chart: articles, comments and votes per day, as a PNG. Pure: rows in, bytes out.

Uses matplotlib's object API with the Agg canvas (no pyplot, no global figure state), so it is
safe to call from a worker thread while the bot's event loop keeps answering.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.store import DailyStats

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SERIES = (
    ("articles", "Articles", "#2b6cb0"),
    ("comments", "Comments", "#2f855a"),
    ("votes", "Votes", "#c05621"),
)


def stats_chart(rows: Sequence[DailyStats], title: str) -> bytes:
    """Three bar charts sharing the day axis (their scales differ by orders of magnitude)."""
    rows = sorted(rows, key=lambda r: r.day)
    figure = Figure(figsize=(8, 6), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(title[:120])
    axes = figure.subplots(len(SERIES), 1, sharex=True)
    days = [r.day for r in rows]
    for ax, (attr, label, colour) in zip(axes, SERIES, strict=True):
        values = [int(getattr(r, attr)) for r in rows]
        ax.bar(days, values, color=colour, width=0.8)
        ax.set_ylabel(label)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
        ax.grid(axis="y", alpha=0.3)
        ax.set_ylim(bottom=0, top=max([*values, 1]) * 1.15)
        ax.set_title(f"{label}: {sum(values):,} in all", fontsize=9, loc="left")
    if not rows:
        axes[0].text(0.5, 0.5, "no data", transform=axes[0].transAxes, ha="center", va="center")
    else:
        locator = AutoDateLocator(maxticks=8)
        axes[-1].xaxis.set_major_locator(locator)
        axes[-1].xaxis.set_major_formatter(ConciseDateFormatter(locator))
    out = io.BytesIO()
    figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
