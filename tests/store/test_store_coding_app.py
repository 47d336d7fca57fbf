"""Document memos and coder positions (the coding app's tables), on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.conftest import add_document


def test_coding_app_document_memo_round_trip(store):
    add_document(store, "int-01")
    store.put_document_memo("int-01", "lian", "Eerste indruk: veel over buren.")
    store.put_document_memo("int-01", "sanne", "Andere blik.")
    store.put_document_memo("int-01", "lian", "Tweede indruk.")
    memos = store.document_memos("int-01")
    assert [(m.coder, m.memo) for m in memos] == [("lian", "Tweede indruk."), ("sanne", "Andere blik.")]
    store.put_document_memo("int-01", "lian", "  ")
    assert [m.coder for m in store.document_memos("int-01")] == ["sanne"]


def test_coding_app_position_is_one_row_per_coder(store):
    add_document(store, "int-01")
    assert store.coder_position("lian") is None
    store.put_coder_position("lian", "int-01", 1, 0, 10, "sentence")
    store.put_coder_position("lian", "int-01", 1, 20, 30, "turn")
    pos = store.coder_position("lian")
    assert (pos.doc_id, pos.doc_version, pos.start, pos.end, pos.unit) == ("int-01", 1, 20, 30, "turn")


def test_coding_app_rows_go_with_a_removed_document(store):
    add_document(store, "int-01")
    store.put_document_memo("int-01", "lian", "memo")
    store.put_coder_position("lian", "int-01", 1, 0, 10, "sentence")
    store.remove_document("int-01")
    assert store.document_memos() == [] and store.coder_position("lian") is None
