"""The Pseudonymiser: deduce plus the workbench's own passes, and the settings that build one for a study."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .ages import AGE_MODES, DATE_MODES, _about_a_life, _ages, _is_duration, _life_years
from .deduce_wiring import deduce_annotations, gc_paused, load_deduce, municipalities
from .keep import default_keep_list, initiative_terms
from .matching import _fold, _keep_norm, _spans, _terms_pattern
from .pseudonyms import _assign, _word
from .streets import street_spans
from .subjects import names_by_context
from .types import Pseudonymised, Replacement
from .words import (
    _CONNECTORS,
    _CUE,
    _FACILITY,
    _FUNCTION_NEXT,
    _NAME_AFTER_ARTICLE,
    _NOT_A_NAME,
    _at_sentence_start,
    _is_compound,
    _is_dutch_word,
    _is_ordinary_word,
    _is_title,
    _trim_name,
    _vocabulary,
    _with_first_name,
)

# Dutch phone numbers deduce can miss ("070 345 2189", "0348 56 38 12", "+31 6 1234 5678"):
# checked on their digit count below.
_PHONE = re.compile(r"(?<![\w+])(?:\+31[ \-]?(?:\(0\))?|\(?0)\d{1,3}\)?(?:[ \-]?\d){6,8}(?!\w)")


def _is_phone(number: str) -> bool:
    digits = re.sub(r"\D", "", number)
    return len(digits) == 10 and digits.startswith("0") or len(digits) == 11 and digits.startswith("31")


class Pseudonymiser:
    """Replaces identifying details in Dutch text; consistent within one call.

    Args:
        keep: public names that are never replaced (case- and accent-insensitive, whole
            words), on top of the shipped list.
        replace: names the researcher knows (respondents, family, volunteers) that are
            always replaced, with their first names, even where deduce misses them.
        cache_dir: where deduce keeps its lookup cache.
        keep_defaults: use the shipped Dutch care keep-list (:func:`default_keep_list`).
        keep_places: keep the names of Dutch municipalities (:func:`municipalities`).
        ages: "generalise" (67 -> [60-69]), "replace" ([LEEFTIJD-1]) or "keep".
        years: the same for years that date a person's life ("sinds 1998").
        dates: "personal" (only dates in a sentence about someone's life) or "all".
    """

    def __init__(
        self,
        keep: Sequence[str] = (),
        cache_dir: Path | None = None,
        replace: Sequence[str] = (),
        *,
        keep_defaults: bool = True,
        keep_places: bool = False,
        ages: str = "generalise",
        years: str = "generalise",
        dates: str = "personal",
    ) -> None:
        self.keep = tuple(k for k in keep if k.strip())
        self.replace = tuple(r.strip() for r in replace if r.strip())
        self.cache_dir = cache_dir
        self.keep_defaults = keep_defaults
        self.keep_places = keep_places
        self.ages = ages
        self.years = years
        self.dates = dates
        for name, value, allowed in (("ages", ages, AGE_MODES), ("years", years, AGE_MODES), ("dates", dates, DATE_MODES)):
            if value not in allowed:
                raise ValueError(f"{name}={value!r}: use one of {', '.join(allowed)}")  # i18n: developer (Settings checks [privacy] first)
        terms = list(self.keep)
        if keep_defaults:
            terms += default_keep_list()
        if keep_places:
            terms += municipalities()
        self._keep_terms = terms
        self._keep_norm = {_keep_norm(k) for k in terms}
        self._keep_pattern = _terms_pattern([_fold(t) for t in terms], ignore_case=True)

    def load(self) -> Pseudonymiser:
        """Load deduce and the word list now (before forking workers, so they share them)."""
        load_deduce(self.cache_dir)
        _vocabulary()
        return self

    def _keep_spans(self, folded: str, extra: re.Pattern[str] | None, regions: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """Kept terms near the given spans only: the keep pattern has hundreds of
        alternatives, and scanning whole documents with it doubled pseudonymisation time."""
        windows: list[list[int]] = []
        for s, e in sorted(regions):
            ws, we = max(0, s - _KEEP_MARGIN), min(len(folded), e + _KEEP_MARGIN)
            if windows and ws <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], we)
            else:
                windows.append([ws, we])
        spans: set[tuple[int, int]] = set()
        for ws, we in windows:
            for pattern in (self._keep_pattern, extra):
                if pattern is not None:
                    spans.update((m.start(), m.end()) for m in pattern.finditer(folded, ws, we))
        return sorted(spans)

    def annotate(self, text: str, extra_names: Iterable[str] = (), extra_keep: Sequence[str] = ()) -> list[tuple[int, int, str]]:
        """(start, end, tag) of everything to replace, after the keep-list, without overlaps."""
        folded = _fold(text)
        extra_pattern = _terms_pattern([_fold(t) for t in extra_keep], ignore_case=True) if extra_keep else None
        keep_norm = self._keep_norm | {_keep_norm(k) for k in extra_keep}
        found = self._deduce_spans(text)
        streets = set(street_spans(text))
        found.extend(self._own_spans(text, streets))
        # names for sure: speaker labels, the replace-list, a word after a kinship cue
        strong = self._strong_names(text, extra_names, keep_norm)
        found.extend((s, e, "persoon") for s, e in self._name_spans(text, strong, strong))
        kept = self._after_keep_list(text, found, folded, extra_pattern, keep_norm, streets, strong)
        kept.extend(self._recurring(text, kept, folded, extra_pattern, keep_norm, strong))
        kept = self._ages_and_years(text, kept)
        return _merge_spans(kept, streets)

    def _deduce_spans(self, text: str) -> list[tuple[int, int, str]]:
        """deduce's annotations, cut at sentence ends and trimmed to the name; durations and dates
        of letters (not of a life) let go."""
        found: list[tuple[int, int, str]] = []
        for a_start, a_end, a_tag in deduce_annotations(load_deduce(self.cache_dir), text):
            for start, end in _split_at_sentence_end(text, a_start, a_end):
                start, end, tag = _trim_name(text, start, end, a_tag)
                if tag in ("persoon", "patient") and not any(c.isupper() for c in text[start:end]):
                    continue  # "de", "van de": what is left of a span is no name
                if tag == "leeftijd" and _is_duration(text, start, end):
                    continue
                if tag == "datum" and self.dates == "personal" and not _about_a_life(text, start, end):
                    continue
                found.append((start, end, tag))
        return found

    @staticmethod
    def _own_spans(text: str, streets: set[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """The workbench's own finds: care facilities named in speech, names after an article,
        Dutch phone numbers, street names without a house number."""
        found: list[tuple[int, int, str]] = []
        for m in _FACILITY.finditer(text):
            name = m.group("name")
            if name.split()[0].lower() in ("de", "het", "den", "'t", "’t") and len(name.split()) == 1:
                continue
            found.append((m.start("name"), m.end("name"), "zorginstelling"))
        for m in _NAME_AFTER_ARTICLE.finditer(text):
            if m.group("article")[0].islower() and all(_is_dutch_word(w) or _is_compound(w) for w in m.group("name").split()):
                continue  # "in de Serre", "het Groene Kruis": ordinary words
            found.append((m.start("name"), m.end("name"), "locatie"))
        found.extend((m.start(), m.end(), "telefoonnummer") for m in _PHONE.finditer(text) if _is_phone(m.group()))
        found.extend((s, e, "locatie") for s, e in streets)
        return found

    def _strong_names(self, text: str, extra_names: Iterable[str], keep_norm: set[str]) -> set[str]:
        """Names for sure: speaker labels, the replace-list, a word after a kinship or title cue,
        and names that are words known by what the sentence says of them ("Roos, de buurvrouw")."""
        strong: set[str] = set()
        for name in (*extra_names, *self.replace):
            name = name.strip()
            if name:
                strong.add(name)
                if len(name.split()[0]) >= 2:
                    strong.add(name.split()[0])
        for m in _CUE.finditer(text):
            first = m.group("name")
            if first in ("De", "Van", "Den", "Ter", "Ten", "Le", "La") and m.group("rest"):
                full = first + m.group("rest")  # "de heer De Jonge"
                if _keep_norm(full) not in keep_norm:
                    strong.add(full)
                continue
            if first in _NOT_A_NAME or _keep_norm(first) in keep_norm:
                continue
            strong.add(first)
            full = first + m.group("rest")
            if full != first and _keep_norm(full) not in keep_norm:
                strong.add(full)
        strong.update(n for n in names_by_context(text) if _keep_norm(n) not in keep_norm)
        return strong

    def _after_keep_list(
        self, text: str, found: list[tuple[int, int, str]], folded: str, extra_pattern: Any, keep_norm: set[str],
        streets: set[tuple[int, int]], strong: set[str],
    ) -> list[tuple[int, int, str]]:
        """Spans on the keep-list go, spans touching it are cut at the name; ordinary words let go."""
        keep_spans = self._keep_spans(folded, extra_pattern, [(s, e) for s, e, _ in found])
        kept: list[tuple[int, int, str]] = []
        for start, end, tag in found:
            if self.keep_places and tag == "locatie" and _ADDRESS_BEFORE.search(text, max(0, start - 40), start):
                kept.append((start, end, tag))  # "Kerkstraat 22 in Zeist": a kept municipality, but someone's address
                continue
            if _keep_norm(text[start:end]) in keep_norm:
                continue
            trimmed = _outside(text, start, end, keep_spans)
            if trimmed is None:
                continue
            kept.append((trimmed[0], trimmed[1], tag))
        kept = [_with_first_name(text, *a, keep_norm) for a in kept]
        multi_tokens = {w.casefold() for s, e, t in kept if t in ("persoon", "patient") for w in text[s:e].split() if " " in text[s:e].strip()}
        # a street is capitalised mid-sentence, so a name even when a word ("aan het Marktplein")
        return [a for a in kept if (a[0], a[1]) in streets or not _is_ordinary_word(text, *a, strong, multi_tokens)]

    def _recurring(
        self, text: str, kept: list[tuple[int, int, str]], folded: str, extra_pattern: Any, keep_norm: set[str], strong: set[str],
    ) -> list[tuple[int, int, str]]:
        """A name found once is replaced everywhere it recurs (deduce may miss "gerda verbeek"),
        and a full name's first name alone is that person too ("Toon Schellekens" ... "Toon")."""
        tags = {text[s:e]: tag for s, e, tag in kept if tag in ("locatie", "persoon", "patient", "zorginstelling")}
        names = {n for n in tags if any(c.isupper() for c in n) and len(n) >= 3}
        firsts = set()
        for s, e, tag in kept:
            words = text[s:e].split()
            if tag in ("persoon", "patient") and len(words) >= 2 and words[0] not in _NOT_A_NAME and words[0][:1].isupper() and words[0].isalpha():
                if not _is_title(words[0]) and _keep_norm(words[0]) not in keep_norm:
                    firsts.add(words[0])
        recurring = []
        candidates = list(self._name_spans(text, names | firsts, strong | firsts))
        keep_spans = self._keep_spans(folded, extra_pattern, candidates)
        for s, e in candidates:
            tag = tags.get(text[s:e], "persoon")
            if _outside(text, s, e, keep_spans) == (s, e):
                recurring.append((s, e, tag))
        return recurring

    def _ages_and_years(self, text: str, kept: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Ages in every form and the years of a life, unless the study keeps them."""
        if self.ages != "keep":
            kept = kept + _ages(text)
        else:
            kept = [a for a in kept if a[2] != "leeftijd"]
        if self.years != "keep":
            covered = [(s, e) for s, e, _ in kept]
            kept = kept + [(s, e, "jaartal") for s, e in _life_years(text) if not any(cs <= s and e <= ce for cs, ce in covered)]
        return kept

    @staticmethod
    def _name_spans(text: str, names: set[str], word_like_checked: set[str]) -> Iterable[tuple[int, int]]:
        """Every occurrence of the names: full names in any case, single words as written.

        A single name that is also a Dutch word ("Door", "Riet") is passed over at a
        sentence start when a function word follows ("Door de gemeente ...").
        """
        multi = [n for n in names if len(n.split()) > 1]
        single = [n for n in names if len(n.split()) == 1 and len(n) >= 2]
        yield from _spans(text, _terms_pattern(multi, ignore_case=True))
        for s, e in _spans(text, _terms_pattern(single, ignore_case=False)):
            word = text[s:e]
            if word in word_like_checked and _is_dutch_word(word) and _at_sentence_start(text, s):
                nxt = re.match(r"\s+([\w']+)", text[e : e + 30])
                if nxt is not None and nxt.group(1).lower() in _FUNCTION_NEXT:
                    continue
            yield s, e

    def __call__(self, text: str, extra_names: Iterable[str] = (), extra_keep: Sequence[str] = ()) -> Pseudonymised:
        # many short-lived objects and no cycles (deduce's tokens are unlinked after use):
        # the cycle collector only slowed this down, walking them again and again
        with gc_paused():
            annotations = self.annotate(text, extra_names, extra_keep)
            pseudonyms = _assign(text, annotations, self.ages, self.years)
            return _apply(text, annotations, pseudonyms)


def _merge_spans(kept: list[tuple[int, int, str]], streets: set[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Overlaps resolved: earliest first, the longer one wins, spans are merged (on equal spans a
    named care facility beats deduce's person guess: "Sint Jozef", and a street beats deduce's
    person in "Prins Hendrikstraat")."""
    kept = [a for a in kept if not (a[2] in ("persoon", "patient") and any(s <= a[0] and a[1] <= e for s, e in streets))]
    kept.sort(key=lambda a: (a[0], -(a[1] - a[0]), a[2] != "zorginstelling", (a[0], a[1]) not in streets))
    merged: list[list[Any]] = []
    for start, end, tag in kept:
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1] = end
            continue
        merged.append([start, end, tag])
    return [(s, e, t) for s, e, t in merged]


def _apply(text: str, annotations: list[tuple[int, int, str]], pseudonyms: list[str]) -> Pseudonymised:
    parts: list[str] = []
    reps: list[Replacement] = []
    pos = 0
    new_pos = 0
    for (start, end, tag), pseudonym in zip(annotations, pseudonyms):
        parts.append(text[pos:start])
        new_pos += start - pos
        parts.append(pseudonym)
        reps.append(Replacement(tag=_word(tag), original=text[start:end], pseudonym=pseudonym, start=start, end=end, new_start=new_pos, new_end=new_pos + len(pseudonym)))
        new_pos += len(pseudonym)
        pos = end
    parts.append(text[pos:])
    counts = Counter(r.tag for r in reps)
    return Pseudonymised(text="".join(parts), replacements=tuple(reps), counts=dict(sorted(counts.items())))


_SENTENCE_GAP = re.compile(r"[.!?;:]\s+|\n")


def _split_at_sentence_end(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """deduce joins neighbouring names across a full stop ("Annie. Annie"): split them,
    so the sentence end survives and each name gets its own pseudonym."""
    out = []
    pos = start
    for m in _SENTENCE_GAP.finditer(text, start, end):
        if m.end() < end and m.start() > pos:
            out.append((pos, m.start()))
            pos = m.end()
    out.append((pos, end))
    return [(s, e) for s, e in out if e > s]


# the end of a street address: a house number, then ", ", " in " or " te ", maybe a postcode
_ADDRESS_BEFORE = re.compile(r"[A-Za-zà-ÿ]\s\d{1,4}(?:\s?[a-zA-Z])?(?:,\s*|\s+(?:in|te)\s+)(?:\d{4}\s?[A-Z]{2}\s+)?$")

#: characters around a span in which kept terms are looked for (longer than any term)
_KEEP_MARGIN = 160


def _outside(text: str, start: int, end: int, keep_spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The part of [start, end) outside the keep-list spans, cut at the name, or None.

    A piece glued to a kept term (``Wmo-dienstverlening``) goes with it; connecting
    words at the cut go too (``Jan Smelik van`` | ``Nederland Zorgt`` -> ``Jan Smelik``);
    a piece that is only an ordinary Dutch word (``Austerlitz`` | ``Zorgt``) is dropped.
    """
    touching = [(ks, ke) for ks, ke in keep_spans if ks < end and ke > start]
    if not touching:
        return start, end
    pieces = [(start, end)]
    for ks, ke in touching:
        nxt = []
        for s, e in pieces:
            if ke <= s or ks >= e:
                nxt.append((s, e))
                continue
            if s < ks:
                nxt.append((s, ks))
            if ke < e:
                nxt.append((ke, e))
        pieces = nxt
    best = None
    for s, e in pieces:
        glued = (s > 0 and s in {ke for _, ke in touching} and not text[s].isspace()) or (e in {ks for ks, _ in touching} and not text[e - 1].isspace())
        if glued:
            continue
        piece = text[s:e]
        m = re.search(r"\w[\w\W]*\w|\w", piece)
        if not m:
            continue
        s2, e2 = s + m.start(), s + m.end()
        inner = _CONNECTORS.sub("", text[s2:e2])
        if not inner:
            continue
        off = text[s2:e2].find(inner)
        s2, e2 = s2 + off, s2 + off + len(inner)
        words = text[s2:e2].split()
        if len(words) == 1 and _is_dutch_word(words[0]):
            continue
        if best is None or e2 - s2 > best[1] - best[0]:
            best = (s2, e2)
    return best


def pseudonymiser_for(settings: Any, initiatives: Iterable[str] = ()) -> Pseudonymiser:
    """The Pseudonymiser a study's settings ask for, keeping its initiatives' names."""
    p = settings.privacy
    return Pseudonymiser(
        keep=[*settings.keep_list(), *initiative_terms(initiatives)],
        replace=settings.replace_list(),
        keep_defaults=p.keep_defaults,
        keep_places=p.keep_places,
        ages=p.ages,
        years=p.years,
        dates=p.dates,
    )
