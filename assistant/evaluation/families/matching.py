"""Job-posting matching over ``evals/postings``: domain and category micro-F1, level accuracy.

Uses the matching package's own entry points (``PostingMatcher.match`` through
``assistant.matching.evaluate``) when installed; otherwise the family is skipped and says so.
"""

from __future__ import annotations

from typing import Any

from assistant.evaluation.families.base import EvalContext, FamilyResult
from assistant.evaluation.metrics import level_exact_accuracy, micro_f1


def run_matching(ctx: EvalContext) -> FamilyResult:
    try:
        from assistant.matching.engine import PostingMatcher
        from assistant.matching.evaluate import load_cases, ours
    except ImportError as exc:
        return FamilyResult.skipped("matching", f"not available: the matching package is not installed ({exc})")
    root = ctx.dataset(ctx.suite.datasets.postings)
    if not any(root.glob("labels*.yaml")):
        return FamilyResult.skipped("matching", f"not available: no labelled postings at {root}")
    corpus = ctx.runtime.corpus
    if "matcher" not in ctx.cache:
        ctx.cache["matcher"] = ours(PostingMatcher(corpus.framework, ctx.runtime.embedder, corpus.guidance,
                                                  prompts_dir=ctx.runtime.settings.prompts_dir))
    run = ctx.cache["matcher"]
    cases = load_cases(root, ctx.split)
    if not cases:
        return FamilyResult.skipped("matching", f"no {ctx.split} postings in {root}")
    preds = [run(c.text) for c in ctx.bar(cases, "matching", len(cases))]
    gold_levels: list[dict[str, Any]] = [{**c.domains, **c.categories} for c in cases]
    pred_levels: list[dict[str, Any]] = [{**p.domains, **p.categories} for p in preds]
    domain = micro_f1(gold=[set(c.domains) for c in cases], predicted=[set(p.domains) for p in preds],
                      name="domain_f1")
    category = micro_f1(gold=[set(c.categories) for c in cases], predicted=[set(p.categories) for p in preds],
                        name="category_f1")
    level = level_exact_accuracy(gold=gold_levels, predicted=pred_levels, strict=True)
    res = FamilyResult("matching")
    for m in (domain, category, level):
        res.add(m)
    for i, c in enumerate(cases):
        res.cases.append({
            "id": c.id, "split": c.split,
            "gold": ", ".join(f"{k}:{v}" for k, v in sorted(gold_levels[i].items())),
            "predicted": ", ".join(f"{k}:{v}" for k, v in sorted(pred_levels[i].items())),
            "domain_f1": domain.per_case[i], "category_f1": category.per_case[i], level.name: level.per_case[i],
        })
    return res
