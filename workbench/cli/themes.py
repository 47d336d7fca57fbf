"""``workbench themes ...``: run, show, stability, align, rename, merge, split, adopt.

Each command is a few lines over :mod:`workbench.themes`; WorkbenchErrors are raised as
they are and the main CLI prints them as one line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, List, Optional

import typer

from workbench.cli.common import helps, open_study_at, say
from workbench.i18n import add, t

add("themes_theme_run", nl='Themarun', en='Theme run')
add("themes_theme", nl='thema', en='theme')
add("themes_keywords", nl='woorden', en='keywords')
add("themes_size", nl='omvang', en='size')
add("themes_share", nl='aandeel', en='share')
add("themes_stability", nl='stabiel', en='stability')
add("themes_quote", nl='citaat', en='quote')
add("themes_from", nl='vanuit', en='from')
add("cli_themes_by_neighbour", nl="{n} van de {short} korte fragmenten kregen het thema van hun beurt of naaste buur", en="{n} of the {short} short segments took the theme of their turn or nearest neighbour")
add("cli_themes_guided", nl="vanuit het codeboek: {n_codes} thema's begonnen bij een code, {n_new} nieuw (kandidaat-codes: 'workbench themes align')",
    en="codebook-guided: {n_codes} themes started from a code, {n_new} new (candidate codes: 'workbench themes align')")
add("cli_themes_minibatch", nl="mini-batch (groot corpus): vectorruimte en eerste thema's geleerd op een steekproef van {sample} fragmenten (het aantal thema's gekozen op {k_sample}); alle {n} fragmenten in porties van {batch} ingedeeld, de woorden per thema over alle fragmenten geteld{stability}",
    en="mini-batch (big corpus): vector space and first themes learned on a sample of {sample} segments (the number of themes chosen on {k_sample}); all {n} segments assigned in batches of {batch}, each theme's words counted over all segments{stability}")
add("cli_themes_stability_sample", nl="; stabiliteit gemeten op de steekproef van {n}", en="; stability measured on the sample of {n}")
add("themes_segments", nl='segmenten', en='segments')
add("themes_without_theme", nl='zonder thema', en='without a theme')
add("themes_left_out", nl='weggelaten', en='left out')
add("themes_too_short", nl='te kort', en='too short')
add("themes_carried", nl='meegenomen uit de vorige run', en='carried over from the last run')
add("themes_not_carried", nl='niet meegenomen (geen passend thema)', en='not carried over (no matching theme)')
add("themes_candidate_code", nl='Kandidaat-code', en='Candidate code')
add("cli_themes_run_line", nl="{label} {id}  {created}  {unit}  seed {seed}  {embedding}  {n} {segments}, {outliers} {without}  ({left_out}: {interviewer} interviewer, {short} {too_short})",
    en="{label} {id}  {created}  {unit}  seed {seed}  {embedding}  {n} {segments}, {outliers} {without}  ({left_out}: {interviewer} interviewer, {short} {too_short})")
add("cli_themes_event", nl="gebeurtenis {event}", en="event {event}")
add("cli_themes_adopted", nl="{path}: {code} toegevoegd, codeboekversie {version}; schrijf de definitie in de YAML bij", en="{path}: {code} added, codebook version {version}; edit its definition in the YAML")
add("themes_no_codings_yet", nl="Nog geen coderingen van mensen om thema's mee te vergelijken.", en='No codings by people yet to compare themes with.')

helps("themes", (
    "Thema's in de verhalen: vinden (topicmodel), tonen met woorden, citaten en aandelen, stabiliteit meten, naast het codeboek leggen, "
    "hernoemen/samenvoegen/splitsen, als code overnemen.",
    "Themes across the stories: find them (topic model), show them with keywords, quotes and shares, measure stability, align with the codebook, "
    "rename/merge/split, adopt as a code.",
))
app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

STUDY = typer.Option(Path("."), "--study")
RUN_ID = ("Nummer van de run (standaard: de nieuwste).", "Run number (default: the newest).")
RUN = ("De run (standaard: de nieuwste).", "The run (default: the newest).")
THEME = ("Nummer van het thema.", "Theme number.")


def _show(study: Any, run_id: int | None, initiative: str | None, as_json: bool, n_quotes: int = 1) -> None:
    from dataclasses import asdict

    from rich.console import Console
    from rich.table import Table

    from workbench.i18n import t
    from workbench.themes.runs import effective_themes, get_run, summaries, theme_origin

    run = get_run(study.store, run_id)
    rows = summaries(study.store, run, effective_themes(study.store, run.id), initiative)
    if as_json:
        print(json.dumps({"run": asdict(run), "themes": [asdict(r) for r in rows]}, ensure_ascii=False, indent=2))
        return
    s = run.summary
    say(t(
        "cli_themes_run_line", label=t("themes_theme_run"), id=run.id, created=run.created_at[:19], unit=run.unit, seed=run.seed, embedding=run.embedding,
        n=run.n_segments, segments=t("themes_segments"), outliers=run.n_outliers, without=t("themes_without_theme"),
        left_out=t("themes_left_out"), interviewer=s.get("n_interviewer", 0), short=s.get("n_too_short", 0), too_short=t("themes_too_short"),
    ))
    if s.get("n_by_neighbour"):
        say(t("cli_themes_by_neighbour", n=s["n_by_neighbour"], short=s.get("n_too_short", 0)))
    if s.get("fit_sample"):
        say(t("cli_themes_minibatch", sample=s["fit_sample"], k_sample=s.get("k_sample", 0), n=run.n_segments, batch=s.get("batch_size", 0),
              stability=t("cli_themes_stability_sample", n=s["stability_on_sample"]) if s.get("stability_on_sample") else ""))
    if s.get("guided"):
        say(t("cli_themes_guided", n_codes=sum(1 for r in rows if not r.is_new), n_new=sum(1 for r in rows if r.is_new)))
    table = Table(show_lines=True)
    for col in ("#", t("themes_theme"), t("themes_from"), t("themes_keywords"), t("themes_size"), t("themes_share"), t("themes_stability"), t("themes_quote")):
        table.add_column(col, overflow="fold")
    for r in rows:
        quote = "\n".join("\u201c" + q.text[:220] + "\u201d" for q in r.quotes[:n_quotes])
        stab = f"{r.stability:.0%}" if r.stability is not None else "-"
        share = f"{r.share:.0%}" + (f" (x{r.distinctiveness:.1f})" if r.distinctiveness else "")
        table.add_row(str(r.theme_id), r.label, theme_origin(r), ", ".join(r.keywords[:8]), str(r.size if initiative is None else r.count), share, stab, quote)
    Console(width=160).print(table)


helps(
    "themes run",
    ("Vind thema's in de opgeslagen stukken en sla de run op; wat mensen aan de vorige run veranderden, gaat mee.",
     "Find themes in the stored segments and store the run; people's edits of the last run are carried over."),
    unit=("sentence, paragraph of turn (zin, alinea, beurt; standaard: [themes] unit).", "sentence, paragraph or turn (default: [themes] unit)."),
    initiative=("Alleen de verhalen van dit initiatief.", "Only this initiative's stories."),
    seed=("Startwaarde van het toeval (standaard: [themes] seed).", "Random seed (default: [themes] seed)."),
    embedding=("tfidf, e5, of de naam of map van een sentence-transformers-model.", "tfidf, e5, or a sentence-transformers model name or folder."),
    n_themes=("auto of een getal.", "auto or a number."),
    stability=("Meet ook de stabiliteit over zoveel startwaarden (0: nu niet).", "Also measure stability over this many seeds (0: not now)."),
    clusterer=("auto, kmeans, agglomerative, hdbscan of minibatch (grote corpora: in porties gelezen, begrensd geheugen; standaard: [themes] clusterer).",
               "auto, kmeans, agglomerative, hdbscan or minibatch (big corpora: read in batches, bounded memory; default: [themes] clusterer)."),
)


@app.command()
def run(
    unit: Optional[str] = typer.Option(None, "--unit"),
    initiative: Optional[str] = typer.Option(None, "--initiative"),
    seed: Optional[int] = typer.Option(None, "--seed"),
    embedding: Optional[str] = typer.Option(None, "--embedding"),
    n_themes: Optional[str] = typer.Option(None, "--n-themes"),
    stability: int = typer.Option(0, "--stability"),
    clusterer: Optional[str] = typer.Option(None, "--clusterer"),
    study_dir: Path = STUDY,
) -> None:
    from workbench.i18n import t

    study = open_study_at(study_dir)
    result = study.run_themes(unit=unit, initiative=initiative, seed=seed, embedding=embedding, n_themes=n_themes, stability_seeds=stability, clusterer=clusterer)
    for what in result.carried:
        say(f"{t('themes_carried')}: {what}")
    for what in result.not_carried:
        say(f"{t('themes_not_carried')}: {what}")
    _show(study, result.run_id, None, False)


helps(
    "themes show",
    ("De thema's van een run: naam, woorden, omvang, aandeel, stabiliteit, citaten.", "The themes of a run: label, keywords, size, share, stability, quotes."),
    run_id=RUN_ID,
    initiative=("Aandelen en citaten van één initiatief.", "Shares and quotes of one initiative."),
    as_json=("Uitvoer voor programma's (JSON).", "Machine-readable output."),
    quotes=("Citaten per thema.", "Quotes per theme."),
)


@app.command()
def show(
    run_id: Optional[int] = typer.Argument(None),
    initiative: Optional[str] = typer.Option(None, "--initiative"),
    as_json: bool = typer.Option(False, "--json"),
    quotes: int = typer.Option(1, "--quotes"),
    study_dir: Path = STUDY,
) -> None:
    _show(open_study_at(study_dir), run_id, initiative, as_json, quotes)


helps(
    "themes stability",
    ("Pas het model van de run opnieuw toe met andere startwaarden: hoe vaak komt elk thema terug (Jaccard van de beste match)?",
     "Fit the run's model with other seeds: how often does each theme come back (best-match Jaccard)?"),
    run_id=RUN_ID,
    seeds=("Aantal startwaarden (standaard: [themes] stability_seeds).", "Seeds to fit (default: [themes] stability_seeds)."),
)


@app.command()
def stability(
    run_id: Optional[int] = typer.Argument(None),
    seeds: Optional[int] = typer.Option(None, "--seeds"),
    study_dir: Path = STUDY,
) -> None:
    study = open_study_at(study_dir)
    study.measure_theme_stability(run_id, seeds=seeds)
    _show(study, run_id, None, False, 0)


helps(
    "themes align",
    ("Tabel code x thema uit de coderingen van mensen; thema's die geen code dekt, worden kandidaat-codes.",
     "Code x theme table from people's codings; themes no code covers become candidate codes."),
    run_id=RUN_ID,
)


@app.command()
def align(
    run_id: Optional[int] = typer.Argument(None),
    study_dir: Path = STUDY,
) -> None:
    from workbench.i18n import t

    study = open_study_at(study_dir)
    table = study.theme_alignment(run_id)
    say(table.to_string() if len(table.index) > 1 else t("themes_no_codings_yet"))
    for c in study.candidate_codes(run_id):
        say(f"\n{t('themes_candidate_code')} (workbench themes adopt {c.theme_id}): {c.id}  \"{c.label}\"\n  {c.definition}")


helps(
    "themes rename",
    ("Geef een thema een menselijke naam (blijft bij volgende runs).", "Give a theme a human name (kept on later runs)."),
    theme=THEME,
    label=("De nieuwe naam.", "The new name."),
    run_id=RUN,
)


@app.command()
def rename(theme: int = typer.Argument(...), label: str = typer.Argument(...), run_id: Optional[int] = typer.Option(None, "--run"), study_dir: Path = STUDY) -> None:
    say(t("cli_themes_event", event=open_study_at(study_dir).rename_theme(theme, label, run_id=run_id)))


helps(
    "themes merge",
    ("Voeg thema's samen tot één (blijft bij volgende runs).", "Merge themes into one (kept on later runs)."),
    themes=("Nummers van de thema's.", "Theme numbers."),
    label=("Naam van het samengevoegde thema.", "Name of the merged theme."),
    run_id=RUN,
)


@app.command()
def merge(
    themes: List[int] = typer.Argument(...),
    label: Optional[str] = typer.Option(None, "--label"),
    run_id: Optional[int] = typer.Option(None, "--run"),
    study_dir: Path = STUDY,
) -> None:
    say(t("cli_themes_event", event=open_study_at(study_dir).merge_themes(themes, label, run_id=run_id)))


helps(
    "themes split",
    ("Splits een thema in delen, op de eigen woorden van zijn stukken (blijft bij volgende runs).", "Split a theme into parts by its members' own words (kept on later runs)."),
    theme=THEME,
    parts=("In hoeveel delen.", "Into how many parts."),
    label=("Namen van de delen, op volgorde (herhaal).", "Names of the parts, in order (repeat)."),
    run_id=RUN,
)


@app.command()
def split(
    theme: int = typer.Argument(...),
    parts: int = typer.Option(2, "--parts"),
    label: List[str] = typer.Option([], "--label"),
    run_id: Optional[int] = typer.Option(None, "--run"),
    study_dir: Path = STUDY,
) -> None:
    study = open_study_at(study_dir)
    say(t("cli_themes_event", event=study.split_theme(theme, parts, labels=label, run_id=run_id)))
    _show(study, run_id, None, False, 0)


helps(
    "themes adopt",
    ("Schrijf een thema als nieuwe code in het codeboek (YAML), met een voorstel voor de definitie (een nieuwe codeboekversie).",
     "Write a theme into the codebook YAML as a new code, with a drafted definition (a new codebook version)."),
    theme=THEME,
    code_id=("Id van de code (standaard: gemaakt uit de naam).", "Code id (default: from the label)."),
    label=("Naam van de code (standaard: die van het thema).", "Code label (default: the theme's)."),
    parent=("Zet haar onder deze code.", "Put it under this code."),
    run_id=RUN,
)


@app.command()
def adopt(
    theme: int = typer.Argument(...),
    code_id: Optional[str] = typer.Option(None, "--id"),
    label: Optional[str] = typer.Option(None, "--label"),
    parent: Optional[str] = typer.Option(None, "--parent"),
    run_id: Optional[int] = typer.Option(None, "--run"),
    study_dir: Path = STUDY,
) -> None:
    study = open_study_at(study_dir)
    revision = study.adopt_theme(theme, run_id=run_id, code_id=code_id, label=label, parent=parent)
    code = revision.payload["into"]
    say(t("cli_themes_adopted", path=study.settings.codebook_path, code=code, version=revision.version))
