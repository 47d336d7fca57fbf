"""Pathways on the review page (issue 20): a co-researcher confirms or questions the links of
their own initiative ("klopt dit verband?" ja / deels / nee, with a comment), stored like the
themes' verdicts; never another initiative's links, never a flagged quote."""

from __future__ import annotations

import pytest

from tests.conftest import A, B
from workbench.errors import ReviewError
from workbench.review import open_view
from workbench.review.app import ReviewApp


@pytest.fixture
def linked(demo, links):
    from workbench.coding.demo import code_demo_links

    assert code_demo_links(demo.store, demo.load_codebook()[1]) >= 40
    return demo, links


def test_review_pathways_tab_stores_verdicts(linked) -> None:
    demo, (token_a, token_b) = linked
    app = ReviewApp(open_view(demo.store, token_b))
    assert app.tabs.titles[-1] == "4. Verbanden"
    key = "wederkerigheid->zingeving"
    assert key in app.pathways
    app.pathways[key].verdict.value = "partly"
    app.pathways[key].comment.value = "Bij ons vooral bij de ouderen"
    [r] = demo.store.link_reviews(initiative=B)
    assert (r.cause, r.effect, r.verdict, r.comment, r.reviewer) == ("wederkerigheid", "zingeving", "partly", "Bij ons vooral bij de ouderen", "Kees")
    app.pathways[key].verdict.value = "yes"
    [r] = demo.store.link_reviews(initiative=B)
    assert (r.verdict, r.comment) == ("yes", "Bij ons vooral bij de ouderen")
    english = ReviewApp(open_view(demo.store, token_b), lang="en")
    assert english.tabs.titles[-1] == "4. Pathways"


def test_review_pathways_only_own_initiative_and_no_flagged_quote(linked) -> None:
    demo, (token_a, token_b) = linked
    view_b = open_view(demo.store, token_b)
    mine = view_b.pathways()
    assert mine and all(q.doc_id.startswith(("voorzorgcirkels/", "enquete/")) for p in mine for q in p.quotes)
    docs_b = {d.id for d in demo.store.documents(initiative=B)}
    assert all(q.doc_id in docs_b for p in mine for q in p.quotes)
    first = next(p for p in mine if p.quotes)
    quote = first.quotes[0]
    demo.store.put_quote_verdict(view_b.reviewer_id, B, quote.span, "identifying")
    again = next(p for p in view_b.pathways() if p.key == first.key)
    assert quote.text not in [q.text for q in again.quotes]
    view_a = open_view(demo.store, token_a)
    only_b = {p.key for p in mine} - {p.key for p in view_a.pathways()}
    assert only_b
    with pytest.raises(ReviewError, match="hoort niet bij dit initiatief"):
        view_a.set_pathway_verdict(sorted(only_b)[0], "yes")
    with pytest.raises(ReviewError, match="onbekend oordeel 'misschien'"):
        view_b.set_pathway_verdict(first.key, "misschien")
    assert demo.store.link_reviews(initiative=A) == []
