"""Impact pathways' data model (issue 20): a coded link "cause -> effect", its events, a verdict.

Frozen dataclasses that the store fills and every layer above passes around, and the two
pure rules the store and the replay share (an alias chain resolved; a link superseded
after a split). Nothing here does I/O.

Example:
    >>> Link("a", 1, 0, 9, "steun", "minder-eenzaam", "anna", "manual", "more", None, None, 1, None, "2026-01-01").span
    ('a', 1, 0, 9)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LINK_SIGNS = ("more", "less")
LINK_STRENGTHS = ("weak", "moderate", "strong")
LINK_VERDICTS = ("yes", "partly", "no")


@dataclass(frozen=True)
class Link:
    """One link in the current state: ``cause`` led to ``effect``, told by a span, per coder."""

    doc_id: str
    doc_version: int
    start: int
    end: int
    cause: str
    effect: str
    coder: str
    source: str
    sign: str
    strength: str | None
    spans: str | None  # JSON {"cause": [s, e], "effect": [s, e]} or None
    codebook_version: int | None
    memo: str | None
    applied_at: str
    needs_recoding: bool = False
    confidence: float | None = None
    rationale: str | None = None
    event_id: int = 0

    @property
    def span(self) -> tuple[str, int, int, int]:
        return (self.doc_id, self.doc_version, self.start, self.end)

    @property
    def key(self) -> tuple[str, int, int, int, str, str, str]:
        return (self.doc_id, self.doc_version, self.start, self.end, self.cause, self.effect, self.coder)

    @property
    def is_suggestion(self) -> bool:
        return self.source == "suggested"


@dataclass(frozen=True)
class LinkEvent:
    """One row of the links' audit trail."""

    id: int
    kind: str  # link | unlink
    doc_id: str
    doc_version: int
    start: int
    end: int
    cause: str
    effect: str
    coder: str
    source: str
    sign: str
    created_at: str
    strength: str | None = None
    spans: str | None = None
    confidence: float | None = None
    rationale: str | None = None
    codebook_version: int | None = None
    memo: str | None = None
    payload: dict[str, Any] | None = None
    after_revision: int = 0


@dataclass(frozen=True)
class LinkReview:
    reviewer_id: int
    reviewer: str
    role: str | None
    initiative: str
    cause: str
    effect: str
    verdict: str | None
    comment: str | None
    updated_at: str


def resolve(aliases: dict[str, str], code: str) -> str:
    seen = set()
    while code in aliases and code not in seen:
        seen.add(code)
        code = aliases[code]
    return code


def superseded(flagged: Link, cause: str, effect: str, splits: dict[str, set[str]]) -> bool:
    """A link waiting for re-coding after a split is superseded when the same coder links the
    same span with the split code replaced by one of its parts (the other end unchanged)."""
    if not flagged.needs_recoding or (flagged.cause, flagged.effect) == (cause, effect):
        return False

    def fits(old: str, new: str) -> bool:
        return old == new or new in splits.get(old, set())

    return fits(flagged.cause, cause) and fits(flagged.effect, effect)
