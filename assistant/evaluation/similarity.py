"""Cosine similarity of sentence embeddings, as a ``Similarity`` for the groundedness metric.

The metric calls ``similarity(claim, passage)`` once per pair; embedding each text once and caching the
unit vector keeps a run over hundreds of claims and passages to a few batched model calls.

    >>> sim = EmbeddingSimilarity(embedder)          # doctest: +SKIP
    >>> sim.warm(claims + passages)                  # doctest: +SKIP
    >>> sim("Level 2 manages budgets", passage_text)  # doctest: +SKIP
    0.71
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from assistant.indexing.embedder import Embedder


class EmbeddingSimilarity:
    """``similarity(a, b)``: cosine of the two texts' embeddings, clipped to [0, 1]."""

    def __init__(self, embedder: Embedder, *, batch: int = 128) -> None:
        if batch <= 0:
            raise ValueError("batch must be positive")
        self.embedder = embedder
        self.batch = batch
        self._cache: dict[str, np.ndarray] = {}

    def warm(self, texts: Iterable[str]) -> None:
        """Embed every text not seen yet, in batches."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        for i in range(0, len(todo), self.batch):
            chunk = todo[i : i + self.batch]
            vecs = np.asarray(self.embedder.embed(chunk), dtype=np.float32)
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            vecs = (vecs / np.where(norms == 0, 1.0, norms)).astype(np.float32)
            for text, vec in zip(chunk, vecs, strict=True):
                self._cache[text] = vec

    def seed(self, texts: Iterable[str], vectors: np.ndarray) -> None:
        """Reuse vectors computed elsewhere (the index's chunk vectors, made by the same embedder)."""
        for text, vec in zip(texts, np.asarray(vectors, dtype=np.float32), strict=True):
            norm = float(np.linalg.norm(vec))
            self._cache.setdefault(text, vec / norm if norm else vec)

    def vector(self, text: str) -> np.ndarray:
        if text not in self._cache:
            self.warm([text])
        return self._cache[text]

    def __call__(self, a: str, b: str) -> float:
        cos = float(self.vector(a) @ self.vector(b))
        return min(1.0, max(0.0, cos))
