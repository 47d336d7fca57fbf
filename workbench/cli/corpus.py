"""``workbench corpus list|show|replacements|checked|remove``: the stored documents, each command a
few lines over :mod:`workbench.study` and :mod:`workbench.corpus`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from workbench.cli.common import confirm, helps, make_console
from workbench.i18n import add

helps("corpus", ("De opgeslagen documenten.", "The stored documents."))
app = typer.Typer(no_args_is_help=True)

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


@app.command("list")
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
    console = make_console()
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


@app.command("show")
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
    console = make_console()
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


@app.command("replacements")
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
    console = make_console()
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
    "corpus checked",
    ("Leg vast dat u (of --by) de gepseudonimiseerde tekst van een document hebt nagelezen; rapporten noemen wie en wanneer.",
     "Record that you (or --by) read a document's pseudonymised text through; reports say who and when."),
    doc_id=("Id van het document (zie 'workbench corpus list').", "Document id (see 'workbench corpus list')."),
    by=("Wie het nalas (standaard: de gebruiker van de studie).", "Who read it (default: the study's user)."),
)
add(
    "corpus_checked",
    nl="{doc_id} (versie {version}) nagelezen door {by} op {date}. Een nieuwe versie (na opnieuw inlezen) moet opnieuw worden nagelezen.",
    en="{doc_id} (version {version}) checked by {by} on {date}. A new version (after a new ingest) needs checking again.",
)


@app.command("checked")
def corpus_checked(
    doc_id: str = typer.Argument(...),
    by: Optional[str] = typer.Option(None, "--by"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from workbench.i18n import t
    from workbench.study import open_study

    study = open_study(study_dir)
    try:
        check = study.mark_checked(doc_id, by=by)
    finally:
        study.close()
    make_console().print(t("corpus_checked", doc_id=check.doc_id, version=check.doc_version, by=check.checked_by, date=check.checked_at[:10]), highlight=False)


helps(
    "corpus remove",
    ("Verwijder een document voorgoed (toestemming ingetrokken): alle versies, stukken, coderingen en sleutelregels.",
     "Remove a document for good (consent withdrawn): all versions, segments, codings and key rows."),
    doc_id=("Id van het document.", "Document id."),
    yes=("Niet om bevestiging vragen.", "Do not ask for confirmation."),
)


@app.command("remove")
def corpus_remove(
    doc_id: str = typer.Argument(...),
    yes: bool = typer.Option(False, "--yes"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from workbench.i18n import t
    from workbench.study import open_study

    study = open_study(study_dir)
    if not yes and not confirm(t("confirm_remove", doc_id=doc_id)):
        print(t("cancelled"))
        raise typer.Exit(1)
    n = study.remove_document(doc_id)
    print(t("removed", doc_id=doc_id, n=n))
