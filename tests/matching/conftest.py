"""Matcher fixtures: one real PostingMatcher per session on the real corpus and model (see tests/conftest.py)."""

from __future__ import annotations

import pytest

from assistant.framework.models import Corpus
from assistant.indexing.embedder import SentenceTransformerEmbedder
from assistant.matching.engine import PostingMatcher


@pytest.fixture(scope="session")
def matcher(corpus: Corpus, embedder: SentenceTransformerEmbedder) -> PostingMatcher:
    return PostingMatcher(corpus.framework, embedder, corpus.guidance)

