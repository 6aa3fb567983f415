"""The conversation store: sessions, turns and their audit records, behind one small class.

Every write runs in its own transaction; a turn and its audit record are committed together before
the reply leaves the service, so a crash after a reply never loses the record of it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Engine, Table, func, insert, or_, select, update
from sqlalchemy.orm import Session, selectinload, sessionmaker

from assistant.audit.db import session_factory, transaction, utcnow
from assistant.audit.tables import AuditRecord, ChatSession, Turn
from assistant.errors import NotFoundError


@dataclass(frozen=True)
class TurnRecord:
    """Everything the dialogue layer knows about a finished turn."""

    session_id: str
    mode: str
    channel: str
    user_message: str
    query: str
    decision: str
    reply: str
    refused: bool
    retrieved: list[dict[str, Any]]
    citations: list[dict[str, Any]]
    generator: str
    model: str | None
    prompt_id: str | None
    prompt_version: str | None
    index_version: str
    latency_ms: float
    started_at: datetime
    flags: list[str] = field(default_factory=list)
    state_update: dict[str, Any] | None = None


def new_id() -> str:
    return str(uuid.uuid4())


def _valid_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return False
    return True


_SESSIONS = cast(Table, ChatSession.__table__)
_TURNS = cast(Table, Turn.__table__)
_AUDITS = cast(Table, AuditRecord.__table__)


@dataclass(frozen=True)
class StoredTurn:
    """What ``add_turn`` hands back: enough to answer the client and to look the turn up again."""

    id: str
    session_id: str
    seq: int
    reply: str


def _no_session(session_id: str) -> NotFoundError:
    return NotFoundError(
        f"No conversation with id {session_id!r}.", hint="Start a new one by sending a message without session_id."
    )


def _visible_to(visitor_id: str | None) -> ColumnElement[bool]:
    """A session bound to a visitor is invisible to anyone else, including callers who send no
    visitor id: they get the same answer as for an unknown id, so its existence is not revealed."""
    owner = _SESSIONS.c.visitor_id
    return or_(owner.is_(None), owner == visitor_id) if visitor_id is not None else owner.is_(None)


class AuditStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions: sessionmaker[Session] = session_factory(engine)

    # ---- sessions ---------------------------------------------------------------------------
    def create_session(self, visitor_id: str | None = None) -> str:
        sid = new_id()
        with transaction(self.sessions) as db:
            db.add(ChatSession(id=sid, visitor_id=visitor_id, state={}))
        return sid

    def _session(self, db: Session, session_id: str, visitor_id: str | None) -> ChatSession:
        row = db.get(ChatSession, session_id) if _valid_uuid(session_id) else None
        if row is None or (row.visitor_id is not None and row.visitor_id != visitor_id):
            raise _no_session(session_id)
        return row

    def session_state(self, session_id: str, visitor_id: str | None = None) -> dict[str, Any]:
        with self.sessions() as db:
            return dict(self._session(db, session_id, visitor_id).state or {})

    def delete_session(self, session_id: str, visitor_id: str | None = None) -> None:
        with transaction(self.sessions) as db:
            db.delete(self._session(db, session_id, visitor_id))

    def history(self, session_id: str, *, limit: int = 10, visitor_id: str | None = None) -> list[Turn]:
        with self.sessions() as db:
            self._session(db, session_id, visitor_id)
            rows = db.scalars(
                select(Turn)
                .options(selectinload(Turn.audit))
                .where(Turn.session_id == session_id)
                .order_by(Turn.seq.desc())
                .limit(limit)
            ).all()
            return list(reversed(rows))

    # ---- turns ------------------------------------------------------------------------------
    def add_turn(self, rec: TurnRecord, *, visitor_id: str | None = None, new_session: bool = False) -> StoredTurn:
        """Store the turn and its audit record in one transaction; returns the stored turn.

        With ``new_session`` the session row (id ``rec.session_id``, owned by ``visitor_id``) is created
        in the same transaction, so a conversation's first turn costs one commit and a failed first
        turn leaves no empty session behind.

        The turn number comes from ``UPDATE ... RETURNING turn_count``: the update takes the session's
        row lock on PostgreSQL and the write lock on SQLite, so two turns of one session always get
        distinct numbers. Core statements, not the ORM: this is on the path of every chat turn.
        """
        now = utcnow()
        sessions, turns, audits = _SESSIONS, _TURNS, _AUDITS
        with self.engine.begin() as conn:
            if new_session:
                state = dict(rec.state_update or {})
                conn.execute(insert(sessions).values(
                    id=rec.session_id, visitor_id=visitor_id, state=state, turn_count=1, created_at=now, updated_at=now
                ))
                seq = 1
            else:
                row = conn.execute(
                    update(sessions)
                    .where(sessions.c.id == rec.session_id, _visible_to(visitor_id))
                    .values(turn_count=sessions.c.turn_count + 1, updated_at=now)
                    .returning(sessions.c.turn_count, sessions.c.state)
                ).first() if _valid_uuid(rec.session_id) else None
                if row is None:
                    raise _no_session(rec.session_id)
                seq = int(row.turn_count)
                if rec.state_update is not None:
                    merged = {**(row.state or {}), **rec.state_update}
                    conn.execute(update(sessions).where(sessions.c.id == rec.session_id).values(state=merged))
            turn_id = new_id()
            conn.execute(insert(turns).values(
                id=turn_id, session_id=rec.session_id, seq=seq, mode=rec.mode, user_message=rec.user_message,
                reply=rec.reply, refused=rec.refused,
                flagged=bool(set(rec.flags) & {"citation_removed", "fallback", "injection"}), created_at=now,
            ))
            conn.execute(insert(audits).values(
                turn_id=turn_id, channel=rec.channel, user_message=rec.user_message, query=rec.query,
                mode=rec.mode, decision=rec.decision, retrieved=rec.retrieved, prompt_id=rec.prompt_id,
                prompt_version=rec.prompt_version, generator=rec.generator, model=rec.model,
                index_version=rec.index_version, reply=rec.reply, citations=rec.citations,
                flags=sorted(set(rec.flags)), refused=rec.refused, latency_ms=rec.latency_ms,
                started_at=rec.started_at, created_at=now,
            ))
        return StoredTurn(id=turn_id, session_id=rec.session_id, seq=seq, reply=rec.reply)

    def get_turn(self, turn_id: str) -> tuple[Turn, AuditRecord]:
        with self.sessions() as db:
            turn = db.get(Turn, turn_id) if _valid_uuid(turn_id) else None
            if turn is None:
                raise NotFoundError(f"No turn with id {turn_id!r}.")
            return turn, turn.audit

    def set_feedback(self, turn_id: str, value: int, *, visitor_id: str | None = None) -> None:
        if value not in (-1, 0, 1):
            raise ValueError("feedback is -1 (thumbs down), 0 (cleared) or 1 (thumbs up)")
        with transaction(self.sessions) as db:
            turn = db.get(Turn, turn_id) if _valid_uuid(turn_id) else None
            if turn is None:
                raise NotFoundError(f"No turn with id {turn_id!r}.")
            self._session(db, turn.session_id, visitor_id)
            turn.feedback = value or None

    def count_turns(self) -> int:
        with self.sessions() as db:
            return int(db.scalar(select(func.count()).select_from(Turn)) or 0)
