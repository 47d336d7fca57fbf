"""Names that are words (workbench.corpus.pseudonymise.words): cues, apposition, sentence starts, ordinary words."""

from __future__ import annotations

import pytest

from workbench.corpus.pseudonymise import (
    Pseudonymiser,
)


def test_pseudonymise_sentence_start_words_are_not_names(pseudonymiser):
    result = pseudonymiser("Stil. Het was zo stil in huis. Mooi, zei ze.")
    assert result.text.startswith("Stil. Het was zo stil")
    assert "Mooi," in result.text


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("Ze heeft drie weken in het ziekenhuis gelegen.", "ziekenhuis gelegen", None),
        ("Hij gaat naar de dagbesteding in Sevenum.", "dagbesteding in", None),
        ("Mijn zus woont in Verpleeghuis De Lindehof.", "Verpleeghuis [ZORGINSTELLING-1]", "Lindehof"),
        ("Ze woont in zorgcentrum Sint Jozef.", "zorgcentrum [ZORGINSTELLING-1]", "Jozef"),
    ],
)
def test_pseudonymise_care_facility_names_only(pseudonymiser, text, kept, gone):
    result = pseudonymiser(text)
    assert kept in result.text
    if gone:
        assert gone not in result.text


def test_pseudonymise_names_after_an_article_mid_sentence(pseudonymiser):
    text = "Haar man zit nu in De Wilgenhoeve, dat verpleeghuis. Ik ga naar het Wilgenhoeve niet terug. De buurvrouw helpt."
    result = pseudonymiser(text)
    assert "Wilgenhoeve" not in result.text
    assert result.text.endswith("De buurvrouw helpt.")  # a sentence start is no name
    keep = Pseudonymiser(keep=["De Wulverhorst", "Wulverhorst"])("Ik werk op de Wulverhorst.")
    assert "Wulverhorst" in keep.text


def test_pseudonymise_keeps_the_time_after_a_speaker_name(pseudonymiser):
    text = "Henk Brouwer   0:09\n\nGraag.\n\nHenk Brouwer   0:18\n\nDag."
    result = pseudonymiser(text, extra_names=["Henk Brouwer"])
    assert result.text == "[PERSOON-1]   0:09\n\nGraag.\n\n[PERSOON-1]   0:18\n\nDag."


def test_pseudonymise_a_span_is_cut_at_the_name(fresh):
    result = fresh("Algemeen coördinator Jan Smelik van Nederland Zorgt Voor Elkaar zegt dat.")
    assert result.text == "Algemeen coördinator [PERSOON-1] van Nederland Zorgt Voor Elkaar zegt dat."


def test_pseudonymise_a_name_after_a_kinship_cue_and_every_further_one(fresh):
    text = "Ik woon hier met mijn vrouw Door. Door zit sinds haar beroerte in een rolstoel. Door de gemeente kregen we een traplift. Soms komt Door mee."
    result = fresh(text)
    assert result.text.count("[PERSOON-1]") == 3
    assert "Door de gemeente" in result.text
    assert "Door zit" not in result.text and "komt Door" not in result.text


@pytest.mark.parametrize("cue", ["mijn man", "buurvrouw", "tante", "meneer", "mevrouw", "Zien vrouw,", "mijn zus"])
def test_pseudonymise_cues_mark_names_that_are_words(fresh, cue):
    result = fresh(f"Gisteren was {cue} Riet hier. Riet bleef eten.")
    assert "Riet" not in result.text


def test_pseudonymise_speaker_names_recur_as_names(fresh):
    text = "Wiel: Ik kom hier elke week.\n\nInterviewer: Waarom, Wiel?\n\nWiel: Voor de koffie."
    result = fresh(text, extra_names=["Wiel"])
    assert "Wiel" not in result.text


def test_pseudonymise_names_that_are_words_known_by_the_sentence(fresh):
    result = fresh("Roos, de buurvrouw van nummer 25, kookt voor hem. Roos is een schat. Wil is zelf al 81 en doet de afwas. Wil fietst nog.")
    assert "Roos" not in result.text and "Wil " not in result.text
    assert "nummer 25" in result.text  # a house number, not an age
    assert result.text.count("[PERSOON-1]") == 2 and result.text.count("[PERSOON-2]") == 2


@pytest.mark.parametrize(
    "text",
    [
        "Hoop is er genoeg, geld wat minder.",
        "Zorg is de moeder van alles. Mevrouw is zelf al 84 en Moeder was 90.",
        "Nou, de buurvrouw komt morgen. Dus, een vrijwilliger belt.",
    ],
)
def test_pseudonymise_words_before_a_role_or_age_stay_words(fresh, text):
    result = fresh(text)
    assert [r.original for r in result.replacements if r.tag == "PERSOON"] == []
