"""The current-codings table always equals the replay of the events (the reference)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.coding.events import replay, replayed_codings
from workbench.store import Store

CODES = ["a", "b", "c", "d"]
PEOPLE = ["anna", "bob"]
SUGGESTERS = ["suggester:rules@1", "suggester:learned@2"]
SPANS = [("d1", 1, 0, 5), ("d1", 1, 5, 9), ("d2", 1, 0, 5)]


def _span(draw_span):
    d, v, s, e = draw_span
    return {"doc_id": d, "doc_version": v, "start": s, "end": e}


span = st.sampled_from(SPANS).map(_span)
code = st.sampled_from(CODES)
apply_manual = st.builds(lambda sp, c, p, m: dict(sp, kind="apply", code_id=c, coder=p, source="manual", memo=m), span, code, st.sampled_from(PEOPLE), st.none() | st.text(max_size=5))
suggest = st.builds(lambda sp, c, s, conf: dict(sp, kind="apply", code_id=c, coder=s, source="suggested", confidence=conf, rationale="r"), span, code, st.sampled_from(SUGGESTERS), st.floats(0, 1))
accept = st.builds(lambda sp, c, p, s: dict(sp, kind="apply", code_id=c, coder=p, source="accepted", payload={"suggester": s}), span, code, st.sampled_from(PEOPLE), st.none() | st.sampled_from(SUGGESTERS))
remove = st.builds(lambda sp, c, p: dict(sp, kind="remove", code_id=c, coder=p, source="manual"), span, code, st.sampled_from(PEOPLE))
reject = st.builds(lambda sp, c, p, s: dict(sp, kind="remove", code_id=c, coder=p, source="rejected", payload={"suggester": s}), span, code, st.sampled_from(PEOPLE), st.none() | st.sampled_from(SUGGESTERS))
rename = st.builds(lambda a, b: dict(kind="rename", code_id=a, coder="anna", source="revision", payload={"from": a, "into": b}), code, code)
merge = st.builds(lambda src, b: dict(kind="merge", code_id=b, coder="anna", source="revision", payload={"from": src, "into": b}), st.lists(code, min_size=1, max_size=3, unique=True), code)
split = st.builds(lambda a, into: dict(kind="split", code_id=a, coder="anna", source="revision", payload={"from": a, "into": into}), code, st.lists(code, min_size=2, max_size=3, unique=True))
retire = st.builds(lambda a: dict(kind="retire", code_id=a, coder="anna", source="revision", payload={"from": a}), code)
one_event = st.one_of(apply_manual, apply_manual, suggest, suggest, accept, remove, reject, rename, merge, split, retire)
# a step is one event, or a batch of suggestions stored in bulk
step = st.one_of(one_event.map(lambda e: [e]), st.lists(suggest, min_size=2, max_size=6))


def _check(store: Store, steps: list[list[dict]]) -> None:
    for batch in steps:
        store.append_events(batch)
    table = store.current_codings(include_suggestions=True)
    reference = replayed_codings(store)
    assert table == reference
    state = replay(store.events())
    assert store.code_aliases() == state.aliases


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, max_size=25))
def test_codings_table_equals_replay_sqlite(tmp_path_factory, steps):
    path = tmp_path_factory.mktemp("prop") / "w.db"
    with Store.open(path) as store:
        _check(store, steps)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, max_size=20))
def test_codings_table_equals_replay_postgresql(pg_server, steps):
    with Store.open(pg_server.create_database()) as store:
        _check(store, steps)


def test_large_bulk_batches_equal_the_replay(store):
    """Batches of thousands (PostgreSQL streams them with COPY through a temporary table):
    repeated keys inside a batch (the last wins), keys already in the table, a rename
    between batches (aliases resolved), and a second bulk in the same transaction."""
    import random

    rng = random.Random(3)
    spans = [("d%d" % (i % 7), 1, i * 10, i * 10 + 8) for i in range(300)]

    def batch(n, coder_pool):
        out = []
        for _ in range(n):
            d, v, s, e = rng.choice(spans)
            suggester = rng.choice(coder_pool)
            out.append(dict(doc_id=d, doc_version=v, start=s, end=e, kind="apply", code_id=rng.choice(CODES), coder=suggester,
                            source="suggested", confidence=round(rng.random(), 3), rationale=f"r{rng.randint(0, 9)}"))
        return out

    first = store.append_events(batch(2500, SUGGESTERS))
    assert len(first) == 2500 and first == sorted(first) and len(set(first)) == 2500
    store.append_events([dict(kind="rename", code_id="a", coder="anna", source="revision", payload={"from": "a", "into": "b"})])
    second = store.append_events(batch(2500, SUGGESTERS + ["suggester:third@1"]))
    assert min(second) > max(first)
    with store.transaction():
        store.append_events(batch(600, SUGGESTERS))
        store.append_events(batch(600, SUGGESTERS))
    table = store.current_codings(include_suggestions=True)
    assert len(table) > 1000
    assert table == replayed_codings(store)
    assert {c.code_id for c in table} <= {"b", "c", "d"}  # 'a' was renamed into 'b'
    events = store.events()
    assert len(events) == 2500 + 1 + 2500 + 1200 and [e.id for e in events] == sorted(e.id for e in events)


def test_codings_table_is_checked_against_a_replay_that_can_differ(store):
    """The property above can fail: a coding written around the store's bookkeeping shows."""
    import sqlalchemy as sa

    store.append_events([dict(doc_id="d1", doc_version=1, start=0, end=5, kind="apply", code_id="a", coder="anna", source="manual")])
    assert store.current_codings() == replayed_codings(store)
    with store.engine.begin() as con:
        con.execute(sa.text("DELETE FROM codings"))
    assert store.current_codings() != replayed_codings(store)


SQL = re.compile(r"""["'](\s*)(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX)|PRAGMA\s|ALTER\s+TABLE|DROP\s+TABLE)""")  # SQL keywords in capitals;
# lower-case SQL outside the store could only run through a driver, which the import check catches


def test_no_sql_outside_the_store():
    """All SQL lives in workbench/store/: nothing else writes a query or opens a driver."""
    package = Path(__file__).parents[2] / "workbench"
    offenders = []
    for path in package.rglob("*.py"):
        if "store" in path.relative_to(package).parts[:1]:
            continue
        text = path.read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), 1):
            if SQL.search(line) or re.search(r"\bimport sqlite3\b|\bimport psycopg\b|\bsqlalchemy\b", line):
                offenders.append(f"{path.relative_to(package)}:{n}")
    assert offenders == []
