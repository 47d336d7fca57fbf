"""Suggested links from Dutch causal cues: two coded passages of one turn joined by a cue.

A speaker who says *"Sinds ik op dinsdag kom kaarten voel ik me minder alleen"* or *"Iemand
uit de cirkel komt bij hem zitten, daardoor kan ik een middag weg"* tells what led to what.
Where such a cue stands in a turn (a speaker turn, or a paragraph of a story or a survey
answer) between two passages that people coded, the suggester proposes a link from the code
on the cause side to the code on the effect side, with the cue as its reason.

- Forward cues (cause before, effect after): *daardoor, waardoor, hierdoor, zodat, dus,
  daarom, sindsdien, zorgt ervoor dat, maakt dat, dat geeft me, zo kan/hoef/voel ik,
  nu ... weer*.
- Backward cues (effect before, cause after): *omdat, doordat, dankzij, sinds, want,
  vanwege*. At the start of a sentence (*Sinds X, Y*; *Dankzij X ...*; *Zonder X ... niet*)
  the cause is the clause right after the cue and the effect what follows.

Where a code sits inside a coded passage is where one of its keywords or patterns occurs
(lemmas, so *eenzame* finds *eenzaam*); a coding without such a word counts as its whole
passage, and when that passage holds the cue the code may stand on either side: it takes
the side opposite a code whose place is known, and when neither place is known the links
people already coded decide (a code people mostly name as an effect is taken as the effect;
with no such links the pair is left alone). Suggestions are stored as suggestions (coder ``suggester:cues@1``), never as a
person's link; a person accepts (:func:`workbench.coding.links.accept_link`) or rejects
them. A link a person already made, a suggestion still open, and one a person rejected are
not suggested again.

Example:
    >>> found = suggest_links(study)                    # doctest: +SKIP
    >>> found[0].cause, found[0].effect, found[0].reason   # doctest: +SKIP
    ('pg-meedoen', 'eenzaamheid-verbinding', "'sinds': het gevolg staat ervoor, de oorzaak erna")
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.i18n import add, t

if TYPE_CHECKING:  # pragma: no cover
    from workbench.codebook.model import Codebook
    from workbench.corpus.model import Segment
    from workbench.store import Store

add("link_reason_forward", nl="'{cue}': de oorzaak staat ervoor, het gevolg erna", en="'{cue}': the cause comes before it, the effect after")
add("link_reason_backward", nl="'{cue}': het gevolg staat ervoor, de oorzaak erna", en="'{cue}': the effect comes before it, the cause after")
add("link_reason_fronted", nl="'{cue}' vooraan: eerst de oorzaak, dan het gevolg", en="'{cue}' in front: first the cause, then the effect")

SUGGESTER = "suggester:cues@1"


@dataclass(frozen=True)
class Cue:
    """A causal cue: its pattern, which way it points, and how sure it makes a link."""

    pattern: re.Pattern[str]
    direction: str  # forward | backward
    confidence: float


def _cue(regex: str, direction: str, confidence: float) -> Cue:
    return Cue(re.compile(regex, re.IGNORECASE), direction, confidence)


#: Dutch causal cues. Confidence: how often such a cue joins a cause and its effect in
#: speech (a plain *want* or *dus* often joins reasons and conclusions, not causes).
CUES: tuple[Cue, ...] = (
    _cue(r"\b(daardoor|waardoor|hierdoor|doordoor)\b", "forward", 0.8),
    _cue(r"\bzorg(t|de|en)? ervoor dat\b", "forward", 0.8),
    _cue(r"\bmaakt(e)? dat\b", "forward", 0.6),
    _cue(r"\b(dat|het) geeft (me|mij|hem|haar|ons)\b", "forward", 0.6),
    _cue(r"\bzodat\b", "forward", 0.6),
    _cue(r"\bsindsdien\b", "forward", 0.6),
    _cue(r"\bnu\b[^.!?\n]{0,40}?\bweer\b", "forward", 0.6),
    _cue(r"\bzo (kan|kon|hoef|hoefde|voel|voelde|ben|heb|durf)\b", "forward", 0.5),
    _cue(r"\b(daarom|dus)\b", "forward", 0.4),
    _cue(r"\b(doordat|dankzij)\b", "backward", 0.8),
    _cue(r"\bomdat\b", "backward", 0.7),
    _cue(r"\bsinds\b", "backward", 0.6),
    _cue(r"\bvanwege\b", "backward", 0.6),
    _cue(r"\bzonder\b", "backward", 0.5),
    _cue(r"\bwant\b", "backward", 0.4),
)


@dataclass(frozen=True)
class LinkSuggestion:
    """A proposed link: span of the claim, cause and effect codes, their passages, the cue."""

    doc_id: str
    doc_version: int
    start: int
    end: int
    cause: str
    effect: str
    cause_span: tuple[int, int]
    effect_span: tuple[int, int]
    cue: str
    reason: str
    confidence: float


Interval = tuple[int, int]


def _evidence(text: str, offset: int, start: int, end: int, forms: set[str], patterns: Sequence[re.Pattern[str]]) -> list[Interval]:
    """Where in the coded passage ``[start, end)`` its code shows: keyword (lemma) and
    pattern hits, in document offsets; the whole passage when nothing shows."""
    from workbench.coding.retrieve import _token_lemmas

    piece = text[start - offset : end - offset]
    hits = [(start + s, start + e) for s, e, lemma in _token_lemmas(piece) if lemma in forms or piece[s:e].lower() in forms]
    for p in patterns:
        hits += [(start + m.start(), start + m.end()) for m in p.finditer(piece)]
    return sorted(hits) or [(start, end)]


def _inside(intervals: list[Interval], zone: Interval) -> Interval | None:
    for s, e in intervals:
        if zone[0] <= s and e <= zone[1]:
            return (s, e)
    return None


def _zones(cue: Cue, found: re.Match[str], sentences: list[Interval], turn_text: str, offset: int) -> tuple[Interval, Interval, str]:
    """The cause zone and the effect zone of one cue in a turn (document offsets), and the
    key of its reason."""
    c0, c1 = offset + found.start(), offset + found.end()
    j = next(i for i, (s, e) in enumerate(sentences) if s <= c0 < e)
    s_start, s_end = sentences[j]
    prev_start = sentences[j - 1][0] if j > 0 else s_start
    next_end = sentences[j + 1][1] if j + 1 < len(sentences) else s_end
    before_words = turn_text[s_start - offset : c0 - offset].split()
    if cue.direction == "forward":
        return (prev_start, c0), (c1, s_end if s_end > c1 + 1 else next_end), "link_reason_forward"
    if len(before_words) <= 1:  # fronted: "Sinds X, Y" / "Dankzij X ... . Y"
        comma = turn_text.find(",", c1 - offset, s_end - offset)
        if comma >= 0:
            return (c1, offset + comma), (offset + comma, s_end), "link_reason_fronted"
        return (c1, s_end), (s_end, next_end), "link_reason_fronted"
    # a cue after only a few words ("En dat omdat ..."): the effect may be the sentence before
    return (c1, s_end), (prev_start if len(before_words) < 4 else s_start, c0), "link_reason_backward"


def _flexible(evidence: dict[tuple[str, int, int], list[Interval]], cue_at: int) -> list[tuple[str, Interval]]:
    """Codes placed only by their whole passage, a passage that holds the cue: either side."""
    return [(code, (s, e)) for (code, s, e), ev in evidence.items() if ev == [(s, e)] and s <= cue_at < e]


def _pairs(
    causes: list[tuple[str, Interval]], effects: list[tuple[str, Interval]], flexible: list[tuple[str, Interval]], prior: dict[str, float],
) -> list[tuple[str, Interval, str, Interval, float]]:
    """(cause, its place, effect, its place, confidence factor): placed pairs first; a flexible
    code takes the side opposite a placed one; two flexible codes go by ``prior`` (the share
    of people's links naming the code as an effect), at a lower confidence."""
    out = [(c, ch, e, eh, 1.0) for c, ch in causes for e, eh in effects]
    out += [(f, fh, e, eh, 0.8) for f, fh in flexible for e, eh in effects]
    out += [(c, ch, f, fh, 0.8) for c, ch in causes for f, fh in flexible]
    for i, (a, ah) in enumerate(flexible):
        for b, bh in flexible[i + 1 :]:
            pa, pb = prior.get(a), prior.get(b)
            if pa is None or pb is None or pa == pb:
                continue
            out.append((a, ah, b, bh, 0.6) if pb > pa else (b, bh, a, ah, 0.6))
    return [p for p in out if p[0] != p[2]]


def effect_prior(links: Sequence[Any]) -> dict[str, float]:
    """Per code: the share of the given (people's) links that name it as the effect."""
    counts: dict[str, list[int]] = {}
    for x in links:
        counts.setdefault(x.cause, [0, 0])[0] += 1
        counts.setdefault(x.effect, [0, 0])[1] += 1
    return {code: effect / (cause + effect) for code, (cause, effect) in counts.items()}


def _turn_suggestions(
    text: str, turn: Segment, sentences: list[Interval], coded: list[tuple[str, int, int]], forms: dict[str, set[str]],
    patterns: dict[str, list[re.Pattern[str]]], prior: dict[str, float],
) -> list[LinkSuggestion]:
    turn_text = text[turn.start : turn.end]
    evidence = {(code, s, e): _evidence(text, 0, s, e, forms.get(code, set()), patterns.get(code, [])) for code, s, e in coded}
    out: dict[tuple[int, int, str, str], LinkSuggestion] = {}
    for cue in CUES:
        for found in cue.pattern.finditer(turn_text):
            cause_zone, effect_zone, reason_key = _zones(cue, found, sentences, turn_text, turn.start)
            causes = [(code, hit) for (code, s, e), ev in evidence.items() if (hit := _inside(ev, cause_zone))]
            effects = [(code, hit) for (code, s, e), ev in evidence.items() if (hit := _inside(ev, effect_zone))]
            flexible = _flexible(evidence, turn.start + found.start())
            word = " ".join(found.group(0).lower().split())
            for cause, c_hit, effect, e_hit, factor in _pairs(causes, effects, flexible, prior):
                lo, hi = min(c_hit[0], e_hit[0], turn.start + found.start()), max(c_hit[1], e_hit[1], turn.start + found.end())
                start = max(s for s, _ in sentences if s <= lo)
                end = min(e for _, e in sentences if e >= hi)
                key = (start, end, cause, effect)
                confidence = round(cue.confidence * factor, 2)
                if key not in out or out[key].confidence < confidence:
                    out[key] = LinkSuggestion(
                        turn.doc_id, turn.doc_version, start, end, cause, effect, c_hit, e_hit, word, str(t(reason_key, cue=word)), confidence,
                    )
    return list(out.values())


def suggest_links(
    study: Any, *, coder: str | None = None, initiative: str | None = None, doc_ids: Sequence[str] | None = None,
    prior: dict[str, float] | None = None,
) -> list[LinkSuggestion]:
    """Propose links from causal cues between coded passages of one turn (nothing stored).

    Args:
        study: an open Study (its corpus, codebook and people's codings are read).
        coder: use only this person's codings (default: every person's).
        initiative: only this initiative's documents.
        doc_ids: only these documents.
        prior: per code, the share of links naming it as the effect (default: from the
            links people coded in the study, :func:`effect_prior`).

    Example:
        >>> [s.reason for s in suggest_links(study, initiative="Voorzorgcirkels")][:1]   # doctest: +SKIP
    """
    from workbench.coding.demo import keyword_forms

    codebook: Codebook = study.codebook
    store: Store = study.store
    forms = keyword_forms(codebook)
    patterns = {c.id: [re.compile(p, re.IGNORECASE) for p in c.patterns] for c in codebook.codes if c.patterns}
    active = {c.id for c in codebook.codes if c.is_active}
    wanted = set(doc_ids) if doc_ids is not None else None
    prior = effect_prior(store.current_links()) if prior is None else prior
    out: list[LinkSuggestion] = []
    for doc in store.documents(initiative=initiative):
        if wanted is not None and doc.id not in wanted:
            continue
        codings = [c for c in store.current_codings(doc_id=doc.id, doc_version=doc.version, coder=coder) if c.code_id in active]
        if len({c.code_id for c in codings}) < 2:
            continue
        segments = store.segments(doc.id, doc.version)
        sentences = [(s.start, s.end) for s in segments if s.unit == "sentence"]
        turns = [s for s in segments if s.unit == "turn" and not s.is_interviewer] or [s for s in segments if s.unit == "paragraph"]
        for turn in turns:
            inside = [se for se in sentences if turn.start <= se[0] and se[1] <= turn.end]
            coded = sorted({(c.code_id, c.start, c.end) for c in codings if turn.start <= c.start and c.end <= turn.end})
            if inside and len({code for code, _, _ in coded}) >= 2:
                out += _turn_suggestions(doc.text, turn, inside, coded, forms, patterns, prior)
    return sorted(out, key=lambda s: (s.doc_id, s.start, s.cause, s.effect))


def store_link_suggestions(study: Any, suggestions: Sequence[LinkSuggestion]) -> int:
    """Store suggestions as the suggester's (never a person's), skipping a link a person
    made on an overlapping passage, one still open, and one a person rejected. Returns the
    number stored."""
    store: Store = study.store
    _, version = study.load_codebook()
    people: dict[tuple[str, str, str], list[Any]] = {}
    for x in store.current_links():
        people.setdefault((x.doc_id, x.cause, x.effect), []).append(x)
    pending = {(x.doc_id, x.start, x.end, x.cause, x.effect) for x in store.current_links(only_suggestions=True)}
    rejected = {(e.doc_id, e.start, e.end, e.cause, e.effect) for e in store.link_events() if e.source == "rejected"}
    events = []
    for s in suggestions:
        key = (s.doc_id, s.start, s.end, s.cause, s.effect)
        made = people.get((s.doc_id, s.cause, s.effect), [])
        if key in pending or key in rejected or any(m.start < s.end and s.start < m.end for m in made):
            continue
        pending.add(key)
        events.append({
            "kind": "link", "doc_id": s.doc_id, "doc_version": s.doc_version, "start": s.start, "end": s.end, "cause": s.cause,
            "effect": s.effect, "coder": SUGGESTER, "source": "suggested", "sign": "more", "confidence": s.confidence, "rationale": s.reason,
            "spans": json.dumps({"cause": list(s.cause_span), "effect": list(s.effect_span)}, sort_keys=True), "codebook_version": version,
        })
    store.append_link_events(events)
    return len(events)
