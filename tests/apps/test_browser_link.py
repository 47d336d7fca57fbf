"""A real browser codes a link (issue 20, "verband"): JupyterLab on a copy of the coded demo
study (the ``lab`` fixture of test_browser_coding), Debian's chromium driven by Playwright.
As a researcher does it: click a sentence, pick the cause and the effect code and the sign
in the "verband" panel, press "Leg verband"; the panel then lists the link and the store
holds exactly that link, with the coder, the span, cause, effect and sign."""

from __future__ import annotations

import os
from pathlib import Path

from test_browser_coding import CODER, REPO, _coding_app, _wait, lab, pytestmark  # noqa: F401  (the fixture and marks are shared)

CAUSE, EFFECT = "wederkerigheid", "eenzaamheid-verbinding"


def test_browser_codes_a_link_in_the_verband_panel(lab):
    url, study = lab
    artefacts = Path(os.environ.get("WB_ARTEFACTS", REPO / "reports" / "test-artefacts"))
    artefacts.mkdir(parents=True, exist_ok=True)
    first = study.store.document_infos(counts=False)[0].id
    doc = study.corpus.get(first)
    sentence = [u for u in study.corpus.segments(first, "sentence") if not u.is_interviewer and u.end - u.start > 40][3]
    assert study.store.current_links(coder=CODER) == []  # the demo's scripted coders have other names
    # the dropdowns list "(kies)" and then every active code in the codebook's order
    order = [c.id for _, c in study.codebook.walk() if c.is_active]
    cause_label, effect_label = study.codebook.label(CAUSE, "nl"), study.codebook.label(EFFECT, "nl")

    with _coding_app(url) as (browser, page):

        # select the fragment: one click on the sentence
        page.click(f'.wb-reader span[data-o="{sentence.start}"]')
        page.wait_for_function(
            f"() => [...document.querySelectorAll('.wb-coding-app b')].some(b => b.parentElement.textContent.includes('{sentence.start}-{sentence.end}'))",
            timeout=60_000,
        )
        # the "verband" panel is on screen, with its title
        panel = page.locator(".wb-link-panel")
        panel.scroll_into_view_if_needed(timeout=60_000)
        panel.get_by_text("Verband (wat leidde tot wat)").wait_for(state="visible", timeout=60_000)
        selects = panel.locator("select")
        selects.nth(0).select_option(index=order.index(CAUSE) + 1)
        selects.nth(1).select_option(index=order.index(EFFECT) + 1)
        panel.get_by_role("button", name="minder", exact=True).click()
        panel.get_by_role("button", name="Leg verband").click()

        # what the researcher reads: the panel lists the stored link with its sign
        listed = panel.locator(".wb-link")
        listed.first.wait_for(state="visible", timeout=60_000)
        shown = panel.inner_text()
        page.screenshot(path=str(artefacts / "coding-app-link.png"))
        browser.close()

    assert f"{cause_label} \u2192 {effect_label}" in shown, shown
    assert "minder" in shown.split("\u2192", 1)[1], shown
    links = _wait(lambda: study.store.current_links(coder=CODER), 30, "the stored link")
    assert [(x.coder, x.doc_id, x.doc_version, x.start, x.end, x.cause, x.effect, x.sign, x.source) for x in links] == [
        (CODER, doc.id, doc.version, sentence.start, sentence.end, CAUSE, EFFECT, "less", "manual"),
    ]
