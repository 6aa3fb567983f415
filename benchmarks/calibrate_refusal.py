"""Calibrate the off-topic refusal threshold on the dev questions of ``evals/retrieval/`` (never on test).

    .venv/bin/python benchmarks/calibrate_refusal.py [--lo 0.10] [--hi 0.50] [--step 0.01]

Each question is retrieved once through ``QAPipeline.prepare`` (the real index and model); then
``grounding.decide`` is re-run on the same hits for every threshold in the sweep. A question counts as
correct when it is refused exactly when it should be: off-topic questions (``topic == "offtopic"``,
injections included) must be refused, answerable and unpublished ones must not. Prints the best-dense
similarity distribution of each group, the accuracy per threshold and the best threshold (the middle of
the widest run of thresholds with the top accuracy), next to ``grounding.DEFAULT_THRESHOLD``, and a
recommended value: the midpoint of the gap between the groups' best-dense similarities when they
separate and that midpoint keeps the top accuracy.
Writes ``benchmarks/results/refusal_calibration.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.evaluation.datasets import Question, load_questions, require_dev
from assistant.framework.loader import load_corpus
from assistant.generation.grounding import DEFAULT_THRESHOLD, decide
from assistant.generation.pipeline import QAPipeline
from assistant.indexing.embedder import shared_embedder
from assistant.indexing.store import build_index
from assistant.retrieval.hybrid import Hit, HybridRetriever
from assistant.settings import ROOT

QUESTIONS = ROOT / "evals" / "retrieval"
OUT = ROOT / "benchmarks" / "results" / "refusal_calibration.json"


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    group: str  # "answerable", "unpublished" or "offtopic"
    hits: tuple[Hit, ...]

    @property
    def best_dense(self) -> float:
        return max((h.dense for h in self.hits), default=0.0)

    @property
    def should_refuse(self) -> bool:
        return self.group == "offtopic"


def group_of(q: Question) -> str:
    if q.should_refuse:
        return "offtopic"
    return "answerable" if q.answerable else "unpublished"


def sweep(lo: float, hi: float, step: float) -> list[float]:
    n = int(round((hi - lo) / step))
    return [round(lo + i * step, 4) for i in range(n + 1)]


def accuracy(cases: Sequence[Case], threshold: float, framework: Any) -> tuple[float, list[str]]:
    """Share of cases refused exactly when they should be, and the ids of the wrong ones."""
    wrong = [c.id for c in cases if decide(c.question, list(c.hits), framework, threshold).refuse != c.should_refuse]
    return 1 - len(wrong) / len(cases), wrong


def dense_only_accuracy(cases: Sequence[Case], threshold: float) -> float:
    """The same, judged on best-dense similarity alone (how well the distributions separate)."""
    return sum((c.best_dense < threshold) == c.should_refuse for c in cases) / len(cases)


def best_plateau(thresholds: Sequence[float], scores: Sequence[float]) -> float:
    """The middle of the longest run of consecutive thresholds with the top score."""
    top = max(scores)
    runs: list[list[float]] = []
    for t, s in zip(thresholds, scores, strict=True):
        if s == top:
            if runs and runs[-1][-1] == thresholds[thresholds.index(t) - 1]:
                runs[-1].append(t)
            else:
                runs.append([t])
    longest = max(runs, key=len)
    return round(longest[len(longest) // 2], 4)


def describe(values: Sequence[float]) -> str:
    if not values:
        return "n=0"
    v = sorted(values)
    return (f"n={len(v)} min={v[0]:.3f} p25={v[len(v) // 4]:.3f} median={statistics.median(v):.3f} "
            f"p75={v[(3 * len(v)) // 4]:.3f} max={v[-1]:.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lo", type=float, default=0.10)
    parser.add_argument("--hi", type=float, default=0.50)
    parser.add_argument("--step", type=float, default=0.01)
    parser.add_argument("--index-dir", type=Path, default=None, help="an index to use (default: build a fresh one)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not 0 <= args.lo < args.hi <= 1 or args.step <= 0:
        parser.error("need 0 <= lo < hi <= 1 and step > 0")

    corpus = load_corpus(ROOT / "corpus")
    embedder = shared_embedder()
    if args.index_dir:
        from assistant.indexing.store import load_index

        index = load_index(args.index_dir, corpus, embedder)
    else:
        import tempfile

        index = build_index(corpus, embedder, Path(tempfile.mkdtemp(prefix="calib-index-")), progress=False)
    qa = QAPipeline(HybridRetriever(index, embedder, corpus.framework), corpus.framework)

    rows = [q for q in load_questions(QUESTIONS, split="dev") if not q.history]  # follow-ups need their turns
    require_dev(rows, "The refusal threshold")
    cases = [Case(q.id, q.question, group_of(q), qa.prepare(q.question).hits) for q in rows]

    print(f"{len(cases)} questions from {QUESTIONS.relative_to(ROOT)}; best dense similarity (cosine) by group:")
    dist = {}
    for g in ("answerable", "unpublished", "offtopic"):
        vals = [c.best_dense for c in cases if c.group == g]
        dist[g] = sorted(round(v, 4) for v in vals)
        print(f"  {g:<11} {describe(vals)}")

    thresholds = sweep(args.lo, args.hi, args.step)
    results: list[dict[str, Any]] = []
    print("\n| threshold | accuracy (decide) | dense-only accuracy | wrong |\n|---:|---:|---:|---|")
    for t in thresholds:
        acc, wrong = accuracy(cases, t, corpus.framework)
        d_acc = dense_only_accuracy(cases, t)
        results.append({"threshold": t, "accuracy": round(acc, 4), "dense_only_accuracy": round(d_acc, 4), "wrong": wrong})
        mark = " (default)" if abs(t - DEFAULT_THRESHOLD) < 1e-9 else ""
        print(f"| {t:.2f}{mark} | {acc:.3f} | {d_acc:.3f} | {', '.join(wrong) or '-'} |")

    best = best_plateau(thresholds, [r["accuracy"] for r in results])
    best_acc, _ = accuracy(cases, best, corpus.framework)
    default_acc, default_wrong = accuracy(cases, DEFAULT_THRESHOLD, corpus.framework)
    ans_min = min(dist["answerable"] + dist["unpublished"], default=0.0)
    off_max = max(dist["offtopic"], default=0.0)
    print(f"\nbest threshold: {best:.2f} (accuracy {best_acc:.3f}; middle of the widest top-accuracy range)")
    print(f"DEFAULT_THRESHOLD in grounding.py: {DEFAULT_THRESHOLD:.2f} (accuracy {default_acc:.3f}; wrong: "
          f"{', '.join(default_wrong) or 'none'})")
    print(f"gap between groups: highest off-topic best-dense {off_max:.3f}, lowest on-topic {ans_min:.3f}"
          + (f", midpoint {(off_max + ans_min) / 2:.3f}" if ans_min > off_max else " (they overlap)"))
    # Recommend the midpoint of the dense gap when the groups separate and it keeps the top accuracy: it
    # leaves equal margins on both sides, whereas the decide() plateau is widened by named-item overrides.
    recommended = best
    if ans_min > off_max:
        mid = round((off_max + ans_min) / 2, 2)
        if accuracy(cases, mid, corpus.framework)[0] >= best_acc:
            recommended = mid
    print(f"recommended DEFAULT_THRESHOLD: {recommended:.2f}")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "questions": len(cases),
        "groups": {g: len(v) for g, v in dist.items()},
        "best_dense_by_group": dist,
        "sweep": results,
        "best_threshold": best,
        "recommended_threshold": recommended,
        "best_accuracy": round(best_acc, 4),
        "default_threshold": DEFAULT_THRESHOLD,
        "default_accuracy": round(default_acc, 4),
        "per_question": [{"id": c.id, "group": c.group, "best_dense": round(c.best_dense, 4),
                          "top": [h.id for h in c.hits[:3]]} for c in cases],
    }, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
