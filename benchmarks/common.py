"""What the benchmarks share: the embedding-backend options and the one-query embedding time that every
figure is reported against (measured in the same run)."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the service benchmark imports this before it may import the assistant
    from assistant.indexing.embedder import Embedder


def add_embedding_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--threads", type=int, help="torch intra-op threads (default: torch's choice)")
    parser.add_argument("--backend", choices=("onnx", "torch"), default="onnx",
                        help="embedding backend, as ASSISTANT_EMBEDDING_BACKEND (default: onnx, the server's)")


def apply_threads(args: argparse.Namespace) -> None:
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)


def query_embedding_ms(embedder: Embedder, queries: Sequence[str], n: int = 200) -> float:
    """Single-query embedding p50 (ms), after a warm-up, calling ``embed`` (no query-vector cache)."""
    qs = [q for q in queries if q.strip()]
    for q in qs[:10]:
        embedder.embed([q])
    times = []
    for i in range(n):
        t = time.perf_counter()
        embedder.embed([qs[i % len(qs)]])
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000
