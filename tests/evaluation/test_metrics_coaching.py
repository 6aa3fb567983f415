import pytest

from assistant.evaluation.metrics.coaching import count_questions, one_question_per_turn, plan_coverage


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What do you notice?", 1),
        ("What do you notice? Why?", 2),
        ("Tell me more about your setting.", 0),
        ("What??", 1),
        ("Really?! Which one?", 2),
        ('Try asking "What do you notice?" with learners. Which age group do you work with?', 1),
        ("Try \u201cWhat changed?\u201d as a prompt. What will you try?", 1),
        ("Try 'Why do you think so?' as a follow-up. Ready?", 1),
        ("See https://example.org/search?q=kappa for more. What is your role?", 1),
        ("See www.example.org/?page=2 first.", 0),
        ("Type `what?` into the search box. Ready?", 1),
        ("Learners' ideas matter. Don't you think?", 1),
        ("Which level fits you (L1, L2 or L3)?", 1),
        ("The query param ?q= is odd.", 0),
    ],
)
def test_count_questions(text, expected):
    assert count_questions(text) == expected


def test_count_questions_rejects_non_text():
    with pytest.raises(ValueError, match="text must be a string"):
        count_questions(None)  # type: ignore[arg-type]


TURNS = [
    "What is your role?",
    "Thanks. Which area first? And why?",
    "Here is your plan.",
    'Try "Why?" with your group. Which level fits you?',
]


@pytest.mark.parametrize(
    ("allow_no_question", "per_case", "score"),
    [(False, (1.0, 0.0, 0.0, 1.0), 0.5), (True, (1.0, 0.0, None, 1.0), 2 / 3)],
)
def test_one_question_per_turn(allow_no_question, per_case, score):
    result = one_question_per_turn(TURNS, allow_no_question=allow_no_question)
    assert result.per_case == per_case
    assert result.score == pytest.approx(score)
    assert result.details["question_counts"] == [1, 2, 0, 1]
    assert result.details["several_questions"] == [1]
    assert result.details["no_question"] == [2]


@pytest.mark.parametrize(
    ("turns", "message"),
    [
        ([], "turns is empty"),
        ("What?", "turns must be a list"),
        (["Hi?", 3], "turn 1 must be the turn's text"),
    ],
)
def test_one_question_per_turn_rejects_bad_input(turns, message):
    with pytest.raises(ValueError, match=message):
        one_question_per_turn(turns)


# case 0: plan {A.4.L2, B.1}, expressed {A.4, B.1, D.3}: A.4 covered by A.4.L2 (hierarchical), B.1 yes, D.3 no
# case 1: nothing expressed -> None
# case 2: plan {A.1}, expressed {A.1} -> 1
PLANS = [{"A.4.L2", "B.1"}, {"C.2"}, {"A.1"}]
EXPRESSED: list[set[str]] = [{"A.4", "B.1", "D.3"}, set(), {"A.1"}]


@pytest.mark.parametrize(
    ("hierarchical", "first", "uncovered"),
    [(True, 2 / 3, [(0, "D.3")]), (False, 1 / 3, [(0, "A.4"), (0, "D.3")])],
)
def test_plan_coverage_by_hand(hierarchical, first, uncovered):
    result = plan_coverage(PLANS, EXPRESSED, hierarchical=hierarchical)
    assert result.per_case == pytest.approx((first, None, 1.0))
    assert result.score == pytest.approx((first + 1.0) / 2)
    assert result.details["uncovered"] == uncovered


@pytest.mark.parametrize(
    ("plan", "area", "covered"),
    [({"A.4.L2"}, "A", True), ({"A.L1"}, "A", True), ({"A.41"}, "A.4", False), ({"A.4"}, "A.4.L2", False)],
)
def test_plan_coverage_hierarchy_is_by_id_segments(plan, area, covered):
    assert plan_coverage([plan], [{area}]).score == (1.0 if covered else 0.0)


@pytest.mark.parametrize(
    ("plans", "expressed", "message"),
    [
        ([], [], "plan_area_ids is empty"),
        ([{"A"}], [{"A"}, {"B"}], "plan_area_ids and expressed_area_ids must have one entry per case"),
        (["A.4"], [{"A.4"}], "case 0: plan_area_ids is a string 'A.4'; wrap it"),
        ([{"A.4"}], [{4}], "case 0: expressed_area_ids must hold string ids"),
    ],
)
def test_plan_coverage_rejects_bad_input(plans, expressed, message):
    with pytest.raises(ValueError, match=message):
        plan_coverage(plans, expressed)
