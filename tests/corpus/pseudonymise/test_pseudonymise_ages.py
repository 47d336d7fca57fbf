"""Ages and dates (workbench.corpus.pseudonymise.ages): ages in every form, years of a life; other numbers stay."""

from __future__ import annotations

import re

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


# -- the ages issue 18's note left in clear ------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("Hij 84 en zij 80, ze redden zich samen nog goed.", ("84", "80")),
        ("Ik 79, mijn man 83: we doen het samen.", ("79", "83")),
        ("Vorig jaar, toen ze honderd werd, kwam de burgemeester.", ("honderd",)),
        ("Als ik negentig word, geef ik een feest.", ("negentig",)),
        ("Voordat hij 75 jaar werd, woonde hij alleen.", ("75",)),
        ("Mijn moeder, die nu in het verpleeghuis woont, is 93.", ("93",)),
        ("De buurman, zo'n lieve man, is inmiddels 88 en woont alleen.", ("88",)),
        ("Gerrit, de vrijwilliger van de dinsdag, is al 77 jaar.", ("77",)),
        ("Toen meneer Jansen honderd werd, stond het hele dorp er.", ("honderd",)),
        ("De oudste bewoner is honderd jaar en woont nog zelfstandig.", ("honderd",)),
        ("Ik werk 32 uur en heb twee kinderen van 8 en 11.", ("8", "11")),
    ],
)
def test_pseudonymise_ages_in_pairs_with_worden_and_after_a_clause(fresh, text, ages):
    result = fresh(text)
    found = sorted(r.original for r in result.replacements if r.tag == "LEEFTIJD")
    assert found == sorted(ages), found
    assert not any(a in re.sub(r"\[[^\]]*\]", "", result.text) for a in ages)  # "[80-89]" itself holds an 80


@pytest.mark.parametrize(
    "text",
    [
        "Wij 15 en zij 20: zo verdeelden we de tafels.",  # counts of people per side
        "Ze zijn 12, de kinderen van de school, en ze komen elke week.",
        "De bus, die elke dag rijdt, is 15 minuten te laat.",
        "Het huis, dat aan de dijk staat, is 80 jaar oud.",
        "Toen het 12 uur werd, gingen we eten.",
        "De club, opgericht door buren, is 40 jaar actief.",
        "Toen Het Anker 25 werd, vierden we feest.",  # "Het": a function word, no person
        "De vrijwilliger is 3 keer per week hier; de kinderen van 2 gezinnen komen ook.",
    ],
)
def test_pseudonymise_numbers_near_those_forms_that_are_no_ages_stay(fresh, text):
    assert [r.original for r in fresh(text).replacements if r.tag == "LEEFTIJD"] == []


def test_pseudonymise_a_things_age_stays_a_persons_goes(fresh):
    """deduce tags "80 jaar oud" whatever is that old; the subject of the sentence decides."""
    text = "Het huis, dat aan de dijk staat, is 80 jaar oud. Haar buurman is 80 jaar oud. Het meisje is 12 jaar oud."
    found = [(r.original, r.start) for r in fresh(text).replacements if r.tag == "LEEFTIJD"]
    assert [a for a, _ in found] == ["80", "12"] and found[0][1] > text.index("buurman")
