"""Numbered codebook versions in the store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from workbench.store.base import StoreBase

from workbench.store.schema import codebook_versions

if TYPE_CHECKING:
    from workbench.model.codebook import CodebookVersion


def _version(row: Any) -> CodebookVersion:
    from workbench.model.codebook import CodebookVersion

    return CodebookVersion(
        number=row.number, codebook_id=row.codebook_id, content_hash=row.content_hash, yaml=row.yaml, source_path=row.source_path,
        author=row.author, created_at=row.created_at, note=row.note,
    )


class CodebookQueries(StoreBase):
    """Mixin of :class:`workbench.store.Store`: codebook versions."""

    def latest_codebook_version(self, codebook_id: str | None = None) -> CodebookVersion | None:
        query = sa.select(codebook_versions).order_by(codebook_versions.c.number.desc()).limit(1)
        if codebook_id is not None:
            query = query.where(codebook_versions.c.codebook_id == codebook_id)
        with self.read() as con:
            row = con.execute(query).first()
        return _version(row) if row is not None else None

    def codebook_version(self, number: int) -> CodebookVersion | None:
        with self.read() as con:
            row = con.execute(sa.select(codebook_versions).where(codebook_versions.c.number == number)).first()
        return _version(row) if row is not None else None

    def codebook_versions(self) -> list[CodebookVersion]:
        with self.read() as con:
            return [_version(r) for r in con.execute(sa.select(codebook_versions).order_by(codebook_versions.c.number))]

    def find_codebook_version(self, codebook_id: str, content_hash: str) -> CodebookVersion | None:
        """The newest stored version of ``codebook_id`` with this content hash, if any."""
        query = (
            sa.select(codebook_versions)
            .where(codebook_versions.c.codebook_id == codebook_id, codebook_versions.c.content_hash == content_hash)
            .order_by(codebook_versions.c.number.desc()).limit(1)
        )
        with self.read() as con:
            row = con.execute(query).first()
        return _version(row) if row is not None else None

    def add_codebook_version(
        self, *, codebook_id: str, content_hash: str, yaml: str, source_path: str | None, author: str, note: str | None = None
    ) -> int:
        from workbench.store.base import now

        with self.transaction() as con:
            self._lock(con, "codebook")
            result = con.execute(
                codebook_versions.insert().values(
                    codebook_id=codebook_id, content_hash=content_hash, yaml=yaml, source_path=source_path, author=author, created_at=now(), note=note
                )
            )
            key = result.inserted_primary_key
            assert key is not None  # set by the INSERT above
            return int(key[0])
