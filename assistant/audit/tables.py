"""Tables of conversations and the audit record of every turn.

An audit record holds everything needed to replay and judge a turn: what the user sent, the query
actually searched, every retrieved hit (id, rank, fused, dense and lexical scores), the decision,
prompt template id and version, generator backend and model, index version, the reply, citations,
flags and latency. ``tests/audit/test_tables.py`` pins the column set.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assistant.audit.db import Base, utcnow


class ChatSession(Base):
    __tablename__ = "chat_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    visitor_id: Mapped[str | None] = mapped_column(String(128), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    turn_count: Mapped[int] = mapped_column(Integer, default=0)

    turns: Mapped[list[Turn]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True, order_by="Turn.seq"
    )


class Turn(Base):
    __tablename__ = "turns"
    __table_args__ = (Index("ix_turns_session_seq", "session_id", "seq", unique=True),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("chat_sessions.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(16), index=True)
    user_message: Mapped[str] = mapped_column(Text)
    reply: Mapped[str] = mapped_column(Text)
    refused: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    feedback: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    session: Mapped[ChatSession] = relationship(back_populates="turns")
    audit: Mapped[AuditRecord] = relationship(
        back_populates="turn", cascade="all, delete-orphan", passive_deletes=True, uselist=False
    )


class AuditRecord(Base):
    __tablename__ = "audit_records"

    turn_id: Mapped[str] = mapped_column(ForeignKey("turns.id", ondelete="CASCADE"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    user_message: Mapped[str] = mapped_column(Text)
    query: Mapped[str] = mapped_column(Text)
    mode: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str] = mapped_column(String(32))
    retrieved: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    prompt_id: Mapped[str | None] = mapped_column(String(64))
    prompt_version: Mapped[str | None] = mapped_column(String(32))
    generator: Mapped[str] = mapped_column(String(64))
    model: Mapped[str | None] = mapped_column(String(128))
    index_version: Mapped[str] = mapped_column(String(64))
    reply: Mapped[str] = mapped_column(Text)
    citations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    refused: Mapped[bool] = mapped_column(Boolean, default=False)
    latency_ms: Mapped[float] = mapped_column(Float)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    turn: Mapped[Turn] = relationship(back_populates="audit")
