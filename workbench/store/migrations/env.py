"""Alembic environment: the workbench passes its own connection (see workbench.store.migrate)."""

from __future__ import annotations

from alembic import context

from workbench.store import schema

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - we never run alembic's own command line
    raise RuntimeError("run migrations through workbench.store.migrate (workbench store upgrade)")  # i18n: developer

# render_as_batch: SQLite cannot ALTER most things; batch mode copies the table instead
context.configure(connection=connection, target_metadata=schema.metadata, render_as_batch=True, transactional_ddl=True)
context.run_migrations()
