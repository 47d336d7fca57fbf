"""Themes on big corpora (10^5-10^6 sentence segments) in bounded memory: the mini-batch path.

``TopicModel(clusterer="minibatch")`` (or ``"auto"`` above :data:`MINIBATCH_ABOVE`
segments) fits in passes over batches instead of holding the corpus:

1. **Read once, in batches** (from the store: ``store.iter_segment_batches``, one page of
   ``batch_size`` segments at a time). Each batch is analysed into Dutch lemmas as in the
   default path and kept only as a sparse count matrix over (form, lemma) pairs, plus a
   few integers per segment (document, offsets, speaker, initiative, role): no text stays
   in memory. The pairs become the theme words at the end exactly as in the default path
   (:func:`workbench.themes.text.display_forms`, stop words), so the words are the same.
2. **Embed**: ``tfidf``: TF-IDF over the counts, LSA fitted on a random sample of
   ``fit_sample`` segments and applied batch by batch; ``e5``/a named model: each batch
   embedded once while reading and written to the store's embedding cache, read back from
   it batch by batch later (never all vectors in memory).
3. **Themes from a sample, then every segment in batches**: the number of themes (by
   stability, as the default path, on 1,000 rows) and the first centres (k-means, or the
   codebook-guided seeded k-means) come from the sample; free themes then pass once over
   every batch with scikit-learn's ``MiniBatchKMeans.partial_fit`` started from those
   centres; every segment is assigned to its nearest centre batch by batch.
4. **Words**: BERTopic's class-based TF-IDF (``ClassTfidfTransformer``,
   ``reduce_frequent_words``) on the per-theme word counts summed from the count matrix:
   the same c-TF-IDF as the default path, over all segments, not a sample.
5. Short segments take the theme of their turn or nearest theme (as the default path);
   quotes are the members nearest the centre, their text read from the store at the end.

Why not BERTopic's own ``partial_fit`` (with ``OnlineCountVectorizer``)? It keeps every
document's topic in a Python list, re-tokenises each batch and re-weights its c-TF-IDF
with a decay, so the words describe the last batches best; here the counts are exact over
the corpus and the tokenising is done once (measured in ``benchmarks/themes_scale.py``).

Example:
    >>> model = TopicModel(clusterer="minibatch", batch_size=5000).fit_store(store, "sentence")   # doctest: +SKIP
    >>> model.themes_[0].keywords                                                              # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from workbench.errors import ThemeError
from workbench.i18n import t
from workbench.themes.embed import TFIDF, embed_texts, embedding_name
from workbench.themes.text import analyse, content_words, seg_attr, segment_key, stop_words, text_hash, without_tags

#: above this many segments ``clusterer = "auto"`` takes the mini-batch path: the default
#: path holds every segment, its words and a 100-d vector (about 2.6 KB a sentence measured
#: at 100,000) and its k-means runs over all rows; the mini-batch path stays near flat
MINIBATCH_ABOVE = 50_000
OUTLIER = -1
Key = tuple[str, int, int, int]


class Rows:
    """What a streamed fit keeps of each segment: integers, no text (codes for names)."""

    def __init__(self) -> None:
        self.names: dict[str, dict[Any, int]] = {"doc": {}, "speaker": {}, "initiative": {}, "role": {}}
        # 32-bit: 32 bytes a segment (a document of 2^31 characters is not a transcript)
        self.cols: dict[str, array[int]] = {c: array("i") for c in ("doc", "version", "start", "end", "speaker", "initiative", "role", "n_words")}
        self.hashes = bytearray()

    def code(self, kind: str, value: Any) -> int:
        table = self.names[kind]
        if value not in table:
            table[value] = len(table)
        return table[value]

    def add(self, seg: Any, hashed: str | None) -> None:
        d, v, s, e = segment_key(seg)
        for col, value in (("doc", self.code("doc", d)), ("version", v), ("start", s), ("end", e), ("speaker", self.code("speaker", getattr(seg, "speaker", None))),
                           ("initiative", self.code("initiative", seg_attr(seg, "initiative"))), ("role", self.code("role", seg_attr(seg, "role"))),
                           ("n_words", len(seg.text.split()))):
            self.cols[col].append(value)
        if hashed is not None:
            self.hashes += bytes.fromhex(hashed)

    def __len__(self) -> int:
        return len(self.cols["doc"])

    def finish(self) -> None:
        import numpy as np

        self.arrays = {c: np.frombuffer(a, dtype=np.int32) if len(a) else np.zeros(0, dtype=np.int32) for c, a in self.cols.items()}
        self.back: dict[str, list[Any]] = {kind: [None] * len(table) for kind, table in self.names.items()}
        for kind, table in self.names.items():
            for value, i in table.items():
                self.back[kind][i] = value

    def key(self, i: int) -> Key:
        a = self.arrays
        return (str(self.back["doc"][int(a["doc"][i])]), int(a["version"][i]), int(a["start"][i]), int(a["end"][i]))

    def value(self, kind: str, i: int) -> Any:
        return self.back[kind][int(self.arrays[kind][i])]

    def hash_of(self, i: int) -> str:
        return bytes(self.hashes[32 * i : 32 * i + 32]).hex()


class Counts:
    """Sparse counts of (form, lemma) pairs per segment, built batch by batch."""

    def __init__(self, words: str, extra: frozenset[str]) -> None:
        self.words, self.extra = words, extra
        self.pairs: dict[tuple[str, str], int] = {}
        self.pair_counts: array[int] = array("q")
        self.forms: set[str] = set()
        self.indptr, self.indices = array("q", [0]), array("i")  # pair ids: 4 bytes a word
        self.stop = stop_words(extra) if words == "dutch" else extra

    def pair_id(self, pair: tuple[str, str]) -> int:
        if pair not in self.pairs:
            self.pairs[pair] = len(self.pairs)
            self.pair_counts.append(0)
            self.forms.add(pair[0])
        return self.pairs[pair]

    def add_batch(self, segs: Sequence[Any]) -> None:
        analysed = [[(w, w) for w in s.lemmas] for s in segs] if self.words == "given" else analyse([s.text for s in segs])
        stop = self.stop
        for pairs in analysed:
            for pair in pairs:
                pid = self.pair_id(pair)
                self.pair_counts[pid] += 1
                if pair[0] not in stop and pair[1] not in stop:  # a stop word never becomes a theme word: not kept per segment
                    self.indices.append(pid)
            self.indptr.append(len(self.indices))

    def word_matrix(self) -> tuple[Any, list[str], dict[str, str]]:
        """Counts of theme words per segment (CSR), the words (sorted), and how lemmas are shown."""
        import numpy as np
        from scipy import sparse

        n_pairs = len(self.pairs)
        pairs_matrix = sparse.csr_matrix((np.ones(len(self.indices), dtype=np.int32), np.frombuffer(self.indices, dtype=np.int32) if len(self.indices) else np.zeros(0, dtype=np.int32),
                                          np.frombuffer(self.indptr, dtype=np.int64)), shape=(len(self.indptr) - 1, n_pairs))
        shown = self.shown()
        cache: dict[tuple[str, str], str | None] = {}
        word_of = [self._word(pair, shown, cache) for pair in self.pairs]
        vocab = sorted({w for w in word_of if w is not None})
        col = {w: j for j, w in enumerate(vocab)}
        rows = [i for i, w in enumerate(word_of) if w is not None]
        mapping = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, [col[word_of[i]] for i in rows])), shape=(n_pairs, len(vocab)))  # type: ignore[index]
        matrix = (pairs_matrix @ mapping).tocsr()
        matrix.sum_duplicates()
        return matrix, vocab, shown

    def shown(self) -> dict[str, str]:
        """How each lemma is shown (:func:`workbench.themes.text.display_forms`, from the pair counts)."""
        if self.words == "given":
            return {}
        per_lemma: dict[str, Counter[str]] = {}
        for (form, lemma), i in self.pairs.items():
            per_lemma.setdefault(lemma, Counter())[form] += self.pair_counts[i]
        return {lemma: lemma if lemma in self.forms else c.most_common(1)[0][0] for lemma, c in per_lemma.items()}

    def _word(self, pair: tuple[str, str], shown: dict[str, str], cache: dict[tuple[str, str], str | None]) -> str | None:
        if self.words == "given":
            return None if pair[0] in self.extra else pair[0]
        words = content_words([pair], shown, self.stop, cache)
        return words[0] if words else None

    def words_of(self, texts: Sequence[str], shown: dict[str, str]) -> list[list[str]]:
        """Theme words of other texts (a code's definition), as the segments' words."""
        if self.words == "given":
            return [[w for w in text.lower().split() if w not in self.extra] for text in texts]
        cache: dict[tuple[str, str], str | None] = {}
        return [content_words(pairs, shown, self.stop, cache) for pairs in analyse(texts)]


# -- reading ---------------------------------------------------------------------------------
def read_batches(model: Any, batches: Iterable[Sequence[Any]]) -> tuple[Rows, Counts]:
    """Pass 1: every batch once: rows, word counts, input hash, embeddings into the cache."""
    rows = Rows()
    counts = Counts(model.words, frozenset(w.strip().lower() for w in model.extra_stop_words if w.strip()))
    digest = hashlib.sha256()
    n_given = n_interviewer = 0
    embed = model.embedding != TFIDF
    for batch in batches:
        n_given += len(batch)
        for seg in batch:
            d, v, s, e = segment_key(seg)
            digest.update(f"{d}\x1f{v}\x1f{s}\x1f{e}\x1f{seg.text}\x1e".encode())
        kept = [s for s in batch if model.include_interviewer or not getattr(s, "is_interviewer", False)]
        n_interviewer += len(batch) - len(kept)
        if not kept:
            continue
        texts = [without_tags(s.text) for s in kept] if embed else None
        if texts is not None:
            embed_texts(texts, model.embedding, cache=model.vector_cache_)  # into the cache now; read back batch by batch later
        for i, seg in enumerate(kept):
            rows.add(seg, text_hash(texts[i]) if texts is not None else None)
        counts.add_batch(kept)
    rows.finish()
    model.input_hash_, model.n_segments_in_, model.n_interviewer_ = digest.hexdigest(), n_given, n_interviewer
    return rows, counts


class MemoryCache:
    """An embedding cache in memory, for a fit without a store."""

    def __init__(self) -> None:
        self.vectors: dict[tuple[str, str], Any] = {}

    def get_embeddings(self, model: str, hashes: Sequence[str]) -> dict[str, Any]:
        return {h: self.vectors[(model, h)] for h in hashes if (model, h) in self.vectors}

    def put_embeddings(self, model: str, vectors: Any) -> int:
        self.vectors.update({(model, h): v for h, v in vectors.items()})
        return len(vectors)


# -- vectors, batch by batch ---------------------------------------------------------------
class LSAVectors:
    """TF-IDF of the counts -> LSA fitted on a sample -> unit rows, for any rows asked."""

    def __init__(self, words: Any, core: Any, sample: Any, seed: int) -> None:
        import numpy as np
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfTransformer

        df = np.bincount(words[core].indices, minlength=words.shape[1])
        self.keep = np.where(df >= (2 if len(core) >= 200 else 1))[0]  # the default path's min_df
        self.tfidf = TfidfTransformer(sublinear_tf=True).fit(words[core][:, self.keep].astype(np.float64))
        self.words = words
        k = max(1, min(100, len(self.keep) - 1, len(sample) - 1))
        self.svd: Any = None
        if k >= 2:
            self.svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=5, random_state=seed).fit(self._tfidf(words[sample]))

    def _tfidf(self, counts: Any) -> Any:
        import numpy as np

        return self.tfidf.transform(counts[:, self.keep].astype(np.float64))

    def of_counts(self, counts: Any) -> Any:
        from sklearn.preprocessing import normalize

        matrix = self._tfidf(counts)
        return normalize(matrix.toarray() if self.svd is None else self.svd.transform(matrix))

    def rows(self, idx: Any) -> Any:
        return self.of_counts(self.words[idx])


class CachedVectors:
    """Vectors of a sentence model, read back from the embedding cache by text hash."""

    def __init__(self, rows: Rows, embedding: str, cache: Any, batch_size: int) -> None:
        self.rows_, self.name, self.cache, self.batch_size = rows, embedding_name(embedding), cache, batch_size

    def rows(self, idx: Any) -> Any:
        """Unit vectors of rows ``idx``, asked of the cache at most ``batch_size`` at a time."""
        import numpy as np

        parts = []
        for part in in_batches(idx, self.batch_size):
            hashes = [self.rows_.hash_of(int(i)) for i in part]
            found = self.cache.get_embeddings(self.name, hashes)
            parts.append(np.vstack([np.asarray(found[h], dtype=np.float64) for h in hashes]))
        return _unit(np.vstack(parts)) if parts else np.zeros((0, 1))


def in_batches(idx: Any, size: int) -> Iterator[Any]:
    for i in range(0, len(idx), size):
        yield idx[i : i + size]


def _unit(vectors: Any) -> Any:
    import numpy as np

    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)



# -- the fit ------------------------------------------------------------------------------
def fit_stream(model: Any, batches: Iterable[Sequence[Any]], texts: Callable[[list[Key]], dict[Key, str]], *, clock: Any, engine: Callable[[], Any]) -> Any:
    """The mini-batch fit of ``model`` (a TopicModel; see the module's text). Sets the fitted
    attributes of the default path, except that members are kept by key (``member_rows()``),
    not as segments. ``texts(keys)`` gives the text of the quotes at the end; ``engine()``
    returns BERTopic's parts (for its ``ClassTfidfTransformer``)."""
    import numpy as np

    model.vector_cache_ = model.embedding_cache if model.embedding_cache is not None else MemoryCache()
    with clock("prepare"):
        rows, counts = read_batches(model, batches)
        words, vocab, shown = counts.word_matrix()
        core, short = _split_short(model, words, len(rows))
        sample = np.sort(np.random.default_rng(model.seed).choice(core, size=min(len(core), model.fit_sample), replace=False))
    with clock("embed"):
        vectors: Any = LSAVectors(words, core, sample, model.seed) if model.embedding == TFIDF else CachedVectors(rows, model.embedding, model.vector_cache_, model.batch_size)
        Xs = vectors.rows(sample)
        model.seed_vectors_ = _seed_vectors(model, counts, shown, vocab, vectors, Xs.shape[1])
    with clock("estimate_k"):
        centres, origin = _sample_themes(model, Xs, len(core))
    with clock("cluster_ctfidf"):
        labels, sums = _assign(model, vectors, core, centres, len(rows), refine=not model.is_guided)
        labels, sums, origin = _by_size(labels, sums, origin)
        keywords = _keywords(model, words, labels, vocab, engine)
    with clock("themes"):
        centres = _unit(sums)
        short_labels = _short_labels(rows, core, short, labels, vectors, centres)
        labels[short] = short_labels
        model.n_by_neighbour_ = int((short_labels != OUTLIER).sum())
        _finish(model, rows, vectors, np.sort(np.concatenate([core, short])), short, labels, centres, origin, keywords, texts)
    model.timings_ = clock.done()
    model.rows_, model.sample_vectors_, model.sample_rows_, model.n_fit_sample_ = rows, Xs, sample, len(sample)
    model.embedding_name_ = embedding_name(model.embedding)
    return model


def _split_short(model: Any, words: Any, n_rows: int) -> tuple[Any, Any]:
    """Rows with ``min_words`` theme words or more (clustered), and the short ones (placed afterwards)."""
    import numpy as np

    n_words = np.asarray(words.sum(axis=1)).ravel()
    core = np.where(n_words >= model.min_words)[0]
    short = np.where(n_words < model.min_words)[0] if model.assign_short else np.zeros(0, dtype=np.int64)
    model.n_too_short_ = int(n_rows - len(core))
    if len(core) < 4:
        raise ThemeError(None, t("themes_too_little_text", n=len(core), given=model.n_segments_in_, min_words=model.min_words), t("themes_too_little_text_fix"))
    return core, short


def _seed_vectors(model: Any, counts: Counts, shown: dict[str, str], vocab: list[str], vectors: Any, dim: int) -> Any:
    """The codes' vectors in the segments' space (codebook-guided runs)."""
    import numpy as np
    from scipy import sparse

    if not model.seeds:
        return np.zeros((0, dim))
    if model.embedding != TFIDF:
        return _unit(np.asarray(embed_texts([s.text for s in model.seeds], model.embedding, cache=model.vector_cache_), dtype=np.float64))
    texts = [" ".join(s.lemmas or s.text.lower().split()) for s in model.seeds] if model.words == "given" else [s.text for s in model.seeds]
    col = {w: j for j, w in enumerate(vocab)}
    cells = [(i, col[w]) for i, ws in enumerate(counts.words_of(texts, shown)) for w in ws if w in col]
    matrix = sparse.csr_matrix((np.ones(len(cells)), ([r for r, _ in cells], [c for _, c in cells])), shape=(len(texts), len(vocab)))
    return _unit(vectors.of_counts(matrix))


def _sample_themes(model: Any, Xs: Any, n_core: int) -> tuple[Any, list[Any]]:
    """Centres (unit) and each centre's code (None: new) from the sample: the number of themes
    by stability as in the default path, k-means, or the codebook-guided seeded k-means."""
    import numpy as np

    if model.is_guided:
        labels, model.k_, model.k_scores_ = model.guided_labels(Xs)
        origin_of = model._guided_origin
    else:
        if model.n_themes == "auto":
            model.k_, model.k_scores_ = model._choose_k(Xs, model._k_range(n_core))
        else:
            model.k_, model.k_scores_ = min(int(model.n_themes), n_core - 1, Xs.shape[0] - 1), {}
        labels = np.asarray(model._make(model.k_, Xs.shape[0]).fit_predict(Xs))
        origin_of = {}
    ids = sorted(set(labels.tolist()))
    centres = _unit(np.vstack([Xs[labels == c].mean(axis=0) for c in ids]))
    return centres, [origin_of.get(c) for c in ids]


def _assign(model: Any, vectors: Any, core: Any, centres: Any, n_rows: int, *, refine: bool) -> tuple[Any, Any]:
    """Every clustered row to its nearest centre, batch by batch; free themes first pass once
    over all rows with ``MiniBatchKMeans.partial_fit`` from the sample's centres. Returns the
    labels (OUTLIER for rows not clustered) and each centre's sum of member vectors."""
    import numpy as np

    labels = np.full(n_rows, OUTLIER, dtype=np.int64)
    nearest: Callable[[Any], Any] = lambda V: (V @ centres.T).argmax(axis=1)  # noqa: E731  (cosine: the seeded k-means' rule)
    if refine:
        from sklearn.cluster import MiniBatchKMeans

        mbk = MiniBatchKMeans(n_clusters=len(centres), init=centres, n_init=1, random_state=model.seed, batch_size=model.batch_size)
        order = core[np.random.default_rng(model.seed + 1).permutation(len(core))]
        for idx in in_batches(order, model.batch_size):
            mbk.partial_fit(vectors.rows(np.sort(idx)))
        nearest = mbk.predict
    sums = np.zeros((len(centres), centres.shape[1]))
    for idx in in_batches(core, model.batch_size):
        V = vectors.rows(idx)
        labels[idx] = nearest(V)
        np.add.at(sums, labels[idx], V)
    return labels, sums


def _by_size(labels: Any, sums: Any, origin: list[Any]) -> tuple[Any, Any, list[Any]]:
    """Themes numbered by size, largest first (as BERTopic numbers them); empty centres dropped."""
    import numpy as np

    sizes = np.bincount(labels[labels >= 0], minlength=len(sums))
    keep = sorted((j for j in range(len(sums)) if sizes[j]), key=lambda j: (-sizes[j], j))
    new_id = np.full(len(sums) + 1, OUTLIER, dtype=np.int64)
    new_id[keep] = np.arange(len(keep))
    out = labels.copy()
    out[labels >= 0] = new_id[labels[labels >= 0]]
    return out, sums[keep], [origin[j] for j in keep]


def _keywords(model: Any, words: Any, labels: Any, vocab: list[str], engine: Callable[[], Any]) -> list[tuple[str, ...]]:
    """BERTopic's class-based TF-IDF over each theme's summed word counts (all clustered rows)."""
    import numpy as np
    from scipy import sparse

    _, _, ClassTfidfTransformer = engine()
    rows = np.where(labels >= 0)[0]
    k = int(labels.max()) + 1
    onehot = sparse.csr_matrix((np.ones(len(rows)), (labels[rows], rows)), shape=(k, words.shape[0]))
    per_theme = (onehot @ words).tocsr()
    used = np.where(np.asarray(per_theme.sum(axis=0)).ravel() > 0)[0]  # words of short segments only are no theme's (as in the default path)
    per_theme = per_theme[:, used]
    ctfidf = ClassTfidfTransformer(reduce_frequent_words=True)
    scores = ctfidf.fit(per_theme).transform(per_theme).toarray()
    out = []
    for j in range(k):
        order = np.lexsort((used, -scores[j]))[: model.top_n_words]
        out.append(tuple(vocab[used[i]] for i in order if scores[j, i] > 0))
    return out


def _short_labels(rows: Rows, core: Any, short: Any, labels: Any, vectors: Any, centres: Any, *, window: int = 3, min_similarity: float = 0.05) -> Any:
    """:func:`workbench.themes.cluster.neighbour_labels` on arrays: the theme of the nearest
    clustered segment of the same document and speaker (at most ``window`` clustered segments
    away, the one before first), else of the nearest centre (cosine >= ``min_similarity``)."""
    import numpy as np

    out = np.full(len(short), OUTLIER, dtype=np.int64)
    if not len(short):
        return out
    doc, speaker = rows.arrays["doc"], rows.arrays["speaker"]
    is_core = np.zeros(len(rows), dtype=bool)
    is_core[core] = True
    at = (np.cumsum(is_core) - is_core)[short]  # clustered rows before each short one: bisect_left in its document
    best = np.full(len(short), np.iinfo(np.int64).max)
    for offset in sorted(range(-window, window), key=lambda o: (abs(o) + (0 if o < 0 else 1), o)):
        j = at + offset
        ok = (j >= 0) & (j < len(core))
        cand = core[np.clip(j, 0, len(core) - 1)]
        ok &= (doc[cand] == doc[short]) & (speaker[cand] == speaker[short]) & (best == np.iinfo(np.int64).max)
        out[ok] = labels[cand[ok]]
        best[ok] = 0
    alone = np.where(out == OUTLIER)[0]
    for part in in_batches(alone, 5000):
        V = vectors.rows(short[part])
        sims = V @ centres.T
        j = sims.argmax(axis=1)
        hit = (np.linalg.norm(V, axis=1) > 0) & (sims[np.arange(len(part)), j] >= min_similarity)
        out[part[hit]] = j[hit]
    return out


def _finish(model: Any, rows: Rows, vectors: Any, kept: Any, short: Any, labels: Any, centres: Any, origin: list[Any], keywords: list[tuple[str, ...]],
            texts: Callable[[list[Key]], dict[Key, str]]) -> None:
    """Probabilities, quotes and themes over the kept rows (clustered and short), batch by batch."""
    import numpy as np

    probs = np.zeros(len(rows))
    top = max(50, 20 * model.n_quotes)
    candidates: dict[int, list[tuple[float, int]]] = {j: [] for j in range(len(centres))}
    is_short = np.zeros(len(rows), dtype=bool)
    is_short[short] = True
    for idx in in_batches(kept, model.batch_size):
        sims = vectors.rows(idx) @ centres.T
        z = np.exp((sims - sims.max(axis=1, keepdims=True)) / 0.05)
        own = labels[idx]
        ok = own >= 0
        probs[idx[ok]] = (z[ok, own[ok]] / z[ok].sum(axis=1))
        for j in np.unique(own[ok & ~is_short[idx]]):
            mine = np.where((own == j) & ~is_short[idx])[0]
            mine = mine[np.argsort(-sims[mine, j], kind="stable")[:top]]  # the batch's best only: the rest can never be quoted
            candidates[int(j)] = sorted(candidates[int(j)] + [(-float(sims[m, j]), int(idx[m])) for m in mine])[:top]
    model.row_index_, model.labels_, model.probabilities_, model.is_short_ = kept, labels[kept], probs[kept], is_short[kept]
    model.n_outliers_, model.n_outliers_before_ = int((model.labels_ == OUTLIER).sum()), 0
    model.centres_, model.theme_ids_ = centres, list(range(len(centres)))
    model.origin_ = {j: origin[j] for j in range(len(centres))}
    model.themes_ = _themes(model, rows, kept, labels, keywords, origin, candidates, texts)


def _themes(model: Any, rows: Rows, kept: Any, labels: Any, keywords: list[tuple[str, ...]], origin: list[Any],
            candidates: dict[int, list[tuple[float, int]]], texts: Callable[[list[Key]], dict[Key, str]]) -> list[Any]:
    """One :class:`workbench.themes.records.Theme` per theme: words, size, counts and shares per
    initiative and role, quotes (text read for the picked ones only)."""
    import numpy as np

    from workbench.themes.records import Theme, draft_label

    a = rows.arrays
    picked = {j: _pick_quotes(model, rows, [i for _, i in candidates[j]]) for j in candidates}
    found = texts([rows.key(i) for ids in picked.values() for i in ids])
    out = []
    for j, words in enumerate(keywords):
        members = kept[labels[kept] == j]
        counted = {}
        for kind in ("initiative", "role"):
            n_all = np.bincount(a[kind][kept], minlength=len(rows.back[kind]))
            n_mine = np.bincount(a[kind][members], minlength=len(rows.back[kind]))
            counted[kind] = {rows.back[kind][c]: (int(n_mine[c]), round(int(n_mine[c]) / int(n_all[c]), 4)) for c in np.nonzero(n_mine)[0] if rows.back[kind][c]}
        code = origin[j]
        out.append(Theme(
            id=j, label=draft_label(words), keywords=words, size=int(len(members)),
            quotes=tuple(_quote(rows, i, found) for i in picked[j] if rows.key(i) in found),
            count_initiative={k: v[0] for k, v in sorted(counted["initiative"].items())}, share_initiative={k: v[1] for k, v in sorted(counted["initiative"].items())},
            count_role={k: v[0] for k, v in sorted(counted["role"].items())}, share_role={k: v[1] for k, v in sorted(counted["role"].items())},
            code_id=code.code_id if code else None, code_label=code.label if code else None,
        ))
    return out


def _pick_quotes(model: Any, rows: Rows, order: list[int]) -> list[int]:
    """The default path's choice: nearest the centre, never a flagged span, segments of 6+
    words first, one per document, then filled up."""
    hidden = getattr(model, "_unquotable", None)
    if hidden is not None:
        order = [i for i in order if not hidden(rows.key(i))]
    long_enough = [i for i in order if rows.arrays["n_words"][i] >= 6] or order
    picked: list[int] = []
    docs: set[int] = set()
    for i in long_enough:
        doc = int(rows.arrays["doc"][i])
        if doc not in docs:
            picked.append(i)
            docs.add(doc)
        if len(picked) == model.n_quotes:
            return picked
    return picked + [i for i in long_enough if i not in picked][: model.n_quotes - len(picked)]


def _quote(rows: Rows, i: int, found: dict[Key, str]) -> Any:
    from workbench.themes.records import Quote

    key = rows.key(i)
    return Quote(*key, found[key], rows.value("initiative", i), rows.value("role", i))


def sample_stability(model: Any, seeds: Sequence[int]) -> dict[int, float]:
    """Stability of a mini-batch fit's themes, measured on its fit sample: the sample's rows
    assigned by the run's centres against the themes the sample gives under each other seed
    (mean best-match Jaccard, as :func:`workbench.themes.stability.stability_of`)."""
    import numpy as np

    from workbench.themes.cluster import best_match_jaccard, label_sets

    Xs = model.sample_vectors_
    reference = label_sets((Xs @ model.centres_.T).argmax(axis=1).tolist())
    scores: dict[int, list[float]] = {j: [] for j in range(len(model.centres_))}
    for seed in seeds:
        if seed == model.seed:
            continue
        other = model.clone(seed=seed, n_themes=model.k_ if model.n_themes == "auto" and model.k_ else model.n_themes)
        other._check_params()
        other.clusterer_, other.vector_cache_ = "minibatch", model.vector_cache_
        if other.is_guided:
            other.seed_vectors_ = model.seed_vectors_
        centres, _ = _sample_themes(other, Xs, len(Xs))
        theirs = label_sets(np.asarray((Xs @ centres.T).argmax(axis=1)).tolist())
        for j, value in best_match_jaccard(reference, theirs).items():
            scores[j].append(value)
    return {j: round(sum(v) / len(v), 4) if v else 1.0 for j, v in scores.items()}
