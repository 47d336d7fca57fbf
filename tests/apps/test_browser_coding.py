"""A real browser on the coding app: JupyterLab (token-less, 127.0.0.1, a free port) on a
copy of the coded demo study, Debian's chromium driven by Playwright (no browser download).
It runs notebooks/02-coding.ipynb, accepts a suggestion, clicks a sentence and ticks a
code, writes a memo, selects a free span with the mouse and codes it; the database then
holds those events. Screenshots go to reports/test-artefacts/ (WB_ARTEFACTS to change)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent.parent
CODER = "browser"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.enable_socket,
    pytest.mark.allow_hosts(["127.0.0.1", "::1"]),
    pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium is not installed (.ci/run installs it)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@contextlib.contextmanager
def _coding_app(url: str):
    """Debian's chromium on the coding notebook, every cell run, the reading view drawn."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        page.set_default_timeout(60_000)
        page.goto(f"{url}/lab/tree/notebooks/02-coding.ipynb")
        page.wait_for_selector(".jp-Notebook", timeout=90_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle'], .jp-KernelStatus", timeout=90_000)
        time.sleep(2)
        page.click(".jp-Notebook")
        page.keyboard.press("Escape")
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_text("Run All Cells", exact=True).click()
        page.wait_for_selector(".wb-reader span[data-o]", timeout=120_000)
        yield browser, page


@pytest.fixture
def lab(demo_copy, tmp_path):
    """JupyterLab serving the study copy, with this checkout's workbench on the path."""
    import urllib.request

    root = demo_copy.root
    (root / "notebooks").mkdir(exist_ok=True)
    nb = json.loads((REPO / "notebooks" / "02-coding.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = f'study_dir = "."\ncoder = "{CODER}"\nsearch_term = "eenzaam*"\ncode = "wederkerigheid"'
    (root / "notebooks" / "02-coding.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""), JUPYTER_CONFIG_DIR=str(tmp_path / "jcfg"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "jrun"), JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "jws"))
    log = (tmp_path / "lab.log").open("w")
    jupyter = Path(sys.executable).parent / "jupyter"
    proc = subprocess.Popen(
        [str(jupyter), "lab", "--allow-root", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--ServerApp.token=", "--ServerApp.password=",
         "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={root}", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def up():
        try:
            return urllib.request.urlopen(url + "/api/status", timeout=2).status == 200
        except OSError:
            return False

    try:
        _wait(up, 90, "JupyterLab to start")
        yield url, demo_copy
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_browser_codes_in_jupyterlab(lab):
    url, study = lab
    artefacts = Path(os.environ.get("WB_ARTEFACTS", REPO / "reports" / "test-artefacts"))
    artefacts.mkdir(parents=True, exist_ok=True)
    first = study.store.document_infos(counts=False)[0].id
    doc = study.corpus.get(first)
    units = [u for u in study.corpus.segments(first, "sentence") if not u.is_interviewer and u.end - u.start > 40]
    sentence, other = units[2], units[5]
    study.apply_code(sentence, "gezien-gehoord", coder="suggester:rules@1", source="suggested", confidence=0.77, rationale="trefwoord: gezien")

    with _coding_app(url) as (browser, page):
        page.screenshot(path=str(artefacts / "coding-app-open.png"))

        # a sentence with a suggestion: click it, accept the suggestion
        page.click(f'.wb-reader span[data-o="{sentence.start}"]')
        page.wait_for_selector(".wb-accept-gezien-gehoord button, button.wb-accept-gezien-gehoord", timeout=30_000)
        page.click("button.wb-accept-gezien-gehoord")
        _wait(lambda: study.store.find_coding(doc.id, doc.version, sentence.start, sentence.end, "gezien-gehoord", CODER), 30, "the accepted suggestion")
        # tick a code on the same sentence, write a memo
        page.click(".wb-code-wederkerigheid input[type=checkbox]")
        _wait(lambda: study.store.find_coding(doc.id, doc.version, sentence.start, sentence.end, "wederkerigheid", CODER), 30, "the ticked code")
        memo = page.locator(".wb-coding-app textarea").first
        memo.fill("Zegt iets over gezien worden.")
        page.get_by_role("button", name="Bewaar memo").first.click()
        _wait(lambda: (study.store.find_coding(doc.id, doc.version, sentence.start, sentence.end, "wederkerigheid", CODER) or None)
              and study.store.find_coding(doc.id, doc.version, sentence.start, sentence.end, "wederkerigheid", CODER).memo, 30, "the memo")
        page.screenshot(path=str(artefacts / "coding-app-coded.png"))

        # a free span chosen with the mouse inside another sentence, then a code on it
        run = page.locator(f'.wb-reader span[data-o="{other.start}"]')
        run.scroll_into_view_if_needed()
        # the widest line of the sentence's run (an inline run over several lines has a rectangle per line)
        line = run.evaluate("el => { const r = [...el.getClientRects()].sort((a, b) => b.width - a.width)[0]; return {x: r.left, y: r.top, w: r.width, h: r.height}; }")
        y = line["y"] + line["h"] / 2
        page.mouse.move(line["x"] + 3, y)
        page.mouse.down()
        page.mouse.move(line["x"] + min(line["w"] - 3, 80), y, steps=5)
        page.mouse.move(line["x"] + min(line["w"] - 3, 160), y, steps=5)
        page.mouse.up()
        page.wait_for_function("() => [...document.querySelectorAll('.wb-coding-app b')].some(b => b.parentElement.textContent.includes('(span,'))", timeout=30_000)
        page.click(".wb-code-zingeving input[type=checkbox]")

        def free_span():
            return [c for c in study.store.current_codings(doc_id=doc.id, coder=CODER) if c.code_id == "zingeving"]

        spans = _wait(free_span, 30, "the coded free span")
        page.screenshot(path=str(artefacts / "coding-app-span.png"))
        browser.close()

    c = spans[0]
    assert other.start <= c.start < c.end <= other.end and (c.start, c.end) != (other.start, other.end)
    kinds = [(e.kind, e.source, e.code_id) for e in study.store.events(doc.id) if e.coder == CODER]
    # the memo goes on both of the sentence's codings: an apply that repeats each, with the memo
    assert kinds == [
        ("apply", "accepted", "gezien-gehoord"), ("apply", "manual", "wederkerigheid"),
        ("apply", "accepted", "gezien-gehoord"), ("apply", "manual", "wederkerigheid"), ("apply", "manual", "zingeving"),
    ]
    assert study.store.find_coding(doc.id, doc.version, sentence.start, sentence.end, "gezien-gehoord", CODER).memo == "Zegt iets over gezien worden."
    assert study.position(CODER).start == c.start


def test_browser_coding_app_at_1500_px_reads_whole(lab):
    """At 1500 px, as a coder sees it: no button or label cut short (accepteer showed as
    "a..."), the codes of one group in shades of their own, the code an accept ticks in view
    in the code tree, and a word that the memo was saved."""

    url, study = lab
    artefacts = Path(os.environ.get("WB_ARTEFACTS", REPO / "reports" / "test-artefacts"))
    artefacts.mkdir(parents=True, exist_ok=True)
    first = study.store.document_infos(counts=False)[0].id
    doc = study.corpus.get(first)
    sentence = [u for u in study.corpus.segments(first, "sentence") if not u.is_interviewer and u.end - u.start > 40][2]
    deep = [c.id for _, c in study.codebook.walk() if c.is_active][-1]  # the last code: far down the tree
    study.apply_code(sentence, deep, coder="suggester:rules@1", source="suggested", confidence=0.71, rationale="trefwoord")

    with _coding_app(url) as (browser, page):
        page.click(f'.wb-reader span[data-o="{sentence.start}"]')
        page.wait_for_selector(f"button.wb-accept-{deep}", timeout=30_000)
        time.sleep(1)

        cut = page.evaluate("""() => [...document.querySelectorAll('.wb-coding-app button, .wb-coding-app .widget-label, .wb-coding-app .widget-label-basic span')]
            .filter(e => e.offsetParent !== null && e.textContent.trim() && e.scrollWidth > e.clientWidth + 1)
            .map(e => e.textContent.trim() + ' ' + e.scrollWidth + '>' + e.clientWidth)""")
        assert not cut, cut

        group = [c for c in study.codebook.roots[0].children]
        shades = [page.evaluate(f"() => getComputedStyle(document.querySelector('.wb-code-tree .wb-code-{c}').parentElement.querySelector('.wb-swatch')).backgroundColor") for c in group]
        assert len(set(shades)) == len(shades), shades

        page.click(f"button.wb-accept-{deep}")
        _wait(lambda: study.store.find_coding(doc.id, doc.version, sentence.start, sentence.end, deep, CODER), 30, "the accepted suggestion")
        box = page.locator(f".wb-code-tree .wb-code-{deep} input[type=checkbox]")
        _wait(lambda: box.is_checked(), 30, "the tick")
        time.sleep(1)
        seen = page.evaluate(f"""() => {{ const t = document.querySelector('.wb-code-tree').getBoundingClientRect();
            const b = document.querySelector('.wb-code-tree .wb-code-{deep} input').getBoundingClientRect();
            return [b.top >= t.top && b.bottom <= t.bottom && b.top >= 0 && b.bottom <= window.innerHeight,
                    [t.top, t.bottom, b.top, b.bottom, window.innerHeight, document.querySelector('.wb-code-tree').scrollTop]]; }}""")
        assert seen[0], f"the ticked code is out of view: {seen[1]}"

        page.locator(".wb-coding-app textarea").first.fill("Zegt iets over gezien worden.")
        page.get_by_role("button", name="Bewaar memo").first.click()
        page.wait_for_function("() => [...document.querySelectorAll('.wb-memo-saved')].some(e => e.innerText.includes('Memo bewaard'))", timeout=30_000)
        page.screenshot(path=str(artefacts / "coding-app-1500.png"))
        browser.close()
