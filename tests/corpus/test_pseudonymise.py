from __future__ import annotations

import pytest

from workbench.corpus.pseudonymise import Pseudonymiser, key_rows, read_key, write_key


def test_pseudonymise_removes_planted_name_phone_address(pseudonymiser):
    text = "Mijn buurvrouw Gerda Verbeek woont op de Lindelaan 12 en belt me op 06-12345678. Mail: gerda.verbeek@example.nl"
    result = pseudonymiser(text)
    for secret in ("Gerda", "Verbeek", "Lindelaan", "06-12345678", "gerda.verbeek@example.nl"):
        assert secret not in result.text
    assert "[PERSOON-1]" in result.text
    assert "[TELEFOONNUMMER-1]" in result.text
    assert result.counts["PERSOON"] >= 1


def test_pseudonymise_birth_date_bsn_and_care_facility(pseudonymiser):
    text = "Hij is geboren op 3 mei 1941, zijn BSN is 123456782, en hij woont in verpleeghuis De Lindehof."
    result = pseudonymiser(text)
    assert "3 mei 1941" not in result.text
    assert "123456782" not in result.text
    assert "Lindehof" not in result.text
    assert "verpleeghuis [ZORGINSTELLING-1]" in result.text


def test_pseudonymise_keep_list_names_stay(pseudonymiser):
    text = "Austerlitz Zorgt in Zeist werkt samen met Voorzorgcirkels. Jan Jansen is vrijwilliger."
    result = pseudonymiser(text)
    assert "Austerlitz Zorgt" in result.text
    assert "Zeist" in result.text
    assert "Voorzorgcirkels" in result.text
    assert "Jan Jansen" not in result.text


def test_pseudonymise_same_person_same_pseudonym(pseudonymiser):
    text = "Gerda Verbeek kwam langs. Later belde Gerda nog. Ik vind gerda verbeek aardig, zei Piet de Groot."
    result = pseudonymiser(text)
    key = result.key()
    assert key["Gerda Verbeek"] == key["Gerda"]
    assert key["Gerda Verbeek"] != key[next(o for o in key if "Piet" in o)]
    assert result.text.count(key["Gerda Verbeek"]) == 3


def test_pseudonymise_speaker_names_from_labels(pseudonymiser):
    text = "Ans: Ik ben hier elke week.\n\nInterviewer: Waarom, Ans?\n\nAns: Gezelligheid. Ik wil niet alleen zijn."
    result = pseudonymiser(text, extra_names=["Ans"])
    assert "Ans" not in result.text
    assert "wil niet alleen" in result.text  # a name label does not take words with it


def test_pseudonymise_sentence_start_words_are_not_names(pseudonymiser):
    result = pseudonymiser("Stil. Het was zo stil in huis. Mooi, zei ze.")
    assert result.text.startswith("Stil. Het was zo stil")
    assert "Mooi," in result.text


def test_pseudonymise_offsets_point_into_both_texts(pseudonymiser):
    text = "Gerda Verbeek (06-12345678) woont in Zeist."
    result = pseudonymiser(text)
    for r in result.replacements:
        assert text[r.start : r.end] == r.original
        assert result.text[r.new_start : r.new_end] == r.pseudonym


def test_pseudonymise_key_file_roundtrip_and_private(tmp_path, pseudonymiser):
    result = pseudonymiser("Gerda Verbeek en Gerda.")
    path = tmp_path / "private" / "key.csv"
    rows = key_rows("doc-1", "abc", result)
    write_key(path, rows)
    assert (path.stat().st_mode & 0o777) == 0o600
    back = read_key(path)
    assert {(r["original"], r["pseudonym"]) for r in back} == {("Gerda Verbeek", "[PERSOON-1]"), ("Gerda", "[PERSOON-1]")}


@pytest.mark.parametrize("keep", [["austerlitz zorgt"], ["AUSTERLITZ ZORGT"]])
def test_pseudonymise_keep_list_is_case_insensitive(deduce_ready, keep):
    result = Pseudonymiser(keep=keep)("Ik ben lid van Austerlitz Zorgt sinds 2019.")
    assert "Austerlitz Zorgt" in result.text


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


@pytest.mark.parametrize("number", ["070 345 2189", "0348 56 38 12", "06-12345678", "+31 6 1234 5678", "(070) 345 2189"])
def test_pseudonymise_dutch_phone_formats(pseudonymiser, number):
    result = pseudonymiser(f"Mijn werknummer is {number}, bel gerust.")
    assert number not in result.text and "[TELEFOONNUMMER-1]" in result.text


def test_pseudonymise_years_and_amounts_are_not_phones(pseudonymiser):
    text = "In 2019 kregen we 25000 euro, voor 120 deelnemers."
    assert pseudonymiser(text).text == text


def test_pseudonymise_known_names_always_replaced(deduce_ready):
    p = Pseudonymiser(replace=["Toon Verhoeven"])
    result = p("En Toon zegt precies hetzelfde. Toon Verhoeven woont hier al lang.")
    assert "Toon" not in result.text
    assert "zegt precies hetzelfde" in result.text


def test_pseudonymise_keeps_the_time_after_a_speaker_name(pseudonymiser):
    text = "Henk Brouwer   0:09\n\nGraag.\n\nHenk Brouwer   0:18\n\nDag."
    result = pseudonymiser(text, extra_names=["Henk Brouwer"])
    assert result.text == "[PERSOON-1]   0:09\n\nGraag.\n\n[PERSOON-1]   0:18\n\nDag."
