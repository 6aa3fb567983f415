"""Pasted postings are told apart from questions."""

from __future__ import annotations

import pytest

from assistant.matching.detect import looks_like_posting
from assistant.settings import ROOT

POSTINGS = ROOT / "evals" / "postings"


@pytest.mark.parametrize("name", sorted(p.name for p in POSTINGS.glob("p*.*")))
def test_eval_postings_look_like_postings(name: str) -> None:
    assert looks_like_posting((POSTINGS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "message",
    [
        "What does Level 2 of the Finances category mean?",
        "I manage the budget for our education department and supervise three educators. I also write "
        "grant reports and sometimes present at regional conferences. Which level am I at in the framework, "
        "and what should I work on next to grow my career in a science center? I have about six years in the field.",
    ],
)
def test_questions_do_not(message: str) -> None:
    assert not looks_like_posting(message)
