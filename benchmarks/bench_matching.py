"""Latency of ``PostingMatcher.match`` on a ~400-word posting with a warm model.

    .venv/bin/python benchmarks/bench_matching.py [--runs 50] [--file POSTING] [--threads N]

The default posting is the executive-director eval posting plus the duties of the program-manager one
(about 400 words, with boilerplate). Prints p50/p95/max in milliseconds over the runs (target: p50 under
150 ms on two cores). ``--backend`` picks the embedding backend (default onnx, as the server); ``--threads`` sets torch's intra-op threads: on a busy machine one thread avoids
oversubscription and is much faster than the default of one per core.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from common import add_embedding_args, apply_threads

from assistant.framework.loader import load_corpus
from assistant.matching.engine import PostingMatcher
from assistant.runtime import make_embedder
from assistant.settings import ROOT, Settings

POSTINGS = ROOT / "evals" / "postings"


def default_posting() -> str:
    base = (POSTINGS / "p08_executive_director.txt").read_text(encoding="utf-8")
    extra = (POSTINGS / "p05_program_manager.txt").read_text(encoding="utf-8")
    duties = extra[extra.index("Responsibilities") : extra.index("Qualifications")]
    return base + "\nAdditional " + duties


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--file", type=Path, help="a posting file (default: a ~400-word eval posting)")
    add_embedding_args(parser)
    args = parser.parse_args()
    if args.runs < 30:
        parser.error("use at least 30 runs")
    apply_threads(args)
    text = args.file.read_text(encoding="utf-8") if args.file else default_posting()
    name = args.file.name if args.file else "p08 + p05 duties"
    corpus = load_corpus(ROOT / "corpus")
    settings = Settings(embedding_backend=args.backend)
    matcher = PostingMatcher(corpus.framework, make_embedder(settings), corpus.guidance)
    for _ in range(3):  # warm-up: first calls allocate and fill caches
        matcher.match(text)
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        matcher.match(text)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"posting: {name} ({len(text.split())} words), runs: {args.runs}, backend: {args.backend}, "
          f"threads: {args.threads or 'default'}")
    print(f"p50 {statistics.median(times):.1f} ms   p95 {p95:.1f} ms   max {times[-1]:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
