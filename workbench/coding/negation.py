"""Negation: which words of a sentence are negated, so that *niet meer eenzaam*,
*nooit alleen*, *geen last van eenzaamheid* or *vervoer is geen probleem* do not count
as evidence for a code (the rules skip a negated keyword or pattern; the learned
suggester sees a negated word as a different feature, ``niet_eenzaam``).

A cue (*niet, geen, nooit, niemand, nergens, niets*; English *not, no, never, nobody,
nothing*; not *zonder*: "zonder de chauffeurs zat ik thuis" is about the chauffeurs) negates the next few words of its clause (up to
``WINDOW`` words, not past a comma, *maar*, *want*, *omdat*, *sinds*, ... ). Words like *meer*,
*zo*, *echt* right after the cue do not use up the window (*niet meer zo eenzaam*).
A few cue phrases negate what comes before them in the clause too: *X is geen
probleem*, *geen last van X*, *no problem*; so does a cue that ends its clause
(*eenzaam ben ik niet meer*).

This is a deliberately simple, measured rule (NegEx-style; Chapman et al. 2001), not a
parser: *niet alleen ..., maar ook* (not only) is recognised and left alone.

Example:
    >>> negated("ik ben niet meer eenzaam sinds de eettafel".split())
    [False, False, False, True, True, False, False, False]
    >>> negated("vervoer is voor mij geen probleem".split())
    [True, True, True, True, False, True]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: words that negate what follows
CUES = frozenset({
    "niet", "geen", "nooit", "niemand", "nergens", "niets", "noch", "allerminst",
    "not", "no", "never", "nobody", "nothing", "nor", "n't",
})
#: words after a cue that do not use up its window (niet MEER eenzaam, nooit ZO alleen)
FILLERS = frozenset({"meer", "zo", "echt", "helemaal", "erg", "heel", "te", "zoveel", "langer", "any", "longer", "more", "so", "really", "at", "all"})
#: words that end a clause (the lemmas stored for a sentence keep no punctuation)
BOUNDARIES = frozenset({
    ",", ";", ":", ".", "!", "?", "maar", "want", "omdat", "doordat", "terwijl", "dus", "toch", "behalve", "sinds", "dankzij", "nu",
    "but", "because", "although", "though", "while", "however", "since", "thanks",
})
#: cue + noun phrases that negate the clause before them too ('vervoer is geen probleem')
BACKWARD = frozenset({
    ("geen", "probleem"), ("geen", "problemen"), ("geen", "punt"), ("geen", "issue"), ("geen", "moeite"), ("geen", "last"),
    ("geen", "lassen"), ("geen", "zorg"), ("geen", "zorgen"), ("no", "problem"), ("no", "issue"),
})
#: how many words a cue negates
WINDOW = 3
_TOKEN = re.compile(r"\w+(?:'\w+)?|[^\w\s]", re.UNICODE)


def negated(words: Sequence[str]) -> list[bool]:
    """Per word: is it in the scope of a negation (the cue itself is not)?

    Args:
        words: the words (or lemmas) of one sentence, lower case; punctuation tokens,
            where present, end a clause.
    """
    low = [w.lower() for w in words]
    out = [False] * len(low)
    for i, w in enumerate(low):
        if w not in CUES:
            continue
        nxt = low[i + 1] if i + 1 < len(low) else ""
        if w == "niet" and nxt == "alleen":  # 'niet alleen ..., maar ook': not only, no negation
            continue
        if (w, nxt) in BACKWARD:
            j = i - 1
            while j >= 0 and low[j] not in BOUNDARIES and low[j] not in CUES and i - j <= 6:
                out[j] = True
                j -= 1
        used = 0
        j = i + 1
        while j < len(low) and used < WINDOW and low[j] not in BOUNDARIES:
            if low[j] in CUES:
                break
            out[j] = True
            if low[j] not in FILLERS:
                used += 1
            j += 1
        if used == 0:  # the cue ends its clause ('eenzaam ben ik niet meer'): it negates what came before
            j = i - 1
            while j >= 0 and low[j] not in BOUNDARIES and low[j] not in CUES and i - j <= 6:
                out[j] = True
                j -= 1
    return out


def describes_absence(*texts: str) -> bool:
    """Does a code's own definition or include text speak in negations (*geen bus*, *niet
    hoeven verhuizen*, *er niet alleen voor staan*)? Then a negated keyword is evidence
    for it, not against it, and the rules keep it.

    Example:
        >>> describes_absence("Bewoners die niet op de plek van hulp kunnen komen: geen bus")
        True
    """
    return any(w in CUES for text in texts for w in tokens(text or ""))


def tokens(text: str) -> list[str]:
    """The words and punctuation marks of a text, lower case (punctuation ends a clause)."""
    return _TOKEN.findall(text.lower())


def mark(words: Sequence[str]) -> list[str]:
    """The words with every negated one written ``niet_<word>`` (the cue words stay).

    Example:
        >>> mark(["nooit", "alleen"])
        ['nooit', 'niet_alleen']
    """
    flags = negated(words)
    return [f"niet_{w}" if f else w for w, f in zip(words, flags)]


def negated_text(text: str) -> str:
    """The text lower-cased with its negated words marked (for character n-grams: the
    marked word no longer shares its n-grams with the plain word).

    Example:
        >>> negated_text("Ik ben niet meer eenzaam.")
        'ik ben niet ¬meer ¬eenzaam .'
    """
    toks = tokens(text)
    flags = negated(toks)
    return " ".join(f"¬{w}" if f else w for w, f in zip(toks, flags))


def negated_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the negated words of ``text`` (to skip a pattern match there)."""
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    flags = negated([text[a:b] for a, b in spans])
    return [s for s, f in zip(spans, flags) if f]
