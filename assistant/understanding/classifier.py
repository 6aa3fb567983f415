"""Sentence classifiers: logistic regression on frozen all-MiniLM-L6-v2 vectors of examples kept as data.

Two are trained when the index is built (``isl-assistant index build``): the reader's intents from
``prompts/intents.yaml`` and the coach's acts from ``prompts/coaching/acts.yaml``. Each is stored beside the
index as ``<name>.npz`` (weights) and ``<name>.json`` (what it was trained from), ``name`` being ``reader``
or ``acts``. Loading checks that record against the examples and the model in hand and retrains, in
memory, when they differ: a stale classifier is never used. The weights are plain arrays (no pickle), so
loading runs no code.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from sklearn.linear_model import LogisticRegression

from assistant.indexing.embedder import Embedder

log = logging.getLogger(__name__)

READER = "reader"  # the file stem of the intent classifier
CLASSIFIER_VERSION = 1
# Inverse regularisation strength, chosen on the dev questions with benchmarks/calibrate_reader.py.
DEFAULT_C = 1.0


class TrainingSet(Protocol):
    """Labelled example sentences with a version reference and a hash of their content."""

    @property
    def ref(self) -> str: ...

    @property
    def content_hash(self) -> str: ...

    def pairs(self) -> Sequence[tuple[str, str]]: ...


@dataclass(frozen=True)
class IntentModel:
    """Multinomial logistic regression as arrays: ``probabilities(v) = softmax(v @ coef.T + intercept)``."""

    classes: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray
    record: dict[str, Any]

    def __post_init__(self) -> None:
        n = len(self.classes)
        if self.coef.ndim != 2 or self.coef.shape[0] != n or self.intercept.shape != (n,):
            raise ValueError(f"weights {self.coef.shape} / {self.intercept.shape} do not fit {n} classes")

    def check_fits(self, labels: Collection[str], dim: int, what: str) -> None:
        """Raise ValueError unless every class is one of ``labels`` and the weights take ``dim``-dim vectors."""
        unknown = [c for c in self.classes if c not in labels]
        if unknown:
            raise ValueError(f"the {what} classifier knows labels its user does not: {', '.join(unknown)}")
        if self.coef.shape[1] != dim:
            raise ValueError(f"{what} classifier dim {self.coef.shape[1]} != embedder dim {dim}")

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """One row of class probabilities per row of ``vectors`` (unit vectors from the same model)."""
        logits = np.atleast_2d(vectors) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return np.asarray(e / e.sum(axis=1, keepdims=True))

    def save(self, folder: Path, name: str = READER) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez(folder / f"{name}.npz", coef=self.coef, intercept=self.intercept, classes=np.array(self.classes))
        (folder / f"{name}.json").write_text(json.dumps(self.record, indent=2) + "\n", encoding="utf-8")


def record_for(examples: TrainingSet, embedder: Embedder, c: float) -> dict[str, Any]:
    """What a classifier is trained from; two classifiers with the same record are the same."""
    return {"classifier_version": CLASSIFIER_VERSION, "examples": examples.ref,
            "examples_hash": examples.content_hash, "model_id": embedder.model_id, "dim": embedder.dim, "C": c}


def train(examples: TrainingSet, embedder: Embedder, *, c: float = DEFAULT_C) -> IntentModel:
    """Embed every example once and fit the classifier (a few seconds on a laptop CPU)."""
    if c <= 0:
        raise ValueError(f"C must be positive, got {c}")
    t0 = time.perf_counter()
    pairs = examples.pairs()
    texts, labels = [t for t, _ in pairs], [i for _, i in pairs]
    vectors = np.vstack([embedder.embed(texts[i:i + 64]) for i in range(0, len(texts), 64)])
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(vectors, labels)
    record = record_for(examples, embedder, c) | {
        "examples_count": len(texts), "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "train_seconds": round(time.perf_counter() - t0, 3)}
    return IntentModel(tuple(str(k) for k in clf.classes_), np.asarray(clf.coef_, dtype=np.float32),
                       np.asarray(clf.intercept_, dtype=np.float32), record)


def load(folder: Path, examples: TrainingSet, embedder: Embedder, *, c: float = DEFAULT_C,
         name: str = READER) -> IntentModel | None:
    """The stored classifier when it was trained from these examples and this model; else None."""
    try:
        record = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        arrays = np.load(folder / f"{name}.npz", allow_pickle=False)
    except (OSError, ValueError) as exc:
        log.info("no stored %s classifier in %s (%s)", name, folder, exc)
        return None
    want = record_for(examples, embedder, c)
    if any(record.get(k) != v for k, v in want.items()):
        log.warning("the %s classifier in %s was trained from other examples or another model", name, folder)
        return None
    return IntentModel(tuple(str(x) for x in arrays["classes"]), arrays["coef"], arrays["intercept"], record)


def load_or_train(folder: Path, examples: TrainingSet, embedder: Embedder, *, c: float = DEFAULT_C,
                  save: bool = True, name: str = READER) -> IntentModel:
    """The stored classifier if current, else a new one (saved beside the index when ``save``)."""
    model = load(folder, examples, embedder, c=c, name=name)
    if model is not None:
        return model
    model = train(examples, embedder, c=c)
    if save:
        try:
            model.save(folder, name)
        except OSError as exc:  # a read-only index folder still serves, with the classifier in memory
            log.warning("could not store the %s classifier in %s: %s", name, folder, exc)
    return model
