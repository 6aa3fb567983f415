"""The one result type every metric returns, and the input checks they share.

Conventions every metric in this package follows:

* A metric is a pure function: same inputs, same result; nothing is read from disk or the network.
* ``per_case`` has one entry per input case, in input order. ``None`` marks a case the metric cannot
  score (a retrieval case with no expected ids, an answer with no claims); the reason is in ``details``.
* ``score`` is the mean of the non-``None`` ``per_case`` entries unless the metric's docstring says it
  pools its counts instead (micro-averaging, as ``micro_f1`` and ``citation_accuracy`` do).
* No cases at all is a caller error (``ValueError``). Cases that are all unscorable give ``score = nan``
  with ``details["scored"] == 0``: a number like 0.0 or 1.0 would claim a result that was never measured.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

Similarity = Callable[[str, str], float]
"""``similarity(claim, passage)``: higher means the passage supports the claim more."""


@dataclass(frozen=True)
class MetricResult:
    """A metric's aggregate score, its per-case scores and whatever explains them.

    >>> r = MetricResult("recall@5", 0.5, (1.0, 0.0, None), {"scored": 2})
    >>> r.scored
    2
    """

    name: str
    score: float
    per_case: tuple[float | None, ...]
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def scored(self) -> int:
        """How many cases have a score (are not ``None``)."""
        return sum(1 for v in self.per_case if v is not None)


def mean_or_nan(values: Iterable[float | None]) -> float:
    """Mean of the non-``None`` values; ``nan`` when there are none."""
    kept = [v for v in values if v is not None]
    return math.fsum(kept) / len(kept) if kept else math.nan


def ratio_or_nan(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, or ``nan`` when the denominator is zero."""
    return numerator / denominator if denominator else math.nan


def require_cases(metric: str, cases: object, what: str = "cases") -> None:
    """Raise unless ``cases`` is a non-empty sequence (and not a string)."""
    if isinstance(cases, str | bytes) or not isinstance(cases, Sequence):
        raise ValueError(f"{metric}: {what} must be a list, got {type(cases).__name__}")
    if not cases:
        raise ValueError(f"{metric}: {what} is empty; pass at least one case")


def require_same_length(metric: str, first: Sequence[Any], second: Sequence[Any], names: str) -> None:
    """Raise unless two parallel sequences have the same length; ``names`` reads like 'predicted and gold'."""
    if len(first) != len(second):
        raise ValueError(
            f"{metric}: {names} must have one entry per case; got {len(first)} and {len(second)} entries"
        )


def require_ids(metric: str, value: object, what: str) -> Collection[str]:
    """Raise unless ``value`` is a collection of string ids (a bare string is refused: wrap it in a set)."""
    if isinstance(value, str | bytes):
        raise ValueError(f"{metric}: {what} is a string {value!r}; wrap it in a list or set: [{value!r}]")
    if not isinstance(value, Collection):
        raise ValueError(f"{metric}: {what} must be a collection of ids, got {type(value).__name__}")
    bad = [v for v in value if not isinstance(v, str)]
    if bad:
        raise ValueError(f"{metric}: {what} must hold string ids; found {bad[0]!r} ({type(bad[0]).__name__})")
    return value


def require_positive_int(metric: str, value: object, name: str) -> int:
    """Raise unless ``value`` is an int >= 1 (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{metric}: {name} must be a whole number >= 1, got {value!r}")
    return value


def require_unit_interval(metric: str, value: object, name: str) -> float:
    """Raise unless ``value`` is a real number in [0, 1]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"{metric}: {name} must be a number between 0 and 1, got {value!r}")
    return float(value)


def checked_similarity(metric: str, similarity: Similarity, claim: str, passage: str) -> float:
    """Call ``similarity`` and raise if it does not return a finite number."""
    value = similarity(claim, passage)
    # numbers.Real, not float: embedding code often hands back numpy.float32, which is no float subclass.
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        raise ValueError(f"{metric}: similarity function returned {value!r}; it must return a finite number")
    return float(value)
