"""The records a theme run hands out: :class:`Theme` and its :class:`Quote` (kept apart from
the model so that the default and the mini-batch paths build the same ones)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Quote:
    """A representative segment of a theme: where it is, and its text."""

    doc_id: str
    doc_version: int
    start: int
    end: int
    text: str
    initiative: str | None = None
    role: str | None = None

    @property
    def key(self) -> tuple[str, int, int, int]:
        return (self.doc_id, self.doc_version, self.start, self.end)


@dataclass(frozen=True)
class Theme:
    """One theme of a run.

    ``share_initiative[name]`` is the share of that initiative's segments that fall in
    this theme (so themes can be compared across initiatives of different sizes);
    ``count_initiative`` the raw counts. ``stability`` is how often the theme comes back
    under other seeds (mean best-match Jaccard of members, 0..1), None until measured.
    ``code_id``/``code_label``: the code a codebook-guided theme started from; None for a
    new theme (what no code covers: a candidate code).
    """

    id: int
    label: str
    keywords: tuple[str, ...]
    size: int
    quotes: tuple[Quote, ...] = ()
    count_initiative: dict[str, int] = field(default_factory=dict)
    share_initiative: dict[str, float] = field(default_factory=dict)
    count_role: dict[str, int] = field(default_factory=dict)
    share_role: dict[str, float] = field(default_factory=dict)
    stability: float | None = None
    human_label: str | None = None
    code_id: str | None = None
    code_label: str | None = None

    @property
    def is_new(self) -> bool:
        """Found in the text, not started from a code (or a run that was not codebook-guided)."""
        return self.code_id is None

    @property
    def name(self) -> str:
        """The label people gave it, else the drafted one."""
        return self.human_label or self.label


def draft_label(keywords: Sequence[str], n: int = 3) -> str:
    """A first label from the top keywords ("vrijwilliger, buurt, hulp"), until people name it."""
    return ", ".join(keywords[:n]) if keywords else "(zonder woorden)"


__all__ = ["Quote", "Theme", "draft_label"]
