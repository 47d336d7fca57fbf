"""From coded links to pathways: factors, links counted by source, chains to an outcome.

Example:
    >>> edges(links_table(study), min_sources=2)                            # doctest: +SKIP
    >>> paths(study, to="eenzaamheid-verbinding", initiative="Voorzorgcirkels")   # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.errors import UnknownChoiceError
from workbench.i18n import add, t
from workbench.pathways.table import links_table

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

add("pathways_no_outcome", nl="geen enkel verband eindigt in '{code}'", en="no link ends in '{code}'")
add("pathways_no_outcome_fix", nl="kies een gevolg dat gecodeerd is: {codes}", en="pick an effect that was coded: {codes}")

EDGE_COLUMNS = ["cause", "effect", "n_sources", "n_more", "n_less", "sign", "n_mentions", "documents", "initiatives"]
PATH_COLUMNS = ["path", "text", "length", "sign", "n_sources", "min_link_sources", "documents"]


def _frame(data: Any, **filters: Any) -> pd.DataFrame:
    """A links table as given, or read from a Study/Store with the filters."""
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        return data
    return links_table(data, **{k: v for k, v in filters.items() if v is not None})


def edges(data: Any, *, min_sources: int = 1, initiative: str | None = None, role: str | None = None) -> pd.DataFrame:
    """Links aggregated per (cause, effect), counted by source (distinct documents).

    ``sign`` is ``more`` or ``less`` when every source says so, ``mixed`` otherwise;
    ``n_more``/``n_less`` count the sources per sign. Sorted by ``n_sources``, then mentions, largest first.

    Example:
        >>> edges(study, min_sources=2).head(3)          # doctest: +SKIP
    """
    import pandas as pd

    frame = _frame(data, initiative=initiative, role=role)
    rows = []
    for (cause, effect), group in frame.groupby(["cause", "effect"], sort=True):
        docs = sorted(set(group["document"]))
        more = group.loc[group["sign"] == "more", "document"].nunique()
        less = group.loc[group["sign"] == "less", "document"].nunique()
        if len(docs) < min_sources:
            continue
        rows.append({
            "cause": cause, "effect": effect, "n_sources": len(docs), "n_more": int(more), "n_less": int(less),
            "sign": "mixed" if more and less else ("less" if less else "more"), "n_mentions": len(group), "documents": docs,
            "initiatives": sorted({str(i) for i in group["initiative"] if i is not None}),
        })
    out = pd.DataFrame(rows, columns=EDGE_COLUMNS)
    return out.sort_values(["n_sources", "n_mentions", "cause", "effect"], ascending=[False, False, True, True], kind="stable").reset_index(drop=True)


def factors(data: Any, *, initiative: str | None = None, role: str | None = None) -> dict[str, int]:
    """Per factor (a code at either end of a link): the number of sources that name it in a link."""
    frame = _frame(data, initiative=initiative, role=role)
    docs: dict[str, set[str]] = {}
    for cause, effect, doc in zip(frame["cause"], frame["effect"], frame["document"]):
        docs.setdefault(cause, set()).add(doc)
        docs.setdefault(effect, set()).add(doc)
    return {k: len(v) for k, v in sorted(docs.items())}


def graph(data: Any, *, min_sources: int = 1, initiative: str | None = None, role: str | None = None) -> nx.DiGraph:
    """The pathways as a networkx DiGraph: nodes carry ``n_sources``, edges the columns of :func:`edges`."""
    import networkx as nx

    frame = _frame(data, initiative=initiative, role=role)
    table = edges(frame, min_sources=min_sources)
    sizes = factors(frame)
    g = nx.DiGraph()
    for row in table.itertuples(index=False):
        for node in (row.cause, row.effect):
            g.add_node(node, n_sources=sizes.get(node, 0))
        g.add_edge(row.cause, row.effect, **{c: getattr(row, c) for c in EDGE_COLUMNS if c not in ("cause", "effect")})
    return g


def _chain_sign(signs: list[str]) -> str:
    if "mixed" in signs:
        return "mixed"
    return "less" if signs.count("less") % 2 else "more"


def paths(
    data: Any, *, to: str, initiative: str | None = None, role: str | None = None, min_sources: int = 1, max_length: int = 4,
) -> pd.DataFrame:
    """The chains of links that end in the outcome ``to``, strongest first.

    Each chain counts its sources two ways: ``n_sources``, the sources that tell every link
    of the chain themselves, and ``min_link_sources``, the sources of its weakest link (each
    link counted by its own sources). Links with fewer than ``min_sources`` sources are left
    out; chains have at most ``max_length`` links. ``sign`` multiplies the links' signs (less
    of something that gives less: more).

    Example:
        >>> paths(study, to="eenzaamheid-verbinding", min_sources=2).head(3)   # doctest: +SKIP
    """
    import networkx as nx
    import pandas as pd

    frame = _frame(data, initiative=initiative, role=role)
    if to not in set(frame["effect"]):
        raise UnknownChoiceError(None, t("pathways_no_outcome", code=to), t("pathways_no_outcome_fix", codes=", ".join(sorted(set(frame["effect"]))) or "-"))
    g = graph(frame, min_sources=min_sources)
    per_link: dict[tuple[str, str], set[str]] = {
        (c, e): set(group["document"]) for (c, e), group in frame.groupby(["cause", "effect"])
    }
    rows = []
    if to in g:
        for start in g.nodes:
            if start == to:
                continue
            for chain in nx.all_simple_paths(g, start, to, cutoff=max_length):
                pairs = list(zip(chain, chain[1:]))
                common = set.intersection(*(per_link[p] for p in pairs))
                rows.append({
                    "path": list(chain), "text": " \u2192 ".join(chain), "length": len(pairs),
                    "sign": _chain_sign([g.edges[p]["sign"] for p in pairs]), "n_sources": len(common),
                    "min_link_sources": min(g.edges[p]["n_sources"] for p in pairs), "documents": sorted(common),
                })
    out = pd.DataFrame(rows, columns=PATH_COLUMNS)
    return out.sort_values(["min_link_sources", "n_sources", "length", "text"], ascending=[False, False, False, True], kind="stable").reset_index(drop=True)
