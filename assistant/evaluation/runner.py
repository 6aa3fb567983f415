"""Run suites over a loaded runtime: each family ``repeat`` times, then aggregate and per-case tables.

    >>> result = run_suites(build_runtime(settings), select_suites(settings.evals_dir, "composer"))  # doctest: +SKIP
    >>> result.suites["composer"].splits["test"].aggregate["retrieval.recall@10"].mean            # doctest: +SKIP
    0.93

Pass ``retriever=`` to evaluate another retriever (any object with ``search(query, k, filters)``) with
everything else unchanged: retrieval metrics, answers and the app under robustness all use it.

Pass ``app_client=`` (an :class:`~assistant.evaluation.families.base.AppClientFactory`, e.g.
``assistant.api.evalclient.open_app_client``) to run the robustness family against the real app; evaluation
does not import the API itself, so without it that family is skipped with the reason.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.evaluation.datasets import Split
from assistant.evaluation.families.base import AppClientFactory, EvalContext, FamilyResult
from assistant.evaluation.families.coaching import run_coaching
from assistant.evaluation.families.conversations import run_conversations
from assistant.evaluation.families.coverage import run_coverage
from assistant.evaluation.families.judge import Complete, run_judge
from assistant.evaluation.families.matching import run_matching
from assistant.evaluation.families.qa import run_citations, run_groundedness, run_refusal, run_retrieval
from assistant.evaluation.families.robustness import run_robustness
from assistant.evaluation.results import MetricSummary, RunResult, SplitResult, SuiteResult, finite_or_none
from assistant.evaluation.similarity import EmbeddingSimilarity
from assistant.evaluation.suites import SuiteSpec
from assistant.generation.pipeline import QAPipeline
from assistant.retrieval.hybrid import Retriever
from assistant.runtime import Runtime

log = logging.getLogger(__name__)

FAMILY_RUNNERS: dict[str, Callable[[EvalContext], FamilyResult]] = {
    "retrieval": run_retrieval,
    "citations": run_citations,
    "groundedness": run_groundedness,
    "refusal": run_refusal,
    "matching": run_matching,
    "coaching": run_coaching,
    "conversations": run_conversations,
    "coverage": run_coverage,
    "robustness": run_robustness,
    "judge": run_judge,
}
# Families whose result does not depend on the generator or the retriever run once, whatever --repeat says.
_RUN_ONCE = frozenset({"matching", "coaching", "conversations", "coverage"})


def pipeline_for(runtime: Runtime, spec: SuiteSpec, retriever: Retriever) -> tuple[QAPipeline | None, str]:
    """The QA pipeline a suite judges, and the generator's name; (None, reason) when it is not available."""
    s = runtime.settings
    if spec.generator == "composer":
        qa = QAPipeline(retriever, runtime.corpus.framework, None, k=s.retrieval_k, threshold=s.relevance_threshold,
                        reader=runtime.reader)
        return qa, qa.generator.name
    if s.llm_backend == "composer":
        return None, "not available: no LLM backend configured (set ASSISTANT_LLM_BACKEND and ASSISTANT_LLM_MODEL)"
    generator = runtime.qa.generator
    qa = QAPipeline(retriever, runtime.corpus.framework, generator, k=s.retrieval_k, threshold=s.relevance_threshold,
                    reader=runtime.reader)
    return qa, f"{generator.name}:{generator.model}"


def _mean_rows(runs: list[list[dict[str, Any]]], names: Sequence[str]) -> list[dict[str, Any]]:
    """Per-case rows of the first run, each metric value replaced by its mean over runs (+ spread)."""
    rows = [dict(r) for r in runs[0]]
    if len(runs) == 1:
        return rows
    for i, row in enumerate(rows):
        for name in names:
            if name not in row:
                continue
            values = [finite_or_none(run[i].get(name)) for run in runs if i < len(run)]
            kept = [v for v in values if v is not None]
            row[name] = sum(kept) / len(kept) if kept else None
            if kept and max(kept) != min(kept):
                row.setdefault("spread", {})[name] = max(kept) - min(kept)
    return rows


def run_suite(
    runtime: Runtime,
    spec: SuiteSpec,
    *,
    repeat: int = 1,
    retriever: Retriever | None = None,
    evals_dir: Path | None = None,
    progress: bool = False,
    judge: Complete | None = None,
    app_client: AppClientFactory | None = None,
) -> SuiteResult:
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    retr = retriever or runtime.retriever
    qa, generator = pipeline_for(runtime, spec, retr)
    if qa is None:
        return SuiteResult(spec.name, "none", status="skipped", reason=generator)
    out = SuiteResult(spec.name, generator)
    similarity = EmbeddingSimilarity(runtime.embedder)  # shared over repeats: the same texts embed once
    # passages are chunks' search_text, which the index embedded with this same model: reuse those vectors
    similarity.seed((c.search_text for c in runtime.index.chunks), runtime.index.vectors)
    for split in spec.splits:
        out.splits[split] = _run_split(runtime, spec, split, qa, retr, similarity, repeat=repeat,
                                       evals_dir=evals_dir, progress=progress, judge=judge,
                                       app_client=app_client)
    return out


def _run_split(
    runtime: Runtime,
    spec: SuiteSpec,
    split: Split,
    qa: QAPipeline,
    retriever: Retriever,
    similarity: EmbeddingSimilarity,
    *,
    repeat: int,
    evals_dir: Path | None,
    progress: bool,
    judge: Complete | None,
    app_client: AppClientFactory | None,
) -> SplitResult:
    """Every family of the suite on one split's records, ``repeat`` times, aggregated."""
    per_family: dict[str, list[FamilyResult]] = {str(f): [] for f in spec.families}
    for n in range(repeat):
        ctx = EvalContext(runtime, retriever, qa, spec, evals_dir or runtime.settings.evals_dir, similarity,
                          split=split, progress=progress, llm_judge=judge, app_client=app_client)
        for family in map(str, spec.families):
            if n > 0 and family in _RUN_ONCE:
                continue
            t0 = time.perf_counter()
            result = FAMILY_RUNNERS[family](ctx)
            result.seconds = time.perf_counter() - t0
            log.info("suite %s %s run %d: %s %s in %.1fs", spec.name, split, n + 1, family, result.status,
                     result.seconds)
            per_family[family].append(result)
    out = SplitResult()
    for fam, results in per_family.items():
        first = results[0]
        out.families[fam] = {"status": first.status, "reason": first.reason,
                             "seconds": round(sum(r.seconds for r in results) / len(results), 3),
                             "runs": len(results)}
        if first.status != "ok":
            continue
        for name in first.metrics:
            scores = tuple(finite_or_none(r.metrics[name].score) for r in results)
            out.aggregate[f"{fam}.{name}"] = MetricSummary(scores, first.metrics[name].scored)
        out.cases[fam] = _mean_rows([r.cases for r in results], list(first.metrics))
    return out


def run_suites(
    runtime: Runtime,
    suites: Sequence[SuiteSpec],
    repeat: int = 1,
    *,
    retriever: Retriever | None = None,
    evals_dir: Path | None = None,
    progress: bool = False,
    judge: Complete | None = None,
    app_client: AppClientFactory | None = None,
) -> RunResult:
    """Run every suite ``repeat`` times; see the module docstring."""
    result = RunResult(datetime.now(UTC).isoformat(timespec="seconds"), repeat, runtime.index.version)
    for spec in suites:
        result.suites[spec.name] = run_suite(runtime, spec, repeat=repeat, retriever=retriever,
                                             evals_dir=evals_dir, progress=progress, judge=judge,
                                             app_client=app_client)
    return result
