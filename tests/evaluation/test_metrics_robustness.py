import pytest

from assistant.evaluation.metrics.robustness import StatusCase, status_match


def test_status_match_by_hand():
    cases = [
        StatusCase(422, 422, "empty-input"),
        StatusCase(413, 500, "huge-body"),
        StatusCase(401, 401),
        StatusCase(429, 200),
    ]
    result = status_match(cases)
    assert result.score == pytest.approx(0.5)
    assert result.per_case == (1.0, 0.0, 1.0, 0.0)
    assert result.details["mismatches"] == [
        {"case": "huge-body", "expected": 413, "actual": 500},
        {"case": 3, "expected": 429, "actual": 200},
    ]


@pytest.mark.parametrize(
    ("cases", "message"),
    [
        ([], "cases is empty"),
        ([(200, 200)], "case 0 must be a StatusCase, got tuple"),
        ([StatusCase(42, 200)], "case 0: expected_status must be an HTTP status code 100-599, got 42"),
        ([StatusCase(200, "200")], "case 0: actual_status must be an HTTP status"),  # type: ignore[arg-type]
        ([StatusCase(200, 200), StatusCase(True, 200)], "case 1: expected_status"),
    ],
)
def test_status_match_rejects_bad_input(cases, message):
    with pytest.raises(ValueError, match=message):
        status_match(cases)
