from __future__ import annotations

import sqlite3

import pytest

from workbench.errors import StoreError
from workbench.store import Store
from workbench.store.schema import SCHEMA_VERSION

DOC = dict(id="a", source_path="a.txt", source_hash="s", content_hash="c", kind="interview", consent=1, text="Hallo daar.", n_words=2)


def test_store_migrates_and_uses_wal(store):
    assert store.schema_version == SCHEMA_VERSION
    assert store.query("PRAGMA journal_mode")[0][0] == "wal"
    tables = {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "segments", "codebook_versions", "coding_events", "ingest_runs"} <= tables


def test_store_reopen_keeps_data(tmp_path):
    path = tmp_path / "w.db"
    with Store.open(path) as s:
        s.add_document(DOC, [dict(unit="sentence", start=0, end=11)])
    with Store.open(path) as s:
        assert s.current_document("a")["text"] == "Hallo daar."
        assert s.schema_version == SCHEMA_VERSION


def test_store_versions_documents(store):
    assert store.add_document(DOC, []) == 1
    assert store.add_document(dict(DOC, content_hash="d", text="Anders."), []) == 2
    assert store.current_document("a")["version"] == 2
    assert store.get_document("a", 1)["text"] == "Hallo daar."


def test_store_transaction_rolls_back_everything(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_document(DOC, [dict(unit="sentence", start=0, end=11)])
            store.add_document(dict(DOC, id="b"), [])
            raise RuntimeError("halfway")
    assert store.query("SELECT COUNT(*) FROM documents")[0][0] == 0
    assert store.query("SELECT COUNT(*) FROM segments")[0][0] == 0


def test_store_refuses_newer_schema(tmp_path):
    path = tmp_path / "w.db"
    Store.open(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="upgrade the workbench"):
        Store.open(path)


def test_store_refuses_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "w.db"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not a usable SQLite database"):
        Store.open(path)


def test_store_two_connections_both_write(tmp_path):
    path = tmp_path / "w.db"
    a, b = Store.open(path), Store.open(path)
    a.add_document(DOC, [])
    b.add_document(dict(DOC, id="b"), [])
    assert {r["id"] for r in a.documents()} == {"a", "b"}
    a.close()
    b.close()


def test_store_segment_check_constraint(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.add_document(DOC, [dict(unit="word", start=0, end=2)])
    assert store.current_document("a") is None


def _append_many(path: str, coder: str, n: int) -> None:
    s = Store.open(path)
    for i in range(n):
        s.append_event(kind="apply", doc_id="a", doc_version=1, start=i, end=i + 1, code_id="c", coder=coder, source="manual")
    s.close()


def test_store_concurrent_writers_lose_nothing(tmp_path):
    """Two coders in two processes writing at the same time: WAL + busy timeout, no lost event."""
    import multiprocessing

    path = tmp_path / "w.db"
    Store.open(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_append_many, args=(str(path), coder, 150)) for coder in ("anna", "ben")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with Store.open(path) as s:
        counts = dict(s.query("SELECT coder, COUNT(*) FROM coding_events GROUP BY coder"))
    assert counts == {"anna": 150, "ben": 150}
