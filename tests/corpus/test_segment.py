from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pytest

from workbench.corpus.segment import lemmatise, segment_text
from workbench.corpus.turns import find_turns, interviewer_set

WORDS = ["eenzaam", "vrijwilliger", "gemeente", "coöperatie", "één", "naïef", "zorg", "het", "dorp", "Wmo", "buurvrouw", "ja", "nou", "eh", "weet", "je"]
LABELS = ["I", "R", "Interviewer", "Respondent 2", "Marieke", "[PERSOON-1]", "[00:01:02] R"]


@st.composite
def transcripts(draw):
    paragraphs = []
    for _ in range(draw(st.integers(1, 8))):
        sentences = []
        for _ in range(draw(st.integers(1, 4))):
            words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
            sentences.append(" ".join(words).capitalize() + draw(st.sampled_from([".", "?", "!", "...", ""])))
        body = draw(st.sampled_from([" ", "  ", "\n"])).join(sentences)
        label = draw(st.one_of(st.none(), st.sampled_from(LABELS)))
        paragraphs.append(f"{label}: {body}" if label else body)
    sep = draw(st.sampled_from(["\n\n", "\n", "\n \n\n"]))
    return draw(st.sampled_from(["", "  ", "\n"])) + sep.join(paragraphs) + draw(st.sampled_from(["", "\n", "  "]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts())
def test_segment_offsets_are_views_of_the_text(text):
    turns = find_turns(text)
    spans = segment_text(text, turns, interviewer_set({t.label for t in turns}))
    for s in spans:
        piece = text[s.start : s.end]
        assert 0 <= s.start < s.end <= len(text)
        assert piece == piece.strip(), "segments are trimmed"
        assert ":" not in piece[:1]
    # every sentence lies inside a paragraph, every paragraph of a turn inside that turn
    paras = [s for s in spans if s.unit == "paragraph"]
    for sent in (s for s in spans if s.unit == "sentence"):
        assert any(p.start <= sent.start and sent.end <= p.end and p.speaker == sent.speaker for p in paras)
    for t in (s for s in spans if s.unit == "turn"):
        assert any(p.start == t.start for p in paras)


def test_segment_transcript_units_speakers_and_interviewer():
    text = "Interview 1\n\nI: Hoe gaat het? Vertel.\n\nR: Goed. Ik ben niet meer eenzaam.\nDe buren helpen.\n\nNog een alinea.\n\nI: Dank u."
    turns = find_turns(text)
    spans = segment_text(text, turns, interviewer_set({t.label for t in turns}))
    turn_texts = [(s.speaker, s.is_interviewer, text[s.start : s.end]) for s in spans if s.unit == "turn"]
    assert turn_texts == [
        ("I", True, "Hoe gaat het? Vertel."),
        ("R", False, "Goed. Ik ben niet meer eenzaam.\nDe buren helpen.\n\nNog een alinea."),
        ("I", True, "Dank u."),
    ]
    sentences = [(s.speaker, text[s.start : s.end]) for s in spans if s.unit == "sentence"]
    assert (None, "Interview 1") in sentences
    assert ("R", "Nog een alinea.") in sentences
    assert ("R", "Ik ben niet meer eenzaam.") in sentences


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        ("vrijwilligers", "vrijwilliger"),
        ("gemeenschappen", "gemeenschap"),
        ("zorgde", "zorgen"),
        ("kinderen", "kind"),
        ("gaat", "gaan"),
        ("huizen", "huis"),
        ("buren", "buur"),
        ("leden", "lid"),
        ("huisartsen", "huisarts"),
        ("gemeenten", "gemeente"),
        ("verhalen", "verhaal"),
        ("zorguren", "zorguur"),
        ("dorpshuizen", "dorpshuis"),
        ("zorgvrijwilligers", "zorgvrijwilliger"),
        ("coöperaties", "coöperatie"),
    ],
)
def test_segment_dutch_lemmas_include_exception_forms(form, lemma):
    assert lemmatise(form) == [lemma]


def test_segment_stop_words_keep_their_form():
    # the lookup table would give innen / emmen / nieten
    assert lemmatise("in en niet") == ["in", "en", "niet"]


def test_segment_sentence_lemmas_stored():
    spans = segment_text("De vrijwilligers zorgden goed voor de kinderen.")
    sentence = next(s for s in spans if s.unit == "sentence")
    assert sentence.lemmas == "de vrijwilliger zorgen goed voor de kind"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts())
def test_segment_sentences_match_spacys_sentencizer(text):
    """Our one-pass sentence split must equal spaCy's Sentencizer on every paragraph."""
    from workbench.corpus.segment import _sentences, dutch_nlp, lemma_table, paragraphs

    nlp = dutch_nlp()
    for s, e in paragraphs(text, find_turns(text)):
        piece = text[s:e]
        ours = [span for span, _ in _sentences(nlp(piece, disable=["lemmatizer", "sentencizer"]), lemma_table())]
        theirs = [(sent.start_char, sent.end_char) for sent in nlp(piece, disable=["lemmatizer"]).sents]
        assert ours == theirs


@pytest.mark.parametrize("broken", ["lemma_exc", "initialize"])
def test_segment_missing_lemma_tables_fail_loudly(monkeypatch, broken):
    """Without spacy-lookups-data the lemmas would silently get worse: an error says what to install."""
    import spacy.lookups
    from spacy.language import Language

    from workbench.corpus import segment
    from workbench.errors import MissingResourceError

    monkeypatch.setattr(segment, "_NLP", {})

    def missing(*args, **kwargs):
        raise ValueError("[E955] Can't find table(s) lemma_exc for language 'nl' in spacy-lookups-data.")

    if broken == "lemma_exc":
        monkeypatch.setattr(spacy.lookups, "load_lookups", missing)
    else:
        monkeypatch.setattr(Language, "initialize", missing)
    with pytest.raises(MissingResourceError, match=r"^spacy-lookups-data: de Nederlandse woordenlijsten van spaCy .* Oplossing: installeer ze: .*spacy-lookups-data"):
        segment.dutch_nlp()
    from workbench.i18n import set_language

    set_language("en")
    with pytest.raises(MissingResourceError, match=r"^spacy-lookups-data: the Dutch lemma tables of spaCy cannot be loaded \(ValueError\)\. Fix: install them"):
        segment.dutch_nlp()


# Text as real exports hold it: outside the BMP (emoji), combining marks (e + U+0301 as
# macOS writes é), no-break spaces, tabs, Windows line ends, zero-width joiners.
ODD = ["😊", "👩‍👧", "e\u0301", "cafe\u0301", "\u00a0", "\t", "𝔇𝔲𝔦𝔱𝔰", "ﬁets", "Ĳsselmeer", "’s", "…"]


@st.composite
def odd_transcripts(draw):
    word = st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD), st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=6))
    paragraphs = []
    for _ in range(draw(st.integers(1, 6))):
        sentences = []
        for _ in range(draw(st.integers(1, 4))):
            words = draw(st.lists(word, min_size=1, max_size=10))
            sentences.append(draw(st.sampled_from([" ", "\u00a0", "\t", "  "])).join(words) + draw(st.sampled_from([".", "?", "!", "", " 😊."])))
        body = draw(st.sampled_from([" ", "\r\n", "\n", "\t"])).join(sentences)
        label = draw(st.one_of(st.none(), st.sampled_from(LABELS)))
        paragraphs.append(f"{label}: {body}" if label else body)
    sep = draw(st.sampled_from(["\r\n\r\n", "\n\n", "\r\n \r\n", "\n\t\n"]))
    return draw(st.sampled_from(["", "\ufeff", "\t", "\r\n"])) + sep.join(paragraphs) + draw(st.sampled_from(["", "\r\n", "\u00a0"]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(odd_transcripts())
def test_segment_offsets_cover_the_text_with_odd_characters(text):
    """Every segment is a view of the text, and together the sentences cover every visible
    character except speaker labels: a segmenter that drops text (or returns nothing) fails."""
    turns = find_turns(text)
    spans = segment_text(text, turns, interviewer_set({t.label for t in turns}))
    covered = bytearray(len(text))
    for t in turns:  # the label ("R: ") is not content
        covered[t.label_start : t.start] = b"\x01" * (t.start - t.label_start)
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        piece = text[s.start : s.end]
        assert piece == piece.strip(), "segments are trimmed"
        if s.unit == "sentence":
            covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    missing = [i for i, c in enumerate(text) if not covered[i] and not c.isspace() and c != "\ufeff"]
    assert missing == [], f"not in any sentence: {[text[i] for i in missing][:10]!r} in {text!r}"
    sentences = sorted((s.start, s.end) for s in spans if s.unit == "sentence")
    assert all(a[1] <= b[0] for a, b in zip(sentences, sentences[1:])), "sentences do not overlap"


# -- pseudonym tags are one token (issue 18) ------------------------------------------------
TAGS = ["[PERSOON-4]", "[LOCATIE-2]", "[60-69]", "[1970-1979]", "[90+]", "[<18]", "[telefoonnummer]", "[TELEFOONNUMMER-1]", "[DATUM-12]"]


@st.composite
def texts_with_tags(draw):
    paragraphs = []
    for _ in range(draw(st.integers(1, 6))):
        sentences = []
        for _ in range(draw(st.integers(1, 5))):
            words = draw(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(TAGS)), min_size=1, max_size=10))
            sentence = " ".join(words)
            sentences.append(sentence[:1].upper() + sentence[1:] + draw(st.sampled_from([".", "?", "!", "...", "", ".)", ":"])))
        body = draw(st.sampled_from([" ", "  ", "\n"])).join(sentences)
        label = draw(st.one_of(st.none(), st.sampled_from(LABELS)))
        paragraphs.append(f"{label}: {body}" if label else body)
    return draw(st.sampled_from(["\n\n", "\n"])).join(paragraphs)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts_with_tags())
def test_segment_no_boundary_inside_a_pseudonym_tag(text):
    from workbench.corpus.tags import tag_around, tag_spans

    tags = tag_spans(text)
    turns = find_turns(text)
    for t in turns:
        assert tag_around(tags, t.label_start) is None and tag_around(tags, t.start) is None and tag_around(tags, t.end) is None
    spans = segment_text(text, turns, interviewer_set({t.label for t in turns}))
    for s in spans:
        piece = text[s.start : s.end]
        assert piece == piece.strip()
        assert tag_around(tags, s.start) is None, (s.unit, piece)
        assert tag_around(tags, s.end) is None, (s.unit, piece)
        assert piece.count("[") == piece.count("]"), (s.unit, piece)
    paras = [s for s in spans if s.unit == "paragraph"]
    for sent in (s for s in spans if s.unit == "sentence"):
        assert any(p.start <= sent.start and sent.end <= p.end for p in paras)


def test_segment_sentence_starting_with_a_tag_keeps_its_bracket():
    text = "Ik woon hier sinds [1970-1979]. [PERSOON-4] en ik gaan samen. Mijn nummer staat bovenaan. [telefoonnummer] klopt."
    sentences = [text[s.start : s.end] for s in segment_text(text) if s.unit == "sentence"]
    assert sentences == ["Ik woon hier sinds [1970-1979].", "[PERSOON-4] en ik gaan samen.", "Mijn nummer staat bovenaan.", "[telefoonnummer] klopt."]


def test_segment_coded_span_widened_to_whole_tags():
    from workbench.corpus.tags import widen_to_tags

    text = "sinds [1970-1979]. [PERSOON-4] en ik"
    assert widen_to_tags(text, 20, 33) == (19, 33)
    assert widen_to_tags(text, 0, 10) == (0, 17)
    assert widen_to_tags(text, 0, 17) == (0, 17)
