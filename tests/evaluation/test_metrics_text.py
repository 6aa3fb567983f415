import pytest

from assistant.evaluation.metrics.text import content_words, lexical_overlap, stem


@pytest.mark.parametrize(
    "words",
    [
        ("question", "questions", "questioning"),
        ("facilitate", "facilitated", "facilitating", "facilitation"),
        ("practice", "practices"),
        ("plan", "plans", "planning"),
        ("assess", "assessment", "assessments"),
        ("activity", "activities"),
        ("reflect", "reflection", "reflective"),
        ("learner", "learners", "learner's"),
    ],
)
def test_stem_conflates_word_forms(words):
    assert len({stem(w) for w in words}) == 1


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("process", "process"),
        ("processes", "process"),
        ("focus", "focus"),
        ("analysis", "analysis"),
        ("skills", "skill"),
        ("classes", "class"),
        ("need", "need"),
        ("running", "run"),
    ],
)
def test_stem_keeps_roots_that_merely_end_like_suffixes(word, expected):
    assert stem(word) == expected


def test_content_words_drop_stopwords_and_single_letters():
    assert content_words("The learners don't ask a question about it") == ["learner", "ask", "quest"]


def test_lexical_overlap_is_share_of_claim_words_in_passage():
    # claim stems: facilitator, use, open, end, quest, extend, think (7); the passage lacks facilitator.
    claim = "Facilitators use open-ended questions to extend thinking."
    passage = (
        "Uses questioning strategies, including open-ended questions, to extend learners\u2019 thinking."
    )
    assert lexical_overlap(claim, passage) == pytest.approx(6 / 7)


def test_lexical_overlap_is_asymmetric():
    short, long = "open questions", "open questions extend thinking and curiosity"
    assert lexical_overlap(short, long) == pytest.approx(1.0)
    assert lexical_overlap(long, short) == pytest.approx(2 / 5)


@pytest.mark.parametrize(
    ("claim", "passage"), [("Yes, it is.", "Yes it is"), ("", "anything"), ("words", "")]
)
def test_lexical_overlap_without_shared_content_is_zero(claim, passage):
    assert lexical_overlap(claim, passage) == 0.0
