"""Several processes released together at a barrier apply, remove and accept codings on
the same spans, on SQLite and on PostgreSQL: no event is lost, no action is half done,
and the current codings equal the replay of the events afterwards."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench.coding.events import apply_code, replayed_codings
from workbench.codebook.versions import sync_codebook
from workbench.errors import StoreError
from workbench.store import Store

from tests.conftest import SMALL, TEXT

WORKER = r"""
import json, sys, time, random
from pathlib import Path
from workbench.store import Store
from workbench.codebook.versions import sync_codebook
from workbench.coding.events import apply_code, remove_code, accept_suggestion
from workbench.errors import CodingError

url, cb_path, coder, go, seed = sys.argv[1:6]
store = Store.open(url)
codebook, version = sync_codebook(store, Path(cb_path), coder)
spans = [(0, 44), (45, 87), (88, 118)]
rng = random.Random(int(seed))
done, refused, ids = [], 0, []
while not Path(go).exists():   # the barrier: every process starts at once
    time.sleep(0.001)
for i in range(40):
    start, end = rng.choice(spans)
    span = dict(doc_id="int-01", doc_version=1, start=start, end=end)
    action = rng.choice(["apply", "apply", "remove", "accept"])
    try:
        if action == "apply":
            ids.append(apply_code(store, codebook, **span, code_id=rng.choice(["eenzaamheid", "verbinding", "thuis"]), coder=coder))
        elif action == "remove":
            ids.append(remove_code(store, **span, code_id=rng.choice(["eenzaamheid", "verbinding", "thuis"]), coder=coder))
        else:
            ids.append(accept_suggestion(store, codebook, **span, code_id="thuis", coder=coder))
        done.append(action)
    except CodingError:
        refused += 1   # nothing to remove or accept (any more): a clear refusal, not a lost write
print(json.dumps({"ids": ids, "done": done, "refused": refused}))
"""


def _run(url: str, cb_path: Path, tmp_path: Path, n_procs: int = 4) -> list[dict]:
    go = tmp_path / "go"
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    procs = [
        subprocess.Popen([sys.executable, str(script), url, str(cb_path), f"coder{i}", str(go), str(i)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(n_procs)
    ]
    time.sleep(3)  # every worker has opened the store and loaded the codebook
    go.write_text("go")
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def _seed(store: Store, cb_path: Path) -> None:
    cb_path.write_text(SMALL, encoding="utf-8")
    store.add_document(
        {"id": "int-01", "source_path": "int-01.txt", "source_hash": "x", "content_hash": "y", "kind": "interview", "consent": 1, "text": TEXT, "n_words": 20},
        [],
    )
    codebook, _ = sync_codebook(store, cb_path, "setup")
    for start, end in [(0, 44), (45, 87), (88, 118)]:
        apply_code(store, codebook, doc_id="int-01", doc_version=1, start=start, end=end, code_id="thuis", coder="suggester:rules@1", source="suggested", confidence=0.5)


@pytest.mark.slow
def test_concurrent_coders_lose_nothing(store, tmp_path):
    cb_path = tmp_path / "codebook.yaml"
    _seed(store, cb_path)
    before = store.count_events()
    results = _run(store.url, cb_path, tmp_path)
    ids = [i for r in results for i in r["ids"]]
    events = store.events()
    assert len(events) == before + len(ids)  # every acknowledged action is there, nothing else
    assert {e.id for e in events[before:]} == set(ids)
    # each suggestion was accepted at most once (the check and the write are one transaction)
    accepted = [e for e in events if e.source == "accepted"]
    assert len({(e.start, e.end) for e in accepted}) == len(accepted) <= 3
    assert sum(r["done"].count("accept") for r in results) == len(accepted)
    assert store.current_codings(include_suggestions=True) == replayed_codings(store)
    assert sum(len(r["done"]) + r["refused"] for r in results) == 4 * 40


def test_store_lock_not_had_in_time_is_a_store_error(tmp_path):
    """A writer that cannot get the lock in time gets a StoreError that says what to do."""
    path = tmp_path / "w.db"
    holder = Store.open(path)
    waiter = Store.open(path, timeout=0.2)
    try:
        with holder.transaction():
            holder.add_document({"id": "a", "source_path": "a", "source_hash": "s", "content_hash": "c", "kind": "k", "consent": 1, "text": "t", "n_words": 1}, [])
            with pytest.raises(StoreError, match="bezet.*probeer het over een ogenblik opnieuw"):
                waiter.add_document({"id": "b", "source_path": "b", "source_hash": "s", "content_hash": "c", "kind": "k", "consent": 1, "text": "t", "n_words": 1}, [])
        assert waiter.count_documents() == 1
    finally:
        holder.close()
        waiter.close()
