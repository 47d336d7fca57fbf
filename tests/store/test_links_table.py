"""The current-links table always equals the replay of link events and codebook revisions,
on SQLite and PostgreSQL; concurrent writers of links lose nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.coding.links import replayed_links
from workbench.store import Store

CODES = ["a", "b", "c", "d"]
PEOPLE = ["anna", "bob"]
SUGGESTERS = ["suggester:cues@1", "suggester:other@2"]
SPANS = [("d1", 1, 0, 5), ("d1", 1, 5, 9), ("d2", 1, 0, 5)]

span = st.sampled_from(SPANS).map(lambda s: {"doc_id": s[0], "doc_version": s[1], "start": s[2], "end": s[3]})
code = st.sampled_from(CODES)
sign = st.sampled_from(["more", "less"])
link = st.builds(
    lambda sp, c, e, p, sg, st_: dict(sp, kind="link", cause=c, effect=e, coder=p, source="manual", sign=sg, strength=st_),
    span, code, code, st.sampled_from(PEOPLE), sign, st.none() | st.sampled_from(["weak", "strong"]),
)
suggest = st.builds(
    lambda sp, c, e, s: dict(sp, kind="link", cause=c, effect=e, coder=s, source="suggested", rationale="daardoor", confidence=0.5),
    span, code, code, st.sampled_from(SUGGESTERS),
)
accept = st.builds(
    lambda sp, c, e, p, s: dict(sp, kind="link", cause=c, effect=e, coder=p, source="accepted", payload={"suggester": s}),
    span, code, code, st.sampled_from(PEOPLE), st.none() | st.sampled_from(SUGGESTERS),
)
unlink = st.builds(lambda sp, c, e, p: dict(sp, kind="unlink", cause=c, effect=e, coder=p, source="manual"), span, code, code, st.sampled_from(PEOPLE))
reject = st.builds(
    lambda sp, c, e, p, s: dict(sp, kind="unlink", cause=c, effect=e, coder=p, source="rejected", payload={"suggester": s}),
    span, code, code, st.sampled_from(PEOPLE), st.none() | st.sampled_from(SUGGESTERS),
)
rename = st.builds(lambda a, b: ("rev", dict(kind="rename", code_id=a, coder="anna", source="revision", payload={"from": a, "into": b})), code, code)
merge = st.builds(lambda src, b: ("rev", dict(kind="merge", code_id=b, coder="anna", source="revision", payload={"from": src, "into": b})), st.lists(code, min_size=1, max_size=3, unique=True), code)
split = st.builds(lambda a, into: ("rev", dict(kind="split", code_id=a, coder="anna", source="revision", payload={"from": a, "into": into})), code, st.lists(code, min_size=2, max_size=3, unique=True))
step = st.one_of(
    st.one_of(link, link, suggest, accept, unlink, reject).map(lambda e: ("link", [e])),
    st.lists(suggest, min_size=2, max_size=5).map(lambda b: ("link", b)),
    rename, merge, split,
)


def _check(store: Store, steps: list) -> None:
    for what, payload in steps:
        if what == "rev":
            store.append_events([payload])
        else:
            store.append_link_events(payload)
    table = store.current_links(include_suggestions=True)
    assert table == replayed_links(store)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, max_size=25))
def test_links_table_equals_replay_sqlite(tmp_path_factory, steps):
    with Store.open(tmp_path_factory.mktemp("prop") / "w.db") as store:
        _check(store, steps)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, max_size=20))
def test_links_table_equals_replay_postgresql(pg_server, steps):
    with Store.open(pg_server.create_database()) as store:
        _check(store, steps)


def test_links_table_is_checked_against_a_replay_that_can_differ(store):
    """The property can fail: a link written around the store's bookkeeping shows."""
    import sqlalchemy as sa

    store.append_link_events([dict(doc_id="d1", doc_version=1, start=0, end=5, kind="link", cause="a", effect="b", coder="anna", source="manual")])
    assert store.current_links() == replayed_links(store)
    with store.engine.begin() as con:
        con.execute(sa.text("DELETE FROM links"))
    assert store.current_links() != replayed_links(store)


def test_links_revision_between_link_events_is_replayed_in_order(store):
    """A rename between two link events: the first link moves, the second (with the new id)
    lands on the same key; replay orders them by the revision each link event saw."""
    ev = dict(doc_id="d1", doc_version=1, start=0, end=5, kind="link", effect="b", coder="anna", source="manual")
    store.append_link_events([dict(ev, cause="a")])
    store.append_events([dict(kind="rename", code_id="a", coder="anna", source="revision", payload={"from": "a", "into": "c"})])
    store.append_link_events([dict(ev, cause="c", sign="less")])
    [current] = store.current_links()
    assert (current.cause, current.effect, current.sign) == ("c", "b", "less")
    assert store.current_links() == replayed_links(store)


WORKER = r"""
import json, sys, time, random
from pathlib import Path
from workbench.store import Store
from workbench.codebook.versions import sync_codebook
from workbench.coding.links import apply_link, remove_link, accept_link
from workbench.errors import CodingError

url, cb_path, coder, go, seed = sys.argv[1:6]
store = Store.open(url)
codebook, version = sync_codebook(store, Path(cb_path), coder)
spans = [(0, 44), (45, 87), (88, 118)]
pairs = [("verbinding", "eenzaamheid"), ("verbinding", "thuis"), ("eenzaamheid", "thuis")]
rng = random.Random(int(seed))
done, refused, ids = [], 0, []
while not Path(go).exists():
    time.sleep(0.001)
for i in range(30):
    start, end = rng.choice(spans)
    cause, effect = rng.choice(pairs)
    span = dict(doc_id="int-01", doc_version=1, start=start, end=end, cause=cause, effect=effect, coder=coder)
    action = rng.choice(["link", "link", "unlink", "accept"])
    try:
        if action == "link":
            ids.append(apply_link(store, codebook, **span, sign=rng.choice(["more", "less"])))
        elif action == "unlink":
            ids.append(remove_link(store, **span))
        else:
            ids.append(accept_link(store, codebook, **dict(span, cause="verbinding", effect="thuis")))
        done.append(action)
    except CodingError:
        refused += 1
print(json.dumps({"ids": ids, "done": done, "refused": refused}))
"""


@pytest.mark.slow
def test_concurrent_link_writers_lose_nothing(store, tmp_path):
    """Two coders at once (released together at a barrier) link, unlink and accept on the
    same spans: every acknowledged event is there, each suggestion accepted at most once,
    and the current links equal the replay."""
    from workbench.codebook.versions import sync_codebook
    from workbench.coding.links import apply_link

    from tests.conftest import SMALL, add_document

    cb_path = tmp_path / "codebook.yaml"
    cb_path.write_text(SMALL, encoding="utf-8")
    add_document(store)
    codebook, _ = sync_codebook(store, cb_path, "setup")
    for start, end in [(0, 44), (45, 87), (88, 118)]:
        apply_link(store, codebook, doc_id="int-01", doc_version=1, start=start, end=end, cause="verbinding", effect="thuis",
                   coder="suggester:cues@1", source="suggested", rationale="zo")
    before = len(store.link_events())
    go = tmp_path / "go"
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    procs = [
        subprocess.Popen([sys.executable, str(script), store.url, str(cb_path), f"coder{i}", str(go), str(i)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(2)
    ]
    time.sleep(3)
    go.write_text("go")
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    ids = [i for r in results for i in r["ids"]]
    events = store.link_events()
    assert len(events) == before + len(ids)
    assert {e.id for e in events[before:]} == set(ids)
    accepted = [e for e in events if e.source == "accepted"]
    assert len({(e.start, e.end) for e in accepted}) == len(accepted) <= 3
    assert store.current_links(include_suggestions=True) == replayed_links(store)
    assert sum(len(r["done"]) + r["refused"] for r in results) == 2 * 30
