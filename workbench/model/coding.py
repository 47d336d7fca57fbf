"""Codings as data: :class:`Coding` (the current state) and :class:`CodingEvent` (one row of
the audit trail), who may code (people and ``suggester:name@version``), how a code id
follows its renames and merges, and :func:`replay`: the state a list of events leads to
(the reference the store's current-state table is tested against).

Frozen and free of I/O; :mod:`workbench.coding.events` writes the events through the store.

Example:
    >>> is_suggester("suggester:rules@1"), is_suggester("lian")
    (True, False)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

SUGGESTER = re.compile(r"^suggester:[a-z0-9][a-z0-9_.-]*@[A-Za-z0-9][A-Za-z0-9_.+-]*$")
PERSON_SOURCES = ("manual", "accepted")
FRAME_COLUMNS = [
    "doc_id", "doc_version", "start", "end", "code_id", "coder", "source",
    "codebook_version", "memo", "applied_at", "needs_recoding",
]


@dataclass(frozen=True)
class Coding:
    """One coding in the current state: a code on a span by one coder (or suggester)."""

    doc_id: str
    doc_version: int
    start: int
    end: int
    code_id: str
    coder: str
    source: str
    codebook_version: int | None
    memo: str | None
    applied_at: str
    needs_recoding: bool = False
    confidence: float | None = None
    rationale: str | None = None
    event_id: int = 0

    @property
    def span(self) -> tuple[str, int, int, int]:
        return (self.doc_id, self.doc_version, self.start, self.end)

    @property
    def is_suggestion(self) -> bool:
        return self.source == "suggested"


@dataclass(frozen=True)
class CodingEvent:
    """One row of the audit trail: what happened to a coding (or to a code), by whom, when."""

    id: int
    kind: str  # apply, remove, rename, merge, split, retire
    code_id: str
    coder: str
    source: str  # manual, suggested, accepted, rejected, revision
    created_at: str
    doc_id: str | None = None
    doc_version: int | None = None
    start: int | None = None
    end: int | None = None
    confidence: float | None = None
    rationale: str | None = None
    codebook_version: int | None = None
    memo: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, row: Any) -> CodingEvent:
        """From a mapping with the columns of ``coding_events`` (payload as JSON text or dict)."""
        payload = row["payload"]
        if isinstance(payload, str):
            payload = json.loads(payload) if payload else {}
        return cls(
            id=int(row["id"]), kind=row["kind"], code_id=row["code_id"], coder=row["coder"], source=row["source"], created_at=row["created_at"],
            doc_id=row["doc_id"], doc_version=row["doc_version"], start=row["start"], end=row["end"], confidence=row["confidence"],
            rationale=row["rationale"], codebook_version=row["codebook_version"], memo=row["memo"], payload=dict(payload or {}),
        )

    def to_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


def is_suggester(coder: str) -> bool:
    return coder.startswith("suggester:")


# -- writing events ---------------------------------------------------------------------


def resolve_alias(aliases: dict[str, str], code: str) -> str:
    """Follow rename/merge aliases to the live code id."""
    seen = set()
    while code in aliases and code not in seen:
        seen.add(code)
        code = aliases[code]
    return code


# -- replay: the reference for the current state -------------------------------------------
Key = tuple[str, int, int, int, str, str]


class ReplayState:
    """The state a sequence of events leads to (see :func:`replay`)."""

    def __init__(self) -> None:
        self.codings: dict[Key, Coding] = {}
        self.aliases: dict[str, str] = {}
        self.split_into: dict[str, set[str]] = {}

    def resolve(self, code: str) -> str:
        return resolve_alias(self.aliases, code)

    def move(self, sources: list[str], into: str) -> None:
        moved: dict[Key, list[Coding]] = {}
        keep: dict[Key, Coding] = {}
        for key, coding in self.codings.items():
            if key[4] in sources:
                moved.setdefault((*key[:4], into, key[5]), []).append(replace(coding, code_id=into))
            else:
                keep[key] = coding
        for key, group in moved.items():
            existing = keep.get(key)
            candidates = ([existing] if existing is not None else []) + group
            first = min(candidates, key=lambda c: c.event_id)
            # one coding per coder and span; it needs re-coding only if every merged one did
            keep[key] = replace(first, needs_recoding=all(c.needs_recoding for c in candidates))
        self.codings = keep
        for s in sources:
            if s != into:
                self.aliases[s] = into
        self.aliases.pop(into, None)
        for targets in self.split_into.values():
            if targets & set(sources):
                targets -= set(sources)
                targets.add(into)


def replay(events: list[CodingEvent]) -> ReplayState:
    """Replay events in id order. The store keeps the same state incrementally
    (``codings`` table); this is the reference it is tested against."""
    state = ReplayState()
    for ev in sorted(events, key=lambda e: e.id):
        kind, source, payload = ev.kind, ev.source, ev.payload
        if source == "revision":
            src: Any = payload.get("from")
            dst: Any = payload.get("into")
            if kind == "rename":
                state.move([src], dst)
            elif kind == "merge":
                state.move(list(src), dst)
            elif kind == "split":
                state.split_into[src] = set(dst or ())
                for flagged_key, coding in list(state.codings.items()):
                    if flagged_key[4] == src:
                        state.codings[flagged_key] = replace(coding, needs_recoding=True)
            continue
        assert ev.doc_id is not None and ev.doc_version is not None and ev.start is not None and ev.end is not None
        code = state.resolve(ev.code_id)
        span = (ev.doc_id, ev.doc_version, ev.start, ev.end)
        key: Key = (*span, code, ev.coder)
        if kind == "apply":
            if source == "accepted":
                _close_suggestions(state, span, code, payload.get("suggester"))
            state.codings[key] = Coding(
                doc_id=span[0], doc_version=span[1], start=span[2], end=span[3], code_id=code, coder=ev.coder, source=source,
                codebook_version=ev.codebook_version, memo=ev.memo, applied_at=ev.created_at, needs_recoding=False,
                confidence=ev.confidence, rationale=ev.rationale, event_id=ev.id,
            )
            for old, targets in state.split_into.items():
                if code in targets:
                    flagged = state.codings.get((*span, old, ev.coder))
                    if flagged is not None and flagged.needs_recoding:
                        del state.codings[(*span, old, ev.coder)]  # superseded by the new code
        elif kind == "remove":
            if source == "rejected":
                _close_suggestions(state, span, code, payload.get("suggester"))
            else:
                state.codings.pop(key, None)
    return state


def _close_suggestions(state: ReplayState, span: tuple[str, int, int, int], code: str, suggester: str | None) -> None:
    for key in [k for k, c in state.codings.items() if k[:4] == span and k[4] == code and c.is_suggestion]:
        if suggester is None or key[5] == suggester:
            del state.codings[key]
