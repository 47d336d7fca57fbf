"""Dutch de-identification before anything is stored, with deduce.

deduce finds names, places, addresses, dates, ages, phone numbers, e-mail, BSN, URLs,
hospitals and care institutions on its lists. On top of it:

* care facilities named in speech ("verpleeghuis De Lindehof") that are on no list;
* names that are also Dutch words ("mijn vrouw Door", "buurvrouw Riet"): a capitalised
  word after a kinship or address cue, or used as a speaker label, is a name, and so is
  every further capitalised occurrence of it in the document;
* ages ("ik ben 67", "mijn moeder van 93") and the years and dates of a person's life
  ("sinds 1998 woon ik hier", "geboren op 3 mei 1941"), replaced or generalised
  (``ages``, ``years``); dates of letters and meetings stay;
* a keep-list of public names that are never replaced: the shipped Dutch care list
  (laws, schemes, public bodies, insurers, countries, provinces, nationalities:
  ``workbench/data/keep-nl-zorg.txt``), municipality names if the researcher chooses
  (``keep_places``), the study's own initiatives, and the researcher's own list.
  Matching ignores case and accents; a span that touches a kept term is cut at the
  name or dropped, never left half-tagged (``Wmo-[LOCATIE-3]``);
* ordinary Dutch words taken for names are let go: a capitalised word after a
  lower-case article ("in de Serre") or a one-word "name" at a sentence start
  ("Mooi gezegd.", "Dingen veranderen.") that is in the Dutch lemma tables;
* pseudonyms consistent within a document: "Jan de Vries", "Jan" and "jan de vries"
  all become ``[PERSOON-1]``; :class:`StudyPseudonyms` makes them consistent across a
  study.

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
import hashlib
import logging
import os
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbench.errors import PseudonymisationError
from workbench.i18n import add, t

add(
    "pseudonymise_no_deduce",
    nl="deduce, het programma dat namen en andere persoonsgegevens vervangt, is niet geïnstalleerd; er is niets opgeslagen",
    en="the deduce package is not installed",
)
add("pseudonymise_no_deduce_fix", nl="draai 'make install' (of pip install deduce)", en="run 'make install' (or pip install deduce)")

#: deduce tag -> the word in the pseudonym; tags not listed are upper-cased
TAG_NAMES = {"patient": "PERSOON", "persoon": "PERSOON", "zorginstelling": "ZORGINSTELLING", "ziekenhuis": "ZORGINSTELLING"}

#: what ``ages`` and ``years`` may be set to
AGE_MODES = ("replace", "generalise", "keep")
#: what ``dates`` may be set to: only dates in a sentence about someone's life, or every date
DATE_MODES = ("personal", "all")
#: what ``pseudonyms`` may be set to: one per person across the study, or per document
PSEUDONYM_SCOPES = ("study", "document")

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
# Wilgenhof") is a proper name: a care home, a pub, a school. A capitalised article
# ("naar De Vlasbloem") says so for sure; after a lower-case one ("in de Serre") the
# name must not be ordinary Dutch words.
_NAME_AFTER_ARTICLE = re.compile(
    r"(?<=[a-zà-ÿ,] )(?P<article>De|Het|Den|de|het|den|'t|’t) (?P<name>[A-ZÀ-Ý][a-zà-ÿ'’\-]+(?: [A-ZÀ-Ý][a-zà-ÿ'’\-]+)*)"
)

# Kinship and address cues: the capitalised word after them is a name, even when it is
# also a Dutch word ("mijn vrouw Door", "zien vrouw, Door" in Limburgs, "buurvrouw Riet").
_POSSESSIVE = r"(?:mijn|m'n|mn|mien|miene|zijn|z'n|zien|haar|heur|onze|ons|oos|hun|je|jouw|uw|de|die|een|d'r)"
_KIN = (
    r"(?:vrouw|man|echtgenote|echtgenoot|partner|vriendin|vriend|moeder|vader|mam|pap|zus|zuster|broer|dochter|zoon|"
    r"schoonmoeder|schoonvader|schoonzus|schoonzuster|schoonzoon|schoondochter|schoonbroer|zwager|kleindochter|kleinzoon|"
    r"nicht|neef|nichtje|neefje|kind|kleinkind|jongste|oudste|maatje|vriendinnetje|dochtertje|zoontje|weduwe|weduwnaar|"
    r"buurvrouw|buurman|buurmeisje|buurjongen)"
)
_TITLE = r"(?:buurvrouw|buurman|overbuurvrouw|overbuurman|tante|oom|oma|opa|meneer|mevrouw|mevr\.|mw\.|dhr\.|juffrouw|juf|meester|zuster|broeder|de heer|tante)"
_CUE_NAME = r"(?P<name>[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)?)(?P<rest>(?: (?:(?:van|de|der|den|ter|ten|van de|van der|van den|in 't) )?[A-ZÀ-Ý][a-zà-ÿ'’]+)?)"
_CUE = re.compile(rf"(?i:\b(?:{_POSSESSIVE}\s+{_KIN}|{_TITLE}))\s*,?\s+{_CUE_NAME}")
_NOT_A_NAME = {"De", "Het", "Een", "Die", "Dat", "Deze", "Dit", "En", "Ik", "Hij", "Zij", "Ze", "We", "Wij", "Is", "Was", "Of", "Maar", "Als", "Nou", "Ja", "Nee"}
#: words after which a name-that-is-a-word at a sentence start is the word ("Door de gemeente")
_FUNCTION_NEXT = {
    "de", "het", "een", "deze", "dit", "mijn", "je", "jouw", "uw", "zijn", "haar", "ons", "onze", "hun", "niet", "te", "middel",
    "me", "mij", "hem", "ze", "wat", "hoe", "dan", "maar", "eens", "al", "alle", "elk", "elke", "ieder", "iedere", "middel", "toedoen",
}

# Dutch phone numbers deduce can miss ("070 345 2189", "0348 56 38 12", "+31 6 1234 5678"):
# checked on their digit count below.
_PHONE = re.compile(r"(?<![\w+])(?:\+31[ \-]?(?:\(0\))?|\(?0)\d{1,3}\)?(?:[ \-]?\d){6,8}(?!\w)")

# Ages: "ik ben 67", "toen ik 12 was", "mijn moeder van 93", "een man van 84 jaar", "93-jarige".
_PERSON_NOUN = (
    r"(?:moeder|vader|man|vrouw|mevrouw|meneer|heer|dame|iemand|kind|jongen|meisje|zoon|dochter|broer|zus|buurvrouw|buurman|"
    r"tante|oom|oma|opa|bewoner|bewoonster|vrijwilliger|vrijwilligster|weduwe|weduwnaar|echtgenoot|echtgenote|partner|"
    r"patiënt|cliënt|deelnemer|deelneemster|mantelzorger|ouder|oudere|vriend|vriendin)"
)
_AGE = re.compile(
    r"(?i:\b(?:(?:ik|hij|zij|ze|u|jij|je)\s+(?:ben|is|bent|was|werd|word|wordt)(?:\s+(?:nu|al|pas|bijna|ruim|net))?"
    r"|(?:ben|is|was|werd|word|wordt)\s+(?:ik|hij|zij|ze|u)(?:\s+(?:nu|al|pas|bijna|ruim|net))?"
    r"|toen\s+(?:ik|hij|zij|ze|we|wij)"
    r"|(?:leeftijd|oud)\s*:?(?:\s+van)?)\s+)(?P<age>\d{1,3})(?=(?:\s+jaar\b(?!\s+(?:geleden|lang|later|terug|eerder)))|\s*[.,;:!?)]|\s+(?:en|maar|nu|geworden|oud|was|werd|toen|hoor)\b|\s*$)"
    rf"|(?i:\b{_PERSON_NOUN}\s+van(?:\s+(?:bijna|ruim|al|pas|ongeveer))?\s+)(?P<age2>\d{{1,3}})(?!\s*(?:uur|euro|kilo|km|procent|%|minuten|dagen|weken|maanden|keer|cm|meter|leden|mensen|personen|kinderen|\d))(?=\W|$)"
)
_AGE_NAMED = re.compile(
    r"(?:\b(?P<who>[A-ZÀ-Ý][a-zà-ÿ'’]+)\s+(?:is|was|werd|wordt)\s+(?P<age>\d{1,3})(?=\s+(?:jaar\b(?!\s+(?:geleden|lang|later))|en\b|maar\b|nu\b|geworden\b|oud\b)|\s*[.,;!?])"
    r"|\b(?:die|dat)\s+(?P<age2>\d{1,3})\s+(?:is|was|werd|wordt)\b)"
)
_AGE_ADJECTIVE = re.compile(r"\b(?P<age>\d{1,3})-?jarige?\b")
# deduce's ages in contexts that make them durations: "al 20 jaar", "20 jaar geleden"
_DURATION_BEFORE = re.compile(r"(?i:\b(?:al|ruim|bijna|sinds|over|na|voor|per|elke|iedere|binnen|afgelopen|laatste|eerste|komende|ongeveer|zo'n|circa|ca\.|tot|dan|nog|die|de|het)\s*)$")
_DURATION_AFTER = re.compile(r"(?i:\s*(?:jaar|jaren)\s+(?:geleden|lang|later|terug|eerder|na|voor|daarna|ervoor|werk|ervaring|bestaan|actief|(?:of|en)\s+(?:ouder|jonger)))")

_YEAR = re.compile(r"(?<![\w\-/.,])(?P<year>19\d\d|20[0-4]\d)(?![\w\-/])")
# A sentence that dates a person's life: a life event, or someone speaking of their own life.
_LIFE_EVENT = re.compile(
    r"(?i:\b(?:geboren|geb\.|geboorte\w*|jarig|verjaardag|overleden|overleed|gestorven|stierf|begraven|gecremeerd|crematie|"
    r"getrouwd|trouwde|trouwden|huwelijk|gescheiden|scheiding|weduwe|weduwnaar|opgenomen|opname|ontslagen|diagnose|"
    r"beroerte|herseninfarct|hartaanval|geopereerd|operatie|verhuisd|verhuisde|verhuisden|"
    r"kwam(?:en)? wonen|woon|woont|wonen|woonden|woonde|pensioen|bevallen|geadopteerd|ongeluk|gevallen)\b)"
)
_OWN_LIFE = re.compile(r"(?i:\b(?:ik|mijn|m'n|me|mij|we|wij|ons|onze|hij|zij|ze|haar|zijn|z'n|hem)\b)")
_SENTENCE_END = re.compile(r"[.!?\n]")


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


@lru_cache(maxsize=1)
def _deduce_version() -> str:
    try:
        from importlib.metadata import version

        return version("deduce")
    except Exception:  # pragma: no cover - deduce missing is reported on load
        return "unknown"


def default_cache_dir() -> Path:
    env = os.environ.get("WORKBENCH_DEDUCE_CACHE")
    if env:
        return Path(env).expanduser()
    v = _deduce_version()
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
            raise PseudonymisationError(None, t("pseudonymise_no_deduce"), t("pseudonymise_no_deduce_fix")) from None
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


# -- keep-lists ---------------------------------------------------------------------
DEFAULT_KEEP_FILE = "keep-nl-zorg.txt"


def _read_list(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def default_keep_list() -> tuple[str, ...]:
    """The shipped Dutch care keep-list (``workbench/data/keep-nl-zorg.txt``): laws,
    schemes, public bodies, umbrella organisations, insurers, national programmes,
    countries, provinces, nationalities and languages. No municipalities: see
    :func:`municipalities`."""
    from importlib.resources import files

    return tuple(_read_list(Path(str(files("workbench") / "data" / DEFAULT_KEEP_FILE))))


def _deduce_folder() -> Path | None:
    """Where deduce is installed, found without importing it: importing deduce sets the
    root logger to DEBUG on stdout (spaCy's and every library's debug lines would then
    flood the terminal); only :func:`load_deduce` imports it, and undoes that."""
    import importlib.util

    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


@lru_cache(maxsize=1)
def municipalities() -> tuple[str, ...]:
    """The names of Dutch municipalities (deduce's list): kept with ``keep_places = true``."""
    folder = _deduce_folder()
    if folder is None:  # pragma: no cover - reported when deduce is loaded
        return ()
    path = folder / "data" / "lookup" / "src" / "locations" / "lst_placename" / "lst_municipality" / "items.txt"
    if not path.is_file():  # pragma: no cover - another deduce layout
        return ()
    out = []
    for name in _read_list(path):
        # deduce writes "'S-Hertogenbosch", "Aa En Hunze": the usual spelling is kept too
        out.append(name)
        fixed = re.sub(r"\b(En|De|Aan|Den|Op|Het|Van|In)\b", lambda m: m.group().lower(), name).replace("'S-", "'s-")
        if fixed != name:
            out.append(fixed)
    return tuple(out)


_GENERIC = {
    "zorgcoöperatie", "zorgcooperatie", "coöperatie", "cooperatie", "coöperatieve", "vereniging", "stichting", "ontmoetingscentrum",
    "buurthuis", "dorpshuis", "wijkcentrum", "zorgboerderij", "woonzorgboerderij", "hospice", "bijna-thuis-huis", "zorgcirkel",
    "zorgcirkels", "stadsdorp", "noaberzorgpunt", "burgerinitiatief", "initiatief", "zorgzaam", "zorgzame", "dorp", "wijk", "buurt",
    "de", "het", "'t", "’t", "den",
}


def initiative_terms(initiatives: Iterable[str]) -> list[str]:
    """Keep-list terms for the study's initiatives: each name and its distinctive part.

    The distinctive part leaves out the kind of organisation (Zorgcoöperatie, Stichting,
    Ontmoetingscentrum, a leading article) and a place name at either end, unless
    nothing distinctive would remain:

    >>> initiative_terms(["Liv Inn Hilversum", "Ontmoetingscentrum Morgenstond", "De Wulverhorst"])  # doctest: +SKIP
    ['Liv Inn Hilversum', 'Liv Inn', 'Ontmoetingscentrum Morgenstond', 'Morgenstond', 'De Wulverhorst', 'Wulverhorst']

    A bare place name (*Hilversum*, *Austerlitz*) is not added: whether places stay is
    the researcher's choice (``keep_places``, the keep-list).
    """
    places = _place_set()
    out: list[str] = []
    for raw in initiatives:
        name = " ".join(str(raw or "").split())
        if not name or name in out:
            continue
        out.append(name)
        words = name.split()
        while words and words[0].lower() in _GENERIC:
            words = words[1:]
        core = list(words)
        while len(core) > 1 and _fold(core[-1]).lower() in places:
            core = core[:-1]
        while len(core) > 1 and _fold(core[0]).lower() in places:
            core = core[1:]
        for part, stripped_place in ((words, False), (core, core != words)):
            term = " ".join(part)
            if not term or term in out:
                continue
            if len(part) == 1 and (_fold(term).lower() in places or term.lower() in _GENERIC):
                continue
            if len(part) == 1 and stripped_place and _is_dutch_word(term):
                continue  # "Austerlitz Zorgt" without its village is the verb "zorgt"
            out.append(term)
        # "Voorzorgcirkels" -> also "Voorzorgcirkel"
        if len(words) == 1 and words[0].endswith("s") and len(words[0]) > 5:
            out.append(words[0][:-1])
    return out


@lru_cache(maxsize=1)
def _place_set() -> frozenset[str]:
    return frozenset(_fold(p).lower() for p in (*municipalities(), *_residences()))


@lru_cache(maxsize=1)
def _residences() -> tuple[str, ...]:
    folder = _deduce_folder()
    if folder is None:  # pragma: no cover
        return ()
    path = folder / "data" / "lookup" / "src" / "locations" / "lst_placename" / "lst_residence" / "items.txt"
    return tuple(_read_list(path)) if path.is_file() else ()


# -- accent-insensitive matching ------------------------------------------------------
def _fold_char(c: str) -> str:
    base = unicodedata.normalize("NFD", c)[0]
    return base if len(base) == 1 else c


_FOLD_TABLE = {i: _fold_char(chr(i)) for i in range(0xC0, 0x250) if _fold_char(chr(i)) != chr(i)}


def _fold(s: str) -> str:
    """Accents off, one character for one (offsets stay valid): 'Laefhoës' -> 'Laefhoes'."""
    return s.translate(_FOLD_TABLE)


def _terms_pattern(terms: Iterable[str], *, ignore_case: bool) -> re.Pattern[str] | None:
    """One regex for many whole-word terms, as a trie of their characters: Python's re
    tries a plain alternation of hundreds of terms one by one at every position (slow);
    the trie shares prefixes. Longest first, so 'Liv Inn Hilversum' beats 'Liv Inn'."""
    unique = {t.strip() for t in terms if t.strip()}
    if ignore_case:
        unique = {t.lower() for t in unique}
    if not unique:
        return None
    trie: dict[str, Any] = {}
    for term in unique:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = True
    return re.compile(rf"(?<!\w)(?:{_trie_regex(trie)})(?!\w)", re.IGNORECASE if ignore_case else 0)


def _trie_regex(node: dict[str, Any]) -> str:
    # alternatives with a continuation first (longest match), the end of a term last
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if "" in node:
        if not branches:
            return ""
        return "(?:" + "|".join(branches) + ")?"
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


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


def _keep_norm(s: str) -> str:
    return " ".join(_fold(s).casefold().split())


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
        deduce = load_deduce(self.cache_dir)
        doc = deduce.deidentify(text)
        folded = _fold(text)
        extra_pattern = _terms_pattern([_fold(t) for t in extra_keep], ignore_case=True) if extra_keep else None
        keep_norm = self._keep_norm | {_keep_norm(k) for k in extra_keep}
        found: list[tuple[int, int, str]] = []
        for a in doc.annotations:
            for start, end in _split_at_sentence_end(text, a.start_char, a.end_char):
                start, end, tag = _trim_name(text, start, end, a.tag)
                if tag in ("persoon", "patient") and not any(c.isupper() for c in text[start:end]):
                    continue  # "de", "van de": what is left of a span is no name
                if tag == "leeftijd" and _is_duration(text, start, end):
                    continue
                if tag == "datum" and self.dates == "personal" and not _about_a_life(text, start, end):
                    continue
                found.append((start, end, tag))
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

        # names for sure: speaker labels, the replace-list, a word after a kinship cue
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
        found.extend((s, e, "persoon") for s, e in self._name_spans(text, strong, strong))

        # keep-list: spans on it go, spans touching it are cut at the name
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
        kept = [a for a in kept if not _is_ordinary_word(text, *a, strong, multi_tokens)]

        # a name found once is replaced everywhere it recurs (deduce may miss "gerda verbeek"),
        # and a full name's first name alone is that person too ("Toon Schellekens" ... "Toon")
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
        kept.extend(recurring)

        if self.ages != "keep":
            kept.extend(_ages(text))
        else:
            kept = [a for a in kept if a[2] != "leeftijd"]
        if self.years != "keep":
            covered = [(s, e) for s, e, _ in kept]
            kept.extend((s, e, "jaartal") for s, e in _life_years(text) if not any(cs <= s and e <= ce for cs, ce in covered))

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
        annotations = self.annotate(text, extra_names, extra_keep)
        pseudonyms = _assign(text, annotations, self.ages, self.years)
        return _apply(text, annotations, pseudonyms)


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


_WORD_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“'‘]))(?P<word>[A-ZÀ-Ý][a-zà-ÿ'’]+) $")


def _with_first_name(text: str, start: int, end: int, tag: str, keep_norm: set[str]) -> tuple[int, int, str]:
    """deduce found the surname, not the first name that is also a word: "Wiel [Poels]",
    "Riet [van den Heuvel]". A capitalised word right before a person's name is part of it
    (mid-sentence always; at a sentence start when it is a known first name or no word)."""
    if tag not in ("persoon", "patient"):
        return start, end, tag
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if not m:
        return start, end, tag
    word = m.group("word")
    if word in _NOT_A_NAME or _is_title(word) or _keep_norm(word) in keep_norm or word.lower() in _function_words():
        return start, end, tag
    if _at_sentence_start(text, m.start("word")) and _is_dutch_word(word):
        return start, end, tag  # "Alsof Joke ...", "Via Yvonne Bos ..."
    return m.start("word"), end, tag


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | frozenset(_INTERJECTIONS) | {"via", "alsof", "terwijl", "toen", "sinds", "zoals", "collega", "samen", "volgens", "namens"}


_TITLES = {"mevrouw", "meneer", "heer", "dhr", "mw", "mevr", "staatssecretaris", "minister", "wethouder", "burgemeester", "dokter", "dr", "prof", "mr", "ir", "drs", "zuster", "broeder", "van", "de", "den", "der", "het", "voorzitter", "lid"}


def _is_title(word: str) -> bool:
    return word.lower().rstrip(".") in _TITLES


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
        # a name ends at a lower-case word that is no name particle ("Petra bij de Rotary"),
        # and never on a particle ("Riet van den Heuvel op de")
        pos = start
        seen_capital = False
        for m in re.finditer(r"\S+", text[start:end]):
            w = m.group()
            if seen_capital and w[:1].islower() and w.lower() not in _PARTICLES:
                end = start + m.start()
                break
            seen_capital = seen_capital or (w[:1].isupper() and w.lower() not in _PARTICLES and not _is_title(w))
        words = list(re.finditer(r"\S+", text[start:end]))
        while len(words) > 1 and words[-1].group().lower() in _PARTICLES:
            words.pop()
        if words:
            end = start + words[-1].end()
        # ... and does not start with a word of the sentence ("Via Joke", "Nou Tineke")
        while len(words) > 1 and words[0].group().lower() in _function_words() and words[0].group().lower() not in _PARTICLES:
            words.pop(0)
        if words:
            start = pos + words[0].start()
        del pos
    return start, end, tag


_PARTICLES = {"van", "de", "der", "den", "ter", "ten", "te", "'t", "’t", "het", "in", "op", "la", "le", "du", "da", "dos", "di", "el", "al", "v.d.", "vd"}


_CONNECTORS = re.compile(r"^(?:(?:van|de|der|den|het|'t|uit|bij|en|voor|of|in|op|te|aan|namens|via|-)\s*)+|(?:\s*(?:van|de|der|den|het|'t|uit|bij|en|voor|of|in|op|te|aan|namens|via|-))+$", re.IGNORECASE)


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


# -- words -----------------------------------------------------------------------------
_VOCAB: dict[str, Any] = {}

#: interjections of spoken Dutch that deduce takes for names at a sentence start
_INTERJECTIONS = {"oei", "oeps", "tja", "nou", "goh", "jee", "jeetje", "hè", "he", "hé", "joh", "zeg", "ach", "och", "hoor", "hm", "hmm", "eh", "ehm", "uh", "uhm", "haha", "ok", "oké", "okee", "jawel", "nee", "ja", "prima", "super", "top", "gezellig"}


def _vocabulary() -> Any:
    """Dutch words: spaCy's lemma lookup table (forms and lemmas), its lemma index (base
    forms of nouns, verbs, adjectives, adverbs) and its stop words."""
    if not _VOCAB:
        from spacy.lang.nl.stop_words import STOP_WORDS
        from spacy.lookups import load_lookups

        from workbench.corpus.segment import lemma_table

        table = lemma_table()
        words = {str(v).lower() for v in table.values()}
        try:
            index = load_lookups("nl", ["lemma_index"]).get_table("lemma_index")
            for forms in index.values():
                words.update(str(f).lower() for f in forms)
        except (ValueError, KeyError):  # pragma: no cover - tables missing in an old spacy-lookups-data
            pass
        words.update(STOP_WORDS)
        words.update(_INTERJECTIONS)
        _VOCAB["lemmas"] = words
        _VOCAB["table"] = table
    return _VOCAB


def _is_dutch_word(word: str) -> bool:
    """True for an ordinary Dutch word in any case ('Serre', 'Koningin', 'Door'); a
    hyphenated compound by its head ('Eco-systeem', 'Wmo-dienstverlening')."""
    vocab = _vocabulary()
    low = word.lower().strip(".,;:!?'’\"")
    if "-" in low:
        head = low.rsplit("-", 1)[1]
        return len(head) >= 3 and (head in vocab["lemmas"] or vocab["table"].get(head) is not None)
    return low in vocab["lemmas"] or vocab["table"].get(low) is not None


def _is_compound(word: str) -> bool:
    """A Dutch compound of two known words ('Zorgbuurthuis', 'Waterschapswet'), the
    linking s or e(n) allowed. Only used after a lower-case article ("het Zorgbuurthuis")."""
    vocab = _vocabulary()["lemmas"]
    low = word.lower()
    for cut in range(3, len(low) - 2):
        head, left = low[cut:], low[:cut]
        if len(head) >= 3 and head in vocab:
            for stem in (left, left[:-1] if left.endswith("s") else None, left[:-1] if left.endswith("e") else None, left[:-2] if left.endswith("en") else None):
                if stem and len(stem) >= 3 and stem in vocab:
                    return True
    return False


@lru_cache(maxsize=1)
def _first_names() -> Any:
    return load_deduce().lookup_structs["first_name"]


def _is_first_name(word: str) -> bool:
    try:
        return [word] in _first_names()
    except Exception:  # pragma: no cover - another deduce layout
        return False


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" \t")
    return before == "" or before[-1] in "\n.!?:\"“'(…-–"


def _is_ordinary_word(text: str, start: int, end: int, tag: str, strong: set[str], multi_tokens: set[str]) -> bool:
    """A one-word 'name' or 'place' that is an ordinary Dutch word where a word stands:

    * at a sentence start ("Mooi gezegd.", "Dingen veranderen.", "Oei, ..."), unless it
      is a known first name followed by a word that is not a function word;
    * after a lower-case article or determiner ("het Voorhuis", "de Serre").

    Kept as a name when it is a speaker's or a cue's name, or part of a full name in the text.
    """
    if tag not in ("persoon", "patient", "locatie"):
        return False
    word = text[start:end]
    if not word.isalpha() or word in strong or word.casefold() in multi_tokens:
        return False
    if not _is_dutch_word(word):
        return False
    if tag == "locatie" and not re.search(r"\b(?:de|het|een|die|dat|deze|dit)\s+$", text[max(0, start - 8) : start]):
        # a place name that is also a word ("Best", "Buren"): a word after an article or at a sentence start
        return _at_sentence_start(text, start) and text[end : end + 1] != ","
    if _at_sentence_start(text, start):
        if word.lower() in _INTERJECTIONS or not _is_first_name(word):
            return True
        nxt = re.match(r"\s+([\w']+)", text[end : end + 30])
        return nxt is None or nxt.group(1).lower() in _FUNCTION_NEXT or text[end : end + 1] in ".,!?;…"
    return bool(re.search(r"\b(?:de|het|een|die|dat|deze|dit)\s+$", text[max(0, start - 8) : start]))


# -- ages and years --------------------------------------------------------------------
def _is_duration(text: str, start: int, end: int) -> bool:
    """deduce's 'age' in "al 20 jaar", "20 jaar geleden", "de 20 jaar dat ..." is a span of time."""
    return bool(_DURATION_BEFORE.search(text[max(0, start - 12) : start]) or _DURATION_AFTER.match(text, end))


_NUMBER = re.compile(r"(?<!\d)\d{1,3}(?!\d)")


def _ages(text: str) -> list[tuple[int, int, str]]:
    """Ages, looked for only around numbers (the age patterns are slow over a whole text)."""
    out: set[tuple[int, int, str]] = set()
    for n in _NUMBER.finditer(text):
        ws, we = max(0, n.start() - 60), min(len(text), n.end() + 40)
        for m in _AGE.finditer(text, ws, we):
            group = "age" if m.group("age") else "age2"
            if 0 < int(m.group(group)) < 120:
                out.add((m.start(group), m.end(group), "leeftijd"))
        for m in _AGE_ADJECTIVE.finditer(text, ws, we):
            if 0 < int(m.group("age")) < 120:
                out.add((m.start("age"), m.end("age"), "leeftijd"))
        for m in _AGE_NAMED.finditer(text, ws, we):
            group = "age" if m.group("age") else "age2"
            if m.group("who") and m.group("who").lower() in _function_words():
                continue  # "Dat is 12."
            if 0 < int(m.group(group)) < 120:
                out.add((m.start(group), m.end(group), "leeftijd"))
    return sorted(out)


def _sentence(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 300), start)), default=max(0, start - 300))
    m = _SENTENCE_END.search(text, end)
    right = m.start() if m else min(len(text), end + 300)
    return text[left:right]


def _about_a_life(text: str, start: int, end: int) -> bool:
    """The sentence around [start, end) dates a person's life: a life event ('geboren',
    'overleden', 'verhuisd', 'woon'...) or someone speaking of their own life ('ik', 'mijn')
    with 'sinds' or 'toen'."""
    sentence = _sentence(text, start, end)
    if _LIFE_EVENT.search(sentence):
        return True
    return bool(re.search(r"(?i:\b(?:sinds|toen|vanaf|in)\b)", sentence) and (re.search(r"(?i:\b(?:ik|mijn|m'n|me|mij)\b)", sentence) or _KIN_IN_SENTENCE.search(sentence)))


_KIN_IN_SENTENCE = re.compile(rf"(?i:\b(?:mijn|m'n|zijn|z'n|haar|hun|onze)\s+{_KIN}\b)")


def _life_years(text: str) -> list[tuple[int, int]]:
    return [(m.start("year"), m.end("year")) for m in _YEAR.finditer(text) if _about_a_life(text, m.start(), m.end()) and _OWN_LIFE.search(_sentence(text, m.start(), m.end()))]


def _generalise_age(original: str) -> str:
    digits = re.sub(r"\D", "", original)
    n = int(digits) if digits else 0
    if n >= 90:
        return "[90+]"
    if n < 18:
        return "[<18]"
    lo = n // 10 * 10
    return f"[{lo}-{lo + 9}]"


def _generalise_year(original: str) -> str:
    n = int(original)
    lo = n // 10 * 10
    return f"[{lo}-{lo + 9}]"


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


# -- what was replaced, across the study -----------------------------------------------
@dataclass(frozen=True)
class ReplacedString:
    """One distinct replaced string across the study, for the researcher to review."""

    original: str
    tag: str
    count: int
    n_documents: int
    pseudonyms: tuple[str, ...]


def replacement_summary(rows: Iterable[dict[str, Any]]) -> list[ReplacedString]:
    """The distinct replaced strings with their counts, most frequent first.

    Rows are the key file's; a document's earlier versions are counted once (its latest
    rows, in file order, win).
    """
    latest: dict[str, str] = {}
    rows = list(rows)
    for r in rows:
        latest[r["document"]] = r["content_hash"]
    counts: Counter[tuple[str, str]] = Counter()
    docs: dict[tuple[str, str], set[str]] = {}
    pseudonyms: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        if latest.get(r["document"]) != r["content_hash"]:
            continue
        k = (r["original"], r["tag"])
        counts[k] += int(r.get("count") or 1)
        docs.setdefault(k, set()).add(r["document"])
        pseudonyms.setdefault(k, set()).add(r["pseudonym"])
    return [
        ReplacedString(original=o, tag=t, count=n, n_documents=len(docs[(o, t)]), pseudonyms=tuple(sorted(pseudonyms[(o, t)])))
        for (o, t), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0].casefold()))
    ]


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


def list_fingerprint() -> str:
    """A hash of the shipped keep-list: a new package version with another list re-processes files."""
    return hashlib.sha256("\n".join(default_keep_list()).encode("utf-8")).hexdigest()[:16]


# -- adding to the keep- and replace-lists in one step -----------------------------------
_LIST_FILES = {"keep": ("keep_file", "keep-list.txt"), "replace": ("replace_file", "private/replace-list.txt")}


def add_to_list(settings: Any, kind: str, names: Iterable[str]) -> tuple[Path, list[str]]:
    """Add names to the study's keep-list (``kind="keep"``) or replace-list (``"replace"``).

    Writes to ``[privacy].keep_file`` / ``replace_file``; when that key is empty, the file
    is ``keep-list.txt`` / ``private/replace-list.txt`` and workbench.toml is pointed at
    it. Names already on the list (ignoring case and accents) are not added twice.
    Returns the file and the names added. The next ingest re-processes every file (the
    lists are part of what shapes the stored text).

    Example:
        >>> add_to_list(settings, "keep", ["Serre", "Wmo-loket"])    # doctest: +SKIP
        (PosixPath('.../keep-list.txt'), ['Serre', 'Wmo-loket'])
    """
    if kind not in _LIST_FILES:
        raise ValueError(f"kind={kind!r}: use 'keep' or 'replace'")  # i18n: developer
    key, default = _LIST_FILES[kind]
    configured = getattr(settings.privacy, key)
    path = settings.resolve(configured or default)
    if not configured:
        _point_toml_at(settings.root / "workbench.toml", key, default)
    existing = _read_list(path) if path.is_file() else []
    known = {_keep_norm(n) for n in existing}
    added = []
    for name in names:
        name = " ".join(str(name).split())
        if name and _keep_norm(name) not in known:
            added.append(name)
            known.add(_keep_norm(name))
    if added:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if text and not text.endswith("\n"):
            text += "\n"
        path.write_text(text + "".join(f"{n}\n" for n in added), encoding="utf-8")
        if kind == "replace":
            os.chmod(path, 0o600)
    return path, added


def _point_toml_at(toml: Path, key: str, value: str) -> None:
    """Set ``[privacy].key = "value"`` in workbench.toml, keeping everything else as written."""
    text = toml.read_text(encoding="utf-8")
    line = f'{key} = "{value}"'
    empty = re.compile(rf'^{key}\s*=\s*""\s*(#.*)?$', re.MULTILINE)
    if empty.search(text):
        text = empty.sub(line, text, count=1)
    elif re.search(r"^\[privacy\]\s*$", text, re.MULTILINE):
        text = re.sub(r"^\[privacy\]\s*$", "[privacy]\n" + line, text, count=1, flags=re.MULTILINE)
    else:
        text = text.rstrip("\n") + f"\n\n[privacy]\n{line}\n"
    toml.write_text(text, encoding="utf-8")
