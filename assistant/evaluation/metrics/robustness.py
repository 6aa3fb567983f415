"""Status match: did each adversarial or malformed request get the HTTP status it should?

>>> status_match([StatusCase(422, 422), StatusCase(413, 500, "huge-body")]).details["mismatches"]
[{'case': 'huge-body', 'expected': 413, 'actual': 500}]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.evaluation.metrics.base import MetricResult, mean_or_nan, require_cases


@dataclass(frozen=True)
class StatusCase:
    """The HTTP status a request should get, the one it got, and an optional id for the report."""

    expected_status: int
    actual_status: int
    case_id: str | None = None


def _check_status(metric: str, index: int, name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 100 <= value <= 599:
        raise ValueError(f"{metric}: case {index}: {name} must be an HTTP status code 100-599, got {value!r}")


def status_match(cases: Sequence[StatusCase]) -> MetricResult:
    """Share of cases that got the expected status; ``details["mismatches"]`` lists the others."""
    metric = "status_match"
    require_cases(metric, cases)
    per_case: list[float | None] = []
    mismatches: list[dict[str, Any]] = []
    for i, case in enumerate(cases):
        if not isinstance(case, StatusCase):
            raise ValueError(f"{metric}: case {i} must be a StatusCase, got {type(case).__name__}")
        _check_status(metric, i, "expected_status", case.expected_status)
        _check_status(metric, i, "actual_status", case.actual_status)
        matched = case.expected_status == case.actual_status
        if not matched:
            label = case.case_id if case.case_id is not None else i
            mismatches.append({"case": label, "expected": case.expected_status, "actual": case.actual_status})
        per_case.append(1.0 if matched else 0.0)
    details: dict[str, Any] = {"cases": len(cases), "mismatches": mismatches}
    return MetricResult(metric, mean_or_nan(per_case), tuple(per_case), details)
