import pytest

from assistant.evaluation.metrics.refusal import RefusalCase, refusal_accuracy


def test_refusal_accuracy_by_hand():
    # 5 cases: 1 true refusal, 1 false answer (q2), 1 false refusal (q3), 2 correct answers.
    # accuracy 3/5; refusals made 2 (1 right) -> precision 1/2; refusals expected 2 (1 made) -> recall 1/2.
    cases = [
        RefusalCase(expected_refuse=True, refused=True, case_id="q1"),
        RefusalCase(expected_refuse=True, refused=False, case_id="q2"),
        RefusalCase(expected_refuse=False, refused=True, case_id="q3"),
        RefusalCase(expected_refuse=False, refused=False, case_id="q4"),
        RefusalCase(expected_refuse=False, refused=False),
    ]
    result = refusal_accuracy(cases)
    assert result.score == pytest.approx(0.6)
    assert result.per_case == (1.0, 0.0, 0.0, 1.0, 1.0)
    assert result.details["precision"] == pytest.approx(0.5)
    assert result.details["recall"] == pytest.approx(0.5)
    assert result.details["false_answers"] == ["q2"]
    assert result.details["false_refusals"] == ["q3"]


def test_unlabelled_cases_are_reported_by_index():
    result = refusal_accuracy([RefusalCase(False, False), RefusalCase(False, True)])
    assert result.details["false_refusals"] == [1]


@pytest.mark.parametrize(
    ("cases", "precision", "recall"),
    [
        ([RefusalCase(False, False)], None, None),  # no refusals expected or made: both undefined
        ([RefusalCase(True, False)], None, 0.0),  # never refused: precision undefined
        ([RefusalCase(False, True)], 0.0, None),  # nothing to refuse: recall undefined
        ([RefusalCase(True, True), RefusalCase(True, True), RefusalCase(True, False)], 1.0, 2 / 3),
    ],
)
def test_precision_and_recall_edge_cases(cases, precision, recall):
    details = refusal_accuracy(cases).details
    assert details["precision"] == (pytest.approx(precision) if precision is not None else None)
    assert details["recall"] == (pytest.approx(recall) if recall is not None else None)


@pytest.mark.parametrize(
    ("cases", "message"),
    [
        ([], "cases is empty"),
        ([{"expected_refuse": True, "refused": True}], "case 0 must be a RefusalCase, got dict"),
        ([RefusalCase(True, True), RefusalCase(True, "yes")], "case 1: refused must be"),  # type: ignore
        ([RefusalCase(1, True)], "case 0: expected_refuse must be True or False, got 1"),  # type: ignore
    ],
)
def test_refusal_accuracy_rejects_bad_input(cases, message):
    with pytest.raises(ValueError, match=message):
        refusal_accuracy(cases)
