"""The codings frame cached per store (issue 21: ``study.codings()`` under 200 ms at 100k
events) is always the frame a fresh read gives: after any event, in another process's
store (another Store object, another connection), with two writers, after a rollback."""

from __future__ import annotations

import threading

import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.coding.events import FRAME_COLUMNS, codings_frame
from workbench.store import Store

from tests.store.test_codings_table import step

FILTERS = [{}, {"include_suggestions": True}, {"coder": "anna"}, {"doc_id": "d1"}, {"doc_id": "d1", "doc_version": 1, "include_suggestions": True}]


def fresh_frame(store: Store, **filters) -> pd.DataFrame:
    """The frame as the code before the cache built it: every row read, then one DataFrame."""
    rows = [tuple(getattr(c, n) for n in FRAME_COLUMNS) for c in store.current_codings(**filters)]
    return pd.DataFrame.from_records(rows, columns=FRAME_COLUMNS).astype({"needs_recoding": bool})


def same(store: Store, reader: Store | None = None) -> None:
    from workbench.store.coding import _CachedFrame

    for filters in FILTERS:
        pd.testing.assert_frame_equal(codings_frame(reader or store, **filters), fresh_frame(store, **filters), check_exact=True)
    for entry in (reader or store).__dict__.get("_codings_frames", {}).values():  # where each document's rows are, kept through splices
        assert entry.blocks == _CachedFrame(entry.versions, entry.rows, entry.names, entry.frame).blocks


def apply(doc="d1", start=0, end=5, code="a", coder="anna", source="manual", **kw):
    return dict(kind="apply", doc_id=doc, doc_version=1, start=start, end=end, code_id=code, coder=coder, source=source, **kw)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=25))
def test_cached_frame_equals_a_fresh_read_after_every_event(tmp_path_factory, steps):
    """Random applies, removes, suggestions, accepts, rejects and revisions: after each, the
    cached (and spliced) frame equals a fresh read, for every filter."""
    path = tmp_path_factory.mktemp("frame") / "w.db"
    with Store.open(path) as store:
        same(store)
        for batch in steps:
            store.append_events(batch)
            same(store)


def test_another_store_on_the_same_database_sees_every_write(store_url):
    """Two Store objects on one database (as two processes have): one writes, the other's
    next frame shows it, including a revision and a removed document."""
    reader, writer = Store.open(store_url, upgrade=True), Store.open(store_url, upgrade=True)
    try:
        writer.append_events([apply(), apply("d2", coder="bob"), apply("d3", code="b")])
        same(writer, reader)
        writer.append_event(**apply(start=5, end=9, code="c"))
        same(writer, reader)
        writer.append_event(kind="remove", doc_id="d2", doc_version=1, start=0, end=5, code_id="a", coder="bob", source="manual")
        same(writer, reader)
        writer.append_event(kind="rename", code_id="a", coder="anna", source="revision", payload={"from": "a", "into": "d"})
        same(writer, reader)
        writer.append_event(**apply("d4", code="b"))  # a document new to the frame
        same(writer, reader)
        writer.remove_document("d3")
        same(writer, reader)
        assert "d3" not in set(codings_frame(reader)["doc_id"])
    finally:
        reader.close()
        writer.close()


def test_two_writers_at_once_and_a_reader(store_url):
    """Two stores write to different documents at the same time (PostgreSQL: two
    connections, each bumping its documents' change numbers); a third store's frame holds
    every coding of both."""
    stores = [Store.open(store_url, upgrade=True) for _ in range(3)]
    try:
        reader = stores[2]
        codings_frame(reader)

        def write(store: Store, doc: str) -> None:
            for i in range(20):
                store.append_event(**apply(doc, start=i * 10, end=i * 10 + 5, coder="anna" if doc == "d1" else "bob"))
                codings_frame(reader)

        threads = [threading.Thread(target=write, args=(s, d)) for s, d in zip(stores[:2], ["d1", "d2"])]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        frame = codings_frame(reader)
        assert len(frame) == 40
        same(stores[0], reader)
    finally:
        for s in stores:
            s.close()


def test_a_rolled_back_write_never_reaches_the_cache(store):
    """Inside a transaction the frame is read, not cached: after a rollback, and after a
    later write that brings the change number to the same value, the frame is the database's."""
    store.append_event(**apply())
    codings_frame(store)
    with pytest.raises(RuntimeError), store.transaction():
        store.append_event(**apply(code="b"))
        assert set(codings_frame(store)["code_id"]) == {"a", "b"}
        raise RuntimeError("undo")
    assert set(codings_frame(store)["code_id"]) == {"a"}
    store.append_event(**apply(code="c"))  # d1's change number is now what the rolled-back one was
    assert set(codings_frame(store)["code_id"]) == {"a", "c"}
    same(store)


def test_unchanged_codings_are_not_read_again_and_a_change_reads_only_its_document(store):
    """What makes it fast: a second frame reads no codings, a click reads one document's."""
    store.append_events([apply(d, start=s, end=s + 5) for d in ("d1", "d2", "d3") for s in (0, 10, 20)])
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    codings_frame(store)
    sa.event.listen(store.engine, "before_cursor_execute", seen)
    try:
        codings_frame(store)
        assert [s for s in statements if "FROM codings\n" in s or "FROM codings " in s] == []
        store.append_event(**apply("d2", start=30, end=35))
        statements.clear()
        frame = codings_frame(store)
        reads = [s for s in statements if "FROM codings" in s and "codings_changes" not in s]
        assert len(reads) == 1 and "IN" in reads[0]
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", seen)
    assert frame["doc_id"].tolist() == ["d1"] * 3 + ["d2"] * 4 + ["d3"] * 3
    same(store)


def test_a_callers_edit_stays_in_their_frame(store):
    store.append_event(**apply())
    frame = codings_frame(store)
    frame.loc[0, "code_id"] = "changed"
    frame["extra"] = 1
    assert codings_frame(store)["code_id"].tolist() == ["a"]
    assert "extra" not in codings_frame(store).columns


def test_codings_on_a_real_study_equal_the_old_frame(demo_copy):
    """The coded demo study, with suggestions: study.codings() with each filter equals the
    frame as the old code built it (columns, dtypes, row order), before and after clicks."""
    store = demo_copy.store
    people = store.current_codings()
    store.append_events([dict(kind="apply", doc_id=c.doc_id, doc_version=c.doc_version, start=c.start, end=c.end, code_id=c.code_id,
                              coder="suggester:test@1", source="suggested", confidence=0.5, rationale="test") for c in people[::7]])
    docs = sorted({(c.doc_id, c.doc_version) for c in people})
    doc_id, version = docs[len(docs) // 2]
    filters = [{}, {"include_suggestions": True}, {"coder": "lian"}, {"coder": "sanne", "include_suggestions": True},
               {"doc_id": doc_id}, {"doc_id": doc_id, "doc_version": version}, {"doc_id": doc_id, "coder": "lian", "include_suggestions": True}]
    for f in filters:
        pd.testing.assert_frame_equal(demo_copy.codings(**f), fresh_frame(store, **f), check_exact=True)
    segment = demo_copy.corpus.segments(doc_id, unit="sentence")[0]
    code = next(c.id for _, c in demo_copy.codebook.walk() if c.is_active)
    demo_copy.apply_code(segment, code, coder="lian")
    demo_copy.remove_code(segment, code, coder="lian")
    demo_copy.apply_code(segment, code, coder="nieuw")
    for f in filters:
        pd.testing.assert_frame_equal(demo_copy.codings(**f), fresh_frame(store, **f), check_exact=True)
    assert len(demo_copy.codings(include_suggestions=True)) > len(demo_copy.codings()) > 100


def test_each_set_of_filters_has_its_own_frame(store):
    """Codes given as a generator are read once, for the query and the cache's key alike."""
    store.append_events([apply(code="a"), apply(code="b", start=5, end=9), apply("d2", code="c")])
    assert codings_frame(store, code_ids=(c for c in ["a"]))["code_id"].tolist() == ["a"]
    assert codings_frame(store, code_ids=(c for c in ["b", "c"]))["code_id"].tolist() == ["b", "c"]
    assert codings_frame(store, code_ids=["a"])["code_id"].tolist() == ["a"]
    assert len(codings_frame(store)) == 3
