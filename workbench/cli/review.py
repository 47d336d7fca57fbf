"""``workbench review ...``: personal links for co-researchers, the review page, progress."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from workbench.cli.common import helps, open_study_at
from workbench.i18n import add, t

helps("review", (
    "Beoordelen door co-onderzoekers: persoonlijke links, de reviewpagina (Voila), wie wat beoordeelde.",
    "Review by co-researchers: personal links, the review page (Voila), who reviewed what.",
))
app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

add("review_link_for", nl="Persoonlijke link voor {name} ({initiative}), id {id}, {expires}:", en="Personal link for {name} ({initiative}), id {id}, {expires}:")
add("review_expires_at", nl="geldig tot {when}", en="valid until {when}")
add("review_expires_never", nl="zonder einddatum", en="without expiry")
add("review_link_once", nl="Deze link wordt maar één keer getoond: stuur hem nu, persoonlijk. De pagina start met: workbench review serve",
    en="This link is shown only once: send it now, personally. Start the page with: workbench review serve")
add("review_serving", nl="De reviewpagina draait op http://{host}:{port}/ (Ctrl+C stopt). Alleen deze computer kan erbij, tenzij u --host geeft of een HTTPS-proxy gebruikt (README).",
    en="The review page runs at http://{host}:{port}/ (Ctrl+C stops). Only this computer can reach it, unless you give --host or use an HTTPS proxy (README).")
add("review_open_host", nl="Let op: --host {host} maakt de pagina bereikbaar voor anderen op het netwerk, zonder HTTPS. Zet hem liever achter de HTTPS-proxy van uw organisatie (README).",
    en="Note: --host {host} lets others on the network reach the page, without HTTPS. Prefer your organisation's HTTPS proxy (README).")
add("review_revoked", nl="Ingetrokken: {ids}", en="Revoked: {ids}")
add("review_status_none", nl="Nog geen co-onderzoekers uitgenodigd: 'workbench review invite --initiative ... --name ...'.",
    en="No co-researchers invited yet: 'workbench review invite --initiative ... --name ...'.")
add("review_col_reviewer", nl="co-onderzoeker", en="co-researcher")
add("review_col_links", nl="links", en="links")
add("review_col_themes", nl="thema's beoordeeld", en="themes judged")
add("review_col_names", nl="eigen namen", en="own names")
add("review_col_missing", nl="gemist", en="missing")
add("review_col_quotes", nl="citaten", en="quotes")
add("review_col_flagged", nl="niet tonen", en="flagged")
add("review_col_msc", nl="MSC", en="MSC")
add("review_col_last", nl="laatst gezien", en="last seen")


helps(
    "review invite",
    ("Maak een persoonlijke link voor een co-onderzoeker (voor één initiatief; wordt één keer getoond).",
     "Make a personal link for a co-researcher (bound to one initiative; printed once)."),
    initiative=("Het initiatief van de co-onderzoeker (zoals in 'workbench corpus list').", "The initiative the co-researcher belongs to (as in 'workbench corpus list')."),
    name=("De naam van de co-onderzoeker, zoals de pagina hem of haar begroet.", "The co-researcher's name, as the page greets them."),
    role=("Hun rol, zoals vrijwilliger of coördinator.", "Their role, e.g. vrijwilliger, coördinator."),
    expires=("Hoe lang de link werkt: 30d, 8w, 12h of 'never' (geen einddatum).", "How long the link works: 30d, 8w, 12h or 'never'."),
    page_lang=("Taal van hun pagina: nl of en.", "Language of their page: nl or en."),
    url=("Adres waarop co-onderzoekers de pagina bereiken (standaard WORKBENCH_REVIEW_URL of http://127.0.0.1:8866/).",
         "Address co-researchers reach the page at (default WORKBENCH_REVIEW_URL or http://127.0.0.1:8866/)."),
)


@app.command()
def invite(
    initiative: str = typer.Option(..., "--initiative"),
    name: str = typer.Option(..., "--name"),
    role: Optional[str] = typer.Option(None, "--role"),
    expires: str = typer.Option("30d", "--expires"),
    page_lang: str = typer.Option("nl", "--page-lang"),
    url: Optional[str] = typer.Option(None, "--url"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from workbench.review import DEFAULT_URL
    from workbench.review import invite as make

    study = open_study_at(study_dir)
    lang = "en" if page_lang.strip().lower().startswith("en") else "nl"
    new = make(study.store, initiative, name, role=role, expires=expires, lang=lang, created_by=study.user,
               base_url=url or os.environ.get("WORKBENCH_REVIEW_URL") or DEFAULT_URL)
    inv = new.invitation
    when = t("review_expires_at", when=inv.expires_at) if inv.expires_at else t("review_expires_never")
    print(t("review_link_for", name=new.reviewer.name, initiative=inv.initiative, id=inv.id, expires=when))
    print(new.link)
    print(t("review_link_once"))


helps(
    "review serve",
    ("Start de reviewpagina (Voila, zonder zichtbare code) tot Ctrl+C.", "Serve the review page (Voila, no code visible) until Ctrl+C."),
    port=("De poort om op te luisteren.", "Port to listen on."),
    host=("Het adres om op te luisteren (127.0.0.1: alleen deze computer; gebruik een HTTPS-proxy om anderen toe te laten).",
          "Address to listen on (127.0.0.1: this computer only; use an HTTPS proxy to reach others)."),
)


@app.command()
def serve(
    port: int = typer.Option(8866, "--port"),
    host: str = typer.Option("127.0.0.1", "--host"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from workbench.review.serve import serve_review

    print(t("review_serving", host=host, port=port), flush=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(t("review_open_host", host=host), flush=True)
    serve_review(study_dir, host=host, port=port)


helps(
    "review status",
    ("Wie wat beoordeelde, en wat nog open staat, per initiatief.", "Who reviewed what, and what is open, per initiative."),
    output=("Schrijf de tabel naar dit bestand (.csv of .xlsx).", "Write the table to this file (.csv or .xlsx)."),
)

add("review_status_written", nl="Geschreven: {path} ({n} rijen)", en="Written: {path} ({n} rows)")


@app.command()
def status(output: Optional[Path] = typer.Option(None, "--output", "-o"), study_dir: Path = typer.Option(Path("."), "--study")) -> None:
    from rich.console import Console
    from rich.table import Table

    from workbench.review.status import review_status, status_frame

    rows = review_status(open_study_at(study_dir).store)
    if output is not None:
        from workbench.interop.tables import write_table

        print(t("review_status_written", path=str(write_table(status_frame(rows), output)), n=len(rows)))
        return
    if not rows:
        print(t("review_status_none"))
        return
    table = Table()
    for col in ("initiative", "review_col_reviewer", "role", "review_col_links", "review_col_themes", "review_col_names",
                "review_col_missing", "review_col_quotes", "review_col_flagged", "review_col_msc", "review_col_last"):
        table.add_column(str(t(col)))
    for r in rows:
        links = ", ".join(f"{i} ({s})" for i, s in r.links)
        table.add_row(r.initiative, r.reviewer, r.role or "-", links, f"{r.themes_done}/{r.themes_total}", str(r.own_names), str(r.missing),
                      str(r.quotes_done), str(r.flagged), str(r.msc_chosen), (r.last_used or "-")[:16])
    Console(width=200).print(table)


helps(
    "review revoke",
    ("Trek een link meteen in (een open pagina stopt bij de volgende klik).", "Revoke a link at once (an open page stops working at the next click)."),
    who=("Een link-id (uit status) of de naam van een co-onderzoeker (al diens links).", "A link id (from status) or a co-researcher's name (all their links)."),
    initiative=("Als de naam in meer initiatieven voorkomt.", "When the name is used in several initiatives."),
)


@app.command()
def revoke(
    who: str = typer.Argument(...),
    initiative: Optional[str] = typer.Option(None, "--initiative"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from workbench.review import revoke as do_revoke

    done = do_revoke(open_study_at(study_dir).store, who, initiative=initiative)
    print(t("review_revoked", ids=", ".join(f"{i.id} ({i.reviewer}, {i.initiative})" for i in done)))
