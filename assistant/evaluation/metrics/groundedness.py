"""Groundedness: the share of an answer's claims that some cited or retrieved passage supports.

Only sentences of kind ``claim`` are judged (``sentences.split_answer`` sets headings, "Sources:" lists,
closers and very short lines aside). A claim's support from a passage is

    lexical_overlap(claim, passage)                                   if no similarity is given
    (1 - lexical_weight) * similarity(claim, passage)
        + lexical_weight * lexical_overlap(claim, passage)           otherwise

and the claim is supported when its best passage reaches ``threshold``. Blending the two keeps the
embedding's tolerance of paraphrase while the lexical term anchors the score to the words the passage
actually contains (embeddings rate "Level 3 requires X" and "Level 1 requires X" nearly the same).

A refusal has no claims to ground: callers should score answered cases only. With no passages at all
every claim is unsupported (score 0.0), which is the truth about an answer with no evidence behind it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assistant.evaluation.metrics.base import (
    MetricResult,
    Similarity,
    checked_similarity,
    mean_or_nan,
    require_cases,
    require_positive_int,
    require_unit_interval,
)
from assistant.evaluation.metrics.sentences import DEFAULT_MIN_WORDS, split_answer
from assistant.evaluation.metrics.text import DEFAULT_SUPPORT_THRESHOLD, lexical_overlap


def _check_passages(metric: str, passages: object, where: str = "") -> Mapping[str, str]:
    if not isinstance(passages, Mapping):
        raise ValueError(
            f"{metric}: {where}passages must map id -> passage text, got {type(passages).__name__}"
        )
    for pid, text in passages.items():
        if not isinstance(pid, str) or not isinstance(text, str):
            raise ValueError(f"{metric}: {where}passages must map str ids to str text; bad entry {pid!r}")
    return passages


def _support(
    metric: str, claim: str, passage: str, similarity: Similarity | None, lexical_weight: float
) -> tuple[float, float, float | None]:
    """(combined, lexical, embedding-or-None) support of ``claim`` by ``passage``."""
    lexical = lexical_overlap(claim, passage)
    if similarity is None:
        return lexical, lexical, None
    semantic = checked_similarity(metric, similarity, claim, passage)
    return (1.0 - lexical_weight) * semantic + lexical_weight * lexical, lexical, semantic


def groundedness(
    answer: str,
    passages: Mapping[str, str],
    *,
    similarity: Similarity | None = None,
    threshold: float = DEFAULT_SUPPORT_THRESHOLD,
    lexical_weight: float = 0.5,
    min_words: int = DEFAULT_MIN_WORDS,
) -> MetricResult:
    """Share of the claims in ``answer`` supported by at least one of ``passages`` ``{id: text}``.

    ``per_case`` has one entry per claim (1.0 supported, 0.0 not); ``details["sentences"]`` lists every
    sentence with its kind and, for claims, the best passage and its support scores.
    """
    metric = "groundedness"
    if not isinstance(answer, str):
        raise ValueError(f"{metric}: answer must be text, got {type(answer).__name__}")
    _check_passages(metric, passages)
    threshold = require_unit_interval(metric, threshold, "threshold")
    lexical_weight = require_unit_interval(metric, lexical_weight, "lexical_weight")
    require_positive_int(metric, min_words, "min_words")

    rows: list[dict[str, Any]] = []
    per_claim: list[float | None] = []
    for sentence in split_answer(answer, min_words=min_words):
        row: dict[str, Any] = {
            "text": sentence.text,
            "kind": sentence.kind,
            "citations": list(sentence.citations),
        }
        rows.append(row)
        if sentence.kind != "claim":
            continue
        best: tuple[float, float, float | None] = (0.0, 0.0, None)
        best_id: str | None = None
        for pid, text in passages.items():
            scores = _support(metric, sentence.text, text, similarity, lexical_weight)
            if best_id is None or scores[0] > best[0]:
                best, best_id = scores, pid
        supported = best_id is not None and best[0] >= threshold
        row.update(
            support=best[0], lexical=best[1], embedding=best[2], best_passage=best_id, supported=supported
        )
        per_claim.append(1.0 if supported else 0.0)

    details: dict[str, Any] = {
        "claims": len(per_claim),
        "supported": int(sum(v or 0.0 for v in per_claim)),
        "scored": len(per_claim),
        "threshold": threshold,
        "sentences": rows,
    }
    return MetricResult(metric, mean_or_nan(per_claim), tuple(per_claim), details)


def mean_groundedness(
    cases: Sequence[tuple[str, Mapping[str, str]]],
    *,
    similarity: Similarity | None = None,
    threshold: float = DEFAULT_SUPPORT_THRESHOLD,
    lexical_weight: float = 0.5,
    min_words: int = DEFAULT_MIN_WORDS,
) -> MetricResult:
    """``groundedness`` over many ``(answer, passages)`` cases: one score per answer, and their mean.

    An answer without claims scores ``None``; ``details["per_answer"]`` keeps each answer's full result.
    """
    metric = "mean_groundedness"
    require_cases(metric, cases)
    results: list[MetricResult] = []
    for i, case in enumerate(cases):
        if not isinstance(case, tuple | list) or len(case) != 2:
            raise ValueError(
                f"{metric}: case {i} must be a pair (answer, passages), got {type(case).__name__}"
            )
        answer, passages = case
        if not isinstance(answer, str):
            raise ValueError(f"{metric}: case {i}: answer must be text, got {type(answer).__name__}")
        _check_passages(metric, passages, f"case {i}: ")
        results.append(
            groundedness(
                answer,
                passages,
                similarity=similarity,
                threshold=threshold,
                lexical_weight=lexical_weight,
                min_words=min_words,
            )
        )
    per_case = [None if r.details["claims"] == 0 else r.score for r in results]
    details: dict[str, Any] = {
        "cases": len(per_case),
        "scored": sum(v is not None for v in per_case),
        "cases_without_claims": [i for i, v in enumerate(per_case) if v is None],
        "per_answer": [r.details for r in results],
    }
    return MetricResult("groundedness", mean_or_nan(per_case), tuple(per_case), details)
