"""Follow-ups borrow the last topic: "and at level 3?" after a question about Finances."""

from __future__ import annotations

import pytest

from assistant.dialogue.followup import rewrite, topic_of
from assistant.framework.models import Corpus
from assistant.understanding.reader import EmbeddingReader

FINANCES_L2 = {"domain": "A", "category": "A.4", "level": 2}


@pytest.mark.parametrize(
    ("citations", "topic"),
    [
        (["A.4.L2", "A.4"], {"domain": "A", "category": "A.4", "level": 2}),
        (["A.4"], {"domain": "A", "category": "A.4", "level": None}),
        (["B"], {"domain": "B", "category": None, "level": None}),
        (["res:some-guide", "B.1.L3"], {"domain": "B", "category": "B.1", "level": 3}),
        (["B.3"], {"domain": "B", "category": None, "level": None}),  # unpublished category: keep only the domain
        (["res:some-guide", "doc:x#1"], None),
        ([], None),
    ],
)
def test_topic_of_the_first_cited_framework_item(corpus: Corpus, citations: list[str], topic: dict | None) -> None:
    assert topic_of(citations, corpus.framework) == topic


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("and at level 3?", "and at level 3? [Finances (A.4) Level 3]"),
        ("What about level 1?", "What about level 1? [Finances (A.4) Level 1]"),
        ("tell me more", "tell me more [Finances (A.4)]"),
        ("and Audiences?", "and Audiences? [Level 2]"),
        # a complete question is left alone
        ("What is Level 3 in Audiences?", "What is Level 3 in Audiences?"),
        ("What is the capital of France?", "What is the capital of France?"),
    ],
)
def test_rewrite_borrows_the_missing_half(corpus: Corpus, reader: EmbeddingReader, message: str, expected: str) -> None:
    assert rewrite(message, FINANCES_L2, corpus.framework, reader.read(message).follow_up) == expected


def test_without_a_topic_nothing_is_rewritten(corpus: Corpus) -> None:
    assert rewrite("and at level 3?", None, corpus.framework, True) == "and at level 3?"


def test_a_long_message_is_never_rewritten(corpus: Corpus) -> None:
    long = "and at level 3? " + "I am asking because my manager wants me to grow into a bigger role soon " * 2
    assert rewrite(long, FINANCES_L2, corpus.framework, True) == long


def test_a_domain_topic_is_named_as_a_domain(corpus: Corpus) -> None:
    topic = {"domain": "B", "category": None, "level": None}
    assert rewrite("and at level 2?", topic, corpus.framework) == "and at level 2? [Institutional Impact (domain B) Level 2]"
