"""Review by co-researchers: invitations, a read-only view of one initiative, the review
app (ipywidgets, also served by Voila as a plain web page), and what the other parts read.

For the other parts (reports, export, coding app, themes), no widgets involved:

    >>> from workbench import review
    >>> review.flagged_spans(store)            # spans never to show    # doctest: +SKIP
    >>> review.hide_flagged(store, codings)    # drop what overlaps one  # doctest: +SKIP
    >>> review.is_flagged(store, doc_id, version, start, end)            # doctest: +SKIP
    >>> review.verdicts(store, "Austerlitz Zorgt")                       # doctest: +SKIP
    >>> review.msc_choices(store, "Austerlitz Zorgt")                    # doctest: +SKIP

``store`` is a :class:`workbench.store.Store` (``study.store``). The app itself
(:mod:`workbench.review.app`) imports ipywidgets; this module does not.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.model.flags import Flags, flagged_spans, hide_flagged, is_flagged, mask_text
from workbench.review.invitations import DEFAULT_URL, NewInvitation, check_token, invite, revoke
from workbench.review.tables import flags_frame, missing_frame, msc_frame, status_frame, verdicts_frame
from workbench.review.themes import ReviewQuote, ReviewTheme, latest_themes
from workbench.review.view import InitiativeView, Story, open_view
from workbench.store.review import Invitation, MscChoice, QuoteVerdict, Reviewer, ThemeReview

if TYPE_CHECKING:
    from workbench.store import Store


def flagged_quotes(store: Store, initiative: str | None = None) -> list[QuoteVerdict]:
    """Quotes flagged as identifying (who flagged, when), of one initiative or all.
    Their spans: :func:`flagged_spans`. Never show their text."""
    return store.quote_verdicts(initiative=initiative, verdict="identifying")


def verdicts(store: Store, initiative: str | None = None) -> list[ThemeReview]:
    """Every reviewer's verdict, own name and comment per theme (not the missing themes)."""
    return store.theme_reviews(initiative=initiative, kind="theme")


def missing_themes(store: Store, initiative: str | None = None) -> list[ThemeReview]:
    """Themes co-researchers miss, in their own words (``own_name``, ``comment``); empty ones left out."""
    return [r for r in store.theme_reviews(initiative=initiative, kind="missing") if (r.own_name or r.comment)]


@dataclass(frozen=True)
class ThemeVerdicts:
    """What an initiative's co-researchers said about one theme, together."""

    theme_key: str
    run_id: int | None
    theme_id: int | None
    label: str | None
    counts: dict[str, int]  # recognise / partly / not -> n
    own_names: tuple[str, ...]
    comments: tuple[str, ...]


def theme_verdicts(store: Store, initiative: str | None = None) -> list[ThemeVerdicts]:
    """Verdicts per theme (counts, own names, comments), for reports."""
    by_key: dict[str, list[ThemeReview]] = {}
    for r in verdicts(store, initiative):
        by_key.setdefault(r.theme_key, []).append(r)
    out = []
    for key, rows in by_key.items():
        counts = Counter(r.verdict for r in rows if r.verdict)
        out.append(ThemeVerdicts(
            key, rows[0].run_id, rows[0].theme_id, rows[-1].theme_label, dict(counts),
            tuple(dict.fromkeys(r.own_name for r in rows if r.own_name)), tuple(r.comment for r in rows if r.comment),
        ))
    return out


def msc_choices(store: Store, initiative: str | None = None) -> list[MscChoice]:
    """Most Significant Change: the stories chosen (per reviewer, with the reason)."""
    return store.msc_choices(initiative=initiative)


def quote_verdicts(store: Store, initiative: str | None = None) -> list[QuoteVerdict]:
    """Every verdict on a quote (ok, wrong, identifying)."""
    return store.quote_verdicts(initiative=initiative)


__all__ = [
    "DEFAULT_URL", "Flags", "InitiativeView", "Invitation", "MscChoice", "NewInvitation", "QuoteVerdict", "ReviewQuote", "ReviewTheme",
    "Reviewer", "Story", "ThemeReview", "ThemeVerdicts", "check_token", "flagged_quotes", "flagged_spans", "flags_frame", "hide_flagged",
    "invite", "is_flagged", "latest_themes", "mask_text", "missing_frame", "missing_themes", "msc_choices", "msc_frame", "open_view",
    "quote_verdicts", "revoke", "status_frame", "theme_verdicts", "verdicts", "verdicts_frame",
]
