"""Who reviewed what, and what is still open, per initiative (``workbench review status``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.review.invitations import state
from workbench.review.themes import ThemeProvider, latest_themes

if TYPE_CHECKING:
    from workbench.store import Store


@dataclass(frozen=True)
class ReviewerStatus:
    initiative: str
    reviewer: str
    role: str | None
    links: tuple[tuple[str, str], ...]  # (invitation id, active/revoked/expired)
    last_used: str | None
    themes_done: int  # themes with a verdict
    themes_total: int
    own_names: int
    missing: int
    quotes_done: int
    flagged: int
    msc_chosen: int


def review_status(store: Store, *, themes: ThemeProvider = latest_themes) -> list[ReviewerStatus]:
    """One row per co-researcher: their links, and how far they got."""
    out = []
    totals: dict[str, set[str]] = {}
    for r in store.reviewers():
        if r.initiative not in totals:
            totals[r.initiative] = {t.key for t in themes(store, r.initiative)}
        invs = store.invitations(reviewer_id=r.id)
        reviews = store.theme_reviews(reviewer_id=r.id)
        quotes = store.quote_verdicts(reviewer_id=r.id)
        used = [i.last_used_at for i in invs if i.last_used_at]
        out.append(ReviewerStatus(
            initiative=r.initiative, reviewer=r.name, role=r.role, links=tuple((i.id, state(i)) for i in invs),
            last_used=max(used) if used else None,
            themes_done=sum(1 for x in reviews if x.kind == "theme" and x.verdict and x.theme_key in totals[r.initiative]),
            themes_total=len(totals[r.initiative]),
            own_names=sum(1 for x in reviews if x.kind == "theme" and x.own_name),
            missing=sum(1 for x in reviews if x.kind == "missing" and (x.own_name or x.comment)),
            quotes_done=len(quotes), flagged=sum(1 for q in quotes if q.verdict == "identifying"),
            msc_chosen=len(store.msc_choices(reviewer_id=r.id)),
        ))
    return out


def status_frame(rows: list[ReviewerStatus]) -> Any:
    """The status as a table (one row per co-researcher; links as 'id (state)'), for
    ``workbench review status --output``.

    Example:
        >>> status_frame(review_status(study.store))          # doctest: +SKIP
    """
    import pandas as pd

    columns = ["initiative", "reviewer", "role", "links", "last_used", "themes_done", "themes_total", "own_names", "missing", "quotes_done", "flagged", "msc_chosen"]
    records = [{**{c: getattr(r, c) for c in columns if c != "links"}, "links": ", ".join(f"{i} ({s})" for i, s in r.links)} for r in rows]
    return pd.DataFrame(records, columns=columns)
