"""Questions about what a role needs: the role and institution read from the question, or None.

Real parts: the real model, the reader trained on prompts/intents.yaml and the titles of prompts/roles.yaml.
These sentences are the dev set the thresholds of assistant/dialogue/roles.py were set on (none is an
example the classifier learned from). On them, role questions read the ``role`` intent at 0.35-0.73
(one at 0.31); questions that name a role but ask something else read it at 0.25 or less (0.49 for
"Which competencies are important for me?", which names no title); a title run scores 0.65-1.0 against
its nearest title and a word that merely follows one ("starts", "Monday") 0.41 or less on its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.dialogue.roles import RoleQuestion, RoleReader, load_role_names
from assistant.indexing.embedder import SentenceTransformerEmbedder
from assistant.settings import ROOT
from assistant.understanding.examples import ExamplesError
from assistant.understanding.reader import EmbeddingReader


@pytest.fixture(scope="module")
def roles(embedder: SentenceTransformerEmbedder) -> RoleReader:
    return RoleReader.from_prompts(embedder, ROOT / "prompts")


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
        ("I'm a floor educator at a science center. What skills do I need?", "floor educator", "science center"),
        ("Which competencies does a senior aquarist at a public aquarium need?", "senior aquarist", "aquarium"),
        ("I work as a guest services associate at a children's museum. Which competencies count for my role?",
         "guest services associate", "children's museum"),
        ("What should an evaluation manager be good at?", "evaluation manager", None),
        ("Which competencies are important for a STEM camp instructor?", "camp instructor", None),
    ],
)
def test_a_role_question_names_its_role(roles: RoleReader, reader: EmbeddingReader, text: str, role: str,
                                        institution: str | None) -> None:
    assert roles.question(text, reader.read(text)) == RoleQuestion(role, institution)


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
        "How do I become a better explainer?",
        "I'm hiring a volunteer manager. How can the framework help?",
        "Can you coach me? I'm a keeper at a zoo.",
        "I run the volunteer program at our zoo. Is that Structure Level 2?",
        "Here's a job ad for an exhibit developer - what level is it aimed at?",
        "What gaps would a team of three educators and a curator have?",
        "I'm a volunteer coordinator. " + "Which competencies matter? " * 30,  # too long to be a short question
    ],
)
def test_other_questions_are_not_role_questions(roles: RoleReader, reader: EmbeddingReader, text: str) -> None:
    assert roles.question(text, reader.read(text)) is None


def test_without_a_reading_nothing_is_a_role_question(roles: RoleReader) -> None:
    assert roles.question("Which competencies matter for a volunteer coordinator?", None) is None


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Our new horticulturist starts Monday: what competencies should she build?", "horticulturist"),
        ("what competencies do exhibit developers need", "exhibit developers"),  # not in the list as said
        ("Which skills count most for a docent at an art museum?", "docent"),
    ],
)
def test_the_title_is_read_without_the_words_around_it(roles: RoleReader, text: str, role: str) -> None:
    found = roles.role(text)
    assert found is not None and found[2] == role


@pytest.mark.parametrize("text", ["Which competencies matter most?", "What skills does the framework list?"])
def test_framework_words_name_no_role(roles: RoleReader, text: str) -> None:
    assert roles.role(text) is None


def test_spans_never_start_or_end_with_an_edge_word(roles: RoleReader) -> None:
    spans = [s for _, _, s in roles.spans("I'm a new head of learning at the zoo.")]
    assert "head of learning" in spans and "head" in spans
    assert not any(s.split()[0] in {"a", "new", "at"} or s.split()[-1] in {"of", "the"} for s in spans)
    assert "learning at the zoo" not in spans  # "at" and "the" may not stand inside a title


def test_a_bad_roles_file_says_what_to_do(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "prompts" / "roles.yaml").read_text())
    data["roles"] = ["educator"]
    (tmp_path / "roles.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(ExamplesError, match="roles"):
        load_role_names(tmp_path)
