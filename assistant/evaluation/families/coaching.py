"""Coaching conversations: scripted personas (``evals/coaching/personas.yaml``) played through
``CoachingService``; one question per assistant turn, and plan coverage of the areas each persona raised.

The service runs on a scratch SQLite file created for the run and deleted after it. Its tables are
created with ``create_all`` rather than migrations: the file never outlives the run, so there is no
history to keep, and the family works before the coaching migration lands.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from assistant.audit.db import Base, make_engine, session_factory
from assistant.audit.migrate import import_all_tables
from assistant.errors import AssistantError
from assistant.evaluation.families.base import EvalContext, FamilyResult
from assistant.evaluation.metrics import MetricResult, count_questions, one_question_per_turn, plan_coverage

MAX_STEPS = 80
LONG_TEXT = "LONG_TEXT"


def _reply_for(qid: str, persona: dict[str, Any]) -> str | None:
    for prefix, key in (("assess.level:", "ratings"), ("assess.evidence:", "evidence")):
        if qid.startswith(prefix):
            table = persona.get(key) or {}
            cid = qid.split(":", 1)[1]
            return str(table.get(cid, table.get("*", "not sure")))
    return None


def play(coach: Any, persona: dict[str, Any], max_chars: int) -> dict[str, Any]:
    """Play one persona to the end of its script; returns the assistant's turns and the plan's areas."""
    visitor = persona.get("visitor_id")
    turn = coach.start(visitor, resume=False)
    sid = turn.session_id
    asked: list[str] = [turn.text] if not turn.done else []
    script = list(persona.get("turns") or [])
    off_script: list[str] = []
    statuses: list[str] = []
    steps = 0
    while not turn.done and steps < MAX_STEPS:
        steps += 1
        qid = turn.question_id or ""
        text = _reply_for(qid, persona)
        expected_status = None
        if text is None:
            if not script:
                break
            step = script.pop(0)
            if step.get("expect") and step["expect"] != qid:
                off_script.append(f"expected {step['expect']}, was asked {qid}")
            text = "x" * (max_chars + 5000) if step["text"] == LONG_TEXT else str(step["text"])
            expected_status = step.get("expect_status")
        try:
            turn = coach.answer(sid, text, visitor)
        except AssistantError as exc:
            statuses.append(f"{exc.status} (expected {expected_status})")
            continue
        if not turn.done:
            asked.append(turn.text)
    plan_areas: list[str] = []
    if turn.done:
        plan = coach.plan(sid, visitor)
        plan_areas = [a.competency_id for a in plan.growth_areas]
    return {"asked": asked, "done": turn.done, "plan_areas": plan_areas, "off_script": off_script,
            "errors": statuses}


@contextmanager
def scratch_coach(ctx: EvalContext) -> Iterator[Any]:
    """A CoachingService over the runtime (its reader included) on a scratch SQLite file, deleted after."""
    from assistant.coaching.service import CoachingService

    settings = ctx.runtime.settings
    with tempfile.TemporaryDirectory(prefix="isl-eval-coach-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'coach.db'}")
        try:
            import_all_tables()
            Base.metadata.create_all(engine)
            yield CoachingService.from_paths(ctx.runtime.corpus, ctx.runtime.embedder, session_factory(engine),
                                             settings.prompts_dir, max_message_chars=settings.max_message_chars,
                                             reader=ctx.runtime.reader, index_dir=settings.index_dir)
        finally:
            engine.dispose()


def run_coaching(ctx: EvalContext) -> FamilyResult:
    path = ctx.dataset(ctx.suite.datasets.personas)
    if not path.is_file():
        return FamilyResult.skipped("coaching", f"not available: no personas at {path}")
    personas = [p for p in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("personas") or []
                if p.get("split") == ctx.split]
    if not personas:
        return FamilyResult.skipped("coaching", f"no {ctx.split} personas in {path}")
    limit = ctx.runtime.settings.max_message_chars
    with scratch_coach(ctx) as coach:
        played = [play(coach, p, limit) for p in ctx.bar(personas, "coaching", len(personas))]
    turns = [t for p in played for t in p["asked"]]
    res = FamilyResult("coaching")
    per_turn = one_question_per_turn(turns)
    res.add(per_turn)
    coverage = plan_coverage([p["plan_areas"] for p in played], [p.get("expect_areas") or [] for p in personas])
    res.add(coverage)
    done = tuple(1.0 if p["done"] else 0.0 for p in played)
    res.add(MetricResult("sessions_completed", sum(done) / len(done), done, {"personas": len(done)}))
    for persona, p, cov in zip(personas, played, coverage.per_case, strict=True):
        counts = [count_questions(t) for t in p["asked"]]
        res.cases.append({
            "id": persona["id"], "turns": len(p["asked"]), "done": p["done"],
            "one_question_per_turn": sum(1 for n in counts if n == 1) / len(counts) if counts else None,
            "plan_coverage": cov, "plan": ", ".join(p["plan_areas"]),
            "expected": ", ".join(persona.get("expect_areas") or []),
            "notes": p["off_script"] + p["errors"],
        })
    return res
