"""Reports per initiative and across initiatives: sections, figures, run and export.

In a report notebook every cell is one call:

    >>> from workbench import reports
    >>> data = reports.load_report(".", initiative="Austerlitz Zorgt")   # doctest: +SKIP
    >>> reports.codes_present(data)                                       # doctest: +SKIP

From the shell, ``workbench report --all`` runs the notebooks with papermill
(:func:`workbench.reports.run.run_reports`) and exports them
(:mod:`workbench.reports.export`). Core modules never import this package; papermill
and nbconvert load only inside the run and export functions.
"""

from __future__ import annotations

from workbench.reports.data import Quote, ReportData, load_report, readable
from workbench.reports.pathways import impact_pathways
from workbench.reports.sections import (
    CROSS_SECTIONS,
    INITIATIVE_SECTIONS,
    Section,
    candidate_codes,
    code_heatmap,
    codes_present,
    compare,
    cooccurrence,
    coverage,
    example_quotes,
    methods,
    msc,
    positive_health,
    themes,
    title,
    who_was_heard,
)

__all__ = [
    "CROSS_SECTIONS",
    "INITIATIVE_SECTIONS",
    "Quote",
    "ReportData",
    "Section",
    "candidate_codes",
    "code_heatmap",
    "impact_pathways",
    "codes_present",
    "compare",
    "cooccurrence",
    "coverage",
    "example_quotes",
    "load_report",
    "methods",
    "msc",
    "positive_health",
    "readable",
    "themes",
    "title",
    "who_was_heard",
]
