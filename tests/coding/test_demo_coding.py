"""The demo study coded by two scripted coders: stored as such, agreement as computed by
hand, a learning curve that rises, suggestions stored as suggestions."""

from __future__ import annotations

import re

import pytest

from workbench.coding.agreement import kappa_from_table
from workbench.coding.demo import SHORT, code_demo, demo_documents, keyword_forms
from workbench.coding.evaluate import learning_curve, split_documents
from workbench.coding.events import current_codings
from workbench.coding.jobs import people_codings, run_agreement, run_suggest, study_units
from workbench.coding.suggest import coded_labels

pytestmark = pytest.mark.slow


def test_demo_coders_are_stored_as_people_once(demo_coded):
    codings = current_codings(demo_coded.store)
    by = {c: [x for x in codings if x.coder == c] for c in ("lian", "sanne")}
    assert len(by["lian"]) > 500 and len(by["sanne"]) > 100
    assert {x.source for x in codings} == {"manual"}
    docs = demo_documents([d.id for d in demo_coded.corpus.documents()])
    assert {x.doc_id for x in by["sanne"]} <= set(docs["sanne"]) and len(docs["sanne"]) == 6
    assert not any(x.doc_id.startswith("enquete/") for x in by["lian"])
    assert code_demo(demo_coded.store, *demo_coded.load_codebook()) == {"lian": 0, "sanne": 0}  # a second run adds nothing


def test_demo_agreement_equals_the_kappa_computed_by_hand(demo_coded):
    """Count the 2x2 table of one code straight from the two coders' written rules, then
    Cohen's formula; compare with what the agreement module computes from the store."""
    codebook, _ = demo_coded.load_codebook()
    code = codebook.get("langer-thuis-wonen")
    forms = keyword_forms(codebook)[code.id]
    patterns = [re.compile(p, re.IGNORECASE) for p in code.patterns]
    shared = set(demo_documents([d.id for d in demo_coded.corpus.documents()])["sanne"])
    table = [[0, 0], [0, 0]]  # rows lian yes/no, columns sanne yes/no
    for s in study_units(demo_coded.store, "sentence"):
        if s.doc_id not in shared:
            continue
        keyword = not forms.isdisjoint(s.lemmas)
        lian = keyword
        sanne = (keyword and len(s.lemmas) >= SHORT) or any(p.search(s.text) for p in patterns)
        table[0 if lian else 1][0 if sanne else 1] += 1
    (a, b), (c, d) = table
    n = a + b + c + d
    po = (a + d) / n
    pe = ((a + b) * (a + c) + (c + d) * (b + d)) / n**2
    by_hand = (po - pe) / (1 - pe)
    assert a > 10 and b + c > 0  # the coders agree often, not always
    result = run_agreement(demo_coded.store, ["lian", "sanne"])
    row = result.per_code.set_index("code_id").loc[code.id]
    assert result.n_units == n
    assert (row["n_lian"], row["n_sanne"]) == (a + b, a + c)
    assert row["kappa"] == pytest.approx(by_hand, abs=1e-12) == pytest.approx(kappa_from_table(table), abs=1e-12)
    assert row["percent"] == pytest.approx(po)
    assert len(result.disagreements) > 0 and result.overall["n_codes"] >= 20


def test_demo_learning_curve_rises(demo_coded):
    units = study_units(demo_coded.store, "sentence")
    lian = [c for c in people_codings(demo_coded.store) if c.coder == "lian"]
    train_docs, test_docs = split_documents({c.doc_id for c in lian}, 0.75, seed=1)
    pool = [u for u in units if u.doc_id in set(train_docs)]
    test = [u for u in units if u.doc_id in set(test_docs)]
    _, pool_pos = coded_labels(pool, lian, documents=train_docs)
    _, test_pos = coded_labels(test, lian, documents=test_docs)
    curve = learning_curve(pool, pool_pos, test, test_pos, [100, 400, 2500], seed=1)
    kappas = list(curve["mean_kappa"])
    assert kappas[0] < kappas[1] < kappas[2] and kappas[2] > 0.5, curve


def test_demo_suggestions_are_stored_as_suggestions(demo_coded):
    before = current_codings(demo_coded.store)
    report = run_suggest(demo_coded.store, demo_coded.settings.suggest, *demo_coded.load_codebook(), "all")
    assert set(report.stored) == {"suggester:rules@1", "suggester:similarity-tfidf@1", "suggester:learned-tfidf@2"}
    assert all(n > 0 for n in report.stored.values()) and report.skipped == {}
    assert current_codings(demo_coded.store) == before  # people's codings untouched
    suggested = current_codings(demo_coded.store, include_suggestions=True)
    mine = [c for c in suggested if c.source == "suggested"]
    assert {c.coder for c in mine} == set(report.stored) and all(c.rationale and 0 <= c.confidence <= 1 for c in mine)
    learned = [c for c in mine if c.coder.startswith("suggester:learned")]
    assert all(c.doc_id.startswith("enquete/") for c in learned)  # only where no person coded yet
    assert report.next_to_code and (report.quality["status"] == "learned").sum() >= 10


def test_demo_suggest_refusal_and_skip_reason_in_dutch_and_english(demo_coded, monkeypatch):
    """What run_suggest says to a researcher (a refusal, why a suggester was skipped) follows --lang."""
    from dataclasses import replace

    from workbench.errors import SuggestError
    from workbench.i18n import set_language

    with pytest.raises(SuggestError, match="onbekende suggestiemaker 'regels'. Oplossing: kies rules, similarity, learned of all"):
        run_suggest(demo_coded.store, demo_coded.settings.suggest, *demo_coded.load_codebook(), "regels")
    settings = demo_coded.settings
    monkeypatch.setattr(demo_coded, "settings", replace(settings, suggest=replace(settings.suggest, min_examples=100_000)))
    report = run_suggest(demo_coded.store, demo_coded.settings.suggest, *demo_coded.load_codebook(), "learned", save=False)
    assert report.skipped == {"learned": "nog geen enkele code heeft 100000 of meer gecodeerde segmenten"}
    set_language("en")
    with pytest.raises(SuggestError, match="unknown suggester 'regels'. Fix: use rules, similarity, learned or all"):
        run_suggest(demo_coded.store, demo_coded.settings.suggest, *demo_coded.load_codebook(), "regels")
    report = run_suggest(demo_coded.store, demo_coded.settings.suggest, *demo_coded.load_codebook(), "learned", save=False)
    assert report.skipped == {"learned": "no code has 100000 or more coded segments yet"}


def test_demo_lian_codes_the_hand_made_links(demo_coded) -> None:
    """Every row of the hand-made table (benchmarks/data/demo-links.csv, shipped as package
    data) is found in the pseudonymised demo and stored once as lian's link on the sentences
    its passage covers; the package copy equals the benchmark's gold file (make sync-data)."""
    from pathlib import Path

    from workbench.coding.demo import demo_link_rows

    repo = Path(__file__).parents[2]
    assert (repo / "workbench" / "data" / "demo-links.csv").read_bytes() == (repo / "benchmarks" / "data" / "demo-links.csv").read_bytes()
    rows = demo_link_rows()
    table = demo_coded.links(coder="lian")
    assert len(table) == len(rows) >= 40
    for row in rows:
        hits = table[(table.document == row["document"]) & (table.cause == row["cause"]) & (table.effect == row["effect"])]
        assert any(" ".join(row["quote"].split()) in " ".join(q.split()) for q in hits.quote), row["document"]
    assert set(table.sign) == {"more", "less"}
    assert demo_coded.store.current_links(coder="sanne") == []
