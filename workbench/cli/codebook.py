"""``workbench codebook ...``: validate, show, diff, revise, export and import the codebook.

Each command is a few lines over :mod:`workbench.codebook` and :mod:`workbench.coding`.
WorkbenchErrors are raised as they are; the main CLI prints them as one line.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, List, Optional

import typer

from workbench.cli.common import helps, make_console, open_study_at, say
from workbench.i18n import add

add("cli_codebook_import_exists", nl="het bestand bestaat al", en="the file exists already")
add("cli_codebook_import_exists_fix", nl="geef --force om het te overschrijven, of kies met --out een ander bestand", en="pass --force to overwrite it, or --out another file")
add("cli_codebook_import_header", nl="Ingelezen uit {name} met workbench codebook import.", en="Imported from {name} by workbench codebook import.")

helps("codebook", (
    "Het codeboek: controleren, tonen met aantallen, versies vergelijken, codes hernoemen/samenvoegen/splitsen/laten vervallen, "
    "exporteren en inlezen (REFI-QDA .qdc, csv, xlsx, docx, md).",
    "The codebook: validate, show with counts, diff versions, rename/merge/split/retire codes, export and import (REFI-QDA .qdc, csv, xlsx, docx, md).",
))
app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


def _user(study: Any) -> str:
    import getpass

    return study.settings.project.user or getpass.getuser()


def _done(revision: Any) -> None:
    from workbench.codebook.versions import describe_revision
    from workbench.i18n import t

    say(t("codebook_revised", what=describe_revision(revision.kind, revision.payload), version=revision.version, event=revision.event_id))


helps(
    "codebook validate",
    ("Controleer een codeboekbestand; elk probleem met bestand, regel en oplossing.", "Check a codebook file; every problem with file, line and fix."),
    path=("Het codeboek (YAML; standaard: [codebook] path van de studie).", "The codebook YAML (default: [codebook] path of the study)."),
)


@app.command()
def validate(path: Optional[Path] = typer.Argument(None)) -> None:
    from workbench.codebook.yaml_io import read_codebook
    from workbench.i18n import t

    cb = read_codebook(path if path is not None else open_study_at(Path(".")).settings.codebook_path)
    say(t("codebook_valid", path=cb.path, n=cb.n_codes, retired=len(cb.find(status="retired"))))


helps(
    "codebook starter",
    ("Kopieer het startcodeboek naar de studie (overschrijft nooit): daarna hoort het bij de studie: pas het gerust aan.",
     "Copy the starter codebook into the study (never overwrites): it is then yours to adapt."),
    out=("Waarheen (standaard: [codebook] path van de studie).", "Where to copy it (default: [codebook] path of the study)."),
)


@app.command()
def starter(out: Optional[Path] = typer.Option(None, "--out", "-o")) -> None:
    from workbench.i18n import t
    from workbench.study import copy_starter_codebook

    target = copy_starter_codebook(out if out is not None else open_study_at(Path(".")).settings.codebook_path)
    say(t("codebook_copied", path=target))


helps(
    "codebook show",
    ("De codeboom: naam, (id) en het aantal coderingen per code. Een gewijzigd bestand wordt als nieuwe versie opgeslagen (en dat wordt gezegd).",
     "The code tree: label, (id) and the number of codings per code. A changed file is stored as a new version (and said)."),
    retired=("Toon vervallen codes (gedimd).", "Show retired codes (dimmed)."),
)


@app.command()
def show(retired: bool = typer.Option(True, "--retired/--no-retired")) -> None:
    from rich.markup import escape
    from rich.tree import Tree

    from workbench.codebook.versions import sync_codebook
    from workbench.coding.events import count_codings
    from workbench.i18n import language, t

    lang = language()
    study = open_study_at(Path("."))
    before = {int(v.number) for v in study.store.codebook_versions()}
    cb, version = sync_codebook(study.store, study.settings.codebook_path, _user(study))
    counts = count_codings(study.store)
    title = t("codebook_tree_title", title=cb.get_title(lang), id=cb.id, version=version, n=cb.n_codes)
    tree = Tree(f"[bold]{escape(title)}[/bold]")
    nodes: dict[str | None, Any] = {None: tree}
    for _, code in cb.walk():
        if not code.is_active and not retired:
            continue
        parent = nodes.get(code.parent)
        if parent is None:
            continue
        n = counts.get(code.id, 0)
        # the id in brackets and the count after a colon: readable without colours too
        text = escape(f"{code.get_label(lang)} ({code.id}): {n}")
        nodes[code.id] = parent.add(f"[dim]{text} - {t('retired')}[/dim]" if not code.is_active else text)
    console = make_console()
    console.print(tree)
    if version not in before:
        console.print(t("codebook_version_new", version=version), highlight=False)


helps(
    "codebook diff",
    ("Wat er veranderde tussen twee opgeslagen versies.", "What changed between two stored versions."),
    a=("Nummer van een opgeslagen versie.", "Stored version number."),
    b=("Nummer van een opgeslagen versie.", "Stored version number."),
)


@app.command()
def diff(a: int = typer.Argument(...), b: int = typer.Argument(...)) -> None:
    from workbench.codebook.versions import diff_versions

    say(diff_versions(open_study_at(Path(".")).store, a, b).text())


helps("codebook versions", ("De opgeslagen versies: nummer, codeboek, tijd, auteur, notitie.", "The stored versions: number, codebook, time, author, note."))


@app.command()
def versions() -> None:
    from rich.table import Table

    from workbench.i18n import t

    rows = open_study_at(Path(".")).store.codebook_versions()
    if not rows:
        say(t("codebook_versions_none"))
        return
    table = Table(box=None)
    for key in ("version", "codebook", "time", "author", "note"):
        table.add_column(t(key), justify="right" if key == "version" else "left")
    for row in rows:
        table.add_row(str(row.number), row.codebook_id, row.created_at[:19].replace("T", " "), row.author, row.note or "")
    make_console().print(table)


helps(
    "codebook rename",
    ("Geef een code een nieuw id; de coderingen gaan mee.", "Give a code a new id; its codings move along."),
    old=("Het huidige id van de code.", "The code's current id."),
    new=("Het nieuwe id.", "The new id."),
)


@app.command()
def rename(old: str = typer.Argument(...), new: str = typer.Argument(...)) -> None:
    from workbench.codebook.revise import rename_code

    study = open_study_at(Path("."))
    _done(rename_code(study.store, study.settings.codebook_path, old, new, author=_user(study)))


helps(
    "codebook merge",
    ("Voeg codes samen tot één (zoals merge A B --into C); hun coderingen gaan mee.", "Merge codes into one (as in merge A B --into C); their codings move to it."),
    codes=("De codes om samen te voegen.", "Codes to merge."),
    into=("De code waarin ze opgaan (nieuw als die nog niet bestaat).", "Target code (created if new)."),
)


@app.command()
def merge(codes: List[str] = typer.Argument(...), into: str = typer.Option(..., "--into")) -> None:
    from workbench.codebook.revise import merge_codes

    study = open_study_at(Path("."))
    _done(merge_codes(study.store, study.settings.codebook_path, codes, into, author=_user(study)))


helps(
    "codebook split",
    ("Splits een code in nieuwe codes; de coderingen worden gemarkeerd om opnieuw te coderen.", "Split a code into new ones; its codings are flagged for re-coding."),
    codes=("De code om te splitsen, eventueel gevolgd door meer nieuwe codes.", "The code to split, optionally followed by more new codes."),
    into=("De nieuwe codes: split A --into B C (of --into B --into C).", "New codes: split A --into B C (or --into B --into C)."),
)


@app.command()
def split(
    codes: List[str] = typer.Argument(...),
    into: List[str] = typer.Option(..., "--into"),
) -> None:
    from workbench.codebook.revise import split_code

    study = open_study_at(Path("."))
    code, extra = codes[0], codes[1:]  # 'split A --into B C' parses C as a second argument
    _done(split_code(study.store, study.settings.codebook_path, code, [*into, *extra], author=_user(study)))


helps(
    "codebook retire",
    ("Laat een code vervallen: de coderingen blijven, nieuwe coderingen worden geweigerd.", "Retire a code: its codings stay, new codings are refused."),
    code=("Het id van de code.", "The code's id."),
)


@app.command()
def retire(code: str = typer.Argument(...)) -> None:
    from workbench.codebook.revise import retire_code

    study = open_study_at(Path("."))
    _done(retire_code(study.store, study.settings.codebook_path, code, author=_user(study)))


helps(
    "codebook export",
    ("Exporteer het codeboek (REFI-QDA .qdc voor ATLAS.ti, MAXQDA, NVivo; csv voor Excel, met ';'; xlsx; docx; md). Koppen in de taal van de interface.",
     "Export the codebook (REFI-QDA .qdc for ATLAS.ti, MAXQDA, NVivo; csv for Excel, with ';'; xlsx; docx; md). Headings in the interface language."),
    out=("Het bestand om te schrijven.", "Output file."),
    fmt=("qdc, csv, xlsx, docx of md (standaard: uit de extensie).", "qdc, csv, xlsx, docx or md (default: from the suffix)."),
)


@app.command("export")
def export_(
    out: Path = typer.Argument(...),
    fmt: Optional[str] = typer.Option(None, "--format", "-f"),
) -> None:
    from workbench.codebook.exchange import export_codebook
    from workbench.codebook.yaml_io import read_codebook
    from workbench.i18n import language, t

    cb = read_codebook(open_study_at(Path(".")).settings.codebook_path)
    if fmt and not out.suffix:
        out = out.with_suffix("." + fmt)
    written = export_codebook(cb, out, fmt, lang=language())
    say(t("wrote", path=written) + ("  " + t("csv_excel_note") if Path(written).suffix.lower() == ".csv" else ""))


helps(
    "codebook import",
    ("Lees een codeboek uit ATLAS.ti, MAXQDA, NVivo, QualCoder of Taguette in als YAML.", "Import a codebook from ATLAS.ti, MAXQDA, NVivo, QualCoder or Taguette into YAML."),
    file=("Een codeboek als .qdc, .csv of .xlsx.", "A .qdc, .csv or .xlsx codebook."),
    out=("Het YAML-bestand om te schrijven (standaard: codebooks/<naam>.yaml).", "YAML to write (default: codebooks/<name>.yaml)."),
    force=("Overschrijf een bestaand YAML-bestand.", "Overwrite an existing YAML file."),
)


@app.command("import")
def import_(
    file: Path = typer.Argument(...),
    out: Optional[Path] = typer.Option(None, "--out", "-o"),
    force: bool = typer.Option(False, "--force"),
) -> None:
    from workbench.codebook.exchange import import_codebook
    from workbench.codebook.yaml_io import write_codebook
    from workbench.errors import ExchangeError

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cb = import_codebook(file)
    from workbench.i18n import t

    for w in caught:
        say(f"{t('warning')}: {w.message}")
    target = out or Path("codebooks") / f"{cb.id}.yaml"
    if target.exists() and not force:
        raise ExchangeError(str(target), t("cli_codebook_import_exists"), t("cli_codebook_import_exists_fix"))
    target.parent.mkdir(parents=True, exist_ok=True)
    write_codebook(cb, target, header=t("cli_codebook_import_header", name=file.name))
    say(t("imported", path=target, n=cb.n_codes))
