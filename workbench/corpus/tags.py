"""Pseudonym tags as whole tokens: ``[PERSOON-4]``, ``[LOCATIE-2]``, ``[60-69]``,
``[1970-1979]``, ``[90+]``, ``[telefoonnummer]``.

The pseudonymiser writes a tag (or a generalised value) in square brackets with no
space inside. spaCy's tokenizer splits ``[PERSOON-4]`` into ``[``, ``PERSOON-4`` and
``]``, and the sentence rule then leaves the ``[`` on the sentence before: a half tag
in the coding app, the agreement table and a report quote. Every boundary that is
made (sentence, turn, paragraph, a coded span) is checked against these spans.

Example:
    >>> tag_spans("sinds [1970-1979]. [PERSOON-4] en ik")
    [(6, 17), (19, 30)]
    >>> widen_to_tags("sinds [1970-1979]. [PERSOON-4] en ik", 20, 33)
    (19, 33)

Shown to people, a numbered tag reads as a neutral word (:func:`readable_tags`:
``[PERSOON-10]`` -> ``[naam]``), the same on the review page and in reports.
"""

from __future__ import annotations

import re
from bisect import bisect_right

#: a tag: square brackets around up to 40 characters without space or bracket
TAG = re.compile(r"\[[^\[\]\s]{1,40}\]")


def tag_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every tag in ``text``, in order."""
    return [(m.start(), m.end()) for m in TAG.finditer(text)]


def tag_around(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The tag that ``pos`` falls strictly inside (a cut there would split it), or None.

    ``spans`` as returned by :func:`tag_spans` (sorted, not overlapping).
    """
    i = bisect_right(spans, (pos, 1 << 62)) - 1  # the last tag starting at or before pos
    if i >= 0 and spans[i][0] < pos < spans[i][1]:
        return spans[i]
    return None


def widen_to_tags(text: str, start: int, end: int, spans: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """The span ``start:end`` widened so that it cuts no tag (a tag is one token)."""
    spans = tag_spans(text) if spans is None else spans
    tag = tag_around(spans, start)
    if tag is not None:
        start = tag[0]
    tag = tag_around(spans, end)
    if tag is not None:
        end = tag[1]
    return start, end


#: a numbered pseudonym tag in stored text ([PERSOON-10]), its word as group 1
PSEUDONYM = re.compile(r"\[([A-Z][A-Z_]*)-\d+\]")

#: pseudonym tag word -> readable placeholder (the reports use the same words)
PLACEHOLDERS: dict[str, dict[str, str]] = {
    "PERSOON": {"nl": "naam", "en": "name"},
    "PATIENT": {"nl": "naam", "en": "name"},
    "LOCATIE": {"nl": "plaats", "en": "place"},
    "ADRES": {"nl": "adres", "en": "address"},
    "DATUM": {"nl": "datum", "en": "date"},
    "LEEFTIJD": {"nl": "leeftijd", "en": "age"},
    "TELEFOONNUMMER": {"nl": "telefoonnummer", "en": "phone number"},
    "EMAILADRES": {"nl": "e-mailadres", "en": "e-mail address"},
    "URL": {"nl": "website", "en": "website"},
    "BSN": {"nl": "BSN", "en": "citizen service number"},
    "ZORGINSTELLING": {"nl": "zorginstelling", "en": "care facility"},
    "ZIEKENHUIS": {"nl": "ziekenhuis", "en": "hospital"},
    "INSTELLING": {"nl": "instelling", "en": "institution"},
    "ID": {"nl": "nummer", "en": "number"},
    "JAARTAL": {"nl": "jaartal", "en": "year"},
}
OTHER_PLACEHOLDER = {"nl": "gegeven", "en": "detail"}


def is_tag(text: str) -> bool:
    """True when ``text`` is one pseudonym tag and nothing else (a speaker label such as ``[PERSOON-2]``).

    >>> is_tag("[PERSOON-2]"), is_tag("Interviewer")
    (True, False)
    """
    return PSEUDONYM.fullmatch(text.strip()) is not None


def readable_tags(text: str, lang: str = "nl") -> str:
    """Every pseudonym tag in ``text`` as its readable placeholder; nothing else changes.

    >>> readable_tags("[LEEFTIJD-3] jaar", "en")
    '[age] jaar'
    """

    def word(m: re.Match[str]) -> str:
        words = PLACEHOLDERS.get(m.group(1), OTHER_PLACEHOLDER)
        return "[" + words.get(lang, words["nl"]) + "]"

    return PSEUDONYM.sub(word, text)
