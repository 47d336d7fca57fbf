"""Clustering steps of the themes that do not need BERTopic: choosing k by stability, the
codebook-guided (seeded) k-means, and giving short segments the theme of a neighbour.

All work on unit-length rows (cosine = dot product) and take a seed for every random step.

- :func:`choose_k`: for each candidate k, k-means under a few seeds on a sample; a k's
  **stability** is how well its themes come back under the other seeds (mean best-match
  Jaccard of members, the measure ``workbench themes stability`` shows). The most stable
  k wins; among k within ``tolerance`` of it, the one with the best silhouette.
- :func:`seeded_kmeans`: spherical k-means whose first centres are the codes' vectors
  (label, definition, include, examples) plus ``n_new`` centres placed by k-means++ far
  from every code (or given rows: the text themes no code claimed). A code's centre may
  stay tied to its code (``anchor``: the share of the code's own vector in its centre at
  every step; 0 by measurement); a theme whose final centre is no longer near its code
  (cosine < :data:`KEEP_CODE`) counts as new. Themes with fewer than ``min_size`` members
  are dissolved into the nearest remaining theme.
- :func:`neighbour_labels`: a segment too short to cluster takes the theme of the nearest
  clustered segment of the same document and speaker (its turn), else of the nearest
  theme centre when it has words the embedding knows, else none.

Example:
    >>> import numpy as np
    >>> X = np.eye(4)[[0, 0, 1, 1, 2, 2, 3, 3]]
    >>> labels, origin = seeded_kmeans(X, np.eye(4)[:2], n_new=2, seed=0, min_size=2)
    >>> sorted(set(origin.values()), key=str)
    [0, 1, None]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: a code's theme keeps this share of the code's own vector in its centre at every step.
#: 0 measured best (NMI against people's codes, NHS .269 / .263 / .254 and BBC News .773 /
#: .742 / .655 at 0 / 0.25 / 0.5): the code only starts its theme; :data:`KEEP_CODE` then
#: checks the theme is still about it
ANCHOR = 0.0
#: the least cosine between a theme's final centre and its code's vector for the theme to
#: keep the code (below it the theme drifted to something else: it counts as new)
KEEP_CODE = 0.2


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


def label_sets(labels: Sequence[int]) -> dict[int, set[int]]:
    """Theme -> the row numbers in it (outliers, -1, left out)."""
    out: dict[int, set[int]] = {}
    for i, label in enumerate(labels):
        if label >= 0:
            out.setdefault(int(label), set()).add(i)
    return out


def partition_stability(runs: Sequence[Sequence[int]]) -> float:
    """Mean best-match Jaccard of the first run's themes in each other run (0..1)."""
    if len(runs) < 2:
        return 1.0
    ref = label_sets(runs[0])
    values = [v for other in runs[1:] for v in best_match_jaccard(ref, label_sets(other)).values()]
    return sum(values) / len(values) if values else 0.0


def choose_k(X: Any, ks: Sequence[int], *, seed: int, make: Any, n_seeds: int = 3, sample: int = 1000, tolerance: float = 0.1) -> tuple[int, dict[int, dict[str, float]]]:
    """The k whose themes come back under other seeds (ties: best silhouette).

    ``make(k, seed)`` returns an unfitted clusterer with ``fit_predict``. Returns the k
    and, per k, its ``stability`` and ``silhouette`` (both on the sample).
    """
    import numpy as np
    from sklearn.metrics import silhouette_score

    n = X.shape[0]
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(n, size=min(n, sample), replace=False))
    Xs = X[rows]
    scores: dict[int, dict[str, float]] = {}
    for k in ks:
        if k >= len(rows):
            continue
        runs = [np.asarray(make(k, seed + r).fit_predict(Xs)) for r in range(n_seeds)]
        if len(set(runs[0].tolist())) < 2:
            continue
        scores[k] = {
            "stability": round(partition_stability([r.tolist() for r in runs]), 4),
            "silhouette": round(float(silhouette_score(Xs, runs[0], metric="cosine")), 4),
        }
    if not scores:
        return min(2, max(1, n - 1)), scores
    best = max(s["stability"] for s in scores.values())
    near = [k for k, s in scores.items() if s["stability"] >= best - tolerance]
    return max(near, key=lambda k: (scores[k]["silhouette"], -k)), scores


def _normalise(M: Any) -> Any:
    import numpy as np

    norms = np.linalg.norm(M, axis=-1, keepdims=True)
    return M / np.where(norms == 0, 1, norms)


def _plus_plus(X: Any, taken: Any, n_new: int, rng: Any) -> list[Any]:
    """``n_new`` new centres by k-means++: far from the codes and from each other."""
    import numpy as np

    if n_new <= 0 or X.shape[0] == 0:
        return []
    dist = np.clip(1.0 - (X @ taken.T).max(axis=1), 0.0, None) if len(taken) else np.ones(X.shape[0])
    out = []
    for _ in range(min(n_new, X.shape[0])):
        weights = dist**2
        total = weights.sum()
        i = int(rng.choice(X.shape[0], p=weights / total)) if total > 0 else int(rng.integers(X.shape[0]))
        out.append(X[i])
        dist = np.minimum(dist, np.clip(1.0 - X @ X[i], 0.0, None))
    return out


def seeded_kmeans(
    X: Any, S: Any, n_new: int, *, seed: int, anchor: float = ANCHOR, min_size: int = 3, n_iter: int = 30, extra: Any = None,
) -> tuple[Any, dict[int, int | None]]:
    """Spherical k-means started from the code vectors ``S`` plus free centres: ``extra``
    (given rows, e.g. text themes no code claimed) and ``n_new`` more placed by k-means++.

    Returns the theme of each row (0..k-1, numbered by first appearance of the centres
    that survive) and, per theme, the row of ``S`` it came from (None: a new theme).
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    S = _normalise(np.asarray(S, dtype=np.float64)).reshape(-1, X.shape[1]) if len(S) else np.zeros((0, X.shape[1]))
    fresh = [row for row in (extra if extra is not None else [])]
    fresh += _plus_plus(X, np.vstack([S, *fresh]) if fresh else S, n_new, rng)
    C = np.vstack([S, *fresh]) if len(fresh) else S.copy()
    origin = list(range(len(S))) + [None] * len(fresh)
    alive = np.ones(len(C), dtype=bool)
    labels = np.full(X.shape[0], -1)
    for step in range(n_iter):
        idx = np.where(alive)[0]
        new_labels = idx[(X @ C[idx].T).argmax(axis=1)]
        sizes = np.bincount(new_labels, minlength=len(C))
        # dissolve the smallest too-small theme, one at a time, so its members can settle
        small = [j for j in idx if sizes[j] < min_size]
        if small and len(idx) > 1:
            alive[min(small, key=lambda j: (sizes[j], j))] = False
            continue
        if step and (new_labels == labels).all():
            break
        labels = new_labels
        for j in idx:
            members = X[labels == j]
            mean = members.mean(axis=0) if len(members) else C[j]
            code = origin[j]
            C[j] = _normalise((1 - anchor) * mean + anchor * S[code] if code is not None else mean)
    idx = np.where(alive)[0]
    labels = idx[(X @ C[idx].T).argmax(axis=1)]
    kept = [j for j in idx if (labels == j).any()]
    renumber = {j: n for n, j in enumerate(kept)}
    codes: dict[int, int | None] = {}
    for j in kept:
        code = origin[j]
        centre = _normalise(X[labels == j].mean(axis=0))
        codes[renumber[j]] = code if code is not None and float(centre @ S[code]) >= KEEP_CODE else None
    return np.asarray([renumber[j] for j in labels.tolist()]), codes


def neighbour_labels(
    short: Sequence[Any], clustered: Sequence[Any], labels: Sequence[int], short_vectors: Any, centres: Any, centre_ids: Sequence[int],
    *, window: int = 3, min_similarity: float = 0.05,
) -> list[int]:
    """The theme each short segment takes: its turn's (the nearest clustered segment of the
    same document and speaker, at most ``window`` segments away), else the nearest theme
    centre (cosine >= ``min_similarity``), else -1.

    Segments are Segment-like (doc_id, start, speaker); ``short_vectors`` one row per short
    segment in the space of ``centres``.
    """
    import numpy as np

    by_doc: dict[Any, list[tuple[int, Any, int]]] = {}
    for seg, label in zip(clustered, labels):
        if label >= 0:
            by_doc.setdefault(seg.doc_id, []).append((int(seg.start), getattr(seg, "speaker", None), int(label)))
    for rows in by_doc.values():
        rows.sort()
    out = []
    sims = np.asarray(short_vectors) @ np.asarray(centres).T if len(centre_ids) else np.zeros((len(short), 0))
    for i, seg in enumerate(short):
        found = _turn_label(by_doc.get(seg.doc_id, []), int(seg.start), getattr(seg, "speaker", None), window)
        if found is None and sims.shape[1] and np.linalg.norm(short_vectors[i]) > 0:
            j = int(sims[i].argmax())
            found = int(centre_ids[j]) if sims[i, j] >= min_similarity else None
        out.append(-1 if found is None else found)
    return out


def _turn_label(rows: list[tuple[int, Any, int]], start: int, speaker: Any, window: int) -> int | None:
    """The theme of the nearest clustered segment of the same speaker, by position in the document."""
    import bisect

    if not rows:
        return None
    at = bisect.bisect_left(rows, (start,))
    best: tuple[int, int] | None = None
    for j in range(max(0, at - window), min(len(rows), at + window)):
        _, who, label = rows[j]
        if who != speaker:
            continue
        distance = abs(j - at) + (0 if j < at else 1)  # the segment before comes first: same turn, usually the question's answer
        if best is None or distance < best[0]:
            best = (distance, label)
    return best[1] if best else None


__all__ = ["ANCHOR", "KEEP_CODE", "best_match_jaccard", "choose_k", "label_sets", "neighbour_labels", "partition_stability", "seeded_kmeans"]
