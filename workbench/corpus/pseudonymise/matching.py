"""Text matching shared by the lists: reading list files, folding case and accents, and one regex over many terms."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def _read_list(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


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
