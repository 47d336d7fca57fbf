"""Links as events: apply, remove, suggestions accepted and rejected, refusals, and codebook
revisions (rename, merge, split, retire) carrying links along."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.codebook import Codebook, merge_codes, rename_code, retire_code, split_code, sync_codebook
from workbench.coding.links import LINK_FRAME_COLUMNS, accept_link, apply_link, current_links, links_frame, reject_link, remove_link, replayed_links
from workbench.errors import CodeNotFoundError, CodingError, RetiredCodeError


@pytest.fixture
def cb(store, small_yaml: Path) -> Codebook:
    return sync_codebook(store, small_yaml, "anna")[0]


def link(store, cb, doc, cause="verbinding", effect="eenzaamheid", coder="anna", start=45, end=118, **kw):
    return apply_link(store, cb, doc_id=doc[0], doc_version=doc[1], start=start, end=end, cause=cause, effect=effect, coder=coder, **kw)


def state(store):
    return sorted((x.cause, x.effect, x.coder, x.sign, x.needs_recoding) for x in current_links(store))


def test_links_apply_remove_and_audit_trail(store, cb, doc) -> None:
    link(store, cb, doc, sign="less", strength="strong", spans={"cause": [45, 87], "effect": [88, 118]}, memo="buurvrouw")
    link(store, cb, doc, coder="bob", effect="thuis")
    frame = links_frame(store)
    assert list(frame.columns) == LINK_FRAME_COLUMNS
    assert frame[["cause", "effect", "sign", "strength", "coder", "source", "codebook_version"]].fillna("").values.tolist() == [
        ["verbinding", "eenzaamheid", "less", "strong", "anna", "manual", 1],
        ["verbinding", "thuis", "more", "", "bob", "manual", 1],
    ]
    [anna] = current_links(store, coder="anna")
    assert anna.spans == '{"cause": [45, 87], "effect": [88, 118]}' and anna.memo == "buurvrouw"
    remove_link(store, doc_id=doc[0], doc_version=doc[1], start=45, end=118, cause="verbinding", effect="eenzaamheid", coder="anna")
    assert state(store) == [("verbinding", "thuis", "bob", "more", False)]
    assert [(e.kind, e.coder) for e in store.link_events()] == [("link", "anna"), ("link", "bob"), ("unlink", "anna")]
    with pytest.raises(CodingError, match="anna heeft op dit stuk tekst geen verband verbinding -> eenzaamheid"):
        remove_link(store, doc_id=doc[0], doc_version=doc[1], start=45, end=118, cause="verbinding", effect="eenzaamheid", coder="anna")
    assert current_links(store, include_suggestions=True) == replayed_links(store)


def test_links_suggestions_are_not_a_persons_link(store, cb, doc) -> None:
    link(store, cb, doc, coder="suggester:cues@1", source="suggested", rationale="'zo kan ik' (gevolg)", confidence=0.6)
    link(store, cb, doc, effect="thuis", coder="suggester:cues@1", source="suggested", rationale="'gelukkig'")
    assert current_links(store) == []
    assert len(current_links(store, include_suggestions=True)) == 2
    span = dict(doc_id=doc[0], doc_version=doc[1], start=45, end=118)
    accept_link(store, cb, **span, cause="verbinding", effect="eenzaamheid", coder="anna", sign="less")
    reject_link(store, **span, cause="verbinding", effect="thuis", coder="anna", memo="niet gezegd")
    [kept] = current_links(store, include_suggestions=True)
    assert (kept.cause, kept.effect, kept.coder, kept.source, kept.sign, kept.rationale) == ("verbinding", "eenzaamheid", "anna", "accepted", "less", "'zo kan ik' (gevolg)")
    with pytest.raises(CodingError, match="geen openstaand voorstel voor het verband verbinding -> thuis"):
        accept_link(store, cb, **span, cause="verbinding", effect="thuis", coder="bob")
    assert current_links(store, include_suggestions=True) == replayed_links(store)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"effect": "verbinding"}, CodingError, "oorzaak en gevolg zijn dezelfde code"),
        ({"sign": "plus"}, CodingError, "de richting 'plus' bestaat niet"),
        ({"strength": "zeker"}, CodingError, "de sterkte 'zeker' bestaat niet"),
        ({"cause": "verbindng"}, CodeNotFoundError, "bedoelt u 'verbinding'"),
        ({"coder": "suggester:cues@1"}, CodingError, "is een suggestiemaker"),
        ({"end": 10_000}, CodingError, "loopt door na het eind van het document"),
        ({"spans": {"cause": [5, 2]}}, CodingError, "stukken tekst van oorzaak en gevolg zijn onleesbaar"),
    ],
)
def test_links_refusals_store_nothing(store, cb, doc, kwargs, error, match) -> None:
    with pytest.raises(error, match=match):
        link(store, cb, doc, **kwargs)
    assert store.link_events() == []


def test_links_refusal_in_english(store, cb, doc) -> None:
    from workbench.i18n import set_language

    set_language("en")
    with pytest.raises(CodingError, match="cause and effect are the same code 'thuis'. Fix: pick two different codes"):
        link(store, cb, doc, cause="thuis", effect="thuis")


def test_links_follow_rename_and_merge(store, cb, small_yaml, doc) -> None:
    link(store, cb, doc)
    link(store, cb, doc, coder="bob", cause="thuis", effect="verbinding")
    link(store, cb, doc, cause="eenzaamheid", effect="thuis")
    rename_code(store, small_yaml, "verbinding", "contact", author="anna")
    assert state(store) == [
        ("contact", "eenzaamheid", "anna", "more", False), ("eenzaamheid", "thuis", "anna", "more", False), ("thuis", "contact", "bob", "more", False),
    ]
    rev = merge_codes(store, small_yaml, ["contact", "eenzaamheid"], "sociaal", author="anna")
    # anna's 'contact -> eenzaamheid' became a link of a code to itself; kept, as the claim was made
    assert state(store) == [("sociaal", "sociaal", "anna", "more", False), ("sociaal", "thuis", "anna", "more", False), ("thuis", "sociaal", "bob", "more", False)]
    with pytest.raises(RetiredCodeError, match="samengevoegd in 'sociaal'"):
        link(store, rev.codebook, doc, cause="eenzaamheid", effect="thuis", start=0, end=44)
    assert current_links(store, include_suggestions=True) == replayed_links(store)


def test_links_split_needs_recoding_until_relinked_and_retire_keeps(store, cb, small_yaml, doc) -> None:
    link(store, cb, doc, effect="thuis")
    link(store, cb, doc, coder="bob", effect="thuis")
    rev = split_code(store, small_yaml, "thuis", ["thuis-wonen", "uitstel-opname"], author="anna")
    assert state(store) == [("verbinding", "thuis", "anna", "more", True), ("verbinding", "thuis", "bob", "more", True)]
    link(store, rev.codebook, doc, effect="uitstel-opname")  # anna re-links: her old link is superseded
    assert state(store) == [("verbinding", "thuis", "bob", "more", True), ("verbinding", "uitstel-opname", "anna", "more", False)]
    retired = retire_code(store, small_yaml, "uitstel-opname", author="anna")
    assert state(store)[1] == ("verbinding", "uitstel-opname", "anna", "more", False)
    with pytest.raises(RetiredCodeError):
        link(store, retired.codebook, doc, effect="uitstel-opname", coder="bob")
    assert current_links(store, include_suggestions=True) == replayed_links(store)


def test_links_go_with_a_removed_document(store, cb, doc) -> None:
    link(store, cb, doc)
    store.remove_document(doc[0])
    assert current_links(store) == [] and store.link_events() == []
