"""Pseudonym tags as people read them: ``[PERSOON-10]`` shown as ``[naam]``.

The stored text keeps deduce's numbered tags (``[PERSOON-10]``, ``[LOCATIE-2]``): the
number ties the mentions of one person together for the researcher. Whoever else reads a
text (a co-researcher on the review page, a report reader) sees a neutral word instead,
the same word everywhere, so a page and a report never disagree about how a name looks.

Example:
    >>> readable_tags("Ik ben [PERSOON-1] uit [LOCATIE-2].")
    'Ik ben [naam] uit [plaats].'
"""

from __future__ import annotations

import re

#: a pseudonym tag in stored text
TAG = re.compile(r"\[([A-Z][A-Z_]*)-\d+\]")

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
}
OTHER_PLACEHOLDER = {"nl": "gegeven", "en": "detail"}


def is_tag(text: str) -> bool:
    """True when ``text`` is one pseudonym tag and nothing else (a speaker label such as ``[PERSOON-2]``).

    >>> is_tag("[PERSOON-2]"), is_tag("Interviewer")
    (True, False)
    """
    return TAG.fullmatch(text.strip()) is not None


def readable_tags(text: str, lang: str = "nl") -> str:
    """Every pseudonym tag in ``text`` as its readable placeholder; nothing else changes.

    >>> readable_tags("[LEEFTIJD-3] jaar", "en")
    '[age] jaar'
    """

    def word(m: re.Match[str]) -> str:
        words = PLACEHOLDERS.get(m.group(1), OTHER_PLACEHOLDER)
        return "[" + words.get(lang, words["nl"]) + "]"

    return TAG.sub(word, text)
