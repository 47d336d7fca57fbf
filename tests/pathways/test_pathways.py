"""Pathways from coded links: the table, counts by source (not by mention), role filters,
chains to an outcome, the map, and the exports."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from workbench.codebook import sync_codebook
from workbench.coding.links import apply_link
from workbench.errors import UnknownChoiceError
from workbench.pathways import edges, export_links, factors, links_table, pathway_map, paths

from tests.conftest import TEXT


@pytest.fixture
def linked(store, small_yaml: Path):
    """Three documents (two residents, one professional) with links told once or several times."""
    cb, _ = sync_codebook(store, small_yaml, "anna")
    for doc_id, role in [("bew-1", "bewoner"), ("bew-2", "mantelzorger"), ("pro-1", "gemeente")]:
        store.add_document(
            {"id": doc_id, "source_path": f"{doc_id}.txt", "source_hash": "x", "content_hash": "y", "kind": "interview", "consent": 1,
             "text": TEXT, "n_words": 20, "initiative": "Cirkel", "role": role},
            [],
        )

    def link(doc, cause, effect, start=45, end=118, coder="anna", sign="more"):
        apply_link(store, cb, doc_id=doc, doc_version=1, start=start, end=end, cause=cause, effect=effect, coder=coder, sign=sign)

    # verbinding -> eenzaamheid (less): told in bew-1 twice (two spans) and by two coders, and in bew-2: 2 sources, 4 mentions
    link("bew-1", "verbinding", "eenzaamheid", sign="less")
    link("bew-1", "verbinding", "eenzaamheid", start=0, end=44, sign="less")
    link("bew-1", "verbinding", "eenzaamheid", coder="bob", sign="less")
    link("bew-2", "verbinding", "eenzaamheid", sign="less")
    # eenzaamheid -> thuis (less: less loneliness, staying home is no less likely...) told in bew-1 and pro-1
    link("bew-1", "eenzaamheid", "thuis", sign="less")
    link("pro-1", "eenzaamheid", "thuis", sign="less")
    # financiering -> verbinding, professional only
    link("pro-1", "financiering", "verbinding")
    return store


def test_pathways_table_has_quote_document_role(linked) -> None:
    table = links_table(linked)
    assert len(table) == 7
    row = table[(table.document == "bew-2")].iloc[0]
    assert (row.cause, row.effect, row.sign, row.role, row.initiative, row.coder) == ("verbinding", "eenzaamheid", "less", "mantelzorger", "Cirkel", "anna")
    assert row.quote == TEXT[45:118] and row.quotable


def test_pathways_count_sources_not_mentions(linked) -> None:
    table = edges(linked)
    first = table.iloc[0]
    assert (first.cause, first.effect, first.n_sources, first.n_mentions, first.sign, first.n_less) == ("verbinding", "eenzaamheid", 2, 4, "less", 2)
    assert edges(linked, min_sources=2)[["cause", "effect", "n_sources"]].values.tolist() == [
        ["verbinding", "eenzaamheid", 2], ["eenzaamheid", "thuis", 2],
    ]
    assert factors(linked) == {"eenzaamheid": 3, "financiering": 1, "thuis": 2, "verbinding": 3}


def test_pathways_role_filters(linked) -> None:
    residents = edges(links_table(linked, role="bewoners"))
    assert sorted(zip(residents.cause, residents.effect, residents.n_sources)) == [("eenzaamheid", "thuis", 1), ("verbinding", "eenzaamheid", 2)]
    professionals = edges(linked, role="professionals")
    assert sorted(zip(professionals.cause, professionals.effect)) == [("eenzaamheid", "thuis"), ("financiering", "verbinding")]
    assert len(links_table(linked, role="gemeente")) == 2
    with pytest.raises(UnknownChoiceError, match="de rol of groep 'artsen' is onbekend.*bewoner, gemeente, mantelzorger"):
        links_table(linked, role="artsen")


def test_pathways_paths_to_an_outcome(linked) -> None:
    found = paths(linked, to="thuis")
    assert found[["text", "length", "sign", "n_sources", "min_link_sources"]].values.tolist() == [
        ["eenzaamheid \u2192 thuis", 1, "less", 2, 2],
        ["verbinding \u2192 eenzaamheid \u2192 thuis", 2, "more", 1, 2],  # less of less: more
        ["financiering \u2192 verbinding \u2192 eenzaamheid \u2192 thuis", 3, "more", 0, 1],
    ]
    assert found.iloc[1].documents == ["bew-1"]  # the one source that tells the whole chain
    assert paths(linked, to="thuis", min_sources=2).text.tolist() == ["eenzaamheid \u2192 thuis", "verbinding \u2192 eenzaamheid \u2192 thuis"]
    with pytest.raises(UnknownChoiceError, match="geen enkel verband eindigt in 'financiering'"):
        paths(linked, to="financiering")


def test_pathways_flagged_quote_is_never_given_but_counts(linked) -> None:
    from workbench.review import invite

    invitation = invite(linked, "Cirkel", "Marja", role="vrijwilliger", created_by="lian")
    linked.put_quote_verdict(invitation.reviewer.id, "Cirkel", ("bew-2", 1, 50, 60), "identifying")
    table = links_table(linked)
    row = table[table.document == "bew-2"].iloc[0]
    assert pd.isna(row.quote) and not row.quotable
    assert edges(linked).iloc[0].n_sources == 2


def test_pathways_map_draws_every_link_with_its_sign(linked) -> None:
    fig = pathway_map(linked, min_sources=1, labels={"verbinding": "Verbinding", "eenzaamheid": "Eenzaamheid"})
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert "Verbinding\n(3)" in texts and "thuis\n(2)" in texts
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["meer (versterkt)", "minder (vermindert)", "dikte: aantal bronnen"]
    assert "3 verbanden tussen 4 factoren" in fig.alt
    empty = pathway_map(linked, min_sources=5)
    assert [t.get_text() for t in empty.axes[0].texts] == ["nog geen verbanden met minstens 5 bron(nen)"]


def test_pathways_export_csv_and_graphml(linked, tmp_path: Path) -> None:
    assert export_links(linked, tmp_path / "links.csv") == 7
    back = pd.read_csv(tmp_path / "links.csv")
    assert list(back.columns[:5]) == ["cause", "effect", "sign", "strength", "quote"] and len(back) == 7
    assert export_links(linked, tmp_path / "links.graphml", min_sources=2) == 2
    root = ET.parse(tmp_path / "links.graphml").getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert sorted((e.get("source"), e.get("target")) for e in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")) == [
        ("eenzaamheid", "thuis"), ("verbinding", "eenzaamheid"),
    ]
    assert root.find("g:key[@attr.name='n_sources']", ns) is not None
    with pytest.raises(UnknownChoiceError, match="eindig de bestandsnaam op .csv of .graphml"):
        export_links(linked, tmp_path / "links.xlsx")
    assert not (tmp_path / "links.xlsx").exists()
