"""Topic quality as the BERTopic paper measured it: NPMI coherence and topic diversity.

- :func:`npmi`: gensim's ``c_npmi`` (what OCTIS calls): word probabilities from a boolean
  sliding window of 10 tokens over each reference text (a text shorter than the window
  is one window), NPMI of every pair of a topic's top words with epsilon 1e-12, averaged
  over pairs and then over topics.
- :func:`diversity`: unique words among all topics' top words / (topics x top words).

Example:
    >>> diversity([["a", "b"], ["b", "c"]])
    0.75
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import combinations


def diversity(topics: Sequence[Sequence[str]], top_n: int = 10) -> float:
    """Share of unique words among the top ``top_n`` words of all topics (OCTIS TopicDiversity)."""
    words = [w for t in topics for w in list(t)[:top_n]]
    return len(set(words)) / len(words) if words else 0.0


def npmi(topics: Sequence[Sequence[str]], texts: Iterable[Sequence[str]], *, top_n: int = 10, window: int = 10, eps: float = 1e-12) -> float:
    """Mean NPMI of the topics' top words over ``texts`` (lists of tokens), gensim c_npmi style."""
    tops = [list(t)[:top_n] for t in topics if len(t)]
    vocab = {w for t in tops for w in t}
    single: dict[str, int] = dict.fromkeys(vocab, 0)
    pairs: dict[tuple[str, str], int] = {}
    n_windows = 0
    for text in texts:
        tokens = list(text)
        if len(tokens) <= window:
            spans: Iterable[Sequence[str]] = [tokens]
        else:
            spans = (tokens[i : i + window] for i in range(len(tokens) - window + 1))
        for span in spans:
            n_windows += 1
            present = sorted(vocab.intersection(span))
            for w in present:
                single[w] += 1
            for a, b in combinations(present, 2):
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    if not n_windows:
        return 0.0
    scores = []
    for t in tops:
        values = []
        for a, b in combinations(t, 2):
            key = (a, b) if a < b else (b, a)
            p_ab = pairs.get(key, 0) / n_windows
            p_a, p_b = single.get(a, 0) / n_windows, single.get(b, 0) / n_windows
            if p_a == 0 or p_b == 0:
                values.append(0.0)  # a word the reference never has: gensim gives 0 via eps
                continue
            pmi = math.log((p_ab + eps) / (p_a * p_b))
            values.append(pmi / -math.log(p_ab + eps))
        if values:
            scores.append(sum(values) / len(values))
    return sum(scores) / len(scores) if scores else 0.0
