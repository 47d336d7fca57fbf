"""Crashes at any point: ``kill -9`` (the whole process tree) of an ingest, a ``report
--all``, a ``store copy`` to PostgreSQL and a ``.qdpx`` import, at random moments, several
runs each (seeded, bounded). After every kill: SQLite's ``PRAGMA integrity_check`` is ok;
every pseudonym in the database has its key row; a re-run completes and gives the same
result as a run that was never interrupted; and after it no key row belongs to a document
that is not stored.

The worst moment of an ingest, between writing the key file and the database's commit, is
also hit on purpose (the process kills itself right after the key is written): the key is
then ahead of the database, and the next run drops the rows of documents that were never
stored (workbench.corpus.keysafe). Crash runs and their moments are printed (-s)."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import REPO, SMALL
from workbench.corpus.pseudonymise import read_key

pytestmark = pytest.mark.slow

N_FILES = 200  # a few hundred small files: an ingest's time is mostly loading deduce and spaCy
N_QDPX = 60  # documents in the imported project
TOML = """
[project]
name = "crash"
user = "tester"

[corpus]
paths = ["corpora/c"]
workers = 0

[codebook]
path = "codebooks/codebook.yaml"

[privacy]
keep = ["Austerlitz Zorgt", "Voorzorgcirkels"]
"""
FIRST = ["Gerda", "Henk", "Fatima", "Jan", "Mieke", "Ahmed", "Joke", "Piet", "Sanne", "Kees", "Ria", "Youssef"]
LAST = ["Verbeek", "de Vries", "Bakker", "Jansen", "El Amrani", "Visser", "Smit", "Mulder", "de Boer", "Bos"]
STREETS = ["Lindelaan", "Kerkstraat", "Dorpsweg", "Molenweg", "Schoolstraat"]


def _write_corpus(folder: Path, n: int, seed: int = 7) -> None:
    """``n`` small interviews with names, addresses and phone numbers (pseudonymised on ingest)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["file,initiative,role,date,interviewer,consent,kind"]
    for i in range(n):
        a, b = f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        text = (
            f"I: Hoe kent u het initiatief?\n\nR: Via mijn buurvrouw {a}. Zij woont op de {rng.choice(STREETS)} {rng.randint(1, 90)} "
            f"en belde me op 06-{rng.randint(10000000, 99999999)}. Sinds mijn man overleed was ik eenzaam.\n\n"
            f"I: En nu?\n\nR: Beter. {b} komt elke week langs en brengt me naar de koffieochtend. Interview {i}.\n"
        )
        (folder / f"interview-{i:03d}.txt").write_text(text, encoding="utf-8")
        rows.append(f"interview-{i:03d}.txt,{'Austerlitz Zorgt' if i % 2 else 'Voorzorgcirkels'},bewoner,2024-03-14,Marieke,ja,interview")
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _new_study(root: Path, n: int = N_FILES) -> Path:
    root.mkdir(parents=True)
    (root / "workbench.toml").write_text(TOML, encoding="utf-8")
    (root / "codebooks").mkdir()
    (root / "codebooks" / "codebook.yaml").write_text(SMALL, encoding="utf-8")
    _write_corpus(root / "corpora" / "c", n)
    return root


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""), WORKBENCH_LANG="en")


def _start(args: list[str], cwd: Path, log: Path, *, code: str | None = None) -> subprocess.Popen:
    cmd = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "workbench.cli", *args]
    with log.open("ab") as out:  # the child keeps its own copy of the handle
        return subprocess.Popen(cmd, cwd=cwd, env=_env(), stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _kill_tree(proc: subprocess.Popen) -> None:
    """SIGKILL the process and every descendant (papermill's kernels, ingest's workers)."""
    try:
        family = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        family = []
    for p in family:
        try:
            p.send_signal(signal.SIGKILL)
        except psutil.NoSuchProcess:
            pass
    proc.wait(30)
    psutil.wait_procs(family, timeout=10)


def _run(args: list[str], cwd: Path, log: Path, timeout: float = 600) -> float:
    started = time.perf_counter()
    proc = _start(args, cwd, log)
    try:
        code = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(proc)
        raise
    assert code == 0, log.read_text(errors="replace")[-3000:]
    return time.perf_counter() - started


def _kill_at(args: list[str], cwd: Path, log: Path, after: float, *, code: str | None = None) -> bool:
    """Start, SIGKILL the tree ``after`` seconds later; True if it was still running then."""
    proc = _start(args, cwd, log, code=code)
    deadline = time.perf_counter() + after
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            return False
        time.sleep(0.05)
    _kill_tree(proc)
    return True


def _integrity(db: Path) -> None:
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def _stored(root: Path) -> dict[tuple[str, str], str]:
    """(document, content_hash) -> text of every stored version."""
    import workbench as wb

    with wb.open_study(root) as study:
        return {(d.id, d.content_hash): d.text for d in study.store.documents(current_only=False)}


PSEUDONYM = re.compile(r"\[[A-Z][A-Z_]*-\d+\]")


def _check_key(root: Path, *, ahead_allowed: bool) -> None:
    """Every pseudonym in a stored text has its key row; a key row of a document that is not
    stored only where allowed (between a crash and the next run, which drops it)."""
    stored = _stored(root)
    key = read_key(root / "private" / "pseudonymisation-key.csv")
    rows: dict[tuple[str, str], set[str]] = {}
    for r in key:
        rows.setdefault((r["document"], r["content_hash"]), set()).add(r["pseudonym"])
    for doc, text in stored.items():
        missing = set(PSEUDONYM.findall(text)) - rows.get(doc, set())
        assert not missing, f"{doc[0]}: pseudonyms without a key row: {sorted(missing)[:5]}"
    orphans = set(rows) - set(stored)
    if not ahead_allowed:
        assert not orphans, f"{len(orphans)} key documents are not stored: {sorted(orphans)[:3]}"


def _signature(root: Path) -> tuple[list, list]:
    stored = _stored(root)
    key = read_key(root / "private" / "pseudonymisation-key.csv")
    return sorted(stored.items()), sorted(tuple(r[c] for c in ("document", "content_hash", "tag", "pseudonym", "original", "count")) for r in key)


# a real ingest that SIGKILLs itself right after the key file is written, before the commit
DIE_AFTER_KEY = """
import os, signal, sys
import workbench.corpus.pseudonymise as p
_write = p.write_key
def write_then_die(*a, **k):
    _write(*a, **k)
    os.kill(os.getpid(), signal.SIGKILL)
p.write_key = write_then_die
sys.argv = ["workbench", *sys.argv[1:]]
from workbench.cli.root import main
main()
"""


def _reference(root: Path, n: int) -> tuple[Path, tuple[list, list], float]:
    root = _new_study(root, n)
    seconds = _run(["ingest"], root, root / "ingest.log")
    signature = _signature(root)
    assert len(signature[0]) == n and len(signature[1]) > n
    print(f"\nuninterrupted ingest of {n} files: {seconds:.1f} s (shared machine)")
    return root, signature, seconds


@pytest.fixture(scope="module")
def reference(tmp_path_factory, deduce_ready):
    """The corpus ingested without interruption: its study, documents and key, and how long it took."""
    return _reference(tmp_path_factory.mktemp("reference") / "study", N_FILES)


def test_ingest_killed_at_random_moments_then_rerun(reference, tmp_path):
    _, want, seconds = reference
    root = _new_study(tmp_path / "study")
    rng = random.Random(22)
    moments = sorted(round(rng.uniform(1.0, seconds), 2) for _ in range(2))
    killed = 0
    for after in moments:
        killed += _kill_at(["ingest"], root, root / "ingest.log", after)
        db = root / ".workbench" / "workbench.db"
        if db.exists():
            _integrity(db)
            _check_key(root, ahead_allowed=True)
    print(f"ingest of {N_FILES} files killed at {moments} s: {killed} of {len(moments)} runs were still running")
    assert killed >= 1
    _run(["ingest"], root, root / "ingest.log")
    _integrity(root / ".workbench" / "workbench.db")
    _check_key(root, ahead_allowed=False)
    assert _signature(root) == want


def test_ingest_killed_between_key_and_commit(reference, tmp_path):
    """The worst moment, on purpose: the key holds rows the database never stored. The next
    run drops them; with a file removed meanwhile, none of its rows stay behind."""
    _, want, _ = reference
    root = _new_study(tmp_path / "study", N_FILES)
    assert _kill_at(["ingest"], root, root / "ingest.log", 600, code=DIE_AFTER_KEY) is False  # it killed itself
    _integrity(root / ".workbench" / "workbench.db")
    key = read_key(root / "private" / "pseudonymisation-key.csv")
    assert key and not _stored(root)  # the key is ahead of the database, never behind
    _check_key(root, ahead_allowed=True)
    gone = root / "corpora" / "c" / "interview-003.txt"
    gone.unlink()  # the researcher removes a file before running again
    _run(["ingest"], root, root / "ingest.log")
    _check_key(root, ahead_allowed=False)
    docs, rows = _signature(root)
    assert not [r for r in rows if r[0].endswith("interview-003")]
    assert len(docs) == N_FILES - 1
    assert {d[0][0] for d in docs} == {d[0][0] for d in want[0] if not d[0][0].endswith("interview-003")}


def test_qdpx_import_killed_then_rerun(deduce_ready, tmp_path):
    """Import a .qdpx (texts as typed, pseudonymised on import, key rows written) into a new
    study, killed at a random moment; the re-run equals an uninterrupted import."""
    import workbench as wb
    from workbench.interop.qdpx import export_qdpx

    # the project another tool made holds the texts as typed (names and all): a study that
    # was not pseudonymised exports it; the import pseudonymises and writes key rows
    source = _new_study(tmp_path / "source", N_QDPX)
    toml = source / "workbench.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("[privacy]\n", "[privacy]\npseudonymise = false\n"), encoding="utf-8")
    _run(["ingest"], source, source / "ingest.log")
    with wb.open_study(source) as study:
        docs = study.corpus.documents()
        for d in docs[:30]:
            seg = study.corpus.segments(d.id, unit="sentence")[1]
            study.apply_code(seg, "eenzaamheid", coder="anna", memo=f"memo {d.id}")
        qdpx = tmp_path / "study.qdpx"
        export_qdpx(study, qdpx)

    def fresh(name: str) -> Path:
        root = tmp_path / name
        root.mkdir()
        (root / "workbench.toml").write_text(TOML.replace('paths = ["corpora/c"]', 'paths = []'), encoding="utf-8")
        (root / "codebooks").mkdir()
        (root / "codebooks" / "codebook.yaml").write_text(SMALL, encoding="utf-8")
        return root

    whole = fresh("whole")
    seconds = _run(["import", "qdpx", str(qdpx)], whole, whole / "import.log")
    want = _signature(whole)
    with wb.open_study(whole) as study:
        want_codings = sorted((c.doc_id, c.start, c.end, c.code_id, c.coder, c.memo) for c in study.codings().itertuples())
    assert len(want[0]) == N_QDPX and len(want_codings) == 30 and len(want[1]) > N_QDPX

    root = fresh("killed")
    rng = random.Random(23)
    moments = [round(rng.uniform(1.0, seconds), 2)]
    db = root / ".workbench" / "workbench.db"
    killed = 0
    for after in moments:
        killed += _kill_at(["import", "qdpx", str(qdpx)], root, root / "import.log", after)
        if db.exists():
            _integrity(db)
            _check_key(root, ahead_allowed=True)
    print(f"qdpx import ({seconds:.1f} s uninterrupted) killed at {moments} s: {killed} runs still running")
    _run(["import", "qdpx", str(qdpx)], root, root / "import.log")
    _integrity(db)
    _check_key(root, ahead_allowed=False)
    assert _signature(root) == want
    with wb.open_study(root) as study:
        assert sorted((c.doc_id, c.start, c.end, c.code_id, c.coder, c.memo) for c in study.codings().itertuples()) == want_codings


def test_store_copy_to_postgresql_killed_then_rerun(reference, pg_server, tmp_path):
    """`workbench store copy` of the reference study's SQLite file into PostgreSQL, killed at
    random moments: the target holds nothing or everything, and copying again into it
    completes with the same tables as an uninterrupted copy."""
    ref_root, _, _ = reference
    source = f"sqlite:///{ref_root / '.workbench' / 'workbench.db'}"
    whole = pg_server.create_database()
    log = tmp_path / "copy.log"
    seconds = _run(["store", "copy", source, whole], tmp_path, log)
    want = [line for line in log.read_text().splitlines() if line.strip()]
    rng = random.Random(24)
    # inside the run's own time (a copy's start varies with the machine's load; a kill that
    # comes after the end checks nothing), and at least two of them must hit a running copy
    moments = sorted(round(rng.uniform(0.3, seconds * 0.8), 2) for _ in range(4))
    killed = 0
    for n, after in enumerate(moments):
        target = pg_server.create_database()  # one target per attempt: a run that finished has filled its own
        first, again = tmp_path / f"killed-{n}.log", tmp_path / f"again-{n}.log"
        if _kill_at(["store", "copy", source, target], tmp_path, first, after):
            killed += 1
            _run(["store", "copy", source, target], tmp_path, again)  # the killed copy left the target empty, or whole if it was killed after its commit
            lines = again.read_text().splitlines()
        else:
            lines = first.read_text().splitlines()
        assert [line for line in lines if line.strip()] == want  # same tables, rows and content hashes
    print(f"store copy ({seconds:.1f} s uninterrupted) killed at {moments} s: {killed} runs still running")
    assert killed >= 2
    _integrity(ref_root / ".workbench" / "workbench.db")


def _report_files(folder: Path) -> dict[str, str]:
    """Each report's visible text (tags, scripts and styles out; run-specific numbers masked)."""
    out = {}
    for html in sorted(folder.rglob("*.html")):
        text = html.read_text(encoding="utf-8", errors="replace")
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
        text = re.sub(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(\+\d{2}:\d{2}|Z)?", "<time>", text)
        out[html.relative_to(folder).as_posix()] = " ".join(text.split())
    return out


@pytest.fixture
def small_report_study(reference, tmp_path):
    """A copy of the reference study with two initiatives and a few codings: reports run on it."""
    import workbench as wb

    ref_root, _, _ = reference
    root = tmp_path / "reports-study"
    shutil.copytree(ref_root, root, ignore=shutil.ignore_patterns("*.log", "*.db-wal", "*.db-shm", "reports"))
    with wb.open_study(root) as study:
        for d in study.corpus.documents()[:20]:
            seg = study.corpus.segments(d.id, unit="sentence")[1]
            study.apply_code(seg, "eenzaamheid", coder="anna")
    return root


def test_report_all_killed_then_rerun(small_report_study, tmp_path):
    root = small_report_study
    args = ["report", "--all", "--format", "html", "--jobs", "1"]
    seconds = _run([*args, "--out", str(tmp_path / "whole")], root, tmp_path / "whole.log", timeout=900)
    want = _report_files(tmp_path / "whole")
    assert len(want) >= 3
    rng = random.Random(25)
    moments = [round(rng.uniform(2.0, seconds * 0.9), 2)]
    killed = sum(_kill_at([*args, "--out", str(tmp_path / "again")], root, tmp_path / "killed.log", after) for after in moments)
    print(f"report --all ({seconds:.1f} s uninterrupted, {len(want)} reports) killed at {moments} s: {killed} runs still running")
    _integrity(root / ".workbench" / "workbench.db")
    _run([*args, "--out", str(tmp_path / "again")], root, tmp_path / "again.log", timeout=900)
    got = _report_files(tmp_path / "again")
    assert got.keys() == want.keys()
    for name in want:
        assert got[name] == want[name], name
    runs = [json.loads(p.read_text()) for p in (tmp_path / "again").rglob("run.json")]
    assert runs and all(r["reports"] for r in runs)
