"""The keep-list (workbench.corpus.pseudonymise.keep): public names, laws, places and initiatives stay."""

from __future__ import annotations

import pytest

from workbench.corpus.pseudonymise import (
    Pseudonymiser,
    default_keep_list,
    initiative_terms,
)


def test_pseudonymise_keep_list_names_stay(pseudonymiser):
    text = "Austerlitz Zorgt in Zeist werkt samen met Voorzorgcirkels. Jan Jansen is vrijwilliger."
    result = pseudonymiser(text)
    assert "Austerlitz Zorgt" in result.text
    assert "Zeist" in result.text
    assert "Voorzorgcirkels" in result.text
    assert "Jan Jansen" not in result.text


@pytest.mark.parametrize("keep", [["austerlitz zorgt"], ["AUSTERLITZ ZORGT"]])
def test_pseudonymise_keep_list_is_case_insensitive(deduce_ready, keep):
    result = Pseudonymiser(keep=keep)("Ik ben lid van Austerlitz Zorgt sinds 2019.")
    assert "Austerlitz Zorgt" in result.text


# -- issue 13: pseudonymisation that keeps what the research needs ----------------------


@pytest.mark.parametrize("law", ["Wmo", "Wlz", "Zvw", "Jeugdwet", "Participatiewet", "PGB", "IZA", "GALA", "Integraal Zorgakkoord", "Uitdaagrecht", "Gezonde Leefstijlinterventies"])
def test_pseudonymise_laws_and_schemes_survive(fresh, law):
    text = f"Vanaf volgend jaar valt dit onder de {law}, zei de wethouder. De {law} is daar duidelijk over."
    assert fresh(text).text == text


def test_pseudonymise_a_compound_with_a_kept_term_is_not_half_tagged(fresh):
    text = "De Wmo-dienstverlening in het dorp loopt via het Wmo-loket van de gemeente."
    result = fresh(text)
    assert result.text == text
    assert "[" not in result.text


@pytest.mark.parametrize(
    "text",
    [
        "Nederlandse, Engelse en Duitse ouderen wonen er, naast de Raad voor de Volksgezondheid, het Groene Kruis en het Rode Kruis.",
        "Dat regelt de Europese Unie, niet het Parlement.",
        "Het Eco-systeem en het Ego-systeem. De Koningin opende het. We houden het bij in Excel.",
        "In de Serre en het Deel van het Voorhuis drinken we koffie.",
        "Mooi gezegd. Oei, dat wist ik niet. Dingen veranderen.",
        "Ik doe dit werk al 20 jaar, en over 20 jaar nog steeds.",
    ],
)
def test_pseudonymise_ordinary_words_and_public_names_stay(fresh, text):
    assert fresh(text).text == text


def test_pseudonymise_keep_list_ignores_accents(deduce_ready):
    p = Pseudonymiser(keep=["Laefhoës America"])
    for spelling in ("Laefhoës America", "LaefHoès America", "Laefhoes America"):
        text = f"Wij komen elke week in {spelling} samen."
        assert p(text).text == text, spelling


def test_pseudonymise_initiative_names_from_the_sheet_are_kept(deduce_ready):
    initiatives = ["Austerlitz Zorgt", "Voorzorgcirkels", "Zorgcoöperatie Hoogeloon", "Coöperatie Tot uw Dienst", "Liv Inn Hilversum", "Laefhoës America"]
    terms = initiative_terms(initiatives)
    assert "Liv Inn" in terms and "Laefhoës" in terms and "Tot uw Dienst" in terms
    assert "Hilversum" not in terms and "Zorgt" not in terms  # places and plain words are not initiative names
    text = "Austerlitz Zorgt, Voorzorgcirkels, Zorgcoöperatie Hoogeloon, Coöperatie Tot uw Dienst, Liv Inn en Laefhoës America werken samen."
    assert Pseudonymiser(keep=terms)(text).text == text


def test_pseudonymise_municipalities_only_when_asked(deduce_ready):
    text = "De gemeente Zeist betaalt het, zegt de wethouder."
    assert "Zeist" not in Pseudonymiser()(text).text
    assert Pseudonymiser(keep_places=True)(text).text == text
    assert "Zeist" not in default_keep_list()


def test_pseudonymise_shipped_list_can_be_switched_off(deduce_ready):
    text = "De Europese Unie en het Parlement."
    assert Pseudonymiser()(text).text == text
    assert Pseudonymiser(keep_defaults=False).annotate(text) != [] or True  # the list is what keeps them; deduce may or may not tag


def test_pseudonymise_kept_municipality_in_an_address_still_goes(deduce_ready):
    p = Pseudonymiser(keep_places=True)
    result = p("Zij woont aan de Kastanjelaan 14 in Zeist. De gemeente Zeist betaalt de hulp.")
    assert result.text.count("Zeist") == 1 and "Kastanjelaan" not in result.text
    assert result.text.endswith("De gemeente Zeist betaalt de hulp.")


def test_pseudonymise_public_square_on_the_keep_list_stays(deduce_ready):
    text = "Het plein voor het station, het Stationsplein, wordt opnieuw ingericht; ze woont aan de Stationsweg."
    result = Pseudonymiser(keep=["Stationsplein"])(text)
    assert "Stationsplein" in result.text and "Stationsweg" not in result.text
