"""Turn an executed report notebook into an HTML page, reveal.js slides, a PDF and a
PowerPoint deck, none of which loads anything from the network.

- HTML: nbconvert's lab template without require.js, MathJax and mermaid
  (``templates/wb_html``), code hidden, figures already ``data:`` URIs.
- Slides: nbconvert's reveal template with reveal.js 4.0.2 (vendored, MIT) inlined
  (``templates/wb_slides``): one self-contained file.
- PDF: Debian's chromium prints the HTML page (``chromium --headless --print-to-pdf``).
- PowerPoint: python-pptx, from the sections' JSON in the executed notebook
  (:data:`workbench.reports.sections.MIME`), so the deck says what the page says.

Every HTML file written is checked by :func:`network_urls`; a reference to the network
is an :class:`ExportError`, never a silently broken offline page.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from workbench.errors import ExportError
from workbench.i18n import add, t

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
REVEAL = HERE / "static" / "reveal.js-4.0.2"
FORMATS = ("html", "slides", "pptx", "pdf", "ipynb")
#: where a missing chromium is reported (the program's name)
WHERE_CHROMIUM = "chromium"

add("report_not_offline", nl="de pagina zou {n} bestand(en) van internet laden, bijv. {example}", en="the page would load {n} thing(s) from the network, e.g. {example}")
add("report_not_offline_fix", nl="meld dit als fout in de workbench: rapporten moeten zonder internet openen", en="report this as a bug: reports must open offline")
add(
    "report_template_changed",
    nl="de dia's konden niet gemaakt worden: het sjabloon van nbconvert (het programma dat de dia's maakt) is veranderd, {pattern} staat er niet precies één keer in",
    en="the slides could not be made: the template of nbconvert (the program that makes them) has changed, it no longer links {pattern} once",
)
add("report_template_changed_fix", nl="laat slides weg uit --format, en meld het: workbench/reports/export.py moet het nieuwe sjabloon volgen", en="leave slides out of --format, and report it: workbench/reports/export.py must follow the new template")
add("report_no_chromium", nl="geen chromium gevonden om de PDF te maken", en="no chromium found on PATH to print the PDF")
add("report_no_chromium_fix", nl="installeer het (apt-get install -y --no-install-recommends chromium), of laat pdf weg uit --format", en="apt-get install -y --no-install-recommends chromium, or leave pdf out of --format")
add("report_pdf_timeout", nl="chromium was na {seconds} s nog niet klaar met de PDF", en="chromium did not finish printing within {seconds} s")
add("report_pdf_timeout_fix", nl="probeer het opnieuw; lukt het steeds niet, laat dan pdf weg uit --format", en="try again; leave pdf out of --format if it keeps failing")
add("report_pdf_failed", nl="chromium kon de PDF niet maken (code {code}: {detail})", en="chromium could not print the PDF (exit {code}: {detail})")
add("report_pdf_failed_fix", nl="kijk of chromium werkt: chromium --headless --version", en="check that chromium runs: chromium --headless --version")

CSS = """
body { font-family: "Source Sans Pro", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
.jp-Notebook { max-width: 1100px; margin: 0 auto; }
.wb-section h1 { font-size: 2.2em; margin-bottom: 0.2em; }
.wb-section h2 { font-size: 1.6em; border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; margin-top: 1.2em; }
.wb-lead { font-size: 1.15em; }
.wb-note { color: #444; font-style: italic; }
.wb-figure { max-width: 100%; height: auto; }
.wb-table { border-collapse: collapse; margin: 0.8em 0; font-size: 1em; }
.wb-table th, .wb-table td { border-bottom: 1px solid #ccc; padding: 0.3em 0.8em; text-align: left; vertical-align: top; }
.wb-table th { border-bottom: 2px solid #333; }
.jp-RenderedHTMLCommon .wb-table td, .jp-RenderedHTMLCommon .wb-table th { text-align: left !important; }
.wb-quote { border-left: 6px solid #E69F00; margin: 1em 0; padding: 0.2em 1em; background: #fdf6e9; font-size: 1.1em; }
.wb-quote footer { color: #444; font-size: 0.9em; }
.wb-quote-code { font-weight: bold; color: #0072B2; margin-bottom: 0.2em; }
.wb-untranslated { font-size: 0.8em; color: #a04000; }
.wb-table { max-width: 100%; }
.wb-table td, .wb-table th { overflow-wrap: break-word; }  /* whole words: never "oordee/l" */
/* print (the PDF): A4, every table inside the page (wrapped, smaller type), no scrollbar */
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { margin: 0; }
  .jp-Notebook { max-width: none; padding: 0; }
  .jp-Cell, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output, .jp-RenderedHTMLCommon { overflow: visible !important; padding: 0 !important; margin-left: 0 !important; }
  .jp-OutputPrompt, .jp-InputPrompt { display: none !important; }
  .wb-table { width: 100%; font-size: 9pt; }
  .wb-table th, .wb-table td { padding: 0.2em 0.4em; }
  .wb-table tr, .wb-quote, figure { break-inside: avoid; }
  .wb-figure { max-width: 100%; max-height: 230mm; }
  ::-webkit-scrollbar { display: none; }
}
"""

SLIDES_CSS = """
.reveal { font-family: "Source Sans Pro", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
.reveal .slides { text-align: left; }
.reveal .slides section { height: 100%; overflow-y: auto; }
.reveal .wb-section h1 { font-size: 1.7em; }
.reveal .wb-section h1, .reveal .wb-section h2 { text-transform: none; }
.reveal .wb-section h2 { font-size: 1.3em; margin-bottom: 0.3em; }
.reveal .wb-lead, .reveal .wb-note { font-size: 0.6em; }
.reveal .wb-section { display: grid; grid-template-columns: 3fr 2fr; column-gap: 24px; align-items: start; }
.reveal .wb-section > h1, .reveal .wb-section > h2, .reveal .wb-section > p, .reveal .wb-section > blockquote { grid-column: 1 / -1; }
.reveal .wb-section > figure { grid-column: 1; margin: 0; }
.reveal .wb-section > table { grid-column: 2; }
.reveal .wb-section > figure:last-child, .reveal .wb-section > table:only-of-type:not(figure ~ table) { grid-column: 1 / -1; }
.reveal img.wb-figure { max-height: 520px; max-width: 100%; margin: 0; border: 0; box-shadow: none; }
.reveal .wb-table { font-size: 20px; }
.reveal .wb-table th, .reveal .wb-table td { padding: 0.15em 0.5em; }
.reveal .wb-quote { font-size: 22px; width: 95%; box-shadow: none; }
.reveal .jp-OutputArea-output, .reveal .jp-RenderedHTMLCommon { font-size: 28px; }
"""

_NET = re.compile(r"""<(script|link|img|style|iframe|source|video|audio)\b[^>]*?\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
_CSS_NET = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*["']?\s*(?:https?:)?//""", re.I)


def network_urls(html: str) -> list[str]:
    """Every script/link/img/style (and CSS import or url()) that points to the network."""
    found = [m.group(0)[:120] for m in _NET.finditer(html)]
    for block in re.findall(r"<style\b[^>]*>(.*?)</style>", html, flags=re.S | re.I):
        found.extend(m.group(0)[:120] for m in _CSS_NET.finditer(block))
    found.extend(m.group(0)[:120] for m in re.finditer(r"""\bimport\s*\(?\s*["']https?://""", html))
    return found


def _check_offline(html: str, path: Path) -> str:
    bad = network_urls(html)
    if bad:
        raise ExportError(str(path), t("report_not_offline", n=len(bad), example=repr(bad[0])), t("report_not_offline_fix"))
    return html


def _exporter(kind: str) -> Any:
    from nbconvert import HTMLExporter, SlidesExporter

    cls = SlidesExporter if kind == "slides" else HTMLExporter
    exporter = cls(
        extra_template_basedirs=[str(TEMPLATES)],
        template_name="wb_slides" if kind == "slides" else "wb_html",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    if isinstance(exporter, SlidesExporter):
        exporter.reveal_url_prefix = "wb-reveal"
        exporter.reveal_theme = "white"  # the vendored theme (others import web fonts)
    return exporter


def _title(nb: Any) -> str:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            from workbench.reports.sections import MIME

            if MIME in data and data[MIME].get("key") == "title":
                return str(data[MIME]["title"])
    import workbench.reports.texts  # noqa: F401  (registers the report's words)

    return str(nb.metadata.get("title") or t("report_document_title", _lang(nb)))


def to_html(nb: Any, path: Path) -> Path:
    """The report as one HTML page, code hidden, nothing from the network."""
    nb.metadata["title"] = _title(nb)
    body, _ = _exporter("html").from_notebook_node(nb, resources={"wb_css": CSS, "language_code": _lang(nb)})
    path.write_text(_check_offline(body, path), encoding="utf-8")
    return path


def _reveal_css() -> tuple[str, str]:
    css = (REVEAL / "reveal.css").read_text(encoding="utf-8")
    theme = re.sub(r"@import\s+url\([^)]*\);?", "", (REVEAL / "white.css").read_text(encoding="utf-8"))
    return css, theme


def to_slides(nb: Any, path: Path) -> Path:
    """reveal.js slides in one file (reveal.js inlined): opens offline."""
    import copy

    nb = copy.deepcopy(nb)
    nb.metadata["title"] = _title(nb)
    for cell in nb.cells:  # papermill's injected parameters (and any cell without output) are no slide
        if not cell.get("outputs"):
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "skip"
    nb.cells = [part for cell in nb.cells for part in _split_slides(cell)]
    js = (REVEAL / "reveal.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    body, _ = _exporter("slides").from_notebook_node(nb, resources={"wb_css": CSS + SLIDES_CSS, "wb_reveal_js": js, "language_code": _lang(nb)})
    css, theme = _reveal_css()
    links = {
        r'<link[^>]*href="wb-reveal/dist/reveal\.css"[^>]*>': f'<style type="text/css">\n{css}\n</style>',
        r'<link[^>]*href="wb-reveal/dist/theme/white\.css"[^>]*>': f'<style type="text/css" id="theme">\n{theme}\n</style>',
    }
    for pattern, style in links.items():
        body, n = re.subn(pattern, lambda _m, style=style: style, body)  # type: ignore[misc]
        if n != 1:
            raise ExportError(str(path), t("report_template_changed", pattern=repr(pattern)), t("report_template_changed_fix"))
    path.write_text(_check_offline(body, path), encoding="utf-8")
    return path


#: what fits on a 1280 x 800 slide under its heading (measured in chromium): quotes at
#: 22 px, about 95 characters a line, each quote its lines plus six (code, source, margins)
SLIDE_QUOTE_LINES, SLIDE_CHARS_PER_LINE, SLIDE_QUOTE_EXTRA = 21, 95, 6
#: tables at 20 px: lines of table text a slide holds (a row takes its longest cell's lines)
SLIDE_TABLE_LINES, SLIDE_TABLE_WIDTH, SLIDE_CHAR_PX = 19, 1150, 11.5
#: the same on a PowerPoint slide (13.33 x 7.5 in, quotes at 18 pt in a 12.1 in box)
PPTX_QUOTE_LINES, PPTX_CHARS_PER_LINE = 17, 90


def quote_pages(quotes: list[dict[str, Any]], lines: int, chars_per_line: int, lang: str = "nl", extra: int = 3) -> list[list[dict[str, Any]]]:
    """The quotes split over as many slides as their measured text needs: a slide never
    overflows (each quote takes its wrapped lines plus ``extra`` for its code and source).

    >>> len(quote_pages([{"text": "x" * 400}] * 4, lines=17, chars_per_line=95))
    2
    """
    pages: list[list[dict[str, Any]]] = [[]]
    used = 0
    for q in quotes:
        shown = (q.get("translation") or q["text"]) if lang == "en" else q["text"]
        need = -(-len(shown) // chars_per_line) + extra
        if pages[-1] and used + need > lines:
            pages.append([])
            used = 0
        pages[-1].append(q)
        used += need
    return [p for p in pages if p]


def table_pages(
    columns: list[str], rows: list[list[str]], lines: float = SLIDE_TABLE_LINES, chars: float = SLIDE_TABLE_WIDTH / SLIDE_CHAR_PX, pad: float = 0.3
) -> list[list[list[str]]]:
    """Table rows split over slides by their measured text (a row is as tall as its
    longest cell wrapped in its column), the header counted on every slide.

    >>> len(table_pages(["a", "b"], [["x" * 10, "y"]] * 20))
    2
    """
    per_line = max(8, int(chars / max(1, len(columns))))

    def height(cells: list[str]) -> float:
        return max([-(-len(c) // per_line) for c in cells] + [1]) + pad  # a cell's margins

    pages: list[list[list[str]]] = [[]]
    used = height(columns)
    for row in rows:
        need = height(row)
        if pages[-1] and used + need > lines:
            pages.append([])
            used = height(columns)
        pages[-1].append(row)
        used += need
    return [p for p in pages if p]


_BLOCK = re.compile(r'<figure>.*?</figure>|<table class="wb-table">.*?</table>|<blockquote class="wb-quote".*?</blockquote>', re.S)


def _split_slides(cell: Any) -> list[Any]:
    """A section cell as one or more slides, none of which overflows: the figure on its
    own slide, the table on the next (its rows spread by :func:`table_pages`), the quotes
    spread by :func:`quote_pages`. Later slides repeat the heading, not the lead text."""
    import copy

    from workbench.reports.sections import MIME, Table

    outs = cell.get("outputs", [])
    at = next((i for i, out in enumerate(outs) if MIME in out.get("data", {})), None)
    if at is None:
        return [cell]
    sec, html = outs[at]["data"][MIME], outs[at]["data"].get("text/html", "")
    first = _BLOCK.search(html)
    if first is None:
        return [cell]
    head = html[: first.start()]
    title_only = re.sub(r'<p class="wb-(lead|note)">.*?</p>\n?', "", head, flags=re.S)
    bodies: list[str] = []
    figure = re.search(r"<figure>.*?</figure>", html, flags=re.S)
    if figure:
        bodies.append(figure.group(0))
    table = sec.get("table")
    if table and table["rows"]:
        bodies += [Table(tuple(table["columns"]), tuple(tuple(r) for r in page)).to_html() for page in table_pages(table["columns"], table["rows"])]
    quotes = {key: block for block, key in re.findall(r'(<blockquote class="wb-quote" data-quote="([^"]*)">.*?</blockquote>)', html, flags=re.S)}
    for page in quote_pages(sec.get("quotes") or [], SLIDE_QUOTE_LINES, SLIDE_CHARS_PER_LINE, sec.get("lang", "nl"), SLIDE_QUOTE_EXTRA):
        bodies.append("\n".join(quotes.get(html_escape(q["key"]), "") for q in page))
    if len(bodies) <= 1:
        return [cell]
    cells = []
    for n, body in enumerate(bodies):
        part = copy.deepcopy(cell)
        part["outputs"][at]["data"]["text/html"] = (head if n == 0 else title_only) + body + "\n</div>"
        if n:
            part.metadata.setdefault("slideshow", {})["slide_type"] = "slide"
            if "id" in part:
                part["id"] = f"{cell['id'][:50]}-{n}"  # cell ids are unique
        cells.append(part)
    return cells


def html_escape(text: str) -> str:
    import html

    return html.escape(text)


def _lang(nb: Any) -> str:
    from workbench.reports.sections import MIME

    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if MIME in out.get("data", {}):
                return str(out["data"][MIME].get("lang", "nl"))
    return "nl"


def chromium() -> str:
    """Path of Debian's chromium; ExportError with the install command when missing."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise ExportError(WHERE_CHROMIUM, t("report_no_chromium"), t("report_no_chromium_fix"))


class PdfJob:
    """A chromium process printing one page; :meth:`wait` returns the PDF's path."""

    def __init__(self, html_path: Path, path: Path, timeout: float = 90) -> None:
        self.html_path, self.path, self.timeout = html_path, path, timeout
        self._profile = tempfile.TemporaryDirectory(prefix="wb-chromium-")
        cmd = [
            chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-extensions", "--no-first-run", "--no-pdf-header-footer",
            f"--user-data-dir={self._profile.name}", f"--print-to-pdf={path}", html_path.resolve().as_uri(),
        ]
        self._proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait(self) -> Path:
        try:
            _, err = self._proc.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.communicate()
            raise ExportError(str(self.html_path), t("report_pdf_timeout", seconds=f"{self.timeout:.0f}"), t("report_pdf_timeout_fix")) from None
        finally:
            self._profile.cleanup()
        if self._proc.returncode != 0 or not self.path.exists() or self.path.stat().st_size == 0:
            tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise ExportError(str(self.html_path), t("report_pdf_failed", code=self._proc.returncode, detail=tail[0][:200]), t("report_pdf_failed_fix"))
        return self.path


def start_pdf(html_path: Path, path: Path) -> PdfJob:
    """Start printing the HTML page to PDF with headless chromium; ``.wait()`` for the file."""
    return PdfJob(html_path, path)


def to_pdf(html_path: Path, path: Path) -> Path:
    """Print the HTML page to PDF with headless chromium (no network, no browser download)."""
    return start_pdf(html_path, path).wait()


# -- PowerPoint -----------------------------------------------------------------------
def sections_of(nb: Any) -> list[dict[str, Any]]:
    """The sections' JSON from an executed report notebook, in order."""
    from workbench.reports.sections import MIME

    return [out["data"][MIME] for cell in nb.cells for out in cell.get("outputs", []) if MIME in out.get("data", {})]


#: table type on a slide: 14 pt is 18.7 px on a 1280 px wide slide (13.33 in), readable
#: from the back of a room; rows that do not fit (measured by :func:`table_pages`: lines of
#: 0.23 in, about 110 characters across the 12.3 in table) go on the next slide
PPTX_TABLE_PT, PPTX_TABLE_LINES, PPTX_TABLE_CHARS, PPTX_TABLE_PAD = 14, 22, 110, 0.45


class _Deck:
    """A 16:9 PowerPoint deck being built: every slide has a title in the layout's title
    placeholder (PowerPoint's outline and accessibility checker read it)."""

    def __init__(self) -> None:
        from pptx import Presentation
        from pptx.util import Inches

        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Inches(13.333), Inches(7.5)
        self.title_layout = self.prs.slide_layouts[0]
        self.titled = self.prs.slide_layouts[5]  # "Title Only"

    def slide(self, title: str) -> Any:
        from pptx.util import Inches, Pt

        slide = self.prs.slides.add_slide(self.titled)
        head = slide.shapes.title
        head.left, head.top, head.width, head.height = Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.9)
        head.text = title
        for p in head.text_frame.paragraphs:
            p.font.size, p.font.bold = Pt(32), True
            p.alignment = 1  # left
        return slide

    def lines(self, slide: Any, texts: list[str], top: float, size: int = 18, height: float = 1.0) -> None:
        from pptx.util import Inches, Pt

        box = slide.shapes.add_textbox(Inches(0.6), Inches(top), Inches(12.1), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        for i, text in enumerate(texts):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            p.text = text
            p.font.size = Pt(size)


def to_pptx(nb: Any, path: Path) -> Path:
    """A 16:9 PowerPoint deck: a title slide, then per section its figure, table and
    quotes; every slide titled, tables at 14 pt (split over slides), quotes spread so
    that no slide overflows."""
    deck = _Deck()
    for sec in sections_of(nb):
        if sec["key"] == "title":
            _pptx_title(deck, sec)
            continue
        slide, top = _pptx_intro(deck, sec)
        if sec.get("figure"):
            _pptx_figure(slide, sec["figure"], top)
        table = sec.get("table")
        if table and table["rows"]:
            _pptx_table(deck, sec, slide if not sec.get("figure") else None, top)
        if sec.get("quotes"):
            _pptx_quotes(deck, sec)
    deck.prs.save(str(path))
    return path


def _pptx_title(deck: _Deck, sec: dict[str, Any]) -> None:
    slide = deck.prs.slides.add_slide(deck.title_layout)
    slide.shapes.title.text = sec["title"]
    slide.placeholders[1].text = "\n".join([*sec.get("notes", []), sec.get("text", "")])


def _pptx_intro(deck: _Deck, sec: dict[str, Any]) -> tuple[Any, float]:
    """The section's first slide with its lead text and notes; returns it and where content starts."""
    slide = deck.slide(sec["title"])
    top = 1.2
    intro = ([sec["text"]] if sec.get("text") else []) + list(sec.get("notes", []))
    if intro:
        deck.lines(slide, intro, top, size=16, height=0.8)
        top += 0.5 + 0.35 * len(intro)
    return slide, top


def _pptx_figure(slide: Any, fig: dict[str, Any], top: float) -> None:
    """The figure scaled into what is left of the slide, centred; its alt text as the slide's notes."""
    from PIL import Image
    from pptx.util import Emu, Inches

    png = base64.b64decode(fig["png"])
    w, h = Image.open(io.BytesIO(png)).size
    max_w, max_h = 12.3, 7.3 - top
    scale = min(max_w / (w / 100), max_h / (h / 100))
    pic_w, pic_h = w / 100 * scale, h / 100 * scale
    slide.shapes.add_picture(io.BytesIO(png), Inches(0.5 + (max_w - pic_w) / 2), Inches(top), Emu(int(Inches(pic_w))), Emu(int(Inches(pic_h))))
    if fig.get("alt"):
        slide.notes_slide.notes_text_frame.text = fig["alt"]


def _pptx_table(deck: _Deck, sec: dict[str, Any], slide: Any | None, top: float) -> None:
    """The table at 14 pt, as many rows a slide as fit (the header repeated);
    on ``slide`` when it has room, else on slides of its own."""
    from pptx.util import Inches, Pt

    table = sec["table"]
    cols = len(table["columns"])
    pages = table_pages(table["columns"], table["rows"], PPTX_TABLE_LINES - (top - 1.3) / 0.23, PPTX_TABLE_CHARS, PPTX_TABLE_PAD)
    for n, chunk in enumerate(pages):
        if slide is None or n:
            slide, top = deck.slide(sec["title"]), 1.3
        shape = slide.shapes.add_table(len(chunk) + 1, cols, Inches(0.5), Inches(top), Inches(12.3), Inches(0.45 * (len(chunk) + 1)))
        grid = shape.table
        for j, name in enumerate(table["columns"]):
            grid.cell(0, j).text = name
        for i, row in enumerate(chunk, start=1):
            for j, value in enumerate(row):
                grid.cell(i, j).text = value
        for r in grid.rows:
            for c in r.cells:
                for p in c.text_frame.paragraphs:
                    p.font.size = Pt(PPTX_TABLE_PT)


def _pptx_quotes(deck: _Deck, sec: dict[str, Any]) -> None:
    """The quotes over as many slides as their text needs (:func:`quote_pages`)."""
    lang = sec.get("lang", "nl")
    for page in quote_pages(sec["quotes"], PPTX_QUOTE_LINES, PPTX_CHARS_PER_LINE, lang):
        slide = deck.slide(sec["title"])
        texts: list[str] = []
        for q in page:
            shown = (q["translation"] or q["text"]) if lang == "en" else q["text"]
            who = " · ".join(x for x in (q.get("role"), q.get("kind"), q.get("initiative")) if x)
            code = sec.get("meta", {}).get("codes", {}).get(q["key"])
            texts += ([code] if code else []) + [f"“{shown}”", f"— {who}", ""]
        deck.lines(slide, texts, 1.3, size=18, height=5.8)
