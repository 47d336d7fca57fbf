"""Street names without a house number: "ze woont in de Vlinderstraat", "op de Kerkstraat".

deduce finds a street with its house number ("Kerkstraat 22"); alone, a street is left.
In a village a street names a household, so a capitalised word that ends in a Dutch
street suffix (-straat, -laan, -weg, -plein, -hof, -singel, -dijk, -steeg, -erf, -pad,
-kade, -gracht, -dreef, ...) is a place. Public places the research may name (the
Binnenhof, a town's Grote Markt) go on the keep-list, which is applied after this.

An ordinary word with such an ending is let go: in lower case ("de snelweg", "het
binnenhof") always; capitalised at the start of a sentence when it is a Dutch word
("Snelweg A12 was dicht"). Mid-sentence, Dutch writes a capital only for a name.
"""

from __future__ import annotations

import re

from .words import _at_sentence_start, _function_words, _is_dutch_word, _is_first_name

_SUFFIXES = (
    "straat|straatje|laan|laantje|weg|plein|pleintje|hof|singel|dijk|steeg|steegje|erf|pad|kade|gracht|dreef|wal|markt|"
    "plantsoen|allee|boulevard|wetering"
)
# one word of at least three letters before the suffix ("Kerkstraat", not "Weg"), maybe
# hyphenated ("Sint-Jansstraat", "Burgemeester-Smitlaan")
_STREET = re.compile(rf"(?<![\w\-])(?P<street>[A-ZÀ-Ý][a-zà-ÿ'’]*(?:-[A-Za-zÀ-ÿ'’]+)*?[a-zà-ÿ]{{2,}}(?:{_SUFFIXES}))(?![\w\-])")
# words that may stand before the street's own word: "Prins Hendrikstraat", "Burgemeester
# de Withstraat", "Oude Delft", "Van Goghstraat", "Dr. Schaepmanstraat"
# ("Van de Kerklaan" at a sentence start is the preposition: "Van" only right before the street)
_STREET_PREFIX = re.compile(
    r"(?:(?:Prins|Prinses|Koning|Koningin|Burgemeester|Burg\.|Dokter|Dr\.|Pastoor|Pater|Dominee|Ds\.|Graaf|Gravin|Generaal|Sint|St\.|"
    r"Oude|Nieuwe|Lange|Korte|Hoge|Lage|Grote|Kleine|Noord|Zuid|Oost|West|Jan|Willem|Jacob|Johan|Hendrik|Mgr\.)"
    r"(?:\s+(?:van|de|der|den|ter|ten|'t))*\s+)+(?:Van\s+)?$|(?<![\w\-])Van\s+$"
)


# a title or kinship word right before: the word is a surname ("de heer Slootweg", "familie Dijkhof")
_SURNAME_CUE = re.compile(r"(?i:\b(?:heer|meneer|mijnheer|mevrouw|mevr\.|mw\.|dhr\.|familie|fam\.|juffrouw|dokter|dr\.|zuster|wethouder|burgemeester|minister|staatssecretaris)\s+)$")
_WORD_BEFORE = re.compile(r"(?<![\w\-])(?P<word>[A-ZÀ-Ý][a-zà-ÿ'’]+)\s+$")


def _after_first_name(text: str, start: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return m is not None and _is_first_name(m.group("word"))


def street_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of street names in the text, with or without a house number.

    Example:
        >>> street_spans("Ze woont in de Vlinderstraat, bij de snelweg.")   # doctest: +SKIP
        [(15, 28)]
    """
    out: list[tuple[int, int]] = []
    for m in _STREET.finditer(text):
        start, end = m.start("street"), m.end("street")
        word = m.group("street")
        if word.lower() in _function_words():
            continue
        prefix = _STREET_PREFIX.search(text, max(0, start - 60), start)
        if prefix:
            start = prefix.start()
        elif _SURNAME_CUE.search(text, max(0, start - 30), start) or _after_first_name(text, start):
            continue  # "de heer Slootweg", "Anna Kerkweg": a surname
        if _at_sentence_start(text, start) and " " not in text[start:end] and _is_dutch_word(word):
            continue  # "Snelweg A12 was dicht.": a word, capitalised because it starts the sentence
        out.append((start, end))
    return out
