from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from workbench.errors import StoreError
from workbench.store import Store
from workbench.store.migrate import revisions

DATA = Path(__file__).parent.parent / "data" / "store"
DOC = dict(id="a", source_path="a.txt", source_hash="s", content_hash="c", kind="interview", consent=1, text="Hallo daar.", n_words=2)


def test_store_migrates_to_the_head(store):
    head, _ = revisions()
    with store.read() as con:
        assert con.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == head
        tables = set(sa.inspect(con).get_table_names())
    assert {"documents", "segments", "codebook_versions", "coding_events", "codings", "embeddings", "ingest_runs"} <= tables


def test_store_sqlite_uses_wal(sqlite_store):
    with sqlite_store.read() as con:
        assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert con.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_store_migrations_have_one_head_and_match_the_tables(store):
    """A database built by the migrations has exactly the tables of schema.metadata."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from workbench.store.schema import metadata

    with store.read() as con:
        diff = compare_metadata(MigrationContext.configure(con), metadata)
    assert diff == []


def test_store_reopen_keeps_data(tmp_path):
    path = tmp_path / "w.db"
    with Store.open(path) as s:
        s.add_document(DOC, [dict(unit="sentence", start=0, end=11)])
    with Store.open(path) as s:
        assert s.current_document("a").text == "Hallo daar."
        assert [seg.text for seg in s.segments("a", 1)] == ["Hallo daar."]


def test_store_versions_documents(store):
    assert store.add_document(DOC, []) == 1
    assert store.add_document(dict(DOC, content_hash="d", text="Anders."), []) == 2
    assert store.current_document("a").version == 2
    assert store.get_document("a", 1).text == "Hallo daar."
    assert store.get_document("a", 1).is_current is False


def test_store_transaction_rolls_back_everything(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.add_document(DOC, [dict(unit="sentence", start=0, end=11)])
            store.add_document(dict(DOC, id="b"), [])
            raise RuntimeError("halfway")
    assert store.count_documents(current_only=False) == 0
    assert store.segments("a", 1) == []


def test_store_refuses_newer_schema(tmp_path):
    path = tmp_path / "w.db"
    Store.open(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="werk de workbench bij"):
        Store.open(path)


def test_store_refuses_newer_user_version(tmp_path):
    path = tmp_path / "w.db"
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 7")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match=r"nieuwere workbench dan deze \(schema user_version 7\)"):
        Store.open(path)


def test_store_refuses_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "w.db"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="geen bruikbare database"):
        Store.open(path)


def test_store_errors_in_dutch_by_default_and_in_english_on_request(tmp_path):
    from workbench.i18n import set_language

    path = tmp_path / "w.db"
    Store.open(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert str(info.value) == (
        f"{path}: de database is gemaakt met een nieuwere workbench dan deze (schema revisie 9999_from_the_future). "
        "Oplossing: werk de workbench bij (pip install -U impact-stories-workbench)"
    )
    set_language("en")
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert str(info.value) == (
        f"{path}: the database has a newer schema (revision 9999_from_the_future) than this workbench knows. "
        "Fix: upgrade the workbench package (pip install -U impact-stories-workbench)"
    )
    with pytest.raises(StoreError, match="^nosuch://db: not a database URL this workbench can use .*Fix: use sqlite:///"):
        Store.open("nosuch://db")


def test_store_two_connections_both_write(tmp_path):
    path = tmp_path / "w.db"
    a, b = Store.open(path), Store.open(path)
    a.add_document(DOC, [])
    b.add_document(dict(DOC, id="b"), [])
    assert {d.id for d in a.documents()} == {"a", "b"}
    a.close()
    b.close()


def test_store_segment_check_constraint(store):
    with pytest.raises(sa.exc.IntegrityError):
        store.add_document(DOC, [dict(unit="word", start=0, end=2)])
    assert store.current_document("a") is None


def test_store_hands_out_dataclasses_not_rows(store):
    from workbench.codebook.model import CodebookVersion
    from workbench.corpus.model import Document, DocumentInfo, Segment

    store.add_document(dict(DOC, initiative="Austerlitz Zorgt", metadata={"leeftijd": "70+"}), [dict(unit="sentence", start=0, end=11, lemmas="hallo daar")])
    store.add_codebook_version(codebook_id="cb", content_hash="h", yaml="id: cb", source_path=None, author="anna")
    assert isinstance(store.get_document("a"), Document)
    assert store.get_document("a").metadata == {"leeftijd": "70+"}
    seg = store.segments("a", 1)[0]
    assert isinstance(seg, Segment) and seg.lemmas == ("hallo", "daar") and seg.initiative == "Austerlitz Zorgt"
    info = store.document_infos()[0]
    assert isinstance(info, DocumentInfo) and info.n_sentences == 1
    assert isinstance(store.latest_codebook_version(), CodebookVersion)


def test_store_embeddings_cache(store):
    import numpy as np

    from workbench.store import text_hash

    h = text_hash("Het is zo stil in huis.")
    assert store.get_embeddings("m", [h]) == {}
    assert store.put_embeddings("m", {h: np.arange(4, dtype="float32")}) == 1
    assert store.put_embeddings("m", {h: np.zeros(4)}) == 0  # kept, not replaced
    got = store.get_embeddings("m", [h, "other"])
    assert list(got) == [h] and got[h].tolist() == [0.0, 1.0, 2.0, 3.0]
    assert store.get_embeddings("other-model", [h]) == {}


def test_store_upgrades_a_database_made_before_alembic(tmp_path):
    """tests/data/store/v1-workbench.db was written by the workbench at user_version 1
    (two documents, codings by two coders, an accepted suggestion, a removal, a rename)."""
    path = tmp_path / "old.db"
    shutil.copy(DATA / "v1-workbench.db", path)
    with Store.open(path) as s:
        head, _ = revisions()
        with s.read() as con:
            assert con.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == head
        expected = json.loads((DATA / "v1-expected-codings.json").read_text())
        got = [
            {k: getattr(c, k) for k in expected[0]}
            for c in s.current_codings(include_suggestions=True)
        ]
        assert got == expected
        assert s.code_aliases() == {"verbinding": "contact-buren"}
        assert len(s.events()) == 8
        assert s.count_documents() == 2


def test_store_postgresql_needs_an_explicit_upgrade(pg_server):
    url = pg_server.create_database()
    Store.open(url).close()  # an empty database is created at the head
    engine = sa.create_engine(url)
    with engine.begin() as con:
        con.execute(sa.text("UPDATE alembic_version SET version_num = '0001'"))
    engine.dispose()
    with pytest.raises(StoreError, match="workbench store upgrade"):
        Store.open(url)


def test_store_codings_columns_are_the_coding_fields_in_order():
    """current_codings builds Coding objects positionally from the table's columns."""
    from dataclasses import fields

    from workbench.coding.events import Coding
    from workbench.store.schema import codings

    assert [f.name for f in fields(Coding)] == [c.name for c in codings.c]


def test_store_codings_overlapping_a_stretch(store):
    store.add_document(DOC, [])
    store.append_events([
        dict(kind="apply", doc_id="a", doc_version=1, start=s, end=e, code_id="x", coder="anna", source="manual")
        for s, e in [(0, 5), (4, 8), (8, 11)]
    ])
    got = store.current_codings(doc_id="a", doc_version=1, overlapping=(5, 8))
    assert [(c.start, c.end) for c in got] == [(4, 8)]
    assert len(store.current_codings(doc_id="a", doc_version=1, overlapping=(0, 11))) == 3


def test_store_coders_are_the_people_with_current_codings(store):
    """The coding app's list of other coders: people only, unless suggesters are asked for;
    a coder whose last coding was removed is no longer listed."""
    store.add_document(DOC, [])
    span = dict(doc_id="a", doc_version=1, start=0, end=5, code_id="x")
    store.append_events([
        dict(span, kind="apply", coder="sanne", source="manual"),
        dict(span, kind="apply", coder="anna", source="manual"),
        dict(span, kind="apply", coder="bram", source="manual"),
        dict(span, kind="apply", coder="suggester:rules@1", source="suggested", confidence=0.5),
    ])
    store.append_events([dict(span, kind="remove", coder="bram", source="manual")])
    assert store.coders() == ["anna", "sanne"]
    assert store.coders(include_suggesters=True) == ["anna", "sanne", "suggester:rules@1"]


def test_store_sqlite_codings_in_key_order_kept_through_the_rebuild(tmp_path):
    """Migration 0008 makes the SQLite codings table WITHOUT ROWID (rows stored in key
    order: the whole study reads in one scan); down and up again, the rows and indexes stay."""
    from alembic import command

    from workbench.store.migrate import _config

    path = tmp_path / "w.db"
    with Store.open(path) as s:
        s.add_document(DOC, [])
        s.append_events([
            dict(kind="apply", doc_id="a", doc_version=1, start=st, end=st + 3, code_id=c, coder=p, source="manual", memo=f"m{st}")
            for st in (6, 0, 3) for c in ("y", "x") for p in ("bram", "anna")
        ])
        before = s.current_codings()

    def layout() -> tuple[bool, set[str]]:
        con = sqlite3.connect(path)
        try:
            sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'codings'").fetchone()[0]
            indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'codings' AND sql IS NOT NULL")}
        finally:
            con.close()
        return sql.rstrip().upper().endswith("WITHOUT ROWID"), indexes

    assert layout() == (True, {"codings_code", "codings_coder"})
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as con:
        command.downgrade(_config(con), "0007")
    assert layout() == (False, {"codings_code", "codings_coder"})
    engine.dispose()
    with Store.open(path) as s:  # opening upgrades again
        assert layout() == (True, {"codings_code", "codings_coder"})
        assert s.current_codings() == before
        assert [(c.start, c.code_id, c.coder) for c in before][:4] == [(0, "x", "anna"), (0, "x", "bram"), (0, "y", "anna"), (0, "y", "bram")]
