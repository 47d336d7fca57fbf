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

from workbench.reports.data import Quote, ReportData, readable
from workbench.reports.load import load_report
from workbench.reports.mixed import mixed_crosstabs, mixed_framework, mixed_framework_row, mixed_joint_display
from workbench.reports.pathways import impact_pathways
from workbench.reports.sections import (
    CROSS_SECTIONS as _CROSS_SECTIONS,
    INITIATIVE_SECTIONS as _INITIATIVE_SECTIONS,
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

#: the mixed-methods sections (workbench.reports.mixed), placed before the methods line
MIXED_CROSS_SECTIONS = ("mixed_crosstabs", "mixed_joint_display", "mixed_framework")
MIXED_INITIATIVE_SECTIONS = ("mixed_framework_row",)


def _before_methods(names: tuple[str, ...], extra: tuple[str, ...]) -> tuple[str, ...]:
    at = names.index("methods") if "methods" in names else len(names)
    return (*names[:at], *extra, *names[at:])


CROSS_SECTIONS = _before_methods(_CROSS_SECTIONS, MIXED_CROSS_SECTIONS)
INITIATIVE_SECTIONS = _before_methods(_INITIATIVE_SECTIONS, MIXED_INITIATIVE_SECTIONS)

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
    "mixed_crosstabs",
    "mixed_framework",
    "mixed_framework_row",
    "mixed_joint_display",
    "msc",
    "positive_health",
    "readable",
    "themes",
    "title",
    "who_was_heard",
]
