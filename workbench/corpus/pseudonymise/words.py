"""Names that are also Dutch words: the lemma vocabulary, first names, kinship and title cues, and trimming a span to the name."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .deduce_wiring import load_deduce
from .matching import _keep_norm

_FACILITY_WORDS = (
    "verpleeghuis|verzorgingshuis|woonzorgcentrum|zorgcentrum|zorgcomplex|zorgboerderij|woonzorgboerderij|hospice|"
    "revalidatiecentrum|ziekenhuis|gezondheidscentrum|huisartsenpraktijk|huisartsenpost|zorginstelling|kliniek|"
    "woonvoorziening|tehuis|bejaardenhuis|bejaardentehuis|dagcentrum|woongroep|instelling|apotheek|thuiszorgorganisatie"
)
_NAME_WORD = r"(?:[A-ZÀ-Ý][\w'’\-]+|St\.)"
# The facility word in any case ("Verpleeghuis", "verpleeghuis"); the name after it must
# be capitalised, or "in het ziekenhuis gelegen" would lose its verb.
_FACILITY = re.compile(
    rf"\b(?i:{_FACILITY_WORDS})\s+(?P<name>(?:(?:De|Het|Den|'t|’t)\s+)?{_NAME_WORD}(?:\s+(?:(?:van|de|der|den|het|'t|aan)\s+)*{_NAME_WORD})*)"
)


# A capitalised name after an article in mid-sentence ("naar De Vlasbloem", "in het
# Wilgenhof") is a proper name: a care home, a pub, a school. A capitalised article
# ("naar De Vlasbloem") says so for sure; after a lower-case one ("in de Serre") the
# name must not be ordinary Dutch words.
_NAME_AFTER_ARTICLE = re.compile(
    r"(?<=[a-zà-ÿ,] )(?P<article>De|Het|Den|de|het|den|'t|’t) (?P<name>[A-ZÀ-Ý][a-zà-ÿ'’\-]+(?: [A-ZÀ-Ý][a-zà-ÿ'’\-]+)*)"
)

# Kinship and address cues: the capitalised word after them is a name, even when it is
# also a Dutch word ("mijn vrouw Door", "zien vrouw, Door" in Limburgs, "buurvrouw Riet").
_POSSESSIVE = r"(?:mijn|m'n|mn|mien|miene|zijn|z'n|zien|haar|heur|onze|ons|oos|hun|je|jouw|uw|de|die|een|d'r)"
_KIN = (
    r"(?:vrouw|man|echtgenote|echtgenoot|partner|vriendin|vriend|moeder|vader|mam|pap|zus|zuster|broer|dochter|zoon|"
    r"schoonmoeder|schoonvader|schoonzus|schoonzuster|schoonzoon|schoondochter|schoonbroer|zwager|kleindochter|kleinzoon|"
    r"nicht|neef|nichtje|neefje|kind|kleinkind|jongste|oudste|maatje|vriendinnetje|dochtertje|zoontje|weduwe|weduwnaar|"
    r"buurvrouw|buurman|buurmeisje|buurjongen)"
)
_TITLE = r"(?:buurvrouw|buurman|overbuurvrouw|overbuurman|tante|oom|oma|opa|meneer|mevrouw|mevr\.|mw\.|dhr\.|juffrouw|juf|meester|zuster|broeder|de heer|tante)"
_CUE_NAME = r"(?P<name>[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)?)(?P<rest>(?: (?:(?:van|de|der|den|ter|ten|van de|van der|van den|in 't) )?[A-ZÀ-Ý][a-zà-ÿ'’]+)?)"
_CUE = re.compile(rf"(?i:\b(?:{_POSSESSIVE}\s+{_KIN}|{_TITLE}))\s*,?\s+{_CUE_NAME}")
_NOT_A_NAME = {"De", "Het", "Een", "Die", "Dat", "Deze", "Dit", "En", "Ik", "Hij", "Zij", "Ze", "We", "Wij", "Is", "Was", "Of", "Maar", "Als", "Nou", "Ja", "Nee"}
#: words after which a name-that-is-a-word at a sentence start is the word ("Door de gemeente")
_FUNCTION_NEXT = {
    "de", "het", "een", "deze", "dit", "mijn", "je", "jouw", "uw", "zijn", "haar", "ons", "onze", "hun", "niet", "te", "middel",
    "me", "mij", "hem", "ze", "wat", "hoe", "dan", "maar", "eens", "al", "alle", "elk", "elke", "ieder", "iedere", "middel", "toedoen",
}

# Ages: "ik ben 67", "toen ik 12 was", "mijn moeder van 93", "een man van 84 jaar", "93-jarige".
_PERSON_NOUN = (
    r"(?:moeder|vader|man|vrouw|mevrouw|meneer|heer|dame|iemand|kind|jongen|meisje|zoon|dochter|broer|zus|buurvrouw|buurman|"
    r"tante|oom|oma|opa|bewoner|bewoonster|vrijwilliger|vrijwilligster|weduwe|weduwnaar|echtgenoot|echtgenote|partner|"
    r"patiënt|cliënt|deelnemer|deelneemster|mantelzorger|ouder|oudere|vriend|vriendin)"
)


_WORD_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“'‘]))(?P<word>[A-ZÀ-Ý][a-zà-ÿ'’]+) $")


def _with_first_name(text: str, start: int, end: int, tag: str, keep_norm: set[str]) -> tuple[int, int, str]:
    """deduce found the surname, not the first name that is also a word: "Wiel [Poels]",
    "Riet [van den Heuvel]". A capitalised word right before a person's name is part of it
    (mid-sentence always; at a sentence start when it is a known first name or no word)."""
    if tag not in ("persoon", "patient"):
        return start, end, tag
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if not m:
        return start, end, tag
    word = m.group("word")
    if word in _NOT_A_NAME or _is_title(word) or _keep_norm(word) in keep_norm or word.lower() in _function_words():
        return start, end, tag
    if _at_sentence_start(text, m.start("word")) and _is_dutch_word(word):
        return start, end, tag  # "Alsof Joke ...", "Via Yvonne Bos ..."
    return m.start("word"), end, tag


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | frozenset(_INTERJECTIONS) | {"via", "alsof", "terwijl", "toen", "sinds", "zoals", "collega", "samen", "volgens", "namens"}


_TITLES = {"mevrouw", "meneer", "heer", "dhr", "mw", "mevr", "staatssecretaris", "minister", "wethouder", "burgemeester", "dokter", "dr", "prof", "mr", "ir", "drs", "zuster", "broeder", "van", "de", "den", "der", "het", "voorzitter", "lid"}


def _is_title(word: str) -> bool:
    return word.lower().rstrip(".") in _TITLES

_HOUR_AT_END = re.compile(r"\s*\d{1,2}$")
_MINUTES_NEXT = re.compile(r":\d{2}")


def _trim_name(text: str, start: int, end: int, tag: str) -> tuple[int, int, str]:
    """deduce sometimes takes the hour of a time after a name along ("Brouwer   0" of
    "Henk Brouwer   0:09" in a Teams export, read as street and house number): cut it off."""
    m = _HOUR_AT_END.search(text, start, end)
    if m and m.start() > start and _MINUTES_NEXT.match(text, end):
        end = m.start()
    if tag in ("persoon", "patient"):
        while end > start + 1 and not (text[end - 1].isalpha() or text[end - 1] in ".'’-"):
            end -= 1
        # a name ends at a lower-case word that is no name particle ("Petra bij de Rotary"),
        # and never on a particle ("Riet van den Heuvel op de")
        pos = start
        seen_capital = False
        for m in re.finditer(r"\S+", text[start:end]):
            w = m.group()
            if seen_capital and w[:1].islower() and w.lower() not in _PARTICLES:
                end = start + m.start()
                break
            seen_capital = seen_capital or (w[:1].isupper() and w.lower() not in _PARTICLES and not _is_title(w))
        words = list(re.finditer(r"\S+", text[start:end]))
        while len(words) > 1 and words[-1].group().lower() in _PARTICLES:
            words.pop()
        if words:
            end = start + words[-1].end()
        # ... and does not start with a word of the sentence ("Via Joke", "Nou Tineke")
        while len(words) > 1 and words[0].group().lower() in _function_words() and words[0].group().lower() not in _PARTICLES:
            words.pop(0)
        if words:
            start = pos + words[0].start()
        del pos
    return start, end, tag


_PARTICLES = {"van", "de", "der", "den", "ter", "ten", "te", "'t", "’t", "het", "in", "op", "la", "le", "du", "da", "dos", "di", "el", "al", "v.d.", "vd"}


_CONNECTORS = re.compile(r"^(?:(?:van|de|der|den|het|'t|uit|bij|en|voor|of|in|op|te|aan|namens|via|-)\s*)+|(?:\s*(?:van|de|der|den|het|'t|uit|bij|en|voor|of|in|op|te|aan|namens|via|-))+$", re.IGNORECASE)


# -- words -----------------------------------------------------------------------------
_VOCAB: dict[str, Any] = {}

#: interjections of spoken Dutch that deduce takes for names at a sentence start
_INTERJECTIONS = {"oei", "oeps", "tja", "nou", "goh", "jee", "jeetje", "hè", "he", "hé", "joh", "zeg", "ach", "och", "hoor", "hm", "hmm", "eh", "ehm", "uh", "uhm", "haha", "ok", "oké", "okee", "jawel", "nee", "ja", "prima", "super", "top", "gezellig"}


def _vocabulary() -> Any:
    """Dutch words: spaCy's lemma lookup table (forms and lemmas), its lemma index (base
    forms of nouns, verbs, adjectives, adverbs) and its stop words."""
    if not _VOCAB:
        from spacy.lang.nl.stop_words import STOP_WORDS
        from spacy.lookups import load_lookups

        from workbench.corpus.segment import lemma_table

        table = lemma_table()
        words = {str(v).lower() for v in table.values()}
        try:
            index = load_lookups("nl", ["lemma_index"]).get_table("lemma_index")
            for forms in index.values():
                words.update(str(f).lower() for f in forms)
        except (ValueError, KeyError):  # pragma: no cover - tables missing in an old spacy-lookups-data
            pass
        words.update(STOP_WORDS)
        words.update(_INTERJECTIONS)
        _VOCAB["lemmas"] = words
        _VOCAB["table"] = table
    return _VOCAB


def _is_dutch_word(word: str) -> bool:
    """True for an ordinary Dutch word in any case ('Serre', 'Koningin', 'Door'); a
    hyphenated compound by its head ('Eco-systeem', 'Wmo-dienstverlening')."""
    vocab = _vocabulary()
    low = word.lower().strip(".,;:!?'’\"")
    if "-" in low:
        head = low.rsplit("-", 1)[1]
        return len(head) >= 3 and (head in vocab["lemmas"] or vocab["table"].get(head) is not None)
    return low in vocab["lemmas"] or vocab["table"].get(low) is not None


def _is_compound(word: str) -> bool:
    """A Dutch compound of two known words ('Zorgbuurthuis', 'Waterschapswet'), the
    linking s or e(n) allowed. Only used after a lower-case article ("het Zorgbuurthuis")."""
    vocab = _vocabulary()["lemmas"]
    low = word.lower()
    for cut in range(3, len(low) - 2):
        head, left = low[cut:], low[:cut]
        if len(head) >= 3 and head in vocab:
            for stem in (left, left[:-1] if left.endswith("s") else None, left[:-1] if left.endswith("e") else None, left[:-2] if left.endswith("en") else None):
                if stem and len(stem) >= 3 and stem in vocab:
                    return True
    return False


@lru_cache(maxsize=1)
def _first_names() -> Any:
    return load_deduce().lookup_structs["first_name"]


def _is_first_name(word: str) -> bool:
    try:
        return [word] in _first_names()
    except Exception:  # pragma: no cover - another deduce layout
        return False


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" \t")
    return before == "" or before[-1] in "\n.!?:\"“'(…-–"


def _is_ordinary_word(text: str, start: int, end: int, tag: str, strong: set[str], multi_tokens: set[str]) -> bool:
    """A one-word 'name' or 'place' that is an ordinary Dutch word where a word stands:

    * at a sentence start ("Mooi gezegd.", "Dingen veranderen.", "Oei, ..."), unless it
      is a known first name followed by a word that is not a function word;
    * after a lower-case article or determiner ("het Voorhuis", "de Serre").

    Kept as a name when it is a speaker's or a cue's name, or part of a full name in the text.
    """
    if tag not in ("persoon", "patient", "locatie"):
        return False
    word = text[start:end]
    if not word.isalpha() or word in strong or word.casefold() in multi_tokens:
        return False
    if not _is_dutch_word(word):
        return False
    if tag == "locatie" and not re.search(r"\b(?:de|het|een|die|dat|deze|dit)\s+$", text[max(0, start - 8) : start]):
        # a place name that is also a word ("Best", "Buren"): a word after an article or at a sentence start
        return _at_sentence_start(text, start) and text[end : end + 1] != ","
    if _at_sentence_start(text, start):
        if word.lower() in _INTERJECTIONS or not _is_first_name(word):
            return True
        nxt = re.match(r"\s+([\w']+)", text[end : end + 30])
        return nxt is None or nxt.group(1).lower() in _FUNCTION_NEXT or text[end : end + 1] in ".,!?;…"
    return bool(re.search(r"\b(?:de|het|een|die|dat|deze|dit)\s+$", text[max(0, start - 8) : start]))
