"""Pathways on the review page (issue 20): "klopt dit verband?" for the links of one initiative.

A co-researcher sees the links people coded in their initiative's stories (cause -> effect,
counted by source, with up to two of its quotes, never a flagged one) and says whether the
link is right (``yes`` / ``partly`` / ``no``) with a comment. Verdicts are stored per
reviewer like the themes' (``link_reviews``); reports show them.

Example:
    >>> view = open_view(study.store, token)                                   # doctest: +SKIP
    >>> p = view.pathways()[0]; view.set_pathway_verdict(p.key, "partly", "soms")  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.i18n import add

if TYPE_CHECKING:
    from workbench.review.themes import ReviewQuote
    from workbench.store import Store

add("review_tab_pathways", nl="4. Verbanden", en="4. Pathways")
add(
    "review_pathways_intro",
    nl="Hier staan de verbanden die onderzoekers in de verhalen van uw initiatief vonden: wat leidde tot wat. Klopt dit verband? "
       "Kies ja, deels of nee, en zeg gerust waarom.",
    en="These are the links researchers found in your initiative's stories: what led to what. Is this link right? "
       "Choose yes, partly or no, and feel free to say why.",
)
add("review_no_pathways", nl="Er zijn nog geen verbanden gecodeerd voor uw initiatief.", en="No links have been coded for your initiative yet.")
add("review_pathway_question", nl="Klopt dit verband?", en="Is this link right?")
add("review_pathway_yes", nl="ja", en="yes")
add("review_pathway_partly", nl="deels", en="partly")
add("review_pathway_no", nl="nee", en="no")
add("review_pathway_sources", nl="verteld in {n} verhaal/verhalen", en="told in {n} story/stories")
add("review_pathway_more", nl="meer", en="more")
add("review_pathway_less", nl="minder", en="less")
add("review_pathway_mixed", nl="wisselend", en="mixed")
add("review_not_here_pathway", nl="het verband '{key}' hoort niet bij dit initiatief", en="link '{key}' is not part of this initiative's review")

MAX_PATHWAY_QUOTES = 2


@dataclass(frozen=True)
class ReviewPathway:
    """One link of the initiative as a co-researcher sees it."""

    cause: str
    effect: str
    cause_label: str
    effect_label: str
    sign: str
    n_sources: int
    quotes: tuple[ReviewQuote, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.cause}->{self.effect}"


def labels_of(store: Store, lang: str) -> dict[str, str]:
    """Code labels of the latest stored codebook in ``lang`` (ids when there is none)."""
    from workbench.codebook.yaml_io import parse_codebook

    latest = store.latest_codebook_version()
    if latest is None:
        return {}
    codebook = parse_codebook(latest.yaml)
    return {c.id: c.get_label(lang) for c in codebook.codes}


def initiative_pathways(store: Store, initiative: str, docs: dict[str, Any], flags: Any, lang: str) -> list[ReviewPathway]:
    """The initiative's links (people's, on current documents), most sources first, each with
    up to two quotes from its own documents, flagged passages never."""
    from workbench.pathways import edges, links_table
    from workbench.review.themes import ReviewQuote

    frame = links_table(store, initiative=initiative)
    if frame.empty:
        return []
    frame = frame[[docs.get(d) is not None and docs[d].version == v for d, v in zip(frame["document"], frame["doc_version"])]]
    labels = labels_of(store, lang)
    out = []
    for e in edges(frame).itertuples(index=False):
        quotes: list[ReviewQuote] = []
        rows = frame[(frame["cause"] == e.cause) & (frame["effect"] == e.effect)]
        for r in rows.itertuples(index=False):
            span = (r.document, int(r.doc_version), int(r.start), int(r.end))
            if flags.hides(span) or any(q.doc_id == r.document for q in quotes):
                continue
            text = docs[r.document].text[r.start : r.end].strip()
            quotes.append(ReviewQuote(*span, text, docs[r.document].role))
            if len(quotes) == MAX_PATHWAY_QUOTES:
                break
        out.append(ReviewPathway(e.cause, e.effect, labels.get(e.cause, e.cause), labels.get(e.effect, e.effect), e.sign, int(e.n_sources), tuple(quotes)))
    return out
