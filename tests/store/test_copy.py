from __future__ import annotations

import subprocess
import sys

import pytest

from workbench.errors import StoreError
from workbench.store import Store
from workbench.store.copy import copy_store

DOC = dict(id="a", source_path="a.txt", source_hash="s", content_hash="c", kind="interview", consent=1, text="Hallo daar, Zoë 🙂.", n_words=3)


def _fill(store: Store) -> None:
    import numpy as np

    store.add_document(DOC, [dict(unit="sentence", start=0, end=10, lemmas="hallo daar")])
    n = store.add_codebook_version(codebook_id="cb", content_hash="h", yaml="id: cb", source_path=None, author="anna")
    store.append_events([
        dict(kind="apply", doc_id="a", doc_version=1, start=0, end=10, code_id="x", coder="anna", source="manual", codebook_version=n, memo="ë"),
        dict(kind="apply", doc_id="a", doc_version=1, start=0, end=10, code_id="y", coder="suggester:rules@1", source="suggested", confidence=0.25),
        dict(kind="rename", code_id="x", coder="anna", source="revision", payload={"from": "x", "into": "z"}),
    ])
    store.put_embeddings("m", {"h1": np.ones(3, dtype="float32")})


def test_store_copy_sqlite_to_postgresql_and_back(tmp_path, pg_server):
    a = f"sqlite:///{tmp_path / 'a.db'}"
    with Store.open(a) as s:
        _fill(s)
        before = (s.documents(), s.current_codings(include_suggestions=True), s.events(), s.code_aliases())
    pg = pg_server.create_database()
    report = copy_store(a, pg)
    assert {t.table: t.rows for t in report}["coding_events"] == 3
    b = f"sqlite:///{tmp_path / 'b.db'}"
    copy_store(pg, b)
    for url in (pg, b):
        with Store.open(url) as s:
            assert (s.documents(), s.current_codings(include_suggestions=True), s.events(), s.code_aliases()) == before
            s.append_events([dict(kind="apply", doc_id="a", doc_version=1, start=0, end=5, code_id="z", coder="bob", source="manual")])
            assert s.events()[-1].id == 4  # the id sequence continues after the copied rows


def test_store_copy_again_into_its_own_finished_copy_is_a_no_op(tmp_path):
    """A copy killed after its commit but before it printed leaves a full target; running it
    again must finish with the same report instead of refusing the target."""
    a, b = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    with Store.open(a) as s:
        _fill(s)
    first = copy_store(a, b)
    assert copy_store(a, b) == first
    with Store.open(b) as s:
        assert len(s.events()) == 3  # nothing copied twice
        s.append_events([dict(kind="apply", doc_id="a", doc_version=1, start=0, end=5, code_id="z", coder="bob", source="manual")])
    with pytest.raises(StoreError, match="niet leeg"):  # one row more: no longer a copy
        copy_store(a, b)


def test_store_copy_refuses_a_target_with_data(tmp_path):
    a, b = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    for url in (a, b):
        with Store.open(url) as s:
            _fill(s)
    with pytest.raises(StoreError, match=r"de doeldatabase is niet leeg \(de tabellen .*documents.* bevatten rijen\)\. Oplossing: kopieer naar een nieuwe, lege database"):
        copy_store(a, b)
    from workbench.i18n import set_language

    set_language("en")
    with pytest.raises(StoreError, match=r"the target is not empty .*\. Fix: copy into a new, empty database"):
        copy_store(a, b)


def test_store_cli_upgrade_and_info(tmp_path):
    (tmp_path / "workbench.toml").write_text('[project]\nname = "t"\n', encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "workbench.cli", "store", "upgrade", "--study", str(tmp_path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "schema op revisie" in out.stdout
    out = subprocess.run([sys.executable, "-m", "workbench.cli", "store", "info", "--study", str(tmp_path)], capture_output=True, text=True)
    assert "documenten: 0" in out.stdout
