"""``workbench search``, ``workbench code retrieve|import|export``, ``workbench suggest``,
``workbench agreement`` and ``workbench evaluate``: a few lines each over
:mod:`workbench.coding.retrieve`, :mod:`workbench.coding.manual` and
:mod:`workbench.interop.tables`. Without ``--output`` a table is printed; with it, the
file is written (docx for a co-design session, xlsx, or CSV for Dutch Excel).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Optional

import typer

from workbench.cli.common import helps, make_console, open_study_at
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
add("cli_col_confidence", nl="zekerheid", en="confidence")
add("cli_col_rationale", nl="waarom (trefwoord, criterium, lijkt op)", en="why (keyword, criterion, like)")
add("cli_none_found", nl="Niets gevonden.", en="Nothing found.")
add("cli_imported", nl="{added} coderingen toegevoegd, {unchanged} stonden er al ({rows} rijen; codeurs: {coders})",
    en="{added} codings added, {unchanged} already there ({rows} rows; coders: {coders})")

helps("code", (
    "Gecodeerde fragmenten: per code ophalen, coderingen uit een spreadsheet inlezen, de tabel stuk x code exporteren.",
    "Coded fragments: retrieve per code, import codings from a sheet, export the segment x code table.",
))
code_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


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

    study = open_study_at(study_dir)
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
    suggestions=("Ook de suggesties, met hun zekerheid en reden (trefwoord, criterium, de gecodeerde zin waar ze op lijken).",
                 "Include suggestions, with their confidence and reason (keyword, criterion, the coded sentence they resemble)."),
)


@code_app.command("retrieve")
def retrieve(
    code: str = typer.Argument(...),
    initiative: Optional[str] = typer.Option(None, "--initiative"),
    role: Optional[str] = typer.Option(None, "--role"),
    coder: Optional[str] = typer.Option(None, "--coder"),
    fmt: Optional[str] = typer.Option(None, "--format"),
    output: Optional[Path] = typer.Option(None, "--output", "-o"),
    suggestions: bool = typer.Option(False, "--suggestions"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from workbench.interop.tables import write_fragments

    study = open_study_at(study_dir)
    frame = study.retrieve(code, initiative=initiative, role=role, coder=coder, include_suggestions=suggestions)
    if output is None and fmt is None:
        _show(frame, ["code_id", "doc_id", "speaker", "role", "coder", "quote"] + (["confidence", "rationale"] if suggestions else []))
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
    report = open_study_at(study_dir).import_codings(file, coder=coder)
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

    study = open_study_at(study_dir)
    frame = study.code_table(unit=unit, coder=coder)
    path = write_table(frame, output or study.root / "reports" / f"codings.{fmt}", fmt)
    print(t("cli_written", path=str(path), n=len(frame)))


def mount(app: typer.Typer) -> None:
    """Register the commands on the main CLI: search, code ..., suggest, agreement, evaluate."""
    _mount_suggest(app)
    app.command("search")(search)
    app.add_typer(code_app, name="code")


# ---- workbench suggest, agreement, evaluate: a few lines each over workbench.coding.jobs;
# --json prints one JSON object (for scripts), the default is a readable table

add("cli_suggest_mean_kappa", nl="{name}: {label} {kappa} ({n} codes)", en="{name}: {label} {kappa} ({n} codes)")


def _num(value: Any, digits: int = 2) -> str:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    return "-" if math.isnan(v) else f"{v:.{digits}f}"


def _print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=None, default=str))


helps(
    "suggest",
    ("Stel codes voor (opgeslagen als suggestie, nooit als codering van een mens) en zeg wat u het best als volgende codeert.",
     "Suggest codes (stored as suggestions, never as a person's coding) and say what to code next."),
    suggester=("rules (regels), similarity (gelijkenis), learned (geleerd) of all (alle).", "rules, similarity, learned or all."),
    unit=("sentence, turn of paragraph (zin, beurt, alinea).", "sentence, turn or paragraph."),
    as_json=("Schrijf één JSON-object.", "Print one JSON object."),
    workers=(
        "Maak de embeddings en voorspel in delen op een Dask-LocalCluster met zoveel werkprocessen; 0: één proces, geen cluster "
        "(standaard: [compute] workers in workbench.toml, anders 0).",
        "Embed and predict in partitions on a Dask LocalCluster of this many worker processes; 0: one process, no cluster "
        "(default: [compute] workers in workbench.toml, else 0).",
    ),
    scheduler=(
        "Stuur het werk naar deze Dask-scheduler, bijvoorbeeld tcp://10.1.2.3:8786 (standaard: [compute] scheduler in workbench.toml).",
        "Send the work to this Dask scheduler, e.g. tcp://10.1.2.3:8786 (default: [compute] scheduler in workbench.toml).",
    ),
)

add("cli_suggest_partitions", nl="{stage}: {done} van {total} delen klaar", en="{stage}: {done} of {total} partitions done")
add("cli_suggest_stage_embed", nl="embeddings", en="embeddings")
add("cli_suggest_stage_predict", nl="voorspellingen", en="predictions")
add(
    "cli_suggest_embedded",
    nl="embeddings: {embedded} teksten nu berekend, {cached} stonden al in de cache",
    en="embeddings: {embedded} texts embedded now, {cached} were cached",
)


def suggest(
    suggester: str = typer.Option("all", "--suggester"),
    unit: str = typer.Option("sentence", "--unit"),
    as_json: bool = typer.Option(False, "--json"),
    workers: Optional[int] = typer.Option(None, "--workers"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from rich.console import Console

    from workbench.i18n import t

    # what the cluster says (its dashboard link, partitions done) goes to stderr: --json keeps stdout to itself
    err = Console(stderr=True)

    def tell(line: str) -> None:
        err.print(line, markup=False, highlight=False)

    def progress(stage: str, done: int, total: int) -> None:
        if done == total or err.is_terminal:
            tell(str(t("cli_suggest_partitions", stage=t("cli_suggest_stage_" + stage), done=done, total=total)))

    report = open_study_at(study_dir).suggest(suggester, unit=unit, workers=workers, scheduler=scheduler, tell=tell, progress=progress)
    if as_json:
        _print_json(report.to_dict())
        return
    _render_suggest(report)


def _render_suggest(report: Any) -> None:
    """The readable form of a :class:`workbench.coding.jobs.SuggestReport`."""
    from rich.table import Table

    from workbench.i18n import t

    console = make_console()
    if report.embedded:
        console.print(t("cli_suggest_embedded", embedded=report.embedded["embedded"], cached=report.embedded["cached"]), highlight=False)
    table = Table(title=t("suggest_title"))
    table.add_column(t("suggester"))
    table.add_column(t("suggestions"), justify="right")
    table.add_column(t("seconds"), justify="right")
    for name, n in report.stored.items():
        table.add_row(name, str(n), _num(report.seconds.get(name), 1))
    console.print(table)
    for name, why in report.skipped.items():
        console.print(f"{name}: {t('skipped')}: {why}", highlight=False)
    if report.quality is not None and len(report.quality):
        _render_quality(console, report.quality)
    if report.next_to_code:
        console.print(t("code_next"), highlight=False)
        for doc_id, start, end, u in report.next_to_code[:10]:
            console.print(f"  {doc_id} [{start}-{end}]  {_num(u)}", highlight=False, markup=False)


def _render_quality(console: Any, quality: Any) -> None:
    """The learned suggester's cross-validated quality per code, as a table."""
    from rich.table import Table

    from workbench.i18n import t

    q = Table(title=t("learned_quality"), caption="P = " + t("precision") + ", R = " + t("recall"))
    q.add_column(t("code"), no_wrap=True)
    for col in ("n", "P", "R", "F1", "kappa"):
        q.add_column(col, justify="right")
    few = []
    for rec in quality.to_dict("records"):
        if not rec["n_positive"]:
            continue  # a code nobody has used yet: nothing to report
        if rec["status"] != "learned":
            few.append(f"{rec['code_id']} ({rec['n_positive']})")
            continue
        q.add_row(rec["code_id"], str(rec["n_positive"]), _num(rec["precision"]), _num(rec["recall"]), _num(rec["f1"]), _num(rec["kappa"]))
    console.print(q)
    if few:
        console.print(f"{t('too_few')}: {', '.join(few)}", highlight=False, markup=False)


helps(
    "agreement",
    ("Overeenstemming tussen codeurs per code en over alles: percentage, Cohens kappa, Krippendorffs alfa; en de verschillen.",
     "Agreement between coders per code and overall: percent, Cohen's kappa, Krippendorff's alpha; and the disagreements."),
    coders=("Twee of meer codeurs, gescheiden door komma's: lian,sanne.", "Two or more coders, comma-separated: lian,sanne."),
    unit=("sentence, turn of paragraph (zin, beurt, alinea): een gecodeerd stuk telt voor elke eenheid die het raakt.",
          "sentence, turn or paragraph: a coded span counts for every unit it overlaps."),
    as_json=("Schrijf één JSON-object.", "Print one JSON object."),
    disagreements=("Hoeveel verschillen te tonen (0: geen).", "How many disagreements to list (0: none)."),
    output=("Schrijf de tabel per code naar dit bestand (.csv of .xlsx), en alle verschillen naar <naam>-verschillen ernaast.",
            "Write the per-code table to this file (.csv or .xlsx), and every disagreement to <name>-disagreements beside it."),
    suggester=("De suggestiemaker als codeur meten naast de mensen: learned (getoetst op documenten waar hij niet van leerde), rules of none.",
               "Measure a suggester as one more coder next to the people: learned (scored on documents it did not learn from), rules or none."),
)

add("cli_agreement_disagreements_file", nl="verschillen", en="disagreements")


def agreement(
    coders: str = typer.Option(..., "--coders"),
    unit: str = typer.Option("sentence", "--unit"),
    as_json: bool = typer.Option(False, "--json"),
    disagreements: int = typer.Option(10, "--disagreements"),
    output: Optional[Path] = typer.Option(None, "--output", "-o"),
    suggester: str = typer.Option("learned", "--suggester"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from rich.table import Table

    from workbench.i18n import t
    from workbench.interop.tables import write_table

    names = [c.strip() for c in coders.split(",") if c.strip()]
    result = open_study_at(study_dir).agreement(names, unit=unit, suggester=None if suggester == "none" else suggester)
    if output is not None:
        path = write_table(result.per_code, output)
        print(t("cli_written", path=str(path), n=len(result.per_code)))
        other = path.with_name(f"{path.stem}-{t('cli_agreement_disagreements_file')}{path.suffix}")
        print(t("cli_written", path=str(write_table(result.disagreements, other)), n=len(result.disagreements)))
    if as_json:
        _print_json(result.to_dict())
        return
    console = make_console()
    console.print(render_agreement(result), highlight=False)
    measured = render_suggester_agreement(result)
    if measured is not None:
        console.print(measured, highlight=False)
    if disagreements and len(result.disagreements):
        table = Table(title=t("disagreements_title", n=len(result.disagreements)))
        table.add_column(t("document"))
        table.add_column(t("text"), overflow="fold", max_width=60)
        for c in result.coders:
            table.add_column(c)
        for rec in result.disagreements.head(disagreements).to_dict("records"):
            cells = []
            for c in result.coders:
                codes, memo = rec.get(f"codes_{c}"), rec.get(f"memo_{c}")
                cell = codes if isinstance(codes, str) and codes else "-"
                if isinstance(memo, str) and memo:
                    cell += f"\n({memo})"
                cells.append(cell)
            table.add_row(f"{rec['doc_id']} [{rec['start']}-{rec['end']}]", rec["text"], *cells)
        console.print(table)


def render_agreement(result: Any) -> Any:
    """The agreement table (rich), also used by ``make demo``."""
    from rich.table import Table

    from workbench.i18n import t

    table = Table(title=t("agreement_title", coders=", ".join(result.coders), unit=t(result.unit), n=result.n_units, docs=result.n_documents))
    table.add_column(t("code"), no_wrap=True)
    for c in result.coders:
        table.add_column(c, justify="right")
    for col in ("percent", "kappa", "alpha"):
        table.add_column(t(col) if col == "percent" else col, justify="right")
    frame = result.per_code.sort_values("code_id")
    for rec in frame.to_dict("records"):
        table.add_row(rec["code_id"], *[str(rec[f"n_{c}"]) for c in result.coders], _num(rec["percent"] * 100, 1), _num(rec["kappa"]), _num(rec["alpha"]))
    o = result.overall
    table.add_row(f"[b]{t('overall')}[/b]", *["" for _ in result.coders], _num(o["percent"] * 100, 1), _num(o["kappa"]), _num(o["alpha"]), end_section=True)
    table.add_row(t("mean_code_kappa"), *["" for _ in result.coders], "", _num(o["mean_code_kappa"]), "")
    return table


def render_suggester_agreement(result: Any) -> Any:
    """The suggester as a coder (rich): per code its kappa with each person, next to the
    people's kappa; None when it was not measured, a line saying why when it learned nothing."""
    from rich.table import Table
    from rich.text import Text

    from workbench.i18n import t

    frame = result.suggester
    if frame is None:
        return None
    if frame.empty:
        return Text(t("agreement_suggester_none"))
    name = str(frame["suggester"].iloc[0])
    people = [c for c in result.coders if c in set(frame["coder"])]
    table = Table(title=t("agreement_suggester_title", suggester=name))
    table.add_column(t("code"), no_wrap=True)
    for c in people:
        table.add_column(t("agreement_suggester_vs", coder=c), justify="right")
    table.add_column(t("agreement_people_kappa"), justify="right")
    people_kappa = dict(zip(result.per_code["code_id"], result.per_code["kappa"]))
    for code in sorted(set(frame["code_id"])):
        rows = frame[frame["code_id"] == code].set_index("coder")
        cells = [f"{_num(rows.loc[c, 'kappa'])} ({int(rows.loc[c, 'n_units'])})" if c in rows.index else "-" for c in people]
        table.add_row(code, *cells, _num(people_kappa.get(code, float("nan"))))
    means = [frame[frame["coder"] == c]["kappa"].mean() for c in people]
    table.add_row(t("mean_code_kappa"), *[_num(m) for m in means], _num(result.overall["mean_code_kappa"]), end_section=True)
    return table


helps(
    "evaluate",
    ("Toets de suggestiemakers aan een gouden standaard: per code precisie, recall, F1, kappa; de gemiddelde kappa per code.",
     "Score the suggesters against a gold coding: per code precision, recall, F1, kappa; mean per-code kappa."),
    gold=("De gouden standaard: CSV/XLSX met document, start, end, code[, memo] of document, quote, code.",
          "Gold coding: CSV/XLSX with document, start, end, code[, memo] or document, quote, code."),
    train_fraction=("Het deel van de documenten van de gouden standaard waarop de geleerde suggestiemaker traint.", "Share of the gold documents the learned suggester trains on."),
    seed=("Startwaarde van de willekeurige verdeling van de documenten.", "Seed of the random split of documents."),
    suggester=("rules (regels), similarity (gelijkenis), learned (geleerd) of all (alle).", "rules, similarity, learned or all."),
    unit=("sentence, turn of paragraph (zin, beurt, alinea).", "sentence, turn or paragraph."),
    as_json=("Schrijf één JSON-object.", "Print one JSON object."),
)


def evaluate(
    gold: Path = typer.Option(..., "--gold"),
    train_fraction: float = typer.Option(0.3, "--train-fraction"),
    seed: int = typer.Option(1, "--seed"),
    suggester: str = typer.Option("all", "--suggester"),
    unit: str = typer.Option("sentence", "--unit"),
    as_json: bool = typer.Option(False, "--json"),
    study_dir: Path = typer.Option(Path("."), "--study"),
) -> None:
    from rich.table import Table

    from workbench.coding.suggest import SUGGESTERS
    from workbench.i18n import t

    names = list(SUGGESTERS) if suggester == "all" else [suggester]
    result = open_study_at(study_dir).evaluate(gold, train_fraction=train_fraction, seed=seed, unit=unit, suggesters=names)
    if as_json:
        _print_json(result.to_dict())
        return
    console = make_console()
    console.print(t("evaluate_split", train=len(result.train_documents), test=len(result.test_documents), units=result.n_test_units, unit=t(result.unit)), highlight=False)
    table = Table()
    for col in ("suggester", "code", "gold", "suggested", "precision", "recall", "f1", "kappa"):
        table.add_column(t(col) if col not in ("f1", "kappa") else col, justify="left" if col in ("suggester", "code") else "right")
    for rec in result.per_code.to_dict("records"):
        table.add_row(rec["suggester"], rec["code_id"], str(rec["n_gold"]), str(rec["n_suggested"]), _num(rec["precision"]), _num(rec["recall"]), _num(rec["f1"]), _num(rec["kappa"]))
    console.print(table)
    for name, s in result.summary.items():
        console.print(t("cli_suggest_mean_kappa", name=name, label=t("mean_code_kappa"), kappa=_num(s["mean_kappa"]), n=s["n_codes"]), highlight=False)


def _mount_suggest(app: typer.Typer) -> None:
    app.command("suggest")(suggest)
    app.command("agreement")(agreement)
    app.command("evaluate")(evaluate)
