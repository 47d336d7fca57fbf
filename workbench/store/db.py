"""The connection to a study's database: SQLite by default, PostgreSQL for a team.

One code path for both (SQLAlchemy Core). A study names its database by URL in
``workbench.toml`` (``[store] url``): ``sqlite:///.workbench/workbench.db`` (a file, WAL
mode, the default) or ``postgresql://user@host/dbname`` (the password comes from
``PGPASSWORD`` or ``~/.pgpass``, never from the settings file).

Every change is one transaction (``with store.transaction():``): an exception inside
leaves the database as it was, and nested calls join the outer transaction. Reads
inside a transaction see its writes. Writers never lose each other's work: on SQLite a
write transaction takes the database's write lock at its start (``BEGIN IMMEDIATE``); on
PostgreSQL coding actions take a lock per document (and revisions one for the codebook).
A lock that cannot be had in time is a :class:`StoreError` that says what to do.

Example:
    >>> store = Store.open("sqlite:///" + str(tmp_path / "wb.db"))   # doctest: +SKIP
    >>> with store.transaction():                                     # doctest: +SKIP
    ...     store.append_event(kind="apply", code_id="eenzaamheid", coder="anna", ...)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, exc

from workbench.errors import StoreError
from workbench.i18n import add, t
from workbench.store.base import redact
from workbench.store.codebook import CodebookQueries
from workbench.store.coding_app import CodingAppQueries
from workbench.store.coding import CodingQueries
from workbench.store.corpus import CorpusQueries
from workbench.store.embeddings import EmbeddingQueries
from workbench.store.exchange import ExchangeQueries
from workbench.store.privacy import PrivacyQueries
from workbench.store.mixed import MixedQueries
from workbench.store.links import LinkQueries
from workbench.store.reports import ReportQueries
from workbench.store.review import ReviewQueries
from workbench.store.suggest import SuggestQueries
from workbench.store.themes import ThemeQueries


add("store_bad_url", nl="dit is geen database-adres dat de workbench kan gebruiken ({detail})", en="not a database URL this workbench can use ({detail})")
add(
    "store_bad_url_fix",
    nl="gebruik sqlite:///pad/naar/bestand.db of postgresql://gebruiker@server/databasenaam",
    en="use sqlite:///path/to/file.db or postgresql://user@host/dbname",
)


def to_url(target: str | Path) -> str:
    """A database URL from a URL or a path to a SQLite file."""
    text = str(target)
    if "://" in text:
        if text.startswith("postgresql://") or text.startswith("postgres://"):
            # psycopg 3 is the driver we ship; a plain postgresql:// URL means it
            return "postgresql+psycopg://" + text.split("://", 1)[1]
        return text
    return "sqlite:///" + str(Path(text))


class Store(
    CodingAppQueries, CorpusQueries, CodebookQueries, CodingQueries, EmbeddingQueries, ThemeQueries, ReviewQueries, ReportQueries, ExchangeQueries, SuggestQueries, PrivacyQueries, MixedQueries, LinkQueries
):
    """A study's database. Use :meth:`open`, not the constructor."""

    # -- opening ------------------------------------------------------------------
    @classmethod
    def open(cls, target: str | Path, *, timeout: float = 30.0, upgrade: bool | None = None) -> Store:
        """Open the database at ``target`` (a URL, or the path of a SQLite file) and bring
        its schema up to date.

        A SQLite file is created and migrated on open. A PostgreSQL database is created
        when it is empty; when it is behind, ``upgrade=True`` (``workbench store upgrade``)
        migrates it, otherwise opening it is refused with that advice, so one team member
        never changes a shared schema by accident.
        """
        url = to_url(target)
        is_sqlite = url.startswith("sqlite")
        path: Path | None = None
        if is_sqlite:
            database = sa.engine.make_url(url).database
            if database and database != ":memory:":
                path = Path(database)
                path.parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(url, connect_args={"timeout": timeout, "check_same_thread": False})
            _sqlite_events(engine, timeout)
        else:
            try:
                engine = sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": int(timeout), "options": f"-c lock_timeout={int(timeout * 1000)}"})
            except (exc.ArgumentError, exc.NoSuchModuleError) as err:
                raise StoreError(redact(url), t("store_bad_url", detail=err), t("store_bad_url_fix")) from None
        store = cls(engine, url, path)
        from workbench.store.migrate import migrate

        try:
            migrate(store, upgrade=is_sqlite if upgrade is None else upgrade)
        except BaseException:
            engine.dispose()
            raise
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.where!r})"
def _sqlite_events(engine: sa.Engine, timeout: float) -> None:
    """WAL, foreign keys, a busy timeout; and BEGIN IMMEDIATE for write transactions, so a
    writer takes the lock before it reads what it will check (no lost updates)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_con: Any, _record: Any) -> None:
        dbapi_con.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_con.cursor()
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            # 64 MB of page cache: the indexes of 100,000 codings stay in memory (default 2 MB)
            cur.execute("PRAGMA cache_size=-65536")
            cur.execute("PRAGMA temp_store=MEMORY")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(con: sa.Connection) -> None:
        con.exec_driver_sql("BEGIN IMMEDIATE" if con.get_execution_options().get("wb_write") else "BEGIN")
