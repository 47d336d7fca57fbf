"""What co-researchers said, as tables for the researcher's notebook (04-review.ipynb).

Column names, verdicts and link states are written in the interface language (``lang``,
default: :func:`workbench.i18n.language`). Flagged quotes are listed by place (document,
offsets), who flagged them and when: never by their text.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from workbench.i18n import add, language, t

if TYPE_CHECKING:
    import pandas as pd

    from workbench.store import Store

add("review_table_verdict_recognise", nl="herken ik", en="recognised")
add("review_table_verdict_partly", nl="deels", en="partly")
add("review_table_verdict_not", nl="herken ik niet", en="not recognised")
add("review_table_state_active", nl="actief", en="active")
add("review_table_state_revoked", nl="ingetrokken", en="revoked")
add("review_table_state_expired", nl="verlopen", en="expired")
#: column -> catalogue key (columns not listed keep their name)
COLUMNS = {
    "initiative": "initiative", "role": "role", "document": "document", "version": "version", "start": "start", "end": "end",
    "reviewer": add("review_table_reviewer", nl="co-onderzoeker", en="co-researcher"),
    "links": add("review_table_links", nl="links", en="links"),
    "last_used": add("review_table_last_used", nl="laatst gebruikt", en="last used"),
    "themes_done": add("review_table_themes_done", nl="thema's beoordeeld", en="themes judged"),
    "themes_total": add("review_table_themes_total", nl="thema's in totaal", en="themes in all"),
    "own_names": add("review_table_own_names", nl="eigen namen", en="own names"),
    "missing": add("review_table_missing", nl="gemiste thema's", en="missing themes"),
    "quotes_done": add("review_table_quotes_done", nl="citaten bekeken", en="quotes checked"),
    "flagged": add("review_table_flagged", nl="als herkenbaar gemarkeerd", en="flagged as identifying"),
    "msc_chosen": add("review_table_msc_chosen", nl="verhalen gekozen", en="stories chosen"),
    "theme": add("review_table_theme_id", nl="thema-id", en="theme id"),
    "label": add("review_table_theme", nl="thema", en="theme"),
    "verdict": add("review_table_verdict", nl="oordeel", en="verdict"),
    "own_name": add("review_table_own_name", nl="eigen naam", en="own name"),
    "comment": add("review_table_comment", nl="opmerking", en="comment"),
    "updated_at": add("review_table_updated_at", nl="bijgewerkt", en="updated"),
    "name": add("review_table_missing_theme", nl="gemist thema", en="missing theme"),
    "description": add("review_table_description", nl="toelichting", en="description"),
    "story": add("review_table_story", nl="verhaal", en="story"),
    "n_chosen": add("review_table_n_chosen", nl="keer gekozen", en="times chosen"),
    "reason": add("review_table_reason", nl="reden", en="reason"),
    "flagged_at": add("review_table_flagged_at", nl="gemarkeerd op", en="flagged at"),
}


def _labelled(frame: pd.DataFrame, lang: str | None) -> pd.DataFrame:
    code = lang or language()
    return frame.rename(columns={c: str(t(COLUMNS[c], code)) for c in frame.columns if c in COLUMNS})


def verdict_label(verdict: str | None, lang: str | None = None) -> str | None:
    """A verdict on a theme (recognise, partly, not) as the researcher reads it."""
    return str(t(f"review_table_verdict_{verdict}", lang or language())) if verdict in ("recognise", "partly", "not") else verdict


def state_label(state: str, lang: str | None = None) -> str:
    """A link's state (active, revoked, expired) as the researcher reads it."""
    return str(t(f"review_table_state_{state}", lang or language())) if state in ("active", "revoked", "expired") else state


def status_frame(store: Store, lang: str | None = None) -> pd.DataFrame:
    """One row per co-researcher: links, how far they got."""
    import pandas as pd

    from workbench.review.status import ReviewerStatus, review_status

    rows = [dict(asdict(r), links=", ".join(f"{i} ({state_label(s, lang)})" for i, s in r.links)) for r in review_status(store)]
    return _labelled(pd.DataFrame(rows, columns=list(ReviewerStatus.__dataclass_fields__)), lang)


def verdicts_frame(store: Store, initiative: str | None = None, lang: str | None = None) -> pd.DataFrame:
    """Every verdict on a theme, with the co-researcher's own name and comment."""
    import pandas as pd

    from workbench.review.verdicts import verdicts

    return _labelled(pd.DataFrame([
        {"initiative": r.initiative, "theme": r.theme_key, "label": r.theme_label, "reviewer": r.reviewer, "role": r.role,
         "verdict": verdict_label(r.verdict, lang), "own_name": r.own_name, "comment": r.comment, "updated_at": r.updated_at}
        for r in verdicts(store, initiative)
    ], columns=["initiative", "theme", "label", "reviewer", "role", "verdict", "own_name", "comment", "updated_at"]), lang)


def missing_frame(store: Store, initiative: str | None = None, lang: str | None = None) -> pd.DataFrame:
    """Themes co-researchers miss, in their own words."""
    import pandas as pd

    from workbench.review.verdicts import missing_themes

    return _labelled(pd.DataFrame([
        {"initiative": r.initiative, "reviewer": r.reviewer, "name": r.own_name, "description": r.comment, "updated_at": r.updated_at}
        for r in missing_themes(store, initiative)
    ], columns=["initiative", "reviewer", "name", "description", "updated_at"]), lang)


def msc_frame(store: Store, initiative: str | None = None, lang: str | None = None) -> pd.DataFrame:
    """The panel summary of Most Significant Change: which stories, chosen by whom, and why."""
    import pandas as pd

    from workbench.review.verdicts import msc_choices

    rows = msc_choices(store, initiative)
    counts: dict[str, int] = {}
    for c in rows:
        counts[c.doc_id] = counts.get(c.doc_id, 0) + 1
    frame = pd.DataFrame([
        {"initiative": c.initiative, "story": c.doc_id, "n_chosen": counts[c.doc_id], "reviewer": c.reviewer, "role": c.role, "reason": c.reason,
         "updated_at": c.updated_at}
        for c in rows
    ], columns=["initiative", "story", "n_chosen", "reviewer", "role", "reason", "updated_at"])
    return _labelled(frame.sort_values(["initiative", "n_chosen", "story"], ascending=[True, False, True], ignore_index=True), lang)


def flags_frame(store: Store, initiative: str | None = None, lang: str | None = None) -> pd.DataFrame:
    """Quotes flagged as identifying: where, by whom, when (never the text)."""
    import pandas as pd

    from workbench.review.verdicts import flagged_quotes

    return _labelled(pd.DataFrame([
        {"initiative": q.initiative, "document": q.doc_id, "version": q.doc_version, "start": q.start, "end": q.end, "reviewer": q.reviewer,
         "flagged_at": q.created_at}
        for q in flagged_quotes(store, initiative)
    ], columns=["initiative", "document", "version", "start", "end", "reviewer", "flagged_at"]), lang)
