"""The coding app's "verband" panel (issue 20): select a fragment, pick cause and effect,
optionally sign and strength; the link is stored at once and can be taken off."""

from __future__ import annotations

import pytest

from workbench.coding.links import replayed_links

DOC = "voorzorgcirkels/interview-03-coordinator"


@pytest.fixture
def app(demo_copy):
    import workbench as wb

    a = wb.coding_app(demo_copy, coder="kim")
    a.document.value = DOC
    return a


def test_coding_app_link_is_stored_at_once_and_removed(app, demo_copy):
    u = [x for x in app.session.units if not x.is_interviewer][4]
    app.on_reader({"kind": "span", "start": u.start, "end": u.end})
    f = app.session.fragment
    panel = app.links
    panel.cause.value = "wederkerigheid"
    panel.effect.value = "eenzaamheid-verbinding"
    panel.sign.value = "less"
    panel.strength.value = "strong"
    panel.add_button.click()
    [link] = demo_copy.store.current_links(coder="kim")
    assert (link.doc_id, link.start, link.end, link.cause, link.effect, link.sign, link.strength, link.source) == (
        DOC, f.start, f.end, "wederkerigheid", "eenzaamheid-verbinding", "less", "strong", "manual",
    )
    shown = panel.listing.children[0].children[0].value
    assert "Wederkerigheid" in shown and "minder" in shown and "sterk" in shown
    panel.effect.value = "wederkerigheid"
    panel.add_button.click()  # a code to itself: refused in the app's message line, nothing stored
    assert "oorzaak en gevolg zijn dezelfde code" in app.message.value and len(demo_copy.store.current_links(coder="kim")) == 1
    panel.listing.children[0].children[1].click()
    assert demo_copy.store.current_links(coder="kim") == [] and panel.listing.children == ()
    assert [(e.kind, e.coder) for e in demo_copy.store.link_events() if e.coder == "kim"] == [("link", "kim"), ("unlink", "kim")]
    assert demo_copy.store.current_links(include_suggestions=True) == replayed_links(demo_copy.store)


def test_pathways_view_redraws_with_its_filters(demo_copy):
    """The notebook's interactive view: filters redraw the map and the table (counted by source)."""
    from workbench.apps.pathways_view import pathways_view

    view = pathways_view(demo_copy)
    everything = len(view.edges)
    assert everything > 10 and f"{everything} verbanden tussen" in view.alt
    shown = [o["data"] for o in view.output.outputs]  # what the widget shows: the map, then the table
    assert "image/png" in shown[0] and "<table" in shown[1]["text/html"] and len(shown) == 2
    view.min_sources.value = 2
    assert 0 < len(view.edges) < everything and (view.edges["n_sources"] >= 2).all()
    assert len(view.output.outputs) == 2  # redrawn, not added to
    view.min_sources.value = 1
    view.initiative.value = "Voorzorgcirkels"
    assert 0 < len(view.edges) < everything
    view.role.value = "professionals"
    assert len(view.edges) < everything
