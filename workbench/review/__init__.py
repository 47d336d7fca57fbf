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

from workbench.model.flags import Flags, flagged_spans, hide_flagged, is_flagged, mask_text
from workbench.review.invitations import DEFAULT_URL, NewInvitation, check_token, invite, revoke
from workbench.review.tables import flags_frame, missing_frame, msc_frame, status_frame, verdicts_frame
from workbench.review.themes import ReviewQuote, ReviewTheme, latest_themes
from workbench.review.view import InitiativeView, Story, open_view
from workbench.review.verdicts import (
    ThemeVerdicts,
    flagged_quotes,
    missing_themes,
    msc_choices,
    quote_verdicts,
    theme_verdicts,
    verdicts,
)
from workbench.store.review import Invitation, MscChoice, QuoteVerdict, Reviewer, ThemeReview

__all__ = [
    "DEFAULT_URL", "Flags", "InitiativeView", "Invitation", "MscChoice", "NewInvitation", "QuoteVerdict", "ReviewQuote", "ReviewTheme",
    "Reviewer", "Story", "ThemeReview", "ThemeVerdicts", "check_token", "flagged_quotes", "flagged_spans", "flags_frame", "hide_flagged",
    "invite", "is_flagged", "latest_themes", "mask_text", "missing_frame", "missing_themes", "msc_choices", "msc_frame", "open_view",
    "quote_verdicts", "revoke", "status_frame", "theme_verdicts", "verdicts", "verdicts_frame",
]
