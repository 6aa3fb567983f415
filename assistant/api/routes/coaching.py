"""Coaching endpoints: start or resume a session, answer, fetch the plan (JSON, Markdown, PDF, PNG chart),
record progress and supervisor ratings, and the readiness report (evidence against the next level).
Thin: parse, call :class:`CoachingService` (or :mod:`assistant.coverage.readiness`), shape the output.

A session created with an ``X-Visitor-Id`` header answers only to that header; otherwise 404.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.deps import get_coach, rate_limited, visitor_id
from assistant.coaching import export
from assistant.coaching.service import CoachingService, CoachTurn
from assistant.coverage import readiness

router = APIRouter(prefix="/v1/coach", tags=["coaching"])
# The plan's downloadable formats, with their labels, as the chat offers them (images are not offered).
PLAN_DOWNLOADS = (("PDF", "pdf"), ("Markdown", "md"), ("JSON", "json"))


def plan_path(session_id: str, fmt: str) -> str:
    """The path of :func:`plan` for one session and format (what a chat reply offers to download)."""
    return f"{router.prefix}/sessions/{session_id}/plan?format={fmt}"


class StartRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    resume: bool = Field(default=True, description="Resume the visitor's unfinished session if there is one.")


class AnswerRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # no max_length here: the service's own limit answers 413 with a message that says what to do
    text: str


class TurnOut(BaseModel):
    session_id: str
    question: str | None = None
    question_id: str | None = None
    stage: str
    done: bool
    kind: str
    message: str = ""
    cites: list[str] = Field(default_factory=list)


class ProgressRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    item_id: str = Field(max_length=40, description="A growth area ('A.4') or a step ('A.4/mentoring').")
    status: Literal["done", "in_progress", "not_started", "dropped", "noted"]
    note: str | None = None


class SupervisorRatingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    competency_id: str = Field(max_length=10)
    level: float | None = Field(default=None, description="1-3 in half steps; null for 'not sure'.")
    evidence: str | None = None
    supervisor: str | None = Field(default=None, max_length=200)


def _out(turn: CoachTurn) -> TurnOut:
    return TurnOut(**turn.to_dict())


@router.post("/sessions", response_model=TurnOut, dependencies=[Depends(rate_limited)])
def start(
    body: StartRequest | None = None,
    coach: CoachingService = Depends(get_coach),
    visitor: str | None = Depends(visitor_id),
) -> TurnOut:
    return _out(coach.start(visitor, resume=body.resume if body else True))


@router.get("/sessions/{session_id}", response_model=TurnOut)
def current(
    session_id: str, coach: CoachingService = Depends(get_coach), visitor: str | None = Depends(visitor_id)
) -> TurnOut:
    return _out(coach.current(session_id, visitor))


@router.post("/sessions/{session_id}/answer", response_model=TurnOut, dependencies=[Depends(rate_limited)])
def answer(
    session_id: str,
    body: AnswerRequest,
    coach: CoachingService = Depends(get_coach),
    visitor: str | None = Depends(visitor_id),
) -> TurnOut:
    return _out(coach.answer(session_id, body.text, visitor))


@router.get("/sessions/{session_id}/plan", response_model=None)
def plan(
    session_id: str,
    format: Literal["json", "md", "pdf", "png"] = Query(default="json"),
    coach: CoachingService = Depends(get_coach),
    visitor: str | None = Depends(visitor_id),
) -> Any:
    p = coach.plan(session_id, visitor)
    name = f"learning-plan-{session_id[:8]}"
    if format == "md":
        return Response(export.to_markdown(p), media_type="text/markdown; charset=utf-8",
                        headers={"Content-Disposition": f'inline; filename="{name}.md"'})
    if format == "pdf":
        return Response(export.to_pdf(p), media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'})
    if format == "png":
        return Response(export.chart_png(p), media_type="image/png")
    return Response(export.to_json(p), media_type="application/json")


@router.get("/sessions/{session_id}/chart.png", response_model=None)
def chart(
    session_id: str, coach: CoachingService = Depends(get_coach), visitor: str | None = Depends(visitor_id)
) -> Response:
    return Response(export.chart_png(coach.plan(session_id, visitor)), media_type="image/png")


@router.post("/sessions/{session_id}/progress", response_model=None, dependencies=[Depends(rate_limited)])
def progress(
    session_id: str,
    body: ProgressRequest,
    coach: CoachingService = Depends(get_coach),
    visitor: str | None = Depends(visitor_id),
) -> Response:
    p = coach.record_progress(session_id, body.item_id, body.status, body.note, visitor_id=visitor)
    return Response(export.to_json(p), media_type="application/json")


@router.post("/sessions/{session_id}/supervisor-ratings", response_model=None, dependencies=[Depends(rate_limited)])
def supervisor_rating(
    session_id: str,
    body: SupervisorRatingRequest,
    coach: CoachingService = Depends(get_coach),
    visitor: str | None = Depends(visitor_id),
) -> dict[str, Any]:
    rating = coach.record_supervisor_rating(session_id, body.competency_id, body.level, evidence=body.evidence,
                                            supervisor=body.supervisor, visitor_id=visitor)
    return rating.model_dump()


# the other coaching routes sit under /sessions/; the readiness report answers at both paths
@router.get("/{session_id}/readiness", response_model=None)
@router.get("/sessions/{session_id}/readiness", response_model=None, include_in_schema=False)
def readiness_report(
    session_id: str,
    format: Literal["json", "markdown", "md"] = Query(default="json"),
    coach: CoachingService = Depends(get_coach),
    visitor: str | None = Depends(visitor_id),
) -> Response:
    report = readiness.session_readiness(coach, session_id, visitor)
    if format == "json":
        return Response(report.model_dump_json(indent=2), media_type="application/json")
    return Response(readiness.to_markdown(report), media_type="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="readiness-{session_id[:8]}.md"'})
