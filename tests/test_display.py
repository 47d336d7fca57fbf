"""Rich displays: Document, Codebook, IngestReport and Study read as pages, in the interface language."""

from __future__ import annotations

from pathlib import Path

from workbench.codebook import Codebook
from workbench.corpus.ingest import IngestReport
from workbench.corpus.metadata import Problem
from workbench.corpus.model import Document
from workbench.display import labelled_columns
from workbench.i18n import set_language

REPO = Path(__file__).parent.parent


def test_display_document_shows_facts_and_text_with_pseudonyms_marked():
    doc = Document(
        id="austerlitz-zorgt/interview-01", version=2, text="I: Hoe gaat het?\n\nR: Goed. [PERSOON-1] <komt> langs.", kind="interview",
        source_path="a.docx", content_hash="x", initiative="Austerlitz Zorgt", role="bewoner", date="2024-03-14", n_words=8, replacements={"PERSOON": 1},
    )
    html = doc._repr_html_()
    assert "<h3>austerlitz-zorgt/interview-01</h3>" in html and ">initiatief<" in html and "Austerlitz Zorgt" in html
    assert "<mark>[PERSOON-1]</mark>" in html and "&lt;komt&gt;" in html  # escaped
    set_language("en")
    assert ">initiative<" in doc._repr_html_()


def test_display_long_text_is_cut_and_says_so():
    doc = Document(id="d", version=1, text="woord " * 2000, kind="document", source_path="d.txt", content_hash="x")
    assert "nog 9000 tekens" in doc._repr_html_()


def test_display_codebook_tree():
    html = Codebook.from_yaml(REPO / "codebooks" / "impact-zorgzame-gemeenschappen.yaml")._repr_html_()
    assert "<b>Eenzaamheid en verbinding</b> <code>eenzaamheid-verbinding</code>" in html
    assert html.count("<ul>") == html.count("</ul>") and "44 codes" in html


def test_display_ingest_report():
    report = IngestReport(n_added=3, problems=[Problem("leeg.txt", "error", "the file is empty")])
    html = report._repr_html_()
    assert "Ingelezen" in html and ">nieuw<" in html and "<b>fout</b>: leeg.txt" in html


def test_display_labelled_columns():
    assert labelled_columns(["id", "initiative", "n_words", "doc_id", "is_interviewer", "whatever"]) == ["id", "initiatief", "woorden", "document", "interviewer", "whatever"]
