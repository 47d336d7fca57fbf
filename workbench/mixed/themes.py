"""Themes as columns of a joint display: the newest theme run over the whole study (a run
of one initiative would count 0% for everyone else), after people's edits.

A segment belongs to a theme through the run's assignments in the store (``theme_members``),
with the researchers' and co-researchers' renames, merges and splits applied
(:func:`workbench.themes.runs.effective_themes`). A theme is named by its id or its label
(the human label if it has one, else the drafted one), or ``"all"`` takes every theme,
largest first. Outliers (no theme) are no column.

Example:
    >>> columns = theme_spans(study.store, "all")                               # doctest: +SKIP
    >>> joint_display(data, by="hoe_vaak_eenzaam", themes=columns)              # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.errors import MixedError
from workbench.i18n import add, t

if TYPE_CHECKING:  # pragma: no cover
    from workbench.store import Store

Span = tuple[str, int, int, int]

add("mixed_unknown_theme", nl="geen thema '{theme}' in de nieuwste themarun ({run})", en="no theme '{theme}' in the newest theme run ({run})")
add("mixed_unknown_theme_fix", nl="kies een nummer of naam uit: {themes} (of \"all\")", en="use a number or name of: {themes} (or \"all\")")
add(
    "mixed_themes_one_initiative",
    nl="de themaruns zijn alleen van één initiatief ({initiative}); een joint display telt over de hele studie",
    en="the theme runs cover one initiative only ({initiative}); a joint display counts over the whole study",
)
add("mixed_themes_one_initiative_fix", nl="bereken de thema's over de hele studie: 'workbench themes run' zonder --initiative", en="compute themes over the whole study: 'workbench themes run' without --initiative")
add("mixed_no_themes_asked", nl="geen thema's gevraagd", en="no themes asked for")
add("mixed_no_themes_asked_fix", nl="geef themes=\"all\" of een lijst van nummers of namen", en="pass themes=\"all\" or a list of numbers or names")


@dataclass(frozen=True)
class ThemeSpans:
    """One theme of a run as a joint display reads it: its key, label and member spans."""

    run_id: int
    theme_id: int
    label: str
    spans: frozenset[Span]

    @property
    def key(self) -> str:
        """The column key in a joint display (codes keep their own ids)."""
        return f"theme:{self.theme_id}"


def theme_spans(store: Store, themes: str | Sequence[int | str] = "all", *, run_id: int | None = None) -> list[ThemeSpans]:
    """The themes asked for (ids, labels, or ``"all"``) of the newest run (or ``run_id``).

    Raises :class:`ThemeError` when there is no run and :class:`MixedError` naming an
    unknown theme with the ones there are.
    """
    from workbench.themes.runs import effective_themes, get_run

    run = get_run(store, run_id) if run_id is not None else _study_run(store)
    state = effective_themes(store, run.id)
    every = [ThemeSpans(run.id, th.id, th.name, frozenset(th.members)) for th in sorted(state.values(), key=lambda th: (-th.size, th.id))]
    if isinstance(themes, str) and themes.strip().lower() == "all":
        return every
    asked = [themes] if isinstance(themes, (str, int)) else list(themes)
    if not asked:
        raise MixedError(None, t("mixed_no_themes_asked"), t("mixed_no_themes_asked_fix"))
    return [_find(every, wanted, run.id) for wanted in asked]


def _study_run(store: Store) -> Any:
    """The newest run over the whole study: a run of one initiative has no members in the
    others, so its shares would say 0% for everyone else."""
    from workbench.themes.runs import get_run

    run = store.latest_theme_run(any_initiative=False)
    if run is None:
        newest = get_run(store)  # ThemeError when there is no run at all
        raise MixedError(str(newest.id), t("mixed_themes_one_initiative", initiative=newest.initiative), t("mixed_themes_one_initiative_fix"))
    return run


def _find(every: list[ThemeSpans], wanted: int | str, run_id: int) -> ThemeSpans:
    """A theme by id (an int, or text of digits) or by its label (any case)."""
    text = str(wanted).strip()
    for theme in every:
        if (text.lstrip("-").isdigit() and theme.theme_id == int(text)) or theme.label.casefold() == text.casefold():
            return theme
    names = ", ".join(f"{th.theme_id} '{th.label}'" for th in every[:12])
    raise MixedError(text, t("mixed_unknown_theme", theme=text, run=run_id), t("mixed_unknown_theme_fix", themes=names))
