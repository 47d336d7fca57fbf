"""``workbench store ...``: the study's database (upgrade its schema, copy it between servers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from workbench.cli.common import helps
from workbench.i18n import add, t

add("cli_store_upgraded", nl="{where}: schema op revisie {revision}", en="{where}: schema at revision {revision}")
add("cli_store_info_database", nl="database:  {where} ({dialect})", en="database:  {where} ({dialect})")
add("cli_store_info_schema", nl="schema:    {revision}", en="schema:    {revision}")
add("cli_store_info_counts", nl="documenten: {documents}, codeergebeurtenissen: {events}", en="documents: {documents}, coding events: {events}")
add("cli_store_copied_table", nl="{table:<20} {rows:>9} rijen  sha256 {digest}  gelijk", en="{table:<20} {rows:>9} rows  sha256 {digest}  identical")
add("cli_store_copied", nl="{rows} rijen gekopieerd in {tables} tabellen; beide kanten gecontroleerd", en="copied {rows} rows in {tables} tables; both sides checked")

helps("store", (
    "De database van de studie: het schema bijwerken, kopiëren tussen SQLite en PostgreSQL, tonen waar ze staat.",
    "The study's database: upgrade the schema, copy between SQLite and PostgreSQL, show where it is.",
))
app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


def _settings(study_dir: Path) -> Any:
    from workbench.settings import Settings

    return Settings.from_folder(study_dir)


helps("store upgrade", (
    "Werk het schema van de database van de studie bij (op een gedeelde server één keer per nieuwe versie nodig).",
    "Apply the schema migrations to the study's database (needed once per release on a shared server).",
))


@app.command()
def upgrade(study_dir: Path = typer.Option(Path("."), "--study")) -> None:
    from workbench.store import Store
    from workbench.store.migrate import revisions

    settings = _settings(study_dir)
    with Store.open(settings.db_url, upgrade=True) as store:
        print(t("cli_store_upgraded", where=store.where, revision=revisions()[0]))


helps("store info", ("Waar de database staat, de revisie van het schema en wat erin staat.", "Where the database is, its schema revision and what it holds."))


@app.command()
def info(study_dir: Path = typer.Option(Path("."), "--study")) -> None:
    from workbench.store import Store
    from workbench.store.migrate import revisions

    settings = _settings(study_dir)
    with Store.open(settings.db_url) as store:
        print(t("cli_store_info_database", where=store.where, dialect=store.dialect))
        print(t("cli_store_info_schema", revision=revisions()[0]))
        print(t("cli_store_info_counts", documents=store.count_documents(), events=store.count_events()))


helps(
    "store copy",
    ("Kopieer de database van een studie naar een andere (SQLite <-> PostgreSQL), gecontroleerd met aantallen en hashes van de inhoud.",
     "Copy a study's database to another (SQLite <-> PostgreSQL), checked by counts and content hashes."),
    source=("Van: sqlite:///pad.db of postgresql://gebruiker@server/database", "From: sqlite:///path.db or postgresql://user@host/dbname"),
    target=("Naar: een lege database, in dezelfde vormen", "To: an empty database, same forms"),
)


@app.command()
def copy(
    source: str = typer.Argument(...),
    target: str = typer.Argument(...),
) -> None:
    from workbench.store.copy import copy_store

    report = copy_store(source, target)
    for table in report:
        print(t("cli_store_copied_table", table=table.table, rows=table.rows, digest=table.digest[:12]))
    print(t("cli_store_copied", rows=sum(table.rows for table in report), tables=len(report)))
