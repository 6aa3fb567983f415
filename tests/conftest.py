"""Shared fixtures: the real embedding model and a real index, each built once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.framework.loader import load_corpus
from assistant.framework.models import Corpus
from assistant.indexing.embedder import SentenceTransformerEmbedder, shared_embedder
from assistant.indexing.store import Index, build_index
from assistant.retrieval.hybrid import HybridRetriever
from assistant.settings import ROOT, Settings
from assistant.understanding.classifier import IntentModel, train
from assistant.understanding.examples import IntentExamples, load_examples
from assistant.understanding.followups import FollowUps
from assistant.understanding.groups import UserGroups
from assistant.understanding.reader import EmbeddingReader

CORPUS_DIR = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus(CORPUS_DIR)


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    return shared_embedder()


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory, corpus: Corpus, embedder: SentenceTransformerEmbedder) -> Path:
    out = tmp_path_factory.mktemp("index")
    build_index(corpus, embedder, out, progress=False)
    return out


@pytest.fixture(scope="session")
def index(index_dir: Path, corpus: Corpus, embedder: SentenceTransformerEmbedder) -> Index:
    from assistant.indexing.store import load_index

    return load_index(index_dir, corpus, embedder)


@pytest.fixture(scope="session")
def retriever(index: Index, embedder: SentenceTransformerEmbedder, corpus: Corpus) -> HybridRetriever:
    return HybridRetriever(index, embedder, corpus.framework)


@pytest.fixture
def settings(tmp_path: Path, index_dir: Path) -> Iterator[Settings]:
    """Settings for one test: the session's index, a fresh SQLite file, no LLM."""
    yield Settings(
        environment="test",
        index_dir=index_dir,
        database_url=f"sqlite:///{tmp_path / 'assistant.db'}",
        auto_build_index=False,
        api_keys={"eval-key-0123456789": "evaluator", "admin-key-0123456789": "admin"},
    )


# the real intent classifier, trained once per session on the project's examples with the real model
@pytest.fixture(scope="session")
def examples() -> IntentExamples:
    return load_examples(ROOT / "prompts")


@pytest.fixture(scope="session")
def intent_model(examples: IntentExamples, embedder: SentenceTransformerEmbedder) -> IntentModel:
    return train(examples, embedder)


@pytest.fixture(scope="session")
def reader(intent_model: IntentModel, embedder: SentenceTransformerEmbedder, corpus: Corpus) -> EmbeddingReader:
    return EmbeddingReader(embedder, intent_model, corpus.framework, FollowUps.from_prompts(embedder, ROOT / "prompts"),
                           UserGroups.from_prompts(embedder, ROOT / "prompts"))
