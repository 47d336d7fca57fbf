"""The exchange part of the store: GUIDs kept per (kind, key), on both backends."""

from __future__ import annotations

from tests.conftest import sql


def test_exchange_guids_kept_and_updated(store) -> None:
    assert store.exchange_guids() == {}
    n = store.put_exchange_guids({("code", "eenzaamheid"): "A182CD3A-D83C-4D8C-BC80-26D9103EC6D6", ("document", "int-01"): "7C1D2E3F-3333-4A5B-8C9D-AAAAAAAAAAA1"})
    assert n == 2
    assert store.put_exchange_guids({("code", "eenzaamheid"): "A182CD3A-D83C-4D8C-BC80-26D9103EC6D6"}) == 0  # unchanged
    assert store.put_exchange_guids({("code", "eenzaamheid"): "086AC733-7B1C-4749-A138-D7182F63A5C9"}) == 1
    assert store.exchange_guids({"code"}) == {("code", "eenzaamheid"): "086AC733-7B1C-4749-A138-D7182F63A5C9"}
    assert len(sql(store, "SELECT * FROM exchange_guids")) == 2
    store.remove_exchange_guids("document", ["int-01"])
    assert set(store.exchange_guids()) == {("code", "eenzaamheid")}


def test_exchange_guids_roll_back_with_the_transaction(store) -> None:
    import pytest

    with pytest.raises(RuntimeError):
        with store.transaction():
            store.put_exchange_guids({("user", "anna"): "5E0C7A10-2222-4B1A-9C3D-111111111111"})
            raise RuntimeError("later step failed")
    assert store.exchange_guids() == {}
