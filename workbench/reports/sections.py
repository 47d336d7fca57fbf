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
from workbench.reports.data import STORIES, SURVEY, Quote, QuoteSet, ReportData, Share
from workbench.reports.texts import kind_label, plain_list, role_label, t, tag_counts

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
        intro = t("report_intro_initiative", lang, n_docs=data.n_documents, initiative=data.initiative, codebook=data.codebook.get_title(lang), privacy=privacy_claim(data))
    else:
        head = t("report_title_cross", lang, n=len(data.initiatives))
        intro = t("report_intro_cross", lang, n_docs=data.n_documents, n=len(data.initiatives), codebook=data.codebook.get_title(lang), privacy=privacy_claim(data))
    sub = t("report_subtitle", lang, study=data.study_name, version=data.codebook_version, date=date.today().isoformat())
    return Section("title", head, intro, notes=(sub,), lang=lang, level=1)


def _deduce_version() -> str:
    from workbench.corpus.pseudonymise.deduce_wiring import _deduce_version as version

    return version()


def _when(lang: str, dates: list[str]) -> str:
    if len(dates) == 1:
        return t("report_privacy_on", lang, date=dates[0])
    return t("report_privacy_between", lang, first=dates[0], last=dates[-1])


def privacy_claim(data: ReportData) -> str:
    """What was done to the texts and who read them through afterwards; never that
    nothing identifying is left (rules miss things; a person reading finds more).

    Example:
        >>> privacy_claim(data)                                          # doctest: +SKIP
        'Namen, plaatsen, ... gepseudonimiseerd met deduce 3.0.3 ... Daarna nagelezen door lian (op 2026-12-03): 4 van de 38 documenten.'
    """
    lang = data.lang
    done = t("report_privacy_done", lang, deduce=_deduce_version())
    n, total, who, dates = data.privacy_checks(data.initiative)
    if not n:
        return f"{done} {t('report_privacy_unchecked', lang, total=total)}"
    return f"{done} {t('report_privacy_checked', lang, who=', '.join(who), when=_when(lang, dates), n=n, total=total)}"


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


def _unit(share: Share, lang: str) -> str:
    """What a share counts, in words: interviews, verhalen, interviews en verhalen, enquêteantwoorden."""
    if share.group == SURVEY:
        return t("report_unit_survey", lang)
    kinds = set(share.kinds)
    if kinds == {"interview"}:
        return t("report_unit_interviews", lang)
    if kinds == {"ervaringsverhaal"}:
        return t("report_unit_stories", lang)
    if kinds <= {"interview", "ervaringsverhaal"}:
        return t("report_unit_interviews_stories", lang)
    return t("report_unit_documents", lang)


def _share_text(share: Share, lang: str, *, unit: bool = True) -> str:
    """'3 van 4 interviews (75%)': the count, the base and its unit next to the share."""
    if not share.base:
        return "-"
    count = t("report_n_of_unit", lang, n=share.n, base=share.base, unit=_unit(share, lang)) if unit else t("report_n_of", lang, n=share.n, base=share.base)
    return f"{count} ({_pct(share.value)})"


def _share_of(base: Share, lang: str) -> str:
    """An axis label: 'aandeel van de 4 interviews'."""
    return t("report_share_of", lang, base=base.base, unit=_unit(base, lang))


def _ranked_codes(data: ReportData, initiative: str | None, skip: set[str]) -> list[str]:
    """Codes by their share of interviews and stories, then of survey answers."""
    stories = data.code_counts(initiative, STORIES)
    survey = data.code_counts(initiative, SURVEY)
    codes = (set(stories) | set(survey)) - skip
    zero = Share(0, 0, STORIES)
    return sorted(codes, key=lambda c: (-stories.get(c, zero).value, -survey.get(c, zero).value, c))


def codes_present(data: ReportData, n: int = 6, quotes_per_code: int = 1) -> Section:
    """The codes found in most interviews and stories, survey answers counted apart, each
    share with its count and base ("3 van 4 interviews")."""
    lang = data.lang
    ini = data.initiative
    top = _ranked_codes(data, ini, set(data.positive_health_codes))[:n]  # outcome codes have their own section
    if not top:
        return Section("codes_present", t("report_codes_present", lang), notes=(t("report_no_codings", lang),), lang=lang)
    frags = data.fragment_counts(ini)
    group = data.main_group(ini)
    main = data.code_counts(ini, group)
    base = data.base(ini, group)
    shown = {c: main.get(c, Share(0, base.base, group, base.kinds)) for c in top}
    fig = figures.bars(
        {data.label(c): shown[c].value for c in top}, xlabel=_share_of(base, lang),
        annotations={data.label(c): f"{_pct(shown[c].value)} ({t('report_n_of', lang, n=shown[c].n, base=shown[c].base)})" for c in top},
        alt=t("report_codes_present", lang) + ": " + ", ".join(f"{data.label(c)} {_share_text(shown[c], lang)}" for c in top),
    )
    columns = [t("report_code", lang)]
    groups = [g for g in (STORIES, SURVEY) if data.base(ini, g).base]
    for g in groups:
        columns.append(_unit(data.base(ini, g), lang))
    columns.append(t("report_n_fragments", lang))
    counts = {g: data.code_counts(ini, g) for g in groups}
    rows = tuple(
        (data.label(c), *(_share_text(counts[g].get(c, Share(0, data.base(ini, g).base, g, data.base(ini, g).kinds)), lang) for g in groups), str(frags[c]))
        for c in top
    )
    return Section("codes_present", t("report_codes_present", lang), t("report_codes_present_text", lang), figure=fig, table=Table(tuple(columns), rows), lang=lang)


def example_quotes(data: ReportData, n_codes: int = 6, per_code: int = 1) -> Section:
    """One quote for each of the codes most present (as in :func:`codes_present`), never
    the same quote twice: a fragment coded with three codes shows under the first only,
    and the next code takes its own next-best quote. The most telling quote first (long,
    about something, not a pseudonym tag); flagged quotes never, pseudonyms as [naam];
    with --lang en the researcher's translation (or the Dutch original, marked)."""
    lang = data.lang
    ranked = _ranked_codes(data, data.initiative, set(data.positive_health_codes))
    if not ranked:
        return Section("example_quotes", t("report_example_quotes", lang), notes=(t("report_no_codings", lang),), lang=lang)
    used = QuoteSet()
    quotes: list[Quote] = []
    n_shown = 0
    for c in ranked:  # a code without a quote of its own left gives its place to the next
        found = data.quotes_for(c, data.initiative, per_code, used=used)
        quotes.extend(found)
        n_shown += bool(found)
        if n_shown >= n_codes:
            break
    return Section("example_quotes", t("report_example_quotes", lang), t("report_example_quotes_text", lang), quotes=tuple(quotes), lang=lang,
                   meta={"codes": {q.key: data.label(q.code_id) for q in quotes}})


def positive_health(data: ReportData) -> Section:
    """Spider-web chart of the six Positive Health dimensions: the share of interviews and
    stories touching each, with its count and base; all initiatives in one chart."""
    lang = data.lang
    codes = data.positive_health_codes
    if not codes:
        return Section("positive_health", t("report_positive_health", lang), notes=(t("report_positive_health_missing", lang),), lang=lang)
    labels = [data.label(c) for c in codes]
    scopes: list[tuple[str, str | None]] = [(data.initiative, data.initiative), (t("report_all_initiatives", lang), None)] if data.initiative else [(ini, ini) for ini in data.initiatives]
    shares: dict[str, list[Share]] = {}
    for name, scope in scopes:
        counts, base = data.code_counts(scope, STORIES), data.base(scope, STORIES)
        shares[f"{name} ({base.base} {_unit(base, lang)})"] = [counts.get(c, base) for c in codes]
    series = {name: [sh.value for sh in row] for name, row in shares.items()}
    alt = "; ".join(f"{name}: " + ", ".join(f"{lab} {_share_text(sh, lang, unit=False)}" for lab, sh in zip(labels, row)) for name, row in shares.items())
    fig = figures.spider(series, labels, alt=t("report_positive_health", lang) + ". " + alt, large=len(series) > 2)
    if data.initiative:
        table = Table((t("report_code", lang), *shares), tuple((lab, *(_share_text(row[i], lang) for row in shares.values())) for i, lab in enumerate(labels)))
    else:
        table = Table((t("report_initiative", lang), *labels), tuple((name, *(_share_text(sh, lang, unit=False) for sh in row)) for name, row in shares.items()))
    notes = () if any(any(v) for v in series.values()) else (t("report_no_codings", lang),)
    return Section("positive_health", t("report_positive_health", lang), t("report_positive_health_text", lang), figure=fig, table=table, notes=notes, lang=lang)


def _theme_share(th: Any, ini: str, lang: str, *, unit: bool = True) -> str:
    """'12 van 80 alinea's (15%)': a theme's share of the initiative's segments, with its base."""
    base = th.base.get(ini, 0)
    if not base:
        return _pct(th.share.get(ini, 0.0))
    n = th.count.get(ini, round(th.share.get(ini, 0.0) * base))
    words = t(f"report_unit_{th.unit}", lang) if has(f"report_unit_{th.unit}") else th.unit
    count = t("report_n_of_unit", lang, n=n, base=base, unit=words) if unit else t("report_n_of", lang, n=n, base=base)
    return f"{count} ({_pct(th.share.get(ini, 0.0))})"


def _theme_unit(data: ReportData) -> str:
    unit = str((data.theme_run or {}).get("unit") or "paragraph")
    return t(f"report_unit_{unit}", data.lang) if has(f"report_unit_{unit}") else unit


def themes(data: ReportData) -> Section:
    """Themes with the co-researchers' own names and verdicts (initiative) or shares (cross);
    a share is of the initiative's segments (its unit and base named)."""
    lang = data.lang
    key_title = t("report_themes", lang) if data.initiative else t("report_themes_cross", lang)
    if not data.themes:
        return Section("themes", key_title, notes=(t("report_no_themes", lang),), lang=lang)
    ini = data.initiative
    units = _theme_unit(data)
    if ini is not None:
        mine = [th for th in data.themes if th.share.get(ini, 0) > 0]
        here: str = ini
        mine.sort(key=lambda th: -th.share.get(here, 0))
        rows = tuple(
            (th.label, th.code or t("report_theme_new", lang), ", ".join(th.keywords[:5]), _theme_share(th, ini, lang), " / ".join(th.own_names) or "-",
             ", ".join(f"{t('report_verdict_' + k, lang)} {v}" for k, v in sorted(th.verdicts.items(), key=lambda kv: VERDICT_ORDER.index(kv[0]) if kv[0] in VERDICT_ORDER else 9)) or "-")
            for th in mine
        )
        table = Table((t("report_theme", lang), t("report_theme_from", lang), t("report_keywords", lang), t("report_share", lang), t("report_own_name", lang), t("report_verdict", lang)), rows)
        notes = (() if any(th.verdicts for th in mine) else (t("report_no_reviews", lang),)) + _origin_note(data)
        base = max((th.base.get(ini, 0) for th in mine), default=0)
        xlabel = t("report_share_of", lang, base=base, unit=units) if base else t("report_share", lang)
        fig = figures.bars({th.label: th.share.get(ini, 0) for th in mine[:8]}, xlabel=xlabel, alt=key_title,
                           annotations={th.label: f"{_pct(th.share.get(ini, 0))} ({_theme_share(th, ini, lang, unit=False).split(' (')[0]})" for th in mine[:8]}) if mine else None
        return Section("themes", key_title, figure=fig, table=table, notes=notes, lang=lang)
    order = [th.label for th in data.themes]
    bases = {i: max((th.base.get(i, 0) for th in data.themes), default=0) for i in data.initiatives}
    rows_named = {i: f"{i} ({bases[i]} {units})" if bases[i] else i for i in data.initiatives}
    shares = {rows_named[i]: {th.label: th.share.get(i, 0.0) for th in data.themes} for i in data.initiatives}
    fig = figures.stacked_shares(shares, order, xlabel=t("report_share_of_unit", lang, unit=units), alt=key_title)
    distinct = []
    for i in data.initiatives:
        others = [i2 for i2 in data.initiatives if i2 != i]
        best = max(data.themes, key=lambda th: th.share.get(i, 0) - (sum(th.share.get(o, 0) for o in others) / max(1, len(others))))
        distinct.append((i, best.label, _theme_share(best, i, lang)))
    table = Table((t("report_initiative", lang), t("report_theme", lang), t("report_share", lang)), tuple(distinct))
    return Section("themes", key_title, figure=fig, table=table, notes=_origin_note(data), lang=lang)


def _origin_note(data: ReportData) -> tuple[str, ...]:
    """How the themes were found: from the codebook's codes plus new ones, or from the text alone."""
    run = data.theme_run or {}
    if not run.get("guided"):
        return (t("report_themes_free", data.lang),)
    return (t("report_themes_guided", data.lang, n_codes=run.get("n_from_codes", 0), n_new=run.get("n_new", 0)),)


def msc(data: ReportData) -> Section:
    """Most Significant Change: the stories the panel chose, each story once with every
    reason given for it (two co-researchers choosing one story is one row, not two)."""
    lang = data.lang
    chosen = [m for m in (data.msc or []) if data.initiative is None or m.initiative == data.initiative]
    if not chosen:
        return Section("msc", t("report_msc", lang), notes=(t("report_no_msc", lang),), lang=lang)
    by_doc: dict[str, list[Any]] = {}
    for m in chosen:
        by_doc.setdefault(m.doc_id, []).append(m)
    rows = tuple(
        (ms[0].quote, " / ".join(dict.fromkeys(m.reason for m in ms if m.reason)), ", ".join(dict.fromkeys(role_label(m.reviewer, lang) for m in ms)))
        for ms in by_doc.values()
    )
    return Section("msc", t("report_msc", lang), t("report_msc_text", lang), table=Table((t("report_example_quote", lang), t("report_reason", lang), t("report_chosen_by", lang)), rows), lang=lang)


def compare(data: ReportData, n: int = 4) -> Section:
    """What this initiative shares with the others and where it differs (share of the
    interviews and stories, with counts and bases)."""
    lang = data.lang
    ini = data.initiative
    if ini is None or len(data.initiatives) < 2:
        return Section("compare", t("report_compare", lang), notes=(t("report_only_one", lang),), lang=lang)
    mine_counts, my_base = data.code_counts(ini, STORIES), data.base(ini, STORIES)
    others_docs = [d for d in data.docs_in(None, STORIES) if d.initiative and d.initiative != ini]
    counter: Counter[str] = Counter()
    for d in others_docs:
        counter.update(data.doc_codes.get((d.id, d.version), ()))
    kinds = tuple(sorted({d.kind or "document" for d in others_docs}))
    their_base = Share(0, len(others_docs), STORIES, kinds)
    theirs_counts = {c: Share(k, len(others_docs), STORIES, kinds) for c, k in counter.items()}
    mine = {c: sh.value for c, sh in mine_counts.items()}
    theirs = {c: sh.value for c, sh in theirs_counts.items()}
    if not mine and not theirs:
        return Section("compare", t("report_compare", lang), notes=(t("report_no_codings", lang),), lang=lang)
    codes = set(mine) | set(theirs)
    diff = {c: mine.get(c, 0.0) - theirs.get(c, 0.0) for c in codes}
    more = [c for c in sorted(codes, key=lambda c: (-diff[c], c)) if diff[c] > 0.05][:n]
    less = [c for c in sorted(codes, key=lambda c: (diff[c], c)) if diff[c] < -0.05][:n]
    shared = [c for c in sorted(codes, key=lambda c: (-(min(mine.get(c, 0), theirs.get(c, 0))), c)) if abs(diff[c]) <= 0.05 and mine.get(c, 0) > 0][:n]
    rows: list[tuple[str, ...]] = []
    for label, group in ((t("report_more_here", lang), more), (t("report_shared", lang), shared), (t("report_less_here", lang), less)):
        rows.extend((label, data.label(c), _share_text(mine_counts.get(c, my_base), lang), _share_text(theirs_counts.get(c, their_base), lang)) for c in group)
    others = [o for o in data.initiatives if o != ini]
    typical = _distinctive_themes(data, ini, others)[:3]  # themes far more present here than elsewhere
    for th in typical:
        rest = sum(th.share.get(o, 0.0) for o in others) / max(1, len(others))
        rows.append((t("report_typical_theme", lang), th.label, _theme_share(th, ini, lang), _pct(rest)))
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
    """Code x initiative: in how many of each initiative's interviews and stories each code
    occurs; every cell shows the count of its base ("3/4"), every column its base."""
    lang = data.lang
    per = {ini: data.code_counts(ini, STORIES) for ini in data.initiatives}
    bases = {ini: data.base(ini, STORIES) for ini in data.initiatives}
    overall = data.code_counts(None, STORIES)
    if not overall:
        return Section("code_heatmap", t("report_heatmap", lang), notes=(t("report_no_codings", lang),), lang=lang)
    top = [c for c, _ in sorted(overall.items(), key=lambda kv: (-kv[1].value, kv[0]))][:n]
    values = [[per[ini].get(c, bases[ini]).value for ini in data.initiatives] for c in top]
    cells = [[f"{per[ini].get(c, bases[ini]).n}/{bases[ini].base}" for ini in data.initiatives] for c in top]
    columns = [f"{ini} ({bases[ini].base} {_unit(bases[ini], lang)})" for ini in data.initiatives]
    unit = _unit(data.base(None, STORIES), lang)
    fig = figures.heatmap(values, [data.label(c) for c in top], columns, colorbar="% " + t("report_share_of_unit", lang, unit=unit),
                          annotations=cells, alt=t("report_heatmap_text", lang))
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
        notes = (str(data.agreement.get("summary", "")),)
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


def _checked_method(data: ReportData) -> str:
    n, total, who, dates = data.privacy_checks(data.initiative)
    if not n:
        return t("report_methods_unchecked", data.lang, total=total)
    return t("report_methods_checked", data.lang, n=n, total=total, who=", ".join(who), when=_when(data.lang, dates))


def methods(data: ReportData) -> Section:
    """How the report was made, in plain sentences: codebook version, whose codings count
    (and why those), agreement, themes, pseudonymisation."""
    from workbench.version import __version__

    lang = data.lang
    mine = {(d.id, d.version) for d in data.docs_of(data.initiative)}
    counted = [c for c in data.current_codings if (c.doc_id, c.doc_version) in mine]  # this report's documents
    people = sorted({c.coder for c in counted})
    n_acc = sum(c.source == "accepted" for c in counted)
    reps: Counter[str] = Counter()
    for d in data.docs_of(data.initiative):
        reps.update(d.replacements)
    counts = tag_counts(reps.most_common(), lang) or t("report_none", lang)
    agreement = (data.agreement or {}).get("summary") or t("report_methods_no_agreement", lang)
    bullets = [
        t("report_methods_codebook", lang, codebook=data.codebook.get_title(lang), version=data.codebook_version, n_codes=data.codebook.n_codes),
        t("report_methods_codings", lang, n=len(counted), coders=plain_list(list(data.coders or people), lang) or t("report_none", lang),
          chosen=t(f"report_coders_from_{data.coders_from}", lang), n_accepted=n_acc),
        t("report_methods_agreement", lang, value=agreement),
        *(t("report_methods_suggestions", lang, suggester=m["suggester"], coders=", ".join(m["coders"]), kappa=f"{m['kappa']:.2f}", n=m["n_units"])
          for m in data.suggestion_agreement),
        t("report_methods_themes", lang, value=_theme_method(data)),
        t("report_methods_pseudo", lang, counts=counts, deduce=_deduce_version()),
        _checked_method(data),
        t("report_methods_flags", lang, n=len(data.flagged)),
    ]
    if lang == "en":
        bullets.append(t("report_methods_translation", lang))
    bullets.append(t("report_methods_run", lang, version=__version__))
    table = Table(("",), tuple((b,) for b in bullets))
    return Section("methods", t("report_methods", lang), table=table, lang=lang)


def _theme_method(data: ReportData) -> str:
    run = data.theme_run
    if not run:
        return t("report_methods_no_themes", data.lang)
    text = t("report_methods_theme_run", data.lang, id=run.get("id"), seed=run.get("seed"), embedding=run.get("embedding"), n=run.get("n_segments"),
             unit=_theme_unit(data), outliers=run.get("n_outliers"))
    stability = run.get("stability")
    if isinstance(stability, (int, float)) and not math.isnan(stability):
        text += " " + t("report_methods_stability", data.lang, value=f"{stability:.2f}")
    return text


INITIATIVE_SECTIONS = ("title", "who_was_heard", "codes_present", "example_quotes", "positive_health", "themes", "msc", "compare", "methods")
CROSS_SECTIONS = ("title", "who_was_heard", "code_heatmap", "positive_health", "themes", "cooccurrence", "coverage", "candidate_codes", "methods")
