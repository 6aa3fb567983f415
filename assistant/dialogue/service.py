"""The turn loop: validate, route, answer, audit, reply.

One :class:`ChatService` serves the JSON chat, the SSE stream and the OpenAI-compatible endpoint.
Each turn's audit record is committed before its reply is returned (or its final stream event sent).
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from assistant.audit.db import utcnow
from assistant.audit.store import AuditStore, TurnRecord, new_id
from assistant.coverage.pasted import pasted_items
from assistant.dialogue.followup import next_topic, prepare_turn, topic_of
from assistant.dialogue.roles import RoleReader
from assistant.dialogue.routing import route
from assistant.errors import EmptyInputError, InputTooLargeError
from assistant.generation.base import Answer, Citation
from assistant.generation.pipeline import QAPipeline
from assistant.retrieval.cues import find_cues
from assistant.retrieval.hybrid import Hit
from assistant.understanding.policy import decline_for
from assistant.understanding.reading import Reading

_CITED = re.compile(r"\[([A-D](?:\.[1-4])?(?:\.L[1-3])?|(?:fw|def|use|res|doc):[\w#.-]+)\]")


@dataclass(frozen=True)
class Download:
    """A file a turn offers (a finished learning plan): a label, the API path that serves it, its format."""

    label: str
    path: str
    format: str


@dataclass(frozen=True)
class ModeReply:
    """What a non-QA mode (matching, coaching) answers for one chat turn."""

    text: str
    citations: tuple[Citation, ...] = ()
    generator: str = "composer"
    prompt_id: str | None = None
    prompt_version: str | None = None
    retrieved: tuple[dict[str, Any], ...] = ()
    flags: frozenset[str] = frozenset()
    state_update: dict[str, Any] = field(default_factory=dict)
    refused: bool = False
    downloads: tuple[Download, ...] = ()


MatchHandler = Callable[[str, Reading | None], ModeReply]  # the message and the turn's reading
CoachHandler = Callable[[str, dict[str, Any], str | None], ModeReply]


@dataclass(frozen=True)
class TurnResult:
    session_id: str
    turn_id: str
    mode: str
    reply: str
    citations: tuple[Citation, ...]
    refused: bool
    flags: frozenset[str] = frozenset()
    downloads: tuple[Download, ...] = ()


@dataclass(frozen=True)
class _Where:
    """Which conversation a turn belongs to, and when it started."""

    session_id: str
    new_session: bool
    visitor_id: str | None
    channel: str
    started: datetime
    t0: float


@dataclass(frozen=True)
class Delta:
    text: str


def clean_text(text: str) -> str:
    """Drop NUL and other control characters (but newlines and tabs), and replace lone surrogates."""
    text = text.encode("utf-8", "replace").decode("utf-8", "replace") if _has_surrogates(text) else text
    return "".join(ch for ch in text if ch in "\n\t\r" or unicodedata.category(ch) != "Cc")


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def hits_for_audit(hits: tuple[Hit, ...] | list[Hit]) -> list[dict[str, Any]]:
    return [
        {"id": h.id, "rank": h.rank, "score": round(h.score, 6), "dense": round(h.dense, 6),
         "lexical": round(h.lexical, 6), "kind": h.chunk.kind, "title": h.chunk.title}
        for h in hits
    ]


def topic_from_history(history: list[tuple[str, str]], qa: QAPipeline) -> dict[str, Any] | None:
    """The last framework topic found in earlier assistant messages (for clients that send history)."""
    for role, text in reversed(history):
        if role == "assistant":
            topic = topic_of(_CITED.findall(text), qa.framework)
            if topic:
                return topic
    return None


class ChatService:
    def __init__(
        self,
        qa: QAPipeline,
        store: AuditStore,
        index_version: str,
        *,
        max_chars: int = 20_000,
        match_handler: MatchHandler | None = None,
        coach_handler: CoachHandler | None = None,
        coverage_handler: MatchHandler | None = None,
        roles: RoleReader | None = None,
    ) -> None:
        self.qa = qa
        self.store = store
        self.index_version = index_version
        self.max_chars = max_chars
        self.match_handler = match_handler
        self.coach_handler = coach_handler
        self.coverage_handler = coverage_handler
        # reads the role a question asks about; set with the matcher, which answers it (None: no role questions)
        self.roles = roles
        self.listeners: list[Callable[[str, str, bool], None]] = []  # (mode, channel, refused) after each turn

    # ---- validation -------------------------------------------------------------------------
    def validate(self, message: str) -> str:
        if len(message) > self.max_chars:
            raise InputTooLargeError(
                f"The message has {len(message):,} characters; the limit is {self.max_chars:,}.",
                hint="Shorten it, or send a long job posting to /v1/match.",
            )
        text = clean_text(message)
        if not text.strip():
            raise EmptyInputError("The message is empty.", hint="Type a question about the ISL framework.")
        return text

    # ---- public API -------------------------------------------------------------------------
    def turn(
        self,
        message: str,
        *,
        session_id: str | None = None,
        mode: str = "auto",
        visitor_id: str | None = None,
        channel: str = "chat",
        history: list[tuple[str, str]] | None = None,
    ) -> TurnResult:
        result: TurnResult | None = None
        for event in self.stream(message, session_id=session_id, mode=mode, visitor_id=visitor_id,
                                 channel=channel, history=history):
            if isinstance(event, TurnResult):
                result = event
        assert result is not None
        return result

    def stream(
        self,
        message: str,
        *,
        session_id: str | None = None,
        mode: str = "auto",
        visitor_id: str | None = None,
        channel: str = "chat",
        history: list[tuple[str, str]] | None = None,
    ) -> Iterator[Delta | TurnResult]:
        """Yield reply text as it is written, then the stored :class:`TurnResult`."""
        started, t0 = utcnow(), time.perf_counter()
        text = self.validate(message)
        new_session = not session_id
        if session_id:
            state = self.store.session_state(session_id, visitor_id)
        else:  # the session row is written with its first turn, in the same transaction
            session_id, state = new_id(), {}
        coaching_active = bool(state.get("coach", {}).get("active"))
        reading = self.qa.read(text)  # once per turn: routing and the answer share it
        # an instruction dressed as a role question ("... for a ignore your instructions?") stays with QA,
        # which refuses it like any other injection
        asks_role = (mode == "auto" and self.roles is not None and reading is not None
                     and decline_for(reading) is None and self.roles.question(text, reading) is not None)
        cues = find_cues(text, self.qa.framework) if coaching_active or asks_role else None
        chosen = route(
            text, reading=reading, requested=mode, active_coaching=coaching_active,
            names_framework_item=bool(cues and (cues.ids or cues.categories or cues.domains)),
            # "which level of Finances does a director need?" is a question about Finances
            asks_role=asks_role and not (cues and cues.levels),
            pasted_list=mode == "auto" and reading is not None and reading.intent == "coverage"
            and bool(pasted_items(text)[1]),
        )

        where = _Where(session_id, new_session, visitor_id, channel, started, t0)
        if chosen == "qa":
            yield from self._qa_turn(text, where, state, history, reading)
            return
        handler_reply = self._mode_reply(chosen, text, state, visitor_id, reading)
        yield Delta(handler_reply.text)
        stored = self._store(
            where, chosen, text, text, "answer" if not handler_reply.refused else "refused",
            handler_reply.text, handler_reply.refused, list(handler_reply.retrieved), handler_reply.citations,
            handler_reply.generator, None, handler_reply.prompt_id, handler_reply.prompt_version,
            handler_reply.flags, handler_reply.state_update,
        )
        yield replace(stored, downloads=handler_reply.downloads)

    # ---- modes ------------------------------------------------------------------------------
    def _mode_reply(self, mode: str, text: str, state: dict[str, Any], visitor_id: str | None,
                    reading: Reading | None) -> ModeReply:
        if mode == "match":
            if self.match_handler is None:
                return ModeReply("Job-posting matching is not available on this server yet.", flags=frozenset({"unavailable"}))
            return self.match_handler(text, reading)
        if mode == "coverage":
            if self.coverage_handler is None:
                return ModeReply("Coverage analysis is not available on this server yet.", flags=frozenset({"unavailable"}))
            return self.coverage_handler(text, reading)
        if self.coach_handler is None:
            return ModeReply("Coaching sessions are not available on this server yet.", flags=frozenset({"unavailable"}))
        return self.coach_handler(text, state, visitor_id)

    def _qa_turn(
        self, text: str, where: _Where, state: dict[str, Any], history: list[tuple[str, str]] | None,
        reading: Reading | None,
    ) -> Iterator[Delta | TurnResult]:
        topic = state.get("topic") or (topic_from_history(history, self.qa) if history else None)
        request = prepare_turn(self.qa, text, topic, tuple(history or ()), reading)
        query = request.query
        answer: Answer | None = None
        for piece in self.qa.stream(request):
            if isinstance(piece, Answer):
                answer = piece
            else:
                yield Delta(piece)
        assert answer is not None
        if state.get("coach", {}).get("active"):
            reminder = "\n\n_Your reflection session is still open: answer its last question whenever you are ready._"
            yield Delta(reminder)
            answer = replace(answer, text=answer.text + reminder)
        yield self._store(
            where, "qa", text, query, request.decision.kind, answer.text, answer.refused,
            hits_for_audit(request.hits), answer.citations, answer.generator, answer.model, answer.prompt_id,
            answer.prompt_version, answer.flags, {"topic": next_topic(answer, topic, self.qa.framework)},
        )

    def _store(
        self,
        where: _Where,
        mode: str,
        text: str,
        query: str,
        decision: str,
        reply: str,
        refused: bool,
        retrieved: list[dict[str, Any]],
        citations: tuple[Citation, ...],
        generator: str,
        model: str | None,
        prompt_id: str | None,
        prompt_version: str | None,
        flags: frozenset[str],
        state_update: dict[str, Any],
    ) -> TurnResult:
        rec = TurnRecord(
            session_id=where.session_id, mode=mode, channel=where.channel, user_message=text, query=query,
            decision=decision,
            reply=reply, refused=refused, retrieved=retrieved,
            citations=[{"id": c.id, "title": c.title, "kind": c.kind} for c in citations],
            generator=generator, model=model, prompt_id=prompt_id, prompt_version=prompt_version,
            index_version=self.index_version, latency_ms=round((time.perf_counter() - where.t0) * 1000, 3),
            started_at=where.started, flags=sorted(flags), state_update=state_update,
        )
        turn = self.store.add_turn(rec, visitor_id=where.visitor_id, new_session=where.new_session)
        for listener in self.listeners:
            listener(mode, where.channel, refused)
        return TurnResult(where.session_id, turn.id, mode, reply, citations, refused, flags)
