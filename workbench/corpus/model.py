"""Document, Segment and Corpus: the corpus as the rest of the workbench sees it.

A Document owns its (pseudonymised) text; a Segment is a view on it by character
offsets (code points), like a spaCy Span over a Doc. Both are frozen: no I/O inside.
:class:`Corpus` reads them from the store.

Example:
    >>> study = wb.open_study(".")                       # doctest: +SKIP
    >>> doc = study.corpus.get("austerlitz-zorgt/interview-01-bewoner")   # doctest: +SKIP
    >>> [s.text for s in study.corpus.segments(doc.id, unit="sentence")][:2]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.errors import DocumentNotFoundError, UnknownChoiceError

#: the segment units, and the names a researcher may type for them (Dutch, plurals)
UNITS = ("turn", "paragraph", "sentence")
UNIT_ALIASES = {
    "turn": "turn", "turns": "turn", "beurt": "turn", "beurten": "turn", "spreekbeurt": "turn",
    "paragraph": "paragraph", "paragraphs": "paragraph", "alinea": "paragraph", "alineas": "paragraph", "alinea's": "paragraph",
    "sentence": "sentence", "sentences": "sentence", "zin": "sentence", "zinnen": "sentence",
}


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

if TYPE_CHECKING:
    import pandas as pd

    from workbench.store import Store


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


class Corpus:
    """The stored documents of a study (current versions unless asked otherwise)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __len__(self) -> int:
        return self._store.count_documents()

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents())

    def documents(self, initiative: str | None = None) -> list[Document]:
        return self._store.documents(initiative=initiative)

    def get(self, doc_id: str, version: int | None = None) -> Document:
        """One document; raises DocumentNotFoundError with close matches."""
        doc = self._store.get_document(doc_id, version)
        if doc is None:
            import difflib

            ids = self._store.document_ids()
            close = difflib.get_close_matches(doc_id, ids, n=3, cutoff=0.5)
            from workbench.i18n import t

            hint = t("did_you_mean", names=", ".join(close)) if close else t("document_missing_fix")
            what = t("document_missing", doc_id=doc_id) + (f" ({t('version')} {version})" if version else "")
            raise DocumentNotFoundError(None, what, hint)
        return doc

    def segments(self, doc_id: str, unit: str | None = None, version: int | None = None, *, include_interviewer: bool = True) -> list[Segment]:
        if unit is not None:
            unit = canonical_unit(unit)
        doc = self.get(doc_id, version)
        segs = self._store.segments(doc.id, doc.version, unit)
        return segs if include_interviewer else [s for s in segs if not s.is_interviewer]

    def to_frame(self, initiative: str | None = None) -> pd.DataFrame:
        """One row per current document: id, metadata, counts (no text)."""
        import pandas as pd

        records = []
        for info in self._store.document_infos(initiative=initiative):
            rec = {k: getattr(info, k) for k in ("id", "version", "kind", "initiative", "role", "date", "interviewer", "source_path", "n_words", "n_sentences", "n_turns")}
            rec["n_replacements"] = sum(info.replacements.values())
            records.append(rec)
        columns = ["id", "version", "kind", "initiative", "role", "date", "interviewer", "source_path", "n_words", "n_sentences", "n_turns", "n_replacements"]
        return pd.DataFrame.from_records(records, columns=columns)

    def summary(self) -> pd.DataFrame:
        """Documents, words and sentences per initiative and role (the ingest summary as a table)."""
        frame = self.to_frame()
        if frame.empty:
            return frame
        table = frame.fillna({"initiative": "-", "role": "-"}).groupby(["initiative", "role"], as_index=False).agg(
            documents=("id", "count"), words=("n_words", "sum"), sentences=("n_sentences", "sum"), replacements=("n_replacements", "sum")
        )
        return table

    def segments_frame(self, unit: str = "sentence", *, include_interviewer: bool = False) -> pd.DataFrame:
        """All segments of one unit across current documents, with their text and metadata."""
        import pandas as pd

        unit = canonical_unit(unit)
        columns = ["id", "doc_id", "doc_version", "unit", "start", "end", "speaker", "is_interviewer", "lemmas", "initiative", "role", "kind", "text"]
        segs = self._store.all_segments(unit, include_interviewer=include_interviewer)
        records = [{c: (" ".join(s.lemmas) if c == "lemmas" else getattr(s, c)) for c in columns} for s in segs]
        return pd.DataFrame.from_records(records, columns=columns)

    # -- for people: tables with labelled columns, text first (notebooks show these) -------
    def table(self, initiative: str | None = None, lang: str | None = None) -> pd.DataFrame:
        """One row per current document, columns labelled in the interface language.

        Example:
            >>> study.corpus.table(initiative="Austerlitz Zorgt")   # doctest: +SKIP
        """
        from workbench.display import labelled

        frame = self.to_frame(initiative=initiative)
        cols = ["id", "initiative", "role", "kind", "date", "interviewer", "n_words", "n_sentences", "n_replacements"]
        return labelled(frame[cols], lang)

    def summary_table(self, lang: str | None = None) -> pd.DataFrame:
        """:meth:`summary` with labelled columns."""
        from workbench.display import labelled

        return labelled(self.summary(), lang)

    def pick(self, doc_id: str | None = None, *, initiative: str | None = None) -> Document:
        """The document ``doc_id`` or, without one, the first of ``initiative`` (or of the corpus)."""
        if doc_id:
            return self.get(doc_id)
        frame = self.to_frame(initiative=initiative)
        if frame.empty:
            from workbench.i18n import t

            raise DocumentNotFoundError(None, t("nothing_stored"), t("document_missing_fix"))
        return self.get(str(frame["id"].iloc[0]))

    def text_table(self, doc_id: str, unit: str = "sentence", *, include_interviewer: bool = True, lang: str | None = None) -> pd.DataFrame:
        """The segments of one document as a readable table: text first, then speaker and offsets."""
        import pandas as pd

        from workbench.display import labelled

        segs = self.segments(doc_id, unit, include_interviewer=include_interviewer)
        records = [{"text": s.text, "speaker": s.speaker or "", "is_interviewer": s.is_interviewer, "start": s.start, "end": s.end} for s in segs]
        return labelled(pd.DataFrame.from_records(records, columns=["text", "speaker", "is_interviewer", "start", "end"]), lang)

    def segments_of(self, unit: str = "sentence", *, include_interviewer: bool = False, initiative: str | None = None) -> list[Segment]:
        """All segments of one unit across current documents (with initiative, role and kind)."""
        unit = canonical_unit(unit)
        return self._store.all_segments(unit, include_interviewer=include_interviewer, initiative=initiative)
