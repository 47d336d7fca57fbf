"""``workbench init``, ``setup`` and ``ingest``: a new study, deduce's cache, and reading the
corpus in (read, pseudonymise, segment, store), each a few lines over :mod:`workbench.study`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from workbench.cli.common import helps, make_console

#: exit status when some files could not be ingested but the rest was stored
EXIT_INCOMPLETE = 3
#: rich style of a line that says something went wrong
_ERROR_STYLE = "red"


helps(
    "init",
    ("Maak een studiemap: workbench.toml, corpora/, het startcodeboek (een kopie van de studie zelf) en de notebooks.",
     "Create a study folder: workbench.toml, corpora/, the starter codebook (a copy the study owns) and the notebooks."),
    folder=("Map voor de nieuwe studie.", "Folder for the new study."),
    name=("Projectnaam (standaard: de naam van de map).", "Project name (default: folder name)."),
)


def init(folder: Path = typer.Argument(...), name: Optional[str] = typer.Option(None)) -> None:
    from workbench.i18n import t
    from workbench.study import SHEET_COLUMNS, init_study

    toml = init_study(folder, name)
    root = toml.parent
    print(f"{t('study_created')}: {toml}")
    from workbench.settings import Settings

    print(t("codebook_copied", path=root / Settings.from_toml(toml).codebook_path.relative_to(root.resolve())))  # like the lines beside it
    print(t("notebooks_copied", path=root / "notebooks"))
    print(t("next_steps", corpora=root / "corpora", columns=",".join(SHEET_COLUMNS)))


helps("setup", (
    "Bouw eenmalig de opzoektabellen van deduce (1-2 minuten), zodat elke volgende run snel start.",
    "Build deduce's lookup cache once (1-2 minutes), so every later run starts fast.",
))


def setup() -> None:
    from workbench.corpus.pseudonymise import default_cache_dir, is_cache_built, load_deduce
    from workbench.i18n import t

    path = default_cache_dir()
    if not is_cache_built(path):
        print(t("cache_building"), flush=True)
        load_deduce(path)
    print(t("cache_ready", path=path))


helps(
    "ingest",
    ("Lees de documenten in, pseudonimiseer ze, deel ze in stukken en sla ze op (in porties; met --workers of --scheduler op Dask).\n\n"
     "Afsluitcode 0 als elk bestand is ingelezen, 3 als sommige niet konden (elk wordt genoemd; de rest is opgeslagen), "
     "1 als niets is opgeslagen (--strict, of een fout).",
     "Read + pseudonymise + segment + store the documents (in batches; on Dask with --workers or --scheduler).\n\n"
     "Exit status 0 when every file was ingested, 3 when some could not be (each is named; the rest is stored), "
     "1 when nothing was stored (--strict, or an error)."),
    paths=("Corpusmappen (standaard: [corpus].paths in workbench.toml).", "Corpus folders (default: [corpus].paths in workbench.toml)."),
    strict=("Stop bij het eerste probleem en sla niets op.", "Stop at the first problem and store nothing."),
    workers=(
        "Werkprocessen van een Dask-LocalCluster op deze computer; 0: geen cluster, één proces (standaard: [compute].workers, 0).",
        "Worker processes of a Dask LocalCluster on this computer; 0: no cluster, one process (default: [compute].workers, 0).",
    ),
    scheduler=(
        "Adres van een Dask-scheduler, bijvoorbeeld het cluster van uw instituut: tcp://10.1.2.3:8786 (standaard: [compute].scheduler).",
        "Address of a Dask scheduler, e.g. your institute's cluster: tcp://10.1.2.3:8786 (default: [compute].scheduler).",
    ),
)


def ingest(
    paths: Optional[list[Path]] = typer.Argument(None),
    strict: bool = typer.Option(False, "--strict"),
    workers: Optional[int] = typer.Option(None),
    scheduler: Optional[str] = typer.Option(None),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from workbench.i18n import t
    from workbench.study import open_study

    study = open_study(study_dir)
    console = make_console()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task(t("stage_scanning"), total=None)

        def stage(key: str) -> None:
            # the slow starts (deduce, spaCy) are said, so a waiting bar never looks hung
            if console.is_terminal:
                bar.update(task, description=t(key))
            else:
                console.print(t(key) + " ...", highlight=False)

        def progress(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, description=t("reading"))

        def announce(line: str) -> None:
            # the cluster started or reached, and its dashboard's link: kept on screen
            console.print(line, highlight=False, soft_wrap=True)

        report = study.ingest(
            [Path(os.path.abspath(p)) for p in paths] if paths else None,
            strict=strict, progress=progress, workers=workers, stage=stage, scheduler=scheduler, announce=announce,
        )
    _print_report(console, report)
    if report.errors:
        if strict:
            raise typer.Exit(1)
        console.print(t("ingest_incomplete", n=len({p.file for p in report.errors})), highlight=False, style=_ERROR_STYLE)
        raise typer.Exit(EXIT_INCOMPLETE)


def _print_report(console, report) -> None:
    from rich.table import Table

    from workbench.i18n import t

    from rich.markup import escape

    for p in report.problems:
        style = {"error": "red", "warning": "yellow"}.get(p.severity, "dim")
        console.print(f"[{style}]{t('severity_' + p.severity)}[/]: {escape(p.file)}: {escape(p.message)}", highlight=False, markup=True, soft_wrap=True)
    table = Table(title=t("ingest_title"))
    table.add_column(t("initiative"))
    table.add_column(t("role"))
    table.add_column(t("documents"), justify="right")
    for (initiative, role), n in sorted(report.by_initiative_role.items()):
        table.add_row(initiative, role, str(n))
    table.add_row(f"[b]{t('total')}[/b]", "", f"[b]{sum(report.by_initiative_role.values())}[/b]")
    console.print(table)
    s = report.summary()
    line = ", ".join(f"{t(k)}: {s[k]}" for k in ("added", "new_versions", "unchanged", "metadata_updated", "no_consent", "errors", "warnings"))
    console.print(line, highlight=False)
    reps = ", ".join(f"{tag} {n}" for tag, n in sorted(report.replacements.items())) or "0"
    console.print(f"{t('segments')}: {report.n_segments}   {t('new_words')}: {report.n_words}   {t('replacements')}: {reps}   ({report.seconds:.1f} {t('seconds')})", highlight=False)


def mount(app: typer.Typer) -> None:
    """Register the commands on the main CLI."""
    app.command()(init)
    app.command()(setup)
    app.command()(ingest)
