"""What a person does while coding, beyond apply and remove (:mod:`workbench.coding.events`):
a memo on a coding, a memo on a document, where they left off, their progress, and
codings brought in from a spreadsheet. Everything goes through the store; the coding app
(:mod:`workbench.apps.coding`) calls these in one line per handler.

Example:
    >>> set_coding_memo(study.store, doc_id="int-01", doc_version=1, start=0, end=42,
    ...                 code_id="eenzaamheid", coder="lian", memo="twijfel")   # doctest: +SKIP
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import CodingError
from workbench.i18n import add, t

if TYPE_CHECKING:  # pragma: no cover
    from workbench.corpus.model import Segment
    from workbench.store import Store
    from workbench.codebook.model import Codebook

add("memo_no_coding", nl="{coder} heeft hier geen code '{code}'", en="{coder} has no code '{code}' here")
add("memo_no_coding_fix", nl="pas eerst de code toe, schrijf dan de memo", en="apply the code first, then write the memo")


def set_coding_memo(store: Store, *, doc_id: str, doc_version: int, start: int, end: int, code_id: str, coder: str, memo: str | None) -> int:
    """Set the memo of ``coder``'s coding of ``code_id`` on a span; returns the event id.

    Stored as an ``apply`` event that repeats the coding with the new memo (same source,
    confidence and codebook version), so the memo's history is in the audit trail and the
    replay gives the same state.
    """
    from workbench.coding.events import resolve_alias

    with store.transaction():
        store.lock_for_coding(doc_id)
        code = resolve_alias(store.code_aliases(), code_id)
        coding = store.find_coding(doc_id, doc_version, start, end, code, coder)
        if coding is None or coding.is_suggestion:
            raise CodingError(f"{doc_id} v{doc_version} [{start}:{end}]", t("memo_no_coding", coder=coder, code=code_id), t("memo_no_coding_fix"))
        return store.append_event(
            kind="apply", doc_id=doc_id, doc_version=doc_version, start=start, end=end, code_id=code, coder=coder, source=coding.source,
            confidence=coding.confidence, rationale=coding.rationale, memo=memo or None, codebook_version=coding.codebook_version,
            payload={"memo": True},
        )


# -- progress ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Progress:
    """How many units of a document (or the study) a coder has coded."""

    coded: int
    total: int

    @property
    def fraction(self) -> float:
        return self.coded / self.total if self.total else 0.0


def covered(units: list[Segment], spans: list[tuple[int, int]]) -> set[int]:
    """Indexes of the units (sorted by start) that overlap at least one span."""
    starts = [u.start for u in units]
    out: set[int] = set()
    for a, b in spans:
        i = max(0, bisect_left(starts, a) - 1)
        while i < len(units) and units[i].start < b:
            if units[i].end > a:
                out.add(i)
            i += 1
    return out


def progress(store: Store, coder: str, *, unit: str = "sentence", doc_ids: list[str] | None = None) -> dict[str, Progress]:
    """Per current document: units (non-interviewer) that ``coder`` coded, of all."""
    units: dict[tuple[str, int], list[Segment]] = {}
    for s in store.all_segments(unit, include_interviewer=False, doc_ids=doc_ids):
        units.setdefault((s.doc_id, s.doc_version), []).append(s)
    spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for c in store.current_codings(coder=coder):
        spans.setdefault((c.doc_id, c.doc_version), []).append((c.start, c.end))
    return {key[0]: Progress(len(covered(segs, spans.get(key, []))), len(segs)) for key, segs in units.items()}


# -- import from a spreadsheet -------------------------------------------------------------
@dataclass(frozen=True)
class ImportReport:
    """What ``workbench code import`` did: rows read, codings added, rows already there."""

    rows: int
    added: int
    unchanged: int
    coders: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "added": self.added, "unchanged": self.unchanged, "coders": list(self.coders)}


def import_codings(
    store: Store, codebook: Codebook, version: int, path: str | Path, *, coder: str | None = None, default_coder: str | None = None,
) -> ImportReport:
    """Codings from a CSV/XLSX table (see :mod:`workbench.coding.io`) stored as ``coder``'s
    (or each row's ``coder`` column, else ``default_coder``) manual codings under codebook
    ``version``, in one transaction (bulk).

    Every code is checked against the codebook first; rows whose coding is already there
    with the same memo are left alone, so importing a file twice adds nothing.
    """
    from workbench.coding.events import _check_coder, check_codable
    from workbench.coding.io import read_codings_table

    from workbench.corpus.model import Corpus

    rows = read_codings_table(path, Corpus(store))
    for code in sorted({r.code_id for r in rows}):
        check_codable(store, codebook, code)
    events = []
    unchanged = 0
    coders: set[str] = set()
    with store.transaction():
        existing = {(c.doc_id, c.doc_version, c.start, c.end, c.code_id, c.coder): c for c in store.current_codings(doc_id=None)}
        for r in rows:
            who = coder or r.coder or default_coder or ""  # --coder wins over the sheet's coder column
            _check_coder(who, "manual")
            coders.add(who)
            have = existing.get((*r.span, r.code_id, who))
            if have is not None and (have.memo or None) == (r.memo or None):
                unchanged += 1
                continue
            events.append({
                "kind": "apply", "doc_id": r.doc_id, "doc_version": r.doc_version, "start": r.start, "end": r.end, "code_id": r.code_id,
                "coder": who, "source": "manual", "memo": r.memo, "codebook_version": version, "payload": {"import": Path(path).name, "line": r.line},
            })
        store.append_events(events)
    return ImportReport(len(rows), len(events), unchanged, tuple(sorted(coders)))
