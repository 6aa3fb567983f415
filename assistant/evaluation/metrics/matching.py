"""Job-posting matching: micro-F1 of the competencies found, and exact accuracy of the levels given.

Each case is one posting; ``gold`` and ``predicted`` hold, per case, the ids found (domains or categories,
as a set) or ``{id: level}`` (a mapping works anywhere a set of ids does: its keys are used). The
arguments are keyword-only because swapping them silently swaps precision and recall.

Both metrics pool their counts over all cases (micro-average), so a posting with twelve competencies
weighs more than one with two; ``per_case`` still gives each posting's own F1 or accuracy.

>>> micro_f1(gold=[{"A.1", "B.2"}], predicted=[{"A.1", "C.3"}]).score
0.5
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from assistant.evaluation.metrics.base import (
    MetricResult,
    mean_or_nan,
    ratio_or_nan,
    require_cases,
    require_ids,
    require_same_length,
)
from assistant.matching.evaluate import match_sets

Level = int | str
"""A proficiency level: ``2`` or ``"L2"``; compared for equality only."""


def micro_f1(
    *, gold: Sequence[Collection[str]], predicted: Sequence[Collection[str]], name: str = "micro_f1"
) -> MetricResult:
    """F1 over all (case, id) pairs pooled: ``2TP / (2TP + FP + FN)``.

    ``per_case`` is each case's own F1, ``None`` when gold and prediction are both empty (nothing to get
    right or wrong). ``name`` labels the result, e.g. ``"domain_f1"`` or ``"category_f1"``. The counting is
    ``assistant.matching.evaluate.match_sets``, shared with the matcher's own report; this adds the checks
    and the ``MetricResult``.
    """
    metric = "micro_f1"
    require_cases(metric, gold, "gold")
    require_cases(metric, predicted, "predicted")
    require_same_length(metric, gold, predicted, "gold and predicted")
    for i, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        require_ids(metric, g, f"case {i}: gold ids")
        require_ids(metric, p, f"case {i}: predicted ids")
    m = match_sets(gold, predicted)
    details: dict[str, Any] = {
        "tp": m.tp,
        "fp": m.fp,
        "fn": m.fn,
        "precision": m.precision,
        "recall": m.recall,
        "macro_f1": mean_or_nan(m.per_case),
        "missed": list(m.missed),
        "spurious": list(m.spurious),
    }
    return MetricResult(name, math.nan if m.f1 is None else m.f1, m.per_case, details)


def _check_levels(metric: str, value: object, what: str) -> Mapping[str, Level]:
    if not isinstance(value, Mapping):
        raise ValueError(
            f"{metric}: {what} must map id -> level, e.g. {{'A.4': 2}}; got {type(value).__name__}"
        )
    for key, level in value.items():
        if not isinstance(key, str):
            raise ValueError(f"{metric}: {what}: ids must be strings, got {key!r}")
        if isinstance(level, bool) or not isinstance(level, int | str):
            raise ValueError(f"{metric}: {what}: level of {key!r} must be an int or str, got {level!r}")
    return value


def level_exact_accuracy(
    *, gold: Sequence[Mapping[str, Level]], predicted: Sequence[Mapping[str, Level]], strict: bool = False
) -> MetricResult:
    """Share of competencies given exactly the gold level, pooled over cases.

    Lenient (default): only ids in both gold and prediction are compared, so it isolates level
    judgement from detection. ``strict=True`` compares every gold id and counts a gold id the
    prediction missed as wrong. Predicted ids not in gold are ignored by both (``micro_f1`` charges them).
    ``per_case`` is ``None`` for a case with nothing to compare.
    """
    metric = "level_exact_accuracy"
    require_cases(metric, gold, "gold")
    require_cases(metric, predicted, "predicted")
    require_same_length(metric, gold, predicted, "gold and predicted")
    compared = correct = 0
    per_case: list[float | None] = []
    wrong: list[dict[str, Any]] = []
    for i, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        gold_levels = _check_levels(metric, g, f"case {i}: gold")
        pred_levels = _check_levels(metric, p, f"case {i}: predicted")
        ids = [x for x in gold_levels if strict or x in pred_levels]
        case_correct = 0
        for x in ids:
            got = pred_levels.get(x)
            if got == gold_levels[x]:
                case_correct += 1
            else:
                wrong.append({"case": i, "id": x, "gold": gold_levels[x], "predicted": got})
        compared, correct = compared + len(ids), correct + case_correct
        per_case.append(case_correct / len(ids) if ids else None)
    details: dict[str, Any] = {"strict": strict, "compared": compared, "correct": correct, "wrong": wrong}
    name = "level_exact_accuracy_strict" if strict else "level_exact_accuracy"
    return MetricResult(name, ratio_or_nan(correct, compared), tuple(per_case), details)
