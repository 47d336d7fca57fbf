"""``workbench store ...``: the study's database (upgrade its schema, copy it between servers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

app = typer.Typer(help="The study's database: upgrade the schema, copy between SQLite and PostgreSQL, show where it is.", no_args_is_help=True)


def _settings(study_dir: Path) -> Any:
    from workbench.settings import FILENAME, Settings, find_root

    return Settings.from_toml(find_root(study_dir) / FILENAME)


@app.command()
def upgrade(study_dir: Path = typer.Option(Path("."), "--study", help="Study folder.")) -> None:
    """Apply the schema migrations to the study's database (needed once per release on a shared server)."""
    from workbench.store import Store
    from workbench.store.migrate import revisions

    settings = _settings(study_dir)
    with Store.open(settings.db_url, upgrade=True) as store:
        print(f"{store.where}: schema at revision {revisions()[0]}")


@app.command()
def info(study_dir: Path = typer.Option(Path("."), "--study", help="Study folder.")) -> None:
    """Where the database is, its schema revision and what it holds."""
    from workbench.store import Store
    from workbench.store.migrate import revisions

    settings = _settings(study_dir)
    with Store.open(settings.db_url) as store:
        print(f"database: {store.where} ({store.dialect})")
        print(f"schema:   {revisions()[0]}")
        print(f"documents: {store.count_documents()}, coding events: {store.count_events()}")


@app.command()
def copy(
    source: str = typer.Argument(..., help="From: sqlite:///path.db or postgresql://user@host/dbname"),
    target: str = typer.Argument(..., help="To: an empty database, same forms"),
) -> None:
    """Copy a study's database to another (SQLite <-> PostgreSQL), checked by counts and content hashes."""
    from workbench.store.copy import copy_store

    report = copy_store(source, target)
    for t in report:
        print(f"{t.table:<20} {t.rows:>9} rows  sha256 {t.digest[:12]}  identical")
    print(f"copied {sum(t.rows for t in report)} rows in {len(report)} tables; both sides checked")
