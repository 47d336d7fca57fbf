"""The sections of a report: each a function of :class:`ReportData` returning a :class:`Section`.

A notebook cell calls one of them (``reports.codes_present(data)``); the section shows
itself as HTML (a heading, a short text, a figure as a ``data:`` URI, a table, quotes) and
carries the same content as JSON (mimetype :data:`MIME`) from which the PowerPoint deck is
built, so the page, the slides and the deck say the same thing.

Sections that depend on another part (themes, review, agreement) say plainly when that
part has no data yet.
"""

from __future__ import annotations

import html
from functools import partial
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

from workbench.i18n import has
from workbench.reports import figures
from workbench.reports.data import Quote, ReportData
from workbench.reports.texts import kind_label, role_label, t

MIME = "application/vnd.workbench.report-section+json"
VERDICT_ORDER = ("recognise", "partly", "not")
_text = partial(html.escape, quote=False)  # element text; attributes use html.escape


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def to_html(self) -> str:
        head = "".join(f"<th>{_text(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{_text(v)}</td>" for v in row) + "</tr>" for row in self.rows)
        return f'<table class="wb-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


@dataclass(frozen=True)
class Section:
    """One part of a report, rendered the same way in HTML, slides and PowerPoint."""

    key: str
    title: str
    text: str = ""
    figure: figures.Figure | None = None
    table: Table | None = None
    quotes: tuple[Quote, ...] = ()
    notes: tuple[str, ...] = ()  # "nog geen thema's" and other plain statements
    lang: str = "nl"
    level: int = 2
    meta: dict[str, Any] = field(default_factory=dict)

    # -- HTML ---------------------------------------------------------------------
    def _quote_html(self, q: Quote) -> str:
        who = " · ".join(x for x in (role_label(q.role, self.lang), kind_label(q.kind, self.lang), q.initiative or "") if x)
        if self.lang == "en":
            if q.translation:
                body = f"<p>{_text(q.translation)}</p>"
            else:
                body = f'<p lang="nl">{_text(q.text)}</p><p class="wb-untranslated">({_text(t("report_untranslated", self.lang))})</p>'
        else:
            body = f"<p>{_text(q.text)}</p>"
        code = self.meta.get("codes", {}).get(q.key)
        head = f'<p class="wb-quote-code">{_text(code)}</p>' if code else ""
        return f'<blockquote class="wb-quote" data-quote="{html.escape(q.key)}">{head}{body}<footer>— {_text(who)}</footer></blockquote>'

    def to_html(self) -> str:
        parts = [f'<div class="wb-section" id="wb-{self.key}">', f"<h{self.level}>{_text(self.title)}</h{self.level}>"]
        if self.text:
            parts.append(f'<p class="wb-lead">{_text(self.text)}</p>')
        for note in self.notes:
            parts.append(f'<p class="wb-note">{_text(note)}</p>')
        if self.figure is not None:
            parts.append(f'<figure><img class="wb-figure" src="{self.figure.data_uri}" alt="{html.escape(self.figure.alt)}"/></figure>')
        if self.table is not None and self.table.rows:
            parts.append(self.table.to_html())
        parts.extend(self._quote_html(q) for q in self.quotes)
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()

    # -- JSON for the PowerPoint deck -------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        import base64

        return {
            "key": self.key,
            "title": self.title,
            "text": self.text,
            "notes": list(self.notes),
            "lang": self.lang,
            "level": self.level,
            "figure": {"png": base64.b64encode(self.figure.png).decode("ascii"), "alt": self.figure.alt} if self.figure else None,
            "table": {"columns": list(self.table.columns), "rows": [list(r) for r in self.table.rows]} if self.table else None,
            "quotes": [
                {"key": q.key, "text": q.text, "translation": q.translation, "role": role_label(q.role, self.lang),
                 "kind": kind_label(q.kind, self.lang), "initiative": q.initiative}
                for q in self.quotes
            ],
            "meta": self.meta,
        }

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/html": self.to_html(), MIME: self.to_json(), "text/plain": self.title}


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%"


def _scope(data: ReportData) -> str:
    return data.initiative or t("report_all_initiatives", data.lang)


# -- both reports ------------------------------------------------------------------------
def title(data: ReportData) -> Section:
    """The opening: title, study, codebook version, date, what the material is."""
    lang = data.lang
    if data.initiative:
        head = t("report_title_initiative", lang, initiative=data.initiative)
        intro = t("report_intro_initiative", lang, n_docs=data.n_documents, initiative=data.initiative, codebook=data.codebook.get_title(lang))
    else:
        head = t("report_title_cross", lang, n=len(data.initiatives))
        intro = t("report_intro_cross", lang, n_docs=data.n_documents, n=len(data.initiatives), codebook=data.codebook.get_title(lang))
    sub = t("report_subtitle", lang, study=data.study_name, version=data.codebook_version, date=date.today().isoformat())
    return Section("title", head, intro, notes=(sub,), lang=lang, level=1)


def who_was_heard(data: ReportData) -> Section:
    """Documents per role and kind (per initiative in the cross report). No names."""
    lang = data.lang
    docs = data.docs_of(data.initiative)
    rows: list[tuple[str, ...]]
    if data.initiative:
        counts = Counter((role_label(d.role, lang), kind_label(d.kind, lang)) for d in docs)
        rows = [(r, k, str(n)) for (r, k), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        rows.append((t("report_total", lang), "", str(len(docs))))
        table = Table((t("report_role", lang), t("report_kind", lang), t("report_documents", lang)), tuple(rows))
        fig = figures.bars({r: n for r, n in Counter(role_label(d.role, lang) for d in docs).items()}, percent=False,
                           xlabel=t("report_documents", lang), alt=t("report_who_heard", lang))
    else:
        roles = sorted({role_label(d.role, lang) for d in docs})
        by = Counter((d.initiative or "-", role_label(d.role, lang)) for d in docs)
        rows = [
            (ini, *[str(by.get((ini, r), 0) or "") for r in roles], str(sum(by.get((ini, r), 0) for r in roles))) for ini in data.initiatives
        ]
        table = Table((t("report_initiative", lang), *roles, t("report_total", lang)), tuple(rows))
        fig = None
    return Section("who_was_heard", t("report_who_heard", lang), t("report_who_heard_text", lang), figure=fig, table=table, lang=lang)


def codes_present(data: ReportData, n: int = 6, quotes_per_code: int = 1) -> Section:
    """The codes found in most documents, with example quotes (people's codings only)."""
    lang = data.lang
    shares = data.code_shares(data.initiative)
    if not shares:
        return Section("codes_present", t("report_codes_present", lang), notes=(t("report_no_codings", lang),), lang=lang)
    frags = data.fragment_counts(data.initiative)
    skip = set(data.positive_health_codes)  # outcome codes have their own section
    top = [c for c, _ in sorted(shares.items(), key=lambda kv: (-kv[1], kv[0])) if c not in skip][:n]
    fig = figures.bars({data.label(c): shares[c] for c in top}, xlabel=t("report_share_docs", lang), alt=t("report_codes_present", lang) + ": " + ", ".join(data.label(c) for c in top))
    table = Table((t("report_code", lang), t("report_share_docs", lang), t("report_n_fragments", lang)), tuple((data.label(c), _pct(shares[c]), str(frags[c])) for c in top))
    return Section("codes_present", t("report_codes_present", lang), t("report_codes_present_text", lang), figure=fig, table=table, lang=lang)


def example_quotes(data: ReportData, n_codes: int = 4, per_code: int = 1) -> Section:
    """Example quotes for the codes most present: spans more coders agree on first, one per
    document; flagged quotes never, pseudonyms as [naam]; with --lang en the researcher's
    translation (or the Dutch original, marked as untranslated)."""
    lang = data.lang
    shares = data.code_shares(data.initiative)
    if not shares:
        return Section("example_quotes", t("report_example_quotes", lang), notes=(t("report_no_codings", lang),), lang=lang)
    skip = set(data.positive_health_codes)
    top = [c for c, _ in sorted(shares.items(), key=lambda kv: (-kv[1], kv[0])) if c not in skip][:n_codes]
    quotes: list[Quote] = []
    for c in top:
        quotes.extend(data.quotes_for(c, data.initiative, per_code))
    return Section("example_quotes", t("report_example_quotes", lang), t("report_example_quotes_text", lang), quotes=tuple(quotes), lang=lang,
                   meta={"codes": {q.key: data.label(q.code_id) for q in quotes}})


def positive_health(data: ReportData) -> Section:
    """Spider-web chart of the six Positive Health dimensions: share of stories touching each."""
    lang = data.lang
    codes = data.positive_health_codes
    if not codes:
        return Section("positive_health", t("report_positive_health", lang), notes=(t("report_positive_health_missing", lang),), lang=lang)
    labels = [data.label(c) for c in codes]
    if data.initiative:
        mine = data.code_shares(data.initiative)
        everyone = data.code_shares(None)
        series = {data.initiative: [mine.get(c, 0.0) for c in codes], t("report_all_initiatives", lang): [everyone.get(c, 0.0) for c in codes]}
        alt = ", ".join(f"{lab} {_pct(v)}" for lab, v in zip(labels, series[data.initiative]))
        fig = figures.spider(series, labels, alt=t("report_positive_health", lang) + ": " + alt)
        table = Table((t("report_code", lang), data.initiative, t("report_all_initiatives", lang)), tuple((lab, _pct(a), _pct(b)) for lab, a, b in zip(labels, *series.values())))
    else:
        series = {ini: [data.code_shares(ini).get(c, 0.0) for c in codes] for ini in data.initiatives}
        fig = figures.spider_grid(series, labels, alt=t("report_positive_health", lang))
        table = Table((t("report_initiative", lang), *labels), tuple((ini, *(_pct(v) for v in vals)) for ini, vals in series.items()))
    notes = () if any(any(v) for v in series.values()) else (t("report_no_codings", lang),)
    return Section("positive_health", t("report_positive_health", lang), t("report_positive_health_text", lang), figure=fig, table=table, notes=notes, lang=lang)


def themes(data: ReportData) -> Section:
    """Themes with the co-researchers' own names and verdicts (initiative) or shares (cross)."""
    lang = data.lang
    key_title = t("report_themes", lang) if data.initiative else t("report_themes_cross", lang)
    if not data.themes:
        return Section("themes", key_title, notes=(t("report_no_themes", lang),), lang=lang)
    ini = data.initiative
    if ini is not None:
        mine = [th for th in data.themes if th.share.get(ini, 0) > 0]
        here: str = ini
        mine.sort(key=lambda th: -th.share.get(here, 0))
        rows = tuple(
            (th.label, ", ".join(th.keywords[:5]), _pct(th.share.get(ini, 0)), " / ".join(th.own_names) or "-",
             ", ".join(f"{t('report_verdict_' + k, lang)} {v}" for k, v in sorted(th.verdicts.items(), key=lambda kv: VERDICT_ORDER.index(kv[0]) if kv[0] in VERDICT_ORDER else 9)) or "-")
            for th in mine
        )
        table = Table((t("report_theme", lang), t("report_keywords", lang), t("report_share", lang), t("report_own_name", lang), t("report_verdict", lang)), rows)
        notes = () if any(th.verdicts for th in mine) else (t("report_no_reviews", lang),)
        fig = figures.bars({th.label: th.share.get(ini, 0) for th in mine[:8]}, xlabel=t("report_share", lang), alt=key_title) if mine else None
        return Section("themes", key_title, figure=fig, table=table, notes=notes, lang=lang)
    order = [th.label for th in data.themes]
    shares = {ini: {th.label: th.share.get(ini, 0.0) for th in data.themes} for ini in data.initiatives}
    fig = figures.stacked_shares(shares, order, xlabel=t("report_share", lang), alt=key_title)
    distinct = []
    for ini in data.initiatives:
        others = [ini2 for ini2 in data.initiatives if ini2 != ini]
        best = max(data.themes, key=lambda th: th.share.get(ini, 0) - (sum(th.share.get(o, 0) for o in others) / max(1, len(others))))
        distinct.append((ini, best.label, _pct(best.share.get(ini, 0))))
    table = Table((t("report_initiative", lang), t("report_theme", lang), t("report_share", lang)), tuple(distinct))
    return Section("themes", key_title, figure=fig, table=table, lang=lang)


def msc(data: ReportData) -> Section:
    """Most Significant Change: the stories the panel chose, with their reasons."""
    lang = data.lang
    if not data.msc:
        return Section("msc", t("report_msc", lang), notes=(t("report_no_msc", lang),), lang=lang)
    chosen = [m for m in data.msc if data.initiative is None or m.initiative == data.initiative]
    if not chosen:
        return Section("msc", t("report_msc", lang), notes=(t("report_no_msc", lang),), lang=lang)
    rows = tuple((m.quote, m.reason, role_label(m.reviewer, lang)) for m in chosen)
    return Section("msc", t("report_msc", lang), t("report_msc_text", lang), table=Table((t("report_example_quote", lang), t("report_reason", lang), t("report_chosen_by", lang)), rows), lang=lang)


def compare(data: ReportData, n: int = 4) -> Section:
    """What this initiative shares with the others and where it differs (share of documents)."""
    lang = data.lang
    if data.initiative is None or len(data.initiatives) < 2:
        return Section("compare", t("report_compare", lang), notes=(t("report_only_one", lang),), lang=lang)
    mine = data.code_shares(data.initiative)
    others_docs = [d for d in data.documents if d.initiative and d.initiative != data.initiative]
    counts: Counter[str] = Counter()
    for d in others_docs:
        counts.update(data.doc_codes.get((d.id, d.version), ()))
    theirs = {c: k / len(others_docs) for c, k in counts.items()} if others_docs else {}
    if not mine and not theirs:
        return Section("compare", t("report_compare", lang), notes=(t("report_no_codings", lang),), lang=lang)
    codes = set(mine) | set(theirs)
    diff = {c: mine.get(c, 0.0) - theirs.get(c, 0.0) for c in codes}
    more = [c for c in sorted(codes, key=lambda c: -diff[c]) if diff[c] > 0.05][:n]
    less = [c for c in sorted(codes, key=lambda c: diff[c]) if diff[c] < -0.05][:n]
    shared = [c for c in sorted(codes, key=lambda c: -(min(mine.get(c, 0), theirs.get(c, 0)))) if abs(diff[c]) <= 0.05 and mine.get(c, 0) > 0][:n]
    rows: list[tuple[str, ...]] = []
    for label, group in ((t("report_more_here", lang), more), (t("report_shared", lang), shared), (t("report_less_here", lang), less)):
        rows.extend((label, data.label(c), _pct(mine.get(c, 0)), _pct(theirs.get(c, 0))) for c in group)
    ini = data.initiative
    others = [o for o in data.initiatives if o != ini]
    typical = _distinctive_themes(data, ini, others)[:3]  # themes far more present here than elsewhere
    for th in typical:
        rest = sum(th.share.get(o, 0.0) for o in others) / max(1, len(others))
        rows.append((t("report_typical_theme", lang), th.label, _pct(th.share.get(ini, 0.0)), _pct(rest)))
    head = t("report_code_or_theme", lang) if typical else t("report_code", lang)
    table = Table(("", head, t("report_here", lang), t("report_others", lang)), tuple(rows))
    return Section("compare", t("report_compare", lang), t("report_compare_text", lang), table=table, lang=lang)


def _distinctive_themes(data: ReportData, initiative: str, others: list[str]) -> list[Any]:
    """Themes whose share here is at least 1.5 times their mean share elsewhere, most distinctive first."""
    out = []
    for th in data.themes or []:
        here = th.share.get(initiative, 0.0)
        rest = sum(th.share.get(o, 0.0) for o in others) / max(1, len(others))
        if here >= 0.03 and here >= 1.5 * rest:
            out.append((here / rest if rest else float("inf"), here, th))
    out.sort(key=lambda x: (-x[0], -x[1], x[2].id))
    return [th for _, _, th in out]


# -- cross-initiative ------------------------------------------------------------------
def code_heatmap(data: ReportData, n: int = 18) -> Section:
    """Code x initiative: share of each initiative's documents carrying each code."""
    lang = data.lang
    per = {ini: data.code_shares(ini) for ini in data.initiatives}
    overall = data.code_shares(None)
    if not overall:
        return Section("code_heatmap", t("report_heatmap", lang), notes=(t("report_no_codings", lang),), lang=lang)
    top = [c for c, _ in sorted(overall.items(), key=lambda kv: (-kv[1], kv[0]))][:n]
    values = [[per[ini].get(c, 0.0) for ini in data.initiatives] for c in top]
    fig = figures.heatmap(values, [data.label(c) for c in top], data.initiatives, colorbar="%", alt=t("report_heatmap_text", lang))
    return Section("code_heatmap", t("report_heatmap", lang), t("report_heatmap_text", lang), figure=fig, lang=lang)


def cooccurrence(data: ReportData, n: int = 16, min_together: int = 2) -> Section:
    """Network of codes applied to the same fragment (overlapping spans in one document)."""
    lang = data.lang
    by_doc: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    for c in data.current_codings:
        by_doc.setdefault((c.doc_id, c.doc_version), []).append((c.start, c.end, c.code_id))
    uses = Counter(c.code_id for c in data.current_codings)
    pairs: Counter[tuple[str, str]] = Counter()
    for spans in by_doc.values():
        spans.sort()
        seen: set[tuple[str, str, int, int]] = set()
        for (s1, e1, a), (s2, e2, b) in combinations(spans, 2):
            if a != b and s1 < e2 and s2 < e1:
                key = tuple(sorted((a, b)))
                mark = (key[0], key[1], max(s1, s2), min(e1, e2))
                if mark not in seen:
                    seen.add(mark)
                    pairs[key] += 1  # type: ignore[index]
    pairs = Counter({k: v for k, v in pairs.items() if v >= min_together})
    if not pairs:
        return Section("cooccurrence", t("report_network", lang), notes=(t("report_no_network", lang),), lang=lang)
    top_pairs = dict(pairs.most_common(3 * n))
    nodes = sorted({x for k in top_pairs for x in k}, key=lambda c: -uses[c])[:n]
    edges = {(data.label(a), data.label(b)): w for (a, b), w in top_pairs.items() if a in nodes and b in nodes}
    fig = figures.network({data.label(c): uses[c] for c in nodes}, edges, alt=t("report_network_text", lang))
    table = Table((t("report_code", lang), t("report_code", lang), "n"), tuple((a, b, str(w)) for (a, b), w in sorted(edges.items(), key=lambda kv: -kv[1])[:8]))
    return Section("cooccurrence", t("report_network", lang), t("report_network_text", lang), figure=fig, table=table, lang=lang)


def coverage(data: ReportData) -> Section:
    """Share of sentences coded per initiative, and agreement between coders."""
    lang = data.lang
    rows = []
    inis = [data.initiative] if data.initiative else data.initiatives
    coders_by_ini: dict[str, set[str]] = {}
    for c in data.current_codings:
        d = data._docs[(c.doc_id, c.doc_version)]
        coders_by_ini.setdefault(d.initiative or "-", set()).add(c.coder)
    for ini in inis:
        coded, total = data.sentence_counts.get(ini, (0, 0))
        rows.append((ini, f"{coded} / {total}", _pct(coded / total) if total else "-", str(len(coders_by_ini.get(ini, ())))))
    table = Table((t("report_initiative", lang), t("report_coded_sentences", lang), "%", t("report_coders", lang)), tuple(rows))
    notes: tuple[str, ...]
    if data.agreement:
        notes = (t("report_methods_agreement", lang, value=data.agreement.get("summary", "")),)
    else:
        notes = (t("report_no_agreement", lang),)
    return Section("coverage", t("report_coverage", lang), t("report_coverage_text", lang), table=table, notes=notes, lang=lang)


def candidate_codes(data: ReportData) -> Section:
    """Themes that no code covers: candidate codes for the next codebook version."""
    lang = data.lang
    cands = [th for th in (data.themes or []) if th.is_candidate]
    if not cands:
        return Section("candidates", t("report_candidates", lang), notes=(t("report_no_candidates", lang),), lang=lang)
    table = Table((t("report_theme", lang), t("report_keywords", lang)), tuple((th.label, ", ".join(th.keywords[:6])) for th in cands))
    return Section("candidates", t("report_candidates", lang), table=table, lang=lang)


def methods(data: ReportData) -> Section:
    """How the report was made: codebook version, coders, agreement, themes, pseudonymisation."""
    import workbench

    lang = data.lang
    people = sorted({c.coder for c in data.current_codings})
    n_acc = sum(c.source == "accepted" for c in data.current_codings)
    reps: Counter[str] = Counter()
    for d in data.docs_of(data.initiative):
        reps.update(d.replacements)
    from workbench.reports.data import readable

    counts = ", ".join(f"{readable('[' + tag + '-1]', lang).strip('[]')} {n}" for tag, n in reps.most_common()) or t("report_none", lang)
    bullets = [
        t("report_methods_codebook", lang, codebook=data.codebook.get_title(lang), version=data.codebook_version, n_codes=data.codebook.n_codes),
        t("report_methods_codings", lang, n=len(data.current_codings), coders=", ".join(people) or t("report_none", lang), n_accepted=n_acc),
        t("report_methods_agreement", lang, value=(data.agreement or {}).get("summary") or t("report_not_yet", lang)),
        *(t("report_methods_suggestions", lang, suggester=m["suggester"], coders=", ".join(m["coders"]), kappa=f"{m['kappa']:.2f}", n=m["n_units"])
          for m in data.suggestion_agreement),
        t("report_methods_themes", lang, value=_theme_method(data)),
        t("report_methods_pseudo", lang, counts=counts),
        t("report_methods_flags", lang, n=len(data.flagged)),
    ]
    if lang == "en":
        bullets.append(t("report_methods_translation", lang))
    bullets.append(t("report_methods_run", lang, version=workbench.__version__))
    table = Table(("",), tuple((b,) for b in bullets))
    return Section("methods", t("report_methods", lang), table=table, lang=lang)


def _theme_method(data: ReportData) -> str:
    run = data.theme_run
    if not run:
        return t("report_not_yet", data.lang)
    unit = str(run.get("unit"))
    unit_key = f"report_unit_{unit}"
    bits = [t("report_methods_theme_run", data.lang, id=run.get("id"), seed=run.get("seed"), embedding=run.get("embedding"), n=run.get("n_segments"),
              unit=t(unit_key, data.lang) if has(unit_key) else unit, outliers=run.get("n_outliers"))]
    stability = run.get("stability")
    if isinstance(stability, (int, float)) and not math.isnan(stability):
        bits.append(f"{t('report_stability', data.lang)} {stability:.2f}")
    return ", ".join(bits)


INITIATIVE_SECTIONS = ("title", "who_was_heard", "codes_present", "example_quotes", "positive_health", "themes", "msc", "compare", "methods")
CROSS_SECTIONS = ("title", "who_was_heard", "code_heatmap", "positive_health", "themes", "cooccurrence", "coverage", "candidate_codes", "methods")
