"""Quotes co-researchers flagged as identifying someone: the one filter every part uses.

A flag is a span (document, version, start, end) in code points. Anything whose span
overlaps a flagged span is hidden: a coding, a retrieved fragment, a theme's quote, a
story excerpt, an export's coded selection. Texts that must keep their offsets (a
REFI-QDA export) get the flagged characters masked instead (:func:`mask_text`).

Example:
    >>> from workbench.model import flags
    >>> hidden = flags.flagged_spans(store)                          # doctest: +SKIP
    >>> shown = flags.hide_flagged(store, codings)                   # doctest: +SKIP
    >>> flags.is_flagged(store, "austerlitz-zorgt/interview-01-bewoner", 1, 120, 190)   # doctest: +SKIP
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar


class Store(Protocol):
    """What the filter needs of a store (:class:`workbench.store.Store` has both)."""

    def identifying_spans(self) -> list[tuple[str, int, int, int]]: ...

    def overlaps_identifying(self, doc_id: str, doc_version: int, start: int, end: int) -> bool: ...

Span = tuple[str, int, int, int]
T = TypeVar("T")

#: what stands in for each masked character (offsets stay the same)
MASK = "\u2592"


def flagged_spans(store: Store) -> list[Span]:
    """Every flagged span (doc_id, doc_version, start, end), sorted."""
    return store.identifying_spans()


def is_flagged(store: Store, doc_id: str, doc_version: int, start: int, end: int) -> bool:
    """Whether the span overlaps a flagged one (one query; for many spans use :class:`Flags`)."""
    return store.overlaps_identifying(doc_id, int(doc_version), int(start), int(end))


def span_of(item: Any) -> Span:
    """The span of a coding, segment, quote, dict or (doc_id, doc_version, start, end) tuple."""
    if isinstance(item, tuple) and len(item) == 4:
        return (str(item[0]), int(item[1]), int(item[2]), int(item[3]))
    if isinstance(item, dict):
        return (item["doc_id"], int(item["doc_version"]), int(item["start"]), int(item["end"]))
    return (item.doc_id, int(item.doc_version), int(item.start), int(item.end))


class Flags:
    """The flagged spans read once, for checking many items (a report, an export).

    Example:
        >>> flags = Flags.of(store)                 # doctest: +SKIP
        >>> [c for c in codings if not flags.hides(c)]   # doctest: +SKIP
    """

    def __init__(self, spans: Iterable[Span]) -> None:
        self._by_doc: dict[tuple[str, int], list[tuple[int, int]]] = {}
        for doc_id, version, start, end in spans:
            self._by_doc.setdefault((doc_id, int(version)), []).append((int(start), int(end)))
        for value in self._by_doc.values():
            value.sort()

    @classmethod
    def of(cls, store: Store) -> Flags:
        return cls(flagged_spans(store))

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_doc.values())

    def __bool__(self) -> bool:
        return bool(self._by_doc)

    def spans(self, doc_id: str, doc_version: int) -> list[tuple[int, int]]:
        """The flagged (start, end) pairs in one document version."""
        return list(self._by_doc.get((doc_id, int(doc_version)), ()))

    def hides(self, item: Any) -> bool:
        """Whether ``item`` (anything :func:`span_of` reads) overlaps a flagged span."""
        doc_id, version, start, end = span_of(item)
        pairs = self._by_doc.get((doc_id, version))
        if not pairs:
            return False
        end = max(end, start + 1)
        i = bisect_left(pairs, (end, -1))
        return any(s < end and start < e for s, e in pairs[:i])

    def filter(self, items: Iterable[T]) -> list[T]:
        """The items that may be shown."""
        return [x for x in items if not self.hides(x)]

    def mask(self, text: str, doc_id: str, doc_version: int, offset: int = 0) -> str:
        """``text`` (starting at ``offset`` in the document) with flagged characters masked,
        newlines kept, so that every offset stays valid."""
        pairs = self._by_doc.get((doc_id, int(doc_version)))
        if not pairs:
            return text
        chars = list(text)
        for s, e in pairs:
            for i in range(max(s - offset, 0), min(e - offset, len(chars))):
                if chars[i] != "\n":
                    chars[i] = MASK
        return "".join(chars)


def hide_flagged(store: Store, items: Iterable[T]) -> list[T]:
    """The items (codings, segments, quotes, spans) that overlap no flagged span."""
    return Flags.of(store).filter(items)


def mask_text(store: Store, doc: Any) -> str:
    """A document's text with flagged spans masked (same length, same offsets)."""
    return Flags.of(store).mask(doc.text, doc.id, doc.version)
