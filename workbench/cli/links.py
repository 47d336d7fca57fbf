"""``workbench links ...``: impact pathways (issue 20): suggest links from causal cues,
show the links counted by source (or the chains to an outcome), export them as CSV or
GraphML. A few lines each over :mod:`workbench.coding.link_suggest` and :mod:`workbench.pathways`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from workbench.cli.common import helps, make_console, open_study_at, say
from workbench.i18n import add, t

add("cli_links_suggested", nl="{stored} voorgestelde verbanden opgeslagen ({found} gevonden; al gelegd, nog open of afgewezen: niet opnieuw)",
    en="{stored} suggested links stored ({found} found; already linked, still open or rejected: not again)")
add("cli_links_next", nl="Een persoon neemt ze over of wijst ze af in de codeer-app (tab 'verband') of met accept_link()/reject_link().",
    en="A person accepts or rejects them in the coding app ('link' tab) or with accept_link()/reject_link().")
add("cli_links_written", nl="Geschreven: {path} ({n} {what})", en="Written: {path} ({n} {what})")
add("cli_links_rows", nl="verbanden", en="links")
add("cli_links_edges", nl="pijlen", en="arrows")
add("cli_links_none", nl="Nog geen verbanden (met deze filters).", en="No links yet (with these filters).")
add("cli_links_col_cause", nl="oorzaak", en="cause")
add("cli_links_col_effect", nl="gevolg", en="effect")
add("cli_links_col_sources", nl="bronnen", en="sources")
add("cli_links_col_sign", nl="richting", en="sign")
add("cli_links_col_path", nl="pad", en="path")
add("cli_links_col_whole", nl="bronnen hele pad", en="sources whole path")
add("cli_links_col_weakest", nl="bronnen zwakste schakel", en="sources weakest link")

helps("links", (
    "Verbanden (wat leidde tot wat): voorstellen uit signaalwoorden, tonen per bron geteld, paden naar een uitkomst, exporteren.",
    "Links (what led to what): suggest from causal cues, show counted by source, paths to an outcome, export.",
))
app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

INITIATIVE = ("Alleen de verhalen van dit initiatief.", "Only this initiative's stories.")
ROLE = ("Rolgroep (bewoners, vrijwilligers, professionals) of een rol uit de metadata.", "Role group (residents, volunteers, professionals) or one role from the metadata.")
MIN_SOURCES = ("Alleen verbanden die minstens zoveel bronnen noemen.", "Only links told by at least this many sources.")

helps(
    "links suggest",
    ("Stel verbanden voor waar een signaalwoord (daardoor, omdat, sinds, dankzij...) twee gecodeerde stukken van één beurt verbindt; "
     "opgeslagen als voorstel, nooit als verband van een mens.",
     "Suggest links where a causal cue (daardoor, omdat, sinds, dankzij...) joins two coded passages of one turn; "
     "stored as suggestions, never as a person's link."),
    coder=("Gebruik alleen de coderingen van deze persoon (standaard: van iedereen).", "Use only this person's codings (default: everyone's)."),
    initiative=INITIATIVE,
)


@app.command()
def suggest(
    coder: Optional[str] = typer.Option(None, "--coder"),
    initiative: Optional[str] = typer.Option(None, "--initiative"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from workbench.coding.link_suggest import store_link_suggestions, suggest_links

    with open_study_at(study_dir) as study:
        found = suggest_links(study, coder=coder, initiative=initiative)
        stored = store_link_suggestions(study, found)
    say(str(t("cli_links_suggested", stored=stored, found=len(found))))
    say(str(t("cli_links_next")))


helps(
    "links show",
    ("De verbanden per oorzaak en gevolg, geteld per bron (document of respondent); met --to de paden naar een uitkomst.",
     "The links per cause and effect, counted by source (document or respondent); with --to the chains to an outcome."),
    initiative=INITIATIVE, role=ROLE, min_sources=MIN_SOURCES,
    to=("Code van een uitkomst: toon de paden die erin eindigen.", "An outcome's code: show the chains that end in it."),
)


@app.command()
def show(
    initiative: Optional[str] = typer.Option(None, "--initiative"),
    role: Optional[str] = typer.Option(None, "--role"),
    min_sources: int = typer.Option(1, "--min-sources"),
    to: Optional[str] = typer.Option(None, "--to"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from rich.table import Table

    from workbench import pathways
    from workbench.pathways.table import sign_word

    with open_study_at(study_dir) as study:
        frame = pathways.links_table(study, initiative=initiative, role=role)
        if frame.empty:
            say(str(t("cli_links_none")))
            return
        table = Table()
        if to:
            found = pathways.paths(frame, to=to, min_sources=min_sources)
            for key in ("cli_links_col_path", "cli_links_col_sign", "cli_links_col_whole", "cli_links_col_weakest"):
                table.add_column(str(t(key)))
            for row in found.itertuples(index=False):
                table.add_row(row.text, sign_word(row.sign), str(row.n_sources), str(row.min_link_sources))
        else:
            found = pathways.edges(frame, min_sources=min_sources)
            for key in ("cli_links_col_cause", "cli_links_col_effect", "cli_links_col_sign", "cli_links_col_sources"):
                table.add_column(str(t(key)))
            for row in found.itertuples(index=False):
                table.add_row(row.cause, row.effect, sign_word(row.sign), str(row.n_sources))
    if not len(found):
        say(str(t("cli_links_none")))
        return
    make_console().print(table)


helps(
    "links export",
    ("Schrijf de verbanden naar .csv (één rij per verband, gemarkeerde citaten leeg) of .graphml (het netwerk, per bron geteld).",
     "Write the links to .csv (one row per link, flagged quotes left empty) or .graphml (the network, counted by source)."),
    output=("Het bestand: eindigt op .csv of .graphml.", "The file: ends in .csv or .graphml."),
    initiative=INITIATIVE, role=ROLE, min_sources=MIN_SOURCES,
    suggestions=("Ook de voorgestelde verbanden (alleen .csv).", "Suggested links too (.csv only)."),
)


@app.command()
def export(
    output: Path = typer.Option(..., "--output", "-o"),
    initiative: Optional[str] = typer.Option(None, "--initiative"),
    role: Optional[str] = typer.Option(None, "--role"),
    min_sources: int = typer.Option(1, "--min-sources"),
    suggestions: bool = typer.Option(False, "--suggestions"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from workbench.pathways import export_links

    with open_study_at(study_dir) as study:
        n = export_links(study, output, initiative=initiative, role=role, min_sources=min_sources, include_suggestions=suggestions)
    what = t("cli_links_edges") if output.suffix.lower() == ".graphml" else t("cli_links_rows")
    say(str(t("cli_links_written", path=output, n=n, what=what)))
