"""``workbench search`` and ``workbench code retrieve|import|export``: a few lines each over
:mod:`workbench.coding.retrieve`, :mod:`workbench.coding.manual` and
:mod:`workbench.interop.tables`. Without ``--output`` a table is printed; with it, the
file is written (docx for a co-design session, xlsx, or CSV for Dutch Excel).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

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

code_app = typer.Typer(help="Coded fragments: retrieve per code, import codings from a sheet, export the segment x code table.", no_args_is_help=True, rich_markup_mode=None)


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


def search(
    query: str = typer.Argument(..., help="A word (eenzaam), a wildcard (eenzaam*) or a pattern with --by regex."),
    by: str = typer.Option("lemma", "--by", help="lemma (eenzaam finds eenzame), text, or regex."),
    initiative: Optional[str] = typer.Option(None, "--initiative", help="Only this initiative."),
    role: Optional[str] = typer.Option(None, "--role", help="Only this role (bewoner, vrijwilliger, ...)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the hits to this file (.csv or .xlsx)."),
    fmt: Optional[str] = typer.Option(None, "--format", help="csv or xlsx (default: the output's extension)."),
    study_dir: Path = typer.Option(Path("."), "--study", help="The study folder."),
) -> None:
    """Keyword in context across the corpus."""
    from workbench.interop.tables import write_table

    study = _study(study_dir)
    frame = study.search(query, by=by, initiative=initiative, role=role)
    if output is not None or fmt is not None:
        path = write_table(frame, output or study.root / "reports" / f"search.{fmt}", fmt)
        print(t("cli_written", path=str(path), n=len(frame)))
        return
    _show(frame, ["doc_id", "start", "left", "match", "right"])


@code_app.command("retrieve")
def retrieve(
    code: str = typer.Argument(..., help="A code id (its sub-codes come along)."),
    initiative: Optional[str] = typer.Option(None, "--initiative"),
    role: Optional[str] = typer.Option(None, "--role"),
    coder: Optional[str] = typer.Option(None, "--coder"),
    fmt: Optional[str] = typer.Option(None, "--format", help="docx (quotes per code, for a co-design session), xlsx or csv."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="The file to write (default reports/<code>.<format>)."),
    study_dir: Path = typer.Option(Path("."), "--study", help="The study folder."),
) -> None:
    """Every fragment coded with CODE: quote, speaker, role, initiative, memo."""
    from workbench.interop.tables import write_fragments

    study = _study(study_dir)
    frame = study.retrieve(code, initiative=initiative, role=role, coder=coder)
    if output is None and fmt is None:
        _show(frame, ["code_id", "doc_id", "speaker", "role", "coder", "quote"])
        return
    target = output or study.root / "reports" / f"{code}.{fmt}"
    path = write_fragments(frame, target, fmt, title=study.codebook.label(code) if code in study.codebook else code)
    print(t("cli_written", path=str(path), n=len(frame)))


@code_app.command("import")
def import_(
    file: Path = typer.Argument(..., help="CSV or XLSX: document, start, end, code[, memo] or document, quote, code[, memo]."),
    coder: Optional[str] = typer.Option(None, "--coder", help="Who coded these (overrides a coder column; without both: [project] user)."),
    study_dir: Path = typer.Option(Path("."), "--study", help="The study folder."),
) -> None:
    """Codings from a spreadsheet, stored in one go (importing twice adds nothing)."""
    report = _study(study_dir).import_codings(file, coder=coder)
    print(t("cli_imported", added=report.added, unchanged=report.unchanged, rows=report.rows, coders=", ".join(report.coders)))


@code_app.command("export")
def export(
    fmt: str = typer.Option("csv", "--format", help="csv (';' and UTF-8 BOM, for Dutch Excel) or xlsx."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="The file (default reports/codings.<format>)."),
    unit: str = typer.Option("sentence", "--unit", help="sentence, turn or paragraph."),
    coder: Optional[str] = typer.Option(None, "--coder", help="One coder (1/0); default: how many coders per code."),
    study_dir: Path = typer.Option(Path("."), "--study", help="The study folder."),
) -> None:
    """The segment x code table."""
    from workbench.interop.tables import write_table

    study = _study(study_dir)
    frame = study.code_table(unit=unit, coder=coder)
    path = write_table(frame, output or study.root / "reports" / f"codings.{fmt}", fmt)
    print(t("cli_written", path=str(path), n=len(frame)))


def mount(app: typer.Typer) -> None:
    """Register the commands on the main CLI."""
    app.command("search")(search)
    app.add_typer(code_app, name="code")
