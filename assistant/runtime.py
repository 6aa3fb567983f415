"""Wire settings into the loaded parts: corpus -> embedder -> index -> retriever -> QA pipeline.

The CLI and the API both start from here, so both serve exactly the same index and answers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from assistant.framework.loader import load_corpus
from assistant.framework.models import Corpus
from assistant.generation.base import Generator
from assistant.generation.pipeline import QAPipeline
from assistant.indexing.batching import BatchingEmbedder
from assistant.indexing.embedder import Embedder, shared_embedder
from assistant.indexing.store import Index, load_index
from assistant.retrieval.hybrid import HybridRetriever
from assistant.settings import Settings
from assistant.understanding.classifier import load_or_train
from assistant.understanding.examples import load_examples
from assistant.understanding.followups import FollowUps
from assistant.understanding.groups import UserGroups
from assistant.understanding.reader import EmbeddingReader
from assistant.understanding.reading import Reader

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    corpus: Corpus
    embedder: Embedder
    index: Index
    retriever: HybridRetriever
    qa: QAPipeline
    reader: Reader | None = None


def make_generator(settings: Settings, corpus: Corpus) -> Generator | None:
    """The configured LLM backend, or None for the grounded composer."""
    if settings.llm_backend == "composer":
        return None
    from assistant.generation.llm import LangChainGenerator

    return LangChainGenerator.from_settings(settings)


def make_embedder(settings: Settings) -> Embedder:
    """The configured embedding backend (ONNX Runtime by default), one per process and model."""
    model = Path(settings.embedding_model) if settings.embedding_model else None
    if settings.embedding_backend == "onnx":
        from assistant.indexing.onnx_embedder import shared_onnx_embedder

        return shared_onnx_embedder(model, settings.embedding_cache_dir, threads=settings.embedding_threads or None)
    return shared_embedder(model)


def build_runtime(settings: Settings, *, embedder: Embedder | None = None, batching: bool = False) -> Runtime:
    """Load everything; ``batching`` (servers) shares model calls between concurrent queries."""
    corpus = load_corpus(settings.corpus_dir)
    emb = embedder or make_embedder(settings)
    index = load_index(settings.index_dir, corpus, emb, auto_build=settings.auto_build_index)
    query_embedder: Embedder = emb
    if batching and settings.embedding_batching:
        query_embedder = BatchingEmbedder(
            emb, max_batch=settings.embedding_max_batch, cache_size=settings.query_cache_size
        )
    retriever = HybridRetriever(index, query_embedder, corpus.framework)
    reader = make_reader(settings, query_embedder, corpus)
    qa = QAPipeline(
        retriever,
        corpus.framework,
        make_generator(settings, corpus),
        k=settings.retrieval_k,
        threshold=settings.relevance_threshold,
        reader=reader,
    )
    return Runtime(settings, corpus, emb, index, retriever, qa, reader)


def make_reader(settings: Settings, embedder: Embedder, corpus: Corpus) -> EmbeddingReader:
    """The reader with the intent classifier stored beside the index (trained there if missing or stale)."""
    examples = load_examples(settings.prompts_dir)
    model = load_or_train(settings.index_dir, examples, embedder)
    return EmbeddingReader(embedder, model, corpus.framework, FollowUps.from_prompts(embedder, settings.prompts_dir),
                           UserGroups.from_prompts(embedder, settings.prompts_dir))
