"""Documents, segments and ingest runs in the store."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from workbench.store.base import StoreBase

from workbench.store.schema import coding_events, codings, documents, ingest_problems, ingest_runs, segments

if TYPE_CHECKING:
    from workbench.model.corpus import Document, DocumentInfo, Segment

_DOC_META = [c for c in documents.c if c.name != "text"]


def _json(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value or {}, ensure_ascii=False, sort_keys=True)


def _document(row: Any) -> Document:
    from workbench.model.corpus import Document

    return Document(
        id=row.id, version=row.version, text=row.text, kind=row.kind, source_path=row.source_path, content_hash=row.content_hash,
        source_hash=row.source_hash, initiative=row.initiative, role=row.role, date=row.date, interviewer=row.interviewer,
        consent=bool(row.consent), n_words=row.n_words, metadata=json.loads(row.metadata or "{}"),
        replacements=json.loads(row.replacements or "{}"), is_current=bool(row.is_current),
    )


def _segment(row: Any, text: str, doc: Any = None) -> Segment:
    from workbench.model.corpus import Segment

    return Segment(
        id=row.id, doc_id=row.doc_id, doc_version=row.doc_version, unit=row.unit, start=row.start, end=row.end,
        text=text, speaker=row.speaker, is_interviewer=bool(row.is_interviewer),
        lemmas=tuple((row.lemmas or "").split()), meta=json.loads(row.meta) if row.meta else {},
        initiative=getattr(doc, "initiative", None), role=getattr(doc, "role", None), kind=getattr(doc, "kind", None),
    )


class CorpusQueries(StoreBase):
    """Mixin of :class:`workbench.store.Store`: the corpus."""

    # -- documents ----------------------------------------------------------------
    def count_documents(self, *, current_only: bool = True) -> int:
        query = sa.select(sa.func.count()).select_from(documents)
        if current_only:
            query = query.where(documents.c.is_current == 1)
        with self.read() as con:
            return int(con.execute(query).scalar_one())

    def document_ids(self) -> list[str]:
        """Every document id ever stored (current or not), for 'did you mean'."""
        with self.read() as con:
            return list(con.execute(sa.select(documents.c.id).distinct().order_by(documents.c.id)).scalars())

    def document_hashes(self) -> set[tuple[str, str]]:
        """(id, content_hash) of every stored version, current or not: the pseudonymisation
        key's rows belong to exactly these (workbench.corpus.keysafe)."""
        with self.read() as con:
            return {(r.id, r.content_hash) for r in con.execute(sa.select(documents.c.id, documents.c.content_hash).distinct())}

    def has_document(self, doc_id: str) -> bool:
        with self.read() as con:
            return con.execute(sa.select(documents.c.id).where(documents.c.id == doc_id).limit(1)).first() is not None

    def get_document(self, doc_id: str, version: int | None = None) -> Document | None:
        """A version of a document (the current one by default), or None."""
        query = sa.select(documents).where(documents.c.id == doc_id)
        query = query.where(documents.c.is_current == 1) if version is None else query.where(documents.c.version == version)
        with self.read() as con:
            row = con.execute(query).first()
        return _document(row) if row is not None else None

    def current_document(self, doc_id: str) -> Document | None:
        return self.get_document(doc_id)

    def document_length(self, doc_id: str, version: int) -> int | None:
        """Length of a document version's text in code points, or None if there is none."""
        with self.read() as con:
            value = con.execute(
                sa.select(sa.func.length(documents.c.text)).where(documents.c.id == doc_id, documents.c.version == version)
            ).scalar()
        return None if value is None else int(value)

    def documents(self, *, initiative: str | None = None, current_only: bool = True) -> list[Document]:
        query = sa.select(documents).order_by(documents.c.id, documents.c.version)
        if current_only:
            query = query.where(documents.c.is_current == 1)
        if initiative is not None:
            query = query.where(documents.c.initiative == initiative)
        with self.read() as con:
            return [_document(r) for r in con.execute(query)]

    def current_documents_from(self, source_path: str) -> list[DocumentInfo]:
        """The current documents read from one file (a survey gives several), without text."""
        return self.document_infos(source_path=source_path, counts=False)

    def document_infos(self, *, initiative: str | None = None, source_path: str | None = None, counts: bool = True) -> list[DocumentInfo]:
        """Current documents without their text, with sentence and turn counts."""
        from workbench.model.corpus import DocumentInfo

        cols: list[Any] = list(_DOC_META)
        if counts:
            for unit in ("sentence", "turn"):
                cols.append(
                    sa.select(sa.func.count()).select_from(segments)
                    .where(segments.c.doc_id == documents.c.id, segments.c.doc_version == documents.c.version, segments.c.unit == unit)
                    .scalar_subquery().label(f"n_{unit}s")
                )
        query = sa.select(*cols).where(documents.c.is_current == 1).order_by(documents.c.id)
        if initiative is not None:
            query = query.where(documents.c.initiative == initiative)
        if source_path is not None:
            query = query.where(documents.c.source_path == source_path)
        with self.read() as con:
            rows = con.execute(query).all()
        return [
            DocumentInfo(
                id=r.id, version=r.version, kind=r.kind, source_path=r.source_path, source_hash=r.source_hash, content_hash=r.content_hash,
                initiative=r.initiative, role=r.role, date=r.date, interviewer=r.interviewer, n_words=r.n_words,
                metadata=json.loads(r.metadata or "{}"), replacements=json.loads(r.replacements or "{}"),
                n_sentences=getattr(r, "n_sentences", 0), n_turns=getattr(r, "n_turns", 0),
            )
            for r in rows
        ]

    def initiatives(self) -> list[str]:
        """The initiatives of the current documents, sorted."""
        with self.read() as con:
            rows = con.execute(
                sa.select(documents.c.initiative).where(documents.c.is_current == 1, documents.c.initiative.is_not(None)).distinct()
            ).scalars()
            return sorted(rows)

    def add_document(self, row: dict[str, Any], segment_rows: Iterable[dict[str, Any]]) -> int:
        """Store a new version of a document with its segments; returns the version."""
        from workbench.store.base import now

        with self.transaction() as con:
            last = con.execute(sa.select(sa.func.max(documents.c.version)).where(documents.c.id == row["id"])).scalar()
            version = int(last or 0) + 1
            con.execute(documents.update().where(documents.c.id == row["id"]).values(is_current=0))
            record = dict(row, version=version, is_current=1, created_at=now())
            for key in ("metadata", "replacements"):
                record[key] = _json(record.get(key))
            con.execute(documents.insert(), record)
            records = [
                {
                    "doc_id": row["id"], "doc_version": version, "unit": s["unit"], "start": s["start"], "end": s["end"],
                    "speaker": s.get("speaker"), "is_interviewer": int(bool(s.get("is_interviewer"))), "lemmas": s.get("lemmas"),
                    "meta": json.dumps(s["meta"], ensure_ascii=False) if s.get("meta") else None,
                }
                for s in segment_rows
            ]
            if records:
                con.execute(segments.insert(), records)
            self._document_added(con, row["id"], version, row["text"])
            return version

    def update_document_metadata(self, doc_id: str, version: int, fields: dict[str, Any]) -> None:
        """Metadata (role, date, ...) may change without the text: no new version then."""
        allowed = {"initiative", "role", "date", "interviewer", "kind", "metadata", "consent"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"not document metadata: {', '.join(sorted(unknown))}")  # i18n: developer
        values = dict(fields)
        if "metadata" in values:
            values["metadata"] = _json(values["metadata"])
        with self.transaction() as con:
            con.execute(documents.update().where(documents.c.id == doc_id, documents.c.version == version).values(**values))

    def set_source_hash(self, doc_id: str, version: int, source_hash: str) -> None:
        """The same text came from other bytes (a file saved again): remember the bytes."""
        with self.transaction() as con:
            con.execute(documents.update().where(documents.c.id == doc_id, documents.c.version == version).values(source_hash=source_hash))

    def retire_document(self, doc_id: str) -> None:
        """Take a document out of the current corpus (consent withdrawn), keeping its rows."""
        with self.transaction() as con:
            con.execute(documents.update().where(documents.c.id == doc_id).values(is_current=0))

    def remove_document(self, doc_id: str) -> int:
        """Delete every version of a document with its segments and coding events
        (consent withdrawn). Returns the number of versions removed."""
        with self.transaction() as con:
            self._lock(con, f"doc:{doc_id}")
            n = con.execute(sa.select(sa.func.count()).select_from(documents).where(documents.c.id == doc_id)).scalar_one()
            con.execute(codings.delete().where(codings.c.doc_id == doc_id))
            con.execute(coding_events.delete().where(coding_events.c.doc_id == doc_id))
            self._delete_document_rows(con, doc_id)
            con.execute(segments.delete().where(segments.c.doc_id == doc_id))
            con.execute(documents.delete().where(documents.c.id == doc_id))
            return int(n)

    def _document_added(self, con: sa.Connection, doc_id: str, version: int, text: str) -> None:
        """A new version of a document was stored (same transaction): other parts may carry
        their rows over (e.g. review carries quotes flagged as identifying). Passes the call on."""
        super()._document_added(con, doc_id, version, text)

    def _delete_document_rows(self, con: sa.Connection, doc_id: str) -> None:
        """Rows of the other parts (themes, reviews, ...) that point at a document.

        Each part's mixin may extend this (call super()) so that removing a document for
        good leaves nothing of it behind. This one is first in the Store's order, so it
        passes the call on to the others.
        """
        super()._delete_document_rows(con, doc_id)

    # -- segments -----------------------------------------------------------------
    def segments(self, doc_id: str, version: int, unit: str | None = None) -> list[Segment]:
        """The segments of a document version (all units, or one), in text order."""
        query = sa.select(segments).where(segments.c.doc_id == doc_id, segments.c.doc_version == version)
        if unit:
            query = query.where(segments.c.unit == unit)
        with self.read() as con:
            doc = con.execute(sa.select(documents).where(documents.c.id == doc_id, documents.c.version == version)).first()
            if doc is None:
                return []
            rows = con.execute(query.order_by(segments.c.start, segments.c.end.desc())).all()
        return [_segment(r, doc.text[r.start : r.end], doc) for r in rows]

    def all_segments(
        self, unit: str = "sentence", *, include_interviewer: bool = False, initiative: str | None = None,
        doc_ids: Iterable[str] | None = None,
    ) -> list[Segment]:
        """Segments of one unit across the current documents, with initiative, role and kind."""
        query = sa.select(documents).where(documents.c.is_current == 1).order_by(documents.c.id)
        if initiative is not None:
            query = query.where(documents.c.initiative == initiative)
        if doc_ids is not None:
            query = query.where(documents.c.id.in_(list(doc_ids)))
        seg_query = (
            sa.select(segments).join(documents, sa.and_(documents.c.id == segments.c.doc_id, documents.c.version == segments.c.doc_version))
            .where(documents.c.is_current == 1, segments.c.unit == unit)
            .order_by(segments.c.doc_id, segments.c.start)
        )
        if not include_interviewer:
            seg_query = seg_query.where(segments.c.is_interviewer == 0)
        if initiative is not None:
            seg_query = seg_query.where(documents.c.initiative == initiative)
        if doc_ids is not None:
            seg_query = seg_query.where(documents.c.id.in_(list(doc_ids)))
        with self.read() as con:
            docs = {r.id: r for r in con.execute(query)}
            rows = con.execute(seg_query).all()
        return [_segment(r, docs[r.doc_id].text[r.start : r.end], docs[r.doc_id]) for r in rows if r.doc_id in docs]

    def count_segments(self) -> int:
        """Segments of the current documents."""
        query = (
            sa.select(sa.func.count()).select_from(segments)
            .join(documents, sa.and_(documents.c.id == segments.c.doc_id, documents.c.version == segments.c.doc_version))
            .where(documents.c.is_current == 1)
        )
        with self.read() as con:
            return int(con.execute(query).scalar_one())

    def count_by_initiative_role(self) -> dict[tuple[str, str], int]:
        """Current documents per (initiative, role); '-' where none is recorded."""
        ini = sa.func.coalesce(documents.c.initiative, "-")
        role = sa.func.coalesce(documents.c.role, "-")
        query = sa.select(ini, role, sa.func.count()).where(documents.c.is_current == 1).group_by(ini, role)
        with self.read() as con:
            return {(r[0], r[1]): int(r[2]) for r in con.execute(query)}

    # -- ingest runs --------------------------------------------------------------
    def start_run(self, sources: list[str]) -> int:
        from workbench.store.base import now

        with self.transaction() as con:
            key = con.execute(ingest_runs.insert().values(started_at=now(), sources=json.dumps(sources))).inserted_primary_key
            assert key is not None  # set by the INSERT above
            return int(key[0])

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        from workbench.store.base import now

        with self.transaction() as con:
            con.execute(ingest_runs.update().where(ingest_runs.c.id == run_id).values(finished_at=now(), summary=json.dumps(summary, ensure_ascii=False)))

    def add_problem(self, run_id: int, file: str, severity: str, message: str) -> None:
        with self.transaction() as con:
            con.execute(ingest_problems.insert().values(run_id=run_id, file=file, severity=severity, message=message))

    def add_problems(self, run_id: int, problems: Iterable[tuple[str, str, str]]) -> None:
        """Many (file, severity, message) at once."""
        records = [{"run_id": run_id, "file": f, "severity": s, "message": m} for f, s, m in problems]
        if records:
            with self.transaction() as con:
                con.execute(ingest_problems.insert(), records)
