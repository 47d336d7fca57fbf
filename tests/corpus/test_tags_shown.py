"""A pseudonym tag reads the same on the review page and in a report (one list of placeholders)."""

from __future__ import annotations

import pytest

from workbench.corpus.tags import PLACEHOLDERS, readable_tags
from workbench.reports.data import readable


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("word", [*sorted(PLACEHOLDERS), "JAARTAL", "ONBEKEND"])
def test_tags_read_the_same_on_the_page_and_in_reports(word, lang):
    text = f"Sinds [{word}-3] woont [PERSOON-1] hier."
    assert readable_tags(text, lang) == readable(text, lang)
    assert f"[{word}-3]" not in readable_tags(text, lang)
