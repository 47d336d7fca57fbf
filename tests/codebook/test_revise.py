"""Revisions carry codings along, are recorded as events, and rewrite the YAML safely."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from workbench.codebook import Codebook, merge_codes, rename_code, retire_code, split_code, sync_codebook
from workbench.coding import apply_code, codings_frame, current_codings, remove_code
from workbench.errors import CodeNotFoundError, RetiredCodeError, RevisionError


def code(store, cb, doc, code_id, coder="anna", start=0, end=10, **kw):
    return apply_code(store, cb, doc_id=doc[0], doc_version=doc[1], start=start, end=end, code_id=code_id, coder=coder, **kw)


def state(store):
    return sorted((c.code_id, c.coder, c.start, c.needs_recoding) for c in current_codings(store))


def test_revise_rename_keeps_codings(store, small_yaml: Path, doc) -> None:
    cb, v1 = sync_codebook(store, small_yaml, "anna")
    code(store, cb, doc, "verbinding")
    code(store, cb, doc, "verbinding", coder="bob", start=20, end=30)
    rev = rename_code(store, small_yaml, "verbinding", "contact", author="anna")
    assert rev.version == 2 and rev.payload == {"from": "verbinding", "into": "contact", "codebook_id": "test-codeboek"}
    assert state(store) == [("contact", "anna", 0, False), ("contact", "bob", 20, False)]
    # the coding still records the version it was made under
    assert set(codings_frame(store)["codebook_version"]) == {v1}
    # the file: id changed, comments kept, reads back
    text = small_yaml.read_text()
    assert "- id: contact" in text and "# hoofdcode" in text and "# -- organisatie" in text
    assert "contact" in Codebook.from_yaml(small_yaml)
    # the event
    ev = store.events()[-1]
    assert (ev.kind, ev.source, ev.code_id, ev.coder, ev.codebook_version) == ("rename", "revision", "verbinding", "anna", 2)
    assert ev.payload["into"] == "contact"
    # the old id is refused with the new one named; removing by the old id still works
    with pytest.raises(RetiredCodeError, match="hernoemd tot 'contact'. Oplossing: gebruik 'contact'"):
        code(store, rev.codebook, doc, "verbinding")
    remove_code(store, doc_id=doc[0], doc_version=doc[1], start=0, end=10, code_id="verbinding", coder="anna")
    assert state(store) == [("contact", "bob", 20, False)]


def test_revise_merge_moves_codings_and_dedupes(store, small_yaml: Path, doc) -> None:
    cb, _ = sync_codebook(store, small_yaml, "anna")
    code(store, cb, doc, "eenzaamheid")
    code(store, cb, doc, "verbinding")  # same coder, same span: one coding after the merge
    code(store, cb, doc, "verbinding", coder="bob")
    code(store, cb, doc, "thuis", start=40, end=50)
    rev = merge_codes(store, small_yaml, ["eenzaamheid", "verbinding"], "sociaal-contact", author="anna")
    assert state(store) == [("sociaal-contact", "anna", 0, False), ("sociaal-contact", "bob", 0, False), ("thuis", "anna", 40, False)]
    new = rev.codebook.get("sociaal-contact")
    assert new.label == {"nl": "sociaal-contact"} and new.parent == "bewoners"
    assert new.definition == "Zich alleen voelen, ook tussen mensen.\n\nContact met buren en vrijwilligers."
    assert new.keywords == ("eenzaam", "alleen", "contact") and new.color == "#1f77b4"
    assert "eenzaamheid" not in rev.codebook and "verbinding" not in rev.codebook
    assert rev.codebook.groups[0].codes == ("sociaal-contact", "thuis")
    assert rev.codebook.get("bewoners").children == ("sociaal-contact", "thuis")
    with pytest.raises(RetiredCodeError, match="samengevoegd in 'sociaal-contact'"):
        code(store, rev.codebook, doc, "eenzaamheid", start=60, end=70)


def test_revise_merge_into_existing_code_moves_children(store, small_yaml: Path, doc) -> None:
    cb, _ = sync_codebook(store, small_yaml, "anna")
    code(store, cb, doc, "financiering")
    code(store, cb, doc, "organisatie", coder="bob")
    rev = merge_codes(store, small_yaml, ["organisatie"], "bewoners", author="anna")
    assert rev.codebook.get("financiering").parent == "bewoners"
    assert rev.codebook.get("bewoners").definition == "Wat het initiatief betekent voor bewoners."
    assert state(store) == [("bewoners", "bob", 0, False), ("financiering", "anna", 0, False)]


def test_revise_split_flags_codings_until_recoded(store, small_yaml: Path, doc) -> None:
    cb, _ = sync_codebook(store, small_yaml, "anna")
    code(store, cb, doc, "thuis")
    code(store, cb, doc, "thuis", coder="bob")
    rev = split_code(store, small_yaml, "thuis", ["thuis-wonen", "uitstel-opname"], author="anna")
    new = rev.codebook
    assert new.get("thuis").status == "retired"
    assert new.get("bewoners").children == ("eenzaamheid", "verbinding", "thuis", "thuis-wonen", "uitstel-opname")
    assert new.get("thuis-wonen").definition == new.get("thuis").definition
    assert state(store) == [("thuis", "anna", 0, True), ("thuis", "bob", 0, True)]
    assert codings_frame(store)["needs_recoding"].tolist() == [True, True]
    with pytest.raises(RetiredCodeError, match="gesplitst in 'thuis-wonen', 'uitstel-opname'"):
        code(store, new, doc, "thuis", start=20, end=30)
    code(store, new, doc, "uitstel-opname")  # anna re-codes: her old coding is superseded
    assert state(store) == [("thuis", "bob", 0, True), ("uitstel-opname", "anna", 0, False)]
    assert new.groups[0].codes == ("eenzaamheid", "thuis", "thuis-wonen", "uitstel-opname")


def test_revise_retire_keeps_codings_refuses_new(store, small_yaml: Path, doc) -> None:
    cb, _ = sync_codebook(store, small_yaml, "anna")
    code(store, cb, doc, "financiering")
    rev = retire_code(store, small_yaml, "financiering", author="anna")
    assert state(store) == [("financiering", "anna", 0, False)]
    assert "status: retired" in small_yaml.read_text()
    with pytest.raises(RetiredCodeError, match="'financiering' is vervallen"):
        code(store, rev.codebook, doc, "financiering", start=20, end=30)
    assert [e.kind for e in store.events()] == ["apply", "retire"]


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda s, p: rename_code(s, p, "verbinding", "eenzaamheid", author="a"), "bestaat al"),
        (lambda s, p: rename_code(s, p, "verbinding", "Contact", author="a"), "geen geldige code-id"),
        (lambda s, p: rename_code(s, p, "nope", "x", author="a"), "geen code 'nope'"),
        (lambda s, p: retire_code(s, p, "bewoners", author="a"), "kan niet vervallen: er staan codes onder"),
        (lambda s, p: split_code(s, p, "thuis", ["x"], author="a"), "minstens twee nieuwe codes"),
        (lambda s, p: split_code(s, p, "organisatie", ["x", "y"], author="a"), "kan niet worden gesplitst: er staan codes onder"),
        (lambda s, p: merge_codes(s, p, ["thuis"], "thuis", author="a"), "met zichzelf"),
        (lambda s, p: merge_codes(s, p, ["bewoners"], "thuis", author="a"), "want 'thuis' staat eronder"),
    ],
)
def test_revise_refusals_change_nothing(store, small_yaml: Path, call, match) -> None:
    sync_codebook(store, small_yaml, "anna")
    before = small_yaml.read_text()
    with pytest.raises((RevisionError, CodeNotFoundError), match=match):
        call(store, small_yaml)
    assert small_yaml.read_text() == before
    assert len(store.codebook_versions()) == 1 and store.events() == []


def test_revise_messages_in_english_with_lang_en(store, small_yaml: Path, doc) -> None:
    from workbench.i18n import set_language

    set_language("en")
    cb, _ = sync_codebook(store, small_yaml, "anna")
    with pytest.raises(RevisionError, match="cannot merge 'thuis' into itself. Fix: merge the other codes into 'thuis': leave 'thuis' out of the list"):
        merge_codes(store, small_yaml, ["thuis"], "thuis", author="a")
    with pytest.raises(RevisionError, match=r"cannot retire 'bewoners': it has active children \(.*\). Fix: retire or move the children first"):
        retire_code(store, small_yaml, "bewoners", author="a")
    with pytest.raises(RevisionError, match="split 'thuis' needs at least two new codes, got 1. Fix: write: workbench codebook split thuis --into B C"):
        split_code(store, small_yaml, "thuis", ["x"], author="a")
    with pytest.raises(RevisionError, match="'Contact' is not a valid code id. Fix: use lowercase letters, digits and single hyphens, e.g. 'eenzaamheid'"):
        rename_code(store, small_yaml, "verbinding", "Contact", author="a")
    rev = rename_code(store, small_yaml, "verbinding", "contact", author="anna")
    with pytest.raises(RetiredCodeError, match="code 'verbinding' was renamed to 'contact'. Fix: apply 'contact'"):
        code(store, rev.codebook, doc, "verbinding")
    rev = retire_code(store, small_yaml, "financiering", author="anna")
    with pytest.raises(RetiredCodeError, match="code 'financiering' is retired: it keeps its codings but takes no new ones. Fix: choose an active code"):
        code(store, rev.codebook, doc, "financiering")
    assert [v.note for v in store.codebook_versions()] == [None, "rename verbinding -> contact", "retire financiering"]
    set_language("nl")
    with pytest.raises(RetiredCodeError, match="code 'financiering' is vervallen: de bestaande coderingen blijven, nieuwe kunnen niet meer. Oplossing: kies een code"):
        code(store, rev.codebook, doc, "financiering")


def test_revise_db_failure_leaves_file(store, small_yaml: Path, monkeypatch) -> None:
    sync_codebook(store, small_yaml, "anna")
    before = small_yaml.read_text()

    def boom(**event):
        raise RuntimeError("database down")

    monkeypatch.setattr(store, "append_event", boom)
    with pytest.raises(RuntimeError):
        rename_code(store, small_yaml, "verbinding", "contact", author="anna")
    assert small_yaml.read_text() == before
    assert len(store.codebook_versions()) == 1
    assert [p.name for p in small_yaml.parent.iterdir()] == [small_yaml.name]  # no temp file left


def test_revise_file_failure_leaves_db(store, small_yaml: Path, monkeypatch) -> None:
    sync_codebook(store, small_yaml, "anna")
    before = small_yaml.read_text()

    def fail(src, dst):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        merge_codes(store, small_yaml, ["eenzaamheid", "verbinding"], "contact", author="anna")
    assert small_yaml.read_text() == before
    assert len(store.codebook_versions()) == 1 and store.events() == []
    assert [p.name for p in small_yaml.parent.iterdir()] == [small_yaml.name]


def test_revise_stores_hand_edits_first(store, small_yaml: Path) -> None:
    sync_codebook(store, small_yaml, "anna")
    small_yaml.write_text(small_yaml.read_text().replace("Geld van gemeente", "Geld van de gemeente"))
    rev = rename_code(store, small_yaml, "verbinding", "contact", author="bob")
    assert rev.version == 3
    notes = [v.note for v in store.codebook_versions()]
    assert notes == [None, "vóór het hernoemen", "hernoemen verbinding -> contact"]


def test_revise_keeps_starter_comments(store, tmp_path: Path) -> None:
    starter = Path(__file__).parents[2] / "codebooks" / "impact-zorgzame-gemeenschappen.yaml"
    assert starter.is_file(), f"the starter codebook is missing: {starter}"
    path = tmp_path / "impact.yaml"
    path.write_text(starter.read_text(encoding="utf-8"), encoding="utf-8")
    comments = [line.strip() for line in path.read_text().splitlines() if line.strip().startswith("#")]
    cb, _ = sync_codebook(store, path, "anna")
    last_child = [c.id for c in cb.codes if c.parent == cb.roots[0].id][-1]
    # the last child carries the next section's header comment; comments inside a merged
    # code go with it (the first child has one), so merge the second and the last
    merge_codes(store, path, [cb.get(cb.roots[0].id).children[1], last_child], "samengevoegd", author="anna")
    after = [line.strip() for line in path.read_text().splitlines() if line.strip().startswith("#")]
    assert after == comments
