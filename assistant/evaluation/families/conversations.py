"""Coaching conversations written as people talk (``evals/coaching/conversations-*.yaml``).

Unlike the scripted personas, a conversation is a fixed list of user turns that does not follow the
coach's questions: people volunteer facts early, digress, rate themselves without evidence, state
constraints and ask for the plan in their own words. Each turn is labelled with what it ``gives``
(role, years, self_rating, constraint, plan_request, ...). The harness sends the turns in order to
``CoachingService`` and scores:

* ``plan_reached``: a plan exists by the end of the turns, plus at most one closing request;
* ``one_question_per_turn``: every coach turn before the plan asks exactly one question;
* ``asked_known``: share of coach questions asking for something the person had already said
  (lower is better; the target is 0);
* ``plan_coverage``: share of the conversation's ``expected_ids`` the plan's growth areas cover;
* ``constraints_shown``: share of stated constraints whose ``plan_mentions`` appear in the plan.

What a coach question asks for is read from the coach's ``question_id`` through :data:`ASKS_FOR`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import AssistantError
from assistant.evaluation.datasets import Split, dataset_files
from assistant.evaluation.families.base import EvalContext, FamilyResult
from assistant.evaluation.families.coaching import scratch_coach
from assistant.evaluation.metrics import MetricResult, count_questions, one_question_per_turn, plan_coverage
from assistant.evaluation.suites import SuiteError

Gives = Literal[
    "role", "institution", "years", "goal", "story", "self_rating", "supervisor_rating", "not_my_job",
    "constraint", "preference", "growth_area", "digression", "framework_question", "defer", "plan_request",
    "plan_revision", "greeting", "other",
]

# What each coach question asks for, by question id (or its prefix before ":"), in the `gives` vocabulary.
ASKS_FOR: dict[str, str] = {
    "context.role": "role",
    "context.institution": "institution",
    "context.years": "years",
    "context.goal": "goal",
    "reflection.what": "story",
    "assess.level": "self_rating",
    "growth.pick": "growth_area",
}
# The closing request the harness sends once when the turns ran out without a plan.
CLOSING_REQUEST = "I'd like to see my plan now, please."


class Constraint(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["time", "budget", "schedule", "format"]
    plan_mentions: list[str] = Field(min_length=1)


class Rating(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    level: int | None = Field(default=None, ge=1, le=3)
    hedged: bool = False


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    gives: list[Gives] = Field(default_factory=list)
    story_ids: list[str] = Field(default_factory=list)
    rating: Rating | None = None
    not_my_job: list[str] = Field(default_factory=list)
    constraint: Constraint | None = None
    asks_about: list[str] = Field(default_factory=list)
    growth_ids: list[str] = Field(default_factory=list)


class Conversation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    split: Split
    description: str = ""
    turns: list[Turn] = Field(min_length=1)
    expected_ids: list[str] = Field(default_factory=list)
    fail_if: list[str] = Field(default_factory=list)


def load_conversations(path: Path, split: Split | None = None) -> list[Conversation]:
    """The conversations of a file, or of every ``conversations*.yaml`` in a folder, of one split."""
    out: list[Conversation] = []
    for file in dataset_files(path, "conversations*.yaml"):
        try:
            rows = (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("conversations") or []
            out += [Conversation.model_validate(r) for r in rows]
        except (OSError, yaml.YAMLError, ValidationError, AttributeError) as exc:
            raise SuiteError(f"{file}: not a valid conversation set: {exc}") from exc
    return [c for c in out if split is None or c.split == split]


def asks_for(question_id: str | None) -> str | None:
    if not question_id:
        return None
    return ASKS_FOR.get(question_id) or ASKS_FOR.get(question_id.split(":", 1)[0])


def _known_after(turn: Turn, known: set[str]) -> None:
    """What the person has said once this turn is in: slots, and per-competency ratings or exclusions."""
    known.update(turn.gives)
    if turn.rating is not None:
        known.add(f"self_rating:{turn.rating.id}")
    known.update(f"self_rating:{cid}" for cid in turn.not_my_job)  # "not my job" answers a rating question too


def _asked_known(question_id: str | None, known: set[str]) -> bool:
    slot = asks_for(question_id)
    if slot is None:
        return False
    if slot == "self_rating":
        cid = (question_id or "").split(":", 1)[1] if ":" in (question_id or "") else ""
        return f"self_rating:{cid}" in known
    return slot in known


def play(coach: Any, conv: Conversation) -> dict[str, Any]:
    """Send the turns in order (and one closing request if needed); what the coach asked and the plan."""
    turn = coach.start(None, resume=False)
    sid = turn.session_id
    asked: list[str] = [turn.text] if not turn.done else []
    known: set[str] = set()
    repeats: list[str] = []
    errors: list[str] = []
    extra = 0
    for user_turn in [*conv.turns, None]:
        if turn.done:
            break
        if user_turn is None:
            extra, text = 1, CLOSING_REQUEST
        else:
            text = user_turn.text
        try:
            turn = coach.answer(sid, text, None)
        except AssistantError as exc:
            errors.append(f"{exc.status}: {exc}")
            continue
        if user_turn is not None:
            _known_after(user_turn, known)
        if not turn.done:
            asked.append(turn.text)
            if _asked_known(turn.question_id, known):
                repeats.append(turn.question_id or "")
    plan_text, plan_areas = "", []
    if turn.done:
        from assistant.coaching.export import to_markdown

        plan = coach.plan(sid, None)
        plan_areas = [a.competency_id for a in plan.growth_areas]
        plan_text = to_markdown(plan)
    return {"asked": asked, "done": turn.done, "extra_requests": extra, "repeats": repeats,
            "plan_areas": plan_areas, "plan_text": plan_text, "errors": errors}


def constraints_shown(conv: Conversation, plan_text: str) -> list[bool]:
    low = plan_text.lower()
    return [any(m.lower() in low for m in t.constraint.plan_mentions) for t in conv.turns if t.constraint]


def run_conversations(ctx: EvalContext) -> FamilyResult:
    path = ctx.dataset(ctx.suite.datasets.conversations)
    convs = load_conversations(path, ctx.split) if path.exists() else []
    if not convs:
        return FamilyResult.skipped("conversations", f"no {ctx.split} conversations in {path}")
    with scratch_coach(ctx) as coach:
        played = [play(coach, c) for c in ctx.bar(convs, "conversations", len(convs))]
    res = FamilyResult("conversations")
    reached = tuple(1.0 if p["done"] else 0.0 for p in played)
    res.add(MetricResult("plan_reached", sum(reached) / len(reached), reached))
    res.add(one_question_per_turn([t for p in played for t in p["asked"]]))
    per_asked = tuple(len(p["repeats"]) / len(p["asked"]) if p["asked"] else 0.0 for p in played)
    n_asked = sum(len(p["asked"]) for p in played)
    res.add(MetricResult("asked_known", sum(len(p["repeats"]) for p in played) / n_asked if n_asked else 0.0,
                         per_asked, {"questions": n_asked}))
    coverage = plan_coverage([p["plan_areas"] for p in played], [c.expected_ids for c in convs])
    res.add(coverage)
    shown = [constraints_shown(c, p["plan_text"]) for c, p in zip(convs, played, strict=True)]
    flat = [v for s in shown for v in s]
    per_conv: tuple[float | None, ...] = tuple(sum(s) / len(s) if s else None for s in shown)
    res.add(MetricResult("constraints_shown", sum(flat) / len(flat) if flat else float("nan"), per_conv))
    for c, p, cov, sh in zip(convs, played, coverage.per_case, shown, strict=True):
        counts = [count_questions(t) for t in p["asked"]]
        res.cases.append({
            "id": c.id, "user_turns": len(c.turns), "coach_turns": len(p["asked"]), "plan": p["done"],
            "closing_request": bool(p["extra_requests"]),
            "one_question_per_turn": sum(1 for n in counts if n == 1) / len(counts) if counts else None,
            "asked_known": p["repeats"], "plan_coverage": cov, "plan_areas": ", ".join(p["plan_areas"]),
            "expected": ", ".join(c.expected_ids), "constraints_shown": f"{sum(sh)}/{len(sh)}",
            "errors": p["errors"],
        })
    return res
