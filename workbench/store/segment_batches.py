"""Segments read in batches, for work on corpora too big to hold (themes on 10^5-10^6 sentences).

:meth:`SegmentBatchQueries.segment_batch` returns at most ``limit`` segments after a
position (keyset paging on document, version, start and row id: no OFFSET, so every page
costs the same), with their text cut from the documents the page touches; nothing else
of the corpus is read. :meth:`iter_segment_batches` walks the whole unit page by page.
:meth:`segment_texts` gives the text of a few segments by key (a theme's quotes).

Example:
    >>> for batch in store.iter_segment_batches("sentence", batch_size=5000):   # doctest: +SKIP
    ...     do_something(batch)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from workbench.store.base import StoreBase
from workbench.store.schema import documents, segments

if TYPE_CHECKING:
    from workbench.model.corpus import Segment

#: where the last page ended: (doc_id, doc_version, start, segment id)
Position = tuple[str, int, int, int]


class SegmentBatchQueries(StoreBase):
    """Mixin of :class:`workbench.store.Store` (through the themes' queries): segments in pages."""

    def _segment_filter(self, query: Any, unit: str, include_interviewer: bool, initiative: str | None) -> Any:
        """Segments of ``unit`` in current documents (of one initiative). The document is looked
        up per segment (EXISTS), not joined: so the database walks the segments in the order of
        their index and a page stops after ``limit`` rows (a join made SQLite walk every current
        document and sort all their segments for each page)."""
        current = [documents.c.id == segments.c.doc_id, documents.c.version == segments.c.doc_version, documents.c.is_current == 1]
        if initiative is not None:
            current.append(documents.c.initiative == initiative)
        query = query.where(segments.c.unit == unit, sa.exists().where(*current))
        if not include_interviewer:
            query = query.where(segments.c.is_interviewer == 0)
        return query

    def count_unit_segments(self, unit: str = "sentence", *, include_interviewer: bool = False, initiative: str | None = None) -> int:
        """How many segments of ``unit`` the current documents have (as :meth:`all_segments` would return)."""
        query = self._segment_filter(sa.select(sa.func.count()).select_from(segments), unit, include_interviewer, initiative)
        with self.read() as con:
            return int(con.execute(query).scalar_one())

    def segment_batch(
        self, unit: str = "sentence", *, limit: int, after: Position | None = None, include_interviewer: bool = False, initiative: str | None = None,
    ) -> list[Segment]:
        """At most ``limit`` segments of ``unit`` after ``after`` (None: from the start), in
        document order (document id, version, start), with text, initiative, role and kind."""
        from workbench.store.corpus import _segment

        order = (segments.c.doc_id, segments.c.doc_version, segments.c.start, segments.c.id)
        query = self._segment_filter(sa.select(segments), unit, include_interviewer, initiative)
        if after is not None:
            query = query.where(sa.tuple_(*order) > sa.tuple_(*(sa.literal(v) for v in after)))
        query = query.order_by(*order).limit(int(limit))
        with self.read() as con:
            rows = con.execute(query).all()
            wanted = sorted({(r.doc_id, r.doc_version) for r in rows})
            docs: dict[tuple[str, int], Any] = {}
            columns = (documents.c.id, documents.c.version, documents.c.text, documents.c.initiative, documents.c.role, documents.c.kind)
            for i in range(0, len(wanted), 500):  # the page's documents in a few queries (survey answers: a document each)
                query = sa.select(*columns).where(sa.tuple_(documents.c.id, documents.c.version).in_(wanted[i : i + 500]))
                docs.update({(d.id, d.version): d for d in con.execute(query)})
        return [_segment(r, docs[(r.doc_id, r.doc_version)].text[r.start : r.end], docs[(r.doc_id, r.doc_version)]) for r in rows]

    def iter_segment_batches(
        self, unit: str = "sentence", *, batch_size: int = 5000, include_interviewer: bool = False, initiative: str | None = None,
    ) -> Iterator[list[Segment]]:
        """Every segment of ``unit`` in pages of at most ``batch_size`` (each page one
        :meth:`segment_batch` call)."""
        after: Position | None = None
        while True:
            batch = self.segment_batch(unit, limit=batch_size, after=after, include_interviewer=include_interviewer, initiative=initiative)
            if not batch:
                return
            yield batch
            last = batch[-1]
            assert last.id is not None  # segments read from the store carry their row id
            after = (last.doc_id, last.doc_version, last.start, last.id)
            if len(batch) < batch_size:
                return

    def segment_texts(self, keys: Iterable[tuple[str, int, int, int]]) -> dict[tuple[str, int, int, int], str]:
        """The text of segments given by (doc_id, doc_version, start, end): one document read per document."""
        by_doc: dict[tuple[str, int], list[tuple[str, int, int, int]]] = {}
        for key in keys:
            by_doc.setdefault((str(key[0]), int(key[1])), []).append(key)
        out = {}
        with self.read() as con:
            for (doc_id, version), wanted in sorted(by_doc.items()):
                text = con.execute(sa.select(documents.c.text).where(documents.c.id == doc_id, documents.c.version == version)).scalar()
                for key in wanted:
                    if text is not None:
                        out[key] = text[int(key[2]) : int(key[3])]
        return out
