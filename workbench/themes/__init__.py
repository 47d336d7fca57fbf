"""Themes: a topic model over segments (BERTopic as the engine), stability, alignment with the codebook.

In a notebook::

    import workbench as wb
    study = wb.open_study(".")
    result = study.run_themes(seed=42)  # codebook-guided by default ([themes] mode), stored
    result.model.themes_                # Theme: label, keywords, size, quotes, share per initiative/role, code_id
    wb.themes.plots.barchart(result.model)

Stored runs, human edits and alignment live in :mod:`workbench.themes.runs` (see the CLI
``workbench themes run|show|stability|align|rename|merge|split|adopt``).

For reports (a stable name, kept)::

    latest_themes(store, initiative: str | None = None) -> list[ThemeSummary]   # study.latest_themes(initiative)

The themes of the newest stored run, with people's renames, merges and splits applied,
largest share first. ``ThemeSummary`` has ``run_id``, ``theme_id``, ``label`` (the human
name if someone gave one, else the drafted one), ``drafted_label``, ``keywords``,
``quotes`` (Quote: doc_id, doc_version, start, end, text, initiative, role; quotes
flagged as identifying are never included), ``size``, ``share`` (for an initiative: the
share of its segments in this theme; without one: the share of all segments),
``count`` (segments of the initiative in this theme), ``stability`` (0..1 or None),
``distinctiveness`` (share in the initiative / share overall; None without initiative) and
``code_id``/``code_label`` (the code a codebook-guided theme started from; None: new).

The functions of this package take a store and settings, never a Study; the Study
composes them (``study.run_themes``, ``study.latest_themes``, ``study.candidate_codes``...).
Raises :class:`workbench.errors.ThemeError` when no run is stored yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Quote", "Theme", "ThemeSummary", "TopicModel", "distinctive_themes", "latest_themes", "run_themes", "summaries_frame"]

_LAZY = {
    "TopicModel": "workbench.themes.model",
    "Theme": "workbench.themes.model",
    "Quote": "workbench.themes.model",
    "ThemeSummary": "workbench.themes.runs",
    "latest_themes": "workbench.themes.runs",
    "run_themes": "workbench.themes.runs",
    "summaries_frame": "workbench.themes.runs",
    "distinctive_themes": "workbench.themes.runs",
}

if TYPE_CHECKING:
    from workbench.themes.model import Quote, Theme, TopicModel
    from workbench.themes.runs import ThemeSummary, distinctive_themes, latest_themes, run_themes, summaries_frame


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name == "plots":
        import importlib

        return importlib.import_module("workbench.themes.plots")
    raise AttributeError(f"module 'workbench.themes' has no attribute {name!r}")  # i18n: developer (Python's own message for a missing name)
