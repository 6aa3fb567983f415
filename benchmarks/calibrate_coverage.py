"""Choose the coverage analyzer's thresholds on the DEV coverage sets (never on test).

    .venv/bin/python benchmarks/calibrate_coverage.py

Every dev item's parts (title, sentences) are scored once per keyword bonus; each combination of the
line, margin and item thresholds then re-reads all items from those scores, the way the analyzer does.
Printed: the best combinations by item category F1 (D at domain level) with the share of items that serve
nothing left empty, the share of sets whose gaps are exact, and level exact. The pick maximises
F1 + 0.5 x empty-clean + 0.25 x gaps-exact, then the middle of the plateau; the chosen values belong in
``assistant/coverage/analysis.py`` (THRESHOLDS). Writes ``benchmarks/results/coverage_calibration.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.coverage.analysis import THRESHOLDS, CoverageAnalyzer, Item, columns, parts_of
from assistant.evaluation.datasets import require_dev
from assistant.framework.loader import load_corpus
from assistant.indexing.embedder import shared_embedder
from assistant.settings import ROOT

OUT = ROOT / "benchmarks" / "results" / "coverage_calibration.json"
DEV = ROOT / "evals" / "coverage" / "dev.yaml"


class _Set:
    def __init__(self, raw: dict[str, Any]) -> None:
        self.id, self.split = str(raw["id"]), raw.get("split")
        self.items = [Item(id=str(i["id"]), title=str(i.get("title", "")), text=str(i["text"])) for i in raw["items"]]
        self.gold = [{str(k): int(v) for k, v in (i.get("labels") or {}).items()} for i in raw["items"]]


def score(analyzer: CoverageAnalyzer, sets: Sequence[_Set], scored: dict[str, Any], cols: list[str]) -> dict[str, float]:
    tp = fp = fn = 0
    lv_ok = lv_n = 0
    empty_ok = empty_n = 0
    gaps_ok = 0
    for st in sets:
        served: set[str] = set()
        for item, gold in zip(st.items, st.gold, strict=True):
            parts, scores = scored[f"{st.id}/{item.id}"]
            pred = {c.id: c.level for c in analyzer.from_scores(item, parts, scores).competencies}
            served |= set(pred)
            tp += len(set(gold) & set(pred))
            fp += len(set(pred) - set(gold))
            fn += len(set(gold) - set(pred))
            for cid in set(gold) & set(pred):
                lv_n += 1
                lv_ok += gold[cid] == pred[cid]
            if not gold:
                empty_n += 1
                empty_ok += not pred
        gold_gaps = {c for c in cols if not any(c in g for g in st.gold)}
        gaps_ok += gold_gaps == set(cols) - served
    return {"f1": 2 * tp / max(2 * tp + fp + fn, 1), "level_exact": lv_ok / max(lv_n, 1),
            "empty_clean": empty_ok / max(empty_n, 1), "gaps_exact": gaps_ok / max(len(sets), 1)}


def objective(r: dict[str, float]) -> float:
    return round(r["f1"] + 0.5 * r["empty_clean"] + 0.25 * r["gaps_exact"], 3)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--bonus", type=float, nargs="+", default=[0.0, 0.1, 0.16, 0.22, 0.3])
    parser.add_argument("--margin", type=float, nargs="+", default=[0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.6])
    args = parser.parse_args(argv)
    sets = [_Set(s) for s in (yaml.safe_load(args.dev.read_text(encoding="utf-8")) or {}).get("sets", [])]
    require_dev(sets, "The coverage analyzer")
    corpus = load_corpus(ROOT / "corpus")
    analyzer = CoverageAnalyzer.from_prompts(corpus, shared_embedder(), ROOT / "prompts")
    cols = [c for c, _ in columns(corpus)]
    results: list[dict[str, Any]] = []
    for kb in args.bonus:
        analyzer.matcher.t = replace(THRESHOLDS, keyword_bonus=kb)
        scored = {}
        for st in sets:
            for item in st.items:
                parts = parts_of(item)
                scored[f"{st.id}/{item.id}"] = (parts, analyzer.matcher.line_scores([p.text for p in parts]))
        grid = itertools.product(np.arange(0.30, 0.62, 0.04), args.margin,
                                 np.arange(0.40, 0.72, 0.02))
        for line, margin, item in grid:
            if line > item + 1e-9:
                continue
            analyzer.matcher.t = replace(THRESHOLDS, keyword_bonus=kb, line=round(float(line), 2),
                                         margin=margin, item=round(float(item), 2))
            r = score(analyzer, sets, scored, cols)
            results.append({**asdict(analyzer.matcher.t), **{k: round(v, 3) for k, v in r.items()},
                            "objective": objective(r)})
    top = max(r["objective"] for r in results)
    best = [r for r in results if r["objective"] == top]
    pick = best[len(best) // 2]
    for r in sorted(results, key=lambda r: -r["objective"])[:10]:
        print({k: r[k] for k in ("keyword_bonus", "line", "margin", "item", "f1", "empty_clean", "gaps_exact",
                                 "level_exact", "objective")})
    print(f"pick ({len(best)} tie at the top): {pick}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"pick": pick, "top": sorted(results, key=lambda r: -r["objective"])[:50]},
                                   indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
