"""Issue 23: negation (rules and learned), reasons a researcher can check (criterion and
the nearest sentence a person coded), rejected suggestions as counter-examples, the
suggester as a measured coder, and the methods sentence of the reports."""

from __future__ import annotations

import math

import pytest

from workbench.codebook import build_codebook
from workbench.coding.agreement import cohen_kappa
from workbench.coding.evaluate import stored_suggestion_agreement, suggester_agreement
from workbench.coding.events import Coding
from workbench.coding.negation import describes_absence, negated
from workbench.coding.suggest import LearnedSuggester, RuleSuggester
from workbench.corpus.model import Segment
from workbench.corpus.segment import lemmatise

CODEBOOK = build_codebook({
    "id": "cb", "title": {"nl": "T"}, "language": "nl",
    "codes": [
        {"id": "eenzaamheid", "label": {"nl": "Eenzaamheid"}, "definition": "Ervaren eenzaamheid en het ontstaan van contact.",
         "include": "Bewoners die minder alleen zijn of nieuwe mensen kennen; ontmoeting bij koffie, maaltijd of activiteit.",
         "exclude": "Hulp over en weer als waarde op zich (wederkerigheid).",
         "keywords": ["eenzaam", "alleen", "eenzaamheid"], "examples": ["Ik zat de hele dag alleen achter het raam."]},
        {"id": "vervoer", "label": {"nl": "Vervoer"}, "definition": "Bewoners die niet op de plek van hulp kunnen komen: geen bus.",
         "include": "Verdwenen openbaar vervoer; regiotaxi die niet past.", "keywords": ["bus", "regiotaxi"], "examples": ["De bus rijdt niet meer."]},
        {"id": "vrijwilligers", "label": {"nl": "Vrijwilligers"}, "definition": "Wat vrijwilligers doen.", "keywords": ["vrijwilliger"],
         "examples": ["De vrijwilligers schenken koffie."]},
    ],
})


def seg(text, doc="d1", start=0):
    return Segment(doc_id=doc, doc_version=1, unit="sentence", start=start, end=start + len(text), text=text, lemmas=tuple(lemmatise(text)))


def docs_of(texts_per_doc):
    out = []
    for d, texts in texts_per_doc.items():
        pos = 0
        for text in texts:
            out.append(seg(text, d, pos))
            pos += len(text) + 1
    return out


def coding(s, code, coder="anna"):
    return Coding(s.doc_id, s.doc_version, s.start, s.end, code, coder, "manual", 1, None, "t")


# -- negation -------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "Ik ben niet meer eenzaam sinds de eettafel.", "Ik voel me nooit alleen.", "Ik heb geen last van eenzaamheid.",
    "Eenzaam ben ik niet meer.",
])
def test_negation_rules_do_not_suggest_a_negated_keyword(sentence):
    rules = RuleSuggester().fit(CODEBOOK)
    assert [s.code_id for s in rules.predict([seg(sentence)])] == []
    assert [s.code_id for s in RuleSuggester(negation=False).fit(CODEBOOK).predict([seg(sentence)])] == ["eenzaamheid"]


def test_negation_keeps_what_is_not_negated_and_codes_about_an_absence():
    rules = RuleSuggester().fit(CODEBOOK)
    out = rules.predict([seg("Ik was erg eenzaam.", "a"), seg("Er rijdt geen bus meer naar het dorp.", "b"), seg("Niet alleen ouderen, ook jongeren komen.", "c")])
    # 'geen bus' is the problem the code 'vervoer' is about (its definition says so);
    # 'niet alleen ..., maar ook' is no negation
    assert sorted((s.doc_id, s.code_id) for s in out) == [("a", "eenzaamheid"), ("b", "vervoer"), ("c", "eenzaamheid")]
    assert describes_absence("geen bus") and not describes_absence("Ervaren eenzaamheid")
    assert negated("ik ben niet meer eenzaam".split()) == [False, False, False, True, True]


def training():
    lonely = ["Ik voelde me heel eenzaam.", "Sinds de koffieochtend ben ik minder eenzaam.", "Ik was zo eenzaam na de verhuizing.",
              "Eenzaam zat ik thuis.", "Op de eettafel ben ik minder eenzaam."]
    other = ["De vrijwilligers schenken koffie.", "Het regende de hele dag.", "De gemeente betaalt de huur.", "We gingen naar de markt."]
    texts = {f"d{k}": [lonely[k % 5], other[k % 4], other[(k + 1) % 4], lonely[(k + 2) % 5]] for k in range(8)}
    segments = docs_of(texts)
    codings = [coding(s, "eenzaamheid") for s in segments if s.text in lonely]
    codings += [coding(s, "vrijwilligers") for s in segments if "vrijwilligers" in s.text]
    return segments, codings


def test_negation_learned_drops_a_suggestion_from_negated_evidence():
    segments, codings = training()
    new = [seg("Ik ben erg eenzaam.", "n1"), seg("Ik ben niet meer eenzaam.", "n2"), seg("Ik heb geen last van eenzaamheid.", "n3")]
    model = LearnedSuggester(min_examples=3).fit(CODEBOOK, segments, codings)
    assert [(s.doc_id, s.code_id) for s in model.predict(new)] == [("n1", "eenzaamheid")]
    plain = LearnedSuggester(min_examples=3, negation=False).fit(CODEBOOK, segments, codings)
    assert {s.doc_id for s in plain.predict(new) if s.code_id == "eenzaamheid"} >= {"n1", "n2"}


# -- reasons --------------------------------------------------------------------------------
def test_reasons_rules_cite_keyword_criterion_and_nearest_coded_sentence():
    segments, codings = training()
    rules = RuleSuggester().fit(CODEBOOK, segments, codings)
    (s,) = rules.predict([seg("Ik ben eenzaam en zoek ontmoeting bij de koffie.", "x")])
    assert "trefwoord 'eenzaam'" in s.rationale
    assert "criterium (opnemen): 'ontmoeting bij koffie, maaltijd of activiteit'" in s.rationale
    assert "lijkt op door een mens gecodeerd: '" in s.rationale
    nearest = s.rationale.split("lijkt op door een mens gecodeerd: '")[1].rstrip("'")
    assert nearest in {c_seg.text for c_seg in segments if any(c.start == c_seg.start and c.doc_id == c_seg.doc_id and c.code_id == "eenzaamheid" for c in codings)}


def test_reasons_learned_cite_words_criterion_and_example():
    segments, codings = training()
    model = LearnedSuggester(min_examples=3).fit(CODEBOOK, segments, codings)
    out = [s for s in model.predict([seg("Op de koffieochtend ben ik minder eenzaam en ontmoet ik mensen.", "x")]) if s.code_id == "eenzaamheid"]
    assert out, "the learned suggester should suggest eenzaamheid here"
    why = out[0].rationale
    assert why.startswith("geleerd uit 16 coderingen") and "'eenzaam'" in why
    assert "criterium (opnemen): 'Bewoners die minder alleen zijn of nieuwe mensen kennen'" in why
    assert "lijkt op door een mens gecodeerd: 'Sinds de koffieochtend ben ik minder eenzaam.'" in why


def test_rejected_suggestions_are_counter_examples():
    segments, codings = training()
    extra = docs_of({"u1": ["Het eenzame strand was prachtig.", "De vrijwilligers zijn eenzaam goed."]})
    before = LearnedSuggester(min_examples=3).fit(CODEBOOK, segments + extra, codings)
    rejected = [coding(extra[0], "eenzaamheid", "anna"), coding(extra[1], "eenzaamheid", "anna")]
    after = LearnedSuggester(min_examples=3).fit(CODEBOOK, segments + extra, codings, rejected=rejected)
    q0, q1 = before.quality_.set_index("code_id"), after.quality_.set_index("code_id")
    assert q1.loc["eenzaamheid", "n_negative"] == q0.loc["eenzaamheid", "n_negative"] + 2
    # the other codes do not learn from a document nobody coded
    assert q1.loc["vrijwilligers", "n_negative"] == q0.loc["vrijwilligers", "n_negative"]
    assert after.n_coded_ == before.n_coded_ + 2


# -- the suggester as a measured coder -------------------------------------------------------
def test_suggester_agreement_row_is_the_kappa_with_each_person():
    segments = docs_of({"a": ["Ik was eenzaam.", "Het regende.", "De bus rijdt niet.", "Ik voelde me alleen."],
                        "b": ["De regiotaxi kwam te laat.", "Eenzaam zat ik thuis.", "We aten soep.", "Ik mis gezelschap."]})
    anna = [coding(segments[i], c, "anna") for i, c in [(0, "eenzaamheid"), (2, "vervoer"), (3, "eenzaamheid"), (4, "vervoer"), (5, "eenzaamheid"), (7, "eenzaamheid")]]
    ben = [coding(segments[i], c, "ben") for i, c in [(0, "eenzaamheid"), (4, "vervoer")]]
    frame = suggester_agreement(CODEBOOK, segments, anna + ben, ["anna", "ben"], suggester="rules")
    rows = frame.set_index(["coder", "code_id"])
    # rules: eenzaamheid on 0, 3, 5; vervoer on 2, 4 (the keyword 'bus' in 'rijdt niet' is not negated: 'niet' follows it)
    rules_e = [1, 0, 0, 1, 0, 1, 0, 0]
    assert rows.loc[("anna", "eenzaamheid"), "kappa"] == pytest.approx(cohen_kappa(rules_e, [1, 0, 0, 1, 0, 1, 0, 1]))
    assert rows.loc[("anna", "vervoer"), "kappa"] == pytest.approx(1.0)
    assert rows.loc[("ben", "eenzaamheid"), "kappa"] == pytest.approx(cohen_kappa(rules_e, [1, 0, 0, 0, 0, 0, 0, 0]))
    assert set(frame["suggester"]) == {"suggester:rules@1"} and (frame["n_units"] == 8).all()


def test_suggester_agreement_learned_is_scored_on_documents_it_did_not_learn_from():
    segments, codings = training()
    frame = suggester_agreement(CODEBOOK, segments, codings, ["anna"], params={"min_examples": 3})
    assert set(frame["code_id"]) == {"eenzaamheid", "vrijwilligers"} and frame["suggester"].iloc[0].startswith("suggester:learned-tfidf@")
    row = frame.set_index("code_id").loc["eenzaamheid"]
    assert row["n_coder"] == 16 and row["n_units"] == len(segments) and row["kappa"] > 0.5


def test_stored_suggestion_agreement_for_the_methods_sentence():
    segments = docs_of({"a": ["Ik was eenzaam.", "Het regende.", "Ik mis mensen."]})
    people = [coding(segments[0], "eenzaamheid", "anna"), coding(segments[2], "eenzaamheid", "anna")]
    stored = [Coding(s.doc_id, 1, s.start, s.end, s.code_id, s.suggester, "suggested", 1, None, "t") for s in RuleSuggester().fit(CODEBOOK).predict(segments)]
    (m,) = stored_suggestion_agreement(people, stored, segments)
    assert m["suggester"] == "suggester:rules@1" and m["n_units"] == 3 and m["coders"] == ["anna"]
    assert m["kappa"] == pytest.approx(cohen_kappa([1, 0, 0], [1, 0, 1]))
    assert not math.isnan(m["kappa"])
    assert stored_suggestion_agreement(people, [], segments) == []  # no suggestions: the report claims nothing


@pytest.mark.slow
def test_reasons_shown_in_code_retrieve_with_suggestions(demo_copy):
    from typer.testing import CliRunner

    from workbench.cli import app
    from workbench.coding.jobs import run_suggest

    run_suggest(demo_copy.store, demo_copy.settings.suggest, *demo_copy.load_codebook(), "rules")
    frame = demo_copy.retrieve("eenzaamheid-verbinding", include_suggestions=True)
    mine = frame[(frame["source"] == "suggested") & (frame["coder"] == "suggester:rules@1")]  # the shared demo may hold other suggesters' too
    assert len(mine) and mine["rationale"].str.contains("trefwoord|patroon").all()
    assert mine["rationale"].str.contains("criterium \\(opnemen\\)").any()
    assert mine["rationale"].str.contains("lijkt op door een mens gecodeerd: '").any()
    out = CliRunner().invoke(app, ["code", "retrieve", "eenzaamheid-verbinding", "--suggestions", "--study", str(demo_copy.root)], env={"COLUMNS": "250"})
    assert out.exit_code == 0, out.output
    assert "waarom (trefwoord, criterium, lijkt op)" in out.output and "lijkt op door een mens" in out.output
