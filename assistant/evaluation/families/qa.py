"""Question-answering families over ``evals/retrieval/questions.jsonl``.

``retrieval`` searches each question at depth ``suite.retrieval_k`` and scores the ranked ids against the
expected ones. ``citations``, ``groundedness`` and ``refusal`` share one pass of the full pipeline
(retrieve, decide, generate) per run, cached on the context, so a suite with all three answers each
question once. Passages are the retrieved chunks' ``title. text``: what the generator was shown.
"""

from __future__ import annotations

import time

from assistant.evaluation.datasets import Question, load_questions
from assistant.evaluation.families.base import EvalContext, FamilyResult, QAOutcome
from assistant.evaluation.metrics import (
    CitationCase,
    RefusalCase,
    citation_accuracy,
    mean_groundedness,
    mrr,
    ndcg_at_k,
    recall_at_k,
    refusal_accuracy,
    split_answer,
)


def questions(ctx: EvalContext) -> list[Question]:
    if "questions" not in ctx.cache:
        ctx.cache["questions"] = load_questions(ctx.dataset(ctx.suite.datasets.questions), ctx.suite.limit)
    qs: list[Question] = ctx.cache["questions"]
    return qs


def answers(ctx: EvalContext) -> list[QAOutcome]:
    """Every question through the pipeline under evaluation, once per run."""
    if "answers" not in ctx.cache:
        out: list[QAOutcome] = []
        qs = questions(ctx)
        for q in ctx.bar(qs, "answering", len(qs)):
            t0 = time.perf_counter()
            request = ctx.qa.prepare(q.question)
            answer = ctx.qa.run(request)
            out.append(QAOutcome(request, answer, time.perf_counter() - t0))
        ctx.cache["answers"] = out
    result: list[QAOutcome] = ctx.cache["answers"]
    return result


def passages(outcome: QAOutcome) -> dict[str, str]:
    return {h.id: h.chunk.search_text for h in outcome.request.hits}


def run_retrieval(ctx: EvalContext) -> FamilyResult:
    k = ctx.suite.retrieval_k
    qs = [q for q in questions(ctx) if q.expected]
    res = FamilyResult("retrieval")
    ranked: list[list[str]] = []
    for q in ctx.bar(qs, "retrieval", len(qs)):
        ranked.append([h.id for h in ctx.retriever.search(q.question, k=k)])
    cases = [(r, set(q.expected)) for r, q in zip(ranked, qs, strict=True)]
    metrics = [recall_at_k(cases, k=min(5, k)), recall_at_k(cases, k=k), mrr(cases, k=k), ndcg_at_k(cases, k=k)]
    for m in metrics:
        res.add(m)
    for i, (q, r) in enumerate(zip(qs, ranked, strict=True)):
        row: dict[str, object] = {"id": q.id, "question": q.question, "topic": q.topic, "expected": q.expected,
                                  "retrieved": r}
        row.update({m.name: m.per_case[i] for m in metrics})
        res.cases.append(row)
    return res


def run_citations(ctx: EvalContext) -> FamilyResult:
    qs, outs = questions(ctx), answers(ctx)
    known = set(ctx.runtime.index.by_id)
    cases = [
        CitationCase(
            answer=o.answer.text,
            retrieved_ids=[h.id for h in o.request.hits],
            passages=passages(o),
            cited_ids=[c.id for c in o.answer.citations],
            case_id=q.id,
        )
        for q, o in zip(qs, outs, strict=True)
        if not o.answer.refused
    ]
    res = FamilyResult("citations")
    if not cases:
        return FamilyResult.skipped("citations", "every question was refused: no citations to check")
    metric = citation_accuracy(cases, known)
    res.add(metric)
    for case, value in zip(cases, metric.per_case, strict=True):
        problems = [r for r in metric.details["records"] if r["case"] == case.case_id and r["problems"]]
        res.cases.append({"id": case.case_id, "citation_accuracy": value,
                          "citations": sum(1 for r in metric.details["records"] if r["case"] == case.case_id),
                          "problems": [f"{r['id']}: {', '.join(r['problems'])}" for r in problems]})
    return res


def run_groundedness(ctx: EvalContext) -> FamilyResult:
    qs, outs = questions(ctx), answers(ctx)
    kept = [(q, o) for q, o in zip(qs, outs, strict=True) if not o.answer.refused]
    if not kept:
        return FamilyResult.skipped("groundedness", "every question was refused: no claims to ground")
    # embed every claim and passage in a few batches before the metric asks for pairs
    ctx.similarity.warm(s.text for _, o in kept for s in split_answer(o.answer.text))
    ctx.similarity.warm(t for _, o in kept for t in passages(o).values())
    metric = mean_groundedness([(o.answer.text, passages(o)) for _, o in kept], similarity=ctx.similarity)
    res = FamilyResult("groundedness")
    res.add(metric)
    for (q, _), value, detail in zip(kept, metric.per_case, metric.details["per_answer"], strict=True):
        unsupported = [s["text"] for s in detail["sentences"] if s.get("supported") is False]
        res.cases.append({"id": q.id, "groundedness": value, "claims": detail["claims"],
                          "unsupported": unsupported[:3]})
    return res


def run_refusal(ctx: EvalContext) -> FamilyResult:
    qs, outs = questions(ctx), answers(ctx)
    cases = [RefusalCase(q.should_refuse, o.answer.refused, q.id) for q, o in zip(qs, outs, strict=True)]
    metric = refusal_accuracy(cases)
    res = FamilyResult("refusal")
    res.add(metric)
    for q, o, value in zip(qs, outs, metric.per_case, strict=True):
        res.cases.append({"id": q.id, "topic": q.topic, "expected_refuse": q.should_refuse,
                          "refused": o.answer.refused, "decision": o.request.decision.kind,
                          "refusal_accuracy": value, "seconds": round(o.seconds, 4)})
    return res
