"""The coding app in plain pytest on the coded demo study: set widget values, press
buttons, send the reading view's browser messages, and check the database."""

from __future__ import annotations

import re
import statistics
import time

import pytest

from workbench.apps.reader import render_html
from workbench.coding.events import replayed_codings

DOC = "voorzorgcirkels/interview-03-coordinator"


@pytest.fixture
def app(demo_copy):
    import workbench as wb

    a = wb.coding_app(demo_copy, coder="kim")
    a.document.value = DOC
    return a


def _unit(app, i=2):
    return [u for u in app.session.units if not u.is_interviewer][i]


def test_coding_app_click_tick_untick_and_memos_are_stored(app, demo_copy):
    u = _unit(app)
    app.on_reader({"kind": "click", "offset": u.start + 1})
    assert (app.session.fragment.start, app.session.fragment.end) == (u.start, u.end)
    app.checks["wederkerigheid"].value = True
    got = demo_copy.store.find_coding(DOC, u.doc_version, u.start, u.end, "wederkerigheid", "kim")
    assert got is not None and got.source == "manual"
    assert 'data-o="%d"' % u.start in app.reader.html and "#" in app.reader.html  # highlighted run
    app.memo.value = "noemt ook de buurvrouw"
    app.save_memo.click()
    assert demo_copy.store.find_coding(DOC, u.doc_version, u.start, u.end, "wederkerigheid", "kim").memo == "noemt ook de buurvrouw"
    app.doc_memo.value = "Sterk verhaal over ruilen."
    app.save_doc_memo.click()
    assert demo_copy.document_memo(DOC, coder="kim") == "Sterk verhaal over ruilen."
    app.checks["wederkerigheid"].value = False
    assert demo_copy.store.find_coding(DOC, u.doc_version, u.start, u.end, "wederkerigheid", "kim") is None
    kinds = [(e.kind, e.source) for e in demo_copy.store.events(DOC) if e.coder == "kim"]
    assert kinds == [("apply", "manual"), ("apply", "manual"), ("remove", "manual")]
    assert demo_copy.store.current_codings(include_suggestions=True) == replayed_codings(demo_copy.store)


def test_coding_app_free_span_from_the_mouse(app, demo_copy):
    u = _unit(app, 3)
    text = app.session.doc.text
    app.on_reader({"kind": "span", "start": u.start + 2, "end": u.end - 2})
    f = app.session.fragment
    assert f.unit == "span" and text[f.start] != " " and text[f.end - 1] != " " and u.start <= f.start < f.end <= u.end
    assert not (text[f.start - 1].isalnum() and text[f.start].isalnum()) and not (text[f.end - 1].isalnum() and text[f.end].isalnum())  # whole words
    app.checks["zingeving"].value = True
    assert demo_copy.store.find_coding(DOC, f.doc_version, f.start, f.end, "zingeving", "kim") is not None
    app.on_reader({"kind": "span", "start": u.start, "end": u.start})  # an empty selection changes nothing
    assert app.session.fragment == f


def test_coding_app_memo_without_a_code_is_explained_not_raised(app):
    app.on_reader({"kind": "click", "offset": _unit(app, 5).start})
    app.memo.value = "eerst een code"
    app.save_memo.click()
    assert "vink eerst een code aan" in app.message.value


def test_coding_app_accept_and_reject_suggestions(app, demo_copy):
    u = _unit(app, 4)
    for code, conf in (("wederkerigheid", 0.82), ("zingeving", 0.41)):
        demo_copy.apply_code(u, code, coder="suggester:rules@1", source="suggested", confidence=conf, rationale=f"trefwoord voor {code}")
    app.on_reader({"kind": "click", "offset": u.start})
    html = "".join(getattr(c, "value", "") for row in app.suggestions.children for c in getattr(row, "children", ()))
    assert "0.82" in html and "trefwoord voor wederkerigheid" in html and html.index("0.82") < html.index("0.41")
    buttons = {b._dom_classes[0]: b for row in app.suggestions.children for b in getattr(row, "children", ()) if hasattr(b, "on_click")}
    buttons["wb-accept-wederkerigheid"].click()
    got = demo_copy.store.find_coding(DOC, u.doc_version, u.start, u.end, "wederkerigheid", "kim")
    assert got.source == "accepted" and got.confidence == pytest.approx(0.82)
    assert app.checks["wederkerigheid"].value is True
    buttons = {b._dom_classes[0]: b for row in app.suggestions.children for b in getattr(row, "children", ()) if hasattr(b, "on_click")}
    buttons["wb-reject-zingeving"].click()
    assert not demo_copy.store.pending_suggestions(DOC, u.doc_version, u.start, u.end, "zingeving")
    events = [(e.kind, e.source, e.code_id) for e in demo_copy.store.events(DOC) if e.coder == "kim"]
    assert events == [("apply", "accepted", "wederkerigheid"), ("remove", "rejected", "zingeving")]


def test_coding_app_restart_opens_where_the_coder_left_off(app, demo_copy):
    import workbench as wb

    u = _unit(app, 6)
    app.on_reader({"kind": "click", "offset": u.start})
    app.checks["zingeving"].value = True
    demo_copy.close()  # the kernel restarts
    study = wb.open_study(demo_copy.root)
    again = wb.coding_app(study, coder="kim")
    assert again.session.doc.id == DOC and (again.session.fragment.start, again.session.fragment.end) == (u.start, u.end)
    assert again.checks["zingeving"].value is True and again.document.value == DOC
    other = wb.coding_app(study, coder="nieuw")  # another coder starts at the first document
    assert other.session.doc.id == other.session.documents[0].id
    study.close()


def test_coding_app_moves_and_filters(app, demo_copy):
    s = app.session
    first = s.fragment
    app.next.click()
    assert s.fragment.start > first.start
    app.on_reader({"kind": "key", "action": "previous"})
    assert s.fragment == first
    app.checks["zingeving"].value = True
    app.status.value = "uncoded"
    app.on_reader({"kind": "key", "action": "next"})
    app.on_reader({"kind": "key", "action": "previous"})
    assert s.fragment.start != first.start  # the coded one is skipped
    last = s.documents[-1].id
    app.previous_doc.click()
    assert s.doc.id != DOC
    app.document.value = last
    app.next_doc.click()  # nothing after the last document: it stays
    assert s.doc.id == last
    app.status.value = "all"
    app.initiative.value = "Voorzorgcirkels"
    assert {d.initiative for d in s.documents} == {"Voorzorgcirkels"} and s.doc.initiative == "Voorzorgcirkels"
    app.initiative.value = ""
    app.code_search.value = "eenzaam"
    shown = [cid for cid, row in app._code_rows.items() if row.layout.display != "none"]
    assert "eenzaamheid-verbinding" in shown and len(shown) < len(app._code_rows) / 3


def test_coding_app_disagreements_with_another_coder(demo_copy):
    import workbench as wb

    a = wb.coding_app(demo_copy, coder="lian")
    a.status.value = "disagreement"  # no other coder chosen yet: explained, nothing changes
    assert "kies de andere codeur" in a.message.value and a.session.status == "all"
    a.other.value = "sanne"
    a.status.value = "disagreement"
    differ = a.session.disagreements()
    assert differ and (a.session.doc.id, a.session.fragment.start, a.session.fragment.end) in differ
    a.next.click()
    assert (a.session.doc.id, a.session.fragment.start, a.session.fragment.end) in differ


def test_coding_app_mouse_span_takes_whole_words_and_pseudonyms(app):
    s = app.session
    text = s.doc.text
    i = text.index("[PERSOON-")
    j = text.index("]", i) + 1
    s.select_span(i + 3, j - 2)
    assert text[s.fragment.start : s.fragment.end] == text[i:j]


def test_coding_app_mouse_span_takes_whole_generalised_values(app):
    """[60-69], [1970-1979] and [telefoonnummer] are one token too (issue 18): a selection
    that starts or ends inside one takes all of it."""
    s = app.session
    found = None
    for d in s.documents:
        s.open(d.id)
        m = re.search(r"\[(?:\d{2,4}-\d{2,4}|\d{2}\+|[a-z]+)\]", s.doc.text)
        if m:
            found = m
            break
    assert found is not None, "the demo has generalised values"
    text = s.doc.text
    s.select_span(found.start() + 2, found.end() - 1)
    assert text[s.fragment.start : s.fragment.end] == found.group()


def test_coding_app_reader_html_keeps_offsets():
    class S:
        def __init__(self, start, end, speaker=None, is_interviewer=False):
            self.start, self.end, self.speaker, self.is_interviewer = start, end, speaker, is_interviewer

    text = "I: Hoe gaat het?\n\nR: Goed & <wel>. Echt waar.\n"
    turns = [S(3, 16, "Interviewer", True), S(21, 45, "Respondent")]
    units = [S(3, 16), S(21, 34), S(35, 45)]
    html = render_html(text, turns=turns, units=units, highlights=[(24, 33, "#ff0000", "code")], suggested=[(35, 45)], selected=(21, 34))
    runs = re.findall(r'<span data-o="(\d+)"[^>]*>([^<]*)</span>', html)
    import html as h

    for offset, chunk in runs:
        chunk = h.unescape(chunk)
        assert text[int(offset) : int(offset) + len(chunk)] == chunk
    assert "&lt;wel&gt;" in html and "R:</span>" in html and "Respondent" not in html and "wb-sel" in html and "wb-sug" in html and "#ff000040" in html


def test_coding_app_click_latency(app, demo_copy, capsys):
    """A tick is stored at once: the store write (apply or remove, with the checks) and the
    app's whole redraw, measured over 40 ticks."""
    units = [u for u in app.session.units if not u.is_interviewer][:20]
    store_ms, handler_ms = [], []
    for u in units:
        app.on_reader({"kind": "click", "offset": u.start})
        for on in (True, False):
            t0 = time.perf_counter()
            (demo_copy.apply_code if on else demo_copy.remove_code)(app.session.fragment, "zingeving", coder="kim")
            store_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            app.checks["gezien-gehoord"].value = on
            handler_ms.append((time.perf_counter() - t0) * 1000)
    with capsys.disabled():
        print(f"\nclick latency: store write median {statistics.median(store_ms):.1f} ms (max {max(store_ms):.1f}); "
              f"tick with redraw median {statistics.median(handler_ms):.1f} ms (max {max(handler_ms):.1f})")
    assert statistics.median(store_ms) < 50


class _Span:
    def __init__(self, start, end, speaker=None, is_interviewer=False):
        self.start, self.end, self.speaker, self.is_interviewer = start, end, speaker, is_interviewer


def _cuts(n, draw, st):
    points = sorted(set(draw(st.lists(st.integers(0, n), max_size=8))) | {0, n})
    return [(a, b) for a, b in zip(points, points[1:]) if b > a]


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_coding_app_reader_runs_cover_every_character_once(data):
    """Every visible character of the text is in exactly one run, at its own offset, for
    any turns, units, highlights, suggestions and selection."""
    import html as h

    text = data.draw(st.text(alphabet="ab é:\n[]-R", min_size=1, max_size=60))
    n = len(text)
    pieces = _cuts(n, data.draw, st)
    turns = [_Span(a, b, "R", i % 2 == 0) for i, (a, b) in enumerate(pieces) if data.draw(st.booleans())]
    units = [_Span(a, b) for a, b in _cuts(n, data.draw, st)]
    spans = st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted).filter(lambda p: p[0] < p[1])
    highlights = [(a, b, "#123456", "c") for a, b in data.draw(st.lists(spans, max_size=3))]
    suggested = [tuple(p) for p in data.draw(st.lists(spans, max_size=2))]
    selected = data.draw(st.one_of(st.none(), spans.map(tuple)))
    html = render_html(text, turns=turns, units=units, highlights=highlights, suggested=suggested, selected=selected)
    seen: list[int] = []
    for offset, chunk in re.findall(r'<span data-o="(\d+)"[^>]*>([^<]*)</span>', html):
        chunk = h.unescape(chunk)
        assert text[int(offset) : int(offset) + len(chunk)] == chunk
        seen.extend(range(int(offset), int(offset) + len(chunk)))
    visible = [i for i, ch in enumerate(text) if not ch.isspace()]
    assert sorted(i for i in seen if not text[i].isspace()) == visible


def test_coding_app_each_code_its_own_shade(app):
    """A codebook that gives a whole group one colour: each code still gets its own shade,
    none the same as its parent's or a sibling's (the reader and the tree showed one blue)."""
    cb = app.session.codebook
    for _, code in cb.walk():
        kids = [app.colours[c] for c in code.children]
        assert len(set(kids)) == len(kids), (code.id, kids)
        assert app.colours[code.id] not in kids, code.id
    assert app.colours["eenzaamheid-verbinding"] != app.colours["impact-bewoners"]  # both #1f77b4 in the file


@pytest.mark.parametrize("lang,words", [("nl", "Memo bewaard"), ("en", "Memo saved")])
def test_coding_app_says_a_memo_was_saved(demo_copy, lang, words):
    import workbench as wb
    from workbench.i18n import set_language

    set_language(lang)
    try:
        app = wb.coding_app(demo_copy, coder="kim")
        app.document.value = DOC
        u = _unit(app)
        app.on_reader({"kind": "click", "offset": u.start + 1})
        app.checks["wederkerigheid"].value = True
        assert app.memo_saved.value == ""
        app.memo.value = "noemt ook de buurvrouw"
        app.save_memo.click()
        assert words in app.memo_saved.value
        app.doc_memo.value = "Sterk verhaal."
        app.save_doc_memo.click()
        assert words in app.doc_memo_saved.value and app.memo_saved.value == ""  # the newest save speaks
    finally:
        set_language(None)


def test_coding_app_accept_brings_the_ticked_code_into_view(app, demo_copy):
    u = _unit(app)
    demo_copy.apply_code(u, "gezien-gehoord", coder="suggester:rules@1", source="suggested", confidence=0.7, rationale="trefwoord")
    app.on_reader({"kind": "click", "offset": u.start + 1})
    before = app.scroller.request
    button = next(b for row in app.suggestions.children for b in getattr(row, "children", ()) if "wb-accept-gezien-gehoord" in getattr(b, "_dom_classes", ()))
    button.click()
    assert app.checks["gezien-gehoord"].value is True
    assert (app.scroller.target, app.scroller.request) == ("wb-code-gezien-gehoord", before + 1)


@pytest.mark.parametrize("module", ["coding.py", "reader.py"])
def test_coding_app_no_function_over_60_lines(module):
    import ast
    from pathlib import Path

    import workbench.apps

    path = Path(workbench.apps.__file__).parent / module
    long = [f"{n.name} ({n.end_lineno - n.lineno + 1})" for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > 60]
    assert not long, long
