"""Replaying a stored turn against the current index: the diff, and nothing stored."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.audit.db import make_engine
from assistant.audit.migrate import upgrade
from assistant.audit.store import AuditStore, TurnRecord
from assistant.dialogue.service import ChatService
from assistant.errors import InputError, NotFoundError
from assistant.evaluation.replay import diff_ids, diff_text, replay_turn
from assistant.runtime import Runtime


def test_diff_ids() -> None:
    d = diff_ids(["A", "B", "C"], ["B", "A", "D"])
    assert d == {"added": ["D"], "removed": ["C"], "moved": [{"id": "B", "from": 2, "to": 1},
                                                             {"id": "A", "from": 1, "to": 2}], "same": False}
    assert diff_ids(["A"], ["A"])["same"] is True


def test_diff_text() -> None:
    assert diff_text("a\nb", "a\nb") == []
    lines = diff_text("a\nb", "a\nc")
    assert "-b" in lines and "+c" in lines


@pytest.mark.slow
def test_replay_of_a_stored_turn(tmp_path: Path, runtime: Runtime) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    upgrade(engine)
    store = AuditStore(engine)
    chat = ChatService(runtime.qa, store, runtime.index.version)
    result = chat.turn("What does level 2 mean for finances?", mode="qa")
    before = store.count_turns()
    same = replay_turn(runtime.qa, store, result.turn_id, index_version=runtime.index.version)
    assert same["hits"]["same"] and not same["reply_changed"] and same["reply_diff"] == []
    assert store.count_turns() == before

    # a turn stored under an older index: the replay shows what changed
    sid = store.create_session()
    old = store.add_turn(TurnRecord(
        session_id=sid, mode="qa", channel="chat", user_message="What does level 2 mean for finances?",
        query="What does level 2 mean for finances?", decision="answer", reply="Old reply.", refused=False,
        retrieved=[{"id": "gone:x"}, {"id": "A.4.L2"}], citations=[], generator="composer", model=None,
        prompt_id=None, prompt_version=None, index_version="old-index", latency_ms=1.0, started_at=datetime.now(UTC)))
    diff = replay_turn(runtime.qa, store, old.id, index_version=runtime.index.version)
    assert diff["stored"]["index_version"] == "old-index" and diff["replay"]["index_version"] == runtime.index.version
    assert "gone:x" in diff["hits"]["removed"] and diff["reply_changed"] and "-Old reply." in diff["reply_diff"]
    with pytest.raises(NotFoundError):
        replay_turn(runtime.qa, store, "00000000-0000-4000-8000-000000000000", index_version="x")
    coach_sid = store.create_session()
    coach = store.add_turn(TurnRecord(
        session_id=coach_sid, mode="coach", channel="chat", user_message="help me reflect", query="help me reflect",
        decision="answer", reply="What is your role?", refused=False, retrieved=[], citations=[],
        generator="coach", model=None, prompt_id=None, prompt_version=None, index_version="x", latency_ms=1.0,
        started_at=datetime.now(UTC)))
    with pytest.raises(InputError):
        replay_turn(runtime.qa, store, coach.id, index_version="x")
