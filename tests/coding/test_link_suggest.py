"""Suggested links from Dutch causal cues: direction by cue, reasons, stored as suggestions
never as a person's link, accepted and rejected by a person, not suggested twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.codebook import sync_codebook
from workbench.coding.events import apply_code
from workbench.coding.link_suggest import SUGGESTER, store_link_suggestions, suggest_links
from workbench.coding.links import accept_link, current_links, reject_link

from tests.conftest import add_document


class _Study:
    """What the suggester reads of a study: its store and codebook."""

    def __init__(self, store, codebook, version):
        self.store, self.codebook, self._version = store, codebook, version

    def load_codebook(self):
        return self.codebook, self._version


def _study(store, small_yaml: Path, text: str, codings: list[tuple[str, str]]):
    """One document with one paragraph; each (code, sentence) coded by anna on that sentence."""
    cb, version = sync_codebook(store, small_yaml, "anna")
    add_document(store, "d1", text)
    sentences = []
    at = 0
    for piece in text.split(". "):
        piece = piece if piece.endswith(".") else piece + "."
        start = text.index(piece.rstrip("."), at)
        sentences.append({"unit": "sentence", "start": start, "end": start + len(piece.rstrip(".")) + 1})
        at = start + 1
    store.remove_document("d1")
    store.add_document(
        {"id": "d1", "source_path": "d1.txt", "source_hash": "x", "content_hash": "y", "kind": "interview", "consent": 1, "text": text, "n_words": 9},
        [{"unit": "paragraph", "start": 0, "end": len(text)}, *sentences],
    )
    for code, sentence in codings:
        s = text.index(sentence)
        apply_code(store, cb, doc_id="d1", doc_version=1, start=s, end=s + len(sentence), code_id=code, coder="anna")
    return _Study(store, cb, version)


@pytest.mark.parametrize(
    "text, codings, expected",
    [
        # backward cue: the effect (eenzaamheid: "alleen") before 'sinds', the cause (verbinding: "contact") after
        ("Ik voel me minder alleen sinds ik contact heb met de buren.", [("eenzaamheid", "Ik voel me minder alleen sinds ik contact heb met de buren.")],
         []),
        ("Ik voel me minder alleen sinds ik contact heb met de buren.",
         [("eenzaamheid", "Ik voel me minder alleen sinds ik contact heb met de buren."), ("verbinding", "Ik voel me minder alleen sinds ik contact heb met de buren.")],
         [("verbinding", "eenzaamheid", "sinds", "'sinds': het gevolg staat ervoor, de oorzaak erna")]),
        # forward cue across sentences: cause in the sentence before 'Daardoor'
        ("De buurvrouw heeft contact met mij. Daardoor voel ik me niet meer alleen.",
         [("verbinding", "De buurvrouw heeft contact met mij."), ("eenzaamheid", "Daardoor voel ik me niet meer alleen.")],
         [("verbinding", "eenzaamheid", "daardoor", "'daardoor': de oorzaak staat ervoor, het gevolg erna")]),
        # fronted 'Dankzij X, Y'
        ("Dankzij het contact met de buren, voel ik me minder alleen.",
         [("verbinding", "Dankzij het contact met de buren, voel ik me minder alleen."), ("eenzaamheid", "Dankzij het contact met de buren, voel ik me minder alleen.")],
         [("verbinding", "eenzaamheid", "dankzij", "'dankzij' vooraan: eerst de oorzaak, dan het gevolg")]),
        # no cue: nothing
        ("De buurvrouw heeft contact met mij. Ik voel me niet meer alleen.",
         [("verbinding", "De buurvrouw heeft contact met mij."), ("eenzaamheid", "Ik voel me niet meer alleen.")], []),
    ],
)
def test_link_suggest_cues_give_direction_and_reason(store, small_yaml, text, codings, expected) -> None:
    study = _study(store, small_yaml, text, codings)
    found = suggest_links(study)
    assert [(s.cause, s.effect, s.cue, s.reason) for s in found] == expected
    for s in found:
        assert text[s.cause_span[0] : s.cause_span[1]].lower() in ("contact",) and text[s.effect_span[0] : s.effect_span[1]].lower() == "alleen"


def test_link_suggest_stored_as_suggestions_accepted_and_rejected(store, small_yaml) -> None:
    text = "De buurvrouw heeft contact met mij. Daardoor voel ik me niet meer alleen. Zo kan ik thuis blijven wonen."
    study = _study(store, small_yaml, text, [
        ("verbinding", "De buurvrouw heeft contact met mij."), ("eenzaamheid", "Daardoor voel ik me niet meer alleen."), ("thuis", "Zo kan ik thuis blijven wonen."),
    ])
    found = suggest_links(study)
    assert {(s.cause, s.effect) for s in found} == {("verbinding", "eenzaamheid"), ("eenzaamheid", "thuis")}
    assert store_link_suggestions(study, found) == 2
    assert current_links(store) == []  # never a person's link
    pending = current_links(store, include_suggestions=True)
    assert {(x.coder, x.source) for x in pending} == {(SUGGESTER, "suggested")}
    assert all(x.rationale and x.rationale.startswith("'") for x in pending)
    first = next(x for x in pending if x.effect == "eenzaamheid")
    second = next(x for x in pending if x.effect == "thuis")
    accept_link(store, study.codebook, doc_id="d1", doc_version=1, start=first.start, end=first.end, cause="verbinding", effect="eenzaamheid", coder="anna")
    reject_link(store, doc_id="d1", doc_version=1, start=second.start, end=second.end, cause="eenzaamheid", effect="thuis", coder="anna")
    [kept] = current_links(store, include_suggestions=True)
    assert (kept.coder, kept.source, kept.rationale) == ("anna", "accepted", first.rationale)
    # a second run suggests neither again: one is anna's link now, the other was rejected
    assert store_link_suggestions(study, suggest_links(study)) == 0
