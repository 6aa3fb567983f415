"""Coverage analysis over the labelled sets of ``evals/coverage/*.yaml`` (curricula, programs, teams).

Per item: category F1 (D counted at domain level) and level exact on the found categories; per set:
whether the gaps are exactly the categories no item serves (gold gaps: the columns no label names);
and the share of items that serve nothing (``labels: {}``) that get nothing.
"""

from __future__ import annotations

from typing import Any

import yaml

from assistant.coverage.analysis import CoverageAnalyzer, Item, columns
from assistant.evaluation.datasets import dataset_files
from assistant.evaluation.families.base import EvalContext, FamilyResult
from assistant.evaluation.metrics import MetricResult, level_exact_accuracy, micro_f1
from assistant.evaluation.suites import SuiteError


def load_sets(ctx: EvalContext) -> list[dict[str, Any]]:
    path = ctx.dataset(ctx.suite.datasets.coverage)
    if not path.exists():
        return []
    out: list[dict[str, Any]] = []
    for file in dataset_files(path, "*.yaml"):
        try:
            out += (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("sets") or []
        except yaml.YAMLError as exc:
            raise SuiteError(f"{file}: not a valid coverage set file: {exc}") from exc
    return [s for s in out if s.get("split") == ctx.split]


def run_coverage(ctx: EvalContext) -> FamilyResult:
    sets = load_sets(ctx)
    if not sets:
        return FamilyResult.skipped("coverage", f"no {ctx.split} coverage sets")
    corpus = ctx.runtime.corpus
    if "coverage_analyzer" not in ctx.cache:
        ctx.cache["coverage_analyzer"] = CoverageAnalyzer.from_prompts(corpus, ctx.runtime.embedder,
                                                                       ctx.runtime.settings.prompts_dir)
    analyzer = ctx.cache["coverage_analyzer"]
    cols = [c for c, _ in columns(corpus)]
    gold_items: list[dict[str, int]] = []
    pred_items: list[dict[str, int]] = []
    gaps_right: list[float] = []
    empty_clean: list[float] = []
    res = FamilyResult("coverage")
    for s in ctx.bar(sets, "coverage", len(sets)):
        items = [Item(id=str(i["id"]), title=str(i.get("title", "")), text=str(i["text"])) for i in s["items"]]
        report = analyzer.analyze(items, s["kind"], s.get("title"))
        gold = [{str(k): int(v) for k, v in (i.get("labels") or {}).items()} for i in s["items"]]
        pred = [report.matrix[i.id] for i in items]
        gold_items += gold
        pred_items += pred
        gold_gaps = {c for c in cols if not any(c in g for g in gold)}
        gaps_right.append(1.0 if set(report.gaps) == gold_gaps else 0.0)
        empty_clean += [0.0 if p else 1.0 for g, p in zip(gold, pred, strict=True) if not g]
        res.cases.append({"id": s["id"], "kind": s["kind"], "items": len(items),
                          "gaps": ", ".join(report.gaps), "gold_gaps": ", ".join(sorted(gold_gaps)),
                          "gaps_exact": gaps_right[-1], "over_weighted": ", ".join(report.over_weighted)})
    res.add(micro_f1(gold=[set(g) for g in gold_items], predicted=[set(p) for p in pred_items],
                     name="item_category_f1"), name="item_category_f1")
    res.add(level_exact_accuracy(gold=gold_items, predicted=pred_items), name="level_exact")
    res.add(MetricResult("gaps_exact", sum(gaps_right) / len(gaps_right), tuple(gaps_right)))
    if empty_clean:
        res.add(MetricResult("empty_items_clean", sum(empty_clean) / len(empty_clean), tuple(empty_clean)))
    return res
