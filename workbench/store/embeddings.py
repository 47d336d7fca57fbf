"""The embedding cache: one vector per (model, sha256 of a text), shared by suggesters
and themes, so a re-run embeds only what changed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from workbench.store.base import StoreBase

from workbench.store.schema import embeddings

if TYPE_CHECKING:
    import numpy as np



def text_hash(text: str) -> str:
    """The cache key of a text: sha256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingQueries(StoreBase):
    """Mixin of :class:`workbench.store.Store`: cached embeddings."""

    def get_embeddings(self, model: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        """The cached vectors of ``model`` for these text hashes (missing ones are absent)."""
        import numpy as np

        wanted = list(dict.fromkeys(hashes))
        out: dict[str, Any] = {}
        with self.read() as con:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                rows = con.execute(
                    sa.select(embeddings.c.text_hash, embeddings.c.vector).where(embeddings.c.model == model, embeddings.c.text_hash.in_(chunk))
                )
                for h, blob in rows:
                    out[h] = np.frombuffer(bytes(blob), dtype="<f4")
        return out

    def put_embeddings(self, model: str, vectors: Mapping[str, Any]) -> int:
        """Store vectors (float32) for text hashes in one transaction; ones already cached
        are kept. Returns how many were new.

        Idempotent, also when writers race: each row is inserted with ``ON CONFLICT DO
        NOTHING`` on its key (model, text hash), so a batch written twice (a Dask task
        redone after its worker died, or two workers that embedded the same text) stores
        nothing twice and raises nothing on PostgreSQL, where workers write side by side.
        """
        import numpy as np

        if not vectors:
            return 0
        records = [
            {"model": model, "text_hash": h, "dim": int(np.asarray(v).shape[-1]), "vector": np.asarray(v, dtype="<f4").tobytes()}
            for h, v in vectors.items()
        ]
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
        statement = insert(embeddings).on_conflict_do_nothing(index_elements=[embeddings.c.model, embeddings.c.text_hash])
        written = 0
        with self.transaction() as con:
            for i in range(0, len(records), 500):
                # RETURNING names the rows really inserted (rowcount of an executemany is not reliable)
                rows = con.execute(statement.returning(embeddings.c.text_hash), records[i : i + 500])
                written += len(rows.all())
        return written

    def count_embeddings(self, model: str | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(embeddings)
        if model is not None:
            query = query.where(embeddings.c.model == model)
        with self.read() as con:
            return int(con.execute(query).scalar_one())
