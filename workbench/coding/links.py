"""Links as events: a coded claim that one code led to another ("since the circle visits me I
dare to go out again"), the building block of impact pathways (QuIP / causal mapping).

A link is a span of a document (the claim) with a ``cause`` code, an ``effect`` code, a sign
(``more``: more of the effect; ``less``: less of it, e.g. "minder eenzaam" with the code
*eenzaamheid*), an optional strength of claim (``weak`` / ``moderate`` / ``strong``), and
optionally the cause's and the effect's own spans. Links are appended as events like codings
(``link`` / ``unlink``; sources ``manual``, ``suggested``, ``accepted``, ``rejected``) with who,
when and the codebook version; the store keeps the current links beside them, and
:func:`replay_links` is the reference that state must equal. Codebook revisions carry links
along: a renamed or merged code moves at either end, a split code's links need re-coding until
the same coder links the span with one of its parts.

Example:
    >>> apply_link(store, cb, doc_id="int-01", doc_version=1, start=0, end=80,
    ...            cause="wederkerigheid", effect="eenzaamheid-verbinding", coder="anna")  # doctest: +SKIP
    >>> links_frame(store)                                                             # doctest: +SKIP
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from workbench.coding.events import ReplayState, _check_coder, _check_span, _version, check_codable, is_suggester, resolve_alias
from workbench.errors import CodingError
from workbench.i18n import add, t
from workbench.model.links import LINK_SIGNS, LINK_STRENGTHS, Link, LinkEvent, superseded

if TYPE_CHECKING:  # pragma: no cover
    from workbench.codebook.model import Codebook
    from workbench.store import Store

add("link_bad_source", nl="de bron {source} kan geen verband leggen", en="source {source} cannot make a link")
add("link_bad_sign", nl="de richting {sign} bestaat niet", en="sign {sign} does not exist")
add("link_bad_sign_fix", nl="gebruik 'more' (meer van het gevolg) of 'less' (minder)", en="use 'more' (more of the effect) or 'less'")
add("link_bad_strength", nl="de sterkte {strength} bestaat niet", en="strength {strength} does not exist")
add("link_bad_strength_fix", nl="gebruik 'weak', 'moderate' of 'strong', of laat hem weg", en="use 'weak', 'moderate' or 'strong', or leave it out")
add("link_same_code", nl="oorzaak en gevolg zijn dezelfde code '{code}'", en="cause and effect are the same code '{code}'")
add("link_same_code_fix", nl="kies twee verschillende codes", en="pick two different codes")
add("link_bad_spans", nl="de stukken tekst van oorzaak en gevolg zijn onleesbaar ({detail})", en="the cause and effect spans are not readable ({detail})")
add("link_bad_spans_fix", nl="geef {'cause': [begin, eind], 'effect': [begin, eind]}", en="pass {'cause': [start, end], 'effect': [start, end]}")
add("link_no_link", nl="{coder} heeft op dit stuk tekst geen verband {cause} -> {effect}", en="{coder} has no link {cause} -> {effect} on this span")
add("link_no_link_fix", nl="links_frame(store) toont de huidige verbanden", en="see links_frame(store) for the current links")
add("link_no_suggestion", nl="geen openstaand voorstel voor het verband {cause} -> {effect} op dit stuk tekst", en="no pending suggested link {cause} -> {effect} on this span")
add(
    "link_no_suggestion_fix",
    nl="links_frame(store, include_suggestions=True) toont de openstaande voorstellen",
    en="see links_frame(store, include_suggestions=True) for the open suggestions",
)

LINK_FRAME_COLUMNS = [
    "doc_id", "doc_version", "start", "end", "cause", "effect", "sign", "strength", "coder", "source",
    "codebook_version", "memo", "applied_at", "needs_recoding", "confidence", "rationale",
]


def _spans_json(spans: dict[str, Any] | None, where: str) -> str | None:
    if spans is None:
        return None
    try:
        clean = {k: [int(spans[k][0]), int(spans[k][1])] for k in ("cause", "effect") if k in spans}
        if set(spans) - {"cause", "effect"} or any(not 0 <= s < e for s, e in clean.values()):
            raise ValueError(", ".join(sorted(spans)))
    except (TypeError, ValueError, IndexError, KeyError) as err:
        raise CodingError(where, t("link_bad_spans", detail=str(err) or type(err).__name__), t("link_bad_spans_fix")) from None
    return json.dumps(clean, sort_keys=True)


def _check_link(store: Store, codebook: Codebook, doc_id: str, doc_version: int, start: int, end: int, cause: str, effect: str, sign: str, strength: str | None) -> None:
    where = f"{doc_id} v{doc_version} [{start}:{end}]"
    if sign not in LINK_SIGNS:
        raise CodingError(where, t("link_bad_sign", sign=repr(sign)), t("link_bad_sign_fix"))
    if strength is not None and strength not in LINK_STRENGTHS:
        raise CodingError(where, t("link_bad_strength", strength=repr(strength)), t("link_bad_strength_fix"))
    if cause == effect:
        raise CodingError(where, t("link_same_code", code=cause), t("link_same_code_fix"))
    _check_span(store, doc_id, doc_version, start, end)
    check_codable(store, codebook, cause)
    check_codable(store, codebook, effect)


def apply_link(
    store: Store,
    codebook: Codebook,
    *,
    doc_id: str,
    doc_version: int,
    start: int,
    end: int,
    cause: str,
    effect: str,
    coder: str,
    sign: str = "more",
    strength: str | None = None,
    spans: dict[str, Any] | None = None,
    source: str = "manual",
    confidence: float | None = None,
    rationale: str | None = None,
    memo: str | None = None,
    codebook_version: int | None = None,
    payload: dict[str, Any] | None = None,
) -> int:
    """Link ``cause`` to ``effect`` on a span (the claim); returns the event id.

    ``source`` is ``manual`` for a person and ``suggested`` for a suggester (coder
    ``suggester:name@version``); :func:`accept_link` stores ``accepted``. Both codes must be
    codable now (an old id names the code to use instead).
    """
    if source not in ("manual", "suggested", "accepted"):
        raise CodingError(None, t("link_bad_source", source=repr(source)), t("coding_bad_source_fix"))
    _check_coder(coder, source)
    if confidence is not None and not 0.0 <= float(confidence) <= 1.0:
        raise CodingError(None, t("coding_bad_confidence", value=repr(confidence)), t("coding_bad_confidence_fix"))
    with store.transaction():
        store.lock_for_coding(doc_id)
        _check_link(store, codebook, doc_id, doc_version, start, end, cause, effect, sign, strength)
        version = _version(store, codebook, codebook_version)
        return store.append_link_event(
            kind="link", doc_id=doc_id, doc_version=doc_version, start=start, end=end, cause=cause, effect=effect, coder=coder,
            source=source, sign=sign, strength=strength, spans=_spans_json(spans, f"{doc_id} v{doc_version} [{start}:{end}]"),
            confidence=confidence, rationale=rationale, memo=memo, codebook_version=version, payload=payload,
        )


def remove_link(store: Store, *, doc_id: str, doc_version: int, start: int, end: int, cause: str, effect: str, coder: str, memo: str | None = None) -> int:
    """Take ``coder``'s link ``cause -> effect`` off a span; returns the event id."""
    _check_coder(coder, "suggested" if is_suggester(coder) else "manual")
    with store.transaction():
        store.lock_for_coding(doc_id)
        aliases = store.code_aliases()
        c, e = resolve_alias(aliases, cause), resolve_alias(aliases, effect)
        if store.find_link((doc_id, doc_version, start, end, c, e, coder)) is None:
            raise CodingError(f"{doc_id} v{doc_version} [{start}:{end}]", t("link_no_link", coder=coder, cause=cause, effect=effect), t("link_no_link_fix"))
        latest = store.latest_codebook_version()
        return store.append_link_event(
            kind="unlink", doc_id=doc_id, doc_version=doc_version, start=start, end=end, cause=c, effect=e, coder=coder, source="manual",
            memo=memo, codebook_version=latest.number if latest is not None else None,
        )


def _pending_link(store: Store, span: tuple[str, int, int, int], cause: str, effect: str, suggester: str | None) -> Link:
    aliases = store.code_aliases()
    c, e = resolve_alias(aliases, cause), resolve_alias(aliases, effect)
    found = store.pending_link_suggestions(span, c, e, suggester)
    if not found:
        raise CodingError(f"{span[0]} v{span[1]} [{span[2]}:{span[3]}]", t("link_no_suggestion", cause=cause, effect=effect), t("link_no_suggestion_fix"))
    return found[0]


def accept_link(
    store: Store, codebook: Codebook, *, doc_id: str, doc_version: int, start: int, end: int, cause: str, effect: str, coder: str,
    suggester: str | None = None, sign: str | None = None, strength: str | None = None, memo: str | None = None,
) -> int:
    """A person accepts a suggested link: their link is stored with source ``accepted`` (the
    suggestion's reason kept as its rationale)."""
    with store.transaction():
        store.lock_for_coding(doc_id)
        s = _pending_link(store, (doc_id, doc_version, start, end), cause, effect, suggester)
        return apply_link(
            store, codebook, doc_id=doc_id, doc_version=doc_version, start=start, end=end, cause=s.cause, effect=s.effect, coder=coder,
            sign=sign or s.sign, strength=strength or s.strength, spans=json.loads(s.spans) if s.spans else None, source="accepted",
            confidence=s.confidence, rationale=s.rationale, memo=memo, payload={"suggester": s.coder, "suggestion_event": s.event_id},
        )


def reject_link(
    store: Store, *, doc_id: str, doc_version: int, start: int, end: int, cause: str, effect: str, coder: str,
    suggester: str | None = None, memo: str | None = None,
) -> int:
    """A person rejects a suggested link (kept as an ``unlink`` event with source ``rejected``)."""
    _check_coder(coder, "manual")
    with store.transaction():
        store.lock_for_coding(doc_id)
        s = _pending_link(store, (doc_id, doc_version, start, end), cause, effect, suggester)
        return store.append_link_event(
            kind="unlink", doc_id=doc_id, doc_version=doc_version, start=start, end=end, cause=s.cause, effect=s.effect, coder=coder,
            source="rejected", memo=memo, codebook_version=s.codebook_version, payload={"suggester": s.coder, "suggestion_event": s.event_id},
        )


# -- replay: the reference for the current links ----------------------------------------
LinkKey = tuple[str, int, int, int, str, str, str]


class LinkReplay:
    """The links a sequence of link events and codebook revisions leads to."""

    def __init__(self) -> None:
        self.links: dict[LinkKey, Link] = {}
        self.codes = ReplayState()  # aliases and splits, exactly as the codings' replay keeps them

    def revise(self, ev: Any) -> None:
        src: Any = ev.payload.get("from")
        dst: Any = ev.payload.get("into")
        if ev.kind in ("rename", "merge"):
            sources = [src] if ev.kind == "rename" else list(src)
            self._move(sources, dst)
            self.codes.move(sources, dst)
        elif ev.kind == "split":
            self.codes.split_into[src] = set(dst or ())
            for key, link in list(self.links.items()):
                if src in (link.cause, link.effect):
                    self.links[key] = replace(link, needs_recoding=True)

    def _move(self, sources: list[str], into: str) -> None:
        moved: dict[LinkKey, list[Link]] = {}
        keep: dict[LinkKey, Link] = {}
        for key, link in self.links.items():
            if link.cause in sources or link.effect in sources:
                new = replace(link, cause=into if link.cause in sources else link.cause, effect=into if link.effect in sources else link.effect)
                moved.setdefault(new.key, []).append(new)
            else:
                keep[key] = link
        for key, group in moved.items():
            existing = keep.get(key)
            candidates = ([existing] if existing is not None else []) + group
            first = min(candidates, key=lambda c: c.event_id)
            keep[key] = replace(first, needs_recoding=all(c.needs_recoding for c in candidates))
        self.links = keep

    def apply(self, ev: LinkEvent) -> None:
        cause, effect = self.codes.resolve(ev.cause), self.codes.resolve(ev.effect)
        span = (ev.doc_id, ev.doc_version, ev.start, ev.end)
        suggester = (ev.payload or {}).get("suggester")
        if ev.kind == "link":
            if ev.source == "accepted":
                self._close(span, cause, effect, suggester)
            link = Link(
                *span, cause, effect, ev.coder, ev.source, ev.sign, ev.strength, ev.spans, ev.codebook_version, ev.memo, ev.created_at,
                False, ev.confidence, ev.rationale, ev.id,
            )
            self.links[link.key] = link
            for key, old in list(self.links.items()):
                if old.span == span and old.coder == ev.coder and superseded(old, cause, effect, self.codes.split_into):
                    del self.links[key]
        elif ev.source == "rejected":
            self._close(span, cause, effect, suggester)
        else:
            self.links.pop((*span, cause, effect, ev.coder), None)

    def _close(self, span: tuple[str, int, int, int], cause: str, effect: str, suggester: str | None) -> None:
        for key, link in list(self.links.items()):
            if link.span == span and (link.cause, link.effect) == (cause, effect) and link.is_suggestion and suggester in (None, link.coder):
                del self.links[key]


def replay_links(link_events: list[LinkEvent], revisions: list[Any]) -> LinkReplay:
    """Replay link events and codebook revision events: each link event comes after the
    revisions it saw (``after_revision``) and before the later ones."""
    order: list[tuple[int, int, int, Any]] = [(r.id, 0, 0, r) for r in revisions]
    order += [(e.after_revision, 1, e.id, e) for e in link_events]
    state = LinkReplay()
    for _, is_link, _, ev in sorted(order, key=lambda x: x[:3]):
        if is_link:
            state.apply(ev)
        else:
            state.revise(ev)
    return state


def replayed_links(store: Store) -> list[Link]:
    """Every current link (suggestions included) by replay: the reference for the table."""
    state = replay_links(store.link_events(), store.revision_events())
    return sorted(state.links.values(), key=lambda link: link.key)


# -- reading ------------------------------------------------------------------------------
def current_links(store: Store, **filters: Any) -> list[Link]:
    """The links as they are now (people's; suggestions with ``include_suggestions=True``)."""
    return store.current_links(**filters)


def links_frame(store: Store, **filters: Any) -> Any:
    """:func:`current_links` as a DataFrame with the columns of ``LINK_FRAME_COLUMNS``."""
    import pandas as pd

    rows = [{c: getattr(link, c) for c in LINK_FRAME_COLUMNS} for link in store.current_links(**filters)]
    return pd.DataFrame(rows, columns=LINK_FRAME_COLUMNS)
