"""Test doubles that are real implementations of our protocols (house style point 9).

``HashEmbedder`` follows Haystack's hash-based mock embedder: each token is hashed into a signed
bucket, so equal texts get equal vectors, texts sharing words are similar, and no model is loaded.

    >>> e = HashEmbedder()
    >>> e.embed(["budgets", "visitors"]).shape
    (2, 384)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from assistant.indexing.lexical import tokenize


class HashEmbedder:
    """Deterministic bag-of-hashed-words embedder implementing :class:`assistant.indexing.embedder.Embedder`."""

    def __init__(self, model_id: str = "test/hash-embedder", dim: int = 384) -> None:
        if dim <= 0:
            raise ValueError("dim must be positive")
        self.model_id = model_id
        self.dim = dim
        self.calls = 0

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for token in tokenize(text) or [text.strip().lower() or "<empty>"]:
            digest = hashlib.sha256(token.encode()).digest()
            bucket = int.from_bytes(digest[:4], "little") % self.dim
            vec[bucket] += 1.0 if digest[4] & 1 else -1.0
        norm = float(np.linalg.norm(vec))
        if norm == 0.0:  # tokens cancelled out: fall back to a fixed unit vector
            vec[0], norm = 1.0, 1.0
        return vec / norm

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts]).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]
