"""The store's part for reports: quote translations written by the researcher.

A Dutch study is often presented to an English audience. A quote shown in an English
report carries a translation that the researcher writes once; it is stored with the quote
(document, version, offsets), kept as history (a new text is a new row, the newest
counts), and reused by every later English report. Nothing is machine-translated: a quote
without a translation is shown in Dutch and listed for the researcher.

Methods hand out :class:`QuoteTranslation` (frozen).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from workbench.store.base import StoreBase
from workbench.store.schema import metadata

quote_translations = sa.Table(
    "quote_translations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc_id", sa.Text, nullable=False),
    sa.Column("doc_version", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("lang", sa.Text, nullable=False),  # the language translated into (en)
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sqlite_autoincrement=True,
)
sa.Index("quote_translations_quote", quote_translations.c.doc_id, quote_translations.c.doc_version, quote_translations.c.start, quote_translations.c.end, quote_translations.c.lang)


@dataclass(frozen=True)
class QuoteTranslation:
    doc_id: str
    doc_version: int
    start: int
    end: int
    lang: str
    text: str
    author: str
    created_at: str

    @property
    def key(self) -> str:
        """The quote's key as reports write it (``doc@version:start-end``)."""
        return f"{self.doc_id}@{self.doc_version}:{self.start}-{self.end}"


class ReportQueries(StoreBase):
    """Mixin of :class:`workbench.store.Store`: quote translations."""

    def save_quote_translation(self, doc_id: str, doc_version: int, start: int, end: int, text: str, *, author: str, lang: str = "en") -> int:
        """Store the researcher's translation of a quote (a new row; the newest counts)."""
        from workbench.store.base import now

        with self.transaction() as con:
            key = con.execute(quote_translations.insert().values(
                doc_id=doc_id, doc_version=int(doc_version), start=int(start), end=int(end), lang=lang, text=text, author=author, created_at=now(),
            )).inserted_primary_key
            assert key is not None  # set by the INSERT above
            return int(key[0])

    def quote_translations(self, lang: str = "en") -> list[QuoteTranslation]:
        """The newest translation of every translated quote, in ``lang``."""
        q = quote_translations
        newest = (
            sa.select(sa.func.max(q.c.id)).where(q.c.lang == lang)
            .group_by(q.c.doc_id, q.c.doc_version, q.c.start, q.c.end).scalar_subquery()
        )
        with self.read() as con:
            rows = con.execute(sa.select(q).where(q.c.id.in_(newest)).order_by(q.c.doc_id, q.c.doc_version, q.c.start)).all()
        return [QuoteTranslation(r.doc_id, r.doc_version, r.start, r.end, r.lang, r.text, r.author, r.created_at) for r in rows]
