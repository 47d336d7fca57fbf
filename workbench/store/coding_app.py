"""The store's part for the coding app (issue 7): a coder's memo per document and where
each coder left off.

Codings and their memos are coding events (:mod:`workbench.store.coding`); what lives
here is what is not a coding: a memo about a whole document (one per coder, the latest
text wins, the time kept) and each coder's position (document, span and unit of the
fragment last selected), so that opening the app again starts where that coder stopped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from workbench.store.base import StoreBase
from workbench.store.schema import metadata

document_memos = sa.Table(
    "document_memos",
    metadata,
    sa.Column("doc_id", sa.Text, primary_key=True),
    sa.Column("coder", sa.Text, primary_key=True),
    sa.Column("memo", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
)

coder_positions = sa.Table(
    "coder_positions",
    metadata,
    sa.Column("coder", sa.Text, primary_key=True),
    sa.Column("doc_id", sa.Text, nullable=False),
    sa.Column("doc_version", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("unit", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
)


@dataclass(frozen=True)
class DocumentMemo:
    """A coder's memo on a whole document."""

    doc_id: str
    coder: str
    memo: str
    updated_at: str


@dataclass(frozen=True)
class CoderPosition:
    """Where a coder left off: the document and the fragment last selected."""

    coder: str
    doc_id: str
    doc_version: int
    start: int | None
    end: int | None
    unit: str
    updated_at: str


def _upsert(store: StoreBase, table: sa.Table, row: dict[str, Any], keys: list[str]) -> Any:
    if store.dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    statement = insert(table).values(**row)
    return statement.on_conflict_do_update(index_elements=[table.c[k] for k in keys], set_={c: statement.excluded[c] for c in row if c not in keys})


class CodingAppQueries(StoreBase):
    """Mixin of :class:`workbench.store.Store`: document memos and coder positions."""

    def put_document_memo(self, doc_id: str, coder: str, memo: str) -> None:
        """Set ``coder``'s memo on a document; an empty memo removes it."""
        from workbench.store.base import now

        with self.transaction() as con:
            if not memo.strip():
                con.execute(document_memos.delete().where(document_memos.c.doc_id == doc_id, document_memos.c.coder == coder))
                return
            con.execute(_upsert(self, document_memos, {"doc_id": doc_id, "coder": coder, "memo": memo, "updated_at": now()}, ["doc_id", "coder"]))

    def document_memos(self, doc_id: str | None = None, coder: str | None = None) -> list[DocumentMemo]:
        """Document memos (of one document and/or coder), by document and coder."""
        query = sa.select(document_memos).order_by(document_memos.c.doc_id, document_memos.c.coder)
        if doc_id is not None:
            query = query.where(document_memos.c.doc_id == doc_id)
        if coder is not None:
            query = query.where(document_memos.c.coder == coder)
        with self.read() as con:
            return [DocumentMemo(r.doc_id, r.coder, r.memo, r.updated_at) for r in con.execute(query)]

    def put_coder_position(self, coder: str, doc_id: str, doc_version: int, start: int | None, end: int | None, unit: str) -> None:
        """Remember where ``coder`` is: one row per coder, overwritten at every move."""
        from workbench.store.base import now

        row = {"coder": coder, "doc_id": doc_id, "doc_version": doc_version, "start": start, "end": end, "unit": unit, "updated_at": now()}
        with self.transaction() as con:
            con.execute(_upsert(self, coder_positions, row, ["coder"]))

    def coder_position(self, coder: str) -> CoderPosition | None:
        """Where ``coder`` left off, or None if they never opened the app."""
        with self.read() as con:
            r = con.execute(sa.select(coder_positions).where(coder_positions.c.coder == coder)).first()
        if r is None:
            return None
        return CoderPosition(r.coder, r.doc_id, r.doc_version, r.start, r.end, r.unit, r.updated_at)

    def _delete_document_rows(self, con: sa.Connection, doc_id: str) -> None:
        con.execute(document_memos.delete().where(document_memos.c.doc_id == doc_id))
        con.execute(coder_positions.delete().where(coder_positions.c.doc_id == doc_id))
        super()._delete_document_rows(con, doc_id)
