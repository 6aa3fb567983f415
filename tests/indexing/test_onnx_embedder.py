"""The ONNX Runtime backend: the same vectors as sentence-transformers, exported once, no torch when serving."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import AssistantError
from assistant.indexing.embedder import SentenceTransformerEmbedder, default_model_path
from assistant.indexing.onnx_embedder import OnnxEmbedder, ensure_exported, onnx_file
from assistant.settings import ROOT

pytestmark = pytest.mark.slow

TEXTS = [
    "What is Level 2 in Finances?",
    "x",
    "Émigré café educators 🧪 and planetarium shows",
    "budget " * 400,  # past the 256-token limit: both truncate alike
    "Manage the department budget and report to the board on grants and spending every quarter.",
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def onnx(cache: Path) -> OnnxEmbedder:
    return OnnxEmbedder.for_model(cache_dir=cache)  # exports into the empty cache


def test_vectors_match_sentence_transformers(onnx: OnnxEmbedder, embedder: SentenceTransformerEmbedder) -> None:
    questions = [json.loads(line)["question"] for line in (ROOT / "evals/retrieval/questions.jsonl").open()]
    texts = TEXTS + questions
    ours, reference = onnx.embed(texts), embedder.embed(texts)
    assert ours.shape == reference.shape == (len(texts), 384) and ours.dtype == np.float32
    assert float(np.abs(ours - reference).max()) < 1e-5
    assert (onnx.model_id, onnx.dim) == (embedder.model_id, embedder.dim)


def test_batching_does_not_change_a_vector(onnx: OnnxEmbedder) -> None:
    # padding to the longest text of a call must not leak into the shorter ones
    alone = np.stack([onnx.embed([t])[0] for t in TEXTS])
    assert float(np.abs(onnx.embed(TEXTS) - alone).max()) < 1e-5


def test_query_vectors_are_unit_cached_and_read_only(onnx: OnnxEmbedder) -> None:
    v = onnx.embed_query("volunteer coordination")
    assert v.shape == (384,) and abs(float(np.linalg.norm(v)) - 1.0) < 1e-5
    assert onnx.embed_query("volunteer coordination") is v
    with pytest.raises(ValueError):
        v[0] = 1.0
    assert onnx.embed([]).shape == (0, 384)


def test_the_export_is_reused(onnx: OnnxEmbedder, cache: Path) -> None:
    stamp = onnx.onnx_path.stat().st_mtime_ns
    assert ensure_exported(default_model_path(), cache) == onnx.onnx_path
    assert onnx.onnx_path.stat().st_mtime_ns == stamp
    assert [p.name for p in cache.iterdir()] == [onnx.onnx_path.name]  # no temporary file left behind


def test_the_cache_key_follows_the_weights(tmp_path: Path) -> None:
    model = tmp_path / "m"
    model.mkdir()
    (model / "model.safetensors").write_bytes(b"12345")
    first = onnx_file(model, tmp_path)
    (model / "model.safetensors").write_bytes(b"123456")
    assert onnx_file(model, tmp_path) != first and "-6-" in onnx_file(model, tmp_path).name


def test_a_failed_export_says_what_to_do(tmp_path: Path) -> None:
    broken = tmp_path / "not-a-model"
    broken.mkdir()
    with pytest.raises(AssistantError, match="Exporting the embedding model to ONNX failed") as info:
        ensure_exported(broken, tmp_path / "cache")
    assert "ASSISTANT_EMBEDDING_BACKEND=torch" in (info.value.hint or "")


def test_a_server_runtime_never_loads_torch(cache: Path, onnx: OnnxEmbedder, index_dir: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from assistant.settings import Settings; "
        "from assistant.runtime import build_runtime; "
        f"rt = build_runtime(Settings(index_dir=Path({str(index_dir)!r}), embedding_cache_dir=Path({str(cache)!r}), "
        "auto_build_index=False), batching=True); "
        "hits = rt.retriever.search('What is Level 2 in Finances?', k=3); "
        "print(type(rt.embedder).__name__, hits[0].id, 'torch' in sys.modules, 'transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.split() == ["OnnxEmbedder", "A.4.L2", "False", "False"]


def test_the_thread_count_reaches_the_session(onnx: OnnxEmbedder, cache: Path) -> None:
    one = OnnxEmbedder(onnx.onnx_path, default_model_path(), threads=1)
    options = one._session.get_session_options()
    assert options.intra_op_num_threads == 1 and not options.enable_cpu_mem_arena
    assert float(np.abs(one.embed(TEXTS) - onnx.embed(TEXTS)).max()) < 1e-5
    with pytest.raises(ValueError, match="batch_size"):
        OnnxEmbedder(onnx.onnx_path, default_model_path(), batch_size=0)
