"""Choose the posting matcher's lexical, "not described" and level settings on the DEV postings (never test).

    .venv/bin/python benchmarks/calibrate_matching.py [--quick]

Every dev posting is matched once per combination of the lexical bonus and the "not
described" margin (``Thresholds``), then, with the best of those, once per combination of the level model's
regularisation and its two "this level or higher" probabilities (``assistant/matching/scope.py``); sentence
vectors are cached, so a combination costs the scoring only.
Printed: the best combinations by domain F1 + category F1 + level accuracy + 0.5 x uncovered recall, and
the pick: at each stage the best objective averaged with its grid neighbours (a plateau, not a spike). The
chosen values belong in ``Thresholds`` (engine.py) and ``C`` and the defaults ``AT_LEAST_3``/``AT_LEAST_2`` (scope.py). Writes
``benchmarks/results/matching_calibration.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from assistant.framework.loader import load_corpus
from assistant.indexing.embedder import Embedder, shared_embedder
from assistant.matching.engine import PostingMatcher, Thresholds
from assistant.matching.evaluate import load_cases, ours, score
from assistant.matching.scope import LevelModel
from assistant.settings import ROOT

OUT = ROOT / "benchmarks" / "results" / "matching_calibration.json"


class CachedEmbedder:
    """The shared embedder with every text's vector kept: a grid re-embeds nothing."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.dim = inner.dim
        self.cache: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if todo:
            self.cache.update(zip(todo, self.inner.embed(todo), strict=True))
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, self.dim), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


def objective(r: dict[str, float]) -> float:
    return round(r["domain_f1"] + r["category_f1"] + r["level_acc"] + 0.5 * r["uncovered_recall"], 4)


def _smoothed(row: dict[str, Any], rows: Sequence[dict[str, Any]], grid: dict[str, list[float]]) -> float:
    """The objective averaged with its neighbours one grid step away on each axis: a plateau beats a spike
    (25 dev postings are few; a lone peak is more likely noise than a setting that generalises)."""
    near = [row["objective"]]
    for axis, values in grid.items():
        k = values.index(row[axis])
        for j in (k - 1, k + 1):
            if 0 <= j < len(values):
                near += [r["objective"] for r in rows if r[axis] == values[j]
                         and all(r[a] == row[a] for a in grid if a != axis)]
    return sum(near) / len(near)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small grid (a smoke run)")
    args = parser.parse_args(argv)
    cases = load_cases(ROOT / "evals" / "postings", "dev")
    if not cases or any(c.split != "dev" for c in cases):
        raise SystemExit("calibration needs the dev postings (and only them)")
    corpus = load_corpus(ROOT / "corpus")
    emb = CachedEmbedder(shared_embedder())
    matcher = PostingMatcher.for_corpus(corpus, emb)  # type: ignore[arg-type]
    base = matcher.t
    small = args.quick
    detection = {
        "keyword_bonus": [0.22] if small else [0.0, 0.4, 0.8, 1.0, 1.2, 1.6, 2.0],
        "outside": [0.0] if small else [-0.05, 0.0, 0.03, 0.06, 0.1],
    }
    levels = {
        "c": [4.0] if small else [1.0, 4.0, 16.0],
        "at_least_3": [0.7] if small else [0.5, 0.6, 0.7, 0.8],
        "at_least_2": [0.8] if small else [0.6, 0.7, 0.8, 0.85, 0.9],
    }
    # the level settings change no detection, so detection is chosen first (with the default levels), then
    # the levels with the chosen detection
    results: list[dict[str, Any]] = []

    def run(thresholds: Thresholds, model: LevelModel, knobs: dict[str, float]) -> dict[str, Any]:
        matcher.t, matcher.levels = thresholds, model
        predict = ours(matcher)
        r = score(cases, [predict(case.text) for case in cases])
        row = {**knobs, **{k: round(v, 3) for k, v in r.items() if k != "n"}, "objective": objective(r)}
        results.append(row)
        return row

    default_levels = matcher.levels
    for kb, outside in itertools.product(*detection.values()):
        run(replace(base, keyword_bonus=kb, outside=outside), default_levels,
            {"keyword_bonus": kb, "outside": outside})
    best = max(results, key=lambda r: _smoothed(r, results, detection))
    chosen = replace(base, **{k: best[k] for k in detection})
    for c in levels["c"]:
        model = LevelModel(corpus.framework, emb, matcher.examples, corpus.practice_examples, c=c)  # type: ignore[arg-type]
        for t3, t2 in itertools.product(levels["at_least_3"], levels["at_least_2"]):
            run(replace(chosen, level_3=t3, level_2=t2), model,
                {**{k: best[k] for k in detection}, "c": c, "at_least_3": t3, "at_least_2": t2})
    grid = {**detection, **levels}
    level_grid = {**levels, **{k: [best[k]] for k in detection}}
    level_rows = [r for r in results if "c" in r]
    pick = max(level_rows, key=lambda r: _smoothed(r, level_rows, level_grid))
    print(f"pick (best smoothed objective at each stage): {pick}")
    results.sort(key=lambda r: -r["objective"])
    for r in results[:12]:
        print(r)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"split": "dev", "grid": grid, "pick": pick, "results": results}, indent=1),
                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
