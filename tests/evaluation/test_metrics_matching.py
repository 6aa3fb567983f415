import math

import pytest

from assistant.evaluation.metrics.matching import level_exact_accuracy, micro_f1

# case 0: gold {A.1, B.2, C.3}, predicted {A.1, B.2, D.4} -> tp 2, fp 1 (D.4), fn 1 (C.3); F1 4/6
# case 1: gold {D.1}, predicted {A.2}                    -> tp 0, fp 1, fn 1;              F1 0
# case 2: both empty                                       -> None
# pooled: tp 2, fp 2, fn 2 -> P 1/2, R 1/2, F1 4/8 = 1/2
GOLD_SETS = [{"A.1", "B.2", "C.3"}, {"D.1"}, set()]
PRED_SETS = [{"A.1", "B.2", "D.4"}, {"A.2"}, set()]


@pytest.mark.parametrize(
    ("gold", "predicted"),
    [
        (GOLD_SETS, PRED_SETS),
        ([sorted(s) for s in GOLD_SETS], [sorted(s) for s in PRED_SETS]),
        ([dict.fromkeys(s, 2) for s in GOLD_SETS], [dict.fromkeys(s, 1) for s in PRED_SETS]),
    ],
)
def test_micro_f1_by_hand(gold, predicted):
    result = micro_f1(gold=gold, predicted=predicted)
    assert result.score == pytest.approx(0.5)
    assert result.per_case == pytest.approx((4 / 6, 0.0, None))
    d = result.details
    assert (d["tp"], d["fp"], d["fn"]) == (2, 2, 2)
    assert d["precision"] == pytest.approx(0.5)
    assert d["recall"] == pytest.approx(0.5)
    assert d["macro_f1"] == pytest.approx(1 / 3)
    assert d["missed"] == [(0, "C.3"), (1, "D.1")]
    assert d["spurious"] == [(0, "D.4"), (1, "A.2")]


def test_micro_f1_pools_counts_rather_than_averaging_cases():
    # A big perfect case and a small failed one: pooled 2*10/(20+1) vs the mean of per-case F1s 0.5.
    result = micro_f1(
        gold=[{f"A.{i}" for i in range(10)}, {"B.1"}], predicted=[{f"A.{i}" for i in range(10)}, set()]
    )
    assert result.score == pytest.approx(20 / 21)
    assert result.details["macro_f1"] == pytest.approx(0.5)


def test_micro_f1_name_labels_the_result():
    assert micro_f1(gold=[{"A"}], predicted=[{"A"}], name="domain_f1").name == "domain_f1"


def test_micro_f1_all_empty_is_nan():
    result = micro_f1(gold=[set()], predicted=[set()])
    assert math.isnan(result.score)
    assert result.details["precision"] is None


def test_micro_f1_arguments_are_keyword_only():
    with pytest.raises(TypeError):
        micro_f1(GOLD_SETS, PRED_SETS)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("gold", "predicted", "message"),
    [
        ([], [], "gold is empty"),
        ([{"A"}], [{"A"}, {"B"}], "gold and predicted must have one entry per case; got 1 and 2"),
        (["A.1"], [{"A.1"}], "case 0: gold ids is a string"),
        ([{"A.1"}], [{1}], "case 0: predicted ids must hold string ids"),
    ],
)
def test_micro_f1_rejects_bad_input(gold, predicted, message):
    with pytest.raises(ValueError, match=message):
        micro_f1(gold=gold, predicted=predicted)


# case 0: gold {A.1: 2, B.2: 1, C.3: 3}, predicted {A.1: 2, B.2: 2, D.4: 1}
#   lenient compares A.1 (right), B.2 (wrong) -> 1/2; strict also counts C.3 missed -> 1/3
# case 1: gold {D.1: 1}, predicted {} -> lenient None; strict 0/1
# pooled lenient 1/2; strict 1/4
GOLD_LEVELS = [{"A.1": 2, "B.2": 1, "C.3": 3}, {"D.1": 1}]
PRED_LEVELS: list[dict[str, int]] = [{"A.1": 2, "B.2": 2, "D.4": 1}, {}]


@pytest.mark.parametrize(
    ("strict", "score", "per_case", "name"),
    [
        (False, 1 / 2, (1 / 2, None), "level_exact_accuracy"),
        (True, 1 / 4, (1 / 3, 0.0), "level_exact_accuracy_strict"),
    ],
)
def test_level_exact_accuracy_by_hand(strict, score, per_case, name):
    result = level_exact_accuracy(gold=GOLD_LEVELS, predicted=PRED_LEVELS, strict=strict)
    assert result.name == name
    assert result.score == pytest.approx(score)
    assert result.per_case == pytest.approx(per_case)


def test_level_exact_accuracy_lists_wrong_levels():
    wrong = level_exact_accuracy(gold=GOLD_LEVELS, predicted=PRED_LEVELS, strict=True).details["wrong"]
    assert wrong == [
        {"case": 0, "id": "B.2", "gold": 1, "predicted": 2},
        {"case": 0, "id": "C.3", "gold": 3, "predicted": None},
        {"case": 1, "id": "D.1", "gold": 1, "predicted": None},
    ]


def test_level_exact_accuracy_accepts_string_levels():
    result = level_exact_accuracy(gold=[{"A.4": "L2", "B.1": "L1"}], predicted=[{"A.4": "L2", "B.1": "L3"}])
    assert result.score == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("gold", "predicted", "message"),
    [
        ([{"A.1"}], [{"A.1": 1}], r"case 0: gold must map id -> level, e.g. \{'A.4': 2\}; got set"),
        ([{"A.1": 1}], [{"A.1": True}], "case 0: predicted: level of 'A.1' must be an int or str, got True"),
        ([{"A.1": 1}], [{"A.1": 1.5}], "level of 'A.1' must be an int or str"),
        ([{1: 1}], [{}], "case 0: gold: ids must be strings"),
        ([{"A.1": 1}], [], "predicted is empty"),
        ([{"A.1": 1}, {}], [{}], "must have one entry per case"),
    ],
)
def test_level_exact_accuracy_rejects_bad_input(gold, predicted, message):
    with pytest.raises(ValueError, match=message):
        level_exact_accuracy(gold=gold, predicted=predicted)
