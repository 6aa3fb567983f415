"""Structured cues: explicit ids, category and domain names, level numbers, unpublished mentions."""

from __future__ import annotations

import pytest

from assistant.framework.models import Corpus
from assistant.retrieval.cues import find_cues

CASES = [
    # (question, ids, categories, domains, levels, mentions_unpublished); an explicit id also names
    # its published category ("A.4.L2" -> A.4) or its domain ("D", "A.L2" -> the domain)
    ("What is Level 2 in Finances?", (), ("A.4",), (), (2,), ()),
    ("Tell me about A.4.L2", ("A.4.L2",), ("A.4",), (), (2,), ()),
    ("b.1 at level 2", ("B.1",), ("B.1",), (), (2,), ()),
    ("A.L2 please", ("A.L2",), (), ("A",), (2,), ()),
    ("L3 in C.1", ("C.1",), ("C.1",), (), (3,), ()),
    ("What is D.1?", ("D.1",), (), (), (), ("D.1",)),
    ("Compare B.2.L2 and C.3", ("B.2.L2", "C.3"), ("B.2",), (), (2,), ("B.2.L2", "C.3")),
    ("Domain D", ("D",), (), ("D",), (), ()),
    ("domain B level 3", ("B",), (), ("B",), (3,), ()),
    ("what is a budget", (), ("A.4",), (), (), ()),
    ("Plan B for visitors", (), ("B.1",), (), (), ()),
    ("top level of audiences", (), ("B.1",), (), (3,), ()),
    ("level II of structure", (), ("A.2",), (), (2,), ()),
    ("lvl 1 policies", (), ("A.3",), (), (1,), ()),
    ("Mission, Vision, and Goals at the first level", (), ("A.1",), (), (1,), ()),
    ("Levels 2 and 3 of Role", (), ("B.2",), (), (2, 3), ()),
    ("levels 1, 2 or 3 of finances", (), ("A.4",), (), (1, 2, 3), ()),
    ("level three", (), (), (), (3,), ()),
    ("entry level jobs", (), (), (), (1,), ()),
    ("What are soft skills?", (), (), ("D",), (), ()),
    ("institutional impact, level one", (), (), ("B",), (1,), ()),
    ("Job-specific Expertise", (), (), ("C",), (), ()),
    # "role" is an everyday word: the category Role counts only as a capitalised name mid-sentence
    ("What does Level 2 look like in my role as an educator?", (), (), (), (2,), ()),
    ("Role models for new educators", (), (), (), (), ()),
    ("What is the weather today?", (), (), (), (), ()),
    ("I need a plan", (), (), (), (), ()),
]


@pytest.mark.parametrize(("question", "ids", "categories", "domains", "levels", "unpublished"), CASES)
def test_find_cues(
    corpus: Corpus,
    question: str,
    ids: tuple[str, ...],
    categories: tuple[str, ...],
    domains: tuple[str, ...],
    levels: tuple[int, ...],
    unpublished: tuple[str, ...],
) -> None:
    cues = find_cues(question, corpus.framework)
    assert (cues.ids, cues.categories, cues.domains, cues.levels, cues.mentions_unpublished) == (
        ids, categories, domains, levels, unpublished
    )


@pytest.mark.parametrize(
    ("question", "overview"),
    [("What are the four domains?", True), ("Which domains does the framework have?", True),
     ("the domains of the framework", True), ("What is the Finances domain about?", False),
     ("What does the Institutional Impact domain cover?", False)],
)
def test_overview_of_domains(corpus: Corpus, question: str, overview: bool) -> None:
    assert find_cues(question, corpus.framework).overview_domains is overview


@pytest.mark.parametrize(
    ("question", "empty"), [("What is the weather today?", True), ("Finances", False), ("level 2", False),
                            ("What is D.1?", False)]
)
def test_empty(corpus: Corpus, question: str, empty: bool) -> None:
    assert find_cues(question, corpus.framework).empty is empty


def test_ids_are_deduplicated_in_order(corpus: Corpus) -> None:
    assert find_cues("A.4 or B.1, then A.4 again", corpus.framework).ids == ("A.4", "B.1")


@pytest.mark.parametrize("word", ["a", "d", "b"])
def test_a_lowercase_letter_is_a_word_not_an_id(corpus: Corpus, word: str) -> None:
    assert find_cues(f"is there {word} level for me", corpus.framework).ids == ()


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("Finances levels 1 to 3", (1, 2, 3)),
        ("Finances levels 1-3", (1, 2, 3)),
        ("Finances levels 3 to 1", (1, 2, 3)),
        ("Finances levels 1 and 3", (1, 3)),
        ("Finances levels 2 to 3", (2, 3)),
        ("levels one, two or three of Policies", (1, 2, 3)),
    ],
)
def test_level_lists_and_ranges(corpus: Corpus, text: str, levels: tuple[int, ...]) -> None:
    assert find_cues(text, corpus.framework).levels == levels


@pytest.mark.parametrize(
    ("text", "about"),
    [
        ("Who created the ISL framework and when?", True),
        ("When was the framework released?", True),
        ("who developed this competency framework", True),
        ("What is the history of the ISL framework?", True),
        ("Who funded the framework?", True),
        ("Who creates policies at level 3?", False),
        ("What is Level 3 in Policies?", False),
        ("How do I create a budget?", False),
    ],
)
def test_questions_about_the_framework_itself(corpus: Corpus, text: str, about: bool) -> None:
    assert find_cues(text, corpus.framework).about_framework is about
