"""Bring a database's schema up to date with Alembic (``workbench store upgrade``).

Databases made before Alembic (SQLite files whose ``PRAGMA user_version`` is 1) are
recognised and stamped as the baseline revision, then upgraded in place. A database
whose revision this package does not know (made by a newer workbench) is refused.
Each migration runs in one transaction: a failed one leaves the old schema.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from workbench.errors import StoreError
from workbench.i18n import add, t

if TYPE_CHECKING:
    from alembic.config import Config

    from workbench.store.base import StoreBase as Store

MIGRATIONS = Path(__file__).parent / "migrations"
BASELINE = "0001"  # the schema of user_version 1, before Alembic

add(
    "store_newer",
    nl="de database is gemaakt met een nieuwere workbench dan deze (schema {found})",
    en="the database has a newer schema ({found}) than this workbench knows",
)
add(
    "store_newer_fix",
    nl="werk de workbench bij (pip install -U impact-stories-workbench)",
    en="upgrade the workbench package (pip install -U impact-stories-workbench)",
)
add("store_revision", nl="revisie {revision}", en="revision {revision}")
add(
    "store_no_revision",
    nl="de database bevat tabellen van de workbench, maar er staat niet in welke versie van het schema ze hebben",
    en="the database holds workbench tables but no schema revision",
)
add(
    "store_no_revision_fix",
    nl="open haar met de workbench die haar gemaakt heeft, of begin met een lege database",
    en="open it with the workbench that made it, or start from an empty database",
)
add("store_unusable", nl="dit is geen bruikbare database (melding: {detail})", en="not a usable database ({detail})")
add("store_unusable_fix", nl="zet het bestand ergens anders neer en draai 'workbench ingest' opnieuw", en="move the file away and run ingest again")
add(
    "store_unusable_server_fix",
    nl="zet het bestand ergens anders neer en draai 'workbench ingest' opnieuw, of controleer [store] url in workbench.toml",
    en="move the file away and run ingest again, or check [store] url",
)
add(
    "store_behind",
    nl="de database heeft een ouder schema (revisie {found}) dan deze workbench nodig heeft ({head})",
    en="the database schema is at revision {found}, this workbench needs {head}",
)
add(
    "store_behind_fix",
    nl="draai één keer 'workbench store upgrade' (daarna gebruikt iedereen in het team deze versie van de workbench)",
    en="run 'workbench store upgrade' once (everyone on the team then uses this workbench version)",
)
add("store_migration_failed", nl="het bijwerken van de database is mislukt (melding: {detail})", en="a migration failed ({detail})")
add("store_migration_failed_fix", nl="meld dit als fout (bug); de database is niet veranderd", en="report this as a bug; the database is unchanged")


def _config(con: sa.Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if con is not None:
        cfg.attributes["connection"] = con
    return cfg


@lru_cache(maxsize=1)
def revisions() -> tuple[str, tuple[str, ...]]:
    """(head, every known revision). Exactly one head: a test holds that line."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    heads = script.get_heads()
    if len(heads) != 1:
        raise StoreError(str(MIGRATIONS), f"the migrations have {len(heads)} heads ({', '.join(heads)})", "set down_revision of the newest migration to the other head")  # i18n: developer
    return heads[0], tuple(rev.revision for rev in script.walk_revisions())


def current_revision(con: sa.Connection) -> str | None:
    """The database's revision; BASELINE for a pre-Alembic file; None when it is empty."""
    inspector = sa.inspect(con)
    tables = set(inspector.get_table_names())
    if "alembic_version" in tables:
        row = con.execute(sa.text("SELECT version_num FROM alembic_version")).fetchone()
        if row is not None:
            return str(row[0])
    if con.dialect.name == "sqlite":
        user_version = int(con.exec_driver_sql("PRAGMA user_version").scalar() or 0)
        if user_version > 1:
            raise _newer(f"user_version {user_version}")
        if user_version == 1:
            return BASELINE
    if "documents" in tables:
        raise StoreError(None, t("store_no_revision"), t("store_no_revision_fix"))
    return None


def _newer(found: str) -> StoreError:
    return StoreError(None, t("store_newer", found=found), t("store_newer_fix"))


def migrate(store: Store, *, upgrade: bool = True) -> str:
    """Upgrade ``store`` to the head revision; returns the revision it is at now."""
    head, known = revisions()
    try:
        with store.engine.connect() as con:
            found = current_revision(con)
            con.rollback()
    except StoreError as err:
        raise StoreError(store.where, err.what, err.fix) from None
    except sa.exc.OperationalError as err:
        if store.dialect == "sqlite":
            raise StoreError(store.where, t("store_unusable", detail=_first_line(err)), t("store_unusable_fix")) from None
        raise store._error(err) from None
    except sa.exc.DatabaseError as err:
        raise StoreError(store.where, t("store_unusable", detail=_first_line(err)), t("store_unusable_server_fix")) from None
    if found == head:
        return head
    if found is not None and found not in known:
        raise StoreError(store.where, t("store_newer", found=t("store_revision", revision=found)), t("store_newer_fix"))
    if found is not None and not upgrade:
        raise StoreError(store.where, t("store_behind", found=found, head=head), t("store_behind_fix"))
    from alembic import command

    with store.engine.connect() as con:
        with con.begin():
            if found == BASELINE and con.dialect.name == "sqlite" and "alembic_version" not in sa.inspect(con).get_table_names():
                command.stamp(_config(con), BASELINE)
            try:
                command.upgrade(_config(con), "head")
            except sa.exc.DatabaseError as err:
                raise StoreError(store.where, t("store_migration_failed", detail=_first_line(err)), t("store_migration_failed_fix")) from None
    return head


def _first_line(err: sa.exc.DBAPIError) -> str:
    text = str(err.orig) if err.orig is not None else str(err)
    return text.splitlines()[0] if text else type(err).__name__
