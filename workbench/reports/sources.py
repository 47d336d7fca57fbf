"""Readers of what other parts of the workbench know: flags, verdicts, themes, agreement.

Each function reads one part through that part's package API and returns plain values
(or None / empty when the part has no data yet), so that the report sections can say
"no themes yet" instead of failing. One exception, on purpose: when the review part
exists but its quote flags cannot be read, reports refuse to run (fail closed) rather
than risk showing a quote a co-researcher flagged as identifying.
"""

from __future__ import annotations

import importlib.util
from bisect import bisect_right
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from workbench.corpus.model import Corpus
from workbench.i18n import add

if TYPE_CHECKING:
    from workbench.reports.data import MscChoice, ReportData, Span, ThemeInfo
    from workbench.settings import Settings
    from workbench.store import Store


#: where an unknown theme run is reported (the option's name)
WHERE_THEME_RUN = "--theme-run"

add("report_no_theme_run", nl="geen opgeslagen themaberekening '{run}'", en="no theme run '{run}'")
add("report_no_theme_run_fix", nl="kies een van de opgeslagen berekeningen ({known}), of laat --theme-run weg voor de nieuwste", en="choose one of the stored runs ({known}), or leave --theme-run out for the latest")
add("report_no_theme_runs_yet", nl="nog geen", en="none yet")


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def flagged_spans(store: Store) -> list[Span]:
    """Spans co-researchers flagged as identifying someone (never shown in any report),
    through the review part's one filter (:func:`workbench.review.flagged_spans`).

    When the review part is missing, nobody can have flagged anything. When it is there
    but cannot be read, reports refuse to run: better no report than a flagged quote in one.
    """
    if not _has("workbench.review"):
        return []
    from workbench.review import flagged_spans as review_flags

    return sorted({(str(d), int(v), int(a), int(b)) for d, v, a, b in review_flags(store)})


def verdicts_of(store: Store, initiative: str | None) -> dict[tuple[int, int], tuple[dict[str, int], tuple[str, ...]]]:
    """Per (theme run, theme): the verdict counts (recognise/partly/not) and own names given
    by the co-researchers of ``initiative`` (None: of every initiative)."""
    if not _has("workbench.review"):
        return {}
    from workbench.review import theme_verdicts

    out: dict[tuple[int, int], tuple[dict[str, int], tuple[str, ...]]] = {}
    for v in theme_verdicts(store, initiative):
        if v.run_id is None or v.theme_id is None:
            continue
        counts, names = out.get((v.run_id, v.theme_id), ({}, ()))
        merged = dict(counts)
        for k, n in v.counts.items():
            merged[k] = merged.get(k, 0) + n
        out[(v.run_id, v.theme_id)] = (merged, tuple(dict.fromkeys(names + v.own_names)))
    return out


def document_checks(store: Store) -> list[tuple[str, int, str, str]]:
    """Which document versions a researcher read through after pseudonymisation, who and when."""
    return [(c.doc_id, c.doc_version, c.checked_by, c.checked_at) for c in store.document_checks()]


def translations(store: Store) -> dict[str, str]:
    """Quote translations the researcher wrote (quote key -> English text)."""
    reader = getattr(store, "quote_translations", None)
    if reader is None:
        return {}
    return {t.key: t.text for t in reader(lang="en")}


def themes(store: Store, settings: Settings, run: str | int | None, lang: str, initiative: str | None = None, *, candidates: bool = True) -> tuple[dict[str, Any] | None, list[ThemeInfo] | None]:
    """The theme run (id, seed, embedding, input hash, stability) and its themes with
    people's renames and merges applied, or (None, None) when no themes were computed.
    Share per initiative = the initiative's segments in the theme / its segments in the run."""
    if not _has("workbench.themes.runs"):
        return None, None
    from workbench.errors import ReportError
    from workbench.i18n import t
    from workbench.reports.data import ThemeInfo
    from workbench.themes.runs import effective_themes

    if run is None:
        record = store.latest_theme_run()
        if record is None:
            return None, None
    else:
        record = store.theme_run(int(run)) if str(run).isdigit() else None
        if record is None:
            known = ", ".join(str(r.id) for r in store.theme_runs()) or t("report_no_theme_runs_yet")
            raise ReportError(WHERE_THEME_RUN, t("report_no_theme_run", run=run), t("report_no_theme_run_fix", known=known))
    state = effective_themes(store, record.id)
    n_init = {k: int(v) for k, v in record.summary.get("n_initiative", {}).items()}
    candidate_ids: set[int] = set()
    if candidates:  # code x theme alignment: only the cross-initiative report shows it
        from workbench.themes.align import candidate_codes

        candidate_ids = {c.theme_id for c in candidate_codes(store, settings, record.id)}
    reviewed = verdicts_of(store, initiative)
    infos = []
    for th in sorted(state.values(), key=lambda x: (-x.size, x.id)):
        share = {ini: th.count_initiative.get(ini, 0) / n for ini, n in n_init.items() if n}
        counts, names = reviewed.get((record.id, th.id), ({}, ()))
        infos.append(ThemeInfo(
            id=str(th.id), label=th.name, keywords=tuple(th.keywords), share=share, stability=th.stability,
            own_names=names, verdicts=counts, is_candidate=th.id in candidate_ids, code=(th.code_label or th.code_id) if th.code_id else None,
            count={ini: int(th.count_initiative.get(ini, 0)) for ini in n_init}, base=dict(n_init), unit=str(record.unit or "paragraph"),
        ))
    stabilities = [x.stability for x in infos if x.stability is not None]
    info = {
        "id": record.id, "seed": record.seed, "embedding": record.embedding, "unit": record.unit, "input_hash": record.input_hash,
        "n_segments": record.n_segments, "n_outliers": record.n_outliers, "created_at": record.created_at,
        "stability": round(sum(stabilities) / len(stabilities), 3) if stabilities else None,
        "guided": bool(record.summary.get("guided")), "n_from_codes": sum(1 for x in infos if x.code), "n_new": sum(1 for x in infos if not x.code),
    }
    return info, infos


def msc_choices(store: Store, data: ReportData) -> list[MscChoice] | None:
    """Most Significant Change choices with the panel's reasons (None without a review part).

    The story is shown by an excerpt: its first turn or paragraph that no one flagged,
    pseudonyms as placeholders. The co-researcher is named by role, not by name."""
    if not _has("workbench.review"):
        return None
    from workbench.reports.data import MscChoice as Choice
    from workbench.reports.data import MIN_CONTENT, content_score, readable, shorten
    from workbench.review import msc_choices as review_msc

    docs = {(d.id, d.version): d for d in data.documents}
    out = []
    for c in review_msc(store, data.initiative):
        doc = docs.get((c.doc_id, c.doc_version))
        if doc is None:
            continue
        excerpt = ""
        for unit in ("turn", "paragraph"):
            for seg in Corpus(store).segments(doc.id, unit=unit, version=doc.version, include_interviewer=False):
                text = readable(seg.text, data.lang)
                # the first part that says something (not "Mijn nummer staat bovenaan, [telefoonnummer]")
                if content_score(text) >= MIN_CONTENT and not data.is_flagged((doc.id, doc.version, seg.start, seg.end)):
                    excerpt = shorten(text)
                    break
            if excerpt:
                break
        out.append(Choice(doc.id, c.initiative, c.role or "co-onderzoeker", c.reason or "", excerpt))
    return out


def agreement(store: Store, data: ReportData) -> dict[str, Any] | None:
    """Agreement between the people who coded the same documents (the coding part's
    :func:`workbench.coding.agreement.compute_agreement`, at sentences), or None when
    fewer than two people coded the report's documents."""
    if not _has("workbench.coding.agreement"):
        return None
    from workbench.coding.agreement import compute_agreement
    from workbench.coding.events import is_suggester

    docs = data.docs_of(data.initiative)
    wanted = {(d.id, d.version) for d in docs}
    codings = [c for c in data.current_codings if (c.doc_id, c.doc_version) in wanted and not is_suggester(c.coder)]
    by_coder: dict[str, set[str]] = defaultdict(set)
    for c in codings:
        by_coder[c.coder].add(c.doc_id)
    coders = sorted(by_coder)
    shared = [c for c in coders if any(by_coder[c] & by_coder[o] for o in coders if o != c)]
    if len(shared) < 2:
        return None
    coded_docs = set().union(*(by_coder[c] for c in shared))
    units = [s for d in docs if d.id in coded_docs for s in Corpus(store).segments(d.id, unit="sentence", version=d.version, include_interviewer=False)]
    result = compute_agreement(codings, units, shared, unit="sentence")
    o = result.overall

    def num(x: Any) -> str:
        return "-" if x is None or x != x else f"{x:.2f}"

    from workbench.reports.texts import plain_list, t

    pct = o.get("percent")
    # 99.6% is not "100%": a rounded-up full agreement next to a kappa of .92 would not be true
    pct_text = "-" if pct is None or pct != pct else f"{pct * 100:.0f}%" if round(pct * 100) < 100 or pct >= 1 else f"{pct * 100:.1f}%"
    summary = t("report_agreement_sentence", data.lang, coders=plain_list(list(shared), data.lang), pct=pct_text, n=result.n_units,
                kappa=num(o.get("kappa")), alpha=num(o.get("alpha")))
    return {"summary": summary, "coders": list(shared), "overall": {k: (None if isinstance(v, float) and v != v else v) for k, v in o.items()}, "n_units": result.n_units}


def suggestion_agreement(store: Store, data: ReportData) -> list[dict[str, Any]]:
    """Per suggester whose stored suggestions fall on sentences people coded: its kappa
    with those people and on how many sentences (the coding part's
    :func:`workbench.coding.evaluate.stored_suggestion_agreement`); empty when none."""
    if not _has("workbench.coding.evaluate"):
        return []
    from workbench.coding.evaluate import stored_suggestion_agreement

    wanted = {(d.id, d.version) for d in data.docs_of(data.initiative)}
    suggestions = [c for c in store.current_codings(include_suggestions=True) if c.is_suggestion and (c.doc_id, c.doc_version) in wanted]
    people = [c for c in data.current_codings if (c.doc_id, c.doc_version) in wanted and not c.is_suggestion]
    if not suggestions or not people:
        return []
    docs = {c.doc_id for c in people} & {c.doc_id for c in suggestions}
    corpus = Corpus(store)
    units = [s for d in data.docs_of(data.initiative) if d.id in docs for s in corpus.segments(d.id, unit="sentence", version=d.version, include_interviewer=False)]
    return stored_suggestion_agreement(people, suggestions, units)


def sentence_coverage(store: Store, data: ReportData) -> dict[str, tuple[int, int]]:
    """Per initiative: (sentences overlapped by a person's coding, all sentences), interviewers left out."""
    frame = Corpus(store).segments_frame("sentence")
    if frame.empty:
        return {}
    spans: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for c in data.current_codings:
        spans[(c.doc_id, c.doc_version)].append((c.start, c.end))
    for v in spans.values():
        v.sort()
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for doc_id, ver, start, end, ini in zip(frame["doc_id"], frame["doc_version"], frame["start"], frame["end"], frame["initiative"]):
        key = ini or "-"
        out[key][1] += 1
        cs = spans.get((doc_id, int(ver)))
        if cs:
            i = bisect_right(cs, (int(end), -1))
            if any(s < end and start < e for s, e in cs[:i]):
                out[key][0] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}
