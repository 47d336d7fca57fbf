"""Reports on the demo study: sections, privacy, notebooks run by papermill in real
kernels, exports (HTML, slides, PowerPoint, PDF) that load nothing from the network,
run.json, and a real browser (Debian chromium through Playwright) showing the slides."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import lxml.html
import pytest

import workbench as wb
from workbench.errors import ReportError

sys.path.insert(0, str(Path(__file__).parent))
from demo_coding import code_demo  # noqa: E402

REPO = Path(__file__).parent.parent.parent
ARTIFACTS = Path(os.environ.get("WORKBENCH_TEST_ARTIFACTS", REPO / "test-artifacts")) / "reports"
INITIATIVES = ["Austerlitz Zorgt", "Voorzorgcirkels", "Ontmoetingscentrum Morgenstond", "Laefhoës America", "Liv Inn Hilversum", "De Wulverhorst"]
NETWORK_ATTR = re.compile(r"""<(script|link|img|style|iframe|source)\b[^>]*\b(src|href)\s*=\s*["']?\s*(https?:)?//""", re.I)
# papermill talks to each kernel over loopback; the workers are separate processes, but the
# marks keep this module honest if a run ever happens in-process
pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1", "::1"])]


@pytest.fixture(scope="module")
def demo(tmp_path_factory, deduce_ready):
    """The shipped demo study, ingested, coded by two scripted fictional coders, with a
    theme run and a co-researcher of Austerlitz Zorgt who flagged one quote, renamed a
    theme and chose a Most Significant Change story (all through the parts' own APIs)."""
    from workbench import reports, review

    root = tmp_path_factory.mktemp("demo")
    shutil.copytree(REPO / "corpora" / "demo", root / "corpora" / "demo")
    shutil.copytree(REPO / "codebooks", root / "codebooks")
    shutil.copy(REPO / "keep-list.txt", root)
    shutil.copy(REPO / "workbench.toml", root)
    with wb.open_study(root) as study:
        study.ingest(workers=2)
        assert code_demo(study) > 300
        study.run_themes(seed=42)
        flagged = reports.example_quotes(reports.load_report(root, initiative="Austerlitz Zorgt")).quotes[0]
        inv = review.invite(study.store, "Austerlitz Zorgt", "Marja", role="vrijwilliger", created_by="test")
        study.store.put_quote_verdict(inv.reviewer.id, "Austerlitz Zorgt", flagged.span, "identifying")
        view = review.open_view(study.store, inv.token)
        key = view.themes()[0].key
        view.set_verdict(key, "recognise")
        view.set_own_name(key, "Samen eten en praten")
        story = view.stories()[0]
        view.choose_story(story.doc_id, chosen=True, reason="Hier zie je hoe de buurt het overnam.")
    (root / "flagged.txt").write_text(flagged.text, encoding="utf-8")
    return root


# -- sections, in process ----------------------------------------------------------------
def test_reports_readable_placeholders():
    from workbench.reports import readable

    assert readable("[PERSOON-1] belde [PERSOON-2] uit [LOCATIE-1] op [TELEFOONNUMMER-1].") == "[naam] belde [naam] uit [plaats] op [telefoonnummer]."
    assert readable("Ik ben [PERSOON-3], [LEEFTIJD-1]", "en") == "Ik ben [name], [age]"
    assert readable("[NIEUWTAG-1] x") == "[gegeven] x"


@pytest.mark.slow
def test_reports_sections_on_the_demo(demo):
    from workbench import reports

    data = reports.load_report(demo, initiative="Austerlitz Zorgt")
    sections = {name: getattr(reports, name)(data) for name in reports.INITIATIVE_SECTIONS}
    assert sections["codes_present"].figure is not None and sections["example_quotes"].quotes
    assert sections["positive_health"].figure is not None
    assert "Samen eten en praten" in sections["themes"].to_html()  # the co-researcher's own name
    assert "herken ik 1" in sections["themes"].to_html()
    themes_html = sections["themes"].to_html()  # codebook-guided themes say where each came from
    assert "vanuit" in themes_html and "De thema's zijn gezocht vanuit het codeboek" in themes_html
    assert "Hier zie je hoe de buurt het overnam." in sections["msc"].to_html()
    assert "Marja" not in "".join(s.to_html() for s in sections.values())  # co-researchers by role, not name
    kinds = {row[0] for row in sections["compare"].table.rows}
    assert "vaker hier" in kinds and "gedeeld met de anderen" in kinds
    for sec in sections.values():
        html = sec.to_html()
        assert not re.search(r"\[[A-Z]+-\d+\]", html), sec.key  # no raw pseudonym tags
    quotes = sections["example_quotes"].quotes
    assert all(q.initiative == "Austerlitz Zorgt" for q in quotes)


@pytest.mark.slow
def test_reports_quote_flagged_in_review_never_shown(demo):
    """The quote a co-researcher flagged (in the review part's store) is in no section."""
    from workbench import reports

    flagged = (demo / "flagged.txt").read_text(encoding="utf-8")
    for ini in (None, "Austerlitz Zorgt"):
        data = reports.load_report(demo, initiative=ini)
        assert data.flagged
        names = reports.INITIATIVE_SECTIONS if ini else reports.CROSS_SECTIONS
        html = "".join(getattr(reports, name)(data).to_html() for name in names)
        assert flagged[:60] not in html


@pytest.mark.slow
def test_reports_flagged_quote_never_shown(demo):
    """A quote overlapping a flagged span disappears from every section; the next one is shown instead."""
    from workbench import reports

    data = reports.load_report(demo, initiative="Austerlitz Zorgt")
    shown = reports.example_quotes(data).quotes
    assert shown
    victim = shown[0]
    data.flagged = [(victim.doc_id, victim.doc_version, victim.start + 1, victim.start + 2)]  # a flag inside the quote
    html = "".join(getattr(reports, name)(data).to_html() for name in reports.INITIATIVE_SECTIONS)
    assert victim.text not in html and victim.key not in html
    assert reports.example_quotes(data).quotes  # others still shown


@pytest.mark.slow
def test_reports_english_labels_and_untranslated_quotes(demo):
    from workbench import reports

    data = reports.load_report(demo, initiative="Voorzorgcirkels", lang="en")
    html = reports.codes_present(data).to_html() + reports.example_quotes(data).to_html()
    assert "What comes up most" in html and "In their own words" in html
    en = {data.codebook.label(c, "en") for c in data.codebook.ids}
    assert any(label in html for label in en)
    assert "no translation yet" in html  # shown in Dutch, marked, never machine-translated


@pytest.mark.slow
def test_reports_unknown_initiative_says_the_close_match(demo):
    from workbench import reports

    with pytest.raises(ReportError, match="bedoelt u 'Austerlitz Zorgt'"):
        reports.load_report(demo, initiative="Austerlitz zorg")


def test_reports_parameters_checked_before_running():
    from workbench.reports.run import check_parameters

    nb = REPO / "notebooks" / "initiative_report.ipynb"
    check_parameters(nb, {"study_dir": ".", "initiative": "X", "lang": "nl", "theme_run": None})
    with pytest.raises(ReportError, match="kent de parameter"):
        check_parameters(nb, {"study_dir": ".", "initiative": "X", "language": "nl"})


def test_reports_network_urls_found():
    from workbench.reports.export import network_urls

    assert network_urls('<script src="https://cdn.example/x.js"></script>')
    assert network_urls('<link rel="stylesheet" href="//fonts.example/css">')
    assert network_urls("<style>@import url(https://fonts.googleapis.com/css);</style>")
    assert network_urls('<img src="http://x/y.png">')
    assert not network_urls('<img src="data:image/png;base64,AAAA"><a href="https://vilans.nl">Vilans</a>')


# -- the whole run: papermill, exports, run.json ------------------------------------------------
@pytest.fixture(scope="module")
def run_all(demo, tmp_path_factory):
    from workbench.reports.run import run_reports

    out = tmp_path_factory.mktemp("reports")
    seen = []
    result = run_reports(demo, all_initiatives=True, jobs=2, out=out, progress=lambda d, n, name: seen.append((d, n)))
    return result, seen


@pytest.mark.slow
def test_reports_run_all_writes_every_format(run_all):
    result, seen = run_all
    assert seen[-1] == (7, 7)  # the progress bar went across all reports
    names = [r["name"] for r in result.reports]
    assert len(names) == 7 and "alle-initiatieven" in names
    for rep in result.reports:
        assert set(rep["files"]) == {"html", "slides", "pptx", "pdf", "ipynb"}
        for path in rep["files"].values():
            assert Path(path).stat().st_size > 1000
        assert Path(rep["files"]["pdf"]).read_bytes()[:5] == b"%PDF-"
    assert result.folder.name.startswith(tuple("0123456789")) and result.folder.parent.exists()


@pytest.mark.slow
def test_reports_html_sections_figures_offline(run_all):
    result, _ = run_all
    for rep in result.reports:
        html = Path(rep["files"]["html"]).read_text(encoding="utf-8")
        expected = ["title", "who_was_heard", "positive_health", "themes", "methods"]
        expected += ["codes_present", "example_quotes", "msc", "compare"] if rep["initiative"] else ["code_heatmap", "cooccurrence", "coverage", "candidates"]
        for key in expected:
            assert f'id="wb-{key}"' in html, (rep["name"], key)
        tree = lxml.html.fromstring(html)
        figures = [img.get("src", "") for img in tree.xpath("//img[contains(@class, 'wb-figure')]")]
        assert len(figures) >= 3, rep["name"]  # who was heard or heatmap, codes or network, Positive Health
        assert all(src.startswith("data:image/png;base64,") for src in figures)
        assert not NETWORK_ATTR.search(html), rep["name"]
        for el in tree.xpath("//script | //link | //img | //style | //iframe | //source"):
            ref = (el.get("src") or el.get("href") or "").strip().lower()
            assert not ref.startswith(("http:", "https:", "//")), (rep["name"], el.tag, ref[:80])
        assert "<script src" not in html and "mathjax" not in html.lower() and "require.js" not in html
        assert not re.search(r"\[(PERSOON|LOCATIE|TELEFOONNUMMER)-\d+\]", html)
        slides = Path(rep["files"]["slides"]).read_text(encoding="utf-8")
        assert not NETWORK_ATTR.search(slides) and "Reveal.initialize" in slides


@pytest.mark.slow
def test_reports_no_flagged_quote_in_any_output(run_all, demo):
    from pptx import Presentation

    result, _ = run_all
    flagged = (demo / "flagged.txt").read_text(encoding="utf-8")[:60]
    for rep in result.reports:
        for kind in ("html", "slides", "ipynb"):
            assert flagged not in Path(rep["files"][kind]).read_text(encoding="utf-8"), (rep["name"], kind)
        deck = " ".join(sh.text_frame.text for sl in Presentation(rep["files"]["pptx"]).slides for sh in sl.shapes if sh.has_text_frame)
        assert flagged not in deck


@pytest.mark.slow
def test_reports_translation_written_once_and_reused(demo, tmp_path):
    """English report: an untranslated quote is listed; once the researcher's translation is
    imported, every later English report shows it."""
    import csv

    from workbench import reports
    from workbench.reports.translations import import_translations

    data = reports.load_report(demo, initiative="Voorzorgcirkels", lang="en")
    quote = reports.example_quotes(data).quotes[0]
    assert quote.translation is None
    sheet = tmp_path / "untranslated-quotes.csv"
    with open(sheet, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["quote", "initiative", "dutch", "english"])
        w.writeheader()
        w.writerow({"quote": quote.key, "initiative": "Voorzorgcirkels", "dutch": quote.text, "english": "We agree together what help is needed."})
        w.writerow({"quote": "other@1:0-10", "initiative": "", "dutch": "", "english": ""})  # left empty: skipped
    with wb.open_study(demo) as study:
        assert import_translations(study, sheet, author="anna") == 1
    again = reports.example_quotes(reports.load_report(demo, initiative="Voorzorgcirkels", lang="en"))
    html = again.to_html()
    assert "We agree together what help is needed." in html
    assert reports.example_quotes(reports.load_report(demo, initiative="Voorzorgcirkels")).quotes[0].translation is None  # Dutch report: the original
    with pytest.raises(ReportError, match="is geen citaatsleutel"):
        with wb.open_study(demo) as study:
            from workbench.reports.translations import save_translation

            save_translation(study, "no key", "x")


@pytest.mark.slow
def test_reports_pptx_opens_with_its_slides(run_all):
    from pptx import Presentation

    result, _ = run_all
    for rep in result.reports:
        prs = Presentation(rep["files"]["pptx"])
        slides = list(prs.slides)
        assert len(slides) >= 8, rep["name"]
        first = slides[0].shapes.title.text
        assert (rep["initiative"] or "initiatieven") in first
        pictures = sum(1 for s in slides for sh in s.shapes if sh.shape_type == 13)
        assert pictures >= 3


@pytest.mark.slow
def test_reports_run_json_complete(run_all, demo):
    result, _ = run_all
    record = json.loads(result.run_json.read_text(encoding="utf-8"))
    for key in ("run", "created", "study", "input_hash", "codebook", "theme_run", "seed", "parameters", "versions", "reports", "seconds"):
        assert key in record, key
    assert re.fullmatch(r"[0-9a-f]{64}", record["input_hash"])
    assert record["codebook"]["version"] >= 1 and record["codebook"]["content_hash"]
    assert record["versions"]["workbench"] == wb.__version__ and record["versions"]["papermill"] and record["versions"]["python-pptx"]
    assert record["parameters"]["formats"] == ["html", "slides", "pptx", "pdf", "ipynb"]
    assert {r["parameters"].get("initiative") for r in record["reports"]} == {*INITIATIVES, None}
    assert record["inputs"]["codings"] > 300
    assert result.folder.name.endswith(record["run"])


@pytest.mark.slow
def test_reports_slides_render_offline_in_a_real_browser(run_all):
    """Debian chromium (no browser download) shows the slides with no network: not a blank page."""
    pytest.importorskip("playwright")
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium")
    if exe is None:
        pytest.fail("Debian chromium is missing: apt-get install -y --no-install-recommends chromium (.ci/run does this)")
    result, _ = run_all
    rep = result.reports[0]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            outside: list[str] = []
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
            page.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())  # offline, whatever the page asks
            page.goto(Path(rep["files"]["slides"]).as_uri())
            page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=15000)
            assert page.evaluate("Reveal.getTotalSlides()") >= 8
            page.screenshot(path=str(ARTIFACTS / "slide-title.png"))
            page.evaluate("Reveal.slide(2)")
            page.wait_for_timeout(300)
            current = page.locator(".reveal .slides section.present:not(.stack)")
            assert "Wat het meest terugkomt" in current.text_content()
            loaded = page.evaluate("Array.from(document.querySelectorAll('section.present:not(.stack) img.wb-figure')).map(i => i.complete && i.naturalWidth)")
            assert loaded and all(w > 100 for w in loaded)
            box = current.bounding_box()
            assert box and box["height"] > 200
            page.screenshot(path=str(ARTIFACTS / "slide-codes.png"))
            page.evaluate("Reveal.slide(4)")
            page.wait_for_timeout(300)
            assert "Positieve Gezondheid" in current.text_content()
            page.screenshot(path=str(ARTIFACTS / "slide-positive-health.png"))
            page.goto(Path(rep["files"]["html"]).as_uri())
            page.screenshot(path=str(ARTIFACTS / "page.png"))
            page.locator("#wb-example_quotes").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "page-quotes.png"))
            assert page.locator("#wb-positive_health img").evaluate("i => i.naturalWidth") > 100
            assert outside == []
        finally:
            browser.close()


# -- the command line -----------------------------------------------------------------------
def _cli(*args: str, cwd: Path):
    import subprocess

    exe = Path(sys.executable).parent / "workbench"
    env = dict(os.environ, COLUMNS="200", PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--all", "--format", "docx"], "onbekend formaat: docx"),
        (["report"], "geen rapport gevraagd"),
        (["report", "--all", "--jobs", "0"], "geen geldig aantal processen"),
    ],
)
def test_reports_cli_refuses_before_running(tmp_path, args, message):
    result = _cli(*args, cwd=tmp_path)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.slow
def test_reports_cli_english_report_lists_untranslated_quotes(demo, tmp_path):
    """workbench report --lang en: English page, the untranslated quotes in a sheet for the
    researcher, the paths printed; an unknown initiative is one line naming the close match."""
    result = _cli("report", "--initiative", "De Wulverhorst", "--lang", "en", "--format", "html", "--out", str(tmp_path), cwd=demo)
    assert result.returncode == 0, result.stderr[-500:]
    html_path = next(tmp_path.glob("*/de-wulverhorst.html"))
    assert str(html_path) in result.stdout and "run.json" in result.stdout
    html = html_path.read_text(encoding="utf-8")
    assert "What comes up most" in html and 'lang="en"' in html
    sheet = next(tmp_path.glob("*/untranslated-quotes.csv"))
    rows = sheet.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "quote,initiative,dutch,english" and len(rows) > 1
    bad = _cli("report", "--initiative", "De Wulverhorts", "--format", "html", "--out", str(tmp_path), cwd=demo)
    assert bad.returncode == 1 and "bedoelt u 'De Wulverhorst'" in bad.stderr
