"""The command line: each command a few lines over the package's API.

``workbench --help`` lists the commands. ``--lang nl|en`` works before or after the
subcommand (every command gets it, also those added later); another language is refused.

Everything the CLI shows is in the interface language, Dutch by default: the lines the
commands print (``t()``), the help of every command and option (registered next to the
command with :func:`workbench.cli_i18n.helps`, Dutch and English, filled in when the CLI
starts) and click's own messages ("Gebruik:", "Fout: Onbekende optie", "Afgebroken.");
see :mod:`workbench.cli_i18n`. A new command needs a ``helps(...)`` call (a test walks
the whole tree); no ``help="..."`` literals.

Exit status:
    0  done (warnings may have been printed)
    1  stopped: a WorkbenchError (one line on stderr, in the interface language), or
       ``ingest --strict`` found a problem; nothing was stored
    2  the command was typed wrongly (unknown option or command; from click)
    3  ``ingest``: some files could not be ingested (each named above); the rest is stored

Anything else keeps its traceback (it is a bug).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Optional, Sequence

import typer
import typer.core

from workbench.errors import WorkbenchError

from workbench.cli_i18n import helps, option_helps


class _LangEverywhere(typer.core.TyperGroup):
    """The root group: the language is read from the arguments first (--lang before or after
    the subcommand, else WORKBENCH_LANG, else Dutch), every command (also those added later)
    gets --lang, help texts come from the catalogue and click's own messages are written in
    the interface language (see workbench.cli_i18n)."""

    def main(  # type: ignore[override]
        self, args: Optional[Sequence[str]] = None, prog_name: Optional[str] = None, complete_var: Optional[str] = None,
        standalone_mode: bool = True, **extra: Any,
    ) -> Any:
        from typer._click.exceptions import ClickException
        from typer.exceptions import Abort

        from workbench import cli_i18n

        argv = list(sys.argv[1:] if args is None else args)
        lang = cli_i18n.choose_language(argv)
        _add_lang(self, _lang_param())
        cli_i18n.fill_help(self, lang)
        with cli_i18n.dutch_click():
            if not standalone_mode:
                return super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
            try:  # click's standalone mode, with its messages in the interface language
                code = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
            except ClickException as exc:
                cli_i18n.show_error(exc)
                sys.exit(exc.exit_code)
            except Abort:
                cli_i18n.show_aborted()
                sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


helps("", (
    "impact-stories workbench: verhalen over zorgzame gemeenschappen pseudonimiseren, in stukken delen, coderen en er rapporten over maken.",
    "impact-stories workbench: pseudonymise, segment, code and report Dutch interviews about caring communities.",
))
app = typer.Typer(cls=_LangEverywhere, no_args_is_help=True, add_completion=False, rich_markup_mode=None)
helps("corpus", ("De opgeslagen documenten.", "The stored documents."))
corpus_app = typer.Typer(no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")

option_helps("lang", ("Taal van de interface: nl (standaard) of en.", "Interface language: nl (default) or en."))
option_helps("study_dir", ("De studiemap.", "The study folder."))


#: exit status when some files could not be ingested but the rest was stored
EXIT_INCOMPLETE = 3
#: rich style of a line that says something went wrong
_ERROR_STYLE = "red"

@app.callback()
def _root(lang: Optional[str] = typer.Option(None, "--lang")) -> None:
    _set_lang(lang)  # the language was chosen from the arguments before parsing; this checks the value


def _set_lang(value: Optional[str]) -> None:
    from workbench.i18n import set_language

    if value is not None:
        try:
            set_language(value)
        except WorkbenchError as exc:
            raise typer.BadParameter(str(exc).removeprefix("--lang: "), param_hint=["--lang"]) from None


def _choice(value: str, valid: dict[str, str], option: str) -> str:
    """``value`` mapped through ``valid`` (aliases included), or UnknownChoiceError listing the choices."""
    from workbench.errors import UnknownChoiceError
    from workbench.i18n import t

    key = value.strip().lower()
    if key in valid:
        return valid[key]
    names = ", ".join(dict.fromkeys(valid.values()))
    raise UnknownChoiceError(None, t("unknown_choice", value=value, option=option), t("unknown_choice_fix", valid=names))


def _confirm(question: str) -> bool:
    from workbench.i18n import t, yes_words

    answer = typer.prompt(f"{question} {t('yes_no')}", default="", show_default=False)
    return answer.strip().lower() in yes_words()


def _console():
    from rich.console import Console

    return Console()


helps(
    "init",
    ("Maak een studiemap: workbench.toml, corpora/, het startcodeboek (een kopie van de studie zelf) en de notebooks.",
     "Create a study folder: workbench.toml, corpora/, the starter codebook (a copy the study owns) and the notebooks."),
    folder=("Map voor de nieuwe studie.", "Folder for the new study."),
    name=("Projectnaam (standaard: de naam van de map).", "Project name (default: folder name)."),
)


@app.command()
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


@app.command()
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
    ("Lees de documenten in, pseudonimiseer ze, deel ze in stukken en sla ze op, in één keer.\n\n"
     "Afsluitcode 0 als elk bestand is ingelezen, 3 als sommige niet konden (elk wordt genoemd; de rest is opgeslagen), "
     "1 als niets is opgeslagen (--strict, of een fout).",
     "Read + pseudonymise + segment + store the documents, in one transaction.\n\n"
     "Exit status 0 when every file was ingested, 3 when some could not be (each is named; the rest is stored), "
     "1 when nothing was stored (--strict, or an error)."),
    paths=("Corpusmappen (standaard: [corpus].paths in workbench.toml).", "Corpus folders (default: [corpus].paths in workbench.toml)."),
    strict=("Stop bij het eerste probleem en sla niets op.", "Stop at the first problem and store nothing."),
    workers=("Aantal processen (standaard: één per processorkern).", "Processes (default: one per core)."),
)


@app.command()
def ingest(
    paths: Optional[list[Path]] = typer.Argument(None),
    strict: bool = typer.Option(False, "--strict"),
    workers: Optional[int] = typer.Option(None),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from workbench.i18n import t
    from workbench.study import open_study

    study = open_study(study_dir)
    console = _console()
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

        report = study.ingest([Path(os.path.abspath(p)) for p in paths] if paths else None, strict=strict, progress=progress, workers=workers, stage=stage)
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


_LIST_COLUMNS = ("id", "version", "kind", "initiative", "role", "date", "n_words", "n_sentences", "n_replacements")
#: left out first when the terminal is narrow: the id always shows whole ('corpus show' has the rest)
_LIST_DROP_ORDER = ("n_replacements", "version", "n_sentences", "kind", "date", "n_words", "role")


helps(
    "corpus list",
    ("De documenten met hun metadata. Een id wordt nooit afgekapt: in een smal venster vallen andere kolommen weg.",
     "The documents with their metadata. Ids are never cut off: on a narrow terminal, other columns are left out."),
    initiative=("Alleen dit initiatief.", "Only this initiative."),
    ids=("Alleen de document-ids, één per regel (om te kopiëren of door te geven).", "Only the document ids, one per line (to copy or to pipe)."),
)


@corpus_app.command("list")
def corpus_list(
    initiative: Optional[str] = typer.Option(None, "--initiative"),
    ids: bool = typer.Option(False, "--ids"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from rich.table import Table

    from workbench.i18n import t
    from workbench.study import open_study

    corpus = open_study(study_dir).corpus
    frame = corpus.to_frame(initiative=initiative)
    console = _console()
    if frame.empty:
        known = sorted({str(i) for i in corpus.to_frame()["initiative"].dropna()}) if initiative else []
        console.print(t("no_initiative", value=initiative, known=", ".join(known)) if known else t("nothing_stored"), highlight=False)
        return
    if ids:
        for doc_id in frame["id"]:
            print(doc_id)
        return
    records = [{c: ("" if rec[c] is None else str(rec[c])) for c in _LIST_COLUMNS} for rec in frame.to_dict("records")]
    headers = {c: t(c.removeprefix("n_")) for c in _LIST_COLUMNS}
    width = {c: max(len(headers[c]), *(len(r[c]) for r in records)) + 3 for c in _LIST_COLUMNS}  # + padding and rule
    columns = list(_LIST_COLUMNS)
    for col in _LIST_DROP_ORDER:
        if sum(width[c] for c in columns) + 1 <= console.width:
            break
        columns.remove(col)
    table = Table()
    for col in columns:
        if col == "id":  # the handle for 'corpus show': always whole, on one line
            table.add_column(headers[col], no_wrap=True, min_width=width[col] - 3)
        else:
            table.add_column(headers[col], justify="right" if col.startswith("n_") or col == "version" else "left", overflow="fold")
    for rec in records:
        table.add_row(*(rec[c] for c in columns))
    console.print(table)
    console.print(f"{len(frame)} {t('documents')}")


helps(
    "corpus show",
    ("De gepseudonimiseerde tekst, in stukken.", "The pseudonymised text, segmented."),
    doc_id=("Id van het document (zie 'workbench corpus list').", "Document id (see 'workbench corpus list')."),
    unit=("beurt, alinea of zin (ook: turn, paragraph, sentence).", "turn, paragraph or sentence (also: beurt, alinea, zin)."),
    version=("Een eerdere versie.", "An earlier version."),
)


@corpus_app.command("show")
def corpus_show(
    doc_id: str = typer.Argument(...),
    unit: str = typer.Option("sentence"),
    version: Optional[int] = typer.Option(None),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from workbench.i18n import t
    from workbench.study import open_study

    from workbench.corpus.model import canonical_unit

    unit = canonical_unit(unit)
    corpus = open_study(study_dir).corpus
    doc = corpus.get(doc_id, version)
    console = _console()
    console.print(f"[b]{doc.id}[/b]  {t('version')} {doc.version}  {doc.kind}  {doc.initiative or ''}  {doc.role or ''}  {doc.date or ''}", highlight=False)
    for seg in corpus.segments(doc.id, unit=unit, version=doc.version):
        who = f"[{'dim' if seg.is_interviewer else 'cyan'}]{seg.speaker}[/]: " if seg.speaker else ""
        console.print(f"[dim]{seg.start:>6}-{seg.end:<6}[/dim] {who}", end="", highlight=False)
        console.print(seg.text, markup=False, highlight=False)


helps(
    "corpus replacements",
    ("Wat het pseudonimiseren verving, uit het sleutelbestand (voor de onderzoeker om na te kijken); --keep/--replace verbeteren het.",
     "What pseudonymisation replaced, from the key file (for the researcher to check); --keep/--replace correct it."),
    doc_id=("Eén document (standaard: alle).", "One document (default: all)."),
    summary=("Elke vervangen tekst één keer, met aantal, soort en documenten, de vaakste eerst.",
             "Each distinct replaced string once, with its count, tag and documents, most frequent first."),
    keep=("Zet deze tekst op de lijst van de studie die nooit vervangen wordt; herhaal voor meer.",
          "Add this string to the study's keep-list (never replaced); repeat for more."),
    replace=("Zet deze naam op de lijst van de studie die altijd vervangen wordt; herhaal voor meer.",
             "Add this name to the study's replace-list (always replaced); repeat for more."),
)


@corpus_app.command("replacements")
def corpus_replacements(
    doc_id: Optional[str] = typer.Argument(None),
    summary: bool = typer.Option(False, "--summary"),
    keep: Optional[list[str]] = typer.Option(None, "--keep"),
    replace: Optional[list[str]] = typer.Option(None, "--replace"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from rich.table import Table

    from workbench.corpus.pseudonymise import add_to_list, read_key, replacement_summary
    from workbench.i18n import t
    from workbench.study import open_study

    study = open_study(study_dir)
    console = _console()
    if keep or replace:
        for kind, names in (("keep", keep), ("replace", replace)):
            if names:
                path, added = add_to_list(study.settings, kind, names)
                console.print(t("privacy_list_added", n=len(added), path=path), highlight=False)
        console.print(t("privacy_list_reingest"), highlight=False)
        return
    rows = read_key(study.settings.key_path)
    if doc_id:
        rows = [r for r in rows if r["document"] == doc_id]
    if not rows:
        console.print(t("no_key", path=study.settings.key_path))
        return
    table = Table()
    if summary:
        for col, justify in (("original", "left"), ("tag", "left"), ("count", "right"), ("documents", "right"), ("pseudonym", "left")):
            table.add_column(t(col), justify=justify)  # type: ignore[arg-type]
        distinct = replacement_summary(rows)
        for s in distinct:
            table.add_row(s.original, s.tag, str(s.count), str(s.n_documents), ", ".join(s.pseudonyms[:3]) + (" ..." if len(s.pseudonyms) > 3 else ""))
        console.print(table)
        console.print(t("privacy_summary_hint", n=len(distinct), total=sum(s.count for s in distinct)), highlight=False)
        return
    for col in ("document", "tag", "pseudonym", "original", "count"):
        if col == "document":  # a document id is never cut off (it is what other commands take)
            table.add_column(t(col), no_wrap=True, min_width=max(len(r["document"]) for r in rows))
        else:
            table.add_column(t(col), overflow="fold")
    for r in rows:
        table.add_row(r["document"], r["tag"], r["pseudonym"], r["original"], r["count"])
    console.print(table)


helps(
    "corpus remove",
    ("Verwijder een document voorgoed (toestemming ingetrokken): alle versies, stukken, coderingen en sleutelregels.",
     "Remove a document for good (consent withdrawn): all versions, segments, codings and key rows."),
    doc_id=("Id van het document.", "Document id."),
    yes=("Niet om bevestiging vragen.", "Do not ask for confirmation."),
)


@corpus_app.command("remove")
def corpus_remove(
    doc_id: str = typer.Argument(...),
    yes: bool = typer.Option(False, "--yes"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from workbench.i18n import t
    from workbench.study import open_study

    study = open_study(study_dir)
    if not yes and not _confirm(t("confirm_remove", doc_id=doc_id)):
        print(t("cancelled"))
        raise typer.Exit(1)
    n = study.remove_document(doc_id)
    print(t("removed", doc_id=doc_id, n=n))


# a broken codebook module must fail loudly, not make the command vanish
from workbench.cli_codebook import app as _codebook_app  # noqa: E402

app.add_typer(_codebook_app, name="codebook")


def _lang_param() -> Any:
    """A --lang option built by typer itself (typer vendors its own click), to share."""
    holder = typer.Typer()

    @holder.command()
    def _holder(lang: Optional[str] = typer.Option(None, "--lang", callback=_set_lang, is_eager=True, expose_value=False)) -> None:
        pass

    return typer.main.get_command(holder).params[0]


def _add_lang(command: Any, param: Any) -> None:
    """Give every command a --lang option, so it also works after the subcommand."""
    if not any("--lang" in getattr(p, "opts", ()) for p in command.params):
        command.params.append(param)
    for sub in (getattr(command, "commands", None) or {}).values():
        _add_lang(sub, param)



from workbench.cli_store import app as _store_app  # noqa: E402  (typer only; the store loads when a command runs)

app.add_typer(_store_app, name="store")


from workbench.cli_review import app as _review_app  # noqa: E402  (typer only; voila loads when serving)

app.add_typer(_review_app, name="review")


def _mount_interop() -> None:
    from workbench.cli_interop import export_app, import_app

    app.add_typer(export_app, name="export")
    app.add_typer(import_app, name="import")


_mount_interop()

from workbench.cli_themes import app as _themes_app  # noqa: E402  (typer only; bertopic loads when a command runs)

app.add_typer(_themes_app, name="themes")


def _mount_suggest() -> None:
    from workbench.cli_suggest import mount

    mount(app)


_mount_suggest()


def _mount_coding() -> None:
    from workbench.cli_coding import mount

    mount(app)


_mount_coding()


def _mount_report() -> None:
    from workbench.cli_report import report

    app.command("report")(report)


_mount_report()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``workbench`` command."""
    from workbench.i18n import safe_language, t

    try:
        command = typer.main.get_command(app)
        command.main(args=argv, prog_name="workbench", standalone_mode=True)
    except WorkbenchError as exc:
        print(f"{t('error_prefix', safe_language())}: {exc}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
