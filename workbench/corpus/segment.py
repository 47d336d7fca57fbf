"""Segmentation: speaker turns, paragraphs and sentences as character-offset spans.

spaCy's blank Dutch pipeline with the lookup lemmatizer (tables from
spacy-lookups-data) and the rule-based sentencizer: nothing is downloaded. The Dutch
lookup table misses common inflected forms (gemeenschappen, zorgde, kinderen, gaat,
was); they sit in spaCy's exception tables, keyed by part of speech, and are merged
into the lookup table once, so ``vrijwilligers`` and ``vrijwilliger`` share a lemma.

Offsets are code points into the stored (pseudonymised) text, so a Segment is a view
like a spaCy Span: ``text[start:end]``.

Example:
    >>> spans = segment_text("I: Hoe gaat het?\\n\\nR: Goed. Echt goed.")   # doctest: +SKIP
    >>> [(s.unit, s.speaker) for s in spans]                                 # doctest: +SKIP
    [('turn', 'I'), ('paragraph', 'I'), ('sentence', 'I'), ('turn', 'R'), ...]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from workbench.corpus.tags import tag_around, tag_spans
from workbench.corpus.turns import Turn
from workbench.i18n import add, t

#: the package that holds spaCy's Dutch lemma tables (named in the error when it is missing)
LEMMA_PACKAGE = "spacy-lookups-data"

add(
    "segment_no_lemmas",
    nl="de Nederlandse woordenlijsten van spaCy (nodig om woordvormen als 'vrijwilligers' bij 'vrijwilliger' te vinden) kunnen niet geladen worden ({kind})",
    en="the Dutch lemma tables of spaCy cannot be loaded ({kind})",
)
add(
    "segment_no_lemmas_fix",
    nl="installeer ze: .venv/bin/pip install -c constraints.txt spacy-lookups-data (make install doet dat)",
    en="install them: .venv/bin/pip install -c constraints.txt spacy-lookups-data (make install does it)",
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.pipeline import Lemmatizer

_BLANK = re.compile(r"\n[ \t]*\n")
_NLP: dict[str, Any] = {}

#: parts of speech whose exception tables are merged into the lookup table
_EXC_POS = ("verb", "noun", "adj", "adv", "adp", "det", "pron")


@dataclass(frozen=True)
class SegmentSpan:
    unit: str  # turn | paragraph | sentence
    start: int
    end: int
    speaker: str | None = None
    is_interviewer: bool = False
    lemmas: str | None = None
    meta: dict[str, Any] | None = None

    def as_row(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "is_interviewer": self.is_interviewer,
            "lemmas": self.lemmas,
            "meta": self.meta,
        }


def dutch_nlp() -> Any:
    """spacy.blank('nl') + lookup lemmatizer (with exception forms) + sentencizer, once per process."""
    if "nl" not in _NLP:
        import spacy

        from spacy.lookups import load_lookups

        from workbench.errors import MissingResourceError

        # without the tables every lemma silently degrades (vrijwilligers no longer finds
        # vrijwilliger): fail loudly instead, saying what to install
        nlp = spacy.blank("nl")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.add_pipe("sentencizer")
        try:
            nlp.initialize()
            lemmatizer = cast("Lemmatizer", nlp.get_pipe("lemmatizer"))
            lookup = lemmatizer.lookups.get_table("lemma_lookup")
            table = load_lookups("nl", ["lemma_exc"]).get_table("lemma_exc")
        except (ValueError, KeyError, ImportError) as exc:
            raise MissingResourceError(
                LEMMA_PACKAGE,
                t("segment_no_lemmas", kind=type(exc).__name__),
                t("segment_no_lemmas_fix"),
            ) from None
        for pos in _EXC_POS:
            for form, lemmas in (table.get(pos) or {}).items():
                if form not in lookup and lemmas:
                    lookup[form] = lemmas[0]
        _NLP["nl"] = nlp
    return _NLP["nl"]


#: forms the lookup tables get wrong in this field ("leden" is the members, not "lijden")
LEMMA_FIXES = {"leden": "lid", "uren": "uur", "zorguren": "zorguur"}


def lemma_table() -> Any:
    """The Dutch lemma lookup table (lower-case form -> lemma), exception forms merged in."""
    return dutch_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")


def lemmatise(text: str) -> list[str]:
    """Lower-case lemmas of the words in ``text`` (punctuation and spaces left out).

    What spaCy's Dutch lookup lemmatizer does (a lower-case lookup), except that stop
    words keep their own form: the table maps many function words to unrelated lemmas
    (in -> innen, en -> emmen, niet -> nieten).
    """
    doc = dutch_nlp()(text, disable=["lemmatizer"])
    return [x for x in _doc_lemmas(doc, lemma_table()) if x is not None]


_LEMMA_CACHE: dict[str, str] = {}


def _doc_lemmas(doc: Any, table: Any) -> list[str | None]:
    """Per token: its lemma, or None for punctuation and space."""
    return [lemma for _, lemmas in _sentences(doc, table) for lemma in lemmas]


def _sentences(doc: Any, table: Any) -> list[tuple[tuple[int, int], list[str | None]]]:
    """Sentences of a tokenised doc as ((start_char, end_char), lemma per token).

    One pass over the token attributes as an array, instead of a Token object per word
    in spaCy's Sentencizer and again for the lemmas: segmentation's hot loop, measured
    at about a tenth of ingest time. The sentence rule is the Sentencizer's, to the
    letter, with its own punctuation set (a test compares the two): a sentence starts
    at the first token after sentence-final punctuation that is not punctuation itself.
    """
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, IS_STOP, LENGTH, LOWER, ORTH

    if len(doc) == 0:
        return []
    strings = doc.vocab.strings
    finals = _final_punct_hashes(doc.vocab)
    cache = _LEMMA_CACHE
    rows = doc.to_array([ORTH, LOWER, IS_STOP, IS_PUNCT, IS_SPACE, IDX, LENGTH]).tolist()
    out: list[tuple[tuple[int, int], list[str | None]]] = []
    lemmas: list[str | None] = []
    start_char = rows[0][5]
    last_end = start_char
    seen_final = False
    for orth, low_hash, is_stop, is_punct, is_space, idx, length in rows:
        is_final = orth in finals
        if seen_final and not is_punct and not is_final:
            out.append(((start_char, last_end), lemmas))
            lemmas, start_char, seen_final = [], idx, False
        elif is_final:
            seen_final = True
        last_end = idx + length
        if is_punct or is_space:
            lemmas.append(None)
            continue
        low = strings[low_hash]
        if is_stop:
            lemmas.append(low)
            continue
        lemma = cache.get(low)
        if lemma is None:
            lemma = cache[low] = lemma_of(low, table)
        lemmas.append(lemma)
    out.append(((start_char, last_end), lemmas))
    return out


_FINALS: dict[int, set[int]] = {}


def _final_punct_hashes(vocab: Any) -> set[int]:
    """Hashes of the Sentencizer's sentence-final punctuation."""
    key = id(vocab)
    if key not in _FINALS:
        sentencizer = dutch_nlp().get_pipe("sentencizer")
        _FINALS[key] = {vocab.strings.add(c) for c in sentencizer.punct_chars}
    return _FINALS[key]


def lemma_of(low: str, table: Any) -> str:
    """Lemma of a lower-case form; an unknown compound takes its known head's lemma
    (zorgvrijwilligers -> zorgvrijwilliger, dorpshuizen -> dorpshuis)."""
    if low in LEMMA_FIXES:
        return LEMMA_FIXES[low]
    lemma = table.get(low)
    if lemma is not None:
        return str(lemma).lower()
    if low.isalpha() and len(low) > 7:
        for cut in range(3, len(low) - 3):
            head = low[cut:]
            head_lemma = LEMMA_FIXES.get(head) or table.get(head)
            if head_lemma is not None and head_lemma != head:
                return low[:cut] + str(head_lemma).lower()
    return low


Sentence = tuple[tuple[int, int], list[str | None]]


def _whole_tags(text: str, sentences: list[Sentence]) -> list[Sentence]:
    """The sentences of ``text`` with no boundary inside a pseudonym tag.

    The tokenizer splits ``[PERSOON-4]`` into ``[``, ``PERSOON-4``, ``]``, and the
    sentence rule keeps punctuation after a full stop on the sentence before: a sentence
    that starts with a tag left its ``[`` behind (390 of the demo's 3,900 sentences).
    Such a boundary moves back to the tag's start; the ``[`` has no lemma, so the
    lemmas stay where they are.
    """
    tags = tag_spans(text)
    if not tags or len(sentences) < 2:
        return sentences
    out: list[Sentence] = [sentences[0]]
    for (start, end), lemmas in sentences[1:]:
        tag = tag_around(tags, start)
        if tag is not None:
            (prev_start, _), prev_lemmas = out[-1]
            if prev_start >= tag[0]:  # nothing left before the tag: one sentence
                out[-1] = ((prev_start, end), prev_lemmas + lemmas)
                continue
            out[-1] = ((prev_start, tag[0]), prev_lemmas)
            start = tag[0]
        out.append(((start, end), lemmas))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str, turns: Sequence[Turn]) -> list[tuple[int, int]]:
    """Blocks between blank lines, also split where a speaker label starts a line;
    a labelled block starts after its label."""
    cuts = {0, len(text)}
    for m in _BLANK.finditer(text):
        cuts.add(m.start())
        cuts.add(m.end())
    content_start = {t.label_start: t.start for t in turns}
    for t in turns:
        cuts.add(t.label_start)
    ordered = sorted(cuts)
    out = []
    for a, b in zip(ordered, ordered[1:]):
        a = content_start.get(a, a)
        s, e = _trim(text, a, b)
        if e > s:
            out.append((s, e))
    return out


def segment_text(
    text: str,
    turns: Sequence[Turn] = (),
    interviewer_labels: Iterable[str] = (),
    times: Sequence[tuple[int, str]] = (),
) -> list[SegmentSpan]:
    """All segments of a document: turns, paragraphs, and sentences with lemmas."""
    interviewers = set(interviewer_labels)
    spans: list[SegmentSpan] = []
    time_at = dict(times)
    for t in turns:
        s, e = _trim(text, t.start, t.end)
        if e > s:
            time = t.time or time_at.get(t.label_start)
            spans.append(SegmentSpan("turn", s, e, t.label, t.label in interviewers, meta={"t": time} if time else None))
    paras = paragraphs(text, turns)
    starts = [t.label_start for t in turns]

    def speaker_at(pos: int) -> Turn | None:
        # the last turn whose label starts at or before pos
        lo, hi = 0, len(starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if starts[mid] <= pos:
                lo = mid + 1
            else:
                hi = mid
        return turns[lo - 1] if lo else None

    owners = [speaker_at(s) for s, _ in paras]
    nlp = dutch_nlp()
    table = lemma_table()
    # the tokenizer only: sentences and lemmas come from one pass in _sentences
    docs = nlp.pipe((text[s:e] for s, e in paras), batch_size=256, disable=["lemmatizer", "sentencizer"])
    for (ps, pe), owner, doc in zip(paras, owners, docs):
        speaker = owner.label if owner else None
        is_int = bool(owner and owner.label in interviewers)
        spans.append(SegmentSpan("paragraph", ps, pe, speaker, is_int))
        for (start_char, end_char), token_lemmas in _whole_tags(text[ps:pe], _sentences(doc, table)):
            ss, se = _trim(text, ps + start_char, ps + end_char)
            if se <= ss:
                continue
            lemmas = " ".join(x for x in token_lemmas if x is not None)
            spans.append(SegmentSpan("sentence", ss, se, speaker, is_int, lemmas=lemmas))
    order = {"turn": 0, "paragraph": 1, "sentence": 2}
    spans.sort(key=lambda s: (s.start, order[s.unit]))
    return spans
