"""The reports' section on impact pathways (issue 20): how the initiative makes a difference.

- :func:`impact_pathways` in an initiative report: the initiative's map of coded links
  (counted by source), the three strongest chains to an outcome with one quote each (never a
  quote a co-researcher flagged), and the co-researchers' verdicts on its pathways.
- The same function in the cross report compares pathways across initiatives: the links
  told in most sources, with their number of sources per initiative, and the map of all.

The links are read from the study when the section is made (the report's snapshot of
documents, codebook and flags is :class:`~workbench.reports.data.ReportData`); a study
without coded links gets a plain note saying so.

Example:
    >>> from workbench import reports
    >>> reports.impact_pathways(reports.load_report(".", initiative="Voorzorgcirkels"))   # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from workbench.i18n import add
from workbench.reports import figures
from workbench.reports.data import Quote, ReportData
from workbench.reports.sections import Section, Table
from workbench.reports.texts import t

add("report_pathways", nl="Hoe het initiatief verschil maakt", en="How the initiative makes a difference")
add("report_pathways_cross", nl="Hoe de initiatieven verschil maken: de verbanden vergeleken", en="How the initiatives make a difference: pathways compared")
add(
    "report_pathways_text",
    nl="Wat leidde tot wat, zoals de mensen het vertelden: elk verband is een gecodeerde uitspraak dat het ene tot het andere leidde. "
       "Een cirkel is een factor, een pijl een verband; hoe dikker de pijl, hoe meer bronnen (documenten of respondenten) het vertellen. "
       "Geteld per bron, niet per keer dat het gezegd werd. Blauw: meer; oranje gestreept: minder.",
    en="What led to what, as people told it: each link is a coded statement that one thing led to another. "
       "A circle is a factor, an arrow a link; the thicker the arrow, the more sources (documents or respondents) tell it. "
       "Counted by source, not by how often it was said. Blue: more; orange dashed: less.",
)
add(
    "report_pathways_cross_text",
    nl="De verbanden die de meeste bronnen noemen, met per initiatief het aantal bronnen dat ze vertelt, en de kaart van alle initiatieven samen "
       "(verbanden uit minstens {min_sources} bronnen).",
    en="The links told by most sources, with per initiative the number of sources that tell them, and the map of all initiatives together "
       "(links from at least {min_sources} sources).",
)
add("report_pathways_none", nl="Nog geen gecodeerde verbanden (wat leidde tot wat) voor dit rapport.", en="No coded links (what led to what) for this report yet.")
add("report_pathways_paths", nl="De sterkste paden naar een uitkomst", en="The strongest paths to an outcome")
add("report_pathways_path", nl="pad", en="path")
add("report_pathways_sources_whole", nl="bronnen die het hele pad vertellen", en="sources telling the whole path")
add("report_pathways_sources_weakest", nl="bronnen van de zwakste schakel", en="sources of the weakest link")
add("report_pathways_sign", nl="richting", en="sign")
add("report_pathways_link", nl="verband", en="link")
add("report_pathways_sources", nl="bronnen", en="sources")
add("report_pathways_verdicts", nl="oordeel van de medeonderzoekers", en="co-researchers' verdict")
add("report_pathways_verdict_line", nl="Klopt dit verband? {link}: {said} — {comments}", en="Is this link right? {link}: {said} — {comments}")
add("report_pathways_no_verdicts", nl="De medeonderzoekers hebben de verbanden nog niet beoordeeld.", en="The co-researchers have not yet reviewed the pathways.")
add("report_pathways_verdict_yes", nl="klopt", en="right")
add("report_pathways_verdict_partly", nl="deels", en="partly")
add("report_pathways_verdict_no", nl="klopt niet", en="not right")
add("report_pathways_map_title", nl="Verbanden in {scope}", en="Pathways in {scope}")
add("report_pathways_all", nl="alle initiatieven", en="all initiatives")
add("report_pathways_sign_more", nl="meer", en="more")
add("report_pathways_sign_less", nl="minder", en="less")
add("report_pathways_sign_mixed", nl="wisselend", en="mixed")

ARROW = " \u2192 "


@dataclass(frozen=True)
class _Span:
    """What :meth:`ReportData.quote` reads of a coding: a span and a code."""

    doc_id: str
    doc_version: int
    start: int
    end: int
    code_id: str

    @property
    def span(self) -> tuple[str, int, int, int]:
        return (self.doc_id, self.doc_version, self.start, self.end)


def _links(data: ReportData) -> Any:
    """People's current links of the report's documents (a links table, flagged quotes empty)."""
    from workbench.pathways import links_table
    from workbench.settings import Settings
    from workbench.store import Store

    store = Store.open(Settings.from_folder(data.root).db_url)
    try:
        frame = links_table(store, initiative=data.initiative)
        reviews = store.link_reviews(initiative=data.initiative) if data.initiative else []
    finally:
        store.close()
    current = {(d.id, d.version) for d in data.documents}
    keep = [(doc, v) in current for doc, v in zip(frame["document"], frame["doc_version"])]
    return frame[keep].reset_index(drop=True), reviews


def _map(frame: Any, data: ReportData, *, min_sources: int, scope: str) -> figures.Figure:
    from workbench.pathways import pathway_map

    labels = {c.id: c.get_label(data.lang) for c in data.codebook.codes}
    fig = pathway_map(frame, min_sources=min_sources, labels=labels)
    return figures._render(fig, t("report_pathways_map_title", data.lang, scope=scope) + ". " + str(getattr(fig, "alt", "")))


def strongest_paths(frame: Any, n: int = 3) -> list[Any]:
    """The ``n`` strongest chains that end in an outcome (a factor nothing else follows from
    in this map), each a row of :func:`workbench.pathways.paths`; a chain inside a stronger
    chosen one is left out."""
    import pandas as pd

    from workbench.pathways import paths

    outcomes = sorted(set(frame["effect"]) - set(frame["cause"]))
    found = [paths(frame, to=o) for o in outcomes]
    if not found:
        return []
    every = pd.concat(found, ignore_index=True)
    every = every.sort_values(["min_link_sources", "n_sources", "length", "text"], ascending=[False, False, False, True], kind="stable")
    chosen: list[Any] = []
    for row in every.itertuples(index=False):
        if any(row.text in c.text or c.text.endswith(row.text) for c in chosen):
            continue
        chosen.append(row)
        if len(chosen) == n:
            break
    return chosen


def _quote_for(frame: Any, data: ReportData, path: Any) -> Quote | None:
    """One quote for a chain: the link into the outcome, from a source telling the whole
    chain when there is one; never a flagged quote."""
    cause, effect = path.path[-2], path.path[-1]
    rows = frame[(frame["cause"] == cause) & (frame["effect"] == effect) & frame["quotable"]]
    if len(rows) == 0:
        return None
    whole = set(path.documents)
    rows = rows.assign(_whole=[d in whole for d in rows["document"]]).sort_values(["_whole", "document"], ascending=[False, True])
    for r in rows.itertuples(index=False):
        q = data.quote(_Span(r.document, int(r.doc_version), int(r.start), int(r.end), effect))  # type: ignore[arg-type]
        if q is not None:
            return q
    return None


def _verdict_words(reviews: list[Any], lang: str) -> str:
    counts = Counter(r.verdict for r in reviews if r.verdict)
    return ", ".join(f"{t('report_pathways_verdict_' + v, lang)} {counts[v]}" for v in ("yes", "partly", "no") if counts.get(v))


def _verdict_notes(reviews: list[Any], lang: str, label: Any, n: int = 5) -> tuple[str, ...]:
    """One line per reviewed link: what the co-researchers said and their comments."""
    by: dict[tuple[str, str], list[Any]] = {}
    for r in reviews:
        by.setdefault((r.cause, r.effect), []).append(r)
    out = []
    for (cause, effect), group in sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:n]:
        comments = " | ".join(f"“{r.comment}”" for r in group if r.comment)
        said = _verdict_words(group, lang) or "-"
        out.append(t("report_pathways_verdict_line", lang, link=label(cause) + ARROW + label(effect), said=said, comments=comments or ""))
    return tuple(line.rstrip(" —") for line in out)


def impact_pathways(data: ReportData, *, min_sources: int = 1, cross_min_sources: int = 2) -> Section:
    """The pathways section: for one initiative its map, strongest paths (with the
    co-researchers' verdicts on their links) and one quote each; across initiatives the most
    told links per initiative and the map of all."""
    lang = data.lang
    frame, reviews = _links(data)
    key_title = t("report_pathways", lang) if data.initiative else t("report_pathways_cross", lang)
    if frame.empty:
        return Section("pathways", key_title, notes=(t("report_pathways_none", lang),), lang=lang)
    if data.initiative is None:
        return _cross(data, frame, key_title, cross_min_sources)
    label = data.label
    fig = _map(frame, data, min_sources=min_sources, scope=data.initiative)
    chosen = strongest_paths(frame)
    rows = []
    for p in chosen:
        on_path = [r for r in reviews if (r.cause, r.effect) in set(zip(p.path, p.path[1:]))]
        rows.append((
            ARROW.join(label(c) for c in p.path), t("report_pathways_sign_" + p.sign, lang), str(p.n_sources), str(p.min_link_sources),
            _verdict_words(on_path, lang) or "-",
        ))
    table = Table(
        (t("report_pathways_path", lang), t("report_pathways_sign", lang), t("report_pathways_sources_whole", lang),
         t("report_pathways_sources_weakest", lang), t("report_pathways_verdicts", lang)),
        tuple(rows),
    )
    quotes = []
    codes = {}
    for p in chosen:
        q = _quote_for(frame, data, p)
        if q is not None:
            quotes.append(q)
            codes[q.key] = ARROW.join(label(c) for c in p.path)
    notes = _verdict_notes(reviews, lang, label) if reviews else (t("report_pathways_no_verdicts", lang),)
    meta: dict[str, Any] = {"codes": codes, "paths": [list(p.path) for p in chosen]}
    return Section("pathways", key_title, t("report_pathways_text", lang), figure=fig, table=table, quotes=tuple(quotes), notes=notes, lang=lang, meta=meta)


def _cross(data: ReportData, frame: Any, key_title: str, min_sources: int) -> Section:
    from workbench.pathways import edges

    lang = data.lang
    label = data.label
    overall = edges(frame)
    top = overall.head(10)
    per: dict[str, Any] = {ini: edges(frame[frame["initiative"] == ini]) for ini in data.initiatives}
    rows = []
    for row in top.itertuples(index=False):
        counts = []
        for ini in data.initiatives:
            e = per[ini]
            hit = e[(e["cause"] == row.cause) & (e["effect"] == row.effect)]
            counts.append(str(int(hit.iloc[0]["n_sources"])) if len(hit) else "")
        rows.append((label(row.cause) + ARROW + label(row.effect), str(row.n_sources), *counts))
    table = Table((t("report_pathways_link", lang), t("report_pathways_sources", lang), *data.initiatives), tuple(rows))
    fig = _map(frame, data, min_sources=min_sources, scope=t("report_pathways_all", lang))
    return Section("pathways", key_title, t("report_pathways_cross_text", lang, min_sources=min_sources), figure=fig, table=table, lang=lang)
