"""The ratings table and store on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import inspect

from assistant.audit.db import Base, make_engine
from assistant.audit.migrate import upgrade
from assistant.audit.ratings import RatingInput, RatingStore, evaluator_identity, key_hash
from assistant.audit.store import AuditStore, TurnRecord
from assistant.errors import InputError, NotFoundError


def make_turn(store: AuditStore, message: str = "What is A.4?", *, refused: bool = False,
              flags: tuple[str, ...] = (), mode: str = "qa") -> str:
    sid = store.create_session()
    rec = TurnRecord(
        session_id=sid, mode=mode, channel="chat", user_message=message, query=message, decision="answer",
        reply="Finances are about budgets [A.4].", refused=refused,
        retrieved=[{"id": "A.4", "rank": 1, "score": 0.5, "dense": 0.6, "lexical": 3.0, "kind": "category",
                    "title": "Finances"}, {"id": "gone:chunk", "rank": 2, "score": 0.1, "dense": 0.2, "lexical": 0.0,
                                           "kind": "guidance", "title": "Old"}],
        citations=[{"id": "A.4", "title": "Finances", "kind": "category"}], generator="composer", model=None,
        prompt_id="qa", prompt_version="1", index_version="idx-1", latency_ms=12.5, started_at=datetime.now(UTC),
        flags=list(flags),
    )
    return store.add_turn(rec).id


@pytest.fixture
def store(tmp_path: Path) -> AuditStore:
    engine = make_engine(f"sqlite:///{tmp_path / 'audit.db'}")
    upgrade(engine)
    Base.metadata.create_all(engine)  # the ratings table, until its migration exists (no-op after)
    return AuditStore(engine)


GOOD = RatingInput(groundedness=5, helpfulness=4, tone=3, comment="fine")


def test_table_columns_are_pinned(store: AuditStore) -> None:
    cols = {c["name"] for c in inspect(store.engine).get_columns("ratings")}
    assert cols == {"id", "turn_id", "evaluator", "key_hash", "groundedness", "helpfulness", "tone", "comment",
                    "corrected_answer", "created_at", "updated_at"}


def test_one_rating_per_evaluator_per_turn_is_updated_in_place(store: AuditStore) -> None:
    ratings = RatingStore(store.engine)
    tid = make_turn(store)
    first = ratings.rate(tid, "ana", GOOD, api_key_hash=key_hash("k1"))
    second = ratings.rate(tid, "ana", GOOD.model_copy(update={"tone": 1}), api_key_hash=key_hash("k1"))
    ratings.rate(tid, "bo", GOOD, api_key_hash=key_hash("k2"))
    rows = ratings.for_turn(tid)
    assert [(r.evaluator, r.tone) for r in rows] == [("ana", 1), ("bo", 3)]
    assert second.created_at == first.created_at and second.updated_at >= first.updated_at


def test_rating_an_unknown_turn_is_not_found(store: AuditStore) -> None:
    with pytest.raises(NotFoundError):
        RatingStore(store.engine).rate("00000000-0000-4000-8000-000000000000", "ana", GOOD, api_key_hash="h")


def test_ratings_go_with_their_turn(store: AuditStore) -> None:
    ratings = RatingStore(store.engine)
    tid = make_turn(store)
    ratings.rate(tid, "ana", GOOD, api_key_hash="h")
    store.delete_session(store.get_turn(tid)[0].session_id)
    assert ratings.all() == []


@pytest.mark.parametrize("bad", [{"groundedness": 0}, {"helpfulness": 6}, {"tone": "great"}, {"extra": 1}])
def test_rating_input_is_validated(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        RatingInput.model_validate({"groundedness": 3, "helpfulness": 3, "tone": 3, **bad})


def test_blank_texts_become_none() -> None:
    r = RatingInput(groundedness=3, helpfulness=3, tone=3, comment="  ", corrected_answer="")
    assert r.comment is None and r.corrected_answer is None


def test_identity_is_the_name_or_a_hash_never_the_key() -> None:
    assert evaluator_identity("  Ana   Ruiz ", "secret-key") == "Ana Ruiz"
    anon = evaluator_identity(None, "secret-key")
    assert anon.startswith("key:") and "secret" not in anon and anon == evaluator_identity("", "secret-key")
    assert evaluator_identity(None, "other-key") != anon
    with pytest.raises(InputError):
        evaluator_identity("x" * 65, "k")
    with pytest.raises(InputError):
        evaluator_identity("bad\x07name", "k")
