"""The coaching question bank: versioned YAML under ``prompts/coaching/``, validated here.

Every assistant turn asks exactly one question, so the model checks that each question text holds
exactly one ``?`` and each preface none. The bank's id and version are recorded with every turn.

    >>> bank = load_question_bank(Path("prompts/coaching/questions.yaml"))   # doctest: +SKIP
    >>> bank.question("context.goal").text                                     # doctest: +SKIP
    'Looking a year or two ahead, what would you like to be doing, or doing better?'
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.errors import AssistantError

Stage = Literal["review", "context", "reflection", "assessment", "growth", "plan", "done"]
ModeName = Literal["stretch", "mentoring", "community", "course", "conference"]
STATEMENT_ID = re.compile(r"^[A-D](\.[1-4])?\.L[1-3]$")


class QuestionBankError(AssistantError):
    """The question bank file is missing or invalid."""

    code = "question_bank_invalid"


def _one_question(text: str, where: str) -> str:
    if text.count("?") != 1 or not text.rstrip().endswith("?"):
        raise ValueError(f"{where} must be one question ending with a single '?': {text!r}")
    return text


def _no_question(text: str, where: str) -> str:
    if "?" in text:
        raise ValueError(f"{where} is a preface and must not ask a question: {text!r}")
    return text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Question(_Strict):
    """One open question of a stage, with its follow-up for vague answers and a simpler variant."""

    id: str
    stage: Stage
    slot: str
    text: str
    follow_up: str
    dont_know: str
    min_words: int = Field(default=3, ge=0, description="Fewer words than this counts as vague.")

    @model_validator(mode="after")
    def _single_questions(self) -> Question:
        for field in ("text", "follow_up", "dont_know"):
            _one_question(getattr(self, field), f"{self.id}.{field}")
        return self


class ReflectionModel(_Strict):
    name: str
    resource_names: tuple[str, ...] = ()
    stages: dict[str, str]


class AssessmentTexts(_Strict):
    intro: str
    pick_question: str
    pick_none_intro: str
    pick_none_question: str
    level_intro: str
    level_missing_note: str
    level_question: str
    level_retry: str
    level_out_of_range: str
    level_unclear: str
    evidence_skip_words: tuple[str, ...]
    evidence_follow_up: str
    not_sure_evidence: str

    @model_validator(mode="after")
    def _shape(self) -> AssessmentTexts:
        for f in ("pick_question", "pick_none_question", "level_question", "level_retry", "evidence_follow_up",
                  "not_sure_evidence"):
            _one_question(getattr(self, f), f"assessment.{f}")
        for f in ("intro", "pick_none_intro", "level_intro", "level_missing_note", "level_out_of_range",
                  "level_unclear"):
            _no_question(getattr(self, f), f"assessment.{f}")
        return self


class GrowthTexts(_Strict):
    gap_intro: str
    no_gap_intro: str
    question: str
    retry: str
    accept_words: tuple[str, ...]

    @model_validator(mode="after")
    def _shape(self) -> GrowthTexts:
        _one_question(self.question, "growth.question")
        _one_question(self.retry, "growth.retry")
        _no_question(self.gap_intro, "growth.gap_intro")
        _no_question(self.no_gap_intro, "growth.no_gap_intro")
        return self


class ReviewTexts(_Strict):
    intro: str
    next_intro: str
    question: str

    @model_validator(mode="after")
    def _shape(self) -> ReviewTexts:
        _one_question(self.question, "review.question")
        _no_question(self.intro, "review.intro")
        _no_question(self.next_intro, "review.next_intro")
        return self


class Replies(_Strict):
    acknowledgements: tuple[str, ...] = Field(min_length=1)
    steer_hostile: str
    steer_digression: str
    dont_know_preface: str
    move_on: str
    done: str
    done_question_repeat: str
    paused: str
    noted: str
    revised: str
    in_passing_levels: str  # {label} {statements}
    in_passing_missing: str  # {missing}
    in_passing_note: str  # {title} {text} {id}
    back_to_reflection: str
    plan_links: str

    @model_validator(mode="after")
    def _shape(self) -> Replies:
        for name, value in self.model_dump().items():
            for text in value if isinstance(value, tuple) else (value,):
                _no_question(text, f"replies.{name}")
        return self


class DomainQuestions(_Strict):
    domain: Literal["A", "B", "C", "D"]
    evidence_question: str
    stretch_ideas: tuple[str, ...] = Field(min_length=1)

    @field_validator("evidence_question")
    @classmethod
    def _q(cls, v: str) -> str:
        return _one_question(v, "domains.evidence_question")


class FitTexts(_Strict):
    """How the plan says it keeps to each kind of constraint (shown beside the person's own words)."""

    time: str  # placeholders {hours} {unit} {per} {areas} {steps}
    time_unmeasured: str
    budget: str
    schedule: str
    format_prefer: str  # placeholder {modes}
    format_avoid: str
    format_open: str  # a way of learning that is none of the plan's modes (e.g. online): the steps leave it open

    @model_validator(mode="after")
    def _shape(self) -> FitTexts:
        for name, value in self.model_dump().items():
            _no_question(value, f"fit.{name}")
        return self


class ModeSpec(_Strict):
    """A development mode of the plan and how to pick corpus resources for it."""

    mode: ModeName
    label: str
    step: str
    development_mode_names: tuple[str, ...] = ()
    resource_types: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    costs_money: bool = False  # usually paid (fees, travel): left out when the person has no budget


class QuestionBank(_Strict):
    id: str
    version: int = Field(ge=1)
    reflection_model: ReflectionModel
    questions: tuple[Question, ...] = Field(min_length=1)
    assessment: AssessmentTexts
    growth: GrowthTexts
    review: ReviewTexts
    replies: Replies
    domains: tuple[DomainQuestions, ...] = Field(min_length=4, max_length=4)
    level_questions: dict[str, str]
    modes: tuple[ModeSpec, ...] = Field(min_length=1)
    fit: FitTexts
    disclaimer: str
    vocabulary: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    on_topic_anchors: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> QuestionBank:
        ids = [q.id for q in self.questions]
        if len(ids) != len(set(ids)):
            raise ValueError(f"question ids repeat: {ids}")
        for sid, text in self.level_questions.items():
            if not STATEMENT_ID.match(sid):
                raise ValueError(f"level_questions key {sid!r} must be a statement id like 'A.4.L2' or 'D.L1'")
            _one_question(text, f"level_questions.{sid}")
        if sorted(d.domain for d in self.domains) != ["A", "B", "C", "D"]:
            raise ValueError("domains must list A, B, C and D once each")
        return self

    @property
    def ref(self) -> str:
        """``id@version``, the string recorded with every turn."""
        return f"{self.id}@{self.version}"

    @property
    def question_ids(self) -> frozenset[str]:
        return frozenset(q.id for q in self.questions)

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def stage_questions(self, stage: Stage) -> list[Question]:
        return [q for q in self.questions if q.stage == stage]

    def domain(self, domain_id: str) -> DomainQuestions:
        return next(d for d in self.domains if d.domain == domain_id)

    def mode(self, name: str) -> ModeSpec:
        return next(m for m in self.modes if m.mode == name)

    def check_against(self, published_statements: set[str], competency_ids: set[str]) -> None:
        """Refuse questions about level statements the corpus does not publish (nothing invented)."""
        unknown = sorted(set(self.level_questions) - published_statements)
        unknown += sorted(set(self.vocabulary) - competency_ids)
        if unknown:
            raise QuestionBankError(
                f"question bank {self.ref} names level statements or competencies the corpus does not publish: {unknown}",
                hint="Remove them from prompts/coaching/questions.yaml or publish them in the corpus.",
            )


def load_question_bank(path: Path) -> QuestionBank:
    """Load and validate the bank; raises :class:`QuestionBankError` naming the file and the problem."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise QuestionBankError(f"question bank not found: {path}", hint="Set ASSISTANT_PROMPTS_DIR.") from exc
    except yaml.YAMLError as exc:
        raise QuestionBankError(f"{path}: invalid YAML: {exc}") from exc
    try:
        return QuestionBank.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ())) or "(root)"
        raise QuestionBankError(f"{path}: {loc}: {first.get('msg', 'invalid')}") from exc


def default_bank_path(prompts_dir: Path) -> Path:
    return Path(prompts_dir) / "coaching" / "questions.yaml"
