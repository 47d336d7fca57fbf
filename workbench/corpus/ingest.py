"""Ingest: files on disk -> pseudonymised, segmented documents in the store.

For each corpus folder: read the metadata sheet, find the files, skip those whose
bytes (and the settings that shape the text) did not change, then read, pseudonymise
and segment the others, and store them in batches (one transaction each). A bad file
is reported on one line and left out; with ``strict=True`` a problem stops the run
before anything is stored. The pseudonymisation key goes to a file outside the database.

Where the reading runs (:mod:`workbench.compute`): in this process (``workers = 0``, the
default: no cluster), or on Dask (``--workers N``: a LocalCluster; ``--scheduler``: any
cluster; ``study.ingest(client=client)``), as tasks over partitions of files
(:mod:`workbench.corpus.dask_ingest`), deduce and spaCy loaded once per worker.

Where the writes happen: always here, in the client, for SQLite and PostgreSQL alike.
The results come back in task order (those that finish early wait), and are stored in
batches of about :data:`BATCH_WORDS` words, so the stored result is identical to a
one-process ingest whatever the number of workers:

* one pseudonym per person across the study (``pseudonyms = "study"``): each document
  is pseudonymised on its own on a worker, then renumbered here, in task order, against
  the key (:class:`~workbench.corpus.pseudonymise.StudyPseudonyms`). The numbering is
  sequential by nature (a name's number depends on every document before it), so it
  lives in one place; a worker cannot commit a document before its final pseudonyms
  are known;
* the key file lives with the client (``private/``, never on a worker's disk) and its
  rows are written just before each batch's commit (:mod:`workbench.corpus.keysafe`: the
  key is ahead of the database, never behind). A worker writing to PostgreSQL itself
  would need the key written first from the client for each of its transactions, a
  two-phase commit across machines: not worth it while a batch's store costs a small
  share of the time (see ``benchmarks/scale.py``).

A batch stored twice stores nothing twice: a document version this run already stored
is skipped (no segments, key rows or counts again). The tasks on the workers are pure
(they read and return), so Dask can redo those of a worker that died.

Example:
    >>> report = run_ingest(settings, store)          # doctest: +SKIP
    >>> report.n_added, report.n_unchanged             # doctest: +SKIP
    (31, 0)
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.corpus.keysafe import key_lock, reconcile_key
from workbench.corpus.metadata import ROLES, MetaRow, Problem, canonical_column, canonical_role, consent_values_text, parse_consent, parse_date, read_metadata
from workbench.corpus.readers import RawDocument, ReadOptions, read_file, supported_extensions
from workbench.errors import IngestAborted, IngestInterrupted, ReadError
from workbench.i18n import add, t

add("ingest_no_folder", nl="de corpusmap bestaat niet", en="the corpus folder does not exist")
add("ingest_no_folder_fix", nl="controleer [corpus].paths in workbench.toml, of de map die u noemde", en="check [corpus].paths in workbench.toml or the folder you named")
add("ingest_problems_in_all", nl="{message} ({n} probleem/problemen in totaal)", en="{message} ({n} problem(s) in all)")
add(
    "ingest_strict_fix",
    nl="los de problemen op, of draai zonder --strict om de rest in te lezen; er is niets opgeslagen",
    en="fix the problems, or run without --strict to ingest the rest; nothing was stored",
)
add(
    "ingest_strict_one_fix",
    nl="los het op, of draai zonder --strict om de rest in te lezen; er is niets opgeslagen",
    en="fix it, or run without --strict to ingest the rest; nothing was stored",
)
add("ingest_unexpected", nl="onverwachte {kind} bij het lezen; draai met --strict om de details te zien, en meld het", en="unexpected {kind} while reading; run with --strict to see the trace, and report it")
add("ingest_unknown_role", nl="onbekende rol '{role}': overgenomen zoals geschreven; gebruik een van {roles}", en="unknown role '{role}': kept as written; use one of {roles}")
add("ingest_no_documents", nl="hier staan geen documenten: zet er {types}-bestanden in, met een metadata.csv of metadata.xlsx ernaast", en="no documents here: put {types} files in it, with a metadata.csv or metadata.xlsx beside them")
add("ingest_same_id", nl="geeft dezelfde document-id '{doc_id}' als {other}; geef een van de twee bestanden een andere naam", en="gives the same document id '{doc_id}' as {other}; rename one of the two files")
add(
    "ingest_answer_gone",
    nl="'{doc_id}' staat niet meer in dit bestand (of heeft geen toestemming): uit het corpus gehaald; verwijder het definitief met 'workbench corpus remove'",
    en="'{doc_id}' is no longer in this file (or has no consent): left out of the corpus; delete it for good with 'workbench corpus remove'",
)
add(
    "ingest_consent_no_row",
    nl="geen rij in het metadatablad ({sheet}), dus geen vastgelegde toestemming: voeg een rij toe met toestemming 'ja', of haal het bestand weg",
    en="no row in the metadata sheet ({sheet}), so no recorded consent: add a row with consent 'ja', or move the file out",
)
add(
    "ingest_worker_lost",
    nl="Dask gaf het op: de werkprocessen die deze {n} bestand(en) lazen, stopten steeds (te weinig geheugen?); wat eerder is opgeslagen blijft",
    en="Dask gave up: the workers reading these {n} file(s) kept dying (out of memory?); what was stored before stays",
)
add(
    "ingest_worker_lost_fix",
    nl="geef de werkprocessen meer geheugen ([compute].memory_limit) of splits een heel groot bestand, en draai opnieuw: het gaat verder waar het stopte",
    en="give the workers more memory ([compute].memory_limit) or split a very big file, and run again: it goes on where it stopped",
)
add(
    "stage_loading_workers",
    nl="deduce en spaCy laden in elk werkproces van Dask (~10 s)",
    en="loading deduce and spaCy in each Dask worker (~10 s)",
)
add("ingest_consent_no", nl="toestemming is 'nee': niet ingelezen", en="consent is 'nee': not ingested")
add(
    "ingest_consent_unknown",
    nl="toestemming '{value}' ({where}) is geen bekend antwoord: {values}; niet ingelezen",
    en="consent '{value}' ({where}) is not a known answer: {values}; not ingested",
)
add(
    "ingest_consent_unknown_answer",
    nl="toestemming '{value}' is geen bekend antwoord: {values}; de antwoorden van deze respondent zijn niet ingelezen",
    en="consent '{value}' is not a known answer: {values}; this respondent's answers are not ingested",
)
add("ingest_consent_none_answer", nl="geen toestemming van deze respondent: antwoorden niet ingelezen", en="no consent for this respondent: answers not ingested")
add(
    "ingest_consent_withdrawn",
    nl="toestemming is nu 'nee': uit het corpus gehaald; verwijder het definitief met 'workbench corpus remove'",
    en="consent is now 'nee': left out of the corpus; delete it for good with 'workbench corpus remove'",
)

if TYPE_CHECKING:
    from workbench.settings import Settings
    from workbench.store import Store

Progress = Callable[[int, int, str], None]
#: told the key of each slow stage before it starts (``workbench.i18n`` keys: stage_scanning,
#: stage_loading_deduce or stage_building_deduce, stage_loading_spacy, stage_storing)
Stage = Callable[[str], None]

# not documents: notes about the folder, the metadata sheet, and what Windows and Office
# leave behind (~$interview.docx is Word's lock file while the document is open)
_SKIP_NAMES = re.compile(r"^((readme|license|licence|metadata)(\..*)?|~\$.*|thumbs\.db|desktop\.ini)$", re.IGNORECASE)


@dataclass(frozen=True)
class Task:
    path: Path
    rel: str  # relative to the corpus folder, with /
    doc_id: str
    source_hash: str
    fields: dict[str, Any]


@dataclass
class Processed:
    """One document ready to store (never leaves the machine's memory unpseudonymised)."""

    task: Task
    doc_id: str
    text: str
    fields: dict[str, Any]
    segments: list[dict[str, Any]]
    replacements: dict[str, int]
    key_rows: list[dict[str, Any]]
    n_words_raw: int
    content_hash: str
    #: the pseudonymisation result (its replacements map offsets of the raw text, e.g. of imported codings)
    pseudonymised: Any = None


@dataclass
class IngestReport:
    """What an ingest did. ``problems`` are one line each, without document text."""

    run_id: int | None = None
    n_files: int = 0
    n_added: int = 0
    n_new_versions: int = 0
    n_unchanged: int = 0
    n_metadata_updated: int = 0
    n_no_consent: int = 0
    n_segments: int = 0
    n_words: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    replacements: Counter = field(default_factory=Counter)
    by_initiative_role: Counter = field(default_factory=Counter)

    def _repr_html_(self) -> str:
        from workbench.display import report_html

        return report_html(self)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def summary(self) -> dict[str, Any]:
        return {
            "files": self.n_files,
            "added": self.n_added,
            "new_versions": self.n_new_versions,
            "unchanged": self.n_unchanged,
            "metadata_updated": self.n_metadata_updated,
            "no_consent": self.n_no_consent,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "segments": self.n_segments,
            "words": self.n_words,
            "replacements": dict(self.replacements),
            "seconds": round(self.seconds, 2),
        }


# -- ids and hashes ---------------------------------------------------------------------
def slugify(text: str) -> str:
    """'Liv Inn/Interview 1.docx' -> 'liv-inn/interview-1'; keeps '/' between parts."""
    parts = []
    for part in text.replace("\\", "/").split("/"):
        ascii_ = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
        if slug:
            parts.append(slug)
    return "/".join(parts)


def document_id(rel: str) -> str:
    return slugify(str(Path(rel).with_suffix("")))


def _sha256(*chunks: bytes) -> str:
    h = hashlib.sha256()
    for c in chunks:
        h.update(c)
    return h.hexdigest()


# -- discovery --------------------------------------------------------------------------
def discover(folder: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Files to ingest below ``folder`` (sorted), and problems found on the way."""
    files: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    exts = set(supported_extensions())
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if any(part.startswith((".", "_")) for part in Path(rel).parts) or not path.is_file():
            continue
        if _SKIP_NAMES.match(path.name):
            continue
        if path.suffix.lower() not in exts:
            problems.append(
                Problem(rel, "error", f"{t('read_unknown_type', ext=path.suffix or t('read_no_extension'))}: {t('read_unknown_type_fix', types=', '.join(sorted(exts)))}")
            )
            continue
        files.append((path, rel))
    # The same file name in several folders is fine (ids come from the path); a metadata
    # row that names such a file without its folder is reported by MetadataSheet.match.
    return files, problems


# -- the work done per file (in a worker process) ----------------------------------------
_WORKER: dict[str, Any] = {}


def _map_offset(pos: int, replacements: Any) -> int:
    shift = 0
    for r in replacements:
        if r.end <= pos:
            shift += (r.new_end - r.new_start) - (r.end - r.start)
        else:
            break
    return pos + shift


def process_raw(raw: RawDocument, task: Task, doc_id: str, fields: dict[str, Any]) -> Processed:
    """Pseudonymise and segment one raw document."""
    from workbench.corpus.pseudonymise import key_rows
    from workbench.corpus.segment import segment_text
    from workbench.corpus.turns import find_turns, interviewer_set, is_role_label, speaker_labels

    opts = _WORKER["options"]
    labels = speaker_labels(raw.text, known=raw.speakers)
    name_labels = [lab for lab in labels if not is_role_label(lab) and not lab.startswith("[")]
    interviewer_names = [fields.get("interviewer") or ""]
    raw_interviewers = interviewer_set(labels, interviewer_names, opts["interviewer_labels"])
    pseudonymiser = _WORKER.get("pseudonymiser")
    if pseudonymiser is not None:
        from workbench.corpus.pseudonymise import initiative_terms

        initiative = str(fields.get("initiative") or "").strip()
        result = pseudonymiser(raw.text, extra_names=name_labels, extra_keep=initiative_terms([initiative]) if initiative else ())
        text = result.text
        mapping = result.key()
        times = tuple((_map_offset(off, result.replacements), t) for off, t in raw.times)
        replacements = dict(result.counts)
    else:
        result, text, mapping, times, replacements = None, raw.text, {}, raw.times, {}
    known = {mapping.get(s, s) for s in (*raw.speakers, *name_labels)}
    interviewers = {mapping.get(s, s) for s in raw_interviewers}
    turns = find_turns(text, known=known)
    segments = [s.as_row() for s in segment_text(text, turns, interviewers, times)]
    content_hash = _sha256(text.encode("utf-8"))
    return Processed(
        task=task,
        doc_id=doc_id,
        text=text,
        fields=dict(fields, kind=fields.get("kind") or ("enquete" if raw.part else "interview" if turns else "document")),
        segments=segments,
        replacements=replacements,
        key_rows=key_rows(doc_id, content_hash, result) if result is not None else [],
        n_words_raw=len(raw.text.split()),
        content_hash=content_hash,
        pseudonymised=result,
    )


def _answer_fields(base: dict[str, Any], raw: RawDocument) -> dict[str, Any]:
    """A survey answer's fields: the file's sheet row, overridden by the respondent's columns."""
    fields = dict(base)
    extra: dict[str, Any] = {}
    for col, value in raw.fields.items():
        canon = canonical_column(col)
        if canon in ("initiative", "role", "date", "consent") and str(value).strip():
            fields[canon] = str(value).strip()
        else:
            extra[col] = value
    fields["metadata"] = dict(fields.get("metadata") or {}, **extra)
    return fields


def process_task(task: Task) -> tuple[list[Processed], list[Problem]]:
    """Read one file and process each document in it. Problems instead of exceptions."""
    opts = _WORKER["options"]
    try:
        raws = read_file(task.path, opts["read"])
    except ReadError as exc:
        return [], [Problem(task.rel, "error", f"{exc.what}; {exc.fix}" if exc.fix else str(exc.what))]  # plain str: it travels back from a Dask worker
    except Exception as exc:  # an unforeseen kind of bad file: report, go on
        if opts.get("strict"):
            raise
        return [], [Problem(task.rel, "error", str(t("ingest_unexpected", kind=type(exc).__name__)))]
    out: list[Processed] = []
    problems: list[Problem] = []
    for raw in raws:
        if raw.part is None:
            out.append(process_raw(raw, task, task.doc_id, dict(task.fields, metadata=dict(task.fields.get("metadata") or {}, format=raw.format, encoding=raw.encoding))))
            continue
        fields = _answer_fields(task.fields, raw)
        fields["date"], why, fix = parse_date(fields.get("date"))
        if why:
            problems.append(Problem(f"{task.rel} ({raw.part.split('/')[0]})", "warning", f"{why}; {fix}"))
        consent = parse_consent(fields.get("consent"))
        if consent is not True and opts["require_consent"]:
            where = f"{task.rel} ({raw.part.split('/')[0]})"
            if consent is None:
                # str(): an i18n Message does not survive the trip back from a worker process (the pool hangs)
                problem = Problem(where, "error", str(t("ingest_consent_unknown_answer", value=fields.get("consent") or "", values=consent_values_text())))
            else:
                problem = Problem(where, "info", str(t("ingest_consent_none_answer")))
            if problem not in problems:
                problems.append(problem)
            continue
        fields["consent"] = "ja"
        out.append(process_raw(raw, task, f"{task.doc_id}/{slugify(raw.part)}", fields))
    return out, problems


def _init_worker(options: dict[str, Any], pseudonymiser: Any) -> None:
    _WORKER["options"] = options
    _WORKER["pseudonymiser"] = pseudonymiser


def load_on_worker(options: dict[str, Any], pseudonymiser: Any) -> None:
    """A Dask worker's setup (once per worker process, before its first task): the
    client's interface language, deduce and spaCy loaded, the reading options set."""
    from workbench.corpus.segment import dutch_nlp
    from workbench.i18n import set_language

    set_language(options.get("lang"))
    if pseudonymiser is not None:
        pseudonymiser.load()
    dutch_nlp()
    _init_worker(options, pseudonymiser)


def _read_here(tasks: list[Task], options: dict[str, Any], pseudonymiser: Any, progress: Progress | None, tell: Callable[[str], None]) -> Generator[tuple[Task, list[Processed], list[Problem]], None, None]:
    """One process, no cluster: deduce and spaCy loaded here (each slow start said
    first), then the files in order."""
    from workbench.corpus.pseudonymise import is_cache_built
    from workbench.corpus.segment import dutch_nlp

    if pseudonymiser is not None:
        tell("stage_loading_deduce" if is_cache_built(getattr(pseudonymiser, "cache_dir", None)) else "stage_building_deduce")
        pseudonymiser.load()
    tell("stage_loading_spacy")
    dutch_nlp()
    _init_worker(options, pseudonymiser)
    for done, task in enumerate(tasks, 1):
        processed, problems = process_task(task)
        if progress:
            progress(done, len(tasks), task.rel)
        yield task, processed, problems


def _read_on_dask(client: Any, tasks: list[Task], options: dict[str, Any], pseudonymiser: Any, progress: Progress | None, tell: Callable[[str], None]) -> Generator[tuple[Task, list[Processed], list[Problem]], None, None]:
    """On a Dask cluster: partitions of files as tasks (workbench.corpus.dask_ingest), the
    results in task order. The workers load deduce and spaCy first (the plugin's setup)."""
    from workbench.corpus.dask_ingest import PartitionLost, run_in_order

    tell("stage_loading_workers")
    sizes = [_size(task.path) for task in tasks]

    def said(done: int, total: int) -> None:
        if progress:
            progress(done, total, "")

    results = run_in_order(client, process_task, tasks, sizes, setup=load_on_worker, args=(options, pseudonymiser), progress=said)
    try:
        for i, (processed, problems) in results:
            yield tasks[i], processed, problems
    except PartitionLost as lost:
        files = [tasks[i].rel for i in lost.indices]
        raise IngestInterrupted(", ".join(files), t("ingest_worker_lost", n=len(files)), t("ingest_worker_lost_fix")) from None
    finally:
        results.close()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # gone meanwhile: its task says so
        return 0


# -- the run ----------------------------------------------------------------------------
def _fields_from_row(row: MetaRow | None) -> dict[str, Any]:
    if row is None:
        return {}
    f = dict(row.fields)
    known = {"file", "initiative", "role", "date", "interviewer", "consent", "kind"}
    meta = {k: v for k, v in f.items() if k not in known and v}
    out: dict[str, Any] = {k: f.get(k, "") for k in known if k != "file"}
    out["metadata"] = meta
    return out


def _clean_fields(fields: dict[str, Any], rel: str, problems: list[Problem]) -> dict[str, Any]:
    role, known = canonical_role(str(fields.get("role") or ""))
    if not known:
        problems.append(Problem(rel, "warning", t("ingest_unknown_role", role=role, roles=", ".join(ROLES))))
    return {
        "initiative": (fields.get("initiative") or "").strip() or None,
        "role": role,
        "date": (fields.get("date") or "").strip() or None,
        "interviewer": (fields.get("interviewer") or "").strip() or None,
        "kind": (fields.get("kind") or "").strip().lower() or None,
        "metadata": fields.get("metadata") or {},
    }


def _read_sheets(folders: list[Path], settings: Settings) -> dict[Path, Any]:
    """Each corpus folder's metadata sheet (a missing folder is an error naming it)."""
    sheets = {}
    for folder in folders:
        if not folder.is_dir():
            raise ReadError(str(folder), t("ingest_no_folder"), t("ingest_no_folder_fix"))
        sheets[folder] = read_metadata(folder, tuple(settings.corpus.metadata_columns))
    return sheets


class _Scan:
    """What an ingest finds in the corpus folders: files to read (tasks), files stored
    before and unchanged, documents whose consent was withdrawn, and every problem."""

    def __init__(self, settings: Settings, store: Store, report: IngestReport, fingerprint: bytes) -> None:
        self.settings, self.store, self.report, self.fingerprint = settings, store, report, fingerprint
        self.tasks: list[Task] = []
        self.unchanged: list[tuple[str, dict[str, Any], list[Any]]] = []
        self.seen_ids: dict[str, str] = {}
        self.withdrawn: list[str] = []  # stored documents whose consent is now 'nee'

    def folder(self, folder: Path, sheet: Any, *, prefix: str) -> None:
        report = self.report
        files, problems = discover(folder)
        report.problems.extend(problems)
        if not files and not problems:
            report.problems.append(
                Problem(str(folder), "warning", t("ingest_no_documents", types=", ".join(supported_extensions())))
            )
        rows = sheet.match([rel for _, rel in files])
        report.problems.extend(sheet.problems)
        for path, rel in files:
            report.n_files += 1
            self.file(path, rel, rows.get(rel), sheet, prefix)

    def file(self, path: Path, rel: str, row: Any, sheet: Any, prefix: str) -> None:
        """One file: its metadata and consent checked, then planned (or left alone when unchanged)."""
        report, store = self.report, self.store
        sheet_name = sheet.path.name if sheet.path else "metadata.csv"
        problems_here: list[Problem] = []
        fields = _clean_fields(_fields_from_row(row), rel, problems_here)
        if row is not None:  # ISO dates, whatever way the sheet wrote them
            fields["date"], why, fix = parse_date(fields["date"])
            if why:
                problems_here.append(Problem(f"{sheet.path.name if sheet.path else 'metadata'}:{row.line}", "warning", f"{rel}: {why}; {fix}"))
        report.problems.extend(problems_here)
        consent = parse_consent(row.fields.get("consent") if row else None)
        if self.settings.privacy.require_consent and consent is not True:
            self._no_consent(rel, row, consent, sheet_name)
            return
        fields["consent"] = "ja"
        doc_id = "/".join(p for p in (prefix, document_id(rel)) if p)
        if doc_id in self.seen_ids:
            report.problems.append(Problem(rel, "error", t("ingest_same_id", doc_id=doc_id, other=self.seen_ids[doc_id])))
            return
        self.seen_ids[doc_id] = rel
        try:
            data_hash = _file_hash(path)
        except FileNotFoundError:
            report.problems.append(Problem(rel, "error", f"{t('read_vanished')}; {t('read_vanished_fix')}"))
            return
        source_hash = _sha256(data_hash.encode(), self.fingerprint, (fields.get("interviewer") or "").encode())
        stored = store.current_documents_from(rel)
        if stored and all(d.source_hash == source_hash for d in stored):
            self.unchanged.append((rel, fields, stored))
            return
        self.tasks.append(Task(path=path, rel=rel, doc_id=doc_id, source_hash=source_hash, fields=fields))

    def _no_consent(self, rel: str, row: Any, consent: bool | None, sheet_name: str) -> None:
        """A file without consent: not read; said why; a withdrawn consent retires what was stored."""
        report = self.report
        report.n_no_consent += 1
        if row is None:
            report.problems.append(Problem(rel, "error", t("ingest_consent_no_row", sheet=sheet_name)))
        elif consent is False:
            report.problems.append(Problem(rel, "info", t("ingest_consent_no")))
        else:
            where = f"{sheet_name}:{row.line}"
            report.problems.append(
                Problem(rel, "error", t("ingest_consent_unknown", value=row.fields.get("consent", ""), where=where, values=consent_values_text()))
            )
        if consent is False:
            self.withdrawn.extend(d.id for d in self.store.current_documents_from(rel))


#: documents are stored in batches of about this many words, one transaction each (the
#: key file rewritten before each commit): a study-sized corpus is one batch; a national
#: one is stored as it is read, without holding it all in memory
BATCH_WORDS = 500_000


def _options(settings: Settings, strict: bool) -> dict[str, Any]:
    """What process_task needs besides its file: plain values (they travel to Dask
    workers; the interface language as a code, never a Message)."""
    from workbench.i18n import language

    return {
        "read": ReadOptions(max_bytes=int(settings.corpus.max_file_mb * 1024 * 1024), open_columns=tuple(settings.corpus.survey_open_columns)),
        "interviewer_labels": tuple(settings.privacy.interviewer_labels),
        "require_consent": settings.privacy.require_consent,
        "strict": strict,
        "lang": str(language()),
    }


def run_ingest(
    settings: Settings,
    store: Store,
    paths: list[Path] | None = None,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
    stage: Stage | None = None,
    client: Any = None,
    scheduler: str | None = None,
    announce: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest the corpus folders (default: ``[corpus].paths``) into ``store``.

    Raises IngestAborted (strict) before anything is stored; otherwise problems are in
    the report and the good files are stored, in batches. ``progress`` is called as files
    are done, ``stage`` before each slow step (loading deduce and spaCy takes ~10 s,
    building deduce's one-time cache 1-2 minutes). ``client``, ``scheduler`` and
    ``workers`` choose where the reading runs (:func:`workbench.compute.cluster`; default
    ``[compute]``: one process); ``announce`` is told the cluster's lines (its dashboard).
    """
    from workbench.corpus.pseudonymise import settings_fingerprint

    def tell(key: str) -> None:
        if stage is not None:
            stage(key)

    tell("stage_scanning")
    started = time.perf_counter()
    report = IngestReport()
    folders = [Path(p) for p in (paths or settings.corpus_paths)]
    sheets = _read_sheets(folders, settings)
    # the study's initiatives (every row of every sheet) are public names: kept
    initiatives = sorted({str(r.fields.get("initiative") or "").strip() for sh in sheets.values() for r in sh.rows} - {""})
    fingerprint = (settings_fingerprint(settings) + repr(initiatives)).encode("utf-8")
    scan = _Scan(settings, store, report, fingerprint)
    for folder in folders:
        scan.folder(folder, sheets[folder], prefix=slugify(folder.name) if len(folders) > 1 else "")
    if strict and report.errors:
        first = report.errors[0]
        raise IngestAborted(first.file, t("ingest_problems_in_all", message=first.message, n=len(report.errors)), t("ingest_strict_fix"))
    place = {"client": client, "scheduler": scheduler, "workers": workers, "tell": announce}
    # no key without pseudonymisation: then no lock file in private/ either
    with key_lock(settings.key_path) if settings.privacy.pseudonymise else contextlib.nullcontext():
        writer = _Writer(settings, store, folders, report, batch_words=0 if strict else BATCH_WORDS)
        _read_and_store(settings, scan, initiatives, writer, place, strict=strict, progress=progress, tell=tell)
        tell("stage_storing")
        writer.finish(scan.tasks, scan.unchanged, scan.withdrawn, started)
    report.seconds = time.perf_counter() - started
    return report


def _read_and_store(
    settings: Settings, scan: _Scan, initiatives: list[str], writer: _Writer, place: dict[str, Any], *, strict: bool, progress: Progress | None, tell: Callable[[str], None]
) -> None:
    """Read, pseudonymise and segment the files to do (here or on Dask), handing the
    results to ``writer`` in task order; with ``strict``, the first error stops the run."""
    from workbench import compute
    from workbench.corpus.pseudonymise import pseudonymiser_for

    tasks, report = scan.tasks, writer.report
    if not tasks:
        return
    options = _options(settings, strict)
    pseudonymiser = pseudonymiser_for(settings, initiatives) if settings.privacy.pseudonymise else None
    with compute.cluster(settings, **place, ingest=True) as client:
        if client is None:
            results = _read_here(tasks, options, pseudonymiser, progress, tell)
        else:
            results = _read_on_dask(client, tasks, options, pseudonymiser, progress, tell)
        with contextlib.closing(results):  # an early stop cancels the work still to do
            for _task, docs, problems in results:
                report.problems.extend(problems)
                report.n_no_consent += sum(1 for p in problems if p.severity == "info")  # respondents without consent
                if strict and any(p.severity == "error" for p in problems):
                    first = next(p for p in problems if p.severity == "error")
                    raise IngestAborted(first.file, first.message, t("ingest_strict_one_fix"))
                writer.add(docs)


class _Writer:
    """Stores processed documents in batches, in the order they are given (task order),
    one transaction per batch, the key rows written just before each commit
    (workbench.corpus.keysafe: a crash leaves the key ahead of the database, never
    behind; the key's rows of documents that were never stored are dropped first).

    Create it holding the key's lock. A batch stored twice stores nothing twice.
    """

    def __init__(self, settings: Settings, store: Store, folders: list[Path], report: IngestReport, *, batch_words: int) -> None:
        from workbench.corpus.pseudonymise import StudyPseudonyms

        self.settings, self.store, self.folders, self.report = settings, store, folders, report
        #: 0: everything in one batch at the end (strict: nothing stored before all is read)
        self.batch_words = batch_words
        self.key = reconcile_key(settings.key_path, store)
        privacy = settings.privacy
        # one pseudonym per person across the study: documents were numbered on their own
        # (on any worker); renumbered here, in task order, against the key
        self.study = StudyPseudonyms(self.key) if privacy.pseudonymise and privacy.pseudonyms == "study" else None
        self.pending: list[Processed] = []
        self.pending_words = 0
        #: (document, content_hash) this run committed; a batch given again skips them
        self.stored: set[tuple[str, str]] = set()
        self.finished = False
        self.fresh_ids: set[str] = set()  # documents read this run
        self.read_ok: set[str] = set()  # files read this run

    def add(self, docs: list[Processed]) -> None:
        """Documents in task order: renumbered (study pseudonyms), stored when a batch is full."""
        for doc in docs:
            if self.study is not None:
                _renumber(doc, self.study)
            self.fresh_ids.add(doc.doc_id)
            self.read_ok.add(doc.task.rel)
            self.pending.append(doc)
            self.pending_words += doc.n_words_raw
        if self.batch_words and self.pending_words >= self.batch_words:
            batch, self.pending, self.pending_words = self.pending, [], 0
            self.store_batch(batch)

    def finish(self, tasks: list[Task], unchanged: list[tuple[str, dict[str, Any], list[Any]]], withdrawn: list[str], started: float) -> None:
        """The last batch, with what concerns the whole run: metadata of unchanged files,
        answers gone from a survey, withdrawn consent, the problems, the run's summary."""
        store, report = self.store, self.report

        def whole_run() -> None:
            _update_unchanged(store, unchanged, report)
            _retract_vanished_answers(store, tasks, self.fresh_ids, self.read_ok, report)
            for doc_id in withdrawn:
                store.retire_document(doc_id)
                report.problems.append(Problem(doc_id, "warning", t("ingest_consent_withdrawn")))
            run_id = int(report.run_id or 0)  # set by the batch's start (store_batch)
            store.add_problems(run_id, [(p.file, p.severity, p.message) for p in report.problems])
            report.seconds = time.perf_counter() - started
            _count(store, report)
            store.finish_run(run_id, report.summary())

        batch, self.pending, self.pending_words = self.pending, [], 0
        self.store_batch(batch, whole_run)

    def store_batch(self, batch: list[Processed], whole_run: Callable[[], None] | None = None) -> None:
        """One transaction: the run record (first batch), the documents and segments not
        stored yet, ``whole_run`` (the last batch, once), the key rows just before commit."""
        from workbench.corpus.pseudonymise import write_key

        store, report, key_path = self.store, self.report, self.settings.key_path
        key_before = self.key
        key_written = False
        try:
            with store.transaction():
                if report.run_id is None:
                    report.run_id = store.start_run([str(f) for f in self.folders])
                new_key_docs: dict[str, list[dict[str, Any]]] = {}
                for doc in batch:
                    if (doc.doc_id, doc.content_hash) not in self.stored:
                        _store_one(store, doc, report, new_key_docs)
                if whole_run is not None and not self.finished:
                    whole_run()
                if new_key_docs:
                    # earlier versions keep their rows: codings may still point at their text
                    fresh = {(r["document"], r["content_hash"]) for rows in new_key_docs.values() for r in rows}
                    key = [r for r in key_before if (r["document"], r["content_hash"]) not in fresh] + [r for rows in new_key_docs.values() for r in rows]
                    write_key(key_path, key)
                    key_written = True
                    self.key = key
        except BaseException:
            self.key = key_before
            if key_written:  # the database rolled back: so does the key
                write_key(key_path, key_before)
            raise
        self.stored.update((doc.doc_id, doc.content_hash) for doc in batch)
        self.finished = self.finished or whole_run is not None


def _update_unchanged(store: Store, unchanged: list[tuple[str, dict[str, Any], list[Any]]], report: IngestReport) -> None:
    """Files whose bytes did not change: counted; a changed metadata row updates the stored document."""
    for _rel, fields, stored in unchanged:
        report.n_unchanged += len(stored)
        if len(stored) != 1:
            continue
        stored_row = stored[0]
        current = {k: getattr(stored_row, k) for k in ("initiative", "role", "date", "interviewer", "kind")}
        wanted = {k: fields.get(k) for k in current}
        wanted["kind"] = wanted["kind"] or stored_row.kind
        meta = dict(stored_row.metadata)
        new_meta = dict(meta, **(fields.get("metadata") or {}))
        if wanted != current or new_meta != meta:
            store.update_document_metadata(stored_row.id, stored_row.version, dict(wanted, metadata=new_meta))
            report.n_metadata_updated += 1


def _renumber(doc: Processed, study: Any) -> None:
    """Give a processed document the study's pseudonyms: text, segment offsets, speakers,
    lemmas and key rows follow."""
    from workbench.corpus.pseudonymise import key_rows, shift_offset

    if doc.pseudonymised is None or not doc.pseudonymised.replacements:
        return
    old = doc.pseudonymised
    new, mapping = study.renumber(old)
    if new is old:
        return
    lemma_map = {k.strip("[]").lower(): v.strip("[]").lower() for k, v in mapping.items() if k != v}
    lemma_re = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(lemma_map, key=len, reverse=True)) + r")\b") if lemma_map else None
    for seg in doc.segments:
        seg["start"] = int(shift_offset(int(seg["start"]), old.replacements, new.replacements))
        seg["end"] = int(shift_offset(int(seg["end"]), old.replacements, new.replacements))
        if seg.get("speaker") in mapping:
            seg["speaker"] = mapping[seg["speaker"]]
        if lemma_re is not None and seg.get("lemmas"):
            seg["lemmas"] = lemma_re.sub(lambda m: lemma_map[m.group()], seg["lemmas"])
    doc.text = new.text
    doc.pseudonymised = new
    doc.content_hash = _sha256(new.text.encode("utf-8"))
    doc.key_rows = key_rows(doc.doc_id, doc.content_hash, new)


def _retract_vanished_answers(store: Store, tasks: list[Task], fresh: set[str], read_ok: set[str], report: IngestReport) -> None:
    """A re-read survey no longer holds an answer (consent withdrawn, row deleted): its
    stored document leaves the current corpus at once, and the researcher is told how to
    delete it for good. ``fresh``: the documents read this run; ``read_ok``: their files."""
    for task in tasks:
        if task.rel not in read_ok:
            continue  # unreadable this time: keep what is stored
        for stored in store.current_documents_from(task.rel):
            if stored.id not in fresh:
                store.retire_document(stored.id)
                report.problems.append(
                    Problem(task.rel, "warning", t("ingest_answer_gone", doc_id=stored.id))
                )


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _store_one(store: Store, doc: Processed, report: IngestReport, new_key_docs: dict[str, list[dict[str, Any]]]) -> None:
    current = store.current_document(doc.doc_id)
    fields = doc.fields
    row = {
        "id": doc.doc_id,
        "source_path": doc.task.rel,
        "source_hash": doc.task.source_hash,
        "content_hash": doc.content_hash,
        "kind": fields.get("kind") or "document",
        "initiative": fields.get("initiative") or None,
        "role": canonical_role(str(fields.get("role") or ""))[0],
        "date": fields.get("date") or None,
        "interviewer": fields.get("interviewer") or None,
        "consent": 1,
        "metadata": fields.get("metadata") or {},
        "text": doc.text,
        "n_words": len(doc.text.split()),
        "replacements": doc.replacements,
        "ingest_run": report.run_id,
    }
    report.n_words += doc.n_words_raw
    report.replacements.update(doc.replacements)
    if current is not None and current.content_hash == doc.content_hash:
        # same text (e.g. a file saved again): no new version, just remember the bytes
        store.set_source_hash(current.id, current.version, doc.task.source_hash)
        report.n_unchanged += 1
        return
    store.add_document(row, doc.segments)
    if current is None:
        report.n_added += 1
    else:
        report.n_new_versions += 1
    new_key_docs[doc.doc_id] = doc.key_rows


def _count(store: Store, report: IngestReport) -> None:
    report.by_initiative_role = Counter(store.count_by_initiative_role())
    report.n_segments = store.count_segments()
