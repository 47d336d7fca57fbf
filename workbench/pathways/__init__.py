"""Impact pathways: what led to what, from coded links (issue 20).

A link (coded in the coding app, by :func:`workbench.coding.links.apply_link`, or accepted
from a suggestion) says that a passage tells that one code led to another. This package
turns a study's links into a table, a map and chains to an outcome, counted by source
(a document or a respondent), never by mention.

Example:
    >>> import workbench as wb
    >>> study.links()                                                                 # doctest: +SKIP
    >>> wb.pathways.map(study, initiative="Voorzorgcirkels", min_sources=2)            # doctest: +SKIP
    >>> wb.pathways.paths(study, to="eenzaamheid-verbinding")                         # doctest: +SKIP
"""

from __future__ import annotations

from workbench.pathways.analysis import edges, factors, graph, paths
from workbench.pathways.export import export_links
from workbench.pathways.figure import pathway_map
from workbench.pathways.table import ROLE_GROUPS, links_table

#: ``wb.pathways.map(...)``, the name the issue asks for (a function, not the builtin)
map = pathway_map  # noqa: A001

__all__ = ["ROLE_GROUPS", "edges", "export_links", "factors", "graph", "links_table", "map", "pathway_map", "paths"]
