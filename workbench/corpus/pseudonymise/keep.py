"""The keep-list: public names that are never replaced (the shipped care list, places, the study's initiatives, the researcher's list)."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from .deduce_wiring import _place_set
from .matching import _fold, _keep_norm, _read_list
from .words import _is_dutch_word

# -- keep-lists ---------------------------------------------------------------------
DEFAULT_KEEP_FILE = "keep-nl-zorg.txt"


@lru_cache(maxsize=1)
def default_keep_list() -> tuple[str, ...]:
    """The shipped Dutch care keep-list (``workbench/data/keep-nl-zorg.txt``): laws,
    schemes, public bodies, umbrella organisations, insurers, national programmes,
    countries, provinces, nationalities and languages. No municipalities: see
    :func:`municipalities`."""
    from importlib.resources import files

    return tuple(_read_list(Path(str(files("workbench") / "data" / DEFAULT_KEEP_FILE))))


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


def settings_fingerprint(settings: Any) -> str:
    """What of the settings changes the stored text: a changed keep-list re-processes files."""
    p = settings.privacy
    return repr(
        (
            p.pseudonymise, sorted(settings.keep_list()), sorted(settings.replace_list()), sorted(p.interviewer_labels),
            p.keep_defaults and list_fingerprint(), p.keep_places, p.ages, p.years, p.dates, p.pseudonyms,
        )
    )
