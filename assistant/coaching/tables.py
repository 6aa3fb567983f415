"""Coaching tables on the shared ``Base`` (one Alembic history covers every feature).

Self-ratings and supervisor ratings live in separate tables on purpose: the framework treats a
person's own view and a supervisor's view as two sources of evidence, and they are never averaged.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assistant.audit.db import Base, utcnow


class CoachSession(Base):
    __tablename__ = "coach_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    visitor_id: Mapped[str | None] = mapped_column(String(128), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    state_json: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, doc="Bumped on every write (optimistic lock).")
    question_bank: Mapped[str] = mapped_column(String(80), doc="'<id>@<version>' of the question bank")
    corpus_hash: Mapped[str] = mapped_column(String(64))
    previous_session_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("coach_sessions.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CoachTurnRow(Base):
    __tablename__ = "coach_turns"
    __table_args__ = (UniqueConstraint("session_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(36), ForeignKey("coach_sessions.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(10), doc="'assistant' or 'person'")
    text: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(20))
    question_id: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20), doc="question, follow_up, retry, steer, done or answer")
    question_bank: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CoachSelfRating(Base):
    __tablename__ = "coach_self_ratings"
    __table_args__ = (UniqueConstraint("session_id", "competency_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(36), ForeignKey("coach_sessions.id", ondelete="CASCADE"))
    competency_id: Mapped[str] = mapped_column(String(10))
    level: Mapped[float | None] = mapped_column(Float)
    not_sure: Mapped[bool] = mapped_column(Boolean, default=False)
    statement_id: Mapped[str | None] = mapped_column(String(12))
    evidence: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CoachSupervisorRating(Base):
    __tablename__ = "coach_supervisor_ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(36), ForeignKey("coach_sessions.id", ondelete="CASCADE"))
    competency_id: Mapped[str] = mapped_column(String(10))
    level: Mapped[float | None] = mapped_column(Float)
    not_sure: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence: Mapped[str | None] = mapped_column(Text)
    supervisor: Mapped[str | None] = mapped_column(String(200), doc="Name or role the visitor gave, free text")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CoachPlanRow(Base):
    __tablename__ = "coach_plans"

    session_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("coach_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    plan_json: Mapped[str] = mapped_column(Text)
    question_bank: Mapped[str] = mapped_column(String(80))
    corpus_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CoachProgress(Base):
    __tablename__ = "coach_progress"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_session_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("coach_sessions.id", ondelete="CASCADE"), doc="Session whose plan this is about"
    )
    item_id: Mapped[str] = mapped_column(String(40), doc="A growth area ('A.4') or a step ('A.4/mentoring')")
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_in_session_id: Mapped[str | None] = mapped_column(String(36), ForeignKey("coach_sessions.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


Index("ix_coach_turns_session", CoachTurnRow.session_id, CoachTurnRow.seq)
Index("ix_coach_progress_plan", CoachProgress.plan_session_id)
Index("ix_coach_supervisor_session", CoachSupervisorRating.session_id)

COACH_TABLES = (
    CoachSession.__table__, CoachTurnRow.__table__, CoachSelfRating.__table__, CoachSupervisorRating.__table__,
    CoachPlanRow.__table__, CoachProgress.__table__,
)
