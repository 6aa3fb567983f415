"""Build, write and load the index: chunks, dense FAISS vectors, BM25, and ``manifest.json``.

The manifest records what the index was built from (corpus hash, model id and dimension, framework
version). Loading compares it with the corpus and model in hand: a mismatch either rebuilds (when
``auto_build``) or raises :class:`StaleIndexError`; old content is never served silently.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import faiss
import numpy as np
from tqdm import tqdm

from assistant.errors import IndexNotBuiltError, StaleIndexError
from assistant.framework.models import Corpus
from assistant.indexing.chunks import CHUNKER_VERSION, Chunk, build_chunks
from assistant.indexing.embedder import Embedder
from assistant.indexing.lexical import BM25Index

log = logging.getLogger(__name__)

INDEX_FORMAT = 1  # layout of the files; CHUNKER_VERSION covers how chunks are made
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
DENSE = "dense.faiss"


@dataclass
class Index:
    """A loaded index: chunks in order, their unit vectors in FAISS, and BM25 over the same texts."""

    chunks: list[Chunk]
    faiss_index: Any
    vectors: np.ndarray
    bm25: BM25Index
    manifest: dict[str, Any]

    def __post_init__(self) -> None:
        self.by_id = {c.id: i for i, c in enumerate(self.chunks)}

    @property
    def version(self) -> str:
        """Short hash that identifies this index build's content (recorded in every audit record)."""
        return str(self.manifest["index_version"])

    def chunk(self, chunk_id: str) -> Chunk | None:
        i = self.by_id.get(chunk_id)
        return None if i is None else self.chunks[i]


def _index_version(corpus_hash: str, model_id: str, dim: int, chunk_ids: list[str]) -> str:
    h = hashlib.sha256(f"{INDEX_FORMAT}|{CHUNKER_VERSION}|{corpus_hash}|{model_id}|{dim}|".encode())
    h.update("\n".join(chunk_ids).encode())
    return h.hexdigest()[:16]


def _faiss(vectors: np.ndarray) -> Any:
    idx = faiss.IndexFlatIP(vectors.shape[1])
    if len(vectors):
        idx.add(vectors)
    return idx


def build_index(corpus: Corpus, embedder: Embedder, out_dir: Path, *, progress: bool = True) -> Index:
    """Chunk, embed and write the index atomically (a half-written index is never loadable)."""
    start = time.perf_counter()
    chunks = build_chunks(corpus)
    texts = [c.search_text for c in chunks]
    parts = []
    step = 32
    for i in tqdm(range(0, len(texts), step), desc="embedding chunks", unit="batch", disable=not progress):
        parts.append(embedder.embed(texts[i : i + step]))
    vectors = np.vstack(parts).astype(np.float32) if parts else np.zeros((0, embedder.dim), dtype=np.float32)
    fw = corpus.framework.manifest
    manifest = {
        "index_format": INDEX_FORMAT,
        "chunker_version": CHUNKER_VERSION,
        "index_version": _index_version(corpus.content_hash, embedder.model_id, embedder.dim, [c.id for c in chunks]),
        "corpus_hash": corpus.content_hash,
        "model_id": embedder.model_id,
        "dim": embedder.dim,
        "chunk_count": len(chunks),
        "chunk_kinds": {k: sum(1 for c in chunks if c.kind == k) for k in sorted({c.kind for c in chunks})},
        "framework_id": fw.framework_id,
        "framework_version": fw.version,
        "framework_ids_version": fw.ids_version,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_seconds": round(time.perf_counter() - start, 3),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir))
    with open(tmp / CHUNKS, "w", encoding="utf-8") as fh:
        for c in chunks:
            fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    index = _faiss(vectors)
    faiss.write_index(index, str(tmp / DENSE))
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    # move data files first and the manifest last: a reader only trusts a directory with a manifest
    (out_dir / MANIFEST).unlink(missing_ok=True)
    for name in (CHUNKS, DENSE, MANIFEST):
        os.replace(tmp / name, out_dir / name)
    tmp.rmdir()
    log.info("index built: %d chunks in %.2fs", len(chunks), manifest["build_seconds"])
    return Index(chunks, index, vectors, BM25Index(texts), manifest)


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    path = index_dir / MANIFEST
    if not path.exists():
        return None
    return dict(json.loads(path.read_text(encoding="utf-8")))


def staleness(manifest: dict[str, Any], corpus: Corpus, embedder: Embedder) -> str | None:
    """Why an index no longer matches the corpus and model, or None when it is current."""
    if manifest.get("index_format") != INDEX_FORMAT:
        return f"index format {manifest.get('index_format')} != {INDEX_FORMAT}"
    if manifest.get("chunker_version") != CHUNKER_VERSION:
        return f"chunks are now made by chunker version {CHUNKER_VERSION} (index has {manifest.get('chunker_version')})"
    if manifest.get("corpus_hash") != corpus.content_hash:
        return "the corpus changed since the index was built"
    if manifest.get("model_id") != embedder.model_id or manifest.get("dim") != embedder.dim:
        return f"the embedding model changed ({manifest.get('model_id')} -> {embedder.model_id})"
    return None


def load_index(index_dir: Path, corpus: Corpus, embedder: Embedder, *, auto_build: bool = False) -> Index:
    """Load the index for this corpus and model; rebuild or fail clearly when missing or stale."""
    manifest = read_manifest(index_dir)
    if manifest is None:
        if auto_build:
            log.warning("no index in %s: building it now", index_dir)
            return build_index(corpus, embedder, index_dir, progress=False)
        raise IndexNotBuiltError(f"No index in {index_dir}.", hint="Run: isl-assistant index build")
    reason = staleness(manifest, corpus, embedder)
    if reason:
        if auto_build:
            log.warning("index in %s is stale (%s): rebuilding", index_dir, reason)
            return build_index(corpus, embedder, index_dir, progress=False)
        raise StaleIndexError(f"The index in {index_dir} is stale: {reason}.", hint="Run: isl-assistant index build")
    with open(index_dir / CHUNKS, encoding="utf-8") as fh:
        chunks = [Chunk.from_dict(json.loads(line)) for line in fh if line.strip()]
    dense = faiss.read_index(str(index_dir / DENSE))
    if dense.ntotal != len(chunks) or len(chunks) != manifest.get("chunk_count"):
        raise StaleIndexError(f"The index in {index_dir} is inconsistent.", hint="Run: isl-assistant index build")
    vectors = dense.reconstruct_n(0, dense.ntotal) if dense.ntotal else np.zeros((0, embedder.dim), np.float32)
    return Index(chunks, dense, np.asarray(vectors, dtype=np.float32), BM25Index([c.search_text for c in chunks]), manifest)
