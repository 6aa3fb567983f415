"""Index build/load: the manifest, atomic writes, and staleness when the corpus or the model changes.

Most tests use the hash-based embedder double on a private corpus copy, so they need no model;
the one against the session index uses the real model.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from doubles import HashEmbedder

from assistant.errors import IndexNotBuiltError, StaleIndexError
from assistant.framework.loader import load_corpus
from assistant.framework.models import Corpus
from assistant.indexing.chunks import CHUNKER_VERSION, build_chunks
from assistant.indexing.embedder import Embedder
from assistant.indexing.store import (
    CHUNKS,
    DENSE,
    INDEX_FORMAT,
    MANIFEST,
    build_index,
    load_index,
    read_manifest,
    staleness,
)
from assistant.settings import ROOT

MANIFEST_FIELDS = {
    "index_format", "chunker_version", "index_version", "corpus_hash", "model_id", "dim", "chunk_count", "chunk_kinds",
    "framework_id", "framework_version", "framework_ids_version", "built_at", "build_seconds",
}


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    out = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", out)
    return out


@pytest.fixture
def small_corpus(corpus_dir: Path) -> Corpus:
    return load_corpus(corpus_dir)


@pytest.fixture
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def built(tmp_path: Path, small_corpus: Corpus, hash_embedder: HashEmbedder) -> Path:
    out = tmp_path / "index"
    build_index(small_corpus, hash_embedder, out, progress=False)
    return out


def change_note(corpus_dir: Path, new_text: str) -> None:
    path = corpus_dir / "framework" / "isl-framework.yaml"
    text = path.read_text(encoding="utf-8")
    old = "The framework is clear that no one level is the right target for a given job, and that"
    assert old in text
    path.write_text(text.replace(old, f"{new_text} {old}"), encoding="utf-8")


def test_double_is_an_embedder(hash_embedder: HashEmbedder) -> None:
    assert isinstance(hash_embedder, Embedder)
    v = hash_embedder.embed(["budgets and income", "budgets and income", "visitors"])
    assert v.shape == (3, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0)
    assert np.array_equal(v[0], v[1]) and float(v[0] @ v[2]) < 0.99


def test_manifest_fields(built: Path, small_corpus: Corpus, hash_embedder: HashEmbedder) -> None:
    m = read_manifest(built)
    assert m is not None and set(m) == MANIFEST_FIELDS
    chunks = build_chunks(small_corpus)
    assert (m["index_format"], m["chunker_version"]) == (INDEX_FORMAT, CHUNKER_VERSION)
    assert m["corpus_hash"] == small_corpus.content_hash
    assert (m["model_id"], m["dim"]) == (hash_embedder.model_id, hash_embedder.dim)
    assert m["chunk_count"] == len(chunks) == sum(m["chunk_kinds"].values())
    assert m["chunk_kinds"]["level"] == sum(len(c.levels) for c in small_corpus.framework.categories)
    assert (m["framework_id"], m["framework_version"], m["framework_ids_version"]) == (
        "isl-pcf", small_corpus.framework.manifest.version, small_corpus.framework.manifest.ids_version
    )
    assert re.fullmatch(r"[0-9a-f]{16}", m["index_version"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", m["built_at"])
    assert m["build_seconds"] >= 0


def test_writes_files_and_no_leftovers(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == sorted([CHUNKS, DENSE, MANIFEST])
    lines = (built / CHUNKS).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines][:2] == ["A", "A.L1"]


def test_index_version_depends_on_content_and_model(tmp_path: Path, small_corpus: Corpus) -> None:
    a = build_index(small_corpus, HashEmbedder(), tmp_path / "a", progress=False).version
    assert build_index(small_corpus, HashEmbedder(), tmp_path / "b", progress=False).version == a
    assert build_index(small_corpus, HashEmbedder("test/other"), tmp_path / "c", progress=False).version != a


def test_load_round_trip(built: Path, small_corpus: Corpus, hash_embedder: HashEmbedder) -> None:
    idx = load_index(built, small_corpus, hash_embedder)
    # JSON turns the provenance tuples into lists, so compare the serialised forms
    assert [json.dumps(c.to_dict()) for c in idx.chunks] == [json.dumps(c.to_dict()) for c in build_chunks(small_corpus)]
    expected = hash_embedder.embed([c.search_text for c in idx.chunks])
    assert np.allclose(idx.vectors, expected, atol=1e-6)
    assert idx.faiss_index.ntotal == len(idx.chunks) == len(idx.bm25)
    assert idx.chunk("A.4.L2") is idx.chunks[idx.by_id["A.4.L2"]]
    assert idx.chunk("D.1") is None
    assert idx.version == read_manifest(built)["index_version"]  # type: ignore[index]


def test_current_index_is_not_stale(built: Path, small_corpus: Corpus, hash_embedder: HashEmbedder) -> None:
    assert staleness(read_manifest(built), small_corpus, hash_embedder) is None  # type: ignore[arg-type]


def test_missing_index(tmp_path: Path, small_corpus: Corpus, hash_embedder: HashEmbedder) -> None:
    with pytest.raises(IndexNotBuiltError, match="No index in .* Run: isl-assistant index build"):
        load_index(tmp_path / "empty", small_corpus, hash_embedder)
    assert read_manifest(tmp_path / "empty") is None


def test_missing_index_is_built_with_auto_build(
    tmp_path: Path, small_corpus: Corpus, hash_embedder: HashEmbedder
) -> None:
    idx = load_index(tmp_path / "fresh", small_corpus, hash_embedder, auto_build=True)
    assert read_manifest(tmp_path / "fresh") == idx.manifest


def test_corpus_change_is_stale(
    built: Path, corpus_dir: Path, small_corpus: Corpus, hash_embedder: HashEmbedder
) -> None:
    change_note(corpus_dir, "Zeppelins are out of scope.")
    changed = load_corpus(corpus_dir)
    assert changed.content_hash != small_corpus.content_hash
    assert staleness(read_manifest(built), changed, hash_embedder) == "the corpus changed since the index was built"  # type: ignore[arg-type]
    with pytest.raises(StaleIndexError, match="stale: the corpus changed since the index was built"):
        load_index(built, changed, hash_embedder)
    # failing did not touch the index
    assert read_manifest(built)["corpus_hash"] == small_corpus.content_hash  # type: ignore[index]


def test_corpus_change_rebuilds_with_auto_build(
    built: Path, corpus_dir: Path, hash_embedder: HashEmbedder
) -> None:
    change_note(corpus_dir, "Zeppelins are out of scope.")
    changed = load_corpus(corpus_dir)
    idx = load_index(built, changed, hash_embedder, auto_build=True)
    assert idx.manifest["corpus_hash"] == changed.content_hash
    assert "Zeppelins are out of scope." in idx.chunk("fw:levels-note").text  # type: ignore[union-attr]
    assert read_manifest(built)["corpus_hash"] == changed.content_hash  # type: ignore[index]
    # and the rebuilt index now loads without auto_build
    assert load_index(built, changed, hash_embedder).version == idx.version


@pytest.mark.parametrize(
    "other",
    [HashEmbedder("test/another-model"), HashEmbedder(dim=128)],
    ids=["model_id", "dim"],
)
def test_model_change_is_stale(built: Path, small_corpus: Corpus, other: HashEmbedder) -> None:
    reason = staleness(read_manifest(built), small_corpus, other)  # type: ignore[arg-type]
    assert reason is not None and reason.startswith("the embedding model changed (test/hash-embedder -> ")
    with pytest.raises(StaleIndexError, match="the embedding model changed"):
        load_index(built, small_corpus, other)
    rebuilt = load_index(built, small_corpus, other, auto_build=True)
    assert (rebuilt.manifest["model_id"], rebuilt.vectors.shape[1]) == (other.model_id, other.dim)


@pytest.mark.slow
def test_real_index_is_stale_for_another_model(index_dir: Path, corpus: Corpus) -> None:
    # same dimension as all-MiniLM-L6-v2, different model id
    with pytest.raises(StaleIndexError, match=r"sentence-transformers/all-MiniLM-L6-v2 -> test/hash-embedder"):
        load_index(index_dir, corpus, HashEmbedder(dim=384))


def test_format_change_is_stale(built: Path, small_corpus: Corpus, hash_embedder: HashEmbedder) -> None:
    m = read_manifest(built)
    assert m is not None
    (built / MANIFEST).write_text(json.dumps({**m, "index_format": INDEX_FORMAT + 1}), encoding="utf-8")
    with pytest.raises(StaleIndexError, match=f"index format {INDEX_FORMAT + 1} != {INDEX_FORMAT}"):
        load_index(built, small_corpus, hash_embedder)


def test_chunker_change_is_stale(built: Path, small_corpus: Corpus, hash_embedder: HashEmbedder) -> None:
    m = read_manifest(built)
    assert m is not None
    (built / MANIFEST).write_text(json.dumps({**m, "chunker_version": CHUNKER_VERSION - 1}), encoding="utf-8")
    with pytest.raises(StaleIndexError, match=f"chunks are now made by chunker version {CHUNKER_VERSION}"):
        load_index(built, small_corpus, hash_embedder)
    assert load_index(built, small_corpus, hash_embedder, auto_build=True).manifest["chunker_version"] == CHUNKER_VERSION


def test_inconsistent_files_are_refused(built: Path, small_corpus: Corpus, hash_embedder: HashEmbedder) -> None:
    lines = (built / CHUNKS).read_text(encoding="utf-8").splitlines(keepends=True)
    (built / CHUNKS).write_text("".join(lines[:-1]), encoding="utf-8")
    with pytest.raises(StaleIndexError, match="inconsistent"):
        load_index(built, small_corpus, hash_embedder)
