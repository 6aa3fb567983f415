"""The grammar of levels and years, and the kind of an answer given its sense and topicality (pure)."""

import pytest

from assistant.coaching.answers import (
    career_stage,
    classify,
    is_accept,
    parse_level,
    parse_years,
    stated_years,
)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("2", 2.0),
        ("level 2", 2.0),
        ("L3", 3.0),
        ("Level two", 2.0),
        ("A.4.L1", 1.0),
        ("somewhere between 1 and 2", 1.5),
        ("between level 2 and 3", 2.5),
        ("1-2", 1.5),
        ("I'd say 2 because I run the budget", 2.0),
        ("probably a 3", 3.0),
        ("not sure", None),
        ("hmm", None),
        ("3 years", None),
        ("I have run 5 camps", None),  # a number that counts things is not a level
        ("about 30% of my week", None),
    ],
)
def test_parse_level(text: str, level: float | None) -> None:
    assert parse_level(text).level == level


@pytest.mark.parametrize("text", ["level 5", "between 3 and 4", "0"])
def test_parse_level_out_of_range(text: str) -> None:
    got = parse_level(text)
    assert got.level is None and got.out_of_range


def test_parse_level_keeps_the_rest_as_evidence() -> None:
    assert parse_level("2, because I planned the camp budget").rest == "because I planned the camp budget"


@pytest.mark.parametrize(
    ("text", "years"),
    [("5", 5.0), ("about 12 years", 12.0), ("six months", 0.5), ("I just started, three weeks ago", 0.06),
     ("eighteen years here", 18.0), ("a few years", 3.0), ("eight years", 8.0), ("a decade", 10.0),
     ("a year and a bit", 1.0), ("lots", None)],
)
def test_parse_years(text: str, years: float | None) -> None:
    assert parse_years(text) == years


@pytest.mark.parametrize(
    ("text", "years"),
    [("a gallery guide, four years now", 4.0), ("I teach 8 year olds on Saturdays", None),
     ("I work 3 days a week at the garden", None), ("planetarium presenter for several years", 5.0)],
)
def test_stated_years(text: str, years: float | None) -> None:
    assert stated_years(text) == years


@pytest.mark.parametrize(("years", "stage"), [(0, "early career"), (3, "early career"), (4, "mid-career"),
                                             (11, "mature"), (None, None)])
def test_career_stage_bands(years: float | None, stage: str | None) -> None:
    assert career_stage(years) == stage


@pytest.mark.parametrize(
    ("text", "sense", "topicality", "kind"),
    [
        ("this is stupid", "abuse", 0.2, "hostile"),
        ("Did you see the game last night?", None, 0.16, "digression"),
        ("Let's talk about football instead", "digression", 0.6, "digression"),
        ("What do you mean by a level?", "clarify", 0.5, "clarify"),
        ("I don't know", "dont_know", None, "dont_know"),
        ("I run the summer camps and evaluate them", None, 0.5, "answer"),
        ("I guess I'm good at explaining things?", None, 0.5, "answer"),
        ("We went to the beach and ate ice cream all day", None, 0.1, "digression"),
    ],
)
def test_classify(text: str, sense: str | None, topicality: float | None, kind: str) -> None:
    assert classify(text, sense, topicality) == kind  # type: ignore[arg-type]


def test_a_long_answer_is_never_a_dont_know() -> None:
    text = "I don't know the budget numbers but I track spending weekly for all of our camps and programs"
    assert classify(text, "dont_know", 0.5) == "answer"


def test_accept_words() -> None:
    words = ("yes", "sure", "those")
    assert is_accept("Yes, those two", words) and not is_accept("budgets please", words)
