"""The coaching session's typed state and the flow's replies (one owner; the flow, store and planner use them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from assistant.coaching.questions import ModeName, Stage

MIN_GROWTH, MAX_GROWTH = 2, 4  # growth areas in a plan
ReplyKind = Literal["question", "follow_up", "retry", "steer", "answer", "done"]


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
    hedged: bool = False  # softened when given ("1, perhaps nearer 2 by now")
    said: str | None = None  # the sentence the rating was read from, when the person volunteered it


class ConstraintState(BaseModel):
    """Something the plan has to fit: time, money, when, or how the person likes to learn."""

    kind: Literal["time", "budget", "schedule", "format"]
    said: str  # the person's own sentence, shown in the plan
    hours: float | None = None
    per: str = ""
    hours_a_week: float | None = None
    modes: list[ModeName] = Field(default_factory=list)  # for a format: the plan's development modes it names
    avoid: bool = False  # for a format: the person does not want them ("no classes")


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
    # what the person said in any turn, whatever the question was
    named: list[str] = Field(default_factory=list)  # areas they want to grow in, by their words
    picked: list[str] = Field(default_factory=list)  # areas they asked to look at when offered a choice
    excluded: list[str] = Field(default_factory=list)  # areas they said are not part of their job
    constraints: list[ConstraintState] = Field(default_factory=list)
    passed: list[str] = Field(default_factory=list)  # slots whose question the person passed over
    revisions: int = 0  # times the person asked for a smaller or changed plan


@dataclass(frozen=True)
class Reply:
    preface: str
    question: str | None
    question_id: str | None
    kind: ReplyKind
    cites: tuple[str, ...] = ()  # framework ids an answer in passing quoted

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
