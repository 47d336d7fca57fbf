"""What co-researchers said, as the other parts read it: verdicts on themes, themes they miss,
quotes they flagged, Most Significant Change choices. No widgets involved.

Example:
    >>> verdicts(store, "Austerlitz Zorgt")          # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.store.review import MscChoice, QuoteVerdict, ThemeReview

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
