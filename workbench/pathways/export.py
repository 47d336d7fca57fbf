"""Links out of the workbench: a CSV of every coded link, or a GraphML network of the
pathways (for Gephi, yEd, Kumu, Causal Map's import), counted by source.

Example:
    >>> export_links(study, "reports/links.csv")          # doctest: +SKIP
    >>> export_links(study, "reports/links.graphml", min_sources=2)   # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbench.errors import UnknownChoiceError
from workbench.i18n import add, t
from workbench.pathways.analysis import graph
from workbench.pathways.table import links_table

add("pathways_bad_format", nl="{path}: het formaat '{suffix}' kan niet", en="{path}: format '{suffix}' is not supported")
add("pathways_bad_format_fix", nl="eindig de bestandsnaam op .csv of .graphml", en="end the file name in .csv or .graphml")

FORMATS = (".csv", ".graphml")


def export_links(
    study_or_store: Any, path: str | Path, *, initiative: str | None = None, role: str | None = None, min_sources: int = 1,
    include_suggestions: bool = False,
) -> int:
    """Write the links to ``path``: ``.csv`` (one row per coded link, flagged quotes left
    empty) or ``.graphml`` (one edge per cause -> effect with its number of sources, signs
    and documents). Written to a temporary file first, so a failed export leaves no half
    file. Returns the number of rows or edges written."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise UnknownChoiceError(str(target), t("pathways_bad_format", path=target.name, suffix=suffix or "-"), t("pathways_bad_format_fix"))
    frame = links_table(study_or_store, initiative=initiative, role=role, include_suggestions=include_suggestions)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    if suffix == ".csv":
        frame.to_csv(tmp, index=False)
        n = len(frame)
    else:
        import networkx as nx

        g = graph(frame, min_sources=min_sources)
        for _, _, d in g.edges(data=True):
            d["documents"] = ";".join(d["documents"])
            d["initiatives"] = ";".join(d["initiatives"])
        nx.write_graphml(g, tmp)
        n = g.number_of_edges()
    tmp.replace(target)
    return n
