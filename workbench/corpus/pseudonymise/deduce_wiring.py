"""deduce wiring: loading deduce with its lookup cache, its tags, and the Dutch place lists in its data folder."""

from __future__ import annotations

import gc
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbench.errors import PseudonymisationError
from workbench.i18n import add, t

from .matching import _fold, _read_list

add(
    "pseudonymise_no_deduce",
    nl="deduce, het programma dat namen en andere persoonsgegevens vervangt, is niet geïnstalleerd; er is niets opgeslagen",
    en="the deduce package is not installed",
)
add("pseudonymise_no_deduce_fix", nl="draai 'make install' (of pip install deduce)", en="run 'make install' (or pip install deduce)")

#: deduce tag -> the word in the pseudonym; tags not listed are upper-cased
TAG_NAMES = {"patient": "PERSOON", "persoon": "PERSOON", "zorginstelling": "ZORGINSTELLING", "ziekenhuis": "ZORGINSTELLING"}


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
        from .deduce_speed import speed_up

        # the same annotations, its bookkeeping done once (deduce_speed says what and why)
        _DEDUCE[key] = speed_up(Deduce(cache_path=cache_dir))
        # deduce's lookup structures are millions of long-lived objects: move them out of
        # the garbage collector's sight. Without this every collection walks them, and the
        # interpreter needs 10-30 s to exit; with it, forked workers also share them.
        gc.freeze()
    return _DEDUCE[key]


#: deduce processors that are not run: the redactor only writes deduce's own output text
SKIPPED = frozenset({"redactor"})


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cycle collector off for a moment (left alone if the caller turned it off)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def release(doc: Any) -> None:
    """Unlink a processed document's tokens: no cycles left, reference counting frees them."""
    for tokens in getattr(doc, "_token_lists", {}).values():
        for token in tokens:
            links = token.__dict__
            links["_next_token"] = links["_previous_token"] = None


def deduce_annotations(deduce: Any, text: str) -> list[tuple[int, int, str]]:
    """(start, end, tag) of deduce's annotations of ``text``, in deduce's order.

    Example:
        >>> deduce_annotations(load_deduce(), "Jan belt.")     # doctest: +SKIP
        [(0, 3, 'voornaam')]
    """
    with gc_paused():
        doc = deduce.deidentify(text, disabled=SKIPPED)
        found = [(a.start_char, a.end_char, a.tag) for a in doc.annotations]
        release(doc)
    return found


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
