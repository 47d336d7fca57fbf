"""``workbench report``: per-initiative and cross-initiative reports as page, slides, deck and PDF.

A few lines over :func:`workbench.reports.run.run_reports`; WorkbenchErrors are raised as
they are and the main CLI prints them as one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from workbench.cli.common import helps
from workbench.i18n import add

add("cli_report_translations_stored", nl="{n} vertaling(en) opgeslagen", en="{n} translation(s) stored")
add("cli_report_progress", nl="rapporten", en="reports")
add("cli_report_run", nl="run.json {path}  ({seconds:.1f} s)", en="run.json {path}  ({seconds:.1f} s)")
add(
    "cli_report_untranslated",
    nl="citaten nog te vertalen door de onderzoeker: {path} (vul de kolom 'english' in, dan --import-translations)",
    en="untranslated quotes for the researcher: {path} (fill in 'english', then --import-translations)",
)


helps(
    "report",
    ("Maak rapporten met papermill en nbconvert: HTML (zonder code, werkt offline), dia's, PowerPoint, PDF, run.json.",
     "Make reports with papermill and nbconvert: HTML (code hidden, offline), slides, PowerPoint, PDF, run.json."),
    initiative=("Eén initiatief (herhaal voor meer), zoals in het metadatablad.", "One initiative (repeat for several), as in the metadata sheet."),
    all_=("Elk initiatief plus het rapport over alle initiatieven samen.", "Every initiative plus the cross-initiative report."),
    cross=("Het rapport over alle initiatieven samen.", "The cross-initiative report."),
    jobs=("Hoeveel rapporten tegelijk gemaakt worden, elk in een eigen kernel.", "Reports made at the same time, each in its own kernel."),
    lang=("Taal van de interface en, zonder --report-lang, ook van het rapport: nl (standaard) of en.",
          "Interface language and, without --report-lang, the report's too: nl (default) or en."),
    report_lang=("Taal van het rapport, los van de interface: nl of en (namen uit het codeboek, citaten zoals de onderzoeker ze vertaalde). Standaard: de taal van de interface.",
                 "The report's language, apart from the interface: nl or en (labels from the codebook, quotes as translated by the researcher). Default: the interface language."),
    formats=("Gescheiden door komma's: html, slides, pptx, pdf, ipynb.", "Comma-separated: html, slides, pptx, pdf, ipynb."),
    theme_run=("De themarun om te tonen (standaard: de laatste).", "The theme run to show (default: the latest)."),
    coders=("Wiens coderingen en overeenstemming tellen, met komma's ertussen (bijv. lian,sanne). Standaard: [reports] coders in workbench.toml, anders iedereen die codeerde (nooit suggesties).",
            "Whose codings and agreement count, comma-separated (e.g. lian,sanne). Default: [reports] coders in workbench.toml, else everyone who coded (never suggesters)."),
    out=("Map voor de rapporten; elke run krijgt daarin <datum>-<run>/.", "Folder for the reports; each run gets <date>-<run>/ inside it."),
    import_translations=("Een ingevulde untranslated-quotes.csv: sla de vertalingen van de onderzoeker op (elk Engels rapport gebruikt ze).",
                         "A filled-in untranslated-quotes.csv: store the researcher's translations (reused by every English report)."),
)


def report(
    initiative: Optional[list[str]] = typer.Option(None, "--initiative"),
    all_: bool = typer.Option(False, "--all"),
    cross: bool = typer.Option(False, "--cross"),
    jobs: int = typer.Option(1, "--jobs"),
    lang: Optional[str] = typer.Option(None, "--lang"),
    report_lang: Optional[str] = typer.Option(None, "--report-lang"),
    formats: str = typer.Option("html,slides,pptx,pdf,ipynb", "--format"),
    theme_run: Optional[str] = typer.Option(None, "--theme-run"),
    coders: Optional[str] = typer.Option(None, "--coders"),
    out: Path = typer.Option(Path("reports"), "--out"),
    import_translations: Optional[Path] = typer.Option(None, "--import-translations"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from workbench.i18n import language, t
    from workbench.reports.run import run_reports

    console = Console()
    if import_translations is not None:
        from workbench.study import open_study

        with open_study(study_dir) as study:
            n = study.import_translations(import_translations)
        console.print(t("cli_report_translations_stored", n=n), highlight=False, markup=False)
        if not (initiative or all_ or cross):
            return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task(t("cli_report_progress"), total=None)

        def progress(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total)

        result = run_reports(
            study_dir, initiatives=initiative or None, all_initiatives=all_, cross=cross, lang=report_lang or lang or language(), formats=formats,
            theme_run=int(theme_run) if theme_run and theme_run.isdigit() else theme_run, coders=coders, out=out, jobs=jobs, progress=progress,
        )
    for rep in result.reports:
        for kind, path in rep["files"].items():
            console.print(f"{rep['name']:<32} {kind:<7} {path}", highlight=False, markup=False, soft_wrap=True)
    console.print(t("cli_report_run", path=result.run_json, seconds=result.seconds), highlight=False, markup=False, soft_wrap=True)
    untranslated = result.run_json.parent / "untranslated-quotes.csv"
    if untranslated.exists():
        console.print(t("cli_report_untranslated", path=untranslated), highlight=False, markup=False, soft_wrap=True)
