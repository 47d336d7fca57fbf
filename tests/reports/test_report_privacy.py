"""Issue 18: what a report says about privacy is what was done and who checked it, as rendered.

Every report used to say "Alle namen en andere herleidbare gegevens zijn vervangen" while a
street name stood in its quotes. It now says how the texts were pseudonymised and how many
documents a researcher read through afterwards, by whom and when (``workbench corpus checked``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest

REPO = Path(__file__).parent.parent.parent


@pytest.fixture
def small_study(study_dir, deduce_ready):
    import workbench as wb

    shutil.copytree(REPO / "codebooks", study_dir / "codebooks")
    with wb.open_study(study_dir) as study:
        study.ingest(workers=0)
    return study_dir


def _rendered(root: Path, lang: str = "nl", initiative: str | None = "Austerlitz Zorgt") -> tuple[str, str]:
    from workbench import reports

    data = reports.load_report(root, initiative=initiative, lang=lang)
    text = [" ".join(lxml.html.fromstring(getattr(reports, name)(data).to_html()).text_content().split()) for name in ("title", "methods")]
    return text[0], text[1]


def test_report_says_what_was_done_never_that_nothing_is_left(small_study):
    from workbench.corpus.pseudonymise.deduce_wiring import _deduce_version

    title, methods = _rendered(small_study)
    assert "Alle namen" not in title + methods and "herleidbare gegevens zijn vervangen" not in title + methods
    assert f"gepseudonimiseerd met deduce {_deduce_version()} en de eigen regels van de workbench" in title
    assert "Geen van de 7 documenten is daarna door een onderzoeker nagelezen" in title
    assert "Nagelezen na het pseudonimiseren: nog geen van de 7 documenten." in methods


def test_report_names_who_checked_how_many_and_when(small_study):
    import workbench as wb
    from workbench.store import now

    with wb.open_study(small_study) as study:
        study.mark_checked("interview", by="lian")
        study.mark_checked("verhaal", by="sanne")
        study.mark_checked("vrijwilliger", by="lian")  # another initiative: not in this report
    today = now()[:10]
    title, methods = _rendered(small_study)
    assert f"Daarna nagelezen door lian, sanne (op {today}): 2 van de 7 documenten." in title
    assert f"Nagelezen na het pseudonimiseren: 2 van de 7 documenten, door lian, sanne (op {today})." in methods
    title_en, methods_en = _rendered(small_study, lang="en")
    assert f"Then read through by lian, sanne (on {today}): 2 of the 7 documents." in title_en
    assert "All names" not in title_en + methods_en
    cross, _ = _rendered(small_study, initiative=None)
    assert "3 van de " in cross


def test_report_a_new_version_needs_checking_again(small_study):
    import workbench as wb

    with wb.open_study(small_study) as study:
        study.mark_checked("interview", by="lian")
        doc = study.corpus.get("interview")
        study.store.put_document_check(doc.id, doc.version - 1 if doc.version > 1 else 99, "Vorige Lezer")  # another version's check
    title, _ = _rendered(small_study)
    assert "nagelezen door lian (" in title and "Vorige Lezer" not in title and "1 van de 7 documenten" in title
