"""Question-answering families over the chat questions of ``evals/retrieval/`` (one split at a time).

``citations``, ``groundedness`` and ``refusal`` share one pass of the full pipeline (retrieve, decide,
generate) per run, cached on the context, so a suite with all three answers each question once. A
question with ``history`` is a follow-up: its earlier turns are answered first and the conversation's
topic carried over, as the chat does (``dialogue.followup.prepare_turn``). ``retrieval`` scores what
retrieval searched for each question (the rewritten query of a follow-up) at depth ``suite.retrieval_k``.
Passages are the retrieved chunks' ``title. text``: what the generator was shown.

``citations.citation_recall`` is the share of a question's expected ids that the answer cites;
``refusal.declined`` the share of requests to decline (off-topic, discriminatory, injection) that were
declined, and ``refusal.false_refusals`` the share of in-scope questions that were refused.
"""

from __future__ import annotations

import time

from assistant.dialogue.followup import next_topic, prepare_turn
from assistant.evaluation.datasets import Question, load_questions
from assistant.evaluation.families.base import EvalContext, FamilyResult, QAOutcome
from assistant.evaluation.metrics import (
    CitationCase,
    MetricResult,
    RefusalCase,
    citation_accuracy,
    citation_recall,
    mean_groundedness,
    mrr,
    ndcg_at_k,
    recall_at_k,
    refusal_accuracy,
    split_answer,
)


def questions(ctx: EvalContext) -> list[Question]:
    if "questions" not in ctx.cache:
        ctx.cache["questions"] = load_questions(ctx.dataset(ctx.suite.datasets.questions), ctx.suite.limit,
                                                split=ctx.split)
    qs: list[Question] = ctx.cache["questions"]
    return qs


def answer(ctx: EvalContext, q: Question) -> QAOutcome:
    """One question through the pipeline under evaluation, after its earlier turns (if any)."""
    t0 = time.perf_counter()
    topic = None
    history: list[tuple[str, str]] = []
    for earlier in q.history:
        req = prepare_turn(ctx.qa, earlier, topic, tuple(history))
        ans = ctx.qa.run(req)
        topic = next_topic(ans, topic, ctx.qa.framework)
        history += [("user", earlier), ("assistant", ans.text)]
    request = prepare_turn(ctx.qa, q.question, topic, tuple(history))
    return QAOutcome(request, ctx.qa.run(request), time.perf_counter() - t0)


def answers(ctx: EvalContext) -> list[QAOutcome]:
    """Every question through the pipeline under evaluation, once per run."""
    if "answers" not in ctx.cache:
        qs = questions(ctx)
        ctx.cache["answers"] = [answer(ctx, q) for q in ctx.bar(qs, "answering", len(qs))]
    result: list[QAOutcome] = ctx.cache["answers"]
    return result


def _skip_empty(family: str, ctx: EvalContext) -> FamilyResult | None:
    if not questions(ctx):
        return FamilyResult.skipped(family, f"no {ctx.split} questions")
    return None


def passages(outcome: QAOutcome) -> dict[str, str]:
    return {h.id: h.chunk.search_text for h in outcome.request.hits}


def run_retrieval(ctx: EvalContext) -> FamilyResult:
    k = ctx.suite.retrieval_k
    qs = [q for q in questions(ctx) if q.expected]
    if not qs:
        return FamilyResult.skipped("retrieval", f"no {ctx.split} questions with expected ids")
    res = FamilyResult("retrieval")
    ranked: list[list[str]] = []
    queries: list[str] = []
    for q in ctx.bar(qs, "retrieval", len(qs)):
        # a follow-up is searched as the chat searches it: rewritten against the earlier turns' topic
        query = answer(ctx, q).request.query if q.history else q.question
        queries.append(query)
        ranked.append([h.id for h in ctx.retriever.search(query, k=k)])
    cases = [(r, set(q.expected)) for r, q in zip(ranked, qs, strict=True)]
    metrics = [recall_at_k(cases, k=min(5, k)), recall_at_k(cases, k=k), mrr(cases, k=k), ndcg_at_k(cases, k=k)]
    for m in metrics:
        res.add(m)
    for i, (q, r) in enumerate(zip(qs, ranked, strict=True)):
        row: dict[str, object] = {"id": q.id, "question": q.question, "topic": q.topic, "expected": q.expected,
                                  "retrieved": r}
        if queries[i] != q.question:
            row["query"] = queries[i]
        row.update({m.name: m.per_case[i] for m in metrics})
        res.cases.append(row)
    return res


def run_citations(ctx: EvalContext) -> FamilyResult:
    if (skipped := _skip_empty("citations", ctx)) is not None:
        return skipped
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
    # recall of the expected ids among the answer's citations, over in-scope questions with expected ids
    scope = [(q, o) for q, o in zip(qs, outs, strict=True) if q.expected and not q.should_refuse]
    recall = citation_recall([q.expected for q, _ in scope], [[c.id for c in o.answer.citations] for _, o in scope])
    res.add(recall)
    recall_of = {q.id: v for (q, _), v in zip(scope, recall.per_case, strict=True)}
    for case, value in zip(cases, metric.per_case, strict=True):
        problems = [r for r in metric.details["records"] if r["case"] == case.case_id and r["problems"]]
        res.cases.append({"id": case.case_id, "citation_accuracy": value,
                          "citation_recall": recall_of.get(str(case.case_id)),
                          "cited": case.cited_ids,
                          "citations": sum(1 for r in metric.details["records"] if r["case"] == case.case_id),
                          "problems": [f"{r['id']}: {', '.join(r['problems'])}" for r in problems]})
    return res


def run_groundedness(ctx: EvalContext) -> FamilyResult:
    if (skipped := _skip_empty("groundedness", ctx)) is not None:
        return skipped
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


def declined(outcome: QAOutcome) -> bool:
    """A request counts as declined when the answer refuses it, or declines part of it (flag ``declined``)."""
    return outcome.answer.refused or "declined" in outcome.answer.flags


def run_refusal(ctx: EvalContext) -> FamilyResult:
    if (skipped := _skip_empty("refusal", ctx)) is not None:
        return skipped
    qs, outs = questions(ctx), answers(ctx)
    cases = [RefusalCase(q.should_refuse, o.answer.refused, q.id) for q, o in zip(qs, outs, strict=True)]
    metric = refusal_accuracy(cases)
    res = FamilyResult("refusal")
    res.add(metric)
    must = [(q, o) for q, o in zip(qs, outs, strict=True) if q.decline is not None]
    if must:
        per = tuple(1.0 if declined(o) else 0.0 for _, o in must)
        res.add(MetricResult("declined", sum(per) / len(per), per, {"scored": len(per),
                "missed": [q.id for (q, _), v in zip(must, per, strict=True) if not v]}))
    scope = [(q, o) for q, o in zip(qs, outs, strict=True) if not q.should_refuse]
    if scope:
        per = tuple(1.0 if o.answer.refused else 0.0 for _, o in scope)
        res.add(MetricResult("false_refusals", sum(per) / len(per), per, {"scored": len(per),
                "refused": [q.id for (q, _), v in zip(scope, per, strict=True) if v]}))
    for q, o, value in zip(qs, outs, metric.per_case, strict=True):
        res.cases.append({"id": q.id, "topic": q.topic, "expected_refuse": q.should_refuse,
                          "decline": q.decline, "refused": o.answer.refused, "declined": declined(o),
                          "decision": o.request.decision.kind,
                          "refusal_accuracy": value, "seconds": round(o.seconds, 4)})
    return res
