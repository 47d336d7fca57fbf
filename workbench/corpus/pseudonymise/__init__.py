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


The parts, one module each: :mod:`.deduce_wiring` (deduce and its cache, place lists),
:mod:`.keep` (the keep-list), :mod:`.words` (names that are words), :mod:`.ages` (ages
and dates), :mod:`.pseudonyms` (numbering and study-wide pseudonyms), :mod:`.key` (the
key file), :mod:`.pseudonymiser` (the passes put together).
"""

from __future__ import annotations

from .ages import AGE_MODES, DATE_MODES
from .deduce_wiring import (
    TAG_NAMES,
    _residences,
    default_cache_dir,
    is_cache_built,
    load_deduce,
    municipalities,
)
from .keep import (
    DEFAULT_KEEP_FILE,
    add_to_list,
    default_keep_list,
    initiative_terms,
    list_fingerprint,
    settings_fingerprint,
)
from .key import (
    KEY_COLUMNS,
    ReplacedString,
    key_rows,
    read_key,
    replacement_summary,
    write_key,
)
from .pseudonymiser import Pseudonymiser, pseudonymiser_for
from .pseudonyms import PSEUDONYM_SCOPES, StudyPseudonyms, shift_offset
from .types import Pseudonymised, Replacement

__all__ = [
    "AGE_MODES", "DATE_MODES", "DEFAULT_KEEP_FILE", "KEY_COLUMNS", "PSEUDONYM_SCOPES", "TAG_NAMES",
    "Pseudonymised", "Pseudonymiser", "ReplacedString", "Replacement", "StudyPseudonyms",
    "add_to_list", "default_cache_dir", "default_keep_list", "initiative_terms", "is_cache_built",
    "key_rows", "list_fingerprint", "settings_fingerprint", "load_deduce", "municipalities", "pseudonymiser_for", "read_key",
    "replacement_summary", "shift_offset", "write_key", "_residences",
]
