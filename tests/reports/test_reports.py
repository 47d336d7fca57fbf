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
        study.ingest(workers=0)
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


# -- what a report shows is true (issue 18) ---------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("initiative", INITIATIVES)
def test_reports_example_quotes_one_per_code_never_repeated(demo, initiative):
    """'In hun eigen woorden': one quote for each of the six codes most present, never the
    same quote (or an overlapping fragment) twice, each about something (no quote whose
    point is a pseudonym tag)."""
    from workbench import reports
    from workbench.reports.data import MIN_CONTENT, content_score

    data = reports.load_report(demo, initiative=initiative)
    sec = reports.example_quotes(data)
    quotes = sec.quotes
    codes = [sec.meta["codes"][q.key] for q in quotes]
    assert len(quotes) == 6, (initiative, codes)
    assert len(set(codes)) == len(codes), codes  # one quote per code
    assert len({q.text for q in quotes}) == len(quotes)  # never the same text twice
    for a, b in [(a, b) for i, a in enumerate(quotes) for b in quotes[i + 1 :]]:
        assert not (a.doc_id == b.doc_id and a.start < b.end and b.start < a.end), (a.text, b.text)
    assert all(content_score(q.text) >= MIN_CONTENT for q in quotes)
    html = sec.to_html()
    assert all(html.count(html_escape_text(q.text)) == 1 for q in quotes)


def html_escape_text(text):
    import html

    return html.escape(text, quote=False)


def test_reports_quote_with_content_beats_a_quote_about_a_tag(tmp_path):
    """Of two fragments of one code, the one that says something is shown, not "Mijn
    nummer staat bovenaan, [telefoonnummer]"; a fragment coded with two codes is shown once."""
    from workbench.codebook.model import Codebook
    from workbench.coding.events import Coding
    from workbench.corpus.model import Document
    from workbench.reports.data import QuoteSet, ReportData, content_score
    from workbench.reports.sections import example_quotes

    short = "Mijn nummer staat bovenaan, [TELEFOONNUMMER-1]."
    long_ = "Sinds ik bij de koffieochtend kom, ken ik mijn buren weer en voel ik me veel minder alleen in het dorp."
    other = "De vrijwilligers rijden mij elke week naar de huisarts, anders kwam ik er niet meer."
    text = f"{short} {long_} {other}"
    assert content_score("Mijn nummer staat bovenaan, [telefoonnummer].") < content_score(long_)
    codebook = Codebook.from_yaml(REPO / "codebooks" / "impact-zorgzame-gemeenschappen.yaml")
    a, b = [c.id for c in codebook.codes if c.is_active and not c.children][:2]
    doc = Document(id="x/interview-1", version=1, text=text, initiative="X", kind="interview", role="bewoner", source_path="x.txt", content_hash="0")
    spans = [(0, len(short)), (len(short) + 1, len(short) + 1 + len(long_)), (len(text) - len(other), len(text))]

    def coding(span, code, coder="anna"):
        return Coding("x/interview-1", 1, span[0], span[1], code, coder, "manual", 1, None, "2026-01-01")

    codings = [coding(spans[0], a), coding(spans[0], a, "bram"), coding(spans[1], a), coding(spans[1], b), coding(spans[2], b)]
    data = ReportData("s", tmp_path, "nl", "X", codebook, 1, [doc], codings)
    assert [q.text for q in data.quotes_for(a, "X", 1)] == [long_]  # content first, even over two coders agreeing
    used = QuoteSet()
    assert data.quotes_for(a, "X", 1, used=used)[0].text == long_
    assert [q.text for q in data.quotes_for(b, "X", 1, used=used)] == [other]  # the long one is not repeated
    sec = example_quotes(data)
    assert [q.text for q in sec.quotes] == [long_, other] or [q.text for q in sec.quotes] == [other, long_]


@pytest.mark.slow
def test_reports_shares_per_kind_of_source_with_count_and_base(demo):
    """A survey answer is not an interview: shares are counted per kind of source, and
    every share says its count and base ("3 van 4 interviews en verhalen (75%)")."""
    from workbench import reports

    data = reports.load_report(demo, initiative="Austerlitz Zorgt")
    stories = [d for d in data.docs_of("Austerlitz Zorgt") if d.kind != "enquete"]
    survey = [d for d in data.docs_of("Austerlitz Zorgt") if d.kind == "enquete"]
    assert stories and len(survey) > 3 * len(stories)  # the case of the issue: many short answers, few interviews
    sec = reports.codes_present(data)
    assert sec.table.columns[1:3] == ("interviews en verhalen", "enquêteantwoorden")
    for row in sec.table.rows:
        code = next(c.id for c in data.codebook.codes if data.label(c.id) == row[0])
        n = sum(code in data.doc_codes.get((d.id, d.version), ()) for d in stories)
        m = sum(code in data.doc_codes.get((d.id, d.version), ()) for d in survey)
        assert row[1] == f"{n} van {len(stories)} interviews en verhalen ({n / len(stories) * 100:.0f}%)", row
        assert row[2] == f"{m} van {len(survey)} enquêteantwoorden ({m / len(survey) * 100:.0f}%)", row
    assert f"van de {len(stories)} interviews en verhalen" in sec.figure.alt or "interviews en verhalen" in sec.figure.alt
    share = re.compile(r"\d+%")
    sections = [reports.positive_health(data), reports.compare(data), reports.themes(data)]
    for s in sections:
        for row in s.table.rows:
            for cell in row:
                if share.search(cell) and cell.endswith(")"):
                    assert re.search(r"\d+ van \d+", cell), (s.key, cell)  # every share with its count and base
    cross = reports.load_report(demo)
    heat = reports.code_heatmap(cross)
    assert "interviews en verhalen" in heat.text
    ph = reports.positive_health(cross)
    assert all(re.fullmatch(r"\d+ van \d+ \(\d+%\)", c) for row in ph.table.rows for c in row[1:])
    assert all("interviews en verhalen)" in row[0] for row in ph.table.rows)


@pytest.mark.slow
def test_reports_coders_choose_whose_codings_and_agreement_count(demo, tmp_path):
    """An extra coder's three test codings change the kappa when everyone counts; with
    --coders (or [reports] coders) naming the two coders they do not, and the methods
    section names who counts."""
    from workbench import reports
    from workbench.coding.events import apply_code

    ini = "Austerlitz Zorgt"
    before = reports.load_report(demo, initiative=ini).agreement["overall"]["kappa"]
    study_dir = tmp_path / "study"
    shutil.copytree(demo, study_dir)
    with wb.open_study(study_dir) as study:
        codebook, version = study.load_codebook()
        coded = [c for c in reports.load_report(study_dir, initiative=ini).current_codings if c.coder == "anna"]
        doc = coded[0].doc_id
        segs = [s for s in study.corpus.segments(doc, unit="sentence", include_interviewer=False)][:3]
        for seg, code in zip(segs, [c.id for c in codebook.codes if c.is_active and not c.children][5:8]):
            apply_code(study.store, codebook, doc_id=doc, doc_version=seg.doc_version, start=seg.start, end=seg.end, code_id=code, coder="test-extra", codebook_version=version)
    everyone = reports.load_report(study_dir, initiative=ini)
    assert everyone.agreement["overall"]["kappa"] != before  # the fault the issue saw (.83 -> .28)
    chosen = reports.load_report(study_dir, initiative=ini, coders="anna,bram")
    assert chosen.agreement["overall"]["kappa"] == before
    assert {c.coder for c in chosen.current_codings} == {"anna", "bram"}
    methods = reports.methods(chosen).to_html()
    assert "van anna en bram (gekozen bij het maken van het rapport)" in methods
    assert "test-extra" not in methods
    toml = study_dir / "workbench.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[reports]\ncoders = ["anna", "bram"]\n', encoding="utf-8")
    configured = reports.load_report(study_dir, initiative=ini)
    assert configured.agreement["overall"]["kappa"] == before
    assert "zoals ingesteld in workbench.toml" in reports.methods(configured).to_html()
    with pytest.raises(ReportError, match="onbekende codeur"):
        reports.load_report(study_dir, initiative=ini, coders="anna,nobody")
    with pytest.raises(ReportError, match="suggestiemaker"):
        reports.load_report(study_dir, initiative=ini, coders="suggester:rules@1")
    result = _cli("report", "--initiative", ini, "--coders", "anna,bram", "--format", "html", "--out", str(tmp_path / "out"), cwd=study_dir)
    assert result.returncode == 0, result.stderr[-500:]
    page = next((tmp_path / "out").glob("*/austerlitz-zorgt.html")).read_text(encoding="utf-8")
    assert "van anna en bram" in page and "test-extra" not in page
    bad = _cli("report", "--initiative", ini, "--coders", "nobody", "--format", "html", "--out", str(tmp_path / "out"), cwd=study_dir)
    assert bad.returncode == 1 and "onbekende codeur(s) nobody" in bad.stderr and "anna" in bad.stderr


@pytest.mark.slow
def test_reports_methods_in_plain_sentences(demo):
    """No "gegeven 1", no "berekening 1, seed 42, tfidf": each line of the methods section
    is a sentence a reader understands."""
    from workbench import reports
    from workbench.reports.texts import tag_counts

    assert tag_counts([("PERSOON", 12), ("JAARTAL", 1), ("LOCATIE", 3)], "nl") == "12 namen, 1 jaartal en 3 plaatsen"
    assert tag_counts([("JAARTAL", 2)], "en") == "2 years"
    for ini in (None, "Austerlitz Zorgt"):
        data = reports.load_report(demo, initiative=ini)
        lines = [row[0] for row in reports.methods(data).table.rows]
        text = " ".join(lines)
        assert "gegeven" not in text and not re.search(r"berekening \d+, seed", text)
        assert all(line.endswith(".") and line[:1].isupper() for line in lines), lines
        assert "De thema's komen uit themaberekening" in text


def test_reports_figure_labels_never_broken_inside_a_word():
    from workbench.reports.figures import _wrap

    for label, width in (("Voorzorgcirkels", 12), ("Ontmoetingscentrum Morgenstond", 14), ("Zeggenschap, eigenaarschap en bewonersregie", 22)):
        lines = _wrap(label, width).split("\n")
        assert " ".join(lines) == label
        assert all(word in label.split() for line in lines for word in line.split())


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
        # issue 18: what was done and who checked, never "Alle namen ... zijn vervangen"
        text = " ".join(tree.text_content().split())
        assert "herleidbare gegevens zijn vervangen" not in text and "gepseudonimiseerd met deduce" in text, rep["name"]
        assert "Nagelezen na het pseudonimiseren" in text, rep["name"]
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
        assert import_translations(study.store, sheet, author="anna") == 1
    again = reports.example_quotes(reports.load_report(demo, initiative="Voorzorgcirkels", lang="en"))
    html = again.to_html()
    assert "We agree together what help is needed." in html
    assert reports.example_quotes(reports.load_report(demo, initiative="Voorzorgcirkels")).quotes[0].translation is None  # Dutch report: the original
    with pytest.raises(ReportError, match="is geen citaatsleutel"):
        with wb.open_study(demo) as study:
            from workbench.reports.translations import save_translation

            save_translation(study.store, "no key", "x", author="anna")


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
        # every slide has a title (PowerPoint's outline and accessibility checker read it)
        for i, slide in enumerate(slides):
            assert slide.shapes.title is not None and slide.shapes.title.text.strip(), (rep["name"], i)
        # tables readable: 14 pt is 18.7 px on the 1280 px wide (13.33 in) slide
        assert prs.slide_width == 12192000 or abs(prs.slide_width - 12191695) < 1000
        sizes = [p.font.size.pt for s in slides for sh in s.shapes if sh.has_table for r in sh.table.rows for c in r.cells for p in c.text_frame.paragraphs]
        assert sizes and min(sizes) * 96 / 72 >= 18, rep["name"]
        # no table runs off the slide: rows x estimated line height inside 7.5 in
        for s in slides:
            for sh in s.shapes:
                if sh.has_table:
                    assert len(sh.table.rows) <= 23, (rep["name"], s.shapes.title.text)


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
            total = page.evaluate("Reveal.getTotalSlides()")
            assert total >= 8
            page.screenshot(path=str(ARTIFACTS / "slide-title.png"))
            titles = []
            for i in range(total):  # every slide: nothing runs past its bottom, tables at >= 18 px on the 1280 px slide
                page.evaluate(f"Reveal.slide({i})")
                page.wait_for_timeout(100)
                info = page.evaluate(SLIDE_INFO)
                titles.append(info["title"])
                assert info["scrollHeight"] <= info["clientHeight"] + 1, (i, info)
                assert info["minTableFont"] is None or info["minTableFont"] >= 18, (i, info)
                assert info["width"] == 1280
            page.evaluate(f"Reveal.slide({titles.index('Wat het meest terugkomt')})")
            page.wait_for_timeout(300)
            current = page.locator(".reveal .slides section.present:not(.stack)")
            assert "Wat het meest terugkomt" in current.text_content()
            loaded = page.evaluate("Array.from(document.querySelectorAll('section.present:not(.stack) img.wb-figure')).map(i => i.complete && i.naturalWidth)")
            assert loaded and all(w > 100 for w in loaded)
            box = current.bounding_box()
            assert box and box["height"] > 200
            page.screenshot(path=str(ARTIFACTS / "slide-codes.png"))
            page.evaluate(f"Reveal.slide({titles.index('Positieve Gezondheid')})")
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


SLIDE_INFO = """() => {
  const s = document.querySelector('.reveal .slides section.present:not(.stack)');
  const cells = Array.from(s.querySelectorAll('.wb-table td, .wb-table th')).map(c => parseFloat(getComputedStyle(c).fontSize));
  const h = s.querySelector('h1, h2');
  return {title: h ? h.textContent : null, scrollHeight: s.scrollHeight, clientHeight: s.clientHeight,
          minTableFont: cells.length ? Math.min(...cells) : null, width: Reveal.getConfig().width};
}"""


@pytest.mark.slow
def test_reports_pdf_is_a4_and_every_table_inside_the_page(run_all):
    """Each PDF page is A4 (not Letter); every table cell's text is on the printed page
    (pdftotext), pages render (pdftoppm), and in chromium's print layout no table is wider
    than the page and nothing scrolls (a printed scrollbar)."""
    import subprocess

    pytest.importorskip("playwright")
    from playwright.sync_api import sync_playwright

    result, _ = run_all
    for rep in result.reports:
        pdf = Path(rep["files"]["pdf"])
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True).stdout
        sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
        assert sizes, rep["name"]
        for w, h in sizes:
            assert abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2, (rep["name"], w, h)  # A4 (Letter is 612 x 792)
        printed = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        tree = lxml.html.fromstring(Path(rep["files"]["html"]).read_text(encoding="utf-8"))
        cells = [re.sub(r"\s+", "", c.text_content()) for c in tree.xpath("//table[contains(@class, 'wb-table')]//td | //table[contains(@class, 'wb-table')]//th")]
        missing = [c for c in cells if c and c not in printed]
        assert not missing, (rep["name"], missing[:5])
        out = pdf.parent / f"{pdf.stem}-page"
        subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(out)], check=True)
        assert len(list(pdf.parent.glob(f"{pdf.stem}-page*.png"))) == len(sizes)
    exe = shutil.which("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 690, "height": 1000})  # A4 less 2 x 14 mm margins at 96 dpi
            page.emulate_media(media="print")
            for rep in result.reports:
                page.goto(Path(rep["files"]["html"]).as_uri())
                wide = page.evaluate("""() => {
                  const out = [];
                  for (const t of document.querySelectorAll('table.wb-table')) {
                    if (t.getBoundingClientRect().right > document.documentElement.clientWidth + 1) out.push('table wider than the page');
                    for (let e = t.parentElement; e; e = e.parentElement)
                      if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') out.push('scrolls: ' + e.className);
                  }
                  return out; }""")
                assert wide == [], (rep["name"], wide[:3])
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
