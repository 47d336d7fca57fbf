"""Issue 23: the methods section says how the stored suggestions agreed with the coders,
as a person reads it (the rendered section), and says nothing about suggestions when
none were made."""

from __future__ import annotations

import re

import pytest

from workbench.coding.agreement import compute_agreement
from workbench.coding.jobs import people_codings, run_suggest, study_units

pytestmark = pytest.mark.slow


def _methods_html(study, initiative):
    from workbench import reports

    return reports.methods(reports.load_report(study.root, initiative=initiative)).to_html()


def test_report_methods_sentence_on_the_suggesters_agreement(demo_copy):
    initiative = "Austerlitz Zorgt"
    if not any(c.is_suggestion for c in demo_copy.store.current_codings(include_suggestions=True)):
        # (the session's shared demo may already hold suggestions from another test)
        assert "De suggesties van" not in _methods_html(demo_copy, initiative)  # none made yet: nothing claimed
    run_suggest(demo_copy.store, demo_copy.settings.suggest, *demo_copy.load_codebook(), "rules")
    html = _methods_html(demo_copy, initiative)
    m = re.search(r"De suggesties van suggester:rules@1 kwamen overeen met de codeurs \(([^)]*)\) met kappa (-?\d\.\d\d) op (\d+) zinnen\.", html)
    assert m, html
    coders = m.group(1).split(", ")
    # the same figure computed here from the people's codings and the stored suggestions
    docs = {d.id for d in demo_copy.corpus.documents() if d.initiative == initiative}
    people = [c for c in people_codings(demo_copy.store) if c.doc_id in docs]
    # the rules' suggestions only (the session's shared demo may hold other suggesters' too)
    stored = [c for c in demo_copy.store.current_codings(include_suggestions=True) if c.coder == "suggester:rules@1" and c.doc_id in docs]
    units = [u for u in study_units(demo_copy.store) if u.doc_id in docs]
    kappas = []
    for person in coders:
        mine = {c.doc_id for c in people if c.coder == person} & {c.doc_id for c in stored}  # where both spoke
        said = [type("S", (), {"doc_id": c.doc_id, "doc_version": c.doc_version, "start": c.start, "end": c.end, "code_id": c.code_id, "coder": "rules"})() for c in stored if c.doc_id in mine]
        r = compute_agreement([c for c in people if c.coder == person] + said, [u for u in units if u.doc_id in mine], [person, "rules"],
                              codes=sorted({c.code_id for c in people}), documents=sorted(mine))
        kappas.append(r.overall["kappa"])
    assert float(m.group(2)) == pytest.approx(sum(kappas) / len(kappas), abs=0.005)
    assert int(m.group(3)) == len([u for u in units if u.doc_id in {c.doc_id for c in people} & {c.doc_id for c in stored}])
