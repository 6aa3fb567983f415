"""Choose the intent classifier's C and the decline threshold on the DEV chat questions (never on test).

    .venv/bin/python benchmarks/calibrate_reader.py [--c 1 2 4 8 16]

For each C the classifier is trained on ``prompts/intents.yaml`` and every dev question (its last turn) is
read once. A question is declined when ``understanding.policy.decline_for`` says so at the threshold
(the policy the assistant runs). Printed per C and threshold: the share of must-decline
dev questions declined, the share of in-scope dev questions wrongly declined, and the accuracy of the
decline decision. The pick is the best accuracy with no false decline, then the widest plateau; the chosen
values belong in ``understanding/classifier.py`` (DEFAULT_C) and ``understanding/policy.py``
(DECLINE_THRESHOLD). Writes ``benchmarks/results/reader_calibration.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.evaluation.datasets import load_questions, require_dev
from assistant.framework.loader import load_corpus
from assistant.indexing.embedder import shared_embedder
from assistant.settings import ROOT
from assistant.understanding.classifier import train
from assistant.understanding.examples import load_examples
from assistant.understanding.policy import decline_for
from assistant.understanding.reader import EmbeddingReader

OUT = ROOT / "benchmarks" / "results" / "reader_calibration.json"
THRESHOLDS = [round(0.30 + 0.05 * i, 2) for i in range(13)]


def choose(results: list[dict[str, Any]]) -> dict[str, Any]:
    """No false decline first; then the best accuracy (to two places); then the widest run of thresholds
    with that accuracy under the same C, taking its middle: a value on a plateau survives new data better
    than a lone peak."""
    safe = [r for r in results if r["false_declines"] == 0] or results
    top = max(round(r["accuracy"], 2) for r in safe)
    runs: list[list[dict[str, Any]]] = []
    for r in results:
        ok = r in safe and round(r["accuracy"], 2) == top
        if ok and runs and runs[-1][-1]["C"] == r["C"] and results.index(runs[-1][-1]) == results.index(r) - 1:
            runs[-1].append(r)
        elif ok:
            runs.append([r])
    longest = max(runs, key=len)
    return longest[len(longest) // 2]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--c", type=float, nargs="+", default=[1.0, 2.0, 4.0, 8.0, 16.0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    framework = load_corpus(ROOT / "corpus").framework
    embedder = shared_embedder()
    examples = load_examples(ROOT / "prompts")
    questions = load_questions(ROOT / "evals" / "retrieval", split="dev")
    require_dev(questions, "The reader")
    results: list[dict[str, Any]] = []
    windows: dict[float, tuple[float, float]] = {}
    print(f"{len(questions)} dev questions; {len(examples.pairs())} examples ({examples.ref})")
    print("| C | threshold | declined (must) | false declines | accuracy | intent right (declines) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for c in args.c:
        reader = EmbeddingReader(embedder, train(examples, embedder, c=c), framework)
        readings = [reader.read(q.question) for q in questions]
        windows[c] = (max(r.spliced for q, r in zip(questions, readings, strict=True) if not q.should_refuse),
                      min(r.spliced for q, r in zip(questions, readings, strict=True) if q.decline == "injection"))
        for t in THRESHOLDS:
            must = [(q, r) for q, r in zip(questions, readings, strict=True) if q.decline]
            scope = [(q, r) for q, r in zip(questions, readings, strict=True) if not q.should_refuse]
            declined = [decline_for(r, t) is not None for _, r in must]
            false = [decline_for(r, t) is not None for _, r in scope]
            right_kind = [r.intent == q.decline for q, r in must]
            acc = (sum(declined) + len(false) - sum(false)) / (len(must) + len(scope))
            row = {"C": c, "threshold": t, "declined": sum(declined) / len(must),
                   "false_declines": sum(false) / len(scope), "accuracy": acc,
                   "intent_right": sum(right_kind) / len(must),
                   "missed": [q.id for (q, _), d in zip(must, declined, strict=True) if not d],
                   "wrongly_declined": [q.id for (q, _), f in zip(scope, false, strict=True) if f]}
            results.append(row)
            print(f"| {c:g} | {t:.2f} | {row['declined']:.3f} | {row['false_declines']:.3f} | {acc:.3f} "
                  f"| {row['intent_right']:.3f} |")
    best = choose(results)
    for c, (high, low) in windows.items():
        print(f"C={c:g}: word windows read as injection: highest in-scope {high:.3f}, lowest injection {low:.3f}"
              " (SPLICED_THRESHOLD belongs in the gap)")
    print(f"\nchosen: C={best['C']} threshold={best['threshold']} (accuracy {best['accuracy']:.3f}, "
          f"missed {best['missed']}, wrongly declined {best['wrongly_declined']})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"questions": len(questions), "examples": examples.ref, "sweep": results,
                                    "chosen": best}, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
