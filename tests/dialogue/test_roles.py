"""Questions about what a role needs: the role and institution read from the question, or None."""

from __future__ import annotations

import pytest

from assistant.dialogue.roles import RoleQuestion, role_question


@pytest.mark.parametrize(
    ("text", "role", "institution"),
    [
        ("I'm a volunteer coordinator at a botanical garden. Which competencies matter most for me?",
         "volunteer coordinator", "botanical garden"),
        ("Which competencies matter for a volunteer coordinator?", "volunteer coordinator", None),
        ("What skills does a planetarium presenter need?", "planetarium presenter", None),
        ("What competencies are needed for an exhibit developer at a science center?", "exhibit developer",
         "science center"),
        ("Which competencies should I develop as a new education manager?", "education manager", None),
        ("I am a zookeeper who gives talks. What competencies are relevant?", "zookeeper", None),
        ("what competencies does an executive director need", "executive director", None),
        ("What competencies would a grant writer at a zoo need?", "grant writer", "zoo"),
    ],
)
def test_a_role_question_names_its_role(text: str, role: str, institution: str | None) -> None:
    assert role_question(text) == RoleQuestion(role, institution)


@pytest.mark.parametrize(
    "text",
    [
        "What is Level 2 in Finances?",
        "Which competencies does Level 2 in Finances need?",
        "What competencies are in the framework?",
        "Which skills matter for a job posting like this?",
        "What levels apply for the Audiences category?",
        "What does a museum educator do?",  # asks about the job, not its competencies
        "Which competencies are important for me?",  # no role named
        "I'm a volunteer coordinator. " + "Which competencies matter? " * 30,  # too long to be a short question
    ],
)
def test_other_questions_are_not_role_questions(text: str) -> None:
    assert role_question(text) is None
