"""Stability: does a theme come back when the model is fitted with another seed?

For each theme of a reference fit, its best-match Jaccard (members shared / members in
either) with the themes of each other seed's fit; the theme's stability is the mean over
the other seeds (1.0: the same members every time; below ~0.5: a theme of this seed only).

Example:
    >>> stability_of(model, segments, seeds=[1, 2, 3, 4])      # doctest: +SKIP
    {0: 0.92, 1: 0.41, ...}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from workbench.themes.text import segment_key

if TYPE_CHECKING:
    from workbench.study import Study
    from workbench.themes.model import TopicModel


def member_sets(model: TopicModel) -> dict[int, set[Any]]:
    """Theme id -> the keys of its members (outliers left out)."""
    out: dict[int, set[Any]] = {}
    for seg, label in zip(model.segments_, model.labels_):
        if label >= 0:
            out.setdefault(int(label), set()).add(segment_key(seg))
    return out


def best_match_jaccard(reference: dict[int, set[Any]], other: dict[int, set[Any]]) -> dict[int, float]:
    """For each reference theme, the highest Jaccard with any theme of ``other``."""
    out = {}
    for tid, members in reference.items():
        best = 0.0
        for o in other.values():
            inter = len(members & o)
            if inter:
                best = max(best, inter / len(members | o))
        out[tid] = round(best, 4)
    return out


def stability_of(model: TopicModel, segments: Sequence[Any], seeds: Sequence[int]) -> dict[int, float]:
    """Refit ``model``'s parameters with each of ``seeds`` and score its themes."""
    from workbench.themes.model import TopicModel

    model.check_fitted()
    reference = member_sets(model)
    scores: dict[int, list[float]] = {t: [] for t in reference}
    params = model.get_params()
    params["extra_stop_words"] = tuple(params["extra_stop_words"])
    for seed in seeds:
        if seed == model.seed:
            continue
        params["seed"] = seed
        if params["n_themes"] == "auto":  # compare like with like: the k the reference chose
            params["n_themes"] = model.k_ or "auto"
        other = TopicModel(embedding_cache=model.embedding_cache, **params).fit(segments)
        for tid, value in best_match_jaccard(reference, member_sets(other)).items():
            scores[tid].append(value)
    return {t: round(sum(v) / len(v), 4) if v else 1.0 for t, v in scores.items()}


def measure_stability(study: Study, run_id: int | None = None, *, seeds: int = 5) -> dict[int, float]:
    """Stability of a stored run's themes over ``seeds`` seeds (the run's own and the next
    ones), stored beside each theme; returns theme id -> stability."""
    from workbench.themes.runs import get_run, model_from_settings

    store = study.store
    run = get_run(store, run_id)
    params = dict(run.params)
    params["extra_stop_words"] = tuple(params.get("extra_stop_words") or ())
    params.pop("embedding_cache", None)
    model = model_from_settings(study, **params)
    segments = study.segments(run.unit, initiative=run.initiative, include_interviewer=model.include_interviewer)
    model.fit(segments)
    values = stability_of(model, segments, [run.seed + i for i in range(1, max(2, seeds))])
    # the refit of the run's own seed is the run itself (reproducible); map by members anyway
    stored = {m_id: members for m_id, members in _run_members(store, run.id).items()}
    mine = member_sets(model)
    by_run_id = {}
    for tid, members in stored.items():
        match = max(mine, key=lambda t: (len(members & mine[t]) / max(1, len(members | mine[t])), -t)) if mine else None
        if match is not None:
            by_run_id[tid] = values.get(match, 0.0)
    store.set_theme_stability(run.id, by_run_id)
    return by_run_id


def _run_members(store: Any, run_id: int) -> dict[int, set[Any]]:
    out: dict[int, set[Any]] = {}
    for m in store.theme_members(run_id):
        if m.theme_id >= 0:
            out.setdefault(m.theme_id, set()).add(m.key)
    return out
