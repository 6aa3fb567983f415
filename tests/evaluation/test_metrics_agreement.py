import math

import pytest

from assistant.evaluation.metrics.agreement import cohens_kappa, fleiss_kappa


def test_cohens_kappa_textbook_two_by_two():
    # The classic 50-item yes/no table (Wikipedia, "Cohen's kappa"):
    #            B yes  B no
    #   A yes      20     5
    #   A no       10    15
    # p_o = 35/50 = 0.7; A says yes 25/50, B 30/50; p_e = .5*.6 + .5*.4 = 0.5; kappa = 0.2/0.5 = 0.4
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    result = cohens_kappa(a, b)
    assert result.name == "cohens_kappa"
    assert result.score == pytest.approx(0.4)
    assert result.details["observed_agreement"] == pytest.approx(0.7)
    assert result.details["expected_agreement"] == pytest.approx(0.5)
    assert result.per_case.count(1.0) == 35


# Ratings 1-5 where the raters swap the top two:  a = 1 2 3 4 5,  b = 1 2 3 5 4
# Both marginals are uniform (one each of 1..5), 25 equally likely pairs.
# nominal:   p_o = 3/5, p_e = 5 * (1/5 * 1/5) = 1/5, kappa = (0.6 - 0.2) / 0.8 = 0.5
# quadratic: observed disagreement (1 + 1) / 5 = 0.4; expected sum over the 25 pairs of (x - y)^2
#            = 2 * (4*1 + 3*4 + 2*9 + 1*16) = 100, / 25 = 4; kappa = 1 - 0.4/4 = 0.9
# linear:    observed 0.4; expected 2 * (4*1 + 3*2 + 2*3 + 1*4) / 25 = 1.6; kappa = 1 - 0.4/1.6 = 0.75
A = [1, 2, 3, 4, 5]
B = [1, 2, 3, 5, 4]


@pytest.mark.parametrize(
    ("weights", "expected", "name"),
    [
        (None, 0.5, "cohens_kappa"),
        ("quadratic", 0.9, "cohens_kappa_quadratic"),
        ("linear", 0.75, "cohens_kappa_linear"),
    ],
)
def test_cohens_kappa_weighted_by_hand(weights, expected, name):
    result = cohens_kappa(A, B, weights=weights)
    assert result.score == pytest.approx(expected)
    assert result.name == name


def test_quadratic_per_case_is_one_minus_normalised_disagreement():
    # largest possible quadratic weight over 1..5 is 16; the swapped items differ by 1.
    assert cohens_kappa(A, B, weights="quadratic").per_case == pytest.approx(
        (1, 1, 1, 1 - 1 / 16, 1 - 1 / 16)
    )


def test_quadratic_weights_use_rating_values_not_label_positions():
    # a = 1 2 5 5, b = 2 1 5 5; counts {1:1, 2:1, 5:2} for both.
    # observed (1 + 1) / 4 = 0.5; expected pairs: (1,2),(2,1): 1 each; (1,5),(5,1): 1*2*16 each;
    # (2,5),(5,2): 1*2*9 each -> 102 / 16; kappa = 1 - 0.5 / (102/16) = 1 - 8/102 = 47/51.
    # (Weighting by label position, as scikit-learn does, would give 7/11.)
    assert cohens_kappa([1, 2, 5, 5], [2, 1, 5, 5], weights="quadratic").score == pytest.approx(47 / 51)


def test_cohens_kappa_is_symmetric_and_accepts_numpy():
    np = pytest.importorskip("numpy")
    forward = cohens_kappa(np.array(A), np.array(B), weights="quadratic").score
    assert forward == pytest.approx(cohens_kappa(B, A, weights="quadratic").score)


def test_cohens_kappa_perfect_and_opposite():
    assert cohens_kappa(["y", "n", "y"], ["y", "n", "y"]).score == pytest.approx(1.0)
    # p_o = 0, p_e = 1/2 -> kappa = -1
    assert cohens_kappa(["y", "n"], ["n", "y"]).score == pytest.approx(-1.0)


@pytest.mark.parametrize(
    ("a", "weights"), [(["good"] * 4, None), ([3, 3, 3], "quadratic"), ([3, 3, 3], "linear")]
)
def test_cohens_kappa_all_in_one_category_is_nan_with_reason(a, weights):
    result = cohens_kappa(a, list(a), weights=weights)
    assert math.isnan(result.score)
    assert "chance agreement is 1" in result.details["degenerate"]
    assert result.details["observed_agreement"] == 1.0


def test_cohens_kappa_two_constant_raters_that_differ_is_zero_not_degenerate():
    result = cohens_kappa([3, 3, 3], [4, 4, 4], weights="quadratic")
    assert result.score == pytest.approx(0.0)
    assert result.details["degenerate"] is None


@pytest.mark.parametrize(
    ("a", "b", "weights", "message"),
    [
        ([], [], None, "no items"),
        ([1, 2], [1], None, "rater_a and rater_b must have one entry per case; got 2 and 1"),
        ("yes", "yes", None, "rater_a must be a list"),
        ([1, None], [1, 2], None, "rater_a has no rating for item 1; drop items a rater skipped"),
        (
            ["good", "bad"],
            ["good", "good"],
            "quadratic",
            "weighted kappa needs numeric ratings; rater_a item 0",
        ),
        ([1, 2], [1, True], "linear", "rater_b item 1 is True"),
        ([1, 2.5], [1, 2], "quadratic", "weighted kappa needs whole-number ratings such as 1-5; rater_a item 1"),
        ([1, 5000], [1, 2], "linear", "ratings span 1..5000; weighted kappa is for rating scales"),
        ([1, 2], [1, 2], "cubic", "weights must be None, 'linear' or 'quadratic'"),
        ([[1], [2]], [[1], [2]], None, "labels must be hashable"),
    ],
)
def test_cohens_kappa_rejects_bad_input(a, b, weights, message):
    with pytest.raises(ValueError, match=message):
        cohens_kappa(a, b, weights=weights)


# The 10 items x 5 categories, 14 raters example on Wikipedia's "Fleiss' kappa" page, whose worked values
# are P-bar = 0.378, P-bar_e = 0.213, kappa = 0.210, and p_j = 0.143, 0.200, 0.279, 0.150, 0.229.
WIKIPEDIA_TABLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_kappa_wikipedia_example():
    result = fleiss_kappa(WIKIPEDIA_TABLE)
    assert result.score == pytest.approx(0.210, abs=5e-4)
    assert result.details["observed_agreement"] == pytest.approx(0.378, abs=5e-4)
    assert result.details["expected_agreement"] == pytest.approx(0.213, abs=5e-4)
    assert result.details["category_proportions"] == pytest.approx(
        [0.143, 0.200, 0.279, 0.150, 0.229], abs=5e-4
    )
    # item 1: (0 + 4 + 36 + 16 + 4 - 14) / (14 * 13) = 46/182 = 0.253
    assert result.per_case[0] == pytest.approx(1.0)
    assert result.per_case[1] == pytest.approx(46 / 182)
    assert result.details["raters"] == 14


def test_fleiss_kappa_small_example_by_hand():
    # 3 items, 2 raters, 2 categories: agree on A, agree on B, split.
    # P_i = 1, 1, 0 -> P-bar = 2/3; p = (3/6, 3/6) -> P_e = 1/2; kappa = (2/3 - 1/2) / (1/2) = 1/3
    assert fleiss_kappa([[2, 0], [0, 2], [1, 1]]).score == pytest.approx(1 / 3)


def test_fleiss_kappa_with_two_raters_matches_cohen_on_equal_marginals():
    # With equal marginals (both raters: A three times, B twice) Fleiss (then Scott's pi) and Cohen coincide.
    # Cohen: p_o = 3/5, p_e = .6*.6 + .4*.4 = .52, kappa = .08/.48 = 1/6.
    # Fleiss: P_i = 1, 1, 1, 0, 0 -> 0.6; p = (6/10, 4/10) -> P_e = .52; kappa = 1/6.
    assert cohens_kappa(["A", "A", "B", "B", "A"], ["A", "A", "B", "A", "B"]).score == pytest.approx(1 / 6)
    assert fleiss_kappa([[2, 0], [2, 0], [0, 2], [1, 1], [1, 1]]).score == pytest.approx(1 / 6)


def test_fleiss_kappa_accepts_numpy():
    np = pytest.importorskip("numpy")
    assert fleiss_kappa(np.array(WIKIPEDIA_TABLE)).score == pytest.approx(fleiss_kappa(WIKIPEDIA_TABLE).score)


def test_fleiss_kappa_all_ratings_in_one_category_is_nan_with_reason():
    result = fleiss_kappa([[3, 0], [3, 0]])
    assert math.isnan(result.score)
    assert (
        result.details["degenerate"]
        == "every rating is in category 0: chance agreement is 1, so kappa is undefined"
    )
    assert result.details["observed_agreement"] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([], "matrix has no items"),
        ([[]], "rows have no categories"),
        ([[1, 0], [0, 1]], "each item has 1 rating"),
        ([[0, 0], [0, 0]], "each item has 0 rating"),
        (
            [[2, 1], [1, 1]],
            "row 1 has 2 ratings but row 0 has 3; Fleiss' kappa needs the same number of raters",
        ),
        ([[2, 1], [3]], "row 1 has 1 categories, row 0 has 2"),
        ([[2, -1, 2], [1, 1, 1]], r"matrix\[0\]\[1\] must be a count"),
        ([[1.5, 1.5], [2, 1]], r"matrix\[0\]\[0\] must be a count"),
        ("12", "matrix must be a list"),
    ],
)
def test_fleiss_kappa_rejects_bad_input(matrix, message):
    with pytest.raises(ValueError, match=message):
        fleiss_kappa(matrix)
