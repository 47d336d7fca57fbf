"""Pseudonyms (workbench.corpus.pseudonymise.pseudonyms): one person, one pseudonym, in a document and across a study."""

from __future__ import annotations

from workbench.corpus.pseudonymise import (
    StudyPseudonyms,
    key_rows,
)


def test_pseudonymise_same_person_same_pseudonym(pseudonymiser):
    text = "Gerda Verbeek kwam langs. Later belde Gerda nog. Ik vind gerda verbeek aardig, zei Piet de Groot."
    result = pseudonymiser(text)
    key = result.key()
    assert key["Gerda Verbeek"] == key["Gerda"]
    assert key["Gerda Verbeek"] != key[next(o for o in key if "Piet" in o)]
    assert result.text.count(key["Gerda Verbeek"]) == 3


def test_pseudonymise_one_pseudonym_per_person_across_documents(fresh):
    study = StudyPseudonyms()
    a, _ = study.renumber(fresh("Piet de Groot belde. Gerda Verbeek kwam ook, met Gerda haar hond."))
    b, _ = study.renumber(fresh("Gerda Verbeek zegt dat Henk Brouwer helpt."))
    assert a.key()["Gerda Verbeek"] == b.key()["Gerda Verbeek"]
    assert a.key()["Piet de Groot"] != b.key()["Henk Brouwer"]
    for r in b.replacements:  # offsets still point at the pseudonyms
        assert b.text[r.new_start : r.new_end] == r.pseudonym
    # and from the key file of an earlier ingest
    again = StudyPseudonyms(key_rows("doc-b", "h", b))
    c, _ = again.renumber(fresh("Later kwam Henk Brouwer nog langs."))
    assert c.key()["Henk Brouwer"] == b.key()["Henk Brouwer"]


def test_pseudonymise_title_and_surname_is_the_person_with_that_surname(fresh):
    result = fresh("Mevrouw Wolters belt elke week. Hennie Wolters is nu 84. Later kwam mevrouw Wolters zelf langs.")
    persons = {r.pseudonym for r in result.replacements if r.tag == "PERSOON"}
    assert persons == {"[PERSOON-1]"}
    two = fresh("Jan de Vries en Piet de Vries kwamen. Meneer De Vries belde.")
    assert len({r.pseudonym for r in two.replacements if r.tag == "PERSOON"}) == 3  # which De Vries: not known


def test_pseudonymise_title_and_surname_across_the_study(fresh):
    study = StudyPseudonyms()
    a, _ = study.renumber(fresh("Hennie Wolters belt elke week. Jan Smit ook."))
    b, _ = study.renumber(fresh("Gisteren kwam mevrouw Wolters langs, en de heer Smit niet."))
    c, _ = study.renumber(fresh("Mevrouw Bakker kwam. Ineke Bakker zegt het."))
    assert a.key()["Hennie Wolters"] == b.key()["mevrouw Wolters"] and a.key()["Jan Smit"] == b.key()["de heer Smit"]
    assert c.key()["Mevrouw Bakker"] == c.key()["Ineke Bakker"] != a.key()["Hennie Wolters"]
    # and from the key file of an earlier ingest
    again = StudyPseudonyms(key_rows("doc-a", "h", a))
    d, _ = again.renumber(fresh("Mevrouw Wolters was ziek."))
    assert d.key()["Mevrouw Wolters"] == a.key()["Hennie Wolters"]


def test_pseudonymise_a_title_of_the_other_sex_is_another_person(fresh):
    """'Meneer Hendriks' and his wife 'Marja Hendriks' are two people (the held-apart set had
    them as one); 'mevrouw Hendriks' is Marja; a first name both sexes carry (Hennie) joins."""
    result = fresh("Meneer Hendriks is 78 en woont met zijn vrouw. Zijn vrouw Marja Hendriks is de mantelzorger. Hendriks zelf wil niet.")
    key = result.key()
    assert key["Meneer Hendriks"] != key["Marja Hendriks"]
    assert key["Hendriks"] == key["Meneer Hendriks"]  # the lone surname: the titled man, seen first
    same = fresh("Mevrouw Hendriks belt. Marja Hendriks is de mantelzorger.").key()
    assert same["Mevrouw Hendriks"] == same["Marja Hendriks"]
    unknown = fresh("Meneer Wolters belt. Hennie Wolters is nu 84.").key()
    assert unknown["Meneer Wolters"] == unknown["Hennie Wolters"]


def test_pseudonymise_a_title_of_the_other_sex_across_the_study(fresh):
    study = StudyPseudonyms()
    a, _ = study.renumber(fresh("Marja Hendriks zorgt voor haar man."))
    b, _ = study.renumber(fresh("Meneer Hendriks heeft dementie. Mevrouw Hendriks ook moe."))
    assert b.key()["Meneer Hendriks"] != a.key()["Marja Hendriks"]
    assert b.key()["Mevrouw Hendriks"] == a.key()["Marja Hendriks"]
    again = StudyPseudonyms(key_rows("doc-b", "h", b))  # from the key file of an earlier ingest
    c, _ = again.renumber(fresh("Piet Hendriks, de man, werd opgenomen."))
    assert c.key()["Piet Hendriks"] == b.key()["Meneer Hendriks"]


def _shift_by_walking(pos, old, new):
    """shift_offset as it was (walking every replacement per offset): the reference."""
    shift = 0
    for a, b in zip(old, new):
        if a.new_end <= pos:
            shift += (b.new_end - b.new_start) - (a.new_end - a.new_start)
        elif a.new_start < pos:
            return b.new_start + min(pos - a.new_start, b.new_end - b.new_start)
        else:
            break
    return pos + shift


def test_shift_offset_equals_walking_every_replacement():
    """Renumbering shifts every segment offset; done by bisection on running shifts now
    (it walked all replacements per offset): the same offset for every position, also
    when two documents' lists alternate (the remembered pair must not be reused)."""
    import random

    from workbench.corpus.pseudonymise import StudyPseudonyms, shift_offset
    from workbench.corpus.pseudonymise.pseudonymiser import _apply
    from workbench.corpus.pseudonymise.pseudonyms import _assign

    rng = random.Random(21)
    pairs = []
    for doc in range(6):
        words = [rng.choice(["Jan", "Piet de Vries", "Annie", "en", "de", "buurvrouw", "Riet", "zegt", "."]) for _ in range(300)]
        text = " ".join(words)
        spans, pos = [], 0
        while True:
            i = text.find("Piet de Vries", pos)
            j = text.find("Annie", pos)
            cands = [x for x in (i, j) if x >= 0]
            if not cands:
                break
            s = min(cands)
            e = s + (13 if s == i else 5)
            spans.append((s, e, "persoon"))
            pos = e
        result = _apply(text, spans, _assign(text, spans))
        study = StudyPseudonyms([{"pseudonym": f"[PERSOON-{n}]", "original": f"x{n}"} for n in range(rng.choice([1, 9, 120]))])
        renumbered, _ = study.renumber(result)
        pairs.append((result, renumbered))
    assert any(len(r.text) != len(n.text) for r, n in pairs)  # shifts happen
    for _ in range(3):
        for old, new in pairs:
            for pos in range(len(old.text) + 2):
                assert shift_offset(pos, old.replacements, new.replacements) == _shift_by_walking(pos, old.replacements, new.replacements)
    assert shift_offset(5, (), ()) == 5
