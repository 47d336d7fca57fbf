"""The corpus as data: :class:`Document`, :class:`DocumentInfo` and :class:`Segment`.

A Document owns its (pseudonymised) text; a Segment is a view on it by character offsets
(code points), like a spaCy Span over a Doc. Both are frozen: no I/O inside. The store hands
them out; :class:`workbench.corpus.model.Corpus` is the view that reads them through it.

Example:
    >>> seg = Segment("doc", 1, "sentence", 0, 5, "Hallo")
    >>> seg.text
    'Hallo'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.errors import UnknownChoiceError

#: the segment units, and the names a researcher may type for them (Dutch, plurals)
UNITS = ("turn", "paragraph", "sentence")
UNIT_ALIASES = {
    "turn": "turn", "turns": "turn", "beurt": "turn", "beurten": "turn", "spreekbeurt": "turn",
    "paragraph": "paragraph", "paragraphs": "paragraph", "alinea": "paragraph", "alineas": "paragraph", "alinea's": "paragraph",
    "sentence": "sentence", "sentences": "sentence", "zin": "sentence", "zinnen": "sentence",
}


#: the roles and kinds of the metadata sheet (Dutch, as researchers write them) in English
ROLES_EN = {
    "bewoner": "resident", "mantelzorger": "informal carer", "vrijwilliger": "volunteer", "coördinator": "coordinator",
    "bestuurslid": "board member", "professional": "professional", "gemeente": "municipality", "financier": "funder",
    "woningcorporatie": "housing corporation", "deelnemer": "participant", "anders": "other", "co-onderzoeker": "co-researcher",
}
KINDS_EN = {"interview": "interview", "ervaringsverhaal": "experience story", "enquete": "survey answer", "document": "document"}


def canonical_unit(unit: str) -> str:
    """'zin' -> 'sentence'; an unknown unit raises UnknownChoiceError listing the valid ones.

    Example:
        >>> canonical_unit("Beurten")
        'turn'
    """
    from workbench.i18n import t

    key = str(unit).strip().lower()
    if key not in UNIT_ALIASES:
        valid = ", ".join(f"{u} ({'/'.join(a for a, v in UNIT_ALIASES.items() if v == u and a != u)})" for u in UNITS)
        raise UnknownChoiceError(None, t("unknown_choice", value=unit, option="unit"), t("unknown_choice_fix", valid=valid))
    return UNIT_ALIASES[key]

@dataclass(frozen=True)
class Document:
    """A stored version of a document with its (pseudonymised) text."""

    id: str
    version: int
    text: str
    kind: str
    source_path: str
    content_hash: str
    initiative: str | None = None
    role: str | None = None
    date: str | None = None
    interviewer: str | None = None
    consent: bool = True
    n_words: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)
    replacements: dict[str, int] = field(default_factory=dict)
    source_hash: str = ""
    is_current: bool = True

    def _repr_html_(self) -> str:
        from workbench.display import document_html

        return document_html(self)


@dataclass(frozen=True)
class DocumentInfo:
    """A current document without its text: metadata and counts (for lists and tables)."""

    id: str
    version: int
    kind: str
    source_path: str
    source_hash: str
    content_hash: str
    initiative: str | None = None
    role: str | None = None
    date: str | None = None
    interviewer: str | None = None
    n_words: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)
    replacements: dict[str, int] = field(default_factory=dict)
    n_sentences: int = 0
    n_turns: int = 0


@dataclass(frozen=True)
class Segment:
    """A span of a document version: ``text == document.text[start:end]``.

    ``initiative``, ``role`` and ``kind`` are the document's, carried along so that
    themes, suggestions and reports can group segments without another look-up.
    """

    doc_id: str
    doc_version: int
    unit: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    is_interviewer: bool = False
    lemmas: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    initiative: str | None = None
    role: str | None = None
    kind: str | None = None
