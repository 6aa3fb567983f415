"""Human ratings of turns: one rating per evaluator per turn (updatable), and inter-rater agreement.

An evaluator is identified by the name they give (``X-Evaluator-Name``) or, without one, by a hash of
their API key: the key itself is never stored. ``key_hash`` is kept either way, so a rating can be
traced to the key that wrote it. Agreement between evaluators is computed from these records by
:mod:`assistant.evaluation.rating_agreement`.

    >>> ratings = RatingStore(engine)                                                     # doctest: +SKIP
    >>> ratings.rate(turn_id, evaluator_identity("ana", key), RatingInput(groundedness=5,
    ...              helpfulness=4, tone=5))                                              # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import DateTime, Engine, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from assistant.audit.db import Base, session_factory, transaction, utcnow
from assistant.audit.tables import Turn
from assistant.errors import InputError, NotFoundError

CRITERIA: tuple[str, ...] = ("groundedness", "helpfulness", "tone")
SCALE = (1, 2, 3, 4, 5)
MAX_NAME = 64


class Rating(Base):
    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("turn_id", "evaluator", name="uq_ratings_turn_evaluator"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    turn_id: Mapped[str] = mapped_column(ForeignKey("turns.id", ondelete="CASCADE"), index=True)
    evaluator: Mapped[str] = mapped_column(String(80), index=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    groundedness: Mapped[int] = mapped_column(Integer)
    helpfulness: Mapped[int] = mapped_column(Integer)
    tone: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    corrected_answer: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class RatingInput(BaseModel):
    """What an evaluator submits for one turn."""

    model_config = ConfigDict(extra="forbid")

    groundedness: int = Field(ge=1, le=5, description="1-5: is every statement backed by the cited passages?")
    helpfulness: int = Field(ge=1, le=5, description="1-5: does it answer what was asked?")
    tone: int = Field(ge=1, le=5, description="1-5: is the tone right for a professional audience?")
    comment: str | None = Field(default=None, max_length=5000)
    corrected_answer: str | None = Field(default=None, max_length=20000)

    @field_validator("comment", "corrected_answer")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value if value is None or value.strip() else None


@dataclass(frozen=True)
class RatingRecord:
    turn_id: str
    evaluator: str
    groundedness: int
    helpfulness: int
    tone: int
    comment: str | None
    corrected_answer: str | None
    created_at: str
    updated_at: str

    @classmethod
    def of(cls, row: Rating) -> RatingRecord:
        return cls(row.turn_id, row.evaluator, row.groundedness, row.helpfulness, row.tone, row.comment,
                   row.corrected_answer, iso_utc(row.created_at), iso_utc(row.updated_at))

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC; SQLite hands timestamps back without their zone, which is always UTC here."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def key_hash(api_key: str) -> str:
    return hashlib.sha256(api_key.encode("utf-8")).hexdigest()


def evaluator_identity(name: str | None, api_key: str) -> str:
    """The evaluator's stored identity: their trimmed name, else ``key:<first 16 hex of sha256(key)>``."""
    clean = " ".join((name or "").split())
    if clean:
        if len(clean) > MAX_NAME or any(not ch.isprintable() for ch in clean):
            raise InputError(f"The evaluator name must be printable text of at most {MAX_NAME} characters.")
        return clean
    return f"key:{key_hash(api_key)[:16]}"


class RatingStore:
    def __init__(self, engine: Engine) -> None:
        self.sessions: sessionmaker[Session] = session_factory(engine)

    def rate(self, turn_id: str, evaluator: str, rating: RatingInput, *, api_key_hash: str) -> RatingRecord:
        """Create or replace this evaluator's rating of the turn."""
        with transaction(self.sessions) as db:
            if db.get(Turn, turn_id) is None:
                raise NotFoundError(f"No turn with id {turn_id!r}.")
            row = db.scalar(select(Rating).where(Rating.turn_id == turn_id, Rating.evaluator == evaluator))
            if row is None:
                row = Rating(id=str(uuid.uuid4()), turn_id=turn_id, evaluator=evaluator, created_at=utcnow())
                db.add(row)
            row.key_hash = api_key_hash
            for name, value in rating.model_dump().items():
                setattr(row, name, value)
            row.updated_at = utcnow()
            db.flush()
            return RatingRecord.of(row)

    def for_turn(self, turn_id: str) -> list[RatingRecord]:
        with self.sessions() as db:
            rows = db.scalars(select(Rating).where(Rating.turn_id == turn_id).order_by(Rating.created_at)).all()
            return [RatingRecord.of(r) for r in rows]

    def all(self) -> list[RatingRecord]:
        with self.sessions() as db:
            rows = db.scalars(select(Rating).order_by(Rating.turn_id, Rating.evaluator)).all()
            return [RatingRecord.of(r) for r in rows]
