"""Codings as events: two coders, remove, suggestions, audit trail, derived state."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.codebook import Codebook, sync_codebook
from workbench.coding import (
    accept_suggestion,
    apply_code,
    codings_frame,
    count_codings,
    current_codings,
    events_frame,
    reject_suggestion,
    remove_code,
)
from workbench.coding.events import FRAME_COLUMNS
from workbench.errors import CodebookNotStoredError, CodeNotFoundError, CodingError, DocumentNotFoundError


@pytest.fixture
def cb(store, small_yaml: Path) -> Codebook:
    return sync_codebook(store, small_yaml, "anna")[0]


def span(doc, start=0, end=10):
    return {"doc_id": doc[0], "doc_version": doc[1], "start": start, "end": end}


def test_events_two_coders_same_span_are_two_codings(store, cb, doc) -> None:
    apply_code(store, cb, **span(doc), code_id="eenzaamheid", coder="anna", memo="stil huis")
    apply_code(store, cb, **span(doc), code_id="eenzaamheid", coder="bob")
    frame = codings_frame(store)
    assert list(frame.columns) == FRAME_COLUMNS
    assert frame[["code_id", "coder", "source", "codebook_version", "needs_recoding"]].values.tolist() == [
        ["eenzaamheid", "anna", "manual", 1, False],
        ["eenzaamheid", "bob", "manual", 1, False],
    ]
    assert frame.loc[0, "memo"] == "stil huis"
    assert count_codings(store) == {"eenzaamheid": 2}


def test_events_remove_only_that_coders_coding_and_keep_history(store, cb, doc) -> None:
    apply_code(store, cb, **span(doc), code_id="eenzaamheid", coder="anna")
    apply_code(store, cb, **span(doc), code_id="eenzaamheid", coder="bob")
    remove_code(store, **span(doc), code_id="eenzaamheid", coder="anna", memo="toch niet")
    assert [(c.coder, c.code_id) for c in current_codings(store)] == [("bob", "eenzaamheid")]
    trail = events_frame(store)
    assert trail[["kind", "coder", "code_id", "source"]].values.tolist() == [
        ["apply", "anna", "eenzaamheid", "manual"],
        ["apply", "bob", "eenzaamheid", "manual"],
        ["remove", "anna", "eenzaamheid", "manual"],
    ]
    assert trail.loc[2, "memo"] == "toch niet"
    with pytest.raises(CodingError, match="anna heeft op dit stuk tekst geen codering 'eenzaamheid'"):
        remove_code(store, **span(doc), code_id="eenzaamheid", coder="anna")
    # applying again after a remove brings it back
    apply_code(store, cb, **span(doc), code_id="eenzaamheid", coder="anna")
    assert len(current_codings(store)) == 2


def test_events_state_is_replayed_per_document(store, cb, doc, add_doc) -> None:
    other = ("int-02", add_doc("int-02"))
    apply_code(store, cb, **span(doc), code_id="verbinding", coder="anna")
    apply_code(store, cb, **span(other, 5, 20), code_id="verbinding", coder="anna")
    assert [c.doc_id for c in current_codings(store, doc_id="int-02", doc_version=other[1])] == ["int-02"]
    assert len(current_codings(store, coder="anna")) == 2


def test_events_suggestions_are_not_a_persons_coding(store, cb, doc) -> None:
    apply_code(store, cb, **span(doc), code_id="eenzaamheid", coder="suggester:rules@1", source="suggested", confidence=0.8, rationale="lemma eenzaam")
    apply_code(store, cb, **span(doc, 20, 30), code_id="thuis", coder="suggester:rules@1", source="suggested", confidence=0.6)
    assert current_codings(store) == []
    assert count_codings(store) == {}
    pending = current_codings(store, include_suggestions=True)
    assert [(c.code_id, c.coder, c.source) for c in pending] == [("eenzaamheid", "suggester:rules@1", "suggested"), ("thuis", "suggester:rules@1", "suggested")]
    accept_suggestion(store, cb, **span(doc), code_id="eenzaamheid", coder="anna")
    reject_suggestion(store, **span(doc, 20, 30), code_id="thuis", coder="anna", memo="gaat over de buurvrouw")
    [coding] = current_codings(store, include_suggestions=True)
    assert (coding.code_id, coding.coder, coding.source, coding.confidence, coding.rationale) == ("eenzaamheid", "anna", "accepted", 0.8, "lemma eenzaam")
    kinds = [(e.kind, e.source, e.coder) for e in store.events()]
    assert kinds[-2:] == [("apply", "accepted", "anna"), ("remove", "rejected", "anna")]
    with pytest.raises(CodingError, match="geen openstaande suggestie 'thuis'"):
        accept_suggestion(store, cb, **span(doc, 20, 30), code_id="thuis", coder="bob")


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"code_id": "eenzaamheit"}, CodeNotFoundError, "bedoelt u 'eenzaamheid'"),
        ({"coder": ""}, CodingError, "de naam van de codeur ontbreekt"),
        ({"coder": "rules", "source": "suggested"}, CodingError, "suggester:<naam>@<versie>"),
        ({"coder": "suggester:rules@1"}, CodingError, "is een suggestiemaker"),
        ({"source": "rejected"}, CodingError, "kan geen code toepassen"),
        ({"start": 5, "end": 5}, CodingError, "0 <= begin < eind"),
        ({"end": 10_000}, CodingError, "loopt door na het eind van het document"),
        ({"doc_id": "nope"}, DocumentNotFoundError, "document 'nope', versie 1, staat niet in de opslag"),
        ({"confidence": 2.0, "coder": "suggester:rules@1", "source": "suggested"}, CodingError, "ligt niet tussen 0 en 1"),
        ({"codebook_version": 99}, CodebookNotStoredError, "geen codeboekversie 99"),
    ],
)
def test_events_apply_refusals(store, cb, doc, kwargs, error, match) -> None:
    args = {**span(doc), "code_id": "eenzaamheid", "coder": "anna", **kwargs}
    with pytest.raises(error, match=match):
        apply_code(store, cb, **args)
    assert store.events() == []


@pytest.mark.parametrize(
    "kwargs, error, dutch, english",
    [
        ({"code_id": "eenzaamheit"}, CodeNotFoundError, "geen code 'eenzaamheit' in codeboek 'test-codeboek'. Oplossing: bedoelt u 'eenzaamheid'?",
         "no code 'eenzaamheit' in codebook 'test-codeboek'. Fix: did you mean 'eenzaamheid'?"),
        ({"coder": ""}, CodingError, "de naam van de codeur ontbreekt. Oplossing: geef coder='uw naam'", "the coder is empty. Fix: pass coder='your name'"),
        ({"coder": "suggester:rules@1"}, CodingError, "'suggester:rules@1' is een suggestiemaker: wat die codeert is een suggestie",
         "'suggester:rules@1' is a suggester; its codings are suggestions"),
        ({"end": 10_000}, CodingError, "het stuk tekst loopt door na het eind van het document", "the span ends after the document's text"),
        ({"doc_id": "nope"}, DocumentNotFoundError, "document 'nope', versie 1, staat niet in de opslag. Oplossing: lees het eerst in (workbench ingest)",
         "no document 'nope' version 1 in the store. Fix: ingest it first (workbench ingest)"),
        ({"codebook_version": 99}, CodebookNotStoredError, "geen codeboekversie 99. Oplossing: geef het nummer van een opgeslagen versie",
         "no codebook version 99. Fix: pass the number of a stored version"),
    ],
)
def test_events_refusals_in_dutch_by_default_and_english_with_lang_en(store, cb, doc, kwargs, error, dutch, english) -> None:
    from workbench.i18n import set_language

    args = {**span(doc), "code_id": "eenzaamheid", "coder": "anna", **kwargs}
    with pytest.raises(error) as info:
        apply_code(store, cb, **args)
    assert dutch in str(info.value) and english not in str(info.value)
    set_language("en")
    with pytest.raises(error) as info:
        apply_code(store, cb, **args)
    assert english in str(info.value) and dutch not in str(info.value)
    assert store.events() == []


def test_events_remove_and_suggestion_refusals_in_english(store, cb, doc) -> None:
    from workbench.i18n import set_language

    set_language("en")
    with pytest.raises(CodingError, match=r"\[0:10\]: anna has no coding 'thuis' on this span. Fix: see codings_frame\(store\)"):
        remove_code(store, **span(doc), code_id="thuis", coder="anna")
    with pytest.raises(CodingError, match="no pending suggestion of 'thuis' by suggester:rules@1 on this span. Fix: see codings_frame"):
        accept_suggestion(store, cb, **span(doc), code_id="thuis", coder="anna", suggester="suggester:rules@1")
    set_language("nl")
    with pytest.raises(CodingError, match="geen openstaande suggestie 'thuis' van suggester:rules@1 op dit stuk tekst. Oplossing: codings_frame"):
        accept_suggestion(store, cb, **span(doc), code_id="thuis", coder="anna", suggester="suggester:rules@1")


def test_events_codebook_must_be_stored(store, small_yaml: Path, doc) -> None:
    cb = Codebook.from_yaml(small_yaml)  # never synced
    with pytest.raises(CodebookNotStoredError, match="sync_codebook"):
        apply_code(store, cb, **span(doc), code_id="eenzaamheid", coder="anna")


def test_events_coding_records_version_it_was_made_under(store, small_yaml: Path, doc) -> None:
    cb1, v1 = sync_codebook(store, small_yaml, "anna")
    apply_code(store, cb1, **span(doc), code_id="eenzaamheid", coder="anna")
    small_yaml.write_text(small_yaml.read_text().replace("Geld van gemeente", "Geld van de gemeente"))
    cb2, v2 = sync_codebook(store, small_yaml, "anna")
    apply_code(store, cb2, **span(doc, 20, 30), code_id="eenzaamheid", coder="anna")
    assert codings_frame(store)["codebook_version"].tolist() == [v1, v2]


def test_events_two_stores_on_one_file_do_not_lose_work(store, cb, doc) -> None:
    from workbench.store import Store

    other = Store.open(store.url)  # a second coder's connection (another process, in real life)
    try:
        apply_code(store, cb, **span(doc), code_id="eenzaamheid", coder="anna")
        apply_code(other, cb, **span(doc), code_id="verbinding", coder="bob")
        apply_code(store, cb, **span(doc, 20, 30), code_id="thuis", coder="anna")
    finally:
        other.close()
    assert [(c.coder, c.code_id) for c in current_codings(store)] == [("anna", "eenzaamheid"), ("bob", "verbinding"), ("anna", "thuis")]


def test_events_frame_empty(store) -> None:
    frame = codings_frame(store)
    assert list(frame.columns) == FRAME_COLUMNS and len(frame) == 0


def test_events_core_does_not_import_apps() -> None:
    import subprocess
    import sys

    code = "import sys, workbench.coding; assert not {'ipywidgets', 'typer', 'pandas'} & set(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])
