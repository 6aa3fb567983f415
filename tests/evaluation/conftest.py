"""A runtime over the session's real index, embedding model and reader, for the runner and suite tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.framework.models import Corpus
from assistant.generation.pipeline import QAPipeline
from assistant.indexing.embedder import SentenceTransformerEmbedder
from assistant.indexing.store import Index
from assistant.retrieval.hybrid import HybridRetriever
from assistant.runtime import Runtime
from assistant.settings import Settings
from assistant.understanding.reader import EmbeddingReader


@pytest.fixture(scope="session")
def runtime(tmp_path_factory: pytest.TempPathFactory, index_dir: Path, corpus: Corpus,
            embedder: SentenceTransformerEmbedder, index: Index, retriever: HybridRetriever,
            reader: EmbeddingReader) -> Runtime:
    db = tmp_path_factory.mktemp("eval-db") / "assistant.db"
    settings = Settings(environment="test", index_dir=index_dir, database_url=f"sqlite:///{db}",
                        auto_build_index=False)
    qa = QAPipeline(retriever, corpus.framework, None, k=settings.retrieval_k, reader=reader)
    return Runtime(settings, corpus, embedder, index, retriever, qa, reader)
