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
The ratings must therefore be whole numbers: scikit-learn weights by label *position*, and is handed every
whole number from the lowest rating to the highest as its labels, so that position and value step together.

The kappas come from the libraries (``sklearn.metrics.cohen_kappa_score``,
``statsmodels.stats.inter_rater.fleiss_kappa``); this module checks the input, decides the degenerate
cases above before a library sees them, and adds the per-item agreement and the details.

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
# A weighted kappa hands scikit-learn one label per whole number between the lowest and highest rating;
# a wider span is no rating scale, and would build a confusion matrix of that size squared.
MAX_SCALE_SPAN = 1000


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


def _check_label(metric: str, who: str, i: int, label: object, weights: Weights | None) -> None:
    if label is None:
        raise ValueError(f"{metric}: {who} has no rating for item {i}; drop items a rater skipped")
    if weights is None:
        if not isinstance(label, Hashable):
            raise ValueError(f"{metric}: {who} item {i} is {label!r}; labels must be hashable")
        return
    if isinstance(label, bool) or not isinstance(label, Real):
        raise ValueError(f"{metric}: weighted kappa needs numeric ratings; {who} item {i} is {label!r}")
    if not float(label).is_integer():
        raise ValueError(
            f"{metric}: weighted kappa needs whole-number ratings such as 1-5; {who} item {i} is {label!r}"
        )


def cohens_kappa(
    rater_a: Sequence[Hashable], rater_b: Sequence[Hashable], *, weights: Weights | None = None
) -> MetricResult:
    """Cohen's kappa between two raters' labels for the same items, in item order.

    ``weights=None`` treats labels as nominal; ``"quadratic"`` (or ``"linear"``) treats them as whole
    numbers on an ordinal scale such as 1-5 ratings, so near misses count as partial agreement.
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
            _check_label(metric, who, i, label, weights)

    n = len(a)
    counts_a, counts_b = Counter(a), Counter(b)
    categories = _sorted_labels(set(counts_a) | set(counts_b))
    name = "cohens_kappa" if weights is None else f"cohens_kappa_{weights}"
    details: dict[str, Any] = {
        "items": n,
        "categories": categories,
        "weights": weights,
        "degenerate": None,
        "observed_agreement": sum(x == y for x, y in zip(a, b, strict=True)) / n,
    }
    if weights is None:
        per_case = tuple(1.0 if x == y else 0.0 for x, y in zip(a, b, strict=True))
        details["expected_agreement"] = sum(counts_a[c] * counts_b[c] for c in categories) / (n * n)
    else:
        low, high = int(min(a + b)), int(max(a + b))
        if high - low > MAX_SCALE_SPAN:
            raise ValueError(
                f"{metric}: ratings span {low}..{high}; weighted kappa is for rating scales such as 1-5"
            )
        largest = _disagreement(low, high, weights)
        per_case = tuple(
            1.0 - _disagreement(x, y, weights) / largest if largest else 1.0
            for x, y in zip(a, b, strict=True)
        )

    # Decided here, not by scikit-learn: with one label in all, chance agreement is 1 and kappa is 0/0;
    # scikit-learn would warn (an error under our pytest settings) and return ``replace_undefined_by``.
    if len(categories) == 1:
        details["degenerate"] = (
            f"both raters gave every item {categories[0]!r}: chance agreement is 1, so kappa is undefined"
        )
        return MetricResult(name, math.nan, per_case, details)

    # Imported here: scikit-learn takes a second or more to import, and most users of the metrics package
    # (the API, the eval runner) never compute an agreement.
    from sklearn.metrics import cohen_kappa_score

    if weights is None:
        # Codes, not the labels themselves: scikit-learn needs labels of one sortable type; ours need only hash.
        code = {c: i for i, c in enumerate(categories)}
        score = cohen_kappa_score([code[x] for x in a], [code[y] for y in b])
    else:
        # Every whole number from low to high as a label, used or not, so that scikit-learn's label
        # positions are the rating values (shifted) and 1 and 5 stay four steps apart (module docstring).
        score = cohen_kappa_score(
            [int(x) for x in a], [int(y) for y in b], labels=list(range(low, high + 1)), weights=weights
        )
    return MetricResult(name, float(score), per_case, details)


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

    # The parts of the formula, for the details and per-item agreement; the kappa itself is statsmodels'.
    n_items = len(rows)
    column_totals = [sum(row[j] for row in rows) for j in range(width)]
    proportions = [t / (n_items * raters) for t in column_totals]
    per_item = tuple((sum(c * c for c in row) - raters) / (raters * (raters - 1)) for row in rows)
    details: dict[str, Any] = {
        "items": n_items,
        "raters": raters,
        "category_proportions": proportions,
        "observed_agreement": math.fsum(per_item) / n_items,
        "expected_agreement": math.fsum(p * p for p in proportions),
        "degenerate": None,
    }
    # Decided here, not by statsmodels: with every rating in one column chance agreement is 1, and
    # statsmodels would divide 0 by 0 (a numpy RuntimeWarning, an error under our pytest settings).
    if sum(1 for t in column_totals if t) == 1:
        column = next(j for j, t in enumerate(column_totals) if t)
        details["degenerate"] = (
            f"every rating is in category {column}: chance agreement is 1, so kappa is undefined"
        )
        return MetricResult(metric, math.nan, per_item, details)

    # Imported here for the same reason as scikit-learn in cohens_kappa: a slow import few callers need.
    from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss_kappa

    return MetricResult(metric, float(statsmodels_fleiss_kappa(rows, method="fleiss")), per_item, details)
