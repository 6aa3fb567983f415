"""The match result: the JSON contract of ``POST /v1/match`` and ``isl-assistant match --json``.

``MatchResult.model_dump()`` is the contract::

    {"domains": [{"id": "A", "level": 2, "score": 0.83, "evidence": [{"text", "start", "end"}]}],
     "competencies": [{"id": "A.4", "level": 2, "score": 0.91, "evidence": [...]}],
     "uncovered": [{"text", "start", "end"}], "dropped": [{"text", "start", "end", "reason"}]}

Additive fields only: ``name`` on matches, ``level`` on evidence (the level that span points to),
``language`` and ``note`` on the result. Offsets are Python string indices (code points) into the
submitted text, so ``submitted[start:end] == text`` always holds.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(_Frozen):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError("span text length must equal end - start (text is submitted[start:end])")
        return self


class Evidence(Span):
    """A span of the posting supporting a match; ``level`` is the level this span points to."""

    level: int = Field(ge=1, le=3)


class DroppedSpan(Span):
    reason: str


class _Match(_Frozen):
    id: str
    name: str
    level: int = Field(ge=1, le=3)
    score: float = Field(ge=0.0, le=1.0)
    evidence: tuple[Evidence, ...] = ()


class DomainMatch(_Match):
    """A framework domain (A-D) the posting asks for."""


class CompetencyMatch(_Match):
    """A published category (A.1 ... C.2) the posting asks for, with the required level."""


class MatchResult(_Frozen):
    domains: tuple[DomainMatch, ...] = ()
    competencies: tuple[CompetencyMatch, ...] = ()
    uncovered: tuple[Span, ...] = ()
    dropped: tuple[DroppedSpan, ...] = ()
    language: str = "en"
    note: str | None = None

    def competency(self, cid: str) -> CompetencyMatch | None:
        return next((c for c in self.competencies if c.id == cid), None)

    def domain(self, did: str) -> DomainMatch | None:
        return next((d for d in self.domains if d.id == did), None)


class ProfileItem(_Frozen):
    """One suggested domain or competency for a role, with the framework statement and the reasons."""

    id: str
    name: str
    level: int = Field(ge=1, le=3)
    statement: str = Field(description="The corpus paraphrase of the framework statement at that level.")
    reasons: tuple[str, ...] = Field(description="Typical duties of the role that point to this item.")


class JobProfile(_Frozen):
    """Reverse direction: suggested competencies and levels for a role, and a draft job-description section."""

    role: str
    institution_type: str | None = None
    archetype: str = Field(description="The typical role (project judgment) the suggestion is built from.")
    archetype_similarity: float
    domains: tuple[ProfileItem, ...] = ()
    competencies: tuple[ProfileItem, ...] = ()
    draft: str = Field(description="Markdown 'Competencies' section for a job description.")
    note: str
