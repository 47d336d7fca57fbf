"""The Pseudonymiser as a whole (workbench.corpus.pseudonymise.pseudonymiser): planted names, phones, speakers, offsets, the demo."""

from __future__ import annotations

import pytest


def test_pseudonymise_removes_planted_name_phone_address(pseudonymiser):
    text = "Mijn buurvrouw Gerda Verbeek woont op de Lindelaan 12 en belt me op 06-12345678. Mail: gerda.verbeek@example.nl"
    result = pseudonymiser(text)
    for secret in ("Gerda", "Verbeek", "Lindelaan", "06-12345678", "gerda.verbeek@example.nl"):
        assert secret not in result.text
    assert "[PERSOON-1]" in result.text
    assert "[TELEFOONNUMMER-1]" in result.text
    assert result.counts["PERSOON"] >= 1


def test_pseudonymise_speaker_names_from_labels(pseudonymiser):
    text = "Ans: Ik ben hier elke week.\n\nInterviewer: Waarom, Ans?\n\nAns: Gezelligheid. Ik wil niet alleen zijn."
    result = pseudonymiser(text, extra_names=["Ans"])
    assert "Ans" not in result.text
    assert "wil niet alleen" in result.text  # a name label does not take words with it


def test_pseudonymise_offsets_point_into_both_texts(pseudonymiser):
    text = "Gerda Verbeek (06-12345678) woont in Zeist."
    result = pseudonymiser(text)
    for r in result.replacements:
        assert text[r.start : r.end] == r.original
        assert result.text[r.new_start : r.new_end] == r.pseudonym


@pytest.mark.parametrize("number", ["070 345 2189", "0348 56 38 12", "06-12345678", "+31 6 1234 5678", "(070) 345 2189"])
def test_pseudonymise_dutch_phone_formats(pseudonymiser, number):
    result = pseudonymiser(f"Mijn werknummer is {number}, bel gerust.")
    assert number not in result.text and "[TELEFOONNUMMER-1]" in result.text


def test_pseudonymise_years_and_amounts_are_not_phones(pseudonymiser):
    text = "In 2019 kregen we 25000 euro, voor 120 deelnemers."
    assert pseudonymiser(text).text == text


def test_pseudonymise_demo_interview_ages_and_streets(fresh):
    """The README's coding-app screenshot showed '(81)' and 'eenentachtig' from this demo file."""
    from pathlib import Path

    from workbench.corpus.readers import read_file

    path = Path(__file__).resolve().parents[3] / "corpora" / "demo" / "austerlitz-zorgt" / "interview-01-bewoner.docx"
    text = read_file(path)[0].text
    assert "(81)" in text and "eenentachtig" in text  # what the file says
    result = fresh(text, extra_keep=["Austerlitz Zorgt"])
    assert "(81)" not in result.text and "eenentachtig" not in result.text
    assert "([80-89])" in result.text and "[80-89] ben ik nu" in result.text
