"""The Corpus: the view that reads documents and segments through the store.

:class:`Document`, :class:`DocumentInfo` and :class:`Segment` live in
:mod:`workbench.model.corpus` (the data model at the bottom); they are re-exported here.

Example:
    >>> study = wb.open_study(".")                       # doctest: +SKIP
    >>> doc = study.corpus.get("austerlitz-zorgt/interview-01-bewoner")   # doctest: +SKIP
    >>> [s.text for s in study.corpus.segments(doc.id, unit="sentence")][:2]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from workbench.errors import DocumentNotFoundError
from workbench.model.corpus import UNIT_ALIASES, UNITS, Document, DocumentInfo, Segment, canonical_unit

__all__ = ["UNITS", "UNIT_ALIASES", "Corpus", "Document", "DocumentInfo", "Segment", "canonical_unit"]

if TYPE_CHECKING:
    import pandas as pd

    from workbench.store import Store


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
