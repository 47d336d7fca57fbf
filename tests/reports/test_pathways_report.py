"""The reports' section on impact pathways (issue 20): the initiative's map, its three
strongest paths with one quote each (never a flagged one), the co-researchers' verdicts; the
cross report comparing pathways; rendered offline in HTML and PowerPoint by the real runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest

import workbench as wb
from workbench import reports

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1", "::1"])]
B = "Voorzorgcirkels"


@pytest.fixture(scope="module")
def linked_demo(demo_coded, tmp_path_factory) -> Path:
    """The coded demo (lian's links included), copied; a Voorzorgcirkels co-researcher flags
    the quote the section would show first and gives verdicts on two links."""
    from workbench.review import invite

    demo_coded.store.engine.dispose()
    root = tmp_path_factory.mktemp("pathways") / "demo"
    shutil.copytree(demo_coded.root, root, ignore=shutil.ignore_patterns("reports"))
    first = reports.impact_pathways(reports.load_report(root, initiative=B)).quotes[0]
    with wb.open_study(root) as study:
        inv = invite(study.store, B, "Kees", role="bewoner", created_by="test")
        study.store.put_quote_verdict(inv.reviewer.id, B, first.span, "identifying")
        study.store.save_link_review(inv.reviewer.id, B, "wederkerigheid", "zingeving", verdict="yes", comment="Zo gaat het bij ons echt")
        study.store.save_link_review(inv.reviewer.id, B, "samenredzaamheid", "mantelzorg-ontlasting", verdict="partly")
    (root / "flagged.txt").write_text(first.text, encoding="utf-8")
    return root


def test_pathways_section_initiative(linked_demo: Path) -> None:
    section = reports.impact_pathways(reports.load_report(linked_demo, initiative=B))
    flagged = (linked_demo / "flagged.txt").read_text(encoding="utf-8")
    assert section.title == "Hoe het initiatief verschil maakt"
    assert section.figure is not None and section.figure.png[:4] == b"\x89PNG" and "verbanden tussen" in section.figure.alt
    assert section.table is not None and 1 <= len(section.table.rows) <= 3
    paths = [row[0] for row in section.table.rows]
    assert "Wederkerigheid \u2192 Zingeving" in paths
    verdict = dict((row[0], row[4]) for row in section.table.rows)
    assert verdict["Wederkerigheid \u2192 Zingeving"] == "klopt 1"
    assert all(flagged not in q.text for q in section.quotes) and len(section.quotes) >= 2
    assert all(q.initiative == B for q in section.quotes)
    assert any("Klopt dit verband? Wederkerigheid \u2192 Zingeving: klopt 1 \u2014 \u201cZo gaat het bij ons echt\u201d" == n for n in section.notes)
    page = lxml.html.fromstring(section.to_html()).text_content()
    assert flagged not in page and "bronnen die het hele pad vertellen" in page


def test_pathways_section_cross_and_english(linked_demo: Path) -> None:
    section = reports.impact_pathways(reports.load_report(linked_demo, lang="en"))
    assert section.title == "How the initiatives make a difference: pathways compared"
    assert section.table is not None and section.table.columns[:2] == ("link", "sources")
    top = section.table.rows[0]
    assert top[0] == "Participation \u2192 Loneliness and connection" and int(top[1]) == sum(int(x) for x in top[2:] if x)


def test_pathways_section_without_links_says_so(tmp_path: Path, demo_template: Path) -> None:
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root, ignore=shutil.ignore_patterns("*.db-wal", "*.db-shm"))
    section = reports.impact_pathways(reports.load_report(root, initiative=B))
    assert section.notes == ("Nog geen gecodeerde verbanden (wat leidde tot wat) voor dit rapport.",) and section.figure is None


@pytest.mark.slow
def test_pathways_in_rendered_reports(linked_demo: Path, tmp_path: Path) -> None:
    """The real runner (papermill + nbconvert + python-pptx): the section is in the HTML and
    the deck of the initiative report and the cross report; the flagged quote in neither."""
    from pptx import Presentation

    from workbench.reports.run import run_reports

    flagged = (linked_demo / "flagged.txt").read_text(encoding="utf-8")[:60]
    result = run_reports(linked_demo, initiatives=[B], cross=True, formats="html,pptx", out=tmp_path / "reports")
    by_name = {r["initiative"]: r for r in result.reports}
    html = Path(by_name[B]["files"]["html"]).read_text(encoding="utf-8")
    tree = lxml.html.fromstring(html)
    [section] = tree.xpath("//div[@id='wb-pathways']")
    text = section.text_content()
    assert "Hoe het initiatief verschil maakt" in text and "Wederkerigheid \u2192 Zingeving" in text and "Zo gaat het bij ons echt" in text
    assert section.xpath(".//img[contains(@class, 'wb-figure')]/@src")[0].startswith("data:image/png;base64,")
    assert flagged not in html
    deck = [" ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in Presentation(by_name[B]["files"]["pptx"]).slides]
    assert any("Hoe het initiatief verschil maakt" in s for s in deck) and not any(flagged in s for s in deck)
    cross = Path(by_name[None]["files"]["html"]).read_text(encoding="utf-8")
    assert "de verbanden vergeleken" in lxml.html.fromstring(cross).xpath("//div[@id='wb-pathways']")[0].text_content()
