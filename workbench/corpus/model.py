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

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.errors import DocumentNotFoundError

if TYPE_CHECKING:
    import pandas as pd

    from workbench.store import Store


@dataclass(frozen=True)
class Document:
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

    @classmethod
    def from_row(cls, row: Any) -> Document:
        return cls(
            id=row["id"],
            version=row["version"],
            text=row["text"],
            kind=row["kind"],
            source_path=row["source_path"],
            content_hash=row["content_hash"],
            initiative=row["initiative"],
            role=row["role"],
            date=row["date"],
            interviewer=row["interviewer"],
            consent=bool(row["consent"]),
            n_words=row["n_words"],
            metadata=json.loads(row["metadata"] or "{}"),
            replacements=json.loads(row["replacements"] or "{}"),
        )


@dataclass(frozen=True)
class Segment:
    """A span of a document version: ``text == document.text[start:end]``."""

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

    @classmethod
    def from_row(cls, row: Any, text: str) -> Segment:
        return cls(
            id=row["id"],
            doc_id=row["doc_id"],
            doc_version=row["doc_version"],
            unit=row["unit"],
            start=row["start"],
            end=row["end"],
            text=text[row["start"] : row["end"]],
            speaker=row["speaker"],
            is_interviewer=bool(row["is_interviewer"]),
            lemmas=tuple((row["lemmas"] or "").split()),
            meta=json.loads(row["meta"]) if row["meta"] else {},
        )


class Corpus:
    """The stored documents of a study (current versions unless asked otherwise)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __len__(self) -> int:
        return int(self._store.query("SELECT COUNT(*) FROM documents WHERE is_current = 1")[0][0])

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents())

    def documents(self, initiative: str | None = None) -> list[Document]:
        return [Document.from_row(r) for r in self._store.documents(initiative=initiative)]

    def get(self, doc_id: str, version: int | None = None) -> Document:
        """One document; raises DocumentNotFoundError with close matches."""
        row = self._store.get_document(doc_id, version)
        if row is None:
            import difflib

            ids = [r["id"] for r in self._store.query("SELECT DISTINCT id FROM documents")]
            close = difflib.get_close_matches(doc_id, ids, n=3, cutoff=0.5)
            hint = ("did you mean " + ", ".join(close) + "?") if close else "run 'workbench corpus list' to see the ids"
            what = f"no document '{doc_id}'" + (f" version {version}" if version else "")
            raise DocumentNotFoundError(None, what, hint)
        return Document.from_row(row)

    def segments(self, doc_id: str, unit: str | None = None, version: int | None = None, *, include_interviewer: bool = True) -> list[Segment]:
        doc = self.get(doc_id, version)
        rows = self._store.segments(doc.id, doc.version, unit)
        segs = [Segment.from_row(r, doc.text) for r in rows]
        return segs if include_interviewer else [s for s in segs if not s.is_interviewer]

    def to_frame(self, initiative: str | None = None) -> pd.DataFrame:
        """One row per current document: id, metadata, counts (no text)."""
        import pandas as pd

        rows = self._store.query(
            "SELECT d.id, d.version, d.kind, d.initiative, d.role, d.date, d.interviewer, d.source_path, d.n_words, "
            "d.replacements, d.metadata, "
            "(SELECT COUNT(*) FROM segments s WHERE s.doc_id = d.id AND s.doc_version = d.version AND s.unit = 'sentence') AS n_sentences, "
            "(SELECT COUNT(*) FROM segments s WHERE s.doc_id = d.id AND s.doc_version = d.version AND s.unit = 'turn') AS n_turns "
            "FROM documents d WHERE d.is_current = 1" + (" AND d.initiative = ?" if initiative else "") + " ORDER BY d.id",
            (initiative,) if initiative else (),
        )
        records = []
        for r in rows:
            rec = {k: r[k] for k in r.keys() if k not in ("replacements", "metadata")}
            rec["n_replacements"] = sum(json.loads(r["replacements"] or "{}").values())
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

        sql = (
            'SELECT s.id, s.doc_id, s.doc_version, s.unit, s.start, s."end", s.speaker, s.is_interviewer, s.lemmas, '
            "d.initiative, d.role, d.kind, substr(d.text, s.start + 1, s.\"end\" - s.start) AS text "
            "FROM segments s JOIN documents d ON d.id = s.doc_id AND d.version = s.doc_version "
            "WHERE d.is_current = 1 AND s.unit = ?" + ("" if include_interviewer else " AND s.is_interviewer = 0") + " ORDER BY s.doc_id, s.start"
        )
        rows = self._store.query(sql, (unit,))
        return pd.DataFrame.from_records([dict(r) for r in rows])
