"""Street names without a house number (workbench.corpus.pseudonymise.streets)."""

from __future__ import annotations

import pytest


def test_pseudonymise_streets_without_a_house_number(fresh):
    result = fresh("Ze woont in de Vlinderstraat, vlak bij de kerk. We liepen op de Kerkstraat naar huis, over de Prins Hendrikstraat.")
    assert "Vlinderstraat" not in result.text and "Kerkstraat" not in result.text and "Hendrikstraat" not in result.text
    assert {r.tag for r in result.replacements} == {"LOCATIE"}
    assert "Prins" not in result.text  # the whole street name, not a person 'Prins Hendrik'


@pytest.mark.parametrize(
    "text",
    [
        "Op de snelweg stond file; het binnenhof van het complex is mooi aangelegd.",
        "Snelweg A12 was dicht. Het debat op het Binnenhof duurde lang.",
        "Van de Kerkstraat is hij nooit weggegaan.",
    ],
)
def test_pseudonymise_words_with_a_street_ending_stay(fresh, text):
    result = fresh(text)
    if "Kerkstraat" in text:
        assert result.text.startswith("Van de [LOCATIE-1] is")
    else:
        assert result.text == text
