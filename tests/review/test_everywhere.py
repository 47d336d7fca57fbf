"""A quote a co-researcher flagged as identifying never appears anywhere again: one test
per place that shows or exports quotes (the app's own test is in test_app.py)."""

from __future__ import annotations

import zipfile

import pytest

from tests.conftest import A
from workbench.review import flagged_spans, open_view


@pytest.fixture
def flagged(demo, links):
    """A theme quote of Austerlitz Zorgt, coded by a researcher, then flagged: (span, text)."""
    view = open_view(demo.store, links[0])
    _, quote = view.quotes()[0]
    seg = next(s for s in demo.store.segments(quote.doc_id, quote.doc_version) if (s.start, s.end) == (quote.start, quote.end))
    demo.apply_code(seg, demo.codebook.codes[0].id, coder="anna")
    view.set_quote_verdict(quote.span, "identifying")
    assert flagged_spans(demo.store) == [quote.span]
    return quote.span, quote.text


def test_flagged_quote_not_in_the_theme_view(demo, flagged):
    from workbench.themes.runs import latest_themes

    span, text = flagged
    for initiative in (A, None):
        for theme in latest_themes(demo.store, initiative):
            assert all(q.key != span and text not in q.text for q in theme.quotes)


def test_flagged_quote_not_in_the_refi_export(demo, flagged, tmp_path):
    from workbench.interop.qdpx import export_qdpx

    span, text = flagged
    report = export_qdpx(demo, tmp_path / "studie.qdpx")
    with zipfile.ZipFile(tmp_path / "studie.qdpx") as zf:
        for name in zf.namelist():
            assert text.encode("utf-8") not in zf.read(name), name
        original = demo.store.get_document(span[0]).text
        # the flagged document's own source: the same length, the same text up to the flag
        texts = {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".txt")}
        exported = next(x for x in texts.values() if len(x) == len(original) and x[: span[2]] == original[: span[2]] and x[span[3]:] == original[span[3]:])
    assert len(exported) == len(original) and exported[: span[2]] == original[: span[2]] and exported[span[3]:] == original[span[3]:]
    assert any("als herkenbaar heeft aangemerkt" in p and "codering(en) daarop weggelaten" in p for p in report.problems)


def test_flagged_quote_not_in_any_review_page(demo, flagged, links):
    span, text = flagged
    view = open_view(demo.store, links[0])
    assert all(q.span != span for _, q in view.quotes())
    assert all(text not in s.text for s in view.stories())


def test_flagged_quote_not_in_retrieval(demo, flagged):
    import re

    from workbench.coding.retrieve import code_table, retrieve, search

    span, text = flagged
    frame = retrieve(demo.store, demo.codebook)
    assert text[:60] not in frame.to_csv()
    word = max(re.findall(r"\w+", text), key=len)
    hits = search(demo.store, word, by="text")
    assert not any(d == span[0] and v == span[1] and s < span[3] and span[2] < e for d, v, s, e in zip(hits.doc_id, hits.doc_version, hits.start, hits.end))
    assert text[:60] not in code_table(demo.store, demo.codebook).to_csv()


def test_flagged_quote_not_in_the_reports(demo, flagged):
    from workbench.reports import sections
    from workbench.reports.load import load_report

    span, text = flagged
    data = load_report(demo.root, initiative=A)
    assert data.is_flagged(span)
    coded = [c for c in data.current_codings if c.span == span]
    assert coded and all(data.quote(c) is None for c in coded)
    shown = repr([sections.codes_present(data), sections.example_quotes(data), sections.themes(data), sections.msc(data)])
    assert text[:60] not in shown
