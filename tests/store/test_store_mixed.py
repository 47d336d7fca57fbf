"""The store's mixed-methods tables on both backends (SQLite file, PostgreSQL server):
variables and values replaced in one transaction, summary events kept as history, values
of a document removed with it; migration 0011 down and up."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command

from tests.conftest import add_document, sql


def test_store_variables_round_trip_and_replace(store):
    defs = [{"name": "hoe_vaak_eenzaam", "label": None, "scope": "respondent", "type": "ordinal", "levels": ("nooit", "soms", "vaak", "altijd"),
             "declared": False, "how": "{}", "source": "monitor.xlsx"}]
    values = [
        {"variable": "hoe_vaak_eenzaam", "unit": "respondent", "unit_id": "monitor.xlsx#R1", "value": "vaak", "raw": "Vaak", "status": "answer"},
        {"variable": "hoe_vaak_eenzaam", "unit": "respondent", "unit_id": "monitor.xlsx#R2", "value": None, "raw": "weet niet", "status": "dont_know"},
    ]
    store.replace_variables(defs, values)
    (got,) = store.variable_defs()
    assert got["levels"] == ("nooit", "soms", "vaak", "altijd") and got["type"] == "ordinal" and got["declared"] is False
    assert [(v["unit_id"], v["status"]) for v in store.variable_values("hoe_vaak_eenzaam")] == [("monitor.xlsx#R1", "answer"), ("monitor.xlsx#R2", "dont_know")]
    store.replace_variables([], [])
    assert store.variable_defs() == [] and store.variable_values() == []


def test_store_variables_bad_status_leaves_nothing_half_written(store):
    from workbench.errors import StoreError

    store.replace_variables([{"name": "a", "scope": "document", "type": "yesno", "levels": ("nee", "ja")}], [])
    with pytest.raises((StoreError, sa.exc.IntegrityError)):
        store.replace_variables([{"name": "b", "scope": "document", "type": "yesno"}], [{"variable": "b", "unit": "document", "unit_id": "d", "value": "x", "raw": "x", "status": "perhaps"}])
    assert [d["name"] for d in store.variable_defs()] == ["a"]  # the old ones stay: one transaction


def test_store_framework_summaries_are_events(store):
    a = store.add_framework_summary("initiative", "Voorzorgcirkels", "eenzaamheid", "eerste", author="anna")
    b = store.add_framework_summary("initiative", "Voorzorgcirkels", "eenzaamheid", "tweede", author="bram")
    store.add_framework_summary("initiative", "Austerlitz Zorgt", "eenzaamheid", "elders", author="anna")
    history = store.framework_summary_events(rows="initiative", case_value="Voorzorgcirkels", code_id="eenzaamheid")
    assert [e.id for e in history] == [a, b] and [e.text for e in history] == ["eerste", "tweede"] and history[0].created_at <= history[1].created_at


def test_store_document_removed_takes_its_values(store):
    add_document(store, "int-01")
    store.replace_variables([{"name": "regio", "scope": "document", "type": "categorical", "levels": ("zuid",)}],
                            [{"variable": "regio", "unit": "document", "unit_id": "int-01", "value": "zuid", "raw": "zuid", "status": "answer"}])
    store.remove_document("int-01")
    assert store.variable_values() == []


def test_store_migration_0011_down_and_up(store):
    from workbench.store.migrate import _config

    with store.engine.begin() as con:
        command.downgrade(_config(con), "0008")
    assert not sa.inspect(store.engine).has_table("variables")
    with store.engine.begin() as con:
        command.upgrade(_config(con), "head")
    assert sa.inspect(store.engine).has_table("framework_summaries")
    assert sql(store, "SELECT count(*) FROM variable_values")[0][0] == 0


def test_store_variables_rebuilt_by_two_writers_at_once(store):
    """Reports run in parallel each rebuild the variables: on PostgreSQL the second rebuild
    must wait for the first (else its delete misses the first one's rows: duplicate keys)."""
    import threading

    defs = [{"name": "v", "scope": "document", "type": "yesno", "levels": ("nee", "ja")}]
    rows = [{"variable": "v", "unit": "document", "unit_id": f"d{i}", "value": "ja", "raw": "ja", "status": "answer"} for i in range(200)]
    errors: list[BaseException] = []

    def rebuild() -> None:
        try:
            for _ in range(5):
                store.replace_variables(defs, rows)
        except BaseException as exc:  # collected for the assert below
            errors.append(exc)

    threads = [threading.Thread(target=rebuild) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == [] and len(store.variable_values()) == 200
