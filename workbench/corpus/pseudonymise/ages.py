"""Ages and the years and dates of a person's life: found, and replaced or generalised (ik ben 67 -> [60-69]).

An age is a number (digits or a Dutch number word: *eenentachtig*, *negentig*) where the
sentence gives a person's age: "ik ben 67", "eenentachtig ben ik nu", "Gerda (81)",
"Wil is zelf al 81", "die is 91", "een man van negentig". A number elsewhere (a house
number, a count, a time, a sum of money, a duration) is left alone.
"""

from __future__ import annotations

import re

from .words import _KIN, _PERSON_NOUN, _function_words

#: what ``ages`` and ``years`` may be set to
AGE_MODES = ("replace", "generalise", "keep")
#: what ``dates`` may be set to: only dates in a sentence about someone's life, or every date
DATE_MODES = ("personal", "all")
# Dutch number words from ten to a hundred ("eenentachtig", "tweeëntachtig", "negentig"):
# below ten a word ("een", "twee") is far more often an article or a count than an age.
_UNITS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9}
_TEENS = {
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17,
    "achttien": 18, "negentien": 19, "honderd": 100,
}
_TENS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80, "negentig": 90}
_NUMBER_WORD = (
    r"(?:(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]n)?(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)"
    r"|tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien|honderd"
)
# "ik ben vijftig jaar met haar getrouwd", "ik ben 20 jaar vrijwilliger": a span of years
_SPAN_OF_YEARS = r"met|getrouwd|samen|bij|lid|vrijwilliger|actief|werkzaam|mantelzorger|in dienst|hier|daar|alleen|weduwe|weduwnaar"
_NUM = rf"(?:\d{{1,3}}|(?i:{_NUMBER_WORD})(?!\w))"
_ADVERBS = r"(?:\s+(?:nu|al|pas|bijna|ruim|net|zelf|inmiddels|ook|intussen|toen|sinds kort))*"
_AGE = re.compile(
    rf"(?i:\b(?:(?:ik|hij|zij|ze|u|jij|je|die)\s+(?:ben|is|bent|was|werd|word|wordt){_ADVERBS}"
    rf"|(?:ben|is|was|werd|word|wordt)\s+(?:ik|hij|zij|ze|u){_ADVERBS}"
    r"|toen\s+(?:ik|hij|zij|ze|we|wij)"
    rf"|(?:leeftijd|oud)\s*:?(?:\s+van)?)\s+)(?P<age>{_NUM})(?=(?:\s+jaar\b(?!\s+(?:geleden|lang|later|terug|eerder|{_SPAN_OF_YEARS})))|\s*[.,;:!?)]|\s+(?:en|maar|nu|geworden|oud|was|werd|toen|hoor|inmiddels)\b|\s*$)"
    rf"|(?i:\b{_PERSON_NOUN}\s+van(?:\s+(?:bijna|ruim|al|pas|ongeveer))?\s+)(?P<age2>{_NUM})(?!\s*(?:uur|euro|kilo|km|procent|%|minuten|dagen|weken|maanden|keer|cm|meter|leden|mensen|personen|kinderen|\d))(?=\W|$)"
)
_AGE_NAMED = re.compile(
    rf"(?:\b(?P<who>[A-ZÀ-Ý][a-zà-ÿ'’]+)\s+(?:is|was|werd|wordt){_ADVERBS}\s+(?P<age>{_NUM})(?=\s+(?:jaar\b(?!\s+(?:geleden|lang|later))|en\b|maar\b|nu\b|geworden\b|oud\b)|\s*[.,;!?])"
    rf"|\b(?:die|dat)\s+(?P<age2>{_NUM})\s+(?:is|was|werd|wordt)\b)"
)
# The age first: "eenentachtig ben ik nu", "Negentig word ik in maart", "78 is hij".
_AGE_FIRST = re.compile(
    rf"(?:^|(?<=[\s.,:;!?…\"“'(]))(?P<age>{_NUM})\s+(?i:(?:ben|word|werd|was)\s+ik|(?:is|wordt|werd|was)\s+(?:hij|zij|ze))\b"
)
# In brackets after a person: "Gerda van Leeuwen (81)", "meneer Dekker (88 jaar)", "Ik (74)".
_AGE_BRACKETS = re.compile(r"(?P<who>[\w'’.]+)\s*\((?P<age>\d{1,3})(?:\s*(?:jaar|jr\.?))?\)")
#: subjects of "... is 12" that are no person: "Dat is 12.", "Het was 3."
_NOT_A_SUBJECT = {
    "dat", "dit", "het", "er", "wat", "die", "deze", "alles", "niets", "iets", "hier", "daar", "dan", "nu", "zo", "dus", "maar",
    "en", "of", "toen", "totaal", "men", "ook", "welke", "wie", "waar", "hoe", "nummer", "prijs", "score", "stand", "uitslag",
}
_PRONOUNS = {"ik", "hij", "zij", "ze", "u", "mij", "hem", "haar"}
# Two people side by side: "Hij 84 en zij 80", "Ik 79, mijn man 83".
_WHO_SHORT = rf"(?:ik|hij|zij|ze|u|(?:mijn|m'n|zijn|z'n|haar)\s+{_KIN})"
_AGE_PAIR = re.compile(
    rf"(?i:\b{_WHO_SHORT})\s+(?P<age>{_NUM})\s*(?:,|:|\ben\b)\s*(?i:{_WHO_SHORT})\s+(?P<age2>{_NUM})(?=\s*[,.;:!?]|\s+(?:en|jaar)\b|\s*$)"
)
# An age one turns: "als ik negentig word", "voordat hij 75 jaar werd", "toen meneer Verhoef
# honderd werd" (a capitalised subject must be no function word: checked in the code)
_AGE_TURNED = re.compile(
    rf"(?:(?i:\b(?:ik|hij|zij|ze|u|je|jij|{_KIN}|{_PERSON_NOUN}))|\b(?P<who>[A-ZÀ-Ý][a-zà-ÿ'’]+))\s+(?P<age>{_NUM})(?:\s+jaar)?\s+(?:word|werd|wordt|worden|geworden)\b"
)
_AGE_END = rf"(?=\s+jaar\b(?!\s+(?:geleden|lang|later|terug|eerder|{_SPAN_OF_YEARS}))|\s*[.,;:!?]|\s+(?:en|maar|nu|geworden|oud)\b|\s*$)"
# A person noun as the subject: "de oudste deelnemer is honderd jaar", "mijn moeder is 93"
_AGE_NOUN_IS = re.compile(
    rf"(?i:\b(?:de|mijn|m'n|zijn|z'n|haar|onze|hun|die|deze)\s+(?:oudste\s+|jongste\s+)?(?:{_KIN}|{_PERSON_NOUN})\s+(?:is|was|werd|wordt){_ADVERBS}\s+)(?P<age>{_NUM}){_AGE_END}"
)
# Children's ages: "twee kinderen van 8 en 11", "kleinkinderen van 3, 5 en 9"
_CHILDREN_OF = re.compile(rf"(?i:\b(?:kinderen|kleinkinderen|kids|jongens|meisjes|zonen|dochters|tweeling)\s+van\s+)(?P<ages>{_NUM}(?:\s*(?:,|en)\s*{_NUM})*)(?!\s*jaar\s+geleden)(?!\s+(?!jaar\b|en\b|maar\b|oud\b|die\b)[a-zà-ÿ])")
# After an inserted clause: "Mijn moeder, die nu in het verpleeghuis woont, is 93.",
# "Gerrit, de vrijwilliger van de dinsdag, is al 77 jaar."
_AGE_AFTER_CLAUSE = re.compile(
    rf"(?:(?i:\b(?:mijn|m'n|zijn|z'n|haar|onze|de|die)\s+(?:{_KIN}|{_PERSON_NOUN}))|\b(?P<who>[A-ZÀ-Ý][a-zà-ÿ'’]+))\s*,\s*[^,.;!?\n]{{3,70}},\s*"
    rf"(?:is|was|werd|wordt){_ADVERBS}\s+(?P<age>{_NUM})"
    rf"(?=\s+jaar\b(?!\s+(?:geleden|lang|later|terug|eerder|{_SPAN_OF_YEARS}))|\s*[.,;!?]|\s+(?:en|maar|nu|geworden|oud)\b|\s*$)"
)
_AGE_ADJECTIVE = re.compile(r"\b(?P<age>\d{1,3})-?jarige?\b")
# deduce's ages in contexts that make them durations: "al 20 jaar", "20 jaar geleden"
_DURATION_BEFORE = re.compile(r"(?i:\b(?:al|ruim|bijna|sinds|over|na|voor|per|elke|iedere|binnen|afgelopen|laatste|eerste|komende|ongeveer|zo'n|circa|ca\.|tot|dan|nog|die|de|het)\s*)$")
_DURATION_AFTER = re.compile(r"(?i:\s*(?:jaar|jaren)\s+(?:geleden|lang|later|terug|eerder|na|voor|daarna|ervoor|werk|ervaring|bestaan|actief|(?:of|en)\s+(?:ouder|jonger)))")

_YEAR = re.compile(r"(?<![\w\-/.,])(?P<year>19\d\d|20[0-4]\d)(?![\w\-/])")
# A sentence that dates a person's life: a life event, or someone speaking of their own life.
_LIFE_EVENT = re.compile(
    r"(?i:\b(?:geboren|geb\.|geboorte\w*|jarig|verjaardag|overleden|overleed|gestorven|stierf|begraven|gecremeerd|crematie|"
    r"getrouwd|trouwde|trouwden|huwelijk|gescheiden|scheiding|weduwe|weduwnaar|opgenomen|opname|ontslagen|diagnose|"
    r"beroerte|herseninfarct|hartaanval|geopereerd|operatie|verhuisd|verhuisde|verhuisden|"
    r"kwam(?:en)? wonen|woon|woont|wonen|woonden|woonde|pensioen|bevallen|geadopteerd|ongeluk|gevallen)\b)"
)
_OWN_LIFE = re.compile(r"(?i:\b(?:ik|mijn|m'n|me|mij|we|wij|ons|onze|hij|zij|ze|haar|zijn|z'n|hem)\b)")
_SENTENCE_END = re.compile(r"[.!?\n]")


# "Het huis, dat aan de dijk staat, is 80 jaar oud": the age of a thing, not of a person
_THING_SUBJECT = re.compile(
    r"(?i:^\s*(?:het|de|dit|dat|deze|ons|onze|hun|mijn|m'n)\s+(?:\w+\s+)?"
    r"(?:huis|huisje|gebouw|pand|kerk|kerkje|buurthuis|wijkcentrum|dorpshuis|dorp|initiatief|project|boerderij|zorgboerderij|club|"
    r"vereniging|stichting|bedrijf|school|molen|boom|auto|bus|busje|fiets|woning|flat|straat|wijk|buurt|koor|organisatie|winkel|"
    r"café|zaak|tuin|moestuin|bankje|orgel|instituut|netwerk)\b[^.!?\n]*$)"
)


# -- ages and years --------------------------------------------------------------------
def _is_duration(text: str, start: int, end: int) -> bool:
    """deduce's 'age' in "al 20 jaar", "20 jaar geleden", "de 20 jaar dat ..." is a span of
    time; in "het huis is 80 jaar oud" the age of a thing."""
    if _DURATION_BEFORE.search(text[max(0, start - 12) : start]) or _DURATION_AFTER.match(text, end):
        return True
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 200), start)), default=None)
    if left is None and start >= 200:
        return False  # no start of the sentence in sight
    return bool(_THING_SUBJECT.search(text[left or 0 : start]))


_NUMBER = re.compile(rf"(?<!\d)\d{{1,3}}(?!\d)|(?<!\w)(?i:{_NUMBER_WORD})(?!\w)")


def age_value(original: str) -> int:
    """The number of an age in digits or Dutch words: '81' -> 81, 'eenentachtig' -> 81.

    Example:
        >>> age_value("tweeëntachtig")
        82
    """
    digits = re.sub(r"\D", "", original)
    if digits:
        return int(digits)
    word = original.lower().strip()
    for tens, value in _TENS.items():
        if word.endswith(tens):
            unit = word[: -len(tens)]
            return value + (_UNITS.get(unit[:-2], 0) if unit[-2:] in ("en", "ën") else 0)
    return _TEENS.get(word, 0)


def _is_age(value: str) -> bool:
    return 0 < age_value(value) < 120


def _person_before(text: str, m: re.Match[str]) -> bool:
    """The word before "(81)" is a person: a name (capitalised, not a word of the
    sentence), a pronoun or a person noun ("mijn moeder (93)")."""
    who = m.group("who")
    low = who.lower().rstrip(".")
    if low in _PRONOUNS or _PERSON_NOUN_RE.fullmatch(low) or _KIN_RE.fullmatch(low):
        return True
    return who[:1].isupper() and who.isalpha() and low not in _function_words()


_PERSON_NOUN_RE = re.compile(_PERSON_NOUN)
_KIN_RE = re.compile(_KIN)


def _ages(text: str) -> list[tuple[int, int, str]]:
    """Ages, looked for only around numbers (the age patterns are slow over a whole text)."""
    out: set[tuple[int, int, str]] = set()
    for n in _NUMBER.finditer(text):
        ws, we = max(0, n.start() - 60), min(len(text), n.end() + 40)
        for m in _AGE.finditer(text, ws, we):
            group = "age" if m.group("age") else "age2"
            if _is_age(m.group(group)):
                out.add((m.start(group), m.end(group), "leeftijd"))
        for m in _AGE_ADJECTIVE.finditer(text, ws, we):
            if _is_age(m.group("age")):
                out.add((m.start("age"), m.end("age"), "leeftijd"))
        for m in _AGE_NAMED.finditer(text, ws, we):
            group = "age" if m.group("age") else "age2"
            if m.group("who") and m.group("who").lower() in _NOT_A_SUBJECT:
                continue  # "Dat is 12." (but "Wil is zelf al 81": a name that is also a word)
            if _is_age(m.group(group)):
                out.add((m.start(group), m.end(group), "leeftijd"))
        for pattern in (_AGE_FIRST, _AGE_BRACKETS):
            for m in pattern.finditer(text, ws, we):
                if pattern is _AGE_BRACKETS and not _person_before(text, m):
                    continue
                if _is_age(m.group("age")):
                    out.add((m.start("age"), m.end("age"), "leeftijd"))
        out.update(_ages_in_pairs_turned_and_after_a_clause(text, n))
    return sorted(out)


def _ages_in_pairs_turned_and_after_a_clause(text: str, n: re.Match[str]) -> set[tuple[int, int, str]]:
    """The forms a plain "ik ben 81" pattern misses, around the number ``n`` (a clause
    before the verb needs a wider window)."""
    out: set[tuple[int, int, str]] = set()
    ws, we = max(0, n.start() - 60), min(len(text), n.end() + 40)
    for pattern in (_AGE_PAIR, _AGE_TURNED, _AGE_NOUN_IS):
        for m in pattern.finditer(text, ws, we):
            if "who" in pattern.groupindex and m.group("who") and (m.group("who").lower() in _function_words() or m.group("who").lower() in _NOT_A_SUBJECT):
                continue  # "Toen het 12 uur werd"
            for group in ("age", "age2"):
                if group in pattern.groupindex and m.group(group) and _is_age(m.group(group)):
                    out.add((m.start(group), m.end(group), "leeftijd"))
    for m in _CHILDREN_OF.finditer(text, ws, we):
        for k in _NUMBER.finditer(m.group("ages")):
            if _is_age(k.group()):
                out.add((m.start("ages") + k.start(), m.start("ages") + k.end(), "leeftijd"))
    for m in _AGE_AFTER_CLAUSE.finditer(text, max(0, n.start() - 130), we):
        who = m.group("who")
        if who and (who.lower() in _function_words() or who.lower() in _NOT_A_SUBJECT):
            continue  # "Nou, dat weet ik niet, is 12 ..."
        if _is_age(m.group("age")):
            out.add((m.start("age"), m.end("age"), "leeftijd"))
    return out


def _sentence(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 300), start)), default=max(0, start - 300))
    m = _SENTENCE_END.search(text, end)
    right = m.start() if m else min(len(text), end + 300)
    return text[left:right]


def _about_a_life(text: str, start: int, end: int) -> bool:
    """The sentence around [start, end) dates a person's life: a life event ('geboren',
    'overleden', 'verhuisd', 'woon'...) or someone speaking of their own life ('ik', 'mijn')
    with 'sinds' or 'toen'."""
    sentence = _sentence(text, start, end)
    if _LIFE_EVENT.search(sentence):
        return True
    return bool(re.search(r"(?i:\b(?:sinds|toen|vanaf|in)\b)", sentence) and (re.search(r"(?i:\b(?:ik|mijn|m'n|me|mij)\b)", sentence) or _KIN_IN_SENTENCE.search(sentence)))


_KIN_IN_SENTENCE = re.compile(rf"(?i:\b(?:mijn|m'n|zijn|z'n|haar|hun|onze)\s+{_KIN}\b)")


def _life_years(text: str) -> list[tuple[int, int]]:
    return [(m.start("year"), m.end("year")) for m in _YEAR.finditer(text) if _about_a_life(text, m.start(), m.end()) and _OWN_LIFE.search(_sentence(text, m.start(), m.end()))]


def _generalise_age(original: str) -> str:
    n = age_value(original)
    if n >= 90:
        return "[90+]"
    if n < 18:
        return "[<18]"
    lo = n // 10 * 10
    return f"[{lo}-{lo + 9}]"


def _generalise_year(original: str) -> str:
    n = int(original)
    lo = n // 10 * 10
    return f"[{lo}-{lo + 9}]"
