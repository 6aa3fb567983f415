"""The same all-MiniLM-L6-v2, run by ONNX Runtime: the serving backend for query embeddings.

sentence-transformers runs the model in eager torch, where a one-sentence call is mostly framework
overhead. The graph here is exported once from the very weights sentence-transformers loads (mean pooling
and L2 normalisation inside the graph) and run by ONNX Runtime with the model's own fast tokenizer, so a
server needs neither torch nor transformers in memory. ``tests/indexing/test_onnx_embedder.py`` holds its
vectors to those of :class:`SentenceTransformerEmbedder`, so an index built by either serves the other.

The export runs in a child process (``python -m assistant.indexing.onnx_export``): torch is loaded
there, once per model, and never in the server. It is cached next to the database, keyed by the model
file's size and time, and written atomically so several workers starting at once are safe.

    >>> emb = OnnxEmbedder.for_model(cache_dir=Path("var/models"))    # doctest: +SKIP
    >>> emb.embed(["budgets", "visitors"]).shape                      # doctest: +SKIP
    (2, 384)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.errors import AssistantError
from assistant.indexing.embedder import DEFAULT_MODEL_ID, CachedQueries, default_model_path
from assistant.indexing.onnx_export import INPUTS

MAX_LENGTH = 256  # sentence-transformers' max_seq_length for this model (tokenizer.json says 128)


def onnx_file(model_path: Path, cache_dir: Path) -> Path:
    """Where the export of ``model_path`` is cached: a new file whenever the weights change."""
    weights = model_path / "model.safetensors"
    stamp = weights.stat() if weights.exists() else model_path.stat()
    return cache_dir / f"{model_path.name}-{stamp.st_size}-{stamp.st_mtime_ns}.onnx"


def ensure_exported(model_path: Path, cache_dir: Path, *, timeout_s: float = 600) -> Path:
    """The cached ONNX graph of the model, exported first (in a child process) if missing."""
    target = onnx_file(model_path, cache_dir)
    if target.exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "assistant.indexing.onnx_export", str(model_path), str(target)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired as exc:
        raise AssistantError("Exporting the embedding model to ONNX timed out.",
                             hint="Set ASSISTANT_EMBEDDING_BACKEND=torch to serve without ONNX.") from exc
    if done.returncode != 0 or not target.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise AssistantError(f"Exporting the embedding model to ONNX failed: {tail[0]}",
                             hint="Set ASSISTANT_EMBEDDING_BACKEND=torch to serve without ONNX.")
    return target


class OnnxEmbedder(CachedQueries):
    """Embedder protocol on ONNX Runtime; thread-safe; caches recent query vectors."""

    def __init__(self, onnx_path: Path, model_path: Path, *, model_id: str = DEFAULT_MODEL_ID,
                 threads: int | None = None, query_cache: int = 2048, batch_size: int = 16) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if batch_size <= 0:
            raise ValueError("batch_size must be positive")
        if not onnx_path.exists():
            raise AssistantError(f"No ONNX model at {onnx_path}.", hint="Use OnnxEmbedder.for_model to export it.")
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        # without the arena each run returns its buffers: with it, one start-up batch of a few hundred
        # texts kept gigabytes resident, and single queries run no slower without it (measured)
        options.enable_cpu_mem_arena = False
        self._session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=_max_length(model_path))
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest text of each call
        self._lock = threading.Lock()
        self.model_id = model_id
        self.dim = int(self._session.get_outputs()[0].shape[-1])
        self.onnx_path = onnx_path
        self.batch_size = batch_size
        self._cache_queries(query_cache)

    @classmethod
    def for_model(cls, model_path: Path | None = None, *, cache_dir: Path, threads: int | None = None) -> OnnxEmbedder:
        path = model_path or default_model_path()
        model_id = DEFAULT_MODEL_ID if model_path is None else path.name
        return cls(ensure_exported(path, cache_dir), path, model_id=model_id, threads=threads)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed in batches of similar length (as sentence-transformers does): little padding, bounded memory."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            out[rows] = self._run([texts[i] for i in rows])
        return out

    def _run(self, texts: list[str]) -> np.ndarray:
        with self._lock:  # the tokenizer's padding state is shared; the session itself is thread-safe
            encodings = self._tokenizer.encode_batch(texts)
        columns = ([e.ids for e in encodings], [e.attention_mask for e in encodings], [e.type_ids for e in encodings])
        feed = {name: np.array(col, dtype=np.int64) for name, col in zip(INPUTS, columns, strict=True)}
        return np.asarray(self._session.run(None, feed)[0], dtype=np.float32)


def _max_length(model_path: Path) -> int:
    config = model_path / "sentence_bert_config.json"
    if config.exists():
        return int(json.loads(config.read_text(encoding="utf-8")).get("max_seq_length", MAX_LENGTH))
    return MAX_LENGTH


_shared: dict[tuple[str, str, int], OnnxEmbedder] = {}
_shared_lock = threading.Lock()


def shared_onnx_embedder(model_path: Path | None, cache_dir: Path, *, threads: int | None = None) -> OnnxEmbedder:
    """One session per process, model, cache and thread count (a session holds ~90 MB of weights)."""
    key = (str(model_path or ""), str(cache_dir), threads or 0)
    with _shared_lock:
        if key not in _shared:
            _shared[key] = OnnxEmbedder.for_model(model_path, cache_dir=cache_dir, threads=threads)
        return _shared[key]
