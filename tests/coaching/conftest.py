"""Coaching fixtures: the real question bank, matcher and a service on a fresh SQLite file per test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import assistant.coaching.tables  # noqa: F401  (registers the coach_ tables on Base)
from assistant.audit.db import Base, make_engine, session_factory
from assistant.coaching.areas import load_area_examples
from assistant.coaching.assess import CompetencyMatcher, competency_catalog, practice_texts
from assistant.coaching.flow import Flow
from assistant.coaching.listen import Listener
from assistant.coaching.questions import QuestionBank, default_bank_path, load_question_bank
from assistant.coaching.senses import Senses, senses_path
from assistant.coaching.service import CoachingService
from assistant.framework.models import Corpus
from assistant.indexing.embedder import SentenceTransformerEmbedder
from assistant.settings import ROOT
from assistant.understanding.reader import EmbeddingReader


@pytest.fixture(scope="session")
def bank() -> QuestionBank:
    return load_question_bank(default_bank_path(ROOT / "prompts"))


@pytest.fixture(scope="session")
def matcher(corpus: Corpus, embedder: SentenceTransformerEmbedder, bank: QuestionBank) -> CompetencyMatcher:
    return CompetencyMatcher(competency_catalog(corpus), embedder, bank.vocabulary, bank.on_topic_anchors,
                             practice_texts(corpus), load_area_examples(ROOT / "prompts").areas)


@pytest.fixture(scope="session")
def listener(embedder: SentenceTransformerEmbedder) -> Listener:
    """The coach's listener, its acts classifier trained in memory from prompts/coaching/acts.yaml."""
    return Listener.from_paths(embedder, ROOT / "prompts", None)


@pytest.fixture(scope="session")
def senses(embedder: SentenceTransformerEmbedder) -> Senses:
    """What short replies mean, from the labelled examples of prompts/coaching/senses.yaml."""
    return Senses.from_path(embedder, senses_path(ROOT / "prompts"))


@pytest.fixture(scope="session")
def flow(bank: QuestionBank, matcher: CompetencyMatcher, senses: Senses) -> Flow:
    """The questionnaire: no reader and no listener, every reply read as the answer to the question asked."""
    return Flow(bank, matcher, senses=senses)


@pytest.fixture(scope="session")
def guarded(bank: QuestionBank, matcher: CompetencyMatcher, reader: EmbeddingReader, senses: Senses) -> Flow:
    """The questionnaire with the chat reader, which tells an instruction to the system from an answer."""
    return Flow(bank, matcher, reader, senses=senses)


@pytest.fixture
def make_coach(
    tmp_path: Path, corpus: Corpus, embedder: SentenceTransformerEmbedder, bank: QuestionBank, senses: Senses,
    reader: EmbeddingReader,
) -> Callable[[], CoachingService]:
    """A factory: each call is a fresh service (as after a restart) on the same SQLite file."""
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    Base.metadata.create_all(make_engine(url))

    def build() -> CoachingService:
        return CoachingService(corpus, embedder, session_factory(make_engine(url)), bank, senses=senses,
                               reader=reader)

    return build
