"""Coaching-flow metrics: one question per turn, and how much of what the user raised the plan covers.

Counting questions. A question is a run of ``?`` (optionally with ``!``) that ends a stretch of text:
it is followed by whitespace, a closing bracket or quote, or the end. Before counting, URLs, inline code
and quoted passages are removed: a "?" in ``https://x.org/?q=1`` is no question, and a quoted
question (``You might ask learners "What do you notice?"``) is an example offered to the user, not the
question put to them. Single quotes count as quotes only when they open after a non-letter and close
before one, so apostrophes ("learners' ideas", "don't") are left alone.

>>> count_questions('Try "What do you notice?" with a group. Which age group do you work with?')
1
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

from assistant.evaluation.metrics.base import (
    MetricResult,
    mean_or_nan,
    require_cases,
    require_ids,
    require_same_length,
)

_URL = re.compile(r"(?:https?://|ftp://|www\.)\S+", re.IGNORECASE)
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_QUOTED = re.compile(
    r"\"[^\"\n]*\""  # "straight double quotes"
    r"|\u201c[^\u201d\n]*\u201d"  # “curly double quotes”
    r"|\u2018[^\u2019\n]*\u2019(?![A-Za-z])"  # ‘curly single’; ’ is also an apostrophe (don’t)
    r"|(?<![A-Za-z])'[^'\n]*'(?![A-Za-z])"  # 'straight single', opening and closing away from letters
)
_QUESTION = re.compile(r"\?[?!]*(?=[\s)\]}\"'\u201d\u2019*_]|$)")


def count_questions(text: str) -> int:
    """Number of questions put to the reader in ``text`` (see the module docstring for what counts)."""
    if not isinstance(text, str):
        raise ValueError(f"count_questions: text must be a string, got {type(text).__name__}")
    stripped = _QUOTED.sub(" ", _URL.sub(" ", _CODE.sub(" ", text)))
    return len(_QUESTION.findall(stripped))


def one_question_per_turn(turns: Sequence[str], *, allow_no_question: bool = False) -> MetricResult:
    """Share of assistant turns that ask exactly one question.

    Pass the assistant's turns only. A turn with no question fails unless ``allow_no_question`` is set,
    in which case it is left out (``None``): use that for flows whose closing turn delivers a plan.
    """
    metric = "one_question_per_turn"
    require_cases(metric, turns, "turns")
    per_case: list[float | None] = []
    counts: list[int] = []
    for i, turn in enumerate(turns):
        if not isinstance(turn, str):
            raise ValueError(f"{metric}: turn {i} must be the turn's text, got {type(turn).__name__}")
        n = count_questions(turn)
        counts.append(n)
        per_case.append(None if n == 0 and allow_no_question else float(n == 1))
    details: dict[str, Any] = {
        "turns": len(turns),
        "question_counts": counts,
        "no_question": [i for i, n in enumerate(counts) if n == 0],
        "several_questions": [i for i, n in enumerate(counts) if n > 1],
        "scored": sum(v is not None for v in per_case),
    }
    return MetricResult(metric, mean_or_nan(per_case), tuple(per_case), details)


def _covers(plan: set[str], area: str, hierarchical: bool) -> bool:
    return area in plan or (hierarchical and any(p.startswith(area + ".") for p in plan))


def plan_coverage(
    plan_area_ids: Sequence[Collection[str]],
    expressed_area_ids: Sequence[Collection[str]],
    *,
    hierarchical: bool = True,
) -> MetricResult:
    """Per session, the share of areas the user expressed (gaps, goals) that the learning plan addresses.

    Both arguments hold one collection of ids per session. With ``hierarchical`` (default) a plan item
    covers the areas above it: ``A.4.L2`` in the plan covers an expressed ``A.4`` and ``A``. A session
    where the user expressed nothing is ``None``.
    """
    metric = "plan_coverage"
    require_cases(metric, plan_area_ids, "plan_area_ids")
    require_cases(metric, expressed_area_ids, "expressed_area_ids")
    require_same_length(metric, plan_area_ids, expressed_area_ids, "plan_area_ids and expressed_area_ids")
    per_case: list[float | None] = []
    uncovered: list[tuple[int, str]] = []
    for i, (plan_ids, expressed_ids) in enumerate(zip(plan_area_ids, expressed_area_ids, strict=True)):
        plan = set(require_ids(metric, plan_ids, f"case {i}: plan_area_ids"))
        expressed = set(require_ids(metric, expressed_ids, f"case {i}: expressed_area_ids"))
        if not expressed:
            per_case.append(None)
            continue
        missing = sorted(a for a in expressed if not _covers(plan, a, hierarchical))
        uncovered.extend((i, a) for a in missing)
        per_case.append(1.0 - len(missing) / len(expressed))
    details: dict[str, Any] = {
        "hierarchical": hierarchical,
        "scored": sum(v is not None for v in per_case),
        "uncovered": uncovered,
    }
    return MetricResult(metric, mean_or_nan(per_case), tuple(per_case), details)
