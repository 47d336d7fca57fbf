"""From segments to the words a theme is described by: Dutch lemmas, no stop words, no pseudonyms.

Topic words come from lemmas (``vrijwilligers`` and ``vrijwilliger`` count as one word),
with spaCy's Dutch stop words plus the filler words of spoken Dutch (``nou``, ``eh``,
``gewoon``...) left out, and never a pseudonym tag: ``[PERSOON-1]`` is lemmatised as
``persoon-1`` and dropped here, so a theme is never "about" a pseudonymised person or place.

Example:
    >>> content_lemmas(["persoon-1", "wonen", "in", "locatie-2", "vrijwilliger"])
    ['wonen', 'vrijwilliger']
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

#: a pseudonym tag as it appears in text ([PERSOON-1]) and as a lemma (persoon-1)
TAG_TEXT = re.compile(r"\[[A-Z][A-Z_]*(?:-\d+)?\]")
TAG_LEMMA = re.compile(r"^[a-z_]+-\d+$")

#: spoken Dutch and interview talk that says nothing about a theme: fillers, weekdays and
#: numbers, laughter and thanks, transcript headers ("interview afgenomen door ..."); lemmas
#: and the forms the lookup lemmatiser gets wrong (echt -> echten, heel -> helen)
FILLERS = frozenset(
    """
    ja nee nou eh ehm uh uhm hè he hm hmm oke oké okay ok tja ach joh hoor zeg
    gewoon echt echten heel helen erg best wel even eventjes natuurlijk eigenlijk
    inderdaad precies allemaal iedereen ding dingen iets zoiets soort beetje keer
    gaan komen doen hebben zijn worden kunnen zullen moeten willen mogen zeggen
    zitten staan liggen krijgen maken laten zien weten denken vinden bedoelen
    heb hebt had hadden ben bent is was waren gaat ging gingen komt kwam kwamen
    zegt zei zeiden vind vond weet wist denk dacht kun kan kon konden
    eens toen dan daar hier zo nog al wel mee erbij ervan eraan erop
    goed mooi leuk fijn groot klein nieuw oud lang kort veel weinig
    jaar maand week dag vandaag gisteren morgen nu
    mens mensen iemand
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag weekend vorig volgend
    twee drie vier vijf zes zeven acht negen tien twintig dertig veertig vijftig honderd duizend
    paar per half helft keren
    haha lacht lachen graag bedankt dank succes
    interview interviewer afgenomen transcriptie transcript respondent opname letterlijk
    gepseudonimiseerd geanonimiseerd ruw
    a b c d e f g h i j k l m n o p q r s t u v w x y z
    """.split()
)


def stop_words(extra: Iterable[str] = ()) -> frozenset[str]:
    """spaCy's Dutch stop words, the filler words above and ``extra`` (lower case)."""
    from spacy.lang.nl.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | FILLERS | {w.strip().lower() for w in extra if w.strip()}


def content_lemmas(lemmas: Sequence[str], stop: frozenset[str] | None = None) -> list[str]:
    """The lemmas that may describe a theme: no stop words, tags, numbers or single letters."""
    stop = stop if stop is not None else stop_words()
    out = []
    for lemma in lemmas:
        low = lemma.lower().strip("'’‘\"-")
        if len(low) < 2 or low in stop or TAG_LEMMA.match(low) or not any(ch.isalpha() for ch in low) or any(ch.isdigit() for ch in low):
            continue
        out.append(low)
    return out


def analyse(texts: Sequence[str]) -> list[list[tuple[str, str]]]:
    """(form, lemma) of every word of each text, pseudonym tags taken out first.

    The workbench's own Dutch lemmatiser (spaCy's lookup tables with the exception forms,
    see :mod:`workbench.corpus.segment`); stop words keep their form. Tokens are read as
    arrays (no spaCy Token objects) and each distinct form is lemmatised once: on 10,000
    segments this step took 3.7 s token by token, most of it creating Token objects.
    """
    from spacy.attrs import IS_PUNCT, IS_SPACE, IS_STOP, LOWER

    from workbench.corpus.segment import dutch_nlp, lemma_of, lemma_table

    nlp = dutch_nlp()
    table = lemma_table()
    strings = nlp.vocab.strings
    cache: dict[int, tuple[str, str] | None] = {}
    out = []
    for doc in nlp.pipe((TAG_TEXT.sub(" ", t) for t in texts), batch_size=256, disable=["lemmatizer", "sentencizer"]):
        pairs = []
        for low_id, punct, space, stop in doc.to_array([LOWER, IS_PUNCT, IS_SPACE, IS_STOP]).tolist():
            key = low_id * 2 + stop
            if key not in cache:
                low = strings[low_id]
                cache[key] = None if punct or space else (low, low if stop else lemma_of(low, table))
            pair = cache[key]
            if pair is not None:
                pairs.append(pair)
        out.append(pairs)
    return out


def display_forms(analysed: Sequence[Sequence[tuple[str, str]]]) -> dict[str, str]:
    """How to show each lemma: itself when it occurs as a word in the texts, else its most
    frequent form. The lookup tables give some lemmas no one says (vader -> vaderen,
    eigenlijk -> eigenlijken); a researcher reads the word as it was said."""
    from collections import Counter

    pair_counts: Counter[tuple[str, str]] = Counter(p for pairs in analysed for p in pairs)
    forms_seen = {form for form, _ in pair_counts}
    per_lemma: dict[str, Counter[str]] = {}
    for (form, lemma), n in pair_counts.items():
        per_lemma.setdefault(lemma, Counter())[form] += n
    return {lemma: lemma if lemma in forms_seen else counts.most_common(1)[0][0] for lemma, counts in per_lemma.items()}


def content_words(pairs: Sequence[tuple[str, str]], shown: dict[str, str], stop: frozenset[str], cache: dict[tuple[str, str], str | None] | None = None) -> list[str]:
    """The words of one segment that may describe a theme, as shown (see :func:`display_forms`).

    ``cache`` (a dict shared across the segments of one run) keeps each (form, lemma)'s
    answer: the same few thousand words come back in every segment.
    """
    cache = {} if cache is None else cache
    out = []
    for pair in pairs:
        if pair not in cache:
            form, lemma = pair
            shown_word = shown.get(lemma, lemma)
            kept = [] if (form in stop or lemma in stop or shown_word in stop) else content_lemmas([shown_word], stop)
            cache[pair] = kept[0] if kept else None
        word = cache[pair]
        if word is not None:
            out.append(word)
    return out


def without_tags(text: str) -> str:
    """Text with pseudonym tags replaced by a neutral word, for embedding models."""
    return TAG_TEXT.sub("iemand", text)


def segment_key(seg: Any) -> tuple[str, int, int, int]:
    """The stable identity of a segment across runs: (document, version, start, end)."""
    return (str(seg.doc_id), int(seg.doc_version), int(seg.start), int(seg.end))


def input_hash(segments: Sequence[Any]) -> str:
    """sha256 over each segment's key and text, in the order given."""
    h = hashlib.sha256()
    for seg in segments:
        d, v, s, e = segment_key(seg)
        h.update(f"{d}\x1f{v}\x1f{s}\x1f{e}\x1f{seg.text}\x1e".encode())
    return h.hexdigest()


def text_hash(text: str) -> str:
    """sha256 of a text: the key of the shared embedding cache."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seg_attr(seg: Any, name: str) -> Any:
    """An attribute of a segment-like object, else from its ``meta`` mapping (initiative, role)."""
    value = getattr(seg, name, None)
    if value is None:
        meta = getattr(seg, "meta", None) or {}
        value = meta.get(name)
    return value
