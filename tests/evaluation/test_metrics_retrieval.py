import math

import pytest

from assistant.evaluation.metrics.retrieval import mrr, ndcg_at_k, recall_at_k

# Three hand-made cases, worked by hand below.
#   case 0: expected {A.4, A.4.L2}; A.4 at rank 2, A.4.L2 at rank 6
#   case 1: expected {B.L3};        B.L3 at rank 1
#   case 2: expected {C.1, D.2};    C.1 at rank 6, D.2 never
CASES = [
    (["A.1", "A.4", "B.2", "C.1", "D.3", "A.4.L2"], {"A.4", "A.4.L2"}),
    (["B.L3", "B.1"], {"B.L3"}),
    (["C.2", "C.3", "C.4", "C.5", "C.6", "C.1"], {"C.1", "D.2"}),
]
LOG2_3 = math.log2(3)


def test_recall_at_5_by_hand():
    # top-5: case 0 finds A.4 of 2 -> 1/2; case 1 -> 1; case 2 finds none of 2 -> 0; mean 1.5/3.
    result = recall_at_k(CASES, k=5)
    assert result.name == "recall@5"
    assert result.per_case == pytest.approx((0.5, 1.0, 0.0))
    assert result.score == pytest.approx(0.5)


def test_recall_default_k_is_10():
    # top-10 holds everything retrieved: 1, 1, 1/2 -> 2.5/3.
    result = recall_at_k(CASES)
    assert result.details["k"] == 10
    assert result.score == pytest.approx(2.5 / 3)


@pytest.mark.parametrize(
    ("k", "per_case", "score"),
    [
        (None, (1 / 2, 1.0, 1 / 6), (1 / 2 + 1 + 1 / 6) / 3),
        (5, (1 / 2, 1.0, 0.0), 1.5 / 3),
        (1, (0.0, 1.0, 0.0), 1 / 3),
    ],
)
def test_mrr_by_hand(k, per_case, score):
    result = mrr(CASES, k=k)
    assert result.per_case == pytest.approx(per_case)
    assert result.score == pytest.approx(score)


def test_ndcg_at_5_by_hand():
    # case 0: DCG = 1/log2(3) (A.4 at rank 2); ideal has 2 hits: 1 + 1/log2(3).
    case0 = (1 / LOG2_3) / (1 + 1 / LOG2_3)  # ~0.3869
    result = ndcg_at_k(CASES, k=5)
    assert result.per_case == pytest.approx((case0, 1.0, 0.0))
    assert result.score == pytest.approx((case0 + 1.0) / 3)


def test_ndcg_with_graded_gains():
    # retrieved A.4 (gain 1) then A.4.L2 (gain 2): DCG = 1 + 2/log2(3); ideal 2 + 1/log2(3).
    result = ndcg_at_k([(["A.4", "A.4.L2"], {"A.4.L2": 2, "A.4": 1})], k=5)
    assert result.score == pytest.approx((1 + 2 / LOG2_3) / (2 + 1 / LOG2_3))


@pytest.mark.parametrize("metric", [recall_at_k, mrr, ndcg_at_k])
def test_cases_without_expected_ids_are_excluded_and_counted(metric):
    result = metric([(["A.1"], {"A.1"}), (["A.1"], set()), (["B.1"], [])])
    assert result.per_case == (1.0, None, None)
    assert result.score == pytest.approx(1.0)
    assert result.details["excluded"] == 2
    assert result.details["excluded_cases"] == [1, 2]
    assert result.details["scored"] == 1


@pytest.mark.parametrize("metric", [recall_at_k, mrr, ndcg_at_k])
def test_all_cases_excluded_gives_nan(metric):
    result = metric([(["A.1"], set())])
    assert math.isnan(result.score)
    assert result.details["scored"] == 0


def test_duplicate_retrieved_ids_count_once_at_first_rank():
    # Without de-duplication A.4 would sit at rank 3, outside k=2.
    assert recall_at_k([(["A.1", "A.1", "A.4"], {"A.4"})], k=2).score == pytest.approx(1.0)
    # A repeated relevant id cannot push nDCG above 1.
    assert ndcg_at_k([(["A.4", "A.4"], {"A.4"})], k=2).score == pytest.approx(1.0)


@pytest.mark.parametrize("expected", [{"A.4"}, ["A.4"], ("A.4",), frozenset({"A.4"}), {"A.4": 1.0}])
def test_expected_id_containers(expected):
    assert recall_at_k([(["B.1", "A.4"], expected)], k=2).score == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("cases", "k", "message"),
    [
        ([], 5, "cases is empty"),
        ([(["A.1"], {"A.1"})], 0, "k must be a whole number >= 1"),
        ([(["A.1"], {"A.1"})], True, "k must be a whole number >= 1"),
        ([(["A.1"],)], 5, r"case 0 must be a pair \(retrieved ids, expected ids\)"),
        ([("A.1", {"A.1"})], 5, "retrieved ids must be a ranked list"),
        ([({"A.1"}, {"A.1"})], 5, "retrieved ids must be a ranked list"),
        ([(["A.1"], "A.1")], 5, r"case 0: expected ids is a string 'A.1'; wrap it"),
        ([(["A.1"], {"A.1"}), ([1, 2], {"A.1"})], 5, "case 1: retrieved ids must hold string ids"),
    ],
)
def test_recall_rejects_bad_input(cases, k, message):
    with pytest.raises(ValueError, match=message):
        recall_at_k(cases, k=k)


def test_ndcg_rejects_non_positive_gain():
    with pytest.raises(ValueError, match=r"graded gain for 'A.1' must be a number > 0"):
        ndcg_at_k([(["A.1"], {"A.1": 0})])


def test_mrr_rejects_bad_k():
    with pytest.raises(ValueError, match="k must be a whole number"):
        mrr(CASES, k=-2)
