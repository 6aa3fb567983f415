"""Hybrid retriever: dense (FAISS inner product on unit vectors) + BM25, fused by reciprocal rank.

On top of the fusion, structured cues in the query (explicit ids such as ``A.4.L2``, category and
domain names, "level 2") lift the exact framework items the question names.

    >>> r = HybridRetriever(index, embedder, framework)       # doctest: +SKIP
    >>> [h.id for h in r.search("What is level 2 in finances?", k=3)]  # doctest: +SKIP
    ['A.4.L2', 'A.4', 'A.L2']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.framework.models import Framework
from assistant.indexing.chunks import Chunk
from assistant.indexing.embedder import Embedder
from assistant.indexing.store import Index
from assistant.retrieval.cues import Cues, find_cues

RRF_K = 60.0
DENSE_WEIGHT = 1.0
LEXICAL_WEIGHT = 0.6
CANDIDATES = 50
FRAMEWORK_PRIOR = 0.3
ABOUT_ID, ABOUT_DOC = "fw:about", "doc:about-the-framework#"  # lifted for questions about the framework's origins


@dataclass(frozen=True)
class Filters:
    """Restrict hits by kind, domain, category or level (each a set; empty means any)."""

    kinds: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    levels: frozenset[int] = frozenset()

    @classmethod
    def of(
        cls,
        kinds: Iterable[str] = (),
        domains: Iterable[str] = (),
        categories: Iterable[str] = (),
        levels: Iterable[int] = (),
    ) -> Filters:
        return cls(frozenset(kinds), frozenset(domains), frozenset(categories), frozenset(levels))

    def accepts(self, c: Chunk) -> bool:
        return (
            (not self.kinds or c.kind in self.kinds)
            and (not self.domains or c.domain in self.domains)
            and (not self.categories or c.category in self.categories)
            and (not self.levels or c.level in self.levels)
        )


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score, the dense cosine and the BM25 score behind it."""

    chunk: Chunk
    score: float
    dense: float
    lexical: float
    rank: int

    @property
    def id(self) -> str:
        return self.chunk.id


class Retriever(Protocol):
    def search(self, query: str, k: int = 5, filters: Filters | None = None) -> list[Hit]: ...


class HybridRetriever:
    """Dense + lexical retrieval over one loaded :class:`Index`."""

    def __init__(self, index: Index, embedder: Embedder, framework: Framework) -> None:
        if not index.chunks:
            raise ValueError("the index is empty: build it from a corpus with at least one item")
        if index.vectors.shape[1] != embedder.dim:
            raise ValueError(f"index dim {index.vectors.shape[1]} != embedder dim {embedder.dim}")
        self.index = index
        self.embedder = embedder
        self.framework = framework
        self._framework_mask = np.array([c.is_framework for c in index.chunks])
        self._domain_mask = np.array([c.kind == "domain" for c in index.chunks])
        self._about_boost = np.array([
            3.0 if c.id == ABOUT_ID else 1.0 if c.id.startswith(ABOUT_DOC) else 0.0 for c in index.chunks
        ])
        # practice examples vote for the statement they illustrate and are not returned themselves
        pairs = [(i, index.by_id[c.meta["statement"]]) for i, c in enumerate(index.chunks)
                 if c.kind == "example" and c.meta.get("statement") in index.by_id]
        self._example_idx = np.array([i for i, _ in pairs], dtype=np.int64)
        self._example_parent = np.array([p for _, p in pairs], dtype=np.int64)
        self._is_example = np.array([c.kind == "example" for c in index.chunks])

    def search(self, query: str, k: int = 5, filters: Filters | None = None) -> list[Hit]:
        if k <= 0:
            raise ValueError("k must be positive")
        return self.search_vector(query, self.embedder.embed_query(query), k, filters)

    def search_vector(self, query: str, qvec: np.ndarray, k: int = 5, filters: Filters | None = None) -> list[Hit]:
        """Search with a query vector computed elsewhere (e.g. in a batch)."""
        chunks = self.index.chunks
        n = len(chunks)
        dense = self.index.vectors @ qvec.astype(np.float32)
        lexical = self.index.bm25.scores(query)
        allowed = np.ones(n, dtype=bool) if filters is None else np.array([filters.accepts(c) for c in chunks])
        if not allowed.any():
            return []
        fused = np.zeros(n, dtype=np.float64)
        cand = min(CANDIDATES, n)
        d_masked = np.where(allowed, dense, -np.inf)
        for rank, i in enumerate(np.argsort(-d_masked)[:cand]):
            if allowed[i]:
                fused[i] += DENSE_WEIGHT / (RRF_K + rank + 1)
        l_masked = np.where(allowed & (lexical > 0), lexical, -np.inf)
        for rank, i in enumerate(np.argsort(-l_masked)[:cand]):
            if np.isfinite(l_masked[i]):
                fused[i] += LEXICAL_WEIGHT / (RRF_K + rank + 1)
        fused += self._cue_boost(find_cues(query, self.framework))
        fused, dense = self._fold_examples(fused, dense)
        fused = np.where(allowed & ~self._is_example, fused, -np.inf)
        order = [int(i) for i in np.argsort(-fused)[:k] if np.isfinite(fused[i]) and fused[i] > 0]
        return [
            Hit(chunk=chunks[i], score=float(fused[i]), dense=float(dense[i]), lexical=float(lexical[i]), rank=r)
            for r, i in enumerate(order, start=1)
        ]

    def _fold_examples(self, fused: np.ndarray, dense: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A statement scores at least as well as its best practice example, dense similarity included:
        everyday words ("the cafe's takings") reach the statement through the example that uses them."""
        if not self._example_idx.size:
            return fused, dense
        fused, dense = fused.copy(), dense.copy()
        np.maximum.at(fused, self._example_parent, fused[self._example_idx])
        np.maximum.at(dense, self._example_parent, dense[self._example_idx])
        return fused, dense

    def _cue_boost(self, cues: Cues) -> np.ndarray:
        unit = 1.0 / (RRF_K + 1)  # the score of a first place in one ranking
        # a small prior for the framework's own text over guidance and resources that paraphrase it
        boost = np.where(self._framework_mask, FRAMEWORK_PRIOR * unit, 0.0)
        if cues.overview_domains:
            boost += np.where(self._domain_mask, 2 * unit, 0.0)
        if cues.about_framework:
            boost += self._about_boost * unit
        if cues.empty:
            return boost
        for ident in cues.ids:
            i = self.index.by_id.get(ident)
            # "A.4 at level 3" or "domain B level 3" names a level of A.4 or B, not the item itself:
            # leave that to the category and domain cues below
            names_no_level = ".L" not in ident
            if i is not None and not (names_no_level and cues.levels):
                boost[i] += 3 * unit
        cats = set(cues.categories) | {i for i in cues.ids if "." in i and ".L" not in i and i[2:3].isdigit()}
        doms = set(cues.domains)
        levels = set(cues.levels)
        for i, c in enumerate(self.index.chunks):
            if c.kind == "level" and c.category in cats:
                boost[i] += (2 * unit) if c.level in levels else (0.6 if not levels else 0.3) * unit
            elif c.kind == "category" and c.category in cats:
                boost[i] += (1.2 if levels else 2) * unit
            elif c.kind == "domain_level" and c.domain in doms and not cats:
                boost[i] += (2 * unit) if (levels and c.level in levels) else 0.3 * unit
            elif c.kind == "domain" and c.domain in doms and not cats:
                boost[i] += (1.0 if levels else 2) * unit
        return boost
