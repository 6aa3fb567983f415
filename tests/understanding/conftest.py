"""The real intent classifier, trained once per session on the project's examples with the real model."""

from __future__ import annotations

import pytest

from assistant.framework.models import Corpus
from assistant.indexing.embedder import SentenceTransformerEmbedder
from assistant.settings import ROOT
from assistant.understanding.classifier import IntentModel, train
from assistant.understanding.examples import IntentExamples, load_examples
from assistant.understanding.reader import EmbeddingReader


@pytest.fixture(scope="session")
def examples() -> IntentExamples:
    return load_examples(ROOT / "prompts")


@pytest.fixture(scope="session")
def intent_model(examples: IntentExamples, embedder: SentenceTransformerEmbedder) -> IntentModel:
    return train(examples, embedder)


@pytest.fixture(scope="session")
def reader(intent_model: IntentModel, embedder: SentenceTransformerEmbedder, corpus: Corpus) -> EmbeddingReader:
    return EmbeddingReader(embedder, intent_model, corpus.framework)
