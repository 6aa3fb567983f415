"""Persistence of coaching sessions, turns, ratings (self and supervisor apart), plans and progress.

The session row holds the whole flow state as JSON plus a version number: a write names the version
it read and fails if another request wrote first, so two answers sent at once cannot both apply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from assistant.audit.db import transaction, utcnow
from assistant.coaching.plan import LearningPlan, ProgressEntry, Rating
from assistant.coaching.state import CoachState
from assistant.coaching.tables import (
    CoachPlanRow,
    CoachProgress,
    CoachSelfRating,
    CoachSession,
    CoachSupervisorRating,
    CoachTurnRow,
)
from assistant.errors import InputError


class SessionConflictError(InputError):
    """Another request changed the session first; sending the answer again is safe."""

    status = 409
    code = "session_conflict"


@dataclass(frozen=True)
class SessionRecord:
    id: str
    visitor_id: str | None
    state: CoachState
    version: int
    done: bool
    previous_session_id: str | None
    created_at: datetime


@dataclass(frozen=True)
class TurnRecord:
    role: str
    text: str
    stage: str
    question_id: str | None
    kind: str


class CoachStore:
    """All database access of the coaching feature."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory

    @staticmethod
    def _record(row: CoachSession) -> SessionRecord:
        return SessionRecord(
            id=row.id, visitor_id=row.visitor_id, state=CoachState.model_validate_json(row.state_json),
            version=row.version, done=row.done, previous_session_id=row.previous_session_id,
            created_at=row.created_at,
        )

    # ---------------------------------------------------------------- sessions and turns

    def create(self, session_id: str, visitor_id: str | None, state: CoachState, *, question_bank: str,
               corpus_hash: str, previous_session_id: str | None, turns: Sequence[TurnRecord]) -> None:
        with transaction(self.factory) as s:
            s.add(CoachSession(
                id=session_id, visitor_id=visitor_id, stage=state.stage, done=state.stage == "done",
                state_json=state.model_dump_json(), version=1, question_bank=question_bank,
                corpus_hash=corpus_hash, previous_session_id=previous_session_id,
            ))
            s.flush()
            self._add_turns(s, session_id, turns, question_bank)

    def get(self, session_id: str) -> SessionRecord | None:
        with self.factory() as s:
            row = s.get(CoachSession, session_id)
            return self._record(row) if row else None

    def latest_for_visitor(self, visitor_id: str) -> SessionRecord | None:
        with self.factory() as s:
            row = s.scalars(
                select(CoachSession).where(CoachSession.visitor_id == visitor_id)
                .order_by(CoachSession.created_at.desc(), CoachSession.id.desc()).limit(1)
            ).first()
            return self._record(row) if row else None

    def latest_plan_session(self, visitor_id: str) -> str | None:
        with self.factory() as s:
            return s.scalars(
                select(CoachPlanRow.session_id).join(CoachSession, CoachSession.id == CoachPlanRow.session_id)
                .where(CoachSession.visitor_id == visitor_id)
                .order_by(CoachPlanRow.created_at.desc()).limit(1)
            ).first()

    def save_step(self, record: SessionRecord, state: CoachState, turns: Sequence[TurnRecord], *,
                  question_bank: str) -> None:
        """Write the new state, its turns and its self-ratings in one transaction (optimistic lock)."""
        with transaction(self.factory) as s:
            result = s.execute(
                update(CoachSession)
                .where(CoachSession.id == record.id, CoachSession.version == record.version)
                .values(state_json=state.model_dump_json(), stage=state.stage, done=state.stage == "done",
                        version=record.version + 1, updated_at=utcnow())
            )
            if getattr(result, "rowcount", 1) != 1:
                raise SessionConflictError(
                    "This session was updated by another request at the same time.",
                    hint="Fetch the current question and answer it again.",
                )
            self._add_turns(s, record.id, turns, question_bank)
            self._sync_ratings(s, record.id, state)

    def log_turns(self, session_id: str, turns: Sequence[TurnRecord], *, question_bank: str) -> None:
        """Record turns that leave the state untouched (a steer after hostile or off-topic text)."""
        with transaction(self.factory) as s:
            self._add_turns(s, session_id, turns, question_bank)

    def turns(self, session_id: str) -> list[TurnRecord]:
        with self.factory() as s:
            rows = s.scalars(select(CoachTurnRow).where(CoachTurnRow.session_id == session_id)
                             .order_by(CoachTurnRow.seq)).all()
            return [TurnRecord(r.role, r.text, r.stage, r.question_id, r.kind) for r in rows]

    @staticmethod
    def _add_turns(s: Session, session_id: str, turns: Sequence[TurnRecord], question_bank: str) -> None:
        last = s.scalars(select(CoachTurnRow.seq).where(CoachTurnRow.session_id == session_id)
                         .order_by(CoachTurnRow.seq.desc()).limit(1)).first()
        seq = (last or 0) + 1
        for t in turns:
            s.add(CoachTurnRow(session_id=session_id, seq=seq, role=t.role, text=t.text, stage=t.stage,
                               question_id=t.question_id, kind=t.kind, question_bank=question_bank))
            seq += 1

    @staticmethod
    def _sync_ratings(s: Session, session_id: str, state: CoachState) -> None:
        existing = {r.competency_id: r for r in s.scalars(
            select(CoachSelfRating).where(CoachSelfRating.session_id == session_id))}
        for cid, r in state.ratings.items():
            row = existing.get(cid)
            if row is None:
                row = CoachSelfRating(session_id=session_id, competency_id=cid)
                s.add(row)
            row.level, row.not_sure, row.statement_id, row.evidence = r.level, r.not_sure, r.statement_id, r.evidence

    def self_ratings(self, session_id: str) -> list[CoachSelfRating]:
        with self.factory() as s:
            return list(s.scalars(select(CoachSelfRating).where(CoachSelfRating.session_id == session_id)
                                  .order_by(CoachSelfRating.id)))

    # ---------------------------------------------------------------- plans, supervisor ratings, progress

    def save_plan(self, plan: LearningPlan) -> None:
        with transaction(self.factory) as s:
            row = s.get(CoachPlanRow, plan.session_id)
            if row is None:
                row = CoachPlanRow(session_id=plan.session_id)
                s.add(row)
            row.plan_json, row.question_bank, row.corpus_hash = (
                plan.model_dump_json(), plan.question_bank, plan.corpus_hash)

    def plan(self, session_id: str) -> LearningPlan | None:
        with self.factory() as s:
            row = s.get(CoachPlanRow, session_id)
            return LearningPlan.model_validate_json(row.plan_json) if row else None

    def add_supervisor_rating(self, session_id: str, rating: Rating, supervisor: str | None) -> None:
        with transaction(self.factory) as s:
            s.add(CoachSupervisorRating(session_id=session_id, competency_id=rating.competency_id,
                                        level=rating.level, not_sure=rating.not_sure, evidence=rating.evidence,
                                        supervisor=supervisor))

    def supervisor_ratings(self, session_id: str) -> list[CoachSupervisorRating]:
        with self.factory() as s:
            return list(s.scalars(select(CoachSupervisorRating).where(CoachSupervisorRating.session_id == session_id)
                                  .order_by(CoachSupervisorRating.id)))

    def add_progress(self, plan_session_id: str, item_id: str, status: str, note: str | None,
                     recorded_in: str | None) -> None:
        with transaction(self.factory) as s:
            s.add(CoachProgress(plan_session_id=plan_session_id, item_id=item_id, status=status, note=note,
                                recorded_in_session_id=recorded_in))

    def progress(self, plan_session_id: str) -> list[ProgressEntry]:
        with self.factory() as s:
            rows = s.scalars(select(CoachProgress).where(CoachProgress.plan_session_id == plan_session_id)
                             .order_by(CoachProgress.id)).all()
            return [ProgressEntry(item_id=r.item_id, status=r.status, note=r.note, recorded_at=r.created_at)
                    for r in rows]
