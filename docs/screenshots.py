"""Take the README's screenshots again, from the shipped demo study.

    python docs/screenshots.py                 # all of them, into docs/
    python docs/screenshots.py --only review   # review-page.png, review-tablet.png, review-phone.png
    python docs/screenshots.py --only coding   # coding-app.png

The demo study is copied to a temporary folder, ingested (pseudonymised), given one theme
run (seed 1) and the fictional coders' codings; then the review page is served with
``workbench review serve`` and the coding app runs in JupyterLab, both on 127.0.0.1, and
Playwright drives Debian's chromium (no browser download) through what a person does:
a co-researcher marks a theme and names it; a coder clicks a sentence and accepts a
suggestion. Nothing here is a test: tests/review/test_browser.py and
tests/apps/test_browser_coding.py check the same pages.

Needs: chromium (``apt-get install chromium``), the venv with playwright and jupyterlab.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
A = "Austerlitz Zorgt"
CODER = "lian"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, proc: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"the server stopped: see its log ({url})") from None
            time.sleep(1)
    raise SystemExit(f"no answer from {url} in {seconds:.0f} s")


def demo_study(root: Path) -> Path:
    """The demo study in ``root``: ingested, one theme run, the fictional coders' codings, suggestions."""
    import workbench as wb
    from workbench.coding.demo import code_demo

    shutil.copytree(REPO / "corpora" / "demo", root / "corpora" / "demo")
    shutil.copytree(REPO / "codebooks", root / "codebooks")
    shutil.copy(REPO / "keep-list.txt", root)
    shutil.copy(REPO / "workbench.toml", root)
    with wb.open_study(root) as study:
        study.ingest(workers=0)
        study.run_themes(seed=1)
        code_demo(study.store, *study.load_codebook())
    return root


@contextmanager
def _server(argv: list[str], url: str, log: Path, env: dict[str, str], cwd: Path) -> Iterator[str]:
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        try:
            _wait_for(url, proc, 180)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def review_shots(root: Path, out: Path, browser: object) -> list[Path]:
    """The review page of a co-researcher of Austerlitz Zorgt: desktop, tablet, phone."""
    import workbench as wb
    from workbench.review import invite

    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    with wb.open_study(root) as study:
        link = invite(study.store, A, "Marja", role="vrijwilliger", created_by=CODER, base_url=base).link
    argv = [sys.executable, "-m", "workbench.cli", "review", "serve", "--port", str(port), "--study", str(root)]
    shots = []
    with _server(argv, base + "voila/static/voila.js", root / "serve.log", _env(), root):
        page = browser.new_page(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
        page.goto(link, timeout=180_000)
        page.wait_for_selector(".wb-theme", timeout=180_000)
        card = page.locator(".wb-theme").first
        card.get_by_role("button", name="deels").click()
        card.locator(".wb-own-name input").fill("Samen in het dorp")
        card.locator(".wb-own-name input").press("Enter")
        page.wait_for_timeout(1500)
        page.locator("h2").first.scroll_into_view_if_needed()
        shots.append(out / "review-page.png")
        page.screenshot(path=str(shots[-1]))
        page.close()
        for name, width, height, tab in (("review-tablet.png", 768, 1024, "2. Citaten"), ("review-phone.png", 390, 844, "3. Verhalen")):
            context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True, is_mobile=width < 500)  # type: ignore[attr-defined]
            page = context.new_page()
            page.goto(link, timeout=180_000)
            page.wait_for_selector(".wb-theme", timeout=180_000)
            page.locator(".wb-review .lm-TabBar-tab", has_text=tab).tap()
            page.wait_for_timeout(1500)
            shots.append(out / name)
            page.screenshot(path=str(shots[-1]))
            context.close()
    return shots


def coding_shot(root: Path, out: Path, browser: object) -> list[Path]:
    """The coding app in JupyterLab at 1500 px: a sentence selected, a suggestion accepted."""
    import workbench as wb

    (root / "notebooks").mkdir(exist_ok=True)
    nb = json.loads((REPO / "notebooks" / "02-coding.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = f'study_dir = "."\ncoder = "{CODER}"\nsearch_term = "eenzaam*"\ncode = "wederkerigheid"'
    (root / "notebooks" / "02-coding.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    with wb.open_study(root) as study:
        first = study.position(CODER).doc_id if study.position(CODER) else study.store.document_infos(counts=False)[0].id
        units = [u for u in study.corpus.segments(first, "sentence") if not u.is_interviewer and u.end - u.start > 40]
        sentence = units[3]
        study.apply_code(sentence, "gezien-gehoord", coder="suggester:rules@1", source="suggested", confidence=0.77, rationale="trefwoord: gezien")
        study.apply_code(sentence, "mantelzorg-ontlasting", coder="suggester:learned-tfidf@1", source="suggested", confidence=0.64, rationale="lijkt op gecodeerde zinnen")
    port = _free_port()
    jupyter = Path(sys.executable).parent / "jupyter"
    scratch = Path(tempfile.mkdtemp(prefix="wb-shots-jupyter-"))
    env = dict(_env(), JUPYTER_CONFIG_DIR=str(scratch / "cfg"), JUPYTER_RUNTIME_DIR=str(scratch / "run"), JUPYTERLAB_WORKSPACES_DIR=str(scratch / "ws"))
    argv = [str(jupyter), "lab", "--allow-root", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--ServerApp.token=", "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={root}", "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    url = f"http://127.0.0.1:{port}"
    with _server(argv, url + "/api/status", root / "lab.log", env, root):
        page = browser.new_page(viewport={"width": 1500, "height": 1000})  # type: ignore[attr-defined]
        page.set_default_timeout(60_000)
        page.goto(f"{url}/lab/tree/notebooks/02-coding.ipynb")
        page.wait_for_selector(".jp-Notebook", timeout=90_000)
        time.sleep(3)
        page.click(".jp-Notebook")
        page.keyboard.press("Escape")
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_text("Run All Cells", exact=True).click()
        page.wait_for_selector(".wb-reader span[data-o]", timeout=120_000)
        page.click(f'.wb-reader span[data-o="{sentence.start}"]')
        page.wait_for_selector("button.wb-accept-gezien-gehoord", timeout=30_000)
        page.click("button.wb-accept-gezien-gehoord")
        page.wait_for_timeout(2000)
        for button in ("No",):  # JupyterLab's "get notified about news?" toast
            if page.get_by_role("button", name=button, exact=True).count():
                page.get_by_role("button", name=button, exact=True).first.click()
        page.locator(".wb-coding-app").first.scroll_into_view_if_needed()
        page.evaluate("() => document.querySelector('.wb-coding-app').scrollIntoView({block: 'start'})")
        page.wait_for_timeout(1000)
        shot = out / "coding-app.png"
        page.screenshot(path=str(shot))
        page.close()
    shutil.rmtree(scratch, ignore_errors=True)
    return [shot]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    parser.add_argument("--only", choices=("review", "coding"))
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("no chromium on this machine: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wb-shots-") as tmp:
        root = demo_study(Path(tmp) / "demo")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            shots: list[Path] = []
            if args.only in (None, "review"):
                shots += review_shots(root, args.out, browser)
            if args.only in (None, "coding"):
                shots += coding_shot(root, args.out, browser)
            browser.close()
    for shot in shots:
        print(shot)


if __name__ == "__main__":
    main()
