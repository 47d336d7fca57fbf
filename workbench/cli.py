"""The command line: each command a few lines over the package's API.

``workbench --help`` lists the commands. A WorkbenchError becomes one line on stderr
and exit status 1; anything else keeps its traceback (it is a bug).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from workbench.errors import WorkbenchError

app = typer.Typer(
    help="impact-stories workbench: pseudonymise, segment, code and report Dutch interviews about caring communities.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
corpus_app = typer.Typer(help="The stored documents.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")


@app.callback()
def _root(lang: Optional[str] = typer.Option(None, "--lang", help="Interface language: nl (default) or en.")) -> None:
    from workbench.i18n import set_language

    set_language(lang)


def _console():
    from rich.console import Console

    return Console()


@app.command()
def init(folder: Path = typer.Argument(..., help="Folder for the new study."), name: Optional[str] = typer.Option(None, help="Project name (default: folder name).")) -> None:
    """Create a study folder with workbench.toml, corpora/ and codebooks/."""
    from workbench.i18n import t
    from workbench.study import init_study

    toml = init_study(folder, name)
    print(f"{t('study_created')}: {toml}")
    print(t("next_steps", corpora=toml.parent / "corpora"))


@app.command()
def setup() -> None:
    """Build deduce's lookup cache once (1-2 minutes), so every later run starts fast."""
    from workbench.corpus.pseudonymise import default_cache_dir, is_cache_built, load_deduce
    from workbench.i18n import t

    path = default_cache_dir()
    if not is_cache_built(path):
        print(t("cache_building"), flush=True)
        load_deduce(path)
    print(t("cache_ready", path=path))


@app.command()
def ingest(
    paths: Optional[list[Path]] = typer.Argument(None, help="Corpus folders (default: [corpus].paths in workbench.toml)."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first problem and store nothing."),
    workers: Optional[int] = typer.Option(None, help="Processes (default: one per core)."),
    study_dir: Path = typer.Option(Path("."), "--study", help="The study folder."),
) -> None:
    """Read + pseudonymise + segment + store the documents, in one transaction."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from workbench.i18n import t
    from workbench.study import open_study

    study = open_study(study_dir)
    console = _console()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task(t("reading"), total=None)

        def progress(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total)

        report = study.ingest([Path(os.path.abspath(p)) for p in paths] if paths else None, strict=strict, progress=progress, workers=workers)
    _print_report(console, report)
    if report.errors and strict:
        raise typer.Exit(1)


def _print_report(console, report) -> None:
    from rich.table import Table

    from workbench.i18n import t

    for p in report.problems:
        style = {"error": "red", "warning": "yellow"}.get(p.severity, "dim")
        console.print(f"[{style}]{p.severity}[/]: {p.file}: {p.message}", highlight=False, markup=True, soft_wrap=True)
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
    console.print(f"{t('segments')}: {report.n_segments}   {t('words')} (new): {report.n_words}   {t('replacements')}: {reps}   ({report.seconds:.1f} {t('seconds')})", highlight=False)


@corpus_app.command("list")
def corpus_list(
    initiative: Optional[str] = typer.Option(None, "--initiative", help="Only this initiative."),
    study_dir: Path = typer.Option(Path("."), "--study", help="The study folder."),
) -> None:
    """The documents with their metadata."""
    from rich.table import Table

    from workbench.i18n import t
    from workbench.study import open_study

    frame = open_study(study_dir).corpus.to_frame(initiative=initiative)
    console = _console()
    if frame.empty:
        console.print(t("nothing_stored"))
        return
    table = Table()
    for col in ("id", "version", "kind", "initiative", "role", "date", "n_words", "n_sentences", "n_replacements"):
        table.add_column(t(col.removeprefix("n_")) if col != "id" else "id", justify="right" if col.startswith("n_") or col == "version" else "left")
    for rec in frame.to_dict("records"):
        table.add_row(*(str(rec[c]) if rec[c] is not None else "" for c in ("id", "version", "kind", "initiative", "role", "date", "n_words", "n_sentences", "n_replacements")))
    console.print(table)
    console.print(f"{len(frame)} {t('documents')}")


@corpus_app.command("show")
def corpus_show(
    doc_id: str = typer.Argument(..., help="Document id (see 'workbench corpus list')."),
    unit: str = typer.Option("sentence", help="turn, paragraph or sentence."),
    version: Optional[int] = typer.Option(None, help="An earlier version."),
    study_dir: Path = typer.Option(Path("."), "--study", help="The study folder."),
) -> None:
    """The pseudonymised text, segmented."""
    from workbench.i18n import t
    from workbench.study import open_study

    corpus = open_study(study_dir).corpus
    doc = corpus.get(doc_id, version)
    console = _console()
    console.print(f"[b]{doc.id}[/b]  {t('version')} {doc.version}  {doc.kind}  {doc.initiative or ''}  {doc.role or ''}  {doc.date or ''}", highlight=False)
    for seg in corpus.segments(doc.id, unit=unit, version=doc.version):
        who = f"[{'dim' if seg.is_interviewer else 'cyan'}]{seg.speaker}[/]: " if seg.speaker else ""
        console.print(f"[dim]{seg.start:>6}-{seg.end:<6}[/dim] {who}", end="", highlight=False)
        console.print(seg.text, markup=False, highlight=False)


@corpus_app.command("replacements")
def corpus_replacements(
    doc_id: Optional[str] = typer.Argument(None, help="One document (default: all)."),
    study_dir: Path = typer.Option(Path("."), "--study", help="The study folder."),
) -> None:
    """What pseudonymisation replaced, per document, from the key file (for the researcher to check)."""
    from rich.table import Table

    from workbench.corpus.pseudonymise import read_key
    from workbench.i18n import t
    from workbench.study import open_study

    study = open_study(study_dir)
    rows = read_key(study.settings.key_path)
    if doc_id:
        rows = [r for r in rows if r["document"] == doc_id]
    console = _console()
    if not rows:
        console.print(t("no_key", path=study.settings.key_path))
        return
    table = Table()
    for col in ("document", "tag", "pseudonym", "original", "count"):
        table.add_column(t(col))
    for r in rows:
        table.add_row(r["document"], r["tag"], r["pseudonym"], r["original"], r["count"])
    console.print(table)


@corpus_app.command("remove")
def corpus_remove(
    doc_id: str = typer.Argument(..., help="Document id."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
    study_dir: Path = typer.Option(Path("."), "--study", help="The study folder."),
) -> None:
    """Remove a document for good (consent withdrawn): all versions, segments, codings and key rows."""
    from workbench.study import open_study

    study = open_study(study_dir)
    if not yes and not typer.confirm(f"Remove '{doc_id}' with all its versions, segments and codings?"):
        raise typer.Exit(1)
    n = study.remove_document(doc_id)
    print(f"removed {doc_id} ({n} version(s)); also move its file out of the corpus folder or set consent to 'nee'")


def _mount_codebook() -> None:
    try:
        from workbench.cli_codebook import app as codebook_app
    except ImportError:  # pragma: no cover - during development of the codebook commands
        return
    app.add_typer(codebook_app, name="codebook")


_mount_codebook()

from workbench.cli_store import app as _store_app  # noqa: E402  (typer only; the store loads when a command runs)

app.add_typer(_store_app, name="store")


def _mount_interop() -> None:
    from workbench.cli_interop import export_app, import_app

    app.add_typer(export_app, name="export")
    app.add_typer(import_app, name="import")


_mount_interop()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``workbench`` command."""
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="workbench", standalone_mode=True)
    except WorkbenchError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
