"""What co-researchers said, as tables for the researcher's notebook (04-review.ipynb).

Flagged quotes are listed by place (document, offsets), who flagged them and when: never
by their text.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from workbench.store import Store

VERDICT_NL = {"recognise": "herken ik", "partly": "deels", "not": "herken ik niet"}


def status_frame(store: Store) -> pd.DataFrame:
    """One row per co-researcher: links, how far they got."""
    import pandas as pd

    from workbench.review.status import review_status

    rows = [dict(asdict(r), links=", ".join(f"{i} ({s})" for i, s in r.links)) for r in review_status(store)]
    return pd.DataFrame(rows)


def verdicts_frame(store: Store, initiative: str | None = None) -> pd.DataFrame:
    """Every verdict on a theme, with the co-researcher's own name and comment."""
    import pandas as pd

    from workbench.review import verdicts

    return pd.DataFrame([
        {"initiative": r.initiative, "theme": r.theme_key, "label": r.theme_label, "reviewer": r.reviewer, "role": r.role,
         "verdict": VERDICT_NL.get(r.verdict or "", r.verdict), "own_name": r.own_name, "comment": r.comment, "updated_at": r.updated_at}
        for r in verdicts(store, initiative)
    ], columns=["initiative", "theme", "label", "reviewer", "role", "verdict", "own_name", "comment", "updated_at"])


def missing_frame(store: Store, initiative: str | None = None) -> pd.DataFrame:
    """Themes co-researchers miss, in their own words."""
    import pandas as pd

    from workbench.review import missing_themes

    return pd.DataFrame([
        {"initiative": r.initiative, "reviewer": r.reviewer, "name": r.own_name, "description": r.comment, "updated_at": r.updated_at}
        for r in missing_themes(store, initiative)
    ], columns=["initiative", "reviewer", "name", "description", "updated_at"])


def msc_frame(store: Store, initiative: str | None = None) -> pd.DataFrame:
    """The panel summary of Most Significant Change: which stories, chosen by whom, and why."""
    import pandas as pd

    from workbench.review import msc_choices

    rows = msc_choices(store, initiative)
    counts: dict[str, int] = {}
    for c in rows:
        counts[c.doc_id] = counts.get(c.doc_id, 0) + 1
    frame = pd.DataFrame([
        {"initiative": c.initiative, "story": c.doc_id, "n_chosen": counts[c.doc_id], "reviewer": c.reviewer, "role": c.role, "reason": c.reason,
         "updated_at": c.updated_at}
        for c in rows
    ], columns=["initiative", "story", "n_chosen", "reviewer", "role", "reason", "updated_at"])
    return frame.sort_values(["initiative", "n_chosen", "story"], ascending=[True, False, True], ignore_index=True)


def flags_frame(store: Store, initiative: str | None = None) -> pd.DataFrame:
    """Quotes flagged as identifying: where, by whom, when (never the text)."""
    import pandas as pd

    from workbench.review import flagged_quotes

    return pd.DataFrame([
        {"initiative": q.initiative, "document": q.doc_id, "version": q.doc_version, "start": q.start, "end": q.end, "reviewer": q.reviewer,
         "flagged_at": q.created_at}
        for q in flagged_quotes(store, initiative)
    ], columns=["initiative", "document", "version", "start", "end", "reviewer", "flagged_at"])
