"""The themes a co-researcher reviews: the newest theme run's themes (with the
researchers' renames, merges and splits), limited to one initiative.

The themes part (``workbench.themes``) owns theme runs; this module only reads them
through its API and keeps what review needs: a key, a label, keywords and up to five
quotes **from the initiative's own current documents**, with flagged quotes left out and
the quote text read again from the stored (pseudonymised) document.

A provider is any function ``(store, initiative) -> list[ReviewTheme]``; the app takes one
so that it never depends on how themes are made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.store import Store

#: quotes shown per theme
MAX_QUOTES = 5


@dataclass(frozen=True)
class ReviewQuote:
    doc_id: str
    doc_version: int
    start: int
    end: int
    text: str
    role: str | None = None

    @property
    def span(self) -> tuple[str, int, int, int]:
        return (self.doc_id, self.doc_version, self.start, self.end)


@dataclass(frozen=True)
class ReviewTheme:
    key: str  # 'run:theme'
    run_id: int | None
    theme_id: int | None
    label: str
    keywords: tuple[str, ...]
    quotes: tuple[ReviewQuote, ...]  # candidates; the view keeps the initiative's own, unflagged ones


ThemeProvider = Callable[["Store", str], list[ReviewTheme]]


def theme_key(run_id: int, theme_id: int) -> str:
    return f"{run_id}:{theme_id}"


def latest_themes(store: Store, initiative: str) -> list[ReviewTheme]:
    """The newest run's themes that hold segments of ``initiative`` (none when there is no run yet)."""
    try:
        from workbench.themes.runs import effective_themes, get_run
    except ImportError:
        return []
    try:
        run = get_run(store)
    except Exception as err:  # noqa: BLE001 - only "no run yet" is expected here
        from workbench.errors import WorkbenchError

        if isinstance(err, WorkbenchError):
            return []
        raise
    if run is None:
        return []
    state = effective_themes(store, run.id)
    rows: list[tuple[int, ReviewTheme]] = []
    for theme in state.values():
        count = int(theme.count_initiative.get(initiative, 0))
        if not count:
            continue
        # the representative quotes first, then the other members (the view keeps the initiative's own)
        quotes = [_quote(q) for q in theme.quotes]
        seen = {q.span for q in quotes}
        quotes += [ReviewQuote(*key, text="") for key in sorted(theme.members) if tuple(key) not in seen]
        rows.append((count, ReviewTheme(
            key=theme_key(run.id, theme.id), run_id=run.id, theme_id=theme.id, label=theme.name,
            keywords=tuple(theme.keywords), quotes=tuple(quotes),
        )))
    rows.sort(key=lambda r: (-r[0], r[1].theme_id or 0))
    return [r[1] for r in rows]


def _quote(q: dict[str, Any]) -> ReviewQuote:
    return ReviewQuote(q["doc_id"], int(q["doc_version"]), int(q["start"]), int(q["end"]), q.get("text") or "", q.get("role"))
