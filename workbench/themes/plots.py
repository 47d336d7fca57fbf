"""Figures of themes for notebooks and reports: functions, not methods; matplotlib only.

Large fonts (readable on a slide) and the Okabe-Ito colour-blind-safe palette; a
sequential single-hue map (viridis) for the heatmap. Each function takes a fitted
:class:`TopicModel` (or a list of ThemeSummary for barchart) and returns the Figure.

Titles and labels are in the interface language (Dutch by default, English after
``set_language("en")``); a ``title`` passed in is used as given.

Example:
    >>> fig = barchart(model)               # doctest: +SKIP
    >>> fig.savefig("themes.png")           # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.i18n import add, t

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Okabe & Ito (2008), distinguishable with every common colour-vision deficiency
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
FONT = 14

add("themes_plot_bar_title", nl="Thema's", en="Themes")
add("themes_plot_stable", nl="stabiel {share}", en="stable {share}")
add("themes_plot_segments", nl="fragmenten", en="segments")
add("themes_plot_map_title", nl="Kaart van de fragmenten", en="Map of the segments")
add("themes_plot_no_theme", nl="geen thema", en="no theme")
add("themes_plot_heatmap_title", nl="Thema's per initiatief", en="Themes per initiative")
add("themes_plot_share", nl="aandeel van de fragmenten van het initiatief", en="share of the initiative's segments")


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


def barchart(model: Any, *, n_words: int = 5, title: str | None = None) -> Figure:
    """Horizontal bars: themes by size, each with its top keywords; stability beside it when measured."""
    plt = _style()
    themes = sorted(_themes(model), key=lambda th: (-_size(th), getattr(th, "id", getattr(th, "theme_id", 0))))
    fig, ax = plt.subplots(figsize=(12, max(3.0, 0.75 * len(themes) + 1.5)))
    names = []
    for theme in themes:
        stab = getattr(theme, "stability", None)
        names.append(_name(theme) + (f"  ({t('themes_plot_stable', share=f'{stab:.0%}')})" if stab is not None else ""))
    sizes = [_size(theme) for theme in themes]
    bars = ax.barh(range(len(themes)), sizes, color=[OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(themes))])
    ax.set_yticks(range(len(themes)), names)
    ax.invert_yaxis()
    for bar, theme in zip(bars, themes):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, "  " + ", ".join(list(theme.keywords)[:n_words]), va="center", fontsize=FONT - 2)
    ax.set_xlabel(t("themes_plot_segments"))
    ax.set_title(title if title is not None else t("themes_plot_bar_title"))
    ax.set_xlim(0, max(sizes or [1]) * 1.9)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def map(model: Any, *, title: str | None = None) -> Figure:  # noqa: A001 - the issue's name for it
    """Every segment as a dot in two dimensions (PCA of its embedding), coloured by theme,
    with each theme's label at its centre."""
    import numpy as np
    from sklearn.decomposition import PCA

    plt = _style()
    model.check_fitted()
    xy = PCA(n_components=2, random_state=0).fit_transform(model.embeddings_) if model.embeddings_.shape[1] >= 2 else np.zeros((len(model.labels_), 2))
    fig, ax = plt.subplots(figsize=(11, 9))
    for j, theme in enumerate(model.themes_):
        mask = model.labels_ == theme.id
        colour = OKABE_ITO[j % len(OKABE_ITO)]
        marker = "osD^v"[(j // len(OKABE_ITO)) % 5]  # shape as well as colour once colours repeat
        ax.scatter(xy[mask, 0], xy[mask, 1], s=18, alpha=0.6, color=colour, marker=marker, label=theme.name)
        cx, cy = xy[mask].mean(axis=0)
        ax.annotate(theme.name, (cx, cy), fontsize=FONT - 1, weight="bold", ha="center", bbox={"boxstyle": "round", "fc": "white", "alpha": 0.8})
    outliers = model.labels_ < 0
    if outliers.any():
        ax.scatter(xy[outliers, 0], xy[outliers, 1], s=10, color="#999999", alpha=0.4, label=t("themes_plot_no_theme"))
    ax.set_title(title if title is not None else t("themes_plot_map_title"))
    ax.set_xticks([])
    ax.set_yticks([])
    fig.tight_layout()
    return fig


def initiative_heatmap(model: Any, *, title: str | None = None) -> Figure:
    """Share of each initiative's segments per theme (rows: themes; columns: initiatives)."""
    import numpy as np

    plt = _style()
    themes = _themes(model)
    initiatives = sorted({i for theme in themes for i in theme.share_initiative})
    data = np.array([[theme.share_initiative.get(i, 0.0) for i in initiatives] for theme in themes]) if initiatives else np.zeros((len(themes), 1))
    fig, ax = plt.subplots(figsize=(max(8, 1.6 * len(initiatives) + 5), max(4, 0.6 * len(themes) + 2)))
    image = ax.imshow(data, cmap="viridis", aspect="auto", vmin=0)
    ax.set_yticks(range(len(themes)), [_name(theme) for theme in themes])
    ax.set_xticks(range(len(initiatives) or 1), initiatives or ["-"], rotation=30, ha="right")
    for r in range(data.shape[0]):
        for c in range(data.shape[1]):
            value = data[r, c]
            ax.text(c, r, f"{value:.0%}", ha="center", va="center", fontsize=FONT - 3, color="white" if value < data.max() * 0.6 else "black")
    fig.colorbar(image, ax=ax, label=t("themes_plot_share"))
    ax.set_title(title if title is not None else t("themes_plot_heatmap_title"))
    fig.tight_layout()
    return fig
