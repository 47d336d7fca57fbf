"""Codings as events: apply, remove, suggest, accept, reject; the current state by replay.

Nothing is ever updated in place. Every action appends one row to ``coding_events`` with
who (a person, or a suggester as ``suggester:name@version``), when, the source
(``manual``, ``suggested``, ``accepted``, ``rejected``) and the codebook version, so the
table is the audit trail. The store keeps the current state in a table of its own,
updated in the same transaction as each event (:func:`current_codings` reads it); the
replay of the events in id order (:func:`replay`) is the reference it must always equal
(a property test holds that line). The rules:

- ``apply`` adds a coding for (span, code, coder); two coders on one span are two codings;
- ``remove`` takes that coder's coding away (``rejected``: a person turns a suggestion down);
- ``apply`` with source ``accepted`` adds the person's coding and closes the suggestion;
- revision ``rename`` moves codings from the old id to the new one;
- revision ``merge`` moves codings of the sources to the target, one per coder and span;
- revision ``split`` flags the old code's codings ``needs_recoding`` until the same coder
  codes the span with one of the new codes (then the old coding is superseded);
- revision ``retire`` changes no coding: they stay visible, new ones are refused.

Example:
    >>> apply_code(store, cb, doc_id="int-01", doc_version=1, start=0, end=42,
    ...            code_id="eenzaamheid", coder="anna")                       # doctest: +SKIP
    >>> codings_frame(store)                                                   # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.errors import CodebookNotStoredError, CodingError, DocumentNotFoundError, RetiredCodeError
from workbench.i18n import add, t
from workbench.model.coding import (  # the data model and its replay, re-exported here
    FRAME_COLUMNS,
    PERSON_SOURCES,
    SUGGESTER,
    Coding,
    CodingEvent,
    ReplayState,
    is_suggester,
    replay,
    resolve_alias,
)

__all__ = [
    "Coding",
    "CodingEvent",
    "FRAME_COLUMNS",
    "PERSON_SOURCES",
    "Redirect",
    "ReplayState",
    "SUGGESTER",
    "accept_suggestion",
    "apply_code",
    "check_codable",
    "codings_frame",
    "count_codings",
    "current_codings",
    "events_frame",
    "find_redirects",
    "is_suggester",
    "reject_suggestion",
    "remove_code",
    "replay",
    "replayed_codings",
    "resolve_alias",
]

add("coding_bad_source", nl="de bron {source} kan geen code toepassen", en="source {source} cannot apply a code")
add(
    "coding_bad_source_fix",
    nl="gebruik 'manual' (een persoon), 'suggested' (een suggestiemaker) of accept_suggestion()",
    en="use 'manual' (a person), 'suggested' (a suggester) or accept_suggestion()",
)
add("coding_bad_confidence", nl="de zekerheid {value} ligt niet tussen 0 en 1", en="confidence {value} is outside 0..1")
add("coding_bad_confidence_fix", nl="geef een kans tussen 0 en 1", en="pass a probability between 0 and 1")
add("coding_no_coding", nl="{coder} heeft op dit stuk tekst geen codering '{code}'", en="{coder} has no coding '{code}' on this span")
add("coding_no_coding_fix", nl="codings_frame(store) toont de huidige coderingen", en="see codings_frame(store) for the current codings")
add("coding_no_suggestion", nl="geen openstaande suggestie '{code}' op dit stuk tekst", en="no pending suggestion of '{code}' on this span")
add("coding_no_suggestion_by", nl="geen openstaande suggestie '{code}' van {suggester} op dit stuk tekst", en="no pending suggestion of '{code}' by {suggester} on this span")
add(
    "coding_no_suggestion_fix",
    nl="codings_frame(store, include_suggestions=True) toont de openstaande suggesties",
    en="see codings_frame(store, include_suggestions=True) for the open suggestions",
)
add("coding_coder_empty", nl="de naam van de codeur ontbreekt", en="the coder is empty")
add("coding_coder_empty_fix", nl="geef coder='uw naam' (of zet [project] user in workbench.toml)", en="pass coder='your name' (set [project] user in workbench.toml)")
add("coding_suggestion_coder", nl="een suggestie hoort bij een suggestiemaker, niet bij codeur {coder}", en="a suggestion must be stored under a suggester name, got coder {coder}")
add("coding_suggestion_coder_fix", nl="gebruik 'suggester:<naam>@<versie>', bijvoorbeeld 'suggester:rules@1'", en="use 'suggester:<name>@<version>', e.g. 'suggester:rules@1'")
add(
    "coding_suggester_not_person",
    nl="{coder} is een suggestiemaker: wat die codeert is een suggestie, geen codering door een persoon",
    en="{coder} is a suggester; its codings are suggestions, not a person's coding",
)
add(
    "coding_suggester_not_person_fix",
    nl="sla ze op met source='suggested'; een persoon neemt ze over met accept_suggestion()",
    en="store them with source='suggested'; a person accepts them with accept_suggestion()",
)
add("coding_span_not_int", nl="documentversie, begin en eind moeten hele getallen zijn", en="document version, start and end must be whole numbers")
add("coding_span_not_int_fix", nl="geef de posities van de tekens (code points) als hele getallen", en="pass character offsets (code points) as int")
add("coding_span_order", nl="een stuk tekst moet voldoen aan 0 <= begin < eind", en="a span needs 0 <= start < end")
add("coding_span_order_fix", nl="geef het begin en het eind van het segment", en="pass the segment's start and end offsets")
add("coding_document_version_missing", nl="document '{doc_id}', versie {version}, staat niet in de opslag", en="no document '{doc_id}' version {version} in the store")
add(
    "coding_document_version_missing_fix",
    nl="lees het eerst in (workbench ingest), of controleer de id en de versie",
    en="ingest it first (workbench ingest), or check the id and version",
)
add("coding_span_past_end", nl="het stuk tekst loopt door na het eind van het document ({length} tekens)", en="the span ends after the document's text ({length} characters)")
add("coding_span_past_end_fix", nl="geef posities binnen het document (code points)", en="pass offsets inside the document (code points)")
add("coding_version_missing", nl="geen codeboekversie {number}", en="no codebook version {number}")
add("coding_version_missing_fix", nl="geef het nummer van een opgeslagen versie, of laat het weg", en="pass the number of a stored version, or leave it out")
add("coding_codebook_not_stored", nl="deze inhoud van codeboek '{codebook}' is nooit als versie opgeslagen", en="this content of codebook '{codebook}' was never stored as a version")
add(
    "coding_codebook_not_stored_fix",
    nl="sla hem eerst op: sync_codebook(store, path, author) (of 'workbench codebook show')",
    en="store it first: sync_codebook(store, path, author) (or `workbench codebook show`)",
)
add("coding_code_split", nl="code '{code}' is gesplitst in {targets} en vervallen", en="code '{code}' was split into {targets} and is retired")
add("coding_code_split_fix", nl="gebruik een van {codes}", en="apply one of {codes}")
add("coding_code_retired", nl="code '{code}' is vervallen: de bestaande coderingen blijven, nieuwe kunnen niet meer", en="code '{code}' is retired: it keeps its codings but takes no new ones")
add("coding_code_retired_fix", nl="kies een code die in gebruik is (workbench codebook show)", en="choose an active code (workbench codebook show)")
add("coding_code_renamed", nl="code '{code}' is hernoemd tot '{current}'", en="code '{code}' was renamed to '{current}'")
add("coding_code_merged", nl="code '{code}' is samengevoegd in '{current}'", en="code '{code}' was merged into '{current}'")
add("coding_code_revised", nl="code '{code}' is bij herzieningen van het codeboek '{current}' geworden", en="code '{code}' was revised into '{current}'")
add("coding_apply_instead", nl="gebruik '{code}'", en="apply '{code}'")

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from workbench.codebook.model import Codebook
    from workbench.store import Store

def apply_code(
    store: Store,
    codebook: Codebook,
    *,
    doc_id: str,
    doc_version: int,
    start: int,
    end: int,
    code_id: str,
    coder: str,
    source: str = "manual",
    confidence: float | None = None,
    rationale: str | None = None,
    memo: str | None = None,
    codebook_version: int | None = None,
    payload: dict[str, Any] | None = None,
) -> int:
    """Apply a code to a span; returns the event id.

    ``source`` is ``manual`` for a person, ``suggested`` for a suggester (whose ``coder``
    must look like ``suggester:rules@1``); use :func:`accept_suggestion` for ``accepted``.
    Raises :class:`CodeNotFoundError` for an unknown code and :class:`RetiredCodeError`
    for a retired, renamed, merged or split one (naming the code to use instead).
    """
    if source not in ("manual", "suggested", "accepted"):
        raise CodingError(None, t("coding_bad_source", source=repr(source)), t("coding_bad_source_fix"))
    _check_coder(coder, source)
    if confidence is not None and not 0.0 <= float(confidence) <= 1.0:
        raise CodingError(None, t("coding_bad_confidence", value=repr(confidence)), t("coding_bad_confidence_fix"))
    with store.transaction():  # checks and the append see one state
        store.lock_for_coding(doc_id)
        _check_span(store, doc_id, doc_version, start, end)
        check_codable(store, codebook, code_id)
        version = _version(store, codebook, codebook_version)
        return store.append_event(
            kind="apply", doc_id=doc_id, doc_version=doc_version, start=start, end=end, code_id=code_id, coder=coder,
            source=source, confidence=confidence, rationale=rationale, memo=memo, codebook_version=version, payload=payload,
        )


def remove_code(store: Store, *, doc_id: str, doc_version: int, start: int, end: int, code_id: str, coder: str, memo: str | None = None) -> int:
    """Remove ``coder``'s coding of ``code_id`` on a span; returns the event id.

    The code id may be an old one (renamed or merged since): it is followed to the
    coding's current code. Raises :class:`CodingError` if there is no such coding.
    """
    _check_coder(coder, "manual" if not is_suggester(coder) else "suggested")
    with store.transaction():  # the check and the append see the same state
        store.lock_for_coding(doc_id)
        current = resolve_alias(store.code_aliases(), code_id)
        if store.find_coding(doc_id, doc_version, start, end, current, coder) is None:
            raise CodingError(f"{doc_id} v{doc_version} [{start}:{end}]", t("coding_no_coding", coder=coder, code=code_id), t("coding_no_coding_fix"))
        latest = store.latest_codebook_version()
        return store.append_event(
            kind="remove", doc_id=doc_id, doc_version=doc_version, start=start, end=end, code_id=current, coder=coder,
            source="manual", memo=memo, codebook_version=latest.number if latest is not None else None,
        )


def accept_suggestion(
    store: Store, codebook: Codebook, *, doc_id: str, doc_version: int, start: int, end: int, code_id: str, coder: str,
    suggester: str | None = None, memo: str | None = None, codebook_version: int | None = None,
) -> int:
    """A person accepts a pending suggestion: their coding is stored with source ``accepted``."""
    with store.transaction():
        store.lock_for_coding(doc_id)
        suggestion = _pending(store, doc_id, doc_version, start, end, code_id, suggester)
        return apply_code(
            store, codebook, doc_id=doc_id, doc_version=doc_version, start=start, end=end, code_id=suggestion.code_id, coder=coder,
            source="accepted", confidence=suggestion.confidence, rationale=suggestion.rationale, memo=memo,
            codebook_version=codebook_version, payload={"suggester": suggestion.coder, "suggestion_event": suggestion.event_id},
        )


def reject_suggestion(
    store: Store, *, doc_id: str, doc_version: int, start: int, end: int, code_id: str, coder: str,
    suggester: str | None = None, memo: str | None = None,
) -> int:
    """A person rejects a pending suggestion (kept as a ``remove`` event with source ``rejected``)."""
    _check_coder(coder, "manual")
    with store.transaction():
        store.lock_for_coding(doc_id)
        suggestion = _pending(store, doc_id, doc_version, start, end, code_id, suggester)
        return store.append_event(
            kind="remove", doc_id=doc_id, doc_version=doc_version, start=start, end=end, code_id=suggestion.code_id, coder=coder,
            source="rejected", memo=memo, codebook_version=suggestion.codebook_version,
            payload={"suggester": suggestion.coder, "suggestion_event": suggestion.event_id},
        )


def _pending(store: Store, doc_id: str, doc_version: int, start: int, end: int, code_id: str, suggester: str | None) -> Coding:
    code = resolve_alias(store.code_aliases(), code_id)
    found = store.pending_suggestions(doc_id, doc_version, start, end, code, suggester)
    if not found:
        what = t("coding_no_suggestion_by", code=code_id, suggester=suggester) if suggester else t("coding_no_suggestion", code=code_id)
        raise CodingError(f"{doc_id} v{doc_version} [{start}:{end}]", what, t("coding_no_suggestion_fix"))
    return found[0]


def _check_coder(coder: str, source: str) -> None:
    if not coder or not coder.strip():
        raise CodingError(None, t("coding_coder_empty"), t("coding_coder_empty_fix"))
    if source == "suggested" and not SUGGESTER.match(coder):
        raise CodingError(None, t("coding_suggestion_coder", coder=repr(coder)), t("coding_suggestion_coder_fix"))
    if source in PERSON_SOURCES and is_suggester(coder):
        raise CodingError(None, t("coding_suggester_not_person", coder=repr(coder)), t("coding_suggester_not_person_fix"))


def _check_span(store: Store, doc_id: str, doc_version: int, start: int, end: int) -> None:
    where = f"{doc_id} v{doc_version} [{start}:{end}]"
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (doc_version, start, end)):
        raise CodingError(where, t("coding_span_not_int"), t("coding_span_not_int_fix"))
    if not 0 <= start < end:
        raise CodingError(where, t("coding_span_order"), t("coding_span_order_fix"))
    length = store.document_length(doc_id, doc_version)
    if length is None:
        raise DocumentNotFoundError(store.where, t("coding_document_version_missing", doc_id=doc_id, version=doc_version), t("coding_document_version_missing_fix"))
    if end > length:
        raise CodingError(where, t("coding_span_past_end", length=length), t("coding_span_past_end_fix"))


def _version(store: Store, codebook: Codebook, number: int | None) -> int:
    if number is not None:
        if store.codebook_version(number) is None:
            raise CodebookNotStoredError(store.where, t("coding_version_missing", number=number), t("coding_version_missing_fix"))
        return number
    found = store.find_codebook_version(codebook.id, codebook.content_hash)
    if found is None:
        raise CodebookNotStoredError(str(codebook.path or codebook.id), t("coding_codebook_not_stored", codebook=codebook.id), t("coding_codebook_not_stored_fix"))
    return found.number


# -- revisions as seen from the codings ---------------------------------------------------
@dataclass(frozen=True)
class Redirect:
    """What became of a code id that may no longer be applied."""

    kind: str  # rename, merge, split, retire
    targets: tuple[str, ...]
    version: int | None
    at: str


def find_redirects(store: Store, codebook_id: str | None = None) -> dict[str, Redirect]:
    """For every code touched by a revision, the last thing that happened to it."""
    out: dict[str, Redirect] = {}
    for ev in store.revision_events():
        payload = ev.payload
        if codebook_id and payload.get("codebook_id") not in (None, codebook_id):
            continue
        src: Any = payload.get("from")
        dst: Any = payload.get("into")
        sources = src if isinstance(src, list) else [src]
        targets = tuple(dst) if isinstance(dst, list) else ((dst,) if dst else ())
        for s in sources:
            out[s] = Redirect(ev.kind, targets, ev.codebook_version, ev.created_at)
        for target in targets:  # an id that is live again is no longer redirected
            if ev.kind in ("rename", "merge"):
                out.pop(target, None)
    return out


def check_codable(store: Store, codebook: Codebook, code_id: str) -> None:
    """Raise unless ``code_id`` may be applied now (exists and is active)."""
    redirects = find_redirects(store, codebook.id)
    if code_id in codebook:
        code = codebook.get(code_id)
        if code.is_active:
            return
        red = redirects.get(code_id)
        where = f"{codebook.path or codebook.id}:{code.line}" if code.line else str(codebook.path or codebook.id)
        if red is not None and red.kind == "split":
            live = [c for c in red.targets if c in codebook and codebook.get(c).is_active]
            targets = ", ".join(repr(c) for c in red.targets)
            raise RetiredCodeError(where, t("coding_code_split", code=code_id, targets=targets), t("coding_code_split_fix", codes=", ".join(repr(c) for c in live or red.targets)))
        raise RetiredCodeError(where, t("coding_code_retired", code=code_id), t("coding_code_retired_fix"))
    seen = set()
    current, red = code_id, redirects.get(code_id)
    while red is not None and red.kind in ("rename", "merge") and red.targets and current not in seen:
        seen.add(current)
        current = red.targets[0]
        if current in codebook:
            first = redirects[code_id].kind if len(seen) == 1 else None
            if first == "rename":
                what = t("coding_code_renamed", code=code_id, current=current)
            elif first == "merge":
                what = t("coding_code_merged", code=code_id, current=current)
            else:
                what = t("coding_code_revised", code=code_id, current=current)
            raise RetiredCodeError(str(codebook.path or codebook.id), what, t("coding_apply_instead", code=current))
        red = redirects.get(current)
    codebook.get(code_id)  # raises CodeNotFoundError with a close match


def replayed_codings(store: Store) -> list[Coding]:
    """Every current coding (suggestions included) by replaying all events: the reference."""
    state = replay(store.events())
    return sorted(state.codings.values(), key=lambda c: (c.doc_id, c.doc_version, c.start, c.end, c.code_id, c.coder))


# -- reading the state --------------------------------------------------------------------
def current_codings(
    store: Store, *, doc_id: str | None = None, doc_version: int | None = None, coder: str | None = None, include_suggestions: bool = False
) -> list[Coding]:
    """The codings as they are now (kept current by the store; suggestions only if asked)."""
    return store.current_codings(doc_id=doc_id, doc_version=doc_version, coder=coder, include_suggestions=include_suggestions)


def codings_frame(store: Store, **filters: Any) -> pd.DataFrame:
    """:func:`current_codings` as a DataFrame with columns doc_id, doc_version, start, end,
    code_id, coder, source, codebook_version, memo, applied_at, needs_recoding."""
    return store.current_codings_frame(FRAME_COLUMNS, **filters)


def count_codings(store: Store, *, include_suggestions: bool = False) -> dict[str, int]:
    """Number of current codings per code id (people's codings; suggestions only if asked)."""
    return store.count_codings(include_suggestions=include_suggestions)


def events_frame(store: Store) -> pd.DataFrame:
    """The audit trail: every coding event, in order, with its payload."""
    import pandas as pd

    return pd.DataFrame([e.to_dict() for e in store.events()])
