import math

import pytest

from assistant.evaluation.metrics.groundedness import groundedness, mean_groundedness

PASSAGES = {
    "A.4.L2": "Uses open-ended questions to extend learners' thinking.",
    "B.L3": "Mentors colleagues and leads professional learning communities.",
}
ANSWER = "\n".join(
    [
        "## Questioning",
        "Facilitators use open-ended questions to extend thinking [A.4.L2].",
        "Leaders mentor colleagues.",
        "The framework requires a doctorate in physics.",
        "Great question!",
        "Sources: [A.4.L2], [B.L3]",
        "- [B.L3] Mentors colleagues.",
    ]
)
# Claims (heading, "Great question!", the Sources list are set aside), lexical support at threshold 0.4:
#   "Facilitators use open-ended questions to extend thinking."  6/7 from A.4.L2 -> supported
#   "Leaders mentor colleagues."                                 2/3 from B.L3   -> supported
#   "The framework requires a doctorate in physics."             0               -> not
# groundedness = 2/3


def test_groundedness_by_hand():
    result = groundedness(ANSWER, PASSAGES)
    assert result.per_case == (1.0, 1.0, 0.0)
    assert result.score == pytest.approx(2 / 3)
    claims = [row for row in result.details["sentences"] if row["kind"] == "claim"]
    assert [row["best_passage"] for row in claims[:2]] == ["A.4.L2", "B.L3"]
    assert [row["support"] for row in claims] == pytest.approx([6 / 7, 2 / 3, 0.0])
    assert all(row["embedding"] is None for row in claims)
    assert result.details["claims"] == 3
    assert result.details["supported"] == 2
    assert [row["kind"] for row in result.details["sentences"]].count("boilerplate") == 2


def fake_embedding(sentence: str, passage: str) -> float:
    """Pretends the embedding model loves the physics claim and nothing else."""
    return 1.0 if "doctorate" in sentence else 0.0


@pytest.mark.parametrize(
    ("lexical_weight", "per_case"),
    [
        # combined = 0.5 * embedding + 0.5 * lexical: 0.43, 0.33, 0.5
        (0.5, (1.0, 0.0, 1.0)),
        # embedding only: 0, 0, 1
        (0.0, (0.0, 0.0, 1.0)),
        # lexical only: 6/7, 2/3, 0
        (1.0, (1.0, 1.0, 0.0)),
    ],
)
def test_groundedness_blends_embedding_and_lexical_support(lexical_weight, per_case):
    result = groundedness(ANSWER, PASSAGES, similarity=fake_embedding, lexical_weight=lexical_weight)
    assert result.per_case == per_case
    physics = [row for row in result.details["sentences"] if row["kind"] == "claim"][2]
    assert physics["embedding"] == 1.0
    assert physics["lexical"] == 0.0


def test_no_passages_means_nothing_is_supported():
    result = groundedness(ANSWER, {})
    assert result.score == 0.0
    assert result.per_case == (0.0, 0.0, 0.0)


def test_answer_without_claims_gives_nan():
    result = groundedness("## Heading\nGreat question!\nSources: [A.4]", PASSAGES)
    assert math.isnan(result.score)
    assert result.per_case == ()


def test_mean_groundedness_averages_answers_and_skips_claimless_ones():
    result = mean_groundedness(
        [(ANSWER, PASSAGES), ("Great question!", PASSAGES), ("Leaders mentor colleagues.", PASSAGES)]
    )
    assert result.per_case == pytest.approx((2 / 3, None, 1.0))
    assert result.score == pytest.approx((2 / 3 + 1.0) / 2)
    assert result.details["cases_without_claims"] == [1]
    assert len(result.details["per_answer"]) == 3


@pytest.mark.parametrize(
    ("answer", "passages", "kwargs", "message"),
    [
        (None, PASSAGES, {}, "answer must be text"),
        (ANSWER, ["A.4.L2"], {}, "passages must map id -> passage text, got list"),
        (ANSWER, {"A.4.L2": None}, {}, "passages must map str ids to str text; bad entry 'A.4.L2'"),
        (ANSWER, PASSAGES, {"threshold": -0.1}, "threshold must be a number between 0 and 1"),
        (ANSWER, PASSAGES, {"lexical_weight": 1.5}, "lexical_weight must be a number between 0 and 1"),
        (ANSWER, PASSAGES, {"min_words": 0}, "min_words must be a whole number >= 1"),
        (ANSWER, PASSAGES, {"similarity": lambda a, b: "high"}, "similarity function returned 'high'"),
    ],
)
def test_groundedness_rejects_bad_input(answer, passages, kwargs, message):
    with pytest.raises(ValueError, match=message):
        groundedness(answer, passages, **kwargs)


@pytest.mark.parametrize(
    ("cases", "message"),
    [([], "cases is empty"), ([ANSWER], "case 0 must be a pair"), ([(ANSWER, "text")], "case 0: passages")],
)
def test_mean_groundedness_rejects_bad_input(cases, message):
    with pytest.raises(ValueError, match=message):
        mean_groundedness(cases)
