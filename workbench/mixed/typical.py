"""How typical a fragment is of its code: cosine similarity to the code's centre.

Every fragment of a code is a TF-IDF vector (words and word pairs, fitted on the code's
own fragments, offline and deterministic); the code's centre is their mean. The most
typical quote of a cell is the fragment closest to that centre, so a joint display shows
what the code usually sounds like, not its longest or oddest fragment.

Example:
    >>> scores = typicality(["ik voel me alleen", "ik ben vaak alleen thuis", "de bus rijdt"])
    >>> max(range(3), key=scores.__getitem__)
    1
"""

from __future__ import annotations

from collections.abc import Sequence


def typicality(texts: Sequence[str]) -> list[float]:
    """Per text: cosine similarity to the centre of all texts (1.0 for a single text)."""
    if len(texts) <= 1:
        return [1.0] * len(texts)
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        matrix = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1).fit_transform(texts)
    except ValueError:  # only stop words or empty texts: nothing to compare
        return [0.0] * len(texts)
    centre = np.asarray(matrix.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centre))
    if norm == 0:
        return [0.0] * len(texts)
    sims = matrix @ (centre / norm)  # rows are L2-normalised by TfidfVectorizer
    return [float(x) for x in np.asarray(sims).ravel()]
