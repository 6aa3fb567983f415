"""Inter-rater agreement for human ratings of answers: Cohen's kappa (two raters) and Fleiss' kappa (many).

Degenerate cases, decided here once:

* **Everyone used one and the same category** (Cohen: both raters gave every item the same label;
  Fleiss: every rating fell in one column). Chance agreement is then 1 and kappa is 0/0. The score is
  ``nan`` and ``details["degenerate"]`` says why; ``details["observed_agreement"]`` (1.0 here) still
  shows the raters agreed. Reporting 1.0 would credit agreement that the ratings cannot distinguish
  from chance; reporting 0.0 would claim there was none.
* **Fewer than two raters** (Fleiss: an item with fewer than two ratings) is a ``ValueError``:
  agreement needs two ratings of the same thing. Items rated by different numbers of raters are also
  refused, since Fleiss' formula assumes a constant number per item: drop or complete those items.
* **No items** is a ``ValueError``.

Weighted Cohen's kappa uses the rating *values* for the disagreement weight, ``(a - b) ** 2``
(quadratic) or ``|a - b|`` (linear), so ratings 1 and 5 are four steps apart even if no one used 2-4.
(scikit-learn uses label positions instead; the two agree when the labels used are consecutive.)

``per_case`` is per-item agreement, not a per-item kappa: for Cohen 1.0 when the raters agree (weighted:
``1 - weight / largest possible weight``), for Fleiss the share of agreeing rater pairs on that item.

>>> round(cohens_kappa(["y", "y", "n", "n"], ["y", "n", "n", "n"]).score, 3)
0.5
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from numbers import Real
from typing import Any, Literal

from assistant.evaluation.metrics.base import MetricResult, require_same_length

Weights = Literal["linear", "quadratic"]


def _as_list(metric: str, value: object, what: str) -> list[Any]:
    if hasattr(value, "tolist"):  # numpy arrays, without importing numpy
        value = value.tolist()
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise ValueError(f"{metric}: {what} must be a list, got {type(value).__name__}")
    return list(value)


def _disagreement(a: float, b: float, weights: Weights) -> float:
    return (a - b) ** 2 if weights == "quadratic" else abs(a - b)


def _sorted_labels(labels: set[Hashable]) -> list[Hashable]:
    try:
        return sorted(labels)  # type: ignore[type-var]
    except TypeError:
        return sorted(labels, key=repr)


def cohens_kappa(
    rater_a: Sequence[Hashable], rater_b: Sequence[Hashable], *, weights: Weights | None = None
) -> MetricResult:
    """Cohen's kappa between two raters' labels for the same items, in item order.

    ``weights=None`` treats labels as nominal; ``"quadratic"`` (or ``"linear"``) treats them as numbers on
    an ordinal scale such as 1-5 ratings, so near misses count as partial agreement.
    """
    metric = "cohens_kappa"
    a = _as_list(metric, rater_a, "rater_a")
    b = _as_list(metric, rater_b, "rater_b")
    require_same_length(metric, a, b, "rater_a and rater_b")
    if not a:
        raise ValueError(f"{metric}: no items; pass at least one rated item")
    if weights not in (None, "linear", "quadratic"):
        raise ValueError(f"{metric}: weights must be None, 'linear' or 'quadratic', got {weights!r}")
    for who, labels in (("rater_a", a), ("rater_b", b)):
        for i, label in enumerate(labels):
            if label is None:
                raise ValueError(f"{metric}: {who} has no rating for item {i}; drop items a rater skipped")
            if weights is not None and (isinstance(label, bool) or not isinstance(label, Real)):
                raise ValueError(
                    f"{metric}: weighted kappa needs numeric ratings; {who} item {i} is {label!r}"
                )
            if weights is None and not isinstance(label, Hashable):
                raise ValueError(f"{metric}: {who} item {i} is {label!r}; labels must be hashable")

    n = len(a)
    counts_a, counts_b = Counter(a), Counter(b)
    categories = _sorted_labels(set(counts_a) | set(counts_b))
    details: dict[str, Any] = {"items": n, "categories": categories, "weights": weights, "degenerate": None}
    observed_agreement = sum(x == y for x, y in zip(a, b, strict=True)) / n
    details["observed_agreement"] = observed_agreement

    if weights is None:
        per_case = tuple(1.0 if x == y else 0.0 for x, y in zip(a, b, strict=True))
        chance_numerator = sum(counts_a[c] * counts_b[c] for c in categories)
        details["expected_agreement"] = chance_numerator / (n * n)
        degenerate = chance_numerator == n * n  # exact integers: both raters used one same label throughout
        if not degenerate:
            expected = details["expected_agreement"]
            score = (observed_agreement - expected) / (1.0 - expected)
        name = "cohens_kappa"
    else:
        values = [float(c) for c in categories]  # type: ignore[arg-type]
        largest = _disagreement(min(values), max(values), weights)
        per_case = tuple(
            1.0 - _disagreement(x, y, weights) / largest if largest else 1.0
            for x, y in zip(a, b, strict=True)
        )
        observed = math.fsum(_disagreement(x, y, weights) for x, y in zip(a, b, strict=True)) / n
        expected = math.fsum(
            counts_a[x] * counts_b[y] * _disagreement(x, y, weights)  # type: ignore[arg-type]
            for x in counts_a
            for y in counts_b
        ) / (n * n)
        details.update(observed_disagreement=observed, expected_disagreement=expected)
        degenerate = expected == 0.0  # only when both raters gave every item one same value
        if not degenerate:
            score = 1.0 - observed / expected
        name = f"cohens_kappa_{weights}"

    if degenerate:
        score = math.nan
        details["degenerate"] = (
            f"both raters gave every item {categories[0]!r}: chance agreement is 1, so kappa is undefined"
        )
    return MetricResult(name, score, per_case, details)


def fleiss_kappa(matrix: Sequence[Sequence[int]]) -> MetricResult:
    """Fleiss' kappa from an items x categories table of counts: ``matrix[i][j]`` raters put item i in j.

    Every row must sum to the same number of raters, at least 2 (see the module docstring).
    """
    metric = "fleiss_kappa"
    rows = [_as_list(metric, row, f"row {i}") for i, row in enumerate(_as_list(metric, matrix, "matrix"))]
    if not rows:
        raise ValueError(f"{metric}: matrix has no items; pass one row of category counts per item")
    width = len(rows[0])
    if width == 0:
        raise ValueError(f"{metric}: rows have no categories; pass one count per category")
    for i, row in enumerate(rows):
        if len(row) != width:
            raise ValueError(f"{metric}: row {i} has {len(row)} categories, row 0 has {width}")
        for j, count in enumerate(row):
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValueError(f"{metric}: matrix[{i}][{j}] must be a count (int >= 0), got {count!r}")
    raters = sum(rows[0])
    for i, row in enumerate(rows):
        if sum(row) != raters:
            raise ValueError(
                f"{metric}: row {i} has {sum(row)} ratings but row 0 has {raters}; Fleiss' kappa needs the "
                "same number of raters for every item: drop or complete the uneven items"
            )
    if raters < 2:
        raise ValueError(f"{metric}: each item has {raters} rating(s); agreement needs at least 2 raters")

    n_items = len(rows)
    column_totals = [sum(row[j] for row in rows) for j in range(width)]
    proportions = [t / (n_items * raters) for t in column_totals]
    per_item = tuple((sum(c * c for c in row) - raters) / (raters * (raters - 1)) for row in rows)
    observed = math.fsum(per_item) / n_items
    expected = math.fsum(p * p for p in proportions)
    details: dict[str, Any] = {
        "items": n_items,
        "raters": raters,
        "category_proportions": proportions,
        "observed_agreement": observed,
        "expected_agreement": expected,
        "degenerate": None,
    }
    if sum(1 for t in column_totals if t) == 1:  # exact: every rating in one column, chance agreement is 1
        column = next(j for j, t in enumerate(column_totals) if t)
        details["degenerate"] = (
            f"every rating is in category {column}: chance agreement is 1, so kappa is undefined"
        )
        return MetricResult(metric, math.nan, per_item, details)
    return MetricResult(metric, (observed - expected) / (1.0 - expected), per_item, details)
