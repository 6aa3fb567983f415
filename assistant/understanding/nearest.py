"""Labelled example sentences as unit vectors, asked for the label nearest to a text: a judge from examples.

The coach's reply senses (:mod:`assistant.coaching.senses`) and the reader's follow-up check
(:mod:`assistant.understanding.followups`) both read a short text by its nearest labelled example; this is
the one place that holds the vectors and finds the nearest. Contrast labels ("answer", "standalone") are
examples like any other: a text nearest to one of them is not the thing asked about.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

Embed = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class LabelledVectors:
    """Examples as unit vectors, with the label of each row."""

    labels: tuple[str, ...]
    vectors: np.ndarray

    @classmethod
    def of(cls, block: Mapping[str, Sequence[str]] | Mapping[Any, Sequence[str]], embed: Embed) -> LabelledVectors:
        """``block``: label -> example sentences; ``embed``: texts -> unit vectors (a cache, or the embedder)."""
        rows = [(str(label), text) for label, texts in block.items() for text in texts]
        return cls(tuple(label for label, _ in rows), embed([t for _, t in rows]))

    def nearest(self, vectors: np.ndarray) -> tuple[str, float]:
        """The label of the example nearest to any of ``vectors``, and its cosine (ties: the first row)."""
        sims = np.atleast_2d(vectors) @ self.vectors.T
        flat = int(np.argmax(sims))
        return self.labels[flat % len(self.labels)], float(sims.flat[flat])
