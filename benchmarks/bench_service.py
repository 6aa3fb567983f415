"""Turn latency and throughput of the chat service on loopback, beside the query-embedding time.

Starts a real server (`isl-assistant serve`, one worker, SQLite, embedded defaults, query cache OFF
so every turn embeds its query) in a subprocess, then drives POST /v1/chat with 1, 4 and 16
concurrent clients (asyncio + httpx) over the eval questions, and reports p50/p95 latency, turns/s,
the server's resident memory, and the query-embedding time measured in this same run.

    .venv/bin/python benchmarks/bench_service.py [--turns 300] [--port 8765] [--backend onnx|torch] [--no-access-log]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from common import query_embedding_ms

ROOT = Path(__file__).resolve().parent.parent


def questions() -> list[str]:
    path = ROOT / "evals" / "retrieval" / "questions.jsonl"
    qs = [json.loads(line)["question"] for line in path.read_text().splitlines() if line.strip()]
    return [q for q in qs if q.strip()]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def embedding_time(qs: list[str], backend: str, n: int = 200, batch: int = 16) -> tuple[float, float]:
    """Single-query embedding p50 (ms), and the model's ceiling in queries/s when batching ``batch``."""
    from assistant.indexing.embedder import Embedder, SentenceTransformerEmbedder
    from assistant.indexing.onnx_embedder import OnnxEmbedder
    from assistant.settings import Settings

    emb: Embedder = (
        OnnxEmbedder.for_model(cache_dir=Settings().embedding_cache_dir) if backend == "onnx"
        else SentenceTransformerEmbedder()
    )
    single = query_embedding_ms(emb, qs, n)
    batches = [[qs[(b * batch + j) % len(qs)] for j in range(batch)] for b in range(12)]
    t = time.perf_counter()
    for texts in batches:
        emb.embed(texts)
    ceiling = len(batches) * batch / (time.perf_counter() - t)
    return single, ceiling


async def drive(base: str, qs: list[str], clients: int, turns: int) -> dict[str, float]:
    latencies: list[float] = []
    counter = iter(range(turns))
    errors = 0

    async def client(cid: int) -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, timeout=60) as c:
            for i in counter:
                q = qs[(i * 7 + cid) % len(qs)]
                t = time.perf_counter()
                r = await c.post("/v1/chat", json={"message": q, "mode": "qa"})
                latencies.append(time.perf_counter() - t)
                if r.status_code != 200:
                    errors += 1

    start = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    wall = time.perf_counter() - start
    return {
        "clients": clients,
        "turns": len(latencies),
        "errors": errors,
        "p50_ms": pct(latencies, 50) * 1000,
        "p95_ms": pct(latencies, 95) * 1000,
        "turns_per_s": len(latencies) / wall,
    }


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        out += [int(c) for c in text]
    return out


def worker_rss_mb(pid: int) -> float:
    """The largest resident set among the server's workers (the server itself when it has none)."""
    return max((rss_mb(c) for c in children(pid)), default=rss_mb(pid))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--turns", type=int, default=300, help="turns per concurrency level")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--backend", choices=("onnx", "torch"), default="onnx", help="the server's embedding backend")
    ap.add_argument("--no-access-log", action="store_true", help="serve without uvicorn's access log")
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    ap.add_argument("--database-url", help="default: a fresh SQLite file (PostgreSQL for several workers)")
    args = ap.parse_args()
    qs = questions()
    tmp = tempfile.mkdtemp(prefix="bench-service-")
    env = {
        **os.environ,
        "ASSISTANT_DATABASE_URL": args.database_url or f"sqlite:///{tmp}/bench.db",
        "ASSISTANT_RATE_LIMIT_PER_MINUTE": "100000000",
        "ASSISTANT_QUERY_CACHE_SIZE": "0",
        "ASSISTANT_EMBEDDING_BACKEND": args.backend,
    }
    exe = str(Path(sys.executable).parent / "isl-assistant")
    server = subprocess.Popen(
        [exe, "serve", "--port", str(args.port), "--workers", str(args.workers),
         *(["--no-access-log"] if args.no_access_log else [])], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(240):
            try:
                if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            raise SystemExit("server did not become ready")
        asyncio.run(drive(base, qs, 4, 40))  # warm-up
        rows = [asyncio.run(drive(base, qs, c, args.turns)) for c in (1, 4, 16)]
        rss = worker_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    emb_ms, ceiling = embedding_time(qs, args.backend)
    torch_ms, torch_ceiling = embedding_time(qs, "torch") if args.backend != "torch" else (emb_ms, ceiling)
    print(f"query embedding, {args.backend} (the server's backend), this run: p50 {emb_ms:.2f} ms; "
          f"{ceiling:.0f} queries/s in batches of 16")
    print(f"for reference, sentence-transformers on torch: p50 {torch_ms:.2f} ms; {torch_ceiling:.0f} queries/s")
    print(f"resident memory of one worker after the run: {rss:.0f} MB ({args.workers} worker(s))")
    print("| clients | turns | errors | p50 ms | p95 ms | turns/s |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['clients']} | {r['turns']} | {r['errors']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['turns_per_s']:.1f} |")
    p50_1 = rows[0]["p50_ms"]
    print(f"\np50 at 1 client / embedding p50 = {p50_1 / emb_ms:.2f}x (target <= 1.5x)")
    print(f"turns/s at 16 clients = {rows[2]['turns_per_s']:.1f} (target >= 150)")
    print(f"RSS = {rss:.0f} MB (target < 800)")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "service.json").write_text(json.dumps(
        {"backend": args.backend, "embedding_p50_ms": emb_ms, "embedding_ceiling_qps_batch16": ceiling,
         "torch_embedding_p50_ms": torch_ms, "torch_ceiling_qps_batch16": torch_ceiling, "rss_mb": rss, "rows": rows},
        indent=2,
    ))
    return 0


if __name__ == "__main__":
    sys.exit(main())
