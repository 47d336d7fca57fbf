"""The review app on the demo study, in plain pytest: set widget values as the browser
would, and check what lands in the store (and what never does)."""

from __future__ import annotations

import html

import ipywidgets as W
import pytest

from tests.conftest import A, B, sql
from workbench.corpus.tags import readable_tags
from workbench.review import flagged_spans, msc_choices, open_view, verdicts
from workbench.review.app import ReviewApp
from workbench.apps.review_page import parse_query, review_page


def _app(demo, token, **kw) -> ReviewApp:
    return ReviewApp(open_view(demo.store, token), **kw)


def _texts(widget) -> str:
    """Every text the page holds (HTML, values, options, titles), as a browser could show it."""
    out = []
    stack = [widget]
    while stack:
        w = stack.pop()
        for attr in ("value", "description", "placeholder"):
            v = getattr(w, attr, None)
            if isinstance(v, str):
                out.append(html.unescape(v))
        out.extend(str(o) for o in getattr(w, "_options_labels", ()) or ())
        out.extend(getattr(w, "titles", ()) or ())
        stack.extend(getattr(w, "children", ()) or ())
    return "\n".join(out)


def test_app_every_action_lands_in_the_store(demo, links):
    app = _app(demo, links[0])
    assert app.themes and app.quotes and app.stories
    key = next(iter(app.themes))
    app.themes[key].verdict.value = "partly"
    app.themes[key].own_name.value = "Samen in het dorp"
    app.themes[key].comment.value = "Klopt deels, de gemeente speelt minder mee."
    app.missing[-1].name.value = "Afscheid nemen"
    app.missing[-2].text.value = "Hoe we rouwen in het dorp."
    story = next(iter(app.stories))
    app.stories[story].chosen.value = True
    app.stories[story].reason.value = "Hier zie je hoe iemand weer meedoet."
    span = next(iter(app.quotes))
    app.quotes[span].value = "identifying"
    other = next(iter(app.quotes))
    app.quotes[other].value = "wrong"

    (v,) = verdicts(demo.store, A)
    assert (v.theme_key, v.verdict, v.own_name, v.comment, v.reviewer) == (key, "partly", "Samen in het dorp", "Klopt deels, de gemeente speelt minder mee.", "Marja")
    missing = demo.store.theme_reviews(kind="missing")
    assert [(m.own_name, m.comment) for m in missing] == [("Afscheid nemen", "Hoe we rouwen in het dorp.")]
    (c,) = msc_choices(demo.store, A)
    assert (c.doc_id, c.reason, c.reviewer) == (story, "Hier zie je hoe iemand weer meedoet.", "Marja")
    assert flagged_spans(demo.store) == [span]
    assert {q.verdict for q in demo.store.quote_verdicts()} == {"identifying", "wrong"}
    assert "Marja" in app.panel.value and "Hier zie je hoe iemand weer meedoet." in app.panel.value


def test_app_coming_back_shows_where_they_left_off(demo, links):
    app = _app(demo, links[0])
    key = next(iter(app.themes))
    app.themes[key].verdict.value = "recognise"
    app.themes[key].own_name.value = "Buren"
    app.missing[-1].name.value = "Geld"
    story = next(iter(app.stories))
    app.stories[story].chosen.value = True
    again = _app(demo, links[0])
    assert again.themes[key].verdict.value == "recognise" and again.themes[key].own_name.value == "Buren"
    assert [r.name.value for r in again.missing] == ["Geld", ""]
    assert again.stories[story].chosen.value is True


def test_app_flagged_quote_leaves_the_app_for_everyone(demo, links):
    app = _app(demo, links[0])
    span = next(iter(app.quotes))
    text = readable_tags(demo.store.get_document(span[0], span[1]).text[span[2]:span[3]].strip())  # as the page shows it
    assert text in _texts(app.widget)
    app.quotes[span].value = "identifying"
    assert span not in app.quotes
    assert text not in _texts(app.widget)
    # another co-researcher of the same initiative does not see it either, nor in the stories
    from workbench.review import invite

    other = _app(demo, invite(demo.store, A, "Joop", created_by="lian").token)
    assert span not in other.quotes and text not in _texts(other.widget)


def test_app_shows_only_its_own_initiative(demo, links):
    a, b = _app(demo, links[0]), _app(demo, links[1])
    docs = {d.id: d.initiative for d in demo.store.documents()}
    assert {docs[s[0]] for s in a.quotes} == {A} and {docs[d] for d in a.stories} == {A}
    assert {docs[s[0]] for s in b.quotes} == {B} and {docs[d] for d in b.stories} == {B}
    b_texts = _texts(b.widget)
    # a sentence that B's own documents also hold (the monitor survey's answers repeat across
    # initiatives) is B's material too; every other quote of A must be absent from B's page
    b_docs = " ".join(d.text for d in demo.store.documents(initiative=B))
    a_only = [q for q in [demo.store.get_document(s[0], s[1]).text[s[2]:s[3]].strip() for s in a.quotes] if len(q) > 40 and q not in b_docs]
    assert a_only, "the check has quotes to look for"
    assert all(readable_tags(q) not in b_texts for q in a_only)


def test_app_dutch_by_default_english_on_request(demo, links):
    app = _app(demo, links[0])
    assert app.tabs.titles[0] == "1. Thema's" and "herken ik" in _texts(app.widget)
    app.language.value = "en"
    assert app.tabs.titles[0] == "1. Themes" and "I recognise it" in _texts(app.widget)
    assert _app(demo, links[1]).tabs.titles[0] == "1. Thema's"
    assert _app(demo, links[0], lang="en").tabs.titles[0] == "1. Themes"


def test_app_holds_no_store(demo, links):
    """The app and the view hand out no handle on the store (only the view's private slot holds it)."""
    from workbench.store import Store

    app = _app(demo, links[0])
    view = app._view
    assert not any(isinstance(getattr(view, name, None), Store) for name in dir(view) if not name.startswith("_InitiativeView__"))
    assert not any(isinstance(v, Store) for v in vars(app).values())


# -- as an attacker ---------------------------------------------------------------------------
def _widgets(widget):
    stack, out = [widget], []
    while stack:
        w = stack.pop()
        out.append(w)
        stack.extend(getattr(w, "children", ()) or ())
    return out


def test_app_widget_values_set_from_the_client_cannot_reach_another_initiative(demo, links):
    """Every widget gets, as a browser message would set it, ids and names of the other
    initiative; the store holds nothing of it and the page shows nothing of it."""
    app = _app(demo, links[0])
    b_view = open_view(demo.store, links[1])
    b_span = b_view.quotes()[0][1].span
    b_doc = b_view.stories()[0].doc_id
    b_key = b_view.themes()[0].key
    hostile = [B, b_doc, b_key, f"{b_span}", "identifying", "recognise", "nl", "en", "xx", "../../etc/passwd", "<script>alert(1)</script>"]
    for w in _widgets(app.widget):
        if isinstance(w, (W.Text, W.Textarea)):
            for value in hostile:
                w.set_state({"value": value})  # what a comm message from the browser does
        elif isinstance(w, (W.ToggleButtons, W.Dropdown, W.RadioButtons)):
            for index in (99, -1, len(w.options)):
                try:
                    w.set_state({"index": index})
                except Exception:  # noqa: BLE001 - traitlets refuses an index out of range: that is the point
                    pass
        elif isinstance(w, W.Checkbox):
            w.set_state({"value": True})
    assert {r.initiative for r in demo.store.theme_reviews()} <= {A}
    assert {q.initiative for q in demo.store.quote_verdicts()} <= {A}
    assert {c.initiative for c in demo.store.msc_choices(chosen_only=False)} <= {A}
    docs = {d.id: d.initiative for d in demo.store.documents()}
    assert {docs[q.doc_id] for q in demo.store.quote_verdicts()} <= {A}
    assert {docs[c.doc_id] for c in demo.store.msc_choices(chosen_only=False)} <= {A}
    assert "<script>" not in "".join(w.value for w in _widgets(app.widget) if isinstance(w, W.HTML) and "<style>" not in w.value)
    assert not sql(demo.store, "SELECT * FROM reviews WHERE initiative != :a", {"a": A})


def test_view_refuses_another_initiatives_theme_quote_and_story(demo, links):
    from workbench.errors import ReviewError

    a, b = open_view(demo.store, links[0]), open_view(demo.store, links[1])
    b_span = b.quotes()[0][1].span
    with pytest.raises(ReviewError):
        a.set_quote_verdict(b_span, "identifying")
    with pytest.raises(ReviewError):
        a.choose_story(b.stories()[0].doc_id, chosen=True)
    a_keys = {t.key for t in a.themes()}
    b_only = [t.key for t in b.themes() if t.key not in a_keys]
    for key in b_only[:1] + ["999:1", "1:-1", "missing:abc"]:
        with pytest.raises(ReviewError):
            a.set_verdict(key, "not")
    with pytest.raises(ReviewError):
        a.set_missing("missing:abc", name="x")
    with pytest.raises(ReviewError):
        a.set_verdict(next(iter(a_keys)), "DROP TABLE")
    assert demo.store.theme_reviews() == [] and demo.store.quote_verdicts() == [] and demo.store.msc_choices(chosen_only=False) == []


def test_view_stops_at_the_next_click_after_revoke(demo, links):
    from workbench.errors import InvitationError
    from workbench.review import revoke

    app = _app(demo, links[0])
    key = next(iter(app.themes))
    revoke(demo.store, "Marja")
    app.themes[key].verdict.value = "not"
    assert demo.store.theme_reviews() == []
    assert "werkt niet" in _texts(app.widget) and key not in _texts(app.widget)
    with pytest.raises(InvitationError):
        open_view(demo.store, links[0])


@pytest.mark.parametrize("query", [
    "", "code=", "code=nope", "code=" + "A" * 43, "code={a}&code={b}", "code={a}x", "xcode={a}", "code={a}" + "&x=1" * 20,
    "code=%00{a}", "initiative=Voorzorgcirkels",
])
def test_page_shows_nothing_without_exactly_one_valid_token(demo, links, query):
    widget = review_page(query.format(a=links[0], b=links[1]), study_dir=str(demo.root))
    text = _texts(widget)
    assert "werkt niet" in text and A not in text and B not in text
    assert "wb-refused" in widget._dom_classes


def test_page_tampered_query_string_keeps_the_tokens_initiative(demo, links):
    widget = review_page(f"code={links[0]}&initiative={B}&lang=en&reviewer=Kees", study_dir=str(demo.root))
    text = _texts(widget)
    assert A in text and "Marja" in text and "Kees" not in text and "Reviewing the themes" in text
    assert parse_query(f"code={links[0]}&lang=fr") == (links[0], None)


def test_app_redraw_after_a_flag_keeps_the_tab_the_reviewer_is_on(demo, links):
    """Flagging redraws the quotes; the Tab stays the same widget, so a tab the co-researcher
    chose meanwhile (its click reaching the kernel after the redraw) is not thrown back."""
    app = _app(demo, links[0])
    tabs = app.tabs
    tabs.selected_index = 1  # on the quotes
    span = next(iter(app.quotes))
    app.quotes[span].value = "identifying"
    assert app.tabs is tabs and app.widget.children[-1] is tabs
    tabs.selected_index = 2  # the click on "3. Verhalen" that arrives after the redraw
    assert app.tabs.selected_index == 2 and span not in app.quotes


def test_app_flag_changes_the_page_in_place(demo, links):
    """A flag rebuilds nothing a browser would redraw from scratch: the three tab pages are the
    same widgets, the quotes before the flagged one too, and the flagged card says thank you
    where the quote was (rebuilding threw a co-researcher onto the first tab, mid-page)."""
    app = _app(demo, links[0])
    pages = list(app.tabs.children)
    cards = list(app.quotes_box.children)
    spans = list(app.quotes)
    app.tabs.selected_index = 1
    app.quotes[spans[2]].value = "identifying"
    assert list(app.tabs.children) == pages and app.tabs.selected_index == 1
    assert list(app.quotes_box.children)[: len(cards)] == cards
    flagged = app.quote_cards.get(spans[2]) or next(c for c in cards if "wb-quote-hidden" in c._dom_classes)
    assert "Dat citaat wordt nergens meer getoond" in _texts(flagged)


def test_app_shows_tags_as_the_reports_do_and_interviews_in_turns(demo, links):
    app = _app(demo, links[0])
    text = _texts(app.widget)
    assert "[naam]" in text and "[PERSOON-" not in text and "[LOCATIE-" not in text
    interview = next(w for d, w in app.stories.items() if "interview" in d)
    assert interview.body.value.count("class='wb-turn") >= 2 and "Spreker 1" in interview.body.value
    key = next(iter(app.themes))
    app.themes[key].own_name.value = "Samen in het dorp"
    labels = [c.label.value for c in app.quote_cards.values() if c.theme_key == key]
    assert labels and all("Samen in het dorp" in v for v in labels)
