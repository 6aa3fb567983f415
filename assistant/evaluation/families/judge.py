"""Optional LLM-as-judge: a configured chat model rates each answer's faithfulness to its passages, 1-5.

It runs only when an LLM backend is configured, reports beside the offline metrics and never replaces
them: a judge model is neither offline nor repeatable. The prompt lives here rather than in
``prompts/`` because it is part of the evaluation harness, not of the assistant's behaviour; its id and
version travel in the results like the assistant's own prompts do in the audit log.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.errors import AssistantError
from assistant.evaluation.families.base import EvalContext, FamilyResult
from assistant.evaluation.families.qa import answers, passages, questions
from assistant.evaluation.metrics import MetricResult

JUDGE_PROMPT_ID, JUDGE_PROMPT_VERSION = "judge-faithfulness", "1"
JUDGE_SYSTEM = (
    "You grade answers of an assistant about a professional competency framework. Judge only whether every "
    "statement in the ANSWER is supported by the PASSAGES. Reply with one line: 'SCORE: n' where n is 1 "
    "(mostly unsupported) to 5 (fully supported), then one short line of reason."
)
_SCORE = re.compile(r"SCORE:\s*([1-5])\b", re.IGNORECASE)

Complete = Callable[[str, str], str]
"""``complete(system, user) -> text``: one call to a chat model."""


def parse_score(text: str) -> int | None:
    match = _SCORE.search(text)
    return int(match.group(1)) if match else None


def judge_prompt(question: str, answer: str, passages: dict[str, str]) -> str:
    context = "\n\n".join(f"[{pid}] {text}" for pid, text in passages.items()) or "(none)"
    return f"QUESTION:\n{question}\n\nPASSAGES:\n{context}\n\nANSWER:\n{answer}"


def langchain_complete(settings: Any) -> Complete:
    """A ``Complete`` over the configured LangChain chat model."""
    from assistant.generation.llm import LangChainGenerator

    model = LangChainGenerator.from_settings(settings).chat_model

    def complete(system: str, user: str) -> str:
        try:
            return str(model.invoke([("system", system), ("human", user)]).content)
        except Exception as exc:  # any client error: the judge is optional, report it per case
            raise AssistantError(f"judge call failed: {exc}") from exc

    return complete


def run_judge(ctx: EvalContext) -> FamilyResult:
    complete: Complete | None = ctx.llm_judge
    if complete is None:
        if ctx.runtime.settings.llm_backend == "composer":
            return FamilyResult.skipped("judge", "not available: no LLM configured (settings.llm_backend is composer)")
        complete = langchain_complete(ctx.runtime.settings)
    res = FamilyResult("judge")
    per_case: list[float | None] = []
    for q, o in zip(questions(ctx), answers(ctx), strict=True):
        if o.answer.refused:
            continue
        try:
            raw = complete(JUDGE_SYSTEM, judge_prompt(q.question, o.answer.text, passages(o)))
            score = parse_score(raw)
        except AssistantError as exc:
            raw, score = str(exc), None
        per_case.append(None if score is None else (score - 1) / 4)
        res.cases.append({"id": q.id, "judge_score": score, "judge_raw": raw[:300]})
    kept = [v for v in per_case if v is not None]
    details = {"prompt_id": JUDGE_PROMPT_ID, "prompt_version": JUDGE_PROMPT_VERSION, "scale": "(score-1)/4",
               "scored": len(kept)}
    res.add(MetricResult("judge_faithfulness", sum(kept) / len(kept) if kept else float("nan"),
                         tuple(per_case), details))
    return res
