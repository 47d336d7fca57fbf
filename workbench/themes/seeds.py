"""Codes as seeds of themes: what a code says (label, definition, include, examples) as one text.

A codebook-guided run starts a theme from each active most specific code (a code without
children); what no code covers forms new themes. Keywords are left out on purpose: they
drive the rule suggester, and a theme found by the same words would only repeat it.

Example:
    >>> from workbench.codebook.model import Code
    >>> seed = ThemeSeed.from_code(Code(id="eenzaamheid", label={"nl": "Eenzaamheid"}, definition="Zich alleen voelen."))
    >>> seed.text
    'Eenzaamheid. Zich alleen voelen.'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ThemeSeed:
    """A code a theme may start from: its id, label and the text that describes it.

    ``lemmas``: the words of ``text`` when the model reads given words (``words="given"``);
    empty for Dutch text, which the model lemmatises itself.
    """

    code_id: str
    label: str
    text: str
    lemmas: tuple[str, ...] = ()

    @classmethod
    def from_code(cls, code: Any, lang: str = "nl") -> ThemeSeed:
        label = code.label.get(lang) or code.label.get("nl") or code.id
        parts = [label, code.definition, code.include, *code.examples]
        text = " ".join(p.strip().rstrip(".") + "." for p in parts if p and p.strip())
        return cls(code_id=code.id, label=label, text=text)


def seeds_from_codebook(codebook: Any, lang: str = "nl") -> list[ThemeSeed]:
    """One seed per active code without active children, in codebook order."""
    codes = [c for _, c in codebook.walk()]
    active = {c.id for c in codes if getattr(c, "is_active", True)}
    parents = {c.parent for c in codes if c.id in active and c.parent}
    return [ThemeSeed.from_code(c, lang) for c in codes if c.id in active and c.id not in parents]


__all__ = ["ThemeSeed", "seeds_from_codebook"]
