"""Ages and dates (workbench.corpus.pseudonymise.ages): ages in every form, years of a life; other numbers stay."""

from __future__ import annotations

import pytest

from workbench.corpus.pseudonymise import (
    Pseudonymiser,
)


def test_pseudonymise_birth_date_bsn_and_care_facility(pseudonymiser):
    text = "Hij is geboren op 3 mei 1941, zijn BSN is 123456782, en hij woont in verpleeghuis De Lindehof."
    result = pseudonymiser(text)
    assert "3 mei 1941" not in result.text
    assert "123456782" not in result.text
    assert "Lindehof" not in result.text
    assert "verpleeghuis [ZORGINSTELLING-1]" in result.text


@pytest.mark.parametrize(
    ("text", "generalised", "gone"),
    [
        ("Ik ben 67 en woon hier sinds 1998.", "Ik ben [60-69] en woon hier sinds [1990-1999].", ("67", "1998")),
        ("Mijn moeder van 93 woont nog thuis.", "Mijn moeder van [90+] woont nog thuis.", ("93",)),
        ("Een man van 84 jaar kwam binnen.", "Een man van [80-89] jaar kwam binnen.", ("84",)),
        ("Ze werd geboren in 1941 en trouwde in 1965.", "Ze werd geboren in [1940-1949] en trouwde in [1960-1969].", ("1941", "1965")),
    ],
)
def test_pseudonymise_ages_and_life_years(deduce_ready, text, generalised, gone):
    assert Pseudonymiser()(text).text == generalised
    replaced = Pseudonymiser(ages="replace", years="replace")(text)
    assert not any(g in replaced.text for g in gone) and ("[LEEFTIJD-1]" in replaced.text or "[JAARTAL-1]" in replaced.text)
    assert Pseudonymiser(ages="keep", years="keep")(text).text == text


def test_pseudonymise_years_of_policy_stay(fresh):
    text = "Sinds 2015 voeren gemeenten de Wmo uit; in 2023 kwam het GALA."
    assert fresh(text).text == text


def test_pseudonymise_dates_of_birth_go_dates_of_letters_stay(deduce_ready):
    text = "Den Haag, 6 juli 2023. Mevrouw is geboren op 12 februari 1943."
    result = Pseudonymiser(keep=["Den Haag"])(text)
    assert "6 juli 2023" in result.text and "12 februari 1943" not in result.text
    assert "6 juli 2023" not in Pseudonymiser(keep=["Den Haag"], dates="all")(text).text


# -- issue 18: what was left in clear -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "generalised"),
    [
        ("Gesprek met bewoner Gerda van Leeuwen (81), bij haar thuis.", "[80-89]"),
        ("Nou, dus eh... eenentachtig ben ik nu.", "[80-89]"),
        ("Mijn buurman, die is 91, komt elke dag.", "[90+]"),
        ("Wil is zelf al 81 en zorgt voor haar man.", "[80-89]"),
        ("Dan zie je een man van negentig naast een meisje van zestien.", "[90+]"),
        ("Achtenzeventig is hij, en hij wordt niet beter.", "[70-79]"),
        ("Ik (74) doe mee sinds het begin.", "[70-79]"),
    ],
)
def test_pseudonymise_ages_in_other_forms(fresh, text, generalised):
    result = fresh(text)
    assert generalised in result.text
    assert not any(w in result.text.lower() for w in ("81", "91", "negentig", "eenentachtig", "78", "achtenzeventig", "74"))
    replaced = Pseudonymiser(ages="replace")(text)
    assert "[LEEFTIJD-1]" in replaced.text
    assert not any(r.tag == "LEEFTIJD" for r in Pseudonymiser(ages="keep")(text).replacements)


@pytest.mark.parametrize(
    "text",
    [
        "Ze woont op nummer 25. De buurvrouw van nummer 12 kookt.",
        "Ik doe dit al twaalf jaar, en ik ben vijftig jaar met haar getrouwd.",
        "We begonnen met 15 mensen, nu zijn we met 40. Dertig mensen kwamen, drie keer ben ik gevallen.",
        "De maaltijd begint om 12 uur en kost 6 euro (8 met vervoer). Dat is 12. Het is 3 uur.",
        "In de jaren tachtig was er niks. Twintig jaar ben ik vrijwilliger. Zie artikel 3 (2).",
        "De bus, die is 15 minuten te laat. In de jaren zestig was dat anders.",
    ],
)
def test_pseudonymise_numbers_that_are_no_ages_stay(fresh, text):
    assert [r.original for r in fresh(text).replacements if r.tag == "LEEFTIJD"] == []
