"""Move a study's database between SQLite and PostgreSQL (``workbench store copy``).

Both databases are brought to the same schema revision; the target must be empty. Every
table is copied in dependency order inside one transaction on the target, then checked:
row counts and a content hash per table must be equal on both sides, or nothing is kept.
A target that already holds an exact copy (a copy that was stopped after its commit, before
it said so) is accepted after the same check, so running the copy again always finishes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from workbench.errors import StoreError
from workbench.i18n import add, t
from workbench.store.db import Store
from workbench.store.schema import metadata

BATCH = 5000

add("store_copy_target_filled", nl="de doeldatabase is niet leeg (de tabellen {tables} bevatten rijen)", en="the target is not empty (tables {tables} hold rows)")
add("store_copy_target_filled_fix", nl="kopieer naar een nieuwe, lege database", en="copy into a new, empty database")
add(
    "store_copy_mismatch",
    nl="tabel {table}: {copied} van de {rows} rijen gekopieerd, of hun inhoud verschilt",
    en="table {table}: {copied} rows copied of {rows}, or their content differs",
)
add("store_copy_mismatch_fix", nl="meld dit als fout (bug); er is niets bewaard in de doeldatabase", en="report this as a bug; nothing was kept in the target")


@dataclass(frozen=True)
class TableCopy:
    table: str
    rows: int
    digest: str


def _ordered(table: sa.Table) -> sa.Select[Any]:
    return sa.select(table).order_by(*(table.primary_key.columns or table.c))


def _digest(con: sa.Connection, table: sa.Table) -> tuple[int, str]:
    h = hashlib.sha256()
    n = 0
    rows = [json.dumps([_plain(v) for v in row], ensure_ascii=False, default=str) for row in con.execute(sa.select(table))]
    for line in sorted(rows):  # order-free: the two databases may sort text differently
        h.update(line.encode())
        n += 1
    return n, h.hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _same_content(src: sa.Connection, dst: sa.Connection) -> list[TableCopy] | None:
    """The per-table report if ``dst`` holds exactly what ``src`` holds, else None."""
    report = []
    for table in metadata.sorted_tables:
        n_src, d_src = _digest(src, table)
        if _digest(dst, table) != (n_src, d_src):
            return None
        report.append(TableCopy(table.name, n_src, d_src))
    return report


def copy_store(source_url: str, target_url: str) -> list[TableCopy]:
    """Copy every table of ``source_url`` into the empty database at ``target_url``."""
    source = Store.open(source_url, upgrade=True)
    target = Store.open(target_url, upgrade=True)
    try:
        with target.read() as con:
            filled = [t.name for t in metadata.sorted_tables if con.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()]
        if filled:
            with source.read() as src, target.read() as dst:
                same = _same_content(src, dst)
            if same is not None:
                return same
            raise StoreError(target.where, t("store_copy_target_filled", tables=", ".join(filled)), t("store_copy_target_filled_fix"))
        report = []
        with source.read() as src, target.transaction() as dst:
            for table in metadata.sorted_tables:
                result = src.execution_options(stream_results=True).execute(_ordered(table))
                while chunk := result.fetchmany(BATCH):
                    dst.execute(table.insert(), [dict(r._mapping) for r in chunk])
                if target.dialect == "postgresql":
                    for column in table.primary_key.columns:
                        if column.autoincrement is True or (isinstance(column.type, sa.Integer) and len(table.primary_key.columns) == 1):
                            dst.execute(
                                sa.text(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), COALESCE(MAX(\"{column.name}\"), 0) + 1, false) FROM \"{table.name}\"")
                            )
                n_src, d_src = _digest(src, table)
                n_dst, d_dst = _digest(dst, table)
                if (n_src, d_src) != (n_dst, d_dst):
                    raise StoreError(
                        target.where, t("store_copy_mismatch", table=table.name, copied=n_dst, rows=n_src), t("store_copy_mismatch_fix")
                    )
                report.append(TableCopy(table.name, n_src, d_src))
        return report
    finally:
        source.close()
        target.close()
