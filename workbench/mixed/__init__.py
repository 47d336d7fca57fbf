"""Mixed methods: the stories behind the figures.

Typed variables from surveys and metadata sheets (:mod:`~workbench.mixed.variables`),
crosstabs of a code against a variable with a suited test (:mod:`~workbench.mixed.crosstab`),
joint displays of categories x codes or themes with the most typical quote per cell
(:mod:`~workbench.mixed.joint`, themes from the newest run: :mod:`~workbench.mixed.themes`), and framework matrices of cases x codes with the
researchers' summaries (:mod:`~workbench.mixed.framework`). Below the study facade, above
the store and coding: it reads the store and the codebook, never a report or an app.

Example:
    >>> study.crosstab("eenzaamheid", by="hoe_vaak_eenzaam")     # doctest: +SKIP
"""

from __future__ import annotations

from workbench.mixed.crosstab import Crosstab, CrosstabRow, cochran_armitage, crosstab, crosstab_all, crosstabs_frame
from workbench.mixed.data import UNITS, MixedData
from workbench.mixed.framework import Framework, FrameworkCell, framework, set_summary
from workbench.mixed.joint import MIN_GROUP, JointCell, JointDisplay, joint_display
from workbench.mixed.themes import ThemeSpans, theme_spans
from workbench.mixed.variables import Variable, VariableReport, build_variables, detect_type, stored_variables, sync_variables, variables_frame

__all__ = [
    "MIN_GROUP",
    "UNITS",
    "Crosstab",
    "CrosstabRow",
    "Framework",
    "FrameworkCell",
    "JointCell",
    "JointDisplay",
    "MixedData",
    "ThemeSpans",
    "Variable",
    "VariableReport",
    "build_variables",
    "cochran_armitage",
    "crosstab",
    "crosstab_all",
    "crosstabs_frame",
    "detect_type",
    "framework",
    "joint_display",
    "set_summary",
    "stored_variables",
    "theme_spans",
    "sync_variables",
    "variables_frame",
]
