"""``workbench search`` and ``workbench code retrieve|import|export``: a few lines each over
:mod:`workbench.coding.retrieve`, :mod:`workbench.coding.manual` and
:mod:`workbench.interop.tables`. Without ``--output`` a table is printed; with it, the
file is written (docx for a co-design session, xlsx, or CSV for Dutch Excel).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from workbench.cli_i18n import helps
from workbench.i18n import add, t

add("cli_written", nl="Geschreven: {path} ({n} rijen)", en="Written: {path} ({n} rows)")
add("cli_col_doc_id", nl="document", en="document")
add("cli_col_start", nl="begin", en="start")
add("cli_col_end", nl="eind", en="end")
add("cli_col_left", nl="ervoor", en="left")
add("cli_col_match", nl="treffer", en="match")
add("cli_col_right", nl="erna", en="right")
add("cli_col_code_id", nl="code", en="code")
add("cli_col_speaker", nl="spreker", en="speaker")
add("cli_col_role", nl="rol", en="role")
add("cli_col_coder", nl="codeur", en="coder")
add("cli_col_quote", nl="citaat", en="quote")
add("cli_none_found", nl="Niets gevonden.", en="Nothing found.")
add("cli_imported", nl="{added} coderingen toegevoegd, {unchanged} stonden er al ({rows} rijen; codeurs: {coders})",
    en="{added} codings added, {unchanged} already there ({rows} rows; coders: {coders})")

helps("code", (
    "Gecodeerde fragmenten: per code ophalen, coderingen uit een spreadsheet inlezen, de tabel stuk x code exporteren.",
    "Coded fragments: retrieve per code, import codings from a sheet, export the segment x code table.",
))
code_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


def _study(study_dir: Path) -> Any:
    from workbench.study import open_study

    return open_study(study_dir)


def _show(frame: Any, columns: list[str], limit: int = 50) -> None:
    from rich.console import Console
    from rich.table import Table

    if frame.empty:
        print(t("cli_none_found"))
        return
    table = Table(show_lines=False)
    for col in columns:
        table.add_column(t("cli_col_" + col), justify="right" if col in ("start", "end") else "left", overflow="fold")
    for row in frame[columns].head(limit).itertuples(index=False):
        table.add_row(*("" if v is None or (isinstance(v, float) and v != v) else str(v) for v in row))
    Console().print(table)
    if len(frame) > limit:
        print(f"... {len(frame) - limit} +")


helps(
    "search",
    ("Een woord in zijn context, in het hele corpus.", "Keyword in context across the corpus."),
    query=("Een woord (eenzaam), met jokerteken (eenzaam*) of een patroon met --by regex.", "A word (eenzaam), a wildcard (eenzaam*) or a pattern with --by regex."),
    by=("lemma (eenzaam vindt ook eenzame), text (letterlijk) of regex.", "lemma (eenzaam finds eenzame), text, or regex."),
    initiative=("Alleen dit initiatief.", "Only this initiative."),
    role=("Alleen deze rol (bewoner, vrijwilliger, ...).", "Only this role (bewoner, vrijwilliger, ...)."),
    output=("Schrijf de treffers naar dit bestand (.csv of .xlsx).", "Write the hits to this file (.csv or .xlsx)."),
    fmt=("csv of xlsx (standaard: de extensie van --output).", "csv or xlsx (default: the output's extension)."),
)


def search(
    query: str = typer.Argument(...),
    by: str = typer.Option("lemma", "--by"),
    initiative: Optional[str] = typer.Option(None, "--initiative"),
    role: Optional[str] = typer.Option(None, "--role"),
    output: Optional[Path] = typer.Option(None, "--output", "-o"),
    fmt: Optional[str] = typer.Option(None, "--format"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from workbench.interop.tables import write_table

    study = _study(study_dir)
    frame = study.search(query, by=by, initiative=initiative, role=role)
    if output is not None or fmt is not None:
        path = write_table(frame, output or study.root / "reports" / f"search.{fmt}", fmt)
        print(t("cli_written", path=str(path), n=len(frame)))
        return
    _show(frame, ["doc_id", "start", "left", "match", "right"])


helps(
    "code retrieve",
    ("Elk fragment gecodeerd met CODE: citaat, spreker, rol, initiatief, memo.", "Every fragment coded with CODE: quote, speaker, role, initiative, memo."),
    code=("Een code-id (de subcodes komen mee).", "A code id (its sub-codes come along)."),
    initiative=("Alleen dit initiatief.", "Only this initiative."),
    role=("Alleen deze rol (bewoner, vrijwilliger, ...).", "Only this role (bewoner, vrijwilliger, ...)."),
    coder=("Alleen de coderingen van deze codeur.", "Only this coder's codings."),
    fmt=("docx (citaten per code, voor een co-designsessie), xlsx of csv.", "docx (quotes per code, for a co-design session), xlsx or csv."),
    output=("Het bestand om te schrijven (standaard reports/<code>.<formaat>).", "The file to write (default reports/<code>.<format>)."),
)


@code_app.command("retrieve")
def retrieve(
    code: str = typer.Argument(...),
    initiative: Optional[str] = typer.Option(None, "--initiative"),
    role: Optional[str] = typer.Option(None, "--role"),
    coder: Optional[str] = typer.Option(None, "--coder"),
    fmt: Optional[str] = typer.Option(None, "--format"),
    output: Optional[Path] = typer.Option(None, "--output", "-o"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from workbench.interop.tables import write_fragments

    study = _study(study_dir)
    frame = study.retrieve(code, initiative=initiative, role=role, coder=coder)
    if output is None and fmt is None:
        _show(frame, ["code_id", "doc_id", "speaker", "role", "coder", "quote"])
        return
    target = output or study.root / "reports" / f"{code}.{fmt}"
    path = write_fragments(frame, target, fmt, title=study.codebook.label(code) if code in study.codebook else code)
    print(t("cli_written", path=str(path), n=len(frame)))


helps(
    "code import",
    ("Coderingen uit een spreadsheet, in één keer opgeslagen (twee keer inlezen voegt niets toe).", "Codings from a spreadsheet, stored in one go (importing twice adds nothing)."),
    file=("CSV of XLSX: document, start, end, code[, memo] of document, quote, code[, memo].", "CSV or XLSX: document, start, end, code[, memo] or document, quote, code[, memo]."),
    coder=("Wie deze codeerde (gaat voor een kolom coder; zonder beide: [project] user).", "Who coded these (overrides a coder column; without both: [project] user)."),
)


@code_app.command("import")
def import_(
    file: Path = typer.Argument(...),
    coder: Optional[str] = typer.Option(None, "--coder"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    report = _study(study_dir).import_codings(file, coder=coder)
    print(t("cli_imported", added=report.added, unchanged=report.unchanged, rows=report.rows, coders=", ".join(report.coders)))


helps(
    "code export",
    ("De tabel stuk x code.", "The segment x code table."),
    fmt=("csv (';' en UTF-8 met BOM, voor Nederlandse Excel) of xlsx.", "csv (';' and UTF-8 BOM, for Dutch Excel) or xlsx."),
    output=("Het bestand (standaard reports/codings.<formaat>).", "The file (default reports/codings.<format>)."),
    unit=("sentence, turn of paragraph (zin, beurt, alinea).", "sentence, turn or paragraph."),
    coder=("Eén codeur (1/0); standaard: hoeveel codeurs per code.", "One coder (1/0); default: how many coders per code."),
)


@code_app.command("export")
def export(
    fmt: str = typer.Option("csv", "--format"),
    output: Optional[Path] = typer.Option(None, "--output", "-o"),
    unit: str = typer.Option("sentence", "--unit"),
    coder: Optional[str] = typer.Option(None, "--coder"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from workbench.interop.tables import write_table

    study = _study(study_dir)
    frame = study.code_table(unit=unit, coder=coder)
    path = write_table(frame, output or study.root / "reports" / f"codings.{fmt}", fmt)
    print(t("cli_written", path=str(path), n=len(frame)))


def mount(app: typer.Typer) -> None:
    """Register the commands on the main CLI."""
    app.command("search")(search)
    app.add_typer(code_app, name="code")
