"""Choose the coaching acts classifier's C and ACT_THRESHOLD on the DEV coaching conversations (never on test).

    .venv/bin/python benchmarks/calibrate_acts.py [--c 1 4 16 64]

For each C the classifier is trained on ``prompts/coaching/acts.yaml``; every user turn of the dev
conversations is heard once (sentence by sentence) and the acts found are compared with what the turn is
labelled to give (``gives``, mapped to acts by :data:`GIVES_TO_ACT`). Printed per C and threshold: recall
(labelled acts found), precision (acts found that the labels name) and their F1, over all turns. The pick is
the best F1; the chosen values belong in ``assistant/coaching/listen.py`` (ACTS_C, ACT_THRESHOLD). Writes
``benchmarks/results/acts_calibration.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.coaching.listen import Listener, load_acts
from assistant.evaluation.datasets import require_dev
from assistant.evaluation.families.conversations import load_conversations
from assistant.indexing.embedder import shared_embedder
from assistant.settings import ROOT
from assistant.understanding.classifier import train

OUT = ROOT / "benchmarks" / "results" / "acts_calibration.json"
THRESHOLDS = [round(0.20 + 0.05 * i, 2) for i in range(11)]
GIVES_TO_ACT = {
    "role": "about_me", "institution": "about_me", "years": "about_me", "goal": "goal", "growth_area": "goal",
    "story": "story", "self_rating": "self_rating", "not_my_job": "not_my_job", "preference": "format",
    "digression": "digression", "framework_question": "question", "defer": "defer",
    "plan_request": "plan_request", "plan_revision": "plan_revision", "greeting": "small_talk",
}

_SAME = {"format_avoid": "format"}  # the labels say "preference" for both


def expected_acts(turn: Any) -> set[str]:
    out = {GIVES_TO_ACT[g] for g in turn.gives if g in GIVES_TO_ACT}
    if "constraint" in turn.gives and turn.constraint is not None:
        out.add("format" if turn.constraint.kind == "format" else turn.constraint.kind)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--c", type=float, nargs="+", default=[1.0, 4.0, 16.0, 64.0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--show", action="store_true", help="print each turn's acts at the chosen values")
    args = parser.parse_args(argv)
    embedder = shared_embedder()
    examples = load_acts(ROOT / "prompts")
    convs = load_conversations(ROOT / "evals" / "coaching", split="dev")
    require_dev(convs, "The coaching listener")
    turns = [t for c in convs for t in c.turns]
    print(f"{len(turns)} dev turns in {len(convs)} conversations; {len(examples.pairs())} examples ({examples.ref})")
    print("| C | threshold | recall | precision | F1 |")
    print("|---:|---:|---:|---:|---:|")
    results: list[dict[str, Any]] = []
    for c in args.c:
        listener = Listener(embedder, train(examples, embedder, c=c), tuple(examples.hedges), threshold=0.0)
        heard = [listener.hear(t.text) for t in turns]
        for th in THRESHOLDS:
            found = [{_SAME.get(s.act, s.act) for s in h.sentences if s.act is not None and s.confidence >= th}
                     for h in heard]
            want = [expected_acts(t) for t in turns]
            hit = sum(len(f & w) for f, w in zip(found, want, strict=True))
            recall = hit / max(1, sum(len(w) for w in want))
            precision = hit / max(1, sum(len(f) for f in found))
            f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
            results.append({"C": c, "threshold": th, "recall": recall, "precision": precision, "f1": f1})
            print(f"| {c:g} | {th:.2f} | {recall:.3f} | {precision:.3f} | {f1:.3f} |")
    best = max(results, key=lambda r: (round(r["f1"], 3), -r["C"]))
    print(f"\nchosen: C={best['C']:g} threshold={best['threshold']} (F1 {best['f1']:.3f})")
    if args.show:
        listener = Listener(embedder, train(examples, embedder, c=best["C"]), tuple(examples.hedges),
                            threshold=best["threshold"])
        for t in turns:
            h = listener.hear(t.text)
            print(sorted(expected_acts(t)), "->", [(s.act, round(s.confidence, 2)) for s in h.sentences])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"turns": len(turns), "examples": examples.ref, "sweep": results,
                                    "chosen": best}, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
