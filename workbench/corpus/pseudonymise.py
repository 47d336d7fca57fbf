"""Dutch de-identification before anything is stored, with deduce.

deduce finds names, places, addresses, dates, ages, phone numbers, e-mail, BSN, URLs,
hospitals and care institutions on its lists. On top of it:

* care facilities named in speech ("verpleeghuis De Lindehof") that are on no list;
* speaker names from transcript labels ("Ans:"), which are names by definition;
* a keep-list of public names (initiatives, municipalities, public bodies) that are
  never replaced;
* pseudonyms consistent within a document: "Jan de Vries", "Jan" and "jan de vries"
  all become ``[PERSOON-1]``.

The key (original -> pseudonym) is returned to the caller, who writes it to a file
outside the database (:func:`write_key`). Nothing here logs text.

deduce builds lookup structures once (~90 s, 1.2 GB peak) and caches them; later
starts take ~7-10 s. The cache lives in ``$WORKBENCH_DEDUCE_CACHE`` or
``~/.cache/workbench/deduce-<version>``; ``workbench setup`` builds it.

Example:
    >>> p = Pseudonymiser(keep=["Austerlitz Zorgt"])                 # doctest: +SKIP
    >>> p("Jan Jansen van Austerlitz Zorgt belt 06-12345678").text   # doctest: +SKIP
    '[PERSOON-1] van Austerlitz Zorgt belt [TELEFOONNUMMER-1]'
"""

from __future__ import annotations

import csv
import gc
import logging
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import PseudonymisationError

#: deduce tag -> the word in the pseudonym; tags not listed are upper-cased
TAG_NAMES = {"patient": "PERSOON", "persoon": "PERSOON", "zorginstelling": "ZORGINSTELLING", "ziekenhuis": "ZORGINSTELLING"}

_FACILITY_WORDS = (
    "verpleeghuis|verzorgingshuis|woonzorgcentrum|zorgcentrum|zorgcomplex|zorgboerderij|woonzorgboerderij|hospice|"
    "revalidatiecentrum|ziekenhuis|gezondheidscentrum|huisartsenpraktijk|huisartsenpost|zorginstelling|kliniek|"
    "woonvoorziening|tehuis|bejaardenhuis|bejaardentehuis|dagcentrum|woongroep|instelling|apotheek|thuiszorgorganisatie"
)
_NAME_WORD = r"(?:[A-ZÀ-Ý][\w'’\-]+|St\.)"
# The facility word in any case ("Verpleeghuis", "verpleeghuis"); the name after it must
# be capitalised, or "in het ziekenhuis gelegen" would lose its verb.
_FACILITY = re.compile(
    rf"\b(?i:{_FACILITY_WORDS})\s+(?P<name>(?:(?:De|Het|Den|'t|’t)\s+)?{_NAME_WORD}(?:\s+(?:(?:van|de|der|den|het|'t|aan)\s+)*{_NAME_WORD})*)"
)


# A capitalised name after an article in mid-sentence ("naar De Vlasbloem", "in het
# Wilgenhof") is a proper name: a care home, a pub, a school. Replaced unless on the
# keep-list; a few ordinary capitalised words go too, which is the safe side.
_NAME_AFTER_ARTICLE = re.compile(
    r"(?<=[a-zà-ÿ,] )(?:De|Het|Den|de|het|den|'t|’t) (?P<name>[A-ZÀ-Ý][a-zà-ÿ'’\-]+(?: [A-ZÀ-Ý][a-zà-ÿ'’\-]+)*)"
)


# Dutch phone numbers deduce can miss ("070 345 2189", "0348 56 38 12", "+31 6 1234 5678"):
# checked on their digit count below.
_PHONE = re.compile(r"(?<![\w+])(?:\+31[ \-]?(?:\(0\))?|\(?0)\d{1,3}\)?(?:[ \-]?\d){6,8}(?!\w)")


def _is_phone(number: str) -> bool:
    digits = re.sub(r"\D", "", number)
    return len(digits) == 10 and digits.startswith("0") or len(digits) == 11 and digits.startswith("31")


@dataclass(frozen=True)
class Replacement:
    """One replaced span: offsets in the original and in the pseudonymised text."""

    tag: str
    original: str
    pseudonym: str
    start: int
    end: int
    new_start: int
    new_end: int


@dataclass(frozen=True)
class Pseudonymised:
    text: str
    replacements: tuple[Replacement, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    def key(self) -> dict[str, str]:
        """original -> pseudonym for this document."""
        return {r.original: r.pseudonym for r in self.replacements}


def default_cache_dir() -> Path:
    env = os.environ.get("WORKBENCH_DEDUCE_CACHE")
    if env:
        return Path(env).expanduser()
    try:
        from importlib.metadata import version

        v = version("deduce")
    except Exception:  # pragma: no cover - deduce missing is reported on load
        v = "unknown"
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "workbench" / f"deduce-{v}"


def is_cache_built(cache_dir: Path | None = None) -> bool:
    return ((cache_dir or default_cache_dir()) / "cache" / "lookup_structs.pickle").is_file()


_DEDUCE: dict[str, Any] = {}


def load_deduce(cache_dir: Path | None = None) -> Any:
    """The Deduce object, loaded once per process (builds its cache the first time)."""
    cache_dir = Path(cache_dir or default_cache_dir())
    key = str(cache_dir)
    if key not in _DEDUCE:
        root = logging.getLogger()
        handlers, level = list(root.handlers), root.level
        try:
            import deduce  # noqa: F401  (its import configures the root logger: undone below)
            from deduce import Deduce
        except ImportError:
            raise PseudonymisationError(None, "the deduce package is not installed", "run 'make install' (or pip install deduce)") from None
        finally:
            for h in list(root.handlers):
                if h not in handlers:
                    root.removeHandler(h)
            root.setLevel(level)
        cache_dir.mkdir(parents=True, exist_ok=True)
        logging.getLogger("deduce").setLevel(logging.WARNING)
        _DEDUCE[key] = Deduce(cache_path=cache_dir)
        # deduce's lookup structures are millions of long-lived objects: move them out of
        # the garbage collector's sight. Without this every collection walks them, and the
        # interpreter needs 10-30 s to exit; with it, forked workers also share them.
        gc.freeze()
    return _DEDUCE[key]


def _terms_pattern(terms: Iterable[str], *, ignore_case: bool) -> re.Pattern[str] | None:
    """One regex for many whole-word terms (longest first, so 'Liv Inn Hilversum' beats 'Liv Inn')."""
    unique = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    if not unique:
        return None
    alternatives = "|".join(re.escape(t) for t in unique)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE if ignore_case else 0)


def _spans(text: str, term: str | re.Pattern[str] | None, *, ignore_case: bool = True) -> Iterable[tuple[int, int]]:
    if term is None:
        return
    pattern = term if isinstance(term, re.Pattern) else _terms_pattern([term], ignore_case=ignore_case)
    if pattern is None:
        return
    for m in pattern.finditer(text):
        yield m.start(), m.end()


def _norm(s: str) -> str:
    return " ".join(s.casefold().split())


class Pseudonymiser:
    """Replaces identifying details in Dutch text; consistent within one call.

    Args:
        keep: public names that are never replaced (case-insensitive, whole words).
        replace: names the researcher knows (respondents, family, volunteers) that are
            always replaced, with their first names, even where deduce misses them.
        cache_dir: where deduce keeps its lookup cache.
    """

    def __init__(self, keep: Sequence[str] = (), cache_dir: Path | None = None, replace: Sequence[str] = ()) -> None:
        self.keep = tuple(k for k in keep if k.strip())
        self.replace = tuple(r.strip() for r in replace if r.strip())
        self.cache_dir = cache_dir
        self._keep_norm = {_norm(k) for k in self.keep}
        self._keep_pattern = _terms_pattern(self.keep, ignore_case=True)

    def load(self) -> Pseudonymiser:
        """Load deduce and the word list now (before forking workers, so they share them)."""
        load_deduce(self.cache_dir)
        _vocabulary()
        return self

    def annotate(self, text: str, extra_names: Iterable[str] = ()) -> list[tuple[int, int, str]]:
        """(start, end, tag) of everything to replace, after the keep-list, without overlaps."""
        deduce = load_deduce(self.cache_dir)
        doc = deduce.deidentify(text)
        found = [_trim_name(text, a.start_char, a.end_char, a.tag) for a in doc.annotations]
        for m in _FACILITY.finditer(text):
            name = m.group("name")
            if name.split()[0].lower() in ("de", "het", "den", "'t", "’t") and len(name.split()) == 1:
                continue
            found.append((m.start("name"), m.end("name"), "zorginstelling"))
        found.extend((m.start("name"), m.end("name"), "locatie") for m in _NAME_AFTER_ARTICLE.finditer(text))
        found.extend((m.start(), m.end(), "telefoonnummer") for m in _PHONE.finditer(text) if _is_phone(m.group()))
        extra_names = [*extra_names, *self.replace]
        variants = {v for name in extra_names if name.strip() for v in (name.strip(), name.strip().split()[0]) if len(v) >= 2}
        # case-sensitive: the name "Wil" must not take the verb "wil" with it
        found.extend((s, e, "persoon") for s, e in _spans(text, _terms_pattern(variants, ignore_case=False)))
        # a name found once is replaced everywhere it recurs (deduce may miss "gerda verbeek");
        # full names in any case, single words only as written
        facilities = {text[s:e] for s, e, tag in found if tag == "zorginstelling"}
        names = {text[s:e] for s, e, tag in found if tag in ("persoon", "patient", "zorginstelling")}
        for multi in (True, False):
            pattern = _terms_pattern([n for n in names if (len(n.split()) > 1) == multi], ignore_case=multi)
            for s, e in _spans(text, pattern):
                found.append((s, e, "zorginstelling" if text[s:e] in facilities else "persoon"))
        keep_spans = list(_spans(text, self._keep_pattern))
        speaker_names = {v for name in extra_names for v in (name.strip(), name.strip().split()[0] if name.strip() else "")}
        kept = []
        for start, end, tag in found:
            if _norm(text[start:end]) in self._keep_norm:
                continue
            trimmed = _outside(text, start, end, keep_spans)
            if trimmed is None:
                continue
            start, end = trimmed
            kept.append((start, end, tag))
        multi_tokens = {w.casefold() for s, e, t in kept if t in ("persoon", "patient") for w in text[s:e].split() if " " in text[s:e].strip()}
        kept = [a for a in kept if not _is_interjection(text, *a, speaker_names, multi_tokens)]
        # resolve overlaps: earliest first, the longer one wins, spans are merged
        # (on equal spans a named care facility beats deduce's person guess: "Sint Jozef")
        kept.sort(key=lambda a: (a[0], -(a[1] - a[0]), a[2] != "zorginstelling"))
        merged: list[list[Any]] = []
        for start, end, tag in kept:
            if merged and start < merged[-1][1]:
                if end > merged[-1][1]:
                    merged[-1][1] = end
                continue
            merged.append([start, end, tag])
        return [(s, e, t) for s, e, t in merged]

    def __call__(self, text: str, extra_names: Iterable[str] = ()) -> Pseudonymised:
        annotations = self.annotate(text, extra_names)
        pseudonyms = _assign(text, annotations)
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


_HOUR_AT_END = re.compile(r"\s*\d{1,2}$")
_MINUTES_NEXT = re.compile(r":\d{2}")


def _trim_name(text: str, start: int, end: int, tag: str) -> tuple[int, int, str]:
    """deduce sometimes takes the hour of a time after a name along ("Brouwer   0" of
    "Henk Brouwer   0:09" in a Teams export, read as street and house number): cut it off."""
    m = _HOUR_AT_END.search(text, start, end)
    if m and m.start() > start and _MINUTES_NEXT.match(text, end):
        end = m.start()
    if tag in ("persoon", "patient"):
        while end > start + 1 and not (text[end - 1].isalpha() or text[end - 1] in ".'’-"):
            end -= 1
    return start, end, tag


def _outside(text: str, start: int, end: int, keep_spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The part of [start, end) outside the keep-list spans (the longest piece), or None."""
    pieces = [(start, end)]
    for ks, ke in keep_spans:
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
        m = re.search(r"\w[\w\W]*\w|\w", text[s:e])
        if m and (best is None or m.end() - m.start() > best[1] - best[0]):
            best = (s + m.start(), s + m.end())
    return best


_VOCAB: dict[str, Any] = {}


def _vocabulary() -> Any:
    """Dutch words: to spot 'Mooi.' taken for a surname. A word is Dutch when it is a
    lemma, or a form, in spaCy's lemma table."""
    if not _VOCAB:
        from workbench.corpus.segment import lemma_table

        table = lemma_table()
        _VOCAB["lemmas"] = {str(v).lower() for v in table.values()}
        _VOCAB["table"] = table
    return _VOCAB


def _is_dutch_word(word: str) -> bool:
    vocab = _vocabulary()
    low = word.lower()
    return low in vocab["lemmas"] or vocab["table"].get(low) is not None


def _is_interjection(text: str, start: int, end: int, tag: str, speaker_names: set[str], multi_tokens: set[str]) -> bool:
    """A one-word 'name' that is an ordinary Dutch word standing alone at a sentence start
    ("Mooi.", "Stil, heel stil.", "Super!"): deduce took it for a surname; it is not one.

    Kept as a name when it is a speaker's name or part of a full name in the text.
    """
    if tag not in ("persoon", "patient"):
        return False
    word = text[start:end]
    if not word.isalpha() or word in speaker_names or word.casefold() in multi_tokens:
        return False
    before = text[max(0, start - 3) : start].rstrip(" \t")
    at_start = before == "" or before[-1] in "\n.!?:\"“'("
    after = text[end : end + 1]
    return at_start and after in (".", ",", "!", "?", "…", ";") and _is_dutch_word(word)


def _word(tag: str) -> str:
    return TAG_NAMES.get(tag, tag.upper())


def _assign(text: str, annotations: list[tuple[int, int, str]]) -> list[str]:
    """Pseudonyms per annotation, consistent within the text.

    Full names are numbered first (in order of appearance); a lone first or last name
    that belongs to exactly one full name gets that name's pseudonym.
    """
    numbers: dict[str, int] = Counter()
    by_key: dict[tuple[str, str], str] = {}
    order = sorted(range(len(annotations)), key=lambda i: (len(text[annotations[i][0] : annotations[i][1]].split()) < 2, i))
    out: list[str] = [""] * len(annotations)
    for i in order:
        start, end, tag = annotations[i]
        word = _word(tag)
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


# -- the key file -------------------------------------------------------------------
KEY_COLUMNS = ["document", "content_hash", "tag", "pseudonym", "original", "count"]


def key_rows(doc_id: str, content_hash: str, result: Pseudonymised) -> list[dict[str, Any]]:
    counts = Counter((r.tag, r.pseudonym, r.original) for r in result.replacements)
    return [
        {"document": doc_id, "content_hash": content_hash, "tag": t, "pseudonym": p, "original": o, "count": n}
        for (t, p, o), n in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][2]))
    ]


def read_key(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_key(path: Path, rows: list[dict[str, Any]]) -> None:
    """Write the key atomically (temp file + rename), readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=KEY_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
