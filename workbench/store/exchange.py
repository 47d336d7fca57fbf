"""The store's part for exchange (REFI-QDA, issue 11): one GUID per code, document,
coder and coding, kept through renames, so that a round trip through ATLAS.ti, MAXQDA,
NVivo or QualCoder updates the same things instead of duplicating them.

``kind`` is ``code`` (key: code id), ``document`` (document id), ``user`` (coder name),
``coding`` (the id of the apply event that made the coding), ``case`` (initiative) or
``variable`` (metadata column) or ``set`` (code group name). A GUID is given out at the first export (derived, so
stable) or taken from an imported file, and then never changes for that key; renames
are followed by the exchange code through the revision events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sqlalchemy as sa

from workbench.store.base import StoreBase
from workbench.store.schema import metadata

GUID_KINDS = ("code", "document", "user", "coding", "case", "variable", "set")

exchange_guids = sa.Table(
    "exchange_guids",
    metadata,
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("guid", sa.Text, nullable=False),  # upper case, no braces
    sa.Column("created_at", sa.Text, nullable=False),
)
sa.Index("exchange_guids_guid", exchange_guids.c.kind, exchange_guids.c.guid)


class ExchangeQueries(StoreBase):
    """Mixin of :class:`workbench.store.Store`: GUIDs for REFI-QDA exchange."""

    def exchange_guids(self, kinds: Iterable[str] | None = None) -> dict[tuple[str, str], str]:
        """(kind, key) -> GUID, for every kept GUID (of ``kinds`` only, if given)."""
        query = sa.select(exchange_guids.c.kind, exchange_guids.c.key, exchange_guids.c.guid)
        if kinds is not None:
            query = query.where(exchange_guids.c.kind.in_(list(kinds)))
        with self.read() as con:
            return {(kind, key): guid for kind, key, guid in con.execute(query)}

    def put_exchange_guids(self, guids: Mapping[tuple[str, str], str]) -> int:
        """Keep GUIDs for (kind, key); a key that has one already gets the new one. Returns how many changed."""
        from workbench.store.base import now

        if not guids:
            return 0
        with self.transaction() as con:
            have = self.exchange_guids({kind for kind, _ in guids})
            new = [{"kind": k, "key": key, "guid": g, "created_at": now()} for (k, key), g in guids.items() if (k, key) not in have]
            changed = [(k, key, g) for (k, key), g in guids.items() if (k, key) in have and have[(k, key)] != g]
            if new:
                con.execute(exchange_guids.insert(), new)
            for kind, key, guid in changed:
                con.execute(exchange_guids.update().where(exchange_guids.c.kind == kind, exchange_guids.c.key == key).values(guid=guid))
            return len(new) + len(changed)

    def remove_exchange_guids(self, kind: str, keys: Iterable[str]) -> None:
        """Forget the GUIDs of these keys (e.g. a document removed for good)."""
        keys = list(keys)
        if keys:
            with self.transaction() as con:
                con.execute(exchange_guids.delete().where(exchange_guids.c.kind == kind, exchange_guids.c.key.in_(keys)))
