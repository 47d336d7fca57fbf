"""Codebook versions: stored when the content changes, diffed field by field."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.codebook import diff_versions, get_version, rename_code, sync_codebook
from workbench.errors import CodebookVersionNotFoundError


def test_versions_stored_once_per_content(store, small_yaml: Path) -> None:
    cb, v1 = sync_codebook(store, small_yaml, "anna")
    assert v1 == 1
    assert sync_codebook(store, small_yaml, "bob")[1] == 1
    # comments and formatting are not content
    small_yaml.write_text(small_yaml.read_text().replace("# hoofdcode", "# de hoofdcode").replace("\n\ncodes:", "\n\n\ncodes:"))
    assert sync_codebook(store, small_yaml, "bob")[1] == 1
    small_yaml.write_text(small_yaml.read_text().replace("Geld van gemeente", "Geld van de gemeente"))
    cb2, v2 = sync_codebook(store, small_yaml, "bob")
    assert v2 == 2
    row = store.codebook_version(2)
    assert row.author == "bob" and row.codebook_id == "test-codeboek"
    assert row.content_hash == cb2.content_hash != cb.content_hash
    assert row.yaml == small_yaml.read_text()
    assert get_version(store, 1) == cb


def test_versions_diff_added_removed_changed(store, small_yaml: Path) -> None:
    sync_codebook(store, small_yaml, "anna")
    text = small_yaml.read_text()
    text = text.replace("Contact met buren en vrijwilligers.", "Contact met buren.")
    text = text.replace("keywords: [contact]", "keywords: [contact, buur]\n        color: \"#ff0000\"")
    text = text.replace(
        "      - id: financiering",
        "      - id: vrijwilligers\n        label: {nl: Vrijwilligers}\n        definition: Wie helpt.\n      - id: financiering",
    )
    text = text.replace("      - id: thuis\n        label: {nl: Langer thuis wonen}\n        definition: Langer in het eigen huis blijven wonen.\n", "")
    text = text.replace("codes: [eenzaamheid, thuis]", "codes: [eenzaamheid]")
    small_yaml.write_text(text)
    sync_codebook(store, small_yaml, "anna")
    diff = diff_versions(store, 1, 2)
    assert [c.id for c in diff.added] == ["vrijwilligers"]
    assert [c.id for c in diff.removed] == ["thuis"]
    [change] = diff.changed
    assert change.code_id == "verbinding"
    fields = {f.field: (f.old, f.new) for f in change.changes}
    assert fields == {
        "definition": ("Contact met buren en vrijwilligers.", "Contact met buren."),
        "keywords": (("contact",), ("contact", "buur")),
        "color": (None, "#ff0000"),
    }
    assert [f.field for f in diff.meta] == ["groups"]
    text = diff.text()
    assert "+ vrijwilligers" in text and "- thuis" in text and "~ verbinding" in text and "definition:" in text
    assert diff_versions(store, 2, 2).is_empty
    back = diff_versions(store, 2, 1)
    assert [c.id for c in back.added] == ["thuis"] and [c.id for c in back.removed] == ["vrijwilligers"]


def test_versions_diff_follows_renames(store, small_yaml: Path) -> None:
    sync_codebook(store, small_yaml, "anna")
    rename_code(store, small_yaml, "verbinding", "contact", author="anna")
    small_yaml.write_text(small_yaml.read_text().replace("Contact met buren", "Contact met de buren"))
    _, v = sync_codebook(store, small_yaml, "anna")
    diff = diff_versions(store, 1, v)
    assert diff.renamed == (("verbinding", "contact"),)
    assert not diff.added and not diff.removed
    [change] = diff.changed
    assert change.old_id == "verbinding" and [f.field for f in change.changes] == ["definition"]
    assert "hernoemen verbinding -> contact" in diff.text()


def test_versions_unknown_number(store, small_yaml: Path) -> None:
    sync_codebook(store, small_yaml, "anna")
    with pytest.raises(CodebookVersionNotFoundError, match="geen codeboekversie 7. Oplossing: opgeslagen versies zijn: 1"):
        diff_versions(store, 1, 7)


def test_versions_diff_and_refusal_in_english_with_lang_en(store, small_yaml: Path) -> None:
    from workbench.i18n import set_language

    sync_codebook(store, small_yaml, "anna")
    rename_code(store, small_yaml, "verbinding", "contact", author="anna")
    dutch = diff_versions(store, 1, 2).text()
    assert dutch.startswith("codeboek test-codeboek: versie 1 -> 2") and "> verbinding hernoemd tot contact" in dutch
    assert "herzieningen die ertussen zijn vastgelegd:" in dutch and "hernoemen verbinding -> contact (versie 2, anna)" in dutch
    set_language("en")
    english = diff_versions(store, 1, 2).text()
    assert english.startswith("codebook test-codeboek: version 1 -> 2") and "> verbinding renamed to contact" in english
    assert "revisions recorded in between:" in english and "rename verbinding -> contact (version 2, anna)" in english
    assert "no changes in content" in diff_versions(store, 2, 2).text()
    with pytest.raises(CodebookVersionNotFoundError, match="no codebook version 7. Fix: stored versions are 1, 2"):
        diff_versions(store, 1, 7)
