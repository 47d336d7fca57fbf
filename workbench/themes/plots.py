"""Figures of themes for notebooks and reports: functions, not methods; matplotlib only.

Large fonts (readable on a slide) and the Okabe-Ito colour-blind-safe palette; a
sequential single-hue map (viridis) for the heatmap. Each function takes a fitted
:class:`TopicModel` (or a list of ThemeSummary for barchart) and returns the Figure.

Example:
    >>> fig = barchart(model)               # doctest: +SKIP
    >>> fig.savefig("themes.png")           # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Okabe & Ito (2008), distinguishable with every common colour-vision deficiency
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
FONT = 14


def _style() -> Any:
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": FONT, "axes.titlesize": FONT + 4, "axes.labelsize": FONT + 1, "xtick.labelsize": FONT - 1, "ytick.labelsize": FONT - 1})
    return plt


def _themes(model: Any) -> list[Any]:
    if hasattr(model, "check_fitted"):
        model.check_fitted()
        return list(model.themes_)
    return list(model)


def _name(theme: Any) -> str:
    return str(getattr(theme, "name", None) or getattr(theme, "label", ""))


def _size(theme: Any) -> int:
    return int(getattr(theme, "size", 0))


def barchart(model: Any, *, n_words: int = 5, title: str = "Thema's") -> Figure:
    """Horizontal bars: themes by size, each with its top keywords; stability beside it when measured."""
    plt = _style()
    themes = sorted(_themes(model), key=lambda t: (-_size(t), getattr(t, "id", getattr(t, "theme_id", 0))))
    fig, ax = plt.subplots(figsize=(12, max(3.0, 0.75 * len(themes) + 1.5)))
    names = []
    for t in themes:
        stab = getattr(t, "stability", None)
        names.append(_name(t) + (f"  (stabiel {stab:.0%})" if stab is not None else ""))
    sizes = [_size(t) for t in themes]
    bars = ax.barh(range(len(themes)), sizes, color=[OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(themes))])
    ax.set_yticks(range(len(themes)), names)
    ax.invert_yaxis()
    for bar, t in zip(bars, themes):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, "  " + ", ".join(list(t.keywords)[:n_words]), va="center", fontsize=FONT - 2)
    ax.set_xlabel("fragmenten")
    ax.set_title(title)
    ax.set_xlim(0, max(sizes or [1]) * 1.9)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def map(model: Any, *, title: str = "Kaart van de fragmenten") -> Figure:  # noqa: A001 - the issue's name for it
    """Every segment as a dot in two dimensions (PCA of its embedding), coloured by theme,
    with each theme's label at its centre."""
    import numpy as np
    from sklearn.decomposition import PCA

    plt = _style()
    model.check_fitted()
    xy = PCA(n_components=2, random_state=0).fit_transform(model.embeddings_) if model.embeddings_.shape[1] >= 2 else np.zeros((len(model.labels_), 2))
    fig, ax = plt.subplots(figsize=(11, 9))
    for j, t in enumerate(model.themes_):
        mask = model.labels_ == t.id
        colour = OKABE_ITO[j % len(OKABE_ITO)]
        marker = "osD^v"[(j // len(OKABE_ITO)) % 5]  # shape as well as colour once colours repeat
        ax.scatter(xy[mask, 0], xy[mask, 1], s=18, alpha=0.6, color=colour, marker=marker, label=t.name)
        cx, cy = xy[mask].mean(axis=0)
        ax.annotate(t.name, (cx, cy), fontsize=FONT - 1, weight="bold", ha="center", bbox={"boxstyle": "round", "fc": "white", "alpha": 0.8})
    outliers = model.labels_ < 0
    if outliers.any():
        ax.scatter(xy[outliers, 0], xy[outliers, 1], s=10, color="#999999", alpha=0.4, label="geen thema")
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    fig.tight_layout()
    return fig


def initiative_heatmap(model: Any, *, title: str = "Thema's per initiatief") -> Figure:
    """Share of each initiative's segments per theme (rows: themes; columns: initiatives)."""
    import numpy as np

    plt = _style()
    themes = _themes(model)
    initiatives = sorted({i for t in themes for i in t.share_initiative})
    data = np.array([[t.share_initiative.get(i, 0.0) for i in initiatives] for t in themes]) if initiatives else np.zeros((len(themes), 1))
    fig, ax = plt.subplots(figsize=(max(8, 1.6 * len(initiatives) + 5), max(4, 0.6 * len(themes) + 2)))
    image = ax.imshow(data, cmap="viridis", aspect="auto", vmin=0)
    ax.set_yticks(range(len(themes)), [_name(t) for t in themes])
    ax.set_xticks(range(len(initiatives) or 1), initiatives or ["-"], rotation=30, ha="right")
    for r in range(data.shape[0]):
        for c in range(data.shape[1]):
            value = data[r, c]
            ax.text(c, r, f"{value:.0%}", ha="center", va="center", fontsize=FONT - 3, color="white" if value < data.max() * 0.6 else "black")
    fig.colorbar(image, ax=ax, label="aandeel van de fragmenten van het initiatief")
    ax.set_title(title)
    fig.tight_layout()
    return fig
