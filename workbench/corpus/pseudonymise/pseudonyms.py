"""Pseudonyms: numbering within a document and one pseudonym per person across a study (StudyPseudonyms)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from .ages import _generalise_age, _generalise_year
from .deduce_wiring import TAG_NAMES
from .genders import differ, first_name_gender, title_gender
from .matching import _norm
from .types import Pseudonymised, Replacement

#: what ``pseudonyms`` may be set to: one per person across the study, or per document
PSEUDONYM_SCOPES = ("study", "document")


def _word(tag: str) -> str:
    return TAG_NAMES.get(tag, tag.upper())


#: titles before a surname: "mevrouw Wolters" is Wolters
_PERSON_TITLES = {
    "mevrouw", "mevr", "mw", "meneer", "mijnheer", "heer", "dhr", "de heer", "juffrouw", "zuster", "dokter", "dr", "oma", "opa", "tante", "oom",
    "buurvrouw", "buurman", "staatssecretaris", "minister", "wethouder", "burgemeester", "prof", "professor", "ir", "drs", "mr", "pastoor",
    "dominee", "familie",
}
_SURNAME_PARTICLES = {"van", "de", "der", "den", "ter", "ten", "te", "'t", "’t", "het", "in", "op", "la", "le", "du", "da", "di", "v.d.", "vd"}


def person_parts(original: str) -> tuple[str, str, bool]:
    """(first name, surname, titled) of a person's mention, normalised.

    "Hennie Wolters" -> ("hennie", "wolters", False); "mevrouw Wolters" -> ("", "wolters",
    True); "Annet van Dijk" -> ("annet", "van dijk", False); "Henk" -> ("henk", "", False).

    Example:
        >>> person_parts("Mevrouw Van Dijk")
        ('', 'van dijk', True)
    """
    words = [w.strip(".,") for w in _norm(original).split()]
    titled = False
    while words and (words[0] in _PERSON_TITLES or " ".join(words[:2]) in _PERSON_TITLES):
        words = words[2:] if " ".join(words[:2]) in _PERSON_TITLES else words[1:]
        titled = True
    if titled:
        return "", " ".join(words), True
    if len(words) >= 2 and words[0] not in _SURNAME_PARTICLES:
        return words[0], " ".join(words[1:]), False
    return (words[0] if len(words) == 1 else ""), (" ".join(words) if len(words) > 1 else ""), False


def _surname_owner(surname: str, full_names: dict[tuple[str, str], str], gender: str | None = None) -> str | None:
    """The pseudonym of the one person with a first name and this surname, or None when
    there is none or there are two ("Jan de Vries" and "Piet de Vries"). A title's
    ``gender`` leaves out a first name of the other ("meneer Hendriks" is not "Marja
    Hendriks")."""
    owners = {p for (first, sur), p in full_names.items() if sur == surname and first and not differ(gender, first_name_gender(first))}
    return owners.pop() if len(owners) == 1 else None


def _titled_keys(word: str, surname: str) -> tuple[tuple[str, str], ...]:
    return tuple((word, f"~{surname}{g}") for g in ("", "#m", "#f"))


def _assign(text: str, annotations: list[tuple[int, int, str]], ages: str = "generalise", years: str = "generalise") -> list[str]:
    """Pseudonyms per annotation, consistent within the text.

    Full names are numbered first (in order of appearance); a surname with a title
    ("mevrouw Wolters") is the person with a first name and that surname ("Hennie
    Wolters") unless two first names carry it; a lone first or last name that belongs to
    exactly one full name gets that name's pseudonym. Ages and years are generalised to
    a decade when asked.
    """
    numbers: dict[str, int] = Counter()
    by_key: dict[tuple[str, str], str] = {}
    full_names: dict[tuple[str, str], str] = {}

    def rank(i: int) -> tuple[int, int]:
        start, end, tag = annotations[i]
        first, surname, titled = person_parts(text[start:end]) if _word(tag) == "PERSOON" else ("", "", False)
        return (0 if first and surname else 1 if titled else 2) if _word(tag) == "PERSOON" else (0 if len(text[start:end].split()) >= 2 else 2), i

    out: list[str] = [""] * len(annotations)
    for i in sorted(range(len(annotations)), key=rank):
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
        if word == "PERSOON" and key not in by_key:
            first, surname, _titled = person_parts(text[start:end])
            if surname and not first:
                # every titled mention of one surname ("van Dijk" too) is one person, one per
                # sex the titles say ("meneer" and "mevrouw Hendriks": two)
                gender = title_gender(text[start:end])
                key = (word, "~" + surname + (f"#{gender}" if gender else ""))
                if key not in by_key:
                    owner = _surname_owner(surname, full_names, gender)
                    if owner is not None:
                        by_key[key] = owner
            elif " " not in norm and len(titled := {by_key[k] for k in _titled_keys(word, norm) if k in by_key}) == 1:
                by_key[key] = titled.pop()  # "Brink" after "mevrouw Brink"
            elif " " not in norm:
                owners = {p for (w, n), p in by_key.items() if w == "PERSOON" and norm in n.split()}
                if len(owners) == 1:
                    by_key[key] = owners.pop()
        if key not in by_key:
            numbers[word] += 1
            by_key[key] = f"[{word}-{numbers[word]}]"
        out[i] = by_key[key]
        if word == "PERSOON":
            first, surname, _titled = person_parts(text[start:end])
            if first and surname:
                full_names[(first, surname)] = out[i]
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
        # surname -> pseudonyms of people with a first name and that surname, and the
        # pseudonym of a surname seen only with a title ("mevrouw Wolters")
        self._surnames: dict[str, set[str]] = {}
        self._titled: dict[str, set[str]] = {}
        self._gender: dict[str, str | None] = {}  # pseudonym -> what its title or first name says
        for row in key_rows:
            m = _PSEUDONYM.match(str(row.get("pseudonym", "")))
            if not m:
                continue
            word, n = m.group("word"), int(m.group("n"))
            self._next[word] = max(self._next[word], n)
            self._by_name.setdefault((word, _norm(str(row.get("original", "")))), str(row["pseudonym"]))
            if word == "PERSOON":
                self._learn_person(str(row.get("original", "")), str(row["pseudonym"]))

    def _learn_person(self, original: str, pseudonym: str) -> None:
        first, surname, _titled = person_parts(original)
        said = first_name_gender(first) if first else title_gender(original)
        if said is not None:
            self._gender.setdefault(pseudonym, said)
        if first and surname:
            self._surnames.setdefault(surname, set()).add(pseudonym)
        elif surname:
            self._titled.setdefault(surname, set()).add(pseudonym)

    def _by_surname(self, originals: list[str]) -> str | None:
        """The study's pseudonym for a person known here by title and surname ("mevrouw
        Wolters") or by first name and surname, from another document: one person with
        a first name and that surname, or a titled mention when no first name is known."""
        for o in originals:
            first, surname, _titled = person_parts(o)
            if not surname:
                continue
            gender = first_name_gender(first) if first else title_gender(o)
            owners = {p for p in self._surnames.get(surname, set()) if not differ(gender, self._gender.get(p))}
            if not first and len(owners) == 1:
                return next(iter(owners))
            titled = {p for p in self._titled.get(surname, set()) if not differ(gender, self._gender.get(p))}
            if first and not owners and len(titled) == 1:
                return titled.pop()
        return None

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
            if found is None and word == "PERSOON":
                found = self._by_surname(ordered)
            if found is None or found in out.values():
                self._next[word] += 1
                found = f"[{word}-{self._next[word]}]"
            out[local] = found
            for o in originals:
                self._by_name.setdefault((word, _norm(o)), found)
                if word == "PERSOON":
                    self._learn_person(o, found)
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
    """An offset in a text before :meth:`StudyPseudonyms.renumber`, in the text after it.

    Ingest shifts every segment's start and end of a document with the same two lists:
    their running shifts are computed once (for the last pair seen) and each offset is
    found by bisection; walking the list per offset made renumbering quadratic.

    Example:
        >>> shift_offset(20, result.replacements, renumbered.replacements)   # doctest: +SKIP
        21
    """
    ends, shifts = _shifts(old, new)
    k = bisect_right(ends, pos)  # replacements ending at or before pos
    if k < len(ends) and old[k].new_start < pos:  # inside a pseudonym: the same place in the new one
        b = new[k]
        return b.new_start + min(pos - old[k].new_start, b.new_end - b.new_start)
    return pos + shifts[k]


#: the last pair of lists shifted and their running shifts (one tuple: swapped whole)
_LAST_SHIFTS: dict[str, tuple[Any, Any, list[int], list[int]]] = {}


def _shifts(old: Sequence[Replacement], new: Sequence[Replacement]) -> tuple[list[int], list[int]]:
    """Where the old pseudonyms end, and the total shift after the first k of them."""
    last = _LAST_SHIFTS.get("last")
    if last is not None and last[0] is old and last[1] is new:
        return last[2], last[3]
    n = min(len(old), len(new))
    ends = [old[i].new_end for i in range(n)]
    shifts = [0]
    for a, b in zip(old[:n], new[:n]):
        shifts.append(shifts[-1] + (b.new_end - b.new_start) - (a.new_end - a.new_start))
    _LAST_SHIFTS["last"] = (old, new, ends, shifts)
    return ends, shifts
