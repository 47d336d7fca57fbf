"""Offsets: REFI-QDA positions (code points, or UTF-16 units as some tools write them) mapped to the study's code points and back."""

from __future__ import annotations

import unicodedata
from typing import Any


def _utf16_positions(text: str) -> Any:
    """Code point offset -> UTF-16 offset of ``text`` (identity when all of it is in the BMP)."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        return lambda p: p
    table = [0]
    for ch in text:
        table.append(table[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return lambda p: table[p]


# -- reading: texts and offsets -------------------------------------------------------------
class OffsetMap:
    """Positions in a text as read (BOM gone) -> positions in the cleaned text (``\\r\\n`` -> ``\\n``, NFC).

    A position inside a character that was merged (``\\r\\n``, ``e`` + combining accent)
    maps to that character's start for a span start and to its end for a span end.
    """

    def __init__(self, raw: str, *, utf16: bool = False) -> None:
        # NVivo (a .NET program) counts UTF-16 code units: a character outside the BMP
        # (an emoji) counts two there and one here
        self._units: tuple[list[int], list[int]] | None = None
        if utf16 and any(ord(ch) > 0xFFFF for ch in raw):
            lo_u, hi_u = [], []
            for i, ch in enumerate(raw):
                lo_u.append(i)
                hi_u.append(i)
                if ord(ch) > 0xFFFF:
                    lo_u.append(i)  # between the two surrogates: the start of the character
                    hi_u.append(i + 1)  # ... or its end
            lo_u.append(len(raw))
            hi_u.append(len(raw))
            self._units = (lo_u, hi_u)
        self.identity = "\r" not in raw and "\ufeff" not in raw and unicodedata.is_normalized("NFC", raw)
        if self.identity:
            self.text = raw
            self.n = len(raw)
            return
        parts: list[str] = []
        lo = [0] * (len(raw) + 1)
        hi = [0] * (len(raw) + 1)
        i, pos, n = 0, 0, len(raw)
        while i < n:
            ch = raw[i]
            j = i + 1
            if ch == "\r":
                if j < n and raw[j] == "\n":
                    j += 1
                piece = "\n"
            elif ch == "\ufeff":
                piece = ""
            else:
                while j < n and unicodedata.combining(raw[j]):
                    j += 1
                piece = unicodedata.normalize("NFC", raw[i:j])
            for k in range(i, j):
                lo[k] = pos
                hi[k] = pos if k == i else pos + len(piece)
            pos += len(piece)
            parts.append(piece)
            i = j
        lo[n] = hi[n] = pos
        self.text = "".join(parts)
        self.n = n
        self._lo, self._hi = lo, hi

    @property
    def n_units(self) -> int:
        """Length of the text as read, in the units the tool counts."""
        return len(self._units[0]) - 1 if self._units else self.n

    def _cp(self, p: int, side: int) -> int:
        p = max(p, 0)
        if self._units is not None:
            table = self._units[side]
            return table[min(p, len(table) - 1)]
        return min(p, self.n)

    def start(self, p: int) -> int:
        p = self._cp(p, 0)
        return p if self.identity else self._lo[p]

    def end(self, p: int) -> int:
        p = self._cp(p, 1)
        return p if self.identity else self._hi[p]


def _map_offset(pos: int, replacements: Any, side: str) -> int:
    """A position in the text before pseudonymisation -> after; a boundary inside a
    replaced name goes to the pseudonym's start (span start) or end (span end)."""
    shift = 0
    for r in replacements:
        if pos >= r.end:
            shift = r.new_end - r.end
            continue
        if pos > r.start:
            return r.new_start if side == "start" else r.new_end
        break
    return pos + shift
