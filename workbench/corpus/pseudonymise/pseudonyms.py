"""Pseudonyms: numbering within a document and one pseudonym per person across a study (StudyPseudonyms)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from .ages import _generalise_age, _generalise_year
from .deduce_wiring import TAG_NAMES
from .matching import _norm
from .types import Pseudonymised, Replacement

#: what ``pseudonyms`` may be set to: one per person across the study, or per document
PSEUDONYM_SCOPES = ("study", "document")


def _word(tag: str) -> str:
    return TAG_NAMES.get(tag, tag.upper())


def _assign(text: str, annotations: list[tuple[int, int, str]], ages: str = "generalise", years: str = "generalise") -> list[str]:
    """Pseudonyms per annotation, consistent within the text.

    Full names are numbered first (in order of appearance); a lone first or last name
    that belongs to exactly one full name gets that name's pseudonym. Ages and years
    are generalised to a decade when asked.
    """
    numbers: dict[str, int] = Counter()
    by_key: dict[tuple[str, str], str] = {}
    order = sorted(range(len(annotations)), key=lambda i: (len(text[annotations[i][0] : annotations[i][1]].split()) < 2, i))
    out: list[str] = [""] * len(annotations)
    for i in order:
        start, end, tag = annotations[i]
        word = _word(tag)
        if tag == "leeftijd" and ages == "generalise":
            out[i] = _generalise_age(text[start:end])
            continue
        if tag == "jaartal" and years == "generalise":
            out[i] = _generalise_year(text[start:end])
            continue
        norm = _norm(text[start:end])
        key = (word, norm)
        if key not in by_key and word == "PERSOON" and " " not in norm:
            owners = {p for (w, n), p in by_key.items() if w == "PERSOON" and norm in n.split()}
            if len(owners) == 1:
                by_key[key] = owners.pop()
        if key not in by_key:
            numbers[word] += 1
            by_key[key] = f"[{word}-{numbers[word]}]"
        out[i] = by_key[key]
    return out


# -- one pseudonym per person across the study -------------------------------------------
_PSEUDONYM = re.compile(r"^\[(?P<word>[A-Z]+)-(?P<n>\d+)\]$")


class StudyPseudonyms:
    """One pseudonym per person (place, facility, ...) across a study.

    Built from the key file (which stays outside the database): a name seen before keeps
    its number; a new one gets the next free number of its kind. Documents are pseudonymised
    on their own (in parallel), then renumbered here, in a fixed order, with
    :meth:`renumber`.

    Example:
        >>> study = StudyPseudonyms(read_key(path))          # doctest: +SKIP
        >>> result = study.renumber(result)                   # doctest: +SKIP
    """

    def __init__(self, key_rows: Iterable[dict[str, Any]] = ()) -> None:
        self._by_name: dict[tuple[str, str], str] = {}
        self._next: Counter[str] = Counter()
        for row in key_rows:
            m = _PSEUDONYM.match(str(row.get("pseudonym", "")))
            if not m:
                continue
            word, n = m.group("word"), int(m.group("n"))
            self._next[word] = max(self._next[word], n)
            self._by_name.setdefault((word, _norm(str(row.get("original", "")))), str(row["pseudonym"]))

    def mapping(self, result: Pseudonymised) -> dict[str, str]:
        """Document pseudonym -> study pseudonym, learning new names on the way."""
        groups: dict[str, list[str]] = {}
        for r in result.replacements:
            if _PSEUDONYM.match(r.pseudonym):
                groups.setdefault(r.pseudonym, [])
                if r.original not in groups[r.pseudonym]:
                    groups[r.pseudonym].append(r.original)
        out: dict[str, str] = {}
        for local, originals in groups.items():
            word = _PSEUDONYM.match(local).group("word")  # type: ignore[union-attr]
            # the longest spelling decides ("Gerda Verbeek" before "Gerda")
            ordered = sorted(originals, key=lambda o: (-len(o.split()), -len(o)))
            found = next((self._by_name[(word, _norm(o))] for o in ordered if (word, _norm(o)) in self._by_name), None)
            if found is None or found in out.values():
                self._next[word] += 1
                found = f"[{word}-{self._next[word]}]"
            out[local] = found
            for o in originals:
                self._by_name.setdefault((word, _norm(o)), found)
        return out

    def renumber(self, result: Pseudonymised) -> tuple[Pseudonymised, dict[str, str]]:
        """The result with study-wide pseudonyms, and the mapping used (local -> study)."""
        mapping = self.mapping(result)
        if all(k == v for k, v in mapping.items()):
            return result, mapping
        reps = []
        parts = []
        pos = 0
        new_pos = 0
        text = result.text
        for r in result.replacements:
            pseudonym = mapping.get(r.pseudonym, r.pseudonym)
            parts.append(text[pos : r.new_start])
            new_pos += r.new_start - pos
            parts.append(pseudonym)
            reps.append(replace(r, pseudonym=pseudonym, new_start=new_pos, new_end=new_pos + len(pseudonym)))
            new_pos += len(pseudonym)
            pos = r.new_end
        parts.append(text[pos:])
        return Pseudonymised(text="".join(parts), replacements=tuple(reps), counts=result.counts), mapping


def shift_offset(pos: int, old: Sequence[Replacement], new: Sequence[Replacement]) -> int:
    """An offset in a text before :meth:`StudyPseudonyms.renumber`, in the text after it."""
    shift = 0
    for a, b in zip(old, new):
        if a.new_end <= pos:
            shift += (b.new_end - b.new_start) - (a.new_end - a.new_start)
        elif a.new_start < pos:  # inside a pseudonym: the same place in the new one
            return b.new_start + min(pos - a.new_start, b.new_end - b.new_start)
        else:
            break
    return pos + shift
