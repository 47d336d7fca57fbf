"""The pathway map: factors as nodes (sized by sources), links as arrows (width by sources,
colour and line style by sign). Colour-blind safe (Okabe-Ito; *less* is also dashed, so the
sign never rests on colour alone), large fonts, readable on a slide.

Example:
    >>> fig = pathway_map(study, initiative="Voorzorgcirkels", min_sources=2)   # doctest: +SKIP
    >>> fig.savefig("docs/pathways.png")                                         # doctest: +SKIP
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from workbench.i18n import add, t
from workbench.pathways.analysis import _frame, factors, graph

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

add("pathways_legend_more", nl="meer (versterkt)", en="more (increases)")
add("pathways_legend_less", nl="minder (vermindert)", en="less (decreases)")
add("pathways_legend_mixed", nl="wisselend", en="mixed")
add("pathways_legend_width", nl="dikte: aantal bronnen", en="width: number of sources")
add("pathways_empty", nl="nog geen verbanden met minstens {n} bron(nen)", en="no links with at least {n} source(s) yet")
add("pathways_map_alt", nl="Kaart van {n} verbanden tussen {m} factoren; de sterkste: {top}", en="Map of {n} links between {m} factors; the strongest: {top}")

#: Okabe & Ito (2008): blue for more, vermillion for less, grey for mixed
SIGN_COLOURS = {"more": "#0072B2", "less": "#D55E00", "mixed": "#999999"}
SIGN_STYLES: dict[str, Any] = {"more": "solid", "less": "dashed", "mixed": "dotted"}
NODE_COLOUR = "#F0E442"
FONT = 16


def _layers(g: Any) -> dict[str, tuple[float, float]]:
    """Causes left, outcomes right when the map has no cycles (reads as 'what led to what'),
    each column ordered by where its factors' neighbours stand (fewer crossing arrows); a
    seeded spring layout otherwise. Same input, same picture."""
    import networkx as nx

    if not nx.is_directed_acyclic_graph(g):
        return {k: (float(v[0]), float(v[1])) for k, v in nx.spring_layout(g, seed=1, k=1.6).items()}
    layers = [sorted(nodes) for nodes in nx.topological_generations(g)]
    rank: dict[str, float] = {}
    for _ in range(4):  # barycentre sweeps, left to right then right to left
        for i, nodes in enumerate(layers):
            for j, node in enumerate(nodes):
                rank.setdefault(node, float(j))
        for order in (range(1, len(layers)), range(len(layers) - 2, -1, -1)):
            for i in order:
                def centre(node: str, i: int = i) -> float:
                    near = [rank[n] for n in (*g.predecessors(node), *g.successors(node)) if n in rank and n not in layers[i]]
                    return sum(near) / len(near) if near else rank[node]

                layers[i] = sorted(layers[i], key=lambda n: (centre(n), n))
                for j, node in enumerate(layers[i]):
                    rank[node] = j - (len(layers[i]) - 1) / 2
    tallest = max(len(nodes) for nodes in layers)
    pos = {}
    for i, nodes in enumerate(layers):
        for j, node in enumerate(nodes):
            pos[node] = (i / max(1, len(layers) - 1) * 2 - 1, -(j - (len(nodes) - 1) / 2) / max(1, tallest - 1) * 2)
    return pos


def pathway_map(
    data: Any, *, initiative: str | None = None, role: str | None = None, min_sources: int = 1, labels: dict[str, str] | None = None,
    title: str | None = None, figsize: tuple[float, float] | None = None,
) -> Figure:
    """Draw the pathways of a study (or of one initiative, one role group) as a network.

    Args:
        data: a Study, a Store, or a links table (:func:`links_table`).
        initiative, role: filters (see :func:`links_table`).
        min_sources: links told by fewer sources are left out.
        labels: code id -> label to show (a Study gives its codebook's labels by default).
        title: shown above the map.
        figsize: inches; by default it grows with the number of factors, so labels stay apart.

    Example:
        >>> pathway_map(study, initiative="Voorzorgcirkels", min_sources=2)   # doctest: +SKIP
    """
    import matplotlib.pyplot as plt

    frame = _frame(data, initiative=initiative, role=role)
    g = graph(frame, min_sources=min_sources)
    sizes = factors(frame)
    names = labels if labels is not None else _labels(data)
    with plt.rc_context({"font.size": FONT, "axes.titlesize": FONT + 4}):
        fig, ax = plt.subplots(figsize=figsize or _size(g))
        ax.set_axis_off()
        if title:
            ax.set_title(title, loc="left")
        if g.number_of_edges() == 0:
            ax.text(0.5, 0.5, t("pathways_empty", n=min_sources), ha="center", va="center", fontsize=FONT + 2, transform=ax.transAxes)
            fig.alt = t("pathways_empty", n=min_sources)  # type: ignore[attr-defined]
            return fig
        pos = _layers(g)
        _draw_network(ax, g, pos, sizes, names)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        ax.set_xlim(min(xs) - 0.35, max(xs) + 0.35)
        ax.set_ylim(min(ys) - 0.3, max(ys) + 0.3)
        top = sorted(g.edges(data=True), key=lambda e: -e[2]["n_sources"])[:3]
        fig.alt = t(  # type: ignore[attr-defined]
            "pathways_map_alt", n=g.number_of_edges(), m=g.number_of_nodes(),
            top="; ".join(f"{names.get(u, u)} \u2192 {names.get(v, v)} ({d['n_sources']})" for u, v, d in top),
        )
        return fig


def _draw_network(ax: Any, g: Any, pos: dict[str, Any], sizes: dict[str, int], names: dict[str, str]) -> None:
    """Factors as nodes sized by their sources, links as arrows as wide as their sources and
    coloured (and dashed) by sign, labels wrapped between words; the legend below."""
    import networkx as nx
    from matplotlib.lines import Line2D

    most = max(sizes.values())
    node_size = {n: 900 + 4200 * sizes.get(n, 0) / most for n in g.nodes}
    widest = max(d["n_sources"] for _, _, d in g.edges(data=True))
    for sign in ("more", "less", "mixed"):
        chosen = [(u, v) for u, v, d in g.edges(data=True) if d["sign"] == sign]
        if not chosen:
            continue
        nx.draw_networkx_edges(
            g, pos, edgelist=chosen, ax=ax, width=[1.5 + 6.5 * g.edges[e]["n_sources"] / widest for e in chosen],
            edge_color=SIGN_COLOURS[sign], style=SIGN_STYLES[sign], arrows=True, arrowstyle="-|>", arrowsize=26,
            node_size=[node_size[n] for n in g.nodes], connectionstyle="arc3,rad=0.08",
        )
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=[node_size[n] for n in g.nodes], node_color=NODE_COLOUR, edgecolors="#333333", linewidths=1.2)
    for node, (x, y) in pos.items():
        text = "\n".join(textwrap.wrap(names.get(node, node), 20)) + f"\n({sizes.get(node, 0)})"
        ax.text(x, y, text, ha="center", va="center", fontsize=FONT - 2, zorder=5,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.75, "edgecolor": "none"})
    handles = [
        Line2D([0], [0], color=SIGN_COLOURS[s], linestyle=SIGN_STYLES[s], linewidth=4, label=t(f"pathways_legend_{s}"))
        for s in ("more", "less", "mixed") if any(d["sign"] == s for _, _, d in g.edges(data=True))
    ]
    handles.append(Line2D([0], [0], color="none", label=t("pathways_legend_width")))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, -0.08), ncol=len(handles), frameon=False, fontsize=FONT - 2)


def _size(g: Any) -> tuple[float, float]:
    """Wide enough for every layer of factors, tall enough for the fullest one."""
    import networkx as nx

    if g.number_of_nodes() and nx.is_directed_acyclic_graph(g):
        layers = [len(nodes) for nodes in nx.topological_generations(g)]
        return (max(9.0, 4.0 * len(layers)), max(6.0, 1.25 * max(layers)))
    n = g.number_of_nodes()
    return (max(9.0, 1.6 * n ** 0.5 * 3), max(6.0, 1.2 * n ** 0.5 * 2.2))


def _labels(data: Any) -> dict[str, str]:
    """A Study's codebook labels in the interface language; code ids otherwise."""
    from workbench.i18n import language

    codebook = getattr(data, "codebook", None)
    if codebook is None:
        return {}
    lang = language()
    return {c.id: c.get_label(lang) for c in codebook.codes}
