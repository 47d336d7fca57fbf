"""Speaker turns in transcripts.

Recognised at the start of a line (or paragraph)::

    Interviewer: ...          I: ...        R: ...        Respondent 2: ...
    Marieke: ...              Jan de Vries: ...           [PERSOON-1]: ...
    [00:12:41] R: ...         00:12:41 Interviewer: ...   Interviewer (00:12): ...
    Jan de Vries   0:03       (Teams / Word transcript: the words on the next line)

Role labels (Interviewer, I, R, Respondent, Onderzoeker, Spreker 1, ...) always count.
Other labels (names) count when they recur: a label seen once is more likely a
sentence such as "Let op: ..." than a speaker. Interviewer turns are kept but marked,
so that analyses can leave them out.

Example:
    >>> [t.label for t in find_turns("I: Hoe gaat het?\\nR: Goed.")]
    ['I', 'R']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_LABEL = r"(?:\[[A-Z]+-\d+\]|[^\W\d_][\w'.\-]*(?:[ ][\w'.\-]+){0,3}(?:[ ]\d{1,2})?)"
_LINE = re.compile(
    rf"^(?:\[?(?P<t1>{_TIME})\]?[ \t]+)?(?P<label>{_LABEL})(?:[ \t]*\((?P<paren>[^()\n]{{1,30}})\))?[ \t]*:[ \t]*(?=\S)",
    re.M,
)
# Teams and Word transcript exports: the speaker and a time on a line of their own,
# the words on the next line(s):  "Jan de Vries   0:03\nGoedemorgen."
_HEADER_LINE = re.compile(rf"^(?P<label>{_LABEL})[ \t]+(?P<t1>{_TIME})[ \t]*\n\s*(?=\S)", re.M)

#: labels that always mark a speaker, lower case
ROLE_LABELS = {
    "interviewer", "interviewster", "i", "int", "onderzoeker", "o", "gespreksleider", "moderator", "vraag", "v",
    "r", "resp", "respondent", "geïnterviewde", "geinterviewde", "deelnemer", "antwoord", "a", "spreker", "speaker",
    "interviewee", "participant", "mantelzorger", "bewoner", "vrijwilliger", "coördinator", "coordinator",
}
#: labels that mark the interviewer, lower case
INTERVIEWER_LABELS = {"interviewer", "interviewster", "i", "int", "onderzoeker", "o", "gespreksleider", "moderator", "vraag", "v"}

#: a speaker whose name label was pseudonymised
_PSEUDONYM = re.compile(r"\[PERSOON-\d+\]")
_WORD_AFTER_NUMBER = re.compile(r"^(.*?)[ ]?\d{0,2}$")


@dataclass(frozen=True)
class Turn:
    """One speaker turn: ``label`` as written, the content span, and a time if given."""

    label: str
    label_start: int
    start: int  # content start (after "Label: ")
    end: int  # content end (before the next turn's label), trailing space trimmed
    time: str | None = None


def _base(label: str) -> str:
    """'Respondent 2' -> 'respondent'; '[PERSOON-1]' stays."""
    low = label.strip().lower()
    m = _WORD_AFTER_NUMBER.match(low)
    return (m.group(1) if m else low).strip()


def is_role_label(label: str) -> bool:
    return _base(label) in ROLE_LABELS


@dataclass(frozen=True)
class _Label:
    label: str
    start: int  # where the label starts
    end: int  # where the words start
    time: str | None


def _candidates(text: str) -> list[_Label]:
    out = []
    for m in _LINE.finditer(text):
        label = m.group("label")
        if len(label) > 40:
            continue
        first = label.split(" ", 1)[0]
        # a name label starts with a capital (or is a pseudonym tag); roles may be lower case
        if not (is_role_label(label) or first[:1].isupper() or label.startswith("[")):
            continue
        paren = m.group("paren")
        time = m.group("t1") or (paren if paren and re.fullmatch(_TIME, paren.strip()) else None)
        out.append(_Label(label, m.start(), m.end(), time))
    for m in _HEADER_LINE.finditer(text):
        label = m.group("label")
        if len(label) <= 40 and (is_role_label(label) or label[:1].isupper() or label.startswith("[")):
            out.append(_Label(label, m.start(), m.end(), m.group("t1")))
    out.sort(key=lambda c: c.start)
    return out


def speaker_labels(text: str, known: Iterable[str] = ()) -> list[str]:
    """The labels in ``text`` that are speakers (roles, known names, recurring labels)."""
    return _speakers(_candidates(text), known)


def _speakers(candidates: list[_Label], known: Iterable[str]) -> list[str]:
    known_set = {k.strip() for k in known if k.strip()}
    counts = Counter(c.label for c in candidates)
    return [lab for lab, n in counts.items() if is_role_label(lab) or lab in known_set or n >= 2 or _PSEUDONYM.fullmatch(lab)]


def find_turns(text: str, known: Iterable[str] = ()) -> list[Turn]:
    """Speaker turns in ``text``; empty when it is not a transcript."""
    candidates = _candidates(text)  # once: the labels are chosen from them, then the turns
    labels = set(_speakers(candidates, known))
    if not labels:
        return []
    matches = [c for c in candidates if c.label in labels]
    turns: list[Turn] = []
    for i, c in enumerate(matches):
        end = matches[i + 1].start if i + 1 < len(matches) else len(text)
        content_end = c.end + len(text[c.end : end].rstrip())
        turns.append(Turn(label=c.label, label_start=c.start, start=c.end, end=max(c.end, content_end), time=c.time))
    return turns


def interviewer_set(labels: Iterable[str], interviewer_names: Iterable[str] = (), extra_labels: Iterable[str] = ()) -> set[str]:
    """Which labels are the interviewer: role words, configured labels, or the interviewer's name.

    A name label matches the metadata's interviewer "Lotte de Wit" when it equals the
    full name, or its first name.
    """
    extra = {e.strip().lower() for e in extra_labels if e.strip()}
    names: set[str] = set()
    for name in interviewer_names:
        name = (name or "").strip().lower()
        if name:
            names.add(name)
            names.add(name.split()[0])
    out = set()
    for label in labels:
        low = label.strip().lower()
        if _base(label) in INTERVIEWER_LABELS or low in extra or low in names:
            out.add(label)
    return out
