"""Mode routing in ``auto``: framework questions, pasted job postings, coaching requests, by the reading of
the real reader (the classifier on the real model)."""

from __future__ import annotations

import pytest

from assistant.dialogue.routing import looks_like_posting, route, wants_coaching
from assistant.understanding.reader import EmbeddingReader
from assistant.understanding.reading import Reading
from dialogue.postings import JOB_POSTING


def routed(reader: EmbeddingReader, message: str, **kw: bool | str) -> str:
    return route(message, reading=reader.read(message), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("message", "mode"),
    [
        ("What is Level 2 in Finances?", "qa"),
        ("How does the framework describe Audiences?", "qa"),
        ("What are the four domains?", "qa"),
        ("What does a job posting usually ask for in Finances?", "qa"),  # mentions job posting, but is a question
        (JOB_POSTING, "match"),
        ("help me reflect on my year", "coach"),
        ("Can you help me plan my learning for next year?", "coach"),
        ("I'd like a learning plan", "coach"),
        ("Could we do a self-assessment together?", "coach"),
        ("I want to think through where my career is going next.", "coach"),
    ],
)
@pytest.mark.slow
def test_auto_routes_by_content(reader: EmbeddingReader, message: str, mode: str) -> None:
    assert routed(reader, message) == mode


def test_without_a_reading_only_structure_routes() -> None:
    assert route("help me reflect on my year") == "qa"
    assert route(JOB_POSTING) == "match"
    coach = Reading("coach_request", 0.6, {"coach_request": 0.6})
    assert route("help me reflect on my year", reading=coach) == "coach"
    assert route("help me reflect on my year", reading=Reading("coach_request", 0.2, {})) == "qa"  # too unsure


@pytest.mark.parametrize("requested", ["qa", "match", "coach"])
def test_an_explicit_mode_wins(requested: str) -> None:
    coach = Reading("coach_request", 0.9, {"coach_request": 0.9})
    assert route("help me reflect on my year", reading=coach, requested=requested) == requested
    assert route(JOB_POSTING, requested=requested) == requested


@pytest.mark.slow
def test_an_active_coaching_session_keeps_answers_in_coaching(reader: EmbeddingReader) -> None:
    assert routed(reader, "Mostly budgets, and some grant reports.", active_coaching=True) == "coach"
    assert routed(reader, "Mostly budgets, and some grant reports.") == "qa"
    # a question naming a framework item is answered; an answer naming one stays with the coach
    assert routed(reader, "What is Level 2 in Finances?", active_coaching=True, names_framework_item=True) == "qa"
    assert routed(reader, "I'd say Level 2 in Finances.", active_coaching=True, names_framework_item=True) == "coach"


def test_a_posting_wins_over_an_active_coaching_session() -> None:
    assert route(JOB_POSTING, active_coaching=True) == "match"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (JOB_POSTING, True),
        ("Responsibilities and qualifications of a full-time educator?", False),  # short: a question, not a posting
        ("word " * 200, False),  # long but no job-ad vocabulary
    ],
)
def test_looks_like_posting(text: str, expected: bool) -> None:
    assert looks_like_posting(text) is expected


@pytest.mark.slow
def test_a_posting_flattened_into_one_line_is_read_as_one(reader: EmbeddingReader) -> None:
    flat = JOB_POSTING.replace("\n", " ")  # a form field joined the lines: no layout left, only the words
    assert not looks_like_posting(flat)
    assert looks_like_posting(flat, reader.read(flat))
    assert routed(reader, flat) == "match"


def test_a_very_long_message_is_not_a_coaching_request() -> None:
    coach = Reading("coach_request", 0.9, {"coach_request": 0.9})
    assert wants_coaching("help me reflect on my year", coach)
    assert not wants_coaching("help me reflect on my year. " + "x" * 2_000, coach)
    assert not wants_coaching("help me reflect on my year", None)


def test_a_role_question_goes_to_matching_unless_it_names_a_framework_item() -> None:
    q = "Which competencies matter for a volunteer coordinator?"
    assert route(q, asks_role=True) == "match"
    assert route(q, asks_role=True, names_framework_item=True) == "qa"
    assert route(q, asks_role=True, active_coaching=True) == "coach"  # an answer to the coach, not a new topic
    assert route(q, asks_role=True, requested="qa") == "qa"
