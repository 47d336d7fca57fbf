"""The store's part for privacy checks: which document a researcher read through after
pseudonymisation, who and when.

The workbench replaces what its rules find; what they miss, only a person reading the
text finds. A check is kept per document version: a re-ingest (a longer keep-list, new
rules) makes a new text, which nobody has read yet.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from workbench.store.base import StoreBase
from workbench.store.schema import metadata

document_checks = sa.Table(
    "document_checks",
    metadata,
    sa.Column("doc_id", sa.Text, primary_key=True),
    sa.Column("doc_version", sa.Integer, primary_key=True),
    sa.Column("checked_by", sa.Text, primary_key=True),
    sa.Column("checked_at", sa.Text, nullable=False),
)


@dataclass(frozen=True)
class DocumentCheck:
    """A researcher read a document's pseudonymised text through (one version)."""

    doc_id: str
    doc_version: int
    checked_by: str
    checked_at: str


class PrivacyQueries(StoreBase):
    """Mixin of :class:`workbench.store.Store`: documents checked after pseudonymisation."""

    def put_document_check(self, doc_id: str, doc_version: int, checked_by: str) -> DocumentCheck:
        """Record that ``checked_by`` checked this version now; checking again updates the time.

        Example:
            >>> store.put_document_check("interview-01", 1, "lian").checked_by   # doctest: +SKIP
            'lian'
        """
        from workbench.store.base import now

        at = now()
        key = (document_checks.c.doc_id == doc_id) & (document_checks.c.doc_version == doc_version) & (document_checks.c.checked_by == checked_by)
        with self.transaction() as con:
            con.execute(document_checks.delete().where(key))
            con.execute(document_checks.insert().values(doc_id=doc_id, doc_version=doc_version, checked_by=checked_by, checked_at=at))
        return DocumentCheck(doc_id, doc_version, checked_by, at)

    def document_checks(self, doc_id: str | None = None) -> list[DocumentCheck]:
        """Checks (of one document), oldest first."""
        query = sa.select(document_checks).order_by(document_checks.c.checked_at, document_checks.c.doc_id)
        if doc_id is not None:
            query = query.where(document_checks.c.doc_id == doc_id)
        with self.read() as con:
            return [DocumentCheck(r.doc_id, r.doc_version, r.checked_by, r.checked_at) for r in con.execute(query)]

    def _delete_document_rows(self, con: sa.Connection, doc_id: str) -> None:
        con.execute(document_checks.delete().where(document_checks.c.doc_id == doc_id))
        super()._delete_document_rows(con, doc_id)
