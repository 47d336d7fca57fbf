"""Ingest on Dask (issue 21): a real LocalCluster of processes, a worker killed mid-run, a
scheduler and a worker started as separate processes, a batch stored twice, --strict.

Every result is compared with a one-process ingest of the same files: documents (ids,
texts, content hashes), segments, pseudonyms and key rows. The corpus is a few files of
corpora/demo (interviews with names, a survey xlsx, one person named in two documents so
that study-wide pseudonyms must hold across partitions); each Dask worker loads deduce
and spaCy once (~10 s), so each test here takes some 20-40 s.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

import workbench as wb
from tests.conftest import sql
from workbench.corpus import ingest as ingest_module
from workbench.corpus.pseudonymise import read_key
from workbench.errors import IngestAborted

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"
FILES = [
    "austerlitz-zorgt/interview-01-bewoner.docx",
    "austerlitz-zorgt/interview-02-vrijwilliger.vtt",
    "austerlitz-zorgt/interview-03-gemeente.txt",
    "austerlitz-zorgt/verhaal-01-mantelzorger.txt",
    "morgenstond/interview-01-mantelzorger.docx",
    "morgenstond/interview-03-vrijwilliger.txt",
    "liv-inn-hilversum/verhaal-01-bewoner.md",
    "enquete/enquete-vrijwilligers-2024.xlsx",
]
TOML = """
[project]
name = "dask-ingest"
user = "tester"

[corpus]
paths = ["corpora/demo"]

[privacy]
pseudonyms = "study"
keep = ["Austerlitz Zorgt", "Ontmoetingscentrum Morgenstond", "Liv Inn Hilversum"]
"""
# the same person in two documents: one study pseudonym, whichever worker read which
SHARED = "Vorige week belde Gerda Verbeek nog over de buurtbus; Gerda Verbeek rijdt zelf niet meer."
PSEUDONYM = re.compile(r"\[[A-Z]+-\d+\]")


def make_study(root: Path, *, bad: bool = False) -> Path:
    """A study with a copy of some demo files (their metadata rows kept)."""
    corpus = root / "corpora" / "demo"
    for rel in FILES:
        (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DEMO / rel, corpus / rel)
    for rel in ("austerlitz-zorgt/verhaal-01-mantelzorger.txt", "morgenstond/interview-03-vrijwilliger.txt"):
        path = corpus / rel
        path.write_text(path.read_text(encoding="utf-8") + "\n" + SHARED + "\n", encoding="utf-8")
    with open(DEMO / "metadata.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    kept = [rows[0], *(r for r in rows[1:] if r[0] in FILES)]
    if bad:  # a .docx that is not one: a read error on the worker
        (corpus / "morgenstond" / "kapot.docx").write_bytes(b"dit is geen docx")
        kept.append(["morgenstond/kapot.docx", "Ontmoetingscentrum Morgenstond", "bewoner", "2024-04-20", "", "ja", "interview"])
    with open(corpus / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(kept)
    (root / "workbench.toml").write_text(TOML, encoding="utf-8")
    return root


def signature(root: Path) -> dict[str, object]:
    """What an ingest stored: documents, segments, key rows and ingest runs."""
    with wb.open_study(root) as study:
        store = study.store
        docs = [tuple(r) for r in sql(store, "SELECT id, version, content_hash, text, is_current, n_words FROM documents ORDER BY id, version")]
        segs = [tuple(r) for r in sql(store, 'SELECT doc_id, doc_version, unit, start, "end", speaker, is_interviewer, lemmas FROM segments ORDER BY doc_id, doc_version, unit, start')]
        runs = sql(store, "SELECT COUNT(*) FROM ingest_runs WHERE finished_at IS NOT NULL")[0][0]
        key = sorted(tuple(r[c] for c in ("document", "content_hash", "tag", "pseudonym", "original", "count")) for r in read_key(study.settings.key_path))
    return {"documents": docs, "segments": segs, "key": key, "runs": runs}


def check_key_holds_every_pseudonym(sig: dict) -> None:
    """No pseudonym in a stored text without its key row; no key row of a document never stored."""
    by_doc: dict[tuple[str, str], set[str]] = {}
    for document, content_hash, _tag, pseudonym, _original, _n in sig["key"]:
        by_doc.setdefault((document, content_hash), set()).add(pseudonym)
    stored = {(d[0], d[2]) for d in sig["documents"]}
    assert set(by_doc) <= stored
    for doc_id, _version, content_hash, text, _current, _n in sig["documents"]:
        missing = set(PSEUDONYM.findall(text)) - by_doc.get((doc_id, content_hash), set())
        assert not missing, f"{doc_id}: {missing} not in the key"


@pytest.fixture(scope="module")
def one_process(tmp_path_factory, deduce_ready) -> tuple[dict, dict]:
    """The reference: the same study ingested in this process (workers = 0, no cluster)."""
    root = make_study(tmp_path_factory.mktemp("one") / "study")
    with wb.open_study(root) as study:
        report = study.ingest(workers=0)
    sig = signature(root)
    assert report.errors == [] and report.n_added == len(sig["documents"]) > len(FILES)  # the survey gives several
    gerda = {r[0] for r in sig["key"] if r[4] == "Gerda Verbeek"}
    assert len(gerda) == 2 and len({r[3] for r in sig["key"] if r[4] == "Gerda Verbeek"}) == 1  # one pseudonym across the study
    return sig, report.summary()


def local_cluster(n: int):
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40)
    return cluster, Client(cluster, set_as_default=False)


def same_report(a: dict, b: dict) -> None:
    keys = ("files", "added", "new_versions", "unchanged", "no_consent", "errors", "warnings", "segments", "words", "replacements")
    assert {k: a[k] for k in keys} == {k: b[k] for k in keys}


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_ingest_on_a_local_cluster_equals_one_process(one_process, tmp_path, monkeypatch):
    want, want_report = one_process
    root = make_study(tmp_path / "study")
    monkeypatch.setattr(ingest_module, "BATCH_WORDS", 2_000)  # several batches, each its own transaction
    cluster, client = local_cluster(2)
    with cluster, client:
        workers_pid = set(client.run(os.getpid).values())
        with wb.open_study(root) as study:
            report = study.ingest(client=client)
        assert len(workers_pid) == 2 and os.getpid() not in workers_pid
        loaded = client.run(lambda: __import__("workbench.corpus.ingest").corpus.ingest._WORKER.get("pseudonymiser") is not None)
        assert list(loaded.values()) == [True, True]  # deduce loaded in each worker, by the plugin
    got = signature(root)
    assert got == want
    same_report(report.summary(), want_report)
    check_key_holds_every_pseudonym(got)


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_worker_killed_mid_run_loses_nothing(one_process, tmp_path, monkeypatch):
    want, want_report = one_process
    root = make_study(tmp_path / "study")
    monkeypatch.setattr(ingest_module, "BATCH_WORDS", 2_000)
    killed: list[int] = []
    cluster, client = local_cluster(2)
    with cluster, client:
        pids = client.run(os.getpid)

        def kill_a_busy_worker(done: int, total: int, name: str) -> None:
            if killed or done == total:
                return
            busy = [addr for addr, keys in client.processing().items() if keys]
            if busy:  # SIGKILL the worker process in the middle of a partition
                psutil.Process(pids[busy[0]]).send_signal(signal.SIGKILL)
                killed.append(pids[busy[0]])

        with wb.open_study(root) as study:
            report = study.ingest(client=client, progress=kill_a_busy_worker)
        assert killed and not psutil.pid_exists(killed[0])
        assert set(client.run(os.getpid).values()) != set(pids.values())  # the nanny started a new worker
    got = signature(root)
    assert got == want
    same_report(report.summary(), want_report)
    check_key_holds_every_pseudonym(got)


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_strict_with_a_bad_file_on_the_cluster_stores_nothing(tmp_path, deduce_ready):
    root = make_study(tmp_path / "study", bad=True)
    cluster, client = local_cluster(2)
    with cluster, client, wb.open_study(root) as study:
        with pytest.raises(IngestAborted, match="kapot.docx"):
            study.ingest(client=client, strict=True)
        assert sql(study.store, "SELECT COUNT(*) FROM documents")[0][0] == 0
        assert sql(study.store, "SELECT COUNT(*) FROM ingest_runs")[0][0] == 0
        assert read_key(study.settings.key_path) == []
        from workbench.i18n import set_language

        set_language("en")  # the workers write their problems in the client's language
        report = study.ingest(client=client)  # without --strict: the rest is stored, the bad file named
        assert [p.file for p in report.errors] == ["morgenstond/kapot.docx"]
        assert report.errors[0].message.startswith("not a valid .docx file")
        assert report.n_added > 0


def test_a_batch_stored_twice_stores_nothing_twice(one_process, tmp_path, monkeypatch, store_url):
    """Each batch given to the store twice (a retry after its commit): documents, segments,
    key rows, the run record and its counts as when stored once; on SQLite and PostgreSQL."""
    want, want_report = one_process
    root = make_study(tmp_path / "study")
    toml = root / "workbench.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + f'\n[store]\nurl = "{store_url}"\n', encoding="utf-8")
    monkeypatch.setattr(ingest_module, "BATCH_WORDS", 2_000)
    real = ingest_module._Writer.store_batch
    calls: list[int] = []

    def twice(self, batch, whole_run=None):
        calls.append(len(batch))
        real(self, batch, whole_run)
        real(self, batch, whole_run)

    monkeypatch.setattr(ingest_module._Writer, "store_batch", twice)
    with wb.open_study(root) as study:
        report = study.ingest(workers=0)
        assert sql(study.store, "SELECT COUNT(*) FROM ingest_problems")[0][0] == len(report.problems)
    assert len(calls) > 2  # several batches
    got = signature(root)
    assert got == want
    same_report(report.summary(), want_report)


def _wait_for(path: Path, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, "the Dask process stopped"
        assert time.monotonic() < deadline, f"{path} did not appear"
        time.sleep(0.2)


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_ingest_through_a_scheduler_and_worker_started_apart(one_process, tmp_path):
    """``dask scheduler`` and ``dask worker`` as processes of their own (as on an institute's
    cluster), ``workbench ingest --scheduler tcp://127.0.0.1:PORT`` as a third."""
    import json

    want, _ = one_process
    root = make_study(tmp_path / "study")
    scheduler_file = tmp_path / "scheduler.json"
    started: list[subprocess.Popen] = []
    log = open(tmp_path / "dask.log", "wb")  # noqa: SIM115 - closed below, after the processes
    try:
        scheduler = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(scheduler_file)],
            stdout=log, stderr=subprocess.STDOUT,
        )
        started.append(scheduler)
        _wait_for(scheduler_file, scheduler)
        address = json.loads(scheduler_file.read_text(encoding="utf-8"))["address"]
        assert address.startswith("tcp://127.0.0.1:")
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"],
            stdout=log, stderr=subprocess.STDOUT,
        )
        started.append(worker)
        from distributed import Client

        with Client(address, set_as_default=False, timeout=30) as watcher:
            watcher.wait_for_workers(1, timeout=60)
        result = subprocess.run(
            [sys.executable, "-m", "workbench.cli", "ingest", "--scheduler", address, "--study", str(root)],
            capture_output=True, text=True, timeout=600, env=dict(os.environ, COLUMNS="200"), check=False,
        )
    finally:
        for proc in reversed(started):
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert f"verbonden met de Dask-scheduler {address} (1 werkprocessen)" in result.stdout
    got = signature(root)
    assert got == want
    check_key_holds_every_pseudonym(got)


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_cli_workers_starts_a_local_cluster_and_prints_its_dashboard(tmp_path, deduce_ready):
    """``workbench ingest --workers 1``: a LocalCluster of its own, said with its dashboard's link, closed after."""
    root = tmp_path / "study"
    (root / "corpora" / "demo").mkdir(parents=True)
    (root / "corpora" / "demo" / "verhaal.txt").write_text("Gerda Verbeek komt elke dinsdag koffie drinken. " + SHARED, encoding="utf-8")
    (root / "corpora" / "demo" / "metadata.csv").write_text("file,initiative,role,consent\nverhaal.txt,Austerlitz Zorgt,bewoner,ja\n", encoding="utf-8")
    (root / "workbench.toml").write_text(TOML, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "ingest", "--workers", "1", "--study", str(root)],
        capture_output=True, text=True, timeout=600, env=dict(os.environ, COLUMNS="200"), check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "een Dask-LocalCluster met 1 werkprocessen gestart" in result.stdout
    assert re.search(r"Dask-dashboard: http://127\.0\.0\.1:\d+/status", result.stdout)
    with wb.open_study(root) as study:
        text = study.corpus.get("verhaal").text
    assert "Gerda" not in text and "[PERSOON-1]" in text


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_files_whose_workers_keep_dying_are_named_and_a_rerun_goes_on(one_process, tmp_path, monkeypatch):
    """Dask gives up on a partition after its workers died ``allowed-failures`` times (here
    once): the error names its files, the batches stored before stay whole (every
    pseudonym with its key row), and a re-run ends where an uninterrupted run ends."""
    import dask
    import distributed  # noqa: F401 - its config defaults loaded before the override below (else leaving it drops them)

    from workbench.errors import IngestInterrupted

    want, _ = one_process
    root = make_study(tmp_path / "study")
    monkeypatch.setattr(ingest_module, "BATCH_WORDS", 2_000)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster, client = local_cluster(2)
    with cluster, client, wb.open_study(root) as study:
        pids = client.run(os.getpid)
        killed: list[str] = []

        def kill_a_busy_worker(done: int, total: int, name: str) -> None:
            busy = [addr for addr, keys in client.processing().items() if keys]
            if not killed and busy and done < total:
                psutil.Process(pids[busy[0]]).send_signal(signal.SIGKILL)
                killed.append(busy[0])

        with pytest.raises(IngestInterrupted, match=r"Dask gaf het op: de werkprocessen die deze \d+ bestand\(en\) lazen, stopten steeds") as info:
            study.ingest(client=client, progress=kill_a_busy_worker)
        assert killed and info.value.where and all(f in FILES for f in info.value.where.split(", "))
        check_key_holds_every_pseudonym(signature(root))
        assert signature(root)["documents"] != want["documents"]  # stopped partway
        study.ingest(client=client)
    got = signature(root)
    assert {k: got[k] for k in ("documents", "segments", "key")} == {k: want[k] for k in ("documents", "segments", "key")}
    check_key_holds_every_pseudonym(got)
