"""AuditStore on a real SQLite file and a real PostgreSQL database (each test runs on both)."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import StatementError

from assistant.audit.db import session_factory
from assistant.audit.store import AuditStore, TurnRecord
from assistant.audit.tables import AuditRecord, ChatSession, Turn
from assistant.errors import NotFoundError

HITS = [
    {"id": "A.4.L2", "rank": 1, "score": 0.0325, "dense": 0.71, "lexical": 9.2, "kind": "level", "title": "A.4 L2"},
    {"id": "A.4", "rank": 2, "score": 0.0310, "dense": 0.64, "lexical": 5.0, "kind": "category", "title": "A.4"},
]
CITES = [{"id": "A.4.L2", "title": "A.4 Finances, Level 2", "kind": "level"}]


def record(session_id: str, message: str = "What is Level 2 in Finances?", **over: Any) -> TurnRecord:
    values: dict[str, Any] = {
        "session_id": session_id, "mode": "qa", "channel": "chat", "user_message": message,
        "query": message, "decision": "answer", "reply": f"reply to {message}", "refused": False,
        "retrieved": HITS, "citations": CITES, "generator": "composer", "model": None,
        "prompt_id": "qa.grounded", "prompt_version": "3", "index_version": "0123456789abcdef",
        "latency_ms": 12.5, "started_at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), "flags": [],
    }
    values.update(over)
    return TurnRecord(**values)


def count(store: AuditStore, table: type) -> int:
    with store.sessions() as db:
        return int(db.scalar(select(func.count()).select_from(table)) or 0)


def test_a_turn_and_its_audit_record_are_stored_together(store: AuditStore) -> None:
    sid = store.create_session()
    turn = store.add_turn(record(sid, flags=["b", "a", "a"], model="m1"))
    stored, audit = store.get_turn(turn.id)
    assert (stored.session_id, stored.seq, stored.mode, stored.refused, stored.flagged) == (sid, 1, "qa", False, False)
    assert stored.user_message == audit.user_message == "What is Level 2 in Finances?"
    assert audit.retrieved == HITS
    assert audit.citations == CITES
    assert audit.flags == ["a", "b"]  # sorted, deduplicated
    assert (audit.prompt_id, audit.prompt_version, audit.generator, audit.model) == ("qa.grounded", "3", "composer", "m1")
    assert (audit.index_version, audit.latency_ms, audit.decision, audit.channel) == ("0123456789abcdef", 12.5, "answer", "chat")
    assert audit.reply == stored.reply == "reply to What is Level 2 in Finances?"
    assert audit.started_at.replace(tzinfo=audit.started_at.tzinfo or UTC) == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert audit.created_at is not None and stored.created_at is not None


def test_turns_are_numbered_in_order_and_history_returns_the_latest(store: AuditStore) -> None:
    sid = store.create_session()
    for i in range(1, 6):
        store.add_turn(record(sid, f"question {i}"))
    assert [t.seq for t in store.history(sid, limit=10)] == [1, 2, 3, 4, 5]
    latest = store.history(sid, limit=2)
    assert [(t.seq, t.user_message) for t in latest] == [(4, "question 4"), (5, "question 5")]
    assert latest[0].audit.user_message == "question 4"  # loaded with the turn, usable after the session closes
    with store.sessions() as db:
        row = db.get(ChatSession, sid)
        assert row is not None and row.turn_count == 5


def test_sessions_keep_their_turns_apart(store: AuditStore) -> None:
    a, b = store.create_session(), store.create_session()
    store.add_turn(record(a, "a1"))
    store.add_turn(record(b, "b1"))
    store.add_turn(record(a, "a2"))
    assert [(t.seq, t.user_message) for t in store.history(a)] == [(1, "a1"), (2, "a2")]
    assert [(t.seq, t.user_message) for t in store.history(b)] == [(1, "b1")]


def test_state_updates_merge_into_the_session_state(store: AuditStore) -> None:
    sid = store.create_session()
    store.add_turn(record(sid, state_update={"topic": {"category": "A.4", "level": 2}}))
    store.add_turn(record(sid, state_update={"coach": {"active": True}}))
    store.add_turn(record(sid, state_update=None))
    assert store.session_state(sid) == {"topic": {"category": "A.4", "level": 2}, "coach": {"active": True}}


@pytest.mark.parametrize(
    ("flags", "flagged"),
    [([], False), (["offtopic"], False), (["citation_removed"], True), (["fallback"], True), (["injection", "x"], True)],
)
def test_a_turn_is_flagged_for_review_by_its_flags(store: AuditStore, flags: list[str], flagged: bool) -> None:
    turn = store.add_turn(record(store.create_session(), flags=flags))
    assert store.get_turn(turn.id)[0].flagged is flagged


@pytest.mark.parametrize("bad_id", ["nope", "", "00000000-0000-0000-0000-000000000000", "'; DROP TABLE turns; --"])
def test_unknown_ids_are_not_found(store: AuditStore, bad_id: str) -> None:
    with pytest.raises(NotFoundError, match="No conversation"):
        store.session_state(bad_id)
    with pytest.raises(NotFoundError, match="No conversation"):
        store.add_turn(record(bad_id))
    with pytest.raises(NotFoundError, match="No turn"):
        store.get_turn(bad_id)
    with pytest.raises(NotFoundError):
        store.set_feedback(bad_id, 1)
    assert count(store, Turn) == 0


@pytest.mark.parametrize(
    ("owner", "caller", "visible"),
    [("a", "a", True), ("a", "b", False), (None, "b", True), ("a", None, False)],
)
def test_a_session_is_scoped_to_its_visitor(store: AuditStore, owner: str | None, caller: str | None, visible: bool) -> None:
    sid = store.create_session(owner)
    store.add_turn(record(sid), visitor_id=owner)
    if visible:
        assert len(store.history(sid, visitor_id=caller)) == 1
        return
    for call in (
        lambda: store.history(sid, visitor_id=caller),
        lambda: store.session_state(sid, caller),
        lambda: store.add_turn(record(sid), visitor_id=caller),
        lambda: store.delete_session(sid, caller),
    ):
        with pytest.raises(NotFoundError):
            call()
    assert len(store.history(sid, visitor_id=owner)) == 1


def test_deleting_a_session_removes_its_turns_and_audit_records(store: AuditStore) -> None:
    keep, gone = store.create_session("v"), store.create_session("v")
    for sid in (keep, gone, gone):
        store.add_turn(record(sid), visitor_id="v")
    store.delete_session(gone, "v")
    with pytest.raises(NotFoundError):
        store.session_state(gone, "v")
    assert (count(store, ChatSession), count(store, Turn), count(store, AuditRecord)) == (1, 1, 1)
    assert len(store.history(keep, visitor_id="v")) == 1


@pytest.mark.parametrize(("value", "stored"), [(1, 1), (-1, -1), (0, None)])
def test_feedback_is_stored_on_the_turn(store: AuditStore, value: int, stored: int | None) -> None:
    turn = store.add_turn(record(store.create_session()))
    store.set_feedback(turn.id, -value or 1)  # something else first, so clearing is observable
    store.set_feedback(turn.id, value)
    assert store.get_turn(turn.id)[0].feedback == stored


@pytest.mark.parametrize("value", [2, -2, 5])
def test_feedback_outside_the_scale_is_refused(store: AuditStore, value: int) -> None:
    turn = store.add_turn(record(store.create_session()))
    with pytest.raises(ValueError, match="feedback is -1"):
        store.set_feedback(turn.id, value)
    assert store.get_turn(turn.id)[0].feedback is None


def test_feedback_respects_the_visitor(store: AuditStore) -> None:
    sid = store.create_session("a")
    turn = store.add_turn(record(sid), visitor_id="a")
    with pytest.raises(NotFoundError):
        store.set_feedback(turn.id, 1, visitor_id="b")
    assert store.get_turn(turn.id)[0].feedback is None


@pytest.mark.parametrize("text", ["NUL \x00 inside", "emoji \U0001f9ea and accents éü", "x" * 20_000])
def test_texts_are_stored_verbatim(store: AuditStore, text: str) -> None:
    # the dialogue layer strips NUL before storing; PostgreSQL refuses NUL in text, so the store must never see one
    text = text.replace("\x00", "")
    turn = store.add_turn(record(store.create_session(), text))
    assert store.get_turn(turn.id)[1].user_message == text


def test_concurrent_sessions_never_mix(store: AuditStore) -> None:
    sessions = [store.create_session(f"visitor-{i}") for i in range(8)]
    errors: list[BaseException] = []

    def talk(i: int) -> None:
        try:
            for n in range(1, 6):
                store.add_turn(record(sessions[i], f"s{i} q{n}"), visitor_id=f"visitor-{i}")
        except BaseException as exc:  # surfaced below: a thread's exception would otherwise be lost
            errors.append(exc)

    threads = [threading.Thread(target=talk, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for i, sid in enumerate(sessions):
        turns = store.history(sid, limit=10, visitor_id=f"visitor-{i}")
        assert [(t.seq, t.user_message) for t in turns] == [(n, f"s{i} q{n}") for n in range(1, 6)]
        assert [t.audit.user_message for t in turns] == [f"s{i} q{n}" for n in range(1, 6)]


def test_concurrent_turns_in_one_session_get_distinct_sequence_numbers(store: AuditStore) -> None:
    sid = store.create_session()
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def talk(i: int) -> None:
        try:
            barrier.wait()
            for n in range(3):
                store.add_turn(record(sid, f"t{i} q{n}"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=talk, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [t.seq for t in store.history(sid, limit=100)] == list(range(1, 19))


def test_a_second_engine_sees_a_turn_once_add_turn_returns(store: AuditStore, database_url: str) -> None:
    from assistant.audit.db import make_engine

    other = make_engine(database_url)
    try:
        turn = store.add_turn(record(store.create_session()))
        with session_factory(other)() as db:
            row = db.get(AuditRecord, turn.id)
            assert row is not None and row.reply == turn.reply
    finally:
        other.dispose()


def test_ids_are_uuids(store: AuditStore) -> None:
    sid = store.create_session()
    turn = store.add_turn(record(sid))
    assert str(uuid.UUID(sid)) == sid and str(uuid.UUID(turn.id)) == turn.id


def test_a_first_turn_creates_its_session_in_the_same_transaction(store: AuditStore) -> None:
    sid = str(uuid.uuid4())
    first = store.add_turn(record(sid, state_update={"topic": {"category": "A.4"}}), visitor_id="v", new_session=True)
    assert (first.session_id, first.seq) == (sid, 1)
    assert store.session_state(sid, "v") == {"topic": {"category": "A.4"}}
    with pytest.raises(NotFoundError):
        store.session_state(sid, "someone-else")
    second = store.add_turn(record(sid, "and at level 3?"), visitor_id="v")
    assert second.seq == 2
    assert [t.seq for t in store.history(sid, visitor_id="v")] == [1, 2]
    assert (count(store, ChatSession), count(store, Turn), count(store, AuditRecord)) == (1, 2, 2)


def test_a_first_turn_that_cannot_be_stored_leaves_no_session(store: AuditStore) -> None:
    sid = str(uuid.uuid4())
    # the audit record is written last: when it fails, the session and turn rows written before it go too
    with pytest.raises((TypeError, StatementError)):  # SQLite's driver wraps it, psycopg does not
        store.add_turn(record(sid, retrieved=[{"id": "A.4", "score": object()}]), new_session=True)
    assert (count(store, ChatSession), count(store, Turn), count(store, AuditRecord)) == (0, 0, 0)
    with pytest.raises(NotFoundError):
        store.session_state(sid)
