"""Figures for reports: read well on a slide and in print, safe for colour-blind readers.

Every function returns a :class:`Figure` (PNG bytes + alternative text); reports embed it
as a ``data:`` URI, so a report opens offline and is one file. Large fonts, the
Okabe-Ito palette (distinguishable with every common colour-vision deficiency) and
``cividis`` for intensities. Labels come in the report's language from the caller.

Example:
    >>> fig = bars({"Eenzaamheid": 0.4, "Zingeving": 0.2}, title="")   # doctest: +SKIP
    >>> fig.data_uri[:22]                                                  # doctest: +SKIP
    'data:image/png;base64,'
"""

from __future__ import annotations

import base64
import io
import textwrap
from dataclasses import dataclass
from typing import Any

#: Okabe & Ito (2008), without black: colour-blind-safe categorical colours
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
FONT = 16
RC = {
    "font.size": FONT,
    "axes.titlesize": FONT + 4,
    "axes.labelsize": FONT,
    "xtick.labelsize": FONT - 2,
    "ytick.labelsize": FONT - 2,
    "legend.fontsize": FONT - 2,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "svg.fonttype": "none",
}


@dataclass(frozen=True)
class Figure:
    """A rendered figure: PNG bytes and a text alternative for screen readers."""

    png: bytes
    alt: str

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")

    def _repr_png_(self) -> bytes:
        return self.png


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _render(fig: Any, alt: str) -> Figure:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", facecolor="white")
    _plt().close(fig)
    return Figure(buf.getvalue(), alt)


def _wrap(label: str, width: int = 22) -> str:
    """A label over lines of about ``width`` characters, broken between words only (a long
    word such as "Voorzorgcirkels" stays whole on a line of its own, never "Voorzorgcirkel/s")."""
    return "\n".join(textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False)) or label


def bars(values: dict[str, float], *, xlabel: str = "", percent: bool = True, alt: str = "", annotations: dict[str, str] | None = None) -> Figure:
    """Horizontal bars, largest on top; ``annotations`` replace the value printed at a bar's
    end (e.g. "75% (3 van 4)", the count and base next to the share)."""
    plt = _plt()
    items = sorted(values.items(), key=lambda kv: kv[1])
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(10, 0.55 * len(items) + 1.2))
        ax.barh([_wrap(k, 40) for k, _ in items], [v * (100 if percent else 1) for _, v in items], color=PALETTE[0])
        for i, (k, v) in enumerate(items):
            shown = (annotations or {}).get(k) or (f"{v * 100:.0f}%" if percent else f"{v:g}")
            ax.text(v * (100 if percent else 1), i, " " + shown, va="center", fontsize=FONT - 2)
        ax.set_xlabel(xlabel)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, max([v * (100 if percent else 1) for _, v in items] + [1]) * (1.35 if annotations else 1.15))
        from matplotlib.ticker import MaxNLocator, PercentFormatter

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if percent:
            ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
        return _render(fig, alt)


def spider(series: dict[str, list[float]], labels: list[str], *, alt: str = "", large: bool = False) -> Figure:
    """A spider-web (radar) chart: one polygon per series, values are shares 0..1.

    ``large``: one bigger chart for many series (every initiative in one web, told apart
    by colour and line style), instead of a grid of small webs nobody can read on a slide.
    """
    import numpy as np

    plt = _plt()
    n = len(labels)
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False).tolist()
    angles += angles[:1]
    top = max([max(v) for v in series.values() if v] + [0.1])
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(11, 10) if large else (8.5, 7.5), subplot_kw={"polar": True})
        styles = ["-", "--", ":", "-."]
        for i, (name, values) in enumerate(series.items()):
            vals = [v * 100 for v in values] + [values[0] * 100]
            ax.plot(angles, vals, styles[i % len(styles)], color=PALETTE[i % len(PALETTE)], linewidth=3, label=name)
            if not large or i == 0:
                ax.fill(angles, vals, color=PALETTE[i % len(PALETTE)], alpha=0.18 if i == 0 and not large else 0.06)
        ax.set_xticks(angles[:-1])
        ax.set_xticklabels([_wrap(lab, 16) for lab in labels])
        ax.set_ylim(0, top * 100 * 1.1)
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0f}%"))
        ax.tick_params(axis="x", pad=14)
        ax.spines["polar"].set_color("#bbbbbb")
        if len(series) > 1:
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2 if large else min(3, len(series)), frameon=False)
        return _render(fig, alt)


def heatmap(values: list[list[float]], rows: list[str], cols: list[str], *, alt: str = "", colorbar: str = "", annotations: list[list[str]] | None = None) -> Figure:
    """Rows x columns of shares (0..1), values printed in each cell (or ``annotations``,
    e.g. "3/4": the count and its base)."""
    import numpy as np

    plt = _plt()
    arr = np.asarray(values, dtype=float)
    with plt.rc_context({**RC, "axes.spines.left": False, "axes.spines.bottom": False}):
        fig, ax = plt.subplots(figsize=(2.0 * len(cols) + 5, 0.5 * len(rows) + 2.5))
        im = ax.imshow(arr * 100, cmap="Blues", aspect="auto", vmin=0, vmax=max(1.0, float(arr.max()) * 100))
        ax.set_xticks(range(len(cols)))
        ax.set_xticklabels([_wrap(c, 14) for c in cols])
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([_wrap(r, 40) for r in rows])
        ax.tick_params(length=0)
        limit = float(arr.max()) * 100 if arr.size else 0
        for i in range(arr.shape[0]):
            for j in range(arr.shape[1]):
                v = arr[i, j] * 100
                shown = annotations[i][j] if annotations else (f"{v:.0f}" if v > 0 else "")
                if shown:
                    ax.text(j, i, shown, ha="center", va="center", fontsize=FONT - 3, color="white" if v > 0.55 * limit else "black")
        bar = fig.colorbar(im, ax=ax, fraction=0.03, pad=0.02)
        bar.set_label(colorbar)
        return _render(fig, alt)


def stacked_shares(shares: dict[str, dict[str, float]], order: list[str], *, xlabel: str = "", alt: str = "") -> Figure:
    """Per row (initiative) a 100% bar split into parts (themes), same colours across rows."""
    plt = _plt()
    rows = list(shares)
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(12, 0.7 * len(rows) + 2.5))
        left = [0.0] * len(rows)
        for k, part in enumerate(order):
            vals = [shares[r].get(part, 0.0) * 100 for r in rows]
            colour = PALETTE[k % len(PALETTE)]
            hatch = None if k < len(PALETTE) else "//"
            ax.barh(rows, vals, left=left, color=colour, hatch=hatch, label=_wrap(part, 30), edgecolor="white")
            left = [a + b for a, b in zip(left, vals)]
        ax.set_xlabel(xlabel)
        ax.set_xlim(0, 100)
        ax.invert_yaxis()
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False)
        return _render(fig, alt)


def network(sizes: dict[str, int], edges: dict[tuple[str, str], int], *, alt: str = "") -> Figure:
    """Co-occurrence network on a circle (readable labels, same picture every run):
    node size = uses, line width = times together."""
    import math

    plt = _plt()
    nodes = list(sizes)
    n = max(1, len(nodes))
    pos = {node: (math.cos(math.pi / 2 - 2 * math.pi * i / n), math.sin(math.pi / 2 - 2 * math.pi * i / n)) for i, node in enumerate(nodes)}
    top = max(sizes.values() or [1])
    wmax = max(edges.values() or [1])
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(12, 10))
        for (a, b), w in sorted(edges.items(), key=lambda kv: kv[1]):
            ax.plot([pos[a][0], pos[b][0]], [pos[a][1], pos[b][1]], color=PALETTE[0], linewidth=1 + 9 * w / wmax, alpha=0.25 + 0.5 * w / wmax, zorder=1, solid_capstyle="round")
        ax.scatter([pos[v][0] for v in nodes], [pos[v][1] for v in nodes], s=[250 + 1800 * sizes[v] / top for v in nodes], color=PALETTE[1], edgecolor="white", linewidth=2, zorder=2)
        for v in nodes:
            x, y = pos[v]
            ax.annotate(_wrap(v, 22), (x * 1.13, y * 1.13), ha="left" if x > 0.15 else "right" if x < -0.15 else "center",
                        va="bottom" if y > 0.15 else "top" if y < -0.15 else "center", fontsize=FONT - 2, zorder=3)
        ax.set_xlim(-1.75, 1.75)
        ax.set_ylim(-1.4, 1.4)
        ax.set_aspect("equal")
        ax.set_axis_off()
        return _render(fig, alt)
