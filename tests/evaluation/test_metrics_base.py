import dataclasses
import math

import pytest

from assistant.evaluation.metrics.base import (
    MetricResult,
    checked_similarity,
    mean_or_nan,
    require_cases,
    require_ids,
    require_positive_int,
    require_unit_interval,
)


def test_metric_result_is_frozen_and_counts_scored_cases():
    result = MetricResult("m", 0.5, (1.0, None, 0.0), {"k": 1})
    assert result.scored == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.score = 1.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("values", "expected"),
    [([1.0, 0.0, None], 0.5), ([None, 0.25], 0.25), ([1.0, 1.0, 0.0], 2 / 3)],
)
def test_mean_or_nan_ignores_none(values, expected):
    assert mean_or_nan(values) == pytest.approx(expected)


def test_mean_or_nan_of_nothing_is_nan():
    assert math.isnan(mean_or_nan([None, None]))


@pytest.mark.parametrize(
    ("cases", "message"),
    [([], "is empty"), ("abc", "must be a list"), (None, "must be a list"), ({1, 2}, "must be a list")],
)
def test_require_cases_rejects(cases, message):
    with pytest.raises(ValueError, match=message):
        require_cases("m", cases)


@pytest.mark.parametrize(
    ("value", "message"),
    [("A.4", r"wrap it in a list or set: \['A.4'\]"), (3, "must be a collection"), ([1], "string ids")],
)
def test_require_ids_rejects(value, message):
    with pytest.raises(ValueError, match=message):
        require_ids("m", value, "ids")


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "3"])
def test_require_positive_int_rejects(value):
    with pytest.raises(ValueError, match="must be a whole number >= 1"):
        require_positive_int("m", value, "k")


@pytest.mark.parametrize("value", [-0.1, 1.01, True, "0.5", math.nan])
def test_require_unit_interval_rejects(value):
    with pytest.raises(ValueError, match="between 0 and 1"):
        require_unit_interval("m", value, "threshold")


@pytest.mark.parametrize("bad", [math.nan, math.inf, "0.5", None])
def test_checked_similarity_rejects_non_finite_results(bad):
    with pytest.raises(ValueError, match="similarity function returned"):
        checked_similarity("m", lambda a, b: bad, "x", "y")


def test_checked_similarity_accepts_numpy_float32():
    np = pytest.importorskip("numpy")
    assert checked_similarity("m", lambda a, b: np.float32(0.25), "x", "y") == pytest.approx(0.25)
