"""The results of pseudonymising one text: what was replaced, where, and by what."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Replacement:
    """One replaced span: offsets in the original and in the pseudonymised text."""

    tag: str
    original: str
    pseudonym: str
    start: int
    end: int
    new_start: int
    new_end: int


@dataclass(frozen=True)
class Pseudonymised:
    text: str
    replacements: tuple[Replacement, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    def key(self) -> dict[str, str]:
        """original -> pseudonym for this document."""
        return {r.original: r.pseudonym for r in self.replacements}
