"""The connection part of the store: transactions, reads and locks, shared by every
mixin of :class:`workbench.store.Store` (each part's queries live in its own module)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc

from workbench.errors import StoreError
from workbench.i18n import add, t

add(
    "store_busy",
    nl="de database is bezet: een andere codeur of een ander programma was er te lang in aan het schrijven",
    en="the database is busy: another coder or process held its write lock for too long",
)
add(
    "store_busy_fix",
    nl="probeer het over een ogenblik opnieuw; gebeurt het vaker, sluit dan andere notebooks of opdrachten die in deze studie schrijven",
    en="try again in a moment; if it keeps happening, close other notebooks or commands that write to this study",
)
add("store_unreachable", nl="de database is niet bereikbaar (melding van de server: {detail})", en="cannot reach the database ({detail})")
add(
    "store_unreachable_fix",
    nl="controleer [store] url in workbench.toml, of de databaseserver draait, en PGPASSWORD of ~/.pgpass",
    en="check [store] url in workbench.toml, that the server runs, and PGPASSWORD or ~/.pgpass",
)
add("store_refused", nl="de database weigerde de opdracht (melding: {detail})", en="the database refused the operation ({detail})")
add("store_refused_fix", nl="meld dit als fout (bug); er is niets veranderd", en="report this as a bug; nothing was changed")


def now() -> str:
    """UTC time as ISO 8601 with microseconds: sortable text."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def redact(url: str) -> str:
    """The URL without a password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return url


class StoreBase:
    """Engine, transactions and locks. Mixins inherit this; :class:`Store` opens it."""

    def __init__(self, engine: sa.Engine, url: str, path: Path | None) -> None:
        self.engine = engine
        self.url = url
        #: the SQLite file, or None on a server
        self.path = path
        self._local = threading.local()

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @property
    def where(self) -> str:
        """How messages name this database: the file, or the URL without password."""
        return str(self.path) if self.path is not None else redact(self.url)

    # -- transactions -------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """All writes inside happen together or not at all. Nested calls join the outer one.

        Yields the connection; the store's own methods find it by themselves.
        """
        current = getattr(self._local, "con", None)
        if current is not None:
            yield current
            return
        try:
            con = self.engine.connect().execution_options(wb_write=True)
        except exc.OperationalError as err:
            raise self._error(err) from None
        self._local.con = con
        try:
            with con.begin():
                yield con
        except exc.OperationalError as err:
            raise self._error(err) from None
        finally:
            self._local.con = None
            con.close()

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        """A connection for reading: the open transaction's, or a short-lived one."""
        current = getattr(self._local, "con", None)
        if current is not None:
            yield current
            return
        try:
            with self.engine.connect() as con:
                yield con
                con.rollback()
        except exc.OperationalError as err:
            raise self._error(err) from None

    @property
    def in_transaction(self) -> bool:
        return getattr(self._local, "con", None) is not None

    def _error(self, err: exc.OperationalError) -> StoreError:
        text = str(err.orig) if err.orig is not None else str(err)
        lowered = text.lower()
        if "locked" in lowered or "lock timeout" in lowered or "could not obtain lock" in lowered or "busy" in lowered:
            return StoreError(self.where, t("store_busy"), t("store_busy_fix"))
        first = text.splitlines()[0] if text else type(err).__name__
        if "could not connect" in lowered or "connection refused" in lowered or "does not exist" in lowered or "authentication" in lowered:
            return StoreError(self.where, t("store_unreachable", detail=first), t("store_unreachable_fix"))
        return StoreError(self.where, t("store_refused", detail=first), t("store_refused_fix"))

    def _document_added(self, con: sa.Connection, doc_id: str, version: int, text: str) -> None:
        """End of the chain of parts told about a new document version (see corpus.py)."""

    def _delete_document_rows(self, con: sa.Connection, doc_id: str) -> None:
        """End of the chain of parts that delete a removed document's rows (see corpus.py)."""

    def _links_revised(self, con: sa.Connection, ev: Any) -> None:
        """End of the chain of parts told about a codebook revision event (see links.py)."""

    def _lock(self, con: sa.Connection, *keys: str, shared: bool = False) -> None:
        """Serialise writers on PostgreSQL by advisory locks held until the transaction ends
        (SQLite's BEGIN IMMEDIATE already serialises every writer)."""
        if self.dialect != "postgresql":
            return
        fn = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        for key in keys:
            con.execute(sa.text(f"SELECT {fn}(hashtext(:k))"), {"k": key})


