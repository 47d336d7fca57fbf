"""Ages and the years and dates of a person's life: found, and replaced or generalised (ik ben 67 -> [60-69])."""

from __future__ import annotations

import re

from .words import _KIN, _PERSON_NOUN, _function_words

#: what ``ages`` and ``years`` may be set to
AGE_MODES = ("replace", "generalise", "keep")
#: what ``dates`` may be set to: only dates in a sentence about someone's life, or every date
DATE_MODES = ("personal", "all")
_AGE = re.compile(
    r"(?i:\b(?:(?:ik|hij|zij|ze|u|jij|je)\s+(?:ben|is|bent|was|werd|word|wordt)(?:\s+(?:nu|al|pas|bijna|ruim|net))?"
    r"|(?:ben|is|was|werd|word|wordt)\s+(?:ik|hij|zij|ze|u)(?:\s+(?:nu|al|pas|bijna|ruim|net))?"
    r"|toen\s+(?:ik|hij|zij|ze|we|wij)"
    r"|(?:leeftijd|oud)\s*:?(?:\s+van)?)\s+)(?P<age>\d{1,3})(?=(?:\s+jaar\b(?!\s+(?:geleden|lang|later|terug|eerder)))|\s*[.,;:!?)]|\s+(?:en|maar|nu|geworden|oud|was|werd|toen|hoor)\b|\s*$)"
    rf"|(?i:\b{_PERSON_NOUN}\s+van(?:\s+(?:bijna|ruim|al|pas|ongeveer))?\s+)(?P<age2>\d{{1,3}})(?!\s*(?:uur|euro|kilo|km|procent|%|minuten|dagen|weken|maanden|keer|cm|meter|leden|mensen|personen|kinderen|\d))(?=\W|$)"
)
_AGE_NAMED = re.compile(
    r"(?:\b(?P<who>[A-ZÀ-Ý][a-zà-ÿ'’]+)\s+(?:is|was|werd|wordt)\s+(?P<age>\d{1,3})(?=\s+(?:jaar\b(?!\s+(?:geleden|lang|later))|en\b|maar\b|nu\b|geworden\b|oud\b)|\s*[.,;!?])"
    r"|\b(?:die|dat)\s+(?P<age2>\d{1,3})\s+(?:is|was|werd|wordt)\b)"
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


# -- ages and years --------------------------------------------------------------------
def _is_duration(text: str, start: int, end: int) -> bool:
    """deduce's 'age' in "al 20 jaar", "20 jaar geleden", "de 20 jaar dat ..." is a span of time."""
    return bool(_DURATION_BEFORE.search(text[max(0, start - 12) : start]) or _DURATION_AFTER.match(text, end))


_NUMBER = re.compile(r"(?<!\d)\d{1,3}(?!\d)")


def _ages(text: str) -> list[tuple[int, int, str]]:
    """Ages, looked for only around numbers (the age patterns are slow over a whole text)."""
    out: set[tuple[int, int, str]] = set()
    for n in _NUMBER.finditer(text):
        ws, we = max(0, n.start() - 60), min(len(text), n.end() + 40)
        for m in _AGE.finditer(text, ws, we):
            group = "age" if m.group("age") else "age2"
            if 0 < int(m.group(group)) < 120:
                out.add((m.start(group), m.end(group), "leeftijd"))
        for m in _AGE_ADJECTIVE.finditer(text, ws, we):
            if 0 < int(m.group("age")) < 120:
                out.add((m.start("age"), m.end("age"), "leeftijd"))
        for m in _AGE_NAMED.finditer(text, ws, we):
            group = "age" if m.group("age") else "age2"
            if m.group("who") and m.group("who").lower() in _function_words():
                continue  # "Dat is 12."
            if 0 < int(m.group(group)) < 120:
                out.add((m.start(group), m.end(group), "leeftijd"))
    return sorted(out)


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
    digits = re.sub(r"\D", "", original)
    n = int(digits) if digits else 0
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
