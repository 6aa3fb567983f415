"""Ranked-retrieval metrics: recall@k, MRR and nDCG@k over (retrieved ids, expected ids) cases.

Each case is a pair ``(retrieved, expected)``: ``retrieved`` the ids in rank order, best first;
``expected`` the ids a correct retrieval should surface. A case with no expected ids (a question the
assistant should refuse, say) cannot be scored: its ``per_case`` entry is ``None`` and it is counted in
``details["excluded"]``. A retrieved id listed twice counts once, at its first rank, so a retriever cannot
earn credit (or push nDCG above 1) by repeating itself.

>>> recall_at_k([(["A.4", "B.2"], {"A.4", "C.1"})], k=1).score
0.5
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from numbers import Real
from typing import Any

from assistant.evaluation.metrics.base import (
    MetricResult,
    mean_or_nan,
    require_cases,
    require_ids,
    require_positive_int,
)

RetrievalCase = tuple[Sequence[str], Collection[str]]
"""``(retrieved ids in rank order, expected ids)``; for nDCG ``expected`` may map id -> graded gain."""

DEFAULT_K = 10


def _checked(metric: str, cases: Sequence[RetrievalCase]) -> list[tuple[list[str], Collection[str]]]:
    """Validate every case and return them with duplicate retrieved ids dropped (first rank kept)."""
    require_cases(metric, cases)
    out: list[tuple[list[str], Collection[str]]] = []
    for i, case in enumerate(cases):
        if not isinstance(case, tuple | list) or len(case) != 2:
            raise ValueError(f"{metric}: case {i} must be a pair (retrieved ids, expected ids), got {case!r}")
        retrieved, expected = case
        if not isinstance(retrieved, Sequence) or isinstance(retrieved, str):
            raise ValueError(
                f"{metric}: case {i}: retrieved ids must be a ranked list, got {type(retrieved).__name__}"
            )
        require_ids(metric, retrieved, f"case {i}: retrieved ids")
        require_ids(metric, expected, f"case {i}: expected ids")
        out.append((list(dict.fromkeys(retrieved)), expected))
    return out


def _result(name: str, per_case: list[float | None], extra: dict[str, Any]) -> MetricResult:
    excluded = [i for i, v in enumerate(per_case) if v is None]
    details = {
        **extra,
        "cases": len(per_case),
        "scored": len(per_case) - len(excluded),
        "excluded": len(excluded),
        "excluded_cases": excluded,
    }
    return MetricResult(name, mean_or_nan(per_case), tuple(per_case), details)


def recall_at_k(cases: Sequence[RetrievalCase], k: int = DEFAULT_K) -> MetricResult:
    """Share of each case's expected ids found in its top ``k`` retrieved ids, averaged over cases."""
    metric = "recall_at_k"
    require_positive_int(metric, k, "k")
    per_case: list[float | None] = []
    for retrieved, expected in _checked(metric, cases):
        relevant = set(expected)
        per_case.append(len(relevant.intersection(retrieved[:k])) / len(relevant) if relevant else None)
    return _result(f"recall@{k}", per_case, {"k": k})


def mrr(cases: Sequence[RetrievalCase], k: int | None = None) -> MetricResult:
    """Mean reciprocal rank of the first expected id; 0 for a case where none is retrieved (within ``k``)."""
    metric = "mrr"
    if k is not None:
        require_positive_int(metric, k, "k")
    per_case: list[float | None] = []
    for retrieved, expected in _checked(metric, cases):
        relevant = set(expected)
        if not relevant:
            per_case.append(None)
            continue
        ranked = retrieved if k is None else retrieved[:k]
        first = next((rank for rank, doc_id in enumerate(ranked, start=1) if doc_id in relevant), None)
        per_case.append(1.0 / first if first else 0.0)
    return _result("mrr" if k is None else f"mrr@{k}", per_case, {"k": k})


def _gains(metric: str, index: int, expected: Collection[str]) -> dict[str, float]:
    if not isinstance(expected, Mapping):
        return dict.fromkeys(expected, 1.0)
    gains: dict[str, float] = {}
    for doc_id, gain in expected.items():
        if isinstance(gain, bool) or not isinstance(gain, Real) or not float(gain) > 0:
            raise ValueError(
                f"{metric}: case {index}: graded gain for {doc_id!r} must be a number > 0, got {gain!r}; "
                "leave ids that are not relevant out of the mapping"
            )
        gains[doc_id] = float(gain)
    return gains


def ndcg_at_k(cases: Sequence[RetrievalCase], k: int = DEFAULT_K) -> MetricResult:
    """Normalised discounted cumulative gain at ``k``.

    ``DCG@k = sum(gain(doc at rank r) / log2(r + 1) for r in 1..k)``, divided by the DCG of the ideal
    ranking (expected ids sorted by gain). Expected ids given as a set have gain 1 (binary relevance);
    given as a mapping ``{id: gain}`` they are graded.
    """
    metric = "ndcg_at_k"
    require_positive_int(metric, k, "k")
    per_case: list[float | None] = []
    for i, (retrieved, expected) in enumerate(_checked(metric, cases)):
        gains = _gains(metric, i, expected)
        if not gains:
            per_case.append(None)
            continue
        dcg = math.fsum(gains.get(d, 0.0) / math.log2(r + 1) for r, d in enumerate(retrieved[:k], start=1))
        ideal = sorted(gains.values(), reverse=True)[:k]
        idcg = math.fsum(g / math.log2(r + 1) for r, g in enumerate(ideal, start=1))
        per_case.append(dcg / idcg)
    return _result(f"ndcg@{k}", per_case, {"k": k})
