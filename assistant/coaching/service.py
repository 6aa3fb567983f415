"""The coaching feature behind one object: start, answer, plan, progress, supervisor ratings.

Free of FastAPI: the API and the chat dialogue both call :class:`CoachingService`; errors are
:mod:`assistant.errors` subclasses. Ownership: a session created with a visitor id answers only to
that id; anyone else gets :class:`NotFoundError`, exactly as for an unknown id, so existence is not
revealed. Empty, oversized and hostile answers leave the stored state untouched.

    >>> coach = CoachingService(corpus, embedder, factory, bank, senses=senses)  # doctest: +SKIP
    >>> turn = coach.start(visitor_id="v-1")                              # doctest: +SKIP
    >>> turn = coach.answer(turn.session_id, "Educator at a zoo", "v-1")  # doctest: +SKIP
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from assistant.coaching.areas import AreaExamples, load_area_examples
from assistant.coaching.assess import (
    CompetencyMatcher,
    competency_catalog,
    practice_texts,
    published_statement_ids,
)
from assistant.coaching.flow import Flow
from assistant.coaching.listen import Listener
from assistant.coaching.plan import LearningPlan, Planner, Rating
from assistant.coaching.questions import QuestionBank, default_bank_path, load_question_bank
from assistant.coaching.senses import Senses, senses_path
from assistant.coaching.state import CoachState, Outcome, ReviewItem
from assistant.coaching.store import CoachStore, SessionRecord, TurnRecord
from assistant.errors import EmptyInputError, InputError, InputTooLargeError, NotFoundError
from assistant.framework.models import Corpus
from assistant.indexing.embedder import Embedder
from assistant.understanding.reading import Reader

PROGRESS_STATUSES = ("done", "in_progress", "not_started", "dropped", "noted")


class PlanNotReadyError(InputError):
    """The plan exists only once the session reaches its end."""

    status = 409
    code = "plan_not_ready"


@dataclass(frozen=True)
class CoachTurn:
    """One assistant turn: at most one question, the stage, and whether the plan is ready."""

    session_id: str
    question: str | None
    question_id: str | None
    stage: str
    done: bool
    kind: str
    message: str = ""
    cites: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["cites"] = list(self.cites)
        return out

    @property
    def text(self) -> str:
        """What to show: the question (with its preface) or the closing message."""
        return self.question or self.message


@dataclass(frozen=True)
class CoachChatReply:
    """A coach-mode chat turn for the dialogue layer: the text, and what to keep in the chat state."""

    text: str
    turn: CoachTurn
    state_update: dict[str, Any]
    cites: tuple[str, ...] = ()


class CoachingService:
    """Coaching sessions over the corpus, an embedder, a database and a question bank."""

    def __init__(
        self,
        corpus: Corpus,
        embedder: Embedder,
        session_factory: sessionmaker[Session],
        question_bank: QuestionBank,
        *,
        max_message_chars: int = 20_000,
        senses: Senses,
        reader: Reader | None = None,
        listener: Listener | None = None,
        areas: AreaExamples | None = None,
    ) -> None:
        if max_message_chars <= 0:
            raise ValueError("max_message_chars must be positive")
        catalog = competency_catalog(corpus)
        question_bank.check_against(published_statement_ids(catalog), {c.id for c in catalog})
        self.corpus = corpus
        self.bank = question_bank
        self.max_message_chars = max_message_chars
        self.matcher = CompetencyMatcher(catalog, embedder, question_bank.vocabulary, question_bank.on_topic_anchors,
                                         practice_texts(corpus), areas.areas if areas is not None else None)
        self.senses = senses
        self.flow = Flow(question_bank, self.matcher, reader, listener, notes=corpus.framework.notes, senses=senses)
        self.planner = Planner(corpus, self.matcher, question_bank)
        self.store = CoachStore(session_factory)

    @classmethod
    def from_paths(cls, corpus: Corpus, embedder: Embedder, session_factory: sessionmaker[Session],
                   prompts_dir: Path, *, max_message_chars: int = 20_000,
                   reader: Reader | None = None, index_dir: Path | None = None) -> CoachingService:
        """Build with the bank at ``<prompts_dir>/coaching/questions.yaml``, the senses of short replies from
        ``<prompts_dir>/coaching/senses.yaml`` and the listener trained from ``<prompts_dir>/coaching/acts.yaml``
        (stored beside the index in ``index_dir``); ``reader`` lets the person ask for the plan in their own
        words at any point, and declines instructions to the system."""
        bank = load_question_bank(default_bank_path(prompts_dir))
        listener = Listener.from_paths(embedder, prompts_dir, index_dir)
        senses = Senses.from_path(embedder, senses_path(prompts_dir))
        return cls(corpus, embedder, session_factory, bank, max_message_chars=max_message_chars, senses=senses,
                   reader=reader, listener=listener, areas=load_area_examples(prompts_dir))

    # ---------------------------------------------------------------- access

    def _load(self, session_id: str, visitor_id: str | None) -> SessionRecord:
        record = self.store.get(session_id) if session_id else None
        if record is None or (record.visitor_id is not None and record.visitor_id != visitor_id):
            raise NotFoundError(
                "No coaching session with that id.",
                hint="Start a new one with POST /v1/coach/sessions, or send the visitor id it was created with.",
            )
        return record

    def _cites(self, question_id: str | None) -> tuple[str, ...]:
        """Framework ids a question shows: the level statements of the competency being rated."""
        if question_id and question_id.startswith(("assess.level:", "assess.evidence:")):
            comp = self.matcher.get(question_id.split(":", 1)[1])
            if comp is not None:
                return (comp.id, *(st.id for st in comp.statements))
        return ()

    def _turn(self, session_id: str, out: Outcome) -> CoachTurn:
        r = out.reply
        return CoachTurn(session_id=session_id, question=r.text if r.question else None, question_id=r.question_id,
                         stage=out.state.stage, done=out.state.stage == "done", kind=r.kind,
                         message=r.text if not r.question else "",
                         cites=tuple(dict.fromkeys([*r.cites, *self._cites(r.question_id)])))

    @staticmethod
    def _assistant_turn(out: Outcome) -> TurnRecord:
        return TurnRecord("assistant", out.reply.text, out.state.stage, out.reply.question_id, out.reply.kind)

    def _check_text(self, text: str) -> str:
        if text is None or not text.strip():
            raise EmptyInputError("Your answer is empty.", hint="Type a few words, or 'not sure' to move on.")
        if len(text) > self.max_message_chars:
            raise InputTooLargeError(
                f"Your answer is {len(text):,} characters; the limit is {self.max_message_chars:,}.",
                hint="A few sentences are plenty: shorten it and send it again.",
            )
        return text.strip()

    # ---------------------------------------------------------------- the session

    def start(self, visitor_id: str | None = None, *, resume: bool = True) -> CoachTurn:
        """Start a session, or resume the visitor's unfinished one; a returning visitor reviews their plan."""
        previous: str | None = None
        profile: dict[str, str] = {}
        review: list[ReviewItem] = []
        if visitor_id:
            latest = self.store.latest_for_visitor(visitor_id)
            if resume and latest is not None and not latest.done:
                return self.current(latest.id, visitor_id)
            previous = self.store.latest_plan_session(visitor_id)
            if previous is not None:
                old = self.store.plan(previous)
                if old is not None:
                    review = [
                        ReviewItem(item_id=a.competency_id, competency_id=a.competency_id,
                                   label=f"{a.competency_id} {a.name}",
                                   step=(old.profile.first_step if i == 0 and old.profile.first_step
                                         else a.steps[0].text).rstrip("."))
                        for i, a in enumerate(old.growth_areas)
                    ]
                    p = old.profile
                    profile = {k: v for k, v in (("role", p.role), ("institution", p.institution),
                                                 ("years", p.years), ("career_stage", p.career_stage)) if v}
        out = self.flow.start(profile=profile, review=review)
        session_id = uuid.uuid4().hex
        self.store.create(session_id, visitor_id, out.state, question_bank=self.bank.ref,
                          corpus_hash=self.corpus.content_hash, previous_session_id=previous,
                          turns=[self._assistant_turn(out)])
        return self._turn(session_id, out)

    def current(self, session_id: str, visitor_id: str | None = None) -> CoachTurn:
        """The question the session is waiting on (for resuming after a break or a restart)."""
        record = self._load(session_id, visitor_id)
        state = record.state
        if state.stage == "done" or state.pending is None:
            return CoachTurn(session_id, None, None, "done", True, "done", self.bank.replies.done)
        p = state.pending
        text = "\n\n".join(x for x in (p.preface, p.question) if x)
        return CoachTurn(session_id, text, p.id, state.stage, False, "question", cites=self._cites(p.id))

    def answer(self, session_id: str, text: str, visitor_id: str | None = None) -> CoachTurn:
        record = self._load(session_id, visitor_id)
        clean = self._check_text(text)
        out = self.flow.advance(record.state, clean)
        person = TurnRecord("person", clean, record.state.stage,
                            record.state.pending.id if record.state.pending else None, "answer")
        if not out.changed:
            self.store.log_turns(session_id, [person, self._assistant_turn(out)], question_bank=self.bank.ref)
            return self._turn(session_id, out)
        self.store.save_step(record, out.state, [person, self._assistant_turn(out)], question_bank=self.bank.ref)
        for note in out.progress:
            if record.previous_session_id:
                self.store.add_progress(record.previous_session_id, note.item_id, note.status, note.note, session_id)
        if out.state.stage == "done" and record.state.stage != "done":
            self.store.save_plan(self.planner.build(session_id, out.state))
        return self._turn(session_id, out)

    def chat_turn(self, text: str, chat_state: Mapping[str, Any] | None = None,
                  visitor_id: str | None = None) -> CoachChatReply:
        """One chat turn in coach mode, for the dialogue layer.

        ``chat_state`` is the chat session's state; this reads and returns only its ``"coach"`` entry
        (``{"active", "session_id", "plan_ready"}``). The first coach-mode message ("help me reflect on
        my work") starts a session (or resumes the one in the state) instead of being taken as an answer.
        "stop coaching" pauses; the next coach-mode message resumes where it stopped.
        """
        coach = dict((chat_state or {}).get("coach") or {})
        sid = coach.get("session_id")
        if coach.get("active") and sid:
            if self.senses.reply(text) == "stop":
                update = {"coach": {**coach, "active": False}}
                return CoachChatReply(self.bank.replies.paused.format(session_id=sid),
                                      self.current(sid, visitor_id), update)
            turn = self.answer(sid, text, visitor_id)
        elif sid and not coach.get("plan_ready"):
            turn = self.current(sid, visitor_id)
        else:
            turn = self.start(visitor_id)
        text_out = turn.text
        if turn.done:
            text_out += "\n\n" + self.bank.replies.plan_links.format(session_id=turn.session_id)
        update = {"coach": {"active": not turn.done, "session_id": turn.session_id, "plan_ready": turn.done}}
        return CoachChatReply(text_out, turn, update, turn.cites)

    # ---------------------------------------------------------------- plan, progress, supervisor view

    def state(self, session_id: str, visitor_id: str | None = None) -> CoachState:
        return self._load(session_id, visitor_id).state

    def plan(self, session_id: str, visitor_id: str | None = None) -> LearningPlan:
        record = self._load(session_id, visitor_id)
        plan = self.store.plan(session_id)
        if plan is None:
            raise PlanNotReadyError(
                f"The plan is not ready yet: the session is at the {record.state.stage} stage.",
                hint="Answer the remaining questions; the plan is written when the session ends.",
            )
        supervisor = [
            Rating(competency_id=r.competency_id, name=self._name(r.competency_id), domain=r.competency_id[0],
                   level=r.level, not_sure=r.not_sure, evidence=r.evidence, rater=f"supervisor: {r.supervisor}"
                   if r.supervisor else "supervisor")
            for r in self.store.supervisor_ratings(session_id)
        ]
        return plan.model_copy(update={"supervisor_ratings": tuple(supervisor),
                                       "progress": tuple(self.store.progress(session_id))})

    def _name(self, cid: str) -> str:
        comp = self.matcher.get(cid)
        return comp.name if comp else cid

    def record_progress(self, session_id: str, item_id: str, status: str, note: str | None = None,
                        visitor_id: str | None = None) -> LearningPlan:
        """Record progress on a growth area (``A.4``) or a step (``A.4/mentoring``) of the session's plan."""
        plan = self.plan(session_id, visitor_id)
        items = {a.competency_id for a in plan.growth_areas} | {s.id for a in plan.growth_areas for s in a.steps}
        if item_id not in items:
            raise InputError(f"The plan has no item {item_id!r}.", hint=f"Use one of: {', '.join(sorted(items))}.")
        if status not in PROGRESS_STATUSES:
            raise InputError(f"Unknown status {status!r}.", hint=f"Use one of: {', '.join(PROGRESS_STATUSES)}.")
        if note is not None and len(note) > self.max_message_chars:
            raise InputTooLargeError(f"The note is over {self.max_message_chars:,} characters.")
        self.store.add_progress(session_id, item_id, status, note, None)
        return self.plan(session_id, visitor_id)

    def record_supervisor_rating(self, session_id: str, competency_id: str, level: float | None, *,
                                 evidence: str | None = None, supervisor: str | None = None,
                                 visitor_id: str | None = None) -> Rating:
        """Store a supervisor's rating beside (never instead of) the person's own."""
        self._load(session_id, visitor_id)
        if self.matcher.get(competency_id) is None:
            raise InputError(f"{competency_id!r} is not a competency in the corpus.", hint="Use an id such as A.4 or D.")
        if level is not None and (math.isnan(level) or not 1 <= level <= 3 or (level * 2) % 1):
            raise InputError("A level is 1, 2 or 3, or a half step between them.", hint="Send null for 'not sure'.")
        if evidence is not None and len(evidence) > self.max_message_chars:
            raise InputTooLargeError(f"The evidence is over {self.max_message_chars:,} characters.")
        rating = Rating(competency_id=competency_id, name=self._name(competency_id), domain=competency_id[0],
                        level=level, not_sure=level is None, evidence=evidence, rater="supervisor")
        self.store.add_supervisor_rating(session_id, rating, supervisor)
        return rating
