"""Names that are words, known by what the sentence says of them.

"Roos, de buurvrouw van nummer 25": a capitalised word with an apposition that names a
person's role or kin is a name. "Wil is zelf al 81", "Bep, die is 85", "Roos is
gepensioneerd verpleegkundige": the subject of a sentence that gives an age or a role is
a person. deduce passes over such words (they are Dutch words: *roos*, *wil*, *bep*
is not, but many are), and the workbench's own rule lets a word at a sentence start go;
these cues say it is a name, so it is replaced there and everywhere it recurs.
"""

from __future__ import annotations

import re

from .ages import _ADVERBS, _NOT_A_SUBJECT, _NUM, _is_age
from .words import _INTERJECTIONS, _KIN, _NOT_A_NAME, _PERSON_NOUN, _is_dutch_word, _is_first_name, _is_title

# roles of people in care stories, on top of kin and the person nouns of the age patterns
_ROLE = (
    rf"(?:{_KIN}|{_PERSON_NOUN}|overbuurvrouw|overbuurman|buurtgenoot|buurtgenote|dorpsgenoot|dorpsgenote|verpleegkundige|"
    r"wijkverpleegkundige|verzorgende|huisarts|casemanager|coördinator|coordinator|voorzitter|penningmeester|secretaris|"
    r"kok|chauffeur|taxichauffeur|schoonmaakster|schoonmaker|thuishulp|begeleider|begeleidster|mantelzorgster|"
    r"dorpsondersteuner|ouderenadviseur|consulent|fysiotherapeut|weduwe|kleindochter|kleinzoon|achterbuurvrouw|achterbuurman)"
)
_DET = r"(?:de|het|een|mijn|m'n|onze|ons|haar|zijn|z'n|hun|die|jouw|uw)"
_CAPITAL = r"(?P<name>[A-ZÀ-Ý][a-zà-ÿ'’]+)"
# "Roos, de buurvrouw van nummer 25", "Sjaak, een buurtgenoot,", "Bep, die is 85"; a role
# followed by a name is a title cue for that name ("Kamerleden, de heer Slootweg"), no apposition
_APPOSITION = re.compile(
    rf"(?<![\w\-]){_CAPITAL},\s+(?:{_DET}\s+(?:[a-zà-ÿ]+\s+)?{_ROLE}(?!\w)(?!\s+[A-ZÀ-Ý])|die\s+(?:is|was|wordt|werd){_ADVERBS}\s+(?P<age>{_NUM})(?!\s*(?:uur|euro|minuten|meter|km|kilo|procent|%|keer)))"
)
# "Wil is zelf al 81", "Roos is gepensioneerd verpleegkundige", "Henk is een vrijwilliger"
_SUBJECT = re.compile(
    rf"(?<![\w\-]){_CAPITAL}\s+(?:is|was|wordt|werd){_ADVERBS}\s+"
    rf"(?:(?P<age>{_NUM})(?=\s+(?:jaar\b(?!\s+(?:geleden|lang|later))|en\b|maar\b|geworden\b|oud\b)|\s*[.,;!?])"
    rf"|(?:(?:een|de)\s+)?(?:[a-zà-ÿ]+\s+)?(?P<role>{_ROLE})(?!\w))"
)
#: words that stand before a comma or a verb and are never a name
_NEVER = {
    "dus", "toen", "dan", "daarna", "ook", "zo", "want", "hier", "daar", "thuis", "gisteren", "vandaag", "morgen", "vroeger", "nu",
    "later", "eerst", "soms", "vaak", "kijk", "luister", "trouwens", "natuurlijk", "inderdaad", "precies", "zeker", "echt",
    "bovendien", "echter", "daarom", "misschien", "eigenlijk", "ondertussen", "intussen", "tenslotte", "uiteindelijk", "verder",
    "goed", "mooi", "samen", "iedereen", "niemand", "zij", "hij", "wij", "jij", "u",
}
_ROLE_RE = re.compile(_ROLE)


def names_by_context(text: str) -> set[str]:
    """Capitalised words the sentence marks as a person (an apposition with a role or an
    age, or the subject of a sentence giving an age or a role).

    Example:
        >>> sorted(names_by_context("Roos, de buurvrouw van nummer 25, kookt. Wil is zelf al 81."))  # doctest: +SKIP
        ['Roos', 'Wil']
    """
    out: set[str] = set()
    for pattern in (_APPOSITION, _SUBJECT):
        for m in pattern.finditer(text):
            name = m.group("name")
            low = name.lower()
            if name in _NOT_A_NAME or low in _INTERJECTIONS or low in _NEVER or low in _NOT_A_SUBJECT or _is_title(name) or _ROLE_RE.fullmatch(low):
                continue
            age = m.group("age")
            if age is not None and not _is_age(age):
                continue
            if pattern is _SUBJECT and age is None and _is_dutch_word(name) and not _is_first_name(name):
                continue  # "Zorg is de moeder van ...": a word; a role says 'person' only of a name
            out.add(name)
    return out
