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

from workbench.themes.cluster import best_match_jaccard

if TYPE_CHECKING:
    from workbench.themes.model import TopicModel


def member_sets(model: TopicModel) -> dict[int, set[Any]]:
    """Theme id -> the keys of its members (outliers left out)."""
    out: dict[int, set[Any]] = {}
    for d, v, s, e, label, _ in model.member_rows():
        if label >= 0:
            out.setdefault(int(label), set()).add((d, v, s, e))
    return out


def stability_of(model: TopicModel, segments: Sequence[Any], seeds: Sequence[int]) -> dict[int, float]:
    """Refit ``model``'s parameters with each of ``seeds`` and score its themes."""
    model.check_fitted()
    reference = member_sets(model)
    scores: dict[int, list[float]] = {t: [] for t in reference}
    for seed in seeds:
        if seed == model.seed:
            continue
        # compare like with like: the k the reference chose
        other = model.clone(seed=seed, n_themes=model.k_ or "auto" if model.n_themes == "auto" else model.n_themes).fit(segments)
        for tid, value in best_match_jaccard(reference, member_sets(other)).items():
            scores[tid].append(value)
    return {t: round(sum(v) / len(v), 4) if v else 1.0 for t, v in scores.items()}


__all__ = ["best_match_jaccard", "member_sets", "stability_of"]
