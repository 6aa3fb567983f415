"""The coaching session's typed state and the flow's replies (one owner; the flow, store and planner use them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from assistant.coaching.questions import Stage

ReplyKind = Literal["question", "follow_up", "retry", "steer", "done"]


class Pending(BaseModel):
    """The question waiting for an answer, with what is needed to ask it again."""

    id: str
    preface: str = ""
    question: str
    follow_ups: int = 0
    partial: str = ""


class RatingState(BaseModel):
    competency_id: str
    level: float | None = None
    not_sure: bool = False
    statement_id: str | None = None
    evidence: str | None = None
    complete: bool = False


class GapState(BaseModel):
    competency_id: str
    current: float | None
    not_sure: bool
    target: int


class GrowthState(BaseModel):
    competency_id: str
    reasons: list[str]
    target: int


class ReviewItem(BaseModel):
    """One growth area of an earlier plan, asked about when a visitor returns."""

    item_id: str
    competency_id: str
    label: str
    step: str


class TouchState(BaseModel):
    id: str
    score: float
    sentence: str


class CoachState(BaseModel):
    """Everything the flow knows about one session; stored as JSON."""

    stage: Stage = "context"
    profile: dict[str, str] = Field(default_factory=dict)
    touched: list[TouchState] = Field(default_factory=list)
    candidates: list[str] = Field(default_factory=list)
    assess_index: int = 0
    ratings: dict[str, RatingState] = Field(default_factory=dict)
    gaps: list[GapState] = Field(default_factory=list)
    growth: list[GrowthState] = Field(default_factory=list)
    review: list[ReviewItem] = Field(default_factory=list)
    review_index: int = 0
    pending: Pending | None = None
    answers: int = 0


@dataclass(frozen=True)
class Reply:
    preface: str
    question: str | None
    question_id: str | None
    kind: ReplyKind

    @property
    def text(self) -> str:
        return "\n\n".join(p for p in (self.preface, self.question or "") if p)


@dataclass(frozen=True)
class ProgressNote:
    item_id: str
    status: str
    note: str


@dataclass(frozen=True)
class Outcome:
    state: CoachState
    reply: Reply
    progress: tuple[ProgressNote, ...] = ()

    @property
    def changed(self) -> bool:
        return self.reply.kind != "steer"
