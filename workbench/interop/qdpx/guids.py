"""GUIDs: the stable identifiers the store keeps for codes, users and sources, so a re-import finds what it made before."""

from __future__ import annotations

from typing import Any

from workbench.codebook.model import Codebook


class GuidMap:
    """GUIDs of codes, documents, coders and codings: those kept in the store first, else
    derived (stable). ``assigned`` collects what is new, for the store to keep."""

    def __init__(self, known: dict[tuple[str, str], str] | None = None) -> None:
        self.known = dict(known or {})
        self._by_guid = {(kind, guid): key for (kind, key), guid in self.known.items()}
        self.assigned: dict[tuple[str, str], str] = {}

    def get(self, kind: str, key: str, default: str) -> str:
        guid = self.known.get((kind, key))
        if guid is None:
            guid = self.known[(kind, key)] = self.assigned[(kind, key)] = default
            self._by_guid.setdefault((kind, guid), key)
        return guid

    def has(self, kind: str, key: str) -> bool:
        return (kind, key) in self.known

    def key_of(self, kind: str, guid: str) -> str | None:
        return self._by_guid.get((kind, guid))

    def put(self, kind: str, key: str, guid: str) -> None:
        if self.known.get((kind, key)) != guid:
            self.known[(kind, key)] = self.assigned[(kind, key)] = guid
        self._by_guid[(kind, guid)] = key


def _load_guids(store: Any) -> GuidMap:
    getter = getattr(store, "exchange_guids", None)
    return GuidMap(getter() if getter is not None else {})


def _save_guids(store: Any, guids: GuidMap) -> None:
    saver = getattr(store, "put_exchange_guids", None)
    if saver is not None and guids.assigned:
        saver(guids.assigned)


def code_guids(store: Any, codebook: Codebook, guids: GuidMap) -> dict[str, str]:
    """A GUID per code: kept in the store, else the GUID of the code it was renamed from,
    else derived from the codebook and code id (as the ``.qdc`` export does)."""
    from workbench.codebook.refi import code_guid
    from workbench.coding.events import find_redirects

    renamed_from: dict[str, str] = {}
    for old, red in find_redirects(store, codebook.id).items():
        if red.kind == "rename" and red.targets:
            renamed_from.setdefault(red.targets[0], old)

    def resolve(code_id: str, seen: set[str]) -> str:
        if guids.has("code", code_id):
            return guids.get("code", code_id, "")
        old = renamed_from.get(code_id)
        if old is not None and old not in seen:
            return resolve(old, seen | {code_id})
        return code_guid(codebook.id, code_id)

    out: dict[str, str] = {}
    for code in codebook.codes:
        out[code.id] = guids.get("code", code.id, resolve(code.id, set()))
    return out
