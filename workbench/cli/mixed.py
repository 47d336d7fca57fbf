"""``workbench variables``, ``workbench crosstab`` and ``workbench framework``: the mixed-methods
tables over :mod:`workbench.mixed` (a few lines each; WorkbenchErrors raised as they are)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, List, Optional

import typer

from workbench.cli.common import helps, make_console, say
from workbench.i18n import add, t

add("cli_variables_none", nl="geen variabelen: lees een enquête of een metadatablad met extra kolommen in ('workbench ingest')", en="no variables: ingest a survey or a metadata sheet with extra columns ('workbench ingest')")
add("cli_variables_skipped", nl="geen variabele: {name} ({why})", en="not a variable: {name} ({why})")
add("cli_var_col_name", nl="naam", en="name")
add("cli_var_col_type", nl="soort", en="type")
add("cli_var_col_scope", nl="per", en="per")
add("cli_var_col_levels", nl="waarden", en="levels")
add("cli_var_col_answers", nl="antwoorden", en="answers")
add("cli_var_col_missing", nl="leeg", en="missing")
add("cli_var_col_dont_know", nl="weet niet", en="don't know")
add("cli_var_col_how", nl="hoe gevonden", en="how found")
add("cli_crosstab_code_or_all", nl="noem een code, of gebruik --all", en="name a code, or use --all")
add("cli_crosstab_code_or_all_fix", nl="bijvoorbeeld: workbench crosstab eenzaamheid-verbinding --by hoe_vaak_eenzaam", en="for example: workbench crosstab eenzaamheid-verbinding --by hoe_vaak_eenzaam")
add("cli_mixed_written", nl="geschreven: {path}", en="written: {path}")
add("cli_framework_suffix", nl="onbekend bestandstype '{suffix}'", en="unknown file type '{suffix}'")
add("cli_framework_suffix_fix", nl="schrijf naar een .xlsx- of .docx-bestand", en="write to a .xlsx or .docx file")
add("cli_crosstab_suffix_fix", nl="schrijf naar een .xlsx-bestand", en="write to a .xlsx file")


def mount(app: typer.Typer) -> None:
    """Add the three commands to the root."""
    app.command("variables")(variables)
    app.command("crosstab")(crosstab)
    app.command("framework")(framework)


helps(
    "variables",
    ("De variabelen van de studie (gesloten vragen van enquêtes, kolommen van het metadatablad, het initiatievenblad): soort, waarden, hoe de soort gevonden is.",
     "The study's variables (closed survey questions, metadata sheet columns, the initiatives sheet): type, levels, how the type was found."),
    as_json=("Als JSON (voor scripts).", "As JSON (for scripts)."),
)


def variables(as_json: bool = typer.Option(False, "--json"), study_dir: Path = typer.Option(Path("."), "--study")) -> None:
    from rich.table import Table

    from workbench.mixed.variables import how_text, sync_variables
    from workbench.study import open_study

    with open_study(study_dir) as study:
        report = sync_variables(study.store, study.settings)
    if as_json:
        print(json.dumps({"variables": [v.to_dict() for v in report.variables], "skipped": {k: how_text(v) for k, v in report.skipped.items()},
                          "warnings": [str(w) for w in report.warnings]}, ensure_ascii=False, indent=2))
        return
    if not report.variables:
        say(str(t("cli_variables_none")))
    table = Table()
    for key in ("cli_var_col_name", "cli_var_col_type", "cli_var_col_scope", "cli_var_col_levels", "cli_var_col_answers", "cli_var_col_missing", "cli_var_col_dont_know", "cli_var_col_how"):
        table.add_column(str(t(key)), overflow="fold")
    for v in report.variables:
        levels = (" < " if v.is_ordered else ", ").join(v.levels)
        table.add_row(v.name, str(t(f"mixed_type_{v.type}")), str(t(f"mixed_scope_{v.scope}")), levels, str(v.n_answers), str(v.n_missing), str(v.n_dont_know), how_text(v.how))
    if report.variables:
        make_console().print(table)
    for name, why in report.skipped.items():
        say(str(t("cli_variables_skipped", name=name, why=how_text(why))), soft_wrap=True)
    for warning in report.warnings:
        say(str(warning), soft_wrap=True)


helps(
    "crosstab",
    ("Kruistabel van een code tegen een variabele: aantallen, aandelen, een passende toets met Cramér's V en een zin over wat het wel en niet laat zien.",
     "Crosstab of a code against a variable: counts, shares, a suited test with Cramér's V and a sentence on what it does and does not show."),
    code=("De code (zie 'workbench codebook show').", "The code (see 'workbench codebook show')."),
    all_codes=("Elke gebruikte code, sterkste samenhang eerst.", "Every code in use, strongest association first."),
    by=("De variabele (zie 'workbench variables'), of initiative of role.", "The variable (see 'workbench variables'), or initiative or role."),
    unit=("Wat telt: document, respondent of initiative (standaard: waar de variabele bij hoort).", "What counts: document, respondent or initiative (default: what the variable belongs to)."),
    output=("Schrijf de tabel(len) ook naar dit .xlsx-bestand.", "Also write the table(s) to this .xlsx file."),
)


def crosstab(
    code: Optional[str] = typer.Argument(None, show_default=False),
    all_codes: bool = typer.Option(False, "--all"),
    by: str = typer.Option(..., "--by"),
    unit: Optional[str] = typer.Option(None, "--unit"),
    output: Optional[Path] = typer.Option(None, "--output", "-o"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from workbench.errors import MixedError
    from workbench.mixed import crosstab as make_crosstab
    from workbench.mixed import crosstab_all
    from workbench.mixed.export import crosstabs_to_xlsx
    from workbench.study import open_study

    if not code and not all_codes:
        raise MixedError(None, t("cli_crosstab_code_or_all"), t("cli_crosstab_code_or_all_fix"))
    if output is not None and output.suffix.lower() != ".xlsx":
        raise MixedError(str(output), t("cli_framework_suffix", suffix=output.suffix), t("cli_crosstab_suffix_fix"))
    with open_study(study_dir) as study:
        data = study.mixed_data()
        tabs = crosstab_all(data, by=by, unit=unit) if all_codes else [make_crosstab(data, str(code), by=by, unit=unit)]
    for tab in tabs:
        _print_crosstab(tab)
    if output is not None:
        say(str(t("cli_mixed_written", path=crosstabs_to_xlsx(tabs, output))), soft_wrap=True)


def _print_crosstab(tab: Any) -> None:
    from rich.table import Table

    frame = tab.to_frame()
    table = Table(title=f"{tab.code_label} × {tab.by} ({t('crosstab_unit_' + tab.unit)})")
    for col in frame.columns:
        table.add_column(str(col), justify="left" if col == frame.columns[0] else "right")
    for category, n, n_with, share, small, in_test in frame.itertuples(index=False):
        table.add_row(str(category), str(n), str(n_with), f"{share * 100:.0f}%", "!" if small else "", "✓" if in_test else "-")
    make_console().print(table)
    say(tab.sentence(), soft_wrap=True)


helps(
    "framework",
    ("Raamwerkmatrix: casussen (initiatieven of de categorieën van een variabele) x codes, met de fragmenten, voorgestelde citaten en de samenvattingen van onderzoekers.",
     "Framework matrix: cases (initiatives or a variable's categories) x codes, with the fragments, proposed quotes and the researchers' summaries."),
    rows=("De rijen: initiative, of een variabele.", "The rows: initiative, or a variable."),
    codes=("De codes (herhaal, of scheid met komma's). Standaard: de meest gecodeerde.", "The codes (repeat, or comma-separated). Default: the most coded ones."),
    output=("Schrijf de matrix naar dit .xlsx- of .docx-bestand.", "Write the matrix to this .xlsx or .docx file."),
)


def framework(
    rows: str = typer.Option("initiative", "--rows"),
    codes: Optional[List[str]] = typer.Option(None, "--codes"),
    output: Optional[Path] = typer.Option(None, "--output", "-o"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from rich.table import Table

    from workbench.errors import MixedError
    from workbench.study import open_study

    suffix = output.suffix.lower() if output is not None else ""
    if output is not None and suffix not in (".xlsx", ".docx"):
        raise MixedError(str(output), t("cli_framework_suffix", suffix=suffix), t("cli_framework_suffix_fix"))
    names = [n.strip() for c in codes or [] for n in c.split(",") if n.strip()] or None
    with open_study(study_dir) as study:
        fw = study.framework(rows=rows, codes=names)
    table = Table(title=str(t("framework_title", rows=rows)))
    table.add_column(str(t("framework_col_case")))
    for code in fw.codes:
        table.add_column(fw.labels[code], overflow="fold")
    for case in fw.cases:
        table.add_row(case, *[fw.cell_text(fw.cells[(case, c)]) for c in fw.codes])
    make_console().print(table)
    if output is not None:
        path = fw.to_xlsx(output) if suffix == ".xlsx" else fw.to_docx(output)
        say(str(t("cli_mixed_written", path=path)), soft_wrap=True)
