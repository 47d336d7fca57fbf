from __future__ import annotations

import pytest

from workbench.corpus.turns import find_turns, interviewer_set, speaker_labels


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Interviewer: Hoe gaat het?\n\nRespondent: Goed.", ["Interviewer", "Respondent"]),
        ("I: Hoe gaat het?\nR: Goed.\nI: Fijn.", ["I", "R", "I"]),
        ("Interviewer: Vraag?\nRespondent 1: Ja.\nRespondent 2: Nee.", ["Interviewer", "Respondent 1", "Respondent 2"]),
        ("Marieke: Hallo.\n\nJan de Vries: Dag.\n\nMarieke: Nog iets.\n\nJan de Vries: Ja.", ["Marieke", "Jan de Vries", "Marieke", "Jan de Vries"]),
        ("[00:12:41] R: Zeker.\n00:13:02 I: Dank u.", ["R", "I"]),
        ("Interviewer (00:12): Vraag?\nR: Antwoord.", ["Interviewer", "R"]),
        ("[PERSOON-1]: Hallo.\n\n[PERSOON-2]: Dag.\n\n[PERSOON-1]: Doei.", ["[PERSOON-1]", "[PERSOON-2]", "[PERSOON-1]"]),
        ("Onderzoeker: Vraag?\n\nGeïnterviewde: Antwoord.", ["Onderzoeker", "Geïnterviewde"]),
    ],
)
def test_turns_common_label_forms(text, labels):
    assert [t.label for t in find_turns(text)] == labels


def test_turns_one_off_colon_is_not_a_speaker():
    text = "Let op: dit is een verhaal.\n\nIk woon al jaren in het dorp. Mijn advies: doe mee."
    assert find_turns(text) == []


def test_turns_known_speaker_counts_once():
    assert speaker_labels("Joke Hagenaars: Ik ben Joke.", known=["Joke Hagenaars"]) == ["Joke Hagenaars"]


def test_turns_content_spans_and_times():
    text = "[00:00:05] I: Hoe gaat het?\n\nR: Goed.\nEcht goed.\n\nI: Fijn."
    turns = find_turns(text)
    assert [text[t.start : t.end] for t in turns] == ["Hoe gaat het?", "Goed.\nEcht goed.", "Fijn."]
    assert turns[0].time == "00:00:05"


def test_turns_interviewer_by_role_name_or_setting():
    labels = ["I", "R", "Marieke", "Jan", "Onderzoeker", "Gespreksleider"]
    assert interviewer_set(labels) == {"I", "Onderzoeker", "Gespreksleider"}
    assert "Marieke" in interviewer_set(labels, interviewer_names=["Marieke Verhoeven"])
    assert "Jan" in interviewer_set(labels, extra_labels=["jan"])


def test_turns_teams_export_speaker_and_time_on_their_own_line():
    text = "Transcript\n\n14 maart 2024, 10:02\n\nMarieke Verhoeven   0:03\n\nGoedemorgen.\n\nHenk Brouwer   0:09\nGraag. Ik ben vrijwilliger.\n\nMarieke Verhoeven   0:15\n\nWat doet u?"
    turns = find_turns(text, known=["Henk Brouwer"])  # a name seen once counts when known
    assert [(t.label, t.time, text[t.start : t.end]) for t in turns] == [
        ("Marieke Verhoeven", "0:03", "Goedemorgen."),
        ("Henk Brouwer", "0:09", "Graag. Ik ben vrijwilliger."),
        ("Marieke Verhoeven", "0:15", "Wat doet u?"),
    ]
