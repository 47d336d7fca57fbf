"""A study: the project folder with its settings, database and corpus.

Example:
    >>> import workbench as wb
    >>> study = wb.open_study(".")                  # doctest: +SKIP
    >>> study.ingest()                               # doctest: +SKIP
    >>> study.corpus.to_frame()                      # doctest: +SKIP
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from workbench.i18n import add, t
from workbench.settings import FILENAME, Settings, find_root

add("study_exists", nl="hier staat al een studie", en="a study already exists here")
add("study_exists_fix", nl="kies een andere map, of pas de bestaande workbench.toml aan", en="choose another folder, or edit the existing workbench.toml")

if TYPE_CHECKING:
    import pandas as pd

    from workbench.corpus.ingest import IngestReport, Progress, Stage
    from workbench.corpus.model import Corpus, Segment
    from workbench.store import Store


class Study:
    """One study folder. Open it with :func:`open_study`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = settings.root
        # codebook path -> ((path, mtime_ns, size), sha256, Codebook, version number)
        self._codebook_cache: dict[str, tuple[Any, str, Any, int]] = {}

    def __repr__(self) -> str:
        return f"Study({self.settings.project.name!r}, root={str(self.root)!r})"

    def _repr_html_(self) -> str:
        from workbench.display import mapping_html

        return mapping_html(
            t("study_title", name=self.settings.project.name),
            {t("study_folder"): self.root, t("documents"): len(self.corpus), t("codebook"): self.settings.codebook_path.name},
        )

    @cached_property
    def store(self) -> Store:
        from workbench.store import Store

        return Store.open(self.settings.db_url)

    def close(self) -> None:
        self._codebook_cache.clear()
        if "store" in self.__dict__:
            self.store.close()
            del self.__dict__["store"]

    def __enter__(self) -> Study:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def user(self) -> str:
        return self.settings.user

    # -- corpus -------------------------------------------------------------------
    @property
    def corpus(self) -> Corpus:
        from workbench.corpus.model import Corpus

        return Corpus(self.store)

    def ingest(
        self,
        paths: list[str | Path] | None = None,
        *,
        strict: bool = False,
        progress: Progress | None = None,
        workers: int | None = None,
        stage: Stage | None = None,
        client: Any = None,
        scheduler: str | None = None,
        announce: Callable[[str], None] | None = None,
    ) -> IngestReport:
        """Read, pseudonymise, segment and store the corpus folders. See :func:`workbench.corpus.ingest.run_ingest`.

        ``client``: a ``distributed.Client`` you already have (the reading runs on its
        cluster); ``scheduler``: a Dask scheduler's address; ``workers``: a LocalCluster of
        that many processes (0: one process, no cluster). Default: ``[compute]``.

        Example:
            >>> from distributed import Client                 # doctest: +SKIP
            >>> report = study.ingest(client=Client("tcp://10.1.2.3:8786"))  # doctest: +SKIP
        """
        from workbench.corpus.ingest import run_ingest

        resolved = [self.settings.resolve(p) for p in paths] if paths else None
        return run_ingest(
            self.settings, self.store, resolved, strict=strict, progress=progress, workers=workers, stage=stage, client=client, scheduler=scheduler, announce=announce
        )

    def remove_document(self, doc_id: str) -> int:
        """Remove a document for good (e.g. consent withdrawn): every version, its segments,
        its codings and its rows in the pseudonymisation key. Returns the versions removed."""
        from workbench.corpus.pseudonymise import read_key, write_key

        if not self.store.has_document(doc_id):
            self.corpus.get(doc_id)  # raises with close matches
        key_path = self.settings.key_path
        rows = read_key(key_path)
        n = self.store.remove_document(doc_id)
        self.store.remove_exchange_guids("document", [doc_id])
        kept = [r for r in rows if r["document"] != doc_id]
        if len(kept) != len(rows):
            write_key(key_path, kept)
        return n

    def mark_checked(self, doc_id: str, *, by: str | None = None) -> Any:
        """Record that a researcher read the current version of a document through after
        pseudonymisation (who: ``by``, else the study's user; when: now). Reports say how
        many documents were checked, by whom and when.

        Example:
            >>> study.mark_checked("interview-01", by="lian").checked_by    # doctest: +SKIP
            'lian'
        """
        doc = self.corpus.get(doc_id)  # an unknown id raises, with close matches
        who = " ".join((by or self.user).split())
        return self.store.put_document_check(doc.id, doc.version, who)

    def segments(self, unit: str = "sentence", *, initiative: str | None = None, include_interviewer: bool = False) -> list[Segment]:
        """All segments of one unit across the current documents, in document order, each
        with its document's initiative, role and kind. Interviewer turns are left out by default."""
        return self.store.all_segments(unit, include_interviewer=include_interviewer, initiative=initiative)

    # -- codebook and codings -------------------------------------------------------
    def load_codebook(self, path: str | Path | None = None) -> tuple[Any, int]:
        """Load the codebook file, storing a new version if its content changed.

        Returns (codebook, version number). The parsed codebook is kept while the file's
        bytes stay the same (checked by size and time first, then by sha256), so a click
        in an app does not parse the YAML again.
        """
        import hashlib

        from workbench.codebook.versions import sync_codebook

        target = Path(path) if path else self.settings.codebook_path
        try:
            stat = target.stat()
            quick = (str(target), stat.st_mtime_ns, stat.st_size)
        except OSError:
            quick = None
        cached = self._codebook_cache.get(str(target))
        if cached is not None and quick is not None and cached[0] == quick:
            return cached[2], cached[3]
        if cached is not None and quick is not None:
            digest = hashlib.sha256(target.read_bytes()).hexdigest()
            if digest == cached[1]:
                self._codebook_cache[str(target)] = (quick, digest, cached[2], cached[3])
                return cached[2], cached[3]
        codebook, version = sync_codebook(self.store, target, self.user)
        if quick is not None:
            self._codebook_cache[str(target)] = (quick, hashlib.sha256(target.read_bytes()).hexdigest(), codebook, version)
        return codebook, version

    @property
    def codebook(self) -> Any:
        return self.load_codebook()[0]

    def apply_code(self, segment: Segment, code_id: str, *, coder: str | None = None, source: str = "manual", memo: str | None = None, **kw: Any) -> int:
        """Record that ``coder`` applied ``code_id`` to ``segment``; returns the event id."""
        from workbench.coding.events import apply_code

        codebook, version = self.load_codebook()
        return apply_code(
            self.store, codebook, doc_id=segment.doc_id, doc_version=segment.doc_version, start=segment.start, end=segment.end,
            code_id=code_id, coder=coder or self.user, source=source, memo=memo, codebook_version=version, **kw,
        )

    def remove_code(self, segment: Segment, code_id: str, *, coder: str | None = None, memo: str | None = None) -> int:
        from workbench.coding.events import remove_code

        return remove_code(
            self.store, doc_id=segment.doc_id, doc_version=segment.doc_version, start=segment.start, end=segment.end,
            code_id=code_id, coder=coder or self.user, memo=memo,
        )

    def codings(self, **filters: Any) -> pd.DataFrame:
        """The current codings (kept current with the events), one row per coder, span and code.

        Filters: ``doc_id``, ``doc_version``, ``coder``, ``include_suggestions``.
        """
        from workbench.coding.events import codings_frame

        return codings_frame(self.store, **filters)

    def links(self, **filters: Any) -> pd.DataFrame:
        """The coded links (impact pathways, issue 20): one row per link with cause, effect,
        sign, strength, quote, document, initiative, role, coder. Flagged quotes are left out.

        Filters: ``initiative``, ``role`` (``residents``/``bewoners``, ``volunteers``,
        ``professionals`` or one role), ``coder``, ``include_suggestions``.
        """
        from workbench.pathways.table import links_table

        return links_table(self, **filters)

    def link(
        self, span: Any, cause: str, effect: str, *, sign: str = "more", strength: str | None = None, coder: str | None = None,
        memo: str | None = None, spans: dict[str, Any] | None = None,
    ) -> int:
        """Record that ``span`` tells that ``cause`` led to ``effect``; returns the event id."""
        from workbench.coding.links import apply_link

        codebook, version = self.load_codebook()
        return apply_link(
            self.store, codebook, doc_id=span.doc_id, doc_version=span.doc_version, start=span.start, end=span.end, cause=cause,
            effect=effect, coder=coder or self.user, sign=sign, strength=strength, memo=memo, spans=spans, codebook_version=version,
        )

    # -- the coding app's actions: each one line into the store (issue 7) ----------------
    # ``span`` is anything with doc_id, doc_version, start and end (a Segment, a Coding,
    # a free span chosen with the mouse).
    def accept_suggestion(self, span: Any, code_id: str, *, coder: str | None = None, suggester: str | None = None, memo: str | None = None) -> int:
        """Accept a pending suggestion of ``code_id`` on ``span``: stored as the coder's coding (source ``accepted``)."""
        from workbench.coding.events import accept_suggestion

        codebook, version = self.load_codebook()
        return accept_suggestion(
            self.store, codebook, doc_id=span.doc_id, doc_version=span.doc_version, start=span.start, end=span.end, code_id=code_id,
            coder=coder or self.user, suggester=suggester, memo=memo, codebook_version=version,
        )

    def reject_suggestion(self, span: Any, code_id: str, *, coder: str | None = None, suggester: str | None = None, memo: str | None = None) -> int:
        """Reject a pending suggestion (kept in the audit trail as rejected by the coder)."""
        from workbench.coding.events import reject_suggestion

        return reject_suggestion(
            self.store, doc_id=span.doc_id, doc_version=span.doc_version, start=span.start, end=span.end, code_id=code_id,
            coder=coder or self.user, suggester=suggester, memo=memo,
        )

    def set_memo(self, span: Any, code_id: str, memo: str | None, *, coder: str | None = None) -> int:
        """Set the memo of the coder's coding of ``code_id`` on ``span``."""
        from workbench.coding.manual import set_coding_memo

        return set_coding_memo(
            self.store, doc_id=span.doc_id, doc_version=span.doc_version, start=span.start, end=span.end, code_id=code_id,
            coder=coder or self.user, memo=memo,
        )

    def set_document_memo(self, doc_id: str, memo: str, *, coder: str | None = None) -> None:
        """The coder's memo on a whole document (empty text removes it)."""
        self.store.put_document_memo(doc_id, coder or self.user, memo)

    def document_memo(self, doc_id: str, *, coder: str | None = None) -> str:
        found = self.store.document_memos(doc_id, coder or self.user)
        return found[0].memo if found else ""

    def save_position(self, span: Any, *, unit: str = "sentence", coder: str | None = None) -> None:
        """Remember where the coder is (the app calls this at every move)."""
        self.store.put_coder_position(coder or self.user, span.doc_id, span.doc_version, getattr(span, "start", None), getattr(span, "end", None), unit)

    def position(self, coder: str | None = None) -> Any:
        """Where the coder left off (:class:`workbench.store.coding_app.CoderPosition`), or None."""
        return self.store.coder_position(coder or self.user)

    def progress(self, coder: str | None = None, *, unit: str = "sentence") -> dict[str, Any]:
        """Per document: units the coder coded, of all (:class:`workbench.coding.manual.Progress`)."""
        from workbench.coding.manual import progress

        return progress(self.store, coder or self.user, unit=unit)

    # -- search, retrieval, tables ---------------------------------------------------------
    def search(self, query: str, *, by: str = "lemma", initiative: str | None = None, role: str | None = None, include_interviewer: bool = False) -> pd.DataFrame:
        """Keyword in context across the corpus. See :func:`workbench.coding.retrieve.search`."""
        from workbench.coding.retrieve import search

        return search(self.store, query, by=by, initiative=initiative, role=role, include_interviewer=include_interviewer)

    def retrieve(self, code: str | None = None, *, initiative: str | None = None, role: str | None = None, coder: str | None = None, **options: Any) -> pd.DataFrame:
        """Coded fragments with quote, context, speaker, role and memo. See :func:`workbench.coding.retrieve.retrieve`."""
        from workbench.coding.retrieve import retrieve

        return retrieve(self.store, self.codebook, code, initiative=initiative, role=role, coder=coder, **options)

    def code_table(self, *, unit: str = "sentence", coder: str | None = None) -> pd.DataFrame:
        """Segment x code table (how many coders coded each code on each segment)."""
        from workbench.coding.retrieve import code_table

        return code_table(self.store, self.codebook, unit=unit, coder=coder)

    def import_codings(self, path: str | Path, *, coder: str | None = None) -> Any:
        """Codings from a CSV/XLSX table, stored in one transaction. See :func:`workbench.coding.manual.import_codings`."""
        from workbench.coding.manual import import_codings

        codebook, version = self.load_codebook()
        return import_codings(self.store, codebook, version, path, coder=coder, default_coder=self.user)

    # -- exchange with other tools ----------------------------------------------------
    def export_qdpx(self, path: str | Path, **options: Any) -> Any:
        """Write the study as a REFI-QDA project (ATLAS.ti, MAXQDA, NVivo, QualCoder).
        See :func:`workbench.interop.qdpx.export_qdpx` for the options."""
        from workbench.interop.qdpx import export_qdpx

        return export_qdpx(self, path, **options)

    def import_qdpx(self, path: str | Path, **options: Any) -> Any:
        """Bring a REFI-QDA project into the study; the report lists what was left out.
        See :func:`workbench.interop.qdpx.import_qdpx` for the options."""
        from workbench.interop.qdpx import import_qdpx

        return import_qdpx(self, path, **options)

    # -- reports --------------------------------------------------------------------
    def import_translations(self, path: str | Path, *, author: str | None = None) -> int:
        """The researcher's translations of quotes from a filled-in untranslated-quotes.csv.
        See :func:`workbench.reports.translations.import_translations`."""
        from workbench.reports.translations import import_translations

        return import_translations(self.store, path, author=author or self.user)

    # -- suggestions, agreement, evaluation ----------------------------------------------
    def suggest(
        self, suggester: str = "all", *, unit: str = "sentence", store: bool = True, client: Any = None, workers: int | None = None,
        scheduler: str | None = None, tell: Any = None, progress: Any = None,
    ) -> Any:
        """Fit the suggesters (rules, similarity, learned or all) and store their suggestions
        as suggestions. See :func:`workbench.coding.jobs.run_suggest`.

        Where it runs (:mod:`workbench.compute`): a ``distributed.Client`` you have
        (``client=client``), a Dask ``scheduler`` address, a LocalCluster of ``workers``
        processes, else ``[compute]`` in workbench.toml; ``workers=0`` (the default) is one
        process. On a cluster the texts are embedded and the suggestions predicted in
        partitions (:mod:`workbench.coding.partitions`); the stored suggestions are the same.

        Example:
            >>> from distributed import Client                  # doctest: +SKIP
            >>> study.suggest(client=Client("tcp://10.1.2.3:8786")).stored   # doctest: +SKIP
            {'suggester:rules@1': 2035, ...}
        """
        from workbench import compute
        from workbench.coding.jobs import run_suggest

        codebook, version = self.load_codebook()
        with compute.cluster(self.settings, client=client, scheduler=scheduler, workers=workers, tell=tell) as dask:
            return run_suggest(self.store, self.settings.suggest, codebook, version, suggester, unit=unit, save=store, client=dask, progress=progress)

    def agreement(self, coders: list[str], *, unit: str = "sentence", suggester: str | None = "learned") -> Any:
        """Agreement between coders per code and overall, with the disagreements
        (``.per_code``, ``.overall``, ``.disagreements``), and the suggester as one more
        coder (``.suggester``; ``suggester=None`` skips it). See :mod:`workbench.coding.agreement`."""
        from workbench.coding.jobs import run_agreement

        codebook = self.codebook if suggester is not None else None
        return run_agreement(self.store, coders, unit=unit, suggester=suggester, settings=self.settings.suggest, codebook=codebook)

    def evaluate(
        self, gold: str | Path, *, train_fraction: float = 0.3, seed: int = 1, unit: str = "sentence",
        suggesters: Sequence[str] = ("rules", "similarity", "learned"),
    ) -> Any:
        """Score the suggesters against a gold coding file. See :mod:`workbench.coding.evaluate`."""
        from workbench.coding.jobs import run_evaluate

        return run_evaluate(self.store, self.settings.suggest, self.codebook, gold, train_fraction=train_fraction, seed=seed, unit=unit, suggesters=suggesters)

    # -- themes: the themes part takes a store and settings; the study composes them ----
    def run_themes(self, *, unit: str | None = None, initiative: str | None = None, seed: int | None = None, embedding: str | None = None,
                   n_themes: int | str | None = None, author: str | None = None, stability_seeds: int = 0, **params: Any) -> Any:
        """Fit themes (codebook-guided by default: ``[themes] mode``), store the run, carry edits over.
        See :func:`workbench.themes.runs.run_themes`."""
        from workbench.themes.runs import run_themes

        return run_themes(self.store, self.settings, unit=unit, initiative=initiative, seed=seed, embedding=embedding, n_themes=n_themes,
                          author=author or self.user, stability_seeds=stability_seeds, **params)

    def latest_themes(self, initiative: str | None = None) -> Any:
        """The newest run's themes with people's edits (:func:`workbench.themes.runs.latest_themes`)."""
        from workbench.themes.runs import latest_themes

        return latest_themes(self.store, initiative)

    def measure_theme_stability(self, run_id: int | None = None, *, seeds: int | None = None) -> dict[int, float]:
        """Stability of a run's themes over seeds, stored with the run."""
        from workbench.themes.runs import measure_stability

        return measure_stability(self.store, self.settings, run_id, seeds=seeds or self.settings.themes.stability_seeds)

    def theme_alignment(self, run_id: int | None = None) -> pd.DataFrame:
        """Code x theme table of people's codings (:func:`workbench.themes.align.alignment`)."""
        from workbench.themes.align import alignment

        return alignment(self.store, run_id)

    def candidate_codes(self, run_id: int | None = None, **options: Any) -> list[Any]:
        """New themes no code covers, drafted as codes (:func:`workbench.themes.align.candidate_codes`)."""
        from workbench.themes.align import candidate_codes

        return candidate_codes(self.store, self.settings, run_id, **options)

    def adopt_theme(self, theme_id: int, *, author: str | None = None, **options: Any) -> Any:
        """Write a theme into the codebook as a new code (:func:`workbench.themes.align.adopt_theme`)."""
        from workbench.themes.align import adopt_theme

        return adopt_theme(self.store, self.settings, theme_id, author=author or self.user, **options)

    def rename_theme(self, theme_id: int, label: str, *, run_id: int | None = None, author: str | None = None) -> int:
        from workbench.themes.runs import rename_theme

        return rename_theme(self.store, theme_id, label, run_id=run_id, author=author or self.user)

    def merge_themes(self, theme_ids: list[int], label: str | None = None, *, run_id: int | None = None, author: str | None = None) -> int:
        from workbench.themes.runs import merge_themes

        return merge_themes(self.store, theme_ids, label, run_id=run_id, author=author or self.user)

    def split_theme(self, theme_id: int, parts: int = 2, *, labels: Any = (), run_id: int | None = None, author: str | None = None) -> int:
        from workbench.themes.runs import split_theme

        return split_theme(self.store, theme_id, parts, labels=labels, run_id=run_id, author=author or self.user)

    # -- mixed methods: variables, crosstabs, joint display, framework matrix ----------------
    def mixed_data(self, *, sync: bool = True) -> Any:
        """One snapshot for the mixed-methods tables. See :class:`workbench.mixed.MixedData`."""
        from workbench.mixed import MixedData

        return MixedData.load(self.store, self.settings, self.load_codebook()[0], sync=sync)

    def variables(self) -> pd.DataFrame:
        """Every variable of the study (survey questions, metadata columns, the initiatives
        sheet): name, type, scope, levels, answers, missing, "weet niet" and how its type was
        found. Rebuilt from the corpus and ``[mixed]`` in workbench.toml on every call."""
        from workbench.mixed import stored_variables, sync_variables, variables_frame

        sync_variables(self.store, self.settings)
        return variables_frame(stored_variables(self.store))

    def crosstab(self, code: str, *, by: str, unit: str | None = None) -> Any:
        """Code x variable with counts, shares, a test, Cramér's V and a plain sentence.
        See :func:`workbench.mixed.crosstab`."""
        from workbench.mixed import crosstab

        return crosstab(self.mixed_data(), code, by=by, unit=unit)

    def joint_display(self, codes: list[str] | None = None, *, by: str, unit: str | None = None, themes: str | list[int | str] | None = None) -> Any:
        """Categories x codes and/or themes: each cell the share and the most typical quote.

        ``themes``: ``"all"`` or theme ids/labels of the newest theme run (with people's
        edits); their columns are keyed ``theme:N``. See :func:`workbench.mixed.joint_display`.
        """
        from workbench.mixed import joint_display, theme_spans

        columns = theme_spans(self.store, themes) if themes is not None else None
        return joint_display(self.mixed_data(), codes, by=by, unit=unit, themes=columns)

    def framework(self, *, rows: str = "initiative", codes: list[str] | None = None) -> Any:
        """Cases x codes: coded fragments, proposed quotes and the researchers' summaries.
        See :func:`workbench.mixed.framework`."""
        from workbench.mixed import framework

        return framework(self.mixed_data(), self.store, rows=rows, codes=codes)

    def set_framework_summary(self, rows: str, case: str, code: str, text: str, *, author: str | None = None) -> int:
        """Write the summary of one framework cell (kept as an event: the history stays)."""
        from workbench.mixed import set_summary

        return set_summary(self.mixed_data(), self.store, rows=rows, case=case, code=code, text=text, author=author or self.user)


def open_study(path: str | Path = ".") -> Study:
    """The study whose ``workbench.toml`` is in ``path`` or a parent folder."""
    root = find_root(path)
    return Study(Settings.from_toml(root / FILENAME))


TEMPLATE_NL = """\
# Een studie van de impact-stories workbench. Elke sleutel wordt uitgelegd in de README.
[project]
name = "{name}"
language = "nl"          # nl of en: de taal van de teksten
user = ""                # uw naam bij codeboekversies en coderingen (leeg: uw inlognaam)

[corpus]
paths = ["corpora"]      # mappen met documenten, met een metadata.csv of metadata.xlsx ernaast
max_file_mb = 20

[compute]
# waar het zware werk draait (inlezen): 0 werkprocessen is geen cluster, één proces (het
# snelst voor een studie van deze omvang); 2 of meer: een Dask-LocalCluster op deze
# computer; of een Dask-cluster van uw instituut: scheduler = "tcp://10.1.2.3:8786"
workers = 0
scheduler = ""

[codebook]
path = "codebooks/{codebook}"   # een kopie van het startcodeboek: hoort bij deze studie, pas het gerust aan

[store]
url = "sqlite:///.workbench/workbench.db"

[privacy]
pseudonymise = true
require_consent = true
# openbare namen die nooit vervangen worden: de initiatieven, gemeenten, instanties
keep = []
keep_file = ""
# namen die u kent (respondenten, familie, vrijwilligers): altijd vervangen, ook de voornamen
replace = []
replace_file = ""
# de meegeleverde lijst voor de Nederlandse zorg (wetten, instanties, zorgverzekeraars, provincies, landen)
keep_defaults = true
# true: namen van gemeenten blijven staan (Zeist, Hilversum): beter voor de analyse, maar
# dan blijft ook de eigen gemeente van een respondent leesbaar (dorpen en straten niet)
keep_places = false
ages = "generalise"      # "ik ben 67" -> [60-69]; of "replace", "keep"
years = "generalise"     # "sinds 1998 woon ik hier" -> [1990-1999]; of "replace", "keep"
dates = "personal"       # datums in een zin over iemands leven; of "all"
pseudonyms = "study"     # één pseudoniem per persoon in de hele studie; of "document"
# de pseudonimiseringssleutel: bewaar hem apart van de gegevens, nooit in git en nooit delen
key_path = "private/pseudonymisation-key.csv"
"""

TEMPLATE_EN = """\
# A study of the impact-stories workbench. Every key is explained in the README.
[project]
name = "{name}"
language = "nl"          # nl or en: the language of the texts
user = ""                # your name for codebook versions and codings (empty: login name)

[corpus]
paths = ["corpora"]      # folders with documents and a metadata.csv or metadata.xlsx beside them
max_file_mb = 20

[compute]
# where the heavy work (ingest) runs: 0 workers is no cluster, one process (the fastest
# for a study of this size); 2 or more: a Dask LocalCluster on this computer; or your
# institute's Dask cluster: scheduler = "tcp://10.1.2.3:8786"
workers = 0
scheduler = ""

[codebook]
path = "codebooks/{codebook}"   # a copy of the starter codebook: yours to adapt

[store]
url = "sqlite:///.workbench/workbench.db"

[privacy]
pseudonymise = true
require_consent = true
# public names that are never replaced: your initiatives, municipalities, public bodies
keep = []
keep_file = ""
# names you know (respondents, relatives, volunteers): always replaced, with first names
replace = []
replace_file = ""
# the shipped Dutch care keep-list (laws, public bodies, insurers, provinces, countries)
keep_defaults = true
# true: municipality names stay (Zeist, Hilversum): better for analysis, but a
# respondent's own municipality then stays in clear too (villages, streets do not)
keep_places = false
ages = "generalise"      # "ik ben 67" -> [60-69]; or "replace", "keep"
years = "generalise"     # "sinds 1998 woon ik hier" -> [1990-1999]; or "replace", "keep"
dates = "personal"       # dates in a sentence about someone's life; or "all"
pseudonyms = "study"     # one pseudonym per person across the study; or "document"
# the pseudonymisation key: keep it apart from the data, never commit or share it
key_path = "private/pseudonymisation-key.csv"
"""

#: workbench.toml as 'workbench init' writes it, its comments in the interface language
add("study_template", nl=TEMPLATE_NL, en=TEMPLATE_EN)
GITIGNORE = ".workbench/\nreports/\nprivate/\n"

#: the columns of a metadata sheet, in the order 'workbench init' suggests them
SHEET_COLUMNS = ("file", "initiative", "role", "date", "interviewer", "consent", "kind")

#: the starter codebook shipped in the package (a copy of codebooks/ in the repository)
STARTER_CODEBOOK = "impact-zorgzame-gemeenschappen.yaml"


def _data() -> Any:
    from importlib.resources import files

    return files("workbench") / "data"


def starter_codebook_text() -> str:
    """The YAML of the starter codebook shipped with the package."""
    return (_data() / STARTER_CODEBOOK).read_text(encoding="utf-8")


def copy_starter_codebook(target: str | Path) -> Path:
    """Copy the starter codebook to ``target`` (never overwrites): the study then owns its codebook."""
    from workbench.errors import CodebookError

    target = Path(target)
    if target.exists():
        raise CodebookError(str(target), t("starter_exists"), t("starter_exists_fix"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(starter_codebook_text(), encoding="utf-8")
    return target


def starter_notebooks() -> dict[str, bytes]:
    """The notebooks shipped with the package, by file name."""
    folder = _data() / "notebooks"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".ipynb")}


def init_study(folder: str | Path, name: str | None = None) -> Path:
    """Create a study folder (never overwrites): workbench.toml, corpora/, a copy of the
    starter codebook in codebooks/, the notebooks in notebooks/, and a .gitignore.

    No metadata sheet is written: an empty one would shadow the metadata.xlsx that a
    researcher adds later. Returns the path of workbench.toml.
    """
    from workbench.errors import ConfigError

    folder = Path(folder)
    toml = folder / FILENAME
    if toml.exists():
        raise ConfigError(str(toml), t("study_exists"), t("study_exists_fix"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "corpora").mkdir(exist_ok=True)
    codebook = folder / "codebooks" / STARTER_CODEBOOK
    if not codebook.exists():
        copy_starter_codebook(codebook)
    notebooks = folder / "notebooks"
    notebooks.mkdir(exist_ok=True)
    for fname, data in starter_notebooks().items():
        if not (notebooks / fname).exists():
            (notebooks / fname).write_bytes(data)
    toml.write_text(t("study_template", name=name or folder.resolve().name, codebook=STARTER_CODEBOOK), encoding="utf-8")
    gitignore = folder / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(GITIGNORE, encoding="utf-8")
    return toml
